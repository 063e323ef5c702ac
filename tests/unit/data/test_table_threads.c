/*
 * fa_table_load on several threads (lib/data/table_parallel.c) against the one-thread load:
 * generated files through a spec with numeric, weight, categorical (mapped; levels first seen
 * late in the file), protected (with missing values), ignored, label (mapped) and derived
 * (map and cut) columns — clean, CRLF, missing values, quoted fields, blank lines, BOM,
 * errors — on 2, 3 and 7 threads with tiny parts (fa_table__test_parallel) and small blocks:
 * tables (every value, code, level and its order, label, statistic, the fingerprint) and
 * errors (status, message, location) must be identical. Clean files must really have been
 * loaded on threads (seen through the log callback).
 */
#include <string.h>

#include "common/internal.h"
#include "common/rng.h"
#include "data/table_internal.h"
#include "fa_test.h"

#define MAX_TEXT 65536

static const char spec_fmt[] =
    "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"t\",%s"
    " \"incomplete_rows\": \"%s\", \"missing\": [\"NA\"], \"columns\": ["
    "{\"name\": \"x\", \"role\": \"numeric\"},"
    "{\"name\": \"c\", \"role\": \"categorical\", \"map\": {\"L3\": \"L1\", \"L7\": \"late\"}},"
    "{\"name\": \"g\", \"role\": \"protected\"},"
    "{\"name\": \"w\", \"role\": \"weight\"},"
    "{\"name\": \"skip\", \"role\": \"ignore\"},"
    "{\"name\": \"y\", \"role\": \"label\", \"map\": {\"1\": \"yes\", \"0\": \"no\"},"
    " \"positive\": \"yes\", \"negative\": \"no\"}],"
    " \"derived\": [{\"name\": \"band\", \"from\": \"x\", \"role\": \"protected\","
    " \"cut\": {\"breaks\": [-10, 10], \"labels\": [\"low\", \"mid\", \"high\"]}},"
    " {\"name\": \"gg\", \"from\": \"g\", \"role\": \"categorical\","
    " \"map\": {\"G1\": \"one\"}}]}";

typedef struct loaded {
    fa_status rc;
    char msg[1024];
    fa_table *t;
    int threaded; /* log messages saying the load ran on threads */
} loaded;

static void count_threaded(fa_log_level level, const char *message, void *payload)
{
    (void)level;
    if (strstr(message, " threads") != NULL)
        ++*(int *)payload;
}

static void load(const fa_spec *spec, const char *path, unsigned threads, uint64_t min_bytes,
                 size_t block, loaded *out)
{
    fa_load_options lo = FA_LOAD_OPTIONS_INIT;
    fa_error err;

    fa_error_clear(&err);
    lo.threads = threads;
    lo.log = count_threaded;
    lo.log_payload = &out->threaded;
    out->threaded = 0;
    fa_table__test_hooks(false, block);
    fa_table__test_parallel(min_bytes);
    out->t = NULL;
    out->rc = fa_table_load(&out->t, spec, path, &lo, &err);
    fa_table__test_hooks(false, 0);
    fa_table__test_parallel(0);
    out->msg[0] = '\0';
    if (out->rc != FA_OK) {
        fa_error_format(&err, out->msg, sizeof out->msg);
        cr_assert_null(out->t);
    }
}

