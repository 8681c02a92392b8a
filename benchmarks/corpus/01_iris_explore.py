# A corpus notebook (cells split by "# %%"), not a module: imports sit in cells like a user writes them.
# ruff: noqa
# %%
import pandas as pd
from sklearn.datasets import load_iris

# %%
iris = load_iris(as_frame=True)
df = iris.frame.copy()
df.head()

# %%
df.columns = ["sepal_length", "sepal_width", "petal_length", "petal_width", "target"]
df["species"] = df["target"].map(dict(enumerate(iris.target_names)))

# %%
summary = df.groupby("species").mean(numeric_only=True)
summary

# %%
df["petal_ratio"] = df["petal_length"] / df["petal_width"]
ratio_by_species = df.groupby("species")["petal_ratio"].describe()
print(ratio_by_species.round(2))

# %%
wide = df[df["sepal_width"] > df["sepal_width"].median()]
len(wide), wide["species"].value_counts().to_dict()
