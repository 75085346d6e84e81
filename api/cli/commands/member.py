"""`teal member propose|approve|withdraw|pending`: a team's members change their own membership
by majority (Workstreams.proposeMemberChange / approveMemberChange / withdrawMemberChange).

A proposal counts as its proposer's approval and takes effect with the approval that makes
more than half of the current members; approvals of members removed since no longer count.
A proposal expires after `MEMBER_CHANGE_LIFETIME` (14 days) and its proposer may withdraw it
before. Every write takes `--relay URL` (a signed ERC-2771 request; the API's relayer pays the
gas). `pending` reads the chain, like `teal task list`: no indexer needed, never stale.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from api.chain.types import MemberChangeInfo, WorkstreamInfo
from api.cli.commands.failures import teal_command
from api.cli.commands.output import table
from api.cli.commands.session import CliError, Session, chain_command

app = typer.Typer(
    help="Member changes by the team's majority: propose, approve, withdraw, pending.", no_args_is_help=True
)

ChangeArg = Annotated[int, typer.Argument(help="Membership change id (`teal member propose` printed it).", min=1)]
ACTIONS = ("add", "remove")


def _tx(receipt: Any) -> dict[str, Any]:
    return {"tx_hash": "0x" + bytes(receipt["transactionHash"]).hex(), "block": int(receipt["blockNumber"])}


def _needed(member_count: int) -> int:
    """Approvals that carry a change: more than half of the current members."""
    return member_count // 2 + 1


def _outcome(session: Session, receipt: Any, change_id: int, change: MemberChangeInfo) -> tuple[dict[str, Any], str]:
    """The approval recorded by `receipt` and, when it made the majority, the change carried out."""
    chain = session.chain
    approved = chain.events(receipt, "Workstreams", "MemberChangeApproved")[0]
    approvals, members = int(approved["approvals"]), int(approved["memberCount"])
    done = bool(chain.events(receipt, "Workstreams", "MemberAdded" if change.add else "MemberRemoved"))
    verb = "add" if change.add else "remove"
    data = {
        "change_id": change_id,
        "workstream_id": change.workstream_id,
        "account": change.account,
        "action": verb,
        "approvals": approvals,
        "member_count": members,
        "needed": _needed(members),
        "executed": done,
        **_tx(receipt),
    }
    if done:
        text = (
            f"{change.account} {'joined' if change.add else 'left'} workstream {change.workstream_id} "
            f"({approvals} of {members} members approved)"
        )
    else:
        text = f"{approvals} of {members} members approve; {_needed(members)} needed to {verb} {change.account}"
    return data, text


@app.command("propose")
@teal_command
@chain_command(sender=True, relay=True)
def propose(
    session: Session,
    action: Annotated[str, typer.Argument(help="add or remove.")],
    workstream: Annotated[int, typer.Argument(help="Workstream (team) id.", min=1)],
    account: Annotated[str, typer.Argument(help="The account to add or remove: an address or a keystore name.")],
) -> None:
    """Propose adding or removing a member of your team (counts as your approval; a majority of
    the members carries it out; it expires after 14 days)."""
    from api.chain.errors import when

    if action.lower() not in ACTIONS:
        raise CliError("bad_action", f"{action!r}: propose to add or remove a member")
    add = action.lower() == "add"
    who = session.address(account, what="member")
    chain = session.chain
    signer = session.unlock()
    receipt = chain.transact(signer, chain.contract("Workstreams"), "proposeMemberChange", workstream, who, add)
    change_id = int(chain.events(receipt, "Workstreams", "MemberChangeProposed")[0]["proposalId"])
    change = chain.view(MemberChangeInfo, "Workstreams", "memberChange", change_id)
    data, text = _outcome(session, receipt, change_id, change)
    data["expires_at"] = change.expires_at
    if not data["executed"]:
        text = (
            f"proposed membership change {change_id} ({action.lower()} {who} in workstream {workstream}); "
            f"{text}; open until {when(change.expires_at)} (`teal member approve {change_id}`)"
        )
    session.out.result(data, text=text)


@app.command("approve")
@teal_command
@chain_command(sender=True, relay=True)
def approve(session: Session, change: ChangeArg) -> None:
    """Approve a membership change of your team; the approval that makes the majority carries it out."""
    chain = session.chain
    info = chain.view(MemberChangeInfo, "Workstreams", "memberChange", change)  # unknown id: explained
    signer = session.unlock()
    receipt = chain.transact(signer, chain.contract("Workstreams"), "approveMemberChange", change)
    data, text = _outcome(session, receipt, change, info)
    session.out.result(data, text=f"approved membership change {change}: {text}")


@app.command("withdraw")
@teal_command
@chain_command(sender=True, relay=True)
def withdraw(session: Session, change: ChangeArg) -> None:
    """Withdraw a membership change you proposed (before it is carried out)."""
    chain = session.chain
    info = chain.view(MemberChangeInfo, "Workstreams", "memberChange", change)
    signer = session.unlock()
    receipt = chain.transact(signer, chain.contract("Workstreams"), "withdrawMemberChange", change)
    session.out.result(
        {
            "change_id": change,
            "workstream_id": info.workstream_id,
            "account": info.account,
            "action": "add" if info.add else "remove",
            "withdrawn": True,
            **_tx(receipt),
        },
        text=f"withdrew membership change {change} ({'add' if info.add else 'remove'} {info.account} "
        f"in workstream {info.workstream_id}); it can no longer be approved",
    )


def _state(info: MemberChangeInfo, now: int) -> str:
    if info.executed:
        return "executed"
    if info.withdrawn:
        return "withdrawn"
    return "expired" if now > info.expires_at else "pending"


@app.command("pending")
@teal_command
@chain_command()
def pending(
    session: Session,
    workstream: Annotated[int | None, typer.Option(help="Only this workstream's changes.", min=1)] = None,
    all_changes: Annotated[
        bool, typer.Option("--all", help="Every change (executed, withdrawn, expired too), with its state.")
    ] = False,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many, newest first.")] = 50,
) -> None:
    """Membership changes waiting for approvals, newest first: who approved (current members
    only, as the contract counts), how many more are needed, and when each expires."""
    from api.chain.errors import short, when

    chain = session.chain
    if workstream is not None:
        chain.view(WorkstreamInfo, "Workstreams", "workstream", workstream)  # unknown id: explained
    _, now = chain.head()
    count = int(chain.call("Workstreams", "memberChangeCount"))
    members: dict[int, list[str]] = {}
    found: list[dict[str, Any]] = []
    for change_id in range(count, 0, -1):
        info = chain.view(MemberChangeInfo, "Workstreams", "memberChange", change_id)
        if workstream is not None and info.workstream_id != workstream:
            continue
        state = _state(info, now)
        if state != "pending" and not all_changes:
            continue
        if info.workstream_id not in members:
            members[info.workstream_id] = list(chain.call("Workstreams", "members", info.workstream_id))
        team = members[info.workstream_id]
        approvers = [m for m in team if chain.call("Workstreams", "hasApprovedMemberChange", change_id, m)]
        found.append(
            {
                "change_id": change_id,
                "workstream_id": info.workstream_id,
                "action": "add" if info.add else "remove",
                "account": info.account,
                "proposer": info.proposer,
                "state": state,
                "approvals": info.approvals,
                "approvers": approvers,
                "member_count": len(team),
                "needed": _needed(len(team)),
                "expires_at": info.expires_at,
            }
        )
        if len(found) >= limit:
            break
    rows = [
        (
            c["change_id"],
            c["workstream_id"],
            f"{c['action']} {short(c['account'])}",
            short(c["proposer"]),
            f"{c['approvals']} of {c['needed']} ({', '.join(short(a) for a in c['approvers']) or 'nobody'})",
            when(c["expires_at"]),
            *([c["state"]] if all_changes else []),
        )
        for c in found
    ]
    which = f" in workstream {workstream}" if workstream is not None else ""
    kind = "membership changes" if all_changes else "pending membership changes"
    session.out.result(
        found,
        table=table(
            f"{len(found)} {kind}{which} ({count} proposed in all)",
            ["id", "team", "change", "proposer", "approvals", "expires", *(["state"] if all_changes else [])],
            rows,
        ),
    )


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="member")
