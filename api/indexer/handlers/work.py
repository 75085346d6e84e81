"""How the work contracts' events (Workstreams registry, TaskBoard) change the domain tables.

Budget columns move exactly as the registry's accounting does, so a workstream's row always
equals the contract's `budget(id)` view at the indexed block.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.chain.types import TaskStatus
from api.db import models
from api.db.models import Event
from api.db.task_titles import spec_title
from api.indexer.handlers.common import Registry, add, reference_document, registrar
from api.indexer.handlers.rewards import cut_streams

HANDLERS: Registry = {}
handles = registrar(HANDLERS)

_GUARDRAIL_FIELDS = ["budgetCap", "maxReward", "claimBond", "claimDuration", "approvalsRequired"]


def _guardrails(value: Any) -> dict[str, int]:
    """A Guardrails struct as decoded: a dict of named fields or a positional list."""
    if isinstance(value, dict):
        return {k: int(value[k]) for k in _GUARDRAIL_FIELDS}
    return {k: int(v) for k, v in zip(_GUARDRAIL_FIELDS, value, strict=True)}


def _set_guardrails(workstream: models.Workstream, raw: Any) -> None:
    rails = _guardrails(raw)
    workstream.budget_cap = rails["budgetCap"]
    workstream.max_reward = rails["maxReward"]
    workstream.claim_bond = rails["claimBond"]
    workstream.claim_duration = rails["claimDuration"]
    workstream.approvals_required = rails["approvalsRequired"]


def _workstream(session: Session, event: Event) -> models.Workstream | None:
    return session.get(models.Workstream, int(event.args["workstreamId"]))


def _task(session: Session, event: Event) -> models.Task | None:
    return session.get(models.Task, int(event.args["taskId"]))


def _history(session: Session, event: Event, kind: str, actor: str | None) -> None:
    session.add(
        models.TaskHistory(
            task_id=int(event.args["taskId"]),
            kind=kind,
            actor=actor,
            block_number=event.block_number,
            log_index=event.log_index,
            tx_hash=event.tx_hash,
            timestamp=event.block_timestamp,
            data=event.args,
        )
    )


def _open_claim(session: Session, task_id: int) -> models.Claim | None:
    return session.scalars(
        select(models.Claim)
        .where(models.Claim.task_id == task_id, models.Claim.outcome.is_(None))
        .order_by(models.Claim.id.desc())
    ).first()


def _end_claim(session: Session, task_id: int, outcome: str, when: int | None) -> None:
    claim = _open_claim(session, task_id)
    if claim is not None:
        claim.outcome, claim.ended_at = outcome, when


# ---- registry --------------------------------------------------------------------------


@handles("Workstreams", "WorkstreamCreated")
def _created(session: Session, event: Event) -> None:
    args = event.args
    workstream = models.Workstream(
        id=int(args["workstreamId"]),
        name=args["name"],
        token=args["token"],
        charter_cid=args["charterCid"],
        term_end=int(args["termEnd"]),
        paused=False,
        funded=0,
        reserved=0,
        paid=0,
        available=0,
        clawed_back=0,
        claim_cooldown=0,
        review_window=0,
        escalate_after=0,
        bonds_forfeited=0,
        created_block=event.block_number,
        created_at=event.block_timestamp,
    )
    _set_guardrails(workstream, args["guardrails"])
    add(session, workstream)
    reference_document(session, args["charterCid"], block_number=event.block_number)


@handles("Workstreams", "WorkstreamFunded")
def _funded(session: Session, event: Event) -> None:
    if (ws := _workstream(session, event)) is not None:
        amount = int(event.args["amount"])
        ws.funded, ws.available = ws.funded + amount, ws.available + amount


@handles("Workstreams", "WorkstreamClawedBack")
def _clawed_back(session: Session, event: Event) -> None:
    if (ws := _workstream(session, event)) is not None:
        amount = int(event.args["amount"])
        ws.available, ws.clawed_back = ws.available - amount, ws.clawed_back + amount


@handles("Workstreams", "BondForfeited")
def _bond_forfeited(session: Session, event: Event) -> None:
    # A forfeited claim bond becomes team budget: funded and available both grow.
    if (ws := _workstream(session, event)) is not None:
        amount = int(event.args["amount"])
        ws.funded, ws.available = ws.funded + amount, ws.available + amount
        ws.bonds_forfeited = ws.bonds_forfeited + amount  # counted in funded, not against the cap


@handles("Workstreams", "BudgetReserved")
def _reserved(session: Session, event: Event) -> None:
    if (ws := _workstream(session, event)) is not None:
        amount = int(event.args["amount"])
        ws.available, ws.reserved = ws.available - amount, ws.reserved + amount


@handles("Workstreams", "BudgetReleased")
def _released(session: Session, event: Event) -> None:
    if (ws := _workstream(session, event)) is not None:
        amount = int(event.args["amount"])
        ws.reserved, ws.available = ws.reserved - amount, ws.available + amount


@handles("Workstreams", "WorkstreamGuardrailsChanged")
def _guardrails_changed(session: Session, event: Event) -> None:
    if (ws := _workstream(session, event)) is not None:
        _set_guardrails(ws, event.args["newGuardrails"])


@handles("Workstreams", "WorkstreamRenewed")
def _renewed(session: Session, event: Event) -> None:
    if (ws := _workstream(session, event)) is not None:
        ws.term_end = int(event.args["newTermEnd"])
        ws.budget_cap = int(event.args["newBudgetCap"])
        if event.args["charterCid"]:
            ws.charter_cid = event.args["charterCid"]
            reference_document(session, ws.charter_cid, block_number=event.block_number)


@handles("Workstreams", "WorkstreamPaused")
def _paused(session: Session, event: Event) -> None:
    if (ws := _workstream(session, event)) is not None:
        ws.paused = True
    cut_streams(session, event)


@handles("Workstreams", "WorkstreamUnpaused")
def _unpaused(session: Session, event: Event) -> None:
    if (ws := _workstream(session, event)) is not None:
        ws.paused = False


@handles("Workstreams", "WorkstreamTeamRulesChanged")
def _team_rules_changed(session: Session, event: Event) -> None:
    if (ws := _workstream(session, event)) is not None:
        rules = event.args["rules"]
        if not isinstance(rules, dict):  # positional: (claimCooldown, reviewWindow, escalateAfter)
            rules = dict(zip(("claimCooldown", "reviewWindow", "escalateAfter"), rules, strict=True))
        ws.claim_cooldown = int(rules["claimCooldown"])
        ws.review_window = int(rules["reviewWindow"])
        ws.escalate_after = int(rules["escalateAfter"])


@handles("Workstreams", "MemberAdded")
def _member_added(session: Session, event: Event) -> None:
    ws_id, account = int(event.args["workstreamId"]), event.args["account"]
    member = session.scalars(
        select(models.Member).where(models.Member.workstream_id == ws_id, models.Member.account == account)
    ).first()
    if member is None:
        add(session, models.Member(workstream_id=ws_id, account=account, active=True, joined_block=event.block_number))
    else:
        member.active, member.joined_block, member.left_block = True, event.block_number, None
    _mark_change_executed(session, event)


@handles("Workstreams", "MemberRemoved")
def _member_removed(session: Session, event: Event) -> None:
    ws_id, account = int(event.args["workstreamId"]), event.args["account"]
    member = session.scalars(
        select(models.Member).where(models.Member.workstream_id == ws_id, models.Member.account == account)
    ).first()
    if member is not None:
        member.active, member.left_block = False, event.block_number
    cut_streams(session, event, recipient=account)
    _mark_change_executed(session, event)


def _mark_change_executed(session: Session, event: Event) -> None:
    proposal_id = int(event.args["proposalId"])
    if proposal_id and (change := session.get(models.MemberChange, proposal_id)) is not None:
        change.executed = True


@handles("Workstreams", "MemberChangeProposed")
def _member_change_proposed(session: Session, event: Event) -> None:
    args = event.args
    add(
        session,
        models.MemberChange(
            id=int(args["proposalId"]),
            workstream_id=int(args["workstreamId"]),
            account=args["account"],
            add=bool(args["add"]),
            proposer=args["proposer"],
            approvals=0,
            executed=False,
            withdrawn=False,
            proposed_block=event.block_number,
            proposed_at=event.block_timestamp,
        ),
    )


@handles("Workstreams", "MemberChangeWithdrawn")
def _member_change_withdrawn(session: Session, event: Event) -> None:
    if (change := session.get(models.MemberChange, int(event.args["proposalId"]))) is not None:
        change.withdrawn = True


@handles("Workstreams", "MemberChangeApproved")
def _member_change_approved(session: Session, event: Event) -> None:
    if (change := session.get(models.MemberChange, int(event.args["proposalId"]))) is not None:
        change.approvals = int(event.args["approvals"])


@handles("Workstreams", "RewardPaid")
def _reward_paid(session: Session, event: Event) -> None:
    args = event.args
    ws = _workstream(session, event)
    session.add(
        models.Payment(
            task_id=int(args["taskId"]),
            workstream_id=int(args["workstreamId"]),
            recipient=args["to"],
            token=ws.token if ws else "",
            amount=int(args["amount"]),
            bond_returned=int(args["bondReturned"]),
            deferred=bool(args["deferred"]),
            paid_at=event.block_timestamp,
            block_number=event.block_number,
            tx_hash=event.tx_hash,
        )
    )


# ---- task board ------------------------------------------------------------------------


@handles("TaskBoard", "ClaimNonceUsed")
def _claim_nonce_used(session: Session, event: Event) -> None:
    session.add(
        models.ClaimNonce(
            claimant=event.args["claimant"],
            kind="used",
            nonce=int(event.args["nonce"]),
            block_number=event.block_number,
            tx_hash=event.tx_hash,
        )
    )


@handles("TaskBoard", "ClaimNoncesCancelled")
def _claim_nonces_cancelled(session: Session, event: Event) -> None:
    session.add(
        models.ClaimNonce(
            claimant=event.args["claimant"],
            kind="cancelled",
            word_pos=int(event.args["wordPos"]),
            mask=int(event.args["mask"]),
            block_number=event.block_number,
            tx_hash=event.tx_hash,
        )
    )


@handles("TaskBoard", "TaskCreated")
def _task_created(session: Session, event: Event) -> None:
    args = event.args
    parent = int(args["parentId"])
    add(
        session,
        models.Task(
            id=int(args["taskId"]),
            workstream_id=int(args["workstreamId"]),
            parent_id=parent or None,
            creator=args["creator"],
            spec_cid=args["specCid"],
            title=spec_title(session, args["specCid"]),
            reward=int(args["reward"]),
            claim_duration=int(args["claimDuration"]),
            status=TaskStatus.OPEN.label,
            bond=0,
            round=0,
            approvals=0,
            rejections=0,
            escalated=False,
            created_block=event.block_number,
            created_at=event.block_timestamp,
        ),
    )
    if parent and (parent_task := session.get(models.Task, parent)) is not None:
        # A subtask's reward comes out of its parent's reservation.
        parent_task.reward = parent_task.reward - int(args["reward"])
    reference_document(session, args["specCid"], block_number=event.block_number, signers=[args["creator"]])
    _history(session, event, "created", args["creator"])


@handles("TaskBoard", "TaskCancelled")
def _task_cancelled(session: Session, event: Event) -> None:
    if (task := _task(session, event)) is not None:
        task.status, task.closed_at = TaskStatus.CANCELLED.label, event.block_timestamp
        if event.args["toParent"] and task.parent_id and (parent := session.get(models.Task, task.parent_id)):
            parent.reward = parent.reward + int(event.args["released"])
    _history(session, event, "cancelled", event.args["by"])


@handles("TaskBoard", "TaskClaimed")
def _task_claimed(session: Session, event: Event) -> None:
    args = event.args
    if (task := _task(session, event)) is not None:
        task.status, task.claimant = TaskStatus.CLAIMED.label, args["claimant"]
        task.claim_expiry, task.bond = int(args["expiry"]), int(args["bond"])
        task.claimed_at = event.block_timestamp
    relayer = args["relayer"] if args["relayer"] != "0x0000000000000000000000000000000000000000" else None
    session.add(
        models.Claim(
            task_id=int(args["taskId"]),
            claimant=args["claimant"],
            relayer=relayer,
            expiry=int(args["expiry"]),
            bond=int(args["bond"]),
            claimed_at=event.block_timestamp,
            claimed_block=event.block_number,
        )
    )
    session.flush()
    _history(session, event, "claimed", args["claimant"])


def _back_to_open(session: Session, event: Event, outcome: str, actor: str | None) -> None:
    if (task := _task(session, event)) is not None:
        task.status, task.claimant, task.claim_expiry, task.bond = TaskStatus.OPEN.label, None, None, 0
        # The board starts a new round whenever a claim ends this way (its `_reopen`), so
        # approvals and release votes of the ended claim never carry over; a release also
        # ends an escalation.
        task.approvals, task.claimed_at, task.round, task.escalated = 0, None, task.round + 1, False
    claim = _open_claim(session, int(event.args["taskId"]))
    if claim is not None:
        claim.outcome, claim.ended_at = outcome, event.block_timestamp
        # The claimant waits the team's cool-down before claiming this task again (the
        # board's `_startCooldown`, on abandon, expiry and release alike).
        ws = _workstream(session, event)
        if ws is not None and ws.claim_cooldown and event.block_timestamp is not None:
            claim.cooldown_until = event.block_timestamp + ws.claim_cooldown
    _history(session, event, outcome, actor)


@handles("TaskBoard", "TaskAbandoned")
def _task_abandoned(session: Session, event: Event) -> None:
    _back_to_open(session, event, "abandoned", event.args["claimant"])


@handles("TaskBoard", "TaskReopened")
def _task_reopened(session: Session, event: Event) -> None:
    _back_to_open(session, event, "expired", event.args["reopenedBy"])


@handles("TaskBoard", "TaskSubmitted")
def _task_submitted(session: Session, event: Event) -> None:
    args = event.args
    if (task := _task(session, event)) is not None:
        task.status, task.round, task.approvals = TaskStatus.SUBMITTED.label, int(args["round"]), 0
        # The board keeps one time per task: the claim's expiry while Claimed, the submission's
        # time while Submitted (`task()` reads claimExpiry 0 from then on).
        task.submitted_at, task.claim_expiry = event.block_timestamp, None
    session.add(
        models.Submission(
            task_id=int(args["taskId"]),
            round=int(args["round"]),
            claimant=args["claimant"],
            deliverable_cid=args["deliverableCid"],
            contributors=list(args["contributors"]),
            shares=[int(s) for s in args["shares"]],
            submitted_at=event.block_timestamp,
            submitted_block=event.block_number,
        )
    )
    # The claimant or a co-contributor named in the split may sign the deliverable.
    reference_document(
        session,
        args["deliverableCid"],
        block_number=event.block_number,
        signers=[args["claimant"], *args["contributors"]],
    )
    _history(session, event, "submitted", args["claimant"])


def _review(session: Session, event: Event, verdict: str) -> None:
    args = event.args
    session.add(
        models.Review(
            task_id=int(args["taskId"]),
            round=int(args["round"]),
            reviewer=args["reviewer"],
            verdict=verdict,
            reason_cid=args["reasonCid"],
            reviewed_at=event.block_timestamp,
            reviewed_block=event.block_number,
        )
    )
    if args["reasonCid"]:
        reference_document(session, args["reasonCid"], block_number=event.block_number, signers=[args["reviewer"]])
    _history(session, event, "approved" if verdict == "approve" else "rejected", args["reviewer"])


@handles("TaskBoard", "TaskApproved")
def _task_approved(session: Session, event: Event) -> None:
    if (task := _task(session, event)) is not None:
        task.approvals = int(event.args["approvals"])
    _review(session, event, "approve")


@handles("TaskBoard", "TaskRejected")
def _task_rejected(session: Session, event: Event) -> None:
    if (task := _task(session, event)) is not None:
        # A rejection starts the next review round on chain (TaskBoard: `t.round = round + 1`).
        task.status, task.approvals, task.round = TaskStatus.CLAIMED.label, 0, int(event.args["round"]) + 1
        task.claim_expiry = int(event.args["newExpiry"])
        task.rejections = task.rejections + 1
    _review(session, event, "reject")


@handles("TaskBoard", "TaskPaid")
def _task_paid(session: Session, event: Event) -> None:
    reward = int(event.args["reward"])
    if (task := _task(session, event)) is not None:
        task.status, task.paid_at, task.closed_at = TaskStatus.PAID.label, event.block_timestamp, event.block_timestamp
        task.claim_expiry = None
    if (ws := _workstream(session, event)) is not None:
        ws.reserved, ws.paid = ws.reserved - reward, ws.paid + reward
    _end_claim(session, int(event.args["taskId"]), "paid", event.block_timestamp)
    _history(session, event, "paid", event.args["claimant"])


@handles("TaskBoard", "TaskReleased")
def _task_released(session: Session, event: Event) -> None:
    # Members (by the team's threshold) or governance released the claim: open again, the
    # bond went back to the claimant (the registry's BondReturned; no budget change).
    _back_to_open(session, event, "released", None if event.args["byGovernance"] else event.args["claimant"])


@handles("TaskBoard", "TaskReleaseVoted")
def _task_release_voted(session: Session, event: Event) -> None:
    _history(session, event, "release_voted", event.args["member"])


@handles("TaskBoard", "TaskCancelledByGovernance")
def _task_cancelled_by_governance(session: Session, event: Event) -> None:
    released = int(event.args["released"])
    if (task := _task(session, event)) is not None:
        was_claimed = task.status in (TaskStatus.CLAIMED.label, TaskStatus.SUBMITTED.label)
        task.status, task.closed_at = TaskStatus.CANCELLED.label, event.block_timestamp
        task.claimant, task.bond = None, 0
        task.claim_expiry, task.approvals, task.round = None, 0, task.round + 1  # the board's `_reopen`
        task.escalated = False
        # As the board does: back to the parent while it is open (else BudgetReleased moves it).
        parent = session.get(models.Task, task.parent_id) if task.parent_id else None
        if parent is not None and parent.status == TaskStatus.OPEN.label:
            parent.reward = parent.reward + released
        if was_claimed:
            _end_claim(session, task.id, "cancelled", event.block_timestamp)
    _history(session, event, "cancelled", None)


@handles("TaskBoard", "TaskFinalized")
def _task_finalized(session: Session, event: Event) -> None:
    # Lazy consensus: the review window passed with no rejection; TaskPaid follows.
    _history(session, event, "finalized", event.args["by"])


@handles("TaskBoard", "TaskEscalated")
def _task_escalated(session: Session, event: Event) -> None:
    if (task := _task(session, event)) is not None:
        task.escalated = True
    _history(session, event, "escalated", event.args["claimant"])


@handles("TaskBoard", "TaskEscalationResolved")
def _task_escalation_resolved(session: Session, event: Event) -> None:
    # Governance paid the task (TaskPaid follows) or released the claim (TaskReleased follows).
    if (task := _task(session, event)) is not None:
        task.escalated = False
    _history(session, event, "escalation_resolved", None)


@handles("TaskBoard", "TaskBoardSwept")
def _board_swept(session: Session, event: Event) -> None:
    # Tokens sent to the board by mistake went to the treasury: no budget or task changes.
    return None


@handles("Workstreams", "WorkstreamSwept")
def _escrow_swept(session: Session, event: Event) -> None:
    # Tokens held beyond every account's due went to the treasury: no budget changes.
    return None