static void same(const loaded *a, const loaded *b, const char *text, size_t n)
{
    size_t j, i, rows;
    fa_table_stats sa, sb;
    const fa_spec *spec;

    cr_assert_eq(a->rc, b->rc, "status %s vs %s (%s | %s); input:\n%.*s", fa_status_str(a->rc),
                 fa_status_str(b->rc), a->msg, b->msg, (int)n, text);
    if (a->rc != FA_OK) {
        cr_assert_str_eq(a->msg, b->msg, "\"%s\" vs \"%s\"; input:\n%.*s", a->msg, b->msg, (int)n, text);
        return;
    }
    rows = fa_table_n_rows(a->t);
    cr_assert_eq(rows, fa_table_n_rows(b->t), "rows; input:\n%.*s", (int)n, text);
    fa_table_get_stats(a->t, &sa);
    fa_table_get_stats(b->t, &sb);
    cr_assert(memcmp(&sa, &sb, sizeof sa) == 0, "stats differ");
    cr_assert_str_eq(fa_table_fingerprint(a->t), fa_table_fingerprint(b->t));
    cr_assert_str_eq(fa_table_path(a->t), fa_table_path(b->t));
    cr_assert(memcmp(fa_table_labels(a->t), fa_table_labels(b->t), rows) == 0);
    cr_assert_eq(fa_table_weights(a->t) == NULL, fa_table_weights(b->t) == NULL);
    if (fa_table_weights(a->t) != NULL)
        cr_assert(memcmp(fa_table_weights(a->t), fa_table_weights(b->t), rows * sizeof(double)) ==
                  0);
    spec = fa_table_spec(a->t);
    for (j = 0; j < fa_spec_n_columns(spec); j++) {
        const double *na = fa_table_numeric(a->t, j), *nb = fa_table_numeric(b->t, j);
        const int32_t *ca = fa_table_codes(a->t, j), *cb = fa_table_codes(b->t, j);
        cr_assert_eq(fa_table_missing_count(a->t, j), fa_table_missing_count(b->t, j));
        cr_assert_eq(na == NULL, nb == NULL);
        cr_assert_eq(ca == NULL, cb == NULL);
        if (na != NULL)
            cr_assert(memcmp(na, nb, rows * sizeof *na) == 0, "numbers of column %zu", j);
        if (ca != NULL) {
            cr_assert(memcmp(ca, cb, rows * sizeof *ca) == 0, "codes of column %zu", j);
            cr_assert_eq(fa_table_n_levels(a->t, j), fa_table_n_levels(b->t, j));
            for (i = 0; i < fa_table_n_levels(a->t, j); i++)
                cr_assert_str_eq(fa_table_level(a->t, j, i), fa_table_level(b->t, j, i));
        }
    }
    {
        char *ja = NULL, *jb = NULL;
        fa_error err;
        FA_ASSERT_OK(fa_table_describe_json(a->t, &ja, NULL, &err));
        FA_ASSERT_OK(fa_table_describe_json(b->t, &jb, NULL, &err));
        cr_assert_str_eq(ja, jb);
        fa_table_describe_free(ja);
        fa_table_describe_free(jb);
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

/* hostile 0: clean; 1: CRLF, NA; 2: + quotes, blank lines, BOM; 3: + errors.
 * Categorical levels L<k> with k growing along the file: later parts see new levels. */
static size_t gen(fa_rng *r, char *buf, int hostile, bool header, size_t *rows_out)
{
    size_t n = 0, rows = fa_rng_below(r, 400), i;
    const char *eol = hostile == 1 ? "\r\n" : "\n";

    if (hostile >= 2 && fa_rng_below(r, 4) == 0)
        put(buf, &n, "\xEF\xBB\xBF");
    if (header) {
        put(buf, &n, "x,c,g,w,skip,y"); /* without a header, fields are in spec order */
        put(buf, &n, eol);
    }
    for (i = 0; i < rows; i++) {
        char line[160], c[32], g[16], x[32], w[32];
        uint64_t k = fa_rng_below(r, 100);

        snprintf(c, sizeof c, "L%u", (unsigned)fa_rng_below(r, 1 + i / 16));
        snprintf(g, sizeof g, "G%u", (unsigned)fa_rng_below(r, 1 + i / 64));
        snprintf(x, sizeof x, "%.*f", (int)fa_rng_below(r, 6), fa_rng_uniform(r) * 40 - 20);
        snprintf(w, sizeof w, "%.3f", fa_rng_uniform(r) * 2);
        if (hostile >= 1 && k < 4)
            strcpy(g, k < 2 ? "NA" : "");
        if (hostile >= 1 && k >= 4 && k < 6)
            strcpy(x, "NA");
        if (hostile >= 1 && k == 6)
            strcpy(c, "NA");
        if (hostile >= 2 && k == 7)
            strcpy(c, "\"q,r\"");
        if (hostile >= 2 && k == 8)
            strcpy(c, "\"two\nlines\"");
        if (hostile >= 3 && k == 9)
            strcpy(x, "1e");
        if (hostile >= 3 && k == 10)
            strcpy(w, "-1");
        snprintf(line, sizeof line, "%s,%s,%s,%s,s%zu,%d", x, c, g, w, i,
                 hostile >= 3 && k == 11 ? 7 : (int)(k & 1));
        put(buf, &n, line);
        if (hostile >= 3 && k == 12)
            put(buf, &n, ",extra");
        if (hostile >= 2 && k >= 13 && k < 15)
            put(buf, &n, k == 13 ? "\n" : "\n \t");
        if (i + 1 < rows || fa_rng_below(r, 3) != 0)
            put(buf, &n, eol);
    }
    *rows_out = rows;
    return n;
}

static void run(int hostile, unsigned files, uint64_t seed)
{
    static char text[MAX_TEXT];
    static const unsigned threads[] = {2, 3, 7};
    static const size_t blocks[] = {16, 0};
    fa_rng r;
    unsigned f, used_threads = 0;
    size_t k, b;

    fa_rng_seed(&r, seed);
    for (f = 0; f < files; f++) {
        char spec_text[4096];
        fa_spec *spec = NULL;
        fa_error err;
        bool header = fa_rng_below(&r, 4) != 0;
        bool error_policy = fa_rng_below(&r, 3) == 0;
        size_t rows, n = gen(&r, text, hostile, header, &rows);
        const char *path = fa_test_write_bytes("tt.csv", text, n);
        loaded a, t;

        snprintf(spec_text, sizeof spec_text, spec_fmt, header ? "" : " \"header\": false,",
                 error_policy ? "error" : "drop");
        FA_ASSERT_OK(fa_spec_parse(&spec, spec_text, strlen(spec_text), "t.json", &err));
        load(spec, path, 1, 1, 0, &a);
        cr_assert_eq(a.threaded, 0);
        for (k = 0; k < sizeof threads / sizeof threads[0]; k++)
            for (b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
                load(spec, path, threads[k], 1, blocks[b], &t);
                same(&a, &t, text, n);
                if (hostile == 0 && rows > 0) /* every line is simple: really threaded */
                    cr_assert_eq(t.threaded, 1, "clean file not loaded on threads:\n%.*s",
                                 (int)n, text);
                used_threads += (unsigned)t.threaded;
                fa_table_free(t.t);
            }
        fa_table_free(a.t);
        fa_spec_free(spec);
    }
    cr_assert_gt(used_threads, 0, "no file was loaded on threads");
}

Test(table_threads, clean_files_load_the_same) { run(0, 60, 31); }
Test(table_threads, crlf_and_missing_values_load_the_same) { run(1, 60, 32); }
Test(table_threads, quotes_blank_lines_bom_fall_back_to_the_same) { run(2, 80, 33); }
Test(table_threads, errors_are_the_same) { run(3, 100, 34); }

/* Every line is a record but one quoted field deep in the file (in the last part): the
 * threaded load gives up and the one-thread load reads it; with a bad number there instead,
 * the error is the one-thread load's, with its line and field. */
static void deep_line(const char *special, const char *expect_msg)
{
    static char text[MAX_TEXT];
    const char *spec_text = "{\"format\": \"fairaudit-spec\", \"format_version\": 1, "
                            "\"name\": \"d\", \"columns\": ["
                            "{\"name\": \"x\", \"role\": \"numeric\"},"
                            "{\"name\": \"c\", \"role\": \"categorical\"},"
                            "{\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", "
                            "\"negative\": \"0\"}]}";
    size_t n = 0, i;
    fa_spec *spec = NULL;
    fa_error err;
    loaded a, t;

    put(text, &n, "x,c,y\n");
    for (i = 0; i < 2000; i++) {
        char line[64];
        snprintf(line, sizeof line, "%zu,%s,%zu\n", i, i == 1900 ? special : "k", i & 1);
        put(text, &n, line);
    }
    FA_ASSERT_OK(fa_spec_parse(&spec, spec_text, strlen(spec_text), "d.json", &err));
    load(spec, fa_test_write_bytes("tt.csv", text, n), 1, 1, 0, &a);
    load(spec, fa_test_write_bytes("tt.csv", text, n), 4, 1, 0, &t);
    cr_assert_eq(t.threaded, 0, "a file with a line a part cannot read was loaded on threads");
    same(&a, &t, text, 0);
    if (expect_msg != NULL)
        cr_assert(strstr(t.msg, expect_msg) != NULL, "message: %s", t.msg);
    else
        cr_assert_eq(t.rc, FA_OK);
    fa_table_free(a.t);
    fa_table_free(t.t);
    fa_spec_free(spec);
}

Test(table_threads, quoted_field_deep_in_the_file_falls_back) { deep_line("\"k,q\"", NULL); }

Test(table_threads, bad_record_deep_in_the_file_is_located)
{
    deep_line("k,oops", ".csv:1902:");
}

Test(table_threads, bad_number_error_names_line_and_column)
{
    static char text[MAX_TEXT];
    const char *spec_text = "{\"format\": \"fairaudit-spec\", \"format_version\": 1, "
                            "\"name\": \"d\", \"columns\": ["
                            "{\"name\": \"x\", \"role\": \"numeric\"},"
                            "{\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", "
                            "\"negative\": \"0\"}]}";
    size_t n = 0, i;
    fa_spec *spec = NULL;
    fa_error err;
    loaded t;
    char expect[64];

    put(text, &n, "x,y\n");
    for (i = 0; i < 3000; i++) {
        char line[64];
        snprintf(line, sizeof line, "%s,%zu\n", i == 2500 ? "abc" : "1.5", i & 1);
        put(text, &n, line);
    }
    FA_ASSERT_OK(fa_spec_parse(&spec, spec_text, strlen(spec_text), "d.json", &err));
    load(spec, fa_test_write_bytes("tt.csv", text, n), 3, 1, 0, &t);
    cr_assert_eq(t.rc, FA_EPARSE);
    snprintf(expect, sizeof expect, ".csv:%d:1: column \"x\": expected a number", 2500 + 2);
    cr_assert(strstr(t.msg, expect) != NULL, "message: %s", t.msg);
    fa_spec_free(spec);
}

/* Standard input, a trimmed spec, max_rows and a small file (default threshold) are loaded
 * on the calling thread, with the same result. */
Test(table_threads, stdin_small_files_trim_and_max_rows_use_one_thread)
{
    const char *spec_text = "{\"format\": \"fairaudit-spec\", \"format_version\": 1, "
                            "\"name\": \"s\", \"columns\": ["
                            "{\"name\": \"x\", \"role\": \"numeric\"},"
                            "{\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", "
                            "\"negative\": \"0\"}]}";
    const char *trim_text = "{\"format\": \"fairaudit-spec\", \"format_version\": 1, "
                            "\"name\": \"s\", \"trim\": true, \"columns\": ["
                            "{\"name\": \"x\", \"role\": \"numeric\"},"
                            "{\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", "
                            "\"negative\": \"0\"}]}";
    const char *data = "x,y\n1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n";
    const char *path = fa_test_write("tt_small.csv", data);
    fa_spec *spec = NULL, *trim = NULL;
    fa_error err;
    fa_load_options lo = FA_LOAD_OPTIONS_INIT;
    loaded a, t;
    FILE *saved;

    FA_ASSERT_OK(fa_spec_parse(&spec, spec_text, strlen(spec_text), "s.json", &err));
    FA_ASSERT_OK(fa_spec_parse(&trim, trim_text, strlen(trim_text), "s.json", &err));
    load(spec, path, 1, 0, 0, &a);
    load(spec, path, 8, 0, 0, &t); /* below FA_LOAD_PARALLEL_MIN_BYTES */
    cr_assert_eq(t.threaded, 0);
    same(&a, &t, data, strlen(data));
    fa_table_free(t.t);
    load(trim, path, 8, 1, 0, &t);
    cr_assert_eq(t.threaded, 0);
    cr_assert_eq(t.rc, FA_OK);
    cr_assert_eq(fa_table_n_rows(t.t), 6);
    fa_table_free(t.t);

    /* max_rows */
    lo.threads = 4;
    lo.max_rows = 3;
    fa_table__test_parallel(1);
    FA_ASSERT_OK(fa_table_load(&t.t, spec, path, &lo, &err));
    fa_table__test_parallel(0);
    cr_assert_eq(fa_table_n_rows(t.t), 3);
    fa_table_free(t.t);

    /* standard input */
    saved = stdin;
    stdin = fopen(path, "rb");
    cr_assert_not_null(stdin);
    load(spec, "-", 4, 1, 0, &t);
    fclose(stdin);
    stdin = saved;
    cr_assert_eq(t.rc, FA_OK, "%s", t.msg);
    cr_assert_eq(t.threaded, 0);
    cr_assert_eq(fa_table_n_rows(t.t), 6);
    cr_assert_str_eq(fa_table_fingerprint(t.t), fa_table_fingerprint(a.t));
    fa_table_free(t.t);
    fa_table_free(a.t);
    fa_spec_free(spec);
    fa_spec_free(trim);
}

/* Parts that are empty (more threads than lines) and a file whose records all drop:
 * the same table, and the one-thread load's "no usable rows" error. */
Test(table_threads, empty_parts_and_no_usable_rows)
{
    const char *spec_text = "{\"format\": \"fairaudit-spec\", \"format_version\": 1, "
                            "\"name\": \"e\", \"missing\": [\"NA\"], \"columns\": ["
                            "{\"name\": \"x\", \"role\": \"numeric\"},"
                            "{\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", "
                            "\"negative\": \"0\"}]}";
    const char *one = "x,y\n1,0\n";
    const char *none = "x,y\nNA,0\nNA,1\nNA,1\nNA,0\n";
    const char *header_only = "x,y\n";
    fa_spec *spec = NULL;
    fa_error err;
    loaded a, t;
    const char *path;

    FA_ASSERT_OK(fa_spec_parse(&spec, spec_text, strlen(spec_text), "e.json", &err));
    path = fa_test_write("tt_one.csv", one);
    load(spec, path, 1, 1, 0, &a);
    load(spec, path, 7, 1, 0, &t);
    same(&a, &t, one, strlen(one));
    fa_table_free(a.t);
    fa_table_free(t.t);
    path = fa_test_write("tt_none.csv", none);
    load(spec, path, 1, 1, 0, &a);
    load(spec, path, 3, 1, 0, &t);
    cr_assert_eq(a.rc, FA_EDATA);
    same(&a, &t, none, strlen(none));
    path = fa_test_write("tt_header.csv", header_only);
    load(spec, path, 1, 1, 0, &a);
    load(spec, path, 3, 1, 0, &t);
    cr_assert_eq(a.rc, FA_EDATA);
    same(&a, &t, header_only, strlen(header_only));
    fa_spec_free(spec);
}

/* A file above the default threshold (no test hook), generated clean: threaded, identical. */
Test(table_threads, a_file_above_the_threshold_is_loaded_on_threads)
{
    const char *spec_text = "{\"format\": \"fairaudit-spec\", \"format_version\": 1, "
                            "\"name\": \"b\", \"columns\": ["
                            "{\"name\": \"x\", \"role\": \"numeric\"},"
                            "{\"name\": \"c\", \"role\": \"categorical\"},"
                            "{\"name\": \"g\", \"role\": \"protected\"},"
                            "{\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", "
                            "\"negative\": \"0\"}]}";
    fa_buf b = FA_BUF_INIT;
    fa_spec *spec = NULL;
    fa_error err;
    fa_rng r;
    loaded a, t;
    size_t i;
    const char *path;

    fa_rng_seed(&r, 7);
    cr_assert(fa_buf_puts(&b, "x,c,g,y\n"));
    for (i = 0; b.len < FA_LOAD_PARALLEL_MIN_BYTES + 4096; i++) {
        char line[96];
        snprintf(line, sizeof line, "%.6f,cat%u,grp%u,%u\n", fa_rng_uniform(&r),
                 (unsigned)fa_rng_below(&r, 1 + i / 20000), (unsigned)fa_rng_below(&r, 5),
                 (unsigned)fa_rng_below(&r, 2));
        cr_assert(fa_buf_puts(&b, line));
    }
    path = fa_test_write_bytes("tt.csv", b.ptr, b.len);
    FA_ASSERT_OK(fa_spec_parse(&spec, spec_text, strlen(spec_text), "b.json", &err));
    load(spec, path, 1, 0, 0, &a);
    load(spec, path, 2, 0, 0, &t);
    cr_assert_eq(t.threaded, 1);
    same(&a, &t, "", 0);
    fa_table_free(t.t);
    load(spec, path, 5, 0, 0, &t);
    cr_assert_eq(t.threaded, 1);
    same(&a, &t, "", 0);
    fa_table_free(t.t);
    fa_table_free(a.t);
    fa_spec_free(spec);
    fa_buf_dispose(&b);
    remove(path);
}
