/*
 * fuzz_audit_csv.c — the audit of a predictions file (fa_audit_run: CSV,
 * labels, scores, decisions, weights, protected values, references, group
 * limits), then the audit.json text (fa_report_json) read back by both
 * readers of audit documents: the gate's (fa_audit_doc_parse) and the
 * reports' (fa_rdoc_parse).
 *
 * Input: byte 0 picks one of the option sets below, the rest is the file
 * (columns score, label, g, h, d, w).
 * Properties: failures are located input errors; whatever the audit
 * accepts, it writes as JSON that both readers accept. Differential: the
 * block pipeline (audit/audit_pass.c) with tiny blocks on 2 threads, and
 * the reference path alone (libcsv for every block), give the same status,
 * the same message at the same location, and the same audit.json bytes as
 * the default run — the fast path may give a block up, never change it.
 */
#include <string.h>

#include "audit/audit_private.h"
#include "fuzz_common.h"
#include "reports/report_doc.h"

static void options_from(uint8_t b, fa_audit_options *o)
{
    static const char *const g[] = {"g"};
    static const char *const gh[] = {"g", "h"};
    static const char *const yn[] = {"no", "yes"};
    static const char *const missing[] = {"NA", "?"};
    static const char *const ref[] = {"g=a"};

    fa_audit_options_init(o);
    o->label_column = "label";
    o->score_column = "score";
    o->protected_columns = g;
    o->n_protected = 1;
    o->bootstrap = 0;
    o->min_group_size = 2;
    o->fingerprint = (b & 0x80) != 0;
    switch (b % 4) {
    case 0:
        break;
    case 1:
        o->protected_columns = gh;
        o->n_protected = 2;
        o->intersections = 1;
        o->decision_column = "d";
        o->weight_column = "w";
        o->label_values = yn;
        o->missing_values = missing;
        o->n_missing_values = 2;
        o->bootstrap = 3;
        o->seed = 7;
        break;
    case 2:
        o->delimiter = ';';
        o->score_min = 300;
        o->score_max = 850;
        o->threshold = 600;
        o->reference = ref;
        o->n_reference = 1;
        o->max_groups = 4;
        o->calibration_bins = 3;
        o->favorable = 0;
        break;
    default:
        o->protected_columns = gh;
        o->n_protected = 2;
        o->weight_column = "w";
        o->max_groups = 3;
        o->calibration_bins = 1;
        o->bootstrap = 2;
        break;
    }
}

/* The audit of @p path as JSON text (generated_at 0), or its error. */
static fa_status audit_text(const char *path, const fa_audit_options *o, char **text,
                            size_t *len, fa_error *err)
{
    fa_audit_result *res = NULL;
    fa_report_options ro;
    fa_status rc;

    *text = NULL;
    *len = 0;
    fa_error_clear(err);
    rc = fa_audit_run(path, o, &res, err);
    if (rc != FA_OK)
        return rc;
    fa_report_options_init(&ro);
    ro.generated_at = 0;
    rc = fa_report_json(res, &ro, text, len, err);
    fz_check(rc == FA_OK, "report: %s", err->message);
    fa_audit_result_free(res);
    return rc;
}

static void same_outcome(const char *how, fa_status rc0, const fa_error *e0, const char *t0,
                         size_t l0, fa_status rc1, const fa_error *e1, const char *t1, size_t l1)
{
    fz_check(rc0 == rc1, "%s: status %s, default run %s (%s | %s)", how, fa_status_str(rc1),
             fa_status_str(rc0), e1->message, e0->message);
    if (rc0 != FA_OK) {
        fz_check(strcmp(e0->message, e1->message) == 0, "%s: message \"%s\", default \"%s\"",
                 how, e1->message, e0->message);
        fz_check(e0->loc.line == e1->loc.line && e0->loc.column == e1->loc.column &&
                     e0->loc.record == e1->loc.record,
                 "%s: error at %llu:%u, default at %llu:%u", how,
                 (unsigned long long)e1->loc.line, (unsigned)e1->loc.column,
                 (unsigned long long)e0->loc.line, (unsigned)e0->loc.column);
        return;
    }
    fz_check(l0 == l1 && memcmp(t0, t1, l0) == 0, "%s: audit.json differs from the default run",
             how);
}

static void differential(const char *path, const fa_audit_options *base, uint8_t b)
{
    fa_audit_options o = *base;
    fa_error e0, e1;
    char *t0, *t1;
    size_t l0, l1;
    fa_status rc0, rc1;

    o.fingerprint = 1;
    o.threads = 1;
    rc0 = audit_text(path, &o, &t0, &l0, &e0);
    /* tiny blocks (1..32 bytes, grown to whole lines) parsed by 2 threads */
    o.threads = 2;
    fa_audit__test_hooks(1 + (size_t)(b >> 3), true);
    rc1 = audit_text(path, &o, &t1, &l1, &e1);
    fa_audit__test_hooks(0, true);
    same_outcome("2 threads, tiny blocks", rc0, &e0, t0, l0, rc1, &e1, t1, l1);
    fa_report_free(t1);
    /* the reference path alone */
    o.threads = 1;
    fa_audit__test_hooks(0, false);
    rc1 = audit_text(path, &o, &t1, &l1, &e1);
    fa_audit__test_hooks(0, true);
    same_outcome("reference path", rc0, &e0, t0, l0, rc1, &e1, t1, l1);
    fa_report_free(t1);
    fa_report_free(t0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fa_audit_options o;
    fa_audit_result *res = NULL;
    fa_audit_doc *doc = NULL;
    fa_rdoc *rdoc = NULL;
    fa_report_options ro;
    fa_error err;
    fa_status rc;
    char *text = NULL;
    size_t len = 0;

    if (size < 1)
        return 0;
    options_from(data[0], &o);
    differential(fz_input_path(data + 1, size - 1), &o, data[0]);
    fa_error_clear(&err);
    rc = fa_audit_run(fz_input_path(data + 1, size - 1), &o, &res, &err);
    if (rc != FA_OK) {
        fz_check_error(rc, &err);
        fz_check(res == NULL, "%s", "result returned on failure");
        /* An absent --reference value is FA_EINVAL in audit_build.c and its test, though
         * audit.h lists it under FA_EDATA; both are exit 3 (input error). */
        fz_check(rc == FA_EPARSE || rc == FA_ESCHEMA || rc == FA_EDATA ||
                     (rc == FA_EINVAL && strncmp(err.message, "reference ", 10) == 0),
                 "audit failed with %s: %s", fa_status_str(rc), err.message);
        return 0;
    }
    fz_check(fa_audit_rows_used(res) <= fa_audit_rows_read(res), "%s", "rows used > read");
    fa_report_options_init(&ro);
    ro.generated_at = 0;
    rc = fa_report_json(res, &ro, &text, &len, &err);
    fz_check(rc == FA_OK, "report: %s", err.message);
    rc = fa_audit_doc_parse(&doc, text, len, "audit.json", &err);
    fz_check(rc == FA_OK, "the gate cannot read the audit's own JSON: %s", err.message);
    rc = fa_rdoc_parse(&rdoc, text, len, "audit.json", &err);
    fz_check(rc == FA_OK, "the reports cannot read the audit's own JSON: %s", err.message);
    fa_rdoc_free(rdoc);
    fa_audit_doc_free(doc);
    fa_report_free(text);
    fa_audit_result_free(res);
    return 0;
}
