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


def test_member_changes_and_epochs_are_worded_by_the_chains_clock():
    from api.http.dashboard.pages import epoch_state, member_change_state
    from api.http.schemas.rewards import EpochSummary
    from api.http.schemas.workstreams import MemberChangeOut

    addr = "0x" + "11" * 20
    change = MemberChangeOut(
        id=1, account=addr, add=True, proposer=addr, approvals=1, executed=False, withdrawn=False,
        proposed_at=1_000, expires_at=1_000 + 14 * 86_400,
    )  # fmt: skip
    # Approvable up to and at its expiry (the contract refuses only after it), expired after.
    assert member_change_state(change, 1_000 + 14 * 86_400) == "pending"
    assert member_change_state(change, 1_001 + 14 * 86_400) == "expired"
    assert member_change_state(change.model_copy(update={"withdrawn": True}), 2_000) == "withdrawn"
    assert member_change_state(change.model_copy(update={"executed": True}), 10**9) == "executed"

    epoch = EpochSummary(
        id=1, workstream_id=1, token=addr, pot="10", total="0", held="10", root=None, start=100, end=200,
        claim_deadline=300, reclaimed=False, claimed_count=0, claimed_amount="0", epoch_cid="c", distribution_cid=None,
    )  # fmt: skip
    assert [epoch_state(epoch, t) for t in (150, 200)] == ["open", "awaiting root"]
    rooted = epoch.model_copy(update={"root": "0x" + "ab" * 32, "total": "9"})
    assert [epoch_state(rooted, t) for t in (250, 300, 301)] == ["claiming", "claiming", "closed"]
    assert epoch_state(rooted.model_copy(update={"reclaimed": True}), 250) == "reclaimed"
