/*
 * compare.c — two audit.json reports (docs/format/audit.md) paired metric by
 * metric: the overall metrics, every attribute's disparities (with their
 * confidence intervals and the direction the report says is better), every
 * group's metrics and its comparison with the reference group. Entries are
 * matched by attribute name, group value and key; an entry present on one
 * side only is kept with the other side "absent".
 *
 * Reading goes through lib/serialize/json_read.h; values are taken as
 * written (null = undefined, with the report's reason when it gives one).
 */
#include <string.h>

#include "mitigate/compare_internal.h"
#include "serialize/json_read.h"

#define AUDIT_SCHEMA_VERSION 1
#define NOTE_ABSENT          "absent"

/* Directions of the per-group (and overall) metrics; the rest are neutral
 * (a group's selection rate is neither good nor bad by itself). */
static const struct {
    const char *key;
    fa_cmp_better better;
    double ideal;
} metric_dirs[] = {
    {"accuracy", FA_CMP_HIGHER, 1.0}, {"auc", FA_CMP_HIGHER, 1.0},     {"ks", FA_CMP_HIGHER, 1.0},
    {"brier", FA_CMP_LOWER, 0.0},     {"log_loss", FA_CMP_LOWER, 0.0}, {"ece", FA_CMP_LOWER, 0.0},
};

/* Directions of the vs_reference entries. */
static const struct {
    const char *key;
    fa_cmp_better better;
    double ideal;
} ref_dirs[] = {
    {"adverse_impact_ratio", FA_CMP_CLOSER, 1.0},
    {"selection_rate_difference", FA_CMP_CLOSER, 0.0},
    {"tpr_difference", FA_CMP_CLOSER, 0.0},
    {"fpr_difference", FA_CMP_CLOSER, 0.0},
    {"smd", FA_CMP_CLOSER, 0.0},
    {"shortfall", FA_CMP_CLOSER, 0.0},
};

const char *fa_cmp_verdict_name(fa_change v)
{
    switch (v) {
    case FA_CHANGE_IMPROVED:
        return "improved";
    case FA_CHANGE_WORSENED:
        return "worsened";
    case FA_CHANGE_UNCHANGED:
        return "unchanged";
    case FA_CHANGE_NEUTRAL:
        return "neutral";
    case FA_CHANGE_UNDEFINED:
        return "undefined";
    }
    return "undefined";
}

const char *fa_cmp_better_name(fa_cmp_better b)
{
    switch (b) {
    case FA_CMP_LOWER:
        return "lower";
    case FA_CMP_HIGHER:
        return "higher";
    case FA_CMP_CLOSER:
        return "closer_to_ideal";
    case FA_CMP_NEUTRAL:
        break;
    }
    return NULL;
}

static fa_change verdict(const fa_cmp_row *r)
{
    double d = r->after - r->before;

    if (!isfinite(r->before) || !isfinite(r->after))
        return FA_CHANGE_UNDEFINED;
    if (fabs(d) <= FA_COMPARE_EPSILON)
        return FA_CHANGE_UNCHANGED;
    switch (r->better) {
    case FA_CMP_LOWER:
        return d < 0.0 ? FA_CHANGE_IMPROVED : FA_CHANGE_WORSENED;
    case FA_CMP_HIGHER:
        return d > 0.0 ? FA_CHANGE_IMPROVED : FA_CHANGE_WORSENED;
    case FA_CMP_CLOSER: {
        double b = fabs(r->before - r->ideal), a = fabs(r->after - r->ideal);
        if (fabs(a - b) <= FA_COMPARE_EPSILON)
            return FA_CHANGE_UNCHANGED;
        return a < b ? FA_CHANGE_IMPROVED : FA_CHANGE_WORSENED;
    }
    case FA_CMP_NEUTRAL:
        break;
    }
    return FA_CHANGE_NEUTRAL;
}

static void row_dispose(fa_cmp_row *r)
{
    fa_free(r->scope);
    fa_free(r->attribute);
    fa_free(r->group);
    fa_free(r->metric);
    fa_free(r->before_note);
    fa_free(r->after_note);
}

void fa_comparison_free(fa_comparison *c)
{
    size_t i;

    if (c == NULL)
        return;
    for (i = 0; i < c->n; i++)
        row_dispose(&c->rows[i]);
    for (i = 0; i < 2; i++) {
        fa_free(c->side[i].path);
        fa_free(c->side[i].predictions);
        fa_free(c->side[i].fingerprint);
        fa_free(c->side[i].decision);
    }
    fa_free(c->rows);
    fa_free(c);
}

static char *dup_or_null(const char *s, bool *oom)
{
    char *d;

    if (s == NULL)
        return NULL;
    d = fa_strdup(s);
    if (d == NULL)
        *oom = true;
    return d;
}

