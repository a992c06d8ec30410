"""Word lists shared by the normalisers and the spaCy entity ruler.

Everything here is data (plus small builders that derive variants from pycountry). Keys of the
``*_CI`` maps are lowercase and matched case-insensitively; keys of the ``*_CS`` maps are matched
with their exact case (short codes and words that are ordinary English words in lowercase).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pycountry
import yaml

# --------------------------------------------------------------------------------------------
# Countries
# --------------------------------------------------------------------------------------------

#: Special value for the European Union (not an ISO 3166-1 code, but reserved by ISO for it).
EU = "EU"

#: Hand-written aliases and demonyms, matched case-insensitively. They override pycountry names.
COUNTRY_ALIASES_CI: dict[str, str] = {
    # United States and its territories
    "the us": "US",
    "the u.s.": "US",
    "the u.s": "US",
    "usa": "US",
    "u.s.a.": "US",
    "u.s.a": "US",
    "united states": "US",
    "the united states": "US",
    "united states of america": "US",
    "america": "US",
    "the states": "US",
    "american": "US",
    "stateside": "US",
    "puerto rico": "PR",
    "puerto rican": "PR",
    "guam": "GU",
    "guamanian": "GU",
    "usvi": "VI",
    "us virgin islands": "VI",
    "u.s. virgin islands": "VI",
    "virgin islands": "VI",
    "the virgin islands": "VI",
    "st. thomas": "VI",
    "st thomas": "VI",
    "st. croix": "VI",
    "st croix": "VI",
    "american samoa": "AS",
    "american samoan": "AS",
    "cnmi": "MP",
    "northern mariana islands": "MP",
    "northern marianas": "MP",
    "saipan": "MP",
    "bvi": "VG",
    "british virgin islands": "VG",
    # China and neighbours
    "china": "CN",
    "mainland china": "CN",
    "chinese": "CN",
    "prc": "CN",
    "p.r.c.": "CN",
    "p.r. china": "CN",
    "pr china": "CN",
    "the prc": "CN",
    "people's republic of china": "CN",
    "hong kong": "HK",
    "hk": "HK",
    "hong kong sar": "HK",
    "hongkong": "HK",
    "macau": "MO",
    "macao": "MO",
    "taiwan": "TW",
    "taiwanese": "TW",
    "republic of china": "TW",
    "korea": "KR",
    "south korea": "KR",
    "republic of korea": "KR",
    "korean": "KR",
    "south korean": "KR",
    "north korea": "KP",
    "dprk": "KP",
    "north korean": "KP",
    "japan": "JP",
    "japanese": "JP",
    "vietnam": "VN",
    "viet nam": "VN",
    "vietnamese": "VN",
    "thailand": "TH",
    "thai": "TH",
    "cambodia": "KH",
    "cambodian": "KH",
    "laos": "LA",
    "laotian": "LA",
    "burma": "MM",
    "myanmar": "MM",
    "burmese": "MM",
    "malaysia": "MY",
    "malaysian": "MY",
    "singapore": "SG",
    "singaporean": "SG",
    "indonesia": "ID",
    "indonesian": "ID",
    "philippines": "PH",
    "the philippines": "PH",
    "filipino": "PH",
    "philippine": "PH",
    "india": "IN",
    "indian": "IN",
    "pakistan": "PK",
    "pakistani": "PK",
    "bangladesh": "BD",
    "bangladeshi": "BD",
    "sri lanka": "LK",
    "sri lankan": "LK",
    "nepal": "NP",
    "nepalese": "NP",
    "nepali": "NP",
    "mongolia": "MN",
    "mongolian": "MN",
    # Europe
    "the eu": EU,
    "european union": EU,
    "the european union": EU,
    "europe": EU,
    "european": EU,
    "uk": "GB",
    "u.k.": "GB",
    "the uk": "GB",
    "the u.k.": "GB",
    "united kingdom": "GB",
    "the united kingdom": "GB",
    "great britain": "GB",
    "britain": "GB",
    "british": "GB",
    "england": "GB",
    "scotland": "GB",
    "scottish": "GB",
    "northern ireland": "GB",
    "welsh": "GB",
    "ireland": "IE",
    "irish": "IE",
    "republic of ireland": "IE",
    "germany": "DE",
    "german": "DE",
    "france": "FR",
    "french": "FR",
    "italy": "IT",
    "italian": "IT",
    "spain": "ES",
    "spanish": "ES",
    "portugal": "PT",
    "portuguese": "PT",
    "netherlands": "NL",
    "the netherlands": "NL",
    "holland": "NL",
    "dutch": "NL",
    "belgium": "BE",
    "belgian": "BE",
    "switzerland": "CH",
    "swiss": "CH",
    "austria": "AT",
    "austrian": "AT",
    "sweden": "SE",
    "swedish": "SE",
    "norway": "NO",
    "norwegian": "NO",
    "denmark": "DK",
    "finland": "FI",
    "finnish": "FI",
    "iceland": "IS",
    "icelandic": "IS",
    "poland": "PL",
    "czechia": "CZ",
    "czech republic": "CZ",
    "czech": "CZ",
    "slovakia": "SK",
    "slovak": "SK",
    "hungary": "HU",
    "hungarian": "HU",
    "romania": "RO",
    "romanian": "RO",
    "bulgaria": "BG",
    "bulgarian": "BG",
    "greece": "GR",
    "greek": "GR",
    "croatia": "HR",
    "croatian": "HR",
    "serbia": "RS",
    "serbian": "RS",
    "slovenia": "SI",
    "slovenian": "SI",
    "estonia": "EE",
    "estonian": "EE",
    "latvia": "LV",
    "latvian": "LV",
    "lithuania": "LT",
    "lithuanian": "LT",
    "ukraine": "UA",
    "ukrainian": "UA",
    "russia": "RU",
    "russian": "RU",
    "belarus": "BY",
    "moldova": "MD",
    "bosnia": "BA",
    "north macedonia": "MK",
    "macedonia": "MK",
    "turkiye": "TR",
    "türkiye": "TR",
    "republic of turkey": "TR",
    # Americas
    "canada": "CA",
    "canadian": "CA",
    "mexico": "MX",
    "mexican": "MX",
    "guatemala": "GT",
    "guatemalan": "GT",
    "honduras": "HN",
    "honduran": "HN",
    "el salvador": "SV",
    "salvadoran": "SV",
    "nicaragua": "NI",
    "costa rica": "CR",
    "costa rican": "CR",
    "panama": "PA",
    "panamanian": "PA",
    "cuba": "CU",
    "cuban": "CU",
    "dominican republic": "DO",
    "haiti": "HT",
    "haitian": "HT",
    "jamaica": "JM",
    "jamaican": "JM",
    "trinidad": "TT",
    "trinidad and tobago": "TT",
    "bahamas": "BS",
    "the bahamas": "BS",
    "brazil": "BR",
    "brazilian": "BR",
    "argentina": "AR",
    "argentine": "AR",
    "argentinian": "AR",
    "chile": "CL",
    "chilean": "CL",
    "colombia": "CO",
    "colombian": "CO",
    "peru": "PE",
    "peruvian": "PE",
    "ecuador": "EC",
    "ecuadorian": "EC",
    "bolivia": "BO",
    "bolivian": "BO",
    "venezuela": "VE",
    "venezuelan": "VE",
    "paraguay": "PY",
    "uruguay": "UY",
    # Middle East, Africa, Oceania
    "israel": "IL",
    "israeli": "IL",
    "uae": "AE",
    "u.a.e.": "AE",
    "the uae": "AE",
    "emirates": "AE",
    "united arab emirates": "AE",
    "dubai": "AE",
    "emirati": "AE",
    "saudi arabia": "SA",
    "saudi": "SA",
    "ksa": "SA",
    "qatar": "QA",
    "qatari": "QA",
    "kuwait": "KW",
    "oman": "OM",
    "iran": "IR",
    "iranian": "IR",
    "iraq": "IQ",
    "iraqi": "IQ",
    "syria": "SY",
    "lebanon": "LB",
    "lebanese": "LB",
    "jordanian": "JO",
    "egypt": "EG",
    "egyptian": "EG",
    "morocco": "MA",
    "moroccan": "MA",
    "tunisia": "TN",
    "algeria": "DZ",
    "south africa": "ZA",
    "south african": "ZA",
    "nigeria": "NG",
    "nigerian": "NG",
    "kenya": "KE",
    "kenyan": "KE",
    "ethiopia": "ET",
    "ethiopian": "ET",
    "ghana": "GH",
    "ghanaian": "GH",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "côte d'ivoire": "CI",
    "drc": "CD",
    "dr congo": "CD",
    "democratic republic of the congo": "CD",
    "congo": "CG",
    "republic of the congo": "CG",
    "tanzania": "TZ",
    "eswatini": "SZ",
    "swaziland": "SZ",
    "cape verde": "CV",
    "east timor": "TL",
    "australia": "AU",
    "australian": "AU",
    "aussie": "AU",
    "new zealand": "NZ",
    "new zealander": "NZ",
    "fiji": "FJ",
    "fijian": "FJ",
    "samoa": "WS",
    "micronesia": "FM",
    "vatican": "VA",
    "vatican city": "VA",
    "palestine": "PS",
    "kazakhstan": "KZ",
    "uzbekistan": "UZ",
    # "Georgia" alone is far more often the US state for this bot's users: only explicit forms.
    "republic of georgia": "GE",
    "country of georgia": "GE",
    "sakartvelo": "GE",
}

#: Case-sensitive aliases: short codes, and names/demonyms that are common words in lowercase
#: ("turkey" the bird, "polish" the verb, "jersey" the garment, "chad" the name...).
COUNTRY_ALIASES_CS: dict[str, str] = {
    "US": "US",
    "U.S.": "US",
    "U.S": "US",
    "EU": EU,
    "E.U.": EU,
    "CN": "CN",
    "VN": "VN",
    "JP": "JP",
    "KR": "KR",
    "TW": "TW",
    "MX": "MX",
    "HK": "HK",
    "GB": "GB",
    "DE": "DE",
    "FR": "FR",
    "TH": "TH",
    "BD": "BD",
    "KH": "KH",
    "PK": "PK",
    "Turkey": "TR",
    "TURKEY": "TR",
    "Turkish": "TR",
    "Polish": "PL",
    "Danish": "DK",
    "Jersey": "JE",
    "Guernsey": "GG",
    "Chad": "TD",
    "Jordan": "JO",
    "Guinea": "GN",
    "Afghan": "AF",
    "Reunion": "RE",
    "Wales": "GB",
    "Niger": "NE",
    "Mali": "ML",
    "Togo": "TG",
}

#: Phrases (case-insensitive) that contain an alias of some entity but are not that entity. The
#: extractor matches them like entities and then drops them, so the shorter alias inside loses.
BLOCKERS: frozenset[str] = frozenset(
    {
        "new jersey",
        "new mexico",
        "new england",
        "new guinea",
        "guinea pig",
        "guinea pigs",
        "south america",
        "latin america",
        "central america",
        "north america",
        "south american",
        "latin american",
        "central american",
        "north american",
        "american express",
        "native american",
        "french fries",
        "french fry",
        "french toast",
        "french press",
        "french door",
        "french doors",
        "nail polish",
        "shoe polish",
        "polish remover",
        "danish pastry",
        "danish pastries",
        "turkey sandwich",
        "turkey sandwiches",
        "india ink",
        "indian ink",
        "chinese checkers",
        "mexican wave",
        "swiss army knife",
        "swiss army knives",
        "e-mail",
        "mailing list",
        "voice mail",
        "chain mail",
        "ups and downs",
        "start-ups",
        "pop-ups",
        "follow-ups",
        "set-ups",
        "express yourself",
    }
)


def _comma_variants(name: str) -> list[str]:
    """'Korea, Republic of' -> ['Korea, Republic of', 'Republic of Korea', 'Korea']."""
    out = [name]
    if ", " in name:
        head, tail = name.split(", ", 1)
        out.append(f"{tail} {head}")
        out.append(head)
    return out


PLACES_FILE = Path(__file__).resolve().parents[2] / "data" / "lexicon" / "places.yml"


def _places() -> dict[str, list[str]]:
    """Cities and regions by country code; empty if the file is missing (the country names still work)."""
    try:
        with open(PLACES_FILE, encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
    except (OSError, yaml.YAMLError):
        return {}
    return {str(code): list(names or []) for code, names in data.items() if isinstance(names, list)}


@functools.lru_cache(maxsize=1)
def country_aliases_ci() -> dict[str, str]:
    """All case-insensitive country aliases: pycountry names plus the hand list (which wins)."""
    aliases: dict[str, str] = {}
    for country in pycountry.countries:
        names = [country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)]
        for name in names:
            if not name:
                continue
            for variant in _comma_variants(name):
                key = normalise_phrase(variant)
                if key and key not in {k.lower() for k in COUNTRY_ALIASES_CS}:
                    aliases.setdefault(key, country.alpha_2)
    # Ambiguous leftovers of the comma split: "korea" (KR/KP), "congo" (CG/CD), "virgin islands".
    aliases.update(COUNTRY_ALIASES_CI)
    for code, places in _places().items():  # cities named instead of their country (data/lexicon/places.yml)
        for place in places:
            aliases.setdefault(normalise_phrase(str(place)), code)
    for blocked in (
        "georgia",
        "jersey",
        "guernsey",
        "turkey",
        "chad",
        "jordan",
        "guinea",
        "niger",
        "mali",
        "togo",
        "reunion",
        "wales",
    ):
        aliases.pop(blocked, None)
    return aliases


# --------------------------------------------------------------------------------------------
# Transport modes
# --------------------------------------------------------------------------------------------

POSTAL, EXPRESS, AIR_CARGO, OCEAN, TRUCK, TRAVELLER = "postal", "express", "air_cargo", "ocean", "truck", "traveller"
#: Rail is its own mode: FDA prior notice for food by rail is due earlier than by road.
RAIL = "rail"
TRANSPORT_MODES: tuple[str, ...] = (POSTAL, EXPRESS, AIR_CARGO, OCEAN, TRUCK, RAIL, TRAVELLER)

#: Fixed phrases (case-insensitive). Bare "ship" is NOT here: it is nearly always the verb.
#: Bare "post" is not here either ("a blog post"); "by post", "in the post" are.
MODE_PHRASES_CI: dict[str, str] = {
    # postal
    "usps": POSTAL,
    "us postal service": POSTAL,
    "u.s. postal service": POSTAL,
    "postal service": POSTAL,
    "postal": POSTAL,
    "post office": POSTAL,
    "by post": POSTAL,
    "via post": POSTAL,
    "through the post": POSTAL,
    "in the post": POSTAL,
    "by the post": POSTAL,
    "via the post": POSTAL,
    "registered post": POSTAL,
    "recorded delivery": POSTAL,
    "by postal mail": POSTAL,
    "postal mail": POSTAL,
    "mail": POSTAL,
    "mailed": POSTAL,
    "mailing": POSTAL,
    "by mail": POSTAL,
    "airmail": POSTAL,
    "air mail": POSTAL,
    "by air mail": POSTAL,
    "by airmail": POSTAL,
    "registered mail": POSTAL,
    "first class mail": POSTAL,
    "first-class mail": POSTAL,
    "priority mail": POSTAL,
    "priority mail express": POSTAL,
    "express mail": POSTAL,
    "international mail": POSTAL,
    "parcel post": POSTAL,
    "letter post": POSTAL,
    "small packet": POSTAL,
    "epacket": POSTAL,
    "e-packet": POSTAL,
    "china post": POSTAL,
    "royal mail": POSTAL,
    "canada post": POSTAL,
    "australia post": POSTAL,
    "japan post": POSTAL,
    "india post": POSTAL,
    "korea post": POSTAL,
    "swiss post": POSTAL,
    "deutsche post": POSTAL,
    "la poste": POSTAL,
    "colissimo": POSTAL,
    "postnl": POSTAL,
    "correos": POSTAL,
    "poste italiane": POSTAL,
    "hongkong post": POSTAL,
    "hong kong post": POSTAL,
    "vietnam post": POSTAL,
    "thailand post": POSTAL,
    "singpost": POSTAL,
    "an post": POSTAL,
    "postnord": POSTAL,
    "new zealand post": POSTAL,
    "correos de mexico": POSTAL,
    "chunghwa post": POSTAL,
    "pos malaysia": POSTAL,
    "posti": POSTAL,
    # express
    "dhl": EXPRESS,
    "dhl express": EXPRESS,
    "fedex": EXPRESS,
    "fed ex": EXPRESS,
    "federal express": EXPRESS,
    "tnt": EXPRESS,
    "aramex": EXPRESS,
    "sf express": EXPRESS,
    "s.f. express": EXPRESS,
    "courier": EXPRESS,
    "couriers": EXPRESS,
    "courier service": EXPRESS,
    "express courier": EXPRESS,
    "by courier": EXPRESS,
    "express shipping": EXPRESS,
    "express delivery": EXPRESS,
    "express": EXPRESS,
    "overnight": EXPRESS,
    "next day air": EXPRESS,
    "purolator": EXPRESS,
    "dpd": EXPRESS,
    "gls": EXPRESS,
    "ontrac": EXPRESS,
    "express consignment": EXPRESS,
    "express carrier": EXPRESS,
    "ups express": EXPRESS,
    "ups ground": EXPRESS,
    "fedex ground": EXPRESS,
    "yunexpress": EXPRESS,
    # air cargo
    "air freight": AIR_CARGO,
    "airfreight": AIR_CARGO,
    "air cargo": AIR_CARGO,
    "by air": AIR_CARGO,
    "via air": AIR_CARGO,
    "air shipment": AIR_CARGO,
    "air waybill": AIR_CARGO,
    "airway bill": AIR_CARGO,
    "plane": AIR_CARGO,
    "airplane": AIR_CARGO,
    "aeroplane": AIR_CARGO,
    "by plane": AIR_CARGO,
    "cargo plane": AIR_CARGO,
    "air freighted": AIR_CARGO,
    "air-freighted": AIR_CARGO,
    "by air freight": AIR_CARGO,
    # ocean
    "by sea": OCEAN,
    "via sea": OCEAN,
    "sea freight": OCEAN,
    "seafreight": OCEAN,
    "sea cargo": OCEAN,
    "sea shipment": OCEAN,
    "ocean": OCEAN,
    "ocean freight": OCEAN,
    "ocean shipping": OCEAN,
    "ocean shipment": OCEAN,
    "container": OCEAN,
    "containers": OCEAN,
    "shipping container": OCEAN,
    "shipping containers": OCEAN,
    "container ship": OCEAN,
    "cargo ship": OCEAN,
    "fcl": OCEAN,
    "lcl": OCEAN,
    "full container load": OCEAN,
    "less than container load": OCEAN,
    "by ship": OCEAN,
    "via ship": OCEAN,
    "on a ship": OCEAN,
    "on the ship": OCEAN,
    "by boat": OCEAN,
    "on a boat": OCEAN,
    "boat": OCEAN,
    "vessel": OCEAN,
    "vessels": OCEAN,
    "by vessel": OCEAN,
    "bill of lading": OCEAN,
    "freighter ship": OCEAN,
    # truck / land border (rail below)
    "truck": TRUCK,
    "trucks": TRUCK,
    "trucking": TRUCK,
    "by truck": TRUCK,
    "lorry": TRUCK,
    "by road": TRUCK,
    "road freight": TRUCK,
    "road transport": TRUCK,
    "rail": RAIL,
    "by rail": RAIL,
    "rail freight": RAIL,
    "railway": RAIL,
    "train": RAIL,
    "by train": RAIL,
    "freight train": RAIL,
    "land border": TRUCK,
    "land port": TRUCK,
    "overland": TRUCK,
    "by land": TRUCK,
    "over land": TRUCK,
    "ltl": TRUCK,
    "land border crossing": TRUCK,
    "cross-border trucking": TRUCK,
    "semi truck": TRUCK,
    # traveller
    "in my luggage": TRAVELLER,
    "in my suitcase": TRAVELLER,
    "in my suitcases": TRAVELLER,
    "in my baggage": TRAVELLER,
    "in my bag": TRAVELLER,
    "in my bags": TRAVELLER,
    "in my carry-on": TRAVELLER,
    "in my carry on": TRAVELLER,
    "in my checked bag": TRAVELLER,
    "in my checked bags": TRAVELLER,
    "in my checked luggage": TRAVELLER,
    "in my hand luggage": TRAVELLER,
    "in our luggage": TRAVELLER,
    "in our suitcases": TRAVELLER,
    "hand carry": TRAVELLER,
    "hand-carry": TRAVELLER,
    "hand carried": TRAVELLER,
    "hand-carried": TRAVELLER,
    "carry-on": TRAVELLER,
    "carry on luggage": TRAVELLER,
    "hand luggage": TRAVELLER,
    "checked luggage": TRAVELLER,
    "checked baggage": TRAVELLER,
    "accompanied baggage": TRAVELLER,
    "personal luggage": TRAVELLER,
    "on my flight": TRAVELLER,
    "as a traveller": TRAVELLER,
    "as a traveler": TRAVELLER,
}

#: Case-sensitive mode words: EMS (vs "ems"), UPS (vs "ups and downs", "start-ups").
MODE_PHRASES_CS: dict[str, str] = {"EMS": POSTAL, "UPS": EXPRESS, "Ups": EXPRESS, "TNT": EXPRESS}

#: Flexible phrasings, as regexes (case-insensitive), used both by ``normalise_mode`` and by the
#: extractor. "carry it with me", "bring them back myself", "via ups", ...
_OBJ = r"(?:(?:it|them|this|these|those|that|everything|the\s+goods|the\s+items|the\s+stuff|my\s+goods)\s+)?"
MODE_REGEXES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(?:carry|carrying|carried|bring|bringing|brought|take|taking|took)\s+"
            + _OBJ
            + r"(?:back\s+|home\s+|over\s+|in\s+)?"
            + r"(?:with\s+me|myself|with\s+us|ourselves|personally|in\s+person)\b",
            re.IGNORECASE,
        ),
        TRAVELLER,
    ),
    (re.compile(r"\b(?:personally|myself)\s+(?:carry|bring|carrying|bringing)\b", re.IGNORECASE), TRAVELLER),
    (re.compile(r"\b(?:via|by|with|through|thru|using|use)\s+ups\b", re.IGNORECASE), EXPRESS),
)


# --------------------------------------------------------------------------------------------
# Currencies
# --------------------------------------------------------------------------------------------

#: Symbols and prefixed symbols. Plain "$" is USD; "¥" is JPY (use "RMB"/"yuan" for CNY).
CURRENCY_SYMBOLS: dict[str, str] = {
    "US$": "USD",
    "U.S.$": "USD",
    "C$": "CAD",
    "CA$": "CAD",
    "CAN$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "NT$": "TWD",
    "MX$": "MXN",
    "R$": "BRL",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "￥": "JPY",
    "円": "JPY",
    "元": "CNY",
    "₹": "INR",
    "₩": "KRW",
    "₱": "PHP",
    "₫": "VND",
    "฿": "THB",
    "₺": "TRY",
    "₽": "RUB",
    "₪": "ILS",
    "₦": "NGN",
}

#: ISO codes accepted in lowercase too ("300 usd"); all other ISO 4217 codes need uppercase.
CURRENCY_CODES_ANY_CASE: frozenset[str] = frozenset(
    {
        "usd",
        "eur",
        "gbp",
        "cad",
        "aud",
        "jpy",
        "cny",
        "rmb",
        "inr",
        "mxn",
        "hkd",
        "nzd",
        "sgd",
        "chf",
        "krw",
        "twd",
        "vnd",
        "thb",
    }
)

#: Currency words (lowercase) -> ISO code. "pound(s)" is GBP except in weight contexts, which the
#: amount finder checks ("5 pounds of coffee", "it weighs 5 pounds").
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD",
    "dollars": "USD",
    "buck": "USD",
    "bucks": "USD",
    "us dollar": "USD",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "american dollars": "USD",
    "usd": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "pound sterling": "GBP",
    "pounds sterling": "GBP",
    "sterling": "GBP",
    "british pounds": "GBP",
    "british pound": "GBP",
    "quid": "GBP",
    "gbp": "GBP",
    "canadian dollar": "CAD",
    "canadian dollars": "CAD",
    "cad": "CAD",
    "australian dollar": "AUD",
    "australian dollars": "AUD",
    "aussie dollars": "AUD",
    "aud": "AUD",
    "new zealand dollars": "NZD",
    "hong kong dollars": "HKD",
    "hk dollars": "HKD",
    "singapore dollars": "SGD",
    "taiwan dollars": "TWD",
    "taiwanese dollars": "TWD",
    "new taiwan dollars": "TWD",
    "yen": "JPY",
    "japanese yen": "JPY",
    "jpy": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "chinese yuan": "CNY",
    "kuai": "CNY",
    "rupee": "INR",
    "rupees": "INR",
    "indian rupees": "INR",
    "inr": "INR",
    "peso": "MXN",
    "pesos": "MXN",
    "mexican pesos": "MXN",
    "mxn": "MXN",
    "won": "KRW",
    "korean won": "KRW",
    "baht": "THB",
    "thai baht": "THB",
    "dong": "VND",
    "vietnamese dong": "VND",
    "ringgit": "MYR",
    "rupiah": "IDR",
    "zloty": "PLN",
    "zlotys": "PLN",
    "forint": "HUF",
    "rand": "ZAR",
    "naira": "NGN",
    "dirham": "AED",
    "dirhams": "AED",
    "riyal": "SAR",
    "riyals": "SAR",
    "lira": "TRY",
    "turkish lira": "TRY",
    "swiss francs": "CHF",
    "swiss franc": "CHF",
    "francs": "CHF",
    "shekel": "ILS",
    "shekels": "ILS",
    "rubles": "RUB",
    "roubles": "RUB",
    "reais": "BRL",
    "brazilian reais": "BRL",
    "chf": "CHF",
    "krw": "KRW",
    "hkd": "HKD",
    "nzd": "NZD",
    "sgd": "SGD",
    "twd": "TWD",
    "vnd": "VND",
    "thb": "THB",
}

#: Currency words that are ordinary English words on their own, so they only count next to a
#: number ("500 won") and never as a standalone currency mention.
CURRENCY_WORDS_NUMBER_ONLY: frozenset[str] = frozenset(
    {
        "dollar",
        "buck",
        "bucks",
        "pound",
        "pounds",
        "won",
        "dong",
        "rand",
        "real",
        "quid",
        "lira",
        "peso",
        "rupee",
        "euro",
        "yen",
        "yuan",
        "francs",
        "baht",
        "forint",
        "naira",
        "dirham",
        "riyal",
        "shekel",
        "kuai",
        "sterling",
    }
)

_UNINFLECTED = ("yen", "yuan", "won", "baht", "dong", "rand", "renminbi", "ringgit", "rupiah", "naira", "kip")
_EXCLUDED_CODES = frozenset({"BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW"})


def _plural(word: str) -> str:
    """Very small English plural for currency names ("peso" -> "pesos", "krona" -> "kronas")."""
    if word.endswith(_UNINFLECTED):
        return word
    if word.endswith("y"):
        return word[:-1] + "ies"
    return word + "s"


@functools.lru_cache(maxsize=1)
def iso_currency_codes() -> frozenset[str]:
    """Uppercase ISO 4217 codes of real currencies (no funds, metals or test codes)."""
    return frozenset(
        c.alpha_3 for c in pycountry.currencies if not c.alpha_3.startswith("X") and c.alpha_3 not in _EXCLUDED_CODES
    )


@functools.lru_cache(maxsize=1)
def currency_words() -> dict[str, str]:
    """Hand currency words plus multi-word pycountry names and their plurals ("mexican pesos")."""
    words: dict[str, str] = {}
    codes = iso_currency_codes()
    for currency in pycountry.currencies:
        if currency.alpha_3 not in codes or "(" in currency.name:
            continue
        name = normalise_phrase(currency.name)
        if " " not in name:  # single words ("sol", "real", "gold") are too ambiguous
            continue
        words.setdefault(name, currency.alpha_3)
        head, _, last = name.rpartition(" ")
        words.setdefault(f"{head} {_plural(last)}", currency.alpha_3)
    words.update(CURRENCY_WORDS)
    return words


def normalise_phrase(text: str) -> str:
    """Lowercase, unify apostrophes and collapse whitespace (the key form of every lexicon)."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return " ".join(text.lower().split())
