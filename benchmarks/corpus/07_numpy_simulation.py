# A corpus notebook (cells split by "# %%"), not a module: imports sit in cells like a user writes them.
# ruff: noqa
# %%
import numpy as np

# %%
rng = np.random.default_rng(42)
steps = rng.normal(0, 1, size=(200, 500))
walks = steps.cumsum(axis=1)

# %%
final_positions = walks[:, -1]
stats = {"mean": float(final_positions.mean()), "std": float(final_positions.std())}
stats

# %%
crossings = (np.abs(walks) > 30).any(axis=1)
crossing_rate = crossings.mean()
print(f"crossing rate: {crossing_rate:.2%}")

# %%
hist, edges = np.histogram(final_positions, bins=10)
hist.tolist()

# %%
walks[:, 0] = 0.0
walks[0, :5]
