/*
 * Per-group metrics on a hand-computed fixture (mtest.h). With the favourable value 1:
 *   A: TP=2 FP=1 TN=2 FN=1 (6 rows)   B: TP=1 FP=2 TN=1 FN=1 (5 rows)   C: TN=3 (3 rows)
 * Expected values are written as fractions of those counts.
 */
#include "mtest.h"

Test(metrics_rates, confusion_rates_of_group_a)
{
    fa_acc *a = mt_build(mt_fixture, MT_FIXTURE_N, 3, false, FA_EXACT_SCORES_DEFAULT, 0);
    fa_summary s;
    fa_value m[FA_GM_COUNT];
    fa_confusion c;

    mt_summary(a, 0, 1, true, &s);
    fa_summary_confusion(&s, 1, &c);
    cr_assert(c.tp == 2 && c.fp == 1 && c.tn == 2 && c.fn == 1);
    cr_assert(c.ntp == 2 && c.nfp == 1 && c.ntn == 2 && c.nfn == 1);
    cr_assert_eq(s.rows, 6);
    fa_group_metrics(&s, 1, m);
    ASSERT_VALUE(m[FA_GM_SELECTION_RATE], 3.0 / 6.0);
    ASSERT_VALUE(m[FA_GM_TPR], 2.0 / 3.0);
    ASSERT_VALUE(m[FA_GM_FPR], 1.0 / 3.0);
    ASSERT_VALUE(m[FA_GM_TNR], 2.0 / 3.0);
    ASSERT_VALUE(m[FA_GM_FNR], 1.0 / 3.0);
    ASSERT_VALUE(m[FA_GM_PPV], 2.0 / 3.0);
    ASSERT_VALUE(m[FA_GM_NPV], 2.0 / 3.0);
    ASSERT_VALUE(m[FA_GM_FDR], 1.0 / 3.0);
    ASSERT_VALUE(m[FA_GM_FOR], 1.0 / 3.0);
    ASSERT_VALUE(m[FA_GM_ACCURACY], 4.0 / 6.0);
    ASSERT_VALUE(m[FA_GM_BASE_RATE], 3.0 / 6.0);
    fa_summary_dispose(&s);
    fa_acc_free(a);
}

Test(metrics_rates, favourable_zero_swaps_the_positive_class)
{
    fa_acc *a = mt_build(mt_fixture, MT_FIXTURE_N, 3, false, FA_EXACT_SCORES_DEFAULT, 0);
    fa_summary s;
    fa_value m[FA_GM_COUNT];
    fa_confusion c;

    /* B with favourable 0: TP = (y0,d0) = 1, FP = (y1,d0) = 1, TN = (y1,d1) = 1, FN = (y0,d1) = 2 */
    mt_summary(a, 1, 1, true, &s);
    fa_summary_confusion(&s, 0, &c);
    cr_assert(c.tp == 1 && c.fp == 1 && c.tn == 1 && c.fn == 2);
    fa_group_metrics(&s, 0, m);
    ASSERT_VALUE(m[FA_GM_SELECTION_RATE], 2.0 / 5.0); /* decisions equal to 0 */
    ASSERT_VALUE(m[FA_GM_TPR], 1.0 / 3.0);            /* P(d=0 | y=0) */
    ASSERT_VALUE(m[FA_GM_FPR], 1.0 / 2.0);            /* P(d=0 | y=1) */
    ASSERT_VALUE(m[FA_GM_BASE_RATE], 3.0 / 5.0);
    /* score metrics stay about label 1 */
    ASSERT_VALUE(m[FA_GM_MEAN_SCORE], (0.72 + 0.47 + 0.56 + 0.12 + 0.57) / 5.0);
    fa_summary_dispose(&s);
    fa_acc_free(a);
}

