"""Rasa 3.x graph component wrapping ``bot.nlu.extract.extract_entities``.

Referenced from config.yml as ``bot.nlu.component.CBPEntityExtractor`` (and ``LanguageDetector``).
It is not trainable: at prediction time (``rasa shell``, ``rasa run``, ``rasa test nlu``) ``process``
appends the rule-based entities, with normalised values, to each message's ``entities``. This is the only module of
``bot.nlu`` that imports Rasa.

Config (all optional):
    dimensions: list of entity names to keep (default: all of ``ENTITY_NAMES``)
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import ENTITY_ATTRIBUTE_CONFIDENCE_TYPE
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.extract import ENTITY_NAMES, extract_entities
from bot.nlu.language import detect
from bot.settings import system_clock

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class CBPEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Rule-based extractor of amount, currency, country, transport_mode, date, goods and hts_code."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The component's default config (see parent class for full docstring)."""
        return {"dimensions": None}

    @staticmethod
    def required_packages() -> list[str]:
        """Packages that must be installed for this component."""
        return ["spacy", "pycountry", "dateparser"]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CBPEntityExtractor:
        """Creates the component (nothing to train or load)."""
        return cls(config)

    def __init__(self, config: dict[str, Any]) -> None:
        """Keeps the config; the spaCy pipeline is built lazily on the first message."""
        self._config = {**self.get_default_config(), **config}
        dimensions = self._config.get("dimensions")
        if dimensions:
            unknown = set(dimensions) - set(ENTITY_NAMES)
            if unknown:
                raise ValueError(f"Unknown dimensions for {self.name}: {sorted(unknown)}; use {ENTITY_NAMES}")
        self._dimensions = frozenset(dimensions) if dimensions else frozenset(ENTITY_NAMES)

    def process(self, messages: list[Message]) -> list[Message]:
        """Appends the extracted entities to each message's ``entities`` (also for ``rasa test nlu``)."""
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text or text.startswith(INTENT_MESSAGE_PREFIX):
                continue
            entities = [e for e in extract_entities(text, today=system_clock()) if e["entity"] in self._dimensions]
            for entity in entities:
                entity[ENTITY_ATTRIBUTE_CONFIDENCE_TYPE] = 1.0
            entities = self.add_extractor_name(entities)
            message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageDetector(GraphComponent, EntityExtractorMixin):
    """Adds a ``language`` entity ("en" or "es") when a message shows its language (``bot.nlu.language``).

    The ``language`` slot is filled from it, so a message that can't tell ("ok", "DHL", "$650") leaves
    the conversation's language as it was; the domain's responses and the answers follow the slot.
    """

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        """Creates the component (nothing to train or load)."""
        return cls()

    @staticmethod
    def required_packages() -> list[str]:
        """Packages that must be installed for this component."""
        return ["lingua"]

    def process(self, messages: list[Message]) -> list[Message]:
        """Appends the language entity to each message whose language can be told."""
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text or text.startswith(INTENT_MESSAGE_PREFIX):
                continue
            language = detect(text)
            if language is None:
                continue
            entity = {"entity": "language", "value": language, "start": 0, "end": len(text), "text": text}
            entity[ENTITY_ATTRIBUTE_CONFIDENCE_TYPE] = 1.0
            entities = self.add_extractor_name([entity])
            message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)
        return messages
