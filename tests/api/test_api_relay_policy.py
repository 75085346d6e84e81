"""The relayer's policy over a real uvicorn server: whom it pays gas for (a DAO record or an
allow-list for claims, voting power at the snapshot for votes), how far ahead a signature's
deadline may be, the daily quotas per account and client IP, the daily gas budget, what
`GET /relay/policy` says; and the loser of a relay race told the decoded custom error."""

from __future__ import annotations

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import work_story
from apiserver import ApiServer
from brownie import Workstreams, accounts, chain, web3
from eth_account import Account
from helpers import dev_key, set_mining
from http_errors import assert_error

from api.chain.typed_data import claim_nonce
from scripts.deploy import TOKEN_UNIT, deploy_work
from scripts.governance import publish
from scripts.signatures import ballot, domain, sign
from scripts.work_signatures import board_domain, claim, claim_terms

STRANGER_KEY = "0x" + "5b" * 32  # a fresh key with no relation to the DAO
OPEN_TASKS = 4


@pytest.fixture(scope="module")
def scenario(scenario, deployment, gov):
    """The governance scenario (an active proposal), then the work demo and open tasks in the
    Community workstream (no claim bond)."""
    deploy_work(deployment)
    ids = work_story.run(deployment, accounts)
    community, member = ids["workstreams"][1], accounts[4]
    spec = publish(
        {
            "schema": "teal/task-spec@1",
            "body": {
                "title": "Relay me",
                "description": "A task for relayed claims.",
                "acceptance_criteria": ["done"],
                "reward_wei": str(10 * TOKEN_UNIT),
            },
        }
    )
    tasks = [
        deployment.task_board.createTask(community, 0, 10 * TOKEN_UNIT, 0, spec, {"from": member}).events[
            "TaskCreated"
        ]["taskId"]
        for _ in range(OPEN_TASKS)
    ]
    return {**scenario, **ids, "community": community, "open": tasks}


@pytest.fixture(scope="module")
def start_server(server_env, api_dir):
    """Start another API server on the same chain and index with extra settings and, unless
    told, a database of its own (empty: quotas and budget start at zero); stopped at the end."""
    started = []

    def start(name: str, *, own_database: bool = True, **env: str) -> ApiServer:
        extra = {"TEAL_DATABASE_URL": f"sqlite:///{api_dir / (name + '.db')}"} if own_database else {}
        srv = ApiServer({**server_env, **extra, **env}, log_path=api_dir / f"{name}.log").start()
        started.append(srv)
        return srv

    yield start
    for srv in started:
        srv.stop()


def _key(account) -> str:
    return dev_key(account)


def _claim(board, task_id, key, *, deadline=None):
    claimant = Account.from_key(key).address
    deadline = chain[-1].timestamp + 3600 if deadline is None else deadline
    reward, bond = claim_terms(board, Workstreams.at(board.workstreams()), task_id)
    nonce = claim_nonce()
    typed = claim(
        domain=board_domain(chain_id=chain.id, verifying_contract=board.address),
        task_id=task_id,
        claimant=claimant,
        reward=reward,
        max_bond=bond,
        nonce=nonce,
        deadline=deadline,
    )
    signature = "0x" + bytes(sign(typed, key).signature).hex()
    return {
        "task_id": task_id,
        "claimant": claimant,
        "reward": str(reward),
        "max_bond": str(bond),
        "nonce": str(nonce),
        "deadline": deadline,
        "signature": signature,
    }


def _vote(governor, proposal_id, key, support=1):
    voter = Account.from_key(key).address
    typed = ballot(
        domain=domain(name=governor.name(), chain_id=chain.id, verifying_contract=governor.address),
        proposal_id=proposal_id,
        support=support,
        voter=voter,
        nonce=governor.nonces(voter),
    )
    return {
        "proposal_id": str(proposal_id),
        "support": support,
        "voter": voter,
        "signature": "0x" + bytes(sign(typed, key).signature).hex(),
    }


