"""The threshold store and rules engine: dated, cited rules as data (no Rasa import here).

Typical use::

    from bot.thresholds import open_store, assess_shipment
    store = open_store()                    # THRESHOLDS_DB_URL or var/thresholds.sqlite3
    snapshot = store.snapshot()
    rule = snapshot.rule_in_force("de_minimis", "US", date(2015, 6, 1), origin="VN", mode="express")
    result = assess_shipment(snapshot, value=650, origin="VN", mode="express")
"""

from __future__ import annotations

from bot.thresholds.assess import ShipmentAssessment, ShipmentRefused, assess_shipment
from bot.thresholds.db import create_engine, database_url, migrate, shared_engine
from bot.thresholds.loader import load_directory, read_directory
from bot.thresholds.schema import Rule, RuleProblems
from bot.thresholds.store import (
    AmbiguousQuery,
    Change,
    Snapshot,
    ThresholdDataUnavailable,
    ThresholdStore,
)

__all__ = [
    "AmbiguousQuery",
    "Change",
    "Rule",
    "RuleProblems",
    "ShipmentAssessment",
    "ShipmentRefused",
    "Snapshot",
    "ThresholdDataUnavailable",
    "ThresholdStore",
    "assess_shipment",
    "create_engine",
    "database_url",
    "load_directory",
    "migrate",
    "open_store",
    "read_directory",
    "shared_engine",
]

_stores: dict[str, ThresholdStore] = {}


def open_store(url: str | None = None) -> ThresholdStore:
    """The process-wide store for a database URL (default: the configured one)."""
    url = url or database_url()
    if url not in _stores:
        _stores[url] = ThresholdStore(shared_engine(url))
    return _stores[url]
