/*
 * fa_table_load through blocks and the fast splitter (lib/data/table.c, load_blocks) against
 * the plain libcsv reader (fa_table__test_plain): on generated files through specs with
 * numeric, categorical, protected and label columns — clean, CRLF, quoted fields with
 * newlines, blank lines, BOM, NUL bytes, ragged rows, bad numbers, missing values, with and
 * without a header, with max_rows — the tables (every value, code, level, label, statistic
 * and the fingerprint) and the errors must be identical.
 */
#include <string.h>

#include "common/internal.h"
#include "common/rng.h"
#include "data/table_internal.h"
#include "fa_test.h"

#define MAX_TEXT 32768

static const char spec_header[] =
    "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"t\",%s"
    " \"incomplete_rows\": \"%s\", \"missing\": [\"NA\"], \"columns\": ["
    "{\"name\": \"x\", \"role\": \"numeric\"},"
    "{\"name\": \"c\", \"role\": \"categorical\"},"
    "{\"name\": \"g\", \"role\": \"protected\"},"
    "{\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", \"negative\": \"0\"}]}";

typedef struct loaded {
    fa_status rc;
    char msg[1024];
    fa_table *t;
} loaded;

static void load(const fa_spec *spec, const char *path, uint64_t max_rows, bool plain,
                 size_t block, loaded *out)
{
    fa_load_options lo = FA_LOAD_OPTIONS_INIT;
    fa_error err;

    fa_error_clear(&err);
    lo.max_rows = max_rows;
    fa_table__test_hooks(plain, block);
    out->t = NULL;
    out->rc = fa_table_load(&out->t, spec, path, &lo, &err);
    fa_table__test_hooks(false, 0);
    out->msg[0] = '\0';
    if (out->rc != FA_OK)
        fa_error_format(&err, out->msg, sizeof out->msg);
}

static void same(const loaded *a, const loaded *b, const char *text, size_t n)
{
    size_t j, i, rows;
    fa_table_stats sa, sb;
    const fa_spec *spec;

    cr_assert_eq(a->rc, b->rc, "status %s vs %s (%s | %s); input:\n%.*s", fa_status_str(a->rc),
                 fa_status_str(b->rc), a->msg, b->msg, (int)n, text);
    if (a->rc != FA_OK) {
        cr_assert_str_eq(a->msg, b->msg, "input:\n%.*s", (int)n, text);
        return;
    }
    rows = fa_table_n_rows(a->t);
    cr_assert_eq(rows, fa_table_n_rows(b->t), "rows; input:\n%.*s", (int)n, text);
    fa_table_get_stats(a->t, &sa);
    fa_table_get_stats(b->t, &sb);
    cr_assert(memcmp(&sa, &sb, sizeof sa) == 0, "stats differ");
    cr_assert_str_eq(fa_table_fingerprint(a->t), fa_table_fingerprint(b->t));
    cr_assert(memcmp(fa_table_labels(a->t), fa_table_labels(b->t), rows) == 0);
    spec = fa_table_spec(a->t);
    for (j = 0; j < fa_spec_n_columns(spec); j++) {
        const double *na = fa_table_numeric(a->t, j), *nb = fa_table_numeric(b->t, j);
        const int32_t *ca = fa_table_codes(a->t, j), *cb = fa_table_codes(b->t, j);
        cr_assert_eq(fa_table_missing_count(a->t, j), fa_table_missing_count(b->t, j));
        if (na != NULL)
            cr_assert(memcmp(na, nb, rows * sizeof *na) == 0, "numbers of column %zu", j);
        if (ca != NULL) {
            cr_assert(memcmp(ca, cb, rows * sizeof *ca) == 0, "codes of column %zu", j);
            cr_assert_eq(fa_table_n_levels(a->t, j), fa_table_n_levels(b->t, j));
            for (i = 0; i < fa_table_n_levels(a->t, j); i++)
                cr_assert_str_eq(fa_table_level(a->t, j, i), fa_table_level(b->t, j, i));
        }
    }
}

static void put(char *buf, size_t *n, const char *s)
{
    size_t len = strlen(s);

    if (*n + len > MAX_TEXT - 1)
        len = MAX_TEXT - 1 - *n;
    memcpy(buf + *n, s, len);
    *n += len;
}

