"""The shipment assessment engine: what CBP requires of one shipment on one date, with the rules.

Every statement in an assessment names the rules it comes from; the engine holds no legal figure
itself. Invalid input raises ShipmentRefused with a reason a person can act on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pycountry

from bot.thresholds.formatting import day, money, rule_value
from bot.thresholds.schema import GOODS_FLAGS, MODES, Rule
from bot.thresholds.store import Snapshot

EARLIEST_DATE = dt.date(1938, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
MAX_VALUE_USD = Decimal("10000000000")
CENT = Decimal("0.01")
VERIFY_WITH_CBP = "Part of this comes from secondary sources: please verify with CBP before you rely on it."
MODE_NAMES = {
    "postal": "international mail",
    "express": "express courier",
    "air_cargo": "air cargo",
    "ocean": "ocean freight",
    "truck": "truck or rail",
    "traveller": "a traveller's baggage",
}


class ShipmentRefused(ValueError):
    """The shipment cannot be assessed as given; `field` names the input, `reason` says why."""

    def __init__(self, field: str, code: str, reason: str):
        self.field = field
        self.code = code
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Statement:
    """One sentence of the answer with the rules it rests on."""

    topic: str
    text: str
    rules: tuple[Rule, ...] = ()


@dataclass(frozen=True)
class FeeEstimate:
    name: str
    amount: Decimal
    statement: Statement
    stale: bool = False


@dataclass(frozen=True)
class ShipmentAssessment:
    on: dt.date
    date_assumed: bool
    value_usd: Decimal
    origin: str
    mode: str
    goods_flags: frozenset[str]
    is_gift: bool
    de_minimis_applies: bool
    de_minimis_reason: str
    de_minimis: Statement
    gift_applies: bool | None
    gift: Statement | None
    entry: str  # section_321 | gift | informal | formal | traveller
    entry_statement: Statement
    fees: tuple[FeeEstimate, ...]
    obligations: tuple[Statement, ...]
    cautions: tuple[str, ...]
    data_as_of: dt.date
    statements: tuple[Statement, ...] = field(default=())

    @property
    def rules(self) -> list[Rule]:
        """Every rule used, once each, in the order of the statements."""
        seen: dict[str, Rule] = {}
        for statement in self.statements:
            for rule in statement.rules:
                seen.setdefault(rule.id, rule)
        return list(seen.values())

    @property
    def rule_ids(self) -> list[str]:
        return [rule.id for rule in self.rules]

    @property
    def duty_free(self) -> bool:
        return self.de_minimis_applies or bool(self.gift_applies)


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or getattr(country, "name", code) if country else code


def check_value(value: object, currency: str | None) -> Decimal:
    code = currency.strip() if isinstance(currency, str) else ""
    if currency is not None and code.upper() not in ("USD", "US$", "$"):
        raise ShipmentRefused(
            "currency",
            "needs_usd",
            "Please give the value in US dollars: CBP rules use the US dollar value, and I won't guess "
            f"an exchange rate{f' for {code[:10]}' if code else ''}.",
        )
    if isinstance(value, bool) or value is None:
        raise ShipmentRefused("value", "missing", "Please give the shipment's value in US dollars.")
    not_a_number = ShipmentRefused("value", "not_a_number", "The value must be a number of US dollars, e.g. 650.")
    try:
        # Integers and Decimals convert exactly (str() of an int over 4,300 digits would raise).
        amount = Decimal(value) if isinstance(value, (int, Decimal)) else Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError, TypeError):
        raise not_a_number from None
    if not amount.is_finite():
        raise not_a_number
    if amount > MAX_VALUE_USD:
        raise ShipmentRefused(
            "value", "absurd", "That value is over $10 billion, which looks like a typo. Please check it."
        )
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP) if amount > 0 else amount
    if amount <= 0:  # also a positive value under half a cent, which rounds to $0.00
        raise ShipmentRefused("value", "not_positive", "The value must be more than $0.")
    return amount


def check_country(code: object, field_name: str) -> str:
    if not isinstance(code, str) or not code.strip():
        raise ShipmentRefused(field_name, "missing", "Please say which country the goods come from.")
    text = code.strip()
    if text.upper() == "EU":
        raise ShipmentRefused(
            field_name, "not_a_country", "The EU is not a country of origin: which EU country are the goods from?"
        )
    country = pycountry.countries.get(alpha_2=text.upper()) if len(text) == 2 else None
    if country is None:
        try:
            country = pycountry.countries.lookup(text)
        except LookupError:
            country = None
    if country is None:
        raise ShipmentRefused(
            field_name, "unknown_country", f"I don't know the country '{text[:40]}'. Please give its name or ISO code."
        )
    return country.alpha_2


def check_date(on: dt.date | None, today: dt.date) -> tuple[dt.date, bool]:
    if on is None:
        return today, True
    if isinstance(on, dt.datetime):
        on = on.date()
    if not isinstance(on, dt.date):
        raise ShipmentRefused("date", "not_a_date", "Please give the arrival date as a date, e.g. 2026-12-15.")
    if on < EARLIEST_DATE:
        raise ShipmentRefused(
            "date", "too_early", "Section 321 dates from 1938: I can only answer for arrival dates from 1938 on."
        )
    if on > LATEST_DATE:
        raise ShipmentRefused("date", "too_late", "That date is too far in the future to say anything useful.")
    return on, False


def check_flags(flags: object) -> frozenset[str]:
    """The goods flags as a set of names from GOODS_FLAGS; anything else is refused, never a crash."""
    if not flags:
        return frozenset()
    if isinstance(flags, str):  # one flag, not a sequence of one-letter flags
        flags = (flags,)
    try:
        items = list(flags)  # type: ignore[call-overload]
    except TypeError:
        raise ShipmentRefused("goods", "unknown_flag", "The goods types must be a list of names.") from None
    unknown = sorted(
        {
            flag[:40] if isinstance(flag, str) else type(flag).__name__
            for flag in items
            if not isinstance(flag, str) or flag not in GOODS_FLAGS
        }
    )
    if unknown:
        raise ShipmentRefused("goods", "unknown_flag", f"Unknown goods type(s): {', '.join(unknown)[:200]}.")
    return frozenset(items)


def _excluded_goods(rule: Rule, flags: frozenset[str], value: Decimal, allowance: Rule | None) -> frozenset[str]:
    """Goods flags that take the shipment out of an exemption, after the small-value allowance."""
    hit = flags & set(rule.exclusions)
    if allowance is not None and allowance.value_number is not None and value <= allowance.value_number:
        hit = hit - {"alcohol", "perfume_alcohol"} if "tobacco" not in hit else hit
    return frozenset(hit)


def _pct(value: Decimal, rule: Rule) -> Decimal:
    return (value * rule.value_number / Decimal(100)).quantize(CENT, rounding=ROUND_HALF_UP)


def assess_shipment(
    snapshot: Snapshot,
    value: object,
    origin: object,
    mode: object,
    currency: str | None = "USD",
    on: dt.date | None = None,
    goods_flags: object = (),
    is_gift: bool = False,
    gift_sender_territory: str | None = None,
    today: dt.date | None = None,
) -> ShipmentAssessment:
    """Assess one shipment against the rules in force on its arrival date (default: today)."""
    today = today or dt.date.today()
    amount = check_value(value, currency)
    origin_code = check_country(origin, "origin")
    if mode not in MODES:
        raise ShipmentRefused(
            "mode", "unknown_mode", "Please say how it is shipped: mail, express courier, air cargo, ocean or truck."
        )
    arrival, assumed = check_date(on, today)
    flags = check_flags(goods_flags)
    sender = check_country(gift_sender_territory, "gift_sender_territory") if gift_sender_territory else origin_code

    cautions: list[str] = []
    if assumed:
        cautions.append(f"I assumed the goods arrive today, {day(arrival)}.")
    if arrival > snapshot.data_as_of:
        cautions.append(
            f"{day(arrival)} is after our data's date ({day(snapshot.data_as_of)}): the rules may change before then."
        )

    de_minimis_applies, reason, de_minimis = _assess_de_minimis(snapshot, amount, origin_code, mode, arrival, flags)
    gift_applies: bool | None = None
    gift: Statement | None = None
    if is_gift:
        gift_applies, gift = _assess_gift(snapshot, amount, sender, arrival, flags)

    entry, entry_statement, entry_notes = _assess_entry(
        snapshot, amount, mode, arrival, flags, de_minimis_applies, bool(gift_applies)
    )
    fees = _assess_fees(snapshot, amount, mode, arrival, entry)
    obligations = entry_notes + _assess_obligations(snapshot, origin_code, mode, arrival, flags, entry)

    statements = [de_minimis] + ([gift] if gift else []) + [entry_statement]
    statements += [fee.statement for fee in fees] + list(obligations)
    used = {rule.id: rule for statement in statements for rule in statement.rules}
    if any(rule.confidence == "MEDIUM" for rule in used.values()):
        cautions.append(VERIFY_WITH_CBP)
    if any(fee.stale for fee in fees):
        cautions.append(
            "Fee figures for this date's fiscal year are not in our data yet; I used the latest known ones."
        )
    return ShipmentAssessment(
        on=arrival,
        date_assumed=assumed,
        value_usd=amount,
        origin=origin_code,
        mode=mode,
        goods_flags=flags,
        is_gift=bool(is_gift),
        de_minimis_applies=de_minimis_applies,
        de_minimis_reason=reason,
        de_minimis=de_minimis,
        gift_applies=gift_applies,
        gift=gift,
        entry=entry,
        entry_statement=entry_statement,
        fees=tuple(fees),
        obligations=tuple(obligations),
        cautions=tuple(cautions),
        data_as_of=snapshot.data_as_of,
        statements=tuple(statements),
    )


def _assess_de_minimis(
    snapshot: Snapshot, amount: Decimal, origin: str, mode: str, on: dt.date, flags: frozenset[str]
) -> tuple[bool, str, Statement]:
    if mode == "traveller":
        personal = snapshot.rules_in_force("personal_exemption", "US", on, mode="traveller")
        text = (
            "Goods carried by a traveller are not a de minimis shipment: the traveller's personal "
            "exemptions apply instead."
        )
        return False, "traveller", Statement("de_minimis", text, tuple(personal))
    rule = snapshot.rule_in_force("de_minimis", "US", on, origin=origin, mode=mode)
    if rule is None:
        return False, "no_rule", Statement("de_minimis", f"Our data has no de minimis rule for {day(on)}.")
    where = country_name(origin)
    if rule.status == "unverified":
        text = f"I can't state the de minimis value for {day(on)} with confidence. {rule.summary}"
        return False, "unverified", Statement("de_minimis", text, (rule,))
    if rule.status == "repealed":
        text = f"On {day(on)} there is no de minimis: the $800 provision is repealed from {day(rule.effective_from)}."
        return False, "repealed", Statement("de_minimis", text, (rule,))
    if rule.status == "suspended":
        targeted = bool(rule.scope.origins) and "*" not in rule.scope.origins
        since = day(rule.effective_from) if rule.effective_from else "an earlier date"
        who = f"goods from {where}" if targeted else "shipments from every country"
        text = f"On {day(on)} de minimis is suspended for {who} (since {since}): duties are due whatever the value."
        return False, "suspended_origin" if targeted else "suspended", Statement("de_minimis", text, (rule,))
    limit = rule.value_number
    allowance = snapshot.rule_in_force("excluded_goods_allowance", "US", on, variant="de_minimis")
    excluded = _excluded_goods(rule, flags, amount, allowance)
    used = (rule,) + ((allowance,) if allowance and flags & {"alcohol", "perfume_alcohol", "tobacco"} else ())
    if excluded:
        text = (
            f"De minimis ({rule_value(rule)} on {day(on)}) does not cover these goods "
            f"({', '.join(sorted(excluded)).replace('_', ' ')}): they need an entry and pay duty."
        )
        return False, "excluded_goods", Statement("de_minimis", text, used)
    if amount <= limit:
        text = (
            f"Worth {money(amount)}, the shipment is within the {rule_value(rule)} de minimis limit in force on "
            f"{day(on)}: it can enter free of duty and tax (one person, one day; no splitting of orders)."
        )
        return True, "within_limit", Statement("de_minimis", text, used)
    text = (
        f"Worth {money(amount)}, the shipment is over the {rule_value(rule)} de minimis limit in force on {day(on)}: "
        "duties are due."
    )
    return False, "over_limit", Statement("de_minimis", text, used)


def _assess_gift(
    snapshot: Snapshot, amount: Decimal, sender: str, on: dt.date, flags: frozenset[str]
) -> tuple[bool, Statement]:
    rule = snapshot.rule_in_force("gift_exemption", "US", on, sender=sender)
    if rule is None:
        return False, Statement("gift", f"Our data has no gift exemption rule for {day(on)}.")
    allowance = snapshot.rule_in_force("excluded_goods_allowance", "US", on, variant="gift")
    excluded = flags & set(rule.exclusions)
    if allowance is not None and allowance.value_number is not None and amount <= allowance.value_number:
        excluded -= {"perfume_alcohol"}
    used = (rule,) + ((allowance,) if allowance and "perfume_alcohol" in flags else ())
    if excluded:
        text = (
            f"The gift exemption does not cover {', '.join(sorted(excluded)).replace('_', ' ')}, so this gift "
            "is dutiable."
        )
        return False, Statement("gift", text, used)
    if amount <= rule.value_number:
        text = (
            f"As a bona fide gift worth {money(amount)}, it is within the {rule_value(rule)} gift exemption "
            f"(gifts received by one person on one day) and enters free of duty."
        )
        return True, Statement("gift", text, used)
    text = f"The gift is worth {money(amount)}, over the {rule_value(rule)} gift exemption, so duty is due."
    return False, Statement("gift", text, used)


def _assess_entry(
    snapshot: Snapshot,
    amount: Decimal,
    mode: str,
    on: dt.date,
    flags: frozenset[str],
    de_minimis_applies: bool,
    gift_applies: bool,
) -> tuple[str, Statement, list[Statement]]:
    notes: list[Statement] = []
    if de_minimis_applies:
        type86 = snapshot.rule_in_force("entry_type", "US", on, variant="86")
        text = "It is released under Section 321 (informal, no duty)"
        if type86:
            text += ", for example through an ACE type 86 entry filed by a broker"
        return "section_321", Statement("entry", text + ".", (type86,) if type86 else ()), notes
    if gift_applies:
        return "gift", Statement("entry", "As a duty-free gift, it needs no formal entry."), notes
    if mode == "traveller":
        return "traveller", Statement("entry", "Declare the goods to CBP when you arrive."), notes
    limit = snapshot.rule_in_force("informal_entry_limit", "US", on)
    if limit is None:
        text = f"Our data has no informal entry limit for {day(on)}; ask a licensed customs broker."
        return "unknown", Statement("entry", text), notes
    used: tuple[Rule, ...] = (limit,)
    formal_reason = None
    if amount > limit.value_number:
        formal_reason = f"it is worth more than the {rule_value(limit)} informal entry limit"
    elif flags & set(limit.exclusions):
        formal_reason = "these goods were excluded from informal entry on that date"
    else:
        ch99 = snapshot.rule_in_force("informal_entry_exception", "US", on, variant="htsus_ch99")
        if ch99 and "htsus_ch99" in flags and amount > ch99.value_number:
            formal_reason = f"goods in HTSUS chapter 99 (subchapters III/IV) worth over {rule_value(ch99)} need it"
            used += (ch99,)
    if formal_reason:
        type01 = snapshot.rule_in_force("entry_type", "US", on, variant="01")
        text = f"It needs a formal entry (type 01) because {formal_reason}; formal entries need a customs bond."
        return "formal", Statement("entry", text, used + ((type01,) if type01 else ())), notes
    type11 = snapshot.rule_in_force("entry_type", "US", on, variant="11")
    text = f"It can use an informal entry (type 11): it is within the {rule_value(limit)} informal entry limit."
    used += (type11,) if type11 else ()
    if mode == "postal":
        postal = snapshot.rule_in_force("postal_informal_entry", "US", on)
        if postal:
            text = f"It goes through CBP's postal informal entry process for mail worth up to {rule_value(postal)}."
            used = (limit, postal)
    may_require = snapshot.rule_in_force("entry_rule", "US", on, variant="cbp_may_require_formal")
    if may_require:
        text += " CBP may still require a formal entry."
        used += (may_require,)
    paper = snapshot.rule_in_force("entry_rule", "US", on, variant="no_paper_informal")
    if paper:
        notes.append(
            Statement("entry", "Paper informal entries are not accepted for these goods: file in ACE.", (paper,))
        )
    return "informal", Statement("entry", text, used), notes


def _fee_rule(snapshot: Snapshot, kind: str, variant: str, on: dt.date) -> tuple[Rule | None, bool]:
    rule = snapshot.rule_in_force(kind, "US", on, variant=variant)
    if rule is not None:
        return rule, False
    return snapshot.latest_before(kind, "US", on, variant=variant), True


def _assess_fees(snapshot: Snapshot, amount: Decimal, mode: str, on: dt.date, entry: str) -> list[FeeEstimate]:
    fees: list[FeeEstimate] = []
    if entry == "formal":
        rate = snapshot.rule_in_force("mpf", "US", on, variant="formal_rate")
        minimum, stale_min = _fee_rule(snapshot, "mpf", "formal_min", on)
        maximum, stale_max = _fee_rule(snapshot, "mpf", "formal_max", on)
        if rate and minimum and maximum:
            raw = _pct(amount, rate)
            fee = min(max(raw, minimum.value_number), maximum.value_number)
            bound = (
                " (the minimum)"
                if fee == minimum.value_number
                else " (the maximum)"
                if fee == maximum.value_number
                else ""
            )
            text = (
                f"Merchandise processing fee: about {money(fee)}{bound}: {rule_value(rate)} of the value, "
                f"at least {rule_value(minimum)} and at most {rule_value(maximum)}."
            )
            fees.append(
                FeeEstimate("mpf", fee, Statement("fee", text, (rate, minimum, maximum)), stale_min or stale_max)
            )
    elif entry == "informal":
        variant = "mail" if mode == "postal" else "informal"
        flat, stale = _fee_rule(snapshot, "mpf", variant, on)
        if flat:
            label = "Dutiable mail fee" if variant == "mail" else "Merchandise processing fee (informal, automated)"
            text = f"{label}: {rule_value(flat)}."
            fees.append(FeeEstimate("mpf", flat.value_number, Statement("fee", text, (flat,)), stale))
    if mode == "ocean" and entry in ("formal", "informal"):
        hmf = snapshot.rule_in_force("hmf", "US", on, mode="ocean")
        if hmf:
            fee = _pct(amount, hmf)
            text = f"Harbor maintenance fee (ocean only): about {money(fee)} ({rule_value(hmf)} of the value)."
            fees.append(FeeEstimate("hmf", fee, Statement("fee", text, (hmf,))))
    return fees


def _assess_obligations(
    snapshot: Snapshot, origin: str, mode: str, on: dt.date, flags: frozenset[str], entry: str
) -> list[Statement]:
    notes: list[Statement] = []

    def rule(kind: str, variant: str | None = None, mode_: str | None = None) -> Rule | None:
        found = snapshot.rules_in_force(kind, "US", on, variant=variant, mode=mode_)
        return found[0] if found else None

    if mode == "ocean":
        deadline, damages = rule("isf", "deadline"), rule("isf", "liquidated_damages")
        if deadline:
            text = f"Importer Security Filing (ISF, '10+2') is due {rule_value(deadline)} before loading abroad"
            text += f"; late or wrong filings risk {rule_value(damages)} in damages." if damages else "."
            notes.append(Statement("isf", text, tuple(r for r in (deadline, damages) if r)))
    if "food" in flags:
        notice = snapshot.rules_in_force("fda_prior_notice", "US", on, mode=mode)
        notice = [r for r in notice if r.variant != "max_advance"]
        if notice:
            when = rule_value(notice[0])
            text = (
                f"Food needs FDA prior notice: {when} before arrival."
                if notice[0].value_number is not None
                else f"Food needs FDA prior notice: {notice[0].summary}"
            )
            notes.append(Statement("fda_prior_notice", text, (notice[0],)))
    if "consumer_product" in flags:
        cpsc = rule("cpsc_efiling")
        if cpsc:
            notes.append(
                Statement(
                    "cpsc",
                    "Consumer products regulated by the CPSC need their certificate data e-filed at entry.",
                    (cpsc,),
                )
            )
    if mode == "postal" and entry not in ("section_321", "gift"):
        methods = snapshot.rules_in_force("postal_duty", "US", on, origin=origin, mode="postal")
        if methods:
            described = "; ".join(f"{r.variant.replace('_', ' ')}: {rule_value(r) or r.summary}" for r in methods)
            notes.append(Statement("postal_duty", f"Postal duty method(s) on that date: {described}.", tuple(methods)))
    if entry == "formal":
        bond = rule("bond", "continuous_min")
        if bond:
            text = f"A customs bond is needed; a continuous bond is at least {rule_value(bond)}."
            notes.append(Statement("bond", text, (bond,)))
    elif entry == "informal":
        bond = rule("bond", "informal_entry_bond")
        if bond:
            notes.append(Statement("bond", "CBP may require a customs bond even for this informal entry.", (bond,)))
    if "xinjiang" in flags or origin == "CN":
        uflpa = rule("import_prohibition", "uflpa")
        if uflpa:
            text = (
                "Goods made wholly or partly in Xinjiang, or by companies on the UFLPA Entity List, are presumed "
                "made with forced labour and refused entry."
            )
            notes.append(Statement("forced_labor", text, (uflpa,)))
    marking = rule("marking", "additional_duty")
    if marking:
        text = (
            "Each item must be marked with its country of origin in English; unmarked goods owe an extra "
            f"{rule_value(marking)} duty."
        )
        notes.append(Statement("marking", text, (marking,)))
    return notes
