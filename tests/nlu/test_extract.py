"""extract_entities: entities in sentences, things that must not be entities, and robustness."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.nlu.extract import ENTITY_NAMES, _extract, extract_entities
from bot.nlu.goods import goods_flags
from bot.nlu.periods import DATE_GRANULARITIES
from bot.nlu.spans import MAX_SCAN_CHARS

TODAY = date(2026, 11, 26)  # a Thursday


def triples(text: str, today: date = TODAY) -> set[tuple[str, Any, str]]:
    return {(e["entity"], e["value"], e["text"]) for e in extract_entities(text, today)}


def by_entity(text: str, entity: str) -> list[Any]:
    return [e["value"] for e in extract_entities(text, TODAY) if e["entity"] == entity]


def assert_well_formed(text: str, entities: list[dict[str, Any]]) -> None:
    """Offsets index the original text; spans of different entities overlap only amount/currency twins."""
    assert isinstance(entities, list)
    for e in entities:
        assert e["entity"] in ENTITY_NAMES
        assert 0 <= e["start"] < e["end"] <= len(text)
        assert text[e["start"] : e["end"]] == e["text"]
    for i, a in enumerate(entities):
        for b in entities[i + 1 :]:
            if a["start"] < b["end"] and b["start"] < a["end"]:
                pair = {a["entity"], b["entity"]}
                assert pair == {"amount", "currency"}, (a, b)
                assert (a["start"], a["end"]) == (b["start"], b["end"])


# --- sentences ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "I want to import phone cases from China worth $650 via DHL",
            {
                ("goods", "phone cases", "phone cases"),
                ("country", "CN", "China"),
                ("amount", 650.0, "$650"),
                ("currency", "USD", "$650"),
                ("transport_mode", "express", "DHL"),
            },
        ),
        (
            "A shipment of cotton t-shirts from Vietnam valued at 1200, HTS 6109.10.0012, arriving next week",
            {
                ("goods", "cotton t-shirts", "cotton t-shirts"),
                ("country", "VN", "Vietnam"),
                ("amount", 1200.0, "1200"),
                ("hts_code", "6109.10.0012", "6109.10.0012"),
                ("date", "2026-12-03", "next week"),
            },
        ),
        (
            "two thousand dollars of wine from France by sea",
            {
                ("amount", 2000.0, "two thousand dollars"),
                ("currency", "USD", "two thousand dollars"),
                ("goods", "wine", "wine"),
                ("country", "FR", "France"),
                ("transport_mode", "ocean", "by sea"),
            },
        ),
        (
            "650 bucks of toys from the US to Guam",
            {
                ("amount", 650.0, "650 bucks"),
                ("currency", "USD", "650 bucks"),
                ("goods", "toys", "toys"),
                ("country", "US", "the US"),
                ("country", "GU", "Guam"),
            },
        ),
        (
            "USD 300 of perfume shipped by USPS in 2015",
            {
                ("amount", 300.0, "USD 300"),
                ("currency", "USD", "USD 300"),
                ("goods", "perfume", "perfume"),
                ("transport_mode", "postal", "USPS"),
                ("date", "2015-01-01", "2015"),
            },
        ),
        (
            "€90 order of coffee beans from the EU",
            {
                ("amount", 90.0, "€90"),
                ("currency", "EUR", "€90"),
                ("goods", "coffee beans", "coffee beans"),
                ("country", "EU", "the EU"),
            },
        ),
        (
            "$2.5m container of furniture from mainland China",
            {
                ("amount", 2_500_000.0, "$2.5m"),
                ("currency", "USD", "$2.5m"),
                ("transport_mode", "ocean", "container"),
                ("goods", "furniture", "furniture"),
                ("country", "CN", "mainland China"),
            },
        ),
        ("-50 dollars", {("amount", -50.0, "-50 dollars"), ("currency", "USD", "-50 dollars")}),
        (
            "Is a 650 order from HK duty free? I paid 1.2k on 06/01/2024",
            {
                ("amount", 650.0, "650"),
                ("country", "HK", "HK"),
                ("amount", 1200.0, "1.2k"),
                ("date", "2024-06-01", "06/01/2024"),
            },
        ),
        (
            "supplements from Canada on July 1st, 2027 by truck",
            {
                ("goods", "supplements", "supplements"),
                ("country", "CA", "Canada"),
                ("date", "2027-07-01", "July 1st, 2027"),
                ("transport_mode", "truck", "by truck"),
            },
        ),
        (
            "I'll carry it with me in my suitcase from Hong Kong",
            {
                ("transport_mode", "traveller", "carry it with me"),
                ("transport_mode", "traveller", "in my suitcase"),
                ("country", "HK", "Hong Kong"),
            },
        ),
        ("importing widgets from Mexico", {("goods", "widgets", "widgets"), ("country", "MX", "Mexico")}),
        (
            "a shipment of handmade ceramic mugs from Portugal",
            {("goods", "handmade ceramic mugs", "handmade ceramic mugs"), ("country", "PT", "Portugal")},
        ),
        (
            "I sent some Chinese tea to New Jersey by mail",
            {("country", "CN", "Chinese"), ("goods", "tea", "tea"), ("transport_mode", "postal", "by mail")},
        ),
        (
            "The 8517.13 phones cost 1200.50 euros",
            {
                ("hts_code", "8517.13", "8517.13"),
                ("goods", "phones", "phones"),
                ("amount", 1200.5, "1200.50 euros"),
                ("currency", "EUR", "1200.50 euros"),
            },
        ),
        (
            "I paid in euros for cigars from Cuba",
            {("currency", "EUR", "euros"), ("goods", "cigars", "cigars"), ("country", "CU", "Cuba")},
        ),
        (
            "kids' toys and baby clothes from South Korea last Tuesday",
            {
                ("goods", "kids' toys", "kids' toys"),
                ("goods", "baby clothes", "baby clothes"),
                ("country", "KR", "South Korea"),
                ("date", "2026-11-24", "last Tuesday"),
            },
        ),
        (
            "USVI, American Samoa, PRC, UK and British goods",
            {
                ("country", "VI", "USVI"),
                ("country", "AS", "American Samoa"),
                ("country", "CN", "PRC"),
                ("country", "GB", "UK"),
                ("country", "GB", "British"),
            },
        ),
        (
            "sending Vietnamese coffee by EMS tomorrow",
            {
                ("country", "VN", "Vietnamese"),
                ("goods", "coffee", "coffee"),
                ("transport_mode", "postal", "EMS"),
                ("date", "2026-11-27", "tomorrow"),
            },
        ),
        (
            "air freight of supplements from the European Union, HS 2106.90",
            {
                ("transport_mode", "air_cargo", "air freight"),
                ("goods", "supplements", "supplements"),
                ("country", "EU", "the European Union"),
                ("hts_code", "2106.90", "2106.90"),
            },
        ),
        (
            "is HTS 6109 right for 6109100012?",
            {("hts_code", "6109", "6109"), ("hts_code", "6109.10.0012", "6109100012")},
        ),
        (
            "shipping via China Post on 1 July 2027",
            {("transport_mode", "postal", "China Post"), ("date", "2027-07-01", "1 July 2027")},
        ),
        (
            "A$ 50, C$100, ¥5000, 300 yuan, RMB 300",
            {
                ("amount", 50.0, "A$ 50"),
                ("currency", "AUD", "A$ 50"),
                ("amount", 100.0, "C$100"),
                ("currency", "CAD", "C$100"),
                ("amount", 5000.0, "¥5000"),
                ("currency", "JPY", "¥5000"),
                ("amount", 300.0, "300 yuan"),
                ("currency", "CNY", "300 yuan"),
                ("amount", 300.0, "RMB 300"),
                ("currency", "CNY", "RMB 300"),
            },
        ),
        (
            "Mexican handbags by land border",
            {
                ("country", "MX", "Mexican"),
                ("goods", "handbags", "handbags"),
                ("transport_mode", "truck", "land border"),
            },
        ),
    ],
)
def test_sentences(text: str, expected: set[tuple[str, Any, str]]) -> None:
    entities = extract_entities(text, TODAY)
    assert_well_formed(text, entities)
    assert {(e["entity"], e["value"], e["text"]) for e in entities} == expected


@pytest.mark.parametrize(
    ("text", "entity", "values"),
    [
        ("it weighs 5 pounds and costs 20 pounds", "amount", [20.0]),
        ("ship by sea or by air", "transport_mode", ["ocean", "air_cargo"]),
        ("from Vietnam or Viet Nam", "country", ["VN", "VN"]),
        ("I order from Taiwan", "country", ["TW"]),
        ("under 800 dollars", "amount", [800.0]),
        ("the shipment is under 800", "amount", [800.0]),
        ("declared value of 2,500", "amount", [2500.0]),
        ("bought it for about $40", "amount", [40.0]),
        ("since June 2024", "date", ["2024-06-01"]),
        ("I imported in 2015", "date", ["2015-01-01"]),
        ("3 days ago", "date", ["2026-11-23"]),
        ("next month", "date", ["2026-12-01"]),
        ("a FedEx parcel", "transport_mode", ["express"]),
        ("via ups", "transport_mode", ["express"]),
        ("bringing them back with me", "transport_mode", ["traveller"]),
        ("Turkish towels", "country", ["TR"]),
        ("wine from Turkey", "country", ["TR"]),
        ("Made in the U.S.A.", "country", ["US"]),
        ("goods from Türkiye", "country", ["TR"]),
        ("import from Brazil", "country", ["BR"]),
        ("I sell Brazil nuts", "country", []),
        ("I sent my mom a package of cookies", "goods", ["cookies"]),
        ("we are buying used cars from Japan", "goods", ["used cars"]),
        ("importing 500 pcs of LED strips", "goods", ["led strips"]),
        ("I sell handmade soaps", "goods", ["handmade soaps"]),
        ("in March", "date", ["2026-03-01"]),
        ("since December", "date", ["2025-12-01"]),
        ("in May", "date", ["2026-05-01"]),
        ("on Friday", "date", ["2026-11-20"]),
        ("next Friday", "date", ["2026-11-27"]),
        ("Shipment arrived on Monday, valued at $2,499.99", "amount", [2499.99]),
        ("the invoice says 1500 EUR", "amount", [1500.0]),
        ("is 6109100012 right", "hts_code", ["6109.10.0012"]),
        ("fine china plates", "country", []),
    ],
)
def test_values(text: str, entity: str, values: list[Any]) -> None:
    assert by_entity(text, entity) == values


def test_date_carries_granularity() -> None:
    dates = [e for e in extract_entities("in 2015 and June 2024 and yesterday", TODAY) if e["entity"] == "date"]
    assert [(d["value"], d["additional_info"]["granularity"]) for d in dates] == [
        ("2015-01-01", "year"),
        ("2024-06-01", "month"),
        ("2026-11-25", "day"),
    ]


def test_today_is_injectable() -> None:
    assert by_entity("yesterday", "date") == ["2026-11-25"]
    assert [e["value"] for e in extract_entities("yesterday", date(2024, 3, 1))] == ["2024-02-29"]
    assert [e["value"] for e in extract_entities("today")] == [date.today().isoformat()]


def test_amount_and_currency_share_a_span_in_that_order() -> None:
    entities = extract_entities("$650", TODAY)
    assert [(e["entity"], e["start"], e["end"]) for e in entities] == [("amount", 0, 4), ("currency", 0, 4)]


def test_goods_values_map_to_flags() -> None:
    goods = by_entity("a parcel of red wine, cigars, perfume and kids' toys", "goods")
    assert goods == ["red wine", "cigars", "perfume", "kids' toys"]
    assert [sorted(goods_flags(g)) for g in goods] == [
        ["alcohol"],
        ["tobacco"],
        ["perfume_alcohol"],
        ["consumer_product"],
    ]


# --- what must not become an entity ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("I started importing in 2015", "amount"),
        ("I started importing in 2015", "hts_code"),
        ("on 06/01/2024", "amount"),
        ("2024-06-01", "amount"),
        ("2024-06-01", "hts_code"),
        ("500 kg of rice", "amount"),
        ("3 boxes of tea", "amount"),
        ("duty is 25%", "amount"),
        ("HTS 6109.10.0012", "amount"),
        ("6109100012", "amount"),
        ("worth 500 kg", "amount"),
        ("5 pounds of coffee", "amount"),
        ("a box weighing about 5 pounds", "amount"),
        ("valued at $6109.10", "hts_code"),
        ("2015", "hts_code"),
        ("6109", "hts_code"),
        ("tariff 2000 dollars", "hts_code"),
        ("help us with customs", "country"),
        ("can you tell us more", "country"),
        ("I had a turkey sandwich", "country"),
        ("in India ink", "country"),
        ("ship to New Jersey", "country"),
        ("we are in Georgia", "country"),
        ("south America", "country"),
        ("I use nail polish", "country"),
        ("french fries", "country"),
        ("can I ship this", "transport_mode"),
        ("please post a reply", "transport_mode"),
        ("send me an e-mail", "transport_mode"),
        ("ups and downs of start-ups", "transport_mode"),
        ("13/45/2024", "date"),
        ("February 30 2024", "date"),
        ("the 32nd of May 2024", "date"),
        ("you may 5x it", "date"),
        ("I want to ship it to you", "goods"),
        ("shipping rates please", "goods"),
        ("an order of stuff", "goods"),
        ("shipping costs from China", "goods"),
        ("call me at 2125551234", "hts_code"),
        ("tracking number 1234567890", "hts_code"),
        ("order #1234567890", "hts_code"),
        ("in may", "date"),
        ("in 2215", "date"),
        ("I want to ship my products to the US", "goods"),
        ("bought them online", "goods"),
        ("Is 800 the limit?", "amount"),
        ("the 301 tariffs on chapter 85", "hts_code"),
        ("", "amount"),
    ],
)
def test_not_an_entity(text: str, entity: str) -> None:
    assert by_entity(text, entity) == []


# --- robustness -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\t",
        "\x00\x01\x02$650\x7f",
        "😀🇨🇳 $650 from 🇨🇳",
        "من الصين بقيمة 650 دولار",
        "שלום $5 מסין",
        "\u202e$650 from China\u202c",
        "\ufeff$650",
        "ＵＳＤ３００",
        "$" * 5000,
        "6" * 5000,
        "-" * 3000,
        "$$$ 1,,,2..3 k€£¥",
        "in in in in 2015 2015",
        "a shipment of " * 300,
        "U.S. " * 600,
        "\u0130stanbul İzmir",
        "ǅ ß ﬁ ᾈ",
        "\r\n".join(["DHL"] * 700),
        "carry " * 800,
    ],
)
def test_never_raises_on_odd_text(text: str) -> None:
    entities = extract_entities(text, TODAY)
    assert_well_formed(text, entities)


def test_lone_surrogates_do_not_hide_entities() -> None:
    text = "\ud800 $650 from China \udfff"
    entities = extract_entities(text, TODAY)
    assert_well_formed(text, entities)
    assert {(e["entity"], e["value"]) for e in entities} == {("amount", 650.0), ("currency", "USD"), ("country", "CN")}


@pytest.mark.parametrize("bad", [None, 650, 6.5, b"$650", ["$650"], {"text": "$650"}])
def test_non_str_input_gives_empty_list(bad: object) -> None:
    assert extract_entities(bad) == []  # type: ignore[arg-type]


def test_long_text_is_capped_and_fast() -> None:
    text = "I import $650 of toys from China by DHL on 06/01/2024. " * 4000  # ~220,000 characters
    start = time.perf_counter()
    entities = extract_entities(text, TODAY)
    elapsed = time.perf_counter() - start
    assert_well_formed(text, entities)
    assert entities and max(e["end"] for e in entities) <= MAX_SCAN_CHARS
    assert elapsed < 2.0


def test_cap_does_not_cut_a_token() -> None:
    text = "x" * (MAX_SCAN_CHARS - 3) + " $1,234,567"
    assert extract_entities(text, TODAY) == []


_FRAGMENTS = st.sampled_from(
    [
        "$650",
        "€90",
        "1.2k",
        "two thousand dollars",
        "-50 dollars",
        "worth 650",
        "a 650 order",
        "China",
        "the US",
        "us",
        "Hong Kong",
        "HK",
        "Turkey",
        "turkey",
        "DHL",
        "by sea",
        "in my luggage",
        "carry it with me",
        "06/01/2024",
        "2024-06-01",
        "in 2015",
        "last Tuesday",
        "next month",
        "6109.10.0012",
        "6109100012",
        "HTS 6109",
        "phone cases",
        "t-shirts",
        "wine",
        "shipment of",
        "importing",
        "500 kg",
        "25%",
        "of",
        "and",
        ",",
        ".",
        " ",
        "😀",
        "\u200f",
        "\x00",
        "עברית",
        "-",
        "$",
        "k",
        "m",
        "U.S.",
        "'s",
        "may",
        "May",
        "13/45/2024",
        "February 30 2024",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=300))  # surrogates included
def test_property_any_text(text: str) -> None:
    assert_well_formed(text, extract_entities(text, TODAY))
    # The internals too: extract_entities' safety net must not be what keeps this test green.
    assert_well_formed(text, _extract(text, TODAY))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=5)), max_size=30).map(" ".join), st.dates())
def test_property_entity_like_text(text: str, today: date) -> None:
    entities = _extract(text, today)
    assert entities == extract_entities(text, today)
    assert_well_formed(text, entities)
    for e in entities:
        if e["entity"] == "amount":
            assert isinstance(e["value"], float)
        elif e["entity"] == "date":
            assert len(e["value"]) == 10 and date.fromisoformat(e["value"])
            info = e["additional_info"]
            assert info["granularity"] in DATE_GRANULARITIES
            assert info["start"] == e["value"] <= info["end"]
        else:
            assert isinstance(e["value"], str) and e["value"]
