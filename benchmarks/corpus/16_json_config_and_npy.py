# A corpus notebook (cells split by "# %%"), not a module: imports sit in cells like a user writes them.
# ruff: noqa
# %%
import json
import numpy as np
from sklearn.datasets import load_diabetes

# %%
config = {"features": ["age", "bmi", "bp"], "scale": True}
with open("config.json", "w") as fh:
    json.dump(config, fh)

# %%
with open("config.json") as fh:
    loaded = json.load(fh)
data = load_diabetes(as_frame=True).frame[loaded["features"]].to_numpy()
data.shape

# %%
if loaded["scale"]:
    data = (data - data.mean(axis=0)) / data.std(axis=0)
np.save("features.npy", data)

# %%
back = np.load("features.npy")
bool(np.allclose(back, data)), back.dtype.name
