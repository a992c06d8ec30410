"""Checks that a user's text never reached the logs: for the in-process tests and the end-to-end ones.

Use a marker no log would hold by chance ("ZQX-marker-goods"), send it as a message, goods, country...,
then give the logs' text to `assert_no_marker_in_logs`. The marker is looked for as written, in any
letter case (the bot lowercases goods), and in the forms it takes inside JSON, URLs, Slack or HTML
escaping, and Python reprs of non-ASCII text, so that an escaped copy does not slip through.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote, quote_plus

MARKER = "ZQX-marker-goods"


def marker_forms(marker: str) -> set[str]:
    """The marker as it may appear in logs (all lowercased: the search ignores case)."""
    forms = {
        marker,
        json.dumps(marker)[1:-1],  # JSON string body (non-ASCII as \\uXXXX)
        json.dumps(marker, ensure_ascii=False)[1:-1],
        repr(marker)[1:-1],
        ascii(marker)[1:-1],  # a repr with non-ASCII escaped (\xe4, \u20ac)
        quote(marker, safe=""),
        quote_plus(marker, safe=""),
        marker.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),  # Slack / HTML
    }
    return {form.lower() for form in forms if form}


def lines_with_marker(log_text: str, marker: str) -> list[str]:
    """The log lines that hold the marker in any of its forms."""
    forms = marker_forms(marker)
    return [line for line in log_text.splitlines() if any(form in line.lower() for form in forms)]


def assert_no_marker_in_logs(log_text: str, marker: str = MARKER) -> None:
    """Fail, showing the offending lines (shortened), if the marker appears in `log_text`."""
    if not marker or not re.search(r"\w", marker):
        raise ValueError("use a distinctive marker, such as 'ZQX-marker-goods'")
    found = lines_with_marker(log_text, marker)
    shown = "\n".join(line[:300] for line in found[:10])
    assert not found, f"user text ({marker!r}) found in {len(found)} log line(s):\n{shown}"
