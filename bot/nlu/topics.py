"""What a message asks about and what kind of question it asks, from words alone (no Rasa, no model).

- ``keyword_topics(text)``: the topic intents the text names, best first, with a score, from the
  keyword lexicon ``data/lexicon/topics.yml`` (whole words, case-insensitive, simple plurals,
  words written together or hyphenated, one-letter typos in long words).
- ``sentences(text)`` and ``asking_sentence(text)``: the text cut into sentences (also before a
  Spanish "¿" or "¡"), and the one that asks (the last sentence with a question mark, else the last
  one opening with "¿", else the last sentence).
- ``question_kind(text)``: "yes_no", "how_much", "when", "which", "what", "how" or "other", for the
  asking sentence; ``asks_yes_no(text)`` is ``question_kind(text) == "yes_no"``.

English and Spanish are read alike: keywords and cues match with or without accents ("exención",
"exencion"; ``fold`` maps accented letters to plain ones, one character for one), and a Spanish
question with no question word ("¿tengo que pagar?", "¿el límite sigue en 800?") asks yes or no.

The intent classifier uses ``keyword_topics`` and ``asking_sentence`` for long messages; the answer
layer can use ``question_kind`` to shape its reply ("Yes: ..." or the figure first).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

LEXICON_PATH = Path(__file__).resolve().parents[2] / "data" / "lexicon" / "topics.yml"

QUESTION_KINDS = ("yes_no", "how_much", "when", "which", "what", "how", "other")

# A word or number as it appears in a keyword or a text ("10+2", "hts.usitc.gov", "2,500", "can't").
_TOKEN = re.compile(r"[a-z0-9€£$¥]+(?:[+.,'’/-][a-z0-9]+)*", re.IGNORECASE)
_LEFT = r"(?<![\w$£€¥])"
_RIGHT = r"(?![\w])"
FUZZY_MIN_LENGTH = 7
_FOLD = str.maketrans("áéíóúüñàèìòùÁÉÍÓÚÜÑÀÈÌÒÙ", "aeiouunaeiouAEIOUUNAEIOU")


def fold(text: str) -> str:
    """The text with its accented letters plain ("cuánto" -> "cuanto", "año" -> "ano"), same length."""
    return text.translate(_FOLD)


@dataclass(frozen=True)
class Keyword:
    intent: str
    phrase: str
    weight: float
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Lexicon:
    keywords: tuple[Keyword, ...]
    #: Words of 7+ letters from the keywords (and phrases written together), for typo correction.
    long_words: frozenset[str]
    #: Ordinary words never read as typos of keyword words (plus every word of the keywords).
    real_words: frozenset[str] = frozenset()


def _word_pattern(word: str) -> str:
    """A keyword word as a regular expression that also accepts its simple plural."""
    if not word[-1].isalpha():
        return re.escape(word)
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return re.escape(word[:-1]) + "(?:y|ies)"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return re.escape(word) + "(?:es)?"
    if word.endswith(("l", "r", "n", "d", "j")):
        return re.escape(word) + "(?:es|s)?"  # Spanish plurals too: arancel/aranceles, exencion/exenciones
    return re.escape(word) + "s?"


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = fold(phrase.lower()).split()
    # Words may be separated by spaces or a hyphen, or written together ("deminimis").
    body = r"[\s-]*".join(_word_pattern(word) for word in words)
    return re.compile(_LEFT + body + _RIGHT, re.IGNORECASE)


def parse_lexicon(data: dict) -> Lexicon:
    """Builds the lexicon from the YAML mapping ``{"topics": {intent: [phrase | {phrase: weight}]}}``."""
    topics = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(topics, dict) or not topics:
        raise ValueError("the topic lexicon needs a 'topics' mapping of intent names to keyword lists")
    keywords: list[Keyword] = []
    long_words: set[str] = set()
    keyword_words: set[str] = set()
    for intent, entries in topics.items():
        if not isinstance(entries, list) or not entries:
            raise ValueError(f"topic lexicon: {intent} needs a non-empty list of keywords")
        for entry in entries:
            if isinstance(entry, dict) and len(entry) == 1:
                ((phrase, weight),) = entry.items()
            else:
                phrase, weight = entry, 1.0
            phrase = str(phrase).strip()
            if not phrase or not isinstance(weight, int | float) or not 0 < weight <= 5:
                raise ValueError(
                    f"topic lexicon: bad entry for {intent}: {entry!r} (phrase, or phrase: weight in (0, 5])"
                )
            keywords.append(Keyword(str(intent), phrase.lower(), float(weight), _phrase_pattern(phrase)))
            words = fold(phrase.lower()).split()
            keyword_words.update(words)
            long_words.update(w for w in words if w.isalpha() and len(w) >= FUZZY_MIN_LENGTH)
            joined = "".join(words)
            if len(words) > 1 and joined.isalpha() and len(joined) >= FUZZY_MIN_LENGTH:
                long_words.add(joined)
    real_words = data.get("real_words") or []
    if not isinstance(real_words, list):
        raise ValueError("topic lexicon: real_words must be a list of words")
    known = keyword_words | {fold(str(word).lower()) for word in real_words}
    return Lexicon(tuple(keywords), frozenset(long_words), frozenset(known))


@functools.lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    with open(path, encoding="utf-8") as handle:
        return parse_lexicon(yaml.safe_load(handle))


def _one_edit_apart(a: str, b: str) -> bool:
    """True when a and b differ by one substitution, insertion or deletion that is not at the end of
    the word (a change at the end is usually another form of the word: importer/imported)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diffs) == 1 and diffs[0] < len(a) - 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    for i in range(len(long_)):
        if long_[:i] + long_[i + 1 :] == short:
            return i < len(long_) - 1
    return False


