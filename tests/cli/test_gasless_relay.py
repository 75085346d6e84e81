"""Gasless by a standard (ERC-2771): an account holding no ETH at all claims a bonded task (its
EIP-2612 permit and the claim in one relayed request), submits, is paid after reviews relayed
the same way, and withdraws an owed balance, every step through `teal ... --relay URL` and the
API's `POST /relay/forward`; then what the relay refuses (forged, replayed, expired, wrong-chain
requests, untrusted targets, gas above the cap, a permit for the wrong spender), each a 4xx
naming the problem with nothing sent; and `POST /relay/delegations`."""

from __future__ import annotations

import httpx
import pytest
from brownie import BlacklistToken, accounts, chain, web3
from eth_account import Account
from teal_cli import CLI_PASSWORD
from work_fixtures import BOND, REWARD, guardrails

from api.chain.forwarding import PERMIT_ABI, sign_forward_request, sign_permit
from api.chain.typed_data import delegation, domain, sign
from api.chain.types import TaskStatus
from api.http.relay import DEV_RELAYER_KEY

UNIT = 10**18
GASLESS_KEYS = {"gasless": "0x" + "9a" * 32, "gasless-m1": "0x" + "9b" * 32, "gasless-m2": "0x" + "9c" * 32}
STRANGER_KEY = "0x" + "9d" * 32


@pytest.fixture(scope="module")
def gasless(cli_keystore):
    """A contributor and two members whose keys are in the keystore, holding no ETH at all."""
    people = {}
    for name, key in GASLESS_KEYS.items():
        cli_keystore.save(name, key, CLI_PASSWORD)
        people[name] = accounts.add(key)
    return people


@pytest.fixture(scope="module")
def teal_team(make_workstream, token, workstreams, dao, gasless, alice):
    """A team paying TEAL (which has EIP-2612 permit) with a claim bond, run by the gasless members."""
    token.approve(workstreams, 2**256 - 1, {"from": dao})
    return make_workstream(
        token=token,
        members=[gasless["gasless-m1"], gasless["gasless-m2"], alice],
        rails=guardrails(bond=BOND),
        name="Gasless TEAL",
    )


@pytest.fixture(scope="module")
def blacklist_team(make_workstream, workstreams, dao, gov, gasless, alice):
    """A team paying a token that can refuse a transfer (a payment then becomes owed)."""
    blk = BlacklistToken.deploy({"from": gov})
    blk.mint(dao, 100_000 * UNIT, {"from": gov})
    blk.approve(workstreams, 2**256 - 1, {"from": dao})
    team = make_workstream(token=blk, members=[gasless["gasless-m1"], gasless["gasless-m2"], alice], name="Gasless BLK")
    return team, blk


def no_eth(*people) -> bool:
    return all(web3.eth.get_balance(p.address) == 0 for p in people)


def test_contributor_without_eth_goes_from_claim_to_withdrawal_through_the_relay(
    cli_teal, cli_relay, gasless, teal_team, blacklist_team, token, gov, board, workstreams
):
    contributor, m1, m2 = gasless["gasless"], gasless["gasless-m1"], gasless["gasless-m2"]
    token.transfer(contributor, 20 * UNIT, {"from": gov})
    assert no_eth(contributor, m1, m2) and token.allowance(contributor, workstreams) == 0
    relay = ("--relay", cli_relay)

    created = cli_teal.json(
        "task",
        "create",
        "--workstream",
        str(teal_team),
        "--reward",
        "100",
        "--title",
        "Gasless",
        "--description",
        "Relayed end to end.",
        "--criterion",
        "done",
        "--from",
        "gasless-m1",
        *relay,
    )
    task_id = created["task_id"]
    claimed = cli_teal.json("task", "claim", str(task_id), "--from", "gasless", *relay)
    assert (board.task(task_id)["status"], board.task(task_id)["claimant"]) == (TaskStatus.CLAIMED, contributor)
    assert claimed["bond"] == str(BOND) and workstreams.bondsHeld(teal_team) == BOND
    assert token.balanceOf(contributor) == 20 * UNIT - BOND

    cli_teal(
        "task",
        "submit",
        str(task_id),
        "--summary",
        "done",
        "--deliverable",
        "pr=https://example.org/pr/1",
        "--from",
        "gasless",
        *relay,
    )
    first = cli_teal.json("task", "review", str(task_id), "approve", "--reason", "good", "--from", "gasless-m1", *relay)
    paid = cli_teal.json("task", "review", str(task_id), "approve", "--reason", "good", "--from", "gasless-m2", *relay)
    assert (first["paid"], paid["paid"]) == (False, True)
    assert board.task(task_id)["status"] == TaskStatus.PAID
    assert token.balanceOf(contributor) == 20 * UNIT + REWARD  # the reward, and the bond back

    # A payment the token refuses (the contributor was blacklisted then) is owed, and withdrawn later.
    team, blk = blacklist_team
    task_id = cli_teal.json(
        "task",
        "create",
        "--workstream",
        str(team),
        "--reward",
        "100",
        "--title",
        "Owed",
        "--description",
        "Paid later.",
        "--criterion",
        "done",
        "--from",
        "gasless-m1",
        *relay,
    )["task_id"]
    cli_teal("task", "claim", str(task_id), "--from", "gasless", *relay)
    cli_teal(
        "task",
        "submit",
        str(task_id),
        "--summary",
        "done",
        "--deliverable",
        "pr=https://example.org/pr/2",
        "--from",
        "gasless",
        *relay,
    )
    blk.setBlacklisted(contributor, True, {"from": gov})
    cli_teal("task", "review", str(task_id), "approve", "--reason", "good", "--from", "gasless-m1", *relay)
    deferred = cli_teal.json(
        "task", "review", str(task_id), "approve", "--reason", "good", "--from", "gasless-m2", *relay
    )
    assert deferred["payments"][0]["deferred"] and workstreams.owed(blk, contributor) == REWARD
    blk.setBlacklisted(contributor, False, {"from": gov})

    withdrawn = cli_teal.json("task", "withdraw-owed", "--from", "gasless", *relay)

    assert withdrawn["withdrawals"] == [
        {"token": blk.address, "amount": str(REWARD), "to": contributor.address, "tx_hash": withdrawn["tx_hash"]}
    ]
    assert blk.balanceOf(contributor) == REWARD and workstreams.owed(blk, contributor) == 0
    assert no_eth(contributor, m1, m2)
    again = cli_teal.error("task", "withdraw-owed", "--from", "gasless", *relay)
    assert again.startswith(f"the Workstreams escrow owes {contributor.address} nothing")


