"""Revert data in words: the contracts' custom errors decoded with the manifest's ABIs, and
the common ones explained with context read from the chain (who holds a claim and until
when, budgets, voting power, proposal deadlines), so a user knows what to do next.

Errors without an explanation here fall back to their name and named arguments.
"""

from __future__ import annotations

import logging
import re
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


def _task_not_claimed(a: dict[str, Any], chain: Any) -> str:
    status = TaskStatus(int(a["status"])).label
    return f"task {a['taskId']} is {status}, not claimed: there is no claim to submit, abandon or release"


def _task_not_submitted(a: dict[str, Any], chain: Any) -> str:
    status = TaskStatus(int(a["status"])).label
    return f"task {a['taskId']} is {status}: there is no submission to review"


def _task_unknown(a: dict[str, Any], chain: Any) -> str:
    count = chain.call("TaskBoard", "taskCount")
    return f"there is no task {a['taskId']} (the board has tasks 1 to {count})"


def _not_claimant(a: dict[str, Any], chain: Any) -> str:
    return f"{short(a['caller'])} is not the claimant of task {a['taskId']}; {short(a['claimant'])} is"


def _claim_expired(a: dict[str, Any], chain: Any) -> str:
    return (
        f"the claim on task {a['taskId']} expired at {when(a['expiry'])}; anyone can reopen it "
        f"(`teal task reopen {a['taskId']}`) and claim it again"
    )


def _claim_not_expired(a: dict[str, Any], chain: Any) -> str:
    return f"the claim on task {a['taskId']} lasts until {when(a['expiry'])}; it cannot be reopened before"


def _not_member(a: dict[str, Any], chain: Any) -> str:
    return (
        f"{short(a['account'])} is not a member of workstream {a['workstreamId']}: only its members "
        "create tasks and review work (members add members by majority)"
    )


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


def _paused(a: dict[str, Any], chain: Any) -> str:
    return f"workstream {a['workstreamId']} is paused by governance: no new tasks, claims or reviews"


def _term_ended(a: dict[str, Any], chain: Any) -> str:
    return (
        f"workstream {a['workstreamId']}'s term ended at {when(a['termEnd'])}: no new tasks or claims "
        "until governance renews it"
    )


def _unknown_workstream(a: dict[str, Any], chain: Any) -> str:
    count = chain.call("Workstreams", "workstreamCount")
    return f"there is no workstream {a['workstreamId']} (there are {count})"


def _self_review(a: dict[str, Any], chain: Any) -> str:
    return f"{short(a['reviewer'])} worked on task {a['taskId']} and cannot review it"


def _already_approved(a: dict[str, Any], chain: Any) -> str:
    return f"{short(a['reviewer'])} already approved task {a['taskId']} in this review round"


def _shares_sum(a: dict[str, Any], chain: Any) -> str:
    return f"the shares add up to {a['sum']} basis points; they must add up to 10000 (100%)"


def _signature_expired(a: dict[str, Any], chain: Any) -> str:
    return f"the claim signature expired at {when(a['deadline'])}: sign a new one"


def _invalid_signature(a: dict[str, Any], chain: Any) -> str:
    return (
        f"the signature is not {short(a['claimant'])}'s for this task, reward, bond, nonce and deadline "
        "(signed for another chain, board or terms)"
    )


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


def _nonce_used(a: dict[str, Any], chain: Any) -> str:
    return f"claim signature nonce {a['nonce']} of {short(a['claimant'])} was already used or cancelled: sign a new one"


def _claim_cooldown(a: dict[str, Any], chain: Any) -> str:
    return (
        f"{short(a['claimant'])} gave task {a['taskId']} up (or let the claim expire) and may claim it again "
        f"from {when(a['until'])}"
    )


def _reason_missing(a: dict[str, Any], chain: Any) -> str:
    return f"a rejection of task {a['taskId']} needs a reason document"


def _reviewer_too_new(a: dict[str, Any], chain: Any) -> str:
    return (
        f"{short(a['reviewer'])} joined the team at {when(a['joinedAt'])}, after task {a['taskId']} was submitted "
        f"({when(a['submittedAt'])}): only members who joined before a submission review it"
    )


def _already_voted_release(a: dict[str, Any], chain: Any) -> str:
    return f"{short(a['member'])} already voted to release the current claim on task {a['taskId']}"


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


def _is_escalated(a: dict[str, Any], chain: Any) -> str:
    return f"task {a['taskId']} is escalated to governance: reviews wait for its decision"


def _not_escalated(a: dict[str, Any], chain: Any) -> str:
    return f"task {a['taskId']} is not escalated"


