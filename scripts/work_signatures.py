"""EIP-712 typed data for the TaskBoard's claim-by-signature.

The builders live in `api/chain/typed_data.py` (the command line signs the same message);
this module keeps the names the scripts and tests import.
"""

from __future__ import annotations

from typing import Any

from api.chain.typed_data import TASK_BOARD_DOMAIN_NAME, board_domain, claim

__all__ = ["TASK_BOARD_DOMAIN_NAME", "board_domain", "claim", "claim_terms"]


def claim_terms(board: Any, workstreams: Any, task_id: int) -> tuple[int, int]:
    """What a claim of `task_id` agrees to now: (its reward, its workstream's claim bond), the
    `expectedReward` and `maxBond` that `claim` and a signed `Claim` carry."""
    info = board.task(task_id)
    return int(info["reward"]), int(workstreams.workstream(info["workstreamId"])["guardrails"]["claimBond"])
