"""Fixtures for the work contracts (Workstreams, TaskBoard), a pytest plugin of every test
(`pytest_plugins` in tests/conftest.py); its helper functions and constants are imported by
name (`from work_fixtures import guardrails, UNIT`). They build on tests/conftest.py (gov,
alice, bob, carol, dave, rando, params, deployment, token, timelock, governor) and add:

- `work`: the governance deployment plus Workstreams and TaskBoard (scripts/deploy.py);
- `dao`: the timelock as a transaction sender, for governance-only calls in unit tests
  (the end-to-end tests go through real proposals instead);
- `budget_token`: a plain mock ERC20 held by the treasury and approved to the escrow;
- `make_workstream`, `make_task`, `claimed`, `submitted`: factories for common states.
"""

from __future__ import annotations

from typing import Any

import pytest
from brownie import MockERC20, Workstreams, accounts, chain

from scripts.deploy import deploy_work
from scripts.signatures import sign
from scripts.work_signatures import board_domain, claim

UNIT = 10**18
DAY = 86_400
TERM = 180 * DAY
# Guardrails tuple order: (budgetCap, maxReward, claimBond, claimDuration, approvalsRequired)
CAP = 100_000 * UNIT
MAX_REWARD = 1_000 * UNIT
CLAIM_DURATION = 7 * DAY
FUNDING = 10_000 * UNIT
REWARD = 100 * UNIT
BOND = 5 * UNIT
CLAIM_SIGNER_KEY = "0x" + "c1" * 32
SPEC = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"
DELIVERABLE = "bafkreidivzimqfqtoqxkrpge6bjyhlvxqs3rhe73owtmdulaxr5do5in7u"
REASON = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"
CHARTER = "bafkreie5cvv4h45wvwxpfgnpbxx6fcxhfygqeglgxyuhlx3nc3wkuzkrfm"


def guardrails(
    *, cap: int = CAP, max_reward: int = MAX_REWARD, bond: int = 0, duration: int = CLAIM_DURATION, approvals: int = 2
) -> tuple[int, int, int, int, int]:
    return (cap, max_reward, bond, duration, approvals)


@pytest.fixture(scope="module")
def work(deployment):
    """The governance deployment with the work contracts added."""
    if deployment.workstreams is None:
        deploy_work(deployment)
    return deployment


@pytest.fixture(scope="module")
def workstreams(work):
    return work.workstreams


@pytest.fixture(scope="module")
def board(work):
    return work.task_board


@pytest.fixture(scope="module")
def forwarder(work):
    """The ERC-2771 forwarder (TealForwarder) the work contracts trust."""
    return work.forwarder


@pytest.fixture(scope="module")
def dao(timelock, gov):
    """The timelock as a sender (it pays its own gas), standing in for passed proposals."""
    gov.transfer(timelock, "100 ether")
    return accounts.at(timelock.address, force=True)


@pytest.fixture(scope="module")
def worker():
    """A contributor who claims tasks (not a member)."""
    return accounts[5]


@pytest.fixture(scope="module")
def helper():
    """A co-contributor (not a member)."""
    return accounts[6]


@pytest.fixture(scope="module")
def helper2():
    return accounts[7]


@pytest.fixture(scope="module")
def relayer():
    return accounts[8]


@pytest.fixture(scope="module")
def claim_signer(gov):
    """A contributor with a known key, for claims by signature; has a little ETH to submit."""
    account = accounts.add(CLAIM_SIGNER_KEY)
    gov.transfer(account, "1 ether")
    return account


@pytest.fixture(scope="module")
def budget_token(gov, dao, workstreams, worker, helper, claim_signer):
    """A plain ERC20: 1M in the treasury (approved to the escrow), 1k for each contributor
    (approved to the escrow for bonds)."""
    token = MockERC20.deploy("Budget", "BUD", {"from": gov})
    token.mint(dao, 1_000_000 * UNIT, {"from": gov})
    token.approve(workstreams, 2**256 - 1, {"from": dao})
    for account in (worker, helper, claim_signer):
        token.mint(account, 1_000 * UNIT, {"from": gov})
        token.approve(workstreams, 2**256 - 1, {"from": account})
    return token


@pytest.fixture(scope="module")
def make_workstream(workstreams, dao, budget_token, alice, bob, carol):
    """Create (and fund) a workstream as governance; returns its id."""

    def make(
        *,
        token: Any = None,
        members: list | None = None,
        rails: tuple | None = None,
        funding: int = FUNDING,
        term: int = TERM,
        name: str = "Core",
    ) -> int:
        token = token or budget_token
        members = members if members is not None else [alice, bob, carol]
        tx = workstreams.createWorkstream(
            name, CHARTER, members, token, chain.time() + term, rails or guardrails(), {"from": dao}
        )
        workstream_id = tx.events["WorkstreamCreated"]["workstreamId"]
        if funding:
            workstreams.fund(workstream_id, funding, {"from": dao})
        return workstream_id

    return make


