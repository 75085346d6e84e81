"""`teal up --store kubo`: runs the devnet's store on the IPFS node at TEAL_IPFS_API when one
answers, and says in one line when none does (nothing is started)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "content"))
from kubo_standin import serve

from api.cli.devnet.chain import chain_spec
from api.cli.devnet.up import DevnetRun, _check_ipfs

ROOT = Path(__file__).resolve().parents[2]


def test_up_with_kubo_store_and_no_node_is_one_line_and_starts_nothing(tmp_path: Path) -> None:
    env = {**os.environ, "TEAL_DATA_DIR": str(tmp_path), "TEAL_IPFS_API": "/ip4/127.0.0.1/tcp/9/http"}
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("teal")),
            "up",
            "--store",
            "kubo",
            "--port",
            "18699",
            "--api-port",
            "18698",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: --store kubo: no IPFS node answers at /ip4/127.0.0.1/tcp/9/http")
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "devnet").exists()


def test_up_with_a_reachable_node_puts_the_devnet_store_on_it(tmp_path: Path, capsys) -> None:
    with serve() as node:
        _check_ipfs(node.address)
        run = DevnetRun(
            kind="ganache",
            spec=chain_spec(ROOT, "ganache"),
            chain_port=18697,
            api_port=18696,
            seed=7,
            state_dir=tmp_path / "devnet" / "ganache",
        )
        run.store, run.ipfs_api = "kubo", node.address
        env = run.env()

    assert f"documents on the IPFS node at {node.address} (Kubo 0.32.1)" in capsys.readouterr().out
    assert env["TEAL_STORE"] == "kubo" and env["TEAL_IPFS_API"] == node.address
