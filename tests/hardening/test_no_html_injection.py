"""Nothing a user (or the bot) writes is ever rendered as HTML on the web page or the staff console.

Static checks of our own front-end code (bot/web/static/*.js; vendor/ is third-party and not ours),
templates (bot/web/templates) and Python (bot/web):

* JavaScript: no `innerHTML`/`outerHTML` assignment, `insertAdjacentHTML`, `document.write`, `eval`,
  `new Function`, string timers or `createContextualFragment`, except the constant uses in
  ALLOWED_JS (each with the reason; an allowed use must assign a constant string literal);
* templates: no `|safe`, no `{% autoescape false %}`, no `Markup`, every `{{ }}` in an attribute is
  quoted, URL attributes never start with a template value and `tojson` is used only where allowed;
* Python: every jinja2 Environment has autoescape on, no Markup/jinja2.Template, and HTML responses
  come only from `render()` (templates).

The behaviour (escaped output in the pages) is tested in tests/web/test_staff.py and the browser tests.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot.web.app import TEMPLATES_KEY, create_app
from tests.conftest import ROOT
from tests.web.conftest import config

WEB = ROOT / "bot" / "web"

JS_SINKS = {
    "innerHTML/outerHTML assignment": re.compile(r"\.(?:inner|outer)HTML\s*\+?=(?!=)"),
    "insertAdjacentHTML": re.compile(r"\binsertAdjacentHTML\s*\("),
    "document.write": re.compile(r"\bdocument\s*\.\s*write(?:ln)?\s*\("),
    "eval": re.compile(r"(?<![\w$])eval\s*\("),
    "new Function": re.compile(r"\bnew\s+Function\s*\("),
    "string timer": re.compile(r"\bset(?:Timeout|Interval)\s*\(\s*[\"'`]"),
    "createContextualFragment": re.compile(r"\bcreateContextualFragment\s*\("),
    "jQuery .html()": re.compile(r"\.html\s*\(\s*[^)\s]"),
}
#: (file, the line's code stripped) -> why it is safe. Only constant strings may be allowed here.
#: Empty: chat.js and staff.js build every node with createElement/textContent (clearing with textContent = "").
ALLOWED_JS: dict[tuple[str, str], str] = {}
_CONSTANT_ASSIGNMENT = re.compile(r"""\.(?:inner|outer)HTML\s*=\s*(?:"[^"\\$]*"|'[^'\\$]*')\s*;?$""")

TEMPLATE_SINKS = {
    "|safe filter": re.compile(r"\|\s*safe\b"),
    "autoescape false": re.compile(r"{%-?\s*autoescape\s+(?:false|False)"),
    "Markup": re.compile(r"\bMarkup\b"),
    "unquoted attribute value from a template": re.compile(r"=\s*{[{%]"),
    "URL attribute starting with a template value": re.compile(
        r"\b(?:href|src|action|formaction|srcdoc|data)\s*=\s*[\"']\s*{{", re.IGNORECASE
    ),
    "tojson": re.compile(r"\|\s*tojson\b"),
}
#: (template, the line's code stripped) -> (which check it passes, why it is safe).
ALLOWED_TEMPLATE: dict[tuple[str, str], tuple[str, str]] = {
    (
        "staff.html",
        "{% if reply.other %}<p>Other content: <code>{{ reply.other|tojson }}</code></p>{% endif %}",
    ): ("tojson", "element content, not an attribute: jinja's tojson escapes < > & ' as \\u003c... (HTML-safe)"),
    (
        "staff.html",
        '<td>{% if rule.source_is_link %}<a class="usa-link" href="{{ rule.source_url }}" rel="noopener noreferrer" '
        'target="_blank">source<span class="usa-sr-only"> of {{ rule.id }} (opens in a new tab)</span></a>'
        "{% else %}{{ rule.source_url }}{% endif %}</td>",
    ): (
        "URL attribute starting with a template value",
        "a link only when source_is_link (http/https, bot.web.staff.rule_rows); tests/web/test_staff.py checks "
        "that a javascript: URL is shown as text",
    ),
}


def _strip_js_comments(source: str) -> str:
    """Comments out (they may name the sinks they avoid), line numbers kept. Good enough for our own files."""
    source = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), source, flags=re.DOTALL)
    return re.sub(r"(^|[\s;{}(),])//.*$", r"\1", source, flags=re.MULTILINE)


def js_findings(directory: Path) -> list[tuple[str, int, str, str]]:
    """(file, line, sink, code) of every sink use not in ALLOWED_JS as a constant assignment."""
    found = []
    for path in sorted(directory.glob("*.js")):
        for number, line in enumerate(_strip_js_comments(path.read_text(encoding="utf-8")).splitlines(), 1):
            code = line.strip()
            for sink, pattern in JS_SINKS.items():
                if not pattern.search(code):
                    continue
                allowed = (path.name, code) in ALLOWED_JS and _CONSTANT_ASSIGNMENT.search(code)
                if not allowed:
                    found.append((path.name, number, sink, code))
    return found


