"""Spanish messages give the same normalised entities as English ones (bot/nlu/extract.py).

Amounts, currencies, ISO countries, transport mode codes, ISO dates (with the same period as the
English phrase) and goods flags, in the Spanish people write (Mexico, Central America, the Caribbean,
Spain, Spanglish; missing accents, lowercase), and Spanish words that must not become entities.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot import vocabulary
from bot.nlu.amounts import parse_amount
from bot.nlu.countries import normalise_country
from bot.nlu.currencies import normalise_currency
from bot.nlu.dates import normalise_date
from bot.nlu.extract import extract_entities
from bot.nlu.goods import goods_flags
from bot.nlu.modes import normalise_mode

TODAY = date(2026, 12, 1)  # a Tuesday


def values(text: str, entity: str, lang: str | None = None) -> list[Any]:
    return [e["value"] for e in extract_entities(text, TODAY, lang) if e["entity"] == entity]


def dates(text: str, lang: str | None = None) -> list[tuple[str, dict[str, str]]]:
    return [(e["value"], e["additional_info"]) for e in extract_entities(text, TODAY, lang) if e["entity"] == "date"]


# --- amounts and currencies ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("compré unos zapatos por 650 dólares", 650.0, "USD"),
        ("me costó 650 dolares", 650.0, "USD"),
        ("el valor es US$ 2.500", 2500.0, "USD"),
        ("pagué $2.500,50 en total", 2500.5, "USD"),
        ("son 2,500 dlls de ropa", 2500.0, "USD"),
        ("fueron como 300 dls", 300.0, "USD"),
        ("mil dólares de juguetes", 1000.0, "USD"),
        ("dos mil quinientos dólares", 2500.0, "USD"),
        ("unos 300 dólares", 300.0, "USD"),
        ("300 pesos", 300.0, "MXN"),
        ("300 pesos mexicanos", 300.0, "MXN"),
        ("un pedido de 2.500 pesos", 2500.0, "MXN"),
        ("50 euros", 50.0, "EUR"),
        ("quinientos dólares", 500.0, "USD"),
        ("ciento veinte dólares", 120.0, "USD"),
        ("treinta y cinco dólares", 35.0, "USD"),
        ("el paquete vale 1.200 USD", 1200.0, "USD"),
        ("vale $1.200", 1200.0, "USD"),
        ("el envío costó $17.32", 17.32, "USD"),
        ("me cobraron $17,32 de impuestos", 17.32, "USD"),
        ("vale 5 mil pesos", 5000.0, "MXN"),
        ("2 millones de dólares", 2000000.0, "USD"),
        ("un valor de 1.200.000 pesos", 1200000.0, "MXN"),
        ("unos mil quinientos dolares", 1500.0, "USD"),
        ("me cobraron 20 libras", 20.0, "GBP"),
        ("20 libras esterlinas", 20.0, "GBP"),
        ("3000 yenes", 3000.0, "JPY"),
        ("150 dólares canadienses", 150.0, "CAD"),
        ("400 reales", 400.0, "BRL"),
        ("200 soles", 200.0, "PEN"),
        ("500 quetzales", 500.0, "GTQ"),
        ("1000 lempiras", 1000.0, "HNL"),
        ("800 pesos colombianos", 800.0, "COP"),
        ("100 yuanes", 100.0, "CNY"),
        ("100 euros de regalo de mi tía", 100.0, "EUR"),
    ],
)
def test_amounts_with_currency(text: str, amount: float, currency: str) -> None:
    entities = extract_entities(text, TODAY)
    assert [e["value"] for e in entities if e["entity"] == "amount"] == [amount], entities
    assert [e["value"] for e in entities if e["entity"] == "currency"] == [currency], entities


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("me costó 650", 650.0),
        ("pagué unos 300 por el envío", 300.0),
        ("el valor es de 2.500", 2500.0),
        ("cuesta 1.200", 1200.0),
        ("un pedido de 780", 780.0),
        ("por un valor de 950", 950.0),
        ("la compra fue por 1200", 1200.0),
        ("más de 800", 800.0),
        ("vale como quinientos", 500.0),
    ],
)
def test_amounts_after_spanish_cue_words(text: str, amount: float) -> None:
    assert values(text, "amount") == [amount]


@pytest.mark.parametrize(
    ("text", "lang", "amount"),
    [
        ("$1.200", "es", 1200.0),  # the conversation is in Spanish
        ("$1.200", "en", 1.2),  # English keeps its reading
        ("$17.32", "es", 17.32),  # two digits after the dot: cents in any language
        ("US$ 2.500", "es", 2500.0),
        ("$2.500,50", None, 2500.5),
        ("$1.200.000", None, 1200000.0),
    ],
)
def test_dot_thousands_follow_the_language(text: str, lang: str | None, amount: float) -> None:
    assert values(text, "amount", lang) == [amount]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("quinientos", None, (500.0, None)),
        ("ciento veinte", None, (120.0, None)),
        ("dos mil quinientos", None, (2500.0, None)),
        ("mil", None, (1000.0, None)),
        ("unos 300 dólares", None, (300.0, "USD")),
        ("como 650 dolares", None, (650.0, "USD")),
        ("2.500", "es", (2500.0, None)),
        ("5 mil", "es", (5000.0, None)),
        ("300 pesos", None, (300.0, "MXN")),
        ("50 euros", None, (50.0, "EUR")),
    ],
)
def test_parse_amount_reads_spanish_values(text: str, lang: str | None, expected: tuple[float, str | None]) -> None:
    assert parse_amount(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("dólares", "USD"),
        ("dolares", "USD"),
        ("dlls", "USD"),
        ("USD", "USD"),
        ("US$", "USD"),
        ("pesos", "MXN"),
        ("pesos mexicanos", "MXN"),
        ("euros", "EUR"),
        ("libras esterlinas", "GBP"),
        ("yenes", "JPY"),
        ("dólares canadienses", "CAD"),
        ("reales", "BRL"),
        ("soles", "PEN"),
        ("quetzales", "GTQ"),
    ],
)
def test_currency_words(text: str, code: str) -> None:
    assert normalise_currency(text) == code


def test_standalone_spanish_currency_mention() -> None:
    assert values("¿puedo pagar en dólares o en pesos?", "currency") == ["USD", "MXN"]
    assert values("¿aceptan euros?", "currency") == ["EUR"]


@pytest.mark.parametrize(
    "text",
    [
        "por dos cosas",
        "hasta tres veces",
        "me llegaron 3 cajas",
        "tengo 2 paquetes",
        "pesa 5 libras",
        "5 libras de café",
        "hace 30 días",
        "son 20 piezas",
        "el 10 por ciento",
        "a las 5 de la tarde",
        "un regalo de mi tía",
        "me llegó una caja",
        "el peso es de 3 kilos",
    ],
)
def test_spanish_numbers_that_are_no_money(text: str) -> None:
    assert values(text, "amount") == [], extract_entities(text, TODAY)


# --- countries -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("compré unos zapatos de China", ["CN"]),
        ("de china por correo", ["CN"]),
        ("viene desde México", ["MX"]),
        ("desde mexico", ["MX"]),
        ("lo mandan de Reino Unido", ["GB"]),
        ("de Inglaterra", ["GB"]),
        ("a EE.UU.", ["US"]),
        ("a EEUU", ["US"]),
        ("a eeuu", ["US"]),
        ("a Estados Unidos", ["US"]),
        ("a los estados unidos", ["US"]),
        ("de EUA", ["US"]),
        ("un paquete de Corea", ["KR"]),
        ("de Corea del Sur", ["KR"]),
        ("de Corea del Norte", ["KP"]),
        ("de Alemania", ["DE"]),
        ("de Hong Kong", ["HK"]),
        ("de España", ["ES"]),
        ("de espana", ["ES"]),
        ("de Japón", ["JP"]),
        ("de japon", ["JP"]),
        ("de Perú", ["PE"]),
        ("a Puerto Rico", ["PR"]),
        ("desde Canadá", ["CA"]),
        ("de Brasil", ["BR"]),
        ("de Francia", ["FR"]),
        ("de Italia", ["IT"]),
        ("de los Países Bajos", ["NL"]),
        ("de Holanda", ["NL"]),
        ("de Turquía", ["TR"]),
        ("de Tailandia", ["TH"]),
        ("de Filipinas", ["PH"]),
        ("de la India", ["IN"]),
        ("de Vietnam", ["VN"]),
        ("de Taiwán", ["TW"]),
        ("de Sudáfrica", ["ZA"]),
        ("de la Unión Europea", ["EU"]),
        ("de Guatemala a Honduras", ["GT", "HN"]),
        ("de El Salvador", ["SV"]),
        ("de República Dominicana", ["DO"]),
        ("de Irán", ["IR"]),
        ("productos chinos", ["CN"]),
        ("una marca mexicana", ["MX"]),
        ("un proveedor alemán", ["DE"]),
        ("de Nueva Zelanda", ["NZ"]),
        ("de Emiratos Árabes Unidos", ["AE"]),
        ("de Pekín", ["CN"]),
        ("de Londres", ["GB"]),
        ("hecho en USA", ["US"]),
        ("vengo de Chile con vino", ["CL"]),
        ("wepa, saludos desde puerto rico", ["PR"]),
        ("MANDO A MEXICO CUAL ES SU LIMITE", ["MX"]),
        ("de las Islas Vírgenes de EE. UU.", ["VI"]),
        ("crucé a tijuana el fin de semana", ["MX"]),
        ("de Estambul, Turquía", ["TR", "TR"]),
        ("hecho en la UE", ["EU"]),
    ],
)
def test_spanish_country_names(text: str, codes: list[str]) -> None:
    assert values(text, "country") == codes


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("México", "MX"),
        ("desde México", "MX"),
        ("Estados Unidos", "US"),
        ("Reino Unido", "GB"),
        ("Alemania", "DE"),
        ("Japón", "JP"),
        ("corea del sur", "KR"),
        ("Perú", "PE"),
        ("Puerto Rico", "PR"),
    ],
)
def test_normalise_country_spanish(text: str, code: str) -> None:
    assert normalise_country(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "a de el mi la por para con sin y o que es",
        "pero no sé si me van a cobrar",
        "tengo una reunión mañana temprano",
        "me irán a cobrar impuestos?",
        "te iran a cobrar algo",
        "unas bermudas y una granada",
        "mi amigo Mauricio y su mamá Guadalupe",
        "el chile seco es picante",
        "la china poblana",
        "vivo en la colonia Santa Lucía",
        "hablo español",
        "contéstame en inglés",
        "cómo se usa este bot",  # "usa" = uses
        "mi proveedor usa aluminio",
        "TARIFAS DE CBP???",  # "DE" in capitals is the preposition
        "DE MINIMIS CUANTO ES???",
        "checa mi orden porfa",  # Mexican "checar" = to check
        "quiero traer dulces con chile",  # chile the pepper
    ],
)
def test_spanish_words_that_are_no_country(text: str) -> None:
    assert values(text, "country") == [], extract_entities(text, TODAY)


# --- transport modes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("lo mandé por correo", "postal"),
        ("por correo postal", "postal"),
        ("llegó por USPS", "postal"),
        ("por Correos de México", "postal"),
        ("por paquetería", "express"),
        ("por paqueteria", "express"),
        ("por mensajería", "express"),
        ("por courier", "express"),
        ("con DHL", "express"),
        ("por FedEx", "express"),
        ("via UPS", "express"),
        ("por Estafeta", "express"),
        ("por avión", "air_cargo"),
        ("por aire", "air_cargo"),
        ("carga aérea", "air_cargo"),
        ("flete aereo", "air_cargo"),
        ("por barco", "ocean"),
        ("por mar", "ocean"),
        ("marítimo", "ocean"),
        ("en contenedor", "ocean"),
        ("en camión", "truck"),
        ("en camion", "truck"),
        ("por tierra", "truck"),
        ("en tren", "rail"),
        ("por ferrocarril", "rail"),
        ("en mi maleta", "traveller"),
        ("lo traigo yo mismo", "traveller"),
        ("los llevo conmigo", "traveller"),
    ],
)
def test_spanish_transport_modes(text: str, mode: str) -> None:
    assert values(text, "transport_mode") == [mode]


@pytest.mark.parametrize(
    ("text", "mode"),
    [("por paquetería", "express"), ("por correo", "postal"), ("en barco", "ocean"), ("por avión", "air_cargo")],
)
def test_normalise_mode_spanish(text: str, mode: str) -> None:
    assert normalise_mode(text) == mode


@pytest.mark.parametrize(
    "text",
    [
        "mándame un correo electrónico",
        "te mando un mail",
        "mi código postal es 12345",
        "¿ups, me equivoqué?",
        "mi correo electronico es ana@example.com",
        "el mar está bonito",
    ],
)
def test_spanish_words_that_are_no_mode(text: str) -> None:
    assert values(text, "transport_mode") == [], extract_entities(text, TODAY)


# --- dates: the same period as the English phrase --------------------------------------------------


@pytest.mark.parametrize(
    ("spanish", "english"),
    [
        ("el 29 de agosto de 2025", "August 29, 2025"),
        ("el 2 de mayo", "May 2"),
        ("el 2 de mayo de 2025", "May 2, 2025"),
        ("en agosto 2025", "in August 2025"),
        ("agosto de 2025", "August 2025"),
        ("agosto del 2025", "August 2025"),
        ("en enero", "in January"),
        ("desde marzo", "since March"),
        ("ayer", "yesterday"),
        ("hoy", "today"),
        ("mañana", "tomorrow"),
        ("manana", "tomorrow"),
        ("antier", "the day before yesterday"),
        ("pasado mañana", "the day after tomorrow"),
        ("la próxima semana", "next week"),
        ("la proxima semana", "next week"),
        ("la semana que viene", "next week"),
        ("la semana pasada", "last week"),
        ("el año pasado", "last year"),
        ("el ano pasado", "last year"),
        ("el mes pasado", "last month"),
        ("el próximo mes", "next month"),
        ("este año", "this year"),
        ("en 2019", "in 2019"),
        ("desde 2016", "since 2016"),
        ("hace dos años", "two years ago"),
        ("hace 3 meses", "3 months ago"),
        ("hace una semana", "a week ago"),
        ("en 2 semanas", "in 2 weeks"),
        ("dentro de dos meses", "in two months"),
        ("el próximo año", "next year"),
        ("el año que viene", "next year"),
        ("a partir del 1 de julio de 2027", "from July 1, 2027"),
        ("el verano pasado", "last summer"),
        ("la primavera pasada", "last spring"),
        ("el próximo invierno", "next winter"),
        ("este invierno", "this winter"),
        ("en verano", "in the summer"),
        ("verano 2024", "summer 2024"),
        ("el lunes pasado", "last Monday"),
        ("el próximo viernes", "next Friday"),
        ("el martes", "on Tuesday"),
        ("a principios de 2025", "early 2025"),
        ("a finales de marzo de 2024", "late March 2024"),
        ("a mediados de 2025", "mid 2025"),
        ("el primer trimestre de 2025", "Q1 2025"),
        ("el cuarto trimestre del 2024", "Q4 2024"),
        ("julio pasado", "last July"),
        ("julio del año que viene", "July 2027"),
        ("marzo del año pasado", "March 2025"),
        ("el próximo año fiscal", "next fiscal year"),
        ("el año fiscal 2026", "fiscal year 2026"),
        ("el 15 de enero, 2026", "January 15, 2026"),
        ("1ro de julio del 2027", "July 1, 2027"),
    ],
)
def test_spanish_dates_name_the_same_period_as_english(spanish: str, english: str) -> None:
    found = dates(spanish)
    assert found, spanish
    assert found == dates(english)


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("el 01/07/2027", "es", "2027-07-01"),  # day first in Spanish
        ("el 13/05/2025", "es", "2025-05-13"),
        ("01/07/2027", "en", "2027-01-07"),  # month first in English
    ],
)
def test_numeric_dates_follow_the_language(text: str, lang: str, value: str) -> None:
    assert values(text, "date", lang) == [value]


def test_normalise_date_spanish() -> None:
    assert normalise_date("29 de agosto de 2025", TODAY) == "2025-08-29"
    assert normalise_date("el mes pasado", TODAY) == "2026-11-01"
    assert normalise_date("02/05/2025", TODAY, lang="es") == "2025-05-02"


@pytest.mark.parametrize(
    "text",
    [
        "por la mañana",
        "en la mañana",
        "los lunes no abren",
        "hace falta un permiso",
        "me llegó en mayonesa",
        "el mar de cortés",
        "ago un pedido",
    ],
)
def test_spanish_words_that_are_no_date(text: str) -> None:
    assert values(text, "date") == [], extract_entities(text, TODAY)


# --- goods -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("vino tinto", "alcohol"),
        ("botellas de vino", "alcohol"),
        ("cerveza artesanal", "alcohol"),
        ("tequila", "alcohol"),
        ("mezcal", "alcohol"),
        ("licor de café", "alcohol"),
        ("ron", "alcohol"),
        ("tabaco", "tobacco"),
        ("cigarros", "tobacco"),
        ("cigarrillos", "tobacco"),
        ("puros cubanos", "tobacco"),
        ("vapes", "tobacco"),
        ("vapeadores", "tobacco"),
        ("perfumes", "perfume_alcohol"),
        ("ropa", "textiles"),
        ("playeras de algodón", "textiles"),
        ("juguetes", "consumer_product"),
        ("ropa de bebé", "consumer_product"),
        ("café molido", "food"),
        ("dulces mexicanos", "food"),
        ("libros", "informational_materials"),
    ],
)
def test_spanish_goods_flags(text: str, flag: str) -> None:
    assert flag in goods_flags(text)


@pytest.mark.parametrize("text", ["zapatos", "cosméticos", "joyería", "celulares", "artesanías", "bolsas"])
def test_spanish_neutral_goods(text: str) -> None:
    assert goods_flags(text) == frozenset()


def test_cerveza_sin_alcohol_is_food() -> None:
    assert goods_flags("cerveza sin alcohol") == frozenset({"food"})


@pytest.mark.parametrize(
    ("text", "goods"),
    [
        (
            "ropa, zapatos, juguetes, cosméticos, perfume, joyería",
            ["ropa", "zapatos", "juguetes", "cosméticos", "perfume", "joyería"],
        ),
        ("quiero importar vino de Francia", ["vino"]),
        ("tabaco, cigarros, cigarrillos, puros, vapes", ["tabaco", "cigarros", "cigarrillos", "puros", "vapes"]),
        ("compré ropa de bebé en Shein", ["ropa de bebé"]),
        ("quiero chiles secos y flor de jamaica", ["chiles secos", "flor de jamaica"]),
        ("una caja de puros", ["puros"]),
    ],
)
def test_spanish_goods_entities(text: str, goods: list[str]) -> None:
    assert values(text, "goods") == goods


@pytest.mark.parametrize(
    "text",
    [
        "un paquete de regalo puede llevar alcohol?",
        "estoy esperando un pedido de shein de $95",
        "envíos de más de $2,500",
        "cuánto pueden comprar los consumidores chinos",
        "qué formulario lleva un paquete de correo",
    ],
)
def test_spanish_words_are_not_taken_as_unknown_goods(text: str) -> None:
    found = values(text, "goods")
    assert all(g in {"alcohol"} for g in found), found


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("la fracción arancelaria 6109.10.0012", "6109.10.0012"),
        ("código HTS 6109", "6109"),
        ("el código arancelario 9503.00", "9503.00"),
    ],
)
def test_spanish_hts_keywords(text: str, code: str) -> None:
    assert values(text, "hts_code") == [code]


@pytest.mark.parametrize(
    "text",
    [
        "el paquete vino de China",  # "vino" = came
        "ya vino el paquete",
        "son puros papeles",  # "puros" = only
        "My friend Ron sent me a gift",  # "Ron" the name, in English
    ],
)
def test_spanish_homographs_are_no_goods(text: str) -> None:
    found = values(text, "goods")
    assert not any(goods_flags(g) & {"alcohol", "tobacco"} for g in found), found


# --- whole messages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "compré unos zapatos de China por 650 dólares por DHL",
            {
                ("goods", "zapatos"),
                ("country", "CN"),
                ("amount", 650.0),
                ("currency", "USD"),
                ("transport_mode", "express"),
            },
        ),
        (
            "mi tía me mandó un regalo de 100 dólares desde México por paquetería",
            {("amount", 100.0), ("currency", "USD"), ("country", "MX"), ("transport_mode", "express")},
        ),
        (
            "el envío llegó el 29 de agosto de 2025 de Hong Kong por avión",
            {("date", "2025-08-29"), ("country", "HK"), ("transport_mode", "air_cargo")},
        ),
        (
            "importo ropa de Guatemala en camión, unos 2,500 dlls",
            {
                ("goods", "ropa"),
                ("country", "GT"),
                ("transport_mode", "truck"),
                ("amount", 2500.0),
                ("currency", "USD"),
            },
        ),
        (
            "traigo vino de España en mi maleta",
            {("goods", "vino"), ("country", "ES"), ("transport_mode", "traveller")},
        ),
        (
            "el shipping de amazon desde china cuesta $17.32",
            {("country", "CN"), ("amount", 17.32), ("currency", "USD")},
        ),
    ],
)
def test_spanish_messages(text: str, expected: set[tuple[str, Any]]) -> None:
    found = {(e["entity"], e["value"]) for e in extract_entities(text, TODAY)}
    assert expected <= found, found


def test_spanish_vocabulary_sections_are_loaded_and_checked() -> None:
    assert vocabulary.spanish_number_words()["quinientos"] == 500
    assert vocabulary.spanish_scale_words()["mil"] == 1000
    assert "dólares" in vocabulary.currencies()["words"]["USD"]
    assert "por paquetería" in vocabulary.transport_mode_file()["phrases"]["express"]
    assert "inglaterra" in vocabulary.countries()["aliases"]["GB"]
    assert "vino" in vocabulary.goods_phrases()["homographs"]
