/*
 * csv_reader.c — streaming pull reader over libcsv with exact locations.
 *
 * libcsv is a push parser without line numbers whose callbacks cannot stop
 * it. This wrapper (docs/internals/csv_reader.md):
 *
 *  - reads the file in large fread chunks into one buffer, splits it into
 *    physical lines (LF, CRLF or lone CR) and feeds libcsv one line at a
 *    time, so every callback belongs to a known line; a record can only end
 *    on a line terminator, so each feed completes at most one record;
 *  - decides itself, between records, whether a line is a comment or empty
 *    (inside a quoted field such lines are data and are fed);
 *  - copies fields into one reusable buffer (no per-field malloc) and keeps
 *    lengths, so fields may contain NUL bytes;
 *  - records the first error (or out-of-memory) in the reader and stops
 *    feeding; csv_fini runs with CSV_STRICT | CSV_STRICT_FINI so a file that
 *    ends inside quotes is an error;
 *  - hashes consumed bytes (SHA-256) in large spans when fingerprinting;
 *  - grows libcsv's entry buffer itself before each feed (to the line length
 *    plus what the field already holds), through fa_realloc: libcsv's own
 *    growth would retry smaller sizes after a failure, hiding out-of-memory.
 *
 * Memory is bounded by the longest record (plus the read chunk).
 */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/internal.h"
#include "data/csv_internal.h"
#include "data/csv_reader_impl.h"
#include "fairaudit/data.h"

#define FA_CSV_MIN_BUF      64                /* smallest read buffer (small files) */
#define FA_CSV_MIN_ENTRY    256               /* first size of libcsv's field buffer */
#define FA_CSV_MIN_FIELDS   16
#define FA_CSV_NONE         SIZE_MAX          /* "no such byte in the buffer" */



void fa_csv_options_init(fa_csv_options *opts)
{
    fa_csv_options d = FA_CSV_OPTIONS_INIT;

    *opts = d;
}

/* ---- errors ---------------------------------------------------------------- */

static const char *column_name(const fa_csv_reader *r, size_t field_index)
{
    if (r->header != NULL && field_index < r->n_header)
        return r->header[field_index];
    return NULL;
}

/* Records the reader's sticky error at (line, 1-based field). */
static fa_status fail_at(fa_csv_reader *r, fa_status code, uint64_t line, size_t field,
                         const char *fmt, ...) FA_PRINTF(5, 6);

static fa_status fail_at(fa_csv_reader *r, fa_status code, uint64_t line, size_t field,
                         const char *fmt, ...)
{
    va_list ap;

    if (r->failed)
        return r->fail_rc;
    r->failed = true;
    r->fail_rc = code;
    fa_error_clear(&r->fail_err);
    if (line > 0)
        fa_error_set_loc(&r->fail_err, r->path, r->n_records + 1, line,
                         field > UINT32_MAX ? UINT32_MAX : (uint32_t)field,
                         field > 0 ? column_name(r, field - 1) : NULL);
    else
        fa_error_set_loc(&r->fail_err, r->path, 0, 0, 0, NULL);
    va_start(ap, fmt);
    (void)fa_error_setv(&r->fail_err, code, fmt, ap);
    va_end(ap);
    return code;
}

fa_status fa_csv__fail_nomem(fa_csv_reader *r)
{
    return fail_at(r, FA_ENOMEM, 0, 0, "out of memory reading '%s'", r->path);
}

fa_status fa_csv__report(const fa_csv_reader *r, fa_error *err)
{
    if (err != NULL)
        *err = r->fail_err;
    return r->fail_rc;
}

/* ---- libcsv callbacks --------------------------------------------------------- */

static bool reserve_fields(fa_csv_reader *r, size_t n)
{
    size_t cap;
    size_t *a, *b;
    const char **c;

    if (n <= r->nfcap)
        return true;
    cap = r->nfcap ? r->nfcap : FA_CSV_MIN_FIELDS;
    while (cap < n) {
        if (!fa_size_mul(&cap, cap, 2))
            return false;
    }
    a = fa_reallocarray(r->foff, cap, sizeof *a);
    if (a == NULL)
        return false;
    r->foff = a;
    b = fa_reallocarray(r->flens, cap, sizeof *b);
    if (b == NULL)
        return false;
    r->flens = b;
    c = fa_reallocarray((void *)r->fptr, cap, sizeof *c);
    if (c == NULL)
        return false;
    r->fptr = c;
    r->nfcap = cap;
    return true;
}

