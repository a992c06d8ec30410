"""A sample of questions across every topic, answered by the engine's verdict functions (no Rasa, no NLU)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from decimal import Decimal

import yaml

from bot.thresholds import verdicts as v
from bot.thresholds.store import Snapshot
from tests.conftest import ROOT

TODAY = dt.date(2026, 11, 26)
D = dt.date
TOPICS = sorted(
    {entry["topic"] for entry in yaml.safe_load((ROOT / "data" / "topics.yml").read_text())["intents"].values()}
)

#: (topic, facts) pairs: dates on each side of the big changes, values around the limits, the usual origins.
DATES = (None, D(2015, 6, 1), D(2025, 6, 1), D(2027, 8, 1))
SHIPMENTS = [
    {"value": Decimal(120), "origin": "CA", "mode": "express"},
    {"value": Decimal(650), "origin": "CN", "mode": "postal"},
    {"value": Decimal(3000), "origin": "DE", "mode": "ocean", "goods_flags": frozenset({"food"})},
    {"value": Decimal(80), "origin": "GB", "mode": "postal", "gift": True},
    {"value": Decimal(40), "origin": "PR", "mode": "express"},
    {"value": Decimal(90), "origin": "FR", "mode": "express", "goods_flags": frozenset({"alcohol"})},
    {
        "values": (Decimal(500), Decimal(400)),
        "same_day": True,
        "value": Decimal(500),
        "origin": "DE",
        "mode": "express",
    },
    {"value": Decimal(120)},  # origin and mode unknown
    {},
]
EXTRA = {
    "fees": [{"focus": "hmf"}, {"value": Decimal(5000)}, {"value": Decimal(20000), "mode": "ocean"}],
    "other_countries": [{"jurisdiction": "GB"}, {"jurisdiction": "BR"}, {}],
    "out_of_scope": [
        {"oos_kind": kind} for kind in ("general", "refund", "carrier_charge", "duty_rate", "other_country")
    ],
    "restricted_goods": [
        {"goods_flags": frozenset({"food"}), "mode": "air_cargo"},
        {"goods_flags": frozenset({"tobacco"})},
    ],
    "customs_bond": [{"value": Decimal(3000)}, {"value": Decimal(300), "mode": "postal"}],
    "isf": [{"mode": "ocean"}, {"mode": "truck"}],
    "de_minimis": [{"on": D(2016, 1, 1), "period_end": D(2016, 12, 31)}, {"origin": "CN"}],
}


def questions() -> Iterator[tuple[str, dict]]:
    for topic in TOPICS:
        shipments = SHIPMENTS if topic in ("shipment", "gift", "postal", "entry_types", "fees") else [{}]
        for on, facts, ask in itertools.product(DATES, shipments + EXTRA.get(topic, []), ("other", "yes_no")):
            yield topic, {"on": on, "ask": ask, **facts}


def sample_verdicts(snapshot: Snapshot, verdict_function) -> Iterator[tuple[v.Facts, v.Verdict]]:
    for topic, fields in questions():
        facts = v.Facts(topic=topic, today=TODAY, **fields)
        yield facts, verdict_function(topic)(snapshot, facts, TODAY)
