# A corpus notebook (cells split by "# %%"), not a module: imports sit in cells like a user writes them.
# ruff: noqa
# %%
import numpy as np
import pandas as pd

# %%
rng = np.random.default_rng(7)
index = pd.date_range("2024-01-01", periods=365, freq="D")
sales = pd.Series(100 + np.sin(np.arange(365) / 20) * 10 + rng.normal(0, 3, 365), index=index)
sales.head(3)

# %%
weekly = sales.resample("W").sum()
rolling = sales.rolling(14).mean()
weekly.describe().round(1)

# %%
frame = pd.DataFrame({"sales": sales, "rolling": rolling})
frame["anomaly"] = (frame["sales"] - frame["rolling"]).abs() > 6
frame["anomaly"].sum()

# %%
frame.loc[frame["anomaly"], "sales"] = frame["rolling"]
monthly = frame["sales"].resample("ME").mean().round(1)
monthly.tail(3)
