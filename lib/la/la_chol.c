/*
 * la_chol.c — Cholesky factorisation of small dense SPD matrices (the
 * d x d preconditioner of logistic regression, d up to a few hundred).
 * Left-looking, row-oriented (Cholesky-Crout): row i of L needs the rows
 * above it only, and every inner loop is a contiguous dot product. At
 * d = 512 this is ~45 Mflop, a few tens of milliseconds, so LAPACK's dpotrf
 * (and a dependency on LAPACK headers) is not worth it here.
 */
#include <math.h>

#include "la/la.h"

bool fa_la_cholesky(const fa_mat *A)
{
    size_t n = A->rows, i, j, k;
    double *a = A->data;

    for (i = 0; i < n; i++) {
        double *ri = a + i * A->ld;
        for (j = 0; j <= i; j++) {
            const double *rj = a + j * A->ld;
            double s = ri[j];
            for (k = 0; k < j; k++)
                s -= ri[k] * rj[k];
            if (j < i) {
                ri[j] = s / rj[j];
            } else {
                if (!(s > 0.0) || !isfinite(s))
                    return false;
                ri[i] = sqrt(s);
            }
        }
    }
    return true;
}
