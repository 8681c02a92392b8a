"""Store throughput benchmark: prints one JSON object.

Measures, in one run on one disk:
- raw sequential write (+fsync) and read of N bytes, the baseline;
- saving and loading an N-byte numeric pandas DataFrame through the store (parquet, sha256, fsync);
- listing 10,000 artifact rows (metadata only) and writing a 1,000-node session graph.

Targets (issue 4): save >= 50% of raw write speed; load at least as fast as save;
listing 10,000 artifacts < 100 ms; put_session of a 1,000-node graph < 5 ms (kernel budget).

usage: python benchmarks/store_throughput.py [--size-mb 1024] [--list-count 10000] [--dir PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from typing import Any

from lineage_ext.store import SessionRecord, open_store
from lineage_ext.store.records import NewArtifact, insert_artifact

CHUNK = 16 * 1024 * 1024


def make_frame(size_bytes: int) -> Any:
    import numpy as np
    import pandas as pd

    columns = 16
    rows = max(1, size_bytes // (8 * columns))
    data = np.random.default_rng(0).standard_normal((rows, columns))
    return pd.DataFrame(data, columns=[f"c{i}" for i in range(columns)])


def raw_write_read(folder: str, payload: memoryview) -> tuple[float, float]:
    path = os.path.join(folder, "raw.bin")
    start = time.perf_counter()
    with open(path, "wb") as handle:
        for offset in range(0, len(payload), CHUNK):
            handle.write(payload[offset : offset + CHUNK])
        handle.flush()
        os.fsync(handle.fileno())
    write_seconds = time.perf_counter() - start
    start = time.perf_counter()
    with open(path, "rb") as handle:
        while handle.read(CHUNK):
            pass
    read_seconds = time.perf_counter() - start
    os.unlink(path)
    return write_seconds, read_seconds


def store_save_load(folder: str, frame: Any, round_number: int) -> tuple[float, float, int]:
    store = open_store(os.path.join(folder, f"store{round_number}"))
    store.list_artifacts()  # connect and create the schema outside the timed part
    start = time.perf_counter()
    info = store.save_value(frame, "big_frame")
    save_seconds = time.perf_counter() - start
    start = time.perf_counter()
    loaded = store.load_value("big_frame")
    load_seconds = time.perf_counter() - start
    assert loaded.shape == frame.shape
    del loaded
    store.close()
    shutil.rmtree(os.path.join(folder, f"store{round_number}"))
    return save_seconds, load_seconds, info.size_bytes


def listing(folder: str, count: int) -> dict[str, float]:
    store = open_store(os.path.join(folder, "listing"))
    preview = json.dumps(
        {"type": "pandas.DataFrame", "kind": "dataframe", "shape": [1000, 4], "columns": ["a", "b", "c", "d"],
         "dtypes": {"a": "float64", "b": "float64", "c": "int64", "d": "str"}, "index": [0, 1, 2, 3, 4],
         "head": [[0.5, 1.5, 3, "x"]] * 5}
    )  # fmt: skip
    with store.metadata.write() as tx:
        for index in range(count):
            new = NewArtifact(
                name=f"artifact_{index % (count // 4 or 1)}", created=time.time(), type_name="pandas.DataFrame",
                serializer="parquet", blob_hash=f"{index:064x}", size_bytes=4096, preview_json=preview,
                code_captured=True, notebook_path=f"nb{index % 20}.ipynb", input_artifacts=[("raw", 1)],
            )  # fmt: skip
            insert_artifact(tx, new)
    timings: dict[str, float] = {}
    for label, kwargs in (
        ("all", {}),
        ("latest_only", {"latest_only": True}),
        ("name_contains", {"name_contains": "_12"}),
    ):
        samples, cpu_samples = [], []
        for _ in range(7):
            start, cpu_start = time.perf_counter(), time.process_time()
            found = store.list_artifacts(**kwargs)  # type: ignore[arg-type]
            samples.append(time.perf_counter() - start)
            cpu_samples.append(time.process_time() - cpu_start)
        timings[f"list_{label}_ms"] = round(statistics.median(samples) * 1000, 2)
        timings[f"list_{label}_cpu_ms"] = round(statistics.median(cpu_samples) * 1000, 2)
        timings[f"list_{label}_rows"] = len(found)
    graph = {
        "format": "lineage_ext.graph/1",
        "nodes": [{"id": f"n{i}", "kind": "variable", "label": f"v{i}", "line": i} for i in range(1000)],
        "edges": [{"source": f"n{i}", "target": f"n{i + 1}", "kind": "reads"} for i in range(999)],
        "cells": [],
    }
    samples = []
    for revision in range(50):
        start = time.perf_counter()
        store.put_session(SessionRecord("bench-session", "k", "bench.ipynb", revision, graph))
        samples.append(time.perf_counter() - start)
    timings["put_session_1000_nodes_ms"] = round(statistics.median(samples) * 1000, 3)
    store.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size-mb", type=int, default=1024, help="DataFrame size (default 1024 = 1 GB)")
    parser.add_argument("--list-count", type=int, default=10_000)
    parser.add_argument("--dir", default=None, help="folder on the disk to measure (default: a temp folder)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of raw/save/load; medians are reported")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="lineage-ext-bench-", dir=args.dir)
    load_at_start = os.getloadavg()[0]  # other processes on the machine skew wall-clock figures
    try:
        frame = make_frame(args.size_mb * 1024 * 1024)
        payload = memoryview(frame.to_numpy().tobytes())  # the same bytes, written raw
        rounds = []
        for round_number in range(args.repeat):  # interleaved, so load from other processes hits both
            rounds.append((*raw_write_read(folder, payload), *store_save_load(folder, frame, round_number)))
        raw_write, raw_read, save, load = (statistics.median(r[i] for r in rounds) for i in range(4))
        stored = rounds[0][4]
        mb = len(payload) / 1e6
        result: dict[str, Any] = {
            "benchmark": "store_throughput",
            "rounds": args.repeat,
            "loadavg_1min_at_start": load_at_start,
            "data_mb": round(mb, 1),
            "stored_mb": round(stored / 1e6, 1),
            "raw_write_mb_s": round(mb / raw_write, 1),
            "raw_read_mb_s": round(mb / raw_read, 1),
            "save_mb_s": round(mb / save, 1),
            "load_mb_s": round(mb / load, 1),
            "save_vs_raw_write": round(raw_write / save, 3),
            "load_vs_save": round(save / load, 3),
            **listing(folder, args.list_count),
        }
        result["targets_met"] = {
            "save_at_least_half_raw_write": result["save_vs_raw_write"] >= 0.5,
            "load_at_least_as_fast_as_save": result["load_vs_save"] >= 1.0,
            "list_10000_under_100ms": result["list_all_ms"] < 100,
            "list_10000_under_100ms_cpu": result["list_all_cpu_ms"] < 100,
            "put_session_under_5ms": result["put_session_1000_nodes_ms"] < 5,
        }
        print(json.dumps(result, indent=2))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
