# A corpus notebook (cells split by "# %%"), not a module: imports sit in cells like a user writes them.
# ruff: noqa
# %%
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from sklearn.datasets import load_wine

# %%
wine = load_wine(as_frame=True).frame
by_class = wine.groupby("target")[["alcohol", "malic_acid", "color_intensity"]].mean()

# %%
fig, axes = plt.subplots(1, 2, figsize=(8, 3))
by_class.plot.bar(ax=axes[0])
wine["alcohol"].hist(ax=axes[1], bins=15)
axes[1].set_xlabel("alcohol")
fig.tight_layout()

# %%
fig.savefig("wine_report.png", dpi=50)
plt.close("all")

# %%
plt.figure()
plt.plot(sorted(wine["proline"]))
plt.title("proline sorted")
plt.savefig("proline.png", dpi=40)
plt.close()
