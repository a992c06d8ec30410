"""The shipment assessment engine: what CBP requires of one shipment on one date, with the rules.

Every statement in an assessment names the rules it comes from; the engine holds no legal figure
itself. Invalid input raises ShipmentRefused with a reason a person can act on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pycountry

from bot.thresholds.schema import GOODS_FLAGS, MODES, Rule
from bot.thresholds.store import Snapshot

EARLIEST_DATE = dt.date(1938, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
MAX_VALUE_USD = Decimal("10000000000")
CENT = Decimal("0.01")


class ShipmentRefused(ValueError):
    """The shipment cannot be assessed as given; `field` names the input, `reason` says why."""

    def __init__(self, field: str, code: str, reason: str):
        self.field = field
        self.code = code
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Statement:
    """One finding of the assessment: a reason code, its figures and the rules it rests on.

    The engine writes no English: `bot.answers` renders each code from its templates.
    """

    topic: str
    code: str
    figures: dict = field(default_factory=dict, hash=False, compare=False)
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
    cautions: tuple[Statement, ...]
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
        return self.de_minimis_applies or bool(self.gift_applies) or self.entry == "domestic"


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
            "mode",
            "unknown_mode",
            "Please say how it is shipped: mail, express courier, air cargo, ocean, truck or rail.",
        )
    arrival, assumed = check_date(on, today)
    flags = check_flags(goods_flags)
    sender = check_country(gift_sender_territory, "gift_sender_territory") if gift_sender_territory else origin_code

    cautions: list[Statement] = []
    if assumed:
        cautions.append(Statement("caution", "caution.date_assumed", {"on": arrival}))
    if arrival > today and arrival > snapshot.data_as_of:
        cautions.append(Statement("caution", "caution.future_date", {"on": arrival, "as_of": snapshot.data_as_of}))

    territory = snapshot.rule_in_force("customs_territory", "US", arrival, origin=origin_code)
    if territory is not None or origin_code == "US":
        return _domestic(
            snapshot, amount, origin_code, mode, arrival, assumed, flags, bool(is_gift), territory, cautions
        )
    de_minimis_applies, reason, de_minimis = _assess_de_minimis(snapshot, amount, origin_code, mode, arrival, flags)
    gift_applies: bool | None = None
    gift: Statement | None = None
    if is_gift:
        gift_applies, gift = _assess_gift(snapshot, amount, sender, arrival, flags)

    entry, entry_statement, entry_notes = _assess_entry(
        snapshot, amount, mode, arrival, flags, de_minimis_applies, bool(gift_applies), origin=origin_code
    )
    if de_minimis.code == "dm.within_carve_out":
        # How such goods were entered during the suspension is not in the data: no Section 321 claim.
        entry_statement = Statement("entry", "entry.carve_out", {}, ())
    fees = _assess_fees(snapshot, amount, mode, arrival, entry)
    postal_process = entry_statement.code in ("entry.postal", "entry.postal_carrier")
    obligations = entry_notes + _assess_obligations(
        snapshot, origin_code, mode, arrival, flags, entry, postal_process=postal_process
    )
    outside = snapshot.rule_in_force("customs_territory_outside", "US", arrival, origin=origin_code)
    if outside is not None:
        obligations.insert(0, Statement("territory", "territory.outside", {"origin": origin_code}, (outside,)))

    statements = [de_minimis] + ([gift] if gift else []) + [entry_statement]
    statements += [fee.statement for fee in fees] + list(obligations)
    used = {rule.id: rule for statement in statements for rule in statement.rules}
    if any(rule.confidence == "LOW" for rule in used.values()):
        cautions.append(Statement("caution", "caution.verify_low"))
    elif any(rule.confidence != "HIGH" for rule in used.values()):
        cautions.append(Statement("caution", "caution.verify"))
    if any(fee.stale for fee in fees):
        cautions.append(Statement("caution", "caution.stale_fees"))
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


def _domestic(
    snapshot: Snapshot,
    amount: Decimal,
    origin: str,
    mode: str,
    on: dt.date,
    assumed: bool,
    flags: frozenset[str],
    is_gift: bool,
    territory: Rule | None,
    cautions: list[Statement],
) -> ShipmentAssessment:
    """Goods sent from inside the US customs territory (Puerto Rico, say) are not imported at all."""
    statement = Statement("de_minimis", "territory.domestic", {"origin": origin}, (territory,) if territory else ())
    entry = Statement("entry", "entry.none_domestic", {"origin": origin})
    return ShipmentAssessment(
        on=on,
        date_assumed=assumed,
        value_usd=amount,
        origin=origin,
        mode=mode,
        goods_flags=flags,
        is_gift=is_gift,
        de_minimis_applies=False,
        de_minimis_reason="domestic",
        de_minimis=statement,
        gift_applies=None,
        gift=None,
        entry="domestic",
        entry_statement=entry,
        fees=(),
        obligations=(),
        cautions=tuple(cautions),
        data_as_of=snapshot.data_as_of,
        statements=(statement, entry),
    )


def _earlier_china_start(snapshot: Snapshot, on: dt.date, mode: str | None, since: dt.date | None) -> dt.date | None:
    """When goods from China were suspended earlier than everyone's `since`: that earlier start, else None."""
    cn = snapshot.rule_in_force("de_minimis", "US", on, origin="CN", mode=mode)
    if cn is None or cn.status != "suspended":
        return None
    cn_since = suspension_start(snapshot, cn, "CN", mode)
    return cn_since if cn_since and since and cn_since < since else None


