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
