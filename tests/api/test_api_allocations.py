"""Peer allocations through the API (real chain, indexed SQLite, uvicorn): members publish signed
`teal/allocation@1` documents, a later one replaces the earlier, every rule refuses with its
typed error and stores nothing, and the results (payouts, root, proofs) equal a direct
computation and pay on chain once the team posts the root."""

from __future__ import annotations

import pytest
from brownie import accounts, chain
from eth_account import Account
from http_errors import assert_error
from rewards_fixtures import *  # noqa: F403 - distributor, team_act, open_epoch
from rewards_fixtures import DAY, POT, UNIT
from work_fixtures import *  # noqa: F403 - work, make_workstream, budget_token
from work_fixtures import DELIVERABLE, SPEC, advance_past

from api.content import (
    EpochTermsV1,
    LocalStore,
    canonical_bytes,
    compute_cid,
    make_document,
    open_store,
    parse_document,
    sign_document,
)
from api.content.schemas import parse_body
from api.rewards import Allocation, compute_distribution
from api.settings import load_settings

KEYS = {
    name: "0x" + f"{i:02x}" * 32
    for i, name in ((0x71, "g1"), (0x72, "g2"), (0x73, "g3"), (0x74, "outsider"), (0x75, "paid"), (0x76, "early"))
}
CAP = 400 * UNIT


@pytest.fixture(scope="module")
def people():
    return {name: Account.from_key(key) for name, key in KEYS.items()}


def _terms_cid(**terms) -> str:
    store = open_store(load_settings())
    return store.put(make_document(EpochTermsV1(**terms)).to_bytes())


def _pay(board, ws, contributor, alice, bob) -> None:
    """`contributor` claims and submits a task of `ws`; alice and bob approve: it is paid."""
    task = board.createTask(ws, 0, 10 * UNIT, 0, SPEC, {"from": alice}).events["TaskCreated"]["taskId"]
    board.claim(task, 10 * UNIT, 0, {"from": contributor})
    board.submit(task, DELIVERABLE, [], [], {"from": contributor})
    board.approve(task, "ok", [], [], {"from": alice})
    assert "TaskPaid" in board.approve(task, "ok", [], [], {"from": bob}).events


@pytest.fixture(scope="module")
def scenario(work, board, make_workstream, distributor, team_act, alice, bob, gov, people):
    """A team (alice, bob, g1, g2, g3) with five epochs: ended, not started, two open ones
    (`open_a` for single allocations, `open_b` for a whole epoch's results) and `open_c`, whose
    terms let the contributors paid since `since` give and receive: `paid` was paid after it,
    `early` before."""
    members = [alice, bob, *(people[n].address for n in ("g1", "g2", "g3"))]
    ws = make_workstream(members=members, name="Allocations")
    terms = _terms_cid(workstream_id=ws, title="capped", allowance=100, cap_wei=str(CAP))
    paid, early = accounts.add(KEYS["paid"]), accounts.add(KEYS["early"])
    for contributor in (paid, early):
        gov.transfer(contributor, "1 ether")
    _pay(board, ws, early, alice, bob)
    advance_past(chain[-1].timestamp + DAY)
    since = chain[-1].timestamp  # a day after early was paid; the next block is not earlier
    _pay(board, ws, paid, alice, bob)
    with_contributors = _terms_cid(workstream_id=ws, title="and contributors", contributors_since=since)

    def open_(start: int, length: int, cid: str = terms) -> int:
        tx = team_act(distributor.openEpoch, ws, POT, start, start + length, start + length + 30 * DAY, cid)
        return int(tx.events["EpochOpened"]["epochId"])

    ended = open_(chain.time(), 3600)
    advance_past(chain[-1].timestamp + 3600)
    future = open_(chain.time() + 10 * DAY, DAY)
    open_a = open_(chain.time(), 20 * DAY, "bafkreiepochwithoutterms")  # no terms: 100 GIVE, no cap
    open_b = open_(chain.time(), 20 * DAY)
    open_c = open_(chain.time(), 20 * DAY, with_contributors)
    chain.mine()
    return {"ws": ws, "ended": ended, "future": future, "open_a": open_a, "open_b": open_b, "open_c": open_c}


@pytest.fixture(scope="module")
def domain_(deployment):
    from api.content import SigningDomain

    return SigningDomain(chain_id=chain.id, verifying_contract=deployment.governor.address)


