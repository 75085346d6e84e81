"""Every failure a user can cause or fix, as one line (or one JSON error) and exit code 1:
bad input, wallet trouble, a missing chain or IPFS node, and contract reverts in words.
Anything else is a bug, reported the same way with its type and a pointer to TEAL_DEBUG=1.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from api.cli.commands.output import Output
from api.cli.commands.session import CliError, Session

F = TypeVar("F", bound=Callable[..., Any])
NO_CHAIN_HINT = "start one with `scripts/up.sh`"
NO_IPFS_HINT = "start one with `ipfs daemon`, or use the embedded store with TEAL_STORE=local"


def describe(exc: BaseException) -> tuple[str, str, dict[str, Any]] | None:
    """(code, message, extra JSON fields) for a failure we can explain, else None."""
    import requests
    from web3.exceptions import Web3RPCError

    from api.chain.client import ChainMismatch, ChainUnavailable, NoGasMoney, NotRelayable, Reverted
    from api.chain.errors import explain
    from api.chain.manifest import ManifestError
    from api.chain.networks import NetworkChoiceError
    from api.cli.wallet.keystore import WalletError, WrongPassword
    from api.content.errors import ContentError, StoreUnavailableError
    from api.settings import SettingsError

    session = Session.active
    url = session.rpc_url_in_use if session else None
    if isinstance(exc, CliError):
        return exc.code, str(exc), {}
    if isinstance(exc, WrongPassword):
        return "wrong_password", str(exc), {}
    if isinstance(exc, WalletError):
        return "wallet", str(exc), {}
    if isinstance(exc, NetworkChoiceError):
        return "bad_network", str(exc), {}
    if isinstance(exc, ManifestError):
        return "no_manifest", str(exc), {}
    if isinstance(exc, SettingsError):
        return "bad_settings", str(exc), {}
    if isinstance(exc, ChainUnavailable):
        return "no_chain", f"no chain at {exc.url}: {NO_CHAIN_HINT} ({exc})", {}
    if isinstance(exc, requests.exceptions.ConnectionError | requests.exceptions.Timeout | ConnectionError):
        return "no_chain", f"no chain at {url or 'the RPC URL'}: {NO_CHAIN_HINT}", {}
    if isinstance(exc, NoGasMoney):
        extra = {k: str(v) for k, v in (("needed_wei", exc.needed), ("balance_wei", exc.balance)) if v is not None}
        return "no_gas_money", no_gas_message(exc), extra
    if isinstance(exc, ChainMismatch):
        return "wrong_chain", str(exc), {}
    if isinstance(exc, NotRelayable):
        return "not_relayable", str(exc), {}
    if isinstance(exc, Reverted):
        if exc.revert is None:
            return "reverted", f"{exc.contract}.{exc.function} reverted: {exc.raw}", {}
        message = explain(exc.revert, session.chain) if session else exc.revert.signature()
        return exc.revert.code, message, {"revert": exc.revert.jsonable()}
    if isinstance(exc, StoreUnavailableError):
        return "no_ipfs", f"no IPFS node at {exc.address}: {NO_IPFS_HINT}", {}
    if isinstance(exc, ContentError):
        return "invalid_document", str(exc), {}
    if isinstance(exc, Web3RPCError):
        return "rpc_error", f"the node at {url or 'the RPC URL'} refused: {exc}", {}
    return None


# The gasless way of doing what a transaction does, where there is one (a signature a relay sends).
_GASLESS = {
    ("TaskBoard", "claim"): "claim without gas with `teal task claim --relay URL` (a bond is permitted in the "
    "same request) or `teal task claim-by-signature --relay URL`",
    ("TealGovernor", "castVote"): "vote without gas with `teal vote ID SUPPORT --relay URL`",
    ("TealGovernor", "castVoteWithReason"): "vote without gas with `teal vote ID SUPPORT --reason TEXT --relay URL`",
}


# Steps a command can have relayed with --relay URL (an ERC-2771 request the actor signs).
_RELAYABLE = {
    "TaskBoard": {"createTask", "cancel", "claim", "abandon", "reopenExpired", "submit", "approve", "reject"},
    "Workstreams": {"proposeMemberChange", "approveMemberChange", "withdrawMemberChange", "withdrawOwed"},
}


def _eth(wei: int) -> str:
    return f"{wei / 10**18:.6f}".rstrip("0").rstrip(".") + " ETH"


def no_gas_message(exc: Any) -> str:
    """What a sender without gas money can do: fund it, or the gasless way when there is one;
    never a gasless command that does not do this step."""
    gasless = _GASLESS.get((exc.contract, exc.function))
    if gasless:
        return f"{exc.address} has not enough ETH to pay for gas: fund it, or {gasless}"
    step = f"{exc.contract}.{exc.function}" if exc.function else "this transaction"
    held = f"{exc.address} has {_eth(exc.balance)}" if exc.balance is not None else f"{exc.address} has too little ETH"
    cost = f"costs up to {_eth(exc.needed)}" if exc.needed is not None else "is more than that"
    if exc.function in _RELAYABLE.get(exc.contract, ()):
        return (
            f"{held}; the gas of {step} {cost}: send it some ETH first, or run the same command with "
            "`--relay URL` (you sign; a Teal API's relayer pays the gas)"
        )
    return f"{held}; the gas of {step} {cost}: send it some ETH first (no relay sends this step yet)"


def teal_command(fn: F) -> F:
    """Wrap a command so known failures print as one line (or JSON) and exit 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get("TEAL_DEBUG"):
                raise
            # Anything unforeseen is still one line (and JSON with --json), naming TEAL_DEBUG.
            code, message, extra = describe(exc) or (
                "unexpected",
                f"{type(exc).__name__}: {exc} (set TEAL_DEBUG=1 for details)",
                {},
            )
            session = Session.active
            out = session.out if session else Output(json_mode=bool(kwargs.get("json_output")))
            out.error(code, message, extra)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]
