"""The write side: signed documents in, relayed claims and votes, the relayer's policy."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.http.schemas.common import AddressStr, Amount, HexStr, Out

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
                        "created_at": 1795939200,
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
    voter: str = Field(description="The holder who signed the EIP-712 Ballot (or ExtendedBallot).")
    signature: Annotated[str, StringConstraints(pattern=r"^0x[0-9a-fA-F]{130}$")]
    reason: str | None = Field(
        default=None,
        max_length=10_000,
        description="The vote's reason. With a reason the voter signs OpenZeppelin's ExtendedBallot "
        "(proposalId, support, voter, nonce, reason, params = 0x) and the relay calls "
        "castVoteWithReasonAndParamsBySig; without, a Ballot and castVoteBySig.",
    )


class ForwardRelayIn(BaseModel):
    """An ERC-2771 `ForwardRequest` signed for the deployment's TealForwarder."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        populate_by_name=True,
        json_schema_extra={
            "examples": [
                {
                    "from": "0x66aB6D9362d4F35596279692F0251Db635165871",
                    "to": "0x3194cBDC3dbcd3E11a07892e7bA5c3394048Cc87",
                    "value": "0",
                    "gas": "200000",
                    "nonce": "0",
                    "deadline": 1767225600,
                    "data": "0x",
                    "signature": "0x" + "00" * 65,
                    "chain_id": 1337,
                }
            ]
        },
    )
    sender: str = Field(alias="from", description="The signer: the account the target sees as the caller.")
    to: str = Field(
        description="The target: TaskBoard, Workstreams, MerkleDistributor or StipendStreams of this deployment."
    )
    value: Amount = Field(default="0", description="Wei sent with the call: the relay sends none (must be 0).")
    gas: Amount = Field(description="Gas the forwarder gives the call (at most the relayer's cap).")
    nonce: Amount = Field(description="The forwarder nonce signed (`nonces(from)`): sequential per signer.")
    deadline: int = Field(ge=0, le=2**48 - 1, description="Unix time after which the request is void (uint48).")
    data: HexStr = Field(description="The call: function selector and ABI-encoded arguments.")
    signature: Annotated[str, StringConstraints(pattern=r"^0x[0-9a-fA-F]{130}$")]
    chain_id: int | None = Field(
        default=None, ge=0, description="The chain id the request was signed for (checked when given)."
    )


class DelegationRelayIn(BaseModel):
    """ERC20Votes' `Delegation(delegatee, nonce, expiry)` signed by `delegator`."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "examples": [
                {
                    "delegator": "0x66aB6D9362d4F35596279692F0251Db635165871",
                    "delegatee": "0x66aB6D9362d4F35596279692F0251Db635165871",
                    "nonce": "0",
                    "expiry": 1767225600,
                    "signature": "0x" + "00" * 65,
                }
            ]
        },
    )
    delegator: str = Field(description="The holder who signed (whose votes move).")
    delegatee: str = Field(description="Who receives the votes (the delegator itself to vote directly).")
    nonce: Amount = Field(description="The token's `nonces(delegator)` signed.")
    expiry: int = Field(ge=0, le=2**63 - 1, description="Unix time after which the signature is void.")
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
    deadline: int = Field(ge=0, le=2**63 - 1, description="Unix time after which the signature is void.")
    signature: Annotated[str, StringConstraints(pattern=r"^0x[0-9a-fA-F]{130}$")]


class EpochClaimRelayIn(BaseModel):
    """An account's leaf of a peer-allocation epoch, to be claimed by the relayer. No signature:
    `MerkleDistributor.claim` pays only the leaf's account, whoever sends it, and each leaf is
    paid once, so the relayer pays the gas of at most one transaction per leaf."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={"examples": [{"epoch_id": 1, "account": "0x66aB6D9362d4F35596279692F0251Db635165871"}]},
    )
    epoch_id: int = Field(ge=0, le=2**63 - 1)
    account: str = Field(description="The account the leaf pays.")


# The relayer's policy (GET /relay/policy).


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


class RelayForwardPolicy(Out):
    forwarder: AddressStr = Field(description="The TealForwarder that executes signed requests.")
    targets: dict[str, AddressStr] = Field(description="Contracts a request may call, by name.")
    max_gas: int = Field(description="Most gas a request may ask for its call.")


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
    forward: RelayForwardPolicy | None = Field(
        default=None, description="ERC-2771 forwarding (POST /relay/forward); null without a forwarder."
    )
    quotas: RelayQuotas
    gas_budget: RelayGasBudget
