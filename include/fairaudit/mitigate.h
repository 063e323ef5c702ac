/**
 * @file mitigate.h
 * Bias mitigation: retraining a fairer model and showing what it cost.
 *
 * - **Reweighing** (Kamiran & Calders 2012, pre-processing): every training
 *   row of group g and label y is weighted by P(g) P(y) / P(g, y), computed
 *   with the existing sample weights, so that group and label become
 *   independent in the weighted data. Any number of groups.
 * - **Adversarial debiasing** (Zhang, Lemoine & Mitchell 2018, in-processing):
 *   the predictor (logistic regression or MLP) is trained jointly with an
 *   adversary that predicts the protected group from the predictor's logit
 *   (and, for equalized odds, the true label); the predictor's gradient loses
 *   its projection on the adversary's gradient and moves A times against it.
 * - **Fair thresholds** (Hardt, Price & Srebro 2016, post-processing): one
 *   decision rule per group, chosen on scored data to meet a demographic
 *   parity, equalized odds or adverse impact ratio bound with the least loss
 *   of accuracy; randomised where equalized odds needs it. Written to a
 *   thresholds file that `fairaudit predict` and `fairaudit audit` apply.
 * - **Sweep**: a series of models over the mitigation strength with every
 *   point's audit and the accuracy-versus-disparity frontier.
 * - **Compare**: two audit.json reports side by side with every change.
 *
 * Formulas, defaults and file formats: docs/mitigation.md.
 *
 * Thread safety: fitted objects (fa_reweighing, fa_thresholds,
 * fa_comparison) are read-only and may be shared between threads.
 */
#ifndef FAIRAUDIT_MITIGATE_H
#define FAIRAUDIT_MITIGATE_H

#include "fairaudit/common.h"
#include "fairaudit/data.h"
#include "fairaudit/error.h"
#include "fairaudit/model.h"

FA_BEGIN_DECLS

/** Display value of a group defined by several protected columns ("Female & Black"). */
#define FA_GROUP_SEPARATOR " & "

/** Mitigation applied while training. Values are stable. */
typedef enum fa_mitigation {
    FA_MITIGATE_NONE = 0,       /**< plain training */
    FA_MITIGATE_REWEIGH = 1,    /**< Kamiran & Calders reweighing */
    FA_MITIGATE_ADVERSARIAL = 2 /**< Zhang et al. adversarial debiasing */
} fa_mitigation;

/** "none", "reweigh", "adversarial" (NULL for an unknown value). */
FA_API const char *fa_mitigation_name(fa_mitigation m);
/** Parses a name of fa_mitigation_name(). @return FA_OK or FA_EINVAL. */
FA_API fa_status fa_mitigation_parse(const char *name, fa_mitigation *out, fa_error *err);

/** Fairness criterion a mitigation aims at. Values are stable. */
typedef enum fa_fairness {
    FA_FAIRNESS_DP = 1, /**< demographic parity: equal selection rates */
    FA_FAIRNESS_EO = 2, /**< equalized odds: equal TPR and FPR */
    FA_FAIRNESS_AIR = 3 /**< adverse impact ratio: min/max favourable rate >= bound */
} fa_fairness;

/** "dp", "eo", "air" (NULL for an unknown value). */
FA_API const char *fa_fairness_name(fa_fairness f);
/** Parses a name of fa_fairness_name(). @return FA_OK or FA_EINVAL. */
FA_API fa_status fa_fairness_parse(const char *name, fa_fairness *out, fa_error *err);

/* ===========================================================================
 * Reweighing
 * ======================================================================== */

/** Reweighing weights of a table: one per (group, label) cell. Opaque. */
typedef struct fa_reweighing fa_reweighing;

