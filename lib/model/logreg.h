/*
 * lib/model/logreg.h — L2-regularised logistic regression (internal).
 *
 * Objective over theta = (w_1..w_d, b):
 *     J = sum_i s_i loss(x_i . w + b, y_i) + (l2 / 2) ||w||^2
 * (see fairaudit/model.h for its relation to scikit-learn's C). The data
 * term and its gradient come from one fused pass over X (fa_la_glm_loss_grad
 * with fa_loss_logistic_glm); L-BFGS (lib/optim) minimises J.
 */
#ifndef FA_LIB_MODEL_LOGREG_H
#define FA_LIB_MODEL_LOGREG_H

#include "common/collective.h"
#include "common/internal.h"
#include "fairaudit/model.h"

#include "common/internal.h"
#include "la/la.h"

/** The objective of a logistic regression problem, for L-BFGS and tests. */
typedef struct fa_logreg_problem {
    const fa_cmat *X;
    const uint8_t *y;
    const double *sw; /* NULL = all ones */
    double l2;
    unsigned n_threads;
    fa_la_glm_ws ws;
    const fa_collective *coll; /* data-parallel: sums over every process's rows */
    double *sumbuf;            /* d + 2 values exchanged per evaluation */
    bool coll_failed;          /* an exchange failed: the objective returned NaN */
    fa_error coll_err;
} fa_logreg_problem;

/** Prepares scratch for X's shape. FA_ENOMEM on failure. */
fa_status fa_logreg_problem_init(fa_logreg_problem *p,
                                 const fa_cmat *X,
                                 const uint8_t *y,
                                 const double *sw,
                                 double l2,
                                 unsigned n_threads,
                                 fa_error *err);
void fa_logreg_problem_dispose(fa_logreg_problem *p);

/** J(theta) and its gradient (d + 1 values, intercept last); ctx = problem. */
double fa_logreg_objective(void *ctx, const double *theta, double *grad);

/**
 * Fits coef (X->cols values) and *intercept by L-BFGS from w = 0 and b =
 * logit of the weighted base rate. Fills info (iterations, objective,
 * gradient, convergence, data log-loss per unit weight, time).
 * @return FA_OK, FA_EINVAL, FA_EDATA, FA_ENOMEM.
 */
fa_status fa_logreg_fit(const fa_cmat *X,
                        const uint8_t *y,
                        const double *sw,
                        double total_weight,
                        const fa_fit_options *opts,
                        double *coef,
                        double *intercept,
                        fa_fit_info *info,
                        fa_error *err);

/** proba[i] = sigmoid(x_i . coef + intercept). */
void fa_logreg_predict(
    const double *coef, double intercept, const fa_cmat *X, unsigned n_threads, double *proba);

#endif /* FA_LIB_MODEL_LOGREG_H */
