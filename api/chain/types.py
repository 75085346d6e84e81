"""The contracts' enums and view structs, defined once for the CLI, the relay, the indexer,
the demo scripts and the tests.

The enums mirror the Solidity ones (`ITaskBoard.Status`, OpenZeppelin's `IGovernor.ProposalState`
and `GovernorCountingSimple.VoteType`). The view structs are decoded **by name**: `decode_view`
reads the component names of the function's output in the ABI and fills the dataclass field of
the same name (camelCase to snake_case), so a reordered or extended struct is a clear error,
never a silently shifted field.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, TypeVar


class TaskStatus(IntEnum):
    """`ITaskBoard.Status`: `NONE` means the task does not exist."""

    NONE = 0
    OPEN = 1
    CLAIMED = 2
    SUBMITTED = 3
    PAID = 4
    CANCELLED = 5

    @property
    def label(self) -> str:
        """The status as the API, the database and the CLI spell it ("unknown" for `NONE`)."""
        return "unknown" if self is TaskStatus.NONE else self.name.lower()

    @classmethod
    def labels(cls) -> tuple[str, ...]:
        """The statuses a task that exists can have, in lifecycle order ("open" ... "cancelled")."""
        return tuple(s.label for s in cls if s is not cls.NONE)

    @classmethod
    def label_of(cls, value: int) -> str:
        """`value`'s label, or the number itself for a value this code does not know."""
        return cls(value).label if value in cls._value2member_map_ else str(value)


class ProposalState(IntEnum):
    """OpenZeppelin's `IGovernor.ProposalState`."""

    PENDING = 0
    ACTIVE = 1
    CANCELED = 2
    DEFEATED = 3
    SUCCEEDED = 4
    QUEUED = 5
    EXPIRED = 6
    EXECUTED = 7

    @property
    def label(self) -> str:
        """As the API spells it: "pending", "active", ..."""
        return self.name.lower()

    @property
    def title(self) -> str:
        """As the CLI and the revert explanations spell it: "Pending", "Active", ..."""
        return self.name.capitalize()


class Support(IntEnum):
    """A vote's `support` (`GovernorCountingSimple.VoteType`)."""

    AGAINST = 0
    FOR = 1
    ABSTAIN = 2

    @property
    def label(self) -> str:
        return self.name.lower()


# ---- view structs ------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskInfo:
    """`ITaskBoard.TaskInfo`, what `TaskBoard.task(id)` returns."""

    workstream_id: int
    parent_id: int
    status: TaskStatus
    claimant: str
    claim_expiry: int
    claim_duration: int
    reward: int
    bond: int
    approvals: int
    round: int
    split_digest: bytes
    submitted_at: int
    escalated: bool


@dataclass(frozen=True)
class Guardrails:
    """`IWorkstreams.Guardrails`: what governance sets and the team works within."""

    budget_cap: int
    max_reward: int
    claim_bond: int
    claim_duration: int
    approvals_required: int


@dataclass(frozen=True)
class TeamRules:
    """`IWorkstreams.TeamRules`, what `Workstreams.teamRules(id)` returns."""

    claim_cooldown: int
    review_window: int
    escalate_after: int


@dataclass(frozen=True)
class WorkstreamInfo:
    """`IWorkstreams.WorkstreamInfo`, what `Workstreams.workstream(id)` returns."""

    token: str
    term_end: int
    paused: bool
    member_count: int
    guardrails: Guardrails


@dataclass(frozen=True)
class MemberChangeInfo:
    """`IWorkstreams.MemberChangeInfo`, what `Workstreams.memberChange(id)` returns."""

    workstream_id: int
    account: str
    add: bool
    executed: bool
    approvals: int
    proposer: str
    expires_at: int
    withdrawn: bool


@dataclass(frozen=True)
class EpochInfo:
    """`IMerkleDistributor.EpochInfo`, what `MerkleDistributor.epoch(id)` returns."""

    workstream_id: int
    token: str
    pot: int
    held: int
    total: int
    root: bytes
    start: int
    end: int
    claim_deadline: int
    reclaimed: bool


