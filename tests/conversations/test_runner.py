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
        ("Sí, en EE. UU. se pagan aranceles. Más.", "Sí, en EE. UU. se pagan aranceles."),
        ("Canadá: C$40 desde EE. UU. o México. Más.", "Canadá: C$40 desde EE. UU. o México."),
        ("Vendido en EE. UU. Luego más.", "Vendido en EE. UU."),
        ("Sold in the U.S. Then more.", "Sold in the U.S."),
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
    monkeypatch.setattr(
        runner, "load_suite", lambda parts, root=suite, suites=("en",): load_suite(parts, root=root, suites=suites)
    )
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


def test_required_floors_cover_every_suite_and_part_and_english_ones_are_real_floors() -> None:
    floors = runner.required_rates()
    assert set(floors) == {"tuning", "heldout", "es_tuning", "es_heldout"}
    # a floor this low would no longer catch anything (the Spanish floors are 0 until the lead measures them)
    assert all(0.5 <= floors[part] <= 1.0 for part in ("tuning", "heldout"))
    assert all(0.0 <= floors[part] <= 1.0 for part in ("es_tuning", "es_heldout"))


# ---- suites (en, es) ----


def _spanish(cid: str) -> list[dict]:
    return [{"id": cid, "kind": "single", "turns": [{"user": "hola", "expect": {"says": "hola"}}]}]


def test_load_suite_selects_suites_and_keeps_english_the_default(tmp_path: Path) -> None:
    write(tmp_path, "tuning", "a.yml", GOOD)
    write(tmp_path / "es", "tuning", "a.yml", _spanish("es-a"))
    write(tmp_path / "es", "heldout", "a.yml", _spanish("es-b"))
    assert [c.id for c in load_suite(root=tmp_path)] == ["a-b"]
    spanish = load_suite(root=tmp_path, suites=["es"])
    assert [(c.id, c.suite, c.part, c.group) for c in spanish] == [
        ("es-a", "es", "tuning", "es_tuning"),
        ("es-b", "es", "heldout", "es_heldout"),
    ]
    assert spanish[0].file.endswith("es/tuning/a.yml")
    assert [c.id for c in load_suite(["heldout"], root=tmp_path, suites=["en", "es"])] == ["es-b"]
    assert [c.suite for c in load_suite(root=tmp_path, suites=runner.suite_names("all"))] == ["en", "es", "es"]
    with pytest.raises(SuiteError, match="unknown suites"):
        load_suite(root=tmp_path, suites=["fr"])
    with pytest.raises(SuiteError, match="unknown suite"):
        runner.suite_names("fr")


def test_ids_are_unique_across_suites(tmp_path: Path) -> None:
    write(tmp_path, "tuning", "a.yml", GOOD)
    write(tmp_path / "es", "heldout", "a.yml", GOOD)
    for suites in (["en"], ["es"]):
        with pytest.raises(SuiteError, match="duplicate id 'a-b'"):
            load_suite(root=tmp_path, suites=suites)


def test_summary_keys_name_the_suite_and_part() -> None:
    results = [
        {"suite": "en", "part": "tuning", "kind": "a", "passed": True},
        {"part": "heldout", "kind": "a", "passed": True},  # results without a suite are English
        {"suite": "es", "part": "tuning", "kind": "a", "passed": False},
        {"suite": "es", "part": "tuning", "kind": "b", "passed": True},
        {"suite": "es", "part": "heldout", "kind": "a", "passed": False},
    ]
    summary = runner.summarize(results)
    assert list(summary) == ["tuning", "heldout", "es_tuning", "es_heldout"]
    assert summary["es_tuning"]["suite"] == "es" and summary["es_tuning"]["part"] == "tuning"
    assert summary["es_tuning"]["rate"] == 0.5 and summary["tuning"]["suite"] == "en"
    printed = runner.format_summary(summary, {"tuning": 0.9, "es_tuning": 0.4})
    assert "tuning: 1/1 passed = 100.0% (required ≥ 90%) [suite en]" in printed
    assert "es_tuning: 1/2 passed = 50.0% (required ≥ 40%) [suite es]" in printed
    assert "es_heldout: 0/1 passed = 0.0% [suite es]" in printed
    assert runner.meets_floors(summary, {"tuning": 0.9, "es_tuning": 0.4})
    assert not runner.meets_floors(summary, {"es_tuning": 0.6})
    assert runner.report(results)["suites"] == ["en", "es"]