def _correct_typos(text: str, lexicon: Lexicon) -> str:
    """Replaces words one letter away from a long keyword word by that word."""
    if not lexicon.long_words:
        return text

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        if len(lower) < FUZZY_MIN_LENGTH - 1 or lower in lexicon.real_words:
            return word
        for candidate in lexicon.long_words:
            if _one_edit_apart(lower, candidate):
                return candidate
        return word

    return re.sub(r"[A-Za-z]+", fix, text)


def keyword_topics(text: str, lexicon: Lexicon | None = None) -> list[tuple[str, float]]:
    """The topic intents named in ``text``, best first: ``[(intent, score), ...]``.

    The score is the sum of the weights of the distinct keywords found for the intent; where found
    phrases overlap, only the longest counts. Ties keep the order of first mention.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    lexicon = lexicon or load_lexicon()
    prepared = _correct_typos(fold(" ".join(text.split())), lexicon)
    found: list[tuple[int, int, Keyword]] = []
    for keyword in lexicon.keywords:
        for match in keyword.pattern.finditer(prepared):
            found.append((match.start(), match.end(), keyword))
    # Longest matches first; a match overlapping one already kept is dropped.
    found.sort(key=lambda item: (-(item[1] - item[0]), item[0]))
    taken: list[tuple[int, int]] = []
    scores: dict[str, float] = {}
    first_seen: dict[str, int] = {}
    counted: set[tuple[str, str]] = set()
    for start, end, keyword in found:
        if any(start < other_end and other_start < end for other_start, other_end in taken):
            continue
        taken.append((start, end))
        first_seen[keyword.intent] = min(first_seen.get(keyword.intent, start), start)
        if (keyword.intent, keyword.phrase) in counted:
            continue
        counted.add((keyword.intent, keyword.phrase))
        scores[keyword.intent] = scores.get(keyword.intent, 0.0) + keyword.weight
    return sorted(
        ((intent, round(score, 3)) for intent, score in scores.items()),
        key=lambda item: (-item[1], first_seen[item[0]]),
    )


# --------------------------------------------------------------------------------------------
# Sentences and the kind of question
# --------------------------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    "u.s us e.g eg i.e ie etc no vs approx inc ltd co corp st mr mrs ms dr jan feb mar apr jun jul aug sep sept "
    "oct nov dec fig sec art para cfr usc u.s.c c.f.r".split()
)
_SENTENCE_END = re.compile(r"([.!?]+|\n+)")


def _opening_cuts(text: str) -> list[str]:
    """The text cut before each Spanish "¿" or "¡" that opens a new sentence ("Compré tenis por $50 ¿pago
    impuestos?"), but not after a comma, semicolon or colon ("si es regalo, ¿pago?" is one sentence)."""
    parts: list[str] = []
    start = 0
    for match in re.finditer(r"[¿¡]+", text):
        before = text[start : match.start()].rstrip()
        if before and before[-1] not in ",;:":
            parts.append(text[start : match.start()])
            start = match.start()
    parts.append(text[start:])
    return parts


def sentences(text: str) -> list[str]:
    """The text cut into sentences (each stripped, with its final punctuation)."""
    if not isinstance(text, str):
        return []
    result: list[str] = []
    for part in _opening_cuts(text):
        result.extend(_sentences(part))
    return result


def _sentences(text: str) -> list[str]:
    result: list[str] = []
    current = ""
    pieces = _SENTENCE_END.split(text)
    for i in range(0, len(pieces), 2):
        chunk = pieces[i]
        end = pieces[i + 1] if i + 1 < len(pieces) else ""
        current += chunk
        after = pieces[i + 2] if i + 2 < len(pieces) else ""
        if end.startswith("."):
            words = current.rstrip().split()
            last_word = words[-1].lower().strip("(\"'") if words else ""
            decimal = bool(re.search(r"\d$", current)) and bool(re.match(r"\d", after))
            inside_word = bool(after) and not after[0].isspace()
            abbreviation = last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha())
            if decimal or inside_word or abbreviation or end == "..." and after[:1].isspace() and after[1:2].islower():
                current += end
                continue
        current += end.strip("\n")
        if end:
            if current.strip():
                result.append(current.strip())
            current = ""
    if current.strip():
        result.append(current.strip())
    return result


