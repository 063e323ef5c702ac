/*
 * lending.c — each group against the reference group: adverse impact ratio, rate
 * differences, standardized mean difference of scores, shortfall, and the significance of
 * the selection-rate difference (two-proportion z test or Fisher's exact test, Holm-adjusted
 * across the groups of an attribute). Definitions: docs/metrics.md, "Against the reference".
 */
#include <stdlib.h>

#include "common/internal.h"
#include "metrics/metrics.h"

#define WHY_REF_SR_ZERO "the reference group's selection rate is 0"

static fa_value diff(fa_value a, fa_value b)
{
    if (!fa_value_defined(a))
        return a;
    if (!fa_value_defined(b))
        return b;
    return fa_value_of(a.v - b.v);
}

/* Weighted totals of a summary: W, sum w s, sum w s^2, rows. */
static void score_totals(const fa_summary *s, double *w, double *ws, double *ws2, double *n)
{
    unsigned k;

    *w = *ws = *ws2 = *n = 0.0;
    for (k = 0; k < 4 * s->n_cal; k++) {
        *w += s->mom[k].w;
        *ws += s->mom[k].ws;
        *ws2 += s->mom[k].ws2;
        *n += s->mom[k].n;
    }
}

/* (mean_g - mean_r) / pooled SD. Pooled variance: (SS_g + SS_r) / ((W_g + W_r) * (n - 2) / n)
 * with n = n_g + n_r rows and SS the weighted sums of squared deviations from each group's
 * mean; without weights this is Cohen's d with the (n_g + n_r - 2) denominator. */
static fa_value smd(const fa_summary *g, const fa_summary *r)
{
    double wg, sg, s2g, ng, wr, sr, s2r, nr, mg, mr, ssg, ssr, n, var;

    score_totals(g, &wg, &sg, &s2g, &ng);
    score_totals(r, &wr, &sr, &s2r, &nr);
    if (!(wg > 0.0) || !(wr > 0.0))
        return fa_value_undef("a group has zero total weight");
    n = ng + nr;
    if (!(n > 2.0))
        return fa_value_undef("fewer than three rows in the two groups");
    mg = sg / wg;
    mr = sr / wr;
    ssg = s2g - sg * mg;
    ssr = s2r - sr * mr;
    if (ssg < 0.0)
        ssg = 0.0;
    if (ssr < 0.0)
        ssr = 0.0;
    var = (ssg + ssr) / ((wg + wr) * (n - 2.0) / n);
    if (!(var > 0.0))
        return fa_value_undef("scores do not vary within the two groups (pooled SD is 0)");
    return fa_value_of((mg - mr) / sqrt(var));
}

fa_value fa_ztest_p(double x1, double n1, double x2, double n2)
{
    double p, se, z;

    if (!(n1 > 0.0) || !(n2 > 0.0))
        return fa_value_undef("a group has no rows");
    p = (x1 + x2) / (n1 + n2);
    if (!(p > 0.0 && p < 1.0))
        return fa_value_of(1.0); /* both rates 0 or both 1: no difference */
    se = sqrt(p * (1.0 - p) * (1.0 / n1 + 1.0 / n2));
    z = (x1 / n1 - x2 / n2) / se;
    return fa_value_of(erfc(fabs(z) / sqrt(2.0)));
}

static double log_hyper(uint64_t x, uint64_t n1, uint64_t n2, uint64_t n)
{
    /* P(X = x), X ~ hypergeometric: x of the n column-0 items fall in row 0 (size n1) */
    double a = (double)x, r1 = (double)n1, r2 = (double)n2, c = (double)n;

    return lgamma(r1 + 1) - lgamma(a + 1) - lgamma(r1 - a + 1) + lgamma(r2 + 1) -
           lgamma(c - a + 1) - lgamma(r2 - c + a + 1) - (lgamma(r1 + r2 + 1) - lgamma(c + 1) -
                                                          lgamma(r1 + r2 - c + 1));
}

/* scipy.stats.fisher_exact(alternative="two-sided"): the sum of the probabilities of all
 * tables with the same margins that are no more likely than the observed one (relative
 * tolerance 1e-14), and 1 when a margin is zero or the observed table is the mode. */
