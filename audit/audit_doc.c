/*
 * audit_doc.c — reads the parts of an audit.json the gate needs
 * (docs/format/audit.md): attributes, their groups (value, n, metrics,
 * vs_reference) and disparities (value, ci, reason).
 *
 * Reading is lenient where the contract may grow (unknown keys are ignored)
 * and strict where the gate relies on a value (a group's `n` must be a
 * non-negative integer, a metric must be a number or null); every problem is
 * located `audit.json:LINE:COLUMN`.
 *
 * A document whose schema_version major differs from the one this build
 * reads is loaded with its header only (`readable` false): the gate refuses
 * to gate it, but can still name it as an incomparable baseline.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/fileio.h"
#include "gate_internal.h"
#include "serialize/json_read.h"

/* Largest group size accepted: counts are exact integers in a double. */
#define DOC_MAX_COUNT (INT64_C(1) << 53)

static void free_value(fa_adoc_value *v)
{
    fa_free(v->reason);
}

static void free_group(fa_adoc_group *g)
{
    size_t i;

    fa_free(g->value);
    for (i = 0; i < FA_GATE_N_VS_REFERENCE; i++)
        free_value(&g->vs[i]);
    for (i = 0; i < FA_GATE_N_GROUP_METRICS; i++)
        free_value(&g->metrics[i]);
}

static void free_attr(fa_adoc_attr *a)
{
    size_t i;

    fa_free(a->name);
    for (i = 0; i < a->n_columns; i++)
        fa_free(a->columns[i]);
    fa_free(a->columns);
    fa_free(a->reference);
    for (i = 0; i < a->n_groups; i++)
        free_group(&a->groups[i]);
    fa_free(a->groups);
    for (i = 0; i < FA_GATE_N_DISPARITIES; i++)
        free_value(&a->disp[i]);
}

void fa_audit_doc_free(fa_audit_doc *doc)
{
    size_t i;

    if (doc == NULL)
        return;
    for (i = 0; i < doc->n_attrs; i++)
        free_attr(&doc->attrs[i]);
    fa_free(doc->attrs);
    fa_free(doc->name);
    fa_free(doc->schema_version);
    fa_free(doc);
}

static fa_status dup_string(char **dst, const char *src, fa_error *err)
{
    *dst = fa_strdup(src);
    if (*dst == NULL)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    return FA_OK;
}

static void init_value(fa_adoc_value *v)
{
    v->present = false;
    v->value = v->ci_lo = v->ci_hi = fa_nan();
    v->reason = NULL;
}

/* `[lo, hi]` with numbers (or nulls, which leave the CI unknown). */
static fa_status read_ci(const fa_json_node *n, fa_adoc_value *v, fa_error *err)
{
    const fa_json_node *lo, *hi;

    if (fa_json_is(n, FA_JSON_NULL))
        return FA_OK;
    if (!fa_json_is(n, FA_JSON_ARRAY) || fa_json_count(n) != 2)
        return fa_json_error_at(err, n, FA_ESCHEMA, "\"ci\" must be an array [lo, hi]");
    lo = fa_json_at(n, 0);
    hi = fa_json_at(n, 1);
    if (fa_json_is(lo, FA_JSON_NULL) || fa_json_is(hi, FA_JSON_NULL))
        return FA_OK;
    FA_TRY(fa_json_get_number(lo, &v->ci_lo, err));
    FA_TRY(fa_json_get_number(hi, &v->ci_hi, err));
    if (v->ci_lo > v->ci_hi)
        return fa_json_error_at(err, n, FA_ESCHEMA, "\"ci\" has lo %g > hi %g", v->ci_lo, v->ci_hi);
    return FA_OK;
}

/* A metric value: a number, null, or {"value": number|null, "ci": [..], "reason": ".."}. */
static fa_status read_value(const fa_json_node *n, fa_adoc_value *v, fa_error *err)
{
    const fa_json_node *m;

    v->present = true;
    switch (fa_json_type_of(n)) {
    case FA_JSON_NULL:
        return FA_OK;
    case FA_JSON_NUMBER:
        return fa_json_get_number(n, &v->value, err);
    case FA_JSON_OBJECT:
        m = fa_json_member(n, "value");
        if (m == NULL)
            return fa_json_error_at(err, n, FA_ESCHEMA, "missing required key \"value\"");
        if (!fa_json_is(m, FA_JSON_NULL))
            FA_TRY(fa_json_get_number(m, &v->value, err));
        m = fa_json_member(n, "ci");
        if (m != NULL)
            FA_TRY(read_ci(m, v, err));
        m = fa_json_member(n, "reason");
        if (fa_json_is(m, FA_JSON_STRING))
            FA_TRY(dup_string(&v->reason, fa_json_string(m), err));
        return FA_OK;
    case FA_JSON_BOOL:
    case FA_JSON_STRING:
    case FA_JSON_ARRAY:
        break;
    }
    return fa_json_error_at(err, n, FA_ESCHEMA,
                            "a metric must be a number, null or an object, "
                            "not a %s",
                            fa_json_type_name(fa_json_type_of(n)));
}

