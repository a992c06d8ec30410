"""Dates: the period a date phrase names ("06/01/2024", "last winter", "Q2 2025", "since 2016").

``find_dates`` finds dates in a text, as spans whose value is the period's start ("YYYY-MM-DD")
and whose info is the period (``DatePeriod.info()``: granularity, start and end, inclusive);
``parse_date_period``, ``parse_date`` and ``normalise_date`` read a phrase typed as a date.
Relative phrases resolve against ``today``. No Rasa or spaCy import here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from bot.nlu.date_patterns import COUNT_WORDS, DATE_REGEXES, MONTHS, SPANISH_WORDS, WEEKDAYS
from bot.nlu.periods import (
    DatePeriod,
    add_months,
    day_period,
    fiscal_year_period,
    last_day_of_month,
    month_period,
    occurrence,
    part_of,
    quarter_period,
    rolling_period,
    season_period,
    year_period,
)
from bot.nlu.spans import PRIORITY_EXPLICIT, PRIORITY_RELATIVE_DATE, Span, clip, resolve_overlaps

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
    return MONTHS.get(token.lower().rstrip("."))


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
    except Exception:  # dateparser may raise on odd input; treat as unparseable
        return None
    return parsed.date() if parsed else None


def _since(text: str, start: int, period: DatePeriod, today: date) -> DatePeriod:
    """'since 2016': from the period's start up to today (only for a start before today)."""
    if period.start < today and _SINCE_BEFORE.search(text[max(0, start - 20) : start]):
        return DatePeriod(period.start, today, "range")
    return period


_SINCE_BEFORE = re.compile(r"\b(?:since|desde)\s+$", re.IGNORECASE)


# --- resolvers, one per regex kind ------------------------------------------------------------


def _resolve_iso(m: re.Match[str], today: date) -> DatePeriod | None:
    found = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return day_period(found) if found else None


def _resolve_numeric(m: re.Match[str], today: date) -> DatePeriod | None:
    a, b = int(m["a"]), int(m["b"])
    year = int(m["y"]) if len(m["y"]) == 4 else _two_digit_year(int(m["y"]), today)
    # US order (month/day) for "/" and "-", day.month for "."; the other order only if the first fails.
    for month, day in ((b, a), (a, b)) if m["sep"] == "." else ((a, b), (b, a)):
        found = _safe_date(year, month, day)
        if found:
            return day_period(found)
    return None


def _resolve_month_day(m: re.Match[str], today: date) -> DatePeriod | None:
    month = _month_number(m["m"])
    if month is None:
        return None
    if not m["y"] and (re.fullmatch(r"may\.?", m["m"]) or (m["m"].lower().rstrip(".") == "mar" and m["m"][0] == "m")):
        return None  # lowercase "may" / "mar" without a year is the verb
    day = int(m["d"])
    if m["y"]:
        found = _safe_date(int(m["y"]), month, day)
        return day_period(found) if found else None
    for year in range(today.year, today.year - 5, -1):  # past preferred
        found = _safe_date(year, month, day) if 1 <= day <= 31 else None
        if found and found <= today:
            return day_period(found)
    return None


def _resolve_month_year(m: re.Match[str], today: date) -> DatePeriod | None:
    month, year = _month_number(m["m"]), int(m["y"])
    return month_period(year, month) if month and 1900 <= year <= 2100 else None


