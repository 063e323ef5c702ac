/*
 * Property tests of the accumulators: merging any split equals one pass (bit for bit without
 * weights), row order does not matter, unit weights equal no weights, histogram coarsening and
 * the exact-to-histogram switch are exact operations.
 */
#include "common/rng.h"
#include "mtest.h"

#define N_ROWS  6000
#define N_CELLS 6

static void random_rows(trow *rows, size_t n, uint64_t seed, bool rounded)
{
    fa_rng r;
    size_t i;

    fa_rng_seed(&r, seed);
    for (i = 0; i < n; i++) {
        double z = fa_rng_normal(&r) * 1.5 - 0.5;
        double p = 1.0 / (1.0 + exp(-z));
        rows[i].y = fa_rng_uniform(&r) < p;
        rows[i].s = 1.0 / (1.0 + exp(-(z + 0.5 * fa_rng_normal(&r))));
        if (rounded)
            rows[i].s = round(rows[i].s * 1000) / 1000;
        rows[i].d = rows[i].s >= 0.5;
        rows[i].w = 0.25 + fa_rng_uniform(&r) * 2.0;
        rows[i].cell = (int)fa_rng_below(&r, N_CELLS);
    }
}

/* All state that figures are computed from, for a bit-for-bit comparison. */
static void expect_same_state(const fa_acc *x, const fa_acc *y, bool bitwise)
{
    uint32_t all[N_CELLS] = {0, 1, 2, 3, 4, 5};
    fa_summary sx, sy;
    fa_error err;
    size_t k;

    cr_assert_eq(fa_acc_n_cells(x), fa_acc_n_cells(y));
    cr_assert_eq(fa_acc_is_exact(x), fa_acc_is_exact(y));
    cr_assert_eq(fa_acc_hist_bins(x), fa_acc_hist_bins(y));
    FA_ASSERT_OK(fa_acc_summarize(x, all, N_CELLS, true, &sx, &err));
    FA_ASSERT_OK(fa_acc_summarize(y, all, N_CELLS, true, &sy, &err));
    cr_assert_eq(sx.rows, sy.rows);
    for (k = 0; k < 4 * sx.n_cal; k++) {
        if (bitwise) {
            cr_assert(memcmp(&sx.mom[k], &sy.mom[k], sizeof sx.mom[k]) == 0, "atom %zu differs", k);
        } else {
            FA_ASSERT_NEAR(sx.mom[k].w, sy.mom[k].w, 1e-9 * (1 + fabs(sx.mom[k].w)));
            FA_ASSERT_NEAR(sx.mom[k].ws, sy.mom[k].ws, 1e-9 * (1 + fabs(sx.mom[k].ws)));
            FA_ASSERT_NEAR(sx.mom[k].ws2, sy.mom[k].ws2, 1e-9 * (1 + fabs(sx.mom[k].ws2)));
        }
    }
    cr_assert_eq(sx.dist.n, sy.dist.n);
    for (k = 0; k < sx.dist.n; k++) {
        int l;
        if (sx.dist.exact)
            cr_assert(sx.dist.x[k] == sy.dist.x[k]);
        for (l = 0; l < 2; l++) {
            if (bitwise) {
                cr_assert(sx.dist.c[l][k] == sy.dist.c[l][k]);
                if (!sx.dist.exact)
                    cr_assert(sx.dist.pos[l][k] == sy.dist.pos[l][k]);
            } else {
                FA_ASSERT_NEAR(sx.dist.c[l][k], sy.dist.c[l][k], 1e-9 * (1 + sx.dist.c[l][k]));
            }
        }
    }
    if (bitwise) {
        cr_assert(memcmp(sx.loss, sy.loss, sizeof sx.loss) == 0);
    }
    fa_summary_dispose(&sx);
    fa_summary_dispose(&sy);
}

/* Accumulates rows [lo, hi) into a fresh accumulator with all cells. */
static fa_acc *part(const trow *rows, size_t lo, size_t hi, bool weighted, size_t exact_max,
                    size_t budget)
{
    return mt_build(rows + lo, hi - lo, N_CELLS, weighted, exact_max, budget);
}

