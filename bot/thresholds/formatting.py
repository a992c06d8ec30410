"""Plain-language formatting of rule values and dates (shared by the engine, CLI and actions)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import get_currency_name, get_currency_symbol, parse_pattern

from bot.thresholds.schema import Rule

#: Amounts and currency names are written as in US English (CLDR data, through babel).
LOCALE = Locale.parse("en_US")
_WHOLE, _CENTS = parse_pattern("#,##0"), parse_pattern("#,##0.00")


def money(amount: Decimal | float | int, currency: str = "USD") -> str:
    """'$1,200.50', '$800', '€150', 'CAD 40' (whole amounts without cents, half-cents rounded up).

    The sign is the currency's one-character symbol in US English ($, €, £, ¥); a currency
    without one (or sharing one, as the Canadian dollar's CA$) is written with its ISO code.
    """
    return _money(str(_cents(amount)), currency)


def _cents(amount: Decimal | float | int) -> Decimal:
    return Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@lru_cache(maxsize=4096)  # answers repeat the same few figures; babel's formatting is ~10x slower than an f-string
def _money(cents: str, currency: str) -> str:
    """Keyed by the text of the amount: Decimal("-0.00") == Decimal("0.00") would share an entry."""
    text = _amount(Decimal(cents))
    sign = currency_sign(currency)
    return f"{sign}{text}" if sign else f"{currency} {text}"


def _amount(cents: Decimal) -> str:
    """'1,200.50', '800': whole amounts without cents."""
    whole = cents == cents.to_integral_value()
    return (_WHOLE if whole else _CENTS).apply(cents, LOCALE, decimal_quantization=False)


@lru_cache(maxsize=512)
def currency_sign(currency: str) -> str | None:
    """'$' for USD, '€' for EUR; None when US English has no one-character symbol for the currency."""
    try:
        symbol = get_currency_symbol(currency, locale=LOCALE)
    except (ValueError, TypeError):
        return None
    return symbol if len(symbol) == 1 and not symbol.isalnum() else None


def currency_name(currency: str, count: Decimal | float | int = 2) -> str:
    """'Swedish kronor' (count 2), 'Swedish krona' (count 1), 'US dollars'; the code for an unknown currency."""
    return get_currency_name(currency, count=count, locale=LOCALE)


def money_in_words(amount: Decimal | float | int, currency: str) -> str:
    """'40 Swedish kronor', '1 euro', '1,200.50 Canadian dollars' (for currencies written out in full)."""
    cents = _cents(amount)
    # The plural follows the number as written: "1 euro", but "1.50 euros".
    count = int(cents) if cents == cents.to_integral_value() else cents
    return f"{_amount(cents)} {currency_name(currency, count)}"


def day(value: dt.date) -> str:
    """'29 August 2025' (unambiguous for readers on both sides of the Atlantic)."""
    return f"{value.day} {value:%B %Y}"


def rule_value(rule: Rule) -> str:
    """The rule's value with its unit or currency, as a person would write it."""
    if rule.value_number is None:
        return rule.value_text or ""
    if rule.currency:
        return money(rule.value_number, rule.currency)
    number = rule.value_number
    plain = f"{number.normalize():f}" if number != number.to_integral_value() else f"{int(number):,}"
    if rule.unit == "percent":
        return f"{plain}%"
    if rule.unit in ("hours", "days"):
        return f"{plain} {rule.unit if number != 1 else rule.unit[:-1]}"
    return plain


def period(rule: Rule) -> str:
    """'from 10 March 2016 to 28 August 2025', 'since 1 July 2027', 'start not recorded'."""
    if rule.effective_from and rule.effective_to:
        return f"from {day(rule.effective_from)} to {day(rule.effective_to)}"
    if rule.effective_from:
        return f"since {day(rule.effective_from)}"
    if rule.effective_to:
        return f"until {day(rule.effective_to)} (start date not recorded)"
    return "in force (start date not recorded)"
