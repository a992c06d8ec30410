"""One turn as staff see it: how a message was understood, what was chosen, what was replied.

`turn_report()` builds it from what Rasa gives for the turn, whichever way it was reached:
the parse result (`POST /model/parse` or `Agent.parse_message`), the replies (the REST channel's
JSON or `Agent.handle_text`) and the tracker's events and slots as JSON (`GET
/conversations/{id}/tracker`, or `event.as_dict()` of each event in process). Both the staff
page ("Try a message", bot/web/staff.py) and `python -m bot try` (bot/staff/try_message.py) show
this one shape; `--json` prints `TurnReport.to_dict()`. Nothing here imports Rasa or aiohttp.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, TextIO

#: The intents shown, likeliest first.
RANKING_SHOWN = 10


@dataclass
class TurnReport:
    """What staff see for one message."""

    message: str
    sender: str
    intent: dict | None = None
    intent_ranking: list[dict] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    #: The actions the policies chose after the message (not action_listen): name, policy, confidence.
    actions: list[dict] = field(default_factory=list)
    #: text, buttons (titles) and any other content of each reply.
    replies: list[dict] = field(default_factory=list)
    #: The whole conversation's events, as table rows (see describe_event).
    events: list[dict] = field(default_factory=list)
    #: The question frame after the turn, the assumptions made, the questions skipped.
    frame: dict = field(default_factory=dict)
    assumptions: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    #: The language the message was read as ("en", "es", or None when it couldn't tell) and the
    #: conversation's language after the turn, which the answer is written in.
    language: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


def turn_report(
    message: str,
    sender: str,
    parsed: dict | None,
    replies: list[dict] | None,
    events: list[dict] | None,
    slots: dict | None = None,
) -> TurnReport:
    """The report of one turn; `events` and `slots` are the conversation's tracker after it, as JSON."""
    parsed, replies, events = parsed or {}, list(replies or []), list(events or [])
    report = TurnReport(message=message, sender=sender, intent=parsed.get("intent"))
    report.intent_ranking = [
        {"name": str(item.get("name")), "confidence": _number(item.get("confidence"))}
        for item in parsed.get("intent_ranking") or []
    ][:RANKING_SHOWN]
    report.entities = [
        {
            "entity": entity.get("entity"),
            "value": entity.get("value"),
            "text": entity.get("text") or _span(message, entity),
            "role": entity.get("role"),
            "extractor": entity.get("extractor"),
            "confidence": _number(entity.get("confidence_entity") or entity.get("confidence")),
        }
        for entity in parsed.get("entities") or []
    ]
    report.replies = [
        {
            "text": reply.get("text") or "",
            "buttons": [str(button.get("title", "")) for button in reply.get("buttons") or []],
            "other": {key: value for key, value in reply.items() if key not in ("recipient_id", "text", "buttons")},
        }
        for reply in replies
    ]
    answered = how_answered(replies)
    report.frame = (slots or {}).get("question_frame") or answered["frame"]
    report.assumptions, report.skipped = answered["assumptions"], answered["skipped"]
    detected = next((e.get("value") for e in report.entities if e.get("entity") == "language"), None)
    conversation = (slots or {}).get("language") or report.frame.get("language") or detected or "en"
    report.language = {"message": detected, "conversation": conversation}
    report.events = [describe_event(index, event) for index, event in enumerate(events, start=1)]
    last_user = max((index for index, event in enumerate(events) if event.get("event") == "user"), default=-1)
    report.actions = [
        {"name": event.get("name"), "policy": event.get("policy"), "confidence": _number(event.get("confidence"))}
        for event in events[last_user + 1 :]
        if event.get("event") == "action" and event.get("name") != "action_listen"
    ]
    return report


