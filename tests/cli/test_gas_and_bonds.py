"""Gasless means gasless: a contributor without ETH is told exactly what is possible. A claim
by signature on a bonded team names the bond and the approval it needs; a step without gas
money says so, points at `--relay` only where the relay sends that step (submit, review: yes;
delegate: no), never at a gasless command that does not do it, and is refused before any
document is published."""

from __future__ import annotations

import json

import pytest
from brownie import accounts, chain
from teal_cli import CLI_PASSWORD
from work_fixtures import BOND, guardrails, sign_claim, terms

from api.chain.client import Token
from api.chain.errors import amount
from api.chain.types import TaskStatus

PENNILESS_KEY = "0x" + "0e" * 32
BUD = Token(address="", symbol="BUD", decimals=18)


@pytest.fixture(scope="module")
def penniless(cli_keystore):
    """An account with a key in the keystore and no ETH at all."""
    cli_keystore.save("penniless", PENNILESS_KEY, CLI_PASSWORD)
    account = accounts.add(PENNILESS_KEY)
    assert account.balance() == 0
    return account


@pytest.fixture(scope="module")
def bonded_team(make_workstream, cli_people, alice):
    return make_workstream(members=[cli_people["member1"], alice], rails=guardrails(bond=BOND), name="Bonded")


def _documents(data_dir):
    folder = data_dir / "documents"
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def _claimed_by_signature(board, relayer, task_id, account, key):
    deadline = chain[-1].timestamp + 3600
    signature = sign_claim(board, key, task_id=task_id, claimant=account.address, deadline=deadline)
    board.claimBySig(task_id, account, *terms(board, task_id), 0, deadline, signature, {"from": relayer})


def test_submit_without_gas_says_so_before_publishing_anything(
    cli_teal, penniless, cli_team, make_task, board, relayer, data_dir
):
    task_id = make_task(cli_team)
    _claimed_by_signature(board, relayer, task_id, penniless, PENNILESS_KEY)
    before = _documents(data_dir)

    message = cli_teal.error(
        "task",
        "submit",
        str(task_id),
        "--summary",
        "done",
        "--deliverable",
        "pr=https://example.org/pr/9",
        "--from",
        "penniless",
    )

    assert message.startswith(f"{penniless.address} has 0 ETH; the gas of TaskBoard.submit costs up to ")
    assert message.endswith(
        ": send it some ETH first, or run the same command with `--relay URL` (you sign; "
        "a Teal API's relayer pays the gas)"
    )
    assert "claim-by-signature" not in message
    assert _documents(data_dir) == before
    assert board.task(task_id)["status"] == TaskStatus.CLAIMED


def test_review_without_gas_says_so_before_publishing_anything(
    cli_teal, penniless, make_workstream, submitted, alice, board, data_dir
):
    team = make_workstream(members=[penniless, alice], name="Penniless reviewers")
    task_id = submitted(team)
    before = _documents(data_dir)

    message = cli_teal.error("task", "review", str(task_id), "approve", "--reason", "fine", "--from", "penniless")

    assert message.startswith(f"{penniless.address} has 0 ETH; the gas of TaskBoard.approve costs up to ")
    assert "claim-by-signature" not in message
    assert _documents(data_dir) == before


def test_delegate_without_gas_does_not_suggest_a_claim(cli_teal, penniless):
    message = cli_teal.error("delegate", "--from", "penniless")
    result = cli_teal("delegate", "--from", "penniless", "--json", ok=False)

    assert message.startswith(f"{penniless.address} has 0 ETH; the gas of TealToken.delegate costs up to ")
    assert "claim" not in message
    error = json.loads(result.stdout)["error"]
    assert result.returncode == 1 and error["code"] == "no_gas_money" and error["message"] == message
    assert error["balance_wei"] == "0" and int(error["needed_wei"]) > 0


