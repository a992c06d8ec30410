"""Spanish in the keyword evidence and the kind of question (bot/nlu/topics.py, data/lexicon/topics.yml):
sentences cut at "¿" and "¡", the asking sentence with or without its opening "¿", question kinds, topic
keywords with or without accents, and typo correction that leaves ordinary Spanish words alone."""

from __future__ import annotations

import re

import pytest

from bot.nlu import topics
from bot.nlu.topics import LEXICON_PATH, asking_sentence, fold, keyword_topics, load_lexicon, question_kind, sentences
from tests.conftest import ROOT


def top(text: str) -> str | None:
    found = keyword_topics(text)
    return found[0][0] if found else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Compré unos tenis en China por $50 ¿tengo que pagar impuestos?",
            ["Compré unos tenis en China por $50", "¿tengo que pagar impuestos?"],
        ),
        ("¡Hola! ¿Cuánto es el límite? Gracias.", ["¡Hola!", "¿Cuánto es el límite?", "Gracias."]),
        # After a comma the "¿" stays in its sentence: the clause is part of the question.
        ("si es regalo de mi tía, ¿pago algo?", ["si es regalo de mi tía, ¿pago algo?"]),
        ("mi primo me mandó una chamarra. tengo que pagar?", ["mi primo me mandó una chamarra.", "tengo que pagar?"]),
        ("¿Qué es el ISF?¿Lo necesito?", ["¿Qué es el ISF?", "¿Lo necesito?"]),
    ],
)
def test_sentences_are_cut_before_an_opening_question_or_exclamation_mark(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "asking"),
    [
        ("Vendo en Etsy. ¿Necesito un agente aduanal? Gracias", "¿Necesito un agente aduanal?"),
        ("me llegó un paquete de Colombia. cuanto pago?", "cuanto pago?"),  # no opening "¿", as people type
        ("tengo una tienda ¿cuanto pago", "¿cuanto pago"),  # no closing "?"
    ],
)
def test_the_asking_sentence_is_the_one_with_a_question_mark_or_an_opening_one(text: str, asking: str) -> None:
    assert asking_sentence(text) == asking


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # yes / no
        ("¿Necesito un agente aduanal?", "yes_no"),
        ("necesito fianza para importar", "yes_no"),
        ("tengo que pagar impuestos si es regalo?", "yes_no"),
        ("¿Debo pagar aranceles por un paquete de $50?", "yes_no"),
        ("¿hay que presentar el ISF para carga marítima?", "yes_no"),
        ("¿Es obligatoria la fianza?", "yes_no"),
        ("¿está libre de impuestos un regalo de $90?", "yes_no"),
        ("¿pago algo por un regalo de mi tía?", "yes_no"),
        ("¿me van a cobrar aranceles?", "yes_no"),
        ("¿se puede importar sin agente?", "yes_no"),
        ("¿aplica la exención de minimis a envíos de Canadá?", "yes_no"),
        ("¿sigue vigente el de minimis?", "yes_no"),
        ("mi paquete de 50 dolares paga impuestos?", "yes_no"),
        ("¿se suspendió el de minimis?", "yes_no"),
        ("¿el de minimis ya se acabó?", "yes_no"),
        ("Compré unos tenis en China por $50 ¿tengo que pagar impuestos?", "yes_no"),
        ("Hola, si es regalo, ¿pago algo?", "yes_no"),
        ("oye una pregunta, ¿necesito ISF para carga marítima?", "yes_no"),
        ("quisiera saber si necesito fianza", "yes_no"),
        ("lo puedo mandar como regalo?", "yes_no"),
        ("¿pago impuestos o no?", "yes_no"),
        ("el límite es 800, ¿verdad?", "yes_no"),
        # how much
        ("¿Cuánto tengo que pagar?", "how_much"),
        ("cuanto pago por un envio de 300 dolares", "how_much"),
        ("¿qué tanto me cobran de aduana?", "how_much"),
        ("¿de cuánto es el límite?", "how_much"),
        ("¿cuál es el límite de minimis?", "how_much"),
        ("cual es la tarifa de procesamiento?", "how_much"),
        ("me puedes decir cuanto es la MPF?", "how_much"),
        ("no sé cuánto voy a pagar", "how_much"),
        ("¿pago $3 o $25?", "how_much"),
        # when
        ("¿Cuándo se suspendió el de minimis?", "when"),
        ("¿desde cuándo ya no aplica?", "when"),
        ("¿a partir de qué fecha?", "when"),
        ("cuando entra en vigor la derogacion?", "when"),
        ("¿cuánto tiempo tarda en liberarse?", "when"),
        # which
        ("¿Cuál entrada necesito?", "which"),
        ("¿qué tipo de fianza necesito?", "which"),
        ("¿entrada formal o informal?", "which"),
        # what
        ("¿Qué es el ISF?", "what"),
        ("que es la MPF", "what"),
        ("¿qué necesito para importar ropa?", "what"),
        # how
        ("¿Cómo presento una entrada informal?", "how"),
        ("como le hago para sacar una fianza?", "how"),
        # why, where: other
        ("¿Por qué me cobraron impuestos?", "other"),
        ("porque me cobraron aduana?", "other"),  # "porque" for "por qué", as often typed
        ("¿dónde compro una fianza?", "other"),
        # fragments and corrections ask nothing by themselves
        ("¿y en 2019?", "other"),
        ("¿y hoy?", "other"),
        ("¿y desde Canadá?", "other"),
        ("perdón, son $300", "other"),
        ("en realidad es de Vietnam", "other"),
    ],
)
def test_spanish_question_kinds(text: str, kind: str) -> None:
    assert question_kind(text) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("my son asked how much duty?", "how_much"),  # "son" is no Spanish verb in an English sentence
        ("so es it duty free?", "other"),
        ("is ISF needed for air freight?", "yes_no"),
    ],
)
def test_spanish_cues_do_not_change_english_questions(text: str, kind: str) -> None:
    assert question_kind(text) == kind


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("¿qué es la exención de minimis?", "ask_de_minimis"),
        ("cuál es el límite libre de impuestos", "ask_de_minimis"),
        ("el minimo exento para paquetes", "ask_de_minimis"),
        ("¿cuándo suspendieron el beneficio?", "ask_de_minimis_changes"),
        ("la derogación de la sección 321", "ask_de_minimis_changes"),
        ("mi tía me mandó un regalo", "ask_gift_exemption"),
        ("obsequios de navidad", "ask_gift_exemption"),
        ("traigo en mi equipaje unas botellas", "ask_traveler_exemption"),
        ("¿necesito un agente aduanal?", "ask_customs_broker"),
        ("agentes aduanales con licencia", "ask_customs_broker"),
        ("necesito una fianza aduanera continua", "ask_customs_bond"),
        ("¿cuánto es la tarifa de procesamiento de mercancías?", "ask_fees"),
        ("tarifa de mantenimiento de puertos", "ask_fees"),
        ("la declaración de seguridad del importador", "ask_isf"),
        ("código arancelario de unas bocinas", "ask_hts_classification"),
        ("fracción arancelaria", "ask_hts_classification"),
        ("clasificacion de mi producto", "ask_hts_classification"),
        ("bolsas falsificadas y piratería", "ask_ipr"),
        ("propiedad intelectual de una marca registrada", "ask_ipr"),
        ("trabajo forzoso en la cadena de suministro", "ask_forced_labor"),
        ("etiqueta de país de origen", "ask_marking"),
        ("marcado del pais de origen", "ask_marking"),
        ("¿es entrada informal o formal?", "ask_entry_types"),
        ("lo mando por correo postal", "ask_postal_shipments"),
        ("productos prohibidos y restringidos", "ask_restricted_goods"),
        ("quiero hablar con una persona", "request_human"),
        ("el IVA de otros países", "ask_other_countries"),
        ("el correo electrónico de CBP", "request_human"),  # e-mail, not the post
    ],
)
def test_spanish_keywords_name_the_topic(text: str, intent: str) -> None:
    assert top(text) == intent, keyword_topics(text)


