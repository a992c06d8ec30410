"""Candidate entities found by the finders, and how overlapping candidates are resolved.

A ``Span`` is a candidate entity: character offsets into the scanned text, a value and a priority.
``resolve_overlaps`` keeps the best non-overlapping ones. Only the first ``MAX_SCAN_CHARS``
characters of a text are scanned (``clip``). No Rasa or spaCy import here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

#: Only this many characters of a text are scanned by the finders.
MAX_SCAN_CHARS = 2000


@dataclass(frozen=True)
class Span:
    """A candidate entity: character offsets into the scanned text, a value and a priority."""

    start: int
    end: int
    entity: str
    value: object
    priority: int
    info: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


# Priorities used to resolve overlaps (higher wins, then longer, then earlier).
PRIORITY_BLOCK = 120
PRIORITY_EXPLICIT = 100  # amount with a currency, HTS after a keyword, an explicit date
PRIORITY_RELATIVE_DATE = 90
PRIORITY_LEXICON = 80  # country, transport mode, standalone currency
PRIORITY_CONTEXT_AMOUNT = 65  # "worth 650", "a 650 order", "1.2k"
PRIORITY_BARE_HTS = 60  # "6109.10", "6109100012"
PRIORITY_GOODS_PATTERN = 45
PRIORITY_GOODS = 40


def resolve_overlaps(spans: Iterable[Span]) -> list[Span]:
    """Keep the best non-overlapping spans (priority, then length, then position), sorted by start."""
    ordered = sorted(spans, key=lambda s: (-s.priority, -(s.end - s.start), s.start, s.end))
    if not ordered:
        return []
    taken = bytearray(max(s.end for s in ordered) + 1)
    kept: list[Span] = []
    for span in ordered:
        if span.end <= span.start or 1 in taken[span.start : span.end]:
            continue
        taken[span.start : span.end] = b"\x01" * (span.end - span.start)
        kept.append(span)
    return sorted(kept, key=lambda s: (s.start, s.end))


def clip(text: object) -> str:
    """The part of ``text`` the finders scan ("" for anything that is not a string)."""
    return text[:MAX_SCAN_CHARS] if isinstance(text, str) else ""