def suspension_start(snapshot: Snapshot, rule: Rule, origin: str | None, mode: str | None) -> dt.date | None:
    """The first day of the unbroken run of suspended rules that `rule` belongs to.

    The suspension was re-based on new legal acts without a gap; users must hear when it began.
    """
    start = rule.effective_from
    origin = origin or next((code for code in rule.scope.origins if code != "*"), None) or "DE"
    while start is not None:
        before = snapshot.rule_in_force("de_minimis", "US", start - dt.timedelta(days=1), origin=origin, mode=mode)
        if before is None or before.status != "suspended" or before.effective_from is None:
            break
        start = before.effective_from
    return start


def limit_before(snapshot: Snapshot, since: dt.date | None, origin: str | None, mode: str | None) -> Decimal | None:
    """The de minimis limit in force the day before a suspension began."""
    if since is None:
        return None
    rule = snapshot.rule_in_force("de_minimis", "US", since - dt.timedelta(days=1), origin=origin or "DE", mode=mode)
    return rule.value_number if rule is not None else None


def _assess_de_minimis(
    snapshot: Snapshot, amount: Decimal, origin: str, mode: str, on: dt.date, flags: frozenset[str]
) -> tuple[bool, str, Statement]:
    if mode == "traveller":
        personal = snapshot.rules_in_force("personal_exemption", "US", on, mode="traveller")
        return False, "traveller", Statement("de_minimis", "dm.traveller", {}, tuple(personal))
    rule = snapshot.rule_in_force("de_minimis", "US", on, origin=origin, mode=mode)
    if rule is None:
        return False, "no_rule", Statement("de_minimis", "dm.no_rule", {"on": on})
    base = {"on": on, "origin": origin}
    if rule.status == "unverified":
        return False, "unverified", Statement("de_minimis", "dm.unverified", base, (rule,))
    if rule.status == "repealed":
        return (
            False,
            "repealed",
            Statement("de_minimis", "dm.repealed", {**base, "since": rule.effective_from}, (rule,)),
        )
    if rule.status == "suspended" and flags & set(rule.exclusions):
        carved = _carve_out(snapshot, rule, amount, origin, mode, on, flags)
        if carved is not None:
            return carved
    if rule.status == "suspended":
        targeted = bool(rule.scope.origins) and "*" not in rule.scope.origins
        since = suspension_start(snapshot, rule, origin, mode)
        figures = {
            **base,
            "since": since,
            "targeted": targeted,
            "old_limit": limit_before(snapshot, since, origin, mode),
        }
        code = "dm.suspended_origin" if targeted else "dm.suspended"
        if not targeted:
            general_since = suspension_start(snapshot, rule, "DE", mode)
            if since and general_since and since < general_since:
                code = "dm.suspended_early"
                figures["all_since"] = general_since
            else:
                figures["cn_since"] = _earlier_china_start(snapshot, on, mode, since)
        return False, "suspended_origin" if targeted else "suspended", Statement("de_minimis", code, figures, (rule,))
    limit = rule.value_number
    allowance = snapshot.rule_in_force("excluded_goods_allowance", "US", on, variant="de_minimis")
    excluded = _excluded_goods(rule, flags, amount, allowance)
    used = (rule,) + ((allowance,) if allowance and flags & {"alcohol", "perfume_alcohol", "tobacco"} else ())
    # Exclusions with their own dates (e.g. goods other agencies regulate, until Type 86 began).
    dated = [
        extra
        for extra in snapshot.rules_in_force("de_minimis_exclusion", "US", on, origin=origin, mode=mode)
        if extra.variant in flags
    ]
    used += tuple(dated)
    figures = {**base, "value": amount, "limit": limit, "since": rule.effective_from}
    if excluded:
        figures["goods"] = sorted(excluded)
        return False, "excluded_goods", Statement("de_minimis", "dm.excluded_goods", figures, used)
    if dated:  # left out then, not "never": its own reason, so no answer says they never qualified
        figures["goods"] = sorted(extra.variant for extra in dated)
        return False, "excluded_goods_then", Statement("de_minimis", "dm.excluded_goods_then", figures, used)
    if amount <= limit:
        return True, "within_limit", Statement("de_minimis", "dm.within", figures, used)
    return False, "over_limit", Statement("de_minimis", "dm.over", figures, used)


