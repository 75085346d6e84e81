"""EIP-712 typed data for the TaskBoard's claim-by-signature, ERC-2771 forwarded requests and
EIP-2612 permits, with Brownie helpers that sign them.

The builders live in `api/chain/typed_data.py` (the command line signs the same message);
this module keeps the names the scripts and tests import.
"""

from __future__ import annotations

from typing import Any

from eth_account import Account

from api.chain.typed_data import (
    DEFAULT_FORWARD_GAS,
    TASK_BOARD_DOMAIN_NAME,
    board_domain,
    claim,
    domain,
    forward_request,
    forward_request_data,
    forwarder_domain,
    permit,
    sign,
)

__all__ = ["TASK_BOARD_DOMAIN_NAME", "board_domain", "claim", "claim_terms", "forwarded", "permit_vrs"]


def forwarded(
    forwarder: Any,
    key: str,
    to: Any,
    data: Any,
    *,
    deadline: int,
    gas: int = DEFAULT_FORWARD_GAS,
    nonce: int | None = None,
    chain_id: int | None = None,
    sender: str | None = None,
) -> tuple[Any, ...]:
    """`ForwardRequestData` for `forwarder.execute`: the holder of `key` asks to call `to` with
    `data` (e.g. `board.claim.encode_input(...)`). Defaults: the signer's next forwarder nonce,
    this chain; `sender` overrides the request's `from` (to forge one)."""
    from brownie import chain

    signer = Account.from_key(key).address
    sender = sender or signer
    typed = forward_request(
        domain=forwarder_domain(chain_id=chain_id or chain.id, verifying_contract=forwarder.address),
        sender=sender,
        to=str(to),
        data=bytes.fromhex(str(data).removeprefix("0x")),
        nonce=forwarder.nonces(sender) if nonce is None else nonce,
        deadline=deadline,
        gas=gas,
    )
    return forward_request_data(typed, sign(typed, key).signature)


def permit_vrs(token: Any, key: str, spender: Any, value: int, deadline: int) -> tuple[int, bytes, bytes]:
    """(v, r, s) of the holder of `key`'s EIP-2612 permit for `spender` on `token`."""
    from brownie import chain

    _, name, version, *_ = token.eip712Domain()
    owner = Account.from_key(key).address
    typed = permit(
        domain=domain(name=name, version=version, chain_id=chain.id, verifying_contract=token.address),
        owner=owner,
        spender=str(spender),
        value=value,
        nonce=token.nonces(owner),
        deadline=deadline,
    )
    signed = sign(typed, key)
    return signed.v, signed.r.to_bytes(32, "big"), signed.s.to_bytes(32, "big")


def claim_terms(board: Any, workstreams: Any, task_id: int) -> tuple[int, int]:
    """What a claim of `task_id` agrees to now: (its reward, its workstream's claim bond), the
    `expectedReward` and `maxBond` that `claim` and a signed `Claim` carry."""
    info = board.task(task_id)
    return int(info["reward"]), int(workstreams.workstream(info["workstreamId"])["guardrails"]["claimBond"])
