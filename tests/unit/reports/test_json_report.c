/* audit.json: structure, key order, undefined values with reasons, intervals, atomic write. */
#include <unistd.h>

#include "../audit/atest.h"
#include "common/internal.h"
#include "metrics/metrics.h"
#include "serialize/json_read.h"

static fa_json_doc *render(const fa_audit_options *o, int64_t when, fa_audit_result **res_out)
{
    fa_audit_result *r;
    fa_report_options ro = FA_REPORT_OPTIONS_INIT;
    fa_json_doc *doc;
    fa_error err;
    char *text;
    size_t len;

    FA_ASSERT_OK(atest_run("rep.csv", atest_csv, o, &r, &err));
    ro.generated_at = when;
    FA_ASSERT_OK(fa_report_json(r, &ro, &text, &len, &err));
    cr_assert_eq(len, strlen(text));
    cr_assert_eq(text[len - 1], '\n');
    FA_ASSERT_OK(fa_json_doc_parse(&doc, text, len, "audit.json", &err));
    fa_report_free(text);
    if (res_out != NULL)
        *res_out = r;
    else
        fa_audit_result_free(r);
    return doc;
}

static const fa_json_node *get(const fa_json_node *n, const char *key)
{
    const fa_json_node *m = fa_json_member(n, key);
    cr_assert_not_null(m, "missing key %s", key);
    return m;
}

Test(reports_json, top_level_contract_in_order)
{
    static const char *prot[] = {"grp"};
    static const char *const keys[] = {"schema_version", "tool",     "generated_at", "input",
                                       "threshold",      "decision", "favorable",    "score",
                                       "settings",       "calibration", "sweep",     "overall",
                                       "attributes"};
    fa_audit_options o;
    fa_json_doc *doc;
    const fa_json_node *root, *in;
    size_t i;

    atest_options(&o, prot, 1);
    doc = render(&o, 0, NULL);
    root = fa_json_doc_root(doc);
    cr_assert_eq(fa_json_count(root), sizeof keys / sizeof keys[0]);
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
        cr_assert_str_eq(fa_json_key(fa_json_at(root, i)), keys[i]);
    cr_assert_eq(fa_json_number(get(root, "schema_version")), FA_AUDIT_JSON_SCHEMA_VERSION);
    cr_assert_str_eq(fa_json_string(get(get(root, "tool"), "name")), "fairaudit");
    cr_assert_str_eq(fa_json_string(get(root, "generated_at")), "1970-01-01T00:00:00Z");
    in = get(root, "input");
    cr_assert_eq(fa_json_number(get(in, "rows_read")), 14);
    cr_assert_eq(fa_json_number(get(in, "rows_used")), 14);
    cr_assert_eq(fa_json_number(get(in, "rows_skipped")), 0);
    cr_assert_eq(strlen(fa_json_string(get(get(in, "fingerprint"), "value"))), 64);
    cr_assert_eq(fa_json_number(get(root, "threshold")), 0.5);
    cr_assert_eq(fa_json_number(get(root, "favorable")), 1);
    cr_assert_eq(fa_json_count(get(get(root, "sweep"), "thresholds")), FA_SWEEP_STEPS + 1);
    fa_json_doc_free(doc);
}

