"""Governance's rescue actions for `teal propose --action`: the timelock calls of issue 15
(force-release a claim, cancel a task, add or remove a member, resolve an escalation, set a
team's rules, sweep tokens sent by mistake), each encoded as one proposal action.

Each action is checked now with an `eth_call` from the timelock, so a proposal that would
revert when executed (an open task to release, a member to add twice) is refused before
anyone votes on it.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any

from api.cli.commands.session import CliError, Session


@dataclass(frozen=True)
class Rescue:
    contract: str
    function: str
    params: tuple[str, ...]  # what the user gives, in order
    help: str


RESCUES: dict[str, Rescue] = {
    "force-release": Rescue(
        "TaskBoard", "releaseByGovernance", ("TASK",), "reopen a claimed or submitted task; the bond goes back"
    ),
    "cancel-task": Rescue(
        "TaskBoard",
        "cancelByGovernance",
        ("TASK",),
        "cancel an open, claimed or submitted task; its reservation returns to the budget",
    ),
    "resolve-escalation": Rescue(
        "TaskBoard",
        "resolveEscalation",
        ("TASK", "pay|release"),
        "pay an escalated task with its submitted split, or release the claim",
    ),
    "add-member": Rescue("Workstreams", "addMemberByGovernance", ("TEAM", "ACCOUNT"), "add a member to a team"),
    "remove-member": Rescue(
        "Workstreams", "removeMemberByGovernance", ("TEAM", "ACCOUNT"), "remove a member from a team"
    ),
    "team-rules": Rescue(
        "Workstreams",
        "setTeamRules",
        ("TEAM", "COOLDOWN_HOURS", "REVIEW_HOURS", "ESCALATE_AFTER"),
        "set a team's claim cool-down, review window (0: none) and escalation threshold",
    ),
    "sweep": Rescue("Workstreams", "sweep", ("TOKEN",), "send tokens the escrow holds beyond its dues to the treasury"),
    "sweep-board": Rescue("TaskBoard", "sweep", ("TOKEN",), "send tokens held by the task board to the treasury"),
}
HOUR = 3600


def usage() -> str:
    return "; ".join(f"'{name} {' '.join(r.params)}'" for name, r in RESCUES.items())


def _int(text: str, what: str, entry: str) -> int:
    if not text.isdigit():
        raise CliError("bad_action", f"--action {entry!r}: {what} must be a whole number, not {text!r}")
    return int(text)


def _hours(text: str, entry: str) -> int:
    try:
        hours = float(text)
    except ValueError:
        hours = -1
    if hours < 0 or hours * HOUR >= 2**32:
        raise CliError("bad_action", f"--action {entry!r}: {text!r} is not a number of hours (0 for none)")
    return int(hours * HOUR)


def _args(session: Session, name: str, given: list[str], entry: str) -> list[Any]:
    """The contract call's arguments from the words the user gave."""
    if name in ("force-release", "cancel-task"):
        return [_int(given[0], "TASK", entry)]
    if name == "resolve-escalation":
        task_id = _int(given[0], "TASK", entry)
        if given[1] not in ("pay", "release"):
            raise CliError("bad_action", f"--action {entry!r}: pay or release, not {given[1]!r}")
        contributors: list[str] = []
        shares: list[int] = []
        if given[1] == "pay":  # paid with the split the claimant submitted
            events = session.chain.logs("TaskBoard", "TaskSubmitted", filters={"taskId": task_id})
            if not events:
                session.chain.call("TaskBoard", "task", task_id)  # an unknown task: TaskUnknown, explained
                raise CliError("no_submission", f"task {task_id} has no submission to pay")
            contributors = list(events[-1]["args"]["contributors"])
            shares = [int(s) for s in events[-1]["args"]["shares"]]
        return [task_id, given[1] == "pay", contributors, shares]
    if name in ("add-member", "remove-member"):
        return [_int(given[0], "TEAM", entry), session.address(given[1], what="member")]
    if name == "team-rules":
        escalate = _int(given[3], "ESCALATE_AFTER", entry)
        if escalate > 255:
            raise CliError("bad_action", f"--action {entry!r}: ESCALATE_AFTER is at most 255")
        return [_int(given[0], "TEAM", entry), (_hours(given[1], entry), _hours(given[2], entry), escalate)]
    return [session.address(given[0], what="token")]  # sweep, sweep-board


def rescue_actions(session: Session, entries: list[str]) -> tuple[list[str], list[int], list[bytes], list[str]]:
    """(targets, values, calldatas, descriptions) of the `--action` entries, each checked as
    the timelock would run it now."""
    chain = session.chain
    timelock = chain.contracts["TealTimelock"].address
    targets: list[str] = []
    values: list[int] = []
    calldatas: list[bytes] = []
    described: list[str] = []
    for entry in entries:
        words = shlex.split(entry)
        rescue = RESCUES.get(words[0]) if words else None
        if rescue is None:
            raise CliError("bad_action", f"--action {entry!r}: unknown action; one of {usage()}")
        if len(words) - 1 != len(rescue.params):
            raise CliError("bad_action", f"--action {entry!r}: expected '{words[0]} {' '.join(rescue.params)}'")
        args = _args(session, words[0], words[1:], entry)
        if rescue.contract not in chain.contracts:
            raise CliError("bad_action", f"this deployment has no {rescue.contract}")
        # Would the timelock's call succeed as things stand? A revert is explained and refused.
        chain.simulate(timelock, rescue.contract, rescue.function, *args)
        contract = chain.contract(rescue.contract)
        targets.append(contract.address)
        values.append(0)
        calldatas.append(bytes.fromhex(contract.encode_abi(rescue.function, args=args)[2:]))
        described.append(f"{rescue.contract}.{rescue.function}({', '.join(str(a) for a in args)})")
    return targets, values, calldatas, described
