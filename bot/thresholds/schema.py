"""The rule record and its validation: what a rule in `data/thresholds/*.yaml` must hold.

Validation collects every problem with the file and rule id it belongs to, so that a staff member
fixing a data file sees all mistakes at once and the loader can refuse the whole data set.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import pycountry

from bot import vocabulary
from bot.thresholds.citations import OfficialLink, is_official, official_links_of

#: LOW rules (one unconfirmed or disputed source) are loaded and shown as low confidence; facts
#: marked UNCONFIRMED in the research are never loaded.
CONFIDENCE_LEVELS = ("HIGH", "MEDIUM", "LOW")
STATUSES = ("available", "suspended", "repealed", "unverified")
UNITS = ("percent", "hours", "days", "code", "text")
#: The transport modes and goods flags are one vocabulary with the NLU's: data/lexicon/transport_modes.yml
#: and data/lexicon/goods.yml (read by bot.vocabulary, which imports no Rasa).
MODES = vocabulary.transport_modes()
SHIPMENT_MODES = vocabulary.shipment_modes()
GOODS_FLAGS = vocabulary.goods_flag_names()
#: Jurisdictions that are not countries but have their own customs rules.
EXTRA_JURISDICTIONS = ("EU",)
SCOPE_KEYS = ("origins", "origins_except", "modes", "sender_territories", "sender_territories_except")
RULE_KEYS = {
    "id",
    "jurisdiction",
    "kind",
    "variant",
    "status",
    "value",
    "currency",
    "unit",
    "effective_from",
    "effective_to",
    "scope",
    "exclusions",
    "summary",
    "summary_es",
    "citation",
    "source_url",
    "official_links",
    "confidence",
    "last_verified",
}
REQUIRED_KEYS = ("id", "jurisdiction", "kind", "summary", "citation", "source_url", "confidence", "last_verified")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
ANY = "*"


@dataclass(frozen=True)
class Scope:
    """Where a rule applies. An empty tuple means "any"."""

    origins: tuple[str, ...] = ()
    origins_except: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    sender_territories: tuple[str, ...] = ()
    sender_territories_except: tuple[str, ...] = ()

    def covers_origin(self, origin: str | None) -> bool:
        return _covers(self.origins, self.origins_except, origin)

    def covers_mode(self, mode: str | None) -> bool:
        return _covers(self.modes, (), mode)

    def covers_sender(self, territory: str | None) -> bool:
        return _covers(self.sender_territories, self.sender_territories_except, territory)

    def intersects(self, other: Scope) -> bool:
        """True when some origin, mode and sender territory is covered by both scopes."""
        return (
            _sets_intersect(self.origins, self.origins_except, other.origins, other.origins_except)
            and _sets_intersect(self.modes, (), other.modes, ())
            and _sets_intersect(
                self.sender_territories,
                self.sender_territories_except,
                other.sender_territories,
                other.sender_territories_except,
            )
        )

    def as_dict(self) -> dict[str, list[str]]:
        return {key: list(getattr(self, key)) for key in SCOPE_KEYS if getattr(self, key)}


def _covers(included: tuple[str, ...], excluded: tuple[str, ...], item: str | None) -> bool:
    """Whether a scope dimension covers an item; None (not asked about) is covered by any scope."""
    if item is None:
        return True
    if not included or ANY in included:
        return item not in excluded
    return item in included


def _sets_intersect(
    inc_a: tuple[str, ...], exc_a: tuple[str, ...], inc_b: tuple[str, ...], exc_b: tuple[str, ...]
) -> bool:
    a_any = not inc_a or ANY in inc_a
    b_any = not inc_b or ANY in inc_b
    if a_any and b_any:
        return True  # the complement of two finite sets is never empty
    if a_any:
        return any(item not in exc_a for item in inc_b)
    if b_any:
        return any(item not in exc_b for item in inc_a)
    return bool(set(inc_a) & set(inc_b))


@dataclass(frozen=True)
class Rule:
    """One dated, cited value: the unit of the rules-as-data approach."""

    id: str
    jurisdiction: str
    kind: str
    summary: str
    citation: str
    source_url: str
    confidence: str
    last_verified: dt.date
    variant: str | None = None
    status: str | None = None
    value_number: Decimal | None = None
    value_text: str | None = None
    currency: str | None = None
    unit: str | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    scope: Scope = field(default_factory=Scope)
    exclusions: tuple[str, ...] = ()
    #: Official links listed in the YAML, for texts a citation cannot be turned into (a cbp.gov page).
    official_links: tuple[OfficialLink, ...] = ()
    #: The summary in Spanish (optional in the YAML): `summary_in("es")` falls back to `summary`.
    summary_es: str | None = None
    source_file: str = ""

    def summary_in(self, language: str) -> str:
        """The summary in a language ("en" or "es"): the Spanish one when given, else the English one."""
        if language == "es" and self.summary_es:
            return self.summary_es
        return self.summary

    def in_force_on(self, day: dt.date) -> bool:
        starts_ok = self.effective_from is None or self.effective_from <= day
        ends_ok = self.effective_to is None or day <= self.effective_to
        return starts_ok and ends_ok

    def overlaps_in_time(self, other: Rule) -> bool:
        start_a = self.effective_from or dt.date.min
        start_b = other.effective_from or dt.date.min
        end_a = self.effective_to or dt.date.max
        end_b = other.effective_to or dt.date.max
        return start_a <= end_b and start_b <= end_a

    @property
    def parameter(self) -> tuple[str, str, str]:
        """Rules sharing this key describe the same legal parameter and must not overlap."""
        return (self.jurisdiction, self.kind, self.variant or "")

    @property
    def official_sources(self) -> tuple[OfficialLink, ...]:
        """The official texts of this rule: derived from its citation, then listed in its YAML (or,
        when neither gives one, its source_url if that is on an official host)."""
        return official_links_of(self.citation, self.official_links, self.source_url)

    @property
    def has_official_source(self) -> bool:
        return any(is_official(link.url) for link in self.official_sources)

    @property
    def secondary_source(self) -> str | None:
        """The source_url when it is not an official text: shown only as "reported by" beside an
        official link, or as the source of a rule below HIGH confidence."""
        return None if is_official(self.source_url) else self.source_url

    @property
    def value(self) -> Decimal | str | None:
        return self.value_number if self.value_number is not None else self.value_text

    def comparable(self) -> dict[str, Any]:
        """The rule as plain data, for change detection, the audit trail and export."""
        return {
            "id": self.id,
            "jurisdiction": self.jurisdiction,
            "kind": self.kind,
            "variant": self.variant,
            "status": self.status,
            "value": _plain_number(self.value_number) if self.value_number is not None else self.value_text,
            "currency": self.currency,
            "unit": self.unit,
            "effective_from": self.effective_from.isoformat() if self.effective_from else None,
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "scope": self.scope.as_dict(),
            "exclusions": list(self.exclusions),
            "summary": self.summary,
            # Only when the YAML gives one, so that rules without it read (and audit) as before.
            **({"summary_es": self.summary_es} if self.summary_es else {}),
            "citation": self.citation,
            "source_url": self.source_url,
            # Only when the YAML lists some, so that rules without them read (and audit) as before.
            **({"official_links": [link.as_dict() for link in self.official_links]} if self.official_links else {}),
            "confidence": self.confidence,
            "last_verified": self.last_verified.isoformat(),
        }


def _plain_number(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() else float(number)


class RuleProblems(Exception):
    """The data set was refused; `problems` lists each one as 'file: rule id: what is wrong'."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _is_country(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code) is not None


