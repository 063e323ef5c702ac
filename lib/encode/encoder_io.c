/*
 * encoder_io.c — writing the encoder into a JSON writer and reading it back
 * from a located JSON node (format: docs/format/encoder.md).
 */
#include <string.h>

#include "encode/encoder_impl.h"
#include "encode/encoder_io.h"

/* ---- write ------------------------------------------------------------------ */

static void write_strings(fa_jw *w, char *const *s, size_t n)
{
    size_t i;

    fa_jw_array_begin(w);
    for (i = 0; i < n; i++)
        fa_jw_string(w, s[i]);
    fa_jw_array_end(w);
}

void fa_encoder__write_json(const fa_encoder *e, fa_jw *w)
{
    size_t i;

    fa_jw_object_begin(w);
    fa_jw_key(w, "version");
    fa_jw_int(w, FA_ENCODER_FORMAT_VERSION);
    fa_jw_key(w, "standardize");
    fa_jw_bool(w, e->standardize);
    fa_jw_key(w, "max_levels");
    fa_jw_uint(w, (uint64_t)e->max_levels);
    fa_jw_key(w, "n_features");
    fa_jw_uint(w, (uint64_t)e->n_features);
    fa_jw_key(w, "columns");
    fa_jw_array_begin(w);
    for (i = 0; i < e->n_cols; i++) {
        const fa_enc_col *c = &e->cols[i];

        fa_jw_object_begin(w);
        fa_jw_key(w, "name");
        fa_jw_string(w, c->name);
        fa_jw_key(w, "type");
        fa_jw_string(w, c->categorical ? "categorical" : "numeric");
        if (c->categorical) {
            fa_jw_key(w, "levels");
            write_strings(w, c->levels, c->n_levels);
            if (c->n_other > 0) {
                fa_jw_key(w, "other_levels");
                write_strings(w, c->other_levels, c->n_other);
            }
        } else {
            fa_jw_key(w, "mean");
            fa_jw_number(w, c->mean);
            fa_jw_key(w, "std");
            fa_jw_number(w, c->std);
        }
        fa_jw_object_end(w);
    }
    fa_jw_array_end(w);
    fa_jw_object_end(w);
}

/* ---- read ------------------------------------------------------------------- */

static const char *const top_keys[] = {"version", "standardize", "max_levels", "n_features",
                                       "columns"};
static const char *const numeric_keys[] = {"name", "type", "mean", "std"};
static const char *const categorical_keys[] = {"name", "type", "levels", "other_levels"};

#define N_KEYS(a) (sizeof(a) / sizeof((a)[0]))

/* Reads an array of strings into a fresh array of copies; checks each is new
 * to @p seen (the column's level map, keys borrowed from the document). */
static fa_status read_levels(const fa_json_node *arr, char ***out, size_t *n_out, fa_strmap *seen,
                             fa_error *err)
{
    size_t n, k;

    FA_TRY(fa_json_expect(arr, FA_JSON_ARRAY, err));
    n = fa_json_count(arr);
    if (n == 0)
        return FA_OK;
    *out = fa_calloc(n, sizeof **out);
    FA_CHECK_ALLOC(err, *out);
    *n_out = n; /* entries are freed by fa_encoder_free() even if we stop early */
    for (k = 0; k < n; k++) {
        const fa_json_node *item = fa_json_at(arr, k);
        const char *s;
        int32_t dummy;

        FA_TRY(fa_json_get_string(item, &s, err));
        if (fa_strmap_get(seen, s, &dummy))
            return fa_json_error_at(err, item, FA_ESCHEMA, "duplicate level \"%s\"", s);
        FA_TRY(fa_strmap_put(seen, s, 0, err));
        (*out)[k] = fa_strdup(s);
        FA_CHECK_ALLOC(err, (*out)[k]);
    }
    return FA_OK;
}

