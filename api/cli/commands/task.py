"""`teal task ...`: the task board from a contributor's and a reviewer's side.

Reads (`list`, `show`) come straight from the chain: the TaskBoard's views for state and its
events for the documents (spec, submissions, reviews), so they need no indexer or API and are
never stale. Writes build the document (task spec, submission, review), sign it with the
sender's key, check the transaction against the chain, publish the document, then send.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from api.chain.types import ClaimTerms, TaskInfo, TaskStatus, WorkstreamInfo
from api.cli.commands.failures import teal_command
from api.cli.commands.output import fields, table
from api.cli.commands.session import (
    CliError,
    Session,
    chain_command,
    parse_amount,
    post_to_relay,
)

if TYPE_CHECKING:  # web3 loads only when a command talks to a chain (`teal --help` stays quick)
    from api.chain.client import Token

app = typer.Typer(
    help="Tasks: list, show, create, claim, submit, review, release, finalize, escalate.", no_args_is_help=True
)

TaskArg = Annotated[int, typer.Argument(help="Task id.", min=1)]
DAY = 86_400


def _task(session: Session, task_id: int) -> dict[str, Any]:
    """The task's stored state (reverts TaskUnknown, explained, for an unknown id)."""
    from api.chain.errors import amount

    chain = session.chain
    info = chain.view(TaskInfo, "TaskBoard", "task", task_id)
    token = _team_token(session, info.workstream_id)
    claimed = info.status in (TaskStatus.CLAIMED, TaskStatus.SUBMITTED)
    paid = info.status == TaskStatus.PAID  # a paid task keeps its claimant (who was paid), not its deadline
    return {
        "id": task_id,
        "workstream_id": info.workstream_id,
        "parent_id": info.parent_id,
        "status": info.status.label,
        "claimant": info.claimant if claimed or paid else None,
        "claim_expiry": info.claim_expiry if claimed else None,
        "claim_duration": info.claim_duration,
        "reward": str(info.reward),
        "reward_text": amount(info.reward, token),
        "bond": str(info.bond),
        "approvals": info.approvals,
        "round": info.round,
        "submitted_at": info.submitted_at or None,
        "escalated": info.escalated,
        "token": token.address,
    }


_TEAM_TOKENS: dict[int, Token] = {}


def _team_token(session: Session, workstream_id: int) -> Token:
    """The budget token of a workstream (fixed at creation, so asked once per command)."""
    if workstream_id not in _TEAM_TOKENS:
        _TEAM_TOKENS[workstream_id] = session.chain.token(
            session.chain.view(WorkstreamInfo, "Workstreams", "workstream", workstream_id).token
        )
    return _TEAM_TOKENS[workstream_id]


# Events of one task, in the order a task lives them; `task show` lists them as its history.
HISTORY_EVENTS = [
    "TaskCreated",
    "TaskClaimed",
    "TaskAbandoned",
    "TaskReopened",
    "TaskSubmitted",
    "TaskApproved",
    "TaskRejected",
    "TaskPaid",
    "TaskCancelled",
    "TaskReleaseVoted",
    "TaskReleased",
    "TaskCancelledByGovernance",
    "TaskFinalized",
    "TaskEscalated",
    "TaskEscalationResolved",
]
# The argument that says who acted, per event (governance's own events name no one).
_ACTOR = {
    "TaskCreated": "creator",
    "TaskClaimed": "claimant",
    "TaskAbandoned": "claimant",
    "TaskReopened": "reopenedBy",
    "TaskSubmitted": "claimant",
    "TaskApproved": "reviewer",
    "TaskRejected": "reviewer",
    "TaskPaid": "claimant",
    "TaskCancelled": "by",
    "TaskReleaseVoted": "member",
    "TaskFinalized": "by",
    "TaskEscalated": "claimant",
}
_DOCUMENT = {
    "TaskCreated": "specCid",
    "TaskSubmitted": "deliverableCid",
    "TaskApproved": "reasonCid",
    "TaskRejected": "reasonCid",
}


def _history(session: Session, task_id: int) -> list[dict[str, Any]]:
    found = []
    for name in HISTORY_EVENTS:
        for event in session.chain.logs("TaskBoard", name, filters={"taskId": task_id}):
            args = event["args"]
            found.append(
                {
                    "event": name,
                    "block": int(event["blockNumber"]),
                    "log_index": int(event["logIndex"]),
                    "tx_hash": "0x" + bytes(event["transactionHash"]).hex(),
                    "by": args.get(_ACTOR[name]) if name in _ACTOR else None,
                    "document": args.get(_DOCUMENT.get(name, ""), None),
                }
            )
    return sorted(found, key=lambda e: (e["block"], e["log_index"]))


