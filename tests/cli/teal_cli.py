"""`teal` in a subprocess, as a user runs it, and the keys of the CLI scenarios' people."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

CLI_PASSWORD = "correct horse battery staple"
# Keys of the people in the CLI scenarios: known here so Brownie can fund them, and kept in
# the test keystore so `teal` signs with them.
CLI_KEYS = {
    "contributor": "0x" + "c0" * 32,
    "member1": "0x" + "e1" * 32,
    "member2": "0x" + "e2" * 32,
    "holder": "0x" + "b0" * 32,
    "nobody": "0x" + "0d" * 32,
}
HOLDER_TOKENS = 50_000


class TealCli:
    """Runs `teal` in a subprocess with the scenario's environment; every call checks that no
    traceback reached the user."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        exe = shutil.which("teal", path=str(Path(sys.executable).parent))
        self.cmd = [exe] if exe else [sys.executable, "-c", "from api.cli import main; main()"]

    def __call__(self, *args: str, stdin: str | None = None, env: dict[str, str] | None = None,
                 ok: bool = True, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [*self.cmd, *args], input=stdin, capture_output=True, text=True, timeout=180, check=False, cwd=cwd,
            env={**os.environ, **self.env, **(env or {})}, stdin=None if stdin is not None else subprocess.DEVNULL,
        )
        assert "Traceback" not in result.stderr, result.stderr
        if ok:
            assert result.returncode == 0, f"teal {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result

    def json(self, *args: str, **kwargs: Any) -> Any:
        return json.loads(self(*args, "--json", **kwargs).stdout)

    def error(self, *args: str, **kwargs: Any) -> str:
        """A command expected to fail: its one-line error message (without `error: `), the
        last line on stderr (progress lines such as "publishing ..." may come before it)."""
        result = self(*args, ok=False, **kwargs)
        assert result.returncode == 1, result
        lines = result.stderr.strip().splitlines()
        assert lines and lines[-1].startswith("error: "), result.stderr
        assert sum(line.startswith("error: ") for line in lines) == 1, result.stderr
        return lines[-1].removeprefix("error: ")


