/*
 * gate_run.c — the gate step shared by `fairaudit gate`, `fairaudit audit
 * --policy` and `fairaudit batch`: load the policy and baseline up front (so
 * a bad policy stops a command before it writes anything), then gate an
 * audit.json and write the CI outputs next to it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_gate_prepare(const cli_gate_args *args, fa_policy **policy_out, fa_audit_doc **baseline_out)
{
    fa_error err;
    fa_status rc;

    *policy_out = NULL;
    *baseline_out = NULL;
    fa_error_clear(&err);
    rc = fa_policy_load(policy_out, args->policy, &err);
    if (rc != FA_OK)
        return cli_report(rc, &err);
    if (args->baseline != NULL) {
        rc = fa_audit_doc_load(baseline_out, args->baseline, &err);
        if (rc != FA_OK) {
            fa_policy_free(*policy_out);
            *policy_out = NULL;
            cli_msg("cannot use baseline '%s':", args->baseline);
            return cli_report(rc, &err);
        }
    }
    return FA_EXIT_OK;
}

/* "dir/name" into a fresh string (free with free()). */
static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);

    if (p != NULL)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* The folder part of a path ("." when it has none). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n;
    char *d;

    if (slash == NULL)
        return strdup(".");
    n = slash == path ? 1 : (size_t)(slash - path);
    d = malloc(n + 1);
    if (d != NULL) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

int cli_gate_evaluate(const char *audit_path,
                      const fa_policy *policy,
                      const fa_audit_doc *baseline,
                      fa_gate_result **result_out)
{
    fa_audit_doc *doc = NULL;
    fa_error err;
    fa_status rc;

    *result_out = NULL;
    fa_error_clear(&err);
    rc = fa_audit_doc_load(&doc, audit_path, &err);
    if (rc == FA_OK)
        rc = fa_gate_evaluate(result_out, doc, policy, baseline, &err);
    fa_audit_doc_free(doc);
    return rc == FA_OK ? FA_EXIT_OK : cli_report(rc, &err);
}

int cli_gate_write(const fa_gate_result *result,
                   const char *audit_path,
                   const char *name,
                   const char *out_dir,
                   const char *audit_text,
                   size_t audit_len)
{
    fa_gate_report_item item;
    fa_error err;
    fa_status rc = FA_OK;
    char *dir = out_dir != NULL ? strdup(out_dir) : dir_of(audit_path);
    char *junit = NULL, *md = NULL, *json = NULL;

    fa_error_clear(&err);
    if (dir == NULL) {
        cli_msg("out of memory");
        return FA_EXIT_INTERNAL;
    }
    rc = cli_mkdir_p(dir, &err);
    junit = join(dir, "junit.xml");
    md = join(dir, "summary.md");
    json = join(dir, "gate.json");
    if (rc == FA_OK && (junit == NULL || md == NULL || json == NULL))
        rc = FA_ENOMEM;
    item.name = name;
    item.result = result;
    item.error = NULL;
    if (rc == FA_OK && audit_text != NULL)
        rc = fa_gate_write_into_audit(audit_path, audit_text, audit_len, result, &err);
    else if (rc == FA_OK)
        rc = fa_gate_write_json(json, result, audit_path, &err);
    if (rc == FA_OK)
        rc = fa_gate_write_junit(junit, &item, 1, &err);
    if (rc == FA_OK)
        rc = fa_gate_write_summary_md(md, &item, 1, &err);
    free(dir);
    free(junit);
    free(md);
    free(json);
    if (rc == FA_ENOMEM && err.message[0] == '\0') {
        cli_msg("out of memory");
        return FA_EXIT_INTERNAL;
    }
    return cli_report(rc, &err);
}

int cli_gate_audit_text(const char *text,
                        size_t len,
                        const char *audit_path,
                        const char *out_dir,
                        const fa_policy *policy,
                        const fa_audit_doc *baseline,
                        bool quiet)
{
    fa_audit_doc *doc = NULL;
    fa_gate_result *result = NULL;
    fa_error err;
    fa_status rc;
    int code;

    fa_error_clear(&err);
    rc = fa_audit_doc_parse(&doc, text, len, audit_path, &err);
    if (rc == FA_OK)
        rc = fa_gate_evaluate(&result, doc, policy, baseline, &err);
    fa_audit_doc_free(doc);
    if (rc != FA_OK)
        return cli_report(rc, &err);
    code = cli_gate_write(result, audit_path, audit_path, out_dir, text, len);
    if (code == FA_EXIT_OK) {
        cli_gate_print(result, quiet);
        code = fa_gate_result_passed(result) ? FA_EXIT_OK : FA_EXIT_GATE_FAIL;
    }
    fa_gate_result_free(result);
    return code;
}

void cli_gate_print(const fa_gate_result *result, bool quiet)
{
    char *text = NULL;
    fa_error err;

    fa_error_clear(&err);
    if (fa_gate_format_text(result, &text, &err) != FA_OK) {
        cli_msg("gate %s", fa_gate_result_passed(result) ? "passed" : "FAILED");
        return;
    }
    if (!quiet || !fa_gate_result_passed(result))
        fprintf(stderr, "%s", text);
    fa_gate_text_free(text);
}
