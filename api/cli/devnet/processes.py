"""Child processes of `teal up`: started in their own process groups, stopped together.

Each child runs in a new session (its own process group), so a Ctrl-C in the terminal
reaches only `teal up`, which then stops the children in order and waits for them. A child
that ignores SIGTERM is killed (the whole group) after a timeout. If `teal up` itself dies,
even by SIGKILL, Linux delivers SIGKILL to each child (PR_SET_PDEATHSIG), so no chain or
server outlives it.

A child started with `restart=True` (the indexer, the API) that exits on its own is started
again, up to MAX_RESTARTS times (the count starts over once it has run STABLE_SECONDS), with
a line through `on_restart`; any other child exiting raises ChildExited. Each child logs to
`<log dir>/<name>.log`; the previous runs' logs are kept as `<name>.log.1` ... `.LOG_KEEP`.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1
MAX_RESTARTS = 5
STABLE_SECONDS = 300.0
LOG_KEEP = 3


class ChildExited(RuntimeError):
    """A child stopped on its own while it was meant to keep running."""

    def __init__(self, child: Child) -> None:
        self.child = child
        super().__init__(f"{child.name} exited with code {child.process.returncode}; its log: {child.log_path}")


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]
    log_path: Path
    argv: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path | None = None
    restart: bool = False
    restarts: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def pid(self) -> int:
        return self.process.pid

    def running(self) -> bool:
        return self.process.poll() is None

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def _die_with(parent: int) -> Callable[[], None]:
    """A preexec_fn: ask the kernel to SIGKILL this child when its parent dies."""

    def preexec() -> None:
        if sys.platform.startswith("linux"):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        # The parent may have died between fork and prctl: then nobody would stop us.
        if os.getppid() != parent:
            os._exit(1)

    return preexec


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


class Supervisor:
    """Starts children, notices when one exits, and stops them all."""

    def __init__(self, log_dir: Path, *, on_restart: Callable[[str], None] = log.warning) -> None:
        self.log_dir = log_dir
        self.children: list[Child] = []
        self.on_restart = on_restart
        self._rotated: set[str] = set()

    def start(
        self,
        name: str,
        argv: Sequence[str],
        *,
        env: dict[str, str],
        cwd: Path | None = None,
        restart: bool = False,
    ) -> Child:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log_path = self.log_dir / f"{name}.log"
        if name not in self._rotated:  # once per `teal up`: a child started again appends
            rotate_log(log_path)
            self._rotated.add(name)
        child = Child(
            name=name,
            process=_spawn(argv, env, cwd, log_path),
            log_path=log_path,
            argv=list(argv),
            env=env,
            cwd=cwd,
            restart=restart,
        )
        self.children.append(child)
        log.debug("started %s (pid %d): %s", name, child.pid, " ".join(argv))
        return child

    def check(self, *, skip: Child | None = None) -> None:
        """Start again a restartable child that stopped; raise ChildExited for any other (or
        for one restarted MAX_RESTARTS times already). `skip`: a one-shot child being waited for."""
        for child in self.children:
            if child is skip or child.running():
                continue
            if not child.restart:
                raise ChildExited(child)
            if time.monotonic() - child.started > STABLE_SECONDS:
                child.restarts = 0
            if child.restarts >= MAX_RESTARTS:
                raise ChildExited(child)
            code = child.process.returncode
            _signal_group(child.pid, signal.SIGKILL)  # anything it left behind
            child.restarts += 1
            line = f"{child.name} exited (code {code}); restarting ({child.restarts}/{MAX_RESTARTS})"
            with child.log_path.open("ab") as out:
                out.write(f"--- {line}\n".encode())
            child.process = _spawn(child.argv, child.env, child.cwd, child.log_path)
            child.started = time.monotonic()
            self.on_restart(line)

    def wait(self, child: Child, *, timeout: float | None = None) -> int:
        """Wait for a one-shot child (such as the seeding), watching the others meanwhile."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            code = child.process.poll()
            if code is not None:
                self.children.remove(child)
                _signal_group(child.pid, signal.SIGKILL)  # anything it left behind
                return code
            self.check(skip=child)
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"{child.name} did not finish within {timeout:.0f} s")
            time.sleep(0.1)

    def pids(self) -> list[int]:
        return [c.pid for c in self.children]

    def stop_all(self, *, timeout: float = 10.0) -> list[str]:
        """SIGTERM every child's group (newest first), then SIGKILL what is left after
        `timeout`. Returns the names of children that had to be killed."""
        for child in reversed(self.children):
            _signal_group(child.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        killed = []
        for child in reversed(self.children):
            remaining = max(deadline - time.monotonic(), 0.0)
            try:
                child.process.wait(timeout=remaining)
            except subprocess.TimeoutExpired:
                killed.append(child.name)
                _signal_group(child.pid, signal.SIGKILL)
                child.process.wait()
            # Grandchildren stay in the group even after the leader exits.
            if _group_alive(child.pid):
                _signal_group(child.pid, signal.SIGKILL)
        self.children.clear()
        return killed


def _spawn(argv: Sequence[str], env: dict[str, str], cwd: Path | None, log_path: Path) -> subprocess.Popen[bytes]:
    with log_path.open("ab") as out:
        return subprocess.Popen(  # noqa: S603 - argv is built by teal, never from a shell string
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=cwd,
            start_new_session=True,
            preexec_fn=_die_with(os.getpid()),
        )


def rotate_log(path: Path, keep: int = LOG_KEEP) -> None:
    """Keep the previous runs' logs: name.log -> name.log.1 -> ... -> name.log.<keep>."""
    if not path.exists():
        return
    for number in range(keep - 1, 0, -1):
        older = path.with_name(f"{path.name}.{number}")
        if older.exists():
            older.replace(path.with_name(f"{path.name}.{number + 1}"))
    path.replace(path.with_name(f"{path.name}.1"))


def seconds_since_start() -> float:
    """How long this process has existed, Python's own start-up included (0.0 if unknown)."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started_ticks = int(fields[19])  # field 22, counted from after the command name
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0
    return max(uptime - started_ticks / os.sysconf("SC_CLK_TCK"), 0.0)
