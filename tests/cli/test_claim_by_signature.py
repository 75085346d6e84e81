"""A contributor without gas claims by signature: `teal task claim-by-signature` signs the
EIP-712 claim; anyone relays it (here Brownie, then the API's relay over real uvicorn)."""

from __future__ import annotations

import json

from brownie import web3 as brownie_web3
from work_fixtures import CLAIMED

from api.relay import DEV_RELAYER_KEY


def test_printed_signature_is_accepted_by_the_board(cli_teal, cli_contributor, cli_team, make_task, board, relayer):
    task_id = make_task(cli_team)
    balance = cli_contributor.balance()

    signed = json.loads(cli_teal("task", "claim-by-signature", str(task_id), "--from", "contributor").stdout)
    tx = board.claimBySig(task_id, signed["claimant"], signed["deadline"], signed["signature"], {"from": relayer})

    assert set(signed) == {"task_id", "claimant", "deadline", "signature"}  # the relay's request body
    assert tx.events["TaskClaimed"]["claimant"] == cli_contributor
    assert tx.events["TaskClaimed"]["relayer"] == relayer
    assert board.task(task_id)[2] == CLAIMED
    assert cli_contributor.balance() == balance  # the claimant paid no gas


def test_relay_option_sends_the_claim_through_the_api(cli_teal, cli_contributor, cli_team, make_task, board, gov,
                                                      cli_env, cli_api_server, tmp_path):
    from eth_account import Account

    gov.transfer(Account.from_key(DEV_RELAYER_KEY).address, "1 ether")
    task_id = make_task(cli_team)
    env = {**cli_env, "TEAL_RELAYER": "dev", "TEAL_DATABASE_URL": f"sqlite:///{tmp_path / 'api.db'}",
           "TEAL_RPC_URL": brownie_web3.provider.endpoint_uri}
    server = cli_api_server(env, log_path=tmp_path / "server.log").start()
    try:
        relayed = cli_teal.json("task", "claim-by-signature", str(task_id), "--relay", server.url,
                            "--from", "contributor")
    finally:
        server.stop()

    assert relayed["relay"]["status"] == "mined"
    assert board.task(task_id)[2] == CLAIMED
    assert board.task(task_id)[3] == cli_contributor
