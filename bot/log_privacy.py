"""Logging a failure without the user's data (see docs/logging.md).

An exception's message can quote what the user typed ("could not convert string to float: '...'"),
and so can a traceback's last line. At ERROR we log only the exception's type and where it was raised
(file, line, function): enough to find the bug. The full traceback goes to DEBUG, which is off by
default and whose logs must not be kept.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import PurePath


def failure_site(error: BaseException) -> str:
    """'file.py:123 in function' of the frame that raised, or 'unknown place'."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return "unknown place"
    last = frames[-1]
    return f"{PurePath(last.filename).name}:{last.lineno} in {last.name}"


def log_failure(logger: logging.Logger, what: str, error: BaseException) -> None:
    """`what` failed: the type and place at ERROR, the traceback (may hold user data) at DEBUG."""
    logger.error("%s: %s at %s (traceback at DEBUG level).", what, type(error).__name__, failure_site(error))
    logger.debug("%s: traceback.", what, exc_info=(type(error), error, error.__traceback__))
