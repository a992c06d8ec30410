"""Every rule cites its official text: `thresholds check` fails on a HIGH rule without an official
link and on an official link outside the allowed domains, and the project's data passes, on SQLite
and PostgreSQL."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest
import yaml

from bot.thresholds import RuleProblems, ThresholdStore, load_directory, read_directory
from bot.thresholds.checks import OFFICIAL_COVERAGE_TARGET, official_coverage, official_link_problems
from bot.thresholds.cli import run
from bot.thresholds.schema import parse_rule
from tests.conftest import RULES_DIR

BLOG = "https://blog.example.com/de-minimis-explained"


def rule_data(rule_id: str, **changes: object) -> dict:
    data = {
        "id": rule_id,
        "jurisdiction": "US",
        "kind": f"test_{rule_id.replace('-', '_')}",
        "value": 10,
        "currency": "USD",
        "summary": "A test rule.",
        "citation": "CBP guidance of 15 Sep 2025",
        "source_url": BLOG,
        "confidence": "HIGH",
        "last_verified": "2026-11-26",
    }
    data.update(changes)
    return data


def make_rule(rule_id: str, **changes: object):
    rule, problems = parse_rule(rule_data(rule_id, **changes), "test.yaml", 1)
    assert problems == []
    return rule


def test_a_high_rule_without_an_official_link_fails() -> None:
    problems = official_link_problems([make_rule("us-test-high")])
    assert len(problems) == 1
    assert "test.yaml: us-test-high: HIGH rule without an official link" in problems[0]


def test_a_citation_that_derives_a_link_or_an_official_source_url_satisfies_a_high_rule() -> None:
    derived = make_rule("us-test-cfr", citation="19 CFR 10.151")
    official_source = make_rule("us-test-page", source_url="https://www.cbp.gov/trade/basic-import-export/e-commerce")
    assert official_link_problems([derived, official_source]) == []
    assert derived.secondary_source == BLOG and official_source.secondary_source is None


def test_a_medium_rule_may_rest_on_a_secondary_source_alone() -> None:
    assert official_link_problems([make_rule("us-test-medium", confidence="MEDIUM")]) == []


def test_an_official_link_outside_the_allowed_domains_fails() -> None:
    listed = [{"cites": "19 CFR 10.151", "url": "https://www.law.cornell.edu/cfr/text/19/10.151"}]
    problems = official_link_problems([make_rule("us-test-mirror", citation="19 CFR 10.151", official_links=listed)])
    assert problems == [
        "test.yaml: us-test-mirror: official link for '19 CFR 10.151' is outside the allowed domains: "
        "https://www.law.cornell.edu/cfr/text/19/10.151"
    ]
    # a listed link off the list does not count as the official text of a HIGH rule
    problems = official_link_problems([make_rule("us-test-off", official_links=listed)])
    assert len(problems) == 2 and "HIGH rule without an official link" in problems[1]


@pytest.mark.parametrize(
    ("official_links", "message"),
    [
        ("https://www.cbp.gov/", "official_links must be a list"),
        ([{"url": "https://www.cbp.gov/"}], "need exactly cites and url"),
        ([{"cites": "CBP page", "url": "www.cbp.gov"}], "url is not a web address"),
        ([{"cites": " ", "url": "https://www.cbp.gov/"}], "cites must say which text"),
    ],
)
def test_a_badly_written_official_link_is_refused_by_the_loader(official_links: object, message: str) -> None:
    rule, problems = parse_rule(rule_data("us-test-bad", official_links=official_links), "test.yaml", 1)
    assert rule is None and len(problems) == 1 and message in problems[0]


@pytest.fixture
def rules_with_problems(tmp_path: Path) -> Path:
    """The project's rules plus a HIGH rule resting on a blog and a link to a mirror."""
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    extra = [
        rule_data("us-test-blog-only"),
        rule_data(
            "us-test-mirror",
            citation="19 CFR 10.151",
            official_links=[{"cites": "19 CFR 10.151 (copy)", "url": "https://www.law.cornell.edu/cfr/text/19/10.151"}],
        ),
    ]
    (target / "zz_test.yaml").write_text(yaml.safe_dump(extra, sort_keys=False))
    return target