/* Reads every catalogue key of @p level found in object @p obj into vals[]. */
static fa_status
read_values(const fa_json_node *obj, fa_gate_level level, fa_adoc_value *vals, fa_error *err)
{
    size_t i, n_all;
    const fa_gate_metric_def *all = fa_gate__metric_all(&n_all);

    if (obj == NULL || fa_json_is(obj, FA_JSON_NULL))
        return FA_OK;
    FA_TRY(fa_json_expect(obj, FA_JSON_OBJECT, err));
    for (i = 0; i < n_all; i++) {
        const fa_json_node *m;
        if (all[i].level != level)
            continue;
        m = fa_json_member(obj, all[i].key);
        if (m != NULL)
            FA_TRY(read_value(m, &vals[all[i].slot], err));
    }
    return FA_OK;
}

/* Reasons for null metrics: `"undefined": {"tpr": "no positives", ...}` or
 * `[{"metric": "tpr", "reason": "..."}, ...]`. Unknown shapes are ignored. */
static fa_status read_undefined(const fa_json_node *u, fa_adoc_group *g, fa_error *err)
{
    size_t i;

    if (u == NULL)
        return FA_OK;
    for (i = 0; i < fa_json_count(u); i++) {
        const fa_json_node *e = fa_json_at(u, i);
        const char *key = NULL, *reason = NULL;
        const fa_gate_metric_def *m;
        fa_adoc_value *v;

        if (fa_json_is(u, FA_JSON_OBJECT)) {
            key = fa_json_key(e);
            reason = fa_json_string(e);
        } else if (fa_json_is(u, FA_JSON_ARRAY) && fa_json_is(e, FA_JSON_OBJECT)) {
            key = fa_json_string(fa_json_member(e, "metric"));
            if (key == NULL)
                key = fa_json_string(fa_json_member(e, "key"));
            reason = fa_json_string(fa_json_member(e, "reason"));
        }
        m = fa_gate__metric_find(key);
        if (m == NULL || reason == NULL || m->level == FA_GATE_LEVEL_ATTRIBUTE)
            continue;
        v = m->level == FA_GATE_LEVEL_GROUP ? &g->metrics[m->slot] : &g->vs[m->slot];
        if (v->reason == NULL)
            FA_TRY(dup_string(&v->reason, reason, err));
    }
    return FA_OK;
}

static fa_status
read_group(const fa_json_node *gn, fa_adoc_attr *a, fa_adoc_group *g, fa_error *err)
{
    const fa_json_node *n;
    const char *s;
    int64_t count;
    size_t i;

    for (i = 0; i < FA_GATE_N_VS_REFERENCE; i++)
        init_value(&g->vs[i]);
    for (i = 0; i < FA_GATE_N_GROUP_METRICS; i++)
        init_value(&g->metrics[i]);
    FA_TRY(fa_json_expect(gn, FA_JSON_OBJECT, err));
    FA_TRY(fa_json_get_member(gn, "value", true, &n, err));
    FA_TRY(fa_json_get_string(n, &s, err));
    FA_TRY(dup_string(&g->value, s, err));
    FA_TRY(fa_json_get_member(gn, "n", true, &n, err));
    FA_TRY(fa_json_get_int(n, 0, DOC_MAX_COUNT, &count, err));
    g->n = (uint64_t)count;
    /* The group's own "reference" flag when the audit writes one, else by value. */
    n = fa_json_member(gn, "reference");
    if (fa_json_is(n, FA_JSON_BOOL))
        g->is_reference = fa_json_bool(n);
    else
        g->is_reference = a->reference != NULL && strcmp(a->reference, g->value) == 0;
    FA_TRY(read_values(fa_json_member(gn, "metrics"), FA_GATE_LEVEL_GROUP, g->metrics, err));
    n = fa_json_member(gn, "vs_reference");
    FA_TRY(read_values(n, FA_GATE_LEVEL_VS_REFERENCE, g->vs, err));
    if (fa_json_is(n, FA_JSON_OBJECT))
        FA_TRY(read_undefined(fa_json_member(n, "undefined"), g, err));
    return read_undefined(fa_json_member(gn, "undefined"), g, err);
}

