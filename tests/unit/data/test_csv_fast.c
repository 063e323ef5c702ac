/*
 * Differential tests of the fast reading path (lib/data/csv_fast.c, blocks and feeders in
 * csv_reader.c) against the plain streaming reader: on thousands of generated files —
 * well-formed, CRLF, lone CR, quotes with embedded newlines, BOM, NUL bytes, ragged rows,
 * blank and whitespace lines, missing final newline, random byte mutations — the block
 * strategy the audit uses (fast split line by line; on any line it does not handle, the
 * libcsv feeder over the whole block, continuing across blocks) must give exactly the same
 * records (fields, record and line numbers) and, when the file is bad, the same error.
 */
#include <string.h>

#include "common/internal.h"
#include "common/rng.h"
#include "data/csv_internal.h"
#include "fa_test.h"

#define MAX_FILE   4096
#define MAX_RECS   1024

typedef struct rec_copy {
    size_t n_fields;
    uint64_t record, line;
    fa_buf bytes; /* fields, each as 4-byte length + bytes */
} rec_copy;

typedef struct outcome {
    rec_copy recs[MAX_RECS];
    size_t n;
    fa_status rc;
    char msg[1024];
} outcome;

static void outcome_dispose(outcome *o)
{
    size_t i;

    for (i = 0; i < o->n; i++)
        fa_buf_dispose(&o->recs[i].bytes);
    o->n = 0;
}

static void add_rec(outcome *o, size_t n_fields, const char *const *f, const size_t *len,
                    uint64_t record, uint64_t line)
{
    rec_copy *r;
    size_t i;

    cr_assert_lt(o->n, MAX_RECS);
    r = &o->recs[o->n++];
    memset(r, 0, sizeof *r);
    r->n_fields = n_fields;
    r->record = record;
    r->line = line;
    for (i = 0; i < n_fields; i++) {
        uint32_t l = (uint32_t)len[i];
        fa_buf_put(&r->bytes, &l, sizeof l);
        fa_buf_put(&r->bytes, f[i], len[i]);
    }
}

static void set_error(outcome *o, fa_status rc, const fa_error *err)
{
    o->rc = rc;
    fa_error_format(err, o->msg, sizeof o->msg);
}

/* The reference: fa_csv_open + fa_csv_next. */
static void read_plain(const char *path, const fa_csv_options *opts, outcome *o)
{
    fa_csv_reader *r = NULL;
    fa_error err;
    fa_status rc;

    memset(o, 0, sizeof *o);
    fa_error_clear(&err);
    rc = fa_csv_open(&r, path, opts, &err);
    if (rc != FA_OK) {
        set_error(o, rc, &err);
        return;
    }
    for (;;) {
        const fa_csv_record *rec;
        rc = fa_csv_next(r, &rec, &err);
        if (rc != FA_OK) {
            set_error(o, rc, &err);
            break;
        }
        if (rec == NULL)
            break;
        add_rec(o, rec->n_fields, rec->fields, rec->lengths, rec->record, rec->line);
    }
    fa_csv_close(r);
}

/* The audit's strategy, with blocks of about @p target bytes. */
static void read_blocks(const char *path, const fa_csv_options *opts, size_t target, outcome *o)
{
    fa_csv_reader *r = NULL, *feeder = NULL;
    fa_csv_block b = {0};
    fa_csv_splitter sp;
    fa_error err;
    fa_status rc;
    uint64_t lines, records;
    bool carry = false;
    size_t n_header = 0;
    uint32_t ends[64];

    memset(o, 0, sizeof *o);
    fa_error_clear(&err);
    rc = fa_csv__open(&r, path, opts, false, &err);
    if (rc != FA_OK) {
        set_error(o, rc, &err);
        return;
    }
    (void)fa_csv_header(r, &n_header);
    cr_assert(n_header >= 1 && n_header <= 64);
    sp.delimiter = opts->delimiter;
    sp.quote = opts->quote;
    sp.comment = opts->comment;
    sp.n_fields = n_header;
    lines = fa_csv__lines(r);
    records = fa_csv__records(r);
    FA_ASSERT_OK(fa_csv__feeder_new(&feeder, r, &err));
    for (;;) {
        const char *p, *end;
        bool fast = !carry;
        size_t first = o->n;
        uint64_t lines0 = lines, records0 = records;

        rc = fa_csv__read_block(r, &b, target, &err);
        if (rc != FA_OK) {
            set_error(o, rc, &err);
            break;
        }
        p = b.data;
        end = p + b.len;
        while (fast && p < end) {
            const char *f[64];
            size_t len[64], i, n = fa_csv__split(&sp, p, end, ends);
            if (n == 0) {
                fast = false;
                break;
            }
            for (i = 0; i < n_header; i++) {
                size_t s = i == 0 ? 0 : ends[i - 1] + (size_t)1;
                f[i] = p + s;
                len[i] = ends[i] - s;
            }
            lines++;
            records++;
            add_rec(o, n_header, f, len, records, lines);
            p += n;
        }
        if (!fast) { /* forget the block's fast records: the feeder reads the whole block */
            const fa_csv_record *rec;
            while (o->n > first)
                fa_buf_dispose(&o->recs[--o->n].bytes);
            fa_csv__set_position(feeder, lines0, records0);
            fa_csv__feed(feeder, b.data, b.len, b.last);
            for (;;) {
                rc = fa_csv_next(feeder, &rec, &err);
                if (rc != FA_OK || rec == NULL)
                    break;
                add_rec(o, rec->n_fields, rec->fields, rec->lengths, rec->record, rec->line);
            }
            if (rc != FA_OK) {
                set_error(o, rc, &err);
                break;
            }
            carry = fa_csv__in_record(feeder);
            lines = fa_csv__lines(feeder);
            records = fa_csv__records(feeder);
        }
        if (b.last)
            break;
    }
    fa_csv_block_dispose(&b);
    fa_csv_close(feeder);
    fa_csv_close(r);
}

