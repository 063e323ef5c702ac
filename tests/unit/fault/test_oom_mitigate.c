/*
 * Allocation failures through the mitigation entry points (merged from
 * wt/mitigate; only reweighing had a loop): fair thresholds (fit on a file
 * and on a table, save, load, deciding a table), the before/after comparison
 * of two audits (load, every rendering, write) and mitigated fits (reweighing
 * and adversarial debiasing, on a tiny budget).
 */
#include "oom.h"

static const char spec_text[] =
    "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"mt\",\n"
    " \"columns\": [{\"name\": \"x\", \"role\": \"numeric\"},\n"
    "  {\"name\": \"g\", \"role\": \"protected\"},\n"
    "  {\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", \"negative\": \"0\"}]}\n";

typedef struct fixture {
    fa_spec *spec;
    fa_table *table;
    double scores[90];
    char preds[600];
} fixture;

static void make_fixture(fixture *f)
{
    fa_buf data = FA_BUF_INIT, preds = FA_BUF_INIT;
    fa_error err;
    FILE *fp;
    size_t i;

    fa_buf_puts(&data, "x,g,y\n");
    fa_buf_puts(&preds, "score,label,g\n");
    for (i = 0; i < 90; i++) {
        int y = (int)((i * 7) % 10 < 4 + (i % 3));
        f->scores[i] = (double)((i * 37) % 100) / 100.0;
        fa_buf_printf(&data, "%zu,%c,%d\n", i % 11, "abc"[i % 3], y);
        fa_buf_printf(&preds, "%.2f,%d,%c\n", f->scores[i], y, "abc"[i % 3]);
    }
    FA_ASSERT_OK(fa_spec_parse(&f->spec, spec_text, strlen(spec_text), "mt.json", &err));
    FA_ASSERT_OK(
        fa_table_load(&f->table, f->spec, fa_test_write("oom_mt.csv", data.ptr), NULL, &err));
    snprintf(f->preds, sizeof f->preds, "%s/p.csv", oom_dir("mitigate"));
    fp = fopen(f->preds, "w");
    cr_assert_not_null(fp);
    fputs(preds.ptr, fp);
    fclose(fp);
    fa_buf_dispose(&data);
    fa_buf_dispose(&preds);
}

static void free_fixture(fixture *f)
{
    char cmd[700];

    fa_table_free(f->table);
    fa_spec_free(f->spec);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", oom_dir("mitigate"));
    cr_assert_eq(system(cmd), 0);
}

static void after_save(const char *dir, fa_status rc)
{
    static const char *const files[] = {"p.csv", "th.json", NULL};
    char path[700];
    char *text;
    fa_error err;

    oom_expect_files(dir, files);
    snprintf(path, sizeof path, "%s/th.json", dir);
    text = oom_slurp(path);
    cr_assert_not_null(text);
    if (rc != FA_OK)
        cr_assert_str_eq(text, "{}\n", "a failed save replaced the file");
    else
        FA_ASSERT_OK(fa_write_file_atomic(path, "{}\n", 3, &err));
    fa_free(text);
}

Test(oom_mitigate, thresholds, .init = oom_init)
{
    static const char *prot[] = {"g"};
    fixture f;
    fa_thresholds_options o;
    fa_thresholds *th = NULL, *back = NULL;
    const char *dir;
    char path[700];
    uint8_t decisions[90];
    fa_error err;
    fa_fairness target;

    make_fixture(&f);
    dir = oom_dir("mitigate");
    for (target = FA_FAIRNESS_DP; target <= FA_FAIRNESS_EO; target++) {
        fa_thresholds_options_init(&o);
        o.target = target;
        o.bound = 0.1;
        o.label_column = "label";
        o.score_column = "score";
        o.protected_columns = prot;
        o.n_protected = 1;
        OOM_LOOP(fa_thresholds_fit_file(&th, f.preds, &o, &err),
                 (fa_thresholds_free(th), th = NULL));
        o.protected_columns = NULL;
        o.n_protected = 0;
        OOM_LOOP(fa_thresholds_fit_table(&th, f.table, f.scores, &o, &err),
                 (fa_thresholds_free(th), th = NULL));
    }
    FA_ASSERT_OK(fa_thresholds_fit_table(&th, f.table, f.scores, &o, &err));
    snprintf(path, sizeof path, "%s/th.json", dir);
    FA_ASSERT_OK(fa_write_file_atomic(path, "{}\n", 3, &err));
    OOM_LOOP(fa_thresholds_save(th, path, &err), after_save(dir, rc__));
    FA_ASSERT_OK(fa_thresholds_save(th, path, &err));
    OOM_LOOP(fa_thresholds_load(&back, path, &err), (fa_thresholds_free(back), back = NULL));
    OOM_LOOP(fa_thresholds_decide_table(th, f.table, f.scores, decisions, &err), (void)0);
    fa_thresholds_free(th);
    free_fixture(&f);
    FA_ASSERT_NO_LEAKS();
}

