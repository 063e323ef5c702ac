/*
 * report_doc.c — reads an audit document (audit.json) into the typed model
 * of report_doc.h.
 *
 * Leniency: the report must render every audit the engine writes, including
 * older minor versions, so only what a report cannot do without is required
 * (schema_version, attributes[].name/groups, groups[].value/n/metrics). Every
 * other key is optional; when present it must have the documented type, and
 * a wrong type is an FA_ESCHEMA error located at the value. Unknown keys are
 * ignored (newer minor versions may add some).
 */
#include "report_doc.h"

#include <stdlib.h>
#include <string.h>

/* ---- small typed getters --------------------------------------------------- */

/* A string member, or NULL when absent or null. */
static fa_status opt_str(const fa_json_node *obj, const char *key, const char **out, fa_error *err)
{
    const fa_json_node *n = fa_json_member(obj, key);

    *out = NULL;
    if (n == NULL || fa_json_is(n, FA_JSON_NULL))
        return FA_OK;
    return fa_json_get_string(n, out, err);
}

/* A number member, NaN when absent or null. */
static fa_status opt_num(const fa_json_node *obj, const char *key, double *out, fa_error *err)
{
    const fa_json_node *n = fa_json_member(obj, key);

    *out = fa_nan();
    if (n == NULL || fa_json_is(n, FA_JSON_NULL))
        return FA_OK;
    return fa_json_get_number(n, out, err);
}

/* An object member, NULL when absent or null. */
static fa_status
opt_obj(const fa_json_node *obj, const char *key, const fa_json_node **out, fa_error *err)
{
    const fa_json_node *n = fa_json_member(obj, key);

    *out = NULL;
    if (n == NULL || fa_json_is(n, FA_JSON_NULL))
        return FA_OK;
    FA_TRY(fa_json_expect(n, FA_JSON_OBJECT, err));
    *out = n;
    return FA_OK;
}

static fa_status
opt_arr(const fa_json_node *obj, const char *key, const fa_json_node **out, fa_error *err)
{
    const fa_json_node *n = fa_json_member(obj, key);

    *out = NULL;
    if (n == NULL || fa_json_is(n, FA_JSON_NULL))
        return FA_OK;
    FA_TRY(fa_json_expect(n, FA_JSON_ARRAY, err));
    *out = n;
    return FA_OK;
}

/* A [lo, hi] pair (null elements allowed); NaN when absent. */
static fa_status read_ci(const fa_json_node *n, double *lo, double *hi, fa_error *err)
{
    *lo = *hi = fa_nan();
    if (n == NULL || fa_json_is(n, FA_JSON_NULL))
        return FA_OK;
    FA_TRY(fa_json_expect(n, FA_JSON_ARRAY, err));
    if (fa_json_count(n) != 2)
        return fa_json_error_at(err, n, FA_ESCHEMA,
                                "a confidence interval must be [low, high], got %zu values",
                                fa_json_count(n));
    if (!fa_json_is(fa_json_at(n, 0), FA_JSON_NULL))
        FA_TRY(fa_json_get_number(fa_json_at(n, 0), lo, err));
    if (!fa_json_is(fa_json_at(n, 1), FA_JSON_NULL))
        FA_TRY(fa_json_get_number(fa_json_at(n, 1), hi, err));
    if (isnan(*lo) || isnan(*hi))
        *lo = *hi = fa_nan();
    return FA_OK;
}

/* Scalar text of a number, string or boolean member (owned copy); NULL when
 * absent or null. */
static fa_status
opt_scalar_text(const fa_json_node *obj, const char *key, char **out, fa_error *err)
{
    const fa_json_node *n = fa_json_member(obj, key);
    const char *s = NULL;
    size_t len = 0;

    *out = NULL;
    if (n == NULL || fa_json_is(n, FA_JSON_NULL))
        return FA_OK;
    switch (fa_json_type_of(n)) {
    case FA_JSON_NUMBER:
        s = fa_json_number_text(n, &len);
        break;
    case FA_JSON_STRING:
        s = fa_json_string(n);
        len = strlen(s);
        break;
    case FA_JSON_BOOL:
        s = fa_json_bool(n) ? "true" : "false";
        len = strlen(s);
        break;
    default:
        return fa_json_error_at(err, n, FA_ESCHEMA, "\"%s\" must be a number or a string", key);
    }
    *out = fa_strndup(s, len);
    FA_CHECK_ALLOC(err, *out);
    return FA_OK;
}