def test_a_stranger_claim_is_refused_and_a_holder_claim_relayed(http, deployment, scenario, alice):
    board, task_id = deployment.task_board, scenario["open"][0]

    stranger = http.post("/relay/claims", json=_claim(board, task_id, STRANGER_KEY))
    holder = http.post("/relay/claims", json=_claim(board, task_id, _key(alice)))

    error = assert_error(stranger, 403, "relay_not_eligible", "body.claimant")
    assert Account.from_key(STRANGER_KEY).address in error["message"]
    assert holder.status_code == 200, holder.text
    assert holder.json()["status"] == "mined"
    assert board.task(task_id)["claimant"] == alice


def test_a_zero_weight_vote_is_refused(http, governor, scenario, signer):
    pid = scenario["active"].proposal_id

    response = http.post("/relay/votes", json=_vote(governor, pid, STRANGER_KEY))

    assert_error(response, 403, "relay_not_eligible", "body.voter")
    assert not governor.hasVoted(pid, Account.from_key(STRANGER_KEY).address)


def test_a_deadline_centuries_away_is_refused(http, deployment, scenario, alice):
    board, task_id = deployment.task_board, scenario["open"][0]
    centuries = chain[-1].timestamp + 300 * 365 * 86_400

    response = http.post("/relay/claims", json=_claim(board, task_id, _key(alice), deadline=centuries))
    just_inside = http.post(
        "/relay/claims",
        json=_claim(board, task_id, _key(alice), deadline=chain[-1].timestamp + 86_000),
    )

    assert_error(response, 422, "deadline_too_far", "body.deadline")
    assert just_inside.status_code == 200, just_inside.text


def test_allow_list_and_open_workstreams_admit_strangers(deployment, scenario, start_server):
    board, (first, second) = deployment.task_board, scenario["open"][:2]
    stranger = Account.from_key(STRANGER_KEY).address
    listed = start_server("allowlist", own_database=False, TEAL_RELAY_ALLOWLIST=stranger.lower())
    opened = start_server("open", own_database=False, TEAL_RELAY_OPEN_WORKSTREAMS=f" {scenario['community']} ,99")

    by_list = httpx.post(listed.url + "/relay/claims", json=_claim(board, first, STRANGER_KEY))
    by_team = httpx.post(opened.url + "/relay/claims", json=_claim(board, second, "0x" + "5c" * 32), timeout=30)

    assert by_list.status_code == 200, by_list.text
    assert by_team.status_code == 200, by_team.text
    assert board.task(first)["claimant"] == stranger


def test_daily_quotas_per_account_and_per_ip_give_429(deployment, scenario, start_server, alice, bob, carol):
    board, tasks = deployment.task_board, scenario["open"]
    srv = start_server(
        "quota", TEAL_RELAY_CLAIMANTS="anyone", TEAL_RELAY_ACCOUNT_DAILY_LIMIT="1", TEAL_RELAY_IP_DAILY_LIMIT="2"
    )

    def post(task_id, who):
        return httpx.post(srv.url + "/relay/claims", json=_claim(board, task_id, _key(who)), timeout=30)

    first = post(tasks[0], alice)
    same_account = post(tasks[1], alice)
    other_account = post(tasks[1], bob)
    same_ip = post(tasks[2], carol)

    assert first.status_code == 200, first.text
    error = assert_error(same_account, 429, "relay_quota_exceeded")
    assert alice.address in error["message"]
    assert 1 <= int(same_account.headers["retry-after"]) <= 86_400
    assert other_account.status_code == 200, other_account.text  # the refusal counted nothing
    assert_error(same_ip, 429, "relay_quota_exceeded")
    assert 1 <= int(same_ip.headers["retry-after"]) <= 86_400
    assert board.task(tasks[2])["status"] == 1  # nothing was sent for the refused one


