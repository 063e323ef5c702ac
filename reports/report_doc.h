/*
 * reports/report_doc.h — the audit document as the report renderers see it
 * (internal).
 *
 * report_doc.c reads a parsed audit.json (lib/serialize/json_read.h) into
 * these typed structs once, checking types and reporting problems with their
 * location, so the renderers (report_content*.c, gnuplot.c) never touch JSON.
 * Keys of the audit contract (docs/format/report.md, "What the report
 * reads") that are required give FA_ESCHEMA when missing; optional keys
 * (confidence intervals, sweeps, histograms, gate, model card, mitigation)
 * are simply absent, and the sections or charts that need them are left out.
 *
 * Ownership: every string is borrowed from the JSON document, which the
 * fa_rdoc owns; arrays are owned by the fa_rdoc. Free with fa_rdoc_free().
 * Numbers that are null or absent are NaN, with `present`/`reason` telling
 * which.
 */
#ifndef FA_REPORTS_REPORT_DOC_H
#define FA_REPORTS_REPORT_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "common/internal.h"
#include "serialize/json_read.h"

/* Highest audit.json schema_version major this build renders. */
#define FA_RDOC_SCHEMA_MAJOR 1

/* ---- metric catalogue (report_catalog.c) --------------------------------- */

typedef enum fa_rlevel {
    FA_RLEVEL_GROUP = 0,        /* groups[].metrics.<key> */
    FA_RLEVEL_VS_REFERENCE = 1, /* groups[].vs_reference.<key> */
    FA_RLEVEL_DISPARITY = 2     /* disparities.<key> */
} fa_rlevel;

/* Group metrics, in the order of the audit contract. */
enum {
    FA_RM_SELECTION_RATE,
    FA_RM_TPR,
    FA_RM_FPR,
    FA_RM_TNR,
    FA_RM_FNR,
    FA_RM_PPV,
    FA_RM_NPV,
    FA_RM_FDR,
    FA_RM_FOR,
    FA_RM_ACCURACY,
    FA_RM_BASE_RATE,
    FA_RM_MEAN_SCORE,
    FA_RM_BRIER,
    FA_RM_LOG_LOSS,
    FA_RM_AUC,
    FA_RM_KS,
    FA_RM_ECE,
    FA_RM_COUNT
};
/* Comparisons with the reference group. */
enum {
    FA_RV_AIR,
    FA_RV_SEL_DIFF,
    FA_RV_TPR_DIFF,
    FA_RV_FPR_DIFF,
    FA_RV_SMD,
    FA_RV_SHORTFALL,
    FA_RV_P,
    FA_RV_P_ADJ,
    FA_RV_COUNT
};
/* Attribute-level disparities. */
enum {
    FA_RD_DP_DIFF,
    FA_RD_DP_RATIO,
    FA_RD_EO_DIFF,
    FA_RD_EO_RATIO,
    FA_RD_EOPP_DIFF,
    FA_RD_SPD,
    FA_RD_DI,
    FA_RD_EOPP_DIFF_REF,
    FA_RD_AOD,
    FA_RD_AAOD,
    FA_RD_THEIL,
    FA_RD_GEI,
    FA_RD_BG_THEIL,
    FA_RD_BAG_THEIL,
    FA_RD_CAL_GAP,
    FA_RD_COUNT
};

typedef struct fa_rmetric_def {
    const char *key;        /* as in audit.json */
    const char *label;      /* short display name */
    const char *definition; /* one sentence, plain text */
    const char *formula;    /* plain text */
    const char *source;     /* where the definition comes from (may be NULL) */
} fa_rmetric_def;

/* The definitions at @p level, in enum order; their number in *n_out. */
const fa_rmetric_def *fa_rcatalog(fa_rlevel level, size_t *n_out);

/* ---- values -------------------------------------------------------------- */

typedef struct fa_rval {
    bool present;       /* the key exists in the document */
    double v;           /* NaN when null or absent */
    double lo, hi;      /* confidence interval; NaN when none */
    const char *reason; /* why it is null (may be NULL) */
    const char *source; /* disparities: the document's "source" (may be NULL) */
} fa_rval;

static inline bool fa_rval_defined(const fa_rval *x)
{
    return x->present && !isnan(x->v);
}
static inline bool fa_rval_has_ci(const fa_rval *x)
{
    return !isnan(x->lo) && !isnan(x->hi);
}

typedef struct fa_rcal_bin {
    double lo, hi, n, mean_score, positive_rate; /* NaN when null */
} fa_rcal_bin;

typedef struct fa_rhist_bin {
    double lo, hi, n, positives;
} fa_rhist_bin;

