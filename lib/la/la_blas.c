/*
 * la_blas.c — the project's only CBLAS calls (OpenBLAS underneath).
 *
 * CBLAS takes 32-bit sizes (blasint) in Debian's OpenBLAS. Vector operations
 * longer than that are cut into pieces; matrix operations whose sizes or
 * leading dimensions do not fit fall back to the naive reference, which is
 * correct for any size (such shapes mean tens of gigabytes per operand).
 *
 * OpenBLAS keeps its own thread pool, configured process-wide; the library
 * changes it only when asked (fa_la_set_blas_threads, behind the public
 * fa_model_set_blas_threads that `fairaudit train --threads` calls; the
 * environment's OPENBLAS_NUM_THREADS applies otherwise).
 */
#include <limits.h>
#include <math.h>
#include <string.h>

#include <cblas.h>

#include "la/la.h"

#define BLAS_MAX ((size_t)(sizeof(blasint) >= 8 ? (size_t)LLONG_MAX : (size_t)INT_MAX))

void fa_la_set_blas_threads(unsigned n_threads)
{
    unsigned n = n_threads > 0 ? n_threads : fa_la_default_threads();

    openblas_set_num_threads(n > (unsigned)INT_MAX ? INT_MAX : (int)n);
}

static bool fits(size_t v)
{
    return v <= BLAS_MAX;
}

static enum CBLAS_TRANSPOSE cblas_trans(fa_la_trans t)
{
    return t == FA_LA_TRANS ? CblasTrans : CblasNoTrans;
}

double fa_la_dot(size_t n, const double *x, const double *y)
{
    double s = 0.0;

    while (n > 0) {
        size_t m = n < BLAS_MAX ? n : BLAS_MAX;
        s += cblas_ddot((blasint)m, x, 1, y, 1);
        x += m;
        y += m;
        n -= m;
    }
    return s;
}

void fa_la_axpy(size_t n, double a, const double *x, double *y)
{
    while (n > 0) {
        size_t m = n < BLAS_MAX ? n : BLAS_MAX;
        cblas_daxpy((blasint)m, a, x, 1, y, 1);
        x += m;
        y += m;
        n -= m;
    }
}

void fa_la_scal(size_t n, double a, double *x)
{
    if (a == 0.0) {
        /* BLAS may compute 0 * NaN = NaN; scaling by zero means zeroing. */
        memset(x, 0, n * sizeof *x);
        return;
    }
    while (n > 0) {
        size_t m = n < BLAS_MAX ? n : BLAS_MAX;
        cblas_dscal((blasint)m, a, x, 1);
        x += m;
        n -= m;
    }
}

double fa_la_nrm2(size_t n, const double *x)
{
    double r = 0.0;

    while (n > 0) {
        size_t m = n < BLAS_MAX ? n : BLAS_MAX;
        r = hypot(r, cblas_dnrm2((blasint)m, x, 1));
        x += m;
        n -= m;
    }
    return r;
}

void fa_la_gemv(
    fa_la_trans ta, double alpha, const fa_cmat *A, const double *x, double beta, double *y)
{
    size_t ny = ta == FA_LA_TRANS ? A->cols : A->rows;

    if (!fits(A->rows) || !fits(A->cols) || !fits(A->ld)) {
        fa_la_ref_gemv(ta, alpha, A, x, beta, y);
        return;
    }
    if (beta == 0.0)
        memset(y, 0, ny * sizeof *y);
    if (A->rows == 0 || A->cols == 0) {
        if (beta != 0.0 && beta != 1.0)
            fa_la_scal(ny, beta, y);
        return;
    }
    cblas_dgemv(CblasRowMajor, cblas_trans(ta), (blasint)A->rows, (blasint)A->cols, alpha, A->data,
                (blasint)A->ld, x, 1, beta, y, 1);
}

void fa_la_gemm(fa_la_trans ta,
                fa_la_trans tb,
                double alpha,
                const fa_cmat *A,
                const fa_cmat *B,
                double beta,
                const fa_mat *C)
{
    size_t m = C->rows, n = C->cols;
    size_t k = ta == FA_LA_TRANS ? A->rows : A->cols;
    size_t i;

    if (!fits(m) || !fits(n) || !fits(k) || !fits(A->ld) || !fits(B->ld) || !fits(C->ld)) {
        fa_la_ref_gemm(ta, tb, alpha, A, B, beta, C);
        return;
    }
    if (beta == 0.0)
        for (i = 0; i < m; i++)
            memset(C->data + i * C->ld, 0, n * sizeof(double));
    if (m == 0 || n == 0)
        return;
    if (k == 0) {
        if (beta != 0.0 && beta != 1.0)
            for (i = 0; i < m; i++)
                fa_la_scal(n, beta, C->data + i * C->ld);
        return;
    }
    cblas_dgemm(CblasRowMajor, cblas_trans(ta), cblas_trans(tb), (blasint)m, (blasint)n, (blasint)k,
                alpha, A->data, (blasint)A->ld, B->data, (blasint)B->ld, beta, C->data,
                (blasint)C->ld);
}

void fa_la_syrk_lower(double alpha, const fa_cmat *A, double beta, const fa_mat *C)
{
    size_t n = A->cols, i;

    if (!fits(A->rows) || !fits(n) || !fits(A->ld) || !fits(C->ld)) {
        fa_la_ref_syrk_lower(alpha, A, beta, C);
        return;
    }
    if (beta == 0.0)
        for (i = 0; i < n; i++)
            memset(C->data + i * C->ld, 0, (i + 1) * sizeof(double));
    if (n == 0 || (A->rows == 0 && (beta == 0.0 || beta == 1.0)))
        return;
    if (A->rows == 0) {
        for (i = 0; i < n; i++)
            fa_la_scal(i + 1, beta, C->data + i * C->ld);
        return;
    }
    cblas_dsyrk(CblasRowMajor, CblasLower, CblasTrans, (blasint)n, (blasint)A->rows, alpha, A->data,
                (blasint)A->ld, beta, C->data, (blasint)C->ld);
}

void fa_la_trsv_lower(fa_la_trans t, const fa_cmat *L, double *x)
{
    if (!fits(L->rows) || !fits(L->ld)) {
        fa_la_ref_trsv_lower(t, L, x);
        return;
    }
    if (L->rows == 0)
        return;
    cblas_dtrsv(CblasRowMajor, CblasLower, cblas_trans(t), CblasNonUnit, (blasint)L->rows, L->data,
                (blasint)L->ld, x, 1);
}
