"""The common mistakes, each answered by one line that says what happened and what to do,
never a traceback (TealCli checks every call's stderr for one); `--json` gives the error as
a JSON document with a stable code."""

from __future__ import annotations

import json
import socket

import pytest
from brownie import chain
from work_fixtures import advance_past, terms

from api.chain.errors import short, when


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def claimed_task(cli_contributor, cli_team, make_task, board):
    """A task the contributor holds a claim on."""
    task_id = make_task(cli_team)
    board.claim(task_id, *terms(board, task_id), {"from": cli_contributor})
    return task_id


def test_claiming_a_claimed_task_names_the_claimant_and_expiry(
    cli_teal, claimed_task, board, cli_contributor, cli_keystore
):
    expiry = board.task(claimed_task)["claimExpiry"]

    message = cli_teal.error("task", "claim", str(claimed_task), "--from", "member1")

    assert message == f"task {claimed_task} is already claimed by {short(cli_contributor.address)} until {when(expiry)}"


def test_json_error_has_a_code_a_message_and_the_decoded_revert(cli_teal, claimed_task, cli_keystore):
    result = cli_teal("task", "claim", str(claimed_task), "--from", "member1", "--json", ok=False)

    assert result.returncode == 1
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "task_not_open"
    assert error["message"].startswith(f"task {claimed_task} is already claimed by")
    assert error["revert"] == {"name": "TaskNotOpen", "args": {"taskId": str(claimed_task), "status": "2"}}


def test_submitting_someone_elses_task_names_the_claimant(
    cli_teal, claimed_task, cli_contributor, cli_people, cli_keystore
):
    message = cli_teal.error(
        "task",
        "submit",
        str(claimed_task),
        "--summary",
        "mine now",
        "--deliverable",
        "x=https://example.org",
        "--from",
        "member2",
    )

    assert message == (
        f"{short(cli_people['member2'].address)} is not the claimant of task {claimed_task}; "
        f"{short(cli_contributor.address)} is"
    )


def test_creating_a_task_outside_your_team_says_you_are_not_a_member(cli_teal, cli_contributor, cli_team):
    message = cli_teal.error(
        "task",
        "create",
        "--workstream",
        str(cli_team),
        "--reward",
        "10",
        "--title",
        "t",
        "--description",
        "d",
        "--criterion",
        "c",
        "--from",
        "contributor",
    )

    assert message.startswith(f"{short(cli_contributor.address)} is not a member of workstream {cli_team}")


def test_submitting_after_the_claim_expired_says_when_it_expired(cli_teal, claimed_task, board):
    expiry = board.task(claimed_task)["claimExpiry"]
    advance_past(expiry)

    message = cli_teal.error(
        "task",
        "submit",
        str(claimed_task),
        "--summary",
        "late",
        "--deliverable",
        "x=https://example.org",
        "--from",
        "contributor",
    )

    assert message.startswith(f"the claim on task {claimed_task} expired at {when(expiry)}")


def test_unknown_task_says_which_tasks_exist(cli_teal, cli_manifest, board):
    message = cli_teal.error("task", "show", "999")

    assert message == f"there is no task 999 (the board has tasks 1 to {board.taskCount()})"


def test_wrong_password_is_one_line(cli_teal, cli_home, claimed_task, cli_keystore):
    wrong = cli_home / "wrong-password.txt"
    wrong.write_text("not it\n")

    message = cli_teal.error("task", "claim", str(claimed_task), "--from", "member1", "--password-file", str(wrong))

    assert message == "wrong password for account 'member1'"


def test_no_chain_says_how_to_start_one(cli_teal, cli_keystore):
    url = f"http://127.0.0.1:{_free_port()}"

    message = cli_teal.error("task", "list", "--rpc-url", url)

    assert message.startswith(f"no chain at {url}: start one with `scripts/up.sh`")


def test_bad_address_is_refused_before_anything_is_signed(cli_teal, cli_keystore):
    message = cli_teal.error("delegate", "0x1234", "--from", "holder")

    assert message.startswith("delegatee '0x1234' is not an address")


def test_voting_without_voting_power_says_why(cli_teal, cli_keystore, proposal):
    from scripts.governance import mine_until_active

    mine_until_active(proposal)

    message = cli_teal.error("vote", str(proposal.proposal_id), "for", "--from", "nobody")

    assert "had no voting power at proposal" in message and "`teal delegate`" in message


def test_voting_twice_says_already_voted(cli_teal, cli_keystore, holders, token, cli_holder, governor):
    from helpers import DOCUMENT

    from scripts.governance import mine_until_active, propose

    token.delegate(cli_holder, {"from": cli_holder})
    chain.mine()
    grant = propose(governor, [(token, "transfer", [cli_holder, 1])], document=DOCUMENT, proposer=cli_holder)
    mine_until_active(grant)
    governor.castVote(grant.proposal_id, 1, {"from": cli_holder})

    message = cli_teal.error("vote", str(grant.proposal_id), "for", "--from", "holder")

    assert message == f"{short(cli_holder.address)} has already voted on this proposal"


def test_unreachable_ipfs_node_says_how_to_start_one_or_use_the_local_store(cli_teal, cli_team, cli_keystore):
    address = f"/ip4/127.0.0.1/tcp/{_free_port()}"
    env = {"TEAL_STORE": "kubo", "TEAL_IPFS_API": address, "TEAL_IPFS_ATTEMPTS": "1"}

    message = cli_teal.error(
        "task",
        "create",
        "--workstream",
        str(cli_team),
        "--reward",
        "10",
        "--title",
        "t",
        "--description",
        "d",
        "--criterion",
        "c",
        "--from",
        "member1",
        env=env,
    )

    assert message.startswith(f"no IPFS node at {address}: start one with `ipfs daemon`")
    assert "TEAL_STORE=local" in message


def test_unknown_account_lists_the_known_ones(cli_teal, cli_keystore):
    message = cli_teal.error("delegate", "--from", "mallory")

    assert message.startswith("no account named 'mallory' in the keystore")
    assert "member1" in message


def test_an_account_without_eth_is_told_to_fund_it_or_claim_by_signature(cli_teal, cli_team, make_task, cli_keystore):
    task_id = make_task(cli_team)
    cli_teal("account", "create", "penniless")

    message = cli_teal.error("task", "claim", str(task_id), "--from", "penniless")

    assert message.endswith(
        "has not enough ETH to pay for gas: fund it, or claim without gas with `teal task claim --relay URL` "
        "(a bond is permitted in the same request) or `teal task claim-by-signature --relay URL`"
    )


def test_a_split_that_does_not_add_up_says_so(cli_teal, claimed_task, cli_people):
    message = cli_teal.error(
        "task",
        "submit",
        str(claimed_task),
        "--summary",
        "half of it",
        "--deliverable",
        "x=https://example.org",
        "--split",
        "member1=5000",
        "--from",
        "contributor",
    )

    assert message == "the shares add up to 5000 basis points; they must add up to 10000 (100%)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["task", "claim", "twelve"], "Invalid value for 'task_id': Input should be a valid integer"),
        (["up", "--chain", "mainnet"], "Invalid value for '--chain'"),
        (["tsak", "list"], "No such command 'tsak'."),
        (["account", "list", "--colour"], "No such option: --colour"),
    ],
)
def test_a_mistyped_command_is_one_line_that_points_to_its_help(cli_teal, args, message):
    result = cli_teal(*args, ok=False)

    assert result.returncode == 2  # click's usage-error code, as `--help` documents
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"error: {message}"), result.stderr
    assert "--help'" in result.stderr and "╭" not in result.stderr
