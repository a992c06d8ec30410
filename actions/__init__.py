"""Custom actions: thin adapters from tracker slots and entities to the threshold rules (bot/)."""
