"""Issue 14, class 8: SQL written through sqlite3/`to_sql` and read back later: the writer is in the
reader's slice, unrelated writers (other tables, other databases) are not. Real SQLite files throughout;
each database file is removed before verification, so the slice must rebuild it."""

from __future__ import annotations

import os


def _remove(notebook, *names: str) -> None:
    for name in names:
        os.remove(notebook.folder / name)


def test_to_sql_then_read_sql(notebook):
    notebook.run_cell("import sqlite3\nimport pandas as pd\ncon = sqlite3.connect('data.db')")
    notebook.run_cell("df = pd.DataFrame({'a': [1, 2, 3]})\nother = pd.DataFrame({'b': [9]})")
    notebook.run_cell("df.to_sql('nums', con, index=False)")
    notebook.run_cell("other.to_sql('unrelated', con, index=False)")
    notebook.run_cell("back = pd.read_sql('SELECT a * 2 AS a2 FROM nums', con)")
    notebook.run_cell("con.close()")
    _remove(notebook, "data.db")
    code = notebook.verified_code("back")
    assert "df.to_sql('nums'" in code
    assert "unrelated" not in code


def test_sqlite_execute_insert_then_select(notebook):
    notebook.run_cell("import sqlite3\ncon = sqlite3.connect('app.db')")
    notebook.run_cell("con.execute('CREATE TABLE t (v INTEGER)')\ncon.execute('CREATE TABLE u (v INTEGER)')")
    notebook.run_cell("con.executemany('INSERT INTO t VALUES (?)', [(1,), (2,)])\ncon.commit()")
    notebook.run_cell("con.execute('INSERT INTO u VALUES (5)')\ncon.commit()")
    notebook.run_cell("rows = con.execute('SELECT SUM(v) FROM t').fetchall()\ntotal = rows[0][0]")
    notebook.run_cell("con.close()")
    _remove(notebook, "app.db")
    code = notebook.verified_code("total")
    assert "INSERT INTO t" in code
    assert "INSERT INTO u" not in code


def test_writer_and_reader_on_separate_connections(notebook):
    notebook.run_cell("import sqlite3\nimport pandas as pd\nsales = pd.DataFrame({'q': [1, 4]})")
    notebook.run_cell("w = sqlite3.connect('shop.db')\nsales.to_sql('sales', w, index=False)\nw.close()")
    notebook.run_cell(
        "noise = sqlite3.connect('noise.db')\nsales.to_sql('sales', noise, index=False)\nnoise.close()"
    )
    notebook.run_cell(
        "r = sqlite3.connect('shop.db')\ntotal = pd.read_sql('SELECT SUM(q) AS s FROM sales', r)\nr.close()"
    )
    _remove(notebook, "shop.db", "noise.db")
    code = notebook.verified_code("total")
    assert "shop.db" in code
    assert "noise" not in code


def test_in_memory_database(notebook):
    notebook.run_cell("import sqlite3\nimport pandas as pd\nmem = sqlite3.connect(':memory:')")
    notebook.run_cell("pd.DataFrame({'k': [1, 2]}).to_sql('kv', mem, index=False)")
    notebook.run_cell("kv = pd.read_sql('SELECT * FROM kv', mem)")
    code = notebook.verified_code("kv")
    assert "to_sql('kv'" in code
