"""Run one vendored LineaPy program traced, save its artifacts, and check each slice.

A program passes when, for every artifact version it saved, our slice re-runs in a fresh interpreter to
the saved value (`verify_artifact`), and the latest version's slice has no more statements than the
slice LineaPy's test asserts, where it asserts one (LineaPy-only lines, `import lineapy` and
`lineapy.save(...)`, are not counted on either side). Programs that need a package not installed here,
the network, or LineaPy's own API beyond `save`/`get` are skipped with the reason. `repair=True` also
runs a slice repair on each failed artifact (the benchmark's "after repair" figure).
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lineapy_programs import VENDORED, Program, artifact_name

from lineage_ext.errors import LineageError

KNOWN_FAILURES = Path(__file__).resolve().parent / "known_failures.txt"
LOCAL_PACKAGES = ("import_data", "import_with_name_conflict")
_LINEAPY_API = {"save", "get"}
# our stand-in for the part of LineaPy's API the programs use: save and get, under names our store allows
SHIM = '''"""Stand-in for lineapy.save/get in the conformance harness (not LineaPy)."""
import re as _re

import lineage_ext as _lineage_ext
from lineage_ext.errors import SerializationError as _SerializationError


def _name(name):
    return _re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def save(value, name):
    # LineaPy pickles any value; these programs are trusted test data, so pickle where nothing safer fits
    try:
        return _lineage_ext.save(value, _name(name))
    except _SerializationError:
        pass
    try:
        return _lineage_ext.save(value, _name(name), storage_backend="pickle")
    except _SerializationError as exc:  # LineaPy reports a value it cannot store and goes on
        print(f"not saved: {exc}")
        return None


def get(name, version=None):
    # LineaPy numbers versions from 0, we number them from 1
    return _lineage_ext.get(_name(name), None if version is None else int(version) + 1)
'''


@dataclass(frozen=True)
class Outcome:
    passed: bool
    detail: str
    artifacts: int = 0
    passed_after_repair: bool = False  # every failed artifact was repaired (only with repair=True)


def skip_reason(program: Program) -> str | None:
    if not program.artifacts and not re.search(r"\bsave\(", program.code):
        return "saves no artifact"
    if any(name.startswith("lineapy.") for name in program.artifacts):
        return "saves LineaPy's file-system side-effect artifact, which has no variable to slice"
    if "http://" in program.code or "https://" in program.code:
        return "needs the network"
    used = set(re.findall(r"\blineapy\.(\w+)", program.code))
    used |= {
        n.strip() for m in re.findall(r"from lineapy import ([\w, ]+)", program.code) for n in m.split(",")
    }
    if used - _LINEAPY_API or re.search(r"from lineapy\.", program.code):
        other = sorted(used - _LINEAPY_API) or ["submodules"]
        return f"uses LineaPy's own API ({', '.join(other)}), which has no equivalent here"
    missing = sorted(m for m in _imported_modules(program.code) if importlib.util.find_spec(m) is None)
    if missing:
        return f"needs {', '.join(missing)}, not installed here"
    return None


def _imported_modules(code: str) -> set[str]:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names - {"lineapy", *LOCAL_PACKAGES}


def known_failures() -> dict[str, str]:
    if not KNOWN_FAILURES.exists():
        return {}
    entries = {}
    for line in KNOWN_FAILURES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            program_id, _, reason = line.partition("\t")
            entries[program_id] = reason
    return entries


def statement_count(code: str) -> int:
    """Top-level statements, without LineaPy's or our own save/import lines."""
    body = ast.parse(code).body
    return sum(1 for s in body if not re.search(r"\b(lineapy|lineage_ext)\b", ast.unparse(s)))


