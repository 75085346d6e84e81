"""The claim's gas with a proof of a 1,000-receiver tree stays where bench/rewards_epoch.py
measured it (docs/rewards.md): a regression guard, not the benchmark."""

import random

from eth_utils import to_checksum_address
from rewards_fixtures import POT, RESULT_CID
from work_fixtures import advance_past

from api.rewards import Allocation, compute_distribution

# Measured 62,213 (bitmap word written, receiver holding the token); a little headroom.
CLAIM_GAS_CEILING = 62_500


def test_claim_with_a_1000_receiver_proof(distributor, budget_token, open_epoch, team_act, gov, ws, relayer):
    rng = random.Random(3)
    people = [to_checksum_address(rng.randbytes(20)) for _ in range(1_000)]
    gives = [
        Allocation(giver=people[i], receiver=people[(i + 1) % 1_000], give=rng.randrange(1, 100)) for i in range(1_000)
    ]
    result = compute_distribution(gives, pot=POT)
    tree = result.tree()
    epoch = open_epoch(ws)
    advance_past(epoch.end)
    team_act(distributor.postRoot, epoch.epoch_id, tree.root, result.total, RESULT_CID)
    for payout in result.payouts[:2]:
        budget_token.mint(payout.account, 1, {"from": gov})

    def claim(position):
        p = result.payouts[position]
        return distributor.claim(epoch.epoch_id, p.index, p.account, p.amount, tree.proof(position), {"from": relayer})

    claim(0)
    tx = claim(1)

    assert len(tree.proof(1)) == 10
    assert tx.gas_used <= CLAIM_GAS_CEILING