/* One side's value of an entry: number, null with a reason, or absent. */
typedef struct side_val {
    bool present;
    double v;
    const char *reason;
    int ci_known;
    double ci[2];
} side_val;

/* Finds the row (scope, attribute, group, metric) or appends it. */
static fa_cmp_row *row_for(fa_comparison *c,
                           const char *scope,
                           const char *attr,
                           const char *group,
                           const char *metric,
                           bool *oom)
{
    size_t i;
    fa_cmp_row *r;

    /* The after report usually lists its entries in the before report's order. */
    if (c->hint < c->n) {
        r = &c->rows[c->hint];
        if (strcmp(r->scope, scope) == 0 && strcmp(r->metric, metric) == 0 &&
            (attr == NULL ? r->attribute == NULL
                          : r->attribute != NULL && strcmp(r->attribute, attr) == 0) &&
            (group == NULL ? r->group == NULL : r->group != NULL && strcmp(r->group, group) == 0)) {
            c->hint++;
            return r;
        }
    }
    for (i = c->n; i-- > 0;) {
        r = &c->rows[i];
        if (strcmp(r->scope, scope) == 0 && strcmp(r->metric, metric) == 0 &&
            (attr == NULL ? r->attribute == NULL
                          : r->attribute != NULL && strcmp(r->attribute, attr) == 0) &&
            (group == NULL ? r->group == NULL : r->group != NULL && strcmp(r->group, group) == 0)) {
            c->hint = i + 1;
            return r;
        }
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        fa_cmp_row *rows = fa_reallocarray(c->rows, cap, sizeof *rows);
        if (rows == NULL) {
            *oom = true;
            return NULL;
        }
        c->rows = rows;
        c->cap = cap;
    }
    r = &c->rows[c->n++];
    memset(r, 0, sizeof *r);
    r->scope = dup_or_null(scope, oom);
    r->attribute = dup_or_null(attr, oom);
    r->group = dup_or_null(group, oom);
    r->metric = dup_or_null(metric, oom);
    if (r->scope == NULL || r->metric == NULL || (attr != NULL && r->attribute == NULL) ||
        (group != NULL && r->group == NULL)) {
        /* out of memory: drop the half-made row, whose NULL names the lookups
         * above would compare (found by the unit_fault loop) */
        fa_free((void *)r->scope);
        fa_free((void *)r->attribute);
        fa_free((void *)r->group);
        fa_free((void *)r->metric);
        c->n--;
        *oom = true;
        return NULL;
    }
    r->before = r->after = fa_nan();
    r->ideal = fa_nan();
    return r;
}

static void set_side(fa_cmp_row *r, int side, const side_val *v, bool *oom)
{
    double *x = side ? &r->after : &r->before;
    char **note = side ? &r->after_note : &r->before_note;

    *x = v->present && !v->reason ? v->v : fa_nan();
    fa_free(*note);
    *note = NULL;
    if (!v->present)
        *note = dup_or_null(NOTE_ABSENT, oom);
    else if (v->reason != NULL)
        *note = dup_or_null(v->reason, oom);
    if (side) {
        r->after_ci_known = v->ci_known;
        memcpy(r->after_ci, v->ci, sizeof v->ci);
    } else {
        r->before_ci_known = v->ci_known;
        memcpy(r->before_ci, v->ci, sizeof v->ci);
    }
}

/* Reads a number-or-null member; a null takes its reason from @p undefined (if any). */
static fa_status read_value(const fa_json_node *n,
                            const fa_json_node *undefined,
                            const char *key,
                            side_val *out,
                            fa_error *err)
{
    memset(out, 0, sizeof *out);
    out->present = true;
    if (fa_json_is(n, FA_JSON_NULL)) {
        const char *why = fa_json_string(fa_json_member(undefined, key));
        out->reason = why != NULL ? why : "undefined";
        return FA_OK;
    }
    return fa_json_get_number(n, &out->v, err);
}

