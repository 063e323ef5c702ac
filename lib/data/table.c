/*
 * table.c — streams a delimited file through a dataset spec into typed
 * columns (docs/format/spec.md, "How a row is read").
 *
 * One pass, one record at a time: each record is first evaluated into a
 * per-column scratch row (missing? mapped text, number, label) without
 * touching the table, then either dropped (a missing value in a feature,
 * label or weight) or appended. Categorical levels are therefore interned
 * only for kept rows, in order of first appearance. Errors stop the load and
 * carry file:line:field and the column's name.
 */
#include <stdio.h>
#include <string.h>

#include "common/internal.h"
#include "data/csv_internal.h"
#include "data/table_internal.h"

#define FA_TABLE_MIN_ROWS      1024
#define FA_TABLE_PROGRESS_ROWS 1000000u /* log progress every this many rows */
#define FA_TABLE_SHOW_MAX      48       /* bytes of a bad value quoted in messages */
#define FA_LABEL_NEGATIVE      0
#define FA_LABEL_POSITIVE      1

void fa_load_options_init(fa_load_options *opts)
{
    fa_load_options d = FA_LOAD_OPTIONS_INIT;

    *opts = d;
}

/* The evaluated value of one logical column in the current record. */
typedef struct row_val {
    const char *s;    /* text after map/cut */
    size_t n;
    bool missing;
    double num;       /* NUMBER columns */
    int32_t label;    /* the LABEL column: 0/1 */
} row_val;

typedef struct loader {
    fa_table *t;
    const fa_spec *spec;
    fa_csv_reader *r;
    const fa_load_options *opts;
    row_val *vals;
    size_t expected_fields;
    atomic_bool *cancel; /* parts of a threaded load: another part failed */
    fa_error *err;
} loader;

/* ---- messages ------------------------------------------------------------------- */

/* Copies at most FA_TABLE_SHOW_MAX bytes of a value for a message, with
 * control bytes shown as '?' and "..." when cut. */
static const char *show(char *buf, size_t n_buf, const char *s, size_t n)
{
    size_t i, k = 0;

    for (i = 0; i < n && i < FA_TABLE_SHOW_MAX && k + 4 < n_buf; i++)
        buf[k++] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7F) ? '?' : s[i];
    if (i < n && k + 4 < n_buf) {
        memcpy(buf + k, "...", 3);
        k += 3;
    }
    buf[k] = '\0';
    return buf;
}

static fa_status field_error(const loader *L, const fa_csv_record *rec, size_t field,
                             const char *column, fa_status code, const char *fmt, ...)
    FA_PRINTF(6, 7);

static fa_status field_error(const loader *L, const fa_csv_record *rec, size_t field,
                             const char *column, fa_status code, const char *fmt, ...)
{
    va_list ap;
    fa_error *err = L->err;

    if (err == NULL)
        return code;
    fa_error_clear(err);
    fa_error_set_loc(err, fa_csv__path(L->r), rec->record, rec->line,
                     field + 1 > UINT32_MAX ? UINT32_MAX : (uint32_t)(field + 1), column);
    va_start(ap, fmt);
    (void)fa_error_setv(err, code, fmt, ap);
    va_end(ap);
    return code;
}

static fa_status nomem(fa_error *err)
{
    FA_FAIL(err, FA_ENOMEM, "out of memory loading the table");
}

/* ---- table lifetime --------------------------------------------------------------- */

void fa_table_free(fa_table *t)
{
    size_t i;

    if (t == NULL)
        return;
    if (t->cols != NULL)
        for (i = 0; i < t->spec->n_cols; i++) {
            fa_free(t->cols[i].num);
            fa_free(t->cols[i].codes);
            fa_strdict_dispose(&t->cols[i].levels);
        }
    fa_free(t->cols);
    fa_free(t->labels);
    fa_free(t->path);
    fa_free(t);
}

