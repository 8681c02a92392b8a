"""pyflow's documented examples (designs/pyflow-readme.txt) on lineage_ext.runtime.GraphBuilder.

Only the import line differs (``from pyflow import GraphBuilder`` -> ``from lineage_ext import GraphBuilder``).
"""

from __future__ import annotations

import pytest

from lineage_ext import GraphBuilder
from lineage_ext.errors import RuntimeGraphError


def adding(a, b):
    return a + b


def multi_output_method(a, b):
    return a + 1, b + 1


def return2(a, b):  # the name the README's verbose example uses
    return a + 1, b + 1


def query_dataframe_A():  # README name
    return 1


def query_dataframe_B():  # README name
    return 2


def product_transform(inp):
    return inp * 2


def join_transform(inp1, inp2):
    return inp1 + inp2


def split_transform(inp):
    return inp + 1, inp + 2


def test_getting_started():
    G = GraphBuilder()
    a1 = G.add(adding)(2, 2)
    a2 = G.add(adding)(3, a1)
    a3 = G.add(adding)(a1, a2)
    assert a3.get() == 11
    view = G.view()
    assert [n["label"] for n in view.nodes] == ["adding", "adding", "adding"]
    assert "digraph" in view.source


def test_multi_output_methods():
    G = GraphBuilder()
    a1 = G.add(adding)(2, 2)
    a2, b2 = G.add(multi_output_method, n_out=2)(a1, 2)
    a3 = G.add(adding)(a2, 3)
    a4 = G.add(adding)(b2, a1)
    assert (a3.get(), a4.get()) == (8, 7)
    full = G.view(summary=False)
    assert {n["kind"] for n in full.nodes} == {"input", "data", "operation"}


def test_styling_with_rank_shape_and_color():
    G = GraphBuilder()
    df1 = G.add(query_dataframe_A, rank=0, shape="cylinder", color="lightblue")()
    df2 = G.add(query_dataframe_B, rank=0, shape="cylinder", color="lightblue")()
    new_df1 = G.add(product_transform)(df1)
    new_df2 = G.add(product_transform)(df2)
    dfa, _dfb = G.add(split_transform, n_out=2)(new_df2)
    joined_df = G.add(join_transform)(new_df1, dfa)
    assert joined_df.get() == 2 + 5
    view = G.view()
    queries = [n for n in view.nodes if n["label"].startswith("query")]
    assert {n["y"] for n in queries} == {queries[0]["y"]}  # same rank: side by side on top
    assert all(n["color"] == "lightblue" for n in queries)
    assert view.source.count("shape=cylinder") == 2  # the shape graphviz knows reaches the DOT text
    assert view._repr_svg_().startswith("<svg")  # drawn without graphviz too


@pytest.mark.parametrize("shape", ["cylinder", "box3d", "folder", "note", "star", "Mdiamond", "doublecircle"])
def test_every_graphviz_shape_is_accepted(shape):
    G = GraphBuilder()
    node = G.add(query_dataframe_A, shape=shape)()
    assert node.get() == 1
    assert f"shape={shape}" in G.view().source


def test_unknown_shape_is_refused():
    with pytest.raises(RuntimeGraphError, match="shape"):
        GraphBuilder().add(adding, shape="banana")


def test_view_is_a_graphviz_object_when_graphviz_is_installed():
    graphviz = pytest.importorskip("graphviz")
    G = GraphBuilder()
    G.add(adding)(G.add(adding)(1, 2), 3)
    dot = G.view().to_graphviz()
    assert isinstance(dot, graphviz.Digraph)
    assert "adding" in dot.source
    assert G.view().source == dot.source  # the GraphView speaks graphviz's attributes too


VERBOSE_FULL = """\
computing for data_12
adding_11 activated!
adding_8 activated!
adding_0 activated!
return2_4 activated!
computing for data_10
computing for data_3
running adding_0
adding_0 deactivated!
running adding_8
data_3 still needed at return2_4
adding_8 deactivated!
computing for data_7
running return2_4
data_3 released!
return2_4 deactivated!
running adding_11
data_10 released!
data_7 released!
adding_11 deactivated!
"""


def test_verbose_prints_pyflow_messages(capsys):
    G = GraphBuilder(verbose=True)
    a1 = G.add(adding)(1, 2)
    a2, a3 = G.add(return2, n_out=2)(a1, 3)
    a4 = G.add(adding)(a1, 5)
    a5 = G.add(adding)(a4, a3)
    assert a5.get() == 12
    assert capsys.readouterr().out == VERBOSE_FULL


def test_verbose_from_the_middle(capsys):
    G = GraphBuilder(verbose=True)
    a1 = G.add(adding)(1, 2)
    a2, a3 = G.add(return2, n_out=2)(a1, 3)
    a4 = G.add(adding)(a1, 5)
    G.add(adding)(a4, a3)
    assert a4.get() == 8
    # Documented difference: return2_4 has never run, so data_3 is kept for it (pyflow releases it
    # and recomputes it later).
    assert capsys.readouterr().out == (
        "computing for data_10\n"
        "adding_8 activated!\n"
        "adding_0 activated!\n"
        "computing for data_3\n"
        "running adding_0\n"
        "adding_0 deactivated!\n"
        "running adding_8\n"
        "data_3 still needed at return2_4\n"
        "adding_8 deactivated!\n"
    )


def test_persist_all_intermediate_results():
    calls = []

    def counted(a, b):
        calls.append((a, b))
        return a + b

    G = GraphBuilder(persist=True)
    a1 = G.add(counted)(1, 2)
    _a2, a3 = G.add(return2, n_out=2)(a1, 3)
    a4 = G.add(counted)(a1, 5)
    a5 = G.add(counted)(a4, a3)
    assert a5.get() == 12
    runs = len(calls)
    assert a4.get() == 8
    assert len(calls) == runs  # cached: nothing recomputed


def test_persist_part_of_the_results():
    calls = []

    def counted(a, b):
        calls.append((a, b))
        return a + b

    G = GraphBuilder(persist=False)
    a1 = G.add(counted)(1, 2)
    _a2, a3 = G.add(return2, n_out=2)(a1, 3)
    a4 = G.add(counted, persist=True)(a1, 5)
    a5 = G.add(counted)(a4, a3)
    a5.get()
    runs = len(calls)
    assert a4.get() == 8
    assert len(calls) == runs
