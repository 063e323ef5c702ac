/*
 * Disparities on the fixture of mtest.h (reference = A):
 *   SR  A 1/2  B 3/5  C 0        TPR A 2/3  B 1/2  C undefined     FPR A 1/3  B 2/3  C 0
 *   B and C pooled (AIF360's unprivileged): TP=1 FP=2 TN=4 FN=1 -> SR 3/8, TPR 1/2, FPR 1/3
 *   all rows: TP=3 FP=3 TN=6 FN=2 -> benefits: nine 1s, three 2s, two 0s; mean 15/14
 */
#include "mtest.h"

static void groups_of(const fa_acc *a, size_t n, fa_disp_group *dg, fa_summary *s)
{
    size_t g;

    for (g = 0; g < n; g++) {
        mt_summary(a, (uint32_t)g, 1, false, &s[g]);
        fa_summary_confusion(&s[g], 1, &dg[g].conf);
        dg[g].ece = fa_ece(&s[g]);
    }
}

Test(metrics_disparity, fairlearn_and_aif360_forms)
{
    fa_acc *a = mt_build(mt_fixture, MT_FIXTURE_N, 3, false, FA_EXACT_SCORES_DEFAULT, 0);
    fa_disp_group dg[3];
    fa_summary s[3];
    fa_value d[FA_D_COUNT];
    fa_disp_input in = {3, dg, 0};
    int g;

    groups_of(a, 3, dg, s);
    fa_disparities(&in, d);
    ASSERT_VALUE(d[FA_D_DEMOGRAPHIC_PARITY_DIFF], 3.0 / 5.0);
    ASSERT_VALUE(d[FA_D_DEMOGRAPHIC_PARITY_RATIO], 0.0);
    /* TPR of C is undefined and skipped (pandas skipna); FPR spread 2/3 dominates */
    ASSERT_VALUE(d[FA_D_EQUAL_OPPORTUNITY_DIFF], 2.0 / 3.0 - 1.0 / 2.0);
    ASSERT_VALUE(d[FA_D_EQUALIZED_ODDS_DIFF], 2.0 / 3.0);
    ASSERT_VALUE(d[FA_D_EQUALIZED_ODDS_RATIO], 0.0);
    ASSERT_VALUE(d[FA_D_STATISTICAL_PARITY_DIFF], 3.0 / 8.0 - 1.0 / 2.0);
    ASSERT_VALUE(d[FA_D_DISPARATE_IMPACT], (3.0 / 8.0) / (1.0 / 2.0));
    ASSERT_VALUE(d[FA_D_EQUAL_OPPORTUNITY_DIFF_VS_REF], 1.0 / 2.0 - 2.0 / 3.0);
    ASSERT_VALUE(d[FA_D_AVERAGE_ODDS_DIFF], 0.5 * ((1.0 / 3.0 - 1.0 / 3.0) + (1.0 / 2.0 - 2.0 / 3.0)));
    ASSERT_VALUE(d[FA_D_AVERAGE_ABS_ODDS_DIFF], 0.5 * (0.0 + 1.0 / 6.0));
    for (g = 0; g < 3; g++)
        fa_summary_dispose(&s[g]);
    fa_acc_free(a);
}

Test(metrics_disparity, ratios_between_two_groups)
{
    fa_acc *a = mt_build(mt_fixture, MT_FIXTURE_N, 3, false, FA_EXACT_SCORES_DEFAULT, 0);
    fa_disp_group dg[3];
    fa_summary s[3];
    fa_disp_input in = {2, dg, 1}; /* A and B only, reference B */
    int g;

    groups_of(a, 3, dg, s);
    ASSERT_VALUE(fa_disp_dp_ratio(&in), (1.0 / 2.0) / (3.0 / 5.0));
    ASSERT_VALUE(fa_disp_eo_ratio(&in), 0.5); /* min(TPR 1/2 / 2/3 = 3/4, FPR 1/3 / 2/3) */
    ASSERT_VALUE(fa_disp_sp_difference(&in), 1.0 / 2.0 - 3.0 / 5.0); /* A - B */
    ASSERT_VALUE(fa_disp_disparate_impact(&in), (1.0 / 2.0) / (3.0 / 5.0));
    for (g = 0; g < 3; g++)
        fa_summary_dispose(&s[g]);
    fa_acc_free(a);
}

/* The indices computed per individual, the way AIF360 does with numpy. */
static double ge_rows(const double *b, size_t n, int alpha)
{
    double mu = 0, acc = 0;
    size_t i;

    for (i = 0; i < n; i++)
        mu += b[i] / (double)n;
    for (i = 0; i < n; i++) {
        double r = b[i] / mu;
        acc += alpha == 1 ? (b[i] > 0 ? r * log(r) : 0.0) : (r * r - 1.0) / 2.0;
    }
    return acc / (double)n;
}

