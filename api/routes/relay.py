"""Relay: submit a holder's signed vote or a contributor's signed claim from the relayer.

Each request is checked before anything is sent: input shape (422), rate limit per client IP
(429), chain state (409: already voted / task not open), then an `eth_call` simulation whose
revert is answered with the contract's custom error name (409 or 422). A replayed signature
is refused by the chain's nonce or state and reported the same way.
"""

from __future__ import annotations

import logging
from typing import Any

from eth_utils import to_checksum_address
from fastapi import APIRouter, Request
from web3.exceptions import ContractCustomError

from api.deps import StateDep, checked_address
from api.errors import WRITE_ERROR_RESPONSES, ApiError
from api.relay import Relayer
from api.schemas_http import ClaimRelayIn, RelayResult, VoteRelayIn

log = logging.getLogger(__name__)
router = APIRouter(prefix="/relay", tags=["relay"], responses=WRITE_ERROR_RESPONSES)


def _admit(state: Any, request: Request) -> Relayer:
    if state.relayer is None:
        raise ApiError(
            503, "relay_disabled", "this server has no relayer account (TEAL_RELAYER=none)"
        )
    client = request.client.host if request.client else "unknown"
    wait = state.relay_limiter.acquire(client)
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


@router.post(
    "/votes", response_model=RelayResult, summary="Relay a signed vote (Governor.castVoteBySig)."
)
def relay_vote(body: VoteRelayIn, request: Request, state: StateDep) -> RelayResult:
    voter = checked_address(body.voter, "body.voter")
    proposal_id = int(body.proposal_id)
    if proposal_id >= 2**256:
        raise ApiError(
            422, "invalid_request", "proposal_id does not fit in uint256", field="body.proposal_id"
        )
    relayer = _admit(state, request)
    governor = _contract(state, "TealGovernor")
    try:
        if governor.functions.hasVoted(proposal_id, voter).call():
            raise ApiError(
                409,
                "already_voted",
                f"{voter} has already voted on proposal {proposal_id}",
                field="body.voter",
            )
    except ApiError:
        raise
    except Exception as exc:  # noqa: BLE001 - the simulation below decides and names the error
        log.debug("hasVoted(%s) failed: %s", proposal_id, exc)
    call = governor.functions.castVoteBySig(
        proposal_id, body.support, voter, bytes.fromhex(body.signature[2:])
    )
    relayer.simulate(call)
    return RelayResult(**relayer.send(call))


@router.post(
    "/claims",
    response_model=RelayResult,
    summary="Relay a signed task claim (TaskBoard.claimBySig).",
)
def relay_claim(body: ClaimRelayIn, request: Request, state: StateDep) -> RelayResult:
    claimant = checked_address(body.claimant, "body.claimant")
    relayer = _admit(state, request)
    board = _contract(state, "TaskBoard")
    try:
        info = board.functions.task(body.task_id).call()
    except ContractCustomError as exc:
        name, _ = state.chain.error_name(exc.data)
        if name == "TaskUnknown":
            raise ApiError(
                404, "task_not_found", f"no task {body.task_id} on chain", field="body.task_id"
            ) from None
        info = None
    except Exception:  # noqa: BLE001 - the simulation below decides and names the error
        info = None
    # TaskInfo(workstreamId, parentId, status, ...);
    # Status: None, Open, Claimed, Submitted, Paid, Cancelled.
    if info is not None and int(info[2]) != 1:
        names = ["unknown", "open", "claimed", "submitted", "paid", "cancelled"]
        status = names[int(info[2])] if int(info[2]) < len(names) else str(info[2])
        if int(info[2]) == 0:
            raise ApiError(
                404, "task_not_found", f"no task {body.task_id} on chain", field="body.task_id"
            )
        raise ApiError(
            409, "task_not_open", f"task {body.task_id} is {status}, not open", field="body.task_id"
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
    relayer.simulate(call)
    return RelayResult(**relayer.send(call))
