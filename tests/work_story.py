"""A work story for the indexer and API tests: two workstreams created and funded by one
governance proposal, then tasks through every state (once `scripts/demo_work.py`; the demo
DAO in `scripts/demo_dao.py` is the demo people run now).

`run(deployment, accounts)` plays it on a deployment and prints each step as a plain line:
a proposal (propose -> vote -> queue -> execute) creates and funds the Core and Community
workstreams; then tasks are created, split into a subtask, claimed directly and by signature
(relayed), abandoned, left to expire and reopened (the bond goes to the team), submitted with
a co-contributor, rejected, resubmitted, approved and paid, and one is cancelled.
"""

from __future__ import annotations

import sys
from typing import Any

from brownie import chain

from api.chain.types import TaskStatus
from scripts.deploy import TOKEN_UNIT, deploy_work, load_params
from scripts.governance import (
    execute,
    mine_until_active,
    mine_until_ended,
    proposal_document,
    propose,
    publish,
    queue,
)
from scripts.signatures import sign
from scripts.work_signatures import board_domain, claim, claim_terms

DAY = 86_400
# Deterministic key of the contributor who claims without gas (a demo key, never a real one).
GASLESS_KEY = "0x" + "e7" * 32


def say(text: str) -> None:
    # Brownie narrates every transaction on stdout; callers silence that stream, so the
    # demo's own lines go straight to the terminal (as in scripts/demo.py).
    print(text, file=sys.__stdout__, flush=True)


def step(text: str) -> None:
    say(f"  - {text}")


def tokens(amount: int) -> str:
    return f"{amount / TOKEN_UNIT:,.2f} TEAL".replace(".00 ", " ")


def charter(team: dict[str, Any], members: list[Any]) -> str:
    """Publish a workstream charter (objectives and guardrails in words); its CID."""
    return publish(
        {
            "schema": "teal/charter@1",
            "body": {
                "name": team["name"],
                "mission": f"Own and ship what the {team['name']} workstream is for, inside its budget.",
                "budget_wei": str(team["budget"] * TOKEN_UNIT),
                "period_days": 182,
                "members": [m.address for m in members],
                "review_policy": f"{team['approvals']} member approval(s) per submission; reviewers never review their own work.",
            },
        }
    )


def spec(title: str, reward: int, workstream_id: int, description: str = "") -> str:
    """Publish a task spec; its CID."""
    return publish(
        {
            "schema": "teal/task-spec@1",
            "body": {
                "title": title,
                "description": description or f"{title}. Details, context and links are in the thread.",
                "acceptance_criteria": ["Merged and documented", "Reviewed by the required members"],
                "reward_wei": str(reward),
                "workstream_id": int(workstream_id),
            },
        }
    )


def submission(spec_cid: str, task_id: int, summary: str) -> str:
    """Publish a submission for a task; its CID."""
    return publish(
        {
            "schema": "teal/submission@1",
            "body": {
                "task_spec": spec_cid,
                "task_id": int(task_id),
                "summary": summary,
                "deliverables": [{"label": "Pull request", "uri": f"https://example.org/teal/pull/{task_id}"}],
            },
        }
    )


def review(submission_cid: str, verdict: str, comments: str = "") -> str:
    """Publish a review of a submission; its CID."""
    return publish(
        {"schema": "teal/review@1", "body": {"submission": submission_cid, "verdict": verdict, "comments": comments}}
    )


