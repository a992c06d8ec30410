"""Consistency checks of a loaded data set, for `python -m bot thresholds check` and the tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from bot.thresholds.assess import EARLIEST_DATE
from bot.thresholds.citations import derived_links, is_official
from bot.thresholds.schema import SHIPMENT_MODES, Rule
from bot.thresholds.store import Snapshot

#: Origins probed besides those named in the rules: any other country must be covered too.
PROBE_ORIGINS = ("FR", "VN", "MX", "CA")
STALE_AFTER_DAYS = 365
#: Share of all rules that should link an official text (every HIGH rule must).
OFFICIAL_COVERAGE_TARGET = 0.90


def de_minimis_coverage_problems(snapshot: Snapshot) -> list[str]:
    """Every date from 1938, origin and shipment mode must have exactly one de minimis state."""
    rules = snapshot.of_kind("de_minimis", "US")
    boundaries = {EARLIEST_DATE}
    origins = set(PROBE_ORIGINS)
    for rule in rules:
        if rule.effective_from:
            boundaries.add(rule.effective_from)
            boundaries.add(rule.effective_from - dt.timedelta(days=1))
        if rule.effective_to:
            boundaries.add(rule.effective_to)
            boundaries.add(rule.effective_to + dt.timedelta(days=1))
        origins.update(code for code in rule.scope.origins + rule.scope.origins_except if code != "*")
    problems = []
    for day in sorted(d for d in boundaries if d >= EARLIEST_DATE):
        for origin in sorted(origins):
            for mode in SHIPMENT_MODES:
                found = snapshot.rules_in_force("de_minimis", "US", day, origin=origin, mode=mode)
                if len(found) != 1:
                    ids = ", ".join(rule.id for rule in found) or "none"
                    problems.append(f"de minimis on {day} for {origin} by {mode}: {len(found)} states ({ids})")
    return problems


def data_warnings(snapshot: Snapshot, today: dt.date) -> list[str]:
    """Things a reviewer should look at: stale verification dates, rules without a Spanish summary
    and fees missing for this fiscal year."""
    warnings = []
    for rule in snapshot.rules:
        if (today - rule.last_verified).days > STALE_AFTER_DAYS:
            warnings.append(f"{rule.id}: last verified {rule.last_verified}, over a year ago")
    warnings.extend(missing_spanish_summaries(snapshot.rules))
    for variant in ("formal_min", "formal_max", "informal", "mail"):
        if not snapshot.rules_in_force("mpf", "US", today, variant=variant):
            warnings.append(f"mpf {variant}: no figure in force today ({today}); answers use the latest known one")
    return warnings


def missing_spanish_summaries(rules: Iterable[Rule]) -> list[str]:
    """Rules without a `summary_es`: Spanish answers would show their English summary."""
    return [
        f"{rule.source_file}: {rule.id}: no Spanish summary (summary_es); Spanish answers show the English one"
        for rule in rules
        if not rule.summary_es
    ]


def official_link_problems(rules: Iterable[Rule]) -> list[str]:
    """A HIGH rule must link an official text, and every official link must be on an allowed host
    (data/thresholds/official_domains.txt)."""
    problems = []
    for rule in rules:
        for link in rule.official_links:
            if not is_official(link.url):
                problems.append(
                    f"{rule.source_file}: {rule.id}: official link for {link.cites!r} is outside the allowed "
                    f"domains: {link.url}"
                )
        for link in derived_links(rule.citation):  # a builder bug, or a host dropped from the list
            if not is_official(link.url):
                problems.append(
                    f"{rule.source_file}: {rule.id}: link built for {link.cites!r} is not allowed: {link.url}"
                )
        if rule.confidence == "HIGH" and not rule.has_official_source:
            problems.append(
                f"{rule.source_file}: {rule.id}: HIGH rule without an official link (its citation gives none and "
                f"{rule.source_url} is not official): fix the citation or add official_links"
            )
    return problems


def official_coverage(rules: Iterable[Rule]) -> tuple[int, int]:
    """(rules linking an official text, all rules)."""
    rules = list(rules)
    return sum(rule.has_official_source for rule in rules), len(rules)