def allocation(signer, epoch_id, ws, gifts, *, issued_at=1000, giver=None, domain=None, **extra):
    body = parse_body(
        "teal/allocation@1",
        {
            "epoch_id": epoch_id,
            "workstream_id": ws,
            "giver": giver or signer.address,
            "issued_at": issued_at,
            "receivers": [{"account": a, "give": g, **({"note": n} if n else {})} for a, g, n in gifts],
            **extra,
        },
    )
    return sign_document(make_document(body), account=signer, domain=domain)


def _twice(signer, receiver, epoch, ws, domain):
    """A signed allocation whose body then lists `receiver` twice (the schema refuses it first)."""
    doc = allocation(signer, epoch, ws, [(receiver.address, 5, "")], domain=domain).envelope()
    doc["body"]["receivers"] = doc["body"]["receivers"] * 2
    return doc


def post(http, epoch_id, document):
    envelope = document if isinstance(document, dict) else document.envelope()
    return http.post(f"/rewards/epochs/{epoch_id}/allocations", json=envelope)


def current(http, epoch_id):
    return {item["giver"]: item for item in http.get(f"/rewards/epochs/{epoch_id}/allocations").json()["items"]}


def test_a_member_publishes_an_allocation_and_the_team_reads_its_notes(scenario, http, people, domain_):
    g1, g2, g3 = (people[n] for n in ("g1", "g2", "g3"))
    doc = allocation(g1, scenario["open_a"], scenario["ws"], [(g2.address, 60, "ran the release"), (g3.address, 40, "")],
                     domain=domain_)  # fmt: skip

    created = post(http, scenario["open_a"], doc)
    again = post(http, scenario["open_a"], doc)

    assert created.status_code == 201 and again.status_code == 200, created.text
    cid = created.json()["cid"]
    assert cid == compute_cid(doc.to_bytes(), cid_version=load_settings().cid_version) == again.json()["cid"]
    listing = http.get(f"/rewards/epochs/{scenario['open_a']}/allocations").json()
    assert listing["allowance"] == 100 and listing["open"] is True
    assert set(listing["givers"]) >= {g1.address, g2.address, g3.address}
    mine = current(http, scenario["open_a"])[g1.address]
    assert mine["cid"] == cid and mine["total_give"] == 100
    assert mine["receivers"] == [
        {"account": g2.address, "give": 60, "note": "ran the release"},
        {"account": g3.address, "give": 40, "note": ""},
    ]
    assert parse_document(http.get(f"/documents/{cid}").json()).author == g1.address


def test_a_later_allocation_replaces_the_earlier_and_an_older_one_is_refused(scenario, http, people, domain_):
    g1, g2, g3 = (people[n] for n in ("g1", "g2", "g3"))
    epoch, ws = scenario["open_a"], scenario["ws"]
    first = allocation(g2, epoch, ws, [(g1.address, 100, "")], issued_at=2000, domain=domain_)
    second = allocation(g2, epoch, ws, [(g3.address, 70, "docs")], issued_at=2001, domain=domain_)
    same_time = allocation(g2, epoch, ws, [(g1.address, 10, "")], issued_at=2001, domain=domain_)

    assert post(http, epoch, first).status_code == 201
    assert post(http, epoch, second).status_code == 201
    replayed = post(http, epoch, first)
    tie = post(http, epoch, same_time)

    assert_error(replayed, 409, "allocation_replayed", "body.body.issued_at")
    assert_error(tie, 409, "allocation_replayed", "body.body.issued_at")
    mine = current(http, epoch)[g2.address]
    assert mine["cid"] == post(http, epoch, second).json()["cid"] and mine["issued_at"] == 2001
    assert mine["receivers"] == [{"account": g3.address, "give": 70, "note": "docs"}]


def _forged(signer, other, epoch, ws, domain):
    """g1's signature on a document naming g2 as author and giver."""
    doc = allocation(signer, epoch, ws, [(other.address, 1, "")], giver=other.address, domain=domain).envelope()
    doc["author"] = other.address
    return doc