static void compare(const outcome *a, const outcome *b, const char *data, size_t n,
                    size_t target)
{
    size_t i;

    cr_assert_eq(a->rc, b->rc, "status %d vs %d (%s | %s) target %zu, input %zu bytes: %.*s",
                 a->rc, b->rc, a->msg, b->msg, target, n, (int)n, data);
    if (a->rc != FA_OK)
        cr_assert_str_eq(a->msg, b->msg, "target %zu input: %.*s", target, (int)n, data);
    cr_assert_eq(a->n, b->n, "records %zu vs %zu, target %zu, input: %.*s", a->n, b->n, target,
                 (int)n, data);
    for (i = 0; i < a->n; i++) {
        const rec_copy *x = &a->recs[i], *y = &b->recs[i];
        cr_assert_eq(x->n_fields, y->n_fields, "record %zu", i);
        cr_assert_eq(x->record, y->record, "record %zu: number %llu vs %llu", i,
                     (unsigned long long)x->record, (unsigned long long)y->record);
        cr_assert_eq(x->line, y->line, "record %zu: line %llu vs %llu (target %zu) input: %.*s", i,
                     (unsigned long long)x->line, (unsigned long long)y->line, target, (int)n,
                     data);
        cr_assert_eq(x->bytes.len, y->bytes.len, "record %zu bytes", i);
        cr_assert(x->bytes.len == 0 || memcmp(x->bytes.ptr, y->bytes.ptr, x->bytes.len) == 0,
                  "record %zu fields differ", i);
    }
}

/* ---- generators -------------------------------------------------------------------------- */

static void put(char *buf, size_t *n, const char *s, size_t len)
{
    if (*n + len > MAX_FILE)
        len = MAX_FILE - *n;
    memcpy(buf + *n, s, len);
    *n += len;
}

static const char *eol_of(fa_rng *r, int flavor)
{
    uint64_t k = fa_rng_below(r, 100);

    if (flavor == 1)
        return "\r\n";
    if (flavor == 2 && k < 10)
        return "\r";
    if (flavor >= 2 && k < 20)
        return "\r\n";
    return "\n";
}

static void gen_field(fa_rng *r, char *buf, size_t *n, int flavor)
{
    static const char *const plain[] = {"0", "1", "0.25", "0.123456", "a", "NA", "", "M", "F",
                                        "north", "1e-3", "-0"};
    static const char *const odd[] = {"\"q\"", "\"a,b\"", "\"x\"\"y\"", "\"line\nbreak\"",
                                      "\"cr\r\nlf\"", " ", "\t", "a\"b", "\"open", "\"x\"y",
                                      "\"\"", "#c"};
    uint64_t k = fa_rng_below(r, 100);

    if (flavor >= 3 && k < 12) {
        const char *s = odd[fa_rng_below(r, sizeof odd / sizeof odd[0])];
        put(buf, n, s, strlen(s));
    } else if (flavor >= 3 && k < 14) {
        put(buf, n, "a\0b", 3);
    } else {
        const char *s = plain[fa_rng_below(r, sizeof plain / sizeof plain[0])];
        put(buf, n, s, strlen(s));
    }
}

