/* lib/la: BLAS-backed operations against the naive reference, threads. */
#include <math.h>
#include <stdatomic.h>
#include <string.h>

#include "common/internal.h"
#include "common/rng.h"
#include "fa_test.h"
#include "la/la.h"

/* BLAS and the naive loops sum in different orders: agree to a few ulps of
 * the magnitude of the terms. */
#define TOL_BLAS_REL 1e-12

static double *rand_vec(fa_rng *r, size_t n)
{
    double *v = malloc((n ? n : 1) * sizeof *v);
    size_t i;

    for (i = 0; i < n; i++)
        v[i] = fa_rng_uniform(r) * 2.0 - 1.0;
    return v;
}

static void assert_close_vec(const double *a, const double *b, size_t n, double scale)
{
    size_t i;

    for (i = 0; i < n; i++)
        cr_assert(fabs(a[i] - b[i]) <= TOL_BLAS_REL * scale, "[%zu]: %.17g vs %.17g", i, a[i],
                  b[i]);
}

Test(la_blas, vector_ops_match_reference)
{
    static const size_t sizes[] = {0, 1, 7, 8, 9, 1000, 4099};
    fa_rng r;
    size_t s;

    fa_rng_seed(&r, 1);
    for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s];
        double *x = rand_vec(&r, n), *y = rand_vec(&r, n), *y2 = malloc((n + 1) * sizeof *y2);
        double scale = (double)n + 1.0;

        FA_ASSERT_NEAR(fa_la_dot(n, x, y), fa_la_ref_dot(n, x, y), TOL_BLAS_REL * scale);
        FA_ASSERT_NEAR(fa_la_nrm2(n, x), fa_la_ref_nrm2(n, x), TOL_BLAS_REL * scale);
        memcpy(y2, y, n * sizeof *y);
        fa_la_axpy(n, -0.75, x, y);
        fa_la_ref_axpy(n, -0.75, x, y2);
        assert_close_vec(y, y2, n, 1.0);
        fa_la_scal(n, 3.5, y);
        fa_la_ref_scal(n, 3.5, y2);
        assert_close_vec(y, y2, n, 4.0);
        free(x);
        free(y);
        free(y2);
    }
}

Test(la_blas, scal_by_zero_clears_nan_and_nrm2_does_not_overflow)
{
    double v[3] = {NAN, INFINITY, 1.0};
    double big[2] = {3e300, 4e300};

    fa_la_scal(3, 0.0, v);
    cr_assert(v[0] == 0.0 && v[1] == 0.0 && v[2] == 0.0);
    FA_ASSERT_NEAR(fa_la_nrm2(2, big) / 5e300, 1.0, FA_TOL_EXACT);
    FA_ASSERT_NEAR(fa_la_ref_nrm2(2, big) / 5e300, 1.0, FA_TOL_EXACT);
}

Test(la_blas, gemv_matches_reference_with_strides_and_beta)
{
    static const double betas[] = {0.0, 1.0, -0.5};
    fa_rng r;
    size_t rows = 37, cols = 13, ld = 16, b, t;
    double *a = NULL;

    fa_rng_seed(&r, 2);
    a = rand_vec(&r, rows * ld);
    for (t = 0; t < 2; t++) {
        for (b = 0; b < 3; b++) {
            fa_cmat A = {a, rows, cols, ld};
            fa_la_trans tr = t ? FA_LA_TRANS : FA_LA_NOTRANS;
            size_t nx = t ? rows : cols, ny = t ? cols : rows;
            double *x = rand_vec(&r, nx), *y = rand_vec(&r, ny), *y2 = malloc(ny * sizeof *y2);

            if (betas[b] == 0.0)
                y[0] = NAN; /* must not be read */
            memcpy(y2, y, ny * sizeof *y);
            fa_la_gemv(tr, 1.25, &A, x, betas[b], y);
            fa_la_ref_gemv(tr, 1.25, &A, x, betas[b], y2);
            assert_close_vec(y, y2, ny, (double)rows);
            free(x);
            free(y);
            free(y2);
        }
    }
    free(a);
}

