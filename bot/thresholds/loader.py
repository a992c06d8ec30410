"""Validate the YAML rule files and upsert them into the store in one transaction.

A data set with any problem is refused whole, with every problem named by file and rule id; the
database keeps its previous content. Each inserted, changed or removed rule is written to the
append-only audit table with its old and new value and the source it came from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.thresholds.models import AuditRow, DatasetRow, RuleRow
from bot.thresholds.schema import Rule, RuleProblems, _as_date, find_overlaps, parse_rule
from bot.thresholds.store import row_to_rule, rule_to_row_values

DATASET_FILE = "_dataset.yaml"


class _RulesYamlLoader(yaml.SafeLoader):
    """Safe YAML loading that keeps dates as text, so a bad date is reported, not a crash."""


_RulesYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _parse_yaml(text: bytes):
    return yaml.load(text, Loader=_RulesYamlLoader)


@dataclass(frozen=True)
class DataSet:
    """A validated data set: its rules, its as-of date and a hash of its content."""

    rules: list[Rule]
    data_as_of: dt.date
    content_hash: str
    source: str


@dataclass(frozen=True)
class LoadReport:
    inserted: list[str]
    updated: list[str]
    deleted: list[str]
    revision: int

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated or self.deleted)


def read_directory(directory: Path | str) -> DataSet:
    """Read and validate every rule file of a directory; raise RuleProblems listing all mistakes."""
    directory = Path(directory)
    problems: list[str] = []
    if not directory.is_dir():
        raise RuleProblems([f"{directory}: not a directory of rule files"])
    files = sorted(path for path in directory.glob("*.yaml") if path.name != DATASET_FILE)
    if not files:
        raise RuleProblems([f"{directory}: no rule files (*.yaml) found"])
    digest = hashlib.sha256()
    data_as_of = _read_data_as_of(directory / DATASET_FILE, problems, digest)
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in files:
        text = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + text)
        try:
            entries = _parse_yaml(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            problems.append(f"{path.name}: YAML error{where}: {getattr(error, 'problem', None) or error}")
            continue
        if entries is None:
            continue
        if not isinstance(entries, list):
            problems.append(f"{path.name}: the file must be a list of rules")
            continue
        for position, raw in enumerate(entries, start=1):
            rule, rule_problems = parse_rule(raw, path.name, position)
            problems.extend(rule_problems)
            if rule is None:
                continue
            if rule.id in seen:
                problems.append(f"{path.name}: {rule.id}: duplicate id (also in {seen[rule.id]})")
                continue
            seen[rule.id] = path.name
            rules.append(rule)
    problems.extend(find_overlaps(rules))
    if problems:
        raise RuleProblems(problems)
    assert data_as_of is not None
    return DataSet(rules=rules, data_as_of=data_as_of, content_hash=digest.hexdigest(), source=str(directory))


def _read_data_as_of(path: Path, problems: list[str], digest: hashlib._Hash) -> dt.date | None:
    if not path.exists():
        problems.append(f"{path.name}: missing (it must give the data set's data_as_of date)")
        return None
    text = path.read_bytes()
    digest.update(text)
    try:
        meta = _parse_yaml(text) or {}
    except yaml.YAMLError as error:
        problems.append(f"{path.name}: YAML error: {error}")
        return None
    day = _as_date(meta.get("data_as_of")) if isinstance(meta, dict) else None
    if day is None:
        problems.append(f"{path.name}: data_as_of must be a date written YYYY-MM-DD")
    return day


def load_dataset(engine: Engine, dataset: DataSet, now: dt.datetime | None = None) -> LoadReport:
    """Upsert a validated data set in one transaction, auditing every change."""
    now = now or dt.datetime.now(dt.timezone.utc)
    source = f"{dataset.source} (sha256 {dataset.content_hash[:12]})"
    inserted: list[str] = []
    updated: list[str] = []
    deleted: list[str] = []
    with Session(engine) as session, session.begin():
        existing = {row.id: row for row in session.scalars(select(RuleRow))}
        incoming = {rule.id: rule for rule in dataset.rules}
        for rule_id, rule in incoming.items():
            new_value = rule.comparable()
            row = existing.get(rule_id)
            if row is None:
                session.add(RuleRow(**rule_to_row_values(rule)))
                inserted.append(rule_id)
                session.add(_audit(now, rule_id, "insert", None, new_value, source))
                continue
            old_value = row_to_rule(row).comparable()
            if old_value != new_value or row.source_file != rule.source_file:
                for key, value in rule_to_row_values(rule).items():
                    setattr(row, key, value)
                updated.append(rule_id)
                session.add(_audit(now, rule_id, "update", old_value, new_value, source))
        for rule_id, row in existing.items():
            if rule_id not in incoming:
                session.add(_audit(now, rule_id, "delete", row_to_rule(row).comparable(), None, source))
                session.delete(row)
                deleted.append(rule_id)
        meta = session.get(DatasetRow, 1)
        changed = bool(inserted or updated or deleted)
        if meta is None:
            meta = DatasetRow(id=1, revision=0)
            session.add(meta)
        if changed or meta.data_as_of != dataset.data_as_of or meta.content_hash != dataset.content_hash:
            meta.revision = (meta.revision or 0) + 1
        meta.data_as_of = dataset.data_as_of
        meta.content_hash = dataset.content_hash
        meta.loaded_at = now
        meta.source = dataset.source
        session.flush()
        revision = meta.revision
    return LoadReport(inserted=inserted, updated=updated, deleted=deleted, revision=revision)


def _audit(now: dt.datetime, rule_id: str, action: str, old: dict | None, new: dict | None, source: str) -> AuditRow:
    return AuditRow(changed_at=now, rule_id=rule_id, action=action, old_value=old, new_value=new, source=source)


def load_directory(engine: Engine, directory: Path | str) -> LoadReport:
    """Validate then load a directory of rule files (nothing changes when validation fails)."""
    return load_dataset(engine, read_directory(directory))
