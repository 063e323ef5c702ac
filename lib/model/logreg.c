/*
 * logreg.c — logistic regression: the objective for L-BFGS, the fit, and
 * scoring. See logreg.h for the objective and fairaudit/model.h for the
 * options and the stopping rule.
 */
#include "model/logreg.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include "model/loss.h"
#include "optim/optim.h"

/* Base rates are clamped away from 0 and 1 for the starting intercept. */
#define BASE_RATE_CLAMP 1e-6

fa_status fa_logreg_problem_init(fa_logreg_problem *p, const fa_cmat *X, const uint8_t *y,
                                 const double *sw, double l2, unsigned n_threads, fa_error *err)
{
    memset(p, 0, sizeof *p);
    p->X = X;
    p->y = y;
    p->sw = sw;
    p->l2 = l2;
    p->n_threads = n_threads;
    if (!fa_la_glm_ws_init(&p->ws, X->rows, X->cols))
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    return FA_OK;
}

void fa_logreg_problem_dispose(fa_logreg_problem *p)
{
    if (p != NULL)
        fa_la_glm_ws_dispose(&p->ws);
}

double fa_logreg_objective(void *ctx, const double *theta, double *grad)
{
    fa_logreg_problem *p = ctx;
    fa_logloss_data data = {p->y, p->sw};
    size_t d = p->X->cols, j;
    double f, ww = 0.0;

    f = fa_la_glm_loss_grad(p->X, theta, theta[d], fa_loss_logistic_glm, &data, p->n_threads,
                            &p->ws, grad, &grad[d]);
    for (j = 0; j < d; j++) {
        ww += theta[j] * theta[j];
        grad[j] += p->l2 * theta[j];
    }
    return f + 0.5 * p->l2 * ww;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double start_intercept(const uint8_t *y, const double *sw, size_t n, double total)
{
    double pos = 0.0, p;
    size_t i;

    for (i = 0; i < n; i++)
        pos += y[i] ? (sw != NULL ? sw[i] : 1.0) : 0.0;
    p = pos / total;
    p = p < BASE_RATE_CLAMP ? BASE_RATE_CLAMP : p;
    p = p > 1.0 - BASE_RATE_CLAMP ? 1.0 - BASE_RATE_CLAMP : p;
    return log(p / (1.0 - p));
}

fa_status fa_logreg_fit(const fa_cmat *X, const uint8_t *y, const double *sw, double total_weight,
                        const fa_fit_options *opts, double *coef, double *intercept,
                        fa_fit_info *info, fa_error *err)
{
    const fa_logreg_options *lo = &opts->logreg;
    size_t d = X->cols, j;
    fa_logreg_problem prob;
    fa_lbfgs_options lb;
    fa_optim_result res;
    fa_objective obj;
    double *theta = NULL, t0 = now_s(), ww = 0.0;
    fa_status rc;

    memset(info, 0, sizeof *info);
    FA_TRY(fa_logreg_problem_init(&prob, X, y, sw, lo->l2, opts->n_threads, err));
    theta = fa_calloc(d + 1, sizeof *theta);
    if (theta == NULL) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        goto done;
    }
    theta[d] = start_intercept(y, sw, X->rows, total_weight);
    obj.n_params = d + 1;
    obj.fun_grad = fa_logreg_objective;
    obj.ctx = &prob;
    memset(&lb, 0, sizeof lb);
    lb.max_iter = lo->max_iter;
    lb.gtol = lo->tol * (total_weight > 1.0 ? total_weight : 1.0);
    lb.log = opts->log;
    lb.log_payload = opts->log_payload;
    rc = fa_lbfgs_minimize(&obj, theta, &lb, &res, err);
    if (rc != FA_OK)
        goto done;
    memcpy(coef, theta, d * sizeof *coef);
    *intercept = theta[d];
    for (j = 0; j < d; j++)
        ww += theta[j] * theta[j];
    info->iterations = res.iterations;
    info->evaluations = res.evaluations;
    info->objective = res.f;
    info->grad_inf = res.grad_inf;
    info->converged = res.stop == FA_OPTIM_CONVERGED;
    info->train_log_loss = (res.f - 0.5 * lo->l2 * ww) / total_weight;
    info->n_rows = X->rows;
    info->seconds = now_s() - t0;
    fa_strlcpy(info->stop_reason, res.detail, sizeof info->stop_reason);
done:
    fa_free(theta);
    fa_logreg_problem_dispose(&prob);
    return rc;
}

void fa_logreg_predict(const double *coef, double intercept, const fa_cmat *X, unsigned n_threads,
                       double *proba)
{
    fa_la_linear_predict(X, coef, intercept, n_threads, proba);
    fa_loss_sigmoid(X->rows, proba, proba);
}
