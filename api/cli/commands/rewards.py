"""`teal rewards ...`: peer-allocation epochs and stipend streams from a receiver's side.

Reads come straight from the chain (MerkleDistributor and StipendStreams views). `claim`
reads the epoch's distribution document (the CID its RootPosted/RootReplaced event names)
from the document store, rebuilds the merkle tree with api/rewards, checks it against the
posted root and sends the proof of the leaf paying the address: the sender's own, or the one
given with `--for` (a claim always pays the leaf's account, so anyone may submit it).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from api.chain.types import EpochInfo, StreamInfo, WorkstreamInfo
from api.cli.commands.failures import teal_command
from api.cli.commands.output import table
from api.cli.commands.session import CliError, Session, chain_command

app = typer.Typer(help="Rewards: epochs (list, claim) and stipend streams (withdraw).", no_args_is_help=True)
stipend = typer.Typer(help="Stipend streams: withdraw.", no_args_is_help=True)
app.add_typer(stipend, name="stipend")

EpochArg = Annotated[int, typer.Argument(help="Epoch id.", min=1)]
StreamArg = Annotated[int, typer.Argument(help="Stream id.", min=1)]


def _sent(session: Session, receipt: Any, data: dict[str, Any], text: str) -> None:
    data = {**data, "tx_hash": "0x" + bytes(receipt["transactionHash"]).hex(), "block": int(receipt["blockNumber"])}
    session.out.result(data, text=text)


def _leaves(raw: bytes, cid: str) -> list[tuple[int, str, int]]:
    """The leaves of a distribution document: an OpenZeppelin `standard-v1` tree dump (what
    `StandardMerkleTree.dump()` writes), alone or as the `tree` of a document's body, or a
    `leaves` list of [index, account, amount]."""
    try:
        doc = json.loads(raw)
        for key in ("body", "tree"):
            if isinstance(doc, dict) and isinstance(doc.get(key), dict):
                doc = doc[key]
        if isinstance(doc, dict) and "values" in doc:
            rows = [entry["value"] for entry in doc["values"]]
        else:
            rows = doc["leaves"]
        return [(int(index), str(account), int(amount)) for index, account, amount in rows]
    except (ValueError, KeyError, TypeError) as exc:
        raise CliError("bad_distribution", f"document {cid} is not a distribution (no merkle leaves): {exc}") from None


def _distribution_cid(session: Session, epoch_id: int) -> str:
    """The CID of the distribution behind the epoch's current root (the last posted or replaced)."""
    found: list[Any] = []
    for name in ("RootPosted", "RootReplaced"):
        found += session.chain.logs("MerkleDistributor", name, filters={"epochId": epoch_id})
    if not found:
        raise CliError("no_root", f"epoch {epoch_id} has no root yet: nothing can be claimed before the team posts it")
    latest = max(found, key=lambda e: (int(e["blockNumber"]), int(e["logIndex"])))
    return str(latest["args"]["cid"])


@app.command("epochs")
@teal_command
@chain_command()
def epochs(
    session: Session,
    workstream: Annotated[int | None, typer.Option(help="Only this workstream's epochs.")] = None,
) -> None:
    """List epochs, newest first, read from the chain."""
    from api.chain.errors import amount, when

    chain = session.chain
    count = int(chain.call("MerkleDistributor", "epochCount"))
    found = []
    for epoch_id in range(count, 0, -1):
        info = chain.view(EpochInfo, "MerkleDistributor", "epoch", epoch_id)
        if workstream is not None and info.workstream_id != workstream:
            continue
        token = chain.token(info.token)
        state = "reclaimed" if info.reclaimed else "claiming" if any(info.root) else "open"
        found.append(
            {
                "id": epoch_id,
                "workstream_id": info.workstream_id,
                "state": state,
                "token": info.token,
                "pot": str(info.pot),
                "total": str(info.total),
                "held": str(info.held),
                "root": "0x" + info.root.hex() if any(info.root) else None,
                "end": info.end,
                "claim_deadline": info.claim_deadline,
                "_pot": amount(info.pot, token),
            }
        )
    rows = [
        (e["id"], e["workstream_id"], e["state"], e.pop("_pot"), when(e["end"]), when(e["claim_deadline"]))
        for e in found
    ]
    session.out.result(
        found,
        table=table(f"epochs ({len(found)} of {count})", ["id", "team", "state", "pot", "ends", "claims until"], rows),
    )


