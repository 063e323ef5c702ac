/* lib/mitigate reweighing: hand-computed weights (unweighted and weighted input, three
 * groups, intersections, missing groups), the mix, the model record, errors, and AIF360's
 * weights on Adult to 1e-12. */
#include "common/internal.h"
#include "mit_test.h"
#include "serialize/json_read.h"

static const char *const spec3 =
    "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"three\",\n"
    " \"missing\": [\"?\"],\n"
    " \"columns\": [\n"
    "  {\"name\": \"g\", \"role\": \"protected\"},\n"
    "  {\"name\": \"h\", \"role\": \"protected\"},\n"
    "  {\"name\": \"x\", \"role\": \"numeric\"},\n"
    "  {\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", \"negative\": \"0\"}]}\n";

/* A: 1 positive, 3 negatives; B: 3 positives, 1 negative; C: 1 and 1; one row without g.
 * n = 10 known, 5 positives: w(A,1) = 4*5/(10*1) = 2, w(A,0) = 4*5/(10*3) = 2/3,
 * w(B,1) = 2/3, w(B,0) = 2, w(C,1) = w(C,0) = 2*5/(10*1) = 1. */
static const char *const csv3 = "g,h,x,y\n"
                                "A,u,1,1\nA,u,2,0\nA,v,3,0\nA,v,4,0\n"
                                "B,u,1,1\nB,u,2,1\nB,v,3,1\nB,v,4,0\n"
                                "C,u,1,1\nC,v,2,0\n"
                                "?,u,5,1\n";

static size_t group_index(const fa_reweighing *rw, const char *name)
{
    size_t g;

    for (g = 0; g < fa_reweighing_n_groups(rw); g++)
        if (strcmp(fa_reweighing_group(rw, g), name) == 0)
            return g;
    cr_assert_fail("no group %s", name);
    return 0;
}

Test(reweigh, hand_computed_three_groups)
{
    mt_table t = mt_load(spec3, "rw3.csv", csv3);
    const char *cols[] = {"g"};
    fa_reweighing *rw = NULL;
    double w[11];
    fa_error err;
    size_t a, b, c;

    FA_ASSERT_OK(fa_reweigh_fit(&rw, t.table, cols, 1, &err));
    cr_assert_eq(fa_reweighing_n_groups(rw), 3);
    cr_assert_str_eq(fa_reweighing_group(rw, 0), "A"); /* sorted by value */
    a = group_index(rw, "A");
    b = group_index(rw, "B");
    c = group_index(rw, "C");
    FA_ASSERT_NEAR(fa_reweighing_weight(rw, a, 1), 2.0, FA_TOL_EXACT);
    FA_ASSERT_NEAR(fa_reweighing_weight(rw, a, 0), 2.0 / 3.0, FA_TOL_EXACT);
    FA_ASSERT_NEAR(fa_reweighing_weight(rw, b, 1), 2.0 / 3.0, FA_TOL_EXACT);
    FA_ASSERT_NEAR(fa_reweighing_weight(rw, b, 0), 2.0, FA_TOL_EXACT);
    FA_ASSERT_NEAR(fa_reweighing_weight(rw, c, 1), 1.0, FA_TOL_EXACT);
    FA_ASSERT_NEAR(fa_reweighing_weight(rw, c, 0), 1.0, FA_TOL_EXACT);
    FA_ASSERT_NEAR(fa_reweighing_mass(rw, a, 0), 3.0, FA_TOL_EXACT);
    cr_assert(isnan(fa_reweighing_weight(rw, 3, 0)));
    cr_assert(isnan(fa_reweighing_weight(rw, 0, 2)));
    cr_assert_null(fa_reweighing_group(rw, 3));

    /* Row weights: full, none, half way; the row without a group keeps 1. */
    FA_ASSERT_OK(fa_reweighing_row_weights(rw, t.table, 1.0, w, &err));
    FA_ASSERT_NEAR(w[0], 2.0, FA_TOL_EXACT);
    FA_ASSERT_NEAR(w[1], 2.0 / 3.0, FA_TOL_EXACT);
    FA_ASSERT_NEAR(w[7], 2.0, FA_TOL_EXACT);
    FA_ASSERT_NEAR(w[10], 1.0, FA_TOL_EXACT);
    FA_ASSERT_OK(fa_reweighing_row_weights(rw, t.table, 0.0, w, &err));
    for (a = 0; a < 11; a++)
        FA_ASSERT_NEAR(w[a], 1.0, FA_TOL_EXACT);
    FA_ASSERT_OK(fa_reweighing_row_weights(rw, t.table, 0.5, w, &err));
    FA_ASSERT_NEAR(w[0], 1.5, FA_TOL_EXACT);
    FA_ASSERT_NEAR(w[1], 1.0 - 1.0 / 6.0, FA_TOL_EXACT);
    cr_assert_eq(fa_reweighing_row_weights(rw, t.table, 1.5, w, &err), FA_EINVAL);
    fa_reweighing_free(rw);
    mt_free(&t);
    FA_ASSERT_NO_LEAKS();
}

