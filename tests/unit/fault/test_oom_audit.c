/*
 * Allocation failures through the audit and its JSON report:
 *  - fa_audit_run with every option that allocates (two attributes and their
 *    intersection, decisions, weights, label values, missing tokens, an
 *    explicit reference, bootstrap intervals) — every failing allocation must
 *    give FA_ENOMEM (tests/unit/audit/test_audit.c's loop accepts FA_OK and
 *    steps over allocations; this one is strict);
 *  - fa_audit_run_table (the audit of model scores on a loaded table);
 *  - fa_report_json and fa_report_write_json (a failed write keeps the
 *    previous audit.json and leaves no temporary file).
 */
#include "oom.h"

static const char preds[] = "id,score,label,decision,grp,sex,w\n"
                            "1,0.92,yes,1,A,F,1\n"
                            "2,0.81,no,1,A,M,2\n"
                            "3,0.63,yes,1,A,F,1\n"
                            "4,0.44,yes,0,A,M,1\n"
                            "5,0.32,no,0,A,NA,1\n"
                            "6,0.21,no,0,A,M,0.5\n"
                            "7,0.72,yes,1,B,F,1\n"
                            "8,0.47,yes,0,B,M,1\n"
                            "9,0.56,no,1,B,F,3\n"
                            "10,0.12,no,0,B,M,1\n"
                            "11,0.57,no,1,B,F,1\n"
                            "12,0.26,no,0,C,M,1\n"
                            "13,0.17,no,0,C,F,1\n"
                            "14,0.06,no,0,C,M,1\n";

static void full_options(fa_audit_options *o)
{
    static const char *prot[] = {"grp", "sex"};
    static const char *labels[] = {"no", "yes"};
    static const char *missing[] = {"NA"};
    static const char *ref[] = {"grp=B"};

    fa_audit_options_init(o);
    o->label_column = "label";
    o->score_column = "score";
    o->decision_column = "decision";
    o->weight_column = "w";
    o->protected_columns = prot;
    o->n_protected = 2;
    o->label_values = labels;
    o->missing_values = missing;
    o->n_missing_values = 1;
    o->reference = ref;
    o->n_reference = 1;
    o->intersections = 1;
    o->bootstrap = 4;
    o->seed = 3;
    o->min_group_size = 2;
}

Test(oom_audit, run_every_option, .init = oom_init)
{
    fa_audit_options o;
    fa_audit_result *r = NULL;
    const char *path = fa_test_write("oom_preds.csv", preds);
    fa_error err;

    full_options(&o);
    OOM_LOOP(fa_audit_run(path, &o, &r, &err), (fa_audit_result_free(r), r = NULL));
    FA_ASSERT_NO_LEAKS();
}

static const char spec_text[] =
    "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"t\",\n"
    " \"columns\": [{\"name\": \"x\", \"role\": \"numeric\"},\n"
    "  {\"name\": \"g\", \"role\": \"protected\"}, {\"name\": \"s\", \"role\": \"protected\"},\n"
    "  {\"name\": \"w\", \"role\": \"weight\"},\n"
    "  {\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", \"negative\": \"0\"}]}\n";

Test(oom_audit, run_table, .init = oom_init)
{
    fa_spec *s = NULL;
    fa_table *t = NULL;
    fa_audit_result *r = NULL;
    fa_audit_options o;
    fa_buf b = FA_BUF_INIT;
    double scores[48];
    fa_error err;
    size_t i;

    fa_buf_puts(&b, "x,g,s,w,y\n");
    for (i = 0; i < 48; i++) {
        fa_buf_printf(&b, "%zu,%c,%s,%zu,%d\n", i, "abc"[i % 3], i % 4 ? "m" : "f", 1 + i % 2,
                      (int)(i % 5 < 2));
        scores[i] = (double)((i * 37) % 100) / 100.0;
    }
    FA_ASSERT_OK(fa_spec_parse(&s, spec_text, strlen(spec_text), "t.json", &err));
    FA_ASSERT_OK(fa_table_load(&t, s, fa_test_write("oom_table.csv", b.ptr), NULL, &err));
    fa_buf_dispose(&b);
    fa_audit_options_init(&o);
    o.intersections = 1;
    o.bootstrap = 3;
    o.min_group_size = 2;
    OOM_LOOP(fa_audit_run_table(t, scores, "model.json", &o, &r, &err),
             (fa_audit_result_free(r), r = NULL));
    fa_table_free(t);
    fa_spec_free(s);
    FA_ASSERT_NO_LEAKS();
}

