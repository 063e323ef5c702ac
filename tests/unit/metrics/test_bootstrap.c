/*
 * Bootstrap by resampling accumulators: seeded and deterministic, identical however the
 * rows were split or the cells numbered, and of the width the analytic standard error
 * predicts.
 */
#include "common/rng.h"
#include "mtest.h"

#define B_ROWS 4000

static void two_group_rows(trow *rows, size_t n, uint64_t seed)
{
    fa_rng r;
    size_t i;

    fa_rng_seed(&r, seed);
    for (i = 0; i < n; i++) {
        int g = (int)(i % 2);
        rows[i].cell = g;
        rows[i].y = fa_rng_uniform(&r) < 0.5;
        rows[i].s = fa_rng_uniform(&r);
        rows[i].d = fa_rng_uniform(&r) < (g ? 0.4 : 0.3);
        rows[i].w = 1.0;
    }
}

/* Bit-for-bit equality of intervals (fields, not padding). */
static bool same_ci(const fa_boot_ci *x, const fa_boot_ci *y, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (memcmp(&x[i].lo.v, &y[i].lo.v, sizeof(double)) != 0 ||
            memcmp(&x[i].hi.v, &y[i].hi.v, sizeof(double)) != 0 || x[i].n_defined != y[i].n_defined)
            return false;
    return true;
}

static void run_boot(const fa_acc *a, const uint64_t *ids, const uint32_t *order, uint64_t seed,
                     unsigned reps, fa_boot_ci *ci)
{
    size_t goc[2] = {0, 1};
    fa_boot_attr at = {2, goc, 0};
    fa_boot_options o = {reps, seed, 0.95, 1, order};
    fa_error err;

    FA_ASSERT_OK(fa_bootstrap(a, ids, &at, 1, &o, ci, &err));
}

Test(metrics_bootstrap, deterministic_and_seeded)
{
    static trow rows[B_ROWS];
    uint64_t ids[2] = {11, 22};
    fa_boot_ci c1[FA_D_COUNT], c2[FA_D_COUNT], c3[FA_D_COUNT];
    fa_acc *a;

    two_group_rows(rows, B_ROWS, 1);
    a = mt_build(rows, B_ROWS, 2, false, FA_EXACT_SCORES_DEFAULT, 0);
    run_boot(a, ids, NULL, 5, 100, c1);
    run_boot(a, ids, NULL, 5, 100, c2);
    run_boot(a, ids, NULL, 6, 100, c3);
    cr_assert(same_ci(c1, c2, FA_D_COUNT));
    cr_assert(!same_ci(&c1[FA_D_DEMOGRAPHIC_PARITY_DIFF], &c3[FA_D_DEMOGRAPHIC_PARITY_DIFF], 1));
    cr_assert_eq(c1[FA_D_DEMOGRAPHIC_PARITY_DIFF].n_defined, 100);
    fa_acc_free(a);
}

Test(metrics_bootstrap, identical_however_rows_were_split)
{
    static trow rows[B_ROWS];
    uint64_t ids[2] = {11, 22};
    fa_boot_ci c1[FA_D_COUNT], c2[FA_D_COUNT];
    fa_acc *one, *p1, *p2;
    fa_error err;

    two_group_rows(rows, B_ROWS, 2);
    one = mt_build(rows, B_ROWS, 2, false, 0, 0);
    p1 = mt_build(rows, 1234, 2, false, 0, 0);
    p2 = mt_build(rows + 1234, B_ROWS - 1234, 2, false, 0, 0);
    FA_ASSERT_OK(fa_acc_merge(p2, p1, NULL, &err));
    run_boot(one, ids, NULL, 9, 200, c1);
    run_boot(p2, ids, NULL, 9, 200, c2);
    cr_assert(same_ci(c1, c2, FA_D_COUNT));
    fa_acc_free(one);
    fa_acc_free(p1);
    fa_acc_free(p2);
}

