"""Verdicts: the answer to one question, as reason codes, figures and rules (no English, no Rasa).

A question is a `Facts` record (what the user told us, plus the topic and the kind of question).
Each topic has a verdict function returning a `Verdict`: a headline code that answers the question
asked, up to a few supporting points, the rules used, the assumptions made, the facts that were
not asked because they could not change the verdict, and the one fact worth asking for, if any.
`bot.answers` renders verdicts from its templates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from bot.thresholds.assess import (
    ShipmentAssessment,
    ShipmentRefused,
    Statement,
    assess_shipment,
    check_value,
    flat_mpf,
    formal_mpf,
    harbor_fee,
    limit_before,
    suspension_start,
)
from bot.thresholds.schema import SHIPMENT_MODES, Rule
from bot.thresholds.store import AmbiguousQuery, Snapshot

#: Values, origins and modes tried when a fact is unknown, to see whether it can change a verdict.
VALUE_PROBES = (4, 50, 90, 150, 199, 250, 600, 799, 900, 2000, 2600, 10000)
ORIGIN_PROBES = ("CN", "DE", "MX", "IN")
GIFT_SENDER_PROBES = ("DE", "VI")
OTHER_JURISDICTIONS = ("EU", "GB", "CA", "AU", "JP", "CN")
#: Which of an economy's rules answer "what is its threshold?" first.
HEADLINE_KINDS = {
    "flat_duty": 0,
    "de_minimis_duty": 0,
    "de_minimis_duty_tax": 0,
    "de_minimis_tax": 1,
    "de_minimis_vat": 2,
}


@dataclass(frozen=True)
class Facts:
    """What is known about the question: its topic, its kind, and the shipment facts given."""

    topic: str
    ask: str = "other"  # yes_no | how_much | when | which | what | how | other
    focus: str | None = None  # e.g. "duty", "entry", "mpf", "hmf" within a topic
    on: dt.date | None = None
    period_end: dt.date | None = None
    value: Decimal | None = None
    values: tuple[Decimal, ...] = ()
    same_day: bool = False
    origin: str | None = None
    mode: str | None = None
    goods: str | None = None
    goods_flags: frozenset[str] = frozenset()
    gift: bool | None = None
    gift_sender: str | None = None
    jurisdiction: str | None = None
    oos_kind: str | None = None
    today: dt.date | None = None
    count: int | None = None
    carrier: str | None = None
    terms: frozenset[str] = frozenset()
    own: bool = False  # the question is about the user's own shipment, whose value is not known yet
    currency: str | None = None  # the value's currency when it is not US dollars ("a ¥8,000 parcel")
    misdeclared: bool = False  # bought goods to be marked as a gift or declared below their value


@dataclass
class Verdict:
    topic: str
    code: str
    on: dt.date
    figures: dict = field(default_factory=dict)
    points: list[Statement] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    missing: str | None = None
    cautions: list[Statement] = field(default_factory=list)
    detail: list[Rule] = field(default_factory=list)

    @property
    def rule_ids(self) -> list[str]:
        return [rule.id for rule in self.all_rules]

    @property
    def all_rules(self) -> list[Rule]:
        seen: dict[str, Rule] = {}
        for rule in self.rules + [r for point in self.points for r in point.rules] + self.detail:
            seen.setdefault(rule.id, rule)
        return list(seen.values())


def _first(snapshot: Snapshot, kind: str, on: dt.date, **filters: str | None) -> Rule | None:
    found = snapshot.rules_in_force(kind, "US", on, **filters)
    return found[0] if found else None


def _kinds(
    snapshot: Snapshot, on: dt.date, kinds: list[tuple[str, str | None]], jurisdiction: str = "US"
) -> list[Rule]:
    rules: list[Rule] = []
    for kind, variant in kinds:
        found = snapshot.rules_in_force(kind, jurisdiction, on, variant=variant)
        if not found:
            latest = snapshot.latest_before(kind, jurisdiction, on, variant=variant)
            found = [latest] if latest else []
        rules.extend(rule for rule in found if rule not in rules)
    return rules


# ---------------------------------------------------------------- shipments


def shipment_value(facts: Facts) -> Decimal | None:
    """The value judged: the sum of same-day orders, else the value given."""
    if facts.same_day and len(facts.values) > 1:
        return sum(facts.values, Decimal(0))
    return facts.value


def _assess(snapshot: Snapshot, facts: Facts, on: dt.date, today: dt.date, **override: object) -> ShipmentAssessment:
    value = override.get("value", shipment_value(facts))
    return assess_shipment(
        snapshot,
        value=value,
        origin=override.get("origin", facts.origin),
        mode=override.get("mode", facts.mode),
        on=on,
        goods_flags=facts.goods_flags,
        is_gift=bool(override.get("gift", facts.gift)),
        gift_sender_territory=override.get("sender", facts.gift_sender),
        today=today,
    )


def _outcome(result: ShipmentAssessment, focus: str) -> tuple:
    """What the user would hear as the verdict, for the question's focus."""
    if focus == "duty":
        return (result.duty_free,)
    if focus == "fees":
        return (result.entry, tuple((fee.name, fee.amount) for fee in result.fees))
    return (result.duty_free, result.entry)


def _probe_values(facts: Facts, name: str) -> tuple:
    if name == "value":
        return VALUE_PROBES
    if name == "origin":
        return ORIGIN_PROBES
    if name == "mode":
        return SHIPMENT_MODES
    if name == "gift":
        return (False, True)
    if name == "sender":
        return GIFT_SENDER_PROBES
    return ()


def _known(facts: Facts, name: str) -> bool:
    return {
        "value": shipment_value(facts) is not None,
        "origin": facts.origin is not None,
        "mode": facts.mode is not None,
        "gift": facts.gift is not None,
        "sender": facts.gift_sender is not None or not facts.gift,
    }[name]


def outcomes_over_unknowns(
    snapshot: Snapshot, facts: Facts, on: dt.date, today: dt.date, focus: str, unknown: list[str]
) -> dict[str, set]:
    """For each unknown fact, the set of verdicts reached over its possible values.

    The other unknowns take every combination of their probe values too, so a fact counts as
    mattering only if it can change the verdict on its own.
    """
    defaults = {"value": 600, "origin": "DE", "mode": "express", "gift": False, "sender": "DE"}
    base = {name: defaults[name] for name in unknown}
    results: dict[str, set] = {}
    seen_outcomes: dict[tuple, object] = {}  # the same combination of values recurs across the unknowns
    for name in unknown:
        seen: set = set()
        others = [other for other in unknown if other != name]
        contexts = [dict(base)]
        for other in others:
            contexts = [{**ctx, other: probe} for ctx in contexts for probe in _probe_values(facts, other)][:200]
        for ctx in contexts:
            variants = set()
            for probe in _probe_values(facts, name):
                values = {**ctx, name: probe}
                key = tuple(sorted((k, str(v)) for k, v in values.items()))
                if key not in seen_outcomes:
                    try:
                        seen_outcomes[key] = _outcome(_assess(snapshot, facts, on, today, **values), focus)
                    except (ShipmentRefused, AmbiguousQuery):
                        seen_outcomes[key] = None
                if seen_outcomes[key] is not None:
                    variants.add(seen_outcomes[key])
            if len(variants) > 1:
                seen |= variants
                break
            seen |= variants
        results[name] = seen
    return results


def relevant_unknowns(
    snapshot: Snapshot, facts: Facts, on: dt.date, today: dt.date, focus: str, names: tuple[str, ...]
) -> tuple[list, list]:
    """(facts worth asking, in asking order; facts skipped because they cannot change the verdict)."""
    unknown = [name for name in names if not _known(facts, name)]
    if not unknown:
        return [], []
    spread = outcomes_over_unknowns(snapshot, facts, on, today, focus, unknown)
    matter = [name for name in unknown if len(spread.get(name, ())) > 1]
    skipped = [name for name in unknown if name not in matter]
    return matter, skipped


def _later_change(
    snapshot: Snapshot, on: dt.date, origin: str | None, mode: str | None, today: dt.date | None
) -> Statement | None:
    """For a past date: the next change of the de minimis state for that origin, up to today."""
    if today is None or on >= today:
        return None
    current = snapshot.rule_in_force("de_minimis", "US", on, origin=origin or "DE", mode=mode)
    for change in snapshot.changes_between(on + dt.timedelta(days=1), today, ["de_minimis"]):
        rule = change.rule
        if change.what != "starts" or not rule.scope.covers_origin(origin or "DE") or not rule.scope.covers_mode(mode):
            continue
        if current is not None and rule.status == current.status and rule.value_number == current.value_number:
            continue
        targeted = bool(rule.scope.origins) and "*" not in rule.scope.origins
        code = f"dm.later_{rule.status}" + ("_origin" if targeted and rule.status == "suspended" else "")
        return Statement("de_minimis", code, {"on": change.day, "origin": origin, "limit": rule.value_number}, (rule,))
    return None


