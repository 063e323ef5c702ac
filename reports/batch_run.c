/*
 * batch_run.c — runs a batch manifest: each audit into OUT/<name>/, then the
 * roll-up OUT/batch.json, OUT/summary.md and OUT/junit.xml.
 *
 * Errors are split in two. Problems that make the whole run meaningless (an
 * invalid policy, an output folder that cannot be created, a roll-up that
 * cannot be written) are returned. A broken input of one audit (unreadable
 * or corrupt file, an audit.json of another schema) is recorded for that
 * audit — its message in batch.json, an <error> test case in junit.xml, a
 * row in summary.md — and the run goes on with the next one. A failed audit
 * leaves no stale outputs from an earlier run in its folder.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/batch_internal.h"
#include "common/fileio.h"
#include "gate_report.h"

/* Worst findings listed per audit in batch.json. */
#define BATCH_WORST_MAX 3
/* Version of the batch.json document. */
#define BATCH_JSON_SCHEMA_VERSION 1

/* Creates @p path and its parents (like mkdir -p). */
static fa_status make_dirs(const char *path, fa_error *err)
{
    char *buf = fa_strdup(path);
    size_t i, len;
    struct stat st;

    FA_CHECK_ALLOC(err, buf);
    len = strlen(buf);
    for (i = 1; i <= len; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        buf[i] = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
            int e = errno;
            fa_status rc = fa_error_set_errno(err, e, "cannot create folder '%s'", buf);
            fa_free(buf);
            return rc;
        }
        if (i < len)
            buf[i] = '/';
    }
    fa_free(buf);
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        FA_FAIL(err, FA_EIO, "'%s' is not a folder", path);
    return FA_OK;
}

static char *join(const char *a, const char *b, const char *c)
{
    fa_buf buf = FA_BUF_INIT;

    fa_buf_printf(&buf, "%s/%s%s%s", a, b, c != NULL ? "/" : "", c != NULL ? c : "");
    if (buf.oom) {
        fa_buf_dispose(&buf);
        return NULL;
    }
    return fa_buf_detach(&buf, NULL);
}

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* One audit's outcome. */
typedef struct batch_item {
    fa_gate_result *result; /* NULL when the audit could not be run */
    char error[FA_ERROR_MSG_MAX + FA_ERROR_PATH_MAX + 64];
    char *baseline; /* baseline used, or NULL */
} batch_item;

static void item_error(batch_item *it, const fa_error *err, const char *prefix)
{
    char msg[FA_ERROR_MSG_MAX + FA_ERROR_PATH_MAX + 32];

    fa_error_format(err, msg, sizeof msg);
    snprintf(it->error, sizeof it->error, "%s%s", prefix, msg);
}

/* Removes outputs of an earlier run from an audit's folder; false when out of
 * memory (a stale audit.json must never survive next to this run's roll-up). */
static bool remove_stale(const char *out_dir, const char *name)
{
    static const char *const files[] = {"audit.json", "junit.xml", "summary.md", "predictions.csv"};
    size_t i;

    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *p = join(out_dir, name, files[i]);
        if (p == NULL)
            return false;
        (void)remove(p);
        fa_free(p);
    }
    return true;
}

