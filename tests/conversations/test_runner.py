"""The conversation runner's expectation checking, loading and reporting (no Rasa server), and a lint of the
suite itself (sizes, held-out share, valid regexes)."""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from tests.conversations import runner
from tests.conversations.runner import (
    Conversation,
    SuiteError,
    Turn,
    asks_question,
    check_turn,
    first_sentence,
    load_file,
    load_suite,
    normalize_expect,
    reply_text,
    run_conversation,
)


def msgs(*texts: str, buttons: list[str] | None = None) -> list[dict]:
    messages: list[dict] = [{"recipient_id": "u", "text": text} for text in texts]
    if buttons:
        messages[-1]["buttons"] = [{"title": title, "payload": f"/{title.lower()}"} for title in buttons]
    return messages


# ---- first sentence ----


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("Yes. You will owe duty.", "Yes."),
        ("Is it a gift? Tell me.", "Is it a gift?"),
        ("No! Not any more.", "No!"),
        ("The fee is $34.58:\n- 0.3464% of $5,000", "The fee is $34.58:"),
        ("De minimis is suspended\nsince 29 August 2025.", "De minimis is suspended"),
        ("The MPF is $34.58 (0.3464% of $5,000 is $17.32)", "The MPF is $34.58 (0.3464% of $5,000 is $17.32)"),
        ("  \n  Leading blank lines. Then more.", "Leading blank lines."),
        ("Costs: 3.5 units. Next", "Costs: 3.5 units."),
        ("Ends with a full stop.", "Ends with a full stop."),
        ("Ratio 12:30 here. x", "Ratio 12:30 here."),
    ],
)
def test_first_sentence(text: str, sentence: str) -> None:
    assert first_sentence(msgs(text)) == sentence


def test_first_sentence_is_taken_from_the_first_text_message_skipping_custom_payloads() -> None:
    messages = [{"recipient_id": "u", "custom": {"kind": "card"}}, *msgs("Second. More.", "Third.")]
    assert first_sentence(messages) == "Second."
    assert first_sentence([{"recipient_id": "u", "custom": {}}]) == ""
    assert first_sentence([]) == ""


def test_reply_text_joins_texts_and_button_titles_and_ignores_custom() -> None:
    messages = [*msgs("One.", "Two?", buttons=["Yes", "No"]), {"recipient_id": "u", "custom": {"text": "hidden"}}]
    assert reply_text(messages) == "One.\nTwo?\nYes\nNo"


# ---- asks ----


def test_asks_looks_at_the_last_text_message_only() -> None:
    assert asks_question(msgs("Figure.", "Is it a gift?"))
    assert not asks_question(msgs("Is it a gift?", "I've assumed you bought these goods."))
    assert not asks_question([])


def test_asks_ignores_quoted_text_links_and_the_users_own_words() -> None:
    assert not asks_question(msgs('You asked "do we pay duty?". Yes, you do.'))
    assert not asks_question(msgs("You asked “do we pay duty?”. Yes."))
    assert not asks_question(msgs("See https://www.cbp.gov/faq?id=3 for details."))
    assert not asks_question(msgs("See [the FAQ](https://cbp.gov/x?y=1)."))
    assert not asks_question(msgs("Answering: do we pay duty? Yes, you do."), user_message="do we pay duty?")
    assert asks_question(msgs('You said "$120". Which country is it from?'))


def test_buttons_alone_are_not_a_question() -> None:
    assert not asks_question(msgs("Here you are.", buttons=["Talk to a person"]))
    assert asks_question(msgs("Is it a gift?", buttons=["Yes", "No"]))


# ---- check_turn ----


def test_check_turn_passes_when_every_expectation_holds() -> None:
    messages = msgs("The MPF is $34.58, the minimum. 0.3464% of $5,000 is $17.32.", "Source: 19 CFR 24.23.")
    expect = {
        "first": [r"\$3[34]\.58"],
        "says": [r"17\.32", "(?i)minimum"],
        "never": ["(?i)which country"],
        "asks": False,
    }
    assert check_turn(messages, expect, first_turn=True) == []


def test_first_must_match_the_first_sentence_not_the_rest() -> None:
    failures = check_turn(msgs("Here is what I found. The MPF is $34.58."), {"first": [r"34\.58"]})
    assert len(failures) == 1 and failures[0].startswith("first:") and "Here is what I found." in failures[0]


def test_says_never_and_asks_failures_are_reported_each() -> None:
    messages = msgs("Sorry, I'm not sure what you mean.", "Which country is it from?")
    failures = check_turn(
        messages, {"says": [r"17\.32"], "never": ["(?i)not sure what you mean", "(?i)which country"], "asks": False}
    )
    assert [failure.split(":")[0] for failure in failures] == ["says", "never", "never", "asks"]
    assert check_turn(msgs("Done."), {"asks": True}) == [
        "asks: true, but the reply's last text message asks no question"
    ]


def test_says_searches_button_titles_too() -> None:
    assert check_turn(msgs("Is it a gift?", buttons=["Yes, a gift", "No, I bought it"]), {"says": ["bought"]}) == []


