/*
 * lbfgs.c — L-BFGS through liblbfgs (Debian liblbfgs-dev), with our own
 * stopping rule.
 *
 * liblbfgs' built-in test (||g||_2 < epsilon * max(1, ||x||_2)) scales with
 * the weights, which makes its meaning depend on the data; we switch it off
 * (epsilon = 0) and stop from the progress callback when the largest
 * gradient component is at most gtol, the test scipy's L-BFGS-B (and so
 * scikit-learn) applies. The line search is liblbfgs' default More-Thuente
 * search (strong Wolfe conditions).
 *
 * When the line search fails, liblbfgs restores the last accepted x but not
 * its objective value, so in every case other than our own stop the result
 * is evaluated once more at the returned x: the reported f and gradient
 * always belong to the returned point.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <lbfgs.h>

#include "optim/optim.h"

/* Returned by our progress callback: the gradient test passed. */
#define STOP_CONVERGED 1
/* Seconds between two progress messages. */
#define LOG_INTERVAL_S 1.0

typedef struct lb_state {
    const fa_objective *obj;
    const fa_lbfgs_options *opts;
    unsigned evaluations;
    unsigned iterations;
    double last_f;
    double last_grad_inf;
    int first_nonfinite; /* the starting point was unusable */
    double next_log;
} lb_state;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double max_abs(const double *g, size_t n)
{
    double m = 0.0;
    size_t i;

    for (i = 0; i < n; i++) {
        double a = fabs(g[i]);
        if (!(a <= m)) /* also propagates NaN */
            m = a;
    }
    return m;
}

static bool all_finite(const double *g, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!isfinite(g[i]))
            return false;
    return true;
}

static double stop_value(const fa_lbfgs_options *o, const double *x, const double *g, size_t n)
{
    return o->stop != NULL ? o->stop(o->stop_ctx, x, g) : max_abs(g, n);
}

const char *fa_optim_stop_name(fa_optim_stop s)
{
    switch (s) {
    case FA_OPTIM_CONVERGED:
        return "converged";
    case FA_OPTIM_MAX_ITER:
        return "max_iter";
    case FA_OPTIM_NO_PROGRESS:
        return "no_progress";
    }
    return "unknown";
}

static lbfgsfloatval_t lb_evaluate(void *instance,
                                   const lbfgsfloatval_t *x,
                                   lbfgsfloatval_t *g,
                                   const int n,
                                   const lbfgsfloatval_t step)
{
    lb_state *st = instance;
    double f = st->obj->fun_grad(st->obj->ctx, x, g);

    (void)n;
    (void)step;
    if (st->evaluations++ == 0 && !(isfinite(f) && all_finite(g, st->obj->n_params)))
        st->first_nonfinite = 1;
    return f;
}

static void log_progress(const lb_state *st, const char *what)
{
    char msg[160];

    if (st->opts->log == NULL)
        return;
    snprintf(msg, sizeof msg, "L-BFGS %s %u: objective %.10g, gradient %.3g", what, st->iterations,
             st->last_f, st->last_grad_inf);
    st->opts->log(FA_LOG_INFO, msg, st->opts->log_payload);
}

static int lb_progress(void *instance,
                       const lbfgsfloatval_t *x,
                       const lbfgsfloatval_t *g,
                       const lbfgsfloatval_t fx,
                       const lbfgsfloatval_t xnorm,
                       const lbfgsfloatval_t gnorm,
                       const lbfgsfloatval_t step,
                       int n,
                       int k,
                       int ls)
{
    lb_state *st = instance;

    (void)xnorm;
    (void)gnorm;
    (void)step;
    (void)n;
    (void)ls;
    st->iterations = (unsigned)k;
    st->last_f = fx;
    st->last_grad_inf = stop_value(st->opts, x, g, st->obj->n_params);
    if (st->opts->log != NULL && now_s() >= st->next_log) {
        log_progress(st, "iteration");
        st->next_log = now_s() + LOG_INTERVAL_S;
    }
    return st->last_grad_inf <= st->opts->gtol ? STOP_CONVERGED : 0;
}