/**
 * Computes the Kamiran & Calders weights w(g, y) = W_g W_y / (W W_gy) of
 * @p t, where W sums the table's sample weights (1 per row without a weight
 * column) over the rows whose group is known, W_g over group g, W_y over
 * label y and W_gy over both. A group is a protected column's value, or the
 * combination of the values of several columns. Rows with a missing
 * protected value take no part and keep their weight.
 * @param protected_columns names of PROTECTED (or CATEGORICAL) columns of the
 *        table's spec; NULL or n_protected = 0: the spec's protected column,
 *        when it has exactly one.
 * @param[out] out the weights, free with fa_reweighing_free(); NULL on failure.
 * @return FA_OK, FA_EINVAL (unknown or unsuitable column, several protected
 *         columns and none chosen), FA_EDATA (no row with a known group, or a
 *         single label), FA_ENOMEM.
 */
FA_API fa_status fa_reweigh_fit(fa_reweighing **out,
                                const fa_table *t,
                                const char *const *protected_columns,
                                size_t n_protected,
                                fa_error *err);

/** Number of groups (those with at least one row), sorted by their values. */
FA_API size_t fa_reweighing_n_groups(const fa_reweighing *rw);
/** Display value of group @p g (values joined by FA_GROUP_SEPARATOR); NULL if out of range. */
FA_API const char *fa_reweighing_group(const fa_reweighing *rw, size_t g);
/**
 * Weight w(g, y) of group @p g and label @p label (0 = negative class,
 * 1 = positive); 1 for a cell without rows, NaN if out of range.
 */
FA_API double fa_reweighing_weight(const fa_reweighing *rw, size_t g, int label);
/** Sum of the input sample weights W_gy of the cell (the row count when unweighted). */
FA_API double fa_reweighing_mass(const fa_reweighing *rw, size_t g, int label);

/**
 * Per-row weight multipliers for @p t (same spec as the fitted table; groups
 * matched by value): out[i] = 1 + mix (w(g_i, y_i) - 1), 1 for rows with a
 * missing protected value. mix = 1 is full reweighing, 0 none; values in
 * between interpolate (the sweep's strength). The table's own weights are
 * NOT included (fa_model_fit() multiplies them in).
 * @return FA_OK, FA_EINVAL (mix outside [0, 1], column missing in @p t),
 *         FA_EDATA (a group of @p t has no weight), FA_ENOMEM.
 */
FA_API fa_status fa_reweighing_row_weights(
    const fa_reweighing *rw, const fa_table *t, double mix, double *out, fa_error *err);

/** Frees reweighing weights. NULL is allowed. */
FA_API void fa_reweighing_free(fa_reweighing *rw);

/* ===========================================================================
 * Training with mitigation
 * ======================================================================== */

/** Full reweighing. */
#define FA_REWEIGH_DEFAULT_MIX 1.0

/**
 * Adversary weight A (the paper's alpha) when none is given, per criterion
 * (chosen on Adult, docs/mitigation.md): for dp the projection alone already
 * removes most of the disparity and AIF360's 0.1 suffices; equalized odds
 * needs a stronger push.
 */
#define FA_ADV_DEFAULT_WEIGHT_DP 0.1
#define FA_ADV_DEFAULT_WEIGHT_EO 10.0
/** fa_adversary_options.weight value meaning "the criterion's default". */
#define FA_ADV_WEIGHT_DEFAULT (-1.0)
/** Epochs of joint training (AIF360's AdversarialDebiasing default is 50). */
#define FA_ADV_DEFAULT_EPOCHS 50u
/** Minibatch rows (AIF360's default). */
#define FA_ADV_DEFAULT_BATCH_SIZE 128u
/** Adam step size of the predictor (AIF360's starter learning rate). */
#define FA_ADV_DEFAULT_LEARNING_RATE 1e-3
/** The adversary's step size is this multiple of the predictor's. */
#define FA_ADV_DEFAULT_ADVERSARY_LR_RATIO 10.0
/** Step sizes decay by this factor every FA_ADV_DEFAULT_DECAY_STEPS steps (AIF360). */
#define FA_ADV_DEFAULT_DECAY       0.96
#define FA_ADV_DEFAULT_DECAY_STEPS 1000u
/** The model kept is the average of the predictor over the last this many epochs. */
#define FA_ADV_DEFAULT_AVERAGE_EPOCHS 10u