double fa_fisher_p(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2)
{
    const double gamma = 1.0 + 1e-14;
    uint64_t n = x1 + x2, lo, hi, x;

    double pobs, pmode, total = 0.0;
    uint64_t mode;

    if (n1 == 0 || n2 == 0 || n == 0 || n == n1 + n2)
        return 1.0;
    lo = n > n2 ? n - n2 : 0;
    hi = n < n1 ? n : n1;
    mode = (uint64_t)(((double)n + 1.0) * ((double)n1 + 1.0) / ((double)n1 + (double)n2 + 2.0));
    if (mode < lo)
        mode = lo;
    if (mode > hi)
        mode = hi;
    pobs = exp(log_hyper(x1, n1, n2, n));
    pmode = exp(log_hyper(mode, n1, n2, n));
    if (fabs(pobs - pmode) / (pobs > pmode ? pobs : pmode) <= 1e-14)
        return 1.0;
    /* The pmf falls monotonically away from the mode: walk outwards from it and stop once
     * the terms underflow (the skipped terms are below 1e-300 each). */
    for (x = mode;; x--) {
        double px = exp(log_hyper(x, n1, n2, n));
        if (px <= pobs * gamma)
            total += px;
        if (px == 0.0 || x == lo)
            break;
    }
    for (x = mode + 1; x <= hi; x++) {
        double px = exp(log_hyper(x, n1, n2, n));
        if (px <= pobs * gamma)
            total += px;
        if (px == 0.0)
            break;
    }
    return total < 1.0 ? total : 1.0;
}

static int cmp_idx_p(const void *a, const void *b, const fa_value *p)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    double x = p[i].v, y = p[j].v;
    if (x != y)
        return (x > y) - (x < y);
    return (i > j) - (i < j);
}

bool fa_holm(const fa_value *p, size_t n, fa_value *adj)
{
    size_t *idx = fa_calloc(n ? n : 1, sizeof *idx), m = 0, i, j;
    double run = 0.0;

    for (i = 0; i < n; i++)
        adj[i] = fa_value_defined(p[i]) ? p[i] : fa_value_undef(p[i].reason);
    if (idx == NULL) {
        for (i = 0; i < n; i++)
            adj[i] = fa_value_undef("out of memory");
        return false;
    }
    for (i = 0; i < n; i++)
        if (fa_value_defined(p[i]))
            idx[m++] = i;
    /* insertion sort by p (stable on index): m is the number of groups, small */
    for (i = 1; i < m; i++) {
        size_t v = idx[i];
        for (j = i; j > 0 && cmp_idx_p(&idx[j - 1], &v, p) > 0; j--)
            idx[j] = idx[j - 1];
        idx[j] = v;
    }
    for (i = 0; i < m; i++) {
        double a = (double)(m - i) * p[idx[i]].v;
        if (a > 1.0)
            a = 1.0;
        if (a > run)
            run = a;
        adj[idx[i]] = fa_value_of(run);
    }
    fa_free(idx);
    return true;
}

const char *fa_vsfig_key(fa_vsfig f)
{
    switch (f) {
    case FA_VS_ADVERSE_IMPACT_RATIO:
        return "adverse_impact_ratio";
    case FA_VS_SELECTION_RATE_DIFF:
        return "selection_rate_difference";
    case FA_VS_TPR_DIFF:
        return "tpr_difference";
    case FA_VS_FPR_DIFF:
        return "fpr_difference";
    case FA_VS_SMD:
        return "smd";
    case FA_VS_COUNT:
        break;
    }
    return "?";
}

fa_value fa_vsfig_get(const fa_vsref *vs, fa_vsfig f)
{
    switch (f) {
    case FA_VS_ADVERSE_IMPACT_RATIO:
        return vs->adverse_impact_ratio;
    case FA_VS_SELECTION_RATE_DIFF:
        return vs->selection_rate_difference;
    case FA_VS_TPR_DIFF:
        return vs->tpr_difference;
    case FA_VS_FPR_DIFF:
        return vs->fpr_difference;
    case FA_VS_SMD:
        return vs->smd;
    case FA_VS_COUNT:
        break;
    }
    return fa_value_undef("unknown comparison");
}

