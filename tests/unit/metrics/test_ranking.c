/*
 * AUC, KS and the threshold sweep against direct computations on sorted rows: exact
 * distributions agree to rounding; histograms (51200 bins with the within-bin correction)
 * agree with the exact AUC to 1e-6 on realistic score distributions of 100k rows.
 */
#include <stdlib.h>

#include "common/rng.h"
#include "mtest.h"

#define AUC_ROWS 100000
#define AUC_TOL  1e-6 /* the bound for histogram-based AUC */

typedef struct sl {
    double s;
    int y;
} sl;

static int cmp_sl(const void *a, const void *b)
{
    double x = ((const sl *)a)->s, y = ((const sl *)b)->s;
    return (x > y) - (x < y);
}

/* Mann-Whitney AUC and KS on sorted rows, ties handled as groups. */
static void exact_auc_ks(sl *v, size_t n, double *auc, double *ks)
{
    double n1 = 0, n0 = 0, below0 = 0, num = 0, c1 = 0, c0 = 0, best = 0;
    size_t i = 0, j;

    qsort(v, n, sizeof *v, cmp_sl);
    for (j = 0; j < n; j++)
        v[j].y ? n1++ : n0++;
    while (i < n) {
        double t1 = 0, t0 = 0;
        for (j = i; j < n && v[j].s == v[i].s; j++)
            v[j].y ? t1++ : t0++;
        num += t1 * (below0 + 0.5 * t0);
        below0 += t0;
        c1 += t1;
        c0 += t0;
        if (fabs(c1 / n1 - c0 / n0) > best)
            best = fabs(c1 / n1 - c0 / n0);
        i = j;
    }
    *auc = num / (n1 * n0);
    *ks = best;
}

/* Logistic scores: latent z ~ N(base, sd), label ~ Bernoulli(sigmoid(z)), score from a noisy
 * version of z (a model that is good but not perfect). */
static void logistic_rows(trow *rows, sl *v, size_t n, double base, double sd, double digits,
                          uint64_t seed)
{
    fa_rng r;
    size_t i;

    fa_rng_seed(&r, seed);
    for (i = 0; i < n; i++) {
        double z = base + sd * fa_rng_normal(&r);
        double s = 1.0 / (1.0 + exp(-(z + 0.5 * fa_rng_normal(&r))));
        if (digits > 0)
            s = round(s * digits) / digits;
        rows[i].s = v[i].s = s;
        rows[i].y = v[i].y = fa_rng_uniform(&r) < 1.0 / (1.0 + exp(-z));
        rows[i].d = s >= 0.5;
        rows[i].w = 1.0;
        rows[i].cell = (int)(i % 3);
    }
}

static void check_auc(double base, double sd, double digits, size_t exact_max, double tol)
{
    static trow rows[AUC_ROWS];
    static sl v[AUC_ROWS];
    double auc, ks;
    fa_acc *a;
    fa_summary s;
    fa_value m[FA_GM_COUNT];

    logistic_rows(rows, v, AUC_ROWS, base, sd, digits, (uint64_t)(1000 * base + sd));
    exact_auc_ks(v, AUC_ROWS, &auc, &ks);
    a = mt_build(rows, AUC_ROWS, 3, false, exact_max, 0);
    mt_summary(a, 0, 3, true, &s);
    fa_group_metrics(&s, 1, m);
    cr_assert(fa_value_defined(m[FA_GM_AUC]));
    cr_assert(fabs(m[FA_GM_AUC].v - auc) <= tol, "base %g sd %g digits %g exact_max %zu: AUC %.12f, exact %.12f (diff %.2e)",
              base, sd, digits, exact_max, m[FA_GM_AUC].v, auc, m[FA_GM_AUC].v - auc);
    if (s.dist.exact)
        FA_ASSERT_NEAR(m[FA_GM_KS].v, ks, 1e-12);
    else
        FA_ASSERT_NEAR(m[FA_GM_KS].v, ks, 1e-3); /* bin edges only */
    fa_summary_dispose(&s);
    fa_acc_free(a);
}