def _periods(snapshot: Snapshot, start: dt.date, end: dt.date, origin: str | None = None) -> list[dt.date]:
    """Start dates of the sub-periods of [start, end] in which the de minimis rules differ."""

    def state(day: dt.date) -> tuple:
        rule = snapshot.rules_in_force("de_minimis", "US", day, origin=origin or "DE")
        return tuple(sorted((r.status, r.value_number or 0) for r in rule))

    days = [start]
    for change in snapshot.changes_between(start + dt.timedelta(days=1), end, ["de_minimis"]):
        if state(change.day) != state(days[-1]):
            days.append(change.day)
    return sorted(set(days))


def shipment_verdict(snapshot: Snapshot, facts: Facts, today: dt.date) -> Verdict:
    on = facts.on or today
    focus = facts.focus or ("duty" if facts.ask.startswith("yes_no") else "general")
    if facts.period_end and facts.period_end > on:
        starts = _periods(snapshot, on, min(facts.period_end, today if on <= today else facts.period_end), facts.origin)
        if len(starts) > 1:
            return Verdict("shipment", "ask.arrival_date", on, {"changes": starts[1:]}, missing="date")
    assumptions: list[str] = []
    if facts.gift is None:
        gift_matters, _ = relevant_unknowns(snapshot, facts, on, today, focus, ("gift", "value", "origin", "mode"))
        if "gift" in gift_matters and shipment_value(facts) is None and not (facts.origin or facts.mode or facts.goods):
            return Verdict("shipment", "ask.value", on, {"focus": focus}, missing="value")
        if "gift" in gift_matters:
            assumptions.append("assume.purchase")
        facts = replace(facts, gift=False)
    if facts.gift and facts.gift_sender is None:
        sender_matters, _ = relevant_unknowns(snapshot, facts, on, today, focus, ("sender", "value"))
        if "sender" in sender_matters:
            assumptions.append("assume.sender_foreign")
        facts = replace(facts, gift_sender=facts.origin if facts.origin not in (None, "PR") else "DE")
    matter, skipped = relevant_unknowns(snapshot, facts, on, today, focus, ("value", "origin", "mode"))
    defaults: dict = {name: {"origin": "DE", "mode": "express", "value": 600}[name] for name in skipped}
    if matter:
        return Verdict("shipment", f"ask.{matter[0]}", on, {"focus": focus}, skipped=skipped, missing=matter[0])
    try:
        result = _assess(snapshot, facts, on, today, **defaults)
    except ShipmentRefused as refused:
        return Verdict("shipment", f"refused.{refused.field}.{refused.code}", on, {"reason": refused.reason})
    return _shipment_result(snapshot, facts, result, focus, assumptions, skipped, defaults)


def _shipment_result(
    snapshot: Snapshot,
    facts: Facts,
    result: ShipmentAssessment,
    focus: str,
    assumptions: list,
    skipped: list,
    defaults: dict,
) -> Verdict:
    if result.entry == "domestic":
        code = "shipment.domestic"
    elif result.duty_free:
        code = "shipment.gift_free" if result.gift_applies else "shipment.duty_free"
    else:
        code = "shipment.duty_owed"
    figures = {
        "value": result.value_usd if "value" not in defaults else None,
        "origin": result.origin if "origin" not in defaults else None,
        "mode": result.mode if "mode" not in defaults else None,
        "entry": result.entry,
        "reason": result.de_minimis_reason,
        "values": facts.values if facts.same_day and len(facts.values) > 1 else (),
        "focus": focus,
        "today": facts.today,
    }
    dm_figures = result.de_minimis.figures
    if result.de_minimis.code == "dm.suspended_early":
        figures["reason"] = "suspended_origin"
        dm_figures = {**dm_figures, "since": dm_figures.get("since")}
    never = sorted(facts.goods_flags & {"alcohol", "tobacco"})
    if never and result.de_minimis_reason in ("suspended", "suspended_origin"):
        figures["reason"] = "excluded_goods"
        dm_figures = {**dm_figures, "goods": never}
    figures["dm_limit"] = dm_figures.get("limit")
    figures["dm_since"] = dm_figures.get("since")
    figures["dm_all_since"] = dm_figures.get("all_since")
    figures["cn_since"] = dm_figures.get("cn_since")
    figures["goods"] = dm_figures.get("goods")
    if result.gift is not None:
        figures["gift_limit"] = result.gift.figures.get("limit")
        figures["gift_over"] = result.gift.code == "gift.over"
        if any(rule.variant == "insular" for rule in result.gift.rules):
            figures["gift_from"] = result.origin  # "a gift from the US Virgin Islands": its own, higher limit
        if figures["gift_over"] and figures["gift_limit"] is not None and result.value_usd is not None:
            figures["gift_excess"] = float(result.value_usd) - float(figures["gift_limit"])  # "by how much?"
    if figures["values"]:
        figures["sum"] = " + ".join(f"${v:,.2f}".replace(".00", "") for v in facts.values)
        figures["value"] = result.value_usd
    points: list[Statement] = []
    if figures["values"]:
        points.append(Statement("aggregation", "agg.sum", {"sum": figures["sum"], "value": result.value_usd}))
    if result.gift is not None:
        points.append(result.gift)
    points.append(result.de_minimis)
    if result.de_minimis_reason in ("suspended", "suspended_origin") and (
        facts.today is None or result.on >= facts.today
    ):
        repeal = _next_repeal(snapshot, result.on)
        if repeal is not None:
            points.append(Statement("de_minimis", "dm.repeal_next", {"on": repeal.effective_from}, (repeal,)))
    if result.mode == "postal" and "mode" not in defaults and not result.duty_free and result.value_usd:
        points.extend(_mail_duty_on_value(snapshot, result))
    if "value" in defaults:
        limit = snapshot.rule_in_force("informal_entry_limit", "US", result.on)
        if limit is not None and not result.duty_free:
            points.append(Statement("entry", "entry.by_value", {"limit": limit.value_number}, (limit,)))
    elif result.entry_statement.code == "entry.formal":
        points.insert(0, result.entry_statement)  # a formal entry and a bond matter more than why duty is due
        points.extend(fee.statement for fee in result.fees)
    else:
        points.append(result.entry_statement)
        points.extend(fee.statement for fee in result.fees)
    points.extend(result.obligations)
    if (
        not result.duty_free
        and result.entry != "domestic"
        and result.on >= snapshot.data_as_of - dt.timedelta(days=400)
    ):
        mode = result.mode if "mode" not in defaults else None
        next_codes = {
            "postal": "next.duty_owed_postal",
            "ocean": "next.duty_owed_cargo",
            "air_cargo": "next.duty_owed_cargo",
        }
        points.append(Statement("next", next_codes.get(mode or "", "next.duty_owed"), {}))
    if result.de_minimis_applies and not facts.goods_flags:
        assumptions.append("assume.ordinary_goods")
    later = _later_change(
        snapshot, result.on, result.origin, result.mode, figures["today"] if "today" in figures else None
    )
    if later is not None and result.entry != "domestic":
        points.insert(1, later)
    if facts.misdeclared and result.entry != "domestic":
        code = "shipment.misdeclared"  # "the supplier will mark it as a gift": not a gift, and a false declaration
        penalty = _first(snapshot, "civil_penalty", result.on, variant="section_321_misuse")
        if penalty is not None:
            points.insert(
                0,
                Statement(
                    "penalty", "penalty.false_declaration", {"rule": penalty, "fine": penalty.value_number}, (penalty,)
                ),
            )
    return Verdict(
        "shipment",
        code,
        result.on,
        figures,
        points,
        [],
        assumptions,
        skipped,
        None,
        list(result.cautions),
    )


# ---------------------------------------------------------------- topics