/* Doubles the row capacity of every column. */
static bool grow_rows(fa_table *t)
{
    size_t cap = t->cap ? t->cap * 2 : FA_TABLE_MIN_ROWS, i;
    uint8_t *labels;

    if (cap < t->cap)
        return false;
    for (i = 0; i < t->spec->n_cols; i++) {
        fa_table_col *c = &t->cols[i];
        if (c->kind == FA_KIND_NUMBER) {
            double *p = fa_reallocarray(c->num, cap, sizeof *p);
            if (p == NULL)
                return false;
            c->num = p;
        } else if (c->kind == FA_KIND_CODES) {
            int32_t *p = fa_reallocarray(c->codes, cap, sizeof *p);
            if (p == NULL)
                return false;
            c->codes = p;
        }
    }
    labels = fa_reallocarray(t->labels, cap, sizeof *labels);
    if (labels == NULL)
        return false;
    t->labels = labels;
    t->cap = cap;
    return true;
}

/* ---- binding spec columns to record fields ------------------------------------------ */

static fa_status bind_columns(loader *L)
{
    const fa_spec *spec = L->spec;
    fa_table *t = L->t;
    size_t i, k;

    if (spec->header) {
        size_t n_header = 0;
        const char *const *header = fa_csv_header(L->r, &n_header);
        fa_strdict names = FA_STRDICT_INIT;

        for (i = 0; i < n_header; i++)
            if (!fa_strdict_intern(&names, header[i], strlen(header[i]), &k, NULL)) {
                fa_strdict_dispose(&names);
                return nomem(L->err);
            }
        for (i = 0; i < spec->n_file_cols; i++) {
            const fa_spec_col *c = &spec->cols[i];
            int64_t at = fa_strdict_find(&names, c->name, strlen(c->name));

            if (at < 0) {
                fa_strdict_dispose(&names);
                return fa_error_set_at(L->err, FA_ESCHEMA, spec->path, c->line, c->column,
                                       "%scolumn \"%s\" is not in the header of %s",
                                       c->role == FA_ROLE_LABEL ? "label " : "", c->name,
                                       fa_csv__path(L->r));
            }
            t->cols[i].field = (size_t)at;
        }
        fa_strdict_dispose(&names);
        L->expected_fields = n_header;
    } else {
        for (i = 0; i < spec->n_file_cols; i++)
            t->cols[i].field = i;
        L->expected_fields = spec->n_file_cols;
    }
    for (i = 0; i < spec->n_cols; i++) {
        const fa_spec_col *c = &spec->cols[i];
        fa_table_col *tc = &t->cols[i];

        if (c->derived)
            tc->field = t->cols[c->source].field;
        switch (c->role) {
        case FA_ROLE_NUMERIC:
        case FA_ROLE_WEIGHT:
            tc->kind = FA_KIND_NUMBER;
            break;
        case FA_ROLE_CATEGORICAL:
        case FA_ROLE_PROTECTED:
        case FA_ROLE_LABEL:
            tc->kind = FA_KIND_CODES;
            break;
        case FA_ROLE_IGNORE:
            tc->kind = FA_KIND_NONE;
            break;
        }
        if (c->role == FA_ROLE_LABEL) { /* fixed levels: 0 = negative, 1 = positive */
            if (!fa_strdict_intern(&tc->levels, spec->negative, strlen(spec->negative), &k,
                                   NULL) ||
                !fa_strdict_intern(&tc->levels, spec->positive, strlen(spec->positive), &k, NULL))
                return nomem(L->err);
        }
    }
    return FA_OK;
}

/* ---- evaluating one record --------------------------------------------------------- */

static bool is_missing(const fa_spec *spec, const fa_spec_col *c, const char *s, size_t n)
{
    if (n == 0)
        return true;
    if (fa_strdict_count(&spec->missing) > 0 && fa_strdict_find(&spec->missing, s, n) >= 0)
        return true;
    return fa_strdict_count(&c->missing) > 0 && fa_strdict_find(&c->missing, s, n) >= 0;
}

