"""The word lists of ``data/lexicon/``, read and checked (no Rasa, no spaCy: the rules core uses it too).

Every vocabulary is a reviewed YAML file with a header saying what it holds. This module reads
each one, checks its shape and entries, and returns plain Python values; the NLU (``bot.nlu``)
builds its matchers from them and the rules core (``bot.thresholds``) takes the transport modes
and goods flags from here, so each concept is listed once:

- ``transport_modes()`` / ``shipment_modes()``: the mode ids (``transport_modes.yml``);
- ``goods_flag_names()``: the goods flag ids (``goods.yml``);
- ``number_words()`` / ``scale_words()``: "two" -> 2, "thousand" -> 1000 (``numbers.yml``).

Spanish words sit in the same files, in optional sections named ``*_es`` (``aliases_es``,
``words_es``, ``phrases_es``, ``patterns_es``, ``numbers_es``...) or ``spanish_terms`` (goods), merged with
the English ones and checked the same way (a phrase listed in both languages for two meanings is an error).

A bad file raises ``VocabularyError`` naming the file and the entry ("countries.yml: aliases.CN[3]:
'China' must be lowercase"), never a bare KeyError or a silently shorter list. Duplicate keys in a
mapping are an error too (YAML would otherwise keep the last one).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml

LEXICON_DIR = Path(__file__).resolve().parents[1] / "data" / "lexicon"

_CODE2 = re.compile(r"[A-Z]{2}")
_CODE3 = re.compile(r"[A-Z]{3}")
_IDENT = re.compile(r"[a-z][a-z0-9_]*")
#: One lowercase word, accented letters allowed ("dieciséis", "millón").
_WORD = re.compile(r"[^\W\d_A-Z]+")


class VocabularyError(ValueError):
    """A vocabulary file that cannot be used; the message names the file and the entry."""


def normalise_phrase(text: str) -> str:
    """Lowercase, unify apostrophes and collapse whitespace (the key form of every lexicon)."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return " ".join(text.lower().split())


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # the C parser when libyaml is there
    """A safe loader that refuses a key given twice in one mapping."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"key {key!r} is given twice", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _File:
    """One vocabulary file being checked: reading, and errors that name the file and entry."""

    def __init__(self, name: str, directory: Path | None = None) -> None:
        self.name = name
        self.path = (directory or LEXICON_DIR) / name
        try:
            with open(self.path, encoding="utf-8") as handle:
                data = yaml.load(handle, Loader=_UniqueKeyLoader)
        except OSError as error:
            raise VocabularyError(f"{self.path}: cannot read the vocabulary file ({error.strerror})") from None
        except yaml.YAMLError as error:
            raise VocabularyError(f"{self.path}: not valid YAML: {error}") from None
        if not isinstance(data, dict):
            raise VocabularyError(f"{self.path}: must be a mapping of sections, not {type(data).__name__}")
        self.data = data

    def fail(self, where: str, problem: str) -> VocabularyError:
        return VocabularyError(f"{self.name}: {where}: {problem}")

    def section(self, key: str, kind: type) -> Any:
        if key not in self.data:
            raise self.fail(key, f"missing section (expected a {kind.__name__})")
        value = self.data[key]
        if not isinstance(value, kind):
            raise self.fail(key, f"must be a {kind.__name__}, not {type(value).__name__}")
        return value

    def phrases(self, value: Any, where: str, lowercase: bool = True, one_word: bool = False) -> tuple[str, ...]:
        """A non-empty list of distinct, non-empty strings (lowercase and single-spaced if asked)."""
        if not isinstance(value, list) or not value:
            raise self.fail(where, "must be a non-empty list of words or phrases")
        seen: set[str] = set()
        for i, item in enumerate(value):
            at = f"{where}[{i}]"
            if not isinstance(item, str) or not item.strip():
                raise self.fail(at, f"{item!r} must be a word or phrase (quote numbers and yes/no words)")
            if lowercase and normalise_phrase(item) != item:
                raise self.fail(at, f"{item!r} must be lowercase with single spaces ({normalise_phrase(item)!r})")
            if one_word and " " in item.strip():
                raise self.fail(at, f"{item!r} must be one word")
            if item in seen:
                raise self.fail(at, f"{item!r} is listed twice")
            seen.add(item)
        return tuple(value)

    def key(self, key: Any, where: str, pattern: re.Pattern[str], what: str) -> str:
        if not isinstance(key, str) or not pattern.fullmatch(key):
            hint = " (quote it: NO, ON, YES are read as true/false)" if isinstance(key, bool) else ""
            raise self.fail(f"{where}.{key}", f"{key!r} is not {what}{hint}")
        return key

    def grouped(
        self, section: str, pattern: re.Pattern[str], what: str, lowercase: bool = True, allowed: Any = None
    ) -> dict[str, tuple[str, ...]]:
        """``{key: [phrases]}``; a phrase under two keys is an error (it would mean two things)."""
        mapping = self.section(section, dict)
        owner: dict[str, str] = {}
        out: dict[str, tuple[str, ...]] = {}
        for key, value in mapping.items():
            key = self.key(key, section, pattern, what)
            if allowed is not None and key not in allowed:
                raise self.fail(f"{section}.{key}", f"{key!r} is not {what} (one of {', '.join(allowed)})")
            phrases = self.phrases(value, f"{section}.{key}", lowercase=lowercase)
            for i, phrase in enumerate(phrases):
                if phrase in owner:
                    raise self.fail(f"{section}.{key}[{i}]", f"{phrase!r} is also listed under {owner[phrase]}")
                owner[phrase] = key
            out[key] = phrases
        return out

    def merged(
        self, english: dict[str, tuple[str, ...]], section: str, pattern: re.Pattern[str], what: str, **kw: Any
    ) -> dict[str, tuple[str, ...]]:
        """An English section plus its Spanish twin ``section`` (optional): {key: phrases of both}.

        A phrase in both, or under two keys, is an error."""
        if section not in self.data:
            return dict(english)
        spanish = self.grouped(section, pattern, what, **kw)
        owner = {phrase: key for key, phrases in english.items() for phrase in phrases}
        out = {key: list(phrases) for key, phrases in english.items()}
        for key, phrases in spanish.items():
            for i, phrase in enumerate(phrases):
                if phrase in owner:
                    raise self.fail(f"{section}.{key}[{i}]", f"{phrase!r} is also listed under {owner[phrase]}")
            out.setdefault(key, []).extend(phrases)
        return {key: tuple(phrases) for key, phrases in out.items()}


def _country_code(value: str) -> bool:
    return bool(_CODE2.fullmatch(value))


# --------------------------------------------------------------------------------------------
# The files
# --------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def countries(directory: Path | None = None) -> dict[str, Any]:
    """``countries.yml``: {"aliases": {code: phrases}, "case_sensitive": {code: phrases}, "not_aliases": words}.

    The Spanish sections (``aliases_es``, ``case_sensitive_es``, ``not_aliases_es``) are merged in."""
    f = _File("countries.yml", directory)
    what = "an ISO 3166-1 alpha-2 code or EU"
    aliases = f.grouped("aliases", _CODE2, what)
    case_sensitive = f.grouped("case_sensitive", _CODE2, what, lowercase=False)
    not_aliases = f.phrases(f.section("not_aliases", list), "not_aliases")
    if "not_aliases_es" in f.data:
        extra = f.phrases(f.section("not_aliases_es", list), "not_aliases_es")
        not_aliases += tuple(word for word in extra if word not in not_aliases)
    blockers_es = f.phrases(f.section("blockers_es", list), "blockers_es") if "blockers_es" in f.data else ()
    lowercase_es = (
        f.phrases(f.section("lowercase_words_es", list), "lowercase_words_es") if "lowercase_words_es" in f.data else ()
    )
    not_in_es = (
        f.phrases(f.section("not_in_spanish_es", list), "not_in_spanish_es", lowercase=False)
        if "not_in_spanish_es" in f.data
        else ()
    )
    return {
        "blockers_es": blockers_es,
        "lowercase_words_es": lowercase_es,
        "not_in_spanish_es": not_in_es,
        "aliases": f.merged(aliases, "aliases_es", _CODE2, what),
        "case_sensitive": f.merged(case_sensitive, "case_sensitive_es", _CODE2, what, lowercase=False),
        "not_aliases": not_aliases,
    }


@functools.lru_cache(maxsize=4)
def places(directory: Path | None = None) -> dict[str, tuple[str, ...]]:
    """``places.yml``: cities and regions by country code ({code: lowercase names})."""
    f = _File("places.yml", directory)
    out: dict[str, tuple[str, ...]] = {}
    for code, names in f.data.items():
        code = f.key(code, "places", _CODE2, "an ISO 3166-1 alpha-2 code")
        out[code] = f.phrases(names, code)
    return out


@functools.lru_cache(maxsize=4)
def blockers(directory: Path | None = None) -> tuple[str, ...]:
    """``blockers.yml``: phrases that contain an entity word but are no entity ("new mexico")."""
    f = _File("blockers.yml", directory)
    return f.phrases(f.section("blockers", list), "blockers")


@functools.lru_cache(maxsize=4)
def transport_mode_file(directory: Path | None = None) -> dict[str, Any]:
    """``transport_modes.yml``: modes (id -> is a shipment), phrases, case-sensitive phrases, patterns."""
    f = _File("transport_modes.yml", directory)
    modes: dict[str, bool] = {}
    for mode, spec in f.section("modes", dict).items():
        mode = f.key(mode, "modes", _IDENT, "a mode id (lowercase, letters, digits and _)")
        if not isinstance(spec, dict) or not isinstance(spec.get("shipment"), bool) or set(spec) != {"shipment"}:
            raise f.fail(f"modes.{mode}", f"{spec!r} must be {{shipment: true}} or {{shipment: false}}")
        modes[mode] = spec["shipment"]
    patterns: list[tuple[re.Pattern[str], str]] = []
    entries = [(f"patterns[{i}]", entry) for i, entry in enumerate(f.section("patterns", list))]
    if "patterns_es" in f.data:  # the Spanish phrasings, the same shape
        entries += [(f"patterns_es[{i}]", entry) for i, entry in enumerate(f.section("patterns_es", list))]
    for at, entry in entries:
        if not isinstance(entry, dict) or set(entry) != {"mode", "regex"}:
            raise f.fail(at, f"{entry!r} must be {{mode: <mode id>, regex: <regular expression>}}")
        if entry["mode"] not in modes:
            raise f.fail(f"{at}.mode", f"unknown mode {entry['mode']!r} (one of {', '.join(modes)})")
        try:
            patterns.append((re.compile(str(entry["regex"]), re.IGNORECASE), entry["mode"]))
        except re.error as error:
            raise f.fail(f"{at}.regex", f"not a valid regular expression: {error}") from None
    what = "a mode of `modes`"
    phrases = f.merged(
        f.grouped("phrases", _IDENT, what, allowed=tuple(modes)), "phrases_es", _IDENT, what, allowed=tuple(modes)
    )
    case_sensitive = f.merged(
        f.grouped("case_sensitive", _IDENT, what, lowercase=False, allowed=tuple(modes)),
        "case_sensitive_es",
        _IDENT,
        what,
        lowercase=False,
        allowed=tuple(modes),
    )
    blockers_es = f.phrases(f.section("blockers_es", list), "blockers_es") if "blockers_es" in f.data else ()
    return {
        "modes": modes,
        "phrases": phrases,
        "case_sensitive": case_sensitive,
        "patterns": tuple(patterns),
        "blockers_es": blockers_es,
    }


def transport_modes() -> tuple[str, ...]:
    """Every transport mode id, in the file's order ("postal", "express", ..., "traveller")."""
    return tuple(transport_mode_file()["modes"])


