"""Retention of conversations in the tracker store: delete whole conversations that ended long ago.

Rasa's SQLTrackerStore keeps every event in one table, `events` (id, sender_id, type_name,
timestamp as float epoch seconds, intent_name, action_name, data). A conversation is all the rows of
one sender_id. It is removed only when its *last* event is older than the cut-off, and then entirely:
a conversation that is still going on keeps all its events, old ones included.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection

from bot.settings import sqlite_path

SECONDS_PER_DAY = 86_400

#: The columns of Rasa's `events` table this module needs (the table itself belongs to Rasa).
EVENTS = sa.table("events", sa.column("sender_id", sa.String), sa.column("timestamp", sa.Float))


@dataclass(frozen=True)
class PruneReport:
    """What a prune removed (or, on a dry run, would remove)."""

    conversations: int
    events: int
    cutoff: float
    dry_run: bool
    #: False when the database has no `events` table yet (Rasa never stored a conversation there).
    store_exists: bool = True


def _expired_senders(cutoff: float) -> sa.sql.Select:
    """The sender_ids whose last event is before `cutoff` (sent as a bound parameter, like every value here)."""
    return sa.select(EVENTS.c.sender_id).group_by(EVENTS.c.sender_id).having(sa.func.max(EVENTS.c.timestamp) < cutoff)


def _in_expired(cutoff: float) -> sa.sql.ColumnElement:
    # `timestamp < cutoff` too, so that an event written while the prune runs (a conversation that
    # resumes at that very moment) is never deleted with the old ones.
    return sa.and_(
        EVENTS.c.sender_id.in_(_expired_senders(cutoff)),
        sa.or_(EVENTS.c.timestamp < cutoff, EVENTS.c.timestamp.is_(None)),
    )


def prune_connection(connection: Connection, cutoff: float, *, dry_run: bool = False) -> PruneReport:
    """Delete (unless `dry_run`) every event of the conversations whose last event is before `cutoff`."""
    if not sa.inspect(connection).has_table("events"):
        return PruneReport(0, 0, cutoff, dry_run, store_exists=False)
    condition = _in_expired(cutoff)
    conversations, events = connection.execute(
        sa.select(sa.func.count(sa.distinct(EVENTS.c.sender_id)), sa.func.count()).select_from(EVENTS).where(condition)
    ).one()
    if not dry_run and events:
        events = connection.execute(sa.delete(EVENTS).where(condition)).rowcount
    return PruneReport(int(conversations), int(events), cutoff, dry_run)


def cutoff_for(older_than_days: int, now: float | None = None) -> float:
    """The epoch time `older_than_days` days before `now` (default: the current time)."""
    if isinstance(older_than_days, bool) or not isinstance(older_than_days, int) or older_than_days < 1:
        raise ValueError(f"older_than_days must be a whole number of days, at least 1, not {older_than_days!r}")
    return (time.time() if now is None else now) - older_than_days * SECONDS_PER_DAY


def prune(url: URL, older_than_days: int, *, dry_run: bool = False, now: float | None = None) -> PruneReport:
    """Prune the tracker store at `url` in one transaction. Raises SQLAlchemyError when it can't be used."""
    cutoff = cutoff_for(older_than_days, now)
    path = sqlite_path(url)
    if path is not None and not path.exists():
        # Connecting would create an empty file where the operator expects the store.
        return PruneReport(0, 0, cutoff, dry_run, store_exists=False)
    engine = sa.create_engine(url, future=True)
    try:
        with engine.begin() as connection:
            return prune_connection(connection, cutoff, dry_run=dry_run)
    finally:
        engine.dispose()