/* A column whose missing value drops the row (protected: kept as unknown). */
static bool needs_value(fa_role role)
{
    return role == FA_ROLE_NUMERIC || role == FA_ROLE_CATEGORICAL || role == FA_ROLE_LABEL ||
           role == FA_ROLE_WEIGHT;
}

static fa_status parse_number(const loader *L, const fa_csv_record *rec, size_t field,
                              const fa_spec_col *c, const char *s, size_t n, double *out)
{
    char shown[FA_TABLE_SHOW_MAX + 8];

    if (!fa_parse_double_fast(s, n, out) && !fa_parse_double(s, n, out))
        return field_error(L, rec, field, c->name, FA_EPARSE,
                           "column \"%s\": expected a number, got \"%s\"", c->name,
                           show(shown, sizeof shown, s, n));
    if (!isfinite(*out))
        return field_error(L, rec, field, c->name, FA_EPARSE,
                           "column \"%s\": \"%s\" is not a finite number", c->name,
                           show(shown, sizeof shown, s, n));
    return FA_OK;
}

static fa_status eval_column(const loader *L, const fa_csv_record *rec, size_t j, bool *incomplete)
{
    const fa_spec *spec = L->spec;
    const fa_spec_col *c = &spec->cols[j];
    fa_table_col *tc = &L->t->cols[j];
    row_val *v = &L->vals[j];
    char shown[FA_TABLE_SHOW_MAX + 8], shown2[FA_TABLE_SHOW_MAX + 8];
    const char *s, *raw;
    size_t n, raw_n;

    if (!c->derived) {
        s = rec->fields[tc->field];
        n = rec->lengths[tc->field];
        v->missing = is_missing(spec, c, s, n);
    } else {
        const row_val *src = &L->vals[c->source];
        s = src->s;
        n = src->n;
        v->missing = src->missing || (fa_strdict_count(&c->missing) > 0 &&
                                      fa_strdict_find(&c->missing, s, n) >= 0);
    }
    raw = s;
    raw_n = n;
    if (v->missing) {
        /* a derived column of this one shows this text in its message */
        v->s = s;
        v->n = n;
        tc->missing++;
        if (needs_value(c->role)) {
            if (spec->incomplete == FA_INCOMPLETE_ERROR)
                return field_error(L, rec, tc->field, c->name, FA_EDATA,
                                   "column \"%s\": missing value \"%s\" (the spec says "
                                   "\"incomplete_rows\": \"error\")",
                                   c->name, show(shown, sizeof shown, s, n));
            *incomplete = true;
        }
        return FA_OK;
    }
    if (c->has_map)
        (void)fa_spec__map_lookup(&c->map, s, n, &s, &n);
    if (c->has_cut) {
        double x;
        size_t bin;

        if (!fa_parse_double(s, n, &x) || !isfinite(x))
            return field_error(L, rec, tc->field, spec->cols[c->source].name, FA_EPARSE,
                               "column \"%s\": expected a finite number to cut into \"%s\", "
                               "got \"%s\"",
                               spec->cols[c->source].name, c->name,
                               show(shown, sizeof shown, s, n));
        bin = fa_spec__cut_bin(&c->cut, x);
        s = fa_strdict_key(&c->cut.labels, bin);
        n = fa_strdict_key_len(&c->cut.labels, bin);
    }
    v->s = s;
    v->n = n;
    switch (c->role) {
    case FA_ROLE_NUMERIC:
        return parse_number(L, rec, tc->field, c, s, n, &v->num);
    case FA_ROLE_WEIGHT:
        FA_TRY(parse_number(L, rec, tc->field, c, s, n, &v->num));
        if (v->num < 0)
            return field_error(L, rec, tc->field, c->name, FA_EDATA,
                               "column \"%s\": a weight must be >= 0, got \"%s\"", c->name,
                               show(shown, sizeof shown, s, n));
        return FA_OK;
    case FA_ROLE_LABEL:
        if (n == strlen(spec->positive) && memcmp(s, spec->positive, n) == 0) {
            v->label = FA_LABEL_POSITIVE;
        } else if (n == strlen(spec->negative) && memcmp(s, spec->negative, n) == 0) {
            v->label = FA_LABEL_NEGATIVE;
        } else if (s != raw) {
            return field_error(L, rec, tc->field, c->name, FA_EDATA,
                               "column \"%s\": label \"%s\" (mapped from \"%s\") is neither the "
                               "positive (\"%s\") nor the negative (\"%s\") value",
                               c->name, show(shown, sizeof shown, s, n),
                               show(shown2, sizeof shown2, raw, raw_n), spec->positive,
                               spec->negative);
        } else {
            return field_error(L, rec, tc->field, c->name, FA_EDATA,
                               "column \"%s\": label \"%s\" is neither the positive (\"%s\") "
                               "nor the negative (\"%s\") value",
                               c->name, show(shown, sizeof shown, s, n), spec->positive,
                               spec->negative);
        }
        return FA_OK;
    case FA_ROLE_CATEGORICAL:
    case FA_ROLE_PROTECTED: {
        /* Levels become group names and report text: NUL-free UTF-8 only
         * (docs/hostile-inputs.md). Labels are compared, never stored. */
        size_t at;
        fa_text_problem p;

        if (n > FA_MAX_VALUE_BYTES)
            return field_error(L, rec, tc->field, c->name, FA_EDATA,
                               "column \"%s\": a value of %zu bytes (\"%s\"...) is longer "
                               "than the %d bytes a category or group name may have",
                               c->name, n, show(shown, sizeof shown, s, n), FA_MAX_VALUE_BYTES);
        p = fa_text_check(s, n, &at);
        if (p != FA_TEXT_OK) {
            char why[160];

            fa_text_describe(why, sizeof why, p, s, at);
            return field_error(L, rec, tc->field, c->name, FA_EPARSE, "column \"%s\": value %s",
                               c->name, why);
        }
        return FA_OK;
    }
    case FA_ROLE_IGNORE:
        return FA_OK;
    }
    return FA_OK;
}

