"""Rule-based entity extraction for the CBP bot (no Rasa import).

``extract_entities(text, today=None)`` returns Rasa-style entity dicts::

    {"entity": "amount", "start": 3, "end": 7, "value": 650.0, "text": "$650"}

Recognisers:
  * one module-level, lazily built ``spacy.blank("en")`` pipeline whose tokens feed two
    ``PhraseMatcher``s (case-insensitive ``LOWER`` and case-sensitive ``ORTH``) for countries,
    transport modes, goods and "blocker" phrases, and a ``Matcher`` for goods phrases like
    "a shipment of X" / "importing X";
  * regex finders for amounts, currencies, dates, HTS codes and flexible transport phrasings
    (``bot.nlu.amounts``, ``currencies``, ``dates``, ``hts``, ``modes``: regexes are the right
    tool for numbers and dates).

Overlaps: lexicon matches first keep the longest (ties: blocker > country/mode > goods); then all
candidates are resolved by priority, length and position, so spans of different entities never
overlap. The one deliberate exception: an amount with a currency ("$650", "650 euros") also yields
a ``currency`` entity with the *same* span as the amount (Rasa allows this; it is listed right
after its amount). Dates carry ``additional_info: {"granularity": g, "start": "YYYY-MM-DD", "end": ...}``:
the period the phrase names (end inclusive; ``value`` == start), ``g`` one of
``bot.nlu.periods.DATE_GRANULARITIES`` ("day", "week", "month", "season", "quarter", "year", "range").

Spanish messages give the same values as English ones ("650 dólares" -> 650.0 USD, "desde México" ->
MX, "por paquetería" -> express, "el 29 de agosto de 2025" -> 2025-08-29). The vocabularies hold both
languages; the few conventions that differ (a dot as thousands separator in "$1.200", day-first
numeric dates "01/07/2027") follow ``lang``: "en", "es", or None to guess it from the message
(``bot.nlu.language.detect``; English when it cannot tell).

Only the first ``MAX_SCAN_CHARS`` characters (cut at a space when possible) are scanned; any
input returns a list and never raises.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot import vocabulary
from bot.log_privacy import log_failure
from bot.nlu import lexicon
from bot.nlu.amounts import find_amounts
from bot.nlu.currencies import find_currencies
from bot.nlu.dates import find_dates
from bot.nlu.goods import goods_lexicon
from bot.nlu.hts import find_hts_codes
from bot.nlu.lexicon import normalise_phrase
from bot.nlu.modes import find_mode_patterns
from bot.nlu.spans import (
    MAX_SCAN_CHARS,
    PRIORITY_BLOCK,
    PRIORITY_GOODS,
    PRIORITY_GOODS_PATTERN,
    PRIORITY_LEXICON,
    Span,
    resolve_overlaps,
)

logger = logging.getLogger(__name__)

#: Entity names (the contract with domain.yml and the actions).
ENTITY_NAMES: tuple[str, ...] = ("amount", "currency", "country", "transport_mode", "date", "goods", "hts_code")

_BLOCK = "block"
_LABEL_RANK = {_BLOCK: 3, "country": 2, "transport_mode": 2, "goods": 1}

# Goods phrase patterns: "<container noun> of X" and "<trade verb> X"; the word lists are data
# (data/lexicon/goods_phrases.yml, whose header says what each list does).
_GOODS_WORDS = vocabulary.goods_phrases()
_OF_TRIGGERS: tuple[str, ...] = _GOODS_WORDS["of_triggers"]
_VERB_TRIGGERS: tuple[str, ...] = _GOODS_WORDS["verb_triggers"]
_SKIP = frozenset(_GOODS_WORDS["skip"])
_UNIT_WORDS = frozenset(_GOODS_WORDS["unit_words"])
_BOUNDARY = frozenset(_GOODS_WORDS["boundary"])
_GENERIC = frozenset(_GOODS_WORDS["generic"])
_MODIFIERS = frozenset(_GOODS_WORDS["modifiers"])
_POSSESSIVE_OWNERS = frozenset(_GOODS_WORDS["possessive_owners"])
_HOMOGRAPHS = frozenset(_GOODS_WORDS["homographs"])  # "vino" (came), "puros" (only): goods only after a cue
_HOMOGRAPH_CUES = frozenset(_GOODS_WORDS["homograph_cues"])


@dataclass
class _Pipeline:
    """The spaCy objects: a blank English tokenizer pipeline and its matchers."""

    nlp: Any
    phrases_ci: Any
    phrases_cs: Any
    matcher: Any


_SURROGATES = re.compile("[\ud800-\udfff]")

_PIPELINE: _Pipeline | None = None
_PIPELINE_LOCK = threading.Lock()


def _build_pipeline() -> _Pipeline:
    import spacy
    from spacy.matcher import Matcher, PhraseMatcher

    nlp = spacy.blank("en")
    phrases_ci = PhraseMatcher(nlp.vocab, attr="LOWER")
    phrases_cs = PhraseMatcher(nlp.vocab, attr="ORTH")

    ci: dict[str, list[str]] = {}
    cs: dict[str, list[str]] = {}
    for phrase, code in lexicon.country_aliases_ci().items():
        ci.setdefault(f"country|{code}", []).append(phrase)
    for phrase, code in lexicon.COUNTRY_ALIASES_CS.items():
        cs.setdefault(f"country|{code}", []).append(phrase)
    for phrase, mode in lexicon.MODE_PHRASES_CI.items():
        ci.setdefault(f"transport_mode|{mode}", []).append(phrase)
    for phrase, mode in lexicon.MODE_PHRASES_CS.items():
        cs.setdefault(f"transport_mode|{mode}", []).append(phrase)
    ci["goods|"] = list(goods_lexicon())
    ci[f"{_BLOCK}|"] = list(lexicon.BLOCKERS)
    for key, phrases in ci.items():
        phrases_ci.add(key, _case_variant_docs(nlp, phrases))
    for key, phrases in cs.items():
        phrases_cs.add(key, list(nlp.tokenizer.pipe(phrases)))

    matcher = Matcher(nlp.vocab)
    # "a shipment of X", Spanish "un envío de X"
    matcher.add("goods_of", [[{"LOWER": {"IN": list(_OF_TRIGGERS)}}, {"LOWER": {"IN": ["of", "de"]}}]])
    matcher.add("goods_verb", [[{"LOWER": {"IN": list(_VERB_TRIGGERS)}}]])
    return _Pipeline(nlp, phrases_ci, phrases_cs, matcher)


def _case_variant_docs(nlp: Any, phrases: list[str]) -> list[Any]:
    """Pattern docs for case-insensitive phrases: tokenizer exceptions depend on case ("U.S.A." is
    one token, "u.s.a." two), so add the upper- and title-case variants that tokenize differently."""
    docs: list[Any] = []
    for phrase in phrases:
        seen: set[tuple[str, ...]] = set()
        for variant in (phrase, phrase.upper(), phrase.title()):
            doc = nlp.make_doc(variant)
            key = tuple(t.lower_ for t in doc)
            if key not in seen:
                seen.add(key)
                docs.append(doc)
    return docs


def get_pipeline() -> _Pipeline:
    """The shared pipeline, built on first use (thread-safe)."""
    global _PIPELINE
    if _PIPELINE is None:
        with _PIPELINE_LOCK:
            if _PIPELINE is None:
                _PIPELINE = _build_pipeline()
    return _PIPELINE


def _scan_window(text: str) -> str:
    """The part of ``text`` that is scanned: at most MAX_SCAN_CHARS, cut at whitespace if possible."""
    if len(text) <= MAX_SCAN_CHARS:
        return text
    window = text[:MAX_SCAN_CHARS]
    cut = max(window.rfind(" "), window.rfind("\n"), window.rfind("\t"))
    return window[:cut] if cut > MAX_SCAN_CHARS - 200 else window


def _lexicon_spans(doc: Any, pipeline: _Pipeline) -> list[Span]:
    """Country / mode / goods / blocker matches; the longest wins among them (ties by label rank)."""
    vocab = doc.vocab
    raw: list[tuple[int, int, str, str]] = []
    for matcher in (pipeline.phrases_ci, pipeline.phrases_cs):
        for match_id, start, end in matcher(doc):
            label, _, value = vocab.strings[match_id].partition("|")
            span = doc[start:end]
            if label == "goods" and span.text.lower() in _HOMOGRAPHS:
                if start == 0 or doc[start - 1].lower_ not in _HOMOGRAPH_CUES:
                    continue
            raw.append((span.start_char, span.end_char, label, value))
    raw.sort(key=lambda r: (-(r[1] - r[0]), -_LABEL_RANK[r[2]], r[0]))
    taken = bytearray(len(doc.text) + 1)
    spans: list[Span] = []
    for start, end, label, value in raw:
        if 1 in taken[start:end]:
            continue
        taken[start:end] = b"\x01" * (end - start)
        if label == _BLOCK:
            spans.append(Span(start, end, _BLOCK, None, PRIORITY_BLOCK))
        elif label == "goods":
            spans.append(Span(start, end, "goods", normalise_phrase(doc.text[start:end]), PRIORITY_GOODS))
        else:
            spans.append(Span(start, end, label, value, PRIORITY_LEXICON))
    return spans


def _spanish_word(span: Span, text: str) -> bool:
    """A country match that, in a Spanish message, is an ordinary word: "se usa" (not "USA"), "chile"
    the pepper (not "Chile"), "DE" in capitals (``countries.yml``: lowercase_words_es, not_in_spanish_es)."""
    if span.entity != "country":
        return False
    found = text[span.start : span.end]
    if found in lexicon.NOT_IN_SPANISH:
        return True
    if found.lower() in lexicon.SPANISH_LOWERCASE_WORDS:
        return not (found.isupper() or (len(found) > 3 and found[0].isupper()))
    return False


def _pattern_goods(doc: Any, pipeline: _Pipeline, occupied: list[Span]) -> list[Span]:
    """Goods named after "a shipment of ..." / "importing ..." that the lexicon did not know."""
    owner = [""] * len(doc)  # entity of a non-goods span covering each token
    for span in occupied:
        if span.entity == "goods":
            continue
        for tok in doc.char_span(span.start, span.end, alignment_mode="expand") or []:
            owner[tok.i] = span.entity
    lexicon_goods = {
        tok.i
        for span in occupied
        if span.entity == "goods"
        for tok in (doc.char_span(span.start, span.end, alignment_mode="expand") or [])
    }
    found: list[Span] = []
    for match_id, _start, end in pipeline.matcher(doc):
        verb = doc.vocab.strings[match_id] == "goods_verb"
        i = end
        # Skip determiners, quantities, "500 units of", a leading country adjective ("Chinese").
        while i < len(doc):
            tok = doc[i]
            low = tok.lower_
            if low in _SKIP or tok.like_num or owner[i] in ("amount", "country"):
                i += 1
            elif low in _UNIT_WORDS and i + 1 < len(doc) and doc[i + 1].lower_ in ("of", "de"):
                i += 2
            else:
                break
        first = i
        while i < len(doc) and i - first < 5:
            tok = doc[i]
            low = tok.lower_
            joined = tok.text in {"-", "'s", "'", "’s"} and i > first and not doc[i - 1].whitespace_
            if owner[i] or low in _BOUNDARY or low in _UNIT_WORDS and i == first:
                break
            if i > first and (low in _SKIP or tok.like_num):  # "my mom a package of ..." stops at "a"
                break
            if not (tok.is_alpha or joined or ("-" in tok.text and tok.text.replace("-", "").isalpha())):
                break
            i += 1
        while i > first and not doc[i - 1].is_alpha:
            i -= 1
        if i <= first:
            continue
        words = [t.lower_ for t in doc[first:i] if t.is_alpha]
        if not words or words[-1] in _GENERIC or words[0] in _BOUNDARY:
            continue
        has_lexicon = any(t.i in lexicon_goods for t in doc[first:i])
        if verb and not has_lexicon and not (len(words[-1]) > 3 and words[-1].endswith("s")):
            continue
        start_char, end_char = doc[first].idx, doc[i - 1].idx + len(doc[i - 1].text)
        if any(s.entity == "goods" and s.start == start_char and s.end > end_char for s in occupied):
            continue  # a longer known term starts here ("compré ropa de bebé": not just "ropa")
        value = normalise_phrase(doc.text[start_char:end_char])
        found.append(Span(start_char, end_char, "goods", value, PRIORITY_GOODS_PATTERN))
    return found


def _merge_goods(doc: Any, spans: list[Span]) -> list[Span]:
    """Join adjacent goods spans ("cotton" + "t-shirts") and extend them left over modifiers."""
    others = [s for s in spans if s.entity != "goods"]
    goods = sorted((s for s in spans if s.entity == "goods"), key=lambda s: (s.start, -s.end))
    busy = bytearray(len(doc.text) + 1)
    for s in others:
        busy[s.start : s.end] = b"\x01" * (s.end - s.start)
    merged: list[list[int]] = []
    for s in goods:
        if merged and (s.start <= merged[-1][1] or not doc.text[merged[-1][1] : s.start].strip()):
            merged[-1][1] = max(merged[-1][1], s.end)
        else:
            merged.append([s.start, s.end])
    result = list(others)
    for start, end in merged:
        first = doc.char_span(start, end, alignment_mode="expand")
        if first is None:
            continue
        i = first.start
        while i > 0:
            prev = doc[i - 1]
            low = prev.lower_
            if busy[prev.idx]:
                break
            if low in {"'s", "’s", "'"} and i > 1 and doc[i - 2].lower_ in _POSSESSIVE_OWNERS:
                i -= 2
            elif low in _MODIFIERS or low.rstrip("'") in _MODIFIERS:
                i -= 1
            else:
                break
        start = min(start, doc[i].idx) if i < first.start else start
        value = normalise_phrase(doc.text[start:end])
        result.append(Span(start, end, "goods", value, PRIORITY_GOODS))
    return result


def _to_entity(span: Span, text: str) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "entity": span.entity,
        "start": span.start,
        "end": span.end,
        "value": span.value,
        "text": text[span.start : span.end],
    }
    if span.entity == "date":
        entity["additional_info"] = _date_info(span)
    return entity


def _date_info(span: Span) -> dict[str, str]:
    """The date contract: granularity, and the period's start and end (inclusive; start == value)."""
    start = span.info.get("start", str(span.value))
    return {
        "granularity": span.info.get("granularity", "day"),
        "start": start,
        "end": span.info.get("end", start),
    }


