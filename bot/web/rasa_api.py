"""The staff page's client of Rasa's HTTP API (`rasa run --enable-api --auth-token TOKEN`).

For one message it asks Rasa how it understands it (`POST /model/parse`), sends it as a staff user
over the REST channel (`POST /webhooks/rest/webhook`) for the reply, and reads the conversation's
tracker (`GET /conversations/{id}/tracker`) for the events and the actions the policies chose.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import aiohttp

from bot.staff.try_message import how_answered


class RasaUnavailable(Exception):
    """Rasa did not answer, or refused the call; the message says which and what to check."""


@dataclass
class TurnReport:
    """What the staff page shows for one message."""

    message: str
    sender: str
    intent: dict | None = None
    intent_ranking: list[dict] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    replies: list[dict] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    frame: dict = field(default_factory=dict)
    assumptions: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


class RasaApi:
    def __init__(self, base_url: str, token: str | None, timeout: float = 30.0):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = aiohttp.ClientTimeout(total=timeout)

    def _params(self) -> dict:
        return {"token": self.token} if self.token else {}

    async def _call(self, session: aiohttp.ClientSession, method: str, path: str, *, api: bool, body: Any = None):
        url = self.base_url + path
        try:
            async with session.request(method, url, json=body, params=self._params() if api else None) as response:
                text = await response.text()
                if response.status in (401, 403):
                    raise RasaUnavailable(
                        f"Rasa refused {method} {path} ({response.status}): check RASA_API_TOKEN and that Rasa "
                        "runs with --enable-api --auth-token."
                    )
                if response.status == 404 and api:
                    raise RasaUnavailable(
                        f"Rasa has no {path} endpoint (404): start it with --enable-api --auth-token."
                    )
                if response.status >= 400:
                    raise RasaUnavailable(f"Rasa answered {method} {path} with {response.status}: {text[:300]}")
                try:
                    return json.loads(text) if text else None
                except ValueError:
                    raise RasaUnavailable(f"Rasa answered {method} {path} with something that is not JSON") from None
        except aiohttp.ClientError as error:
            raise RasaUnavailable(f"Rasa cannot be reached at {self.base_url} ({type(error).__name__}).") from None
        except asyncio.TimeoutError:
            raise RasaUnavailable(f"Rasa at {self.base_url} did not answer {method} {path} in time.") from None

    async def try_message(self, message: str, sender: str) -> TurnReport:
        report = TurnReport(message=message, sender=sender)
        async with aiohttp.ClientSession(timeout=self.timeout) as session:
            parsed = await self._call(session, "POST", "/model/parse", api=True, body={"text": message}) or {}
            replies = await self._call(
                session, "POST", "/webhooks/rest/webhook", api=False, body={"sender": sender, "message": message}
            )
            tracker = await self._call(session, "GET", f"/conversations/{quote(sender, safe='')}/tracker", api=True)
        report.intent = parsed.get("intent")
        report.intent_ranking = [
            {"name": str(item.get("name")), "confidence": _number(item.get("confidence"))}
            for item in parsed.get("intent_ranking") or []
        ][:10]
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
            for reply in replies or []
        ]
        answered = how_answered(list(replies or []))
        report.frame = ((tracker or {}).get("slots") or {}).get("question_frame") or answered["frame"]
        report.assumptions, report.skipped = answered["assumptions"], answered["skipped"]
        events = list((tracker or {}).get("events") or [])
        report.events = [describe_event(index, event) for index, event in enumerate(events, start=1)]
        last_user = max((index for index, event in enumerate(events) if event.get("event") == "user"), default=-1)
        report.actions = [
            {"name": event.get("name"), "policy": event.get("policy"), "confidence": _number(event.get("confidence"))}
            for event in events[last_user + 1 :]
            if event.get("event") == "action" and event.get("name") != "action_listen"
        ]
        return report


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
