"""Pure normalisers for the CBP bot's entities, and the regex finders the extractor builds on.

No Rasa or spaCy import here. Each ``normalise_*`` function takes a phrase (an entity's text or a
slot value typed by the user) and returns the canonical value, or ``None`` when the phrase cannot
be normalised. The ``find_*`` functions scan free text and return ``Span`` candidates with
character offsets; ``resolve_overlaps`` keeps the best non-overlapping ones.

Value formats:
    amount    float (negative kept), with an optional ISO 4217 currency code
    currency  ISO 4217 code ("USD")
    country   ISO 3166-1 alpha-2 code ("CN"), or "EU" for the European Union
    transport_mode  one of lexicon.TRANSPORT_MODES
    date      ISO "YYYY-MM-DD", the start of the period named (+ ``DatePeriod.info()``: granularity
              "day" | "week" | "month" | "season" | "quarter" | "year" | "range", start, end)
    hts_code  "NNNN", "NNNN.NN", "NNNN.NN.NN" or "NNNN.NN.NNNN"
"""

from __future__ import annotations

import calendar
import functools
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from bot.nlu import lexicon
from bot.nlu.lexicon import normalise_phrase

#: Only this many characters of a text are scanned by the finders.
MAX_SCAN_CHARS = 2000


@dataclass(frozen=True)
class Span:
    """A candidate entity: character offsets into the scanned text, a value and a priority."""

    start: int
    end: int
    entity: str
    value: object
    priority: int
    info: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


# Priorities used to resolve overlaps (higher wins, then longer, then earlier).
PRIORITY_BLOCK = 120
PRIORITY_EXPLICIT = 100  # amount with a currency, HTS after a keyword, an explicit date
PRIORITY_RELATIVE_DATE = 90
PRIORITY_LEXICON = 80  # country, transport mode, standalone currency
PRIORITY_CONTEXT_AMOUNT = 65  # "worth 650", "a 650 order", "1.2k"
PRIORITY_BARE_HTS = 60  # "6109.10", "6109100012"
PRIORITY_GOODS_PATTERN = 45
PRIORITY_GOODS = 40


def resolve_overlaps(spans: Iterable[Span]) -> list[Span]:
    """Keep the best non-overlapping spans (priority, then length, then position), sorted by start."""
    ordered = sorted(spans, key=lambda s: (-s.priority, -(s.end - s.start), s.start, s.end))
    if not ordered:
        return []
    taken = bytearray(max(s.end for s in ordered) + 1)
    kept: list[Span] = []
    for span in ordered:
        if span.end <= span.start or 1 in taken[span.start : span.end]:
            continue
        taken[span.start : span.end] = b"\x01" * (span.end - span.start)
        kept.append(span)
    return sorted(kept, key=lambda s: (s.start, s.end))


def _clip(text: object) -> str:
    return text[:MAX_SCAN_CHARS] if isinstance(text, str) else ""


# ============================================================================================
# Amounts and currencies
# ============================================================================================