Test(metrics_ranking, histogram_auc_within_1e6_balanced)
{
    check_auc(0.0, 1.5, 0, 0, AUC_TOL);
    check_auc(0.0, 3.0, 0, 0, AUC_TOL);
}

Test(metrics_ranking, histogram_auc_within_1e6_rare_positives)
{
    check_auc(-3.0, 1.5, 0, 0, AUC_TOL);
    check_auc(-5.0, 1.0, 0, 0, AUC_TOL);
    check_auc(-4.0, 0.5, 0, 0, AUC_TOL);
}

Test(metrics_ranking, histogram_auc_with_rounded_scores_is_exact)
{
    /* ties: scores with 3 decimals fall on distinct bins, each bin's ties count 1/2 */
    check_auc(-1.0, 1.5, 1000, 0, 1e-12);
}

Test(metrics_ranking, exact_tier_auc_and_ks)
{
    check_auc(-1.0, 1.5, 10000, FA_EXACT_SCORES_DEFAULT, 1e-12);
    check_auc(0.5, 1.0, 100, FA_EXACT_SCORES_DEFAULT, 1e-12);
}

Test(metrics_ranking, sweep_counts_scores_at_or_above_each_threshold)
{
    static trow rows[3000];
    static sl v[3000];
    fa_acc *a;
    fa_summary s;
    fa_sweep_point sw[FA_SWEEP_STEPS + 1];
    unsigned k;
    int pass;

    logistic_rows(rows, v, 3000, -0.5, 1.5, 0, 77);
    for (pass = 0; pass < 2; pass++) {
        size_t i;
        /* exact pass: scores exactly on the thresholds (k * 0.01, the sweep's own formula);
         * histogram pass: scores half-way between thresholds (histograms cannot tell a score
         * on an edge from one just below it, docs/metrics.md) */
        for (i = 0; i < 3000; i++) {
            double j = round(rows[i].s * 100);
            rows[i].s = pass ? j * 0.01 : (j < 100 ? (j + 0.5) * 0.01 : 0.995);
        }
        a = mt_build(rows, 3000, 3, false, pass ? FA_EXACT_SCORES_DEFAULT : 0, 0);
        mt_summary(a, 0, 3, true, &s);
        cr_assert_eq(s.dist.exact, pass == 1);
        fa_sweep(&s.dist, 1, FA_SWEEP_STEPS, sw);
        for (k = 0; k <= FA_SWEEP_STEPS; k++) {
            double t = k == FA_SWEEP_STEPS ? 1.0 : k * 0.01, sel = 0, pos = 0, tp = 0, fp = 0;
            size_t i;
            for (i = 0; i < 3000; i++) {
                int d = rows[i].s >= t;
                sel += d;
                pos += rows[i].y;
                tp += d && rows[i].y;
                fp += d && !rows[i].y;
            }
            FA_ASSERT_NEAR(sw[k].threshold, t, 1e-15);
            if (pass == 0 && k == FA_SWEEP_STEPS)
                continue; /* histograms put the top score in the last bin, below the edge */
            FA_ASSERT_NEAR(sw[k].selection_rate.v, sel / 3000, 1e-12);
            FA_ASSERT_NEAR(sw[k].tpr.v, tp / pos, 1e-12);
            FA_ASSERT_NEAR(sw[k].fpr.v, fp / (3000 - pos), 1e-12);
        }
        /* favourable 0: the favourable decision is score < t, the favourable label 0 */
        {
            fa_sweep_point sw0[FA_SWEEP_STEPS + 1];
            fa_sweep(&s.dist, 0, FA_SWEEP_STEPS, sw0);
            for (k = 0; k < FA_SWEEP_STEPS; k++) {
                FA_ASSERT_NEAR(sw0[k].selection_rate.v, 1.0 - sw[k].selection_rate.v, 1e-12);
                FA_ASSERT_NEAR(sw0[k].tpr.v, 1.0 - sw[k].fpr.v, 1e-12);
                FA_ASSERT_NEAR(sw0[k].fpr.v, 1.0 - sw[k].tpr.v, 1e-12);
            }
        }
        fa_summary_dispose(&s);
        fa_acc_free(a);
    }
}
