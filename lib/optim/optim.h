/*
 * lib/optim/optim.h — optimisers for the training core (internal; not
 * installed). lib/optim is the only code that sees liblbfgs.
 *
 * Optimisers see a model only through fa_objective (liblinear's NEWTON idea):
 * the number of parameters and a function returning f(x) and writing its
 * gradient. Logistic regression and any other smooth full-batch objective
 * plug into L-BFGS this way; reweighing changes only the sample weights
 * behind the objective. Minibatch training (the MLP) drives fa_adam step by
 * step itself, because batching, shuffling and early stopping belong to the
 * model, not the update rule.
 */
#ifndef FA_LIB_OPTIM_OPTIM_H
#define FA_LIB_OPTIM_OPTIM_H

#include <stddef.h>
#include <stdint.h>

#include "fairaudit/common.h"

#include "common/internal.h"

/* ---- objective interface -------------------------------------------------- */

/**
 * Returns f(x) and writes the gradient of f at x into @p grad (n_params
 * values). Must be deterministic: the same x gives the same bits. A
 * non-finite return value tells the optimiser the point is unusable.
 */
typedef double (*fa_objective_fn)(void *ctx, const double *x, double *grad);

typedef struct fa_objective {
    size_t n_params;          /* > 0 */
    fa_objective_fn fun_grad; /* required */
    void *ctx;                /* passed to fun_grad; borrowed */
} fa_objective;

/* ---- results ---------------------------------------------------------------- */

typedef enum fa_optim_stop {
    FA_OPTIM_CONVERGED = 0,  /* the gradient test passed */
    FA_OPTIM_MAX_ITER = 1,   /* iteration budget spent first */
    FA_OPTIM_NO_PROGRESS = 2 /* the line search could not decrease f further */
} fa_optim_stop;

typedef struct fa_optim_result {
    unsigned iterations;  /* completed iterations */
    unsigned evaluations; /* calls of fun_grad */
    double f;             /* objective at the returned x */
    double grad_inf;      /* the stopping quantity (default max |g_j|) at the returned x */
    fa_optim_stop stop;
    char detail[128]; /* one line: why it stopped */
} fa_optim_result;

/** "converged", "max_iter" or "no_progress". */
const char *fa_optim_stop_name(fa_optim_stop s);

/* ---- L-BFGS (liblbfgs) -------------------------------------------------------- */

#define FA_LBFGS_DEFAULT_MEMORY 10u /* corrections kept (scipy's default) */

/**
 * The quantity the stopping rule compares with gtol, at the point x with
 * gradient g (both in the optimiser's coordinates). Lets an objective that
 * optimises in transformed coordinates (a preconditioned problem) test the
 * gradient of the original problem.
 */
typedef double (*fa_stop_fn)(void *ctx, const double *x, const double *g);

typedef struct fa_lbfgs_options {
    unsigned max_iter; /* > 0 */
    double gtol;       /* stop when stop(x, g) <= gtol; >= 0 */
    unsigned memory;   /* >= 1; 0 means FA_LBFGS_DEFAULT_MEMORY */
    fa_stop_fn stop;   /* NULL: max_j |g_j| */
    void *stop_ctx;
    fa_log_fn log; /* progress (about once a second); NULL = silent */
    void *log_payload;
} fa_lbfgs_options;

/**
 * Minimises obj from the starting point x (n_params values, overwritten with
 * the result). Stops when the stopping quantity (by default the largest
 * gradient component) is at most gtol,
 * after max_iter iterations, or when the line search cannot make progress
 * (liblbfgs then returns the last point it accepted); the last two are not
 * errors, res->stop says which happened.
 * @return FA_OK, FA_EINVAL (bad options), FA_EDATA (f or its gradient is not
 *         finite at the starting point), FA_ENOMEM.
 */
fa_status fa_lbfgs_minimize(const fa_objective *obj,
                            double *x,
                            const fa_lbfgs_options *opts,
                            fa_optim_result *res,
                            fa_error *err);

/* ---- Adam ------------------------------------------------------------------------ */

#define FA_ADAM_DEFAULT_BETA1   0.9 /* Kingma & Ba (2015), section 2 */
#define FA_ADAM_DEFAULT_BETA2   0.999
#define FA_ADAM_DEFAULT_EPSILON 1e-8

typedef struct fa_adam {
    size_t n;
    double lr, beta1, beta2, eps;
    double *m, *v;           /* first and second moment estimates */
    double beta1_t, beta2_t; /* beta1^t, beta2^t */
    uint64_t t;              /* steps taken */
} fa_adam;

/**
 * Prepares Adam state for @p n parameters (moments zero).
 * @return FA_OK, FA_EINVAL (lr <= 0, betas outside [0,1), eps <= 0), FA_ENOMEM.
 */
fa_status fa_adam_init(
    fa_adam *a, size_t n, double lr, double beta1, double beta2, double eps, fa_error *err);
/** One bias-corrected Adam update: x -= lr * m_hat / (sqrt(v_hat) + eps). */
void fa_adam_step(fa_adam *a, double *x, const double *grad);
/** Forgets the moments (t = 0) without reallocating. */
void fa_adam_reset(fa_adam *a);
void fa_adam_dispose(fa_adam *a);

#endif /* FA_LIB_OPTIM_OPTIM_H */