def de_minimis_verdict(snapshot: Snapshot, facts: Facts, today: dt.date) -> Verdict:
    on = facts.on or today
    if facts.focus == "penalty":
        penalty = _first(snapshot, "civil_penalty", on, variant="section_321_misuse")
        if penalty is not None:
            return Verdict("de_minimis", "dm.penalty", on, {"rule": penalty}, [], [penalty])
    if facts.period_end and facts.period_end > on:
        starts = _periods(snapshot, on, facts.period_end, facts.origin)
        if len(starts) > 1:
            return _de_minimis_period(snapshot, facts, on, starts, today)
    origin = facts.origin if facts.origin and facts.origin not in ("US", "EU") else None
    mode = facts.mode if facts.mode in SHIPMENT_MODES else None
    states = snapshot.rules_in_force("de_minimis", "US", on, origin=origin, mode=mode)
    if not states:
        return Verdict("de_minimis", "dm.no_rule", on, {"on": on})
    primary = _primary_state(states, origin)
    figures = {"on": on, "origin": origin, "limit": primary.value_number, "since": primary.effective_from}
    points: list[Statement] = []
    if primary.status == "suspended":
        figures["since"] = suspension_start(snapshot, primary, origin, mode)
        if origin:
            general_since = suspension_start(snapshot, primary, "DE", mode)
            if figures["since"] and general_since and figures["since"] < general_since:
                figures["all_since"] = general_since
        figures["old_limit"] = limit_before(snapshot, figures["since"], origin, mode)
        others = [rule for rule in states if rule is not primary and rule.status != primary.status]
        for other in others:
            points.append(_state_point(snapshot, other, on))
        if origin is None:
            cn = snapshot.rule_in_force("de_minimis", "US", on, origin="CN", mode=mode)
            if cn is not None and cn.status == "suspended":
                figures["cn_since"] = suspension_start(snapshot, cn, "CN", mode)
    later = _later_change(snapshot, on, origin, mode, today)
    if later is not None:
        points.insert(0, later)
    repeal = _next_repeal(snapshot, on)
    if primary.status in ("suspended", "available") and repeal:
        points.append(Statement("de_minimis", "dm.repeal_next", {"on": repeal.effective_from}, (repeal,)))
    if primary.status in ("suspended", "repealed"):
        gifts = snapshot.rules_in_force("gift_exemption", "US", on)
        if gifts:
            limits = sorted(g.value_number for g in gifts)
            points.append(Statement("gift", "gift.still_applies", {"limits": limits}, tuple(gifts)))
        points.append(Statement("next", "next.duty_owed", {}))
    code = {
        "available": "dm.available",
        "suspended": "dm.suspended_origin"
        if primary.scope.origins and "*" not in primary.scope.origins
        else "dm.suspended",
        "repealed": "dm.repealed",
        "unverified": "dm.unverified",
    }[primary.status]
    if facts.ask == "yes_no" and primary.status == "available":
        code = "dm.available"
    cautions = (
        [Statement("caution", "caution.future_date", {"on": on, "as_of": snapshot.data_as_of})] if on > today else []
    )
    return Verdict("de_minimis", code, on, figures, points, [primary], cautions=cautions)


def _primary_state(states: list[Rule], origin: str | None) -> Rule:
    """The state for 'everyone' (or the origin asked about), not a country-specific exception."""
    if origin:
        return states[0]
    general = [rule for rule in states if not rule.scope.origins or "*" in rule.scope.origins]
    return general[0] if general else states[0]


def _state_point(snapshot: Snapshot, rule: Rule, on: dt.date) -> Statement:
    origins = [code for code in rule.scope.origins if code != "*"]
    figures = {"origins": origins, "limit": rule.value_number, "since": rule.effective_from}
    if rule.status == "suspended":
        figures["since"] = suspension_start(snapshot, rule, origins[0] if origins else None, None)
    return Statement("de_minimis", f"dm.state_{rule.status}", figures, (rule,))


def _next_repeal(snapshot: Snapshot, on: dt.date) -> Rule | None:
    for change in snapshot.changes_between(on + dt.timedelta(days=1), on + dt.timedelta(days=3 * 366), ["de_minimis"]):
        if change.what == "starts" and change.rule.status == "repealed":
            return change.rule
    return None


def _de_minimis_period(snapshot: Snapshot, facts: Facts, on: dt.date, starts: list[dt.date], today: dt.date) -> Verdict:
    points = []
    rules = []
    for start in starts:
        state = snapshot.rules_in_force("de_minimis", "US", start, origin=facts.origin)
        if state:
            primary = _primary_state(state, facts.origin)
            points.append(
                Statement(
                    "de_minimis",
                    f"dm.period_{primary.status}",
                    {"from": start, "limit": primary.value_number},
                    (primary,),
                )
            )
            rules.append(primary)
    figures = {"start": on, "end": facts.period_end, "count": len(starts)}
    return Verdict("de_minimis", "dm.changed_in_period", on, figures, points[:4], rules)


def _changes_verdict(snapshot: Snapshot, facts: Facts) -> Verdict | None:
    """'What changed in 2025?', 'what happened on 2 May 2025?': the de minimis rules that began then."""
    if facts.on is None:
        return None
    end = facts.period_end or facts.on
    started = [c.rule for c in snapshot.changes_between(facts.on, end, ["de_minimis"]) if c.what == "starts"]
    figures: dict = {"on": facts.on, "end": end, "count": len(started)}
    if not started:
        code = "dm.no_change_day" if end == facts.on else "dm.no_change_within"
        return Verdict("de_minimis_changes", code, facts.on, figures, [], [])
    points = [Statement("de_minimis", "dm.change_on", {"day": r.effective_from, "rule": r}, (r,)) for r in started]
    figures.update(rule=started[-1], last=started[-1].effective_from)
    code = "dm.change_day" if end == facts.on else ("dm.change_within" if len(started) == 1 else "dm.changes_within")
    if len(started) == 1:  # the headline is the rule's first sentence: its next ones say what else it does
        only = started[0]
        points = (
            _before_repeal(snapshot, only)
            if only.status == "repealed"
            else [
                Statement("de_minimis", "other.sentence", {"text": text, "sentence_of": (only, index)}, (only,))
                for index, text in enumerate(summary_sentences(only.summary)[1:3], start=1)
            ]
        )
    return Verdict("de_minimis_changes", code, facts.on, figures, points, started)


def _when_verdict(snapshot: Snapshot, facts: Facts, today: dt.date) -> Verdict | None:
    history = sorted(snapshot.history("de_minimis", "US"), key=lambda r: r.effective_from or dt.date.min)
    general = [r for r in history if not r.scope.origins or "*" in r.scope.origins]
    if facts.focus == "what_changed":
        return _changes_verdict(snapshot, facts)
    if facts.focus == "when_800":
        rule = next(
            (
                r
                for r in general
                if r.status == "available"
                and r.value_number == max(x.value_number or 0 for x in general if x.status == "available")
            ),
            None,
        )
        if rule:
            before = snapshot.rule_in_force("de_minimis", "US", rule.effective_from - dt.timedelta(days=1), origin="DE")
            return Verdict(
                "de_minimis_changes",
                "dm.when_raised",
                today,
                {
                    "from": rule.effective_from,
                    "limit": rule.value_number,
                    "previous": before.value_number if before else None,
                    "rule": rule,
                },
                [],
                [rule] + ([before] if before else []),
            )
    if facts.focus == "first":
        rule = min(general, key=lambda r: r.effective_from or dt.date.min, default=None)
        if rule:
            return Verdict("de_minimis_changes", "dm.first", today, {"rule": rule}, [], [rule])
    if facts.focus == "when_repeal":
        rule = next((r for r in general if r.status == "repealed"), None)
        if rule:
            return Verdict("de_minimis_changes", "dm.when_repeal", today, {"from": rule.effective_from}, [], [rule])
    if facts.focus == "when_back":  # "when is it coming back?": not before its repeal by statute
        current = snapshot.rule_in_force("de_minimis", "US", today, origin="DE")
        repeal = next((r for r in general if r.status == "repealed"), None)
        if current is not None and current.status == "suspended" and repeal is not None:
            figures = {"since": suspension_start(snapshot, current, "DE", None), "from": repeal.effective_from}
            return Verdict("de_minimis_changes", "dm.when_back", today, figures, [], [current, repeal])
    if facts.focus == "first_suspended":  # "when did CBP first stop de minimis for Chinese goods?"
        first = _first_suspension(snapshot, facts, today)
        if first is not None:
            return first
    if facts.focus in ("when_suspended", "first_suspended"):
        current = snapshot.rule_in_force("de_minimis", "US", today, origin="DE")
        cn = snapshot.rule_in_force("de_minimis", "US", today, origin="CN")
        if current is not None and current.status == "suspended":
            figures = {"since": suspension_start(snapshot, current, "DE", None)}
            if cn is not None and cn.status == "suspended":
                figures["cn_since"] = suspension_start(snapshot, cn, "CN", None)
            return Verdict("de_minimis_changes", "dm.when_suspended", today, figures, [], [current])
    return None


