"""Money amounts: "$1,200.50", "650 euros", "two thousand dollars", "worth 650", "1.2k".

``find_amounts`` finds money-like amounts in a text (with their currency when one is given);
``parse_amount`` reads a phrase typed as a value. Number words come from
``data/lexicon/numbers.yml``. No Rasa or spaCy import here.
"""

from __future__ import annotations

import functools
import math
import re

from bot import vocabulary
from bot.nlu.currencies import currency_code, currency_tables
from bot.nlu.lexicon import normalise_phrase
from bot.nlu.spans import PRIORITY_CONTEXT_AMOUNT, PRIORITY_EXPLICIT, Span, clip, resolve_overlaps

_NUM = (
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"  # 1,200 / 1,200.50
    r"|[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]{1,2}"  # 1.200,50 (continental)
    r"|[0-9]+(?:[.,][0-9]+)?"  # 1200 / 1200.5 / 12,5
    r"|\.[0-9]+)"  # .5
)
#: Number words ("two thousand five hundred"), from data/lexicon/numbers.yml.
_SMALL: dict[str, int] = vocabulary.number_words()
_SCALES: dict[str, int] = vocabulary.scale_words()
_NUMBER_WORD = "(?:" + "|".join(sorted([*_SMALL, *_SCALES], key=len, reverse=True)) + ")"
_WORDNUM = (
    rf"(?:(?:a|an)\s+(?=(?:hundred|thousand|million|billion)\b))?\b{_NUMBER_WORD}"
    rf"(?:(?:\s+and\s+|\s+|-){_NUMBER_WORD})*\b"
)
_MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "grand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}
_MULT = r"(?:\s?(?:k|thousand|million|billion|grand|mn|bn)\b|(?:m|b)\b)"
_NEG = r"(?:(?P<neg>(?<![\w.,/-])-\s?|\bminus\s+)|(?<![\w.,/-]))"

