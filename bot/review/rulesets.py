"""The two sides of a review: a rules directory or a database, read into a snapshot of the rules.

A rules directory is validated and loaded into a temporary in-memory SQLite database, so that its
snapshot is read back exactly as the assistant reads the real database.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.thresholds import RuleProblems, ThresholdDataUnavailable, ThresholdStore, create_engine, migrate
from bot.thresholds.db import PROJECT_ROOT
from bot.thresholds.loader import load_dataset, read_directory
from bot.thresholds.store import Snapshot


class RulesUnavailable(Exception):
    """A side of the review cannot be read; `problems` says why, for the staff member."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Side:
    label: str  # where the rules come from, without any password
    snapshot: Snapshot


def shown_path(path: Path) -> str:
    """A path relative to the project when it is inside it (shorter in messages and PR comments)."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except (OSError, ValueError):
        return str(path)


def is_database_url(target: str) -> bool:
    return "://" in target


def from_directory(directory: Path | str) -> Side:
    try:
        dataset = read_directory(directory)
    except RuleProblems as refused:
        raise RulesUnavailable(list(refused.problems)) from None
    engine = create_engine("sqlite://")
    try:
        migrate(engine)
        load_dataset(engine, dataset)
        snapshot = ThresholdStore(engine).snapshot()
    finally:
        engine.dispose()
    return Side(f"rules directory {shown_path(Path(directory))}", snapshot)


def from_database(url: str) -> Side:
    try:
        label = make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        raise RulesUnavailable([f"not a database URL: {url.split('@')[-1]!r}"]) from None
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not (parsed.database and Path(parsed.database).is_file()):
        raise RulesUnavailable([f"{label}: no such SQLite database file"])
    try:
        engine = create_engine(url)
    except Exception as error:
        raise RulesUnavailable([f"{label}: cannot open the database ({type(error).__name__})"]) from None
    try:
        snapshot = ThresholdStore(engine).snapshot()
    except ThresholdDataUnavailable as error:
        raise RulesUnavailable([f"{label}: {error}"]) from None
    finally:
        engine.dispose()
    return Side(f"database {label}", snapshot)


def open_side(target: str) -> Side:
    """A database URL (it contains `://`) or a rules directory."""
    return from_database(target) if is_database_url(target) else from_directory(target)


def rule_changes(before: Snapshot, after: Snapshot) -> dict[str, list[str]]:
    """The ids of the rules changed, added and removed from one snapshot to the other."""
    old = {rule.id: rule.comparable() for rule in before.rules}
    new = {rule.id: rule.comparable() for rule in after.rules}
    return {
        "changed": sorted(rule_id for rule_id in old.keys() & new.keys() if old[rule_id] != new[rule_id]),
        "added": sorted(new.keys() - old.keys()),
        "removed": sorted(old.keys() - new.keys()),
    }