def _first_suspension(snapshot: Snapshot, facts: Facts, today: dt.date) -> Verdict | None:
    """The first time de minimis was refused to goods from a place, and whether it came back before the
    suspension in force now (goods from China: 4 February 2025, back on 7 February, then from 2 May 2025)."""
    origin = facts.origin or "CN"
    suspended = sorted(
        (
            rule
            for rule in snapshot.history("de_minimis", "US")
            if rule.status == "suspended" and rule.effective_from and rule.scope.covers_origin(origin)
        ),
        key=lambda rule: rule.effective_from,
    )
    if not suspended:
        return None
    first = suspended[0]
    current = snapshot.rule_in_force("de_minimis", "US", today, origin=origin)
    since = suspension_start(snapshot, current, origin, None) if current and current.status == "suspended" else None
    figures: dict = {"from": first.effective_from, "origin": origin, "since": since}
    code = "dm.first_suspended"
    if first.effective_to and since and since > first.effective_to:
        code = "dm.first_suspended_paused"
        figures["restored"] = first.effective_to + dt.timedelta(days=1)
    points = [Statement("de_minimis", "other.sentence", {"text": first.summary, "sentence_of": (first, 0)}, (first,))]
    rules = [first] + ([current] if current is not None else [])
    return Verdict("de_minimis_changes", code, today, figures, points if code.endswith("paused") else [], rules)


def de_minimis_changes_verdict(snapshot: Snapshot, facts: Facts, today: dt.date) -> Verdict:
    on = facts.on or today
    if facts.focus:
        when = _when_verdict(snapshot, facts, today)
        if when is not None:
            return when
    states = snapshot.rules_in_force("de_minimis", "US", on)
    primary = _primary_state(states, None) if states else None
    points: list[Statement] = []
    history = [rule for rule in snapshot.history("de_minimis", "US") if rule.status == "available"]
    general = [rule for rule in history if not rule.scope.origins or "*" in rule.scope.origins]
    for rule in sorted(general, key=lambda r: r.effective_from or dt.date.min):
        if rule.effective_from and rule.effective_from >= dt.date(1993, 1, 1):
            points.append(
                Statement(
                    "de_minimis",
                    f"dm.history_{rule.status}",
                    {"from": rule.effective_from, "limit": rule.value_number},
                    (rule,),
                )
            )
    figures: dict = {"on": on}
    code = "dm.changes_available"
    if primary is not None and primary.status == "suspended":
        code = "dm.changes_suspended"
        figures["since"] = suspension_start(snapshot, primary, None, None)
        figures["old_limit"] = limit_before(snapshot, figures["since"], None, None)
        cn = snapshot.rule_in_force("de_minimis", "US", on, origin="CN")
        if cn is not None and cn.status == "suspended":
            figures["cn_since"] = suspension_start(snapshot, cn, "CN", None)
        repeal = _next_repeal(snapshot, on)
        figures["repeal"] = repeal.effective_from if repeal else None
        if repeal:
            points.append(Statement("de_minimis", "dm.repeal_next", {"on": repeal.effective_from}, (repeal,)))
    lead: list[Statement] = []
    if primary is not None and primary.status == "repealed":
        code = "dm.changes_repealed"
        figures["since"] = primary.effective_from
        lead = _before_repeal(snapshot, primary)
    rules = [primary] if primary else []
    ordered = [p for p in points if p.code == "dm.repeal_next"] + [p for p in points if p.code != "dm.repeal_next"][-2:]
    ordered = lead + ordered[: max(0, 3 - len(lead))]
    return Verdict("de_minimis_changes", code, on, figures, ordered, rules, detail=[r for p in points for r in p.rules])


def _before_repeal(snapshot: Snapshot, repeal: Rule) -> list[Statement]:
    """What a reader of "de minimis is repealed from 1 July 2027" needs next: it is suspended until then
    (it does not come back first), and what the repeal leaves in place (its summary's later sentences)."""
    points: list[Statement] = []
    eve = repeal.effective_from - dt.timedelta(days=1)
    states = snapshot.rules_in_force("de_minimis", "US", eve)
    prior = _primary_state(states, None) if states else None
    if prior is not None and prior.status == "suspended":
        since = suspension_start(snapshot, prior, None, None)
        figures: dict = {"since": since, "old_limit": limit_before(snapshot, since, None, None)}
        cn = snapshot.rule_in_force("de_minimis", "US", eve, origin="CN")
        if cn is not None and cn.status == "suspended":
            figures["cn_since"] = suspension_start(snapshot, cn, "CN", None)
        points.append(Statement("de_minimis", "dm.suspended", figures, (prior,)))
    for index, sentence in enumerate(summary_sentences(repeal.summary)[1:2], start=1):
        figures = {"text": sentence, "sentence_of": (repeal, index)}
        points.append(Statement("de_minimis", "other.sentence", figures, (repeal,)))
    return points


def gift_verdict(snapshot: Snapshot, facts: Facts, today: dt.date) -> Verdict:
    on = facts.on or today
    value = shipment_value(facts)
    if value is not None:
        gift_facts = replace(facts, gift=True, topic="shipment")
        verdict = shipment_verdict(snapshot, gift_facts, today)
        verdict.topic = "gift"
        return verdict
    sender = facts.gift_sender or (facts.origin if facts.origin else None)
    if facts.focus == "duty" and not (sender and snapshot.rule_in_force("customs_territory", "US", on, sender=sender)):
        return Verdict("gift", "ask.value", on, {"focus": "duty"}, missing="value")
    if sender:
        territory = snapshot.rule_in_force("customs_territory", "US", on, sender=sender)
        if territory is not None:
            return Verdict("gift", "gift.domestic", on, {"sender": sender}, [], [territory])
    gifts = (
        snapshot.rules_in_force("gift_exemption", "US", on, sender=sender)
        if sender
        else snapshot.rules_in_force("gift_exemption", "US", on)
    )
    if not gifts:
        return Verdict("gift", "gift.no_rule", on, {"on": on})
    general = min(gifts, key=lambda rule: rule.value_number)
    figures = {"limit": general.value_number, "sender": sender, "limits": sorted(g.value_number for g in gifts)}
    points = []
    insular = [g for g in gifts if g is not general]
    if insular:
        points.append(Statement("gift", "gift.insular", {"limit": insular[0].value_number}, (insular[0],)))
    conditions = _first(snapshot, "gift_conditions", on)
    if conditions:
        points.append(Statement("gift", "gift.conditions", {}, (conditions,)))
    status = _first(snapshot, "gift_exemption_status", on)
    if status:
        points.append(Statement("gift", "gift.unchanged", {}, (status,)))
    code = "gift.limit_sender" if sender and not insular and general.variant == "insular" else "gift.limit"
    if code == "gift.limit_sender":  # "and if it comes from Guam?": what the limit is from anywhere else
        everywhere = snapshot.rules_in_force("gift_exemption", "US", on)
        usual = min(everywhere, key=lambda rule: rule.value_number) if everywhere else None
        if usual is not None and usual.value_number != general.value_number:
            points.insert(0, Statement("gift", "gift.elsewhere", {"limit": usual.value_number}, (usual,)))
    return Verdict("gift", code, on, figures, points, [general])