_NUM = (
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"  # 1,200 / 1,200.50
    r"|[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]{1,2}"  # 1.200,50 (continental)
    r"|[0-9]+(?:[.,][0-9]+)?"  # 1200 / 1200.5 / 12,5
    r"|\.[0-9]+)"  # .5
)
_SMALL = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
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
_UNIT_AFTER = re.compile(rf"(?:\s*(?:{_UNITS})\b|\s*%|-[a-z])", re.IGNORECASE)
_WEIGHT_BEFORE = re.compile(
    r"\b(?:weigh\w*|weight(?:\s+(?:of|is|was))?|heavy|mass(?:\s+(?:of|is))?)\s*[:=]?\s*"
    r"(?:(?:about|around|approx\.?|approximately|roughly|only|just|over|under|nearly|almost|less\s+than|"
    r"more\s+than)\s+)?$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1)
def _currency_tables() -> tuple[dict[str, str], dict[str, str], str, str]:
    """(symbols, words) maps and the prefix/suffix regex alternations."""
    symbols = dict(lexicon.CURRENCY_SYMBOLS)
    words = lexicon.currency_words()
    codes_upper = sorted(lexicon.iso_currency_codes() | {"RMB"}, reverse=True)
    sym_alt = "|".join(re.escape(s) for s in sorted(symbols, key=len, reverse=True))
    any_case = "|".join(sorted(lexicon.CURRENCY_CODES_ANY_CASE, key=len, reverse=True))
    code_alt = rf"(?-i:{'|'.join(codes_upper)})|(?:{any_case})"
    word_alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    prefix = rf"(?:{sym_alt}|(?:{code_alt})(?![A-Za-z]))"
    suffix = rf"(?:(?:{word_alt}|{code_alt})(?![\w])|{sym_alt})"
    return symbols, words, prefix, suffix


@functools.lru_cache(maxsize=1)
def _currency_after() -> re.Pattern[str]:
    """Matches a currency word/code/symbol right after a number ("2000 dollars")."""
    return re.compile(rf"\s?{_currency_tables()[3]}", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _amount_regexes() -> dict[str, re.Pattern[str]]:
    _, _, prefix, suffix = _currency_tables()
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


def _currency_code(token: str | None) -> str | None:
    """ISO code of a matched currency symbol, code or word."""
    if not token:
        return None
    symbols, words, _, _ = _currency_tables()
    if token in symbols:
        return symbols[token]
    key = normalise_phrase(token)
    if key in words:
        return words[key]
    stripped = token.strip()
    upper = stripped.upper()
    if upper == "RMB":
        return "CNY"
    any_case = stripped.lower() in lexicon.CURRENCY_CODES_ANY_CASE
    if upper in lexicon.iso_currency_codes() and (stripped.isupper() or any_case):
        return upper
    return None


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
    text = _clip(text)
    spans: list[Span] = []
    regexes = _amount_regexes()
    for kind, regex in regexes.items():
        for m in regex.finditer(text):
            num_start = m.start("num")
            if kind == "prefix":
                start, end = m.start(), m.end()
                currency = _currency_code(m.group("cur2")) or _currency_code(m.group("cur"))
                negative = bool(m.group("neg") or m.group("neg2"))
                priority = PRIORITY_EXPLICIT
            elif kind == "suffix":
                start, end = m.start(), m.end()
                if _is_weight(text, m, m.group("cur")):
                    continue
                currency = _currency_code(m.group("cur"))
                negative = bool(m.group("neg"))
                priority = PRIORITY_EXPLICIT
            else:
                negative = bool(m.groupdict().get("neg"))
                start = m.start("neg") if negative else num_start
                end = m.end("mult") if m.group("mult") else m.end("num")
                if kind in ("context", "kilo") and _UNIT_AFTER.match(text, end):
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
    text = _clip(text)
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


def find_currencies(text: str) -> list[Span]:
    """Standalone currency mentions ("in euros", "GBP", "€") that are not next to a number."""
    text = _clip(text)
    _, words, _, _ = _currency_tables()
    spans: list[Span] = []
    codes_upper = lexicon.iso_currency_codes() | {"RMB"}
    # Standalone: no word that is ordinary English on its own ("won", "pounds"), no lowercase "cad".
    lowercase_ok = {"usd", "eur", "gbp", "rmb"}
    standalone = [
        w
        for w in words
        if w not in lexicon.CURRENCY_WORDS_NUMBER_ONLY and not (w.upper() in codes_upper and w not in lowercase_ok)
    ]
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(standalone, key=len, reverse=True))
    codes = "|".join(sorted(codes_upper, reverse=True))
    regex = re.compile(rf"(?<![\w$])(?:(?i:{alt})|{codes}|€|£|¥|₹)(?![\w])")
    for m in regex.finditer(text):
        code = _currency_code(m.group(0))
        if code:
            spans.append(Span(m.start(), m.end(), "currency", code, PRIORITY_LEXICON))
    return spans


def normalise_currency(text: str) -> str | None:
    """'$' / 'dollars' / 'usd' -> 'USD', '€' / 'euros' -> 'EUR', 'yuan' / 'RMB' -> 'CNY'; None if unknown."""
    if not isinstance(text, str):
        return None
    raw = text.strip()[:100]
    code = _currency_code(raw)
    if code:
        return code
    raw = re.sub(r"^(?:in|by|with|using|paid\s+in)\s+", "", raw, flags=re.IGNORECASE).strip(" .!?")
    return _currency_code(raw)


# ============================================================================================
# Countries and transport modes (whole-phrase normalisers)
# ============================================================================================

_COUNTRY_PREFIX = re.compile(
    r"^(?:(?:country\s+of\s+origin|origin|made\s+in|manufactured\s+in|produced\s+in|from|in|to|into|"
    r"shipped\s+from|coming\s+from|it'?s|it\s+is|is)\s*[:\-]?\s+)+",
    re.IGNORECASE,
)


def normalise_country(text: str) -> str | None:
    """Country phrase -> ISO 3166-1 alpha-2 ('China' -> 'CN', 'the EU' -> 'EU'); None if not a country.

    Case rules: codes like 'US' and words that are common in lowercase ('Turkey', 'Jersey', 'Chad')
    are only recognised with their capital letter; lowercase 'us' is the pronoun.
    """
    if not isinstance(text, str):
        return None
    raw = " ".join(text.strip()[:200].replace("\u2019", "'").split()).strip(" ,;!?")
    raw = _COUNTRY_PREFIX.sub("", raw)
    candidates = [raw, raw.rstrip(".")]
    for cand in candidates:
        if normalise_phrase(cand) in lexicon.BLOCKERS:
            return None
        if cand in lexicon.COUNTRY_ALIASES_CS:
            return lexicon.COUNTRY_ALIASES_CS[cand]
        code = lexicon.country_aliases_ci().get(normalise_phrase(cand))
        if code:
            return code
        if cand.lower().startswith("the "):
            rest = cand[4:]
            if rest in lexicon.COUNTRY_ALIASES_CS:
                return lexicon.COUNTRY_ALIASES_CS[rest]
            code = lexicon.country_aliases_ci().get(normalise_phrase(rest))
            if code:
                return code
    return None


_MODE_PREFIX = re.compile(r"^(?:(?:by|via|through|thru|using|with|per|it'?s|it\s+is|is)\s+)+", re.IGNORECASE)


def normalise_mode(text: str) -> str | None:
    """Transport phrase -> 'postal' | 'express' | 'air_cargo' | 'ocean' | 'truck' | 'rail' | 'traveller'; else None."""
    if not isinstance(text, str):
        return None
    raw = " ".join(text.strip()[:200].split()).strip(" .,;!?")
    if not raw:
        return None
    for cand in (raw, _MODE_PREFIX.sub("", raw)):
        if cand in lexicon.MODE_PHRASES_CS:
            return lexicon.MODE_PHRASES_CS[cand]
        key = normalise_phrase(cand)
        if key in lexicon.BLOCKERS:
            return None
        if key in lexicon.MODE_PHRASES_CI:
            return lexicon.MODE_PHRASES_CI[key]
    for regex, mode in lexicon.MODE_REGEXES:
        if regex.search(raw):
            return mode
    # Longest known phrase inside the text ("DHL Express Worldwide", "we use sea freight").
    words = re.findall(r"[\w.'-]+", raw)
    for size in range(min(4, len(words)), 0, -1):
        for i in range(len(words) - size + 1):
            gram = " ".join(words[i : i + size])
            if gram in lexicon.MODE_PHRASES_CS:
                return lexicon.MODE_PHRASES_CS[gram]
            key = normalise_phrase(gram)
            if key in lexicon.MODE_PHRASES_CI:
                return lexicon.MODE_PHRASES_CI[key]
    return None


def find_mode_patterns(text: str) -> list[Span]:
    """Transport modes said in flexible phrasings ("carry them back with me", "via ups")."""
    text = _clip(text)
    return [
        Span(m.start(), m.end(), "transport_mode", mode, PRIORITY_LEXICON)
        for regex, mode in lexicon.MODE_REGEXES
        for m in regex.finditer(text)
    ]


# ============================================================================================
# HTS codes
# ============================================================================================

_HTS_KEYWORD = (
    r"\b(?:HTSUS|HTSA|HTS|HS|H\.S\.|tariff(?:\s+(?:code|number|heading|classification|line|item))?|"
    r"(?:sub)?heading|commodity\s+code|harmoni[sz]ed\s+(?:tariff\s+|system\s+)?code|schedule\s+b)"
    r"(?:\s+(?:code|number|no\.?|classification|heading))?\s*(?:is|of|:|#|=|-|no\.?)?\s*"
)
_HTS_CODE = r"[0-9]{4}(?:\.?[0-9]{2}(?:\.?[0-9]{2}(?:\.?[0-9]{2})?)?)?"
_HTS_END = r"(?![0-9]|[.,][0-9])"
_HTS_KEYWORD_RE = re.compile(rf"{_HTS_KEYWORD}(?P<code>{_HTS_CODE}){_HTS_END}", re.IGNORECASE)
_HTS_DOTTED_RE = re.compile(
    rf"(?<![\w.$€£¥,/-])(?P<code>[0-9]{{4}}\.[0-9]{{2}}(?:\.[0-9]{{2}}(?:\.?[0-9]{{2}})?)?){_HTS_END}"
)
_HTS_TEN_RE = re.compile(rf"(?<![\w.$€£¥,/#-])(?P<code>[0-9]{{10}}){_HTS_END}")
#: Bare 10-digit numbers right after these cues are phone, order or tracking numbers, not HTS codes.
_NOT_HTS_CUE = re.compile(
    r"(?:\b(?:call|phone|tel|telephone|text|whatsapp|mobile|cell|fax|number|no\.?|order|tracking|track|awb|"
    r"invoice|account|acct|id|ref|reference|po|zip)\b|[#+(])[\s:.#-]*(?:is\s+|at\s+|me\s+at\s+)?$",
    re.IGNORECASE,
)


def _format_hts(code: str) -> str | None:
    """Canonical dotted form of 4/6/8/10 HTS digits; None for an impossible chapter (00, 77, 98+...)."""
    digits = re.sub(r"[.\s]", "", code)
    if not digits.isdigit() or not digits.isascii() or len(digits) not in (4, 6, 8, 10):
        return None
    chapter = int(digits[:2])
    if chapter < 1 or chapter > 99 or chapter == 77:
        return None
    parts = [digits[:4], digits[4:6], digits[6:]]
    return ".".join(p for p in parts if p)


def find_hts_codes(text: str) -> list[Span]:
    """HTS codes: dotted ("6109.10", "6109.10.0012"), 10 bare digits, or any length after a keyword."""
    text = _clip(text)
    spans: list[Span] = []
    for regex, priority in (
        (_HTS_KEYWORD_RE, PRIORITY_EXPLICIT),
        (_HTS_DOTTED_RE, PRIORITY_BARE_HTS),
        (_HTS_TEN_RE, PRIORITY_BARE_HTS),
    ):
        for m in regex.finditer(text):
            if regex is _HTS_TEN_RE and _NOT_HTS_CUE.search(text[max(0, m.start() - 30) : m.start()]):
                continue
            after = m.end("code")
            money_after = _UNIT_AFTER.match(text, after) or _currency_after().match(text, after)
            if priority == PRIORITY_EXPLICIT and money_after:
                continue
            value = _format_hts(m.group("code"))
            if value:
                spans.append(Span(m.start("code"), m.end("code"), "hts_code", value, priority))
    return spans


def normalise_hts(text: str) -> str | None:
    """'6109100012' -> '6109.10.0012', '6109.10' -> '6109.10', 'HTS 6109' -> '6109'; bare '6109' -> None.

    A whole phrase of 6, 8 or 10 digits (dotted or not) is accepted; 4 digits need a keyword
    ("HTS", "HS", "heading", "tariff") so that a year is never taken for a heading.
    """
    if not isinstance(text, str):
        return None
    raw = text.strip()[:200].rstrip(".")
    if re.fullmatch(r"[0-9]{4}(?:[.\s]?[0-9]{2}){1,3}|[0-9]{4}[.\s]?[0-9]{2}[.\s]?[0-9]{4}", raw):
        return _format_hts(raw)
    spans = resolve_overlaps(find_hts_codes(raw))
    return str(spans[0].value) if spans else None


# ============================================================================================
# Dates
# ============================================================================================

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = "(?:" + "|".join(_WEEKDAYS) + ")"
_DAY = r"(?P<d>[0-3]?[0-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:19|20)[0-9]{2})"
_COUNT_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a couple of": 2,
    "couple of": 2,
}
_COUNT = (
    r"(?P<n>[0-9]{1,3}|a\s+couple\s+of|couple\s+of|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve)"
)
_UNIT = r"(?P<unit>days?|weeks?|months?|years?)"