def shipment_modes() -> tuple[str, ...]:
    """The modes that are shipments (every mode but the traveller's own luggage)."""
    return tuple(mode for mode, shipment in transport_mode_file()["modes"].items() if shipment)


@functools.lru_cache(maxsize=4)
def currencies(directory: Path | None = None) -> dict[str, Any]:
    """``currencies.yml``: symbols, codes_any_case, excluded_codes, words, number_only, typed_plurals."""
    f = _File("currencies.yml", directory)
    symbols: dict[str, str] = {}
    for symbol, code in f.section("symbols", dict).items():
        if not isinstance(symbol, str) or not symbol.strip() or symbol != symbol.strip():
            raise f.fail(f"symbols.{symbol}", f"{symbol!r} must be a symbol without spaces")
        if not isinstance(code, str) or not _CODE3.fullmatch(code):
            raise f.fail(f"symbols.{symbol}", f"{code!r} is not an ISO 4217 code")
        symbols[symbol] = code
    any_case = f.phrases(f.section("codes_any_case", list), "codes_any_case", one_word=True)
    for i, code in enumerate(any_case):
        if not _CODE3.fullmatch(code.upper()):
            raise f.fail(f"codes_any_case[{i}]", f"{code!r} is not an ISO 4217 code in lowercase")
    excluded = f.phrases(f.section("excluded_codes", list), "excluded_codes", lowercase=False, one_word=True)
    for i, code in enumerate(excluded):
        if not _CODE3.fullmatch(code):
            raise f.fail(f"excluded_codes[{i}]", f"{code!r} is not an ISO 4217 code")
    words = f.merged(f.grouped("words", _CODE3, "an ISO 4217 code"), "words_es", _CODE3, "an ISO 4217 code")
    typed = f.grouped("typed_plurals", _CODE3, "an ISO 4217 code")
    number_only = f.phrases(f.section("number_only", list), "number_only")
    if "number_only_es" in f.data:
        number_only += f.phrases(f.section("number_only_es", list), "number_only_es")
    return {
        "symbols": symbols,
        "codes_any_case": any_case,
        "excluded_codes": excluded,
        "words": words,
        "number_only": number_only,
        "typed_plurals": typed,
    }


