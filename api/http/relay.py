"""The relayer: submits contributors' signed claims, holders' signed votes and delegations, and
members' and contributors' ERC-2771 forwarded requests on chain.

The relayer's key comes from an encrypted keystore file and a password file (TEAL_RELAYER=
keystore), or, on a local development chain only (chain id 1337/31337), from a publicly
known development key (TEAL_RELAYER=dev). Every call is simulated with `eth_call` first; a
revert becomes a 409 (conflict with the chain's state) or 422 (bad signature or input) naming
the contract's custom error and its arguments, and nothing is sent. If the chain moves between
the simulation and the block (another claim lands first, a deadline passes), the transaction is
refused the same way when the node's gas estimate sees it, or mined and reverted: the answer
then has status `reverted` and the decoded error. Who may be relayed for, quotas and the gas
budget: api.http.relay_policy.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils import to_checksum_address
from hexbytes import HexBytes
from web3.exceptions import (
    ContractCustomError,
    ContractLogicError,
    TimeExhausted,
    TransactionNotFound,
    Web3RPCError,
)

from api.chain.client import ERC20_ABI, Token
from api.chain.errors import DecodedRevert, ErrorCatalog, explain, revert_data
from api.http.chainview import ChainView
from api.http.errors import ApiError
from api.http.relay_policy import HeldSender, RelayLedger, SenderLock
from api.settings import DEV_CHAIN_IDS, Settings, SettingsError

log = logging.getLogger(__name__)

# Account 0 of the "test test ... junk" mnemonic that Anvil and Hardhat print at start-up:
# public knowledge, so only ever accepted on a development chain.
DEV_RELAYER_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"

# Custom errors that mean "your signature or input is wrong" (422); every other decoded revert
# is a conflict with the chain's state (409: task not open, already voted, nonce used...).
INPUT_ERRORS = {
    "ECDSAInvalidSignature",
    "ECDSAInvalidSignatureLength",
    "ECDSAInvalidSignatureS",
    "GovernorInvalidSignature",
    "GovernorInvalidVoteType",
    "TaskInvalidSignature",
    "TaskSignatureExpired",
    "TaskPermitRefused",
    "ERC2771ForwarderInvalidSigner",
    "ERC2771ForwarderExpiredRequest",
    "ERC2771ForwarderMismatchedValue",
    "ERC2771UntrustfulTarget",
    "ERC2612InvalidSigner",
    "ERC2612ExpiredSignature",
    "VotesExpiredSignature",
}
# Custom errors that mean "no such thing on chain".
# Anvil estimates gas in the context of the latest block: a delegation whose checkpoint for
# that block number already exists is estimated as an update, then mined in the next block,
# where it is a new storage slot (about 20,000 gas more), and ran out of gas (a relayed
# delegation, 2026-11-29). Wallets add a margin for the same reason; unused gas is not
# charged, so the margin costs nothing when it is not needed.
ESTIMATE_MARGIN = 1.25
NOT_FOUND_ERRORS = {"GovernorNonexistentProposal", "TaskUnknown", "WorkstreamUnknown"}


def load_relayer(settings: Settings, chain_id: int) -> LocalAccount | None:
    if settings.relayer == "none":
        return None
    if settings.relayer == "dev":
        if chain_id not in DEV_CHAIN_IDS:
            raise SettingsError(f"TEAL_RELAYER=dev refused on chain {chain_id}")
        return Account.from_key(DEV_RELAYER_KEY)
    assert settings.relayer_keystore is not None and settings.relayer_password_file is not None
    try:
        keystore = settings.relayer_keystore.read_text()
        password = settings.relayer_password_file.read_text().splitlines()[0]
        return Account.from_key(Account.decrypt(keystore, password))
    except (OSError, ValueError, IndexError) as exc:
        raise SettingsError(f"cannot open the relayer keystore {settings.relayer_keystore}: {exc}") from None


class Relayer:
    """Simulates, sends and reports relayed calls; every revert, simulated or mined, is decoded
    with the manifest's custom errors. With a `ledger`, each transaction takes the account's
    and the client's daily quota and is checked against, then charged to, the gas budget. With
    a `sender` lock kept in the database, several API workers share one nonce sequence."""

    def __init__(
        self,
        *,
        chain: ChainView,
        account: LocalAccount,
        receipt_timeout: float,
        ledger: RelayLedger | None = None,
        sender: SenderLock | None = None,
    ) -> None:
        self.chain = chain
        self.account = account
        self.receipt_timeout = receipt_timeout
        self.ledger = ledger
        self.catalog = ErrorCatalog(chain.manifest, chain.w3.codec)
        # One nonce sequence: across API workers when the lock is kept in the database.
        self.sender = sender or SenderLock(account.address)

    @property
    def address(self) -> str:
        return self.account.address

    def decode(self, exc: BaseException) -> DecodedRevert | None:
        data = revert_data(exc)
        return self.catalog.decode(data) if data else None

    def simulate(self, call: Any) -> None:
        """eth_call the contract function from the relayer; raise the decoded revert."""
        try:
            call.call({"from": self.account.address})
        except (ContractCustomError, ContractLogicError, Web3RPCError) as exc:
            if isinstance(exc, Web3RPCError) and revert_data(exc) is None:
                raise _node_error(exc) from None
            raise self.refusal(exc) from None
        except (ConnectionError, OSError) as exc:
            raise _unreachable(exc) from None

    def simulate_forwarded(self, call: Any, *, forwarder: str, to: str, data: bytes, sender: str) -> None:
        """eth_call `forwarder.execute(request)`; the forwarder answers a failing target with a bare
        `FailedCall`, so the target is then asked itself, as the forwarder calls it (from the
        forwarder, the signer appended to the data), for its named error."""
        try:
            call.call({"from": self.account.address})
            return
        except (ContractCustomError, ContractLogicError, Web3RPCError) as exc:
            if isinstance(exc, Web3RPCError) and revert_data(exc) is None:
                raise _node_error(exc) from None
            outer = exc
        except (ConnectionError, OSError) as exc:
            raise _unreachable(exc) from None
        revert = self.decode(outer)
        if revert is not None and revert.name == "FailedCall":
            inner = {"from": forwarder, "to": to, "data": "0x" + (data + bytes.fromhex(sender[2:])).hex()}
            try:
                self.chain.w3.eth.call(inner)  # type: ignore[arg-type]
            except (ContractCustomError, ContractLogicError, Web3RPCError) as exc:
                if revert_data(exc) is not None:
                    raise self.refusal(exc) from None
            except (ConnectionError, OSError) as exc:
                raise _unreachable(exc) from None
            else:  # the call works on its own: it ran out of the gas the request gives it
                raise ApiError(
                    422,
                    "gas_too_low",
                    "the call succeeds on its own but not within the gas the "
                    "request gives it: sign the request with more gas",
                    field="body.gas",
                )
        raise self.refusal(outer)

    def refusal(self, exc: BaseException) -> ApiError:
        """The API error for a call the contract refuses: 422 when the signature or input is
        wrong, 404 for an unknown task/proposal, else 409; `field` names the custom error."""
        revert = self.decode(exc)
        if revert is None:
            data = revert_data(exc)
            shown = f" (data {data[:10]}..., {len(data) // 2 - 1} bytes)" if data else ""
            return ApiError(409, "reverted", f"the contract would revert without a known reason{shown}")
        status = 422 if revert.name in INPUT_ERRORS else 404 if revert.name in NOT_FOUND_ERRORS else 409
        return ApiError(
            status,
            "reverted",
            f"the contract would revert with {revert.signature()}: {explain(revert, ContextReads(self.chain))}",
            field=revert.name,
        )

    def relay(self, call: Any, *, account: str, client: str) -> dict[str, Any]:
        """Simulate, take the quotas, check the gas budget, send, wait; the relay's answer."""
        self.simulate(call)
        return self.send(call, account=account, client=client)

    def send(self, call: Any, *, account: str = "", client: str = "") -> dict[str, Any]:
        """Build (gas estimate), check the budget, take the quotas, then under the sender lock
        pick the nonce, sign and send; wait for the receipt outside the lock."""
        w3 = self.chain.w3
        try:
            tx = call.build_transaction({"from": self.account.address, "chainId": self.chain.manifest.chain_id})
        except (ContractCustomError, ContractLogicError) as exc:
            raise self.refusal(exc) from None  # the chain moved since the simulation
        except Web3RPCError as exc:
            if revert_data(exc) is not None:
                raise self.refusal(exc) from None
            raise _node_error(exc) from None
        except (ConnectionError, OSError) as exc:
            raise _unreachable(exc) from None
        tx["gas"] = int(int(tx["gas"]) * ESTIMATE_MARGIN)
        if self.ledger is not None:
            price = int(tx.get("maxFeePerGas") or tx.get("gasPrice") or 0)
            self.ledger.check_budget(int(tx["gas"]) * price)
            self.ledger.take(account=account, ip=client)
        mined_revert: DecodedRevert | None = None
        with self.sender.hold() as held:
            try:
                tx["nonce"] = self._next_nonce(held)
            except (ConnectionError, OSError) as exc:
                raise _unreachable(exc) from None
            except Web3RPCError as exc:
                raise _node_error(exc) from None
            signed = self.account.sign_transaction(tx)
            try:
                tx_hash = w3.eth.send_raw_transaction(signed.raw_transaction)
            except (ValueError, Web3RPCError) as exc:
                mined = _mined_revert(exc)
                if mined is None:  # e.g. the relayer has no gas money
                    raise _node_error(exc) from None
                # The state changed between the simulation and the block (someone claimed
                # first, a deadline passed); Ganache reports the mined revert as an error.
                tx_hash, mined_revert = mined, self.decode(exc)
            except (ConnectionError, OSError) as exc:
                raise _unreachable(exc) from None
            held.record(int(tx["nonce"]), "0x" + bytes(tx_hash).hex())
        log.info(
            "relayed transaction 0x%s with nonce %d",
            bytes(tx_hash).hex(),
            tx["nonce"],
            extra={"tx_hash": "0x" + bytes(tx_hash).hex(), "nonce": int(tx["nonce"]), "worker": os.getpid()},
        )
        try:
            receipt = w3.eth.wait_for_transaction_receipt(tx_hash, timeout=self.receipt_timeout)
        except TimeExhausted:
            raise ApiError(502, "not_mined", f"transaction 0x{bytes(tx_hash).hex()} not mined in time") from None
        if self.ledger is not None:
            price = int(receipt.get("effectiveGasPrice") or tx.get("maxFeePerGas") or 0)
            self.ledger.spend(int(receipt["gasUsed"]) * price)
        reverted = receipt["status"] != 1
        if reverted and mined_revert is None:
            mined_revert = self._replay(call, int(receipt["blockNumber"]))
        return {
            "tx_hash": "0x" + bytes(tx_hash).hex(),
            "status": "reverted" if reverted else "mined",
            "block_number": int(receipt["blockNumber"]),
            "relayer": self.account.address,
            "revert": mined_revert.jsonable() if mined_revert else None,
        }

    def _next_nonce(self, held: HeldSender) -> int:
        """The nonce to send with, under the sender lock: the chain's pending transaction count,
        or one past the last nonce sent when the node does not count that transaction yet (some
        nodes leave pooled transactions out of "pending"). A recorded transaction the node no
        longer knows (dropped, or undone by a reorg or a test's revert) does not count."""
        pending = int(self.chain.w3.eth.get_transaction_count(self.account.address, "pending"))
        if held.last_nonce < pending or not held.last_tx:
            return pending
        try:
            self.chain.w3.eth.get_transaction(HexBytes(held.last_tx))
        except TransactionNotFound:
            return pending
        return held.last_nonce + 1

    def _replay(self, call: Any, block: int) -> DecodedRevert | None:
        """Why a mined transaction reverted: the call replayed on the state its block left
        (the claim that landed first is in it, the deadline has passed)."""
        try:
            call.call({"from": self.account.address}, block_identifier=block)
        except (ContractCustomError, ContractLogicError, Web3RPCError) as exc:
            return self.decode(exc)
        except Exception as exc:  # noqa: BLE001 - the status alone still answers
            log.debug("replay of a reverted relay failed: %s", exc)
        return None


