"""The conversation layer: the question frame, reading messages, and one turn of dialogue (no Rasa)."""