Test(reports_json, groups_metrics_and_undefined_reasons)
{
    static const char *prot[] = {"grp"};
    static const char *const mkeys[] = {"selection_rate", "tpr", "fpr", "tnr", "fnr", "ppv",
                                        "npv", "fdr", "for", "accuracy", "base_rate",
                                        "mean_score", "brier", "log_loss", "auc", "ks", "ece"};
    static const char *const vkeys[] = {"adverse_impact_ratio", "selection_rate_difference",
                                        "tpr_difference", "fpr_difference", "smd", "shortfall",
                                        "p_value", "p_value_adjusted"};
    fa_audit_options o;
    fa_json_doc *doc;
    const fa_json_node *attr, *groups, *c, *m, *u, *a;
    size_t i;

    atest_options(&o, prot, 1);
    o.min_group_size = 4;
    doc = render(&o, -1, NULL);
    cr_assert_null(fa_json_member(fa_json_doc_root(doc), "generated_at"));
    attr = fa_json_at(get(fa_json_doc_root(doc), "attributes"), 0);
    cr_assert_str_eq(fa_json_string(get(attr, "name")), "grp");
    cr_assert_str_eq(fa_json_string(get(get(attr, "reference"), "value")), "A");
    cr_assert_str_eq(fa_json_string(get(get(attr, "reference"), "chosen")), "largest_group");
    groups = get(attr, "groups");
    cr_assert_eq(fa_json_count(groups), 3);
    a = fa_json_at(groups, 0);
    cr_assert(fa_json_bool(get(a, "reference")));
    cr_assert(fa_json_is(get(a, "vs_reference"), FA_JSON_NULL));
    c = fa_json_at(groups, 2);
    cr_assert_str_eq(fa_json_string(get(c, "value")), "C");
    cr_assert_str_eq(fa_json_string(fa_json_at(get(c, "values"), 0)), "C");
    cr_assert_str_eq(fa_json_string(get(c, "status")), "insufficient_data");
    cr_assert_eq(fa_json_number(get(c, "n")), 3);
    cr_assert_eq(fa_json_number(get(get(c, "confusion"), "tn")), 3);
    m = get(c, "metrics");
    cr_assert_eq(fa_json_count(m), sizeof mkeys / sizeof mkeys[0]);
    for (i = 0; i < sizeof mkeys / sizeof mkeys[0]; i++)
        cr_assert_str_eq(fa_json_key(fa_json_at(m, i)), mkeys[i]);
    u = get(c, "undefined");
    /* every null metric has a reason, and only those */
    for (i = 0; i < fa_json_count(m); i++) {
        const fa_json_node *v = fa_json_at(m, i);
        bool is_null = fa_json_is(v, FA_JSON_NULL);
        cr_assert_eq(is_null, fa_json_member(u, fa_json_key(v)) != NULL, "%s", fa_json_key(v));
    }
    cr_assert(fa_json_is(get(m, "tpr"), FA_JSON_NULL));
    cr_assert(strlen(fa_json_string(get(u, "tpr"))) > 0);
    cr_assert_eq(fa_json_count(get(c, "calibration")), 10);
    m = get(c, "vs_reference");
    for (i = 0; i < sizeof vkeys / sizeof vkeys[0]; i++)
        cr_assert_str_eq(fa_json_key(fa_json_at(m, i)), vkeys[i]);
    cr_assert_eq(fa_json_number(get(m, "adverse_impact_ratio")), 0);
    cr_assert_str_eq(fa_json_string(get(m, "test")), "fisher_exact");
    cr_assert_eq(fa_json_count(get(get(c, "sweep"), "tpr")), FA_SWEEP_STEPS + 1);
    fa_json_doc_free(doc);
}

Test(reports_json, disparities_with_intervals_and_reasons)
{
    static const char *prot[] = {"grp"};
    fa_audit_options o;
    fa_json_doc *doc;
    const fa_json_node *d, *dpd, *dpr;

    atest_options(&o, prot, 1);
    o.bootstrap = 50;
    doc = render(&o, 0, NULL);
    d = get(fa_json_at(get(fa_json_doc_root(doc), "attributes"), 0), "disparities");
    cr_assert_eq(fa_json_count(d), FA_D_COUNT);
    cr_assert_str_eq(fa_json_key(fa_json_at(d, 0)), "demographic_parity_difference");
    dpd = get(d, "demographic_parity_difference");
    FA_ASSERT_NEAR(fa_json_number(get(dpd, "value")), 3.0 / 5.0, 1e-15);
    cr_assert_eq(fa_json_count(get(dpd, "ci")), 2);
    cr_assert(fa_json_number(fa_json_at(get(dpd, "ci"), 0)) <=
              fa_json_number(fa_json_at(get(dpd, "ci"), 1)));
    cr_assert_eq(fa_json_number(get(dpd, "ci_replicates")), 50);
    cr_assert_str_eq(fa_json_string(get(dpd, "better")), "lower");
    dpr = get(d, "demographic_parity_ratio");
    cr_assert_eq(fa_json_number(get(dpr, "value")), 0);
    fa_json_doc_free(doc);
}

Test(reports_json, null_disparity_has_a_reason)
{
    static const char text[] = "score,label,g\n0.9,1,a\n0.1,0,a\n";
    static const char *prot[] = {"g"};
    fa_audit_options o;
    fa_audit_result *r;
    fa_error err;
    char *json;
    const fa_json_node *dpd;
    fa_json_doc *doc;

    atest_options(&o, prot, 1);
    FA_ASSERT_OK(atest_run("one.csv", text, &o, &r, &err));
    FA_ASSERT_OK(fa_report_json(r, NULL, &json, NULL, &err));
    FA_ASSERT_OK(fa_json_doc_parse(&doc, json, strlen(json), "audit.json", &err));
    dpd = get(get(fa_json_at(get(fa_json_doc_root(doc), "attributes"), 0), "disparities"),
              "demographic_parity_difference");
    cr_assert(fa_json_is(get(dpd, "value"), FA_JSON_NULL));
    cr_assert(strstr(fa_json_string(get(dpd, "reason")), "fewer than two groups") != NULL);
    cr_assert_null(fa_json_member(dpd, "ci"));
    fa_json_doc_free(doc);
    fa_report_free(json);
    fa_audit_result_free(r);
}