def run(deployment: Any, accounts: Any) -> dict[str, Any]:
    """Run the work demo on `deployment` (work contracts are deployed if missing).

    Uses accounts[0] (deployer: proposes and votes with its undistributed tokens),
    accounts[1..3] (Core members), accounts[3..4] (Community members), accounts[5..8]
    (contributors), accounts[9] (relayer) and one fresh key with no gas (GASLESS_KEY).
    Returns the ids it created, for callers that want to continue.
    """
    params = load_params()
    demo = params.get("work", {}).get("demo") or load_params("devnet")["work"]["demo"]
    if deployment.workstreams is None:
        deploy_work(deployment)
    token, governor = deployment.token, deployment.governor
    workstreams, board = deployment.workstreams, deployment.task_board
    deployer = deployment.deployer
    ana, ben, cleo, dev = accounts[1], accounts[2], accounts[3], accounts[4]
    finn, gia, hal, ivy = accounts[5], accounts[6], accounts[7], accounts[8]
    relayer = accounts[9]
    names = {ana: "ana", ben: "ben", cleo: "cleo", dev: "dev", finn: "finn", gia: "gia", hal: "hal", ivy: "ivy"}

    say(f"Teal work demo on chain {chain.id}")
    step(f"Workstreams (escrow) at {workstreams.address}, TaskBoard at {board.address}")

    # ---- Governance: one proposal creates and funds both workstreams ---------------------
    if token.delegates(deployer) != deployer:
        token.delegate(deployer, {"from": deployer})
        chain.mine()
    first = workstreams.workstreamCount() + 1
    term_end = chain.time() + demo["term_days"] * DAY
    teams = [([ana, ben, cleo], demo["workstreams"][0]), ([cleo, dev], demo["workstreams"][1])]
    actions: list[tuple[Any, str, list[Any]]] = [
        (token, "approve", [workstreams, sum(t["budget"] for _, t in teams) * TOKEN_UNIT])
    ]
    for offset, (members, team) in enumerate(teams):
        rails = (
            team["budget_cap"] * TOKEN_UNIT,
            team["max_reward"] * TOKEN_UNIT,
            team["claim_bond"] * TOKEN_UNIT,
            team["claim_days"] * DAY,
            team["approvals"],
        )
        charter_cid = charter(team, members)
        actions.append((workstreams, "createWorkstream", [team["name"], charter_cid, members, token, term_end, rails]))
        actions.append((workstreams, "fund", [first + offset, team["budget"] * TOKEN_UNIT]))
    core, community = first, first + 1
    document = proposal_document(
        "Create and fund the Core and Community workstreams",
        "Two six-month mandates with budgets, guardrails and initial members.",
    )
    say("Governance creates two workstreams in one proposal:")
    proposal = propose(governor, actions, document=document, proposer=deployer, title=document["body"]["title"])
    step(
        f"proposal {str(proposal.proposal_id)[:12]}… ({len(actions)} actions) is {proposal.state()}; "
        f"document {proposal.description.splitlines()[0]}"
    )
    mine_until_active(proposal)
    voters = [a for a in accounts[:10] if token.getVotes(a) > 0]
    for voter in voters:
        governor.castVote(proposal.proposal_id, 1, {"from": voter})
    step(f"{len(voters)} holder(s) vote FOR; voting closes")
    mine_until_ended(proposal)
    queue(proposal, sender=deployer)
    step(f"queued in the timelock; state {proposal.state()}")
    execute(proposal, sender=deployer)
    step(f"executed after the delay: state {proposal.state()}")
    for workstream_id, (members, team) in zip((core, community), teams, strict=True):
        info = workstreams.workstream(workstream_id)
        step(
            f"workstream {workstream_id} '{team['name']}': members {', '.join(names[m] for m in members)}; "
            f"{info['guardrails'][4]} approval(s) per task; bond {tokens(info['guardrails'][2])}; "
            f"claims last {info['guardrails'][3] // DAY} days"
        )
        show_budget(workstreams, workstream_id)

    for contributor in (finn, gia, hal, ivy):
        token.transfer(contributor, 100 * TOKEN_UNIT, {"from": deployer})
        token.approve(workstreams, 2**256 - 1, {"from": contributor})
    step("contributors finn, gia, hal, ivy hold 100 TEAL each and approve the escrow for claim bonds")

    def created(tx: Any) -> int:
        return tx.events["TaskCreated"]["taskId"]

    def status(task_id: int) -> str:
        return TaskStatus(board.task(task_id)["status"]).name.capitalize()

    # ---- Core: a task, a subtask, abandon, expiry, rejection, payment, cancel -----------
    say("Core: tasks and a subtask")
    indexer_spec = spec("Build the indexer", 3_000 * TOKEN_UNIT, core)
    indexer = created(board.createTask(core, 0, 3_000 * TOKEN_UNIT, 0, indexer_spec, {"from": ana}))
    step(f"ana creates task {indexer} 'Build the indexer' for {tokens(3_000 * TOKEN_UNIT)} -> {status(indexer)}")
    reorgs = created(
        board.createTask(
            core, indexer, 800 * TOKEN_UNIT, 0, spec("Reorg handling", 800 * TOKEN_UNIT, core), {"from": ben}
        )
    )
    step(
        f"ben splits off subtask {reorgs} 'Reorg handling' ({tokens(800 * TOKEN_UNIT)} out of task {indexer}; "
        f"parent now {tokens(board.task(indexer)['reward'])})"
    )
    docs = created(
        board.createTask(core, 0, 500 * TOKEN_UNIT, 0, spec("Write the docs", 500 * TOKEN_UNIT, core), {"from": cleo})
    )
    step(f"cleo creates task {docs} 'Write the docs' for {tokens(500 * TOKEN_UNIT)}")
    show_budget(workstreams, core)

    say("Core: claims, abandon and expiry")
    board.claim(reorgs, *claim_terms(board, workstreams, reorgs), {"from": hal})
    step(f"hal claims subtask {reorgs}, posting a {tokens(board.task(reorgs)['bond'])} bond -> {status(reorgs)}")
    tx = board.abandon(reorgs, {"from": hal})
    step(
        f"hal abandons it -> {status(reorgs)}; his bond {tokens(tx.events['TaskAbandoned']['bondForfeited'])} "
        "goes to the team budget"
    )
    board.claim(reorgs, *claim_terms(board, workstreams, reorgs), {"from": ivy})
    expiry = board.task(reorgs)["claimExpiry"]
    step(f"ivy claims subtask {reorgs} until {expiry} (unix time), then goes quiet")
    chain.sleep(expiry - chain.time() + 1)
    chain.mine()
    tx = board.reopenExpired(reorgs, {"from": relayer})
    step(
        f"a week later anyone reopens it: claim expired -> {status(reorgs)}; "
        f"ivy's bond {tokens(tx.events['TaskReopened']['bondForfeited'])} goes to the budget"
    )
    board.claim(reorgs, *claim_terms(board, workstreams, reorgs), {"from": gia})
    step(f"gia claims subtask {reorgs} -> {status(reorgs)}")
    show_budget(workstreams, core)

    say("Core: submission with a co-contributor, rejection, resubmission, payment")
    board.claim(indexer, *claim_terms(board, workstreams, indexer), {"from": finn})
    step(f"finn claims task {indexer}")
    split = ([finn, gia], [7_000, 3_000])
    first_try = submission(indexer_spec, indexer, "Indexer with checkpoints; reorgs not covered yet.")
    board.submit(indexer, first_try, *split, {"from": finn})
    step(f"finn submits with co-contributor gia (70% / 30%) -> {status(indexer)}")
    tx = board.reject(indexer, review(first_try, "reject", "Missing reorg tests"), {"from": ana})
    step(
        f"ana rejects: 'Missing reorg tests' -> {status(indexer)}, new deadline "
        f"{tx.events['TaskRejected']['newExpiry']}"
    )
    second_try = submission(indexer_spec, indexer, "Indexer with checkpoints and reorg tests at depth 1 and 5.")
    board.submit(indexer, second_try, *split, {"from": finn})
    step(f"finn resubmits -> {status(indexer)} (review round {board.task(indexer)['round']})")
    board.approve(indexer, review(second_try, "approve", "Tests cover the reorgs now."), *split, {"from": ana})
    step(f"ana approves (1 of {workstreams.workstream(core)['guardrails'][4]})")
    before = {a: token.balanceOf(a) for a in (finn, gia)}
    tx = board.approve(indexer, review(second_try, "approve"), *split, {"from": ben})
    step(f"ben approves (2 of 2) -> {status(indexer)}")
    for event in tx.events["RewardPaid"]:
        bond_back = f" + bond back {tokens(event['bondReturned'])}" if event["bondReturned"] else ""
        step(
            f"paid {names[event['to']]} {tokens(event['amount'])}{bond_back}"
            f"{' (owed: transfer failed)' if event['deferred'] else ''}; balance "
            f"{tokens(before[event['to']])} -> {tokens(token.balanceOf(event['to']))}"
        )
    tx = board.cancel(docs, {"from": cleo})
    step(
        f"cleo cancels task {docs} -> {status(docs)}; "
        f"{tokens(tx.events['TaskCancelled']['released'])} back to the available budget"
    )
    show_budget(workstreams, core)

    # ---- Community: claim by signature, relayed -----------------------------------------
    say("Community: a contributor without gas claims by signature")
    gasless = accounts.add(GASLESS_KEY)
    meetup_spec = spec("Run a meetup", 400 * TOKEN_UNIT, community)
    meetup = created(board.createTask(community, 0, 400 * TOKEN_UNIT, 0, meetup_spec, {"from": dev}))
    step(f"dev creates task {meetup} 'Run a meetup' for {tokens(400 * TOKEN_UNIT)}")
    deadline = chain.time() + 3600
    reward, max_bond = claim_terms(board, workstreams, meetup)
    typed = claim(
        domain=board_domain(chain_id=chain.id, verifying_contract=board.address),
        task_id=meetup,
        claimant=gasless.address,
        reward=reward,
        max_bond=max_bond,
        nonce=1,
        deadline=deadline,
    )
    signature = sign(typed, GASLESS_KEY).signature
    step(f"{gasless.address[:10]}… (0 ETH) signs an EIP-712 Claim for task {meetup}")
    tx = board.claimBySig(meetup, gasless, reward, max_bond, 1, deadline, signature, {"from": relayer})
    step(
        f"the relayer sends it and pays the gas -> {status(meetup)} by "
        f"{tx.events['TaskClaimed']['claimant'][:10]}… (relayer {tx.events['TaskClaimed']['relayer'][:10]}…)"
    )
    deployer.transfer(gasless, "0.05 ether")
    meetup_report = submission(meetup_spec, meetup, "Meetup held: 40 people, slides and recording.")
    board.submit(meetup, meetup_report, [], [], {"from": gasless})
    step("the contributor (now with a little ETH) submits")
    tx = board.approve(meetup, review(meetup_report, "approve"), [], [], {"from": cleo})
    step(f"cleo approves (1 of 1) -> {status(meetup)}; paid {tokens(tx.events['TaskPaid']['reward'])}")
    show_budget(workstreams, community)
    say("Work demo done.")
    return {"workstreams": [core, community], "tasks": [indexer, reorgs, docs, meetup], "proposal": proposal}


def show_budget(workstreams: Any, workstream_id: int) -> None:
    funded, reserved, paid, available, clawed_back = workstreams.budget(workstream_id)
    step(
        f"budget of workstream {workstream_id}: funded {tokens(funded)}, reserved {tokens(reserved)}, "
        f"paid {tokens(paid)}, available {tokens(available)}, clawed back {tokens(clawed_back)}"
    )
