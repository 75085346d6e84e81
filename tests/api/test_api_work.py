"""End to end over the work contracts: the work story (tests/work_story.py) plus a problem post
followed through to a paid task, indexed, served by uvicorn, checked against the contracts."""

from __future__ import annotations

import time

import pytest
import work_story
from brownie import accounts, chain, web3
from eth_account import Account
from http_errors import assert_error

from api.chain.types import TaskStatus
from api.content import compute_cid, parse_document, sign_document
from scripts.deploy import TOKEN_UNIT, deploy_work
from scripts.governance import publish
from scripts.signatures import sign
from scripts.work_signatures import board_domain, claim

POSTER = Account.from_key("0x" + "44" * 32)
CLAIMER_KEY = "0x" + "45" * 32


@pytest.fixture(scope="module")
def problem_post(deployment):
    from api.content import SigningDomain

    domain = SigningDomain(chain_id=chain.id, verifying_contract=deployment.governor.address)
    doc = parse_document(
        {
            "schema": "teal/post@1",
            "body": {
                "category": "problem",
                "title": "Nobody runs meetups",
                "text": "We need a meetup in Lisbon.",
                "tags": ["workstream:2", "events"],
                "created_at": int(time.time()),
            },
        }
    )
    return sign_document(doc, account=POSTER, domain=domain).envelope()


@pytest.fixture(scope="module")
def scenario(deployment, gov, relayer_address, problem_post):
    """The work demo, then: a task whose spec addresses the problem post, claimed, submitted,
    approved and paid; and an open task left for a relayed claim."""
    gov.transfer(relayer_address, "10 ether")
    deploy_work(deployment)
    ids = work_story.run(deployment, accounts)
    board, community = deployment.task_board, ids["workstreams"][1]
    dev, cleo, finn = accounts[4], accounts[3], accounts[5]
    post_cid = compute_cid(parse_document(problem_post).to_bytes())
    spec = publish(
        {
            "schema": "teal/task-spec@1",
            "body": {
                "title": "Run a Lisbon meetup",
                "description": "Book a venue, invite people.",
                "acceptance_criteria": ["20 attendees"],
                "reward_wei": str(300 * TOKEN_UNIT),
                "addresses_post": post_cid,
            },
        }
    )
    followed = board.createTask(community, 0, 300 * TOKEN_UNIT, 0, spec, {"from": dev}).events["TaskCreated"]["taskId"]
    board.claim(followed, 300 * TOKEN_UNIT, 0, {"from": finn})
    board.submit(
        followed,
        publish(
            {
                "schema": "teal/submission@1",
                "body": {
                    "task_spec": spec,
                    "summary": "Done",
                    "deliverables": [{"label": "photos", "uri": "https://x.example"}],
                },
            }
        ),
        [],
        [],
        {"from": finn},
    )
    board.approve(followed, "", [], [], {"from": cleo})
    open_spec = publish(
        {
            "schema": "teal/task-spec@1",
            "body": {
                "title": "Translate the docs",
                "description": "Into Portuguese.",
                "acceptance_criteria": ["reviewed"],
                "reward_wei": str(100 * TOKEN_UNIT),
            },
        }
    )
    open_task = board.createTask(community, 0, 100 * TOKEN_UNIT, 0, open_spec, {"from": dev}).events["TaskCreated"][
        "taskId"
    ]
    return {
        **ids,
        "post_cid": post_cid,
        "followed": followed,
        "open": open_task,
        "open_spec": open_spec,
    }


@pytest.fixture(scope="module")
def server_env(server_env, scenario):
    """The relayed claims here come from a fresh key (CLAIMER_KEY): the Community team opens
    its tasks to anyone through the relayer (TEAL_RELAY_OPEN_WORKSTREAMS)."""
    return {**server_env, "TEAL_RELAY_OPEN_WORKSTREAMS": str(scenario["workstreams"][1])}


