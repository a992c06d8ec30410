"""Normalisers of bot.nlu (amounts, currencies, countries, modes, dates, hts, goods): values, formats and refusals."""

from __future__ import annotations

from datetime import date

import pytest

from bot.nlu.amounts import parse_amount
from bot.nlu.countries import normalise_country
from bot.nlu.currencies import normalise_currency
from bot.nlu.dates import normalise_date, parse_date
from bot.nlu.goods import FLAGS, goods_flags, normalise_goods
from bot.nlu.hts import normalise_hts
from bot.nlu.lexicon import TRANSPORT_MODES
from bot.nlu.modes import normalise_mode
from bot.nlu.spans import Span, resolve_overlaps

TODAY = date(2026, 11, 26)  # a Thursday


# --- amounts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$1,200.50", (1200.5, "USD")),
        ("1.2k", (1200.0, None)),
        ("two thousand dollars", (2000.0, "USD")),
        ("650 bucks", (650.0, "USD")),
        ("USD 300", (300.0, "USD")),
        ("€90", (90.0, "EUR")),
        ("$2.5m", (2_500_000.0, "USD")),
        ("-50 dollars", (-50.0, "USD")),
        ("-$50", (-50.0, "USD")),
        ("$-50", (-50.0, "USD")),
        ("650", (650.0, None)),
        ("about 650", (650.0, None)),
        ("worth 650", (650.0, None)),
        ("valued at 1200", (1200.0, None)),
        ("a 650 order", (650.0, None)),
        ("a 650 dollar order", (650.0, "USD")),
        ("$650 USD", (650.0, "USD")),
        ("$300 CAD", (300.0, "CAD")),
        ("C$100", (100.0, "CAD")),
        ("A$ 50", (50.0, "AUD")),
        ("HK$200", (200.0, "HKD")),
        ("£40", (40.0, "GBP")),
        ("50 pounds", (50.0, "GBP")),
        ("¥5000", (5000.0, "JPY")),
        ("5000 yen", (5000.0, "JPY")),
        ("300 yuan", (300.0, "CNY")),
        ("RMB 300", (300.0, "CNY")),
        ("100 rupees", (100.0, "INR")),
        ("2,000 mexican pesos", (2000.0, "MXN")),
        ("80 CHF", (80.0, "CHF")),
        ("500 usd", (500.0, "USD")),
        ("90€", (90.0, "EUR")),
        ("1.200,50 €", (1200.5, "EUR")),
        ("twelve hundred dollars", (1200.0, "USD")),
        ("a thousand bucks", (1000.0, "USD")),
        ("1.5 million dollars", (1_500_000.0, "USD")),
        ("5 grand", (5000.0, None)),
        ("I paid 250 euros", (250.0, "EUR")),
        ("costs $0.99", (0.99, "USD")),
        ("0", (0.0, None)),
    ],
)
def test_parse_amount(text: str, expected: tuple[float, str | None]) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "in 2015",
        "500 kg",
        "3 boxes",
        "15%",
        "25 percent",
        "5 pounds of coffee",
        "it weighs 5 pounds",
        "nan",
        "inf",
        "1e309",
        "9" * 400,
        "abc",
        "all 300",
        "dollars",
        "06/01/2024",
        "6109.10.0012 is the code",
    ],
)
def test_parse_amount_refuses(text: str) -> None:
    assert parse_amount(text) is None


@pytest.mark.parametrize("bad", [None, 650, 6.5, b"$650", ["$650"]])
def test_parse_amount_non_str(bad: object) -> None:
    assert parse_amount(bad) is None  # type: ignore[arg-type]


# --- currencies -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("$", "USD"),
        ("dollars", "USD"),
        ("USD", "USD"),
        ("usd", "USD"),
        ("bucks", "USD"),
        ("US dollars", "USD"),
        ("€", "EUR"),
        ("euros", "EUR"),
        ("EUR", "EUR"),
        ("£", "GBP"),
        ("pounds", "GBP"),
        ("GBP", "GBP"),
        ("pounds sterling", "GBP"),
        ("C$", "CAD"),
        ("CAD", "CAD"),
        ("canadian dollars", "CAD"),
        ("A$", "AUD"),
        ("AUD", "AUD"),
        ("¥", "JPY"),
        ("yen", "JPY"),
        ("JPY", "JPY"),
        ("yuan", "CNY"),
        ("RMB", "CNY"),
        ("rmb", "CNY"),
        ("CNY", "CNY"),
        ("renminbi", "CNY"),
        ("rupees", "INR"),
        ("INR", "INR"),
        ("MXN", "MXN"),
        ("mexican pesos", "MXN"),
        ("in euros", "EUR"),
        ("Swedish krona", "SEK"),
        ("SEK", "SEK"),
        ("₹", "INR"),
    ],
)
def test_normalise_currency(text: str, code: str) -> None:
    assert normalise_currency(text) == code


