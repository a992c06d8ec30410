"""Plain-language, dated and cited answers built from the threshold rules (no Rasa import).

The actions call these functions and send the text; the web page, Slack and the staff console get
the same answers. Each answer names the date it applies to, the sources of its rules and the data
set's as-of date, and carries a caution when a rule rests on a secondary source (MEDIUM).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.thresholds.assess import MODE_NAMES, VERIFY_WITH_CBP, ShipmentAssessment, country_name
from bot.thresholds.formatting import day, rule_value
from bot.thresholds.schema import Rule
from bot.thresholds.store import Snapshot

DISCLAIMER = "This is general information, not legal advice or a binding ruling."
VERIFY = VERIFY_WITH_CBP


@dataclass
class Answer:
    text: str
    rules: list[Rule] = field(default_factory=list)
    cautions: list[str] = field(default_factory=list)

    @property
    def rule_ids(self) -> list[str]:
        return [rule.id for rule in self.rules]

    def render(self, snapshot: Snapshot, with_disclaimer: bool = False) -> str:
        """The answer, its sources, cautions, as-of date and (once per conversation) the disclaimer."""
        parts = [self.text]
        sources = _sources(self.rules)
        if sources:
            parts.append(sources)
        cautions = list(dict.fromkeys(self.cautions))
        if any(rule.confidence == "MEDIUM" for rule in self.rules) and VERIFY not in cautions:
            cautions.append(VERIFY)
        parts.extend(cautions)
        parts.append(f"(Data as of {day(snapshot.data_as_of)}.)")
        if with_disclaimer:
            parts.append(DISCLAIMER)
        return "\n".join(parts)


def _sources(rules: list[Rule], limit: int = 4) -> str:
    unique: dict[str, Rule] = {}
    for rule in rules:
        unique.setdefault(rule.source_url, rule)
    shown = list(unique.values())[:limit]
    if not shown:
        return ""
    lines = [f"- {rule.citation}: {rule.source_url}" for rule in shown]
    more = len(unique) - len(shown)
    if more > 0:
        lines.append(f"- and {more} more source(s)")
    return "Sources:\n" + "\n".join(lines)


def _origin_words(rule: Rule) -> str:
    origins = [code for code in rule.scope.origins if code != "*"]
    if origins:
        return "goods from " + " and ".join(country_name(code) for code in origins)
    if rule.scope.origins_except:
        return "goods from other countries"
    return "goods from every country"


def de_minimis_state(rule: Rule, on: dt.date) -> str:
    """One sentence on the de minimis state a rule describes, on a date."""
    who = _origin_words(rule)
    if rule.status == "available":
        return f"For {who}, the de minimis limit is {rule_value(rule)}: shipments worth up to that enter free of duty."
    if rule.status == "suspended":
        return f"For {who}, de minimis is suspended (since {day(rule.effective_from)}): duty is due at any value."
    if rule.status == "repealed":
        return f"De minimis is repealed by statute from {day(rule.effective_from)}."
    return rule.summary


def _period_end(start: dt.date, period: str) -> dt.date:
    if period == "year":
        return dt.date(start.year, 12, 31)
    if period == "month":
        next_month = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return next_month - dt.timedelta(days=1)
    if period == "week":
        return start + dt.timedelta(days=6)
    return start


def answer_de_minimis(
    snapshot: Snapshot,
    on: dt.date,
    origin: str | None = None,
    mode: str | None = None,
    today: dt.date | None = None,
    period: str = "day",
) -> Answer:
    """What the de minimis limit is (or was) on a date, optionally for one origin and mode.

    For a question about a whole year or month ("in 2016"), changes within that period are listed.
    """
    today = today or dt.date.today()
    states = snapshot.rules_in_force("de_minimis", "US", on, origin=origin, mode=mode)
    when = "Today" if on == today else ("On" if on < today else "From what is known now, on") + f" {day(on)}"
    when = f"{when} ({day(on)})" if on == today else when
    if not states:
        return Answer(f"I have no de minimis rule for {day(on)}.")
    lines = [f"{when}:"] + [de_minimis_state(rule, on) for rule in states]
    cautions = []
    if any(rule.status in ("suspended", "repealed") for rule in states):
        gifts = snapshot.rules_in_force("gift_exemption", "US", on)
        if gifts:
            lines.append(
                "Bona fide gifts (up to " + " or ".join(rule_value(g) for g in gifts) + ") and travellers' "
                "exemptions still apply."
            )
            states = states + gifts
    upcoming = [
        change
        for change in snapshot.changes_between(
            on + dt.timedelta(days=1), on + dt.timedelta(days=3 * 366), ["de_minimis"]
        )
        if change.what == "starts" and change.rule.status == "repealed"
    ]
    if upcoming:
        lines.append(f"Next: the $800 provision is repealed by statute from {day(upcoming[0].day)}.")
    within = [
        change
        for change in snapshot.changes_between(on + dt.timedelta(days=1), _period_end(on, period), ["de_minimis"])
        if change.what == "starts" and (origin is None or change.rule.scope.covers_origin(origin))
    ]
    for change in within:
        lines.append(f"It changed on {day(change.day)}: {de_minimis_state(change.rule, change.day)}")
        states = states + [change.rule]
    if on > snapshot.data_as_of:
        cautions.append("That date is after our data's date: the rules may change before then.")
    return Answer(" ".join(lines[:1]) + " " + " ".join(lines[1:]), list(states), cautions)


def answer_de_minimis_changes(snapshot: Snapshot, today: dt.date | None = None) -> Answer:
    """Is it still $800? The dated changes since 2016 and what comes next."""
    today = today or dt.date.today()
    changes = [
        c
        for c in snapshot.changes_between(dt.date(2016, 1, 1), dt.date(2030, 12, 31), ["de_minimis"])
        if c.what == "starts"
    ]
    current = snapshot.rules_in_force("de_minimis", "US", today)
    lines = [
        "No, it is no longer $800 duty-free."
        if all(r.status != "available" for r in current)
        else "The $800 limit still applies to some shipments."
    ]
    previous = ""
    for change_day, group in _group_by_day(changes):
        marker = "next: " if change_day > today else ""
        words = _change_words(group[0]) if len(group) == 1 else _merged_words(group)
        if words == previous:
            words += " (continued on a new legal basis)"
        previous = words.split(" (continued")[0]
        lines.append(f"- {marker}{day(change_day)}: {words}")
    rules = [change.rule for change in changes]
    return Answer("\n".join(lines), rules)


def _group_by_day(changes: list) -> list[tuple[dt.date, list[Rule]]]:
    groups: dict[dt.date, list[Rule]] = {}
    for change in changes:
        groups.setdefault(change.day, []).append(change.rule)
    return list(groups.items())


def _merged_words(rules: list[Rule]) -> str:
    """Rules starting the same day with the same state for complementary origins read as one."""
    states = {(rule.status, rule.value_number) for rule in rules}
    if len(states) == 1:
        everyone = any(rule.scope.origins_except for rule in rules) or any("*" in rule.scope.origins for rule in rules)
        if everyone:
            template = rules[0]
            text = _change_words(template)
            return text.replace(_origin_words(template), "goods from every country")
    return "; ".join(_change_words(rule) for rule in rules)


def _change_words(rule: Rule) -> str:
    who = _origin_words(rule)
    if rule.status == "available":
        return f"{rule_value(rule)} limit for {who}"
    if rule.status == "suspended":
        return f"suspended for {who}"
    if rule.status == "repealed":
        return "repealed by statute"
    return rule.summary


@dataclass(frozen=True)
class Topic:
    """A question topic answered by listing the rules of some kinds in force on a date."""

    intro: str
    kinds: tuple[tuple[str, str | None], ...]
    jurisdiction: str = "US"
    latest_if_missing: bool = False
    limit: int = 6


TOPICS: dict[str, Topic] = {
    "gift_exemption": Topic(
        "Gifts sent to you from abroad:",
        (("gift_exemption", None), ("gift_conditions", None), ("gift_exemption_status", None)),
    ),
    "traveler_exemption": Topic(
        "Travellers' personal exemptions (goods you carry home):",
        (("personal_exemption", None), ("personal_exemption_allowance", None), ("personal_exemption_status", None)),
    ),
    "entry_types": Topic(
        "Entry types:",
        (("informal_entry_limit", None), ("entry_type", None), ("informal_entry_exception", None)),
    ),
    "postal_shipments": Topic(
        "Shipments by international mail:",
        (
            ("postal_informal_entry", None),
            ("postal_duty", None),
            ("de_minimis_regulation", "postal"),
            ("mpf", "mail"),
            ("entry_type", "13"),
        ),
        latest_if_missing=True,
    ),
    "customs_broker": Topic("Customs brokers:", (("licence_requirement", None), ("broker_permit_fee", None))),
    "customs_bond": Topic("Customs bonds:", (("bond", None),)),
    "importer_of_record": Topic("The importer of record:", (("importer_number", None), ("reasonable_care", None))),
    "hts_classification": Topic(
        "Tariff classification (HTS):", (("classification", None), ("contact", "binding_rulings"))
    ),
    "fees": Topic(
        "Customs fees:",
        (
            ("mpf", "formal_rate"),
            ("mpf", "formal_min"),
            ("mpf", "formal_max"),
            ("mpf", "informal"),
            ("mpf", "mail"),
            ("hmf", None),
        ),
        latest_if_missing=True,
        limit=7,
    ),
    "isf": Topic("Importer Security Filing (ocean shipments only):", (("isf", None),)),
    "restricted_goods": Topic(
        "Restricted goods:",
        (("fda_prior_notice", None), ("cpsc_efiling", None), ("import_prohibition", None)),
        limit=5,
    ),
    "ipr": Topic("Counterfeits and intellectual property:", (("ipr_enforcement", None),)),
    "forced_labor": Topic("Forced labour:", (("import_prohibition", None),)),
    "marking": Topic("Country-of-origin marking:", (("marking", None),)),
    "ecommerce_team": Topic(
        "CBP's help for e-commerce and small businesses:",
        (("organization", None), ("contact", "ecommerce_mailbox")),
    ),
    "request_human": Topic(
        "To talk to a person:",
        (("contact", "info_center"), ("contact", "ecommerce_mailbox"), ("contact", "licensed_broker")),
    ),
}


def answer_topic(snapshot: Snapshot, topic_name: str, on: dt.date, today: dt.date | None = None) -> Answer:
    topic = TOPICS[topic_name]
    today = today or dt.date.today()
    rules: list[Rule] = []
    cautions: list[str] = []
    for kind, variant in topic.kinds:
        found = snapshot.rules_in_force(kind, topic.jurisdiction, on, variant=variant)
        if not found and topic.latest_if_missing:
            latest = snapshot.latest_before(kind, topic.jurisdiction, on, variant=variant)
            if latest:
                found = [latest]
                cautions.append(
                    f"Some figures ended on {day(latest.effective_to)} and newer figures are not in our data yet: "
                    "the latest known ones are shown."
                )
        rules.extend(rule for rule in found if rule not in rules)
    rules = rules[: topic.limit]
    if not rules:
        return Answer(f"I have no rules on this for {day(on)}.")
    when = f"As of {day(on)}" if on == today else f"On {day(on)}"
    lines = [f"{when}: {topic.intro}"] + [f"- {rule.summary}" for rule in rules]
    return Answer("\n".join(lines), rules, cautions)


def answer_other_countries(snapshot: Snapshot, on: dt.date, jurisdiction: str | None) -> Answer:
    """Low-value thresholds of other economies (all of them, or one)."""
    jurisdictions = ("EU", "GB", "CA", "AU", "JP", "CN")
    if jurisdiction and jurisdiction not in jurisdictions:
        name = country_name(jurisdiction)
        text = f"I only have low-value rules for the EU, UK, Canada, Australia, Japan and China, not {name}."
        return Answer(text)
    wanted = (jurisdiction,) if jurisdiction else jurisdictions
    rules = [
        rule
        for rule in snapshot.rules
        if rule.jurisdiction in wanted and rule.in_force_on(on) and (jurisdiction or rule.kind.startswith("de_minimis"))
    ]
    rules.sort(key=lambda rule: (wanted.index(rule.jurisdiction), rule.kind))
    if not rules:
        return Answer(f"I have no rules for that on {day(on)}.")
    names = {"EU": "EU"}
    lines = [f"On {day(on)}:"] + [
        f"- {names.get(rule.jurisdiction) or country_name(rule.jurisdiction)}: {rule.summary}" for rule in rules[:8]
    ]
    return Answer("\n".join(lines), rules[:8])


def answer_assessment(result: ShipmentAssessment) -> Answer:
    """The shipment assessment as a short answer: verdict first, then entry, fees and duties."""
    where = country_name(result.origin)
    head = (
        f"Your {MODE_NAMES[result.mode]} shipment from {where}, worth ${result.value_usd:,.2f}, "
        f"arriving {day(result.on)}:"
    )
    lines = [head, f"- {result.de_minimis.text}"]
    if result.gift:
        lines.append(f"- {result.gift.text}")
    lines.append(f"- {result.entry_statement.text}")
    for fee in result.fees:
        lines.append(f"- {fee.statement.text}")
    for statement in result.obligations:
        lines.append(f"- {statement.text}")
    if not result.duty_free:
        lines.append("- Duty rates depend on the goods' HTS code (hts.usitc.gov); a licensed broker can confirm.")
    return Answer("\n".join(lines), result.rules, list(result.cautions))
