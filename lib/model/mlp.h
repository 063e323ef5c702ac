/*
 * lib/model/mlp.h — the multilayer perceptron's network and its training
 * loop (internal; not installed).
 *
 * Network: inputs -> 1 or 2 hidden ReLU layers -> one output logit z; the
 * score is sigmoid(z). Parameters live in one flat vector (what Adam
 * updates), layer after layer: W_l (n_out x n_in, row-major) then b_l.
 *
 * The forward and backward passes work on a batch of rows and are exposed
 * separately, with d(loss)/d(logit) as the only thing the backward pass
 * needs from a loss: an adversary attached to the output logit (adversarial
 * debiasing) adds its own term to that vector through fa_mlp_hooks, without
 * the network knowing about it.
 */
#ifndef FA_LIB_MODEL_MLP_H
#define FA_LIB_MODEL_MLP_H

#include <stddef.h>
#include <stdint.h>

#include "fairaudit/model.h"

#include "common/internal.h"
#include "la/la.h"

#define FA_MLP_MAX_LAYERS (FA_MLP_MAX_HIDDEN_LAYERS + 1)

typedef struct fa_mlp {
    size_t n_layers;                     /* weight layers: hidden + 1 */
    size_t sizes[FA_MLP_MAX_LAYERS + 1]; /* sizes[0] inputs ... sizes[n_layers] = 1 */
    size_t n_params;
    double *params; /* owned */
} fa_mlp;

/** Offsets of W_l and b_l in the parameter vector. */
size_t fa_mlp_w_offset(const fa_mlp *net, size_t l);
size_t fa_mlp_b_offset(const fa_mlp *net, size_t l);

/**
 * Sets up the shape (n_inputs, hidden sizes, output 1) and allocates zeroed
 * parameters. FA_EINVAL for zero sizes, FA_ENOMEM on overflow or OOM.
 */
fa_status fa_mlp_init(
    fa_mlp *net, size_t n_inputs, size_t n_hidden_layers, const size_t *hidden, fa_error *err);
void fa_mlp_dispose(fa_mlp *net);

/** Glorot-uniform weights from @p seed, zero biases, output bias @p out_bias. */
void fa_mlp_init_params(fa_mlp *net, uint64_t seed, double out_bias);

/** Per-batch buffers for up to max_rows rows. */
typedef struct fa_mlp_ws {
    size_t max_rows;
    double *act[FA_MLP_MAX_LAYERS]; /* hidden activations, max_rows x sizes[l+1] */
    double *delta[2];               /* ping-pong d loss / d activation buffers */
} fa_mlp_ws;

fa_status fa_mlp_ws_init(fa_mlp_ws *ws, const fa_mlp *net, size_t max_rows, fa_error *err);
void fa_mlp_ws_dispose(fa_mlp_ws *ws);

/**
 * Forward pass of X's rows (X->rows <= ws->max_rows, X->cols = inputs):
 * logit[k] for each row; keeps the hidden activations in ws for backward.
 */
void fa_mlp_forward(const fa_mlp *net, const fa_cmat *X, fa_mlp_ws *ws, double *logit);

/**
 * Backward pass after fa_mlp_forward() on the same X: writes into @p grad
 * (n_params values) the gradient of sum_k dlogit[k] * logit_k with respect
 * to the parameters. Overwrites the ws delta buffers.
 */
void fa_mlp_backward(
    const fa_mlp *net, const fa_cmat *X, fa_mlp_ws *ws, const double *dlogit, double *grad);

/** Scores any number of rows: proba[i] = sigmoid(logit_i). */
fa_status fa_mlp_predict(const fa_mlp *net, const fa_cmat *X, double *proba, fa_error *err);

/**
 * Attachment points for training extensions (adversarial debiasing).
 * on_batch runs for every minibatch after the forward pass: rows[k] is the
 * training-matrix row of batch row k, logit[k] its output logit, and
 * dlogit[k] the classifier loss' derivative (already divided by the batch
 * weight); the hook may add to dlogit before the backward pass. on_epoch
 * runs after each epoch. A hook returning an error stops training with it.
 */
typedef struct fa_mlp_hooks {
    fa_status (*on_batch)(void *ctx,
                          const size_t *rows,
                          size_t n,
                          const double *logit,
                          double *dlogit,
                          fa_error *err);
    fa_status (*on_epoch)(void *ctx, unsigned epoch, double val_loss, fa_error *err);
    void *ctx;
} fa_mlp_hooks;

/**
 * Trains @p net (already initialised) on X/y/sw with options->mlp, seed and
 * log; hooks may be NULL. Fills *info.
 * @return FA_OK, FA_EINVAL (bad options), FA_EDATA (fewer than 2 rows),
 *         FA_ENOMEM, or a hook's error.
 */
fa_status fa_mlp_train(fa_mlp *net,
                       const fa_cmat *X,
                       const uint8_t *y,
                       const double *sw,
                       const fa_fit_options *opts,
                       const fa_mlp_hooks *hooks,
                       fa_fit_info *info,
                       fa_error *err);

#endif /* FA_LIB_MODEL_MLP_H */
