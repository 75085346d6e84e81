"""Signed means signed by the actor: a submission's deliverable counts as the claimant's only
when the claimant (or a co-contributor of that submission, a contract account by EIP-1271)
signed it; the API shows every other one as `unattributed`, and a reorg or a re-index gives
the same verdicts."""

from __future__ import annotations

import pytest
from brownie import OwnerSignedWallet, accounts, chain, web3
from eth_account import Account
from eth_account.messages import encode_typed_data
from work_fixtures import *  # noqa: F403 - the work contracts' fixtures (ws, board, make_task, ...)
from work_fixtures import terms

from api.chain.rpc import connect
from api.content import SigningDomain, parse_document, sign_document
from api.content.eip1271 import eip1271_check
from api.content.schemas import Document, Signature
from api.content.signing import typed_data
from api.db import models
from api.db.migrate import upgrade
from api.db.session import make_engine, make_sessionmaker
from api.http.queries.documents import document_meta
from api.http.queries.tasks import task_detail
from api.indexer.documents import DocumentFetcher
from api.indexer.projector import rebuild
from api.indexer.scanner import Scanner
from scripts.governance import default_store

CLAIMANT_KEY = "0x" + "a1" * 32
STRANGER = Account.from_key("0x" + "a2" * 32)
WALLET_OWNER = Account.from_key("0x" + "a3" * 32)


def _submission(task_id: int, summary: str) -> Document:
    return parse_document(
        {
            "schema": "teal/submission@1",
            "body": {
                "task_spec": "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
                "task_id": task_id,
                "summary": summary,
                "deliverables": [{"label": "patch", "uri": "https://example.org/patch"}],
            },
        }
    )


def _signed_by_wallet(document: Document, wallet: str, domain: SigningDomain) -> Document:
    """Authored by a contract account whose owner signs for it (as a one-owner Safe)."""
    unsigned = Document(schema_id=document.schema_id, body=document.body, body_json=document.body_json, author=wallet)
    signed = WALLET_OWNER.sign_message(encode_typed_data(full_message=typed_data(unsigned, domain)))
    return Document(
        schema_id=unsigned.schema_id,
        body=unsigned.body,
        body_json=unsigned.body_json,
        author=wallet,
        signature=Signature(scheme="eip712", value="0x" + bytes(signed.signature).hex()),
    )


@pytest.fixture
def domain(chain_manifest):
    return SigningDomain(
        chain_id=chain_manifest.chain_id, verifying_contract=chain_manifest.contracts["TealGovernor"].address
    )


@pytest.fixture
def submissions(ws, board, make_task, gov, domain):
    """Three tasks claimed by one account; each submitted with a deliverable signed by the
    claimant, by a stranger, and by a co-contributor's contract wallet."""
    claimant = accounts.add(CLAIMANT_KEY)
    gov.transfer(claimant, "1 ether")
    wallet = OwnerSignedWallet.deploy(WALLET_OWNER.address, {"from": gov})
    store = default_store()
    own, foreign, by_wallet = (make_task(ws) for _ in range(3))
    for task_id in (own, foreign, by_wallet):
        board.claim(task_id, *terms(board, task_id), {"from": claimant})
    signer = Account.from_key(CLAIMANT_KEY)
    docs = {
        own: sign_document(_submission(own, "mine"), account=signer, domain=domain),
        foreign: sign_document(_submission(foreign, "not mine"), account=STRANGER, domain=domain),
        by_wallet: _signed_by_wallet(_submission(by_wallet, "ours"), wallet.address, domain),
    }
    cids = {task_id: store.put(doc.to_bytes()) for task_id, doc in docs.items()}
    board.submit(own, cids[own], [], [], {"from": claimant})
    board.submit(by_wallet, cids[by_wallet], [claimant, wallet], [5_000, 5_000], {"from": claimant})
    board.submit(foreign, cids[foreign], [], [], {"from": claimant})  # last: the reorg test orphans it
    return {
        "own": own,
        "foreign": foreign,
        "wallet": by_wallet,
        "cids": cids,
        "claimant": claimant,
        "wallet_address": wallet.address,
    }


