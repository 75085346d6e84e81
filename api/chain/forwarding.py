"""ERC-2771 forwarded requests and EIP-2612 permits, shared by the command line (which signs
them) and the API's relay (which checks them before sending).

The deployment's forwarder is `TealForwarder` (OpenZeppelin's ERC2771Forwarder): a signed
`ForwardRequest(from, to, value, gas, nonce, deadline, data)` executed by anyone calls `to`
with `data` as `from`; TaskBoard and Workstreams trust it, so every member and contributor
action can be signed by its actor and paid for by a relayer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import to_checksum_address

from api.chain.typed_data import domain, forward_request, forwarder_domain, permit, sign

FORWARDER = "TealForwarder"
# The contracts a forwarded request may target: those that trust the forwarder.
FORWARD_TARGETS = ("TaskBoard", "Workstreams", "MerkleDistributor", "StipendStreams")
# Gas the target gets on top of the node's estimate of the direct call (the estimate includes
# the 21,000 base and calldata, which the forwarded inner call does not pay: a safe margin).
GAS_MARGIN = 1.2

PERMIT_ABI: list[dict[str, Any]] = [
    {
        "type": "function",
        "name": "nonces",
        "stateMutability": "view",
        "inputs": [{"name": "owner", "type": "address"}],
        "outputs": [{"name": "", "type": "uint256"}],
    },
    {
        "type": "function",
        "name": "eip712Domain",
        "stateMutability": "view",
        "inputs": [],
        "outputs": [
            {"name": "fields", "type": "bytes1"},
            {"name": "name", "type": "string"},
            {"name": "version", "type": "string"},
            {"name": "chainId", "type": "uint256"},
            {"name": "verifyingContract", "type": "address"},
            {"name": "salt", "type": "bytes32"},
            {"name": "extensions", "type": "uint256[]"},
        ],
    },
]


@dataclass(frozen=True)
class ForwardRequest:
    """A signed ForwardRequest; `nonce` is the forwarder's nonce the signature was made with."""

    sender: str
    to: str
    value: int
    gas: int
    nonce: int
    deadline: int
    data: bytes
    signature: bytes

    def execute_args(self) -> tuple[Any, ...]:
        """The `ForwardRequestData` tuple `execute` takes (the forwarder reads the nonce itself)."""
        return (self.sender, self.to, self.value, self.gas, self.deadline, self.data, self.signature)

    def jsonable(self) -> dict[str, Any]:
        """The body of `POST /relay/forward`."""
        return {
            "from": self.sender,
            "to": self.to,
            "value": str(self.value),
            "gas": str(self.gas),
            "nonce": str(self.nonce),
            "deadline": self.deadline,
            "data": "0x" + self.data.hex(),
            "signature": "0x" + self.signature.hex(),
        }

    def typed_data(self, *, chain_id: int, forwarder: str) -> dict[str, Any]:
        return forward_request(
            domain=forwarder_domain(chain_id=chain_id, verifying_contract=forwarder),
            sender=self.sender,
            to=self.to,
            data=self.data,
            nonce=self.nonce,
            deadline=self.deadline,
            gas=self.gas,
            value=self.value,
        )

    def signer(self, *, chain_id: int, forwarder: str) -> str | None:
        """Who signed this request for `forwarder` on `chain_id` (None: not a valid signature)."""
        try:
            signable = encode_typed_data(full_message=self.typed_data(chain_id=chain_id, forwarder=forwarder))
            return str(Account.recover_message(signable, signature=self.signature))
        except Exception:  # noqa: BLE001 - malformed signatures of every kind: no signer
            return None


def sign_forward_request(
    account: Any, *, chain_id: int, forwarder: str, to: str, data: bytes, nonce: int, deadline: int, gas: int
) -> ForwardRequest:
    """`account` (a LocalAccount) signs a request to call `to` with `data` through `forwarder`."""
    unsigned = ForwardRequest(
        sender=account.address,
        to=to_checksum_address(to),
        value=0,
        gas=gas,
        nonce=nonce,
        deadline=deadline,
        data=bytes(data),
        signature=b"",
    )
    signature = sign(unsigned.typed_data(chain_id=chain_id, forwarder=forwarder), account).signature
    return ForwardRequest(**{**unsigned.__dict__, "signature": bytes(signature)})


def sign_permit(
    account: Any, token: Any, *, spender: str, value: int, deadline: int, chain_id: int
) -> tuple[int, bytes, bytes]:
    """(v, r, s) of `account`'s EIP-2612 permit letting `spender` take `value` of `token` (a
    web3 contract with PERMIT_ABI); the token's own EIP-712 domain (ERC-5267) is used."""
    _, name, version, *_ = token.functions.eip712Domain().call()
    nonce = int(token.functions.nonces(account.address).call())
    typed = permit(
        domain=domain(name=name, version=version, chain_id=chain_id, verifying_contract=token.address),
        owner=account.address,
        spender=spender,
        value=value,
        nonce=nonce,
        deadline=deadline,
    )
    signed = sign(typed, account)
    return int(signed.v), int(signed.r).to_bytes(32, "big"), int(signed.s).to_bytes(32, "big")
