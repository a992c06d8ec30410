"""The date phrases the date finder knows, as regular expressions, and their words.

``DATE_REGEXES`` is a tuple of (kind, regex); ``bot.nlu.dates`` has one resolver per kind. Month
and weekday names are calendar constants; the counts ("three weeks ago") read the number words of
``data/lexicon/numbers.yml``. No Rasa or spaCy import here.

Spanish phrases ("el 29 de agosto de 2025", "la semana pasada", "hace dos años", "el verano pasado")
have their own regexes, kinds ending in ``_es`` where the words differ; their month and weekday names
come from babel's Spanish calendar (with and without accents), and ``SPANISH_WORDS`` maps the relative
words, units and seasons to the English ones the resolvers know.
"""

from __future__ import annotations

import re

from babel.dates import get_day_names, get_month_names

from bot import vocabulary
from bot.nlu.lexicon import accent_variants

#: Month names and abbreviations ("may" and "mar" are also verbs: see ``dates._ambiguous_month``).
MONTHS_EN: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
#: Spanish month names ("enero", "septiembre" and "setiembre"); no abbreviations ("ago", "mar" are words).
MONTHS_ES: dict[str, int] = {
    spelling: number
    for number, name in get_month_names("wide", locale="es").items()
    for spelling in accent_variants(name.lower())
} | {"setiembre": 9}
MONTHS: dict[str, int] = {**MONTHS_EN, **MONTHS_ES}
#: Weekdays as ``date.weekday()`` numbers.
WEEKDAYS_EN: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
WEEKDAYS_ES: dict[str, int] = {
    spelling: number
    for number, name in get_day_names("wide", locale="es").items()
    for spelling in accent_variants(name.lower())
}
WEEKDAYS: dict[str, int] = {**WEEKDAYS_EN, **WEEKDAYS_ES}
_MONTH = "(?:" + "|".join(sorted(MONTHS_EN, key=len, reverse=True)) + r")\.?"
_WEEKDAY = "(?:" + "|".join(WEEKDAYS_EN) + ")"
_DAY = r"(?P<d>[0-3]?[0-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:19|20)[0-9]{2})"
#: Counts of "3 weeks ago", "in two months": "one" to "twelve" (numbers.yml), "a"/"an", "a couple of".
_NUMBERS = {word: value for word, value in vocabulary.number_words().items() if 1 <= value <= 12}
_NUMBERS_ES = {word: value for word, value in vocabulary.spanish_number_words().items() if 1 <= value <= 12}
COUNT_WORDS: dict[str, int] = {"a": 1, "an": 1, **_NUMBERS, "a couple of": 2, "couple of": 2}
COUNT_WORDS |= {**_NUMBERS_ES, "un par de": 2, "par de": 2}
_COUNT = r"(?P<n>[0-9]{1,3}|a\s+couple\s+of|couple\s+of|an?|" + "|".join(_NUMBERS) + ")"
_UNIT = r"(?P<unit>days?|weeks?|months?|years?)"

_SEASON = r"(?P<s>spring|summer|fall|autumn|winter)"
_REL = r"(?P<rel>last|next|this|coming|past|previous)"
_PART = (
    r"(?P<part>early|late|mid|(?:the\s+)?(?:beginning|start|end|middle)\s+of)"
    r"(?:\s*-\s*|\s+)(?:the\s+)?"
)
_QUARTER_WORD = r"first|second|third|fourth|1st|2nd|3rd|4th"
_QUARTER = rf"(?:[Qq](?P<q>[1-4])|(?:the\s+)?(?P<qw>{_QUARTER_WORD})\s+quarter)"
#: With a year, "the last quarter of 2025" is its fourth quarter.
_QUARTER_OF_YEAR = rf"(?:[Qq](?P<q>[1-4])|(?:the\s+)?(?P<qw>{_QUARTER_WORD}|last|final)\s+quarter)"
_YEAR_END = r"\b(?![0-9]|[./:-][0-9]|\s*%)"
_MONTH_END = r"(?![\w-]|\.?\s*,?\s*[0-9])"
#: Words after "in (the) summer" etc. that make the season a modifier ("in winter coats"), not a date.
_SEASON_NOUNS = (
    r"sales?|clothes|clothing|coats?|jackets?|dress(?:es)?|wear|boots|shoes|tires|tyres|collections?|water|"
    r"rolls?|onions?|break|school|semester|term|camp|season|olympics|games|fashion|gear|items|goods|products|"
    r"line|holidays?|vacation|solstice|equinox|festival|range|of"
)
#: "this fall under ..." is the verb.
_FALL_VERB = r"under|into|within|outside|short|apart|behind|below|beneath|between"

