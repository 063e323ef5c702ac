/*
 * model_io.c — the model file: a versioned JSON document holding the
 * weights, the decision threshold, the fitted encoder, the spec and the
 * training metadata (format: docs/format/model.md).
 *
 * Written with lib/common/jsonw.h (shortest round-trip numbers, stable key
 * order, no timestamps or timings: the same fit gives the same bytes) and
 * read with lib/serialize/json_read.h (numbers re-read from the text
 * exactly), so save -> load gives bit-identical weights and encoder, and
 * the loaded model scores to the bit what the saved one did. Readers reject
 * unknown format versions and unknown keys with a located message.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fileio.h"
#include "common/jsonw.h"
#include "encode/encoder_io.h"
#include "model/model_internal.h"
#include "serialize/json_read.h"

#define MODEL_FORMAT_NAME    "fairaudit-model"
#define MODEL_FORMAT_VERSION 1
#define N_KEYS(a)            (sizeof(a) / sizeof((a)[0]))

/* ---- write ---------------------------------------------------------------- */

static void write_doubles(fa_jw *w, const double *v, size_t n)
{
    size_t i;

    fa_jw_array_begin(w);
    for (i = 0; i < n; i++)
        fa_jw_number(w, v[i]);
    fa_jw_array_end(w);
}

static void write_string_or_null(fa_jw *w, const char *s)
{
    if (s != NULL)
        fa_jw_string(w, s);
    else
        fa_jw_null(w);
}

static void write_options(fa_jw *w, const fa_model *m)
{
    const fa_fit_options *o = &m->opts;
    size_t l;

    fa_jw_object_begin(w);
    if (m->kind == FA_MODEL_LOGREG) {
        fa_jw_key(w, "l2");
        fa_jw_number(w, o->logreg.l2);
        fa_jw_key(w, "tol");
        fa_jw_number(w, o->logreg.tol);
        fa_jw_key(w, "max_iter");
        fa_jw_uint(w, o->logreg.max_iter);
    } else {
        fa_jw_key(w, "hidden");
        fa_jw_array_begin(w);
        for (l = 0; l < o->mlp.n_hidden_layers; l++)
            fa_jw_uint(w, o->mlp.hidden[l]);
        fa_jw_array_end(w);
        fa_jw_key(w, "l2");
        fa_jw_number(w, o->mlp.l2);
        fa_jw_key(w, "max_epochs");
        fa_jw_uint(w, o->mlp.max_epochs);
        fa_jw_key(w, "batch_size");
        fa_jw_uint(w, o->mlp.batch_size);
        fa_jw_key(w, "learning_rate");
        fa_jw_number(w, o->mlp.learning_rate);
        fa_jw_key(w, "validation_fraction");
        fa_jw_number(w, o->mlp.validation_fraction);
        fa_jw_key(w, "patience");
        fa_jw_uint(w, o->mlp.patience);
    }
    fa_jw_object_end(w);
}

static void write_result(fa_jw *w, const fa_fit_info *info)
{
    fa_jw_object_begin(w);
    fa_jw_key(w, "iterations");
    fa_jw_uint(w, info->iterations);
    fa_jw_key(w, "evaluations");
    fa_jw_uint(w, info->evaluations);
    fa_jw_key(w, "objective");
    fa_jw_number(w, info->objective);
    fa_jw_key(w, "train_log_loss");
    fa_jw_number(w, info->train_log_loss);
    fa_jw_key(w, "grad_inf");
    fa_jw_number(w, info->grad_inf);
    fa_jw_key(w, "converged");
    fa_jw_bool(w, info->converged != 0);
    fa_jw_key(w, "best_epoch");
    fa_jw_uint(w, info->best_epoch);
    fa_jw_key(w, "rows");
    fa_jw_uint(w, info->n_rows);
    fa_jw_key(w, "stop_reason");
    fa_jw_string(w, info->stop_reason);
    fa_jw_object_end(w);
}