def _spec_cids(session: Session, task_id: int | None = None) -> dict[int, str]:
    filters = {"taskId": task_id} if task_id is not None else None
    return {
        int(e["args"]["taskId"]): e["args"]["specCid"]
        for e in session.chain.logs("TaskBoard", "TaskCreated", filters=filters)
    }


def _read_body(session: Session, cid: str | None) -> dict[str, Any] | None:
    if not cid:
        return None
    from api.content import ContentError, read_document

    try:
        return read_document(store=session.store(), cid=cid, domain=session.signing_domain()).document.body_json
    except ContentError:
        return None


def _latest_submission(session: Session, task_id: int) -> dict[str, Any]:
    events = session.chain.logs("TaskBoard", "TaskSubmitted", filters={"taskId": task_id})
    if not events:
        raise CliError("no_submission", f"task {task_id} has no submission yet")
    return dict(events[-1]["args"])


# ---- reads ---------------------------------------------------------------------------------


@app.command("list")
@teal_command
@chain_command()
def list_tasks(
    session: Session,
    status: Annotated[str | None, typer.Option(help="open, claimed, submitted, paid or cancelled.")] = None,
    workstream: Annotated[int | None, typer.Option(help="Only this workstream's tasks.")] = None,
    claimant: Annotated[
        str | None, typer.Option(help="Only tasks claimed by this address or account (claimed, submitted or paid).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many, newest first.")] = 50,
) -> None:
    """List tasks, newest first, read from the chain."""
    from api.chain.errors import short, when

    if status is not None and status not in TaskStatus.labels():
        raise CliError("bad_status", f"unknown status {status!r}; one of {', '.join(TaskStatus.labels())}")
    who = session.address(claimant, what="claimant") if claimant else None
    count = int(session.chain.call("TaskBoard", "taskCount"))
    specs = _spec_cids(session)
    titles_readable = session.settings.store == "local"  # an IPFS node would cost a request per row
    tasks = []
    for task_id in range(count, 0, -1):
        task = _task(session, task_id)
        if status and task["status"] != status or workstream is not None and task["workstream_id"] != workstream:
            continue
        if who and (task["claimant"] or "").lower() != who.lower():
            continue
        task["spec_cid"] = specs.get(task_id)
        body = _read_body(session, task["spec_cid"]) if titles_readable else None
        task["title"] = body.get("title") if body else None
        tasks.append(task)
        if len(tasks) >= limit:
            break
    rows = [
        (
            t["id"],
            t["workstream_id"],
            t["status"],
            t["reward_text"],
            short(t["claimant"]) if t["claimant"] else "",
            when(t["claim_expiry"]) if t["claim_expiry"] else "",
            t["title"] or "",
        )
        for t in tasks
    ]
    session.out.result(
        tasks,
        table=table(
            f"tasks ({len(tasks)} of {count})",
            ["id", "team", "status", "reward", "claimant", "claim until", "title"],
            rows,
        ),
    )


@app.command("show")
@teal_command
@chain_command()
def show(session: Session, task_id: TaskArg) -> None:
    """One task: state, spec document, latest submission, and its history from the chain's events."""
    from api.chain.errors import short, when

    task = _task(session, task_id)
    task["spec_cid"] = _spec_cids(session, task_id).get(task_id)
    task["spec"] = _read_body(session, task["spec_cid"])
    submissions = session.chain.logs("TaskBoard", "TaskSubmitted", filters={"taskId": task_id})
    task["submission"] = None
    if submissions:
        last = submissions[-1]["args"]
        task["submission"] = {
            "cid": last["deliverableCid"],
            "round": int(last["round"]),
            "contributors": list(last["contributors"]),
            "shares": [int(s) for s in last["shares"]],
        }
    spec = task["spec"] or {}
    pairs = [
        ("task", task_id),
        ("title", spec.get("title")),
        ("workstream", task["workstream_id"]),
        ("status", task["status"]),
        ("reward", task["reward_text"]),
        ("claimant", task["claimant"]),
        ("claim until", when(task["claim_expiry"]) if task["claim_expiry"] else None),
        ("approvals", f"{task['approvals']} (round {task['round']})"),
        ("review window until", _review_window_text(session, task)),
        ("escalated", "yes: reviews wait for governance" if task["escalated"] else None),
        ("spec", task["spec_cid"]),
        ("criteria", "; ".join(spec.get("acceptance_criteria", [])) or None),
        ("submission", task["submission"]["cid"] if task["submission"] else None),
    ]
    task["history"] = _history(session, task_id)
    if not session.out.json_mode:
        session.out.result(task, table=fields(None, [(k, v) for k, v in pairs if v is not None]))
        rows = [
            (e["block"], e["event"].removeprefix("Task"), short(e["by"]) if e["by"] else "", e["document"])
            for e in task["history"]
        ]
        session.out.result(task, table=table("history", ["block", "event", "by", "document"], rows))
        return
    session.out.result(task)