def _is_currency(code: str) -> bool:
    return isinstance(code, str) and pycountry.currencies.get(alpha_3=code) is not None


def _as_date(raw: Any) -> dt.date | None:
    """Accept a YAML date or an ISO 'YYYY-MM-DD' string; anything else is a bad date."""
    if isinstance(raw, dt.datetime):
        return None
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            return None
    return None


def parse_rule(raw: Any, source_file: str, position: int) -> tuple[Rule | None, list[str]]:
    """Check one raw YAML mapping and build a Rule; return the problems found instead when any."""
    if not isinstance(raw, dict):
        return None, [f"{source_file}: entry #{position}: a rule must be a mapping of keys to values"]
    rule_id = raw.get("id")
    label = f"{source_file}: {rule_id if isinstance(rule_id, str) and rule_id else f'entry #{position}'}"
    problems: list[str] = []

    def problem(text: str) -> None:
        problems.append(f"{label}: {text}")

    unknown = sorted(set(raw) - RULE_KEYS)
    if unknown:
        problem(f"unknown key(s) {', '.join(unknown)}")
    for key in REQUIRED_KEYS:
        if raw.get(key) in (None, ""):
            problem(f"missing {key}")
    if isinstance(rule_id, str) and rule_id and not ID_PATTERN.match(rule_id):
        problem("id must be lowercase letters, digits and dashes")
    for key in ("kind", "variant", "summary", "summary_es", "citation", "source_url"):
        if raw.get(key) is not None and not isinstance(raw.get(key), str):
            problem(f"{key} must be text")
    summary_es = raw.get("summary_es")
    if isinstance(summary_es, str) and not summary_es.strip():
        problem("summary_es is empty (leave the key out when there is no Spanish summary)")
    url = raw.get("source_url")
    if isinstance(url, str) and url and not re.match(r"^https?://\S+$", url):
        problem(f"source_url is not a web address: {url!r}")
    official_links = _official_links(raw.get("official_links"), problem)

    jurisdiction = raw.get("jurisdiction")
    if jurisdiction is not None and not (
        isinstance(jurisdiction, str) and (jurisdiction in EXTRA_JURISDICTIONS or _is_country(jurisdiction))
    ):
        problem(f"unknown jurisdiction {jurisdiction!r} (use an ISO 3166 alpha-2 code or EU)")

    confidence = raw.get("confidence")
    if confidence is not None and confidence not in CONFIDENCE_LEVELS:
        problem(
            f"confidence must be HIGH, MEDIUM or LOW, not {confidence!r} (UNCONFIRMED facts are not loaded as facts)"
        )
    status = raw.get("status")
    if status is not None and status not in STATUSES:
        problem(f"unknown status {status!r} (one of {', '.join(STATUSES)})")

    value = raw.get("value")
    value_number: Decimal | None = None
    value_text: str | None = None
    if isinstance(value, bool):
        problem("value must be a number, a short text or null, not true/false")
    elif isinstance(value, (int, float)):
        try:
            value_number = Decimal(str(value))
        except InvalidOperation:
            problem(f"value {value!r} is not a number")
        else:
            if not value_number.is_finite():
                problem(f"value {value!r} is not a finite number")
                value_number = None
    elif isinstance(value, str):
        value_text = value
    elif value is not None:
        problem("value must be a number, a short text or null")

    currency = raw.get("currency")
    unit = raw.get("unit")
    if currency is not None and unit is not None:
        problem("give either currency or unit, not both")
    if currency is not None and not _is_currency(currency):
        problem(f"unknown currency {currency!r} (use an ISO 4217 code such as USD)")
    if unit is not None and unit not in UNITS:
        problem(f"unknown unit {unit!r} (one of {', '.join(UNITS)})")
    if value_number is not None and currency is None and unit is None:
        problem("a number needs a currency or a unit")

    dates: dict[str, dt.date | None] = {}
    for key in ("effective_from", "effective_to", "last_verified"):
        raw_date = raw.get(key)
        if raw_date is None:
            dates[key] = None
            continue
        parsed = _as_date(raw_date)
        if parsed is None:
            problem(f"bad date in {key}: {raw_date!r} (write YYYY-MM-DD)")
        dates[key] = parsed
    start, end = dates.get("effective_from"), dates.get("effective_to")
    if start and end and end < start:
        problem(f"effective_to {end} is before effective_from {start}")

    scope_raw = raw.get("scope") or {}
    scope_values: dict[str, tuple[str, ...]] = {}
    if not isinstance(scope_raw, dict):
        problem("scope must be a mapping")
        scope_raw = {}
    for key, items in scope_raw.items():
        if key not in SCOPE_KEYS:
            problem(f"unknown scope key {key!r}")
            continue
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            problem(f"scope {key} must be a list of codes")
            continue
        for item in items:
            if key == "modes":
                if item not in MODES:
                    problem(f"unknown transport mode {item!r} (one of {', '.join(MODES)})")
            elif item != ANY and not (_is_country(item) or item in EXTRA_JURISDICTIONS):
                problem(f"unknown country code {item!r} in scope {key}")
        scope_values[key] = tuple(items)

    exclusions = raw.get("exclusions") or []
    if not isinstance(exclusions, list):
        problem("exclusions must be a list of goods flags")
        exclusions = []
    for flag in exclusions:
        if flag not in GOODS_FLAGS:
            problem(f"unknown goods flag {flag!r} in exclusions")

    if problems:
        return None, problems
    variant = raw.get("variant")
    rule = Rule(
        id=rule_id,
        jurisdiction=jurisdiction,
        kind=raw["kind"],
        variant=str(variant) if variant is not None else None,
        status=status,
        value_number=value_number,
        value_text=value_text,
        currency=currency,
        unit=unit,
        effective_from=start,
        effective_to=end,
        scope=Scope(**scope_values),
        exclusions=tuple(exclusions),
        official_links=official_links,
        summary=" ".join(raw["summary"].split()),
        summary_es=" ".join(summary_es.split()) if summary_es is not None else None,
        citation=raw["citation"],
        source_url=raw["source_url"],
        confidence=confidence,
        last_verified=dates["last_verified"],
        source_file=source_file,
    )
    return rule, []


