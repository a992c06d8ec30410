"""Loose dates: each date entity names a period (start..end, inclusive) resolved against a fixed today.

The contract read by the answer layer::

    {"entity": "date", "value": start, "additional_info": {"granularity": g, "start": start, "end": end}}

``g`` is one of "day", "week", "month", "season", "quarter", "year", "range"; for a day start == end.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.nlu.dates import find_dates, parse_date, parse_date_period
from bot.nlu.extract import extract_entities
from bot.nlu.periods import DATE_GRANULARITIES

TODAY = date(2026, 12, 1)  # a Tuesday; the first day of (meteorological) winter 2026-27


def dates(text: str, today: date = TODAY) -> list[dict[str, Any]]:
    return [e for e in extract_entities(text, today) if e["entity"] == "date"]


def periods(text: str, today: date = TODAY) -> list[tuple[str, str, str, str]]:
    """(granularity, start, end, text) of each date entity, checking value == start."""
    found = []
    for entity in dates(text, today):
        info = entity["additional_info"]
        assert set(info) == {"granularity", "start", "end"}
        assert entity["value"] == info["start"] <= info["end"]
        assert info["granularity"] in DATE_GRANULARITIES
        found.append((info["granularity"], info["start"], info["end"], entity["text"]))
    return found


def period(text: str, today: date = TODAY) -> tuple[str, str, str]:
    found = periods(text, today)
    assert len(found) == 1, found
    return found[0][:3]


# --- years ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In 2023 I ordered a jacket from a shop in Italy", ("year", "2023-01-01", "2023-12-31")),
        ("back in 2019 nobody paid duty on these", ("year", "2019-01-01", "2019-12-31")),
        ("during 2025 I imported twice", ("year", "2025-01-01", "2025-12-31")),
        ("I started importing in 2015", ("year", "2015-01-01", "2015-12-31")),
        ("what was the limit last year?", ("year", "2025-01-01", "2025-12-31")),
        ("this year", ("year", "2026-01-01", "2026-12-31")),
        ("next year", ("year", "2027-01-01", "2027-12-31")),
        # "N units ago": the day N units back, its granularity the unit, the period one unit long from it.
        ("two years ago", ("year", "2024-12-01", "2025-11-30")),
        ("a couple of years ago", ("year", "2024-12-01", "2025-11-30")),
    ],
)
def test_years(text: str, expected: tuple[str, str, str]) -> None:
    assert period(text) == expected


def test_a_year_keeps_its_existing_span_and_value() -> None:
    [entity] = dates("In 2023 I ordered a jacket")
    assert (entity["value"], entity["text"], entity["start"], entity["end"]) == ("2023-01-01", "2023", 3, 7)


# --- seasons (northern, meteorological: spring Mar-May, summer Jun-Aug, fall Sep-Nov, winter Dec-Feb) ----


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last spring", ("season", "2026-03-01", "2026-05-31")),
        ("I bought it last summer", ("season", "2026-06-01", "2026-08-31")),
        ("last fall", ("season", "2026-09-01", "2026-11-30")),
        ("last autumn", ("season", "2026-09-01", "2026-11-30")),
        ("last winter", ("season", "2025-12-01", "2026-02-28")),  # this winter began today
        ("this winter", ("season", "2026-12-01", "2027-02-28")),
        ("next summer", ("season", "2027-06-01", "2027-08-31")),
        ("summer 2024", ("season", "2024-06-01", "2024-08-31")),
        ("in the summer of 2024", ("season", "2024-06-01", "2024-08-31")),
        ("in spring 2025", ("season", "2025-03-01", "2025-05-31")),
        ("winter 2023", ("season", "2023-12-01", "2024-02-29")),  # a winter is named by the year it starts
        ("Fall of 2025", ("season", "2025-09-01", "2025-11-30")),
        ("winter 2025/26", ("season", "2025-12-01", "2026-02-28")),
        ("the winter of 2025-26", ("season", "2025-12-01", "2026-02-28")),
        ("this spring, we ordered again", ("season", "2026-03-01", "2026-05-31")),
        ("in the fall", ("season", "2026-09-01", "2026-11-30")),  # the latest that has begun
        ("during the summer", ("season", "2026-06-01", "2026-08-31")),
    ],
)
def test_seasons(text: str, expected: tuple[str, str, str]) -> None:
    assert period(text) == expected


def test_last_season_depends_on_today() -> None:
    assert period("last summer", date(2026, 7, 15)) == ("season", "2025-06-01", "2025-08-31")
    assert period("last spring", date(2026, 7, 15)) == ("season", "2026-03-01", "2026-05-31")
    assert period("last winter", date(2026, 1, 10)) == ("season", "2024-12-01", "2025-02-28")
    assert period("this winter", date(2026, 1, 10)) == ("season", "2025-12-01", "2026-02-28")
    assert period("next winter", date(2026, 1, 10)) == ("season", "2026-12-01", "2027-02-28")


@pytest.mark.parametrize(
    "text",
    [
        "I sell summer dresses and winter coats",
        "spring rolls and spring water",
        "does it fall under section 321?",
        "prices fall in winter sales",  # "in winter sales": a winter sale is not a date
        "a spring for my watch",
        "in the summer of '69",
        "during the Spring Festival",
        "winter 2025/27",
        "will this fall within the exemption?",
    ],
)
def test_season_words_that_are_not_dates(text: str) -> None:
    assert dates(text) == []


# --- months, parts of years and months, quarters ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in June 2025", ("month", "2025-06-01", "2025-06-30")),
        ("June of 2024", ("month", "2024-06-01", "2024-06-30")),
        ("last month", ("month", "2026-11-01", "2026-11-30")),
        ("this month", ("month", "2026-12-01", "2026-12-31")),
        ("next month", ("month", "2027-01-01", "2027-01-31")),
        ("next July", ("month", "2027-07-01", "2027-07-31")),
        ("last July", ("month", "2026-07-01", "2026-07-31")),
        ("this July", ("month", "2026-07-01", "2026-07-31")),
        ("last December", ("month", "2025-12-01", "2025-12-31")),
        ("in March", ("month", "2026-03-01", "2026-03-31")),
        ("February 2024", ("month", "2024-02-01", "2024-02-29")),
        ("two months ago", ("month", "2026-10-01", "2026-10-31")),
        ("early 2025", ("range", "2025-01-01", "2025-04-30")),
        ("in late 2025", ("range", "2025-09-01", "2025-12-31")),
        ("mid-2025", ("range", "2025-05-01", "2025-08-31")),
        ("mid 2025", ("range", "2025-05-01", "2025-08-31")),
        ("the middle of 2025", ("range", "2025-05-01", "2025-08-31")),
        ("by the end of 2025", ("range", "2025-09-01", "2025-12-31")),
        ("at the beginning of 2024", ("range", "2024-01-01", "2024-04-30")),
        ("early last year", ("range", "2025-01-01", "2025-04-30")),
        ("late this year", ("range", "2026-09-01", "2026-12-31")),
        ("early June 2025", ("range", "2025-06-01", "2025-06-10")),
        ("mid-June 2025", ("range", "2025-06-11", "2025-06-20")),
        ("late February 2024", ("range", "2024-02-21", "2024-02-29")),
        ("late June", ("range", "2026-06-21", "2026-06-30")),
        ("Q3 2025", ("quarter", "2025-07-01", "2025-09-30")),
        ("q1 2026", ("quarter", "2026-01-01", "2026-03-31")),
        ("2025 Q4", ("quarter", "2025-10-01", "2025-12-31")),
        ("the third quarter of 2025", ("quarter", "2025-07-01", "2025-09-30")),
        ("2nd quarter 2024", ("quarter", "2024-04-01", "2024-06-30")),
        ("in Q2", ("quarter", "2026-04-01", "2026-06-30")),
        ("last quarter", ("quarter", "2026-07-01", "2026-09-30")),
        ("this quarter", ("quarter", "2026-10-01", "2026-12-31")),
        ("next quarter", ("quarter", "2027-01-01", "2027-03-31")),
        ("the last quarter of 2025", ("quarter", "2025-10-01", "2025-12-31")),
        ("by the end of the year", ("range", "2026-09-01", "2026-12-31")),
        ("H1 2025", ("range", "2025-01-01", "2025-06-30")),
        ("the second half of 2025", ("range", "2025-07-01", "2025-12-31")),
    ],
)
def test_months_parts_and_quarters(text: str, expected: tuple[str, str, str]) -> None:
    assert period(text) == expected


@pytest.mark.parametrize("text", ["Q3: what is the limit?", "see Q5 2025", "this may be wrong", "next mar"])
def test_quarter_and_month_lookalikes(text: str) -> None:
    assert dates(text) == []


# --- days and weeks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", ("day", "2026-11-30", "2026-11-30")),
        ("today", ("day", "2026-12-01", "2026-12-01")),
        ("on 29 Aug 2025", ("day", "2025-08-29", "2025-08-29")),
        ("8/28/2025", ("day", "2025-08-28", "2025-08-28")),
        ("Aug 28th", ("day", "2026-08-28", "2026-08-28")),
        ("the 1st of July 2027", ("day", "2027-07-01", "2027-07-01")),
        ("from 1 July 2027", ("day", "2027-07-01", "2027-07-01")),
        ("3 days ago", ("day", "2026-11-28", "2026-11-28")),
        ("last Tuesday", ("day", "2026-11-24", "2026-11-24")),
        # Weeks are the seven days from the value (unchanged: "last week" = 7 days before today).
        ("last week", ("week", "2026-11-24", "2026-11-30")),
        ("next week", ("week", "2026-12-08", "2026-12-14")),
        ("in 2 weeks", ("week", "2026-12-15", "2026-12-21")),
    ],
)
def test_days_and_weeks(text: str, expected: tuple[str, str, str]) -> None:
    assert period(text) == expected


@pytest.mark.parametrize("text", ["is it duty free now?", "what is the limit currently", "right now", "nowadays"])
def test_now_and_currently_are_not_date_entities(text: str) -> None:
    """As before: the answer layer reads them as "today" (its `today` cue) when no date is given, and a
    deictic "Now" must not become the first date ahead of a past shipment's own date."""
    assert dates(text) == []


