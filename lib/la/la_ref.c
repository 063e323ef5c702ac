/*
 * la_ref.c — naive reference versions of the BLAS operations in la.h.
 *
 * Plain loops in the textbook order, no blocking and no vectorisation hints:
 * the tests check la_blas.c against these, and la_blas.c falls back to them
 * for shapes CBLAS's integer types cannot express. Contracts are those of the
 * fa_la_* functions in la.h.
 */
#include <math.h>
#include <string.h>

#include "la/la.h"

double fa_la_ref_dot(size_t n, const double *x, const double *y)
{
    double s = 0.0;
    size_t i;

    for (i = 0; i < n; i++)
        s += x[i] * y[i];
    return s;
}

void fa_la_ref_axpy(size_t n, double a, const double *x, double *y)
{
    size_t i;

    for (i = 0; i < n; i++)
        y[i] += a * x[i];
}

void fa_la_ref_scal(size_t n, double a, double *x)
{
    size_t i;

    for (i = 0; i < n; i++)
        x[i] = a == 0.0 ? 0.0 : a * x[i];
}

double fa_la_ref_nrm2(size_t n, const double *x)
{
    /* Scaled sum of squares (LAPACK dlassq): no overflow for large entries. */
    double scale = 0.0, ssq = 1.0;
    size_t i;

    for (i = 0; i < n; i++) {
        double a = fabs(x[i]);
        if (a == 0.0)
            continue;
        if (scale < a) {
            ssq = 1.0 + ssq * (scale / a) * (scale / a);
            scale = a;
        } else {
            ssq += (a / scale) * (a / scale);
        }
    }
    return scale * sqrt(ssq);
}

static double at(const fa_cmat *A, fa_la_trans t, size_t i, size_t j)
{
    return t == FA_LA_TRANS ? A->data[j * A->ld + i] : A->data[i * A->ld + j];
}

void fa_la_ref_gemv(
    fa_la_trans ta, double alpha, const fa_cmat *A, const double *x, double beta, double *y)
{
    size_t m = ta == FA_LA_TRANS ? A->cols : A->rows;
    size_t n = ta == FA_LA_TRANS ? A->rows : A->cols;
    size_t i, j;

    for (i = 0; i < m; i++) {
        double s = 0.0;
        for (j = 0; j < n; j++)
            s += at(A, ta, i, j) * x[j];
        y[i] = alpha * s + (beta == 0.0 ? 0.0 : beta * y[i]);
    }
}

void fa_la_ref_gemm(fa_la_trans ta,
                    fa_la_trans tb,
                    double alpha,
                    const fa_cmat *A,
                    const fa_cmat *B,
                    double beta,
                    const fa_mat *C)
{
    size_t k = ta == FA_LA_TRANS ? A->rows : A->cols;
    size_t i, j, p;

    for (i = 0; i < C->rows; i++) {
        for (j = 0; j < C->cols; j++) {
            double s = 0.0, *c = &C->data[i * C->ld + j];
            for (p = 0; p < k; p++)
                s += at(A, ta, i, p) * at(B, tb, p, j);
            *c = alpha * s + (beta == 0.0 ? 0.0 : beta * *c);
        }
    }
}

void fa_la_ref_syrk_lower(double alpha, const fa_cmat *A, double beta, const fa_mat *C)
{
    size_t n = A->cols, i, j, k;

    for (i = 0; i < n; i++) {
        for (j = 0; j <= i; j++) {
            double s = 0.0, *c = &C->data[i * C->ld + j];
            for (k = 0; k < A->rows; k++)
                s += A->data[k * A->ld + i] * A->data[k * A->ld + j];
            *c = alpha * s + (beta == 0.0 ? 0.0 : beta * *c);
        }
    }
}

void fa_la_ref_trsv_lower(fa_la_trans t, const fa_cmat *L, double *x)
{
    size_t n = L->rows, i, j;

    if (t == FA_LA_NOTRANS) {
        for (i = 0; i < n; i++) {
            double s = x[i];
            for (j = 0; j < i; j++)
                s -= L->data[i * L->ld + j] * x[j];
            x[i] = s / L->data[i * L->ld + i];
        }
    } else {
        for (i = n; i-- > 0;) {
            double s = x[i];
            for (j = i + 1; j < n; j++)
                s -= L->data[j * L->ld + i] * x[j];
            x[i] = s / L->data[i * L->ld + i];
        }
    }
}
