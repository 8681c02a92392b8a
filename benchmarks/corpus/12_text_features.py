# A corpus notebook (cells split by "# %%"), not a module: imports sit in cells like a user writes them.
# ruff: noqa
# %%
from collections import Counter
from sklearn.datasets import load_iris

# %%
iris = load_iris()
descr = iris.DESCR.lower()
words = [w.strip(".,:;()") for w in descr.split()]
words = [w for w in words if w.isalpha() and len(w) > 3]
len(words)

# %%
counts = Counter(words)
counts.update(["iris", "iris"])
top = counts.most_common(8)
top

# %%
vocab = sorted(set(words))
index = {w: i for i, w in enumerate(vocab)}
encoded = [index[w] for w in words[:50]]
encoded[:10]

# %%
vocab.append("zzz")
vocab.sort(reverse=True)
vocab[:3]
