#!/usr/bin/python3
"""Reference values for the metrics and tests added for issue #14 (items 8 and 11) and the
analytic intervals and paired tests of issue #15 (DeLong, Wilson, Student t): sample
weights, explained variance, max error, MSLE, Jaccard, Hamming, top-k accuracy, multi-class
average precision, one-sided two-sample KS, Mann-Whitney without continuity correction,
Fisher's exact test, and -0.0 treated as 0.0 in ranks, ties and bins.

Run with Debian's interpreter (python3-sklearn 1.2.1, python3-scipy 1.10.1, numpy 1.24.2):

    /usr/bin/python3 mlengine-eval/src/test/python/make_reference.py \
        > mlengine-eval/src/test/resources/org/mlengine/eval/metrics_reference.txt

Every line is `name = value`: the inputs (prefixed `in.`) and the expected values. Floats are
Python repr (they parse back to the same double); arrays are [..] and [[..], ..]. The JUnit test
MetricsGapsReferenceTest reads the inputs and the values from that file, so the build never
needs Python.
"""
import sys
import warnings

import numpy as np
import scipy
import scipy.stats as st
import sklearn
from sklearn import metrics as M
from sklearn.preprocessing import label_binarize

warnings.filterwarnings("ignore")


def f(x):
    if isinstance(x, (list, tuple)):
        return "[" + ", ".join(f(v) for v in x) + "]"
    if isinstance(x, np.ndarray):
        return f(x.tolist())
    if isinstance(x, (int, np.integer)) and not isinstance(x, bool):
        return repr(int(x))
    return repr(float(x))


def out(name, value):
    print(f"{name} = {f(value)}")


print(f"# numpy {np.__version__} scipy {scipy.__version__} sklearn {sklearn.__version__}")

# ---------------------------------------------------------------- regression
y = np.array([3.0, -0.5, 2.0, 7.0, 4.2, 10.0, 0.0, 5.5, 1.25, 8.0])
yhat = np.array([2.5, 0.0, 2.0, 8.0, 4.0, 12.0, 0.3, 5.0, 1.0, 9.5])
w = np.array([1.0, 2.0, 0.5, 0.0, 1.5, 3.0, 1.0, 0.25, 2.0, 1.0])
out("in.reg.y", y); out("in.reg.yhat", yhat); out("in.reg.w", w)
for tag, sw in (("", None), ("w.", w)):
    out(f"reg.{tag}mse", M.mean_squared_error(y, yhat, sample_weight=sw))
    out(f"reg.{tag}rmse", M.mean_squared_error(y, yhat, sample_weight=sw, squared=False))
    out(f"reg.{tag}mae", M.mean_absolute_error(y, yhat, sample_weight=sw))
    out(f"reg.{tag}median_absolute_error", M.median_absolute_error(y, yhat, sample_weight=sw))
    out(f"reg.{tag}r2", M.r2_score(y, yhat, sample_weight=sw))
    out(f"reg.{tag}mape", M.mean_absolute_percentage_error(y, yhat, sample_weight=sw))
    out(f"reg.{tag}explained_variance", M.explained_variance_score(y, yhat, sample_weight=sw))
out("reg.max_error", M.max_error(y, yhat))
# MSLE needs values >= 0
ys = np.abs(y); yhats = np.abs(yhat)
out("in.msle.y", ys); out("in.msle.yhat", yhats)
out("msle", M.mean_squared_log_error(ys, yhats))
out("w.msle", M.mean_squared_log_error(ys, yhats, sample_weight=w))
# weighted median with ties at the half-weight point
ym = np.array([1.0, 2.0, 3.0, 4.0]); yhm = np.array([0.0, 0.0, 0.0, 0.0]); wm = np.array([1.0, 1.0, 1.0, 1.0])
out("in.wmedian.y", ym); out("in.wmedian.yhat", yhm); out("in.wmedian.w", wm)
out("wmedian.median_absolute_error", M.median_absolute_error(ym, yhm, sample_weight=wm))
# explained variance: constant bias costs nothing, constant y forces 1.0 / 0.0
out("ev.bias", M.explained_variance_score([1.0, 2.0, 3.0], [2.0, 3.0, 4.0]))
out("ev.constant_perfect", M.explained_variance_score([2.0, 2.0, 2.0], [2.0, 2.0, 2.0]))
out("ev.constant_wrong", M.explained_variance_score([2.0, 2.0, 2.0], [2.0, 2.0, 2.5]))