def asking_sentence(text: str) -> str:
    """The sentence that asks: the last one with a question mark (Spanish often leaves out the opening
    "¿"), else the last one with an opening "¿" ("¿cuanto pago"), else the last one ("" if none)."""
    parts = sentences(text)
    for mark in ("?", "¿"):
        for sentence in reversed(parts):
            if mark in sentence:
                return sentence
    return parts[-1] if parts else ""


_LEAD_IN = re.compile(
    r"^(?:(?:so|ok|okay|well|hi|hey|hello|also|and|but|then|now|right|basically|anyway|quick question|"
    r"question|my question is|my question|pls|please|sorry|um+|uh+|hmm+|lol|thanks|in short|long story short)"
    r"[\s,:;.!-]+)+",
    re.IGNORECASE,
)
# "can you tell me how much...", "I want to know if ...": the embedded question decides the kind.
_EMBEDDING = re.compile(
    r"\b(?:can|could|would|will)\s+(?:you|someone|somebody|anyone|u)\s+(?:please\s+)?"
    r"(?:tell\s+(?:me|us)|let\s+(?:me|us)\s+know|explain(?:\s+to\s+(?:me|us))?|clarify|describe)\s+|"
    r"\b(?:i|we)\s+(?:want|wanted|need|needed|would like|'d like|d like)\s+to\s+(?:know|understand|find out|check)\s+|"
    r"\b(?:i'?m|i am|we'?re|we are)\s+(?:wondering|trying to (?:figure out|understand|find out))\s+|"
    r"\b(?:i|we)\s+(?:wonder|was wondering|were wondering)\s+|"
    r"\bdo(?:es)?\s+(?:you|anyone|anybody|someone)\s+know\s+|"
    r"\bany\s?(?:one|body)\s+know\s+|"
    r"\bnot sure\s+|\bno idea\s+|\bconfused (?:about\s+)?",
    re.IGNORECASE,
)
_AUX = (
    r"(?:do|does|did|is|are|was|were|am|can|could|will|would|should|shall|may|might|must|have|has|had|"
    r"don'?t|doesn'?t|didn'?t|isn'?t|aren'?t|wasn'?t|can'?t|won'?t|wouldn'?t|shouldn'?t)"
)
_SUBJECT = (
    r"(?:i|we|you|u|it|they|he|she|my|our|your|their|his|her|the|this|that|these|those|there|a|an|any|"
    r"customs|cbp|anyone|someone|somebody|everyone|every|each|all|gifts?|de|section|isf|mpf|hmf|[a-z]+s)"
)
# A sentence opening with an auxiliary asks yes or no whatever its subject ("does Japan charge...?").
_YES_NO = re.compile(rf"\b{_AUX}\s+{_SUBJECT}\b|^\W*{_AUX}\s+[a-z]\w*", re.IGNORECASE)
_IF_WHETHER = re.compile(r"\b(?:if|whether)\b", re.IGNORECASE)
_HOW_MUCH = re.compile(
    r"\bhow\s+(?:much|many|high|low|big|expensive)\b|"
    r"\bwhat(?:'s|’s| is| was| are| were| will be| would be)?\s+(?:the\s+|my\s+|our\s+|their\s+)?"
    r"(?:(?!(?:for|of|about|on|to|behind|with|in|from|and|or)\s)[\w$.,'-]+\s+){0,3}?"
    r"(?:cost|costs|price|amount|fee|fees|rate|rates|limit|limits|threshold|thresholds|value|minimum|maximum|"
    r"max|min|cap|charge|charges|total|percentage|figure|allowance)\b|"
    r"\bwhat\s+(?:will|would|do|did|should|shall)\s+(?:i|we|they|he|she|my customers?|my buyers?)\s+"
    r"(?:actually\s+)?(?:pay|owe|be charged)\b|"
    r"\bwhat\s+(?:duty|duties|tax|taxes|fees?|charges?)\s+(?:did|does|do|will|would|should|was|is|were)\b|"
    r"\bwhat\s+(?:did|does|do|will|would)\s+(?:a|an|the|my|our|this|that)\s+(?:[\w$.,'-]+\s+){0,8}?"
    r"(?:pay|owe|cost)\b",
    re.IGNORECASE,
)
_WHEN = re.compile(
    r"\bwhen\b|\bhow\s+long\b|\bwhat\s+(?:date|day|time|year|month)\b|\bsince\s+when\b|\buntil\s+when\b|"
    r"\bby\s+when\b|\bfrom\s+what\s+date\b|\bwhat\s+is\s+the\s+(?:deadline|date|effective date)\b|\bdeadline\b",
    re.IGNORECASE,
)
_WHICH = re.compile(r"\bwhich\b|\bwhat\s+(?:kind|type|sort|form|forms|entry type|code)\b", re.IGNORECASE)
_WHAT = re.compile(r"\bwhat(?:'s|’s)?\b|\bwhat\s", re.IGNORECASE)
_HOW = re.compile(r"\bhow\b", re.IGNORECASE)
_OTHER_WH = re.compile(r"\b(?:why|where|who|whom|whose)\b", re.IGNORECASE)
_AMOUNT = (
    r"(?:[$£€¥]\s?\d[\d,.]*\s*(?:k\b)?|\d[\d,.]*\s*(?:dollars?|usd|bucks|euros?|pounds?|dolares|dlls?|dls|pesos)\b)"
)
_AMOUNT_ALTERNATIVE = re.compile(rf"{_AMOUNT}\s*,?\s*(?:or|o)\s+{_AMOUNT}", re.IGNORECASE)
_ALTERNATIVE = re.compile(
    r"\bor\b(?!\s+(?:not|no|nothing|anything)\b)(?!\s*\?)|"
    r"\bo\b(?!\s+(?:no|nada|algo|sea|que|si|cual|como|algo asi)\b)(?!\s*\?)",  # es: "¿formal o informal?"
    re.IGNORECASE,
)

