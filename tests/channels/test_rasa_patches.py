"""Rasa's code is patched from one module (bot/channels/rasa_patches.py), once, when a channel is loaded."""

from __future__ import annotations

import importlib

import pytest
from rasa.core.actions import action as rasa_action
from rasa.core.actions.action import RemoteAction

from bot.channels import action_validation, rasa_patches


@pytest.mark.parametrize("channel", ["bot.channels.rest", "bot.channels.socketio", "bot.channels.slack"])
def test_loading_any_channel_applies_every_patch(channel: str) -> None:
    importlib.import_module(channel)
    assert rasa_patches._applied
    assert RemoteAction._validate_action_result is action_validation.validate_action_result
    assert rasa_action.DEFAULT_REQUEST_TIMEOUT < 300  # Rasa's own: 5 minutes


def test_patches_are_applied_once(monkeypatch: pytest.MonkeyPatch) -> None:
    importlib.import_module("bot.channels.rest")
    in_force = rasa_action.DEFAULT_REQUEST_TIMEOUT
    monkeypatch.setenv("ACTION_TIMEOUT_SECONDS", str(in_force + 40))
    rasa_patches.apply()  # a second channel module loaded later changes nothing
    assert rasa_action.DEFAULT_REQUEST_TIMEOUT == in_force