Test(reweigh, independence_after_reweighing)
{
    /* Property: in the reweighted data every group has the overall positive share, and
     * every group and every label keep their total weight. */
    mt_table t = mt_credit(3000, 7, 1.0, "rw_credit.csv");
    const char *cols[] = {"race", "sex"};
    fa_reweighing *rw = NULL;
    size_t n = fa_table_n_rows(t.table), i, g;
    size_t rc = fa_spec_find_column(t.spec, "race"), sc = fa_spec_find_column(t.spec, "sex");
    const uint8_t *y = fa_table_labels(t.table);
    double *w = malloc(n * sizeof *w), pos[64] = {0}, all[64] = {0}, raw[64] = {0}, P = 0;
    fa_error err;

    FA_ASSERT_OK(fa_reweigh_fit(&rw, t.table, cols, 2, &err));
    cr_assert_eq(fa_reweighing_n_groups(rw), 10, "5 races x 2 sexes");
    cr_assert_str_eq(fa_reweighing_group(rw, 0), "Asian & Female");
    FA_ASSERT_OK(fa_reweighing_row_weights(rw, t.table, 1.0, w, &err));
    for (i = 0; i < n; i++) {
        size_t k =
            (size_t)fa_table_codes(t.table, rc)[i] * 2 + (size_t)fa_table_codes(t.table, sc)[i];
        pos[k] += y[i] ? w[i] : 0.0;
        all[k] += w[i];
        raw[k] += 1.0;
        P += y[i];
    }
    for (g = 0; g < 10; g++) {
        FA_ASSERT_NEAR(pos[g] / all[g], P / (double)n, FA_TOL_EXACT);
        FA_ASSERT_NEAR(all[g], raw[g], 1e-9);
    }
    free(w);
    fa_reweighing_free(rw);
    mt_free(&t);
    FA_ASSERT_NO_LEAKS();
}

static const char *const spec_w =
    "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"weighted\",\n"
    " \"columns\": [\n"
    "  {\"name\": \"g\", \"role\": \"protected\"},\n"
    "  {\"name\": \"s\", \"role\": \"weight\"},\n"
    "  {\"name\": \"x\", \"role\": \"numeric\"},\n"
    "  {\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", \"negative\": \"0\"}]}\n";

/* Existing weights: W_A1 = 2, W_A0 = 3, W_B1 = 3, W_B0 = 4; W = 12, W_1 = 5, W_0 = 7:
 * w(A,1) = 5*5/(12*2) = 25/24, w(A,0) = 5*7/(12*3) = 35/36, w(B,1) = 7*5/(12*3) = 35/36,
 * w(B,0) = 7*7/(12*4) = 49/48; the final weight is the input weight times w. */
static const char *const csv_w = "g,s,x,y\n"
                                 "A,2,1,1\nA,1,2,0\nA,1,3,0\nA,1,4,0\n"
                                 "B,1,1,1\nB,1,2,1\nB,1,3,1\nB,4,4,0\n";

Test(reweigh, combined_with_sample_weights)
{
    mt_table t = mt_load(spec_w, "rww.csv", csv_w);
    fa_reweighing *rw = NULL;
    fa_error err;
    double w[8];

    FA_ASSERT_OK(fa_reweigh_fit(&rw, t.table, NULL, 0, &err)); /* the only protected column */
    FA_ASSERT_NEAR(fa_reweighing_weight(rw, 0, 1), 25.0 / 24.0, FA_TOL_EXACT);
    FA_ASSERT_NEAR(fa_reweighing_weight(rw, 0, 0), 35.0 / 36.0, FA_TOL_EXACT);
    FA_ASSERT_NEAR(fa_reweighing_weight(rw, 1, 1), 35.0 / 36.0, FA_TOL_EXACT);
    FA_ASSERT_NEAR(fa_reweighing_weight(rw, 1, 0), 49.0 / 48.0, FA_TOL_EXACT);
    FA_ASSERT_NEAR(fa_reweighing_mass(rw, 1, 0), 4.0, FA_TOL_EXACT);
    FA_ASSERT_OK(fa_reweighing_row_weights(rw, t.table, 1.0, w, &err));
    FA_ASSERT_NEAR(w[0], 25.0 / 24.0, FA_TOL_EXACT); /* multiplier only */
    fa_reweighing_free(rw);
    mt_free(&t);
    FA_ASSERT_NO_LEAKS();
}