# ---------------------------------------------------------------- labels
yt = np.array([0, 1, 2, 2, 1, 0, 3, 2, 1, 0, 3, 3])
yp = np.array([0, 2, 2, 1, 1, 0, 3, 2, 0, 0, 1, 3])
wl = np.array([1.0, 0.5, 2.0, 1.0, 3.0, 0.0, 1.0, 1.5, 2.0, 1.0, 0.25, 1.0])
out("in.lab.y", yt); out("in.lab.yhat", yp); out("in.lab.w", wl)
for tag, sw in (("", None), ("w.", wl)):
    out(f"lab.{tag}accuracy", M.accuracy_score(yt, yp, sample_weight=sw))
    out(f"lab.{tag}hamming_loss", M.hamming_loss(yt, yp, sample_weight=sw))
    out(f"lab.{tag}balanced_accuracy", M.balanced_accuracy_score(yt, yp, sample_weight=sw))
    out(f"lab.{tag}matthews_corrcoef", M.matthews_corrcoef(yt, yp, sample_weight=sw))
    for kw in (None, "linear", "quadratic"):
        out(f"lab.{tag}cohen_kappa.{kw}", M.cohen_kappa_score(yt, yp, weights=kw, sample_weight=sw))
    for avg in ("micro", "macro", "weighted"):
        out(f"lab.{tag}precision.{avg}", M.precision_score(yt, yp, average=avg, sample_weight=sw))
        out(f"lab.{tag}recall.{avg}", M.recall_score(yt, yp, average=avg, sample_weight=sw))
        out(f"lab.{tag}f1.{avg}", M.f1_score(yt, yp, average=avg, sample_weight=sw))
        out(f"lab.{tag}fbeta2.{avg}", M.fbeta_score(yt, yp, beta=2.0, average=avg, sample_weight=sw))
        out(f"lab.{tag}jaccard.{avg}", M.jaccard_score(yt, yp, average=avg, sample_weight=sw))
    out(f"lab.{tag}jaccard.macro_labels_0_4_zd1",
        M.jaccard_score(yt, yp, average="macro", labels=[0, 4], zero_division=1, sample_weight=sw))
    out(f"lab.{tag}jaccard.weighted_labels_4", 
        M.jaccard_score(yt, yp, average="weighted", labels=[4], sample_weight=sw))
yb = np.array([1, 0, 1, 1, 0, 0, 1, 0, 1, 1])
ybp = np.array([1, 1, 1, 0, 0, 0, 1, 1, 0, 1])
wb = np.array([1.0, 2.0, 0.5, 1.0, 1.0, 3.0, 0.0, 1.0, 2.0, 0.5])
out("in.bin.y", yb); out("in.bin.yhat", ybp); out("in.bin.w", wb)
for tag, sw in (("", None), ("w.", wb)):
    out(f"bin.{tag}jaccard", M.jaccard_score(yb, ybp, sample_weight=sw))
    out(f"bin.{tag}jaccard.pos0", M.jaccard_score(yb, ybp, pos_label=0, sample_weight=sw))
    out(f"bin.{tag}precision", M.precision_score(yb, ybp, sample_weight=sw))
    out(f"bin.{tag}recall", M.recall_score(yb, ybp, sample_weight=sw))
    out(f"bin.{tag}f1", M.f1_score(yb, ybp, sample_weight=sw))

