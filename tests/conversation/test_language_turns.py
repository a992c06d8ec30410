"""A conversation in Spanish: answered in Spanish from the same rules, kept in Spanish through short
replies, and switched when the user asks ("in English please", "en español")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.conversation.frame import Frame
from bot.nlu.extract import extract_entities
from bot.nlu.language import cues
from tests.conversation.conftest import Conversation, first_line, text_of

DISCLAIMER_ES = "no asesoría legal"
#: Words only English uses (of the detector's cue words): a Spanish answer has none outside names and links.
ENGLISH_ONLY = sorted(cues().words["en"] - cues().words["es"] - {"no", "x"})
QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”')  # an example quoted as it is written ("Made in China")
#: An official English name given after its Spanish one, "(Office of Trade)": a name, not a sentence.
GLOSS = re.compile(r"\((?:[^\s()]+\s){0,5}[^\s()]+\)")
LINKS = re.compile(r"https?://\S+|\[[^\]]*\]\([^)]*\)|www\.\S+")
#: Citations and names that stay as they are in a Spanish answer ("Executive Order 14324", "Public Law").
KEPT = re.compile(
    r"\b(?:Executive Order|Public Law|Federal Register|CSMS|Section \d+|de minimis|One Big Beautiful Bill Act|"
    r"Trade Facilitation and Trade Enforcement Act|Tariff Act|EU Customs Data Hub|U\.S\.C\.|CFR|HTSUS|"
    r"INFO Center)\b[^.;,)]*",
    re.IGNORECASE,
)


def without_sources(text: str) -> str:
    """The text without its source lines: their titles are the official texts' own names, kept as they are."""
    kept = []
    for line in text.split("\n"):
        if line.startswith("Fuentes:"):
            break
        if not line.startswith("Fuente:"):
            kept.append(line)
    return "\n".join(kept)


def english_words(text: str) -> list[str]:
    """The English-only words of a text, outside links, citations and source lines."""
    plain = KEPT.sub(" ", GLOSS.sub(" ", QUOTED.sub(" ", LINKS.sub(" ", without_sources(text)))))
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", plain)
    return [word for word in words if word.lower() in ENGLISH_ONLY]


def say(talk: Conversation, text: str, intent: str | None) -> object:
    """A user message with the entities the real extractor finds in it."""
    return talk.say(text, intent, *extract_entities(text))


def test_a_spanish_question_gets_a_spanish_answer_first_and_dated(talk: Conversation) -> None:
    turn = say(talk, "¿sigue el de minimis en 800 dólares?", "ask_de_minimis_changes")
    head = first_line(turn)
    assert head.startswith("No"), head
    assert "29 de agosto de 2025" in text_of(turn)
    assert DISCLAIMER_ES in text_of(turn) and "legal advice" not in text_of(turn)
    assert talk.frame.language == "es"


def test_a_short_reply_keeps_spanish_and_a_clear_english_message_switches(talk: Conversation) -> None:
    say(talk, "hola, ¿cuál es el límite de regalos?", "ask_gift_exemption")
    assert talk.frame.language == "es"
    say(talk, "ok", "affirm")
    assert talk.frame.language == "es"
    turn = say(talk, "what about for travellers?", "ask_traveler_exemption")
    assert talk.frame.language == "en" and english_words(first_line(turn))


def test_in_english_please_answers_the_last_question_again_in_english(talk: Conversation) -> None:
    say(talk, "¿cuál es el límite de minimis para Canadá?", "ask_other_countries")
    turn = say(talk, "in English please", "switch_language")
    assert first_line(turn) == "OK, I'll answer in English."
    assert "C$" in text_of(turn) or "CAD" in text_of(turn)
    assert "Courier shipments" in text_of(turn) and DISCLAIMER_ES not in text_of(turn)
    assert talk.frame.language == "en" and talk.frame.topic == "other_countries"


def test_en_espanol_with_nothing_asked_yet_says_so_in_spanish(talk: Conversation) -> None:
    turn = say(talk, "en español por favor", "switch_language")
    assert talk.frame.language == "es"
    assert english_words(text_of(turn)) == [] and "?" in text_of(turn)


def test_the_pages_switch_payload_switches_without_words(talk: Conversation) -> None:
    say(talk, "is de minimis still $800?", "ask_de_minimis_changes")
    turn = talk.say("/switch_language", "switch_language", {"entity": "language", "value": "es"})
    assert talk.frame.language == "es"
    assert "29 de agosto de 2025" in text_of(turn)


def test_the_question_a_spanish_shipment_check_asks_is_in_spanish(talk: Conversation) -> None:
    turn = say(talk, "quiero revisar un envío", "check_shipment")
    text = text_of(turn)
    if turn.replies[0].kind == "question":
        assert "?" in text and english_words(text) == [], text
    else:  # the answer needed nothing more: it is in Spanish
        assert DISCLAIMER_ES in text


def test_a_spanish_shipment_question_gets_yes_first(talk: Conversation) -> None:
    turn = say(talk, "compré ropa de China por $300 y viene por DHL, ¿tengo que pagar aranceles?", "check_shipment")
    assert re.match(r"S[ií]\b", first_line(turn)), first_line(turn)


def test_cancelling_keeps_the_conversations_language(talk: Conversation) -> None:
    say(talk, "quiero revisar un envío", "check_shipment")
    say(talk, "olvídalo", "deny")
    assert talk.frame.language == "es"


ROOT_DIR = Path(__file__).resolve().parents[2]
TOPIC_INTENTS = list(yaml.safe_load((ROOT_DIR / "data" / "topics.yml").read_text(encoding="utf-8"))["intents"])


