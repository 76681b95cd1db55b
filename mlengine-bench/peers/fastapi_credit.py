#!/usr/bin/python3
"""Peer server (issue #17): the credit quickstart's model in scikit-learn, served by FastAPI + uvicorn.

The yardstick for mlengine-server's POST /predict. It trains what `./mlengine quickstart` trains
(mlengine-examples' Quickstart.pipeline) on the same credit_data.csv, in scikit-learn terms:
a stratified 80/20 split (seed 42; not the same rows), mean (target) encoding of Home, Marital,
Records and Job with fixed smoothing 10 and 5-fold out-of-fold values for the training rows
(scikit-learn 1.2 has no TargetEncoder, so MeanEncoder below does what ours does), median
imputation and standardization of the nine numeric columns, logistic regression. It then
serves the HTTP contract's POST /predict:

    {"Seniority":9,"Home":"rent","Time":60,"Age":30,"Marital":"married","Records":"no","Job":"freelance",
     "Expenses":73,"Income":129,"Assets":0,"Debt":0,"Amount":800,"Price":846}
    -> 200 {"request_id":"...","model_version":"<sha-256 of the model file>",
            "answer":{"kind":"MODEL","name":"credit"},"label":"good","probabilities":{"bad":0.2,"good":0.8}}

as a FastAPI user would write it: a pydantic model of the row (every column required, null for
missing; a wrong type is FastAPI's 422), a one-row DataFrame, predict_proba. The optional
X-Request-Id header becomes the request id. Every uvicorn worker prints one line when its
model is loaded: `fastapi-credit listening on http://HOST:PORT (worker PID)`.

    apt-get install -y python3-fastapi python3-uvicorn python3-uvloop python3-httptools python3-sklearn python3-pandas
    /usr/bin/python3 mlengine-bench/peers/fastapi_credit.py [--model credit.pkl] [--train-only]
        [--data credit_data.csv] [--host 127.0.0.1] [--port 8080] [--workers 1]

--model FILE loads the model from FILE if it exists, otherwise trains and writes it there first
(so a cold start can be timed without the training); --train-only stops after writing it.
--port 0 takes any free port. Run with Debian's /usr/bin/python3 (uvicorn 0.17, FastAPI 0.92,
scikit-learn 1.2; uvicorn uses uvloop and httptools when they are installed, as
uvicorn[standard] does).
"""
import argparse
import hashlib
import os
import pickle
import sys
import tempfile
import uuid
from typing import Optional

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
CREDIT_CSV = os.path.join(HERE, "..", "..", "mlengine-examples", "src", "main", "resources",
                          "org", "mlengine", "examples", "credit_data.csv")
CATEGORICAL = ["Home", "Marital", "Records", "Job"]
NUMERIC = ["Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt", "Amount", "Price"]
COLUMNS = ["Seniority", "Home", "Time", "Age", "Marital", "Records", "Job",
           "Expenses", "Income", "Assets", "Debt", "Amount", "Price"]
MODEL_ENV = "FASTAPI_CREDIT_MODEL"
NAME_ENV = "FASTAPI_CREDIT_NAME"
ADDRESS_ENV = "FASTAPI_CREDIT_ADDRESS"


class MeanEncoder(BaseEstimator, TransformerMixin):
    """Mean encoding as Features.meanEncoding(...).smoothing(m).folds(k): each category becomes
    (sum + m * prior) / (n + m) of the positive class (the second in sorted order); a missing or
    unseen category gets the prior; training rows get out-of-fold values."""

    def __init__(self, smoothing=10.0, folds=5, seed=42):
        self.smoothing = smoothing
        self.folds = folds
        self.seed = seed

    def _learn(self, X, positive):
        prior = float(positive.mean())
        maps = {}
        for column in X.columns:
            groups = pd.DataFrame({"c": X[column].values, "y": positive}).dropna().groupby("c")["y"]
            sums, counts = groups.sum(), groups.count()
            maps[column] = ((sums + self.smoothing * prior) / (counts + self.smoothing)).to_dict()
        return prior, maps

    @staticmethod
    def _encode(X, prior, maps):
        # dictionary look-ups over the raw values: pandas' map costs ~0.25 ms a column on one row
        out = np.empty((len(X), X.shape[1]))
        for j, column in enumerate(X.columns):
            encoding = maps[column]
            out[:, j] = [encoding.get(v, prior) for v in X[column].to_numpy()]
        return out

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        self.prior_, self.maps_ = self._learn(X, (np.asarray(y) == self.classes_[1]).astype(float))
        return self

    def fit_transform(self, X, y):
        self.fit(X, y)
        positive = (np.asarray(y) == self.classes_[1]).astype(float)
        out = np.empty((len(X), X.shape[1]))
        for train_rows, held in StratifiedKFold(self.folds, shuffle=True, random_state=self.seed).split(X, y):
            prior, maps = self._learn(X.iloc[train_rows], positive[train_rows])
            out[held] = self._encode(X.iloc[held], prior, maps)
        return out

    def transform(self, X):
        return self._encode(X, self.prior_, self.maps_)


