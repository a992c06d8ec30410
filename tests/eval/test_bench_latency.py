"""bench/bench_latency.py's pure functions (no servers started)."""

from __future__ import annotations

import itertools

import pytest

from bench.bench_latency import (
    FAILURE_REPLIES,
    INIT,
    OURS,
    failed_reply,
    order_for_round,
    percentile,
    ratio,
    report,
    summarise,
    turns,
)
from bot.contact import APOLOGY


def test_percentile_interpolates_like_numpy():
    values = [10, 20, 30, 40]
    assert percentile(values, 50) == 25
    assert percentile(values, 0) == 10 and percentile(values, 100) == 40
    assert percentile(values, 95) == pytest.approx(38.5)
    assert percentile([7], 95) == 7
    assert percentile(list(range(1, 101)), 95) == pytest.approx(95.05)
    assert percentile([3, 1, 2], 50) == 2  # unsorted input
    assert percentile([], 50) is None
    with pytest.raises(ValueError):
        percentile(values, 101)


def test_ratio():
    assert ratio(150, 50) == 3
    assert ratio(None, 50) is None and ratio(50, None) is None
    assert ratio(50, 0) is None


def test_summarise():
    assert summarise([5, 1, 3]) == {"turns": 3, "median": 3, "p95": pytest.approx(4.8), "max": 5}
    assert summarise([]) == {"turns": 0, "median": None, "p95": None, "max": None}


def test_rounds_alternate_which_bot_goes_first():
    assert [order_for_round(n)[0] for n in range(4)] == ["ours", "init", "ours", "init"]
    assert all(sorted(order_for_round(n)) == ["init", "ours"] for n in range(4))


def test_turns_walk_the_conversations_with_a_new_sender_each():
    pairs = list(itertools.islice(turns([["a", "b"], ["c"]], "p"), 5))
    assert [message for _, message in pairs] == ["a", "b", "c", "a", "b"]
    senders = [sender for sender, _ in pairs]
    assert senders[0] == senders[1] != senders[2] != senders[3] == senders[4]
    assert all(sender.startswith("p-") for sender in senders)


def test_scripts_are_short_conversations():
    for script in (OURS, INIT):
        assert script and all(1 <= len(conversation) <= 4 for conversation in script)


def test_report_names_the_ratio_and_the_machine():
    results = {
        "ours": {"turns": 2, "median": 80.0, "p95": 120.0, "max": 130.0, "failed": 0, "rss": 870.0},
        "init": {"turns": 2, "median": 40.0, "p95": 60.0, "max": 61.0, "failed": 1, "rss": 600.0},
        "actions_rss": 66.0,
        "date": "2026-12-01 14:00",
        "cores": 2,
        "machine": "x86_64, Python 3.10.13",
        "load_before": "1.00 1.00 1.00",
        "load_after": "1.10 1.00 1.00",
        "commit": "abc1234",
        "rounds": 40,
        "warmup": 10,
    }
    text = report(results)
    assert "Ratio of medians (ours / init): **2.00**" in text
    assert "| ours | 2 | 80 | 120 | 130 | 0 | 870 (action server 66) |" in text
    assert "2 cores" in text and "abc1234" in text and "2026-12-01" in text


def test_failed_replies_are_not_timed():
    assert failed_reply([]) and failed_reply(None) and failed_reply("Internal Server Error")
    assert not failed_reply([{"text": "Hey! How are you?"}])
    assert failed_reply([{"text": APOLOGY}], FAILURE_REPLIES)
    assert failed_reply([{"text": "Sorry, I can't read the rules database right now, ..."}], FAILURE_REPLIES)
    assert not failed_reply([{"text": "De minimis is suspended."}, {"custom": {}}], FAILURE_REPLIES)
