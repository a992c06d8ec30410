"""Currencies: ISO 4217 codes from symbols, codes and words ("$", "USD", "euros", "RMB").

``normalise_currency`` reads a phrase; ``find_currencies`` finds standalone currency mentions in a
text. ``currency_tables``, ``currency_code`` and ``currency_after`` are shared with the amount and
HTS finders. The words are data (``data/lexicon/currencies.yml``, through ``bot.nlu.lexicon``).
No Rasa or spaCy import here.
"""

from __future__ import annotations

import functools
import re

from bot.nlu import lexicon
from bot.nlu.lexicon import normalise_phrase
from bot.nlu.spans import PRIORITY_LEXICON, Span, clip


@functools.lru_cache(maxsize=1)
def currency_tables() -> tuple[dict[str, str], dict[str, str], str, str]:
    """(symbols, words) maps and the prefix/suffix regex alternations (for the amount finder)."""
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
def currency_after() -> re.Pattern[str]:
    """Matches a currency word/code/symbol right after a number ("2000 dollars")."""
    return re.compile(rf"\s?{currency_tables()[3]}", re.IGNORECASE)


def currency_code(token: str | None) -> str | None:
    """ISO code of a matched currency symbol, code or word."""
    if not token:
        return None
    symbols, words, _, _ = currency_tables()
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


def find_currencies(text: str) -> list[Span]:
    """Standalone currency mentions ("in euros", "GBP", "€") that are not next to a number."""
    text = clip(text)
    _, words, _, _ = currency_tables()
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
        code = currency_code(m.group(0))
        if code:
            spans.append(Span(m.start(), m.end(), "currency", code, PRIORITY_LEXICON))
    return spans


def normalise_currency(text: str) -> str | None:
    """'$' / 'dollars' / 'usd' -> 'USD', '€' / 'euros' -> 'EUR', 'yuan' / 'RMB' -> 'CNY'; None if unknown."""
    if not isinstance(text, str):
        return None
    raw = text.strip()[:100]
    code = currency_code(raw)
    if code:
        return code
    raw = re.sub(r"^(?:in|by|with|using|paid\s+in)\s+", "", raw, flags=re.IGNORECASE).strip(" .!?")
    return currency_code(raw)