/* Pairs the numeric members of a metrics object (e.g. "metrics" with its "undefined"). */
static fa_status add_metric_object(fa_comparison *c,
                                   int side,
                                   const char *scope,
                                   const char *attr,
                                   const char *group,
                                   const fa_json_node *obj,
                                   const fa_json_node *undefined,
                                   bool ref_dirs_apply,
                                   fa_error *err)
{
    size_t i, j;
    bool oom = false;

    if (obj == NULL || fa_json_is(obj, FA_JSON_NULL))
        return FA_OK;
    FA_TRY(fa_json_expect(obj, FA_JSON_OBJECT, err));
    for (i = 0; i < fa_json_count(obj); i++) {
        const fa_json_node *n = fa_json_at(obj, i);
        const char *key = fa_json_key(n);
        fa_cmp_row *r;
        side_val v;
        if (!fa_json_is(n, FA_JSON_NUMBER) && !fa_json_is(n, FA_JSON_NULL))
            continue; /* "test", "undefined": not metrics */
        FA_TRY(read_value(n, undefined, key, &v, err));
        r = row_for(c, scope, attr, group, key, &oom);
        if (r == NULL)
            break;
        set_side(r, side, &v, &oom);
        if (ref_dirs_apply) {
            for (j = 0; j < sizeof ref_dirs / sizeof ref_dirs[0]; j++)
                if (strcmp(key, ref_dirs[j].key) == 0) {
                    r->better = ref_dirs[j].better;
                    r->ideal = ref_dirs[j].ideal;
                }
        } else {
            for (j = 0; j < sizeof metric_dirs / sizeof metric_dirs[0]; j++)
                if (strcmp(key, metric_dirs[j].key) == 0) {
                    r->better = metric_dirs[j].better;
                    r->ideal = metric_dirs[j].ideal;
                }
        }
    }
    if (oom)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    return FA_OK;
}

static fa_status add_disparities(
    fa_comparison *c, int side, const char *attr, const fa_json_node *obj, fa_error *err)
{
    size_t i;
    bool oom = false;

    if (obj == NULL)
        return FA_OK;
    FA_TRY(fa_json_expect(obj, FA_JSON_OBJECT, err));
    for (i = 0; i < fa_json_count(obj); i++) {
        const fa_json_node *d = fa_json_at(obj, i), *n, *ci;
        const char *better;
        fa_cmp_row *r;
        side_val v;
        FA_TRY(fa_json_expect(d, FA_JSON_OBJECT, err));
        FA_TRY(fa_json_get_member(d, "value", true, &n, err));
        memset(&v, 0, sizeof v);
        v.present = true;
        if (fa_json_is(n, FA_JSON_NULL)) {
            v.reason = fa_json_string(fa_json_member(d, "reason"));
            if (v.reason == NULL)
                v.reason = "undefined";
        } else {
            FA_TRY(fa_json_get_number(n, &v.v, err));
        }
        ci = fa_json_member(d, "ci");
        if (fa_json_is(ci, FA_JSON_ARRAY) && fa_json_count(ci) == 2) {
            FA_TRY(fa_json_get_number(fa_json_at(ci, 0), &v.ci[0], err));
            FA_TRY(fa_json_get_number(fa_json_at(ci, 1), &v.ci[1], err));
            v.ci_known = 1;
        }
        r = row_for(c, "disparity", attr, NULL, fa_json_key(d), &oom);
        if (r == NULL)
            break;
        set_side(r, side, &v, &oom);
        better = fa_json_string(fa_json_member(d, "better"));
        if (better != NULL) {
            r->better = strcmp(better, "lower") == 0    ? FA_CMP_LOWER
                        : strcmp(better, "higher") == 0 ? FA_CMP_HIGHER
                                                        : FA_CMP_CLOSER;
            r->ideal = fa_json_number(fa_json_member(d, "ideal"));
            if (r->better == FA_CMP_CLOSER && !isfinite(r->ideal))
                r->better = FA_CMP_NEUTRAL;
        }
    }
    if (oom)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    return FA_OK;
}

static fa_status add_document(fa_comparison *c, int side, const fa_json_node *root, fa_error *err)
{
    const fa_json_node *overall, *attrs, *n;
    size_t a, g;

    FA_TRY(fa_json_get_member(root, "overall", true, &overall, err));
    FA_TRY(fa_json_expect(overall, FA_JSON_OBJECT, err));
    FA_TRY(add_metric_object(c, side, "overall", NULL, NULL, fa_json_member(overall, "metrics"),
                             fa_json_member(overall, "undefined"), false, err));
    FA_TRY(fa_json_get_member(root, "attributes", true, &attrs, err));
    FA_TRY(fa_json_expect(attrs, FA_JSON_ARRAY, err));
    for (a = 0; a < fa_json_count(attrs); a++) {
        const fa_json_node *at = fa_json_at(attrs, a), *groups;
        const char *name;
        FA_TRY(fa_json_expect(at, FA_JSON_OBJECT, err));
        FA_TRY(fa_json_get_member(at, "name", true, &n, err));
        FA_TRY(fa_json_get_string(n, &name, err));
        FA_TRY(add_disparities(c, side, name, fa_json_member(at, "disparities"), err));
        FA_TRY(fa_json_get_member(at, "groups", true, &groups, err));
        FA_TRY(fa_json_expect(groups, FA_JSON_ARRAY, err));
        for (g = 0; g < fa_json_count(groups); g++) {
            const fa_json_node *grp = fa_json_at(groups, g), *vr;
            const char *value;
            FA_TRY(fa_json_expect(grp, FA_JSON_OBJECT, err));
            FA_TRY(fa_json_get_member(grp, "value", true, &n, err));
            FA_TRY(fa_json_get_string(n, &value, err));
            FA_TRY(add_metric_object(c, side, "group", name, value, fa_json_member(grp, "metrics"),
                                     fa_json_member(grp, "undefined"), false, err));
            vr = fa_json_member(grp, "vs_reference");
            if (vr != NULL && fa_json_is(vr, FA_JSON_OBJECT))
                FA_TRY(add_metric_object(c, side, "vs_reference", name, value, vr,
                                         fa_json_member(vr, "undefined"), true, err));
        }
    }
    return FA_OK;
}

