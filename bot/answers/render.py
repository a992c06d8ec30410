"""Verdicts rendered as replies: verdict first, a few short points, the date, the sources.

All wording comes from `templates/<language>.yml`; this module only picks templates, formats the
figures (money, dates, countries) and lays the reply out. The first message stays short; the
detail and every source are in `Reply.detail` and `Reply.sources`, one tap away.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from bot.thresholds.assess import Statement, country_name
from bot.thresholds.formatting import day, money
from bot.thresholds.schema import Rule
from bot.thresholds.verdicts import Verdict

TEMPLATES = Path(__file__).with_name("templates")
#: Words in the first message before its sources (the product's limit is 60).
FIRST_MESSAGE_WORDS = 58
MAX_POINTS = 4
#: Points the headline already says, by headline template.
SAID_BY_HEADLINE = {
    "shipment.duty_owed_gift": {"gift.over"},
    "shipment.duty_owed_over": {"dm.over"},
    "shipment.duty_owed_gift_sum": {"gift.over"},
    "shipment.gift_free_sum": {"gift.within"},
    "shipment.duty_owed_suspended_origin": {"dm.suspended_origin"},
    "shipment.duty_owed_suspended": {"dm.suspended"},
    "shipment.duty_owed_suspended_past": {"dm.suspended"},
    "shipment.duty_owed_goods": {"dm.excluded_goods"},
    "shipment.duty_free": {"dm.within"},
    "shipment.duty_free_sum": {"dm.within"},
    "shipment.duty_owed_sum": {"dm.over"},
    "shipment.gift_free": {"gift.within"},
    "shipment.domestic": {"territory.domestic"},
}
OFFICIAL_DOMAINS = Path(__file__).with_name("official_domains.txt")
PERCENT_KEYS = {"rate"}
PLAIN_KEYS = {"deadline", "lead", "formal_rate", "hmf", "marking__additional_duty", "count"}
COUNTRY_KEYS = {"origin", "sender", "jurisdiction"}
JURISDICTION_NAMES = {"EU": "the EU", "GB": "the UK", "US": "the US"}


@lru_cache(maxsize=4)
def templates(language: str = "en") -> dict:
    with open(TEMPLATES / f"{language}.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=1)
def official_domains() -> tuple[str, ...]:
    lines = OFFICIAL_DOMAINS.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def is_official(url: str) -> bool:
    host = (urlparse(url).hostname or "").lower()
    return any(host == domain or host.endswith("." + domain) for domain in official_domains())


@dataclass
class Reply:
    """What the assistant sends: the first message, its buttons, and the rest one tap away."""

    text: str
    buttons: list[dict] = field(default_factory=list)
    detail: str = ""
    sources: list[dict] = field(default_factory=list)
    kind: str = "answer"
    info: dict = field(default_factory=dict)

    def custom(self) -> dict:
        return {"cbp": {"kind": self.kind, "detail": self.detail, "sources": self.sources, **self.info}}


class _Figures(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _number(value: Decimal | float | int) -> str:
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():f}"


def _country(code: str, words: dict) -> str:
    if code in JURISDICTION_NAMES:
        return JURISDICTION_NAMES[code]
    return country_name(code)


def _join(items: list[str], words: dict) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {words['or']} " + items[-1]


def format_figure(key: str, value: Any, words: dict) -> str:
    """A figure as a person reads it: '$17.32', '29 August 2025', 'China', '0.3464%'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.date):
        return day(value)
    if isinstance(value, Rule):
        return value.summary
    if key in COUNTRY_KEYS and isinstance(value, str):
        return _country(value, words)
    if key == "mode" and isinstance(value, str):
        return words["modes"].get(value, value)
    if key in ("origins", "goods") and isinstance(value, (list, tuple)):
        names = [_country(v, words) if key == "origins" else v.replace("_", " ") for v in value]
        return f" {words['and']} ".join(names) if key == "goods" else _join(names, words)
    if isinstance(value, (list, tuple)):
        return _join([format_figure(key, item, words) for item in value], words)
    if isinstance(value, (Decimal, float, int)):
        try:
            if key in PERCENT_KEYS:
                return f"{_number(value)}%"
            if key in PLAIN_KEYS:
                return _number(value)
            return money(value)
        except (ArithmeticError, ValueError):  # an absurd figure is shown as typed, never a crash
            return str(value)[:40]
    return str(value)