# ---------------------------------------------------------------- binary scores
ys2 = np.array([0, 0, 1, 1, 0, 1, 0, 1, 1, 0])
ps = np.array([0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.2, 0.9, 0.65, 0.0])
wp = np.array([1.0, 2.0, 1.0, 1.0, 0.5, 1.0, 1.0, 3.0, 0.0, 2.0])
out("in.score.y", ys2); out("in.score.p", ps); out("in.score.w", wp)
out("score.w.average_precision", M.average_precision_score(ys2, ps, sample_weight=wp))
out("score.w.log_loss", M.log_loss(ys2, ps, sample_weight=wp))
out("score.w.brier", M.brier_score_loss(ys2, ps, sample_weight=wp))
out("score.w.roc_auc", M.roc_auc_score(ys2, ps, sample_weight=wp))
precision, recall, thresholds = M.precision_recall_curve(ys2, ps, sample_weight=wp)
out("curve.score.w.precision", precision)
out("curve.score.w.recall", recall)
out("curve.score.w.thresholds", thresholds)

# ---------------------------------------------------------------- multi-class probabilities
ym4 = np.array([0, 1, 2, 3, 2, 1, 0, 3, 2, 1, 3, 0])
proba = np.array([
    [0.5, 0.2, 0.2, 0.1],
    [0.1, 0.4, 0.4, 0.1],
    [0.25, 0.25, 0.25, 0.25],
    [0.1, 0.2, 0.3, 0.4],
    [0.3, 0.3, 0.2, 0.2],
    [0.2, 0.5, 0.2, 0.1],
    [0.1, 0.3, 0.3, 0.3],
    [0.4, 0.1, 0.1, 0.4],
    [0.0, 0.2, 0.7, 0.1],
    [0.3, 0.3, 0.3, 0.1],
    [0.2, 0.2, 0.2, 0.4],
    [0.6, 0.1, 0.2, 0.1],
])
wm4 = np.array([1.0, 2.0, 0.5, 1.0, 0.0, 1.5, 1.0, 2.0, 1.0, 0.25, 3.0, 1.0])
out("in.multi.y", ym4); out("in.multi.proba", proba); out("in.multi.w", wm4)
for tag, sw in (("", None), ("w.", wm4)):
    for k in (1, 2, 3):
        out(f"multi.{tag}top_k.{k}", M.top_k_accuracy_score(ym4, proba, k=k, labels=[0, 1, 2, 3], sample_weight=sw))
    yind = label_binarize(ym4, classes=[0, 1, 2, 3])
    for avg in ("macro", "weighted", "micro"):
        out(f"multi.{tag}average_precision.{avg}", M.average_precision_score(yind, proba, average=avg, sample_weight=sw))
    out(f"multi.{tag}log_loss", M.log_loss(ym4, proba, sample_weight=sw, labels=[0, 1, 2, 3]))

# ---------------------------------------------------------------- ranking with query weights
rel = np.array([[3.0, 2.0, 3.0, 0.0, 1.0, 2.0], [0.0, 1.0, 0.0, 2.0, 0.0, 1.0], [1.0, 0.0, 2.0, 0.0, 0.0, 3.0]])
sco = np.array([[0.9, 0.8, 0.8, 0.1, 0.5, 0.5], [0.3, 0.2, 0.1, 0.0, 0.5, 0.4], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]])
wq = np.array([1.0, 3.0, 0.5])
out("in.rank.relevance", rel); out("in.rank.scores", sco); out("in.rank.w", wq)
out("rank.w.dcg", M.dcg_score(rel, sco, sample_weight=wq))
out("rank.w.dcg.k3", M.dcg_score(rel, sco, k=3, sample_weight=wq))
out("rank.w.ndcg", M.ndcg_score(rel, sco, sample_weight=wq))
out("rank.w.ndcg.k3", M.ndcg_score(rel, sco, k=3, sample_weight=wq))

# ---------------------------------------------------------------- statistical tests
a = np.array([1.1, 2.3, 2.3, 3.5, 4.0, 4.0, 5.2, 6.1, 7.7, 8.0, 9.4])
b = np.array([0.5, 1.1, 2.0, 2.3, 2.9, 3.3, 3.5, 4.1, 4.4, 5.0, 5.5, 6.0, 6.3, 7.0])
out("in.mw.a", a); out("in.mw.b", b)
for alt in ("two-sided", "less", "greater"):
    for cont in (True, False):
        r = st.mannwhitneyu(a, b, alternative=alt, use_continuity=cont, method="asymptotic")
        out(f"mw.{alt}.{cont}.statistic", r.statistic); out(f"mw.{alt}.{cont}.pvalue", r.pvalue)
