"""api/chain/types.py against the compiled contracts: every view struct's dataclass has exactly
the ABI's component names, values are decoded by those names, and the enums match Solidity's."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from api.chain.types import (
    Budget,
    ClaimTerms,
    MemberChangeInfo,
    ProposalVotes,
    TaskInfo,
    TaskStatus,
    TeamRules,
    WorkstreamInfo,
    decode_view,
)

BUILD = Path(__file__).resolve().parents[2] / "build" / "contracts"
VIEWS = [
    ("TaskBoard", "task", TaskInfo),
    ("Workstreams", "workstream", WorkstreamInfo),
    ("Workstreams", "memberChange", MemberChangeInfo),
    ("Workstreams", "teamRules", TeamRules),
    ("Workstreams", "budget", Budget),
    ("Workstreams", "claimTerms", ClaimTerms),
    ("TealGovernor", "proposalVotes", ProposalVotes),
]


def abi(contract: str) -> list[dict]:
    return json.loads((BUILD / f"{contract}.json").read_text())["abi"]


def outputs(contract_abi: list[dict], function: str) -> list[dict]:
    [item] = [i for i in contract_abi if i.get("type") == "function" and i.get("name") == function]
    out = item["outputs"]
    return out[0]["components"] if len(out) == 1 and out[0]["type"] == "tuple" else out


def sample(components: list[dict]) -> tuple:
    """Distinct values, one per component, as web3.py returns them (structs as tuples)."""
    values = []
    for n, c in enumerate(components, start=1):
        kind = c["type"]
        if kind == "tuple":
            values.append(sample(c["components"]))
        elif kind == "address":
            values.append("0x" + f"{n:040x}")
        elif kind == "bool":
            values.append(n % 2 == 0)
        elif kind.startswith("bytes"):
            values.append(bytes([n]) * 32)
        elif kind == "uint8" and c.get("internalType", "").startswith("enum"):
            values.append(2)
        else:
            values.append(n * 1000 + n)
    return tuple(values)


@pytest.mark.parametrize(("contract", "function", "cls"), VIEWS, ids=[v[1] for v in VIEWS])
def test_each_view_decodes_by_the_abi_names(contract, function, cls):
    contract_abi = abi(contract)
    values = sample(outputs(contract_abi, function))
    decoded = decode_view(cls, contract_abi, function, values)
    # A field holds the value of the ABI component of the same name, wherever it sits.
    for component, value in zip(outputs(contract_abi, function), values, strict=True):
        field = "".join("_" + ch.lower() if ch.isupper() else ch for ch in component["name"])
        got = getattr(decoded, field)
        if component["type"] == "tuple":
            assert got == decode_view(
                type(got), [{"type": "function", "name": "x", "outputs": component["components"]}], "x", value
            )
        else:
            assert got == value, field


def test_a_reordered_struct_is_refused_not_shifted():
    contract_abi = copy.deepcopy(abi("TaskBoard"))
    components = outputs(contract_abi, "task")
    components[0], components[1] = components[1], components[0]  # workstreamId <-> parentId
    values = sample(components)
    info = decode_view(TaskInfo, contract_abi, "task", values)
    assert (info.parent_id, info.workstream_id) == (values[0], values[1])  # by name, not by position
    components.append({"name": "newField", "type": "uint256"})
    with pytest.raises(ValueError, match="new_field"):
        decode_view(TaskInfo, contract_abi, "task", (*values, 7))


def test_task_status_matches_the_solidity_enum():
    source = (Path(__file__).resolve().parents[2] / "contracts" / "work" / "ITaskBoard.sol").read_text()
    body = source.split("enum Status {", 1)[1].split("}", 1)[0]
    names = [n.strip() for n in body.split(",") if n.strip()]
    assert [s.name for s in TaskStatus] == [n.upper() for n in names]
    assert TaskStatus.labels() == ("open", "claimed", "submitted", "paid", "cancelled")
    assert TaskStatus.label_of(0) == "unknown" and TaskStatus.label_of(9) == "9"
