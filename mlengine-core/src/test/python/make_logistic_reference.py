#!/usr/bin/python3
"""Reference coefficients and probabilities of scikit-learn's LogisticRegression (lbfgs, L2)
for LogisticEngineProperties (mlengine-core): two small fixed data sets, one binary with sample
weights and one with three classes, fitted with C = 0.5 to tight tolerance.

Run with Debian's interpreter (python3-sklearn 1.2.1, python3-scipy 1.10.1, numpy 1.24.2):

    /usr/bin/python3 mlengine-core/src/test/python/make_logistic_reference.py

and paste the printed Java arrays into LogisticEngineProperties. The data are generated here
from a fixed seed and printed too, rounded to 4 decimals (the fit uses the rounded values), so
the test holds the very inputs. The script also prints the largest entry of the objective's
gradient at the reference solution, to show it is at the optimum: the reference is newton-cg's
fit of the same objective, since lbfgs stops on scipy's relative-reduction test (about 2.2e-9)
well before tol = 1e-10.
"""
import warnings

import numpy as np
from sklearn.linear_model import LogisticRegression

warnings.filterwarnings("ignore")
C = 0.5


def arr(a):
    if np.ndim(a) == 1:
        return "{" + ", ".join(repr(float(v)) for v in a) + "}"
    return "{\n      " + ",\n      ".join(arr(r) for r in a) + "}"


def data(seed, n, f, classes):
    rng = np.random.default_rng(seed)
    x = np.round(rng.normal(size=(n, f)) * [1.0, 2.0, 0.5, 3.0][:f] + [0.0, 1.0, -1.0, 2.0][:f], 4)
    beta = rng.normal(size=(classes, f))
    z = x @ beta.T + rng.normal(scale=1.5, size=(n, classes))
    y = np.argmax(z, axis=1)
    return x, y


def gradient(model, x, y, w):
    """The gradient of sum w * logloss + ||coef||^2 / 2C, intercepts unpenalised."""
    p = model.predict_proba(x)
    if p.shape[1] == 2:
        r = w * (p[:, 1] - (y == 1))
        g = np.concatenate([x.T @ r + model.coef_[0] / C, [r.sum()]])
    else:
        onehot = np.eye(p.shape[1])[y]
        r = (p - onehot) * w[:, None]
        g = np.concatenate([(x.T @ r).T + model.coef_ / C, r.sum(0)[:, None]], axis=1)
    return np.abs(g).max()


def case(name, seed, n, f, classes, weighted):
    x, y = data(seed, n, f, classes)
    w = np.round(np.random.default_rng(seed + 1).uniform(0.2, 3.0, size=n), 2) if weighted else np.ones(n)
    # scipy's L-BFGS-B also stops once an iteration lowers the objective by a relative 2.2e-9,
    # well before tol = 1e-10 (and warm restarts stall there), so the reference is newton-cg's
    # fit of the same objective at tol = 1e-10; the lbfgs fit is printed beside it for comparison.
    lbfgs = LogisticRegression(C=C, tol=1e-10, max_iter=10000).fit(x, y, sample_weight=w)
    model = LogisticRegression(C=C, tol=1e-10, max_iter=10000, solver="newton-cg").fit(x, y, sample_weight=w)
    print(f"  // {name}: lbfgs gradient {gradient(lbfgs, x, y, w):.3g}, largest |coef| difference to newton-cg"
          f" {np.abs(lbfgs.coef_ - model.coef_).max():.3g}")
    print(f"  // {name}: largest gradient entry at the reference (newton-cg) solution {gradient(model, x, y, w):.3g}, n_iter {model.n_iter_}")
    print(f"  static final double[][] {name}_X = {arr(x)};")
    print(f"  static final int[] {name}_Y = {{{', '.join(str(int(v)) for v in y)}}};")
    if weighted:
        print(f"  static final double[] {name}_W = {arr(w)};")
    print(f"  static final double[][] {name}_COEF = {arr(model.coef_)};")
    print(f"  static final double[] {name}_INTERCEPT = {arr(model.intercept_)};")
    print(f"  static final double[][] {name}_PROBA = {arr(model.predict_proba(x))};")
    default = LogisticRegression(C=C).fit(x, y, sample_weight=w)
    print(f"  // {name}: scikit-learn's default fit (tol 1e-4, lbfgs's own stops), n_iter {default.n_iter_}")
    print(f"  static final double[][] {name}_DEFAULT_PROBA = {arr(default.predict_proba(x))};")


case("BINARY", 11, 30, 3, 2, True)
case("THREE", 12, 36, 4, 3, False)
