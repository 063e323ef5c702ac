/*
 * gate_json.c — the `gate` JSON section (docs/format/policy.md, "Gate
 * output"): inside audit.json for `fairaudit audit --policy`, and as a
 * standalone gate.json for `fairaudit gate`.
 *
 * fa_gate_write_into_audit() re-emits the audit document through the same
 * JSON writer (numbers re-printed shortest-round-trip, so every value reads
 * back identical) and adds `gate` as the last top-level key, replacing an
 * older one. Re-emitting, rather than splicing text, keeps the output valid
 * whatever the input's layout.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/fileio.h"
#include "gate_report.h"
#include "serialize/json_read.h"

/* Version of the standalone gate.json document. */
#define GATE_JSON_SCHEMA_VERSION 1

static void write_entry(fa_jw *w, const fa_gate_entry *e)
{
    fa_jw_object_begin(w);
    fa_jw_key(w, "rule");
    fa_jw_string(w, e->rule);
    fa_jw_key(w, "metric");
    fa_jw_string(w, e->metric);
    fa_jw_key(w, "attribute");
    fa_jw_string(w, e->attribute);
    fa_jw_key(w, "group");
    if (e->group != NULL)
        fa_jw_string(w, e->group);
    else
        fa_jw_null(w);
    fa_jw_key(w, "severity");
    fa_jw_string(w, fa_verdict_name(e->severity));
    fa_jw_key(w, "value");
    fa_jw_number(w, e->value); /* null when undefined: the reason says why */
    fa_jw_key(w, "bound");
    fa_jw_object_begin(w);
    if (!isnan(e->min)) {
        fa_jw_key(w, "min");
        fa_jw_number(w, e->min);
    }
    if (!isnan(e->max)) {
        fa_jw_key(w, "max");
        fa_jw_number(w, e->max);
    }
    fa_jw_object_end(w);
    fa_jw_key(w, "ci");
    if (!isnan(e->ci_lo) && !isnan(e->ci_hi)) {
        fa_jw_array_begin(w);
        fa_jw_number(w, e->ci_lo);
        fa_jw_number(w, e->ci_hi);
        fa_jw_array_end(w);
    } else {
        fa_jw_null(w);
    }
    fa_jw_key(w, "n");
    fa_jw_uint(w, e->n);
    fa_jw_key(w, "baseline");
    fa_jw_number(w, e->baseline);
    fa_jw_key(w, "tolerance");
    fa_jw_number(w, e->tolerance);
    fa_jw_key(w, "verdict");
    fa_jw_string(w, fa_verdict_name(e->verdict));
    fa_jw_key(w, "outcome");
    fa_jw_string(w, fa_verdict_name(e->outcome));
    fa_jw_key(w, "reason");
    fa_jw_string(w, e->reason);
    fa_jw_object_end(w);
}

void fa_gate__write_section(fa_jw *w, const fa_gate_result *r)
{
    size_t i, n = fa_gate_result_n_entries(r);
    int compared = 0;
    const char *base = fa_gate_result_baseline(r, &compared);

    fa_jw_object_begin(w);
    fa_jw_key(w, "passed");
    fa_jw_bool(w, fa_gate_result_passed(r) != 0);
    fa_jw_key(w, "policy");
    fa_jw_object_begin(w);
    fa_jw_key(w, "name");
    fa_jw_string(w, fa_gate_result_policy_name(r));
    fa_jw_key(w, "fingerprint");
    fa_jw_string(w, fa_gate_result_policy_fingerprint(r));
    fa_jw_object_end(w);
    fa_jw_key(w, "baseline");
    if (base != NULL) {
        fa_jw_object_begin(w);
        fa_jw_key(w, "path");
        fa_jw_string(w, base);
        fa_jw_key(w, "compared");
        fa_jw_bool(w, compared != 0);
        fa_jw_object_end(w);
    } else {
        fa_jw_null(w);
    }
    fa_jw_key(w, "counts");
    fa_jw_object_begin(w);
    fa_jw_key(w, "checks");
    fa_jw_uint(w, n);
    fa_jw_key(w, "pass");
    fa_jw_uint(w, fa_gate_result_count(r, FA_VERDICT_PASS));
    fa_jw_key(w, "warn");
    fa_jw_uint(w, fa_gate_result_count(r, FA_VERDICT_WARN));
    fa_jw_key(w, "fail");
    fa_jw_uint(w, fa_gate_result_count(r, FA_VERDICT_FAIL));
    fa_jw_key(w, "inconclusive");
    fa_jw_uint(w, fa_gate_result_count(r, FA_VERDICT_INCONCLUSIVE));
    fa_jw_object_end(w);
    fa_jw_key(w, "messages");
    fa_jw_array_begin(w);
    for (i = 0; i < fa_gate_result_n_messages(r); i++)
        fa_jw_string(w, fa_gate_result_message(r, i));
    fa_jw_array_end(w);
    fa_jw_key(w, "entries");
    fa_jw_array_begin(w);
    for (i = 0; i < n; i++)
        write_entry(w, fa_gate_result_entry(r, i));
    fa_jw_array_end(w);
    fa_jw_object_end(w);
}

