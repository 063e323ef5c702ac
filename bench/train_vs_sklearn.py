#!/usr/bin/python3
"""Times whole-process `fairaudit train` against scikit-learn's LogisticRegression
(Debian python3-sklearn) on the same CSV files, in one run on one machine.

usage: /usr/bin/python3 bench/train_vs_sklearn.py [--build BUILD] [--work DIR]
           [--repeats N] [--rows N] [--skip-synthetic]

Data sets:
  adult     ../shared/datasets/adult (adult.data to train, adult.test to score),
            read by fairaudit through datasets/adult-reference.json and by
            scikit-learn with the same preprocessing (bench/sklearn_logreg.py).
  synthetic ROWS x 50 numeric features + 0/1 label written by fa_bench_synth
            (train: seed 1, test: 200,000 rows, seed 2), cached in --work.

Both sides read the training CSV, preprocess, fit logistic regression with
C = 1 and write their model, as separate processes; the wall time of the whole
process is measured (best of --repeats). Test log-loss is computed here, from
each side's test-set probabilities, with sklearn.metrics.log_loss. Prints the
time ratio fairaudit / scikit-learn (target: <= 0.5 at equal or better test
log-loss). scikit-learn runs with max_iter=1000 so that it converges (its
default of 100 stops Adult early with a ConvergenceWarning); a second line
shows its default for reference.
"""
import argparse
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd
from sklearn.metrics import log_loss

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
SK = [sys.executable, os.path.join(HERE, "sklearn_logreg.py")]


def timed(cmd, repeats):
    """Best wall time and best CPU time (user + system) of the whole process."""
    best, best_cpu = None, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(proc.pid, 0)
        dt = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise subprocess.CalledProcessError(proc.returncode, cmd)
        cpu = ru.ru_utime + ru.ru_stime
        best = dt if best is None else min(best, dt)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
    return best, best_cpu


def labels(kind, test):
    if kind == "adult":
        df = pd.read_csv(test, header=None, skipinitialspace=True, na_values="?",
                         comment="|").dropna()
        return (df[14].str.rstrip(".") == ">50K").astype(int).values
    return pd.read_csv(test, usecols=["y"])["y"].values


def synth_spec(path, cols):
    columns = ", ".join('{"name": "x%d", "role": "numeric"}' % j for j in range(cols))
    with open(path, "w") as f:
        f.write('{"format": "fairaudit-spec", "format_version": 1, "name": "synthetic",\n'
                ' "columns": [%s,\n  {"name": "y", "role": "label", "positive": "1", '
                '"negative": "0"}]}\n' % columns)


def run(name, kind, train, test, spec, args):
    fa = os.path.join(args.build, "fairaudit")
    w = args.work
    fa_model, sk_model = os.path.join(w, name + "-fa.json"), os.path.join(w, name + "-sk.pkl")
    t_fa, c_fa = timed([fa, "train", "--data", train, "--spec", spec, "--C", "1", "--out",
                        fa_model, "--quiet"], args.repeats)
    t_sk, c_sk = timed(SK + ["fit", kind, train, sk_model, "1000"], args.repeats)
    t_sk100, _ = timed(SK + ["fit", kind, train, sk_model + ".100", "100"], 1)
    pred = os.path.join(w, name + "-fa.csv")
    subprocess.run([fa, "predict", "--model", fa_model, "--data", test, "--out", pred,
                    "--quiet"], check=True)
    y = labels(kind, test)
    p_fa = pd.read_csv(pred)["score"].values
    ll = {}
    for tag, model in (("sk", sk_model), ("sk100", sk_model + ".100")):
        out = os.path.join(w, name + "-" + tag + ".txt")
        subprocess.run(SK + ["score", kind, model, test, out], check=True,
                       stderr=subprocess.DEVNULL)
        ll[tag] = log_loss(y, np.loadtxt(out))
    ll_fa = log_loss(y, p_fa)
    ok = t_fa <= 0.5 * t_sk and ll_fa <= ll["sk"] + 1e-9
    print(f"{name:10s} fairaudit {t_fa:7.2f} s  scikit-learn {t_sk:7.2f} s  ratio {t_fa / t_sk:5.3f}"
          f"  test log-loss {ll_fa:.6f} vs {ll['sk']:.6f}  {'OK' if ok else 'MISSED'}")
    print(f"{'':10s} CPU time (user + system): fairaudit {c_fa:.2f} s, scikit-learn {c_sk:.2f} s, "
          f"ratio {c_fa / c_sk:.3f}")
    print(f"{'':10s} (scikit-learn default max_iter=100: {t_sk100:.2f} s, test log-loss "
          f"{ll['sk100']:.6f}; ratio {t_fa / t_sk100:.3f})")
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(SRC, "build"))
    ap.add_argument("--work", default="/tmp/fairaudit-bench")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--rows", type=int, default=1000000)
    ap.add_argument("--skip-synthetic", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    print(f"fairaudit train vs scikit-learn LogisticRegression (C = 1), whole process, "
          f"best of {args.repeats}; {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f}")
    ok = True
    adult = os.path.join(SRC, "..", "shared", "datasets", "adult")
    if os.path.isdir(adult):
        ok &= run("adult", "adult", os.path.join(adult, "adult.data"),
                  os.path.join(adult, "adult.test"),
                  os.path.join(SRC, "datasets", "adult-reference.json"), args)
    else:
        print("adult: skipped, " + adult + " is absent")
    if not args.skip_synthetic:
        cols = 50
        train = os.path.join(args.work, f"synth-{args.rows}x{cols}-train.csv")
        test = os.path.join(args.work, f"synth-{cols}-test.csv")
        gen = os.path.join(args.build, "bench", "fa_bench_synth")
        if not os.path.exists(train):
            subprocess.run([gen, str(args.rows), str(cols), "1", train], check=True)
        if not os.path.exists(test):
            subprocess.run([gen, "200000", str(cols), "2", test], check=True)
        spec = os.path.join(args.work, f"synth-{cols}.json")
        synth_spec(spec, cols)
        ok &= run(f"{args.rows // 1000}kx{cols}", "csv", train, test, spec, args)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
