/*
 * metric_table.c — THE table of attribute-level disparities: JSON key, the library function
 * it reproduces, which direction is better and the ideal value. Adding a disparity means one
 * row here, one function in disparity.c, a section in docs/metrics.md and a fixture test.
 * Gate thresholds (a later issue) will sit beside these rows as named constants.
 */
#include "metrics/metrics.h"

/* Ideal values: differences and indices are 0 at parity, ratios 1. */
#define FA_IDEAL_DIFFERENCE 0.0
#define FA_IDEAL_RATIO      1.0

static const fa_disparity_def table[FA_D_COUNT] = {
    {FA_D_DEMOGRAPHIC_PARITY_DIFF, "demographic_parity_difference",
     "fairlearn 0.9 demographic_parity_difference", FA_BETTER_LOWER, FA_IDEAL_DIFFERENCE,
     fa_disp_dp_difference},
    {FA_D_DEMOGRAPHIC_PARITY_RATIO, "demographic_parity_ratio",
     "fairlearn 0.9 demographic_parity_ratio", FA_BETTER_HIGHER, FA_IDEAL_RATIO, fa_disp_dp_ratio},
    {FA_D_EQUALIZED_ODDS_DIFF, "equalized_odds_difference",
     "fairlearn 0.9 equalized_odds_difference", FA_BETTER_LOWER, FA_IDEAL_DIFFERENCE,
     fa_disp_eo_difference},
    {FA_D_EQUALIZED_ODDS_RATIO, "equalized_odds_ratio", "fairlearn 0.9 equalized_odds_ratio",
     FA_BETTER_HIGHER, FA_IDEAL_RATIO, fa_disp_eo_ratio},
    {FA_D_EQUAL_OPPORTUNITY_DIFF, "equal_opportunity_difference",
     "fairlearn 0.9 true_positive_rate_difference (equal_opportunity_difference since 0.11)",
     FA_BETTER_LOWER, FA_IDEAL_DIFFERENCE, fa_disp_eop_difference},
    {FA_D_STATISTICAL_PARITY_DIFF, "statistical_parity_difference",
     "AIF360 0.6.1 ClassificationMetric.statistical_parity_difference", FA_BETTER_CLOSER,
     FA_IDEAL_DIFFERENCE, fa_disp_sp_difference},
    {FA_D_DISPARATE_IMPACT, "disparate_impact", "AIF360 0.6.1 ClassificationMetric.disparate_impact",
     FA_BETTER_CLOSER, FA_IDEAL_RATIO, fa_disp_disparate_impact},
    {FA_D_EQUAL_OPPORTUNITY_DIFF_VS_REF, "equal_opportunity_difference_vs_reference",
     "AIF360 0.6.1 ClassificationMetric.equal_opportunity_difference", FA_BETTER_CLOSER,
     FA_IDEAL_DIFFERENCE, fa_disp_eop_difference_vs_ref},
    {FA_D_AVERAGE_ODDS_DIFF, "average_odds_difference",
     "AIF360 0.6.1 ClassificationMetric.average_odds_difference", FA_BETTER_CLOSER,
     FA_IDEAL_DIFFERENCE, fa_disp_average_odds},
    {FA_D_AVERAGE_ABS_ODDS_DIFF, "average_abs_odds_difference",
     "AIF360 0.6.1 ClassificationMetric.average_abs_odds_difference", FA_BETTER_LOWER,
     FA_IDEAL_DIFFERENCE, fa_disp_average_abs_odds},
    {FA_D_THEIL_INDEX, "theil_index", "AIF360 0.6.1 ClassificationMetric.theil_index",
     FA_BETTER_LOWER, FA_IDEAL_DIFFERENCE, fa_disp_theil},
    {FA_D_GENERALIZED_ENTROPY_INDEX, "generalized_entropy_index",
     "AIF360 0.6.1 ClassificationMetric.generalized_entropy_index(alpha=2)", FA_BETTER_LOWER,
     FA_IDEAL_DIFFERENCE, fa_disp_ge2},
    {FA_D_BETWEEN_GROUP_THEIL_INDEX, "between_group_theil_index",
     "AIF360 0.6.1 ClassificationMetric.between_group_theil_index", FA_BETTER_LOWER,
     FA_IDEAL_DIFFERENCE, fa_disp_between_group_theil},
    {FA_D_BETWEEN_ALL_GROUPS_THEIL_INDEX, "between_all_groups_theil_index",
     "AIF360 0.6.1 _between_group_generalized_entropy_index(alpha=1) over every group",
     FA_BETTER_LOWER, FA_IDEAL_DIFFERENCE, fa_disp_between_all_groups_theil},
    {FA_D_CALIBRATION_GAP, "calibration_gap", "fairaudit: max - min of group ECE",
     FA_BETTER_LOWER, FA_IDEAL_DIFFERENCE, fa_disp_calibration_gap},
};

const fa_disparity_def *fa_disparity_table(void)
{
    return table;
}