def _review_window_text(session: Session, task: dict[str, Any]) -> str | None:
    """When a submission can be finalised by anyone, if its team sets a review window."""
    from api.chain.errors import when

    if task["status"] != "submitted" or not task["submitted_at"]:
        return None
    window = int(session.chain.call("Workstreams", "teamRules", task["workstream_id"])[1])
    if not window:
        return None
    return f"{when(task['submitted_at'] + window)} (then `teal task finalize {task['id']}`)"


# ---- writes --------------------------------------------------------------------------------


def _sent(session: Session, receipt: Any, data: dict[str, Any], text: str) -> None:
    data = {**data, "tx_hash": "0x" + bytes(receipt["transactionHash"]).hex(), "block": int(receipt["blockNumber"])}
    session.out.result(data, text=text)


@app.command("create")
@teal_command
@chain_command(sender=True, relay=True)
def create(
    session: Session,
    workstream: Annotated[int, typer.Option(help="Workstream (team) id.", min=1)],
    reward: Annotated[str, typer.Option(help="Reward in the team's budget token: 150, 2.5 or 25wei.")],
    title: Annotated[str, typer.Option(help="Task title.")],
    description: Annotated[str, typer.Option(help="What to do.")],
    criterion: Annotated[list[str], typer.Option("--criterion", help="Acceptance criterion (repeat).")],
    parent: Annotated[int, typer.Option(help="Parent task id: a subtask paid from its reward.")] = 0,
    claim_days: Annotated[float, typer.Option(help="Days a claim lasts; 0 takes the team's.")] = 0,
    addresses_post: Annotated[str | None, typer.Option(help="CID of the post whose problem this solves.")] = None,
) -> None:
    """Create a task (members only): publish its spec, reserve its reward from the team's budget."""
    from api.content import TaskSpecV1

    chain = session.chain
    token = chain.token(chain.view(WorkstreamInfo, "Workstreams", "workstream", workstream).token)
    amount = parse_amount(reward, token.decimals, what="reward")
    body = TaskSpecV1(
        title=title,
        description=description,
        acceptance_criteria=list(criterion),
        reward_wei=str(amount),
        workstream_id=workstream,
        addresses_post=addresses_post,
    )
    account = session.unlock()
    doc = session.prepare_document(body, author=account)
    receipt = chain.transact(
        account,
        chain.contract("TaskBoard"),
        "createTask",
        workstream,
        parent,
        amount,
        int(claim_days * DAY),
        doc.cid,
        before_send=doc.publish,
    )
    task_id = int(chain.events(receipt, "TaskBoard", "TaskCreated")[0]["taskId"])
    _sent(
        session,
        receipt,
        {"task_id": task_id, "spec_cid": doc.cid, "reward": str(amount)},
        f"created task {task_id} in workstream {workstream} (spec {doc.cid})",
    )


