/*
 * fuzz_policy.c — the policy parser (fa_policy_parse), then the gate
 * (fa_gate_evaluate) of two fixed audits with the parsed policy, with and
 * without a baseline, and every gate writer (JUnit, summary, gate JSON,
 * audit.json with its gate section).
 *
 * Properties: failures are located input errors; a gate result is
 * consistent (verdict counts partition the entries, `passed` agrees with
 * the outcomes) and everything written reads back.
 */
#include <stdlib.h>

#include "fuzz_gate_check.h"

static fa_audit_doc *audit, *baseline;
static char *audit_text;
static size_t audit_len;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fa_error err;
    char *base_text;
    size_t base_len;

    (void)argc;
    (void)argv;
    audit_text = fz_read_source_file("tests/fixtures/gate/audit-biased.json", &audit_len);
    base_text = fz_read_source_file("tests/fixtures/gate/audit-fair.json", &base_len);
    if (fa_audit_doc_parse(&audit, audit_text, audit_len, "audit.json", &err) != FA_OK ||
        fa_audit_doc_parse(&baseline, base_text, base_len, "baseline.json", &err) != FA_OK)
        fz_fail(__FILE__, __LINE__, "fixtures", "%s", err.message);
    free(base_text);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fa_policy *p = NULL;
    fa_error err;
    fa_status rc;

    fa_error_clear(&err);
    rc = fa_policy_parse(&p, (const char *)data, size, "policy.json", &err);
    if (rc != FA_OK) {
        fz_check_error(rc, &err);
        fz_check(p == NULL, "%s", "policy returned on failure");
        fz_check(rc == FA_EPARSE || rc == FA_ESCHEMA || rc == FA_EFORMAT,
                 "parse failed with %s: %s", fa_status_str(rc), err.message);
        fz_check(err.loc.line > 0, "unlocated policy error: %s", err.message);
        return 0;
    }
    fz_check(fa_policy_name(p) != NULL, "%s", "policy name");
    fz_check(fa_policy_n_rules(p) > 0, "%s", "no rules");
    fz_gate_round(audit, p, NULL, audit_text, audit_len);
    fz_gate_round(audit, p, baseline, NULL, 0);
    fa_policy_free(p);
    return 0;
}
