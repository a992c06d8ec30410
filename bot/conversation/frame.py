"""The question frame: what the conversation is about, kept in one slot between turns (no Rasa).

A frame holds the topic, the kind of question, the date or period and the shipment facts. A
follow-up that changes one part ("and by post?", "actually it's $3,000") changes only that part,
and the last question is answered again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation

from bot.thresholds.verdicts import Facts

FACT_FIELDS = ("value", "values", "same_day", "origin", "mode", "goods", "goods_flags", "gift", "gift_sender")


@dataclass(frozen=True)
class Frame:
    topic: str | None = None
    ask: str = "other"
    focus: str | None = None
    on: str | None = None  # ISO date
    period_end: str | None = None
    value: float | None = None
    values: tuple[float, ...] = ()
    same_day: bool = False
    origin: str | None = None
    mode: str | None = None
    goods: str | None = None
    goods_flags: tuple[str, ...] = ()
    gift: bool | None = None
    gift_sender: str | None = None
    jurisdiction: str | None = None
    oos_kind: str | None = None
    count: int | None = None
    carrier: str | None = None
    terms: tuple[str, ...] = ()
    own: bool = False  # about the user's own shipment ("my next entry"): its value decides the figure
    currency: str | None = None  # the value's currency, when not US dollars (foreign limits are compared in it)
    misdeclared: bool = False  # bought goods the seller will mark as a gift or under-declare
    language: str = "en"  # the language the conversation is answered in ("en" or "es")
    pending: str | None = None  # the fact the assistant asked for
    reasked: bool = False  # the pending question was repeated once after a side question
    assumptions: tuple[str, ...] = field(default=())
    skipped: tuple[str, ...] = field(default=())

    def to_slot(self) -> dict:
        data = asdict(self)
        for key in ("values", "goods_flags", "assumptions", "skipped", "terms"):
            data[key] = list(data[key])
        kept = {}
        for key, value in data.items():
            if value is None or value == [] or value == "other" or (value is False and key != "gift"):
                continue
            if key == "language" and value == "en":  # the default
                continue
            kept[key] = value
        return kept

    @classmethod
    def from_slot(cls, data: object) -> Frame:
        if not isinstance(data, dict):
            return cls()
        known = {f.name for f in fields(cls)}
        clean = {key: value for key, value in data.items() if key in known}
        for key in ("values", "goods_flags", "assumptions", "skipped", "terms"):
            if key in clean:
                items = clean[key]
                clean[key] = tuple(items) if isinstance(items, (list, tuple)) else ()
        try:
            return cls(**clean)
        except (TypeError, ValueError):
            return cls()

    def with_facts(self, **changes: object) -> Frame:
        return replace(self, **changes)

    def facts(self) -> Facts:
        """The frame as the engine's Facts (dates parsed, amounts as Decimal)."""
        return Facts(
            topic=self.topic or "shipment",
            ask=self.ask,
            focus=self.focus,
            on=_date(self.on),
            period_end=_date(self.period_end),
            value=_decimal(self.value),
            values=tuple(d for d in (_decimal(v) for v in self.values) if d is not None),
            same_day=self.same_day,
            origin=self.origin,
            mode=self.mode,
            goods=self.goods,
            goods_flags=frozenset(self.goods_flags),
            gift=self.gift,
            gift_sender=self.gift_sender,
            jurisdiction=self.jurisdiction,
            oos_kind=self.oos_kind,
            count=self.count,
            carrier=self.carrier,
            terms=frozenset(self.terms),
            own=self.own,
            currency=self.currency,
            misdeclared=self.misdeclared,
        )


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _decimal(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None
