/* lib/mitigate sweep: the points, their folders and audits, the frontier (checked against
 * its definition), thresholds points, and option errors. The audit callback is the public
 * audit API, as in the CLI. */
#include <sys/stat.h>

#include "common/internal.h"
#include "mit_test.h"
#include "serialize/json_read.h"

static fa_status
audit_cb(void *payload, const char *predictions, const char *out_dir, fa_error *err)
{
    fa_audit_options o = FA_AUDIT_OPTIONS_INIT;
    const char *prot[] = {"race", "sex"};
    fa_audit_result *res = NULL;
    char path[1024];
    fa_status rc;

    (void)payload;
    o.label_column = "default";
    o.score_column = "score";
    o.decision_column = "decision";
    o.protected_columns = prot;
    o.n_protected = 2;
    o.favorable = 0;
    o.bootstrap = 20;
    snprintf(path, sizeof path, "%s/audit.json", out_dir);
    rc = fa_audit_run(predictions, &o, &res, err);
    if (rc == FA_OK)
        rc = fa_report_write_json(res, path, NULL, err);
    fa_audit_result_free(res);
    return rc;
}

static bool exists(const char *dir, const char *a, const char *b)
{
    char path[1024];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s/%s", dir, a, b);
    return stat(path, &st) == 0 && st.st_size > 0;
}

static void check_frontier(const fa_json_node *points)
{
    size_t i, j, n = fa_json_count(points);

    for (i = 0; i < n; i++) {
        const fa_json_node *p = fa_json_at(points, i);
        double ai = fa_json_number(fa_json_member(p, "accuracy"));
        double gi = fa_json_number(fa_json_member(p, "gap"));
        bool dominated = false;
        for (j = 0; j < n; j++) {
            const fa_json_node *q = fa_json_at(points, j);
            double aj = fa_json_number(fa_json_member(q, "accuracy"));
            double gj = fa_json_number(fa_json_member(q, "gap"));
            if (j != i && aj >= ai && gj <= gi && (aj > ai || gj < gi))
                dominated = true;
        }
        cr_assert_eq(fa_json_bool(fa_json_member(p, "frontier")), !dominated, "point %zu", i);
    }
}

Test(sweep, reweigh_points_and_frontier, .timeout = 60)
{
    mt_table tr = mt_credit(4000, 51, 1.0, "sw_tr.csv"), te = mt_credit(3000, 52, 1.0, "sw_te.csv");
    fa_sweep_options o = FA_SWEEP_OPTIONS_INIT;
    const char *race[] = {"race"};
    double values[] = {0.5, 1.0};
    char dir[512], path[600];
    fa_json_doc *doc = NULL;
    const fa_json_node *root, *pts;
    fa_error err;

    snprintf(dir, sizeof dir, "%s/fa_test_%d_sweep", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (int)getpid());
    o.method = FA_SWEEP_REWEIGH;
    o.values = values;
    o.n_values = 2;
    o.mitigate.protected_columns = race;
    o.mitigate.n_protected = 1;
    o.out_dir = dir;
    o.audit = audit_cb;
    FA_ASSERT_OK(fa_sweep_run(tr.table, te.table, &o, &err));
    cr_assert(exists(dir, "point-00", "model.json") && exists(dir, "point-02", "audit.json") &&
              exists(dir, "point-01", "predictions.csv"));
    snprintf(path, sizeof path, "%s/sweep.json", dir);
    FA_ASSERT_OK(fa_json_doc_load(&doc, path, &err));
    root = fa_json_doc_root(doc);
    cr_assert_str_eq(fa_json_string(fa_json_member(root, "metric")),
                     "demographic_parity_difference");
    cr_assert_str_eq(fa_json_string(fa_json_member(root, "attribute")), "race");
    pts = fa_json_member(root, "points");
    cr_assert_eq(fa_json_count(pts), 3);
    cr_assert(fa_json_bool(fa_json_member(fa_json_at(pts, 0), "baseline")));
    cr_assert(fa_json_is(fa_json_member(fa_json_at(pts, 0), "strength"), FA_JSON_NULL));
    cr_assert_eq(fa_json_number(fa_json_member(fa_json_at(pts, 2), "strength")), 1.0);
    /* full reweighing is less discriminatory than the baseline on this biased data */
    cr_assert_lt(fa_json_number(fa_json_member(fa_json_at(pts, 2), "disparity")),
                 fa_json_number(fa_json_member(fa_json_at(pts, 0), "disparity")));
    check_frontier(pts);
    fa_json_doc_free(doc);
    snprintf(path, sizeof path, "%s/sweep.csv", dir);
    {
        FILE *fp = fopen(path, "r");
        char line[512];
        int lines = 0;
        cr_assert_not_null(fp);
        while (fgets(line, sizeof line, fp))
            lines++;
        fclose(fp);
        cr_assert_eq(lines, 4);
    }
    mt_free(&tr);
    mt_free(&te);
    FA_ASSERT_NO_LEAKS();
}

