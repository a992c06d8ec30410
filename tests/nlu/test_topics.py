"""Keyword evidence for topics and the kind of question asked (bot/nlu/topics.py, data/lexicon/topics.yml)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from bot.nlu import topics
from bot.nlu.topics import (
    LEXICON_PATH,
    QUESTION_KINDS,
    asking_sentence,
    asks_yes_no,
    keyword_topics,
    load_lexicon,
    parse_lexicon,
    question_kind,
    sentences,
)
from tests.conftest import ROOT

DOMAIN_INTENTS = set(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"])
NOT_TOPICS = {"greet", "goodbye", "thank", "affirm", "deny", "bot_challenge", "help", "out_of_scope", "inform"}
NOT_TOPICS |= {"ask_more_detail", "ask_sources", "switch_language"}


def top(text: str) -> str | None:
    found = keyword_topics(text)
    return found[0][0] if found else None


def test_lexicon_covers_every_topic_intent_and_nothing_else() -> None:
    lexicon_intents = {keyword.intent for keyword in load_lexicon().keywords}
    assert lexicon_intents == DOMAIN_INTENTS - NOT_TOPICS


@pytest.mark.parametrize(
    "text,intent",
    [
        ("what is ISF", "ask_isf"),
        ("do I need to file the 10+2 for this?", "ask_isf"),
        ("Importer Security Filing deadline", "ask_isf"),
        ("how much is the MPF", "ask_fees"),
        ("merchandise processing fee and harbor maintenance", "ask_fees"),
        ("what's the harbour fee", "ask_fees"),
        ("do I need a bond", "ask_customs_bond"),
        ("who are the sureties", "ask_customs_bond"),
        ("how does it work by post", "ask_postal_shipments"),
        ("is the de minimis still 800", "ask_de_minimis"),
        ("DE MINIMIS??", "ask_de_minimis"),
        ("what is the de minimus", "ask_de_minimis"),
        ("deminimis limit", "ask_de_minimis"),
        ("de-minimis value", "ask_de_minimis"),
        ("the minimis rule", "ask_de_minimis"),
        ("the merchandice processing fee", "ask_fees"),
        ("counterfeits seized", "ask_ipr"),
        ("my bonds", "ask_customs_bond"),
        ("talk to a real person", "request_human"),
        ("check my shipment please", "check_shipment"),
        ("UFLPA and xinjiang cotton", "ask_forced_labor"),
        ("is the gift exemption gone", "ask_gift_exemption"),
    ],
)
def test_keyword_topics_finds_the_named_topic(text: str, intent: str) -> None:
    assert top(text) == intent, keyword_topics(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello there",
        "I was parking my car",  # not "marking"
        "the president said so",  # not "returning resident"
        "my bondage",  # whole words only
        "misfortune",  # "isf" inside a word
        "a $321 order",  # an amount, not section 321
        "emailed them",  # "mail" inside a word
    ],
)
def test_keyword_topics_ignores_words_that_only_look_alike(text: str) -> None:
    assert keyword_topics(text) == [], keyword_topics(text)


def test_scores_rank_topics_and_longest_phrase_wins() -> None:
    found = keyword_topics("Is ISF needed? The importer security filing and the 10+2, and do I need a bond?")
    assert [name for name, _ in found] == ["ask_isf", "ask_customs_bond"]
    assert found[0][1] == 3.0 and found[1][1] == 1.0
    # "merchandise processing fee" counts once (not also as "processing fee").
    assert keyword_topics("merchandise processing fee") == [("ask_fees", 1.0)]
    # A keyword repeated counts once; weights apply ("mail: 0.5").
    assert keyword_topics("mail, mail and more mail") == [("ask_postal_shipments", 0.5)]
    # Ties keep the order of first mention.
    assert [name for name, _ in keyword_topics("bond or ISF")] == ["ask_customs_bond", "ask_isf"]


def test_keyword_topics_takes_an_explicit_lexicon() -> None:
    lexicon = parse_lexicon({"topics": {"ask_x": ["widget", {"gadget box": 2}]}})
    assert keyword_topics("two Widgets and a gadget-box", lexicon) == [("ask_x", 3.0)]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"topics": {}},
        {"topics": {"ask_x": []}},
        {"topics": {"ask_x": [{"gadget": 0}]}},
        {"topics": {"ask_x": [{"gadget": "heavy"}]}},
        {"topics": {"ask_x": [""]}},
        {"topics": {"ask_x": ["a"]}, "real_words": "parking"},
    ],
)
def test_bad_lexicons_are_refused(data: dict) -> None:
    with pytest.raises(ValueError):
        parse_lexicon(data)


def test_typo_correction_never_rewrites_a_real_word_of_the_training_data() -> None:
    """Every word of the NLU data that the typo correction would change is a known misspelling."""
    known_typos = {"exmption", "minimus", "deminimus"}
    lexicon = load_lexicon()
    vocabulary: set[str] = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        vocabulary.update(re.findall(r"[a-z]+", path.read_text(encoding="utf-8").lower()))
    changed = {word for word in vocabulary if topics._correct_typos(word, lexicon) != word}
    assert changed <= known_typos, f"add these to real_words in {LEXICON_PATH.name}: {sorted(changed - known_typos)}"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Hi. I paid $1,240.50 for it. So do I owe?", ["Hi.", "I paid $1,240.50 for it.", "So do I owe?"]),
        ("It says 19 U.S.C. 1321 is suspended. Right?", ["It says 19 U.S.C. 1321 is suspended.", "Right?"]),
        ("wait... what?? really!", ["wait... what??", "really!"]),
        ("first line\n\nsecond line", ["first line", "second line"]),
        ("see hts.usitc.gov for it", ["see hts.usitc.gov for it"]),
        ("", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_asking_sentence_is_the_last_question_else_the_last_sentence() -> None:
    story = "I sell soap. Is ISF needed? My friend says no. Thanks."
    assert asking_sentence(story) == "Is ISF needed?"
    assert asking_sentence("I sell soap. I want to know the limit") == "I want to know the limit"
    assert asking_sentence("") == ""


@pytest.mark.parametrize(
    "text",
    [
        "do I need ISF?",
        "is ISF needed for air freight?",
        "does it apply to gifts",
        "can I clear it myself?",
        "am I the importer of record?",
        "will I owe duty on this?",
        "should I get a bond?",
        "is there a fee for informal entries?",
        "is it duty free or not?",
        "ok so, do I have to pay?",
        "I want to know if I need a bond",
        "My supplier ships from Vietnam. Do I need an ISF? Thanks for any help.",
    ],
)
def test_yes_no_questions(text: str) -> None:
    assert question_kind(text) == "yes_no"
    assert asks_yes_no(text)


@pytest.mark.parametrize(
    "text,kind",
    [
        ("so on a $10 item do I pay $3 or $25?", "how_much"),
        ("how much is the MPF", "how_much"),
        ("what's the de minimis threshold?", "how_much"),
        ("what will I owe on a $40 order", "how_much"),
        ("can you tell me how much I owe", "how_much"),
        ("when did the suspension start?", "when"),
        ("how long does clearance take", "when"),
        ("ISF deadline?", "when"),
        ("which entry type do I need", "which"),
        ("is it formal or informal?", "which"),
        ("what kind of bond do I need", "which"),
        ("what is ISF", "what"),
        ("Can someone explain what actually changed?", "what"),
        ("how do I file an informal entry", "how"),
        ("why was I charged?", "other"),
        ("where do I buy a bond", "other"),
        ("tell me about bonds", "other"),
        ("", "other"),
        ("I read the EO and I'm lost. It's all so confusing. What does it mean for my shop?", "what"),
    ],
)
def test_question_kind(text: str, kind: str) -> None:
    assert question_kind(text) == kind
    assert kind in QUESTION_KINDS
    assert asks_yes_no(text) is False


def test_no_rasa_import() -> None:
    code = "import sys, bot.nlu.topics; print(any(m == 'rasa' or m.startswith('rasa.') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ok what about a £200 order to the UK, does my buyer pay duty?", "yes_no"),
        ("what about a gift, do I pay?", "yes_no"),
        ("y qué tal un pedido de £200, ¿mi comprador paga aranceles?", "yes_no"),
        ("and what about Canada?", "what"),
        ("what about in 2019, when the limit was 800?", "what"),
    ],
)
def test_what_about_then_a_question_is_the_question_after_the_comma(text: str, kind: str) -> None:
    assert question_kind(text) == kind
