"""The command line's connection to the chain: the manifest's contracts over web3.py, views,
event lookups, and transactions signed locally by an unlocked account.

Every transaction is first estimated (an `eth_call` in effect), so a revert is caught and
decoded before anything is signed or sent; a transaction that still reverts when mined is
replayed with `eth_call` at its block to recover the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import requests
from eth_account.signers.local import LocalAccount
from eth_utils import to_checksum_address
from web3.contract import Contract
from web3.exceptions import ContractCustomError, ContractLogicError, TimeExhausted, Web3RPCError
from web3.logs import DISCARD as _DISCARD

from api.chain.errors import DecodedRevert, ErrorCatalog
from api.chain.errors import revert_data as _revert_data
from api.chain.manifest import Manifest, load_manifest
from api.chain.networks import NetworkChoice
from api.chain.rpc import connect
from api.chain.types import decode_view

T = TypeVar("T")

# What the command line reads of any ERC20 (budget tokens, the governance token).
ERC20_ABI: list[dict[str, Any]] = [
    {
        "type": "function",
        "name": name,
        "stateMutability": "view",
        "inputs": inputs,
        "outputs": [{"name": "", "type": out}],
    }
    for name, inputs, out in [
        ("symbol", [], "string"),
        ("decimals", [], "uint8"),
        ("balanceOf", [{"name": "account", "type": "address"}], "uint256"),
        ("allowance", [{"name": "owner", "type": "address"}, {"name": "spender", "type": "address"}], "uint256"),
    ]
] + [
    {
        "type": "function",
        "name": name,
        "stateMutability": "nonpayable",
        "inputs": [{"name": who, "type": "address"}, {"name": "value", "type": "uint256"}],
        "outputs": [{"name": "", "type": "bool"}],
    }
    for name, who in [("approve", "spender"), ("transfer", "to")]
]
RECEIPT_TIMEOUT = 120
# How long a ForwardRequest the command line signs stays valid.
FORWARD_VALIDITY = 3600


class ChainUnavailable(Exception):
    def __init__(self, url: str, detail: str = "") -> None:
        self.url = url
        super().__init__(detail or f"no chain at {url}")


class ChainMismatch(Exception):
    """The manifest does not describe the chain behind the RPC URL."""


class NoGasMoney(Exception):
    """The sender's ETH does not cover the gas of `contract.function` (`needed` wei at most,
    `balance` wei held; None when the node refused without saying)."""

    def __init__(
        self,
        address: str,
        *,
        contract: str = "",
        function: str = "",
        needed: int | None = None,
        balance: int | None = None,
    ) -> None:
        self.address, self.contract, self.function = address, contract, function
        self.needed, self.balance = needed, balance
        super().__init__(f"{address} has not enough ETH to pay for gas")


class Reverted(Exception):
    """The contract refused the call; `revert` is the decoded custom error (None if unknown)."""

    def __init__(self, revert: DecodedRevert | None, raw: str, *, contract: str, function: str) -> None:
        self.revert = revert
        self.raw = raw
        self.contract = contract
        self.function = function
        super().__init__(revert.signature() if revert else raw or "reverted without a reason")


class NotRelayable(Exception):
    """A call that cannot go through the deployment's ERC-2771 forwarder."""


@dataclass(frozen=True)
class Token:
    address: str
    symbol: str
    decimals: int