def _figures(figures: dict, words: dict) -> _Figures:
    out = _Figures()
    for key, value in figures.items():
        out[key] = format_figure(key, value, words)
    return out


def _fill(template: str, figures: dict, words: dict, table: dict | None = None) -> str:
    prepared = _figures(figures, words)
    if "bound" in figures or "raw" in figures:
        bound = (table or {}).get("bound", {}).get(figures.get("bound") or "none", "")
        prepared["bound_text"] = bound.format_map(prepared)
    if "rules" in figures and isinstance(figures["rules"], (list, tuple)):
        prepared["methods"] = "; ".join(_rule_value_words(rule) for rule in figures["rules"])
    if figures.get("cn_since") and figures.get("cn_since") != figures.get("since"):
        prepared["cn_part"] = words["cn_part"].format(cn_since=day(figures["cn_since"]))
    if "kind" in figures:  # out of scope: who can answer
        carrier = figures.get("carrier")
        prepared["carrier_or"] = carrier or words["the_carrier"]
        prepared["carrier_part"] = f" {words['or']} {carrier}" if carrier else ""
        place = figures.get("jurisdiction") or figures.get("origin")
        prepared["jurisdiction_or"] = _country(place, words) if place else words["that_country"]
    if "entry" in figures:
        parts = [words["worth"].format(value=prepared["value"]) if figures.get("value") else ""]
        parts.append(words["from"].format(origin=prepared["origin"]) if figures.get("origin") else "")
        prepared["on_this"] = "".join(parts)
    if isinstance(figures.get("rule"), Rule):
        rule = figures["rule"]
        prepared["summary"] = rule.summary
        prepared["summary_short"] = _short(rule.summary)
        prepared["summary_first"] = _short(rule.summary, limit=40)
        prepared["jurisdiction"] = _country(rule.jurisdiction, words)
    return re.sub(r"\s+", " ", template.format_map(prepared)).strip()


def _short(text: str, limit: int = 16) -> str:
    """The first clause of a rule's summary, at most `limit` words."""
    first = re.split(r"(?<=[.;])\s", text, maxsplit=1)[0].rstrip(".;")
    words = first.split()
    return " ".join(words[:limit]) + ("..." if len(words) > limit else "")


def _rule_value_words(rule: Rule) -> str:
    from bot.thresholds.formatting import rule_value

    return rule_value(rule) or rule.summary


def render_statement(statement: Statement, language: str = "en") -> str:
    table = templates(language)
    template = table["point"].get(statement.code, "")
    return _fill(template, statement.figures, table["words"], table) if template else ""


def _headline_key(verdict: Verdict, ask: str) -> str:
    code = verdict.code
    figures = verdict.figures
    past = verdict.on < figures.get("today", verdict.on)
    if code == "shipment.duty_owed" and figures.get("reason") == "unverified":
        code = "shipment.unverified"
    elif code == "shipment.duty_owed":
        if figures.get("gift_over") and figures.get("values"):
            code = "shipment.duty_owed_gift_sum"
        elif figures.get("gift_over"):
            code = "shipment.duty_owed_gift"
        elif figures.get("reason") == "suspended_origin":
            code = "shipment.duty_owed_suspended_origin"
        elif figures.get("reason") == "suspended" and ask == "yes_no_free":
            code = "shipment.duty_owed_suspended" + ("_past" if past else "")
        elif figures.get("reason") == "excluded_goods":
            code = "shipment.duty_owed_goods"
        elif figures.get("values") and figures.get("reason") == "over_limit":
            code = "shipment.duty_owed_sum"
        elif figures.get("reason") == "over_limit":
            code = "shipment.duty_owed_over"
    elif code == "shipment.duty_owed" and figures.get("reason") == "unverified":
        code = "shipment.unverified"
    elif code == "shipment.duty_free" and figures.get("values"):
        code = "shipment.duty_free_sum"
    elif code == "shipment.gift_free" and figures.get("values"):
        code = "shipment.gift_free_sum"
    elif code == "dm.suspended" and figures.get("all_since"):
        code = "dm.suspended_early" + ("_past" if past else "")
    elif code in ("dm.suspended", "dm.suspended_origin", "dm.available") and figures.get("period_end"):
        code += "_period"
    elif code in ("dm.suspended", "dm.suspended_origin", "dm.available") and past:
        code += "_past"
    return code


