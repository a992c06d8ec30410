"""One turn report for the staff page and `python -m bot try`, whichever way Rasa was reached."""

from __future__ import annotations

import io

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot.staff.turn_report import TurnReport, print_report, turn_report

MESSAGE = "$650 phone cases from Vietnam"
PARSED = {
    "text": MESSAGE,
    "intent": {"name": "check_shipment", "confidence": 0.91},
    "intent_ranking": [{"name": "check_shipment", "confidence": 0.91}, {"name": "ask_de_minimis", "confidence": 0.06}],
    "entities": [
        {"entity": "amount", "value": 650.0, "start": 0, "end": 4, "extractor": "CBPEntityExtractor"},
        {"entity": "country", "value": "VN", "start": 22, "end": 29, "confidence_entity": 0.99},
    ],
}
FRAME = {"topic": "shipment", "value": 650.0, "origin": "VN", "pending": "mode"}
REPLIES = [
    {"recipient_id": "staff-1", "text": "How is it shipped?", "buttons": [{"title": "Mail (post)", "payload": "m"}]},
    {"recipient_id": "staff-1", "custom": {"cbp": {"frame": FRAME, "assumptions": ["today"], "skipped": ["gift"]}}},
]
DOMAIN = Domain.from_yaml(
    """
version: "3.1"
slots:
  question_frame:
    type: any
    mappings: [{type: custom}]
"""
)


def rasa_events() -> list:
    """The turn as Rasa's tracker holds it in process (what `python -m bot try` reads)."""
    return [
        ActionExecuted("action_session_start", timestamp=1.0),
        ActionExecuted("action_listen", timestamp=1.5),
        UserUttered(MESSAGE, PARSED["intent"], PARSED["entities"], timestamp=2.0),
        ActionExecuted("action_answer", policy="RulePolicy", confidence=1.0, timestamp=3.0),
        SlotSet("question_frame", FRAME, timestamp=3.05),
        BotUttered("How is it shipped?", {"buttons": [{"title": "Mail (post)", "payload": "m"}]}, timestamp=3.1),
        ActionExecuted("action_listen", timestamp=3.2),
    ]


def test_the_in_process_tracker_and_the_http_api_give_the_same_report():
    tracker = DialogueStateTracker.from_events("staff-1", rasa_events(), DOMAIN.slots)
    in_process = turn_report(
        MESSAGE,
        "staff-1",
        PARSED,
        REPLIES,
        [event.as_dict() for event in tracker.events],
        tracker.current_slot_values(),
    )
    # Rasa's HTTP API sends the same events and slots as JSON (GET /conversations/{id}/tracker).
    api_tracker = tracker.current_state(EventVerbosity.AFTER_RESTART)  # the API's default verbosity
    over_http = turn_report(MESSAGE, "staff-1", PARSED, REPLIES, api_tracker["events"], api_tracker["slots"])
    assert in_process == over_http
    assert isinstance(in_process, TurnReport)

    report = in_process
    assert [item["name"] for item in report.intent_ranking] == ["check_shipment", "ask_de_minimis"]
    assert report.entities[1] == {
        "entity": "country",
        "value": "VN",
        "text": "Vietnam",  # from the message, where the extractor gave no text
        "role": None,
        "extractor": None,
        "confidence": 0.99,
    }
    assert report.actions == [{"name": "action_answer", "policy": "RulePolicy", "confidence": 1.0}]
    assert report.replies[0] == {"text": "How is it shipped?", "buttons": ["Mail (post)"], "other": {}}
    assert report.frame == FRAME and report.assumptions == ["today"] and report.skipped == ["gift"]
    kinds = ["action", "action", "user", "action", "slot", "bot", "action"]
    assert [event["event"] for event in report.events] == kinds
    assert report.to_dict()["actions"][0]["name"] == "action_answer"


def test_only_the_actions_after_the_last_message_are_the_turns():
    events = [event.as_dict() for event in rasa_events()]
    second = [
        UserUttered("by mail", {"name": "inform", "confidence": 0.8}, timestamp=4.0).as_dict(),
        ActionExecuted("action_answer", policy="TEDPolicy", confidence=0.7, timestamp=5.0).as_dict(),
        ActionExecuted("action_listen", timestamp=5.1).as_dict(),
    ]
    report = turn_report("by mail", "staff-1", {}, [], events + second)
    assert report.actions == [{"name": "action_answer", "policy": "TEDPolicy", "confidence": 0.7}]
    assert len(report.events) == len(events) + 3
    assert report.frame == {} and report.intent_ranking == [] and report.replies == []


def test_the_text_form_shows_each_part_of_the_report():
    report = turn_report(MESSAGE, "staff-1", PARSED, REPLIES, [event.as_dict() for event in rasa_events()])
    out = io.StringIO()
    print_report(report, out)
    text = out.getvalue()
    assert text.startswith(f"> {MESSAGE}\nIntent ranking:\n  0.910  check_shipment\n  0.060  ask_de_minimis\n")
    assert "  country: 'VN'  (from 'Vietnam')" in text
    assert "Actions: action_answer\n" in text
    assert "  How is it shipped?\n  [Mail (post)]\n" in text
    assert '"origin": "VN"' in text and "Assumptions: today" in text
    assert "Not asked (could not change the verdict): gift" in text


def test_an_empty_turn_prints_none_rather_than_failing():
    out = io.StringIO()
    print_report(turn_report("hi", "staff-1", None, None, None), out)
    text = out.getvalue()
    assert "Intent ranking: none" in text and "Entities: none" in text and "Actions: none" in text
    assert "Reply: none" in text
