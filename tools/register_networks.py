"""Register the project's Brownie development networks in ~/.brownie, idempotently.

Brownie keeps networks per user, not per project, so a fresh machine (or an empty HOME in
CI) has none of ours. Launch settings beyond command, host and port (hardfork, chain id,
fees, accounts) live in the project's brownie-config.yaml, which overrides these.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from brownie._config import CONFIG

# id -> (name, command, port). The test networks use other ports so that running the tests
# never attaches to (and pollutes) a devnet started by scripts/up.sh.
NETWORKS = {
    "teal-ganache": ("Teal Ganache", "ganache", 8545),
    "teal-anvil": ("Teal Anvil", "anvil", 8546),
    "teal-test-ganache": ("Teal test Ganache", "ganache", 18545),
    "teal-test-anvil": ("Teal test Anvil", "anvil", 18546),
}
HOST = "http://127.0.0.1"


def _registered_as_wanted(network_id: str, cmd: str, port: int) -> bool:
    current = CONFIG.networks.get(network_id)
    if current is None:
        return False
    settings = current.get("cmd_settings") or {}
    return current.get("cmd") == cmd and current.get("host") == HOST and settings.get("port") == port


def _brownie(*args: str) -> None:
    subprocess.run([str(Path(sys.executable).with_name("brownie")), *args], check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    for network_id, (name, cmd, port) in NETWORKS.items():
        if _registered_as_wanted(network_id, cmd, port):
            continue
        if network_id in CONFIG.networks:
            _brownie("networks", "delete", network_id)
        _brownie(
            "networks",
            "add",
            "Development",
            network_id,
            f"name={name}",
            f"cmd={cmd}",
            f"host={HOST}",
            f"port={port}",
        )
        print(f"[setup] registered Brownie network {network_id} ({cmd} on port {port})")


if __name__ == "__main__":
    main()
