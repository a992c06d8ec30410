"""Several Rasa servers behind any load balancer: any turn may land on any server."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

#: A check_shipment conversation of 10 turns with what each reply must contain (case-insensitive).
CONVERSATION = [
    ("hi", "hello"),
    ("what is the de minimis limit?", "de minimis"),
    ("can you check whether I owe duty on a package", "worth"),
    ("$120", "which country"),
    ("it comes from Canada", "shipped"),
    ("UPS", "goods"),
    ("books", "gift"),
    ("no", "$120.00"),
    ("what was the limit in 2015?", "$200"),
    ("thanks!", ""),
]


def new_sender(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def run_conversation(cluster, sender: str, first_node: int) -> list[tuple[str, list[str]]]:  # noqa: ANN001
    """Send the conversation, turn i to server (first_node + i) % 2; return (message, reply texts) per turn."""
    turns = []
    for index, (message, _) in enumerate(CONVERSATION):
        node = cluster.nodes[(first_node + index) % len(cluster.nodes)]
        replies = [reply.get("text", "") for reply in node.say(sender, message)]
        turns.append((message, replies))
    return turns


def assert_answers_right(turns: list[tuple[str, list[str]]]) -> None:
    for (message, replies), (_, expected) in zip(turns, CONVERSATION, strict=True):
        text = "\n".join(replies)
        assert replies, f"no reply to {message!r}"
        assert expected.lower() in text.lower(), f"{message!r} -> {text[:300]!r}"
    final = "\n".join(turns[7][1])
    assert "Canada" in final and "suspended" in final


def test_a_shipment_form_alternating_between_servers_finishes_correctly(cluster):  # noqa: ANN001
    turns = run_conversation(cluster, new_sender("alternate"), first_node=0)
    assert_answers_right(turns)


def test_twenty_concurrent_conversations_are_stored_exactly_once(cluster):  # noqa: ANN001
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


def test_a_killed_server_restarts_and_the_conversation_resumes(cluster):  # noqa: ANN001
    sender = new_sender("killed")
    node = cluster.nodes[0]
    turns = [(message, [r.get("text", "") for r in node.say(sender, message)]) for message, _ in CONVERSATION[:5]]
    cluster.kill_rasa(node)
    cluster.start_rasa(node)
    # The form resumes where it was: the next answer is the transport mode it asked for.
    turns += [(message, [r.get("text", "") for r in node.say(sender, message)]) for message, _ in CONVERSATION[5:]]
    assert_answers_right(turns)
    expected = []
    for message, replies in turns:
        expected.append(("user", message))
        expected.extend(("bot", reply) for reply in replies)
    assert cluster.stored_events(sender) == expected
