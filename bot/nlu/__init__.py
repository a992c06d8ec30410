"""Rule-based entity extraction and normalisation for the CBP bot (Rasa only in component.py)."""
