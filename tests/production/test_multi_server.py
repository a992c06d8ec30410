"""Several Rasa servers behind any load balancer: any turn may land on any server."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

#: A conversation of 10 turns with what each reply must contain (case-insensitive). Turns 3-6 are one
#: shipment question: the question frame (the `question_frame` slot) must follow it from server to server.
CONVERSATION = [
    ("hi", "hello"),
    ("what is the de minimis limit?", "de minimis"),
    ("did I owe duty on a parcel that arrived on 1 June 2025?", "worth"),
    ("$120", "which country"),
    ("it comes from Canada", "no duty"),
    ("and if it came from China?", "china"),
    ("where does it say that?", "http"),
    ("what was the limit in 2015?", "$200"),
    ("what was it in 2024?", "$800"),
    ("thanks!", ""),
]
#: The turn that answers the shipment question, and what it must say: the value and date given in
#: earlier turns (to other servers), the country of this turn.
ANSWER_TURN = 4
ANSWER_SAYS = ("$120", "$800", "1 June 2025")


def new_sender(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def reply_texts(node, sender: str, message: str) -> list[str | None]:
    """The text of each reply message; None for the answer's data message (detail, sources, frame)."""
    return [reply.get("text") for reply in node.say(sender, message)]


def run_conversation(cluster, sender: str, first_node: int) -> list[tuple[str, list[str | None]]]:
    """Send the conversation, turn i to server (first_node + i) % 2; return (message, reply texts) per turn."""
    turns = []
    for index, (message, _) in enumerate(CONVERSATION):
        node = cluster.nodes[(first_node + index) % len(cluster.nodes)]
        turns.append((message, reply_texts(node, sender, message)))
    return turns


def said(replies: list[str | None]) -> str:
    return "\n".join(text for text in replies if text)


def assert_answers_right(turns: list[tuple[str, list[str | None]]]) -> None:
    for (message, replies), (_, expected) in zip(turns, CONVERSATION, strict=True):
        text = said(replies)
        assert text, f"no reply to {message!r}"
        assert expected.lower() in text.lower(), f"{message!r} -> {text[:300]!r}"
    answer = said(turns[ANSWER_TURN][1])
    assert answer.lower().startswith("no"), answer[:300]  # the verdict first
    assert all(words in answer for words in ANSWER_SAYS), answer[:300]
    follow_up = said(turns[ANSWER_TURN + 1][1]).split("\n")[0]
    assert follow_up.lower().startswith("yes") and "China" in follow_up, follow_up  # one fact changed


def test_a_shipment_question_alternating_between_servers_finishes_correctly(cluster):
    turns = run_conversation(cluster, new_sender("alternate"), first_node=0)
    assert_answers_right(turns)


def test_twenty_concurrent_conversations_are_stored_exactly_once(cluster):
    senders = [new_sender(f"load{index}") for index in range(20)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda item: run_conversation(cluster, item[1], item[0] % 2), enumerate(senders)))
    for sender, turns in zip(senders, results, strict=True):
        assert_answers_right(turns)
        expected = []
        for message, replies in turns:
            expected.append(("user", message))
            expected.extend(("bot", reply) for reply in replies)
        assert cluster.stored_events(sender) == expected, sender


def test_a_killed_server_restarts_and_the_conversation_resumes(cluster):
    sender = new_sender("killed")
    node = cluster.nodes[0]
    turns = [(message, reply_texts(node, sender, message)) for message, _ in CONVERSATION[:ANSWER_TURN]]
    cluster.kill_rasa(node)
    cluster.start_rasa(node)
    # The question resumes where it was: the next message answers the country it asked for, and the
    # answer uses the value and date given before the restart.
    turns += [(message, reply_texts(node, sender, message)) for message, _ in CONVERSATION[ANSWER_TURN:]]
    assert_answers_right(turns)
    expected = []
    for message, replies in turns:
        expected.append(("user", message))
        expected.extend(("bot", reply) for reply in replies)
    assert cluster.stored_events(sender) == expected