_SEASON = r"(?P<s>spring|summer|fall|autumn|winter)"
_REL = r"(?P<rel>last|next|this|coming|past|previous)"
_PART = (
    r"(?P<part>early|late|mid|(?:the\s+)?(?:beginning|start|end|middle)\s+of)"
    r"(?:\s*-\s*|\s+)(?:the\s+)?"
)
_QUARTER_WORD = r"first|second|third|fourth|1st|2nd|3rd|4th"
_QUARTER = rf"(?:[Qq](?P<q>[1-4])|(?:the\s+)?(?P<qw>{_QUARTER_WORD})\s+quarter)"
#: With a year, "the last quarter of 2025" is its fourth quarter.
_QUARTER_OF_YEAR = rf"(?:[Qq](?P<q>[1-4])|(?:the\s+)?(?P<qw>{_QUARTER_WORD}|last|final)\s+quarter)"
_YEAR_END = r"\b(?![0-9]|[./:-][0-9]|\s*%)"
_MONTH_END = r"(?![\w-]|\.?\s*,?\s*[0-9])"
#: Words after "in (the) summer" etc. that make the season a modifier ("in winter coats"), not a date.
_SEASON_NOUNS = (
    r"sales?|clothes|clothing|coats?|jackets?|dress(?:es)?|wear|boots|shoes|tires|tyres|collections?|water|"
    r"rolls?|onions?|break|school|semester|term|camp|season|olympics|games|fashion|gear|items|goods|products|"
    r"line|holidays?|vacation|solstice|equinox|festival|range|of"
)
#: "this fall under ..." is the verb.
_FALL_VERB = r"under|into|within|outside|short|apart|behind|below|beneath|between"