static fa_status append_row(loader *L)
{
    fa_table *t = L->t;
    const fa_spec *spec = L->spec;
    size_t j, row = t->n_rows;

    if (row == t->cap && !grow_rows(t))
        return nomem(L->err);
    for (j = 0; j < spec->n_cols; j++) {
        fa_table_col *tc = &t->cols[j];
        const row_val *v = &L->vals[j];
        size_t code;

        if (tc->kind == FA_KIND_NUMBER) {
            tc->num[row] = v->num;
        } else if (tc->kind == FA_KIND_CODES) {
            if (v->missing) {
                tc->codes[row] = -1; /* protected only: unknown group */
            } else if (spec->cols[j].role == FA_ROLE_LABEL) {
                tc->codes[row] = v->label;
            } else {
                if (!fa_strdict_intern(&tc->levels, v->s, v->n, &code, NULL))
                    FA_FAIL(L->err, FA_ENOMEM,
                            "out of memory (or more than %zu levels) in column \"%s\"",
                            (size_t)FA_STRDICT_MAX, spec->cols[j].name);
                tc->codes[row] = (int32_t)code;
            }
        }
    }
    t->labels[row] = (uint8_t)L->vals[spec->label].label;
    t->n_rows = row + 1;
    return FA_OK;
}

static fa_status load_record(loader *L, const fa_csv_record *rec)
{
    fa_table *t = L->t;
    bool incomplete = false;
    size_t j;

    t->stats.rows_read++;
    if (rec->n_fields != L->expected_fields) {
        size_t at = rec->n_fields < L->expected_fields ? rec->n_fields : L->expected_fields;
        return field_error(L, rec, at, NULL, FA_ESCHEMA, "record has %zu field%s, expected %zu",
                           rec->n_fields, rec->n_fields == 1 ? "" : "s", L->expected_fields);
    }
    for (j = 0; j < L->spec->n_cols; j++)
        FA_TRY(eval_column(L, rec, j, &incomplete));
    if (incomplete) {
        t->stats.dropped_missing++;
        return FA_OK;
    }
    return append_row(L);
}

