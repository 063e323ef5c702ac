/*
 * fuzz_audit_doc.c — the audit.json reader of the gate (fa_audit_doc_parse),
 * used for the audit being gated and for baselines, then the gate of the
 * parsed document under the shipped credit policy — as the audit, and as
 * the baseline of a fixed audit — and the gate writers, including
 * re-writing the document with its gate section and reading it back.
 *
 * Properties: as fuzz_policy.c.
 */
#include <stdlib.h>

#include "fuzz_gate_check.h"

static fa_audit_doc *fixed;
static fa_policy *policy;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fa_error err;
    char *text, *ptext;
    size_t len, plen;

    (void)argc;
    (void)argv;
    text = fz_read_source_file("tests/fixtures/gate/audit-fair.json", &len);
    ptext = fz_read_source_file("datasets/credit-policy.json", &plen);
    if (fa_audit_doc_parse(&fixed, text, len, "audit.json", &err) != FA_OK ||
        fa_policy_parse(&policy, ptext, plen, "policy.json", &err) != FA_OK)
        fz_fail(__FILE__, __LINE__, "fixtures", "%s", err.message);
    free(text);
    free(ptext);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fa_audit_doc *doc = NULL;
    fa_error err;
    fa_status rc;

    fa_error_clear(&err);
    rc = fa_audit_doc_parse(&doc, (const char *)data, size, "audit.json", &err);
    if (rc != FA_OK) {
        fz_check_error(rc, &err);
        fz_check(doc == NULL, "%s", "document returned on failure");
        fz_check(rc == FA_EPARSE || rc == FA_ESCHEMA || rc == FA_EFORMAT,
                 "parse failed with %s: %s", fa_status_str(rc), err.message);
        return 0;
    }
    fz_check(fa_audit_doc_schema_version(doc) != NULL, "%s", "schema_version");
    fz_gate_round(doc, policy, NULL, (const char *)data, size);
    fz_gate_round(fixed, policy, doc, NULL, 0);
    fa_audit_doc_free(doc);
    return 0;
}
