"""User Markdown to safe HTML: markdown-it-py renders, nh3 sanitises what comes out.

Raw HTML in the source is not rendered (it shows as text), and whatever the renderer produces
passes an allow-list of tags, attributes and URL schemes, so `<script>`, event-handler
attributes and `javascript:` links never reach a page.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

# CommonMark with tables and strikethrough; html=False escapes raw HTML in the source.
_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
    ["table", "strikethrough"]
)


def _demote_headings(html: str) -> str:
    """Headings in user text start at h3: the page owns h1 and h2."""
    for level in (6, 5, 4, 3, 2, 1):
        target = min(level + 2, 6)
        html = html.replace(f"<h{level}>", f"<h{target}>").replace(f"</h{level}>", f"</h{target}>")
    return html


def render(text: str) -> SafeString:
    """Markdown → sanitised HTML, safe to put on a page."""
    html = _demote_headings(_renderer.render(text or ""))
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 — nh3 has just sanitised it
