/*
 * adversary.c — forward pass, loss and gradients of the adversary of
 * adversarial debiasing (see adversary.h for the model).
 *
 * Per row, with a = 1 + |c|, s = sigmoid(a z), u = inputs(s, y),
 * l_k = W_k . u + b_k, p = softmax(l), CE = -log p_g:
 *     dCE/dl_k = p_k - [k = g]
 *     dCE/du_j = sum_k (p_k - [k = g]) W_kj
 *     dCE/ds   = sum_j dCE/du_j du_j/ds,  du/ds = [1] (dp), [y, 1 - y, 0] (eo)
 *     dCE/dz   = dCE/ds * a s (1 - s)
 *     dCE/dc   = dCE/ds * z s (1 - s) sign(c)
 */
#include "mitigate/adversary.h"

#include <math.h>
#include <string.h>

#include "common/rng.h"
#include "la/la.h"

#define INIT_STREAM 22u
/* |g_a| below this is treated as zero: no projection. */
#define TINY_NORM 1e-300

fa_status fa_adversary_init(
    fa_adversary *a, fa_fairness fairness, size_t n_groups, uint64_t seed, fa_error *err)
{
    size_t K = n_groups, i;
    double lim;
    fa_rng rng;

    memset(a, 0, sizeof *a);
    if (fairness != FA_FAIRNESS_DP && fairness != FA_FAIRNESS_EO)
        FA_FAIL(err, FA_EINVAL, "the adversary serves dp or eo");
    if (K < 2)
        FA_FAIL(err, FA_EDATA, "adversarial debiasing needs at least two groups, found %zu", K);
    a->fairness = fairness;
    a->n_groups = K;
    a->n_in = fairness == FA_FAIRNESS_DP ? FA_ADVERSARY_INPUTS_DP : FA_ADVERSARY_INPUTS_EO;
    a->n_params = 1 + K * a->n_in + K;
    a->params = fa_calloc(a->n_params, sizeof *a->params);
    a->prob = fa_calloc(K, sizeof *a->prob);
    if (a->params == NULL || a->prob == NULL) {
        fa_adversary_dispose(a);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    a->params[0] = FA_ADVERSARY_INITIAL_C;
    /* Glorot & Bengio (2010) uniform, as the paper's TensorFlow code. */
    lim = sqrt(6.0 / (double)(a->n_in + K));
    fa_rng_seed_stream(&rng, seed, INIT_STREAM);
    for (i = 0; i < K * a->n_in; i++)
        a->params[1 + i] = (2.0 * fa_rng_uniform(&rng) - 1.0) * lim;
    return FA_OK;
}

void fa_adversary_dispose(fa_adversary *a)
{
    if (a == NULL)
        return;
    fa_free(a->params);
    fa_free(a->prob);
    memset(a, 0, sizeof *a);
}

const char *fa_adversary_input_name(const fa_adversary *a, size_t j)
{
    static const char *const dp[] = {"s"};
    static const char *const eo[] = {"s*y", "s*(1-y)", "y"};

    if (j >= a->n_in)
        return NULL;
    return a->fairness == FA_FAIRNESS_DP ? dp[j] : eo[j];
}

static double sigmoid(double x)
{
    if (x >= 0.0)
        return 1.0 / (1.0 + exp(-x));
    double e = exp(x);
    return e / (1.0 + e);
}

double fa_adversary_loss(fa_adversary *a,
                         size_t n,
                         const double *z,
                         const double *y,
                         const int32_t *g,
                         const double *w,
                         double scale,
                         double *dz,
                         double *grad)
{
    const size_t K = a->n_groups, m = a->n_in;
    const double c = a->params[0], amp = 1.0 + fabs(c);
    const double sign_c = c > 0.0 ? 1.0 : c < 0.0 ? -1.0 : 0.0;
    const double *W = a->params + 1, *b = W + K * m;
    double *p = a->prob, total = 0.0;
    size_t i, k, j;

    if (grad != NULL)
        memset(grad, 0, a->n_params * sizeof *grad);
    for (i = 0; i < n; i++) {
        double s, u[FA_ADVERSARY_INPUTS_EO], du[FA_ADVERSARY_INPUTS_EO], mx, sum, wi, ds, lg = 0.0;
        if (g[i] < 0) {
            if (dz != NULL)
                dz[i] = 0.0;
            continue;
        }
        wi = w != NULL ? w[i] : 1.0;
        s = sigmoid(amp * z[i]);
        if (m == FA_ADVERSARY_INPUTS_DP) {
            u[0] = s;
            du[0] = 1.0;
        } else {
            u[0] = s * y[i];
            u[1] = s * (1.0 - y[i]);
            u[2] = y[i];
            du[0] = y[i];
            du[1] = 1.0 - y[i];
            du[2] = 0.0;
        }
        /* Softmax with the log-sum-exp shift. */
        mx = -HUGE_VAL;
        for (k = 0; k < K; k++) {
            double l = b[k];
            for (j = 0; j < m; j++)
                l += W[k * m + j] * u[j];
            p[k] = l;
            if (k == (size_t)g[i])
                lg = l;
            if (l > mx)
                mx = l;
        }
        sum = 0.0;
        for (k = 0; k < K; k++) {
            p[k] = exp(p[k] - mx);
            sum += p[k];
        }
        total += wi * (log(sum) + mx - lg);
        for (k = 0; k < K; k++)
            p[k] /= sum;
        /* Back-propagation: e_k = scale w (p_k - [k = g]). */
        ds = 0.0;
        for (k = 0; k < K; k++) {
            double e = scale * wi * (p[k] - (k == (size_t)g[i] ? 1.0 : 0.0));
            for (j = 0; j < m; j++) {
                ds += e * W[k * m + j] * du[j];
                if (grad != NULL)
                    grad[1 + k * m + j] += e * u[j];
            }
            if (grad != NULL)
                grad[1 + K * m + k] += e;
        }
        if (dz != NULL)
            dz[i] = ds * amp * s * (1.0 - s);
        if (grad != NULL)
            grad[0] += ds * z[i] * s * (1.0 - s) * sign_c;
    }
    return total;
}

void fa_adversary_combine(size_t n, double *g_p, const double *g_a, double A)
{
    double norm = fa_la_nrm2(n, g_a);

    if (norm > TINY_NORM) {
        double proj = fa_la_dot(n, g_p, g_a) / (norm * norm);
        fa_la_axpy(n, -proj, g_a, g_p);
    }
    if (A != 0.0)
        fa_la_axpy(n, -A, g_a, g_p);
}
