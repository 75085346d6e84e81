"""Indexer throughput and memory, against a bare eth_getLogs + decode loop.

    .venv/bin/python bench/indexer.py [--network teal-test-anvil] [--events 5000 20000]

Builds real token Transfer events on a local chain (a bench contract sprinkles tokens to
many holders per transaction), then for each size:
- times a bare loop (eth_getLogs over the same block ranges + ABI decoding, nothing stored);
- times the indexer (decode, write events and projections to SQLite, checkpoint) in process;
- runs `teal index --once` in a subprocess and reads its peak RSS, to show memory stays flat
  as the range grows (events are streamed per block range).
Documents are excluded: transfers reference none. Last line: key=value pairs.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.brownie_env import ROOT, connect

# Blocks per eth_getLogs call, the same for both loops. The bench chain packs ~150 events per
# block, so 10 blocks is ~1,500 events per range: many ranges, as on a real chain.
RANGE = 10


def build_events(deployment, total: int) -> None:
    """Grow the chain until the manifest's contracts have emitted at least `total` events."""
    from brownie import TokenSprinkler, accounts

    from scripts.deploy import TOKEN_UNIT

    deployer = accounts[0]
    sprinkler = getattr(build_events, "sprinkler", None) or TokenSprinkler.deploy({"from": deployer})
    build_events.sprinkler = sprinkler  # type: ignore[attr-defined]
    deployment.token.transfer(sprinkler, 1_000_000 * TOKEN_UNIT, {"from": deployer})
    recipients = [f"0x{i:040x}" for i in range(1, 151)]
    emitted = count_events(deployment)
    while emitted < total:
        sprinkler.sprinkle(deployment.token, recipients, 1, {"from": deployer})
        emitted += len(recipients)


def count_events(deployment) -> int:
    from brownie import web3

    logs = web3.eth.get_logs(
        {
            "fromBlock": deployment.start_block,
            "toBlock": "latest",
            "address": [c.address for c in deployment.contracts().values()],
        }
    )
    return len(logs)


def bare_loop(w3, manifest, head: int) -> tuple[int, float]:
    from api.chain.decoder import LogDecoder

    decoder = LogDecoder(manifest, w3)
    started, count = time.perf_counter(), 0
    for start in range(manifest.start_block, head + 1, RANGE):
        logs = w3.eth.get_logs(
            {"fromBlock": start, "toBlock": min(start + RANGE - 1, head), "address": decoder.addresses}
        )
        count += sum(1 for raw in logs if decoder.decode(raw) is not None)
    return count, time.perf_counter() - started


def indexer_in_process(w3, manifest, head: int, workdir: Path) -> tuple[int, float]:
    from api.db.migrate import upgrade
    from api.db.session import make_engine, make_sessionmaker
    from api.indexer.scanner import Scanner, ScanSettings

    engine = make_engine(f"sqlite:///{workdir / 'bench.db'}")
    upgrade(engine)
    scanner = Scanner(
        w3=w3,
        manifest=manifest,
        sessions=make_sessionmaker(engine),
        settings=ScanSettings(initial_range=RANGE, max_range=RANGE),
    )
    started = time.perf_counter()
    count = scanner.sync(until=head)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return count, elapsed


def indexer_peak_rss_mib(manifest_path: Path, rpc_url: str, workdir: Path) -> float:
    env = dict(
        os.environ,
        TEAL_MANIFEST=str(manifest_path),
        TEAL_RPC_URL=rpc_url,
        TEAL_DATABASE_URL=f"sqlite:///{workdir / 'rss.db'}",
        TEAL_DATA_DIR=str(workdir / "data"),
        TEAL_INDEX_MAX_RANGE=str(RANGE),
    )
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "teal"), "index", "--once", "--no-progress", "--log-level", "warning"],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"teal index failed with status {status}")
    return usage.ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--network", default="teal-test-anvil")
    parser.add_argument("--events", type=int, nargs="+", default=[5000, 20000])
    args = parser.parse_args()

    from api.chain.manifest import Manifest
    from api.chain.rpc import connect as rpc_connect

    rows, figures = [], {}
    with contextlib.redirect_stdout(io.StringIO()):
        connect(args.network)
        from brownie import accounts, chain, web3

        from scripts.deploy import deploy_governance, load_params, with_float
        from scripts.deploy import manifest as build_manifest

        deployment = deploy_governance(with_float(load_params("test"), 4_000_000), accounts[0])
        manifest_data = build_manifest(deployment)
        for size in sorted(args.events):
            build_events(deployment, size)
            head = chain.height
            manifest = Manifest.model_validate(manifest_data)
            w3 = rpc_connect(web3.provider.endpoint_uri)
            with tempfile.TemporaryDirectory() as tmp:
                workdir = Path(tmp)
                manifest_path = workdir / "manifest.json"
                manifest_path.write_text(json.dumps(manifest_data))
                bare_count, bare_seconds = bare_loop(w3, manifest, head)
                indexed, index_seconds = indexer_in_process(w3, manifest, head, workdir)
                rss = indexer_peak_rss_mib(manifest_path, web3.provider.endpoint_uri, workdir)
            assert indexed == bare_count, (indexed, bare_count)
            bare_rate, index_rate = bare_count / bare_seconds, indexed / index_seconds
            rows.append((size, bare_count, head - deployment.start_block + 1, bare_rate, index_rate, rss))
            figures.update(
                {
                    f"events_{size}": bare_count,
                    f"bare_events_per_s_{size}": round(bare_rate),
                    f"indexer_events_per_s_{size}": round(index_rate),
                    f"ratio_{size}": round(index_rate / bare_rate, 3),
                    f"peak_rss_mib_{size}": round(rss, 1),
                }
            )

    print(f"indexer vs bare eth_getLogs+decode on {args.network}, {RANGE}-block ranges, SQLite")
    print(
        f"{'target':>7} {'events':>7} {'blocks':>7} {'bare ev/s':>10} {'indexer ev/s':>13} {'ratio':>6} {'peak RSS':>9}"
    )
    for size, events, blocks, bare, indexer, rss in rows:
        print(
            f"{size:>7} {events:>7} {blocks:>7} {bare:>10,.0f} {indexer:>13,.0f} {indexer / bare:>6.2f} {rss:>7.1f}Mi"
        )
    print(" ".join(f"{k}={v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
