/* lib/mitigate fair thresholds: the bound is met on the fitted rows, dp/air are the exact
 * optimum among per-group thresholds (brute force), eo is at least as accurate as the best
 * deterministic pair and meets the bound with randomised rules; decisions, the file format
 * (round trip, located errors), fitting from a predictions CSV and from a table. */
#include "common/internal.h"
#include "common/rng.h"
#include "mit_test.h"
#include "mitigate/thresholds_internal.h"

#define RATE_SLACK 1e-9

typedef struct fixture {
    size_t n, G;
    double s[400], w[400];
    uint8_t y[400];
    size_t g[400];
} fixture;

/* Scores on a grid of 25 values (ties), labels drawn from a group-shifted logistic. */
static void make_fixture(fixture *f, size_t n, size_t G, uint64_t seed, bool weighted)
{
    fa_rng r;
    size_t i;

    fa_rng_seed(&r, seed);
    f->n = n;
    f->G = G;
    for (i = 0; i < n; i++) {
        double s = (double)fa_rng_below(&r, 25) / 24.0;
        size_t g = (size_t)fa_rng_below(&r, G);
        double z = 6.0 * (s - 0.5) + 0.8 * (double)g - 0.8;
        f->s[i] = s;
        f->g[i] = g;
        f->y[i] = fa_rng_uniform(&r) < 1.0 / (1.0 + exp(-z));
        f->w[i] = weighted ? 0.5 + fa_rng_uniform(&r) : 1.0;
    }
}

static const char *const *group_names(size_t G)
{
    static const char *const names[] = {"a", "b", "c", "d"};
    cr_assert(G <= 4);
    return names;
}

/* Expected (weighted) rates of rule-probabilities p[i] per group. */
typedef struct rates {
    double sel[4], tpr[4], fpr[4], acc;
} rates;

static rates rates_of(const fixture *f, const double *p)
{
    double W[4] = {0}, P[4] = {0}, N[4] = {0}, S[4] = {0}, TP[4] = {0}, FP[4] = {0}, ok = 0,
           all = 0;
    rates out;
    size_t i, g;

    for (i = 0; i < f->n; i++) {
        g = f->g[i];
        W[g] += f->w[i];
        S[g] += f->w[i] * p[i];
        if (f->y[i]) {
            P[g] += f->w[i];
            TP[g] += f->w[i] * p[i];
            ok += f->w[i] * p[i];
        } else {
            N[g] += f->w[i];
            FP[g] += f->w[i] * p[i];
            ok += f->w[i] * (1.0 - p[i]);
        }
        all += f->w[i];
    }
    for (g = 0; g < f->G; g++) {
        out.sel[g] = S[g] / W[g];
        out.tpr[g] = TP[g] / P[g];
        out.fpr[g] = FP[g] / N[g];
    }
    out.acc = ok / all;
    return out;
}

static double range(const double *v, size_t n)
{
    double lo = v[0], hi = v[0];
    size_t i;

    for (i = 1; i < n; i++) {
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
    }
    return hi - lo;
}

static double ratio(const double *v, size_t n, int favorable)
{
    double lo = 2, hi = -1;
    size_t i;

    for (i = 0; i < n; i++) {
        double x = favorable ? v[i] : 1.0 - v[i];
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
    }
    return hi > 0 ? lo / hi : 1.0;
}

static fa_thresholds *fit(const fixture *f, fa_fairness target, double bound, int favorable)
{
    fa_thresholds_options o = FA_THRESHOLDS_OPTIONS_INIT;
    const char *cols[] = {"grp"};
    fa_thresholds *th = NULL;
    fa_error err;

    o.target = target;
    o.bound = bound;
    o.favorable = favorable;
    FA_ASSERT_OK(fa_thresholds_fit(&th, f->s, f->y, f->w, f->g, f->n, group_names(f->G), f->G, cols,
                                   1, &o, &err));
    return th;
}

static rates rates_of_rules(const fixture *f, const fa_thresholds *th)
{
    double p[400];
    size_t i;

    for (i = 0; i < f->n; i++)
        p[i] = fa_thresholds_probability(th, f->g[i], f->s[i]);
    return rates_of(f, p);
}

/* Best accuracy over every combination of per-group plain thresholds (the 26 cut points of
 * the score grid) meeting the criterion. */