def train(csv_path):
    """The quickstart's pipeline in scikit-learn, fitted on 80% of the rows; returns it and the held-out AUC."""
    frame = pd.read_csv(csv_path)
    y = frame.pop("Status")
    x_train, x_test, y_train, y_test = train_test_split(frame, y, test_size=0.2, stratify=y, random_state=42)
    model = Pipeline([
        ("columns", ColumnTransformer([
            ("mean_encoding", MeanEncoder(smoothing=10.0, folds=5), CATEGORICAL),
            ("numeric", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), NUMERIC)])),
        ("logistic", LogisticRegression(max_iter=1000))])
    model.fit(x_train, y_train)
    auc = roc_auc_score(y_test == "bad", model.predict_proba(x_test)[:, list(model.classes_).index("bad")])
    return model, auc


def build_app():
    """The FastAPI application; the model comes from the file named by FASTAPI_CREDIT_MODEL."""
    from fastapi import FastAPI, Header
    from pydantic import BaseModel, Field

    class Applicant(BaseModel):
        """One credit applicant: every column must be present, null where the value is missing."""
        Seniority: Optional[float] = Field(...)
        Home: Optional[str] = Field(...)
        Time: Optional[float] = Field(...)
        Age: Optional[float] = Field(...)
        Marital: Optional[str] = Field(...)
        Records: Optional[str] = Field(...)
        Job: Optional[str] = Field(...)
        Expenses: Optional[float] = Field(...)
        Income: Optional[float] = Field(...)
        Assets: Optional[float] = Field(...)
        Debt: Optional[float] = Field(...)
        Amount: Optional[float] = Field(...)
        Price: Optional[float] = Field(...)

    application = FastAPI(title="fastapi-credit")
    state = {}

    @application.on_event("startup")
    def load_model():
        path = os.environ[MODEL_ENV]
        with open(path, "rb") as f:
            data = f.read()
        state["model"] = pickle.loads(data)
        state["classes"] = [str(c) for c in state["model"].classes_]
        state["version"] = hashlib.sha256(data).hexdigest()
        state["answer"] = {"kind": "MODEL", "name": os.environ.get(NAME_ENV, "credit")}
        print("fastapi-credit listening on %s (worker %d)" % (os.environ[ADDRESS_ENV], os.getpid()), flush=True)

    @application.post("/predict")
    async def predict(applicant: Applicant, x_request_id: Optional[str] = Header(None)):
        model = state["model"]
        probabilities = model.predict_proba(pd.DataFrame([applicant.dict()], columns=COLUMNS))[0]
        best = int(probabilities.argmax())
        return {
            "request_id": x_request_id or str(uuid.uuid4()),
            "model_version": state["version"],
            "answer": state["answer"],
            "label": state["classes"][best],
            "probabilities": {c: float(p) for c, p in zip(state["classes"], probabilities)},
        }

    return application


def __getattr__(name):
    """uvicorn's import of fastapi_credit:app builds the application once, in each worker (PEP 562)."""
    if name != "app":
        raise AttributeError("module fastapi_credit has no attribute %r" % name)
    application = globals()["app"] = build_app()
    return application


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default=CREDIT_CSV, help="the credit CSV to train on (default: the examples' copy)")
    p.add_argument("--model", help="model file: loaded if it exists, else trained and written there")
    p.add_argument("--train-only", action="store_true", help="train, write --model and exit")
    p.add_argument("--name", default="credit", help="the model's name in the answer (default credit)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080, help="0 = any free port")
    p.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (default 1)")
    args = p.parse_args(argv)
    if args.train_only and not args.model:
        p.error("--train-only needs --model FILE to write the trained model to")
    if args.workers < 1:
        p.error("--workers %d: give at least 1 worker process" % args.workers)

    path = args.model
    if path is None or not os.path.exists(path) or args.train_only:
        model, auc = train(args.data)
        if path is None:
            handle, path = tempfile.mkstemp(prefix="fastapi-credit-", suffix=".pkl")
            os.close(handle)
        partial = path + ".partial"
        with open(partial, "wb") as f:
            pickle.dump(model, f)
        os.replace(partial, path)
        print("trained on %s: held-out ROC AUC %.4f; wrote %s" % (args.data, auc, path), file=sys.stderr, flush=True)
    if args.train_only:
        return

    import uvicorn
    from uvicorn.supervisors import Multiprocess
    # The socket is bound here, before any worker starts its application, as uvicorn.run does for
    # several workers: a worker's "listening" line then always comes after the port accepts, and
    # --port 0 gives the port the kernel chose.
    config = uvicorn.Config("fastapi_credit:app", host=args.host, port=args.port, workers=args.workers,
                            log_level="warning", access_log=False)
    sock = config.bind_socket()
    os.environ[MODEL_ENV] = os.path.abspath(path)
    os.environ[NAME_ENV] = args.name
    os.environ[ADDRESS_ENV] = "http://%s:%d" % (args.host, sock.getsockname()[1])
    server = uvicorn.Server(config)
    if args.workers > 1:
        Multiprocess(config, target=server.run, sockets=[sock]).run()
    else:
        server.run(sockets=[sock])

if __name__ == "__main__":
    # Run as the module fastapi_credit, so that the pickled MeanEncoder and the workers' import
    # of fastapi_credit:app name the same module.
    # No __pycache__ beside the script, in this process or the workers it spawns.
    sys.dont_write_bytecode = True
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
    sys.path.insert(0, HERE)
    import fastapi_credit
    fastapi_credit.main(sys.argv[1:])