@pytest.mark.parametrize(
    ("accented", "plain"),
    [
        ("exención de minimis", "exencion de minimis"),
        ("tarifa de procesamiento de mercancías", "TARIFA DE PROCESAMIENTO DE MERCANCIAS"),
        ("código arancelario", "codigo arancelario"),
        ("los aranceles y la fianza", "los aranceles y las fianzas"),
    ],
)
def test_spanish_keywords_match_with_or_without_accents_and_in_the_plural(accented: str, plain: str) -> None:
    assert top(accented) is not None and top(accented) == top(plain)


@pytest.mark.parametrize(
    "text",
    [
        "el mercado de ropa",  # not "marcado"
        "requisitos mínimos",  # not "minimis"
        "códigos de descuento",  # not "código hs"
        "los importes de la factura",  # not "imports"
    ],
)
def test_ordinary_spanish_words_are_not_read_as_typos_of_keywords(text: str) -> None:
    assert keyword_topics(text) == [], keyword_topics(text)


def test_fold_keeps_every_character_in_place() -> None:
    text = "¿Cuánto pagó Ñandú en España?"
    assert fold(text) == "¿Cuanto pago Nandu en Espana?" and len(fold(text)) == len(text)


def test_typo_correction_never_rewrites_a_real_word_of_the_spanish_training_data() -> None:
    """Every word of the Spanish NLU data that the typo correction would change becomes a word of the same
    topic (an inflection: "prohibidas" read as "prohibidos"), never a keyword of another meaning."""
    same_meaning = {"prohibidas", "registrados", "derogara", "vacacion", "pequenos"}
    lexicon = load_lexicon()
    vocabulary: set[str] = set()
    for path in (ROOT / "data" / "nlu" / "es").glob("*.yml"):
        vocabulary.update(re.findall(r"[a-z]+", fold(path.read_text(encoding="utf-8").lower())))
    changed = {word for word in vocabulary if topics._correct_typos(word, lexicon) != word}
    assert changed <= same_meaning, f"add these to real_words in {LEXICON_PATH.name}: {sorted(changed - same_meaning)}"