typedef struct fa_rsweep {
    size_t n;                           /* points; 0 = no sweep in the document */
    const double *threshold;            /* n thresholds (owned by the document model) */
    double *selection_rate, *tpr, *fpr; /* n each (NULL when absent); NaN when null */
} fa_rsweep;

typedef struct fa_rgroup {
    const char *value; /* display string */
    double n;          /* rows */
    double weight;     /* NaN when absent */
    bool insufficient; /* status "insufficient_data": under min_group_size */
    bool is_reference;
    bool has_confusion;
    double tp, fp, tn, fn;
    fa_rval metrics[FA_RM_COUNT];
    fa_rval vs[FA_RV_COUNT];
    bool has_vs; /* vs_reference present */
    fa_rcal_bin *cal;
    size_t n_cal;
    fa_rhist_bin *hist;
    size_t n_hist;
    fa_rsweep sweep;
    double *own_thresholds; /* a group's own sweep thresholds, if it has some */
} fa_rgroup;

typedef struct fa_rattr {
    const char *name;
    const char **columns;
    size_t n_columns;
    const char *reference; /* NULL when the document names none */
    double unknown;        /* rows with a missing value; NaN when not reported */
    fa_rgroup *groups;
    size_t n_groups;
    fa_rval disp[FA_RD_COUNT];
    const fa_json_node *disparities; /* the raw object (for keys this build does not know) */
} fa_rattr;

typedef struct fa_rgate_entry {
    const char *rule, *metric, *attribute, *group; /* group NULL for attribute level */
    const char *severity, *verdict, *outcome, *reason;
    double value, min, max, lo, hi, n, baseline, tolerance; /* NaN when absent/null */
} fa_rgate_entry;

typedef struct fa_rgate {
    bool present;
    bool passed;
    const char *policy_name, *policy_path, *policy_fingerprint;
    const char *baseline; /* baseline audit path, NULL = none */
    fa_rgate_entry *entries;
    size_t n_entries;
    const char **messages;
    size_t n_messages;
} fa_rgate;

typedef struct fa_rdoc {
    fa_json_doc *json;
    const char *name;           /* file name as given */
    const char *schema_version; /* as written */
    const char *tool_name, *tool_version;
    const char *generated_at;     /* may be NULL */
    const char *run_by;           /* extension: who ran the audit (may be NULL) */
    const char *seed;             /* settings.seed as written */
    double bootstrap_n, ci_level; /* NaN when not stated */
    const char *ci_method, *p_value_test;
    const char *input_path, *input_fingerprint; /* "sha256:<hex>" */
    double rows_read, rows_used, rows_skipped;
    const char *model_path; /* input.model (model mode) */
    const char *col_label, *col_score, *col_decision, *col_weight;
    const char **protected_cols; /* input.columns.protected */
    size_t n_protected;
    const char *decision_mode;   /* "threshold" or "column" (may be NULL) */
    double threshold;            /* NaN when decisions came from a column */
    const char *favorable;       /* text of the favourable value (label string when
                                    input.label_values is given) */
    int higher_is_favorable;     /* 1, 0, -1 = not stated */
    double score_min, score_max; /* declared score range; NaN when not stated */
    int probabilities;           /* score.probabilities: 1, 0, -1 = not stated */
    double min_group_size;       /* NaN when not stated */
    double cal_bins;             /* calibration.bins; NaN when not stated */
    double *sweep_thresholds;    /* sweep.thresholds (owned); NULL when absent */
    size_t n_sweep;
    fa_rgroup overall;
    bool has_overall;
    fa_rattr *attrs;
    size_t n_attrs;
    fa_rgate gate;
    const fa_json_node *model_card; /* extension; NULL when absent */
    const fa_json_node *mitigation; /* extension; NULL when absent */
    char fingerprint[65];           /* sha256 of the document bytes */
} fa_rdoc;

/* Parses @p len bytes of audit JSON; @p name locates errors. */
fa_status
fa_rdoc_parse(fa_rdoc **out, const char *text, size_t len, const char *name, fa_error *err);
fa_status fa_rdoc_load(fa_rdoc **out, const char *path, fa_error *err);
void fa_rdoc_free(fa_rdoc *doc);

/* The group of @p a whose value equals @p value; NULL when none. */
const fa_rgroup *fa_rattr_group(const fa_rattr *a, const char *value);
/* The attribute of @p d named @p name; NULL when none. */
const fa_rattr *fa_rdoc_attr(const fa_rdoc *d, const char *name);

#endif /* FA_REPORTS_REPORT_DOC_H */
