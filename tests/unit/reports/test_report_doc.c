/* test_report_doc.c — reading audit documents into the report model:
 * values, CIs and reasons land where they belong; malformed documents give
 * located errors; optional sections are optional. */
#include <string.h>

#include "fa_test.h"
#include "report_test.h"
#include "reports/report_doc.h"

static fa_rdoc *parse_ok(const char *json)
{
    fa_rdoc *d = NULL;
    fa_error err;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_rdoc_parse(&d, json, strlen(json), "t.json", &err));
    return d;
}

static void
parse_fails(const char *json, fa_status code, const char *msg_part, unsigned line, unsigned col)
{
    fa_rdoc *d = NULL;
    fa_error err;
    fa_status rc;

    fa_error_clear(&err);
    rc = fa_rdoc_parse(&d, json, strlen(json), "t.json", &err);
    cr_assert_eq(rc, code, "status %d (%s), expected %d", rc, err.message, code);
    cr_assert_null(d);
    cr_assert(strstr(err.message, msg_part) != NULL, "message '%s' lacks '%s'", err.message,
              msg_part);
    if (line > 0) {
        cr_assert_eq(err.loc.line, line, "line %llu", (unsigned long long)err.loc.line);
        cr_assert_eq(err.loc.column, col, "column %u", err.loc.column);
    }
}

#define MINI_GROUP "{\"value\":\"a\",\"n\":10,\"metrics\":{\"selection_rate\":0.5}}"

Test(reports_doc, fixture_values)
{
    fa_rdoc *d = NULL;
    fa_error err;
    const fa_rattr *sex;
    const fa_rgroup *f, *m;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_rdoc_load(&d, FIXTURES "/audit_credit.json", &err));
    cr_assert_eq(d->n_attrs, 3);
    cr_assert_str_eq(d->schema_version, "1");
    cr_assert_str_eq(d->tool_name, "fairaudit");
    cr_assert_str_eq(d->seed, "20241128");
    cr_assert_str_eq(d->favorable, "1");
    cr_assert_eq(d->higher_is_favorable, 1);
    FA_ASSERT_NEAR(d->threshold, 0.5, FA_TOL_EXACT);
    FA_ASSERT_NEAR(d->rows_used, 4000, FA_TOL_EXACT);
    FA_ASSERT_NEAR(d->bootstrap_n, 200, FA_TOL_EXACT);
    cr_assert_eq(strlen(d->fingerprint), 64);
    sex = fa_rdoc_attr(d, "sex");
    cr_assert_not_null(sex);
    cr_assert_str_eq(sex->reference, "male");
    FA_ASSERT_NEAR(sex->unknown, 11, FA_TOL_EXACT);
    f = fa_rattr_group(sex, "female");
    m = fa_rattr_group(sex, "male");
    cr_assert(m->is_reference && !f->is_reference);
    FA_ASSERT_NEAR(f->n, 1878, FA_TOL_EXACT);
    /* 1221 favourable of 1878 in the fixture */
    FA_ASSERT_NEAR(f->metrics[FA_RM_SELECTION_RATE].v, (f->tp + f->fp) / f->n, 1e-6);
    cr_assert(fa_rval_has_ci(&f->metrics[FA_RM_SELECTION_RATE]));
    cr_assert(f->metrics[FA_RM_SELECTION_RATE].lo < f->metrics[FA_RM_SELECTION_RATE].v);
    cr_assert(fa_rval_has_ci(&f->vs[FA_RV_AIR]));
    FA_ASSERT_NEAR(f->vs[FA_RV_AIR].v,
                   f->metrics[FA_RM_SELECTION_RATE].v / m->metrics[FA_RM_SELECTION_RATE].v, 1e-5);
    cr_assert_eq(f->n_cal, 10);
    cr_assert_eq(f->n_hist, 0);
    cr_assert_eq(f->sweep.n, 101);
    cr_assert_eq(d->n_sweep, 101);
    FA_ASSERT_NEAR(f->sweep.threshold[50], 0.5, FA_TOL_EXACT);
    cr_assert(f->sweep.tpr != NULL && f->sweep.fpr != NULL && f->sweep.selection_rate != NULL);
    cr_assert_str_eq(d->input_fingerprint,
                     "sha256:5d41402abc4b2a76b9719d911017c592aa5d41402abc4b2a76b9719d911017c5");
    cr_assert_str_eq(d->col_label, "repaid");
    cr_assert_eq(d->n_protected, 2);
    cr_assert_str_eq(d->model_path, "models/credit_logreg.json");
    cr_assert_str_eq(d->generated_at, "2024-11-28T14:05:09Z");
    FA_ASSERT_NEAR(d->ci_level, 0.95, FA_TOL_EXACT);
    cr_assert_str_eq(sex->disp[FA_RD_DP_DIFF].source,
                     "fairlearn 0.9 demographic_parity_difference");
    cr_assert(sex->disp[FA_RD_BAG_THEIL].present);
    cr_assert(fa_rattr_group(fa_rdoc_attr(d, "age_band"), "85+")->insufficient);
    cr_assert(!f->insufficient);
    cr_assert(!m->has_vs && f->has_vs);
    cr_assert(sex->disp[FA_RD_EO_DIFF].present && fa_rval_has_ci(&sex->disp[FA_RD_EO_DIFF]));
    cr_assert(d->gate.present && !d->gate.passed);
    cr_assert(d->gate.n_entries > 0);
    cr_assert_not_null(d->model_card);
    cr_assert_null(d->mitigation);
    cr_assert_eq(fa_rdoc_attr(d, "sex&age_band")->n_columns, 2);
    fa_rdoc_free(d);
    FA_ASSERT_NO_LEAKS();
}

