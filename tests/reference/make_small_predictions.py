#!/usr/bin/python3
"""Seeded small predictions file for the reference cross-check (CTest `reference`).

    make_small_predictions.py --out FILE [--rows 4000] [--seed 7] [--edge] [--weights]

Columns: score (a probability), label (0/1), decision (score >= 0.5), sex (2 levels),
region (5 levels, unequal sizes), and with --weights a positive weight column `w`.
The groups have different base rates and score shifts so every disparity is non-trivial.
--edge adds the awkward cases: a region whose rows are all label 0 (TPR/FNR undefined),
a region with fewer than 30 rows, rows with an empty protected value, scores exactly on
calibration bin edges and at 0 and 1, and tied scores. --credit-scale maps scores to
300..850 (the decision column keeps p >= 0.5, i.e. score >= 575).
"""
import argparse
import os
import sys

import numpy as np


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--rows", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--edge", action="store_true")
    ap.add_argument("--weights", action="store_true")
    ap.add_argument("--credit-scale", action="store_true",
                    help="scores as credit scores 300 + 550 * p (3 decimals), not probabilities")
    a = ap.parse_args(argv)
    rng = np.random.default_rng(a.seed)
    n = a.rows
    sex = np.where(rng.random(n) < 0.42, "F", "M").astype(object)
    regions = np.array(["north", "south", "east", "west", "centre"], dtype=object)
    region = regions[rng.choice(5, size=n, p=[0.35, 0.25, 0.2, 0.12, 0.08])]
    shift = {"north": 0.3, "south": -0.2, "east": 0.0, "west": -0.5, "centre": 0.4}
    z = rng.normal(size=n) + np.array([shift[r] for r in region]) + np.where(sex == "F", -0.3, 0)
    p_true = 1 / (1 + np.exp(-(z - 0.2)))
    label = (rng.random(n) < p_true).astype(int)
    score = 1 / (1 + np.exp(-(0.8 * z + rng.normal(scale=0.7, size=n))))
    score = np.round(score, 6)                       # ties
    if a.edge:
        k = max(n // 40, 8)
        idx = rng.choice(n, size=3 * k + 20, replace=False)
        allneg, tiny, unknown = idx[:k], idx[k:k + 20], idx[k + 20:2 * k + 20]
        region[allneg] = "islands"                   # every label 0: TPR undefined
        label[allneg] = 0
        region[tiny] = "enclave"                      # < 30 rows
        sex[unknown[: k // 2]] = ""                   # missing protected values
        region[unknown[k // 2:]] = ""
        edges = idx[2 * k + 20:]
        score[edges] = rng.choice([0.0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0], size=len(edges))
    decision = (score >= 0.5).astype(int)
    if a.credit_scale:
        score = np.round(300.0 + 550.0 * score, 3)
    cols = {"score": score, "label": label, "decision": decision, "sex": sex,
            "region": region}
    if a.weights:
        cols["w"] = np.round(rng.gamma(2.0, 0.5, size=n) + 0.05, 4)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)) or ".", exist_ok=True)
    tmp = a.out + ".tmp"
    with open(tmp, "w") as f:
        f.write(",".join(cols) + "\n")
        for i in range(n):
            f.write(",".join(repr(float(cols[c][i])) if c in ("score", "w")
                             else str(cols[c][i]) for c in cols) + "\n")
    os.replace(tmp, a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