@functools.lru_cache(maxsize=4)
def goods(directory: Path | None = None) -> dict[str, Any]:
    """``goods.yml``: flags (id -> meaning), terms [(flags, words, exact)], flag_words {flag: words}.

    ``spanish_terms`` (optional, the same shape as ``terms``) are added to the terms."""
    f = _File("goods.yml", directory)
    flags: dict[str, str] = {}
    for flag, meaning in f.section("flags", dict).items():
        flag = f.key(flag, "flags", _IDENT, "a flag id (lowercase, letters, digits and _)")
        if not isinstance(meaning, str) or not meaning.strip():
            raise f.fail(f"flags.{flag}", "needs a short description of what the flag means")
        flags[flag] = meaning
    terms: list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = []
    owner: dict[str, str] = {}
    groups = [(f"terms[{i}]", group) for i, group in enumerate(f.section("terms", list))]
    if "spanish_terms" in f.data:  # the Spanish goods words, the same shape
        groups += [(f"spanish_terms[{i}]", group) for i, group in enumerate(f.section("spanish_terms", list))]
    for at, group in groups:
        if not isinstance(group, dict) or "flags" not in group or not set(group) <= {"flags", "words", "exact"}:
            raise f.fail(at, "must be {flags: [...], words: [...], exact: [...]} (words or exact may be left out)")
        group_flags = group["flags"]
        if not isinstance(group_flags, list):
            raise f.fail(f"{at}.flags", f"{group_flags!r} must be a list of flags ([] for neutral goods)")
        for flag in group_flags:
            if flag not in flags:
                raise f.fail(f"{at}.flags", f"unknown flag {flag!r} (one of {', '.join(flags)})")
        lists: dict[str, tuple[str, ...]] = {}
        for kind in ("words", "exact"):
            lists[kind] = f.phrases(group[kind], f"{at}.{kind}") if kind in group else ()
            for j, term in enumerate(lists[kind]):
                if term in owner:
                    raise f.fail(f"{at}.{kind}[{j}]", f"{term!r} is also listed at {owner[term]}")
                owner[term] = f"{at}.{kind}[{j}]"
        if not lists["words"] and not lists["exact"]:
            raise f.fail(at, "needs `words` or `exact`")
        terms.append((tuple(group_flags), lists["words"], lists["exact"]))
    flag_words = f.grouped("flag_words", _IDENT, "a flag of `flags`", allowed=tuple(flags))
    for flag, words in flag_words.items():
        for j, word in enumerate(words):
            if " " in word:
                raise f.fail(f"flag_words.{flag}[{j}]", f"{word!r} must be one word")
    return {"flags": flags, "terms": tuple(terms), "flag_words": flag_words}