def test_now_is_not_taken_from_3_days_from_now() -> None:
    assert period("3 days from now") == ("day", "2026-12-04", "2026-12-04")


# --- "since": an open period up to today, never an invented end -----------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("since 2016", ("range", "2016-01-01", "2026-12-01")),
        ("I've been importing since 2016", ("range", "2016-01-01", "2026-12-01")),
        ("ever since June 2024", ("range", "2024-06-01", "2026-12-01")),
        ("since last spring", ("range", "2026-03-01", "2026-12-01")),
        ("since 29 Aug 2025", ("range", "2025-08-29", "2026-12-01")),
        ("since yesterday", ("range", "2026-11-30", "2026-12-01")),
        ("since Q3 2025", ("range", "2025-07-01", "2026-12-01")),
        # A "since" in the future is no range: keep the date itself.
        ("since 2030", ("year", "2030-01-01", "2030-12-31")),
    ],
)
def test_since_is_an_open_range_ending_today(text: str, expected: tuple[str, str, str]) -> None:
    assert period(text) == expected


def test_since_today_is_a_day() -> None:
    assert period("since today") == ("day", "2026-12-01", "2026-12-01")


# --- not dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "before the change",
        "after the new rule",
        "my laptop is 2 years old",
        "I paid $2025 for it",
        "order #2023-1187",
        "HTS 6109.10.0012",
        "customs held it for 24 hours",
        "do I need a 10+2 filing?",
        "it takes 7 days",
        "section 321",
        "3 items",
        "EO 14324 suspends duty-free de minimis treatment",
        "invoice 2024-118",
        "model 2020X",
        "2,025 units",
        "room 2019",
    ],
)
def test_not_dates(text: str) -> None:
    assert dates(text) == []


