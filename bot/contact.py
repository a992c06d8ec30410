"""Where a user is sent when the assistant cannot help: one wording, shared by actions and channels.

Kept free of Rasa imports so that both the action server (`actions/common.py`) and the channels'
guard (`bot/channels/guard.py`) can use it.
"""

from __future__ import annotations

CBP_INFO_CENTER = "the CBP INFO Center at 877-227-5511 (help.cbp.gov)"
TRY_LATER = f"Please try again in a few minutes, or call {CBP_INFO_CENTER}."
APOLOGY = f"Sorry, I can't answer that right now. {TRY_LATER}"
