"""Hypothesis strategies for hostile input: any text, long text, money, number words, dates, countries.

Shared by the property tests of the normalisers, the NLU component, the assessment engine and the
shipment form. Example counts stay moderate (two shared cores): see `SETTINGS`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pycountry
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

#: Moderate example counts, no deadline (the first call builds the spaCy pipeline).
SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
FEW = settings(SETTINGS, max_examples=150)

#: Every code point, lone surrogates included (a Python str may hold them; JSON from a browser can).
ANY_CHAR = st.characters(blacklist_categories=())
any_text = st.text(ANY_CHAR, max_size=300)

FRAGMENTS = (
    "$650",
    "€90",
    "US$ 1,200.50",
    "1.2k",
    "3m",
    "2bn",
    "1.200,50",
    ".5",
    "-50 dollars",
    "minus 40",
    "two thousand five hundred dollars",
    "a hundred bucks",
    "worth 650",
    "a 650 order",
    "1e999",
    "NaN",
    "inf",
    "China",
    "the US",
    "us",
    "Hong Kong",
    "Turkey",
    "turkey",
    "EU",
    "Narnia",
    "by DHL",
    "by sea",
    "in my luggage",
    "06/01/2024",
    "2024-06-01",
    "31.12.1899",
    "in 2015",
    "last Tuesday",
    "next month",
    "February 30 2024",
    "13/45/2024",
    "6109.10.0012",
    "HTS 6109",
    "phone cases",
    "non-alcoholic wine",
    "kids' toys",
    "shipment of",
    "importing",
    "500 kg",
    "25%",
    "'; DROP TABLE rules; --",
    "<script>alert(1)</script>",
    '/check_shipment{"amount": "x"}',
    "\x00",
    "\u200f",
    "\ufeff",
    "😀",
    "עברית",
    "٣٤٥",
    "\ud800",
)
fragments = st.sampled_from(FRAGMENTS)

_MONEY = (
    r"[-+~]?[ ]?(?:[$€£¥₹]|USD|usd|US\$|EUR|CAD|RMB|Rs\.?)?[ ]?[0-9]{0,13}(?:[,.][0-9]{0,4}){0,3}"
    r"[ ]?(?:k|K|m|M|b|bn|mn|thousand|million|billion|grand)?[ ]?(?:dollars|bucks|euros|yen|USD|usd|pounds|GBP|%)?"
)
money_text = st.from_regex(_MONEY, fullmatch=True)

_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen nineteen twenty thirty forty "
    "fifty ninety hundred thousand million billion and a an - dollars euros k grand minus worth"
).split()
number_words = st.lists(st.sampled_from(_NUMBER_WORDS), min_size=1, max_size=12).map(" ".join)

_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y", "%m/%d/%y", "%B %d, %Y", "%d %b %Y", "%b %Y", "in %Y", "%Y")
_RELATIVE = (
    "today",
    "yesterday",
    "tomorrow",
    "the day before yesterday",
    "last Tuesday",
    "next friday",
    "this week",
    "next month",
    "3 weeks ago",
    "a couple of years ago",
    "in 2 years",
    "999 days from now",
    "in March",
    "since may",
)
date_like = st.one_of(
    st.builds(lambda day, fmt: day.strftime(fmt), st.dates(), st.sampled_from(_DATE_FORMATS)),
    st.from_regex(r"[0-9]{1,4}[-/.][0-9]{1,3}[-/.][0-9]{1,5}", fullmatch=True),
    st.sampled_from(_RELATIVE),
)

_COUNTRY_NAMES = sorted(
    {
        name
        for country in pycountry.countries
        for name in (
            country.alpha_2,
            country.alpha_3,
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
        )
        if name
    }
)
_CASES = (str, str.lower, str.upper, str.title, str.swapcase)
country_like = st.one_of(
    st.builds(
        lambda prefix, name, case: prefix + case(name),
        st.sampled_from(("", "from ", "made in ", "the ", "country of origin: ", "  ")),
        st.sampled_from(_COUNTRY_NAMES),
        st.sampled_from(_CASES),
    ),
    st.text(st.characters(whitelist_categories=("Lu", "Ll")), max_size=12),
)

#: Mixtures of the above and random bits, as one message.
mixed_text = st.lists(
    st.one_of(money_text, number_words, date_like, country_like, fragments, st.text(ANY_CHAR, max_size=6)),
    max_size=25,
).map(" ".join)

#: Long messages, up to 5,000 characters (the finders scan the first 2,000).
long_text = st.tuples(mixed_text, st.integers(min_value=1, max_value=400)).map(lambda pair: (pair[0] * pair[1])[:5000])

#: Any of the above: what a user could type.
user_text = st.one_of(any_text, mixed_text, long_text, money_text, number_words, date_like, country_like)

#: Any JSON value, as a user can give an entity with `/intent{"amount": ...}` or a client can send.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(ANY_CHAR, max_size=30),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)

#: Any value a Python caller could pass: numbers of every kind (huge, NaN, infinite, negative), text, containers.
hostile_values: st.SearchStrategy[Any] = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(min_value=Decimal("-1e30"), max_value=Decimal("1e30"), places=8),
    st.sampled_from(
        [
            Decimal("sNaN"),
            Decimal("1e999999999"),
            Decimal("-1e999999999"),
            Decimal("1e-999999999"),
            Decimal("0.004"),
            Decimal("10000000000.004"),
            Decimal("-0"),
            10**5000,
            -(10**5000),
            1e-320,
            float("nan"),
            float("-inf"),
        ]
    ),
    st.floats(),
    st.integers(),
    st.integers(min_value=-(2**200), max_value=2**200),
    st.text(ANY_CHAR, max_size=40),
    money_text,
    number_words,
    json_values,
    st.binary(max_size=10),
    st.complex_numbers(),
    st.dates(),
    st.just(object()),
)

#: Dates anywhere in the calendar, datetimes, and things that are not dates.
hostile_dates = st.one_of(
    st.none(),
    st.dates(),
    st.datetimes(),
    st.sampled_from([dt.date.min, dt.date.max, dt.date(1937, 12, 31), dt.date(1938, 1, 1), dt.date(2101, 1, 1)]),
    st.text(max_size=12),
    st.integers(),
    json_values,
)
