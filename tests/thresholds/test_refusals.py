"""Inputs the engine refuses, each with a clear reason."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.thresholds import ShipmentRefused, assess_shipment


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"value": -5}, "value", "not_positive"),
        ({"value": 0}, "value", "not_positive"),
        ({"value": 10_000_000_001}, "value", "absurd"),
        ({"value": "lots"}, "value", "not_a_number"),
        ({"value": float("nan")}, "value", "not_a_number"),
        ({"value": float("inf")}, "value", "not_a_number"),
        ({"value": True}, "value", "missing"),
        ({"value": None}, "value", "missing"),
        ({"currency": "EUR"}, "currency", "needs_usd"),
        ({"currency": "gbp"}, "currency", "needs_usd"),
        ({"origin": "Narnia"}, "origin", "unknown_country"),
        ({"origin": "XX"}, "origin", "unknown_country"),
        ({"origin": ""}, "origin", "missing"),
        ({"origin": "EU"}, "origin", "not_a_country"),
        ({"mode": "teleport"}, "mode", "unknown_mode"),
        ({"on": dt.date(1937, 12, 31)}, "date", "too_early"),
        ({"on": dt.date(2200, 1, 1)}, "date", "too_late"),
        ({"on": "yesterday"}, "date", "not_a_date"),
        ({"goods_flags": {"plutonium"}}, "goods", "unknown_flag"),
    ],
)
def test_refusals_name_the_field_and_reason(snapshot, kwargs, field, code):
    args = {"value": 100, "origin": "VN", "mode": "express", "on": dt.date(2024, 1, 1)} | kwargs
    with pytest.raises(ShipmentRefused) as refused:
        assess_shipment(snapshot, **args)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert refused.value.reason.endswith((".", "?"))


def test_non_usd_value_asks_for_dollars(snapshot):
    with pytest.raises(ShipmentRefused, match="US dollars"):
        assess_shipment(snapshot, value=90, currency="EUR", origin="DE", mode="postal")


def test_first_day_of_1938_is_accepted(snapshot):
    result = assess_shipment(snapshot, value=1, origin="FR", mode="ocean", on=dt.date(1938, 1, 1))
    assert result.de_minimis_reason == "unverified"


def test_country_names_are_accepted(snapshot):
    result = assess_shipment(snapshot, value=10, origin="Viet Nam", mode="postal", on=dt.date(2024, 1, 1))
    assert result.origin == "VN"