static void log_progress(const loader *L)
{
    char msg[FA_ERROR_PATH_MAX + 96];

    if (L->opts->log == NULL)
        return;
    snprintf(msg, sizeof msg, "%s: %llu rows read (%.1f MB)", fa_csv__path(L->r),
             (unsigned long long)L->t->stats.rows_read,
             (double)fa_csv_bytes_read(L->r) / 1e6);
    L->opts->log(FA_LOG_INFO, msg, L->opts->log_payload);
}

/* Bytes per block read for the fast path (csv_fast.c): large enough to amortise the block
 * handling, small enough to stay in the CPU caches. */
#define FA_TABLE_BLOCK_BYTES ((size_t)1 << 20)

static _Thread_local bool test_plain;
static _Thread_local size_t test_block_bytes;

void fa_table__test_hooks(bool plain, size_t block_bytes)
{
    test_plain = plain;
    test_block_bytes = block_bytes;
}

size_t fa_table__test_block_bytes(void)
{
    return test_block_bytes;
}

static bool stop_early(const loader *L)
{
    return L->opts->max_rows > 0 && L->t->stats.rows_read >= L->opts->max_rows;
}

/* A part of a file met what only a read from the start can interpret or locate. */
static fa_status unsupported_part(loader *L)
{
    fa_error_clear(L->err);
    fa_error_set_loc(L->err, fa_csv__path(L->r), 0, 0, 0, NULL);
    return fa_error_set(L->err, FA_EUNSUPPORTED,
                        "part %u of %u cannot be loaded on its own (quoted fields, lone CR "
                        "line ends or a bad record): load the file in one piece",
                        L->opts->part_index + 1, L->opts->part_count);
}

static fa_status one_record(loader *L, const fa_csv_record *rec)
{
    FA_TRY(load_record(L, rec));
    if (L->t->stats.rows_read % FA_TABLE_PROGRESS_ROWS == 0)
        log_progress(L);
    return FA_OK;
}

/*
 * The input in blocks: simple lines (fa_csv__split: no quotes, one record per line) become
 * records directly — their fields NUL-terminated in place, record and line numbers counted
 * here, so load_record() sees exactly what the libcsv reader would give; at the first other
 * line the rest of the block goes through a feeder (the libcsv reader fed from memory),
 * which also takes whole blocks while a quoted field runs on. Hashing covers the consumed
 * lines only, as the plain reader's (max_rows may stop in the middle of a block).
 */