static fa_status
read_side(fa_comparison *c, int side, const char *path, fa_json_doc **doc_out, fa_error *err)
{
    const fa_json_node *root, *n, *input;
    fa_cmp_side *s = &c->side[side];
    int64_t version;
    bool oom = false;

    FA_TRY(fa_json_doc_load(doc_out, path, err));
    root = fa_json_doc_root(*doc_out);
    n = fa_json_member(root, "schema_version");
    if (!fa_json_is(root, FA_JSON_OBJECT) || n == NULL ||
        fa_json_member(root, "attributes") == NULL)
        return fa_json_error_at(err, n != NULL ? n : root, FA_EFORMAT,
                                "not an audit.json report (no \"schema_version\" and "
                                "\"attributes\")");
    FA_TRY(fa_json_get_int(n, INT64_MIN, INT64_MAX, &version, err));
    if (version != AUDIT_SCHEMA_VERSION)
        return fa_json_error_at(err, n, FA_EFORMAT,
                                "unsupported audit.json schema_version %lld (this build reads %d)",
                                (long long)version, AUDIT_SCHEMA_VERSION);
    s->path = dup_or_null(path, &oom);
    input = fa_json_member(root, "input");
    s->predictions = dup_or_null(fa_json_string(fa_json_member(input, "path")), &oom);
    s->fingerprint = dup_or_null(
        fa_json_string(fa_json_member(fa_json_member(input, "fingerprint"), "value")), &oom);
    s->rows_used = fa_json_number(fa_json_member(input, "rows_used"));
    s->decision = dup_or_null(fa_json_string(fa_json_member(root, "decision")), &oom);
    if (oom)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    return add_document(c, side, root, err);
}

fa_status
fa_compare_load(fa_comparison **out, const char *before_path, const char *after_path, fa_error *err)
{
    fa_comparison *c;
    fa_json_doc *doc[2] = {NULL, NULL};
    fa_status rc;
    size_t i;
    bool oom = false;

    FA_CHECK_ARG(err, out != NULL && before_path != NULL && after_path != NULL);
    *out = NULL;
    c = fa_calloc(1, sizeof *c);
    FA_CHECK_ALLOC(err, c);
    rc = read_side(c, 0, before_path, &doc[0], err);
    c->hint = 0;
    if (rc == FA_OK)
        rc = read_side(c, 1, after_path, &doc[1], err);
    /* Rows seen on one side only: mark the other side absent. */
    for (i = 0; rc == FA_OK && i < c->n; i++) {
        fa_cmp_row *r = &c->rows[i];
        if (!isfinite(r->before) && r->before_note == NULL)
            r->before_note = dup_or_null(NOTE_ABSENT, &oom);
        if (!isfinite(r->after) && r->after_note == NULL)
            r->after_note = dup_or_null(NOTE_ABSENT, &oom);
        r->verdict = verdict(r);
    }
    if (rc == FA_OK && oom)
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
    fa_json_doc_free(doc[0]);
    fa_json_doc_free(doc[1]);
    if (rc != FA_OK) {
        fa_comparison_free(c);
        return rc;
    }
    *out = c;
    return FA_OK;
}

size_t fa_compare_n_rows(const fa_comparison *c)
{
    return c->n;
}

void fa_compare_get_row(const fa_comparison *c, size_t i, fa_compare_row *out)
{
    const fa_cmp_row *r = &c->rows[i];

    memset(out, 0, sizeof *out);
    out->scope = r->scope;
    out->attribute = r->attribute;
    out->group = r->group;
    out->metric = r->metric;
    out->before = r->before;
    out->after = r->after;
    out->change = r->after - r->before;
    out->before_note = r->before_note;
    out->after_note = r->after_note;
    out->before_ci_known = r->before_ci_known;
    out->after_ci_known = r->after_ci_known;
    memcpy(out->before_ci, r->before_ci, sizeof out->before_ci);
    memcpy(out->after_ci, r->after_ci, sizeof out->after_ci);
    out->better = fa_cmp_better_name(r->better);
    out->ideal = r->ideal;
    out->verdict = r->verdict;
}