_DATE_REGEXES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "iso",
        re.compile(
            r"(?<![0-9./-])(?P<y>(?:19|20)[0-9]{2})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})"
            r"(?![0-9]|[./-][0-9])"
        ),
    ),
    (
        "numeric",
        re.compile(
            r"(?<![0-9./-])(?P<a>[0-9]{1,2})(?P<sep>[/.-])(?P<b>[0-9]{1,2})(?P=sep)"
            r"(?P<y>[0-9]{4}|[0-9]{2})(?![0-9]|[./-][0-9])"
        ),
    ),
    (
        "month_day",
        re.compile(rf"\b(?P<m>{_MONTH})\s+(?:the\s+)?{_DAY}(?:(?:\s*,\s*|\s+){_YEAR})?\b(?![:.]?[0-9])", re.IGNORECASE),
    ),
    (
        "day_month",
        re.compile(rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?(?P<m>{_MONTH})(?:,?\s+{_YEAR})?\b(?![:.]?[0-9])", re.IGNORECASE),
    ),
    ("month_year", re.compile(rf"\b(?P<m>{_MONTH}),?\s+(?:of\s+)?{_YEAR}\b(?![0-9])", re.IGNORECASE)),
    (
        "month_only",
        re.compile(
            rf"\b(?:in|since|during|from|until|till|before|after|by|early|late|mid-?)\s*(?P<m>{_MONTH}){_MONTH_END}",
            re.IGNORECASE,
        ),
    ),
    ("rel_month", re.compile(rf"\b{_REL}\s+(?P<m>{_MONTH}){_MONTH_END}", re.IGNORECASE)),
    (
        "year",
        re.compile(
            r"\b(?:in|since|during|from|until|till|before|after|by|around|circa|of|year)\s+"
            rf"(?:the\s+year\s+)?(?P<y>(?:19|20)[0-9]{{2}}){_YEAR_END}",
            re.IGNORECASE,
        ),
    ),
    (
        "season_year",
        re.compile(
            rf"\b(?:the\s+)?{_SEASON}(?:\s+of)?,?\s+{_YEAR}(?:\s*[/-]\s*(?P<y2>(?:19|20)?[0-9]{{2}}))?{_YEAR_END}",
            re.IGNORECASE,
        ),
    ),
    (
        "season_rel",
        re.compile(rf"\b{_REL}\s+{_SEASON}\b(?!-)(?!\s+(?:{_FALL_VERB})\b)", re.IGNORECASE),
    ),
    (
        "season_prep",
        re.compile(
            rf"\b(?:in|during|over|through|throughout|since)\s+(?P<p>(?:the\s+)?{_SEASON})\b"
            rf"(?!-)(?!\s+(?:{_SEASON_NOUNS})\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "part_year",
        re.compile(rf"\b{_PART}(?:of\s+)?(?:{_YEAR}|(?P<rel>last|this|next|the)\s+year){_YEAR_END}", re.IGNORECASE),
    ),
    (
        "part_month",
        re.compile(
            rf"\b{_PART}(?P<m>{_MONTH})(?:,?\s+(?:of\s+)?{_YEAR}{_YEAR_END}|{_MONTH_END})",
            re.IGNORECASE,
        ),
    ),
    ("quarter_year", re.compile(rf"\b{_QUARTER_OF_YEAR}(?:\s+of|\s*[-/,])?\s*{_YEAR}{_YEAR_END}", re.IGNORECASE)),
    (
        "half_year",
        re.compile(
            rf"\b(?:[Hh](?P<h>[12])|(?:the\s+)?(?P<hw>first|second|1st|2nd|latter)\s+half)(?:\s+of|\s*[-/,])?\s*"
            rf"{_YEAR}{_YEAR_END}",
            re.IGNORECASE,
        ),
    ),
    ("year_quarter", re.compile(rf"(?<![0-9./-]){_YEAR}\s*[-/]?\s*[Qq](?P<q>[1-4])\b")),
    (
        "quarter_prep",
        re.compile(rf"\b(?:in|during|since|by|until|before|after|for)\s+(?P<p>{_QUARTER})\b", re.IGNORECASE),
    ),
    (
        "fixed",
        re.compile(
            r"\b(?:(?:the\s+)?day\s+(?:before\s+yesterday|after\s+tomorrow)|today|tonight|tomorrow|"
            r"yesterday)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "weekday",
        re.compile(rf"\b(?:(?P<rel>last|next|this|coming|past|previous)\s+)?(?P<wd>{_WEEKDAY})\b", re.IGNORECASE),
    ),
    (
        "period",
        re.compile(rf"\b{_REL}\s+(?P<unit>week|month|quarter|year)\b", re.IGNORECASE),
    ),
    (
        "fiscal_year",
        re.compile(
            r"\b(?:FY\s?'?(?P<fy>(?:19|20)?[0-9]{2})|fiscal(?:\s+year)?\s+(?P<fy2>(?:19|20)[0-9]{2}))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "fiscal_rel",
        re.compile(r"\b(?P<rel>last|next|this|current|past|previous)\s+(?:fiscal\s+year|fiscal|FY)\b", re.IGNORECASE),
    ),
    ("ago", re.compile(rf"\b{_COUNT}\s+{_UNIT}\s+(?:ago|back|earlier)\b", re.IGNORECASE)),
    ("ahead", re.compile(rf"\bin\s+{_COUNT}\s+{_UNIT}\b", re.IGNORECASE)),
    ("ahead", re.compile(rf"\b{_COUNT}\s+{_UNIT}\s+from\s+(?:now|today)\b", re.IGNORECASE)),
)

#: Every granularity a date can have: a calendar unit, or "range" (a part of one, or "since X" up to today).
DATE_GRANULARITIES: tuple[str, ...] = ("day", "week", "month", "season", "quarter", "year", "range")


@dataclass(frozen=True)
class DatePeriod:
    """What a date phrase names: ``start``..``end`` (inclusive) and how precise it is."""

    start: date
    end: date
    granularity: str

    def info(self) -> dict[str, str]:
        """The entity's ``additional_info``: granularity, start and end as ISO strings."""
        return {"granularity": self.granularity, "start": self.start.isoformat(), "end": self.end.isoformat()}


Resolver = Callable[[re.Match[str], date], "DatePeriod | None"]


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not (1900 <= year <= 2100):
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _two_digit_year(yy: int, today: date) -> int:
    year = 2000 + yy
    return year if year <= today.year + 10 else year - 100


def _month_number(token: str) -> int | None:
    return _MONTHS.get(token.lower().rstrip("."))


#: Month tokens that, in lowercase and without a day or year, are too ambiguous ("may", "mar").
_AMBIGUOUS_MONTHS = frozenset(
    {"may", "mar", "jan", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "feb", "apr"}
)


def _ambiguous_month(token: str) -> bool:
    return token[0].islower() and token.lower().rstrip(".") in _AMBIGUOUS_MONTHS


@functools.lru_cache(maxsize=1)
def _dateparser() -> Any:  # the module, imported lazily (slow import)
    import dateparser

    return dateparser


def _dateparser_parse(phrase: str, today: date) -> date | None:
    """Resolve a relative phrase with dateparser against ``today`` (past preferred)."""
    try:
        parsed = _dateparser().parse(
            phrase,
            languages=["en"],
            settings={
                "PREFER_DATES_FROM": "past",
                "RELATIVE_BASE": datetime.combine(today, datetime.min.time()),
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
    except Exception:  # noqa: BLE001 - dateparser may raise on odd input; treat as unparseable
        return None
    return parsed.date() if parsed else None


# --- periods ------------------------------------------------------------------------------------


def _add_months(value: date, months: int) -> date:
    """``value`` moved by whole months, the day clamped to the month's length (Jan 31 + 1 = Feb 28)."""
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    return value.replace(year=year, month=month + 1, day=min(value.day, calendar.monthrange(year, month + 1)[1]))


def _day(value: date) -> DatePeriod:
    return DatePeriod(value, value, "day")


def _month(year: int, month: int) -> DatePeriod:
    start = date(year, month, 1)
    return DatePeriod(start, last_day_of_month(start), "month")


def _year(year: int) -> DatePeriod:
    return DatePeriod(date(year, 1, 1), date(year, 12, 31), "year")


def _quarter(year: int, quarter: int) -> DatePeriod:
    start = date(year, 3 * quarter - 2, 1)
    return DatePeriod(start, last_day_of_month(_add_months(start, 2)), "quarter")


_SEASON_START = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def _season(name: str, year: int) -> DatePeriod:
    """A northern meteorological season, named by the year it starts in (winter 2025 = Dec 2025-Feb 2026)."""
    start = date(year, _SEASON_START[name.lower()], 1)
    return DatePeriod(start, last_day_of_month(_add_months(start, 2)), "season")


def _rolling(start: date, unit: str) -> DatePeriod:
    """One ``unit`` from ``start`` ("3 weeks ago" is the 7 days from that day)."""
    months = {"month": 1, "year": 12}.get(unit)
    if months:
        end = _add_months(start, months) - timedelta(days=1)
    else:
        end = start + timedelta(days=6 if unit == "week" else 0)
    return DatePeriod(start, end, unit)


def _relative(make: Callable[[int], DatePeriod], rel: str, today: date) -> DatePeriod:
    """The occurrence of a yearly period (a season, a month, a quarter) that ``rel`` points at.

    last: the latest that has ended; next: the first that has not begun; this: the one under way,
    else this year's; "" (bare "in the fall"): the latest that has begun.
    """
    options = [make(year) for year in range(today.year - 2, today.year + 2)]
    rel = {"coming": "next", "past": "last", "previous": "last"}.get(rel, rel)
    if rel == "last":
        return max((p for p in options if p.end < today), key=lambda p: p.start)
    if rel == "next":
        return min((p for p in options if p.start > today), key=lambda p: p.start)
    if rel == "this":
        current = [p for p in options if p.start <= today <= p.end]
        return current[0] if current else make(today.year)
    return max((p for p in options if p.start <= today), key=lambda p: p.start)


_THIRDS = {"early": 0, "beginning": 0, "start": 0, "mid": 1, "middle": 1, "late": 2, "end": 2}


def _part(period: DatePeriod, part: str) -> DatePeriod:
    """The early, middle or late third of a year (4 months each) or of a month (days 1-10, 11-20, 21-).

    ``part`` is the matched phrase: "early", "mid", "the end of", ...
    """
    third = next(_THIRDS[word] for word in part.lower().split() if word in _THIRDS)
    if period.granularity == "year":
        start = _add_months(period.start, 4 * third)
        end = _add_months(start, 4) - timedelta(days=1)
    else:
        start = period.start + timedelta(days=10 * third)
        end = period.end if third == 2 else start + timedelta(days=9)
    return DatePeriod(start, end, "range")


def _since(text: str, start: int, period: DatePeriod, today: date) -> DatePeriod:
    """'since 2016': from the period's start up to today (only for a start before today)."""
    if period.start < today and _SINCE_BEFORE.search(text[max(0, start - 20) : start]):
        return DatePeriod(period.start, today, "range")
    return period


_SINCE_BEFORE = re.compile(r"\bsince\s+$", re.IGNORECASE)


# --- resolvers, one per regex kind ------------------------------------------------------------


def _resolve_iso(m: re.Match[str], today: date) -> DatePeriod | None:
    found = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return _day(found) if found else None


def _resolve_numeric(m: re.Match[str], today: date) -> DatePeriod | None:
    a, b = int(m["a"]), int(m["b"])
    year = int(m["y"]) if len(m["y"]) == 4 else _two_digit_year(int(m["y"]), today)
    # US order (month/day) for "/" and "-", day.month for "."; the other order only if the first fails.
    for month, day in ((b, a), (a, b)) if m["sep"] == "." else ((a, b), (b, a)):
        found = _safe_date(year, month, day)
        if found:
            return _day(found)
    return None


def _resolve_month_day(m: re.Match[str], today: date) -> DatePeriod | None:
    month = _month_number(m["m"])
    if month is None:
        return None
    if not m["y"] and (m["m"].startswith("may") or (m["m"].lower().rstrip(".") == "mar" and m["m"][0] == "m")):
        return None  # lowercase "may" / "mar" without a year is the verb
    day = int(m["d"])
    if m["y"]:
        found = _safe_date(int(m["y"]), month, day)
        return _day(found) if found else None
    for year in range(today.year, today.year - 5, -1):  # past preferred
        found = _safe_date(year, month, day) if 1 <= day <= 31 else None
        if found and found <= today:
            return _day(found)
    return None


def _resolve_month_year(m: re.Match[str], today: date) -> DatePeriod | None:
    month, year = _month_number(m["m"]), int(m["y"])
    return _month(year, month) if month and 1900 <= year <= 2100 else None


def _resolve_month_only(m: re.Match[str], today: date) -> DatePeriod | None:
    """'in March': the most recent March (this year's if it has begun)."""
    month = _month_number(m["m"])
    if month is None or _ambiguous_month(m["m"]):
        return None
    return _month(today.year if month <= today.month else today.year - 1, month)


def _resolve_rel_month(m: re.Match[str], today: date) -> DatePeriod | None:
    """'next July', 'last July', 'this July'."""
    month = _month_number(m["m"])
    if month is None or _ambiguous_month(m["m"]):
        return None
    return _relative(lambda year: _month(year, month), m["rel"].lower(), today)


def _resolve_year(m: re.Match[str], today: date) -> DatePeriod | None:
    year = int(m["y"])
    return _year(year) if 1900 <= year <= 2100 else None


def _resolve_season_year(m: re.Match[str], today: date) -> DatePeriod | None:
    """'summer 2024', 'the winter of 2025-26' (the second year must follow the first)."""
    year = int(m["y"])
    if m["y2"] and int(m["y2"][-2:]) != (year + 1) % 100:
        return None
    return _season(m["s"], year) if 1900 <= year < 2100 else None


def _resolve_season_rel(m: re.Match[str], today: date) -> DatePeriod | None:
    return _relative(lambda year: _season(m["s"], year), m["rel"].lower(), today)


def _resolve_season_prep(m: re.Match[str], today: date) -> DatePeriod | None:
    return _relative(lambda year: _season(m["s"], year), "", today)


def _resolve_part_year(m: re.Match[str], today: date) -> DatePeriod | None:
    if m["y"]:
        year = int(m["y"])
    else:
        year = today.year + {"last": -1, "this": 0, "the": 0, "next": 1}[m["rel"].lower()]
    return _part(_year(year), m["part"]) if 1900 <= year <= 2100 else None


def _resolve_part_month(m: re.Match[str], today: date) -> DatePeriod | None:
    month = _month_number(m["m"])
    if month is None:
        return None
    if m["y"]:
        year = int(m["y"])
    elif _ambiguous_month(m["m"]):
        return None
    else:
        year = today.year if month <= today.month else today.year - 1
    return _part(_month(year, month), m["part"]) if 1900 <= year <= 2100 else None


_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_QUARTER_WORDS |= {"last": 4, "final": 4}


def _quarter_number(m: re.Match[str]) -> int:
    return int(m["q"]) if m["q"] else _QUARTER_WORDS[m["qw"].lower()]


def _resolve_quarter_year(m: re.Match[str], today: date) -> DatePeriod | None:
    year = int(m["y"])
    return _quarter(year, _quarter_number(m)) if 1900 <= year <= 2100 else None


def _resolve_half_year(m: re.Match[str], today: date) -> DatePeriod | None:
    """'H1 2025', 'the second half of 2025': six months, as a range."""
    year, second = int(m["y"]), m["h"] == "2" or (m["hw"] or "").lower() in ("second", "2nd", "latter")
    if not 1900 <= year <= 2100:
        return None
    start = date(year, 7 if second else 1, 1)
    return DatePeriod(start, last_day_of_month(_add_months(start, 5)), "range")


def _resolve_quarter_prep(m: re.Match[str], today: date) -> DatePeriod | None:
    """'in Q2': the latest Q2 that has begun."""
    quarter = _quarter_number(m)
    return _relative(lambda year: _quarter(year, quarter), "", today)


_FIXED_OFFSETS = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}


def _resolve_fixed(m: re.Match[str], today: date) -> DatePeriod | None:
    phrase = " ".join(m.group(0).lower().split())
    if "before yesterday" in phrase:
        return _day(today - timedelta(days=2))
    if "after tomorrow" in phrase:
        return _day(today + timedelta(days=2))
    return _day(today + timedelta(days=_FIXED_OFFSETS[phrase]))


def _resolve_weekday(m: re.Match[str], today: date) -> DatePeriod | None:
    target = _WEEKDAYS[m["wd"].lower()]
    rel = (m["rel"] or "").lower()
    back = (today.weekday() - target) % 7
    if rel in ("next", "coming"):
        return _day(today + timedelta(days=(target - today.weekday()) % 7 or 7))
    if rel in ("last", "past", "previous"):
        return _day(today - timedelta(days=back or 7))
    if rel == "this":  # the one in the current Monday-Sunday week
        return _day(today + timedelta(days=target - today.weekday()))
    return _day(today - timedelta(days=back))  # bare weekday: the most recent one, today included


def _resolve_period(m: re.Match[str], today: date) -> DatePeriod | None:
    """'last/this/next week|month|quarter|year'. A week is the 7 days from today, a week back or ahead."""
    rel = {"coming": "next", "past": "last", "previous": "last"}.get(m["rel"].lower(), m["rel"].lower())
    step = {"last": -1, "this": 0, "next": 1}[rel]
    unit = m["unit"].lower()
    if unit == "week":
        return _rolling(today + timedelta(weeks=step), "week")
    if unit == "year":
        return _year(today.year + step)
    if unit == "quarter":
        start = _add_months(date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), 3 * step)
        return _quarter(start.year, (start.month + 2) // 3)
    start = _add_months(today.replace(day=1), step)
    return _month(start.year, start.month)


def _resolve_count(m: re.Match[str], today: date) -> DatePeriod | None:
    """'2 months ago', 'in 3 weeks': that day (not rounded), one unit long from it."""
    count_text = " ".join((m["n"] or "").lower().split())
    count = int(count_text) if count_text.isdigit() else _COUNT_WORDS.get(count_text)
    if count is None:
        return None
    unit = m["unit"].lower().rstrip("s")
    ago = m.group(0).lower().endswith(("ago", "back", "earlier"))
    resolved = _dateparser_parse(f"{count} {unit}s ago" if ago else f"in {count} {unit}s", today)
    return _rolling(resolved, unit) if resolved else None


def _fiscal(year: int) -> DatePeriod:
    """US federal fiscal year `year`: 1 October of the year before to 30 September."""
    return DatePeriod(date(year - 1, 10, 1), date(year, 9, 30), "range")


def _resolve_fiscal_year(m: re.Match[str], today: date) -> DatePeriod | None:
    """'FY2026', 'FY 26', 'fiscal year 2025'."""
    digits = m["fy"] or m["fy2"]
    year = int(digits) if len(digits) == 4 else 2000 + int(digits)
    return _fiscal(year) if 1900 <= year <= 2100 else None


def _resolve_fiscal_rel(m: re.Match[str], today: date) -> DatePeriod | None:
    """'last fiscal year': the federal fiscal year before the one today is in."""
    current = today.year + (1 if today.month >= 10 else 0)
    step = {"last": -1, "past": -1, "previous": -1, "next": 1}.get(m["rel"].lower(), 0)
    return _fiscal(current + step)


_RESOLVERS: dict[str, Resolver] = {
    "iso": _resolve_iso,
    "numeric": _resolve_numeric,
    "month_day": _resolve_month_day,
    "day_month": _resolve_month_day,
    "month_year": _resolve_month_year,
    "month_only": _resolve_month_only,
    "rel_month": _resolve_rel_month,
    "year": _resolve_year,
    "season_year": _resolve_season_year,
    "season_rel": _resolve_season_rel,
    "season_prep": _resolve_season_prep,
    "part_year": _resolve_part_year,
    "part_month": _resolve_part_month,
    "quarter_year": _resolve_quarter_year,
    "year_quarter": _resolve_quarter_year,
    "half_year": _resolve_half_year,
    "quarter_prep": _resolve_quarter_prep,
    "fixed": _resolve_fixed,
    "weekday": _resolve_weekday,
    "period": _resolve_period,
    "fiscal_year": _resolve_fiscal_year,
    "fiscal_rel": _resolve_fiscal_rel,
    "ago": _resolve_count,
    "ahead": _resolve_count,
}

#: Relative phrases lose to an explicit date they overlap.
_RELATIVE_KINDS = frozenset({"fixed", "weekday", "period", "ago", "ahead", "rel_month", "season_rel", "fiscal_rel"})
#: Explicit dates that fail validation veto shorter readings inside them ("February 30 2024").
_VETO_KINDS = frozenset({"iso", "numeric", "month_day", "day_month"})
#: The span is this group, not the whole match ("in 2015" -> "2015").
_SPAN_GROUP = {"year": "y", "month_only": "m", "season_prep": "p", "quarter_prep": "p"}


def _date_span(kind: str, m: re.Match[str], text: str, found: DatePeriod, today: date) -> Span | None:
    if not (1900 <= found.start.year and found.end.year <= 2100):
        return None
    group = _SPAN_GROUP.get(kind)
    start, end = (m.start(group), m.end(group)) if group else (m.start(), m.end())
    found = _since(text, start, found, today)
    priority = PRIORITY_RELATIVE_DATE if kind in _RELATIVE_KINDS else PRIORITY_EXPLICIT
    return Span(start, end, "date", found.start.isoformat(), priority, found.info())


def find_dates(text: str, today: date | None = None) -> list[Span]:
    """Dates in ``text`` (all valid candidates). ``Span.value`` is the period's start 'YYYY-MM-DD';
    ``Span.info`` is ``DatePeriod.info()``: granularity, start and end (inclusive).

    Invalid calendar dates ("13/45/2024", "February 30 2024") give no span. A bare year needs a
    preposition ("in 2015"); "since 2016" is the range from 2016-01-01 to today.
    """
    text = _clip(text)
    today = today or date.today()
    spans: list[Span] = []
    invalid: list[tuple[int, int]] = []  # explicit dates that failed: they veto shorter readings
    for kind, regex in _DATE_REGEXES:
        for m in regex.finditer(text):
            try:
                found = _RESOLVERS[kind](m, today)
            except (OverflowError, ValueError):  # relative to a `today` near date.min or date.max
                continue
            if found is None:
                if kind in _VETO_KINDS and (kind != "month_day" or m["y"]):
                    invalid.append((m.start(), m.end()))
                continue
            span = _date_span(kind, m, text, found, today)
            if span is not None:
                spans.append(span)
    return [s for s in spans if not any(s.start < e and b < s.end for b, e in invalid)]


def parse_date_period(text: str, today: date | None = None) -> DatePeriod | None:
    """The period a date phrase names ('last winter' -> 2025-12-01..2026-02-28, 'season'); None if none.

    A bare '2015' or '2024-06' typed as a slot value is a year or a month.
    """
    if not isinstance(text, str):
        return None
    text = _clip(text)
    today = today or date.today()
    bare = text.strip().rstrip(".")
    if re.fullmatch(r"(?:19|20)[0-9]{2}", bare):
        return _year(int(bare))
    if re.fullmatch(r"(?:19|20)[0-9]{2}-[01]?[0-9]", bare):
        year, month = (int(p) for p in bare.split("-"))
        return _month(year, month) if 1 <= month <= 12 else None
    spans = resolve_overlaps(find_dates(text, today))
    if not spans:
        return None
    info = spans[0].info
    return DatePeriod(date.fromisoformat(info["start"]), date.fromisoformat(info["end"]), info["granularity"])


def parse_date(text: str, today: date | None = None) -> tuple[str, str] | None:
    """Like ``normalise_date`` but also returns the granularity: ('2024-06-01', 'month')."""
    found = parse_date_period(text, today)
    return (found.start.isoformat(), found.granularity) if found else None


def normalise_date(text: str, today: date | None = None) -> str | None:
    """Date phrase -> 'YYYY-MM-DD' (the start of the period it names) resolved against ``today``
    (default: ``date.today()``); None if invalid.

    '06/01/2024' -> '2024-06-01' (US order), 'June 2024' -> '2024-06-01', 'in 2015' / '2015' ->
    '2015-01-01', 'yesterday', 'last Tuesday', 'next month' (-> first day of next month),
    'last spring' -> '2026-03-01' (on 2026-12-01). ``parse_date_period`` gives the whole period.
    """
    parsed = parse_date(text, today)
    return parsed[0] if parsed else None


def last_day_of_month(value: date) -> date:
    """Last day of ``value``'s month (helper for callers that want a month range)."""
    return value.replace(day=calendar.monthrange(value.year, value.month)[1])