/** Options of adversarial debiasing. */
typedef struct fa_adversary_options {
    fa_fairness fairness;      /**< FA_FAIRNESS_DP or FA_FAIRNESS_EO */
    double weight;             /**< A >= 0, or FA_ADV_WEIGHT_DEFAULT */
    unsigned epochs;           /**< > 0 */
    size_t batch_size;         /**< > 0 */
    double learning_rate;      /**< > 0 */
    double adversary_lr_ratio; /**< > 0 */
    double decay;              /**< in (0, 1] */
    unsigned decay_steps;      /**< > 0 */
    unsigned average_epochs;   /**< last epochs averaged (at most all); 0 = last iterate */
} fa_adversary_options;

/** Options of fa_mitigate_fit(). Initialise with FA_MITIGATE_OPTIONS_INIT. */
typedef struct fa_mitigate_options {
    unsigned version;                     /**< FA_MITIGATE_OPTIONS_VERSION */
    fa_mitigation method;                 /**< default FA_MITIGATE_NONE */
    const char *const *protected_columns; /**< NULL: the spec's only protected column */
    size_t n_protected;
    double reweigh_mix;             /**< in [0, 1]; reweighing strength */
    fa_adversary_options adversary; /**< used by FA_MITIGATE_ADVERSARIAL */
} fa_mitigate_options;

#define FA_MITIGATE_OPTIONS_VERSION 1
#define FA_MITIGATE_OPTIONS_INIT                                                                   \
    {                                                                                              \
        FA_MITIGATE_OPTIONS_VERSION, FA_MITIGATE_NONE, NULL, 0, FA_REWEIGH_DEFAULT_MIX,            \
        {                                                                                          \
            FA_FAIRNESS_DP, FA_ADV_WEIGHT_DEFAULT, FA_ADV_DEFAULT_EPOCHS,                          \
                FA_ADV_DEFAULT_BATCH_SIZE, FA_ADV_DEFAULT_LEARNING_RATE,                           \
                FA_ADV_DEFAULT_ADVERSARY_LR_RATIO, FA_ADV_DEFAULT_DECAY,                           \
                FA_ADV_DEFAULT_DECAY_STEPS, FA_ADV_DEFAULT_AVERAGE_EPOCHS                          \
        }                                                                                          \
    }

/** Sets @p opts to FA_MITIGATE_OPTIONS_INIT. */
FA_API void fa_mitigate_options_init(fa_mitigate_options *opts);
/** Validates options. @return FA_OK or FA_EINVAL naming the bad field. */
FA_API fa_status fa_mitigate_options_check(const fa_mitigate_options *opts, fa_error *err);

/** The adversary weight used for @p opts: its weight, or the criterion's default. */
FA_API double fa_adversary_weight(const fa_adversary_options *opts);

/**
 * Fits a model on @p train like fa_model_fit(), with the mitigation of @p mo:
 * - FA_MITIGATE_NONE: fa_model_fit();
 * - FA_MITIGATE_REWEIGH: fa_reweigh_fit() then fa_model_fit() with the
 *   weights (mix mo->reweigh_mix); the weight table goes into the model;
 * - FA_MITIGATE_ADVERSARIAL: joint training of the predictor (fo->kind;
 *   fo->logreg.l2 or fo->mlp.hidden / l2 apply, the epochs, batch size and
 *   step sizes come from mo->adversary) and the adversary; deterministic for
 *   a seed (fo->seed) and thread count; the training curves, the adversary
 *   and the groups go into the model.
 * The model records the method and its parameters (fa_model_mitigation_method(),
 * fa_model_mitigation_details(); written to the model file).
 * @param row_weights extra per-row weights multiplied in, or NULL.
 * @return as fa_model_fit(), plus the statuses of fa_reweigh_fit() and
 *         FA_EINVAL for bad mitigation options.
 */
