"""Where a user is sent when the assistant cannot help: one wording, shared by actions and channels.

Kept free of Rasa imports so that both the action server (`actions/common.py`) and the channels'
guard (`bot/channels/guard.py`) can use it. It is the fallback for when the rules database cannot
be read, so the INFO Center's number and site come straight from the rule file the database is
loaded from (`data/thresholds/contacts.yaml`), not from a copy here.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import yaml

CONTACTS_FILE = Path(__file__).resolve().parents[1] / "data" / "thresholds" / "contacts.yaml"
INFO_CENTER_RULE = "us-contact-info-center"


def info_center(path: Path = CONTACTS_FILE) -> str:
    """'the CBP INFO Center at <number> (<site>)' from the contacts rule; just its name if unreadable."""
    try:
        rules = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        rule = next(r for r in rules if isinstance(r, dict) and r.get("id") == INFO_CENTER_RULE)
        number, site = str(rule["value"] or "").strip(), urlparse(str(rule["source_url"])).hostname
    except (OSError, yaml.YAMLError, StopIteration, KeyError, TypeError, ValueError):
        return "the CBP INFO Center"
    return f"the CBP INFO Center at {number} ({site})" if number and site else "the CBP INFO Center"


CBP_INFO_CENTER = info_center()
TRY_LATER = f"Please try again in a few minutes, or call {CBP_INFO_CENTER}."
APOLOGY = f"Sorry, I can't answer that right now. {TRY_LATER}"
