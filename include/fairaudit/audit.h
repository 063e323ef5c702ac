/**
 * @file audit.h
 * Fairness audit of a classifier's predictions: one streaming pass over a predictions file
 * into mergeable per-group accumulators, then every metric, disparity, test and confidence
 * interval as a pure function of them (docs/metrics.md).
 *
 * Typical use:
 * @code
 *   fa_audit_options o = FA_AUDIT_OPTIONS_INIT;
 *   const char *prot[] = {"sex", "race"};
 *   o.label_column = "label"; o.score_column = "score";
 *   o.protected_columns = prot; o.n_protected = 2;
 *   fa_audit_result *res;
 *   if (fa_audit_run("preds.csv", &o, &res, &err) == FA_OK) {
 *       fa_report_write_json(res, "out/audit.json", NULL, &err);   // fairaudit/report.h
 *       fa_audit_result_free(res);
 *   }
 * @endcode
 *
 * Thread safety: a result is immutable once built and may be read from several threads.
 */
#ifndef FAIRAUDIT_AUDIT_H
#define FAIRAUDIT_AUDIT_H

#include "fairaudit/common.h"
#include "fairaudit/data.h"
#include "fairaudit/error.h"
#include "fairaudit/mitigate.h"

FA_BEGIN_DECLS

/** Decision threshold when no decision column is given: decision = (score >= 0.5). */
#define FA_AUDIT_DEFAULT_THRESHOLD      0.5
/** Bootstrap replicates for confidence intervals (0 = no intervals). */
#define FA_AUDIT_DEFAULT_BOOTSTRAP      200u
/** Confidence level of the bootstrap percentile intervals. */
#define FA_AUDIT_DEFAULT_CI_LEVEL       0.95
/** Groups with fewer rows are marked "insufficient_data" (reported, never dropped). The
 *  30-row convention is the usual floor for normal approximations of a rate. */
#define FA_AUDIT_DEFAULT_MIN_GROUP_SIZE 30u
/** Most distinct combinations of protected values (finest cells) an audit accepts; each
 *  costs a few KB of accumulators plus its share of the score histograms. */
#define FA_AUDIT_DEFAULT_MAX_GROUPS     1000u
/** Equal-width calibration bins over the score range (sklearn calibration_curve's 10). */
#define FA_AUDIT_DEFAULT_CAL_BINS       10u
/** Most calibration bins accepted. */
#define FA_AUDIT_MAX_CAL_BINS           1000u

/** Options for fa_audit_run(). Initialise with FA_AUDIT_OPTIONS_INIT. */
typedef struct fa_audit_options {
    unsigned version;                     /**< FA_AUDIT_OPTIONS_VERSION */
    const char *label_column;             /**< required: true label, 0/1 or label_values */
    const char *score_column;             /**< required: model score (higher = label 1) */
    const char *decision_column;          /**< NULL: decision = score >= threshold */
    const char *weight_column;            /**< NULL: every row weighs 1 */
    const char *const *protected_columns; /**< required, n_protected >= 1 */
    size_t n_protected;
    double threshold;                     /**< used when decision_column is NULL */
    int favorable;                        /**< favourable label/decision value: 0 or 1 */
    /** NULL: labels (and decisions) are numbers equal to 0 or 1. Otherwise the two strings
     *  that stand for 0 and 1, e.g. {"<=50K", ">50K"} (numbers 0/1 are still accepted in a
     *  decision column). */
    const char *const *label_values;
    const char *const *reference;         /**< "column=value" items; NULL = defaults */
    size_t n_reference;
    int intersections;                    /**< also every combination of >= 2 attributes */
    unsigned bootstrap;                   /**< replicates, 0 = no confidence intervals */
    uint64_t seed;                        /**< bootstrap seed (echoed in the report) */
    double ci_level;                      /**< in (0, 1) */
    uint64_t min_group_size;
    size_t max_groups;                    /**< limit on finest cells, >= 1 */
    double score_min, score_max;          /**< declared score range; scores outside are errors */
    unsigned calibration_bins;            /**< 1..FA_AUDIT_MAX_CAL_BINS */
    /** Extra protected-value tokens meaning "missing" (the empty or all-blank field always
     *  does). NULL/0: none. */
    const char *const *missing_values;
    size_t n_missing_values;
    char delimiter;                       /**< CSV field separator, default ',' */
    int fingerprint;                      /**< SHA-256 of the input bytes (default 1) */
    fa_log_fn log;                        /**< progress sink; NULL = silent */
    void *log_payload;
    /** Per-group decision rules (fairaudit/mitigate.h), or NULL. When set, the decision of
     *  data row i (0-based) is fa_thresholds_decide() for the group of the row's values in the
     *  thresholds' columns (which must be in the file); excludes decision_column. Borrowed. */
    const fa_thresholds *thresholds;
} fa_audit_options;