/* flavor 0 clean LF, 1 CRLF, 2 mixed line ends, 3 quotes and oddities, 4 + mutations */
static size_t gen_file(fa_rng *r, char *buf, int flavor, size_t *n_cols)
{
    size_t n = 0, cols = 1 + fa_rng_below(r, 5), lines = fa_rng_below(r, 40), i, j;

    *n_cols = cols;
    if (flavor >= 3 && fa_rng_below(r, 10) == 0)
        put(buf, &n, "\xEF\xBB\xBF", 3);
    for (j = 0; j < cols; j++) {
        char h[32];
        snprintf(h, sizeof h, "%sc%zu", j ? "," : "", j);
        put(buf, &n, h, strlen(h));
    }
    put(buf, &n, eol_of(r, flavor), strlen(eol_of(r, flavor)));
    for (i = 0; i < lines; i++) {
        size_t nf = cols;
        uint64_t k = fa_rng_below(r, 100);
        if (flavor >= 3 && k < 5)
            nf = cols + 1;
        else if (flavor >= 3 && k < 10 && cols > 1)
            nf = cols - 1;
        else if (flavor >= 2 && k < 14)
            nf = 0; /* empty or blank line */
        if (nf == 0 && fa_rng_below(r, 2))
            put(buf, &n, " \t", 2);
        for (j = 0; j < nf; j++) {
            if (j > 0)
                put(buf, &n, ",", 1);
            gen_field(r, buf, &n, flavor);
        }
        if (i + 1 < lines || fa_rng_below(r, 4) != 0) {
            const char *e = eol_of(r, flavor);
            put(buf, &n, e, strlen(e));
        }
    }
    if (flavor >= 4) { /* random byte mutations */
        static const char bytes[] = {',', '"', '\n', '\r', '\0', ' ', '\t', 'a', '1', '#'};
        size_t m = 1 + fa_rng_below(r, 4);
        for (j = 0; j < m && n > 0; j++)
            buf[fa_rng_below(r, n)] = bytes[fa_rng_below(r, sizeof bytes)];
    }
    return n;
}

static void run_many(int flavor, unsigned files, uint64_t seed, char comment)
{
    static char buf[MAX_FILE];
    static outcome a, b;
    fa_rng rng;
    unsigned i;

    fa_rng_seed(&rng, seed);
    for (i = 0; i < files; i++) {
        static const size_t targets[] = {1, 2, 7, 16, 33, 64, 1000};
        fa_csv_options o;
        size_t cols, n = gen_file(&rng, buf, flavor, &cols), t;
        const char *path = fa_test_write_bytes("fast.csv", buf, n);

        fa_csv_options_init(&o);
        o.comment = comment;
        read_plain(path, &o, &a);
        for (t = 0; t < sizeof targets / sizeof targets[0]; t++) {
            read_blocks(path, &o, targets[t], &b);
            compare(&a, &b, buf, n, targets[t]);
            outcome_dispose(&b);
        }
        outcome_dispose(&a);
    }
}

Test(csv_fast, clean_lf_files) { run_many(0, 300, 1, '\0'); }
Test(csv_fast, crlf_files) { run_many(1, 300, 2, '\0'); }
Test(csv_fast, mixed_line_ends_and_blank_lines) { run_many(2, 400, 3, '\0'); }
Test(csv_fast, quotes_nul_ragged_bom) { run_many(3, 600, 4, '\0'); }
Test(csv_fast, random_mutations) { run_many(4, 800, 5, '\0'); }
Test(csv_fast, comment_lines) { run_many(4, 300, 6, '#'); }

/* Every line length from 0 to 40 (the splitter works in 16-byte steps) with every line end,
 * blank-ish contents and a delimiter near the end, then another line. */
Test(csv_fast, every_line_length_and_line_end)
{
    static const char *const eols[] = {"\n", "\r\n", "\r", ""};
    static char buf[MAX_FILE];
    static outcome a, b;
    size_t len, e, cols, k;

    for (cols = 1; cols <= 2; cols++)
        for (len = 0; len <= 40; len++)
            for (e = 0; e < 4; e++)
                for (k = 0; k < 3; k++) {
                    fa_csv_options o;
                    size_t n = 0, i;
                    const char *path;
                    put(buf, &n, cols == 1 ? "h\n" : "h,g\n", cols == 1 ? 2 : 4);
                    for (i = 0; i < len; i++)
                        buf[n++] = k == 1 ? ' ' : (char)('a' + i % 26);
                    if (cols == 2 && len > 0)
                        buf[n - 1 - (k == 2 ? 0 : len / 2)] = ',';
                    put(buf, &n, eols[e], strlen(eols[e]));
                    if (e < 3)
                        put(buf, &n, cols == 1 ? "z\n" : "y,z\n", cols == 1 ? 2 : 4);
                    path = fa_test_write_bytes("fast.csv", buf, n);
                    fa_csv_options_init(&o);
                    read_plain(path, &o, &a);
                    read_blocks(path, &o, 1, &b);
                    compare(&a, &b, buf, n, 1);
                    outcome_dispose(&b);
                    read_blocks(path, &o, 1000, &b);
                    compare(&a, &b, buf, n, 1000);
                    outcome_dispose(&a);
                    outcome_dispose(&b);
                }
}

