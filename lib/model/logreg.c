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

fa_status fa_logreg_problem_init(fa_logreg_problem *p,
                                 const fa_cmat *X,
                                 const uint8_t *y,
                                 const double *sw,
                                 double l2,
                                 unsigned n_threads,
                                 fa_error *err)
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
    if (p != NULL) {
        fa_la_glm_ws_dispose(&p->ws);
        fa_free(p->sumbuf);
        p->sumbuf = NULL;
    }
}

double fa_logreg_objective(void *ctx, const double *theta, double *grad)
{
    fa_logreg_problem *p = ctx;
    fa_logloss_data data = {p->y, p->sw};
    size_t d = p->X->cols, j;
    double f, ww = 0.0;

    f = fa_la_glm_loss_grad(p->X, theta, theta[d], fa_loss_logistic_glm, &data, p->n_threads,
                            &p->ws, grad, &grad[d]);
    if (p->coll != NULL && p->coll->size > 1) {
        /* the data term over every process's rows */
        memcpy(p->sumbuf, grad, (d + 1) * sizeof *grad);
        p->sumbuf[d + 1] = f;
        if (fa_coll_sum(p->coll, p->sumbuf, d + 2, &p->coll_err) != FA_OK) {
            p->coll_failed = true;
            return fa_nan();
        }
        memcpy(grad, p->sumbuf, (d + 1) * sizeof *grad);
        f = p->sumbuf[d + 1];
    }
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

/*
 * Preconditioning. L-BFGS is not invariant to a linear change of variables,
 * and one-hot features make the plain problem badly conditioned: on Adult
 * (104 features) it needs ~600 iterations to converge, scikit-learn's
 * L-BFGS ~300. We optimise instead over t = (u, b~) with
 *
 *     w = L^-T u,   b = b~ / b_scale - mu . w,
 *
 * where mu is the weighted mean of the columns (centring decouples the
 * intercept from the features: the intercept is not penalised, so this is
 * the same problem), L L^T = H0 = c X~^T S X~ + l2 I is the Hessian of J at
 * the starting point (all scores at the base rate p0, c = p0 (1 - p0), X~
 * the centred rows; estimated on at most PRECOND_MAX_ROWS rows), and
 * b_scale = sqrt(c W) the intercept's curvature. In these coordinates the
 * Hessian starts as the identity; Adult then converges in ~40 iterations.
 * The minimiser is unchanged; the stopping rule tests the gradient of the
 * original problem. Above PRECOND_MAX_FEATURES features (a d x d matrix and
 * a d^3 factorisation) only the centring is applied.
 */
#define PRECOND_MAX_FEATURES 512u
#define PRECOND_MAX_ROWS     65536u
#define PRECOND_GATHER_ROWS  1024u
/* Added to H0's diagonal, relative to its mean, so that collinear features
 * without a penalty (l2 = 0) still give a positive definite H0. */
#define PRECOND_JITTER 1e-10

typedef struct precond {
    fa_logreg_problem *prob;
    size_t d;
    double *mu; /* d weighted column means */
    double *L;  /* d x d Cholesky factor of H0, or NULL for the identity */
    double b_scale;
    double *theta; /* scratch: (w, b) of the original problem */
    double *grad;  /* scratch: its gradient */
} precond;

/* Original (w, b) from optimiser coordinates t. */
static void to_original(const precond *pc, const double *t, double *theta)
{
    size_t d = pc->d, j;
    double mw = 0.0;

    memcpy(theta, t, d * sizeof *theta);
    if (pc->L != NULL) {
        fa_cmat L = fa_cmat_view(pc->L, d, d);
        fa_la_trsv_lower(FA_LA_TRANS, &L, theta);
    }
    for (j = 0; j < d; j++)
        mw += pc->mu[j] * theta[j];
    theta[d] = t[d] / pc->b_scale - mw;
}

static double precond_objective(void *ctx, const double *t, double *g)
{
    precond *pc = ctx;
    size_t d = pc->d, j;
    double f;

    to_original(pc, t, pc->theta);
    f = fa_logreg_objective(pc->prob, pc->theta, pc->grad);
    /* d/dw at fixed centred intercept: g_w - mu g_b; then through L^-T. */
    for (j = 0; j < d; j++)
        g[j] = pc->grad[j] - pc->mu[j] * pc->grad[d];
    if (pc->L != NULL) {
        fa_cmat L = fa_cmat_view(pc->L, d, d);
        fa_la_trsv_lower(FA_LA_NOTRANS, &L, g);
    }
    g[d] = pc->grad[d] / pc->b_scale;
    return f;
}

/* max |gradient of J| in the original coordinates, from the optimiser's g. */
static double precond_stop(void *ctx, const double *t, const double *g)
{
    const precond *pc = ctx;
    size_t d = pc->d, i, k;
    double gb = g[d] * pc->b_scale, m = fabs(gb);

    (void)t;
    for (i = 0; i < d; i++) {
        double gc = g[i];
        if (pc->L != NULL) { /* (L g)_i */
            gc = 0.0;
            for (k = 0; k <= i; k++)
                gc += pc->L[i * d + k] * g[k];
        }
        gc = fabs(gc + pc->mu[i] * gb);
        if (!(gc <= m))
            m = gc;
    }
    return m;
}

/* r = s (the sample weights): the GLM pass then returns X^T s. */
typedef struct weights_ctx {
    const double *sw;
} weights_ctx;

static double weights_fn(void *ctx, size_t row0, size_t n, const double *z, double *r)
{
    const double *sw = ((const weights_ctx *)ctx)->sw;
    size_t k;

    (void)z;
    for (k = 0; k < n; k++)
        r[k] = sw != NULL ? sw[row0 + k] : 1.0;
    return 0.0;
}

/* H0 on a deterministic subsample of rows, then its Cholesky factor. */
static fa_status build_factor(precond *pc, double c, double l2, double total_weight, fa_error *err)
{
    const fa_cmat *X = pc->prob->X;
    const double *sw = pc->prob->sw;
    const fa_collective *coll = pc->prob->coll;
    size_t d = pc->d, n = X->rows, n_sub, g, k, j, m = 0, used = 0;
    uint64_t n_all = n, off = 0;
    double *buf, w_sub = 0.0, trace = 0.0, scale;
    fa_mat H = fa_mat_view(NULL, d, d);

    /* The subsample is taken from all rows (of every process, in process order): this
     * process adds the rows it holds. */
    FA_TRY(fa_coll_sum_u64(coll, &n_all, 1, err));
    FA_TRY(fa_coll_offset(coll, n, &off, err));
    n_sub = n_all < PRECOND_MAX_ROWS ? (size_t)n_all : PRECOND_MAX_ROWS;
    pc->L = fa_calloc(d * d, sizeof *pc->L);
    buf = fa_malloc(PRECOND_GATHER_ROWS * d * sizeof *buf);
    if (pc->L == NULL || buf == NULL) {
        fa_free(buf);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    H.data = pc->L;
    for (g = 0; g <= n_sub; g++) {
        if (g < n_sub) {
            uint64_t gi = (uint64_t)(((unsigned long long)g * n_all) / n_sub);
            size_t i;
            const double *x;
            double s, rs;
            if (gi < off || gi >= off + n)
                continue;
            i = (size_t)(gi - off);
            x = X->data + i * X->ld;
            s = sw != NULL ? sw[i] : 1.0;
            rs = sqrt(s);
            for (j = 0; j < d; j++)
                buf[m * d + j] = rs * (x[j] - pc->mu[j]);
            w_sub += s;
            m++;
        }
        if (m == PRECOND_GATHER_ROWS || (g == n_sub && m > 0)) {
            fa_cmat B = fa_cmat_view(buf, m, d);
            fa_la_syrk_lower(1.0, &B, used ? 1.0 : 0.0, &H);
            used += m;
            m = 0;
        }
    }
    fa_free(buf);
    if (coll != NULL && coll->size > 1) {
        FA_TRY(fa_coll_sum(coll, pc->L, d * d, err));
        FA_TRY(fa_coll_sum(coll, &w_sub, 1, err));
    }
    scale = w_sub > 0.0 ? c * total_weight / w_sub : 0.0;
    for (j = 0; j < d; j++) {
        for (k = 0; k <= j; k++)
            pc->L[j * d + k] *= scale;
        trace += pc->L[j * d + j];
    }
    for (j = 0; j < d; j++)
        pc->L[j * d + j] += l2 + PRECOND_JITTER * (trace / (double)d + 1.0);
    if (!fa_la_cholesky(&H)) {
        /* Numerically indefinite (it should not be): go without. */
        fa_free(pc->L);
        pc->L = NULL;
    }
    return FA_OK;
}

static fa_status precond_init(
    precond *pc, fa_logreg_problem *prob, double p0, double l2, double total_weight, fa_error *err)
{
    size_t d = prob->X->cols, j;
    double c = p0 * (1.0 - p0), gb;
    weights_ctx wc = {prob->sw};

    memset(pc, 0, sizeof *pc);
    pc->prob = prob;
    pc->d = d;
    pc->b_scale = 1.0;
    pc->mu = fa_calloc(d, sizeof *pc->mu);
    pc->theta = fa_calloc(d + 1, sizeof *pc->theta);
    pc->grad = fa_calloc(d + 1, sizeof *pc->grad);
    if (pc->mu == NULL || pc->theta == NULL || pc->grad == NULL)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    /* mu = X^T s / W, by the same deterministic pass as the gradient. */
    (void)fa_la_glm_loss_grad(prob->X, pc->theta, 0.0, weights_fn, &wc,
                              prob->n_threads, &prob->ws, pc->mu, &gb);
    FA_TRY(fa_coll_sum(prob->coll, pc->mu, d, err));
    for (j = 0; j < d; j++)
        pc->mu[j] /= total_weight;
    if (d <= PRECOND_MAX_FEATURES) {
        FA_TRY(build_factor(pc, c, l2, total_weight, err));
        if (pc->L != NULL)
            pc->b_scale = sqrt(c * total_weight);
    }
    return FA_OK;
}

static void precond_dispose(precond *pc)
{
    fa_free(pc->mu);
    fa_free(pc->L);
    fa_free(pc->theta);
    fa_free(pc->grad);
}

static fa_status base_rate(const uint8_t *y, const double *sw, size_t n, double total,
                           const fa_collective *coll, double *out, fa_error *err)
{
    double pos = 0.0, p;
    size_t i;

    for (i = 0; i < n; i++)
        pos += y[i] ? (sw != NULL ? sw[i] : 1.0) : 0.0;
    FA_TRY(fa_coll_sum(coll, &pos, 1, err));
    p = pos / total;
    p = p < BASE_RATE_CLAMP ? BASE_RATE_CLAMP : p;
    p = p > 1.0 - BASE_RATE_CLAMP ? 1.0 - BASE_RATE_CLAMP : p;
    *out = p;
    return FA_OK;
}

fa_status fa_logreg_fit(const fa_cmat *X,
                        const uint8_t *y,
                        const double *sw,
                        double total_weight,
                        const fa_fit_options *opts,
                        double *coef,
                        double *intercept,
                        fa_fit_info *info,
                        fa_error *err)
{
    const fa_logreg_options *lo = &opts->logreg;
    size_t d = X->cols, j;
    fa_logreg_problem prob;
    fa_lbfgs_options lb;
    fa_optim_result res;
    fa_objective obj;
    precond pc;
    double *t = NULL, t0 = now_s(), ww = 0.0, p0;
    fa_status rc;

    memset(info, 0, sizeof *info);
    memset(&pc, 0, sizeof pc);
    FA_TRY(fa_logreg_problem_init(&prob, X, y, sw, lo->l2, opts->n_threads, err));
    prob.coll = opts->collective;
    if (prob.coll != NULL && prob.coll->size > 1 &&
        (prob.sumbuf = fa_calloc(d + 2, sizeof *prob.sumbuf)) == NULL) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        goto done;
    }
    rc = base_rate(y, sw, X->rows, total_weight, prob.coll, &p0, err);
    if (rc == FA_OK)
        rc = precond_init(&pc, &prob, p0, lo->l2, total_weight, err);
    if (rc != FA_OK)
        goto done;
    t = fa_calloc(d + 1, sizeof *t);
    if (t == NULL) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        goto done;
    }
    /* Start at w = 0 and the intercept of the base rate. */
    t[d] = pc.b_scale * log(p0 / (1.0 - p0));
    obj.n_params = d + 1;
    obj.fun_grad = precond_objective;
    obj.ctx = &pc;
    memset(&lb, 0, sizeof lb);
    lb.max_iter = lo->max_iter;
    lb.gtol = lo->tol * (total_weight > 1.0 ? total_weight : 1.0);
    lb.stop = precond_stop;
    lb.stop_ctx = &pc;
    lb.log = opts->log;
    lb.log_payload = opts->log_payload;
    rc = fa_lbfgs_minimize(&obj, t, &lb, &res, err);
    if (prob.coll_failed) {
        if (err != NULL)
            *err = prob.coll_err;
        rc = prob.coll_err.code != FA_OK ? prob.coll_err.code : FA_EIO;
        goto done;
    }
    if (rc != FA_OK)
        goto done;
    to_original(&pc, t, pc.theta);
    memcpy(coef, pc.theta, d * sizeof *coef);
    *intercept = pc.theta[d];
    for (j = 0; j < d; j++)
        ww += coef[j] * coef[j];
    info->iterations = res.iterations;
    info->evaluations = res.evaluations;
    info->objective = res.f;
    info->grad_inf = res.grad_inf;
    info->converged = res.stop == FA_OPTIM_CONVERGED;
    info->train_log_loss = (res.f - 0.5 * lo->l2 * ww) / total_weight;
    info->n_rows = X->rows;
    if (prob.coll != NULL && prob.coll->size > 1) {
        uint64_t rows = X->rows;
        if ((rc = fa_coll_sum_u64(prob.coll, &rows, 1, err)) != FA_OK)
            goto done;
        info->n_rows = rows;
    }
    info->seconds = now_s() - t0;
    fa_strlcpy(info->stop_reason, res.detail, sizeof info->stop_reason);
done:
    fa_free(t);
    precond_dispose(&pc);
    fa_logreg_problem_dispose(&prob);
    return rc;
}

void fa_logreg_predict(
    const double *coef, double intercept, const fa_cmat *X, unsigned n_threads, double *proba)
{
    fa_la_linear_predict(X, coef, intercept, n_threads, proba);
    fa_loss_sigmoid(X->rows, proba, proba);
}