/* The effect sizes; cg, cr receive the two confusions. */
static void effects(const fa_summary *g, const fa_summary *ref, int favorable, fa_vsref *out,
                    fa_confusion *cg_out, fa_confusion *cr_out)
{
    fa_confusion cg, cr;
    fa_value srg, srr;
    double wg;

    fa_summary_confusion(g, favorable, &cg);
    fa_summary_confusion(ref, favorable, &cr);
    srg = fa_rate(&cg, FA_GM_SELECTION_RATE);
    srr = fa_rate(&cr, FA_GM_SELECTION_RATE);
    out->selection_rate_difference = diff(srg, srr);
    if (!fa_value_defined(srg))
        out->adverse_impact_ratio = srg;
    else if (!fa_value_defined(srr))
        out->adverse_impact_ratio = srr;
    else if (!(srr.v > 0.0))
        out->adverse_impact_ratio = fa_value_undef(WHY_REF_SR_ZERO);
    else
        out->adverse_impact_ratio = fa_value_of(srg.v / srr.v);
    out->tpr_difference = diff(fa_rate(&cg, FA_GM_TPR), fa_rate(&cr, FA_GM_TPR));
    out->fpr_difference = diff(fa_rate(&cg, FA_GM_FPR), fa_rate(&cr, FA_GM_FPR));
    out->smd = smd(g, ref);
    wg = cg.tp + cg.fp + cg.tn + cg.fn;
    if (!fa_value_defined(srr)) {
        out->shortfall = srr;
    } else {
        double s = srr.v * wg - (cg.tp + cg.fp);
        out->shortfall = fa_value_of(s > 0.0 ? s : 0.0);
    }
    out->p_value = fa_value_undef("no significance test on a bootstrap replicate");
    out->p_value_adjusted = fa_value_undef("not adjusted");
    out->test = FA_PTEST_NONE;
    *cg_out = cg;
    *cr_out = cr;
}

void fa_vs_effects(const fa_summary *g, const fa_summary *ref, int favorable, fa_vsref *out)
{
    fa_confusion cg, cr;

    effects(g, ref, favorable, out, &cg, &cr);
}

void fa_vs_reference(const fa_summary *g, const fa_summary *ref, int favorable, bool weighted,
                     fa_vsref *out)
{
    fa_confusion cg, cr;
    fa_value srg, srr;
    double wg, wr;

    effects(g, ref, favorable, out, &cg, &cr);
    srg = fa_rate(&cg, FA_GM_SELECTION_RATE);
    srr = fa_rate(&cr, FA_GM_SELECTION_RATE);
    wg = cg.tp + cg.fp + cg.tn + cg.fn;
    wr = cr.tp + cr.fp + cr.tn + cr.fn;
    /* significance of SR_g vs SR_ref */
    {
        double x1, n1, x2, n2, pool, e_min;
        if (weighted) {
            /* Kish effective sample sizes: n_eff = W^2 / sum w^2; x_eff = SR * n_eff */
            n1 = g->ww > 0.0 ? wg * wg / g->ww : 0.0;
            n2 = ref->ww > 0.0 ? wr * wr / ref->ww : 0.0;
            x1 = fa_value_defined(srg) ? srg.v * n1 : 0.0;
            x2 = fa_value_defined(srr) ? srr.v * n2 : 0.0;
        } else {
            x1 = (double)(cg.ntp + cg.nfp);
            n1 = (double)(cg.ntp + cg.nfp + cg.ntn + cg.nfn);
            x2 = (double)(cr.ntp + cr.nfp);
            n2 = (double)(cr.ntp + cr.nfp + cr.ntn + cr.nfn);
        }
        out->p_value_adjusted = fa_value_undef("not adjusted");
        if (!(n1 > 0.0) || !(n2 > 0.0)) {
            out->p_value = fa_value_undef("a group has no rows");
            out->test = FA_PTEST_NONE;
        } else {
            pool = (x1 + x2) / (n1 + n2);
            e_min = fmin(fmin(n1 * pool, n1 * (1.0 - pool)), fmin(n2 * pool, n2 * (1.0 - pool)));
            if (e_min < FA_FISHER_MIN_EXPECTED) {
                out->test = FA_PTEST_FISHER;
                out->p_value = fa_value_of(fa_fisher_p((uint64_t)llround(x1), (uint64_t)llround(n1),
                                                       (uint64_t)llround(x2), (uint64_t)llround(n2)));
            } else {
                out->test = FA_PTEST_Z;
                out->p_value = fa_ztest_p(x1, n1, x2, n2);
            }
        }
    }
}
