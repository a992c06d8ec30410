"""Where the web server's own files are: templates, static files and the npm assets (settings: bot/settings.py)."""

from __future__ import annotations

from pathlib import Path

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
TEMPLATES_DIR = WEB_DIR / "templates"