static double brute_force(const fixture *f, fa_fairness target, double bound, int favorable)
{
    size_t cut[4] = {0}, i, g;
    double best = -1.0, p[400];

    for (;;) {
        rates r;
        bool ok;
        for (i = 0; i < f->n; i++)
            p[i] = f->s[i] * 24.0 + 0.5 >= (double)cut[f->g[i]] ? 1.0 : 0.0;
        r = rates_of(f, p);
        if (target == FA_FAIRNESS_DP)
            ok = range(r.sel, f->G) <= bound + RATE_SLACK;
        else if (target == FA_FAIRNESS_AIR)
            ok = ratio(r.sel, f->G, favorable) >= bound - RATE_SLACK;
        else
            ok = range(r.tpr, f->G) <= bound + RATE_SLACK &&
                 range(r.fpr, f->G) <= bound + RATE_SLACK;
        if (ok && r.acc > best)
            best = r.acc;
        for (g = 0; g < f->G && ++cut[g] > 25; g++)
            cut[g] = 0;
        if (g == f->G)
            break;
    }
    return best;
}

static void check_plain(fa_fairness target, double bound, int favorable, size_t G, bool weighted)
{
    fixture f;
    fa_thresholds *th;
    fa_thresholds_summary s;
    rates r;
    double best;

    make_fixture(&f, 300, G, 17 + G, weighted);
    th = fit(&f, target, bound, favorable);
    r = rates_of_rules(&f, th);
    if (target == FA_FAIRNESS_DP)
        cr_assert_leq(range(r.sel, G), bound + RATE_SLACK);
    else
        cr_assert_geq(ratio(r.sel, G, favorable), bound - RATE_SLACK);
    cr_assert_eq(fa_thresholds_randomized(th), 0, "dp/air use plain thresholds");
    best = brute_force(&f, target, bound, favorable);
    FA_ASSERT_NEAR(r.acc, best, FA_TOL_EXACT);
    fa_thresholds_get_summary(th, &s);
    FA_ASSERT_NEAR(s.accuracy_after, r.acc, FA_TOL_EXACT);
    FA_ASSERT_NEAR(s.rows, weighted ? s.rows : 300.0, FA_TOL_EXACT);
    fa_thresholds_free(th);
}

Test(thresholds, dp_is_the_best_plain_thresholds)
{
    check_plain(FA_FAIRNESS_DP, 0.05, 1, 2, false);
    check_plain(FA_FAIRNESS_DP, 0.0, 1, 2, false);
    check_plain(FA_FAIRNESS_DP, 0.1, 1, 3, true);
    check_plain(FA_FAIRNESS_DP, 1.0, 1, 3, false); /* no constraint */
    FA_ASSERT_NO_LEAKS();
}

Test(thresholds, air_is_the_best_plain_thresholds)
{
    check_plain(FA_FAIRNESS_AIR, 0.8, 1, 2, false);
    check_plain(FA_FAIRNESS_AIR, 0.8, 0, 2, false); /* favourable decision 0 */
    check_plain(FA_FAIRNESS_AIR, 0.9, 1, 3, true);
    FA_ASSERT_NO_LEAKS();
}

static void check_eo(double bound, size_t G, bool weighted)
{
    fixture f;
    fa_thresholds *th;
    fa_thresholds_summary s;
    rates r;
    double det, free_best;

    make_fixture(&f, 300, G, 40 + G, weighted);
    th = fit(&f, FA_FAIRNESS_EO, bound, 1);
    r = rates_of_rules(&f, th);
    cr_assert_leq(range(r.tpr, G), bound + 1e-7, "TPR range %g > %g", range(r.tpr, G), bound);
    cr_assert_leq(range(r.fpr, G), bound + 1e-7, "FPR range %g > %g", range(r.fpr, G), bound);
    det = brute_force(&f, FA_FAIRNESS_EO, bound, 1);
    free_best = brute_force(&f, FA_FAIRNESS_EO, 1.0, 1);
    cr_assert_geq(r.acc, det - 1e-9, "randomised rules %.6f worse than the best plain %.6f", r.acc,
                  det);
    cr_assert_leq(r.acc, free_best + 1e-9);
    fa_thresholds_get_summary(th, &s);
    FA_ASSERT_NEAR(s.accuracy_after, r.acc, 1e-12);
    FA_ASSERT_NEAR(s.disparity_after,
                   range(r.tpr, G) > range(r.fpr, G) ? range(r.tpr, G) : range(r.fpr, G), 1e-12);
    if (bound >= 1.0)
        FA_ASSERT_NEAR(r.acc, free_best, 1e-9);
    fa_thresholds_free(th);
}

