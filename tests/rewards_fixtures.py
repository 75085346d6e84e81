"""Fixtures for the reward contracts (MerkleDistributor, StipendStreams), on top of
tests/work_fixtures.py; a pytest plugin as that one is (`pytest_plugins` in tests/conftest.py),
its helpers imported by name (`from rewards_fixtures import distribution_of`):

- `distributor`, `stipends`: the deployed reward contracts (scripts/deploy.py `deploy_work`);
- `team_act`: carry out a team action by the workstream's threshold (alice, then bob: the
  default workstream `ws` needs 2 approvals) and return the deciding transaction;
- `open_epoch`, `posted_epoch`: an epoch opened by the team / with its root posted from a
  distribution computed by api/rewards;
- `start_stream`: a stream started by the team.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from brownie import chain

from api.rewards import Allocation, Distribution, StandardMerkleTree, compute_distribution

UNIT = 10**18
DAY = 86_400
POT = 1_000 * UNIT
EPOCH_CID = "bafkreiepochdocumentxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
RESULT_CID = "bafkreidistributionxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
STREAM_CID = "bafkreistreamtermsxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
STIPEND = 300 * UNIT


@dataclass
class Epoch:
    """An opened epoch and, once posted, its distribution and tree."""

    epoch_id: int
    workstream_id: int
    start: int
    end: int
    deadline: int
    distribution: Distribution | None = None
    tree: StandardMerkleTree | None = None

    def claim_args(self, position: int) -> tuple[int, int, str, int, list[bytes]]:
        assert self.distribution is not None and self.tree is not None
        payout = self.distribution.payouts[position]
        return (self.epoch_id, payout.index, payout.account, payout.amount, self.tree.proof(position))


@pytest.fixture(scope="module")
def distributor(work):
    return work.distributor


@pytest.fixture(scope="module")
def stipends(work):
    return work.stipends


@pytest.fixture(scope="module")
def team_act(alice, bob):
    """Call `function(*args)` from each approver in turn (default alice, bob); returns the last tx."""

    def act(function: Any, *args: Any, approvers: list | None = None) -> Any:
        tx = None
        for member in approvers or [alice, bob]:
            tx = function(*args, {"from": member})
        return tx

    return act


@pytest.fixture(scope="module")
def open_epoch(distributor, team_act):
    """Open an epoch of `workstream_id` (GIVE for `length` seconds from now, claims for
    `claim_window` seconds after it); returns an Epoch."""

    def make(
        workstream_id: int,
        *,
        pot: int = POT,
        length: int = 7 * DAY,
        claim_window: int = 30 * DAY,
        approvers: list | None = None,
    ) -> Epoch:
        start = chain.time()
        end = start + length
        deadline = end + claim_window
        tx = team_act(distributor.openEpoch, workstream_id, pot, start, end, deadline, EPOCH_CID, approvers=approvers)
        return Epoch(tx.events["EpochOpened"]["epochId"], workstream_id, start, end, deadline)

    return make


def distribution_of(gives: list[tuple[Any, Any, int]], pot: int, cap: int | None = None) -> Distribution:
    return compute_distribution(
        [Allocation(giver=str(g), receiver=str(r), give=n) for g, r, n in gives], pot=pot, cap=cap
    )


@pytest.fixture(scope="module")
def post_root(distributor, team_act):
    """Post the root of `gives` ((giver, receiver, GIVE)...) for an ended `epoch`."""

    def post(epoch: Epoch, gives: list[tuple[Any, Any, int]], *, pot: int = POT, cap: int | None = None) -> Any:
        from work_fixtures import advance_past

        advance_past(epoch.end)
        epoch.distribution = distribution_of(gives, pot, cap)
        epoch.tree = epoch.distribution.tree()
        return team_act(distributor.postRoot, epoch.epoch_id, epoch.tree.root, epoch.distribution.total, RESULT_CID)

    return post


@pytest.fixture(scope="module")
def posted_epoch(open_epoch, post_root, alice, bob, carol):
    """An ended epoch of `workstream_id` whose root is posted: alice, bob and carol gave."""

    def make(workstream_id: int, *, pot: int = POT) -> Epoch:
        epoch = open_epoch(workstream_id, pot=pot)
        post_root(
            epoch,
            [(alice, bob, 50), (alice, carol, 50), (bob, alice, 70), (bob, carol, 30), (carol, alice, 100)],
            pot=pot,
        )
        return epoch

    return make


@pytest.fixture(scope="module")
def start_stream(stipends, team_act, carol):
    """Start a stream of `amount` to `recipient` (carol) over `length` seconds from now."""

    def make(
        workstream_id: int,
        *,
        recipient: Any = None,
        amount: int = STIPEND,
        length: int = 30 * DAY,
        approvers: list | None = None,
    ) -> int:
        now = chain.time()
        tx = team_act(
            stipends.startStream,
            workstream_id,
            recipient or carol,
            amount,
            now,
            now + length,
            STREAM_CID,
            approvers=approvers,
        )
        return tx.events["StreamStarted"]["streamId"]

    return make


def identity_holds(workstreams: Any, workstream_id: int) -> bool:
    funded, reserved, paid, available, clawed_back = workstreams.budget(workstream_id)
    return paid + reserved + available == funded - clawed_back