def headline(verdict: Verdict, ask: str, language: str = "en") -> str:
    table = templates(language)
    heads = table["headline"]
    key = _headline_key(verdict, ask)
    variant = heads.get(f"{key}@{ask}")
    template = variant or heads.get(key) or heads.get(verdict.code, "")
    if verdict.code.startswith("refused."):
        template = heads["refused"]
    figures = dict(verdict.figures)
    figures.setdefault("on", verdict.on)
    return _fill(template, figures, table["words"], table)


def _words(text: str) -> int:
    return len(re.findall(r"[\w$€£¥%.,'-]+", text))


def _sources(rules: list[Rule], language: str = "en") -> list[dict]:
    """One source per citation, official texts first."""
    seen: dict[str, dict] = {}
    for rule in rules:
        key = rule.citation
        if key in seen:
            continue
        seen[key] = {
            "citation": rule.citation,
            "url": rule.source_url,
            "official": is_official(rule.source_url),
            "confidence": rule.confidence,
            "rule_id": rule.id,
        }
    return sorted(seen.values(), key=lambda source: not source["official"])


def _source_line(source: dict, words: dict) -> str:
    medium = f" ({words['medium']})" if source["confidence"] != "HIGH" else ""
    return f"{source['citation']}{medium}: {source['url']}"


def render(
    verdict: Verdict,
    *,
    ask: str = "other",
    today: dt.date,
    data_as_of: dt.date,
    with_disclaimer: bool = False,
    language: str = "en",
    period_end: dt.date | None = None,
) -> Reply:
    """The reply for a verdict: the short first message, the detail and the sources."""
    table = templates(language)
    words = table["words"]
    verdict.figures.setdefault("today", today)
    if period_end and period_end != verdict.on:
        verdict.figures.setdefault("period_end", period_end)
    head = headline(verdict, ask, language)
    said = SAID_BY_HEADLINE.get(_headline_key(verdict, ask), set())
    points = [text for text in (render_statement(p, language) for p in verdict.points if p.code not in said) if text]
    assumptions = [table["assume"][code] for code in verdict.assumptions if code in table["assume"]]
    assumption_text = " ".join(a["text"] for a in assumptions)
    first_points: list[str] = []
    dated = _dated_line(verdict.on, period_end, today, data_as_of, words)
    budget = FIRST_MESSAGE_WORDS - _words(dated) - _words(head) - _words(assumption_text)
    next_step = [p for p in points if p.startswith(("What to do", "Next"))]
    ordered = [p for p in points if p not in next_step]
    for text in next_step[:1] + ordered:
        if len(first_points) >= MAX_POINTS:
            break
        if _words(text) > budget:
            break
        first_points.append(text)
        budget -= _words(text)
    first_points.sort(key=lambda text: text in next_step)
    body = [head] + [f"- {text}" for text in first_points]
    if assumption_text:
        body.append(assumption_text)
    all_rules = verdict.all_rules
    sources = _sources(all_rules, language)
    footer = [dated]
    if sources:
        footer.append(f"{words['source']}: {_source_line(sources[0], words)}")
    cautions = [table["caution"].get(c.code, "") for c in verdict.cautions]
    if any(rule.confidence != "HIGH" for rule in all_rules):
        cautions.append(table["caution"]["caution.verify"])
    cautions = [
        c.format_map(_figures({"as_of": data_as_of, **_caution_figures(verdict)}, words))
        for c in dict.fromkeys(cautions)
        if c
    ]
    footer.extend(cautions)
    if with_disclaimer:
        footer.append(words["disclaimer"])
    text = "\n".join(body + footer)
    detail_lines = [head] + [f"- {p}" for p in points]
    if assumption_text:
        detail_lines.append(assumption_text)
    if verdict.skipped:
        facts = [words["facts"].get(name, name) for name in verdict.skipped]
        detail_lines.append(words["skipped"].format(facts=_join(facts, {"or": words["and"]})))
    extra = [rule.summary for rule in (verdict.detail or verdict.rules) if rule.summary]
    detail_lines.extend(f"- {summary}" for summary in dict.fromkeys(extra))
    detail_lines.append(dated)
    if sources:
        detail_lines.append(f"{words['sources']}:")
        detail_lines.extend(f"- {_source_line(source, words)}" for source in sources[:3])
    buttons = [{"title": a["button"][0], "payload": a["button"][1]} for a in assumptions if a.get("button")]
    buttons += [
        {"title": words["more_detail"], "payload": "/ask_more_detail"},
        {"title": words["sources_button"], "payload": "/ask_sources"},
    ]
    info = {
        "topic": verdict.topic,
        "code": verdict.code,
        "on": verdict.on.isoformat(),
        "assumptions": verdict.assumptions,
        "skipped": verdict.skipped,
        "rule_ids": verdict.rule_ids,
    }
    return Reply(text, buttons, "\n".join(detail_lines), sources, "answer", info)


