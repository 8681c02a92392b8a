# A corpus notebook (cells split by "# %%"), not a module: imports sit in cells like a user writes them.
# ruff: noqa
# %%
from sklearn.datasets import load_breast_cancer
from sklearn.tree import DecisionTreeClassifier, export_text
from sklearn.model_selection import train_test_split

# %%
bc = load_breast_cancer()
X_train, X_test, y_train, y_test = train_test_split(bc.data, bc.target, random_state=1)

# %%
depths = range(1, 8)
results = []
for depth in depths:
    tree = DecisionTreeClassifier(max_depth=depth, random_state=0)
    tree.fit(X_train, y_train)
    results.append((depth, tree.score(X_test, y_test)))
results

# %%
best_depth = max(results, key=lambda r: r[1])[0]
final = DecisionTreeClassifier(max_depth=best_depth, random_state=0)
final.fit(X_train, y_train)
rules = export_text(final, feature_names=list(bc.feature_names))
print(rules[:400])

# %%
importances = sorted(zip(final.feature_importances_, bc.feature_names), reverse=True)[:5]
[(round(float(v), 3), n) for v, n in importances]
