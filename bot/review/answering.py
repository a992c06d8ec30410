"""Answering the review cases on one snapshot of the rules, as a user would read the answers.

Question cases go through the real turn: entity extraction (`bot.nlu.extract`, the extractor the
Rasa pipeline wraps), `understand.read` and `dialogue.respond`, with the frame carried from turn
to turn as the action server carries it. The intent is the case's own, so no trained model is
needed. Shipment cases start from their frame and are answered by the dialogue's answering step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from bot.answers import Reply, render_sources
from bot.conversation.dialogue import _answer as answer_frame
from bot.conversation.dialogue import respond
from bot.conversation.frame import Frame
from bot.conversation.understand import Message
from bot.review.cases import CaseSet, Question, ShipmentCase
from bot.thresholds.store import Snapshot


@dataclass(frozen=True)
class Answer:
    """What a user is told: the first message(s), the "More detail" text and the sources."""

    text: str
    detail: str
    sources: str

    def parts(self) -> dict[str, str]:
        return {"answer": self.text, "more detail": self.detail, "sources": self.sources}


@lru_cache(maxsize=512)
def _entities(text: str, today: dt.date) -> tuple[dict, ...]:
    from bot.nlu.extract import extract_entities  # builds a spaCy pipeline: only when cases are answered

    return tuple(extract_entities(text, today=today))


def _message(intent: str, text: str, today: dt.date) -> Message:
    entities = [dict(entity) for entity in _entities(text, today)]
    return Message(intent, 1.0, entities, text, [{"name": intent, "confidence": 1.0}])


def _collect(turns: list[tuple[str | None, list[Reply]]]) -> Answer:
    text_lines: list[str] = []
    details: list[str] = []
    sources: list[str] = []
    for said, replies in turns:
        if said is not None:
            text_lines.append(f"> {said}")
        if not replies:
            text_lines.append("(no reply: the assistant asks the user to rephrase)")
        text_lines.extend(reply.text for reply in replies)
        details.extend(reply.detail for reply in replies if reply.detail)
        sources.extend(render_sources(reply.sources) for reply in replies if reply.sources)
    return Answer("\n".join(text_lines), "\n".join(details), "\n".join(sources))


def answer_question(snapshot: Snapshot, question: Question, today: dt.date) -> Answer:
    frame = Frame()
    turns: list[tuple[str | None, list[Reply]]] = []
    for user in question.turns:
        turn = respond(snapshot, _message(user.intent, user.text, today), frame, today=today, with_disclaimer=False)
        # Between turns the frame goes through the slot's JSON form, as in the action server.
        frame = Frame.from_slot(turn.frame.to_slot())
        turns.append((user.text if len(question.turns) > 1 else None, turn.replies))
    return _collect(turns)


def answer_shipment(snapshot: Snapshot, case: ShipmentCase, today: dt.date) -> Answer:
    turn = answer_frame(snapshot, case.frame, Message(None, 0.0, [], ""), today, False)
    return _collect([(None, turn.replies)])


def answer_all(snapshot: Snapshot, cases: CaseSet, today: dt.date) -> dict[str, Answer]:
    """Every case's answer on a snapshot, by case id (in the case set's order)."""
    answers: dict[str, Answer] = {}
    for case in cases.cases:
        try:
            if isinstance(case, Question):
                answers[case.id] = answer_question(snapshot, case, today)
            else:
                answers[case.id] = answer_shipment(snapshot, case, today)
        except Exception as error:
            failure = f"(the answer fails: {type(error).__name__}: {error})"
            answers[case.id] = Answer(failure, "", "")
    return answers
