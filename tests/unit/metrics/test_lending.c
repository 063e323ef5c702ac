/* Against the reference: adverse impact, differences, SMD, shortfall, p-values, Holm. */
#include "mtest.h"

Test(metrics_lending, group_b_and_c_against_a)
{
    static const double sa[] = {0.92, 0.81, 0.63, 0.44, 0.32, 0.21};
    static const double sb[] = {0.72, 0.47, 0.56, 0.12, 0.57};
    fa_acc *a = mt_build(mt_fixture, MT_FIXTURE_N, 3, false, FA_EXACT_SCORES_DEFAULT, 0);
    fa_summary s[3];
    fa_vsref vb, vc;
    double ma = 0, mb = 0, ssa = 0, ssb = 0, d;
    int i;

    for (i = 0; i < 3; i++)
        mt_summary(a, (uint32_t)i, 1, false, &s[i]);
    fa_vs_reference(&s[1], &s[0], 1, false, &vb);
    fa_vs_reference(&s[2], &s[0], 1, false, &vc);
    ASSERT_VALUE(vb.adverse_impact_ratio, (3.0 / 5.0) / (1.0 / 2.0));
    ASSERT_VALUE(vb.selection_rate_difference, 3.0 / 5.0 - 1.0 / 2.0);
    ASSERT_VALUE(vb.tpr_difference, 1.0 / 2.0 - 2.0 / 3.0);
    ASSERT_VALUE(vb.fpr_difference, 2.0 / 3.0 - 1.0 / 3.0);
    ASSERT_VALUE(vb.shortfall, 0.0);
    ASSERT_VALUE(vc.adverse_impact_ratio, 0.0);
    ASSERT_VALUE(vc.shortfall, 1.0 / 2.0 * 3.0);
    ASSERT_UNDEF(vc.tpr_difference);
    /* Cohen's d with the pooled (n_a + n_b - 2) variance */
    for (i = 0; i < 6; i++)
        ma += sa[i] / 6;
    for (i = 0; i < 5; i++)
        mb += sb[i] / 5;
    for (i = 0; i < 6; i++)
        ssa += (sa[i] - ma) * (sa[i] - ma);
    for (i = 0; i < 5; i++)
        ssb += (sb[i] - mb) * (sb[i] - mb);
    d = (mb - ma) / sqrt((ssa + ssb) / (6 + 5 - 2));
    ASSERT_VALUE(vb.smd, d);
    /* small counts: Fisher (scipy.stats.fisher_exact values) */
    cr_assert_eq(vb.test, FA_PTEST_FISHER);
    ASSERT_VALUE(vb.p_value, 1.0);            /* [[3,2],[3,3]] */
    ASSERT_VALUE(vc.p_value, 0.4642857142857143); /* [[0,3],[3,3]] */
    for (i = 0; i < 3; i++)
        fa_summary_dispose(&s[i]);
    fa_acc_free(a);
}

Test(metrics_lending, fisher_matches_scipy)
{
    FA_ASSERT_NEAR(fa_fisher_p(8, 10, 1, 6), 0.034965034965034975, 1e-15);
    FA_ASSERT_NEAR(fa_fisher_p(1, 100, 10, 100), 0.009658115943518335, 1e-14);
    FA_ASSERT_NEAR(fa_fisher_p(5, 5, 0, 5), 0.007936507936507938, 1e-15);
    FA_ASSERT_NEAR(fa_fisher_p(2, 1002, 30, 2030), 0.0004977839779919214, 1e-13);
    FA_ASSERT_NEAR(fa_fisher_p(0, 10, 0, 10), 1.0, 0);
}

Test(metrics_lending, z_test_is_pooled_two_sided)
{
    double p = (40.0 + 55.0) / 220.0;
    double z = (0.40 - 55.0 / 120.0) / sqrt(p * (1 - p) * (1.0 / 100 + 1.0 / 120));

    ASSERT_VALUE(fa_ztest_p(40, 100, 55, 120), erfc(fabs(z) / sqrt(2.0)));
    ASSERT_VALUE(fa_ztest_p(0, 100, 0, 120), 1.0);
    ASSERT_UNDEF(fa_ztest_p(0, 0, 5, 10));
}

Test(metrics_lending, holm_step_down)
{
    fa_value p[5] = {fa_value_of(0.01), fa_value_undef("reference group"), fa_value_of(0.04),
                     fa_value_of(0.03), fa_value_of(0.5)};
    fa_value adj[5];

    cr_assert(fa_holm(p, 5, adj));
    /* sorted 0.01, 0.03, 0.04, 0.5 with m = 4: 0.04, 0.09, max(0.09, 0.08), max(.., 0.5) */
    ASSERT_VALUE(adj[0], 0.04);
    ASSERT_VALUE(adj[3], 0.09);
    ASSERT_VALUE(adj[2], 0.09);
    ASSERT_VALUE(adj[4], 0.5);
    ASSERT_UNDEF(adj[1]);
}

Test(metrics_lending, weighted_test_uses_kish_effective_sizes)
{
    trow rows[400];
    fa_acc *a;
    fa_summary s[2];
    fa_vsref v;
    double w1 = 0, w1s = 0, x1 = 0, w2 = 0, w2s = 0, x2 = 0, n1, n2, p, z;
    int i;

    for (i = 0; i < 400; i++) {
        rows[i].s = 0.5;
        rows[i].y = i % 2;
        rows[i].d = (i % 5) < (i < 200 ? 2 : 3);
        rows[i].w = 0.5 + (i % 7) * 0.25;
        rows[i].cell = i < 200 ? 0 : 1;
        if (i < 200) {
            w1 += rows[i].w, w1s += rows[i].w * rows[i].w, x1 += rows[i].w * rows[i].d;
        } else {
            w2 += rows[i].w, w2s += rows[i].w * rows[i].w, x2 += rows[i].w * rows[i].d;
        }
    }
    a = mt_build(rows, 400, 2, true, FA_EXACT_SCORES_DEFAULT, 0);
    mt_summary(a, 0, 1, false, &s[0]);
    mt_summary(a, 1, 1, false, &s[1]);
    fa_vs_reference(&s[0], &s[1], 1, true, &v);
    n1 = w1 * w1 / w1s;
    n2 = w2 * w2 / w2s;
    p = (x1 / w1 * n1 + x2 / w2 * n2) / (n1 + n2);
    z = (x1 / w1 - x2 / w2) / sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
    cr_assert_eq(v.test, FA_PTEST_Z);
    FA_ASSERT_NEAR(v.p_value.v, erfc(fabs(z) / sqrt(2.0)), 1e-12);
    fa_summary_dispose(&s[0]);
    fa_summary_dispose(&s[1]);
    fa_acc_free(a);
}
