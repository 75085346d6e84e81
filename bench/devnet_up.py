"""How long `teal up` takes until the API answers, and how long the demo seeding takes, on
Ganache and on Anvil: a fresh run (deploy + seed) and a restart that reuses the saved devnet.

    .venv/bin/python bench/devnet_up.py [--runs 2]

Each run is a real `teal up` subprocess on free ports with a temporary data folder, stopped
with SIGINT once it prints that it is ready. Contracts are compiled before the first run
(a fresh clone's first run adds the compile, about 25 s here). Prints the figures per
chain, then one line of key=value pairs (medians).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEAL = str(Path(sys.executable).with_name("teal"))
TIMINGS = re.compile(
    r"(?:seeding (?P<seed>[\d.]+) s.*)?API answered after (?P<api>[\d.]+) s, indexed after (?P<indexed>[\d.]+) s"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def one_run(chain: str, data_dir: Path, *, fresh: bool) -> dict[str, float]:
    out = data_dir / f"up-{time.monotonic_ns()}.out"
    argv = [TEAL, "up", "--chain", chain, "--port", str(free_port()), "--api-port", str(free_port())]
    started = time.monotonic()
    with out.open("wb") as sink:
        process = subprocess.Popen(
            [*argv, *(["--fresh"] if fresh else [])],
            stdout=sink,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            env={**os.environ, "TEAL_DATA_DIR": str(data_dir)},
        )
    try:
        while "Press Ctrl-C to stop." not in out.read_text():
            if process.poll() is not None:
                raise SystemExit(f"teal up exited with {process.returncode}:\n{out.read_text()}")
            time.sleep(0.2)
        ready = time.monotonic() - started
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    text = out.read_text()
    match = TIMINGS.search(text)
    assert match, text
    if not fresh and "seeding skipped" not in text:
        print(f"{chain}: the restart did not reuse the saved devnet: {text.splitlines()[0]}")
    return {"ready": ready, "api": float(match["api"]), "seed": float(match["seed"] or 0.0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    subprocess.run(
        [str(Path(sys.executable).with_name("brownie")), "compile"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )
    figures: dict[str, float] = {}
    for chain in ("ganache", "anvil"):
        fresh, reused = [], []
        with tempfile.TemporaryDirectory(prefix=f"teal-up-{chain}-") as tmp:
            for _ in range(args.runs):
                fresh.append(one_run(chain, Path(tmp), fresh=True))
                reused.append(one_run(chain, Path(tmp), fresh=False))
        for label, runs in (("fresh", fresh), ("reuse", reused)):
            api = statistics.median(r["api"] for r in runs)
            seed = statistics.median(r["seed"] for r in runs)
            ready = statistics.median(r["ready"] for r in runs)
            print(
                f"{chain:<8} {label:<6} API answered after {api:5.1f} s (median of {len(runs)}), "
                f"seeding {seed:5.1f} s, ready (indexed, banner printed) after {ready:5.1f} s"
            )
            figures[f"{chain}_{label}_api_s"] = round(api, 1)
            if label == "fresh":
                figures[f"{chain}_seed_s"] = round(seed, 1)
    print(" ".join(f"{k}={v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