Test(la_blas, gemm_matches_reference_for_every_transpose)
{
    fa_rng r;
    size_t m = 19, n = 11, k = 23, ta, tb;

    fa_rng_seed(&r, 3);
    for (ta = 0; ta < 2; ta++) {
        for (tb = 0; tb < 2; tb++) {
            /* Stored shapes: A is m x k (or k x m), B is k x n (or n x k); pad ld. */
            size_t ar = ta ? k : m, ac = ta ? m : k, br = tb ? n : k, bc = tb ? k : n;
            double *a = rand_vec(&r, ar * (ac + 3)), *bm = rand_vec(&r, br * (bc + 1));
            double *c = rand_vec(&r, m * (n + 2)), *c2 = malloc(m * (n + 2) * sizeof *c2);
            fa_cmat A = {a, ar, ac, ac + 3}, B = {bm, br, bc, bc + 1};
            fa_mat C = {c, m, n, n + 2}, C2 = {c2, m, n, n + 2};
            size_t i;

            memcpy(c2, c, m * (n + 2) * sizeof *c);
            fa_la_gemm(ta ? FA_LA_TRANS : FA_LA_NOTRANS, tb ? FA_LA_TRANS : FA_LA_NOTRANS, 0.5, &A,
                       &B, 2.0, &C);
            fa_la_ref_gemm(ta ? FA_LA_TRANS : FA_LA_NOTRANS, tb ? FA_LA_TRANS : FA_LA_NOTRANS, 0.5,
                           &A, &B, 2.0, &C2);
            for (i = 0; i < m; i++)
                assert_close_vec(c + i * (n + 2), c2 + i * (n + 2), n, (double)k);
            /* The padding between rows is untouched. */
            for (i = 0; i < m; i++)
                cr_assert(c[i * (n + 2) + n] == c2[i * (n + 2) + n]);
            free(a);
            free(bm);
            free(c);
            free(c2);
        }
    }
}

Test(la_blas, gemm_beta_zero_ignores_garbage_and_k_zero_scales)
{
    double a[4] = {1, 2, 3, 4}, b[4] = {5, 6, 7, 8}, c[4] = {NAN, NAN, NAN, NAN};
    fa_cmat A = fa_cmat_view(a, 2, 2), B = fa_cmat_view(b, 2, 2), A0 = {a, 2, 0, 2},
            B0 = {b, 0, 2, 2};
    fa_mat C = fa_mat_view(c, 2, 2);

    fa_la_gemm(FA_LA_NOTRANS, FA_LA_NOTRANS, 1.0, &A, &B, 0.0, &C);
    FA_ASSERT_NEAR(c[0], 19.0, FA_TOL_EXACT);
    FA_ASSERT_NEAR(c[1], 22.0, FA_TOL_EXACT);
    FA_ASSERT_NEAR(c[2], 43.0, FA_TOL_EXACT);
    FA_ASSERT_NEAR(c[3], 50.0, FA_TOL_EXACT);
    fa_la_gemm(FA_LA_NOTRANS, FA_LA_NOTRANS, 1.0, &A0, &B0, 2.0, &C);
    FA_ASSERT_NEAR(c[0], 38.0, FA_TOL_EXACT);
    FA_ASSERT_NEAR(c[3], 100.0, FA_TOL_EXACT);
}

typedef struct count_ctx {
    atomic_int *hits;
} count_ctx;

static void count_task(void *arg, size_t t)
{
    count_ctx *c = arg;
    atomic_fetch_add(&c->hits[t], 1);
}