@dataclass(frozen=True)
class StreamInfo:
    """`IStipendStreams.StreamInfo`, what `StipendStreams.stream(id)` returns."""

    workstream_id: int
    recipient: str
    start: int
    end: int
    base: int
    amount: int
    withdrawn: int
    accrued: int
    withdrawable: int
    version: int
    stopped: bool
    accrues_until: int


@dataclass(frozen=True)
class Budget:
    """What `Workstreams.budget(id)` returns (named outputs, not a struct)."""

    funded: int
    reserved: int
    paid: int
    available: int
    clawed_back: int


@dataclass(frozen=True)
class ClaimTerms:
    """What `Workstreams.claimTerms(id)` returns (named outputs)."""

    term_end: int
    paused: bool
    claim_bond: int


@dataclass(frozen=True)
class ProposalVotes:
    """What `Governor.proposalVotes(id)` returns (named outputs)."""

    against_votes: int
    for_votes: int
    abstain_votes: int


# ---- decoding by name --------------------------------------------------------------------

T = TypeVar("T")
_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")


def snake(name: str) -> str:
    """An ABI name as a Python field name: `claimExpiry` -> `claim_expiry`."""
    return _CAMEL.sub(r"_\1", name).lower()


def _function_outputs(abi: Sequence[Mapping[str, Any]], function: str) -> list[Mapping[str, Any]]:
    for item in abi:
        if item.get("type") == "function" and item.get("name") == function:
            outputs = list(item.get("outputs", []))
            # A function returning one struct: its components are the fields.
            if len(outputs) == 1 and outputs[0].get("type") == "tuple":
                return list(outputs[0]["components"])
            return outputs
    raise KeyError(f"no function {function!r} in the ABI")


def _build(cls: type[Any], components: Sequence[Mapping[str, Any]], value: Any) -> Any:
    hints = typing.get_type_hints(cls)
    by_name = {snake(str(c["name"])): c for c in components}
    if isinstance(value, Mapping):
        named = {snake(str(k)): v for k, v in value.items()}
    else:
        values = list(value)
        if len(values) != len(components):
            raise ValueError(f"{cls.__name__}: {len(values)} values for {len(components)} ABI components")
        named = dict(zip(by_name, values, strict=True))
    fields = {f.name for f in dataclasses.fields(cls)}
    if set(named) != fields:
        raise ValueError(f"{cls.__name__}: the ABI has {sorted(named)}, the dataclass {sorted(fields)}")
    out: dict[str, Any] = {}
    for key, raw in named.items():
        kind = hints[key]
        if dataclasses.is_dataclass(kind):
            inner = raw.dict() if hasattr(raw, "dict") and callable(raw.dict) else raw
            out[key] = _build(kind, by_name.get(key, {}).get("components", ()), inner)  # type: ignore[arg-type]
        elif kind is bool:
            out[key] = raw.lower() == "true" if isinstance(raw, str) else bool(raw)
        elif kind is int or (isinstance(kind, type) and issubclass(kind, IntEnum)):
            out[key] = kind(int(raw))
        elif kind is bytes:
            out[key] = bytes(raw) if not isinstance(raw, str) else bytes.fromhex(raw.removeprefix("0x"))
        else:
            out[key] = str(raw)
    return cls(**out)


def decode_view(cls: type[T], abi: Sequence[Mapping[str, Any]], function: str, value: Any) -> T:
    """`value` (what web3.py or Brownie returned for `function`) as a `cls`, field by field
    by the names of `function`'s outputs in `abi`; a mapping (Brownie's `ReturnValue`, a
    decoded event argument) is read by its keys."""
    if hasattr(value, "dict") and callable(value.dict):  # Brownie's ReturnValue keeps the names
        value = value.dict()
    return typing.cast(T, _build(cls, _function_outputs(abi, function), value))


def from_mapping(cls: type[T], value: Mapping[str, Any]) -> T:
    """A struct that arrived by name already (an event argument, a Brownie return value)."""
    return typing.cast(T, _build(cls, (), value))
