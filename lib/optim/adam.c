/*
 * adam.c — the Adam update rule (Kingma & Ba, "Adam: A Method for Stochastic
 * Optimization", ICLR 2015, Algorithm 1), bias-corrected, written as
 *     x -= lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 * so that eps keeps the paper's meaning. The powers beta^t are carried as
 * running products to avoid pow() per step.
 */
#include <math.h>
#include <string.h>

#include "optim/optim.h"

fa_status
fa_adam_init(fa_adam *a, size_t n, double lr, double beta1, double beta2, double eps, fa_error *err)
{
    size_t bytes;

    memset(a, 0, sizeof *a);
    if (!(lr > 0.0) || !isfinite(lr))
        FA_FAIL(err, FA_EINVAL, "Adam: learning rate must be positive, got %g", lr);
    if (!(beta1 >= 0.0 && beta1 < 1.0) || !(beta2 >= 0.0 && beta2 < 1.0))
        FA_FAIL(err, FA_EINVAL, "Adam: beta1 and beta2 must lie in [0, 1)");
    if (!(eps > 0.0))
        FA_FAIL(err, FA_EINVAL, "Adam: epsilon must be positive");
    if (!fa_size_mul(&bytes, n, sizeof(double)))
        FA_FAIL(err, FA_ENOMEM, "Adam: %zu parameters is too many", n);
    a->m = fa_calloc(n ? n : 1, sizeof(double));
    a->v = fa_calloc(n ? n : 1, sizeof(double));
    if (a->m == NULL || a->v == NULL) {
        fa_adam_dispose(a);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    a->n = n;
    a->lr = lr;
    a->beta1 = beta1;
    a->beta2 = beta2;
    a->eps = eps;
    fa_adam_reset(a);
    return FA_OK;
}

void fa_adam_reset(fa_adam *a)
{
    if (a->n > 0) {
        memset(a->m, 0, a->n * sizeof *a->m);
        memset(a->v, 0, a->n * sizeof *a->v);
    }
    a->t = 0;
    a->beta1_t = 1.0;
    a->beta2_t = 1.0;
}

void fa_adam_step(fa_adam *a, double *x, const double *grad)
{
    double c1, c2;
    size_t i;

    a->t++;
    a->beta1_t *= a->beta1;
    a->beta2_t *= a->beta2;
    c1 = 1.0 / (1.0 - a->beta1_t);
    c2 = 1.0 / (1.0 - a->beta2_t);
    for (i = 0; i < a->n; i++) {
        double g = grad[i];
        a->m[i] = a->beta1 * a->m[i] + (1.0 - a->beta1) * g;
        a->v[i] = a->beta2 * a->v[i] + (1.0 - a->beta2) * g * g;
        x[i] -= a->lr * (a->m[i] * c1) / (sqrt(a->v[i] * c2) + a->eps);
    }
}

void fa_adam_dispose(fa_adam *a)
{
    if (a == NULL)
        return;
    fa_free(a->m);
    fa_free(a->v);
    memset(a, 0, sizeof *a);
}
