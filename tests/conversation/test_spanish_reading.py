"""Spanish messages read as their English equivalents are (bot/conversation/understand.py with the Spanish
cues of data/lexicon/conversation.yml): the question's kind and topic, follow-ups and corrections, gifts and
purchases, cancelling, requests for detail or sources, questions about the assistant, a new shipment, and
which way the goods go.

Entities come from the real extractor (`extract_entities`). Cases marked "needs Spanish entities" also rely
on the extractor reading Spanish amounts, countries, modes or dates ("80 dólares", "México", "por barco",
"en 2019"); the rest depend on this reading alone.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.conversation.understand import Reading, read
from bot.nlu.extract import extract_entities
from tests.conversation.conftest import message

TODAY = date(2026, 12, 1)


def reading(text: str, intent: str | None = None, previous: str | None = None, pending: str | None = None) -> Reading:
    return read(message(text, intent, *extract_entities(text, today=TODAY)), previous, pending)


# --------------------------------------------------------------------------------------------
# New questions: topic and kind
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "intent", "topic", "ask"),
    [
        ("¿necesito un agente aduanal para importar ropa?", "ask_customs_broker", "customs_broker", "yes_no"),
        ("¿Necesito fianza aduanera para una entrada formal?", None, "customs_bond", "yes_no"),
        ("¿cuánto es la tarifa de procesamiento de mercancías?", None, "fees", "how_much"),
        ("que es el HMF", None, "fees", "what"),
        ("¿hay que presentar el ISF si viene por barco?", None, "isf", "yes_no"),
        ("¿qué código arancelario lleva una bocina bluetooth?", None, "hts_classification", "which"),
        ("¿puedo importar bolsas de imitación de marca?", None, "ipr", "yes_no"),
        ("¿qué pasa con el trabajo forzoso en Xinjiang?", None, "forced_labor", "what"),
        ("¿la etiqueta de origen es obligatoria?", None, "marking", "yes_no"),
        ("¿qué tipo de entrada necesito?", None, "entry_types", "which"),
        ("¿se suspendió la exención de minimis?", "ask_de_minimis_changes", "de_minimis_changes", "yes_no"),
        ("¿desde cuándo ya no aplica el de minimis?", "ask_de_minimis_changes", "de_minimis_changes", "when"),
        ("cual es el limite de minimis", "ask_de_minimis", "de_minimis", "how_much"),
        ("¿cuándo se derogó el de minimis?", "ask_de_minimis_changes", "de_minimis_changes", "when"),
        ("quiero hablar con una persona", None, "request_human", "other"),
    ],
)
def test_a_spanish_question_gets_its_topic_and_kind(text: str, intent: str | None, topic: str, ask: str) -> None:
    got = reading(text, intent)
    assert (got.topic, got.ask.split("_free")[0]) == (topic, ask), got


@pytest.mark.parametrize(
    ("text", "focus"),
    [
        ("¿desde cuándo está suspendido el de minimis?", "when_suspended"),
        ("¿cuándo se deroga por completo el de minimis?", "when_repeal"),
        ("¿cuándo va a volver el de minimis?", "when_back"),
    ],
)
def test_when_questions_about_de_minimis_pick_the_date_asked(text: str, focus: str) -> None:
    got = reading(text, "ask_de_minimis_changes")
    assert (got.topic, got.ask, got.focus) == ("de_minimis_changes", "when", focus), got


def test_is_de_minimis_free_still_asks_whether_it_applies() -> None:
    assert reading("¿todavía aplica el de minimis para un paquete de $60?", "ask_de_minimis").ask == "yes_no_free"


def test_fees_focus_on_the_fee_named() -> None:
    assert reading("¿cuánto es la tarifa de mantenimiento de puertos?", "ask_fees").focus == "hmf"
    assert reading("¿y la tarifa de procesamiento?", "ask_fees").focus == "mpf"


def test_a_question_after_a_story_is_the_question_asked() -> None:
    # needs Spanish entities ("$50", "China")
    got = reading("Compré unos tenis en China por $50 ¿tengo que pagar aranceles?", "check_shipment")
    assert (got.topic, got.ask, got.facts.get("gift")) == ("shipment", "yes_no", False)
    assert got.facts.get("value") == 50.0 and got.facts.get("country") == "CN"


def test_also_asked_topics_come_from_the_questions() -> None:
    got = reading("mi envío viene por barco desde Vietnam. ¿necesito fianza? ¿y el ISF?", "ask_customs_bond")
    assert got.topic == "customs_bond" and got.also == ("isf",)


@pytest.mark.parametrize(
    ("text", "intent", "topic", "focus"),
    [
        ("¿qué pasa si me multan por no presentar el ISF?", "ask_isf", "isf", "damages"),
        ("¿qué tipo de fianza necesito, continua o de una sola vez?", "ask_customs_bond", "customs_bond", "kinds"),
        ("¿qué es una entrada tipo 86?", "ask_entry_types", "entry_types", "type86"),
        ("fui a Tijuana un solo día, ¿cuánto puedo traer sin pagar?", None, "traveler_exemption", "short_trip"),
        ("ya usé mi exención en otro viaje, ¿ahora cuánto puedo traer?", None, "traveler_exemption", "used_recently"),
        ("¿mis clientes en el Reino Unido pagan IVA?", "ask_other_countries", "other_countries", "pays"),
        ("¿cuál fue el primer límite de minimis?", "ask_de_minimis_changes", "de_minimis_changes", "first"),
        ("¿cuándo subió el límite a $800?", "ask_de_minimis_changes", "de_minimis_changes", "when_800"),
        ("¿qué cambió en 2025?", "ask_de_minimis_changes", "de_minimis_changes", "what_changed"),  # needs the date
        ("¿con cuánta anticipación mando el aviso previo de la FDA?", None, "restricted_goods", "max_advance"),
    ],
)
def test_the_part_of_a_topic_asked_about(text: str, intent: str | None, topic: str, focus: str) -> None:
    got = reading(text, intent)
    assert (got.topic, got.focus) == (topic, focus), got


@pytest.mark.parametrize(
    ("text", "ask"),
    [
        ("¿regresó el de minimis después del fallo de la corte suprema?", "yes_no_back"),
        ("¿es una entrada formal si vale $3,000?", "yes_no_formal"),
        ("¿un regalo de $90 está libre de impuestos?", "yes_no_free"),
    ],
)
def test_yes_no_questions_that_get_a_special_answer(text: str, ask: str) -> None:
    intent = {"yes_no_back": "ask_de_minimis_changes", "yes_no_formal": "ask_entry_types"}.get(ask)
    assert reading(text, intent).ask == ask


@pytest.mark.parametrize(
    "text",
    [
        "¿cuándo liberan mi paquete retenido en aduana?",
        "¿dónde está mi paquete? el número de guía no sirve",
        "¿cómo recupero los aranceles que pagué si lo devolví?",
        "FedEx me cobró una tarifa de despacho de $35, ¿la puedo disputar?",
        "¿cuánto cuesta el envío desde China por barco?",
    ],
)
def test_what_the_assistant_cannot_answer_is_out_of_scope(text: str) -> None:
    assert reading(text, "check_shipment").topic == "out_of_scope"


@pytest.mark.parametrize(
    ("text", "intent", "topic", "facts"),
    [
        # Real messages, with the facts a user expects to be kept (needs Spanish entities).
        (
            "oye, mi suegra me mandó de Puerto Rico unos dulces, ¿pago algo?",
            "ask_gift_exemption",
            "gift",
            {"gift": True, "country": "PR"},
        ),
        (
            "pedí por amazon unos audífonos de 45 dólares desde china, me van a cobrar aduana?",
            "check_shipment",
            "shipment",
            {"gift": False, "value": 45.0, "country": "CN"},
        ),
        (
            "Buenas, tengo una tiendita en Shopify y traigo mercancía de Corea, como 600 dls por envío. "
            "¿Necesito agente aduanal?",
            "ask_customs_broker",
            "customs_broker",
            {"gift": False, "value": 600.0, "country": "KR"},
        ),
        (
            "¿cuánto me cobran de impuestos por un perfume de 120 euros que compré en España?",
            "check_shipment",
            "shipment",
            {"gift": False, "value": 120.0, "currency": "EUR"},
        ),
        (
            "me cobraron $30 de aduana por un paquete de $50, ¿es correcto?",
            "check_shipment",
            "shipment",
            {"value": 50.0},
        ),
        (
            "mi hermana en Madrid me quiere mandar un regalo de cumpleaños, ¿hasta cuánto puede valer?",
            "ask_gift_exemption",
            "gift",
            {"gift": True},
        ),
        (
            "fui a Tijuana un día y traje unas botas de $300, ¿tengo que pagar?",
            "ask_traveler_exemption",
            "traveler_exemption",
            {"value": 300.0},
        ),
    ],
)
def test_real_spanish_messages(text: str, intent: str, topic: str, facts: dict) -> None:
    got = reading(text, intent)
    assert got.topic == topic, got
    assert {key: got.facts.get(key) for key in facts} == facts


def test_a_broker_quoted_in_the_question_is_no_extra_topic() -> None:
    got = reading("mi agente aduanal dice que ya no hay de minimis, ¿es cierto?", "ask_de_minimis_changes")
    assert got.topic == "de_minimis_changes" and got.also == ()


# --------------------------------------------------------------------------------------------
# Follow-ups and corrections
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "intent", "previous", "fact"),
    [
        ("¿y si fuera regalo?", "inform", "shipment", ("gift", True)),
        ("y si es un regalo de mi mamá?", None, "shipment", ("gift", True)),
        ("¿qué tal si es regalo?", "inform", "shipment", ("gift", True)),
        ("¿y desde Canadá?", "inform", "shipment", ("country", "CA")),  # needs Spanish entities
        ("¿y por barco?", "inform", "fees", ("mode", "ocean")),  # needs Spanish entities (or the mode cue)
        ("¿y en 2019?", "inform", "de_minimis", ("on", "2019-01-01")),
        ("y en el 2019", None, "de_minimis", ("on", "2019-01-01")),
        ("¿y hoy?", "inform", "de_minimis", ("today", True)),
        ("perdón, son $300", "inform", "shipment", ("value", 300.0)),  # needs Spanish entities
        ("perdon son 300 dolares", "inform", "shipment", ("value", 300.0)),  # needs Spanish entities
        ("en realidad es de Vietnam", "inform", "shipment", ("country", "VN")),  # needs Spanish entities
        ("me equivoqué, es por avión", "inform", "shipment", ("mode", "air_cargo")),  # needs Spanish entities
        ("corrijo: vale $120", "inform", "shipment", ("value", 120.0)),  # needs Spanish entities
        ("no, era de Japón", "inform", "shipment", ("country", "JP")),  # needs Spanish entities
        ("desde México?", None, "gift", ("country", "MX")),  # needs Spanish entities
    ],
)
def test_a_spanish_follow_up_changes_one_fact_of_the_last_question(
    text: str, intent: str | None, previous: str, fact: tuple[str, object]
) -> None:
    got = reading(text, intent, previous)
    key, value = fact
    assert got.follow_up and got.topic == previous, got
    if key == "today":  # the extractor may read "hoy" as today's date
        assert got.facts.get("today") is True or got.facts.get("on") == TODAY.isoformat(), got.facts
    else:
        assert got.facts.get(key) == value, got.facts


@pytest.mark.parametrize(
    "text",
    [
        "por favor",  # "please", not "by ..."
        "de nada",  # "you're welcome"
        "de acuerdo",  # "all right"
    ],
)
def test_polite_words_that_start_with_a_preposition_are_not_follow_ups(text: str) -> None:
    assert not reading(text, None, "shipment").follow_up


def test_a_new_question_after_an_answer_is_not_a_follow_up() -> None:
    got = reading("¿necesito un agente aduanal para importar muebles?", "ask_customs_broker", "shipment")
    assert not got.follow_up and got.topic == "customs_broker"


# --------------------------------------------------------------------------------------------
# Gifts, purchases, misdeclaration
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "gift"),
    [
        ("es un regalo de mi tía", True),
        ("me lo mandó mi primo de Guatemala", True),
        ("me lo regalaron para mi cumpleaños", True),
        ("un obsequio de mi mamá", True),
        ("mi abuela me va a mandar unos dulces", True),
        ("un paquetito de navidad", True),
        ("lo compré en Amazon", False),
        ("compré unos tenis en Shein", False),
        ("pedí unas fundas de celular", False),
        ("mi pedido de AliExpress", False),
        ("mi orden de Temu", False),
        ("son para vender en mi tienda", False),
        ("mercancía para mi negocio", False),
        ("inventario para mi tiendita", False),
        ("no es regalo, lo pagué yo", False),
        ("mi proveedor me manda las piezas", False),
    ],
)
def test_gift_or_purchase(text: str, gift: bool) -> None:
    assert reading(text, "inform", "shipment").facts.get("gift") is gift


def test_a_bill_sent_by_the_carrier_is_no_gift() -> None:
    assert "gift" not in reading("DHL me mandó una factura de $40", None).facts


@pytest.mark.parametrize(
    "text",
    [
        "lo compré en línea, ¿el vendedor lo puede marcar como regalo?",
        "compré 3 relojes y mi proveedor dice que los declara como regalo",
        "pedí ropa para vender y el vendedor va a poner que es regalo como regalo",
        "compré unos lentes, ¿y si los declaran a un valor más bajo?",
    ],
)
def test_bought_goods_marked_as_a_gift_are_a_misdeclared_purchase(text: str) -> None:
    got = reading(text, "ask_gift_exemption")
    assert got.facts.get("misdeclared") is True and got.facts.get("gift") is False
    assert got.topic == "shipment"


def test_a_real_gift_sent_as_a_gift_is_not_misdeclared() -> None:
    got = reading("mi tía me quiere mandar unos aretes, ¿lo puede mandar como regalo?", "ask_gift_exemption")
    assert got.facts.get("gift") is True and "misdeclared" not in got.facts


# --------------------------------------------------------------------------------------------
# Requests: cancel, more detail, sources, questions about the assistant, another shipment
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["olvídalo", "olvidalo", "ya no", "déjalo así", "cancelar", "no importa", "mejor no", "olvida eso, gracias"]
)
def test_cancel(text: str) -> None:
    assert reading(text, "deny", "shipment").request == "cancel"


@pytest.mark.parametrize(
    "text",
    [
        "¿ya no aplica el de minimis?",  # "ya no" in a question is no wish to stop
        "no importa el valor?",
        "el de minimis se cancela en 2027",
    ],
)
def test_questions_with_cancel_words_are_not_cancelling(text: str) -> None:
    assert reading(text, None, "de_minimis").request != "cancel"


@pytest.mark.parametrize(
    "text", ["más detalles por favor", "dame más información", "explícame eso", "cuéntame más", "¿por qué?"]
)
def test_more_detail(text: str) -> None:
    got = reading(text, None, "gift")
    assert (got.request, got.topic) == ("detail", "gift")


@pytest.mark.parametrize(
    "text", ["¿cuáles son tus fuentes?", "¿de dónde sacas eso?", "pásame el enlace", "¿dónde dice eso?"]
)
def test_sources(text: str) -> None:
    got = reading(text, None, "de_minimis")
    assert (got.request, got.topic) == ("sources", "de_minimis")


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("¿es asesoría legal?", "meta_legal"),
        ("¿esto es asesoría legal o no?", "meta_legal"),
        ("¿eres abogado?", "meta_legal"),
        ("¿puedo confiar en esto?", "meta_legal"),
        ("¿qué tan actualizada está tu información?", "meta_freshness"),
        ("¿cuándo fue la última actualización?", "meta_freshness"),
    ],
)
def test_questions_about_the_assistant(text: str, wanted: str) -> None:
    assert reading(text, None, "shipment").request == wanted


@pytest.mark.parametrize("text", ["otro paquete de $40", "tengo otra consulta", "revisa otro envío por favor"])
def test_another_shipment(text: str) -> None:
    assert reading(text, "check_shipment", "shipment").another


# --------------------------------------------------------------------------------------------
# Which way the goods go, and other countries' rules
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # needs Spanish entities ("México", "Canadá"): the user sends goods abroad
        ("le mando ropa a mi mamá en México, ¿ella tiene que pagar impuestos?", "MX"),
        ("le vendo a un cliente en Canadá un collar de $90, ¿paga aranceles?", "CA"),
        ("quiero mandarle un paquete a mi hermano en Colombia, ¿cuánto paga allá?", "CO"),
        ("¿cuál es el límite de Canadá?", "CA"),
        ("¿cuánto es el de minimis del Reino Unido?", "GB"),
        ("¿mis clientes en Australia pagan GST?", "AU"),
    ],
)
def test_goods_going_abroad_are_about_the_other_countrys_rules(text: str, country: str) -> None:
    got = reading(text, "check_shipment")
    assert (got.topic, got.facts.get("country")) == ("other_countries", country), got


@pytest.mark.parametrize(
    "text",
    [
        # needs Spanish entities: goods coming into the US
        "me mandan de China unas piezas, ¿pago aranceles?",
        "mi proveedor en China me manda 200 fundas, ¿cuánto pago?",
        "mi tía de Canadá me mandó un regalo, ¿pago algo?",
        "le vendo a un cliente en Texas unas botas que vienen de México, ¿paga aranceles?",
        "compré en Canadá unos tenis de $120, ¿pago aranceles?",
    ],
)
def test_goods_coming_into_the_us_stay_a_us_question(text: str) -> None:
    assert reading(text, "check_shipment").topic != "other_countries"


def test_the_us_de_minimis_for_china_goods_is_no_question_about_chinas_rules() -> None:
    got = reading("¿el de minimis sigue suspendido para China?", "ask_de_minimis_changes")
    assert got.topic in ("de_minimis", "de_minimis_changes")


def test_the_us_place_a_buyer_lives_in_makes_it_an_import() -> None:
    assert reading("vendo desde México a un cliente en Estados Unidos", "check_shipment").topic != "other_countries"


# --------------------------------------------------------------------------------------------
# Facts read from Spanish words
# --------------------------------------------------------------------------------------------


def test_two_gifts_of_70_each_are_two_values_the_same_day() -> None:
    # needs Spanish entities ("$70")
    got = reading("me mandaron 2 regalos de $70 cada uno", "ask_gift_exemption")
    assert got.facts.get("values") == (70.0, 70.0) and got.facts.get("same_day")


def test_separate_days_and_the_same_day() -> None:
    assert reading("llegaron en días diferentes", "inform", "gift").facts.get("separate_days")
    assert reading("¿y si llegan el mismo día?", "inform", "gift").follow_up


def test_the_carrier_keeps_the_users_spelling() -> None:
    assert reading("me llegó por Estafeta", "inform", "shipment").facts.get("carrier") == "Estafeta"


def test_spanish_rule_terms_name_the_rule_in_english() -> None:
    terms = reading("¿el límite de regalos de Canadá por correo?", "ask_other_countries").facts.get("terms", ())
    assert {"gifts", "post"} <= set(terms)


def test_today_in_spanish() -> None:
    facts = reading("¿y ahorita cuánto es?", "inform", "de_minimis").facts
    assert facts.get("today") is True or facts.get("on") == TODAY.isoformat(), facts


def test_the_shipments_own_words() -> None:
    assert reading("¿cuánto es el MPF de mi próximo envío?", "ask_fees").facts.get("own") is True
