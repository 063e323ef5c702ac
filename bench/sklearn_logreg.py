#!/usr/bin/python3
"""scikit-learn side of bench/train_vs_sklearn.py (Debian python3-sklearn).

  sklearn_logreg.py fit  KIND TRAIN.csv MODEL.pkl [MAX_ITER]
  sklearn_logreg.py score KIND MODEL.pkl TEST.csv PROBA.txt

KIND is "adult" (UCI Adult as datasets/adult-reference.json reads it: rows with
'?' dropped, every categorical one-hot, every numeric including fnlwgt
standardised, label >50K) or "csv" (a header CSV of numeric columns and a 0/1
label "y", as written by fa_bench_synth; all columns standardised).
The model is LogisticRegression(C=1) (lbfgs), the objective fairaudit's
logreg minimises with --C 1.
"""
import pickle
import sys

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import OneHotEncoder, StandardScaler

ADULT_COLS = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status",
              "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss",
              "hours-per-week", "native-country", "income"]
ADULT_CAT = ["workclass", "education", "marital-status", "occupation", "relationship", "race",
             "sex", "native-country"]
ADULT_NUM = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]


def read(kind, path):
    if kind == "adult":
        df = pd.read_csv(path, names=ADULT_COLS, skipinitialspace=True, na_values="?",
                         comment="|").dropna()
        y = (df.pop("income").str.rstrip(".") == ">50K").astype(int).values
        return df, y
    df = pd.read_csv(path, dtype=np.float64)
    y = df.pop("y").astype(int).values
    return df, y


def fit(kind, train, model_path, max_iter):
    df, y = read(kind, train)
    if kind == "adult":
        enc = (OneHotEncoder(handle_unknown="ignore", sparse_output=False).fit(df[ADULT_CAT]),
               StandardScaler().fit(df[ADULT_NUM]))
    else:
        enc = (None, StandardScaler().fit(df.values))
    model = LogisticRegression(C=1.0, max_iter=max_iter).fit(transform(kind, enc, df), y)
    with open(model_path, "wb") as f:
        pickle.dump((enc, model), f)


def transform(kind, enc, df):
    if kind == "adult":
        return np.hstack([enc[1].transform(df[ADULT_NUM]), enc[0].transform(df[ADULT_CAT])])
    return enc[1].transform(df.values)


def score(kind, model_path, test, out):
    with open(model_path, "rb") as f:
        enc, model = pickle.load(f)
    df, _ = read(kind, test)
    np.savetxt(out, model.predict_proba(transform(kind, enc, df))[:, 1], fmt="%.17g")


if __name__ == "__main__":
    if sys.argv[1] == "fit":
        fit(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]) if len(sys.argv) > 5 else 1000)
    else:
        score(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