Test(metrics_bootstrap, independent_of_cell_numbering)
{
    static trow rows[B_ROWS];
    uint64_t ids[2] = {11, 22}, ids_swapped[2] = {22, 11};
    uint32_t order[2] = {0, 1}, order_swapped[2] = {1, 0};
    fa_boot_ci c1[FA_D_COUNT], c2[FA_D_COUNT];
    fa_acc *a, *b;
    size_t i, goc[2] = {1, 0}; /* b's cell 0 is group 1, its cell 1 group 0 (the reference) */
    fa_boot_attr at = {2, goc, 0};
    fa_boot_options o = {150, 4, 0.95, 1, order_swapped};
    fa_error err;

    two_group_rows(rows, B_ROWS, 3);
    a = mt_build(rows, B_ROWS, 2, false, FA_EXACT_SCORES_DEFAULT, 0);
    for (i = 0; i < B_ROWS; i++)
        rows[i].cell = 1 - rows[i].cell; /* the same data with the cells numbered the other way */
    b = mt_build(rows, B_ROWS, 2, false, FA_EXACT_SCORES_DEFAULT, 0);
    run_boot(a, ids, order, 4, 150, c1);
    FA_ASSERT_OK(fa_bootstrap(b, ids_swapped, &at, 1, &o, c2, &err));
    cr_assert(same_ci(c1, c2, FA_D_COUNT));
    fa_acc_free(a);
    fa_acc_free(b);
}

Test(metrics_bootstrap, interval_width_matches_the_standard_error)
{
    static trow rows[B_ROWS];
    uint64_t ids[2] = {1, 2};
    fa_boot_ci ci[FA_D_COUNT];
    fa_acc *a;
    fa_summary s0, s1;
    fa_confusion k0, k1;
    double p0, p1, se, width, dpd;

    two_group_rows(rows, B_ROWS, 4);
    a = mt_build(rows, B_ROWS, 2, false, FA_EXACT_SCORES_DEFAULT, 0);
    mt_summary(a, 0, 1, false, &s0);
    mt_summary(a, 1, 1, false, &s1);
    fa_summary_confusion(&s0, 1, &k0);
    fa_summary_confusion(&s1, 1, &k1);
    p0 = (k0.tp + k0.fp) / (B_ROWS / 2);
    p1 = (k1.tp + k1.fp) / (B_ROWS / 2);
    se = sqrt(p0 * (1 - p0) / (B_ROWS / 2) + p1 * (1 - p1) / (B_ROWS / 2));
    run_boot(a, ids, NULL, 21, 1000, ci);
    width = ci[FA_D_DEMOGRAPHIC_PARITY_DIFF].hi.v - ci[FA_D_DEMOGRAPHIC_PARITY_DIFF].lo.v;
    dpd = fabs(p1 - p0);
    cr_assert(fabs(width / (2 * 1.959964 * se) - 1.0) < 0.15, "width %g, expected ~%g", width,
              2 * 1.959964 * se);
    cr_assert(ci[FA_D_DEMOGRAPHIC_PARITY_DIFF].lo.v < dpd && dpd < ci[FA_D_DEMOGRAPHIC_PARITY_DIFF].hi.v);
    /* the signed AIF360 form: group 1 against reference 0 */
    cr_assert(ci[FA_D_STATISTICAL_PARITY_DIFF].lo.v < p1 - p0 &&
              p1 - p0 < ci[FA_D_STATISTICAL_PARITY_DIFF].hi.v);
    fa_summary_dispose(&s0);
    fa_summary_dispose(&s1);
    fa_acc_free(a);
}

Test(metrics_bootstrap, quantiles_interpolate_like_numpy)
{
    double x[] = {1, 2, 3, 4, 5};

    FA_ASSERT_NEAR(fa_quantile_sorted(x, 5, 0.025), 1.1, 1e-12);
    FA_ASSERT_NEAR(fa_quantile_sorted(x, 5, 0.975), 4.9, 1e-12);
    FA_ASSERT_NEAR(fa_quantile_sorted(x, 5, 0.5), 3.0, 0);
    FA_ASSERT_NEAR(fa_quantile_sorted(x, 1, 0.3), 1.0, 0);
}