static void write_weights(fa_jw *w, const fa_model *m)
{
    size_t l;

    if (m->kind == FA_MODEL_LOGREG) {
        fa_jw_key(w, "logreg");
        fa_jw_object_begin(w);
        fa_jw_key(w, "intercept");
        fa_jw_number(w, m->intercept);
        fa_jw_key(w, "coef");
        write_doubles(w, m->coef, m->n_inputs);
        fa_jw_object_end(w);
        return;
    }
    fa_jw_key(w, "mlp");
    fa_jw_object_begin(w);
    fa_jw_key(w, "activation");
    fa_jw_string(w, "relu");
    fa_jw_key(w, "output");
    fa_jw_string(w, "sigmoid");
    fa_jw_key(w, "layers");
    fa_jw_array_begin(w);
    for (l = 0; l < m->mlp.n_layers; l++) {
        size_t n_in = m->mlp.sizes[l], n_out = m->mlp.sizes[l + 1];
        fa_jw_object_begin(w);
        fa_jw_key(w, "inputs");
        fa_jw_uint(w, n_in);
        fa_jw_key(w, "units");
        fa_jw_uint(w, n_out);
        fa_jw_key(w, "weights");
        write_doubles(w, m->mlp.params + fa_mlp_w_offset(&m->mlp, l), n_in * n_out);
        fa_jw_key(w, "bias");
        write_doubles(w, m->mlp.params + fa_mlp_b_offset(&m->mlp, l), n_out);
        fa_jw_object_end(w);
    }
    fa_jw_array_end(w);
    fa_jw_object_end(w);
}

/* Embeds JSON text kept in the model (the mitigation details), re-indented.
 * The text was produced by our own writer or read from a model file, so it
 * parses; should it not (out of memory), null is written and the buffer's
 * sticky OOM flag makes the save fail. */
static void write_json_text(fa_jw *w, const char *text)
{
    fa_json_doc *doc = NULL;

    if (fa_json_doc_parse(&doc, text, strlen(text), "<mitigation details>", NULL) != FA_OK) {
        w->out->oom = true;
        fa_jw_null(w);
        return;
    }
    fa_json_write_node(w, fa_json_doc_root(doc));
    fa_json_doc_free(doc);
}

static void write_model(fa_jw *w, const fa_model *m)
{
    size_t i;

    fa_jw_object_begin(w);
    fa_jw_key(w, "format");
    fa_jw_string(w, MODEL_FORMAT_NAME);
    fa_jw_key(w, "format_version");
    fa_jw_int(w, MODEL_FORMAT_VERSION);
    fa_jw_key(w, "kind");
    fa_jw_string(w, fa_model_kind_name(m->kind));
    fa_jw_key(w, "created_by");
    fa_jw_string(w, m->created_by);
    fa_jw_key(w, "n_inputs");
    fa_jw_uint(w, m->n_inputs);
    fa_jw_key(w, "threshold");
    fa_jw_number(w, m->threshold);
    fa_jw_key(w, "label");
    if (m->label_name != NULL) {
        fa_jw_object_begin(w);
        fa_jw_key(w, "column");
        fa_jw_string(w, m->label_name);
        fa_jw_key(w, "positive");
        write_string_or_null(w, m->positive_label);
        fa_jw_object_end(w);
    } else {
        fa_jw_null(w);
    }
    write_weights(w, m);
    fa_jw_key(w, "encoder");
    if (m->encoder != NULL)
        fa_encoder__write_json(m->encoder, w);
    else
        fa_jw_null(w);
    fa_jw_key(w, "training");
    fa_jw_object_begin(w);
    fa_jw_key(w, "spec");
    if (m->spec_fingerprint != NULL) {
        fa_jw_object_begin(w);
        fa_jw_key(w, "name");
        write_string_or_null(w, m->spec_name);
        fa_jw_key(w, "fingerprint");
        fa_jw_string(w, m->spec_fingerprint);
        fa_jw_key(w, "text");
        if (m->spec_text != NULL)
            fa_jw_stringn(w, m->spec_text, m->spec_len);
        else
            fa_jw_null(w);
        fa_jw_object_end(w);
    } else {
        fa_jw_null(w);
    }
    fa_jw_key(w, "data_fingerprint");
    write_string_or_null(w, m->data_fingerprint);
    fa_jw_key(w, "data_rows");
    fa_jw_uint(w, m->n_data_rows);
    fa_jw_key(w, "seed");
    fa_jw_uint(w, m->opts.seed);
    fa_jw_key(w, "options");
    write_options(w, m);
    fa_jw_key(w, "result");
    write_result(w, &m->info);
    fa_jw_key(w, "mitigation");
    if (m->mitigation.method != NULL) {
        fa_jw_object_begin(w);
        fa_jw_key(w, "method");
        fa_jw_string(w, m->mitigation.method);
        fa_jw_key(w, "parameters");
        fa_jw_object_begin(w);
        for (i = 0; i < m->mitigation.n_params; i++) {
            fa_jw_key(w, m->mitigation.param_names[i]);
            fa_jw_number(w, m->mitigation.param_values[i]);
        }
        fa_jw_object_end(w);
        if (m->mitigation.details != NULL) {
            fa_jw_key(w, "details");
            write_json_text(w, m->mitigation.details);
        }
        fa_jw_object_end(w);
    } else {
        fa_jw_null(w);
    }
    fa_jw_object_end(w);
    fa_jw_object_end(w);
}