FA_API fa_status fa_mitigate_fit(fa_model **out,
                                 const fa_table *train,
                                 const double *row_weights,
                                 const fa_mitigate_options *mo,
                                 const fa_fit_options *fo,
                                 fa_error *err);

/* ===========================================================================
 * Fair thresholds (post-processing)
 * ======================================================================== */

/** Per-group decision rules. Opaque. */
typedef struct fa_thresholds fa_thresholds;

/** Decision threshold the "before" figures of a thresholds fit use. */
#define FA_THRESHOLDS_DEFAULT_BASE_THRESHOLD 0.5
#define FA_THRESHOLDS_DEFAULT_SEED           42u

/** Options for fitting thresholds. Initialise with FA_THRESHOLDS_OPTIONS_INIT. */
typedef struct fa_thresholds_options {
    unsigned version;   /**< FA_THRESHOLDS_OPTIONS_VERSION */
    fa_fairness target; /**< dp, eo or air */
    double bound;       /**< dp/eo: largest difference in [0, 1]; air: smallest ratio in [0, 1] */
    int favorable;      /**< favourable decision value, 0 or 1 (air; reported rates) */
    uint64_t seed;      /**< randomised decisions: u = U(seed, row) */
    double base_threshold; /**< the single threshold of the "before" figures */
    /* Reading a predictions CSV (fa_thresholds_fit_file): */
    const char *label_column;             /**< required: 0/1 or label_values */
    const char *score_column;             /**< required */
    const char *weight_column;            /**< NULL: every row weighs 1 */
    const char *const *protected_columns; /**< required for files, n_protected >= 1 */
    size_t n_protected;
    const char *const *label_values; /**< NULL, or {"neg", "pos"} strings for 0 and 1 */
    char delimiter;                  /**< default ',' */
    fa_log_fn log;                   /**< progress; NULL = silent */
    void *log_payload;
} fa_thresholds_options;

#define FA_THRESHOLDS_OPTIONS_VERSION 1
#define FA_THRESHOLDS_OPTIONS_INIT                                                                 \
    {                                                                                              \
        FA_THRESHOLDS_OPTIONS_VERSION, FA_FAIRNESS_DP, 0.05, 1, FA_THRESHOLDS_DEFAULT_SEED,        \
            FA_THRESHOLDS_DEFAULT_BASE_THRESHOLD, NULL, NULL, NULL, NULL, 0, NULL, ',', NULL, NULL \
    }

/** Sets @p opts to FA_THRESHOLDS_OPTIONS_INIT. */
FA_API void fa_thresholds_options_init(fa_thresholds_options *opts);

/**
 * Chooses per-group decision rules on scored rows: maximise the (weighted)
 * accuracy subject to
 * - dp:  max_g sr_g - min_g sr_g <= bound (sr = selection rate);
 * - air: min_g fr_g / max_g fr_g >= bound (fr = favourable decision rate);
 * - eo:  max_g TPR_g - min_g TPR_g <= bound and the same for FPR.
 * dp and air give one plain threshold per group (decision = score >= t_g),
 * the best among all thresholds between observed scores. eo picks for each
 * group a point of the convex hull of its ROC curve (Hardt et al. 2016),
 * which needs a randomised rule: P(decision = 1 | score) is a step function
 * of the score with at most three values.
 * @param scores, labels (0/1), weights (NULL = 1), groups (in [0, n_groups),
 *        or (size_t)-1 for rows without a group, which are skipped): n rows.
 * @param group_values n_groups x n_columns value strings (row-major): the
 *        values of the protected columns that make up each group.
 * @param columns n_columns protected column names.
 * @param[out] out the rules, free with fa_thresholds_free(); NULL on failure.
 * @return FA_OK, FA_EINVAL (bad options, bound outside [0, 1], group out of
 *         range), FA_EDATA (a group without rows, non-finite score), FA_ENOMEM.
 */
FA_API fa_status fa_thresholds_fit(fa_thresholds **out,
                                   const double *scores,
                                   const uint8_t *labels,
                                   const double *weights,
                                   const size_t *groups,
                                   size_t n,
                                   const char *const *group_values,
                                   size_t n_groups,
                                   const char *const *columns,
                                   size_t n_columns,
                                   const fa_thresholds_options *opts,
                                   fa_error *err);