@contextmanager
def program_folder(store: Path) -> Iterator[Path]:
    """A working folder with the shim and the programs' local packages, importable, using `store`."""
    folder = Path(tempfile.mkdtemp(prefix="lineapy_e2e_"))
    (folder / "lineapy.py").write_text(SHIM, encoding="utf-8")
    (folder / "tests").mkdir()  # the programs read LineaPy's test data from tests/
    shutil.copy(VENDORED / "simple_data.csv", folder / "tests" / "simple_data.csv")
    for package in LOCAL_PACKAGES:
        for source in (VENDORED / package).rglob("*.py.txt"):
            target = folder / source.relative_to(VENDORED).with_suffix("")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    saved = (os.getcwd(), os.environ.get("LINEAGE_EXT_STORE"), list(sys.path))
    os.chdir(folder)
    os.environ["LINEAGE_EXT_STORE"] = str(store)
    sys.path.insert(0, str(folder))
    try:
        yield folder
    finally:
        os.chdir(saved[0])
        if saved[1] is None:
            os.environ.pop("LINEAGE_EXT_STORE", None)
        else:
            os.environ["LINEAGE_EXT_STORE"] = saved[1]
        sys.path[:] = saved[2]
        for name in list(sys.modules):
            if name.split(".")[0] in ("lineapy", *LOCAL_PACKAGES):
                del sys.modules[name]
        shutil.rmtree(folder, ignore_errors=True)


def run_program(shell: Any, program: Program, store: Path, repair: bool = False) -> Outcome:
    """Trace `program` in `shell` (an IPython shell), save its artifacts, verify every slice."""
    from lineage_ext.kernel import extension

    with program_folder(store) as folder:
        shell.reset(new_session=False)
        extension.load(shell, persist=False)
        try:
            for earlier in program.setup:  # earlier programs of the same test share LineaPy's store
                shell.run_cell(earlier, store_history=True)
            before = _saved_versions(store)
            result = shell.run_cell(program.code, store_history=True)
            if not result.success:
                return Outcome(False, f"the program raised when traced: {result.error_in_exec!r}")
            saves = "".join(f"lineapy.save({a}, {artifact_name(a)!r});\n" for a in program.artifacts)
            if saves:  # as LineaPy's fixture does, through the stand-in (pickle where nothing safer fits)
                result = shell.run_cell("import lineapy\n" + saves, store_history=True)
                if not result.success:
                    return Outcome(False, f"saving the artifacts failed: {result.error_in_exec!r}")
        finally:
            extension.unload(shell)
        return _check(program, store, folder, repair, before)


def _saved_versions(store_path: Path) -> set[tuple[str, int]]:
    from lineage_ext.store import open_store

    if not store_path.exists():
        return set()
    store = open_store(str(store_path))
    try:
        return {(info.name, info.version) for info in store.list_artifacts()}
    finally:
        store.close()


def _check(
    program: Program, store_path: Path, folder: Path, repair: bool, before: set[tuple[str, int]]
) -> Outcome:
    from lineage_ext.slicing.verify import verify_artifact
    from lineage_ext.store import open_store

    store = open_store(str(store_path))
    try:
        infos = [i for i in store.list_artifacts() if (i.name, i.version) not in before]
        problems, unrepaired = [], 0
        for info in sorted(infos, key=lambda i: (i.name, i.version)):
            verification = verify_artifact(store, info.name, info.version, cwd=folder)
            if verification.status == "verified":
                continue
            problems.append(f"{info.name} v{info.version}: {verification.status}: {verification.reason}")
            unrepaired += not (repair and _repaired(store, info, verification, folder))
        size = _size_problems(program, store)
        count = len(infos)
    finally:
        store.close()
    if not count:
        return Outcome(False, "no artifact was saved")
    after = repair and not unrepaired and not size
    return Outcome(not problems and not size, "; ".join(problems + size) or "ok", count, after)


def _repaired(store: Any, info: Any, verification: Any, folder: Path) -> bool:
    from lineage_ext.slicing.repair import repair_artifact, repair_budget

    budget = repair_budget(verification.total_seconds) or 10.0
    record = repair_artifact(store, info.name, info.version, verification, budget, cwd=folder)
    return bool(record.state == "repaired")


def _size_problems(program: Program, store: Any) -> list[str]:
    from lineage_ext.api import get

    problems = []
    for name, expected in program.expected.items():
        try:
            ours = get(artifact_name(name)).get_code()
        except LineageError as exc:
            problems.append(f"{name}: no slice: {exc}")
            continue
        mine, theirs = statement_count(ours), statement_count(expected)
        if mine > theirs:
            problems.append(f"{name}: slice has {mine} statements, LineaPy's has {theirs}")
    del store
    return problems
