"""Helpers of the review tests: a copy of the project's rules with one rule edited, and a small case set."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import RULES_DIR

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "proposed"
    shutil.copytree(RULES_DIR, target)
    return target


def edit_rule(directory: Path, matches: Callable[[dict], bool], change: Callable[[dict], None]) -> dict:
    """Change the one rule of a rules directory that `matches`, as a staff member would; return it as it was."""
    found = []
    for path in sorted(directory.glob("*.yaml")):
        rules = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(rules, list):
            continue
        hits = [rule for rule in rules if isinstance(rule, dict) and matches(rule)]
        for rule in hits:
            found.append(dict(rule))
            change(rule)
        if hits:
            path.write_text(yaml.safe_dump(rules, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert len(found) == 1, f"expected one matching rule, found {len(found)}"
    return found[0]


def is_general_gift_limit(rule: dict) -> bool:
    return rule.get("kind") == "gift_exemption" and rule.get("variant") == "general" and not rule.get("effective_to")


SMALL_CASES = """
version: 3
questions:
  - id: gift-question
    intent: ask_gift_exemption
    text: My aunt in Germany is sending me a $90 birthday gift. Is it duty free?
  - id: isf-question
    intent: ask_isf
    text: When do I have to file the ISF for an ocean shipment?
shipments:
  - id: gift-shipment
    value: 90
    origin: DE
    mode: postal
    gift: true
"""


@pytest.fixture
def small_cases(tmp_path: Path) -> Path:
    path = tmp_path / "cases.yml"
    path.write_text(SMALL_CASES, encoding="utf-8")
    return path
