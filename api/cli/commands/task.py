"""`teal task ...`: the task board from a contributor's and a reviewer's side.

Reads (`list`, `show`) come straight from the chain: the TaskBoard's views for state and its
events for the documents (spec, submissions, reviews), so they need no indexer or API and are
never stale. Writes build the document (task spec, submission, review), sign it with the
sender's key, check the transaction against the chain, publish the document, then send.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from api.chain.types import ClaimTerms, TaskInfo, TaskStatus, WorkstreamInfo
from api.cli.commands.failures import teal_command
from api.cli.commands.output import fields, table
from api.cli.commands.relay_client import post_to_relay
from api.cli.commands.session import (
    CliError,
    Session,
    chain_command,
    parse_amount,
)

app = typer.Typer(help="Tasks: list, show, create, claim, submit, review.", no_args_is_help=True)

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
        "token": token.address,
    }


_TEAM_TOKENS: dict[int, Any] = {}


def _team_token(session: Session, workstream_id: int) -> Any:
    """The budget token of a workstream (fixed at creation, so asked once per command)."""
    if workstream_id not in _TEAM_TOKENS:
        _TEAM_TOKENS[workstream_id] = session.chain.token(
            session.chain.view(WorkstreamInfo, "Workstreams", "workstream", workstream_id).token)
    return _TEAM_TOKENS[workstream_id]


# Events of one task, in the order a task lives them; `task show` lists them as its history.
HISTORY_EVENTS = ["TaskCreated", "TaskClaimed", "TaskAbandoned", "TaskReopened", "TaskSubmitted", "TaskApproved",
                  "TaskRejected", "TaskPaid", "TaskCancelled"]
# The argument that says who acted, per event.
_ACTOR = {"TaskCreated": "creator", "TaskClaimed": "claimant", "TaskAbandoned": "claimant",
          "TaskReopened": "reopenedBy", "TaskSubmitted": "claimant", "TaskApproved": "reviewer",
          "TaskRejected": "reviewer", "TaskPaid": "claimant", "TaskCancelled": "by"}
_DOCUMENT = {"TaskCreated": "specCid", "TaskSubmitted": "deliverableCid", "TaskApproved": "reasonCid",
             "TaskRejected": "reasonCid"}


def _history(session: Session, task_id: int) -> list[dict[str, Any]]:
    found = []
    for name in HISTORY_EVENTS:
        for event in session.chain.logs("TaskBoard", name, filters={"taskId": task_id}):
            args = event["args"]
            found.append({
                "event": name,
                "block": int(event["blockNumber"]),
                "log_index": int(event["logIndex"]),
                "tx_hash": "0x" + bytes(event["transactionHash"]).hex(),
                "by": args.get(_ACTOR[name]),
                "document": args.get(_DOCUMENT.get(name, ""), None),
            })
    return sorted(found, key=lambda e: (e["block"], e["log_index"]))


def _spec_cids(session: Session, task_id: int | None = None) -> dict[int, str]:
    filters = {"taskId": task_id} if task_id is not None else None
    return {int(e["args"]["taskId"]): e["args"]["specCid"]
            for e in session.chain.logs("TaskBoard", "TaskCreated", filters=filters)}


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
    claimant: Annotated[str | None, typer.Option(
        help="Only tasks claimed by this address or account (claimed, submitted or paid).")] = None,
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
    rows = [(t["id"], t["workstream_id"], t["status"], t["reward_text"],
             short(t["claimant"]) if t["claimant"] else "",
             when(t["claim_expiry"]) if t["claim_expiry"] else "", t["title"] or "") for t in tasks]
    session.out.result(tasks, table=table(f"tasks ({len(tasks)} of {count})",
                                          ["id", "team", "status", "reward", "claimant", "claim until", "title"], rows))


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
        task["submission"] = {"cid": last["deliverableCid"], "round": int(last["round"]),
                              "contributors": list(last["contributors"]), "shares": [int(s) for s in last["shares"]]}
    spec = task["spec"] or {}
    pairs = [
        ("task", task_id), ("title", spec.get("title")), ("workstream", task["workstream_id"]),
        ("status", task["status"]), ("reward", task["reward_text"]), ("claimant", task["claimant"]),
        ("claim until", when(task["claim_expiry"]) if task["claim_expiry"] else None),
        ("approvals", f"{task['approvals']} (round {task['round']})"), ("spec", task["spec_cid"]),
        ("criteria", "; ".join(spec.get("acceptance_criteria", [])) or None),
        ("submission", task["submission"]["cid"] if task["submission"] else None),
    ]
    task["history"] = _history(session, task_id)
    if not session.out.json_mode:
        session.out.result(task, table=fields(None, [(k, v) for k, v in pairs if v is not None]))
        rows = [(e["block"], e["event"].removeprefix("Task"), short(e["by"]) if e["by"] else "", e["document"])
                for e in task["history"]]
        session.out.result(task, table=table("history", ["block", "event", "by", "document"], rows))
        return
    session.out.result(task)


# ---- writes --------------------------------------------------------------------------------


def _sent(session: Session, receipt: Any, data: dict[str, Any], text: str) -> None:
    data = {**data, "tx_hash": "0x" + bytes(receipt["transactionHash"]).hex(), "block": int(receipt["blockNumber"])}
    session.out.result(data, text=text)


@app.command("create")
@teal_command
@chain_command(sender=True)
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
    body = TaskSpecV1(title=title, description=description, acceptance_criteria=list(criterion),
                      reward_wei=str(amount), workstream_id=workstream, addresses_post=addresses_post)
    account = session.unlock()
    doc = session.prepare_document(body, author=account)
    receipt = chain.transact(account, chain.contract("TaskBoard"), "createTask", workstream, parent, amount,
                             int(claim_days * DAY), doc.cid, before_send=doc.publish)
    task_id = int(chain.events(receipt, "TaskBoard", "TaskCreated")[0]["taskId"])
    _sent(session, receipt, {"task_id": task_id, "spec_cid": doc.cid, "reward": str(amount)},
          f"created task {task_id} in workstream {workstream} (spec {doc.cid})")


@app.command("claim")
@teal_command
@chain_command(sender=True)
def claim(session: Session, task_id: TaskArg) -> None:
    """Claim an open task (posting the team's bond, if it asks for one)."""
    from api.chain.errors import amount, when

    chain = session.chain
    account = session.unlock()
    info = chain.view(TaskInfo, "TaskBoard", "task", task_id)
    bond = chain.view(ClaimTerms, "Workstreams", "claimTerms", info.workstream_id).claim_bond
    if bond and info.status == TaskStatus.OPEN:
        token_address = chain.view(WorkstreamInfo, "Workstreams", "workstream", info.workstream_id).token
        escrow = chain.contract("Workstreams").address
        erc20 = chain.erc20(token_address)
        held = int(erc20.functions.balanceOf(account.address).call())
        if held < bond:
            token = chain.token(token_address)
            raise CliError("bond_balance", f"claiming task {task_id} posts a bond of {amount(bond, token)} "
                                           f"(workstream {info.workstream_id}'s), and {account.address} holds "
                                           f"{amount(held, token)}: get at least {amount(bond, token)} first")
        if erc20.functions.allowance(account.address, escrow).call() < bond:
            session.out.progress(f"approving the claim bond of {amount(bond, chain.token(token_address))}")
            chain.transact(account, erc20, "approve", escrow, bond, name="budget token")
    # The claim carries the reward and bond read here: if either changes before it is mined
    # (a subtask carved out of the reward, a raised bond), the chain refuses it.
    receipt = chain.transact(account, chain.contract("TaskBoard"), "claim", task_id, info.reward, int(bond))
    event = chain.events(receipt, "TaskBoard", "TaskClaimed")[0]
    text = f"claimed task {task_id} until {when(event['expiry'])}"
    if int(event["bond"]):
        token = _team_token(session, info.workstream_id)
        text += (f"; posted a bond of {amount(event['bond'], token)} (returned with the reward; "
                 "forfeited to the team if you abandon the task or the claim expires)")
    bond_token = _team_token(session, info.workstream_id).address
    _sent(session, receipt, {"task_id": task_id, "claimant": account.address, "expiry": int(event["expiry"]),
                             "bond": str(event["bond"]), "bond_token": bond_token},
          text)


@app.command("claim-by-signature")
@teal_command
@chain_command(sender=True)
def claim_by_signature(
    session: Session,
    task_id: TaskArg,
    relay: Annotated[str | None, typer.Option(help="Send the signature to this API's /relay/claims.")] = None,
    valid_minutes: Annotated[int, typer.Option(min=1, max=7 * 24 * 60, help="Minutes the signature stays valid.")]
    = 60,
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
    typed = claim(domain=board_domain(chain_id=chain.manifest.chain_id, verifying_contract=board.address),
                  task_id=task_id, claimant=account.address, reward=reward, max_bond=max_bond, nonce=nonce,
                  deadline=deadline)
    signature = "0x" + bytes(sign(typed, account).signature).hex()
    # The chain is asked now, so a task that cannot be claimed fails here, not at the relay.
    chain.simulate(account.address, "TaskBoard", "claimBySig", task_id, account.address, reward, max_bond, nonce,
                   deadline, bytes.fromhex(signature[2:]))
    signed = {"task_id": task_id, "claimant": account.address, "reward": str(reward), "max_bond": str(max_bond),
              "nonce": str(nonce), "deadline": deadline, "signature": signature}
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
    session.out.result({**signed, "relay": result},
                       text=f"task {task_id} claimed for {account.address} by relayer {result.get('relayer')} "
                            f"(tx {result.get('tx_hash')})")


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
        raise CliError("bond_balance", f"{posts}, and {claimant} holds {amount(held, token)}: get at least "
                                       f"{amount(bond, token)} first (a relay cannot post the bond for you)")
    if allowed < bond:
        raise CliError("bond_allowance", f"{posts}, taken by the Workstreams escrow {escrow}, which {claimant} has "
                                         f"allowed {amount(allowed, token)}: approve it first with "
                                         f"`teal task approve-bond {task_id} --from {sender or claimant}` (needs gas), "
                                         "then sign again")
    return f"{posts}, taken from {claimant} when the claim is sent; returned with the reward"


@app.command("abandon")
@teal_command
@chain_command(sender=True)
def abandon(session: Session, task_id: TaskArg) -> None:
    """Give up your claim; the task reopens (a bond, if posted, goes to the team)."""
    account = session.unlock()
    receipt = session.chain.transact(account, session.chain.contract("TaskBoard"), "abandon", task_id)
    _sent(session, receipt, {"task_id": task_id}, f"abandoned task {task_id}; it is open again")


@app.command("reopen")
@teal_command
@chain_command(sender=True)
def reopen(session: Session, task_id: TaskArg) -> None:
    """Reopen a task whose claim has expired (anyone may)."""
    account = session.unlock()
    receipt = session.chain.transact(account, session.chain.contract("TaskBoard"), "reopenExpired", task_id)
    _sent(session, receipt, {"task_id": task_id}, f"reopened task {task_id}")


@app.command("cancel")
@teal_command
@chain_command(sender=True)
def cancel(session: Session, task_id: TaskArg) -> None:
    """Cancel an open task (members only); its reward returns to the budget or the parent."""
    account = session.unlock()
    receipt = session.chain.transact(account, session.chain.contract("TaskBoard"), "cancel", task_id)
    _sent(session, receipt, {"task_id": task_id}, f"cancelled task {task_id}")


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
@chain_command(sender=True)
def submit(
    session: Session,
    task_id: TaskArg,
    summary: Annotated[str, typer.Option(help="What you did.")],
    deliverable: Annotated[list[str], typer.Option("--deliverable", help="LABEL=URI of a deliverable (repeat).")],
    notes: Annotated[str, typer.Option(help="Anything reviewers should know.")] = "",
    split: Annotated[list[str] | None, typer.Option(
        "--split", help="ADDRESS=BASIS_POINTS per co-contributor (repeat; sum 10000).")] = None,
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
    receipt = chain.transact(account, chain.contract("TaskBoard"), "submit", task_id, doc.cid, contributors, shares,
                             before_send=doc.publish)
    _sent(session, receipt, {"task_id": task_id, "submission_cid": doc.cid},
          f"submitted task {task_id} (submission {doc.cid}); waiting for review")


@app.command("review")
@teal_command
@chain_command(sender=True)
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
    body = ReviewV1(submission=last["deliverableCid"], verdict="approve" if verdict == "approve" else "reject",
                    comments=reason)
    doc = session.prepare_document(body, author=account)
    board = chain.contract("TaskBoard")
    if verdict == "approve":
        receipt = chain.transact(account, board, "approve", task_id, doc.cid, list(last["contributors"]),
                                 list(last["shares"]), before_send=doc.publish)
    else:
        receipt = chain.transact(account, board, "reject", task_id, doc.cid, before_send=doc.publish)
    paid = chain.events(receipt, "TaskBoard", "TaskPaid")
    data: dict[str, Any] = {"task_id": task_id, "verdict": verdict, "review_cid": doc.cid, "paid": bool(paid)}
    text = f"{'approved' if verdict == 'approve' else 'rejected'} task {task_id} (review {doc.cid})"
    if paid:
        token = _team_token(session, info.workstream_id)
        shares = chain.events(receipt, "Workstreams", "RewardPaid")
        data["reward"] = str(paid[0]["reward"])
        data["payments"] = [{"to": p["to"], "amount": str(p["amount"]), "bond_returned": str(p["bondReturned"]),
                             "deferred": bool(p["deferred"])} for p in shares]
        each = [f"{amount(p['amount'], token)} to {p['to']}" + (" (owed: see `teal account show`)"
                                                                if p["deferred"] else "") for p in shares]
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


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="task")
