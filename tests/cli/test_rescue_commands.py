"""The team's and governance's ways out of a stuck task, through `teal` (issue 15): members
vote a stalled claim free (`task release`), anyone pays an unrejected submission after the
review window (`task finalize`), a claimant escalates repeated rejections (`task escalate`),
a signer revokes claim signatures (`task cancel-nonces`), and token holders propose the
timelock's rescue calls (`propose --action ...`). Each command also refuses in one line."""

from __future__ import annotations

import re

from brownie import TaskBoard, Workstreams, chain
from brownie import web3 as brownie_web3
from work_fixtures import DELIVERABLE, REASON, UNIT, terms

from api.chain.types import TaskStatus
from scripts.governance import FOR

HOUR = 3600


def _claimed(board, make_task, team, claimant):
    task_id = make_task(team)
    board.claim(task_id, *terms(board, task_id), {"from": claimant})
    return task_id


def _submitted(board, make_task, team, claimant):
    task_id = _claimed(board, make_task, team, claimant)
    board.submit(task_id, DELIVERABLE, [], [], {"from": claimant})
    return task_id


def test_members_vote_a_stalled_claim_free(cli_teal, cli_contributor, cli_team, make_task, board, workstreams, dao):
    workstreams.setTeamRules(cli_team, (2 * HOUR, 0, 0), {"from": dao})
    task_id = _claimed(board, make_task, cli_team, cli_contributor)

    first = cli_teal.json("task", "release", str(task_id), "--from", "member1")
    twice = cli_teal.error("task", "release", str(task_id), "--from", "member1")
    outsider = cli_teal.error("task", "release", str(task_id), "--from", "nobody")
    second = cli_teal.json("task", "release", str(task_id), "--from", "member2")
    again = cli_teal.error("task", "release", str(task_id), "--from", "member1")

    assert (first["votes"], first["required"], first["released"]) == (1, 2, False)
    assert re.fullmatch(r"0x\w{4}\.\.\w{4} already voted to release the current claim on task \d+", twice)
    assert (second["votes"], second["released"]) == (2, True)
    assert board.task(task_id)["status"] == TaskStatus.OPEN
    assert board.claimCooldown(task_id, cli_contributor) == chain[second["block"]].timestamp + 2 * HOUR
    assert outsider.startswith("0x") and f"is not a member of workstream {cli_team}" in outsider
    assert again == f"task {task_id} is open, not claimed: there is no claim to submit, abandon or release"


def test_anyone_finalizes_an_unrejected_submission_after_the_review_window(
    cli_teal, cli_contributor, cli_team, make_task, board, workstreams, dao, budget_token
):
    workstreams.setTeamRules(cli_team, (0, 24 * HOUR, 0), {"from": dao})
    task_id = _submitted(board, make_task, cli_team, cli_contributor)
    shown = cli_teal("task", "show", str(task_id)).stdout

    early = cli_teal.error("task", "finalize", str(task_id), "--from", "nobody")
    chain.sleep(24 * HOUR + 1)
    chain.mine()
    before = budget_token.balanceOf(cli_contributor)
    finalized = cli_teal.json("task", "finalize", str(task_id), "--from", "nobody")

    assert "review window until" in shown and f"teal task finalize {task_id}" in shown
    assert early.startswith(f"task {task_id}'s review window is open until ")
    assert early.endswith("; it can be finalised after that")
    assert finalized["reward"] == str(100 * UNIT) and finalized["claimant"] == cli_contributor.address
    assert board.task(task_id)["status"] == TaskStatus.PAID
    assert budget_token.balanceOf(cli_contributor) - before == 100 * UNIT


def test_finalize_is_refused_where_the_team_sets_no_review_window(
    cli_teal, cli_contributor, cli_team, make_task, board
):
    task_id = _submitted(board, make_task, cli_team, cli_contributor)

    message = cli_teal.error("task", "finalize", str(task_id), "--from", "member1")

    assert message == f"task {task_id}'s team sets no review window: its members must approve it"
    assert board.task(task_id)["status"] == TaskStatus.SUBMITTED


def test_claimant_escalates_repeated_rejections_to_governance(
    cli_teal, cli_contributor, cli_team, cli_people, make_task, board, workstreams, dao
):
    task_id = _submitted(board, make_task, cli_team, cli_contributor)
    board.reject(task_id, REASON, {"from": cli_people["member2"]})
    board.submit(task_id, DELIVERABLE, [], [], {"from": cli_contributor})

    not_allowed = cli_teal.error("task", "escalate", str(task_id), "--from", "contributor")
    workstreams.setTeamRules(cli_team, (0, 0, 1), {"from": dao})
    escalated = cli_teal.json("task", "escalate", str(task_id), "--from", "contributor")
    review = cli_teal.error("task", "review", str(task_id), "approve", "--reason", "ok", "--from", "member1")
    shown = cli_teal.json("task", "show", str(task_id))

    assert not_allowed == f"task {task_id}'s team does not allow escalation to governance"
    assert escalated["reviewer"] == cli_people["member2"].address and escalated["rejections"] == 1
    assert board.task(task_id)["escalated"] is True
    assert review == f"task {task_id} is escalated to governance: reviews wait for its decision"
    assert shown["escalated"] is True and shown["history"][-1]["event"] == "TaskEscalated"


