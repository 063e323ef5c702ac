/* lib/la: the fused GLM pass and the vectorisable exp/log1p. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "common/internal.h"
#include "common/rng.h"
#include "fa_test.h"
#include "la/la.h"
#include "la/la_simd.h"

/* Different summation orders of O(rows) terms of size O(1). */
#define TOL_PASS_REL 1e-11
/* fa_la_exp / fa_la_log1p01 against libm, in units of DBL_EPSILON (relative). */
#define TOL_VMATH_EPS 4.0

typedef struct sq_ctx {
    const double *y;
} sq_ctx;

/* Squared loss: loss = (z - y)^2 / 2, r = z - y. */
static double sq_fn(void *arg, size_t row0, size_t n, const double *z, double *r)
{
    const sq_ctx *c = arg;
    double s = 0.0;
    size_t k;

    for (k = 0; k < n; k++) {
        r[k] = z[k] - c->y[row0 + k];
        s += 0.5 * r[k] * r[k];
    }
    return s;
}

typedef struct problem {
    double *x, *y, *w;
    size_t rows, cols, ld;
} problem;

static problem make_problem(size_t rows, size_t cols, size_t ld, uint64_t seed)
{
    problem p = {NULL, NULL, NULL, rows, cols, ld};
    fa_rng r;
    size_t i;

    fa_rng_seed(&r, seed);
    p.x = malloc(rows * ld * sizeof(double) + 1);
    p.y = malloc(rows * sizeof(double) + 1);
    p.w = malloc(cols * sizeof(double) + 1);
    for (i = 0; i < rows * ld; i++)
        p.x[i] = fa_rng_normal(&r);
    for (i = 0; i < rows; i++)
        p.y[i] = fa_rng_uniform(&r);
    for (i = 0; i < cols; i++)
        p.w[i] = 0.1 * fa_rng_normal(&r);
    return p;
}

static void free_problem(problem *p)
{
    free(p->x);
    free(p->y);
    free(p->w);
}

Test(la_glm, pass_matches_two_reference_gemv)
{
    /* 10007 rows: three chunks, the last one partial, and a partial block. */
    problem p = make_problem(10007, 13, 15, 5);
    fa_cmat X = {p.x, p.rows, p.cols, p.ld};
    fa_la_glm_ws ws;
    sq_ctx c = {p.y};
    double *z = malloc(p.rows * sizeof *z), *g = malloc(p.cols * sizeof *g);
    double *g_ref = malloc(p.cols * sizeof *g_ref), gb, gb_ref = 0.0, loss, loss_ref = 0.0;
    size_t i;

    cr_assert(fa_la_glm_ws_init(&ws, p.rows, p.cols));
    loss = fa_la_glm_loss_grad(&X, p.w, 0.3, sq_fn, &c, 2, &ws, g, &gb);
    fa_la_ref_gemv(FA_LA_NOTRANS, 1.0, &X, p.w, 0.0, z);
    for (i = 0; i < p.rows; i++) {
        z[i] += 0.3 - p.y[i];
        loss_ref += 0.5 * z[i] * z[i];
        gb_ref += z[i];
    }
    fa_la_ref_gemv(FA_LA_TRANS, 1.0, &X, z, 0.0, g_ref);
    FA_ASSERT_NEAR(loss, loss_ref, TOL_PASS_REL * loss_ref);
    FA_ASSERT_NEAR(gb, gb_ref, TOL_PASS_REL * (double)p.rows);
    for (i = 0; i < p.cols; i++)
        FA_ASSERT_NEAR(g[i], g_ref[i], TOL_PASS_REL * (double)p.rows);
    fa_la_glm_ws_dispose(&ws);
    free(z);
    free(g);
    free(g_ref);
    free_problem(&p);
}

Test(la_glm, pass_is_bit_identical_for_any_thread_count)
{
    static const unsigned threads[] = {1, 2, 3, 8};
    problem p = make_problem(3 * FA_LA_GLM_CHUNK + 17, 50, 50, 6);
    fa_cmat X = {p.x, p.rows, p.cols, p.ld};
    fa_la_glm_ws ws;
    sq_ctx c = {p.y};
    double g0[50], g[50], gb0, gb, loss0, loss;
    size_t t;

    cr_assert(fa_la_glm_ws_init(&ws, p.rows, p.cols));
    loss0 = fa_la_glm_loss_grad(&X, p.w, -0.1, sq_fn, &c, 1, &ws, g0, &gb0);
    for (t = 0; t < sizeof threads / sizeof threads[0]; t++) {
        loss = fa_la_glm_loss_grad(&X, p.w, -0.1, sq_fn, &c, threads[t], &ws, g, &gb);
        cr_assert(memcmp(&loss, &loss0, sizeof loss) == 0, "%u threads: loss differs", threads[t]);
        cr_assert(memcmp(&gb, &gb0, sizeof gb) == 0);
        cr_assert(memcmp(g, g0, sizeof g) == 0, "%u threads: gradient differs", threads[t]);
    }
    fa_la_glm_ws_dispose(&ws);
    free_problem(&p);
}

