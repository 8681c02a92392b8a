"""LineaPy's end-to-end programs as a conformance suite: prints passed/total, before and after repair.

Run: ``PYTHONPATH=. .venv/bin/python benchmarks/conformance.py [--repair] [--update-known-failures] [-k TEXT]``.
Each usable program (see ``tests/conformance/README.md``) runs traced in a real IPython shell; a program
passes when every saved artifact's slice reproduces its value in a fresh interpreter and is no larger than
the slice LineaPy's test asserts. ``--repair`` runs a slice repair on each failing artifact and reports how
many programs pass after it. ``--update-known-failures`` rewrites ``tests/conformance/known_failures.txt``
(the xfail list of the pytest suite) from this run, without repair.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "conformance"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repair", action="store_true", help="repair failing slices and count again")
    parser.add_argument("--update-known-failures", action="store_true", help="rewrite the xfail list")
    parser.add_argument("-k", default="", help="only programs whose id contains this text")
    args = parser.parse_args()
    os.environ.setdefault("LINEAGE_EXT_VERIFY", "0")
    os.environ.setdefault("MPLBACKEND", "Agg")
    import warnings

    warnings.simplefilter("ignore")
    from conformance_harness import KNOWN_FAILURES, run_program, skip_reason
    from IPython.core.interactiveshell import InteractiveShell
    from lineapy_programs import load_programs
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    programs = [p for p in load_programs() if args.k in p.id]
    skipped = {p.id: r for p in programs if (r := skip_reason(p)) is not None}
    usable = [p for p in programs if p.id not in skipped]
    failures: dict[str, str] = {}
    after_repair = 0
    started = time.perf_counter()
    for program in usable:
        with tempfile.TemporaryDirectory() as folder:
            outcome = run_program(shell, program, Path(folder) / "store", repair=args.repair)
        fixed = not outcome.passed and outcome.passed_after_repair
        after_repair += outcome.passed or fixed
        if not outcome.passed:
            failures[program.id] = outcome.detail.replace("\t", " ").replace("\n", " ")[:300]
        mark = "pass" if outcome.passed else "REPAIRED" if fixed else "FAIL"
        print(f"{mark:8} {program.id}  {'' if outcome.passed else failures[program.id]}", flush=True)
    passed = len(usable) - len(failures)
    print(
        f"\nskipped {len([s for s in skipped.values() if s != 'saves no artifact'])} programs "
        f"(and {sum(1 for s in skipped.values() if s == 'saves no artifact')} that save no artifact):"
    )
    for reason in sorted(set(skipped.values()) - {"saves no artifact"}):
        print(f"  {sum(1 for s in skipped.values() if s == reason)} x {reason}")
    print(f"conformance: {passed}/{len(usable)} passed")
    lineapy_passes = [p for p in usable if p.lineapy_mark is None]
    ours = sum(1 for p in lineapy_passes if p.id not in failures)
    print(
        f"  of the programs LineaPy's own suite passes (not marked skip/xfail there): {ours}/{len(lineapy_passes)}"
    )
    if args.repair:
        print(f"conformance after repair: {after_repair}/{len(usable)} pass")
    print(f"({time.perf_counter() - started:.0f} s)")
    if args.update_known_failures and not args.k:
        lines = [
            "# program id<TAB>why it fails today (written by benchmarks/conformance.py --update-known-failures)"
        ]
        lines += [f"{pid}\t{reason}" for pid, reason in sorted(failures.items())]
        KNOWN_FAILURES.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
