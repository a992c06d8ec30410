"""The Spanish templates mirror the English ones: same keys, same placeholders, Spanish words only.

And real verdicts rendered in Spanish read as Spanish: "Sí"/"No" first, Spanish dates, no English.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterator
from decimal import Decimal

import yaml

from bot.answers import render, render_question, templates
from bot.answers.render import render_statement
from bot.conversation.dialogue import verdict_function
from bot.thresholds import verdicts as v
from tests.answers.samples import TODAY, sample_verdicts
from tests.conftest import ROOT

TEMPLATES = ROOT / "bot" / "answers" / "templates"
EN = yaml.safe_load((TEMPLATES / "en.yml").read_text(encoding="utf-8"))
ES = yaml.safe_load((TEMPLATES / "es.yml").read_text(encoding="utf-8"))
#: The only place Spanish may have more keys: country names that Spanish writes with an article.
EXTRA_ALLOWED = (("words", "countries"), ("words", "contractions"))

#: English words that have no business in a Spanish sentence (none is also a Spanish word).
# fmt: off
ENGLISH_WORDS = {
    "the", "you", "your", "duty", "duties", "will", "and", "of", "is", "are", "was", "were", "to", "for",
    "with", "from", "on", "this", "that", "it", "be", "can", "have", "not", "or", "by", "at", "if", "but",
    "goods", "shipment", "shipments", "fee", "fees", "entry", "entries", "gift", "gifts", "customs", "limit",
    "free", "mail", "broker", "bond", "rules", "since", "until", "day", "date", "tax", "ocean", "over",
    "within", "up", "only", "no longer", "I", "I'm", "I've", "don't", "can't", "isn't", "didn't",
    "applies", "source", "sources", "detail", "yes", "OK", "please", "sorry", "what", "which", "how",
    "country", "countries", "value", "worth", "courier", "truck", "rail", "traveller", "baggage",
    "hour", "hours", "days", "tobacco", "food", "drinks", "must", "should",
}
# fmt: on
#: Names and acronyms that stay as they are in Spanish (CBP's Spanish pages use them too).
KEPT = {"de minimis", "CBP", "MPF", "HMF", "ISF", "FDA", "CPSC", "UFLPA", "PNSI", "ACE", "EIN", "SSN", "IRS"}


def leaves(table, path=()) -> Iterator[tuple[tuple, object]]:
    if isinstance(table, dict):
        for key, value in table.items():
            yield from leaves(value, (*path, key))
    elif isinstance(table, list):
        for index, value in enumerate(table):
            yield from leaves(value, (*path, index))
    else:
        yield path, table


def placeholders(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def spanish_strings() -> Iterator[tuple[tuple, str]]:
    for path, text in leaves(ES):
        if isinstance(text, str):
            yield path, text


def english_words_in(text: str) -> list[str]:
    """English words in a Spanish string, outside placeholders, quotes ("Made in China") and web addresses."""
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"\"[^\"]*\"", " ", text)
    text = re.sub(r"\S+\.(?:gov|com|org)\S*", " ", text)
    for kept in KEPT:
        text = text.replace(kept, " ")
    found = []
    for phrase in ENGLISH_WORDS:
        # Case-sensitive for "I", "OK" and acronym-like words; otherwise any case.
        flags = 0 if phrase in ("I", "OK") else re.IGNORECASE
        if re.search(rf"(?<![\w'’]){re.escape(phrase)}(?![\w'’])", text, flags):
            found.append(phrase)
    return found


# ---- the files ---------------------------------------------------------------------------------


def test_spanish_has_exactly_the_english_keys() -> None:
    def walk(en, es, path=()) -> Iterator[str]:
        if isinstance(en, dict):
            if not isinstance(es, dict):
                yield f"{'/'.join(map(str, path))}: not a mapping"
                return
            for key in en.keys() - es.keys():
                yield f"missing {'/'.join(map(str, (*path, key)))}"
            if path not in EXTRA_ALLOWED:
                for key in es.keys() - en.keys():
                    yield f"extra {'/'.join(map(str, (*path, key)))}"
            for key in en.keys() & es.keys():
                yield from walk(en[key], es[key], (*path, key))
        elif isinstance(en, list):
            if not isinstance(es, list) or len(es) != len(en):
                yield f"{'/'.join(map(str, path))}: not a list of {len(en)}"
                return
            for index, (a, b) in enumerate(zip(en, es, strict=True)):
                yield from walk(a, b, (*path, index))
        elif type(en) is not type(es):
            yield f"{'/'.join(map(str, path))}: {type(es).__name__} instead of {type(en).__name__}"

    assert sorted(walk(EN, ES)) == []
    assert len(list(leaves(ES))) > 400


def test_every_spanish_string_has_the_english_placeholders() -> None:
    english = dict(leaves(EN))
    different = [
        (path, placeholders(english[path]), placeholders(text))
        for path, text in spanish_strings()
        if path in english and placeholders(english[path]) != placeholders(text)
    ]
    assert different == []


def test_empty_strings_stay_empty_and_others_are_translated() -> None:
    english = dict(leaves(EN))
    assert [path for path, text in spanish_strings() if path in english and (text == "") != (english[path] == "")] == []
    same = [
        (path, text)
        for path, text in spanish_strings()
        if path in english and text == english[path] and re.search(r"[a-z]{3}", re.sub(r"\{[^}]*\}", "", text))
    ]
    names = set(ES["words"]["countries"].values())  # the same in both languages: "Guam", "China"
    assert [(path, text) for path, text in same if text not in names] == []


def test_every_spanish_country_code_is_a_country_and_every_name_is_spanish() -> None:
    countries = ES["words"]["countries"]
    assert all(isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code) for code in countries), countries
    for code in ("CN", "HK", "MX", "CA", "GB", "DE", "JP", "KR", "IN", "VN", "DO", "NL", "PH", "AE", "EU", "US"):
        assert code in countries
    assert countries["GB"] == "el Reino Unido" and countries["NL"] == "los Países Bajos"
    assert countries["VI"] == "las Islas Vírgenes de EE. UU." and countries["CZ"] == "Chequia"


def test_yes_no_answers_start_with_si_or_no() -> None:
    variants = {key: text for key, text in ES["headline"].items() if "@yes_no" in key}
    assert len(variants) > 40
    wrong = {key: text for key, text in variants.items() if not re.match(r"(Sí|No)\b", text)}
    assert wrong == {}
    # And they say the same thing as the English: "Yes" where English says yes.
    flipped = {
        key
        for key, text in variants.items()
        if (EN["headline"][key].startswith("Yes") and not text.startswith("Sí"))
        or (EN["headline"][key].startswith("No") and not text.startswith("No"))
    }
    assert flipped == set()


def test_no_spanish_string_uses_english_words() -> None:
    found = {"/".join(map(str, path)): words for path, text in spanish_strings() if (words := english_words_in(text))}
    assert found == {}


def test_the_english_word_check_catches_english() -> None:
    assert english_words_in("You will owe duty on this shipment.") != []
    assert english_words_in("I can't check that: {reason}") != []
    assert english_words_in("Sí, tendrá que pagar aranceles por este envío{on_this}.") == []
    assert english_words_in('Cada artículo debe decir "Made in China" (CBP, MPF).') == []


def test_spanish_uses_the_agreed_legal_terms() -> None:
    text = "\n".join(text for _path, text in spanish_strings())
    for term in (
        "exención de minimis",
        "entrada informal",
        "entrada formal",
        "Centro de Información de CBP",
        "agente aduanal con licencia",
        "fianza aduanera",
        "aranceles",
        "tarifa de procesamiento de mercancías (MPF)",
        "tarifa de mantenimiento de puertos (HMF)",
        "Declaración de Seguridad del Importador (ISF)",
    ):
        assert term in text, term
    assert ES["words"]["disclaimer"] == "Esta es información general, no asesoría legal."
    assert "usted" in text and not re.search(r"\b(tú|tienes|puedes|quieres)\b", text)  # "usted", never "tú"


def test_de_or_a_before_a_country_that_takes_el_is_contracted(snapshot) -> None:
    """ "de el Reino Unido" must read "del Reino Unido": the templates' contractions are applied when filled."""
    from bot.answers.render import _fill

    words = templates("es")["words"]
    assert _fill("Consulte a la aduana de {jurisdiction}.", {"jurisdiction": "GB"}, words) == (
        "Consulte a la aduana del Reino Unido."
    )
    assert _fill("Escriba a {jurisdiction}.", {"jurisdiction": "GB"}, words) == "Escriba al Reino Unido."
    assert _fill("la aduana de {jurisdiction}", {"jurisdiction": "SV"}, words) == "la aduana de El Salvador"


