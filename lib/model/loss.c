/*
 * loss.c — weighted logistic loss, its derivative and the sigmoid, written
 * as branch-free loops GCC vectorises (built with the flags of
 * lib/la/la_simd.h; see lib/model/CMakeLists.txt). Sums over rows are kept
 * in four fixed lanes combined in a fixed order, so vectorised and scalar
 * builds give the same bits.
 */
#include "model/loss.h"

#include <math.h>

#include "la/la.h"
#include "la/la_simd.h"

/* One row: loss and sigmoid(z) from a single exp and log1p. */
#define LOGISTIC_TERMS(zv, yv, loss_out, sig_out)                                                  \
    do {                                                                                           \
        double e_ = fa_la_exp(-fabs(zv));                                                          \
        double pos_ = (zv) > 0.0 ? (zv) : 0.0;                                                     \
        (loss_out) = fa_la_log1p01(e_) + pos_ - (yv) * (zv);                                       \
        (sig_out) = ((zv) >= 0.0 ? 1.0 : e_) / (1.0 + e_);                                         \
    } while (0)

static double sum4(const double *v, size_t n)
{
    double lane[4] = {0.0, 0.0, 0.0, 0.0};
    size_t k = 0, l;

    for (; k + 4 <= n; k += 4)
        for (l = 0; l < 4; l++)
            lane[l] += v[k + l];
    for (; k < n; k++)
        lane[0] += v[k];
    return (lane[0] + lane[1]) + (lane[2] + lane[3]);
}

/* Up to FA_LA_GLM_BLOCK rows: per-row losses go to a small buffer and are
 * summed in fixed lanes afterwards, which keeps the row loop vectorisable. */
FA_LA_HOT static double
logistic_block(const fa_logloss_data *d, size_t row0, size_t n, const double *z, double *r)
{
    const uint8_t *y = d->y + row0;
    double lb[FA_LA_GLM_BLOCK];
    size_t k;

    if (d->sw == NULL) {
        for (k = 0; k < n; k++) {
            double yk = (double)y[k], l, s;
            LOGISTIC_TERMS(z[k], yk, l, s);
            lb[k] = l;
            r[k] = s - yk;
        }
    } else {
        const double *w = d->sw + row0;
        for (k = 0; k < n; k++) {
            double yk = (double)y[k], l, s;
            LOGISTIC_TERMS(z[k], yk, l, s);
            lb[k] = w[k] * l;
            r[k] = w[k] * (s - yk);
        }
    }
    return sum4(lb, n);
}

double fa_loss_logistic_glm(void *ctx, size_t row0, size_t n, const double *z, double *r)
{
    double total = 0.0;
    size_t k;

    for (k = 0; k < n; k += FA_LA_GLM_BLOCK) {
        size_t m = n - k < FA_LA_GLM_BLOCK ? n - k : FA_LA_GLM_BLOCK;
        total += logistic_block(ctx, row0 + k, m, z + k, r + k);
    }
    return total;
}

FA_LA_HOT double fa_loss_logistic(
    size_t n, const double *z, const double *y, const double *s, double scale, double *dz)
{
    double lane[4] = {0.0, 0.0, 0.0, 0.0};
    size_t k;

    for (k = 0; k < n; k++) {
        double l, sg, wk = s != NULL ? s[k] : 1.0;
        LOGISTIC_TERMS(z[k], y[k], l, sg);
        lane[k & 3] += wk * l;
        if (dz != NULL)
            dz[k] = scale * wk * (sg - y[k]);
    }
    return (lane[0] + lane[1]) + (lane[2] + lane[3]);
}

FA_LA_HOT void fa_loss_sigmoid(size_t n, const double *z, double *p)
{
    size_t k;

    for (k = 0; k < n; k++) {
        double zk = z[k];
        double e = fa_la_exp(-fabs(zk));
        p[k] = (zk >= 0.0 ? 1.0 : e) / (1.0 + e);
    }
}