static void val_init(fa_rval *v)
{
    v->present = false;
    v->v = v->lo = v->hi = fa_nan();
    v->reason = NULL;
    v->source = NULL;
}

/*
 * One value: the number at obj[key] (or null), its CI from ci_obj[key], its
 * reason from reasons (an object key -> text, or an array of
 * {"metric": key, "reason": text}).
 */
static fa_status read_val(fa_rval *v,
                          const fa_json_node *obj,
                          const char *key,
                          const fa_json_node *ci_obj,
                          const fa_json_node *reasons,
                          fa_error *err)
{
    const fa_json_node *n = obj ? fa_json_member(obj, key) : NULL;

    val_init(v);
    if (n == NULL)
        return FA_OK;
    v->present = true;
    if (!fa_json_is(n, FA_JSON_NULL))
        FA_TRY(fa_json_get_number(n, &v->v, err));
    if (ci_obj != NULL)
        FA_TRY(read_ci(fa_json_member(ci_obj, key), &v->lo, &v->hi, err));
    if (reasons != NULL && fa_json_is(reasons, FA_JSON_OBJECT)) {
        FA_TRY(opt_str(reasons, key, &v->reason, err));
    } else if (reasons != NULL && fa_json_is(reasons, FA_JSON_ARRAY)) {
        size_t i;
        for (i = 0; i < fa_json_count(reasons); i++) {
            const fa_json_node *e = fa_json_at(reasons, i);
            const char *m = NULL;
            if (!fa_json_is(e, FA_JSON_OBJECT))
                continue;
            FA_TRY(opt_str(e, "metric", &m, err));
            if (m != NULL && strcmp(m, key) == 0)
                FA_TRY(opt_str(e, "reason", &v->reason, err));
        }
    }
    return FA_OK;
}

/* A disparity: {"value": x|null, "ci": [lo, hi], "reason": "..."} (a bare
 * number is accepted too). */
static fa_status
read_disparity(fa_rval *v, const fa_json_node *disp, const char *key, fa_error *err)
{
    const fa_json_node *n = disp ? fa_json_member(disp, key) : NULL;
    const fa_json_node *val;

    val_init(v);
    if (n == NULL)
        return FA_OK;
    v->present = true;
    if (fa_json_is(n, FA_JSON_NULL))
        return FA_OK;
    if (fa_json_is(n, FA_JSON_NUMBER))
        return fa_json_get_number(n, &v->v, err);
    FA_TRY(fa_json_expect(n, FA_JSON_OBJECT, err));
    val = fa_json_member(n, "value");
    if (val != NULL && !fa_json_is(val, FA_JSON_NULL))
        FA_TRY(fa_json_get_number(val, &v->v, err));
    FA_TRY(read_ci(fa_json_member(n, "ci"), &v->lo, &v->hi, err));
    FA_TRY(opt_str(n, "source", &v->source, err));
    return opt_str(n, "reason", &v->reason, err);
}

/* An array of numbers-or-null of length @p n into a new double array. */
static fa_status read_num_array(const fa_json_node *arr, size_t n, double **out, fa_error *err)
{
    size_t i;

    *out = NULL;
    if (arr == NULL)
        return FA_OK;
    FA_TRY(fa_json_expect(arr, FA_JSON_ARRAY, err));
    if (fa_json_count(arr) != n)
        return fa_json_error_at(err, arr, FA_ESCHEMA,
                                "expected %zu values (one per threshold), got %zu", n,
                                fa_json_count(arr));
    *out = fa_reallocarray(NULL, n ? n : 1, sizeof **out);
    FA_CHECK_ALLOC(err, *out);
    for (i = 0; i < n; i++) {
        const fa_json_node *e = fa_json_at(arr, i);
        (*out)[i] = fa_nan();
        if (!fa_json_is(e, FA_JSON_NULL))
            FA_TRY(fa_json_get_number(e, &(*out)[i], err));
    }
    return FA_OK;
}

/* ---- groups --------------------------------------------------------------- */

/*
 * A group's sweep: selection_rate, tpr and fpr arrays at the document's
 * sweep.thresholds (a group may carry its own "thresholds" instead).
 */
