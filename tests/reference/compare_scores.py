#!/usr/bin/python3
"""Compare the score columns of two predictions files row by row.

    compare_scores.py OURS.csv THEIRS.csv [--max-diff 1e-4] [--score score]

Used by the `reference_adult` CTest case: fairaudit's own logistic regression
(train/predict with datasets/adult-reference.json) must reproduce sklearn's
converged LogisticRegression(C=1) scores. Exits 1 when the files differ in length,
decisions, or by more than --max-diff in any score.
"""
import argparse
import sys

import numpy as np
import pandas as pd


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("ours")
    ap.add_argument("theirs")
    ap.add_argument("--score", default="score")
    ap.add_argument("--max-diff", type=float, default=1e-4)
    a = ap.parse_args(argv)
    x, y = pd.read_csv(a.ours), pd.read_csv(a.theirs)
    if len(x) != len(y):
        print(f"compare_scores: {len(x)} rows vs {len(y)}", file=sys.stderr)
        return 1
    d = np.abs(x[a.score].to_numpy() - y[a.score].to_numpy())
    flips = int((x["decision"].to_numpy() != y["decision"].to_numpy()).sum()) \
        if "decision" in x and "decision" in y else 0
    print(f"compare_scores: {len(x)} rows, max |score diff| {d.max():.3e} "
          f"(mean {d.mean():.3e}), decisions differing: {flips}")
    return 0 if d.max() <= a.max_diff else 1


if __name__ == "__main__":
    sys.exit(main())
