"""A slice that loads another artifact verifies: the slice's load and the runner's own load of the saved
value happen on two threads at once, and the serializer registry must be complete for both."""

from __future__ import annotations


def test_a_slice_that_loads_an_artifact_verifies(notebook):
    notebook.run_cell("import lineage_ext\nbase = [1, 2]")
    notebook.save("base")
    notebook.run_cell("loaded = lineage_ext.get('base').get_value()\ngrown = loaded + [3]")
    artifact = notebook.save("grown")
    assert "lineage_ext.get('base').get_value()" in artifact.get_code()
    result = notebook.verify(artifact)
    assert (result.status, result.reason) == ("verified", None)