# ---- what POST /relay/forward refuses -----------------------------------------------------------


@pytest.fixture(scope="module")
def forwarding(work, gasless, teal_team, make_task, token, gov):
    """An open bonded task, the contributor's key (holding TEAL, no ETH) and a request signer."""
    contributor = gasless["gasless"]
    token.transfer(contributor, 20 * UNIT, {"from": gov})
    key = Account.from_key(GASLESS_KEYS["gasless"])

    def request(
        data: bytes, *, to=None, signer=key, nonce=None, deadline=None, gas=300_000, chain_id=None, sender=None
    ):
        forwarder = work.forwarder
        signed = sign_forward_request(
            signer,
            chain_id=chain_id or chain.id,
            forwarder=forwarder.address,
            to=str(to or work.task_board.address),
            data=data,
            nonce=forwarder.nonces(sender or signer.address) if nonce is None else nonce,
            deadline=deadline or chain[-1].timestamp + 600,
            gas=gas,
        )
        body = signed.jsonable()
        if sender:
            body["from"] = sender
        return body

    return {"request": request, "key": key, "contributor": contributor, "task": make_task(teal_team)}


def post(url: str, path: str, body: dict) -> httpx.Response:
    return httpx.post(url + path, json=body, timeout=60)


def refused(response: httpx.Response, status: int, code: str, field: str | None = None) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code, error
    if field is not None:
        assert error["field"] == field, error
    return error


def test_forged_replayed_expired_and_wrong_chain_requests_are_refused(cli_relay, forwarding, board, work):
    request, task_id = forwarding["request"], forwarding["task"]
    contributor = forwarding["contributor"]
    cancel = bytes.fromhex(board.cancelClaimNonces.encode_input(0, 1)[2:])
    nonce = work.forwarder.nonces(contributor)

    forged = request(cancel, signer=Account.from_key(STRANGER_KEY), sender=contributor.address)
    refused(post(cli_relay, "/relay/forward", forged), 422, "invalid_signature", "body.signature")
    expired = request(cancel, deadline=chain[-1].timestamp - 10)
    refused(post(cli_relay, "/relay/forward", expired), 422, "request_expired", "body.deadline")
    other_chain = request(cancel, chain_id=1)
    refused(post(cli_relay, "/relay/forward", other_chain), 422, "invalid_signature")
    refused(post(cli_relay, "/relay/forward", {**request(cancel), "chain_id": 1}), 422, "wrong_chain")
    assert work.forwarder.nonces(contributor) == nonce  # nothing sent

    body = request(cancel)
    assert post(cli_relay, "/relay/forward", body).json()["status"] == "mined"
    error = refused(post(cli_relay, "/relay/forward", body), 409, "nonce_used", "body.nonce")
    assert f"nonce {nonce} of {contributor.address} is already used" in error["message"]
    assert board.task(task_id)["status"] == 1


