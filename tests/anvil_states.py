"""Anvil writes the states of blocks older than the 500 it holds in memory to disk, by default
in a folder of its own under ~/.foundry/anvil/tmp that it never deletes (Brownie stops the test
chains with SIGKILL, and even a clean exit leaves it): about 750 MB in HOME a suite run. The
test chains Brownie launches keep theirs in a temporary folder of the test process instead
(`--cache-path`), deleted when the tests end; `teal up` does the same in its devnet's folder
(api/cli/devnet/chain.py)."""

from __future__ import annotations

import shutil
import tempfile
from typing import Any

from brownie.network.rpc import anvil

_launch = anvil.launch
_folder: str | None = None


def _launch_with_cache_path(cmd: str, **kwargs: Any) -> Any:
    global _folder
    _folder = _folder or tempfile.mkdtemp(prefix="teal-anvil-states-")
    return _launch(f"{cmd} --cache-path {_folder}", **kwargs)


def keep_anvil_states_in_a_temporary_folder() -> None:
    """Patch Brownie's Anvil backend (a plain module it calls through) once per process."""
    anvil.launch = _launch_with_cache_path


def delete_anvil_states() -> None:
    """Delete this process's chain states once its tests are done (the chain, idle by then, is
    killed by Brownie at exit; killed here, Brownie's threads still reading it would fail)."""
    if _folder is not None:
        shutil.rmtree(_folder, ignore_errors=True)