static fa_status load_blocks(loader *L, fa_csv_reader **feeder)
{
    fa_csv_block b = {0};
    fa_csv_splitter sp;
    fa_csv_record rec;
    const char **fields = NULL;
    size_t *lengths = NULL, nf = L->expected_fields, i;
    uint32_t *ends = NULL;
    uint64_t lines = fa_csv__lines(L->r), records = fa_csv__records(L->r);
    bool carry = false, stop = false;
    const bool parted = L->opts->part_count > 1;
    uint64_t part_begin = 0, part_end = UINT64_MAX;
    /* with max_rows the digest covers the lines read, hashed as they are consumed (and
     * before fields are NUL-terminated in place); else whole blocks, as they are read */
    const bool line_hash = L->opts->max_rows > 0;
    fa_status rc = FA_OK;

    sp.delimiter = L->spec->delimiter;
    sp.quote = L->spec->quote;
    sp.comment = L->spec->comment;
    sp.n_fields = nf;
    fields = fa_calloc(nf, sizeof *fields);
    lengths = fa_calloc(nf, sizeof *lengths);
    ends = fa_calloc(nf, sizeof *ends);
    if (fields == NULL || lengths == NULL || ends == NULL) {
        rc = nomem(L->err);
        goto done;
    }
    rec.n_fields = nf;
    rec.fields = fields;
    rec.lengths = lengths;
    fa_csv__block_hashing(L->r, !line_hash);
    if (parted) {
        /* records starting in [begin, end) of the data after the header */
        uint64_t start = fa_csv_bytes_read(L->r), size, span;
        const fa_load_options *o = L->opts;
        if ((rc = fa_csv__file_size(L->r, &size, L->err)) != FA_OK)
            goto done;
        span = size > start ? size - start : 0;
        part_begin = start + span * o->part_index / o->part_count;
        part_end = o->part_index + 1 == o->part_count
                       ? size
                       : start + span * (o->part_index + 1) / o->part_count;
        if (part_begin > start && (rc = fa_csv__seek(L->r, part_begin - 1, L->err)) != FA_OK)
            goto done;
        if (part_begin >= part_end)
            stop = true;
    }
    while (!stop) {
        const char *p, *end;
        if (parted && L->cancel != NULL && atomic_load(L->cancel)) {
            rc = unsupported_part(L); /* another part failed: the whole load starts over */
            goto done;
        }
        if ((rc = fa_csv__read_block(L->r, &b,
                                     test_block_bytes ? test_block_bytes : FA_TABLE_BLOCK_BYTES,
                                     L->err)) != FA_OK)
            break;
        p = b.data;
        end = p + b.len;
        if (parted) {
            if (b.offset < part_begin) { /* starts one byte early: skip to a line start */
                const char *nl = memchr(p, '\n', b.len);
                p = nl != NULL ? nl + 1 : end;
            }
            if (b.offset + b.len >= part_end) { /* later lines belong to the next part */
                end = part_end > b.offset ? b.data + (part_end - b.offset) : b.data;
                stop = true;
            }
        }
        while (!carry && p < end) {
            size_t n;
            if (stop_early(L)) {
                stop = true;
                break;
            }
            n = fa_csv__split(&sp, p, b.data + b.len, ends);
            if (n == 0 && parted) {
                rc = unsupported_part(L);
                goto done;
            }
            if (n == 0)
                break;
            if (line_hash)
                fa_csv__hash(L->r, p, n);
            for (i = 0; i < nf; i++) {
                size_t s = i == 0 ? 0 : (size_t)ends[i - 1] + 1;
                fields[i] = p + s;
                lengths[i] = ends[i] - s;
                b.data[(size_t)(p - b.data) + ends[i]] = '\0'; /* delimiter or line end */
            }
            rec.record = ++records;
            rec.line = ++lines;
            if ((rc = one_record(L, &rec)) != FA_OK) {
                if (parted && rc != FA_ENOMEM)
                    rc = unsupported_part(L);
                goto done;
            }
            p += n;
        }
        if (!stop && (p < end || (carry && b.last))) {
            /* the rest of the block through libcsv */
            const fa_csv_record *r2;
            size_t from = (size_t)(p - b.data);
            if (*feeder == NULL && (rc = fa_csv__feeder_new(feeder, L->r, L->err)) != FA_OK)
                break;
            fa_csv__set_position(*feeder, lines, records);
            fa_csv__feed(*feeder, p, (size_t)(end - p), b.last);
            for (;;) {
                if (stop_early(L)) {
                    stop = true;
                    break;
                }
                if ((rc = fa_csv_next(*feeder, &r2, L->err)) != FA_OK || r2 == NULL)
                    break;
                if ((rc = one_record(L, r2)) != FA_OK)
                    goto done;
            }
            if (rc != FA_OK)
                break;
            carry = fa_csv__in_record(*feeder);
            lines = fa_csv__lines(*feeder);
            records = fa_csv__records(*feeder);
            if (line_hash)
                fa_csv__hash(L->r, p, fa_csv__fed(*feeder));
            p = b.data + from + fa_csv__fed(*feeder);
        }
        if (b.last)
            break;
    }
    fa_csv__set_position(L->r, lines, records);
done:
    fa_csv_block_dispose(&b);
    fa_free(fields);
    fa_free(lengths);
    fa_free(ends);
    return rc;
}

