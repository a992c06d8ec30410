"""Warm the model up when the Rasa server starts, so that the first user's turn is not the slow one.

The first turn after start-up loads spaCy (our entity extractor) and builds TensorFlow's graphs for
the policies: seconds on this 2-core machine under load (4.8 s measured when DIET was in the
pipeline), which the first user would wait for, or meet the guard's apology. `warm_up` runs one parse and one policy
prediction on a throwaway tracker (never stored) in an `after_server_start` listener, once per
server process however many channels register it. The work is synchronous, so the server answers
nothing (not even `/`) until it is done: start-up takes those seconds instead of a user's turn.
"""

from __future__ import annotations

import logging
import time
from typing import Any

logger = logging.getLogger(__name__)

WARM_UP_TEXT = "is the $800 de minimis still in force for a parcel from Vietnam?"


async def warm_up(app: Any, _loop: Any = None) -> None:
    """Parse a message and predict the next action once; log, never raise, when it cannot."""
    if getattr(app.ctx, "cbp_warm_up_done", False):
        return
    app.ctx.cbp_warm_up_done = True
    agent = getattr(app.ctx, "agent", None)
    if agent is None or not agent.is_ready():
        logger.info("No model loaded yet: nothing to warm up.")
        return
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    started = time.monotonic()
    try:
        parse_data = await agent.parse_message(WARM_UP_TEXT)
        events = [
            ActionExecuted("action_listen"),
            UserUttered(WARM_UP_TEXT, parse_data["intent"], parse_data["entities"], parse_data),
        ]
        agent.predict_next_with_tracker(DialogueStateTracker.from_events("warm-up", events, agent.domain.slots))
    except Exception:  # a failed warm-up only makes the first turn slower
        logger.warning("Model warm-up failed; the first conversation turn will be slower.", exc_info=True)
        return
    logger.info("Model warmed up in %.1f s.", time.monotonic() - started)


def add_warm_up(blueprint: Any) -> None:
    """Run `warm_up` after the server has started (a channel's blueprint is custom code's only hook)."""
    blueprint.listener("after_server_start")(warm_up)
