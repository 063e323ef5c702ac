/**
 * @file model.h
 * Binary classifiers: L2-regularised logistic regression and a small
 * multilayer perceptron, their training, scoring and model files.
 *
 * A model is fitted either on a dense matrix of already-numeric features
 * (fa_model_fit_matrix) or on a loaded table (fa_model_fit), in which case
 * it also fits and keeps the feature encoder, the spec and the training
 * metadata, so that fa_model_predict_proba() and fa_model_save() need
 * nothing else. Scores are the probability of the spec's positive class;
 * decisions are `score >= threshold`.
 *
 * **Logistic regression** minimises, over coefficients w and intercept b,
 *
 *     J(w, b) = sum_i s_i * logloss(y_i, x_i . w + b)  +  (l2 / 2) * ||w||^2
 *
 * (s_i the sample weights, the intercept not penalised) with L-BFGS. This
 * is scikit-learn's LogisticRegression objective `0.5 ||w||^2 + C sum_i
 * logloss` divided by C: with l2 = 1/C both have the same minimiser, and
 * J * C is scikit-learn's objective value. It stops when the largest
 * gradient component of J is at most `tol * sum_i s_i`.
 *
 * **MLP**: one or two hidden ReLU layers and a sigmoid output, trained on
 * the weighted mean log-loss plus (l2 / 2) ||W||^2 (weights, not biases) by
 * Adam on shuffled minibatches, with early stopping on a held-out part of
 * the training rows; the parameters with the best held-out loss are kept.
 *
 * Determinism: the same data, options and seed give bit-identical models
 * for the same thread count (logistic regression: for any thread count).
 *
 * Thread safety: a fitted or loaded model is read-only and may be used for
 * scoring from several threads at once.
 */
#ifndef FAIRAUDIT_MODEL_H
#define FAIRAUDIT_MODEL_H

#include "fairaudit/collective.h"
#include "fairaudit/common.h"
#include "fairaudit/data.h"
#include "fairaudit/encode.h"
#include "fairaudit/error.h"

FA_BEGIN_DECLS

typedef struct fa_model fa_model;

/** Model family. Values are stable (they appear in files as names, not numbers). */
typedef enum fa_model_kind {
    FA_MODEL_LOGREG = 1, /**< logistic regression */
    FA_MODEL_MLP = 2     /**< multilayer perceptron */
} fa_model_kind;

/** Ridge strength on the summed loss: 1/C for scikit-learn's default C = 1. */
#define FA_LOGREG_DEFAULT_L2 1.0
/** Stop when max |dJ/dtheta| <= tol * total weight (scale-free; see above). */
#define FA_LOGREG_DEFAULT_TOL 1e-8
/** L-BFGS iteration budget (Adult converges in 34 iterations, the 1M x 50 benchmark in 11). */
#define FA_LOGREG_DEFAULT_MAX_ITER 1000u

/** Options for logistic regression. */
typedef struct fa_logreg_options {
    double l2;         /**< >= 0; ridge strength on the summed loss (= 1/C) */
    double tol;        /**< > 0; see FA_LOGREG_DEFAULT_TOL */
    unsigned max_iter; /**< > 0 */
} fa_logreg_options;

#define FA_MLP_MAX_HIDDEN_LAYERS 2
/** Units in the hidden layer (one layer by default). */
#define FA_MLP_DEFAULT_HIDDEN 64u
/** Weight decay on the mean loss; small, early stopping does most of the regularising. */
#define FA_MLP_DEFAULT_L2         1e-5
#define FA_MLP_DEFAULT_MAX_EPOCHS 200u
#define FA_MLP_DEFAULT_BATCH_SIZE 256u
/** Adam step size (Kingma & Ba's suggested default). */
#define FA_MLP_DEFAULT_LEARNING_RATE 1e-3
/** Share of the training rows held out for early stopping (scikit-learn's default). */
#define FA_MLP_DEFAULT_VALIDATION_FRACTION 0.1
/** Epochs without a better held-out loss before training stops (scikit-learn's default). */
#define FA_MLP_DEFAULT_PATIENCE 10u

/** Options for the MLP. */
typedef struct fa_mlp_options {
    size_t n_hidden_layers;                  /**< 1 or 2 */
    size_t hidden[FA_MLP_MAX_HIDDEN_LAYERS]; /**< units per hidden layer, each >= 1 */
    double l2;                               /**< >= 0 */
    unsigned max_epochs;                     /**< > 0 */
    size_t batch_size;                       /**< > 0 */
    double learning_rate;                    /**< > 0 */
    double validation_fraction;              /**< in (0, 0.5] */
    unsigned patience;                       /**< > 0 */
} fa_mlp_options;