def goods_flag_names() -> tuple[str, ...]:
    """Every goods flag id, in the file's order ("alcohol", "tobacco", ...)."""
    return tuple(goods()["flags"])


#: The sections of ``goods_phrases.yml``, each a list of single lowercase words.
GOODS_PHRASE_SECTIONS = (
    "of_triggers",
    "verb_triggers",
    "skip",
    "unit_words",
    "boundary",
    "generic",
    "modifiers",
    "possessive_owners",
)
#: Optional sections of ``goods_phrases.yml`` (the Spanish homograph guard).
GOODS_PHRASE_OPTIONAL = ("homographs", "homograph_cues")


@functools.lru_cache(maxsize=4)
def goods_phrases(directory: Path | None = None) -> dict[str, tuple[str, ...]]:
    """``goods_phrases.yml``: the word lists of the goods pattern matcher (see the file's header)."""
    f = _File("goods_phrases.yml", directory)
    unknown = set(f.data) - set(GOODS_PHRASE_SECTIONS) - set(GOODS_PHRASE_OPTIONAL)
    if unknown:
        sections = ", ".join(GOODS_PHRASE_SECTIONS + GOODS_PHRASE_OPTIONAL)
        raise f.fail(", ".join(sorted(map(str, unknown))), f"unknown section (one of {sections})")
    out = {key: f.phrases(f.section(key, list), key, one_word=True) for key in GOODS_PHRASE_SECTIONS}
    for key in GOODS_PHRASE_OPTIONAL:
        out[key] = f.phrases(f.section(key, list), key, one_word=True) if key in f.data else ()
    return out


