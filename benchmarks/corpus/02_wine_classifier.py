# A corpus notebook (cells split by "# %%"), not a module: imports sit in cells like a user writes them.
# ruff: noqa
# %%
import numpy as np
from sklearn.datasets import load_wine
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix

# %%
X, y = load_wine(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)

# %%
scaler = StandardScaler()
scaler.fit(X_train)
X_train_s = scaler.transform(X_train)
X_test_s = scaler.transform(X_test)

# %%
model = LogisticRegression(max_iter=500)
model.fit(X_train_s, y_train)

# %%
pred = model.predict(X_test_s)
acc = accuracy_score(y_test, pred)
print(f"accuracy {acc:.3f}")
confusion_matrix(y_test, pred)

# %%
coef_norms = np.linalg.norm(model.coef_, axis=0)
top_features = np.argsort(coef_norms)[::-1][:5]
top_features.tolist()
