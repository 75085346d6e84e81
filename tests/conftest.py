"""Shared fixtures: the governance deployment from scripts/deploy.py and accounts by role.

Every test runs in isolation (snapshot/revert around it); deployments are module-scoped so
each test module pays for one deploy.
"""

from __future__ import annotations

import gc
import os

import pytest
from brownie import accounts, chain
from helpers import DOCUMENT

from scripts.brownie_receipts import confirm_mined_transactions
from scripts.deploy import TOKEN_UNIT, deploy_governance, load_params, with_float
from scripts.governance import propose

# Fixture modules every test can use (pytest only reads `pytest_plugins` in the root conftest):
# the work contracts (work, ws, board, make_task, ...), the reward contracts (distributor,
# stipends, team_act, ...) and a PostgreSQL server (`postgres`). Their helper functions and
# constants are imported by name (`from work_fixtures import guardrails`).
pytest_plugins = ["work_fixtures", "rewards_fixtures", "pg_server"]

# Token balances handed out by `holders`, in whole tokens. Quorum is 4% of the 10M supply
# (400k); the proposal threshold is 10k.
ALICE_TOKENS = 1_000_000
BOB_TOKENS = 600_000
CAROL_TOKENS = 300_000
DAVE_TOKENS = 5_000  # below the proposal threshold
# The test profile gives the whole supply to the treasury; the tests' deployer (`gov`) keeps this
# float out of it to hand out to the holders above (scripts/deploy.py `with_float`). The deploy
# itself is checked without a float in tests/unit/TealGovernor/test_deploy_profiles.py.
TEST_FLOAT = 4_000_000


def pytest_configure(config):
    from anvil_states import keep_anvil_states_in_a_temporary_folder  # tests/anvil_states.py
    from chain_clock import keep_anvil_clock_on_revert  # tests/chain_clock.py
    from undo_buffer import skip_undo_buffer  # tests/undo_buffer.py

    keep_anvil_clock_on_revert()  # a revert restores the clock on Anvil as it does on Ganache
    keep_anvil_states_in_a_temporary_folder()  # not in ~/.foundry, where Anvil never deletes them
    skip_undo_buffer()  # no snapshot after every transaction; tests/indexer turns it back on
    confirm_mined_transactions()  # a transaction Anvil mined is never reported dropped


def pytest_unconfigure(config):
    from anvil_states import delete_anvil_states

    delete_anvil_states()


def pytest_collection_finish(session):
    """Brownie's isolation runs a full `gc.collect()` at every revert (brownie.network.state
    `_notify_registry`), so after every test: over the heap of web3, brownie, hypothesis and
    the test modules that cost about 0.3 s a test, half of the suite's teardown time. What is
    alive once the tests are collected lives to the end of the run; frozen (`gc.freeze`), it
    is left out of every later collection, which then only walks what the tests create."""
    gc.collect()
    gc.freeze()


# Folders whose modules share a session fixture that costs a `teal up` devnet: under xdist
# (scripts/test.sh) each goes to one worker whole, so the devnet starts once, not once per worker.
ONE_WORKER_FOLDERS = ("tests/dashboard/", "tests/clients/")


def pytest_collection_modifyitems(items):
    """The devnet folders first, each the longest work unit of the run (4-5 minutes for
    tests/dashboard): started last, one would keep a worker busy long after the other ran out."""
    items.sort(key=lambda item: not item.nodeid.startswith(ONE_WORKER_FOLDERS))


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    """Brownie's xdist scheduling (a test module per work unit, for its module-scoped
    deployments), except that a folder of ONE_WORKER_FOLDERS is a single work unit, and that
    work units go out in collection order (pytest-xdist's default sends the units with the
    most tests first): the one-test state machines (1-1.5 minutes each on Anvil) and modules
    with one long test went last, and tests/unit's short modules, collected last, are what
    evens out the workers' ends."""
    from xdist.scheduler import LoadScopeScheduling

    config.option.loadscopereorder = False

    class ModulesAndDevnetFolders(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return next((folder for folder in ONE_WORKER_FOLDERS if module.startswith(folder)), module)

    return ModulesAndDevnetFolders(config, log)


@pytest.fixture(scope="session", autouse=True)
def data_dir(tmp_path_factory):
    """Documents published by scripts during tests go to a temporary store, not ./data."""
    path = tmp_path_factory.mktemp("teal-data")
    os.environ["TEAL_DATA_DIR"] = str(path)
    return path


@pytest.fixture(autouse=True)
def isolate(fn_isolation):
    """Every test on a snapshot of the chain, reverted after it. What is alive when the test
    starts (its module's deployments, earlier modules' leftovers) is frozen first, so the
    `gc.collect()` of the revert walks only what this test made (as after collection, above)."""
    gc.freeze()


@pytest.fixture(scope="module")
def gov():
    """The deployer: deploys, then holds no power over the timelock; in tests it keeps a float
    of TEST_FLOAT tokens (undelegated) to hand out."""
    return accounts[0]


@pytest.fixture(scope="module")
def alice():
    return accounts[1]


@pytest.fixture(scope="module")
def bob():
    return accounts[2]


@pytest.fixture(scope="module")
def carol():
    return accounts[3]


@pytest.fixture(scope="module")
def dave():
    return accounts[4]


@pytest.fixture(scope="module")
def rando():
    return accounts[9]


@pytest.fixture(scope="module")
def signer(gov):
    """A holder with a known private key, for votes and delegations by signature."""
    account = accounts.add("0x" + "5a" * 32)
    gov.transfer(account, "10 ether")
    return account


@pytest.fixture(scope="module")
def params():
    """The test profile with the deployer's float (treasury 6,000,000, deployer 4,000,000)."""
    return with_float(load_params("test"), TEST_FLOAT)


@pytest.fixture(scope="module")
def deployment(params, gov):
    return deploy_governance(params, gov)


@pytest.fixture(scope="module")
def token(deployment):
    return deployment.token


@pytest.fixture(scope="module")
def governor(deployment):
    return deployment.governor


@pytest.fixture(scope="module")
def timelock(deployment):
    return deployment.timelock


@pytest.fixture(scope="module")
def holders(token, gov, alice, bob, carol, dave):
    """Tokens spread over holders; alice, bob and dave delegate to themselves, carol never does."""
    for account, amount in [(alice, ALICE_TOKENS), (bob, BOB_TOKENS), (carol, CAROL_TOKENS), (dave, DAVE_TOKENS)]:
        token.transfer(account, amount * TOKEN_UNIT, {"from": gov})
    for account in (alice, bob, dave):
        token.delegate(account, {"from": account})
    chain.mine()  # so proposers' votes are checkpointed before the block they propose in
    return {"alice": alice, "bob": bob, "carol": carol, "dave": dave}


@pytest.fixture
def treasury_grant(token, timelock, rando):
    """One action: the treasury (timelock) pays 1,000 tokens to `rando`."""
    return [(token, "transfer", [rando, 1_000 * TOKEN_UNIT])]


@pytest.fixture
def proposal(governor, holders, alice, treasury_grant):
    """A pending proposal by alice that pays a grant out of the treasury."""
    return propose(governor, treasury_grant, document=DOCUMENT, proposer=alice, title="Grant")