def _carve_out(
    snapshot: Snapshot,
    suspension: Rule,
    amount: Decimal,
    origin: str,
    mode: str,
    on: dt.date,
    flags: frozenset[str],
) -> tuple[bool, str, Statement] | None:
    """Goods a suspension does not cover (its `exclusions`): what the carve-out rule in force gives them.

    Only when every goods flag is covered (by the suspension's exclusions, or is one the carve-out
    itself excludes): books with toys are not a shipment of books. None: the suspension applies.
    """
    carve = snapshot.rule_in_force("de_minimis_carve_out", "US", on, origin=origin, mode=mode)
    if carve is None or not flags <= set(suspension.exclusions) | set(carve.exclusions):
        return None
    base = {"on": on, "origin": origin, "goods": sorted(flags & set(suspension.exclusions))}
    used = (carve, suspension)
    if carve.status != "available" or carve.value_number is None:
        figures = {**base, "since": carve.effective_from}
        return False, "carve_out_unverified", Statement("de_minimis", "dm.carve_out_unverified", figures, used)
    allowance = snapshot.rule_in_force("excluded_goods_allowance", "US", on, variant="de_minimis")
    excluded = _excluded_goods(carve, flags, amount, allowance)
    figures = {**base, "value": amount, "limit": carve.value_number, "since": carve.effective_from}
    if excluded:
        figures["goods"] = sorted(excluded)
        return False, "excluded_goods", Statement("de_minimis", "dm.excluded_goods", figures, used)
    if amount <= carve.value_number:
        return True, "within_limit", Statement("de_minimis", "dm.within_carve_out", figures, used)
    return False, "over_limit", Statement("de_minimis", "dm.over", figures, used)


def _assess_gift(
    snapshot: Snapshot, amount: Decimal, sender: str, on: dt.date, flags: frozenset[str]
) -> tuple[bool, Statement]:
    territory = snapshot.rule_in_force("customs_territory", "US", on, sender=sender)
    if territory is not None:
        return True, Statement("gift", "gift.domestic", {"sender": sender}, (territory,))
    rule = snapshot.rule_in_force("gift_exemption", "US", on, sender=sender)
    if rule is None:
        return False, Statement("gift", "gift.no_rule", {"on": on})
    allowance = snapshot.rule_in_force("excluded_goods_allowance", "US", on, variant="gift")
    excluded = flags & set(rule.exclusions)
    if allowance is not None and allowance.value_number is not None and amount <= allowance.value_number:
        excluded -= {"perfume_alcohol"}
    used = (rule,) + ((allowance,) if allowance and "perfume_alcohol" in flags else ())
    figures = {"value": amount, "limit": rule.value_number, "sender": sender}
    if excluded:
        return False, Statement("gift", "gift.excluded", {**figures, "goods": sorted(excluded)}, used)
    if amount <= rule.value_number:
        return True, Statement("gift", "gift.within", figures, used)
    return False, Statement("gift", "gift.over", figures, used)


