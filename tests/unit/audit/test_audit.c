/* fa_audit_run end to end on small files: figures, groups, references, located errors. */
#include "atest.h"
#include "common/internal.h"

static const char *prot1[] = {"grp"};

Test(audit_run, fixture_figures_match_the_hand_computation)
{
    fa_audit_options o;
    fa_audit_result *r;
    fa_error err;

    atest_options(&o, prot1, 1);
    FA_ASSERT_OK(atest_run("fx.csv", atest_csv, &o, &r, &err));
    cr_assert_eq(fa_audit_rows_read(r), 14);
    cr_assert_eq(fa_audit_rows_used(r), 14);
    cr_assert_eq(fa_audit_n_attributes(r), 1);
    cr_assert_eq(fa_audit_n_groups(r, 0), 3);
    cr_assert_str_eq(fa_audit_group_value(r, 0, 0), "A");
    cr_assert_str_eq(fa_audit_group_value(r, 0, 2), "C");
    FA_ASSERT_NEAR(atest_disp(r, "grp", "demographic_parity_difference"), 3.0 / 5.0, 1e-12);
    FA_ASSERT_NEAR(atest_disp(r, "grp", "statistical_parity_difference"), 3.0 / 8 - 1.0 / 2, 1e-12);
    FA_ASSERT_NEAR(atest_disp(r, "grp", "generalized_entropy_index"), 69.0 / 450.0, 1e-12);
    fa_audit_result_free(r);
}

Test(audit_run, decision_column_and_threshold_agree_on_the_fixture)
{
    fa_audit_options o;
    fa_audit_result *r1, *r2;
    fa_error err;

    atest_options(&o, prot1, 1);
    FA_ASSERT_OK(atest_run("fx.csv", atest_csv, &o, &r1, &err));
    o.decision_column = "decision";
    FA_ASSERT_OK(atest_run("fx.csv", atest_csv, &o, &r2, &err));
    FA_ASSERT_NEAR(atest_disp(r1, "grp", "equalized_odds_difference"),
                   atest_disp(r2, "grp", "equalized_odds_difference"), 0);
    fa_audit_result_free(r1);
    fa_audit_result_free(r2);
}

Test(audit_run, intersections_cover_every_combination)
{
    static const char *prot3[] = {"grp", "sex", "id"};
    fa_audit_options o;
    fa_audit_result *r;
    fa_error err;

    atest_options(&o, prot3, 3);
    o.intersections = 1;
    FA_ASSERT_OK(atest_run("fx.csv", atest_csv, &o, &r, &err));
    cr_assert_eq(fa_audit_n_attributes(r), 7);
    cr_assert_str_eq(fa_audit_attribute_name(r, 3), "grp&sex");
    cr_assert_str_eq(fa_audit_attribute_name(r, 4), "grp&id");
    cr_assert_str_eq(fa_audit_attribute_name(r, 5), "sex&id");
    cr_assert_str_eq(fa_audit_attribute_name(r, 6), "grp&sex&id");
    cr_assert_eq(fa_audit_n_groups(r, 3), 6); /* A,B,C x F,M all present */
    cr_assert_str_eq(fa_audit_group_value(r, 3, 0), "A & F");
    /* id values sort as text: "1" < "10" < "11" ... */
    cr_assert_str_eq(fa_audit_group_value(r, 2, 1), "10");
    fa_audit_result_free(r);
}

Test(audit_run, explicit_reference_changes_reference_forms_only)
{
    static const char *refs[] = {"grp=B"};
    fa_audit_options o;
    fa_audit_result *r;
    fa_error err;

    atest_options(&o, prot1, 1);
    o.reference = refs;
    o.n_reference = 1;
    FA_ASSERT_OK(atest_run("fx.csv", atest_csv, &o, &r, &err));
    FA_ASSERT_NEAR(atest_disp(r, "grp", "demographic_parity_difference"), 3.0 / 5.0, 1e-12);
    /* unprivileged = A and C pooled: SR 3/9; reference B: 3/5 */
    FA_ASSERT_NEAR(atest_disp(r, "grp", "statistical_parity_difference"), 3.0 / 9 - 3.0 / 5, 1e-12);
    fa_audit_result_free(r);
}

