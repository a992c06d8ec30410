"""Goods lexicon and the regulatory flags of a goods phrase.

``goods_flags(text)`` maps free goods text ("cotton t-shirts", "red wine", "kids' toys") to flags
from a fixed vocabulary (``FLAGS``); neutral goods give an empty set. The terms and flag words are
data, ``data/lexicon/goods.yml`` (read and checked by ``bot.vocabulary``); the lexicon is also what
the entity extractor matches as ``goods``. No Rasa or spaCy import here.
"""

from __future__ import annotations

import functools
import re

from bot import vocabulary
from bot.vocabulary import normalise_phrase

_GOODS = vocabulary.goods()

#: The flags the negation rule below works with ("non-alcoholic wine" is food, not alcohol).
ALCOHOL, PERFUME_ALCOHOL, FOOD = "alcohol", "perfume_alcohol", "food"

#: The flags goods words can set: those that ``data/lexicon/goods.yml`` gives to a term or a word
#: (a subset of the flags the rules know, ``bot.vocabulary.goods_flag_names()``).
FLAGS: frozenset[str] = frozenset(
    {flag for flags, _, _ in _GOODS["terms"] for flag in flags} | set(_GOODS["flag_words"])
)

#: Single words that add a flag wherever they occur in goods text ("baby", "cotton", "alcoholic").
_FLAG_WORDS: dict[str, frozenset[str]] = {
    word: frozenset({flag}) for flag, words in _GOODS["flag_words"].items() for word in words
}

_NEGATED_ALCOHOL = re.compile(
    r"\b(?:non-?alcoholic|alcohol[- ]free|zero[- ]alcohol|0\s?% alcohol|dealcoholi[sz]ed|"
    r"sin\s+alcohol|desalcoholizad[oa]s?|0\s?% alcohol)\b"
)
_DRINKS = re.compile(
    r"\b(?:wine|wines|beer|beers|cider|ciders|spirits|beverages?|drinks?|champagne|"
    r"vinos?|cervezas?|sidras?|bebidas?)\b"
)


def _pluralise(phrase: str) -> str:
    """Plural of the last word of ``phrase`` ("phone case" -> "phone cases", "dress" -> "dresses")."""
    head, sep, last = phrase.rpartition(" ")
    if last.endswith(("ch", "sh", "s", "x", "z")):
        plural = last + "es"
    elif last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    elif last.endswith("f") and last not in {"chef", "roof", "belief"}:
        plural = last[:-1] + "ves"
    elif last.endswith("fe"):
        plural = last[:-2] + "ves"
    else:
        plural = last + "s"
    return f"{head}{sep}{plural}"


@functools.lru_cache(maxsize=1)
def goods_lexicon() -> dict[str, frozenset[str]]:
    """All goods terms (lowercase, singular and plural forms) mapped to their flags."""
    lexicon: dict[str, frozenset[str]] = {}
    for flags, words, exact in _GOODS["terms"]:
        for form in (*(f for word in words for f in (word, _pluralise(word))), *exact):
            lexicon[normalise_phrase(form)] = frozenset(flags)
    return lexicon


@functools.lru_cache(maxsize=1)
def _term_regex() -> re.Pattern[str]:
    terms = sorted(goods_lexicon(), key=len, reverse=True)
    alternation = "|".join(re.escape(t) for t in terms)
    return re.compile(rf"(?<![\w'-])(?:{alternation})(?![\w-])")


def goods_flags(text: str) -> frozenset[str]:
    """Regulatory flags of a goods phrase, from ``FLAGS``; an empty set for neutral or unknown goods.

    Longest lexicon terms win ("wine glasses" is neutral, "wine" is alcohol); modifier words add
    flags ("baby", "kids" -> consumer_product, "cotton" -> textiles); "non-alcoholic" or
    "alcohol-free" removes alcohol (a non-alcoholic drink is food).
    """
    if not isinstance(text, str) or not text.strip():
        return frozenset()
    norm = normalise_phrase(text[:2000])
    lexicon = goods_lexicon()
    flags: set[str] = set()
    covered = list(norm)
    for match in _term_regex().finditer(norm):
        flags |= lexicon[match.group(0)]
        covered[match.start() : match.end()] = " " * (match.end() - match.start())
    # Modifier words count only outside matched terms, so "dog toys" (a neutral term) stays neutral.
    for word in re.findall(r"[\w'-]+", "".join(covered)):
        flags |= _FLAG_WORDS.get(word, frozenset())
        flags |= _FLAG_WORDS.get(word.strip("'-"), frozenset())
    if _NEGATED_ALCOHOL.search(norm):
        had_drink = ALCOHOL in flags and _DRINKS.search(norm) is not None
        flags -= {ALCOHOL, PERFUME_ALCOHOL}
        if had_drink:
            flags.add(FOOD)
    return frozenset(flags & FLAGS)


#: Quantity words dropped from the front of a goods value: "one" to "ten" (numbers.yml), dozen, hundred, thousand;
#: Spanish articles and quantities too ("unos zapatos", "mis juguetes", "dos cajas de").
_FILLER_NUMBERS = [word for word, value in vocabulary.number_words().items() if 1 <= value <= 10]
_FILLER_NUMBERS += [word for word, value in vocabulary.spanish_number_words().items() if 1 <= value <= 10]
_SPANISH_FILLER = (
    "el|la|los|las|un|una|unos|unas|mi|mis|su|sus|tu|tus|nuestro|nuestra|nuestros|nuestras|este|esta|estos|"
    "estas|ese|esa|esos|esas|algunos|algunas|varios|varias|muchos|muchas|poco|pocos|pocas|de|del|docena|cien|mil"
)
_LEADING_FILLER = re.compile(
    r"^(?:(?:a|an|the|some|my|our|these|those|this|that|of|few|several|many|lots|lot|bunch|couple|[0-9][0-9,.]*|"
    + "|".join([*_FILLER_NUMBERS, "dozen", "hundred", "thousand", _SPANISH_FILLER])
    + r")(?:\s+|$))+"
)


def normalise_goods(text: str) -> str | None:
    """Goods text as the entity value: lowercase, single spaces, leading articles/quantities dropped."""
    if not isinstance(text, str):
        return None
    norm = normalise_phrase(text[:500]).strip(" .,;:!?\"'()[]{}")
    norm = _LEADING_FILLER.sub("", norm).strip()
    return norm or None
