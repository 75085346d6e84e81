"""`teal task approve-bond`: let the Workstreams escrow take a task's claim bond from you.

`teal task claim` approves the bond itself; a claim by signature cannot (the allowance is the
claimant's own transaction, with gas), so it points here.
"""

from __future__ import annotations

from typing import Annotated

import typer

from api.chain.types import ClaimTerms, TaskInfo, WorkstreamInfo
from api.cli.commands.failures import teal_command
from api.cli.commands.session import (
    CliError,
    Session,
    chain_command,
)


@teal_command
@chain_command(sender=True)
def approve_bond(session: Session, task_id: Annotated[int, typer.Argument(help="Task id.", min=1)]) -> None:
    """Allow the Workstreams escrow to take the task's claim bond (needs gas), e.g. before a
    claim by signature."""
    from api.chain.errors import amount

    chain = session.chain
    info = chain.view(TaskInfo, "TaskBoard", "task", task_id)  # an unknown task reverts TaskUnknown, explained
    workstream_id = info.workstream_id
    bond = chain.view(ClaimTerms, "Workstreams", "claimTerms", workstream_id).claim_bond
    if not bond:
        raise CliError(
            "no_bond", f"workstream {workstream_id} asks no claim bond: task {task_id} can be claimed as it is"
        )
    token = chain.token(chain.view(WorkstreamInfo, "Workstreams", "workstream", workstream_id).token)
    account = session.unlock()
    escrow = chain.contract("Workstreams").address
    receipt = chain.transact(account, chain.erc20(token.address), "approve", escrow, bond, name=token.symbol)
    session.out.result(
        {
            "task_id": task_id,
            "owner": account.address,
            "spender": escrow,
            "token": token.address,
            "amount": str(bond),
            "tx_hash": "0x" + bytes(receipt["transactionHash"]).hex(),
            "block": int(receipt["blockNumber"]),
        },
        text=f"the Workstreams escrow {escrow} may now take {amount(bond, token)} from {account.address} as the "
        f"bond of task {task_id}: claim it (`teal task claim-by-signature {task_id} --relay URL`)",
    )


def register(root: typer.Typer) -> None:
    from api.cli.commands import task

    task.app.command("approve-bond")(approve_bond)