static void on_field(void *s, size_t n, void *data)
{
    fa_csv_reader *r = data;
    size_t need;

    if (r->failed)
        return;
    if (!fa_size_add(&need, r->flen, n) || !fa_size_add(&need, need, 1)) {
        fa_csv__fail_nomem(r);
        return;
    }
    if (need > r->fcap) {
        size_t cap = r->fcap ? r->fcap : FA_CSV_MIN_ENTRY;
        char *p;

        while (cap < need)
            if (!fa_size_mul(&cap, cap, 2)) {
                cap = need;
                break;
            }
        p = fa_realloc(r->fbuf, cap);
        if (p == NULL) {
            fa_csv__fail_nomem(r);
            return;
        }
        r->fbuf = p;
        r->fcap = cap;
    }
    if (!reserve_fields(r, r->nf + 1)) {
        fa_csv__fail_nomem(r);
        return;
    }
    if (n > 0)
        memcpy(r->fbuf + r->flen, s, n);
    r->fbuf[r->flen + n] = '\0';
    r->foff[r->nf] = r->flen;
    r->flens[r->nf] = n;
    r->nf++;
    r->flen = need;
    r->field_line = r->line; /* the next field starts after this delimiter */
}

static void on_record(int c, void *data)
{
    fa_csv_reader *r = data;

    (void)c;
    if (!r->failed)
        r->rec_done = true;
}

static int never_space(unsigned char c)
{
    (void)c;
    return 0;
}

/* ---- input ---------------------------------------------------------------------- */

/* Hashes the consumed bytes not hashed yet, in one large update (hashing
 * line by line costs more per byte). */
void fa_csv__hash_consumed(fa_csv_reader *r)
{
    if (r->hashing && r->pos > r->hash_pos)
        fa_sha256_update(&r->sha, r->buf + r->hash_pos, r->pos - r->hash_pos);
    r->hash_pos = r->pos;
}

/* Reads more bytes, compacting or growing the buffer so that the unread part
 * [pos, len) stays whole. */
static fa_status refill(fa_csv_reader *r)
{
    size_t n;

    fa_csv__hash_consumed(r);
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->len -= r->pos;
        r->pos = 0;
        r->hash_pos = 0;
    }
    if (r->len == r->cap) {
        size_t cap;
        char *p;

        if (!fa_size_mul(&cap, r->cap, 2))
            return fa_csv__fail_nomem(r);
        p = fa_realloc(r->buf, cap);
        if (p == NULL)
            return fa_csv__fail_nomem(r);
        r->buf = p;
        r->cap = cap;
    }
    n = fread(r->buf + r->len, 1, r->cap - r->len, r->fp);
    r->len += n;
    r->eol_cache_valid = false;
    if (n == 0) {
        if (ferror(r->fp)) {
            int e = errno;
            r->failed = true;
            r->fail_rc = fa_error_set_errno(&r->fail_err, e, "cannot read '%s'", r->path);
            fa_strlcpy(r->fail_err.loc.path, r->path, sizeof r->fail_err.loc.path);
            return FA_EIO;
        }
        r->eof = true;
    }
    return FA_OK;
}

static size_t find_byte(const fa_csv_reader *r, char c)
{
    const char *p = memchr(r->buf + r->pos, c, r->len - r->pos);

    return p != NULL ? (size_t)(p - r->buf) : FA_CSV_NONE;
}

/*
 * Hands out the next physical line [*start, *start + *n) including its
 * terminator (*term bytes: 0 at end of file, 1 or 2). Returns false at end of
 * input or on failure (r->failed). The line stays valid until the next call.
 */