tables = {"t1": [[8, 2], [1, 5]], "t2": [[3, 1], [1, 3]], "t3": [[0, 5], [4, 2]],
          "t4": [[12, 5], [7, 9]], "t5": [[20, 30], [25, 10]], "t6": [[5, 0], [0, 5]],
          "t7": [[520, 300], [430, 610]]}
for name, t in tables.items():
    out(f"in.fisher.{name}", t)
    for alt in ("two-sided", "less", "greater"):
        r = st.fisher_exact(t, alternative=alt)
        out(f"fisher.{name}.{alt}.statistic", r[0]); out(f"fisher.{name}.{alt}.pvalue", r[1])


def fisher_exact_mp(t, alt):
    """fisher_exact's definitions (SciPy 1.10) in 40-digit arithmetic (mpmath). For large counts
    SciPy's p-values come from Boost's Lanczos form of the hypergeometric law, which is off by
    2e-10 (support 2e6) to 3e-8 (support 2e8) relative; these are exact to the digits printed."""
    import mpmath as mp
    mp.mp.dps = 40
    (a, b), (c, d) = t
    n1, n2, n = a + b, c + d, a + c
    total = n1 + n2
    lo, hi = max(0, n - n2), min(n, n1)
    lg = mp.loggamma

    def pmf(k, good, draws):
        if k < max(0, draws - (total - good)) or k > min(draws, good):
            return mp.mpf(0)
        return mp.exp(lg(good + 1) - lg(k + 1) - lg(good - k + 1) + lg(total - good + 1)
                      - lg(draws - k + 1) - lg(total - good - draws + k + 1)
                      - lg(total + 1) + lg(draws + 1) + lg(total - draws + 1))

    def tail(k, step, good, draws):  # sum of pmf from k in direction step until negligible
        bad = total - good
        lo_, hi_ = max(0, draws - bad), min(draws, good)
        term = pmf(k, good, draws); s = term
        while lo_ < k + step < hi_ + 1 and term > s * mp.mpf(10) ** -30:
            if step < 0:
                term *= mp.mpf(k) * (bad - draws + k) / ((good - k + 1) * (draws - k + 1))
            else:
                term *= mp.mpf(good - k) * (draws - k) / ((k + 1) * (bad - draws + k + 1))
            s += term; k += step
        return s

    if alt == "less":
        return tail(a, -1, n1, n)
    if alt == "greater":
        return tail(b, -1, n1, b + d)
    mode = (n + 1) * (n1 + 1) // (total + 2)
    pexact, gamma = pmf(a, n1, n), 1 + mp.mpf("1e-14")
    if abs(pexact - pmf(mode, n1, n)) / max(pexact, pmf(mode, n1, n)) <= mp.mpf("1e-14"):
        return mp.mpf(1)
    near = tail(a, -1 if a < mode else 1, n1, n)
    k_lo, k_hi = (mode, n) if a < mode else (0, mode)  # the far side: where pmf <= pexact*gamma
    while k_lo < k_hi:  # first (a < mode) or last (a > mode) k there with pmf <= pexact*gamma
        mid = (k_lo + k_hi + (0 if a < mode else 1)) // 2
        small = pmf(mid, n1, n) <= pexact * gamma
        if a < mode:
            k_lo, k_hi = (k_lo, mid) if small else (mid + 1, k_hi)
        else:
            k_lo, k_hi = (mid, k_hi) if small else (k_lo, mid - 1)
    far = tail(k_lo, 1 if a < mode else -1, n1, n) if pmf(k_lo, n1, n) <= pexact * gamma else 0
    return min(near + far, 1)


# Large counts (issue #14 review): supports of 2e6, 2e8 and 3e8 values, which an array over the
# support could not hold. The statistic is SciPy's; the p-values are fisher_exact_mp's.
big = {"t8": [[1000000, 1002000], [1001000, 999000]],
       "t9": [[100000000, 100070000], [100070000, 100000000]],
       "t10": [[150000000, 149980000], [150020000, 150000000]]}
