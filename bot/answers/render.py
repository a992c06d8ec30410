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
from babel import Locale
from babel.dates import format_date

from bot.thresholds.assess import Statement, country_name
from bot.thresholds.citations import OfficialLink, is_official, reports_on
from bot.thresholds.formatting import day, money
from bot.thresholds.schema import Rule
from bot.thresholds.verdicts import Verdict, summary_sentences

TEMPLATES = Path(__file__).with_name("templates")
#: Words in the first message before its sources (the product's limit is 60).
FIRST_MESSAGE_WORDS = 60
MAX_POINTS = 4
#: Days after the data's date from which an answer about a later day warns that the rules may have changed.
STALE_AFTER_DAYS = 30
#: Points that answer another part of the question: shown first, even past the usual length.
PRIORITY_POINTS = {
    "also",
    "dm.change_on",
    "penalty.false_declaration",
    "entry.formal",
    "other.relevant",
    "period.change",
    "later.change",
    "postal.duty_on_value",
    "history.before",
    "dm.basis",
}
#: Priority points added by the conversation (another question asked, what changed later, why the
#: suspension still holds) that may take the first message past its usual length.
EXTENDING_POINTS = {"also", "later.change", "period.change", "dm.basis", "dm.change_on", "penalty.false_declaration"}
#: Words allowed past the first message's length for the answers to the other questions a message asked.
ALSO_EXTRA_WORDS = 40
#: Points the headline already says, by headline template.
SAID_BY_HEADLINE = {
    "shipment.duty_owed_gift": {"gift.over"},
    "shipment.duty_owed_over": {"dm.over"},
    "shipment.duty_owed_gift_sum": {"gift.over"},
    "shipment.gift_free_sum": {"gift.within"},
    "shipment.duty_owed_suspended_origin": {"dm.suspended_origin"},
    "shipment.duty_owed_suspended_early": {"dm.suspended_early"},
    "shipment.duty_owed_suspended_early_past": {"dm.suspended_early"},
    "shipment.duty_owed_suspended": {"dm.suspended"},
    "shipment.duty_owed_suspended_past": {"dm.suspended"},
    "shipment.duty_owed_goods": {"dm.excluded_goods"},
    "shipment.duty_free": {"dm.within"},
    "shipment.duty_free_sum": {"dm.within"},
    "shipment.duty_owed_sum": {"dm.over"},
    "shipment.gift_free": {"gift.within"},
    "shipment.domestic": {"territory.domestic"},
    "shipment.carve_out_unverified": {"dm.carve_out_unverified"},
}
PERCENT_KEYS = {"rate"}
PLAIN_KEYS = {
    "deadline",
    "lead",
    "formal_rate",
    "hmf",
    "marking__additional_duty",
    "count",
    "pnsi_days",
    "abi_days",
    "days",
}
COUNTRY_KEYS = {"origin", "sender", "jurisdiction"}
LANGUAGES = ("en", "es")


@lru_cache(maxsize=4)
def templates(language: str = "en") -> dict:
    """The wording of one language; an unknown language gets English."""
    if language not in LANGUAGES:
        language = "en"
    with open(TEMPLATES / f"{language}.yml", encoding="utf-8") as handle:
        table = yaml.safe_load(handle)
    table["words"]["language"] = language  # which way dates, countries and rule summaries are written
    return table


def _day(value: dt.date, words: dict) -> str:
    """'29 August 2025' in English, '29 de agosto de 2025' in Spanish."""
    language = words.get("language", "en")
    if language == "en":
        return day(value)
    return format_date(value, format="long", locale=language)


def render_day(value: dt.date, language: str = "en") -> str:
    """A date as the answers write it in `language`."""
    return _day(value, templates(language)["words"])


def _summary(rule: Rule, words: dict) -> str:
    """The rule's plain-language summary in the answer's language (English when it has none)."""
    return rule.summary_in(words.get("language", "en"))


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
    named = words.get("countries", {}).get(code)
    if named:
        return named
    language = words.get("language", "en")
    if language != "en":
        local = Locale.parse(language).territories.get(code)
        if local:
            return local
    return country_name(code)


