"""Revert data in words: the contracts' custom errors decoded with the manifest's ABIs, and
the common ones explained with context read from the chain (who holds a claim and until
when, budgets, voting power, proposal deadlines), so a user knows what to do next.

Errors without an explanation here fall back to their name and named arguments.
"""

from __future__ import annotations

import logging
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from eth_abi.codec import ABICodec
from eth_utils import function_abi_to_4byte_selector, is_hex_address, to_checksum_address

from api.chain.manifest import Manifest
from api.chain.types import ProposalState, TaskInfo, TaskStatus, WorkstreamInfo

log = logging.getLogger(__name__)

_ERROR_STRING = "0x08c379a0"  # Error(string)
_PANIC = "0x4e487b71"  # Panic(uint256)


@dataclass(frozen=True)
class DecodedRevert:
    name: str
    args: dict[str, Any]

    def signature(self) -> str:
        shown = ", ".join(f"{k}={_plain(v)}" for k, v in self.args.items())
        return f"{self.name}({shown})"

    @property
    def code(self) -> str:
        """snake_case of the error name, a stable code for scripts (`task_not_open`)."""
        return re.sub(r"(?<!^)(?=[A-Z])", "_", self.name).lower()

    def jsonable(self) -> dict[str, Any]:
        return {"name": self.name, "args": {k: _plain(v) for k, v in self.args.items()}}


class ErrorCatalog:
    """Selector -> custom error ABI, over every contract in the manifest."""

    def __init__(self, manifest: Manifest, codec: ABICodec) -> None:
        self._codec = codec
        self._errors: dict[str, dict[str, Any]] = {}
        for contract in manifest.contracts.values():
            for item in contract.abi:
                if item.get("type") == "error":
                    selector = "0x" + function_abi_to_4byte_selector(item).hex()  # type: ignore[arg-type]
                    self._errors[selector] = item

    def decode(self, data: str) -> DecodedRevert | None:
        if not data or len(data) < 10:
            return None
        selector, payload = data[:10].lower(), bytes.fromhex(data[10:])
        try:
            if selector == _ERROR_STRING:
                (reason,) = self._codec.decode(["string"], payload)
                return DecodedRevert("Error", {"reason": reason})
            if selector == _PANIC:
                (code,) = self._codec.decode(["uint256"], payload)
                return DecodedRevert("Panic", {"code": hex(code)})
            abi = self._errors.get(selector)
            if abi is None:
                return None
            inputs = abi.get("inputs", [])
            values = self._codec.decode([i["type"] for i in inputs], payload)
        except Exception:  # noqa: BLE001 - undecodable data is reported raw by the caller
            return None
        return DecodedRevert(
            abi["name"], {i["name"] or f"arg{n}": v for n, (i, v) in enumerate(zip(inputs, values, strict=True))}
        )


def explain(revert: DecodedRevert, chain: Any) -> str:
    """The revert in words; `chain` is a ChainClient used for context reads."""
    explainer = _EXPLAINERS.get(revert.name)
    if explainer is not None:
        try:
            return explainer(revert.args, chain)
        except Exception as exc:  # noqa: BLE001 - context is a bonus; the error itself must still show
            log.debug("no context for %s: %s", revert.name, exc)
    if revert.name == "Error":
        return f"the contract refused: {revert.args['reason']}"
    return f"the contract refused: {revert.signature()}"


# ---- formatting helpers -------------------------------------------------------------------


def short(address: str) -> str:
    address = to_checksum_address(address)
    return f"{address[:6]}..{address[-4:]}"


def when(timestamp: int) -> str:
    return datetime.fromtimestamp(int(timestamp), UTC).strftime("%Y-%m-%d %H:%M UTC")


def amount(value: int, token: Any) -> str:
    """`value` base units of `token` (a client Token) as a readable number with its symbol."""
    decimals = int(token.decimals)
    whole, frac = divmod(int(value), 10**decimals) if decimals else (int(value), 0)
    text = f"{whole:,}"
    if frac:
        text += "." + str(frac).rjust(decimals, "0").rstrip("0")
    return f"{text} {token.symbol}"