def _not_active(a: dict[str, Any], chain: Any) -> str:
    if int(a["status"]) == 1:
        return f"task {a['taskId']} is open: there is no claim to release"
    return (
        f"task {a['taskId']} is {_status(a['status'])}: only open, claimed or submitted tasks can be "
        "cancelled or released"
    )


def _approvals_above_members(a: dict[str, Any], chain: Any) -> str:
    return (
        f"workstream {a['workstreamId']} would need {a['approvalsRequired']} approvals from only "
        f"{a['memberCount']} member(s): lower the approvals first"
    )


def _proposal_expired(a: dict[str, Any], chain: Any) -> str:
    return f"membership change {a['proposalId']} expired at {when(a['expiresAt'])}: propose it again"


def _proposal_withdrawn(a: dict[str, Any], chain: Any) -> str:
    return f"membership change {a['proposalId']} was withdrawn by its proposer"


def _not_proposer(a: dict[str, Any], chain: Any) -> str:
    return f"only {short(a['proposer'])}, who proposed membership change {a['proposalId']}, can withdraw it"


def _nothing_to_sweep(a: dict[str, Any], chain: Any) -> str:
    return f"the escrow holds no more of {short(a['token'])} than it owes ({a['balance']} base units, all accounted)"


def _board_misconfigured(a: dict[str, Any], chain: Any) -> str:
    return f"the registry {short(a['workstreams'])} names another task board ({short(a['taskBoard'])})"


def _parent_mismatch(a: dict[str, Any], chain: Any) -> str:
    return (
        f"parent task {a['parentId']} belongs to workstream {a['parentWorkstreamId']}, not {a['workstreamId']}: "
        "a subtask stays in its parent's team"
    )


def _reward_above_parent(a: dict[str, Any], chain: Any) -> str:
    token = _task_token(chain, a["parentId"])
    return (
        f"a subtask reward of {amount(a['reward'], token)} is more than parent task {a['parentId']}'s remaining "
        f"{amount(a['parentReward'], token)}"
    )


def _split_invalid_entry(a: dict[str, Any], chain: Any) -> str:
    return f"split entry {a['index']} ({a['account']}) is the zero address, a repeated contributor or has a zero share"


def _split_length(a: dict[str, Any], chain: Any) -> str:
    return f"the split names {a['contributors']} contributor(s) but gives {a['shares']} share(s)"


def _split_mismatch(a: dict[str, Any], chain: Any) -> str:
    return (
        f"the split given is not the one submitted for task {a['taskId']}: review (or pay) it with the "
        "contributors and shares of its latest submission"
    )


def _split_too_large(a: dict[str, Any], chain: Any) -> str:
    return f"a split lists {a['count']} contributors; at most {a['max']} are allowed"


def _zero_reward(a: dict[str, Any], chain: Any) -> str:
    return "a task needs a reward greater than zero"


def _member_change_approved(a: dict[str, Any], chain: Any) -> str:
    return f"{short(a['member'])} already approved membership change {a['proposalId']}"


def _already_member(a: dict[str, Any], chain: Any) -> str:
    return f"{short(a['account'])} already is a member of workstream {a['workstreamId']}"


def _budget_cap(a: dict[str, Any], chain: Any) -> str:
    token = _workstream_token(chain, a["workstreamId"])
    return (
        f"funding would take workstream {a['workstreamId']} to {amount(a['netFunded'], token)} funded, above its "
        f"cap of {amount(a['budgetCap'], token)}: fund less or renew it with a higher cap"
    )


def _duration_above_max(a: dict[str, Any], chain: Any) -> str:
    return (
        f"a claim of {int(a['duration']) / 86_400:g} days is longer than workstream {a['workstreamId']}'s "
        f"maximum of {int(a['maxDuration']) / 86_400:g} days"
    )


def _invalid_guardrails(a: dict[str, Any], chain: Any) -> str:
    return (
        f"guardrails need at least one approval and a claim duration above zero (got {a['approvalsRequired']} "
        f"approvals, {a['claimDuration']} s)"
    )


def _invalid_member(a: dict[str, Any], chain: Any) -> str:
    return f"{a['account']} cannot be a member (the zero address, or listed twice)"


def _invalid_term(a: dict[str, Any], chain: Any) -> str:
    return f"a term ending at {when(a['termEnd'])} is not in the future"


def _invalid_token(a: dict[str, Any], chain: Any) -> str:
    return f"{a['token']} is not a token contract"