def test_the_first_turn_must_get_a_non_empty_reply() -> None:
    assert check_turn([], {}, first_turn=True) == ["empty reply: the first turn must get a non-empty text reply"]
    assert check_turn([{"recipient_id": "u", "custom": {"a": 1}}], {}, first_turn=True)
    assert check_turn([], {}, first_turn=False) == []


def test_regex_flags_come_from_the_pattern() -> None:
    assert check_turn(msgs("YES, you owe duty."), {"first": ["^yes"]})
    assert check_turn(msgs("YES, you owe duty."), {"first": ["(?i)^yes"]}) == []


# ---- loading and validating ----


def write(tmp_path: Path, part: str, name: str, data: object) -> Path:
    path = tmp_path / part / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data), encoding="utf-8")
    return path


GOOD = [{"id": "a-b", "kind": "single", "turns": [{"user": "hi", "expect": {"says": "hello", "asks": False}}]}]


def test_load_file_normalizes_expectations(tmp_path: Path) -> None:
    [conversation] = load_file(write(tmp_path, "tuning", "x.yml", GOOD), "tuning")
    assert conversation.id == "a-b" and conversation.part == "tuning"
    assert conversation.turns[0].expect == {"first": [], "says": ["hello"], "never": [], "asks": False}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c.update(id="Not Kebab"), "kebab-case"),
        (lambda c: c.update(turns=[]), "1 to 4 turns"),
        (lambda c: c.update(turns=[{"user": "x"}] * 5), "1 to 4 turns"),
        (lambda c: c.update(extra=1), "unknown keys"),
        (lambda c: c["turns"][0]["expect"].update(sayz=["x"]), "unknown expect keys"),
        (lambda c: c["turns"][0]["expect"].update(says=["(unclosed"]), "bad regex"),
        (lambda c: c["turns"][0]["expect"].update(asks="yes"), "true or false"),
        (lambda c: c["turns"][0].update(user=""), "non-empty string"),
        (lambda c: c["turns"][0].update(bot="x"), "only `user` and `expect`"),
    ],
)
def test_load_file_rejects_malformed_conversations(tmp_path: Path, change, message: str) -> None:
    conversation = json.loads(json.dumps(GOOD[0]))
    change(conversation)
    with pytest.raises(SuiteError, match=re.escape(message)):
        load_file(write(tmp_path, "tuning", "x.yml", [conversation]), "tuning")


def test_ids_are_unique_across_parts(tmp_path: Path) -> None:
    write(tmp_path, "tuning", "a.yml", GOOD)
    write(tmp_path, "heldout", "b.yml", GOOD)
    with pytest.raises(SuiteError, match="duplicate id 'a-b'"):
        load_suite(["tuning"], root=tmp_path)


def test_load_suite_selects_parts(tmp_path: Path) -> None:
    write(tmp_path, "tuning", "a.yml", GOOD)
    write(tmp_path, "heldout", "b.yml", [{**GOOD[0], "id": "c-d"}])
    assert [c.id for c in load_suite(["heldout"], root=tmp_path)] == ["c-d"]
    assert [c.id for c in load_suite(root=tmp_path)] == ["a-b", "c-d"]
    with pytest.raises(SuiteError, match="unknown parts"):
        load_suite(["other"], root=tmp_path)


def test_yaml_anchors_can_share_patterns(tmp_path: Path) -> None:
    text = """
- id: one
  kind: k
  turns:
    - user: "a"
      expect: {never: [&fallback "(?i)not sure what you mean"]}
    - user: "b"
      expect: {never: [*fallback]}
"""
    [conversation] = load_file(write(tmp_path, "tuning", "x.yml", text), "tuning")
    assert conversation.turns[1].expect["never"] == ["(?i)not sure what you mean"]


# ---- running ----


def test_run_conversation_uses_a_fresh_sender_and_plays_every_turn() -> None:
    conversation = Conversation(
        "demo",
        "k",
        "tuning",
        "x.yml",
        [Turn("one", normalize_expect({"says": ["nope"]}, "t")), Turn("two", normalize_expect({"says": ["two"]}, "t"))],
    )
    calls: list[tuple[str, str]] = []

    def send(sender: str, message: str) -> list[dict]:
        calls.append((sender, message))
        return msgs(f"You said {message}.") + [{"recipient_id": sender, "custom": {"x": 1}}]

    first = run_conversation(conversation, send)
    second = run_conversation(conversation, send)
    assert first["sender"] != second["sender"] and first["sender"].startswith("conv-demo-")
    assert [message for _, message in calls] == ["one", "two", "one", "two"]
    assert {sender for sender, _ in calls[:2]} == {first["sender"]}
    assert not first["passed"] and [t["passed"] for t in first["turns"]] == [False, True]
    assert first["turns"][0]["replies"][-1] == {"recipient_id": first["sender"], "custom": {"x": 1}}


