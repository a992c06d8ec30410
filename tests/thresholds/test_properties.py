"""Property-based tests: the de minimis state is always defined, and bad input never crashes."""

from __future__ import annotations

import datetime as dt

import pycountry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answers import templates
from bot.thresholds import ShipmentRefused, assess_shipment
from bot.thresholds.schema import SHIPMENT_MODES

COUNTRIES = sorted(country.alpha_2 for country in pycountry.countries)
SAYABLE = set(templates()["point"]) | set(templates()["headline"])
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(
    on=st.dates(min_value=dt.date(1938, 1, 1), max_value=dt.date(2100, 12, 31)),
    origin=st.sampled_from(COUNTRIES),
    mode=st.sampled_from(SHIPMENT_MODES),
)
def test_exactly_one_de_minimis_state_for_any_date_and_scope(snapshot, on, origin, mode):
    states = snapshot.rules_in_force("de_minimis", "US", on, origin=origin, mode=mode)
    assert len(states) == 1, (on, origin, mode, [rule.id for rule in states])
    assert states[0].status in ("available", "suspended", "repealed", "unverified")


@SETTINGS
@given(
    value=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.text(max_size=20), st.none()),
    origin=st.one_of(st.sampled_from(COUNTRIES), st.text(max_size=12)),
    mode=st.one_of(st.sampled_from(SHIPMENT_MODES + ("traveller",)), st.text(max_size=10)),
    on=st.one_of(st.none(), st.dates()),
    currency=st.one_of(st.none(), st.sampled_from(["USD", "EUR", "usd", "$", "JPY"]), st.text(max_size=5)),
    is_gift=st.booleans(),
)
def test_any_input_gets_an_assessment_or_a_clear_refusal(snapshot, value, origin, mode, on, currency, is_gift):
    try:
        result = assess_shipment(
            snapshot, value=value, origin=origin, mode=mode, on=on, currency=currency, is_gift=is_gift
        )
    except ShipmentRefused as refused:
        assert refused.reason and refused.field
    else:
        for statement in (result.de_minimis, result.entry_statement, *result.obligations):
            assert statement.code in SAYABLE, statement.code  # every finding has wording in the templates
