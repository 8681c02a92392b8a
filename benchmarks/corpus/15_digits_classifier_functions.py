# A corpus notebook (cells split by "# %%"), not a module: imports sit in cells like a user writes them.
# ruff: noqa
# %%
import numpy as np
from sklearn.datasets import load_digits
from sklearn.neighbors import KNeighborsClassifier

# %%
digits = load_digits()
X = digits.data / 16.0
y = digits.target
history = []


# %%
def split(X, y, frac=0.8, seed=0):
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(X))
    cut = int(len(X) * frac)
    return X[order[:cut]], X[order[cut:]], y[order[:cut]], y[order[cut:]]


def evaluate(k):
    clf = KNeighborsClassifier(n_neighbors=k).fit(X_tr, y_tr)
    score = clf.score(X_te, y_te)
    history.append((k, score))
    return score


# %%
X_tr, X_te, y_tr, y_te = split(X, y)
scores = [evaluate(k) for k in (1, 3, 5, 7)]
[round(s, 3) for s in scores]

# %%
best_k = max(history, key=lambda item: item[1])[0]
print("best k", best_k, "tried", len(history))