Test(la_glm, linear_predict_uses_the_pass_dot_product)
{
    problem p = make_problem(FA_LA_GLM_CHUNK + 3, 21, 21, 7);
    fa_cmat X = {p.x, p.rows, p.cols, p.ld};
    double *z = malloc(p.rows * sizeof *z);
    size_t i;

    fa_la_linear_predict(&X, p.w, 1.5, 2, z);
    for (i = 0; i < p.rows; i++) {
        double want = fa_la_glm_dot(p.cols, p.x + i * p.ld, p.w) + 1.5;
        cr_assert(memcmp(&z[i], &want, sizeof want) == 0, "row %zu", i);
        FA_ASSERT_NEAR(z[i], fa_la_ref_dot(p.cols, p.x + i * p.ld, p.w) + 1.5, 1e-12);
    }
    free(z);
    free_problem(&p);
}

Test(la_glm, empty_matrix_gives_zero_loss_and_gradient)
{
    double w[3] = {1, 2, 3}, g[3] = {9, 9, 9}, gb = 9;
    fa_cmat X = {w, 0, 3, 3};
    fa_la_glm_ws ws;
    sq_ctx c = {NULL};

    cr_assert(fa_la_glm_ws_init(&ws, 0, 3));
    FA_ASSERT_NEAR(fa_la_glm_loss_grad(&X, w, 0.0, sq_fn, &c, 2, &ws, g, &gb), 0.0, 0.0);
    cr_assert(g[0] == 0.0 && g[1] == 0.0 && g[2] == 0.0 && gb == 0.0);
    fa_la_glm_ws_dispose(&ws);
}

static double rel_err_eps(double got, double want)
{
    return want == 0.0 ? fabs(got) / DBL_MIN : fabs(got - want) / fabs(want) / DBL_EPSILON;
}

Test(la_vmath, exp_is_within_a_few_ulp_of_libm)
{
    double worst = 0.0, x;
    fa_rng r;
    int i;

    fa_rng_seed(&r, 8);
    for (i = 0; i < 200000; i++) {
        x = (fa_rng_uniform(&r) * 2.0 - 1.0) * 708.0;
        double e = rel_err_eps(fa_la_exp(x), exp(x));
        worst = e > worst ? e : worst;
    }
    for (x = -2.0; x <= 2.0; x += 1.0 / 1024.0) {
        double e = rel_err_eps(fa_la_exp(x), exp(x));
        worst = e > worst ? e : worst;
    }
    cr_assert(worst <= TOL_VMATH_EPS, "worst error %.3g eps", worst);
    cr_assert(fa_la_exp(0.0) == 1.0);
    /* Clamped, never zero or infinite. */
    cr_assert(fa_la_exp(-1e6) > 0.0 && fa_la_exp(-1e6) <= exp(-708.0) * (1 + 1e-15));
    cr_assert(isfinite(fa_la_exp(1e6)));
}

Test(la_vmath, log1p01_is_within_a_few_ulp_of_libm)
{
    double worst = 0.0;
    fa_rng r;
    int i;

    fa_rng_seed(&r, 9);
    for (i = 0; i < 200000; i++) {
        double u = fa_rng_uniform(&r);
        double e = i % 2 ? u : pow(u, 8.0); /* dense near 0 as well */
        double err = rel_err_eps(fa_la_log1p01(e), log1p(e));
        worst = err > worst ? err : worst;
    }
    cr_assert(worst <= TOL_VMATH_EPS, "worst error %.3g eps", worst);
    cr_assert(fa_la_log1p01(0.0) == 0.0);
    FA_ASSERT_NEAR(fa_la_log1p01(1.0), log(2.0), 2 * DBL_EPSILON);
    FA_ASSERT_NEAR(fa_la_log1p01(1e-300) / 1e-300, 1.0, 2 * DBL_EPSILON);
}