/**
 * As fa_thresholds_fit() on a predictions CSV with a header (e.g. from
 * `fairaudit predict`), read through opts' column names. Rows with a missing
 * label or score, or a missing protected value, are skipped and counted.
 * @return as fa_thresholds_fit(), plus FA_EIO, FA_EPARSE (CSV syntax, score
 *         not a number), FA_ESCHEMA (missing column); errors are located
 *         (file:line:column).
 */
FA_API fa_status fa_thresholds_fit_file(fa_thresholds **out,
                                        const char *predictions,
                                        const fa_thresholds_options *opts,
                                        fa_error *err);

/**
 * As fa_thresholds_fit() on a table and its scores (labels, weights and
 * protected columns from the table; opts->protected_columns names the
 * columns, NULL = the spec's only protected column).
 */
FA_API fa_status fa_thresholds_fit_table(fa_thresholds **out,
                                         const fa_table *t,
                                         const double *scores,
                                         const fa_thresholds_options *opts,
                                         fa_error *err);

/**
 * Writes the thresholds file (JSON, docs/format/thresholds.md) atomically.
 * @return FA_OK, FA_EIO, FA_ENOMEM.
 */
FA_API fa_status fa_thresholds_save(const fa_thresholds *th, const char *path, fa_error *err);

/**
 * Reads a thresholds file.
 * @return FA_OK, FA_EIO, FA_EPARSE, FA_EFORMAT (not a thresholds file or an
 *         unsupported version), FA_ESCHEMA (bad content, located), FA_ENOMEM.
 */
FA_API fa_status fa_thresholds_load(fa_thresholds **out, const char *path, fa_error *err);

/** Frees thresholds. NULL is allowed. */
FA_API void fa_thresholds_free(fa_thresholds *th);

/** Number of protected columns the groups are defined on. */
FA_API size_t fa_thresholds_n_columns(const fa_thresholds *th);
/** Name of protected column @p i; NULL if out of range. Borrowed. */
FA_API const char *fa_thresholds_column(const fa_thresholds *th, size_t i);
FA_API size_t fa_thresholds_n_groups(const fa_thresholds *th);
/** Value of column @p col for group @p g; NULL if out of range. Borrowed. */
FA_API const char *fa_thresholds_group_value(const fa_thresholds *th, size_t g, size_t col);
/** The seed of the randomised decisions. */
FA_API uint64_t fa_thresholds_seed(const fa_thresholds *th);
/** Whether any group's rule is randomised. */
FA_API int fa_thresholds_randomized(const fa_thresholds *th);

/**
 * Finds the group whose values equal values[0..n_columns) (lengths given,
 * strings need not be terminated).
 * @return FA_OK, or FA_EDATA when no group has these values.
 */
FA_API fa_status fa_thresholds_find_group(const fa_thresholds *th,
                                          const char *const *values,
                                          const size_t *lengths,
                                          size_t *group_out,
                                          fa_error *err);

/** P(decision = 1) of a row of group @p g with @p score under the group's rule. */
FA_API double fa_thresholds_probability(const fa_thresholds *th, size_t g, double score);

/**
 * The decision (0/1) of row number @p row (0-based data row of the scored
 * file) of group @p g: 1 when U(seed, row) < fa_thresholds_probability().
 * Deterministic: the same row gets the same decision in `predict` and `audit`.
 */
FA_API int fa_thresholds_decide(const fa_thresholds *th, size_t g, double score, uint64_t row);

/**
 * Decides every row of a table: out[i] = fa_thresholds_decide(th, group of
 * row i, scores[i], i), the group found from the table's columns of the
 * thresholds' names.
 * @return FA_OK, FA_ESCHEMA (a thresholds column is not a categorical or
 *         protected column of the table), FA_EDATA (a row's values have no
 *         rule, message names the row), FA_ENOMEM.
 */