Test(thresholds, eo_meets_the_bound_and_beats_plain_thresholds)
{
    check_eo(0.0, 2, false);
    check_eo(0.02, 2, false);
    check_eo(0.05, 3, true);
    check_eo(0.1, 4, false);
    check_eo(1.0, 2, false);
    FA_ASSERT_NO_LEAKS();
}

Test(thresholds, randomised_decisions)
{
    fixture f;
    fa_thresholds *th;
    size_t g, i, hits = 0, n = 20000;
    double p = -1.0, score = 0.0;

    make_fixture(&f, 300, 2, 40 + 2, false);
    th = fit(&f, FA_FAIRNESS_EO, 0.0, 1);
    cr_assert_eq(fa_thresholds_randomized(th), 1);
    /* find a score whose probability is strictly between 0 and 1 */
    for (g = 0; g < 2 && !(p > 0.0 && p < 1.0); g++)
        for (i = 0; i <= 24 && !(p > 0.0 && p < 1.0); i++) {
            score = (double)i / 24.0;
            p = fa_thresholds_probability(th, g, score);
        }
    g--;
    cr_assert(p > 0.0 && p < 1.0);
    for (i = 0; i < n; i++) {
        int d = fa_thresholds_decide(th, g, score, i);
        cr_assert_eq(d, fa_thresholds_decide(th, g, score, i), "same row, same decision");
        hits += (size_t)d;
    }
    /* binomial: within 5 standard deviations */
    cr_assert_leq(fabs((double)hits / (double)n - p), 5.0 * sqrt(p * (1 - p) / (double)n));
    fa_thresholds_free(th);
    FA_ASSERT_NO_LEAKS();
}

