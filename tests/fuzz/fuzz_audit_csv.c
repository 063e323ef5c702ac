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
 * accepts, it writes as JSON that both readers accept.
 */
#include <string.h>

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