def test_next_step_points_start_as_words_next_step_starts_says() -> None:
    starts = tuple(ES["words"]["next_step_starts"])
    nexts = {key: text for key, text in ES["point"].items() if key.startswith("next.")}
    assert nexts and all(text.startswith(starts) for text in nexts.values()), nexts


def test_question_buttons_send_spanish_back() -> None:
    for entry in ("ask.origin", "ask.mode"):
        for title, payload in ES["ask"][entry]["buttons"]:
            assert english_words_in(title) == [] and english_words_in(payload) == [], (title, payload)
    assert all(ES["ask"][f"ask.{fact}"]["text"].startswith("¿") for fact in ("value", "origin", "mode"))


# ---- real verdicts in Spanish ------------------------------------------------------------------


def say(snapshot, topic: str, ask: str = "other", **facts):
    verdict = verdict_function(topic)(snapshot, v.Facts(topic=topic, ask=ask, today=TODAY, **facts), TODAY)
    return verdict, render(verdict, ask=ask, today=TODAY, data_as_of=snapshot.data_as_of, language="es")


def head(reply) -> str:
    return reply.text.split("\n")[0]


def test_the_whole_sample_renders_in_spanish_with_no_leftover_braces(snapshot) -> None:
    problems = []
    count = 0
    for facts, verdict in sample_verdicts(snapshot, verdict_function):
        if verdict.missing:
            reply = render_question(verdict, language="es")
        else:
            reply = render(
                verdict,
                ask=facts.ask,
                today=TODAY,
                data_as_of=snapshot.data_as_of,
                with_disclaimer=True,
                language="es",
                period_end=facts.period_end,
            )
            for point in verdict.points:
                render_statement(point, language="es")
            if not reply.text.rstrip().endswith("Esta es información general, no asesoría legal."):
                problems.append((verdict.code, "disclaimer", reply.text))
            if "Válido " not in reply.text or "Datos actualizados al " not in reply.text:
                problems.append((verdict.code, "dated line", reply.text))
        count += 1
        for bad in ("{", "}", "None", "  ", " .", "$-", "%%"):
            if bad in reply.text or bad in reply.detail:
                problems.append((verdict.code, bad, reply.text))
    assert count > 100
    assert problems == []


