"""`teal rewards ...`: peer-allocation epochs (open, give, results, post the root, claim) and
stipend streams (start, stop, withdraw, halt).

Reads come straight from the chain (MerkleDistributor and StipendStreams views); allocations
and results go through a Teal API (`--api`, as `teal post`): `give` signs a `teal/allocation@1`
with the sender's key and posts it to `POST /rewards/epochs/{id}/allocations`, `results` and
`post-root` read `GET /rewards/epochs/{id}/results`. Team decisions (`open-epoch`, `post-root`,
`stipend start|stop`) are one member's approval each: the approval that meets the team's
threshold carries them out. Every write takes `--relay URL`: the member signs an ERC-2771
request and that API's relayer sends it (the reward contracts trust the registry's forwarder). `claim`
reads the epoch's distribution document (the CID its RootPosted/RootReplaced event names)
from the document store, rebuilds the merkle tree with api/rewards, checks it against the
posted root and sends the proof of the leaf paying the address: the sender's own, or the one
given with `--for` (a claim always pays the leaf's account, so anyone may submit it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from api.chain.types import EpochInfo, StreamInfo, WorkstreamInfo
from api.cli.commands.failures import teal_command
from api.cli.commands.output import table
from api.cli.commands.post import ApiOpt
from api.cli.commands.session import CliError, Session, chain_command, post_to_relay

app = typer.Typer(
    help="Rewards: epochs (list, open, give, results, post the root, claim) and stipend streams.", no_args_is_help=True
)
stipend = typer.Typer(help="Stipend streams: start, stop, withdraw.", no_args_is_help=True)
app.add_typer(stipend, name="stipend")

EpochArg = Annotated[int, typer.Argument(help="Epoch id.", min=1)]
StreamArg = Annotated[int, typer.Argument(help="Stream id.", min=1)]


def _sent(session: Session, receipt: Any, data: dict[str, Any], text: str) -> None:
    data = {**data, "tx_hash": "0x" + bytes(receipt["transactionHash"]).hex(), "block": int(receipt["blockNumber"])}
    session.out.result(data, text=text)


def _leaves(raw: bytes, cid: str) -> list[tuple[int, str, int]]:
    """The leaves of a distribution document, or a one-line refusal."""
    try:
        from api.rewards import distribution_leaves

        return distribution_leaves(raw)
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
    relay: Annotated[
        str | None,
        typer.Option(
            "--relay",
            help="Have this Teal API's relayer send the claim and pay its gas (POST /relay/epoch-claims): "
            "no key is unlocked, the leaf pays only its account.",
        ),
    ] = None,
) -> None:
    """Claim your leaf of an epoch (or, with --for, someone else's: the tokens go to them)."""
    from api.chain.errors import amount
    from api.rewards import StandardMerkleTree

    chain = session.chain
    if relay is not None:
        _claim_through_relay(session, epoch_id, for_, relay)
        return
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


def _claim_through_relay(session: Session, epoch_id: int, for_: str | None, relay: str) -> None:
    """`teal rewards claim --relay`: the API finds the leaf (the distribution behind the posted
    root) and its relayer sends the claim; the account is --for, else --from's address."""
    from api.chain.errors import amount

    who = for_ or session.sender
    if not who:
        raise CliError("no_account", "whose leaf? pass --for ADDRESS or --from NAME")
    receiver = session.address(who, what="--for" if for_ else "--from")
    answer = post_to_relay(relay, "epoch-claims", {"epoch_id": epoch_id, "account": receiver})
    if answer.get("status") != "mined":  # the chain moved between the relay's simulation and its block
        reason = (answer.get("revert") or {}).get("name") or "reverted"
        raise CliError("relay_reverted", f"the relayed claim {answer.get('tx_hash')} failed on chain: {reason}")
    chain = session.chain
    receipt = chain.w3.eth.get_transaction_receipt(answer["tx_hash"])
    (claimed,) = chain.events(receipt, "MerkleDistributor", "Claimed")
    info = chain.view(EpochInfo, "MerkleDistributor", "epoch", epoch_id)
    paid = int(claimed["amount"])
    text = (
        f"claimed {amount(paid, chain.token(info.token))} of epoch {epoch_id} for {receiver} "
        f"(leaf {claimed['index']}; relayed by {answer['relayer']})"
    )
    data = {"epoch_id": epoch_id, "index": int(claimed["index"]), "account": receiver, "amount": str(paid)}
    session.out.result(
        {**data, "relayer": answer["relayer"], "tx_hash": answer["tx_hash"], "block": answer["block_number"]}, text=text
    )


@stipend.command("withdraw")
@teal_command
@chain_command(sender=True, relay=True)
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


# ---- peer allocation: open, give, results, post the root ------------------------------------

DurationOpt = Annotated[str, typer.Option(help="A duration: 3600s, 90m, 12h or 7d.")]
StartOpt = Annotated[
    int | None,
    typer.Option(
        help="Start (unix seconds; default: the chain's current hour, or the earlier hour of a teammate's "
        "pending approval of the same terms within 24 hours, so teammates agree).",
        min=0,
    ),
]


def _unsigned(session: Session, body: Any) -> Any:
    from api.cli.commands.session import PreparedDocument
    from api.content import compute_cid, make_document

    document = make_document(body)
    return PreparedDocument(
        session=session,
        document=document,
        cid=compute_cid(document.to_bytes(), cid_version=session.settings.cid_version),
    )


# How far back a default start looks for a teammate's pending approval of the same terms.
JOIN_HOURS = 24


def _start(session: Session, start: int | None, pending: Callable[[int], bool]) -> int:
    """Every approver must send the same terms, start included. By default the start is the
    chain's time rounded down to the hour (the contracts want the end in the future, not the
    start), unless a teammate's approval of the same terms with an earlier hour's start is
    pending (`pending(start)`: approvals recorded for that action), within JOIN_HOURS: this
    approval then joins it, so an hour boundary between two teammates' commands does not split
    their approvals into two actions."""
    if start is not None:
        return start
    _, now = session.chain.head()
    hour = int(now - now % 3600)
    if pending(hour):
        return hour
    for earlier in range(hour - 3600, hour - (JOIN_HOURS + 1) * 3600, -3600):
        if pending(earlier):
            session.out.progress(f"joining the approvals pending for the same terms from {when_text(earlier)}")
            return earlier
    return hour


def _approvals_pending(session: Session, contract: str, workstream: int, action_id: bytes) -> bool:
    return int(session.chain.call(contract, "actionApprovals", workstream, action_id)) > 0


def _seconds(text: str, *, what: str) -> int:
    units = {"s": 1, "m": 60, "h": 3600, "d": 86_400}
    raw = text.strip().lower()
    number, unit = (raw[:-1], raw[-1]) if raw[-1:] in units else (raw, "s")
    try:
        value = int(float(number) * units[unit])
    except ValueError:
        value = -1
    if value <= 0:
        raise CliError("bad_duration", f"{what} {text!r} is not a positive duration (3600s, 90m, 12h or 7d)")
    return value


def _api(api: str | None) -> str:
    from api.cli.commands.post import DEFAULT_API_URL, _devnet_api_url

    return (api or _devnet_api_url() or DEFAULT_API_URL).rstrip("/")


def _get(base: str, path: str) -> Any:
    from api.cli.commands.post import _api_error, _request

    response = _request("GET", base + path)
    if response.status_code >= 400:
        raise _api_error(response, base)
    return response.json()


def _approved(session: Session, receipt: Any, contract: str) -> tuple[int, int]:
    """(approvals, required) of the team action this transaction approved."""
    found = session.chain.events(receipt, contract, "TeamActionApproved")
    return (int(found[-1]["approvals"]), int(found[-1]["required"])) if found else (0, 0)


def amount_text(value: int, token: Any) -> str:
    from api.chain.errors import amount

    return str(amount(value, token))


def when_text(timestamp: int) -> str:
    from api.chain.errors import when

    return str(when(timestamp))


def _gift(session: Session, text: str) -> dict[str, Any]:
    """`ADDRESS=GIVE[:note]` (ADDRESS may be a keystore account name)."""
    who, sep, rest = text.partition("=")
    amount, _, note = rest.partition(":")
    if not sep or not amount.strip().isdigit():
        raise CliError("bad_gift", f"--to {text!r}: write ADDRESS=GIVE or ADDRESS=GIVE:note (GIVE a whole number)")
    gift: dict[str, Any] = {"account": session.address(who, what="--to"), "give": int(amount)}
    if note.strip():
        gift["note"] = note.strip()
    return gift


@app.command("give")
@teal_command
@chain_command(sender=True)
def give(
    session: Session,
    epoch_id: EpochArg,
    to: Annotated[
        list[str],
        typer.Option("--to", help="ADDRESS=GIVE[:note] (repeat): GIVE points to a teammate, with an optional note."),
    ],
    api: ApiOpt = None,
) -> None:
    """Allocate your GIVE in an open epoch (it replaces your earlier allocation there)."""
    import time

    from api.cli.commands.post import _api_error, _request
    from api.content.schemas import parse_body

    base = _api(api)
    gifts = [_gift(session, item) for item in to]
    epoch = _get(base, f"/rewards/epochs/{epoch_id}/allocations")
    account = session.unlock()
    mine = [item for item in epoch["items"] if item["giver"] == account.address]
    issued_at = max(int(time.time()), mine[0]["issued_at"] + 1 if mine else 0)
    body = parse_body(
        "teal/allocation@1",
        {
            "epoch_id": epoch_id,
            "workstream_id": epoch["workstream_id"],
            "giver": account.address,
            "issued_at": issued_at,
            "receivers": gifts,
        },
    )  # a bad field is one line naming it
    doc = session.prepare_document(body, author=account)
    session.out.progress(f"sending allocation {doc.cid} to {base}")
    response = _request("POST", f"{base}/rewards/epochs/{epoch_id}/allocations", json=doc.document.envelope())
    if response.status_code >= 400:
        raise _api_error(response, base)
    total = sum(g["give"] for g in gifts)
    session.out.result(
        {"epoch_id": epoch_id, "cid": doc.cid, "giver": account.address, "issued_at": issued_at,
         "total_give": total, "receivers": gifts},
        text=f"gave {total} of {epoch['allowance']} GIVE in epoch {epoch_id} to {len(gifts)} "
        f"teammate{'s' if len(gifts) != 1 else ''} (allocation {doc.cid})",
    )  # fmt: skip


@app.command("results")
@teal_command
@chain_command()
def results(session: Session, epoch_id: EpochArg, api: ApiOpt = None) -> None:
    """The distribution the current allocations give: each receiver's GIVE and amount, the root."""
    body = _get(_api(api), f"/rewards/epochs/{epoch_id}/results")
    rows = [
        (p["index"], p["account"], p["give"], p["amount"] + (" (capped)" if p["capped"] else ""))
        for p in body["payouts"]
    ]
    state = "final" if body["final"] else "provisional: the epoch is still open"
    title = (
        f"epoch {epoch_id}: {body['total_give']} GIVE, {body['total']} of pot {body['pot']} paid, "
        f"root {body['root']} ({state})"
    )
    session.out.result(body, table=table(title, ["leaf", "account", "GIVE", "amount (base units)"], rows))


@app.command("open-epoch")
@teal_command
@chain_command(sender=True, relay=True)
def open_epoch(
    session: Session,
    workstream: Annotated[int, typer.Option(help="Workstream (team) id.", min=0)],
    pot: Annotated[str, typer.Option(help="Pot moved from the team's budget: 150, 2.5 or 25wei of its token.")],
    length: DurationOpt = "7d",
    claim_window: Annotated[
        str, typer.Option(help="How long claims stay open after the end (3600s, 12h, 30d).")
    ] = "30d",
    allowance: Annotated[int, typer.Option(help="GIVE each member may split.", min=1, max=1_000_000)] = 100,
    cap: Annotated[str | None, typer.Option(help="Most one receiver may get (the excess is shared again).")] = None,
    title: Annotated[str, typer.Option(help="A name for the epoch.")] = "",
    start: StartOpt = None,
    contributors_for: Annotated[
        str | None,
        typer.Option(
            "--contributors-for",
            help="Contributors the team paid for a task this long before the start (30d) or since, "
            "until the end, give and receive too, beside the members.",
        ),
    ] = None,
) -> None:
    """Approve opening the team's next epoch (from now for --length); its terms are published as
    a teal/epoch@1 document. The approval meeting the team's threshold opens it."""
    from api.cli.commands.session import parse_amount
    from api.content import EpochTermsV1

    chain = session.chain
    token = chain.token(chain.view(WorkstreamInfo, "Workstreams", "workstream", workstream).token)
    amount = parse_amount(pot, token.decimals, what="pot")
    cap_wei = parse_amount(cap, token.decimals, what="cap") if cap is not None else None
    seconds, window = _seconds(length, what="--length"), _seconds(claim_window, what="--claim-window")
    lookback = _seconds(contributors_for, what="--contributors-for") if contributors_for is not None else None

    def terms_from(begin: int) -> Any:
        return _unsigned(  # unsigned: every approver names the same CID
            session,
            EpochTermsV1(
                workstream_id=workstream,
                title=title,
                allowance=allowance,
                cap_wei=None if cap_wei is None else str(cap_wei),
                # From the start, not from now: every approver names the same terms.
                contributors_since=None if lookback is None else max(0, begin - lookback),
            ),
        )

    def pending(begin: int) -> bool:
        action = chain.call("MerkleDistributor", "openEpochActionId", workstream, amount, begin, begin + seconds,
                            begin + seconds + window, terms_from(begin).cid)  # fmt: skip
        return _approvals_pending(session, "MerkleDistributor", workstream, action)

    start = _start(session, start, pending)
    account = session.unlock()
    doc = terms_from(start)
    end, deadline = start + seconds, start + seconds + window
    receipt = chain.transact(
        account, chain.contract("MerkleDistributor"), "openEpoch", workstream, amount, start, end, deadline, doc.cid,
        before_send=doc.publish,
    )  # fmt: skip
    opened = chain.events(receipt, "MerkleDistributor", "EpochOpened")
    approvals, required = _approved(session, receipt, "MerkleDistributor")
    epoch_id = int(opened[0]["epochId"]) if opened else None
    data = {"epoch_id": epoch_id, "workstream_id": workstream, "pot": str(amount), "start": start, "end": end,
            "claim_deadline": deadline, "terms_cid": doc.cid, "approvals": approvals, "required": required}  # fmt: skip
    text = (
        f"opened epoch {epoch_id} of workstream {workstream}: pot {amount_text(amount, token)}, "
        f"GIVE until {when_text(end)}, claims until {when_text(deadline)}"
        if opened
        else f"approved opening an epoch of workstream {workstream} ({approvals} of {required} approvals): "
        f"teammates run the same command (within 24 hours it joins this approval)"
    )
    _sent(session, receipt, data, text)


@app.command("post-root")
@teal_command
@chain_command(sender=True, relay=True)
def post_root(session: Session, epoch_id: EpochArg, api: ApiOpt = None) -> None:
    """Approve the ended epoch's distribution: publish its teal/distribution@1 document and send
    its merkle root and total (the approval meeting the team's threshold posts it)."""
    from api.content import publish_document
    from api.rewards import StandardMerkleTree

    chain = session.chain
    body = _get(_api(api), f"/rewards/epochs/{epoch_id}/results")
    if not body["final"]:
        raise CliError("epoch_open", f"epoch {epoch_id} has not ended: its allocations may still change")
    document = body["distribution"]
    leaves = [(int(i), str(a), int(n)) for i, a, n in document["body"]["leaves"]]
    tree = StandardMerkleTree(leaves)
    if tree.root_hex != body["root"] or sum(n for _, _, n in leaves) != int(body["total"]):
        raise CliError("root_mismatch", f"the API's distribution of epoch {epoch_id} does not add up to its root")
    info = chain.view(EpochInfo, "MerkleDistributor", "epoch", epoch_id)
    if int(body["total"]) > info.pot:
        raise CliError("over_pot", f"the distribution pays {body['total']}, over epoch {epoch_id}'s pot of {info.pot}")
    account = session.unlock()
    store = session.store()
    stored = publish_document(store=store, document=document, domain=session.signing_domain())
    receipt = chain.transact(
        account, chain.contract("MerkleDistributor"), "postRoot", epoch_id, tree.root, int(body["total"]), stored.cid
    )
    posted = chain.events(receipt, "MerkleDistributor", "RootPosted")
    approvals, required = _approved(session, receipt, "MerkleDistributor")
    token = chain.token(info.token)
    data = {"epoch_id": epoch_id, "root": tree.root_hex, "total": body["total"], "distribution_cid": stored.cid,
            "posted": bool(posted), "approvals": approvals, "required": required}  # fmt: skip
    text = (
        f"posted epoch {epoch_id}'s root {tree.root_hex}: {len(leaves)} leaves paying "
        f"{amount_text(int(body['total']), token)} (distribution {stored.cid}); "
        f"members claim with `teal rewards claim {epoch_id}`"
        if posted
        else f"approved epoch {epoch_id}'s root {tree.root_hex} ({approvals} of {required} approvals)"
    )
    _sent(session, receipt, data, text)


@stipend.command("start")
@teal_command
@chain_command(sender=True, relay=True)
def stipend_start(
    session: Session,
    workstream: Annotated[int, typer.Option(help="Workstream (team) id.", min=0)],
    to: Annotated[str, typer.Option("--to", help="The member paid (address or keystore name).")],
    amount: Annotated[str, typer.Option(help="Total paid over the stream: 150, 2.5 or 25wei of the team's token.")],
    length: DurationOpt = "30d",
    terms: Annotated[str, typer.Option(help="CID of a document describing the stipend (optional).")] = "",
    start: StartOpt = None,
) -> None:
    """Approve a stipend streaming --amount to a member over --length (from the hour the first
    approval was sent); the approval meeting the team's threshold starts it."""
    from api.cli.commands.session import parse_amount

    chain = session.chain
    token = chain.token(chain.view(WorkstreamInfo, "Workstreams", "workstream", workstream).token)
    value = parse_amount(amount, token.decimals, what="amount")
    recipient = session.address(to, what="--to")
    seconds = _seconds(length, what="--length")

    from api.rewards.streams import start_stream_action_id

    started = int(chain.call("StipendStreams", "streamsStarted", workstream))  # once, not per hour tried

    def pending(begin: int) -> bool:
        action = start_stream_action_id(workstream, started, recipient, value, begin, begin + seconds, terms)
        return _approvals_pending(session, "StipendStreams", workstream, action)

    start = _start(session, start, pending)
    account = session.unlock()
    receipt = chain.transact(
        account, chain.contract("StipendStreams"), "startStream", workstream, recipient, value, start, start + seconds,
        terms,
    )  # fmt: skip
    started = chain.events(receipt, "StipendStreams", "StreamStarted")
    approvals, required = _approved(session, receipt, "StipendStreams")
    stream_id = int(started[0]["streamId"]) if started else None
    data = {"stream_id": stream_id, "workstream_id": workstream, "recipient": recipient, "amount": str(value),
            "start": start, "end": start + seconds, "approvals": approvals, "required": required}  # fmt: skip
    text = (
        f"started stream {stream_id}: {amount_text(value, token)} to {recipient} until {when_text(start + seconds)}"
        if started
        else f"approved a stream of {amount_text(value, token)} to {recipient} ({approvals} of {required} approvals)"
    )
    _sent(session, receipt, data, text)


@stipend.command("stop")
@teal_command
@chain_command(sender=True, relay=True)
def stipend_stop(session: Session, stream_id: StreamArg) -> None:
    """Approve stopping a stream: what accrued stays withdrawable, the rest returns to the budget."""
    chain = session.chain
    account = session.unlock()
    receipt = chain.transact(account, chain.contract("StipendStreams"), "stopStream", stream_id)
    stopped = chain.events(receipt, "StipendStreams", "StreamStopped")
    approvals, required = _approved(session, receipt, "StipendStreams")
    data = {"stream_id": stream_id, "stopped": bool(stopped), "approvals": approvals, "required": required}
    text = (
        f"stopped stream {stream_id}: {stopped[0]['accrued']} base units accrued stay withdrawable"
        if stopped
        else f"approved stopping stream {stream_id} ({approvals} of {required} approvals)"
    )
    _sent(session, receipt, data, text)


@stipend.command("halt")
@teal_command
@chain_command(sender=True, relay=True)
def stipend_halt(session: Session, stream_id: StreamArg) -> None:
    """Settle a stream that stopped by itself (its recipient left the team, the team was paused
    or its term ended): what accrued until then stays withdrawable, the rest returns to the
    team's budget. Anyone may send it."""
    chain = session.chain
    account = session.unlock()
    info = chain.view(StreamInfo, "StipendStreams", "stream", stream_id)  # reverts StipendUnknownStream
    token = chain.token(chain.view(WorkstreamInfo, "Workstreams", "workstream", info.workstream_id).token)
    receipt = chain.transact(account, chain.contract("StipendStreams"), "halt", stream_id)
    stopped = chain.events(receipt, "StipendStreams", "StreamStopped")[0]
    accrued, released = int(stopped["accrued"]), int(stopped["released"])
    data = {"stream_id": stream_id, "accrued": str(accrued), "released": str(released)}
    text = (
        f"halted stream {stream_id}: {amount_text(accrued - info.withdrawn, token)} stays withdrawable by "
        f"{info.recipient}, {amount_text(released, token)} back to workstream {info.workstream_id}'s budget"
    )
    _sent(session, receipt, data, text)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="rewards")
