# A corpus notebook (cells split by "# %%"), not a module: imports sit in cells like a user writes them.
# Mutation through second routes: setdefault results, loop aliases, a shared random generator, numpy
# out=, and an estimator fitted by the pipeline that holds it.
# ruff: noqa
# %%
import numpy as np
from sklearn.datasets import load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

# %%
wine = load_wine(as_frame=True)
frame = wine.frame.copy()
settings = {}
opts = settings.setdefault("model", {})
opts["C"] = 0.5

# %%
rows = [list(r) for r in frame.iloc[:5, :3].itertuples(index=False)]
for row in rows:
    row.append(round(sum(row), 3))

# %%
rng = np.random.default_rng(7)
frame["noise"] = rng.normal(size=len(frame))
jitter = rng.normal(size=3)

# %%
pipe = make_pipeline(StandardScaler(), LogisticRegression(C=opts["C"], max_iter=500))
scaler = pipe.steps[0][1]
features = frame.drop(columns=["target"])
pipe.fit(features, frame["target"])

# %%
out = np.zeros(4)
np.multiply(scaler.mean_[:4], 2, out=out)
history = []


def log(value):
    history.append(round(float(value), 3))


log(out.sum())
log(pipe.score(features, frame["target"]))