def test_the_gas_budget_spent_gives_403_and_is_shared_through_the_database(deployment, scenario, start_server, alice):
    board, task_id = deployment.task_board, scenario["open"][0]
    tiny = start_server("budget", TEAL_RELAY_DAILY_GAS_BUDGET_WEI="1", TEAL_RELAY_CLAIMANTS="anyone")
    ample = start_server("ample", TEAL_RELAY_CLAIMANTS="anyone")  # its own database: not indexed
    twin = start_server("ample-twin", TEAL_DATABASE_URL=ample.env["TEAL_DATABASE_URL"], own_database=False)

    refused = httpx.post(tiny.url + "/relay/claims", json=_claim(board, task_id, _key(alice)), timeout=30)
    relayed = httpx.post(ample.url + "/relay/claims", json=_claim(board, task_id, _key(alice)), timeout=30)

    error = assert_error(refused, 403, "relay_budget_spent")
    assert int(refused.headers["retry-after"]) >= 1 and "of 1 wei" in error["message"]
    assert board.task(task_id)["claimant"] == alice
    receipt = web3.eth.get_transaction_receipt(relayed.json()["tx_hash"])
    cost = receipt["gasUsed"] * receipt["effectiveGasPrice"]
    # Another worker on the same database sees what this one spent.
    budget = httpx.get(twin.url + "/relay/policy").json()["gas_budget"]
    assert int(budget["spent_today_wei"]) == cost > 0
    assert int(budget["remaining_wei"]) == int(budget["daily_wei"]) - cost


def test_policy_endpoint_says_what_applies(http, start_server, scenario, relayer_address, deployment):
    stranger = Account.from_key(STRANGER_KEY).address
    custom = start_server(
        "custom",
        own_database=False,
        TEAL_RELAY_ALLOWLIST=stranger.lower(),
        TEAL_RELAY_OPEN_WORKSTREAMS="2,1",
        TEAL_RELAY_MAX_DEADLINE_SECONDS="3600",
        TEAL_RELAY_ACCOUNT_DAILY_LIMIT="3",
        TEAL_RELAY_IP_DAILY_LIMIT="7",
        TEAL_RELAY_DAILY_GAS_BUDGET_WEI="5000",
    )

    default = http.get("/relay/policy")
    tuned = httpx.get(custom.url + "/relay/policy").json()

    assert default.status_code == 200
    body = default.json()
    assert body["enabled"] is True and body["relayer"] == relayer_address
    assert body["claims"] == {
        "claimants": "dao",
        "allowlist": [],
        "open_workstreams": [],
        "max_deadline_seconds": 86_400,
    }
    assert body["votes"] == {"min_voting_power": "0"}
    assert body["forward"] == {
        "forwarder": deployment.forwarder.address,
        "max_gas": 1_000_000,
        "targets": {
            "TaskBoard": deployment.task_board.address,
            "Workstreams": deployment.workstreams.address,
            "MerkleDistributor": deployment.distributor.address,
            "StipendStreams": deployment.stipends.address,
        },
    }
    assert body["quotas"] == {"per_ip_per_minute": 1000, "per_ip_per_day": 200, "per_account_per_day": 20}
    assert body["gas_budget"]["daily_wei"] == str(10**17)
    assert body["gas_budget"]["resets_at"] % 86_400 == 0 and body["gas_budget"]["resets_at"] > time.time()
    assert tuned["claims"] == {
        "claimants": "dao",
        "allowlist": [stranger],
        "open_workstreams": [1, 2],
        "max_deadline_seconds": 3600,
    }
    assert tuned["quotas"]["per_account_per_day"] == 3 and tuned["quotas"]["per_ip_per_day"] == 7
    assert tuned["gas_budget"]["daily_wei"] == "5000"
    schema = http.get("/openapi.json").json()
    assert "RelayPolicyOut" in schema["components"]["schemas"]
    assert "403" in schema["paths"]["/relay/claims"]["post"]["responses"]