fa_status fa_model_save(const fa_model *m, const char *path, fa_error *err)
{
    fa_buf buf = FA_BUF_INIT;
    fa_jw w;
    fa_status rc;

    FA_CHECK_ARG(err, m != NULL && path != NULL);
    fa_jw_init(&w, &buf, true);
    write_model(&w, m);
    fa_buf_putc(&buf, '\n');
    if (buf.oom) {
        fa_buf_dispose(&buf);
        FA_FAIL(err, FA_ENOMEM, "out of memory while writing the model");
    }
    rc = fa_write_file_atomic(path, buf.ptr, buf.len, err);
    fa_buf_dispose(&buf);
    return rc;
}

/* ---- read ------------------------------------------------------------------ */

static const char *const top_keys[] = {"format",   "format_version", "kind",    "created_by",
                                       "n_inputs", "threshold",      "label",   "logreg",
                                       "mlp",      "encoder",        "training"};
static const char *const training_keys[] = {"spec",    "data_fingerprint", "data_rows", "seed",
                                            "options", "result",           "mitigation"};
static const char *const logreg_opt_keys[] = {"l2", "tol", "max_iter"};
static const char *const mlp_opt_keys[] = {
    "hidden", "l2", "max_epochs", "batch_size", "learning_rate", "validation_fraction", "patience"};
static const char *const result_keys[] = {"iterations",     "evaluations", "objective",
                                          "train_log_loss", "grad_inf",    "converged",
                                          "best_epoch",     "rows",        "stop_reason"};
static const char *const label_keys[] = {"column", "positive"};
static const char *const spec_keys[] = {"name", "fingerprint", "text"};
static const char *const logreg_keys[] = {"intercept", "coef"};
static const char *const mlp_keys[] = {"activation", "output", "layers"};
static const char *const layer_keys[] = {"inputs", "units", "weights", "bias"};
static const char *const mitigation_keys[] = {"method", "parameters", "details"};

static fa_status get_number(const fa_json_node *obj, const char *key, double *out, fa_error *err)
{
    const fa_json_node *n;

    FA_TRY(fa_json_get_member(obj, key, true, &n, err));
    return fa_json_get_number(n, out, err);
}