def _dated_line(on: dt.date, period_end: dt.date | None, today: dt.date, data_as_of: dt.date, words: dict) -> str:
    """'Applies to 1 June 2025. (Today is 1 December 2026.) Data as of 26 November 2026.'"""
    if period_end and period_end != on:
        dated = words["applies_to_period"].format(start=day(on), end=day(period_end))
    else:
        dated = words["applies_to"].format(on=day(on))
    if on != today and not (period_end and on <= today <= period_end):
        dated += " " + words["today_is"].format(today=day(today))
    return f"{dated} {words['data_as_of'].format(as_of=day(data_as_of))}"


def _caution_figures(verdict: Verdict) -> dict:
    for caution in verdict.cautions:
        if caution.figures:
            return caution.figures
    return {}


def render_question(verdict: Verdict, language: str = "en") -> Reply:
    """A one-step question for the fact that can change the verdict, with buttons."""
    table = templates(language)
    ask = table["ask"]
    if verdict.missing == "date":
        change = verdict.figures["changes"][0]
        before = change - dt.timedelta(days=1)
        buttons = [
            {
                "title": ask["ask.date_before"].format(change=day(change)),
                "payload": f"it arrived on {before.isoformat()}",
            },
            {
                "title": ask["ask.date_after"].format(change=day(change)),
                "payload": f"it arrived on {change.isoformat()}",
            },
        ]
        text = ask["ask.date"]["text"]
    else:
        entry = ask[f"ask.{verdict.missing}"]
        text = entry["text"]
        buttons = [{"title": title, "payload": payload} for title, payload in entry.get("buttons", [])]
    info = {"topic": verdict.topic, "code": verdict.code, "missing": verdict.missing, "skipped": verdict.skipped}
    return Reply(text, buttons, "", [], "question", info)


def render_sources(sources: list[dict], language: str = "en") -> str:
    words = templates(language)["words"]
    if not sources:
        return words["no_sources"]
    return f"{words['sources']}:\n" + "\n".join(f"- {_source_line(source, words)}" for source in sources)


def word(key: str, language: str = "en", **figures: Any) -> str:
    text = templates(language)["words"][key]
    return text.format(**figures) if figures else text
