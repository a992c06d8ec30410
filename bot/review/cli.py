"""`python -m bot thresholds diff` and `thresholds load DIR --dry-run`: what a rule edit changes in answers.

    python -m bot thresholds diff [PROPOSED_DIR] [--against DIR_OR_DATABASE_URL] [--date YYYY-MM-DD]
                                  [--cases FILE] [--format text|markdown]

The proposed rules (a directory, default data/thresholds) are compared with the current ones (the
configured database by default, or another directory or database URL). Every case of the case set
is answered on both, for the same day, and only the answers that change are printed.

Exit status: 0 when no answer changes (answers that change only by the data's "as of" date are
counted, not shown), 1 when answers change, 2 when an input cannot be used (a missing or invalid
rules directory, an unreadable database, a bad case file); the reason is printed, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

from bot.review.rulesets import RulesUnavailable, Side, from_directory, open_side, rule_changes, shown_path
from bot.thresholds import cli as thresholds_cli
from bot.thresholds.db import PROJECT_ROOT, database_url

DEFAULT_PROPOSED = PROJECT_ROOT / "data" / "thresholds"
NO_CHANGES, CHANGES, BAD_INPUT = 0, 1, 2


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add `diff` to the `thresholds` commands, and `--dry-run` to its `load`."""
    diff = commands.add_parser(
        "diff",
        help="show which answers a rule edit changes (exit 0: none, 1: some, 2: bad input)",
        description=(__doc__ or "").split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    diff.add_argument("proposed", nargs="?", type=Path, default=DEFAULT_PROPOSED, help="rules directory to review")
    _add_options(diff)
    diff.set_defaults(handler=run)
    load = commands.choices["load"]
    load.add_argument(
        "--dry-run",
        action="store_true",
        help="load nothing: show which answers loading the directory would change (as `diff DIR`)",
    )
    load.set_defaults(handler=_load)


def _add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--against",
        metavar="DIR_OR_URL",
        help="the current rules: a rules directory or a database URL (default: the configured database)",
    )
    parser.add_argument("--date", type=_date, help="the day the answers are given on (default: today)")
    parser.add_argument("--cases", type=Path, help="the case set (default: data/review/cases.yml)")
    parser.add_argument("--format", choices=("text", "markdown"), default="text", help="markdown: for a PR comment")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (write YYYY-MM-DD)") from None


def _load(args: argparse.Namespace) -> int:
    """`load DIR --dry-run` is `diff DIR` against the configured database; without it, a real load."""
    if not args.dry_run:
        return thresholds_cli.run(args)
    preview = argparse.Namespace(proposed=args.directory, against=None, date=None, cases=None, format="text")
    return run(preview)


def run(args: argparse.Namespace) -> int:
    # The answer layer is imported only when used, to keep the other commands quick to start.
    from bot.review.answering import answer_all
    from bot.review.cases import CASES_FILE, CaseSetError, load_cases
    from bot.review.diff import compare, format_markdown, format_text

    today = args.date or dt.date.today()
    cases_file = args.cases or CASES_FILE
    try:
        cases = load_cases(cases_file)
    except CaseSetError as error:
        return _refuse("the case set cannot be used", error.problems)
    try:
        proposed = from_directory(args.proposed)
    except RulesUnavailable as error:
        return _refuse(f"the proposed rules in {args.proposed} cannot be used", error.problems)
    try:
        current = open_side(args.against) if args.against else open_side(database_url())
    except RulesUnavailable as error:
        hint = [] if args.against else ["load it with: python -m bot thresholds load data/thresholds"]
        return _refuse("the current rules cannot be read", error.problems + hint)
    labels = {case.id: case.label for case in cases.cases}
    before = answer_all(current.snapshot, cases, today)
    after = answer_all(proposed.snapshot, cases, today)
    at_old_date = None
    if proposed.snapshot.data_as_of != current.snapshot.data_as_of:
        same_date = replace(proposed.snapshot, data_as_of=current.snapshot.data_as_of)
        at_old_date = answer_all(same_date, cases, today)
    comparison = compare(labels, before, after, at_old_date)
    header = _header(current, proposed, today, cases.version, len(cases.cases), shown_path(cases_file))
    print(format_markdown(comparison, header) if args.format == "markdown" else format_text(comparison, header))
    return CHANGES if comparison.changed else NO_CHANGES


def _refuse(what: str, problems: list[str]) -> int:
    print(f"error: {what}:", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return BAD_INPUT


def _header(current: Side, proposed: Side, today: dt.date, version: int, count: int, cases: str) -> list[str]:
    changes = rule_changes(current.snapshot, proposed.snapshot)
    rules = "; ".join(f"{len(ids)} {kind}" + (f" ({', '.join(ids)})" if ids else "") for kind, ids in changes.items())
    return [
        f"Current:  {_describe(current)}",
        f"Proposed: {_describe(proposed)}",
        f"Answers given on {today.isoformat()}; case set {cases} version {version}, {count} cases.",
        f"Rules: {rules}.",
    ]


def _describe(side: Side) -> str:
    revision = f"revision {side.snapshot.revision}, " if side.label.startswith("database") else ""
    return f"{side.label} ({revision}data as of {side.snapshot.data_as_of.isoformat()})"