Test(metrics_rates, zero_denominators_are_undefined_with_reasons)
{
    fa_acc *a = mt_build(mt_fixture, MT_FIXTURE_N, 3, false, FA_EXACT_SCORES_DEFAULT, 0);
    fa_summary s;
    fa_value m[FA_GM_COUNT];

    mt_summary(a, 2, 1, true, &s); /* C: three true negatives */
    fa_group_metrics(&s, 1, m);
    ASSERT_VALUE(m[FA_GM_SELECTION_RATE], 0.0);
    ASSERT_UNDEF(m[FA_GM_TPR]);
    ASSERT_UNDEF(m[FA_GM_FNR]);
    ASSERT_UNDEF(m[FA_GM_PPV]);
    ASSERT_UNDEF(m[FA_GM_FDR]);
    ASSERT_VALUE(m[FA_GM_FPR], 0.0);
    ASSERT_VALUE(m[FA_GM_TNR], 1.0);
    ASSERT_VALUE(m[FA_GM_NPV], 1.0);
    ASSERT_VALUE(m[FA_GM_FOR], 0.0);
    ASSERT_VALUE(m[FA_GM_ACCURACY], 1.0);
    ASSERT_VALUE(m[FA_GM_BASE_RATE], 0.0);
    ASSERT_UNDEF(m[FA_GM_AUC]); /* one label only */
    ASSERT_UNDEF(m[FA_GM_KS]);
    cr_assert(strstr(m[FA_GM_TPR].reason, "favourable label") != NULL);
    cr_assert(strstr(m[FA_GM_PPV].reason, "favourable decisions") != NULL);
    fa_summary_dispose(&s);
    fa_acc_free(a);
}

Test(metrics_rates, empty_summary_is_undefined_never_zero)
{
    fa_acc *a = mt_build(mt_fixture, 0, 1, false, FA_EXACT_SCORES_DEFAULT, 0);
    fa_summary s;
    fa_value m[FA_GM_COUNT];
    int k;

    mt_summary(a, 0, 1, true, &s);
    fa_group_metrics(&s, 1, m);
    for (k = 0; k < FA_GM_COUNT; k++)
        ASSERT_UNDEF(m[k]);
    fa_summary_dispose(&s);
    fa_acc_free(a);
}

Test(metrics_rates, score_metrics_of_group_a)
{
    static const double sc[] = {0.92, 0.81, 0.63, 0.44, 0.32, 0.21};
    static const int y[] = {1, 0, 1, 1, 0, 0};
    fa_acc *a = mt_build(mt_fixture, MT_FIXTURE_N, 3, false, FA_EXACT_SCORES_DEFAULT, 0);
    fa_summary s;
    fa_value m[FA_GM_COUNT];
    double brier = 0, ll = 0, mean = 0;
    int i;

    for (i = 0; i < 6; i++) {
        mean += sc[i] / 6;
        brier += (sc[i] - y[i]) * (sc[i] - y[i]) / 6;
        ll -= (y[i] ? log(sc[i]) : log(1 - sc[i])) / 6;
    }
    mt_summary(a, 0, 1, true, &s);
    fa_group_metrics(&s, 1, m);
    ASSERT_VALUE(m[FA_GM_MEAN_SCORE], mean);
    ASSERT_VALUE(m[FA_GM_BRIER], brier);
    ASSERT_VALUE(m[FA_GM_LOG_LOSS], ll);
    /* AUC: positive/negative pairs ordered right: 0.92 > 3, 0.63 > 2, 0.44 > 2 of 9 */
    ASSERT_VALUE(m[FA_GM_AUC], 7.0 / 9.0);
    /* KS: after 0.21, 0.32 the negative CDF is 2/3 and the positive one 0 */
    ASSERT_VALUE(m[FA_GM_KS], 2.0 / 3.0);
    /* ECE: one row per bin; |score - label| averaged */
    ASSERT_VALUE(m[FA_GM_ECE], (0.08 + 0.81 + 0.37 + 0.56 + 0.32 + 0.21) / 6.0);
    fa_summary_dispose(&s);
    fa_acc_free(a);
}