for name, t in big.items():
    out(f"in.fisher.{name}", t)
    for alt in ("two-sided", "less", "greater"):
        out(f"fisher.{name}.{alt}.statistic", st.fisher_exact(t, alternative=alt)[0])
        out(f"fisher.{name}.{alt}.pvalue", float(fisher_exact_mp(t, alt)))
ks_cases = {
    "equal": (np.array([0.1, 0.5, 0.9, 1.3, 2.0, 2.2, 3.1, 3.3]), np.array([0.7, 1.0, 1.8, 2.5, 2.9, 3.6, 4.0, 4.2])),
    "unequal": (np.array([0.1, 0.5, 0.9, 1.3, 2.0, 2.2, 3.1]), np.array([0.7, 1.0, 1.8, 2.5, 2.9, 3.6, 4.0, 4.2, 5.0, 0.3, 2.4])),
    "ties": (np.array([1.0, 2.0, 2.0, 3.0, 4.0, 4.0, 5.0]), np.array([2.0, 3.0, 3.0, 4.0, 6.0, 6.0, 7.0, 8.0, 1.0])),
    # sizes past 20 reach scipy.special.binom's beta-function branch in the path count
    "large": (np.round(np.sin(np.arange(40) * 1.7) * 3 + 0.4, 2), np.round(np.cos(np.arange(55) * 0.9) * 3, 2)),
}
for name, (r0, c0) in ks_cases.items():
    out(f"in.ks.{name}.reference", r0); out(f"in.ks.{name}.current", c0)
    for alt in ("two-sided", "less", "greater"):
        for method in ("exact", "asymp"):
            r = st.ks_2samp(r0, c0, alternative=alt, method=method)
            out(f"ks.{name}.{alt}.{method}.statistic", r.statistic)
            out(f"ks.{name}.{alt}.{method}.pvalue", r.pvalue)

# ---------------------------------------------------------------- item 8: -0.0 equals 0.0
# NumPy, pandas and scikit-learn group -0.0 with 0.0. The inputs are written with their sign.
zr = np.array([[3.0, 0.0, 1.0, 2.0]])
zs = np.array([[0.0, -0.0, 0.5, -0.0]])
print("in.zero.relevance = [[3.0, 0.0, 1.0, 2.0]]")
print("in.zero.scores = [[0.0, -0.0, 0.5, -0.0]]")
out("zero.dcg", M.dcg_score(zr, zs))
out("zero.ndcg", M.ndcg_score(zr, zs))
out("zero.ndcg.ignore_ties", M.ndcg_score(zr, zs, ignore_ties=True))
out("zero.dcg.k2", M.dcg_score(zr, zs, k=2))
# PSI on discrete values: one bin per distinct value (np.unique: -0.0 and 0.0 are one)
zref = np.array([0.0, -0.0, 1.0, 2.0, 0.0, 1.0, -0.0, 2.0, 2.0, 0.0])
zcur = np.array([-0.0, -0.0, 1.0, 1.0, 2.0, 0.0, 1.0, 1.0])
print("in.zero.reference = [0.0, -0.0, 1.0, 2.0, 0.0, 1.0, -0.0, 2.0, 2.0, 0.0]")
print("in.zero.current = [-0.0, -0.0, 1.0, 1.0, 2.0, 0.0, 1.0, 1.0]")
bins = np.unique(np.concatenate([zref, zcur]))
assert len(bins) == 3, bins
r_sh = np.array([np.sum(zref == v) for v in bins]) / len(zref)
c_sh = np.array([np.sum(zcur == v) for v in bins]) / len(zcur)
def fill(s):
    m = np.min(s[s != 0]) if np.any(s != 0) else 0
    s = s.copy(); s[s == 0] = m / 1e6 if m <= 0.0001 else 0.0001
    return s
