# A corpus notebook (cells split by "# %%"), not a module: imports sit in cells like a user writes them.
# ruff: noqa
# %%
import pandas as pd
from sklearn.datasets import load_wine

# %%
wine = load_wine(as_frame=True).frame
wine.to_csv("wine.csv", index=False)

# %%
raw = pd.read_csv("wine.csv")
raw = raw.rename(columns=lambda c: c.replace("/", "_"))
raw.shape

# %%
raw["alcohol_band"] = pd.cut(raw["alcohol"], bins=3, labels=["low", "mid", "high"])
counts = raw.groupby(["alcohol_band", "target"], observed=True).size().unstack(fill_value=0)
counts

# %%
counts.to_csv("band_counts.csv")
check = pd.read_csv("band_counts.csv", index_col=0)
check.sum().sum() == len(raw)