static fa_status load_all(loader *L)
{
    fa_table *t = L->t;
    const fa_csv_record *rec;
    fa_csv_reader *feeder = NULL;
    fa_status rc;

    if (L->opts->part_count > 1 &&
        (L->spec->trim || L->expected_fields == 0 || L->opts->max_rows > 0 ||
         L->opts->part_index >= L->opts->part_count))
        FA_FAIL(L->err, FA_EINVAL, "loading part %u of %u needs untrimmed fields, no max_rows",
                L->opts->part_index + 1, L->opts->part_count);
    if (!L->spec->trim && L->expected_fields > 0 && (!test_plain || L->opts->part_count > 1)) {
        rc = load_blocks(L, &feeder);
        fa_csv_close(feeder);
        FA_TRY(rc);
    } else {
        for (;;) {
            if (stop_early(L))
                break;
            FA_TRY(fa_csv_next(L->r, &rec, L->err));
            if (rec == NULL)
                break;
            FA_TRY(one_record(L, rec));
        }
    }
    t->stats.rows_used = t->n_rows;
    t->stats.rows_dropped = t->stats.rows_read - t->n_rows;
    fa_csv__fingerprint(L->r, t->fingerprint);
    if (t->n_rows == 0 && L->opts->part_count > 1 && t->cap == 0 && !grow_rows(t))
        return nomem(L->err); /* an empty part still has its (empty) columns */
    if (t->n_rows == 0 && L->opts->part_count <= 1) { /* a part may be empty */
        fa_error_clear(L->err);
        if (t->stats.rows_read == 0) /* located where the first record was expected */
            return fa_error_set_at(L->err, FA_EDATA, fa_csv__path(L->r),
                                   fa_csv__lines(L->r) + 1, 1, "the file has no data records");
        return fa_error_set_at(L->err, FA_EDATA, fa_csv__path(L->r), 0, 0,
                               "no usable rows: all %llu records have a missing value in a "
                               "feature, label or weight column",
                               (unsigned long long)t->stats.rows_read);
    }
    return FA_OK;
}

fa_status fa_table__load_one(fa_table **out, const fa_spec *spec, const char *path,
                             const fa_load_options *opts, atomic_bool *cancel, fa_error *err)
{
    fa_csv_options co = FA_CSV_OPTIONS_INIT;
    loader L;
    fa_status rc;

    *out = NULL;
    memset(&L, 0, sizeof L);
    L.spec = spec;
    L.opts = opts;
    L.cancel = cancel;
    L.err = err;
    L.t = fa_calloc(1, sizeof *L.t);
    if (L.t == NULL)
        return nomem(err);
    L.t->spec = spec;
    L.t->cols = fa_calloc(spec->n_cols, sizeof *L.t->cols);
    L.vals = fa_calloc(spec->n_cols, sizeof *L.vals);
    if (L.t->cols == NULL || L.vals == NULL) {
        rc = nomem(err);
        goto done;
    }
    co.delimiter = spec->delimiter;
    co.quote = spec->quote;
    co.has_header = spec->header;
    co.trim = spec->trim;
    co.comment = spec->comment;
    co.skip_empty_lines = spec->skip_empty_lines;
    rc = fa_csv__open(&L.r, path, &co, opts->part_count <= 1, err);
    if (rc != FA_OK)
        goto done;
    L.t->path = fa_strdup(fa_csv__path(L.r));
    if (L.t->path == NULL) {
        rc = nomem(err);
        goto done;
    }
    rc = bind_columns(&L);
    if (rc == FA_OK)
        rc = load_all(&L);
done:
    fa_csv_close(L.r);
    fa_free(L.vals);
    if (rc != FA_OK) {
        fa_table_free(L.t);
        return rc;
    }
    *out = L.t;
    return FA_OK;
}

