#!/usr/bin/python3
"""Benchmark baseline (a): pandas + fairlearn 0.9 MetricFrame.

    PYTHONPATH=$FA_PYREF/fairlearn baseline_fairlearn.py FILE [--json OUT]

Reads a bench predictions file (score,label,decision,sex,region) with pandas and, for each
of the two group columns, computes with fairlearn: MetricFrame(selection_rate,
true_positive_rate, false_positive_rate).by_group, demographic_parity_difference and
equalized_odds_difference. Prints the figures as JSON (stdout or --json) with its own
timings (read, compute); bench/audit_bench.py times the whole process.
"""
import json
import sys
import time
import warnings

t0 = time.perf_counter()
import pandas as pd  # noqa: E402
from fairlearn.metrics import (MetricFrame, demographic_parity_difference,  # noqa: E402
                               equalized_odds_difference, false_positive_rate,
                               selection_rate, true_positive_rate)

GROUPS = ("sex", "region")


def main(argv):
    path = argv[1]
    out = argv[argv.index("--json") + 1] if "--json" in argv else None
    t1 = time.perf_counter()
    df = pd.read_csv(path)
    t2 = time.perf_counter()
    res = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for col in GROUPS:
            mf = MetricFrame(metrics={"selection_rate": selection_rate,
                                      "tpr": true_positive_rate, "fpr": false_positive_rate},
                             y_true=df["label"], y_pred=df["decision"],
                             sensitive_features=df[col])
            res[col] = {
                "by_group": {str(k): {m: float(v) for m, v in row.items()}
                             for k, row in mf.by_group.iterrows()},
                "demographic_parity_difference": float(demographic_parity_difference(
                    df["label"], df["decision"], sensitive_features=df[col])),
                "equalized_odds_difference": float(equalized_odds_difference(
                    df["label"], df["decision"], sensitive_features=df[col])),
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
