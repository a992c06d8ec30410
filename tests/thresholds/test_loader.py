"""The loader: refusals leave the database as it was; every change is audited."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from bot.thresholds import RuleProblems, ThresholdStore, load_directory, read_directory
from bot.thresholds.models import AuditRow
from tests.conftest import ROOT, RULES_DIR


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    content = path.read_text()
    assert old in content, f"{old!r} not in {path.name}"
    path.write_text(content.replace(old, new, 1))


def exported(engine) -> list[dict]:
    return sorted((rule.comparable() for rule in ThresholdStore(engine).snapshot().rules), key=lambda r: r["id"])


def test_the_projects_rules_load_and_reloading_changes_nothing(engine):
    first = load_directory(engine, RULES_DIR)
    assert first.inserted and not first.updated and not first.deleted
    second = load_directory(engine, RULES_DIR)
    assert not second.changed and second.revision == first.revision


BAD_EDITS = [
    # (file, old text, new text, expected words in the message)
    (
        "de_minimis.yaml",
        "  citation: 19 USC 1321(a)(2)(C) as amended by TFTEA",
        "  note: x",
        ["us-de-minimis-800", "missing citation"],
    ),
    ("de_minimis.yaml", "  value: 800\n  currency: USD", "  value: 800\n  currency: USX", ["unknown currency 'USX'"]),
    ("de_minimis.yaml", "effective_from: 2016-03-10", "effective_from: 2016-13-10", ["bad date in effective_from"]),
    (
        "de_minimis.yaml",
        "effective_to: 2016-03-09",
        "effective_to: 2016-03-10",
        ["us-de-minimis-200", "overlapping period"],
    ),
    ("de_minimis.yaml", "  confidence: HIGH\n", "  confidence: UNCONFIRMED\n", ["must be HIGH, MEDIUM or LOW"]),
    ("de_minimis.yaml", "- id: us-de-minimis-200\n", "- id: us-de-minimis-200\n  : [\n", ["YAML error"]),
    ("de_minimis.yaml", "origins_except: [CN, HK]", "origins_except: [CN, XQ]", ["unknown country code 'XQ'"]),
]


@pytest.mark.parametrize(("file", "old", "new", "words"), BAD_EDITS)
def test_a_bad_file_is_refused_and_the_database_keeps_its_content(engine, rules_copy, file, old, new, words):
    load_directory(engine, RULES_DIR)
    before = exported(engine)
    audit_before = len(ThresholdStore(engine).audit_trail())
    edit(rules_copy / file, old, new)
    with pytest.raises(RuleProblems) as refused:
        load_directory(engine, rules_copy)
    message = str(refused.value)
    assert file in message
    for word in words:
        assert word in message
    assert exported(engine) == before
    assert len(ThresholdStore(engine).audit_trail()) == audit_before


def test_a_duplicate_id_across_files_is_refused(rules_copy):
    (rules_copy / "zz_extra.yaml").write_text((rules_copy / "de_minimis.yaml").read_text())
    with pytest.raises(RuleProblems, match="duplicate id"):
        read_directory(rules_copy)


def test_every_change_is_audited_with_old_and_new_values(engine, rules_copy):
    load_directory(engine, RULES_DIR)
    edit(rules_copy / "de_minimis.yaml", "  value: 200\n", "  value: 250\n")
    content = (rules_copy / "de_minimis.yaml").read_text()
    start = content.index("- id: us-de-minimis-civil-penalty")
    (rules_copy / "de_minimis.yaml").write_text(content[:start])
    report = load_directory(engine, rules_copy)
    assert report.updated == ["us-de-minimis-200"] and report.deleted == ["us-de-minimis-civil-penalty"]
    store = ThresholdStore(engine)
    (update,) = [row for row in store.audit_trail("us-de-minimis-200") if row.action == "update"]
    assert update.old_value["value"] == 200 and update.new_value["value"] == 250
    assert "rules" in update.source and update.changed_at is not None
    (deletion,) = [row for row in store.audit_trail("us-de-minimis-civil-penalty") if row.action == "delete"]
    assert deletion.old_value["citation"] and deletion.new_value is None
    assert store.snapshot().get("us-de-minimis-200").value_number == 250


def test_the_audit_table_is_append_only(engine):
    load_directory(engine, RULES_DIR)
    with pytest.raises(DatabaseError, match="append-only"):
        with engine.begin() as connection:
            connection.execute(text("UPDATE rule_audit SET action = 'forged'"))
    with pytest.raises(DatabaseError, match="append-only"):
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM rule_audit"))
    with engine.connect() as connection:
        assert connection.execute(select(AuditRow.action).distinct()).scalars().all() == ["insert"]


def test_cli_refuses_a_bad_directory_and_leaves_the_database(tmp_path, rules_copy):
    env = {"THRESHOLDS_DB_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "PATH": "/usr/bin:/bin"}

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "bot", "thresholds", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )

    assert cli("load", str(RULES_DIR)).returncode == 0
    listing = cli("list").stdout
    edit(rules_copy / "de_minimis.yaml", "  value: 800\n  currency: USD", "  value: 800\n  currency: USX")
    refused = cli("load", str(rules_copy))
    assert refused.returncode == 1
    assert "de_minimis.yaml: us-de-minimis-800: unknown currency 'USX'" in refused.stderr
    assert "database was not changed" in refused.stderr
    assert cli("list").stdout == listing
    assert "us-de-minimis-800" in cli("history", "de_minimis").stdout
    assert cli("check").returncode == 0
    on = cli("on", "2025-05-02").stdout
    assert "us-de-minimis-suspended-cn-hk" in on and "us-de-minimis-suspended-all " not in on
    assert cli("show", "nope").returncode == 1
    assert "data_as_of" in cli("export", "--format", "json").stdout