static bool next_line(fa_csv_reader *r, const char **start, size_t *n, size_t *term)
{
    for (;;) {
        size_t eol, t;

        if (r->failed)
            return false;
        if (!r->started) {
            /* need 3 bytes (or the end) to check for a UTF-8 byte-order mark */
            if (r->len - r->pos < 3 && !r->eof) {
                if (refill(r) != FA_OK)
                    return false;
                continue;
            }
            r->started = true;
            if (r->len - r->pos >= 3 && memcmp(r->buf + r->pos, "\xEF\xBB\xBF", 3) == 0) {
                r->pos += 3;
                r->bytes += 3;
                r->eol_cache_valid = false;
            }
        }
        /* The next '\n' and '\r' are cached so that files using only one of
         * them are scanned once, not once per line. */
        if (!r->eol_cache_valid) {
            r->lf_at = find_byte(r, '\n');
            r->cr_at = find_byte(r, '\r');
            r->eol_cache_valid = true;
        } else {
            if (r->lf_at != FA_CSV_NONE && r->lf_at < r->pos)
                r->lf_at = find_byte(r, '\n');
            if (r->cr_at != FA_CSV_NONE && r->cr_at < r->pos)
                r->cr_at = find_byte(r, '\r');
        }
        eol = r->lf_at < r->cr_at ? r->lf_at : r->cr_at;
        if (eol == FA_CSV_NONE) {
            if (!r->eof) {
                if (refill(r) != FA_OK)
                    return false;
                continue;
            }
            if (r->pos == r->len)
                return false;
            *start = r->buf + r->pos;
            *n = r->len - r->pos;
            *term = 0;
            r->pos = r->len;
            return true;
        }
        t = 1;
        if (r->buf[eol] == '\r') {
            if (eol + 1 == r->len && !r->eof) { /* CR at the end: is an LF next? */
                if (refill(r) != FA_OK)
                    return false;
                continue;
            }
            if (eol + 1 < r->len && r->buf[eol + 1] == '\n')
                t = 2;
        }
        *start = r->buf + r->pos;
        *n = eol + t - r->pos;
        *term = t;
        r->pos = eol + t;
        return true;
    }
}

/* A line holding nothing but spaces and tabs (the delimiter excepted). */
static bool is_blank(const fa_csv_reader *r, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        char c = s[i];
        if ((c != ' ' && c != '\t') || c == r->opts.delimiter)
            return false;
    }
    return true;
}

/* Makes libcsv's field buffer large enough for @p n more bytes (see top). */
static bool reserve_entry(fa_csv_reader *r, size_t n)
{
    struct csv_parser *p = &r->parser;
    size_t need, cap;
    unsigned char *b;

    if (!fa_size_add(&need, p->entry_pos, n) || !fa_size_add(&need, need, 1))
        return false;
    if (need <= p->entry_size)
        return true;
    cap = p->entry_size > FA_CSV_MIN_ENTRY ? p->entry_size : FA_CSV_MIN_ENTRY;
    while (cap < need)
        if (!fa_size_mul(&cap, cap, 2)) {
            cap = need;
            break;
        }
    b = fa_realloc(p->entry_buf, cap);
    if (b == NULL)
        return false;
    p->entry_buf = b;
    p->entry_size = cap;
    return true;
}

