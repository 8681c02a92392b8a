"""backend="ray": the same flows on Ray Core, run in Ray's own virtual environment (a subprocess).

Ray conflicts with the main environment, so it runs in the pinned ``ray`` engine venv that the export tests
use too (``tests/engines``: built or reused by the ``engine_python`` fixture, ``make engines``). Starting a
local Ray runtime takes 10-40 s, hence the ``engine`` marker.
"""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.engines.fixtures import EngineFactory, engine_python

__all__ = ["engine_python"]

HERE = Path(__file__).parent
ROOT = HERE.parent.parent

SCRIPT = textwrap.dedent(
    """
    import json
    import ray
    from runtime_helpers import after_boom, boom, numbers, power, whoami
    from lineage_ext.errors import TaskFailed
    from lineage_ext.runtime import Flow, TaskSpec

    if __name__ == "__main__":
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        first = TaskSpec(numbers, {"n": 3})
        second = TaskSpec(power, {"p": [2, 3]}).requires(first)
        chain = Flow([first, second])
        results = chain.run(backend="ray", num_workers=2)
        again = chain.run(backend="ray", num_workers=2)
        spread = Flow([TaskSpec(whoami, {"tag": [0, 1, 2, 3]})])
        placed = spread.run(backend="ray", num_workers=2, resources=["gpu:0", "gpu:1"])
        failing_first = TaskSpec(boom, {"x": 1})
        failing = Flow([failing_first, TaskSpec(after_boom).requires(failing_first)])
        try:
            failing.run(backend="ray", num_workers=2)
            error = None
        except TaskFailed as exc:
            error = str(exc)
        print(json.dumps({
            "results": results,
            "cached": [run.cached for run in chain.runs.values()],
            "again": again,
            "placed": placed,
            "error": error,
            "failing_states": {name: str(state) for name, state in failing.states.items()},
            "still_connected": ray.is_initialized(),
        }))
        ray.shutdown()
    """
)


@pytest.mark.engine
@pytest.mark.timeout(240)
def test_flows_run_on_ray(tmp_path: Path, engine_python: EngineFactory) -> None:
    ray_python = engine_python("ray")
    script = tmp_path / "ray_flow.py"
    script.write_text(SCRIPT)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(HERE)]),
        "RAY_USAGE_STATS_ENABLED": "0",
    }
    done = subprocess.run(
        [str(ray_python), str(script)], capture_output=True, text=True, env=env, timeout=230, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["results"] == {"numbers": [0, 1, 2], "power[0]": [0, 1, 4], "power[1]": [0, 1, 8]}
    assert report["again"] == report["results"]
    assert report["cached"] == [True, True, True]
    assert all(r["resource"] == f"gpu:{r['worker']}" for r in report["placed"].values())
    assert {r["worker"] for r in report["placed"].values()} <= {0, 1}
    assert report["error"] is not None
    assert "ValueError: boom 1" in report["error"]
    assert report["failing_states"] == {"boom": "failed", "after_boom": "upstream_failed"}
    assert report["still_connected"] is True  # a runtime the caller started is left running
