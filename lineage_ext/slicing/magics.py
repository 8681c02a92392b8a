"""Plain-Python equivalents of the IPython magics a slice may need (issue 14, class 7).

`%%capture out` becomes `with capture_output() as out:` around its code; `%%writefile [-a] path` writes the
cell text with `open`; `%run [-i] script args` runs the script with `runpy` (or `exec` in the namespace for
`-i`) and keeps its names; `%store x` keeps a pickled copy (what IPython stores) and `%store -r x` restores
it from there; `%store -d x` changes nothing a slice can see. Anything else returns None (the caller raises).
Pure text work: the magic's arguments are read the way the tracer reads them (`kernel.magic_effects` is not
imported here, slicing never imports the kernel).
"""

from __future__ import annotations

import os
import shlex
import textwrap

_STORE_PREFIX = "_lineage_ext_store_"


def _words(line: str) -> list[str] | None:
    try:
        return shlex.split(line)
    except ValueError:
        return None


def python_equivalent(magic: str, line: str, cell: str | None) -> str | None:
    """Python code doing what `%magic line` (or `%%magic line` over `cell`) did, or None."""
    words = _words(line)
    if words is None:
        return None
    if cell is not None:
        if magic == "capture":
            return _capture(words, cell)
        if magic == "writefile":
            return _writefile(words, cell)
        return None
    if magic == "run":
        return _run(words)
    if magic == "store":
        return _store(words)
    return None


def _capture(words: list[str], cell: str) -> str | None:
    names = [w for w in words if not w.startswith("-")]
    if not names:
        return None  # nothing bound: the plain code is the equivalent (the caller's default)
    flags = {
        f"{kind}={'False' if f'--no-{kind}' in words else 'True'}" for kind in ("stdout", "stderr", "display")
    }
    body = textwrap.indent(cell.strip("\n") or "pass", "    ")
    return (
        "from IPython.utils.capture import capture_output\n"
        f"with capture_output({', '.join(sorted(flags))}) as {names[0]}:\n{body}"
    )


def _writefile(words: list[str], cell: str) -> str | None:
    paths = [w for w in words if not w.startswith("-")]
    if len(paths) != 1:
        return None
    mode = "a" if any(w in ("-a", "--append") for w in words) else "w"
    path = os.path.expanduser(paths[0])
    return (
        f"with open({path!r}, {mode!r}, encoding='utf-8') as _lineage_ext_file:\n"
        f"    _lineage_ext_file.write({cell!r})"
    )


def _run(words: list[str]) -> str | None:
    interactive = False
    while words and words[0].startswith("-"):
        if words.pop(0) != "-i":
            return None
        interactive = True
    if not words:
        return None
    script, arguments = words[0], words[1:]
    lines = ["import sys", f"sys.argv = {[script, *arguments]!r}"]
    if interactive:
        lines.append(f"exec(compile(open({script!r}).read(), {script!r}, 'exec'), globals())")
    else:
        lines += [
            "import runpy",
            f"globals().update({{k: v for k, v in runpy.run_path({script!r}, run_name='__main__').items() "
            "if not k.startswith('__')})",
        ]
    return "\n".join(lines)


def _store(words: list[str]) -> str | None:
    if words and words[0] in ("-d", "-z"):
        return "pass  # %store " + " ".join(words)
    restore = bool(words) and words[0] == "-r"
    names = words[1:] if restore else words
    if not names or not all(n.isidentifier() for n in names):
        return None
    if restore:
        return "\n".join(f"{n} = __import__('pickle').loads({_STORE_PREFIX}{n})" for n in names)
    return "\n".join(f"{_STORE_PREFIX}{n} = __import__('pickle').dumps({n})" for n in names)