Test(audit_run, unknown_and_small_groups_are_counted_not_dropped)
{
    static const char text[] = "score,label,g\n"
                               "0.9,1,x\n0.2,0,x\n0.7,1,\n0.4,0,NA\n0.6,,x\n,1,y\n0.3,0, \n";
    static const char *miss[] = {"NA"};
    static const char *prot[] = {"g"};
    fa_audit_options o;
    fa_audit_result *r;
    fa_error err;

    atest_options(&o, prot, 1);
    o.missing_values = miss;
    o.n_missing_values = 1;
    FA_ASSERT_OK(atest_run("unk.csv", text, &o, &r, &err));
    cr_assert_eq(fa_audit_rows_read(r), 7);
    cr_assert_eq(fa_audit_rows_skipped(r), 2); /* missing label, missing score */
    cr_assert_eq(fa_audit_rows_used(r), 5);
    cr_assert_eq(fa_audit_n_groups(r, 0), 1); /* only x; y's row was skipped */
    fa_audit_result_free(r);
}

Test(audit_run, label_values_and_favourable_zero)
{
    static const char text[] = "score,income,g\n"
                               "0.9,>50K,a\n0.2,<=50K,a\n0.7,>50K,b\n0.4,<=50K,b\n0.6,<=50K,b\n";
    static const char *labels[] = {"<=50K", ">50K"};
    static const char *prot[] = {"g"};
    fa_audit_options o;
    fa_audit_result *r;
    fa_error err;

    atest_options(&o, prot, 1);
    o.label_column = "income";
    o.label_values = labels;
    o.favorable = 0;
    FA_ASSERT_OK(atest_run("lv.csv", text, &o, &r, &err));
    /* favourable decision = score < 0.5: a 1/2, b 1/3 */
    FA_ASSERT_NEAR(atest_disp(r, "g", "demographic_parity_difference"), 1.0 / 2 - 1.0 / 3, 1e-12);
    fa_audit_result_free(r);
}

/* ---- errors ---------------------------------------------------------------------------- */

static void expect_error(const char *text, const fa_audit_options *o, fa_status code,
                         uint64_t line, uint32_t column, const char *needle)
{
    fa_audit_result *r = NULL;
    fa_error err;
    char msg[1024];
    fa_status rc = atest_run("bad.csv", text, o, &r, &err);

    fa_error_format(&err, msg, sizeof msg);
    cr_assert_eq(rc, code, "status %d (%s), expected %d", rc, msg, code);
    cr_assert_null(r);
    cr_assert(strstr(msg, needle) != NULL, "message '%s' lacks '%s'", msg, needle);
    cr_assert_eq(err.loc.line, line, "line %llu in '%s'", (unsigned long long)err.loc.line, msg);
    cr_assert_eq(err.loc.column, column, "column %u in '%s'", err.loc.column, msg);
    cr_assert(strstr(msg, "bad.csv") != NULL);
}

Test(audit_errors, located_input_errors)
{
    fa_audit_options o;
    static const char *prot[] = {"g"};

    atest_options(&o, prot, 1);
    expect_error("score,label,g\n0.5,1,a\nabc,0,a\n", &o, FA_EPARSE, 3, 1,
                 "column \"score\": expected a number, got \"abc\"");
    expect_error("score,label,g\n0.5,1,a\nnan,0,a\n", &o, FA_EPARSE, 3, 1, "not a finite number");
    expect_error("score,label,g\n0.5,2,a\n", &o, FA_EDATA, 2, 2,
                 "column \"label\": expected 0 or 1, got \"2\"");
    expect_error("score,label,g\n0.5,1,a\n1.5,1,a\n", &o, FA_EDATA, 3, 1,
                 "outside the score range [0, 1]");
    expect_error("score,label,g\n0.5,1,a\n0.5,1\n", &o, FA_ESCHEMA, 3, 3,
                 "record has 2 fields, expected 3");
    expect_error("score,lbl,g\n0.5,1,a\n", &o, FA_ESCHEMA, 1, 0, "no label column \"label\"");
    o.weight_column = "w";
    expect_error("score,label,g,w\n0.5,1,a,-1\n", &o, FA_EDATA, 2, 4, "weight -1 is negative");
    o.weight_column = NULL;
    o.decision_column = "d";
    expect_error("score,label,g,d\n0.5,1,a,yes\n", &o, FA_EDATA, 2, 4,
                 "column \"d\": expected 0 or 1");
    o.decision_column = NULL;
    o.max_groups = 2;
    expect_error("score,label,g\n0.5,1,a\n0.5,1,b\n0.5,1,c\n", &o, FA_EDATA, 4, 3,
                 "more than 2 distinct combinations");
}