/* hostile 0: clean; 1: CRLF, NA; 2: quotes, blank lines, BOM; 3: + errors and NUL bytes */
static size_t gen(fa_rng *r, char *buf, int hostile, bool header)
{
    /* the last: a quoted value holding lines that look like records */
    static const char *const cats[] = {"a",  "b", "c", "\"q,r\"", "\"multi\nline\"", "NA", "",
                                       "\"m\n1,a,G1,0\n2,b,G2,1\n3,c,G1,1\n\""};
    size_t n = 0, rows = fa_rng_below(r, 300), i;
    const char *eol = hostile == 1 ? "\r\n" : "\n";

    if (hostile >= 2 && fa_rng_below(r, 4) == 0)
        put(buf, &n, "\xEF\xBB\xBF");
    if (header) {
        put(buf, &n, "x,c,g,y");
        put(buf, &n, eol);
    }
    for (i = 0; i < rows; i++) {
        char line[128];
        uint64_t k = fa_rng_below(r, 100);
        const char *c = cats[fa_rng_below(r, hostile >= 2 ? 8 : 3)];
        const char *x = NULL;
        if (hostile >= 1 && k < 5)
            x = "NA";
        if (hostile >= 3 && k >= 5 && k < 7)
            x = "1e";
        if (x != NULL)
            snprintf(line, sizeof line, "%s,%s,%s,%d", x, c, k % 3 ? "G1" : "G2", (int)(k & 1));
        else
            snprintf(line, sizeof line, "%.*f,%s,%s,%d", (int)fa_rng_below(r, 6),
                     fa_rng_uniform(r) * 100 - 50, c, k % 3 ? "G1" : "G2", (int)(k & 1));
        put(buf, &n, line);
        if (hostile >= 3 && k == 8)
            put(buf, &n, ",extra");
        if (hostile >= 3 && k == 9)
            buf[n - 1] = '\0';
        if (hostile >= 3 && k == 10)
            buf[n - 1] = '7'; /* a label that is neither value */
        if (hostile >= 2 && k >= 11 && k < 15)
            put(buf, &n, k < 13 ? "\n" : "\n \t");
        if (i + 1 < rows || fa_rng_below(r, 3) != 0)
            put(buf, &n, eol);
    }
    return n;
}

static void run(int hostile, unsigned files, uint64_t seed)
{
    static char text[MAX_TEXT];
    static const size_t blocks[] = {1, 16, 64, 0};
    fa_rng r;
    unsigned f;
    size_t k;

    fa_rng_seed(&r, seed);
    for (f = 0; f < files; f++) {
        char spec_text[2048];
        fa_spec *spec = NULL;
        fa_error err;
        bool header = fa_rng_below(&r, 4) != 0;
        uint64_t max_rows = fa_rng_below(&r, 4) == 0 ? fa_rng_below(&r, 50) : 0;
        size_t n = gen(&r, text, hostile, header);
        const char *path = fa_test_write_bytes("tf.csv", text, n);
        loaded a, b;

        snprintf(spec_text, sizeof spec_text, spec_header,
                 header ? "" : " \"header\": false,",
                 fa_rng_below(&r, 3) == 0 ? "error" : "drop");
        FA_ASSERT_OK(fa_spec_parse(&spec, spec_text, strlen(spec_text), "t.json", &err));
        load(spec, path, max_rows, true, 0, &a);
        for (k = 0; k < sizeof blocks / sizeof blocks[0]; k++) {
            load(spec, path, max_rows, false, blocks[k], &b);
            same(&a, &b, text, n);
            fa_table_free(b.t);
        }
        fa_table_free(a.t);
        fa_spec_free(spec);
    }
}

Test(table_fast, clean_files_load_the_same) { run(0, 150, 21); }
Test(table_fast, crlf_and_missing_values_load_the_same) { run(1, 150, 22); }
Test(table_fast, quotes_blank_lines_bom_load_the_same) { run(2, 250, 23); }
Test(table_fast, errors_are_the_same) { run(3, 300, 24); }
