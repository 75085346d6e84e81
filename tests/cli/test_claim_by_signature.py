"""A contributor without gas claims by signature: `teal task claim-by-signature` signs the
EIP-712 claim; anyone relays it (here Brownie, then the API's relay over real uvicorn)."""

from __future__ import annotations

import json

from work_fixtures import terms

from api.chain.types import TaskStatus


def test_printed_signature_is_accepted_by_the_board(cli_teal, cli_contributor, cli_team, make_task, board, relayer):
    task_id = make_task(cli_team)
    balance = cli_contributor.balance()

    signed = json.loads(cli_teal("task", "claim-by-signature", str(task_id), "--from", "contributor").stdout)
    tx = board.claimBySig(
        task_id,
        signed["claimant"],
        int(signed["reward"]),
        int(signed["max_bond"]),
        int(signed["nonce"]),
        signed["deadline"],
        signed["signature"],
        {"from": relayer},
    )

    # the relay's request body: the signed terms travel with the signature
    assert set(signed) == {"task_id", "claimant", "reward", "max_bond", "nonce", "deadline", "signature"}
    assert int(signed["reward"]) == board.task(task_id)["reward"]
    assert tx.events["TaskClaimed"]["claimant"] == cli_contributor
    assert tx.events["TaskClaimed"]["relayer"] == relayer
    assert board.task(task_id)["status"] == TaskStatus.CLAIMED
    assert cli_contributor.balance() == balance  # the claimant paid no gas


def test_relay_option_sends_the_claim_through_the_api(cli_teal, cli_contributor, cli_team, make_task, board, cli_relay):
    task_id = make_task(cli_team)
    balance = cli_contributor.balance()

    relayed = cli_teal.json("task", "claim-by-signature", str(task_id), "--relay", cli_relay, "--from", "contributor")

    assert relayed["relay"]["status"] == "mined"
    assert board.task(task_id)["status"] == TaskStatus.CLAIMED
    assert board.task(task_id)["claimant"] == cli_contributor
    assert cli_contributor.balance() == balance


def test_a_taken_task_is_refused_before_anything_reaches_the_relay(
    cli_teal, cli_contributor, cli_team, make_task, board, cli_relay, relayer
):
    task_id = make_task(cli_team)
    board.claim(task_id, *terms(board, task_id), {"from": relayer})

    message = cli_teal.error("task", "claim-by-signature", str(task_id), "--relay", cli_relay, "--from", "contributor")

    assert message.startswith(f"task {task_id} is already claimed by")  # checked on chain before the relay


def test_no_relay_at_the_url_says_how_to_start_one(cli_teal, cli_contributor, cli_team, make_task):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    task_id = make_task(cli_team)

    message = cli_teal.error("task", "claim-by-signature", str(task_id), "--relay", url, "--from", "contributor")

    assert message.startswith(f"no relay at {url}/relay/claims:")
    assert message.endswith("(start the API with `teal serve`)")