def test_escalate_without_a_rejection_is_refused(
    cli_teal, cli_contributor, cli_team, make_task, board, workstreams, dao
):
    workstreams.setTeamRules(cli_team, (0, 0, 1), {"from": dao})
    task_id = _submitted(board, make_task, cli_team, cli_contributor)

    message = cli_teal.error("task", "escalate", str(task_id), "--from", "contributor")

    assert message == (
        f"nobody rejected {cli_contributor.address}'s work on task {task_id}: escalation follows one "
        "member's repeated rejections"
    )


def test_signer_cancels_claim_nonces(cli_teal, cli_contributor, board):
    cancelled = cli_teal.json("task", "cancel-nonces", "7", "300", "301", "--from", "contributor")
    bad = cli_teal.error("task", "cancel-nonces", "0x12", "--from", "contributor")

    assert cancelled["transactions"] == 2  # nonces 300 and 301 share one bitmap word
    assert [board.isNonceUsed(cli_contributor, n) for n in (7, 300, 301, 8)] == [True, True, True, False]
    assert bad == "'0x12' is not a claim nonce (a decimal number below 2**256)"


def test_a_rescue_proposal_force_releases_a_claim_once_executed(
    cli_teal, cli_holder, cli_keystore, cli_contributor, cli_team, make_task, board, token, governor, alice
):
    token.delegate(cli_holder, {"from": cli_holder})
    chain.mine()
    task_id = _claimed(board, make_task, cli_team, cli_contributor)

    proposed = cli_teal.json(
        "propose",
        "--title",
        "Free task",
        "--summary",
        "The claimant vanished.",
        "--action",
        f"force-release {task_id}",
        "--from",
        "holder",
    )
    proposal_id = int(proposed["proposal_id"])
    chain.mine(governor.votingDelay() + 1)
    governor.castVote(proposal_id, FOR, {"from": alice})
    chain.mine(governor.votingPeriod() + 1)
    cli_teal("queue", str(proposal_id), "--from", "holder")
    chain.sleep(governor.proposalEta(proposal_id) - chain.time() + 1)
    chain.mine()
    executed = cli_teal.json("execute", str(proposal_id), "--from", "holder")

    assert executed["state"] == "Executed"
    assert board.task(task_id)["status"] == TaskStatus.OPEN
    assert chain.get_transaction(executed["tx_hash"]).events["TaskReleased"]["byGovernance"] is True


def test_propose_action_encodes_each_rescue_call(
    cli_teal,
    cli_holder,
    cli_keystore,
    cli_contributor,
    cli_team,
    cli_people,
    make_task,
    board,
    workstreams,
    token,
    governor,
    rando,
):
    token.delegate(cli_holder, {"from": cli_holder})
    chain.mine()
    task_id = make_task(cli_team)

    proposed = cli_teal.json(
        "propose",
        "--title",
        "Rescue",
        "--summary",
        "Team changes.",
        "--action",
        f"add-member {cli_team} {rando.address}",
        "--action",
        f"remove-member {cli_team} member2",
        "--action",
        f"cancel-task {task_id}",
        "--action",
        f"team-rules {cli_team} 48 72 3",
        "--from",
        "holder",
    )

    calls = [
        (workstreams, workstreams.addMemberByGovernance.encode_input(cli_team, rando)),
        (workstreams, workstreams.removeMemberByGovernance.encode_input(cli_team, cli_people["member2"])),
        (board, board.cancelByGovernance.encode_input(task_id)),
        (workstreams, workstreams.setTeamRules.encode_input(cli_team, (48 * HOUR, 72 * HOUR, 3))),
    ]
    assert int(proposed["proposal_id"]) == governor.hashProposal(
        [c.address for c, _ in calls],
        [0] * 4,
        [data for _, data in calls],
        brownie_web3.keccak(text=proposed["description"]),
    )


def test_propose_action_refuses_what_the_timelock_could_not_do(
    cli_teal, cli_keystore, cli_contributor, cli_team, cli_people, make_task, board, budget_token
):
    open_task = make_task(cli_team)

    release_open = cli_teal.error(
        "propose", "--title", "t", "--summary", "s", "--action", f"force-release {open_task}", "--from", "holder"
    )
    add_twice = cli_teal.error(
        "propose", "--title", "t", "--summary", "s", "--action", f"add-member {cli_team} member1", "--from", "holder"
    )
    sweep_nothing = cli_teal.error(
        "propose", "--title", "t", "--summary", "s", "--action", f"sweep {budget_token.address}", "--from", "holder"
    )
    unknown = cli_teal.error("propose", "--title", "t", "--summary", "s", "--action", "pause 1", "--from", "holder")
    wrong_count = cli_teal.error(
        "propose", "--title", "t", "--summary", "s", "--action", "force-release", "--from", "holder"
    )

    assert release_open == f"task {open_task} is open: there is no claim to release"
    member1 = cli_people["member1"].address
    assert add_twice == f"{member1[:6]}..{member1[-4:]} already is a member of workstream {cli_team}"
    assert sweep_nothing.startswith("the escrow holds no more of ")
    assert unknown.startswith("--action 'pause 1': unknown action; one of 'force-release TASK'")
    assert wrong_count == "--action 'force-release': expected 'force-release TASK'"


def test_every_work_contract_error_has_a_one_line_explanation():
    from api.chain.errors import _EXPLAINERS

    names = {item["name"] for contract in (TaskBoard, Workstreams) for item in contract.abi if item["type"] == "error"}
    ours = {name for name in names if name.startswith(("Task", "Workstream"))}
    assert len(ours) > 50 and sorted(ours - set(_EXPLAINERS)) == []