def how_answered(replies: list[dict]) -> dict:
    """The question frame after the turn, the assumptions made and the questions skipped.

    They come from the `cbp` custom payload that the answering action sends with each reply.
    """
    custom = [r["custom"]["cbp"] for r in replies if isinstance(r.get("custom"), dict) and "cbp" in r["custom"]]
    frame = next((c.get("frame") for c in reversed(custom) if c.get("frame") is not None), None)
    if frame is None:
        frame = next((r["custom"].get("frame") for r in reversed(replies) if isinstance(r.get("custom"), dict)), None)
    assumptions = [a for c in custom for a in c.get("assumptions") or []]
    skipped = [s for c in custom for s in c.get("skipped") or []]
    return {"frame": frame or {}, "assumptions": assumptions, "skipped": skipped}


def print_report(report: TurnReport, out: TextIO) -> None:
    """The report as text, for a terminal (`python -m bot try`)."""

    def line(text: str = "") -> None:
        print(text, file=out)

    line(f"> {report.message}")
    line("Intent ranking:" + ("" if report.intent_ranking else " none"))
    for item in report.intent_ranking:
        confidence = item["confidence"]
        line(f"  {confidence:.3f}  {item['name']}" if confidence is not None else f"  —  {item['name']}")
    line("Entities:" + ("" if report.entities else " none"))
    for entity in report.entities:
        line(f"  {entity['entity']}: {entity['value']!r}  (from {entity.get('text')!r})")
    language = report.language or {}
    line(f"Language: {language.get('message') or 'not clear'} (conversation: {language.get('conversation') or 'en'})")
    line("Actions: " + (", ".join(str(action["name"]) for action in report.actions) or "none"))
    line("Reply:" + ("" if report.replies else " none"))
    for reply in report.replies:
        line("  " + reply["text"].replace("\n", "\n  "))
        if reply["buttons"]:
            line("  [" + "] [".join(reply["buttons"]) + "]")
    line("Question frame: " + (json.dumps(report.frame, ensure_ascii=False) if report.frame else "none"))
    line("Assumptions: " + (", ".join(report.assumptions) or "none"))
    line("Not asked (could not change the verdict): " + (", ".join(report.skipped) or "none"))
    line()


def _number(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _span(message: str, entity: dict) -> str | None:
    start, end = entity.get("start"), entity.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(message):
        return message[start:end]
    return None


def _time(timestamp: Any) -> str:
    try:
        return dt.datetime.fromtimestamp(float(timestamp), tz=dt.timezone.utc).strftime("%H:%M:%S")
    except (TypeError, ValueError, OverflowError, OSError):
        return ""


def _short(value: Any, limit: int = 300) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_event(index: int, event: dict) -> dict:
    """One tracker event as a table row: number, time (UTC), type, name and details (plain text)."""
    kind = str(event.get("event", "?"))
    name, details = "", ""
    if kind == "user":
        parse = event.get("parse_data") or {}
        intent = parse.get("intent") or {}
        name = str(intent.get("name") or "")
        confidence = _number(intent.get("confidence"))
        details = f"“{_short(event.get('text') or '')}”"
        if confidence is not None:
            details += f" (intent confidence {confidence:.3f})"
        entities = parse.get("entities") or []
        if entities:
            details += "; entities: " + ", ".join(f"{e.get('entity')}={_short(e.get('value'), 60)}" for e in entities)
    elif kind == "action":
        name = str(event.get("name") or "")
        parts = [f"policy {event['policy']}" if event.get("policy") else ""]
        confidence = _number(event.get("confidence"))
        if confidence is not None:
            parts.append(f"confidence {confidence:.3f}")
        details = ", ".join(part for part in parts if part)
    elif kind == "bot":
        details = _short(event.get("text") or "")
        buttons = ((event.get("data") or {}).get("buttons")) or []
        if buttons:
            details += " [buttons: " + ", ".join(str(b.get("title", "")) for b in buttons) + "]"
    elif kind == "slot":
        name = str(event.get("name") or "")
        details = _short(event.get("value"))
    elif kind in ("active_loop", "loop"):
        name = str(event.get("name") or "(none)")
    else:
        rest = {key: value for key, value in event.items() if key not in ("event", "timestamp", "metadata")}
        details = _short(rest) if rest else ""
    return {"index": index, "time": _time(event.get("timestamp")), "event": kind, "name": name, "details": details}