Test(audit_errors, options_are_checked)
{
    static const char *prot[] = {"grp"};
    static const char *dup[] = {"grp", "grp"};
    static const char *bad_ref[] = {"sex=F"};
    static const char *absent_ref[] = {"grp=Z"};
    fa_audit_options o;
    fa_audit_result *r = NULL;
    fa_error err;

    atest_options(&o, prot, 1);
    o.threshold = 2.0;
    cr_assert_eq(atest_run("fx.csv", atest_csv, &o, &r, &err), FA_EINVAL);
    atest_options(&o, dup, 2);
    cr_assert_eq(atest_run("fx.csv", atest_csv, &o, &r, &err), FA_EINVAL);
    atest_options(&o, prot, 1);
    o.reference = bad_ref;
    o.n_reference = 1;
    cr_assert_eq(atest_run("fx.csv", atest_csv, &o, &r, &err), FA_EINVAL);
    cr_assert(strstr(err.message, "not a protected column") != NULL);
    o.reference = absent_ref;
    cr_assert_eq(atest_run("fx.csv", atest_csv, &o, &r, &err), FA_EINVAL);
    cr_assert(strstr(err.message, "no row has this value") != NULL, "%s", err.message);
    atest_options(&o, prot, 1);
    o.favorable = 2;
    cr_assert_eq(atest_run("fx.csv", atest_csv, &o, &r, &err), FA_EINVAL);
    atest_options(&o, prot, 1);
    cr_assert_eq(atest_run("empty.csv", "score,label,grp\n", &o, &r, &err), FA_EDATA);
    cr_assert_null(r);
}

Test(audit_errors, out_of_memory_never_leaks_or_crashes)
{
    static const char *prot[] = {"grp", "sex"};
    fa_audit_options o;
    const char *path = fa_test_write("oom.csv", atest_csv);
    long n, total;
    fa_audit_result *r = NULL;
    fa_error err;

    atest_options(&o, prot, 2);
    o.intersections = 1;
    o.bootstrap = 5;
    o.threads = 1; /* the fault injection counts this thread's allocations */
    fa__alloc_fail_after(0);
    FA_ASSERT_OK(fa_audit_run(path, &o, &r, &err));
    fa_audit_result_free(r);
    total = fa__alloc_fail_after(0);
    for (n = 1; n <= total; n += (total > 400 ? 7 : 1)) {
        fa_status rc;
        r = NULL;
        fa__alloc_fail_after(n);
        rc = fa_audit_run(path, &o, &r, &err);
        fa__alloc_fail_after(0);
        cr_assert(rc == FA_OK || rc == FA_ENOMEM, "allocation %ld: status %d (%s)", n, rc,
                  err.message);
        if (rc == FA_OK)
            fa_audit_result_free(r);
        else
            cr_assert_null(r);
    }
}

Test(audit_errors, oom_loop_really_injects)
{
    static const char *prot[] = {"grp"};
    fa_audit_options o;
    const char *path = fa_test_write("oom2.csv", atest_csv);
    fa_audit_result *r = NULL;
    fa_error err;

    atest_options(&o, prot, 1);
    o.threads = 1;
    fa__alloc_fail_after(0);
    FA_ASSERT_OK(fa_audit_run(path, &o, &r, &err));
    fa_audit_result_free(r);
    cr_assert(fa__alloc_fail_after(0) > 20);
    r = NULL;
    fa__alloc_fail_after(3);
    cr_assert_eq(fa_audit_run(path, &o, &r, &err), FA_ENOMEM);
    fa__alloc_fail_after(0);
    cr_assert_null(r);
}

/* fa_audit_run_table: the fixture loaded through a spec, scores given separately; the same
 * figures as the predictions-file pass. */