@pytest.fixture(scope="module")
def ws(make_workstream):
    """Workstream: members alice, bob, carol; 2 approvals; no bond; 10k funded."""
    return make_workstream()


@pytest.fixture(scope="module")
def bonded_ws(make_workstream):
    """Like `ws` but claims post a bond of BOND."""
    return make_workstream(rails=guardrails(bond=BOND), name="Bonded")


@pytest.fixture(scope="module")
def make_task(board, alice):
    """Create a task as `creator` (alice); returns its id."""

    def make(
        workstream_id: int, *, reward: int = REWARD, parent: int = 0, duration: int = 0, creator: Any = None
    ) -> int:
        tx = board.createTask(workstream_id, parent, reward, duration, SPEC, {"from": creator or alice})
        return tx.events["TaskCreated"]["taskId"]

    return make


@pytest.fixture(scope="module")
def claimed(board, make_task, worker):
    """Create a task and have `claimant` (worker) claim it; returns its id."""

    def make(workstream_id: int, *, claimant: Any = None, **task_args: Any) -> int:
        task_id = make_task(workstream_id, **task_args)
        board.claim(task_id, *terms(board, task_id), {"from": claimant or worker})
        return task_id

    return make


@pytest.fixture(scope="module")
def submitted(board, claimed, worker):
    """Create, claim and submit a task with `split` ((contributors, shares)); returns its id."""

    def make(workstream_id: int, *, split: tuple = ([], []), claimant: Any = None, **task_args: Any) -> int:
        claimant = claimant or worker
        task_id = claimed(workstream_id, claimant=claimant, **task_args)
        board.submit(task_id, DELIVERABLE, split[0], split[1], {"from": claimant})
        return task_id

    return make


def terms(board: Any, task_id: int) -> tuple[int, int]:
    """What a claimant of `task_id` agrees to: (its current reward, its workstream's current
    bond); (0, 0) for an unknown task, so a claim of it still reaches the contract's check."""
    if task_id > board.taskCount() or task_id == 0:
        return (0, 0)
    info = board.task(task_id)
    registry = Workstreams.at(board.workstreams())
    return (int(info["reward"]), int(registry.workstream(info["workstreamId"])["guardrails"]["claimBond"]))


def sign_claim(
    board: Any,
    key: str,
    *,
    task_id: int,
    claimant: str,
    deadline: int,
    nonce: int = 0,
    reward: int | None = None,
    max_bond: int | None = None,
    chain_id: int | None = None,
    verifying_contract: str | None = None,
) -> bytes:
    """The claimant's EIP-712 signature for `claimBySig` (defaults: this chain and board, the
    task's current reward and bond, nonce 0)."""
    current = terms(board, task_id)
    typed = claim(
        domain=board_domain(chain_id=chain_id or chain.id, verifying_contract=verifying_contract or board.address),
        task_id=task_id,
        claimant=claimant,
        reward=current[0] if reward is None else reward,
        max_bond=current[1] if max_bond is None else max_bond,
        nonce=nonce,
        deadline=deadline,
    )
    return sign(typed, key).signature


def budget_of(workstreams: Any, workstream_id: int) -> dict[str, int]:
    funded, reserved, paid, available, clawed_back = workstreams.budget(workstream_id)
    return {"funded": funded, "reserved": reserved, "paid": paid, "available": available, "clawedBack": clawed_back}


def ints(values: Any) -> tuple[int, ...]:
    """A struct/tuple return value as plain ints (Brownie's ReturnValue compares strictly)."""
    return tuple(int(v) for v in values)


def advance_past(timestamp: int) -> None:
    """Mine until the latest block is later than `timestamp`, judged by block timestamps
    (Anvil's clock and Brownie's `chain.time()` can drift apart across snapshot reverts)."""
    while chain[-1].timestamp <= timestamp:
        chain.sleep(max(1, timestamp - chain[-1].timestamp + 1))
        chain.mine()


def relay(
    forwarder: Any, key: str, target: Any, data: str, relayer: Any, *, deadline: int | None = None, **kwargs: Any
) -> Any:
    """Sign an ERC-2771 ForwardRequest for `target` with `key` (its deadline an hour from now
    unless given) and have `relayer` send it through `forwarder`; the transaction."""
    from scripts.work_signatures import forwarded

    request = forwarded(forwarder, key, target, data, deadline=deadline or chain.time() + 3600, **kwargs)
    return forwarder.execute(request, {"from": relayer})
