"""A statement that raised keeps its exception (type and message) for the panel's tooltip."""

from __future__ import annotations

from lineage_ext.ir.convert import graph_from_json


def test_failed_statement_records_its_exception(notebook):
    notebook.run_cell("d = {'a': 1}\nv = d['missing']", cell_id="c1", expect_error=True)
    statements = [n for n in notebook.graph.nodes if n.kind == "statement"]
    failed = [n for n in statements if n.error]
    assert [n.source for n in failed] == ["v = d['missing']"]
    assert failed[0].exception == "KeyError: 'missing'"
    assert all(n.exception is None for n in statements if not n.error)
    wire = notebook.graph.to_json()
    assert [n.get("exception") for n in wire["nodes"] if n.get("error")] == ["KeyError: 'missing'"]
    assert graph_from_json(wire).node(failed[0].id).exception == "KeyError: 'missing'"
