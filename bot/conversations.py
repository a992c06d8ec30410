"""`python -m bot conversations prune --older-than-days N [--dry-run]`: the tracker store's retention.

The store is the one Rasa uses (TRACKER_STORE_URL, else var/tracker.sqlite3 in the working
directory; see bot/settings.py). Exit codes: 0 done (or nothing to do), 1 the store can't be
used, 2 a bad argument or setting.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = 0
    if days < 1:
        raise argparse.ArgumentTypeError(f"N must be a whole number of days, at least 1 (got {text!r})")
    return days


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("conversations", help="the conversations kept in the tracker store")
    commands = parser.add_subparsers(dest="command", required=True)
    prune = commands.add_parser(
        "prune",
        help="delete conversations whose last event is older than N days",
        description="Delete every event of the conversations whose LAST event is older than N days (a "
        "conversation still going on is kept whole). Store: TRACKER_STORE_URL, else var/tracker.sqlite3.",
    )
    prune.add_argument("--older-than-days", type=_days, required=True, metavar="N", help="a whole number, >= 1")
    prune.add_argument("--dry-run", action="store_true", help="count what would be deleted; delete nothing")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from bot.retention import prune
    from bot.settings import SettingsError as StoreConfigError
    from bot.settings import safe_url, tracker_store_url

    try:
        url = tracker_store_url()
    except StoreConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        report = prune(url, args.older_than_days, dry_run=args.dry_run)
    except SQLAlchemyError as error:
        print(f"error: cannot use the tracker store at {safe_url(url)}: {_reason(error)}", file=sys.stderr)
        return 1
    if not report.store_exists:
        print(f"Nothing to prune: no conversations have been stored at {safe_url(url)} yet.")
        return 0
    before = dt.datetime.fromtimestamp(report.cutoff, dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    what = f"{report.conversations} conversation(s) ({report.events} event(s)) whose last event is before {before}"
    if report.dry_run:
        print(f"Dry run: would remove {what} from {safe_url(url)}; nothing was deleted.")
    else:
        print(f"Removed {what} from {safe_url(url)}.")
    return 0


def _reason(error: Exception) -> str:
    """The database driver's first line (it names host and port, never the password), or the error's kind."""
    original = getattr(error, "orig", None)
    lines = str(original).strip().splitlines() if original is not None else []
    return lines[0] if lines else type(error).__name__
