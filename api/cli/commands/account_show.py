"""`teal account show NAME|ADDRESS`: what an account holds and has done, read from the chain.

Balances (ETH for gas, TEAL and each team's budget token), voting power and delegate,
payments owed by the Workstreams escrow (transfers that failed, to withdraw), and tasks:
claimed and submitted now (the TaskBoard's views), paid (the escrow's RewardPaid events,
which also name co-contributors of a split reward).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from api.chain.types import TaskInfo, TaskStatus, WorkstreamInfo
from api.cli.commands.failures import teal_command
from api.cli.commands.output import fields, table
from api.cli.commands.session import CliError, Session, chain_command

ZERO = "0x" + "0" * 40


def _account_name(session: Session, address: str) -> str | None:
    from api.cli.wallet.keystore import WalletError

    try:
        return str(session.keystore.find(address).name)
    except WalletError:
        return None


def _budget_tokens(chain: Any) -> dict[str, list[int]]:
    """Each budget token's address -> the workstreams paying in it."""
    tokens: dict[str, list[int]] = {}
    for workstream_id in range(1, int(chain.call("Workstreams", "workstreamCount")) + 1):
        token = chain.view(WorkstreamInfo, "Workstreams", "workstream", workstream_id).token
        tokens.setdefault(token, []).append(workstream_id)
    return tokens


def _open_work(chain: Any, address: str) -> list[dict[str, Any]]:
    """Tasks the account holds a claim on now (claimed or submitted)."""

    ids = sorted(
        {int(e["args"]["taskId"]) for e in chain.logs("TaskBoard", "TaskClaimed", filters={"claimant": address})}
    )
    held = []
    for task_id in ids:
        info = chain.view(TaskInfo, "TaskBoard", "task", task_id)
        if info.status in (TaskStatus.CLAIMED, TaskStatus.SUBMITTED) and info.claimant.lower() == address.lower():
            held.append(
                {
                    "task_id": task_id,
                    "workstream_id": info.workstream_id,
                    "status": info.status.label,
                    "claim_expiry": info.claim_expiry,
                    "reward": str(info.reward),
                    "bond": str(info.bond),
                }
            )
    return held


def _payments(chain: Any, address: str, token_of: dict[int, str]) -> list[dict[str, Any]]:
    """Every reward paid (or owed) to the account, oldest first."""
    paid = []
    for event in chain.logs("Workstreams", "RewardPaid", filters={"to": address}):
        args = event["args"]
        paid.append(
            {
                "task_id": int(args["taskId"]),
                "workstream_id": int(args["workstreamId"]),
                "token": token_of[int(args["workstreamId"])],
                "amount": str(args["amount"]),
                "bond_returned": str(args["bondReturned"]),
                "deferred": bool(args["deferred"]),
                "block": int(event["blockNumber"]),
            }
        )
    return paid


@teal_command
@chain_command()
def show(
    session: Session,
    who: Annotated[
        str | None, typer.Argument(help="A keystore account name or an address (default: --from / TEAL_FROM).")
    ] = None,
    sender: Annotated[str | None, typer.Option("--from", envvar="TEAL_FROM", hidden=True)] = None,
) -> None:
    """An account's balances, voting power, delegate, owed payments and tasks, from the chain."""
    from api.chain.errors import amount, when

    if not (who or sender):
        raise CliError("no_account", "which account? `teal account show NAME|ADDRESS` (or set TEAL_FROM)")
    address = session.address(who or sender or "", what="account")
    chain = session.chain
    teal = chain.token(chain.contracts["TealToken"].address)
    delegate = chain.call("TealToken", "delegates", address)
    by_token = _budget_tokens(chain)
    token_of = {ws: token for token, ids in by_token.items() for ws in ids}
    balances = []
    for token_address in dict.fromkeys([teal.address, *by_token]):
        token = chain.token(token_address)
        balances.append(
            {
                "token": token.address,
                "symbol": token.symbol,
                "balance": str(chain.erc20(token.address).functions.balanceOf(address).call()),
                "owed": str(chain.call("Workstreams", "owed", token.address, address)),
                "workstreams": by_token.get(token.address, []),
            }
        )
    payments = _payments(chain, address, token_of)
    held = _open_work(chain, address)
    earned: dict[str, int] = {}
    for p in payments:
        earned[p["token"]] = earned.get(p["token"], 0) + int(p["amount"])
    data: dict[str, Any] = {
        "address": address,
        "name": _account_name(session, address),
        "eth": str(chain.w3.eth.get_balance(address)),
        "votes": str(chain.call("TealToken", "getVotes", address)),
        "delegate": None if delegate == ZERO else delegate,
        "tokens": balances,
        "tasks": {
            "claimed": [t for t in held if t["status"] == "claimed"],
            "submitted": [t for t in held if t["status"] == "submitted"],
            "paid": payments,
        },
        "earned": [{"token": t, "symbol": chain.token(t).symbol, "amount": str(a)} for t, a in earned.items()],
    }
    if session.out.json_mode:
        session.out.result(data)
        return
    eth = int(data["eth"]) / 10**18
    pairs: list[tuple[str, Any]] = [
        ("account", f"{data['name']} ({address})" if data["name"] else address),
        ("ETH", f"{eth:.6f}".rstrip("0").rstrip(".") + " (for gas)"),
    ]
    for b in balances:
        line = amount(int(b["balance"]), chain.token(b["token"]))
        if int(b["owed"]):
            line += (
                f"; owed {amount(int(b['owed']), chain.token(b['token']))} by the Workstreams escrow "
                f"(withdraw: Workstreams.withdrawOwed({b['token']}, to))"
            )
        pairs.append((b["symbol"], line))
    pairs.append(("voting power", amount(int(data["votes"]), teal)))
    pairs.append(
        (
            "delegate",
            "yourself"
            if delegate == address
            else data["delegate"] or "none: tokens vote only once delegated (`teal delegate`)",
        )
    )
    pairs.append(
        (
            "earned",
            ", ".join(amount(int(e["amount"]), chain.token(e["token"])) for e in data["earned"]) or "nothing yet",
        )
    )
    session.out.result(data, table=fields(None, pairs))
    if held:
        session.out.result(
            data,
            table=table(
                "tasks in hand",
                ["task", "team", "status", "reward", "claim until"],
                [
                    (
                        t["task_id"],
                        t["workstream_id"],
                        t["status"],
                        amount(int(t["reward"]), chain.token(token_of[t["workstream_id"]])),
                        when(t["claim_expiry"]),
                    )
                    for t in held
                ],
            ),
        )
    if payments:
        session.out.result(
            data,
            table=table(
                "paid",
                ["task", "team", "amount", "bond returned", "block"],
                [
                    (
                        p["task_id"],
                        p["workstream_id"],
                        amount(int(p["amount"]), chain.token(p["token"])) + (" (owed)" if p["deferred"] else ""),
                        amount(int(p["bond_returned"]), chain.token(p["token"])) if int(p["bond_returned"]) else "",
                        p["block"],
                    )
                    for p in payments
                ],
            ),
        )


def register(root: typer.Typer) -> None:
    from api.cli.commands import account

    account.app.command("show")(show)