def _goods(flag: str, words: dict) -> str:
    """A goods flag as a sentence names it ("tobacco" -> "tobacco", "el tabaco")."""
    return words.get("goods", {}).get(flag) or flag.replace("_", " ")


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
        return _day(value, words)
    if isinstance(value, Rule):
        return _summary(value, words)
    if key in COUNTRY_KEYS and isinstance(value, str):
        return _country(value, words)
    if key == "mode" and isinstance(value, str):
        return words["modes"].get(value, value)
    if key == "unit" and isinstance(value, str):
        return words["units"].get(value, value)
    if key in ("origins", "goods") and isinstance(value, (list, tuple)):
        names = [_country(v, words) if key == "origins" else _goods(v, words) for v in value]
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
    if isinstance(figures.get("sentence_of"), tuple) and "sentence" in figures:
        prepared["sentence"] = _summary_sentence(figures["sentence_of"], words) or prepared["sentence"]
    if "bound" in figures or "raw" in figures:
        bound = (table or {}).get("bound", {}).get(figures.get("bound") or "none", "")
        prepared["bound_text"] = bound.format_map(prepared)
    if "rules" in figures and isinstance(figures["rules"], (list, tuple)):
        prepared["methods"] = "; ".join(_rule_value_words(rule, words) for rule in figures["rules"])
    for key in ("ended", "next_rules"):
        if isinstance(figures.get(key), (list, tuple)):
            prepared[f"{key}_methods"] = _join([_rule_value_words(rule, words) for rule in figures[key]], words)
    for key in ("old", "new"):
        if isinstance(figures.get(key), Rule):
            prepared[f"{key}_value"] = _rule_value_words(figures[key], words)
    if figures.get("surcharge"):
        name = words["surcharges"].get(figures["surcharge"], figures["surcharge"])
        prepared["surcharge_part"] = words["surcharge_part"].format(name=name)
    if figures.get("cn_since") and figures["cn_since"] != (figures.get("since") or figures.get("dm_since")):
        prepared["cn_part"] = words["cn_part"].format(cn_since=_day(figures["cn_since"], words))
        prepared["cn_part_short"] = words["cn_part_short"].format(cn_since=_day(figures["cn_since"], words))
    if "kind" in figures:  # out of scope: who can answer
        carrier = figures.get("carrier")
        prepared["carrier_or"] = carrier or words["the_carrier"]
        prepared["carrier_part"] = words["carrier_part"].format(carrier=carrier) if carrier else ""
        place = figures.get("jurisdiction") or figures.get("origin")
        prepared["jurisdiction_or"] = _country(place, words) if place else words["that_country"]
    if "entry" in figures:
        parts = [words["worth"].format(value=prepared["value"]) if figures.get("value") else ""]
        parts.append(words["from"].format(origin=prepared["origin"]) if figures.get("origin") else "")
        parts.append(words["by_mail"] if figures.get("mode") == "postal" else "")  # mail has its own process
        prepared["on_this"] = "".join(parts)
    gift_from = figures.get("gift_from")
    prepared["gift_from_part"] = words["from"].format(origin=_country(gift_from, words)) if gift_from else ""
    if figures.get("currency") and "amount" in figures:  # a value compared with a foreign limit, in its currency
        prepared["amount"] = money(figures["amount"], figures["currency"])
        prepared["limit"] = money(figures["limit"], figures["currency"])
        rule = figures.get("rule")
        relief, charged = words["relief"].get(
            rule.kind if isinstance(rule, Rule) else "", ["", words["relief_default"]]
        )
        prepared["relief"], prepared["charged"] = relief, charged
    if isinstance(figures.get("compared"), list):  # "which is higher, Canada's or Australia's?"
        prepared["compared"] = "; ".join(_compared_item(rule, words) for rule in figures["compared"])
    if isinstance(figures.get("rule"), Rule):
        rule = figures["rule"]
        prepared["citation_first"] = rule.citation.split(";")[0].strip()
        summary = _summary(rule, words)
        prepared["summary"] = summary
        prepared["summary_short"] = _short(summary)
        prepared["summary_brief"] = _short(summary, limit=12)
        prepared["summary_first"] = _first_sentence(summary, limit=40)
        prepared["jurisdiction"] = _country(rule.jurisdiction, words)
        started = rule.effective_from
        first = prepared["summary_first"]
        if started and str(started.year) not in first:  # the first sentence doesn't date itself
            prepared["since_part"] = words["since_part"].format(since=_day(started, words))
    filled = re.sub(r"\s+", " ", template.format_map(prepared)).strip()
    for long, short in words.get("contractions", {}).items():  # "de el Reino Unido" -> "del Reino Unido"
        filled = filled.replace(long, short)
    return filled.replace("....", "...")  # a shortened summary's "..." before the template's full stop


