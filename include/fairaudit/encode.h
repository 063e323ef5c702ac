/**
 * @file encode.h
 * The feature encoder: turns an fa_table into a dense row-major matrix.
 *
 * An encoder is fitted once, on the training table, and then applied to any
 * table that has the same columns (training, validation, a later audit file
 * loaded with another spec). It follows the spec's roles:
 *
 *  - NUMERIC feature columns are standardised, x' = (x - mean) / std, with
 *    the mean and the population standard deviation (divisor n) of the
 *    fitting table. A constant column gets std = 1 (so it becomes x - mean,
 *    0 on the fitting data, instead of a division by zero).
 *  - CATEGORICAL feature columns are one-hot encoded over the levels present
 *    in the fitting rows: one output column per level, no level dropped,
 *    ordered by level name (byte order), so the layout does not depend on the
 *    order of rows in the file. When a column has more than max_levels
 *    levels, the max_levels most frequent (ties: by name) keep their own
 *    column and the rest share one "other" column (`name=(other)`), placed
 *    last in the block.
 *  - PROTECTED, LABEL, WEIGHT and IGNORE columns are never features.
 *
 * Fit statistics are unweighted even when the table has sample weights (as
 * sklearn's StandardScaler without sample_weight): standardisation only
 * conditions the optimisation, and unweighted statistics keep the encoder
 * independent of a reweighing mitigation applied later.
 *
 * At transform time columns are matched BY NAME, and categories by their
 * text: a table loaded from another file has its own code order. A category
 * not seen in fit gives an all-zero block for that column (also when the
 * column has an "other" column, which only holds categories that were seen
 * in fit but not kept) and is counted in fa_encode_stats.
 *
 * Output features are laid out in the order of the fitting spec's columns;
 * fa_encoder_feature_name() names them: "age", "workclass=Private".
 *
 * Thread safety: a fitted encoder is immutable; it may be shared between
 * threads, and fa_encoder_transform() may run concurrently on it.
 */
#ifndef FAIRAUDIT_ENCODE_H
#define FAIRAUDIT_ENCODE_H

#include "fairaudit/collective.h"
#include "fairaudit/common.h"
#include "fairaudit/data.h"
#include "fairaudit/error.h"

FA_BEGIN_DECLS

typedef struct fa_encoder fa_encoder;

#define FA_ENCODER_DEFAULT_STANDARDIZE 1
/** Default level cap per categorical column. Large enough for every real
 *  categorical column we have met (adult's native-country has 42 levels);
 *  it exists to keep an identifier mistakenly declared categorical from
 *  producing a million-column matrix. */
#define FA_ENCODER_DEFAULT_MAX_LEVELS 1000u

/** Options for fa_encoder_fit(). Initialise with FA_ENCODER_OPTIONS_INIT. */
typedef struct fa_encoder_options {
    unsigned version;  /**< FA_ENCODER_OPTIONS_VERSION */
    int standardize;   /**< non-zero: standardise numeric columns; 0: pass them through
                            unchanged (mean 0, std 1 are recorded). Default 1. */
    size_t max_levels; /**< one-hot columns per categorical column before the rest go to
                            an "other" column; 0 = no limit. Default 1000. */
    /** Processes that each hold part of the rows (fairaudit/collective.h): the encoder is
     *  fitted on all of them, identically on every process. NULL = this table only. */
    const fa_collective *collective;
} fa_encoder_options;

#define FA_ENCODER_OPTIONS_VERSION 1
#define FA_ENCODER_OPTIONS_INIT                                                                    \
    { FA_ENCODER_OPTIONS_VERSION, FA_ENCODER_DEFAULT_STANDARDIZE, FA_ENCODER_DEFAULT_MAX_LEVELS, \
      NULL }

/** Sets @p opts to the defaults (same as FA_ENCODER_OPTIONS_INIT). */
FA_API void fa_encoder_options_init(fa_encoder_options *opts);

/** Validates options. @return FA_OK, or FA_EINVAL (NULL, unknown version). */
FA_API fa_status fa_encoder_options_check(const fa_encoder_options *opts, fa_error *err);

/**
 * Fits an encoder on table @p t (its spec says which columns are features).
 * @param[out] out the encoder, free with fa_encoder_free(); NULL on failure.
 * @param opts options; NULL means the defaults.
 * @return FA_OK, FA_EINVAL (bad options, NULL table), FA_ESCHEMA (the spec has
 *         no feature column), FA_EDATA (the table has no rows, or a numeric
 *         feature holds NaN or an infinity), FA_ENOMEM.
 */
FA_API fa_status fa_encoder_fit(fa_encoder **out, const fa_table *t,
                                const fa_encoder_options *opts, fa_error *err);

/** Frees an encoder. NULL is allowed. */
FA_API void fa_encoder_free(fa_encoder *e);

/** Number of output features (matrix columns). */
FA_API size_t fa_encoder_n_features(const fa_encoder *e);

/**
 * Name of output feature @p j: the column name for a numeric feature,
 * "column=level" for a one-hot feature, "column=(other)" for an "other"
 * column. NULL when j is out of range. Borrowed, valid until fa_encoder_free().
 */
FA_API const char *fa_encoder_feature_name(const fa_encoder *e, size_t j);

/** Name of the input column feature @p j comes from (NULL when out of range). */
FA_API const char *fa_encoder_feature_column(const fa_encoder *e, size_t j);

/** Number of input columns the encoder uses (numeric + categorical features). */
FA_API size_t fa_encoder_n_columns(const fa_encoder *e);
/** Name of input column @p i (in fit order); NULL when out of range. */
FA_API const char *fa_encoder_column_name(const fa_encoder *e, size_t i);

/**
 * The centre and scale of numeric input column @p i: x' = (x - mean) / std.
 * @return 1 and fills *mean_out, *std_out (either may be NULL) for a numeric
 *         column; 0 for a categorical column or i out of range.
 */
FA_API int fa_encoder_column_scaling(const fa_encoder *e, size_t i, double *mean_out,
                                     double *std_out);

/** Counters filled by fa_encoder_transform(). */
typedef struct fa_encode_stats {
    uint64_t rows;              /**< rows encoded */
    uint64_t unseen_categories; /**< cells with a category not seen in fit (all-zero block) */
    uint64_t other_categories;  /**< cells encoded in an "other" column */
    uint64_t missing_categories; /**< cells with a missing category (code -1, possible only
                                      when the column is protected in the transformed
                                      table's spec); all-zero block */
} fa_encode_stats;

/**
 * Encodes every row of @p t into @p X: n_rows x n_features, row-major, row i
 * starting at X + i * ld. Every one of the n_features entries of every row is
 * written; entries beyond n_features in a row are left untouched.
 * Columns are found by name; a numeric feature must be stored as numbers in
 * @p t (role NUMERIC or WEIGHT in its spec), a categorical one as categories
 * (CATEGORICAL, PROTECTED or LABEL).
 * @param ld leading dimension, >= fa_encoder_n_features(e).
 * @param stats counters (overwritten; may be NULL).
 * @return FA_OK, FA_EINVAL (NULL arguments, ld too small), FA_ESCHEMA (a column
 *         the encoder needs is missing from @p t or has the other type),
 *         FA_EDATA (a numeric value is NaN or infinite), FA_ENOMEM.
 *         On failure the content of X is unspecified.
 */
FA_API fa_status fa_encoder_transform(const fa_encoder *e, const fa_table *t, double *X, size_t ld,
                                      fa_encode_stats *stats, fa_error *err);

FA_END_DECLS

#endif /* FAIRAUDIT_ENCODE_H */
