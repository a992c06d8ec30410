"""Countries: a phrase typed as a country, as its ISO 3166-1 alpha-2 code ("China" -> "CN").

The names are data (``data/lexicon/countries.yml``, ``places.yml``, ``blockers.yml``, through
``bot.nlu.lexicon``); the entity ruler of ``bot.nlu.extract`` finds countries in free text.
No Rasa or spaCy import here.
"""

from __future__ import annotations

import re

from bot.nlu import lexicon
from bot.nlu.lexicon import normalise_phrase

_COUNTRY_PREFIX = re.compile(
    r"^(?:(?:country\s+of\s+origin|origin|made\s+in|manufactured\s+in|produced\s+in|from|in|to|into|"
    r"shipped\s+from|coming\s+from|it'?s|it\s+is|is|"
    # Spanish: "desde México", "hecho en China", "país de origen: Vietnam", "viene de Corea"
    r"pa[ií]s\s+de\s+origen|origen|hecho\s+en|fabricado\s+en|producido\s+en|de|desde|del|en|a|hacia|para|"
    r"viene\s+de|vienen\s+de|es\s+de|son\s+de|procedente\s+de|enviado\s+desde|es|son)\s*[:\-]?\s+)+",
    re.IGNORECASE,
)


def normalise_country(text: str) -> str | None:
    """Country phrase -> ISO 3166-1 alpha-2 ('China' -> 'CN', 'the EU' -> 'EU'); None if not a country.

    Case rules: codes like 'US' and words that are common in lowercase ('Turkey', 'Jersey', 'Chad')
    are only recognised with their capital letter; lowercase 'us' is the pronoun.
    """
    if not isinstance(text, str):
        return None
    raw = " ".join(text.strip()[:200].replace("\u2019", "'").split()).strip(" ,;!?")
    raw = _COUNTRY_PREFIX.sub("", raw)
    candidates = [raw, raw.rstrip(".")]
    for cand in candidates:
        if normalise_phrase(cand) in lexicon.BLOCKERS:
            return None
        if cand in lexicon.COUNTRY_ALIASES_CS:
            return lexicon.COUNTRY_ALIASES_CS[cand]
        code = lexicon.country_aliases_ci().get(normalise_phrase(cand))
        if code:
            return code
        if cand.lower().startswith("the "):
            rest = cand[4:]
            if rest in lexicon.COUNTRY_ALIASES_CS:
                return lexicon.COUNTRY_ALIASES_CS[rest]
            code = lexicon.country_aliases_ci().get(normalise_phrase(rest))
            if code:
                return code
    return None
