# A corpus notebook (cells split by "# %%"), not a module: imports sit in cells like a user writes them.
# ruff: noqa
# %%
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA

# %%
digits = load_digits()
pca = PCA(n_components=2, random_state=0)
embedded = pca.fit_transform(digits.data)
pca.explained_variance_ratio_.round(3)

# %%
fig, ax = plt.subplots(figsize=(5, 4))
scatter = ax.scatter(embedded[:, 0], embedded[:, 1], c=digits.target, s=4, cmap="tab10")
ax.set_title("digits PCA")
fig.colorbar(scatter, ax=ax)

# %%
fig.savefig("digits_pca.png", dpi=60)
plt.close(fig)

# %%
import os

os.path.getsize("digits_pca.png") > 1000
