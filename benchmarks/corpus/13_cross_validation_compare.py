# A corpus notebook (cells split by "# %%"), not a module: imports sit in cells like a user writes them.
# ruff: noqa
# %%
import pandas as pd
from sklearn.datasets import load_wine
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

# %%
X, y = load_wine(return_X_y=True)
models = {
    "logreg": make_pipeline(StandardScaler(), LogisticRegression(max_iter=500)),
    "knn": make_pipeline(StandardScaler(), KNeighborsClassifier()),
    "forest": RandomForestClassifier(n_estimators=30, random_state=0),
}

# %%
rows = []
for name, model in models.items():
    scores = cross_val_score(model, X, y, cv=4)
    rows.append({"model": name, "mean": scores.mean(), "std": scores.std()})
table = pd.DataFrame(rows).set_index("model").round(3)
table

# %%
winner = table["mean"].idxmax()
print("best:", winner)