static fa_status
get_uint(const fa_json_node *obj, const char *key, uint64_t hi, uint64_t *out, fa_error *err)
{
    const fa_json_node *n;
    int64_t v;

    FA_TRY(fa_json_get_member(obj, key, true, &n, err));
    if (hi > (uint64_t)INT64_MAX) {
        /* Full 64-bit range (seeds): parse the integer text ourselves. */
        size_t len;
        const char *t = fa_json_number_text(n, &len);
        char buf[32], *end = NULL;
        if (t == NULL || len == 0 || len >= sizeof buf || t[0] == '-')
            return fa_json_error_at(err, n, FA_ESCHEMA, "\"%s\" must be an integer >= 0", key);
        memcpy(buf, t, len);
        buf[len] = '\0';
        *out = strtoull(buf, &end, 10);
        if (*end != '\0')
            return fa_json_error_at(err, n, FA_ESCHEMA, "\"%s\" must be an integer >= 0", key);
        return FA_OK;
    }
    FA_TRY(fa_json_get_int(n, 0, (int64_t)hi, &v, err));
    *out = (uint64_t)v;
    return FA_OK;
}

static fa_status
get_unsigned(const fa_json_node *obj, const char *key, unsigned *out, fa_error *err)
{
    uint64_t v;

    FA_TRY(get_uint(obj, key, UINT32_MAX, &v, err));
    *out = (unsigned)v;
    return FA_OK;
}

static fa_status get_size(const fa_json_node *obj, const char *key, size_t *out, fa_error *err)
{
    uint64_t v;

    FA_TRY(get_uint(obj, key, (uint64_t)INT64_MAX, &v, err));
    if (v > SIZE_MAX)
        return fa_json_error_at(err, fa_json_member(obj, key), FA_ESCHEMA, "\"%s\" is too large",
                                key);
    *out = (size_t)v;
    return FA_OK;
}

static fa_status get_string_copy(const fa_json_node *n, bool nullable, char **out, fa_error *err)
{
    const char *s;

    *out = NULL;
    if (nullable && fa_json_is(n, FA_JSON_NULL))
        return FA_OK;
    FA_TRY(fa_json_get_string(n, &s, err));
    *out = fa_strdup(s);
    FA_CHECK_ALLOC(err, *out);
    return FA_OK;
}

/* Reads an array of exactly n numbers into out. */
static fa_status read_doubles(const fa_json_node *arr, size_t n, double *out, fa_error *err)
{
    size_t i;

    FA_TRY(fa_json_expect(arr, FA_JSON_ARRAY, err));
    if (fa_json_count(arr) != n)
        return fa_json_error_at(err, arr, FA_ESCHEMA, "expected %zu numbers, found %zu", n,
                                fa_json_count(arr));
    for (i = 0; i < n; i++)
        FA_TRY(fa_json_get_number(fa_json_at(arr, i), &out[i], err));
    return FA_OK;
}

static fa_status read_options(const fa_json_node *obj, fa_fit_options *o, fa_error *err)
{
    const fa_json_node *n;
    size_t l;

    FA_TRY(fa_json_expect(obj, FA_JSON_OBJECT, err));
    if (o->kind == FA_MODEL_LOGREG) {
        FA_TRY(fa_json_check_keys(obj, logreg_opt_keys, N_KEYS(logreg_opt_keys), err));
        FA_TRY(get_number(obj, "l2", &o->logreg.l2, err));
        FA_TRY(get_number(obj, "tol", &o->logreg.tol, err));
        FA_TRY(get_unsigned(obj, "max_iter", &o->logreg.max_iter, err));
    } else {
        FA_TRY(fa_json_check_keys(obj, mlp_opt_keys, N_KEYS(mlp_opt_keys), err));
        FA_TRY(fa_json_get_member(obj, "hidden", true, &n, err));
        FA_TRY(fa_json_expect(n, FA_JSON_ARRAY, err));
        o->mlp.n_hidden_layers = fa_json_count(n);
        if (o->mlp.n_hidden_layers < 1 || o->mlp.n_hidden_layers > FA_MLP_MAX_HIDDEN_LAYERS)
            return fa_json_error_at(err, n, FA_ESCHEMA, "\"hidden\" must list 1 to %d layer sizes",
                                    FA_MLP_MAX_HIDDEN_LAYERS);
        for (l = 0; l < o->mlp.n_hidden_layers; l++) {
            int64_t v;
            FA_TRY(fa_json_get_int(fa_json_at(n, l), 1, INT32_MAX, &v, err));
            o->mlp.hidden[l] = (size_t)v;
        }
        FA_TRY(get_number(obj, "l2", &o->mlp.l2, err));
        FA_TRY(get_unsigned(obj, "max_epochs", &o->mlp.max_epochs, err));
        FA_TRY(get_size(obj, "batch_size", &o->mlp.batch_size, err));
        FA_TRY(get_number(obj, "learning_rate", &o->mlp.learning_rate, err));
        FA_TRY(get_number(obj, "validation_fraction", &o->mlp.validation_fraction, err));
        FA_TRY(get_unsigned(obj, "patience", &o->mlp.patience, err));
    }
    return FA_OK;
}

