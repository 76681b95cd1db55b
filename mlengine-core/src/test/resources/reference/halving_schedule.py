# Successive-halving schedules of scikit-learn 1.2.1 (factor 3, resource='n_samples', min_resources='exhaust').
# Run with /usr/bin/python3 (python3-sklearn); TunerTest.schedule_matchesScikitLearnsHalvingGridSearch copies its output:
#   1000 9 5 min 111 max 1000 cands [9, 3, 1] res [111, 333, 999] iters 3 3 3
#   3563 9 5 min 395 max 3563 cands [9, 3, 1] res [395, 1185, 3555] iters 3 3 3
#   1000 27 5 min 37 max 1000 cands [27, 9, 3, 1] res [37, 111, 333, 999] iters 4 4 4
#   500 20 3 min 55 max 500 cands [20, 7, 3] res [55, 165, 495] iters 3 3 3
#   3563 4 5 min 1187 max 3563 cands [4, 2] res [1187, 3561] iters 2 2 2
#   60 9 5 min 20 max 60 cands [9, 3] res [20, 60] iters 2 3 2
#   1000 10 4 min 111 max 1000 cands [10, 4, 2] res [111, 333, 999] iters 3 3 3
import numpy as np
from sklearn.experimental import enable_halving_search_cv  # noqa
from sklearn.model_selection import HalvingGridSearchCV
from sklearn.dummy import DummyClassifier
from sklearn.tree import DecisionTreeClassifier
for n_samples, n_cand, cv in [(1000, 9, 5), (3563, 9, 5), (1000, 27, 5), (500, 20, 3), (3563, 4, 5), (60, 9, 5), (1000, 10, 4)]:
    rng = np.random.RandomState(0)
    X = rng.normal(size=(n_samples, 2)); y = (X[:, 0] > 0).astype(int)
    sh = HalvingGridSearchCV(DecisionTreeClassifier(random_state=0), {'min_samples_leaf': list(range(1, n_cand + 1))}, cv=cv, factor=3, random_state=0).fit(X, y)
    print(n_samples, n_cand, cv, 'min', sh.min_resources_, 'max', sh.max_resources_, 'cands', sh.n_candidates_, 'res', sh.n_resources_, 'iters', sh.n_iterations_, sh.n_required_iterations_, sh.n_possible_iterations_)

# A validation part instead of folds (TunerTest.halving_onAValidationPart_usesTwoRowsPerClassAtFirst):
# prints [9, 3, 1] [88, 264, 792]
from sklearn.model_selection import PredefinedSplit
X = np.random.RandomState(0).normal(size=(800, 2)); y = (X[:, 0] > 0).astype(int)
sh = HalvingGridSearchCV(DecisionTreeClassifier(), {'min_samples_leaf': list(range(1, 10))},
                         cv=PredefinedSplit(np.array([-1] * 600 + [0] * 200)), factor=3, random_state=0).fit(X, y)
print(sh.n_candidates_, sh.n_resources_)