@app.command("claim")
@teal_command
@chain_command(sender=True, relay=True)
def claim(session: Session, task_id: TaskArg) -> None:
    """Claim an open task (posting the team's bond, if it asks for one). With --relay the bond is
    approved by an EIP-2612 permit inside the same relayed request: no ETH needed at all."""
    from api.chain.errors import amount, when

    chain = session.chain
    account = session.unlock()
    info = chain.view(TaskInfo, "TaskBoard", "task", task_id)
    bond = chain.view(ClaimTerms, "Workstreams", "claimTerms", info.workstream_id).claim_bond
    permit: tuple[Any, ...] | None = None
    if bond and info.status == TaskStatus.OPEN and session.relay:
        permit = _bond_permit(session, account, task_id, info.workstream_id, int(bond))
    elif bond and info.status == TaskStatus.OPEN:
        token_address = chain.view(WorkstreamInfo, "Workstreams", "workstream", info.workstream_id).token
        escrow = chain.contract("Workstreams").address
        erc20 = chain.erc20(token_address)
        held = int(erc20.functions.balanceOf(account.address).call())
        if held < bond:
            token = chain.token(token_address)
            raise CliError(
                "bond_balance",
                f"claiming task {task_id} posts a bond of {amount(bond, token)} "
                f"(workstream {info.workstream_id}'s), and {account.address} holds "
                f"{amount(held, token)}: get at least {amount(bond, token)} first",
            )
        if erc20.functions.allowance(account.address, escrow).call() < bond:
            session.out.progress(f"approving the claim bond of {amount(bond, chain.token(token_address))}")
            chain.transact(account, erc20, "approve", escrow, bond, name="budget token")
    # The claim carries the reward and bond read here: if either changes before it is mined
    # (a subtask carved out of the reward, a raised bond), the chain refuses it.
    if permit is not None:
        receipt = chain.transact(
            account, chain.contract("TaskBoard"), "claimWithPermit", task_id, info.reward, int(bond), *permit
        )
    else:
        receipt = chain.transact(account, chain.contract("TaskBoard"), "claim", task_id, info.reward, int(bond))
    event = chain.events(receipt, "TaskBoard", "TaskClaimed")[0]
    text = f"claimed task {task_id} until {when(event['expiry'])}"
    if int(event["bond"]):
        token = _team_token(session, info.workstream_id)
        text += (
            f"; posted a bond of {amount(event['bond'], token)} (returned with the reward; "
            "forfeited to the team if you abandon the task or the claim expires)"
        )
    bond_token = _team_token(session, info.workstream_id).address
    _sent(
        session,
        receipt,
        {
            "task_id": task_id,
            "claimant": account.address,
            "expiry": int(event["expiry"]),
            "bond": str(event["bond"]),
            "bond_token": bond_token,
        },
        text,
    )


def _bond_permit(session: Session, account: Any, task_id: int, workstream_id: int, bond: int) -> tuple[Any, ...] | None:
    """(deadline, v, r, s) of the claimant's EIP-2612 permit for the bond, for claimWithPermit; None
    when the allowance already covers it. Refused, in one line, when the claimant lacks the
    tokens or the team's token has no permit."""
    from api.chain.errors import amount
    from api.chain.forwarding import PERMIT_ABI, sign_permit

    chain = session.chain
    token = _team_token(session, workstream_id)
    escrow = chain.contract("Workstreams").address
    erc20 = chain.erc20(token.address)
    held = int(erc20.functions.balanceOf(account.address).call())
    if held < bond:
        raise CliError(
            "bond_balance",
            f"claiming task {task_id} posts a bond of {amount(bond, token)} "
            f"(workstream {workstream_id}'s), and {account.address} holds "
            f"{amount(held, token)}: get at least {amount(bond, token)} first",
        )
    if int(erc20.functions.allowance(account.address, escrow).call()) >= bond:
        return None
    _, now = chain.head()
    deadline = now + 3600
    try:
        v, r, s = sign_permit(
            account,
            chain.w3.eth.contract(address=token.address, abi=PERMIT_ABI),
            spender=escrow,
            value=bond,
            deadline=deadline,
            chain_id=chain.manifest.chain_id,
        )
    except Exception:  # noqa: BLE001 - no eip712Domain/nonces: the token has no permit
        raise CliError(
            "no_permit",
            f"the bond's token {token.symbol} ({token.address}) has no EIP-2612 permit: "
            f"approve the bond with `teal task approve-bond {task_id}` (needs gas), then "
            "claim with --relay",
        ) from None
    session.out.progress(
        f"permitting the Workstreams escrow to take the bond of {amount(bond, token)} (in the same relayed request)"
    )
    return (deadline, v, r, s)


