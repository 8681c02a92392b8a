"""The rest of the widget family on real objects: the store catalog, call traces, runtime graphs."""

from __future__ import annotations

import re
from pathlib import Path

from lineage_ext import api
from lineage_ext.runtime import GraphBuilder
from lineage_ext.trace import TraceContext, trace_func
from lineage_ext.widgets import catalog_bundle, catalog_widget, runtime_graph_widget, trace_widget


def labels(svg: str) -> list[str]:
    return re.findall(r"<text [^>]*>([^<]*)</text>", svg)


def test_catalog_widget_filters_versions_code_and_delete(store_dir: Path) -> None:
    api.save([1, 2, 3], "train_rows")
    api.save([1, 2, 3, 4], "train_rows")
    api.save({"accuracy": 0.9}, "metrics")
    widget = catalog_widget(api.artifact_store())
    assert widget.table.value.count("<tr>") == 4  # header + 3 versions
    widget.filter_box.value = "train"
    assert "metrics" not in widget.table.value
    assert list(widget.name_menu.options) == ["train_rows"]
    assert list(widget.version_menu.options) == [2, 1]
    widget.latest_box.value = True
    assert widget.table.value.count("<tr>") == 2

    widget.version_menu.value = 1
    code = widget.show_code()
    assert code.startswith("# no minimal code:")  # saved outside a traced session
    assert "outside a traced session" in widget.detail.value

    widget.delete_button.click()
    assert widget.confirm_button.layout.display is None  # asks before deleting
    assert [info.version for info in api.artifact_store().infos if info.name == "train_rows"] == [2, 1]
    widget.confirm_button.click()
    assert [info.version for info in api.artifact_store().infos if info.name == "train_rows"] == [2]
    assert list(widget.version_menu.options) == [2]
    bundle = widget._repr_mimebundle_()
    assert bundle is not None
    assert "<table" in bundle["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_catalog_bundle_is_a_widget_with_html_and_a_plain_text_table(store_dir: Path) -> None:
    api.save({"accuracy": 0.9}, "metrics")
    catalog = api.artifact_store()
    bundle = catalog_bundle(catalog)
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "<td>metrics</td>" in bundle["text/html"]
    assert bundle["text/plain"] == str(catalog)
    assert bundle["text/plain"].splitlines()[0].split()[:2] == ["name", "version"]
    shown = catalog._repr_mimebundle_()  # what a notebook displays, through the registered viewer
    assert "application/vnd.jupyter.widget-view+json" in shown
    assert shown["text/html"] == bundle["text/html"]
    assert shown["text/plain"] == bundle["text/plain"]


@trace_func(stage_name="load", result_name="rows")
def load_rows(count: int) -> list[int]:
    return list(range(count))


@trace_func(stage_name="clean")
def drop_odd(rows: list[int]) -> list[int]:
    return [row for row in rows if row % 2 == 0]


def test_trace_widget_draws_stages_and_calls() -> None:
    with TraceContext() as trace:
        drop_odd(load_rows(5))
        drop_odd(load_rows(3))
    widget = trace_widget(trace.result)
    drawn = labels(widget.svg)
    assert drawn.index("load") < drawn.index("clean")  # stages in the order they first ran
    assert sum(label.startswith("load_rows (") for label in drawn) == 2
    assert sum(label.startswith("drop_odd (") for label in drawn) == 2
    assert "drop_odd" in widget.details.value
    widget.filter_box.value = "drop_odd"
    assert all(label.startswith("drop_odd") for label in labels(widget.svg))
    assert "load_rows" not in widget.details.value
    widget.filter_box.value = ""
    widget.focus_menu.value = "stage:clean"
    widget.direction.value = "downstream"
    assert "load_rows" not in " ".join(labels(widget.svg))


def first(x: int) -> int:
    return 2 * x


def second(x: int) -> int:
    return 3 * x


def total(a: int, b: int) -> int:
    return a + b


def unrelated(x: int) -> int:
    return x


def test_runtime_graph_widget_uses_the_view_styles_and_focus() -> None:
    graph = GraphBuilder()
    a = graph.add(first, color="#fca5a5")(1)
    b = graph.add(second, shape="ellipse")(2)
    graph.add(total)(a, b)
    graph.add(unrelated)(7)
    widget = runtime_graph_widget(graph.view(summary=True))
    assert set(labels(widget.svg)) == {"first", "second", "total", "unrelated"}
    assert "fill:#fca5a5" in widget.svg
    assert "<ellipse" in widget.svg
    total_id = next(value for label, value in widget.focus_menu.options if label.endswith("total"))
    widget.focus_menu.value = total_id
    widget.direction.value = "upstream"
    assert set(labels(widget.svg)) == {"first", "second", "total"}
    widget.direction.value = "downstream"
    assert set(labels(widget.svg)) == {"total"}
    first_id = next(value for label, value in widget.focus_menu.options if label.endswith("first"))
    widget.focus_menu.value = first_id
    widget.direction.value = "both"
    assert set(labels(widget.svg)) == {"first", "total"}
