/*
 * table_describe.c — the JSON summary of a loaded table (`fairaudit
 * describe`, documented in docs/cli/describe.md). Built with the project's
 * JSON writer so key order is stable.
 */
#include <string.h>

#include "common/fileio.h"
#include "common/jsonw.h"
#include "data/table_internal.h"

static const char *type_name(fa_col_kind kind)
{
    switch (kind) {
    case FA_KIND_NUMBER:
        return "numeric";
    case FA_KIND_CODES:
        return "categorical";
    case FA_KIND_NONE:
        return "ignored";
    }
    return "ignored";
}

static void write_columns(fa_jw *w, const fa_table *t)
{
    const fa_spec *spec = t->spec;
    size_t j;

    fa_jw_key(w, "columns");
    fa_jw_array_begin(w);
    for (j = 0; j < spec->n_cols; j++) {
        const fa_spec_col *c = &spec->cols[j];
        const fa_table_col *tc = &t->cols[j];

        fa_jw_object_begin(w);
        fa_jw_key(w, "name");
        fa_jw_string(w, c->name);
        fa_jw_key(w, "role");
        fa_jw_string(w, fa_role_name(c->role));
        fa_jw_key(w, "type");
        fa_jw_string(w, type_name(tc->kind));
        if (c->derived) {
            fa_jw_key(w, "derived_from");
            fa_jw_string(w, spec->cols[c->source].name);
        }
        fa_jw_key(w, "missing");
        fa_jw_uint(w, tc->missing);
        if (tc->kind == FA_KIND_CODES) {
            fa_jw_key(w, "levels");
            fa_jw_uint(w, fa_strdict_count(&tc->levels));
        }
        fa_jw_object_end(w);
    }
    fa_jw_array_end(w);
}

static void write_label(fa_jw *w, const fa_table *t)
{
    const fa_spec *spec = t->spec;
    uint64_t pos = 0;
    size_t i;

    for (i = 0; i < t->n_rows; i++)
        pos += t->labels[i];
    fa_jw_key(w, "label");
    fa_jw_object_begin(w);
    fa_jw_key(w, "column");
    fa_jw_string(w, spec->cols[spec->label].name);
    fa_jw_key(w, "positive");
    fa_jw_string(w, spec->positive);
    fa_jw_key(w, "negative");
    fa_jw_string(w, spec->negative);
    fa_jw_key(w, "positive_is_favorable");
    fa_jw_bool(w, spec->positive_is_favorable);
    fa_jw_key(w, "positive_count");
    fa_jw_uint(w, pos);
    fa_jw_key(w, "negative_count");
    fa_jw_uint(w, (uint64_t)t->n_rows - pos);
    fa_jw_object_end(w);
}

/* Per protected attribute: rows per group (levels in order of first
 * appearance) and rows with the value missing ("unknown"). */
static bool write_protected(fa_jw *w, const fa_table *t)
{
    const fa_spec *spec = t->spec;
    size_t j, i;

    fa_jw_key(w, "protected");
    fa_jw_object_begin(w);
    for (j = 0; j < spec->n_cols; j++) {
        const fa_table_col *tc = &t->cols[j];
        size_t n_levels = fa_strdict_count(&tc->levels);
        uint64_t *counts, unknown = 0;

        if (spec->cols[j].role != FA_ROLE_PROTECTED)
            continue;
        counts = fa_calloc(n_levels ? n_levels : 1, sizeof *counts);
        if (counts == NULL)
            return false;
        for (i = 0; i < t->n_rows; i++) {
            int32_t code = tc->codes[i];
            if (code < 0)
                unknown++;
            else
                counts[code]++;
        }
        fa_jw_key(w, spec->cols[j].name);
        fa_jw_object_begin(w);
        fa_jw_key(w, "groups");
        fa_jw_object_begin(w);
        for (i = 0; i < n_levels; i++) {
            fa_jw_key(w, fa_strdict_key(&tc->levels, i));
            fa_jw_uint(w, counts[i]);
        }
        fa_jw_object_end(w);
        fa_jw_key(w, "unknown");
        fa_jw_uint(w, unknown);
        fa_jw_object_end(w);
        fa_free(counts);
    }
    fa_jw_object_end(w);
    return true;
}

fa_status fa_table_describe_json(const fa_table *t, char **json_out, size_t *len_out,
                                 fa_error *err)
{
    fa_buf b = FA_BUF_INIT;
    fa_jw w;
    const fa_spec *spec;

    if (json_out == NULL)
        FA_FAIL(err, FA_EINVAL, "fa_table_describe_json: NULL json_out");
    *json_out = NULL;
    if (t == NULL)
        FA_FAIL(err, FA_EINVAL, "fa_table_describe_json: NULL table");
    spec = t->spec;
    fa_jw_init(&w, &b, true);
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "data");
    fa_jw_string(&w, t->path);
    fa_jw_key(&w, "data_sha256");
    fa_jw_string(&w, t->fingerprint);
    fa_jw_key(&w, "spec");
    fa_jw_string(&w, spec->name);
    fa_jw_key(&w, "spec_sha256");
    fa_jw_string(&w, spec->fingerprint);
    fa_jw_key(&w, "rows_read");
    fa_jw_uint(&w, t->stats.rows_read);
    fa_jw_key(&w, "rows_used");
    fa_jw_uint(&w, t->stats.rows_used);
    fa_jw_key(&w, "rows_dropped");
    fa_jw_uint(&w, t->stats.rows_dropped);
    fa_jw_key(&w, "dropped");
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "missing_value");
    fa_jw_uint(&w, t->stats.dropped_missing);
    fa_jw_key(&w, "invalid");
    fa_jw_uint(&w, t->stats.dropped_invalid);
    fa_jw_object_end(&w);
    write_columns(&w, t);
    write_label(&w, t);
    if (spec->weight != FA_SPEC_NONE) {
        double sum = 0;
        size_t i;

        for (i = 0; i < t->n_rows; i++)
            sum += t->cols[spec->weight].num[i];
        fa_jw_key(&w, "weights");
        fa_jw_object_begin(&w);
        fa_jw_key(&w, "column");
        fa_jw_string(&w, spec->cols[spec->weight].name);
        fa_jw_key(&w, "sum");
        fa_jw_number(&w, sum);
        fa_jw_object_end(&w);
    }
    if (!write_protected(&w, t)) {
        fa_buf_dispose(&b);
        FA_FAIL(err, FA_ENOMEM, "out of memory describing the table");
    }
    fa_jw_object_end(&w);
    fa_buf_putc(&b, '\n');
    if (b.oom) {
        fa_buf_dispose(&b);
        FA_FAIL(err, FA_ENOMEM, "out of memory describing the table");
    }
    *json_out = fa_buf_detach(&b, len_out);
    if (*json_out == NULL)
        FA_FAIL(err, FA_ENOMEM, "out of memory describing the table");
    return FA_OK;
}

void fa_table_describe_free(char *json)
{
    fa_free(json);
}

fa_status fa_table_describe_write(const fa_table *t, const char *path, fa_error *err)
{
    char *json = NULL;
    size_t len = 0;
    fa_status rc;

    if (path == NULL)
        FA_FAIL(err, FA_EINVAL, "fa_table_describe_write: NULL path");
    FA_TRY(fa_table_describe_json(t, &json, &len, err));
    rc = fa_write_file_atomic(path, json, len, err);
    fa_free(json);
    return rc;
}
