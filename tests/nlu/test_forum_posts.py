"""Messages with several facts, as real forum posts have: every amount, country, mode, goods and date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.nlu.extract import extract_entities
from bot.nlu.goods import goods_flags
from tests.nlu.test_extract import assert_well_formed

TODAY = date(2026, 12, 1)


def values(text: str, entity: str) -> list[Any]:
    entities = extract_entities(text, TODAY)
    assert_well_formed(text, entities)
    return [e["value"] for e in entities if e["entity"] == entity]


def amounts(text: str) -> list[tuple[float, str | None]]:
    """(value, currency) of each amount; the currency twin follows its amount with the same span."""
    entities = extract_entities(text, TODAY)
    found = []
    for i, e in enumerate(entities):
        if e["entity"] != "amount":
            continue
        twin = entities[i + 1] if i + 1 < len(entities) else None
        same = twin and twin["entity"] == "currency" and (twin["start"], twin["end"]) == (e["start"], e["end"])
        found.append((e["value"], twin["value"] if same else None))  # type: ignore[index]
    return found


# --- long posts ---------------------------------------------------------------------------------

EO_POST = (
    'I keep seeing this quoted: "EO 14324 suspends duty-free de minimis treatment for all countries '
    'effective August 29, 2025, under 19 U.S.C. 1321." '
    "Back in 2019 I ordered from China all the time and never paid a cent. "
    "Last spring I bought a $10 item on Temu and it came by USPS with no fees. "
    "Now a friend says I would pay $3, or maybe $25, on the same $10 item. "
    "Which is it, and does it matter that it ships from China via Hong Kong?"
)


def test_eo_post_amounts_only_the_money() -> None:
    assert amounts(EO_POST) == [(10.0, "USD"), (3.0, "USD"), (25.0, "USD"), (10.0, "USD")]


def test_eo_post_dates_each_fact_its_own_date() -> None:
    found = [
        (e["text"], e["additional_info"]["granularity"], e["additional_info"]["start"], e["additional_info"]["end"])
        for e in extract_entities(EO_POST, TODAY)
        if e["entity"] == "date"
    ]
    assert found == [
        ("August 29, 2025", "day", "2025-08-29", "2025-08-29"),
        ("2019", "year", "2019-01-01", "2019-12-31"),
        ("Last spring", "season", "2026-03-01", "2026-05-31"),
    ]


def test_eo_post_countries_modes_and_no_marketplace() -> None:
    assert values(EO_POST, "country") == ["CN", "CN", "HK"]
    assert values(EO_POST, "transport_mode") == ["postal"]
    assert values(EO_POST, "hts_code") == []  # "14324" and "1321" are not HTS codes either


TRAVEL_POST = (
    "Long-time lurker. In 2023 I ordered two cases of wine from France and paid about 3,000 bucks, "
    "shipped by sea in a container. Then last winter my cousin sent cigars and some Belgian chocolate "
    "through the post from Belgium, declared at €150. This year I want to bring back 2 bottles of whisky "
    "and a few books in my luggage from the UK. Do I pay duty on the books, and is the €150 parcel "
    "treated like the $3k wine?"
)


def test_travel_post_every_fact() -> None:
    assert amounts(TRAVEL_POST) == [(3000.0, "USD"), (150.0, "EUR"), (150.0, "EUR"), (3000.0, "USD")]
    assert values(TRAVEL_POST, "country") == ["FR", "BE", "BE", "GB"]
    assert values(TRAVEL_POST, "transport_mode") == ["ocean", "ocean", "postal", "traveller"]
    goods = values(TRAVEL_POST, "goods")
    assert goods == ["wine", "cigars", "chocolate", "whisky", "books", "books", "wine"]
    assert {flag for g in goods for flag in goods_flags(g)} == {"alcohol", "tobacco", "food", "informational_materials"}
    granularities = [
        e["additional_info"]["granularity"] for e in extract_entities(TRAVEL_POST, TODAY) if e["entity"] == "date"
    ]
    assert values(TRAVEL_POST, "date") == ["2023-01-01", "2025-12-01", "2026-01-01"]
    assert granularities == ["year", "season", "year"]


# --- several amounts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two orders, $500 and $450, both on March 3", [(500.0, "USD"), (450.0, "USD")]),
        ("a $10 item from Shein: do I pay $3 or $25?", [(10.0, "USD"), (3.0, "USD"), (25.0, "USD")]),
        ("$3k", [(3000.0, "USD")]),
        ("3,000 bucks", [(3000.0, "USD")]),
        ("USD 1.2k", [(1200.0, "USD")]),
        ("€150", [(150.0, "EUR")]),
        ("it cost 3 grand", [(3000.0, None)]),
        ("3 grand worth of furniture", [(3000.0, None)]),
        ("it was $1,200.50 plus $35.99 shipping", [(1200.5, "USD"), (35.99, "USD")]),
        ("£40 jumper, 40 quid of tea and CAD 120 of maple syrup", [(40.0, "GBP"), (40.0, "GBP"), (120.0, "CAD")]),
        ("the limit went from $800 to $0", [(800.0, "USD"), (0.0, "USD")]),
    ],
)
def test_every_amount_is_its_own_entity(text: str, expected: list[tuple[float, str | None]]) -> None:
    assert amounts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "EO 14324 suspends duty-free de minimis treatment",
        "under section 321 of the Tariff Act",
        "my order #2023-1187 is stuck",
        "HTS 6109.10.0012",
        "customs held it for 24 hours",
        "do I need a 10+2 filing?",
        "it took 7 days",
        "3 items in one box",
        "my camera is 2 years old",
        "19 U.S.C. 1321",
        "under 19 CFR 10.151",
        "we sell 2 grand pianos",
    ],
)
def test_numbers_that_are_not_amounts(text: str) -> None:
    assert values(text, "amount") == []


def test_a_price_in_the_year_range_is_an_amount_not_a_date() -> None:
    assert amounts("I paid $2025 for it") == [(2025.0, "USD")]
    assert values("I paid $2025 for it", "date") == []


# --- countries, modes, goods ------------------------------------------------------------------------


def test_every_country() -> None:
    assert values("from China via Hong Kong to the US", "country") == ["CN", "HK", "US"]


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("it comes with DHL", "express"),
        ("FedEx brought it", "express"),
        ("the UPS driver wants $40", "express"),
        ("USPS delivered it", "postal"),
        ("it came in the post", "postal"),
        ("it came via the post", "postal"),
        ("sent by registered post", "postal"),
        ("shipped by sea", "ocean"),
        ("a 20ft container", "ocean"),
        ("air freight", "air_cargo"),
        ("a courier delivered it", "express"),
        ("sent with Royal Mail", "postal"),
        ("Canada Post", "postal"),
        ("EMS from Japan", "postal"),
        ("ePacket from China", "postal"),
        ("Colissimo from France", "postal"),
    ],
)
def test_carrier_names_are_modes(text: str, mode: str) -> None:
    assert values(text, "transport_mode") == [mode]


@pytest.mark.parametrize("text", ["I bought it on Temu", "ordered from Shein and AliExpress", "an Etsy shop"])
def test_marketplaces_are_not_modes_or_countries(text: str) -> None:
    assert values(text, "transport_mode") == []
    assert values(text, "country") == []


def test_several_modes_in_one_message() -> None:
    text = "DHL, FedEx, UPS and USPS all quote differently; by sea in a container is cheaper than air freight"
    assert values(text, "transport_mode") == ["express", "express", "express", "postal", "ocean", "ocean", "air_cargo"]


@pytest.mark.parametrize(
    ("text", "goods", "flags"),
    [
        ("a case of wine, a bottle of vodka and some beer", ["wine", "vodka", "beer"], {"alcohol"}),
        ("cigarettes, cigars and rolling tobacco", ["cigarettes", "cigars", "rolling tobacco"], {"tobacco"}),
        ("chocolate, cheese, coffee and dried fruit", ["chocolate", "cheese", "coffee", "dried fruit"], {"food"}),
        (
            "novels, comics, magazines and textbooks",
            ["novels", "comics", "magazines", "textbooks"],
            {"informational_materials"},  # 50 USC 1702(b) goods
        ),
        ("a box of books and a comic book", ["books", "comic book"], {"informational_materials"}),
    ],
)
def test_goods_of_every_kind(text: str, goods: list[str], flags: set[str]) -> None:
    found = values(text, "goods")
    assert found == goods
    assert {flag for g in found for flag in goods_flags(g)} == flags
