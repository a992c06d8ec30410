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
import unicodedata

import pycountry
from babel import Locale
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


def strip_accents(text: str) -> str:
    """'méxico' -> 'mexico', 'dólares' -> 'dolares' (people often type Spanish without accents); keeps ñ."""
    decomposed = unicodedata.normalize("NFD", text.replace("ñ", "\x00").replace("Ñ", "\x01"))
    plain = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", plain).replace("\x00", "ñ").replace("\x01", "Ñ")


def accent_variants(phrase: str) -> list[str]:
    """A phrase and its accent-free spelling ('perú', 'peru'), and with ñ as n ('españa', 'espana')."""
    out = [phrase]
    for variant in (strip_accents(phrase), strip_accents(phrase).replace("ñ", "n")):
        if variant not in out:
            out.append(variant)
    return out


#: Phrases (case-insensitive) that contain an alias of some entity but are not that entity. The
#: extractor matches them like entities and then drops them, so the shorter alias inside loses.
#: Spanish ones are in countries.yml and transport_modes.yml (``blockers_es``), with accent-free spellings.
BLOCKERS: frozenset[str] = frozenset(vocabulary.blockers()) | frozenset(
    spelling
    for phrase in (*_COUNTRIES["blockers_es"], *vocabulary.transport_mode_file()["blockers_es"])
    for spelling in accent_variants(phrase)
)


#: In a Spanish message: names that are ordinary words in lowercase ("se usa", "chile" the pepper), which
#: count only in capitals, and capitalised codes that are Spanish words ("DE"). From countries.yml.
SPANISH_LOWERCASE_WORDS: frozenset[str] = frozenset(_COUNTRIES["lowercase_words_es"])
NOT_IN_SPANISH: frozenset[str] = frozenset(_COUNTRIES["not_in_spanish_es"])


#: babel locales whose country names are added ("es_MX"/"es_419" spell a few differently).
SPANISH_LOCALES = ("es", "es_MX", "es_419")


def _spanish_names(name: str) -> list[str]:
    """'Myanmar (Birmania)' -> ['myanmar (birmania)', 'myanmar', 'birmania']; 'RAE de Hong Kong (China)' skipped."""
    key = normalise_phrase(name.replace("\u2019", "'"))
    if key.startswith("rae de "):
        return []
    out = [key]
    match = re.fullmatch(r"(.+?) \((.+)\)", key)
    if match:
        out = [match.group(1), match.group(2)]
    return out


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
    # Spanish names of every country (babel), with and without accents ("México", "mexico").
    codes = {country.alpha_2 for country in pycountry.countries}
    for locale in SPANISH_LOCALES:
        for code, name in Locale.parse(locale).territories.items():
            if code not in codes:
                continue
            for variant in _spanish_names(name):
                for spelling in accent_variants(variant):
                    if spelling not in case_sensitive:
                        aliases.setdefault(spelling, code)
    # Ambiguous leftovers of the comma split: "korea" (KR/KP), "congo" (CG/CD), "virgin islands".
    for phrase, code in COUNTRY_ALIASES_CI.items():
        for spelling in accent_variants(phrase):
            aliases[spelling] = code if spelling == phrase else aliases.get(spelling, code)
    for code, places in vocabulary.places().items():  # cities named instead of their country
        for place in places:
            for spelling in accent_variants(normalise_phrase(place)):
                aliases.setdefault(spelling, code)
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
CURRENCY_WORDS_NUMBER_ONLY: frozenset[str] = frozenset(
    spelling for word in _CURRENCIES["number_only"] for spelling in accent_variants(word)
)

_EXCLUDED_CODES = frozenset(_CURRENCIES["excluded_codes"])


@functools.lru_cache(maxsize=1)
def iso_currency_codes() -> frozenset[str]:
    """Uppercase ISO 4217 codes of real currencies (no funds, metals or test codes)."""
    return frozenset(
        c.alpha_3 for c in pycountry.currencies if not c.alpha_3.startswith("X") and c.alpha_3 not in _EXCLUDED_CODES
    )


def _spanish_currency_names(code: str) -> list[str]:
    """babel's Spanish names of a currency, singular and plural ("peso mexicano", "pesos mexicanos")."""
    names = []
    for count in (1, 2):
        name = normalise_phrase(get_currency_name(code, count=count, locale="es"))
        if name != code.lower() and "(" not in name:
            names.extend(accent_variants(name))
    return names


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
    for code in sorted(codes):  # Spanish: "dólares estadounidenses", "libras esterlinas", "soles peruanos"
        for name in _spanish_currency_names(code):
            if " " in name:
                words.setdefault(name, code)
    for code, plurals in _CURRENCIES["typed_plurals"].items():
        for plural in plurals:
            words.setdefault(plural, code)
    for word, code in CURRENCY_WORDS.items():  # hand words win; their accent-free spelling too ("dolares")
        for spelling in accent_variants(word):
            if spelling == word or spelling not in CURRENCY_WORDS:
                words[spelling] = code
    return words
