"""Transport modes: a phrase as one of ``lexicon.TRANSPORT_MODES`` ("by DHL" -> "express").

``normalise_mode`` reads a phrase typed as a mode; ``find_mode_patterns`` finds the flexible
phrasings ("carry them back with me") in a text. The phrases are data
(``data/lexicon/transport_modes.yml``, through ``bot.nlu.lexicon``). No Rasa or spaCy import here.
"""

from __future__ import annotations

import re

from bot.nlu import lexicon
from bot.nlu.lexicon import normalise_phrase
from bot.nlu.spans import PRIORITY_LEXICON, Span, clip

_MODE_PREFIX = re.compile(r"^(?:(?:by|via|through|thru|using|with|per|it'?s|it\s+is|is)\s+)+", re.IGNORECASE)


def normalise_mode(text: str) -> str | None:
    """Transport phrase -> one of ``lexicon.TRANSPORT_MODES`` ('postal', 'express', ...); else None."""
    if not isinstance(text, str):
        return None
    raw = " ".join(text.strip()[:200].split()).strip(" .,;!?")
    if not raw:
        return None
    for cand in (raw, _MODE_PREFIX.sub("", raw)):
        if cand in lexicon.MODE_PHRASES_CS:
            return lexicon.MODE_PHRASES_CS[cand]
        key = normalise_phrase(cand)
        if key in lexicon.BLOCKERS:
            return None
        if key in lexicon.MODE_PHRASES_CI:
            return lexicon.MODE_PHRASES_CI[key]
    for regex, mode in lexicon.MODE_REGEXES:
        if regex.search(raw):
            return mode
    # Longest known phrase inside the text ("DHL Express Worldwide", "we use sea freight").
    words = re.findall(r"[\w.'-]+", raw)
    for size in range(min(4, len(words)), 0, -1):
        for i in range(len(words) - size + 1):
            gram = " ".join(words[i : i + size])
            if gram in lexicon.MODE_PHRASES_CS:
                return lexicon.MODE_PHRASES_CS[gram]
            key = normalise_phrase(gram)
            if key in lexicon.MODE_PHRASES_CI:
                return lexicon.MODE_PHRASES_CI[key]
    return None


def find_mode_patterns(text: str) -> list[Span]:
    """Transport modes said in flexible phrasings ("carry them back with me", "via ups")."""
    text = clip(text)
    return [
        Span(m.start(), m.end(), "transport_mode", mode, PRIORITY_LEXICON)
        for regex, mode in lexicon.MODE_REGEXES
        for m in regex.finditer(text)
    ]
