/*
 * lib/model/loss.h — the weighted logistic loss and the sigmoid (internal).
 *
 * For a linear predictor z and label y in {0, 1}:
 *     loss(z, y) = log(1 + exp(z)) - y z = log1p(exp(-|z|)) + max(z, 0) - y z
 *     d loss / dz = sigmoid(z) - y
 * evaluated with one exp and one log1p per row in the stable form above,
 * through the vectorisable fa_la_exp/fa_la_log1p01 (lib/la/la_simd.h).
 * Every score the library produces comes from fa_loss_sigmoid(), so training
 * and scoring see the same bits.
 */
#ifndef FA_LIB_MODEL_LOSS_H
#define FA_LIB_MODEL_LOSS_H

#include <stddef.h>
#include <stdint.h>

/** Labels and optional weights of the rows of a GLM pass. */
typedef struct fa_logloss_data {
    const uint8_t *y; /* 0/1 per row */
    const double *sw; /* weight per row, or NULL for 1 */
} fa_logloss_data;

/**
 * fa_la_glm_fn for the weighted logistic loss: r[k] = s (sigmoid(z) - y),
 * returns sum_k s loss(z_k, y_k). ctx is a const fa_logloss_data *.
 */
double fa_loss_logistic_glm(void *ctx, size_t row0, size_t n, const double *z, double *r);

/**
 * Weighted logistic loss over n contiguous values: returns
 * sum_k s_k loss(z_k, y_k) and, when dz is not NULL, writes
 * dz[k] = scale * s_k (sigmoid(z_k) - y_k). s may be NULL (all ones).
 */
double fa_loss_logistic(
    size_t n, const double *z, const double *y, const double *s, double scale, double *dz);

/** p[k] = 1 / (1 + exp(-z[k])), computed without overflow; p may alias z. */
void fa_loss_sigmoid(size_t n, const double *z, double *p);

#endif /* FA_LIB_MODEL_LOSS_H */
