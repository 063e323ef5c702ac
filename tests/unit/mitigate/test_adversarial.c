/* lib/mitigate adversarial debiasing: the adversary's gradients against finite differences,
 * the projection update, determinism, the recorded curves, the options, and the disparity
 * falling on synthetic credit data with a strong bias (race, five groups). */
#include "common/internal.h"
#include "common/rng.h"
#include "mit_test.h"
#include "mitigate/adversary.h"
#include "serialize/json_read.h"

/* Central differences of a smooth function: O(h^2) error. */
#define FD_STEP 1e-6
#define FD_TOL  1e-7

typedef struct batch {
    size_t n;
    double z[12], y[12], w[12];
    int32_t g[12];
} batch;

static batch make_batch(size_t K, uint64_t seed)
{
    batch b;
    fa_rng r;
    size_t i;

    fa_rng_seed(&r, seed);
    b.n = 12;
    for (i = 0; i < b.n; i++) {
        b.z[i] = 3.0 * fa_rng_normal(&r);
        b.y[i] = (double)fa_rng_below(&r, 2);
        b.w[i] = 0.5 + fa_rng_uniform(&r);
        b.g[i] = (int32_t)fa_rng_below(&r, K);
    }
    b.g[3] = -1; /* a row without a group takes no part */
    return b;
}

static void check_gradients(fa_fairness f, size_t K)
{
    fa_adversary a;
    batch b = make_batch(K, 11 + K);
    double dz[12], grad[64], scale = 1.0 / 7.0;
    fa_error err;
    size_t i, j;

    FA_ASSERT_OK(fa_adversary_init(&a, f, K, 5, &err));
    cr_assert(a.n_params <= 64);
    a.params[0] = -0.7; /* exercise |c| away from 0, negative branch */
    fa_adversary_loss(&a, b.n, b.z, b.y, b.g, b.w, scale, dz, grad);
    cr_assert_eq(dz[3], 0.0, "a row without a group has no gradient");
    for (i = 0; i < b.n; i++) {
        double z0 = b.z[i], lp, lm;
        b.z[i] = z0 + FD_STEP;
        lp = scale * fa_adversary_loss(&a, b.n, b.z, b.y, b.g, b.w, 0.0, NULL, NULL);
        b.z[i] = z0 - FD_STEP;
        lm = scale * fa_adversary_loss(&a, b.n, b.z, b.y, b.g, b.w, 0.0, NULL, NULL);
        b.z[i] = z0;
        FA_ASSERT_NEAR(dz[i], (lp - lm) / (2.0 * FD_STEP), FD_TOL);
    }
    for (j = 0; j < a.n_params; j++) {
        double p0 = a.params[j], lp, lm;
        a.params[j] = p0 + FD_STEP;
        lp = scale * fa_adversary_loss(&a, b.n, b.z, b.y, b.g, b.w, 0.0, NULL, NULL);
        a.params[j] = p0 - FD_STEP;
        lm = scale * fa_adversary_loss(&a, b.n, b.z, b.y, b.g, b.w, 0.0, NULL, NULL);
        a.params[j] = p0;
        FA_ASSERT_NEAR(grad[j], (lp - lm) / (2.0 * FD_STEP), FD_TOL);
    }
    fa_adversary_dispose(&a);
}

Test(adversary, gradient_check_dp_two_groups)
{
    check_gradients(FA_FAIRNESS_DP, 2);
}

Test(adversary, gradient_check_eo_two_groups)
{
    check_gradients(FA_FAIRNESS_EO, 2);
}

Test(adversary, gradient_check_dp_five_groups)
{
    check_gradients(FA_FAIRNESS_DP, 5);
}

Test(adversary, gradient_check_eo_five_groups)
{
    check_gradients(FA_FAIRNESS_EO, 5);
    FA_ASSERT_NO_LEAKS();
}

