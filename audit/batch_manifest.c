/*
 * batch_manifest.c — loads and validates batch manifests (docs/format/batch.md).
 *
 * Validation is complete before anything runs: an unknown key, a missing or
 * duplicate name, an entry with no input or two inputs is an error located
 * `manifest.json:LINE:COLUMN` (exit 3). Whether the input files exist or
 * parse is *not* checked here: a broken input is a per-audit finding at run
 * time, so one bad file cannot stop a portfolio run.
 */
#include <math.h>
#include <string.h>

#include "batch_internal.h"
#include "serialize/json_read.h"

static const char *const top_keys[] = {"format",       "format_version", "policy",
                                       "baseline_dir", "defaults",       "audits"};
/* Audit options: allowed in "defaults" and in each entry. */
static const char *const option_keys[] = {
    "label",     "label_values", "score",          "decision", "threshold",
    "protected", "favorable",    "reference",      "weight",   "intersections",
    "bootstrap", "seed",         "min_group_size", "spec"};
#define N_OF(a)      (sizeof(a) / sizeof((a)[0]))
#define N_ENTRY_ONLY 6
static const char *const entry_only_keys[N_ENTRY_ONLY] = {"name",  "audit", "predictions",
                                                          "model", "data",  "baseline"};
/* Largest bootstrap/seed/min_group_size accepted. */
#define BATCH_MAX_INT INT64_C(9007199254740992)

static void free_opts(fa_batch_audit_opts *o)
{
    size_t i;

    fa_free(o->label);
    fa_free(o->score);
    fa_free(o->decision);
    fa_free(o->weight);
    fa_free(o->favorable);
    fa_free(o->label_values[0]);
    fa_free(o->label_values[1]);
    for (i = 0; i < o->n_protected; i++)
        fa_free(o->protected_attrs[i]);
    fa_free(o->protected_attrs);
    for (i = 0; i < o->n_refs; i++) {
        fa_free(o->refs[i].attribute);
        fa_free(o->refs[i].value);
    }
    fa_free(o->refs);
}

void fa_batch_free(fa_batch *b)
{
    size_t i;

    if (b == NULL)
        return;
    for (i = 0; i < b->n_entries; i++) {
        fa_batch_entry *e = &b->entries[i];
        fa_free(e->name);
        fa_free(e->audit);
        fa_free(e->predictions);
        fa_free(e->model);
        fa_free(e->data);
        fa_free(e->spec);
        fa_free(e->baseline);
        free_opts(&e->opts);
    }
    fa_free(b->entries);
    fa_free(b->path);
    fa_free(b->policy);
    fa_free(b->baseline_dir);
    fa_free(b);
}

