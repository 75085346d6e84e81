"""A contributor and two members use `teal` for a task's whole life: create, claim, submit,
two approvals, payment; and the board as `teal task list/show` reports it."""

from __future__ import annotations

import json

from work_fixtures import BOND, UNIT, guardrails, terms

from api.chain.types import TaskStatus
from api.content import LocalStore


def test_contributor_claims_submits_and_gets_paid(
    cli_teal, cli_contributor, cli_team, cli_people, board, budget_token, data_dir
):
    before = budget_token.balanceOf(cli_contributor)

    created = cli_teal.json(
        "task",
        "create",
        "--workstream",
        str(cli_team),
        "--reward",
        "150",
        "--title",
        "Fix the docs",
        "--description",
        "The README lies about ports.",
        "--criterion",
        "README matches the code",
        "--from",
        "member1",
    )
    task_id = created["task_id"]
    assert board.task(task_id)["parentId"] == 0 and board.task(task_id)["status"] == TaskStatus.OPEN
    cli_teal("task", "claim", str(task_id), "--from", "contributor")
    assert board.task(task_id)["status"] == TaskStatus.CLAIMED
    assert board.task(task_id)["claimant"] == cli_contributor
    submitted = cli_teal.json(
        "task",
        "submit",
        str(task_id),
        "--summary",
        "Fixed the port table",
        "--deliverable",
        "pull request=https://example.org/pr/1",
        "--from",
        "contributor",
    )
    first = cli_teal.json("task", "review", str(task_id), "approve", "--reason", "Looks right", "--from", "member1")
    second = cli_teal.json("task", "review", str(task_id), "approve", "--reason", "Checked", "--from", "member2")

    assert first["paid"] is False and first["approvals"] == 1
    assert second["paid"] is True and second["reward"] == str(150 * UNIT)
    assert board.task(task_id)["status"] == TaskStatus.PAID
    assert budget_token.balanceOf(cli_contributor) - before == 150 * UNIT
    store = LocalStore(root=data_dir / "documents")
    spec = json.loads(store.get(created["spec_cid"]))
    assert spec["body"]["title"] == "Fix the docs"
    assert spec["author"] == cli_people["member1"].address  # signed by its author
    submission = json.loads(store.get(submitted["submission_cid"]))
    assert submission["body"]["task_spec"] == created["spec_cid"]
    review = json.loads(store.get(second["review_cid"]))
    assert review["body"] == {"submission": submitted["submission_cid"], "verdict": "approve", "comments": "Checked"}


def test_reject_sends_the_task_back_to_the_claimant(cli_teal, cli_contributor, cli_team, make_task, board):
    task_id = make_task(cli_team)
    board.claim(task_id, *terms(board, task_id), {"from": cli_contributor})
    cli_teal(
        "task",
        "submit",
        str(task_id),
        "--summary",
        "Draft",
        "--deliverable",
        "doc=https://example.org/d",
        "--from",
        "contributor",
    )

    rejected = cli_teal.json("task", "review", str(task_id), "reject", "--reason", "Missing tests", "--from", "member2")

    assert rejected["paid"] is False
    assert board.task(task_id)["status"] == TaskStatus.CLAIMED
    assert board.task(task_id)["round"] == 1  # a new review round


def test_task_list_and_show_read_the_board_from_the_chain(cli_teal, cli_contributor, cli_team, make_task, board, alice):
    open_id = make_task(cli_team, reward=70 * UNIT)
    claimed_id = make_task(cli_team)
    board.claim(claimed_id, *terms(board, claimed_id), {"from": cli_contributor})

    listed = cli_teal.json("task", "list", "--workstream", str(cli_team))
    claimed_only = cli_teal.json("task", "list", "--status", "claimed", "--claimant", "contributor")
    shown = cli_teal.json("task", "show", str(claimed_id))
    table = cli_teal("task", "list", "--workstream", str(cli_team)).stdout

    assert [t["id"] for t in listed] == [claimed_id, open_id]  # newest first
    assert listed[1]["status"] == "open" and listed[1]["reward"] == str(70 * UNIT)
    assert [t["id"] for t in claimed_only] == [claimed_id]
    assert shown["claimant"] == cli_contributor.address
    assert shown["claim_expiry"] == board.task(claimed_id)["claimExpiry"]
    assert [(e["event"], e["by"]) for e in shown["history"]] == [
        ("TaskCreated", alice.address),
        ("TaskClaimed", cli_contributor.address),
    ]
    assert "70 BUD" in table and "claimed" in table


def test_abandon_reopens_the_task(cli_teal, cli_contributor, cli_team, make_task, board):
    task_id = make_task(cli_team)
    board.claim(task_id, *terms(board, task_id), {"from": cli_contributor})

    cli_teal("task", "abandon", str(task_id), "--from", "contributor")

    assert board.task(task_id)["status"] == TaskStatus.OPEN


def test_claim_posts_the_teams_bond_after_approving_it(
    cli_teal, cli_contributor, make_workstream, make_task, board, budget_token, workstreams, cli_people, alice, gov
):
    team = make_workstream(members=[cli_people["member1"], alice], rails=guardrails(bond=BOND), name="Bonded CLI")
    task_id = make_task(team)
    budget_token.mint(cli_contributor, BOND, {"from": gov})
    before = budget_token.balanceOf(cli_contributor)

    claimed = cli_teal.json("task", "claim", str(task_id), "--from", "contributor")

    assert claimed["bond"] == str(BOND)
    assert budget_token.balanceOf(cli_contributor) == before - BOND
    assert workstreams.bondsHeld(team) == BOND
