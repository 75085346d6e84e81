"""`teal propose|vote|delegate|queue|execute|proposal`: token-holder governance.

A proposal's description is `ipfs://<cid>` of its document, then its title on the next
line, exactly as scripts/governance.py builds it; queue and execute find the proposal's
actions in its ProposalCreated event, so only the id is needed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from api.chain.types import ProposalState, ProposalVotes, Support
from api.cli.commands.failures import teal_command
from api.cli.commands.output import fields
from api.cli.commands.session import (
    CliError,
    Session,
    chain_command,
    parse_amount,
)

if TYPE_CHECKING:
    from api.content import SignalRef

SUPPORT = {s.label: int(s) for s in Support}
ProposalArg = Annotated[str, typer.Argument(help="Proposal id (the long decimal number `teal propose` printed).")]


def _proposal_id(text: str) -> int:
    if not text.isdigit() or int(text) >= 2**256:
        raise CliError("bad_proposal_id", f"{text!r} is not a proposal id (a decimal number)")
    return int(text)


def _tx(receipt: Any) -> dict[str, Any]:
    return {"tx_hash": "0x" + bytes(receipt["transactionHash"]).hex(), "block": int(receipt["blockNumber"])}


def _summary(session: Session, proposal_id: int) -> dict[str, Any]:
    chain = session.chain
    state = ProposalState(int(chain.call("TealGovernor", "state", proposal_id))).title
    votes = chain.view(ProposalVotes, "TealGovernor", "proposalVotes", proposal_id)
    against, for_, abstain = votes.against_votes, votes.for_votes, votes.abstain_votes
    return {
        "proposal_id": str(proposal_id),
        "state": state,
        "snapshot": int(chain.call("TealGovernor", "proposalSnapshot", proposal_id)),
        "deadline": int(chain.call("TealGovernor", "proposalDeadline", proposal_id)),
        "votes": {"for": str(for_), "against": str(against), "abstain": str(abstain)},
    }


def _tally_text(session: Session, summary: dict[str, Any]) -> str:
    from api.chain.errors import amount

    token = session.chain.token(session.chain.contracts["TealToken"].address)
    votes = summary["votes"]
    return (
        f"for {amount(int(votes['for']), token)}, against {amount(int(votes['against']), token)}, "
        f"abstain {amount(int(votes['abstain']), token)}"
    )


# ---- delegate ------------------------------------------------------------------------------


@teal_command
@chain_command(sender=True)
def delegate(
    session: Session,
    to: Annotated[str | None, typer.Argument(help="Delegate to this address or account (default: yourself).")] = None,
    by_sig: Annotated[
        bool,
        typer.Option(
            "--by-sig", help="Sign an EIP-712 Delegation (no gas) and print it: the body of POST /relay/delegations."
        ),
    ] = False,
    relay: Annotated[
        str | None,
        typer.Option(help="Sign the delegation (no gas) and have this API's /relay/delegations send it."),
    ] = None,
    valid_minutes: Annotated[
        int, typer.Option(min=1, max=7 * 24 * 60, help="With --by-sig/--relay: minutes the signature stays valid.")
    ] = 60,
) -> None:
    """Delegate your voting power (to yourself to vote with it); it counts for proposals made after.
    With --by-sig (or --relay) you sign TealToken's `Delegation` for delegateBySig instead of sending it."""
    from api.chain.errors import amount

    delegatee = session.address(to, what="delegatee") if to else None
    chain = session.chain
    account = session.unlock()
    delegatee = delegatee or account.address
    if by_sig or relay is not None:
        _delegate_by_signature(session, account, delegatee, relay, valid_minutes)
        return
    receipt = chain.transact(account, chain.contract("TealToken"), "delegate", delegatee)
    votes = int(chain.call("TealToken", "getVotes", delegatee))
    token = chain.token(chain.contracts["TealToken"].address)
    session.out.result(
        {"delegator": account.address, "delegatee": delegatee, "votes": str(votes), **_tx(receipt)},
        text=f"{account.address} delegates to {delegatee}, who now has {amount(votes, token)} of voting power",
    )


