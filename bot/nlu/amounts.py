"""Money amounts: "$1,200.50", "650 euros", "two thousand dollars", "worth 650", "1.2k".

``find_amounts`` finds money-like amounts in a text (with their currency when one is given);
``parse_amount`` reads a phrase typed as a value. Number words come from
``data/lexicon/numbers.yml``. No Rasa or spaCy import here.

Spanish: number words ("dos mil quinientos dólares", "quinientos") and Spanish currency words are read
in any message. In a message known to be Spanish (``lang="es"``) a dot followed by groups of three
digits is a thousands separator ("$1.200" = 1200, "US$ 2.500" = 2500; "$17.32" stays 17.32), "mil" /
"millones" multiply ("5 mil pesos"), and Spanish cue words introduce an amount ("me costó 650",
"un valor de 2.500", "pagué unos 300").
"""

from __future__ import annotations

import functools
import math
import re

from bot import vocabulary
from bot.nlu.currencies import currency_code, currency_tables
from bot.nlu.lexicon import normalise_phrase
from bot.nlu.spans import PRIORITY_CONTEXT_AMOUNT, PRIORITY_EXPLICIT, Span, clip, resolve_overlaps

_NUM = (
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"  # 1,200 / 1,200.50
    r"|[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]{1,2}"  # 1.200,50 (continental)
    r"|[0-9]{1,3}(?:\.[0-9]{3}){2,}"  # 1.200.000 (continental, never a decimal)
    r"|[0-9]+(?:[.,][0-9]+)?"  # 1200 / 1200.5 / 12,5
    r"|\.[0-9]+)"  # .5
)
#: Number words ("two thousand five hundred"), from data/lexicon/numbers.yml.
_SMALL: dict[str, int] = vocabulary.number_words()
_SCALES: dict[str, int] = vocabulary.scale_words()
_NUMBER_WORD = "(?:" + "|".join(sorted([*_SMALL, *_SCALES], key=len, reverse=True)) + ")"
_WORDNUM = (
    rf"(?:(?:a|an)\s+(?=(?:hundred|thousand|million|billion)\b))?\b{_NUMBER_WORD}"
    rf"(?:(?:\s+and\s+|\s+|-){_NUMBER_WORD})*\b"
)
#: Spanish number words ("dos mil quinientos", "treinta y cinco"); "un"/"una" only before a scale.
_SMALL_ES: dict[str, int] = vocabulary.spanish_number_words()
_SCALES_ES: dict[str, int] = vocabulary.spanish_scale_words()
_ARTICLES_ES = frozenset({"un", "una"})
_WORD_ES = "(?:" + "|".join(sorted(set(_SMALL_ES) - _ARTICLES_ES | set(_SCALES_ES), key=len, reverse=True)) + ")"
_SCALE_ES = "(?:" + "|".join(sorted(_SCALES_ES, key=len, reverse=True)) + ")"
_WORDNUM_ES = rf"(?:\b(?:un|una)\s+(?={_SCALE_ES}\b))?\b{_WORD_ES}(?:(?:\s+y\s+|\s+){_WORD_ES})*\b(?!\s+y\s+medio)"
_MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "grand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "mil": 1e3,
    "millón": 1e6,
    "millon": 1e6,
    "millones": 1e6,
}
_MULT = r"(?:\s?(?:k|thousand|million|billion|grand|mn|bn)\b|(?:m|b)\b)"
#: In Spanish "5 mil" is 5000 (in English "$5 mil" is slang for millions, "5 mil" a thickness).
_MULT_ES = r"(?:\s?(?:k|mil|millones|mill[oó]n|thousand|million|billion|grand|mn|bn)\b|(?:m|b)\b)"
_NEG = r"(?:(?P<neg>(?<![\w.,/-])-\s?|\bminus\s+)|(?<![\w.,/-]))"

