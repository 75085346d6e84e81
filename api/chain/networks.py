"""Which chain a command talks to: a network name, or an RPC URL and a manifest.

`--network NAME` picks the RPC URL of the project's named devnets and the manifest the
deploy script wrote for that network (`deployments/<NAME>.json`); `--rpc-url` and
`--manifest` override either part, and TEAL_RPC_URL / TEAL_MANIFEST are the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from api.settings import Settings

# The devnets scripts/up.sh starts (tools/register_networks.py registers the same ports).
KNOWN_NETWORKS = {
    "teal-ganache": "http://127.0.0.1:8545",
    "teal-anvil": "http://127.0.0.1:8546",
}
DEPLOYMENTS_DIR = Path("deployments")


class NetworkChoiceError(ValueError):
    pass


@dataclass(frozen=True)
class NetworkChoice:
    rpc_url: str
    manifest: Path
    name: str | None = None


def choose_network(
    *, settings: Settings, network: str | None, rpc_url: str | None, manifest: Path | None
) -> NetworkChoice:
    if network is not None:
        path = manifest or DEPLOYMENTS_DIR / f"{network}.json"
        url = rpc_url or KNOWN_NETWORKS.get(network)
        if url is None:
            known = ", ".join(KNOWN_NETWORKS)
            raise NetworkChoiceError(f"unknown network {network!r} (known: {known}); give its RPC URL with --rpc-url")
        return NetworkChoice(rpc_url=url, manifest=path, name=network)
    url = rpc_url or settings.rpc_url
    if not url.startswith(("http://", "https://")):
        raise NetworkChoiceError(f"{url!r} is not an http(s) JSON-RPC URL")
    return NetworkChoice(rpc_url=url, manifest=manifest or settings.manifest)