#define FA_AUDIT_OPTIONS_VERSION 1
#define FA_AUDIT_OPTIONS_INIT                                                                     \
    {FA_AUDIT_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, 0, FA_AUDIT_DEFAULT_THRESHOLD, 1,   \
     NULL, NULL, 0, 0, FA_AUDIT_DEFAULT_BOOTSTRAP, 0, FA_AUDIT_DEFAULT_CI_LEVEL,                  \
     FA_AUDIT_DEFAULT_MIN_GROUP_SIZE, FA_AUDIT_DEFAULT_MAX_GROUPS, 0.0, 1.0,                      \
     FA_AUDIT_DEFAULT_CAL_BINS, NULL, 0, ',', 1, NULL, NULL, NULL}

/** Sets *opts to FA_AUDIT_OPTIONS_INIT. */
FA_API void fa_audit_options_init(fa_audit_options *opts);

/** Result of an audit: immutable, owned by the caller, freed with fa_audit_result_free(). */
typedef struct fa_audit_result fa_audit_result;

/**
 * Audits the predictions file @p path ("-" = standard input) in one streaming pass.
 * Memory does not grow with the number of rows.
 *
 * @param[out] out the result; NULL on failure. Free with fa_audit_result_free().
 * @return FA_OK;
 *   FA_EINVAL (bad option, e.g. threshold outside the score range, unknown --reference);
 *   FA_EIO (cannot read the file);
 *   FA_EPARSE (CSV syntax, a score that is not a number, NaN/infinite score or weight);
 *   FA_ESCHEMA (a named column is missing, a record with the wrong number of fields);
 *   FA_EDATA (label/decision not 0/1 or the declared values, score outside the declared
 *     range, negative weight, no rows, more than max_groups groups, reference value absent);
 *   FA_ENOMEM.
 *   Input errors carry file, line and column in err->loc; no partial result is returned.
 */
FA_API fa_status fa_audit_run(const char *path, const fa_audit_options *opts,
                              fa_audit_result **out, fa_error *err);

/**
 * Audits rows already loaded through a dataset spec, with one score (probability of the
 * spec's positive class, in [0, 1]) per table row — e.g. from fa_model_predict_proba().
 * The label, weights and protected values come from the table and its spec:
 * opts->label_column, score_column, decision_column, weight_column, label_values and the
 * score range are ignored; decisions are score >= opts->threshold; opts->protected_columns
 * selects protected columns of the spec (NULL = all of them).
 * @param model_path echoed into the report as input.model (may be NULL).
 * @param[out] out the result; NULL on failure. Free with fa_audit_result_free().
 * @return FA_OK, FA_EINVAL (bad option, a column that is not protected in the spec),
 *         FA_EDATA (a score outside [0, 1], no rows, too many groups), FA_ENOMEM.
 */
FA_API fa_status fa_audit_run_table(const fa_table *t, const double *scores,
                                    const char *model_path, const fa_audit_options *opts,
                                    fa_audit_result **out, fa_error *err);

/** Frees a result. NULL is allowed. */
FA_API void fa_audit_result_free(fa_audit_result *res);

/** Rows read from the file (header excluded). */
FA_API uint64_t fa_audit_rows_read(const fa_audit_result *res);
/** Rows that entered the audit. */
FA_API uint64_t fa_audit_rows_used(const fa_audit_result *res);
/** Rows skipped because the label or the score was missing (empty or "NA"), or, for
 *  fa_audit_run_table(), dropped by the spec's loader. */
FA_API uint64_t fa_audit_rows_skipped(const fa_audit_result *res);

/** Attribute entries: each protected column, then (with intersections) the combinations. */
FA_API size_t fa_audit_n_attributes(const fa_audit_result *res);
/** Name of attribute entry @p i ("sex", or "sex&race" for an intersection); NULL if out of
 *  range. Borrowed, valid until the result is freed. */
FA_API const char *fa_audit_attribute_name(const fa_audit_result *res, size_t i);
/** Number of groups (known values) of attribute entry @p i. */
FA_API size_t fa_audit_n_groups(const fa_audit_result *res, size_t i);
/** Display value of group @p g of attribute @p i; NULL if out of range. Borrowed. */
FA_API const char *fa_audit_group_value(const fa_audit_result *res, size_t i, size_t g);

/**
 * A disparity of attribute entry @p i by JSON key (e.g. "demographic_parity_difference").
 * @param[out] value the value, NaN when undefined (may be NULL)
 * @param[out] reason why it is undefined, NULL when defined (static string; may be NULL)
 * @return FA_OK, FA_EINVAL (no such attribute or key).
 */
FA_API fa_status fa_audit_disparity(const fa_audit_result *res, size_t i, const char *key,
                                    double *value, const char **reason, fa_error *err);

FA_END_DECLS

#endif /* FAIRAUDIT_AUDIT_H */
