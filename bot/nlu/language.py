"""Which language a message is written in, English or Spanish, and whether the user asks to switch.

Two kinds of evidence are combined, because neither is enough alone on the short messages of a chat
("¿y si es regalo?", "el shipping de amazon", "DHL"):

- cue words of each language (``data/lexicon/languages.yml``): function words and replies;
- lingua's statistical detector, limited to English and Spanish.

A message that says nothing about its language ("ok", "DHL", "$650", "no") gets ``None``: the
conversation keeps the language it had. No Rasa import: the NLU component and the tests use this.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

LANGUAGES_FILE = Path(__file__).resolve().parents[2] / "data" / "lexicon" / "languages.yml"
LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"
#: Letters and marks only Spanish uses among the two (an accent is strong evidence, "¿" stronger).
SPANISH_MARKS = re.compile(r"[¿¡ñáéíóú]", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
#: lingua's share for one language above which a message of several words is taken as that language.
LINGUA_SURE = 0.9
#: Latin and English terms a Spanish message uses as they are ("de minimis" is not the Spanish "de").
PHRASES = re.compile(r"\bde minimis\b|\bsection 321\b|\bno legal advice\b", re.IGNORECASE)


@dataclass(frozen=True)
class Cues:
    words: dict[str, frozenset[str]]
    neutral: frozenset[str]
    switch: dict[str, re.Pattern[str]]


@functools.lru_cache(maxsize=1)
def cues() -> Cues:
    with open(LANGUAGES_FILE, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    words = {language: frozenset(str(word) for word in data["cues"][language]) for language in LANGUAGES}
    switch = {
        language: re.compile("|".join(f"(?:{p})" for p in data["switch"][language]), re.IGNORECASE)
        for language in LANGUAGES
    }
    return Cues(words, frozenset(str(word) for word in data["neutral"]), switch)


@functools.lru_cache(maxsize=1)
def _lingua():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH).build()


def _spanish_share(text: str) -> float:
    """lingua's confidence that the text is Spanish rather than English (0.5 when it can't tell)."""
    values = {
        value.language.iso_code_639_1.name.lower(): value.value
        for value in _lingua().compute_language_confidence_values(text)
    }
    total = values.get("es", 0.0) + values.get("en", 0.0)
    return values.get("es", 0.0) / total if total else 0.5


#: Words of a request to be answered in a language; a longer message without them names a language for
#: another reason ("does the label have to be in English?").
ASKING_WORDS = re.compile(
    r"\b(?:please|pls|answer|reply|speak|talk|write|respond|switch|change|por\s+favor|porfa|contest|respond|"
    r"habl|escrib|cambi|dime|d[ií]melo)",
    re.IGNORECASE,
)
SHORT_REQUEST_WORDS = 5


def requested_language(text: str) -> str | None:
    """The language the user asks for ("in English please", "en español"), if the message asks."""
    text = text if isinstance(text, str) else ""
    if len(text.split()) > SHORT_REQUEST_WORDS and not ASKING_WORDS.search(text):
        return None
    found = [language for language, pattern in cues().switch.items() if pattern.search(text)]
    return found[0] if len(found) == 1 else None


def _plain(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def detect(text: str) -> str | None:
    """ "en" or "es" when the message shows its language; None when it can't be told."""
    asked = requested_language(text)
    if asked:
        return asked
    table = cues()
    text = PHRASES.sub(" ", text or "")
    words = [word.lower().replace("\u2019", "'") for word in WORD.findall(text)]
    content = [word for word in words if word not in table.neutral and (len(word) > 1 or word in "yoi")]
    if not content:
        return None
    score = {
        language: sum(1 for word in content if word in table.words[language] or _plain(word) in table.words[language])
        for language in LANGUAGES
    }
    marks = 1 if SPANISH_MARKS.search(text) else 0
    lead = score["es"] + marks - score["en"]
    if len(content) == 1:
        if lead > 0:
            return "es"
        if lead < 0:
            return "en"
        share = _spanish_share(" ".join(content))
        return "es" if share >= LINGUA_SURE else "en" if share <= 1 - LINGUA_SURE else None
    if lead >= 2:
        return "es"
    if lead <= -2:
        return "en"
    share = _spanish_share(" ".join(content)) + 0.25 * max(-1, min(1, lead))
    if share >= 0.6:
        return "es"
    if share <= 0.4:
        return "en"
    return None


def conversation_language(text: str, previous: str | None) -> str:
    """The language to answer in: this message's, or the conversation's when the message can't tell."""
    return detect(text) or (previous if previous in LANGUAGES else DEFAULT_LANGUAGE)
