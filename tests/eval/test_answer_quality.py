"""eval/answer_quality.py's pure functions and its figures on a small results file."""

from __future__ import annotations

import json

import pytest
import yaml

from bot.thresholds.formatting import day
from eval.answer_quality import (
    analyse,
    first_message_body,
    headline,
    is_question,
    is_shipment_verdict,
    main,
    questions_before_verdict,
    reading_grade,
    share,
    word_count,
)
from tests.conftest import RULES_DIR

#: The dated line of the answers, from the data set (never a pinned date).
AS_OF = f"Data as of {day(yaml.safe_load((RULES_DIR / '_dataset.yaml').read_text(encoding='utf-8'))['data_as_of'])}."
ANSWER = (
    "No. De minimis is suspended for every country since 29 August 2025: duty is due at any value.\n"
    "Sources:\n- 19 CFR 10.151: https://www.ecfr.gov/\n"
    f"({AS_OF})\nThis is general information, not legal advice or a binding ruling."
)


def custom(kind: str, topic: str = "de_minimis") -> dict:
    return {"custom": {"cbp": {"kind": kind, "topic": topic}}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ANSWER, "No. De minimis is suspended for every country since 29 August 2025: duty is due at any value."),
        ("Yes.\nSource: 19 CFR 10.151", "Yes."),
        ("It is $2.69.\n  Applies to 1 December 2026.\nSources:\n- x", "It is $2.69."),
        (f"It is $2.69.\n({AS_OF})", "It is $2.69."),
        ("It is $2.69.\n**Sources**\n- x", "It is $2.69."),
        ("The Sources line is not cut mid-line.\nNext line.", "The Sources line is not cut mid-line.\nNext line."),
        ("No sources here.  \n", "No sources here."),
        ("Sources:\n- only", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_first_message_body_cuts_at_the_first_source_line(text, expected):
    assert first_message_body(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Is de minimis still $800?", 5),
        ("- a bullet — and a dash", 5),
        ("U.S. CBP's rule 19 CFR 10.151", 6),
        ("  \n ", 0),
        (None, 0),
    ],
)
def test_word_count(text, words):
    assert word_count(text) == words


def test_reading_grade_uses_flesch_kincaid():
    assert reading_grade("") is None
    simple, hard = (
        reading_grade("The cat sat on the mat. It was a big cat."),
        reading_grade(
            "Notwithstanding the aforementioned suspension, administrative determinations necessitate comprehensive "
            "documentation regarding merchandise classification."
        ),
    )
    assert simple < 3 < 12 < hard


def test_share_and_missing_values():
    assert share([10, 60, 61, None], 60) == pytest.approx(2 / 3)
    assert share([], 60) is None


def test_question_and_verdict_detection():
    assert is_question([{"text": "Is it a gift?"}, custom("question", "shipment")])
    assert not is_question([{"text": "Is it a gift?"}, custom("answer")])  # cbp metadata wins over the "?"
    assert is_question([{"text": "Hello."}, {"text": "Where is it shipped from?  "}])  # fallback: the last text
    assert not is_question([{"text": "Where from?"}, {"text": "Thanks."}])
    assert not is_question(None)
    assert is_shipment_verdict([{"text": "Duty is due."}, custom("answer", "shipment")])
    assert not is_shipment_verdict([custom("answer", "de_minimis"), {"custom": "not a dict"}, "junk"])


def test_questions_before_the_first_verdict():
    turns = [
        {"replies": [custom("question", "shipment"), {"text": "What is it worth?"}]},
        {"replies": [{"text": "Where from?"}]},
        {"replies": [custom("clarify")]},
        {"replies": [{"text": "Duty is due."}, custom("answer", "shipment")]},
        {"replies": [custom("question", "shipment")]},
        {"replies": [custom("answer", "shipment")]},
    ]
    assert questions_before_verdict(turns) == 2
    assert questions_before_verdict(turns[:3]) is None
    assert questions_before_verdict([]) is None