/* ---- the splitter on its own ------------------------------------------------------------ */

static size_t split(const char *text, size_t n_fields, uint32_t *ends)
{
    static char buf[256 + FA_CSV_BLOCK_PAD];
    fa_csv_splitter sp = {',', '"', '\0', n_fields};
    size_t n = strlen(text);

    memset(buf, 0, sizeof buf);
    memcpy(buf, text, n);
    return fa_csv__split(&sp, buf, buf + n, ends);
}

Test(csv_fast, splits_simple_lines)
{
    uint32_t e[8];

    cr_assert_eq(split("0.5,1,M\nrest", 3, e), 8);
    cr_assert_eq(e[0], 3);
    cr_assert_eq(e[1], 5);
    cr_assert_eq(e[2], 7);
    cr_assert_eq(split("0.5,1,M\r\n", 3, e), 9);
    cr_assert_eq(e[2], 7);
    cr_assert_eq(split("0.5,1,M", 3, e), 7); /* last line without terminator */
    cr_assert_eq(split(",,", 3, e), 2);
    cr_assert_eq(e[0], 0);
    cr_assert_eq(e[1], 1);
    cr_assert_eq(e[2], 2);
    /* a long line: delimiters beyond the first 16 bytes, CRLF across a 16-byte boundary */
    cr_assert_eq(split("aaaaaaaaaaaaaa,bbbbbbbbbbbbbbbbbbbb,c\n", 3, e), 38);
    cr_assert_eq(e[0], 14);
    cr_assert_eq(e[1], 35);
    cr_assert_eq(e[2], 37);
    cr_assert_eq(split("aaaaaaaaaaaaaaa\r\n", 1, e), 17);
    cr_assert_eq(e[0], 15);
}

Test(csv_fast, gives_up_on_what_it_does_not_handle)
{
    uint32_t e[8];

    cr_assert_eq(split("\"a\",1\n", 2, e), 0);        /* quote */
    cr_assert_eq(split("a,1\rb,2\n", 2, e), 0);       /* lone CR ends a line */
    cr_assert_eq(split("a,1\r", 2, e), 0);            /* final lone CR */
    cr_assert_eq(split("aaaaaaaaaaaaaaa\r", 1, e), 0); /* final CR at a 16-byte boundary */
    cr_assert_eq(split("a,1,2\n", 2, e), 0);          /* too many fields */
    cr_assert_eq(split("a\n", 2, e), 0);              /* too few */
    cr_assert_eq(split("\n", 2, e), 0);               /* empty line */
    cr_assert_eq(split(" \t\n", 1, e), 0);            /* blank line, one column */
    {
        static char buf[16 + FA_CSV_BLOCK_PAD] = "a,\0b\n";
        fa_csv_splitter sp = {',', '"', '\0', 2};
        cr_assert_eq(fa_csv__split(&sp, buf, buf + 5, e), 0); /* NUL byte */
    }
    {
        static char buf[16 + FA_CSV_BLOCK_PAD] = "#a,b\n";
        fa_csv_splitter sp = {',', '"', '#', 2};
        cr_assert_eq(fa_csv__split(&sp, buf, buf + 5, e), 0); /* comment line */
    }
}

Test(csv_fast, blocks_end_at_line_ends_and_hash_the_input)
{
    static const char text[] = "h1,h2\n1,2\r\n3,4\r5,6\n7,8";
    const char *path = fa_test_write_bytes("fast.csv", text, sizeof text - 1);
    fa_csv_reader *r = NULL, *plain = NULL;
    fa_csv_block b = {0};
    fa_error err;
    char hex1[65], hex2[65];
    size_t total = 0;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_csv__open(&r, path, NULL, true, &err));
    for (;;) {
        FA_ASSERT_OK(fa_csv__read_block(r, &b, 1, &err));
        if (b.len > 0 && !b.last) {
            char c = b.data[b.len - 1];
            cr_assert(c == '\n' || (c == '\r' && text[6 + total + b.len] != '\n'),
                      "block ends with %d", c);
        }
        cr_assert_eq(b.offset, 6 + total);
        total += b.len;
        if (b.last)
            break;
    }
    cr_assert_eq(total, sizeof text - 1 - 6);
    fa_csv__fingerprint(r, hex1);
    FA_ASSERT_OK(fa_csv__open(&plain, path, NULL, true, &err));
    for (;;) {
        const fa_csv_record *rec;
        FA_ASSERT_OK(fa_csv_next(plain, &rec, &err));
        if (rec == NULL)
            break;
    }
    fa_csv__fingerprint(plain, hex2);
    cr_assert_str_eq(hex1, hex2);
    fa_csv_block_dispose(&b);
    fa_csv_close(r);
    fa_csv_close(plain);
}
