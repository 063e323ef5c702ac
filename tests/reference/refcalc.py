"""Reference values for `fairaudit audit`, computed with fairlearn 0.9.0, AIF360 0.6.1,
scikit-learn and scipy directly from the rows of a predictions file.

Nothing here reads fairaudit's output: every number is recomputed from the CSV, and each
one carries the library call that produced it. docs/reference-definitions.md explains each
definition, with the library source lines. check_reference.py compares these values with
audit.json.
"""
import functools
import itertools
import math
import warnings
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import numpy as np
import pandas as pd

# The reference libraries are imported by load_libraries() so that a missing
# installation can be reported (and the CTest case skipped) cleanly.
fl = None      # fairlearn.metrics
aif = None     # namespace with BinaryLabelDataset, ClassificationMetric
skm = None     # sklearn.metrics
sps = None     # scipy.stats
skcal = None   # sklearn.calibration


def load_libraries():
    """Import the reference libraries; raises ImportError with the module that failed."""
    global fl, aif, skm, sps, skcal
    import logging
    logging.getLogger().setLevel(logging.ERROR)   # aif360 warns about optional back-ends
    import fairlearn
    import fairlearn.metrics as _fl
    import sklearn.metrics as _skm
    import sklearn.calibration as _skcal
    import scipy.stats as _sps
    from aif360.datasets import BinaryLabelDataset
    from aif360.metrics import ClassificationMetric
    if fairlearn.__version__ != "0.9.0":
        warnings.warn(f"fairlearn {fairlearn.__version__} is not the reference 0.9.0")

    class _Aif:
        pass
    _aif = _Aif()
    _aif.BinaryLabelDataset = BinaryLabelDataset
    _aif.ClassificationMetric = ClassificationMetric
    fl, aif, skm, sps, skcal = _fl, _aif, _skm, _sps, _skcal
    return fairlearn.__version__


# ----------------------------------------------------------------------------- data

@dataclass
class Predictions:
    y: np.ndarray            # label as float (0/1)
    s: np.ndarray            # score
    d: np.ndarray            # decision as float (0/1)
    w: Optional[np.ndarray]  # weights, None = unweighted
    prot: Dict[str, np.ndarray]   # protected column -> str values ('' = missing)
    fav: float

    @property
    def n(self):
        return len(self.y)

    @property
    def wt(self):
        return self.w if self.w is not None else np.ones(self.n)

    def yf(self):  # label is favourable (0/1 int)
        return (self.y == self.fav).astype(np.int64)

    def df_(self):  # decision is favourable (0/1 int)
        return (self.d == self.fav).astype(np.int64)


