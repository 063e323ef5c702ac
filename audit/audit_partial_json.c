/*
 * audit_partial_json.c — the partial audit file (docs/format/partial.md): written with
 * lib/common/jsonw.h, read through lib/serialize/json_read.h.
 *
 * Settings, input counts, protected values and cell keys are plain JSON (numbers written
 * as the shortest text that reads back to the same double); each cell's accumulated state
 * is the binary layout of metrics/accum_codec.c in base64, so that integer sums of up to
 * 192 bits and doubles survive exactly and a histogram of 100,000 bins stays a few
 * hundred KB instead of a JSON array the reader would have to hold as a tree.
 */
#include <string.h>

#include "audit/audit_partial.h"
#include "common/base64.h"
#include "common/fileio.h"
#include "common/internal.h"
#include "common/jsonw.h"
#include "fairaudit/version.h"
#include "serialize/json_read.h"

/* ---- writing --------------------------------------------------------------------------------- */

static bool valid_utf8_text(const char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        size_t k, len;
        uint32_t cp;
        if (c == 0)
            return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xE0) == 0xC0)
            len = 2, cp = c & 0x1Fu;
        else if ((c & 0xF0) == 0xE0)
            len = 3, cp = c & 0x0Fu;
        else if ((c & 0xF8) == 0xF0)
            len = 4, cp = c & 0x07u;
        else
            return false;
        if (i + len > n)
            return false;
        for (k = 1; k < len; k++) {
            unsigned char d = (unsigned char)s[i + k];
            if ((d & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (d & 0x3Fu);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

/* A protected value: a JSON string, or {"hex": "..."} when it is not NUL-free UTF-8. */
static void write_value(fa_jw *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    fa_buf h = FA_BUF_INIT;
    size_t i;

    if (valid_utf8_text(s, n)) {
        fa_jw_stringn(w, s, n);
        return;
    }
    for (i = 0; i < n; i++) {
        fa_buf_putc(&h, hex[(unsigned char)s[i] >> 4]);
        fa_buf_putc(&h, hex[(unsigned char)s[i] & 15]);
    }
    fa_jw_object_begin(w);
    fa_jw_key(w, "hex");
    fa_jw_stringn(w, h.ptr != NULL ? h.ptr : "", h.len);
    fa_jw_object_end(w);
    fa_buf_dispose(&h);
}

static void write_list(fa_jw *w, const char *const *v, size_t n)
{
    size_t i;

    fa_jw_array_begin(w);
    for (i = 0; i < n; i++)
        fa_jw_string(w, v[i]);
    fa_jw_array_end(w);
}

static void write_settings(fa_jw *w, const fa_audit_options *o)
{
    fa_jw_object_begin(w);
    fa_jw_key(w, "label");
    fa_jw_string(w, o->label_column);
    fa_jw_key(w, "score");
    fa_jw_string(w, o->score_column);
    fa_jw_key(w, "decision");
    if (o->decision_column != NULL)
        fa_jw_string(w, o->decision_column);
    else
        fa_jw_null(w);
    fa_jw_key(w, "weight");
    if (o->weight_column != NULL)
        fa_jw_string(w, o->weight_column);
    else
        fa_jw_null(w);
    fa_jw_key(w, "protected");
    write_list(w, o->protected_columns, o->n_protected);
    fa_jw_key(w, "label_values");
    if (o->label_values != NULL)
        write_list(w, o->label_values, 2);
    else
        fa_jw_null(w);
    fa_jw_key(w, "missing_values");
    write_list(w, o->missing_values, o->n_missing_values);
    fa_jw_key(w, "reference");
    write_list(w, o->reference, o->n_reference);
    fa_jw_key(w, "threshold");
    if (o->decision_column == NULL)
        fa_jw_number(w, o->threshold);
    else
        fa_jw_null(w);
    fa_jw_key(w, "favorable");
    fa_jw_int(w, o->favorable);
    fa_jw_key(w, "score_range");
    fa_jw_array_begin(w);
    fa_jw_number(w, o->score_min);
    fa_jw_number(w, o->score_max);
    fa_jw_array_end(w);
    fa_jw_key(w, "calibration_bins");
    fa_jw_uint(w, o->calibration_bins);
    fa_jw_key(w, "intersections");
    fa_jw_bool(w, o->intersections != 0);
    fa_jw_key(w, "bootstrap");
    fa_jw_uint(w, o->bootstrap);
    fa_jw_key(w, "seed");
    fa_jw_uint(w, o->seed);
    fa_jw_key(w, "ci_level");
    fa_jw_number(w, o->ci_level);
    fa_jw_key(w, "min_group_size");
    fa_jw_uint(w, o->min_group_size);
    fa_jw_key(w, "max_groups");
    fa_jw_uint(w, o->max_groups);
    fa_jw_object_end(w);
}

fa_status fa_audit_partial_json(const fa_audit_partial *p, char **text_out, size_t *len_out,
                                fa_error *err)
{
    const pass_state *P;
    fa_buf out = FA_BUF_INIT, *cells = NULL, b64 = FA_BUF_INIT;
    fa_jw w;
    size_t n_cells, c, a, v;
    fa_status rc;

    if (p == NULL || text_out == NULL)
        FA_FAIL(err, FA_EINVAL, "fa_audit_partial_json: NULL argument");
    *text_out = NULL;
    P = &p->P;
    n_cells = P->gi.n_cells;
    cells = fa_calloc(n_cells ? n_cells : 1, sizeof *cells);
    FA_CHECK_ALLOC(err, cells);
    if ((rc = fa_acc_encode_cells(P->acc, cells, err)) != FA_OK)
        goto done;
    fa_jw_init(&w, &out, true);
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "format");
    fa_jw_string(&w, FA_PARTIAL_FORMAT);
    fa_jw_key(&w, "format_version");
    fa_jw_int(&w, FA_PARTIAL_FORMAT_VERSION);
    fa_jw_key(&w, "tool");
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "name");
    fa_jw_string(&w, "fairaudit");
    fa_jw_key(&w, "version");
    fa_jw_string(&w, FA_VERSION_STRING);
    fa_jw_object_end(&w);
    fa_jw_key(&w, "settings");
    write_settings(&w, &p->opts);
    fa_jw_key(&w, "input");
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "path");
    fa_jw_string(&w, p->path);
    fa_jw_key(&w, "inputs");
    fa_jw_uint(&w, p->n_inputs);
    fa_jw_key(&w, "rows_read");
    fa_jw_uint(&w, P->rows_read);
    fa_jw_key(&w, "rows_used");
    fa_jw_uint(&w, P->rows_used);
    fa_jw_key(&w, "missing_label");
    fa_jw_uint(&w, P->skipped_label);
    fa_jw_key(&w, "missing_score");
    fa_jw_uint(&w, P->skipped_score);
    fa_jw_key(&w, "fingerprint");
    if (P->fingerprint[0] != '\0')
        fa_jw_string(&w, P->fingerprint);
    else
        fa_jw_null(&w);
    fa_jw_object_end(&w);
    fa_jw_key(&w, "state");
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "exact_max");
    fa_jw_uint(&w, fa_acc_config_of(P->acc)->exact_max);
    fa_jw_key(&w, "hist_budget");
    fa_jw_uint(&w, fa_acc_config_of(P->acc)->hist_budget);
    fa_jw_key(&w, "distribution");
    fa_jw_string(&w, fa_acc_is_exact(P->acc) ? "exact" : "histogram");
    fa_jw_key(&w, "histogram_bins");
    if (fa_acc_is_exact(P->acc))
        fa_jw_null(&w);
    else
        fa_jw_uint(&w, fa_acc_hist_bins(P->acc));
    fa_jw_key(&w, "values");
    fa_jw_array_begin(&w);
    for (a = 0; a < P->n_prot; a++) {
        const fa_strdict *d = &P->gi.dict[a];
        fa_jw_array_begin(&w);
        for (v = 0; v < fa_strdict_count(d); v++)
            write_value(&w, fa_strdict_key(d, v), fa_strdict_key_len(d, v));
        fa_jw_array_end(&w);
    }
    fa_jw_array_end(&w);
    fa_jw_key(&w, "cells");
    fa_jw_array_begin(&w);
    for (c = 0; c < n_cells; c++) {
        const uint32_t *key = fa_gindex_key(&P->gi, c);
        uint64_t rows = 0;
        const fa_atom *at = fa_acc_atoms(P->acc, (uint32_t)c);
        for (v = 0; v < 4 * (size_t)fa_acc_config_of(P->acc)->n_cal; v++)
            rows += at[v].n;
        fa_jw_object_begin(&w);
        fa_jw_key(&w, "key");
        fa_jw_array_begin(&w);
        for (a = 0; a < P->n_prot; a++) {
            if (key[a] == FA_GINDEX_UNKNOWN)
                fa_jw_null(&w);
            else
                fa_jw_uint(&w, key[a]);
        }
        fa_jw_array_end(&w);
        fa_jw_key(&w, "rows");
        fa_jw_uint(&w, rows);
        fa_jw_key(&w, "state");
        fa_buf_clear(&b64);
        fa_base64_encode(&b64, (const unsigned char *)cells[c].ptr, cells[c].len);
        fa_jw_stringn(&w, b64.ptr != NULL ? b64.ptr : "", b64.len);
        fa_jw_object_end(&w);
    }
    fa_jw_array_end(&w);
    fa_jw_object_end(&w);
    fa_jw_object_end(&w);
    fa_buf_putc(&out, '\n');
    if (out.oom || b64.oom) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        goto done;
    }
    *text_out = fa_buf_detach(&out, len_out);
