"""Access API, summaries at capture time, text/HTML display, and the JSON wire shape."""

from __future__ import annotations

import gc
import json
import typing
import weakref
from typing import TYPE_CHECKING, Any, Literal, NotRequired, get_args, get_origin, get_type_hints

import pytest

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

from lineage_ext.trace import (
    TraceCall,
    TraceContext,
    TraceResult,
    TraceStage,
    ValueSummary,
    trace_func,
    trace_json,
)


@trace_func(stage_name="load", result_name="frame")
def load_frame(rows: int) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    return pd.DataFrame({"id": np.arange(rows), "score": np.linspace(0, 1, rows), "name": ["x"] * rows})


@trace_func(stage_name="clean")
def clean(frame: pd.DataFrame, columns: list[str], options: dict[str, int], note: str) -> pd.Series:
    return frame[columns[0]] * 2


@trace_func(stage_name="arrays")
def scale(values: np.ndarray, factor: np.float64) -> np.ndarray:
    return values * factor


def run_pipeline(**context: Any) -> TraceContext:
    import numpy as np

    with TraceContext(**context) as trace:
        frame = load_frame(1000)
        clean(frame, ["id", "score"], {f"k{i}": i for i in range(50)}, "n" * 10_000)
        scale(np.ones((300, 4), dtype=np.float32), np.float64(2.0))
    return trace


def test_access_by_item_attribute_index_and_function_name() -> None:
    trace = run_pipeline()
    assert trace["load"] is trace.load is trace.result["load"] is trace[0]
    assert isinstance(trace.result, TraceResult)
    assert isinstance(trace.load, TraceStage)
    call = trace.load[0]
    assert isinstance(call, TraceCall)
    assert trace.load["load_frame"] == [call] == trace.load.load_frame
    assert call["rows"] == call.rows == 1000
    assert len(trace) == 3
    assert [s.name for s in trace] == ["load", "clean", "arrays"]
    assert len(trace.load) == 1
    assert list(trace.load) == [call]
    assert trace.load[-1:] == [call]


def test_missing_keys_say_what_is_valid() -> None:
    trace = run_pipeline()
    with pytest.raises(KeyError, match="valid keys: 'load', 'clean', 'arrays'"):
        trace["nope"]
    with pytest.raises(AttributeError, match="no stage 'nope'"):
        trace.nope
    with pytest.raises(KeyError, match="'load_frame'"):
        trace.load["nope"]
    with pytest.raises(KeyError, match="'rows', 'frame'"):
        trace.load[0]["nope"]
    with pytest.raises(AttributeError):
        trace.load[0].nope
    with pytest.raises(IndexError):
        trace.load[5]


def test_dir_offers_the_valid_keys_for_tab_completion() -> None:
    trace = run_pipeline()
    assert {"load", "clean", "arrays", "instrument", "bind"} <= set(dir(trace))
    assert {"load", "clean", "arrays", "calls"} <= set(dir(trace.result))
    assert "load_frame" in dir(trace.load)
    assert {"rows", "frame", "params", "duration_ns"} <= set(dir(trace.load[0]))


def test_large_values_are_summarized_at_capture_time() -> None:
    trace = run_pipeline()
    frame = trace.load[0].frame
    assert isinstance(frame, ValueSummary)
    assert frame.type == "pandas.DataFrame"
    assert frame.shape == (1000, 3)
    assert frame.dtype == "id: int64, score: float64, name: str"
    assert "score" in frame.preview
    assert len(frame.preview) < 1000
    clean_call = trace.clean[0]
    assert clean_call.frame == frame  # same summary for the same frame
    assert clean_call.columns == ValueSummary("list", "['id', 'score']", length=2)
    assert clean_call.options.length == 50
    assert "..." in clean_call.options.preview
    assert clean_call.note.length == 10_000
    assert len(clean_call.note.preview) <= 200
    assert clean_call.result.type == "pandas.Series"
    assert clean_call.result.shape == (1000,)
    assert clean_call.result.preview.startswith("[0, 2, 4, 6, 8, …")
    array_call = trace.arrays[0]
    assert (array_call["values"].shape, array_call["values"].dtype) == ((300, 4), "float32")
    assert array_call.factor == ValueSummary("numpy.float64", "2.0", dtype="float64")
    assert len(str(trace)) < 3000
    assert len(trace._repr_html_()) < 20_000


def test_summaries_do_not_keep_the_value_alive_unless_asked() -> None:
    @trace_func(stage_name="arr")
    def consume(values: np.ndarray) -> int:
        return int(values.size)

    def run(keep: bool) -> tuple[TraceContext, weakref.ref[np.ndarray]]:
        import numpy as np

        values = np.zeros(1_000_000)
        ref = weakref.ref(values)
        with TraceContext(keep_values=keep) as trace:
            consume(values)
        del values
        gc.collect()
        return trace, ref

    trace, ref = run(keep=False)
    assert ref() is None
    assert trace.arr[0]["values"].shape == (1_000_000,)
    kept, ref = run(keep=True)
    assert kept.arr[0]["values"] is ref()
    assert ref() is not None
    assert "shape=1000000" in str(kept)  # display still summarizes kept values


def test_keep_values_per_function_overrides_the_context() -> None:
    @trace_func(stage_name="s", keep_values=True)
    def keep(rows: list[int]) -> list[int]:
        return rows

    rows = list(range(100))
    with TraceContext() as trace:
        keep(rows)
    assert trace.s[0]["rows"] is rows
    assert trace.s[0].result is rows


