"""The relayer: submits contributors' signed claims and holders' signed votes on chain.

The relayer's key comes from an encrypted keystore file and a password file (TEAL_RELAYER=
keystore), or, on a local development chain only (chain id 1337/31337), from a publicly
known development key (TEAL_RELAYER=dev). Every call is simulated with `eth_call` first; a
revert becomes a 409/422 naming the contract's custom error, and nothing is sent. If the
chain moves between the simulation and the block (another claim lands first, a deadline
passes), the transaction is mined and reverts: the answer names it with status `reverted`.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from eth_account import Account
from eth_account.signers.local import LocalAccount
from hexbytes import HexBytes
from web3.exceptions import ContractCustomError, ContractLogicError, TimeExhausted, Web3RPCError

from api.chainview import ChainView
from api.errors import ApiError
from api.settings import DEV_CHAIN_IDS, Settings, SettingsError

log = logging.getLogger(__name__)

# Account 0 of the "test test ... junk" mnemonic that Anvil and Hardhat print at start-up:
# public knowledge, so only ever accepted on a development chain.
DEV_RELAYER_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"

# Custom errors that mean "the chain's state says no" (409) rather than "your input is wrong".
CONFLICT_ERRORS = {
    "GovernorAlreadyCastVote",
    "GovernorUnexpectedProposalState",
    "InvalidAccountNonce",
    "TaskNotOpen",
    "TaskNotClaimed",
    "TaskNotSubmitted",
    "TaskRewardChanged",
    "TaskBondAboveMax",
    "TaskNonceUsed",
    "TaskClaimCooldown",
    "WorkstreamIsPaused",
    "WorkstreamTermEnded",
    "WorkstreamInsufficientBudget",
}
# Custom errors that mean "no such thing on chain".
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
        raise SettingsError(
            f"cannot open the relayer keystore {settings.relayer_keystore}: {exc}"
        ) from None


class Relayer:
    def __init__(self, *, chain: ChainView, account: LocalAccount, receipt_timeout: float) -> None:
        self.chain = chain
        self.account = account
        self.receipt_timeout = receipt_timeout
        self._send_lock = threading.Lock()  # one nonce sequence

    @property
    def address(self) -> str:
        return self.account.address

    def simulate(self, call: Any) -> None:
        """eth_call the contract function from the relayer; raise the decoded revert."""
        try:
            call.call({"from": self.account.address})
        except ContractCustomError as exc:
            name, text = self.chain.error_name(exc.data)
            raise self._revert(name or "unknown_custom_error", text or str(exc)) from None
        except ContractLogicError as exc:
            name, text = self.chain.error_name(getattr(exc, "data", None))
            raise self._revert(name or "reverted", text or str(exc.message or exc)) from None
        except (ConnectionError, OSError) as exc:
            raise ApiError(
                503, "chain_unavailable", f"the chain node is unreachable: {type(exc).__name__}"
            ) from None

    def _revert(self, name: str, text: str) -> ApiError:
        status = 409 if name in CONFLICT_ERRORS else 404 if name in NOT_FOUND_ERRORS else 422
        return ApiError(status, "reverted", f"the contract would revert: {text}", field=name)

    def send(self, call: Any) -> dict[str, Any]:
        w3 = self.chain.w3
        with self._send_lock:
            try:
                tx = call.build_transaction(
                    {
                        "from": self.account.address,
                        "nonce": w3.eth.get_transaction_count(self.account.address, "pending"),
                        "chainId": self.chain.manifest.chain_id,
                    }
                )
                signed = self.account.sign_transaction(tx)
                tx_hash = w3.eth.send_raw_transaction(signed.raw_transaction)
            except (ContractCustomError, ContractLogicError) as exc:
                name, text = self.chain.error_name(getattr(exc, "data", None))
                raise self._revert(name or "reverted", text or str(exc)) from None
            except (ValueError, Web3RPCError) as exc:
                mined = _mined_revert(exc)
                if mined is None:  # e.g. the relayer has no gas money
                    log.warning("relay send rejected by node: %s", exc)
                    raise ApiError(
                        502, "send_failed", "the chain node rejected the relayed transaction"
                    ) from None
                # The state changed between the simulation and the block (someone claimed
                # first, a deadline passed); Ganache reports the mined revert as an error.
                tx_hash = mined
        try:
            receipt = w3.eth.wait_for_transaction_receipt(tx_hash, timeout=self.receipt_timeout)
        except TimeExhausted:
            raise ApiError(
                502, "not_mined", f"transaction 0x{bytes(tx_hash).hex()} not mined in time"
            ) from None
        return {
            "tx_hash": "0x" + bytes(tx_hash).hex(),
            "status": "mined" if receipt["status"] == 1 else "reverted",
            "block_number": int(receipt["blockNumber"]),
            "relayer": self.account.address,
        }


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