static fa_status read_sweep(fa_rsweep *s,
                            const fa_json_node *g,
                            const double *thresholds,
                            size_t n_thresholds,
                            double **own,
                            fa_error *err)
{
    const fa_json_node *sw, *thr;

    FA_TRY(opt_obj(g, "sweep", &sw, err));
    if (sw == NULL)
        return FA_OK;
    FA_TRY(opt_arr(sw, "thresholds", &thr, err));
    if (thr != NULL) {
        FA_TRY(read_num_array(thr, fa_json_count(thr), own, err));
        s->threshold = *own;
        s->n = fa_json_count(thr);
    } else if (thresholds != NULL) {
        s->threshold = thresholds;
        s->n = n_thresholds;
    } else {
        return fa_json_error_at(err, sw, FA_ESCHEMA,
                                "a group's \"sweep\" needs the document's "
                                "\"sweep\": {\"thresholds\": [...]}");
    }
    if (s->n == 0)
        return FA_OK;
    FA_TRY(read_num_array(fa_json_member(sw, "selection_rate"), s->n, &s->selection_rate, err));
    FA_TRY(read_num_array(fa_json_member(sw, "tpr"), s->n, &s->tpr, err));
    FA_TRY(read_num_array(fa_json_member(sw, "fpr"), s->n, &s->fpr, err));
    return FA_OK;
}

static fa_status read_bins(const fa_json_node *g,
                           const char *key,
                           bool calibration,
                           void **out,
                           size_t *n_out,
                           fa_error *err)
{
    const fa_json_node *arr;
    size_t i, n;

    *out = NULL;
    *n_out = 0;
    FA_TRY(opt_arr(g, key, &arr, err));
    if (arr == NULL)
        return FA_OK;
    n = fa_json_count(arr);
    if (n == 0)
        return FA_OK;
    if (calibration) {
        fa_rcal_bin *b = fa_reallocarray(NULL, n, sizeof *b);
        FA_CHECK_ALLOC(err, b);
        *out = b;
        for (i = 0; i < n; i++) {
            const fa_json_node *e = fa_json_at(arr, i);
            FA_TRY(fa_json_expect(e, FA_JSON_OBJECT, err));
            FA_TRY(opt_num(e, "lo", &b[i].lo, err));
            FA_TRY(opt_num(e, "hi", &b[i].hi, err));
            FA_TRY(opt_num(e, "n", &b[i].n, err));
            FA_TRY(opt_num(e, "mean_score", &b[i].mean_score, err));
            FA_TRY(opt_num(e, "positive_rate", &b[i].positive_rate, err));
            *n_out = i + 1;
        }
    } else {
        fa_rhist_bin *b = fa_reallocarray(NULL, n, sizeof *b);
        FA_CHECK_ALLOC(err, b);
        *out = b;
        for (i = 0; i < n; i++) {
            const fa_json_node *e = fa_json_at(arr, i);
            FA_TRY(fa_json_expect(e, FA_JSON_OBJECT, err));
            FA_TRY(opt_num(e, "lo", &b[i].lo, err));
            FA_TRY(opt_num(e, "hi", &b[i].hi, err));
            FA_TRY(opt_num(e, "n", &b[i].n, err));
            FA_TRY(opt_num(e, "positives", &b[i].positives, err));
            *n_out = i + 1;
        }
    }
    return FA_OK;
}