def _compared_item(rule: Rule, words: dict) -> str:
    """One place's figure in a comparison: "Canada C$150", "the EU a flat €3 per item", "the US none"."""
    place = _country(rule.jurisdiction, words)
    if rule.jurisdiction == "US" and rule.status == "suspended" or not rule.value_number:
        return words["compare_none"].format(jurisdiction=place)
    symbol = words["currency_symbols"].get(rule.currency or "")
    if symbol:  # "C$150", "A$1,000", as the rules' own summaries write them
        value = f"{symbol}{_number(rule.value_number)}"
    else:
        value = money(rule.value_number, rule.currency) if rule.currency else _rule_value_words(rule, words)
    key = "compare_flat" if rule.kind == "flat_duty" else "compare_limit"
    return words[key].format(jurisdiction=place, value=value)


def _first_sentence(text: str, limit: int = 32) -> str:
    """The first sentence of a rule's summary (up to its semicolon when long), at most `limit` words."""
    first = re.split(r"(?<=\.)\s+(?=[A-Z])", text.strip(), maxsplit=1)[0].rstrip(".")
    if len(first.split()) > limit and ";" in first:
        first = first.split(";")[0]
    if len(first.split()) > limit:
        first = re.sub(r"\s*\([^()]*\)", "", first)
    words = first.split()
    return " ".join(words[:limit]) + ("..." if len(words) > limit else "")


def _short(text: str, limit: int = 16) -> str:
    """The first clause of a rule's summary, at most `limit` words (asides in brackets dropped first)."""
    first = re.split(r"(?<=[.;])\s", text, maxsplit=1)[0].rstrip(".;")
    if len(first.split()) > limit:
        first = re.sub(r"\s*\([^()]*\)", "", first)
    words = first.split()
    return " ".join(words[:limit]) + ("..." if len(words) > limit else "")


def _rule_value_words(rule: Rule, words: dict) -> str:
    from bot.thresholds.formatting import rule_value

    if rule.value_number is not None and rule.unit in words["units"]:
        unit = rule.unit if rule.value_number != 1 else rule.unit[:-1]  # "1 day", "24 hours"
        return f"{_number(rule.value_number)} {words['units'].get(unit, unit)}"
    return rule_value(rule) or _summary(rule, words).rstrip(".")  # the template ends the sentence


def render_statement(statement: Statement, language: str = "en") -> str:
    table = templates(language)
    template = table["point"].get(statement.code, "")
    figures = statement.figures
    if isinstance(figures.get("sentence_of"), tuple):
        sentence = _summary_sentence(figures["sentence_of"], table["words"])
        if sentence is None:
            return ""
        figures = {**figures, "text": sentence}
    return _fill(template, figures, table["words"], table) if template else ""


def _summary_sentence(sentence_of: tuple, words: dict) -> str | None:
    """One sentence of a rule's summary, chosen on the English text: the same sentence in the answer's language."""
    rule, index = sentence_of
    sentences = summary_sentences(_summary(rule, words))
    return sentences[index] if isinstance(index, int) and 0 <= index < len(sentences) else None


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
        elif figures.get("reason") == "carve_out_unverified":
            code = "shipment.carve_out_unverified"
        elif figures.get("reason") == "suspended_origin" and figures.get("dm_all_since"):
            code = "shipment.duty_owed_suspended_early" + ("_past" if past else "")
        elif figures.get("reason") == "suspended_origin":
            code = "shipment.duty_owed_suspended_origin"
        elif figures.get("reason") == "suspended":
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


#: Points that answer the question better than the headline: always ("was it always $2,500?"), or for
#: "how much" questions ("what did a $150 parcel pay by post in April 2026?").
LEAD_POINTS = {"history.before", "split.no_help", "split.aggregated", "dm.never_qualified"}
LEAD_POINTS_HOW_MUCH = {"postal.duty_on_value"}


def _leading_point(verdict: Verdict, ask: str) -> Statement | None:
    for point in verdict.points:
        if point.code in LEAD_POINTS or (ask == "how_much" and point.code in LEAD_POINTS_HOW_MUCH):
            return point
    return None


def headline(verdict: Verdict, ask: str, language: str = "en") -> str:
    table = templates(language)
    heads = table["headline"]
    if ask == "yes_no_gift" and verdict.code.startswith("shipment.duty_owed"):  # "does it count as a gift?"
        return f"{table['words']['not_a_gift']} {headline(verdict, 'other', language)}"
    key = _headline_key(verdict, ask)
    variant = heads.get(f"{key}@{ask}")
    if variant and "{since}" in variant and verdict.figures.get("since") is None:
        variant = None  # "in force since ." for a rule with no start date: the plain headline instead
    template = variant or heads.get(key) or heads.get(verdict.code, "")
    figures = dict(verdict.figures)
    if verdict.code.startswith("refused."):
        template = heads["refused"]
        _, field_name, code = (verdict.code.split(".", 2) + ["", ""])[:3]
        field_name = "country" if field_name in ("origin", "sender") else field_name
        reason = table["words"]["refusals"].get(f"{field_name}.{code}")
        if reason:  # the engine's own reason is English: the templates say it in the answer's language
            figures["reason"] = reason
    figures.setdefault("on", verdict.on)
    text = _fill(template, figures, table["words"], table)
    return text[:1].upper() + text[1:]


