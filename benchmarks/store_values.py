"""Costs of this wave's store guarantees, each against a baseline measured in the same run; prints JSON.

- small saves: ``save_value`` of a small dict (identity check, blob, metadata commit, manifest) against
  writing the same JSON to a file with fsync (the least a durable save can cost);
- a 100,000 x 10 float DataFrame: ``save_value`` (parquet plus the save-time round-trip check) against
  ``DataFrame.to_parquet`` to a file;
- 100,000 ``(int, str)`` tuples: the lossless tagged encoding and its load, against ``json.dumps`` of
  the same data as lists (which would lose the tuples);
- recovery: ``lineage-ext store check`` and ``store rebuild`` of a store holding 1,000 versions.

usage: python benchmarks/store_values.py [--saves 300] [--versions 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lineage_ext.store import open_store
from lineage_ext.store.check import check_store
from lineage_ext.store.rebuild import rebuild_store


def timed(action: Callable[[], Any], repeat: int = 3) -> float:
    """Median wall seconds of ``repeat`` runs."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def small_saves(folder: Path, count: int) -> dict[str, float]:
    store = open_store(str(folder / "small"))
    store.save_value({"warm": 1}, "warm")
    values = [{"i": i, "v": list(range(20))} for i in range(count)]
    started = time.perf_counter()
    for i, value in enumerate(values):
        store.save_value(value, f"m{i % 10}")
    per_save = (time.perf_counter() - started) / count
    raw = folder / "raw"
    raw.mkdir()
    started = time.perf_counter()
    for i, value in enumerate(values):
        with open(raw / f"{i}.json", "wb") as handle:
            handle.write(json.dumps(value).encode())
            handle.flush()
            os.fsync(handle.fileno())
    per_raw = (time.perf_counter() - started) / count
    store.close()
    return {"save_ms": per_save * 1000, "raw_fsync_write_ms": per_raw * 1000}


def frame_save(folder: Path) -> dict[str, float]:
    import numpy as np
    import pandas as pd

    frame = pd.DataFrame(np.random.default_rng(0).standard_normal((100_000, 10)), columns=list("abcdefghij"))
    store = open_store(str(folder / "frames"))
    save = timed(lambda: store.save_value(frame, "frame"))
    raw = timed(lambda: frame.to_parquet(folder / "frame.parquet"))
    store.close()
    return {"store_save_ms": save * 1000, "to_parquet_ms": raw * 1000}


def tuples(folder: Path) -> dict[str, float]:
    value = [(i, f"row{i}") for i in range(100_000)]
    store = open_store(str(folder / "tuples"))
    info = store.save_value(value, "pairs")
    assert info.serializer == "tagged", info.serializer
    save = timed(lambda: store.save_value(value, "pairs"))
    load = timed(lambda: store.load_value("pairs"))
    assert store.load_value("pairs") == value
    baseline = timed(lambda: json.dumps([list(item) for item in value]))
    store.close()
    return {
        "tagged_save_ms": save * 1000,
        "tagged_load_ms": load * 1000,
        "json_dumps_lists_ms": baseline * 1000,
    }


def recovery(folder: Path, versions: int) -> dict[str, float]:
    location = folder / "recover"
    store = open_store(str(location))
    for i in range(versions):
        store.save_value({"i": i}, f"a{i % 20}")
    store.close()
    check = timed(lambda: check_store(str(location)), repeat=1)
    (location / "metadata.sqlite").write_bytes(b"")
    rebuild = timed(lambda: rebuild_store(str(location)), repeat=1)
    reopened = open_store(str(location))
    assert len(reopened.list_artifacts()) == versions
    reopened.close()
    return {"versions": versions, "check_s": check, "rebuild_s": rebuild}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--versions", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lineage-ext-bench-") as tmp:
        folder = Path(tmp)
        result = {
            "small_saves": small_saves(folder, args.saves),
            "dataframe_100k_x_10": frame_save(folder),
            "tuples_100k": tuples(folder),
            "recovery": recovery(folder, args.versions),
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
