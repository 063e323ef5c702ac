/*
 * audit/audit_internal.h — the audit result's layout, shared with reports/ (internal; the
 * public API sees fa_audit_result as opaque, include/fairaudit/audit.h).
 *
 * Every number in here was computed by metrics/ from the accumulators; reports only print.
 */
#ifndef FA_AUDIT_AUDIT_INTERNAL_H
#define FA_AUDIT_AUDIT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "fairaudit/audit.h"
#include "metrics/metrics.h"

typedef enum fa_group_status {
    FA_GROUP_OK = 0,
    FA_GROUP_INSUFFICIENT = 1 /* fewer rows than min_group_size */
} fa_group_status;

typedef struct fa_audit_group {
    char *display;        /* "Male", or "Male & White" for an intersection */
    char **values;        /* one per column of the attribute */
    uint64_t n;
    double weight;
    fa_group_status status;
    bool is_reference;
    fa_confusion conf;
    fa_value metrics[FA_GM_COUNT];
    fa_cal_row *cal;      /* n_cal rows */
    bool has_vs;          /* false for the reference group and for "overall" */
    fa_vsref vs;
    fa_sweep_point *sweep; /* FA_SWEEP_STEPS + 1 */
    bool has_ci;          /* bootstrap intervals below (attribute groups, --bootstrap > 0) */
    fa_boot_group_ci ci;  /* metrics[m] for fa_gmetric_bootstrapped(m); vs[] when has_vs */
} fa_audit_group;

typedef struct fa_audit_attr {
    char *name;            /* "sex" or "sex&race" */
    size_t n_columns;
    const char **columns;  /* borrowed from the result's protected_columns */
    size_t n_groups;
    fa_audit_group *groups;
    size_t ref;
    bool ref_explicit;     /* chosen by --reference rather than by size */
    uint64_t unknown_n;    /* rows with a missing value in one of the columns */
    double unknown_w;
    fa_value disp[FA_D_COUNT];
    bool has_ci;
    fa_boot_ci ci[FA_D_COUNT];
} fa_audit_attr;

struct fa_audit_result {
    /* settings, echoed into reports */
    char *path;
    char *label_column, *score_column, *decision_column, *weight_column;
    size_t n_protected;
    char **protected_columns;
    char *label_values[2]; /* NULL when numeric */
    double threshold;      /* NaN when a decision column or thresholds are used */
    int per_group_thresholds; /* decisions from fa_audit_options.thresholds */
    int favorable;
    unsigned bootstrap;
    uint64_t seed;
    double ci_level;
    uint64_t min_group_size;
    size_t max_groups;
    bool intersections;
    bool weighted;
    double score_min, score_max;
    bool probabilities;
    unsigned n_cal;
    char **missing_values;
    size_t n_missing_values;

    /* input */
    uint64_t rows_read, rows_used, skipped_label, skipped_score;
    uint64_t dropped_by_spec; /* model mode: rows the spec's loader dropped */
    char *model_path;         /* model mode: the model file, else NULL */
    char fingerprint[65]; /* empty when not computed */

    /* score distributions */
    bool dist_exact;
    uint32_t hist_bins;

    /* figures */
    fa_audit_group overall;
    size_t n_attrs;
    fa_audit_attr *attrs;
};

#endif /* FA_AUDIT_AUDIT_INTERNAL_H */
