"""The answer layer: verdicts rendered from templates (one place for wording, ready for a second language)."""

from bot.answers.render import Reply, headline, render, render_day, render_question, render_sources, templates, word

__all__ = ["Reply", "headline", "render", "render_day", "render_question", "render_sources", "templates", "word"]