BAD = {
    "self": (lambda p, e, ws, d: allocation(p["g3"], e, ws, [(p["g3"].address, 5, "")], domain=d),
             422, "self_allocation", "body.body.receivers.0.account"),
    "over the allowance": (lambda p, e, ws, d: allocation(p["g3"], e, ws, [(p["g1"].address, 60, ""),
                                                                          (p["g2"].address, 41, "")], domain=d),
                           422, "over_allowance", "body.body.receivers"),
    "receiver not a member": (lambda p, e, ws, d: allocation(p["g3"], e, ws, [(p["outsider"].address, 5, "")], domain=d),
                              422, "receiver_not_member", "body.body.receivers.0.account"),
    "giver not a member": (lambda p, e, ws, d: allocation(p["outsider"], e, ws, [(p["g1"].address, 5, "")], domain=d),
                           403, "giver_not_member", "body.author"),
    "forged signature": (lambda p, e, ws, d: _forged(p["g1"], p["g3"], e, ws, d),
                         422, "invalid_signature", "body.signature"),
    "unsigned": (lambda p, e, ws, d: make_document(parse_body("teal/allocation@1", {
                     "epoch_id": e, "workstream_id": ws, "giver": p["g3"].address, "issued_at": 1, "receivers": []
                 })).envelope(),
                 422, "signature_required", "body.signature"),
    "signed by another than the giver": (lambda p, e, ws, d: allocation(p["g1"], e, ws, [(p["g2"].address, 5, "")],
                                                                        giver=p["g3"].address, domain=d),
                                         422, "giver_not_author", "body.body.giver"),
    "another epoch's document": (lambda p, e, ws, d: allocation(p["g3"], e + 1, ws, [(p["g1"].address, 5, "")], domain=d),
                                 422, "epoch_mismatch", "body.body.epoch_id"),
    "another team's document": (lambda p, e, ws, d: allocation(p["g3"], e, ws + 1, [(p["g1"].address, 5, "")], domain=d),
                                422, "workstream_mismatch", "body.body.workstream_id"),
    "a receiver twice": (lambda p, e, ws, d: _twice(p["g3"], p["g1"], e, ws, d),
                         422, "invalid_document", "body.body.receivers"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD))
def test_each_rule_refuses_with_a_named_error_and_stores_nothing(scenario, http, people, domain_, case):
    make, status, code, field = BAD[case]
    epoch = scenario["open_a"]
    envelope = make(people, epoch, scenario["ws"], domain_)
    envelope = envelope if isinstance(envelope, dict) else envelope.envelope()
    before = current(http, epoch)

    response = post(http, epoch, envelope)

    assert_error(response, status, code, field)
    assert current(http, epoch) == before
    store = open_store(load_settings())
    assert isinstance(store, LocalStore)
    assert not store.has(compute_cid(canonical_bytes(envelope), cid_version=store.cid_version))


@pytest.mark.parametrize(
    ("which", "status", "code"),
    [("ended", 409, "epoch_ended"), ("future", 409, "epoch_not_started"), ("unknown", 404, "epoch_not_found")],
)
def test_allocations_only_while_the_epoch_is_open(scenario, http, people, domain_, which, status, code):
    epoch = scenario.get(which, 999_999)
    doc = allocation(people["g1"], epoch, scenario["ws"], [(people["g2"].address, 5, "")], domain=domain_)

    assert_error(post(http, epoch, doc), status, code)
    if which != "unknown":
        assert current(http, epoch) == {}


def test_allocations_are_not_published_around_the_epoch_rules(scenario, http, people, domain_):
    doc = allocation(people["g1"], scenario["open_a"], scenario["ws"], [(people["g1"].address, 5, "")], domain=domain_)
    assert_error(http.post("/documents", json=doc.envelope()), 422, "wrong_endpoint", "body.schema")


