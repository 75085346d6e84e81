"""Documents referenced by events are fetched, verified and stored; missing or invalid ones
are marked and retried without holding back the chain cursor."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from api.content import LocalStore, SigningDomain, canonical_bytes, compute_cid
from api.db import models
from api.indexer.documents import DocumentFetcher
from scripts.governance import default_store, proposal_document, publish


def fetcher(sessions, store, chain_manifest):
    domain = SigningDomain(
        chain_id=chain_manifest.chain_id, verifying_contract=chain_manifest.contracts["TealGovernor"].address
    )
    return DocumentFetcher(store=store, sessions=sessions, domain=domain, retry_initial=60)


def propose_with_cid(governor, token, proposer, cid):
    tx = governor.propose([token], [0], [token.totalSupply.encode_input()], f"ipfs://{cid}", {"from": proposer})
    return tx.events["ProposalCreated"]["proposalId"]


def test_published_proposal_document_is_fetched_and_stored(proposal, make_scanner, sessions, chain_manifest):
    make_scanner().sync()

    report = fetcher(sessions, default_store(), chain_manifest).fetch_due()

    assert report.ok == 1
    with sessions() as session:
        row = session.get(models.Proposal, proposal.proposal_id)
        document = session.get(models.Document, row.document_cid)
        assert document.status == "ok"
        assert document.kind == "proposal"
        assert document.body["title"] == "Fund the grants workstream"


def test_missing_document_is_retried_then_stored_once_published(
    governor, token, holders, alice, make_scanner, sessions, chain_manifest, tmp_path
):
    envelope = proposal_document("Published late", "The author pins it after proposing.")
    cid = compute_cid(canonical_bytes(envelope))
    propose_with_cid(governor, token, alice, cid)
    scanner = make_scanner()
    scanner.sync()
    store = LocalStore(root=tmp_path / "docs")
    fetch = fetcher(sessions, store, chain_manifest)

    first = fetch.fetch_due()
    chain_cursor_moved = scanner.checkpoint()[0]

    assert first.retrying == 1
    with sessions() as session:
        row = session.get(models.Document, cid)
        assert row.status == "pending" and row.attempts == 1
        assert "DocumentNotFoundError" in row.reason
        assert row.next_attempt_at is not None
    assert fetch.fetch_due().retrying == 0  # not due yet: back-off holds
    assert publish(envelope, store=store) == cid
    later = datetime.now(UTC) + timedelta(seconds=61)

    assert fetch.fetch_due(now=later).ok == 1
    with sessions() as session:
        assert session.get(models.Document, cid).status == "ok"
    assert chain_cursor_moved == scanner.checkpoint()[0]


def test_a_document_published_during_its_back_off_is_fetched_at_the_next_pass(
    governor, token, holders, alice, make_scanner, sessions, chain_manifest, tmp_path
):
    envelope = proposal_document("Published a bit later", "The CLI wrote it to the store after proposing.")
    cid = compute_cid(canonical_bytes(envelope))
    propose_with_cid(governor, token, alice, cid)
    make_scanner().sync()
    store = LocalStore(root=tmp_path / "docs")
    fetch = fetcher(sessions, store, chain_manifest)  # first retry after 60 s
    assert fetch.fetch_due().retrying == 1

    publish(envelope, store=store)

    assert fetch.fetch_due().ok == 1  # no waiting out the back-off
    with sessions() as session:
        assert session.get(models.Document, cid).status == "ok"


def test_the_retry_delay_is_capped(governor, token, holders, alice, make_scanner, sessions, chain_manifest):
    cid = compute_cid(canonical_bytes(proposal_document("Never published", "Nobody has these bytes.")))
    propose_with_cid(governor, token, alice, cid)
    make_scanner().sync()
    fetch = DocumentFetcher(store=default_store(), sessions=sessions, domain=None, retry_initial=2)
    now = datetime.now(UTC)
    for _ in range(12):  # 2 s doubled eleven times would be over an hour
        fetch.fetch_due(now=now)
        with sessions() as session:
            row = session.get(models.Document, cid)
            attempts, next_at = row.attempts, row.next_attempt_at.replace(tzinfo=UTC)
        delay, now = (next_at - now).total_seconds(), next_at

    assert attempts == 12
    assert delay == 30


def test_bytes_that_are_not_a_document_are_marked_invalid(
    governor, token, holders, alice, make_scanner, sessions, chain_manifest, tmp_path
):
    store = LocalStore(root=tmp_path / "docs")
    cid = store.put(canonical_bytes({"schema": "teal/proposal@1", "body": {"title": "no summary"}}))
    propose_with_cid(governor, token, alice, cid)
    make_scanner().sync()

    report = fetcher(sessions, store, chain_manifest).fetch_due()

    assert report.invalid == 1
    with sessions() as session:
        row = session.scalar(select(models.Document).where(models.Document.cid == cid))
        assert row.status == "invalid"
        assert "summary" in row.reason
