"""The NLU's word tables, built from the reviewed vocabulary files in ``data/lexicon/``.

The words themselves are data (``countries.yml``, ``places.yml``, ``blockers.yml``,
``transport_modes.yml``, ``currencies.yml``), read and checked by ``bot.vocabulary``; this module
turns them into the lookup tables the entity ruler (``bot.nlu.extract``) and the normalisers use,
and adds what pycountry and babel know (every country's and currency's English names). Keys of the
``*_CI`` maps are lowercase and matched case-insensitively; keys of the ``*_CS`` maps are matched
with their exact case (short codes and words that are ordinary English words in lowercase).
"""

from __future__ import annotations

import functools
import re

import pycountry
from babel.numbers import get_currency_name

from bot import vocabulary
from bot.vocabulary import normalise_phrase

__all__ = ["normalise_phrase"]  # re-exported: the key form of every table

# --------------------------------------------------------------------------------------------
# Countries
# --------------------------------------------------------------------------------------------

#: Special value for the European Union (not an ISO 3166-1 code, but reserved by ISO for it).
EU = "EU"

_COUNTRIES = vocabulary.countries()

#: Hand-written aliases and demonyms, matched case-insensitively. They override pycountry names.
COUNTRY_ALIASES_CI: dict[str, str] = {
    phrase: code for code, phrases in _COUNTRIES["aliases"].items() for phrase in phrases
}

#: Case-sensitive aliases: short codes, and names/demonyms that are common words in lowercase
#: ("turkey" the bird, "polish" the verb, "jersey" the garment, "chad" the name...).
COUNTRY_ALIASES_CS: dict[str, str] = {
    phrase: code for code, phrases in _COUNTRIES["case_sensitive"].items() for phrase in phrases
}

#: Phrases (case-insensitive) that contain an alias of some entity but are not that entity. The
#: extractor matches them like entities and then drops them, so the shorter alias inside loses.
BLOCKERS: frozenset[str] = frozenset(vocabulary.blockers())


def _comma_variants(name: str) -> list[str]:
    """'Korea, Republic of' -> ['Korea, Republic of', 'Republic of Korea', 'Korea']."""
    out = [name]
    if ", " in name:
        head, tail = name.split(", ", 1)
        out.append(f"{tail} {head}")
        out.append(head)
    return out


@functools.lru_cache(maxsize=1)
def country_aliases_ci() -> dict[str, str]:
    """All case-insensitive country aliases: pycountry names plus the hand list (which wins)."""
    aliases: dict[str, str] = {}
    case_sensitive = {k.lower() for k in COUNTRY_ALIASES_CS}
    for country in pycountry.countries:
        names = [country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)]
        for name in names:
            if not name:
                continue
            for variant in _comma_variants(name):
                key = normalise_phrase(variant)
                if key and key not in case_sensitive:
                    aliases.setdefault(key, country.alpha_2)
    # Ambiguous leftovers of the comma split: "korea" (KR/KP), "congo" (CG/CD), "virgin islands".
    aliases.update(COUNTRY_ALIASES_CI)
    for code, places in vocabulary.places().items():  # cities named instead of their country
        for place in places:
            aliases.setdefault(normalise_phrase(place), code)
    for blocked in _COUNTRIES["not_aliases"]:
        aliases.pop(blocked, None)
    return aliases


# --------------------------------------------------------------------------------------------
# Transport modes
# --------------------------------------------------------------------------------------------

#: Every mode id, from ``transport_modes.yml`` (the vocabulary bot/thresholds uses too).
TRANSPORT_MODES: tuple[str, ...] = vocabulary.transport_modes()

_MODES = vocabulary.transport_mode_file()

#: Fixed phrases (case-insensitive). Bare "ship" is NOT here: it is nearly always the verb.
MODE_PHRASES_CI: dict[str, str] = {phrase: mode for mode, phrases in _MODES["phrases"].items() for phrase in phrases}

#: Case-sensitive mode words: EMS (vs "ems"), UPS (vs "ups and downs", "start-ups").
MODE_PHRASES_CS: dict[str, str] = {
    phrase: mode for mode, phrases in _MODES["case_sensitive"].items() for phrase in phrases
}

#: Flexible phrasings, as regexes (case-insensitive), used both by ``normalise_mode`` and by the
#: extractor. "carry it with me", "bring them back myself", "via ups", ...
MODE_REGEXES: tuple[tuple[re.Pattern[str], str], ...] = _MODES["patterns"]


# --------------------------------------------------------------------------------------------
# Currencies
# --------------------------------------------------------------------------------------------

_CURRENCIES = vocabulary.currencies()

#: Symbols and prefixed symbols. Plain "$" is USD; "¥" is JPY (use "RMB"/"yuan" for CNY).
CURRENCY_SYMBOLS: dict[str, str] = dict(_CURRENCIES["symbols"])

#: ISO codes accepted in lowercase too ("300 usd"); all other ISO 4217 codes need uppercase.
CURRENCY_CODES_ANY_CASE: frozenset[str] = frozenset(_CURRENCIES["codes_any_case"])

#: Currency words (lowercase) -> ISO code. "pound(s)" is GBP except in weight contexts, which the
#: amount finder checks ("5 pounds of coffee", "it weighs 5 pounds").
CURRENCY_WORDS: dict[str, str] = {word: code for code, words in _CURRENCIES["words"].items() for word in words}

#: Currency words that are ordinary English words on their own, so they only count next to a
#: number ("500 won") and never as a standalone currency mention.
CURRENCY_WORDS_NUMBER_ONLY: frozenset[str] = frozenset(_CURRENCIES["number_only"])

_EXCLUDED_CODES = frozenset(_CURRENCIES["excluded_codes"])


@functools.lru_cache(maxsize=1)
def iso_currency_codes() -> frozenset[str]:
    """Uppercase ISO 4217 codes of real currencies (no funds, metals or test codes)."""
    return frozenset(
        c.alpha_3 for c in pycountry.currencies if not c.alpha_3.startswith("X") and c.alpha_3 not in _EXCLUDED_CODES
    )


def _english_names(code: str) -> list[str]:
    """babel's English display names of a currency, singular and plural ("swedish krona", "swedish kronor")."""
    names = []
    for count in (1, 2):
        name = normalise_phrase(get_currency_name(code, count=count, locale="en"))
        if name != code.lower() and "(" not in name:
            names.append(name)
    return names


@functools.lru_cache(maxsize=1)
def currency_words() -> dict[str, str]:
    """Hand currency words plus multi-word English names of every currency and their plurals.

    Names: pycountry's ("mexican peso"), babel's singular and plural ("mexican pesos", "swedish
    kronor") and the plurals people type that babel does not give ("swedish kronas",
    ``typed_plurals``). Single words ("sol", "real", "gold") are too ambiguous and left out.
    """
    words: dict[str, str] = {}
    codes = iso_currency_codes()
    for currency in pycountry.currencies:
        if currency.alpha_3 not in codes or "(" in currency.name:
            continue
        name = normalise_phrase(currency.name)
        if " " in name:
            words.setdefault(name, currency.alpha_3)
    for code in sorted(codes):
        for name in _english_names(code):
            if " " in name:
                words.setdefault(name, code)
    for code, plurals in _CURRENCIES["typed_plurals"].items():
        for plural in plurals:
            words.setdefault(plural, code)
    words.update(CURRENCY_WORDS)
    return words