def test_workstream_budget_equals_the_contract_view(http, deployment, scenario):
    for workstream_id in scenario["workstreams"]:
        body = http.get(f"/workstreams/{workstream_id}").json()

        funded, reserved, paid, available, clawed_back = deployment.workstreams.budget(workstream_id)
        assert body["budget"]["funded"] == str(funded)
        assert body["budget"]["reserved"] == str(reserved)
        assert body["budget"]["paid"] == str(paid)
        assert body["budget"]["available"] == str(available)
        assert body["budget"]["clawed_back"] == str(clawed_back)
        info = deployment.workstreams.workstream(workstream_id)
        assert body["guardrails"]["approvals_required"] == info["guardrails"][4]


def test_workstream_members_and_list(http, scenario):
    listed = http.get("/workstreams").json()["items"]
    core = http.get(f"/workstreams/{scenario['workstreams'][0]}").json()

    assert [w["id"] for w in listed] == scenario["workstreams"]
    assert {m["account"] for m in core["members"] if m["active"]} == {a.address for a in accounts[1:4]}
    assert core["member_count"] == 3


def test_tasks_match_the_board_view(http, deployment, scenario):
    board = deployment.task_board
    tasks, cursor = [], None
    while True:
        page = http.get("/tasks", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        tasks += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert len(tasks) == board.taskCount() if hasattr(board, "taskCount") else len(tasks) >= 6
    for task in tasks:
        info = board.task(task["id"])
        assert task["status"] == TaskStatus(info["status"]).label
        assert task["reward"] == str(info["reward"])
        assert task["workstream_id"] == info["workstreamId"]
        spec = http.get(f"/tasks/{task['id']}").json()["spec"]
        assert task["title"] == spec["body"]["title"] and task["spec_cid"] == spec["cid"]


def test_task_board_filters(http, scenario):
    core, community = scenario["workstreams"]

    paid = http.get("/tasks", params={"status": "paid"}).json()["items"]
    mine = http.get("/tasks", params={"claimant": accounts[5].address}).json()["items"]
    team = http.get("/tasks", params={"workstream_id": community, "sort": "-reward"}).json()["items"]
    cheap = http.get(
        "/tasks", params={"max_reward": str(400 * TOKEN_UNIT), "min_reward": str(400 * TOKEN_UNIT)}
    ).json()["items"]
    subtasks = http.get("/tasks", params={"parent_id": scenario["tasks"][0]}).json()["items"]

    assert {t["id"] for t in paid} >= {
        scenario["tasks"][0],
        scenario["tasks"][3],
        scenario["followed"],
    }
    assert all(t["claimant"] == accounts[5].address for t in mine) and mine
    assert [int(t["reward"]) for t in team] == sorted((int(t["reward"]) for t in team), reverse=True)
    assert all(t["workstream_id"] == community for t in team)
    assert [t["id"] for t in cheap] == [scenario["tasks"][3]]
    assert [t["id"] for t in subtasks] == [scenario["tasks"][1]]


def test_one_task_has_its_full_record(http, scenario):
    indexer = scenario["tasks"][0]

    body = http.get(f"/tasks/{indexer}").json()

    assert body["status"] == "paid"
    assert [s["round"] for s in body["submissions"]] == [0, 1] or len(body["submissions"]) == 2
    assert [r["verdict"] for r in body["reviews"]] == ["reject", "approve", "approve"]
    assert {p["recipient"] for p in body["payments"]} == {accounts[5].address, accounts[6].address}
    assert sum(int(p["amount"]) for p in body["payments"]) == int(body["reward"])
    kinds = [h["kind"] for h in body["history"]]
    assert kinds[0].lower().startswith("creat") and len(kinds) >= 6
    assert body["subtasks"] == [scenario["tasks"][1]]


def test_contributor_earnings_match_payments(http, deployment, scenario):
    finn = accounts[5]

    body = http.get(f"/contributors/{finn.address}").json()

    events = (
        http.get(f"/tasks/{scenario['tasks'][0]}").json()["payments"]
        + http.get(f"/tasks/{scenario['followed']}").json()["payments"]
    )
    expected = sum(int(p["amount"]) for p in events if p["recipient"] == finn.address)
    assert body["earnings"] == [{"token": deployment.token.address, "amount": str(expected), "payments": 2}]
    assert body["tasks_done"] == 2
    assert body["balance"] == str(deployment.token.balanceOf(finn))


def test_reviewer_is_credited(http, scenario):
    ana = accounts[1]

    body = http.get(f"/contributors/{ana.address}").json()

    assert body["reviews_given"] == 2
    assert scenario["workstreams"][0] in body["memberships"]


def test_team_metrics(http, scenario):
    core, community = scenario["workstreams"]

    core_m = http.get(f"/workstreams/{core}/metrics").json()
    community_m = http.get(f"/workstreams/{community}/metrics").json()
    empty = http.get(f"/workstreams/{core}/metrics", params={"start": 1, "end": 2}).json()

    assert core_m["tasks_completed"] == 1
    assert core_m["reviews"] == 3 and core_m["rejections"] == 1
    assert core_m["rejection_rate"] == pytest.approx(1 / 3)
    assert core_m["cycle_time_median_s"] is not None and core_m["cycle_time_median_s"] >= 0
    assert core_m["review_latency_median_s"] is not None
    # finn 70%, gia 30% of the one paid task: the top 20% (one of two) earned 70%.
    assert core_m["reward_concentration_top20"] == pytest.approx(0.7)
    assert community_m["tasks_completed"] == 2
    assert int(community_m["paid_in_period"]) == 700 * TOKEN_UNIT
    assert community_m["burn_vs_cap"] == pytest.approx(700 / 50_000)
    assert empty["tasks_completed"] == 0 and empty["reward_concentration_top20"] is None


def test_problem_post_shows_its_follow_through(http, scenario, problem_post):
    published = http.post("/posts", json=problem_post)

    thread = http.get(f"/posts/{scenario['post_cid']}").json()
    listed = http.get("/posts", params={"workstream_id": scenario["workstreams"][1]}).json()["items"]

    assert published.status_code in (200, 201) and published.json()["cid"] == scenario["post_cid"]
    assert published.json()["author"] == POSTER.address
    [task] = thread["root"]["follow_through"]
    assert task["task_id"] == scenario["followed"] and task["status"] == "paid"
    assert sum(int(p["amount"]) for p in task["paid"]) == 300 * TOKEN_UNIT
    assert thread["root"]["paid_total"][0]["amount"] == str(300 * TOKEN_UNIT)
    assert scenario["post_cid"] in [p["cid"] for p in listed]


NONCE = 41


def _claim_signature(board, task_id, key, deadline):
    """Sign a claim of `task_id` at its current reward, with no bond, nonce NONCE."""
    claimant = Account.from_key(key).address
    typed = claim(
        domain=board_domain(chain_id=chain.id, verifying_contract=board.address),
        task_id=task_id,
        claimant=claimant,
        reward=_reward(board, task_id),
        max_bond=0,
        nonce=NONCE,
        deadline=deadline,
    )
    return claimant, "0x" + bytes(sign(typed, key).signature).hex()


def _reward(board, task_id):
    return board.task(task_id)["reward"] if 0 < task_id <= board.taskCount() else 0


def _terms(board, task_id):
    """The signed terms a relay request carries with the signature."""
    return {"reward": str(_reward(board, task_id)), "max_bond": "0", "nonce": str(NONCE)}


def test_relayed_claim_is_made_and_a_replay_is_refused(http, deployment, scenario, relayer_address):
    board, task_id = deployment.task_board, scenario["open"]
    deadline = chain.time() + 3600
    claimant, signature = _claim_signature(board, task_id, CLAIMER_KEY, deadline)
    request = {
        "task_id": task_id,
        "claimant": claimant,
        "deadline": deadline,
        "signature": signature,
        **_terms(board, task_id),
    }

    first = http.post("/relay/claims", json=request)
    replay = http.post("/relay/claims", json=request)

    assert first.status_code == 200, first.text
    assert board.task(task_id)["claimant"] == claimant
    assert first.json()["relayer"] == relayer_address
    assert_error(replay, 409, "task_not_open", "body.task_id")


def test_forged_and_expired_claims_are_rejected_with_the_contract_error(http, deployment, scenario):
    board, task_id = deployment.task_board, scenario["open"]
    claimant, _ = _claim_signature(board, task_id, CLAIMER_KEY, 0)
    _, forged = _claim_signature(board, task_id, "0x" + "46" * 32, chain.time() + 3600)
    # The relay simulates at the latest block, whose timestamp lags the clock when no block
    # was mined for a while: mine one so that "ten seconds ago" is before it.
    chain.mine()
    past = chain[-1].timestamp - 10
    _, expired = _claim_signature(board, task_id, CLAIMER_KEY, past)

    bad = http.post(
        "/relay/claims",
        json={
            "task_id": task_id,
            "claimant": claimant,
            "deadline": chain.time() + 3600,
            "signature": forged,
            **_terms(board, task_id),
        },
    )
    late = http.post(
        "/relay/claims",
        json={
            "task_id": task_id,
            "claimant": claimant,
            "deadline": past,
            "signature": expired,
            **_terms(board, task_id),
        },
    )
    unknown = http.post(
        "/relay/claims",
        json={
            "task_id": 10_000,
            "claimant": claimant,
            "deadline": chain.time() + 3600,
            "signature": forged,
            **_terms(board, task_id),
        },
    )

    assert_error(bad, 422, "reverted", "TaskInvalidSignature")
    assert_error(late, 422, "reverted", "TaskSignatureExpired")
    assert unknown.status_code == 404
    assert board.task(task_id)["status"] == 1


def test_a_claim_that_reverts_once_mined_is_reported_with_its_transaction(http, deployment, scenario):
    """The state can change between the relay's simulation and the block: here the deadline
    is still ahead at the latest block but behind by the time the next one is mined. The
    relay answers with the mined transaction and `reverted`, never a 5xx."""
    board, task_id = deployment.task_board, scenario["open"]
    chain.mine()
    chain.sleep(60)  # the next block comes a minute after the latest one
    deadline = chain[-1].timestamp + 5
    claimant, signature = _claim_signature(board, task_id, CLAIMER_KEY, deadline)

    response = http.post(
        "/relay/claims",
        json={
            "task_id": task_id,
            "claimant": claimant,
            "deadline": deadline,
            "signature": signature,
            **_terms(board, task_id),
        },
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "reverted"
    receipt = web3.eth.get_transaction_receipt(body["tx_hash"])
    assert receipt["status"] == 0 and receipt["blockNumber"] == body["block_number"]
    assert board.task(task_id)["status"] == 1  # still open


def test_a_charter_that_requires_signed_documents_refuses_unsigned_ones(http, deployment, gov, database_url):
    """A team whose charter says `documents: signed`: the API refuses an unsigned task spec
    for it (the chain cannot tell), takes a signed one, and other teams are unaffected."""
    from api_index import index_into
    from work_fixtures import guardrails

    from api.content import SigningDomain

    dao = accounts.at(deployment.timelock.address, force=True)
    gov.transfer(dao, "1 ether")
    charter = publish(
        {
            "schema": "teal/charter@1",
            "body": {"name": "Signed only", "mission": "Every document signed.", "budget_wei": "0",
                     "period_days": 30, "documents": "signed"},
        }
    )  # fmt: skip
    created = deployment.workstreams.createWorkstream(
        "Signed only", charter, [accounts[1]], deployment.token, chain.time() + 30 * 86400, guardrails(approvals=1),
        {"from": dao},
    )  # fmt: skip
    team = created.events["WorkstreamCreated"]["workstreamId"]
    index_into(database_url, deployment)
    spec = {
        "schema": "teal/task-spec@1",
        "body": {"title": "Audit", "description": "d", "acceptance_criteria": ["c"], "reward_wei": "1",
                 "workstream_id": team},
    }  # fmt: skip
    domain = SigningDomain(chain_id=chain.id, verifying_contract=deployment.governor.address)

    unsigned = http.post("/documents", json=spec)
    signed = http.post("/documents", json=sign_document(parse_document(spec), account=POSTER, domain=domain).envelope())
    elsewhere = http.post("/documents", json={**spec, "body": {**spec["body"], "workstream_id": 1}})

    error = assert_error(unsigned, 422, "signature_required", "body.signature")
    assert f"workstream {team}'s charter requires signed" in error["message"]
    assert signed.status_code == 201, signed.text
    assert elsewhere.status_code == 201, elsewhere.text