# --- several dates in one message -----------------------------------------------------------


def test_several_dates_each_with_its_own_period() -> None:
    text = "I ordered in 2023 and again last summer; is it different from next July?"
    assert periods(text) == [
        ("year", "2023-01-01", "2023-12-31", "2023"),
        ("season", "2026-06-01", "2026-08-31", "last summer"),
        ("month", "2027-07-01", "2027-07-31", "next July"),
    ]


def test_a_past_shipment_keeps_its_own_date_next_to_now() -> None:
    assert periods("Now I got a bill for my order from last spring. Why?") == [
        ("season", "2026-03-01", "2026-05-31", "last spring"),
    ]
    assert periods("Back in 2019 I paid nothing, but now they charge duty. Why?") == [
        ("year", "2019-01-01", "2019-12-31", "2019"),
    ]


# --- the normaliser API ------------------------------------------------------------------------


def test_parse_date_period_matches_the_entity() -> None:
    found = parse_date_period("last winter", TODAY)
    assert found is not None
    assert (found.granularity, found.start, found.end) == ("season", date(2025, 12, 1), date(2026, 2, 28))
    assert found.info() == {"granularity": "season", "start": "2025-12-01", "end": "2026-02-28"}
    assert parse_date("last winter", TODAY) == ("2025-12-01", "season")
    assert parse_date_period("before the change", TODAY) is None
    assert parse_date_period(None, TODAY) is None  # type: ignore[arg-type]


