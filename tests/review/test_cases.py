"""The review case set: it loads, covers every topic, is answered on the real rules; bad files are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.review.answering import Answer, answer_all
from bot.review.cases import CASES_FILE, CaseSetError, Question, known_topics, load_cases
from bot.review.diff import compare
from tests.review.conftest import TODAY


def test_the_case_set_is_versioned_and_covers_every_topic():
    cases = load_cases(CASES_FILE)
    assert isinstance(cases.version, int) and cases.version >= 1
    assert 40 <= len(cases.questions) <= 80 and len(cases.shipments) >= 10
    asked = {turn.intent for question in cases.questions for turn in question.turns}
    from bot.conversation.understand import intent_topic

    topics = {intent_topic(intent) for intent in asked} | {case.frame.topic for case in cases.shipments}
    assert known_topics() - topics == set()
    assert any(len(question.turns) > 1 for question in cases.questions), "no follow-up conversation"


def test_every_case_is_answered_on_the_real_rules(snapshot):
    """On SQLite and PostgreSQL: no case fails or goes unanswered (it would hide any change)."""
    cases = load_cases(CASES_FILE)
    answers = answer_all(snapshot, cases, TODAY)
    assert list(answers) == [case.id for case in cases.cases]
    failing = {case_id: a.text for case_id, a in answers.items() if "(the answer fails" in a.text}
    silent = {case_id for case_id, a in answers.items() if "(no reply" in a.text}
    assert not failing and not silent
    # Answering is deterministic: the same rules give the same answers.
    assert answer_all(snapshot, cases, TODAY) == answers


def test_a_failing_answer_is_shown_as_an_answer_not_raised(snapshot, monkeypatch):
    cases = load_cases(CASES_FILE)
    working = answer_all(snapshot, cases, TODAY)

    def broken(*_args: object) -> Answer:
        raise ValueError("no rule in force")

    monkeypatch.setattr("bot.review.answering.answer_question", broken)
    answers = answer_all(snapshot, cases, TODAY)
    question = next(case for case in cases.cases if isinstance(case, Question))
    assert answers[question.id].text == "(the answer fails: ValueError: no rule in force)"
    labels = {case.id: case.label for case in cases.cases}
    assert question.id in {change.case_id for change in compare(labels, working, answers).changes}


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("version: 1\nquestions:\n  - {id: a, intent: ask_nothing, text: hi}\n", "intent 'ask_nothing' is not in"),
        ("version: 1\nquestions:\n  - {id: a, intent: ask_isf, text: ''}\n", "text must be a non-empty string"),
        (
            "version: 1\nquestions:\n  - {id: a, intent: ask_isf, text: x}\n  - {id: a, intent: ask_isf, text: y}\n",
            "a: duplicate id",
        ),
        ("version: 1\nshipments:\n  - {id: s, value: 5, on: 2025-01-01}\n", "unknown key(s) on (write date:)"),
        ("version: 1\nshipments:\n  - {id: s, value: 5, mode: boat}\n", "mode must be one of"),
        ("version: 1\nshipments:\n  - {id: s, value: -5}\n", "value must be a positive number"),
        ("version: 1\nshipments:\n  - {id: s, origin: china}\n", "origin must be a two-letter country code"),
        ("version: 1\nshipments:\n  - {id: s, date: 2025-13-01}\n", "date must be a date"),
        ("version: 1\nshipments:\n  - {id: s, goods_flags: [fireworks]}\n", "goods_flags must be a list of"),
        ("questions: []\n", "version must be a whole number"),
        ("version: 1\nquestions: [\n", "YAML error at line"),
        ("- just a list\n", "must be a mapping"),
    ],
)
def test_a_bad_case_file_is_refused_with_its_problem_named(tmp_path: Path, content: str, problem: str):
    path = tmp_path / "cases.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CaseSetError) as refused:
        load_cases(path)
    assert any(problem in line for line in refused.value.problems), refused.value.problems


def test_a_missing_case_file_is_refused(tmp_path: Path):
    with pytest.raises(CaseSetError, match="cannot read the case file"):
        load_cases(tmp_path / "nowhere.yml")


def test_a_shipment_case_becomes_a_question_frame(tmp_path: Path):
    path = tmp_path / "cases.yml"
    path.write_text(
        "version: 2\nshipments:\n  - {id: s, value: 120, origin: GU, mode: postal, date: 2026-02-25, gift: true}\n",
        encoding="utf-8",
    )
    cases = load_cases(path)
    frame = cases.shipments[0].frame
    assert (frame.topic, frame.value, frame.origin, frame.mode, frame.on) == (
        "shipment",
        120.0,
        "GU",
        "postal",
        "2026-02-25",
    )
    assert frame.gift is True and frame.gift_sender == "GU"
    assert cases.version == 2 and cases.shipments[0].label.startswith("[shipment facts] value 120, origin GU")