static const char *tmp_path(const char *name)
{
    static char path[2][512];
    static int k;
    char *p = path[k++ & 1];
    snprintf(p, 512, "%s/fa_test_%d_%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (int)getpid(), name);
    return p;
}

Test(thresholds, file_round_trip)
{
    fixture f;
    fa_thresholds *th, *back = NULL;
    fa_thresholds_summary a, b;
    const char *path = tmp_path("th_rt.json");
    fa_error err;
    size_t g, i;

    make_fixture(&f, 300, 3, 9, true);
    th = fit(&f, FA_FAIRNESS_EO, 0.03, 1);
    FA_ASSERT_OK(fa_thresholds_save(th, path, &err));
    FA_ASSERT_OK(fa_thresholds_load(&back, path, &err));
    cr_assert_eq(fa_thresholds_n_groups(back), 3);
    cr_assert_str_eq(fa_thresholds_column(back, 0), "grp");
    cr_assert_str_eq(fa_thresholds_group_value(back, 2, 0), "c");
    cr_assert_eq(fa_thresholds_seed(back), FA_THRESHOLDS_DEFAULT_SEED);
    for (g = 0; g < 3; g++)
        for (i = 0; i <= 40; i++) {
            double s = (double)i / 40.0;
            cr_assert_eq(fa_thresholds_probability(th, g, s),
                         fa_thresholds_probability(back, g, s));
        }
    fa_thresholds_get_summary(th, &a);
    fa_thresholds_get_summary(back, &b);
    cr_assert_eq(a.accuracy_after, b.accuracy_after);
    cr_assert_eq(a.disparity_before, b.disparity_before);
    cr_assert_eq(a.randomized, b.randomized);
    cr_assert_eq(b.target, FA_FAIRNESS_EO);
    fa_thresholds_free(back);
    fa_thresholds_free(th);
    remove(path);
    FA_ASSERT_NO_LEAKS();
}

static void expect_load_error(const char *text, fa_status code, const char *where, const char *what)
{
    const char *path = fa_test_write("th_bad.json", text);
    fa_thresholds *th = NULL;
    char msg[1024];
    fa_error err;

    cr_assert_eq(fa_thresholds_load(&th, path, &err), code, "%s", err.message);
    cr_assert_null(th);
    fa_error_format(&err, msg, sizeof msg);
    cr_assert(strstr(msg, where) != NULL, "location %s not in: %s", where, msg);
    cr_assert(strstr(msg, what) != NULL, "%s not in: %s", what, msg);
}

#define TH_HEAD                                                                                    \
    "{\"format\": \"fairaudit-thresholds\", \"format_version\": 1, \"target\": \"dp\",\n"          \
    " \"bound\": 0.1, \"favorable\": 1, \"seed\": 7, \"columns\": [\"g\"],\n"

Test(thresholds, file_errors)
{
    fa_thresholds *th = NULL;
    fa_error err;
    uint8_t d[2];

    expect_load_error("{\"format\": \"fairaudit-model\"}", FA_EFORMAT,
                      ":1:", "not a fairaudit thresholds");
    expect_load_error("{\"format\": \"fairaudit-thresholds\", \"format_version\": 2}", FA_EFORMAT,
                      ":1:", "format_version 2");
    expect_load_error(TH_HEAD
                      " \"groups\": [{\"values\": [\"a\"], \"p_below\": 1.5, \"steps\": []}]}",
                      FA_ESCHEMA, ":3:", "\"p_below\" must lie in [0, 1]");
    expect_load_error(TH_HEAD
                      " \"groups\": [{\"values\": [\"a\"], \"p_below\": 0, \"steps\": [\n"
                      "  {\"min_score\": 0.2, \"p\": 1}, {\"min_score\": 0.3, \"p\": 0.5}]}]}",
                      FA_ESCHEMA, ":4:", "strictly decreasing");
    expect_load_error(TH_HEAD
                      " \"groups\": [{\"values\": [\"a\", \"b\"], \"p_below\": 0, \"steps\": []}]}",
                      FA_ESCHEMA, ":3:", "expected 1 value");
    expect_load_error(TH_HEAD
                      " \"groups\": [{\"values\": [\"a\"], \"p_below\": 0, \"steps\": []},\n"
                      " {\"values\": [\"a\"], \"p_below\": 1, \"steps\": []}]}",
                      FA_ESCHEMA, ":4:", "repeats the values");
    expect_load_error(TH_HEAD " \"groups\": [], \"extra\": 1}", FA_ESCHEMA,
                      ":3:", "unknown key \"extra\"");
    /* a minimal valid file: no "fit" block */
    {
        const char *path = fa_test_write(
            "th_min.json", TH_HEAD " \"groups\": [{\"values\": [\"a\"], \"p_below\": 0, \"steps\": "
                                   "[{\"min_score\": 0.5, \"p\": 1}]}]}");
        const char *vals[] = {"a"}, *other[] = {"zz"};
        size_t lens[] = {1}, olens[] = {2}, g = 9;
        FA_ASSERT_OK(fa_thresholds_load(&th, path, &err));
        FA_ASSERT_OK(fa_thresholds_find_group(th, vals, lens, &g, &err));
        cr_assert_eq(g, 0);
        cr_assert_eq(fa_thresholds_find_group(th, other, olens, &g, &err), FA_EDATA);
        d[0] = (uint8_t)fa_thresholds_decide(th, 0, 0.5, 0);
        d[1] = (uint8_t)fa_thresholds_decide(th, 0, 0.4999, 1);
        cr_assert_eq(d[0], 1);
        cr_assert_eq(d[1], 0);
        fa_thresholds_free(th);
    }
    FA_ASSERT_NO_LEAKS();
}

Test(thresholds, fit_from_predictions_file)
{
    /* label strings, a weight column, skipped rows (missing label, missing group) */
    const char *csv = "score,label,grp,w\n"
                      "0.9,yes,a,1\n0.8,no,a,1\n0.3,yes,a,2\n0.1,no,a,1\n"
                      "0.7,yes,b,1\n0.6,yes,b,1\n0.4,no,b,1\n0.2,no,b,1\n"
                      "0.5,,a,1\n0.5,no,,1\n";
    const char *path = fa_test_write("th_preds.csv", csv);
    const char *prot[] = {"grp"}, *labels[] = {"no", "yes"};
    fa_thresholds_options o = FA_THRESHOLDS_OPTIONS_INIT;
    fa_thresholds *th = NULL;
    fa_thresholds_summary s;
    char msg[1024];
    fa_error err;

    o.label_column = "label";
    o.score_column = "score";
    o.weight_column = "w";
    o.protected_columns = prot;
    o.n_protected = 1;
    o.label_values = labels;
    o.target = FA_FAIRNESS_DP;
    o.bound = 0.0;
    FA_ASSERT_OK(fa_thresholds_fit_file(&th, path, &o, &err));
    cr_assert_eq(fa_thresholds_n_groups(th), 2);
    fa_thresholds_get_summary(th, &s);
    FA_ASSERT_NEAR(s.rows, 9.0, FA_TOL_EXACT); /* weights 5 + 4 */
    FA_ASSERT_NEAR(s.disparity_after, 0.0, FA_TOL_EXACT);
    fa_thresholds_free(th);
    th = NULL;
    /* errors carry file:line:column */
    path = fa_test_write("th_preds_bad.csv", "score,label,grp,w\n0.5,yes,a,1\n0.5,maybe,b,1\n");
    cr_assert_eq(fa_thresholds_fit_file(&th, path, &o, &err), FA_EDATA);
    fa_error_format(&err, msg, sizeof msg);
    cr_assert(strstr(msg, ":3:2:") != NULL && strstr(msg, "label") != NULL, "%s", msg);
    path = fa_test_write("th_preds_bad2.csv", "score,label,grp,w\nx,yes,a,1\n");
    cr_assert_eq(fa_thresholds_fit_file(&th, path, &o, &err), FA_EPARSE);
    fa_error_format(&err, msg, sizeof msg);
    cr_assert(strstr(msg, ":2:1:") != NULL, "%s", msg);
    o.weight_column = "weight";
    cr_assert_eq(fa_thresholds_fit_file(&th, path, &o, &err), FA_ESCHEMA);
    cr_assert(strstr(err.message, "no weight column \"weight\"") != NULL, "%s", err.message);
    o.weight_column = NULL;
    o.bound = 2.0;
    cr_assert_eq(fa_thresholds_fit_file(&th, fa_test_write("th_p.csv", csv), &o, &err), FA_EINVAL);
    cr_assert_null(th);
    FA_ASSERT_NO_LEAKS();
}

Test(thresholds, fit_and_decide_on_tables)
{
    mt_table tr = mt_credit(3000, 31, 1.0, "th_tr.csv"), te = mt_credit(2000, 32, 1.0, "th_te.csv");
    fa_thresholds_options o = FA_THRESHOLDS_OPTIONS_INIT;
    const char *race[] = {"race"};
    fa_model *m = NULL;
    fa_thresholds *th = NULL;
    double *p = malloc(3000 * sizeof *p);
    uint8_t *d = malloc(3000);
    double dp, eo;
    fa_error err;
    size_t i;

    FA_ASSERT_OK(fa_model_fit(&m, tr.table, NULL, NULL, &err));
    FA_ASSERT_OK(fa_model_predict_proba(m, tr.table, p, NULL, &err));
    o.target = FA_FAIRNESS_DP;
    o.bound = 0.01;
    o.protected_columns = race;
    o.n_protected = 1;
    FA_ASSERT_OK(fa_thresholds_fit_table(&th, tr.table, p, &o, &err));
    cr_assert_eq(fa_thresholds_n_groups(th), 5);
    FA_ASSERT_OK(fa_thresholds_decide_table(th, tr.table, p, d, &err));
    mt_disparity(tr.table, "race", d, &dp, &eo);
    cr_assert_leq(dp, 0.01 + RATE_SLACK, "dp on the fitted rows %g", dp);
    {
        /* decide_table agrees with decide() for each row's group and row number */
        size_t col = fa_spec_find_column(tr.spec, "race");
        for (i = 0; i < fa_table_n_rows(tr.table); i++) {
            const char *v = fa_table_level(tr.table, col, (size_t)fa_table_codes(tr.table, col)[i]);
            size_t len = strlen(v), g;
            FA_ASSERT_OK(fa_thresholds_find_group(th, &v, &len, &g, &err));
            cr_assert_eq(d[i], (uint8_t)fa_thresholds_decide(th, g, p[i], i));
        }
    }
    /* applied to other rows of the same spec */
    FA_ASSERT_OK(fa_model_predict_proba(m, te.table, p, NULL, &err));
    FA_ASSERT_OK(fa_thresholds_decide_table(th, te.table, p, d, &err));
    fa_thresholds_free(th);
    th = NULL;
    /* a column the table does not have */
    {
        const char *path =
            fa_test_write("th_other.json", TH_HEAD
                          " \"groups\": [{\"values\": [\"a\"], \"p_below\": 0, \"steps\": []}]}");
        FA_ASSERT_OK(fa_thresholds_load(&th, path, &err));
        cr_assert_eq(fa_thresholds_decide_table(th, te.table, p, d, &err), FA_ESCHEMA);
        fa_thresholds_free(th);
    }
    free(p);
    free(d);
    fa_model_free(m);
    mt_free(&tr);
    mt_free(&te);
    FA_ASSERT_NO_LEAKS();
}