def template_findings(directory: Path) -> list[tuple[str, int, str, str]]:
    found = []
    for path in sorted(directory.glob("*.html")):
        source = re.sub(r"{#.*?#}", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)  # jinja comments
        for number, line in enumerate(source.splitlines(), 1):
            code = line.strip()
            for check, pattern in TEMPLATE_SINKS.items():
                if pattern.search(code) and ALLOWED_TEMPLATE.get((path.name, code), ("",))[0] != check:
                    found.append((path.name, number, check, code))
    return found


def test_scripts_never_insert_html() -> None:
    assert sorted(p.name for p in (WEB / "static").glob("*.js")) == ["chat.js", "staff.js"]  # new file? review it
    assert js_findings(WEB / "static") == []
    for path in (WEB / "static").glob("*.js"):
        assert "textContent" in path.read_text()  # text is put in with textContent (see each file's header)


def test_templates_never_mark_data_safe() -> None:
    assert template_findings(WEB / "templates") == []


def test_allow_lists_match_something() -> None:
    """An allowed line that no longer exists must leave the allow-list (so that it cannot hide a new one)."""
    lines = {
        (path.name, line.strip())
        for path in [*(WEB / "static").glob("*.js"), *(WEB / "templates").glob("*.html")]
        for line in path.read_text(encoding="utf-8").splitlines()
    }
    assert set(ALLOWED_JS) <= lines and set(ALLOWED_TEMPLATE) <= lines


@pytest.mark.parametrize(
    "line",
    [
        "bubble.innerHTML = message.text;",
        "bubble.innerHTML += '<p>' + text + '</p>';",
        "log.outerHTML = `<div>${text}</div>`;",
        "node.insertAdjacentHTML('beforeend', reply);",
        "document.write(reply.text);",
        "window.eval(code);",
        "var f = new Function(body);",
        "setTimeout('render(' + id + ')', 10);",
        "$(node).html(text);",
    ],
)
def test_the_script_checker_catches_html_sinks(tmp_path: Path, line: str) -> None:
    (tmp_path / "bad.js").write_text(f"// a comment: innerHTML is fine here\n(function () {{\n  {line}\n}})();\n")
    assert [(name, number) for name, number, _sink, _code in js_findings(tmp_path)] == [("bad.js", 3)]


def test_the_script_checker_ignores_comments_and_text_content(tmp_path: Path) -> None:
    (tmp_path / "good.js").write_text(
        "/* never innerHTML = text; never document.write() */\n"
        "var url = 'https://x.gov/a'; // not a comment start inside the string? it is one: innerHTML = x\n"
        "node.textContent = text;\nif (a.innerHTML === b) {}\n"
    )
    assert js_findings(tmp_path) == []


@pytest.mark.parametrize(
    "line",
    [
        "<p>{{ reply.text|safe }}</p>",
        "{% autoescape false %}{{ x }}{% endautoescape %}",
        "<input value={{ message }}>",
        '<a href="{{ url }}">link</a>',
        "<p>{{ Markup(x) }}</p>",
        "<div data-x='{{ x|tojson }}'></div>",
    ],
)
def test_the_template_checker_catches_unsafe_markup(tmp_path: Path, line: str) -> None:
    (tmp_path / "bad.html").write_text(f"{{# a comment: |safe #}}\n<main>\n{line}\n</main>\n")
    assert {(name, number) for name, number, _check, _code in template_findings(tmp_path)} == {("bad.html", 3)}


# ---- Python (bot/web): autoescape on, HTML only from templates ------------------------------


def _python_findings() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(WEB.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {
            child: node.name
            for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            for child in ast.walk(node)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id == "Markup":
                found.append((path.name, node.lineno, "Markup"))
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            keywords = {keyword.arg: keyword.value for keyword in node.keywords}
            if name == "Markup":
                found.append((path.name, node.lineno, "Markup"))
            if name == "Template":
                found.append((path.name, node.lineno, "jinja2.Template (autoescape off by default)"))
            jinja_setup = name == "setup" and getattr(node.func, "value", None) is not None
            jinja_setup = jinja_setup and getattr(node.func.value, "id", "") == "aiohttp_jinja2"
            if name == "Environment" or jinja_setup:
                autoescape = keywords.get("autoescape")
                if autoescape is None or (isinstance(autoescape, ast.Constant) and autoescape.value is not True):
                    found.append((path.name, node.lineno, f"{name} without autoescape=True"))
            content_type = keywords.get("content_type")
            html = isinstance(content_type, ast.Constant) and "html" in str(content_type.value)
            if html and functions.get(node) != "render":
                found.append((path.name, node.lineno, "an HTML response not built by render()"))
    return found


def test_web_python_escapes_everything() -> None:
    assert _python_findings() == []


def test_the_app_templates_escape_markup() -> None:
    environment = create_app(config())[TEMPLATES_KEY]
    assert environment.autoescape is True
    html = environment.from_string('<p title="{{ x }}">{{ x }}</p>').render(x='"><img src=x onerror=alert(1)>')
    assert "<img" not in html and "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
