"""What a message asks about and what kind of question it asks, from words alone (no Rasa, no model).

- ``keyword_topics(text)``: the topic intents the text names, best first, with a score, from the
  keyword lexicon ``data/lexicon/topics.yml`` (whole words, case-insensitive, simple plurals,
  words written together or hyphenated, one-letter typos in long words).
- ``sentences(text)`` and ``asking_sentence(text)``: the text cut into sentences, and the one that
  asks (the last sentence with a question mark, else the last sentence).
- ``question_kind(text)``: "yes_no", "how_much", "when", "which", "what", "how" or "other", for the
  asking sentence; ``asks_yes_no(text)`` is ``question_kind(text) == "yes_no"``.

The intent classifier uses ``keyword_topics`` and ``asking_sentence`` for long messages; the answer
layer can use ``question_kind`` to shape its reply ("Yes: ..." or the figure first).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

LEXICON_PATH = Path(__file__).resolve().parents[2] / "data" / "lexicon" / "topics.yml"

QUESTION_KINDS = ("yes_no", "how_much", "when", "which", "what", "how", "other")

# A word or number as it appears in a keyword or a text ("10+2", "hts.usitc.gov", "2,500", "can't").
_TOKEN = re.compile(r"[a-z0-9€£$¥]+(?:[+.,'’/-][a-z0-9]+)*", re.IGNORECASE)
_LEFT = r"(?<![\w$£€¥])"
_RIGHT = r"(?![\w])"
FUZZY_MIN_LENGTH = 7


@dataclass(frozen=True)
class Keyword:
    intent: str
    phrase: str
    weight: float
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Lexicon:
    keywords: tuple[Keyword, ...]
    #: Words of 7+ letters from the keywords (and phrases written together), for typo correction.
    long_words: frozenset[str]
    #: Ordinary words never read as typos of keyword words (plus every word of the keywords).
    real_words: frozenset[str] = frozenset()


def _word_pattern(word: str) -> str:
    """A keyword word as a regular expression that also accepts its simple plural."""
    if not word[-1].isalpha():
        return re.escape(word)
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return re.escape(word[:-1]) + "(?:y|ies)"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return re.escape(word) + "(?:es)?"
    return re.escape(word) + "s?"


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = phrase.lower().split()
    # Words may be separated by spaces or a hyphen, or written together ("deminimis").
    body = r"[\s-]*".join(_word_pattern(word) for word in words)
    return re.compile(_LEFT + body + _RIGHT, re.IGNORECASE)


def parse_lexicon(data: dict) -> Lexicon:
    """Builds the lexicon from the YAML mapping ``{"topics": {intent: [phrase | {phrase: weight}]}}``."""
    topics = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(topics, dict) or not topics:
        raise ValueError("the topic lexicon needs a 'topics' mapping of intent names to keyword lists")
    keywords: list[Keyword] = []
    long_words: set[str] = set()
    keyword_words: set[str] = set()
    for intent, entries in topics.items():
        if not isinstance(entries, list) or not entries:
            raise ValueError(f"topic lexicon: {intent} needs a non-empty list of keywords")
        for entry in entries:
            if isinstance(entry, dict) and len(entry) == 1:
                ((phrase, weight),) = entry.items()
            else:
                phrase, weight = entry, 1.0
            phrase = str(phrase).strip()
            if not phrase or not isinstance(weight, int | float) or not 0 < weight <= 5:
                raise ValueError(
                    f"topic lexicon: bad entry for {intent}: {entry!r} (phrase, or phrase: weight in (0, 5])"
                )
            keywords.append(Keyword(str(intent), phrase.lower(), float(weight), _phrase_pattern(phrase)))
            words = phrase.lower().split()
            keyword_words.update(words)
            long_words.update(w for w in words if w.isalpha() and len(w) >= FUZZY_MIN_LENGTH)
            joined = "".join(words)
            if len(words) > 1 and joined.isalpha() and len(joined) >= FUZZY_MIN_LENGTH:
                long_words.add(joined)
    real_words = data.get("real_words") or []
    if not isinstance(real_words, list):
        raise ValueError("topic lexicon: real_words must be a list of words")
    known = keyword_words | {str(word).lower() for word in real_words}
    return Lexicon(tuple(keywords), frozenset(long_words), frozenset(known))


@functools.lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    with open(path, encoding="utf-8") as handle:
        return parse_lexicon(yaml.safe_load(handle))


def _one_edit_apart(a: str, b: str) -> bool:
    """True when a and b differ by one substitution, insertion or deletion that is not at the end of
    the word (a change at the end is usually another form of the word: importer/imported)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diffs) == 1 and diffs[0] < len(a) - 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    for i in range(len(long_)):
        if long_[:i] + long_[i + 1 :] == short:
            return i < len(long_) - 1
    return False


