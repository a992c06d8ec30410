"""The vocabulary files of data/lexicon: every entry is used as written, and a bad entry is refused
with a message naming the file and the entry (bot/vocabulary.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot import vocabulary
from bot.nlu import lexicon
from bot.nlu.amounts import parse_amount
from bot.nlu.countries import normalise_country
from bot.nlu.currencies import normalise_currency
from bot.nlu.goods import FLAGS, goods_flags
from bot.nlu.modes import normalise_mode
from bot.thresholds import schema
from bot.vocabulary import VocabularyError
from tests.conftest import ROOT

FILES = (
    "countries.yml",
    "places.yml",
    "blockers.yml",
    "transport_modes.yml",
    "currencies.yml",
    "goods.yml",
    "goods_phrases.yml",
    "numbers.yml",
)


# --- the shipped files: every entry means what the file says -------------------------------------


def test_every_shipped_vocabulary_file_loads_and_says_what_it_holds() -> None:
    vocabulary.check_all()
    for name in FILES:
        first = (vocabulary.LEXICON_DIR / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# "), f"{name} needs a header comment saying what it holds and how it is used"


def test_every_mode_phrase_reads_as_its_mode() -> None:
    modes = vocabulary.transport_mode_file()
    for section in ("phrases", "case_sensitive"):
        for mode, phrases in modes[section].items():
            for phrase in phrases:
                assert normalise_mode(phrase) == mode, (section, phrase)


def test_every_country_alias_reads_as_its_country() -> None:
    countries = vocabulary.countries()
    for section in ("aliases", "case_sensitive"):
        for code, phrases in countries[section].items():
            for phrase in phrases:
                assert normalise_country(phrase) == code, (section, phrase)
    for name in countries["not_aliases"]:  # "georgia" is the US state, "turkey" the bird
        assert normalise_country(name) is None, name


def test_every_goods_term_sets_the_flags_of_its_group() -> None:
    for flags, words, exact in vocabulary.goods()["terms"]:
        for term in (*words, *exact):
            assert goods_flags(term) == frozenset(flags), term
    assert goods_flags("phone cases") == frozenset()  # a plural made from `words`
    assert goods_flags("red wines") == {"alcohol"}


def test_currency_words_read_as_their_code() -> None:
    for code, words in vocabulary.currencies()["words"].items():
        for word in words:
            assert normalise_currency(word) == code, word


# --- babel's display names, and the plurals people type --------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("300 Swedish kronor", (300.0, "SEK")),  # babel's plural
        ("300 swedish kronas", (300.0, "SEK")),  # what people type: still recognised
        ("50 Norwegian kroner", (50.0, "NOK")),
        ("2 Malaysian ringgits", (2.0, "MYR")),
        ("120 polish zlotys", (120.0, "PLN")),
        ("80 Mexican pesos", (80.0, "MXN")),  # a hand word wins over the generated names
    ],
)
def test_currency_names_singular_and_plural(text: str, expected: tuple[float, str]) -> None:
    assert parse_amount(text) == expected


def test_hand_currency_words_win_over_generated_names() -> None:
    words = lexicon.currency_words()
    for word, code in lexicon.CURRENCY_WORDS.items():
        assert words[word] == code


# --- one vocabulary for modes and goods flags -----------------------------------------------------


def test_rules_and_understanding_share_the_modes_and_flags() -> None:
    assert schema.MODES == lexicon.TRANSPORT_MODES == vocabulary.transport_modes()
    assert schema.SHIPMENT_MODES == tuple(m for m in schema.MODES if m != "traveller")
    assert schema.GOODS_FLAGS == vocabulary.goods_flag_names()
    assert FLAGS <= set(schema.GOODS_FLAGS)  # goods words set only flags the rules know


def test_the_vocabulary_loader_and_the_rules_schema_import_no_rasa_or_spacy() -> None:
    code = (
        "import sys, bot.vocabulary, bot.thresholds.schema; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'rasa', 'spacy', 'tensorflow'} "
        "or m.startswith('bot.nlu')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"


# --- bad files: refused with the file and the entry named ---------------------------------------------


@pytest.fixture
def lexicon_dir(tmp_path: Path) -> Path:
    for name in FILES:
        shutil.copy(vocabulary.LEXICON_DIR / name, tmp_path / name)
    return tmp_path


def edit(directory: Path, name: str, change) -> None:
    path = directory / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def refusal(read, directory: Path) -> str:
    read.cache_clear()
    try:
        with pytest.raises(VocabularyError) as raised:
            read(directory)
    finally:
        read.cache_clear()
    return str(raised.value)


def test_a_capitalised_alias_is_refused_with_file_and_entry(lexicon_dir: Path) -> None:
    edit(lexicon_dir, "countries.yml", lambda d: d["aliases"]["CN"].append("Middle Kingdom"))
    message = refusal(vocabulary.countries, lexicon_dir)
    assert message.startswith("countries.yml: aliases.CN[")
    assert "'Middle Kingdom' must be lowercase" in message


def test_a_phrase_under_two_countries_is_refused(lexicon_dir: Path) -> None:
    edit(lexicon_dir, "countries.yml", lambda d: d["aliases"]["TW"].append("china"))
    message = refusal(vocabulary.countries, lexicon_dir)
    assert "countries.yml: aliases." in message and "'china' is also listed under" in message


def test_a_key_given_twice_is_refused_not_silently_overwritten(lexicon_dir: Path) -> None:
    path = lexicon_dir / "countries.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("aliases:\n", "aliases:\n  CN: [cathay]\n", 1))
    message = refusal(vocabulary.countries, lexicon_dir)
    assert "countries.yml" in message and "'CN' is given twice" in message


def test_an_unquoted_no_for_norway_is_explained(lexicon_dir: Path) -> None:
    path = lexicon_dir / "countries.yml"
    path.write_text(path.read_text(encoding="utf-8").replace('"NO":', "NO:", 1))
    message = refusal(vocabulary.countries, lexicon_dir)
    assert "countries.yml: aliases.False" in message and "quote it" in message


def test_a_phrase_for_an_unknown_mode_is_refused(lexicon_dir: Path) -> None:
    edit(lexicon_dir, "transport_modes.yml", lambda d: d["phrases"].update({"pigeon": ["carrier pigeon"]}))
    message = refusal(vocabulary.transport_mode_file, lexicon_dir)
    assert message.startswith("transport_modes.yml: phrases.pigeon: 'pigeon' is not a mode of `modes`")
    assert "postal, express" in message


def test_a_bad_mode_pattern_is_refused(lexicon_dir: Path) -> None:
    edit(lexicon_dir, "transport_modes.yml", lambda d: d["patterns"].append({"mode": "postal", "regex": "by (post"}))
    message = refusal(vocabulary.transport_mode_file, lexicon_dir)
    assert "transport_modes.yml: patterns[3].regex: not a valid regular expression" in message


def test_a_goods_term_with_an_unknown_flag_is_refused(lexicon_dir: Path) -> None:
    edit(lexicon_dir, "goods.yml", lambda d: d["terms"].append({"flags": ["firearms"], "words": ["rifle"]}))
    message = refusal(vocabulary.goods, lexicon_dir)
    assert "goods.yml: terms[" in message and "unknown flag 'firearms'" in message


def test_a_goods_term_listed_twice_is_refused(lexicon_dir: Path) -> None:
    edit(lexicon_dir, "goods.yml", lambda d: d["terms"].append({"flags": [], "words": ["wine"]}))
    message = refusal(vocabulary.goods, lexicon_dir)
    assert "'wine' is also listed at terms[0].words[0]" in message


def test_a_negative_number_word_is_refused(lexicon_dir: Path) -> None:
    edit(lexicon_dir, "numbers.yml", lambda d: d["numbers"].update({"dozen": -12}))
    assert refusal(vocabulary.numbers, lexicon_dir) == "numbers.yml: numbers.dozen: -12 must be a whole number >= 0"


def test_a_missing_section_and_a_missing_file_are_named(lexicon_dir: Path) -> None:
    edit(lexicon_dir, "currencies.yml", lambda d: d.pop("number_only"))
    assert "currencies.yml: number_only: missing section" in refusal(vocabulary.currencies, lexicon_dir)
    (lexicon_dir / "blockers.yml").unlink()
    message = refusal(vocabulary.blockers, lexicon_dir)
    assert "blockers.yml: cannot read the vocabulary file" in message
