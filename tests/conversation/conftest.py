"""Helpers of the conversation tests: messages as the NLU pipeline hands them over, and a conversation
that keeps its question frame from turn to turn (no Rasa)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.conversation.dialogue import Turn, respond
from bot.conversation.frame import Frame
from bot.conversation.understand import Message
from bot.nlu.language import detect
from bot.thresholds.store import Snapshot

TODAY = dt.date(2026, 11, 26)


def ent(name: str, value: Any, text: str = "", surface: str | None = None, **info: Any) -> dict:
    """An entity as the extractor gives it; `surface` (the words in `text`) places it in the message."""
    start = text.find(surface) if surface else 0
    entity = {
        "entity": name,
        "value": value,
        "start": max(start, 0),
        "end": max(start, 0) + len(surface or ""),
        "extractor": "CBPEntityExtractor",
    }
    if info:
        entity["additional_info"] = info
    return entity


def year(value: int, text: str = "") -> dict:
    return ent("date", f"{value}-01-01", text, granularity="year", start=f"{value}-01-01", end=f"{value}-12-31")


def day(iso: str) -> dict:
    return ent("date", iso, granularity="day")


def message(text: str, intent: str | None = "check_shipment", *entities: dict, confidence: float = 0.9) -> Message:
    return Message(intent, confidence, list(entities), text, [{"name": intent, "confidence": confidence}])


@dataclass
class Conversation:
    """One user's conversation: each `say` answers from the frame the last turn kept."""

    snapshot: Snapshot
    frame: Frame = field(default_factory=Frame)
    turns: list[Turn] = field(default_factory=list)
    disclaimer_shown: bool = False

    def say(self, text: str, intent: str | None = "check_shipment", *entities: dict) -> Turn:
        turn = respond(
            self.snapshot,
            message(text, intent, *entities),
            self.frame,
            today=TODAY,
            with_disclaimer=not self.disclaimer_shown,
            language=language_of(text, entities),
        )
        # The frame goes through the slot's JSON form, as it does between the action server's turns.
        self.frame = Frame.from_slot(turn.frame.to_slot())
        self.disclaimer_shown |= any(reply.kind == "answer" for reply in turn.replies)
        self.turns.append(turn)
        return turn


def language_of(text: str, entities: tuple[dict, ...]) -> str | None:
    """The language entity the NLU pipeline gives: a payload's own, or the detector's on typed text."""
    given = [e["value"] for e in entities if e.get("entity") == "language"]
    if given:
        return given[0]
    return None if text.startswith("/") else detect(text)


def text_of(turn: Turn) -> str:
    return "\n".join(reply.text for reply in turn.replies)


def first_line(turn: Turn) -> str:
    return turn.replies[0].text.split("\n")[0]


def verdict_first(line: str, verdict: str, *parts: str) -> bool:
    """Whether `line` starts with the verdict word ("Yes", "No") and says every part (punctuation may vary)."""
    return bool(re.match(rf"{verdict}\b", line)) and all(part in line for part in parts)


@pytest.fixture
def talk(snapshot) -> Conversation:
    return Conversation(snapshot)
