"""Official links derived from a rule's citation: the texts it names, on their official publishers' sites.

A rule keeps its `citation` as staff wrote it ("19 CFR 10.152 and 145.32 (T.D. 94-51, 59 FR 30293)").
This module finds each legal text the citation names and builds its address on the official site
(eCFR, federalregister.gov, uscode.house.gov, govinfo, eur-lex, ...), so that a person who opens
"Sources" lands on the regulation itself. What counts as official is data, not code:
`data/thresholds/official_domains.txt` lists the hosts, and `data/thresholds/csms_bulletins.txt` the
CSMS messages whose bulletin page is known. Both are reviewed like code.

Why not eyecite (Free Law Project's citation parser)? Measured on the project's 114 distinct
citations (2026-12-01), this parser finds 171 references (145 with an official address); eyecite
2.7.8 finds 42 (41 Federal Register, 1 Statutes at Large), because our house style ("19 USC 1321",
"19 CFR 10.152 and 145.32", "P.L. 119-21 s.70531") is not Bluebook form. Even with the text
rewritten into Bluebook form it finds 104: it misses CFR parts and the second section of
"§§ 10.152, 145.32", and executive orders, CSMS messages, HTSUS headings, CBP rulings, EU acts and
court dockets are outside its scope. It would add six packages (lxml among them) to build the
same URLs, so the project keeps this small parser of its own style.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "thresholds"
OFFICIAL_DOMAINS_FILE = DATA_DIR / "official_domains.txt"
CSMS_BULLETINS_FILE = DATA_DIR / "csms_bulletins.txt"
#: federalregister.gov holds the Federal Register from volume 59 (1994) on.
FIRST_FR_VOLUME_ONLINE = 59
#: govinfo's public-law collection starts with the 104th Congress (1995).
FIRST_CONGRESS_ONLINE = 104


@dataclass(frozen=True)
class OfficialLink:
    """An official text and its address: `cites` says which text of the citation it is."""

    cites: str
    url: str

    def as_dict(self) -> dict[str, str]:
        return {"cites": self.cites, "url": self.url}


@dataclass(frozen=True)
class Reference:
    """One legal text named in a citation; `url` is None when no official address can be built."""

    kind: str
    label: str
    url: str | None
    start: int
    end: int


# ---- the allowed list and the known CSMS bulletins (data files) ---------------------------------


def _data_lines(path: Path) -> list[str]:
    """The entries of a data file: one a line, '#' starts a comment."""
    lines = (re.sub(r"(^|\s)#.*$", "", line).strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


@lru_cache(maxsize=4)
def official_domains(path: Path = OFFICIAL_DOMAINS_FILE) -> tuple[str, ...]:
    """The allowed hosts: 'ecfr.gov', or a host and a path prefix ('content.govdelivery.com/accounts/X')."""
    return tuple(line.lower() for line in _data_lines(path))


def is_official(url: str, domains: Iterable[str] | None = None) -> bool:
    """Whether a web address is on an allowed host (or one of its subdomains) and path."""
    try:
        parsed = urlparse(url)
    except ValueError:
        return False
    if parsed.scheme not in ("http", "https"):
        return False
    host = (parsed.hostname or "").lower()
    path = parsed.path.lower()
    for entry in official_domains() if domains is None else domains:
        domain, _, prefix = entry.partition("/")
        if (host == domain or host.endswith("." + domain)) and (not prefix or path.startswith("/" + prefix)):
            return True
    return False


@lru_cache(maxsize=4)
def csms_bulletins(path: Path = CSMS_BULLETINS_FILE) -> dict[str, str]:
    """CSMS message number -> its bulletin page, for the messages whose address is known."""
    known = {}
    for line in _data_lines(path):
        number, url = line.split()
        known[number] = url
    return known


# ---- the URL builders ---------------------------------------------------------------------------


def ecfr_url(title: str, number: str) -> str:
    """A CFR section ('10.151') or part ('111') on eCFR."""
    unit = "section" if "." in number else "part"
    return f"https://www.ecfr.gov/current/title-{title}/{unit}-{number}"


def uscode_url(title: str, section: str) -> str:
    return (
        f"https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title{title}-section{section}"
        "&num=0&edition=prelim"
    )


def federal_register_url(volume: str, page: str) -> str | None:
    if int(volume) < FIRST_FR_VOLUME_ONLINE:
        return None
    return f"https://www.federalregister.gov/citation/{int(volume)}-FR-{int(page)}"


def fr_document_url(document_number: str) -> str:
    return f"https://www.federalregister.gov/d/{document_number}"


def public_law_url(congress: str, number: str) -> str | None:
    if int(congress) < FIRST_CONGRESS_ONLINE:
        return None
    return f"https://www.govinfo.gov/link/plaw/{int(congress)}/public/{int(number)}"


def executive_order_url(number: str) -> str:
    return f"https://www.federalregister.gov/executive-order/{number}"


def csms_url(number: str) -> str | None:
    return csms_bulletins().get(number)


def hts_url(code: str) -> str:
    return f"https://hts.usitc.gov/search?query={code}"


def supreme_court_docket_url(number: str) -> str:
    return f"https://www.supremecourt.gov/docket/docketfiles/html/public/{number}.html"


def cbp_ruling_url(number: str) -> str:
    return f"https://rulings.cbp.gov/ruling/{number}"


def cbsa_notice_url(year: str, number: str) -> str:
    return f"https://cbsa-asfc.gc.ca/publications/cn-ad/cn{year}-{int(number):02d}-eng.html"


def eu_act_url(eli_type: str, year: str, number: str) -> str:
    return f"https://eur-lex.europa.eu/eli/{eli_type}/{int(year)}/{int(number)}/oj"


# ---- the parser ---------------------------------------------------------------------------------

_PARA = r"(?P<para>(?:\([A-Za-z0-9]+\))*)"
_NOT_ANOTHER_CODE = r"(?!\s*(?:FR\b|Fed\.|Stat\.|U\.?\s?S\.?\s?C|C\.?F\.?R))"
_CFR = re.compile(
    r"\b(?P<title>\d{1,2})\s+C\.?F\.?R\.?\s+(?:§+\s*)?(?P<part>parts?\s+)?(?P<num>\d+(?:\.\d+[a-z]?)?)(?![\d.])" + _PARA
)
_CFR_MORE = re.compile(
    r"\s*(?:,|and|&)\s*(?:§+\s*)?(?P<num>\d+(?:\.\d+[a-z]?)?)(?![\d.])" + _PARA + _NOT_ANOTHER_CODE + r"(?!-)"
)
_CFR_INSIDE = re.compile(r"\s*\((?P<num>\d+\.\d+[a-z]?)(?![\d.])" + _PARA + r"\)")
_USC = re.compile(
    r"\b(?P<title>\d{1,2})\s+U\.?\s?S\.?\s?C\.?\s+(?:§+\s*)?(?P<num>\d+[a-z]*)(?![\d.])" + _PARA + r"(?!-)"
)
_USC_MORE = re.compile(r"\s*(?:,|and)\s*(?:§+\s*)?(?P<num>\d+[a-z]*)(?![\d.])" + _PARA + _NOT_ANOTHER_CODE + r"(?!-)")
_FR = re.compile(r"\b(?P<vol>\d{1,3})\s+(?:FR|Fed\.\s?Reg\.)\s+(?P<page>\d{1,3}(?:,\d{3})+|\d+)\b")
_FR_DOC = re.compile(r"\bFR\s+Doc\.?\s+(?:No\.\s*)?(?P<doc>\d{4}-\d{4,5})\b")
_PUBLIC_LAW = re.compile(
    r"\b(?:P\.\s?L\.|Pub\.\s?L\.(?:\s?No\.)?|Public\s+Law)\s*(?P<congress>\d{2,3})-(?P<num>\d{1,3})\b"
)
_STATUTE = re.compile(r"\b(?P<vol>\d{1,3})\s+Stat\.\s+(?P<page>\d+)\b")
_EXECUTIVE_ORDER = re.compile(r"\b(?:Executive\s+Order|E\.\s?O\.|EO)\s+(?:No\.\s*)?(?P<num>1\d{4})\b")
_CBP_DECISION = re.compile(r"\b(?P<name>CBP\s+Dec\.|T\.\s?D\.)\s+(?P<num>\d{2}-\d{1,3})\b")
_CSMS = re.compile(r"\bCSMS\s+(?:No\.\s*|#\s*)?(?P<num>\d{8})\b")
_CSMS_MORE = re.compile(r"\s*(?:,|and)\s*#\s*(?P<num>\d{8})\b")
_HTS = re.compile(r"\bHTSUS?\s+(?:(?:sub)?heading\s+)?(?P<code>\d{4}\.\d{2}(?:\.\d{2}){0,2})\b")
_SUPREME_COURT = re.compile(
    r"\bNos?\.\s+(?P<numbers>\d{2}-\d{1,5}(?:(?:\s*,\s*|\s+and\s+)\d{2}-\d{1,5})*)\s*\((?:U\.S\.\s+)?Supreme\s+Court"
)
_CBP_RULING = re.compile(r"\bruling\s+(?:HQ\s+|NY\s+)?(?P<num>[HNW]\d{6})\b")
_CBSA_NOTICE = re.compile(r"\bCustoms\s+Notice\s+(?P<year>\d{2})-(?P<num>\d{1,3})\b")
_EU_ACT = re.compile(
    r"\b(?:(?P<sub>Implementing|Delegated)\s+)?(?P<type>Regulation|Reg\.|Directive|Decision)\s+"
    r"\((?P<org>EU|EC|EEC)\)\s+(?P<no>No\s+)?(?P<a>\d{1,4})/(?P<b>\d{1,4})\b"
)
_ELI_TYPES = {"Regulation": "reg", "Reg.": "reg", "Directive": "dir", "Decision": "dec"}
#: Between a document's name and its Federal Register citation ("EO 14324 s.3 (90 FR 37775)",
#: "CBP Dec. 16-13, 81 FR 58831"): the two name one document, so it gets one link.
_SAME_DOCUMENT_GAP = re.compile(r"(?:\s+s\.\s?\d+[a-z]?(?:\([a-z0-9]+\))*)?(?:\s*,\s*|\s*\(\s*|\s+)")
_PARENTHESIS_GAP = re.compile(r"\s*[(,]\s*")


def _cfr(text: str) -> list[Reference]:
    found = []
    for match in _CFR.finditer(text):
        title = match["title"]
        numbers = [(match["num"], match["para"], bool(match["part"]), match.start(), match.end())]
        position = match.end()
        inside = _CFR_INSIDE.match(text, position)
        if inside and numbers[0][2]:
            numbers.append((inside["num"], inside["para"], False, inside.start("num"), inside.end()))
            position = inside.end()
        while more := _CFR_MORE.match(text, position):
            numbers.append((more["num"], more["para"], "." not in more["num"], more.start("num"), more.end()))
            position = more.end()
        for number, para, is_part, start, end in numbers:
            label = f"{title} CFR part {number}" if is_part or "." not in number else f"{title} CFR {number}{para}"
            found.append(Reference("cfr", label, ecfr_url(title, number), start, end))
    return found


def _usc(text: str) -> list[Reference]:
    found = []
    for match in _USC.finditer(text):
        title = match["title"]
        numbers = [(match["num"], match["para"], match.start(), match.end())]
        position = match.end()
        while more := _USC_MORE.match(text, position):
            numbers.append((more["num"], more["para"], more.start("num"), more.end()))
            position = more.end()
        for number, para, start, end in numbers:
            found.append(Reference("usc", f"{title} USC {number}{para}", uscode_url(title, number), start, end))
    return found


def _simple(text: str) -> list[Reference]:
    found = []
    for m in _FR.finditer(text):
        page = m["page"].replace(",", "")
        found.append(Reference("fr", f"{m['vol']} FR {page}", federal_register_url(m["vol"], page), *m.span()))
    for m in _FR_DOC.finditer(text):
        found.append(Reference("fr_doc", f"FR Doc {m['doc']}", fr_document_url(m["doc"]), *m.span()))
    for m in _PUBLIC_LAW.finditer(text):
        label = f"P.L. {m['congress']}-{m['num']}"
        found.append(Reference("public_law", label, public_law_url(m["congress"], m["num"]), *m.span()))
    for m in _STATUTE.finditer(text):  # linked through its public law, which the citation names too
        found.append(Reference("statute", f"{m['vol']} Stat. {m['page']}", None, *m.span()))
    for m in _EXECUTIVE_ORDER.finditer(text):
        found.append(
            Reference("executive_order", f"Executive Order {m['num']}", executive_order_url(m["num"]), *m.span())
        )
    for m in _CBP_DECISION.finditer(text):
        name = "CBP Dec." if m["name"].startswith("CBP") else "T.D."
        found.append(Reference("cbp_decision", f"{name} {m['num']}", None, *m.span()))
    for m in _CSMS.finditer(text):
        numbers = [(m["num"], m.start(), m.end())]
        position = m.end()
        while more := _CSMS_MORE.match(text, position):
            numbers.append((more["num"], more.start("num") - 1, more.end()))
            position = more.end()
        found.extend(Reference("csms", f"CSMS #{n}", csms_url(n), start, end) for n, start, end in numbers)
    for m in _HTS.finditer(text):
        found.append(Reference("hts", f"HTSUS {m['code']}", hts_url(m["code"]), *m.span()))
    for m in _SUPREME_COURT.finditer(text):
        for number in re.findall(r"\d{2}-\d{1,5}", m["numbers"]):
            label = f"Supreme Court No. {number}"
            found.append(Reference("supreme_court", label, supreme_court_docket_url(number), *m.span()))
    for m in _CBP_RULING.finditer(text):
        found.append(Reference("cbp_ruling", f"CBP ruling {m['num']}", cbp_ruling_url(m["num"]), *m.span()))
    for m in _CBSA_NOTICE.finditer(text):
        label = f"CBSA Customs Notice {m['year']}-{m['num']}"
        found.append(Reference("cbsa_notice", label, cbsa_notice_url(m["year"], m["num"]), *m.span()))
    for m in _EU_ACT.finditer(text):
        year, number = (m["b"], m["a"]) if m["no"] else (m["a"], m["b"])
        eli_type = _ELI_TYPES[m["type"]] + {"Implementing": "_impl", "Delegated": "_del", None: ""}[m["sub"]]
        name = "Regulation" if m["type"] == "Reg." else m["type"]
        label = " ".join(filter(None, (m["sub"], name, f"({m['org']})", f"{m['a']}/{m['b']}")))
        found.append(Reference("eu_act", label, eu_act_url(eli_type, year, number), *m.span()))
    return found


def _merge_same_documents(text: str, found: list[Reference]) -> list[Reference]:
    """One reference per document: an FR citation right after its EO or CBP decision, and an FR
    document number in parentheses right after its FR citation, name the same text."""
    merged: list[Reference] = []
    for ref in found:
        previous = merged[-1] if merged else None
        gap = text[previous.end : ref.start] if previous else ""
        if (
            previous
            and ref.kind == "fr"
            and previous.kind in ("executive_order", "cbp_decision")
            and _SAME_DOCUMENT_GAP.fullmatch(gap)
        ):
            joiner = " (" if previous.kind == "executive_order" else ", "
            label = previous.label + joiner + ref.label + (")" if joiner == " (" else "")
            merged[-1] = Reference(previous.kind, label, previous.url or ref.url, previous.start, ref.end)
            continue
        if previous and ref.kind == "fr_doc" and previous.kind == "fr" and _PARENTHESIS_GAP.fullmatch(gap):
            merged[-1] = Reference(previous.kind, previous.label, previous.url or ref.url, previous.start, ref.end)
            continue
        merged.append(ref)
    return merged


@lru_cache(maxsize=2048)
def references(citation: str) -> tuple[Reference, ...]:
    """Every legal text a citation names, in the order it names them (with or without an address)."""
    found = sorted(_cfr(citation) + _usc(citation) + _simple(citation), key=lambda ref: (ref.start, -ref.end))
    return tuple(_merge_same_documents(citation, found))


def derived_links(citation: str) -> tuple[OfficialLink, ...]:
    """The official links built from a citation: one per text, in citation order."""
    links: dict[str, OfficialLink] = {}
    for ref in references(citation):
        if ref.url and ref.url not in links:
            links[ref.url] = OfficialLink(ref.label, ref.url)
    return tuple(links.values())


def official_links_of(
    citation: str, explicit: Iterable[OfficialLink] = (), source_url: str | None = None
) -> tuple[OfficialLink, ...]:
    """A rule's official links, in the order its citation names the texts: those built from the
    citation and those its YAML lists (placed where the citation names their text, else last);
    when there are none, its `source_url` if that is on an official host (a cbp.gov page)."""
    placed: dict[str, tuple[int, OfficialLink]] = {}
    for ref in references(citation):
        if ref.url and ref.url not in placed:
            placed[ref.url] = (ref.start, OfficialLink(ref.label, ref.url))
    for link in explicit:
        where = citation.find(link.cites)
        placed.setdefault(link.url, (where if where >= 0 else len(citation), link))
    links = [link for _where, link in sorted(placed.values(), key=lambda item: item[0])]
    if not links and source_url and is_official(source_url):
        links.append(OfficialLink(citation, source_url))
    return tuple(links)


def reports_on(url: str, link: OfficialLink) -> bool:
    """Whether a secondary page's address names the text of an official link ('.../19/10.152' for
    19 CFR 10.152): the page is then shown as "reported by" beside that link."""
    numbers = [number for number in re.findall(r"\d+(?:\.\d+)?", link.cites) if len(number) >= 4]
    return any(re.search(rf"(?<![\d.]){re.escape(number)}(?!\d)", url) for number in numbers)
