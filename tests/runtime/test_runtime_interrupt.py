"""Ctrl-C during a flow: running tasks become killed, nothing stays scheduled/running, workers are gone."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parent.parent

CHILD = textwrap.dedent(
    """
    import faulthandler, json, signal, sys
    faulthandler.register(signal.SIGUSR1, all_threads=True)  # the test asks for stacks if Ctrl-C hangs
    # a terminal's Ctrl-C, even when the test run itself was started in the background (which ignores SIGINT)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    from runtime_helpers import mark_and_sleep, quick
    from lineage_ext.runtime import Flow, TaskSpec

    if __name__ == "__main__":  # spawned workers import this script again
        folder = sys.argv[1]
        slow = TaskSpec(mark_and_sleep, {"folder": folder, "tag": [0, 1, 2]})
        after = TaskSpec(quick, {"folder": folder, "tag": 9}).requires(slow)
        flow = Flow([slow, after])
        try:
            flow.run(num_workers=2)
        except KeyboardInterrupt:
            print(json.dumps({name: str(state) for name, state in flow.states.items()}))
            sys.exit(130)
        sys.exit(1)
    """
)


def wait_for(condition: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text())


@pytest.mark.timeout(60)
def test_sigint_kills_running_tasks_and_leaves_consistent_states(tmp_path: Path) -> None:
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(HERE)])}
    child = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        wait_for(lambda: len(list(tmp_path.glob("started-*"))) == 2 or child.poll() is not None, 30)
        assert child.poll() is None, child.communicate()
        worker_pids = [int(p.read_text()) for p in tmp_path.glob("started-*")]
        child.send_signal(signal.SIGINT)
        try:
            stdout, stderr = child.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGUSR1)
            time.sleep(1)
            child.kill()
            stacks = child.communicate()[1]
            raise AssertionError(
                f"the flow did not stop within 20 s of Ctrl-C; its threads:\n{stacks}"
            ) from None
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 130, stderr
    states = json.loads(stdout)
    started = sorted(p.name for p in tmp_path.glob("started-*"))
    assert len(started) == 2  # the third slow task never got a worker
    running_tags = {name.split("-")[1] for name in started}
    expected = {f"mark_and_sleep[{tag}]": "killed" for tag in running_tags}
    expected |= {f"mark_and_sleep[{tag}]": "pending" for tag in {"0", "1", "2"} - running_tags}
    expected |= {f"quick[{i}]": "pending" for i in range(3)}
    assert states == expected
    assert not list(tmp_path.glob("quick-*"))
    wait_for(lambda: not any(pid_alive(pid) for pid in worker_pids), 5)


STRESS_CHILD = textwrap.dedent(
    """
    import json, signal, sys
    from pathlib import Path
    from runtime_helpers import nap
    signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, whatever the launcher did
    from lineage_ext.runtime import Flow, TaskSpec

    if __name__ == "__main__":
        folder = sys.argv[1]
        first = TaskSpec(nap, {"folder": folder, "@t:tag": [0, 1, 2, 3], "@t:seconds": [0.1, 0.3, 0.2, 0.4]})
        second = TaskSpec(nap, {"folder": folder, "@u:tag": [10, 11], "@u:seconds": [0.2, 0.1]}, name="again", reduce=True)
        flow = Flow([first, second.requires(first)])
        Path(folder, "ready").write_text("")
        try:
            flow.run(num_workers=2)
            outcome = "done"
        except KeyboardInterrupt:
            outcome = "interrupted"
        print(json.dumps({"outcome": outcome, "states": {k: str(v) for k, v in flow.states.items()}}))
    """
)


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.parametrize("seed", range(20))
def test_sigint_at_random_moments_always_leaves_consistent_states(tmp_path: Path, seed: int) -> None:
    script = tmp_path / "child.py"
    script.write_text(STRESS_CHILD)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(HERE)])}
    child = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        wait_for(lambda: (tmp_path / "ready").exists() or child.poll() is not None, 60)
        time.sleep(random.Random(seed).uniform(0.0, 2.5))
        if child.poll() is None:
            child.send_signal(signal.SIGINT)
        stdout, stderr = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    report = json.loads(stdout.strip().splitlines()[-1]) if stdout.strip() else None
    assert report is not None, stderr
    states = report["states"]
    assert not {"running", "scheduled"} & set(states.values())
    if report["outcome"] == "done":
        assert set(states.values()) == {"finished"}
    began = {int(p.name.split("-")[1]) for p in tmp_path.glob("began-*")}
    for name, state in states.items():
        tag = _tag_of(name)
        if state in ("finished", "killed"):
            assert tag in began, f"{name} is {state} but never started"
        if state == "pending" and name.startswith("again"):
            assert tag not in began, f"{name} started but is reported pending"


def _tag_of(name: str) -> int:
    spec, _, rest = name.partition("[")
    position = int(rest.rstrip("]"))
    return [0, 1, 2, 3][position] if spec == "nap" else [10, 11][position]


# Ctrl-C at two exact moments: while the workers start, and after tasks were handed to workers that have
# not begun them yet. The child sends SIGINT to itself from inside ``Flow._backend``/``submit``.
EXACT_CHILD = textwrap.dedent(
    """
    import json, os, signal, sys
    signal.signal(signal.SIGINT, signal.default_int_handler)
    from runtime_helpers import nap
    from lineage_ext.runtime import Flow, TaskSpec

    class Interrupting:
        '''Ctrl-C right after the last idle worker got its task (no worker has begun yet).'''
        def __init__(self, inner):
            self.inner = inner
        def idle_slots(self):
            return self.inner.idle_slots()
        def submit(self, index, job):
            self.inner.submit(index, job)
            if self.inner.idle_slots() == 0:
                os.kill(os.getpid(), signal.SIGINT)
        def wait(self):
            return self.inner.wait()
        def kill(self):
            return self.inner.kill()
        def close(self):
            self.inner.close()

    class CtrlCFlow(Flow):
        def _backend(self, kind, workers, resources, start_method):
            if MOMENT == "starting":
                os.kill(os.getpid(), signal.SIGINT)
            backend = super()._backend(kind, workers, resources, start_method)
            return Interrupting(backend) if MOMENT == "dispatched" else backend

    if __name__ == "__main__":
        folder, MOMENT = sys.argv[1], sys.argv[2]
        first = TaskSpec(nap, {"folder": folder, "@t:tag": [0, 1, 2], "@t:seconds": [5, 5, 5]})
        flow = CtrlCFlow([first, TaskSpec(nap, {"folder": folder, "tag": 9, "seconds": 0}, name="last").requires(first)])
        try:
            flow.run(num_workers=2, start_method="spawn")
            outcome = "done"
        except KeyboardInterrupt:
            outcome = "interrupted"
        print(json.dumps({"outcome": outcome, "states": {k: str(v) for k, v in flow.states.items()}}))
    """
)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("moment", ["starting", "dispatched"])
def test_sigint_while_workers_start_or_before_tasks_begin_leaves_all_pending(
    tmp_path: Path, moment: str
) -> None:
    script = tmp_path / "child.py"
    script.write_text(EXACT_CHILD)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(HERE)])}
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path), moment],
        check=False,
        capture_output=True,
        env=env,
        text=True,
        timeout=45,
    )
    assert done.stdout.strip(), done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["outcome"] == "interrupted"
    # nothing began (the workers were still starting), so nothing is killed and nothing stays scheduled
    names = [f"nap[{i}]" for i in range(3)] + [f"last[{i}]" for i in range(3)]
    assert report["states"] == dict.fromkeys(names, "pending")
    assert not list(tmp_path.glob("began-*"))