static fa_status read_result(const fa_json_node *obj, fa_fit_info *info, fa_error *err)
{
    const fa_json_node *n;
    const char *s;
    bool conv;
    uint64_t rows;

    FA_TRY(fa_json_expect(obj, FA_JSON_OBJECT, err));
    FA_TRY(fa_json_check_keys(obj, result_keys, N_KEYS(result_keys), err));
    FA_TRY(get_unsigned(obj, "iterations", &info->iterations, err));
    FA_TRY(get_unsigned(obj, "evaluations", &info->evaluations, err));
    /* objective / grad_inf may be null (NaN when nothing was held out). */
    FA_TRY(fa_json_get_member(obj, "objective", true, &n, err));
    info->objective = fa_json_is(n, FA_JSON_NULL) ? fa_nan() : fa_json_number(n);
    FA_TRY(fa_json_get_member(obj, "train_log_loss", true, &n, err));
    info->train_log_loss = fa_json_is(n, FA_JSON_NULL) ? fa_nan() : fa_json_number(n);
    FA_TRY(fa_json_get_member(obj, "grad_inf", true, &n, err));
    info->grad_inf = fa_json_is(n, FA_JSON_NULL) ? fa_nan() : fa_json_number(n);
    FA_TRY(fa_json_get_member(obj, "converged", true, &n, err));
    FA_TRY(fa_json_get_bool(n, &conv, err));
    info->converged = conv;
    FA_TRY(get_unsigned(obj, "best_epoch", &info->best_epoch, err));
    FA_TRY(get_uint(obj, "rows", (uint64_t)INT64_MAX, &rows, err));
    info->n_rows = rows;
    FA_TRY(fa_json_get_member(obj, "stop_reason", true, &n, err));
    FA_TRY(fa_json_get_string(n, &s, err));
    fa_strlcpy(info->stop_reason, s, sizeof info->stop_reason);
    return FA_OK;
}

