# A corpus notebook (cells split by "# %%"), not a module: imports sit in cells like a user writes them.
# ruff: noqa
# %%
import numpy as np
import pandas as pd
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Ridge
from sklearn.model_selection import cross_val_score

# %%
data = load_diabetes(as_frame=True)
frame = data.frame
target = frame.pop("target")
frame.shape

# %%
alphas = [0.01, 0.1, 1.0, 10.0]
scores = {}
for alpha in alphas:
    scores[alpha] = cross_val_score(Ridge(alpha=alpha), frame, target, cv=5).mean()
scores

# %%
best_alpha = max(scores, key=scores.get)
model = Ridge(alpha=best_alpha).fit(frame, target)
coefs = pd.Series(model.coef_, index=frame.columns).sort_values()
print(coefs.round(1))

# %%
residuals = target - model.predict(frame)
rmse = float(np.sqrt((residuals**2).mean()))
round(rmse, 2)