done:
    for (c = 0; c < n_cells; c++)
        fa_buf_dispose(&cells[c]);
    fa_free(cells);
    fa_buf_dispose(&out);
    fa_buf_dispose(&b64);
    return rc;
}

void fa_audit_partial_json_free(char *text)
{
    fa_free(text);
}

fa_status fa_audit_partial_write(const fa_audit_partial *p, const char *path, fa_error *err)
{
    char *text = NULL;
    size_t len = 0;
    fa_status rc;

    FA_TRY(fa_audit_partial_json(p, &text, &len, err));
    rc = fa_write_file_atomic(path, text, len, err);
    fa_free(text);
    return rc;
}

/* ---- reading ------------------------------------------------------------------------------- */

/* A non-negative integer literal of up to 64 bits. */
static fa_status get_u64(const fa_json_node *n, uint64_t max, uint64_t *out, fa_error *err)
{
    const char *t;
    size_t len, i;
    uint64_t v = 0;
    char what[96];

    t = fa_json_number_text(n, &len);
    if (t == NULL || len == 0 || len > 20)
        goto bad;
    for (i = 0; i < len; i++) {
        unsigned d;
        if (t[i] < '0' || t[i] > '9' || (i == 0 && t[i] == '0' && len > 1))
            goto bad;
        d = (unsigned)(t[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            goto bad;
        v = v * 10 + d;
    }
    if (v > max)
        goto bad;
    *out = v;
    return FA_OK;
bad:
    return fa_json_error_at(err, n, FA_ESCHEMA, "%s must be an integer within 0..%llu",
                            fa_json_describe(n, what, sizeof what), (unsigned long long)max);
}

static fa_status member(const fa_json_node *obj, const char *key, fa_json_type t,
                        bool nullable, const fa_json_node **out, fa_error *err)
{
    FA_TRY(fa_json_get_member(obj, key, true, out, err));
    if (nullable && fa_json_is(*out, FA_JSON_NULL)) {
        *out = NULL;
        return FA_OK;
    }
    return fa_json_expect(*out, t, err);
}

/* Strings of a JSON array, borrowed from the document (an array of n_max at most). */
static fa_status string_list(const fa_json_node *arr, const char **v, size_t n_max, size_t *n,
                             fa_error *err)
{
    size_t i;

    *n = fa_json_count(arr);
    if (*n > n_max)
        return fa_json_error_at(err, arr, FA_ESCHEMA, "at most %zu entries", n_max);
    for (i = 0; i < *n; i++)
        FA_TRY(fa_json_get_string(fa_json_at(arr, i), &v[i], err));
    return FA_OK;
}

#define PARTIAL_MAX_LIST 64

/* Options from "settings", borrowing strings from the document. */
typedef struct parsed_settings {
    fa_audit_options o;
    const char *prot[PARTIAL_MAX_LIST], *labels[2], *missing[PARTIAL_MAX_LIST],
        *refs[PARTIAL_MAX_LIST];
} parsed_settings;

static fa_status read_settings(const fa_json_node *s, parsed_settings *ps, fa_error *err)
{
    static const char *const keys[] = {"label",       "score",          "decision",
                                       "weight",      "protected",      "label_values",
                                       "missing_values", "reference",   "threshold",
                                       "favorable",   "score_range",    "calibration_bins",
                                       "intersections", "bootstrap",    "seed",
                                       "ci_level",    "min_group_size", "max_groups"};
    fa_audit_options *o = &ps->o;
    const fa_json_node *n;
    size_t k;
    uint64_t u;
    int64_t i64;
    bool b;

    fa_audit_options_init(o);
    FA_TRY(fa_json_expect(s, FA_JSON_OBJECT, err));
    FA_TRY(fa_json_check_keys(s, keys, sizeof keys / sizeof keys[0], err));
    FA_TRY(member(s, "label", FA_JSON_STRING, false, &n, err));
    o->label_column = fa_json_string(n);
    FA_TRY(member(s, "score", FA_JSON_STRING, false, &n, err));
    o->score_column = fa_json_string(n);
    FA_TRY(member(s, "decision", FA_JSON_STRING, true, &n, err));
    o->decision_column = n != NULL ? fa_json_string(n) : NULL;
    FA_TRY(member(s, "weight", FA_JSON_STRING, true, &n, err));
    o->weight_column = n != NULL ? fa_json_string(n) : NULL;
    FA_TRY(member(s, "protected", FA_JSON_ARRAY, false, &n, err));
    FA_TRY(string_list(n, ps->prot, PARTIAL_MAX_LIST, &o->n_protected, err));
    o->protected_columns = ps->prot;
    FA_TRY(member(s, "label_values", FA_JSON_ARRAY, true, &n, err));
    if (n != NULL) {
        FA_TRY(string_list(n, ps->labels, 2, &k, err));
        if (k != 2)
            return fa_json_error_at(err, n, FA_ESCHEMA, "\"label_values\" has two strings");
        o->label_values = ps->labels;
    }
    FA_TRY(member(s, "missing_values", FA_JSON_ARRAY, false, &n, err));
    FA_TRY(string_list(n, ps->missing, PARTIAL_MAX_LIST, &o->n_missing_values, err));
    o->missing_values = ps->missing;
    FA_TRY(member(s, "reference", FA_JSON_ARRAY, false, &n, err));
    FA_TRY(string_list(n, ps->refs, PARTIAL_MAX_LIST, &o->n_reference, err));
    o->reference = ps->refs;
    FA_TRY(member(s, "threshold", FA_JSON_NUMBER, true, &n, err));
    if (n != NULL)
        FA_TRY(fa_json_get_number(n, &o->threshold, err));
    FA_TRY(member(s, "favorable", FA_JSON_NUMBER, false, &n, err));
    FA_TRY(fa_json_get_int(n, 0, 1, &i64, err));
    o->favorable = (int)i64;
    FA_TRY(member(s, "score_range", FA_JSON_ARRAY, false, &n, err));
    if (fa_json_count(n) != 2)
        return fa_json_error_at(err, n, FA_ESCHEMA, "\"score_range\" is [min, max]");
    FA_TRY(fa_json_get_number(fa_json_at(n, 0), &o->score_min, err));
    FA_TRY(fa_json_get_number(fa_json_at(n, 1), &o->score_max, err));
    FA_TRY(member(s, "calibration_bins", FA_JSON_NUMBER, false, &n, err));
    FA_TRY(get_u64(n, FA_AUDIT_MAX_CAL_BINS, &u, err));
    o->calibration_bins = (unsigned)u;
    FA_TRY(member(s, "intersections", FA_JSON_BOOL, false, &n, err));
    FA_TRY(fa_json_get_bool(n, &b, err));
    o->intersections = b;
    FA_TRY(member(s, "bootstrap", FA_JSON_NUMBER, false, &n, err));
    FA_TRY(get_u64(n, 100000, &u, err));
    o->bootstrap = (unsigned)u;
    FA_TRY(member(s, "seed", FA_JSON_NUMBER, false, &n, err));
    FA_TRY(get_u64(n, UINT64_MAX, &o->seed, err));
    FA_TRY(member(s, "ci_level", FA_JSON_NUMBER, false, &n, err));
    FA_TRY(fa_json_get_number(n, &o->ci_level, err));
    FA_TRY(member(s, "min_group_size", FA_JSON_NUMBER, false, &n, err));
    FA_TRY(get_u64(n, UINT64_MAX, &o->min_group_size, err));
    FA_TRY(member(s, "max_groups", FA_JSON_NUMBER, false, &n, err));
    FA_TRY(get_u64(n, SIZE_MAX, &u, err));
    o->max_groups = (size_t)u;
    if (fa_audit__check_options(o, err) != FA_OK) {
        char msg[FA_ERROR_MSG_MAX];
        fa_strlcpy(msg, err != NULL ? err->message : "", sizeof msg);
        return fa_json_error_at(err, s, FA_ESCHEMA, "invalid settings: %s", msg);
    }
    return FA_OK;
}

/* The bytes of a protected value: a string or {"hex": "..."}. */
static fa_status read_value(const fa_json_node *n, fa_buf *out, fa_error *err)
{
    fa_buf_clear(out);
    if (fa_json_is(n, FA_JSON_STRING)) {
        const char *s = fa_json_string(n);
        fa_buf_put(out, s, strlen(s));
    } else {
        static const char *const keys[] = {"hex"};
        const fa_json_node *h;
        const char *s;
        size_t i, len;
        FA_TRY(fa_json_expect(n, FA_JSON_OBJECT, err));
        FA_TRY(fa_json_check_keys(n, keys, 1, err));
        FA_TRY(member(n, "hex", FA_JSON_STRING, false, &h, err));
        s = fa_json_string(h);
        len = strlen(s);
        if (len % 2 != 0)
            return fa_json_error_at(err, h, FA_ESCHEMA, "\"hex\" has an odd length");
        for (i = 0; i < len; i += 2) {
            int hi = s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : s[i] >= 'a' && s[i] <= 'f' ? s[i] - 'a' + 10 : -1;
            int lo = s[i + 1] >= '0' && s[i + 1] <= '9'   ? s[i + 1] - '0'
                     : s[i + 1] >= 'a' && s[i + 1] <= 'f' ? s[i + 1] - 'a' + 10
                                                          : -1;
            if (hi < 0 || lo < 0)
                return fa_json_error_at(err, h, FA_ESCHEMA, "\"hex\" holds lowercase hex digits");
            fa_buf_putc(out, (char)(hi << 4 | lo));
        }
    }
    if (out->oom)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    return FA_OK;
}

typedef struct parsed_input {
    const char *path;
    uint64_t inputs, read, used, skip_label, skip_score;
    const char *fingerprint; /* NULL = none */
} parsed_input;

static fa_status read_input(const fa_json_node *in, parsed_input *pi, fa_error *err)
{
    static const char *const keys[] = {"path",          "inputs",        "rows_read", "rows_used",
                                       "missing_label", "missing_score", "fingerprint"};
    const fa_json_node *n;
    size_t i;

    FA_TRY(fa_json_expect(in, FA_JSON_OBJECT, err));
    FA_TRY(fa_json_check_keys(in, keys, sizeof keys / sizeof keys[0], err));
    FA_TRY(member(in, "path", FA_JSON_STRING, false, &n, err));
    pi->path = fa_json_string(n);
    FA_TRY(member(in, "inputs", FA_JSON_NUMBER, false, &n, err));
    FA_TRY(get_u64(n, UINT64_MAX, &pi->inputs, err));
    if (pi->inputs == 0)
        return fa_json_error_at(err, n, FA_ESCHEMA, "\"inputs\" is at least 1");
    FA_TRY(member(in, "rows_read", FA_JSON_NUMBER, false, &n, err));
    FA_TRY(get_u64(n, FA_ACC_MAX_ROWS, &pi->read, err));
    FA_TRY(member(in, "rows_used", FA_JSON_NUMBER, false, &n, err));
    FA_TRY(get_u64(n, pi->read, &pi->used, err));
    FA_TRY(member(in, "missing_label", FA_JSON_NUMBER, false, &n, err));
    FA_TRY(get_u64(n, pi->read - pi->used, &pi->skip_label, err));
    FA_TRY(member(in, "missing_score", FA_JSON_NUMBER, false, &n, err));
    FA_TRY(get_u64(n, pi->read - pi->used - pi->skip_label, &pi->skip_score, err));
    FA_TRY(member(in, "fingerprint", FA_JSON_STRING, true, &n, err));
    pi->fingerprint = n != NULL ? fa_json_string(n) : NULL;
    if (pi->fingerprint != NULL) {
        for (i = 0; pi->fingerprint[i] != '\0'; i++)
            if (!((pi->fingerprint[i] >= '0' && pi->fingerprint[i] <= '9') ||
                  (pi->fingerprint[i] >= 'a' && pi->fingerprint[i] <= 'f')))
                break;
        if (i != 64 || pi->fingerprint[i] != '\0')
            return fa_json_error_at(err, n, FA_ESCHEMA,
                                    "\"fingerprint\" is 64 lowercase hex digits or null");
    }
    return FA_OK;
}

/* The document's header: format, version, settings, input. */
static fa_status read_head(const fa_json_node *root, parsed_settings *ps, parsed_input *pi,
                           const fa_json_node **state, fa_error *err)
{
    static const char *const keys[] = {"format", "format_version", "tool",
                                       "settings", "input", "state"};
    const fa_json_node *n;
    int64_t version;

    FA_TRY(fa_json_expect(root, FA_JSON_OBJECT, err));
    n = fa_json_member(root, "format");
    if (!fa_json_is(n, FA_JSON_STRING) || strcmp(fa_json_string(n), FA_PARTIAL_FORMAT) != 0)
        return fa_json_error_at(err, n != NULL ? n : root, FA_EFORMAT,
                                "not a partial audit (\"format\" is not \"%s\")",
                                FA_PARTIAL_FORMAT);
    FA_TRY(member(root, "format_version", FA_JSON_NUMBER, false, &n, err));
    FA_TRY(fa_json_get_int(n, INT64_MIN, INT64_MAX, &version, err));
    if (version != FA_PARTIAL_FORMAT_VERSION)
        return fa_json_error_at(err, n, FA_EFORMAT,
                                "unsupported format_version %lld (this build reads %d)",
                                (long long)version, FA_PARTIAL_FORMAT_VERSION);
    FA_TRY(fa_json_check_keys(root, keys, sizeof keys / sizeof keys[0], err));
    FA_TRY(member(root, "settings", FA_JSON_OBJECT, false, &n, err));
    FA_TRY(read_settings(n, ps, err));
    FA_TRY(member(root, "input", FA_JSON_OBJECT, false, &n, err));
    FA_TRY(read_input(n, pi, err));
    return member(root, "state", FA_JSON_OBJECT, false, state, err);
}

/* Adds the cells of "state" to dst (its settings already match); *rows_out = the rows the
 * cells hold (each cell's state must hold its "rows"). */
static fa_status merge_state(fa_audit_partial *dst, const fa_json_node *st, const char *name,
                             uint64_t *rows_out, fa_error *err)
{
    static const char *const keys[] = {"exact_max", "hist_budget", "distribution",
                                       "histogram_bins", "values", "cells"};
    static const char *const cell_keys[] = {"key", "rows", "state"};
    const fa_acc_config *cfg = fa_acc_config_of(dst->P.acc);
    const fa_json_node *n, *values, *cells;
    uint32_t **ids = NULL, *tuple = NULL;
    fa_buf bytes = FA_BUF_INIT;
    size_t a, i, n_prot = dst->P.n_prot;
    uint64_t u, bins = 0, total = 0;
    bool exact;
    fa_status rc = FA_OK;

    FA_TRY(fa_json_check_keys(st, keys, sizeof keys / sizeof keys[0], err));
    FA_TRY(member(st, "exact_max", FA_JSON_NUMBER, false, &n, err));
    FA_TRY(get_u64(n, UINT64_MAX, &u, err));
    if (u != cfg->exact_max)
        return fa_json_error_at(err, n, FA_EFORMAT,
                                "written with an exact table of %llu scores (this build: %zu)",
                                (unsigned long long)u, cfg->exact_max);
    FA_TRY(member(st, "hist_budget", FA_JSON_NUMBER, false, &n, err));
    FA_TRY(get_u64(n, UINT64_MAX, &u, err));
    if (u != cfg->hist_budget)
        return fa_json_error_at(err, n, FA_EFORMAT,
                                "written with a histogram budget of %llu bytes (this build: %zu)",
                                (unsigned long long)u, cfg->hist_budget);
    FA_TRY(member(st, "distribution", FA_JSON_STRING, false, &n, err));
    if (strcmp(fa_json_string(n), "exact") == 0)
        exact = true;
    else if (strcmp(fa_json_string(n), "histogram") == 0)
        exact = false;
    else
        return fa_json_error_at(err, n, FA_ESCHEMA,
                                "\"distribution\" is \"exact\" or \"histogram\"");
    FA_TRY(member(st, "histogram_bins", FA_JSON_NUMBER, true, &n, err));
    if (!exact) {
        if (n == NULL)
            return fa_json_error_at(err, st, FA_ESCHEMA, "\"histogram_bins\" is missing");
        FA_TRY(get_u64(n, FA_HIST_BINS_MAX, &bins, err));
    }
    FA_TRY(member(st, "values", FA_JSON_ARRAY, false, &values, err));
    if (fa_json_count(values) != n_prot)
        return fa_json_error_at(err, values, FA_ESCHEMA, "\"values\" has one list per protected column");
    FA_TRY(member(st, "cells", FA_JSON_ARRAY, false, &cells, err));
    ids = fa_calloc(n_prot ? n_prot : 1, sizeof *ids);
    tuple = fa_calloc(n_prot ? n_prot : 1, sizeof *tuple);
    if (ids == NULL || tuple == NULL) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        goto done;
    }
    /* the document's value ids -> dst's */
    for (a = 0; a < n_prot && rc == FA_OK; a++) {
        const fa_json_node *list = fa_json_at(values, a);
        size_t nv;
        if ((rc = fa_json_expect(list, FA_JSON_ARRAY, err)) != FA_OK)
            break;
        nv = fa_json_count(list);
        ids[a] = fa_calloc(nv ? nv : 1, sizeof *ids[a]);
        if (ids[a] == NULL) {
            rc = fa_error_set(err, FA_ENOMEM, "out of memory");
            break;
        }
        for (i = 0; i < nv && rc == FA_OK; i++) {
            if ((rc = read_value(fa_json_at(list, i), &bytes, err)) != FA_OK)
                break;
            if (bytes.len == 0 || !fa_gindex_value(&dst->P.gi, a, bytes.ptr, bytes.len, &ids[a][i]))
                rc = bytes.len == 0 ? fa_json_error_at(err, fa_json_at(list, i), FA_ESCHEMA,
                                                       "an empty value is a missing value")
                                    : fa_error_set(err, FA_ENOMEM, "out of memory");
            else if (ids[a][i] == FA_GINDEX_UNKNOWN)
                rc = fa_json_error_at(err, fa_json_at(list, i), FA_ESCHEMA,
                                      "a missing-value token cannot be a group value");
        }
    }
    for (i = 0; i < fa_json_count(cells) && rc == FA_OK; i++) {
        const fa_json_node *cell = fa_json_at(cells, i), *key, *state, *rows_node;
        uint32_t dcell;
        uint64_t held = 0;
        if ((rc = fa_json_expect(cell, FA_JSON_OBJECT, err)) != FA_OK ||
            (rc = fa_json_check_keys(cell, cell_keys, 3, err)) != FA_OK ||
            (rc = member(cell, "key", FA_JSON_ARRAY, false, &key, err)) != FA_OK ||
            (rc = member(cell, "rows", FA_JSON_NUMBER, false, &rows_node, err)) != FA_OK ||
            (rc = get_u64(rows_node, FA_ACC_MAX_ROWS, &u, err)) != FA_OK ||
            (rc = member(cell, "state", FA_JSON_STRING, false, &state, err)) != FA_OK)
            break;
        if (fa_json_count(key) != n_prot) {
            rc = fa_json_error_at(err, key, FA_ESCHEMA, "\"key\" has one entry per protected column");
            break;
        }
        for (a = 0; a < n_prot && rc == FA_OK; a++) {
            const fa_json_node *k = fa_json_at(key, a);
            uint64_t vi;
            if (fa_json_is(k, FA_JSON_NULL)) {
                tuple[a] = FA_GINDEX_UNKNOWN;
                continue;
            }
            if (fa_json_count(fa_json_at(values, a)) == 0)
                rc = fa_json_error_at(err, k, FA_ESCHEMA, "no value to refer to");
            else
                rc = get_u64(k, fa_json_count(fa_json_at(values, a)) - (uint64_t)1, &vi, err);
            if (rc == FA_OK)
                tuple[a] = ids[a][vi];
        }
        if (rc != FA_OK)
            break;
        if ((rc = fa_audit__partial_cell(dst, tuple, &dcell, name, err)) != FA_OK)
            break;
        if (!fa_base64_decode(&bytes, fa_json_string(state), strlen(fa_json_string(state)))) {
            rc = bytes.oom ? fa_error_set(err, FA_ENOMEM, "out of memory")
                           : fa_json_error_at(err, state, FA_EFORMAT, "\"state\" is not base64");
            break;
        }
        if ((rc = fa_acc_decode_add(dst->P.acc, dcell, (const unsigned char *)bytes.ptr,
                                    bytes.len, exact, (uint32_t)bins, &held, err)) != FA_OK) {
            if (rc == FA_EFORMAT) {
                char msg[FA_ERROR_MSG_MAX];
                fa_strlcpy(msg, err != NULL ? err->message : "", sizeof msg);
                rc = fa_json_error_at(err, state, FA_EFORMAT, "%s", msg);
            }
            break;
        }
        if (held != u) {
            rc = fa_json_error_at(err, rows_node, FA_EFORMAT,
                                  "the cell has \"rows\": %llu but its state holds %llu rows",
                                  (unsigned long long)u, (unsigned long long)held);
            break;
        }
        if (total > FA_ACC_MAX_ROWS - held) {
            rc = fa_json_error_at(err, rows_node, FA_EFORMAT, "more than 2^53 rows");
            break;
        }
        total += held;
    }
    if (rc == FA_OK)
        *rows_out = total;
done:
    if (ids != NULL)
        for (a = 0; a < n_prot; a++)
            fa_free(ids[a]);
    fa_free(ids);
    fa_free(tuple);
    fa_buf_dispose(&bytes);
    return rc;
}

/* "input.rows_used" must be the rows the cells hold. */
static fa_status check_rows_used(const fa_json_node *root, const parsed_input *pi, uint64_t held,
                                 fa_error *err)
{
    const fa_json_node *in = fa_json_member(root, "input");

    if (held == pi->used)
        return FA_OK;
    return fa_json_error_at(err, fa_json_member(in, "rows_used"), FA_EFORMAT,
                            "\"rows_used\" is %llu but the cells hold %llu rows",
                            (unsigned long long)pi->used, (unsigned long long)held);
}

static fa_status check_same(const fa_audit_partial *dst, const fa_audit_options *o,
                            const fa_json_node *settings, const char *name, fa_error *err)
{
    const char *bad = fa_audit__options_differ(&dst->opts, o);

    if (bad == NULL)
        return FA_OK;
    return fa_json_error_at(err, settings, FA_EDATA,
                            "the setting \"%s\" differs from the partial audits merged before "
                            "it (input %s): partial audits merge only when every setting is "
                            "the same",
                            bad, dst->path != NULL ? dst->path : name);
}

fa_status fa_audit_partial_merge_text(fa_audit_partial *dst, const char *text, size_t len,
                                      const char *name, fa_error *err)
{
    fa_json_doc *doc = NULL;
    parsed_settings ps;
    parsed_input pi;
    const fa_json_node *state;
    uint64_t held = 0;
    fa_status rc;

    if (dst == NULL || text == NULL)
        FA_FAIL(err, FA_EINVAL, "fa_audit_partial_merge_text: NULL argument");
    FA_TRY(fa_json_doc_parse(&doc, text, len, name, err));
    rc = read_head(fa_json_doc_root(doc), &ps, &pi, &state, err);
    if (rc == FA_OK)
        rc = check_same(dst, &ps.o, fa_json_member(fa_json_doc_root(doc), "settings"), name, err);
    if (rc == FA_OK)
        rc = merge_state(dst, state, name, &held, err);
    if (rc == FA_OK)
        rc = check_rows_used(fa_json_doc_root(doc), &pi, held, err);
    if (rc == FA_OK)
        rc = fa_audit__partial_add_input(dst, pi.path, pi.inputs,
                                         pi.fingerprint != NULL ? pi.fingerprint : "", pi.read,
                                         pi.used, pi.skip_label, pi.skip_score, err);
    fa_json_doc_free(doc);
    return rc;
}

fa_status fa_audit_partial_parse(fa_audit_partial **out, const char *text, size_t len,
                                 const char *name, fa_error *err)
{
    fa_json_doc *doc = NULL;
    fa_audit_partial *p = NULL;
    parsed_settings ps;
    parsed_input pi;
    const fa_json_node *state;
    uint64_t held = 0;
    fa_status rc;

    if (out == NULL || text == NULL)
        FA_FAIL(err, FA_EINVAL, "fa_audit_partial_parse: NULL argument");
    *out = NULL;
    FA_TRY(fa_json_doc_parse(&doc, text, len, name, err));
    rc = read_head(fa_json_doc_root(doc), &ps, &pi, &state, err);
    if (rc == FA_OK)
        rc = fa_audit__partial_new(&p, &ps.o, pi.path, err);
    if (rc == FA_OK)
        rc = merge_state(p, state, name, &held, err);
    if (rc == FA_OK)
        rc = check_rows_used(fa_json_doc_root(doc), &pi, held, err);
    if (rc == FA_OK) {
        p->n_inputs = 1; /* partial_new's; the document's count replaces it */
        p->P.rows_read = pi.read;
        p->P.rows_used = pi.used;
        p->P.skipped_label = pi.skip_label;
        p->P.skipped_score = pi.skip_score;
        if (pi.fingerprint != NULL)
            memcpy(p->P.fingerprint, pi.fingerprint, 65);
        if (pi.inputs > 1) {
            p->n_inputs = 0;
            rc = fa_audit__partial_add_input(p, pi.path, pi.inputs, "", 0, 0, 0, 0, err);
        }
    }
    fa_json_doc_free(doc);
    if (rc != FA_OK) {
        fa_audit_partial_free(p);
        return rc;
    }
    *out = p;
    return FA_OK;
}

fa_status fa_audit_partial_load(fa_audit_partial **out, const char *path, fa_error *err)
{
    char *text = NULL;
    size_t len = 0;
    fa_status rc;

    if (out != NULL)
        *out = NULL;
    FA_TRY(fa_read_file(path, &text, &len, err));
    rc = fa_audit_partial_parse(out, text, len, path, err);
    fa_free(text);
    return rc;
}

fa_status fa_audit_partial_merge_file(fa_audit_partial *dst, const char *path, fa_error *err)
{
    char *text = NULL;
    size_t len = 0;
    fa_status rc;

    FA_TRY(fa_read_file(path, &text, &len, err));
    rc = fa_audit_partial_merge_text(dst, text, len, path, err);
    fa_free(text);
    return rc;
}