def _assess_entry(
    snapshot: Snapshot,
    amount: Decimal,
    mode: str,
    on: dt.date,
    flags: frozenset[str],
    de_minimis_applies: bool,
    gift_applies: bool,
    origin: str | None = None,
) -> tuple[str, Statement, list[Statement]]:
    notes: list[Statement] = []
    if de_minimis_applies:
        type86 = snapshot.rule_in_force("entry_type", "US", on, variant="86")
        return (
            "section_321",
            Statement("entry", "entry.section_321", {"type86": bool(type86)}, (type86,) if type86 else ()),
            notes,
        )
    if gift_applies:
        return "gift", Statement("entry", "entry.gift"), notes
    if mode == "traveller":
        return "traveller", Statement("entry", "entry.traveller"), notes
    limit = snapshot.rule_in_force("informal_entry_limit", "US", on)
    if limit is None:
        return "unknown", Statement("entry", "entry.unknown", {"on": on}), notes
    used: tuple[Rule, ...] = (limit,)
    figures: dict = {"limit": limit.value_number, "value": amount}
    formal_reason = None
    if amount > limit.value_number:
        formal_reason = "over_limit"
    elif flags & set(limit.exclusions):
        formal_reason = "excluded_goods"
    else:
        ch99 = snapshot.rule_in_force("informal_entry_exception", "US", on, variant="htsus_ch99")
        over_ch99 = bool(ch99) and "htsus_ch99" in flags and amount > ch99.value_number
        if over_ch99 and ch99.status == "suspended":
            figures_ch99 = {"ch99_limit": ch99.value_number, "since": ch99.effective_from}
            notes.append(Statement("entry", "entry.ch99_suspended", figures_ch99, (ch99,)))
        elif over_ch99:
            formal_reason = "ch99"
            figures["ch99_limit"] = ch99.value_number
            used += (ch99,)
    if formal_reason:
        type01 = snapshot.rule_in_force("entry_type", "US", on, variant="01")
        figures["reason"] = formal_reason
        code = "entry.formal_ch99" if formal_reason == "ch99" else "entry.formal"
        return "formal", Statement("entry", code, figures, used + ((type01,) if type01 else ())), notes
    type11 = snapshot.rule_in_force("entry_type", "US", on, variant="11")
    code = "entry.informal"
    used += (type11,) if type11 else ()
    if mode == "postal":
        # Mail: the addressee files no type 11 entry; say how the duty is collected on that date.
        code, used = _postal_entry(snapshot, amount, on, flags, origin, limit, figures)
    may_require = snapshot.rule_in_force("entry_rule", "US", on, variant="cbp_may_require_formal")
    if may_require:
        figures["cbp_may_require_formal"] = True
        used += (may_require,)
    paper = snapshot.rule_in_force("entry_rule", "US", on, variant="no_paper_informal")
    if paper and mode != "postal":
        notes.append(Statement("entry", "entry.no_paper", {}, (paper,)))
    return "informal", Statement("entry", code, figures, used), notes


def _postal_entry(
    snapshot: Snapshot,
    amount: Decimal,
    on: dt.date,
    flags: frozenset[str],
    origin: str | None,
    limit: Rule,
    figures: dict,
) -> tuple[str, tuple[Rule, ...]]:
    """The entry statement for mail within the informal limit: never a type 11 the addressee files.

    The postal informal entry (from 24 July 2026) or, before it, the carrier collecting the duty on
    mail worth up to the old de minimis; goods those processes leave out need a regular entry; for
    other mail the data says nothing, so the reply only points to the carrier.
    """
    postal = snapshot.rule_in_force("postal_informal_entry", "US", on)
    if postal is not None and flags & set(postal.exclusions):
        figures["goods"] = sorted(flags & set(postal.exclusions))
        return "entry.postal_regular", (postal,)
    if postal is not None and amount <= postal.value_number:
        figures["limit"] = postal.value_number
        filer = snapshot.rule_in_force("postal_informal_entry_filer", "US", on)
        return "entry.postal", (limit, postal) + ((filer,) if filer else ())
    collection = snapshot.rule_in_force("postal_duty_collection", "US", on, origin=origin, mode="postal")
    if collection is not None and amount <= collection.value_number:
        if flags & set(collection.exclusions):
            figures["goods"] = sorted(flags & set(collection.exclusions))
            return "entry.postal_regular", (collection,)
        figures["limit"] = collection.value_number
        return "entry.postal_carrier", (collection,)
    return "entry.postal_other", ()


def _fee_rule(snapshot: Snapshot, kind: str, variant: str, on: dt.date) -> tuple[Rule | None, bool]:
    rule = snapshot.rule_in_force(kind, "US", on, variant=variant)
    if rule is not None:
        return rule, False
    return snapshot.latest_before(kind, "US", on, variant=variant), True


def formal_mpf(snapshot: Snapshot, amount: Decimal, on: dt.date) -> FeeEstimate | None:
    """The formal-entry MPF on a value: the rate within the fiscal year's minimum and maximum."""
    rate = snapshot.rule_in_force("mpf", "US", on, variant="formal_rate")
    minimum, stale_min = _fee_rule(snapshot, "mpf", "formal_min", on)
    maximum, stale_max = _fee_rule(snapshot, "mpf", "formal_max", on)
    if not (rate and minimum and maximum):
        return None
    raw = _pct(amount, rate)
    fee = min(max(raw, minimum.value_number), maximum.value_number)
    bound = (
        "min"
        if fee == minimum.value_number and raw < fee
        else "max"
        if fee == maximum.value_number and raw > fee
        else None
    )
    figures = {
        "value": amount,
        "rate": rate.value_number,
        "raw": raw,
        "fee": fee,
        "min": minimum.value_number,
        "max": maximum.value_number,
        "bound": bound,
    }
    statement = Statement("fee", "fee.mpf_formal", figures, (rate, minimum, maximum))
    return FeeEstimate("mpf", fee, statement, stale_min or stale_max)