class ChainClient:
    def __init__(self, choice: NetworkChoice, *, timeout: float = 30.0) -> None:
        self.choice = choice
        self.manifest: Manifest = load_manifest(choice.manifest)
        self.w3 = connect(choice.rpc_url, timeout=timeout)
        try:
            chain_id = int(self.w3.eth.chain_id)
        except requests.exceptions.Timeout:
            raise ChainUnavailable(choice.rpc_url, f"{choice.rpc_url} did not answer in {timeout:g} s") from None
        except (requests.exceptions.ConnectionError, OSError):
            raise ChainUnavailable(choice.rpc_url, "connection refused") from None
        if chain_id != self.manifest.chain_id:
            raise ChainMismatch(
                f"the manifest {choice.manifest} is for chain {self.manifest.chain_id}, but {choice.rpc_url} "
                f"is chain {chain_id}: pick the matching --network, or --rpc-url and --manifest"
            )
        self.contracts = {
            name: self.w3.eth.contract(address=to_checksum_address(c.address), abi=c.abi)
            for name, c in self.manifest.contracts.items()
        }
        self.errors = ErrorCatalog(self.manifest, self.w3.codec)
        self._tokens: dict[str, Token] = {}
        self._checked_code = False
        # Set by the command line's --relay: posts a signed ForwardRequest's JSON body to a relay
        # and returns its answer (`tx_hash`, `status`, ...); `transact` then signs requests
        # instead of transactions, and the relayer pays the gas.
        self.forward: Callable[[dict[str, Any]], dict[str, Any]] | None = None

    def contract(self, name: str) -> Contract:
        contract = self.contracts.get(name)
        if contract is None:
            raise ChainMismatch(f"{name} is not in the deployment manifest {self.choice.manifest}")
        if not self._checked_code:
            self._checked_code = True
            if not self.w3.eth.get_code(contract.address):
                raise ChainMismatch(
                    f"no contract at {contract.address} on {self.choice.rpc_url}: the chain was restarted "
                    f"after {self.choice.manifest} was written; deploy again (scripts/up.sh)"
                )
        return contract

    # ---- reads ---------------------------------------------------------------------------

    def head(self) -> tuple[int, int]:
        """(block number, timestamp) of the latest block: the chain's own clock."""
        block = self.w3.eth.get_block("latest")
        return int(block["number"]), int(block["timestamp"])

    def token(self, address: str) -> Token:
        address = to_checksum_address(address)
        if address not in self._tokens:
            erc20 = self.w3.eth.contract(address=address, abi=ERC20_ABI)
            try:
                symbol, decimals = erc20.functions.symbol().call(), int(erc20.functions.decimals().call())
            except (ContractLogicError, ValueError, Web3RPCError):
                symbol, decimals = address[:8], 0
            self._tokens[address] = Token(address=address, symbol=symbol, decimals=decimals)
        return self._tokens[address]

    def erc20(self, address: str) -> Contract:
        return self.w3.eth.contract(address=to_checksum_address(address), abi=ERC20_ABI)

    def call(self, contract_name: str, function: str, *args: Any) -> Any:
        """A view, with its revert decoded like a transaction's."""
        contract = self.contract(contract_name)
        try:
            return getattr(contract.functions, function)(*args).call()
        except (ContractCustomError, ContractLogicError, Web3RPCError) as exc:
            raise self._reverted(exc, contract_name, function) from None

    def view(self, cls: type[T], contract_name: str, function: str, *args: Any) -> T:
        """A view returning a struct (or named outputs), decoded by name into `cls` (api.chain.types)."""
        return decode_view(cls, self.contract(contract_name).abi, function, self.call(contract_name, function, *args))

    def logs(self, contract_name: str, event: str, *, filters: dict[str, Any] | None = None) -> list[Any]:
        """Every `event` of a contract since the deployment, oldest first."""
        contract = self.contract(contract_name)
        return list(
            getattr(contract.events, event).get_logs(
                from_block=self.manifest.start_block, to_block="latest", argument_filters=filters
            )
        )

    # ---- transactions --------------------------------------------------------------------

    def simulate(self, sender: str, contract_name: str, function: str, *args: Any) -> Any:
        """eth_call a state-changing function as `sender`, raising its decoded revert."""
        contract = self.contract(contract_name)
        try:
            return getattr(contract.functions, function)(*args).call({"from": sender})
        except (ContractCustomError, ContractLogicError, Web3RPCError) as exc:
            raise self._reverted(exc, contract_name, function) from None

    def transact(
        self,
        account: LocalAccount,
        contract: Any,
        function: str,
        *args: Any,
        name: str | None = None,
        before_send: Callable[[], None] | None = None,
    ) -> Any:
        """Sign and send `contract.function(*args)` from `account`; the mined receipt.
        `before_send` runs once the call is known not to revert (e.g. publish its document).
        With `forward` set, `account` signs an ERC-2771 ForwardRequest instead and the relay sends it."""
        label = name or _contract_name(self, contract)
        if self.forward is not None:
            return self._transact_forwarded(account, contract, function, args, label, before_send)
        call = getattr(contract.functions, function)(*args)
        try:
            tx = call.build_transaction(
                {
                    "from": account.address,
                    "nonce": self.w3.eth.get_transaction_count(account.address, "pending"),
                    "chainId": self.manifest.chain_id,
                }
            )
        except (ContractCustomError, ContractLogicError) as exc:
            raise self._reverted(exc, label, function) from None
        except Web3RPCError as exc:
            if _revert_data(exc) is not None:
                raise self._reverted(exc, label, function) from None
            if _is_insufficient_funds(exc):
                raise NoGasMoney(account.address, contract=label, function=function) from None
            raise
        # Checked before `before_send`: a sender who cannot pay must not publish a document
        # that no transaction will ever name.
        needed = int(tx["gas"]) * int(tx.get("maxFeePerGas") or tx.get("gasPrice") or 0) + int(tx.get("value", 0))
        balance = int(self.w3.eth.get_balance(account.address))
        if balance < needed:
            raise NoGasMoney(account.address, contract=label, function=function, needed=needed, balance=balance)
        if before_send is not None:
            before_send()
        signed = account.sign_transaction(tx)
        try:
            tx_hash = self.w3.eth.send_raw_transaction(signed.raw_transaction)
        except Web3RPCError as exc:
            if _is_insufficient_funds(exc):
                raise NoGasMoney(account.address, contract=label, function=function) from None
            raise
        try:
            receipt = self.w3.eth.wait_for_transaction_receipt(tx_hash, timeout=RECEIPT_TIMEOUT)
        except TimeExhausted:
            raise ChainUnavailable(
                self.choice.rpc_url, f"transaction 0x{bytes(tx_hash).hex()} was not mined in {RECEIPT_TIMEOUT} s"
            ) from None
        if receipt["status"] != 1:
            try:
                call.call({"from": account.address}, block_identifier=receipt["blockNumber"] - 1)
            except (ContractCustomError, ContractLogicError, Web3RPCError) as exc:
                raise self._reverted(exc, label, function) from None
            raise Reverted(None, "", contract=label, function=function)
        return receipt

    def _transact_forwarded(
        self,
        account: LocalAccount,
        contract: Any,
        function: str,
        args: tuple[Any, ...],
        label: str,
        before_send: Callable[[], None] | None,
    ) -> Any:
        """`account` signs a ForwardRequest for `contract.function(*args)` and `self.forward` has a
        relay send it through the TealForwarder; the mined receipt. The call is estimated first as
        the forwarder will make it (from the forwarder, the signer appended), so a revert is
        decoded before anything is signed, published or sent."""
        from api.chain.forwarding import FORWARD_TARGETS, FORWARDER, GAS_MARGIN, sign_forward_request

        assert self.forward is not None
        forwarder = self.contracts.get(FORWARDER)
        if forwarder is None:
            raise NotRelayable(
                f"this deployment has no {FORWARDER} (manifest {self.choice.manifest}): "
                "send the transaction yourself, without --relay"
            )
        targets = {self.contracts[n].address for n in FORWARD_TARGETS if n in self.contracts}
        if contract.address not in targets:
            raise NotRelayable(
                f"{label}.{function} cannot go through the forwarder (only "
                f"{', '.join(FORWARD_TARGETS)} trust it): send it yourself, without --relay"
            )
        call = getattr(contract.functions, function)(*args)
        data = bytes.fromhex(call._encode_transaction_data()[2:])
        try:
            call.call({"from": account.address})
            gas = int(
                self.w3.eth.estimate_gas(
                    {
                        "from": forwarder.address,
                        "to": contract.address,
                        "data": data + bytes.fromhex(account.address[2:]),
                    }
                )
            )
        except (ContractCustomError, ContractLogicError) as exc:
            raise self._reverted(exc, label, function) from None
        except Web3RPCError as exc:
            if _revert_data(exc) is not None:
                raise self._reverted(exc, label, function) from None
            raise
        _, now = self.head()
        request = sign_forward_request(
            account,
            chain_id=self.manifest.chain_id,
            forwarder=forwarder.address,
            to=contract.address,
            data=data,
            nonce=int(forwarder.functions.nonces(account.address).call()),
            deadline=now + FORWARD_VALIDITY,
            gas=int(gas * GAS_MARGIN),
        )
        if before_send is not None:
            before_send()
        answer = self.forward({**request.jsonable(), "chain_id": self.manifest.chain_id})
        try:
            receipt = self.w3.eth.wait_for_transaction_receipt(answer["tx_hash"], timeout=RECEIPT_TIMEOUT)
        except TimeExhausted:
            raise ChainUnavailable(
                self.choice.rpc_url, f"relayed transaction {answer['tx_hash']} was not mined in {RECEIPT_TIMEOUT} s"
            ) from None
        if receipt["status"] != 1:
            try:
                call.call({"from": account.address}, block_identifier=receipt["blockNumber"] - 1)
            except (ContractCustomError, ContractLogicError, Web3RPCError) as exc:
                raise self._reverted(exc, label, function) from None
            raise Reverted(None, "", contract=label, function=function)
        return receipt

    def events(self, receipt: Any, contract_name: str, event: str) -> list[dict[str, Any]]:
        contract = self.contracts[contract_name]
        found = getattr(contract.events, event)().process_receipt(receipt, errors=_DISCARD)
        return [dict(e["args"]) for e in found]

    def _reverted(self, exc: Exception, contract: str, function: str) -> Reverted:
        raw = _revert_data(exc) or ""
        return Reverted(self.errors.decode(raw), raw or str(exc), contract=contract, function=function)


def _is_insufficient_funds(exc: Exception) -> bool:
    return "insufficient funds" in str(exc).lower()


def _contract_name(client: ChainClient, contract: Any) -> str:
    for name, known in client.contracts.items():
        if known.address == contract.address:
            return name
    return contract.address