static void after_report(const char *dir, const char *out, fa_status rc)
{
    const char *const files[] = {"audit.json", NULL};
    char *text;
    fa_error err;

    oom_expect_files(dir, files);
    text = oom_slurp(out);
    cr_assert_not_null(text);
    if (rc != FA_OK)
        cr_assert_str_eq(text, "{}\n", "a failed write changed audit.json");
    else
        FA_ASSERT_OK(fa_write_file_atomic(out, "{}\n", 3, &err));
    fa_free(text);
}

Test(oom_audit, report_json_and_write, .init = oom_init)
{
    fa_audit_options o;
    fa_audit_result *r = NULL;
    fa_report_options ro = FA_REPORT_OPTIONS_INIT;
    const char *dir = oom_dir("report");
    char out[600], *text = NULL;
    size_t len;
    fa_error err;

    full_options(&o);
    FA_ASSERT_OK(fa_audit_run(fa_test_write("oom_rep.csv", preds), &o, &r, &err));
    ro.generated_at = 0;
    OOM_LOOP(fa_report_json(r, &ro, &text, &len, &err), (fa_report_free(text), text = NULL));
    snprintf(out, sizeof out, "%s/audit.json", dir);
    FA_ASSERT_OK(fa_write_file_atomic(out, "{}\n", 3, &err));
    OOM_LOOP(fa_report_write_json(r, out, &ro, &err), after_report(dir, out, rc__));
    fa_audit_result_free(r);
    cr_assert_eq(remove(out), 0);
    cr_assert_eq(rmdir(dir), 0);
    FA_ASSERT_NO_LEAKS();
}

static void after_render(const char *out, fa_status rc)
{
    static const char *const files[] = {"report.html", "report.md", NULL};
    char path[700];
    char *html;

    /* no staged file, no private chart folder (.fairaudit-charts-*) left */
    oom_expect_files(out, files);
    /* nothing staged or temporary survives; a failed render keeps the old pair */
    snprintf(path, sizeof path, "%s/report.html", out);
    html = oom_slurp(path);
    cr_assert_not_null(html);
    if (rc != FA_OK)
        cr_assert_str_eq(html, "previous\n", "a failed render replaced report.html");
    fa_free(html);
    snprintf(path, sizeof path, "%s/.report.html.fa-new", out);
    cr_assert_neq(access(path, F_OK), 0, "staged report.html left behind");
    snprintf(path, sizeof path, "%s/.report.md.fa-new", out);
    cr_assert_neq(access(path, F_OK), 0, "staged report.md left behind");
    if (rc == FA_OK) {
        fa_error err;
        snprintf(path, sizeof path, "%s/report.html", out);
        FA_ASSERT_OK(fa_write_file_atomic(path, "previous\n", 9, &err));
    }
}

/* Every allocation of a whole render from a file (tests/unit/reports samples
 * every 37th one of a larger document). Without the cJSON hooks: the document
 * parse is covered by tests/unit/reports/test_report_doc.c. */
Test(oom_audit, report_render_file)
{
    fa_audit_options o;
    fa_audit_result *r = NULL;
    fa_report_options ro = FA_REPORT_OPTIONS_INIT;
    fa_report_render_options rro = FA_REPORT_RENDER_OPTIONS_INIT;
    const char *dir = oom_dir("render");
    char audit[600], out[600], path[700], cmd[800];
    fa_error err;

    static const char *prot[] = {"grp"};
    static const char *labels[] = {"no", "yes"};

    fa_audit_options_init(&o);
    o.label_column = "label";
    o.score_column = "score";
    o.protected_columns = prot;
    o.n_protected = 1;
    o.bootstrap = 0;
    o.label_values = labels;
    FA_ASSERT_OK(fa_audit_run(fa_test_write("oom_render.csv", preds), &o, &r, &err));
    snprintf(audit, sizeof audit, "%s/audit.json", dir);
    ro.generated_at = 0;
    FA_ASSERT_OK(fa_report_write_json(r, audit, &ro, &err));
    fa_audit_result_free(r);
    snprintf(out, sizeof out, "%s/out", dir);
    cr_assert_eq(mkdir(out, 0755), 0);
    snprintf(path, sizeof path, "%s/report.html", out);
    FA_ASSERT_OK(fa_write_file_atomic(path, "previous\n", 9, &err));
    rro.formats = FA_REPORT_HTML | FA_REPORT_MARKDOWN;
    rro.gnuplot = ""; /* chart data and scripts, no gnuplot run */
    OOM_LOOP(fa_report_render_file(audit, out, &rro, NULL, &err), after_render(out, rc__));
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    FA_ASSERT_NO_LEAKS();
}