Test(adversary, loss_is_cross_entropy)
{
    /* With W = 0 and b = 0 the softmax is uniform: CE = log K per row. */
    fa_adversary a;
    batch b = make_batch(4, 3);
    fa_error err;
    size_t j;
    double sw = 0.0;

    FA_ASSERT_OK(fa_adversary_init(&a, FA_FAIRNESS_EO, 4, 1, &err));
    for (j = 1; j < a.n_params; j++)
        a.params[j] = 0.0;
    for (j = 0; j < b.n; j++)
        sw += b.g[j] >= 0 ? b.w[j] : 0.0;
    FA_ASSERT_NEAR(fa_adversary_loss(&a, b.n, b.z, b.y, b.g, b.w, 0.0, NULL, NULL), sw * log(4.0),
                   FA_TOL_EXACT);
    cr_assert_str_eq(fa_adversary_input_name(&a, 2), "y");
    cr_assert_null(fa_adversary_input_name(&a, 3));
    fa_adversary_dispose(&a);
    cr_assert_eq(fa_adversary_init(&a, FA_FAIRNESS_EO, 1, 1, &err), FA_EDATA);
    cr_assert_eq(fa_adversary_init(&a, FA_FAIRNESS_AIR, 3, 1, &err), FA_EINVAL);
    FA_ASSERT_NO_LEAKS();
}

Test(adversary, projection_update)
{
    double gp[4] = {1.0, 2.0, -1.0, 0.5}, ga[4] = {0.3, -0.2, 0.8, 1.0}, g[4];
    double nga = 0.3 * 0.3 + 0.2 * 0.2 + 0.8 * 0.8 + 1.0;
    double zero[4] = {0, 0, 0, 0};
    size_t i;

    /* A = 0: what is left is orthogonal to the adversary's gradient. */
    memcpy(g, gp, sizeof g);
    fa_adversary_combine(4, g, ga, 0.0);
    FA_ASSERT_NEAR(g[0] * ga[0] + g[1] * ga[1] + g[2] * ga[2] + g[3] * ga[3], 0.0, FA_TOL_EXACT);
    /* A = 2: the component along g_a is exactly -A |g_a|^2. */
    memcpy(g, gp, sizeof g);
    fa_adversary_combine(4, g, ga, 2.0);
    FA_ASSERT_NEAR(g[0] * ga[0] + g[1] * ga[1] + g[2] * ga[2] + g[3] * ga[3], -2.0 * nga,
                   FA_TOL_EXACT);
    /* No adversary gradient: unchanged. */
    memcpy(g, gp, sizeof g);
    fa_adversary_combine(4, g, zero, 3.0);
    for (i = 0; i < 4; i++)
        cr_assert_eq(g[i], gp[i]);
}

static fa_model *fit_adv(
    const fa_table *t, fa_model_kind kind, fa_fairness f, double A, unsigned epochs, uint64_t seed)
{
    fa_mitigate_options mo = FA_MITIGATE_OPTIONS_INIT;
    fa_fit_options fo = FA_FIT_OPTIONS_INIT;
    const char *cols[] = {"race"};
    fa_model *m = NULL;
    fa_error err;

    mo.method = FA_MITIGATE_ADVERSARIAL;
    mo.protected_columns = cols;
    mo.n_protected = 1;
    mo.adversary.fairness = f;
    mo.adversary.weight = A;
    mo.adversary.epochs = epochs;
    fo.kind = kind;
    fo.mlp.hidden[0] = 16;
    fo.seed = seed;
    FA_ASSERT_OK(fa_mitigate_fit(&m, t, NULL, &mo, &fo, &err));
    return m;
}

static void assert_same_scores(const fa_model *a, const fa_model *b, const fa_table *t, bool same)
{
    size_t n = fa_table_n_rows(t), i, diff = 0;
    double *pa = malloc(n * sizeof *pa), *pb = malloc(n * sizeof *pb);
    fa_error err;

    FA_ASSERT_OK(fa_model_predict_proba(a, t, pa, NULL, &err));
    FA_ASSERT_OK(fa_model_predict_proba(b, t, pb, NULL, &err));
    for (i = 0; i < n; i++)
        diff += pa[i] != pb[i]; /* bit-identical, not merely close */
    if (same)
        cr_assert_eq(diff, 0, "%zu scores differ between two runs with the same seed", diff);
    else
        cr_assert_gt(diff, n / 2, "another seed should give another model");
    free(pa);
    free(pb);
}