/* Character column (UTF-8 aware, 1-based) of byte @p off in a line. */
static size_t char_column(const char *s, size_t off)
{
    size_t i, col = 1;

    for (i = 0; i < off; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            col++;
    return col;
}

static void start_record(fa_csv_reader *r)
{
    r->nf = 0;
    r->flen = 0;
    r->rec_done = false;
    r->rec_line = r->line;
    r->field_line = r->line;
}

/* Processes one physical line; may complete a record (r->rec_done). */
static void feed_line(fa_csv_reader *r, const char *s, size_t n, size_t term)
{
    size_t got;

    r->line++;
    r->bytes += n;
    if (!r->in_record) {
        size_t content = n - term;

        if (is_blank(r, s, content)) {
            if (r->opts.skip_empty_lines)
                return;
            if (content == 0 || r->opts.trim) {
                /* an empty line is one empty field (a one-column file's missing value) */
                char empty[1] = {'\0'};

                start_record(r);
                on_field(empty, 0, r);
                if (!r->failed)
                    r->rec_done = true;
                return;
            }
        }
        if (r->opts.comment != '\0' && content > 0 && s[0] == r->opts.comment)
            return;
        start_record(r);
    }
    if (!reserve_entry(r, n)) {
        fa_csv__fail_nomem(r);
        return;
    }
    got = csv_parse(&r->parser, s, n, on_field, on_record, r);
    if (r->failed)
        return;
    if (got < n) {
        if (csv_error(&r->parser) == CSV_EPARSE) {
            size_t col = char_column(s, got);

            if (r->parser.quoted)
                fail_at(r, FA_EPARSE, r->line, r->nf + 1,
                        "unexpected character after a closing quote (at character %zu of the line)",
                        col);
            else
                fail_at(r, FA_EPARSE, r->line, r->nf + 1,
                        "quote character inside an unquoted field (at character %zu of the line)",
                        col);
        } else {
            fa_csv__fail_nomem(r);
        }
        return;
    }
    r->in_record = !r->rec_done;
}

/* ---- public API ----------------------------------------------------------------- */

fa_status fa_csv_next(fa_csv_reader *r, const fa_csv_record **rec, fa_error *err)
{
    const char *s;
    size_t n, term, i;

    *rec = NULL;
    if (r == NULL)
        FA_FAIL(err, FA_EINVAL, "fa_csv_next: NULL reader");
    r->rec_done = false;
    while (!r->failed) {
        if (!next_line(r, &s, &n, &term)) {
            if (r->failed)
                break;
            if (r->feeder && !r->feed_final)
                return FA_OK; /* end of this block; the next one continues */
            if (r->finished)
                return FA_OK; /* end of input, already reported */
            r->finished = true;
            if (csv_fini(&r->parser, on_field, on_record, r) != 0)
                fail_at(r, FA_EPARSE, r->field_line, r->nf + 1,
                        "unterminated quoted field (the file ends inside quotes)");
            r->in_record = false;
            if (r->failed)
                break;
            if (!r->rec_done)
                return FA_OK;
        } else {
            feed_line(r, s, n, term);
            if (r->failed || !r->rec_done)
                continue;
        }
        /* a record is complete */
        r->n_records++;
        for (i = 0; i < r->nf; i++)
            r->fptr[i] = r->fbuf + r->foff[i];
        r->rec.n_fields = r->nf;
        r->rec.fields = r->fptr;
        r->rec.lengths = r->flens;
        r->rec.record = r->n_records;
        r->rec.line = r->rec_line;
        r->rec_done = false;
        *rec = &r->rec;
        return FA_OK;
    }
    return fa_csv__report(r, err);
}

typedef struct name_ref {
    const char *name;
    size_t len;
    size_t index;
} name_ref;

static int cmp_name_ref(const void *a, const void *b)
{
    const name_ref *x = a, *y = b;
    size_t m = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->name, y->name, m);

    if (c != 0)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Copies the first record as the header and rejects duplicate names. */
static fa_status take_header(fa_csv_reader *r, const fa_csv_record *h)
{
    size_t total = 0, i;
    char *p;
    name_ref *refs;
    const name_ref *dup = NULL, *first = NULL;

    for (i = 0; i < h->n_fields; i++)
        if (!fa_size_add(&total, total, h->lengths[i] + 1))
            return fa_csv__fail_nomem(r);
    r->header = fa_reallocarray(NULL, h->n_fields, sizeof *r->header);
    r->header_block = fa_malloc(total);
    if (r->header == NULL || r->header_block == NULL)
        return fa_csv__fail_nomem(r);
    p = r->header_block;
    for (i = 0; i < h->n_fields; i++) {
        memcpy(p, h->fields[i], h->lengths[i] + 1);
        r->header[i] = p;
        p += h->lengths[i] + 1;
    }
    r->n_header = h->n_fields;

    refs = fa_reallocarray(NULL, h->n_fields, sizeof *refs);
    if (refs == NULL)
        return fa_csv__fail_nomem(r);
    for (i = 0; i < h->n_fields; i++) {
        refs[i].name = r->header[i];
        refs[i].len = h->lengths[i];
        refs[i].index = i;
    }
    qsort(refs, h->n_fields, sizeof *refs, cmp_name_ref);
    for (i = 1; i < h->n_fields; i++)
        if (refs[i].len == refs[i - 1].len &&
            memcmp(refs[i].name, refs[i - 1].name, refs[i].len) == 0 &&
            (dup == NULL || refs[i].index < dup->index)) {
            size_t k = i - 1;
            while (k > 0 && refs[k - 1].len == refs[i].len &&
                   memcmp(refs[k - 1].name, refs[i].name, refs[i].len) == 0)
                k--;
            dup = &refs[i];
            first = &refs[k];
        }
    if (dup != NULL) {
        r->n_records = 0; /* the location's record number is the header's (1) */
        fail_at(r, FA_ESCHEMA, h->line, dup->index + 1,
                "duplicate column name \"%s\" (also column %zu)", dup->name, first->index + 1);
        fa_free(refs);
        return FA_ESCHEMA;
    }
    fa_free(refs);
    return FA_OK;
}

static fa_status check_options(const fa_csv_options *o, fa_error *err)
{
    if (o->version != FA_CSV_OPTIONS_VERSION)
        FA_FAIL(err, FA_EINVAL, "fa_csv_options: unsupported version %u (this build knows %u)",
                o->version, (unsigned)FA_CSV_OPTIONS_VERSION);
    if (o->delimiter == '\0' || o->delimiter == '\n' || o->delimiter == '\r')
        FA_FAIL(err, FA_EINVAL, "fa_csv_options: invalid delimiter");
    if (o->quote == '\0' || o->quote == '\n' || o->quote == '\r' || o->quote == o->delimiter)
        FA_FAIL(err, FA_EINVAL, "fa_csv_options: invalid quote character");
    if (o->comment == '\n' || o->comment == '\r' || o->comment == o->quote ||
        (o->comment != '\0' && o->comment == o->delimiter))
        FA_FAIL(err, FA_EINVAL, "fa_csv_options: invalid comment character");
    return FA_OK;
}

fa_status fa_csv__open(fa_csv_reader **out, const char *path, const fa_csv_options *opts,
                       bool fingerprint, fa_error *err)
{
    fa_csv_reader *r;
    fa_csv_options defaults = FA_CSV_OPTIONS_INIT;
    bool is_stdin;

    *out = NULL;
    if (path == NULL)
        FA_FAIL(err, FA_EINVAL, "fa_csv_open: NULL path");
    if (opts == NULL)
        opts = &defaults;
    FA_TRY(check_options(opts, err));
    is_stdin = strcmp(path, "-") == 0;
    r = fa_calloc(1, sizeof *r);
    if (r == NULL)
        FA_FAIL(err, FA_ENOMEM, "out of memory opening '%s'", path);
    r->opts = *opts;
    r->path = fa_strdup(is_stdin ? "<stdin>" : path);
    if (r->path == NULL) {
        fa_csv_close(r);
        FA_FAIL(err, FA_ENOMEM, "out of memory opening '%s'", path);
    }
    r->cap = FA_CSV_CHUNK;
    if (is_stdin) {
        r->fp = stdin;
    } else {
        struct stat st;

        r->fp = fopen(path, "rb");
        if (r->fp == NULL) {
            int e = errno;
            fa_csv_close(r);
            return fa_error_set_errno(err, e, "cannot open '%s'", path);
        }
        r->own_fp = true;
        /* A small regular file gets a buffer of its size (+1 to see the end in
         * one read), not a whole chunk: many small files (tests, fuzzing, batch
         * runs) then cost no megabyte allocation each. The buffer still grows
         * if the file does. */
        if (fstat(fileno(r->fp), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0 &&
            (uint64_t)st.st_size < FA_CSV_CHUNK)
            r->cap = (size_t)st.st_size + 1 > FA_CSV_MIN_BUF ? (size_t)st.st_size + 1
                                                              : FA_CSV_MIN_BUF;
    }
    r->buf = fa_malloc(r->cap);
    if (r->buf == NULL) {
        fa_csv_close(r);
        FA_FAIL(err, FA_ENOMEM, "out of memory opening '%s'", path);
    }
    csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI);
    r->parser_ready = true;
    csv_set_delim(&r->parser, (unsigned char)opts->delimiter);
    csv_set_quote(&r->parser, (unsigned char)opts->quote);
    if (!opts->trim)
        csv_set_space_func(&r->parser, never_space);
    csv_set_realloc_func(&r->parser, fa_realloc);
    csv_set_free_func(&r->parser, fa_free);
    if (fingerprint) {
        r->hashing = true;
        fa_sha256_init(&r->sha);
    }
    r->block_hash = true;

    if (opts->has_header) {
        const fa_csv_record *h = NULL;
        fa_status rc = fa_csv_next(r, &h, err);

        if (rc == FA_OK && h == NULL) {
            fa_error_clear(err);
            rc = fa_error_set_at(err, FA_EDATA, r->path, 1, 1, "%s",
                                 r->line == 0 ? "the file is empty (expected a header record)"
                                              : "no header record (the file has only comment "
                                                "or empty lines)");
        } else if (rc == FA_OK) {
            rc = take_header(r, h);
            if (rc != FA_OK)
                (void)fa_csv__report(r, err);
        }
        if (rc != FA_OK) {
            fa_csv_close(r);
            return rc;
        }
    }
    *out = r;
    return FA_OK;
}

fa_status fa_csv_open(fa_csv_reader **out, const char *path, const fa_csv_options *opts,
                      fa_error *err)
{
    return fa_csv__open(out, path, opts, false, err);
}

const char *const *fa_csv_header(const fa_csv_reader *r, size_t *n_out)
{
    if (n_out != NULL)
        *n_out = r != NULL ? r->n_header : 0;
    return r != NULL ? (const char *const *)r->header : NULL;
}

uint64_t fa_csv_bytes_read(const fa_csv_reader *r)
{
    return r != NULL ? r->bytes : 0;
}

void fa_csv__fingerprint(const fa_csv_reader *r, char hex[65])
{
    fa_sha256 copy;

    if (!r->hashing) {
        hex[0] = '\0';
        return;
    }
    copy = r->sha;
    if (r->pos > r->hash_pos) /* consumed since the last refill */
        fa_sha256_update(&copy, r->buf + r->hash_pos, r->pos - r->hash_pos);
    fa_sha256_final_hex(&copy, hex);
}

const char *fa_csv__path(const fa_csv_reader *r)
{
    return r->path;
}

uint64_t fa_csv__lines(const fa_csv_reader *r)
{
    return r->line;
}

uint64_t fa_csv__records(const fa_csv_reader *r)
{
    return r->n_records;
}

/* ---- blocks ---------------------------------------------------------------------- */

/* ---- feeders --------------------------------------------------------------------- */

fa_status fa_csv__feeder_new(fa_csv_reader **out, const fa_csv_reader *src, fa_error *err)
{
    fa_csv_reader *r;
    size_t total = 0, i;
    char *p;

    *out = NULL;
    r = fa_calloc(1, sizeof *r);
    FA_CHECK_ALLOC(err, r);
    r->opts = src->opts;
    r->feeder = true;
    r->started = true;
    r->eof = true;
    r->path = fa_strdup(src->path);
    if (r->path == NULL)
        goto oom;
    csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI);
    r->parser_ready = true;
    csv_set_delim(&r->parser, (unsigned char)r->opts.delimiter);
    csv_set_quote(&r->parser, (unsigned char)r->opts.quote);
    if (!r->opts.trim)
        csv_set_space_func(&r->parser, never_space);
    csv_set_realloc_func(&r->parser, fa_realloc);
    csv_set_free_func(&r->parser, fa_free);
    if (src->n_header > 0) {
        for (i = 0; i < src->n_header; i++)
            if (!fa_size_add(&total, total, strlen(src->header[i]) + 1))
                goto oom;
        r->header = fa_reallocarray(NULL, src->n_header, sizeof *r->header);
        r->header_block = fa_malloc(total);
        if (r->header == NULL || r->header_block == NULL)
            goto oom;
        p = r->header_block;
        for (i = 0; i < src->n_header; i++) {
            size_t n = strlen(src->header[i]) + 1;
            memcpy(p, src->header[i], n);
            r->header[i] = p;
            p += n;
        }
        r->n_header = src->n_header;
    }
    r->line = src->line;
    r->n_records = src->n_records;
    *out = r;
    return FA_OK;
oom:
    fa_csv_close(r);
    FA_FAIL(err, FA_ENOMEM, "out of memory");
}

