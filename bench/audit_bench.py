#!/usr/bin/python3
"""Benchmark `fairaudit audit` against pandas + fairlearn and a pandas/numpy counting script.

    /usr/bin/python3 bench/audit_bench.py --fairaudit build/fairaudit --gen build/bench/fa_bench_gen \\
        [--data-dir build/bench-data] [--rows 1000000,10000000] [--seed 42] [--repeat 3]

In one run, on seeded files from fa_bench_gen (score,label,decision,sex,region):
  * fairaudit audit (default options: bootstrap CIs on) on every size,
  * baseline (a) pandas + fairlearn MetricFrame on the first size (1M),
  * baseline (b) pandas/numpy counting on every size,
each as a whole process under /usr/bin/time -v (wall time, measured around the process,
= best of --repeat runs; peak memory = max RSS over the runs, from /usr/bin/time). Prints the times, the speed ratios against the targets
(>= 100x vs fairlearn, >= 10x vs numpy, peak RSS < 64 MB and flat in rows), and checks
that the three tools report the same demographic parity and equalized odds differences.
Exit 0 when all runs succeeded (add --check-targets to exit 1 when a target is missed).
See bench/README.md.
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
TIME = "/usr/bin/time"
PY = "/usr/bin/python3"
TARGET_VS_FAIRLEARN = 100.0
TARGET_VS_NUMPY = 10.0
TARGET_RSS_MB = 64.0
FLAT_MB = 8.0          # "flat": peak RSS may grow by less than this from smallest to largest


def human_rows(n):
    return f"{n // 1000000}M" if n % 1000000 == 0 else f"{n // 1000}k" if n % 1000 == 0 \
        else str(n)


def timed(cmd, env=None):
    """Runs cmd under /usr/bin/time -v; returns (wall s, max RSS MB, user+sys CPU s, stdout).
    Wall time is measured here around the whole process (fork + exec of time + cmd)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t0 = time.perf_counter()
        r = subprocess.run([TIME, "-v", "-o", tf.name] + cmd, capture_output=True, text=True,
                           env=env)
        wall = time.perf_counter() - t0   # /usr/bin/time's wall clock has 10 ms resolution
        if r.returncode != 0:
            sys.stderr.write(r.stdout[-2000:] + r.stderr[-4000:])
            raise RuntimeError(f"{' '.join(cmd)} exited {r.returncode}")
        rep = tf.read()
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", rep).group(1)) / 1024
    cpu = sum(float(re.search(rf"{k} time \(seconds\): ([0-9.]+)", rep).group(1))
              for k in ("User", "System"))
    return wall, rss, cpu, r.stdout


def best_of(cmd, repeat, env=None):
    walls, cpus, rss = [], [], 0.0
    out = ""
    for _ in range(repeat):
        w, m, c, out = timed(cmd, env)
        walls.append(w)
        cpus.append(c)
        rss = max(rss, m)
    return min(walls), rss, walls, min(cpus)


def ensure_file(gen, data_dir, rows, seed):
    path = os.path.join(data_dir, f"bench_{human_rows(rows)}_seed{seed}.csv")
    if not os.path.exists(path):
        print(f"generating {path} ...", file=sys.stderr)
        subprocess.run([gen, "--rows", str(rows), "--seed", str(seed), "--out", path],
                       check=True)
    return path


