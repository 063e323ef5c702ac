/*
 * report_catalog.c — display names and definitions of every audit.json
 * metric key, for the report's tables and its "Definitions" section.
 *
 * The order of each table follows the FA_RM_ / FA_RV_ / FA_RD_ enums in
 * report_doc.h (the order of the audit contract). The formulas are the ones
 * docs/metrics.md gives; "favourable" means the decision the audit calls
 * favourable (`favorable` in audit.json), "positive" the favourable label.
 */
#include "report_doc.h"

static const fa_rmetric_def group_defs[FA_RM_COUNT] = {
    {"selection_rate", "Selection rate",
     "Share of the group that receives the favourable decision.", "(TP + FP) / n", NULL},
    {"tpr", "TPR", "True positive rate: share of truly positive cases decided favourably.",
     "TP / (TP + FN)", NULL},
    {"fpr", "FPR", "False positive rate: share of truly negative cases decided favourably.",
     "FP / (FP + TN)", NULL},
    {"tnr", "TNR", "True negative rate (specificity).", "TN / (FP + TN)", NULL},
    {"fnr", "FNR", "False negative rate: positive cases decided unfavourably.", "FN / (TP + FN)",
     NULL},
    {"ppv", "PPV", "Positive predictive value (precision): favourable decisions that were right.",
     "TP / (TP + FP)", NULL},
    {"npv", "NPV", "Negative predictive value: unfavourable decisions that were right.",
     "TN / (TN + FN)", NULL},
    {"fdr", "FDR", "False discovery rate.", "FP / (TP + FP)", NULL},
    {"for", "FOR", "False omission rate.", "FN / (TN + FN)", NULL},
    {"accuracy", "Accuracy", "Share of decisions that match the label.", "(TP + TN) / n", NULL},
    {"base_rate", "Base rate", "Share of the group whose label is positive.", "(TP + FN) / n",
     NULL},
    {"mean_score", "Mean score", "Weighted mean of the model score.", "sum(w*s) / sum(w)", NULL},
    {"brier", "Brier score", "Mean squared difference between score and label (lower is better).",
     "mean((s - y)^2)", NULL},
    {"log_loss", "Log-loss", "Mean negative log-likelihood of the labels under the scores.",
     "-mean(y log s + (1 - y) log(1 - s))", NULL},
    {"auc", "ROC AUC",
     "Probability that a random positive case scores above a random negative one.",
     "P(s+ > s-) + P(s+ = s-)/2", NULL},
    {"ks", "KS",
     "Kolmogorov-Smirnov statistic: largest gap between the score distributions "
     "of positive and negative cases.",
     "max |F+(t) - F-(t)|", NULL},
    {"ece", "ECE",
     "Expected calibration error: bin-weighted mean gap between mean score and observed "
     "positive rate.",
     "sum_b (n_b / n) |mean_score_b - positive_rate_b|", NULL},
};

static const fa_rmetric_def vs_defs[FA_RV_COUNT] = {
    {"adverse_impact_ratio", "Adverse impact ratio",
     "Group selection rate divided by the reference group's; below 0.8 fails the four-fifths "
     "rule.",
     "SR_g / SR_ref",
     "US Uniform Guidelines on Employee Selection Procedures (1978), 29 CFR 1607.4(D)"},
    {"selection_rate_difference", "Selection-rate difference",
     "Group selection rate minus the reference group's.", "SR_g - SR_ref", NULL},
    {"tpr_difference", "TPR difference", "Group TPR minus the reference group's.",
     "TPR_g - TPR_ref", NULL},
    {"fpr_difference", "FPR difference", "Group FPR minus the reference group's.",
     "FPR_g - FPR_ref", NULL},
    {"smd", "SMD",
     "Standardized mean difference of scores between the group and the reference group "
     "(pooled standard deviation; docs/metrics.md gives the exact pooling).",
     "(mean_g - mean_ref) / s_pooled", NULL},
    {"shortfall", "Shortfall",
     "Favourable decisions the group would need to reach the reference group's selection "
     "rate.",
     "max(0, SR_ref * W_g - (TP_g + FP_g))", NULL},
    {"p_value", "p-value",
     "Two-sided test of equal selection rates with the reference group (two-proportion z test; "
     "Fisher's exact test for small counts).",
     NULL, NULL},
    {"p_value_adjusted", "Adjusted p-value",
     "The p-value after Holm's step-down adjustment across the attribute's groups.", NULL, NULL},
};