def fees_verdict(snapshot: Snapshot, facts: Facts, today: dt.date) -> Verdict:
    on = facts.on or today
    value = shipment_value(facts)
    focus = facts.focus
    if value is None and focus == "hmf" and facts.mode not in (None, "ocean"):
        hmf_rule = _first(snapshot, "hmf", on)
        return Verdict("fees", "fees.hmf_not_due", on, {"mode": facts.mode}, [], [hmf_rule] if hmf_rule else [])
    if value is None and facts.own and facts.mode != "postal":
        return Verdict("fees", "ask.value", on, {"focus": focus}, missing="value")  # the fee depends on it
    if value is None:
        needed = ("formal_rate", "formal_min", "formal_max", "informal")
        rules = _kinds(
            snapshot,
            on,
            [
                ("mpf", "formal_rate"),
                ("mpf", "formal_min"),
                ("mpf", "formal_max"),
                ("mpf", "informal"),
                ("mpf", "mail"),
                ("hmf", None),
            ],
        )
        figures = {r.variant or r.kind: r.value_number for r in rules}
        figures["hmf"] = next((r.value_number for r in rules if r.kind == "hmf"), None)
        code = "fees.hmf_rate" if focus == "hmf" else "fees.rates"
        if code == "fees.rates" and any(figures.get(name) is None for name in needed):
            return Verdict("fees", "fees.no_rule", on, {"on": on}, [], rules)
        if code == "fees.hmf_rate" and figures.get("hmf") is None:
            return Verdict("fees", "fees.no_rule", on, {"on": on})
        return Verdict("fees", code, on, figures, [], rules, missing=None)
    try:
        amount = check_value(value, "USD")
    except ShipmentRefused as refused:
        return Verdict("fees", f"refused.value.{refused.code}", on, {"reason": refused.reason})
    points: list[Statement] = []
    if focus == "both" or (focus is None and facts.mode == "ocean"):
        limit_rule = snapshot.rule_in_force("informal_entry_limit", "US", on)
        is_formal = limit_rule is None or amount > limit_rule.value_number
        mpf = formal_mpf(snapshot, amount, on) if is_formal else flat_mpf(snapshot, "express", on)
        hmf = harbor_fee(snapshot, amount, on)
        if mpf and hmf:
            total = mpf.amount + hmf.amount
            figures = {"total": total, "mpf_fee": mpf.amount, "hmf_fee": hmf.amount, "value": amount}
            return Verdict(
                "fees",
                "fees.total",
                on,
                figures,
                [mpf.statement, hmf.statement],
                list(mpf.statement.rules) + list(hmf.statement.rules),
            )
    if focus == "hmf" or (facts.mode == "ocean" and focus != "mpf"):
        hmf = harbor_fee(snapshot, amount, on)
        if facts.mode not in (None, "ocean"):
            return Verdict(
                "fees",
                "fees.hmf_not_due",
                on,
                {"mode": facts.mode},
                [],
                [r for r in [_first(snapshot, "hmf", on)] if r],
            )
        if hmf and focus == "hmf":
            return Verdict("fees", "fees.hmf", on, hmf.statement.figures, [], list(hmf.statement.rules))
    limit = snapshot.rule_in_force("informal_entry_limit", "US", on)
    formal = limit is None or amount > limit.value_number
    if facts.mode == "postal" and not formal:
        fee = flat_mpf(snapshot, "postal", on)
    elif formal or focus == "mpf_formal":
        fee = formal_mpf(snapshot, amount, on)
    else:
        fee = flat_mpf(snapshot, facts.mode or "express", on)
    if fee is None:
        return Verdict("fees", "fees.no_rule", on, {"on": on})
    figures = dict(fee.statement.figures)
    figures["entry"] = "formal" if formal else "informal"
    figures["limit"] = limit.value_number if limit else None
    rules = list(fee.statement.rules) + ([limit] if limit else [])
    if facts.mode == "ocean":
        hmf = harbor_fee(snapshot, amount, on)
        if hmf:
            points.append(hmf.statement)
    elif facts.mode is None:
        hmf_rule = _first(snapshot, "hmf", on)
        if hmf_rule:
            points.append(Statement("fee", "fee.hmf_if_ocean", {"rate": hmf_rule.value_number}, (hmf_rule,)))
    if not formal and facts.mode != "postal":
        formal_alt = formal_mpf(snapshot, amount, on)
        if formal_alt:
            points.append(Statement("fee", "fee.if_formal", formal_alt.statement.figures, formal_alt.statement.rules))
    cautions = [Statement("caution", "caution.stale_fees")] if fee.stale else []
    return Verdict("fees", fee.statement.code, on, figures, points, rules, cautions=cautions)


def isf_verdict(snapshot: Snapshot, facts: Facts, today: dt.date) -> Verdict:
    on = facts.on or today
    deadline = _first(snapshot, "isf", on, variant="deadline")
    damages = _first(snapshot, "isf", on, variant="liquidated_damages")
    rules = [r for r in (deadline, damages) if r]
    figures = {
        "deadline": deadline.value_number if deadline else None,
        "damages": damages.value_number if damages else None,
        "mode": facts.mode,
    }
    if facts.focus == "damages" and damages:
        count = facts.count or 1
        figures.update(count=count, total=damages.value_number * count)
        code = "isf.damages_total" if count > 1 else "isf.damages"
        return Verdict("isf", code, on, figures, [], rules)
    if facts.mode and facts.mode != "ocean":
        return Verdict("isf", "isf.not_needed", on, figures, [], rules)
    if facts.mode == "ocean" or facts.ask == "yes_no":
        code = "isf.needed" if facts.mode == "ocean" else "isf.ocean_only"
        return Verdict("isf", code, on, figures, [], rules)
    return Verdict("isf", "isf.ocean_only", on, figures, [], rules)


def bond_verdict(snapshot: Snapshot, facts: Facts, today: dt.date) -> Verdict:
    on = facts.on or today
    value = shipment_value(facts)
    minimum = _first(snapshot, "bond", on, variant="continuous_min")
    formal_rule = _first(snapshot, "bond", on, variant="formal_entry")
    informal = _first(snapshot, "bond", on, variant="informal_entry_bond")
    limit = snapshot.rule_in_force("informal_entry_limit", "US", on)
    rules = [r for r in (formal_rule, minimum, limit) if r]
    figures = {
        "min": minimum.value_number if minimum else None,
        "limit": limit.value_number if limit else None,
        "value": value,
    }
    points = [Statement("bond", "bond.informal_may", {}, (informal,))] if informal else []
    if facts.focus == "kinds":
        return Verdict("customs_bond", "bond.kinds", on, figures, [], rules)
    if value is None and facts.own and facts.mode != "postal" and limit is not None:
        return Verdict("customs_bond", "ask.value", on, figures, missing="value")  # formal or not depends on it
    if facts.mode == "ocean" and value is not None:
        isf = _first(snapshot, "isf", on, variant="deadline")
        if isf:
            points.insert(0, Statement("isf", "isf.required", {"deadline": isf.value_number}, (isf,)))
        hmf = harbor_fee(snapshot, value, on)
        if hmf:
            points.insert(1, hmf.statement)
    if value is not None and limit is not None:
        if value > limit.value_number:
            return Verdict("customs_bond", "bond.yes_formal", on, figures, points[:0], rules)
        if facts.mode == "postal":
            return Verdict("customs_bond", "bond.no_postal", on, figures, [], rules)
        return Verdict("customs_bond", "bond.usually_not", on, figures, points, rules)
    return Verdict("customs_bond", "bond.depends", on, figures, points, rules)


def entry_verdict(snapshot: Snapshot, facts: Facts, today: dt.date) -> Verdict:
    on = facts.on or today
    value = shipment_value(facts)
    limit = snapshot.rule_in_force("informal_entry_limit", "US", on)
    rules = _kinds(snapshot, on, [("entry_type", "11"), ("entry_type", "01")])
    figures = {"limit": limit.value_number if limit else None, "value": value, "mode": facts.mode}
    type86 = snapshot.rule_in_force("entry_type", "US", on, variant="86")
    points = []
    if facts.mode == "postal":
        postal = _first(snapshot, "postal_informal_entry", on)
        if postal:
            points.append(Statement("entry", "entry.postal_process", {"limit": postal.value_number}, (postal,)))
    if type86 is None:
        t86 = snapshot.latest_before("entry_type", "US", on, variant="86") or next(
            iter(snapshot.history("entry_type", "US")), None
        )
        if t86 is not None and t86.variant == "86":
            points.append(Statement("entry", "entry.type86_closed", {}, (t86,)))
    if facts.focus == "type86":
        t86 = snapshot.rule_in_force("entry_type", "US", on, variant="86")
        if t86 is None:
            closed = snapshot.latest_before("entry_type", "US", on, variant="86")
            dm = snapshot.rule_in_force("de_minimis", "US", on, origin="DE")
            since = suspension_start(snapshot, dm, "DE", None) if dm is not None and dm.status == "suspended" else None
            return Verdict("entry_types", "entry.type86_no", on, {"since": since}, [], [r for r in (closed, dm) if r])
        return Verdict("entry_types", "entry.type86_yes", on, {}, [], [t86])
    if limit is None:
        return Verdict("entry_types", "entry.unknown", on, figures)
    if value is None and facts.own and facts.mode != "postal":
        return Verdict("entry_types", "ask.value", on, figures, missing="value")  # the entry type depends on it
    postal_limit = _first(snapshot, "postal_informal_entry", on) if facts.mode == "postal" else None
    if postal_limit is not None and (value is None or value <= postal_limit.value_number):
        # By mail the recipient files no entry: the carrier or a CBP-approved party pays the duty.
        figures["limit"] = postal_limit.value_number
        points = [p for p in points if p.code != "entry.postal_process"]
        return Verdict("entry_types", "entry.by_mail", on, figures, points, [postal_limit])
    if value is not None:
        code = "entry.formal_by_value" if value > limit.value_number else "entry.informal_by_value"
        return Verdict("entry_types", code, on, figures, points, [limit] + rules)
    return Verdict("entry_types", "entry.limit", on, figures, points, [limit] + rules)