@app.command("claim-by-signature")
@teal_command
@chain_command(sender=True)
def claim_by_signature(
    session: Session,
    task_id: TaskArg,
    relay: Annotated[str | None, typer.Option(help="Send the signature to this API's /relay/claims.")] = None,
    valid_minutes: Annotated[int, typer.Option(min=1, max=7 * 24 * 60, help="Minutes the signature stays valid.")] = 60,
) -> None:
    """Sign an EIP-712 claim (no gas needed): print it, or have a relay (--relay URL) send it."""
    import json

    from api.chain.typed_data import board_domain, claim, claim_nonce, sign

    chain = session.chain
    account = session.unlock()
    board = chain.contract("TaskBoard")
    bond_note = _check_bond_for_signed_claim(session, task_id, account.address, session.sender)
    # The signature binds the task's current reward and bond; its nonce is a fresh random one
    # (nonces are unordered: a pending signature never blocks another).
    info = chain.view(TaskInfo, "TaskBoard", "task", task_id)
    reward = info.reward
    max_bond = chain.view(ClaimTerms, "Workstreams", "claimTerms", info.workstream_id).claim_bond
    nonce = claim_nonce()
    _, now = chain.head()
    deadline = now + valid_minutes * 60
    typed = claim(
        domain=board_domain(chain_id=chain.manifest.chain_id, verifying_contract=board.address),
        task_id=task_id,
        claimant=account.address,
        reward=reward,
        max_bond=max_bond,
        nonce=nonce,
        deadline=deadline,
    )
    signature = "0x" + bytes(sign(typed, account).signature).hex()
    # The chain is asked now, so a task that cannot be claimed fails here, not at the relay.
    chain.simulate(
        account.address,
        "TaskBoard",
        "claimBySig",
        task_id,
        account.address,
        reward,
        max_bond,
        nonce,
        deadline,
        bytes.fromhex(signature[2:]),
    )
    signed = {
        "task_id": task_id,
        "claimant": account.address,
        "reward": str(reward),
        "max_bond": str(max_bond),
        "nonce": str(nonce),
        "deadline": deadline,
        "signature": signature,
    }
    if bond_note:
        session.out.progress(bond_note)
    if relay is None:
        if session.out.json_mode:
            session.out.result(signed)
        else:
            print(json.dumps(signed, indent=2))
            session.out.progress("send it with `teal task claim-by-signature --relay URL` or POST it to /relay/claims")
        return
    result = post_to_relay(relay, "claims", signed)
    session.out.result(
        {**signed, "relay": result},
        text=f"task {task_id} claimed for {account.address} by relayer {result.get('relayer')} "
        f"(tx {result.get('tx_hash')})",
    )


def _check_bond_for_signed_claim(session: Session, task_id: int, claimant: str, sender: str | None) -> str | None:
    """A claim by signature on a bonded team still takes the bond from the claimant: their
    tokens, through an allowance to the Workstreams escrow that only they can give (with gas).
    Refuse up front when that cannot work; else the line that says what the claim will take."""
    from api.chain.errors import amount

    chain = session.chain
    info = chain.view(TaskInfo, "TaskBoard", "task", task_id)  # an unknown task reverts TaskUnknown, explained
    bond = chain.view(ClaimTerms, "Workstreams", "claimTerms", info.workstream_id).claim_bond
    if not bond or info.status != TaskStatus.OPEN:  # no bond; or a task not open, which the chain explains next
        return None
    token = _team_token(session, info.workstream_id)
    erc20 = chain.erc20(token.address)
    escrow = chain.contract("Workstreams").address
    held = int(erc20.functions.balanceOf(claimant).call())
    allowed = int(erc20.functions.allowance(claimant, escrow).call())
    posts = f"claiming task {task_id} posts a bond of {amount(bond, token)} (workstream {info.workstream_id}'s)"
    if held < bond:
        raise CliError(
            "bond_balance",
            f"{posts}, and {claimant} holds {amount(held, token)}: get at least "
            f"{amount(bond, token)} first (a relay cannot post the bond for you)",
        )
    if allowed < bond:
        raise CliError(
            "bond_allowance",
            f"{posts}, taken by the Workstreams escrow {escrow}, which {claimant} has "
            f"allowed {amount(allowed, token)}: approve it first with "
            f"`teal task approve-bond {task_id} --from {sender or claimant}` (needs gas), "
            "then sign again",
        )
    return f"{posts}, taken from {claimant} when the claim is sent; returned with the reward"


@app.command("abandon")
@teal_command
@chain_command(sender=True, relay=True)
def abandon(session: Session, task_id: TaskArg) -> None:
    """Give up your claim; the task reopens (a bond, if posted, goes to the team)."""
    account = session.unlock()
    receipt = session.chain.transact(account, session.chain.contract("TaskBoard"), "abandon", task_id)
    _sent(session, receipt, {"task_id": task_id}, f"abandoned task {task_id}; it is open again")


@app.command("reopen")
@teal_command
@chain_command(sender=True, relay=True)
def reopen(session: Session, task_id: TaskArg) -> None:
    """Reopen a task whose claim has expired (anyone may)."""
    account = session.unlock()
    receipt = session.chain.transact(account, session.chain.contract("TaskBoard"), "reopenExpired", task_id)
    _sent(session, receipt, {"task_id": task_id}, f"reopened task {task_id}")


