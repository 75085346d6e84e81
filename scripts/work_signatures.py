"""EIP-712 typed data for the TaskBoard's claim-by-signature.

The builders live in `api/chain/typed_data.py` (the command line signs the same message);
this module keeps the names the scripts and tests import.
"""

from __future__ import annotations

from api.chain.typed_data import TASK_BOARD_DOMAIN_NAME, board_domain, claim

__all__ = ["TASK_BOARD_DOMAIN_NAME", "board_domain", "claim"]
