"""Cities named instead of their country (data/lexicon/places.yml) are read as that country."""

from __future__ import annotations

from datetime import date

import pytest

from bot.nlu.extract import extract_entities


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("my supplier in guangzhou ships by DHL", "CN"),
        ("a day trip to Tijuana with $500 of stuff", "MX"),
        ("shipping to a customer in Toronto", "CA"),
        ("used parts from junkyards in Ciudad Juarez", "MX"),
        ("a box from a co-op in Puno", "PE"),
    ],
)
def test_a_city_is_its_country(text: str, code: str) -> None:
    countries = [e["value"] for e in extract_entities(text, date(2026, 12, 1)) if e["entity"] == "country"]
    assert countries == [code]


def test_ambiguous_place_names_are_not_guessed() -> None:
    text = "I live in Georgia and order from Washington"
    countries = [e["value"] for e in extract_entities(text, date(2026, 12, 1)) if e["entity"] == "country"]
    assert countries == []