def _message_language(text: str) -> str | None:
    """'es' or 'en' as ``bot.nlu.language.detect`` tells, None when it can't (or is unavailable)."""
    try:
        from bot.nlu.language import detect
    except ImportError:  # pragma: no cover - the detector ships with the bot
        return None
    try:
        return detect(text)
    except Exception as error:  # the detector must not break extraction
        log_failure(logger, "Language detection failed during entity extraction", error)
        return None


def _extract(text: str, today: date | None, lang: str | None = None) -> list[dict[str, Any]]:
    window = _scan_window(text)
    if not window.strip():
        return []
    if lang not in ("en", "es"):
        lang = _message_language(window)
    pipeline = get_pipeline()
    # spaCy cannot hash lone surrogates; U+FFFD has the same length, so offsets are unchanged.
    doc = pipeline.nlp(_SURROGATES.sub("\ufffd", window))
    candidates = _lexicon_spans(doc, pipeline)
    if lang == "es":
        candidates = [span for span in candidates if not _spanish_word(span, window)]
    candidates += find_amounts(window, lang)
    candidates += find_currencies(window)
    candidates += find_dates(window, today or date.today(), lang)
    candidates += find_hts_codes(window)
    candidates += find_mode_patterns(window)
    kept = resolve_overlaps(candidates)
    kept = resolve_overlaps(kept + _pattern_goods(doc, pipeline, kept))
    kept = _merge_goods(doc, kept)
    entities: list[dict[str, Any]] = []
    for span in sorted(kept, key=lambda s: (s.start, s.end)):
        if span.entity == _BLOCK:
            continue
        entities.append(_to_entity(span, window))
        if span.entity == "amount" and span.info.get("currency"):
            companion = Span(span.start, span.end, "currency", span.info["currency"], span.priority)
            entities.append(_to_entity(companion, window))
    return entities


def extract_entities(text: str, today: date | None = None, lang: str | None = None) -> list[dict[str, Any]]:
    """Entities in ``text`` as Rasa-style dicts (see the module docstring); never raises.

    ``today`` anchors relative dates ("yesterday", "next month"); default ``date.today()``.
    ``lang`` ("en"/"es") is the message's language when the caller knows it (the conversation's);
    None guesses it from the message.
    """
    if not isinstance(text, str) or not text:
        return []
    try:
        return _extract(text, today, lang)
    except Exception as error:  # extraction must never break a conversation
        log_failure(logger, "Entity extraction failed; returning no entities", error)
        return []
