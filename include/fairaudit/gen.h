/**
 * @file gen.h
 * Synthetic credit-application data with a known, tunable bias.
 *
 * The generator is fairaudit's embedded default dataset: realistic applicant
 * records (income, debt-to-income, credit history, delinquencies, ...), two
 * protected attributes (sex, race), a region code that acts as a proxy for
 * race, and the recorded label `default` (1 = defaulted, the unfavourable
 * outcome). Because the data-generating process is known exactly, tests and
 * tutorials know the truth an audit should find:
 *
 *  - at bias 0 the default probability depends only on the financial
 *    features, which are drawn independently of sex and race, so every group
 *    has the same base rate up to sampling noise;
 *  - as bias grows, (a) repaid outcomes of disadvantaged groups are recorded
 *    as defaults with a probability proportional to bias (historical label
 *    bias) and (b) the recorded label depends on region, which correlates with
 *    race (a proxy a race-blind model still learns).
 *
 * The exact formulas, parameters and measured base rates are in
 * docs/datasets/credit.md. Output is deterministic: the same options give the
 * same rows and byte-identical CSV on every platform. Row i depends only on
 * (seed, i), so rows can be generated in any order or in parallel.
 *
 * Thread safety: every function is reentrant; nothing is shared.
 */
#ifndef FAIRAUDIT_GEN_H
#define FAIRAUDIT_GEN_H

#include "fairaudit/common.h"
#include "fairaudit/error.h"

FA_BEGIN_DECLS

/** Version of the data-generating model. Any change to the formulas,
 *  parameters or draw order that changes output bytes bumps it. */
#define FA_CREDIT_GEN_MODEL_VERSION 1u

#define FA_CREDIT_DEFAULT_ROWS 10000u /**< rows when not given */
#define FA_CREDIT_DEFAULT_SEED 42u    /**< seed when not given */
#define FA_CREDIT_DEFAULT_BIAS 0.0    /**< no injected bias */
#define FA_CREDIT_N_REGIONS    20u    /**< regions R01..R20 */

/** Options for the credit generator. Initialise with FA_CREDIT_GEN_OPTIONS_INIT. */
typedef struct fa_credit_gen_options {
    unsigned version; /**< FA_CREDIT_GEN_OPTIONS_VERSION */
    uint64_t rows;    /**< number of applicants, > 0 */
    uint64_t seed;    /**< any value; same seed = same data */
    double bias;      /**< injected bias strength in [0, 1] */
    int truth;        /**< non-zero: CSV gets `true_default_prob` and `true_default` columns */
    fa_log_fn log;    /**< progress sink for large outputs; NULL = silent */
    void *log_payload;
} fa_credit_gen_options;

#define FA_CREDIT_GEN_OPTIONS_VERSION 1
#define FA_CREDIT_GEN_OPTIONS_INIT                                                                 \
    { FA_CREDIT_GEN_OPTIONS_VERSION, FA_CREDIT_DEFAULT_ROWS, FA_CREDIT_DEFAULT_SEED,               \
      FA_CREDIT_DEFAULT_BIAS, 0, NULL, NULL }

/** Sets @p opts to the defaults (same as FA_CREDIT_GEN_OPTIONS_INIT). */
FA_API void fa_credit_gen_options_init(fa_credit_gen_options *opts);

/**
 * Validates options.
 * @return FA_OK, or FA_EINVAL with a readable reason (NULL options, unknown
 *         version, rows == 0, bias not a number within [0, 1]).
 */
FA_API fa_status fa_credit_gen_options_check(const fa_credit_gen_options *opts, fa_error *err);

/** Sex of an applicant, as written in the `sex` column. */
typedef enum fa_credit_sex {
    FA_CREDIT_SEX_MALE = 0,  /**< "Male" */
    FA_CREDIT_SEX_FEMALE = 1 /**< "Female" */
} fa_credit_sex;

/** Race of an applicant, as written in the `race` column. */
typedef enum fa_credit_race {
    FA_CREDIT_RACE_WHITE = 0,    /**< "White" */
    FA_CREDIT_RACE_BLACK = 1,    /**< "Black" */
    FA_CREDIT_RACE_HISPANIC = 2, /**< "Hispanic" */
    FA_CREDIT_RACE_ASIAN = 3,    /**< "Asian" */
    FA_CREDIT_RACE_OTHER = 4     /**< "Other" */
} fa_credit_race;

