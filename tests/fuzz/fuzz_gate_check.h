/*
 * tests/fuzz/fuzz_gate_check.h — shared by fuzz_policy.c and fuzz_audit_doc.c:
 * evaluates a gate and checks the result's invariants and every writer.
 */
#ifndef FA_TESTS_FUZZ_GATE_CHECK_H
#define FA_TESTS_FUZZ_GATE_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fuzz_common.h"

static inline void fz_check_verdict(fa_verdict v)
{
    fz_check(fa_verdict_name(v) != NULL, "verdict %d has no name", (int)v);
}

/* Evaluates (audit, policy, baseline); checks the result and its writers. */
static inline void fz_gate_round(const fa_audit_doc *audit,
                                 const fa_policy *policy,
                                 const fa_audit_doc *baseline,
                                 const char *audit_text,
                                 size_t audit_len)
{
    fa_gate_result *res = NULL;
    fa_error err;
    fa_status rc;
    size_t i, n, sum = 0, fails = 0;
    char *text = NULL;
    char path[700];
    fa_gate_report_item item;

    fa_error_clear(&err);
    rc = fa_gate_evaluate(&res, audit, policy, baseline, &err);
    if (rc != FA_OK) {
        fz_check_error(rc, &err);
        fz_check(rc == FA_EFORMAT, "gate failed with %s: %s", fa_status_str(rc), err.message);
        fz_check(res == NULL, "%s", "result on failure");
        return;
    }
    n = fa_gate_result_n_entries(res);
    for (i = 0; i < n; i++) {
        const fa_gate_entry *e = fa_gate_result_entry(res, i);

        fz_check(e != NULL && e->rule != NULL && e->metric != NULL && e->attribute != NULL &&
                     e->reason != NULL,
                 "entry %zu has NULL strings", i);
        fz_check_verdict(e->verdict);
        fz_check_verdict(e->outcome);
        fz_check(e->outcome == FA_VERDICT_PASS || e->outcome == FA_VERDICT_WARN ||
                     e->outcome == FA_VERDICT_FAIL,
                 "entry %zu outcome %d", i, (int)e->outcome);
        fails += e->outcome == FA_VERDICT_FAIL;
    }
    for (i = 0; i < 4; i++)
        sum += fa_gate_result_count(res, (fa_verdict)i);
    fz_check(sum == n, "verdict counts %zu != %zu entries", sum, n);
    fz_check(fa_gate_result_passed(res) == (fails == 0), "%s", "passed disagrees with outcomes");
    for (i = 0; i < fa_gate_result_n_messages(res); i++)
        fz_check(fa_gate_result_message(res, i) != NULL, "%s", "NULL message");

    rc = fa_gate_format_text(res, &text, &err);
    fz_check(rc == FA_OK && text != NULL, "format text: %s", err.message);
    fa_gate_text_free(text);

    item.name = "fuzz";
    item.result = res;
    item.error = NULL;
    snprintf(path, sizeof path, "%s/junit.xml", fz_output_dir());
    rc = fa_gate_write_junit(path, &item, 1, &err);
    fz_check(rc == FA_OK, "junit: %s", err.message);
    snprintf(path, sizeof path, "%s/summary.md", fz_output_dir());
    rc = fa_gate_write_summary_md(path, &item, 1, &err);
    fz_check(rc == FA_OK, "summary: %s", err.message);
    snprintf(path, sizeof path, "%s/gate.json", fz_output_dir());
    rc = fa_gate_write_json(path, res, "audit.json", &err);
    fz_check(rc == FA_OK, "gate.json: %s", err.message);
    if (audit_text != NULL) {
        fa_audit_doc *back = NULL;

        snprintf(path, sizeof path, "%s/audit.json", fz_output_dir());
        rc = fa_gate_write_into_audit(path, audit_text, audit_len, res, &err);
        fz_check(rc == FA_OK, "into audit: %s", err.message);
        /* what the gate writes, the gate reads back */
        rc = fa_audit_doc_load(&back, path, &err);
        fz_check(rc == FA_OK, "audit.json with its gate section does not load: %s", err.message);
        fa_audit_doc_free(back);
    }
    fa_gate_result_free(res);
}

#endif