def _clean(text: str) -> None:
    """A revert told in words: EIP-55 addresses, hex bytes, no node internals."""
    assert "b'" not in text and 'b"' not in text and "programCounter" not in text.replace(" ", "")
    for address in re.findall(r"0x[0-9a-fA-F]{40}(?![0-9a-fA-F])", text):
        assert address != address.lower(), text


def test_the_loser_of_a_relay_race_gets_the_decoded_error(http, deployment, scenario, alice, bob):
    """Two claims of one task relayed at once: one is mined; the other is answered 409 with
    the decoded `TaskNotOpen` (or `status: reverted` naming it, if it was mined too)."""
    board = deployment.task_board
    for task_id in scenario["open"][:3]:
        requests = [_claim(board, task_id, _key(who)) for who in (alice, bob)]
        barrier = threading.Barrier(2)

        def post(body, barrier=barrier):
            barrier.wait()
            return http.post("/relay/claims", json=body)

        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(post, requests))

        mined = [a for a in answers if a.status_code == 200 and a.json()["status"] == "mined"]
        assert len(mined) == 1, [a.text for a in answers]
        [loser] = [a for a in answers if a is not mined[0]]
        if loser.status_code == 200:
            assert loser.json()["status"] == "reverted" and loser.json()["revert"]["name"] == "TaskNotOpen"
        else:
            error = assert_error(loser, 409)
            assert error["code"] in ("task_not_open", "reverted"), error
            assert error["code"] == "task_not_open" or error["field"] == "TaskNotOpen"
            _clean(error["message"])


def test_a_claim_mined_after_another_is_reported_reverted_with_the_decoded_error(
    http, deployment, scenario, alice, bob, relayer_address
):
    """With mining paused both relays pass their checks and are sent; the second is mined
    and reverts: the answer is `status: reverted` with `TaskNotOpen` and its arguments."""
    board, task_id = deployment.task_board, scenario["open"][3]
    set_mining(False)
    try:
        with ThreadPoolExecutor(2) as pool:
            first = pool.submit(http.post, "/relay/claims", json=_claim(board, task_id, _key(alice)))
            _wait(lambda: _pool(relayer_address) == 1, first)
            second = pool.submit(http.post, "/relay/claims", json=_claim(board, task_id, _key(bob)))
            _wait(lambda: _pool(relayer_address) == 2, second)
            set_mining(True)
            won, lost = first.result(), second.result()
    finally:
        set_mining(True)

    assert won.status_code == 200 and won.json()["status"] == "mined", won.text
    assert lost.status_code == 200, lost.text
    body = lost.json()
    assert body["status"] == "reverted"
    assert body["revert"] == {"name": "TaskNotOpen", "args": {"taskId": str(task_id), "status": "2"}}
    assert web3.eth.get_transaction_receipt(body["tx_hash"])["status"] == 0
    assert board.task(task_id)["claimant"] == alice


def _pool(address: str) -> int:
    """Transactions from `address` waiting in the node's pool."""
    pending = web3.provider.make_request("txpool_content", [])["result"]["pending"]
    return len(pending.get(address.lower(), {}))


def _wait(condition, request, timeout: float = 20.0) -> None:
    """Until `condition()`; fails early if the `request` (a future) ended meanwhile."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert not request.done(), f"answered before reaching the pool: {request.result().text}"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_refused_relay_names_the_decoded_error_in_words(http, deployment, scenario, alice):
    """A claim signed by someone else for alice: 422 naming `TaskInvalidSignature` with its
    arguments, alice's address EIP-55, no bytes repr nor node internals."""
    board, task_id = deployment.task_board, scenario["open"][0]
    forged = {**_claim(board, task_id, _key(alice)), "signature": _claim(board, task_id, STRANGER_KEY)["signature"]}

    response = http.post("/relay/claims", json=forged)

    error = assert_error(response, 422, "reverted", "TaskInvalidSignature")
    assert f"TaskInvalidSignature(claimant={alice.address})" in error["message"]
    _clean(error["message"])
    assert len(error["message"]) < 400
