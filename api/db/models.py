"""Database models: the chain's raw events, the indexer's cursor, and the domain tables
(proposals, votes, delegations, ...) that the API reads.

Domain tables are projections of the `events` table: a reorg deletes the orphaned events
and undoes what their blocks changed, from the `undo_records` (see api.indexer.projector).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import JSON, BigInteger, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from api.db.types import Uint256

ADDRESS = String(42)
HASH = String(66)


class Base(DeclarativeBase):
    pass


# ---- indexer state ---------------------------------------------------------------------


class Checkpoint(Base):
    """The last block fully indexed for a chain; written in the same transaction as its data."""

    __tablename__ = "checkpoints"

    chain_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    block_number: Mapped[int] = mapped_column(BigInteger)
    block_hash: Mapped[str] = mapped_column(HASH)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class BlockRecord(Base):
    """Recent indexed blocks (those with events, and range ends) and their hashes: what
    reorg detection compares with the chain."""

    __tablename__ = "blocks"

    chain_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    hash: Mapped[str] = mapped_column(HASH)
    timestamp: Mapped[int | None] = mapped_column(BigInteger)


class UndoRecord(Base):
    """How to undo what one block's events changed in the domain tables: a reorg applies the
    orphaned blocks' records newest first instead of replaying the whole history. Kept for the
    same recent blocks as `BlockRecord`. `op` is `insert` (delete the row keyed by `key`),
    `update` (put back the old column values in `data`), `delete` (insert `data` again) or
    `block` (a marker: this block's changes are all recorded)."""

    __tablename__ = "undo_records"
    __table_args__ = (Index("ix_undo_records_block", "chain_id", "block_number", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chain_id: Mapped[int] = mapped_column(BigInteger)
    block_number: Mapped[int] = mapped_column(BigInteger)
    seq: Mapped[int] = mapped_column(Integer)
    table_name: Mapped[str] = mapped_column(String(64))
    op: Mapped[str] = mapped_column(String(8))
    key: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Event(Base):
    """Every decoded log of every deployed contract, in chain order."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("chain_id", "tx_hash", "log_index", name="uq_events_log"),
        Index("ix_events_order", "chain_id", "block_number", "log_index"),
        Index("ix_events_contract_name", "contract", "name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chain_id: Mapped[int] = mapped_column(BigInteger)
    block_number: Mapped[int] = mapped_column(BigInteger)
    block_hash: Mapped[str] = mapped_column(HASH)
    block_timestamp: Mapped[int | None] = mapped_column(BigInteger)
    tx_hash: Mapped[str] = mapped_column(HASH)
    tx_index: Mapped[int] = mapped_column(Integer)
    log_index: Mapped[int] = mapped_column(Integer)
    address: Mapped[str] = mapped_column(ADDRESS)
    contract: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(64))
    # uint256 values are stored as decimal strings inside JSON, so they stay exact.
    args: Mapped[dict[str, Any]] = mapped_column(JSON)


class Document(Base):
    """A content-addressed document referenced by an event, and how fetching it went."""

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_kind_block", "kind", "first_seen_block"),)

    cid: Mapped[str] = mapped_column(String(128), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), index=True)  # pending | ok | invalid
    kind: Mapped[str | None] = mapped_column(String(32))
    schema_id: Mapped[str | None] = mapped_column(String(64))
    body: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    author: Mapped[str | None] = mapped_column(ADDRESS)
    size: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    first_seen_block: Mapped[int] = mapped_column(BigInteger)
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Accounts whose transactions referenced this document as theirs (a task's creator, a
    # submission's claimant and co-contributors, a reviewer); None when no event names an
    # actor (charters, proposals, posts). Kept by the indexer's handlers (undone on reorgs);
    # a document whose verified author is not among them is `unattributed`.
    signers: Mapped[list[str] | None] = mapped_column(JSON)
    # A post's signed time (unix seconds, from its body's `created_at`); threads order by it.
    signed_at: Mapped[int | None] = mapped_column(BigInteger, index=True)


# ---- governance ------------------------------------------------------------------------


class Proposal(Base):
    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(Uint256, primary_key=True)
    proposer: Mapped[str] = mapped_column(ADDRESS, index=True)
    description: Mapped[str] = mapped_column(Text)
    document_cid: Mapped[str | None] = mapped_column(String(128))
    targets: Mapped[list[str]] = mapped_column(JSON)
    values: Mapped[list[str]] = mapped_column(JSON)
    calldatas: Mapped[list[str]] = mapped_column(JSON)
    vote_start: Mapped[int] = mapped_column(BigInteger)
    vote_end: Mapped[int] = mapped_column(BigInteger)
    votes_for: Mapped[int] = mapped_column(Uint256, default=0)
    votes_against: Mapped[int] = mapped_column(Uint256, default=0)
    votes_abstain: Mapped[int] = mapped_column(Uint256, default=0)
    eta: Mapped[int | None] = mapped_column(BigInteger)
    queued: Mapped[bool] = mapped_column(Boolean, default=False)
    executed: Mapped[bool] = mapped_column(Boolean, default=False)
    executed_tx: Mapped[str | None] = mapped_column(HASH, nullable=True)
    canceled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_block: Mapped[int] = mapped_column(BigInteger)
    created_tx: Mapped[str] = mapped_column(HASH)
    created_at: Mapped[int | None] = mapped_column(BigInteger)


class Vote(Base):
    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("proposal_id", "voter", name="uq_votes_voter"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    proposal_id: Mapped[int] = mapped_column(Uint256, ForeignKey("proposals.id"), index=True)
    voter: Mapped[str] = mapped_column(ADDRESS, index=True)
    support: Mapped[int] = mapped_column(Integer)
    weight: Mapped[int] = mapped_column(Uint256)
    reason: Mapped[str] = mapped_column(Text, default="")
    block_number: Mapped[int] = mapped_column(BigInteger)
    tx_hash: Mapped[str] = mapped_column(HASH)


class Account(Base):
    """A token holder or delegate: balance, delegate and current voting power."""

    __tablename__ = "accounts"

    address: Mapped[str] = mapped_column(ADDRESS, primary_key=True)
    balance: Mapped[int] = mapped_column(Uint256, default=0)
    delegate: Mapped[str | None] = mapped_column(ADDRESS, index=True)
    voting_power: Mapped[int] = mapped_column(Uint256, default=0)


# ---- work: workstreams, members, tasks -------------------------------------------------


class Workstream(Base):
    """A team: guardrails set by governance, members, and budget accounting that mirrors
    the contract's `budget(id)` view."""

    __tablename__ = "workstreams"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    token: Mapped[str] = mapped_column(ADDRESS)
    charter_cid: Mapped[str] = mapped_column(String(128))
    term_end: Mapped[int] = mapped_column(BigInteger)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    budget_cap: Mapped[int] = mapped_column(Uint256)
    max_reward: Mapped[int] = mapped_column(Uint256)
    claim_bond: Mapped[int] = mapped_column(Uint256)
    claim_duration: Mapped[int] = mapped_column(BigInteger)
    approvals_required: Mapped[int] = mapped_column(Integer)
    funded: Mapped[int] = mapped_column(Uint256, default=0)
    reserved: Mapped[int] = mapped_column(Uint256, default=0)
    paid: Mapped[int] = mapped_column(Uint256, default=0)
    available: Mapped[int] = mapped_column(Uint256, default=0)
    clawed_back: Mapped[int] = mapped_column(Uint256, default=0)
    # Team rules (WorkstreamTeamRulesChanged; 0: off) and bonds forfeited into the budget.
    claim_cooldown: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    review_window: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    escalate_after: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bonds_forfeited: Mapped[int] = mapped_column(Uint256, default=0, server_default="0")
    created_block: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[int | None] = mapped_column(BigInteger)


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("workstream_id", "account", name="uq_members_account"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workstream_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("workstreams.id"), index=True)
    account: Mapped[str] = mapped_column(ADDRESS, index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    joined_block: Mapped[int] = mapped_column(BigInteger)
    left_block: Mapped[int | None] = mapped_column(BigInteger)


class MemberChange(Base):
    """A members' proposal to add or remove a member, approved by a majority of members."""

    __tablename__ = "member_changes"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    workstream_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("workstreams.id"), index=True)
    account: Mapped[str] = mapped_column(ADDRESS)
    add: Mapped[bool] = mapped_column(Boolean)
    proposer: Mapped[str] = mapped_column(ADDRESS)
    approvals: Mapped[int] = mapped_column(Integer, default=0)
    executed: Mapped[bool] = mapped_column(Boolean, default=False)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa.false())
    proposed_block: Mapped[int] = mapped_column(BigInteger)
    proposed_at: Mapped[int | None] = mapped_column(BigInteger)


class Task(Base):
    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_board", "workstream_id", "status"),
        Index("ix_tasks_status_reward", "status", "reward"),
        # The board's common pages (by status, optionally by team) in id order, without a sort.
        Index("ix_tasks_board_id", "workstream_id", "status", "id"),
        Index("ix_tasks_status_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    workstream_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("workstreams.id"))
    parent_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    creator: Mapped[str] = mapped_column(ADDRESS)
    spec_cid: Mapped[str] = mapped_column(String(128))
    # The spec document's title, copied when the document resolves (see api.db.task_titles):
    # the board then reads one table instead of joining documents and parsing their bodies.
    title: Mapped[str | None] = mapped_column(Text)
    reward: Mapped[int] = mapped_column(Uint256)
    claim_duration: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))  # open | claimed | submitted | paid | cancelled
    claimant: Mapped[str | None] = mapped_column(ADDRESS, index=True)
    claim_expiry: Mapped[int | None] = mapped_column(BigInteger)
    bond: Mapped[int] = mapped_column(Uint256, default=0)
    round: Mapped[int] = mapped_column(Integer, default=0)
    approvals: Mapped[int] = mapped_column(Integer, default=0)
    rejections: Mapped[int] = mapped_column(Integer, default=0)
    # Escalated to governance by its claimant; reviews wait until governance resolves it.
    escalated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa.false())
    created_block: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[int | None] = mapped_column(BigInteger)
    claimed_at: Mapped[int | None] = mapped_column(BigInteger)  # start of the claim that got paid
    submitted_at: Mapped[int | None] = mapped_column(BigInteger)
    paid_at: Mapped[int | None] = mapped_column(BigInteger)
    closed_at: Mapped[int | None] = mapped_column(BigInteger)


