"""The public surface: ``__all__`` is exactly the lazy map, and every name resolves."""

from __future__ import annotations

import subprocess
import sys

import lineage_ext


def test_all_lists_exactly_the_public_names() -> None:
    assert sorted(lineage_ext.__all__) == sorted([*lineage_ext._PUBLIC, "__version__"])


def test_every_public_name_resolves() -> None:
    for name in lineage_ext.__all__:
        assert getattr(lineage_ext, name) is not None, name


def test_import_is_cheap_and_loads_no_heavy_library() -> None:
    code = (
        "import sys, lineage_ext\n"
        "heavy = {'pandas', 'numpy', 'IPython', 'jupyter_server', 'tornado', 'sklearn', 'pyarrow'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