Test(metrics_bootstrap, rejects_bad_options)
{
    static trow rows[10];
    uint64_t ids[2] = {1, 2};
    size_t goc[2] = {0, 1};
    fa_boot_attr at = {2, goc, 0};
    fa_boot_options o = {0, 1, 0.95, 1, NULL};
    fa_boot_ci ci[FA_D_COUNT];
    fa_error err;
    fa_acc *a;

    two_group_rows(rows, 10, 5);
    a = mt_build(rows, 10, 2, false, FA_EXACT_SCORES_DEFAULT, 0);
    cr_assert_eq(fa_bootstrap(a, ids, &at, 1, &o, ci, &err), FA_EINVAL);
    o.replicates = 10;
    o.level = 1.0;
    cr_assert_eq(fa_bootstrap(a, ids, &at, 1, &o, ci, &err), FA_EINVAL);
    fa_acc_free(a);
}

/* ---- per-group intervals ------------------------------------------------------------------ */

/* A credit-like fixture: group 0 (reference, cell 0) and group 1 (cells 1 and 2, so the
 * group spans several strata), n rows each; label ~ Bernoulli(0.7 / 0.6), score correlated
 * with the label, decision = score >= 0.5. */
static void credit_rows(trow *rows, size_t n, uint64_t seed)
{
    fa_rng r;
    size_t i;

    fa_rng_seed(&r, seed);
    for (i = 0; i < n; i++) {
        int g = (int)(i % 2);
        double u = fa_rng_uniform(&r);
        rows[i].cell = g == 0 ? 0 : 1 + (int)(fa_rng_uniform(&r) < 0.3);
        rows[i].y = u < (g ? 0.6 : 0.7);
        rows[i].s = 0.5 * fa_rng_uniform(&r) + (rows[i].y ? 0.35 : 0.1);
        rows[i].d = rows[i].s >= 0.5;
        rows[i].w = 1.0;
    }
}

static void run_group_boot(const fa_acc *a, uint64_t seed, unsigned reps, size_t batch,
                           fa_boot_ci *ci, fa_boot_group_ci gci[2])
{
    static const uint64_t ids[3] = {101, 202, 303};
    static const size_t goc[3] = {0, 1, 1};
    fa_boot_attr at = {2, goc, 0, gci};
    fa_boot_options o = {reps, seed, 0.95, 1, NULL, batch};
    fa_error err;

    FA_ASSERT_OK(fa_bootstrap(a, ids, &at, 1, &o, ci, &err));
}

static bool same_group_ci(const fa_boot_group_ci *x, const fa_boot_group_ci *y, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!same_ci(x[i].metrics, y[i].metrics, FA_GM_COUNT) ||
            !same_ci(x[i].vs, y[i].vs, FA_VS_COUNT))
            return false;
    return true;
}

/* Point estimates of group g (cells) and of group 1 against group 0. */
static void point_figures(const fa_acc *a, fa_value m[2][FA_GM_COUNT], fa_vsref *vs)
{
    fa_summary s0, s1;

    mt_summary(a, 0, 1, false, &s0);
    mt_summary(a, 1, 2, false, &s1);
    fa_group_metrics(&s0, 1, m[0]);
    fa_group_metrics(&s1, 1, m[1]);
    fa_vs_effects(&s1, &s0, 1, vs);
    fa_summary_dispose(&s0);
    fa_summary_dispose(&s1);
}

