"""What the dashboard tests share besides fixtures: the demo people who act in them, and
reading the JSON API as a client does for their expectations."""

from __future__ import annotations

# Demo accounts (scripts/demo_dao_content.py PEOPLE: index in the dev mnemonic) that write the
# hostile documents: a delegated holder proposes, a Community member (no claim bond) creates a
# task, a contributor claims and submits it.
PROPOSER, MEMBER, CONTRIBUTOR = ("ana", 1), ("dmitri", 4), ("rosa", 18)


def all_items(http, path: str, **params) -> list[dict]:
    """Every item of a JSON list, following `next_cursor`."""
    items, cursor = [], None
    while True:
        body = http.get(path, params={**params, "limit": 100, **({"cursor": cursor} if cursor else {})}).json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items
