/*
 * gate_run.c — the gate step shared by `fairaudit gate`, `fairaudit audit
 * --policy` and `fairaudit batch`: load the policy and baseline up front (so
 * a bad policy stops a command before it writes anything), then gate an
 * audit.json and write the CI outputs next to it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/*
 * The CI outputs are one set: a failing run must not leave a new audit.json
 * next to the junit.xml of an earlier run. Each file is first written
 * (atomically) under a staged name, DIR/.NAME.fa-new; only when all are
 * written are they renamed into place, the gate's main file (audit.json or
 * gate.json) last. On failure the staged files are removed and the previous
 * outputs stay as they were.
 */
typedef struct staged_file {
    char *final;
    char *staged;
} staged_file;

static char *staged_name(const char *final)
{
    const char *slash = strrchr(final, '/');
    size_t dir_len = slash != NULL ? (size_t)(slash - final) + 1 : 0;
    size_t n = strlen(final) + sizeof ".fa-new" + 1;
    char *p = malloc(n);

    if (p != NULL)
        snprintf(p, n, "%.*s.%s.fa-new", (int)dir_len, final, final + dir_len);
    return p;
}

static fa_status out_of_memory(fa_error *err)
{
    fa_error_clear(err);
    err->code = FA_ENOMEM;
    snprintf(err->message, sizeof err->message, "out of memory");
    return FA_ENOMEM;
}

static void unstage(staged_file *f, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (f[i].staged != NULL)
            (void)remove(f[i].staged);
        free(f[i].staged);
        free(f[i].final);
    }
}

int cli_gate_write(const fa_gate_result *result,
                   const char *audit_path,
                   const char *name,
                   const char *out_dir,
                   const char *audit_text,
                   size_t audit_len)
{
    enum { JUNIT, SUMMARY, MAIN, N_FILES };
    staged_file f[N_FILES];
    fa_gate_report_item item;
    fa_error err;
    fa_status rc = FA_OK;
    char *dir = out_dir != NULL ? strdup(out_dir) : dir_of(audit_path);
    size_t i;

    memset(f, 0, sizeof f);
    fa_error_clear(&err);
    if (dir == NULL) {
        cli_msg("out of memory");
        return FA_EXIT_INTERNAL;
    }
    rc = cli_mkdir_p(dir, &err);
    f[JUNIT].final = join(dir, "junit.xml");
    f[SUMMARY].final = join(dir, "summary.md");
    f[MAIN].final = audit_text != NULL ? strdup(audit_path) : join(dir, "gate.json");
    for (i = 0; i < N_FILES; i++)
        if (f[i].final != NULL)
            f[i].staged = staged_name(f[i].final);
    for (i = 0; i < N_FILES; i++)
        if (rc == FA_OK && (f[i].final == NULL || f[i].staged == NULL))
            rc = out_of_memory(&err);
    item.name = name;
    item.result = result;
    item.error = NULL;
    if (rc == FA_OK && audit_text != NULL)
        rc = fa_gate_write_into_audit(f[MAIN].staged, audit_text, audit_len, result, &err);
    else if (rc == FA_OK)
        rc = fa_gate_write_json(f[MAIN].staged, result, audit_path, &err);
    if (rc == FA_OK)
        rc = fa_gate_write_junit(f[JUNIT].staged, &item, 1, &err);
    if (rc == FA_OK)
        rc = fa_gate_write_summary_md(f[SUMMARY].staged, &item, 1, &err);
    for (i = 0; rc == FA_OK && i < N_FILES; i++) { /* MAIN is last */
        if (rename(f[i].staged, f[i].final) != 0) {
            cli_msg("cannot write '%s': %s", f[i].final, strerror(errno));
            unstage(f, N_FILES);
            free(dir);
            return FA_EXIT_INTERNAL;
        }
    }
    unstage(f, N_FILES);
    free(dir);
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

int64_t cli_report_time(bool reproducible)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");

    if (sde != NULL && sde[0] != '\0') {
        char *end = NULL;
        long long v;
        errno = 0;
        v = strtoll(sde, &end, 10);
        if (errno == 0 && *end == '\0' && v >= 0)
            return (int64_t)v;
    }
    return reproducible ? 0 : (int64_t)time(NULL);
}

int cli_write_audit(const fa_audit_result *res, const char *out_dir, const char *audit_path,
                    bool reproducible, const fa_policy *policy, const fa_audit_doc *baseline,
                    bool quiet)
{
    fa_report_options ro = FA_REPORT_OPTIONS_INIT;
    fa_error err;
    fa_status rc;
    char *text = NULL;
    size_t len = 0;
    int code;

    fa_error_clear(&err);
    if ((rc = cli_mkdir_p(out_dir, &err)) != FA_OK)
        return cli_report(rc, &err);
    ro.generated_at = cli_report_time(reproducible);
    if (policy == NULL) {
        rc = fa_report_write_json(res, audit_path, &ro, &err);
        return rc == FA_OK ? FA_EXIT_OK : cli_report(rc, &err);
    }
    rc = fa_report_json(res, &ro, &text, &len, &err);
    if (rc != FA_OK)
        return cli_report(rc, &err);
    code = cli_gate_audit_text(text, len, audit_path, out_dir, policy, baseline, quiet);
    fa_report_free(text);
    return code;
}
