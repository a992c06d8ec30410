"""Slack text handling without Rasa: mrkdwn escaping, Block Kit buttons, and cleaning users' text.

Slack's rule (https://api.slack.com/reference/surfaces/formatting#escaping): in message text only
`&`, `<` and `>` are control characters and must be sent as `&amp;`, `&lt;` and `&gt;`. Links are
sent as `<url>` or `<url|label>`, which also keeps mrkdwn's `_` and `*` from mangling URLs; e-mail
addresses as `<mailto:address|address>`. Phone numbers stay plain text: Slack has no `tel:` links.

Slack's limits: a message's `text` is cut off after 40,000 characters (Slack advises at most 4,000), a
section block holds 3,000 and a message 50 blocks. Longer replies are split, at line breaks where
possible and never inside a link or an entity, into several messages (`text_messages`,
`button_messages`); a message's buttons go with its last part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

SECTION_TEXT_LIMIT = 3000  # characters of a section block's text
MESSAGE_TEXT_LIMIT = 4000  # characters of a message's text (Slack's advice; it truncates at 40,000)
BLOCKS_LIMIT = 50  # blocks in one message
BUTTON_TEXT_LIMIT = 75  # characters of a button's label
BUTTON_VALUE_LIMIT = 2000  # characters of a button's value
ACTIONS_ELEMENTS_LIMIT = 25  # elements in one actions block

# A Markdown link [label](https://...), a bare http(s) URL (ended by whitespace or < >) or an e-mail address
# (letters, digits and . _ + - before the @, a dotted domain ending in letters). Leftmost first, so an
# address inside a URL stays part of the URL.
_DOMAIN_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_LINK = re.compile(
    r"\[(?P<label>[^\]\n]+)\]\((?P<target>https?://[^\s()<>]+)\)|(?P<url>https?://[^\s<>]+)"
    # The look-behind starts an address only where its local part starts (the leftmost match anyway):
    # without it a long run of such characters is re-scanned from every position (minutes for 200,000).
    rf"|(?<![A-Za-z0-9._+-])(?P<email>[A-Za-z0-9._+-]+@{_DOMAIN_LABEL}(?:\.{_DOMAIN_LABEL})*\.[A-Za-z]{{2,}})(?![A-Za-z0-9-])"
)
# What a split must not cut: a Slack link <...> or an escaped character.
_UNSPLITTABLE = re.compile(r"<[^<>\n]*>|&(?:amp|lt|gt);")
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
        if match.group("email"):
            address = match.group("email")  # only letters, digits and . _ + - @: nothing to escape
            parts.append(f"<mailto:{address}|{address}>")
        elif match.group("target"):
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


def _cut(line: str, limit: int) -> tuple[str, str]:
    """A line longer than `limit` as (first piece, rest): cut at the last space in the second half of the
    limit, else at the limit; never inside a link or an entity (unless one alone is longer than the limit)."""
    spans = []
    for match in _UNSPLITTABLE.finditer(line):
        if match.start() >= limit:
            break
        spans.append(match.span())

    def inside(position: int) -> bool:
        return any(start < position < end for start, end in spans)

    spaces = [i for i in range(min(limit, len(line) - 1), limit // 2, -1) if line[i] in " \t" and not inside(i)]
    if spaces:
        return line[: spaces[0]], line[spaces[0] + 1 :]
    position = limit
    for start, end in spans:
        if start < position < end and start > 0:
            position = start
    return line[:position], line[position:]


def chunk_lines(text: str, limit: int = SECTION_TEXT_LIMIT) -> list[str]:
    """Split text into pieces of at most `limit` characters, at line breaks where possible (see `_cut`)."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                chunks.append(current)
                current = ""
            piece, line = _cut(line, limit)
            chunks.append(piece)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    chunks.append(current)
    return [chunk for chunk in chunks if chunk.strip()]


def text_messages(text: str) -> list[str]:
    """Bot text as the mrkdwn of one message, or of several when it is longer than a message should be."""
    return chunk_lines(to_mrkdwn(text.strip()), MESSAGE_TEXT_LIMIT)


def section_blocks(mrkdwn: str) -> list[dict[str, Any]]:
    """Section blocks holding already-formatted mrkdwn text (several when it is long)."""
    return [{"type": "section", "text": {"type": "mrkdwn", "text": chunk}} for chunk in chunk_lines(mrkdwn)]


def actions_block(buttons: Iterable[Mapping[str, Any]]) -> dict[str, Any] | None:
    """One actions block of buttons (None when there are none).

    Each button's `value` is its Rasa payload (e.g. "/ask_more_detail", or plain text such as "It was a
    gift"), which a click sends back as the user's message. Slack allows 25 buttons per actions block;
    more are dropped.
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
    return {"type": "actions", "block_id": "cbp_buttons", "elements": elements} if elements else None


def button_blocks(text: str, buttons: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Block Kit for a bot message with quick replies: the text's sections, then one actions block."""
    blocks = section_blocks(to_mrkdwn(text)) if text.strip() else []
    actions = actions_block(buttons)
    if actions:
        blocks.append(actions)
    return blocks


def button_messages(text: str, buttons: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A bot message with buttons as chat.postMessage arguments (`text`, `blocks`) of one or more messages.

    At most BLOCKS_LIMIT blocks a message, the buttons in the last one; `text` (the notification and
    fallback text) is the start of that message's text, within MESSAGE_TEXT_LIMIT.
    """
    sections = section_blocks(to_mrkdwn(text)) if text.strip() else []
    actions = actions_block(buttons)
    messages: list[list[dict[str, Any]]] = []
    while len(sections) > BLOCKS_LIMIT - (1 if actions else 0):
        size = min(BLOCKS_LIMIT, len(sections) - 1)  # the buttons keep some text with them
        messages.append(sections[:size])
        sections = sections[size:]
    messages.append(sections + ([actions] if actions else []))
    posts = []
    for blocks in messages:
        shown = "\n".join(block["text"]["text"] for block in blocks if block["type"] == "section")
        if not shown and actions:
            shown = " ".join(element["text"]["text"] for element in actions["elements"])
        posts.append({"text": (chunk_lines(shown, MESSAGE_TEXT_LIMIT) or [" "])[0], "blocks": blocks})
    return [post for post in posts if post["blocks"]]


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