def test_results_equal_a_direct_computation_and_the_root_pays_on_chain(
    scenario, http, people, domain_, distributor, team_act, budget_token
):
    g1, g2, g3 = (people[n] for n in ("g1", "g2", "g3"))
    epoch, ws = scenario["open_b"], scenario["ws"]
    assert_error(http.get(f"/rewards/epochs/{epoch}/results"), 409, "no_allocations")
    gives = {
        g1: [(g2.address, 70, "reviews"), (g3.address, 30, "")],
        g2: [(g1.address, 100, "")],
        g3: [(g1.address, 50, ""), (g2.address, 50, "")],
    }
    cids = {}
    for giver, gifts in gives.items():
        response = post(http, epoch, allocation(giver, epoch, ws, gifts, domain=domain_))
        assert response.status_code == 201, response.text
        cids[giver.address] = response.json()["cid"]

    body = http.get(f"/rewards/epochs/{epoch}/results").json()

    direct = compute_distribution(
        [Allocation(giver=g.address, receiver=a, give=n) for g, gifts in gives.items() for a, n, _ in gifts],
        pot=POT,
        cap=CAP,
        allowance=100,
    )
    assert body["root"] == direct.tree().root_hex and body["total"] == str(direct.total)
    assert body["returned"] == str(POT - direct.total) and body["cap"] == str(CAP) and body["final"] is False
    assert [(p["account"], int(p["amount"]), p["capped"]) for p in body["payouts"]] == [
        (p.account, p.amount, p.capped) for p in direct.payouts
    ]
    assert any(p.capped for p in direct.payouts)  # g1's share is above the cap: the rest is redistributed
    assert sorted(body["allocations"]) == sorted(cids.values())
    document = parse_document(body["distribution"])
    assert document.body.root == body["root"] and document.body.allocations == body["allocations"]
    assert compute_cid(document.to_bytes(), cid_version=load_settings().cid_version) == body["distribution_cid"]

    # The epoch ends, the team posts the root, and g2 claims with the API's proof.
    advance_past(int(http.get(f"/rewards/epochs/{epoch}").json()["end"]))
    assert_error(post(http, epoch, allocation(g1, epoch, ws, [], issued_at=5000, domain=domain_)), 409, "epoch_ended")
    assert http.get(f"/rewards/epochs/{epoch}/results").json()["final"] is True
    team_act(distributor.postRoot, epoch, body["root"], int(body["total"]), body["distribution_cid"])
    leaf = http.get(f"/rewards/epochs/{epoch}/proofs/{g2.address}").json()
    before = budget_token.balanceOf(g2.address)
    distributor.claim(epoch, leaf["index"], g2.address, int(leaf["amount"]), leaf["proof"], {"from": accounts[0]})
    assert budget_token.balanceOf(g2.address) - before == int(leaf["amount"]) > 0
    assert_error(http.get(f"/rewards/epochs/{epoch}/proofs/{people['outsider'].address}"), 404, "leaf_not_found")
    assert_error(http.get(f"/rewards/epochs/{epoch}/proofs/0x12"), 422, "invalid_address", "path.address")


def test_contributors_paid_since_the_terms_date_give_and_receive_beside_the_members(scenario, http, people, domain_):
    """`open_c`'s terms name `contributors_since`: `paid`, paid for a task after it, gives and
    receives; `early`, paid only before it, is refused either way, as in an epoch without it."""
    paid, early, g1 = people["paid"], people["early"], people["g1"]
    epoch, ws = scenario["open_c"], scenario["ws"]

    givers = http.get(f"/rewards/epochs/{epoch}/allocations").json()["givers"]
    gives = post(http, epoch, allocation(paid, epoch, ws, [(g1.address, 30, "reviewed my PR")], domain=domain_))
    receives = post(http, epoch, allocation(g1, epoch, ws, [(paid.address, 20, ""), (people["g2"].address, 5, "")],
                                            domain=domain_))  # fmt: skip
    early_gives = post(http, epoch, allocation(early, epoch, ws, [(g1.address, 5, "")], domain=domain_))
    early_receives = post(http, epoch, allocation(people["g2"], epoch, ws, [(early.address, 5, "")], domain=domain_))
    members_only = post(http, scenario["open_a"], allocation(paid, scenario["open_a"], ws, [(g1.address, 5, "")],
                                                              domain=domain_))  # fmt: skip

    assert paid.address in givers and early.address not in givers and g1.address in givers
    assert gives.status_code == 201 and receives.status_code == 201, (gives.text, receives.text)
    error = assert_error(early_gives, 403, "giver_not_member", "body.author")
    assert "nor a contributor it paid since" in error["message"]
    assert_error(early_receives, 422, "receiver_not_member", "body.body.receivers.0.account")
    assert_error(members_only, 403, "giver_not_member", "body.author")
    assert current(http, epoch)[g1.address]["receivers"][0] == {"account": paid.address, "give": 20, "note": ""}