def test_small_immutable_values_are_kept_as_is() -> None:
    @trace_func(stage_name="s")
    def f(a: int, b: float, c: str, d: None, e: bool, *, g: bytes) -> tuple[int, int]:
        return (1, 2)

    with TraceContext() as trace:
        f(1, 2.5, "short", None, True, g=b"xy")
    assert trace.s[0].params == {"a": 1, "b": 2.5, "c": "short", "d": None, "e": True, "g": b"xy"}
    assert trace.s[0].result == ValueSummary("tuple", "(1, 2)", length=2)


def test_text_display_is_readable() -> None:
    trace = run_pipeline()
    text = str(trace)
    lines = text.splitlines()
    assert lines[0].startswith("TraceResult ")
    assert "3 stage(s), 3 call(s), limit 10/function" in lines[0]
    assert lines[1] == "stage 'load': 1 call(s)"
    assert lines[2].startswith("  [0] load_frame(rows=1000) -> frame=pandas.DataFrame shape=1000x3")
    assert repr(trace) == text == repr(trace.result)
    assert repr(trace.load).startswith("stage 'load': 1 call(s)\n  [0] load_frame(")
    assert repr(trace.load[0]).startswith("[0] load_frame(rows=1000) -> ")


def test_html_display_escapes_everything() -> None:
    evil = "<script>alert('x')</script>"

    @trace_func(stage_name=evil, result_name="out")
    def f(text: str) -> str:
        return text

    with TraceContext() as trace:
        f(evil)
        f(evil * 100)
    page = trace._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "<table>" in page
    assert page.count("<tr") == 3
    assert "<script>" not in trace[evil]._repr_html_()
    assert "<script>" not in trace[evil][0]._repr_html_()


def test_custom_summarizers_can_be_registered() -> None:
    class Model:
        def __init__(self, n_features: int) -> None:
            self.n_features = n_features

    from lineage_ext.trace import register_summarizer

    @register_summarizer(Model)
    def _model(value: Model) -> ValueSummary:
        return ValueSummary("Model", f"{value.n_features} features")

    @trace_func(stage_name="train")
    def fit(n: int) -> Model:
        return Model(n)

    with TraceContext() as trace:
        fit(7)
    assert trace.train[0].result == ValueSummary("Model", "7 features")


def _check_typed(value: object, hint: object, where: str) -> None:
    """Recursively check ``value`` against a wire TypedDict hint (and that only allowed types are used)."""
    origin = get_origin(hint)
    if typing.is_typeddict(hint):
        assert isinstance(value, dict), where
        hints = get_type_hints(hint)
        required, optional = hint.__required_keys__, hint.__optional_keys__  # type: ignore[attr-defined]
        assert required <= value.keys() <= required | optional, (where, value.keys())
        for key, item in value.items():
            _check_typed(item, hints[key], f"{where}.{key}")
    elif origin is Literal:
        assert value in get_args(hint), where
    elif origin in (typing.Union, __import__("types").UnionType):
        errors = []
        for option in get_args(hint):
            try:
                _check_typed(value, option, where)
                return
            except AssertionError as exc:
                errors.append(exc)
        raise AssertionError(where, errors)
    elif origin is list:
        assert isinstance(value, list), where
        for item in value:
            _check_typed(item, get_args(hint)[0], where + "[]")
    elif origin is dict:
        assert isinstance(value, dict), where
        for key, item in value.items():
            assert isinstance(key, str)
            _check_typed(item, get_args(hint)[1], f"{where}[{key}]")
    elif origin is NotRequired:
        _check_typed(value, get_args(hint)[0], where)
    else:
        assert hint in (str, int, float, bool, type(None)), (where, hint)
        assert isinstance(value, hint), (where, value, hint)


def test_to_json_matches_the_wire_typed_dicts_and_is_plain_json() -> None:
    @trace_func(stage_name="gen")
    def numbers(n: int) -> typing.Iterator[int]:
        yield from range(n)

    with TraceContext(keep_values=True) as trace:
        frame = load_frame(20)
        clean(frame, ["id"], {"a": 1}, "note")
        list(numbers(3))
        with pytest.raises(ZeroDivisionError):
            trace_func(stage_name="bad")(lambda: 1 / 0)()
    data = trace.to_json()
    _check_typed(data, trace_json.TraceResultJSON, "result")
    text = json.dumps(data, allow_nan=False)
    assert len(text) < 20_000
    assert json.loads(text) == data
    frame_json = data["stages"][0]["calls"][0]["result"]
    assert frame_json is not None
    assert frame_json["shape"] == [20, 3]
    assert frame_json["type"] == "pandas.DataFrame"
    bad = data["stages"][-1]["calls"][0]
    assert bad["status"] == "error"
    assert bad["result"] is None
    assert bad["exception"] == {"type": "ZeroDivisionError", "message": "division by zero"}
    assert data["stages"][2]["calls"][0]["yield_count"] == 3
    assert (data["version"], data["total_calls"], data["finished"]) == (1, 4, True)


def test_results_survive_copy_and_pickle() -> None:
    import copy
    import pickle

    trace = run_pipeline()
    clone = copy.deepcopy(trace.result)
    assert str(clone) == str(trace)
    restored = pickle.loads(pickle.dumps(trace.result))
    assert restored.load[0].frame == trace.load[0].frame
    assert dir(restored.load[0]) == dir(trace.load[0])