static fa_status
read_group(fa_rgroup *gr, const fa_json_node *g, bool need_value, const fa_rdoc *d, fa_error *err)
{
    const fa_json_node *metrics, *mci, *undefined, *vs, *vci, *conf, *n, *ref;
    const char *status = NULL;
    size_t i, n_defs;
    const fa_rmetric_def *defs;
    void *bins;
    fa_status rc;

    if (need_value) {
        const fa_json_node *v;
        FA_TRY(fa_json_get_member(g, "value", true, &v, err));
        FA_TRY(fa_json_get_string(v, &gr->value, err));
    }
    FA_TRY(fa_json_get_member(g, "n", true, &n, err));
    FA_TRY(fa_json_get_number(n, &gr->n, err));
    FA_TRY(opt_num(g, "weight", &gr->weight, err));
    FA_TRY(opt_str(g, "status", &status, err));
    gr->insufficient = status != NULL && strcmp(status, "insufficient_data") == 0;
    ref = fa_json_member(g, "reference");
    if (ref != NULL && !fa_json_is(ref, FA_JSON_NULL))
        FA_TRY(fa_json_get_bool(ref, &gr->is_reference, err));
    FA_TRY(opt_obj(g, "confusion", &conf, err));
    if (conf != NULL) {
        gr->has_confusion = true;
        FA_TRY(opt_num(conf, "tp", &gr->tp, err));
        FA_TRY(opt_num(conf, "fp", &gr->fp, err));
        FA_TRY(opt_num(conf, "tn", &gr->tn, err));
        FA_TRY(opt_num(conf, "fn", &gr->fn, err));
    }
    FA_TRY(fa_json_get_member(g, "metrics", true, &metrics, err));
    FA_TRY(fa_json_expect(metrics, FA_JSON_OBJECT, err));
    FA_TRY(opt_obj(g, "metrics_ci", &mci, err));
    undefined = fa_json_member(g, "undefined");
    if (undefined != NULL && !fa_json_is(undefined, FA_JSON_OBJECT) &&
        !fa_json_is(undefined, FA_JSON_ARRAY) && !fa_json_is(undefined, FA_JSON_NULL))
        return fa_json_error_at(err, undefined, FA_ESCHEMA,
                                "\"undefined\" must be an object (metric -> reason)");
    defs = fa_rcatalog(FA_RLEVEL_GROUP, &n_defs);
    for (i = 0; i < n_defs; i++)
        FA_TRY(read_val(&gr->metrics[i], metrics, defs[i].key, mci, undefined, err));
    FA_TRY(opt_obj(g, "vs_reference", &vs, err));
    FA_TRY(opt_obj(g, "vs_reference_ci", &vci, err));
    gr->has_vs = vs != NULL;
    defs = fa_rcatalog(FA_RLEVEL_VS_REFERENCE, &n_defs);
    for (i = 0; i < n_defs; i++)
        FA_TRY(read_val(&gr->vs[i], vs, defs[i].key, vci, fa_json_member(vs, "undefined"), err));
    /* read_bins hands out its array even when it fails half-way (a bad bin):
     * store it before checking, so that the group's free releases it (a leak
     * found by fuzz_report_doc). */
    rc = read_bins(g, "calibration", true, &bins, &gr->n_cal, err);
    gr->cal = bins;
    FA_TRY(rc);
    rc = read_bins(g, "score_histogram", false, &bins, &gr->n_hist, err);
    gr->hist = bins;
    FA_TRY(rc);
    return read_sweep(&gr->sweep, g, d->sweep_thresholds, d->n_sweep, &gr->own_thresholds, err);
}

static void group_init(fa_rgroup *g)
{
    size_t i;

    memset(g, 0, sizeof *g);
    g->weight = fa_nan();
    g->tp = g->fp = g->tn = g->fn = fa_nan();
    for (i = 0; i < FA_RM_COUNT; i++)
        val_init(&g->metrics[i]);
    for (i = 0; i < FA_RV_COUNT; i++)
        val_init(&g->vs[i]);
}

static void group_dispose(fa_rgroup *g)
{
    fa_free(g->cal);
    fa_free(g->hist);
    fa_free(g->own_thresholds);
    fa_free(g->sweep.selection_rate);
    fa_free(g->sweep.tpr);
    fa_free(g->sweep.fpr);
}

/* ---- attributes ------------------------------------------------------------ */

static fa_status read_attr(fa_rattr *a, const fa_json_node *an, const fa_rdoc *d, fa_error *err)
{
    const fa_json_node *name, *groups, *cols, *disp, *unk;
    size_t i, n_defs;
    const fa_rmetric_def *defs;

    FA_TRY(fa_json_expect(an, FA_JSON_OBJECT, err));
    FA_TRY(fa_json_get_member(an, "name", true, &name, err));
    FA_TRY(fa_json_get_string(name, &a->name, err));
    FA_TRY(opt_arr(an, "columns", &cols, err));
    if (cols != NULL && fa_json_count(cols) > 0) {
        a->columns = fa_reallocarray(NULL, fa_json_count(cols), sizeof *a->columns);
        FA_CHECK_ALLOC(err, a->columns);
        for (i = 0; i < fa_json_count(cols); i++) {
            FA_TRY(fa_json_get_string(fa_json_at(cols, i), &a->columns[i], err));
            a->n_columns = i + 1;
        }
    }
    {
        /* {"value": ..., "values": [...], "chosen": ...} (or a plain string) */
        const fa_json_node *r = fa_json_member(an, "reference");
        if (r != NULL && fa_json_is(r, FA_JSON_OBJECT))
            FA_TRY(opt_str(r, "value", &a->reference, err));
        else
            FA_TRY(opt_str(an, "reference", &a->reference, err));
    }
    a->unknown = fa_nan();
    unk = fa_json_member(an, "unknown");
    if (unk != NULL && fa_json_is(unk, FA_JSON_OBJECT))
        FA_TRY(opt_num(unk, "n", &a->unknown, err));
    else
        FA_TRY(opt_num(an, "unknown", &a->unknown, err));
    FA_TRY(fa_json_get_member(an, "groups", true, &groups, err));
    FA_TRY(fa_json_expect(groups, FA_JSON_ARRAY, err));
    if (fa_json_count(groups) > 0) {
        a->groups = fa_reallocarray(NULL, fa_json_count(groups), sizeof *a->groups);
        FA_CHECK_ALLOC(err, a->groups);
    }
    for (i = 0; i < fa_json_count(groups); i++) {
        const fa_json_node *g = fa_json_at(groups, i);
        group_init(&a->groups[i]);
        a->n_groups = i + 1;
        FA_TRY(fa_json_expect(g, FA_JSON_OBJECT, err));
        FA_TRY(read_group(&a->groups[i], g, true, d, err));
        if (fa_json_member(g, "reference") == NULL)
            a->groups[i].is_reference =
                a->reference != NULL && strcmp(a->groups[i].value, a->reference) == 0;
    }
    FA_TRY(opt_obj(an, "disparities", &disp, err));
    a->disparities = disp;
    defs = fa_rcatalog(FA_RLEVEL_DISPARITY, &n_defs);
    for (i = 0; i < n_defs; i++)
        FA_TRY(read_disparity(&a->disp[i], disp, defs[i].key, err));
    return FA_OK;
}

