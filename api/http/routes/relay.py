"""Relay: submit from the relayer a holder's signed vote or delegation, a contributor's signed
claim, any member's or contributor's signed ERC-2771 ForwardRequest (claim with a permitted
bond, submit, review, abandon, withdraw owed, member changes: `POST /relay/forward`), or an
account's leaf of a peer-allocation epoch (`POST /relay/epoch-claims`: no signature needed,
the leaf pays only its account).

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

from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import to_checksum_address
from fastapi import APIRouter, Request
from web3.exceptions import ContractCustomError, ContractLogicError, Web3RPCError

from api.chain.forwarding import FORWARD_TARGETS, FORWARDER, PERMIT_ABI, ForwardRequest
from api.chain.typed_data import delegation, domain
from api.chain.types import TaskInfo, TaskStatus, decode_view
from api.http.deps import SessionDep, StateDep, checked_address
from api.http.errors import ERROR_RESPONSES, WRITE_ERROR_RESPONSES, ApiError
from api.http.queries.rewards import posted_leaf
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
    DelegationRelayIn,
    EpochClaimRelayIn,
    ForwardRelayIn,
    RelayClaimsPolicy,
    RelayForwardPolicy,
    RelayGasBudget,
    RelayPolicyOut,
    RelayQuotas,
    RelayResult,
    RelayVotesPolicy,
    VoteRelayIn,
)

router = APIRouter(prefix="/relay", tags=["relay"])
# What a forwarded request may call: members' and contributors' own actions (governance and
# the board's hooks are refused by the contracts anyway; this names the problem first).
RELAYED_FUNCTIONS = {
    "TaskBoard": {
        "createTask",
        "cancel",
        "claim",
        "claimWithPermit",
        "cancelClaimNonces",
        "abandon",
        "reopenExpired",
        "submit",
        "approve",
        "reject",
        "finalize",
        "voteRelease",
        "escalate",
    },
    "Workstreams": {"proposeMemberChange", "approveMemberChange", "withdrawMemberChange", "withdrawOwed"},
    # The team's approvals (open an epoch, post its root, start/change/stop a stipend) and what
    # anyone may do for a receiver (claim a leaf, reclaim, withdraw or settle a stream).
    "MerkleDistributor": {"openEpoch", "postRoot", "claim", "reclaim"},
    "StipendStreams": {"startStream", "changeStream", "stopStream", "withdraw", "halt"},
}
CLAIM_FUNCTIONS = {"claim", "claimWithPermit"}


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _admit(state: Any, request: Request) -> Relayer:
    if state.relayer is None:
        raise ApiError(503, "relay_disabled", "this server has no relayer account (TEAL_RELAYER=none)")
    wait = state.relay_limiter.acquire(_client(request))
    if wait > 0:
        raise ApiError(
            429,
            "rate_limited",
            f"too many relay requests; retry in {wait:.0f} s",
            headers={"Retry-After": str(max(1, round(wait)))},
        )
    return state.relayer


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
        raise ApiError(503, "chain_unavailable", f"the chain node is unreachable: {type(exc).__name__}") from None


def _read(relayer: Relayer, view: Any) -> Any:
    """A view call for the relay's checks; a revert answered like a relay's."""
    try:
        return view.call()
    except (ContractCustomError, ContractLogicError, Web3RPCError) as exc:
        raise relayer.refusal(exc) from None
    except (ConnectionError, OSError) as exc:
        raise ApiError(503, "chain_unavailable", f"the chain node is unreachable: {type(exc).__name__}") from None


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
        forward=_forward_policy(state),
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


def _forward_policy(state: Any) -> RelayForwardPolicy | None:
    contracts = state.chain.contracts
    if FORWARDER not in contracts:
        return None
    return RelayForwardPolicy(
        forwarder=contracts[FORWARDER].address,
        targets={name: contracts[name].address for name in FORWARD_TARGETS if name in contracts},
        max_gas=state.settings.relay_forward_max_gas,
    )


@router.post(
    "/votes",
    response_model=RelayResult,
    summary="Relay a signed vote (Governor.castVoteBySig).",
    responses=_RELAY_RESPONSES,
)
def relay_vote(body: VoteRelayIn, request: Request, state: StateDep, session: SessionDep) -> RelayResult:
    voter = checked_address(body.voter, "body.voter")
    proposal_id = int(body.proposal_id)
    if proposal_id >= 2**256:
        raise ApiError(422, "invalid_request", "proposal_id does not fit in uint256", field="body.proposal_id")
    relayer = _admit(state, request)
    governor = _contract(state, "TealGovernor")
    snapshot = int(_read(relayer, governor.functions.proposalSnapshot(proposal_id)))
    if snapshot == 0:
        raise ApiError(404, "proposal_not_found", f"no proposal {proposal_id} on chain", field="body.proposal_id")
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
    signature = bytes.fromhex(body.signature[2:])
    if body.reason is None:
        call = governor.functions.castVoteBySig(proposal_id, body.support, voter, signature)
    else:
        call = governor.functions.castVoteWithReasonAndParamsBySig(
            proposal_id, body.support, voter, body.reason, b"", signature
        )
    return RelayResult(**relayer.relay(call, account=voter, client=_client(request)))


@router.post(
    "/claims",
    response_model=RelayResult,
    summary="Relay a signed task claim (TaskBoard.claimBySig).",
    responses=_RELAY_RESPONSES,
)
def relay_claim(body: ClaimRelayIn, request: Request, state: StateDep, session: SessionDep) -> RelayResult:
    claimant = checked_address(body.claimant, "body.claimant")
    relayer = _admit(state, request)
    board = _contract(state, "TaskBoard")
    try:
        info = decode_view(TaskInfo, board.abi, "task", _read(relayer, board.functions.task(body.task_id)))
    except ApiError as exc:
        if exc.field == "TaskUnknown":
            raise ApiError(404, "task_not_found", f"no task {body.task_id} on chain", field="body.task_id") from None
        raise
    status = info.status
    if status == TaskStatus.NONE:
        raise ApiError(404, "task_not_found", f"no task {body.task_id} on chain", field="body.task_id")
    chain_time = int(_chain_head(state)["timestamp"])
    check_deadline(settings=state.settings, deadline=body.deadline, chain_time=chain_time)
    if status != TaskStatus.OPEN:
        shown = status.label
        raise ApiError(409, "task_not_open", f"task {body.task_id} is {shown}, not open", field="body.task_id")
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


@router.post(
    "/epoch-claims",
    response_model=RelayResult,
    summary="Relay an account's claim of its epoch leaf (MerkleDistributor.claim).",
    responses=_RELAY_RESPONSES,
)
def relay_epoch_claim(body: EpochClaimRelayIn, request: Request, state: StateDep, session: SessionDep) -> RelayResult:
    """The leaf and proof are the server's (the distribution behind the epoch's posted root,
    as GET /dashboard/wallet/epoch-leaf finds them): 404 when it pays the account nothing or
    the epoch is unknown, 409 before the root or once claimed."""
    account = checked_address(body.account, "body.account")
    relayer = _admit(state, request)
    leaf = posted_leaf(state.store, session, body.epoch_id, account)
    if leaf is None:
        raise ApiError(
            404,
            "leaf_not_found",
            f"epoch {body.epoch_id}'s distribution pays nothing to {account}",
            field="body.account",
        )
    if leaf.claimed:
        raise ApiError(
            409, "already_claimed", f"leaf {leaf.index} of epoch {body.epoch_id} ({account}) was already claimed"
        )
    distributor = _contract(state, "MerkleDistributor")
    call = distributor.functions.claim(body.epoch_id, leaf.index, leaf.account, leaf.amount, leaf.proof)
    return RelayResult(**relayer.relay(call, account=account, client=_client(request)))


def _uint(value: str, field: str, bits: int = 256) -> int:
    number = int(value)
    if number >= 2**bits:
        raise ApiError(422, "invalid_request", f"{field} does not fit in uint{bits}", field=f"body.{field}")
    return number


def _check_nonce(*, signed: int, current: int, account: str, what: str) -> None:
    """A signature made with a used nonce is a replay (409); one ahead of the account's next
    nonce waits for an earlier one that was never sent (409 too: nothing to do with it now)."""
    if signed < current:
        raise ApiError(
            409,
            "nonce_used",
            f"{what} nonce {signed} of {account} is already used (next: {current}): "
            "a replayed or already relayed signature",
            field="body.nonce",
        )
    if signed > current:
        raise ApiError(
            409,
            "nonce_ahead",
            f"{what} nonce {signed} of {account} is ahead of its next nonce "
            f"{current}: an earlier signature is still unsent; sign again with {current}",
            field="body.nonce",
        )


@router.post(
    "/forward",
    response_model=RelayResult,
    summary="Relay a signed ERC-2771 ForwardRequest (TealForwarder.execute).",
    responses=_RELAY_RESPONSES,
)
def relay_forward(body: ForwardRelayIn, request: Request, state: StateDep, session: SessionDep) -> RelayResult:
    """Checks, in order: shape (422); rate limit (429); a forwarder in the manifest (404); the
    chain the request was signed for (422 `wrong_chain`); the target is this deployment's
    TaskBoard, Workstreams, MerkleDistributor or StipendStreams (422 `untrusted_target`) and the function a member's or
    contributor's action (422 `function_not_relayed`); no value (422); gas within the relayer's
    cap (422 `gas_above_cap`); deadline not passed (422 `request_expired`) nor too far; the
    signer's forwarder nonce (409 `nonce_used` for a replay); the signature (422
    `invalid_signature`: forged, altered, or signed for another chain or forwarder); for claims
    the relayer's claimant policy (403); then the simulation, answered with the target's own
    custom error (409/422/404); then quotas and gas budget."""
    sender = checked_address(body.sender, "body.from")
    to = checked_address(body.to, "body.to")
    relayer = _admit(state, request)
    forwarder = _contract(state, FORWARDER)
    chain_id = state.chain.manifest.chain_id
    if body.chain_id is not None and body.chain_id != chain_id:
        raise ApiError(
            422,
            "wrong_chain",
            f"the request was signed for chain {body.chain_id}; this relay sends to chain {chain_id}",
            field="body.chain_id",
        )
    contracts = state.chain.contracts
    targets = {contracts[n].address.lower(): n for n in FORWARD_TARGETS if n in contracts}
    target_name = targets.get(to.lower())
    if target_name is None:
        raise ApiError(
            422,
            "untrusted_target",
            f"{to} is not a contract of this deployment that trusts the "
            f"forwarder (targets: {', '.join(targets.values()) or 'none'})",
            field="body.to",
        )
    if len(body.data) % 2:
        raise ApiError(422, "invalid_request", "data is not a whole number of bytes", field="body.data")
    data = bytes.fromhex(body.data[2:])
    try:
        function, args = contracts[target_name].decode_function_input(data)
    except Exception:  # noqa: BLE001 - unknown selector or arguments that do not decode
        raise ApiError(
            422, "unknown_function", f"the data is no {target_name} function call", field="body.data"
        ) from None
    name = function.fn_name
    if name not in RELAYED_FUNCTIONS[target_name]:
        raise ApiError(
            422,
            "function_not_relayed",
            f"{target_name}.{name} is not a member's or contributor's "
            f"action; relayed: {', '.join(sorted(RELAYED_FUNCTIONS[target_name]))}",
            field="body.data",
        )
    if _uint(body.value, "value") != 0:
        raise ApiError(
            422, "value_not_relayed", "the relay sends no ether with a call: value must be 0", field="body.value"
        )
    gas = _uint(body.gas, "gas")
    cap = state.settings.relay_forward_max_gas
    if gas > cap:
        raise ApiError(
            422,
            "gas_above_cap",
            f"the request asks {gas:,} gas; this relayer gives a call at most {cap:,}",
            field="body.gas",
        )
    chain_time = int(_chain_head(state)["timestamp"])
    if body.deadline < chain_time:
        raise ApiError(
            422,
            "request_expired",
            f"the request's deadline {body.deadline} has passed (chain time {chain_time})",
            field="body.deadline",
        )
    check_deadline(settings=state.settings, deadline=body.deadline, chain_time=chain_time)
    nonce = _uint(body.nonce, "nonce")
    current = int(_read(relayer, forwarder.functions.nonces(sender)))
    _check_nonce(signed=nonce, current=current, account=sender, what="forwarder")
    forward = ForwardRequest(
        sender=sender,
        to=to,
        value=0,
        gas=gas,
        nonce=nonce,
        deadline=body.deadline,
        data=data,
        signature=bytes.fromhex(body.signature[2:]),
    )
    signer = forward.signer(chain_id=chain_id, forwarder=forwarder.address)
    if signer is None or signer.lower() != sender.lower():
        raise ApiError(
            422,
            "invalid_signature",
            f"the signature is not {sender}'s for this request on chain "
            f"{chain_id} and forwarder {forwarder.address}: signed by another key, for another chain "
            "or forwarder, or the request was altered",
            field="body.signature",
        )
    if target_name == "TaskBoard" and name in CLAIM_FUNCTIONS:
        _check_forwarded_claim(state, relayer, session, sender, int(args["taskId"]))
    call = forwarder.functions.execute(forward.execute_args())
    relayer.simulate_forwarded(call, forwarder=forwarder.address, to=to, data=data, sender=sender)
    return RelayResult(**relayer.send(call, account=sender, client=_client(request)))


def _check_forwarded_claim(state: Any, relayer: Relayer, session: Any, claimant: str, task_id: int) -> None:
    """The claimant policy of `POST /relay/claims`, for a claim sent through the forwarder."""
    board = _contract(state, "TaskBoard")
    try:
        info = decode_view(TaskInfo, board.abi, "task", _read(relayer, board.functions.task(task_id)))
    except ApiError as exc:
        if exc.field == "TaskUnknown":
            raise ApiError(404, "task_not_found", f"no task {task_id} on chain", field="body.data") from None
        raise
    check_claimant(
        settings=state.settings, session=session, claimant=claimant, task_id=task_id, workstream_id=info.workstream_id
    )


@router.post(
    "/delegations",
    response_model=RelayResult,
    summary="Relay a signed delegation (TealToken.delegateBySig).",
    responses=_RELAY_RESPONSES,
)
def relay_delegation(body: DelegationRelayIn, request: Request, state: StateDep, session: SessionDep) -> RelayResult:
    """Checks: shape (422); rate limit (429); expiry passed (422 `signature_expired`) or too far
    (422); the token nonce (409 `nonce_used` for a replay); the signature is the delegator's on
    this chain and token (422 `invalid_signature`: a signature by someone else would move *their*
    votes); the delegator holds tokens (403); then simulation, quotas and gas budget."""
    delegator = checked_address(body.delegator, "body.delegator")
    delegatee = checked_address(body.delegatee, "body.delegatee")
    relayer = _admit(state, request)
    token = _contract(state, "TealToken")
    chain_time = int(_chain_head(state)["timestamp"])
    if body.expiry < chain_time:
        raise ApiError(
            422,
            "signature_expired",
            f"the delegation's expiry {body.expiry} has passed (chain time {chain_time})",
            field="body.expiry",
        )
    check_deadline(settings=state.settings, deadline=body.expiry, chain_time=chain_time)
    nonce = _uint(body.nonce, "nonce")
    _check_nonce(
        signed=nonce, current=int(_read(relayer, token.functions.nonces(delegator))), account=delegator, what="token"
    )
    permit_view = state.chain.w3.eth.contract(address=token.address, abi=PERMIT_ABI)
    _, name, version, *_ = _read(relayer, permit_view.functions.eip712Domain())
    typed = delegation(
        domain=domain(
            name=name, version=version, chain_id=state.chain.manifest.chain_id, verifying_contract=token.address
        ),
        delegatee=delegatee,
        nonce=nonce,
        expiry=body.expiry,
    )
    signature = bytes.fromhex(body.signature[2:])
    try:
        signer = Account.recover_message(encode_typed_data(full_message=typed), signature=signature)
    except Exception:  # noqa: BLE001 - any malformed signature: nobody signed it
        signer = None
    if signer is None or signer.lower() != delegator.lower():
        raise ApiError(
            422,
            "invalid_signature",
            f"the signature is not {delegator}'s delegation to {delegatee} "
            f"with nonce {nonce} and expiry {body.expiry} on chain {state.chain.manifest.chain_id}",
            field="body.signature",
        )
    if int(_read(relayer, token.functions.balanceOf(delegator))) == 0:
        raise ApiError(
            403,
            "relay_not_eligible",
            f"{delegator} holds no {name}: its delegation moves no votes",
            field="body.delegator",
        )
    v, r, s = signature[64], signature[:32], signature[32:64]
    call = token.functions.delegateBySig(delegatee, nonce, body.expiry, v if v >= 27 else v + 27, r, s)
    return RelayResult(**relayer.relay(call, account=delegator, client=_client(request)))