@pytest.mark.parametrize("text", ["", "xyz", "all", "money", "cash", "gold", None, 5])
def test_normalise_currency_refuses(text: object) -> None:
    assert normalise_currency(text) is None  # type: ignore[arg-type]


# --- countries --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("China", "CN"),
        ("china", "CN"),
        ("CHINA", "CN"),
        ("Chinese", "CN"),
        ("PRC", "CN"),
        ("mainland China", "CN"),
        ("People's Republic of China", "CN"),
        ("HK", "HK"),
        ("Hong Kong", "HK"),
        ("Guam", "GU"),
        ("USVI", "VI"),
        ("US Virgin Islands", "VI"),
        ("U.S. Virgin Islands", "VI"),
        ("American Samoa", "AS"),
        ("Puerto Rico", "PR"),
        ("Saipan", "MP"),
        ("UK", "GB"),
        ("Britain", "GB"),
        ("British", "GB"),
        ("England", "GB"),
        ("Scotland", "GB"),
        ("the EU", "EU"),
        ("EU", "EU"),
        ("European Union", "EU"),
        ("Europe", "EU"),
        ("Vietnam", "VN"),
        ("Viet Nam", "VN"),
        ("Vietnamese", "VN"),
        ("Korea", "KR"),
        ("South Korea", "KR"),
        ("Korea, Republic of", "KR"),
        ("North Korea", "KP"),
        ("Mexican", "MX"),
        ("Mexico", "MX"),
        ("Taiwan", "TW"),
        ("the US", "US"),
        ("the us", "US"),
        ("US", "US"),
        ("U.S.", "US"),
        ("USA", "US"),
        ("United States", "US"),
        ("United States of America", "US"),
        ("America", "US"),
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("Turkish", "TR"),
        ("Jersey", "JE"),
        ("Chad", "TD"),
        ("Jordan", "JO"),
        ("from China", "CN"),
        ("Made in China.", "CN"),
        ("country of origin: Vietnam", "VN"),
        ("Côte d'Ivoire", "CI"),
        ("Ivory Coast", "CI"),
        ("Bolivia", "BO"),
        ("Iran", "IR"),
        ("Laos", "LA"),
        ("Russia", "RU"),
        ("the Netherlands", "NL"),
        ("Holland", "NL"),
        ("Czechia", "CZ"),
        ("Germany", "DE"),
        ("German", "DE"),
        ("Japan", "JP"),
        ("India", "IN"),
        ("Canada", "CA"),
        ("republic of Georgia", "GE"),
        ("UAE", "AE"),
        ("Burma", "MM"),
        ("Aruba", "AW"),
        ("Greenland", "GL"),
        ("Réunion", "RE"),
        ("  china  ", "CN"),
    ],
)
def test_normalise_country(text: str, code: str) -> None:
    assert normalise_country(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "us",
        "in",
        "IN",
        "turkey",
        "jersey",
        "chad",
        "Georgia",
        "new jersey",
        "New Mexico",
        "South America",
        "Narnia",
        "xyz",
        "",
        "   ",
        "English",
        "french fries",
        "it",
        None,
        42,
    ],
)
def test_normalise_country_refuses(text: object) -> None:
    assert normalise_country(text) is None  # type: ignore[arg-type]