class TaskHistory(Base):
    """Every state change of a task, in chain order: its full history."""

    __tablename__ = "task_history"
    __table_args__ = (Index("ix_task_history_task", "task_id", "block_number", "log_index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    task_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("tasks.id"))
    kind: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str | None] = mapped_column(ADDRESS)
    block_number: Mapped[int] = mapped_column(BigInteger)
    log_index: Mapped[int] = mapped_column(Integer)
    tx_hash: Mapped[str] = mapped_column(HASH)
    timestamp: Mapped[int | None] = mapped_column(BigInteger)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class Claim(Base):
    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    task_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("tasks.id"), index=True)
    claimant: Mapped[str] = mapped_column(ADDRESS, index=True)
    relayer: Mapped[str | None] = mapped_column(ADDRESS)
    expiry: Mapped[int] = mapped_column(BigInteger)
    bond: Mapped[int] = mapped_column(Uint256)
    claimed_at: Mapped[int | None] = mapped_column(BigInteger)
    claimed_block: Mapped[int] = mapped_column(BigInteger)
    outcome: Mapped[str | None] = mapped_column(String(16))  # paid | abandoned | expired | released | cancelled
    ended_at: Mapped[int | None] = mapped_column(BigInteger)
    # Until when this claimant may not claim the task again (abandoned, expired or released
    # under a team cool-down), as the board's `claimCooldown(task, claimant)`.
    cooldown_until: Mapped[int | None] = mapped_column(BigInteger)