/** Decision threshold on the score: decision = score >= threshold. */
#define FA_MODEL_DEFAULT_THRESHOLD 0.5
#define FA_MODEL_DEFAULT_SEED      42u

/** Options for fitting any model. Initialise with FA_FIT_OPTIONS_INIT. */
typedef struct fa_fit_options {
    unsigned version;         /**< FA_FIT_OPTIONS_VERSION */
    fa_model_kind kind;       /**< default FA_MODEL_LOGREG */
    fa_logreg_options logreg; /**< used when kind is FA_MODEL_LOGREG */
    fa_mlp_options mlp;       /**< used when kind is FA_MODEL_MLP */
    uint64_t seed;            /**< MLP initialisation, shuffling, hold-out split */
    unsigned n_threads;       /**< 0 = one per online CPU */
    double threshold;         /**< in [0, 1]; stored in the model */
    fa_log_fn log;            /**< progress of long fits; NULL = silent */
    void *log_payload;
    /** Data-parallel fit (fairaudit/collective.h): every process passes its own rows and
     *  the same options; the encoder, the sums of the loss and its gradient and every
     *  other statistic are those of all processes' rows, so every process fits the same
     *  model (equal to a one-process fit up to the order of floating-point additions).
     *  Logistic regression only (FA_EUNSUPPORTED for the MLP). NULL = one process. */
    const fa_collective *collective;
} fa_fit_options;

#define FA_FIT_OPTIONS_VERSION 1
#define FA_FIT_OPTIONS_INIT                                                                      \
    {                                                                                            \
        FA_FIT_OPTIONS_VERSION, FA_MODEL_LOGREG,                                                 \
            {FA_LOGREG_DEFAULT_L2, FA_LOGREG_DEFAULT_TOL, FA_LOGREG_DEFAULT_MAX_ITER},           \
            {1,                                                                                  \
             {FA_MLP_DEFAULT_HIDDEN, FA_MLP_DEFAULT_HIDDEN},                                     \
             FA_MLP_DEFAULT_L2,                                                                  \
             FA_MLP_DEFAULT_MAX_EPOCHS,                                                          \
             FA_MLP_DEFAULT_BATCH_SIZE,                                                          \
             FA_MLP_DEFAULT_LEARNING_RATE,                                                       \
             FA_MLP_DEFAULT_VALIDATION_FRACTION,                                                 \
             FA_MLP_DEFAULT_PATIENCE},                                                           \
            FA_MODEL_DEFAULT_SEED, 0, FA_MODEL_DEFAULT_THRESHOLD, NULL, NULL, NULL               \
    }

/** Sets @p opts to the defaults (same as FA_FIT_OPTIONS_INIT). */
FA_API void fa_fit_options_init(fa_fit_options *opts);

/**
 * Validates options before any work.
 * @return FA_OK, or FA_EINVAL with a message naming the bad field.
 */
FA_API fa_status fa_fit_options_check(const fa_fit_options *opts, fa_error *err);

/** "logreg" or "mlp" (NULL for an unknown value). */
FA_API const char *fa_model_kind_name(fa_model_kind kind);

/**
 * Parses "logreg" or "mlp".
 * @return FA_OK, or FA_EINVAL for another name.
 */
FA_API fa_status fa_model_kind_parse(const char *name, fa_model_kind *out, fa_error *err);

/**
 * Fits a model on a dense row-major matrix of numeric features.
 * @param[out] out the model, free with fa_model_free(); NULL on failure.
 * @param X n_rows x n_cols values, row i at X + i * n_cols; all finite.
 * @param y n_rows labels, 0 or 1.
 * @param weights n_rows sample weights >= 0, or NULL for all ones.
 * @return FA_OK, FA_EINVAL (bad options or arguments), FA_EDATA (no rows,
 *         one class only, zero total weight, non-finite or negative input),
 *         FA_ENOMEM. Not converging within the budget is not an error: see
 *         fa_model_fit_info().
 */
FA_API fa_status fa_model_fit_matrix(fa_model **out,
                                     const double *X,
                                     size_t n_rows,
                                     size_t n_cols,
                                     const uint8_t *y,
                                     const double *weights,
                                     const fa_fit_options *opts,
                                     fa_error *err);

