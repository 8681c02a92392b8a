"""Task functions for runtime tests; a module of its own so worker processes can import it quickly."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from lineage_ext.runtime import Task


def numbers(n: int) -> list[int]:
    return list(range(n))


def power(numbers: list[int], p: int) -> list[int]:
    return [x**p for x in numbers]


class Total(Task):
    def __init__(self, offset: int = 0) -> None:
        self.offset = offset

    def run(self, power: list[int]) -> int:
        return sum(power) + self.offset


def sleeper(seconds: float, tag: int, task: Task) -> dict[str, Any]:
    started = time.time()
    time.sleep(seconds)
    return {"tag": tag, "pid": os.getpid(), "worker": task.worker_id, "start": started, "end": time.time()}


def whoami(tag: int, task: Task) -> dict[str, Any]:
    return {"tag": tag, "resource": task.resource, "worker": task.worker_id, "pid": os.getpid()}


def boom(x: int) -> int:
    raise ValueError(f"boom {x}")


def after_boom(boom: int) -> int:
    return boom + 1


def independent(y: int) -> int:
    return y * 10


def die_hard() -> None:
    os._exit(7)


def mark_and_sleep(folder: str, tag: int) -> int:
    Path(folder, f"started-{tag}").write_text(str(os.getpid()))
    time.sleep(60)
    return tag


def quick(folder: str, tag: int) -> int:
    Path(folder, f"quick-{tag}").write_text(str(os.getpid()))
    return tag


def nap(folder: str, tag: int, seconds: float) -> int:
    Path(folder, f"began-{tag}").write_text(str(os.getpid()))
    time.sleep(seconds)
    return tag
