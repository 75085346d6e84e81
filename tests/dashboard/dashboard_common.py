"""What the dashboard tests share besides fixtures: the demo people who act in them, and
the hostile documents the fixtures write and the page tests look for."""

from __future__ import annotations

# Demo accounts (scripts/demo_dao_content.py PEOPLE: index in the dev mnemonic) that write the
# hostile documents: a delegated holder proposes, a Community member (no claim bond) creates a
# task, a contributor claims and submits it.
PROPOSER, MEMBER, CONTRIBUTOR = ("ana", 1), ("dmitri", 4), ("rosa", 18)

# Hostile documents the fixtures add (tests/dashboard/conftest.py), read back by the page tests.
HOSTILE_TEAM = "Community"

# What an attacker would write into a document: each tries to run script or leave a
# javascript: link; `window.__pwned` is set if any of them runs.
HOSTILE_MARKDOWN = """\
Plain words, then an attack.

<script>window.__pwned = "script tag"</script>

[click for details](javascript:window.__pwned='markdown link')
[also this](JaVaScRiPt:window.__pwned='mixed case')
<a href="javascript:window.__pwned='raw anchor'">raw anchor</a>
<img src="x" onerror="window.__pwned='img onerror'">
<javascript:window.__pwned='autolink'>

A [real link](https://example.org/teal) stays.
"""
HOSTILE_TITLE = "Fund <script>window.__pwned='title'</script> research"
