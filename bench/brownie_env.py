"""Start Brownie from a plain `python bench/<script>.py`: tools on PATH, the offline
compiler, the project loaded and a network launched."""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def connect(network_id: str = "teal-test-ganache") -> Any:
    """Load the Brownie project and connect to `network_id`; returns the project."""
    os.environ["PATH"] = os.pathsep.join(
        [str(ROOT / ".venv" / "bin"), str(ROOT / "node_modules" / ".bin"), os.environ.get("PATH", "")]
    )
    os.environ["SOLCX_BINARY_PATH"] = str(ROOT / "tools" / "solc")
    warnings.filterwarnings("ignore", message=r"rpc\.\w+ should not be called directly")
    os.chdir(ROOT)

    from brownie import network, project

    active = project.load(ROOT, name="TealProject")
    active.load_config()
    active._add_to_main_namespace()  # as `brownie run` does: `from brownie import TealToken`
    network.connect(network_id)
    return active
