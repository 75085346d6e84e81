"""Fixtures for the content tests: the Kubo RPC stand-in, accounts, signing domain, stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount
from kubo_standin import KuboStandIn, serve

from api.content.local_store import LocalStore
from api.content.signing import SigningDomain


@pytest.fixture
def kubo_standin() -> Iterator[KuboStandIn]:
    """A Kubo RPC stand-in (not a real node) on a free 127.0.0.1 port; see kubo_standin.py."""
    with serve() as state:
        yield state


@pytest.fixture
def alice() -> LocalAccount:
    return Account.from_key("0x" + "a1" * 32)


@pytest.fixture
def mallory() -> LocalAccount:
    return Account.from_key("0x" + "b2" * 32)


@pytest.fixture
def domain() -> SigningDomain:
    return SigningDomain(chain_id=1337, verifying_contract="0x" + "12" * 20)


@pytest.fixture
def local_store(tmp_path: Path) -> LocalStore:
    return LocalStore(root=tmp_path / "documents")


def pytest_configure(config: pytest.Config) -> None:
    # Same filter as api/content/kubo_store.py: ipfshttpclient 0.8 passes urllib3 2 a
    # `strict` argument it ignores with a FutureWarning per request (pytest resets filters).
    config.addinivalue_line("filterwarnings", "ignore:The 'strict' parameter is no longer needed:FutureWarning")