Test(metrics_disparity, inequality_indices_match_per_row_definitions)
{
    fa_acc *a = mt_build(mt_fixture, MT_FIXTURE_N, 3, false, FA_EXACT_SCORES_DEFAULT, 0);
    fa_disp_group dg[3];
    fa_summary s[3];
    fa_disp_input in = {3, dg, 0};
    double b[MT_FIXTURE_N], bg2[MT_FIXTURE_N], bga[MT_FIXTURE_N], mean_g[3] = {0, 0, 0};
    double mean_a = 0, mean_rest = 0;
    size_t i, cnt[3] = {0, 0, 0};
    int g;

    for (i = 0; i < MT_FIXTURE_N; i++) {
        const trow *r = &mt_fixture[i];
        b[i] = 1.0 + r->d - r->y; /* favourable value 1 */
        mean_g[r->cell] += b[i];
        cnt[r->cell]++;
    }
    mean_a = mean_g[0] / cnt[0];
    mean_rest = (mean_g[1] + mean_g[2]) / (cnt[1] + cnt[2]);
    for (i = 0; i < MT_FIXTURE_N; i++) {
        int c = mt_fixture[i].cell;
        bg2[i] = c == 0 ? mean_a : mean_rest;
        bga[i] = mean_g[c] / cnt[c];
    }
    groups_of(a, 3, dg, s);
    ASSERT_VALUE(fa_disp_theil(&in), ge_rows(b, MT_FIXTURE_N, 1));
    ASSERT_VALUE(fa_disp_ge2(&in), ge_rows(b, MT_FIXTURE_N, 2));
    ASSERT_VALUE(fa_disp_ge2(&in), 69.0 / 450.0);
    ASSERT_VALUE(fa_disp_between_group_theil(&in), ge_rows(bg2, MT_FIXTURE_N, 1));
    ASSERT_VALUE(fa_disp_between_all_groups_theil(&in), ge_rows(bga, MT_FIXTURE_N, 1));
    cr_assert(fa_disp_between_group_theil(&in).v > 0);
    for (g = 0; g < 3; g++)
        fa_summary_dispose(&s[g]);
    fa_acc_free(a);
}

Test(metrics_disparity, calibration_gap_is_the_spread_of_ece)
{
    fa_acc *a = mt_build(mt_fixture, MT_FIXTURE_N, 3, false, FA_EXACT_SCORES_DEFAULT, 0);
    fa_disp_group dg[3];
    fa_summary s[3];
    fa_disp_input in = {3, dg, 0};
    double e[3], lo, hi;
    int g;

    groups_of(a, 3, dg, s);
    for (g = 0; g < 3; g++)
        e[g] = dg[g].ece.v;
    /* C: bins of 0.06, 0.17, 0.26, all label 0 */
    FA_ASSERT_NEAR(e[2], (0.06 + 0.17 + 0.26) / 3.0, MT_TOL);
    lo = fmin(e[0], fmin(e[1], e[2]));
    hi = fmax(e[0], fmax(e[1], e[2]));
    ASSERT_VALUE(fa_disp_calibration_gap(&in), hi - lo);
    for (g = 0; g < 3; g++)
        fa_summary_dispose(&s[g]);
    fa_acc_free(a);
}

Test(metrics_disparity, undefined_cases_carry_reasons)
{
    fa_acc *a = mt_build(mt_fixture, MT_FIXTURE_N, 3, false, FA_EXACT_SCORES_DEFAULT, 0);
    fa_disp_group dg[3];
    fa_summary s[3];
    fa_value d[FA_D_COUNT];
    fa_disp_input one = {1, dg, 0};
    fa_disp_input ref_c = {3, dg, 2}; /* reference C selects nobody */
    int g, k;

    groups_of(a, 3, dg, s);
    fa_disparities(&one, d);
    for (k = 0; k < FA_D_COUNT; k++)
        if (k != FA_D_THEIL_INDEX && k != FA_D_GENERALIZED_ENTROPY_INDEX)
            ASSERT_UNDEF(d[k]);
    ASSERT_UNDEF(fa_disp_disparate_impact(&ref_c));
    ASSERT_UNDEF(fa_disp_eop_difference_vs_ref(&ref_c)); /* C has no label-1 rows */
    ASSERT_VALUE(fa_disp_sp_difference(&ref_c), 6.0 / 11.0); /* A and B pooled: 6 of 11 */
    {
        /* a group of false negatives only: mean benefit 0 */
        fa_disp_group fn = {{0, 0, 0, 4, 0, 0, 0, 4}, {0, NULL}};
        fa_disp_input in = {1, &fn, 0};
        ASSERT_UNDEF(fa_disp_theil(&in));
    }
    for (g = 0; g < 3; g++)
        fa_summary_dispose(&s[g]);
    fa_acc_free(a);
}

Test(metrics_disparity, table_is_complete_and_ordered)
{
    const fa_disparity_def *t = fa_disparity_table();
    int k;

    for (k = 0; k < FA_D_COUNT; k++) {
        cr_assert_eq((int)t[k].id, k);
        cr_assert(t[k].key != NULL && t[k].fn != NULL && t[k].source != NULL);
    }
    cr_assert_str_eq(t[FA_D_DEMOGRAPHIC_PARITY_DIFF].key, "demographic_parity_difference");
    cr_assert_str_eq(t[FA_D_CALIBRATION_GAP].key, "calibration_gap");
}