def _last_member(a: dict[str, Any], chain: Any) -> str:
    return f"{short(a['account'])} is the last member of workstream {a['workstreamId']} and cannot be removed"


def _no_members(a: dict[str, Any], chain: Any) -> str:
    return "a workstream needs at least one initial member"


def _not_governance(a: dict[str, Any], chain: Any) -> str:
    return (
        f"{short(a['caller'])} is not governance: only the timelock does this, through a proposal "
        "(`teal propose --action ...`)"
    )


def _not_paused(a: dict[str, Any], chain: Any) -> str:
    return f"workstream {a['workstreamId']} is not paused"


def _permit_refused(a: dict[str, Any], chain: Any) -> str:
    return (
        f"the bond's token {short(a['token'])} refused {short(a['claimant'])}'s permit for task {a['taskId']} and the "
        "allowance does not cover the bond: sign a fresh permit, or approve the bond first (`teal task approve-bond`)"
    )


def _not_reward_module(a: dict[str, Any], chain: Any) -> str:
    return f"{short(a['caller'])} is not one of the registry's reward contracts: only they move reward budgets"


def _reward_over_settled(a: dict[str, Any], chain: Any) -> str:
    return (
        f"workstream {a['workstreamId']}'s reward contract {short(a['module'])} settled {a['amount']}, more than the "
        f"{a['reserved']} it had reserved"
    )


def _not_task_board(a: dict[str, Any], chain: Any) -> str:
    return f"{short(a['caller'])} is not the task board: only the board moves budget and bonds"


def _nothing_owed(a: dict[str, Any], chain: Any) -> str:
    return f"nothing of {short(a['token'])} is owed to {short(a['account'])}"


def _proposal_executed(a: dict[str, Any], chain: Any) -> str:
    return f"membership change {a['proposalId']} has already been carried out"


def _transfer_mismatch(a: dict[str, Any], chain: Any) -> str:
    return (
        f"the token {short(a['token'])} delivered {a['received']} base units instead of {a['expected']}: "
        "fee-on-transfer tokens are refused"
    )


def _unknown_member_change(a: dict[str, Any], chain: Any) -> str:
    count = chain.call("Workstreams", "memberChangeCount")
    return f"there is no membership change {a['proposalId']} (there are {count})"


def _zero_address(a: dict[str, Any], chain: Any) -> str:
    return "the recipient must not be the zero address"


def _zero_amount(a: dict[str, Any], chain: Any) -> str:
    return "the amount must be greater than zero"


def _proposer_votes(a: dict[str, Any], chain: Any) -> str:
    token = _gov_token(chain)
    return (
        f"{short(a['proposer'])} has {amount(a['votes'], token)} of voting power; proposing needs "
        f"{amount(a['threshold'], token)} (delegated before the previous block: `teal delegate`)"
    )


def _already_voted(a: dict[str, Any], chain: Any) -> str:
    return f"{short(a['voter'])} has already voted on this proposal"


def _no_proposal(a: dict[str, Any], chain: Any) -> str:
    return f"there is no proposal {a['proposalId']}"


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


def _erc20_balance(a: dict[str, Any], chain: Any) -> str:
    return f"{short(a['sender'])} has {a['balance']} base units of the token, {a['needed']} are needed"


def _erc20_allowance(a: dict[str, Any], chain: Any) -> str:
    return (
        f"the allowance to {short(a['spender'])} is {a['allowance']} base units, {a['needed']} are needed "
        "(approve the spender first)"
    )


def _timelock_state(a: dict[str, Any], chain: Any) -> str:
    return "the timelock does not hold this operation ready: its delay has not passed, or it already ran"


def _no_document(a: dict[str, Any], chain: Any) -> str:
    return "a proposal's description must begin with ipfs://<cid> of its document"


# ---- rewards: MerkleDistributor, StipendStreams ---------------------------------------------


def _unknown_epoch(a: dict[str, Any], chain: Any) -> str:
    count = chain.call("MerkleDistributor", "epochCount")
    return f"there is no epoch {a['epochId']} (epochs run from 1 to {count})"


def _invalid_schedule(a: dict[str, Any], chain: Any) -> str:
    return "an epoch needs start < end < claim deadline, its end in the future"


def _invalid_pot(a: dict[str, Any], chain: Any) -> str:
    return f"a pot must be between 1 and 2^96 - 1 base units, not {a['pot']}"


def _epoch_not_ended(a: dict[str, Any], chain: Any) -> str:
    return f"epoch {a['epochId']} runs until {when(a['end'])}; its root can be posted after that"