def postal_verdict(snapshot: Snapshot, facts: Facts, today: dt.date) -> Verdict:
    on = facts.on or today
    postal = _first(snapshot, "postal_informal_entry", on)
    duty_rules = snapshot.rules_in_force("postal_duty", "US", on, origin=facts.origin, mode="postal")
    dm = snapshot.rule_in_force("de_minimis", "US", on, origin=facts.origin or "DE", mode="postal")
    fee = flat_mpf(snapshot, "postal", on)
    points: list[Statement] = []
    rules: list[Rule] = [r for r in (postal, dm) if r]
    figures: dict = {
        "limit": postal.value_number if postal else None,
        "on": on,
        "since": postal.effective_from if postal else None,
    }
    points.append(Statement("entry", "entry.postal", {}, ()))
    if fee:
        points.append(fee.statement)
    if duty_rules:
        points.append(Statement("postal_duty", "postal.duty_methods", {"rules": duty_rules}, tuple(duty_rules)))
    type13 = snapshot.rule_in_force("entry_type", "US", on, variant="13")
    if type13:
        points.append(Statement("entry", "entry.type13", {}, (type13,)))
    if dm is not None and dm.status == "available":
        figures["limit"] = dm.value_number
        return Verdict("postal", "postal.de_minimis", on, figures, points, rules)
    code = "postal.all_duties" if postal else "postal.duty_due"
    if dm is not None and dm.status == "suspended" and postal:
        figures["dm_since"] = suspension_start(snapshot, dm, facts.origin or "DE", "postal")
        code = "postal.all_duties_since"
    if not postal and duty_rules:
        code = "postal.methods"
        figures["rules"] = duty_rules
        surcharge = snapshot.rule_in_force("temporary_import_surcharge", "US", on)
        if surcharge is not None and any(r.value_number == surcharge.value_number for r in duty_rules):
            figures["surcharge"] = surcharge.variant  # the duty equals that surcharge's rate
            rules.append(surcharge)
    ended = _ended_postal_duties(snapshot, facts, on)
    if ended and (facts.terms & ENDED_TERMS or facts.ask == "when"):
        following = snapshot.rules_in_force("postal_duty", "US", ended[0].effective_to + dt.timedelta(days=1))
        figures.update(ended=ended, next_from=ended[0].effective_to + dt.timedelta(days=1), next_rules=following)
        code = "postal.ended" if postal else "postal.ended_then"
        if following and all(r.value_number is None for r in following):
            code = "postal.ended_all"  # replaced by every normal duty, not by another rate
        rules.extend(ended)
    if facts.value is not None and dm is not None:
        figures["value"] = shipment_value(facts)
    return Verdict("postal", code, on, figures, points, rules)


def _mail_duty_on_value(snapshot: Snapshot, result: ShipmentAssessment) -> list[Statement]:
    """What a parcel by post paid on its date when mail duty was a percentage: '10% of $150 is $15'."""
    rules = snapshot.rules_in_force("postal_duty", "US", result.on, origin=result.origin, mode="postal")
    percent = [r for r in rules if r.unit == "percent" and r.value_number is not None]
    if len(percent) != 1 or len(rules) != 1:  # one percentage for every parcel, no per-item option
        return []
    rule = percent[0]
    figures = {"rate": rule.value_number, "value": result.value_usd, "duty": result.value_usd * rule.value_number / 100}
    used = [rule]
    surcharge = snapshot.rule_in_force("temporary_import_surcharge", "US", result.on)
    if surcharge is not None and surcharge.value_number == rule.value_number:
        figures["surcharge"] = surcharge.variant
        used.append(surcharge)
    return [Statement("postal_duty", "postal.duty_on_value", figures, tuple(used))]


def _ended_postal_duties(snapshot: Snapshot, facts: Facts, on: dt.date) -> list[Rule]:
    """Mail duty methods that ended before `on`: the ones whose amount the question names, else the latest."""
    ended = [
        r
        for r in snapshot.history("postal_duty", "US")
        if r.effective_to and r.effective_to < on and r.scope.covers_origin(facts.origin or "DE")
    ]
    if not ended:
        return []
    named = [r for r in ended if facts.value is not None and r.value_number == facts.value]
    until = (named[0] if named else max(ended, key=lambda r: r.effective_to)).effective_to
    group = [r for r in ended if r.effective_to == until]
    return [r for r in group if r.value_number is not None] or group


def restricted_verdict(snapshot: Snapshot, facts: Facts, today: dt.date) -> Verdict:
    on = facts.on or today
    flags = facts.goods_flags
    points: list[Statement] = []
    rules: list[Rule] = []
    if facts.focus == "max_advance":
        earliest = snapshot.rules_in_force("fda_prior_notice_max_advance", "US", on)
        if earliest:
            by_way = {r.variant: r.value_number for r in earliest}
            notices = snapshot.rules_in_force("fda_prior_notice", "US", on, mode=facts.mode) if facts.mode else []
            latest = next((r for r in notices if r.value_number is not None), None)
            figures = {
                "pnsi_days": by_way.get("pnsi"),
                "abi_days": by_way.get("abi_ace"),
                "days": earliest[0].value_number,
                "lead": latest.value_number if latest else None,
                "unit": latest.unit if latest else None,
                "mode": facts.mode,
            }
            code = "fda.max_advance" if figures["pnsi_days"] and figures["abi_days"] else "fda.max_advance_one"
            if latest is not None:
                code += "_and_latest"
            return Verdict("restricted_goods", code, on, figures, [], earliest + ([latest] if latest else []))
    if "food" in flags or not flags:
        notices = [
            r
            for r in snapshot.rules_in_force("fda_prior_notice", "US", on, mode=facts.mode)
            if r.variant != "max_advance"
        ]
        if "food" in flags and facts.mode and notices and notices[0].value_number is None:
            notice = notices[0]  # by mail: before the parcel is sent, not hours before arrival
            code = (
                "fda.prior_notice_postal_tracking" if notice.variant == "postal_tracking" else "fda.prior_notice_postal"
            )
            return Verdict("restricted_goods", code, on, {"mode": facts.mode}, [], [notice])
        if "food" in flags and facts.mode and notices:
            notice = notices[0]
            return Verdict(
                "restricted_goods",
                "fda.prior_notice_mode",
                on,
                {"lead": notice.value_number, "unit": notice.unit, "mode": facts.mode},
                [],
                [notice],
            )
        if "food" in flags:
            return Verdict("restricted_goods", "fda.prior_notice", on, {}, [], notices[:4], detail=notices)
        if notices:
            points.append(Statement("fda", "fda.prior_notice_short", {}, tuple(notices[:1])))
    cpsc = _first(snapshot, "cpsc_efiling", on)
    if cpsc and ("consumer_product" in flags or not flags):
        if "consumer_product" in flags:
            return Verdict("restricted_goods", "cpsc.efiling", on, {"since": cpsc.effective_from}, [], [cpsc])
        points.append(Statement("cpsc", "cpsc.efiling_short", {"since": cpsc.effective_from}, (cpsc,)))
    uflpa = _first(snapshot, "import_prohibition", on, variant="uflpa")
    if uflpa:
        points.append(Statement("forced_labor", "uflpa.short", {}, (uflpa,)))
    ipr = _first(snapshot, "ipr_enforcement", on)
    if ipr:
        points.append(Statement("ipr", "ipr.short", {}, (ipr,)))
    if "alcohol" in flags or "tobacco" in flags:
        return Verdict(
            "restricted_goods",
            "restricted.excise",
            on,
            {"goods": sorted(flags & {"alcohol", "tobacco"})},
            points[:2],
            rules,
        )
    return Verdict("restricted_goods", "restricted.overview", on, {}, points[:4], rules)