fa_status fa_table_load(fa_table **out, const fa_spec *spec, const char *path,
                        const fa_load_options *opts, fa_error *err)
{
    fa_load_options defaults = FA_LOAD_OPTIONS_INIT;
    unsigned threads;

    if (out == NULL)
        FA_FAIL(err, FA_EINVAL, "fa_table_load: NULL out");
    *out = NULL;
    if (spec == NULL || path == NULL)
        FA_FAIL(err, FA_EINVAL, "fa_table_load: NULL spec or path");
    if (opts == NULL)
        opts = &defaults;
    if (opts->version != FA_LOAD_OPTIONS_VERSION)
        FA_FAIL(err, FA_EINVAL, "fa_load_options: unsupported version %u (this build knows %u)",
                opts->version, (unsigned)FA_LOAD_OPTIONS_VERSION);
    threads = opts->threads > FA_LOAD_MAX_THREADS ? FA_LOAD_MAX_THREADS : opts->threads;
    /* a threaded load cuts the file as parts do: untrimmed fields, the whole file */
    if (threads > 1 && opts->part_count <= 1 && opts->max_rows == 0 && !spec->trim &&
        !test_plain) {
        fa_status rc = fa_table__load_parallel(out, spec, path, opts, threads, err);
        if (rc != FA_EUNSUPPORTED)
            return rc;
        fa_error_clear(err); /* not for threads: the one-thread load from the start */
    }
    return fa_table__load_one(out, spec, path, opts, NULL, err);
}

/* ---- accessors ------------------------------------------------------------------------ */

size_t fa_table_n_rows(const fa_table *t)
{
    return t->n_rows;
}

const fa_spec *fa_table_spec(const fa_table *t)
{
    return t->spec;
}

void fa_table_get_stats(const fa_table *t, fa_table_stats *out)
{
    *out = t->stats;
}

uint64_t fa_table_missing_count(const fa_table *t, size_t col)
{
    return col < t->spec->n_cols ? t->cols[col].missing : 0;
}

const double *fa_table_numeric(const fa_table *t, size_t col)
{
    if (col >= t->spec->n_cols || t->cols[col].kind != FA_KIND_NUMBER)
        return NULL;
    return t->cols[col].num;
}

const int32_t *fa_table_codes(const fa_table *t, size_t col)
{
    if (col >= t->spec->n_cols || t->cols[col].kind != FA_KIND_CODES)
        return NULL;
    return t->cols[col].codes;
}

size_t fa_table_n_levels(const fa_table *t, size_t col)
{
    if (col >= t->spec->n_cols || t->cols[col].kind != FA_KIND_CODES)
        return 0;
    return fa_strdict_count(&t->cols[col].levels);
}

const char *fa_table_level(const fa_table *t, size_t col, size_t k)
{
    if (k >= fa_table_n_levels(t, col))
        return NULL;
    return fa_strdict_key(&t->cols[col].levels, k);
}

const uint8_t *fa_table_labels(const fa_table *t)
{
    return t->labels;
}

const double *fa_table_weights(const fa_table *t)
{
    if (t->spec->weight == FA_SPEC_NONE)
        return NULL;
    return t->cols[t->spec->weight].num;
}

const char *fa_table_fingerprint(const fa_table *t)
{
    return t->fingerprint;
}

const char *fa_table_path(const fa_table *t)
{
    return t->path;
}