static fa_status read_weights(fa_model *m, const fa_json_node *root, fa_error *err)
{
    const fa_json_node *obj, *n, *layers;
    size_t l;

    if (m->kind == FA_MODEL_LOGREG) {
        FA_TRY(fa_json_get_member(root, "logreg", true, &obj, err));
        FA_TRY(fa_json_expect(obj, FA_JSON_OBJECT, err));
        FA_TRY(fa_json_check_keys(obj, logreg_keys, N_KEYS(logreg_keys), err));
        FA_TRY(get_number(obj, "intercept", &m->intercept, err));
        FA_TRY(fa_json_get_member(obj, "coef", true, &n, err));
        return read_doubles(n, m->n_inputs, m->coef, err);
    }
    FA_TRY(fa_json_get_member(root, "mlp", true, &obj, err));
    FA_TRY(fa_json_expect(obj, FA_JSON_OBJECT, err));
    FA_TRY(fa_json_check_keys(obj, mlp_keys, N_KEYS(mlp_keys), err));
    FA_TRY(fa_json_get_member(obj, "activation", true, &n, err));
    if (fa_json_string(n) == NULL || strcmp(fa_json_string(n), "relu") != 0)
        return fa_json_error_at(err, n, FA_ESCHEMA, "\"activation\" must be \"relu\"");
    FA_TRY(fa_json_get_member(obj, "output", true, &n, err));
    if (fa_json_string(n) == NULL || strcmp(fa_json_string(n), "sigmoid") != 0)
        return fa_json_error_at(err, n, FA_ESCHEMA, "\"output\" must be \"sigmoid\"");
    FA_TRY(fa_json_get_member(obj, "layers", true, &layers, err));
    FA_TRY(fa_json_expect(layers, FA_JSON_ARRAY, err));
    if (fa_json_count(layers) != m->mlp.n_layers)
        return fa_json_error_at(err, layers, FA_ESCHEMA,
                                "expected %zu layers (from \"hidden\"), found %zu", m->mlp.n_layers,
                                fa_json_count(layers));
    for (l = 0; l < m->mlp.n_layers; l++) {
        const fa_json_node *layer = fa_json_at(layers, l);
        size_t n_in, n_out;
        FA_TRY(fa_json_expect(layer, FA_JSON_OBJECT, err));
        FA_TRY(fa_json_check_keys(layer, layer_keys, N_KEYS(layer_keys), err));
        FA_TRY(get_size(layer, "inputs", &n_in, err));
        FA_TRY(get_size(layer, "units", &n_out, err));
        if (n_in != m->mlp.sizes[l] || n_out != m->mlp.sizes[l + 1])
            return fa_json_error_at(err, layer, FA_ESCHEMA,
                                    "layer %zu is %zu -> %zu, expected %zu -> %zu", l + 1, n_in,
                                    n_out, m->mlp.sizes[l], m->mlp.sizes[l + 1]);
        FA_TRY(fa_json_get_member(layer, "weights", true, &n, err));
        FA_TRY(read_doubles(n, n_in * n_out, m->mlp.params + fa_mlp_w_offset(&m->mlp, l), err));
        FA_TRY(fa_json_get_member(layer, "bias", true, &n, err));
        FA_TRY(read_doubles(n, n_out, m->mlp.params + fa_mlp_b_offset(&m->mlp, l), err));
    }
    return FA_OK;
}

static fa_status read_mitigation(fa_model *m, const fa_json_node *obj, fa_error *err)
{
    const fa_json_node *n, *params;
    const char **names = NULL;
    double *values = NULL;
    size_t i, count;
    fa_status rc = FA_OK;

    if (fa_json_is(obj, FA_JSON_NULL))
        return FA_OK;
    FA_TRY(fa_json_expect(obj, FA_JSON_OBJECT, err));
    FA_TRY(fa_json_check_keys(obj, mitigation_keys, N_KEYS(mitigation_keys), err));
    FA_TRY(fa_json_get_member(obj, "method", true, &n, err));
    FA_TRY(fa_json_expect(n, FA_JSON_STRING, err));
    FA_TRY(fa_json_get_member(obj, "parameters", true, &params, err));
    FA_TRY(fa_json_expect(params, FA_JSON_OBJECT, err));
    count = fa_json_count(params);
    names = fa_calloc(count ? count : 1, sizeof *names);
    values = fa_calloc(count ? count : 1, sizeof *values);
    if (names == NULL || values == NULL) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < count && rc == FA_OK; i++) {
        names[i] = fa_json_key(fa_json_at(params, i));
        rc = fa_json_get_number(fa_json_at(params, i), &values[i], err);
    }
    if (rc == FA_OK)
        rc = fa_model__set_mitigation(m, fa_json_string(n), count, names, values, err);
    if (rc == FA_OK && (n = fa_json_member(obj, "details")) != NULL) {
        fa_buf text = FA_BUF_INIT;
        fa_jw w;
        rc = fa_json_expect(n, FA_JSON_OBJECT, err);
        if (rc == FA_OK) {
            fa_jw_init(&w, &text, false);
            fa_json_write_node(&w, n);
            rc = text.oom ? fa_error_set(err, FA_ENOMEM, "out of memory")
                          : fa_model__set_mitigation_details(m, text.ptr, text.len, err);
        }
        fa_buf_dispose(&text);
    }
