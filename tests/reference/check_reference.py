#!/usr/bin/python3
"""Cross-check `fairaudit audit` against fairlearn 0.9.0, AIF360 0.6.1, scikit-learn and scipy.

    PYTHONPATH=$FA_PYREF/fairlearn:$FA_PYREF/aif360 /usr/bin/python3 \\
        tests/reference/check_reference.py --fairaudit build/fairaudit \\
        --predictions preds.csv --label label --score score --decision decision \\
        --protected sex,race [--favorable 0] [--reference sex=Male] [--weight w] \\
        [--intersections] [--work DIR]

Runs `fairaudit audit` on the file (or reads --audit-json), recomputes every figure of
audit.json from the CSV rows with the reference libraries (tests/reference/refcalc.py),
prints a table `metric | source | ours | theirs | |diff| | status` and a per-family summary,
and exits 0 when everything agrees (1e-9 absolute; AUC and KS 1e-6, the issue's bound for
histogram-based values), 1 on any mismatch or missing key, 2 on usage errors, 3 when
fairaudit fails or writes no audit.json, 77 when the reference libraries cannot be imported.

Which audit.json key is checked against which library call
(definitions and source lines: docs/reference-definitions.md):

  attributes[].groups[].n                      row count of the group (numpy)
  attributes[].groups[].confusion.{tp,fp,tn,fn}
                                               aif360 ClassificationMetric.binary_confusion_matrix
                                               (unprivileged=[g], privileged=[ref]); weighted
  groups[].metrics.selection_rate              fairlearn MetricFrame(selection_rate).by_group
                                               and aif360 ClassificationMetric.selection_rate
  groups[].metrics.{tpr,fpr,tnr,fnr}           fairlearn MetricFrame(true_positive_rate, ...)
                                               .by_group and aif360 performance_measures()
                                               ['TPR','FPR','TNR','FNR']
  groups[].metrics.{ppv,npv,fdr,for,accuracy}  aif360 performance_measures()
                                               ['PPV','NPV','FDR','FOR','ACC']; accuracy also
                                               sklearn accuracy_score
  groups[].metrics.base_rate                   aif360 BinaryLabelDatasetMetric.base_rate
  groups[].metrics.mean_score                  numpy average(score, weights)
  groups[].metrics.brier                       sklearn brier_score_loss(pos_label=1)
  groups[].metrics.log_loss                    sklearn log_loss(labels=[0,1])
  groups[].metrics.auc                         sklearn roc_auc_score
  groups[].metrics.ks                          scipy ks_2samp(...).statistic (weighted: numpy);
                                               when audit.json says score.distribution is
                                               "histogram", KS is read at bin edges and must
                                               lie in [KS - b, KS], b = the largest one-label
                                               mass in one bin (computed here from the rows)
  groups[].metrics.ece, groups[].calibration[] sklearn calibration_curve(n_bins=10,
                                               strategy='uniform') bins; ECE = sum n_b/n |gap|
  groups[].vs_reference.adverse_impact_ratio   aif360 disparate_impact (unpriv=[g], priv=[ref])
  groups[].vs_reference.selection_rate_difference
                                               aif360 statistical_parity_difference (pair)
  groups[].vs_reference.tpr_difference         aif360 true_positive_rate_difference (pair)
  groups[].vs_reference.fpr_difference         aif360 false_positive_rate_difference (pair)
  groups[].vs_reference.smd                    numpy (mean_g - mean_ref) / pooled SD,
                                               var = (SS_g + SS_ref) / ((W_g+W_ref)(n-2)/n)
                                               (unweighted: Cohen's d)
  groups[].vs_reference.shortfall              numpy max(0, SR_ref * W_g - selected_g)
  groups[].vs_reference.p_value                scipy fisher_exact if an expected cell < 5,
                                               else two-proportion z test (pooled); row
                                               counts, or Kish effective sizes with weights
  groups[].vs_reference.p_value_adjusted       Holm over the attribute's other groups
  disparities.demographic_parity_difference    fairlearn demographic_parity_difference
  disparities.demographic_parity_ratio         fairlearn demographic_parity_ratio
  disparities.equalized_odds_difference        fairlearn equalized_odds_difference
  disparities.equalized_odds_ratio             fairlearn equalized_odds_ratio
  disparities.equal_opportunity_difference     fairlearn true_positive_rate_difference (0.9
                                               has no equal_opportunity_difference)
  disparities.statistical_parity_difference    aif360 ClassificationMetric
                                               .statistical_parity_difference
  disparities.disparate_impact                 aif360 .disparate_impact
  disparities.equal_opportunity_difference_vs_reference
                                               aif360 .equal_opportunity_difference
  disparities.average_odds_difference          aif360 .average_odds_difference
  disparities.average_abs_odds_difference      aif360 .average_abs_odds_difference
  disparities.theil_index                      aif360 .theil_index
  disparities.generalized_entropy_index        aif360 .generalized_entropy_index(alpha=2)
  disparities.between_group_theil_index        aif360 .between_group_theil_index
  disparities.between_all_groups_theil_index   aif360 ._between_group_generalized_entropy_index
                                               (groups = one per value, alpha=1)
  disparities.calibration_gap                  max - min of the groups' ECE
  overall.{confusion,metrics,calibration}      the same calls without a group condition

AIF360 calls use privileged_groups=[reference] and, for attribute-level disparities,
unprivileged_groups = every other group (pooled). fairlearn calls receive labels and
decisions recoded so that 1 = the favourable value (--favorable), so its pos_label=1 is the
favourable outcome. Score metrics use the event label == 1.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

EXIT_OK, EXIT_MISMATCH, EXIT_USAGE, EXIT_INPUT, EXIT_SKIP = 0, 1, 2, 3, 77

FAMILIES = {
    "counts": "counts (n, confusion)",
    "rates": "group rates (fairlearn/AIF360)",
    "score": "score metrics (sklearn/scipy)",
    "ranking": "AUC (1e-6) and KS (hist. bound)",
    "calibration": "calibration table",
    "fairlearn": "fairlearn disparities",
    "aif360": "AIF360 disparities",
    "inequality": "AIF360 inequality indices",
    "vs_reference": "vs_reference (AIF360 pairwise)",
    "lending": "lending/test figures (numpy/scipy)",
    "structure": "structure (reference, groups, keys)",
}
FAIRLEARN_D = {"demographic_parity_difference", "demographic_parity_ratio",
               "equalized_odds_difference", "equalized_odds_ratio",
               "equal_opportunity_difference"}
INEQ_D = {"theil_index", "generalized_entropy_index", "between_group_theil_index",
          "between_all_groups_theil_index"}


class Row:
    __slots__ = ("path", "family", "source", "ours", "theirs", "diff", "ok", "note")

    def __init__(self, path, family, source, ours, theirs, diff, ok, note=""):
        self.path, self.family, self.source = path, family, source
        self.ours, self.theirs, self.diff, self.ok, self.note = ours, theirs, diff, ok, note


class Checker:
    def __init__(self, tol, auc_tol, ks_tol):
        self.tol, self.auc_tol, self.ks_tol = tol, auc_tol, ks_tol
        self.rows = []

    def tolerance(self, key, theirs):
        base = self.auc_tol if key == "auc" else self.ks_tol if key == "ks" else self.tol
        return base + 1e-12 * abs(theirs)

    def structure(self, path, ok, ours="", theirs="", note=""):
        self.rows.append(Row(path, "structure", "", ours, theirs, None, ok, note))

    def value(self, path, family, key, present, ours, ref):
        """Compares one audit.json value with one refcalc.Ref."""
        if not present:
            self.rows.append(Row(path, family, ref.source, "<missing>", ref.value, None, False,
                                 "key missing from audit.json"))
            return
        note = ref.note
        if ref.lib_raw is not None and ref.value is None and not note:
            note = f"library gives {ref.lib_raw!r}"
        if ours is not None and not isinstance(ours, (int, float)) or isinstance(ours, bool):
            self.rows.append(Row(path, family, ref.source, repr(ours), ref.value, None, False,
                                 "not a number or null"))
            return
        if ref.value is None:
            ok = ours is None or ref.accept_either
            self.rows.append(Row(path, family, ref.source, ours, None, None, ok,
                                 note or "undefined"))
            return
        if ours is None:
            self.rows.append(Row(path, family, ref.source, None, ref.value, None,
                                 ref.accept_either, note or "ours null, reference defined"))
            return
        diff = abs(float(ours) - ref.value)
        tol = self.tolerance(key, ref.value) if ref.tol is None else ref.tol + 1e-12
        ok = diff <= tol and (not ref.at_most or float(ours) <= ref.value + 1e-12)
        if ref.lib_raw is not None and ref.lib_raw != ref.value and not (
                isinstance(ref.lib_raw, float) and math.isnan(ref.lib_raw)):
            note = (note + "; " if note else "") + f"library raw {ref.lib_raw!r}"
        self.rows.append(Row(path, family, ref.source, ours, ref.value, diff, ok, note))

    def failures(self):
        return [r for r in self.rows if not r.ok]


# ----------------------------------------------------------------------------- JSON access

def jget(obj, *keys):
    """(present, value) for a nested key path; value of {"value": v} objects unwrapped
    by the caller."""
    cur = obj
    for k in keys:
        if isinstance(cur, dict) and k in cur:
            cur = cur[k]
        elif isinstance(cur, list) and isinstance(k, int) and 0 <= k < len(cur):
            cur = cur[k]
        else:
            return False, None
    return True, cur


def group_values(g):
    if isinstance(g.get("values"), list):
        return tuple(str(v) for v in g["values"])
    return (str(g.get("value")),)


def reference_values(entry, groups_by_values):
    r = entry.get("reference")
    if isinstance(r, dict):
        if isinstance(r.get("values"), list):
            return tuple(str(v) for v in r["values"])
        r = r.get("value")
    if isinstance(r, list):
        return tuple(str(v) for v in r)
    if isinstance(r, str):
        for vals, g in groups_by_values.items():
            if g.get("value") == r or (len(vals) == 1 and vals[0] == r):
                return vals
        return (r,)
    return None


def undefined_reasons(g):
    u = g.get("undefined")
    if isinstance(u, dict):
        return {k: v for k, v in u.items()}
    if isinstance(u, list):
        out = {}
        for e in u:
            if isinstance(e, dict):
                out[e.get("metric") or e.get("name") or e.get("key")] = e.get("reason")
            elif isinstance(e, str):
                out[e] = ""
        return out
    return {}


# ----------------------------------------------------------------------------- comparisons

def check_group(ck, path, g_json, gref, refcalc, *, is_reference):
    R = refcalc
    present, n = jget(g_json, "n")
    ck.value(f"{path}.n", "counts", "n", present, n, R.Ref(float(gref.n), "numpy row count"))
    for k, ref in gref.confusion.items():
        present, v = jget(g_json, "confusion", k)
        ck.value(f"{path}.confusion.{k}", "counts", k, present, v, ref)
    reasons = undefined_reasons(g_json)
    for key in R.METRIC_KEYS:
        present, v = jget(g_json, "metrics", key)
        fam = "rates" if key in R.RATE_KEYS else "ranking" if key in ("auc", "ks") else "score"
        for ref in gref.metrics[key]:
            ck.value(f"{path}.metrics.{key}", fam, key, present, v, ref)
        if present and v is None and key not in reasons:
            ck.structure(f"{path}.undefined", False, note=f"null '{key}' has no reason listed")
    # calibration table
    present, cal = jget(g_json, "calibration")
    if gref.calibration:
        if not present or not isinstance(cal, list):
            ck.structure(f"{path}.calibration", False, note="missing calibration table")
        elif len(cal) != len(gref.calibration):
            ck.structure(f"{path}.calibration", False, len(cal), len(gref.calibration),
                         "number of bins differs")
        else:
            for i, (cj, cr) in enumerate(zip(cal, gref.calibration)):
                p = f"{path}.calibration[{i}]"
                for k in ("lo", "hi"):
                    ck.value(f"{p}.{k}", "calibration", k, k in cj, cj.get(k),
                             R.Ref(cr[k], "numpy linspace(0,1,11)"))
                ck.value(f"{p}.n", "calibration", "n", "n" in cj, cj.get("n"),
                         R.Ref(float(cr["n"]), "sklearn calibration_curve binning"))
                for k in ("mean_score", "positive_rate"):
                    ck.value(f"{p}.{k}", "calibration", k, k in cj, cj.get(k),
                             R.Ref(cr[k], "sklearn calibration_curve"))
    if is_reference:
        return
    for key, refs in gref.vs_reference.items():
        present, v = jget(g_json, "vs_reference", key)
        fam = "vs_reference" if key in ("adverse_impact_ratio", "selection_rate_difference",
                                        "tpr_difference", "fpr_difference") else "lending"
        for ref in refs:
            ck.value(f"{path}.vs_reference.{key}", fam, key, present, v, ref)


def check_attribute(ck, entry, aref, refcalc, reference_arg):
    name = entry.get("name") or "+".join(aref.columns)
    groups_json = {group_values(g): g for g in entry.get("groups", [])}
    ref_json = reference_values(entry, groups_json)
    ck.structure(f"{name}.reference", ref_json == aref.expected_reference,
                 ",".join(ref_json or ()), ",".join(aref.expected_reference),
                 "explicit --reference" if reference_arg and len(aref.columns) == 1 and
                 aref.columns[0] in reference_arg else "default: group with most rows")
    present, unk = jget(entry, "unknown")
    if isinstance(unk, dict):
        present, unk = "n" in unk, unk.get("n")
    ck.value(f"{name}.unknown.n", "counts", "n", present, unk,
             refcalc.Ref(float(aref.unknown), "numpy count of rows with a missing value"))
    for vals, gref in aref.groups.items():
        gpath = f"{name}[{','.join(vals)}]"
        gj = groups_json.get(vals)
        if gj is None:
            ck.structure(gpath, False, note="group missing from audit.json")
            continue
        check_group(ck, gpath, gj, gref, refcalc, is_reference=(vals == aref.reference))
    for vals in groups_json:
        if vals not in aref.groups:
            ck.structure(f"{name}[{','.join(vals)}]", False,
                         note="group in audit.json but not in the data")
    for key, refs in aref.disparities.items():
        present, d = jget(entry, "disparities", key)
        v = d.get("value") if isinstance(d, dict) else d
        if present and isinstance(d, dict) and "value" not in d:
            present = False
        fam = "fairlearn" if key in FAIRLEARN_D else "inequality" if key in INEQ_D \
            else "lending" if key == "calibration_gap" else "aif360"
        for ref in refs:
            ck.value(f"{name}.disparities.{key}", fam, key, present, v, ref)
        if present and isinstance(d, dict) and v is None and not d.get("reason"):
            ck.structure(f"{name}.disparities.{key}.reason", False,
                         note="null disparity without a reason")


# ----------------------------------------------------------------------------- output

def fmt(v):
    if v is None:
        return "null"
    if isinstance(v, str):
        return v
    return f"{float(v):.12g}"


def print_table(ck, out, only_failures):
    rows = ck.failures() if only_failures else ck.rows
    w = max([len(r.path) for r in rows] + [6])
    out.write(f"{'metric':<{w}}  {'ours':>20}  {'theirs':>20}  {'|diff|':>9}  status  source\n")
    for r in rows:
        d = "" if r.diff is None else f"{r.diff:.2e}"
        st = "ok" if r.ok else "FAIL"
        src = r.source + (f" — {r.note}" if r.note else "")
        out.write(f"{r.path:<{w}}  {fmt(r.ours):>20}  {fmt(r.theirs):>20}  {d:>9}  {st:<6}  "
                  f"{src}\n")


def summary(ck, out):
    out.write("\nsummary (max |diff| per metric family):\n")
    for fam, label in FAMILIES.items():
        rows = [r for r in ck.rows if r.family == fam]
        if not rows:
            continue
        diffs = [r.diff for r in rows if r.diff is not None]
        bad = sum(1 for r in rows if not r.ok)
        md = f"{max(diffs):.3e}" if diffs else "-"
        out.write(f"  {label:<40} {len(rows):6d} checks  max|diff| {md:>10}  "
                  f"{'all ok' if not bad else f'{bad} FAILED'}\n")
    nf = len(ck.failures())
    out.write(f"result: {len(ck.rows)} checks, {nf} failed\n")


# ----------------------------------------------------------------------------- main

def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Cross-check fairaudit audit against fairlearn 0.9 / AIF360 0.6.1.",
        epilog="See the module docstring for the key -> library call mapping.")
    ap.add_argument("--fairaudit", help="the fairaudit binary")
    ap.add_argument("--audit-json", help="use this audit.json instead of running fairaudit")
    ap.add_argument("--predictions", required=True)
    ap.add_argument("--label", default="label")
    ap.add_argument("--score", default="score")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--decision")
    g.add_argument("--threshold", type=float)
    ap.add_argument("--protected", required=True, help="A[,B...]")
    ap.add_argument("--favorable", default="1")
    ap.add_argument("--reference", action="append", default=[], help="A=VALUE (repeatable)")
    ap.add_argument("--weight")
    ap.add_argument("--intersections", action="store_true")
    ap.add_argument("--bootstrap", type=int, help="passed to fairaudit (its default if unset)")
    ap.add_argument("--audit-arg", action="append", default=[],
                    help="extra argument for fairaudit audit (repeatable)")
    ap.add_argument("--work", help="folder for fairaudit's output (default: a temp folder)")
    ap.add_argument("--tol", type=float, default=1e-9)
    ap.add_argument("--auc-tol", type=float, default=1e-6)
    ap.add_argument("--ks-tol", type=float, default=1e-6)
    ap.add_argument("--quiet", action="store_true", help="print only failures and the summary")
    ap.add_argument("--self-test", action="store_true",
                    help="check the checker: compare a mock audit.json built from the reference "
                         "values (must pass) and perturbed copies (must fail); no fairaudit run")
    a = ap.parse_args(argv)
    if not a.self_test and not a.fairaudit and not a.audit_json:
        ap.error("--fairaudit or --audit-json is required")
    if a.decision is None and a.threshold is None:
        a.decision = "decision"
    a.protected = [c for c in a.protected.split(",") if c]
    refs = {}
    for r in a.reference:
        if "=" not in r:
            ap.error(f"--reference {r}: expected A=VALUE")
        k, v = r.split("=", 1)
        refs[k] = v
    a.reference_map = refs
    return a


def run_fairaudit(a, outdir):
    cmd = [a.fairaudit, "audit", "--predictions", a.predictions, "--label", a.label,
           "--score", a.score, "--protected", ",".join(a.protected), "--out", outdir]
    cmd += ["--decision", a.decision] if a.decision else ["--threshold", repr(a.threshold)]
    if a.favorable != "1":
        cmd += ["--favorable", a.favorable]
    for r in a.reference:
        cmd += ["--reference", r]
    if a.weight:
        cmd += ["--weight", a.weight]
    if a.intersections:
        cmd += ["--intersections"]
    if a.bootstrap is not None:
        cmd += ["--bootstrap", str(a.bootstrap)]
    cmd += a.audit_arg
    print("running:", " ".join(cmd), file=sys.stderr)
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stdout + r.stderr)
        print(f"check_reference: fairaudit exited {r.returncode}", file=sys.stderr)
        return None
    path = os.path.join(outdir, "audit.json")
    if not os.path.exists(path):
        print(f"check_reference: {path} was not written", file=sys.stderr)
        return None
    return path


def compute_refs(a, refcalc, audit):
    """Reference values for every attribute entry of audit.json (or the expected set)."""
    p = refcalc.load_predictions(
        a.predictions, label=a.label, score=a.score, protected=a.protected,
        decision=a.decision, threshold=a.threshold, weight=a.weight,
        favorable=float(a.favorable))
    probs = bool(((p.s >= 0) & (p.s <= 1)).all())
    hist = None
    sc = (audit or {}).get("score") or {}
    if sc.get("distribution") == "histogram" and sc.get("histogram_bins"):
        hist = (float(sc.get("min", 0.0)), float(sc.get("max", 1.0)), int(sc["histogram_bins"]))
    expected = refcalc.attribute_combinations(a.protected, a.intersections)
    entries = []
    if audit is not None:
        for e in audit.get("attributes", []):
            cols = tuple(e.get("columns") or [e.get("name")])
            groups_json = {group_values(g): g for g in e.get("groups", [])}
            entries.append((e, cols, reference_values(e, groups_json)))
    else:
        entries = [(None, cols, None) for cols in expected]
    refs = []
    for e, cols, ref in entries:
        missing = [c for c in cols if c not in p.prot]
        if missing:
            refs.append((e, cols, None))
            continue
        _, keys = refcalc.group_keys(p, cols)
        use_ref = ref if ref in keys else None
        refs.append((e, cols, refcalc.compute_attribute(
            p, cols, use_ref, scores_are_probabilities=probs,
            reference_arg=a.reference_map, hist=hist)))
    overall = refcalc.compute_overall(p, probs, hist)
    return p, expected, refs, overall


def compare(a, refcalc, audit, p, expected, refs, overall):
    ck = Checker(a.tol, a.auc_tol, a.ks_tol)
    got = [tuple(e.get("columns") or [e.get("name")]) for e in audit.get("attributes", [])]
    for cols in expected:
        ck.structure(f"attributes[{'+'.join(cols)}]", cols in got,
                     note="" if cols in got else "attribute entry missing from audit.json")
    present, fav = jget(audit, "favorable")
    try:
        fav_ok = present and float(fav) == float(a.favorable)
    except (TypeError, ValueError):
        fav_ok = present and str(fav) == a.favorable
    ck.structure("favorable", fav_ok, fav, a.favorable)
    present, used = jget(audit, "input", "rows_used")
    ck.structure("input.rows_used", present and used == p.n, used, p.n)
    by_cols = {tuple(e.get("columns") or [e.get("name")]): e
               for e in audit.get("attributes", [])}
    for _, cols, aref in refs:
        if aref is None:
            ck.structure(f"attributes[{'+'.join(cols)}]", False, note="unknown column")
            continue
        if cols in by_cols:
            check_attribute(ck, by_cols[cols], aref, refcalc, a.reference_map)
    og = audit.get("overall")
    if isinstance(og, dict):
        check_group(ck, "overall", og, overall, refcalc, is_reference=True)
    else:
        ck.structure("overall", False, note="missing")
    return ck


def build_mock(refs, overall, a, n):
    """An audit.json holding exactly the reference values (for --self-test)."""
    def val(rs):
        return rs[0].value

    def group(g, is_ref):
        out = {"value": ",".join(g.values), "values": list(g.values), "n": g.n,
               "confusion": {k: r.value for k, r in g.confusion.items()},
               "metrics": {k: val(rs) for k, rs in g.metrics.items()},
               "undefined": {k: "undefined" for k, rs in g.metrics.items() if val(rs) is None},
               "calibration": [{k: b[k] for k in ("lo", "hi", "n", "mean_score",
                                                    "positive_rate")} for b in g.calibration]}
        if not is_ref:
            out["vs_reference"] = {k: val(rs) for k, rs in g.vs_reference.items()}
        return out
    attrs = []
    for _, cols, ar in refs:
        attrs.append({"name": "+".join(cols), "columns": list(cols), "unknown": {"n": ar.unknown},
                      "reference": list(ar.expected_reference),
                      "groups": [group(g, v == ar.reference) for v, g in ar.groups.items()],
                      "disparities": {k: ({"value": val(rs)} if val(rs) is not None else
                                          {"value": None, "reason": "undefined"})
                                      for k, rs in ar.disparities.items()}})
    return {"schema_version": 1, "favorable": float(a.favorable),
            "input": {"rows_used": n}, "overall": group(overall, True), "attributes": attrs}


def self_test(a, refcalc):
    p, expected, refs, overall = compute_refs(a, refcalc, None)
    mock = build_mock(refs, overall, a, p.n)
    ck = compare(a, refcalc, mock, p, expected, refs, overall)
    if ck.failures():
        print_table(ck, sys.stdout, True)
        print("self-test: the exact mock did not pass", file=sys.stderr)
        return EXIT_MISMATCH
    n_ok = len(ck.rows)
    bad = 0
    # each perturbation must be caught
    cases = []
    m1 = json.loads(json.dumps(mock))
    d = m1["attributes"][0]["disparities"]["statistical_parity_difference"]
    d["value"] += 2e-9
    cases.append(("statistical_parity_difference + 2e-9", m1))
    m2 = json.loads(json.dumps(mock))
    m2["attributes"][0]["groups"][0]["metrics"]["tpr"] += 1e-8
    cases.append(("group tpr + 1e-8", m2))
    m3 = json.loads(json.dumps(mock))
    del m3["attributes"][-1]["disparities"]["theil_index"]
    cases.append(("theil_index missing", m3))
    m4 = json.loads(json.dumps(mock))
    a0 = m4["attributes"][0]
    a0["reference"] = next(g["values"] for g in a0["groups"] if g["values"] != a0["reference"])
    cases.append(("wrong reference group", m4))
    m5 = json.loads(json.dumps(mock))
    m5["attributes"][0]["groups"][0]["metrics"]["auc"] += 2e-6
    cases.append(("group auc + 2e-6", m5))
    for label, m in cases:
        ck = compare(a, refcalc, m, p, expected, refs, overall)
        caught = len(ck.failures()) > 0
        print(f"self-test: {label:<40} {'caught' if caught else 'NOT CAUGHT'}")
        bad += not caught
    print(f"self-test: exact mock passes {n_ok} checks; {len(cases) - bad}/{len(cases)} "
          "perturbations caught")
    return EXIT_OK if bad == 0 else EXIT_MISMATCH


def main(argv=None):
    a = parse_args(argv)
    try:
        import refcalc
        ver = refcalc.load_libraries()
    except ImportError as e:
        print(f"SKIP: reference libraries not importable ({e}); run bench/setup_pyref.sh and "
              "put $FA_PYREF/fairlearn and $FA_PYREF/aif360 on PYTHONPATH", file=sys.stderr)
        return EXIT_SKIP
    print(f"reference: fairlearn {ver}, aif360 0.6.1", file=sys.stderr)
    if a.self_test:
        return self_test(a, refcalc)
    if a.audit_json:
        path = a.audit_json
    else:
        work = a.work or tempfile.mkdtemp(prefix="fa-refcheck.")
        os.makedirs(work, exist_ok=True)
        path = run_fairaudit(a, work)
        if path is None:
            return EXIT_INPUT
    try:
        with open(path) as f:
            audit = json.load(f)
    except (OSError, ValueError) as e:
        print(f"check_reference: cannot read {path}: {e}", file=sys.stderr)
        return EXIT_INPUT
    p, expected, refs, overall = compute_refs(a, refcalc, audit)
    ck = compare(a, refcalc, audit, p, expected, refs, overall)
    print_table(ck, sys.stdout, a.quiet)
    summary(ck, sys.stdout)
    return EXIT_OK if not ck.failures() else EXIT_MISMATCH


if __name__ == "__main__":
    sys.exit(main())
