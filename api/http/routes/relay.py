"""Relay: submit a holder's signed vote or a contributor's signed claim from the relayer.

Each request is checked before anything is sent: input shape (422), rate limit per client IP
(429), the chain's state (404 unknown, 409 already voted / task not open), the signature's
deadline (422), the relayer's policy (403 not eligible; see api.http.relay_policy and
`GET /relay/policy`), then an `eth_call` simulation whose revert is answered with the
contract's custom error (409 conflict with the chain's state, 422 bad signature), then the
daily quotas (429) and gas budget (403). A replayed signature is refused by the chain's nonce
or state and reported the same way.
"""

from __future__ import annotations

import time
from typing import Any

from eth_utils import to_checksum_address
from fastapi import APIRouter, Request
from web3.exceptions import ContractCustomError, ContractLogicError, Web3RPCError

from api.chain.types import TaskInfo, TaskStatus, decode_view
from api.http.deps import SessionDep, StateDep, checked_address
from api.http.errors import ERROR_RESPONSES, WRITE_ERROR_RESPONSES, ApiError
from api.http.relay import Relayer
from api.http.relay_policy import (
    DAY,
    check_claimant,
    check_deadline,
    check_voting_power,
    utc_day,
)
from api.http.schemas.relay import (
    ClaimRelayIn,
    RelayClaimsPolicy,
    RelayGasBudget,
    RelayPolicyOut,
    RelayQuotas,
    RelayResult,
    RelayVotesPolicy,
    VoteRelayIn,
)

router = APIRouter(prefix="/relay", tags=["relay"])


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _admit(state: Any, request: Request) -> Relayer:
    if state.relayer is None:
        raise ApiError(
            503, "relay_disabled", "this server has no relayer account (TEAL_RELAYER=none)"
        )
    wait = state.relay_limiter.acquire(_client(request))
    if wait > 0:
        raise ApiError(
            429,
            "rate_limited",
            f"too many relay requests; retry in {wait:.0f} s",
            headers={"Retry-After": str(max(1, round(wait)))},
        )
    return state.relayer  # type: ignore[no-any-return]


def _contract(state: Any, name: str) -> Any:
    contract = state.chain.contracts.get(name)
    if contract is None:
        raise ApiError(404, "contract_not_deployed", f"{name} is not in this deployment's manifest")
    return contract


def _chain_head(state: Any) -> dict[str, Any]:
    """The latest block (number, timestamp): the chain's clock for the relay's checks."""
    try:
        return dict(state.chain.w3.eth.get_block("latest"))
    except (ConnectionError, OSError) as exc:
        raise ApiError(
            503, "chain_unavailable", f"the chain node is unreachable: {type(exc).__name__}"
        ) from None


def _read(relayer: Relayer, view: Any) -> Any:
    """A view call for the relay's checks; a revert answered like a relay's."""
    try:
        return view.call()
    except (ContractCustomError, ContractLogicError, Web3RPCError) as exc:
        raise relayer.refusal(exc) from None
    except (ConnectionError, OSError) as exc:
        raise ApiError(
            503, "chain_unavailable", f"the chain node is unreachable: {type(exc).__name__}"
        ) from None


_RELAY_RESPONSES: dict[int | str, dict[str, Any]] = {
    **WRITE_ERROR_RESPONSES,
    403: {
        "model": WRITE_ERROR_RESPONSES[409]["model"],
        "description": "Refused by the relayer's policy (`relay_not_eligible`), or its gas "
        "budget for today is spent (`relay_budget_spent`, with Retry-After).",
    },
    429: {
        "model": WRITE_ERROR_RESPONSES[409]["model"],
        "description": "Too many relay requests from this client (`rate_limited`) or a daily "
        "quota reached (`relay_quota_exceeded`); retry after `Retry-After` seconds.",
    },
}