def _official_links(raw: Any, problem: Callable[[str], None]) -> tuple[OfficialLink, ...]:
    """`official_links`: a list of {cites: the text it is, url: its address}. Whether each address
    is on an allowed host is for `thresholds check` to say, with the list it reviews."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problem("official_links must be a list of {cites, url} mappings")
        return ()
    links = []
    for entry in raw:
        if not isinstance(entry, dict) or set(entry) != {"cites", "url"}:
            problem(f"official_links entries need exactly cites and url, not {entry!r}")
            continue
        cites, url = entry["cites"], entry["url"]
        if not isinstance(cites, str) or not cites.strip():
            problem(f"official_links: cites must say which text the link is ({entry!r})")
        elif not isinstance(url, str) or not re.match(r"^https?://\S+$", url):
            problem(f"official_links: url is not a web address: {url!r}")
        else:
            links.append(OfficialLink(" ".join(cites.split()), url))
    return tuple(links)


def find_overlaps(rules: list[Rule]) -> list[str]:
    """Problems for rules of one parameter that are in force on the same day for a shared scope."""
    problems = []
    by_parameter: dict[tuple[str, str, str], list[Rule]] = {}
    for rule in rules:
        by_parameter.setdefault(rule.parameter, []).append(rule)
    for group in by_parameter.values():
        for index, first in enumerate(group):
            for second in group[index + 1 :]:
                if first.overlaps_in_time(second) and first.scope.intersects(second.scope):
                    problems.append(
                        f"{second.source_file}: {second.id}: overlapping period with {first.id} "
                        f"({first.source_file}) for the same scope"
                    )
    return problems
