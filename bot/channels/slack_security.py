"""Slack request signing (HMAC-SHA256 "v0" over `v0:{timestamp}:{raw body}`), without Rasa or Sanic."""

from __future__ import annotations

import hashlib
import hmac
import time

# Slack's replay window: a request whose timestamp is further than this from now is refused.
MAX_CLOCK_SKEW_SECONDS = 5 * 60


def compute_signature(secret: str, timestamp: str, body: bytes) -> str:
    """The `X-Slack-Signature` value Slack sends for this timestamp and raw body."""
    base = b"v0:" + timestamp.encode("utf-8") + b":" + body
    return "v0=" + hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()


def verify_signature(
    secret: str,
    timestamp: str | None,
    signature: str | None,
    body: bytes,
    now: float | None = None,
    max_skew: float = MAX_CLOCK_SKEW_SECONDS,
) -> bool:
    """True only for a fresh request signed with `secret`; never true without a secret."""
    if not secret or not timestamp or not signature:
        return False
    try:
        sent_at = int(timestamp)
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - sent_at) > max_skew:
        return False
    return hmac.compare_digest(compute_signature(secret, timestamp, body), signature)


def signed_headers(secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """Headers Slack would send with `body` (for tests and local tools)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": compute_signature(secret, stamp, body)}