Test(reports_doc, minimal_document)
{
    fa_rdoc *d = parse_ok(
        "{\"schema_version\":1,\"attributes\":[{\"name\":\"g\",\"groups\":[" MINI_GROUP "]}]}");
    const fa_rgroup *g = &d->attrs[0].groups[0];

    cr_assert_str_eq(d->schema_version, "1");
    cr_assert(fa_rval_defined(&g->metrics[FA_RM_SELECTION_RATE]));
    cr_assert(!g->metrics[FA_RM_TPR].present);
    cr_assert(!fa_rval_has_ci(&g->metrics[FA_RM_SELECTION_RATE]));
    cr_assert(isnan(d->threshold) && isnan(d->attrs[0].unknown));
    cr_assert(!d->gate.present && d->model_card == NULL && !d->has_overall);
    fa_rdoc_free(d);
}

Test(reports_doc, undefined_values_keep_reasons)
{
    fa_rdoc *d = parse_ok(
        "{\"schema_version\":\"1.2\",\"attributes\":[{\"name\":\"g\",\"groups\":[{\"value\":\"a\","
        "\"n\":3,\"metrics\":{\"tpr\":null,\"fpr\":0.5},\"undefined\":{\"tpr\":\"no positives in "
        "group\"}}],\"disparities\":{\"equalized_odds_difference\":{\"value\":null,\"reason\":"
        "\"a group has no positives\"},\"demographic_parity_difference\":{\"value\":0.25,\"ci\":"
        "[0.1,0.4]}}}]}");
    const fa_rattr *a = &d->attrs[0];

    cr_assert(a->groups[0].metrics[FA_RM_TPR].present);
    cr_assert(isnan(a->groups[0].metrics[FA_RM_TPR].v));
    cr_assert_str_eq(a->groups[0].metrics[FA_RM_TPR].reason, "no positives in group");
    cr_assert(isnan(a->disp[FA_RD_EO_DIFF].v));
    cr_assert_str_eq(a->disp[FA_RD_EO_DIFF].reason, "a group has no positives");
    FA_ASSERT_NEAR(a->disp[FA_RD_DP_DIFF].lo, 0.1, FA_TOL_EXACT);
    FA_ASSERT_NEAR(a->disp[FA_RD_DP_DIFF].hi, 0.4, FA_TOL_EXACT);
    fa_rdoc_free(d);
}

Test(reports_doc, located_errors)
{
    parse_fails("[1]", FA_ESCHEMA, "must be a JSON object", 1, 1);
    parse_fails("{\"attributes\":[]}", FA_ESCHEMA, "schema_version", 1, 1);
    parse_fails("{\"schema_version\":\"2.0\",\"attributes\":[]}", FA_EFORMAT, "newer", 1, 19);
    parse_fails("{\"schema_version\":\"x\",\"attributes\":[]}", FA_EFORMAT, "unrecognised", 1, 19);
    parse_fails("{\"schema_version\":1}", FA_ESCHEMA, "attributes", 1, 1);
    parse_fails(
        "{\"schema_version\":1,\n\"attributes\":[{\"name\":\"g\",\"groups\":[{\"value\":\"a\","
        "\"n\":\"ten\",\"metrics\":{}}]}]}",
        FA_ESCHEMA, "number", 2, 54);
    parse_fails(
        "{\"schema_version\":1,\"attributes\":[{\"name\":\"g\",\"groups\":[{\"value\":\"a\","
        "\"n\":1}]}]}",
        FA_ESCHEMA, "metrics", 0, 0);
    parse_fails("{\"schema_version\":1,\"attributes\":[{\"name\":\"g\",\"groups\":[],"
                "\"disparities\":{\"theil_index\":{\"value\":0.1,\"ci\":[0.1]}}}]}",
                FA_ESCHEMA, "[low, high]", 0, 0);
    parse_fails(
        "{\"schema_version\":1,\"attributes\":[{\"name\":\"g\",\"groups\":[{\"value\":\"a\","
        "\"n\":1,\"metrics\":{},\"sweep\":{\"thresholds\":[0,1],\"tpr\":[1]}}]}]}",
        FA_ESCHEMA, "one per threshold", 0, 0);
    parse_fails("{\"schema_version\":1,\"attributes\":[]", FA_EPARSE, "", 0, 0);
}

Test(reports_doc, missing_file_is_io_error)
{
    fa_rdoc *d = NULL;
    fa_error err;

    fa_error_clear(&err);
    cr_assert_eq(fa_rdoc_load(&d, FIXTURES "/no-such-audit.json", &err), FA_EIO);
    cr_assert_null(d);
}

Test(reports_doc, allocation_failures_are_clean)
{
    char *text = rt_read(FIXTURES, "audit_credit.json");
    long n;

    for (n = 1;; n++) {
        fa_rdoc *d = NULL;
        fa_error err;
        fa_status rc;

        fa_error_clear(&err);
        fa__alloc_fail_after(n);
        rc = fa_rdoc_parse(&d, text, strlen(text), "a.json", &err);
        fa__alloc_fail_after(0);
        if (rc == FA_OK) {
            fa_rdoc_free(d);
            break;
        }
        cr_assert_eq(rc, FA_ENOMEM, "allocation %ld: %s", n, err.message);
        cr_assert_null(d);
    }
    cr_assert(n > 10);
    free(text);
    FA_ASSERT_NO_LEAKS();
}
