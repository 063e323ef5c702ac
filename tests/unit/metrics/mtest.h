/* mtest.h — helpers for metrics tests: build accumulators from literal rows. */
#ifndef FA_MTEST_H
#define FA_MTEST_H

#include <string.h>

#include "common/internal.h"
#include "fa_test.h"
#include "metrics/metrics.h"

typedef struct trow {
    double s;  /* score */
    int y;     /* label */
    int d;     /* decision */
    double w;  /* weight (used when weighted) */
    int cell;
} trow;

/* Tolerance for values computed in a different order than the expectation. */
#define MT_TOL 1e-12

static inline fa_acc *mt_build(const trow *rows, size_t n, size_t n_cells, bool weighted,
                               size_t exact_max, size_t budget)
{
    fa_acc_config cfg;
    fa_acc *a;
    fa_error err;
    size_t i;
    uint32_t c;

    fa_acc_config_init(&cfg, 0.0, 1.0);
    cfg.weighted = weighted;
    cfg.exact_max = exact_max;
    if (budget)
        cfg.hist_budget = budget;
    FA_ASSERT_OK(fa_acc_new(&a, &cfg, &err));
    for (i = 0; i < n_cells; i++)
        FA_ASSERT_OK(fa_acc_add_cell(a, &c, &err));
    for (i = 0; i < n; i++)
        FA_ASSERT_OK(fa_acc_add_row(a, (uint32_t)rows[i].cell, rows[i].s, rows[i].y, rows[i].d,
                                    rows[i].w, &err));
    fa_acc_flush(a);
    return a;
}

/* Summary of cells [first, first + count). */
static inline void mt_summary(const fa_acc *a, uint32_t first, size_t count, bool dist,
                              fa_summary *s)
{
    uint32_t cells[64];
    fa_error err;
    size_t i;

    for (i = 0; i < count; i++)
        cells[i] = first + (uint32_t)i;
    FA_ASSERT_OK(fa_acc_summarize(a, cells, count, dist, s, &err));
}

#define ASSERT_VALUE(val, expected)                                                               \
    do {                                                                                          \
        fa_value v__ = (val);                                                                     \
        cr_assert(fa_value_defined(v__), "%s undefined (%s)", #val, v__.reason);                  \
        FA_ASSERT_NEAR(v__.v, (expected), MT_TOL);                                                \
    } while (0)

#define ASSERT_UNDEF(val)                                                                         \
    do {                                                                                          \
        fa_value v__ = (val);                                                                     \
        cr_assert(!fa_value_defined(v__), "%s = %g, expected undefined", #val, v__.v);           \
        cr_assert(isnan(v__.v));                                                                  \
        cr_assert(v__.reason != NULL && v__.reason[0] != '\0');                                   \
    } while (0)

/* The hand-computed fixture (docs in test_rates.c): groups A (cell 0), B (1), C (2). */
static const trow mt_fixture[] = {
    /* A: TP TP FN | FP TN TN */
    {0.92, 1, 1, 1, 0}, {0.81, 0, 1, 1, 0}, {0.63, 1, 1, 1, 0},
    {0.44, 1, 0, 1, 0}, {0.32, 0, 0, 1, 0}, {0.21, 0, 0, 1, 0},
    /* B: TP FN FP TN FP */
    {0.72, 1, 1, 1, 1}, {0.47, 1, 0, 1, 1}, {0.56, 0, 1, 1, 1},
    {0.12, 0, 0, 1, 1}, {0.57, 0, 1, 1, 1},
    /* C: TN TN TN (no label-1 rows, no decision-1 rows) */
    {0.26, 0, 0, 1, 2}, {0.17, 0, 0, 1, 2}, {0.06, 0, 0, 1, 2},
};
#define MT_FIXTURE_N (sizeof mt_fixture / sizeof mt_fixture[0])

#endif