Test(audit_table, scored_table_matches_the_predictions_file_pass)
{
    static const char spec_text[] =
        "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"fx\",\n"
        " \"columns\": [\n"
        "  {\"name\": \"id\", \"role\": \"ignore\"},\n"
        "  {\"name\": \"score\", \"role\": \"numeric\"},\n"
        "  {\"name\": \"label\", \"role\": \"label\", \"positive\": \"1\", \"negative\": \"0\"},\n"
        "  {\"name\": \"decision\", \"role\": \"ignore\"},\n"
        "  {\"name\": \"grp\", \"role\": \"protected\"},\n"
        "  {\"name\": \"sex\", \"role\": \"protected\"},\n"
        "  {\"name\": \"w\", \"role\": \"ignore\"}]}\n";
    static const char *prot[] = {"grp", "sex"};
    static const char *only_sex[] = {"sex"};
    static const char *not_prot[] = {"score"};
    fa_spec *spec;
    fa_table *t;
    fa_audit_options o;
    fa_audit_result *rt, *rf;
    fa_error err;
    const double *scores;
    const char *path = fa_test_write("tbl.csv", atest_csv);

    FA_ASSERT_OK(fa_spec_parse(&spec, spec_text, strlen(spec_text), "fx.json", &err));
    FA_ASSERT_OK(fa_table_load(&t, spec, path, NULL, &err));
    scores = fa_table_numeric(t, fa_spec_find_column(spec, "score"));
    cr_assert_not_null(scores);
    atest_options(&o, NULL, 0);
    FA_ASSERT_OK(fa_audit_run_table(t, scores, "m.json", &o, &rt, &err));
    atest_options(&o, prot, 2);
    FA_ASSERT_OK(atest_run("fx.csv", atest_csv, &o, &rf, &err));
    cr_assert_eq(fa_audit_n_attributes(rt), 2);
    cr_assert_str_eq(fa_audit_attribute_name(rt, 0), "grp");
    FA_ASSERT_NEAR(atest_disp(rt, "grp", "demographic_parity_difference"),
                   atest_disp(rf, "grp", "demographic_parity_difference"), 0);
    FA_ASSERT_NEAR(atest_disp(rt, "sex", "theil_index"), atest_disp(rf, "sex", "theil_index"), 0);
    FA_ASSERT_NEAR(atest_disp(rt, "grp", "calibration_gap"),
                   atest_disp(rf, "grp", "calibration_gap"), 0);
    fa_audit_result_free(rt);
    fa_audit_result_free(rf);
    atest_options(&o, only_sex, 1);
    FA_ASSERT_OK(fa_audit_run_table(t, scores, NULL, &o, &rt, &err));
    cr_assert_eq(fa_audit_n_attributes(rt), 1);
    cr_assert_str_eq(fa_audit_attribute_name(rt, 0), "sex");
    fa_audit_result_free(rt);
    atest_options(&o, not_prot, 1);
    cr_assert_eq(fa_audit_run_table(t, scores, NULL, &o, &rt, &err), FA_EINVAL);
    fa_table_free(t);
    fa_spec_free(spec);
}

/* With threads, allocations of the calling thread fail (the others are not injected): the
 * audit still fails cleanly or succeeds, never leaks or crashes, and a success is the same
 * audit. */
Test(audit_errors, out_of_memory_with_threads)
{
    static const char *prot[] = {"grp", "sex"};
    fa_audit_options o;
    const char *path = fa_test_write("oomt.csv", atest_csv);
    long n, total;
    fa_audit_result *r = NULL;
    fa_error err;

    atest_options(&o, prot, 2);
    o.threads = 3;
    fa__alloc_fail_after(0);
    FA_ASSERT_OK(fa_audit_run(path, &o, &r, &err));
    fa_audit_result_free(r);
    total = fa__alloc_fail_after(0);
    for (n = 1; n <= total; n++) {
        fa_status rc;
        r = NULL;
        fa__alloc_fail_after(n);
        rc = fa_audit_run(path, &o, &r, &err);
        fa__alloc_fail_after(0);
        cr_assert(rc == FA_OK || rc == FA_ENOMEM, "allocation %ld: status %d (%s)", n, rc,
                  err.message);
        if (rc == FA_OK) {
            cr_assert_eq(fa_audit_rows_used(r), 14);
            fa_audit_result_free(r);
        } else {
            cr_assert_null(r);
        }
    }
}
