# A corpus notebook (cells split by "# %%"), not a module: imports sit in cells like a user writes them.
# ruff: noqa
# %%
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

# %%
X, y = load_breast_cancer(return_X_y=True)
pipe = make_pipeline(StandardScaler(), SVC())
grid = {"svc__C": [0.1, 1.0, 10.0], "svc__gamma": ["scale", 0.01]}

# %%
search = GridSearchCV(pipe, grid, cv=3)
search.fit(X, y)

# %%
best = search.best_params_
print(best, round(search.best_score_, 3))

# %%
results = sorted(zip(search.cv_results_["mean_test_score"].round(3), map(str, search.cv_results_["params"])))
results[-2:]
