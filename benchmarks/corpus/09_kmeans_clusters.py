# A corpus notebook (cells split by "# %%"), not a module: imports sit in cells like a user writes them.
# ruff: noqa
# %%
import numpy as np
from sklearn.datasets import load_iris
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

# %%
X, y = load_iris(return_X_y=True)
inertias = []
for k in range(2, 7):
    km = KMeans(n_clusters=k, n_init=5, random_state=0)
    km.fit(X)
    inertias.append(round(float(km.inertia_), 1))
inertias

# %%
model = KMeans(n_clusters=3, n_init=10, random_state=0)
labels = model.fit_predict(X)
ari = adjusted_rand_score(y, labels)
print(round(ari, 3))

# %%
centers = model.cluster_centers_.round(2)
sizes = np.bincount(labels)
sorted(sizes.tolist())