@pytest.mark.parametrize("intent", TOPIC_INTENTS)
def test_every_topics_spanish_answer_has_no_english_sentence(snapshot, intent: str) -> None:
    talk = Conversation(snapshot, Frame(language="es"))
    turn = talk.say("pregunta", intent)
    for reply in turn.replies:
        for part in (reply.text, reply.detail):
            assert english_words(part) == [], (english_words(part), part)
        assert all(english_words(button["title"]) == [] for button in reply.buttons), reply.buttons


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("how much is the HMF on a $20,000 container by sea?", "and what if I send it by air?"),
        ("¿cuánto es el HMF de un contenedor de $20,000 que llega por barco?", "¿y si lo mando por avión?"),
    ],
)
def test_what_if_changes_one_fact_of_the_same_question(talk: Conversation, first: str, then: str) -> None:
    say(talk, first, "ask_fees")
    turn = say(talk, then, "inform")
    assert re.search(r"HMF|harbor maintenance", first_line(turn)) and "MPF" not in first_line(turn), first_line(turn)


@pytest.mark.parametrize(
    "text",
    [
        "cuánto se paga de MPF en una entrada informal de 1200 dólares?",
        "how much do I pay in MPF on a $1,200 informal entry?",
    ],
)
def test_paying_a_fee_is_a_fee_question_not_a_duty_one(talk: Conversation, text: str) -> None:
    turn = say(talk, text, "ask_fees")
    assert "$2.77" in first_line(turn), first_line(turn)


def test_bought_goods_read_as_a_gift_question_get_the_shipment_answer(talk: Conversation) -> None:
    text = "i buy supplies from temu like 30 40 dollars at a time do i pay duty on those now"
    turn = say(talk, text, "ask_gift_exemption")
    assert "gift" not in first_line(turn) and "owe duty" in first_line(turn), first_line(turn)


@pytest.mark.parametrize(
    "text",
    [
        "¿cuánto cobra normalmente un agente aduanal por hacer una entrada?",
        "Amazon me cobró 'import fees deposit' en mi pedido, ¿me van a regresar lo que sobre?",
        "CBP retuvo mi paquete para inspección hace una semana, ¿cuándo lo van a soltar?",
        "¿cuándo me va a llegar mi pedido que lleva 5 días en aduana?",
        "me llegó una multa de $2,000 de CBP por un envío mal declarado, ¿cómo la peleo?",
    ],
)
def test_spanish_questions_out_of_scope_say_so_in_spanish(talk: Conversation, text: str) -> None:
    turn = say(talk, text, "check_shipment")
    assert talk.frame.topic == "out_of_scope" and talk.frame.language == "es"
    assert english_words(first_line(turn)) == [], first_line(turn)


@pytest.mark.parametrize(
    ("text", "intent", "verdict", "figure"),
    [
        (
            "Me llegaron el mismo día dos regalos de mi abuela en Italia, de $70 cada uno. ¿Pago aranceles?",
            "ask_gift_exemption",
            "Sí",
            "$140",
        ),
        (
            "un pedido de $200 de china llegó el 10 de junio de 2025, ¿aplicaba el de minimis?",
            "check_shipment",
            "No",
            "2 de mayo de 2025",
        ),
        (
            "Traigo $1,000 en cosas de un viaje de dos semanas por Italia. ¿Tengo que pagar aranceles?",
            "check_shipment",
            "Sí",
            "$800",
        ),
        (
            "no presentamos el ISF en 3 embarques marítimos, ¿cuánto es lo máximo que podríamos deber en daños "
            "liquidados?",
            "ask_isf",
            "Hasta",
            "$15,000",
        ),
    ],
)
def test_spanish_facts_are_read_like_english_ones(
    talk: Conversation, text: str, intent: str, verdict: str, figure: str
) -> None:
    line = first_line(say(talk, text, intent))
    assert line.startswith(verdict) and figure in line, line


@pytest.mark.parametrize(
    ("question", "ok", "reply"),
    [
        ("¿cuál es el límite de regalos?", "ok", "¿Le ayudo con algo más?"),
        ("what's the gift limit?", "ok", "anything else"),
    ],
)
def test_an_ok_after_an_answer_is_acknowledged_not_misunderstood(
    talk: Conversation, question: str, ok: str, reply: str
) -> None:
    say(talk, question, "ask_gift_exemption")
    turn = say(talk, ok, "affirm")
    assert reply in text_of(turn) and talk.frame.topic == "gift"


def test_the_limit_of_a_country_is_that_countrys_rule(talk: Conversation) -> None:
    turn = say(talk, "¿cuál es el límite de aranceles del Reino Unido?", "ask_de_minimis")
    assert talk.frame.topic == "other_countries" and "£135" in first_line(turn), first_line(turn)


def test_a_sentence_picked_from_a_rule_is_shown_in_spanish(talk: Conversation) -> None:
    text = (
        "Hola, os escribo desde Valencia: vendo turrón a clientes de EE. UU. y lo envío por Correos, pedidos de "
        "unos 40 euros. ¿Mis clientes tienen que pagar aranceles al recibirlo?"
    )
    turn = say(talk, text, "ask_other_countries")
    for reply in turn.replies:
        assert english_words(reply.text) == [] and english_words(reply.detail) == [], reply.text


@pytest.mark.parametrize(
    "text",
    [
        "pedido de hong kong que llegó el 5 de mayo de 2025, ¿tenía de minimis?",
        "an order from hong kong that arrived on 5 May 2025, did it get de minimis?",
    ],
)
def test_did_de_minimis_apply_is_answered_no_when_it_was_suspended(talk: Conversation, text: str) -> None:
    line = first_line(say(talk, text, "check_shipment"))
    assert line.startswith("No") and "Hong Kong" in line, line