Test(la_par, every_task_runs_exactly_once)
{
    static const unsigned threads[] = {0, 1, 2, 3, 64};
    static const size_t tasks[] = {0, 1, 5, 1000};
    size_t a, b, i;

    for (a = 0; a < sizeof threads / sizeof threads[0]; a++) {
        for (b = 0; b < sizeof tasks / sizeof tasks[0]; b++) {
            atomic_int *hits = calloc(tasks[b] + 1, sizeof *hits);
            count_ctx c = {hits};
            fa_la_parallel_for(tasks[b], threads[a], count_task, &c);
            for (i = 0; i < tasks[b]; i++)
                cr_assert_eq(atomic_load(&hits[i]), 1, "task %zu ran %d times (%u threads)", i,
                             atomic_load(&hits[i]), threads[a]);
            free(hits);
        }
    }
    cr_assert(fa_la_default_threads() >= 1);
}

Test(la_blas, syrk_and_trsv_match_reference)
{
    fa_rng r;
    size_t n = 9, k = 31, i, j;
    double *a, c[9 * 11], c2[9 * 11];
    fa_cmat A;
    fa_mat C = {c, 9, 9, 11}, C2 = {c2, 9, 9, 11};

    fa_rng_seed(&r, 4);
    a = rand_vec(&r, k * (n + 2));
    A = (fa_cmat){a, k, n, n + 2};
    for (i = 0; i < 9 * 11; i++)
        c[i] = c2[i] = fa_rng_uniform(&r);
    fa_la_syrk_lower(0.5, &A, 2.0, &C);
    fa_la_ref_syrk_lower(0.5, &A, 2.0, &C2);
    for (i = 0; i < n; i++)
        for (j = 0; j < 11; j++) {
            double want = c2[i * 11 + j];
            if (j <= i)
                FA_ASSERT_NEAR(c[i * 11 + j], want, TOL_BLAS_REL * (double)k);
            else
                cr_assert(c[i * 11 + j] == want, "upper triangle (%zu,%zu) touched", i, j);
        }
    /* Triangular solves on a well-conditioned lower triangle. */
    for (i = 0; i < n; i++)
        c[i * 11 + i] = 3.0 + fabs(c[i * 11 + i]);
    {
        fa_cmat L = {c, n, n, 11};
        double x[9], x2[9];
        size_t t;
        for (t = 0; t < 2; t++) {
            for (i = 0; i < n; i++)
                x[i] = x2[i] = fa_rng_normal(&r);
            fa_la_trsv_lower(t ? FA_LA_TRANS : FA_LA_NOTRANS, &L, x);
            fa_la_ref_trsv_lower(t ? FA_LA_TRANS : FA_LA_NOTRANS, &L, x2);
            assert_close_vec(x, x2, n, 10.0);
        }
    }
    free(a);
}

Test(la_chol, factor_reproduces_the_matrix_and_rejects_indefinite)
{
    /* A = M M^T + I for a random M: SPD. */
    enum { N = 12 };
    double m[N * N], a[N * N], l[N * N];
    fa_mat L = fa_mat_view(l, N, N);
    fa_rng r;
    size_t i, j, k;

    fa_rng_seed(&r, 5);
    for (i = 0; i < N * N; i++)
        m[i] = fa_rng_normal(&r);
    for (i = 0; i < N; i++)
        for (j = 0; j < N; j++) {
            double s = i == j ? 1.0 : 0.0;
            for (k = 0; k < N; k++)
                s += m[i * N + k] * m[j * N + k];
            a[i * N + j] = s;
        }
    memcpy(l, a, sizeof a);
    for (i = 0; i < N; i++) /* garbage above the diagonal must not matter */
        for (j = i + 1; j < N; j++)
            l[i * N + j] = NAN;
    cr_assert(fa_la_cholesky(&L));
    for (i = 0; i < N; i++)
        for (j = 0; j <= i; j++) {
            double s = 0.0;
            for (k = 0; k <= j; k++)
                s += l[i * N + k] * l[j * N + k];
            FA_ASSERT_NEAR(s, a[i * N + j], 1e-10 * fabs(a[i * N + i]));
        }
    {
        double bad[4] = {1.0, 0.0, 2.0, 1.0}; /* [[1,2],[2,1]]: indefinite */
        fa_mat B = fa_mat_view(bad, 2, 2);
        cr_assert_not(fa_la_cholesky(&B));
    }
}
