"""The dashboard's signal vote pages: a space's signal proposals (the DAO's by default), and
one proposal with its scores (recomputed from the current votes on every load), quorum,
votes, and the binding proposal that escalated it. Read from the hub, as /snapshot/... is."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.http.dashboard.render import env, page
from api.http.deps import StateDep
from api.http.errors import quote
from api.http.hub.hub import Hub
from api.hub.scores import parse_choice
from api.hub.spaces import DAO_SPACE

router = APIRouter(prefix="/dashboard/signals", include_in_schema=False)
DIGEST = re.compile(r"^0x[0-9a-fA-F]{64}$")
SPACE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
LIST_SIZE = 100


def power(value: float | None) -> str:
    """Voting power as Snapshot shows it: token units, grouped, at most 2 decimals."""
    if value is None:
        return "–"
    text = f"{value:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


env.filters["power"] = power


def _hub(state: StateDep) -> Hub:
    hub = state.extra["hub"]
    assert isinstance(hub, Hub)
    return hub


def choice_text(voting_type: str, choices: list[str], raw: Any) -> str:
    """A vote's choice in words: "Yes"; "A, C" (approval); "B > A > C" (ranked);
    "A 25%, B 75%" (weighted, quadratic)."""
    choice = parse_choice(voting_type, raw)

    def name(i: Any) -> str:
        return choices[i - 1] if isinstance(i, int) and 1 <= i <= len(choices) else f"#{i}"

    if isinstance(choice, int):
        return name(choice)
    if isinstance(choice, list):
        return (" > " if voting_type == "ranked-choice" else ", ").join(name(i) for i in choice)
    if isinstance(choice, dict):
        whole = sum(v for v in choice.values() if isinstance(v, (int, float))) or 1
        return ", ".join(f"{name(int(k))} {v / whole:.0%}" for k, v in choice.items() if k.isdigit())
    return json.dumps(raw)


def _missing(state: StateDep, what: str, value: str) -> HTMLResponse:
    return page(state, "error.html", status=404, code=f"{what}_not_found", message=f"no {what} {quote(value)}")


@router.get("", response_class=HTMLResponse)
def signal_list(state: StateDep, space: str = DAO_SPACE) -> HTMLResponse:
    hub = _hub(state)
    if not SPACE_ID.fullmatch(space) or space not in hub.spaces:
        return _missing(state, "space", space[:64])
    spaces = sorted(hub.spaces.values(), key=lambda s: (s.id != DAO_SPACE, s.id))
    return page(
        state, "signals.html", space=hub.spaces[space], spaces=spaces,
        proposals=hub.proposals(space=space, first=LIST_SIZE),
    )  # fmt: skip


@router.get("/{proposal_id}", response_class=HTMLResponse)
def signal(proposal_id: str, state: StateDep) -> HTMLResponse:
    hub = _hub(state)
    found = hub.proposal(proposal_id.lower()) if DIGEST.fullmatch(proposal_id) else None
    if found is None:
        return _missing(state, "signal proposal", proposal_id[:66])
    votes = hub.votes(found["id"], first=1000)
    total = found["scores_total"] or 0.0
    return page(
        state, "signal.html", p=found, space=hub.spaces.get(found["space"]),
        votes=[{**v, "choice_text": choice_text(found["type"], found["choices"], v["choice"])} for v in votes],
        shares=[s / total if total else 0.0 for s in found["scores"]],
        quorum_share=min(1.0, total / found["quorum"]) if found["quorum"] else None,
        by_strategy=found["scores_by_strategy"],
    )  # fmt: skip