FA_API fa_status fa_thresholds_decide_table(
    const fa_thresholds *th, const fa_table *t, const double *scores, uint8_t *out, fa_error *err);

/** What a fit achieved on the data it was fitted on (expected values for randomised rules). */
typedef struct fa_thresholds_summary {
    fa_fairness target;
    double bound;
    double rows;            /**< weight of the rows used */
    double accuracy_before; /**< at base_threshold for every group */
    double accuracy_after;
    double disparity_before; /**< dp/eo: difference; air: ratio */
    double disparity_after;
    int randomized;
} fa_thresholds_summary;

FA_API void fa_thresholds_get_summary(const fa_thresholds *th, fa_thresholds_summary *out);

/* ===========================================================================
 * Before/after comparison of two audit.json reports
 * ======================================================================== */

/** Two audits matched metric by metric. Opaque. */
typedef struct fa_comparison fa_comparison;

/**
 * Reads two audit.json files (docs/format/audit.md) and pairs every metric:
 * the overall metrics, each attribute's disparities and each group's metrics
 * and reference comparisons, matched by attribute name, group value and
 * metric key. Entries present in one report only are kept with the other
 * side missing.
 * @param[out] out free with fa_comparison_free(); NULL on failure.
 * @return FA_OK, FA_EIO, FA_EPARSE, FA_EFORMAT (not an audit.json or an
 *         unsupported schema_version), FA_ESCHEMA (located), FA_ENOMEM.
 */
FA_API fa_status fa_compare_load(fa_comparison **out,
                                 const char *before_path,
                                 const char *after_path,
                                 fa_error *err);

/** How a metric moved. */
typedef enum fa_change {
    FA_CHANGE_IMPROVED = 1,  /**< towards the metric's ideal */
    FA_CHANGE_WORSENED = 2,  /**< away from it */
    FA_CHANGE_UNCHANGED = 3, /**< equal within FA_COMPARE_EPSILON */
    FA_CHANGE_NEUTRAL = 4,   /**< the metric has no better direction (e.g. a count) */
    FA_CHANGE_UNDEFINED = 5  /**< a side is undefined or absent */
} fa_change;

/** Differences smaller than this count as unchanged. */
#define FA_COMPARE_EPSILON 1e-12

/** One compared metric (strings borrowed from the comparison). */
typedef struct fa_compare_row {
    const char *scope;       /**< "overall", "disparity", "group", "vs_reference" */
    const char *attribute;   /**< NULL for overall */
    const char *group;       /**< NULL unless scope is group or vs_reference */
    const char *metric;      /**< JSON key, e.g. "demographic_parity_difference" */
    double before, after;    /**< NaN when undefined or absent */
    double change;           /**< after - before (NaN if either is NaN) */
    const char *before_note; /**< why before is NaN ("absent" or the report's reason) */
    const char *after_note;
    int before_ci_known, after_ci_known;
    double before_ci[2], after_ci[2];
    const char *better; /**< "lower", "higher", "closer_to_ideal", or NULL (neutral) */
    double ideal;       /**< the ideal value for "closer_to_ideal" (NaN otherwise) */
    fa_change verdict;
} fa_compare_row;

FA_API size_t fa_compare_n_rows(const fa_comparison *c);
/** Row @p i (0 <= i < fa_compare_n_rows()). */
FA_API void fa_compare_get_row(const fa_comparison *c, size_t i, fa_compare_row *out);

/** Output forms of a comparison. */
typedef enum fa_compare_format {
    FA_COMPARE_TEXT = 0,    /**< aligned table for terminals */
    FA_COMPARE_JSON = 1,    /**< docs/format/compare.md */
    FA_COMPARE_MARKDOWN = 2 /**< a Markdown table */
} fa_compare_format;

/**
 * Renders the comparison.
 * @param[out] text_out NUL-terminated text; free with fa_compare_text_free().
 * @return FA_OK, FA_EINVAL, FA_ENOMEM.
 */