def load_predictions(path, *, label, score, protected, decision=None, threshold=None,
                     weight=None, favorable=1.0, missing=("",)):
    """Reads the predictions CSV. Threshold rule: predicted label 1 when score >= T."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[])
    need = [label, score] + list(protected) + ([decision] if decision else []) + \
        ([weight] if weight else [])
    for c in need:
        if c not in df.columns:
            raise ValueError(f"{path}: no column '{c}' (columns: {', '.join(df.columns)})")
    y = df[label].astype(np.float64).to_numpy()
    s = df[score].astype(np.float64).to_numpy()
    if decision:
        d = df[decision].astype(np.float64).to_numpy()
    else:
        d = np.where(s >= threshold, 1.0, 0.0)
    if not set(np.unique(y)) <= {0.0, 1.0} or not set(np.unique(d)) <= {0.0, 1.0}:
        raise ValueError(f"{path}: label and decision must be 0/1")
    w = df[weight].astype(np.float64).to_numpy() if weight else None
    prot = {}
    for c in protected:
        v = df[c].to_numpy(dtype=object)
        v = np.array(["" if x.strip() in missing else x for x in v], dtype=object)
        prot[c] = v
    return Predictions(y=y, s=s, d=d, w=w, prot=prot, fav=float(favorable))


# ----------------------------------------------------------------------------- values

@dataclass
class Ref:
    """One reference number. value None = undefined by definition (zero denominator,
    one class missing, ...); lib_raw keeps what the library itself returned when it
    differs (a silent 0.0, nan, inf). accept_either: edge case where fairaudit may
    report null or the number."""
    value: Optional[float]
    source: str
    lib_raw: Optional[float] = None
    note: str = ""
    accept_either: bool = False
    tol: Optional[float] = None      # overrides the checker's tolerance for this value
    at_most: bool = False            # fairaudit's value may not exceed this one (+1e-12)


def _finite(x):
    return x is not None and isinstance(x, (float, int, np.floating, np.integer)) \
        and math.isfinite(float(x))


def _num(x):
    return None if x is None else float(x)


def lib_value(x, source, *, undefined, note=""):
    """Wraps a library number; `undefined` is our independent zero-denominator test."""
    x = _num(x)
    if undefined:
        return Ref(None, source, lib_raw=x, note=note)
    if not _finite(x):
        return Ref(None, source, lib_raw=x, note=note or "library returned a non-finite value")
    return Ref(x, source, note=note)


@dataclass
class GroupRef:
    values: Tuple[str, ...]
    n: int
    weight: float
    confusion: Dict[str, Ref] = field(default_factory=dict)
    metrics: Dict[str, List[Ref]] = field(default_factory=dict)
    calibration: List[dict] = field(default_factory=list)
    vs_reference: Dict[str, List[Ref]] = field(default_factory=dict)


@dataclass
class AttributeRef:
    columns: Tuple[str, ...]
    reference: Tuple[str, ...]
    expected_reference: Tuple[str, ...]
    unknown: int
    groups: Dict[Tuple[str, ...], GroupRef] = field(default_factory=dict)
    disparities: Dict[str, List[Ref]] = field(default_factory=dict)


# ----------------------------------------------------------------------------- counts

def counts(p: Predictions, m):
    """Weighted confusion counts with the favourable value as positive."""
    w = p.wt[m]
    yt = p.y[m] == p.fav
    yp = p.d[m] == p.fav
    return dict(tp=float(np.sum(w[yt & yp])), fp=float(np.sum(w[~yt & yp])),
                tn=float(np.sum(w[~yt & ~yp])), fn=float(np.sum(w[yt & ~yp])))


def theil_ge_closed_form(c):
    """Closed forms from docs/reference-definitions.md §2.3 (b=1 TP/TN, 2 FP, 0 FN)."""
    n = c["tp"] + c["tn"] + c["fp"] + c["fn"]
    if n <= 0:
        return None, None
    mu = (c["tp"] + c["tn"] + 2.0 * c["fp"]) / n
    if mu <= 0:
        return None, None
    ge2 = ((c["tp"] + c["tn"] + 4.0 * c["fp"]) / (n * mu * mu) - 1.0) / 2.0
    t = 0.0
    if c["tp"] + c["tn"] > 0:
        t += (c["tp"] + c["tn"]) * (1.0 / mu) * math.log(1.0 / mu)
    if c["fp"] > 0:
        t += c["fp"] * (2.0 / mu) * math.log(2.0 / mu)
    return t / n, ge2


def between_group_theil_closed_form(group_counts):
    """Two-or-more-group between-group Theil from per-group counts."""
    tot = {k: sum(c[k] for c in group_counts) for k in ("tp", "fp", "tn", "fn")}
    n = sum(tot.values())
    mu = (tot["tp"] + tot["tn"] + 2.0 * tot["fp"]) / n
    acc = 0.0
    for c in group_counts:
        ng = sum(c.values())
        if ng <= 0:
            continue
        bg = (c["tp"] + c["tn"] + 2.0 * c["fp"]) / ng
        if bg > 0:
            acc += ng * (bg / mu) * math.log(bg / mu)
    return acc / n


# ----------------------------------------------------------------------------- AIF360

class AifFrame:
    """AIF360 datasets (truth and predictions) over the rows `m` with integer codes for
    the protected columns; conditions map group values to AIF360 condition dicts."""

    def __init__(self, p: Predictions, cols, m):
        self.cols = list(cols)
        self.codes = {}
        data = {}
        for c in self.cols:
            vals = p.prot[c][m]
            uniq = sorted(set(vals))
            self.codes[c] = {v: i for i, v in enumerate(uniq)}
            data[c] = np.array([self.codes[c][v] for v in vals], dtype=np.float64)
        data["label"] = p.y[m]
        wname = None
        if p.w is not None:
            data["w"] = p.w[m]
            wname = "w"
        df = pd.DataFrame(data)
        unfav = 1.0 - p.fav
        self.truth = aif.BinaryLabelDataset(
            df=df, label_names=["label"], protected_attribute_names=self.cols,
            instance_weights_name=wname, favorable_label=p.fav, unfavorable_label=unfav)
        self.pred = self.truth.copy(deepcopy=True)
        self.pred.labels = p.d[m].reshape(-1, 1).astype(np.float64)

    def cond(self, values):
        return {c: float(self.codes[c][v]) for c, v in zip(self.cols, values)}

    def metric(self, unpriv, priv):
        return aif.ClassificationMetric(
            self.truth, self.pred,
            unprivileged_groups=[self.cond(v) for v in unpriv] if unpriv else None,
            privileged_groups=[self.cond(v) for v in priv] if priv else None)


# ----------------------------------------------------------------------------- sklearn

CAL_BINS = 10


def calibration_bins(s, y1, w, nbins=CAL_BINS):
    """sklearn 1.2 calibration_curve binning (strategy='uniform'), weighted."""
    edges = np.linspace(0.0, 1.0, nbins + 1)
    ids = np.searchsorted(edges[1:-1], s)
    out = []
    for b in range(nbins):
        mb = ids == b
        wb = w[mb]
        sw = float(wb.sum())
        out.append(dict(lo=float(edges[b]), hi=float(edges[b + 1]), n=int(mb.sum()), w=sw,
                        mean_score=float(np.dot(wb, s[mb]) / sw) if sw > 0 else None,
                        positive_rate=float(np.dot(wb, y1[mb]) / sw) if sw > 0 else None))
    return out


def weighted_ks(s, y1, w):
    pos, neg = y1 == 1, y1 == 0
    wp, wn = w[pos].sum(), w[neg].sum()
    if wp <= 0 or wn <= 0:
        return None
    order = np.argsort(s, kind="mergesort")
    ss, yy, ww = s[order], y1[order], w[order]
    cp = np.cumsum(ww * (yy == 1)) / wp
    cn = np.cumsum(ww * (yy == 0)) / wn
    last = np.r_[ss[1:] != ss[:-1], True]   # CDF values after all ties at a score
    return float(np.max(np.abs(cp[last] - cn[last])))


def ks_histogram_bound(s, y1, w, hist):
    """Largest share of one label's weight inside one histogram bin (plus one row, for
    rows on a bin edge). KS read from a histogram is the exact sup restricted to bin edges,
    so it lies in [KS - bound, KS]."""
    lo, hi, bins = hist
    idx = np.clip(np.floor((s - lo) / (hi - lo) * bins), 0, bins - 1).astype(np.int64)
    bound = 0.0
    for lab in (0, 1):
        sel = y1 == lab
        tot = w[sel].sum()
        if tot > 0:
            mass = np.bincount(idx[sel], weights=w[sel], minlength=bins)
            bound = max(bound, float((mass.max() + w[sel].max()) / tot))
    return bound


def score_metrics(p: Predictions, m, scores_are_probabilities: bool, hist=None):
    """mean_score, brier, log_loss, auc, ks, ece and the calibration table of rows m.
    hist = (lo, hi, bins) when fairaudit reports histogram score distributions."""
    s, y1, w = p.s[m], (p.y[m] == 1).astype(np.int64), p.wt[m]
    sw = p.w[m] if p.w is not None else None
    out: Dict[str, List[Ref]] = {}
    W = float(w.sum())
    out["mean_score"] = [lib_value(np.average(s, weights=w) if W > 0 else None,
                                   "numpy average(score, weights)", undefined=W <= 0)]
    both = bool(np.any(y1 == 1) and np.any(y1 == 0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if both:
            auc = skm.roc_auc_score(y1, s, sample_weight=sw)
        else:
            auc = None
        out["auc"] = [lib_value(auc, "sklearn roc_auc_score", undefined=not both)]
        if p.w is None and both:
            ks = sps.ks_2samp(s[y1 == 1], s[y1 == 0]).statistic
            src = "scipy ks_2samp(...).statistic"
        else:
            ks = weighted_ks(s, y1, w)
            src = "numpy weighted two-sample KS"
        out["ks"] = [lib_value(ks, src, undefined=not both)]
        if hist is not None and both:
            b = ks_histogram_bound(s, y1, w, hist)
            out["ks"][0].tol = b
            out["ks"][0].at_most = True
            out["ks"][0].note = (f"fairaudit uses {hist[2]} histogram bins: KS evaluated at bin "
                                 f"edges, within [KS - {b:.2e}, KS]")
        if scores_are_probabilities and W > 0:
            brier = skm.brier_score_loss(y1, s, sample_weight=sw, pos_label=1)
            ll = skm.log_loss(y1, s, sample_weight=sw, labels=[0, 1])
            cal = calibration_bins(s, y1, w)
            ece = sum(b["w"] / W * abs(b["mean_score"] - b["positive_rate"])
                      for b in cal if b["w"] > 0)
            if p.w is None:   # cross-check our binning against sklearn's own curve
                prob_true, prob_pred = skcal.calibration_curve(y1, s, n_bins=CAL_BINS,
                                                               strategy="uniform")
                ne = [b for b in cal if b["n"] > 0]
                assert len(ne) == len(prob_true)
                for b, pt, pp in zip(ne, prob_true, prob_pred):
                    b["positive_rate"], b["mean_score"] = float(pt), float(pp)
            undefined = False
        else:
            brier = ll = ece = None
            cal = []
            undefined = True
        why = "" if scores_are_probabilities else "scores outside [0,1]"
        out["brier"] = [lib_value(brier, "sklearn brier_score_loss", undefined=undefined,
                                  note=why)]
        out["log_loss"] = [lib_value(ll, "sklearn log_loss (eps=float64 eps)",
                                     undefined=undefined, note=why)]
        out["ece"] = [lib_value(ece, "numpy over sklearn calibration_curve bins",
                                undefined=undefined, note=why)]
    return out, cal


# ----------------------------------------------------------------------------- per group

RATE_KEYS = ["selection_rate", "tpr", "fpr", "tnr", "fnr", "ppv", "npv", "fdr", "for",
             "accuracy", "base_rate"]
SCORE_KEYS = ["mean_score", "brier", "log_loss", "auc", "ks", "ece"]
METRIC_KEYS = RATE_KEYS + SCORE_KEYS


def rate_denominators(c):
    P, N = c["tp"] + c["fn"], c["fp"] + c["tn"]
    PP, PN = c["tp"] + c["fp"], c["tn"] + c["fn"]
    W = P + N
    return dict(selection_rate=W, tpr=P, fpr=N, tnr=N, fnr=P, ppv=PP, npv=PN, fdr=PP,
                **{"for": PN}, accuracy=W, base_rate=W)


AIF_PM = dict(tpr="TPR", fpr="FPR", tnr="TNR", fnr="FNR", ppv="PPV", npv="NPV",
              fdr="FDR", accuracy="ACC", **{"for": "FOR"})


def aif_group_metrics(cm, privileged, c):
    """Per-group rates from an AIF360 ClassificationMetric (privileged: True/False/None)."""
    den = rate_denominators(c)
    with np.errstate(all="ignore"):
        pm = cm.performance_measures(privileged=privileged)
        out = {}
        for k, a in AIF_PM.items():
            out[k] = lib_value(pm[a], f"aif360 ClassificationMetric.performance_measures['{a}']",
                               undefined=den[k] <= 0)
        out["selection_rate"] = lib_value(cm.selection_rate(privileged=privileged),
                                          "aif360 ClassificationMetric.selection_rate",
                                          undefined=den["selection_rate"] <= 0)
        out["base_rate"] = lib_value(cm.base_rate(privileged=privileged),
                                     "aif360 BinaryLabelDatasetMetric.base_rate",
                                     undefined=den["base_rate"] <= 0)
        bcm = cm.binary_confusion_matrix(privileged=privileged)
    conf = {k.lower(): Ref(float(v), "aif360 ClassificationMetric.binary_confusion_matrix")
            for k, v in bcm.items()}
    return out, conf


FL_BASE = dict(selection_rate="selection_rate", tpr="true_positive_rate",
               fpr="false_positive_rate", tnr="true_negative_rate",
               fnr="false_negative_rate")


def fairlearn_frame(p: Predictions, cols, m):
    """MetricFrame over rows m with 1 = favourable (so pos_label=1 is the favourable value)."""
    yf, dfv = p.yf()[m], p.df_()[m]
    sf = pd.DataFrame({c: p.prot[c][m] for c in cols})
    metrics = {k: getattr(fl, v) for k, v in FL_BASE.items()}
    metrics["count"] = fl.count
    sp = {k: {"sample_weight": p.w[m]} for k in FL_BASE} if p.w is not None else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mf = fl.MetricFrame(metrics=metrics, y_true=yf, y_pred=dfv, sensitive_features=sf,
                            sample_params=sp)
    return mf, yf, dfv, sf


def _by_group_value(mf, key, values):
    idx = values[0] if len(values) == 1 else tuple(values)
    return mf.by_group.loc[idx, key]


# ----------------------------------------------------------------------------- p-values

def two_proportion_p(x1, n1, x2, n2):
    if n1 <= 0 or n2 <= 0:
        return None
    p = (x1 + x2) / (n1 + n2)
    if p <= 0 or p >= 1:
        return 1.0   # both rates 0 or both 1: no difference
    z = (x1 / n1 - x2 / n2) / math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    return math.erfc(abs(z) / math.sqrt(2.0))


def fisher_p(x1, n1, x2, n2):
    return float(sps.fisher_exact([[x1, n1 - x1], [x2, n2 - x2]],
                                  alternative="two-sided")[1])


def holm(pvals):
    """Holm step-down adjustment; None entries are left out and stay None."""
    idx = [i for i, v in enumerate(pvals) if v is not None]
    order = sorted(idx, key=lambda i: pvals[i])
    m = len(order)
    adj = [None] * len(pvals)
    run = 0.0
    for rank, i in enumerate(order):
        run = max(run, min(1.0, (m - rank) * pvals[i]))
        adj[i] = run
    return adj


# ----------------------------------------------------------------------------- attribute

def group_keys(p: Predictions, cols):
    known = np.ones(p.n, dtype=bool)
    for c in cols:
        known &= p.prot[c] != ""
    keys = {}
    if known.any():
        stacked = list(zip(*[p.prot[c][known] for c in cols]))
        kidx = np.flatnonzero(known)
        buckets: Dict[Tuple[str, ...], list] = {}
        for i, k in zip(kidx, stacked):
            buckets.setdefault(tuple(k), []).append(i)
        for k, ids in buckets.items():
            mk = np.zeros(p.n, dtype=bool)
            mk[np.array(ids)] = True
            keys[k] = mk
    return known, keys


def expected_reference(p: Predictions, cols, keys, reference_arg):
    if reference_arg and len(cols) == 1 and cols[0] in reference_arg:
        return (reference_arg[cols[0]],)
    # default: the group with the most rows (ties: first in sorted order)
    best = max(sorted(keys), key=lambda k: int(keys[k].sum()))
    return best


def compute_attribute(p: Predictions, cols, reference, *, scores_are_probabilities,
                      reference_arg=None, hist=None) -> AttributeRef:
    """All reference values for one attribute (or intersection) `cols`.
    `reference`: the reference group values to use (normally those in audit.json)."""
    cols = tuple(cols)
    known, keys = group_keys(p, cols)
    exp_ref = expected_reference(p, cols, keys, reference_arg or {})
    ref = tuple(reference) if reference else exp_ref
    if ref not in keys:
        raise ValueError(f"reference group {ref} of {cols} has no rows")
    attr = AttributeRef(columns=cols, reference=ref, expected_reference=exp_ref,
                        unknown=int((~known).sum()))
    frame = AifFrame(p, cols, known)
    sub = {k: v[known] for k, v in keys.items()}   # masks within the known rows
    others = [k for k in sorted(keys) if k != ref]

    mf, yf, dfv, sf = fairlearn_frame(p, cols, known)
    w_known = p.w[known] if p.w is not None else None

    # --- per group -----------------------------------------------------------------
    gcounts = {}
    for k in sorted(keys):
        m = keys[k]
        c = counts(p, m)
        gcounts[k] = c
        g = GroupRef(values=k, n=int(m.sum()), weight=float(p.wt[m].sum()))
        if k == ref:
            cm = frame.metric(others, [ref]) if others else frame.metric(None, None)
            aif_m, conf = aif_group_metrics(cm, True if others else None, c)
        else:
            cm = frame.metric([k], [ref])
            aif_m, conf = aif_group_metrics(cm, False, c)
        g.confusion = conf
        den = rate_denominators(c)
        for key in RATE_KEYS:
            g.metrics[key] = [aif_m[key]]
        for key, fname in FL_BASE.items():
            v = _by_group_value(mf, key, k)
            g.metrics[key].insert(0, lib_value(
                v, f"fairlearn MetricFrame({fname}).by_group", undefined=den[key] <= 0,
                note="fairlearn/sklearn returns 0.0 here (nan_to_num)"
                if den[key] <= 0 else ""))
        g.metrics["accuracy"].append(lib_value(
            skm.accuracy_score(yf[sub[k]], dfv[sub[k]],
                               sample_weight=w_known[sub[k]] if w_known is not None else None)
            if den["accuracy"] > 0 else None, "sklearn accuracy_score",
            undefined=den["accuracy"] <= 0))
        sm, cal = score_metrics(p, m, scores_are_probabilities, hist)
        g.metrics.update(sm)
        g.calibration = cal
        attr.groups[k] = g

    # --- vs_reference (AIF360 pairwise: unprivileged=[g], privileged=[ref]) ----------
    cref = gcounts[ref]
    Wref = sum(cref.values())
    sr_ref = (cref["tp"] + cref["fp"]) / Wref
    mref = keys[ref]
    raw_p = []
    for k in others:
        g = attr.groups[k]
        c = gcounts[k]
        cm = frame.metric([k], [ref])
        den_g, den_r = rate_denominators(c), rate_denominators(cref)
        with np.errstate(all="ignore"):
            g.vs_reference["adverse_impact_ratio"] = [lib_value(
                cm.disparate_impact(), "aif360 disparate_impact (unpriv=[g], priv=[ref])",
                undefined=den_g["selection_rate"] <= 0 or (cref["tp"] + cref["fp"]) <= 0)]
            g.vs_reference["selection_rate_difference"] = [lib_value(
                cm.statistical_parity_difference(),
                "aif360 statistical_parity_difference (unpriv=[g], priv=[ref])",
                undefined=den_g["selection_rate"] <= 0)]
            g.vs_reference["tpr_difference"] = [lib_value(
                cm.true_positive_rate_difference(),
                "aif360 true_positive_rate_difference (unpriv=[g], priv=[ref])",
                undefined=den_g["tpr"] <= 0 or den_r["tpr"] <= 0)]
            g.vs_reference["fpr_difference"] = [lib_value(
                cm.false_positive_rate_difference(),
                "aif360 false_positive_rate_difference (unpriv=[g], priv=[ref])",
                undefined=den_g["fpr"] <= 0 or den_r["fpr"] <= 0)]
        # Standardized mean difference of scores (docs/metrics.md): (mean_g - mean_ref) /
        # pooled SD, pooled variance = (SS_g + SS_ref) / ((W_g + W_ref) * (n - 2) / n),
        # n = rows of both groups, SS weighted sums of squared deviations from each group's
        # mean. Without weights: Cohen's d with the (n_g + n_ref - 2) denominator.
        sg, sr_ = p.s[keys[k]], p.s[mref]
        wg, wr = p.wt[keys[k]], p.wt[mref]
        mg, mr = np.average(sg, weights=wg), np.average(sr_, weights=wr)
        Wg, Wr = float(wg.sum()), float(wr.sum())
        nrows = len(sg) + len(sr_)
        ss = float(np.dot(wg, (sg - mg) ** 2) + np.dot(wr, (sr_ - mr) ** 2))
        var = ss / ((Wg + Wr) * (nrows - 2) / nrows) if nrows > 2 else 0.0
        smd = (mg - mr) / math.sqrt(var) if var > 0 else None
        if p.w is None:   # unweighted: must equal Cohen's d from scipy-free textbook form
            sd_pooled = math.sqrt((np.var(sg, ddof=1) * (len(sg) - 1) +
                                   np.var(sr_, ddof=1) * (len(sr_) - 1)) / (nrows - 2))
            assert smd is None or abs(smd - (mg - mr) / sd_pooled) < 1e-9
        g.vs_reference["smd"] = [lib_value(smd, "numpy standardized mean difference "
                                           "(pooled SD, n-2)", undefined=smd is None)]
        Wgs = sum(c.values())
        short = sr_ref * Wgs - (c["tp"] + c["fp"])
        g.vs_reference["shortfall"] = [Ref(float(max(0.0, short)),
                                           "numpy max(0, SR_ref*W_g - selected_g)")]
        # Significance of SR_g vs SR_ref: row counts; with weights Kish effective sizes
        # n_eff = W^2 / sum w^2 and x_eff = SR * n_eff. Fisher's exact test (scipy, two-sided,
        # counts rounded) when an expected cell is below 5, else the pooled z test.
        if p.w is None:
            x1, n1 = float(np.sum(p.d[keys[k]] == p.fav)), float(keys[k].sum())
            x2, n2 = float(np.sum(p.d[mref] == p.fav)), float(mref.sum())
        else:
            n1 = Wg * Wg / float(np.dot(wg, wg))
            n2 = Wr * Wr / float(np.dot(wr, wr))
            x1 = (c["tp"] + c["fp"]) / Wgs * n1
            x2 = sr_ref * n2
        pool = (x1 + x2) / (n1 + n2)
        exp_min = min(n1 * pool, n1 * (1 - pool), n2 * pool, n2 * (1 - pool))
        if exp_min < 5:
            hround = lambda v: int(math.floor(v + 0.5))   # C llround for v >= 0
            pv = fisher_p(hround(x1), hround(n1), hround(x2), hround(n2))
            src = "scipy fisher_exact two-sided"
        else:
            pv, src = two_proportion_p(x1, n1, x2, n2), "two-proportion z (pooled)"
        g.vs_reference["p_value"] = [lib_value(pv, src, undefined=pv is None)]
        raw_p.append(pv)
    for k, adj in zip(others, holm(raw_p)):
        attr.groups[k].vs_reference["p_value_adjusted"] = [lib_value(
            adj, "Holm over the attribute's non-reference groups", undefined=adj is None)]

    # --- fairlearn between-group disparities ----------------------------------------
    D = attr.disparities
    def fl_call(fn):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(yf, dfv, sensitive_features=sf, sample_weight=w_known)
    sr = {k: (c["tp"] + c["fp"]) / sum(c.values()) for k, c in gcounts.items()}
    tpr = {k: c["tp"] / (c["tp"] + c["fn"]) for k, c in gcounts.items()
           if c["tp"] + c["fn"] > 0}
    fpr = {k: c["fp"] / (c["fp"] + c["tn"]) for k, c in gcounts.items()
           if c["fp"] + c["tn"] > 0}
    silent = len(tpr) < len(gcounts) or len(fpr) < len(gcounts)
    def spread(d):
        return (max(d.values()) - min(d.values())) if d else None
    def minmax_ratio(d):
        if not d or max(d.values()) <= 0:
            return None
        return min(d.values()) / max(d.values())
    few_sr, few_tpr, few_fpr = len(sr) < 2, len(tpr) < 2, len(fpr) < 2
    dpd = fl_call(fl.demographic_parity_difference)
    dpr = fl_call(fl.demographic_parity_ratio)
    D["demographic_parity_difference"] = [lib_value(dpd, "fairlearn demographic_parity_difference",
                                                    undefined=False)]
    D["demographic_parity_ratio"] = [lib_value(dpr, "fairlearn demographic_parity_ratio",
                                               undefined=max(sr.values()) <= 0)]
    eod = fl_call(fl.equalized_odds_difference)
    eor = fl_call(fl.equalized_odds_ratio)
    eop = fl_call(fl.true_positive_rate_difference)
    note = ("fairlearn raw value counts undefined group TPR/FPR as 0.0 (sklearn "
            "nan_to_num); reference = fairlearn's skipna aggregation without those groups")
    if not silent:
        D["equalized_odds_difference"] = [lib_value(eod, "fairlearn equalized_odds_difference",
                                                    undefined=False)]
        D["equalized_odds_ratio"] = [lib_value(
            eor, "fairlearn equalized_odds_ratio",
            undefined=minmax_ratio(tpr) is None or minmax_ratio(fpr) is None)]
        D["equal_opportunity_difference"] = [lib_value(
            eop, "fairlearn true_positive_rate_difference (0.9 name of equal opportunity)",
            undefined=False)]
    else:
        a, b = spread(tpr), spread(fpr)
        D["equalized_odds_difference"] = [Ref(
            None if a is None or b is None else max(a, b),
            "fairlearn equalized_odds_difference (undefined groups removed)",
            lib_raw=_num(eod), note=note)]
        ra, rb = minmax_ratio(tpr), minmax_ratio(fpr)
        D["equalized_odds_ratio"] = [Ref(
            None if ra is None or rb is None else min(ra, rb),
            "fairlearn equalized_odds_ratio (undefined groups removed)",
            lib_raw=_num(eor), note=note)]
        D["equal_opportunity_difference"] = [Ref(
            spread(tpr), "fairlearn true_positive_rate_difference (undefined groups removed)",
            lib_raw=_num(eop), note=note)]
    # cross-check our own max-min against fairlearn when nothing is undefined
    if not silent:
        assert abs(spread(tpr) - float(eop)) < 1e-12
        assert abs(max(spread(tpr), spread(fpr)) - float(eod)) < 1e-12

    # --- AIF360 reference-group disparities (pooled unprivileged) -------------------
    if others:
        cm = frame.metric(others, [ref])
        cu = {key: sum(gcounts[k][key] for k in others) for key in ("tp", "fp", "tn", "fn")}
        du, dr = rate_denominators(cu), rate_denominators(cref)
        with np.errstate(all="ignore"):
            D["statistical_parity_difference"] = [lib_value(
                cm.statistical_parity_difference(),
                "aif360 ClassificationMetric.statistical_parity_difference", undefined=False)]
            D["disparate_impact"] = [lib_value(
                cm.disparate_impact(), "aif360 ClassificationMetric.disparate_impact",
                undefined=(cref["tp"] + cref["fp"]) <= 0)]
            tpr_undef = du["tpr"] <= 0 or dr["tpr"] <= 0
            odds_undef = tpr_undef or du["fpr"] <= 0 or dr["fpr"] <= 0
            D["equal_opportunity_difference_vs_reference"] = [lib_value(
                cm.equal_opportunity_difference(),
                "aif360 ClassificationMetric.equal_opportunity_difference", undefined=tpr_undef)]
            D["average_odds_difference"] = [lib_value(
                cm.average_odds_difference(), "aif360 ClassificationMetric.average_odds_difference",
                undefined=odds_undef)]
            D["average_abs_odds_difference"] = [lib_value(
                cm.average_abs_odds_difference(),
                "aif360 ClassificationMetric.average_abs_odds_difference", undefined=odds_undef)]
            theil = cm.theil_index()
            ge2 = cm.generalized_entropy_index(alpha=2)
            bgt = cm.between_group_theil_index()
        ctot = {key: sum(gcounts[k][key] for k in gcounts) for key in ("tp", "fp", "tn", "fn")}
        if p.w is None:
            t_cf, g_cf = theil_ge_closed_form(ctot)
            bg_cf = between_group_theil_closed_form([cu, cref])
            # the closed forms in docs/reference-definitions.md reproduce AIF360
            assert t_cf is None or abs(t_cf - theil) < 1e-12, (t_cf, theil)
            assert g_cf is None or abs(g_cf - ge2) < 1e-12, (g_cf, ge2)
            assert abs(bg_cf - bgt) < 1e-12, (bg_cf, bgt)
            D["theil_index"] = [lib_value(theil, "aif360 ClassificationMetric.theil_index",
                                          undefined=False)]
            D["generalized_entropy_index"] = [lib_value(
                ge2, "aif360 ClassificationMetric.generalized_entropy_index(alpha=2)",
                undefined=False)]
            D["between_group_theil_index"] = [lib_value(
                bgt, "aif360 ClassificationMetric.between_group_theil_index", undefined=False)]
            with np.errstate(all="ignore"):
                bat = cm._between_group_generalized_entropy_index(
                    groups=[[frame.cond(k)] for k in sorted(keys)], alpha=1)
            assert abs(between_group_theil_closed_form(list(gcounts.values())) - bat) < 1e-12
            D["between_all_groups_theil_index"] = [lib_value(
                bat, "aif360 ClassificationMetric._between_group_generalized_entropy_index("
                "one group per value, alpha=1)", undefined=False)]
        else:
            t_cf, g_cf = theil_ge_closed_form(ctot)
            bg_cf = between_group_theil_closed_form([cu, cref])
            wnote = "AIF360 ignores instance weights here; weighted closed form"
            D["theil_index"] = [Ref(t_cf, "closed form on weighted counts", _num(theil), wnote)]
            D["generalized_entropy_index"] = [Ref(g_cf, "closed form on weighted counts",
                                                  _num(ge2), wnote)]
            D["between_group_theil_index"] = [Ref(bg_cf, "closed form on weighted counts",
                                                  _num(bgt), wnote)]
            D["between_all_groups_theil_index"] = [Ref(
                between_group_theil_closed_form(list(gcounts.values())),
                "closed form on weighted counts", None, wnote)]
    # --- calibration gap ---------------------------------------------------------------
    eces = [attr.groups[k].metrics["ece"][0].value for k in attr.groups]
    eces = [e for e in eces if e is not None]
    D["calibration_gap"] = [Ref(max(eces) - min(eces) if len(eces) >= 2 else None,
                                "max-min of group ECE")]
    # Fewer than two groups with a defined rate: fairlearn's max-min is 0 (one value) while
    # fairaudit reports null ("fewer than two groups"); accept either.
    for key, few in (("demographic_parity_difference", few_sr), ("demographic_parity_ratio", few_sr),
                     ("equal_opportunity_difference", few_tpr),
                     ("equalized_odds_difference", few_tpr or few_fpr),
                     ("equalized_odds_ratio", few_tpr or few_fpr)):
        if few:
            for r in D[key]:
                r.accept_either = True
                r.note = (r.note + "; " if r.note else "") + "fewer than two groups defined"
    return attr


def compute_overall(p: Predictions, scores_are_probabilities, hist=None):
    m = np.ones(p.n, dtype=bool)
    c = counts(p, m)
    cols = list(p.prot)[:1]
    out = GroupRef(values=(), n=p.n, weight=float(p.wt.sum()))
    # AIF360 needs a protected column; metrics with privileged=None ignore it.
    if cols:
        tmp = Predictions(p.y, p.s, p.d, p.w, {cols[0]: np.where(p.prot[cols[0]] == "", "?",
                                                                  p.prot[cols[0]])}, p.fav)
    else:
        tmp = Predictions(p.y, p.s, p.d, p.w, {"_": np.array(["x"] * p.n, dtype=object)}, p.fav)
        cols = ["_"]
    frame = AifFrame(tmp, cols, m)
    aif_m, conf = aif_group_metrics(frame.metric(None, None), None, c)
    out.confusion = conf
    for k in RATE_KEYS:
        out.metrics[k] = [aif_m[k]]
    den = rate_denominators(c)
    yf, dfv = p.yf(), p.df_()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for key, fname in FL_BASE.items():
            v = getattr(fl, fname)(yf, dfv, sample_weight=p.w)
            out.metrics[key].insert(0, lib_value(v, f"fairlearn {fname}",
                                                 undefined=den[key] <= 0))
    sm, cal = score_metrics(p, m, scores_are_probabilities, hist)
    out.metrics.update(sm)
    out.calibration = cal
    return out


def attribute_combinations(protected, intersections):
    """The attribute entries fairaudit should report: each column, and with
    --intersections every combination of two or more of them."""
    out = [(c,) for c in protected]
    if intersections:
        for r in range(2, len(protected) + 1):
            out.extend(itertools.combinations(protected, r))
    return out