static fa_status commit(const char *path, fa_buf *b, fa_error *err)
{
    fa_status rc;

    if (b->oom) {
        fa_buf_dispose(b);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    rc = fa_write_file_atomic(path, b->ptr, b->len, err);
    fa_buf_dispose(b);
    return rc;
}

fa_status fa_gate_write_json(const char *path,
                             const fa_gate_result *result,
                             const char *audit_name,
                             fa_error *err)
{
    fa_buf b = FA_BUF_INIT;
    fa_jw w;

    FA_CHECK_ARG(err, path != NULL && result != NULL);
    fa_jw_init(&w, &b, true);
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "schema_version");
    fa_jw_int(&w, GATE_JSON_SCHEMA_VERSION);
    fa_jw_key(&w, "tool");
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "name");
    fa_jw_string(&w, "fairaudit");
    fa_jw_key(&w, "version");
    fa_jw_string(&w, fa_version_string());
    fa_jw_object_end(&w);
    fa_jw_key(&w, "audit");
    fa_jw_string(&w, audit_name); /* null when NULL */
    fa_jw_key(&w, "gate");
    fa_gate__write_section(&w, result);
    fa_jw_object_end(&w);
    fa_buf_putc(&b, '\n');
    return commit(path, &b, err);
}

/* True when the number literal is a plain integer that fits an int64. */
static bool integer_literal(const char *text, size_t len, int64_t *out)
{
    char buf[32];
    char *end = NULL;
    size_t i;
    long long v;

    if (len == 0 || len >= sizeof buf)
        return false;
    for (i = 0; i < len; i++)
        if (!(text[i] == '-' && i == 0) && (text[i] < '0' || text[i] > '9'))
            return false;
    memcpy(buf, text, len);
    buf[len] = '\0';
    v = strtoll(buf, &end, 10);
    if (*end != '\0' || v == LLONG_MAX || v == LLONG_MIN)
        return false;
    *out = (int64_t)v;
    return true;
}

static void emit(fa_jw *w, const fa_json_node *n)
{
    size_t i, len = 0;
    const char *text;
    int64_t iv;

    switch (fa_json_type_of(n)) {
    case FA_JSON_NULL:
        fa_jw_null(w);
        break;
    case FA_JSON_BOOL:
        fa_jw_bool(w, fa_json_bool(n));
        break;
    case FA_JSON_NUMBER:
        text = fa_json_number_text(n, &len);
        if (integer_literal(text, len, &iv))
            fa_jw_int(w, iv);
        else
            fa_jw_number(w, fa_json_number(n));
        break;
    case FA_JSON_STRING:
        fa_jw_string(w, fa_json_string(n));
        break;
    case FA_JSON_ARRAY:
        fa_jw_array_begin(w);
        for (i = 0; i < fa_json_count(n); i++)
            emit(w, fa_json_at(n, i));
        fa_jw_array_end(w);
        break;
    case FA_JSON_OBJECT:
        fa_jw_object_begin(w);
        for (i = 0; i < fa_json_count(n); i++) {
            const fa_json_node *m = fa_json_at(n, i);
            fa_jw_key(w, fa_json_key(m));
            emit(w, m);
        }
        fa_jw_object_end(w);
        break;
    }
}

fa_status fa_gate_write_into_audit(const char *path,
                                   const char *audit_json,
                                   size_t len,
                                   const fa_gate_result *result,
                                   fa_error *err)
{
    fa_json_doc *doc = NULL;
    const fa_json_node *root;
    fa_buf b = FA_BUF_INIT;
    fa_jw w;
    size_t i;

    FA_CHECK_ARG(err, path != NULL && audit_json != NULL && result != NULL);
    FA_TRY(fa_json_doc_parse(&doc, audit_json, len, path, err));
    root = fa_json_doc_root(doc);
    if (!fa_json_is(root, FA_JSON_OBJECT)) {
        fa_status rc = fa_json_error_at(err, root, FA_EPARSE, "an audit must be a JSON object");
        fa_json_doc_free(doc);
        return rc;
    }
    fa_jw_init(&w, &b, true);
    fa_jw_object_begin(&w);
    for (i = 0; i < fa_json_count(root); i++) {
        const fa_json_node *m = fa_json_at(root, i);
        if (strcmp(fa_json_key(m), "gate") == 0)
            continue; /* replaced below */
        fa_jw_key(&w, fa_json_key(m));
        emit(&w, m);
    }
    fa_jw_key(&w, "gate");
    fa_gate__write_section(&w, result);
    fa_jw_object_end(&w);
    fa_buf_putc(&b, '\n');
    fa_json_doc_free(doc);
    return commit(path, &b, err);
}