static const fa_rmetric_def disp_defs[FA_RD_COUNT] = {
    {"demographic_parity_difference", "Demographic parity difference",
     "Largest minus smallest group selection rate.", "max_g SR_g - min_g SR_g", "fairlearn"},
    {"demographic_parity_ratio", "Demographic parity ratio",
     "Smallest over largest group selection rate.", "min_g SR_g / max_g SR_g", "fairlearn"},
    {"equalized_odds_difference", "Equalized odds difference",
     "The larger of the TPR spread and the FPR spread across groups.",
     "max(max-min TPR, max-min FPR)", "fairlearn"},
    {"equalized_odds_ratio", "Equalized odds ratio",
     "The smaller of the min/max ratios of TPR and of FPR across groups.",
     "min(min/max TPR, min/max FPR)", "fairlearn"},
    {"equal_opportunity_difference", "Equal opportunity difference",
     "Largest minus smallest group TPR.", "max_g TPR_g - min_g TPR_g", "fairlearn"},
    {"statistical_parity_difference", "Statistical parity difference",
     "Selection rate of all other groups pooled minus that of the reference group.",
     "SR_unpriv - SR_priv", "AIF360"},
    {"disparate_impact", "Disparate impact",
     "Selection rate of all other groups pooled over that of the reference group.",
     "SR_unpriv / SR_priv", "AIF360"},
    {"equal_opportunity_difference_vs_reference", "Equal opportunity difference (vs reference)",
     "TPR of all other groups pooled minus that of the reference group.", "TPR_unpriv - TPR_priv",
     "AIF360"},
    {"average_odds_difference", "Average odds difference",
     "Mean of the FPR difference and the TPR difference (other groups pooled minus "
     "reference).",
     "((FPR_u - FPR_p) + (TPR_u - TPR_p)) / 2", "AIF360"},
    {"average_abs_odds_difference", "Average absolute odds difference",
     "Mean of the absolute FPR and TPR differences.", "(|FPR_u - FPR_p| + |TPR_u - TPR_p|) / 2",
     "AIF360"},
    {"theil_index", "Theil index",
     "Inequality of individual benefits b = 1 + decision - label (b = 1 for a correct "
     "decision, 2 for a false positive, 0 for a false negative); generalized entropy with "
     "alpha = 1.",
     "mean((b/mu) ln(b/mu))", "AIF360"},
    {"generalized_entropy_index", "Generalized entropy index",
     "Inequality of individual benefits with alpha = 2.", "mean((b/mu)^2 - 1) / 2", "AIF360"},
    {"between_group_theil_index", "Between-group Theil index",
     "Theil index after replacing each benefit by the mean of its side: the reference group "
     "or all other groups pooled.",
     "(1/n) sum_G n_G (b_G/mu) ln(b_G/mu)", "AIF360"},
    {"between_all_groups_theil_index", "Between-all-groups Theil index",
     "Theil index after replacing each benefit by the mean of its group, over every group "
     "(AIF360's all-groups variant).",
     "(1/n) sum_g n_g (b_g/mu) ln(b_g/mu)", "AIF360"},
    {"calibration_gap", "Calibration gap", "Largest minus smallest group ECE.",
     "max_g ECE_g - min_g ECE_g", NULL},
};

const fa_rmetric_def *fa_rcatalog(fa_rlevel level, size_t *n_out)
{
    switch (level) {
    case FA_RLEVEL_GROUP:
        *n_out = FA_RM_COUNT;
        return group_defs;
    case FA_RLEVEL_VS_REFERENCE:
        *n_out = FA_RV_COUNT;
        return vs_defs;
    case FA_RLEVEL_DISPARITY:
        *n_out = FA_RD_COUNT;
        return disp_defs;
    }
    *n_out = 0;
    return NULL;
}
