"""The local chain `teal up` runs: Ganache or Anvil, launched as Brownie's teal-ganache /
teal-anvil networks would be (chain id, mnemonic, hardfork, gas limit from brownie-config.yaml),
with enough accounts for the demo DAO's cast."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import httpx
import yaml

ChainKind = Literal["ganache", "anvil"]
# The demo DAO's cast (scripts/demo_dao_content.py) uses twenty accounts.
MIN_ACCOUNTS = 20


@dataclass(frozen=True)
class ChainSpec:
    kind: ChainKind
    network: str  # the Brownie network whose launch settings apply
    chain_id: int
    mnemonic: str
    accounts: int
    gas_limit: int
    hardfork: str
    default_port: int


DEFAULT_PORTS: dict[ChainKind, int] = {"ganache": 8545, "anvil": 8546}
# Where Anvil keeps the states it no longer holds in memory (a cache of the running process).
ANVIL_HISTORY = "anvil-history"


def chain_spec(root: Path, kind: ChainKind) -> ChainSpec:
    """The launch settings brownie-config.yaml gives the teal-<kind> network."""
    network = f"teal-{kind}"
    config = yaml.safe_load((root / "brownie-config.yaml").read_text())
    settings: dict[str, Any] = config["networks"][network]["cmd_settings"]
    return ChainSpec(
        kind=kind,
        network=network,
        chain_id=int(settings["chain_id"]),
        mnemonic=str(settings["mnemonic"]),
        accounts=max(int(settings.get("accounts", 10)), MIN_ACCOUNTS),
        gas_limit=int(settings["gas_limit"]),
        hardfork=str(settings["evm_version"]),
        default_port=DEFAULT_PORTS[kind],
    )


def chain_argv(root: Path, spec: ChainSpec, *, port: int, state: Path, start_time: float | None = None) -> list[str]:
    """The command line of the chain process (no secrets: the mnemonic is a public dev one).

    The chain keeps its state under `state` (a folder): Ganache writes its database there as
    it goes, Anvil dumps its state there when it stops (SIGTERM/SIGINT) and loads it on start.
    Anvil also writes the states of blocks older than the 500 it holds in memory to disk, by
    default under ~/.foundry/anvil/tmp, which it never cleans (not even on a clean exit); here
    they go to `state`/ANVIL_HISTORY, which `teal up` empties before each start.
    `start_time` (Unix seconds) starts a new chain's clock there instead of now.
    """
    if spec.kind == "ganache":
        clock = (
            []
            if start_time is None
            else ["--chain.time", datetime.fromtimestamp(start_time, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")]
        )
        return [
            str(root / "node_modules" / ".bin" / "ganache"),
            "--server.host",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--chain.chainId",
            str(spec.chain_id),
            "--wallet.mnemonic",
            spec.mnemonic,
            "--wallet.totalAccounts",
            str(spec.accounts),
            "--miner.blockGasLimit",
            str(spec.gas_limit),
            "--hardfork",
            spec.hardfork,
            # Revert reasons in RPC answers, as Brownie launches Ganache 7.
            "--chain.vmErrorsOnRPCResponse",
            "true",
            "--logging.quiet",
            "--database.dbPath",
            str(state),
            *clock,
        ]
    # The npm package's `anvil` is a Node wrapper that spawns the real binary; run the binary
    # itself so that stopping (or the death of) `teal up` reaches the chain directly.
    binary = root / "node_modules" / "@foundry-rs" / "anvil-linux-amd64" / "bin" / "anvil"
    if not binary.exists():
        binary = root / "node_modules" / ".bin" / "anvil"
    return [
        str(binary),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--chain-id",
        str(spec.chain_id),
        "--mnemonic",
        spec.mnemonic,
        "--accounts",
        str(spec.accounts),
        "--gas-limit",
        str(spec.gas_limit),
        "--hardfork",
        spec.hardfork,
        "--quiet",
        "--state",
        str(state / "anvil-state.json"),
        "--cache-path",
        str(state / ANVIL_HISTORY),
        *([] if start_time is None else ["--timestamp", str(int(start_time))]),
    ]


def rpc_chain_id(url: str, *, timeout: float = 2.0) -> int | None:
    """The chain id the node at `url` answers with, or None if nothing answers."""
    try:
        reply = httpx.post(
            url, json={"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []}, timeout=timeout
        )
        return int(reply.json()["result"], 16)
    except (httpx.HTTPError, ValueError, KeyError):
        return None


def wait_for_rpc(url: str, *, timeout: float, alive: Any) -> int:
    """Poll until the node answers; `alive()` raising stops the wait early (the process died)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive()
        chain_id = rpc_chain_id(url, timeout=1.0)
        if chain_id is not None:
            return chain_id
        time.sleep(0.1)
    raise TimeoutError(f"the chain at {url} did not answer within {timeout:.0f} s")


def rpc(url: str, method: str, params: list[Any], *, timeout: float = 5.0) -> Any:
    """One JSON-RPC call; raises RuntimeError with the node's message on an error answer."""
    reply = httpx.post(url, json={"jsonrpc": "2.0", "id": 1, "method": method, "params": params}, timeout=timeout)
    body = reply.json()
    if "error" in body:
        raise RuntimeError(f"{method}: {body['error'].get('message', body['error'])}")
    return body.get("result")


def head(url: str) -> tuple[int, str, int]:
    """Number, hash and timestamp of the latest block."""
    block = rpc(url, "eth_getBlockByNumber", ["latest", False])
    return int(block["number"], 16), block["hash"], int(block["timestamp"], 16)


def block_hash(url: str, number: int) -> str | None:
    block = rpc(url, "eth_getBlockByNumber", [hex(number), False])
    return block["hash"] if block else None


def has_code(url: str, address: str) -> bool:
    return rpc(url, "eth_getCode", [address, "latest"]) not in (None, "0x", "0x0")


def keep_time_monotonic(url: str, kind: ChainKind) -> None:
    """After a restart the node's clock is the wall clock again, but the demo moved chain time
    days ahead: set the clock past the newest block so timestamps never go backwards."""
    _, _, latest = head(url)
    if latest < time.time():
        return
    if kind == "ganache":
        rpc(url, "evm_setTime", [(latest + 1) * 1000])  # Ganache 7 takes milliseconds
    else:
        rpc(url, "evm_setTime", [latest + 1])


def catch_up_with_wall_clock(url: str, kind: ChainKind) -> int:
    """Move a chain whose clock is behind the wall clock (seeded in the past) to now, and mine
    a block there so that the latest block's time, what wallets and contracts see, is now.
    Returns the seconds jumped (0 when the chain was not behind)."""
    _, _, latest = head(url)
    now = int(time.time())
    if latest >= now:
        return 0
    rpc(url, "evm_setTime", [now * 1000 if kind == "ganache" else now])  # Ganache 7 takes milliseconds
    rpc(url, "evm_mine", [])
    return now - latest
