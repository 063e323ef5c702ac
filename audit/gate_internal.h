/*
 * audit/gate_internal.h — private types of the policy, the audit document
 * model and the gate (not installed; white-box tests include it).
 *
 * The gate knows the audit.json metric keys through one catalogue
 * (gate_catalog.c): each key has a *level* saying where its value lives in
 * audit.json, and, when it has one, its parity value (0 for differences, 1
 * for ratios) which defines "worse" for two-sided bounds.
 */
#ifndef FA_AUDIT_GATE_INTERNAL_H
#define FA_AUDIT_GATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fairaudit/gate.h"

#include "common/internal.h"

/* ---- metric catalogue --------------------------------------------------- */

typedef enum fa_gate_level {
    FA_GATE_LEVEL_VS_REFERENCE =
        0,                      /* groups[].vs_reference.<key>, one check per non-reference group */
    FA_GATE_LEVEL_GROUP = 1,    /* groups[].metrics.<key>, one check per group */
    FA_GATE_LEVEL_ATTRIBUTE = 2 /* disparities.<key>, one check per attribute */
} fa_gate_level;

typedef struct fa_gate_metric_def {
    const char *key; /* as in audit.json */
    fa_gate_level level;
    size_t slot; /* index within its level's value array */
    bool has_parity;
    double parity; /* the value of perfect parity (0 or 1) */
    double lo, hi; /* the values the metric can take (bounds outside are typos) */
} fa_gate_metric_def;

#define FA_GATE_N_VS_REFERENCE  8
#define FA_GATE_N_GROUP_METRICS 17
#define FA_GATE_N_DISPARITIES   14

/* Looks a metric key up; NULL when unknown. */
const fa_gate_metric_def *fa_gate__metric_find(const char *key);
/* All metrics, in catalogue order (for messages listing the known keys). */
const fa_gate_metric_def *fa_gate__metric_all(size_t *n_out);
/* Key of slot @p slot at @p level. */
const char *fa_gate__metric_key(fa_gate_level level, size_t slot);

/* ---- policy ------------------------------------------------------------- */

typedef enum fa_rule_scope {
    FA_SCOPE_EVERY = 0,         /* every single-column attribute (the default) */
    FA_SCOPE_INTERSECTIONS = 1, /* every multi-column attribute */
    FA_SCOPE_ALL = 2,           /* both */
    FA_SCOPE_LIST = 3           /* the attributes named in targets[] */
} fa_rule_scope;

/* One named target: an attribute name, or an intersection by its columns. */
typedef struct fa_rule_target {
    char *name;     /* attribute name; NULL when given as columns */
    char **columns; /* n_columns column names (intersection), else NULL */
    size_t n_columns;
} fa_rule_target;

typedef struct fa_policy_rule {
    char *id;
    char *description; /* may be NULL */
    const fa_gate_metric_def *metric;
    fa_rule_scope scope;
    fa_rule_target *targets;
    size_t n_targets;
    double min, max;         /* NaN = none; at least one is set */
    double tolerance;        /* NaN = no baseline comparison */
    fa_verdict severity;     /* FAIL or WARN */
    fa_verdict inconclusive; /* PASS, WARN or FAIL */
    uint64_t min_group_size;
    uint32_t line, column; /* where the rule starts in the policy file */
} fa_policy_rule;

struct fa_policy {
    char *name;
    char *description; /* may be NULL */
    char *path;        /* name given at load time */
    uint64_t min_group_size;
    fa_verdict inconclusive;      /* PASS, WARN or FAIL */
    fa_verdict baseline_mismatch; /* PASS, WARN or FAIL */
    fa_policy_rule *rules;
    size_t n_rules;
    char fingerprint[65];
};

/* Verdict names used in policy files for outcomes: "pass", "warn", "fail". */
bool fa_gate__parse_outcome(const char *s, fa_verdict *out);

/* ---- audit document ----------------------------------------------------- */

typedef struct fa_adoc_value {
    bool present;        /* the key exists in the document */
    double value;        /* NaN when null */
    double ci_lo, ci_hi; /* NaN when no ci */
    char *reason;        /* why it is null (may be NULL) */
} fa_adoc_value;

typedef struct fa_adoc_group {
    char *value; /* display string */
    uint64_t n;
    bool is_reference;
    fa_adoc_value vs[FA_GATE_N_VS_REFERENCE];
    fa_adoc_value metrics[FA_GATE_N_GROUP_METRICS];
} fa_adoc_group;

typedef struct fa_adoc_attr {
    char *name;
    char **columns;
    size_t n_columns;
    char *reference; /* may be NULL */
    fa_adoc_group *groups;
    size_t n_groups;
    fa_adoc_value disp[FA_GATE_N_DISPARITIES];
} fa_adoc_attr;

struct fa_audit_doc {
    char *name;
    char *schema_version; /* as written */
    unsigned schema_major;
    bool readable; /* schema_major == FA_GATE_AUDIT_SCHEMA_MAJOR; else header only */
    fa_adoc_attr *attrs;
    size_t n_attrs;
    char fingerprint[65];
};

/* ---- gate result -------------------------------------------------------- */

struct fa_gate_result {
    fa_gate_entry *entries;
    size_t n_entries, cap_entries;
    char **messages;
    size_t n_messages, cap_messages;
    char *policy_name;
    char *policy_fingerprint;
    char *baseline_name;    /* NULL = no baseline */
    bool baseline_compared; /* the baseline was usable (same schema major) */
    /* Strings owned by the result (entries point into these). */
    char **strings;
    size_t n_strings, cap_strings;
};

#endif /* FA_AUDIT_GATE_INTERNAL_H */
