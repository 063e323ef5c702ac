/*
 * rates.c — per-group metrics from a summary: the confusion rates (one table), score
 * moments (mean score, Brier, log-loss), calibration and ECE.
 *
 * Every rate is num/den over weighted confusion counts with the favourable value as the
 * positive class; a zero denominator gives an undefined value with the reason in the table.
 */
#include "common/internal.h"
#include "metrics/metrics.h"

enum { C_TP = 1, C_FP = 2, C_TN = 4, C_FN = 8, C_ALL = 15 };

#define WHY_EMPTY      "group has zero total weight"
#define WHY_NO_FAV_LBL "no rows with the favourable label (TP + FN = 0)"
#define WHY_NO_UNF_LBL "no rows with the unfavourable label (FP + TN = 0)"
#define WHY_NO_FAV_DEC "no favourable decisions (TP + FP = 0)"
#define WHY_NO_UNF_DEC "no unfavourable decisions (TN + FN = 0)"

/* THE table of confusion rates: numerator and denominator as sets of confusion cells. */
static const struct rate_def {
    fa_gmetric id;
    const char *key;
    unsigned num, den;
    const char *why; /* reason when the denominator is zero */
} rate_defs[] = {
    {FA_GM_SELECTION_RATE, "selection_rate", C_TP | C_FP, C_ALL, WHY_EMPTY},
    {FA_GM_TPR, "tpr", C_TP, C_TP | C_FN, WHY_NO_FAV_LBL},
    {FA_GM_FPR, "fpr", C_FP, C_FP | C_TN, WHY_NO_UNF_LBL},
    {FA_GM_TNR, "tnr", C_TN, C_FP | C_TN, WHY_NO_UNF_LBL},
    {FA_GM_FNR, "fnr", C_FN, C_TP | C_FN, WHY_NO_FAV_LBL},
    {FA_GM_PPV, "ppv", C_TP, C_TP | C_FP, WHY_NO_FAV_DEC},
    {FA_GM_NPV, "npv", C_TN, C_TN | C_FN, WHY_NO_UNF_DEC},
    {FA_GM_FDR, "fdr", C_FP, C_TP | C_FP, WHY_NO_FAV_DEC},
    {FA_GM_FOR, "for", C_FN, C_TN | C_FN, WHY_NO_UNF_DEC},
    {FA_GM_ACCURACY, "accuracy", C_TP | C_TN, C_ALL, WHY_EMPTY},
    {FA_GM_BASE_RATE, "base_rate", C_TP | C_FN, C_ALL, WHY_EMPTY},
};

#define N_RATES (sizeof rate_defs / sizeof rate_defs[0])

static const char *const score_keys[] = {"mean_score", "brier", "log_loss", "auc", "ks", "ece"};

bool fa_gmetric_bootstrapped(fa_gmetric m)
{
    return (m >= FA_GM_SELECTION_RATE && m <= FA_GM_BASE_RATE) || m == FA_GM_MEAN_SCORE ||
           m == FA_GM_ECE;
}

const char *fa_gmetric_key(fa_gmetric m)
{
    if ((size_t)m < N_RATES)
        return rate_defs[m].key;
    if (m < FA_GM_COUNT)
        return score_keys[m - FA_GM_MEAN_SCORE];
    return "?";
}

static double pick(const fa_confusion *c, unsigned set)
{
    double s = 0.0;

    if (set & C_TP)
        s += c->tp;
    if (set & C_FP)
        s += c->fp;
    if (set & C_TN)
        s += c->tn;
    if (set & C_FN)
        s += c->fn;
    return s;
}

fa_value fa_rate(const fa_confusion *c, fa_gmetric m)
{
    const struct rate_def *d;
    double den;

    if ((size_t)m >= N_RATES)
        return fa_value_undef("not a confusion rate");
    d = &rate_defs[m];
    den = pick(c, d->den);
    if (!(den > 0.0))
        return fa_value_undef(d->why);
    return fa_value_of(pick(c, d->num) / den);
}

/* ---- score moments --------------------------------------------------------------------- */

#define WHY_NOT_PROB "scores are not probabilities (score range is not [0, 1])"
#define WHY_NO_DIST  "score distribution not available"

static void label_totals(const fa_summary *s, double w[2], double ws[2], double ws2[2])
{
    int l, d;
    unsigned k;

    for (l = 0; l < 2; l++) {
        w[l] = ws[l] = ws2[l] = 0.0;
        for (d = 0; d < 2; d++)
            for (k = 0; k < s->n_cal; k++) {
                const fa_moments *m = &s->mom[(unsigned)(l * 2 + d) * s->n_cal + k];
                w[l] += m->w;
                ws[l] += m->ws;
                ws2[l] += m->ws2;
            }
    }
}

