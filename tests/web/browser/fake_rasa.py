"""A scripted stand-in for Rasa's socket.io channel, for fast, deterministic tests of the chat panel.

    python -m tests.web.browser.fake_rasa --port 5999 --origin http://127.0.0.1:8000

Replies: `/greet` a greeting with quick replies; `/markup` text full of markup and links (which the
page must show as text); `/silence` nothing the first time in a session, then an apology (to test
the reply timeout and Retry); `/long_answer` an answer shaped like the assistant's (a verdict with
contacts, a long detail, a date and source line with quick replies, then the custom `{"cbp": ...}`
event, as bot.channels.socketio sends them); `/contacts` phone numbers, e-mail addresses and
look-alikes; anything else is echoed.

Languages, as bot.channels.socketio sends them: every text message carries `"lang"`, the session's
language. `/greet{"language":"es"}` greets in Spanish; `/switch_language{"language":"es"}` (or "en")
switches the session and says so; `/stale_then_switch` answers in Spanish, then in English (an answer
whose first part is in the other language); a message with Spanish marks (¿ ¡ ñ or an accent) switches
the session to Spanish, "in english" back to English.
"""

from __future__ import annotations

import argparse
import json
import re
import uuid

import socketio
from aiohttp import web

MARKUP_REPLY = (
    '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> & <b>bold</b>\n'
    "See https://example.gov/path). Not a link: javascript:alert(1)\n"
    "Sources:\n"
    "- First source: https://www.cbp.gov/trade/de-minimis\n"
    "- Second item, no link\n"
    "(Data as of 1 January 2026.)"
)

# Rasa's socket.io output sends one event per paragraph ("\n\n"), the quick replies with the last one.
LONG_ANSWER = [
    "Verdict: yes, this is the first line of the answer. Questions: call 1-877-227-5511 or write to "
    "help@cbp.example.gov.",
    "\n".join(f"Detail line {i}: more about the rule, which this test makes long enough to scroll." for i in range(40)),
    "As of 1 December 2026. Source: https://www.cbp.gov/trade/de-minimis\nGeneral information, not legal advice.",
]
ANSWER_BUTTONS = [
    {"content_type": "text", "title": "More detail", "payload": "/ask_more_detail"},
    {"content_type": "text", "title": "Sources", "payload": "/ask_sources"},
    {"content_type": "text", "title": "It was a gift", "payload": "It was a gift"},
]
CUSTOM = {
    "cbp": {
        "kind": "answer",
        "topic": "de_minimis",
        "detail": "<b>detail</b> that must not be shown as JSON",
        "sources": [{"citation": "19 CFR 10.151", "url": "https://www.ecfr.gov/current/title-19/section-10.151"}],
    }
}
#: (what the bot writes, the link's href); None: shown as text, not a link.
CONTACTS = [
    ("1-877-227-5511", "tel:+18772275511"),
    ("(877) 227-5511", "tel:+18772275511"),
    ("+1 703 526 4200", "tel:+17035264200"),
    ("877.227.5511", "tel:+18772275511"),
    ("+1 (703) 526-4200", "tel:+17035264200"),
    ("+44 20 7946 0958", "tel:+442079460958"),
    ("info@cbp.example.gov", "mailto:info@cbp.example.gov"),
    ("First.Last+trade@sub.example.gov", "mailto:First.Last+trade@sub.example.gov"),
    ("https://www.cbp.gov/contact?mail=a@b.gov", "https://www.cbp.gov/contact?mail=a@b.gov"),
    ("2025-08-29", None),
    ("6109.10.0012", None),
    ("$800.00", None),
    ("19 CFR 10.151", None),
    ("20001-1234", None),
    ("877-227-55119", None),
    ("1234 567 8901", None),
    ("a@b", None),
    ("user@localhost", None),
    ("tel:+1-877-227-5511x", None),
]
CONTACTS_REPLY = "Contacts:\n" + "\n".join(f"- {text}." for text, _ in CONTACTS) + "\n<b>x@y.gov</b> (877) 227-5511!"