/* Runs one entry into out_dir/<name>/; per-audit problems go into *it. */
static fa_status run_one(const fa_batch *b,
                         const fa_batch_entry *e,
                         const fa_policy *policy,
                         const char *out_dir,
                         batch_item *it,
                         fa_error *fatal)
{
    char *text = NULL, *dir = NULL, *audit_path = NULL, *pred_path = NULL, *junit = NULL,
         *md = NULL;
    size_t len = 0;
    fa_audit_doc *doc = NULL, *base = NULL;
    fa_error err;
    fa_status rc;
    fa_gate_report_item one;

    fa_error_clear(&err);
    if (!remove_stale(out_dir, e->name)) {
        rc = FA_ENOMEM;
        goto done;
    }
    if (e->baseline != NULL) {
        it->baseline = fa_strdup(e->baseline);
        if (it->baseline == NULL) { /* never a silent "no baseline" */
            rc = FA_ENOMEM;
            goto done;
        }
    } else if (b->baseline_dir != NULL) {
        char *p = join(b->baseline_dir, e->name, "audit.json");
        if (p == NULL) {
            rc = FA_ENOMEM;
            goto done;
        }
        if (file_exists(p))
            it->baseline = p;
        else
            fa_free(p);
    }
    dir = join(out_dir, e->name, NULL);
    audit_path = join(out_dir, e->name, "audit.json");
    pred_path = join(out_dir, e->name, "predictions.csv");
    junit = join(out_dir, e->name, "junit.xml");
    md = join(out_dir, e->name, "summary.md");
    if (dir == NULL || audit_path == NULL || pred_path == NULL || junit == NULL || md == NULL) {
        rc = FA_ENOMEM;
        goto done;
    }
    /* A model entry writes its predictions into the audit's folder. */
    rc = e->input == FA_BATCH_INPUT_MODEL ? make_dirs(dir, &err) : FA_OK;
    if (rc == FA_OK)
        rc = fa_batch__produce(e, pred_path, &text, &len, &err);
    if (rc == FA_OK)
        rc = fa_audit_doc_parse(&doc, text, len,
                                e->input == FA_BATCH_INPUT_AUDIT ? e->audit : "audit.json", &err);
    if (rc != FA_OK) {
        item_error(it, &err, "");
        goto done;
    }
    if (it->baseline != NULL && (rc = fa_audit_doc_load(&base, it->baseline, &err)) != FA_OK) {
        item_error(it, &err, "baseline: ");
        goto done;
    }
    rc = fa_gate_evaluate(&it->result, doc, policy, base, &err);
    if (rc != FA_OK) {
        item_error(it, &err, "");
        goto done;
    }
    /* From here on, failures are about our own outputs: fatal for the batch. */
    one.name = e->name;
    one.result = it->result;
    one.error = NULL;
    rc = make_dirs(dir, fatal);
    if (rc == FA_OK)
        rc = fa_gate_write_into_audit(audit_path, text, len, it->result, fatal);
    if (rc == FA_OK)
        rc = fa_gate_write_junit(junit, &one, 1, fatal);
    if (rc == FA_OK)
        rc = fa_gate_write_summary_md(md, &one, 1, fatal);
    if (rc != FA_OK) {
        fa_gate_result_free(it->result);
        it->result = NULL;
    }
    goto cleanup;

done:
    /* The audit could not be run: recorded, not fatal (except out of memory). */
    fa_gate_result_free(it->result);
    it->result = NULL;
    if (pred_path != NULL)
        (void)remove(pred_path);
    if (dir != NULL)
        (void)rmdir(dir); /* only when empty */
    rc = rc == FA_ENOMEM ? fa_error_set(fatal, FA_ENOMEM, "out of memory") : FA_OK;
cleanup:
    fa_free(dir);
    fa_free(audit_path);
    fa_free(pred_path);
    fa_free(junit);
    fa_free(md);
    fa_free(text);
    fa_audit_doc_free(doc);
    fa_audit_doc_free(base);
    return rc;
}

static void write_finding(fa_jw *w, const fa_gate_entry *e)
{
    fa_jw_object_begin(w);
    fa_jw_key(w, "rule");
    fa_jw_string(w, e->rule);
    fa_jw_key(w, "metric");
    fa_jw_string(w, e->metric);
    fa_jw_key(w, "attribute");
    fa_jw_string(w, e->attribute);
    fa_jw_key(w, "group");
    fa_jw_string(w, e->group);
    fa_jw_key(w, "value");
    fa_jw_number(w, e->value);
    fa_jw_key(w, "verdict");
    fa_jw_string(w, fa_verdict_name(e->verdict));
    fa_jw_key(w, "outcome");
    fa_jw_string(w, fa_verdict_name(e->outcome));
    fa_jw_key(w, "reason");
    fa_jw_string(w, e->reason);
    fa_jw_object_end(w);
}

/* Up to BATCH_WORST_MAX checks that did not simply pass, worst first. */
static void write_worst(fa_jw *w, const fa_gate_result *r)
{
    size_t n = fa_gate_result_n_entries(r), picked[BATCH_WORST_MAX], n_picked = 0, i, k;

    fa_jw_array_begin(w);
    while (n_picked < BATCH_WORST_MAX) {
        const fa_gate_entry *best = NULL;
        size_t best_i = 0;
        for (i = 0; i < n; i++) {
            const fa_gate_entry *e = fa_gate_result_entry(r, i);
            bool taken = false;
            if (e->verdict == FA_VERDICT_PASS)
                continue;
            for (k = 0; k < n_picked; k++)
                taken = taken || picked[k] == i;
            if (!taken && (best == NULL || fa_gate__entry_cmp(e, best) > 0)) {
                best = e;
                best_i = i;
            }
        }
        if (best == NULL)
            break;
        picked[n_picked++] = best_i;
        write_finding(w, best);
    }
    fa_jw_array_end(w);
}

