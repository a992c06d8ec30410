"""Property tests with hostile input: what a user types, or injects, never crashes the bot.

* the normalisers and the entity extractor (bot/nlu) return only documented values for any text;
* the spaCy component never raises, whatever the messages hold;
* the assessment engine gives an assessment or a `ShipmentRefused`, never a TypeError, OverflowError...;
* the shipment form's validation gives slots (or a re-ask), never an exception, never the safety net.

Regressions found by these tests are pinned with `@example`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import re
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pycountry
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa_sdk.executor import CollectingDispatcher

from actions.shipment_form import FORM_SLOTS, ActionAssessShipment, ValidateShipmentForm, typed_amount
from bot.answers import answer_assessment
from bot.contact import APOLOGY
from bot.nlu import lexicon
from bot.nlu.component import CBPEntityExtractor
from bot.nlu.extract import ENTITY_NAMES, _extract, extract_entities
from bot.nlu.goods import FLAGS, goods_flags, normalise_goods
from bot.nlu.normalise import (
    MAX_SCAN_CHARS,
    find_amounts,
    find_currencies,
    find_dates,
    find_hts_codes,
    find_mode_patterns,
    normalise_country,
    normalise_currency,
    normalise_date,
    normalise_hts,
    normalise_mode,
    parse_amount,
    parse_date,
)
from bot.thresholds import ShipmentRefused, assess_shipment
from bot.thresholds.assess import (
    EARLIEST_DATE,
    LATEST_DATE,
    MAX_VALUE_USD,
    check_country,
    check_date,
    check_flags,
    check_value,
)
from bot.thresholds.schema import GOODS_FLAGS, MODES
from tests.actions.conftest import TODAY, make_tracker
from tests.conftest import ROOT
from tests.hardening.strategies import (
    ANY_CHAR,
    FEW,
    SETTINGS,
    country_like,
    hostile_dates,
    hostile_values,
    json_values,
    mixed_text,
    user_text,
)

ALPHA_2 = frozenset(country.alpha_2 for country in pycountry.countries)
COUNTRY_VALUES = ALPHA_2 | {lexicon.EU}  # the EU is the one documented non-ISO value
CURRENCIES = lexicon.iso_currency_codes()
GRANULARITIES = {"day", "week", "month", "year"}
HTS = re.compile(r"[0-9]{4}(?:\.[0-9]{2}(?:\.(?:[0-9]{2}|[0-9]{4}))?)?")
REFUSAL_FIELDS = {"value", "currency", "origin", "mode", "date", "goods", "gift_sender_territory"}


def assert_iso_date(value: object) -> dt.date:
    assert isinstance(value, str) and len(value) == 10
    day = dt.date.fromisoformat(value)
    assert 1900 <= day.year <= 2100
    return day


# ============================================================================================
# Normalisers (bot/nlu/normalise.py, goods.py): documented values or None, for any text
# ============================================================================================


@SETTINGS
@given(user_text)
@example("1e999 dollars")
@example("$" + "9" * 400)
@example("minus " + "nine hundred " * 50)
def test_normalisers_return_documented_values_or_none(text: str) -> None:
    amount = parse_amount(text)
    if amount is not None:
        value, currency = amount
        assert isinstance(value, float) and math.isfinite(value)
        assert currency is None or currency in CURRENCIES
    assert normalise_currency(text) in CURRENCIES | {None}
    assert normalise_country(text) in COUNTRY_VALUES | {None}
    assert normalise_mode(text) in set(lexicon.TRANSPORT_MODES) | {None}
    hts = normalise_hts(text)
    assert hts is None or HTS.fullmatch(hts)
    parsed = parse_date(text, TODAY)
    if parsed is not None:
        assert_iso_date(parsed[0])
        assert parsed[1] in GRANULARITIES
    assert normalise_date(text, TODAY) == (parsed[0] if parsed else None)
    assert goods_flags(text) <= FLAGS
    goods = normalise_goods(text)
    assert goods is None or (isinstance(goods, str) and goods and goods == goods.strip())


@SETTINGS
@given(user_text, st.dates())
@example("yesterday, the day after tomorrow, last Tuesday, in March", dt.date.min)  # overflowed before the fix
@example("tomorrow and the day after tomorrow", dt.date.max)
def test_finders_spans_lie_within_the_scanned_text(text: str, today: dt.date) -> None:
    scanned = text[:MAX_SCAN_CHARS]
    spans = (
        find_amounts(text)
        + find_currencies(text)
        + find_dates(text, today)
        + find_hts_codes(text)
        + find_mode_patterns(text)
    )
    for span in spans:
        assert 0 <= span.start < span.end <= len(scanned)
        if span.entity == "amount":
            assert isinstance(span.value, float) and math.isfinite(span.value)
        elif span.entity == "date":
            assert_iso_date(span.value)


@SETTINGS
@given(user_text)
@example("0.004 dollars")
@example("$0.001")
@example("$9,999,999,999.999")
@example("1e5")
def test_amounts_become_finite_positive_cents_or_a_refusal(text: str) -> None:
    """What the shipment check does with an extracted amount: a usable dollar value, or a clear refusal."""
    candidates = [parse_amount(text)] + [
        (e["value"], None) for e in extract_entities(text, TODAY) if e["entity"] == "amount"
    ]
    candidates.append((typed_amount(text), None))
    for candidate in candidates:
        if candidate is None or candidate[0] is None:
            continue
        value, currency = candidate
        try:
            amount = check_value(value, currency or "USD")
        except ShipmentRefused as refused:
            assert refused.field in ("value", "currency") and refused.reason
            continue
        assert isinstance(amount, Decimal) and amount.is_finite()
        assert Decimal(0) < amount <= MAX_VALUE_USD
        assert amount.as_tuple().exponent == -2  # whole cents


# ============================================================================================
# The entity extractor and its Rasa component
# ============================================================================================


def assert_entity_values(text: str, entities: list[dict[str, Any]]) -> None:
    assert isinstance(entities, list)
    for entity in entities:
        assert entity["entity"] in ENTITY_NAMES
        assert 0 <= entity["start"] < entity["end"] <= len(text)
        assert text[entity["start"] : entity["end"]] == entity["text"]
        value, kind = entity["value"], entity["entity"]
        if kind == "amount":
            assert isinstance(value, float) and math.isfinite(value)
        elif kind == "currency":
            assert value in CURRENCIES
        elif kind == "country":
            assert value in COUNTRY_VALUES
        elif kind == "transport_mode":
            assert value in lexicon.TRANSPORT_MODES
        elif kind == "date":
            assert_iso_date(value)
            assert entity["additional_info"]["granularity"] in GRANULARITIES
        elif kind == "hts_code":
            assert HTS.fullmatch(value)
        else:
            assert isinstance(value, str) and value.strip() and goods_flags(value) <= FLAGS


@SETTINGS
@given(user_text)
@example("\ud800 $650 from China \udfff")
@example("x" * 1999 + " $650 from China " + "y" * 3000)
def test_extracted_entities_are_well_formed_for_any_text(text: str) -> None:
    # _extract has no safety net: this fails if extraction raises, not just if it returns rubbish.
    entities = _extract(text, TODAY)
    assert entities == extract_entities(text, TODAY)
    assert_entity_values(text, entities)


def _component() -> CBPEntityExtractor:
    storage = LocalModelStorage(Path(tempfile.mkdtemp(prefix="cbp-hardening-")) / "model_storage")
    context = ExecutionContext(GraphSchema({}), model_id="hardening", node_name="cbp_entities")
    return CBPEntityExtractor.create(
        CBPEntityExtractor.get_default_config(), storage, Resource("cbp_entities"), context
    )


@pytest.fixture(scope="module")
def component() -> CBPEntityExtractor:
    return _component()


message_texts = st.one_of(user_text, json_values, st.binary(max_size=20), st.just('/check_shipment{"amount": 5}'))
prior_entities = st.lists(
    st.fixed_dictionaries({"entity": st.sampled_from(["amount", "other"]), "value": json_values}), max_size=2
)


@FEW
@given(st.lists(st.tuples(message_texts, prior_entities), min_size=1, max_size=3))
@example([("\ud800\udfff" * 10, []), (None, []), (b"$650", [{"entity": "x", "value": None}])])
def test_component_processes_any_messages(component: CBPEntityExtractor, batch: list) -> None:  # noqa: ANN001
    messages = [Message(data={TEXT: text, ENTITIES: list(prior)}) for text, prior in batch]
    out = component.process(messages)
    assert out is messages
    for message, (text, prior) in zip(messages, batch, strict=True):
        entities = message.get(ENTITIES)
        assert entities[: len(prior)] == prior  # what other extractors found is kept
        added = entities[len(prior) :]
        if not isinstance(text, str) or text.startswith("/"):
            assert added == []
            continue
        assert_entity_values(text, added)
        assert all(e["extractor"] == "CBPEntityExtractor" and e["confidence_entity"] == 1.0 for e in added)


# ============================================================================================
# The assessment engine (bot/thresholds/assess.py): an assessment or a ShipmentRefused
# ============================================================================================

origins = st.one_of(country_like, st.sampled_from(sorted(ALPHA_2)), hostile_values)
modes = st.one_of(st.sampled_from(MODES), st.text(ANY_CHAR, max_size=12), hostile_values)
flag_sets = st.one_of(
    st.none(),
    st.lists(st.sampled_from(GOODS_FLAGS), max_size=4),
    st.frozensets(st.sampled_from(GOODS_FLAGS), max_size=4),
    st.sampled_from(GOODS_FLAGS),  # one flag as a string
    st.lists(st.one_of(st.text(max_size=10), st.integers(), st.lists(st.integers(), max_size=2)), max_size=3),
    hostile_values,
)
currencies = st.one_of(st.none(), st.sampled_from(["USD", "usd", " US$ ", "$", "EUR", "gbp"]), hostile_values)


def assert_valid_assessment(result: Any) -> None:
    assert Decimal(0) < result.value_usd <= MAX_VALUE_USD and result.value_usd.is_finite()
    assert result.origin in ALPHA_2 and result.mode in MODES
    assert result.goods_flags <= set(GOODS_FLAGS)
    assert EARLIEST_DATE <= result.on <= LATEST_DATE
    assert result.de_minimis.text and result.entry_statement.text
    answer = answer_assessment(result)  # and it can be said
    assert answer.text.startswith("Your ")


def assert_clear_refusal(refused: ShipmentRefused) -> None:
    assert refused.field in REFUSAL_FIELDS and refused.code and refused.reason.endswith((".", "?"))


@SETTINGS
@given(
    value=hostile_values,
    origin=origins,
    mode=modes,
    on=hostile_dates,
    currency=currencies,
    flags=flag_sets,
    is_gift=st.one_of(st.booleans(), json_values),
    sender=st.one_of(st.none(), country_like, hostile_values),
)
@example(
    value=Decimal("0.004"), origin="VN", mode="express", on=None, currency="USD", flags=(), is_gift=False, sender=None
)
@example(value=10**5000, origin="VN", mode="express", on=None, currency=10**5000, flags=(), is_gift=False, sender=None)
@example(value=100, origin="VN", mode="express", on=None, currency="USD", flags=5, is_gift=False, sender=None)
@example(value=100, origin="VN", mode="express", on=None, currency="USD", flags=[[1]], is_gift=False, sender=None)
@example(value=100, origin="VN", mode="express", on=None, currency="USD", flags=[1, "a"], is_gift=False, sender=None)
@example(
    value=100, origin="VN", mode="express", on=dt.date.max, currency="USD", flags="food", is_gift=True, sender="CN"
)
def test_any_shipment_gets_an_assessment_or_a_clear_refusal(
    snapshot,
    value,
    origin,
    mode,
    on,
    currency,
    flags,
    is_gift,
    sender,  # noqa: ANN001
) -> None:
    try:
        result = assess_shipment(
            snapshot,
            value=value,
            origin=origin,
            mode=mode,
            currency=currency,
            on=on,
            goods_flags=flags,
            is_gift=is_gift,
            gift_sender_territory=sender,
            today=TODAY,
        )
    except ShipmentRefused as refused:
        assert_clear_refusal(refused)
    else:
        assert_valid_assessment(result)


@SETTINGS
@given(value=hostile_values, currency=currencies, country=origins, on=hostile_dates, flags=flag_sets)
def test_each_check_returns_a_clean_value_or_refuses(value, currency, country, on, flags) -> None:  # noqa: ANN001
    checks = (
        (lambda: check_value(value, currency), lambda v: isinstance(v, Decimal) and 0 < v <= MAX_VALUE_USD),
        (lambda: check_country(country, "origin"), lambda v: v in ALPHA_2),
        (lambda: check_date(on, TODAY), lambda v: EARLIEST_DATE <= v[0] <= LATEST_DATE),
        (lambda: check_flags(flags), lambda v: v <= set(GOODS_FLAGS)),
    )
    for check, valid in checks:
        try:
            assert valid(check())
        except ShipmentRefused as refused:
            assert_clear_refusal(refused)


@pytest.mark.parametrize("value", [Decimal("0.004"), "0.001", 1e-320, "1e-999999"])
def test_a_value_that_rounds_to_zero_cents_is_refused(value: object) -> None:
    with pytest.raises(ShipmentRefused) as refused:
        check_value(value, "USD")
    assert refused.value.code == "not_positive"


# ============================================================================================
# The shipment form's validation (actions/shipment_form.py): slots or a re-ask, never an exception
# ============================================================================================

FORM_DOMAIN = Domain.load(str(ROOT / "domain.yml")).as_dict()
SLOT_NAMES = set(FORM_SLOTS) | {"requested_slot"}
INTENTS = ["check_shipment", "nlu_fallback", "affirm", "deny", "ask_fees", "", None]
entity_names = st.sampled_from([*ENTITY_NAMES, "unknown", ""])
hostile_entities = st.lists(
    st.fixed_dictionaries(
        {"entity": entity_names, "value": st.one_of(hostile_values, json_values, user_text)},
        optional={"start": st.integers(), "end": st.integers(), "additional_info": json_values},
    ),
    max_size=4,
)
slot_values = st.fixed_dictionaries(
    {},
    optional={
        "requested_slot": st.sampled_from([*FORM_SLOTS, None, "unknown"]),
        "shipment_value": st.one_of(st.floats(), json_values),
        "shipment_origin": st.one_of(country_like, json_values),
        "shipment_mode": st.one_of(st.sampled_from(MODES), json_values),
        "shipment_date": st.one_of(st.dates().map(dt.date.isoformat), json_values),
        "shipment_goods": st.one_of(user_text, json_values),
        "is_gift": json_values,
    },
)


def run_action(action: Any, tracker: Any) -> tuple[list[dict], list[str]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, FORM_DOMAIN))
    texts = [message.get("text") for message in dispatcher.messages]
    assert all(isinstance(text, str) and text for text in texts)
    assert APOLOGY not in texts  # the safety net (actions/safety.py) must not be what keeps this green
    return events, texts


def assert_clean_slot_events(events: list[dict]) -> None:
    for event in events:
        assert event["event"] == "slot" and event["name"] in SLOT_NAMES
        name, value = event["name"], event["value"]
        if value is None or name == "requested_slot":
            continue
        if name == "shipment_value":
            assert isinstance(value, float) and 0 < value <= float(MAX_VALUE_USD)
        elif name == "shipment_origin":
            assert value in ALPHA_2
        elif name == "shipment_mode":
            assert value in MODES
        elif name == "shipment_date":
            assert EARLIEST_DATE <= dt.date.fromisoformat(value) <= LATEST_DATE
        elif name == "shipment_goods":
            assert isinstance(value, str) and value.strip() and len(value) <= 80
        else:
            assert isinstance(value, bool)


@SETTINGS
@given(
    text=st.one_of(user_text, json_values),
    intent=st.sampled_from(INTENTS),
    entities=hostile_entities,
    slots=slot_values,
)
@example(text="x", intent="check_shipment", entities=[{"entity": "amount", "value": "abc"}], slots={})
@example(text="x", intent="check_shipment", entities=[{"entity": "amount", "value": [1]}], slots={})
@example(text="x", intent="check_shipment", entities=[{"entity": "amount", "value": {"a": 1}}], slots={})
@example(text="x", intent="check_shipment", entities=[{"entity": "amount", "value": 10**5000}], slots={})
@example(text="x", intent="check_shipment", entities=[{"entity": "amount", "value": True}], slots={})
@example(text="1e999", intent="nlu_fallback", entities=[], slots={"requested_slot": "shipment_value"})
@example(text=12, intent="nlu_fallback", entities=[], slots={"requested_slot": "shipment_goods"})
def test_form_validation_gives_clean_slots_or_a_re_ask(text, intent, entities, slots) -> None:  # noqa: ANN001
    tracker = make_tracker("", intent, entities, slots=slots, active_loop="shipment_form")
    tracker.latest_message["text"] = text  # also non-str text, as a broken client could send
    events, _texts = run_action(ValidateShipmentForm(), tracker)
    assert_clean_slot_events(events)


@FEW
@given(slots=slot_values, intent=st.sampled_from(INTENTS))
@example(slots={"shipment_date": "not a date", "shipment_value": 100.0}, intent="check_shipment")
@example(slots={"shipment_date": 20240101, "shipment_goods": ["wine"]}, intent="check_shipment")
def test_assessing_any_slots_answers_or_explains(rules_db, slots, intent) -> None:  # noqa: ANN001
    tracker = make_tracker("", intent, [], slots=slots)
    events, texts = run_action(ActionAssessShipment(), tracker)
    assert len(texts) == 1  # an answer or "I couldn't check that shipment: <reason>"
    cleared = {event["name"]: event["value"] for event in events if event["name"] in FORM_SLOTS}
    assert cleared == dict.fromkeys(FORM_SLOTS)  # the form's slots are always reset


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1200", 1200.0),
        ("1e5", 100000.0),  # price-parser alone read "1" here
        ("1.5m", 1500000.0),  # and 1.5 here
        ("about 2k", 2000.0),
        ("$1,250.50", 1250.5),
        ("0x10", None),  # and 0 here: re-asked
    ],
)
def test_a_typed_value_is_read_as_written(typed: str, value: float | None) -> None:
    tracker = make_tracker(
        typed, "nlu_fallback", [], slots={"requested_slot": "shipment_value"}, active_loop="shipment_form"
    )
    events, texts = run_action(ValidateShipmentForm(), tracker)
    slots = {event["name"]: event["value"] for event in events}
    assert slots.get("shipment_value") == value
    if value is None:
        assert any("$0" in text or "number of US dollars" in text for text in texts)


@pytest.mark.parametrize(
    "injected", ["abc", [1], {"a": 1}, 10**5000, True, "1e999"], ids=["text", "list", "dict", "huge", "bool", "1e999"]
)
def test_an_injected_amount_entity_is_re_asked_not_a_crash(injected: object) -> None:
    """`/check_shipment{"amount": ...}` puts any JSON value in the entity; it used to crash the action server."""
    tracker = make_tracker(
        "x", "check_shipment", [{"entity": "amount", "value": injected}], active_loop="shipment_form"
    )
    events, texts = run_action(ValidateShipmentForm(), tracker)
    assert {event["name"]: event["value"] for event in events}.get("shipment_value", None) is None
    assert texts  # the user is told why


@FEW
@given(mixed_text)
def test_real_extraction_feeds_the_form_cleanly(text: str) -> None:
    """End to end without Rasa: our extractor's entities for any message, then the form's validation."""
    tracker = make_tracker(text, "check_shipment", extract_entities(text, TODAY), active_loop="shipment_form")
    events, _texts = run_action(ValidateShipmentForm(), tracker)
    assert_clean_slot_events(events)


@SETTINGS
@given(
    slot=st.sampled_from(["shipment_value", "shipment_origin", "shipment_mode", "shipment_goods"]),
    value=st.one_of(hostile_values, json_values, user_text, country_like),
    currency=st.one_of(st.none(), json_values),
)
@example(slot="shipment_value", value=10**5000, currency=None)
@example(slot="shipment_goods", value={"a": 1}, currency=None)
def test_each_validator_returns_its_slot_clean_or_none(slot: str, value: Any, currency: Any) -> None:
    entities = [{"entity": "currency", "value": currency}] if currency is not None else []
    tracker = make_tracker("x", "check_shipment", entities, active_loop="shipment_form")
    dispatcher = CollectingDispatcher()
    result = getattr(ValidateShipmentForm(), f"validate_{slot}")(value, dispatcher, tracker, FORM_DOMAIN)
    assert list(result) == [slot]
    assert_clean_slot_events([{"event": "slot", "name": slot, "value": result[slot]}])
    if result[slot] is None:
        assert dispatcher.messages and all(message.get("text") for message in dispatcher.messages)  # a re-ask