Test(reweigh, errors)
{
    mt_table t = mt_load(spec3, "rwerr.csv", csv3);
    const char *bad[] = {"nope"}, *label[] = {"y"}, *dup[] = {"g", "g"}, *num[] = {"x"};
    const char *g_only[] = {"g"};
    fa_reweighing *rw = (fa_reweighing *)1;
    fa_error err;

    cr_assert_eq(fa_reweigh_fit(&rw, t.table, NULL, 0, &err), FA_EINVAL);
    cr_assert(strstr(err.message, "2 protected columns (g, h)") != NULL, "%s", err.message);
    cr_assert_null(rw);
    cr_assert_eq(fa_reweigh_fit(&rw, t.table, bad, 1, &err), FA_EINVAL);
    cr_assert(strstr(err.message, "no column \"nope\"") != NULL, "%s", err.message);
    cr_assert_eq(fa_reweigh_fit(&rw, t.table, label, 1, &err), FA_EINVAL);
    cr_assert_eq(fa_reweigh_fit(&rw, t.table, dup, 2, &err), FA_EINVAL);
    cr_assert_eq(fa_reweigh_fit(&rw, t.table, num, 1, &err), FA_EINVAL);
    cr_assert(strstr(err.message, "numeric") != NULL, "%s", err.message);
    mt_free(&t);
    /* one label only among the rows with a group */
    t = mt_load(spec3, "rwone.csv", "g,h,x,y\nA,u,1,1\nB,u,2,1\n?,u,3,0\n");
    cr_assert_eq(fa_reweigh_fit(&rw, t.table, g_only, 1, &err), FA_EDATA);
    cr_assert(strstr(err.message, "both labels") != NULL, "%s", err.message);
    mt_free(&t);
    FA_ASSERT_NO_LEAKS();
}

Test(reweigh, unseen_group_in_other_table)
{
    mt_table t = mt_load(spec3, "rwfit.csv", csv3), u;
    const char *cols[] = {"g"};
    fa_reweighing *rw = NULL;
    fa_error err;
    double w[2];

    FA_ASSERT_OK(fa_reweigh_fit(&rw, t.table, cols, 1, &err));
    u = mt_load(spec3, "rwother.csv", "g,h,x,y\nA,u,1,1\nD,u,1,0\n");
    cr_assert_eq(fa_reweighing_row_weights(rw, u.table, 1.0, w, &err), FA_EDATA);
    cr_assert(strstr(err.message, "\"D\"") != NULL, "%s", err.message);
    fa_reweighing_free(rw);
    mt_free(&t);
    mt_free(&u);
    FA_ASSERT_NO_LEAKS();
}

