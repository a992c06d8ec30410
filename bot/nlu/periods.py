"""Date periods: what a date phrase names, from a day to a fiscal year (no Rasa, no spaCy).

A ``DatePeriod`` is a start and an end (inclusive) with a granularity from ``DATE_GRANULARITIES``;
the helpers build the calendar periods the date resolvers of ``bot.nlu.dates`` return.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

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


def add_months(value: date, months: int) -> date:
    """``value`` moved by whole months, the day clamped to the month's length (Jan 31 + 1 = Feb 28)."""
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    return value.replace(year=year, month=month + 1, day=min(value.day, calendar.monthrange(year, month + 1)[1]))


def day_period(value: date) -> DatePeriod:
    """One day."""
    return DatePeriod(value, value, "day")


def month_period(year: int, month: int) -> DatePeriod:
    """A calendar month."""
    start = date(year, month, 1)
    return DatePeriod(start, last_day_of_month(start), "month")


def year_period(year: int) -> DatePeriod:
    """A calendar year."""
    return DatePeriod(date(year, 1, 1), date(year, 12, 31), "year")


def quarter_period(year: int, quarter: int) -> DatePeriod:
    """A calendar quarter (1-4)."""
    start = date(year, 3 * quarter - 2, 1)
    return DatePeriod(start, last_day_of_month(add_months(start, 2)), "quarter")


_SEASON_START = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def season_period(name: str, year: int) -> DatePeriod:
    """A northern meteorological season, named by the year it starts in (winter 2025 = Dec 2025-Feb 2026)."""
    start = date(year, _SEASON_START[name.lower()], 1)
    return DatePeriod(start, last_day_of_month(add_months(start, 2)), "season")


def rolling_period(start: date, unit: str) -> DatePeriod:
    """One ``unit`` from ``start`` ("3 weeks ago" is the 7 days from that day)."""
    months = {"month": 1, "year": 12}.get(unit)
    if months:
        end = add_months(start, months) - timedelta(days=1)
    else:
        end = start + timedelta(days=6 if unit == "week" else 0)
    return DatePeriod(start, end, unit)


def occurrence(make: Callable[[int], DatePeriod], rel: str, today: date) -> DatePeriod:
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
_THIRDS |= {"principios": 0, "inicios": 0, "comienzos": 0, "mediados": 1, "finales": 2, "fines": 2}  # Spanish


def part_of(period: DatePeriod, part: str) -> DatePeriod:
    """The early, middle or late third of a year (4 months each) or of a month (days 1-10, 11-20, 21-).

    ``part`` is the matched phrase: "early", "mid", "the end of", ...
    """
    third = next(_THIRDS[word] for word in part.lower().split() if word in _THIRDS)
    if period.granularity == "year":
        start = add_months(period.start, 4 * third)
        end = add_months(start, 4) - timedelta(days=1)
    else:
        start = period.start + timedelta(days=10 * third)
        end = period.end if third == 2 else start + timedelta(days=9)
    return DatePeriod(start, end, "range")


def fiscal_year_period(year: int) -> DatePeriod:
    """US federal fiscal year `year`: 1 October of the year before to 30 September."""
    return DatePeriod(date(year - 1, 10, 1), date(year, 9, 30), "range")


def last_day_of_month(value: date) -> date:
    """Last day of ``value``'s month (helper for callers that want a month range)."""
    return value.replace(day=calendar.monthrange(value.year, value.month)[1])