size_t fa_csv__fed(const fa_csv_reader *r)
{
    return r->pos;
}

void fa_csv__feed(fa_csv_reader *r, const char *data, size_t len, bool final)
{
    r->buf = (char *)(uintptr_t)data; /* read only: a feeder never refills or writes buf */
    r->cap = r->len = len;
    r->pos = r->hash_pos = 0;
    r->eof = true;
    r->eol_cache_valid = false;
    r->feed_final = final;
}

bool fa_csv__in_record(const fa_csv_reader *r)
{
    return r->in_record;
}

void fa_csv__set_position(fa_csv_reader *r, uint64_t lines, uint64_t records)
{
    r->line = lines;
    r->n_records = records;
}

void fa_csv_close(fa_csv_reader *r)
{
    if (r == NULL)
        return;
    if (r->feeder)
        r->buf = NULL; /* the caller's block */
    if (r->parser_ready)
        csv_free(&r->parser);
    if (r->own_fp && r->fp != NULL)
        fclose(r->fp);
    fa_free(r->buf);
    fa_free(r->fbuf);
    fa_free(r->foff);
    fa_free(r->flens);
    fa_free((void *)r->fptr);
    fa_free(r->header);
    fa_free(r->header_block);
    fa_free(r->path);
    fa_free(r);
}