static void check_split(bool weighted, bool rounded, size_t exact_max, size_t budget)
{
    static trow rows[N_ROWS];
    fa_acc *one, *parts[4], *merged;
    size_t cut[5] = {0, 700, 2500, 2501, N_ROWS};
    fa_error err;
    int i;

    random_rows(rows, N_ROWS, 5, rounded);
    one = part(rows, 0, N_ROWS, weighted, exact_max, budget);
    for (i = 0; i < 4; i++)
        parts[i] = part(rows, cut[i], cut[i + 1], weighted, exact_max, budget);
    /* merge in a scrambled order: ((3 + 0) + (1 + 2)) */
    merged = part(rows, 0, 0, weighted, exact_max, budget);
    FA_ASSERT_OK(fa_acc_merge(parts[3], parts[0], NULL, &err));
    FA_ASSERT_OK(fa_acc_merge(parts[1], parts[2], NULL, &err));
    FA_ASSERT_OK(fa_acc_merge(merged, parts[3], NULL, &err));
    FA_ASSERT_OK(fa_acc_merge(merged, parts[1], NULL, &err));
    expect_same_state(one, merged, !weighted);
    for (i = 0; i < 4; i++)
        fa_acc_free(parts[i]);
    fa_acc_free(merged);
    fa_acc_free(one);
}

Test(metrics_accum, merge_of_any_split_equals_one_pass_exact_tier)
{
    check_split(false, true, FA_EXACT_SCORES_DEFAULT, 0);
}

Test(metrics_accum, merge_of_any_split_equals_one_pass_histograms)
{
    check_split(false, false, 0, 0);
}

Test(metrics_accum, merge_switches_to_histograms_like_one_pass)
{
    /* each part fits the exact tier, their union does not */
    check_split(false, false, 4000, 0);
}

Test(metrics_accum, merge_with_coarsened_histograms)
{
    /* a budget that forces fewer bins; the parts (fewer cells) may start finer */
    check_split(false, false, 0, 2 * 6 * 32 * 1600);
}

Test(metrics_accum, weighted_merge_equals_one_pass_up_to_rounding)
{
    check_split(true, false, 0, 0);
    check_split(true, true, FA_EXACT_SCORES_DEFAULT, 0);
}

Test(metrics_accum, row_order_does_not_matter)
{
    static trow rows[N_ROWS], shuffled[N_ROWS];
    fa_acc *x, *y;
    fa_rng r;
    size_t i;

    random_rows(rows, N_ROWS, 9, false);
    memcpy(shuffled, rows, sizeof rows);
    fa_rng_seed(&r, 3);
    for (i = N_ROWS - 1; i > 0; i--) {
        size_t j = (size_t)fa_rng_below(&r, i + 1);
        trow t = shuffled[i];
        shuffled[i] = shuffled[j];
        shuffled[j] = t;
    }
    x = part(rows, 0, N_ROWS, false, 0, 0);
    y = part(shuffled, 0, N_ROWS, false, 0, 0);
    expect_same_state(x, y, true);
    fa_acc_free(x);
    fa_acc_free(y);
    x = part(rows, 0, N_ROWS, false, FA_EXACT_SCORES_DEFAULT, 0);
    y = part(shuffled, 0, N_ROWS, false, FA_EXACT_SCORES_DEFAULT, 0);
    expect_same_state(x, y, true);
    fa_acc_free(x);
    fa_acc_free(y);
}

Test(metrics_accum, unit_weights_equal_no_weights)
{
    static trow rows[N_ROWS];
    fa_acc *x, *y;
    size_t i, g;
    fa_summary sx, sy;
    fa_value mx[FA_GM_COUNT], my[FA_GM_COUNT];

    random_rows(rows, N_ROWS, 13, false);
    for (i = 0; i < N_ROWS; i++)
        rows[i].w = 1.0;
    for (g = 0; g < 2; g++) {
        size_t exact = g ? FA_EXACT_SCORES_DEFAULT : 0;
        int k;
        x = part(rows, 0, N_ROWS, false, exact, 0);
        y = part(rows, 0, N_ROWS, true, exact, 0);
        mt_summary(x, 0, N_CELLS, true, &sx);
        mt_summary(y, 0, N_CELLS, true, &sy);
        fa_group_metrics(&sx, 1, mx);
        fa_group_metrics(&sy, 1, my);
        for (k = 0; k < FA_GM_COUNT; k++) {
            cr_assert(fa_value_defined(mx[k]) && fa_value_defined(my[k]), "%s", fa_gmetric_key(k));
            FA_ASSERT_NEAR(mx[k].v, my[k].v, 1e-12);
        }
        fa_summary_dispose(&sx);
        fa_summary_dispose(&sy);
        fa_acc_free(x);
        fa_acc_free(y);
    }
}

