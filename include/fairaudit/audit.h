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
/** Most threads fa_audit_run() uses. */
#define FA_AUDIT_MAX_THREADS            256u
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
    /** Threads for fa_audit_run() (0 = one per online CPU). The input is read in blocks cut
     *  at line ends; threads parse blocks and their rows are added to the accumulators in
     *  input order, so every figure (confidence intervals included) is bit-identical for
     *  any number of threads. Memory grows by about 2 MB per thread. */
    unsigned threads;
} fa_audit_options;

#define FA_AUDIT_OPTIONS_VERSION 1
#define FA_AUDIT_OPTIONS_INIT                                                                     \
    {FA_AUDIT_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, 0, FA_AUDIT_DEFAULT_THRESHOLD, 1,   \
     NULL, NULL, 0, 0, FA_AUDIT_DEFAULT_BOOTSTRAP, 0, FA_AUDIT_DEFAULT_CI_LEVEL,                  \
     FA_AUDIT_DEFAULT_MIN_GROUP_SIZE, FA_AUDIT_DEFAULT_MAX_GROUPS, 0.0, 1.0,                      \
     FA_AUDIT_DEFAULT_CAL_BINS, NULL, 0, ',', 1, NULL, NULL, NULL, 0}

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

/* ---------------------------------------------------------------------------
 * Partial audits: one shard's accumulated state, merged later (docs/scale.md)
 * ------------------------------------------------------------------------ */

/**
 * The accumulated state of an audit of one shard of the input: per finest group cell the
 * confusion counts, score moments, calibration sums and score distribution, plus row
 * counts and the settings. Partials of shards merge (fa_audit_partial_merge) into exactly
 * the state one pass over all the shards would have, so fa_audit_partial_result() of the
 * merge is the audit of the whole input: every figure bit-identical for unweighted audits
 * (weighted sums of doubles are regrouped by a merge and may differ in the last bits).
 * Stored as JSON, docs/format/partial.md. Not thread-safe; an unmodified partial may be
 * read from several threads.
 */
typedef struct fa_audit_partial fa_audit_partial;

/**
 * As fa_audit_run(), stopping before the figures. A shard with no rows is allowed.
 * @param[out] out free with fa_audit_partial_free(); NULL on failure.
 * @return the statuses of fa_audit_run() (except FA_EDATA for "no rows").
 */
FA_API fa_status fa_audit_run_partial(const char *path, const fa_audit_options *opts,
                                      fa_audit_partial **out, fa_error *err);

/**
 * The partial of part @p index (0-based) of @p count of a regular file: the header is read
 * by every part, then the data after it is cut into @p count byte ranges and this part
 * takes the lines that start in range @p index. Used by MPI ranks. Only the fast path is
 * used: when the part holds anything it does not handle (quotes, lone CR line ends, a value
 * that is an error, too many groups), the result is FA_EUNSUPPORTED and the file must be
 * audited in one piece (fa_audit_run), which reports errors with their exact location.
 * No fingerprint is computed (see fa_file_sha256() and fa_audit_partial_set_input()).
 * @return FA_OK, FA_EUNSUPPORTED, FA_EINVAL (index >= count), and fa_audit_run()'s errors
 *   for the header and options.
 */
FA_API fa_status fa_audit_run_partial_split(const char *path, const fa_audit_options *opts,
                                            unsigned index, unsigned count,
                                            fa_audit_partial **out, fa_error *err);

/**
 * The partial of several predictions files read one after another, as one input: each file
 * has its own header (columns are found by name in each), and the result equals merging
 * the files' partials in the order given (fa_audit_partial_merge), so
 * fa_audit_partial_result() gives the audit of all their rows. With several files the
 * report names the first "(+N more inputs)" and has no fingerprint. Errors are located in
 * the file where they are. Per-group thresholds are refused (FA_EUNSUPPORTED), as for every
 * partial.
 * @param[out] out free with fa_audit_partial_free(); NULL on failure.
 * @return the statuses of fa_audit_run_partial() and fa_audit_partial_merge().
 */