_UNITS = (
    r"kgs?|kilos?|kilograms?|g|grams?|lbs?|pounds?|oz|ounces?|tons?|tonnes?|ml|l|liters?|litres?|gallons?|"
    r"box|boxes|cartons?|cases?|crates?|pallets?|containers?|units?|pcs|pieces?|pairs?|items?|bottles?|packs?|"
    r"packages?|parcels?|bags?|sets?|dozens?|percent|pct|per\s*cent|cm|mm|m|meters?|metres?|inch|inches|ft|"
    r"feet|foot|yards?|days?|weeks?|months?|years?|yrs?|hours?|hrs?|minutes?|mins?|seconds?|secs?|people|"
    r"persons?|times|x|orders?|shipments?|products?|skus?|pages?|words?|employees|customers|sq|square|cubic|"
    r"cbm|teu|feu|kw|w|watts?|volts?|v|mah|gb|tb|mb|st|nd|rd|th|am|pm|o'clock|"
    r"u\.s\.c|usc|c\.f\.r|cfr|"  # legal citations: "under 19 U.S.C. 1321", "19 CFR 10.151"
    # Spanish: "20 piezas", "3 cajas", "30 días", "2 años", "10 por ciento", "5 kilos"
    r"piezas?|pzas?|pz|cajas?|pares|par|unidades|unidad|d[ií]as?|semanas?|meses|mes|a[ñn]os?|horas?|"
    r"minutos?|segundos?|por\s*ciento|litros?|metros?|toneladas?|gramos?|kilogramos?|onzas?|bultos?|"
    r"paquetes?|botellas?|art[ií]culos?|productos?|personas?|veces|pedidos?|env[ií]os?|tarimas?|"
    r"contenedores?|cent[ií]metros?|pulgadas?|pies|hojas|palabras|de\s+(?:la\s+)?(?:tarde|mañana|noche)"
)
#: Units after a number that make it no money amount ('500 kg', '30 days', '19 U.S.C.').
UNIT_AFTER = re.compile(rf"(?:\s*(?:{_UNITS})\b|\s*%|-[a-z])", re.IGNORECASE)
_WEIGHT_BEFORE = re.compile(
    r"\b(?:weigh\w*|weight(?:\s+(?:of|is|was))?|heavy|mass(?:\s+(?:of|is))?|"
    r"pes(?:a|an|aba|aban|[oó]|aron)|peso(?:\s+(?:de|es\s+de|es|total\s+de))?)\s*[:=]?\s*"
    r"(?:(?:about|around|approx\.?|approximately|roughly|only|just|over|under|nearly|almost|less\s+than|"
    r"more\s+than|unos|unas|como|casi|m[aá]s\s+de|menos\s+de|aproximadamente)\s+)?$",
    re.IGNORECASE,
)
#: Pound words that can be a weight: English "pound(s)", Spanish "libra(s)".
_WEIGHT_CURRENCY_WORDS = frozenset({"pound", "pounds", "libra", "libras"})

#: Spanish words that introduce an amount without a currency ("me costó 650", "un valor de 2.500").
_CTX_ES = (
    r"valor(?:\s+(?:total|declarado|aproximado|comercial|de\s+factura))?(?:\s+(?:es|era|fue|ser[ií]a))?"
    r"(?:\s+(?:de|como\s+de))?|valen?|val[ií]an?|cuestan?|cost[oó]|costaron|costar[aá]n?|cuesta\s+como|"
    r"pagu[eé]|pagamos|pag[oó]|pagaron|pagar[ií]a|pagar|gast[eé]|gast[oó]|cobraron|cobr[oó]|cobran|cobrar[aá]n?|"
    r"cobrar[ií]an?|sali[oó]\s+en|me\s+sali[oó]\s+en|"
    r"por\s+un\s+(?:valor|monto|total|precio)\s+de|(?:un\s+)?(?:total|monto|importe|precio|suma)\s+de|"
    r"precio(?:\s+(?:es|era|fue))?(?:\s+de)?|l[ií]mite(?:\s+(?:es|era))?(?:\s+de)?|"
    r"(?:pedido|compra|env[ií]o|paquete|orden|factura|regalo|mercanc[ií]a)s?\s+de|"
    r"m[aá]s\s+de|menos\s+de|arriba\s+de|abajo\s+de|debajo\s+de|encima\s+de|hasta|sobre|supera|superan|"
    r"excede|exceden|pasa\s+de|pasan\s+de|(?:compr[eé]|compramos|compr[oó]|vend[ií]|vendo)\s+(?:\w+\s+){0,3}?en|"
    r"por(?=\s+(?:unos\s+|como\s+)?[0-9]{2,})"
)
_QUAL_ES = (
    r"unos|unas|como|aproximadamente|aprox\.?|alrededor\s+de|cerca\s+de|casi|s[oó]lo|nom[aá]s|exactamente|"
    r"m[aá]s\s+o\s+menos|tan\s+s[oó]lo|apenas"
)


