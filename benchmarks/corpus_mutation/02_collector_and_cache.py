# A corpus notebook (cells split by "# %%"), not a module: imports sit in cells like a user writes them.
# A collector object that stores into a list it holds, seeded global random state, a cached function,
# and in-place sorting after a summary was taken.
# ruff: noqa
# %%
import functools
import random
import statistics


class Collector:
    def __init__(self, sink):
        self.sink = sink

    def add(self, value):
        self.sink.append(value)


# %%
draws = []
collector = Collector(draws)
random.seed(3)

# %%
for _ in range(6):
    collector.add(random.randint(0, 100))
extra = [random.random() for _ in range(2)]

# %%
summary = {"mean": statistics.mean(draws)}
draws.sort()
summary["max"] = draws[-1]


@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


fibs = [fib(i) for i in range(12)]