def revert_data(exc: BaseException) -> str | None:
    """The revert data in a web3 error, wherever the node put it (Ganache: `result` of the
    error's data object; Anvil/geth: `data`), as a 0x hex string."""
    candidates: list[Any] = [getattr(exc, "data", None), *exc.args]
    rpc_response = getattr(exc, "rpc_response", None)
    if isinstance(rpc_response, dict) and isinstance(rpc_response.get("error"), dict):
        candidates.append(rpc_response["error"].get("data"))
    for value in candidates:
        if isinstance(value, dict):
            value = value.get("data") or value.get("result") or value.get("return")
            if isinstance(value, dict):  # older Ganache: {tx hash: {"return": data}}
                value = next((v.get("return") for v in value.values() if isinstance(v, dict)), None)
        if isinstance(value, bytes | bytearray):
            value = "0x" + bytes(value).hex()
        if isinstance(value, str) and value.startswith("0x") and len(value) >= 10:
            return value
    return None


def _plain(value: Any) -> Any:
    """A decoded value as JSON shows it: hex for bytes, EIP-55 for addresses, decimal strings."""
    if isinstance(value, bytes | bytearray):
        return "0x" + bytes(value).hex()
    if isinstance(value, str) and is_hex_address(value):
        return to_checksum_address(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _task(chain: Any, task_id: int) -> TaskInfo:
    info: TaskInfo = chain.view(TaskInfo, "TaskBoard", "task", task_id)
    return info


def _workstream_token(chain: Any, workstream_id: int) -> Any:
    info: WorkstreamInfo = chain.view(WorkstreamInfo, "Workstreams", "workstream", workstream_id)
    return chain.token(info.token)


def _task_token(chain: Any, task_id: int) -> Any:
    return _workstream_token(chain, _task(chain, task_id).workstream_id)


def _status(status: Any) -> str:
    return TaskStatus.label_of(int(status))


def _gov_token(chain: Any) -> Any:
    return chain.token(chain.contracts["TealToken"].address)


# ---- explanations of the common errors ---------------------------------------------------
#
# Most errors are explained by a format string over their named arguments (`_MESSAGES`);
# a field may name how it reads: `{caller:address}` (0x1234..abcd), `{expiry:time}` (UTC),
# `{duration:days}`, `{status:status}` (a TaskStatus label). The few that read context from
# the chain (a claimant, a token's symbol, a count) are functions (`_EXPLAINERS`).


class _Words(string.Formatter):
    """str.format with the `address`, `time`, `days` and `status` field formats."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "address":
            return short(value)
        if format_spec == "time":
            return when(value)
        if format_spec == "days":
            return f"{int(value) / 86_400:g}"
        if format_spec == "status":
            return TaskStatus(int(value)).label
        return str(super().format_field(value, format_spec))


_WORDS = _Words()


def _message(template: str) -> Callable[[dict[str, Any], Any], str]:
    def explain_with(a: dict[str, Any], chain: Any) -> str:
        return _WORDS.vformat(template, (), a)

    return explain_with


_MESSAGES: dict[str, str] = {
    # TaskBoard
    "TaskNotClaimed": "task {taskId} is {status:status}, not claimed: there is no claim to submit, abandon or release",
    "TaskNotSubmitted": "task {taskId} is {status:status}: there is no submission to review",
    "TaskNotClaimant": "{caller:address} is not the claimant of task {taskId}; {claimant:address} is",
    "TaskClaimExpired": (
        "the claim on task {taskId} expired at {expiry:time}; anyone can reopen it "
        "(`teal task reopen {taskId}`) and claim it again"
    ),
    "TaskClaimNotExpired": "the claim on task {taskId} lasts until {expiry:time}; it cannot be reopened before",
    "TaskSelfReview": "{reviewer:address} worked on task {taskId} and cannot review it",
    "TaskAlreadyApproved": "{reviewer:address} already approved task {taskId} in this review round",
    "TaskSplitSharesSum": "the shares add up to {sum} basis points; they must add up to 10000 (100%)",
    "TaskSignatureExpired": "the claim signature expired at {deadline:time}: sign a new one",
    "TaskInvalidSignature": (
        "the signature is not {claimant:address}'s for this task, reward, bond, nonce and deadline "
        "(signed for another chain, board or terms)"
    ),
    "TaskNonceUsed": (
        "claim signature nonce {nonce} of {claimant:address} was already used or cancelled: sign a new one"
    ),
    "TaskClaimCooldown": (
        "{claimant:address} gave task {taskId} up (or let the claim expire) and may claim it again from {until:time}"
    ),
    "TaskRejectionReasonMissing": "a rejection of task {taskId} needs a reason document",
    "TaskReviewerTooNew": (
        "{reviewer:address} joined the team at {joinedAt:time}, after task {taskId} was submitted "
        "({submittedAt:time}): only members who joined before a submission review it"
    ),
    "TaskAlreadyVotedRelease": "{member:address} already voted to release the current claim on task {taskId}",
    "TaskIsEscalated": "task {taskId} is escalated to governance: reviews wait for its decision",
    "TaskNotEscalated": "task {taskId} is not escalated",
    "TaskBoardMisconfigured": "the registry {workstreams:address} names another task board ({taskBoard:address})",
    "TaskParentMismatch": (
        "parent task {parentId} belongs to workstream {parentWorkstreamId}, not {workstreamId}: "
        "a subtask stays in its parent's team"
    ),
    "TaskSplitInvalidEntry": (
        "split entry {index} ({account}) is the zero address, a repeated contributor or has a zero share"
    ),
    "TaskSplitLengthMismatch": "the split names {contributors} contributor(s) but gives {shares} share(s)",
    "TaskSplitMismatch": (
        "the split given is not the one submitted for task {taskId}: review (or pay) it with the "
        "contributors and shares of its latest submission"
    ),
    "TaskSplitTooLarge": "a split lists {count} contributors; at most {max} are allowed",
    "TaskPermitRefused": (
        "the bond's token {token:address} refused {claimant:address}'s permit for task {taskId} and the "
        "allowance does not cover the bond: sign a fresh permit, or approve the bond first (`teal task approve-bond`)"
    ),
    "TaskZeroReward": "a task needs a reward greater than zero",
    # Workstreams
    "WorkstreamApprovalsAboveMembers": (
        "workstream {workstreamId} would need {approvalsRequired} approvals from only "
        "{memberCount} member(s): lower the approvals first"
    ),
    "WorkstreamProposalExpired": "membership change {proposalId} expired at {expiresAt:time}: propose it again",
    "WorkstreamProposalWithdrawn": "membership change {proposalId} was withdrawn by its proposer",
    "WorkstreamNotProposer": "only {proposer:address}, who proposed membership change {proposalId}, can withdraw it",
    "WorkstreamNothingToSweep": (
        "the escrow holds no more of {token:address} than it owes ({balance} base units, all accounted)"
    ),
    "WorkstreamNotMember": (
        "{account:address} is not a member of workstream {workstreamId}: only its members "
        "create tasks and review work (members add members by majority)"
    ),
    "WorkstreamIsPaused": "workstream {workstreamId} is paused by governance: no new tasks, claims or reviews",
    "WorkstreamTermEnded": (
        "workstream {workstreamId}'s term ended at {termEnd:time}: no new tasks or claims until governance renews it"
    ),
    "WorkstreamAlreadyApproved": "{member:address} already approved membership change {proposalId}",
    "WorkstreamAlreadyMember": "{account:address} already is a member of workstream {workstreamId}",
    "WorkstreamClaimDurationAboveMax": (
        "a claim of {duration:days} days is longer than workstream {workstreamId}'s maximum of {maxDuration:days} days"
    ),
    "WorkstreamInvalidGuardrails": (
        "guardrails need at least one approval and a claim duration above zero (got {approvalsRequired} "
        "approvals, {claimDuration} s)"
    ),
    "WorkstreamInvalidMember": "{account} cannot be a member (the zero address, or listed twice)",
    "WorkstreamInvalidTerm": "a term ending at {termEnd:time} is not in the future",
    "WorkstreamInvalidToken": "{token} is not a token contract",
    "WorkstreamLastMember": "{account:address} is the last member of workstream {workstreamId} and cannot be removed",
    "WorkstreamNoMembers": "a workstream needs at least one initial member",
    "WorkstreamNotGovernance": (
        "{caller:address} is not governance: only the timelock does this, through a proposal "
        "(`teal propose --action ...`)"
    ),
    "WorkstreamNotPaused": "workstream {workstreamId} is not paused",
    "WorkstreamNotTaskBoard": "{caller:address} is not the task board: only the board moves budget and bonds",
    "WorkstreamNotRewardModule": (
        "{caller:address} is not one of the registry's reward contracts: only they move reward budgets"
    ),
    "WorkstreamRewardOverSettled": (
        "workstream {workstreamId}'s reward contract {module:address} settled {amount}, more than the "
        "{reserved} it had reserved"
    ),
    "WorkstreamNothingOwed": "nothing of {token:address} is owed to {account:address}",
    "WorkstreamProposalExecuted": "membership change {proposalId} has already been carried out",
    "WorkstreamTransferMismatch": (
        "the token {token:address} delivered {received} base units instead of {expected}: "
        "fee-on-transfer tokens are refused"
    ),
    "WorkstreamZeroAddress": "the recipient must not be the zero address",
    "WorkstreamZeroAmount": "the amount must be greater than zero",
    # Governor, token, timelock
    "GovernorAlreadyCastVote": "{voter:address} has already voted on this proposal",
    "GovernorNonexistentProposal": "there is no proposal {proposalId}",
    "GovernorDescriptionWithoutDocument": "a proposal's description must begin with ipfs://<cid> of its document",
    "ERC20InsufficientBalance": "{sender:address} has {balance} base units of the token, {needed} are needed",
    "ERC20InsufficientAllowance": (
        "the allowance to {spender:address} is {allowance} base units, {needed} are needed (approve the spender first)"
    ),
    "TimelockUnexpectedOperationState": (
        "the timelock does not hold this operation ready: its delay has not passed, or it already ran"
    ),
    # MerkleDistributor
    "DistributorInvalidSchedule": "an epoch needs start < end < claim deadline, its end in the future",
    "DistributorInvalidPot": "a pot must be between 1 and 2^96 - 1 base units, not {pot}",
    "DistributorEpochNotEnded": "epoch {epochId} runs until {end:time}; its root can be posted after that",
    "DistributorRootAlreadyPosted": "epoch {epochId} already has a root (only governance can replace it)",
    "DistributorNoRoot": "epoch {epochId} has no root yet: nothing can be claimed before the team posts it",
    "DistributorZeroRoot": "a merkle root must not be zero",
    "DistributorRootOverPot": "the root pays {total} but epoch {epochId} has only {available} base units",
    "DistributorClaimsStarted": "epoch {epochId} has paid claims: its root can no longer be replaced",
    "DistributorAlreadyClaimed": "leaf {index} of epoch {epochId} was already claimed",
    "DistributorInvalidProof": (
        "epoch {epochId}'s root does not hold leaf {index} paying {amount} to "
        "{account:address} (wrong distribution document?)"
    ),
    "DistributorZeroAmount": "a claim must pay a non-zero amount",
    "DistributorEpochClosed": "epoch {epochId}'s unclaimed tokens went back to the team: nothing is left to claim",
    "DistributorClaimWindowOpen": "epoch {epochId}'s claims run until {claimDeadline:time}; reclaim after that",
    "DistributorClaimWindowClosed": (
        "epoch {epochId}'s claim deadline {claimDeadline:time} passed: a root can no longer be posted"
    ),
    "DistributorNotGovernance": "only governance (the timelock) may do this; {caller:address} is not it",
    "DistributorTransferMismatch": "the token delivered {received} instead of {expected} base units for the pot",
    # StipendStreams
    "StipendInvalidAmount": "a stream pays between 1 and 2^128 - 1 base units, not {amount}",
    "StipendInvalidSchedule": "a stream's end must come after its start (at the earliest now)",
    "StipendEndAfterTerm": "the stream ends after its team's term ({termEnd:time})",
    "StipendNotActive": (
        "stream {streamId} is stopped or has ended, or stopped accruing by itself (its recipient left the team, "
        "the team was paused or its term ended): `teal rewards stipend halt {streamId}` settles it"
    ),
    "StipendNotHaltable": (
        "stream {streamId} still accrues (its recipient is a member, the team has not been paused since it "
        "started and its term runs): only the team's threshold can stop it"
    ),
    "StipendNothingToWithdraw": "nothing of stream {streamId} is withdrawable yet",
}


# ---- explanations that read context from the chain, or choose by a value -----------------


def _task_not_open(a: dict[str, Any], chain: Any) -> str:
    task_id, status = a["taskId"], int(a["status"])
    if status == TaskStatus.CLAIMED:
        info = _task(chain, task_id)
        return f"task {task_id} is already claimed by {short(info.claimant)} until {when(info.claim_expiry)}"
    if status == TaskStatus.SUBMITTED:
        info = _task(chain, task_id)
        return f"task {task_id} is already submitted by {short(info.claimant)} and waiting for review"
    if status == TaskStatus.PAID:
        return f"task {task_id} is already done and paid"
    if status == TaskStatus.CANCELLED:
        return f"task {task_id} was cancelled"
    return f"task {task_id} is {TaskStatus(status).label}, not open"


def _task_unknown(a: dict[str, Any], chain: Any) -> str:
    count = chain.call("TaskBoard", "taskCount")
    return f"there is no task {a['taskId']} (the board has tasks 1 to {count})"


def _insufficient_budget(a: dict[str, Any], chain: Any) -> str:
    token = _workstream_token(chain, a["workstreamId"])
    return (
        f"workstream {a['workstreamId']} has {amount(a['available'], token)} available, "
        f"{amount(a['requested'], token)} was asked for"
    )


def _reward_above_max(a: dict[str, Any], chain: Any) -> str:
    token = _workstream_token(chain, a["workstreamId"])
    return (
        f"a reward of {amount(a['reward'], token)} is above workstream {a['workstreamId']}'s maximum "
        f"of {amount(a['maxReward'], token)} per task"
    )


def _unknown_workstream(a: dict[str, Any], chain: Any) -> str:
    count = chain.call("Workstreams", "workstreamCount")
    return f"there is no workstream {a['workstreamId']} (there are {count})"


def _reward_changed(a: dict[str, Any], chain: Any) -> str:
    token = _task_token(chain, a["taskId"])
    return (
        f"task {a['taskId']}'s reward is now {amount(a['reward'], token)}, not the {amount(a['expected'], token)} "
        "you agreed to (a subtask took part of it): look at the task again before claiming"
    )


def _bond_above_max(a: dict[str, Any], chain: Any) -> str:
    token = _task_token(chain, a["taskId"])
    return (
        f"task {a['taskId']} now asks a bond of {amount(a['bond'], token)}, more than the "
        f"{amount(a['maxBond'], token)} you accepted: claim again if you accept the new bond"
    )


def _review_window_open(a: dict[str, Any], chain: Any) -> str:
    if not int(a["until"]):
        return f"task {a['taskId']}'s team sets no review window: its members must approve it"
    return f"task {a['taskId']}'s review window is open until {when(a['until'])}; it can be finalised after that"


def _escalation_not_allowed(a: dict[str, Any], chain: Any) -> str:
    if not int(a["required"]):
        return f"task {a['taskId']}'s team does not allow escalation to governance"
    return (
        f"{short(a['reviewer'])} rejected task {a['taskId']} {a['rejections']} time(s); escalating needs "
        f"{a['required']}"
    )


def _not_active(a: dict[str, Any], chain: Any) -> str:
    if int(a["status"]) == 1:
        return f"task {a['taskId']} is open: there is no claim to release"
    return (
        f"task {a['taskId']} is {_status(a['status'])}: only open, claimed or submitted tasks can be "
        "cancelled or released"
    )


def _reward_above_parent(a: dict[str, Any], chain: Any) -> str:
    token = _task_token(chain, a["parentId"])
    return (
        f"a subtask reward of {amount(a['reward'], token)} is more than parent task {a['parentId']}'s remaining "
        f"{amount(a['parentReward'], token)}"
    )


def _budget_cap(a: dict[str, Any], chain: Any) -> str:
    token = _workstream_token(chain, a["workstreamId"])
    return (
        f"funding would take workstream {a['workstreamId']} to {amount(a['netFunded'], token)} funded, above its "
        f"cap of {amount(a['budgetCap'], token)}: fund less or renew it with a higher cap"
    )


def _unknown_member_change(a: dict[str, Any], chain: Any) -> str:
    count = chain.call("Workstreams", "memberChangeCount")
    return f"there is no membership change {a['proposalId']} (there are {count})"


def _proposer_votes(a: dict[str, Any], chain: Any) -> str:
    token = _gov_token(chain)
    return (
        f"{short(a['proposer'])} has {amount(a['votes'], token)} of voting power; proposing needs "
        f"{amount(a['threshold'], token)} (delegated before the previous block: `teal delegate`)"
    )


def _proposal_state(a: dict[str, Any], chain: Any) -> str:
    proposal_id, state = a["proposalId"], ProposalState(int(a["current"]))
    head, now = chain.head()
    hint = ""
    if state == ProposalState.PENDING:
        snapshot = chain.call("TealGovernor", "proposalSnapshot", proposal_id)
        hint = f": voting opens after block {snapshot} (now {head})"
    elif state == ProposalState.ACTIVE:
        deadline = chain.call("TealGovernor", "proposalDeadline", proposal_id)
        hint = f": voting ends at block {deadline} (now {head}); it can be queued once it has succeeded"
    elif state == ProposalState.DEFEATED:
        hint = ": it did not pass (quorum not reached or more against than for)"
    elif state == ProposalState.SUCCEEDED:
        hint = ": queue it first (`teal queue`)"
    elif state == ProposalState.QUEUED:
        eta = chain.call("TealGovernor", "proposalEta", proposal_id)
        hint = f": it can be executed from {when(eta)}"
    elif state == ProposalState.EXECUTED:
        hint = ": it has already been executed"
    return f"proposal {proposal_id} is {state.title}{hint}"


def _unknown_epoch(a: dict[str, Any], chain: Any) -> str:
    count = chain.call("MerkleDistributor", "epochCount")
    return f"there is no epoch {a['epochId']} (epochs run from 1 to {count})"


def _unknown_stream(a: dict[str, Any], chain: Any) -> str:
    count = chain.call("StipendStreams", "streamCount")
    return f"there is no stream {a['streamId']} (streams run from 1 to {count})"


# ---- member changes, proposal cancel and delegation by signature (`teal member`, `teal proposal
# cancel`, `teal delegate --by-sig`) ----------------------------------------------------------


def _only_proposer(a: dict[str, Any], chain: Any) -> str:
    return f"{short(a['account'])} did not make this proposal: only its proposer can cancel it"


def _delegation_expired(a: dict[str, Any], chain: Any) -> str:
    return f"the delegation signature expired at {when(a['expiry'])}: sign it again (`teal delegate --by-sig`)"


def _account_nonce(a: dict[str, Any], chain: Any) -> str:
    return (
        f"the signature was made with a used nonce; {short(a['account'])}'s next nonce is {a['currentNonce']}: "
        "sign it again"
    )


def _vote_signature(a: dict[str, Any], chain: Any) -> str:
    return f"the ballot's signature is not {short(a['voter'])}'s (or was made for another proposal, nonce or chain)"


def _forward_expired(a: dict[str, Any], chain: Any) -> str:
    return f"the signed request expired at {when(a['deadline'])}: run the command again to sign a fresh one"


def _forward_signer(a: dict[str, Any], chain: Any) -> str:
    return (
        f"the request names {short(a['from'])} but was signed by {short(a['signer'])} "
        "(or for another chain, forwarder or nonce)"
    )


def _forward_target(a: dict[str, Any], chain: Any) -> str:
    return f"{short(a['target'])} does not trust the forwarder {short(a['forwarder'])}: send the call yourself"


def _forward_value(a: dict[str, Any], chain: Any) -> str:
    return f"the request carries {a['requestedValue']} wei but {a['msgValue']} wei were sent with it"


def _permit_expired(a: dict[str, Any], chain: Any) -> str:
    return f"the permit expired at {when(a['deadline'])}: sign it again"


def _permit_signer(a: dict[str, Any], chain: Any) -> str:
    return f"the permit for {short(a['owner'])} was signed by {short(a['signer'])} (or for another spender or nonce)"


_SIGNED_EXPLAINERS: dict[str, Callable[[dict[str, Any], Any], str]] = {
    "GovernorOnlyProposer": _only_proposer,
    "GovernorInvalidSignature": _vote_signature,
    "VotesExpiredSignature": _delegation_expired,
    "InvalidAccountNonce": _account_nonce,
    "ERC2771ForwarderExpiredRequest": _forward_expired,
    "ERC2771ForwarderInvalidSigner": _forward_signer,
    "ERC2771UntrustfulTarget": _forward_target,
    "ERC2771ForwarderMismatchedValue": _forward_value,
    "ERC2612ExpiredSignature": _permit_expired,
    "ERC2612InvalidSigner": _permit_signer,
}

_EXPLAINERS: dict[str, Callable[[dict[str, Any], Any], str]] = {
    "DistributorUnknownEpoch": _unknown_epoch,
    "StipendUnknownStream": _unknown_stream,
    "TaskNotOpen": _task_not_open,
    "TaskUnknown": _task_unknown,
    "TaskRewardChanged": _reward_changed,
    "TaskBondAboveMax": _bond_above_max,
    "TaskReviewWindowOpen": _review_window_open,
    "TaskEscalationNotAllowed": _escalation_not_allowed,
    "TaskNotActive": _not_active,
    "WorkstreamInsufficientBudget": _insufficient_budget,
    "WorkstreamRewardAboveMax": _reward_above_max,
    "WorkstreamUnknown": _unknown_workstream,
    "TaskRewardAboveParent": _reward_above_parent,
    "WorkstreamBudgetCapExceeded": _budget_cap,
    "WorkstreamUnknownProposal": _unknown_member_change,
    "GovernorInsufficientProposerVotes": _proposer_votes,
    "GovernorUnexpectedProposalState": _proposal_state,
    **{name: _message(template) for name, template in _MESSAGES.items()},
    **_SIGNED_EXPLAINERS,
}
