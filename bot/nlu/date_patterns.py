"""The date phrases the date finder knows, as regular expressions, and their words.

``DATE_REGEXES`` is a tuple of (kind, regex); ``bot.nlu.dates`` has one resolver per kind. Month
and weekday names are calendar constants; the counts ("three weeks ago") read the number words of
``data/lexicon/numbers.yml``. No Rasa or spaCy import here.
"""

from __future__ import annotations

import re

from bot import vocabulary

#: Month names and abbreviations ("may" and "mar" are also verbs: see ``dates._ambiguous_month``).
MONTHS: dict[str, int] = {
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
#: Weekdays as ``date.weekday()`` numbers.
WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
_DAY = r"(?P<d>[0-3]?[0-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:19|20)[0-9]{2})"
#: Counts of "3 weeks ago", "in two months": "one" to "twelve" (numbers.yml), "a"/"an", "a couple of".
_NUMBERS = {word: value for word, value in vocabulary.number_words().items() if 1 <= value <= 12}
COUNT_WORDS: dict[str, int] = {"a": 1, "an": 1, **_NUMBERS, "a couple of": 2, "couple of": 2}
_COUNT = r"(?P<n>[0-9]{1,3}|a\s+couple\s+of|couple\s+of|an?|" + "|".join(_NUMBERS) + ")"
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

DATE_REGEXES: tuple[tuple[str, re.Pattern[str]], ...] = (
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
