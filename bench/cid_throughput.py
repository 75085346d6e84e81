"""CID throughput of `compute_cid` next to plain hashlib.sha256: same bytes, same run.

Run: `python bench/cid_throughput.py [--mib-per-size N] [--rounds R]`. For each size the
same buffer goes through each function in R short rounds of about N/R MiB, the three
functions taking turns round by round, and each function's best round counts: on a shared
machine the load changes from second to second, and interleaving makes the baseline and the
CID runs see the same quiet moments. The ratio is CID MB/s divided by sha256 MB/s: 1.0
would mean building the UnixFS DAG costs nothing beyond hashing the content once.
The last line holds every figure as key=value pairs.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from api.content.cid import compute_cid

SIZES = {"10KiB": 10 * 1024, "256KiB": 256 * 1024, "1MiB": 1024 * 1024}


def best_rates(
    fns: dict[str, Callable[[bytes], object]], data: bytes, repetitions: int, rounds: int
) -> dict[str, float]:
    """Best MB/s (10**6 bytes per second) of each function over `rounds` interleaved rounds.

    One round is `repetitions` calls of one function; the functions take turns round by round.
    """
    best = dict.fromkeys(fns, 0.0)
    for _ in range(rounds):
        for name, fn in fns.items():
            start = time.perf_counter()
            for _ in range(repetitions):
                fn(data)
            elapsed = time.perf_counter() - start
            best[name] = max(best[name], len(data) * repetitions / elapsed / 1e6)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib-per-size", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=64)
    args = parser.parse_args()
    functions: dict[str, Callable[[bytes], object]] = {
        "sha": lambda b: hashlib.sha256(b).digest(),
        "v0": lambda b: compute_cid(b, cid_version=0),
        "v1": lambda b: compute_cid(b, cid_version=1),
    }

    pairs: list[str] = []
    print(
        f"{'size':>7} {'reps':>6} {'sha256 MB/s':>12} {'cid v0 MB/s':>12} {'ratio':>6} {'cid v1 MB/s':>12} {'ratio':>6}"
    )
    for label, size in SIZES.items():
        data = os.urandom(size)
        reps = max(1, args.mib_per_size * 1024 * 1024 // size // args.rounds)
        rates = best_rates(functions, data, reps, args.rounds)
        sha, v0, v1 = rates["sha"], rates["v0"], rates["v1"]
        print(f"{label:>7} {reps:>6} {sha:>12.1f} {v0:>12.1f} {v0 / sha:>6.3f} {v1:>12.1f} {v1 / sha:>6.3f}")
        pairs += [
            f"sha256_mbps_{label}={sha:.1f}",
            f"cidv0_mbps_{label}={v0:.1f}",
            f"cidv0_ratio_{label}={v0 / sha:.3f}",
            f"cidv1_mbps_{label}={v1:.1f}",
            f"cidv1_ratio_{label}={v1 / sha:.3f}",
        ]
    print(" ".join(pairs))


if __name__ == "__main__":
    main()