static fa_status write_batch_json(const char *path,
                                  const fa_batch *b,
                                  const fa_policy *policy,
                                  const batch_item *items,
                                  const fa_batch_summary *s,
                                  fa_error *err)
{
    fa_buf buf = FA_BUF_INIT;
    fa_jw w;
    size_t i;
    fa_status rc;

    fa_jw_init(&w, &buf, true);
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "schema_version");
    fa_jw_int(&w, BATCH_JSON_SCHEMA_VERSION);
    fa_jw_key(&w, "tool");
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "name");
    fa_jw_string(&w, "fairaudit");
    fa_jw_key(&w, "version");
    fa_jw_string(&w, fa_version_string());
    fa_jw_object_end(&w);
    fa_jw_key(&w, "manifest");
    fa_jw_string(&w, b->path);
    fa_jw_key(&w, "policy");
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "name");
    fa_jw_string(&w, fa_policy_name(policy));
    fa_jw_key(&w, "fingerprint");
    fa_jw_string(&w, fa_policy_fingerprint(policy));
    fa_jw_object_end(&w);
    fa_jw_key(&w, "passed");
    fa_jw_bool(&w, s->n_failed == 0 && s->n_errors == 0);
    fa_jw_key(&w, "counts");
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "audits");
    fa_jw_uint(&w, s->n_audits);
    fa_jw_key(&w, "passed");
    fa_jw_uint(&w, s->n_passed);
    fa_jw_key(&w, "failed");
    fa_jw_uint(&w, s->n_failed);
    fa_jw_key(&w, "errors");
    fa_jw_uint(&w, s->n_errors);
    fa_jw_object_end(&w);
    fa_jw_key(&w, "audits");
    fa_jw_array_begin(&w);
    for (i = 0; i < b->n_entries; i++) {
        const fa_gate_result *r = items[i].result;
        fa_jw_object_begin(&w);
        fa_jw_key(&w, "name");
        fa_jw_string(&w, b->entries[i].name);
        fa_jw_key(&w, "status");
        fa_jw_string(&w, r == NULL ? "error" : fa_gate_result_passed(r) ? "passed" : "failed");
        fa_jw_key(&w, "folder");
        if (r != NULL)
            fa_jw_string(&w, b->entries[i].name);
        else
            fa_jw_null(&w);
        fa_jw_key(&w, "baseline");
        fa_jw_string(&w, items[i].baseline);
        fa_jw_key(&w, "error");
        if (r == NULL)
            fa_jw_string(&w, items[i].error);
        else
            fa_jw_null(&w);
        fa_jw_key(&w, "counts");
        if (r != NULL) {
            fa_jw_object_begin(&w);
            fa_jw_key(&w, "checks");
            fa_jw_uint(&w, fa_gate_result_n_entries(r));
            fa_jw_key(&w, "pass");
            fa_jw_uint(&w, fa_gate_result_count(r, FA_VERDICT_PASS));
            fa_jw_key(&w, "warn");
            fa_jw_uint(&w, fa_gate_result_count(r, FA_VERDICT_WARN));
            fa_jw_key(&w, "fail");
            fa_jw_uint(&w, fa_gate_result_count(r, FA_VERDICT_FAIL));
            fa_jw_key(&w, "inconclusive");
            fa_jw_uint(&w, fa_gate_result_count(r, FA_VERDICT_INCONCLUSIVE));
            fa_jw_object_end(&w);
            fa_jw_key(&w, "worst");
            write_worst(&w, r);
        } else {
            fa_jw_null(&w);
            fa_jw_key(&w, "worst");
            fa_jw_array_begin(&w);
            fa_jw_array_end(&w);
        }
        fa_jw_object_end(&w);
    }
    fa_jw_array_end(&w);
    fa_jw_object_end(&w);
    fa_buf_putc(&buf, '\n');
    if (buf.oom) {
        fa_buf_dispose(&buf);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    rc = fa_write_file_atomic(path, buf.ptr, buf.len, err);
    fa_buf_dispose(&buf);
    return rc;
}