/**
 * Fits the feature encoder on @p train (numeric features standardised,
 * categorical ones one-hot; see encode.h), then the model on the encoded
 * rows, labels and the table's weights multiplied by @p row_weights.
 * The model keeps the encoder and records the spec's name and fingerprint,
 * the label, and the table's fingerprint and row count. To let the model
 * file stand alone (score without a spec), attach the spec's text with
 * fa_model_attach_spec().
 * @param row_weights fa_table_n_rows(train) extra weights (e.g. from
 *        reweighing), or NULL for none.
 * @return as fa_model_fit_matrix(), plus FA_ESCHEMA (no usable feature).
 */
FA_API fa_status fa_model_fit(fa_model **out,
                              const fa_table *train,
                              const double *row_weights,
                              const fa_fit_options *opts,
                              fa_error *err);

/**
 * Embeds the bytes of the spec file the model was trained with, so that
 * the model file carries it and fa_model_spec() returns it. The text is
 * parsed and its SHA-256 must equal the fingerprint recorded at fit time.
 * @return FA_OK, FA_EINVAL (model fitted on a matrix, or the text is not
 *         the training spec), FA_EPARSE/FA_ESCHEMA (not a valid spec),
 *         FA_ENOMEM.
 */
FA_API fa_status fa_model_attach_spec(fa_model *m, const char *text, size_t len, fa_error *err);

/**
 * Scores a table with the model's encoder: proba_out[i] = P(positive | row i),
 * for the fa_table_n_rows(t) rows of @p t. Feature columns are matched by
 * name; the table may come from another spec that has them.
 * @param stats encoding counters (rows, unseen categories ...), or NULL.
 * @return FA_OK, FA_EINVAL (model fitted on a matrix, i.e. without encoder),
 *         FA_ESCHEMA (a feature column is missing or has another type),
 *         FA_EDATA (a numeric feature is not finite), FA_ENOMEM.
 */
FA_API fa_status fa_model_predict_proba(
    const fa_model *m, const fa_table *t, double *proba_out, fa_encode_stats *stats, fa_error *err);

/**
 * Scores a dense matrix of encoded features (n_cols must equal
 * fa_model_n_inputs()): proba_out[i] = P(positive | row i).
 * @return FA_OK, FA_EINVAL (column count mismatch), FA_ENOMEM.
 */
FA_API fa_status fa_model_predict_matrix(const fa_model *m,
                                         const double *X,
                                         size_t n_rows,
                                         size_t n_cols,
                                         double *proba_out,
                                         fa_error *err);

/**
 * Writes scores as a predictions CSV that `fairaudit audit` reads directly
 * (docs/format/predictions.md), atomically (no partial file on failure).
 * Header and columns: `score` (proba[i], printed so it reads back to the
 * same double), `decision` (0/1 at the model's threshold), the label as 0/1
 * under the label column's name (1 = the spec's positive class), then every
 * PROTECTED column of @p t's spec under its name (its category text; empty
 * when missing). Fields are quoted when they contain a comma, quote or
 * line break.
 * @param proba fa_table_n_rows(t) scores, e.g. from fa_model_predict_proba().
 * @return FA_OK, FA_EIO, FA_ENOMEM.
 */
FA_API fa_status fa_model_write_predictions(
    const fa_model *m, const fa_table *t, const double *proba, const char *path, fa_error *err);

/**
 * As fa_model_write_predictions(), with the decision column taken from
 * @p decisions (fa_table_n_rows(t) values, 0 or non-zero; e.g. from
 * per-group thresholds, see fa_thresholds_decide_table() in mitigate.h)
 * instead of the model's threshold. NULL @p decisions = the threshold.
 * @return FA_OK, FA_EIO, FA_ENOMEM.
 */
FA_API fa_status fa_model_write_predictions_decided(const fa_model *m, const fa_table *t,
                                                    const double *proba,
                                                    const uint8_t *decisions, const char *path,
                                                    fa_error *err);

/** decision_out[i] = proba[i] >= fa_model_threshold(m). */
FA_API void
fa_model_decide(const fa_model *m, const double *proba, size_t n, uint8_t *decision_out);

FA_API fa_model_kind fa_model_kind_of(const fa_model *m);
/** Number of encoded input features. */
FA_API size_t fa_model_n_inputs(const fa_model *m);
FA_API double fa_model_threshold(const fa_model *m);
/**
 * Changes the decision threshold.
 * @return FA_OK, or FA_EINVAL when t is outside [0, 1].
 */
FA_API fa_status fa_model_set_threshold(fa_model *m, double t, fa_error *err);