def _delegate_by_signature(session: Session, account: Any, delegatee: str, relay: str | None, minutes: int) -> None:
    """Sign ERC20Votes' `Delegation(delegatee, nonce, expiry)` on TealToken's EIP-712 domain; print
    it (the body of POST /relay/delegations) or post it to `relay`. The call is checked against
    the chain first, so a signature that could not be used is never printed or sent."""
    from api.chain.errors import amount
    from api.chain.typed_data import delegation, domain, sign
    from api.cli.commands.session import post_to_relay

    chain = session.chain
    token_contract = chain.contract("TealToken")
    token = chain.token(token_contract.address)
    if int(chain.call("TealToken", "balanceOf", account.address)) == 0:
        raise CliError(
            "nothing_to_delegate",
            f"{account.address} holds no {token.symbol}: its delegation would move no votes",
        )
    _, name, version, *_ = chain.call("TealToken", "eip712Domain")
    nonce = int(chain.call("TealToken", "nonces", account.address))
    _, now = chain.head()
    expiry = now + minutes * 60
    typed = delegation(
        domain=domain(name=name, version=version, chain_id=chain.manifest.chain_id, verifying_contract=token.address),
        delegatee=delegatee,
        nonce=nonce,
        expiry=expiry,
    )
    raw = bytes(sign(typed, account).signature)
    v, r, s = raw[64], raw[:32], raw[32:64]
    chain.simulate(account.address, "TealToken", "delegateBySig", delegatee, nonce, expiry, v, r, s)
    signed = {
        "delegator": account.address,
        "delegatee": delegatee,
        "nonce": str(nonce),
        "expiry": expiry,
        "signature": "0x" + raw.hex(),
    }
    if relay is None:
        session.out.result(signed, text=json.dumps(signed, indent=2))
        session.out.progress("send it with `teal delegate --relay URL` or POST it to /relay/delegations")
        return
    result = post_to_relay(relay, "delegations", signed)
    votes = int(chain.call("TealToken", "getVotes", delegatee))
    session.out.result(
        {**signed, "votes": str(votes), "relay": result},
        text=f"{account.address} delegates to {delegatee} (relayed by {result.get('relayer')}, tx "
        f"{result.get('tx_hash')}), who now has {amount(votes, token)} of voting power",
    )


# ---- propose -------------------------------------------------------------------------------


def _actions(
    session: Session,
    transfers: list[str],
    token: str | None,
    action_file: Path | None,
    rescues: list[str] | None = None,
) -> tuple[list[str], list[int], list[bytes]]:
    from api.cli.commands.rescue import rescue_actions

    chain = session.chain
    targets: list[str] = []
    values: list[int] = []
    calldatas: list[bytes] = []
    if rescues:
        targets, values, calldatas, _ = rescue_actions(session, rescues)
    erc20 = chain.erc20(session.address(token, what="token") if token else chain.contracts["TealToken"].address)
    decimals = chain.token(erc20.address).decimals
    for entry in transfers:
        who, sep, how_much = entry.rpartition("=")
        if not sep:
            raise CliError("bad_transfer", f"--transfer {entry!r}: expected ADDRESS=AMOUNT, e.g. alice=1000")
        recipient = session.address(who, what="recipient")
        value = parse_amount(how_much, decimals, what="transfer amount")
        targets.append(erc20.address)
        values.append(0)
        calldatas.append(bytes.fromhex(erc20.encode_abi("transfer", args=[recipient, value])[2:]))
    if action_file is not None:
        for action in _read_actions(action_file):
            contract = chain.contracts.get(action.get("contract", ""))
            if contract is None:
                raise CliError(
                    "bad_action",
                    f"{action_file}: unknown contract {action.get('contract')!r}; one of {', '.join(chain.contracts)}",
                )
            try:
                data = contract.encode_abi(action["function"], args=action.get("args", []))
            except Exception as exc:  # noqa: BLE001 - web3 raises several types for bad ABI input
                raise CliError("bad_action", f"{action_file}: cannot encode {action.get('function')}: {exc}") from None
            targets.append(contract.address)
            values.append(int(action.get("value", 0)))
            calldatas.append(bytes.fromhex(data[2:]))
    if not targets:
        raise CliError(
            "no_actions",
            "a proposal needs at least one action: --transfer ADDRESS=AMOUNT, --action 'NAME ARGS' or --actions FILE",
        )
    return targets, values, calldatas


def _read_actions(path: Path) -> list[dict[str, Any]]:
    try:
        actions = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise CliError("bad_action", f"cannot read {path}: {exc}") from None
    if not isinstance(actions, list) or not all(isinstance(a, dict) and "function" in a for a in actions):
        raise CliError("bad_action", f"{path}: expected a JSON list of {{contract, function, args, value}}")
    return actions


