"""End to end: one governance proposal creates and funds a workstream through the timelock;
a contributor claims a task, submits with a co-contributor, two members approve, and both
are paid the right amounts from the escrow."""

from brownie import chain
from work_fixtures import CHARTER, DAY, DELIVERABLE, REASON, SPEC, budget_of, guardrails, terms

from scripts.deploy import TOKEN_UNIT
from scripts.governance import pass_proposal, proposal_document

BUDGET = 20_000 * TOKEN_UNIT
REWARD = 1_000 * TOKEN_UNIT


def test_proposal_to_payment(work, token, governor, timelock, holders, alice, bob, carol, dave, rando):
    workstreams, board = work.workstreams, work.task_board
    worker, helper = rando, carol  # carol holds tokens but is not a member here
    members = [alice, bob, dave]
    workstream_id = workstreams.workstreamCount() + 1
    rails = guardrails(cap=50_000 * TOKEN_UNIT, max_reward=5_000 * TOKEN_UNIT, approvals=2, duration=7 * DAY)
    actions = [
        (token, "approve", [workstreams, BUDGET]),
        (workstreams, "createWorkstream", ["Core", CHARTER, members, token, chain.time() + 180 * DAY, rails]),
        (workstreams, "fund", [workstream_id, BUDGET]),
    ]
    treasury_before = token.balanceOf(timelock)

    proposal = pass_proposal(
        governor,
        actions,
        document=proposal_document("Create Core", "Create and fund the Core workstream."),
        proposer=alice,
        voters=[alice, bob],
        title="Create the Core workstream",
    )

    assert proposal.state() == "Executed"
    assert workstreams.workstream(workstream_id)["token"] == token
    assert set(workstreams.members(workstream_id)) == set(members)
    assert token.balanceOf(timelock) == treasury_before - BUDGET
    assert budget_of(workstreams, workstream_id)["available"] == BUDGET

    task_id = board.createTask(workstream_id, 0, REWARD, 0, SPEC, {"from": alice}).events["TaskCreated"]["taskId"]
    board.claim(task_id, *terms(board, task_id), {"from": worker})
    split = ([worker, helper], [6_000, 4_000])
    board.submit(task_id, DELIVERABLE, *split, {"from": worker})
    worker_before, helper_before = token.balanceOf(worker), token.balanceOf(helper)
    board.approve(task_id, REASON, *split, {"from": bob})
    tx = board.approve(task_id, REASON, *split, {"from": dave})

    assert token.balanceOf(worker) == worker_before + REWARD * 6 // 10
    assert token.balanceOf(helper) == helper_before + REWARD * 4 // 10
    assert tx.events["TaskPaid"]["reward"] == REWARD
    budget = budget_of(workstreams, workstream_id)
    assert (budget["paid"], budget["reserved"], budget["available"]) == (REWARD, 0, BUDGET - REWARD)
    assert token.balanceOf(workstreams) == budget["available"]
