"""Plain-language formatting of rule values and dates (shared by the engine, CLI and actions)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from bot.thresholds.schema import Rule

CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def money(amount: Decimal | float | int, currency: str = "USD") -> str:
    """'$1,200.50', '$800', '€150', 'CAD 40' (whole amounts without cents)."""
    amount = Decimal(str(amount))
    cents = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{cents:,.0f}" if cents == cents.to_integral_value() else f"{cents:,.2f}"
    sign = CURRENCY_SIGNS.get(currency)
    return f"{sign}{text}" if sign else f"{currency} {text}"


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