Test(adversarial, deterministic_for_a_seed)
{
    mt_table t = mt_credit(2000, 3, 1.0, "adv_det.csv");
    fa_model *a = fit_adv(t.table, FA_MODEL_LOGREG, FA_FAIRNESS_EO, 1.0, 5, 42);
    fa_model *b = fit_adv(t.table, FA_MODEL_LOGREG, FA_FAIRNESS_EO, 1.0, 5, 42);
    fa_model *c = fit_adv(t.table, FA_MODEL_MLP, FA_FAIRNESS_DP, 1.0, 3, 42);
    fa_model *d = fit_adv(t.table, FA_MODEL_MLP, FA_FAIRNESS_DP, 1.0, 3, 42);
    fa_model *e = fit_adv(t.table, FA_MODEL_MLP, FA_FAIRNESS_DP, 1.0, 3, 43);

    assert_same_scores(a, b, t.table, true);
    cr_assert_str_eq(fa_model_mitigation_details(a), fa_model_mitigation_details(b));
    assert_same_scores(c, d, t.table, true);
    assert_same_scores(c, e, t.table, false);
    fa_model_free(a);
    fa_model_free(b);
    fa_model_free(c);
    fa_model_free(d);
    fa_model_free(e);
    mt_free(&t);
    FA_ASSERT_NO_LEAKS();
}