static fa_status read_attr(const fa_json_node *an, fa_adoc_attr *a, fa_error *err)
{
    const fa_json_node *n;
    const char *s;
    size_t i, k;

    for (i = 0; i < FA_GATE_N_DISPARITIES; i++)
        init_value(&a->disp[i]);
    FA_TRY(fa_json_expect(an, FA_JSON_OBJECT, err));
    FA_TRY(fa_json_get_member(an, "name", true, &n, err));
    FA_TRY(fa_json_get_string(n, &s, err));
    FA_TRY(dup_string(&a->name, s, err));

    FA_TRY(fa_json_get_member(an, "columns", false, &n, err));
    if (n != NULL) {
        FA_TRY(fa_json_expect(n, FA_JSON_ARRAY, err));
        if (fa_json_count(n) == 0)
            return fa_json_error_at(err, n, FA_ESCHEMA, "\"columns\" must not be empty");
        a->columns = fa_calloc(fa_json_count(n), sizeof *a->columns);
        FA_CHECK_ALLOC(err, a->columns);
        for (i = 0; i < fa_json_count(n); i++) {
            FA_TRY(fa_json_get_string(fa_json_at(n, i), &s, err));
            FA_TRY(dup_string(&a->columns[i], s, err));
            a->n_columns++;
        }
    } else {
        a->columns = fa_calloc(1, sizeof *a->columns);
        FA_CHECK_ALLOC(err, a->columns);
        FA_TRY(dup_string(&a->columns[0], a->name, err));
        a->n_columns = 1;
    }

    /* "reference": {"value": "male", "values": [...], "chosen": ...} (or a plain string). */
    n = fa_json_member(an, "reference");
    if (fa_json_is(n, FA_JSON_OBJECT)) {
        const fa_json_node *v;
        FA_TRY(fa_json_get_member(n, "value", true, &v, err));
        if (!fa_json_is(v, FA_JSON_NULL)) {
            FA_TRY(fa_json_get_string(v, &s, err));
            FA_TRY(dup_string(&a->reference, s, err));
        }
    } else if (n != NULL && !fa_json_is(n, FA_JSON_NULL)) {
        FA_TRY(fa_json_get_string(n, &s, err));
        FA_TRY(dup_string(&a->reference, s, err));
    }

    FA_TRY(fa_json_get_member(an, "groups", true, &n, err));
    FA_TRY(fa_json_expect(n, FA_JSON_ARRAY, err));
    if (fa_json_count(n) > 0) {
        a->groups = fa_calloc(fa_json_count(n), sizeof *a->groups);
        FA_CHECK_ALLOC(err, a->groups);
    }
    for (i = 0; i < fa_json_count(n); i++) {
        a->n_groups++;
        FA_TRY(read_group(fa_json_at(n, i), a, &a->groups[i], err));
        for (k = 0; k < i; k++)
            if (strcmp(a->groups[k].value, a->groups[i].value) == 0)
                return fa_json_error_at(err, fa_json_at(n, i), FA_ESCHEMA,
                                        "group \"%s\" appears twice in attribute \"%s\"",
                                        a->groups[i].value, a->name);
    }
    return read_values(fa_json_member(an, "disparities"), FA_GATE_LEVEL_ATTRIBUTE, a->disp, err);
}

