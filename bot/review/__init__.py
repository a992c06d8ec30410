"""Reviewing a rule change by its effect on answers: `python -m bot thresholds diff`.

A fixed, versioned case set (data/review/cases.yml) is answered on the current and on the proposed
rules, through the same understanding, dialogue and rendering as a real answer, and the answers
that change are printed before and after. Unlike `bot.thresholds`, this package uses the answer
layer, so the threshold command line reaches it only through `bot/__main__.py`.
"""
