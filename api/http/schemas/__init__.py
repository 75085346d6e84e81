"""HTTP response and request models, separate from the database models.

Token amounts and uint256 values are decimal strings (JSON numbers above 2**53 are not
portable); addresses are EIP-55 checksummed; times are unix seconds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.chain import types as chain_types

Amount = Annotated[str, Field(pattern=r"^[0-9]{1,78}$", examples=["1000000000000000000"])]
AddressStr = Annotated[str, Field(examples=["0x66aB6D9362d4F35596279692F0251Db635165871"])]
HexStr = Annotated[str, StringConstraints(pattern=r"^0x[0-9a-fA-F]*$")]

PROPOSAL_STATES = tuple(state.label for state in chain_types.ProposalState)
if TYPE_CHECKING:
    ProposalState = str
    TaskStatus = str
    SupportName = str
else:  # the enums' labels as Literal types, so the OpenAPI schema lists them
    ProposalState = Literal[PROPOSAL_STATES]
    TaskStatus = Literal[chain_types.TaskStatus.labels()]
    SupportName = Literal[tuple(s.label for s in chain_types.Support)]


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# ---- documents --------------------------------------------------------------------------


class DocumentRef(Out):
    cid: str = Field(examples=["QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"])
    status: Literal["pending", "ok", "invalid", "unknown"] = Field(
        description="ok: fetched and verified; pending: not fetched yet; invalid: failed checks."
    )
    schema_id: str | None = None
    author: AddressStr | None = None
    body: dict[str, Any] | None = None
    reason: str | None = None


class PublishedDocument(Out):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "cid": "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG",
                "schema_id": "teal/post@1",
                "author": None,
                "size": 93,
                "created": True,
            }
        }
    )
    cid: str
    schema_id: str
    author: AddressStr | None
    size: int
    created: bool = Field(description="False when the same document was already stored (same CID).")


# ---- health / chain ---------------------------------------------------------------------


class Health(Out):
    model_config = ConfigDict(json_schema_extra={"example": {"status": "ok"}})
    status: Literal["ok"] = "ok"


class ContractInfo(Out):
    name: str
    address: AddressStr


class ChainInfo(Out):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "chain_id": 1337,
                "network": "teal-ganache",
                "contracts": [],
                "indexed_block": 120,
                "head_block": 121,
                "lag_blocks": 1,
                "rpc_ok": True,
                "documents_pending": 0,
            }
        }
    )
    chain_id: int
    network: str
    contracts: list[ContractInfo]
    indexed_block: int | None = Field(description="Last block the indexer fully stored.")
    head_block: int | None = Field(
        description="The node's head; null when the node is unreachable."
    )
    lag_blocks: int | None
    rpc_ok: bool
    documents_pending: int


# ---- proposals ----------------------------------------------------------------------------


class VoteOut(Out):
    voter: AddressStr
    support: SupportName
    weight: Amount
    reason: str
    block_number: int
    tx_hash: str


class Tallies(Out):
    for_votes: Amount = Field(alias="for", serialization_alias="for")
    against: Amount
    abstain: Amount
    model_config = ConfigDict(populate_by_name=True)


class ProposalSummary(Out):
    id: Amount
    proposer: AddressStr
    title: str | None = Field(
        description="From the proposal document, or the description's 2nd line."
    )
    state: ProposalState
    vote_start: int = Field(description="Snapshot block; voting opens after it.")
    vote_end: int = Field(description="Last block of voting.")
    tallies: Tallies
    document_cid: str | None
    created_block: int


class ProposalDetail(ProposalSummary):
    description: str
    quorum: Amount | None = Field(
        description="Votes needed (for + abstain); null before the snapshot."
    )
    quorum_reached: bool | None
    eta: int | None = Field(description="Timelock ETA (unix seconds) once queued.")
    current_block: int
    blocks_until_start: int
    blocks_until_end: int
    targets: list[str]
    values: list[Amount]
    calldatas: list[str]
    document: DocumentRef | None
    votes: list[VoteOut] = Field(
        description="First votes by weight; see /proposals/{id}/votes for all."
    )


# ---- workstreams --------------------------------------------------------------------------


class Budget(Out):
    funded: Amount
    reserved: Amount
    paid: Amount
    available: Amount
    clawed_back: Amount
    cap: Amount


class Guardrails(Out):
    budget_cap: Amount
    max_reward: Amount
    claim_bond: Amount
    claim_duration: int
    approvals_required: int


class WorkstreamSummary(Out):
    id: int
    name: str
    token: AddressStr
    charter_cid: str
    term_end: int
    paused: bool
    budget: Budget
    member_count: int


class MemberOut(Out):
    account: AddressStr
    active: bool
    joined_block: int
    left_block: int | None


class WorkstreamDetail(WorkstreamSummary):
    guardrails: Guardrails
    members: list[MemberOut]
    charter: DocumentRef | None
    created_block: int
    created_at: int | None


# ---- tasks ----------------------------------------------------------------------------------


class TaskSummary(Out):
    id: int
    workstream_id: int
    parent_id: int | None
    title: str | None = None
    status: TaskStatus
    reward: Amount
    claimant: AddressStr | None
    claim_expiry: int | None
    spec_cid: str
    created_at: int | None
    paid_at: int | None


class ClaimOut(Out):
    claimant: AddressStr
    relayer: AddressStr | None
    expiry: int
    bond: Amount
    claimed_at: int | None
    outcome: str | None
    ended_at: int | None


class SubmissionOut(Out):
    round: int
    claimant: AddressStr
    deliverable_cid: str
    contributors: list[str]
    shares: list[int]
    submitted_at: int | None


class ReviewOut(Out):
    task_id: int
    round: int
    reviewer: AddressStr
    verdict: Literal["approve", "reject"]
    reason_cid: str
    reviewed_at: int | None


class PaymentOut(Out):
    task_id: int
    workstream_id: int
    recipient: AddressStr
    token: AddressStr
    amount: Amount
    bond_returned: Amount
    deferred: bool
    paid_at: int | None
    tx_hash: str


class HistoryEntry(Out):
    kind: str
    actor: AddressStr | None
    block_number: int
    timestamp: int | None
    tx_hash: str
    data: dict[str, Any]


class TaskDetail(TaskSummary):
    creator: AddressStr
    claim_duration: int
    bond: Amount
    round: int
    approvals: int
    rejections: int
    claimed_at: int | None
    submitted_at: int | None
    closed_at: int | None
    spec: DocumentRef | None
    subtasks: list[int]
    claims: list[ClaimOut]
    submissions: list[SubmissionOut]
    reviews: list[ReviewOut]
    payments: list[PaymentOut]
    history: list[HistoryEntry]


# ---- contributors -------------------------------------------------------------------------


class Earning(Out):
    token: AddressStr
    amount: Amount
    payments: int


class ContributorOut(Out):
    address: AddressStr
    balance: Amount
    delegate: AddressStr | None
    voting_power: Amount
    delegators: list[AddressStr]
    tasks_done: int
    tasks_claimed: list[TaskSummary] = Field(description="Tasks this address currently holds.")
    earnings: list[Earning]
    reviews_given: int
    recent_reviews: list[ReviewOut]
    votes: list[VoteOut]
    memberships: list[int] = Field(description="Workstreams the address is an active member of.")


# ---- posts ----------------------------------------------------------------------------------


class FollowThroughTask(Out):
    task_id: int
    workstream_id: int
    status: TaskStatus
    reward: Amount
    paid: list[PaymentOut]


class PostOut(Out):
    cid: str
    category: str
    title: str | None
    text: str
    tags: list[str]
    reply_to: str | None
    author: AddressStr | None
    replies: int
    follow_through: list[FollowThroughTask] = Field(
        description="Tasks whose spec says `addresses_post` = this post, their state and payments."
    )
    paid_total: list[Earning]


class ThreadOut(Out):
    root: PostOut
    replies: list[PostOut]


# ---- metrics --------------------------------------------------------------------------------


class TeamMetrics(Out):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "workstream_id": 1,
                "period_start": 0,
                "period_end": 1767225600,
                "tasks_completed": 3,
                "cycle_time_median_s": 3600.0,
                "cycle_time_p90_s": 7200.0,
                "review_latency_median_s": 600.0,
                "reviews": 4,
                "rejections": 1,
                "rejection_rate": 0.25,
                "paid_in_period": "3000",
                "budget_cap": "100000",
                "burn_vs_cap": 0.03,
                "paid_total": "3000",
                "active_contributors": 2,
                "reward_concentration_top20": 0.6,
            }
        }
    )
    workstream_id: int
    period_start: int
    period_end: int
    tasks_completed: int = Field(description="Tasks paid in the period.")
    cycle_time_median_s: float | None = Field(description="Median seconds from claim to payment.")
    cycle_time_p90_s: float | None
    review_latency_median_s: float | None = Field(
        description="Median seconds from submission to first review."
    )
    review_latency_p90_s: float | None = None
    reviews: int
    rejections: int
    rejection_rate: float | None
    paid_in_period: Amount
    budget_cap: Amount
    burn_vs_cap: float | None = Field(description="paid_in_period / budget_cap.")
    paid_total: Amount
    active_contributors: int = Field(
        description="Distinct addresses that claimed, submitted or were paid."
    )
    reward_concentration_top20: float | None = Field(
        description="Share of the period's payments earned by the top 20% of recipients."
    )


# ---- write side ---------------------------------------------------------------------------
# Request models are strict: an id, amount or enum must be exactly its JSON type (`26`, not
# `"26"`, `26.0` or `true`; an amount `"26"`, not `26`). Nothing is coerced.


class SignatureIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={"example": {"scheme": "eip712", "value": "0x" + "ab" * 65}},
    )
    scheme: Literal["eip712", "eip191"]
    value: Annotated[str, StringConstraints(pattern=r"^0x[0-9a-fA-F]{130}$")]


class DocumentIn(BaseModel):
    """A document envelope: `{"schema", "body", "author"?, "signature"?}`."""

    model_config = ConfigDict(
        extra="allow",
        strict=True,
        json_schema_extra={
            "examples": [
                {
                    "schema": "teal/post@1",
                    "body": {
                        "category": "problem",
                        "title": "CI is flaky",
                        "text": "The e2e job fails 1 in 5 runs.",
                        "tags": ["workstream:1"],
                    },
                }
            ]
        },
    )
    schema_: str = Field(alias="schema", max_length=64)
    body: dict[str, Any]
    author: str | None = None
    signature: SignatureIn | None = None


class RevertOut(Out):
    model_config = ConfigDict(
        json_schema_extra={"example": {"name": "TaskNotOpen", "args": {"taskId": "4", "status": "2"}}}
    )
    name: str = Field(description="The custom error's name, from the deployment's ABIs.")
    args: dict[str, Any] = Field(
        description="Its arguments by name: numbers as decimal strings, addresses EIP-55, bytes hex."
    )


class RelayResult(Out):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "tx_hash": "0x" + "ab" * 32,
                "status": "mined",
                "block_number": 130,
                "relayer": "0x" + "11" * 20,
            }
        }
    )
    tx_hash: str
    status: Literal["mined", "reverted"]
    block_number: int | None
    relayer: AddressStr
    revert: RevertOut | None = Field(
        default=None,
        description="With status `reverted`: the contract's custom error, decoded "
        "(the chain moved between the simulation and the block).",
    )


class VoteRelayIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "examples": [
                {
                    "proposal_id": "1234",
                    "support": 1,
                    "voter": "0x66aB6D9362d4F35596279692F0251Db635165871",
                    "signature": "0x" + "00" * 65,
                }
            ]
        },
    )
    proposal_id: Amount
    support: int = Field(ge=0, le=2, description="0 against, 1 for, 2 abstain.")
    voter: str = Field(description="The holder who signed the EIP-712 Ballot.")
    signature: Annotated[str, StringConstraints(pattern=r"^0x[0-9a-fA-F]{130}$")]


class ClaimRelayIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "examples": [
                {
                    "task_id": 4,
                    "claimant": "0x66aB6D9362d4F35596279692F0251Db635165871",
                    "reward": "100000000000000000000",
                    "max_bond": "0",
                    "nonce": "12345",
                    "deadline": 1767225600,
                    "signature": "0x" + "00" * 65,
                }
            ]
        },
    )
    task_id: int = Field(ge=0, le=2**63 - 1)
    claimant: str
    reward: Amount = Field(description="The task reward the claimant signed for (base units).")
    max_bond: Amount = Field(description="The most claim bond the claimant signed to accept (base units).")
    nonce: Amount = Field(description="The signature's claim nonce (unordered: any unused number).")
    deadline: int = Field(
        ge=0, le=2**63 - 1, description="Unix time after which the signature is void."
    )
    signature: Annotated[str, StringConstraints(pattern=r"^0x[0-9a-fA-F]{130}$")]


# ---- relayer policy (GET /relay/policy) -------------------------------------------------


class RelayClaimsPolicy(Out):
    claimants: Literal["dao", "anyone"] = Field(
        description="dao: accounts with a record in the DAO (token holders or delegates, team "
        "members past or present, past claimants, payees, voters), the allow-list, and anyone "
        "on the tasks of `open_workstreams`; anyone: no restriction."
    )
    allowlist: list[AddressStr]
    open_workstreams: list[int] = Field(description="Workstreams whose tasks anyone may claim.")
    max_deadline_seconds: int = Field(
        description="A signed claim's deadline may be at most this long after chain time."
    )


class RelayVotesPolicy(Out):
    min_voting_power: Amount = Field(
        description="Voting power the voter must have had at the proposal's snapshot (exclusive)."
    )


class RelayQuotas(Out):
    per_ip_per_minute: int
    per_ip_per_day: int = Field(description="Relayed transactions per client IP per UTC day.")
    per_account_per_day: int = Field(description="Relayed transactions per signer per UTC day.")


class RelayGasBudget(Out):
    daily_wei: Amount
    spent_today_wei: Amount = Field(description="Spent since midnight UTC by every API worker.")
    remaining_wei: Amount
    resets_at: int = Field(description="Next midnight UTC, unix seconds.")


class RelayPolicyOut(Out):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "enabled": True,
                "relayer": "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
                "claims": {
                    "claimants": "dao",
                    "allowlist": [],
                    "open_workstreams": [3],
                    "max_deadline_seconds": 86400,
                },
                "votes": {"min_voting_power": "0"},
                "quotas": {"per_ip_per_minute": 10, "per_ip_per_day": 200, "per_account_per_day": 20},
                "gas_budget": {
                    "daily_wei": "100000000000000000",
                    "spent_today_wei": "0",
                    "remaining_wei": "100000000000000000",
                    "resets_at": 1767225600,
                },
            }
        }
    )
    enabled: bool = Field(description="False when the server has no relayer (TEAL_RELAYER=none).")
    relayer: AddressStr | None
    claims: RelayClaimsPolicy
    votes: RelayVotesPolicy
    quotas: RelayQuotas
    gas_budget: RelayGasBudget