/* schema_version: an integer, or a string "MAJOR[.MINOR…]". */
static fa_status read_schema_version(const fa_json_node *root, fa_audit_doc *doc, fa_error *err)
{
    const fa_json_node *n;
    char buf[64];
    const char *text;
    size_t len = 0;
    char *end = NULL;
    unsigned long major;

    FA_TRY(fa_json_get_member(root, "schema_version", true, &n, err));
    if (fa_json_is(n, FA_JSON_NUMBER)) {
        text = fa_json_number_text(n, &len);
    } else if (fa_json_is(n, FA_JSON_STRING)) {
        text = fa_json_string(n);
        len = strlen(text);
    } else {
        return fa_json_error_at(err, n, FA_EFORMAT,
                                "\"schema_version\" must be a number or a string, not a %s",
                                fa_json_type_name(fa_json_type_of(n)));
    }
    if (len == 0 || len >= sizeof buf)
        return fa_json_error_at(err, n, FA_EFORMAT, "unreadable \"schema_version\"");
    memcpy(buf, text, len);
    buf[len] = '\0';
    FA_TRY(dup_string(&doc->schema_version, buf, err));
    if (buf[0] < '0' || buf[0] > '9')
        return fa_json_error_at(err, n, FA_EFORMAT, "unreadable \"schema_version\" \"%s\"", buf);
    major = strtoul(buf, &end, 10);
    if (*end != '\0' && *end != '.')
        return fa_json_error_at(err, n, FA_EFORMAT, "unreadable \"schema_version\" \"%s\"", buf);
    doc->schema_major = major > 1000u ? 1000u : (unsigned)major;
    return FA_OK;
}

static fa_status read_doc(const fa_json_node *root, fa_audit_doc *doc, fa_error *err)
{
    const fa_json_node *attrs;
    size_t i, k;

    if (!fa_json_is(root, FA_JSON_OBJECT))
        return fa_json_error_at(err, root, FA_ESCHEMA, "an audit must be a JSON object, not a %s",
                                fa_json_type_name(fa_json_type_of(root)));
    FA_TRY(read_schema_version(root, doc, err));
    doc->readable = doc->schema_major == FA_GATE_AUDIT_SCHEMA_MAJOR;
    if (!doc->readable)
        return FA_OK; /* header only; see the file comment */
    FA_TRY(fa_json_get_member(root, "attributes", true, &attrs, err));
    FA_TRY(fa_json_expect(attrs, FA_JSON_ARRAY, err));
    if (fa_json_count(attrs) > 0) {
        doc->attrs = fa_calloc(fa_json_count(attrs), sizeof *doc->attrs);
        FA_CHECK_ALLOC(err, doc->attrs);
    }
    for (i = 0; i < fa_json_count(attrs); i++) {
        doc->n_attrs++;
        FA_TRY(read_attr(fa_json_at(attrs, i), &doc->attrs[i], err));
        for (k = 0; k < i; k++)
            if (strcmp(doc->attrs[k].name, doc->attrs[i].name) == 0)
                return fa_json_error_at(err, fa_json_at(attrs, i), FA_ESCHEMA,
                                        "attribute \"%s\" appears twice", doc->attrs[i].name);
    }
    return FA_OK;
}

fa_status fa_audit_doc_parse(
    fa_audit_doc **out, const char *text, size_t len, const char *name, fa_error *err)
{
    fa_json_doc *json = NULL;
    fa_audit_doc *doc;
    fa_status rc;
    fa_sha256 sha;

    FA_CHECK_ARG(err, out != NULL && (text != NULL || len == 0));
    *out = NULL;
    if (name == NULL)
        name = "<audit>";
    doc = fa_calloc(1, sizeof *doc);
    FA_CHECK_ALLOC(err, doc);
    fa_sha256_init(&sha);
    fa_sha256_update(&sha, text, len);
    fa_sha256_final_hex(&sha, doc->fingerprint);
    rc = dup_string(&doc->name, name, err);
    if (rc == FA_OK)
        rc = fa_json_doc_parse(&json, text, len, name, err);
    if (rc == FA_OK)
        rc = read_doc(fa_json_doc_root(json), doc, err);
    fa_json_doc_free(json);
    if (rc != FA_OK) {
        fa_audit_doc_free(doc);
        return rc;
    }
    *out = doc;
    return FA_OK;
}

fa_status fa_audit_doc_load(fa_audit_doc **out, const char *path, fa_error *err)
{
    char *text = NULL;
    size_t len = 0;
    fa_status rc;

    FA_CHECK_ARG(err, out != NULL && path != NULL);
    *out = NULL;
    FA_TRY(fa_read_file(path, &text, &len, err));
    rc = fa_audit_doc_parse(out, text, len, path, err);
    fa_free(text);
    return rc;
}

const char *fa_audit_doc_schema_version(const fa_audit_doc *doc)
{
    return doc != NULL ? doc->schema_version : NULL;
}

const char *fa_audit_doc_name(const fa_audit_doc *doc)
{
    return doc != NULL ? doc->name : NULL;
}
