"""Valid choices and scores per voting type, computed as snapshot.js 0.17.5's `voting` classes.

A vote is `(choice, balance)`; balances are floats in token units, as Snapshot's are.
`basic` is single choice over For / Against / Abstain.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

Vote = tuple[Any, float]


def _is_index(value: Any, n: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= n


def parse_choice(voting_type: str, raw: Any) -> Any:
    """The choice as its voting type uses it (weighted and quadratic are signed as JSON text)."""
    if voting_type in ("weighted", "quadratic") and isinstance(raw, str):
        try:
            return json.loads(raw)
        except ValueError:
            return None
    return raw


def is_valid_choice(voting_type: str, choice: Any, n: int) -> bool:
    if voting_type in ("single-choice", "basic"):
        return _is_index(choice, n)
    if voting_type in ("approval", "ranked-choice"):
        if not isinstance(choice, list) or not all(_is_index(c, n) for c in choice):
            return False
        if len(set(choice)) != len(choice):
            return False
        return voting_type == "approval" or len(choice) == n
    if voting_type in ("weighted", "quadratic"):
        if not isinstance(choice, dict) or not choice:
            return False
        if not all(k.isdigit() and _is_index(int(k), n) for k in choice):
            return False
        values = list(choice.values())
        numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
        return numeric and all(v >= 0 for v in values) and any(v > 0 for v in values)
    return False


def scores(voting_type: str, n: int, votes: Sequence[Vote]) -> list[float]:
    valid = [(c, b) for c, b in votes if is_valid_choice(voting_type, c, n)]
    if voting_type in ("single-choice", "basic"):
        return [sum(b for c, b in valid if c == i + 1) for i in range(n)]
    if voting_type == "approval":
        return [sum(b for c, b in valid if i + 1 in c) for i in range(n)]
    if voting_type == "quadratic":
        return _quadratic(n, valid)
    if voting_type == "weighted":
        return _weighted(n, valid)
    if voting_type == "ranked-choice":
        return _ranked(n, valid)
    raise ValueError(f"unknown voting type {voting_type!r}")


def scores_by_strategy(
    voting_type: str, n: int, strategies: int, votes: Sequence[tuple[Any, Sequence[float]]]
) -> list[list[float]]:
    """Per choice, per strategy: the proposal's own scoring run over the current votes with
    each voter's power under that strategy alone (`vp_by_strategy`, weights applied), as
    Snapshot's `scores_by_strategy`. For single-choice, approval, weighted and basic votes the
    columns add up to the choice's score. `votes` holds (parsed choice, vp_by_strategy)."""
    columns = [
        scores(voting_type, n, [(choice, float(by[i]) if i < len(by) else 0.0) for choice, by in votes])
        for i in range(strategies)
    ]
    return [[columns[i][c] for i in range(strategies)] for c in range(n)]


def _share(choice: dict[str, float], i: int) -> float:
    whole = sum(choice.values())
    part = choice.get(str(i), 0)
    return part / whole if whole else 0.0


def _quadratic(n: int, valid: list[Vote]) -> list[float]:
    total = sum(b for _, b in valid)
    quadratic = [sum(math.sqrt(_share(c, i + 1) * b) for c, b in valid) ** 2 for i in range(n)]
    whole = sum(quadratic)
    return [total * (q / whole if whole else 0.0) for q in quadratic]


def _weighted(n: int, valid: list[Vote]) -> list[float]:
    results = [sum(_share(c, i + 1) * b for c, b in valid) for i in range(n)]
    whole = sum(results)
    total = sum(b for _, b in valid)
    return [total * (r / whole if whole else 0.0) for r in results]


def _ranked(n: int, valid: list[Vote]) -> list[float]:
    """Instant runoff: drop the weakest first preference until one holds a majority of the
    ballots still counted, or fewer than 3 remain (snapshot.js's `irv`)."""
    ballots = [(list(c), b) for c, b in valid]
    if not ballots:
        return [0.0] * n
    while True:
        # Every candidate still on a ballot, in ascending order (JS orders integer keys so);
        # the first of the weakest is dropped.
        tally = dict.fromkeys(sorted({c for r, _ in ballots for c in r}), 0.0)
        for ranking, balance in ballots:
            tally[ranking[0]] += balance
        total = sum(b for _, b in ballots)
        top = max(tally.values())
        if top > total / 2 or len(tally) < 3:
            return [tally.get(i + 1, 0.0) for i in range(n)]
        bottom = min(tally, key=lambda k: tally[k])
        ballots = [([c for c in r if c != bottom], b) for r, b in ballots]
        ballots = [(r, b) for r, b in ballots if r]
