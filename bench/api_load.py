"""Load bench of the HTTP API: the task board over 100,000 tasks vs a trivial endpoint.

    python bench/api_load.py [--tasks 100000] [--seconds 10] [--connections 1,4,8] [--workers 1,4]

Loads the tasks (bulk insert) into a fresh SQLite database, serves the API with uvicorn in a
subprocess, and drives load from a *separate process* over loopback (an asyncio + httpx
generator with N keep-alive connections, each sending its next request as soon as the last
one is answered). For each N it prints requests/s and p50/p95/p99 latency for the board
(`GET /tasks?status=...&workstream_id=...&limit=50`) and for `GET /health` in the same run,
their ratio, and at the end the server's peak RSS (ru_maxrss from os.wait4). Targets: board
p95 <= 20 ms and board requests/s >= half of /health's.

Once the one server process is saturated, more connections only lengthen the queue: latency
grows as N / (requests/s). Hence several N, from one client at a time to a crowd. `--workers`
repeats the whole run for each number of server processes (uvicorn workers, as
`teal serve --workers N` starts them) and ends with the board's and /health's p95 at 8
connections for each.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.chain.types import TaskStatus  # noqa: E402 - after the path fix above

STATUSES = TaskStatus.labels()
WORKSTREAMS = 20
TOKEN = "0x" + "7" * 40


def load(database_url: str, n_tasks: int) -> float:
    from sqlalchemy import insert

    from api.content import compute_cid
    from api.db import models
    from api.db.migrate import upgrade
    from api.db.session import make_engine

    started = time.perf_counter()
    engine = make_engine(database_url)
    upgrade(engine)
    rng = random.Random(7)
    with engine.begin() as conn:
        conn.execute(
            insert(models.Workstream),
            [
                dict(
                    id=w,
                    name=f"team {w}",
                    token=TOKEN,
                    charter_cid=compute_cid(f"charter {w}".encode()),
                    term_end=2**40,
                    paused=False,
                    budget_cap=10**24,
                    max_reward=10**21,
                    claim_bond=0,
                    claim_duration=86400,
                    approvals_required=1,
                    funded=10**24,
                    reserved=0,
                    paid=0,
                    available=10**24,
                    clawed_back=0,
                    created_block=1,
                )
                for w in range(1, WORKSTREAMS + 1)
            ],
        )
        batch_tasks, batch_docs = [], []
        for i in range(1, n_tasks + 1):
            cid = compute_cid(f"spec {i}".encode())
            status = rng.choice(STATUSES)
            claimant = "0x" + f"{rng.randrange(500):040x}" if status != "open" else None
            batch_docs.append(
                dict(
                    cid=cid,
                    status="ok",
                    kind="task-spec",
                    schema_id="teal/task-spec@1",
                    body={
                        "title": f"Task {i}",
                        "description": "bench",
                        "reward_wei": "1",
                        "acceptance_criteria": ["done"],
                    },
                    size=120,
                    attempts=1,
                    first_seen_block=i,
                )
            )
            batch_tasks.append(
                dict(
                    id=i,
                    workstream_id=rng.randrange(1, WORKSTREAMS + 1),
                    parent_id=None,
                    creator=TOKEN,
                    spec_cid=cid,
                    title=f"Task {i}",
                    reward=rng.randrange(1, 1000) * 10**18,
                    claim_duration=86400,
                    status=status,
                    claimant=claimant,
                    claim_expiry=None,
                    bond=0,
                    round=0,
                    approvals=0,
                    rejections=0,
                    created_block=i,
                    created_at=i,
                )
            )
            if len(batch_tasks) == 10_000:
                conn.execute(insert(models.Document), batch_docs)
                conn.execute(insert(models.Task), batch_tasks)
                batch_tasks, batch_docs = [], []
        if batch_tasks:
            conn.execute(insert(models.Document), batch_docs)
            conn.execute(insert(models.Task), batch_tasks)
    engine.dispose()
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ---- load generator (runs in its own process) -------------------------------------------------


async def _drive(url: str, paths: list[str], seconds: float, connections: int) -> dict[str, float]:
    import httpx

    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
        for path in paths[:connections]:  # warm up every connection
            await client.get(path)
        deadline = time.perf_counter() + seconds

        async def worker(k: int) -> None:
            nonlocal errors
            i = k
            while time.perf_counter() < deadline:
                path = paths[i % len(paths)]
                i += connections
                t0 = time.perf_counter()
                response = await client.get(path)
                latencies.append(time.perf_counter() - t0)
                if response.status_code != 200:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker(k) for k in range(connections)))
        elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000

    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
    }


def client_main(args: argparse.Namespace) -> None:
    paths = json.loads(args.paths)
    print(json.dumps(asyncio.run(_drive(args.url, paths, args.seconds, int(args.connections)))))


def run_client(url: str, paths: list[str], seconds: float, connections: int) -> dict[str, float]:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--client",
            "--url",
            url,
            "--paths",
            json.dumps(paths),
            "--seconds",
            str(seconds),
            "--connections",
            str(connections),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


# ---- driver -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--connections",
        default="1,4,8",
        help="Comma-separated numbers of concurrent connections, one measurement each.",
    )
    parser.add_argument(
        "--workers",
        default="1",
        help="Comma-separated numbers of server processes (uvicorn workers), one whole run each.",
    )
    parser.add_argument("--db", type=Path, help="Reuse (or keep) the loaded SQLite database at this path.")
    parser.add_argument("--client", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--paths", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        client_main(args)
        return

    work = Path(tempfile.mkdtemp(prefix="teal-api-bench-"))
    db = args.db or work / "teal.db"
    database_url = f"sqlite:///{db.resolve()}"
    if db.exists():
        print(f"reusing {db}")
    else:
        loaded = load(database_url, args.tasks)
        print(f"loaded {args.tasks:,} tasks (+ their spec documents) into SQLite in {loaded:.1f} s")
    manifest = work / "manifest.json"
    manifest.write_text(
        json.dumps({"version": 1, "network": "bench", "chain_id": 1337, "start_block": 0, "contracts": {}})
    )
    env = {
        **os.environ,
        "TEAL_DATA_DIR": str(work),
        "TEAL_DATABASE_URL": database_url,
        "TEAL_MANIFEST": str(manifest),
        "TEAL_RPC_URL": "http://127.0.0.1:9",
    }
    levels = [int(n) for n in args.connections.split(",")]
    runs = [(workers, *serve_and_load(env, workers, levels, args.seconds)) for workers in _counts(args.workers)]
    load_average = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores, load average {load_average} (1, 5, 15 min) at the end")
    for workers, results, usage in runs:
        shown = "1 process" if workers == 1 else f"{workers} worker processes"
        print(
            f"\nserver: uvicorn, {shown}; load: separate process, N keep-alive connections, "
            f"{args.seconds:.0f} s per endpoint and N, loopback"
        )
        print(f"{'N':>3} {'endpoint':<42} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for n, health, tasks in results:
            for name, r in (("GET /health", health), ("GET /tasks?status&workstream_id&limit=50", tasks)):
                print(
                    f"{n:>3} {name:<42} {r['rps']:>8.0f} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} "
                    f"{r['p99_ms']:>8.2f} {r['errors']:>7}"
                )
        for n, health, tasks in results:
            ratio = tasks["rps"] / health["rps"]
            print(
                f"N={n}: board/health requests/s {ratio:.2f} "
                f"(target >= 0.50: {'met' if ratio >= 0.5 else 'MISSED'}); "
                f"board p95 {tasks['p95_ms']:.2f} ms "
                f"(target <= 20 ms: {'met' if tasks['p95_ms'] <= 20 else 'MISSED'})"
            )
        print(f"server peak RSS: {usage.ru_maxrss / 1024:.0f} MiB (largest process; ru_maxrss via os.wait4)")
    at_8 = [(workers, r) for workers, results, _ in runs for r in results if r[0] == 8]
    if at_8:
        print("\np95 at 8 connections (board target <= 20 ms):")
        for workers, (_, health, tasks) in at_8:
            print(
                f"  workers={workers}: board {tasks['p95_ms']:.2f} ms "
                f"({'met' if tasks['p95_ms'] <= 20 else 'MISSED'}), /health {health['p95_ms']:.2f} ms; "
                f"board/health requests/s {tasks['rps'] / health['rps']:.2f}"
            )


def _counts(text: str) -> list[int]:
    counts = [int(n) for n in text.split(",")]
    if not counts or min(counts) < 1:
        raise SystemExit(f"--workers: {text!r} is not a list of positive numbers")
    return counts


def serve_and_load(
    env: dict[str, str], workers: int, levels: list[int], seconds: float
) -> tuple[list[tuple[int, dict[str, float], dict[str, float]]], resource.struct_rusage]:
    """Serve the API with `workers` uvicorn processes and measure /health and the board at each
    number of connections; the results and the server's resource usage."""
    import httpx

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            # One process: the plain factory; several: the one `teal serve --workers N` uses
            # (the database is migrated already, so the workers skip it).
            "api.http.app:app_from_env" if workers == 1 else "api.http.app:worker_app",
            "--workers",
            str(workers),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env={**env, "TEAL_SERVE_LOG_LEVEL": "warning"},
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(url + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        time.sleep(1.0 if workers > 1 else 0)  # every worker up, not only the first
        rng = random.Random(1)
        board = [
            f"/tasks?status={rng.choice(STATUSES)}&workstream_id={rng.randrange(1, WORKSTREAMS + 1)}&limit=50"
            for _ in range(200)
        ]
        check = httpx.get(url + board[0]).json()
        assert len(check["items"]) == 50 and check["items"][0]["title"], check
        results = [(n, run_client(url, ["/health"], seconds, n), run_client(url, board, seconds, n)) for n in levels]
    finally:
        server.send_signal(signal.SIGINT)
        _, _status, usage = os.wait4(server.pid, 0)
    return results, usage


if __name__ == "__main__":
    main()
