"""Decode raw logs of the deployed contracts with their compiled ABIs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eth_utils import to_checksum_address
from hexbytes import HexBytes
from web3 import Web3
from web3._utils.events import get_event_data
from web3.utils import event_abi_to_log_topic

from api.chain.manifest import Manifest


@dataclass(frozen=True)
class DecodedLog:
    """One log, decoded, with everything needed to order and de-duplicate it."""

    block_number: int
    block_hash: str
    tx_hash: str
    tx_index: int
    log_index: int
    address: str
    contract: str
    name: str
    args: dict[str, Any]

    @property
    def order(self) -> tuple[int, int, int]:
        return self.block_number, self.tx_index, self.log_index


def _jsonable(value: Any) -> Any:
    """ABI values as JSON: integers as decimal strings (uint256 does not fit a JSON number
    that every client reads exactly), bytes as 0x-hex, tuples and lists recursively."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, bytes | bytearray | HexBytes):
        return "0x" + bytes(value).hex()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):  # structs decode to (Attribute)dicts of named fields
        return {k: _jsonable(v) for k, v in value.items()}
    return value


class LogDecoder:
    """Maps (address, topic0) to the contract name and event ABI, and decodes logs."""

    def __init__(self, manifest: Manifest, w3: Web3) -> None:
        self._codec = w3.codec
        self._events: dict[tuple[str, bytes], tuple[str, dict[str, Any]]] = {}
        for name, contract in manifest.contracts.items():
            address = to_checksum_address(contract.address)
            for item in contract.abi:
                if item.get("type") == "event" and not item.get("anonymous"):
                    topic = bytes(event_abi_to_log_topic(item))  # type: ignore[arg-type]
                    self._events[(address, topic)] = (name, item)
        self.addresses = sorted({address for address, _ in self._events})

    def decode(self, raw: Any) -> DecodedLog | None:
        """The decoded log, or None for a log no ABI describes (ignored, not fatal)."""
        topics = raw["topics"]
        if not topics:
            return None
        address = to_checksum_address(raw["address"])
        known = self._events.get((address, bytes(topics[0])))
        if known is None:
            return None
        contract, abi = known
        data = get_event_data(self._codec, abi, raw)
        return DecodedLog(
            block_number=int(raw["blockNumber"]),
            block_hash="0x" + bytes(raw["blockHash"]).hex(),
            tx_hash="0x" + bytes(raw["transactionHash"]).hex(),
            tx_index=int(raw["transactionIndex"]),
            log_index=int(raw["logIndex"]),
            address=address,
            contract=contract,
            name=data["event"],
            args=_jsonable(dict(data["args"])),
        )
