/*
 * lib/mitigate/adversary.h — the adversary of adversarial debiasing
 * (internal; not installed).
 *
 * It sees the predictor's logit z of a row through s = sigmoid((1 + |c|) z)
 * (Zhang, Lemoine & Mitchell 2018, section 5: the learnable c lets the
 * adversary sharpen s towards the decision), and predicts the row's group
 * with a softmax over the K groups from
 *
 *     dp:  u = [s]                         (independence of z and the group)
 *     eo:  u = [s * y, s * (1 - y), y]     (independence given the label)
 *
 * logits_k = W_k . u + b_k. For eo the paper's adversary reads
 * [s, s y, s (1 - y)]; we give it y itself instead of the redundant s, so
 * that it can represent P(group | y) without going through s. Without that
 * term the adversary can only express the label-dependent group shares
 * through s, and the predictor is pushed to distort its scores per group to
 * hide the label rather than to equalise error rates (docs/mitigation.md).
 *
 * Parameters, one flat vector: c, W (K x n_in, row-major), b (K).
 */
#ifndef FA_LIB_MITIGATE_ADVERSARY_H
#define FA_LIB_MITIGATE_ADVERSARY_H

#include "fairaudit/mitigate.h"

#include "common/internal.h"

#define FA_ADVERSARY_INPUTS_DP 1u
#define FA_ADVERSARY_INPUTS_EO 3u
/** The paper's initial value of c (AIF360: tf.constant(1.0)). */
#define FA_ADVERSARY_INITIAL_C 1.0

typedef struct fa_adversary {
    fa_fairness fairness;
    size_t n_groups; /* K >= 2 */
    size_t n_in;     /* inputs per row */
    size_t n_params; /* 1 + K n_in + K */
    double *params;  /* owned */
    double *prob;    /* K scratch values */
} fa_adversary;

/**
 * Allocates an adversary for @p n_groups groups: c = 1, W Glorot-uniform
 * from @p seed, b = 0.
 * @return FA_OK, FA_EINVAL (fewer than 2 groups, fairness not dp/eo), FA_ENOMEM.
 */
fa_status fa_adversary_init(
    fa_adversary *a, fa_fairness fairness, size_t n_groups, uint64_t seed, fa_error *err);
void fa_adversary_dispose(fa_adversary *a);

/**
 * The adversary's loss on n rows,
 *     L = scale * sum_k w_k * CE(softmax(W u_k + b), g_k)
 * over the rows with g_k >= 0 (w NULL = 1), and its gradients: dz[k] =
 * dL/dz_k (0 for rows without a group) and grad = dL/dparams (n_params
 * values, overwritten). dz and grad may be NULL. Returns the unscaled sum
 * sum_k w_k CE_k.
 */
double fa_adversary_loss(fa_adversary *a,
                         size_t n,
                         const double *z,
                         const double *y,
                         const int32_t *g,
                         const double *w,
                         double scale,
                         double *dz,
                         double *grad);

/**
 * The predictor's update direction of the paper: g_p becomes
 * g_p - (g_p . u) u - A g_a with u = g_a / |g_a| (no projection when g_a is 0).
 */
void fa_adversary_combine(size_t n, double *g_p, const double *g_a, double A);

/** Names of the inputs, for the model record ("s", "s*y", ...). */
const char *fa_adversary_input_name(const fa_adversary *a, size_t j);

#endif /* FA_LIB_MITIGATE_ADVERSARY_H */
