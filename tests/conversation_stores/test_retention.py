"""`python -m bot conversations prune`: whole conversations go, live ones stay, on SQLite and PostgreSQL."""

from __future__ import annotations

import time

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.utils.endpoints import EndpointConfig

from bot.__main__ import main
from bot.retention import prune
from bot.settings import tracker_store_url
from tests.conversation_stores.conftest import DOMAIN, conversation, event_dicts

DAY = 86_400.0
TRACKER = EndpointConfig(type="bot.conversation_stores.EnvTrackerStore")


def store(dispose_stores: list):
    created = TrackerStore.create(TRACKER, DOMAIN)
    dispose_stores.append(created)
    return created


@pytest.fixture
async def conversations(tracker_url, monkeypatch, dispose_stores) -> dict:
    """Four conversations in the store at TRACKER_STORE_URL; the keys say how old their last event is."""
    monkeypatch.setenv("TRACKER_STORE_URL", tracker_url)
    now = time.time()
    trackers = {
        "ended-40-days-ago": conversation("ended-40-days-ago", now - 41 * DAY, now - 40 * DAY),
        "ended-90-days-ago": conversation("ended-90-days-ago", now - 90 * DAY),
        # Began long ago, still going on: none of its events may go, old ones included.
        "began-60-days-ago-active-yesterday": conversation(
            "began-60-days-ago-active-yesterday", now - 60 * DAY, now - 45 * DAY, now - 1 * DAY
        ),
        "ended-29-days-ago": conversation("ended-29-days-ago", now - 29 * DAY),
    }
    writer = store(dispose_stores)
    for tracker in trackers.values():
        await writer.save(tracker)
    return trackers


async def stored(dispose_stores: list) -> dict[str, list[dict]]:
    reader = store(dispose_stores)
    return {sender: event_dicts(await reader.retrieve_full_tracker(sender)) for sender in await reader.keys()}


async def test_prune_removes_whole_ended_conversations_and_keeps_live_ones(
    conversations,
    dispose_stores,
    capsys,
) -> None:
    assert main(["conversations", "prune", "--older-than-days", "30"]) == 0
    out = capsys.readouterr().out
    assert "Removed 2 conversation(s) (12 event(s))" in out  # 2 turns + 1 turn, 4 events each

    kept = {sender: event_dicts(conversations[sender]) for sender in conversations if "ended-29" in sender}
    kept["began-60-days-ago-active-yesterday"] = event_dicts(conversations["began-60-days-ago-active-yesterday"])
    assert await stored(dispose_stores) == kept  # every event of the kept conversations, untouched

    assert main(["conversations", "prune", "--older-than-days", "30"]) == 0
    assert "Removed 0 conversation(s) (0 event(s))" in capsys.readouterr().out


async def test_dry_run_counts_and_deletes_nothing(conversations, dispose_stores, capsys) -> None:
    assert main(["conversations", "prune", "--older-than-days", "30", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would remove 2 conversation(s) (12 event(s))" in out
    assert "nothing was deleted" in out
    assert await stored(dispose_stores) == {sender: event_dicts(tracker) for sender, tracker in conversations.items()}


async def test_a_longer_retention_keeps_more(conversations, dispose_stores) -> None:
    report = prune(tracker_store_url(), 60)
    assert (report.conversations, report.events) == (1, 4)
    assert sorted(await stored(dispose_stores)) == sorted(set(conversations) - {"ended-90-days-ago"})


@pytest.mark.parametrize("days", ["0", "-5", "1.5", "thirty", ""])
async def test_a_bad_number_of_days_is_refused_and_nothing_is_deleted(
    days,
    conversations,
    dispose_stores,
    capsys,
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["conversations", "prune", "--older-than-days", days])
    assert exited.value.code == 2
    assert "N must be a whole number of days, at least 1" in capsys.readouterr().err
    assert len(await stored(dispose_stores)) == len(conversations)


def test_an_unreachable_database_is_a_clear_error(monkeypatch, capsys) -> None:
    monkeypatch.setenv("TRACKER_STORE_URL", "postgresql://cbp:S3cret-pw@127.0.0.1:1/tracker")
    assert main(["conversations", "prune", "--older-than-days", "30"]) == 1
    captured = capsys.readouterr()
    assert "error: cannot use the tracker store at postgresql://cbp:***@127.0.0.1:1/tracker" in captured.err
    assert "S3cret-pw" not in captured.err + captured.out
    assert "Traceback" not in captured.err


def test_a_bad_tracker_store_url_is_a_clear_error(monkeypatch, capsys) -> None:
    monkeypatch.setenv("TRACKER_STORE_URL", "mongodb://cbp:S3cret-pw@127.0.0.1/tracker")
    assert main(["conversations", "prune", "--older-than-days", "30"]) == 2
    err = capsys.readouterr().err
    assert "TRACKER_STORE_URL must be a PostgreSQL or SQLite URL" in err and "S3cret-pw" not in err


def test_a_store_rasa_never_wrote_to_is_left_alone(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["conversations", "prune", "--older-than-days", "30"]) == 0
    assert "Nothing to prune" in capsys.readouterr().out
    assert not (tmp_path / "var" / "tracker.sqlite3").exists()  # no empty database made in passing
