"""User Markdown is rendered, and nothing in it can run script on the page."""

import re
from html.parser import HTMLParser

import pytest

from kipina.core.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render

URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")

# Each payload tries to get script, an event handler or a script URL onto the page.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//example.invalid/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">klikkaa</a>',
    "[klikkaa](javascript:alert(1))",
    "[klikkaa](JaVaScRiPt:alert(1))",
    "[klikkaa](jav&#x09;ascript:alert(1))",
    "[klikkaa](  javascript:alert(1))",
    "[klikkaa](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klikkaa](vbscript:msgbox(1))",
    "![kuva](javascript:alert(1))",
    '<div onmouseover="alert(1)">hover</div>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="javascript:alert(1)"></iframe>',
    "<style>body{display:none}</style>",
    '<a href="#" onclick="alert(1)">x</a>',
    "<<script>script>alert(1)<</script>/script>",
    '[x](https://example.invalid/ "title\\" onmouseover=\\"alert(1)")',
    "<details open ontoggle=alert(1)>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
]


class _Tags(HTMLParser):
    """Every start tag with its attributes, as a browser would parse the output."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def tags_of(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_script_reaches_the_page(payload):
    for tag, attributes in tags_of(str(render(payload))):
        assert tag in ALLOWED_TAGS
        for name, value in attributes.items():
            assert not name.startswith("on")
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}
            if name == "href":
                # A browser reads a scheme only as letters, digits, + . - before a colon
                # (after trimming spaces and removing tabs/newlines); anything else is a path.
                url = value.strip().replace("\t", "").replace("\n", "").replace("\r", "")
                scheme = URL_SCHEME.match(url)
                assert scheme is None or scheme[1].lower() in {"http", "https", "mailto"}, value


def test_the_payloads_do_render_tags_for_the_safe_parts():
    # A sanity check on the check above: links with safe URLs do come through as tags.
    assert tags_of(str(render("[x](https://example.invalid/)")))[1][0] == "a"


def test_attributes_of_rendered_tags_are_only_the_allowed_ones():
    html = str(render('[ok](https://example.invalid/ "otsikko") <b onclick="x">b</b>'))
    assert '<a href="https://example.invalid/" title="otsikko" rel="noopener' in html
    assert "onclick" not in html.split("&lt;b")[0]


def test_markdown_is_rendered():
    html = str(
        render("# Otsikko\n\n1. **Yksi**\n2. *Kaksi*\n\n- [linkki](https://example.invalid)")
    )
    assert "<h3>Otsikko</h3>" in html  # the page owns h1 and h2
    assert "<ol>" in html and "<strong>Yksi</strong>" in html and "<em>Kaksi</em>" in html
    assert '<a href="https://example.invalid"' in html


def test_raw_html_is_shown_as_text():
    assert str(render("<b>lihava</b>")) == "<p>&lt;b&gt;lihava&lt;/b&gt;</p>\n"


def test_empty_text():
    assert str(render("")) == ""
    assert str(render(None)) == ""
