"""The intent classifier component: trains on the project's NLU data, persists without pickle,
reloads, and ranks intents for messages it has not seen."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.importers.importer import TrainingDataImporter
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.intent_classifier import MODEL_FILE, LinearIntentClassifier
from tests.conftest import ROOT

CONTEXT = ExecutionContext(GraphSchema({}), model_id="test-model", node_name="intents")


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[LocalModelStorage, Resource]:
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    resource = Resource("intents")
    data = TrainingDataImporter.load_from_dict(training_data_paths=[str(ROOT / "data" / "nlu")]).get_nlu_data()
    component = LinearIntentClassifier.create(LinearIntentClassifier.get_default_config(), storage, resource, CONTEXT)
    component.train(data)
    return storage, resource


def classify(component: LinearIntentClassifier, text: str) -> Message:
    message = Message(data={"text": text})
    component.process([message])
    return message


@pytest.mark.parametrize(
    "text,intent",
    [
        ("is the 800 dollar thing gone now?", "ask_de_minimis_changes"),
        ("whats the duty free threshold when selling into australia", "ask_other_countries"),
        ("i've got a 450 usd box of sneakers coming from vietnam via fedex, will it be taxed", "check_shipment"),
        ("how much is the merchandise processing fee for a formal entry", "ask_fees"),
        ("can I get a real person on the phone", "request_human"),
        ("what's the weather in boston", "out_of_scope"),
    ],
)
def test_reloaded_model_ranks_unseen_messages(trained, text: str, intent: str) -> None:  # noqa: ANN001
    storage, resource = trained
    component = LinearIntentClassifier.load(LinearIntentClassifier.get_default_config(), storage, resource, CONTEXT)
    message = classify(component, text)
    ranking = message.get("intent_ranking")
    assert message.get("intent")["name"] == intent, ranking[:3]
    assert ranking[0]["name"] == intent and len(ranking) == 10
    assert all(a["confidence"] >= b["confidence"] for a, b in zip(ranking, ranking[1:], strict=False))
    assert 0 < sum(item["confidence"] for item in ranking) <= 1.0 + 1e-9


def test_persisted_without_pickle(trained) -> None:  # noqa: ANN001
    storage, resource = trained
    with storage.read_from(resource) as directory:
        assert (Path(directory) / MODEL_FILE).is_file()
        assert not list(Path(directory).glob("*.pkl"))


def test_untrained_or_missing_model_leaves_messages_alone(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    component = LinearIntentClassifier.load({}, storage, Resource("never-trained"), CONTEXT)
    message = classify(component, "hello")
    assert message.get("intent") is None
    one_intent = TrainingData([Message(data={"text": "hi", "intent": "greet"})])
    lonely = LinearIntentClassifier.create({}, storage, Resource("lonely"), CONTEXT)
    lonely.train(one_intent)
    assert classify(lonely, "hi").get("intent") is None


def test_empty_and_odd_texts_get_a_ranking(trained) -> None:  # noqa: ANN001
    storage, resource = trained
    component = LinearIntentClassifier.load({}, storage, resource, CONTEXT)
    for text in ("", "   ", "🙂🙂", "¿dónde está mi paquete?", "x" * 5000):
        assert classify(component, text).get("intent")["name"]