/* Width of every bootstrapped figure of group g, asserting it holds the point estimate. */
static void check_contains(const fa_boot_group_ci *gci, fa_value m[2][FA_GM_COUNT],
                           const fa_vsref *vs, unsigned reps, double width[2][FA_GM_COUNT + FA_VS_COUNT])
{
    size_t g;
    int k;

    for (g = 0; g < 2; g++) {
        for (k = 0; k < FA_GM_COUNT; k++) {
            const fa_boot_ci *c = &gci[g].metrics[k];
            if (!fa_gmetric_bootstrapped((fa_gmetric)k)) {
                cr_assert_eq(c->n_defined, 0);
                cr_assert(!fa_value_defined(c->lo));
                continue;
            }
            cr_assert_eq(c->n_defined, reps, "%s: %u of %u replicates",
                         fa_gmetric_key((fa_gmetric)k), c->n_defined, reps);
            cr_assert(c->lo.v <= m[g][k].v && m[g][k].v <= c->hi.v, "group %zu %s %g not in [%g, %g]",
                      g, fa_gmetric_key((fa_gmetric)k), m[g][k].v, c->lo.v, c->hi.v);
            width[g][k] = c->hi.v - c->lo.v;
        }
        for (k = 0; k < FA_VS_COUNT; k++) {
            const fa_boot_ci *c = &gci[g].vs[k];
            fa_value p = fa_vsfig_get(vs, (fa_vsfig)k);
            if (g == 0) { /* the reference group is not compared with itself */
                cr_assert_eq(c->n_defined, 0);
                continue;
            }
            cr_assert_eq(c->n_defined, reps);
            cr_assert(c->lo.v <= p.v && p.v <= c->hi.v, "%s %g not in [%g, %g]",
                      fa_vsfig_key((fa_vsfig)k), p.v, c->lo.v, c->hi.v);
            width[g][FA_GM_COUNT + k] = c->hi.v - c->lo.v;
        }
    }
}

Test(metrics_bootstrap, group_intervals_contain_the_estimate_and_narrow_with_n)
{
    static trow rows[16 * 1000];
    fa_boot_ci ci[FA_D_COUNT];
    fa_boot_group_ci small[2], large[2];
    fa_value m[2][FA_GM_COUNT];
    fa_vsref vs;
    double w_small[2][FA_GM_COUNT + FA_VS_COUNT], w_large[2][FA_GM_COUNT + FA_VS_COUNT];
    fa_acc *a, *b;
    size_t g;
    int k;

    credit_rows(rows, 1000, 7);
    a = mt_build(rows, 1000, 3, false, FA_EXACT_SCORES_DEFAULT, 0);
    point_figures(a, m, &vs);
    run_group_boot(a, 3, 400, 0, ci, small);
    check_contains(small, m, &vs, 400, w_small);
    /* the group's selection-rate interval has the width of the binomial standard error */
    {
        double p = m[1][FA_GM_SELECTION_RATE].v, se = sqrt(p * (1 - p) / 500.0);
        double wd = small[1].metrics[FA_GM_SELECTION_RATE].hi.v -
                    small[1].metrics[FA_GM_SELECTION_RATE].lo.v;
        cr_assert(fabs(wd / (2 * 1.959964 * se) - 1.0) < 0.2, "width %g, expected ~%g", wd,
                  2 * 1.959964 * se);
    }

    credit_rows(rows, 16 * 1000, 7);
    b = mt_build(rows, 16 * 1000, 3, false, FA_EXACT_SCORES_DEFAULT, 0);
    point_figures(b, m, &vs);
    run_group_boot(b, 3, 400, 0, ci, large);
    check_contains(large, m, &vs, 400, w_large);
    /* 16 times the rows: about a quarter of the width; assert at most half */
    for (g = 0; g < 2; g++)
        for (k = 0; k < FA_GM_COUNT + FA_VS_COUNT; k++) {
            if (k < FA_GM_COUNT ? !fa_gmetric_bootstrapped((fa_gmetric)k) : g == 0)
                continue;
            cr_assert(w_large[g][k] < 0.5 * w_small[g][k], "group %zu figure %d: %g vs %g", g,
                      k, w_large[g][k], w_small[g][k]);
        }
    fa_acc_free(a);
    fa_acc_free(b);
}

