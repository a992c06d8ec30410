"""Slack text handling without Rasa: mrkdwn escaping, Block Kit buttons, and cleaning users' text.

Slack's rule (https://api.slack.com/reference/surfaces/formatting#escaping): in message text only
`&`, `<` and `>` are control characters and must be sent as `&amp;`, `&lt;` and `&gt;`. Links are
sent as `<url>` or `<url|label>`, which also keeps mrkdwn's `_` and `*` from mangling URLs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

SECTION_TEXT_LIMIT = 3000  # characters of a section block's text
BUTTON_TEXT_LIMIT = 75  # characters of a button's label
BUTTON_VALUE_LIMIT = 2000  # characters of a button's value
ACTIONS_ELEMENTS_LIMIT = 25  # elements in one actions block

# A Markdown link [label](https://...) or a bare http(s) URL (ended by whitespace or < >).
_LINK = re.compile(r"\[(?P<label>[^\]\n]+)\]\((?P<target>https?://[^\s()<>]+)\)|(?P<url>https?://[^\s<>]+)")
_TRAILING = ".,;:!?'\"*_~"
_CLOSERS = {")": "(", "]": "[", "}": "{"}


def escape(text: str) -> str:
    """Escape Slack's three control characters in plain text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_url(url: str) -> str:
    # `|` would end the URL part of <url|label>; `&` is escaped like everywhere else.
    return url.replace("&", "&amp;").replace("|", "%7C")


def _trim_url(url: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets that follow a URL in prose."""
    while url:
        last = url[-1]
        if last in _TRAILING or (last in _CLOSERS and url.count(_CLOSERS[last]) < url.count(last)):
            url = url[:-1]
        else:
            break
    return url


def to_mrkdwn(text: str) -> str:
    """Bot text as Slack mrkdwn: control characters escaped, URLs and Markdown links as Slack links."""
    parts: list[str] = []
    position = 0
    for match in _LINK.finditer(text):
        parts.append(escape(text[position : match.start()]))
        if match.group("target"):
            label = escape(match.group("label")).replace("|", "¦")
            parts.append(f"<{_escape_url(match.group('target'))}|{label}>")
        else:
            url = match.group("url")
            trimmed = _trim_url(url)
            if trimmed.rstrip("/").endswith(":"):  # "https://" alone is not a link
                parts.append(escape(url))
            else:
                parts.append(f"<{_escape_url(trimmed)}>" + escape(url[len(trimmed) :]))
        position = match.end()
    parts.append(escape(text[position:]))
    return "".join(parts)


def chunk_lines(text: str, limit: int = SECTION_TEXT_LIMIT) -> list[str]:
    """Split text into pieces of at most `limit` characters, at line breaks where possible."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        chunks.append(current)
    return chunks


def section_blocks(mrkdwn: str) -> list[dict[str, Any]]:
    """Section blocks holding already-formatted mrkdwn text (several when it is long)."""
    return [{"type": "section", "text": {"type": "mrkdwn", "text": chunk}} for chunk in chunk_lines(mrkdwn)]


def button_blocks(text: str, buttons: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Block Kit for a bot message with quick replies: the text's sections, then one actions block.

    Each button's `value` is its Rasa payload (e.g. "/ask_fees"), which a click sends back as the
    user's message. Slack allows 25 buttons per actions block; more are dropped.
    """
    elements = []
    for index, button in enumerate(list(buttons)[:ACTIONS_ELEMENTS_LIMIT]):
        payload = str(button.get("payload") or button.get("title") or "")
        title = str(button.get("title") or payload)
        element: dict[str, Any] = {
            "type": "button",
            "text": {"type": "plain_text", "text": title[:BUTTON_TEXT_LIMIT] or "…", "emoji": True},
            "action_id": f"cbp_button_{index}",
        }
        if payload:
            element["value"] = payload[:BUTTON_VALUE_LIMIT]
        if button.get("url"):
            element["url"] = str(button["url"])
        elements.append(element)
    blocks = section_blocks(to_mrkdwn(text)) if text.strip() else []
    if elements:
        blocks.append({"type": "actions", "block_id": "cbp_buttons", "elements": elements})
    return blocks


def answered_blocks(blocks: Iterable[Mapping[str, Any]], user_id: str, choice: str) -> list[dict[str, Any]]:
    """The blocks of a clicked message with its buttons replaced by a note of who chose what."""
    kept = [dict(block) for block in blocks if block.get("type") != "actions"]
    note = f"<@{user_id}> chose *{escape(choice)}*" if choice else f"<@{user_id}> answered"
    kept.append({"type": "context", "elements": [{"type": "mrkdwn", "text": note}]})
    return kept


def clean_user_text(text: str, remove_user_ids: Iterable[str] = ()) -> str:
    """A user's Slack text as plain text: the bot's mentions removed, links and entities decoded."""
    for user_id in remove_user_ids:
        if user_id:
            text = re.sub(rf"\s*<@{re.escape(user_id)}(?:\|[^>]*)?>\s*", " ", text)
    text = re.sub(r"<((?:https?|mailto|tel):[^|>]*)\|([^>]*)>", r"\2", text)
    text = re.sub(r"<((?:https?|mailto|tel):[^>]*)>", r"\1", text)
    text = re.sub(r"<#[A-Z0-9]+\|([^>]*)>", r"#\1", text)
    text = re.sub(r"<!(here|channel|everyone)(?:\|[^>]*)?>", r"@\1", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return re.sub(r"[ \t]+", " ", text).strip()