fa_value fa_mean_score(const fa_summary *s)
{
    double w[2], ws[2], ws2[2];

    label_totals(s, w, ws, ws2);
    if (!(w[0] + w[1] > 0.0))
        return fa_value_undef(WHY_EMPTY);
    return fa_value_of((ws[0] + ws[1]) / (w[0] + w[1]));
}

fa_value fa_brier(const fa_summary *s)
{
    double w[2], ws[2], ws2[2], num;

    if (!s->probabilities)
        return fa_value_undef(WHY_NOT_PROB);
    label_totals(s, w, ws, ws2);
    if (!(w[0] + w[1] > 0.0))
        return fa_value_undef(WHY_EMPTY);
    /* sum w (s - y)^2: label 0 gives w s^2, label 1 gives w s^2 - 2 w s + w */
    num = ws2[0] + (ws2[1] - 2.0 * ws[1] + w[1]);
    if (num < 0.0)
        num = 0.0; /* rounding of a perfect model */
    return fa_value_of(num / (w[0] + w[1]));
}

fa_value fa_log_loss(const fa_summary *s)
{
    double w[2], ws[2], ws2[2];

    if (!s->probabilities)
        return fa_value_undef(WHY_NOT_PROB);
    label_totals(s, w, ws, ws2);
    if (!(w[0] + w[1] > 0.0))
        return fa_value_undef(WHY_EMPTY);
    return fa_value_of((s->loss[0] + s->loss[1]) / (w[0] + w[1]));
}

/* Per calibration bin: weight, weighted score sum, weighted label-1 mass, rows. */
static void cal_bin(const fa_summary *s, unsigned k, double *w, double *ws, double *wpos,
                    uint64_t *n)
{
    int l, d;

    *w = *ws = *wpos = 0.0;
    *n = 0;
    for (l = 0; l < 2; l++)
        for (d = 0; d < 2; d++) {
            const fa_moments *m = &s->mom[(unsigned)(l * 2 + d) * s->n_cal + k];
            *w += m->w;
            *ws += m->ws;
            *n += (uint64_t)m->n;
            if (l == 1)
                *wpos += m->w;
        }
}

void fa_calibration(const fa_summary *s, fa_cal_row *out)
{
    unsigned k;

    for (k = 0; k < s->n_cal; k++) {
        double w, ws, wpos;
        uint64_t n;
        cal_bin(s, k, &w, &ws, &wpos, &n);
        out[k].lo = s->cal_edges[k];
        out[k].hi = s->cal_edges[k + 1];
        out[k].n = n;
        out[k].w = w;
        if (w > 0.0) {
            out[k].mean_score = fa_value_of(ws / w);
            out[k].positive_rate = fa_value_of(wpos / w);
        } else {
            out[k].mean_score = out[k].positive_rate = fa_value_undef("empty bin");
        }
    }
}

fa_value fa_ece(const fa_summary *s)
{
    double total = 0.0, acc = 0.0;
    unsigned k;

    if (!s->probabilities)
        return fa_value_undef(WHY_NOT_PROB);
    for (k = 0; k < s->n_cal; k++) {
        double w, ws, wpos;
        uint64_t n;
        cal_bin(s, k, &w, &ws, &wpos, &n);
        total += w;
        if (w > 0.0)
            acc += w * fabs(ws / w - wpos / w);
    }
    if (!(total > 0.0))
        return fa_value_undef(WHY_EMPTY);
    return fa_value_of(acc / total);
}

void fa_group_metrics(const fa_summary *s, int favorable, fa_value out[FA_GM_COUNT])
{
    fa_confusion c;
    size_t i;

    fa_summary_confusion(s, favorable, &c);
    for (i = 0; i < N_RATES; i++)
        out[rate_defs[i].id] = fa_rate(&c, rate_defs[i].id);
    out[FA_GM_MEAN_SCORE] = fa_mean_score(s);
    out[FA_GM_BRIER] = fa_brier(s);
    out[FA_GM_LOG_LOSS] = fa_log_loss(s);
    out[FA_GM_AUC] = s->has_dist ? fa_auc(&s->dist) : fa_value_undef(WHY_NO_DIST);
    out[FA_GM_KS] = s->has_dist ? fa_ks(&s->dist) : fa_value_undef(WHY_NO_DIST);
    out[FA_GM_ECE] = fa_ece(s);
}
