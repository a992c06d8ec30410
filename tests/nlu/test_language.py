"""Which language a message is in (bot/nlu/language.py), on short chat messages and longer questions."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.nlu.language import conversation_language, detect, requested_language

CASES = yaml.safe_load((Path(__file__).with_name("language_cases.yml")).read_text(encoding="utf-8"))
EXPECTED = {"es": "es", "es_spanglish": "es", "en": "en", "none": None, "switch_en": "en", "switch_es": "es"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [(str(text), EXPECTED[group]) for group, texts in CASES.items() for text in texts],
)
def test_a_message_is_read_in_its_language(text: str, expected: str | None) -> None:
    assert detect(text) == expected


@pytest.mark.parametrize("text", [str(t) for t in CASES["switch_en"]])
def test_asking_for_english_is_a_request(text: str) -> None:
    assert requested_language(text) == "en"


@pytest.mark.parametrize("text", [str(t) for t in CASES["switch_es"]])
def test_asking_for_spanish_is_a_request(text: str) -> None:
    assert requested_language(text) == "es"


@pytest.mark.parametrize(
    "text",
    [
        "¿y si es regalo?",
        "what if it's a gift?",
        "de minimis",
        "ok",
        "does the label have to be in English?",
        "¿la etiqueta tiene que estar en inglés?",
        "is the country of origin marked in English or in Spanish?",
    ],
)
def test_a_question_is_not_a_request_to_switch(text: str) -> None:
    assert requested_language(text) is None


def test_a_short_unclear_reply_keeps_the_conversations_language() -> None:
    assert conversation_language("ok", "es") == "es"
    assert conversation_language("$650", "es") == "es"
    assert conversation_language("DHL", "en") == "en"
    assert conversation_language("ok", None) == "en"


def test_a_clear_message_changes_the_language() -> None:
    assert conversation_language("what if it's a gift?", "es") == "en"
    assert conversation_language("¿y si es regalo?", "en") == "es"