/** How training went. */
typedef struct fa_fit_info {
    unsigned iterations;   /**< L-BFGS iterations, or MLP epochs run */
    unsigned evaluations;  /**< objective evaluations (logreg) or minibatch steps (MLP) */
    double objective;      /**< logreg: J at the solution; MLP: best held-out log-loss */
    double train_log_loss; /**< weighted mean log-loss on the rows trained on */
    double grad_inf;       /**< logreg: max |dJ/dtheta| at the solution; MLP: 0 */
    int converged;         /**< 1 when the stopping rule was met within the budget */
    unsigned best_epoch;   /**< MLP: epoch whose parameters were kept; logreg: 0 */
    double seconds;        /**< wall time of the optimisation */
    uint64_t n_rows;       /**< rows trained on (MLP: excluding the held-out rows) */
    char stop_reason[128]; /**< one line: why training stopped */
} fa_fit_info;

/** Copies the training report of @p m into @p out. */
FA_API void fa_model_fit_info(const fa_model *m, fa_fit_info *out);

/**
 * Label column name and positive value the model predicts (fa_model_fit
 * and loaded models); NULL for models fitted on a matrix. Borrowed, valid
 * until fa_model_free().
 */
FA_API const char *fa_model_label_name(const fa_model *m);
FA_API const char *fa_model_positive_label(const fa_model *m);

/**
 * The spec the model was trained with, as a loaded spec owned by the model,
 * when its text is embedded (fa_model_attach_spec(), or a model file that
 * carries it); NULL otherwise. Valid until fa_model_free().
 */
FA_API const fa_spec *fa_model_spec(const fa_model *m);

/** Name and SHA-256 of the training spec (NULL for models fitted on a matrix). */
FA_API const char *fa_model_spec_name(const fa_model *m);
FA_API const char *fa_model_spec_fingerprint(const fa_model *m);

/**
 * The bias mitigation the model was trained with ("reweigh", "adversarial";
 * see mitigate.h), or NULL for none. Borrowed, valid until fa_model_free().
 */
FA_API const char *fa_model_mitigation_method(const fa_model *m);
/**
 * The method-specific mitigation record as the text of one compact JSON
 * object (reweighing weights, adversary training curves; documented in
 * docs/mitigation.md), or NULL. Borrowed, valid until fa_model_free().
 */
FA_API const char *fa_model_mitigation_details(const fa_model *m);

/** The fitted encoder (NULL for models fitted on a matrix). Borrowed. */
FA_API const fa_encoder *fa_model_encoder(const fa_model *m);

/**
 * Writes the model file (JSON, docs/format/model.md) atomically.
 * @return FA_OK, FA_EIO, FA_ENOMEM.
 */
FA_API fa_status fa_model_save(const fa_model *m, const char *path, fa_error *err);

/**
 * Reads a model file. Unknown format versions are rejected with a message
 * naming the versions this build reads.
 * @param[out] out the model, free with fa_model_free(); NULL on failure.
 * @return FA_OK, FA_EIO, FA_EPARSE (bad JSON), FA_EFORMAT (not a model file,
 *         or an unsupported format_version), FA_ESCHEMA (bad content; the
 *         message gives file:line:column), FA_ENOMEM.
 */
FA_API fa_status fa_model_load(fa_model **out, const char *path, fa_error *err);

/** Frees a model. NULL is allowed. */
FA_API void fa_model_free(fa_model *m);

/**
 * Records the SHA-256 of the training data (64 lowercase hex digits; NULL = none) in a
 * model, for fits that did not read the whole file themselves (data-parallel training:
 * each process loaded a part). FA_OK, FA_EINVAL, FA_ENOMEM.
 */
FA_API fa_status fa_model_set_data_fingerprint(fa_model *m, const char *hex, fa_error *err);

/**
 * Sets the threads used when scoring with @p m (logistic regression; 0 = one per online
 * CPU). Scores do not depend on it.
 */
FA_API void fa_model_set_threads(fa_model *m, unsigned n_threads);

/**
 * Sets how many threads the BLAS library (OpenBLAS) uses, process-wide (0 = one per online
 * CPU). The MLP's matrix products and the logistic-regression preconditioner go through
 * BLAS; logistic regression's own passes use fa_fit_options.n_threads. `fairaudit train`
 * and `predict` set both from --threads.
 */
FA_API void fa_model_set_blas_threads(unsigned n_threads);

FA_END_DECLS

#endif /* FAIRAUDIT_MODEL_H */