DATE_REGEXES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "iso",
        re.compile(
            r"(?<![0-9./-])(?P<y>(?:19|20)[0-9]{2})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})"
            r"(?![0-9]|[./-][0-9])"
        ),
    ),
    (
        "numeric",
        re.compile(
            r"(?<![0-9./-])(?P<a>[0-9]{1,2})(?P<sep>[/.-])(?P<b>[0-9]{1,2})(?P=sep)"
            r"(?P<y>[0-9]{4}|[0-9]{2})(?![0-9]|[./-][0-9])"
        ),
    ),
    (
        "month_day",
        re.compile(rf"\b(?P<m>{_MONTH})\s+(?:the\s+)?{_DAY}(?:(?:\s*,\s*|\s+){_YEAR})?\b(?![:.]?[0-9])", re.IGNORECASE),
    ),
    (
        "day_month",
        re.compile(rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?(?P<m>{_MONTH})(?:,?\s+{_YEAR})?\b(?![:.]?[0-9])", re.IGNORECASE),
    ),
    ("month_year", re.compile(rf"\b(?P<m>{_MONTH}),?\s+(?:of\s+)?{_YEAR}\b(?![0-9])", re.IGNORECASE)),
    (
        "month_only",
        re.compile(
            rf"\b(?:in|since|during|from|until|till|before|after|by|early|late|mid-?)\s*(?P<m>{_MONTH}){_MONTH_END}",
            re.IGNORECASE,
        ),
    ),
    ("rel_month", re.compile(rf"\b{_REL}\s+(?P<m>{_MONTH}){_MONTH_END}", re.IGNORECASE)),
    (
        "year",
        re.compile(
            r"\b(?:in|since|during|from|until|till|before|after|by|around|circa|of|year)\s+"
            rf"(?:the\s+year\s+)?(?P<y>(?:19|20)[0-9]{{2}}){_YEAR_END}",
            re.IGNORECASE,
        ),
    ),
    (
        "season_year",
        re.compile(
            rf"\b(?:the\s+)?{_SEASON}(?:\s+of)?,?\s+{_YEAR}(?:\s*[/-]\s*(?P<y2>(?:19|20)?[0-9]{{2}}))?{_YEAR_END}",
            re.IGNORECASE,
        ),
    ),
    (
        "season_rel",
        re.compile(rf"\b{_REL}\s+{_SEASON}\b(?!-)(?!\s+(?:{_FALL_VERB})\b)", re.IGNORECASE),
    ),
    (
        "season_prep",
        re.compile(
            rf"\b(?:in|during|over|through|throughout|since)\s+(?P<p>(?:the\s+)?{_SEASON})\b"
            rf"(?!-)(?!\s+(?:{_SEASON_NOUNS})\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "part_year",
        re.compile(rf"\b{_PART}(?:of\s+)?(?:{_YEAR}|(?P<rel>last|this|next|the)\s+year){_YEAR_END}", re.IGNORECASE),
    ),
    (
        "part_month",
        re.compile(
            rf"\b{_PART}(?P<m>{_MONTH})(?:,?\s+(?:of\s+)?{_YEAR}{_YEAR_END}|{_MONTH_END})",
            re.IGNORECASE,
        ),
    ),
    ("quarter_year", re.compile(rf"\b{_QUARTER_OF_YEAR}(?:\s+of|\s*[-/,])?\s*{_YEAR}{_YEAR_END}", re.IGNORECASE)),
    (
        "half_year",
        re.compile(
            rf"\b(?:[Hh](?P<h>[12])|(?:the\s+)?(?P<hw>first|second|1st|2nd|latter)\s+half)(?:\s+of|\s*[-/,])?\s*"
            rf"{_YEAR}{_YEAR_END}",
            re.IGNORECASE,
        ),
    ),
    ("year_quarter", re.compile(rf"(?<![0-9./-]){_YEAR}\s*[-/]?\s*[Qq](?P<q>[1-4])\b")),
    (
        "quarter_prep",
        re.compile(rf"\b(?:in|during|since|by|until|before|after|for)\s+(?P<p>{_QUARTER})\b", re.IGNORECASE),
    ),
    (
        "fixed",
        re.compile(
            r"\b(?:(?:the\s+)?day\s+(?:before\s+yesterday|after\s+tomorrow)|today|tonight|tomorrow|"
            r"yesterday)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "weekday",
        re.compile(rf"\b(?:(?P<rel>last|next|this|coming|past|previous)\s+)?(?P<wd>{_WEEKDAY})\b", re.IGNORECASE),
    ),
    (
        "period",
        re.compile(rf"\b{_REL}\s+(?P<unit>week|month|quarter|year)\b", re.IGNORECASE),
    ),
    (
        "fiscal_year",
        re.compile(
            r"\b(?:FY\s?'?(?P<fy>(?:19|20)?[0-9]{2})|fiscal(?:\s+year)?\s+(?P<fy2>(?:19|20)[0-9]{2}))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "fiscal_rel",
        re.compile(r"\b(?P<rel>last|next|this|current|past|previous)\s+(?:fiscal\s+year|fiscal|FY)\b", re.IGNORECASE),
    ),
    ("ago", re.compile(rf"\b{_COUNT}\s+{_UNIT}\s+(?:ago|back|earlier)\b", re.IGNORECASE)),
    ("ahead", re.compile(rf"\bin\s+{_COUNT}\s+{_UNIT}\b", re.IGNORECASE)),
    ("ahead", re.compile(rf"\b{_COUNT}\s+{_UNIT}\s+from\s+(?:now|today)\b", re.IGNORECASE)),
)

# --- Spanish -------------------------------------------------------------------------------------

#: Spanish relative words, units, seasons, parts and quarters -> the English words the resolvers know.
SPANISH_WORDS: dict[str, str] = {
    **{w: "last" for w in ("pasado", "pasada", "anterior", "antepasado")},
    **{w: "next" for w in ("próximo", "proximo", "próxima", "proxima", "siguiente", "que viene", "entrante")},
    **{w: "this" for w in ("este", "esta", "actual", "en curso")},
    **{w: "day" for w in ("día", "dia", "días", "dias")},
    **{w: "week" for w in ("semana", "semanas")},
    **{w: "month" for w in ("mes", "meses")},
    **{w: "year" for w in ("año", "años", "ano", "anos")},
    "trimestre": "quarter",
    "primavera": "spring",
    "verano": "summer",
    **{w: "fall" for w in ("otoño", "otono")},
    "invierno": "winter",
    **{w: "1" for w in ("primer", "1er", "1ro", "primero")},
    **{w: "2" for w in ("segundo", "2do", "2o")},
    **{w: "3" for w in ("tercer", "3er", "3ro", "tercero")},
    **{w: "4" for w in ("cuarto", "4to", "4o", "último", "ultimo")},
}
_MES = "(?:" + "|".join(sorted(MONTHS_ES, key=len, reverse=True)) + ")"
_DIA_SEMANA = "(?:" + "|".join(sorted(WEEKDAYS_ES, key=len, reverse=True)) + ")"
_ESTACION = r"(?P<s>primavera|verano|oto[ñn]o|invierno)"
_REL_ANTES = r"(?P<rel>pr[oó]xim[oa]|pasad[oa]|este|esta)"  # "el próximo mes", "este verano"
_REL_DESPUES = r"(?P<rel>pasad[oa]|anterior|antepasad[oa]|que\s+viene|entrante|pr[oó]xim[oa]|siguiente|en\s+curso)"
_UNIDAD = r"(?P<unit>semana|mes|a[ñn]o|trimestre)"
_UNIDADES = r"(?P<unit>d[ií]as?|semanas?|mes(?:es)?|a[ñn]os?)"
_CUENTA = r"(?P<n>[0-9]{1,3}|un\s+par\s+de|" + "|".join(sorted(_NUMBERS_ES, key=len, reverse=True)) + ")"
_DE_ANIO = rf"(?:\s+(?:de|del)\s+|,?\s+){_YEAR}"  # "de 2025", "del 2025", ", 2025"
_PARTE = r"(?P<part>principios|inicios|comienzos|mediados|finales|fines)"

SPANISH_DATE_REGEXES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "29 de agosto de 2025", "el 2 de mayo", "1ro de julio del 2027", "15 de enero, 2026"
    (
        "day_month",
        re.compile(rf"\b(?P<d>[0-3]?[0-9])(?:ro|º|°)?\s+de\s+(?P<m>{_MES})(?:{_DE_ANIO})?\b(?![:.]?[0-9])", re.I),
    ),
    # "agosto 29, 2025" (US Spanish)
    ("month_day", re.compile(rf"\b(?P<m>{_MES})\s+{_DAY}(?:\s*,\s*{_YEAR})?\b(?![:.]?[0-9])", re.I)),
    # "agosto 2025", "agosto de 2025", "agosto del 2025"
    ("month_year", re.compile(rf"\b(?P<m>{_MES}){_DE_ANIO}\b(?![0-9])", re.I)),
    # "en enero", "desde marzo", "a partir de julio", "para diciembre"
    (
        "month_only",
        re.compile(
            rf"\b(?:en|desde|durante|hasta|antes\s+de|despu[eé]s\s+de|a\s+partir\s+de|para|de)\s+"
            rf"(?:el\s+mes\s+de\s+)?(?P<m>{_MES}){_MONTH_END}",
            re.I,
        ),
    ),
    # "el próximo enero", "este julio"; "enero pasado", "julio que viene"
    ("rel_month_es", re.compile(rf"\b{_REL_ANTES}\s+(?P<m>{_MES}){_MONTH_END}", re.I)),
    ("rel_month_es", re.compile(rf"\b(?P<m>{_MES})\s+{_REL_DESPUES}\b", re.I)),
    # "en 2019", "desde 2016", "a partir de 2027", "el año 2019", "del 2020"
    (
        "year",
        re.compile(
            r"\b(?:en|desde|durante|hasta|antes\s+del?|despu[eé]s\s+del?|a\s+partir\s+del?|para|del|de|"
            r"a[ñn]o)\s+(?:el\s+)?(?:a[ñn]o\s+)?"
            rf"(?P<y>(?:19|20)[0-9]{{2}}){_YEAR_END}",
            re.I,
        ),
    ),
    # "verano 2024", "el invierno de 2025"
    ("season_year_es", re.compile(rf"\b(?:(?:el|la)\s+)?{_ESTACION}\s+(?:del?\s+)?{_YEAR}{_YEAR_END}", re.I)),
    # "el verano pasado", "la primavera pasada", "el próximo invierno", "este otoño"
    ("season_rel_es", re.compile(rf"\b(?:(?:el|la)\s+)?{_REL_ANTES}\s+{_ESTACION}\b", re.I)),
    ("season_rel_es", re.compile(rf"\b(?:(?:el|la)\s+)?{_ESTACION}\s+{_REL_DESPUES}\b", re.I)),
    # "en verano", "durante el invierno" (not "en el verano pasado", "en verano de 2024")
    (
        "season_prep_es",
        re.compile(
            rf"\b(?:en|durante|desde)\s+(?P<p>(?:el\s+|la\s+)?{_ESTACION})\b"
            r"(?!\s+(?:pasad|anterior|antepasad|que\s+viene|entrante|pr[oó]xim|siguiente|del?\s+[0-9]|[0-9]))",
            re.I,
        ),
    ),
    # "a principios de 2025", "a mediados de agosto", "a finales de marzo de 2024"
    ("part_year", re.compile(rf"\b(?:a\s+)?{_PARTE}\s+del?\s+(?:a[ñn]o\s+)?{_YEAR}{_YEAR_END}", re.I)),
    (
        "part_month",
        re.compile(rf"\b(?:a\s+)?{_PARTE}\s+de\s+(?P<m>{_MES})(?:{_DE_ANIO}{_YEAR_END}|{_MONTH_END})", re.I),
    ),
    # "el primer trimestre de 2025", "el 3er trimestre del 2026"
    (
        "quarter_year_es",
        re.compile(
            rf"\b(?:el\s+)?(?P<qw>primer|1er|1ro|segundo|2do|tercer|3er|3ro|cuarto|4to|[uú]ltimo)\s+trimestre"
            rf"\s+(?:del?\s+)?{_YEAR}{_YEAR_END}",
            re.I,
        ),
    ),
    # "julio del año que viene", "marzo del año pasado", "enero del próximo año", "agosto de este año"
    (
        "month_rel_year_es",
        re.compile(
            rf"\b(?P<m>{_MES})\s+del?\s+(?:(?:el|la)\s+)?(?:(?P<rel>pr[oó]ximo|pasado|este)\s+a[ñn]o|"
            r"a[ñn]o\s+(?P<rel2>que\s+viene|pasado|entrante|pr[oó]ximo|siguiente|anterior))\b",
            re.I,
        ),
    ),
    # "el año fiscal 2026", "el próximo año fiscal", "el año fiscal pasado"
    (
        "fiscal_es",
        re.compile(
            r"\b(?:el\s+)?(?:(?P<rel>pr[oó]ximo|pasado|este)\s+)?a[ñn]o\s+fiscal"
            r"(?:\s+(?:del?\s+)?(?P<y>(?:19|20)[0-9]{2})|\s+(?P<rel2>pasado|que\s+viene|anterior|actual|entrante|siguiente))?"
            r"\b",
            re.I,
        ),
    ),
    # "hoy", "ayer", "mañana" (not "la mañana", the morning), "antier", "pasado mañana"
    (
        "fixed_es",
        re.compile(
            r"\b(?:antes\s+de\s+ayer|anteayer|antier|pasado\s+ma[ñn]ana|hoy|ayer|"
            r"(?<!\bla\s)(?<!\blas\s)(?<!\besta\s)(?<!\bcada\s)ma[ñn]ana(?!\s+(?:en\s+la|por\s+la)\b))\b",
            re.I,
        ),
    ),
    # "el lunes", "el martes pasado", "el próximo viernes", "este sábado" (not "los lunes", every Monday)
    (
        "weekday_es",
        re.compile(
            rf"\b(?<!\blos\s)(?:{_REL_ANTES}\s+)?(?P<wd>{_DIA_SEMANA})"
            r"(?:\s+(?P<rel2>pasado|anterior|que\s+viene|entrante|pr[oó]ximo))?\b",
            re.I,
        ),
    ),
    # "la próxima semana", "el mes pasado", "el año que viene", "este año", "el trimestre anterior"
    ("period_es", re.compile(rf"\b(?:(?:el|la)\s+)?{_REL_ANTES}\s+{_UNIDAD}\b", re.I)),
    ("period_es", re.compile(rf"\b(?:(?:el|la)\s+)?{_UNIDAD}\s+{_REL_DESPUES}\b", re.I)),
    # "hace dos años", "hace 3 meses", "hace una semana"; "dos años atrás"
    ("ago_es", re.compile(rf"\bhace\s+(?:unos\s+|unas\s+)?{_CUENTA}\s+{_UNIDADES}\b", re.I)),
    ("ago_es", re.compile(rf"\b{_CUENTA}\s+{_UNIDADES}\s+(?:atr[aá]s|antes)\b", re.I)),
    # "en 3 semanas", "dentro de dos meses"
    ("ahead_es", re.compile(rf"\b(?:en|dentro\s+de)\s+{_CUENTA}\s+{_UNIDADES}\b", re.I)),
)
DATE_REGEXES = DATE_REGEXES + SPANISH_DATE_REGEXES