def _signal_link(signal_id: str, api: str) -> SignalRef:
    """The closed signal vote `signal_id` on the hub at `api`, as the document's `signal`
    link; refuses one still open, canceled, without votes or below its space's quorum."""
    import httpx

    from api.content import SignalRef

    if not (signal_id.startswith("0x") and len(signal_id) == 66):
        raise CliError("bad_signal_id", f"{signal_id!r} is not a signal proposal id (0x and 64 hex digits)")
    try:
        r = httpx.get(f"{api.rstrip('/')}/snapshot/proposals/{signal_id.lower()}", timeout=30)
    except httpx.HTTPError as exc:
        raise CliError("no_api", f"cannot reach the signal hub at {api}: {exc}") from None
    if r.status_code != 200:
        detail = (
            r.json().get("error_description", r.text[:200])
            if r.headers.get("content-type", "").startswith("application/json")
            else r.text[:200]
        )
        raise CliError("bad_signal", f"signal proposal {signal_id}: {r.status_code} {detail}")
    p = r.json()
    if p["state"] != "closed" or p["scores_state"] != "final":
        raise CliError(
            "signal_not_closed",
            f"signal proposal {signal_id} is {p['state']}: only a closed signal "
            "vote can be escalated (wait for its end)",
        )
    if not p["votes"] or not p["quorum_met"]:
        raise CliError(
            "signal_no_quorum",
            f"signal proposal {signal_id} ended with {p['scores_total']:g} votes "
            f"cast, below its quorum of {p['quorum']:g}: it decided nothing",
        )
    return SignalRef(
        id=p["id"],
        ipfs=p["ipfs"],
        space=p["space"],
        choices=list(p["choices"]),
        scores=[float(x) for x in p["scores"]],
        scores_total=float(p["scores_total"]),
        quorum=float(p["quorum"]),
        votes=int(p["votes"]),
    )


@teal_command
@chain_command(sender=True)
def propose(
    session: Session,
    title: Annotated[str, typer.Option(help="Proposal title.")],
    summary: Annotated[str, typer.Option(help="One-paragraph summary.")],
    description_file: Annotated[Path | None, typer.Option(help="Markdown file with the full text.")] = None,
    transfer: Annotated[
        list[str] | None,
        typer.Option("--transfer", help="Treasury transfer ADDRESS=AMOUNT (repeat); TEAL unless --token."),
    ] = None,
    token: Annotated[str | None, typer.Option(help="ERC20 the --transfer actions pay in.")] = None,
    actions: Annotated[
        Path | None,
        typer.Option(
            "--actions", help='JSON list of {"contract": "Workstreams", "function": "fund", "args": [1, "1000"]}.'
        ),
    ] = None,
    from_signal: Annotated[
        str | None,
        typer.Option(
            "--from-signal", help="Escalate this closed signal vote (0x id): the document links its CID and result."
        ),
    ] = None,
    signal_api: Annotated[
        str, typer.Option("--api", envvar="TEAL_API_URL", help="The API serving the signal hub (with --from-signal).")
    ] = "http://127.0.0.1:8000",
    action: Annotated[
        list[str] | None,
        typer.Option(
            "--action",
            help="Governance rescue (repeat): 'force-release TASK', 'cancel-task TASK', "
            "'resolve-escalation TASK pay|release', 'add-member TEAM ACCOUNT', "
            "'remove-member TEAM ACCOUNT', 'team-rules TEAM COOLDOWN_HOURS REVIEW_HOURS ESCALATE_AFTER', "
            "'sweep TOKEN', 'sweep-board TOKEN'.",
        ),
    ] = None,
) -> None:
    """Publish a proposal document and propose its actions with the `ipfs://<cid>` description."""
    from api.content import ProposalV1

    text = ""
    if description_file is not None:
        try:
            text = description_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise CliError("bad_file", f"cannot read {description_file}: {exc.strerror or exc}") from None
    signal = _signal_link(from_signal, signal_api) if from_signal else None
    body = ProposalV1(title=title, summary=summary, description=text, signal=signal)
    targets, values, calldatas = _actions(session, transfer or [], token, actions, action)
    chain = session.chain
    account = session.unlock()
    doc = session.prepare_document(body, author=account)
    description = f"ipfs://{doc.cid}\n{title}"
    receipt = chain.transact(
        account,
        chain.contract("TealGovernor"),
        "propose",
        targets,
        values,
        calldatas,
        description,
        before_send=doc.publish,
    )
    proposal_id = int(chain.events(receipt, "TealGovernor", "ProposalCreated")[0]["proposalId"])
    summary_ = _summary(session, proposal_id)
    escalates = {"signal": signal.model_dump()} if signal else {}
    session.out.result(
        {**summary_, "document_cid": doc.cid, "description": description, **escalates, **_tx(receipt)},
        text=f"proposed {proposal_id}\n  document ipfs://{doc.cid}\n  voting from block "
        f"{summary_['snapshot'] + 1} to {summary_['deadline']}"
        + (f"\n  escalates signal vote {signal.id} (ipfs://{signal.ipfs})" if signal else ""),
    )