done:
    fa_free(names);
    fa_free(values);
    return rc;
}

static fa_status read_spec(fa_model *m, const fa_json_node *obj, const char *path, fa_error *err)
{
    const fa_json_node *n_text, *n_fp, *n_name;
    const char *text;
    size_t len;
    char name[FA_ERROR_PATH_MAX];

    if (fa_json_is(obj, FA_JSON_NULL))
        return FA_OK;
    FA_TRY(fa_json_expect(obj, FA_JSON_OBJECT, err));
    FA_TRY(fa_json_check_keys(obj, spec_keys, N_KEYS(spec_keys), err));
    FA_TRY(fa_json_get_member(obj, "name", true, &n_name, err));
    FA_TRY(get_string_copy(n_name, true, &m->spec_name, err));
    FA_TRY(fa_json_get_member(obj, "fingerprint", true, &n_fp, err));
    FA_TRY(get_string_copy(n_fp, false, &m->spec_fingerprint, err));
    FA_TRY(fa_json_get_member(obj, "text", true, &n_text, err));
    if (fa_json_is(n_text, FA_JSON_NULL))
        return FA_OK;
    FA_TRY(fa_json_get_string(n_text, &text, err));
    len = strlen(text);
    m->spec_text = fa_strndup(text, len);
    FA_CHECK_ALLOC(err, m->spec_text);
    m->spec_len = len;
    snprintf(name, sizeof name, "%s (embedded spec)", path);
    FA_TRY(fa_spec_parse(&m->spec, text, len, name, err));
    if (strcmp(m->spec_fingerprint, fa_spec_fingerprint(m->spec)) != 0)
        return fa_json_error_at(err, n_fp, FA_ESCHEMA,
                                "the embedded spec does not match its fingerprint (edited?)");
    return FA_OK;
}