_UNITS = (
    r"kgs?|kilos?|kilograms?|g|grams?|lbs?|pounds?|oz|ounces?|tons?|tonnes?|ml|l|liters?|litres?|gallons?|"
    r"box|boxes|cartons?|cases?|crates?|pallets?|containers?|units?|pcs|pieces?|pairs?|items?|bottles?|packs?|"
    r"packages?|parcels?|bags?|sets?|dozens?|percent|pct|per\s*cent|cm|mm|m|meters?|metres?|inch|inches|ft|"
    r"feet|foot|yards?|days?|weeks?|months?|years?|yrs?|hours?|hrs?|minutes?|mins?|seconds?|secs?|people|"
    r"persons?|times|x|orders?|shipments?|products?|skus?|pages?|words?|employees|customers|sq|square|cubic|"
    r"cbm|teu|feu|kw|w|watts?|volts?|v|mah|gb|tb|mb|st|nd|rd|th|am|pm|o'clock|"
    r"u\.s\.c|usc|c\.f\.r|cfr"  # legal citations: "under 19 U.S.C. 1321", "19 CFR 10.151"
)
#: Units after a number that make it no money amount ('500 kg', '30 days', '19 U.S.C.').
UNIT_AFTER = re.compile(rf"(?:\s*(?:{_UNITS})\b|\s*%|-[a-z])", re.IGNORECASE)
_WEIGHT_BEFORE = re.compile(
    r"\b(?:weigh\w*|weight(?:\s+(?:of|is|was))?|heavy|mass(?:\s+(?:of|is))?)\s*[:=]?\s*"
    r"(?:(?:about|around|approx\.?|approximately|roughly|only|just|over|under|nearly|almost|less\s+than|"
    r"more\s+than)\s+)?$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1)
def _amount_regexes() -> dict[str, re.Pattern[str]]:
    _, _, prefix, suffix = currency_tables()
    flags = re.IGNORECASE
    ctx = (
        r"worth|valued\s+at|valued|value\s+(?:of|is|was|at|around|about)|value\s*[:=]|"
        r"declared\s+(?:value\s+)?(?:of|at|as)|declared\s+value\s+is|"
        r"(?:total|invoice|customs|shipment|order|transaction|retail|declared)\s+value\s+(?:of|is|was)|"
        r"costs?|costing|cost\s+me|costed|priced\s+at|price\s+(?:of|is|was)|price\s*[:=]|"
        r"paid|pay|paying|spent|spend|spending|sold\s+for|sells\s+for|"
        r"(?:bought|purchased)\s+(?:it\s+|them\s+)?for|(?:for\s+a\s+)?total\s+of|totals?|totall?ing|totall?ed|"
        r"invoiced\s+(?:at|for)|invoice\s+(?:of|for)|amount\s+(?:of|is|was)|amounting\s+to|sum\s+of|budget\s+of|"
        r"under|over|below|above|exceeding|exceeds?|less\s+than|more\s+than|up\s+to"
    )
    qual = (
        r"about|around|approx\.?|approximately|roughly|only|just|nearly|almost|like|maybe|~|over|under|"
        r"less\s+than|more\s+than|at\s+least|at\s+most|exactly|precisely|a\s+little\s+(?:over|under)"
    )
    end = r"(?![0-9]|[.,][0-9])"
    return {
        "prefix": re.compile(
            rf"(?:(?P<neg>(?<![\w.,/-])-\s?|\bminus\s+)|(?<![A-Za-z0-9]))(?P<cur>{prefix})\s?(?P<neg2>-\s?)?"
            rf"(?P<num>{_NUM})(?P<mult>{_MULT})?(?:\s?(?P<cur2>{suffix}))?{end}",
            flags,
        ),
        "suffix": re.compile(
            rf"{_NEG}(?P<num>{_NUM}|{_WORDNUM})(?P<mult>{_MULT})?\s?(?P<cur>{suffix}){end}",
            flags,
        ),
        "context": re.compile(
            rf"\b(?:{ctx})(?:\s+|(?<=[:=])\s*)(?:(?:{qual})\s*)?(?:(?P<neg>-)\s?|(?<![\w.,/-]))(?P<num>{_NUM}|{_WORDNUM})"
            rf"(?P<mult>\s?k\b|\s+(?:thousand|million|billion|grand)\b)?{end}(?![/:-]?[0-9])",
            flags,
        ),
        "order": re.compile(
            rf"\b(?:a|an|my|our|the|this|one)\s+(?<![\w.,/-])(?P<num>{_NUM})(?P<mult>k\b)?{end}\s*-?\s*"
            r"(?=(?:order|shipment|purchase|consignment|invoice|sale|transaction|import|parcel)s?\b)",
            flags,
        ),
        "worth_of": re.compile(
            rf"(?<![\w.,/$-])(?P<num>{_NUM})(?P<mult>\s?k\b|\s+grand\b)?{end}(?=\s+worth\s+of\b)", flags
        ),
        # "1.2k", "3 grand": a thousand of money even without a currency.
        "kilo": re.compile(rf"(?<![\w.,/$-])(?P<num>{_NUM})(?P<mult>k\b|\s+grand\b(?!\s+pianos?\b))", flags),
    }


def _to_float(num: str) -> float | None:
    """Parse a digit string with "," / "." separators (US first, continental when unambiguous)."""
    s = num.strip()
    if "," in s and "." in s:
        s = s.replace(".", "").replace(",", ".") if s.rfind(",") > s.rfind(".") else s.replace(",", "")
    elif "," in s:
        s = s.replace(",", "") if re.fullmatch(r"[0-9]{1,3}(?:,[0-9]{3})+", s) else s.replace(",", ".")
    try:
        value = float(s)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _words_to_number(text: str) -> float | None:
    """'two thousand five hundred' -> 2500.0; None if a word is not a number word."""
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", text.lower().strip()):
        if word in {"and", ""}:
            continue
        if word in {"a", "an"}:
            current = max(current, 1)
            continue
        if word in _SMALL:
            current += _SMALL[word]
            seen = True
        elif word == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
            seen = True
        else:
            return None
    return float(total + current) if seen else None


def _number_value(num: str, mult: str | None) -> float | None:
    value = _to_float(num) if re.match(r"[0-9.]", num) else _words_to_number(num)
    if value is None:
        return None
    if mult:
        value *= _MULTIPLIERS.get(mult.strip().lower(), 1.0)
    return value if math.isfinite(value) else None


def _is_weight(text: str, match: re.Match[str], cur: str) -> bool:
    """'5 pounds of coffee' / 'it weighs 5 pounds' use pounds as a weight, not GBP."""
    if normalise_phrase(cur) not in {"pound", "pounds"}:
        return False
    after = text[match.end() : match.end() + 12]
    before = text[max(0, match.start() - 40) : match.start()]  # the cue must end right before the number
    return bool(re.match(r"\s+(?:of|in\s+weight|heavy)\b", after, re.IGNORECASE) or _WEIGHT_BEFORE.search(before))


def find_amounts(text: str) -> list[Span]:
    """Money-like amounts in ``text`` (all candidates, overlapping; see ``resolve_overlaps``).

    ``Span.value`` is the float; ``Span.info["currency"]`` holds the ISO code when one was given.
    """
    text = clip(text)
    spans: list[Span] = []
    regexes = _amount_regexes()
    for kind, regex in regexes.items():
        for m in regex.finditer(text):
            num_start = m.start("num")
            if kind == "prefix":
                start, end = m.start(), m.end()
                currency = currency_code(m.group("cur2")) or currency_code(m.group("cur"))
                negative = bool(m.group("neg") or m.group("neg2"))
                priority = PRIORITY_EXPLICIT
            elif kind == "suffix":
                start, end = m.start(), m.end()
                if _is_weight(text, m, m.group("cur")):
                    continue
                currency = currency_code(m.group("cur"))
                negative = bool(m.group("neg"))
                priority = PRIORITY_EXPLICIT
            else:
                negative = bool(m.groupdict().get("neg"))
                start = m.start("neg") if negative else num_start
                end = m.end("mult") if m.group("mult") else m.end("num")
                if kind in ("context", "kilo") and UNIT_AFTER.match(text, end):
                    continue
                currency = None
                priority = PRIORITY_CONTEXT_AMOUNT
            value = _number_value(m.group("num"), m.group("mult"))
            if value is None:
                continue
            if negative:
                value = -value
            info = {"currency": currency} if currency else {}
            spans.append(Span(start, end, "amount", value, priority, info))
    return spans


_FILLER = re.compile(
    r"^(?:(?:about|around|approx\.?|approximately|roughly|only|just|nearly|almost|~|worth|valued\s+at|"
    r"it'?s|it\s+is|total|value|the\s+value\s+is|a\s+value\s+of|[:=])\s*)+",
    re.IGNORECASE,
)


def parse_amount(text: str) -> tuple[float, str | None] | None:
    """Parse a money phrase: '$1,200.50' -> (1200.5, 'USD'); '1.2k' -> (1200.0, None); '500 kg' -> None.

    A phrase that is only a number (after fillers like "about", "worth") is taken as an amount;
    otherwise the best money-like amount found in the text is used. Non-finite values give None.
    """
    if not isinstance(text, str):
        return None
    text = clip(text)
    bare = _FILLER.sub("", text.strip()).rstrip(" .!?")
    whole = re.fullmatch(rf"(?P<neg>-\s?)?(?P<num>{_NUM}|{_WORDNUM})(?P<mult>{_MULT})?", bare, re.IGNORECASE)
    if whole:
        value = _number_value(whole.group("num"), whole.group("mult"))
        if value is not None:
            return (-value if whole.group("neg") else value), None
    best = resolve_overlaps(find_amounts(text))
    if not best:
        return None
    top = max(best, key=lambda s: (s.priority, s.end - s.start))
    return float(top.value), top.info.get("currency")  # type: ignore[arg-type]
