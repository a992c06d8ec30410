"""Slack request signing (HMAC-SHA256 "v0" over `v0:{timestamp}:{raw body}`), without Rasa or Sanic.

The check itself is slack_sdk's `SignatureVerifier` (5-minute replay window either way); this thin
wrapper adds what it does not do: no configured secret refuses every request (slack_sdk refuses to
be built without one), and a missing or non-numeric timestamp is a refusal, not a `ValueError`.
"""

from __future__ import annotations

import time

from slack_sdk.signature import Clock, SignatureVerifier


class _FixedClock(Clock):
    def __init__(self, now: float) -> None:
        self._now = now

    def now(self) -> float:
        return self._now


def compute_signature(secret: str, timestamp: str, body: bytes) -> str:
    """The `X-Slack-Signature` value Slack sends for this timestamp and raw body (`secret` not empty)."""
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    assert signature is not None  # only None without a timestamp
    return signature


def verify_signature(
    secret: str,
    timestamp: str | None,
    signature: str | None,
    body: bytes,
    now: float | None = None,
) -> bool:
    """True only for a fresh request signed with `secret`; never true without a secret."""
    if not secret or not secret.strip() or not timestamp or not signature:
        return False
    try:
        int(timestamp)
    except ValueError:
        return False
    verifier = SignatureVerifier(secret) if now is None else SignatureVerifier(secret, clock=_FixedClock(now))
    return verifier.is_valid(body=body, timestamp=timestamp, signature=signature)


def signed_headers(secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """Headers Slack would send with `body` (for tests and local tools)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": compute_signature(secret, stamp, body)}