@app.command("claim")
@teal_command
@chain_command(sender=True)
def claim(
    session: Session,
    epoch_id: EpochArg,
    for_: Annotated[
        str | None,
        typer.Option("--for", help="Submit the leaf of this address (it is paid, you send the transaction)."),
    ] = None,
) -> None:
    """Claim your leaf of an epoch (or, with --for, someone else's: the tokens go to them)."""
    from api.chain.errors import amount
    from api.rewards import StandardMerkleTree

    chain = session.chain
    account = session.unlock()
    receiver = session.address(for_, what="--for") if for_ else account.address
    info = chain.view(EpochInfo, "MerkleDistributor", "epoch", epoch_id)  # reverts DistributorUnknownEpoch
    if not any(info.root):
        raise CliError("no_root", f"epoch {epoch_id} has no root yet: nothing can be claimed before the team posts it")
    cid = _distribution_cid(session, epoch_id)
    try:
        raw = session.store().get(cid)
    except Exception as exc:  # noqa: BLE001 - any store failure is one line: the document is not readable here
        raise CliError(
            "no_distribution", f"cannot read epoch {epoch_id}'s distribution document {cid}: {exc}"
        ) from None
    tree = StandardMerkleTree(_leaves(raw, cid))
    if tree.root != info.root:
        raise CliError(
            "root_mismatch",
            f"document {cid} gives root {tree.root_hex}, epoch {epoch_id} has 0x{info.root.hex()}: "
            "not its distribution",
        )
    mine = [leaf for leaf in _leaves(raw, cid) if leaf[1].lower() == receiver.lower()]
    if not mine:
        raise CliError("no_leaf", f"epoch {epoch_id}'s distribution pays nothing to {receiver}")
    index, leaf_account, paid = mine[0]
    if chain.call("MerkleDistributor", "isClaimed", epoch_id, index):
        raise CliError("already_claimed", f"leaf {index} of epoch {epoch_id} ({receiver}) was already claimed")
    proof = tree.proof_for_index(index)
    receipt = chain.transact(
        account, chain.contract("MerkleDistributor"), "claim", epoch_id, index, leaf_account, paid, proof
    )
    text = f"claimed {amount(paid, chain.token(info.token))} of epoch {epoch_id} for {leaf_account} (leaf {index})"
    _sent(session, receipt, {"epoch_id": epoch_id, "index": index, "account": leaf_account, "amount": str(paid)}, text)


@stipend.command("withdraw")
@teal_command
@chain_command(sender=True)
def withdraw(session: Session, stream_id: StreamArg) -> None:
    """Pay a stream's accrued, not yet withdrawn part to its recipient (anyone may trigger it)."""
    from api.chain.errors import amount

    chain = session.chain
    account = session.unlock()
    info = chain.view(StreamInfo, "StipendStreams", "stream", stream_id)  # reverts StipendUnknownStream
    token = chain.token(chain.view(WorkstreamInfo, "Workstreams", "workstream", info.workstream_id).token)
    receipt = chain.transact(account, chain.contract("StipendStreams"), "withdraw", stream_id)
    paid = sum(
        int(e["args"]["amount"])
        for e in chain.contract("StipendStreams").events.StreamWithdrawn().process_receipt(receipt)
    )
    text = f"withdrew {amount(paid, token)} of stream {stream_id} to {info.recipient}"
    _sent(session, receipt, {"stream_id": stream_id, "recipient": info.recipient, "amount": str(paid)}, text)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="rewards")