# --- es: Spanish questions, matched on the folded sentence (no accents), except the accented
# question words ("qué", "cómo", "dónde"), which ask wherever they stand; without their accent they
# ask only at the start of the question ("que" and "como" are also "that" and "as" in statements).
# Spanish has no auxiliary verbs: a question with no question word asks yes or no.
_SPANISH_WORDS = frozenset(
    "el la los las del al que es son esta estan este esto eso esa ese mis un una unos unas para por con sin hay "
    "pero tambien todavia aun lo le les se ya mas muy y si cuanto cuanta cuantos cuantas cuando como donde cual "
    "cuales porque pago paga pagar tengo tiene necesito puedo puede debo aplica sigue mi".split()
)
_ENGLISH_WORDS = frozenset(
    "the is are do does did i you it my to of and what how can will for on in an this that if or which when "
    "there be was have has me".split()
)
_LEAD_IN_ES = re.compile(
    r"^(?:(?:y|o|pero|pues|bueno|entonces|oye|oiga|hola|buenas|buenos dias|buenas tardes|buenas noches|"
    r"una pregunta|otra pregunta|pregunta|tengo una duda|una duda|otra duda|duda|disculpa|disculpe|perdon|"
    r"por favor|porfa|porfavor|gracias|mira|ah+|eh+|ahora|ademas|o sea|osea|ok|oki|okey|vale|asi que|"
    r"tambien|mm+|amig[oa]|senor(?:a|ita)?|jaja\w*|ey|hey|okay|so)[\s,:;.!¿¡-]+)+",
    re.IGNORECASE,
)
# "¿me puedes decir cuánto...?", "quisiera saber si...": the embedded question decides the kind.
_EMBEDDING_ES = re.compile(
    r"\b(?:me\s+|nos\s+)?(?:puede[ns]?|podria[ns]?|podrias|puedes)\s+(?:por\s+favor\s+)?"
    r"(?:decir|explicar|aclarar|confirmar|indicar|informar)(?:me|nos)?\s+|"
    r"\b(?:dime|digame|diganme|explicame|expliqueme|aclarame)\s+|"
    r"\b(?:quiero|quisiera|queria|necesito|me gustaria|nos gustaria|queremos|quisieramos)\s+"
    r"(?:saber|entender|averiguar|confirmar|preguntar(?:les|le)?)\s+|"
    r"\b(?:alguien|ustedes|usted)\s+sabe[ns]?\s+|\bsabe[ns]?\s+(?=si\b|cuant|cuando|que|como|donde|cual)|"
    r"\bno\s+(?:se|entiendo|tengo claro|estoy segur[oa]|me queda claro)\s+|\bme pregunto\s+|"
    r"\btengo (?:una )?duda (?:de |sobre )?(?=si\b)",
    re.IGNORECASE,
)
_IF_ES = re.compile(r"\bsi\b", re.IGNORECASE)
_HOW_MUCH_ES = re.compile(
    r"(?<!\ben\s)\bcuant[oa]s?\b(?!\s+(?:tiempo|dias|horas|semanas|meses|anos|antes|a\s)\b)|\bque\s+tant[oa]s?\b|"
    r"\b(?:cual|que)\s+(?:es|era|sera|seria|son|fue|eran|serian)\s+(?:el|la|los|las|mi|su|nuestro|nuestra)?\s*"
    r"(?:(?!(?:de|del|para|sobre|en|con|a)\s)[\w$.,'-]+\s+){0,2}?"
    r"(?:monto|montos|cantidad|limite|limites|tope|topes|valor|minimo|maximo|costo|costos|precio|tarifa|tarifas|"
    r"tasa|tasas|porcentaje|cargo|cargos|total|umbral|cuota|cuotas|arancel|aranceles|impuesto|impuestos)\b|"
    r"\bque\s+(?:voy a|tengo que|tendria que|tendre que|debo|debo de|tendriamos que|tenemos que|me van a|van a|"
    r"me toca|nos toca|le toca)\s+(?:pagar|cobrar|deber)\b|"
    r"\bque\s+(?:porcentaje|monto|cantidad|tarifa|tasa|arancel|impuesto)\b",
    re.IGNORECASE,
)
_WHEN_ES = re.compile(
    r"^\W*(?:y\s+)?cuando\b|\b(?:desde|hasta|para|de|a partir de)\s+cuando\b|"
    r"\bcuant[oa]s?\s+(?:tiempo|dias|horas|semanas|meses|anos|antes)\b|\bcon\s+cuanta\s+anticipacion\b|"
    r"\b(?:en|a partir de|desde|hasta|para)\s+(?:que|cual)\s+(?:fecha|dia|ano|mes)\b|"
    r"\bque\s+(?:fecha|dia|ano|mes)\b|\bfecha\s+limite\b|\bplazo\b",
    re.IGNORECASE,
)
_WHICH_ES = re.compile(
    r"(?<!el\s)(?<!la\s)(?<!lo\s)(?<!los\s)(?<!las\s)\bcual(?:es)?\b|"
    r"\bque\s+(?:tipo|tipos|clase|clases|formulario|formularios|codigo|codigos|fraccion|fianza|opcion|opciones)\b",
    re.IGNORECASE,
)
_OTHER_ES = re.compile(
    r"\bpor\s+que\b|^\W*(?:y\s+)?porque\b|^\W*(?:y\s+)?(?:donde|adonde|a donde|de donde|quien|quienes|a quien)\b",
    re.IGNORECASE,
)
_OTHER_ES_ACCENTED = re.compile(r"\b(?:dónde|adónde|quién|quiénes)\b", re.IGNORECASE)
_WHAT_ES = re.compile(
    r"^\W*(?:y\s+)?que\b|\bque\s+(?:significa|quiere decir|pasa|pasaria|hago|hacemos|requisitos|documentos|papeles)\b",
    re.IGNORECASE,
)
_WHAT_ES_ACCENTED = re.compile(r"\bqué\b", re.IGNORECASE)
_HOW_ES = re.compile(
    r"^\W*(?:y\s+)?como\b(?!\s+(?:regalo|obsequio|muestra|si|mercancia)\b)|\bde\s+que\s+(?:manera|forma)\b|"
    r"\bcomo\s+(?:le\s+hago|le\s+hacemos|hago|hacemos|se\s+hace|puedo|podemos|se\s+calcula|calculo|funciona|saco|"
    r"obtengo|registro|tramito|presento|declaro|reclamo)\b",
    re.IGNORECASE,
)
_HOW_ES_ACCENTED = re.compile(r"\bcómo\b", re.IGNORECASE)
_WHEN_ES_ACCENTED = re.compile(r"\bcuándo\b", re.IGNORECASE)
_YES_NO_VERBS_ES = (
    r"necesito|necesita|necesitas|necesitamos|necesitan|necesitaria|requiero|requiere|requieren|"
    r"(?:tengo|tiene|tienes|tenemos|tienen|tendria|tendre|tendriamos|tendran|tendra|hay)\s+que|"
    r"debo|debe|debes|debemos|deben|deberia|deberiamos|hay|habra|habria|es|son|era|eran|fue|seria|sera|"
    r"esta|estan|estaria|estoy|estamos|pago|pagas|paga|pagamos|pagan|pagaria|pagare|pagaremos|"
    r"cobran|cobra|cobraran|cobrarian|cobrara|puedo|puede|puedes|podemos|pueden|podria|podrias|podriamos|"
    r"aplica|aplican|aplicaria|sigue|siguen|existe|existen|cuenta|cuentan|califica|califican|incluye|incluyen|"
    r"vale|sirve|entra|entran|queda|quedan|toca|cubre|cubren|corresponde|afecta|afectan|importa|conviene|basta|"
    r"alcanza|llega|llegan|van\s+a|va\s+a|voy\s+a|vamos\s+a"
)
_COPULAS_ES = r"es|son|era|eran|fue|seria|sera|esta|estan|estaria"
# A question ("¿...?" or "...?") asks yes or no with one of these verbs anywhere ("¿mi paquete paga
# impuestos?"); a sentence without a question mark only when it opens with one that is not a form of
# "to be" ("necesito fianza para importar", but "son $300" and "es de Vietnam" correct a fact).
_YES_NO_ES = re.compile(
    rf"^\W*(?:(?:no|ya|aun|todavia|tambien|entonces)\s+)?(?:(?:me|te|le|nos|les|lo|la|los|las|se)\s+){{0,2}}"
    rf"(?:{_YES_NO_VERBS_ES})\b|\b(?:(?:me|te|le|nos|les|lo|la|los|las|se)\s+){{0,2}}(?:{_YES_NO_VERBS_ES})\b",
    re.IGNORECASE,
)
_YES_NO_ES_STATED = re.compile(
    rf"^\W*(?:(?:no|ya|aun|todavia|tambien|entonces)\s+)?(?:(?:me|te|le|nos|les|lo|la|los|las|se)\s+){{0,2}}"
    rf"(?!(?:{_COPULAS_ES})\b)(?:{_YES_NO_VERBS_ES})\b",
    re.IGNORECASE,
)
# A Spanish question with no question word and none of the verbs above still asks yes or no
# ("¿se suspendió el de minimis?"), unless it is a fragment ("¿y desde Canadá?", "¿y si fuera regalo?").
_FRAGMENT_ES = re.compile(
    r"^\W*(?:(?:en|de|desde|por|para|con|sin|a|hacia|si|el|la|los|las|un|una|mi|mis|su|sus|y|o|del|al|lo|"
    r"hoy|ahora|ahorita|antes|despues|manana|ayer|entonces)\b|\d)",
    re.IGNORECASE,
)
_CLITIC_VERB_ES = re.compile(r"\b(?:se|lo|la|le|les|me|nos)\s+[a-z]{3,}\b", re.IGNORECASE)
_TAG_QUESTION_ES = re.compile(r"^¿\s*(?:o\s+no|verdad|cierto|no|si|o\s+que|correcto|ok|va)\s*\?", re.IGNORECASE)