Test(metrics_accum, exact_scores_merge_across_cell_maps)
{
    /* src cells 0,1 go to dst cells 2,0 */
    trow a_rows[] = {{0.25, 1, 0, 1, 0}, {0.75, 0, 1, 1, 1}};
    trow b_rows[] = {{0.75, 0, 1, 1, 0}, {0.25, 1, 0, 1, 2}};
    uint32_t map[2] = {2, 0};
    fa_acc *src = mt_build(a_rows, 2, 2, false, FA_EXACT_SCORES_DEFAULT, 0);
    fa_acc *dst = mt_build(b_rows, 2, 3, false, FA_EXACT_SCORES_DEFAULT, 0);
    fa_summary s;
    fa_error err;
    uint32_t c2 = 2;

    FA_ASSERT_OK(fa_acc_merge(dst, src, map, &err));
    mt_summary(dst, 0, 1, true, &s);
    cr_assert_eq(s.rows, 2);
    cr_assert_eq(s.dist.n, 1); /* both rows at 0.75 */
    FA_ASSERT_NEAR(s.dist.c[0][0], 2.0, 0);
    fa_summary_dispose(&s);
    FA_ASSERT_OK(fa_acc_summarize(dst, &c2, 1, true, &s, &err));
    cr_assert_eq(s.rows, 2);
    FA_ASSERT_NEAR(s.dist.c[1][0], 2.0, 0);
    fa_summary_dispose(&s);
    fa_acc_free(src);
    fa_acc_free(dst);
}

Test(metrics_accum, rejects_bad_configs_and_merges)
{
    fa_acc_config cfg;
    fa_acc *a, *b;
    fa_error err;
    uint32_t c;

    fa_acc_config_init(&cfg, 1.0, 1.0);
    cr_assert_eq(fa_acc_new(&a, &cfg, &err), FA_EINVAL);
    fa_acc_config_init(&cfg, 0.0, 1.0);
    cfg.n_cal = 0;
    cr_assert_eq(fa_acc_new(&a, &cfg, &err), FA_EINVAL);
    fa_acc_config_init(&cfg, 0.0, 1.0);
    FA_ASSERT_OK(fa_acc_new(&a, &cfg, &err));
    cfg.weighted = true;
    FA_ASSERT_OK(fa_acc_new(&b, &cfg, &err));
    cr_assert_eq(fa_acc_merge(a, b, NULL, &err), FA_EINVAL);
    fa_acc_free(b);
    cfg.weighted = false;
    FA_ASSERT_OK(fa_acc_new(&b, &cfg, &err));
    FA_ASSERT_OK(fa_acc_add_cell(b, &c, &err));
    cr_assert_eq(fa_acc_merge(a, b, NULL, &err), FA_EINVAL); /* dst lacks the cell */
    fa_acc_free(a);
    fa_acc_free(b);
}

Test(metrics_accum, out_of_memory_is_reported)
{
    fa_acc_config cfg;
    fa_acc *a = NULL;
    fa_error err;
    long n;

    fa_acc_config_init(&cfg, 0.0, 1.0);
    cfg.exact_max = 0;
    for (n = 1; n < 12; n++) {
        fa_status rc;
        uint32_t c;
        fa__alloc_fail_after(n);
        rc = fa_acc_new(&a, &cfg, &err);
        if (rc == FA_OK) {
            rc = fa_acc_add_cell(a, &c, &err);
            if (rc == FA_OK)
                rc = fa_acc_add_row(a, c, 0.5, 1, 1, 1, &err);
            fa_acc_free(a);
        }
        fa__alloc_fail_after(0);
        cr_assert(rc == FA_OK || rc == FA_ENOMEM);
    }
}