static fa_status read_column(fa_enc_col *c, const fa_json_node *obj, fa_error *err)
{
    const fa_json_node *n_name, *n_type, *n;
    const char *name, *type;
    fa_strmap seen = FA_STRMAP_INIT;
    fa_status rc;

    FA_TRY(fa_json_expect(obj, FA_JSON_OBJECT, err));
    FA_TRY(fa_json_get_member(obj, "name", true, &n_name, err));
    FA_TRY(fa_json_get_string(n_name, &name, err));
    if (name[0] == '\0')
        return fa_json_error_at(err, n_name, FA_ESCHEMA, "column name is empty");
    FA_TRY(fa_json_get_member(obj, "type", true, &n_type, err));
    FA_TRY(fa_json_get_string(n_type, &type, err));
    c->name = fa_strdup(name);
    FA_CHECK_ALLOC(err, c->name);
    if (strcmp(type, "numeric") == 0) {
        FA_TRY(fa_json_check_keys(obj, numeric_keys, N_KEYS(numeric_keys), err));
        FA_TRY(fa_json_get_member(obj, "mean", true, &n, err));
        FA_TRY(fa_json_get_number(n, &c->mean, err));
        FA_TRY(fa_json_get_member(obj, "std", true, &n, err));
        FA_TRY(fa_json_get_number(n, &c->std, err));
        if (!(c->std > 0.0))
            return fa_json_error_at(err, n, FA_ESCHEMA, "\"std\" must be positive");
        return FA_OK;
    }
    if (strcmp(type, "categorical") != 0)
        return fa_json_error_at(err, n_type, FA_ESCHEMA,
                                "\"type\" must be \"numeric\" or \"categorical\", not \"%s\"",
                                type);
    c->categorical = true;
    FA_TRY(fa_json_check_keys(obj, categorical_keys, N_KEYS(categorical_keys), err));
    FA_TRY(fa_json_get_member(obj, "levels", true, &n, err));
    rc = read_levels(n, &c->levels, &c->n_levels, &seen, err);
    if (rc == FA_OK && c->n_levels == 0)
        rc = fa_json_error_at(err, n, FA_ESCHEMA, "\"levels\" must not be empty");
    if (rc == FA_OK)
        rc = fa_json_get_member(obj, "other_levels", false, &n, err);
    if (rc == FA_OK && n != NULL) {
        rc = read_levels(n, &c->other_levels, &c->n_other, &seen, err);
        if (rc == FA_OK && c->n_other == 0)
            rc = fa_json_error_at(err, n, FA_ESCHEMA,
                                  "\"other_levels\" must not be empty (omit it instead)");
    }
    fa_strmap_dispose(&seen);
    return rc;
}

static fa_status read_into(fa_encoder *e, const fa_json_node *cols, const fa_json_node *n_feat,
                           fa_error *err)
{
    fa_strmap names = FA_STRMAP_INIT;
    fa_status rc = FA_OK;
    int64_t want;
    size_t i;

    for (i = 0; i < e->n_cols && rc == FA_OK; i++) {
        const fa_json_node *obj = fa_json_at(cols, i);
        int32_t dummy;

        rc = read_column(&e->cols[i], obj, err);
        if (rc != FA_OK)
            break;
        if (fa_strmap_get(&names, e->cols[i].name, &dummy))
            rc = fa_json_error_at(err, fa_json_member(obj, "name"), FA_ESCHEMA,
                                  "duplicate column \"%s\"", e->cols[i].name);
        else
            rc = fa_strmap_put(&names, e->cols[i].name, 0, err);
    }
    fa_strmap_dispose(&names);
    if (rc != FA_OK)
        return rc;
    FA_TRY(fa_encoder__finish(e, err));
    FA_TRY(fa_json_get_int(n_feat, 1, INT64_MAX, &want, err));
    if ((uint64_t)want != (uint64_t)e->n_features)
        return fa_json_error_at(err, n_feat, FA_ESCHEMA,
                                "\"n_features\" is %lld but the columns give %zu features",
                                (long long)want, e->n_features);
    return FA_OK;
}

fa_status fa_encoder__read_json(fa_encoder **out, const fa_json_node *node, fa_error *err)
{
    const fa_json_node *n, *cols, *n_feat;
    fa_encoder *e = NULL;
    int64_t version, max_levels;
    bool standardize;
    fa_status rc;

    *out = NULL;
    FA_TRY(fa_json_expect(node, FA_JSON_OBJECT, err));
    FA_TRY(fa_json_get_member(node, "version", true, &n, err));
    FA_TRY(fa_json_get_int(n, 0, INT64_MAX, &version, err));
    if (version != FA_ENCODER_FORMAT_VERSION)
        return fa_json_error_at(err, n, FA_EFORMAT,
                                "unsupported encoder version %lld (this build reads %d)",
                                (long long)version, FA_ENCODER_FORMAT_VERSION);
    FA_TRY(fa_json_check_keys(node, top_keys, N_KEYS(top_keys), err));
    FA_TRY(fa_json_get_member(node, "standardize", true, &n, err));
    FA_TRY(fa_json_get_bool(n, &standardize, err));
    FA_TRY(fa_json_get_member(node, "max_levels", true, &n, err));
    FA_TRY(fa_json_get_int(n, 0, INT64_MAX, &max_levels, err));
    FA_TRY(fa_json_get_member(node, "n_features", true, &n_feat, err));
    FA_TRY(fa_json_get_member(node, "columns", true, &cols, err));
    FA_TRY(fa_json_expect(cols, FA_JSON_ARRAY, err));
    if (fa_json_count(cols) == 0)
        return fa_json_error_at(err, cols, FA_ESCHEMA, "\"columns\" must not be empty");
    FA_TRY(fa_encoder__new(&e, fa_json_count(cols), standardize, (size_t)max_levels, err));
    rc = read_into(e, cols, n_feat, err);
    if (rc != FA_OK) {
        fa_encoder_free(e);
        return rc;
    }
    *out = e;
    return FA_OK;
}
