"""EIP-712 typed data for the governance contracts' by-signature functions.

The builders live in `api/chain/typed_data.py` (the command line signs the same structures);
this module keeps the names the scripts and tests import.
"""

from __future__ import annotations

from api.chain.typed_data import EIP712_DOMAIN, ballot, delegation, domain, permit, sign

__all__ = ["EIP712_DOMAIN", "ballot", "delegation", "domain", "permit", "sign"]