def _capital(text: str) -> str:
    """A point starts with a capital letter, like a sentence ("la Unión Europea: ..." -> "La Unión Europea: ...")."""
    return text[:1].upper() + text[1:]


def _words(text: str) -> int:
    return len(re.findall(r"[\w$€£¥%.,'-]+", text))


def _sources(rules: list[Rule], language: str = "en") -> list[dict]:
    """One link per cited text, official texts first (bot/thresholds/citations.py builds them from
    the citations). A rule's secondary source is shown only as "reported by" beside its official
    link, or, when it has none, as its source."""
    by_text: dict[str, dict] = {}
    by_url: dict[str, dict] = {}
    secondary: list[dict] = []
    for rule in rules:
        mine: list[tuple[OfficialLink, dict]] = []
        for link in rule.official_sources:
            source = by_url.get(link.url) or by_text.get(link.cites)
            if source is None:
                source = {
                    "citation": link.cites,
                    "url": link.url,
                    "official": is_official(link.url),
                    "confidence": rule.confidence,
                    "rule_id": rule.id,
                }
                by_text[link.cites] = by_url[link.url] = source
            mine.append((link, source))
        reported = rule.secondary_source
        if not reported or reported in by_url:
            continue
        if mine:  # beside the text the page reports on, else beside this rule's first link
            free = [(link, source) for link, source in mine if "reported_by" not in source]
            free.sort(key=lambda pair: (not reports_on(reported, pair[0]), pair[1]["rule_id"] != rule.id))
            if free:
                free[0][1]["reported_by"] = reported
        elif rule.citation not in by_text:
            source = {"citation": rule.citation, "url": reported, "official": False}
            source.update(confidence=rule.confidence, rule_id=rule.id)
            by_text[rule.citation] = by_url[reported] = source
            secondary.append(source)
    listed = [source for source in by_text.values() if source not in secondary]
    return sorted(listed, key=lambda source: not source["official"]) + secondary