@functools.lru_cache(maxsize=2)
def _amount_regexes(spanish: bool = False) -> dict[str, re.Pattern[str]]:
    """The amount regexes; ``spanish`` adds "5 mil" and the Spanish cue words ("costó", "valor de")."""
    _, _, prefix, suffix = currency_tables()
    mult = _MULT_ES if spanish else _MULT
    words = rf"{_WORDNUM_ES}|{_WORDNUM}"
    flags = re.IGNORECASE
    ctx = (
        r"worth|valued\s+at|valued|value\s+(?:of|is|was|at|around|about)|value\s*[:=]|"
        r"declared\s+(?:value\s+)?(?:of|at|as)|declared\s+value\s+is|"
        r"(?:total|invoice|customs|shipment|order|transaction|retail|declared)\s+value\s+(?:of|is|was)|"
        r"costs?|costing|cost\s+me|costed|priced\s+at|price\s+(?:of|is|was)|price\s*[:=]|"
        r"paid|pay|paying|spent|spend|spending|sold\s+for|sells\s+for|"
        r"(?:bought|purchased)\s+(?:it\s+|them\s+)?for|(?:for\s+a\s+)?total\s+of|totals?|totall?ing|totall?ed|"
        r"invoiced\s+(?:at|for)|invoice\s+(?:of|for)|amount\s+(?:of|is|was)|amounting\s+to|sum\s+of|budget\s+of|"
        r"under|over|below|above|exceeding|exceeds?|less\s+than|more\s+than|up\s+to"
    )
    qual = (
        r"about|around|approx\.?|approximately|roughly|only|just|nearly|almost|like|maybe|~|over|under|"
        r"less\s+than|more\s+than|at\s+least|at\s+most|exactly|precisely|a\s+little\s+(?:over|under)"
    )
    end = r"(?![0-9]|[.,][0-9])"
    regexes = {
        "prefix": re.compile(
            rf"(?:(?P<neg>(?<![\w.,/-])-\s?|\bminus\s+)|(?<![A-Za-z0-9]))(?P<cur>{prefix})\s?(?P<neg2>-\s?)?"
            rf"(?P<num>{_NUM})(?P<mult>{mult})?(?:\s?(?P<cur2>{suffix}))?{end}",
            flags,
        ),
        "suffix": re.compile(
            rf"{_NEG}(?P<num>{_NUM}|{words})(?P<mult>{mult})?\s?(?:de\s+)?(?P<cur>{suffix}){end}",
            flags,
        ),
        "context": re.compile(
            rf"\b(?:{ctx})(?:\s+|(?<=[:=])\s*)(?:(?:{qual})\s*)?(?:(?P<neg>-)\s?|(?<![\w.,/-]))(?P<num>{_NUM}|{_WORDNUM})"
            rf"(?P<mult>\s?k\b|\s+(?:thousand|million|billion|grand)\b)?{end}(?![/:-]?[0-9])",
            flags,
        ),
        "order": re.compile(
            rf"\b(?:a|an|my|our|the|this|one)\s+(?<![\w.,/-])(?P<num>{_NUM})(?P<mult>k\b)?{end}\s*-?\s*"
            r"(?=(?:order|shipment|purchase|consignment|invoice|sale|transaction|import|parcel)s?\b)",
            flags,
        ),
        "worth_of": re.compile(
            rf"(?<![\w.,/$-])(?P<num>{_NUM})(?P<mult>\s?k\b|\s+grand\b)?{end}(?=\s+worth\s+of\b)", flags
        ),
        # "1.2k", "3 grand": a thousand of money even without a currency.
        "kilo": re.compile(rf"(?<![\w.,/$-])(?P<num>{_NUM})(?P<mult>k\b|\s+grand\b(?!\s+pianos?\b))", flags),
    }
    if spanish:
        regexes["context_es"] = re.compile(
            rf"\b(?:{_CTX_ES})(?:\s+|(?<=[:=])\s*)(?:(?:{_QUAL_ES}|{qual})\s+)?(?:(?P<neg>-)\s?|(?<![\w.,/-]))"
            rf"(?P<num>{_NUM}|{words})(?P<mult>\s?k\b|\s+(?:mil|millones|mill[oó]n)\b)?{end}(?![/:-]?[0-9])",
            flags,
        )
    return regexes