# ---- vote ----------------------------------------------------------------------------------


@teal_command
@chain_command(sender=True)
def vote(
    session: Session,
    proposal: ProposalArg,
    support: Annotated[str, typer.Argument(help="for, against or abstain.")],
    reason: Annotated[str | None, typer.Option(help="Why (recorded on chain with the vote).")] = None,
    relay: Annotated[
        str | None,
        typer.Option(help="Sign the ballot (no gas) and have this API's /relay/votes send it (with --reason too)."),
    ] = None,
) -> None:
    """Vote on an active proposal with the voting power you had at its snapshot."""
    from api.chain.errors import amount

    proposal_id = _proposal_id(proposal)
    if support.lower() not in SUPPORT:
        raise CliError("bad_support", f"{support!r}: vote for, against or abstain")
    chain = session.chain
    account = session.unlock()
    state = ProposalState(int(chain.call("TealGovernor", "state", proposal_id)))
    if state == ProposalState.ACTIVE:
        snapshot = int(chain.call("TealGovernor", "proposalSnapshot", proposal_id))
        weight = int(chain.call("TealGovernor", "getVotes", account.address, snapshot))
        if weight == 0:
            raise CliError(
                "insufficient_voting_power",
                f"{account.address} had no voting power at proposal {proposal_id}'s snapshot (block {snapshot}): "
                "only tokens delegated before a proposal starts count (`teal delegate` now counts for later ones)",
            )
    governor = chain.contract("TealGovernor")
    if relay is not None:
        _vote_by_signature(session, account, proposal_id, SUPPORT[support.lower()], relay, reason)
        return
    if reason:
        receipt = chain.transact(account, governor, "castVoteWithReason", proposal_id, SUPPORT[support.lower()], reason)
    else:
        receipt = chain.transact(account, governor, "castVote", proposal_id, SUPPORT[support.lower()])
    weight = int(chain.events(receipt, "TealGovernor", "VoteCast")[0]["weight"])
    summary = _summary(session, proposal_id)
    token = chain.token(chain.contracts["TealToken"].address)
    tally = _tally_text(session, summary)
    session.out.result(
        {**summary, "voter": account.address, "support": support.lower(), "weight": str(weight), **_tx(receipt)},
        text=f"voted {support.lower()} with {amount(weight, token)}; tally: {tally}",
    )


def _vote_by_signature(
    session: Session, account: Any, proposal_id: int, support: int, relay: str, reason: str | None
) -> None:
    from api.chain.typed_data import ballot, domain, extended_ballot, sign
    from api.cli.commands.session import post_to_relay

    chain = session.chain
    governor = chain.contract("TealGovernor")
    signed_domain = domain(
        name=chain.call("TealGovernor", "name"), chain_id=chain.manifest.chain_id, verifying_contract=governor.address
    )
    nonce = int(chain.call("TealGovernor", "nonces", account.address))
    # With a reason the voter signs OpenZeppelin's ExtendedBallot (castVoteWithReasonAndParamsBySig).
    if reason:
        typed = extended_ballot(
            domain=signed_domain,
            proposal_id=proposal_id,
            support=support,
            voter=account.address,
            nonce=nonce,
            reason=reason,
        )
    else:
        typed = ballot(
            domain=signed_domain, proposal_id=proposal_id, support=support, voter=account.address, nonce=nonce
        )
    signature = "0x" + bytes(sign(typed, account).signature).hex()
    raw = bytes.fromhex(signature[2:])
    if reason:
        chain.simulate(
            account.address,
            "TealGovernor",
            "castVoteWithReasonAndParamsBySig",
            proposal_id,
            support,
            account.address,
            reason,
            b"",
            raw,
        )
    else:
        chain.simulate(account.address, "TealGovernor", "castVoteBySig", proposal_id, support, account.address, raw)
    payload: dict[str, Any] = {
        "proposal_id": str(proposal_id),
        "support": support,
        "voter": account.address,
        "signature": signature,
    }
    if reason:
        payload["reason"] = reason
    result = post_to_relay(relay, "votes", payload)
    summary = _summary(session, proposal_id)
    session.out.result(
        {**summary, "voter": account.address, "relay": result},
        text=f"vote relayed by {result.get('relayer')} (tx {result.get('tx_hash')}); "
        f"tally: {_tally_text(session, summary)}",
    )


# ---- queue / execute / show ----------------------------------------------------------------