def looks_spanish(sentence: str) -> bool:
    """Whether a sentence reads as Spanish: an opening "¿"/"¡" or an accent, else more Spanish than
    English function words ("el shipping de amazon cuanto cuesta?")."""
    if re.search(r"[¿¡áéíóúñ]", sentence, re.IGNORECASE):
        return True
    words = re.findall(r"[a-z]+", sentence.lower())
    spanish = sum(1 for word in words if word in _SPANISH_WORDS)
    english = sum(1 for word in words if word in _ENGLISH_WORDS)
    return spanish > english


def _from_last_opening(sentence: str) -> str:
    """A Spanish question starts at its "¿": "Si es regalo, ¿pago algo?" asks "¿pago algo?" (a tag such as
    "¿o no?" or "¿verdad?" at the end is not the question)."""
    openings = [m.start() for m in re.finditer("¿", sentence)]
    for start in reversed(openings):
        if start == 0:
            return sentence
        if not _TAG_QUESTION_ES.match(sentence[start:]):
            return sentence[start:]
    return sentence


def _first(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    return match.start() if match else None


#: "What about X, <question>?": the question after the comma is what is asked.
_WHAT_ABOUT_THEN = re.compile(
    r"^\W*(?:(?:ok|okay|and|so|but|y|pero|bueno)\W+)?(?:(?:what|how)\s+about|que\s+tal|qu[eé]\s+tal)\b[^,;]*[,;]\s*"
    r"(?P<rest>(?:¿\s*|do|does|did|is|are|was|were|will|would|can|could|should|must|have|has|am|how\s+much|"
    r"cu[aá]nto|necesito|tengo|debo|pago|paga|hay)\b.+)$",
    re.IGNORECASE,
)


def question_kind(text: str) -> str:
    """The kind of question the asking sentence asks: one of ``QUESTION_KINDS``.

    "yes_no" ("do I need...", "is ISF needed", "can I...", "is there..."); a choice between amounts
    is "how_much" ("do I pay $3 or $25?"), another choice "which" ("formal or informal?", but not
    "...or not?"); "how_much" (how much/many, what is the fee/limit/rate, what will I owe); "when"
    (when, how long, what date, deadline); "which" (which, what kind/type); "what"; "how"; "other"
    (why, where, who, or no question). The earliest cue of the sentence decides.

    Spanish alike: "¿necesito...?", "¿tengo que pagar...?", "¿se puede...?" (yes_no); "¿cuánto...?",
    "¿cuál es el límite?" (how_much); "¿cuándo...?", "¿desde cuándo...?" (when); "¿cuál...?", "¿qué tipo...?"
    (which); "¿qué...?" (what); "¿cómo...?" (how); "¿por qué...?", "¿dónde...?" (other); a Spanish question
    with no question word asks yes or no ("¿el límite sigue en $800?").
    """
    sentence = asking_sentence(text)
    if not sentence:
        return "other"
    sentence = " ".join(_from_last_opening(sentence).replace("’", "'").split())
    about = _WHAT_ABOUT_THEN.match(sentence)
    if about and len(about["rest"].split()) >= 3:  # "ok what about a £200 order to the UK, does my buyer pay?"
        sentence = about["rest"]
    spanish = looks_spanish(sentence)
    asks = "?" in sentence or "¿" in sentence
    folded = fold(sentence)
    embedded = _EMBEDDING.search(folded) or (_EMBEDDING_ES.search(folded) if spanish else None)
    if embedded:
        rest, original = folded[embedded.end() :], sentence[embedded.end() :]
    else:
        rest = re.sub(r"^[\s¿¡]+", "", folded)
        rest = _LEAD_IN.sub("", rest)
        if spanish:
            rest = _LEAD_IN_ES.sub("", rest)
        original = sentence[len(sentence) - len(rest) :]
    if embedded and (_IF_WHETHER.match(rest) or (spanish and _IF_ES.match(rest))):
        return _yes_no_or_choice(rest)
    patterns: list[tuple[re.Pattern[str], str, str]] = [
        (_HOW_MUCH, "how_much", rest),
        (_WHEN, "when", rest),
        (_WHICH, "which", rest),
        (_OTHER_WH, "other", rest),
        (_WHAT, "what", rest),
        (_HOW, "how", rest),
        (_YES_NO, "yes_no", rest),
    ]
    if spanish:
        patterns = [
            (_HOW_MUCH, "how_much", rest),
            (_HOW_MUCH_ES, "how_much", rest),
            (_WHEN, "when", rest),
            (_WHEN_ES, "when", rest),
            (_WHEN_ES_ACCENTED, "when", original),
            (_WHICH, "which", rest),
            (_WHICH_ES, "which", rest),
            (_OTHER_WH, "other", rest),
            (_OTHER_ES, "other", rest),
            (_OTHER_ES_ACCENTED, "other", original),
            (_WHAT, "what", rest),
            (_WHAT_ES, "what", rest),
            (_WHAT_ES_ACCENTED, "what", original),
            (_HOW, "how", rest),
            (_HOW_ES, "how", rest),
            (_HOW_ES_ACCENTED, "how", original),
            (_YES_NO, "yes_no", rest),
            (_YES_NO_ES if asks else _YES_NO_ES_STATED, "yes_no", rest),
        ]
    cues: list[tuple[int, int, str]] = []  # (position, priority, kind): the earliest wins
    for priority, (pattern, kind, where) in enumerate(patterns):
        position = _first(pattern, where)
        if position is not None:
            cues.append((position, priority, kind))
    if not cues:
        if embedded and (_IF_WHETHER.search(rest) or (spanish and _IF_ES.search(rest))):
            return "yes_no"
        if spanish and asks and (_AMOUNT_ALTERNATIVE.search(rest) or _ALTERNATIVE.search(rest)):
            return _yes_no_or_choice(rest)  # "¿formal o informal?"
        if (
            spanish
            and asks
            and len(re.findall(r"\w+", rest)) >= 2
            and (not _FRAGMENT_ES.match(rest) or _CLITIC_VERB_ES.search(rest))
        ):
            return "yes_no"  # "¿se suspendió el de minimis?", "¿el de minimis se acabó?"
        return "other"
    position, _, kind = min(cues)
    if kind == "yes_no":
        return _yes_no_or_choice(rest[position:])
    # A wh-word after a yes/no start asks about it ("do you know when ...", "is it true that how...").
    return kind


def _yes_no_or_choice(question: str) -> str:
    if _AMOUNT_ALTERNATIVE.search(question):
        return "how_much"
    if _ALTERNATIVE.search(question):
        return "which"
    return "yes_no"


def asks_yes_no(text: str) -> bool:
    """True when the asking sentence is a yes/no question ("do I need ISF?", "is there a fee?")."""
    return question_kind(text) == "yes_no"