r_sh, c_sh = fill(r_sh), fill(c_sh)
out("zero.psi", np.sum((r_sh - c_sh) * np.log(r_sh / c_sh)))
# Mann-Whitney ranks and ROC AUC with -0.0 tied to 0.0
za = np.array([-0.0, 1.0, 2.0, 0.0, 3.0])
zb = np.array([0.0, 0.0, -1.0, 0.5])
print("in.zero.a = [-0.0, 1.0, 2.0, 0.0, 3.0]")
print("in.zero.b = [0.0, 0.0, -1.0, 0.5]")
r = st.mannwhitneyu(za, zb, method="asymptotic")
out("zero.mw.statistic", r.statistic); out("zero.mw.pvalue", r.pvalue)
zy = np.array([1, 0, 1, 0, 1, 0])
zp = np.array([0.0, -0.0, 0.5, 0.0, -0.0, 0.25])
print("in.zero.y = [1, 0, 1, 0, 1, 0]")
print("in.zero.p = [0.0, -0.0, 0.5, 0.0, -0.0, 0.25]")
out("zero.roc_auc", M.roc_auc_score(zy, zp))
out("zero.average_precision", M.average_precision_score(zy, zp))

# ---------------------------------------------------------------- analytic intervals (issue #15)
# DeLong's AUC variance and paired test (no DeLong in SciPy 1.10): the fast midrank form of
# Sun & Xu (2014), checked here against the O(n^2) definition of the structural components.
LEVEL = 0.95
rng = np.random.default_rng(15)
ay = rng.integers(0, 2, 40)
ay[:2] = [0, 1]
as1 = np.round(np.clip(0.3 + 0.35 * ay + rng.normal(0, 0.2, 40), 0, 1), 1)  # ties within and across classes
as2 = np.round(np.clip(0.4 + 0.15 * ay + rng.normal(0, 0.25, 40), 0, 1), 2)
as3 = (rng.random(40) < 0.45).astype(float)  # a stratified-random baseline: 0/1 scores
out("in.an.y", ay); out("in.an.s1", as1); out("in.an.s2", as2); out("in.an.s3", as3)


def delong_fast(y, s):
    x, yy = s[y == 1], s[y == 0]
    m, n = len(x), len(yy)
    tx, ty, tz = st.rankdata(x), st.rankdata(yy), st.rankdata(np.concatenate([x, yy]))
    v10 = (tz[:m] - tx) / n
    v01 = 1.0 - (tz[m:] - ty) / m
    return v10.mean(), v10, v01


def delong_slow(y, s):
    x, yy = s[y == 1], s[y == 0]
    psi = lambda a, b: 1.0 if a > b else (0.5 if a == b else 0.0)
    v10 = np.array([np.mean([psi(a, b) for b in yy]) for a in x])
    v01 = np.array([np.mean([psi(a, b) for a in x]) for b in yy])
    return v10.mean(), v10, v01


for s in (as1, as2, as3):
    fast, slow = delong_fast(ay, s), delong_slow(ay, s)
    assert abs(fast[0] - slow[0]) < 1e-15 and abs(fast[0] - M.roc_auc_score(ay, s)) < 1e-15
    assert np.allclose(fast[1], slow[1], rtol=0, atol=1e-15) and np.allclose(fast[2], slow[2], rtol=0, atol=1e-15)


def delong_var(c):
    return np.var(c[1], ddof=1) / len(c[1]) + np.var(c[2], ddof=1) / len(c[2])


z = st.norm.isf((1 - LEVEL) / 2)
c1 = delong_fast(ay, as1)
out("analytic.delong.s1.auc", c1[0]); out("analytic.delong.s1.variance", delong_var(c1))
out("analytic.delong.s1.lower", max(0.0, c1[0] - z * np.sqrt(delong_var(c1))))
out("analytic.delong.s1.upper", min(1.0, c1[0] + z * np.sqrt(delong_var(c1))))
for tag, s in (("s2", as2), ("s3", as3), ("const", np.full(40, 0.5))):
    c2 = delong_fast(ay, s)
    cov = np.cov(c1[1], c2[1])[0, 1] / len(c1[1]) + np.cov(c1[2], c2[2])[0, 1] / len(c1[2])
    var = delong_var(c1) + delong_var(c2) - 2 * cov
    diff = c1[0] - c2[0]
    out(f"analytic.delong.paired.{tag}.variance", var)
    out(f"analytic.delong.paired.{tag}.lower", diff - z * np.sqrt(var))
    out(f"analytic.delong.paired.{tag}.upper", diff + z * np.sqrt(var))
    out(f"analytic.delong.paired.{tag}.pvalue", 2 * st.norm.sf(abs(diff) / np.sqrt(var)))