def test_listed_links_are_stored_and_checked_on_both_backends(engine, rules_with_problems) -> None:
    load_directory(engine, rules_with_problems)
    snapshot = ThresholdStore(engine).snapshot()
    mirror = snapshot.get("us-test-mirror")
    assert [link.url for link in mirror.official_links] == ["https://www.law.cornell.edu/cfr/text/19/10.151"]
    assert [link.url for link in mirror.official_sources] == [
        "https://www.ecfr.gov/current/title-19/section-10.151",
        "https://www.law.cornell.edu/cfr/text/19/10.151",
    ]
    problems = official_link_problems(snapshot.rules)
    assert len(problems) == 2
    assert "zz_test.yaml: us-test-blog-only: HIGH rule without an official link" in problems[0]
    assert "us-test-mirror: official link for '19 CFR 10.151 (copy)' is outside the allowed domains" in problems[1]


def test_a_change_of_listed_links_is_audited(engine, rules_with_problems) -> None:
    load_directory(engine, rules_with_problems)
    path = rules_with_problems / "zz_test.yaml"
    path.write_text(
        path.read_text().replace("https://www.law.cornell.edu/cfr/text/19/10.151", "https://www.ecfr.gov/x")
    )
    report = load_directory(engine, rules_with_problems)
    assert report.updated == ["us-test-mirror"]
    (update,) = [row for row in ThresholdStore(engine).audit_trail("us-test-mirror") if row.action == "update"]
    assert update.new_value["official_links"] == [{"cites": "19 CFR 10.151 (copy)", "url": "https://www.ecfr.gov/x"}]


def check(tmp_path: Path, directory: Path, monkeypatch, capsys) -> tuple[int, str]:
    """`python -m bot thresholds check` on a database loaded from `directory`."""
    monkeypatch.setenv("THRESHOLDS_DB_URL", f"sqlite:///{tmp_path / f'{directory.name}.sqlite3'}")
    assert run(argparse.Namespace(command="load", directory=directory)) == 0
    code = run(argparse.Namespace(command="check", directory=None))
    return code, capsys.readouterr().out


def test_thresholds_check_fails_and_names_the_rules(tmp_path, rules_with_problems, monkeypatch, capsys) -> None:
    code, out = check(tmp_path, rules_with_problems, monkeypatch, capsys)
    assert code == 1
    assert "problem: zz_test.yaml: us-test-blog-only: HIGH rule without an official link" in out
    assert "problem: zz_test.yaml: us-test-mirror: official link for '19 CFR 10.151 (copy)' is outside" in out


def test_thresholds_check_passes_on_the_projects_data(tmp_path, monkeypatch, capsys) -> None:
    code, out = check(tmp_path, RULES_DIR, monkeypatch, capsys)
    assert code == 0, out
    assert "official links:" in out and "problem:" not in out


def test_a_proposed_directory_is_checked_before_it_is_loaded(
    tmp_path, rules_with_problems, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("THRESHOLDS_DB_URL", f"sqlite:///{tmp_path / 'current.sqlite3'}")
    assert run(argparse.Namespace(command="load", directory=RULES_DIR)) == 0
    assert run(argparse.Namespace(command="check", directory=rules_with_problems)) == 1
    assert "us-test-blog-only: HIGH rule without an official link" in capsys.readouterr().out


# ---- the project's data -------------------------------------------------------------------------


def test_the_projects_rules_link_official_texts(snapshot) -> None:
    """Every HIGH rule and at least 90% of all rules link an official text (both backends)."""
    assert official_link_problems(snapshot.rules) == []
    linked, total = official_coverage(snapshot.rules)
    missing = sorted(rule.id for rule in snapshot.rules if not rule.has_official_source)
    assert linked >= OFFICIAL_COVERAGE_TARGET * total, f"{linked} of {total}; without an official link: {missing}"
    assert all(rule.confidence != "HIGH" for rule in snapshot.rules if rule.id in missing)


def test_listed_links_of_the_projects_rules_survive_the_database(snapshot) -> None:
    on_disk = {rule.id: rule.official_links for rule in read_directory(RULES_DIR).rules if rule.official_links}
    assert on_disk  # the data lists some (foreign guidance pages, the EO of 20 February 2026)
    assert {rule_id: snapshot.get(rule_id).official_links for rule_id in on_disk} == on_disk


def test_a_refused_official_link_names_its_file_and_rule(tmp_path: Path) -> None:
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    bad = rule_data("us-test-bad", official_links=[{"cites": "CBP page"}])
    (target / "zz_test.yaml").write_text(yaml.safe_dump([bad]))
    with pytest.raises(RuleProblems, match="zz_test.yaml: us-test-bad: official_links entries need exactly cites"):
        read_directory(target)
