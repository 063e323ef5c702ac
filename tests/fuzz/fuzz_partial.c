/*
 * fuzz_partial.c — partial audits (docs/format/partial.md), the inputs of
 * `fairaudit merge`: fa_audit_partial_parse, its JSON written back, merges
 * (into a copy of itself and with a fixed, real partial, both ways, and by
 * fa_audit_partial_merge_text), and the audit of whatever was read.
 *
 * Properties: failures are located input errors (a merge of mismatched
 * settings is FA_EDATA); what parses writes JSON that parses again to the
 * same bytes; a partial merged with itself has twice its rows; whatever
 * parses either audits or fails with FA_EDATA (no rows, an absent
 * reference), and its audit.json reads back.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "fuzz_common.h"

static char *fixed_text;
static size_t fixed_len;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* a real partial of a small audit (make_seeds.sh writes it) */
    fixed_text = fz_read_source_file("tests/fuzz/fixtures/partial-small.json", &fixed_len);
    return 0;
}

static bool input_error(fa_status rc)
{
    return rc == FA_EPARSE || rc == FA_EFORMAT || rc == FA_ESCHEMA || rc == FA_EDATA;
}

/* The audit of @p p, when it has one: its JSON must read back. */
static void audit_of(const fa_audit_partial *p)
{
    fa_audit_result *res = NULL;
    fa_audit_doc *doc = NULL;
    fa_report_options ro;
    fa_error err;
    fa_status rc;
    char *text = NULL;
    size_t len = 0;

    fa_error_clear(&err);
    rc = fa_audit_partial_result(p, &res, &err);
    if (rc != FA_OK) {
        fz_check_error(rc, &err);
        fz_check(rc == FA_EDATA || rc == FA_EINVAL, "result failed with %s: %s",
                 fa_status_str(rc), err.message);
        fz_check(res == NULL, "%s", "result returned on failure");
        return;
    }
    fz_check(fa_audit_rows_used(res) <= fa_audit_rows_read(res), "%s", "rows used > read");
    fa_report_options_init(&ro);
    ro.generated_at = 0;
    rc = fa_report_json(res, &ro, &text, &len, &err);
    fz_check(rc == FA_OK, "report: %s", err.message);
    rc = fa_audit_doc_parse(&doc, text, len, "audit.json", &err);
    fz_check(rc == FA_OK, "the gate cannot read the merged audit's JSON: %s", err.message);
    fa_audit_doc_free(doc);
    fa_report_free(text);
    fa_audit_result_free(res);
}

/* dst += src's text; a failure must be an input error. */
static void merge_text(fa_audit_partial *dst, const char *text, size_t len, const char *name)
{
    fa_error err;
    fa_status rc;

    fa_error_clear(&err);
    rc = fa_audit_partial_merge_text(dst, text, len, name, &err);
    if (rc != FA_OK) {
        fz_check_error(rc, &err);
        fz_check(input_error(rc), "merge of %s failed with %s: %s", name, fa_status_str(rc),
                 err.message);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fa_audit_partial *p = NULL, *q = NULL, *f = NULL;
    fa_error err;
    fa_status rc;
    char *t1 = NULL, *t2 = NULL;
    size_t l1 = 0, l2 = 0;

    fa_error_clear(&err);
    rc = fa_audit_partial_parse(&p, (const char *)data, size, "part.json", &err);
    if (rc != FA_OK) {
        fz_check_error(rc, &err);
        fz_check(p == NULL, "%s", "partial returned on failure");
        fz_check(input_error(rc), "parse failed with %s: %s", fa_status_str(rc), err.message);
        /* the same text merged into a good partial fails the same way, leaving it usable
         * only for disposal */
        if (fixed_text != NULL &&
            fa_audit_partial_parse(&f, fixed_text, fixed_len, "fixed.json", &err) == FA_OK) {
            merge_text(f, (const char *)data, size, "part.json");
            fa_audit_partial_free(f);
        }
        return 0;
    }
    /* round trip: what we write parses back to the same bytes */
    rc = fa_audit_partial_json(p, &t1, &l1, &err);
    fz_check(rc == FA_OK, "json: %s", err.message);
    rc = fa_audit_partial_parse(&q, t1, l1, "written.json", &err);
    fz_check(rc == FA_OK, "the partial's own JSON does not parse: %s (%s:%llu:%u)", err.message,
             err.loc.path, (unsigned long long)err.loc.line, (unsigned)err.loc.column);
    rc = fa_audit_partial_json(q, &t2, &l2, &err);
    fz_check(rc == FA_OK && l1 == l2 && memcmp(t1, t2, l1) == 0, "%s",
             "the partial's JSON changes on a round trip");
    fa_audit_partial_json_free(t2);
    audit_of(p);
    /* merged with itself: twice the rows */
    fa_error_clear(&err);
    rc = fa_audit_partial_merge(q, p, &err);
    if (rc == FA_OK) {
        fz_check(fa_audit_partial_rows_read(q) == 2 * fa_audit_partial_rows_read(p) ||
                     fa_audit_partial_rows_read(p) > UINT64_MAX / 2,
                 "%s", "merged with itself: rows not doubled");
        audit_of(q);
    } else {
        fz_check_error(rc, &err);
        fz_check(rc == FA_EDATA, "self-merge failed with %s: %s", fa_status_str(rc),
                 err.message);
    }
    fa_audit_partial_free(q);
    /* with a real partial, both ways */
    if (fixed_text != NULL &&
        fa_audit_partial_parse(&f, fixed_text, fixed_len, "fixed.json", &err) == FA_OK) {
        merge_text(f, t1, l1, "written.json");
        fa_audit_partial_free(f);
        f = NULL;
        fa_error_clear(&err);
        rc = fa_audit_partial_merge_text(p, fixed_text, fixed_len, "fixed.json", &err);
        if (rc == FA_OK)
            audit_of(p);
        else
            fz_check(input_error(rc), "merge with the fixed partial failed with %s: %s",
                     fa_status_str(rc), err.message);
    }
    fa_audit_partial_json_free(t1);
    fa_audit_partial_free(p);
    return 0;
}
