"""HTS codes: "6109.10.0012", "6109100012", "HTS 6109", canonical dotted form ("6109.10.0012").

``find_hts_codes`` finds codes in a text; ``normalise_hts`` reads a phrase typed as a code. A
number followed by a unit or a currency ("6109 kg", "1200 dollars") is no code.
No Rasa or spaCy import here.
"""

from __future__ import annotations

import re

from bot.nlu.amounts import UNIT_AFTER
from bot.nlu.currencies import currency_after
from bot.nlu.spans import PRIORITY_BARE_HTS, PRIORITY_EXPLICIT, Span, clip, resolve_overlaps

_HTS_KEYWORD = (
    r"\b(?:HTSUS|HTSA|HTS|HS|H\.S\.|tariff(?:\s+(?:code|number|heading|classification|line|item))?|"
    r"(?:sub)?heading|commodity\s+code|harmoni[sz]ed\s+(?:tariff\s+|system\s+)?code|schedule\s+b|"
    # Spanish: "fracción arancelaria 6109.10", "código HTS 6109", "partida 6109", "clasificación arancelaria"
    r"fracci[oó]n(?:\s+arancelaria)?|c[oó]digo\s+(?:arancelario|HTS|HS|SA)|partida(?:\s+arancelaria)?|"
    r"subpartida|clasificaci[oó]n\s+arancelaria)"
    r"(?:\s+(?:code|number|no\.?|classification|heading))?\s*(?:is|of|:|#|=|-|no\.?|es|n[uú]mero|n[oº]\.?)?\s*"
)
_HTS_CODE = r"[0-9]{4}(?:\.?[0-9]{2}(?:\.?[0-9]{2}(?:\.?[0-9]{2})?)?)?"
_HTS_END = r"(?![0-9]|[.,][0-9])"
_HTS_KEYWORD_RE = re.compile(rf"{_HTS_KEYWORD}(?P<code>{_HTS_CODE}){_HTS_END}", re.IGNORECASE)
_HTS_DOTTED_RE = re.compile(
    rf"(?<![\w.$€£¥,/-])(?P<code>[0-9]{{4}}\.[0-9]{{2}}(?:\.[0-9]{{2}}(?:\.?[0-9]{{2}})?)?){_HTS_END}"
)
_HTS_TEN_RE = re.compile(rf"(?<![\w.$€£¥,/#-])(?P<code>[0-9]{{10}}){_HTS_END}")
#: Bare 10-digit numbers right after these cues are phone, order or tracking numbers, not HTS codes.
_NOT_HTS_CUE = re.compile(
    r"(?:\b(?:call|phone|tel|telephone|text|whatsapp|mobile|cell|fax|number|no\.?|order|tracking|track|awb|"
    r"invoice|account|acct|id|ref|reference|po|zip)\b|[#+(])[\s:.#-]*(?:is\s+|at\s+|me\s+at\s+)?$",
    re.IGNORECASE,
)


def _format_hts(code: str) -> str | None:
    """Canonical dotted form of 4/6/8/10 HTS digits; None for an impossible chapter (00, 77, 98+...)."""
    digits = re.sub(r"[.\s]", "", code)
    if not digits.isdigit() or not digits.isascii() or len(digits) not in (4, 6, 8, 10):
        return None
    chapter = int(digits[:2])
    if chapter < 1 or chapter > 99 or chapter == 77:
        return None
    parts = [digits[:4], digits[4:6], digits[6:]]
    return ".".join(p for p in parts if p)


def find_hts_codes(text: str) -> list[Span]:
    """HTS codes: dotted ("6109.10", "6109.10.0012"), 10 bare digits, or any length after a keyword."""
    text = clip(text)
    spans: list[Span] = []
    for regex, priority in (
        (_HTS_KEYWORD_RE, PRIORITY_EXPLICIT),
        (_HTS_DOTTED_RE, PRIORITY_BARE_HTS),
        (_HTS_TEN_RE, PRIORITY_BARE_HTS),
    ):
        for m in regex.finditer(text):
            if regex is _HTS_TEN_RE and _NOT_HTS_CUE.search(text[max(0, m.start() - 30) : m.start()]):
                continue
            after = m.end("code")
            money_after = UNIT_AFTER.match(text, after) or currency_after().match(text, after)
            if priority == PRIORITY_EXPLICIT and money_after:
                continue
            value = _format_hts(m.group("code"))
            if value:
                spans.append(Span(m.start("code"), m.end("code"), "hts_code", value, priority))
    return spans


def normalise_hts(text: str) -> str | None:
    """'6109100012' -> '6109.10.0012', '6109.10' -> '6109.10', 'HTS 6109' -> '6109'; bare '6109' -> None.

    A whole phrase of 6, 8 or 10 digits (dotted or not) is accepted; 4 digits need a keyword
    ("HTS", "HS", "heading", "tariff") so that a year is never taken for a heading.
    """
    if not isinstance(text, str):
        return None
    raw = text.strip()[:200].rstrip(".")
    if re.fullmatch(r"[0-9]{4}(?:[.\s]?[0-9]{2}){1,3}|[0-9]{4}[.\s]?[0-9]{2}[.\s]?[0-9]{4}", raw):
        return _format_hts(raw)
    spans = resolve_overlaps(find_hts_codes(raw))
    return str(spans[0].value) if spans else None