Test(metrics_bootstrap, group_intervals_seeded_and_leave_disparities_unchanged)
{
    static trow rows[2000];
    static const uint64_t ids[3] = {101, 202, 303};
    static const size_t goc[3] = {0, 1, 1};
    fa_boot_ci c1[FA_D_COUNT], c2[FA_D_COUNT], c3[FA_D_COUNT], plain[FA_D_COUNT];
    fa_boot_group_ci g1[2], g2[2], g3[2];
    fa_boot_attr at = {2, goc, 0, NULL};
    fa_boot_options o = {120, 5, 0.95, 1, NULL, 0};
    fa_error err;
    fa_acc *a;

    credit_rows(rows, 2000, 8);
    a = mt_build(rows, 2000, 3, false, FA_EXACT_SCORES_DEFAULT, 0);
    run_group_boot(a, 5, 120, 0, c1, g1);
    run_group_boot(a, 5, 120, 0, c2, g2);
    run_group_boot(a, 6, 120, 0, c3, g3);
    cr_assert(same_group_ci(g1, g2, 2));
    cr_assert(!same_ci(&g1[1].metrics[FA_GM_SELECTION_RATE], &g3[1].metrics[FA_GM_SELECTION_RATE], 1));
    /* asking for group intervals does not change the disparities' */
    FA_ASSERT_OK(fa_bootstrap(a, ids, &at, 1, &o, plain, &err));
    cr_assert(same_ci(c1, plain, FA_D_COUNT));
    fa_acc_free(a);
}

Test(metrics_bootstrap, group_intervals_identical_however_rows_were_split_or_batched)
{
    static trow rows[3000];
    fa_boot_ci c1[FA_D_COUNT], c2[FA_D_COUNT], c3[FA_D_COUNT];
    fa_boot_group_ci g1[2], g2[2], g3[2];
    fa_acc *one, *p1, *p2, *p3;
    fa_error err;

    credit_rows(rows, 3000, 9);
    one = mt_build(rows, 3000, 3, false, 0, 0);
    p1 = mt_build(rows, 777, 3, false, 0, 0);
    p2 = mt_build(rows + 777, 1500, 3, false, 0, 0);
    p3 = mt_build(rows + 2277, 3000 - 2277, 3, false, 0, 0);
    FA_ASSERT_OK(fa_acc_merge(p3, p1, NULL, &err));
    FA_ASSERT_OK(fa_acc_merge(p3, p2, NULL, &err));
    run_group_boot(one, 11, 150, 0, c1, g1);
    run_group_boot(p3, 11, 150, 0, c2, g2);
    cr_assert(same_ci(c1, c2, FA_D_COUNT));
    cr_assert(same_group_ci(g1, g2, 2));
    /* a batch of one item at a time (replays the resampling per item): the same intervals */
    run_group_boot(one, 11, 150, 1, c3, g3);
    cr_assert(same_ci(c1, c3, FA_D_COUNT));
    cr_assert(same_group_ci(g1, g3, 2));
    fa_acc_free(one);
    fa_acc_free(p1);
    fa_acc_free(p2);
    fa_acc_free(p3);
}

Test(metrics_bootstrap, group_figure_undefined_in_replicates_is_skipped)
{
    /* group 1 has a single row with the favourable label: its TPR is undefined in every
     * replicate that draws none of it, and those replicates are left out */
    static trow rows[400];
    fa_boot_ci ci[FA_D_COUNT];
    fa_boot_group_ci gci[2];
    size_t i;

    credit_rows(rows, 400, 10);
    for (i = 1; i < 400; i += 2)
        rows[i].y = i == 1;
    {
        fa_acc *a = mt_build(rows, 400, 3, false, FA_EXACT_SCORES_DEFAULT, 0);
        run_group_boot(a, 1, 200, 0, ci, gci);
        cr_assert(gci[1].metrics[FA_GM_TPR].n_defined > 0);
        cr_assert(gci[1].metrics[FA_GM_TPR].n_defined < 200);
        cr_assert_eq(gci[1].metrics[FA_GM_SELECTION_RATE].n_defined, 200);
        cr_assert(gci[1].vs[FA_VS_TPR_DIFF].n_defined == gci[1].metrics[FA_GM_TPR].n_defined);
        fa_acc_free(a);
    }
}