static const char *lb_reason(int code)
{
    switch (code) {
    case LBFGSERR_ROUNDING_ERROR:
        return "rounding errors prevent further progress";
    case LBFGSERR_MINIMUMSTEP:
        return "line search step became too small";
    case LBFGSERR_MAXIMUMSTEP:
        return "line search step became too large";
    case LBFGSERR_MAXIMUMLINESEARCH:
        return "line search reached its evaluation limit";
    case LBFGSERR_WIDTHTOOSMALL:
        return "line search interval became too small";
    case LBFGSERR_INCREASEGRADIENT:
        return "search direction does not descend";
    case LBFGSERR_INVALIDPARAMETERS:
        return "line search met invalid values (non-finite objective?)";
    case LBFGSERR_OUTOFINTERVAL:
    case LBFGSERR_INCORRECT_TMINMAX:
    case LBFGSERR_LOGICERROR:
        return "line search logic error";
    default:
        return "line search failed";
    }
}

fa_status fa_lbfgs_minimize(const fa_objective *obj,
                            double *x,
                            const fa_lbfgs_options *opts,
                            fa_optim_result *res,
                            fa_error *err)
{
    lbfgs_parameter_t param;
    lb_state st;
    double fx = 0.0, *g = NULL;
    int code;

    memset(res, 0, sizeof *res);
    FA_CHECK_ARG(err, obj != NULL && obj->fun_grad != NULL && x != NULL && opts != NULL);
    if (obj->n_params == 0 || obj->n_params > (size_t)INT_MAX)
        FA_FAIL(err, FA_EINVAL, "L-BFGS: %zu parameters is out of range (1..%d)", obj->n_params,
                INT_MAX);
    if (opts->max_iter == 0 || opts->max_iter > (unsigned)INT_MAX || !(opts->gtol >= 0.0))
        FA_FAIL(err, FA_EINVAL, "L-BFGS: max_iter must be positive and gtol non-negative");

    memset(&st, 0, sizeof st);
    st.obj = obj;
    st.opts = opts;
    st.next_log = now_s() + LOG_INTERVAL_S;
    lbfgs_parameter_init(&param);
    param.m = (int)(opts->memory ? opts->memory : FA_LBFGS_DEFAULT_MEMORY);
    param.epsilon = 0.0; /* our own gradient test in lb_progress */
    param.past = 0;
    param.max_iterations = (int)opts->max_iter;

    code = lbfgs((int)obj->n_params, x, &fx, lb_evaluate, lb_progress, &st, &param);
    if (st.first_nonfinite)
        FA_FAIL(err, FA_EDATA,
                "the objective or its gradient is not finite at the starting "
                "point (non-finite input values?)");
    if (code == LBFGSERR_OUTOFMEMORY)
        FA_FAIL(err, FA_ENOMEM, "out of memory in L-BFGS");
    if (code >= LBFGSERR_INVALID_N && code <= LBFGSERR_INVALID_ORTHANTWISE_END)
        FA_FAIL(err, FA_EINVAL, "L-BFGS rejected its parameters (liblbfgs code %d)", code);

    res->iterations = st.iterations;
    if (code == STOP_CONVERGED) {
        res->f = st.last_f;
        res->grad_inf = st.last_grad_inf;
        res->stop = FA_OPTIM_CONVERGED;
        snprintf(res->detail, sizeof res->detail, "gradient %.3g <= %.3g", res->grad_inf,
                 opts->gtol);
    } else {
        g = fa_malloc(obj->n_params * sizeof *g);
        FA_CHECK_ALLOC(err, g);
        res->f = obj->fun_grad(obj->ctx, x, g);
        st.evaluations++;
        res->grad_inf = stop_value(opts, x, g, obj->n_params);
        fa_free(g);
        if (code == LBFGS_SUCCESS || code == LBFGS_ALREADY_MINIMIZED ||
            res->grad_inf <= opts->gtol) {
            res->stop = FA_OPTIM_CONVERGED;
            snprintf(res->detail, sizeof res->detail, "gradient %.3g <= %.3g", res->grad_inf,
                     opts->gtol);
        } else if (code == LBFGSERR_MAXIMUMITERATION) {
            res->stop = FA_OPTIM_MAX_ITER;
            snprintf(res->detail, sizeof res->detail,
                     "reached max_iter = %u with gradient %.3g > %.3g", opts->max_iter,
                     res->grad_inf, opts->gtol);
        } else {
            res->stop = FA_OPTIM_NO_PROGRESS;
            snprintf(res->detail, sizeof res->detail, "%s; gradient %.3g", lb_reason(code),
                     res->grad_inf);
        }
    }
    res->evaluations = st.evaluations;
    st.last_f = res->f;
    st.last_grad_inf = res->grad_inf;
    log_progress(&st, "finished after iteration");
    return FA_OK;
}
