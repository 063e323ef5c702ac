#!/usr/bin/python3
"""Benchmark baseline (b): a plain pandas/numpy counting script.

    baseline_numpy.py FILE [--json OUT]

Reads the bench predictions file with pandas' C parser (group columns as categoricals),
then counts the confusion cells per group with one numpy bincount per group column and
derives selection rate, TPR, FPR per group, demographic parity difference and equalized
odds difference — the least work that answers the same question. Prints JSON with its
own timings; bench/audit_bench.py times the whole process.
"""
import json
import sys
import time

t0 = time.perf_counter()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

GROUPS = ("sex", "region")


def main(argv):
    path = argv[1]
    out = argv[argv.index("--json") + 1] if "--json" in argv else None
    t1 = time.perf_counter()
    df = pd.read_csv(path, usecols=["label", "decision", *GROUPS],
                     dtype={"label": np.int8, "decision": np.int8,
                            "sex": "category", "region": "category"})
    t2 = time.perf_counter()
    y = df["label"].to_numpy()
    d = df["decision"].to_numpy()
    yd = (y.astype(np.int64) << 1) | d
    res = {}
    for col in GROUPS:
        cat = df[col].cat
        k = len(cat.categories)
        cells = np.bincount(cat.codes.to_numpy().astype(np.int64) * 4 + yd,
                            minlength=4 * k).reshape(k, 4).astype(np.float64)
        tn, fp, fn, tp = cells[:, 0], cells[:, 1], cells[:, 2], cells[:, 3]
        sr = (tp + fp) / cells.sum(axis=1)
        tpr = tp / (tp + fn)
        fpr = fp / (fp + tn)
        res[col] = {
            "by_group": {str(g): {"selection_rate": float(sr[i]), "tpr": float(tpr[i]),
                                  "fpr": float(fpr[i])}
                         for i, g in enumerate(cat.categories)},
            "demographic_parity_difference": float(sr.max() - sr.min()),
            "equalized_odds_difference": float(max(tpr.max() - tpr.min(),
                                                   fpr.max() - fpr.min())),
        }
    t3 = time.perf_counter()
    res["_timing"] = {"import_s": t1 - t0, "read_s": t2 - t1, "compute_s": t3 - t2,
                      "rows": int(len(df))}
    text = json.dumps(res, indent=1)
    if out:
        with open(out, "w") as f:
            f.write(text)
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