def _source_line(source: dict, words: dict, reported_by: bool = True) -> str:
    label = {"MEDIUM": words["medium"], "LOW": words["low"]}.get(source["confidence"])
    medium = f" ({label})" if label else ""
    line = f"{source['citation']}{medium}: {source['url']}"
    if reported_by and source.get("reported_by"):
        host = (urlparse(source["reported_by"]).hostname or "").removeprefix("www.")
        line += f" ({words['reported_by'].format(host=host)}: {source['reported_by']})"
    return line


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
    if period_end and period_end < verdict.on:
        period_end = None  # an answer about another day than the period asked (e.g. "when did it start?")
    if period_end and period_end != verdict.on:
        verdict.figures.setdefault("period_end", period_end)
    head = headline(verdict, ask, language)
    said = SAID_BY_HEADLINE.get(_headline_key(verdict, ask), set())
    lead = _leading_point(verdict, ask)
    if lead is not None:  # the point that answers what was asked goes first; the usual headline follows it
        verdict.points = [Statement(verdict.topic, "also", {"text": head})] + [
            p for p in verdict.points if p is not lead
        ]
        verdict.rules = list(verdict.rules) + [rule for rule in lead.rules if rule not in verdict.rules]
        head = render_statement(lead, language)
    also = [(p.code, render_statement(p, language)) for p in verdict.points if p.code in PRIORITY_POINTS]
    points = [
        text
        for text in (
            render_statement(p, language)
            for p in verdict.points
            if p.code not in said and p.code not in PRIORITY_POINTS
        )
        if text
    ]
    assumptions = [table["assume"][code] for code in verdict.assumptions if code in table["assume"]]
    assumption_text = " ".join(a["text"] for a in assumptions)
    first_points: list[str] = []
    dated = _dated_line(verdict.on, period_end, today, data_as_of, words)
    budget = FIRST_MESSAGE_WORDS - _words(dated) - _words(head) - _words(assumption_text)
    # Points that answer part of the question come first. Only the answers to other questions the
    # message asked ("also") may go past the usual length, by ALSO_EXTRA_WORDS at most.
    first_also: list[str] = []
    allowance = ALSO_EXTRA_WORDS
    for code, text in also:
        size = _words(text)
        if not text or len(first_also) >= MAX_POINTS:
            continue
        if code in EXTENDING_POINTS:
            used = min(allowance, size)
            allowance -= used
            budget -= size - used
        elif size <= budget:
            budget -= size
        else:
            continue
        first_also.append(text)
    next_step = [p for p in points if p.startswith(tuple(words["next_step_starts"]))]
    ordered = [p for p in points if p not in next_step]
    for text in next_step[:1] + ordered:
        if len(first_points) >= MAX_POINTS:
            break
        if _words(text) > budget:
            continue  # a shorter later point may still fit
        first_points.append(text)
        budget -= _words(text)
    first_points.sort(key=lambda text: text in next_step)
    body = [head] + [f"- {_capital(text)}" for text in first_also + first_points]
    if assumption_text:
        body.append(assumption_text)
    all_rules = verdict.all_rules
    sources = _sources(all_rules, language)
    footer = [dated]
    if sources:
        footer.append(f"{words['source']}: {_source_line(sources[0], words, reported_by=False)}")
    cautions = [table["caution"].get(c.code, "") for c in verdict.cautions]
    if any(rule.confidence == "LOW" for rule in all_rules) or "caution.verify_low" in _codes(verdict.cautions):
        # The low-confidence caution says all the medium one does.
        cautions = [c for c in cautions if c != table["caution"]["caution.verify"]]
        cautions.append(table["caution"]["caution.verify_low"])
    elif any(rule.confidence != "HIGH" for rule in all_rules):
        cautions.append(table["caution"]["caution.verify"])
    stale = data_as_of + dt.timedelta(days=STALE_AFTER_DAYS) < verdict.on <= today
    if stale and "caution.future_date" not in _codes(verdict.cautions):
        # A question about today (or a recent day) well after the data was checked: it may be out of date.
        # Within a month, the "Data as of" line says enough.
        cautions.append(table["caution"]["caution.data_age"])
    cautions = [
        c.format_map(_figures({"as_of": data_as_of, **_caution_figures(verdict)}, words))
        for c in dict.fromkeys(cautions)
        if c
    ]
    footer.extend(cautions)
    if with_disclaimer:
        footer.append(words["disclaimer"])
    text = "\n".join(body + footer)
    detail_lines = [head] + [f"- {_capital(p)}" for p in [text for _code, text in also if text] + points]
    if assumption_text:
        detail_lines.append(assumption_text)
    if verdict.skipped:
        facts = [words["facts"].get(name, name) for name in verdict.skipped]
        detail_lines.append(words["skipped"].format(facts=_join(facts, {"or": words["and"]})))
    extra = [_summary(rule, words) for rule in (verdict.detail or verdict.rules) if rule.summary]
    detail_lines.extend(f"- {summary}" for summary in dict.fromkeys(extra))
    detail_lines.append(dated)
    if sources:
        detail_lines.append(f"{words['sources']}:")
        detail_lines.extend(f"- {_source_line(source, words)}" for source in sources)
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
        dated = words["applies_to_period"].format(start=_day(on, words), end=_day(period_end, words))
    else:
        dated = words["applies_to"].format(on=_day(on, words))
    if on != today and not (period_end and on <= today <= period_end):
        dated += " " + words["today_is"].format(today=_day(today, words))
    return f"{dated} {words['data_as_of'].format(as_of=_day(data_as_of, words))}"


def _codes(statements: list[Statement]) -> set[str]:
    return {statement.code for statement in statements}


def _caution_figures(verdict: Verdict) -> dict:
    for caution in verdict.cautions:
        if caution.figures:
            return caution.figures
    return {}


def render_question(verdict: Verdict, language: str = "en") -> Reply:
    """A one-step question for the fact that can change the verdict, with buttons."""
    table = templates(language)
    ask, words = table["ask"], table["words"]
    if verdict.missing == "date":
        change = verdict.figures["changes"][0]
        before = change - dt.timedelta(days=1)
        buttons = [
            {
                "title": ask["ask.date_before"].format(change=_day(change, words)),
                "payload": words["arrived_on"].format(on=before.isoformat()),
            },
            {
                "title": ask["ask.date_after"].format(change=_day(change, words)),
                "payload": words["arrived_on"].format(on=change.isoformat()),
            },
        ]
        text = ask["ask.date"]["text"].format(change=_day(change, words))
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
