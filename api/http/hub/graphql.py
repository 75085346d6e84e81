"""GraphQL over the hub with Ariadne: the subset of Snapshot's hub schema clients use most
(`space`, `spaces`, `proposal`, `proposals`, `votes`, `vp`), field names as Snapshot's."""

from __future__ import annotations

import json
from typing import Any

from ariadne import QueryType, make_executable_schema
from ariadne.asgi import GraphQL
from graphql import GraphQLError, GraphQLSchema

from api.http.hub.hub import Hub, HubError

SDL = """
type Query {
  space(id: String!): Space
  spaces(first: Int = 20, skip: Int = 0): [Space]
  proposal(id: String!): Proposal
  proposals(first: Int = 20, skip: Int = 0, where: ProposalWhere): [Proposal]
  votes(first: Int = 20, skip: Int = 0, where: VoteWhere): [Vote]
  vp(voter: String!, space: String!, proposal: String): Vp
}
input ProposalWhere { space: String, space_in: [String], author: String, id: String }
input VoteWhere { proposal: String, voter: String }
type Strategy { name: String!, network: String, params: String }
type Space {
  id: String!, name: String, network: String, symbol: String, admins: [String],
  strategies: [Strategy], voting: SpaceVoting, filters: SpaceFilters, validation: Validation
}
type SpaceVoting { delay: Int, period: Int, quorum: Float, type: String, privacy: String }
type SpaceFilters { minScore: Float, onlyMembers: Boolean }
type Validation { name: String, params: String }
type Proposal {
  id: String!, ipfs: String, author: String!, created: Int!, space: Space, network: String,
  symbol: String, type: String, strategies: [Strategy], title: String!, body: String,
  discussion: String, choices: [String]!, start: Int!, end: Int!, quorum: Float,
  snapshot: String, state: String, scores: [Float], scores_by_strategy: Any, scores_total: Float,
  scores_state: String,
  votes: Int, quorum_met: Boolean
}
type Vote {
  id: String!, ipfs: String, voter: String!, created: Int!, space: Space, proposal: Proposal,
  choice: Any!, reason: String, app: String, vp: Float, vp_by_strategy: [Float], vp_state: String
}
type Vp { vp: Float, vp_by_strategy: [Float], vp_state: String }
scalar Any
"""

query = QueryType()


def _hub(info: Any) -> Hub:
    return info.context["request"].app.state.teal.extra["hub"]


def _space(hub: Hub, space_id: str) -> dict[str, Any] | None:
    s = hub.spaces.get(space_id)
    if s is None:
        return None
    return {
        "id": s.id,
        "name": s.name,
        "network": s.network,
        "symbol": s.symbol,
        "admins": list(s.admins),
        "strategies": [
            {"name": st.name, "network": s.network, "params": json.dumps({**st.params, "weight": st.weight})}
            for st in s.strategies
        ],
        "voting": {"delay": s.delay_min, "period": s.period_max, "quorum": s.quorum, "type": None, "privacy": ""},
        "filters": {"minScore": s.threshold, "onlyMembers": False},
        "validation": {"name": "basic", "params": "{}"},
    }


def _proposal(hub: Hub, p: dict[str, Any] | None) -> dict[str, Any] | None:
    if p is None:
        return None
    space = _space(hub, p["space"])
    return {
        **p,
        "space": space,
        "snapshot": str(p["snapshot"]),
        "strategies": space["strategies"] if space else [],
    }


def _limit(first: int) -> int:
    if not 0 <= first <= 1000:
        raise GraphQLError("first must be between 0 and 1000")
    return first


@query.field("space")
def resolve_space(_: Any, info: Any, id: str) -> Any:
    return _space(_hub(info), id)


@query.field("spaces")
def resolve_spaces(_: Any, info: Any, first: int = 20, skip: int = 0) -> Any:
    hub = _hub(info)
    return [_space(hub, s) for s in sorted(hub.spaces)][skip : skip + _limit(first)]


@query.field("proposal")
def resolve_proposal(_: Any, info: Any, id: str) -> Any:
    hub = _hub(info)
    return _proposal(hub, hub.proposal(id))


@query.field("proposals")
def resolve_proposals(_: Any, info: Any, first: int = 20, skip: int = 0, where: dict[str, Any] | None = None) -> Any:
    hub, where = _hub(info), where or {}
    if where.get("id"):
        one = hub.proposal(where["id"])
        return [_proposal(hub, one)] if one else []
    spaces = where.get("space_in") or [where.get("space")]
    out = []
    for space in spaces:
        out += hub.proposals(space=space, first=_limit(first), skip=skip, author=where.get("author"))
    return [_proposal(hub, p) for p in out][: _limit(first)]


@query.field("votes")
def resolve_votes(_: Any, info: Any, first: int = 20, skip: int = 0, where: dict[str, Any] | None = None) -> Any:
    hub, where = _hub(info), where or {}
    if not where.get("proposal"):
        raise GraphQLError("votes needs where: {proposal: ID}")
    p = hub.proposal(where["proposal"])
    if p is None:
        return []
    out = []
    for v in hub.votes(where["proposal"], first=_limit(first), skip=skip, voter=where.get("voter")):
        out.append(
            {
                **v,
                "space": _space(hub, p["space"]),
                "proposal": _proposal(hub, p),
                "choice": _choice(p["type"], v["choice"]),
                "vp_state": p["scores_state"],
            }
        )
    return out


def _choice(voting_type: str, raw: Any) -> Any:
    from api.hub.scores import parse_choice

    return parse_choice(voting_type, raw)


@query.field("vp")
def resolve_vp(_: Any, info: Any, voter: str, space: str, proposal: str | None = None) -> Any:
    try:
        return _hub(info).vp(space, voter, proposal)
    except HubError as exc:
        raise GraphQLError(exc.description) from None


def schema() -> GraphQLSchema:
    return make_executable_schema(SDL, query)


def graphql_app() -> GraphQL:
    return GraphQL(schema(), debug=False)