/* ---- gate ------------------------------------------------------------------ */

static fa_status read_gate(fa_rgate *gt, const fa_json_node *root, fa_error *err)
{
    const fa_json_node *g, *pol, *entries, *msgs, *passed;
    size_t i;

    FA_TRY(opt_obj(root, "gate", &g, err));
    if (g == NULL)
        return FA_OK;
    gt->present = true;
    passed = fa_json_member(g, "passed");
    if (passed != NULL)
        FA_TRY(fa_json_get_bool(passed, &gt->passed, err));
    pol = fa_json_member(g, "policy");
    if (pol != NULL && fa_json_is(pol, FA_JSON_STRING)) {
        gt->policy_name = fa_json_string(pol);
    } else if (pol != NULL && !fa_json_is(pol, FA_JSON_NULL)) {
        FA_TRY(fa_json_expect(pol, FA_JSON_OBJECT, err));
        FA_TRY(opt_str(pol, "name", &gt->policy_name, err));
        FA_TRY(opt_str(pol, "path", &gt->policy_path, err));
        FA_TRY(opt_str(pol, "fingerprint", &gt->policy_fingerprint, err));
    }
    {
        const fa_json_node *b = fa_json_member(g, "baseline");
        if (b != NULL && fa_json_is(b, FA_JSON_OBJECT))
            FA_TRY(opt_str(b, "path", &gt->baseline, err));
    }
    FA_TRY(opt_arr(g, "entries", &entries, err));
    if (entries != NULL && fa_json_count(entries) > 0) {
        gt->entries = fa_reallocarray(NULL, fa_json_count(entries), sizeof *gt->entries);
        FA_CHECK_ALLOC(err, gt->entries);
        for (i = 0; i < fa_json_count(entries); i++) {
            const fa_json_node *e = fa_json_at(entries, i);
            fa_rgate_entry *r = &gt->entries[i];
            memset(r, 0, sizeof *r);
            gt->n_entries = i + 1;
            FA_TRY(fa_json_expect(e, FA_JSON_OBJECT, err));
            FA_TRY(opt_str(e, "rule", &r->rule, err));
            FA_TRY(opt_str(e, "metric", &r->metric, err));
            FA_TRY(opt_str(e, "attribute", &r->attribute, err));
            FA_TRY(opt_str(e, "group", &r->group, err));
            FA_TRY(opt_str(e, "severity", &r->severity, err));
            FA_TRY(opt_str(e, "verdict", &r->verdict, err));
            FA_TRY(opt_str(e, "outcome", &r->outcome, err));
            FA_TRY(opt_str(e, "reason", &r->reason, err));
            FA_TRY(opt_num(e, "value", &r->value, err));
            {
                const fa_json_node *bound;
                FA_TRY(opt_obj(e, "bound", &bound, err));
                r->min = r->max = fa_nan();
                if (bound != NULL) {
                    FA_TRY(opt_num(bound, "min", &r->min, err));
                    FA_TRY(opt_num(bound, "max", &r->max, err));
                }
            }
            FA_TRY(opt_num(e, "n", &r->n, err));
            FA_TRY(opt_num(e, "baseline", &r->baseline, err));
            FA_TRY(opt_num(e, "tolerance", &r->tolerance, err));
            FA_TRY(read_ci(fa_json_member(e, "ci"), &r->lo, &r->hi, err));
        }
    }
    FA_TRY(opt_arr(g, "messages", &msgs, err));
    if (msgs != NULL && fa_json_count(msgs) > 0) {
        gt->messages = fa_reallocarray(NULL, fa_json_count(msgs), sizeof *gt->messages);
        FA_CHECK_ALLOC(err, gt->messages);
        for (i = 0; i < fa_json_count(msgs); i++) {
            FA_TRY(fa_json_get_string(fa_json_at(msgs, i), &gt->messages[i], err));
            gt->n_messages = i + 1;
        }
    }
    return FA_OK;
}

