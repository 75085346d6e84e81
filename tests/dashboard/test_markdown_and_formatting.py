"""The dashboard's Markdown renderer and number formatting, without a browser."""

from __future__ import annotations

import pytest

from api.http.dashboard.formatting import duration, reason, tokens
from api.http.dashboard.markdown import render_markdown, safe_url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "/dashboard/tasks/1",
        "//evil.example/x",
    ],
)
def test_unsafe_or_relative_urls_are_refused(url):
    assert not safe_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a?b=c",
        "http://x.example",
        "ipfs://QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG",
        "mailto:team@example.org",
    ],
)
def test_http_ipfs_and_mailto_links_are_kept(url):
    assert safe_url(url)


def test_raw_html_is_shown_as_text():
    html = render_markdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">')

    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_javascript_links_are_not_links_and_real_links_get_rel():
    html = render_markdown("[a](javascript:alert(1)) [b](https://example.org)")

    assert 'href="javascript' not in html
    assert '<a href="https://example.org" rel="nofollow noopener noreferrer">b</a>' in html


def test_images_are_not_loaded():
    assert "<img" not in render_markdown("![pixel](https://tracker.example/p.png)")


def test_markdown_structure_is_rendered():
    html = render_markdown("# Plan\n\n- one\n- **two**\n\n| a | b |\n|---|---|\n| 1 | 2 |")

    assert "<h1>Plan</h1>" in html and "<strong>two</strong>" in html and "<table>" in html


def test_amounts_are_exact_whole_tokens():
    assert tokens("1234500000000000000000") == "1,234.5 TEAL"
    assert tokens(str(2**256 - 1), "T").startswith(
        "115,792,089,237,316,195,423,570,985,008,687,907,853,269,984,665,640,564,039,457"
    )
    assert tokens("1", "T") == "0 T"  # below display precision, never rounded up
    assert tokens("0") == "0 TEAL"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(None, "–"), (0, "0 s"), (59, "59 s"), (600, "10 min"), (5400, "1.5 h"), (7200, "2 h"), (3 * 86400, "3 d")],
)
def test_durations_read_in_the_largest_sensible_unit(seconds, text):
    assert duration(seconds) == text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("DocumentSchemaError: invalid document: body.title: too long", "body.title: too long"),
        ("SignatureError: the signature is not the author's", "the signature is not the author's"),
        ("no class name here", "no class name here"),
        ("ValueError: two\n  lines", "two lines"),
        (None, ""),
    ],
)
def test_document_reasons_lose_the_exception_name(raw, shown):
    assert reason(raw) == shown


def test_long_document_reasons_are_cut_to_one_short_line():
    shown = reason("DocumentSchemaError: " + "word " * 100)

    assert len(shown) <= 160 and shown.endswith("…") and "Error" not in shown