def _to_float(num: str, spanish: bool = False) -> float | None:
    """Parse a digit string with "," / "." separators (US first, continental when unambiguous).

    "1.200.000" is always continental; "1.200" is 1.2 in English and 1200 in Spanish (``spanish``)."""
    s = num.strip()
    if re.fullmatch(r"[0-9]{1,3}(?:\.[0-9]{3}){2,}", s) or (spanish and re.fullmatch(r"[0-9]{1,3}(?:\.[0-9]{3})+", s)):
        s = s.replace(".", "")
    if "," in s and "." in s:
        s = s.replace(".", "").replace(",", ".") if s.rfind(",") > s.rfind(".") else s.replace(",", "")
    elif "," in s:
        s = s.replace(",", "") if re.fullmatch(r"[0-9]{1,3}(?:,[0-9]{3})+", s) else s.replace(",", ".")
    try:
        value = float(s)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _words_to_number(text: str) -> float | None:
    """'two thousand five hundred' -> 2500.0; None if a word is not a number word."""
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", text.lower().strip()):
        if word in {"and", "y", ""}:
            continue
        if word in {"a", "an"}:
            current = max(current, 1)
            continue
        if word in _SMALL:
            current += _SMALL[word]
            seen = True
        elif word in _SMALL_ES:  # Spanish hundreds are words of their own: "quinientos" adds 500
            current += _SMALL_ES[word]
            seen = True
        elif word == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif word in _SCALES or word in _SCALES_ES:
            total += max(current, 1) * (_SCALES.get(word) or _SCALES_ES[word])
            current = 0
            seen = True
        else:
            return None
    return float(total + current) if seen else None


def _number_value(num: str, mult: str | None, spanish: bool = False) -> float | None:
    value = _to_float(num, spanish) if re.match(r"[0-9.]", num) else _words_to_number(num)
    if value is None:
        return None
    if mult:
        value *= _MULTIPLIERS.get(mult.strip().lower(), 1.0)
    return value if math.isfinite(value) else None


def _is_weight(text: str, match: re.Match[str], cur: str) -> bool:
    """'5 pounds of coffee' / 'it weighs 5 pounds' / '5 libras de café' use pounds as a weight, not GBP."""
    if normalise_phrase(cur) not in _WEIGHT_CURRENCY_WORDS:
        return False
    after = text[match.end() : match.end() + 12]
    before = text[max(0, match.start() - 40) : match.start()]  # the cue must end right before the number
    if re.match(r"\s+(?:of|in\s+weight|heavy|de|en\s+peso)\b", after, re.IGNORECASE):
        return True
    return bool(_WEIGHT_BEFORE.search(before))


