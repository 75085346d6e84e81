"""`teal` in a process of its own, as a user runs it, and the keys of the CLI scenarios' people.

Each call is a new process with the call's arguments, environment, working folder, standard
input and output, and exit code: forked from a server that has already imported the libraries
`teal` loads (tests/forked.py), or, with TEAL_TEST_EXEC=1, the installed `teal` executable.
Tests of the executable itself (start-up time, Ctrl-C during imports, the README's and docs'
commands) run it directly.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from forked import Forked, can_fork  # tests/forked.py

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
TIMEOUT = 180


def _run_teal(args: list[str]) -> None:
    """In a forked process (tests/forked.py): `teal`'s entry point; its SystemExit is the exit code."""
    sys.argv = ["teal", *args]
    from api.cli.app import main

    main()


def _forked(
    args: list[str], env: dict[str, str], cwd: Path | None, stdin: str | None
) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="teal-call-") as folder:
        paths = {name: Path(folder) / name for name in ("stdin", "stdout", "stderr")}
        for path in paths.values():
            path.touch()
        if stdin is not None:
            paths["stdin"].write_text(stdin)
        process = Forked(
            _run_teal,
            (args,),
            env=env,
            cwd=str(cwd or os.getcwd()),
            **{name: str(path) for name, path in paths.items()},
        )
        try:
            code = process.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise subprocess.TimeoutExpired(["teal", *args], TIMEOUT) from None
        return subprocess.CompletedProcess(
            ["teal", *args],
            code,
            paths["stdout"].read_text(errors="replace"),
            paths["stderr"].read_text(errors="replace"),
        )


class TealCli:
    """Runs `teal` in a process of its own with the scenario's environment; every call checks that no
    traceback reached the user."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        exe = shutil.which("teal", path=str(Path(sys.executable).parent))
        self.cmd = [exe] if exe else [sys.executable, "-c", "from api.cli.app import main; main()"]

    def __call__(
        self,
        *args: str,
        stdin: str | None = None,
        env: dict[str, str] | None = None,
        ok: bool = True,
        cwd: Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, **self.env, **(env or {})}
        if not can_fork():
            result = subprocess.run(
                [*self.cmd, *args],
                input=stdin,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                check=False,
                cwd=cwd,
                env=environment,
                stdin=None if stdin is not None else subprocess.DEVNULL,
            )
        else:
            result = _forked(list(args), environment, cwd, stdin)
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


def run_in_terminal(
    cmd: list[str], env: dict[str, str], answers: list[tuple[str, str]], timeout: float = 60
) -> tuple[int, str]:
    """Run `cmd` on a pseudo-terminal (so /dev/tty and hidden prompts are real), typing each
    answer when the last line on screen contains its prompt; (exit code, everything shown)."""
    import pty
    import select
    import time

    pid, fd = pty.fork()
    if pid == 0:  # the child: the terminal is its controlling tty
        os.execve(cmd[0], cmd, env)
    shown, pending, deadline = b"", list(answers), time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
        while pending and pending[0][0].encode() in shown.split(b"\n")[-1]:
            os.write(fd, pending.pop(0)[1].encode() + b"\n")
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), shown.decode(errors="replace")