@functools.lru_cache(maxsize=4)
def numbers(directory: Path | None = None) -> dict[str, dict[str, int]]:
    """``numbers.yml``: {"numbers": {word: value}, "scales": {word: multiplier}} and the Spanish
    ``numbers_es`` / ``scales_es`` ("quinientos" -> 500, "mil" -> 1000)."""
    f = _File("numbers.yml", directory)
    out: dict[str, dict[str, int]] = {}
    for section in ("numbers", "scales", "numbers_es", "scales_es"):
        values: dict[str, int] = {}
        if section.endswith("_es") and section not in f.data:
            out[section] = values
            continue
        for word, value in f.section(section, dict).items():
            if not isinstance(word, str) or not (_WORD if section.endswith("_es") else _IDENT).fullmatch(word):
                raise f.fail(f"{section}.{word}", f"{word!r} must be one lowercase word")
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise f.fail(f"{section}.{word}", f"{value!r} must be a whole number >= 0")
            values[word] = value
        out[section] = values
    return out


def number_words() -> dict[str, int]:
    """'zero'..'ninety' (and 'fourty') -> their value."""
    return numbers()["numbers"]


def scale_words() -> dict[str, int]:
    """'hundred', 'thousand', 'million', 'billion' -> their value."""
    return numbers()["scales"]


def spanish_number_words() -> dict[str, int]:
    """'uno'..'novecientos' ("dieciséis", "quinientos") -> their value."""
    return numbers()["numbers_es"]


def spanish_scale_words() -> dict[str, int]:
    """'mil', 'millón', 'millones' -> their value."""
    return numbers()["scales_es"]


def check_all(directory: Path | None = None) -> None:
    """Reads and checks every vocabulary file (raises ``VocabularyError`` on the first bad entry)."""
    for read in (countries, places, blockers, transport_mode_file, currencies, goods, goods_phrases, numbers):
        read(directory)