/* ---- the document ------------------------------------------------------------ */

/* Owned copies of texts the document holds in another form (numbers,
 * objects): freed with the doc. */
typedef struct rdoc_owned {
    fa_rdoc pub;
    char *seed;
    char *favorable;
    char *fingerprint;
    char *schema_version;
} rdoc_owned;

static fa_status
read_schema_version(fa_rdoc *d, rdoc_owned *o, const fa_json_node *root, fa_error *err)
{
    const fa_json_node *sv;
    long major;
    char *end = NULL;

    FA_TRY(fa_json_get_member(root, "schema_version", true, &sv, err));
    if (!fa_json_is(sv, FA_JSON_STRING) && !fa_json_is(sv, FA_JSON_NUMBER))
        return fa_json_error_at(err, sv, FA_ESCHEMA,
                                "\"schema_version\" must be an integer, not %s",
                                fa_json_type_name(fa_json_type_of(sv)));
    FA_TRY(opt_scalar_text(root, "schema_version", &o->schema_version, err));
    d->schema_version = o->schema_version;
    major = strtol(o->schema_version, &end, 10);
    if (end == o->schema_version || major < 1)
        return fa_json_error_at(err, sv, FA_EFORMAT, "unrecognised schema_version \"%s\"",
                                o->schema_version);
    if (major > FA_RDOC_SCHEMA_MAJOR)
        return fa_json_error_at(err, sv, FA_EFORMAT,
                                "schema_version %s is newer than this build reads (%d)",
                                o->schema_version, FA_RDOC_SCHEMA_MAJOR);
    return FA_OK;
}

static fa_status read_input(fa_rdoc *d, rdoc_owned *o, const fa_json_node *root, fa_error *err)
{
    const fa_json_node *input, *fp, *cols, *prot;
    size_t i;

    d->rows_read = d->rows_used = d->rows_skipped = fa_nan();
    FA_TRY(opt_obj(root, "input", &input, err));
    if (input == NULL)
        return FA_OK;
    FA_TRY(opt_str(input, "path", &d->input_path, err));
    FA_TRY(opt_num(input, "rows_read", &d->rows_read, err));
    FA_TRY(opt_num(input, "rows_used", &d->rows_used, err));
    FA_TRY(opt_num(input, "rows_skipped", &d->rows_skipped, err));
    FA_TRY(opt_str(input, "model", &d->model_path, err));
    FA_TRY(opt_obj(input, "fingerprint", &fp, err));
    if (fp != NULL) {
        const char *alg = NULL, *val = NULL;
        fa_buf b = FA_BUF_INIT;
        FA_TRY(opt_str(fp, "algorithm", &alg, err));
        FA_TRY(opt_str(fp, "value", &val, err));
        if (val != NULL) {
            fa_buf_printf(&b, "%s:%s", alg ? alg : "sha256", val);
            if (b.oom)
                FA_FAIL(err, FA_ENOMEM, "out of memory");
            o->fingerprint = fa_buf_detach(&b, NULL);
            d->input_fingerprint = o->fingerprint;
        }
    }
    FA_TRY(opt_obj(input, "columns", &cols, err));
    if (cols != NULL) {
        FA_TRY(opt_str(cols, "label", &d->col_label, err));
        FA_TRY(opt_str(cols, "score", &d->col_score, err));
        FA_TRY(opt_str(cols, "decision", &d->col_decision, err));
        FA_TRY(opt_str(cols, "weight", &d->col_weight, err));
        FA_TRY(opt_arr(cols, "protected", &prot, err));
        if (prot != NULL && fa_json_count(prot) > 0) {
            d->protected_cols = fa_reallocarray(NULL, fa_json_count(prot), sizeof(char *));
            FA_CHECK_ALLOC(err, d->protected_cols);
            for (i = 0; i < fa_json_count(prot); i++) {
                FA_TRY(fa_json_get_string(fa_json_at(prot, i), &d->protected_cols[i], err));
                d->n_protected = i + 1;
            }
        }
    }
    /* favourable value: the label string when the labels are strings */
    {
        const fa_json_node *lv = fa_json_member(input, "label_values");
        const fa_json_node *fav = fa_json_member(root, "favorable");
        if (fa_json_is(lv, FA_JSON_ARRAY) && fa_json_count(lv) == 2 &&
            fa_json_is(fav, FA_JSON_NUMBER)) {
            double f = fa_json_number(fav);
            const char *label = fa_json_string(fa_json_at(lv, f > 0.5 ? 1 : 0));
            if (label != NULL) {
                fa_free(o->favorable);
                o->favorable = fa_strdup(label);
                FA_CHECK_ALLOC(err, o->favorable);
                d->favorable = o->favorable;
            }
        }
    }
    return FA_OK;
}

