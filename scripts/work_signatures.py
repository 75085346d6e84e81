"""EIP-712 typed data for the TaskBoard's claim-by-signature.

Same shape as scripts/signatures.py (full typed-data dicts, signed with `sign`), for the
message a contributor signs so that a relayer can claim a task for them.
"""

from __future__ import annotations

from typing import Any

from scripts.signatures import EIP712_DOMAIN, domain

TASK_BOARD_DOMAIN_NAME = "TealTaskBoard"


def board_domain(*, chain_id: int, verifying_contract: str) -> dict[str, Any]:
    """The TaskBoard's EIP-712 domain (name TealTaskBoard, version 1)."""
    return domain(name=TASK_BOARD_DOMAIN_NAME, chain_id=chain_id, verifying_contract=verifying_contract)


def claim(*, domain: dict[str, Any], task_id: int, claimant: str, nonce: int, deadline: int) -> dict[str, Any]:
    """TaskBoard's `Claim(uint256 taskId,address claimant,uint256 nonce,uint256 deadline)`."""
    return {
        "types": {
            "EIP712Domain": EIP712_DOMAIN,
            "Claim": [
                {"name": "taskId", "type": "uint256"},
                {"name": "claimant", "type": "address"},
                {"name": "nonce", "type": "uint256"},
                {"name": "deadline", "type": "uint256"},
            ],
        },
        "primaryType": "Claim",
        "domain": domain,
        "message": {"taskId": task_id, "claimant": claimant, "nonce": nonce, "deadline": deadline},
    }