def test_bare_year_and_year_month_typed_as_a_slot() -> None:
    year = parse_date_period("2015", TODAY)
    month = parse_date_period("2024-02", TODAY)
    assert year is not None and year.info() == {"granularity": "year", "start": "2015-01-01", "end": "2015-12-31"}
    assert month is not None and month.info() == {"granularity": "month", "start": "2024-02-01", "end": "2024-02-29"}


def test_every_period_is_well_formed_across_a_year_of_todays() -> None:
    phrases = [
        "last spring",
        "last summer",
        "last fall",
        "last winter",
        "this winter",
        "next spring",
        "in the winter",
        "last quarter",
        "this quarter",
        "next quarter",
        "in Q4",
        "last July",
        "next February",
        "late February",
        "since last winter",
        "two years ago",
        "a month ago",
        "last week",
    ]
    day = date(2024, 1, 1)
    while day <= date(2025, 1, 1):
        for phrase in phrases:
            for entity in dates(phrase, day):
                info = entity["additional_info"]
                start, end = date.fromisoformat(info["start"]), date.fromisoformat(info["end"])
                assert start <= end, (phrase, day, info)
                if phrase.startswith(("last", "since")) or "ago" in phrase:
                    assert start <= day, (phrase, day, info)
                if phrase.startswith("next"):
                    assert start > day, (phrase, day, info)
        day = date.fromordinal(day.toordinal() + 5)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("$1,200 of jars from Ningbo by ocean, should arrive in January, what do I owe?", "2027-01-01"),
        ("next shipment arrives in March", "2027-03-01"),
        ("el contenedor va a llegar en enero", "2027-01-01"),
        ("I ordered it in January", "2026-01-01"),
        ("lo pedí en enero", "2026-01-01"),
        ("in March I bought shoes. Will I pay duty?", "2026-03-01"),
    ],
)
def test_a_bare_month_is_the_next_one_in_a_sentence_about_the_future(text: str, start: str) -> None:
    assert [span.value for span in find_dates(text, date(2026, 12, 1))] == [start]
