# A corpus notebook (cells split by "# %%"), not a module: imports sit in cells like a user writes them.
# ruff: noqa
# %%
import numpy as np
import pandas as pd
from sklearn.datasets import load_diabetes

# %%
df = load_diabetes(as_frame=True).frame
features = [c for c in df.columns if c != "target"]

# %%
for col in ["bmi", "bp"]:
    df[f"{col}_sq"] = df[col] ** 2
df["bmi_x_bp"] = df["bmi"] * df["bp"]

# %%
corr = df.corr()["target"].drop("target").sort_values(ascending=False)
corr.head(5)


# %%
def zscore(frame, cols):
    out = frame.copy()
    for c in cols:
        out[c] = (out[c] - out[c].mean()) / out[c].std()
    return out


scaled = zscore(df, features)
scaled[features].std().round(2).unique()

# %%
bins = pd.qcut(df["target"], q=4, labels=False)
df["target_bin"] = bins
df.groupby("target_bin")["bmi"].agg(["mean", "count"])
