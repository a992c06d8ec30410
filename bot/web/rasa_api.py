"""The staff page's client of Rasa's HTTP API (`rasa run --enable-api --auth-token TOKEN`).

For one message it asks Rasa how it understands it (`POST /model/parse`), sends it as a staff user
over the REST channel (`POST /webhooks/rest/webhook`) for the reply, and reads the conversation's
tracker (`GET /conversations/{id}/tracker`) for the events and the actions the policies chose;
bot/staff/turn_report.py makes the report of it (the same as `python -m bot try` prints).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import quote

import aiohttp

from bot.staff.turn_report import TurnReport, turn_report


class RasaUnavailable(Exception):
    """Rasa did not answer, or refused the call; the message says which and what to check."""


class RasaApi:
    """Rasa's HTTP API at `base_url`; `token` is its --auth-token."""

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
        """Parse the message, send it as `sender` over the REST channel, and read the tracker after the turn."""
        async with aiohttp.ClientSession(timeout=self.timeout) as session:
            parsed = await self._call(session, "POST", "/model/parse", api=True, body={"text": message}) or {}
            replies = await self._call(
                session, "POST", "/webhooks/rest/webhook", api=False, body={"sender": sender, "message": message}
            )
            tracker = await self._call(session, "GET", f"/conversations/{quote(sender, safe='')}/tracker", api=True)
        tracker = tracker or {}
        return turn_report(message, sender, parsed, replies, tracker.get("events"), tracker.get("slots"))