@app.command("cancel")
@teal_command
@chain_command(sender=True, relay=True)
def cancel(session: Session, task_id: TaskArg) -> None:
    """Cancel an open task (members only); its reward returns to the budget or the parent."""
    account = session.unlock()
    receipt = session.chain.transact(account, session.chain.contract("TaskBoard"), "cancel", task_id)
    _sent(session, receipt, {"task_id": task_id}, f"cancelled task {task_id}")


@app.command("release")
@teal_command
@chain_command(sender=True)
def release(session: Session, task_id: TaskArg) -> None:
    """Vote (members only) to release a claim that makes no progress; at the team's approval
    threshold the task reopens, the bond goes back and the claimant waits the team's cool-down."""
    account = session.unlock()
    chain = session.chain
    receipt = chain.transact(account, chain.contract("TaskBoard"), "voteRelease", task_id)
    voted = chain.events(receipt, "TaskBoard", "TaskReleaseVoted")[0]
    released = bool(chain.events(receipt, "TaskBoard", "TaskReleased"))
    votes, required = int(voted["votes"]), int(voted["required"])
    text = f"voted to release {voted['claimant']}'s claim on task {task_id} ({votes} of {required} votes)"
    text += "; released: the task is open again" if released else ""
    _sent(
        session,
        receipt,
        {"task_id": task_id, "claimant": voted["claimant"], "votes": votes, "required": required, "released": released},
        text,
    )


@app.command("finalize")
@teal_command
@chain_command(sender=True)
def finalize(session: Session, task_id: TaskArg) -> None:
    """Pay a submission nobody rejected within its team's review window (lazy consensus; anyone may)."""
    from api.chain.errors import amount

    account = session.unlock()
    chain = session.chain
    info = chain.view(TaskInfo, "TaskBoard", "task", task_id)
    if info.status != TaskStatus.SUBMITTED:  # let the contract say why, with context
        chain.simulate(account.address, "TaskBoard", "finalize", task_id, [], [])
    last = _latest_submission(session, task_id)
    receipt = chain.transact(
        account, chain.contract("TaskBoard"), "finalize", task_id, list(last["contributors"]), list(last["shares"])
    )
    paid = chain.events(receipt, "TaskBoard", "TaskPaid")[0]
    token = _team_token(session, info.workstream_id)
    _sent(
        session,
        receipt,
        {"task_id": task_id, "reward": str(paid["reward"]), "claimant": paid["claimant"]},
        f"finalised task {task_id} (no rejection within the review window); paid {amount(paid['reward'], token)}"
        f" to {paid['claimant']}" + (" and its co-contributors" if last["contributors"] else ""),
    )


def _top_rejecter(session: Session, task_id: int, claimant: str) -> str | None:
    """The member who rejected `claimant`'s work on the task most often (None if nobody did)."""
    chain = session.chain
    reviewers = {e["args"]["reviewer"] for e in chain.logs("TaskBoard", "TaskRejected", filters={"taskId": task_id})}
    counts = {r: int(chain.call("TaskBoard", "rejections", task_id, claimant, r)) for r in reviewers}
    counts = {r: n for r, n in counts.items() if n}
    return max(counts, key=lambda r: counts[r]) if counts else None


@app.command("escalate")
@teal_command
@chain_command(sender=True)
def escalate(
    session: Session,
    task_id: TaskArg,
    reviewer: Annotated[
        str | None,
        typer.Option(help="The member whose repeated rejections you escalate (default: who rejected you most)."),
    ] = None,
) -> None:
    """Escalate your submission to governance after one member rejected it as often as the
    team allows; reviews then wait for governance to pay it or release the claim."""
    who = session.address(reviewer, what="reviewer") if reviewer else None
    account = session.unlock()
    chain = session.chain
    info = chain.view(TaskInfo, "TaskBoard", "task", task_id)
    if who is None:
        if info.status != TaskStatus.SUBMITTED:  # the contract says why
            chain.simulate(account.address, "TaskBoard", "escalate", task_id, account.address)
        who = _top_rejecter(session, task_id, account.address)
        if who is None:
            raise CliError(
                "no_rejection",
                f"nobody rejected {account.address}'s work on task {task_id}: "
                "escalation follows one member's repeated rejections",
            )
    receipt = chain.transact(account, chain.contract("TaskBoard"), "escalate", task_id, who)
    event = chain.events(receipt, "TaskBoard", "TaskEscalated")[0]
    _sent(
        session,
        receipt,
        {"task_id": task_id, "reviewer": who, "rejections": int(event["rejections"])},
        f"escalated task {task_id} to governance after {int(event['rejections'])} rejection(s) by {who}; "
        "a proposal can now pay it or release the claim "
        f"(`teal propose --action 'resolve-escalation {task_id} pay' ...`)",
    )