def test_cli_runs_the_spanish_suite_or_both(tmp_path: Path, capsys, monkeypatch) -> None:
    suite = tmp_path / "suite"
    write(suite, "tuning", "a.yml", [{"id": "en-one", "kind": "single", "turns": [{"user": "x"}]}])
    write(suite / "es", "tuning", "a.yml", [{"id": "es-uno", "kind": "single", "turns": [{"user": "¿pago?"}]}])
    write(suite / "es", "heldout", "a.yml", [{"id": "es-dos", "kind": "single", "turns": [{"user": "¿y?"}]}])
    monkeypatch.setattr(
        runner, "load_suite", lambda parts, root=suite, suites=("en",): load_suite(parts, root=root, suites=suites)
    )
    monkeypatch.setattr(runner, "required_rates", lambda: {"tuning": 0.9, "es_tuning": 0.0})
    sent: list[str] = []

    def send(sender: str, message: str) -> list[dict]:
        sent.append(message)
        return msgs("Sí.")

    out = tmp_path / "es.json"
    assert runner.main(["--suite", "es", "--json", str(out)], send=send) == 0
    printed = capsys.readouterr().out
    assert sent == ["¿pago?", "¿y?"]
    assert "2 conversations (suite es; tuning, heldout)" in printed
    assert "es_tuning: 1/1 passed = 100.0%" in printed and "[suite es]" in printed
    document = json.loads(out.read_text())
    assert document["suites"] == ["es"] and set(document["summary"]) == {"es_tuning", "es_heldout"}
    assert {c["suite"] for c in document["conversations"]} == {"es"}
    sent.clear()
    assert runner.main(["--suite", "all", "--part", "tuning"], send=send) == 0
    assert sent == ["x", "¿pago?"] and "suite en, es; tuning" in capsys.readouterr().out
    sent.clear()
    assert runner.main(["--only", "es-"], send=send) == 2  # the default suite is English: no es- id there
    assert runner.main(["--suite", "es", "--only", "es-dos"], send=send) == 0 and sent == ["¿y?"]


# ---- the Spanish suite itself ----

SPANISH_FALLBACK_PROBE = "Perdón, no entendí. ¿Podría reformular su pregunta?"
ENGLISH_ANSWER = "Yes, you will owe duty. This is general information, not legal advice. Sources: 19 CFR 10.151"


def test_the_spanish_suite_is_big_varied_and_holds_out_a_fifth_of_every_kind() -> None:
    tuning, heldout = load_suite(["tuning"], suites=["es"]), load_suite(["heldout"], suites=["es"])
    assert len(tuning) + len(heldout) >= 125 and len(heldout) >= 25
    kinds_tuning, kinds_heldout = Counter(c.kind for c in tuning), Counter(c.kind for c in heldout)
    assert set(kinds_tuning) == set(kinds_heldout) and len(kinds_tuning) >= 9
    for kind, held in kinds_heldout.items():
        share = held / (held + kinds_tuning[kind])
        assert 0.15 <= share <= 0.25, (kind, share)
    for conversation in tuning + heldout:
        assert conversation.id.startswith("es-") and conversation.suite == "es"
        assert 1 <= len(conversation.turns) <= 4
        assert conversation.turns[0].expect["first"], f"{conversation.id}: the first turn checks its first sentence"
        for turn in conversation.turns:
            # every turn refuses a Spanish (or English) "didn't understand", and a reply in the wrong language
            assert any(re.search(p, SPANISH_FALLBACK_PROBE) for p in turn.expect["never"]), conversation.id
            wrong_language = [p for p in turn.expect["never"] if re.search(p, ENGLISH_ANSWER) or "aranceles" in p]
            assert wrong_language, f"{conversation.id}: {turn.user!r} has no wrong-language check"


def test_the_spanish_suite_switches_language_and_back() -> None:
    conversations = {c.id: c for c in load_suite(runner.PARTS, suites=["es"])}
    english_turns = [
        turn
        for c in conversations.values()
        for turn in c.turns
        if any(re.search(p, "Sí, pagará aranceles. Esta es información general.") for p in turn.expect["never"])
    ]
    assert len(english_turns) >= 6  # turns after "in English please" must not be answered in Spanish
    kinds = Counter(c.kind for c in conversations.values())
    assert kinds["language"] >= 10


def _anchors(path: Path) -> dict[str, str]:
    """The anchored scalars of a YAML file: {anchor: value}."""
    return {
        event.anchor: event.value
        for event in yaml.parse(path.read_text(encoding="utf-8"))
        if isinstance(event, yaml.ScalarEvent) and event.anchor
    }


