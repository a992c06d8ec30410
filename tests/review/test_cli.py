"""`python -m bot thresholds diff` (and `load --dry-run`): the answers a rule edit changes, and exit codes.

Exit 0: no answer changes; 1: answers change; 2: bad input, with the reason and no traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.thresholds import ThresholdStore, create_engine, load_directory, migrate
from tests.conftest import RULES_DIR
from tests.review.conftest import TODAY, edit_rule, is_general_gift_limit


def diff(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["thresholds", "diff", *args, "--date", TODAY.isoformat()])
    out, err = capsys.readouterr()
    return code, out, err


def shown_cases(out: str) -> list[str]:
    return re.findall(r"^=== ([a-z0-9-]+):", out, re.MULTILINE)


def raise_gift_limit(directory: Path) -> tuple[int, int]:
    old = edit_rule(directory, is_general_gift_limit, lambda rule: rule.update(value=rule["value"] + 50))
    return int(old["value"]), int(old["value"]) + 50


def gift_limit_id(directory: Path) -> str:
    return edit_rule(directory, is_general_gift_limit, lambda rule: None)["id"]


def test_identical_rules_change_no_answer(capsys):
    code, out, err = diff(capsys, str(RULES_DIR), "--against", str(RULES_DIR))
    assert code == 0, err
    assert "No answer changes" in out and "Rules: 0 changed; 0 added; 0 removed." in out
    assert shown_cases(out) == []


def test_a_raised_gift_limit_shows_the_gift_answers_with_the_old_and_new_figure(capsys, rules_copy):
    old, new = raise_gift_limit(rules_copy)
    code, out, err = diff(capsys, str(rules_copy), "--against", str(RULES_DIR))
    assert code == 1, err
    cases = shown_cases(out)
    for gift_case in ("gift-germany-90", "ship-gift-de-90"):  # gifts worth $90: only the limit changes
        assert gift_case in cases
        block = out.split(f"=== {gift_case}:")[1].split("\n=== ")[0].splitlines()
        removed = " ".join(line for line in block if line.startswith("- "))
        added = " ".join(line for line in block if line.startswith("+ "))
        assert re.search(rf"\${old}\b", removed) and not re.search(rf"\${new}\b", removed)
        assert re.search(rf"\${new}\b", added) and not re.search(rf"\${old}\b", added)
    assert "ship-gift-de-120" in cases  # $120: no longer over the limit
    # Answers that do not depend on the general gift limit are not shown.
    for unaffected in ("isf-when", "fees-hmf-sea", "other-canada", "gift-guam-150", "ship-gift-vi-180"):
        assert unaffected not in cases
    assert f"{len(cases)} of " in out.splitlines()[-1] and len(cases) < 30
    assert re.search(r"^Rules: 1 changed \([a-z0-9-]+\); 0 added; 0 removed\.$", out, re.MULTILINE)


def test_markdown_for_a_pull_request_comment(capsys, rules_copy, small_cases):
    old, new = raise_gift_limit(rules_copy)
    code, out, _ = diff(
        capsys, str(rules_copy), "--against", str(RULES_DIR), "--cases", str(small_cases), "--format", "markdown"
    )
    assert code == 1
    assert "#### `gift-question`" in out and "```diff\n- " in out and "isf-question" not in out
    assert "case set" in out and "version 3, 3 cases" in out


def test_a_new_data_as_of_date_alone_is_counted_not_shown(capsys, rules_copy, small_cases):
    dataset = rules_copy / "_dataset.yaml"
    dataset.write_text(re.sub(r"data_as_of: .*", "data_as_of: 2026-12-01", dataset.read_text()))
    code, out, _ = diff(capsys, str(rules_copy), "--against", str(RULES_DIR), "--cases", str(small_cases))
    assert code == 0 and shown_cases(out) == []
    assert "No answer changes, except the 'Data as of' date in 3 of 3." in out


@pytest.mark.parametrize("problem", ["missing", "yaml", "invalid rule"])
def test_bad_proposed_rules_exit_2_with_the_reason(capsys, rules_copy, problem):
    if problem == "missing":
        target, expected = rules_copy / "nowhere", "not a directory of rule files"
    elif problem == "yaml":
        (rules_copy / "gifts.yaml").write_text("- id: broken\n  kind: [\n")
        target, expected = rules_copy, "gifts.yaml: YAML error at line"
    else:
        edit_rule(rules_copy, is_general_gift_limit, lambda rule: rule.update(currency="USX"))
        target, expected = rules_copy, "unknown currency 'USX'"
    code, out, err = diff(capsys, str(target), "--against", str(RULES_DIR))
    assert code == 2 and out == ""
    assert err.startswith(f"error: the proposed rules in {target} cannot be used:") and expected in err
    assert "Traceback" not in err


def test_bad_current_rules_or_case_file_exit_2(capsys, tmp_path, small_cases):
    code, _, err = diff(capsys, "--against", f"sqlite:///{tmp_path / 'none.sqlite3'}")
    assert code == 2 and "no such SQLite database file" in err and not (tmp_path / "none.sqlite3").exists()
    code, _, err = diff(capsys, "--against", "postgresql+psycopg2://someone:secret@127.0.0.1:1/none")
    assert code == 2 and "cannot be read" in err and "secret" not in err
    empty = create_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    migrate(empty)
    code, _, err = diff(capsys, "--against", f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    assert code == 2 and "holds no data set yet" in err
    small_cases.write_text("version: 1\nquestions:\n  - {id: a, intent: ask_nothing, text: hi}\n")
    code, _, err = diff(capsys, "--cases", str(small_cases))
    assert code == 2 and "the case set cannot be used" in err and "ask_nothing" in err
    with pytest.raises(SystemExit) as usage:
        main(["thresholds", "diff", "--date", "2026-13-01"])
    assert usage.value.code == 2 and "not a date" in capsys.readouterr().err


def test_the_current_side_is_a_database_on_sqlite_and_postgresql(capsys, loaded_store, rules_copy, small_cases):
    url = loaded_store.engine.url.render_as_string(hide_password=False)
    code, out, _ = diff(capsys, str(RULES_DIR), "--against", url, "--cases", str(small_cases))
    assert code == 0 and "Current:  database " in out and "revision" in out
    old, new = raise_gift_limit(rules_copy)
    code, out, _ = diff(capsys, str(rules_copy), "--against", url, "--cases", str(small_cases))
    assert code == 1 and shown_cases(out) == ["gift-question", "gift-shipment"]
    assert url not in out or loaded_store.engine.url.password is None


def test_load_dry_run_shows_the_diff_against_the_database_and_loads_nothing(capsys, monkeypatch, tmp_path, rules_copy):
    url = f"sqlite:///{tmp_path / 'thresholds.sqlite3'}"
    engine = create_engine(url)
    migrate(engine)
    load_directory(engine, RULES_DIR)
    revision = ThresholdStore(engine).snapshot().revision
    monkeypatch.setenv("THRESHOLDS_DB_URL", url)
    gift_id = gift_limit_id(rules_copy)
    old, new = raise_gift_limit(rules_copy)
    code = main(["thresholds", "load", str(rules_copy), "--dry-run"])
    out = capsys.readouterr().out
    assert code == 1 and "gift-germany-90" in shown_cases(out) and f"${new}" in out
    assert ThresholdStore(create_engine(url)).snapshot().revision == revision
    assert main(["thresholds", "load", str(rules_copy)]) == 0  # without --dry-run, a real load
    gift = next(rule for rule in ThresholdStore(create_engine(url)).snapshot().rules if rule.id == gift_id)
    assert gift.value == new
