"""Spanish summaries: every rule has one, it states the same figures and years as the English one,
`summary_in` picks it for Spanish answers, and the store and its migration keep it (SQLite and
PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, select, text

from bot.answers.render import _first_sentence, _short
from bot.review.rulesets import rule_changes
from bot.thresholds import ThresholdStore, load_directory, read_directory
from bot.thresholds.checks import data_warnings, missing_spanish_summaries
from bot.thresholds.db import MIGRATIONS_DIR
from bot.thresholds.loader import DataSet, load_dataset
from bot.thresholds.models import AuditRow
from bot.thresholds.schema import parse_rule
from bot.thresholds.store import Snapshot
from bot.thresholds.verdicts import summary_sentences
from tests.conftest import RULES_DIR

RULES = read_directory(RULES_DIR).rules
#: What the answers cut a summary at (bot/answers/render.py): a full stop before a capital letter.
SENTENCE_END = re.compile(r"(?<=\.)\s+(?=[A-Z])")
#: A number with its thousands or decimal separators ("$50,000", "0.3464", "2025", "50.000").
NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f]\d+)*")
#: English words that never belong in a Spanish sentence (names and quotes in English are allowed
#: inside brackets or quotation marks: "(qualified party)", "\"Internet Purchases\"").
ENGLISH_WORDS = re.compile(r"\b(?:the|and|of|is|are|with|from|for|to|not|or|in|on|by|was|were|which|that)\b")


def rule_data(rule_id: str = "us-test-rule", **changes: object) -> dict:
    data = {
        "id": rule_id,
        "jurisdiction": "US",
        "kind": "test_kind",
        "value": 10,
        "currency": "USD",
        "summary": "A test rule worth $10. It has a second sentence.",
        "citation": "19 CFR 10.151",
        "source_url": "https://www.cbp.gov/trade/basic-import-export/e-commerce",
        "confidence": "HIGH",
        "last_verified": "2026-11-26",
    }
    data.update(changes)
    return data


def numbers(text_: str) -> set[str]:
    """The numbers of a text as bare digits, so "$50,000" and "50.000" are the same figure."""
    return {re.sub(r"\D", "", match) for match in NUMBER.findall(text_)}


# --- the data --------------------------------------------------------------------------------


def test_the_data_has_about_135_rules() -> None:
    assert len(RULES) >= 130


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_rule_has_a_spanish_summary(rule) -> None:
    assert rule.summary_es and rule.summary_es.strip()
    assert rule.summary_es != rule.summary
    assert rule.summary_in("es") == rule.summary_es


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_the_spanish_summary_states_every_figure_and_year_of_the_english_one(rule) -> None:
    missing = numbers(rule.summary) - numbers(rule.summary_es)
    assert not missing, f"{rule.id}: {sorted(missing)} in the English summary, not in the Spanish one"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_the_spanish_summary_is_spanish(rule) -> None:
    outside_asides = re.sub(r"\([^()]*\)|\"[^\"]*\"|https?://\S+", "", rule.summary_es)
    english = ENGLISH_WORDS.findall(outside_asides)
    assert not english, f"{rule.id}: English words {english} outside brackets and quotes"
    assert re.search(r"\b(?:de|del|la|el|los|las|en|y|un|una|que|por|para|desde)\b", rule.summary_es)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_the_spanish_first_sentence_stands_alone(rule) -> None:
    """Answers show the first sentence (or clause) alone, cut where a full stop meets a capital: an
    abbreviation such as "EE. UU." would cut it short, and a sentence opening with an accented
    capital or "¿" would not be cut at all."""
    spanish = rule.summary_es
    assert "EE. UU." not in spanish and "EE.UU." not in spanish
    assert not re.search(r"\.\s+[ÁÉÍÓÚÑ¿¡]", spanish), "a sentence the answers cannot cut"
    first = SENTENCE_END.split(spanish, maxsplit=1)[0]
    clause = re.split(r"(?<=[.;])\s", spanish, maxsplit=1)[0]  # what `summary_short` starts from
    for part in (first, clause):  # not cut inside an abbreviation ("T.D. 94-51", "V.O.S. Selections")
        assert len(part.split()) >= 8 and part.count("(") == part.count(")"), part


#: Words the Spanish first sentence may run past the English one (Spanish runs longer), and the
#: length up to which it may go whatever the English one (an English summary whose first "sentence"
#: is cut short by an abbreviation such as "U.S." has no useful length to compare with).
EXTRA_FIRST_WORDS = 3
FIRST_WORDS_FLOOR = 24


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_the_spanish_first_sentence_is_about_as_short_as_the_english_one(rule) -> None:
    """Answers show the first sentence alone inside a template ("Canadá: {summary_first} (desde ...).")
    and the answer's first sentence must stay within 40 words: the Spanish one may not run much longer
    than the English one, and the first clause (`summary_short`, 16 words) is cut with "..." only when
    the English one is."""
    english = len(_first_sentence(rule.summary, limit=40).split())
    spanish = _first_sentence(rule.summary_es, limit=40)
    allowed = max(english + EXTRA_FIRST_WORDS, FIRST_WORDS_FLOOR)
    assert not spanish.endswith("..."), f"{rule.id}: the Spanish first sentence is cut: {spanish}"
    assert len(spanish.split()) <= allowed, f"{rule.id}: {len(spanish.split())} words (at most {allowed}): {spanish}"
    if not _short(rule.summary, 16).endswith("..."):
        clause = _short(rule.summary_es, 16)
        assert not clause.endswith("..."), f"{rule.id}: the Spanish first clause is cut: {clause}"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_the_spanish_summary_has_a_sentence_for_each_english_one(rule) -> None:
    """A later sentence is chosen on the English summary and shown by its place in the Spanish one
    (`render_statement`): detail moved out of a Spanish first sentence goes after the last one."""
    assert len(summary_sentences(rule.summary_es)) >= len(summary_sentences(rule.summary))


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_no_semicolon_inside_brackets(rule) -> None:
    """A first sentence is cut at its semicolon when long: one inside brackets would leave them open."""
    assert not [aside for aside in re.findall(r"\([^()]*\)", rule.summary_es) if ";" in aside]


def test_the_main_facts_carry_over() -> None:
    by_id = {rule.id: rule for rule in RULES}
    assert by_id["us-de-minimis-suspended-all"].summary_es.startswith(
        "Desde el 29 de agosto de 2025 ningún envío comercial"
    )
    assert "exención de minimis" in by_id["us-de-minimis-repealed"].summary_es
    assert "1 de julio de 2027" in by_id["us-de-minimis-repealed"].summary_es
    assert "$100" in by_id["us-gift-exemption-100"].summary_es
    assert "Centro de Información de CBP" in by_id["us-contact-info-center"].summary_es
    assert "agente aduanal con licencia" in by_id["us-contact-licensed-broker"].summary_es
    assert "Declaración de Seguridad del Importador (ISF" in by_id["us-isf-deadline"].summary_es


# --- the schema ------------------------------------------------------------------------------


def test_summary_in_prefers_spanish_for_es_and_falls_back_to_english() -> None:
    rule, problems = parse_rule(rule_data(summary_es="Una regla de prueba de $10. Tiene otra frase."), "t.yaml", 1)
    assert problems == []
    assert rule.summary_in("es") == "Una regla de prueba de $10. Tiene otra frase."
    assert rule.summary_in("en") == rule.summary == "A test rule worth $10. It has a second sentence."
    assert rule.summary_in("fr") == rule.summary
    without, problems = parse_rule(rule_data(), "t.yaml", 1)
    assert problems == [] and without.summary_es is None
    assert without.summary_in("es") == without.summary_in("en") == without.summary


def test_the_spanish_summary_is_whitespace_normalised_like_the_english_one() -> None:
    rule, _ = parse_rule(rule_data(summary_es="  Una regla\n  de prueba\tde $10.\n"), "t.yaml", 1)
    assert rule.summary_es == "Una regla de prueba de $10."


@pytest.mark.parametrize(
    ("value", "message"),
    [(12, "summary_es must be text"), (["a"], "summary_es must be text"), ("   ", "summary_es is empty")],
)
def test_a_bad_spanish_summary_is_refused(value, message) -> None:
    rule, problems = parse_rule(rule_data(summary_es=value), "t.yaml", 1)
    assert rule is None and any(message in problem for problem in problems), problems


def test_comparable_includes_the_spanish_summary_only_when_given() -> None:
    with_es, _ = parse_rule(rule_data(summary_es="Una regla de prueba."), "t.yaml", 1)
    without, _ = parse_rule(rule_data(), "t.yaml", 1)
    assert with_es.comparable()["summary_es"] == "Una regla de prueba."
    assert "summary_es" not in without.comparable()
    keys = list(with_es.comparable())
    assert keys.index("summary_es") == keys.index("summary") + 1


def test_a_change_to_the_spanish_summary_alone_is_a_rule_change_for_review() -> None:
    day = dt.date(2026, 12, 1)
    before, _ = parse_rule(rule_data(summary_es="Una regla de prueba."), "t.yaml", 1)
    after, _ = parse_rule(rule_data(summary_es="Una regla de prueba, corregida."), "t.yaml", 1)
    changes = rule_changes(Snapshot(1, day, (before,)), Snapshot(2, day, (after,)))
    assert changes == {"changed": ["us-test-rule"], "added": [], "removed": []}


def test_the_data_check_warns_of_a_rule_without_a_spanish_summary(snapshot) -> None:
    without, _ = parse_rule(rule_data(), "t.yaml", 1)
    with_es, _ = parse_rule(rule_data("us-test-es", summary_es="Una regla de prueba."), "t.yaml", 1)
    assert missing_spanish_summaries([without, with_es]) == [
        "t.yaml: us-test-rule: no Spanish summary (summary_es); Spanish answers show the English one"
    ]
    assert not [warning for warning in data_warnings(snapshot, dt.date(2026, 12, 1)) if "summary_es" in warning]


# --- the store -------------------------------------------------------------------------------


def test_the_store_round_trips_the_spanish_summaries(engine) -> None:
    load_directory(engine, RULES_DIR)
    stored = {rule.id: rule for rule in ThresholdStore(engine).snapshot().rules}
    assert {rule.id: rule.summary_es for rule in RULES} == {rid: rule.summary_es for rid, rule in stored.items()}
    assert stored["us-de-minimis-800"].summary_in("es").startswith("Los envíos de $800 o menos")


def test_a_rule_without_a_spanish_summary_is_stored_as_null_and_answers_in_english(engine) -> None:
    rule, _ = parse_rule(rule_data(), "t.yaml", 1)
    load_dataset(engine, DataSet([rule], dt.date(2026, 12, 1), "hash-1", "test"))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT summary_es FROM rules")).scalar_one() is None
    (stored,) = ThresholdStore(engine).snapshot().rules
    assert stored.summary_es is None and stored.summary_in("es") == rule.summary


def test_changing_only_the_spanish_summary_updates_and_audits_the_rule(engine) -> None:
    first, _ = parse_rule(rule_data(summary_es="Una regla de prueba."), "t.yaml", 1)
    second, _ = parse_rule(rule_data(summary_es="Una regla de prueba, corregida."), "t.yaml", 1)
    load_dataset(engine, DataSet([first], dt.date(2026, 12, 1), "hash-1", "test"))
    report = load_dataset(engine, DataSet([second], dt.date(2026, 12, 1), "hash-2", "test"))
    assert report.updated == ["us-test-rule"]
    assert ThresholdStore(engine).snapshot().rules[0].summary_es == "Una regla de prueba, corregida."
    audit = ThresholdStore(engine).audit_trail("us-test-rule")
    assert [row.action for row in audit] == ["insert", "update"]
    assert audit[-1].old_value["summary_es"] == "Una regla de prueba."
    assert audit[-1].new_value["summary_es"] == "Una regla de prueba, corregida."
    with engine.connect() as connection:
        assert len(connection.execute(select(AuditRow.id)).all()) == 2


# --- the migration ---------------------------------------------------------------------------


def _alembic(engine, action: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)


def _rule_columns(engine) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns("rules")}


def _version(engine) -> str:
    with engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


def test_the_migration_adds_and_drops_the_column_keeping_the_rules(engine) -> None:
    assert _version(engine) == "0003" and "summary_es" in _rule_columns(engine)
    load_directory(engine, RULES_DIR)
    _alembic(engine, "downgrade", "0002")
    assert _version(engine) == "0002" and "summary_es" not in _rule_columns(engine)
    assert "official_links" in _rule_columns(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM rules")).scalar_one() == len(RULES)
    _alembic(engine, "upgrade", "head")
    assert _version(engine) == "0003" and "summary_es" in _rule_columns(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM rules WHERE summary_es IS NULL")).scalar_one() == len(
            RULES
        )
    report = load_directory(engine, RULES_DIR)  # the loader writes them back
    assert sorted(report.updated) == sorted(rule.id for rule in RULES)
    stored = ThresholdStore(engine).snapshot().rules
    assert all(rule.summary_es for rule in stored)
