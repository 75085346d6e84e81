"""`teal up`'s process supervision (api/cli/devnet/processes.py) with real processes: children
that ignore SIGTERM are killed, grandchildren go with their group, and children die with a
parent that is SIGKILLed (which `teal up` cannot clean up after by itself)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import psutil

from api.cli.devnet.processes import Supervisor

STUBBORN = textwrap.dedent("""
    import signal, time
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    print("ready", flush=True)
    time.sleep(120)
""")
WITH_GRANDCHILD = textwrap.dedent("""
    import subprocess, sys, time
    grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    print(grandchild.pid, flush=True)
    time.sleep(120)
""")
PARENT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from api.cli.devnet.processes import Supervisor
    supervisor = Supervisor(Path(sys.argv[1]))
    child = supervisor.start("sleeper", [sys.executable, "-c", "import time; time.sleep(120)"], env={})
    print(child.pid, flush=True)
    time.sleep(120)
""")


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_a_child_ignoring_sigterm_is_killed_after_the_timeout(tmp_path):
    supervisor = Supervisor(tmp_path)
    child = supervisor.start("stubborn", [sys.executable, "-c", STUBBORN], env={})
    assert wait_for(lambda: "ready" in child.log_path.read_text())

    started = time.monotonic()
    killed = supervisor.stop_all(timeout=1.0)

    assert killed == ["stubborn"]
    assert time.monotonic() - started < 5
    assert gone(child.pid)


def test_grandchildren_are_stopped_with_their_group(tmp_path):
    supervisor = Supervisor(tmp_path)
    child = supervisor.start("parent", [sys.executable, "-c", WITH_GRANDCHILD], env={})
    assert wait_for(lambda: child.log_path.read_text().strip().isdigit())
    grandchild = int(child.log_path.read_text())

    supervisor.stop_all(timeout=5.0)

    assert wait_for(lambda: gone(grandchild))
    assert gone(child.pid)


def test_children_die_when_their_parent_is_sigkilled(tmp_path):
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    assert not gone(child)

    parent.kill()
    parent.wait()

    assert wait_for(lambda: gone(child), timeout=5)


def test_a_restartable_child_is_started_again_a_bounded_number_of_times(tmp_path):
    import pytest

    from api.cli.devnet.processes import MAX_RESTARTS, ChildExited

    said: list[str] = []
    supervisor = Supervisor(tmp_path, on_restart=said.append)
    crashing = [sys.executable, "-c", "import sys; print('run', flush=True); sys.exit(3)"]
    supervisor.start("crashy", crashing, env={}, restart=True)

    with pytest.raises(ChildExited):  # noqa: PT012 - the supervisor raises on the check after the last restart
        for _ in range(200):
            supervisor.check()
            time.sleep(0.05)

    assert said == [f"crashy exited (code 3); restarting ({n}/{MAX_RESTARTS})" for n in range(1, MAX_RESTARTS + 1)]
    assert (tmp_path / "crashy.log").read_text().count("run\n") == MAX_RESTARTS + 1  # one log, appended
    supervisor.stop_all()


def test_a_new_run_keeps_the_previous_runs_logs(tmp_path):
    for run in range(1, 5):
        supervisor = Supervisor(tmp_path)
        child = supervisor.start("chain", [sys.executable, "-c", f"print('run {run}')"], env={})
        child.process.wait()
        supervisor.stop_all()

    assert (tmp_path / "chain.log").read_text() == "run 4\n"
    assert (tmp_path / "chain.log.1").read_text() == "run 3\n"
    assert (tmp_path / "chain.log.3").read_text() == "run 1\n"
    assert not (tmp_path / "chain.log.4").exists()