def test_a_transaction_that_would_revert_publishes_no_document(
    cli_teal, cli_contributor, cli_team, make_task, data_dir
):
    task_id = make_task(cli_team)  # open: nobody can submit it
    before = _documents(data_dir)

    message = cli_teal.error(
        "task",
        "submit",
        str(task_id),
        "--summary",
        "early",
        "--deliverable",
        "pr=https://example.org/pr/1",
        "--from",
        "contributor",
    )

    assert message.startswith(f"task {task_id} is open, not claimed")
    assert _documents(data_dir) == before


def test_signed_claim_on_a_bonded_team_without_tokens_names_the_bond(cli_teal, penniless, bonded_team, make_task):
    task_id = make_task(bonded_team)

    message = cli_teal.error("task", "claim-by-signature", str(task_id), "--from", "penniless")

    assert message == (
        f"claiming task {task_id} posts a bond of {amount(BOND, BUD)} (workstream {bonded_team}'s), "
        f"and {penniless.address} holds 0 BUD: get at least {amount(BOND, BUD)} first "
        "(a relay cannot post the bond for you)"
    )


def test_signed_claim_without_allowance_says_how_to_approve_then_claims(
    cli_teal, cli_contributor, bonded_team, make_task, budget_token, gov, workstreams, board, cli_relay
):
    task_id = make_task(bonded_team)
    budget_token.mint(cli_contributor, BOND, {"from": gov})
    budget_token.approve(workstreams, 0, {"from": cli_contributor})

    refused = cli_teal.error("task", "claim-by-signature", str(task_id), "--relay", cli_relay, "--from", "contributor")
    approved = cli_teal.json("task", "approve-bond", str(task_id), "--from", "contributor")
    allowance = budget_token.allowance(cli_contributor, workstreams)
    relayed = cli_teal("task", "claim-by-signature", str(task_id), "--relay", cli_relay, "--from", "contributor")

    assert refused == (
        f"claiming task {task_id} posts a bond of 5 BUD (workstream {bonded_team}'s), taken by the "
        f"Workstreams escrow {workstreams.address}, which {cli_contributor.address} has allowed 0 BUD: "
        f"approve it first with `teal task approve-bond {task_id} --from contributor` (needs gas), "
        "then sign again"
    )
    assert approved["amount"] == str(BOND) and approved["spender"] == workstreams.address
    assert allowance == BOND
    assert "posts a bond of 5 BUD" in relayed.stderr
    assert board.task(task_id)["status"] == TaskStatus.CLAIMED and board.task(task_id)["bond"] == BOND
    assert workstreams.bondsHeld(bonded_team) == BOND
    assert budget_token.balanceOf(cli_contributor) == 0


def test_claim_says_it_posted_the_bond(cli_teal, cli_contributor, bonded_team, make_task, budget_token, gov):
    task_id = make_task(bonded_team)
    budget_token.mint(cli_contributor, BOND, {"from": gov})

    out = cli_teal("task", "claim", str(task_id), "--from", "contributor").stdout

    assert f"claimed task {task_id} until" in out
    assert "posted a bond of 5 BUD (returned with the reward" in " ".join(out.split())


def test_approve_bond_on_a_team_without_bond_says_there_is_none(cli_teal, cli_contributor, cli_team, make_task):
    task_id = make_task(cli_team)

    message = cli_teal.error("task", "approve-bond", str(task_id), "--from", "contributor")

    assert message == f"workstream {cli_team} asks no claim bond: task {task_id} can be claimed as it is"


def test_claim_without_the_bonds_tokens_names_the_bond_before_any_transaction(
    cli_teal, cli_contributor, bonded_team, make_task, budget_token, workstreams
):
    task_id = make_task(bonded_team)
    nonce = cli_contributor.nonce

    message = cli_teal.error("task", "claim", str(task_id), "--from", "contributor")

    assert message == (
        f"claiming task {task_id} posts a bond of 5 BUD (workstream {bonded_team}'s), and "
        f"{cli_contributor.address} holds 0 BUD: get at least 5 BUD first"
    )
    assert cli_contributor.nonce == nonce  # not even the approval was sent