FA_API fa_status fa_compare_render(const fa_comparison *c,
                                   fa_compare_format format,
                                   char **text_out,
                                   size_t *len_out,
                                   fa_error *err);
FA_API void fa_compare_text_free(char *text);
/**
 * Renders the comparison and writes it to @p path atomically.
 * @return FA_OK, FA_EINVAL, FA_EIO, FA_ENOMEM.
 */
FA_API fa_status fa_compare_write(const fa_comparison *c,
                                  fa_compare_format format,
                                  const char *path,
                                  fa_error *err);
FA_API void fa_comparison_free(fa_comparison *c);

/* ===========================================================================
 * Trade-off sweep
 * ======================================================================== */

/** What the sweep varies. */
typedef enum fa_sweep_method {
    FA_SWEEP_REWEIGH = 1,     /**< reweighing mix in [0, 1] */
    FA_SWEEP_ADVERSARIAL = 2, /**< adversary weight A >= 0 */
    FA_SWEEP_THRESHOLDS = 3   /**< fair-threshold bound */
} fa_sweep_method;

/**
 * Audits one point: must write OUT_DIR/audit.json for the predictions CSV
 * at @p predictions (columns: score, decision, the label, the protected
 * columns; as `fairaudit predict` writes). The CLI's callback runs
 * fa_audit_run() and fa_report_write_json() (audit.h, report.h).
 */
typedef fa_status (*fa_sweep_audit_fn)(void *payload,
                                       const char *predictions,
                                       const char *out_dir,
                                       fa_error *err);

/** Options of fa_sweep_run(). Initialise with FA_SWEEP_OPTIONS_INIT. */
typedef struct fa_sweep_options {
    unsigned version; /**< FA_SWEEP_OPTIONS_VERSION */
    fa_sweep_method method;
    const double *values; /**< strengths, n_values >= 1 */
    size_t n_values;
    fa_mitigate_options mitigate; /**< protected columns, adversary settings */
    fa_fit_options fit;           /**< the model trained at every point */
    fa_fairness target;           /**< thresholds: dp/eo/air */
    int favorable;                /**< favourable decision value (thresholds air) */
    const char *metric;           /**< audit.json disparity key; NULL: from the method */
    const char *out_dir;          /**< created if missing */
    fa_sweep_audit_fn audit;      /**< required */
    void *audit_payload;
    fa_log_fn log; /**< one line per point; NULL = silent */
    void *log_payload;
} fa_sweep_options;

#define FA_SWEEP_OPTIONS_VERSION 1
#define FA_SWEEP_OPTIONS_INIT                                                                      \
    {                                                                                              \
        FA_SWEEP_OPTIONS_VERSION, FA_SWEEP_REWEIGH, NULL, 0, FA_MITIGATE_OPTIONS_INIT,             \
            FA_FIT_OPTIONS_INIT, FA_FAIRNESS_DP, 1, NULL, NULL, NULL, NULL, NULL, NULL             \
    }

/** Sets @p opts to FA_SWEEP_OPTIONS_INIT. */
FA_API void fa_sweep_options_init(fa_sweep_options *opts);

/**
 * Runs the sweep: a baseline point (no mitigation), then one point per value
 * (a model trained on @p train, or thresholds fitted on the baseline model's
 * scores of @p train), each scored on @p test and audited into
 * OUT_DIR/point-NN/ (model.json or thresholds.json, predictions.csv,
 * audit.json). Writes OUT_DIR/sweep.json (every point's strength, accuracy,
 * disparity with its interval, frontier membership; docs/format/sweep.md)
 * and OUT_DIR/sweep.csv.
 * @return FA_OK, FA_EINVAL (bad options or values), FA_EIO, the statuses of
 *         training and of the audit callback, FA_ENOMEM.
 */
FA_API fa_status fa_sweep_run(const fa_table *train,
                              const fa_table *test,
                              const fa_sweep_options *opts,
                              fa_error *err);

FA_END_DECLS

#endif /* FAIRAUDIT_MITIGATE_H */