def other_countries_verdict(snapshot: Snapshot, facts: Facts, today: dt.date) -> Verdict:
    on = facts.on or today
    jurisdiction = facts.jurisdiction
    if jurisdiction and "," in jurisdiction:
        return _compare_verdict(snapshot, facts, on, today, jurisdiction.split(","))
    if jurisdiction in EU_MEMBER_STATES:
        jurisdiction = "EU"
    if jurisdiction == "US":
        return de_minimis_verdict(snapshot, replace(facts, topic="de_minimis"), today)
    if jurisdiction and jurisdiction not in OTHER_JURISDICTIONS:
        return Verdict(
            "other_countries", "other.not_covered", on, {"jurisdiction": jurisdiction, "covered": OTHER_JURISDICTIONS}
        )
    wanted = (jurisdiction,) if jurisdiction else OTHER_JURISDICTIONS
    rules = [r for r in snapshot.rules if r.jurisdiction in wanted and r.in_force_on(on)]
    origin = facts.origin if facts.origin not in (None, jurisdiction) else None
    rules.sort(
        key=lambda r: (
            0 if r.scope.covers_origin(origin) else 1,  # "and from the UK?": Canada's rule for goods from there
            0 if facts.mode is None or r.scope.covers_mode(facts.mode) and r.scope.modes else 1,
            wanted.index(r.jurisdiction),
            HEADLINE_KINDS.get(r.kind, 9),
            r.kind,
            r.id,
        )
    )
    if jurisdiction:
        main = [r for r in rules if r.kind.startswith("de_minimis") or r.kind in ("flat_duty",)]
        headline_rule = (main or rules)[0] if (main or rules) else None
        asks_past = facts.ask == "when" or bool(facts.terms & ENDED_TERMS)
        ended = [r for r in snapshot.rules if r.jurisdiction == jurisdiction and r.effective_to and r.effective_to < on]
        # "isn't it still duty free under €150?": an ended rule that matches as well answers first
        candidates = (ended + rules) if "still" in facts.terms else rules + (ended if asks_past else [])
        if origin:  # "and from the UK?": only the rules for goods from there can answer
            candidates = [r for r in candidates if r.scope.covers_origin(origin)] or candidates
        if facts.ask == "when":  # "since when has Australia charged GST...?": a rule with a start date answers
            dated = [r for r in candidates if r.effective_from or (r.effective_to and r.effective_to < on)]
            candidates = dated or candidates
        relevant = _by_terms(candidates, facts.terms)
        if relevant is not None:
            headline_rule = relevant
        if headline_rule is None:
            return Verdict("other_countries", "other.no_rule", on, {"jurisdiction": jurisdiction})
        others = [r for r in rules if r is not headline_rule]
        others.sort(key=lambda r: -_term_score(r, facts.terms))
        points = [
            Statement(
                "other", "other.sentence", {"text": sentence, "sentence_of": (headline_rule, index)}, (headline_rule,)
            )
            for index, sentence in _sentences_on(headline_rule, facts.terms)
        ]
        points += [
            Statement("other", "other.relevant" if _term_score(r, facts.terms) > 0 else "other.rule", {"rule": r}, (r,))
            for r in others
        ][:3]
        figures = {"jurisdiction": jurisdiction, "rule": headline_rule, "since": headline_rule.effective_from}
        code = "other.one"
        if headline_rule.effective_to and headline_rule.effective_to < on:
            code = "other.ended"
            figures["until"] = headline_rule.effective_to
            figures["next_from"] = headline_rule.effective_to + dt.timedelta(days=1)
            if main:  # what replaced it comes first
                points.insert(0, Statement("other", "other.relevant", {"rule": main[0]}, (main[0],)))
        elif _compared(headline_rule, facts) is not None and not _names_a_limit(rules, facts):
            code, headline_rule, points = _value_against_limits(headline_rule, others, points, facts)
            figures.update(rule=headline_rule, since=headline_rule.effective_from)
            figures.update(amount=facts.value, limit=headline_rule.value_number, currency=facts.currency)
        elif (
            headline_rule.kind == "flat_duty"
            and (facts.count or 0) > 1
            and headline_rule.value_number
            and _within_flat_duty_scope(snapshot, headline_rule, facts)
        ):
            code = "other.flat_total"  # "3 different products in one parcel": the flat duty for each category
            per = headline_rule.value_number
            figures.update(count=facts.count, limit=per, amount=per * facts.count, currency=headline_rule.currency)
        elif (
            facts.ask.startswith("yes_no")
            and "still" in facts.terms
            and headline_rule.value_number is not None
            and f"amount:{float(headline_rule.value_number):g}" in facts.terms
        ):
            code = "other.still"  # "is the UK's £135 limit still in place?": yes, and what it is
        elif facts.ask in ("yes_no", "when", "which") and points and points[0].code == "other.sentence":
            code = "other.one_sentence"  # "is the UK going to scrap...?": the sentence that answers leads
            lead = points.pop(0)
            figures["sentence"], figures["sentence_of"] = lead.figures["text"], lead.figures["sentence_of"]
            points.insert(0, Statement("other", "other.relevant", {"rule": headline_rule}, (headline_rule,)))
        elif facts.focus == "pays" and (
            headline_rule.kind in COLLECTED_KINDS
            or (headline_rule.kind in RELIEF_KINDS and headline_rule.value_number == 0)  # relief abolished: all pay
        ):
            code = "other.collected"
        return Verdict("other_countries", code, on, figures, points, [headline_rule], detail=rules)
    main = []
    for code in OTHER_JURISDICTIONS:
        first = next(
            (r for r in rules if r.jurisdiction == code and (r.kind.startswith("de_minimis") or r.kind == "flat_duty")),
            None,
        )
        if first:
            main.append(first)
    points = [Statement("other", "other.headline", {"rule": r}, (r,)) for r in main]
    return Verdict("other_countries", "other.all", on, {}, points[:6], main, detail=rules)


def _within_flat_duty_scope(snapshot: Snapshot, flat: Rule, facts: Facts) -> bool:
    """Whether a parcel's value is within the low-value relief the flat duty replaced (the EU's €150): a value
    in the rule's currency above it is out of the flat duty's scope; no value, or another currency, is not."""
    if facts.value is None or facts.currency != flat.currency or not flat.effective_from:
        return True
    eve = flat.effective_from - dt.timedelta(days=1)
    replaced = [
        rule
        for rule in snapshot.rules
        if rule.jurisdiction == flat.jurisdiction and rule.effective_to == eve and rule.value_number
    ]
    return not replaced or facts.value <= max(rule.value_number for rule in replaced)


EU_MEMBER_STATES = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split())


def _compare_verdict(snapshot: Snapshot, facts: Facts, on: dt.date, today: dt.date, codes: list[str]) -> Verdict:
    points: list[Statement] = []
    rules: list[Rule] = []
    for code in codes[:3]:
        if code == "US":
            us = de_minimis_verdict(snapshot, replace(facts, jurisdiction=None, topic="de_minimis"), today)
            points.append(Statement("de_minimis", "dm.suspended", us.figures, tuple(us.rules)))
            rules.extend(us.rules)
            continue
        one = other_countries_verdict(snapshot, replace(facts, jurisdiction=code, terms=frozenset()), today)
        rule = one.figures.get("rule")
        if isinstance(rule, Rule):
            points.append(Statement("other", "other.headline", {"rule": rule}, (rule,)))
            rules.append(rule)
    # the headline lists each place's figure ("Canada C$150; Australia A$1,000"), the points say what it covers
    return Verdict("other_countries", "other.compare", on, {"on": on, "compared": list(rules)}, points, rules)


#: Kinds of foreign rule that relieve goods up to a value from duty or tax at the border.
RELIEF_KINDS = frozenset(
    {"de_minimis_duty", "de_minimis_tax", "de_minimis_duty_tax", "de_minimis_vat", "gift_exemption_vat"}
)


def _value_against_limits(
    headline: Rule, others: list[Rule], points: list[Statement], facts: Facts
) -> tuple[str, Rule, list[Statement]]:
    """A value in the country's currency against its relief limits: the code, the rule that leads, the points.

    "C$45 by courier" is within the C$150 duty limit but over the C$40 tax limit: the limit it exceeds leads.
    """
    gift_asked = "gift" in headline.kind or bool(facts.gift) or "gift" in facts.terms
    within = {headline.id: _compared(headline, facts)}
    for rule in others:
        if rule.variant == headline.variant and ("gift" in rule.kind) <= gift_asked:
            within[rule.id] = _compared(rule, facts)
    compared = [r for r in others if within.get(r.id) is not None]
    over = next((r for r in [headline, *compared] if not within[r.id]), None)
    if over is not None and over is not headline:
        compared = [headline] + [r for r in compared if r is not over]
        headline = over
    shown = {r.id for r in [headline, *compared]}
    lines = [
        Statement(
            "other",
            "other.value_within" if within[r.id] else "other.value_over",
            {"rule": r, "amount": facts.value, "limit": r.value_number, "currency": facts.currency},
            (r,),
        )
        for r in compared
    ]
    code = "other.value_within" if within[headline.id] else "other.value_over"
    return code, headline, lines + [p for p in points if not {r.id for r in p.rules} & shown]


def _names_a_limit(rules: list[Rule], facts: Facts) -> bool:
    """'Since when is it C$150...?': the amount is one of the country's own limits, not a parcel's value."""
    return facts.ask == "when" or any(r.value_number == facts.value and r.currency == facts.currency for r in rules)


def _compared(rule: Rule, facts: Facts) -> bool | None:
    """Whether the value given in the rule's own currency is within its relief limit (None: not comparable)."""
    if facts.value is None or not facts.currency or rule.currency != facts.currency:
        return None
    if rule.kind not in RELIEF_KINDS or not rule.value_number:
        return None
    return facts.value <= rule.value_number


