"""Deploy and seed the demo DAO on a chain that is already running (what `teal up` runs).

    python -m scripts.seed_devnet --rpc-url http://127.0.0.1:8545 --network teal-ganache \
        --seed 7 --posts posts.json --summary summary.json

Brownie attaches to a development network whose port already answers, so the chain stays
a child of `teal up` (which stops it), not of this process. The network id picks the
launch settings in brownie-config.yaml (the mnemonic, to sign posts and claims); the RPC
URL overrides its port. Documents go to the store TEAL_* settings name (TEAL_DATA_DIR),
the manifest to TEAL_MANIFEST.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="seed_devnet", description=__doc__.splitlines()[0])
    parser.add_argument("--rpc-url", required=True)
    parser.add_argument("--network", required=True, help="teal-ganache or teal-anvil (launch settings)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--posts", type=Path, help="write the signed post envelopes here")
    parser.add_argument("--summary", type=Path, help="write accounts, contracts and timings here (JSON)")
    args = parser.parse_args(argv)

    warnings.filterwarnings("ignore", message=r"rpc\.\w+ should not be called directly")
    started = time.monotonic()
    from brownie import network, project
    from brownie._config import CONFIG

    proj = project.load(ROOT, name="TealProject")  # compiles what changed
    proj.load_config()
    proj._add_to_main_namespace()  # what `brownie run` does, so scripts can `from brownie import TealToken`
    compiled = time.monotonic() - started
    settings = CONFIG.networks[args.network]
    settings["host"] = args.rpc_url
    settings.setdefault("cmd_settings", {})["port"] = int(args.rpc_url.rsplit(":", 1)[1].split("/")[0])
    network.connect(args.network)

    from scripts.brownie_receipts import confirm_mined_transactions
    from scripts.demo_dao import seed_demo

    confirm_mined_transactions()

    summary = seed_demo(seed=args.seed, mnemonic=settings["cmd_settings"]["mnemonic"], posts_path=args.posts)
    summary["compile_seconds"] = round(compiled, 2)
    if args.summary:
        args.summary.write_text(json.dumps(summary, indent=1))
    network.disconnect(kill_rpc=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