# Wilson for accuracy, as statsmodels proportion_confint(method="wilson") computes it
correct = ((as1 > 0.5).astype(int) == ay).astype(float)
k, n = correct.sum(), len(correct)
q = k / n
denom = 1 + z ** 2 / n
center = (q + z ** 2 / (2 * n)) / denom
dist = z * np.sqrt(q * (1 - q) / n + z ** 2 / (4 * n ** 2)) / denom
out("analytic.accuracy.lower", center - dist); out("analytic.accuracy.upper", center + dist)


def t_crit(df):
    """t.ppf((1 + LEVEL) / 2, df) to 40 digits with mpmath: SciPy 1.10.1's t.ppf (cephes stdtrit)
    is off by 4e-9 relative at df = 39 (2.022690911734728 for 2.0226909200367611356...)."""
    import mpmath as mp
    mp.mp.dps = 40
    tail = mp.mpf(1 - LEVEL) / 2
    return float(mp.findroot(lambda t: mp.betainc(mp.mpf(df) / 2, 0.5, 0, df / (df + t * t), regularized=True) / 2 - tail,
                             st.t.ppf((1 + LEVEL) / 2, df)))


def t_interval(v):
    """SciPy's t.interval(LEVEL, n - 1, loc=mean, scale=sem) with the exact quantile."""
    half = t_crit(len(v) - 1) * st.sem(v)
    return np.mean(v) - half, np.mean(v) + half


def loss_interval(v):
    """The t interval of non-negative per-row losses, its lower end clipped at 0."""
    lo, hi = t_interval(v)
    return max(0.0, lo), hi


def paired(a, b, tag):
    d = a - b
    lo, hi = t_interval(d)
    out(f"{tag}.lower", lo); out(f"{tag}.upper", hi); out(f"{tag}.pvalue", st.ttest_rel(a, b).pvalue)


correct3 = ((as3 > 0.5).astype(int) == ay).astype(float)
paired(correct, correct3, "analytic.accuracy.paired.s3")
pr1 = np.column_stack([1 - as1, as1])
loss1 = -np.log(np.clip(pr1, np.finfo(float).eps, 1 - np.finfo(float).eps)[np.arange(40), ay])
assert abs(loss1.mean() - M.log_loss(ay, as1)) < 1e-15
lo, hi = loss_interval(loss1)
out("analytic.log_loss.lower", lo); out("analytic.log_loss.upper", hi)
loss2 = -np.log(np.clip(np.column_stack([1 - as2, as2]), np.finfo(float).eps, 1 - np.finfo(float).eps)[np.arange(40), ay])
paired(loss1, loss2, "analytic.log_loss.paired.s2")
brier1 = (ay - as1) ** 2
lo, hi = loss_interval(brier1)
out("analytic.brier.lower", lo); out("analytic.brier.upper", hi)
# regression: the in.reg rows
for name, e in (("mae", np.abs(y - yhat)), ("mse", (y - yhat) ** 2)):
    lo, hi = loss_interval(e)
    out(f"analytic.{name}.lower", lo); out(f"analytic.{name}.upper", hi)
lo, hi = loss_interval((y - yhat) ** 2)
out("analytic.rmse.lower", np.sqrt(lo)); out("analytic.rmse.upper", np.sqrt(hi))
ymean = np.full(len(y), 3.5)
out("in.reg.baseline", ymean)
paired(np.abs(y - yhat), np.abs(y - ymean), "analytic.mae.paired")
paired((y - yhat) ** 2, (y - ymean) ** 2, "analytic.rmse.paired")