def _correct_typos(text: str, lexicon: Lexicon) -> str:
    """Replaces words one letter away from a long keyword word by that word."""
    if not lexicon.long_words:
        return text

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        if len(lower) < FUZZY_MIN_LENGTH - 1 or lower in lexicon.real_words:
            return word
        for candidate in lexicon.long_words:
            if _one_edit_apart(lower, candidate):
                return candidate
        return word

    return re.sub(r"[A-Za-z]+", fix, text)


def keyword_topics(text: str, lexicon: Lexicon | None = None) -> list[tuple[str, float]]:
    """The topic intents named in ``text``, best first: ``[(intent, score), ...]``.

    The score is the sum of the weights of the distinct keywords found for the intent; where found
    phrases overlap, only the longest counts. Ties keep the order of first mention.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    lexicon = lexicon or load_lexicon()
    prepared = _correct_typos(" ".join(text.split()), lexicon)
    found: list[tuple[int, int, Keyword]] = []
    for keyword in lexicon.keywords:
        for match in keyword.pattern.finditer(prepared):
            found.append((match.start(), match.end(), keyword))
    # Longest matches first; a match overlapping one already kept is dropped.
    found.sort(key=lambda item: (-(item[1] - item[0]), item[0]))
    taken: list[tuple[int, int]] = []
    scores: dict[str, float] = {}
    first_seen: dict[str, int] = {}
    counted: set[tuple[str, str]] = set()
    for start, end, keyword in found:
        if any(start < other_end and other_start < end for other_start, other_end in taken):
            continue
        taken.append((start, end))
        first_seen[keyword.intent] = min(first_seen.get(keyword.intent, start), start)
        if (keyword.intent, keyword.phrase) in counted:
            continue
        counted.add((keyword.intent, keyword.phrase))
        scores[keyword.intent] = scores.get(keyword.intent, 0.0) + keyword.weight
    return sorted(
        ((intent, round(score, 3)) for intent, score in scores.items()),
        key=lambda item: (-item[1], first_seen[item[0]]),
    )


# --------------------------------------------------------------------------------------------
# Sentences and the kind of question
# --------------------------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    "u.s us e.g eg i.e ie etc no vs approx inc ltd co corp st mr mrs ms dr jan feb mar apr jun jul aug sep sept "
    "oct nov dec fig sec art para cfr usc u.s.c c.f.r".split()
)
_SENTENCE_END = re.compile(r"([.!?]+|\n+)")


def sentences(text: str) -> list[str]:
    """The text cut into sentences (each stripped, with its final punctuation)."""
    if not isinstance(text, str):
        return []
    result: list[str] = []
    current = ""
    pieces = _SENTENCE_END.split(text)
    for i in range(0, len(pieces), 2):
        chunk = pieces[i]
        end = pieces[i + 1] if i + 1 < len(pieces) else ""
        current += chunk
        after = pieces[i + 2] if i + 2 < len(pieces) else ""
        if end.startswith("."):
            words = current.rstrip().split()
            last_word = words[-1].lower().strip("(\"'") if words else ""
            decimal = bool(re.search(r"\d$", current)) and bool(re.match(r"\d", after))
            inside_word = bool(after) and not after[0].isspace()
            abbreviation = last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha())
            if decimal or inside_word or abbreviation or end == "..." and after[:1].isspace() and after[1:2].islower():
                current += end
                continue
        current += end.strip("\n")
        if end:
            if current.strip():
                result.append(current.strip())
            current = ""
    if current.strip():
        result.append(current.strip())
    return result


def asking_sentence(text: str) -> str:
    """The sentence that asks: the last one with a question mark, else the last one ("" if none)."""
    parts = sentences(text)
    for sentence in reversed(parts):
        if "?" in sentence:
            return sentence
    return parts[-1] if parts else ""


_LEAD_IN = re.compile(
    r"^(?:(?:so|ok|okay|well|hi|hey|hello|also|and|but|then|now|right|basically|anyway|quick question|"
    r"question|my question is|my question|pls|please|sorry|um+|uh+|hmm+|lol|thanks|in short|long story short)"
    r"[\s,:;.!-]+)+",
    re.IGNORECASE,
)
# "can you tell me how much...", "I want to know if ...": the embedded question decides the kind.
_EMBEDDING = re.compile(
    r"\b(?:can|could|would|will)\s+(?:you|someone|somebody|anyone|u)\s+(?:please\s+)?"
    r"(?:tell\s+(?:me|us)|let\s+(?:me|us)\s+know|explain(?:\s+to\s+(?:me|us))?|clarify|describe)\s+|"
    r"\b(?:i|we)\s+(?:want|wanted|need|needed|would like|'d like|d like)\s+to\s+(?:know|understand|find out|check)\s+|"
    r"\b(?:i'?m|i am|we'?re|we are)\s+(?:wondering|trying to (?:figure out|understand|find out))\s+|"
    r"\b(?:i|we)\s+(?:wonder|was wondering|were wondering)\s+|"
    r"\bdo(?:es)?\s+(?:you|anyone|anybody|someone)\s+know\s+|"
    r"\bany\s?(?:one|body)\s+know\s+|"
    r"\bnot sure\s+|\bno idea\s+|\bconfused (?:about\s+)?",
    re.IGNORECASE,
)
_AUX = (
    r"(?:do|does|did|is|are|was|were|am|can|could|will|would|should|shall|may|might|must|have|has|had|"
    r"don'?t|doesn'?t|didn'?t|isn'?t|aren'?t|wasn'?t|can'?t|won'?t|wouldn'?t|shouldn'?t)"
)
_SUBJECT = (
    r"(?:i|we|you|u|it|they|he|she|my|our|your|their|his|her|the|this|that|these|those|there|a|an|any|"
    r"customs|cbp|anyone|someone|somebody|everyone|every|each|all|gifts?|de|section|isf|mpf|hmf|[a-z]+s)"
)
# A sentence opening with an auxiliary asks yes or no whatever its subject ("does Japan charge...?").
_YES_NO = re.compile(rf"\b{_AUX}\s+{_SUBJECT}\b|^\W*{_AUX}\s+[a-z]\w*", re.IGNORECASE)
_IF_WHETHER = re.compile(r"\b(?:if|whether)\b", re.IGNORECASE)
_HOW_MUCH = re.compile(
    r"\bhow\s+(?:much|many|high|low|big|expensive)\b|"
    r"\bwhat(?:'s|’s| is| was| are| were| will be| would be)?\s+(?:the\s+|my\s+|our\s+|their\s+)?"
    r"(?:(?!(?:for|of|about|on|to|behind|with|in|from|and|or)\s)[\w$.,'-]+\s+){0,3}?"
    r"(?:cost|costs|price|amount|fee|fees|rate|rates|limit|limits|threshold|thresholds|value|minimum|maximum|"
    r"max|min|cap|charge|charges|total|percentage|figure|allowance)\b|"
    r"\bwhat\s+(?:will|would|do|did|should|shall)\s+(?:i|we|they|he|she|my customers?|my buyers?)\s+"
    r"(?:actually\s+)?(?:pay|owe|be charged)\b|"
    r"\bwhat\s+(?:duty|duties|tax|taxes|fees?|charges?)\s+(?:did|does|do|will|would|should|was|is|were)\b|"
    r"\bwhat\s+(?:did|does|do|will|would)\s+(?:a|an|the|my|our|this|that)\s+(?:[\w$.,'-]+\s+){0,8}?"
    r"(?:pay|owe|cost)\b",
    re.IGNORECASE,
)
_WHEN = re.compile(
    r"\bwhen\b|\bhow\s+long\b|\bwhat\s+(?:date|day|time|year|month)\b|\bsince\s+when\b|\buntil\s+when\b|"
    r"\bby\s+when\b|\bfrom\s+what\s+date\b|\bwhat\s+is\s+the\s+(?:deadline|date|effective date)\b|\bdeadline\b",
    re.IGNORECASE,
)
_WHICH = re.compile(r"\bwhich\b|\bwhat\s+(?:kind|type|sort|form|forms|entry type|code)\b", re.IGNORECASE)
_WHAT = re.compile(r"\bwhat(?:'s|’s)?\b|\bwhat\s", re.IGNORECASE)
_HOW = re.compile(r"\bhow\b", re.IGNORECASE)
_OTHER_WH = re.compile(r"\b(?:why|where|who|whom|whose)\b", re.IGNORECASE)
_AMOUNT = r"(?:[$£€¥]\s?\d[\d,.]*\s*(?:k\b)?|\d[\d,.]*\s*(?:dollars?|usd|bucks|euros?|pounds?)\b)"
_AMOUNT_ALTERNATIVE = re.compile(rf"{_AMOUNT}\s*,?\s*or\s+{_AMOUNT}", re.IGNORECASE)
_ALTERNATIVE = re.compile(r"\bor\b(?!\s+(?:not|no|nothing|anything)\b)(?!\s*\?)", re.IGNORECASE)


def _first(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    return match.start() if match else None


def question_kind(text: str) -> str:
    """The kind of question the asking sentence asks: one of ``QUESTION_KINDS``.

    "yes_no" ("do I need...", "is ISF needed", "can I...", "is there..."); a choice between amounts
    is "how_much" ("do I pay $3 or $25?"), another choice "which" ("formal or informal?", but not
    "...or not?"); "how_much" (how much/many, what is the fee/limit/rate, what will I owe); "when"
    (when, how long, what date, deadline); "which" (which, what kind/type); "what"; "how"; "other"
    (why, where, who, or no question). The earliest cue of the sentence decides.
    """
    sentence = asking_sentence(text)
    if not sentence:
        return "other"
    sentence = " ".join(sentence.replace("’", "'").split())
    embedded = _EMBEDDING.search(sentence)
    rest = sentence[embedded.end() :] if embedded else _LEAD_IN.sub("", sentence)
    if embedded and _IF_WHETHER.match(rest):
        return _yes_no_or_choice(rest)
    cues: list[tuple[int, int, str]] = []  # (position, priority, kind): the earliest wins
    for priority, (pattern, kind) in enumerate(
        (
            (_HOW_MUCH, "how_much"),
            (_WHEN, "when"),
            (_WHICH, "which"),
            (_OTHER_WH, "other"),
            (_WHAT, "what"),
            (_HOW, "how"),
            (_YES_NO, "yes_no"),
        )
    ):
        position = _first(pattern, rest)
        if position is not None:
            cues.append((position, priority, kind))
    if not cues:
        return "yes_no" if embedded and _IF_WHETHER.search(rest) else "other"
    position, _, kind = min(cues)
    if kind == "yes_no":
        return _yes_no_or_choice(rest[position:])
    # A wh-word after a yes/no start asks about it ("do you know when ...", "is it true that how...").
    return kind


def _yes_no_or_choice(question: str) -> str:
    if _AMOUNT_ALTERNATIVE.search(question):
        return "how_much"
    if _ALTERNATIVE.search(question):
        return "which"
    return "yes_no"


def asks_yes_no(text: str) -> bool:
    """True when the asking sentence is a yes/no question ("do I need ISF?", "is there a fee?")."""
    return question_kind(text) == "yes_no"