Test(adversarial, curves_and_record)
{
    mt_table t = mt_credit(2000, 4, 1.0, "adv_rec.csv");
    fa_model *m = fit_adv(t.table, FA_MODEL_LOGREG, FA_FAIRNESS_EO, 2.0, 7, 1), *back = NULL;
    const char *d = fa_model_mitigation_details(m);
    const fa_json_node *root, *curves, *n;
    fa_json_doc *doc = NULL;
    fa_fit_info info;
    char path[512];
    fa_error err;
    size_t i;

    cr_assert_str_eq(fa_model_mitigation_method(m), "adversarial");
    FA_ASSERT_OK(fa_json_doc_parse(&doc, d, strlen(d), "details", &err));
    root = fa_json_doc_root(doc);
    cr_assert_str_eq(fa_json_string(fa_json_member(root, "fairness")), "eo");
    cr_assert_eq(fa_json_count(fa_json_member(root, "groups")), 5);
    cr_assert_str_eq(fa_json_string(fa_json_at(fa_json_member(root, "groups"), 0)), "Asian");
    n = fa_json_member(fa_json_member(root, "adversary"), "weights");
    cr_assert_eq(fa_json_count(n), 5);
    cr_assert_eq(fa_json_count(fa_json_at(n, 0)), 3);
    curves = fa_json_member(root, "curves");
    cr_assert_eq(fa_json_count(fa_json_member(curves, "epoch")), 7);
    for (i = 0; i < 7; i++) {
        double lp = fa_json_number(fa_json_at(fa_json_member(curves, "predictor_loss"), i));
        double la = fa_json_number(fa_json_at(fa_json_member(curves, "adversary_loss"), i));
        cr_assert(lp > 0.0 && lp < 1.0, "predictor loss %g", lp);
        cr_assert(la > 0.0 && la < 2.0, "adversary loss %g", la);
    }
    /* The chance loss is H(race | y): about the entropy of the race shares (~1.1 nats). */
    cr_assert(fa_json_number(fa_json_member(root, "chance_loss")) > 1.0);
    fa_model_fit_info(m, &info);
    cr_assert_eq(info.iterations, 7);
    cr_assert(strstr(info.stop_reason, "adversarial debiasing (eo)") != NULL);
    fa_json_doc_free(doc);
    /* The record survives a model file round trip. */
    snprintf(path, sizeof path, "%s/fa_test_%d_adv_model.json",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
    FA_ASSERT_OK(fa_model_save(m, path, &err));
    FA_ASSERT_OK(fa_model_load(&back, path, &err));
    cr_assert_str_eq(fa_model_mitigation_details(back), d);
    assert_same_scores(m, back, t.table, true);
    remove(path);
    fa_model_free(back);
    fa_model_free(m);
    mt_free(&t);
    FA_ASSERT_NO_LEAKS();
}

Test(adversarial, options_rejected)
{
    mt_table t = mt_credit(300, 5, 0.0, "adv_opt.csv");
    fa_mitigate_options mo = FA_MITIGATE_OPTIONS_INIT;
    const char *cols[] = {"race"}, *none[] = {"region"};
    fa_model *m = NULL;
    fa_error err;

    mo.method = FA_MITIGATE_ADVERSARIAL;
    mo.protected_columns = cols;
    mo.n_protected = 1;
    mo.adversary.fairness = FA_FAIRNESS_AIR;
    cr_assert_eq(fa_mitigate_fit(&m, t.table, NULL, &mo, NULL, &err), FA_EINVAL);
    mo.adversary.fairness = FA_FAIRNESS_DP;
    mo.adversary.weight = -2.0;
    cr_assert_eq(fa_mitigate_fit(&m, t.table, NULL, &mo, NULL, &err), FA_EINVAL);
    mo.adversary.weight = FA_ADV_WEIGHT_DEFAULT;
    FA_ASSERT_NEAR(fa_adversary_weight(&mo.adversary), FA_ADV_DEFAULT_WEIGHT_DP, 0.0);
    mo.adversary.epochs = 0;
    cr_assert_eq(fa_mitigate_fit(&m, t.table, NULL, &mo, NULL, &err), FA_EINVAL);
    mo.adversary.epochs = 2;
    mo.adversary.decay = 0.0;
    cr_assert_eq(fa_mitigate_fit(&m, t.table, NULL, &mo, NULL, &err), FA_EINVAL);
    mo.adversary.decay = 1.0;
    mo.protected_columns = none; /* categorical columns may define groups too */
    FA_ASSERT_OK(fa_mitigate_fit(&m, t.table, NULL, &mo, NULL, &err));
    fa_model_free(m);
    m = NULL;
    mo.protected_columns = NULL; /* credit has two protected columns: must choose */
    mo.n_protected = 0;
    cr_assert_eq(fa_mitigate_fit(&m, t.table, NULL, &mo, NULL, &err), FA_EINVAL);
    cr_assert_null(m);
    mt_free(&t);
    FA_ASSERT_NO_LEAKS();
}

/* Strong bias (1.0): the recorded defaults depend on region, a proxy of race, and the
 * model learns it. The adversary must remove most of the disparity between the five races
 * on rows it was not trained on. */
Test(adversarial, disparity_falls_on_biased_credit, .timeout = 60)
{
    mt_table tr = mt_credit(20000, 21, 1.0, "adv_tr.csv"),
             te = mt_credit(20000, 22, 1.0, "adv_te.csv");
    fa_model *base = NULL, *dp = NULL, *eo = NULL;
    fa_error err;
    uint8_t *d0, *d1, *d2;
    double dp0, eo0, dp1, eo1, dp2, eo2;

    FA_ASSERT_OK(fa_model_fit(&base, tr.table, NULL, NULL, &err));
    dp = fit_adv(tr.table, FA_MODEL_LOGREG, FA_FAIRNESS_DP, FA_ADV_WEIGHT_DEFAULT, 30, 42);
    eo = fit_adv(tr.table, FA_MODEL_LOGREG, FA_FAIRNESS_EO, FA_ADV_WEIGHT_DEFAULT, 30, 42);
    d0 = mt_decide(base, te.table);
    d1 = mt_decide(dp, te.table);
    d2 = mt_decide(eo, te.table);
    mt_disparity(te.table, "race", d0, &dp0, &eo0);
    mt_disparity(te.table, "race", d1, &dp1, &eo1);
    mt_disparity(te.table, "race", d2, &dp2, &eo2);
    cr_log_info("race dp %.4f -> %.4f (adversary dp); eo %.4f -> %.4f (adversary eo)", dp0, dp1,
                eo0, eo2);
    cr_assert_gt(dp0, 0.05, "the bias should show: dp %g", dp0);
    cr_assert_leq(dp1, 0.5 * dp0, "dp %g -> %g is not 50%% lower", dp0, dp1);
    cr_assert_leq(eo2, 0.75 * eo0, "eo %g -> %g is not 25%% lower", eo0, eo2);
    free(d0);
    free(d1);
    free(d2);
    fa_model_free(base);
    fa_model_free(dp);
    fa_model_free(eo);
    mt_free(&tr);
    mt_free(&te);
    FA_ASSERT_NO_LEAKS();
}