def _created(session: Session, proposal_id: int) -> dict[str, Any]:
    for event in session.chain.logs("TealGovernor", "ProposalCreated"):
        if int(event["args"]["proposalId"]) == proposal_id:
            return dict(event["args"])
    session.chain.call("TealGovernor", "state", proposal_id)  # reverts GovernorNonexistentProposal, explained
    raise CliError("no_proposal", f"no ProposalCreated event for proposal {proposal_id} since the deployment")


def _lifecycle_args(session: Session, proposal_id: int) -> tuple[Any, ...]:
    from eth_utils import keccak

    created = _created(session, proposal_id)
    return (
        list(created["targets"]),
        list(created["values"]),
        list(created["calldatas"]),
        keccak(text=created["description"]),
    )


@teal_command
@chain_command(sender=True)
def queue(session: Session, proposal: ProposalArg) -> None:
    """Queue a succeeded proposal in the timelock."""
    from api.chain.errors import when

    proposal_id = _proposal_id(proposal)
    chain = session.chain
    args = _lifecycle_args(session, proposal_id)
    account = session.unlock()
    receipt = chain.transact(account, chain.contract("TealGovernor"), "queue", *args)
    eta = int(chain.call("TealGovernor", "proposalEta", proposal_id))
    session.out.result(
        {**_summary(session, proposal_id), "eta": eta, **_tx(receipt)},
        text=f"queued {proposal_id}; executable from {when(eta)}",
    )


@teal_command
@chain_command(sender=True)
def execute(session: Session, proposal: ProposalArg) -> None:
    """Execute a queued proposal once the timelock delay has passed."""
    from api.chain.errors import when

    proposal_id = _proposal_id(proposal)
    chain = session.chain
    args = _lifecycle_args(session, proposal_id)
    if ProposalState(int(chain.call("TealGovernor", "state", proposal_id))) == ProposalState.QUEUED:
        eta = int(chain.call("TealGovernor", "proposalEta", proposal_id))
        _, now = chain.head()
        if now < eta:
            raise CliError(
                "timelock_pending",
                f"proposal {proposal_id} is queued; the timelock releases it at "
                f"{when(eta)} (in {(eta - now + 59) // 60} min)",
            )
    account = session.unlock()
    receipt = chain.transact(account, chain.contract("TealGovernor"), "execute", *args)
    session.out.result({**_summary(session, proposal_id), **_tx(receipt)}, text=f"executed {proposal_id}")


@teal_command
@chain_command(sender=True)
def cancel(session: Session, proposal: ProposalArg) -> None:
    """Cancel your own proposal while it is pending (before voting opens); Governor.cancel."""
    proposal_id = _proposal_id(proposal)
    chain = session.chain
    from eth_utils import keccak

    created = _created(session, proposal_id)
    args = (
        list(created["targets"]),
        list(created["values"]),
        list(created["calldatas"]),
        keccak(text=created["description"]),
    )
    account = session.unlock()
    state = ProposalState(int(chain.call("TealGovernor", "state", proposal_id)))
    if state != ProposalState.PENDING:
        raise CliError(
            "proposal_not_pending",
            f"proposal {proposal_id} is {state.title}: its proposer can cancel it only while it is "
            "pending, before voting opens",
        )
    if created["proposer"].lower() != account.address.lower():
        raise CliError(
            "not_proposer",
            f"only {created['proposer']}, who proposed {proposal_id}, can cancel it ({account.address} cannot)",
        )
    receipt = chain.transact(account, chain.contract("TealGovernor"), "cancel", *args)
    session.out.result(
        {**_summary(session, proposal_id), "canceled_by": account.address, **_tx(receipt)},
        text=f"canceled {proposal_id}; it can no longer be voted on",
    )


@teal_command
@chain_command()
def proposal(session: Session, proposal: ProposalArg) -> None:
    """Show a proposal: state, tallies, voting window, document."""
    proposal_id = _proposal_id(proposal)
    summary = _summary(session, proposal_id)
    created = _created(session, proposal_id)
    summary["description"] = created["description"]
    summary["proposer"] = created["proposer"]
    head, _ = session.chain.head()
    pairs = [
        ("proposal", proposal_id),
        ("state", summary["state"]),
        ("proposer", created["proposer"]),
        ("description", created["description"]),
        ("voting", f"blocks {summary['snapshot'] + 1}..{summary['deadline']} (now {head})"),
        ("tally", _tally_text(session, summary)),
    ]
    session.out.result(summary, table=fields(None, pairs))


def register(root: typer.Typer) -> None:
    # `proposal` (show) is registered by api/cli/commands/proposals.py, as `teal proposal show|ID`.
    for command in (propose, vote, delegate, queue, execute):
        root.command(command.__name__)(command)