def _root_already_posted(a: dict[str, Any], chain: Any) -> str:
    return f"epoch {a['epochId']} already has a root (only governance can replace it)"


def _no_root(a: dict[str, Any], chain: Any) -> str:
    return f"epoch {a['epochId']} has no root yet: nothing can be claimed before the team posts it"


def _zero_root(a: dict[str, Any], chain: Any) -> str:
    return "a merkle root must not be zero"


def _root_over_pot(a: dict[str, Any], chain: Any) -> str:
    return f"the root pays {a['total']} but epoch {a['epochId']} has only {a['available']} base units"


def _claims_started(a: dict[str, Any], chain: Any) -> str:
    return f"epoch {a['epochId']} has paid claims: its root can no longer be replaced"


def _already_claimed(a: dict[str, Any], chain: Any) -> str:
    return f"leaf {a['index']} of epoch {a['epochId']} was already claimed"


def _invalid_proof(a: dict[str, Any], chain: Any) -> str:
    return (
        f"epoch {a['epochId']}'s root does not hold leaf {a['index']} paying {a['amount']} to "
        f"{short(a['account'])} (wrong distribution document?)"
    )


def _zero_claim(a: dict[str, Any], chain: Any) -> str:
    return "a claim must pay a non-zero amount"


def _epoch_closed(a: dict[str, Any], chain: Any) -> str:
    return f"epoch {a['epochId']}'s unclaimed tokens went back to the team: nothing is left to claim"


def _claim_window_open(a: dict[str, Any], chain: Any) -> str:
    return f"epoch {a['epochId']}'s claims run until {when(a['claimDeadline'])}; reclaim after that"


def _claim_window_closed(a: dict[str, Any], chain: Any) -> str:
    return f"epoch {a['epochId']}'s claim deadline {when(a['claimDeadline'])} passed: a root can no longer be posted"


def _distributor_not_governance(a: dict[str, Any], chain: Any) -> str:
    return f"only governance (the timelock) may do this; {short(a['caller'])} is not it"


def _distributor_transfer(a: dict[str, Any], chain: Any) -> str:
    return f"the token delivered {a['received']} instead of {a['expected']} base units for the pot"


def _unknown_stream(a: dict[str, Any], chain: Any) -> str:
    count = chain.call("StipendStreams", "streamCount")
    return f"there is no stream {a['streamId']} (streams run from 1 to {count})"


def _stream_amount(a: dict[str, Any], chain: Any) -> str:
    return f"a stream pays between 1 and 2^128 - 1 base units, not {a['amount']}"


def _stream_schedule(a: dict[str, Any], chain: Any) -> str:
    return "a stream's end must come after its start (at the earliest now)"


def _stream_after_term(a: dict[str, Any], chain: Any) -> str:
    return f"the stream ends after its team's term ({when(a['termEnd'])})"


def _stream_not_active(a: dict[str, Any], chain: Any) -> str:
    return f"stream {a['streamId']} is stopped or has ended"


def _stream_not_haltable(a: dict[str, Any], chain: Any) -> str:
    return (
        f"stream {a['streamId']}'s recipient is still a member of a running team: only the team's threshold can stop it"
    )


def _stream_nothing(a: dict[str, Any], chain: Any) -> str:
    return f"nothing of stream {a['streamId']} is withdrawable yet"


