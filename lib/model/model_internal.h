/*
 * lib/model/model_internal.h — the fa_model object (internal; shared by
 * lib/model and lib/serialize/model_io.c, which reads and writes it).
 *
 * A model always has weights (logreg: coef + intercept; MLP: a network) and
 * the options and report of its fit. Models fitted on a table, or loaded
 * from a file, also own the spec and the fitted encoder, which is what lets
 * them score a table directly.
 */
#ifndef FA_LIB_MODEL_INTERNAL_H
#define FA_LIB_MODEL_INTERNAL_H

#include "fairaudit/encode.h"
#include "fairaudit/model.h"

#include "common/internal.h"
#include "la/la.h"
#include "model/mlp.h"

/** What mitigation shaped a model's training (recorded in its file). */
typedef struct fa_model_mitigation {
    char *method; /* NULL = none */
    size_t n_params;
    char **param_names;
    double *param_values;
    char *details;         /* compact JSON object text written by lib/mitigate, or NULL */
} fa_model_mitigation;

struct fa_model {
    fa_model_kind kind;
    size_t n_inputs;
    double threshold;

    double *coef; /* logreg: n_inputs values */
    double intercept;
    fa_mlp mlp; /* MLP */

    fa_fit_options opts; /* as fitted; log and log_payload cleared */
    fa_fit_info info;
    char *created_by; /* tool version that fitted the model */

    /* Models fitted on a table, or loaded from a file made from one: */
    fa_encoder *encoder;
    char *spec_name;
    char *spec_fingerprint;
    fa_spec *spec;   /* parsed from spec_text, when attached */
    char *spec_text; /* the spec file's bytes (embedded in model files) */
    size_t spec_len;
    char *label_name;
    char *positive_label;
    char *data_fingerprint; /* SHA-256 hex of the training file, or NULL */
    uint64_t n_data_rows;   /* rows of the training table (before any hold-out) */
    fa_model_mitigation mitigation;

    fa_log_fn fit_log; /* progress sink during a fit only; NULL otherwise */
    void *fit_log_payload;
};

/** Allocates an empty model of @p kind for @p n_inputs features (weights zero). */
fa_status fa_model__new(
    fa_model **out, fa_model_kind kind, size_t n_inputs, const fa_fit_options *opts, fa_error *err);

/**
 * Checks fit inputs: finite X, labels 0/1, finite non-negative weights,
 * positive weight in both classes. Writes the total weight.
 * @return FA_OK or FA_EDATA with the first offending row.
 */
fa_status fa_model__check_fit_data(const fa_cmat *X, const uint8_t *y, const double *w,
                                   const fa_collective *coll,
                                   double *total_weight, fa_error *err);

/**
 * Fits the weights of @p m (created by fa_model__new) on checked data.
 * @p hooks (MLP only; NULL otherwise) lets a training extension such as an
 * adversary see every minibatch (see fa_mlp_hooks in model/mlp.h).
 */
fa_status fa_model__fit_dense(fa_model *m,
                              const fa_cmat *X,
                              const uint8_t *y,
                              const double *w,
                              double total_weight,
                              const fa_mlp_hooks *hooks,
                              fa_error *err);

/**
 * fa_model_fit() with training hooks (MLP only): the encoded matrix has one
 * row per table row, in table order, so the `rows` a hook receives index
 * the table (e.g. fa_table_codes() of a protected column).
 * @return as fa_model_fit(); FA_EINVAL for hooks with a logreg kind.
 */
fa_status fa_model__fit_table(fa_model **out,
                              const fa_table *train,
                              const double *row_weights,
                              const fa_fit_options *opts,
                              const fa_mlp_hooks *hooks,
                              fa_error *err);

/** Scores encoded rows (X->cols == m->n_inputs). */
fa_status
fa_model__predict_dense(const fa_model *m, const fa_cmat *X, double *proba, fa_error *err);

/**
 * Records the mitigation used to train @p m (copied): a method name and
 * named numeric parameters. Replaces any earlier record.
 */
fa_status fa_model__set_mitigation(fa_model *m,
                                   const char *method,
                                   size_t n_params,
                                   const char *const *names,
                                   const double *values,
                                   fa_error *err);

/**
 * Attaches the method-specific part of the mitigation record: @p json is the
 * text of one JSON object (copied; the model file embeds it under
 * "details"). Requires a method set by fa_model__set_mitigation().
 * @return FA_OK, FA_EINVAL (no mitigation recorded yet), FA_ENOMEM.
 */
fa_status fa_model__set_mitigation_details(fa_model *m, const char *json, size_t len,
                                           fa_error *err);

/**
 * As fa_model__fit_table(), with the training itself done by @p train_fn
 * instead of the default logreg/MLP fit: the encoder is fitted, the table
 * encoded and checked, the model created with its provenance, then
 * train_fn(m, X, y, w, total_weight, ctx) sets its weights and m->info.
 * The rows of X are the rows of @p train in order; @p w combines the
 * table's weights with @p row_weights (NULL when both are absent). Used by
 * lib/mitigate's adversarial debiasing, whose update (the predictor's
 * gradient minus its projection on the adversary's) needs two backward
 * passes per minibatch, more than fa_mlp_hooks can express.
 */
typedef fa_status (*fa_model_train_fn)(fa_model *m, const fa_cmat *X, const uint8_t *y,
                                       const double *w, double total_weight, void *ctx,
                                       fa_error *err);
fa_status fa_model__fit_table_with(fa_model **out, const fa_table *train,
                                   const double *row_weights, const fa_fit_options *opts,
                                   fa_model_train_fn train_fn, void *ctx, fa_error *err);

#endif /* FA_LIB_MODEL_INTERNAL_H */