#: Kinds of foreign rule under which a tax or duty is charged on low-value goods ("do buyers pay GST?": yes).
COLLECTED_KINDS = frozenset({"gst_point_of_sale", "vat_collection", "flat_duty"})
#: Question words that ask about a rule that has ended ("does the EU still...", "when did it end").
ENDED_TERMS = frozenset({"still", "end", "ended", "ends", "abolished", "scrapped", "relief"})
#: Words that narrow a rule to one channel or case; a rule about one of them is only picked when asked.
_NARROWING = (("gift", "gifts"), ("post", "postal", "mail", "mailed"), ("courier",))
_SYNONYMS = {
    "per year": "a year",
    "annual": "a year",
    "order": "purchase",
    "parcels": "parcel",
    "buyers": "consumers",
    "customers": "consumers",
    "consumer": "consumers",
    "scrap": "abolish",
    "scrapped": "abolish",
    "scrapping": "abolish",
    "abolishing": "abolish",
    "present": "gift",
    "presents": "gift",
    "abolished": "abolish",
    "mailed": "mail",
    "duty-free": "free of",
    "tax-free": "free of",
    "cross border": "cross-border",
    "crossborder": "cross-border",
    "ecommerce": "e-commerce",
    "getting rid": "abolish",
    "get rid": "abolish",
    "plans": "planned",
    "plan": "planned",
}
#: Question words about what is coming ("is Japan getting rid of...?"): a later sentence naming a future year answers.
FUTURE_TERMS = frozenset({"abolish", "planned", "reform", "changing", "change", "going to", "future"})


def _term_score(rule: Rule, terms: frozenset[str]) -> float:
    """How well a rule fits the question's terms: its summary, and twice over its kind and variant."""
    ignore = {"duty", "tax", "order", "parcel", "item", "items", "still", "end", "ended", "ends"}
    wanted = {_SYNONYMS.get(term, term) for term in terms} - ignore
    summary = rule.summary.lower()
    kind = f"{rule.kind} {rule.variant or ''}".replace("_", " ").lower()
    figures = {term for term in wanted if term.startswith("amount:")}
    wanted -= figures
    score = sum(term in summary for term in wanted) + sum(2 * (term in kind) for term in wanted)
    if rule.value_number is not None and f"amount:{float(rule.value_number):g}" in figures:
        score += 3  # "the €150 limit", "the €22 VAT exemption": the rule with that figure
    for group in _NARROWING:
        if not wanted & set(group) and any(f" {word}" in f" {summary}" for word in group):
            score -= 0.5  # a gift-only or mail-only rule, for a question about neither
    return score


def summary_sentences(summary: str) -> list[str]:
    """A summary's sentences (a full stop, a space, a capital letter)."""
    return re.split(r"(?<=\.)\s+(?=[A-ZÁÉÍÓÚÑ])", summary.strip())


def _sentences_on(rule: Rule, terms: frozenset[str]) -> list[tuple[int, str]]:
    """The summary's later sentences that speak to the question's terms ("abolished by March 2029"), with
    their place in the summary (the answer shows the same sentence of a summary in another language)."""
    generic = {"duty", "tax", "order", "item", "items", "parcel", "customers", "customer", "consumer", "consumers"}
    wanted = {_SYNONYMS.get(term, term) for term in terms if not term.startswith("amount:")} - generic
    later = list(enumerate(summary_sentences(rule.summary)))[1:]
    future = bool(wanted & FUTURE_TERMS)
    return [
        (index, sentence)
        for index, sentence in later
        if any(re.search(rf"\b{re.escape(term)}", sentence.lower()) for term in wanted)
        or (future and re.search(r"\b(?:planned|will|from \d{1,2} [A-Z][a-z]+ 20\d\d|by (?:\w+ )?20\d\d)\b", sentence))
    ]


def _by_terms(rules: list[Rule], terms: frozenset[str]) -> Rule | None:
    """The rule whose summary, kind and variant share most of the question's terms (VAT, gift, post...)."""
    if not terms:
        return None
    scored = [(_term_score(rule, terms), -index, rule) for index, rule in enumerate(rules)]
    best = max(scored, default=None, key=lambda item: (item[0], item[1]))
    return best[2] if best and best[0] > 0 else None


def summary_verdict(topic: str, kinds: list[tuple[str, str | None]]) -> Callable[[Snapshot, Facts, dt.date], Verdict]:
    """A topic answered from its rules: a headline code and the rules' figures."""

    def verdict(snapshot: Snapshot, facts: Facts, today: dt.date) -> Verdict:
        on = facts.on or today
        rules = _kinds(snapshot, on, kinds)
        figures = {
            f"{r.kind}__{r.variant}" if r.variant else r.kind: r.value_number
            if r.value_number is not None
            else r.value_text
            for r in rules
        }
        return Verdict(topic, f"{topic}.summary", on, figures, [], rules[:3], detail=rules)

    return verdict


def out_of_scope_verdict(snapshot: Snapshot, facts: Facts, today: dt.date) -> Verdict:
    on = facts.on or today
    kind = facts.oos_kind or "general"
    contacts = _kinds(snapshot, on, [("contact", "info_center"), ("contact", "licensed_broker")])
    related: list[Statement] = []
    if kind in ("duty_rate", "carrier_charge", "general"):
        dm = snapshot.rule_in_force("de_minimis", "US", on, origin="DE", mode="express")
        if dm is not None and dm.status == "suspended":
            related.append(
                Statement(
                    "de_minimis",
                    "dm.related_suspended",
                    {"since": suspension_start(snapshot, dm, "DE", "express")},
                    (dm,),
                )
            )
    if kind == "duty_rate":
        hts = _first(snapshot, "classification", on)
        if hts:
            related.append(Statement("hts", "hts.lookup", {}, (hts,)))
    if kind == "carrier_charge":
        fee = flat_mpf(snapshot, "express", on)
        if fee:
            related.append(fee.statement)
    figures = {"kind": kind, "carrier": facts.carrier, "jurisdiction": facts.jurisdiction or facts.origin}
    return Verdict("out_of_scope", f"oos.{kind}", on, figures, related, contacts)


def traveller_verdict(snapshot: Snapshot, facts: Facts, today: dt.date) -> Verdict:
    on = facts.on or today
    general = snapshot.rule_in_force("personal_exemption", "US", on, variant="general")
    insular = snapshot.rule_in_force("personal_exemption", "US", on, variant="insular")
    short = snapshot.rule_in_force("personal_exemption", "US", on, variant="short_trip")
    rules = [r for r in (general, insular, short) if r]
    if general is None:
        return Verdict("traveler_exemption", "traveller.no_rule", on, {"on": on})
    figures = {
        "general": general.value_number,
        "insular": insular.value_number if insular else None,
        "short": short.value_number if short else None,
        "value": shipment_value(facts),
        "origin": facts.origin,
    }
    limit_rule = general
    waiver = snapshot.rule_in_force(
        "personal_exemption_condition", "US", on, origin=facts.origin or "DE", mode="traveller"
    )
    if facts.origin in ("VI", "GU", "AS") and insular:
        limit_rule = insular
    if (facts.focus == "short_trip" and short and waiver is None) or (facts.focus == "used_recently" and short):
        limit_rule = short  # the 48-hour minimum may be waived (Mexico, USVI), the once-in-30-days rule is not
    figures["limit"] = limit_rule.value_number
    points = []
    if facts.focus == "short_trip" and waiver is not None:
        points.append(Statement("traveller", "traveller.no_48_hours", {"origin": facts.origin}, (waiver,)))
    if short and limit_rule is not short:
        points.append(Statement("traveller", "traveller.short_trip", {"short": short.value_number}, (short,)))
    elif short and facts.focus == "used_recently":
        points.append(Statement("traveller", "traveller.used_recently", {"short": short.value_number}, (short,)))
    if facts.goods_flags & {"alcohol", "tobacco"}:
        allowance = snapshot.rule_in_force("personal_exemption_allowance", "US", on, variant="general")
        if allowance:
            points.append(Statement("traveller", "traveller.allowance", {}, (allowance,)))
    points.append(Statement("traveller", "traveller.personal_only", {}, ()))
    value = figures["value"]
    if facts.focus == "resale":
        return Verdict("traveler_exemption", "traveller.resale", on, figures, [], [general])
    if value is None:
        code = "traveller.short" if limit_rule is short else "traveller.limits"
        return Verdict("traveler_exemption", code, on, figures, points, rules)
    code = "traveller.within" if value <= limit_rule.value_number else "traveller.over"
    figures["over"] = value - limit_rule.value_number if value > limit_rule.value_number else None
    return Verdict("traveler_exemption", code, on, figures, points, [limit_rule])


def marking_verdict(snapshot: Snapshot, facts: Facts, today: dt.date) -> Verdict:
    on = facts.on or today
    rule = _first(snapshot, "marking", on, variant="additional_duty")
    if rule is None:
        return Verdict("marking", "marking.no_rule", on, {"on": on})
    value = shipment_value(facts)
    figures = {"rate": rule.value_number, "value": value}
    if value is not None:
        figures["extra"] = (value * rule.value_number / Decimal(100)).quantize(Decimal("0.01"))
        return Verdict("marking", "marking.extra", on, figures, [], [rule])
    return Verdict("marking", "marking.rule", on, figures, [], [rule])