/* Writes the audit.json of a small predictions file into dir/name. */
static void write_audit(const char *dir, const char *name, const char *csv, char *path, size_t n)
{
    static const char *prot[] = {"g"};
    fa_audit_options o;
    fa_audit_result *r = NULL;
    fa_report_options ro = FA_REPORT_OPTIONS_INIT;
    fa_error err;

    fa_audit_options_init(&o);
    o.label_column = "label";
    o.score_column = "score";
    o.protected_columns = prot;
    o.n_protected = 1;
    o.bootstrap = 0;
    o.min_group_size = 1;
    FA_ASSERT_OK(fa_audit_run(fa_test_write(name, csv), &o, &r, &err));
    snprintf(path, n, "%s/%s", dir, name);
    ro.generated_at = 0;
    FA_ASSERT_OK(fa_report_write_json(r, path, &ro, &err));
    fa_audit_result_free(r);
}

Test(oom_mitigate, compare, .init = oom_init)
{
    char before[700], after[700], out[700];
    const char *dir = oom_dir("compare");
    fa_comparison *c = NULL;
    char *text = NULL;
    fa_error err;
    int fmt;

    write_audit(dir, "before.json",
                "score,label,g\n0.9,1,a\n0.8,0,a\n0.3,1,b\n0.2,0,b\n0.7,1,b\n0.6,0,a\n", before,
                sizeof before);
    write_audit(dir, "after.json",
                "score,label,g\n0.9,1,a\n0.4,0,a\n0.6,1,b\n0.2,0,b\n0.7,1,b\n0.3,0,a\n", after,
                sizeof after);
    OOM_LOOP(fa_compare_load(&c, before, after, &err), (fa_comparison_free(c), c = NULL));
    FA_ASSERT_OK(fa_compare_load(&c, before, after, &err));
    for (fmt = FA_COMPARE_TEXT; fmt <= FA_COMPARE_MARKDOWN; fmt++)
        OOM_LOOP(fa_compare_render(c, (fa_compare_format)fmt, &text, NULL, &err),
                 (fa_compare_text_free(text), text = NULL));
    snprintf(out, sizeof out, "%s/compare.json", dir);
    OOM_LOOP(fa_compare_write(c, FA_COMPARE_JSON, out, &err), (void)remove(out));
    fa_comparison_free(c);
    cr_assert_eq(remove(before), 0);
    cr_assert_eq(remove(after), 0);
    cr_assert_eq(rmdir(dir), 0, "a temporary file was left behind in %s", dir);
    FA_ASSERT_NO_LEAKS();
}

static void fit_with(fa_mitigation method)
{
    fixture f;
    fa_mitigate_options mo;
    fa_fit_options fo = FA_FIT_OPTIONS_INIT;
    fa_model *m = NULL;
    fa_error err;

    make_fixture(&f);
    fa_mitigate_options_init(&mo);
    mo.method = method;
    mo.adversary.epochs = 2;
    mo.adversary.batch_size = 32;
    mo.adversary.average_epochs = 1;
    fo.n_threads = 1;
    fo.logreg.max_iter = 20;
    OOM_LOOP(fa_mitigate_fit(&m, f.table, NULL, &mo, &fo, &err), (fa_model_free(m), m = NULL));
    free_fixture(&f);
    FA_ASSERT_NO_LEAKS();
}

Test(oom_mitigate, fit_reweighed)
{
    fit_with(FA_MITIGATE_REWEIGH);
}

Test(oom_mitigate, fit_adversarial)
{
    fit_with(FA_MITIGATE_ADVERSARIAL);
}
