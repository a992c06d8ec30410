"""Money as the answers write it (bot/thresholds/formatting.py, babel's US English data)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.thresholds.formatting import currency_name, money, money_in_words


@pytest.mark.parametrize(
    ("amount", "currency", "written"),
    [
        (Decimal("33.58"), "USD", "$33.58"),
        (800, "USD", "$800"),
        (1200.5, "USD", "$1,200.50"),
        (Decimal("2.685"), "USD", "$2.69"),  # half a cent rounds up, as the fee tables do
        (Decimal("0.004"), "USD", "$0"),
        (Decimal("9999999999.99"), "USD", "$9,999,999,999.99"),
        (Decimal("614.35"), "USD", "$614.35"),
        (150, "EUR", "€150"),
        (Decimal("135"), "GBP", "£135"),
        (10000, "JPY", "¥10,000"),
        (40, "CAD", "CAD 40"),  # CA$ would be read as dollars: the code, as before
        (Decimal("1000.5"), "AUD", "AUD 1,000.50"),
        (60, "CNY", "CNY 60"),
        (5, "SEK", "SEK 5"),
    ],
)
def test_amounts_are_written_as_before(amount, currency, written):
    assert money(amount, currency) == written


def test_a_figure_is_written_the_same_whatever_was_written_before():
    money(Decimal("-0.004"), "EUR")  # -0.00 equals 0.00: the cache must not hand its text to zero
    assert money(Decimal("0"), "EUR") == "€0"


@pytest.mark.parametrize(
    ("amount", "currency", "words"),
    [
        (40, "SEK", "40 Swedish kronor"),
        (1, "SEK", "1 Swedish krona"),
        (Decimal("1.50"), "EUR", "1.50 euros"),
        (1, "EUR", "1 euro"),
        (2, "MXN", "2 Mexican pesos"),
        (Decimal("1200.5"), "CAD", "1,200.50 Canadian dollars"),
        (300, "CNY", "300 Chinese yuan"),
    ],
)
def test_currencies_written_out_use_their_english_names(amount, currency, words):
    assert money_in_words(amount, currency) == words


def test_currency_names_singular_and_plural():
    assert (currency_name("SEK", 1), currency_name("SEK")) == ("Swedish krona", "Swedish kronor")
    assert currency_name("USD") == "US dollars"
    assert currency_name("XYZ") == "XYZ"  # unknown: the code, not an error