@router.get(
    "/policy",
    response_model=RelayPolicyOut,
    summary="What the relayer pays for: eligibility, deadlines, quotas, gas budget.",
    responses={k: v for k, v in ERROR_RESPONSES.items() if k in (500, 503)},
)
def relay_policy(state: StateDep) -> RelayPolicyOut:
    settings = state.settings
    relayer: Relayer | None = state.relayer
    spent = relayer.ledger.spent_today() if relayer and relayer.ledger else 0
    budget = settings.relay_daily_gas_budget_wei
    return RelayPolicyOut(
        enabled=relayer is not None,
        relayer=relayer.address if relayer else None,
        claims=RelayClaimsPolicy(
            claimants=settings.relay_claimants,
            allowlist=sorted(to_checksum_address(a) for a in settings.relay_allowlist_set),
            open_workstreams=sorted(settings.relay_open_workstream_ids),
            max_deadline_seconds=settings.relay_max_deadline_seconds,
        ),
        votes=RelayVotesPolicy(min_voting_power="0"),
        quotas=RelayQuotas(
            per_ip_per_minute=settings.relay_rate_limit,
            per_ip_per_day=settings.relay_ip_daily_limit,
            per_account_per_day=settings.relay_account_daily_limit,
        ),
        gas_budget=RelayGasBudget(
            daily_wei=str(budget),
            spent_today_wei=str(spent),
            remaining_wei=str(max(0, budget - spent)),
            resets_at=(utc_day(time.time()) + 1) * DAY,
        ),
    )


@router.post(
    "/votes",
    response_model=RelayResult,
    summary="Relay a signed vote (Governor.castVoteBySig).",
    responses=_RELAY_RESPONSES,
)
def relay_vote(
    body: VoteRelayIn, request: Request, state: StateDep, session: SessionDep
) -> RelayResult:
    voter = checked_address(body.voter, "body.voter")
    proposal_id = int(body.proposal_id)
    if proposal_id >= 2**256:
        raise ApiError(
            422, "invalid_request", "proposal_id does not fit in uint256", field="body.proposal_id"
        )
    relayer = _admit(state, request)
    governor = _contract(state, "TealGovernor")
    snapshot = int(_read(relayer, governor.functions.proposalSnapshot(proposal_id)))
    if snapshot == 0:
        raise ApiError(
            404, "proposal_not_found", f"no proposal {proposal_id} on chain", field="body.proposal_id"
        )
    if _read(relayer, governor.functions.hasVoted(proposal_id, voter)):
        raise ApiError(
            409,
            "already_voted",
            f"{voter} has already voted on proposal {proposal_id}",
            field="body.voter",
        )
    if snapshot < int(_chain_head(state)["number"]):  # else pending: the simulation says so
        weight = int(_read(relayer, governor.functions.getVotes(voter, snapshot)))
        check_voting_power(voter=voter, proposal_id=proposal_id, weight=weight, snapshot=snapshot)
    call = governor.functions.castVoteBySig(
        proposal_id, body.support, voter, bytes.fromhex(body.signature[2:])
    )
    return RelayResult(**relayer.relay(call, account=voter, client=_client(request)))


@router.post(
    "/claims",
    response_model=RelayResult,
    summary="Relay a signed task claim (TaskBoard.claimBySig).",
    responses=_RELAY_RESPONSES,
)
def relay_claim(
    body: ClaimRelayIn, request: Request, state: StateDep, session: SessionDep
) -> RelayResult:
    claimant = checked_address(body.claimant, "body.claimant")
    relayer = _admit(state, request)
    board = _contract(state, "TaskBoard")
    try:
        info = decode_view(TaskInfo, board.abi, "task", _read(relayer, board.functions.task(body.task_id)))
    except ApiError as exc:
        if exc.field == "TaskUnknown":
            raise ApiError(
                404, "task_not_found", f"no task {body.task_id} on chain", field="body.task_id"
            ) from None
        raise
    status = info.status
    if status == TaskStatus.NONE:
        raise ApiError(
            404, "task_not_found", f"no task {body.task_id} on chain", field="body.task_id"
        )
    chain_time = int(_chain_head(state)["timestamp"])
    check_deadline(settings=state.settings, deadline=body.deadline, chain_time=chain_time)
    if status != TaskStatus.OPEN:
        shown = status.label
        raise ApiError(
            409, "task_not_open", f"task {body.task_id} is {shown}, not open", field="body.task_id"
        )
    check_claimant(
        settings=state.settings,
        session=session,
        claimant=claimant,
        task_id=body.task_id,
        workstream_id=info.workstream_id,
    )
    terms = {"reward": int(body.reward), "max_bond": int(body.max_bond), "nonce": int(body.nonce)}
    for name, value in terms.items():
        if value >= 2**256:
            raise ApiError(422, "invalid_request", f"{name} does not fit in uint256", field=f"body.{name}")
    call = board.functions.claimBySig(
        body.task_id,
        to_checksum_address(claimant),
        terms["reward"],
        terms["max_bond"],
        terms["nonce"],
        body.deadline,
        bytes.fromhex(body.signature[2:]),
    )
    return RelayResult(**relayer.relay(call, account=claimant, client=_client(request)))