FA_API fa_status fa_audit_run_partial_files(const char *const *paths, size_t n,
                                            const fa_audit_options *opts,
                                            fa_audit_partial **out, fa_error *err);

/**
 * Adds @p src into @p dst: cells are matched by their protected values. Merging the partials
 * of consecutive shards in input order gives what one pass over them would.
 * @return FA_OK; FA_EDATA (the settings differ — the message names the first differing
 *   setting — or the merge has more than max_groups groups); FA_ENOMEM. On failure @p dst
 *   must be discarded.
 */
FA_API fa_status fa_audit_partial_merge(fa_audit_partial *dst, const fa_audit_partial *src,
                                        fa_error *err);

/**
 * Parses the JSON text of a partial and merges it into @p dst without building a second
 * accumulator (lower memory than load + merge). @p name is used in error locations.
 * @return as fa_audit_partial_parse() and fa_audit_partial_merge().
 */
FA_API fa_status fa_audit_partial_merge_text(fa_audit_partial *dst, const char *text, size_t len,
                                             const char *name, fa_error *err);
/** As fa_audit_partial_merge_text() on a file (adds FA_EIO). */
FA_API fa_status fa_audit_partial_merge_file(fa_audit_partial *dst, const char *path,
                                             fa_error *err);

/**
 * The audit of a partial (all figures, intervals and tests, as fa_audit_run()).
 * @return FA_OK, FA_EDATA (no rows, reference value absent), FA_EINVAL, FA_ENOMEM.
 */
FA_API fa_status fa_audit_partial_result(const fa_audit_partial *p, fa_audit_result **out,
                                         fa_error *err);

/**
 * The partial as JSON text (docs/format/partial.md), NUL-terminated, allocated; free with
 * fa_audit_partial_json_free(). FA_OK, FA_EINVAL, FA_ENOMEM.
 */
FA_API fa_status fa_audit_partial_json(const fa_audit_partial *p, char **text_out,
                                       size_t *len_out, fa_error *err);
/** Frees text from fa_audit_partial_json(). NULL is allowed. */
FA_API void fa_audit_partial_json_free(char *text);
/** Writes the partial's JSON atomically to @p path. FA_OK, FA_EIO, FA_ENOMEM. */
FA_API fa_status fa_audit_partial_write(const fa_audit_partial *p, const char *path,
                                        fa_error *err);

/**
 * Reads a partial from JSON text. Errors are located `name:line:column`.
 * @return FA_OK; FA_EPARSE (not JSON); FA_EFORMAT (not a partial audit, an unknown
 *   format_version, or state that does not decode); FA_ESCHEMA (a missing or mistyped key);
 *   FA_EDATA; FA_ENOMEM.
 */
FA_API fa_status fa_audit_partial_parse(fa_audit_partial **out, const char *text, size_t len,
                                        const char *name, fa_error *err);
/** As fa_audit_partial_parse() on a file (adds FA_EIO). */
FA_API fa_status fa_audit_partial_load(fa_audit_partial **out, const char *path,
                                       fa_error *err);

/**
 * Sets what the report names as the input (@p path, NULL = keep) and its SHA-256 (64
 * lowercase hex digits; NULL = none). MPI uses it after merging the parts of one file.
 * FA_OK, FA_EINVAL, FA_ENOMEM.
 */
FA_API fa_status fa_audit_partial_set_input(fa_audit_partial *p, const char *path,
                                            const char *fingerprint, fa_error *err);

/** Rows read / used so far (NULL: 0). */
FA_API uint64_t fa_audit_partial_rows_read(const fa_audit_partial *p);
FA_API uint64_t fa_audit_partial_rows_used(const fa_audit_partial *p);
/** The input as the report will name it. Borrowed. */
FA_API const char *fa_audit_partial_path(const fa_audit_partial *p);

/** Frees a partial. NULL is allowed. */
FA_API void fa_audit_partial_free(fa_audit_partial *p);

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