GREETING_ES = "Hola desde el asistente de prueba."
GREETING_ES_BUTTONS = [
    {"content_type": "text", "title": "Una respuesta larga", "payload": "/long_answer"},
    {"content_type": "text", "title": "Contactos", "payload": "/contacts"},
]
SWITCHED = {"es": "De acuerdo, le respondo en español.", "en": "All right, I'll answer in English."}
SPANISH_MARKS = re.compile(r"[¿¡ñáéíóú]", re.IGNORECASE)
INTENT_WITH_ENTITIES = re.compile(r"^/(\w+)(\{.*\})?$", re.DOTALL)


def parse_payload(text: str) -> tuple[str | None, dict]:
    """`/intent{"entity": "value"}` as Rasa reads it: the intent and the entities (none for plain text)."""
    match = INTENT_WITH_ENTITIES.match(text)
    if not match:
        return None, {}
    try:
        entities = json.loads(match.group(2)) if match.group(2) else {}
    except ValueError:
        entities = {}
    return match.group(1), entities if isinstance(entities, dict) else {}


def create_app(origin: str) -> web.Application:
    sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins=[origin])
    app = web.Application()
    sio.attach(app, socketio_path="socket.io")
    silences: dict[str, int] = {}
    languages: dict[str, str] = {}

    async def say(sid: str, session_id: str, message: dict) -> None:
        if "text" in message:
            message = {**message, "lang": languages.get(session_id, "en")}
        await sio.emit("bot_uttered", message, room=sid)

    @sio.on("session_request")
    async def session_request(sid: str, data: dict | None) -> None:
        session_id = (data or {}).get("session_id") or uuid.uuid4().hex
        await sio.emit("session_confirm", session_id, room=sid)

    @sio.on("user_uttered")
    async def user_uttered(sid: str, data: dict) -> None:
        text, session_id = data.get("message", ""), data.get("session_id", "")
        intent, entities = parse_payload(text)
        if entities.get("language") in ("en", "es"):
            languages[session_id] = entities["language"]
        elif intent is None and SPANISH_MARKS.search(text):
            languages[session_id] = "es"
        elif intent is None and "in english" in text.lower():
            languages[session_id] = "en"
        if intent == "greet" and languages.get(session_id) == "es":
            await say(sid, session_id, {"text": GREETING_ES, "quick_replies": GREETING_ES_BUTTONS})
        elif intent == "switch_language":
            await say(sid, session_id, {"text": SWITCHED[languages.get(session_id, "en")]})
        elif text == "/stale_then_switch":
            languages[session_id] = "es"
            await say(sid, session_id, {"text": "Primera parte de la respuesta."})
            languages[session_id] = "en"
            await say(sid, session_id, {"text": "And an English part."})
        elif intent == "greet":
            await say(
                sid,
                session_id,
                {
                    "text": "Hello from the test assistant.",
                    "quick_replies": [
                        {"content_type": "text", "title": "Show me markup", "payload": "/markup"},
                        {"content_type": "text", "title": "Stay silent", "payload": "/silence"},
                        {"content_type": "text", "title": "A long answer", "payload": "/long_answer"},
                        {"content_type": "text", "title": "Contacts", "payload": "/contacts"},
                    ],
                },
            )
        elif text == "/markup":
            await say(sid, session_id, {"text": MARKUP_REPLY})
        elif text == "/long_answer":
            for part in LONG_ANSWER[:-1]:
                await say(sid, session_id, {"text": part})
            await say(sid, session_id, {"text": LONG_ANSWER[-1], "quick_replies": ANSWER_BUTTONS})
            await sio.emit("bot_uttered", {"custom": CUSTOM}, room=sid)
        elif text == "/contacts":
            await say(sid, session_id, {"text": CONTACTS_REPLY})
        elif text == "/silence":
            silences[session_id] = silences.get(session_id, 0) + 1
            if silences[session_id] > 1:
                await say(sid, session_id, {"text": "Sorry for the wait."})
        else:
            await say(sid, session_id, {"text": f"Echo: {text}"})

    async def health(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app.router.add_get("/", health)
    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--origin", required=True)
    args = parser.parse_args()
    web.run_app(create_app(args.origin), host="127.0.0.1", port=args.port, print=None)


if __name__ == "__main__":
    main()
