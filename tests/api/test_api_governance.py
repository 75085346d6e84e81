"""End to end: governance on chain -> indexer -> HTTP answers equal the contracts' views."""

from __future__ import annotations

from brownie import chain
from helpers import dev_key
from http_errors import assert_error

from api.chain.types import ProposalState
from api.content import compute_cid
from scripts.signatures import ballot, sign
from scripts.signatures import domain as eip712_domain

SIGNER_KEY = "0x" + "5a" * 32


def _all_pages(http, path, **params):
    items, cursor, pages = [], None, 0
    while True:
        response = http.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            return items, pages


def test_proposal_matches_governor_views(http, governor, scenario):
    for proposal in scenario.values():
        pid = proposal.proposal_id

        body = http.get(f"/proposals/{pid}").json()

        against, for_, abstain = governor.proposalVotes(pid)
        assert body["tallies"] == {
            "for": str(for_),
            "against": str(against),
            "abstain": str(abstain),
        }
        assert body["state"] == ProposalState(governor.state(pid)).label
        assert body["vote_start"] == governor.proposalSnapshot(pid)
        assert body["vote_end"] == governor.proposalDeadline(pid)
        assert body["proposer"] == governor.proposalProposer(pid)
        if body["state"] != "pending":
            assert body["quorum"] == str(governor.quorum(body["vote_start"]))


def test_proposal_carries_its_verified_document_and_votes_with_reasons(http, scenario):
    pid = scenario["active"].proposal_id

    body = http.get(f"/proposals/{pid}").json()

    assert body["document"]["status"] == "ok"
    assert body["document"]["body"]["title"] == "Active grant"
    assert body["title"] == "Active grant"
    reasons = {v["reason"] for v in body["votes"]}
    assert reasons == {"good idea", "no view"}


def test_proposals_paginate_to_the_same_set(http, scenario):
    ids, pages = _all_pages(http, "/proposals", limit=1)

    assert {item["id"] for item in ids} == {str(p.proposal_id) for p in scenario.values()}
    assert pages == len(scenario)


def test_proposals_filter_by_state_and_proposer(http, scenario, bob):
    active = http.get("/proposals", params={"state": "active"}).json()["items"]
    by_bob = http.get("/proposals", params={"proposer": bob.address.lower()}).json()["items"]

    assert [p["id"] for p in active] == [str(scenario["active"].proposal_id)]
    assert [p["id"] for p in by_bob] == [str(scenario["defeated"].proposal_id)]


def test_votes_list_paginates(http, scenario, governor):
    pid = scenario["passed"].proposal_id

    votes, _ = _all_pages(http, f"/proposals/{pid}/votes", limit=1)

    assert len(votes) == 2
    assert all(governor.hasVoted(pid, v["voter"]) for v in votes)


def test_contributor_matches_token_views(http, token, alice, scenario):
    body = http.get(f"/contributors/{alice.address}").json()

    assert body["balance"] == str(token.balanceOf(alice))
    assert body["voting_power"] == str(token.getVotes(alice))
    assert body["delegate"] == token.delegates(alice)
    assert {v["support"] for v in body["votes"]} >= {"for", "against"}


def test_chain_info_reports_index_and_lag(http, deployment):
    body = http.get("/chain").json()

    assert body["chain_id"] == chain.id
    assert body["rpc_ok"] is True
    assert body["head_block"] == chain.height
    assert body["lag_blocks"] == chain.height - body["indexed_block"]
    assert {c["name"]: c["address"] for c in body["contracts"]}["TealGovernor"] == deployment.governor.address


def test_document_bytes_are_verified_and_json(http, scenario):
    cid = http.get(f"/proposals/{scenario['passed'].proposal_id}").json()["document_cid"]

    response = http.get(f"/documents/{cid}")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert compute_cid(response.content) == cid


def _ballot(governor, pid, voter, key, support=1):
    dom = eip712_domain(name=governor.name(), chain_id=chain.id, verifying_contract=governor.address)
    data = ballot(domain=dom, proposal_id=pid, support=support, voter=voter, nonce=governor.nonces(voter))
    return "0x" + bytes(sign(data, key).signature).hex()


def test_relayed_vote_is_cast_and_a_replay_is_refused(http, governor, scenario, signer, relayer_address):
    pid = scenario["active"].proposal_id
    request = {
        "proposal_id": str(pid),
        "support": 1,
        "voter": signer.address,
        "signature": _ballot(governor, pid, signer.address, SIGNER_KEY),
    }

    first = http.post("/relay/votes", json=request)
    replay = http.post("/relay/votes", json=request)

    assert first.status_code == 200, first.text
    assert first.json()["status"] == "mined" and first.json()["relayer"] == relayer_address
    assert governor.hasVoted(pid, signer)
    assert_error(replay, 409, "already_voted", "body.voter")


def test_relayed_vote_carries_its_reason(http, governor, scenario, holders, alice):
    """With a reason the voter signs an ExtendedBallot; the relay casts it with the reason."""
    from api.chain.typed_data import extended_ballot

    pid = scenario["active"].proposal_id
    key = dev_key(alice)
    assert not governor.hasVoted(pid, alice)
    typed = extended_ballot(
        domain=eip712_domain(name=governor.name(), chain_id=chain.id, verifying_contract=governor.address),
        proposal_id=pid,
        support=0,
        voter=alice.address,
        nonce=governor.nonces(alice),
        reason="too early",
    )
    request = {
        "proposal_id": str(pid),
        "support": 0,
        "voter": alice.address,
        "reason": "too early",
        "signature": "0x" + bytes(sign(typed, key).signature).hex(),
    }

    altered = http.post("/relay/votes", json={**request, "reason": "something else"})
    response = http.post("/relay/votes", json=request)

    assert_error(altered, 422, "reverted", "GovernorInvalidSignature")
    assert response.status_code == 200, response.text
    cast = chain.get_transaction(response.json()["tx_hash"]).events["VoteCast"]
    assert (cast["voter"], cast["support"], cast["reason"]) == (alice, 0, "too early")


def test_forged_vote_signature_is_rejected_with_the_contract_error(http, governor, scenario, signer):
    pid = scenario["active"].proposal_id
    forged = _ballot(governor, pid, signer.address, "0x" + "11" * 32)  # someone else's key

    response = http.post(
        "/relay/votes",
        json={"proposal_id": str(pid), "support": 1, "voter": signer.address, "signature": forged},
    )

    assert_error(response, 422, "reverted", "GovernorInvalidSignature")
    assert not governor.hasVoted(pid, signer)


def test_relayed_vote_on_a_closed_proposal_is_a_conflict(http, governor, scenario, signer):
    pid = scenario["defeated"].proposal_id

    response = http.post(
        "/relay/votes",
        json={
            "proposal_id": str(pid),
            "support": 1,
            "voter": signer.address,
            "signature": _ballot(governor, pid, signer.address, SIGNER_KEY),
        },
    )

    assert_error(response, 409, "reverted", "GovernorUnexpectedProposalState")