_REWARD_EXPLAINERS: dict[str, Callable[[dict[str, Any], Any], str]] = {
    "DistributorUnknownEpoch": _unknown_epoch,
    "DistributorInvalidSchedule": _invalid_schedule,
    "DistributorInvalidPot": _invalid_pot,
    "DistributorEpochNotEnded": _epoch_not_ended,
    "DistributorRootAlreadyPosted": _root_already_posted,
    "DistributorNoRoot": _no_root,
    "DistributorZeroRoot": _zero_root,
    "DistributorRootOverPot": _root_over_pot,
    "DistributorClaimsStarted": _claims_started,
    "DistributorAlreadyClaimed": _already_claimed,
    "DistributorInvalidProof": _invalid_proof,
    "DistributorZeroAmount": _zero_claim,
    "DistributorEpochClosed": _epoch_closed,
    "DistributorClaimWindowOpen": _claim_window_open,
    "DistributorClaimWindowClosed": _claim_window_closed,
    "DistributorNotGovernance": _distributor_not_governance,
    "DistributorTransferMismatch": _distributor_transfer,
    "StipendUnknownStream": _unknown_stream,
    "StipendInvalidAmount": _stream_amount,
    "StipendInvalidSchedule": _stream_schedule,
    "StipendEndAfterTerm": _stream_after_term,
    "StipendNotActive": _stream_not_active,
    "StipendNotHaltable": _stream_not_haltable,
    "StipendNothingToWithdraw": _stream_nothing,
}


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
    "TaskNotOpen": _task_not_open,
    "TaskNotClaimed": _task_not_claimed,
    "TaskNotSubmitted": _task_not_submitted,
    "TaskUnknown": _task_unknown,
    "TaskNotClaimant": _not_claimant,
    "TaskClaimExpired": _claim_expired,
    "TaskClaimNotExpired": _claim_not_expired,
    "TaskSelfReview": _self_review,
    "TaskAlreadyApproved": _already_approved,
    "TaskSplitSharesSum": _shares_sum,
    "TaskSignatureExpired": _signature_expired,
    "TaskInvalidSignature": _invalid_signature,
    "TaskRewardChanged": _reward_changed,
    "TaskBondAboveMax": _bond_above_max,
    "TaskNonceUsed": _nonce_used,
    "TaskClaimCooldown": _claim_cooldown,
    "TaskRejectionReasonMissing": _reason_missing,
    "TaskReviewerTooNew": _reviewer_too_new,
    "TaskAlreadyVotedRelease": _already_voted_release,
    "TaskReviewWindowOpen": _review_window_open,
    "TaskEscalationNotAllowed": _escalation_not_allowed,
    "TaskIsEscalated": _is_escalated,
    "TaskNotEscalated": _not_escalated,
    "TaskNotActive": _not_active,
    "WorkstreamApprovalsAboveMembers": _approvals_above_members,
    "WorkstreamProposalExpired": _proposal_expired,
    "WorkstreamProposalWithdrawn": _proposal_withdrawn,
    "WorkstreamNotProposer": _not_proposer,
    "WorkstreamNothingToSweep": _nothing_to_sweep,
    "WorkstreamNotMember": _not_member,
    "WorkstreamInsufficientBudget": _insufficient_budget,
    "WorkstreamRewardAboveMax": _reward_above_max,
    "WorkstreamIsPaused": _paused,
    "WorkstreamTermEnded": _term_ended,
    "WorkstreamUnknown": _unknown_workstream,
    "TaskBoardMisconfigured": _board_misconfigured,
    "TaskParentMismatch": _parent_mismatch,
    "TaskRewardAboveParent": _reward_above_parent,
    "TaskSplitInvalidEntry": _split_invalid_entry,
    "TaskSplitLengthMismatch": _split_length,
    "TaskSplitMismatch": _split_mismatch,
    "TaskSplitTooLarge": _split_too_large,
    "TaskPermitRefused": _permit_refused,
    "TaskZeroReward": _zero_reward,
    "WorkstreamAlreadyApproved": _member_change_approved,
    "WorkstreamAlreadyMember": _already_member,
    "WorkstreamBudgetCapExceeded": _budget_cap,
    "WorkstreamClaimDurationAboveMax": _duration_above_max,
    "WorkstreamInvalidGuardrails": _invalid_guardrails,
    "WorkstreamInvalidMember": _invalid_member,
    "WorkstreamInvalidTerm": _invalid_term,
    "WorkstreamInvalidToken": _invalid_token,
    "WorkstreamLastMember": _last_member,
    "WorkstreamNoMembers": _no_members,
    "WorkstreamNotGovernance": _not_governance,
    "WorkstreamNotPaused": _not_paused,
    "WorkstreamNotTaskBoard": _not_task_board,
    "WorkstreamNotRewardModule": _not_reward_module,
    "WorkstreamRewardOverSettled": _reward_over_settled,
    "WorkstreamNothingOwed": _nothing_owed,
    "WorkstreamProposalExecuted": _proposal_executed,
    "WorkstreamTransferMismatch": _transfer_mismatch,
    "WorkstreamUnknownProposal": _unknown_member_change,
    "WorkstreamZeroAddress": _zero_address,
    "WorkstreamZeroAmount": _zero_amount,
    "GovernorInsufficientProposerVotes": _proposer_votes,
    "GovernorAlreadyCastVote": _already_voted,
    "GovernorNonexistentProposal": _no_proposal,
    "GovernorUnexpectedProposalState": _proposal_state,
    "GovernorDescriptionWithoutDocument": _no_document,
    "ERC20InsufficientBalance": _erc20_balance,
    "ERC20InsufficientAllowance": _erc20_allowance,
    "TimelockUnexpectedOperationState": _timelock_state,
    **_REWARD_EXPLAINERS,
    **_SIGNED_EXPLAINERS,
}
