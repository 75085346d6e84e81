"""Fixtures for indexing a live Brownie chain into a real SQLite (or PostgreSQL) database."""

from __future__ import annotations

import pytest
from brownie import web3 as brownie_web3
from undo_buffer import want_undo_buffer  # tests/undo_buffer.py

from api.chain.manifest import Manifest
from api.chain.rpc import Backoff, connect
from api.db.migrate import upgrade
from api.db.session import make_engine, make_sessionmaker
from api.indexer.scanner import Scanner, ScanSettings
from scripts.deploy import manifest as build_manifest


@pytest.fixture(scope="module", autouse=True)
def undo_buffer():
    """The reorg tests step back with Brownie's `chain.undo()`: its undo buffer on here."""
    want_undo_buffer(True)
    yield
    want_undo_buffer(False)


@pytest.fixture(params=["sqlite", "postgresql"])
def make_database_url(request, tmp_path):
    """A factory of empty databases: SQLite files, or databases on the real PostgreSQL server."""
    if request.param == "sqlite":
        return lambda name: f"sqlite:///{tmp_path / name}.db"
    return request.getfixturevalue("postgres").create_database  # tests/pg_server.py


@pytest.fixture
def database_url(make_database_url):
    return make_database_url("index")


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine):
    return make_sessionmaker(engine)


@pytest.fixture
def rpc_url():
    return brownie_web3.provider.endpoint_uri


@pytest.fixture
def chain_manifest(deployment):
    return Manifest.model_validate(build_manifest(deployment))


@pytest.fixture
def make_scanner(rpc_url, chain_manifest, sessions):
    def make(**overrides):
        settings = ScanSettings(backoff=Backoff(initial=0.05, maximum=0.2, attempts=3), **overrides)
        return Scanner(w3=connect(rpc_url), manifest=chain_manifest, sessions=sessions, settings=settings)

    return make
