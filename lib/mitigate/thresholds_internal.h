/*
 * lib/mitigate/thresholds_internal.h — the fa_thresholds object (internal;
 * shared by thresholds.c (fitting, deciding), thresholds_io.c (the file)
 * and thresholds_input.c (predictions CSV and tables)).
 *
 * A group's rule is a step function of the score:
 *     P(decision = 1 | score) = steps[k].p for the first k with
 *                               score >= steps[k].min_score, else p_below,
 * with the steps in strictly decreasing min_score. A plain threshold t is
 * {p_below = 0, steps = [(t, 1)]}; "always" and "never" have no steps.
 */
#ifndef FA_LIB_MITIGATE_THRESHOLDS_INTERNAL_H
#define FA_LIB_MITIGATE_THRESHOLDS_INTERNAL_H

#include "fairaudit/mitigate.h"

#include "common/internal.h"

/** A rule mixes at most two thresholds with a constant (equalized odds). */
#define FA_TH_MAX_STEPS 3
/** Most protected columns a group may combine. */
#define FA_TH_MAX_COLUMNS 8

typedef struct fa_th_step {
    double min_score;
    double p;
} fa_th_step;

/** What a rule gives on the rows it was fitted on (expected values). */
typedef struct fa_th_fit {
    double weight, positives, negatives;
    double selection_rate, tpr, fpr, accuracy;
} fa_th_fit;

typedef struct fa_th_rule {
    double p_below;
    size_t n_steps;
    fa_th_step steps[FA_TH_MAX_STEPS];
    fa_th_fit fit; /* all NaN when unknown */
} fa_th_rule;

struct fa_thresholds {
    fa_fairness target;
    double bound;
    int favorable;
    uint64_t seed;
    size_t n_cols;
    char **cols; /* n_cols */
    size_t n_groups;
    char **values;     /* n_groups x n_cols */
    fa_th_rule *rules; /* n_groups */
    fa_thresholds_summary summary;
    double base_threshold;
    char *created_by;
    char *source;      /* predictions file fitted on, or NULL */
    char *fingerprint; /* its SHA-256, or NULL */
    uint64_t rows_skipped;
};

/** Rows of a fit, as arrays (borrowed). */
typedef struct fa_th_data {
    const double *scores;
    const uint8_t *labels;
    const double *weights; /* NULL = 1 */
    const size_t *groups;  /* (size_t)-1 = no group: skipped */
    size_t n;
} fa_th_data;

/**
 * Allocates an empty fa_thresholds for the given columns and groups (copied).
 * @return FA_OK or FA_ENOMEM.
 */
fa_status fa_th_new(fa_thresholds **out,
                    const char *const *columns,
                    size_t n_cols,
                    const char *const *group_values,
                    size_t n_groups,
                    fa_error *err);

/** P(decision = 1 | score) under @p r. */
double fa_th_rule_probability(const fa_th_rule *r, double score);

/** Checks a rule read from a file: steps decreasing, p in [0, 1], finite. */
bool fa_th_rule_valid(const fa_th_rule *r);

/** Whether a rule gives some score a probability strictly between 0 and 1. */
bool fa_th_rule_randomized(const fa_th_rule *r);

#endif /* FA_LIB_MITIGATE_THRESHOLDS_INTERNAL_H */