Test(reweigh, model_records_the_weights)
{
    mt_table t = mt_load(spec3, "rwmodel.csv", csv3);
    fa_mitigate_options mo = FA_MITIGATE_OPTIONS_INIT;
    const char *cols[] = {"g"};
    fa_model *m = NULL, *back = NULL;
    char path[512];
    fa_error err;

    mo.method = FA_MITIGATE_REWEIGH;
    mo.protected_columns = cols;
    mo.n_protected = 1;
    FA_ASSERT_OK(fa_mitigate_fit(&m, t.table, NULL, &mo, NULL, &err));
    cr_assert_str_eq(fa_model_mitigation_method(m), "reweigh");
    {
        /* details: groups[0] is A with weights [w(A,0), w(A,1)] = [2/3, 2] */
        const char *d = fa_model_mitigation_details(m);
        fa_json_doc *doc = NULL;
        const fa_json_node *grp, *ws;
        FA_ASSERT_OK(fa_json_doc_parse(&doc, d, strlen(d), "details", &err));
        grp = fa_json_at(fa_json_member(fa_json_doc_root(doc), "groups"), 0);
        cr_assert_str_eq(fa_json_string(fa_json_member(grp, "value")), "A");
        ws = fa_json_member(grp, "weights");
        FA_ASSERT_NEAR(fa_json_number(fa_json_at(ws, 0)), 2.0 / 3.0, FA_TOL_EXACT);
        FA_ASSERT_NEAR(fa_json_number(fa_json_at(ws, 1)), 2.0, FA_TOL_EXACT);
        cr_assert_eq(fa_json_number(fa_json_member(fa_json_doc_root(doc), "unknown_rows")), 1.0);
        fa_json_doc_free(doc);
    }
    snprintf(path, sizeof path, "%s/fa_test_%d_rw_model.json",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
    FA_ASSERT_OK(fa_model_save(m, path, &err));
    FA_ASSERT_OK(fa_model_load(&back, path, &err));
    cr_assert_str_eq(fa_model_mitigation_method(back), "reweigh");
    cr_assert_str_eq(fa_model_mitigation_details(back), fa_model_mitigation_details(m));
    remove(path);
    fa_model_free(m);
    fa_model_free(back);
    mt_free(&t);
    FA_ASSERT_NO_LEAKS();
}

/* AIF360 0.6.1 Reweighing on adult.data (rows with '?' dropped), sex, favourable >50K:
 * w_p_fav 0.7931582628705968, w_p_unfav 1.0946052453289232, w_up_fav 2.1897120060068915,
 * w_up_unfav 0.8474094866574783 (printed with repr() by the reference script). */
Test(reweigh, adult_equals_aif360)
{
    const char *data = fa_test_shared_path("adult/adult.data");
    const char *cols[] = {"sex"};
    fa_spec *spec = NULL;
    fa_table *t = NULL;
    fa_reweighing *rw = NULL;
    fa_error err;
    size_t male, female;

    FA_ASSERT_OK(fa_spec_load(&spec, FA_SOURCE_DIR "/datasets/adult.json", &err));
    FA_ASSERT_OK(fa_table_load(&t, spec, data, NULL, &err));
    cr_assert_eq(fa_table_n_rows(t), 30162);
    FA_ASSERT_OK(fa_reweigh_fit(&rw, t, cols, 1, &err));
    female = group_index(rw, "Female");
    male = group_index(rw, "Male");
    FA_ASSERT_NEAR(fa_reweighing_weight(rw, male, 1), 0.7931582628705968, FA_TOL_EXACT);
    FA_ASSERT_NEAR(fa_reweighing_weight(rw, male, 0), 1.0946052453289232, FA_TOL_EXACT);
    FA_ASSERT_NEAR(fa_reweighing_weight(rw, female, 1), 2.1897120060068915, FA_TOL_EXACT);
    FA_ASSERT_NEAR(fa_reweighing_weight(rw, female, 0), 0.8474094866574783, FA_TOL_EXACT);
    /* the six-digit figures */
    FA_ASSERT_NEAR(fa_reweighing_weight(rw, male, 1), 0.793158, 5e-7);
    FA_ASSERT_NEAR(fa_reweighing_weight(rw, male, 0), 1.094605, 5e-7);
    FA_ASSERT_NEAR(fa_reweighing_weight(rw, female, 1), 2.189712, 5e-7);
    FA_ASSERT_NEAR(fa_reweighing_weight(rw, female, 0), 0.847409, 5e-7);
    FA_ASSERT_NEAR(fa_reweighing_mass(rw, female, 1), 1112.0, FA_TOL_EXACT);
    fa_reweighing_free(rw);
    fa_table_free(t);
    fa_spec_free(spec);
    FA_ASSERT_NO_LEAKS();
}

Test(reweigh, fault_injection)
{
    mt_table t = mt_load(spec3, "rwfault.csv", csv3);
    const char *cols[] = {"g"};
    fa_mitigate_options mo = FA_MITIGATE_OPTIONS_INIT;
    fa_model *m = NULL;
    fa_error err;
    long n, k;

    mo.method = FA_MITIGATE_REWEIGH;
    mo.protected_columns = cols;
    mo.n_protected = 1;
    fa__alloc_fail_after(0);
    FA_ASSERT_OK(fa_mitigate_fit(&m, t.table, NULL, &mo, NULL, &err));
    n = fa__alloc_fail_after(0);
    fa_model_free(m);
    for (k = 1; k <= n; k++) {
        fa_status rc;
        m = NULL;
        fa__alloc_fail_after(k);
        rc = fa_mitigate_fit(&m, t.table, NULL, &mo, NULL, &err);
        fa__alloc_fail_after(0);
        cr_assert(rc == FA_ENOMEM || rc == FA_OK, "allocation %ld: %s", k, fa_status_str(rc));
        if (rc == FA_OK)
            fa_model_free(m);
        else
            cr_assert_null(m);
    }
    mt_free(&t);
    FA_ASSERT_NO_LEAKS();
}