static fa_status
read_model(fa_model **out, const fa_json_node *root, const char *path, fa_error *err)
{
    const fa_json_node *n, *training, *label;
    fa_fit_options opts;
    fa_model *m = NULL;
    size_t n_inputs;
    double threshold;
    const char *kind_name;
    fa_status rc;

    fa_fit_options_init(&opts);
    FA_TRY(fa_json_check_keys(root, top_keys, N_KEYS(top_keys), err));
    FA_TRY(fa_json_get_member(root, "kind", true, &n, err));
    FA_TRY(fa_json_get_string(n, &kind_name, err));
    if (fa_model_kind_parse(kind_name, &opts.kind, NULL) != FA_OK)
        return fa_json_error_at(err, n, FA_ESCHEMA,
                                "\"kind\" must be \"logreg\" or \"mlp\", not \"%s\"", kind_name);
    FA_TRY(get_size(root, "n_inputs", &n_inputs, err));
    if (n_inputs == 0)
        return fa_json_error_at(err, fa_json_member(root, "n_inputs"), FA_ESCHEMA,
                                "\"n_inputs\" must be positive");
    FA_TRY(get_number(root, "threshold", &threshold, err));
    if (!(threshold >= 0.0 && threshold <= 1.0))
        return fa_json_error_at(err, fa_json_member(root, "threshold"), FA_ESCHEMA,
                                "\"threshold\" must lie in [0, 1]");
    FA_TRY(fa_json_get_member(root, "training", true, &training, err));
    FA_TRY(fa_json_expect(training, FA_JSON_OBJECT, err));
    FA_TRY(fa_json_check_keys(training, training_keys, N_KEYS(training_keys), err));
    FA_TRY(get_uint(training, "seed", UINT64_MAX, &opts.seed, err));
    FA_TRY(fa_json_get_member(training, "options", true, &n, err));
    FA_TRY(read_options(n, &opts, err));
    opts.threshold = threshold;
    FA_TRY(fa_model__new(&m, opts.kind, n_inputs, &opts, err));

    rc = read_weights(m, root, err);
    if (rc == FA_OK)
        rc = fa_json_get_member(training, "result", true, &n, err);
    if (rc == FA_OK)
        rc = read_result(n, &m->info, err);
    if (rc == FA_OK)
        rc = fa_json_get_member(root, "created_by", true, &n, err);
    if (rc == FA_OK) {
        fa_free(m->created_by);
        rc = get_string_copy(n, false, &m->created_by, err);
    }
    if (rc == FA_OK)
        rc = fa_json_get_member(root, "label", true, &label, err);
    if (rc == FA_OK && !fa_json_is(label, FA_JSON_NULL)) {
        rc = fa_json_expect(label, FA_JSON_OBJECT, err);
        if (rc == FA_OK)
            rc = fa_json_check_keys(label, label_keys, N_KEYS(label_keys), err);
        /* "column" is required: a label object without it crashed the loader on a
         * NULL member (found by fuzz_model); "positive" may be absent or null. */
        if (rc == FA_OK)
            rc = fa_json_get_member(label, "column", true, &n, err);
        if (rc == FA_OK)
            rc = get_string_copy(n, false, &m->label_name, err);
        if (rc == FA_OK)
            rc = fa_json_get_member(label, "positive", false, &n, err);
        if (rc == FA_OK && n != NULL)
            rc = get_string_copy(n, true, &m->positive_label, err);
    }
    if (rc == FA_OK)
        rc = fa_json_get_member(root, "encoder", true, &n, err);
    if (rc == FA_OK && !fa_json_is(n, FA_JSON_NULL)) {
        rc = fa_encoder__read_json(&m->encoder, n, err);
        if (rc == FA_OK && fa_encoder_n_features(m->encoder) != n_inputs)
            rc = fa_json_error_at(err, n, FA_ESCHEMA,
                                  "the encoder gives %zu features but \"n_inputs\" is %zu",
                                  fa_encoder_n_features(m->encoder), n_inputs);
    }
    if (rc == FA_OK)
        rc = fa_json_get_member(training, "spec", true, &n, err);
    if (rc == FA_OK)
        rc = read_spec(m, n, path, err);
    if (rc == FA_OK)
        rc = fa_json_get_member(training, "data_fingerprint", true, &n, err);
    if (rc == FA_OK)
        rc = get_string_copy(n, true, &m->data_fingerprint, err);
    if (rc == FA_OK)
        rc = get_uint(training, "data_rows", (uint64_t)INT64_MAX, &m->n_data_rows, err);
    if (rc == FA_OK)
        rc = fa_json_get_member(training, "mitigation", true, &n, err);
    if (rc == FA_OK)
        rc = read_mitigation(m, n, err);
    if (rc != FA_OK) {
        fa_model_free(m);
        return rc;
    }
    *out = m;
    return FA_OK;
}

fa_status fa_model_load(fa_model **out, const char *path, fa_error *err)
{
    const fa_json_node *root;
    fa_json_doc *doc = NULL;
    fa_status rc;

    FA_CHECK_ARG(err, out != NULL && path != NULL);
    *out = NULL;
    FA_TRY(fa_json_doc_load(&doc, path, err));
    root = fa_json_doc_root(doc);
    rc = fa_json_check_format(root, MODEL_FORMAT_NAME, "model", MODEL_FORMAT_VERSION, err);
    if (rc == FA_OK)
        rc = read_model(out, root, path, err);
    fa_json_doc_free(doc);
    return rc;
}
