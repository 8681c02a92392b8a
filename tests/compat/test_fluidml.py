"""fluidml's documented API (designs/fluidml-api.txt) on lineage_ext.runtime.fluid.

Only the import lines differ (``from fluidml import ...``/``from fluidml.storage import ...`` ->
``from lineage_ext.runtime.fluid import ...``). Tasks live at module level so worker processes import them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lineage_ext.runtime.fluid import (
    File,
    FilePromise,
    Flow,
    InMemoryStore,
    LocalFileStore,
    Promise,
    StoreContext,
    Sweep,
    Task,
    TaskInfo,
    TaskResults,
    TaskSpec,
    visualize_graph_in_console,
)
from lineage_ext.runtime.fluid.task import TaskInfo as TaskInfoFromModule


def parse(in_dir: str, task: Task):
    task.save({"rows": [1, 2, 3], "in_dir": in_dir}, "parsed", type_="json")


class Featurize(Task):
    def __init__(self, scale, shift, _verbose=False):
        super().__init__()
        self.scale = scale
        self.shift = shift

    def run(self, parsed):
        features = [r * self.scale + self.shift for r in parsed["rows"]]
        self.save(features, "features", type_="json")


def train(features, lr, epochs, task: Task):
    task.save(sum(features) * lr * epochs, "score", type_="pickle")


class Select(Task):
    def run(self, score):
        best = max(score, key=lambda sweep: sweep.value)
        assert all(isinstance(s, Sweep) for s in score)
        self.save({"value": best.value, "lr": best.config["train"]["lr"]}, "best", type_="json")


def build(reduce_select=True):
    parse_spec = TaskSpec(task=parse, config={"in_dir": "/data"})
    featurize = TaskSpec(
        task=Featurize, config={"scale": [1, 2], "shift": 0, "_verbose": True}, expand="product"
    )
    train_spec = TaskSpec(
        task=train,
        config={"lr": [0.1, 0.2, "@x"], "epochs": [1, 2, "@x"]},
        expand="product",
    )
    select = TaskSpec(task=Select, reduce=reduce_select)
    featurize.requires(parse_spec)
    train_spec.requires(featurize)
    select.requires(train_spec)
    return [parse_spec, featurize, train_spec, select]


def test_group_prefix_zips_and_product_expands():
    cfg = {"a": [1, 2, "@x"], "b": [1, 2, 3], "c": [1, 2, "@x"]}
    spec = TaskSpec(task=parse, config=cfg, expand="product")
    Flow([spec], config_group_prefix="@")
    configs = spec.expand()
    assert len(configs) == 6  # 2 * 3: a and c are zipped
    assert {(c["a"], c["c"]) for c in configs} == {(1, 1), (2, 2)}
    plain = TaskSpec(task=parse, config={"a": [1, 2]})  # expand=None: a list is a value
    assert plain.expand() == [{"a": [1, 2]}]


def test_flow_run_results_reduce_and_ignore_prefix():
    flow = Flow(build(), config_ignore_prefix="_", config_group_prefix="@")
    results = flow.run(num_workers=2, project_name="demo", run_name="first")
    assert set(results) == {"parse", "Featurize", "train", "Select"}
    assert len(results["train"]) == 4  # 2 featurize configs x 2 zipped (lr, epochs) pairs
    assert all(isinstance(r, TaskResults) for r in results["train"])
    best = results["Select"][0].results["best"]
    assert best == {"value": (2 + 4 + 6) * 0.2 * 2, "lr": 0.2}
    featurize_configs = [r.config["Featurize"] for r in results["Featurize"]]
    assert {"scale": 1, "shift": 0} in featurize_configs  # "_verbose" is not in unique_config
    info = results["parse"][0].info
    assert isinstance(info, TaskInfo)
    assert info.project_name == "demo"
    assert info.run_name == "first"


def test_return_results_none_and_latest():
    flow = Flow(build(), config_group_prefix="@")
    assert flow.run(num_workers=1, return_results=None, log_to_tmux=True, max_panes_per_window=2) is None
    latest = Flow(build(), config_group_prefix="@").run(num_workers=1, return_results="latest")
    assert set(latest) == {"Select"}


def test_local_file_store_caches_and_loads_lazily(tmp_path):
    store = LocalFileStore(str(tmp_path / "results"))
    first = Flow(build(), config_group_prefix="@").run(results_store=store, num_workers=1)
    files = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "results").rglob("*.json"))
    assert any(f.startswith("results/parse/") and f.endswith("parsed.json") for f in files)
    flow = Flow(build(), config_group_prefix="@")
    second = flow.run(results_store=store, num_workers=1)
    assert all(run.cached for run in flow.task_graph.runs.values())  # nothing ran again
    assert second["Select"][0].results == first["Select"][0].results
    unique = first["parse"][0].config
    promise = store.load("parsed", "parse", unique, lazy=True)
    assert isinstance(promise, (FilePromise, Promise))
    assert promise.load()["rows"] == [1, 2, 3]
    forced = Flow(build(), config_group_prefix="@")
    forced.run(results_store=store, num_workers=1, force="train+")
    assert [r.cached for r in forced.task_graph.runs.values() if r.spec_name == "train"] == [False] * 4


class Writer(Task):
    def run(self):
        with self.open("log", type_="text", mode="w") as handle:
            assert isinstance(handle, File)
            handle.save("line 1\n")
            handle.write("line 2\n")
        context = self.get_store_context()
        assert isinstance(context, StoreContext)
        self.save({"run_dir": context.run_dir, "id": self.id}, "where", type_="json")
        self.save("temporary", "tmp", type_="text")
        assert self.load("tmp") == "temporary"
        self.delete("tmp")
        assert self.load("tmp") is None
        self.save(self.unique_config, "unique", type_="json")


def test_task_store_methods_on_local_file_store(tmp_path):
    store = LocalFileStore(str(tmp_path))
    results = Flow([TaskSpec(task=Writer)]).run(results_store=store, run_name="exp", num_workers=1)
    saved = results["Writer"][0].results
    run_dir = Path(saved["where"]["run_dir"])
    assert (run_dir / "log.txt").read_text() == "line 1\nline 2\n"
    assert saved["where"]["id"].startswith("exp-")
    assert saved["unique"] == {"Writer": {}}
    assert not (run_dir / "tmp.txt").exists()
    assert json.loads((run_dir / "where.json").read_text())["run_dir"] == str(run_dir)


def test_in_memory_store_and_additional_kwargs():
    store = InMemoryStore()
    spec = TaskSpec(task=parse, config={"in_dir": "/a"}, additional_kwargs={})
    results = Flow([spec]).run(results_store=store, num_workers=1)
    unique = results["parse"][0].config
    assert store.load("parsed", "parse", unique)["in_dir"] == "/a"
    assert TaskInfo is TaskInfoFromModule


def test_console_graph_view(capsys):
    flow = Flow(build(), config_group_prefix="@")
    visualize_graph_in_console(flow.task_graph, use_pager=True, use_unicode=True)
    text = capsys.readouterr().out
    assert text.splitlines()[0].endswith("parse")
    assert "parse → Featurize[0]" in text
    assert "Select" in text.splitlines()[3]


def test_bad_expand_is_refused():
    from lineage_ext.errors import RuntimeGraphError

    with pytest.raises(RuntimeGraphError, match="expand"):
        TaskSpec(task=parse, expand="grid")