RESULTS = {
    "conversations": [
        {
            "id": "t1",
            "part": "tuning",
            "passed": True,
            "turns": [
                {"user": "is de minimis still 800?", "passed": True, "replies": [{"text": ANSWER}, custom("answer")]},
            ],
        },
        {
            "id": "t2",
            "part": "tuning",
            "passed": False,
            "turns": [
                {"user": "do I pay duty on $400 from India?", "replies": [{"text": "By which mode?"}]},
                {"user": "FedEx", "replies": [{"text": "Duty is due.\nSources:\n- x"}, custom("answer", "shipment")]},
            ],
        },
        {
            "id": "h1",
            "part": "heldout",
            "turns": [{"user": "hi", "passed": True, "replies": [{"text": "Hello! Ask me about CBP rules."}]}],
        },
        {"id": "h2", "part": "heldout", "turns": [{"user": "x", "replies": []}]},  # unknown: no passed anywhere
        {"turns": None},  # no id, no part
        "junk",
    ]
}


def test_analyse_figures():
    figures = analyse(RESULTS)
    assert figures["conversations"] == 5
    rate = figures["pass_rate"]
    assert rate["tuning"] == {"passed": 1, "total": 2, "unknown": 0, "rate": 0.5}
    assert rate["heldout"]["rate"] == 1.0 and rate["heldout"]["unknown"] == 1
    assert rate["unknown"]["unknown"] == 1
    assert rate["all"]["passed"] == 2 and rate["all"]["total"] == 3
    asked = figures["questions_before_verdict"]
    assert asked == {"conversations_with_verdict": 1, "mean": 1.0, "per_conversation": {"t2": 1}}
    first = figures["first_messages"]
    assert first["all"]["count"] == 4  # the turn without replies has no first message
    assert first["all"]["median_words"] == pytest.approx(4.5)  # 17, 3, 3, 6 words
    assert first["answers_only"]["count"] == 2
    assert first["all"]["share_le_60_words"] == 1.0


def test_analyse_survives_empty_and_odd_input():
    for data in ({}, [], None, {"conversations": "x"}, {"conversations": [{}]}):
        figures = analyse(data)
        assert figures["pass_rate"]["all"]["rate"] is None
        assert figures["first_messages"]["all"]["median_grade"] is None


def test_main_writes_markdown_and_json(tmp_path, capsys):
    source = tmp_path / "latest.json"
    source.write_text(json.dumps(RESULTS))
    assert main([str(source), "--out", str(tmp_path / "out")]) == 0
    written = json.loads((tmp_path / "out" / "answers.json").read_text())
    assert written["pass_rate"]["tuning"]["rate"] == 0.5
    markdown = (tmp_path / "out" / "answers.md").read_text()
    assert "| conversations passed, tuning | 50% (1/2) |" in markdown
    assert "Flesch-Kincaid" in markdown
    assert "questions asked before a shipment verdict" in capsys.readouterr().out
    assert main([str(tmp_path / "missing.json"), "--out", str(tmp_path / "out")]) == 2


def test_floors_and_kinds_from_the_runner():
    data = {
        "started": "2026-12-01T14:00:00+0000",
        "required": {"tuning": 0.95},
        "conversations": [
            {"id": "a", "part": "tuning", "kind": "single", "passed": True, "turns": []},
            {"id": "b", "part": "tuning", "kind": "followup", "passed": False, "turns": []},
            {"id": "c", "part": "tuning", "kind": "single", "passed": True, "turns": []},
        ],
    }
    figures = analyse(data)
    assert figures["pass_rate_by_kind"]["tuning/single"]["rate"] == 1.0
    assert figures["pass_rate_by_kind"]["tuning/followup"]["rate"] == 0.0
    assert "| conversations passed, tuning | 67% (2/3); floor 95% |" in headline(figures)


def test_percentages_never_round_to_all_or_nothing():
    from eval.answer_quality import _pct

    assert _pct(351 / 352) == "99.7%"
    assert _pct(1 / 352) == "0.3%"
    assert _pct(1.0) == "100%" and _pct(0.0) == "0%" and _pct(0.818) == "82%" and _pct(None) == "-"