def find_amounts(text: str, lang: str | None = None) -> list[Span]:
    """Money-like amounts in ``text`` (all candidates, overlapping; see ``resolve_overlaps``).

    ``Span.value`` is the float; ``Span.info["currency"]`` holds the ISO code when one was given.
    ``lang="es"``: Spanish number conventions and cue words (see the module docstring).
    """
    text = clip(text)
    spans: list[Span] = []
    spanish = lang == "es"
    regexes = _amount_regexes(spanish)
    for kind, regex in regexes.items():
        for m in regex.finditer(text):
            num_start = m.start("num")
            if kind == "prefix":
                start, end = m.start(), m.end()
                currency = currency_code(m.group("cur2")) or currency_code(m.group("cur"))
                negative = bool(m.group("neg") or m.group("neg2"))
                priority = PRIORITY_EXPLICIT
            elif kind == "suffix":
                start, end = m.start(), m.end()
                if _is_weight(text, m, m.group("cur")):
                    continue
                currency = currency_code(m.group("cur"))
                negative = bool(m.group("neg"))
                priority = PRIORITY_EXPLICIT
            else:
                negative = bool(m.groupdict().get("neg"))
                start = m.start("neg") if negative else num_start
                end = m.end("mult") if m.group("mult") else m.end("num")
                if kind in ("context", "kilo", "context_es") and UNIT_AFTER.match(text, end):
                    continue
                currency = None
                priority = PRIORITY_CONTEXT_AMOUNT
            value = _number_value(m.group("num"), m.group("mult"), spanish)
            if value is None:
                continue
            if kind == "context_es" and not m.group("num")[0].isdigit() and value < 100:
                continue  # "por dos cosas", "hasta tres": small number words are rarely money
            if negative:
                value = -value
            info = {"currency": currency} if currency else {}
            spans.append(Span(start, end, "amount", value, priority, info))
    return spans


_FILLER = re.compile(
    r"^(?:(?:about|around|approx\.?|approximately|roughly|only|just|nearly|almost|~|worth|valued\s+at|"
    r"it'?s|it\s+is|total|value|the\s+value\s+is|a\s+value\s+of|"
    r"unos|unas|como|aproximadamente|alrededor\s+de|casi|s[oó]lo|nom[aá]s|m[aá]s\s+o\s+menos|son|es|fue|"
    r"fueron|vale|cuesta|cost[oó]|el\s+valor\s+(?:es|era|fue)(?:\s+de)?|valor(?:\s+de)?|un\s+total\s+de|"
    r"[:=])\s*)+",
    re.IGNORECASE,
)


def parse_amount(text: str, lang: str | None = None) -> tuple[float, str | None] | None:
    """Parse a money phrase: '$1,200.50' -> (1200.5, 'USD'); '1.2k' -> (1200.0, None); '500 kg' -> None.

    A phrase that is only a number (after fillers like "about", "worth", "unos") is taken as an amount;
    otherwise the best money-like amount found in the text is used. Non-finite values give None.
    Spanish number words are read in any language ("quinientos" -> 500); ``lang="es"`` also reads
    "2.500" as 2500 and "5 mil" as 5000.
    """
    if not isinstance(text, str):
        return None
    text = clip(text)
    spanish = lang == "es"
    bare = _FILLER.sub("", text.strip()).rstrip(" .!?")
    mult = _MULT_ES if spanish else _MULT
    whole = re.fullmatch(
        rf"(?P<neg>-\s?)?(?P<num>{_NUM}|{_WORDNUM_ES}|{_WORDNUM})(?P<mult>{mult})?", bare, re.IGNORECASE
    )
    if whole:
        value = _number_value(whole.group("num"), whole.group("mult"), spanish)
        if value is not None:
            return (-value if whole.group("neg") else value), None
    best = resolve_overlaps(find_amounts(text, lang))
    if not best:
        return None
    top = max(best, key=lambda s: (s.priority, s.end - s.start))
    return float(top.value), top.info.get("currency")  # type: ignore[arg-type]