#define FA_CREDIT_N_RACES 5u

/** One applicant. Numeric fields hold exactly the value written to the CSV
 *  (already rounded), so results computed from a row match the file. */
typedef struct fa_credit_row {
    uint64_t id;                 /**< 1-based row number */
    double income;               /**< annual income, whole currency units */
    double debt_to_income;       /**< monthly debt payments / income, 4 decimals, [0, 1.5] */
    double credit_history_years; /**< age of the oldest account, 1 decimal */
    unsigned delinquencies;      /**< 30+ day late payments in the last 7 years */
    double utilization;          /**< revolving credit utilisation, 4 decimals, [0, 1] */
    double loan_amount;          /**< requested amount, whole currency units */
    double employment_years;     /**< years with the current employer, 1 decimal */
    unsigned age;                /**< years, 18..75 */
    fa_credit_sex sex;
    fa_credit_race race;
    unsigned region;             /**< 1..FA_CREDIT_N_REGIONS, written "R01".."R20" */
    int defaulted;               /**< the recorded label (`default` column): 1 = defaulted */
    int true_default;            /**< the outcome the same draw gives at bias 0 */
    double true_default_prob;    /**< unbiased P(default | financial features) */
    double recorded_default_prob; /**< P(defaulted = 1 | row) under the options' bias */
} fa_credit_row;

/** "Male" / "Female"; "?" for an out-of-range value. Static string. */
FA_API const char *fa_credit_sex_name(fa_credit_sex sex);
/** "White", "Black", ...; "?" for an out-of-range value. Static string. */
FA_API const char *fa_credit_race_name(fa_credit_race race);
/** "R01".."R20" for 1..FA_CREDIT_N_REGIONS; "?" otherwise. Static string. */
FA_API const char *fa_credit_region_name(unsigned region);

/**
 * Generates row @p index (0-based; its `id` is index + 1) of the data set
 * described by @p opts. Only seed and bias matter; rows need not be < index.
 * @return FA_OK, or FA_EINVAL for invalid options (see fa_credit_gen_options_check()).
 */
FA_API fa_status fa_credit_gen_row(const fa_credit_gen_options *opts, uint64_t index,
                                   fa_credit_row *out, fa_error *err);

/**
 * Row callback for fa_credit_gen_each(). The row is borrowed for the call.
 * Return FA_OK to continue; any other status stops generation and is
 * returned by fa_credit_gen_each().
 */
typedef fa_status (*fa_credit_row_fn)(const fa_credit_row *row, void *payload);

/**
 * Calls @p fn for rows 0 .. opts->rows - 1 in order.
 * @return FA_OK, FA_EINVAL (invalid options or NULL fn), or the status @p fn returned.
 */
FA_API fa_status fa_credit_gen_each(const fa_credit_gen_options *opts, fa_credit_row_fn fn,
                                    void *payload, fa_error *err);

/**
 * Writes the data set as CSV (header + opts->rows records, LF line ends) to
 * @p path, atomically: a temporary file in the same folder is renamed into
 * place on success, so a failure never leaves a partial or clobbered file.
 * @p path "-" writes standard output (not atomic, by nature).
 * Progress goes to opts->log for large outputs.
 * @return FA_OK, FA_EINVAL (invalid options), FA_EIO (cannot create, write or
 *         rename; err->sys_errno is set), FA_ENOMEM.
 */
FA_API fa_status fa_credit_gen_write(const fa_credit_gen_options *opts, const char *path,
                                     fa_error *err);

/**
 * As fa_credit_gen_write(), into memory.
 * @param[out] data_out the CSV text, NUL-terminated; free with fa_credit_gen_free_buffer().
 *             NULL on failure.
 * @param[out] len_out its length in bytes (excluding the NUL); may be NULL.
 * @return FA_OK, FA_EINVAL, FA_ENOMEM.
 */
FA_API fa_status fa_credit_gen_to_buffer(const fa_credit_gen_options *opts, char **data_out,
                                         size_t *len_out, fa_error *err);

/** Frees a buffer from fa_credit_gen_to_buffer(). NULL is allowed. */
FA_API void fa_credit_gen_free_buffer(char *data);

FA_END_DECLS

#endif /* FAIRAUDIT_GEN_H */