def test_a_spanish_first_message_has_at_most_60_words_before_its_sources_line(snapshot) -> None:
    """As in English (Spanish runs longer: "26 de noviembre de 2026" is five words)."""
    counted = (
        (len([w for w in first.split() if re.search(r"\w", w)]), code, first)
        for code, first in spanish_answers(snapshot)
    )
    long = [item for item in counted if item[0] > 60]
    assert long == []


def test_a_spanish_yes_no_answer_says_si_or_no_first_with_spanish_dates(snapshot) -> None:
    _v, reply = say(snapshot, "de_minimis", "yes_no")
    assert re.match(r"No\b", head(reply))
    assert "($800) está suspendida para todos los países desde el 29 de agosto de 2025" in head(reply)
    _v, reply = say(snapshot, "shipment", "yes_no", value=Decimal(650), origin="VN", mode="express")
    assert re.match(r"Sí\b", head(reply)) and "pagará aranceles" in head(reply)
    assert "$650 desde Vietnam" in head(reply)
    _v, reply = say(
        snapshot, "shipment", "yes_no", value=Decimal(50), origin="VN", mode="express", on=dt.date(2024, 6, 1)
    )
    assert head(reply).startswith("No, no paga aranceles: $50 está dentro del límite de minimis de $800")
    assert "el 1 de junio de 2024" in head(reply)
    assert any(line.startswith("Válido para el 1 de junio de 2024.") for line in reply.text.split("\n"))
    assert [button["title"] for button in reply.buttons][-2:] == ["Más detalles", "Fuentes"]