Test(reports_json, atomic_write_leaves_nothing_on_failure)
{
    static const char *prot[] = {"grp"};
    fa_audit_options o;
    fa_audit_result *r;
    fa_error err;
    char dir[512], path[600];

    atest_options(&o, prot, 1);
    FA_ASSERT_OK(atest_run("rep.csv", atest_csv, &o, &r, &err));
    snprintf(dir, sizeof dir, "%s/fa_rep_%d", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (int)getpid());
    snprintf(path, sizeof path, "%s/missing/audit.json", dir);
    cr_assert_eq(fa_report_write_json(r, path, NULL, &err), FA_EIO);
    cr_assert(access(path, F_OK) != 0);
    snprintf(path, sizeof path, "%s_audit.json", dir);
    FA_ASSERT_OK(fa_report_write_json(r, path, NULL, &err));
    cr_assert(access(path, F_OK) == 0);
    unlink(path);
    fa_audit_result_free(r);
}

/* metrics_ci / vs_reference_ci (docs/format/audit.md): with --bootstrap only, the
 * bootstrapped metrics in catalogue order, [lo, hi] around the estimate, null for the
 * reference group's comparisons; the report reader takes them as the groups' intervals. */
Test(reports_json, group_intervals_only_with_bootstrap)
{
    static const char *prot[] = {"grp"};
    static const char *const vkeys[] = {"adverse_impact_ratio", "selection_rate_difference",
                                        "tpr_difference", "fpr_difference", "smd"};
    fa_audit_options o;
    fa_json_doc *doc;
    const fa_json_node *groups, *a, *b, *mci, *mrep, *vci, *m, *over;
    size_t i, n_boot = 0;
    int k;

    atest_options(&o, prot, 1);
    o.bootstrap = 0;
    doc = render(&o, 0, NULL);
    groups = get(fa_json_at(get(fa_json_doc_root(doc), "attributes"), 0), "groups");
    for (i = 0; i < fa_json_count(groups); i++) {
        cr_assert_null(fa_json_member(fa_json_at(groups, i), "metrics_ci"));
        cr_assert_null(fa_json_member(fa_json_at(groups, i), "vs_reference_ci"));
    }
    fa_json_doc_free(doc);

    o.bootstrap = 60;
    doc = render(&o, 0, NULL);
    over = get(fa_json_doc_root(doc), "overall");
    cr_assert_null(fa_json_member(over, "metrics_ci"));
    groups = get(fa_json_at(get(fa_json_doc_root(doc), "attributes"), 0), "groups");
    a = fa_json_at(groups, 0); /* the reference */
    cr_assert(fa_json_is(get(a, "vs_reference_ci"), FA_JSON_NULL));
    cr_assert(fa_json_is(get(a, "vs_reference_ci_replicates"), FA_JSON_NULL));
    b = fa_json_at(groups, 1);
    mci = get(b, "metrics_ci");
    mrep = get(b, "metrics_ci_replicates");
    m = get(b, "metrics");
    for (k = 0; k < FA_GM_COUNT; k++) {
        const char *key = fa_gmetric_key((fa_gmetric)k);
        const fa_json_node *c = fa_json_member(mci, key), *v = get(m, key);
        if (!fa_gmetric_bootstrapped((fa_gmetric)k)) {
            cr_assert_null(c, "%s has no interval", key);
            continue;
        }
        cr_assert_str_eq(fa_json_key(fa_json_at(mci, n_boot)), key);
        n_boot++;
        cr_assert_not_null(c, "%s", key);
        cr_assert_leq(fa_json_number(get(mrep, key)), 60);
        if (fa_json_is(c, FA_JSON_NULL))
            continue;
        cr_assert_eq(fa_json_count(c), 2);
        cr_assert_leq(fa_json_number(fa_json_at(c, 0)), fa_json_number(fa_json_at(c, 1)));
        if (!fa_json_is(v, FA_JSON_NULL))
            cr_assert(fa_json_number(fa_json_at(c, 0)) <= fa_json_number(v) + 1e-12 &&
                          fa_json_number(v) <= fa_json_number(fa_json_at(c, 1)) + 1e-12,
                      "%s outside its interval", key);
    }
    cr_assert_eq(fa_json_count(mci), n_boot);
    cr_assert_eq(fa_json_number(get(mrep, "selection_rate")), 60);
    vci = get(b, "vs_reference_ci");
    cr_assert_eq(fa_json_count(vci), sizeof vkeys / sizeof vkeys[0]);
    for (i = 0; i < sizeof vkeys / sizeof vkeys[0]; i++)
        cr_assert_str_eq(fa_json_key(fa_json_at(vci, i)), vkeys[i]);
    cr_assert_eq(fa_json_count(get(vci, "adverse_impact_ratio")), 2);
    cr_assert_eq(fa_json_count(get(b, "vs_reference_ci_replicates")), sizeof vkeys / sizeof vkeys[0]);
    fa_json_doc_free(doc);
}