def _fetch(sessions, domain, *, contract_check=True):
    check = eip1271_check(connect(web3.provider.endpoint_uri)) if contract_check else None
    DocumentFetcher(store=default_store(), sessions=sessions, domain=domain, contract_check=check).fetch_due()


def _verdicts(sessions, submissions):
    with sessions() as session:
        return {
            name: (
                task_detail(session, submissions[name]).submissions[-1].attribution,
                document_meta(session, submissions["cids"][submissions[name]]).attribution,
            )
            for name in ("own", "foreign", "wallet")
        }


def test_a_deliverable_signed_by_someone_else_is_unattributed(submissions, make_scanner, sessions, domain):
    make_scanner().sync()
    _fetch(sessions, domain)

    verdicts = _verdicts(sessions, submissions)

    assert verdicts == {
        "own": ("attributed", "attributed"),
        "foreign": ("unattributed", "unattributed"),
        "wallet": ("attributed", "attributed"),  # a co-contributor, signing through EIP-1271
    }
    with sessions() as session:
        foreign = document_meta(session, submissions["cids"][submissions["foreign"]])
        assert foreign.status == "ok" and foreign.author == STRANGER.address
        assert foreign.signers == [submissions["claimant"].address]
        wallet_doc = document_meta(session, submissions["cids"][submissions["wallet"]])
        assert wallet_doc.author == submissions["wallet_address"]


def test_without_eip1271_a_contract_authors_document_is_invalid(submissions, make_scanner, sessions, domain):
    make_scanner().sync()
    _fetch(sessions, domain, contract_check=False)

    with sessions() as session:
        row = session.get(models.Document, submissions["cids"][submissions["wallet"]])
        assert row.status == "invalid" and "SignatureError" in row.reason


def test_a_reorg_and_a_rebuild_give_the_same_verdicts(
    submissions, board, make_scanner, sessions, domain, make_database_url, chain_manifest
):
    scanner = make_scanner()
    scanner.sync()
    _fetch(sessions, domain)
    before = _verdicts(sessions, submissions)

    # The foreign submission's block is orphaned; on the winning branch the claimant
    # submits the deliverable they signed themselves (one block longer).
    orphaned_tip = chain.height
    chain.undo(1)
    own_cid = submissions["cids"][submissions["own"]]
    board.submit(submissions["foreign"], own_cid, [], [], {"from": submissions["claimant"]})
    chain.mine()
    assert chain.height == orphaned_tip + 1
    scanner.sync()
    _fetch(sessions, domain)

    assert len(scanner.reorgs) == 1
    with sessions() as session:
        redone = task_detail(session, submissions["foreign"]).submissions
        assert [(s.deliverable_cid, s.attribution) for s in redone] == [(own_cid, "attributed")]
        assert session.get(models.Document, submissions["cids"][submissions["foreign"]]) is None
        rebuild(session, chain_id=chain.id)
        session.commit()
    after_rebuild = _verdicts_by_task(sessions, submissions)
    clean = make_engine(make_database_url("clean"))
    upgrade(clean)
    clean_sessions = make_sessionmaker(clean)
    Scanner(w3=connect(web3.provider.endpoint_uri), manifest=chain_manifest, sessions=clean_sessions).sync()
    _fetch(clean_sessions, domain)

    assert before["foreign"] == ("unattributed", "unattributed")
    assert after_rebuild == _verdicts_by_task(clean_sessions, submissions)
    assert after_rebuild[submissions["foreign"]] == ["attributed"]
    assert after_rebuild[submissions["wallet"]] == ["attributed"]
    clean.dispose()


def _verdicts_by_task(sessions, submissions):
    with sessions() as session:
        return {
            task_id: [s.attribution for s in task_detail(session, task_id).submissions]
            for task_id in (submissions["own"], submissions["foreign"], submissions["wallet"])
        }