def test_a_turn_that_raises_fails_and_the_suite_goes_on() -> None:
    conversation = Conversation("boom", "k", "tuning", "x.yml", [Turn("x", normalize_expect({}, "t"))])

    def send(sender: str, message: str) -> list[dict]:
        raise runner.TurnError("no reply within 60 s")

    result = run_conversation(conversation, send)
    assert not result["passed"]
    assert result["turns"][0]["failures"][0] == "error: no reply within 60 s"


def test_summarize_counts_per_part_and_kind() -> None:
    results = [
        {"part": "tuning", "kind": "a", "passed": True},
        {"part": "tuning", "kind": "a", "passed": False},
        {"part": "tuning", "kind": "b", "passed": True},
        {"part": "heldout", "kind": "a", "passed": False},
    ]
    summary = runner.summarize(results)
    assert summary["tuning"]["passed"] == 2 and summary["tuning"]["conversations"] == 3
    assert summary["tuning"]["rate"] == pytest.approx(0.6667)
    assert summary["tuning"]["by_kind"] == {
        "a": {"conversations": 2, "passed": 1},
        "b": {"conversations": 1, "passed": 1},
    }
    assert summary["heldout"]["rate"] == 0.0
    assert not runner.meets_floors(summary, {"tuning": 0.95})
    assert runner.meets_floors(summary, {"tuning": 0.5})


class _FakeRasa(BaseHTTPRequestHandler):
    """A REST channel that answers 'Yes, you will owe duty.' to anything, plus a custom payload."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"Hello from Rasa: 3.6.21")

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.senders.append(body["sender"])  # type: ignore[attr-defined]
        reply = [
            {"recipient_id": body["sender"], "text": "Yes, you will owe duty. Not legal advice."},
            {"recipient_id": body["sender"], "custom": {"sources": ["19 CFR 10.151"]}},
        ]
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def test_cli_runs_against_a_rest_server_and_writes_json(tmp_path: Path, capsys, monkeypatch) -> None:
    suite = tmp_path / "suite"
    write(
        suite,
        "tuning",
        "a.yml",
        [
            {"id": "owe-pass", "kind": "single", "turns": [{"user": "do I pay?", "expect": {"first": ["(?i)^yes"]}}]},
            {"id": "owe-fail", "kind": "single", "turns": [{"user": "is it free?", "expect": {"first": ["(?i)^no"]}}]},
        ],
    )
    write(
        suite,
        "heldout",
        "a.yml",
        [
            {"id": "held-pass", "kind": "single", "turns": [{"user": "x", "expect": {"says": ["legal advice"]}}]},
        ],
    )
    monkeypatch.setattr(runner, "SUITE_DIR", suite)
    monkeypatch.setattr(runner, "load_suite", lambda parts, root=suite: load_suite(parts, root=root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeRasa)
    server.senders = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        out = tmp_path / "out" / "latest.json"
        code = runner.main(["--url", f"http://127.0.0.1:{server.server_port}", "--json", str(out)])
    finally:
        server.shutdown()
    printed = capsys.readouterr().out
    assert code == 1  # tuning 50% is under its floor
    assert "FAIL owe-fail [tuning/single]" in printed and "user: is it free?" in printed
    assert "bot: Yes, you will owe duty. Not legal advice." in printed and "first: /(?i)^no/" in printed
    assert "tuning: 1/2 passed = 50.0%" in printed and "heldout: 1/1 passed = 100.0%" in printed
    document = json.loads(out.read_text())
    assert document["summary"]["tuning"]["rate"] == 0.5 and document["required"] == runner.required_rates()
    held = next(c for c in document["conversations"] if c["id"] == "held-pass")
    assert held["passed"] and held["turns"][0]["replies"][1]["custom"] == {"sources": ["19 CFR 10.151"]}
    assert len(set(server.senders)) == 3  # type: ignore[attr-defined]


def test_cli_reports_an_unreachable_server(capsys) -> None:
    assert runner.main(["--url", "http://127.0.0.1:9", "--only", "fees-mpf-5000"]) == 2
    assert "does not answer" in capsys.readouterr().err


# ---- the suite itself ----


def test_the_suite_is_big_varied_and_holds_out_a_fifth_of_every_kind() -> None:
    tuning, heldout = load_suite(["tuning"]), load_suite(["heldout"])
    assert len(tuning) + len(heldout) >= 260 and len(heldout) >= 52
    kinds_tuning, kinds_heldout = Counter(c.kind for c in tuning), Counter(c.kind for c in heldout)
    assert set(kinds_tuning) == set(kinds_heldout) and len(kinds_tuning) >= 8
    for kind, held in kinds_heldout.items():
        share = held / (held + kinds_tuning[kind])
        assert 0.15 <= share <= 0.25, (kind, share)
    for conversation in tuning + heldout:
        assert 1 <= len(conversation.turns) <= 4


def test_required_floors_cover_both_parts_and_are_real_floors() -> None:
    floors = runner.required_rates()
    assert set(floors) == {"tuning", "heldout"}
    assert all(0.5 <= rate <= 1.0 for rate in floors.values())  # a floor this low would no longer catch anything