def flat_mpf(snapshot: Snapshot, mode: str, on: dt.date) -> FeeEstimate | None:
    """The flat fee of an informal entry (automated) or of a dutiable mail item."""
    variant = "mail" if mode == "postal" else "informal"
    flat, stale = _fee_rule(snapshot, "mpf", variant, on)
    if not flat:
        return None
    code = "fee.mail" if variant == "mail" else "fee.mpf_informal"
    return FeeEstimate("mpf", flat.value_number, Statement("fee", code, {"fee": flat.value_number}, (flat,)), stale)


def harbor_fee(snapshot: Snapshot, amount: Decimal, on: dt.date) -> FeeEstimate | None:
    hmf = snapshot.rule_in_force("hmf", "US", on, mode="ocean")
    if not hmf:
        return None
    fee = _pct(amount, hmf)
    figures = {"value": amount, "rate": hmf.value_number, "fee": fee}
    return FeeEstimate("hmf", fee, Statement("fee", "fee.hmf", figures, (hmf,)))


def _assess_fees(snapshot: Snapshot, amount: Decimal, mode: str, on: dt.date, entry: str) -> list[FeeEstimate]:
    fees: list[FeeEstimate | None] = []
    if entry == "formal":
        fees.append(formal_mpf(snapshot, amount, on))
    elif entry == "informal":
        fees.append(flat_mpf(snapshot, mode, on))
    if mode == "ocean" and entry in ("formal", "informal"):
        fees.append(harbor_fee(snapshot, amount, on))
    return [fee for fee in fees if fee is not None]


def _assess_obligations(
    snapshot: Snapshot,
    origin: str,
    mode: str,
    on: dt.date,
    flags: frozenset[str],
    entry: str,
    postal_process: bool = True,
) -> list[Statement]:
    notes: list[Statement] = []

    def rule(kind: str, variant: str | None = None, mode_: str | None = None) -> Rule | None:
        found = snapshot.rules_in_force(kind, "US", on, variant=variant, mode=mode_)
        return found[0] if found else None

    if mode == "ocean":
        deadline, damages = rule("isf", "deadline"), rule("isf", "liquidated_damages")
        if deadline:
            figures = {
                "deadline": deadline.value_number,
                "unit": deadline.unit,
                "damages": damages.value_number if damages else None,
            }
            notes.append(Statement("isf", "isf.required", figures, tuple(r for r in (deadline, damages) if r)))
    if "food" in flags:
        notice = [
            r for r in snapshot.rules_in_force("fda_prior_notice", "US", on, mode=mode) if r.variant != "max_advance"
        ]
        if notice:
            figures = {"lead": notice[0].value_number, "unit": notice[0].unit, "mode": mode}
            # Mail has no lead time in hours: the notice is due before the parcel is sent.
            code = "fda.prior_notice" if notice[0].value_number is not None else f"fda.prior_notice_{notice[0].variant}"
            notes.append(Statement("fda_prior_notice", code, figures, (notice[0],)))
    if "consumer_product" in flags:
        cpsc = rule("cpsc_efiling")
        if cpsc:
            notes.append(Statement("cpsc", "cpsc.efiling", {}, (cpsc,)))
    if mode == "postal" and entry not in ("section_321", "gift") and postal_process:
        methods = snapshot.rules_in_force("postal_duty", "US", on, origin=origin, mode="postal")
        if methods:
            notes.append(Statement("postal_duty", "postal.duty_methods", {"rules": methods}, tuple(methods)))
    if entry == "formal":
        bond = rule("bond", "continuous_min")
        if bond:
            notes.append(Statement("bond", "bond.formal", {"continuous_min": bond.value_number}, (bond,)))
    elif entry == "informal" and mode != "postal":
        bond = rule("bond", "informal_entry_bond")
        if bond:
            notes.append(Statement("bond", "bond.informal_may", {}, (bond,)))
    if "xinjiang" in flags or origin == "CN":
        uflpa = rule("import_prohibition", "uflpa")
        if uflpa:
            notes.append(Statement("forced_labor", "uflpa.presumption", {}, (uflpa,)))
    marking = rule("marking", "additional_duty")
    if marking:
        notes.append(Statement("marking", "marking.required", {"rate": marking.value_number}, (marking,)))
    return notes