static fa_status read_header(fa_rdoc *d, rdoc_owned *o, const fa_json_node *root, fa_error *err)
{
    const fa_json_node *tool, *settings, *score, *cal, *sweep, *thr;

    FA_TRY(opt_obj(root, "tool", &tool, err));
    if (tool != NULL) {
        FA_TRY(opt_str(tool, "name", &d->tool_name, err));
        FA_TRY(opt_str(tool, "version", &d->tool_version, err));
    }
    FA_TRY(opt_str(root, "generated_at", &d->generated_at, err));
    FA_TRY(opt_str(root, "run_by", &d->run_by, err));
    d->bootstrap_n = d->ci_level = d->min_group_size = fa_nan();
    FA_TRY(opt_obj(root, "settings", &settings, err));
    if (settings != NULL) {
        FA_TRY(opt_num(settings, "bootstrap", &d->bootstrap_n, err));
        FA_TRY(opt_scalar_text(settings, "seed", &o->seed, err));
        d->seed = o->seed;
        FA_TRY(opt_num(settings, "ci_level", &d->ci_level, err));
        FA_TRY(opt_str(settings, "ci_method", &d->ci_method, err));
        FA_TRY(opt_num(settings, "min_group_size", &d->min_group_size, err));
        FA_TRY(opt_str(settings, "p_value_test", &d->p_value_test, err));
    }
    FA_TRY(opt_scalar_text(root, "favorable", &o->favorable, err));
    d->favorable = o->favorable;
    FA_TRY(read_input(d, o, root, err));
    FA_TRY(opt_num(root, "threshold", &d->threshold, err));
    FA_TRY(opt_str(root, "decision", &d->decision_mode, err));
    d->higher_is_favorable = d->probabilities = -1;
    d->score_min = d->score_max = fa_nan();
    FA_TRY(opt_obj(root, "score", &score, err));
    if (score != NULL) {
        const fa_json_node *h = fa_json_member(score, "higher_is_favorable");
        const fa_json_node *p = fa_json_member(score, "probabilities");
        bool b;
        if (h != NULL && !fa_json_is(h, FA_JSON_NULL)) {
            FA_TRY(fa_json_get_bool(h, &b, err));
            d->higher_is_favorable = b ? 1 : 0;
        }
        if (p != NULL && !fa_json_is(p, FA_JSON_NULL)) {
            FA_TRY(fa_json_get_bool(p, &b, err));
            d->probabilities = b ? 1 : 0;
        }
        FA_TRY(opt_num(score, "min", &d->score_min, err));
        FA_TRY(opt_num(score, "max", &d->score_max, err));
    }
    d->cal_bins = fa_nan();
    FA_TRY(opt_obj(root, "calibration", &cal, err));
    if (cal != NULL)
        FA_TRY(opt_num(cal, "bins", &d->cal_bins, err));
    FA_TRY(opt_obj(root, "sweep", &sweep, err));
    if (sweep != NULL) {
        FA_TRY(opt_arr(sweep, "thresholds", &thr, err));
        if (thr != NULL) {
            d->n_sweep = fa_json_count(thr);
            FA_TRY(read_num_array(thr, d->n_sweep, &d->sweep_thresholds, err));
        }
    }
    return FA_OK;
}