Test(metrics_rates, calibration_table_and_edge_rule)
{
    fa_acc_config cfg;
    fa_acc *a;
    fa_error err;
    fa_summary s;
    fa_cal_row cal[10];
    trow rows[] = {{0.05, 0, 0, 1, 0}, {0.08, 1, 0, 1, 0}, {0.95, 1, 1, 1, 0}, {0.3, 0, 0, 1, 0}};

    /* numpy.linspace edges with sklearn's searchsorted(side='left'): a score on an inner edge
     * belongs to the lower bin; edge 3 is 0.30000000000000004, so 0.3 is in bin 2 */
    fa_acc_config_init(&cfg, 0.0, 1.0);
    FA_ASSERT_OK(fa_acc_new(&a, &cfg, &err));
    cr_assert_eq(fa_acc_cal_bin(a, 0.0), 0);
    cr_assert_eq(fa_acc_cal_bin(a, 0.1), 0);
    cr_assert_eq(fa_acc_cal_bin(a, 0.2), 1);
    cr_assert_eq(fa_acc_cal_bin(a, 0.3), 2);
    cr_assert_eq(fa_acc_cal_bin(a, 3 * 0.1), 2);
    cr_assert_eq(fa_acc_cal_bin(a, nextafter(3 * 0.1, 1.0)), 3);
    cr_assert_eq(fa_acc_cal_bin(a, 0.7), 6);
    cr_assert_eq(fa_acc_cal_bin(a, 0.95), 9);
    cr_assert_eq(fa_acc_cal_bin(a, 1.0), 9);
    cr_assert(fa_acc_cal_edge(a, 3) == 3 * 0.1);
    cr_assert(fa_acc_cal_edge(a, 10) == 1.0);
    fa_acc_free(a);

    a = mt_build(rows, 4, 1, false, FA_EXACT_SCORES_DEFAULT, 0);
    mt_summary(a, 0, 1, false, &s);
    fa_calibration(&s, cal);
    cr_assert_eq(cal[0].n, 2);
    ASSERT_VALUE(cal[0].mean_score, (0.05 + 0.08) / 2);
    ASSERT_VALUE(cal[0].positive_rate, 1.0 / 2.0);
    cr_assert_eq(cal[2].n, 1);
    cr_assert_eq(cal[9].n, 1);
    cr_assert_eq(cal[5].n, 0);
    ASSERT_UNDEF(cal[5].mean_score);
    FA_ASSERT_NEAR(cal[4].lo, 0.4, 0);
    ASSERT_VALUE(fa_ece(&s), (fabs(0.065 - 0.5) * 2 + 0.3 + 0.05) / 4.0);
    fa_summary_dispose(&s);
    fa_acc_free(a);
}

Test(metrics_rates, scores_outside_unit_range_have_no_probability_metrics)
{
    fa_acc_config cfg;
    fa_acc *a;
    fa_error err;
    fa_summary s;
    uint32_t c;
    fa_value m[FA_GM_COUNT];
    fa_cal_row cal[10];

    fa_acc_config_init(&cfg, 300.0, 850.0);
    cr_assert(!cfg.probabilities);
    FA_ASSERT_OK(fa_acc_new(&a, &cfg, &err));
    FA_ASSERT_OK(fa_acc_add_cell(a, &c, &err));
    FA_ASSERT_OK(fa_acc_add_row(a, c, 720, 1, 1, 1, &err));
    FA_ASSERT_OK(fa_acc_add_row(a, c, 610, 0, 1, 1, &err));
    FA_ASSERT_OK(fa_acc_add_row(a, c, 540, 0, 0, 1, &err));
    FA_ASSERT_OK(fa_acc_add_row(a, c, 610, 1, 1, 1, &err));
    fa_acc_flush(a);
    mt_summary(a, 0, 1, true, &s);
    fa_group_metrics(&s, 1, m);
    ASSERT_VALUE(m[FA_GM_MEAN_SCORE], (720 + 610 + 540 + 610) / 4.0);
    ASSERT_UNDEF(m[FA_GM_BRIER]);
    ASSERT_UNDEF(m[FA_GM_LOG_LOSS]);
    ASSERT_UNDEF(m[FA_GM_ECE]);
    /* AUC with a tie at 610: pairs (720>610, 720>540, 610=610 half, 610>540) = 3.5 of 4 */
    ASSERT_VALUE(m[FA_GM_AUC], 3.5 / 4.0);
    fa_calibration(&s, cal);
    FA_ASSERT_NEAR(cal[0].lo, 300.0, 0);
    FA_ASSERT_NEAR(cal[9].hi, 850.0, 0);
    fa_summary_dispose(&s);
    fa_acc_free(a);
}
