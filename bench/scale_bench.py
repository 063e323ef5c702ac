#!/usr/bin/python3
"""Scale benchmark: threads, partial audits, MPI and data-parallel training, in one run.

    /usr/bin/python3 bench/scale_bench.py [--build build] [--work /tmp/fairaudit-scale]
        [--rows 10000000] [--repeat 3] [--threads 2] [--skip-train] [--skip-mpi]
        [--check-targets]

On the seeded 10,000,000-row predictions file of fa_bench_gen (score,label,decision,sex,region;
208 MB) and the 1,000,000 x 50 training file of fa_bench_synth (377 MB), each measured as a
whole process under /usr/bin/time (wall time around the process and user+system CPU; best
of --repeat runs; peak RSS the largest over the runs):

  1. `fairaudit audit --threads N` (default options: fingerprint and 200 bootstrap replicates
     on): rows per second of wall time (target >= 20M rows/s with 2 threads), peak memory
     (target < 64 MB), and --threads 1 for reference;
  2. the floor, fa_bench_floor (a memchr-style parser that only counts the confusion cells
     per group), with 1 and N threads, timed in the same run: fairaudit's wall time over
     the floor's with the same threads (target <= 3x);
  3. four partial audits of four shards (byte ranges cut at line ends) and `fairaudit merge`:
     the merged audit.json equals the single-pass one byte for byte apart from input.path and
     input.fingerprint (set to null on both sides before comparing, nothing else), and equals
     one pass over the four shard files (`--predictions` repeated) byte for byte;
  4. `mpirun -np 2 fairaudit audit`: byte for byte the one-process audit.json;
  5. `fairaudit train --C 1` against scikit-learn's LogisticRegression(C=1) (bench/
     sklearn_logreg.py, whole process, the same CSV): time ratio (target >= 3x faster) and
     test log-loss on a 200,000-row test file (target: equal to 1e-6), then
     `mpirun -np 2 fairaudit train`: the same model to 1e-8.

Prints the load average before and after: on a shared machine, rerun when it is low.
See bench/README.md ("Scale").
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
TIME = "/usr/bin/time"
PY = "/usr/bin/python3"
MPI_ENV = {"OMPI_MCA_plm": "isolated", "OMPI_MCA_btl": "self,vader",
           "OMPI_MCA_btl_vader_single_copy_mechanism": "none",
           "OMPI_MCA_rmaps_base_oversubscribe": "1", "OMPI_MCA_hwloc_base_binding_policy": "none"}


def timed(cmd, env=None, stdout=None):
    """(wall s, user+sys s, max RSS MB) of one whole-process run."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t0 = time.perf_counter()
        r = subprocess.run([TIME, "-v", "-o", tf.name] + cmd, env=env, stdout=stdout,
                           stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - t0
        if r.returncode != 0:
            sys.stderr.write(r.stderr[-4000:])
            raise RuntimeError(f"{' '.join(cmd)} exited {r.returncode}")
        rep = tf.read()
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", rep).group(1)) / 1024
    cpu = sum(float(re.search(rf"{k} time \(seconds\): ([0-9.]+)", rep).group(1))
              for k in ("User", "System"))
    return wall, cpu, rss


def best(cmd, repeat, env=None, stdout=None):
    runs = [timed(cmd, env, stdout) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs), runs


def load():
    return os.getloadavg()[0]


def norm_audit(path):
    with open(path) as f:
        d = json.load(f)
    d["input"]["path"] = None
    d["input"]["fingerprint"] = None
    return json.dumps(d, sort_keys=True)


def shard(src, n, outdir):
    """Cuts src into n files at line ends near equal byte ranges, each with the header."""
    size = os.path.getsize(src)
    paths = []
    with open(src, "rb") as f:
        header = f.readline()
        start = f.tell()
        cuts = [start]
        for k in range(1, n):
            f.seek(start + (size - start) * k // n)
            f.readline()
            cuts.append(f.tell())
        cuts.append(size)
        for k in range(n):
            p = os.path.join(outdir, f"shard{k}.csv")
            paths.append(p)
            if os.path.exists(p) and os.path.getsize(p) == len(header) + cuts[k + 1] - cuts[k]:
                continue
            with open(p, "wb") as o:
                o.write(header)
                f.seek(cuts[k])
                left = cuts[k + 1] - cuts[k]
                while left > 0:
                    b = f.read(min(left, 1 << 24))
                    o.write(b)
                    left -= len(b)
    return paths


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(SRC, "build"))
    ap.add_argument("--work", default="/tmp/fairaudit-scale")
    ap.add_argument("--rows", type=int, default=10000000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--train-rows", type=int, default=1000000)
    ap.add_argument("--skip-train", action="store_true")
    ap.add_argument("--skip-mpi", action="store_true")
    ap.add_argument("--check-targets", action="store_true")
    a = ap.parse_args()

    fa = os.path.join(a.build, "fairaudit")
    gen = os.path.join(a.build, "bench", "fa_bench_gen")
    floor = os.path.join(a.build, "bench", "fa_bench_floor")
    synth = os.path.join(a.build, "bench", "fa_bench_synth")
    os.makedirs(a.work, exist_ok=True)
    data = os.path.join(a.work, f"bench_{a.rows}_seed{a.seed}.csv")
    if not os.path.exists(data):
        subprocess.run([gen, "--rows", str(a.rows), "--seed", str(a.seed), "--out", data],
                       check=True)
    out = tempfile.mkdtemp(prefix="fa-scale.")
    env = dict(os.environ)
    misses = []
    mpirun = shutil.which("mpirun")
    mpi = None
    if mpirun and not a.skip_mpi:
        feat = subprocess.run([fa, "version", "--features"], capture_output=True, text=True)
        if "mpi yes" in feat.stdout:
            mpi = [mpirun, "-np", "2"] + (["--allow-run-as-root", "--oversubscribe"]
                                           if os.geteuid() == 0 else [])
    menv = dict(env, **MPI_ENV)
    print(f"load average before: {load():.2f}  ({os.cpu_count()} CPUs)")
    audit = [fa, "audit", "--predictions", data, "--label", "label", "--score", "score",
             "--decision", "decision", "--protected", "sex,region", "--quiet", "--reproducible"]
    rows_m = a.rows / 1e6
    try:
        # 1-2. audit with threads, and the floor
        res = {}
        for t in sorted({1, a.threads}):
            o = os.path.join(out, f"t{t}")
            res[("fa", t)] = best(audit + ["--threads", str(t), "--out", o], a.repeat)
            res[("floor", t)] = best([floor, data, "--threads", str(t)], a.repeat,
                                     stdout=subprocess.DEVNULL)
        print(f"\n1-2. audit of {rows_m:g}M rows ({os.path.getsize(data) / 1e6:.0f} MB), whole "
              f"process, best of {a.repeat} (wall s / cpu s / peak MB):")
        for (tool, t), (w, c, m, _) in sorted(res.items()):
            name = "fairaudit audit" if tool == "fa" else "floor (fa_bench_floor)"
            print(f"  {name:24s} --threads {t}: {w:7.3f} s  {c:7.3f} s  {m:7.1f} MB   "
                  f"{a.rows / w / 1e6:6.1f} M rows/s")
        w, c, m, _ = res[("fa", a.threads)]
        if a.threads > 1:
            # how much parallelism this machine gave us right now (shared cores)
            sp = res[("floor", 1)][0] / res[("floor", a.threads)][0]
            print(f"  parallel speed-up available now (floor, 1 -> {a.threads} threads): "
                  f"{sp:.2f}x;  fairaudit: {a.rows / c / 1e6:.1f} M rows per CPU-second, i.e. "
                  f"{a.rows / c * a.threads / 1e6:.1f} M rows/s on {a.threads} free cores")
        rate = a.rows / w / 1e6
        ok = rate >= 20
        misses += [] if ok else ["rows/s"]
        print(f"  fairaudit, {a.threads} threads: {rate:.1f} M rows/s (target >= 20)  "
              f"{'MET' if ok else 'MISSED'}")
        for t in sorted({1, a.threads}):
            r = res[("fa", t)][0] / res[("floor", t)][0]
            rc = res[("fa", t)][1] / res[("floor", t)][1]
            ok = r <= 3.0
            if t == a.threads:
                misses += [] if ok else ["floor"]
            print(f"  fairaudit / floor, {t} thread{'s' if t > 1 else ''}: {r:.2f}x wall "
                  f"[{rc:.2f}x cpu] (target <= 3x)  {'MET' if ok else 'MISSED'}")
        ok = m < 64
        misses += [] if ok else ["memory"]
        print(f"  fairaudit peak memory, {a.threads} threads: {m:.1f} MB (target < 64)  "
              f"{'MET' if ok else 'MISSED'}")
        same = all(open(os.path.join(out, f"t{t}", "audit.json")).read() ==
                   open(os.path.join(out, "t1", "audit.json")).read() for t in {1, a.threads})
        print(f"  audit.json identical for --threads 1 and {a.threads}: {same}")
        misses += [] if same else ["threads differ"]

        # 3. partial audits of 4 shards + merge
        shards = shard(data, 4, a.work)
        parts, t_part = [], 0.0
        for k, s in enumerate(shards):
            p = os.path.join(out, f"part{k}.json")
            w, c, m, _ = best([fa, "audit", "--predictions", s, "--label", "label", "--score",
                               "score", "--decision", "decision", "--protected", "sex,region",
                               "--quiet", "--threads", "1", "--partial", p], 1)
            parts.append(p)
            t_part = max(t_part, w)
        w, c, m, _ = best([fa, "merge"] + parts + ["--out", os.path.join(out, "merged"),
                                                   "--reproducible", "--quiet"], a.repeat)
        same = norm_audit(os.path.join(out, "merged", "audit.json")) == \
            norm_audit(os.path.join(out, "t1", "audit.json"))
        misses += [] if same else ["merge differs"]
        print(f"\n3. four shards: slowest partial audit {t_part:.3f} s, merge {w:.3f} s wall "
              f"{c:.3f} s cpu {m:.1f} MB; partial files "
              f"{sum(os.path.getsize(p) for p in parts) / 1e6:.1f} MB")
        print(f"  merged audit.json == single pass (input.path, input.fingerprint aside): "
              f"{same}")
        # one pass over the same four shard files (--predictions repeated) names the same
        # inputs, so its audit.json must equal the merge byte for byte (timestamps fixed)
        w, c, m, _ = best([fa, "audit"] + sum((["--predictions", s] for s in shards), []) +
                          ["--label", "label", "--score", "score", "--decision", "decision",
                           "--protected", "sex,region", "--quiet", "--reproducible",
                           "--out", os.path.join(out, "shards1")], 1)
        same = open(os.path.join(out, "merged", "audit.json")).read() == \
            open(os.path.join(out, "shards1", "audit.json")).read()
        misses += [] if same else ["merge differs from one pass over the shards"]
        print(f"  merged audit.json == one pass over the 4 shard files, byte for byte: {same}")

        # 4. MPI audit
        if mpi:
            w, c, m, _ = best(mpi + audit + ["--out", os.path.join(out, "mpi")], a.repeat,
                              env=menv)
            same = open(os.path.join(out, "mpi", "audit.json")).read() == \
                open(os.path.join(out, "t1", "audit.json")).read()
            misses += [] if same else ["mpi audit differs"]
            print(f"\n4. mpirun -np 2 fairaudit audit: {w:.3f} s wall, {c:.3f} s cpu (both "
                  f"ranks); audit.json byte for byte == one process: {same}")
        else:
            print("\n4. MPI: skipped (no mpirun, or fairaudit built without MPI)")

        # 5. training
        if not a.skip_train:
            import numpy as np
            import pandas as pd
            from sklearn.metrics import log_loss
            cols = 50
            train = os.path.join(a.work, f"synth-{a.train_rows}x{cols}-train.csv")
            test = os.path.join(a.work, f"synth-{cols}-test.csv")
            if not os.path.exists(train):
                subprocess.run([synth, str(a.train_rows), str(cols), "1", train], check=True)
            if not os.path.exists(test):
                subprocess.run([synth, "200000", str(cols), "2", test], check=True)
            spec = os.path.join(a.work, f"synth-{cols}.json")
            with open(spec, "w") as f:
                f.write('{"format": "fairaudit-spec", "format_version": 1, "name": "synthetic",'
                        ' "columns": [%s, {"name": "y", "role": "label", "positive": "1", '
                        '"negative": "0"}]}\n' % ", ".join(
                            '{"name": "x%d", "role": "numeric"}' % j for j in range(cols)))
            fam, skm = os.path.join(out, "fa.json"), os.path.join(out, "sk.pkl")
            tf = best([fa, "train", "--data", train, "--spec", spec, "--C", "1", "--out", fam,
                       "--quiet"], a.repeat)
            ts = best([PY, os.path.join(HERE, "sklearn_logreg.py"), "fit", "csv", train, skm,
                       "1000"], a.repeat)
            pred, skp = os.path.join(out, "fa-test.csv"), os.path.join(out, "sk-test.txt")
            subprocess.run([fa, "predict", "--model", fam, "--data", test, "--out", pred,
                            "--quiet"], check=True)
            subprocess.run([PY, os.path.join(HERE, "sklearn_logreg.py"), "score", "csv", skm,
                            test, skp], check=True, stderr=subprocess.DEVNULL)
            y = pd.read_csv(test, usecols=["y"])["y"].values
            ll_fa = log_loss(y, pd.read_csv(pred)["score"].values)
            ll_sk = log_loss(y, np.loadtxt(skp))
            r = ts[0] / tf[0]
            ok = r >= 3.0 and abs(ll_fa - ll_sk) <= 1e-6
            misses += [] if ok else ["train"]
            print(f"\n5. logistic regression {a.train_rows // 1000}k x {cols} "
                  f"({os.path.getsize(train) / 1e6:.0f} MB CSV), whole process:")
            print(f"  fairaudit train {tf[0]:7.2f} s wall {tf[1]:7.2f} s cpu {tf[2]:7.1f} MB")
            print(f"  scikit-learn    {ts[0]:7.2f} s wall {ts[1]:7.2f} s cpu {ts[2]:7.1f} MB")
            print(f"  fairaudit {r:.1f}x faster [{ts[1] / tf[1]:.1f}x cpu] (target >= 3x); test "
                  f"log-loss {ll_fa:.9f} vs {ll_sk:.9f} (|diff| {abs(ll_fa - ll_sk):.1e})  "
                  f"{'MET' if ok else 'MISSED'}")
            if mpi:
                mm = os.path.join(out, "fa-mpi.json")
                w, c, m, _ = best(mpi + [fa, "train", "--data", train, "--spec", spec, "--C",
                                         "1", "--out", mm, "--quiet"], a.repeat, env=menv)
                A, B = json.load(open(fam)), json.load(open(mm))
                ca = A["logreg"]["coef"] + [A["logreg"]["intercept"]]
                cb = B["logreg"]["coef"] + [B["logreg"]["intercept"]]
                d = max(abs(x - y) for x, y in zip(ca, cb))
                ok = d <= 1e-8
                misses += [] if ok else ["mpi train"]
                print(f"  mpirun -np 2 fairaudit train: {w:.2f} s wall, {c:.2f} s cpu; max "
                      f"|coefficient difference| vs one process {d:.1e} (target <= 1e-8)  "
                      f"{'MET' if ok else 'MISSED'}")
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print(f"\nload average after: {load():.2f}")
    if misses:
        print("targets missed: " + ", ".join(misses))
    return 1 if (a.check_targets and misses) else 0


if __name__ == "__main__":
    sys.exit(main())