Test(sweep, thresholds_points, .timeout = 60)
{
    mt_table tr = mt_credit(4000, 53, 1.0, "sw_tr2.csv"),
             te = mt_credit(3000, 54, 1.0, "sw_te2.csv");
    fa_sweep_options o = FA_SWEEP_OPTIONS_INIT;
    const char *race[] = {"race"};
    double values[] = {0.9, 0.95};
    char dir[512], path[600];
    fa_json_doc *doc = NULL;
    fa_error err;

    snprintf(dir, sizeof dir, "%s/fa_test_%d_sweep_th",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
    o.method = FA_SWEEP_THRESHOLDS;
    o.target = FA_FAIRNESS_AIR;
    o.favorable = 0;
    o.values = values;
    o.n_values = 2;
    o.mitigate.protected_columns = race;
    o.mitigate.n_protected = 1;
    o.out_dir = dir;
    o.audit = audit_cb;
    FA_ASSERT_OK(fa_sweep_run(tr.table, te.table, &o, &err));
    cr_assert(exists(dir, "point-01", "thresholds.json") && exists(dir, "point-02", "audit.json"));
    snprintf(path, sizeof path, "%s/sweep.json", dir);
    FA_ASSERT_OK(fa_json_doc_load(&doc, path, &err));
    cr_assert_str_eq(fa_json_string(fa_json_member(fa_json_doc_root(doc), "metric")),
                     "demographic_parity_ratio");
    cr_assert_str_eq(fa_json_string(fa_json_member(fa_json_doc_root(doc), "better")), "higher");
    check_frontier(fa_json_member(fa_json_doc_root(doc), "points"));
    fa_json_doc_free(doc);
    mt_free(&tr);
    mt_free(&te);
    FA_ASSERT_NO_LEAKS();
}

Test(sweep, options_rejected)
{
    mt_table t = mt_credit(200, 55, 0.0, "sw_opt.csv");
    fa_sweep_options o = FA_SWEEP_OPTIONS_INIT;
    double bad[] = {1.5}, neg[] = {-1.0};
    fa_error err;

    o.method = FA_SWEEP_REWEIGH;
    o.values = bad;
    o.n_values = 1;
    o.out_dir = "/tmp";
    o.audit = audit_cb;
    cr_assert_eq(fa_sweep_run(t.table, t.table, &o, &err), FA_EINVAL);
    cr_assert(strstr(err.message, "1.5") != NULL, "%s", err.message);
    o.method = FA_SWEEP_ADVERSARIAL;
    o.values = neg;
    cr_assert_eq(fa_sweep_run(t.table, t.table, &o, &err), FA_EINVAL);
    o.values = bad;
    o.audit = NULL;
    cr_assert_eq(fa_sweep_run(t.table, t.table, &o, &err), FA_EINVAL);
    o.audit = audit_cb;
    o.n_values = 0;
    cr_assert_eq(fa_sweep_run(t.table, t.table, &o, &err), FA_EINVAL);
    mt_free(&t);
    FA_ASSERT_NO_LEAKS();
}