@app.command("cancel-nonces")
@teal_command
@chain_command(sender=True)
def cancel_nonces(
    session: Session,
    nonce: Annotated[list[str], typer.Argument(help="Claim-signature nonces to revoke (decimal, as signed).")],
) -> None:
    """Revoke claim signatures you gave (say to a relay that failed) by cancelling their nonces."""
    words: dict[int, int] = {}
    for text in nonce:
        if not text.isdigit() or int(text) >= 2**256:
            raise CliError("bad_nonce", f"{text!r} is not a claim nonce (a decimal number below 2**256)")
        words[int(text) >> 8] = words.get(int(text) >> 8, 0) | 1 << (int(text) & 0xFF)
    account = session.unlock()
    chain = session.chain
    already = [n for n in nonce if chain.call("TaskBoard", "isNonceUsed", account.address, int(n))]
    receipt = None
    for word_pos, mask in sorted(words.items()):
        receipt = chain.transact(account, chain.contract("TaskBoard"), "cancelClaimNonces", word_pos, mask)
    text = f"cancelled {len(nonce)} claim nonce(s) of {account.address}: signatures made with them can no longer claim"
    if already:
        text += f" ({', '.join(already)} already used or cancelled)"
    _sent(
        session,
        receipt,
        {"claimant": account.address, "nonces": nonce, "already_used": already, "transactions": len(words)},
        text,
    )


def _split(session: Session, entries: list[str]) -> tuple[list[str], list[int]]:
    contributors, shares = [], []
    for entry in entries:
        who, sep, bps = entry.rpartition("=")
        if not sep or not bps.isdigit():
            raise CliError("bad_split", f"--split {entry!r}: expected ADDRESS=BASIS_POINTS, e.g. 0xAb..=2500")
        contributors.append(session.address(who, what="contributor"))
        shares.append(int(bps))
    return contributors, shares


@app.command("submit")
@teal_command
@chain_command(sender=True, relay=True)
def submit(
    session: Session,
    task_id: TaskArg,
    summary: Annotated[str, typer.Option(help="What you did.")],
    deliverable: Annotated[list[str], typer.Option("--deliverable", help="LABEL=URI of a deliverable (repeat).")],
    notes: Annotated[str, typer.Option(help="Anything reviewers should know.")] = "",
    split: Annotated[
        list[str] | None, typer.Option("--split", help="ADDRESS=BASIS_POINTS per co-contributor (repeat; sum 10000).")
    ] = None,
) -> None:
    """Submit your work on a claimed task: publish the submission, optionally split the reward."""
    from api.content import SubmissionV1
    from api.content.schemas import Deliverable

    items = []
    for entry in deliverable:
        label, sep, uri = entry.partition("=")
        if not sep or not label or not uri:
            raise CliError("bad_deliverable", f"--deliverable {entry!r}: expected LABEL=URI")
        items.append(Deliverable(label=label, uri=uri))
    contributors, shares = _split(session, split or [])
    chain = session.chain
    account = session.unlock()
    spec_cid = _spec_cids(session, task_id).get(task_id)
    if spec_cid is None:
        chain.call("TaskBoard", "task", task_id)  # an unknown task reverts TaskUnknown, explained
        raise CliError("no_spec", f"task {task_id} has no TaskCreated event on this chain")
    body = SubmissionV1(task_spec=spec_cid, task_id=task_id, summary=summary, deliverables=items, notes=notes)
    doc = session.prepare_document(body, author=account)
    receipt = chain.transact(
        account, chain.contract("TaskBoard"), "submit", task_id, doc.cid, contributors, shares, before_send=doc.publish
    )
    _sent(
        session,
        receipt,
        {"task_id": task_id, "submission_cid": doc.cid},
        f"submitted task {task_id} (submission {doc.cid}); waiting for review",
    )


