"""`python -m bot thresholds ...`: the staff command line of the threshold store."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import yaml

from bot.thresholds import open_store
from bot.thresholds.checks import (
    OFFICIAL_COVERAGE_TARGET,
    data_warnings,
    de_minimis_coverage_problems,
    official_coverage,
    official_link_problems,
)
from bot.thresholds.db import database_url, migrate
from bot.thresholds.formatting import period, rule_value
from bot.thresholds.loader import load_dataset, read_directory
from bot.thresholds.schema import Rule, RuleProblems
from bot.thresholds.store import ThresholdDataUnavailable


def add_parser(subparsers: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """Add `thresholds` and its commands; return the commands, to which `bot/__main__.py` adds those
    that use the answer layer (`diff` and `load --dry-run`, in bot/review/cli.py)."""
    parser = subparsers.add_parser("thresholds", help="the threshold rules database")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="create or upgrade the database schema")
    load = commands.add_parser("load", help="validate rule files and load them in one transaction")
    load.add_argument("directory", type=Path)
    listing = commands.add_parser("list", help="list every rule")
    listing.add_argument("--kind")
    listing.add_argument("--jurisdiction")
    show = commands.add_parser("show", help="one rule in full, with its audit trail")
    show.add_argument("rule_id")
    history = commands.add_parser("history", help="every dated value of a kind of rule")
    history.add_argument("kind")
    history.add_argument("--jurisdiction", default="US")
    on = commands.add_parser("on", help="the rules in force on a date")
    on.add_argument("date", type=_date)
    on.add_argument("--jurisdiction")
    check = commands.add_parser("check", help="check the loaded data (and optionally a rules directory)")
    check.add_argument("directory", type=Path, nargs="?")
    export = commands.add_parser("export", help="write the loaded rules as YAML or JSON to standard output")
    export.add_argument("--format", choices=("yaml", "json"), default="yaml")
    parser.set_defaults(handler=run)
    return commands


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (write YYYY-MM-DD)") from None


def _line(rule: Rule) -> str:
    value = rule_value(rule) or "-"
    status = f" [{rule.status}]" if rule.status else ""
    variant = f"/{rule.variant}" if rule.variant else ""
    return (
        f"{rule.id:45} {rule.jurisdiction:3} {rule.kind}{variant}{status}: {value}; {period(rule)} ({rule.confidence})"
    )


def run(args: argparse.Namespace) -> int:
    store = open_store()
    if args.command == "migrate":
        migrate(store.engine)
        print(f"schema up to date at {_safe_url()}")
        return 0
    if args.command == "load":
        return _load(store, args.directory)
    try:
        snapshot = store.snapshot()
    except ThresholdDataUnavailable as error:
        print(f"error: {error}. Run: python -m bot thresholds load data/thresholds", file=sys.stderr)
        return 2
    if args.command == "list":
        for rule in sorted(snapshot.rules, key=lambda r: (r.jurisdiction, r.kind, r.effective_from or dt.date.min)):
            if (args.kind is None or rule.kind == args.kind) and (
                args.jurisdiction is None or rule.jurisdiction == args.jurisdiction
            ):
                print(_line(rule))
        return 0
    if args.command == "show":
        rule = snapshot.get(args.rule_id)
        if rule is None:
            print(f"error: no rule with id {args.rule_id!r}", file=sys.stderr)
            return 1
        print(yaml.safe_dump(rule.comparable(), sort_keys=False, allow_unicode=True).rstrip())
        print(f"source_file: {rule.source_file}")
        print("audit:")
        for row in store.audit_trail(rule.id):
            print(f"  {row.changed_at:%Y-%m-%d %H:%M:%S} {row.action} from {row.source}")
        return 0
    if args.command == "history":
        rules = snapshot.history(args.kind, args.jurisdiction)
        if not rules:
            print(f"no rules of kind {args.kind!r} for {args.jurisdiction}", file=sys.stderr)
            return 1
        for rule in rules:
            print(_line(rule))
        return 0
    if args.command == "on":
        for rule in snapshot.rules:
            if rule.in_force_on(args.date) and (args.jurisdiction is None or rule.jurisdiction == args.jurisdiction):
                print(_line(rule))
        return 0
    if args.command == "check":
        return _check(snapshot, args.directory)
    if args.command == "export":
        rules = [rule.comparable() for rule in sorted(snapshot.rules, key=lambda r: r.id)]
        document = {"data_as_of": snapshot.data_as_of.isoformat(), "revision": snapshot.revision, "rules": rules}
        if args.format == "json":
            print(json.dumps(document, indent=2, ensure_ascii=False))
        else:
            print(yaml.safe_dump(document, sort_keys=False, allow_unicode=True).rstrip())
        return 0
    return 1


def _load(store, directory: Path) -> int:
    try:
        dataset = read_directory(directory)
    except RuleProblems as refused:
        print(f"Refused: {len(refused.problems)} problem(s); the database was not changed.", file=sys.stderr)
        for problem in refused.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    migrate(store.engine)
    report = load_dataset(store.engine, dataset)
    print(
        f"Loaded {len(dataset.rules)} rules (data as of {dataset.data_as_of}) into {_safe_url()}: "
        f"{len(report.inserted)} new, {len(report.updated)} changed, {len(report.deleted)} removed; "
        f"revision {report.revision}."
    )
    return 0


def _check(snapshot, directory: Path | None) -> int:
    problems = de_minimis_coverage_problems(snapshot)
    problems.extend(official_link_problems(snapshot.rules))
    if directory is not None:
        try:
            proposed = read_directory(directory)
        except RuleProblems as refused:
            problems.extend(refused.problems)
        else:  # the files may not be loaded yet: check their links too
            problems.extend(p for p in official_link_problems(proposed.rules) if p not in problems)
    warnings = data_warnings(snapshot, dt.date.today())
    linked, total = official_coverage(snapshot.rules)
    if linked < OFFICIAL_COVERAGE_TARGET * total:
        warnings.append(f"only {linked} of {total} rules link an official text (aim: {OFFICIAL_COVERAGE_TARGET:.0%})")
    for warning in warnings:
        print(f"warning: {warning}")
    print(f"official links: {linked} of {total} rules ({linked / total:.0%}) link an official text")
    for problem in problems:
        print(f"problem: {problem}")
    print(
        f"{len(snapshot.rules)} rules, revision {snapshot.revision}, data as of {snapshot.data_as_of}: "
        f"{'OK' if not problems else f'{len(problems)} problem(s)'}"
    )
    return 1 if problems else 0


def _safe_url() -> str:
    """The database URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(database_url()).render_as_string(hide_password=True)