SPANISH_ANCHOR_CASES = {
    "owe_si": (
        [
            "Sí, deberá pagar aranceles.",
            "Si, paga aranceles.",
            "Tendrá que pagar aranceles sobre este envío.",
            "Usted pagará aranceles: la exención de minimis está suspendida desde el 29 de agosto de 2025.",
            "Se deben aranceles sobre los $400 de bolsas.",
            "No está libre de aranceles.",
            "Ya no entra libre de aranceles.",
            "Le cobrarán aranceles.",
            "Este envío no califica para la exención de minimis.",
            "Hay que pagar aranceles.",
            "Debe pagar los derechos de aduana.",
        ],
        [
            "No, no pagará aranceles.",
            "No tendrá que pagar aranceles.",
            "Está libre de aranceles.",
            "Si el envío vale $80, no paga.",
            "No hay aranceles que pagar.",
            "El regalo está exento.",
            "No se cobran aranceles por este regalo.",
        ],
    ),
    "free_no": (
        [
            "No, no pagará aranceles.",
            "No.",
            "Está libre de aranceles porque es un regalo de $70.",
            "No pagará aranceles: está dentro del límite de $100 para regalos.",
            "El regalo entra sin pagar aranceles.",
            "No le cobrarán aranceles.",
            "Queda exento de aranceles.",
            "No, en 2019 entraba libre de aranceles.",
        ],
        [
            "No está libre de aranceles.",
            "No hay exención de minimis.",
            "Sí, pagará aranceles.",
            "No entra libre de aranceles.",
            "No califica para la exención de regalos.",
            "Ya no está exento.",
            "Deberá pagar aranceles.",
        ],
    ),
    "owe_no": (
        ["No, deberá pagar aranceles.", "No está libre de aranceles.", "No: la exención de minimis está suspendida."],
        ["Sí, está libre de aranceles.", "No pagará aranceles.", "No tendrá que pagar nada.", "No hay aranceles."],
    ),
    "si": (["Sí, necesita una fianza.", "¡Sí!", "Si, la necesita."], ["Si el valor es mayor, sí.", "No."]),
    "no": (["No, el ISF es solo para carga marítima.", "No se requiere ISF."], ["Sí.", "No hay aranceles."]),
    "suspended": (["La exención de minimis está suspendida.", "Hoy no hay exención de minimis."], ["Es de $800."]),
    "cant": (
        ["No puedo darle la tasa arancelaria de un producto.", "Eso está fuera de lo que puedo responder."],
        ["La tasa es de 16%."],
    ),
    "legal": (
        ["Esta es información general, no asesoría legal.", "No constituye asesoría legal."],
        ["Ofrecemos asesoría legal gratuita."],
    ),
    "date_now": (
        ["al 1 de diciembre de 2026", "1.º de diciembre de 2026", "(2026-12-01)", "01 de diciembre del 2026"],
        ["11 de diciembre de 2026", "1 December 2026"],
    ),
    "susp": (["29 de agosto de 2025", "2025-08-29", "29 ago 2025"], ["29 de agosto de 2024"]),
    "fallback": (
        ["Perdón, no entendí.", "No estoy seguro de lo que quiere decir.", "Sorry, I didn't understand"],
        ["Si no entiende el formulario, llame al Centro de Información de CBP."],
    ),
    "never_en": (
        ["Yes, you will owe duty.", "This is general information, not legal advice.", "Sources: 19 CFR 10.151"],
        [
            "Sí, pagará aranceles. Esta es información general, no asesoría legal. Fuentes: EO 14324 «Suspending "
            "Duty-Free De Minimis Treatment for All Countries»; Know Before You Go (cbp.gov); Centro de Información "
            "de CBP (CBP INFO Center); https://www.whitehouse.gov/presidential-actions/2025/07/suspending-duty-free-"
            "de-minimis-treatment-for-all-countries/",
        ],
    ),
}


def test_spanish_anchors_accept_reasonable_phrasings_and_reject_the_opposite() -> None:
    anchors: dict[str, str] = {}
    for path in sorted((runner.SUITE_DIR / "es").glob("*/*.yml")):
        for name, value in _anchors(path).items():
            assert anchors.setdefault(name, value) == value, f"anchor {name} differs in {path.name}"
    for name, (accepted, rejected) in SPANISH_ANCHOR_CASES.items():
        assert name in anchors, name
        for text in accepted:
            assert re.search(anchors[name], text), (name, text)
        for text in rejected:
            assert not re.search(anchors[name], text), (name, text)
