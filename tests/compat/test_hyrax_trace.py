"""hyrax.trace's documented API (designs/hyrax-trace-api.txt) on lineage_ext.trace.

Code is written as the hyrax document shows it; only the import line differs
(``from hyrax.trace import ...`` -> ``from lineage_ext.trace import ...``).
"""

from __future__ import annotations

import pytest

from lineage_ext import trace as trace_module
from lineage_ext.trace import (
    TraceCall,
    TraceContext,
    TraceDef,
    TracePrintable,
    TraceResult,
    TraceStage,
    get_trace,
    reset_trace,
    trace_dataset_func,
    trace_func,
    trace_model_func,
    trace_verb_data,
)


class Dataset:
    @trace_dataset_func
    def get_image(self, index):
        return [index, index + 1]

    @trace_dataset_func(params_to_capture=["index"], result_name="label")
    def get_label(self, index, unused=None):
        return f"label-{index}"


class Model:
    @trace_model_func
    def forward(self, batch):
        return sum(batch)


@trace_func(stage_name="collate", result_name="batch")
def collate(items):
    return [x for item in items for x in item]


class InferVerb:
    """A verb written the way the hyrax document shows (both patterns)."""

    def __init__(self, config):
        self.config = config

    def run(self, n_items=20, trace=0):
        retval = None
        with TraceContext(trace, self.config) as modified_config:
            self.config = modified_config
            data, model = Dataset(), Model()
            outputs = []
            for index in range(n_items):
                batch = collate([data.get_image(index)])
                data.get_label(index)
                outputs.append(model.forward(batch))
            retval = outputs
            return get_trace() if trace else retval

    @trace_verb_data
    def run_decorated(self, n_items=20):
        data, model = Dataset(), Model()
        return [model.forward(collate([data.get_image(i)])) for i in range(n_items)]


def test_verb_pattern_without_trace_returns_the_verb_value():
    verb = InferVerb({"batch_size": 4})
    assert verb.run(n_items=3) == [1, 3, 5]
    assert verb.config == {"batch_size": 4}
    assert get_trace() is None


def test_verb_pattern_with_trace_returns_a_trace_result():
    verb = InferVerb({"batch_size": 4})
    result = verb.run(n_items=5, trace=2)
    assert isinstance(result, TraceResult)
    assert verb.config == {"batch_size": 4}  # the config went through the context unchanged
    assert result.trace_batch_size == 2
    assert set(result.stage_names) == {"dataset_getter", "collate", "evaluation"}
    stage = result["dataset_getter"]
    assert isinstance(stage, TraceStage)
    assert len(stage.func_dict["get_image"]) == 2  # trace=2: two data items per function
    assert [c.params["index"] for c in stage.func_dict["get_label"]] == [0, 1]
    call = result.evaluation[0]
    assert isinstance(call, TraceCall)
    assert call.func_name == "forward"
    assert call.disp_name == "Model.forward"
    assert call.retval == {"result": 1}
    assert call.params == {"batch": [0, 1]}
    assert call.duration_ns > 0
    assert result.collate[1].retval == {"batch": [1, 2]}
    assert stage.get_label[0].retval == {"label": "label-0"}


def test_printed_trace_shows_default_limit_and_dropped_calls():
    verb = InferVerb({})
    with TraceContext() as trace:
        verb.run(n_items=12)
    text = str(trace.result)
    assert TraceContext.DEFAULT_LIMIT == 10
    assert "limit 10/function" in text
    assert "dropped" in text  # 2 calls of each function past the default limit
    assert trace.result.dropped_calls == 8


def test_trace_verb_data_decorator():
    verb = InferVerb({})
    assert verb.run_decorated(n_items=3) == [1, 3, 5]
    result = verb.run_decorated(n_items=6, trace=3)
    assert isinstance(result, TraceResult)
    assert result.trace_batch_size == 3
    assert len(result.evaluation) == 3
    assert len(result["dataset_getter"]["get_image"]) == 3


def test_get_trace_reset_trace_and_module_attribute():
    assert trace_module.trace_result is None
    reset_trace()  # valid without an active trace
    with TraceContext(5, {}) as config:
        assert config == {}
        collate([[1]])
        current = get_trace()
        assert current is trace_module.trace_result
        assert len(current.calls) == 1
        reset_trace()
        assert current.calls == []
        collate([[2]])
        assert [c.retval for c in current.calls] == [{"batch": [2]}]
    assert get_trace() is None


def test_trace_result_reset_and_printable_protocol():
    with TraceContext(3, None):
        Model().forward([1, 2])
        result = get_trace()
    assert isinstance(result, TracePrintable)
    assert isinstance(result.evaluation, TracePrintable)
    assert isinstance(result.evaluation[0], TracePrintable)
    assert repr(result) == str(result)
    assert "evaluation" in dir(result)
    assert result["evaluation"] is result.evaluation
    result.reset()
    assert result.calls == [] and len(result) == 0


def test_trace_stage_append_and_trace_def():
    with TraceContext(3, None):
        Model().forward([4])
        call = get_trace().evaluation[0]
    stage = TraceStage("manual")
    stage.append(call)
    assert len(stage) == 1
    assert stage.func_dict == {"forward": [call]}
    assert stage["forward"] == [call]
    definition = TraceDef(
        disp_name="Model.forward",
        func_name="forward",
        params_to_capture={"batch": 0},
        result_name="out",
        stage_name="evaluation",
    )
    assert definition.params_to_capture == {"batch": 0}
    assert definition.stage_name == "evaluation"


def test_trace_context_attributes_and_zero_trace():
    context = TraceContext(0, {"a": 1})
    assert context.trace_arg == 0
    assert context.config == {"a": 1}
    with context as config:
        Model().forward([1])
        assert config == {"a": 1}
        assert get_trace() is None


def test_trace_func_requires_stage_name_is_accepted_keyword():
    @trace_func(stage_name="custom", params_to_capture=["x"], result_name="y")
    def f(x, z=1):
        return x + z

    with TraceContext(2, None):
        f(1)
        result = get_trace()
    assert result.custom[0].params == {"x": 1}
    assert result.custom[0].retval == {"y": 2}


@pytest.mark.parametrize("bad", [-1, "x"])
def test_bad_trace_arg_is_refused_clearly(bad):
    from lineage_ext.errors import TraceUsageError

    with pytest.raises(TraceUsageError):
        TraceContext(bad, {})