@app.command("review")
@teal_command
@chain_command(sender=True, relay=True)
def review(
    session: Session,
    task_id: TaskArg,
    verdict: Annotated[str, typer.Argument(help="approve or reject.")],
    reason: Annotated[str, typer.Option(help="Why: published as the review document.")],
) -> None:
    """Approve or reject a submission (members other than the contributors); the approval that
    reaches the team's threshold pays the reward."""
    from api.chain.errors import amount
    from api.content import ReviewV1

    if verdict not in ("approve", "reject"):
        raise CliError("bad_verdict", f"verdict {verdict!r}: approve or reject")
    chain = session.chain
    account = session.unlock()
    info = chain.view(TaskInfo, "TaskBoard", "task", task_id)
    if info.status != TaskStatus.SUBMITTED:  # let the contract say why, with context
        chain.simulate(account.address, "TaskBoard", "reject", task_id, "")
    last = _latest_submission(session, task_id)
    body = ReviewV1(
        submission=last["deliverableCid"], verdict="approve" if verdict == "approve" else "reject", comments=reason
    )
    doc = session.prepare_document(body, author=account)
    board = chain.contract("TaskBoard")
    if verdict == "approve":
        receipt = chain.transact(
            account,
            board,
            "approve",
            task_id,
            doc.cid,
            list(last["contributors"]),
            list(last["shares"]),
            before_send=doc.publish,
        )
    else:
        receipt = chain.transact(account, board, "reject", task_id, doc.cid, before_send=doc.publish)
    paid = chain.events(receipt, "TaskBoard", "TaskPaid")
    data: dict[str, Any] = {"task_id": task_id, "verdict": verdict, "review_cid": doc.cid, "paid": bool(paid)}
    text = f"{'approved' if verdict == 'approve' else 'rejected'} task {task_id} (review {doc.cid})"
    if paid:
        token = _team_token(session, info.workstream_id)
        shares = chain.events(receipt, "Workstreams", "RewardPaid")
        data["reward"] = str(paid[0]["reward"])
        data["payments"] = [
            {
                "to": p["to"],
                "amount": str(p["amount"]),
                "bond_returned": str(p["bondReturned"]),
                "deferred": bool(p["deferred"]),
            }
            for p in shares
        ]
        each = [
            f"{amount(p['amount'], token)} to {p['to']}" + (" (owed: see `teal account show`)" if p["deferred"] else "")
            for p in shares
        ]
        if len(shares) == 1 and not shares[0]["deferred"]:
            text += f"; paid {each[0]}"
        else:  # a split (or a payment the escrow owes instead): each recipient's share
            text += f"; paid {amount(paid[0]['reward'], token)}: " + ", ".join(each)
        if int(paid[0]["bondReturned"]):
            text += f"; bond of {amount(paid[0]['bondReturned'], token)} returned to {paid[0]['claimant']}"
    elif verdict == "approve":
        approvals = chain.events(receipt, "TaskBoard", "TaskApproved")[0]["approvals"]
        data["approvals"] = int(approvals)
        text += f"; {approvals} approval(s) so far"
    _sent(session, receipt, data, text)


@app.command("withdraw-owed")
@teal_command
@chain_command(sender=True, relay=True)
def withdraw_owed(
    session: Session,
    token: Annotated[str | None, typer.Option(help="Only this token (address); default: every team's token.")] = None,
    to: Annotated[str | None, typer.Option(help="Send it here (address); default: yourself.")] = None,
) -> None:
    """Withdraw what the Workstreams escrow owes you: payments (or returned bonds) whose push
    transfer failed, kept for you to pull (Workstreams.withdrawOwed)."""
    from api.chain.errors import amount

    chain = session.chain
    account = session.unlock()
    recipient = session.address(to, what="recipient") if to else account.address
    if token:
        tokens = [session.address(token, what="token")]
    else:  # every team's token, each once, in team order
        tokens = list(
            dict.fromkeys(
                str(chain.view(WorkstreamInfo, "Workstreams", "workstream", w).token)
                for w in range(1, int(chain.call("Workstreams", "workstreamCount")) + 1)
            )
        )
    owed = {t: int(chain.call("Workstreams", "owed", t, account.address)) for t in tokens}
    due = {t: v for t, v in owed.items() if v}
    if not due:
        checked = ", ".join(chain.token(t).symbol for t in tokens) or "no team token yet"
        raise CliError("nothing_owed", f"the Workstreams escrow owes {account.address} nothing (checked: {checked})")
    withdrawals, last = [], None
    for address, value in due.items():
        last = chain.transact(account, chain.contract("Workstreams"), "withdrawOwed", address, recipient)
        withdrawals.append(
            {
                "token": address,
                "amount": str(value),
                "to": recipient,
                "tx_hash": "0x" + bytes(last["transactionHash"]).hex(),
            }
        )
    text = "; ".join(
        f"withdrew {amount(int(w['amount']), chain.token(w['token']))} to {recipient}" for w in withdrawals
    )
    assert last is not None
    _sent(session, last, {"account": account.address, "withdrawals": withdrawals}, text)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="task")
