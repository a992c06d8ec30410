"""Locust scenario: importers chatting over the REST webhook (run by bench/bench_load.py).

Each simulated user is one importer's conversation: mostly single questions on the topics people
ask about, and now and then a shipment checked through the form, turn by turn. Users think between
messages like people typing (5-15 s). A reply counts as a failure when the HTTP call fails or the
text lacks what a correct answer must say. With several servers (LOAD_HOSTS="url1 url2"), each user
talks to one of them, users spread evenly; with LOAD_SPREAD=1 each user's turns alternate between
the servers (as behind a load balancer without sticky sessions: any server takes any turn).
"""

from __future__ import annotations

import itertools
import os
import uuid

from locust import HttpUser, between, task

HOSTS = os.environ.get("LOAD_HOSTS", "").split()
SPREAD = os.environ.get("LOAD_SPREAD") == "1"
_next_host = itertools.count()

#: (message, a phrase the reply must contain), case-insensitive.
QUESTIONS = [
    ("is de minimis still $800?", "no longer $800"),
    ("what was the duty free limit in 2015", "$200"),
    ("do I need a customs broker to import?", "broker"),
    ("what is the merchandise processing fee", "fee"),
    ("what's an ISF filing", "security filing"),
    ("hello", "hello"),
    ("can someone from CBP help me", "877-227-5511"),
    ("thanks", ""),
]
SHIPMENT_FORM = [
    ("I want to check if I owe duty on a package", "worth"),
    ("about $300", "which country"),
    ("Germany", "shipped"),
    ("DHL", "goods"),
    ("leather shoes", "gift"),
    ("no, I bought them", "$300.00"),
]


class Importer(HttpUser):
    wait_time = between(5, 15)
    host = HOSTS[0] if HOSTS else "http://127.0.0.1:5005"

    def on_start(self) -> None:
        self.sender = f"load-{uuid.uuid4().hex[:10]}"
        self.hosts = HOSTS or [self.host]
        self.home = next(_next_host) % len(self.hosts)
        self.turn = 0

    def say(self, message: str, expected: str) -> None:
        host = self.hosts[(self.home + self.turn) % len(self.hosts)] if SPREAD else self.hosts[self.home]
        self.turn += 1
        with self.client.post(
            f"{host}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": message},
            name="turn",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return
            text = "\n".join(reply.get("text", "") for reply in response.json())
            if not text or expected.lower() not in text.lower():
                response.failure(f"unexpected reply to {message!r}: {text[:120]!r}")

    @task(4)
    def ask_a_question(self) -> None:
        message, expected = QUESTIONS[self.turn % len(QUESTIONS)]
        self.say(message, expected)

    @task(1)
    def check_a_shipment(self) -> None:
        for index, (message, expected) in enumerate(SHIPMENT_FORM):
            if index:
                self.wait()  # people take time to answer each question
            self.say(message, expected)
