/*
 * gate_catalog.c — the audit.json metric keys a policy rule may name.
 *
 * The keys are the JSON contract of `fairaudit audit` (docs/format/audit.md):
 * per-group comparisons with the reference group (`vs_reference`), per-group
 * metrics (`metrics`) and per-attribute disparities (`disparities`). The
 * parity value says what "no disparity" is: 0 for a difference, 1 for a ratio;
 * the gate uses it to decide what "worse" means for a two-sided bound.
 */
#include <math.h>
#include <string.h>

#include "gate_internal.h"

#define NO_PARITY    false, 0.0
#define PARITY_DIFF  true, 0.0
#define PARITY_RATIO true, 1.0
#define INF          ((double)INFINITY)

static const fa_gate_metric_def metric_table[] = {
    /* groups[].vs_reference */
    {"adverse_impact_ratio", FA_GATE_LEVEL_VS_REFERENCE, 0, PARITY_RATIO, 0, INF},
    {"selection_rate_difference", FA_GATE_LEVEL_VS_REFERENCE, 1, PARITY_DIFF, -1, 1},
    {"tpr_difference", FA_GATE_LEVEL_VS_REFERENCE, 2, PARITY_DIFF, -1, 1},
    {"fpr_difference", FA_GATE_LEVEL_VS_REFERENCE, 3, PARITY_DIFF, -1, 1},
    {"smd", FA_GATE_LEVEL_VS_REFERENCE, 4, PARITY_DIFF, -INF, INF},
    {"shortfall", FA_GATE_LEVEL_VS_REFERENCE, 5, PARITY_DIFF, -INF, INF},
    {"p_value", FA_GATE_LEVEL_VS_REFERENCE, 6, NO_PARITY, 0, 1},
    {"p_value_adjusted", FA_GATE_LEVEL_VS_REFERENCE, 7, NO_PARITY, 0, 1},
    /* groups[].metrics */
    {"selection_rate", FA_GATE_LEVEL_GROUP, 0, NO_PARITY, 0, 1},
    {"tpr", FA_GATE_LEVEL_GROUP, 1, NO_PARITY, 0, 1},
    {"fpr", FA_GATE_LEVEL_GROUP, 2, NO_PARITY, 0, 1},
    {"tnr", FA_GATE_LEVEL_GROUP, 3, NO_PARITY, 0, 1},
    {"fnr", FA_GATE_LEVEL_GROUP, 4, NO_PARITY, 0, 1},
    {"ppv", FA_GATE_LEVEL_GROUP, 5, NO_PARITY, 0, 1},
    {"npv", FA_GATE_LEVEL_GROUP, 6, NO_PARITY, 0, 1},
    {"fdr", FA_GATE_LEVEL_GROUP, 7, NO_PARITY, 0, 1},
    {"for", FA_GATE_LEVEL_GROUP, 8, NO_PARITY, 0, 1},
    {"accuracy", FA_GATE_LEVEL_GROUP, 9, NO_PARITY, 0, 1},
    {"base_rate", FA_GATE_LEVEL_GROUP, 10, NO_PARITY, 0, 1},
    {"mean_score", FA_GATE_LEVEL_GROUP, 11, NO_PARITY, -INF, INF},
    {"brier", FA_GATE_LEVEL_GROUP, 12, NO_PARITY, 0, 1},
    {"log_loss", FA_GATE_LEVEL_GROUP, 13, NO_PARITY, 0, INF},
    {"auc", FA_GATE_LEVEL_GROUP, 14, NO_PARITY, 0, 1},
    {"ks", FA_GATE_LEVEL_GROUP, 15, NO_PARITY, 0, 1},
    {"ece", FA_GATE_LEVEL_GROUP, 16, NO_PARITY, 0, 1},
    /* disparities */
    {"demographic_parity_difference", FA_GATE_LEVEL_ATTRIBUTE, 0, PARITY_DIFF, 0, 1},
    {"demographic_parity_ratio", FA_GATE_LEVEL_ATTRIBUTE, 1, PARITY_RATIO, 0, 1},
    {"equalized_odds_difference", FA_GATE_LEVEL_ATTRIBUTE, 2, PARITY_DIFF, 0, 1},
    {"equalized_odds_ratio", FA_GATE_LEVEL_ATTRIBUTE, 3, PARITY_RATIO, 0, 1},
    {"equal_opportunity_difference", FA_GATE_LEVEL_ATTRIBUTE, 4, PARITY_DIFF, 0, 1},
    {"statistical_parity_difference", FA_GATE_LEVEL_ATTRIBUTE, 5, PARITY_DIFF, -1, 1},
    {"disparate_impact", FA_GATE_LEVEL_ATTRIBUTE, 6, PARITY_RATIO, 0, INF},
    {"equal_opportunity_difference_vs_reference", FA_GATE_LEVEL_ATTRIBUTE, 7, PARITY_DIFF, -1, 1},
    {"average_odds_difference", FA_GATE_LEVEL_ATTRIBUTE, 8, PARITY_DIFF, -1, 1},
    {"average_abs_odds_difference", FA_GATE_LEVEL_ATTRIBUTE, 9, PARITY_DIFF, 0, 1},
    {"theil_index", FA_GATE_LEVEL_ATTRIBUTE, 10, PARITY_DIFF, 0, INF},
    {"generalized_entropy_index", FA_GATE_LEVEL_ATTRIBUTE, 11, PARITY_DIFF, 0, INF},
    {"between_group_theil_index", FA_GATE_LEVEL_ATTRIBUTE, 12, PARITY_DIFF, 0, INF},
    {"calibration_gap", FA_GATE_LEVEL_ATTRIBUTE, 13, PARITY_DIFF, 0, 1},
};

#define N_METRICS (sizeof metric_table / sizeof metric_table[0])

_Static_assert(N_METRICS ==
                   FA_GATE_N_VS_REFERENCE + FA_GATE_N_GROUP_METRICS + FA_GATE_N_DISPARITIES,
               "catalogue size and slot counts disagree");

const fa_gate_metric_def *fa_gate__metric_find(const char *key)
{
    size_t i;

    if (key == NULL)
        return NULL;
    for (i = 0; i < N_METRICS; i++)
        if (strcmp(metric_table[i].key, key) == 0)
            return &metric_table[i];
    return NULL;
}

const fa_gate_metric_def *fa_gate__metric_all(size_t *n_out)
{
    *n_out = N_METRICS;
    return metric_table;
}

const char *fa_gate__metric_key(fa_gate_level level, size_t slot)
{
    size_t i;

    for (i = 0; i < N_METRICS; i++)
        if (metric_table[i].level == level && metric_table[i].slot == slot)
            return metric_table[i].key;
    return "?";
}

bool fa_gate__parse_outcome(const char *s, fa_verdict *out)
{
    if (s == NULL)
        return false;
    if (strcmp(s, "pass") == 0)
        *out = FA_VERDICT_PASS;
    else if (strcmp(s, "warn") == 0)
        *out = FA_VERDICT_WARN;
    else if (strcmp(s, "fail") == 0)
        *out = FA_VERDICT_FAIL;
    else
        return false;
    return true;
}

const char *fa_verdict_name(fa_verdict v)
{
    switch (v) {
    case FA_VERDICT_PASS:
        return "pass";
    case FA_VERDICT_WARN:
        return "warn";
    case FA_VERDICT_FAIL:
        return "fail";
    case FA_VERDICT_INCONCLUSIVE:
        return "inconclusive";
    }
    return "?";
}
