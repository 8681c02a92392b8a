"""Sum the results of every test runner into one closing line: ``N passed, N failed``.

Reads pytest's JUnit XML, jest's JSON and Playwright's JSON report from the results folder;
a runner whose report is missing counts as one failure (it crashed before reporting).
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def pytest_counts(path: Path) -> tuple[int, int, int]:
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    total = sum(int(s.get("tests", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    return total - failed - skipped, failed, skipped


def jest_counts(path: Path) -> tuple[int, int, int]:
    data = json.loads(path.read_text())
    failed = data["numFailedTests"] + data.get("numRuntimeErrorTestSuites", 0)
    return data["numPassedTests"], failed, data["numPendingTests"]


def playwright_counts(path: Path) -> tuple[int, int, int]:
    stats = json.loads(path.read_text())["stats"]
    return stats["expected"] + stats.get("flaky", 0), stats["unexpected"], stats["skipped"]


READERS = {
    "pytest": ("pytest.xml", pytest_counts),
    "jest": ("jest.json", jest_counts),
    "ui-tests": ("playwright.json", playwright_counts),
}


def main(results: Path) -> int:
    passed = failed = skipped = 0
    for runner, (name, reader) in READERS.items():
        report = results / name
        if not report.exists():
            print(f"{runner}: no report ({report}): counted as 1 failure")
            failed += 1
            continue
        p, f, s = reader(report)
        print(f"{runner}: {p} passed, {f} failed, {s} skipped")
        passed, failed, skipped = passed + p, failed + f, skipped + s
    if (results / "lint.failed").exists():
        print("lint: failed (see lint.log): counted as 1 failure")
        failed += 1
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
