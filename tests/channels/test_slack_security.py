"""The signature check (HMAC v0 and the 5-minute replay window), without servers."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from bot.channels.slack_security import compute_signature, signed_headers, verify_signature

pytestmark = pytest.mark.slack

# The worked example of https://api.slack.com/authentication/verifying-requests-from-slack
DOC_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
DOC_TIMESTAMP = "1531420618"
DOC_BODY = (
    b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
    b"&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
    b"&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    b"&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
DOC_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
NOW = int(DOC_TIMESTAMP) + 10
# What a request signed with an empty key would carry: still refused when no secret is configured.
EMPTY_SECRET_SIGNATURE = "v0=" + hmac.new(b"", f"v0:{DOC_TIMESTAMP}:".encode() + DOC_BODY, hashlib.sha256).hexdigest()


def test_slacks_documented_example() -> None:
    assert compute_signature(DOC_SECRET, DOC_TIMESTAMP, DOC_BODY) == DOC_SIGNATURE
    assert verify_signature(DOC_SECRET, DOC_TIMESTAMP, DOC_SIGNATURE, DOC_BODY, now=NOW)


@pytest.mark.parametrize(
    ("secret", "timestamp", "signature", "body"),
    [
        ("another-secret", DOC_TIMESTAMP, DOC_SIGNATURE, DOC_BODY),  # signed with another secret
        (DOC_SECRET, DOC_TIMESTAMP, DOC_SIGNATURE, DOC_BODY + b"&x=1"),  # body changed after signing
        (DOC_SECRET, str(int(DOC_TIMESTAMP) + 1), DOC_SIGNATURE, DOC_BODY),  # timestamp changed
        (DOC_SECRET, DOC_TIMESTAMP, "v0=" + "0" * 64, DOC_BODY),  # forged
        (DOC_SECRET, DOC_TIMESTAMP, DOC_SIGNATURE.upper(), DOC_BODY),
        (DOC_SECRET, DOC_TIMESTAMP, "", DOC_BODY),  # no signature
        (DOC_SECRET, None, DOC_SIGNATURE, DOC_BODY),  # no timestamp
        (DOC_SECRET, "yesterday", DOC_SIGNATURE, DOC_BODY),  # not a number
        (DOC_SECRET, "1531420618.5", DOC_SIGNATURE, DOC_BODY),  # not a whole number
        ("", DOC_TIMESTAMP, EMPTY_SECRET_SIGNATURE, DOC_BODY),  # no secret configured
        (" ", DOC_TIMESTAMP, DOC_SIGNATURE, DOC_BODY),  # a blank secret is no secret
    ],
)
def test_bad_signatures_are_refused(secret: str, timestamp: str | None, signature: str, body: bytes) -> None:
    assert not verify_signature(secret, timestamp, signature, body, now=NOW)


@pytest.mark.parametrize(
    ("age", "accepted"), [(0, True), (299, True), (300, True), (301, False), (-301, False), (3600, False)]
)
def test_the_replay_window_is_five_minutes_either_way(age: int, accepted: bool) -> None:
    stamp = str(NOW - age)
    signature = compute_signature("s", stamp, b"{}")
    assert verify_signature("s", stamp, signature, b"{}", now=NOW) is accepted


def test_signed_headers_verify() -> None:
    headers = signed_headers("s", b'{"a": 1}')
    assert verify_signature("s", headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"], b'{"a": 1}')