#: Words of a sentence that speaks of what is to come ("should arrive in January", "llegará en enero").
FUTURE_CUE = re.compile(
    r"\b(?:will|shall|should|going\s+to|gonna|expect(?:ed|ing)?|arriving|due|coming|upcoming|next|plan(?:ning)?\s+to|"
    r"i'?ll|we'?ll|it'?ll|they'?ll|va\s+a|van\s+a|vamos\s+a|voy\s+a|llegar[aá]n?|saldr[aá]n?|pienso|planeo|"
    r"pr[oó]xim[oa])\b",
    re.IGNORECASE,
)


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` that holds `start`..`end` (between '.', '?', '!' or '¿' marks)."""
    left = max(text.rfind(mark, 0, start) for mark in ".?!¿¡")
    rights = [i for i in (text.find(mark, end) for mark in ".?!") if i != -1]
    return text[left + 1 : min(rights) if rights else len(text)]


def _resolve_month_only(m: re.Match[str], today: date) -> DatePeriod | None:
    """'in March': the most recent March (this year's if it has begun), or the next one in a sentence about
    the future ("the container should arrive in January", said in December, is next January)."""
    month = _month_number(m["m"])
    if month is None or _ambiguous_month(m["m"]):
        return None
    if month < today.month and FUTURE_CUE.search(_sentence_around(m.string, m.start(), m.end())):
        return month_period(today.year + 1, month)
    return month_period(today.year if month <= today.month else today.year - 1, month)


def _resolve_rel_month(m: re.Match[str], today: date) -> DatePeriod | None:
    """'next July', 'last July', 'this July'."""
    month = _month_number(m["m"])
    if month is None or _ambiguous_month(m["m"]):
        return None
    return occurrence(lambda year: month_period(year, month), m["rel"].lower(), today)


def _resolve_year(m: re.Match[str], today: date) -> DatePeriod | None:
    year = int(m["y"])
    return year_period(year) if 1900 <= year <= 2100 else None


def _resolve_season_year(m: re.Match[str], today: date) -> DatePeriod | None:
    """'summer 2024', 'the winter of 2025-26' (the second year must follow the first)."""
    year = int(m["y"])
    if m["y2"] and int(m["y2"][-2:]) != (year + 1) % 100:
        return None
    return season_period(m["s"], year) if 1900 <= year < 2100 else None


def _resolve_season_rel(m: re.Match[str], today: date) -> DatePeriod | None:
    return occurrence(lambda year: season_period(m["s"], year), m["rel"].lower(), today)


def _resolve_season_prep(m: re.Match[str], today: date) -> DatePeriod | None:
    return occurrence(lambda year: season_period(m["s"], year), "", today)


def _resolve_part_year(m: re.Match[str], today: date) -> DatePeriod | None:
    if m["y"]:
        year = int(m["y"])
    else:
        year = today.year + {"last": -1, "this": 0, "the": 0, "next": 1}[m["rel"].lower()]
    return part_of(year_period(year), m["part"]) if 1900 <= year <= 2100 else None


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
    return part_of(month_period(year, month), m["part"]) if 1900 <= year <= 2100 else None


_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_QUARTER_WORDS |= {"last": 4, "final": 4}


def _quarter_number(m: re.Match[str]) -> int:
    return int(m["q"]) if m["q"] else _QUARTER_WORDS[m["qw"].lower()]


def _resolve_quarter_year(m: re.Match[str], today: date) -> DatePeriod | None:
    year = int(m["y"])
    return quarter_period(year, _quarter_number(m)) if 1900 <= year <= 2100 else None


def _resolve_half_year(m: re.Match[str], today: date) -> DatePeriod | None:
    """'H1 2025', 'the second half of 2025': six months, as a range."""
    year, second = int(m["y"]), m["h"] == "2" or (m["hw"] or "").lower() in ("second", "2nd", "latter")
    if not 1900 <= year <= 2100:
        return None
    start = date(year, 7 if second else 1, 1)
    return DatePeriod(start, last_day_of_month(add_months(start, 5)), "range")


def _resolve_quarter_prep(m: re.Match[str], today: date) -> DatePeriod | None:
    """'in Q2': the latest Q2 that has begun."""
    quarter = _quarter_number(m)
    return occurrence(lambda year: quarter_period(year, quarter), "", today)


_FIXED_OFFSETS = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}


def _resolve_fixed(m: re.Match[str], today: date) -> DatePeriod | None:
    phrase = " ".join(m.group(0).lower().split())
    if "before yesterday" in phrase:
        return day_period(today - timedelta(days=2))
    if "after tomorrow" in phrase:
        return day_period(today + timedelta(days=2))
    return day_period(today + timedelta(days=_FIXED_OFFSETS[phrase]))


def _resolve_weekday(m: re.Match[str], today: date) -> DatePeriod | None:
    target = WEEKDAYS[m["wd"].lower()]
    rel = (m["rel"] or "").lower()
    back = (today.weekday() - target) % 7
    if rel in ("next", "coming"):
        return day_period(today + timedelta(days=(target - today.weekday()) % 7 or 7))
    if rel in ("last", "past", "previous"):
        return day_period(today - timedelta(days=back or 7))
    if rel == "this":  # the one in the current Monday-Sunday week
        return day_period(today + timedelta(days=target - today.weekday()))
    return day_period(today - timedelta(days=back))  # bare weekday: the most recent one, today included


def _resolve_period(m: re.Match[str], today: date) -> DatePeriod | None:
    """'last/this/next week|month|quarter|year'. A week is the 7 days from today, a week back or ahead."""
    rel = {"coming": "next", "past": "last", "previous": "last"}.get(m["rel"].lower(), m["rel"].lower())
    step = {"last": -1, "this": 0, "next": 1}[rel]
    unit = m["unit"].lower()
    if unit == "week":
        return rolling_period(today + timedelta(weeks=step), "week")
    if unit == "year":
        return year_period(today.year + step)
    if unit == "quarter":
        start = add_months(date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), 3 * step)
        return quarter_period(start.year, (start.month + 2) // 3)
    start = add_months(today.replace(day=1), step)
    return month_period(start.year, start.month)


def _resolve_count(m: re.Match[str], today: date) -> DatePeriod | None:
    """'2 months ago', 'in 3 weeks': that day (not rounded), one unit long from it."""
    count_text = " ".join((m["n"] or "").lower().split())
    count = int(count_text) if count_text.isdigit() else COUNT_WORDS.get(count_text)
    if count is None:
        return None
    unit = m["unit"].lower().rstrip("s")
    ago = m.group(0).lower().endswith(("ago", "back", "earlier"))
    resolved = _dateparser_parse(f"{count} {unit}s ago" if ago else f"in {count} {unit}s", today)
    return rolling_period(resolved, unit) if resolved else None


def _resolve_fiscal_year(m: re.Match[str], today: date) -> DatePeriod | None:
    """'FY2026', 'FY 26', 'fiscal year 2025'."""
    digits = m["fy"] or m["fy2"]
    year = int(digits) if len(digits) == 4 else 2000 + int(digits)
    return fiscal_year_period(year) if 1900 <= year <= 2100 else None


def _resolve_fiscal_rel(m: re.Match[str], today: date) -> DatePeriod | None:
    """'last fiscal year': the federal fiscal year before the one today is in."""
    current = today.year + (1 if today.month >= 10 else 0)
    step = {"last": -1, "past": -1, "previous": -1, "next": 1}.get(m["rel"].lower(), 0)
    return fiscal_year_period(current + step)


# --- Spanish: the words are mapped to the English ones and the English resolvers do the rest -----


def _es(word: str | None) -> str:
    """A Spanish relative word, unit, season or quarter as the English word ('pasada' -> 'last')."""
    key = " ".join((word or "").lower().split())
    return SPANISH_WORDS.get(key, key)


class _Groups:
    """A match whose groups are read through ``_es``, for the English resolvers."""

    def __init__(self, m: re.Match[str], **extra: str | None) -> None:
        self._m, self._extra = m, extra

    def __getitem__(self, name: str) -> str | None:
        if name in self._extra:
            return self._extra[name]
        value = self._m.group(name) if name in self._m.re.groupindex else None
        return _es(value) if name in ("rel", "unit", "s") else value

    def group(self, index: int | str = 0) -> str:
        return self._m.group(index)


def _resolve_rel_month_es(m: re.Match[str], today: date) -> DatePeriod | None:
    return _resolve_rel_month(_Groups(m), today)  # type: ignore[arg-type]


def _resolve_season_year_es(m: re.Match[str], today: date) -> DatePeriod | None:
    year = int(m["y"])
    return season_period(_es(m["s"]), year) if 1900 <= year < 2100 else None


def _resolve_season_rel_es(m: re.Match[str], today: date) -> DatePeriod | None:
    return occurrence(lambda year: season_period(_es(m["s"]), year), _es(m["rel"]), today)


def _resolve_season_prep_es(m: re.Match[str], today: date) -> DatePeriod | None:
    return occurrence(lambda year: season_period(_es(m["s"]), year), "", today)


def _resolve_quarter_year_es(m: re.Match[str], today: date) -> DatePeriod | None:
    year = int(m["y"])
    return quarter_period(year, int(_es(m["qw"]))) if 1900 <= year <= 2100 else None


_FIXED_OFFSETS_ES = {"hoy": 0, "ayer": -1, "anteayer": -2, "antier": -2, "antes de ayer": -2}


def _resolve_fixed_es(m: re.Match[str], today: date) -> DatePeriod | None:
    phrase = " ".join(m.group(0).lower().replace("ñ", "n").split())
    offset = 2 if phrase == "pasado manana" else 1 if phrase == "manana" else _FIXED_OFFSETS_ES[phrase]
    return day_period(today + timedelta(days=offset))


def _resolve_weekday_es(m: re.Match[str], today: date) -> DatePeriod | None:
    rel = m["rel"] or m["rel2"]
    return _resolve_weekday(_Groups(m, rel=_es(rel) if rel else None), today)  # type: ignore[arg-type]


def _resolve_period_es(m: re.Match[str], today: date) -> DatePeriod | None:
    return _resolve_period(_Groups(m), today)  # type: ignore[arg-type]


def _resolve_count_es(m: re.Match[str], today: date) -> DatePeriod | None:
    """'hace dos años', 'dentro de 3 meses': as '2 years ago', 'in 3 months'."""
    count_text = " ".join((m["n"] or "").lower().split())
    count = int(count_text) if count_text.isdigit() else COUNT_WORDS.get(count_text)
    unit = _es(m["unit"])
    if count is None or unit not in ("day", "week", "month", "year"):
        return None
    ago = not re.match(r"(?:en|dentro)\b", m.group(0), re.IGNORECASE)
    resolved = _dateparser_parse(f"{count} {unit}s ago" if ago else f"in {count} {unit}s", today)
    return rolling_period(resolved, unit) if resolved else None


def _resolve_month_rel_year_es(m: re.Match[str], today: date) -> DatePeriod | None:
    """'julio del año que viene': July of next year."""
    month = _month_number(m["m"])
    step = {"last": -1, "this": 0, "next": 1}.get(_es(m["rel"] or m["rel2"]))
    if month is None or step is None:
        return None
    return month_period(today.year + step, month)


def _resolve_fiscal_es(m: re.Match[str], today: date) -> DatePeriod | None:
    """'el año fiscal 2026', 'el próximo año fiscal': the US federal fiscal year."""
    if m["y"]:
        year = int(m["y"])
        return fiscal_year_period(year) if 1900 <= year <= 2100 else None
    current = today.year + (1 if today.month >= 10 else 0)
    rel = m["rel"] or m["rel2"] or ""
    step = {"last": -1, "next": 1}.get(_es(rel), 0)
    return fiscal_year_period(current + step)


def _resolve_numeric_day_first(m: re.Match[str], today: date) -> DatePeriod | None:
    """Spanish '01/07/2027' is 1 July (day first); the other order only if the first fails."""
    a, b = int(m["a"]), int(m["b"])
    year = int(m["y"]) if len(m["y"]) == 4 else _two_digit_year(int(m["y"]), today)
    for month, day in ((b, a), (a, b)):
        found = _safe_date(year, month, day)
        if found:
            return day_period(found)
    return None


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
    "rel_month_es": _resolve_rel_month_es,
    "season_year_es": _resolve_season_year_es,
    "season_rel_es": _resolve_season_rel_es,
    "season_prep_es": _resolve_season_prep_es,
    "quarter_year_es": _resolve_quarter_year_es,
    "fixed_es": _resolve_fixed_es,
    "weekday_es": _resolve_weekday_es,
    "period_es": _resolve_period_es,
    "ago_es": _resolve_count_es,
    "ahead_es": _resolve_count_es,
    "month_rel_year_es": _resolve_month_rel_year_es,
    "fiscal_es": _resolve_fiscal_es,
}

#: Relative phrases lose to an explicit date they overlap.
_RELATIVE_KINDS = frozenset({"fixed", "weekday", "period", "ago", "ahead", "rel_month", "season_rel", "fiscal_rel"})
_RELATIVE_KINDS |= {"fixed_es", "weekday_es", "period_es", "ago_es", "ahead_es", "rel_month_es", "season_rel_es"}
#: Explicit dates that fail validation veto shorter readings inside them ("February 30 2024").
_VETO_KINDS = frozenset({"iso", "numeric", "month_day", "day_month"})
#: The span is this group, not the whole match ("in 2015" -> "2015").
_SPAN_GROUP = {"year": "y", "month_only": "m", "season_prep": "p", "quarter_prep": "p", "season_prep_es": "p"}


def _date_span(kind: str, m: re.Match[str], text: str, found: DatePeriod, today: date) -> Span | None:
    if not (1900 <= found.start.year and found.end.year <= 2100):
        return None
    group = _SPAN_GROUP.get(kind)
    start, end = (m.start(group), m.end(group)) if group else (m.start(), m.end())
    found = _since(text, start, found, today)
    priority = PRIORITY_RELATIVE_DATE if kind in _RELATIVE_KINDS else PRIORITY_EXPLICIT
    return Span(start, end, "date", found.start.isoformat(), priority, found.info())


def find_dates(text: str, today: date | None = None, lang: str | None = None) -> list[Span]:
    """Dates in ``text`` (all valid candidates). ``Span.value`` is the period's start 'YYYY-MM-DD';
    ``Span.info`` is ``DatePeriod.info()``: granularity, start and end (inclusive).

    Invalid calendar dates ("13/45/2024", "February 30 2024") give no span. A bare year needs a
    preposition ("in 2015", "en 2015"); "since 2016" / "desde 2016" is the range from 2016-01-01 to
    today. ``lang="es"`` reads numeric dates day first ("01/07/2027" is 1 July 2027).
    """
    text = clip(text)
    today = today or date.today()
    spans: list[Span] = []
    invalid: list[tuple[int, int]] = []  # explicit dates that failed: they veto shorter readings
    for kind, regex in DATE_REGEXES:
        for m in regex.finditer(text):
            resolver = _resolve_numeric_day_first if kind == "numeric" and lang == "es" else _RESOLVERS[kind]
            try:
                found = resolver(m, today)
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


def parse_date_period(text: str, today: date | None = None, lang: str | None = None) -> DatePeriod | None:
    """The period a date phrase names ('last winter' -> 2025-12-01..2026-02-28, 'season'); None if none.

    A bare '2015' or '2024-06' typed as a slot value is a year or a month.
    """
    if not isinstance(text, str):
        return None
    text = clip(text)
    today = today or date.today()
    bare = text.strip().rstrip(".")
    if re.fullmatch(r"(?:19|20)[0-9]{2}", bare):
        return year_period(int(bare))
    if re.fullmatch(r"(?:19|20)[0-9]{2}-[01]?[0-9]", bare):
        year, month = (int(p) for p in bare.split("-"))
        return month_period(year, month) if 1 <= month <= 12 else None
    spans = resolve_overlaps(find_dates(text, today, lang))
    if not spans:
        return None
    info = spans[0].info
    return DatePeriod(date.fromisoformat(info["start"]), date.fromisoformat(info["end"]), info["granularity"])


def parse_date(text: str, today: date | None = None, lang: str | None = None) -> tuple[str, str] | None:
    """Like ``normalise_date`` but also returns the granularity: ('2024-06-01', 'month')."""
    found = parse_date_period(text, today, lang)
    return (found.start.isoformat(), found.granularity) if found else None


def normalise_date(text: str, today: date | None = None, lang: str | None = None) -> str | None:
    """Date phrase -> 'YYYY-MM-DD' (the start of the period it names) resolved against ``today``
    (default: ``date.today()``); None if invalid.

    '06/01/2024' -> '2024-06-01' (US order), 'June 2024' -> '2024-06-01', 'in 2015' / '2015' ->
    '2015-01-01', 'yesterday', 'last Tuesday', 'next month' (-> first day of next month),
    'last spring' -> '2026-03-01' (on 2026-12-01). ``parse_date_period`` gives the whole period.
    """
    parsed = parse_date(text, today, lang)
    return parsed[0] if parsed else None