static fa_status build(fa_rdoc *d, rdoc_owned *o, fa_error *err)
{
    const fa_json_node *root = fa_json_doc_root(d->json), *attrs, *overall;
    size_t i, n;

    if (!fa_json_is(root, FA_JSON_OBJECT))
        return fa_json_error_at(err, root, FA_ESCHEMA,
                                "an audit document must be a JSON object, not %s",
                                fa_json_type_name(fa_json_type_of(root)));
    FA_TRY(read_schema_version(d, o, root, err));
    FA_TRY(read_header(d, o, root, err));
    FA_TRY(opt_obj(root, "overall", &overall, err));
    group_init(&d->overall);
    if (overall != NULL) {
        d->has_overall = true;
        d->overall.value = "overall";
        FA_TRY(read_group(&d->overall, overall, false, d, err));
    }
    FA_TRY(fa_json_get_member(root, "attributes", true, &attrs, err));
    FA_TRY(fa_json_expect(attrs, FA_JSON_ARRAY, err));
    n = fa_json_count(attrs);
    if (n > 0) {
        d->attrs = fa_calloc(n, sizeof *d->attrs);
        FA_CHECK_ALLOC(err, d->attrs);
    }
    for (i = 0; i < n; i++) {
        d->n_attrs = i + 1;
        FA_TRY(read_attr(&d->attrs[i], fa_json_at(attrs, i), d, err));
    }
    FA_TRY(read_gate(&d->gate, root, err));
    FA_TRY(opt_obj(root, "model_card", &d->model_card, err));
    FA_TRY(opt_obj(root, "mitigation", &d->mitigation, err));
    return FA_OK;
}

static fa_status finish(fa_rdoc **out, fa_json_doc *json, fa_error *err)
{
    rdoc_owned *o;
    fa_status rc;
    size_t len = 0;
    const char *text;
    fa_sha256 sha;

    o = fa_calloc(1, sizeof *o);
    if (o == NULL) {
        fa_json_doc_free(json);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    o->pub.json = json;
    o->pub.name = fa_json_doc_name(json);
    text = fa_json_doc_text(json, &len);
    fa_sha256_init(&sha);
    fa_sha256_update(&sha, text, len);
    fa_sha256_final_hex(&sha, o->pub.fingerprint);
    rc = build(&o->pub, o, err);
    if (rc != FA_OK) {
        fa_rdoc_free(&o->pub);
        return rc;
    }
    *out = &o->pub;
    return FA_OK;
}

fa_status
fa_rdoc_parse(fa_rdoc **out, const char *text, size_t len, const char *name, fa_error *err)
{
    fa_json_doc *json = NULL;

    FA_CHECK_ARG(err, out != NULL && text != NULL);
    *out = NULL;
    FA_TRY(fa_json_doc_parse(&json, text, len, name ? name : "audit.json", err));
    return finish(out, json, err);
}

fa_status fa_rdoc_load(fa_rdoc **out, const char *path, fa_error *err)
{
    fa_json_doc *json = NULL;

    FA_CHECK_ARG(err, out != NULL && path != NULL);
    *out = NULL;
    FA_TRY(fa_json_doc_load(&json, path, err));
    return finish(out, json, err);
}

void fa_rdoc_free(fa_rdoc *doc)
{
    rdoc_owned *o = (rdoc_owned *)(void *)doc;
    size_t i, j;

    if (doc == NULL)
        return;
    for (i = 0; i < doc->n_attrs; i++) {
        for (j = 0; j < doc->attrs[i].n_groups; j++)
            group_dispose(&doc->attrs[i].groups[j]);
        fa_free(doc->attrs[i].groups);
        fa_free(doc->attrs[i].columns);
    }
    fa_free(doc->attrs);
    group_dispose(&doc->overall);
    fa_free(doc->gate.entries);
    fa_free(doc->gate.messages);
    fa_free(doc->protected_cols);
    fa_free(doc->sweep_thresholds);
    fa_free(o->seed);
    fa_free(o->favorable);
    fa_free(o->fingerprint);
    fa_free(o->schema_version);
    fa_json_doc_free(doc->json);
    fa_free(o);
}

const fa_rgroup *fa_rattr_group(const fa_rattr *a, const char *value)
{
    size_t i;

    if (value == NULL)
        return NULL;
    for (i = 0; i < a->n_groups; i++)
        if (strcmp(a->groups[i].value, value) == 0)
            return &a->groups[i];
    return NULL;
}

const fa_rattr *fa_rdoc_attr(const fa_rdoc *d, const char *name)
{
    size_t i;

    for (i = 0; i < d->n_attrs; i++)
        if (strcmp(d->attrs[i].name, name) == 0)
            return &d->attrs[i];
    return NULL;
}