/* @p rel resolved against the folder of @p base_path (absolute paths kept). */
static fa_status resolve(const char *base_path, const char *rel, char **out, fa_error *err)
{
    const char *slash = strrchr(base_path, '/');
    fa_buf b = FA_BUF_INIT;

    if (rel[0] == '/' || slash == NULL)
        fa_buf_puts(&b, rel);
    else
        fa_buf_printf(&b, "%.*s/%s", (int)(slash - base_path), base_path, rel);
    if (b.oom || b.ptr == NULL) {
        fa_buf_dispose(&b);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    *out = fa_buf_detach(&b, NULL);
    return FA_OK;
}

/* A non-empty string member; *out stays as is when absent. */
static fa_status get_str(const fa_json_node *obj, const char *key, char **out, fa_error *err)
{
    const fa_json_node *n = fa_json_member(obj, key);
    const char *s;

    if (n == NULL)
        return FA_OK;
    FA_TRY(fa_json_get_string(n, &s, err));
    if (s[0] == '\0')
        return fa_json_error_at(err, n, FA_ESCHEMA, "\"%s\" must not be empty", key);
    fa_free(*out);
    *out = fa_strdup(s);
    FA_CHECK_ALLOC(err, *out);
    return FA_OK;
}

static fa_status
get_path(const fa_batch *b, const fa_json_node *obj, const char *key, char **out, fa_error *err)
{
    char *raw = NULL;
    fa_status rc;

    FA_TRY(get_str(obj, key, &raw, err));
    if (raw == NULL)
        return FA_OK;
    fa_free(*out);
    *out = NULL;
    rc = resolve(b->path, raw, out, err);
    fa_free(raw);
    return rc;
}

static fa_status get_count(const fa_json_node *obj, const char *key, int64_t *out, fa_error *err)
{
    const fa_json_node *n = fa_json_member(obj, key);

    if (n == NULL)
        return FA_OK;
    return fa_json_get_int(n, 0, BATCH_MAX_INT, out, err);
}

static fa_status get_protected(const fa_json_node *obj, fa_batch_audit_opts *o, fa_error *err)
{
    const fa_json_node *n = fa_json_member(obj, "protected");
    size_t i, count;

    if (n == NULL)
        return FA_OK;
    for (i = 0; i < o->n_protected; i++)
        fa_free(o->protected_attrs[i]);
    fa_free(o->protected_attrs);
    o->protected_attrs = NULL;
    o->n_protected = 0;
    if (fa_json_is(n, FA_JSON_STRING)) {
        count = 1;
    } else if (fa_json_is(n, FA_JSON_ARRAY) && fa_json_count(n) > 0) {
        count = fa_json_count(n);
    } else {
        return fa_json_error_at(err, n, FA_ESCHEMA,
                                "\"protected\" must be a column name or a non-empty array of them");
    }
    o->protected_attrs = fa_calloc(count, sizeof *o->protected_attrs);
    FA_CHECK_ALLOC(err, o->protected_attrs);
    for (i = 0; i < count; i++) {
        const fa_json_node *c = fa_json_is(n, FA_JSON_STRING) ? n : fa_json_at(n, i);
        const char *s;
        FA_TRY(fa_json_get_string(c, &s, err));
        if (s[0] == '\0')
            return fa_json_error_at(err, c, FA_ESCHEMA,
                                    "a protected column name must not be empty");
        o->protected_attrs[i] = fa_strdup(s);
        FA_CHECK_ALLOC(err, o->protected_attrs[i]);
        o->n_protected++;
    }
    return FA_OK;
}

static fa_status get_reference(const fa_json_node *obj, fa_batch_audit_opts *o, fa_error *err)
{
    const fa_json_node *n = fa_json_member(obj, "reference");
    size_t i;

    if (n == NULL)
        return FA_OK;
    FA_TRY(fa_json_expect(n, FA_JSON_OBJECT, err));
    for (i = 0; i < o->n_refs; i++) {
        fa_free(o->refs[i].attribute);
        fa_free(o->refs[i].value);
    }
    fa_free(o->refs);
    o->refs = NULL;
    o->n_refs = 0;
    if (fa_json_count(n) == 0)
        return FA_OK;
    o->refs = fa_calloc(fa_json_count(n), sizeof *o->refs);
    FA_CHECK_ALLOC(err, o->refs);
    for (i = 0; i < fa_json_count(n); i++) {
        const fa_json_node *v = fa_json_at(n, i);
        const char *s;
        FA_TRY(fa_json_get_string(v, &s, err));
        o->refs[i].attribute = fa_strdup(fa_json_key(v));
        o->refs[i].value = fa_strdup(s);
        o->n_refs++;
        if (o->refs[i].attribute == NULL || o->refs[i].value == NULL)
            FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    return FA_OK;
}

/* Reads the audit options present in @p obj over @p o (later calls override). */
static fa_status get_options(
    const fa_batch *b, const fa_json_node *obj, fa_batch_audit_opts *o, char **spec, fa_error *err)
{
    const fa_json_node *n;

    FA_TRY(get_str(obj, "label", &o->label, err));
    FA_TRY(get_str(obj, "score", &o->score, err));
    FA_TRY(get_str(obj, "decision", &o->decision, err));
    FA_TRY(get_str(obj, "weight", &o->weight, err));
    n = fa_json_member(obj, "favorable");
    if (n != NULL) {
        size_t len = 0;
        const char *text = fa_json_is(n, FA_JSON_NUMBER) ? fa_json_number_text(n, &len) : NULL;
        if (text != NULL) {
            fa_free(o->favorable);
            o->favorable = fa_strndup(text, len);
            FA_CHECK_ALLOC(err, o->favorable);
        } else {
            FA_TRY(get_str(obj, "favorable", &o->favorable, err));
        }
    }
    n = fa_json_member(obj, "threshold");
    if (n != NULL)
        FA_TRY(fa_json_get_number(n, &o->threshold, err));
    n = fa_json_member(obj, "intersections");
    if (n != NULL) {
        bool v;
        FA_TRY(fa_json_get_bool(n, &v, err));
        o->intersections = v ? 1 : 0;
    }
    FA_TRY(get_count(obj, "bootstrap", &o->bootstrap, err));
    FA_TRY(get_count(obj, "seed", &o->seed, err));
    FA_TRY(get_count(obj, "min_group_size", &o->min_group_size, err));
    n = fa_json_member(obj, "label_values");
    if (n != NULL) {
        size_t k;
        if (!fa_json_is(n, FA_JSON_ARRAY) || fa_json_count(n) != 2)
            return fa_json_error_at(err, n, FA_ESCHEMA,
                                    "\"label_values\" must be [NEGATIVE, POSITIVE] (two strings)");
        for (k = 0; k < 2; k++) {
            const char *s;
            FA_TRY(fa_json_get_string(fa_json_at(n, k), &s, err));
            fa_free(o->label_values[k]);
            o->label_values[k] = fa_strdup(s);
            FA_CHECK_ALLOC(err, o->label_values[k]);
        }
    }
    FA_TRY(get_protected(obj, o, err));
    FA_TRY(get_reference(obj, o, err));
    return get_path(b, obj, "spec", spec, err);
}

/* Folder-safe: [A-Za-z0-9._-], not starting with '.'. */
static bool name_is_safe(const char *s)
{
    size_t i, n = strlen(s);

    if (n == 0 || n > FA_BATCH_NAME_MAX || s[0] == '.')
        return false;
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

static fa_status copy_opts(fa_batch_audit_opts *dst, const fa_batch_audit_opts *src, fa_error *err)
{
    size_t i;

    memset(dst, 0, sizeof *dst);
    dst->threshold = src->threshold;
    dst->intersections = src->intersections;
    dst->bootstrap = src->bootstrap;
    dst->seed = src->seed;
    dst->min_group_size = src->min_group_size;
#define DUP(f)                                                                                     \
    if (src->f != NULL) {                                                                          \
        dst->f = fa_strdup(src->f);                                                                \
        FA_CHECK_ALLOC(err, dst->f);                                                               \
    }
    DUP(label)
    DUP(score)
    DUP(decision)
    DUP(weight)
    DUP(favorable)
    DUP(label_values[0])
    DUP(label_values[1])
#undef DUP
    if (src->n_protected > 0) {
        dst->protected_attrs = fa_calloc(src->n_protected, sizeof *dst->protected_attrs);
        FA_CHECK_ALLOC(err, dst->protected_attrs);
        for (i = 0; i < src->n_protected; i++) {
            dst->protected_attrs[i] = fa_strdup(src->protected_attrs[i]);
            FA_CHECK_ALLOC(err, dst->protected_attrs[i]);
            dst->n_protected++;
        }
    }
    if (src->n_refs > 0) {
        dst->refs = fa_calloc(src->n_refs, sizeof *dst->refs);
        FA_CHECK_ALLOC(err, dst->refs);
        for (i = 0; i < src->n_refs; i++) {
            dst->refs[i].attribute = fa_strdup(src->refs[i].attribute);
            dst->refs[i].value = fa_strdup(src->refs[i].value);
            dst->n_refs++;
            if (dst->refs[i].attribute == NULL || dst->refs[i].value == NULL)
                FA_FAIL(err, FA_ENOMEM, "out of memory");
        }
    }
    return FA_OK;
}

static fa_status parse_entry(fa_batch *b,
                             const fa_json_node *n,
                             const fa_batch_audit_opts *defs,
                             const char *def_spec,
                             fa_batch_entry *e,
                             fa_error *err)
{
    const char *allowed[N_OF(option_keys) + N_ENTRY_ONLY];
    const fa_json_node *name;
    size_t i, n_inputs;

    e->line = fa_json_line(n);
    FA_TRY(copy_opts(&e->opts, defs, err));
    if (def_spec != NULL) {
        e->spec = fa_strdup(def_spec);
        FA_CHECK_ALLOC(err, e->spec);
    }
    if (!fa_json_is(n, FA_JSON_OBJECT))
        return fa_json_error_at(err, n, FA_ESCHEMA, "an audit must be an object, not a %s",
                                fa_json_type_name(fa_json_type_of(n)));
    for (i = 0; i < N_OF(option_keys); i++)
        allowed[i] = option_keys[i];
    for (i = 0; i < N_ENTRY_ONLY; i++)
        allowed[N_OF(option_keys) + i] = entry_only_keys[i];
    FA_TRY(fa_json_check_keys(n, allowed, N_OF(allowed), err));

    FA_TRY(fa_json_get_member(n, "name", true, &name, err));
    FA_TRY(get_str(n, "name", &e->name, err));
    if (!name_is_safe(e->name))
        return fa_json_error_at(err, name, FA_ESCHEMA,
                                "audit name \"%s\" must be 1-%d characters from A-Z a-z 0-9 . _ - "
                                "and not start with '.' (it names a folder)",
                                e->name, FA_BATCH_NAME_MAX);
    for (i = 0; i < b->n_entries; i++)
        if (strcmp(b->entries[i].name, e->name) == 0)
            return fa_json_error_at(err, name, FA_ESCHEMA,
                                    "audit name \"%s\" is used twice (line %u)", e->name,
                                    (unsigned)b->entries[i].line);

    FA_TRY(get_path(b, n, "audit", &e->audit, err));
    FA_TRY(get_path(b, n, "predictions", &e->predictions, err));
    FA_TRY(get_path(b, n, "model", &e->model, err));
    FA_TRY(get_path(b, n, "data", &e->data, err));
    FA_TRY(get_path(b, n, "baseline", &e->baseline, err));
    FA_TRY(get_options(b, n, &e->opts, &e->spec, err));

    n_inputs =
        (size_t)(e->audit != NULL) + (size_t)(e->predictions != NULL) + (size_t)(e->model != NULL);
    if (n_inputs != 1)
        return fa_json_error_at(err, n, FA_ESCHEMA,
                                "audit \"%s\" needs exactly one input: \"audit\", "
                                "\"predictions\" or \"model\" (it has %zu)",
                                e->name, n_inputs);
    if (e->audit != NULL) {
        e->input = FA_BATCH_INPUT_AUDIT;
    } else if (e->predictions != NULL) {
        e->input = FA_BATCH_INPUT_PREDICTIONS;
        if (e->opts.label == NULL)
            return fa_json_error_at(err, n, FA_ESCHEMA,
                                    "audit \"%s\": a predictions file needs \"label\"", e->name);
        if (e->opts.score == NULL)
            return fa_json_error_at(err, n, FA_ESCHEMA,
                                    "audit \"%s\": a predictions file needs \"score\"", e->name);
        if (e->opts.n_protected == 0)
            return fa_json_error_at(err, n, FA_ESCHEMA,
                                    "audit \"%s\": a predictions file needs \"protected\"",
                                    e->name);
    } else {
        e->input = FA_BATCH_INPUT_MODEL;
        if (e->data == NULL)
            return fa_json_error_at(err, n, FA_ESCHEMA, "audit \"%s\": a model needs \"data\"",
                                    e->name);
    }
    if (e->data != NULL && e->input != FA_BATCH_INPUT_MODEL) {
        const fa_json_node *d = fa_json_member(n, "data");
        return fa_json_error_at_key(err, d, FA_ESCHEMA,
                                    "\"data\" goes with \"model\" (a predictions file or an "
                                    "audit already holds its data)");
    }
    return FA_OK;
}

static fa_status parse_manifest(fa_batch *b, const fa_json_node *root, fa_error *err)
{
    const fa_json_node *n, *audits, *defaults;
    fa_batch_audit_opts defs;
    char *def_spec = NULL;
    const char *s;
    int64_t v;
    size_t i;
    fa_status rc = FA_OK;

    if (!fa_json_is(root, FA_JSON_OBJECT))
        return fa_json_error_at(err, root, FA_ESCHEMA, "a batch manifest must be a JSON object");
    FA_TRY(fa_json_check_keys(root, top_keys, N_OF(top_keys), err));
    n = fa_json_member(root, "format");
    if (n != NULL) {
        FA_TRY(fa_json_get_string(n, &s, err));
        if (strcmp(s, "fairaudit-batch") != 0)
            return fa_json_error_at(err, n, FA_EFORMAT,
                                    "\"format\" is \"%s\"; a batch manifest says "
                                    "\"fairaudit-batch\"",
                                    s);
    }
    FA_TRY(fa_json_get_member(root, "format_version", true, &n, err));
    FA_TRY(fa_json_expect(n, FA_JSON_NUMBER, err));
    if (fa_json_get_int(n, 1, INT32_MAX, &v, NULL) != FA_OK || v != FA_BATCH_FORMAT_VERSION)
        return fa_json_error_at(err, n, FA_EFORMAT,
                                "unsupported batch format_version (this build reads %d)",
                                FA_BATCH_FORMAT_VERSION);
    FA_TRY(fa_json_get_member(root, "policy", true, &n, err));
    FA_TRY(get_path(b, root, "policy", &b->policy, err));
    FA_TRY(get_path(b, root, "baseline_dir", &b->baseline_dir, err));

    memset(&defs, 0, sizeof defs);
    defs.threshold = fa_nan();
    defs.intersections = -1;
    defs.bootstrap = defs.seed = defs.min_group_size = -1;
    defaults = fa_json_member(root, "defaults");
    if (defaults != NULL) {
        rc = fa_json_expect(defaults, FA_JSON_OBJECT, err);
        if (rc == FA_OK)
            rc = fa_json_check_keys(defaults, option_keys, N_OF(option_keys), err);
        if (rc == FA_OK)
            rc = get_options(b, defaults, &defs, &def_spec, err);
    }
    if (rc == FA_OK)
        rc = fa_json_get_member(root, "audits", true, &audits, err);
    if (rc == FA_OK)
        rc = fa_json_expect(audits, FA_JSON_ARRAY, err);
    if (rc == FA_OK && fa_json_count(audits) == 0)
        rc = fa_json_error_at(err, audits, FA_ESCHEMA, "\"audits\" is empty");
    if (rc == FA_OK) {
        b->entries = fa_calloc(fa_json_count(audits), sizeof *b->entries);
        if (b->entries == NULL)
            rc = fa_error_set(err, FA_ENOMEM, "out of memory");
    }
    for (i = 0; rc == FA_OK && i < fa_json_count(audits); i++) {
        rc = parse_entry(b, fa_json_at(audits, i), &defs, def_spec, &b->entries[i], err);
        b->n_entries++; /* counted even on failure, so that it is freed */
    }
    free_opts(&defs);
    fa_free(def_spec);
    return rc;
}

fa_status fa_batch_load(fa_batch **out, const char *path, fa_error *err)
{
    fa_json_doc *doc = NULL;
    fa_batch *b;
    fa_status rc;

    FA_CHECK_ARG(err, out != NULL && path != NULL);
    *out = NULL;
    b = fa_calloc(1, sizeof *b);
    FA_CHECK_ALLOC(err, b);
    b->path = fa_strdup(path);
    rc = b->path != NULL ? fa_json_doc_load(&doc, path, err)
                         : fa_error_set(err, FA_ENOMEM, "out of memory");
    if (rc == FA_OK)
        rc = parse_manifest(b, fa_json_doc_root(doc), err);
    fa_json_doc_free(doc);
    if (rc != FA_OK) {
        fa_batch_free(b);
        return rc;
    }
    *out = b;
    return FA_OK;
}

size_t fa_batch_n_audits(const fa_batch *b)
{
    return b != NULL ? b->n_entries : 0;
}

const char *fa_batch_audit_name(const fa_batch *b, size_t i)
{
    return b != NULL && i < b->n_entries ? b->entries[i].name : NULL;
}

const char *fa_batch_policy_path(const fa_batch *b)
{
    return b != NULL ? b->policy : NULL;
}

void fa_batch_options_init(fa_batch_options *opts)
{
    fa_batch_options init = FA_BATCH_OPTIONS_INIT;
    *opts = init;
}