static void log_item(const fa_batch_options *o, const char *name, const batch_item *it)
{
    char line[FA_ERROR_MSG_MAX + FA_ERROR_PATH_MAX + 256];

    if (o == NULL || o->log == NULL)
        return;
    if (it->result == NULL) {
        snprintf(line, sizeof line, "%s: could not be audited: %s", name, it->error);
        o->log(FA_LOG_WARNING, line, o->log_payload);
        return;
    }
    snprintf(line, sizeof line,
             "%s: gate %s (%zu failed, %zu warned, %zu inconclusive, %zu passed)", name,
             fa_gate_result_passed(it->result) ? "passed" : "FAILED",
             fa_gate_result_count(it->result, FA_VERDICT_FAIL),
             fa_gate_result_count(it->result, FA_VERDICT_WARN),
             fa_gate_result_count(it->result, FA_VERDICT_INCONCLUSIVE),
             fa_gate_result_count(it->result, FA_VERDICT_PASS));
    o->log(FA_LOG_INFO, line, o->log_payload);
}

static fa_status run_all(const fa_batch *b,
                         const fa_policy *policy,
                         const char *out_dir,
                         const fa_batch_options *o,
                         batch_item *items,
                         fa_batch_summary *s,
                         fa_error *err)
{
    fa_gate_report_item *report;
    char *path;
    size_t i;
    fa_status rc = FA_OK;

    FA_TRY(make_dirs(out_dir, err));
    for (i = 0; i < b->n_entries; i++) {
        FA_TRY(run_one(b, &b->entries[i], policy, out_dir, &items[i], err));
        log_item(o, b->entries[i].name, &items[i]);
        if (items[i].result == NULL)
            s->n_errors++;
        else if (fa_gate_result_passed(items[i].result))
            s->n_passed++;
        else
            s->n_failed++;
    }
    report = fa_calloc(b->n_entries, sizeof *report);
    FA_CHECK_ALLOC(err, report);
    for (i = 0; i < b->n_entries; i++) {
        report[i].name = b->entries[i].name;
        report[i].result = items[i].result;
        report[i].error = items[i].result == NULL ? items[i].error : NULL;
    }
    path = join(out_dir, "batch.json", NULL);
    rc = path != NULL ? write_batch_json(path, b, policy, items, s, err)
                      : fa_error_set(err, FA_ENOMEM, "out of memory");
    fa_free(path);
    if (rc == FA_OK) {
        path = join(out_dir, "summary.md", NULL);
        rc = path != NULL ? fa_gate_write_summary_md(path, report, b->n_entries, err)
                          : fa_error_set(err, FA_ENOMEM, "out of memory");
        fa_free(path);
    }
    if (rc == FA_OK) {
        path = join(out_dir, "junit.xml", NULL);
        rc = path != NULL ? fa_gate_write_junit(path, report, b->n_entries, err)
                          : fa_error_set(err, FA_ENOMEM, "out of memory");
        fa_free(path);
    }
    fa_free(report);
    return rc;
}

fa_status fa_batch_run(const fa_batch *b,
                       const char *out_dir,
                       const fa_batch_options *opts,
                       fa_batch_summary *summary_out,
                       fa_error *err)
{
    fa_policy *policy = NULL;
    batch_item *items;
    fa_batch_summary s;
    fa_status rc;
    size_t i;

    FA_CHECK_ARG(err, b != NULL && out_dir != NULL && out_dir[0] != '\0');
    FA_CHECK_ARG(err, opts == NULL || opts->version == FA_BATCH_OPTIONS_VERSION);
    memset(&s, 0, sizeof s);
    s.n_audits = b->n_entries;
    FA_TRY(fa_policy_load(&policy, opts != NULL && opts->policy != NULL ? opts->policy : b->policy,
                          err));
    items = fa_calloc(b->n_entries, sizeof *items);
    if (items == NULL) {
        fa_policy_free(policy);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    rc = run_all(b, policy, out_dir, opts, items, &s, err);
    for (i = 0; i < b->n_entries; i++) {
        fa_gate_result_free(items[i].result);
        fa_free(items[i].baseline);
    }
    fa_free(items);
    fa_policy_free(policy);
    if (summary_out != NULL)
        *summary_out = s;
    return rc;
}