# --- transport modes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("USPS", "postal"),
        ("by post", "postal"),
        ("mail", "postal"),
        ("by mail", "postal"),
        ("postal", "postal"),
        ("EMS", "postal"),
        ("China Post", "postal"),
        ("Royal Mail", "postal"),
        ("ePacket", "postal"),
        ("airmail", "postal"),
        ("express mail", "postal"),
        ("DHL", "express"),
        ("FedEx", "express"),
        ("UPS", "express"),
        ("via ups", "express"),
        ("courier", "express"),
        ("express", "express"),
        ("DHL Express Worldwide", "express"),
        ("air freight", "air_cargo"),
        ("air cargo", "air_cargo"),
        ("by air", "air_cargo"),
        ("plane", "air_cargo"),
        ("by sea", "ocean"),
        ("ocean", "ocean"),
        ("container", "ocean"),
        ("by ship", "ocean"),
        ("vessel", "ocean"),
        ("boat", "ocean"),
        ("sea freight", "ocean"),
        ("truck", "truck"),
        ("by road", "truck"),
        ("rail", "rail"),  # its own mode: FDA prior notice by rail is 4 hours, by road 2
        ("train", "rail"),
        ("land border", "truck"),
        ("in my luggage", "traveller"),
        ("carry it with me", "traveller"),
        ("in my suitcase", "traveller"),
        ("I'll bring them back with me", "traveller"),
        ("hand carry", "traveller"),
        ("  By Sea.  ", "ocean"),
    ],
)
def test_normalise_mode(text: str, mode: str) -> None:
    assert normalise_mode(text) == mode
    assert mode in TRANSPORT_MODES


@pytest.mark.parametrize("text", ["ship", "post", "ems", "ups", "e-mail", "teleport", "", "xyz", None, 3])
def test_normalise_mode_refuses(text: object) -> None:
    assert normalise_mode(text) is None  # type: ignore[arg-type]


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso", "granularity"),
    [
        ("2024-06-01", "2024-06-01", "day"),
        ("2024/6/1", "2024-06-01", "day"),
        ("06/01/2024", "2024-06-01", "day"),
        ("6/1/24", "2024-06-01", "day"),
        ("25/12/2024", "2024-12-25", "day"),  # impossible in US order, so day/month
        ("01.06.2024", "2024-06-01", "day"),  # dots: day.month.year
        ("June 2024", "2024-06-01", "month"),
        ("June of 2024", "2024-06-01", "month"),
        ("Jun. 2024", "2024-06-01", "month"),
        ("1 July 2027", "2027-07-01", "day"),
        ("the 1st of July 2027", "2027-07-01", "day"),
        ("July 1st, 2027", "2027-07-01", "day"),
        ("July 1", "2026-07-01", "day"),
        ("Dec 25", "2025-12-25", "day"),  # past preferred
        ("May 5", "2026-05-05", "day"),
        ("February 29 2024", "2024-02-29", "day"),
        ("in 2015", "2015-01-01", "year"),
        ("2015", "2015-01-01", "year"),
        ("since 1999", "1999-01-01", "range"),  # 1999-01-01 up to today
        ("today", "2026-11-26", "day"),
        ("tonight", "2026-11-26", "day"),
        ("tomorrow", "2026-11-27", "day"),
        ("yesterday", "2026-11-25", "day"),
        ("the day before yesterday", "2026-11-24", "day"),
        ("last Tuesday", "2026-11-24", "day"),
        ("Tuesday", "2026-11-24", "day"),
        ("next Tuesday", "2026-12-01", "day"),
        ("this Saturday", "2026-11-28", "day"),
        ("Thursday", "2026-11-26", "day"),
        ("last Thursday", "2026-11-19", "day"),
        ("next week", "2026-12-03", "week"),
        ("last week", "2026-11-19", "week"),
        ("next month", "2026-12-01", "month"),
        ("last month", "2026-10-01", "month"),
        ("this month", "2026-11-01", "month"),
        ("last year", "2025-01-01", "year"),
        ("next year", "2027-01-01", "year"),
        ("3 days ago", "2026-11-23", "day"),
        ("a week ago", "2026-11-19", "week"),
        ("two months ago", "2026-09-26", "month"),
        ("in 2 weeks", "2026-12-10", "week"),
    ],
)
def test_parse_date(text: str, iso: str, granularity: str) -> None:
    assert parse_date(text, TODAY) == (iso, granularity)
    assert normalise_date(text, TODAY) == iso


@pytest.mark.parametrize(
    "text",
    [
        "13/45/2024",
        "February 30 2024",
        "2024-02-30",
        "2023-02-29",
        "31/31/2024",
        "may 5",
        "June",
        "650",
        "sometime",
        "",
        "1850",
        "in 2215",
        "the 32nd of May 2024",
        None,
        20240601,
    ],
)
def test_normalise_date_refuses(text: object) -> None:
    assert normalise_date(text, TODAY) is None  # type: ignore[arg-type]


