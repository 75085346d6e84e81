"""Indexing a test deployment into a database once, in the test process (no `teal index`
process): what the API tests serve, and what a test re-runs after it wrote on chain."""

from __future__ import annotations

from brownie import web3 as brownie_web3

from api.chain.manifest import Manifest
from api.chain.rpc import Backoff, connect
from api.content import SigningDomain, open_store
from api.db.migrate import upgrade
from api.db.session import make_engine, make_sessionmaker
from api.indexer.documents import DocumentFetcher
from api.indexer.scanner import Scanner, ScanSettings
from api.settings import load_settings
from scripts.deploy import manifest as build_manifest


def index_into(database_url: str, deployment) -> None:
    manifest = Manifest.model_validate(build_manifest(deployment))
    engine = make_engine(database_url)
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    scanner = Scanner(
        w3=connect(brownie_web3.provider.endpoint_uri),
        manifest=manifest,
        sessions=sessions,
        settings=ScanSettings(backoff=Backoff(initial=0.05, maximum=0.2, attempts=3)),
    )
    scanner.sync()
    governor = manifest.contracts.get("TealGovernor")
    store = open_store(load_settings())
    DocumentFetcher(
        store=store,
        sessions=sessions,
        domain=SigningDomain(chain_id=manifest.chain_id, verifying_contract=governor.address if governor else None),
    ).fetch_due()
    engine.dispose()