def test_spanish_countries_and_modes_read_as_a_sentence_needs_them(snapshot) -> None:
    _v, reply = say(snapshot, "shipment", value=Decimal(650), origin="GB", mode="express")
    assert "desde el Reino Unido" in head(reply)
    _v, reply = say(snapshot, "shipment", value=Decimal(40), origin="PR", mode="express")
    assert head(reply).startswith("No paga aranceles: el territorio aduanero de EE. UU. incluye Puerto Rico")
    _v, reply = say(snapshot, "isf", "yes_no", mode="truck")
    assert head(reply).startswith("No:") and "los envíos por camión no la necesitan" in head(reply)


def test_a_spanish_fee_answer_reads_naturally(snapshot) -> None:
    _v, reply = say(snapshot, "fees", value=Decimal(5000))
    assert head(reply).startswith("La tarifa de procesamiento de mercancías (MPF) de esta entrada formal es $34.58")
    assert "el 0.3464% de $5,000 es $17.32, por debajo del mínimo de $34.58, así que se paga $34.58." in head(reply)


def test_spanish_questions_have_spanish_text_and_buttons(snapshot) -> None:
    asked = set()
    for _facts, verdict in sample_verdicts(snapshot, verdict_function):
        if not verdict.missing:
            continue
        reply = render_question(verdict, language="es")
        asked.add(verdict.missing)
        assert reply.text.startswith("¿") and reply.text.endswith("?"), reply.text
        assert english_words_in(reply.text) == [], reply.text
        assert all(english_words_in(button["title"]) == [] for button in reply.buttons), reply.buttons
    assert asked >= {"value", "origin"}


def spanish_answers(snapshot) -> Iterator[tuple[str, str]]:
    """The first message (before its sources line) of the sample's answers and a few more, in Spanish."""
    for facts, verdict in sample_verdicts(snapshot, verdict_function):
        if verdict.missing:
            continue
        reply = render(
            verdict,
            ask=facts.ask,
            today=TODAY,
            data_as_of=snapshot.data_as_of,
            language="es",
            period_end=facts.period_end,
        )
        yield verdict.code, reply.text.split("\nFuente:")[0]
    tobacco = frozenset({"tobacco"})
    for topic, facts in (
        ("shipment", {"value": Decimal(90), "origin": "FR", "mode": "express", "goods_flags": tobacco}),
        ("shipment", {"value": Decimal(-5), "origin": "FR", "mode": "express"}),  # refused: the reason
        ("restricted_goods", {"goods_flags": frozenset({"food"}), "mode": "air_cargo"}),
    ):
        verdict, reply = say(snapshot, topic, **facts)
        yield verdict.code, reply.text.split("\nFuente:")[0]


def test_a_spanish_first_message_has_no_english_words(snapshot) -> None:
    leaks = {}
    for code, first in spanish_answers(snapshot):
        found = english_words_in(first)
        if found:
            leaks.setdefault(code, (found, first))
    assert leaks == {}
