"""Markdown from untrusted documents (proposals, task specs, posts, reviews) to safe HTML.

Raw HTML in the source is shown as text, never passed through; links keep only the schemes
a reader can follow safely, anything else (javascript:, data:, vbscript:, relative tricks)
is rendered as plain text; images are not loaded (a document could track its readers).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markupsafe import Markup

SAFE_SCHEMES = frozenset({"http", "https", "ipfs", "mailto"})


def safe_url(url: str) -> bool:
    """True for absolute http(s)/ipfs/mailto URLs; browsers ignore control characters and
    whitespace inside a scheme, so those count as unsafe too."""
    text = url.strip()
    if any(ord(c) < 0x21 or c == "\\" for c in text.split(":", 1)[0]):
        return False
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return False
    return scheme in SAFE_SCHEMES


def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable("image")
    md.validateLink = safe_url  # type: ignore[method-assign]

    def link_open(self, tokens, idx, options, env):
        tokens[idx].attrSet("rel", "nofollow noopener noreferrer")
        return self.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    return md


_MD = _renderer()


def render_markdown(text: str | None) -> Markup:
    """Safe HTML for `text` (empty for None)."""
    if not text:
        return Markup("")
    return Markup(_MD.render(text))  # noqa: S704 - html is off and links are checked above
