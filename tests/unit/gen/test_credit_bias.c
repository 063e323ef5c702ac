/*
 * Unit tests for the credit generator's bias mechanism: the documented
 * formulas (docs/datasets/credit.md) reproduce the generator's probabilities,
 * group base rates are equal at bias 0 and clearly apart at bias 1, the
 * proxy (region) carries the bias, and bias only turns repaid into default.
 *
 * Statistical tolerances come from the binomial standard error of the
 * compared rates: |difference| <= Z_EQUAL * SE when equal rates are expected,
 * difference >= Z_APART * SE when a gap is expected.
 */
#include <math.h>
#include <string.h>

#include "fa_test.h"
#include "fairaudit/gen.h"

#define STAT_ROWS 50000u
#define Z_EQUAL   4.0  /* equal-rate checks: false alarm ~ 6e-5 per check */
#define Z_APART   10.0 /* the bias must stand out far beyond noise */

/* ---- the formulas of docs/datasets/credit.md, written out independently ---- */

static const double doc_region_penalty[20] = {0, 0, 0, 0, 0, 0, 0, 0, 0.25, 0.25,
                                              0.25, 0.25, 1, 1, 1, 1, 0.75, 0.75, 0.75, 0};
static const double doc_race_flip[5] = {0.0, 0.20, 0.12, 0.0, 0.06}; /* W B H A O */
static const double doc_sex_flip[2] = {0.0, 0.06};                   /* M F */
#define DOC_REGION_SHIFT 1.0

static double doc_logit(const fa_credit_row *r)
{
    return -2.15 - 0.85 * (log(r->income) - 10.8) + 2.4 * (r->debt_to_income - 0.30) +
           1.7 * (r->utilization - 0.40) + 0.50 * r->delinquencies -
           0.045 * (r->credit_history_years - 8.0) - 0.035 * (r->employment_years - 5.0) +
           0.40 * log(r->loan_amount / (0.28 * r->income));
}

