"""What a `teal` command costs before it talks to the chain: process start-up (imports) and
unlocking an account (the keystore's scrypt key derivation, n=2**18 as geth writes it).

Run: `python bench/cli_startup.py [--runs N]`. Start-up is the wall time of whole `teal`
subprocesses (median and best of N): `teal --version` (the command table only) and
`teal account list` (settings, wallet) and `teal task list` against a port nobody listens
on (web3 and the chain client, up to the refused connection). Unlock is `Keystore.unlock` in this process. The
last line holds every figure as key=value pairs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from api.cli.wallet.keystore import Keystore


def wall_times(cmd: list[str], runs: int, env: dict[str, str]) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=False, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    exe = shutil.which("teal", path=str(Path(sys.executable).parent)) or "teal"
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TEAL_DATA_DIR": tmp}
        with socket.socket() as sock:  # a port nobody listens on: the chain path up to the first request
            sock.bind(("127.0.0.1", 0))
            nowhere = f"http://127.0.0.1:{sock.getsockname()[1]}"
        manifest = Path(tmp) / "manifest.json"
        manifest.write_text('{"version": 1, "network": "none", "chain_id": 1337, "start_block": 0, "contracts": {}}')
        commands = [
            ("version", [exe, "--version"]),
            ("account_list", [exe, "account", "list", "--json"]),
            ("task_list_no_chain", [exe, "task", "list", "--rpc-url", nowhere, "--manifest", str(manifest)]),
        ]
        for label, cmd in commands:
            times = wall_times(cmd, args.runs, env)
            figures[f"{label}_median_s"] = statistics.median(times)
            figures[f"{label}_best_s"] = min(times)
            print(
                f"teal {label:<20} median {statistics.median(times):.3f} s  best {min(times):.3f} s  ({args.runs} runs)"
            )
        keystore = Keystore(Path(tmp) / "keystore")
        start = time.perf_counter()
        stored = keystore.save("bench", "0x" + "42" * 32, "password")
        figures["encrypt_s"] = time.perf_counter() - start
        unlocks = []
        for _ in range(3):
            start = time.perf_counter()
            keystore.unlock(stored, "password")
            unlocks.append(time.perf_counter() - start)
        figures["unlock_s"] = min(unlocks)
        print(f"keystore encrypt {figures['encrypt_s']:.3f} s, unlock (best of 3) {figures['unlock_s']:.3f} s")
    print(" ".join(f"{k}={v:.3f}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