def fairaudit_figures(audit_json):
    with open(audit_json) as f:
        a = json.load(f)
    out = {}
    for e in a.get("attributes", []):
        cols = e.get("columns") or [e.get("name")]
        if len(cols) != 1:
            continue
        d = e.get("disparities", {})
        out[cols[0]] = {k: (d.get(k) or {}).get("value")
                        for k in ("demographic_parity_difference", "equalized_odds_difference")}
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fairaudit", required=True)
    ap.add_argument("--gen", required=True, help="fa_bench_gen (built into build/bench/)")
    ap.add_argument("--data-dir", default="build/bench-data")
    ap.add_argument("--rows", default="1000000,10000000")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--fairlearn-repeat", type=int, default=1,
                    help="runs of the (slow) fairlearn baseline")
    ap.add_argument("--pyref", default=os.environ.get("FA_PYREF", "/work/pyref"),
                    help="folder made by bench/setup_pyref.sh")
    ap.add_argument("--skip-fairlearn", action="store_true")
    ap.add_argument("--audit-arg", action="append", default=[],
                    help="extra argument for fairaudit audit (repeatable)")
    ap.add_argument("--check-targets", action="store_true")
    a = ap.parse_args(argv)

    if not os.access(TIME, os.X_OK):
        print(f"{TIME} is missing: apt-get install time", file=sys.stderr)
        return 2
    sizes = [int(x) for x in a.rows.split(",")]
    os.makedirs(a.data_dir, exist_ok=True)
    files = {n: ensure_file(a.gen, a.data_dir, n, a.seed) for n in sizes}
    work = tempfile.mkdtemp(prefix="fa-bench.")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.join(a.pyref, "fairlearn") + \
        (":" + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    results = []   # (tool, rows, wall, rss, walls)
    figures = {}
    try:
        for n in sizes:
            outdir = os.path.join(work, f"fa_{n}")
            cmd = [a.fairaudit, "audit", "--predictions", files[n], "--label", "label",
                   "--score", "score", "--decision", "decision", "--protected", "sex,region",
                   "--out", outdir] + a.audit_arg
            w, m, ws, c = best_of(cmd, a.repeat)
            results.append(("fairaudit", n, w, m, ws, c))
            figures[("fairaudit", n)] = fairaudit_figures(os.path.join(outdir, "audit.json"))
            print(f"fairaudit  {human_rows(n):>4}: {w:8.3f} s  {m:7.1f} MB", file=sys.stderr)
        if not a.skip_fairlearn:
            n = sizes[0]
            js = os.path.join(work, "fl.json")
            w, m, ws, c = best_of([PY, os.path.join(HERE, "baseline_fairlearn.py"), files[n],
                                   "--json", js], a.fairlearn_repeat, env)
            results.append(("pandas+fairlearn", n, w, m, ws, c))
            figures[("pandas+fairlearn", n)] = json.load(open(js))
            print(f"fairlearn  {human_rows(n):>4}: {w:8.3f} s  {m:7.1f} MB", file=sys.stderr)
        for n in sizes:
            js = os.path.join(work, f"np_{n}.json")
            w, m, ws, c = best_of([PY, os.path.join(HERE, "baseline_numpy.py"), files[n],
                                   "--json", js], a.repeat)
            results.append(("pandas/numpy", n, w, m, ws, c))
            figures[("pandas/numpy", n)] = json.load(open(js))
            print(f"numpy      {human_rows(n):>4}: {w:8.3f} s  {m:7.1f} MB", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def get(tool, n):
        return next((r for r in results if r[0] == tool and r[1] == n), None)

    print(f"\nfairaudit audit benchmark (seed {a.seed}, best of {a.repeat}; whole processes; "
          f"fairaudit with its default bootstrap CIs)")
    print(f"{'tool':<18} {'rows':>6} {'wall s':>9} {'cpu s':>9} {'peak MB':>9}   wall of each run")
    for tool, n, w, m, ws, c in results:
        print(f"{tool:<18} {human_rows(n):>6} {w:9.3f} {c:9.3f} {m:9.1f}   "
              + " ".join(f"{x:.3f}" for x in ws))
    misses = []
    print("\nratios (baseline time / fairaudit time; wall, and user+sys CPU in brackets):")
    n0 = sizes[0]
    fa0 = get("fairaudit", n0)
    fl = get("pandas+fairlearn", n0)
    if fl:
        r = fl[2] / fa0[2]
        ok = r >= TARGET_VS_FAIRLEARN
        misses += [] if ok else ["vs fairlearn"]
        print(f"  vs pandas+fairlearn {human_rows(n0):>4}: {r:9.1f}x [{fl[5] / fa0[5]:7.1f}x] (target >= "
              f"{TARGET_VS_FAIRLEARN:.0f}x) {'MET' if ok else 'MISSED'}")
    for n in sizes:
        npb, fa = get("pandas/numpy", n), get("fairaudit", n)
        r = npb[2] / fa[2]
        ok = r >= TARGET_VS_NUMPY
        misses += [] if ok else [f"vs numpy {human_rows(n)}"]
        print(f"  vs pandas/numpy     {human_rows(n):>4}: {r:9.1f}x [{npb[5] / fa[5]:7.1f}x] (target >= "
              f"{TARGET_VS_NUMPY:.0f}x) {'MET' if ok else 'MISSED'}")
    print("\nfairaudit peak memory:")
    rss = [get("fairaudit", n)[3] for n in sizes]
    for n, m in zip(sizes, rss):
        ok = m < TARGET_RSS_MB
        misses += [] if ok else [f"rss {human_rows(n)}"]
        print(f"  {human_rows(n):>4}: {m:7.1f} MB  (target < {TARGET_RSS_MB:.0f} MB) "
              f"{'MET' if ok else 'MISSED'}")
    if len(sizes) > 1:
        growth = rss[-1] - rss[0]
        ok = growth < FLAT_MB
        misses += [] if ok else ["rss not flat"]
        print(f"  growth {human_rows(sizes[0])} -> {human_rows(sizes[-1])}: {growth:+.1f} MB "
              f"(flat: < {FLAT_MB:.0f} MB) {'MET' if ok else 'MISSED'}")

    print("\nsame answers (|fairaudit - baseline| for DP and EO differences):")
    worst = 0.0
    for (tool, n), fig in figures.items():
        if tool == "fairaudit":
            continue
        fa = figures.get(("fairaudit", n), {})
        for col in ("sex", "region"):
            for k in ("demographic_parity_difference", "equalized_odds_difference"):
                ours = (fa.get(col) or {}).get(k)
                theirs = fig[col][k]
                if ours is None:
                    print(f"  {tool} {human_rows(n)} {col} {k}: fairaudit value missing")
                    worst = float("inf")
                    continue
                worst = max(worst, abs(ours - theirs))
    print(f"  max |diff| = {worst:.3e}  {'ok' if worst <= 1e-9 else 'DIFFERENT'}")
    if a.check_targets and (misses or worst > 1e-9):
        print("targets missed: " + ", ".join(misses or ["answers differ"]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