static double sigmoid(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

typedef struct tally {
    double bias;
    double n_race[5], d_race[5], p_race[5];
    double n_sex[2], d_sex[2];
    /* White applicants only, by region penalty band: 0 vs 1. */
    double n_white_pen0, d_white_pen0, n_white_pen1, d_white_pen1;
    double n_black_pen1;
    double n_black;
} tally;

static fa_status add_row(const fa_credit_row *r, void *payload)
{
    tally *t = payload;
    double eta = doc_logit(r), pen = doc_region_penalty[r->region - 1];
    double p_region = sigmoid(eta + t->bias * DOC_REGION_SHIFT * pen);
    double flip = t->bias * (doc_race_flip[r->race] + doc_sex_flip[r->sex]);

    FA_ASSERT_NEAR(r->true_default_prob, sigmoid(eta), FA_TOL_EXACT);
    FA_ASSERT_NEAR(r->recorded_default_prob, p_region + (1.0 - p_region) * flip, FA_TOL_EXACT);
    t->n_race[r->race] += 1;
    t->d_race[r->race] += r->defaulted;
    t->p_race[r->race] += r->recorded_default_prob;
    t->n_sex[r->sex] += 1;
    t->d_sex[r->sex] += r->defaulted;
    if (r->race == FA_CREDIT_RACE_WHITE && pen == 0.0) {
        t->n_white_pen0 += 1;
        t->d_white_pen0 += r->defaulted;
    } else if (r->race == FA_CREDIT_RACE_WHITE && pen == 1.0) {
        t->n_white_pen1 += 1;
        t->d_white_pen1 += r->defaulted;
    }
    if (r->race == FA_CREDIT_RACE_BLACK) {
        t->n_black += 1;
        t->n_black_pen1 += pen == 1.0;
    }
    return FA_OK;
}

static void run(tally *t, double bias, uint64_t seed)
{
    fa_credit_gen_options o = FA_CREDIT_GEN_OPTIONS_INIT;
    fa_error err;

    memset(t, 0, sizeof *t);
    t->bias = bias;
    o.rows = STAT_ROWS;
    o.seed = seed;
    o.bias = bias;
    FA_ASSERT_OK(fa_credit_gen_each(&o, add_row, t, &err));
}

/* Standard error of the difference of two independent rates. */
static double se_diff(double d1, double n1, double d2, double n2)
{
    double p = (d1 + d2) / (n1 + n2); /* pooled, as under "no difference" */
    return sqrt(p * (1.0 - p) * (1.0 / n1 + 1.0 / n2));
}

static double rate(double d, double n)
{
    return d / n;
}

Test(gen_credit_bias, no_group_gap_at_bias_zero)
{
    tally t;
    int k;

    run(&t, 0.0, 101);
    for (k = 1; k < 5; k++) {
        double gap = rate(t.d_race[k], t.n_race[k]) - rate(t.d_race[0], t.n_race[0]);
        double se = se_diff(t.d_race[k], t.n_race[k], t.d_race[0], t.n_race[0]);
        cr_assert(fabs(gap) <= Z_EQUAL * se, "race %d vs White: gap %.4f, SE %.4f", k, gap, se);
    }
    {
        double gap = rate(t.d_sex[1], t.n_sex[1]) - rate(t.d_sex[0], t.n_sex[0]);
        double se = se_diff(t.d_sex[1], t.n_sex[1], t.d_sex[0], t.n_sex[0]);
        cr_assert(fabs(gap) <= Z_EQUAL * se, "Female vs Male: gap %.4f, SE %.4f", gap, se);
    }
    {
        double gap = rate(t.d_white_pen1, t.n_white_pen1) - rate(t.d_white_pen0, t.n_white_pen0);
        double se = se_diff(t.d_white_pen1, t.n_white_pen1, t.d_white_pen0, t.n_white_pen0);
        cr_assert(fabs(gap) <= Z_EQUAL * se, "region has an effect at bias 0: %.4f", gap);
    }
}

Test(gen_credit_bias, disadvantaged_groups_default_more_at_bias_one)
{
    tally t;
    static const int disadvantaged[] = {FA_CREDIT_RACE_BLACK, FA_CREDIT_RACE_HISPANIC};
    size_t i;

    run(&t, 1.0, 101);
    for (i = 0; i < 2; i++) {
        int k = disadvantaged[i];
        double gap = rate(t.d_race[k], t.n_race[k]) - rate(t.d_race[0], t.n_race[0]);
        double se = se_diff(t.d_race[k], t.n_race[k], t.d_race[0], t.n_race[0]);
        cr_assert(gap >= Z_APART * se, "race %d vs White: gap %.4f, SE %.4f", k, gap, se);
        cr_assert(gap >= 0.10, "race %d vs White: gap %.4f is too small to audit", k, gap);
    }
    {
        double gap = rate(t.d_sex[1], t.n_sex[1]) - rate(t.d_sex[0], t.n_sex[0]);
        double se = se_diff(t.d_sex[1], t.n_sex[1], t.d_sex[0], t.n_sex[0]);
        cr_assert(gap >= Z_APART * se, "Female vs Male: gap %.4f, SE %.4f", gap, se);
    }
}

/* The label is drawn from recorded_default_prob: each group's empirical rate
 * matches the mean of that probability. */
Test(gen_credit_bias, group_rates_match_the_documented_probability)
{
    static const double biases[] = {0.0, 0.5, 1.0};
    size_t b;
    int k;

    for (b = 0; b < 3; b++) {
        tally t;
        run(&t, biases[b], 7);
        for (k = 0; k < 5; k++) {
            double p = t.p_race[k] / t.n_race[k], r = rate(t.d_race[k], t.n_race[k]);
            double se = sqrt(p * (1.0 - p) / t.n_race[k]);
            cr_assert(fabs(r - p) <= Z_EQUAL * se, "bias %g race %d: rate %.4f, expected %.4f",
                      biases[b], k, r, p);
        }
    }
}

/* Region correlates with race, and at bias 1 region alone moves the label:
 * among White applicants, high-penalty regions default more. */
Test(gen_credit_bias, region_is_a_proxy_that_carries_the_bias)
{
    tally t;
    double gap, se;

    run(&t, 1.0, 202);
    cr_assert(t.n_black_pen1 / t.n_black > 0.40, "Black applicants in penalty-1 regions: %.3f",
              t.n_black_pen1 / t.n_black);
    cr_assert(t.n_white_pen1 / t.n_race[0] < 0.10, "White applicants in penalty-1 regions: %.3f",
              t.n_white_pen1 / t.n_race[0]);
    gap = rate(t.d_white_pen1, t.n_white_pen1) - rate(t.d_white_pen0, t.n_white_pen0);
    se = se_diff(t.d_white_pen1, t.n_white_pen1, t.d_white_pen0, t.n_white_pen0);
    cr_assert(gap >= Z_EQUAL * se, "region effect among White applicants: %.4f (SE %.4f)", gap,
              se);
}

/* Same seed: identical applicants at every bias; labels only go 0 -> 1 as
 * bias grows, and true_default is the label at bias 0. */
Test(gen_credit_bias, bias_only_turns_repaid_into_default)
{
    fa_credit_gen_options o0 = FA_CREDIT_GEN_OPTIONS_INIT, o1 = FA_CREDIT_GEN_OPTIONS_INIT;
    fa_error err;
    uint64_t i, flipped = 0;

    o0.seed = o1.seed = 55;
    o0.bias = 0.0;
    o1.bias = 1.0;
    for (i = 0; i < 10000; i++) {
        fa_credit_row a, b;
        FA_ASSERT_OK(fa_credit_gen_row(&o0, i, &a, &err));
        FA_ASSERT_OK(fa_credit_gen_row(&o1, i, &b, &err));
        cr_assert(a.income == b.income && a.debt_to_income == b.debt_to_income &&
                  a.utilization == b.utilization && a.loan_amount == b.loan_amount &&
                  a.age == b.age && a.sex == b.sex && a.race == b.race && a.region == b.region);
        cr_assert(a.true_default_prob == b.true_default_prob);
        cr_assert_eq(a.defaulted, a.true_default);
        cr_assert_eq(b.true_default, a.defaulted);
        cr_assert(b.defaulted >= a.defaulted, "row %llu went from default to repaid",
                  (unsigned long long)i);
        flipped += (uint64_t)(b.defaulted - a.defaulted);
    }
    cr_assert(flipped > 100, "bias 1 changed only %llu labels", (unsigned long long)flipped);
}
