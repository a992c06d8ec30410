"""Read side of the threshold store: rules in force on a date, history and changes.

Rules are few (about a hundred) and read on every turn of a conversation, so the store keeps an
in-memory snapshot of them and reloads it only when the data set's revision changes (one indexed
single-row query per call). Any database error or an empty store raises ThresholdDataUnavailable,
which callers turn into a clear "the data cannot be read now" answer.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.thresholds.citations import OfficialLink
from bot.thresholds.models import AuditRow, DatasetRow, RuleRow
from bot.thresholds.schema import Rule, Scope


class ThresholdDataUnavailable(Exception):
    """The threshold database cannot be read, or holds no data set."""


class AmbiguousQuery(Exception):
    """Several rules answer the question; narrow it (variant, origin, mode)."""

    def __init__(self, rules: list[Rule]):
        self.rules = rules
        super().__init__("several rules match: " + ", ".join(rule.id for rule in rules))


def rule_to_row_values(rule: Rule) -> dict:
    return {
        "id": rule.id,
        "jurisdiction": rule.jurisdiction,
        "kind": rule.kind,
        "variant": rule.variant,
        "status": rule.status,
        "value_number": rule.value_number,
        "value_text": rule.value_text,
        "currency": rule.currency,
        "unit": rule.unit,
        "effective_from": rule.effective_from,
        "effective_to": rule.effective_to,
        "scope": rule.scope.as_dict(),
        "exclusions": list(rule.exclusions),
        "summary": rule.summary,
        "summary_es": rule.summary_es,
        "citation": rule.citation,
        "source_url": rule.source_url,
        "official_links": [link.as_dict() for link in rule.official_links],
        "confidence": rule.confidence,
        "last_verified": rule.last_verified,
        "source_file": rule.source_file,
    }


def row_to_rule(row: RuleRow) -> Rule:
    scope = {key: tuple(values) for key, values in (row.scope or {}).items()}
    return Rule(
        id=row.id,
        jurisdiction=row.jurisdiction,
        kind=row.kind,
        variant=row.variant,
        status=row.status,
        value_number=row.value_number,
        value_text=row.value_text,
        currency=row.currency,
        unit=row.unit,
        effective_from=row.effective_from,
        effective_to=row.effective_to,
        scope=Scope(**scope),
        exclusions=tuple(row.exclusions or ()),
        summary=row.summary,
        summary_es=row.summary_es,
        citation=row.citation,
        source_url=row.source_url,
        official_links=tuple(OfficialLink(**link) for link in row.official_links or ()),
        confidence=row.confidence,
        last_verified=row.last_verified,
        source_file=row.source_file,
    )


@dataclass(frozen=True)
class Change:
    """A rule that starts or stops being in force on `day`."""

    day: dt.date
    what: str  # "starts" | "ends"
    rule: Rule


@dataclass(frozen=True)
class Snapshot:
    """All rules of one revision of the data set, indexed by (jurisdiction, kind)."""

    revision: int
    data_as_of: dt.date
    rules: tuple[Rule, ...]

    def status(self) -> dict:
        """What the health checks report about the data: readable, its revision, `as of` date, size."""
        return {
            "readable": True,
            "revision": self.revision,
            "data_as_of": self.data_as_of.isoformat(),
            "rules": len(self.rules),
        }

    def __post_init__(self) -> None:
        index: dict[tuple[str, str], list[Rule]] = {}
        for rule in self.rules:
            index.setdefault((rule.jurisdiction, rule.kind), []).append(rule)
        for group in index.values():
            group.sort(key=_start_key)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_by_id", {rule.id: rule for rule in self.rules})
        # The snapshot never changes, so each query's answer is kept: one answer may ask the same
        # question hundreds of times while it tries the unknown facts' values.
        object.__setattr__(self, "_in_force", {})

    def of_kind(self, kind: str, jurisdiction: str) -> list[Rule]:
        return list(self._index.get((jurisdiction, kind), ()))  # type: ignore[attr-defined]

    def get(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id)  # type: ignore[attr-defined]

    def rules_in_force(
        self,
        kind: str,
        jurisdiction: str,
        on: dt.date,
        origin: str | None = None,
        mode: str | None = None,
        variant: str | None = None,
        sender: str | None = None,
    ) -> list[Rule]:
        """Rules of a kind in force on a date; None for origin, mode, variant or sender means any."""
        key = (kind, jurisdiction, on, origin, mode, variant, sender)
        cache: dict = self._in_force  # type: ignore[attr-defined]
        if key not in cache:
            if len(cache) > 50_000:
                cache.clear()
            cache[key] = tuple(
                rule
                for rule in self._index.get((jurisdiction, kind), ())  # type: ignore[attr-defined]
                if rule.in_force_on(on)
                and (variant is None or rule.variant == variant)
                and (origin is None or rule.scope.covers_origin(origin))
                and (mode is None or rule.scope.covers_mode(mode))
                and (sender is None or rule.scope.covers_sender(sender))
            )
        return list(cache[key])

    def rule_in_force(
        self,
        kind: str,
        jurisdiction: str,
        on: dt.date,
        origin: str | None = None,
        mode: str | None = None,
        variant: str | None = None,
        sender: str | None = None,
    ) -> Rule | None:
        """The one rule in force, None when there is none; AmbiguousQuery when several match."""
        found = self.rules_in_force(kind, jurisdiction, on, origin, mode, variant, sender)
        if len(found) > 1:
            raise AmbiguousQuery(found)
        return found[0] if found else None

    def latest_before(
        self, kind: str, jurisdiction: str, on: dt.date, variant: str | None = None, mode: str | None = None
    ) -> Rule | None:
        """The most recent rule that ended before a date (to say "the last known figure was ...")."""
        ended = [
            rule
            for rule in self.of_kind(kind, jurisdiction)
            if rule.effective_to is not None
            and rule.effective_to < on
            and (variant is None or rule.variant == variant)
            and (mode is None or rule.scope.covers_mode(mode))
        ]
        return max(ended, key=lambda rule: rule.effective_to) if ended else None

    def history(self, kind: str, jurisdiction: str) -> list[Rule]:
        return self.of_kind(kind, jurisdiction)

    def changes_between(self, start: dt.date, end: dt.date, kinds: Iterable[str] | None = None) -> list[Change]:
        """Rules starting, or ending (the day after their last day), within [start, end], by date."""
        wanted = set(kinds) if kinds is not None else None
        changes: list[Change] = []
        for rule in self.rules:
            if wanted is not None and rule.kind not in wanted:
                continue
            if rule.effective_from is not None and start <= rule.effective_from <= end:
                changes.append(Change(rule.effective_from, "starts", rule))
            if rule.effective_to is not None and rule.effective_to < dt.date.max:
                day_after = rule.effective_to + dt.timedelta(days=1)
                if start <= day_after <= end:
                    changes.append(Change(day_after, "ends", rule))
        changes.sort(key=lambda change: (change.day, change.what != "ends", change.rule.id))
        return changes


def _start_key(rule: Rule) -> dt.date:
    return rule.effective_from or dt.date.min


class ThresholdStore:
    """Reads rules from the database through a revision-checked in-memory snapshot."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()

    def snapshot(self) -> Snapshot:
        try:
            with self.engine.connect() as connection:
                meta = connection.execute(
                    select(DatasetRow.revision, DatasetRow.data_as_of).where(DatasetRow.id == 1)
                ).first()
                if meta is None:
                    raise ThresholdDataUnavailable("the threshold database holds no data set yet")
                current = self._snapshot
                if current is not None and current.revision == meta.revision:
                    return current
                with Session(bind=connection) as session:
                    rules = tuple(row_to_rule(row) for row in session.scalars(select(RuleRow)))
        except SQLAlchemyError as error:
            raise ThresholdDataUnavailable(f"the threshold database cannot be read ({type(error).__name__})") from error
        if not rules:
            raise ThresholdDataUnavailable("the threshold database holds no rules")
        snapshot = Snapshot(revision=meta.revision, data_as_of=meta.data_as_of, rules=rules)
        with self._lock:
            self._snapshot = snapshot
        return snapshot

    def audit_trail(self, rule_id: str | None = None) -> list[AuditRow]:
        """The audit rows (of one rule), oldest first. An id no rule can have (a NUL character, which
        PostgreSQL cannot even compare) matches nothing instead of raising."""
        if rule_id is not None and "\x00" in rule_id:
            return []
        with Session(self.engine) as session:
            query = select(AuditRow).order_by(AuditRow.id)
            if rule_id is not None:
                query = query.where(AuditRow.rule_id == rule_id)
            rows = list(session.scalars(query))
            session.expunge_all()
            return rows

    # Convenience pass-throughs, so callers can write store.rule_in_force(...).
    def rule_in_force(
        self,
        kind: str,
        jurisdiction: str,
        on: dt.date,
        origin: str | None = None,
        mode: str | None = None,
        variant: str | None = None,
        sender: str | None = None,
    ) -> Rule | None:
        return self.snapshot().rule_in_force(kind, jurisdiction, on, origin, mode, variant, sender)

    def history(self, kind: str, jurisdiction: str) -> list[Rule]:
        return self.snapshot().history(kind, jurisdiction)

    def changes_between(self, start: dt.date, end: dt.date, kinds: Iterable[str] | None = None) -> list[Change]:
        return self.snapshot().changes_between(start, end, kinds)