class ContextReads:
    """What `api.chain.errors.explain` reads for context, over the API's ChainView."""

    def __init__(self, chain: ChainView) -> None:
        self.chain = chain
        self.contracts = chain.contracts

    def call(self, contract: str, function: str, *args: Any) -> Any:
        return getattr(self.contracts[contract].functions, function)(*args).call()

    def head(self) -> tuple[int, int]:
        block = self.chain.w3.eth.get_block("latest")
        return int(block["number"]), int(block["timestamp"])

    def token(self, address: str) -> Token:
        erc20 = self.chain.w3.eth.contract(address=to_checksum_address(address), abi=ERC20_ABI)
        return Token(
            address=address,
            symbol=erc20.functions.symbol().call(),
            decimals=int(erc20.functions.decimals().call()),
        )


def _node_error(exc: BaseException) -> ApiError:
    log.warning("relay rejected by the node: %s", exc)
    return ApiError(502, "send_failed", "the chain node rejected the relayed transaction")


def _unreachable(exc: BaseException) -> ApiError:
    return ApiError(503, "chain_unavailable", f"the chain node is unreachable: {type(exc).__name__}")


def _mined_revert(exc: Exception) -> HexBytes | None:
    """The hash of a transaction the node mined and saw revert, when its error says so (Ganache
    answers `eth_sendRawTransaction` with an error for those, where other nodes just mine)."""
    response = (exc.rpc_response if isinstance(exc, Web3RPCError) else None) or {}
    error = response.get("error")
    data = error.get("data") if isinstance(error, dict) else None
    tx_hash = data.get("hash") if isinstance(data, dict) else None
    if isinstance(tx_hash, str) and len(tx_hash) == 66 and tx_hash.startswith("0x"):
        return HexBytes(tx_hash)
    return None