def test_untrusted_targets_gas_above_cap_and_foreign_functions_are_refused(
    cli_relay, forwarding, board, token, workstreams, teal_team
):
    request = forwarding["request"]
    transfer = bytes.fromhex(token.transfer.encode_input(forwarding["contributor"], 1)[2:])

    error = refused(
        post(cli_relay, "/relay/forward", request(transfer, to=token.address)), 422, "untrusted_target", "body.to"
    )
    assert "TaskBoard, Workstreams" in error["message"]
    claim = bytes.fromhex(board.claim.encode_input(forwarding["task"], REWARD, BOND)[2:])
    refused(post(cli_relay, "/relay/forward", request(claim, gas=5_000_000)), 422, "gas_above_cap", "body.gas")
    pause = bytes.fromhex(workstreams.pause.encode_input(teal_team)[2:])
    refused(post(cli_relay, "/relay/forward", request(pause, to=workstreams.address)), 422, "function_not_relayed")


def test_target_errors_are_decoded_and_a_wrong_spender_permit_is_named(
    cli_relay, forwarding, board, token, work, workstreams
):
    request, task_id, key = forwarding["request"], forwarding["task"], forwarding["key"]
    submit = bytes.fromhex(board.submit.encode_input(task_id, "bafkreidone", [], [])[2:])
    error = refused(post(cli_relay, "/relay/forward", request(submit)), 409, "reverted", "TaskNotClaimed")
    assert f"task {task_id} is open, not claimed" in error["message"]

    deadline = chain[-1].timestamp + 600
    erc20 = web3.eth.contract(address=token.address, abi=PERMIT_ABI)
    v, r, s = sign_permit(
        key, erc20, spender=Account.from_key(DEV_RELAYER_KEY).address, value=BOND, deadline=deadline, chain_id=chain.id
    )
    claim = bytes.fromhex(board.claimWithPermit.encode_input(task_id, REWARD, BOND, deadline, v, r, s)[2:])

    nonce = work.forwarder.nonces(forwarding["contributor"])
    refused(post(cli_relay, "/relay/forward", request(claim)), 422, "reverted", "TaskPermitRefused")
    assert token.allowance(forwarding["contributor"], workstreams) == 0
    assert board.task(task_id)["status"] == 1 and work.forwarder.nonces(forwarding["contributor"]) == nonce


def test_delegation_by_signature_is_relayed_once(cli_relay, gasless, token, gov):
    holder = gasless["gasless-m2"]
    token.transfer(holder, 5 * UNIT, {"from": gov})
    _, name, version, *_ = token.eip712Domain()
    expiry = chain[-1].timestamp + 600

    def body(signer_key: str, *, nonce: int | None = None, until: int = expiry) -> dict:
        n = token.nonces(holder) if nonce is None else nonce
        typed = delegation(
            domain=domain(name=name, version=version, chain_id=chain.id, verifying_contract=token.address),
            delegatee=holder.address,
            nonce=n,
            expiry=until,
        )
        return {
            "delegator": holder.address,
            "delegatee": holder.address,
            "nonce": str(n),
            "expiry": until,
            "signature": "0x" + bytes(sign(typed, signer_key).signature).hex(),
        }

    refused(post(cli_relay, "/relay/delegations", body(STRANGER_KEY)), 422, "invalid_signature", "body.signature")
    refused(
        post(cli_relay, "/relay/delegations", body(GASLESS_KEYS["gasless-m2"], until=expiry - 1200)),
        422,
        "signature_expired",
    )
    signed = body(GASLESS_KEYS["gasless-m2"])
    assert post(cli_relay, "/relay/delegations", signed).json()["status"] == "mined"
    assert token.delegates(holder) == holder and token.getVotes(holder) == token.balanceOf(holder)
    refused(post(cli_relay, "/relay/delegations", signed), 409, "nonce_used", "body.nonce")
    assert no_eth(holder)


def test_relay_mistakes_are_one_line_and_send_nothing(
    cli_teal, cli_relay, gasless, teal_team, blacklist_team, make_task, board, work
):
    contributor = gasless["gasless"]
    bonded, plain = make_task(teal_team), make_task(blacklist_team[0])

    early = cli_teal.error(
        "task",
        "submit",
        str(plain),
        "--summary",
        "x",
        "--deliverable",
        "pr=https://e.org/1",
        "--from",
        "gasless",
        "--relay",
        cli_relay,
    )
    no_tokens = cli_teal.error("task", "claim", str(bonded), "--from", "gasless-m1", "--relay", cli_relay)
    no_relay = cli_teal.error("task", "claim", str(plain), "--from", "gasless", "--relay", "http://127.0.0.1:9")

    assert early.startswith(f"task {plain} is open, not claimed")
    assert no_tokens.startswith(f"claiming task {bonded} posts a bond of 5 TEAL")
    assert no_relay.startswith("no relay at http://127.0.0.1:9/relay/forward")
    assert board.task(plain)["status"] == board.task(bonded)["status"] == 1
    assert work.forwarder.nonces(contributor) == 0