class ClaimNonce(Base):
    """A claim-signature nonce used by a relayed claim (`used`: `nonce`) or nonces cancelled
    by their signer (`cancelled`: `word_pos * 256 + i` for each bit `i` of `mask`)."""

    __tablename__ = "claim_nonces"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claimant: Mapped[str] = mapped_column(ADDRESS, index=True)
    kind: Mapped[str] = mapped_column(String(16))  # used | cancelled
    nonce: Mapped[int | None] = mapped_column(Uint256)
    word_pos: Mapped[int | None] = mapped_column(Uint256)
    mask: Mapped[int | None] = mapped_column(Uint256)
    block_number: Mapped[int] = mapped_column(BigInteger)
    tx_hash: Mapped[str] = mapped_column(HASH)


class Submission(Base):
    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    task_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("tasks.id"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    claimant: Mapped[str] = mapped_column(ADDRESS)
    deliverable_cid: Mapped[str] = mapped_column(String(128))
    contributors: Mapped[list[str]] = mapped_column(JSON)
    shares: Mapped[list[int]] = mapped_column(JSON)
    submitted_at: Mapped[int | None] = mapped_column(BigInteger)
    submitted_block: Mapped[int] = mapped_column(BigInteger)


class Review(Base):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    task_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("tasks.id"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    reviewer: Mapped[str] = mapped_column(ADDRESS, index=True)
    verdict: Mapped[str] = mapped_column(String(16))  # approve | reject
    reason_cid: Mapped[str] = mapped_column(String(128), default="")
    reviewed_at: Mapped[int | None] = mapped_column(BigInteger)
    reviewed_block: Mapped[int] = mapped_column(BigInteger)


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    task_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("tasks.id"), index=True)
    workstream_id: Mapped[int] = mapped_column(BigInteger, index=True)
    recipient: Mapped[str] = mapped_column(ADDRESS, index=True)
    token: Mapped[str] = mapped_column(ADDRESS)
    amount: Mapped[int] = mapped_column(Uint256)
    bond_returned: Mapped[int] = mapped_column(Uint256, default=0)
    deferred: Mapped[bool] = mapped_column(Boolean, default=False)
    paid_at: Mapped[int | None] = mapped_column(BigInteger)
    block_number: Mapped[int] = mapped_column(BigInteger)
    tx_hash: Mapped[str] = mapped_column(HASH)


# ---- rewards (MerkleDistributor epochs, StipendStreams streams) --------------------------


class RewardEpoch(Base):
    """A peer-allocation epoch; `held`, `total`, `root` and `reclaimed` mirror the
    distributor's `epoch(id)` view at the indexed block."""

    __tablename__ = "reward_epochs"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    workstream_id: Mapped[int] = mapped_column(BigInteger, index=True)
    token: Mapped[str] = mapped_column(ADDRESS)
    pot: Mapped[int] = mapped_column(Uint256)
    held: Mapped[int] = mapped_column(Uint256)
    total: Mapped[int] = mapped_column(Uint256, default=0)
    root: Mapped[str | None] = mapped_column(HASH)
    start: Mapped[int] = mapped_column(BigInteger)
    end: Mapped[int] = mapped_column(BigInteger)
    claim_deadline: Mapped[int] = mapped_column(BigInteger)
    reclaimed: Mapped[bool] = mapped_column(Boolean, default=False)
    epoch_cid: Mapped[str] = mapped_column(String(128))
    distribution_cid: Mapped[str | None] = mapped_column(String(128))
    claimed_count: Mapped[int] = mapped_column(Integer, default=0)
    claimed_amount: Mapped[int] = mapped_column(Uint256, default=0)
    returned: Mapped[int] = mapped_column(Uint256, default=0)
    opened_block: Mapped[int] = mapped_column(BigInteger)
    opened_at: Mapped[int | None] = mapped_column(BigInteger)


class RewardClaim(Base):
    """One paid leaf of an epoch."""

    __tablename__ = "reward_claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    epoch_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("reward_epochs.id"), index=True)
    leaf_index: Mapped[int] = mapped_column(Uint256)
    account: Mapped[str] = mapped_column(ADDRESS, index=True)
    amount: Mapped[int] = mapped_column(Uint256)
    sender: Mapped[str] = mapped_column(ADDRESS)
    claimed_at: Mapped[int | None] = mapped_column(BigInteger)
    block_number: Mapped[int] = mapped_column(BigInteger)
    tx_hash: Mapped[str] = mapped_column(HASH)


class StipendStream(Base):
    """A stipend stream; its columns mirror the StipendStreams `stream(id)` view (accrued and
    withdrawable are computed from them at a given time, as the contract does)."""

    __tablename__ = "stipend_streams"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    workstream_id: Mapped[int] = mapped_column(BigInteger, index=True)
    recipient: Mapped[str] = mapped_column(ADDRESS, index=True)
    start: Mapped[int] = mapped_column(BigInteger)
    end: Mapped[int] = mapped_column(BigInteger)
    base: Mapped[int] = mapped_column(Uint256, default=0)
    amount: Mapped[int] = mapped_column(Uint256)
    withdrawn: Mapped[int] = mapped_column(Uint256, default=0)
    version: Mapped[int] = mapped_column(Integer, default=0)
    stopped: Mapped[bool] = mapped_column(Boolean, default=False)
    # When the recipient's membership ended or the team was first paused after the start: the
    # contract stops the accrual there by itself (IWorkstreams.stipendCutoff); None while neither.
    cutoff: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    cid: Mapped[str] = mapped_column(String(128))
    started_block: Mapped[int] = mapped_column(BigInteger)
    started_at: Mapped[int | None] = mapped_column(BigInteger)


class RewardAllocation(Base):
    """A giver's signed `teal/allocation@1` in an epoch, accepted by the API (not a projection of
    events: allocations never go on chain; only the distribution's root does). A giver's later
    allocation supersedes its earlier one: `current` marks the one that counts."""

    __tablename__ = "reward_allocations"
    __table_args__ = (Index("ix_reward_allocations_epoch_giver", "epoch_id", "giver", "current"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    epoch_id: Mapped[int] = mapped_column(BigInteger)
    giver: Mapped[str] = mapped_column(ADDRESS)
    cid: Mapped[str] = mapped_column(String(128), unique=True)
    issued_at: Mapped[int] = mapped_column(BigInteger)
    total_give: Mapped[int] = mapped_column(BigInteger)
    receivers: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # [{account, give, note}]
    accepted_at: Mapped[int] = mapped_column(BigInteger)  # chain time when the API accepted it
    current: Mapped[bool] = mapped_column(Boolean, default=True)


# ---- relayer usage (written by the API, not a projection of events) ----------------------


class RelayUsage(Base):
    """What the relayer did for one key on one UTC day: relayed transactions per account
    (`scope` account) or client IP (`ip`), or wei spent on gas (`gas`, key `*`). Kept in the
    database so that every API worker shares the quotas and the budget."""

    __tablename__ = "relay_usage"

    day: Mapped[int] = mapped_column(Integer, primary_key=True)  # days since 1970-01-01 UTC
    scope: Mapped[str] = mapped_column(String(8), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    used: Mapped[int] = mapped_column(BigInteger, default=0)


class RelaySender(Base):
    """The relayer account's sender row: every API worker locks it (PostgreSQL row lock,
    SQLite write lock) around choosing a nonce and sending, and records the last nonce sent
    (-1 before the first) with its transaction, so two workers never send the same nonce."""

    __tablename__ = "relay_sender"

    address: Mapped[str] = mapped_column(String(42), primary_key=True)  # lowercase 0x address
    nonce: Mapped[int] = mapped_column(BigInteger)
    tx_hash: Mapped[str] = mapped_column(String(66))


class RelayRate(Base):
    """One token bucket of the relay's per-minute rate limit (`key` "ip:<address>"): tokens
    left at `stamp` (Unix seconds), shared by every API worker."""

    __tablename__ = "relay_rate"

    key: Mapped[str] = mapped_column(String(72), primary_key=True)
    tokens: Mapped[float] = mapped_column(sa.Float)
    stamp: Mapped[float] = mapped_column(sa.Float)


# The signal hub's tables (api/hub, api/http/hub): plain Core tables, written and read only by the hub.
hub_proposals = sa.Table(
    "hub_proposals", Base.metadata,
    sa.Column("id", sa.String(66), primary_key=True),
    sa.Column("ipfs", sa.String(128), nullable=False),
    sa.Column("space", sa.String(64), nullable=False, index=True),
    sa.Column("author", sa.String(42), nullable=False),
    sa.Column("created", sa.BigInteger, nullable=False),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("discussion", sa.Text, nullable=False),
    sa.Column("choices", sa.JSON, nullable=False),
    sa.Column("start", sa.BigInteger, nullable=False),
    sa.Column("end", sa.BigInteger, nullable=False),
    sa.Column("snapshot", sa.BigInteger, nullable=False),
    sa.Column("canceled", sa.Boolean, nullable=False, default=False),
    sa.Column("updates", sa.JSON, nullable=False),
)  # fmt: skip
hub_votes = sa.Table(
    "hub_votes", Base.metadata,
    sa.Column("id", sa.String(66), primary_key=True),
    sa.Column("ipfs", sa.String(128), nullable=False),
    sa.Column("proposal", sa.String(66), sa.ForeignKey("hub_proposals.id"), nullable=False, index=True),
    sa.Column("voter", sa.String(42), nullable=False, index=True),
    sa.Column("created", sa.BigInteger, nullable=False),
    sa.Column("choice", sa.JSON, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("app", sa.String(128), nullable=False),
    sa.Column("vp", sa.Float, nullable=False),
    sa.Column("vp_by_strategy", sa.JSON, nullable=False),
    sa.Column("current", sa.Boolean, nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
)  # fmt: skip
hub_messages = sa.Table(
    "hub_messages", Base.metadata,
    sa.Column("id", sa.String(66), primary_key=True),
    sa.Column("ipfs", sa.String(128), nullable=False),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("space", sa.String(64), nullable=False),
    sa.Column("author", sa.String(42), nullable=False),
    sa.Column("proposal", sa.String(66), nullable=True, index=True),
    sa.Column("received", sa.Float, nullable=False),
    sa.Column("receipt", sa.String(132), nullable=False),
)  # fmt: skip
