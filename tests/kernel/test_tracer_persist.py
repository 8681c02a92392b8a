"""Graph persistence from a real traced shell: change sets, compaction, healing after a lost write."""

from __future__ import annotations

import pytest

from lineage_ext.kernel import extension, persist
from lineage_ext.store import open_store


@pytest.fixture
def persisted(ipython, tmp_path, monkeypatch):
    store_dir = tmp_path / "store"
    monkeypatch.setenv("LINEAGE_EXT_STORE", str(store_dir))
    monkeypatch.setattr(persist, "COMPACT_EVERY", 4)
    ipython.reset(new_session=False)
    session = extension.load(ipython, persist=True)
    store = open_store(str(store_dir))
    yield session, extension.writer_of(ipython), store
    extension.unload(ipython)
    store.close()


CELLS = [
    "a = [1]",
    "a.append(2)",
    "b = a\nb.append(3)",
    "def f(x):\n    return x + len(a)",
    "c = f(1)",
    "a = [9]",
    "import json\nd = json.dumps(a)",
    "del b",
    "c += 1",
    "e = {k: c for k in range(3)}",
]


def test_stored_graph_equals_the_live_graph_after_every_cell(ipython, persisted) -> None:
    session, writer, store = persisted
    for code in CELLS:
        assert ipython.run_cell(code).error_in_exec is None
        assert writer.flush(10)
        record = store.get_session(session.session_id)
        assert record is not None
        assert record.graph_json == session.graph().to_json()
        assert record.revision == session.graph().revision
        # compaction every 4 writes keeps the change sets on top of the snapshot short
        assert store.pending_session_changes(session.session_id) <= 4


def test_a_lost_write_is_healed_by_the_next_snapshot(ipython, persisted, caplog) -> None:
    session, writer, store = persisted
    ipython.run_cell("a = [1]")
    assert writer.flush(10)
    with store.metadata.write() as tx:  # the snapshot vanishes behind the kernel's back
        tx.execute("DELETE FROM sessions WHERE session_id = ?", (session.session_id,))
    result = ipython.run_cell("a.append(2)")  # this change set has no snapshot to land on
    assert result.error_in_exec is None
    assert ipython.user_ns["a"] == [1, 2]
    assert writer.flush(10)
    assert "could not save the session graph" in caplog.text
    ipython.run_cell("b = len(a)")
    assert writer.flush(10)
    record = store.get_session(session.session_id)
    assert record is not None
    assert record.graph_json == session.graph().to_json()