def test_normalise_date_defaults_to_real_today() -> None:
    assert normalise_date("today") == date.today().isoformat()


# --- HTS codes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("6109.10.0012", "6109.10.0012"),
        ("6109100012", "6109.10.0012"),
        ("6109.10", "6109.10"),
        ("8517.13", "8517.13"),
        ("6109.10.00", "6109.10.00"),
        ("6109.10.00.12", "6109.10.0012"),
        ("61091000", "6109.10.00"),
        ("610910", "6109.10"),
        ("HTS 6109", "6109"),
        ("HS code 610910", "6109.10"),
        ("heading 8517", "8517"),
        ("tariff 6109", "6109"),
        ("HTSUS 6109.10.0012", "6109.10.0012"),
        ("my HS code is 8517.13.0000", "8517.13.0000"),
        ("0101.21", "0101.21"),
    ],
)
def test_normalise_hts(text: str, code: str) -> None:
    assert normalise_hts(text) == code


@pytest.mark.parametrize(
    "text",
    ["6109", "2015", "in 2015", "0012.10", "7701.10", "$6109.10", "tariff 2000 dollars", "HTS 61091", "", None, 6109],
)
def test_normalise_hts_refuses(text: object) -> None:
    assert normalise_hts(text) is None  # type: ignore[arg-type]


# --- goods ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("wine", {"alcohol"}),
        ("red wine", {"alcohol"}),
        ("bottles of whisky", {"alcohol"}),
        ("craft beers", {"alcohol"}),
        ("cigars", {"tobacco"}),
        ("cigarettes", {"tobacco"}),
        ("vapes", {"tobacco"}),
        ("perfume", {"perfume_alcohol"}),
        ("colognes", {"perfume_alcohol"}),
        ("coffee beans", {"food"}),
        ("supplements", {"food"}),
        ("chocolate", {"food"}),
        ("non-alcoholic beer", {"food"}),
        ("t-shirts", {"textiles"}),
        ("T-Shirts", {"textiles"}),
        ("cotton scarves", {"textiles"}),
        ("dresses", {"textiles"}),
        ("toys", {"consumer_product"}),
        ("kids' shoes", {"consumer_product"}),
        ("phone chargers", {"consumer_product"}),
        ("power banks", {"consumer_product"}),
        ("baby clothes", {"textiles", "consumer_product"}),
        ("children's pajamas", {"textiles", "consumer_product"}),
        ("rugs", {"textiles", "consumer_product"}),
        ("wine and cigars", {"alcohol", "tobacco"}),
        ("phone cases", set()),
        ("mugs", set()),
        ("wine glasses", set()),
        ("dog toys", set()),
        ("cigar boxes", set()),
        ("alcohol-free perfume", set()),
        ("widgets", set()),
        ("", set()),
    ],
)
def test_goods_flags(text: str, flags: set[str]) -> None:
    result = goods_flags(text)
    assert isinstance(result, frozenset)
    assert result == flags
    assert result <= FLAGS


@pytest.mark.parametrize("bad", [None, 5, b"wine"])
def test_goods_flags_non_str(bad: object) -> None:
    assert goods_flags(bad) == frozenset()  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "value"),
    [("Phone  Cases", "phone cases"), ("some T-Shirts", "t-shirts"), ("500 toys", "toys"), ("the", None), ("", None)],
)
def test_normalise_goods(text: str, value: str | None) -> None:
    assert normalise_goods(text) == value


# --- overlap resolution -----------------------------------------------------------------------


def test_resolve_overlaps_prefers_priority_then_length() -> None:
    spans = [
        Span(0, 4, "hts_code", "6109", 60),
        Span(0, 4, "amount", 6109.0, 65),
        Span(2, 10, "goods", "x", 40),
        Span(12, 20, "country", "CN", 80),
        Span(12, 25, "country", "HK", 80),
    ]
    kept = resolve_overlaps(spans)
    assert [(s.entity, s.value) for s in kept] == [("amount", 6109.0), ("country", "HK")]


def test_resolve_overlaps_empty_and_zero_width() -> None:
    assert resolve_overlaps([]) == []
    assert resolve_overlaps([Span(3, 3, "goods", "x", 40)]) == []
