"""The chat page in English and Spanish, as the server sends it and as chat.js swaps it.

The browser tests (tests/web/browser/test_languages.py) check the swap itself; these check the
template's and the script's texts: every short text has its Spanish, every long one both versions
with their `lang`, and the script's TEXT has the same keys in both languages.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from bot.web.paths import STATIC_DIR
from tests.web.conftest import web_client

VOID = {"meta", "link", "input", "br", "img", "hr"}


class Elements(HTMLParser):
    """Every element: its tag, attributes, text and whether it holds other elements."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[dict] = []
        self.open: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        for parent in self.open:
            parent["children"] += 1
        if tag in VOID:
            return
        element = {"tag": tag, "attrs": dict(attrs), "text": "", "children": 0}
        self.elements.append(element)
        self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop()["tag"] == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element["text"] += data

    def having(self, attribute: str) -> list[dict]:
        return [e for e in self.elements if attribute in e["attrs"]]


async def chat_page() -> Elements:
    async with web_client() as client:
        response = await client.get("/")
        assert response.status == 200
        html = await response.text()
    parser = Elements()
    parser.feed(html)
    return parser


async def test_the_page_is_english_by_default_with_every_short_text_in_spanish_too():
    page = await chat_page()
    assert page.elements[0]["tag"] == "html" and page.elements[0]["attrs"]["lang"] == "en"
    swapped = page.having("data-es")
    # chat.js swaps these with textContent: they must hold text only, in both languages.
    assert all(e["children"] == 0 and e["text"].strip() and e["attrs"]["data-es"].strip() for e in swapped), swapped
    english = {e["text"].strip(): e["attrs"]["data-es"] for e in swapped}
    assert english["Send"] == "Enviar"
    assert english["Talk to a person"] == "Hablar con una persona"
    assert english["Start a new conversation"] == "Empezar una conversación nueva"
    assert english["Your question"] == "Su pregunta"
    assert english["Retry"] == "Reintentar"
    assert english["Conversation"] == "Conversación"
    assert english["Skip to the chat"] == "Ir al chat"
    assert {"title", "h1", "label", "button", "a"} <= {e["tag"] for e in swapped}


async def test_long_texts_come_in_both_languages_with_their_lang_and_only_english_shown():
    page = await chat_page()
    blocks = page.having("data-lang")
    english = [e for e in blocks if e["attrs"]["data-lang"] == "en"]
    spanish = [e for e in blocks if e["attrs"]["data-lang"] == "es"]
    assert len(english) == len(spanish) >= 6  # intro, notice, side panel (3), footer
    assert [e["tag"] for e in english] == [e["tag"] for e in spanish]
    assert all(e["attrs"].get("lang") == "en" and "hidden" not in e["attrs"] for e in english)
    assert all(e["attrs"].get("lang") == "es" and "hidden" in e["attrs"] for e in spanish)
    spanish_text = " ".join(" ".join(e["text"].split()) for e in spanish)
    assert "Información general, no asesoría legal." in spanish_text
    assert "Centro de Información de CBP" in spanish_text and "agente aduanal con licencia" in spanish_text
    assert "Aduanas y Protección Fronteriza de EE. UU. (CBP)" in spanish_text
    # The links keep their addresses in both languages.
    assert sum(e["children"] for e in english) == sum(e["children"] for e in spanish)


async def test_the_language_switch_is_a_button_in_the_language_it_offers():
    page = await chat_page()
    (switch,) = [e for e in page.elements if e["attrs"].get("id") == "chat-language"]
    assert switch["tag"] == "button" and switch["attrs"]["type"] == "button"
    assert switch["text"].strip() == "Español" and switch["attrs"]["lang"] == "es"
    assert "usa-button" in switch["attrs"]["class"]


async def test_other_pages_are_unchanged():
    async with web_client() as client:
        html = await (await client.get("/staff")).text()
    assert "data-es" not in html and "data-lang" not in html


def script_text_keys() -> dict[str, list[str]]:
    script = (STATIC_DIR / "chat.js").read_text()
    block = re.search(r"var TEXT = \{\n(.*?)\n  \};\n", script, re.DOTALL).group(1)
    languages = {}
    for language, body in re.findall(r"^    (\w+): \{\n(.*?)\n    \},?$", block, re.DOTALL | re.MULTILINE):
        languages[language] = re.findall(r"^      (\w+):", body, re.MULTILINE)
    return languages


def test_the_script_has_every_text_in_both_languages():
    keys = script_text_keys()
    assert set(keys) == {"en", "es"}
    assert keys["en"] == keys["es"] and {"youSaid", "botSaid", "writing", "unreachable"} <= set(keys["en"])
    script = (STATIC_DIR / "chat.js").read_text()
    for text in ('youSaid: "Usted dijo: "', 'botSaid: "El asistente dijo: "', 'languageName: "Español"'):
        assert text in script


def test_the_script_switches_the_conversation_and_greets_in_the_pages_language():
    script = (STATIC_DIR / "chat.js").read_text()
    assert "'/switch_language{\"language\":\"' + language + '\"}'" in script
    assert "'/greet{\"language\":\"' + state.language + '\"}'" in script
    assert "document.documentElement.lang = language" in script
    assert "navigator.language" not in script  # the browser's language alone does not switch the page
