/*
 * fuzz_table_load.c — a data file loaded through a dataset spec
 * (fa_table_load), then summarised (fa_table_describe_json) and encoded
 * (fa_encoder_fit / fa_encoder_transform).
 *
 * Input: byte 0 picks one of the specs below (each exercises other spec
 * features: value maps, cuts, missing tokens, weights, trim, comments,
 * positional columns, "incomplete_rows": "error"); the rest is the file.
 * Properties: the table's invariants (row counts add up, labels 0/1, codes
 * within their levels, numbers finite, weights >= 0), the describe JSON is
 * well formed, encoded features are finite, and failures are located input
 * errors. Differentially: a load on 3 threads with parts of any size and
 * 16-byte blocks (lib/data/table_parallel.c) gives the same status and
 * message, or the same table (values, codes, levels, statistics, fingerprint).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/table_internal.h"
#include "fuzz_common.h"
#include "serialize/json_read.h"

static const char *const specs[] = {
    /* 0: header, every role, map, cut, missing tokens, weights */
    "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"s0\",\n"
    " \"missing\": [\"NA\", \"?\"],\n"
    " \"columns\": [{\"name\": \"x\", \"role\": \"numeric\"},\n"
    "  {\"name\": \"c\", \"role\": \"categorical\", \"map\": {\"a\": \"A\", \"b\": \"A\"}},\n"
    "  {\"name\": \"g\", \"role\": \"protected\", \"missing\": [\"-\"]},\n"
    "  {\"name\": \"w\", \"role\": \"weight\"},\n"
    "  {\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", \"negative\": \"0\"}],\n"
    " \"derived\": [{\"name\": \"band\", \"from\": \"x\", \"role\": \"protected\",\n"
    "   \"cut\": {\"breaks\": [0, 10], \"labels\": [\"lo\", \"mid\", \"hi\"]}},\n"
    "  {\"name\": \"cg\", \"from\": \"c\", \"role\": \"categorical\", \"map\": {\"A\": \"z\"}}]}\n",
    /* 1: positional, ';', trim, comments, empty lines are records, errors on missing */
    "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"s1\",\n"
    " \"delimiter\": \";\", \"header\": false, \"trim\": true, \"comment\": \"#\",\n"
    " \"skip_empty_lines\": false, \"incomplete_rows\": \"error\",\n"
    " \"columns\": [{\"name\": \"a\", \"role\": \"numeric\"},\n"
    "  {\"name\": \"p\", \"role\": \"ignore\"},\n"
    "  {\"name\": \"y\", \"role\": \"label\", \"map\": {\"good\": \"g\", \"bad\": \"b\"},\n"
    "   \"positive\": \"g\", \"negative\": \"b\", \"positive_is_favorable\": true}],\n"
    " \"derived\": [{\"name\": \"sex\", \"from\": \"p\", \"role\": \"protected\",\n"
    "   \"map\": {\"A91\": \"male\", \"A92\": \"female\"}, \"missing\": [\"A99\"]}]}\n",
    /* 2: tabs, single quotes, a label derived from a cut */
    "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"s2\",\n"
    " \"delimiter\": \"\\t\", \"quote\": \"'\",\n"
    " \"columns\": [{\"name\": \"score\", \"role\": \"numeric\"},\n"
    "  {\"name\": \"r\", \"role\": \"protected\"},\n"
    "  {\"name\": \"t\", \"role\": \"label\", \"positive\": \"y\", \"negative\": \"n\"}],\n"
    " \"derived\": [{\"name\": \"sc\", \"from\": \"score\", \"role\": \"categorical\",\n"
    "   \"cut\": {\"breaks\": [0.5], \"labels\": [\"low\", \"high\"]}}]}\n",
    /* 3: the Adult layout (", " separated, '|' banner, "?" missing) */
    "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"s3\",\n"
    " \"header\": false, \"trim\": true, \"comment\": \"|\", \"missing\": [\"?\"],\n"
    " \"columns\": [{\"name\": \"age\", \"role\": \"numeric\"},\n"
    "  {\"name\": \"race\", \"role\": \"protected\"},\n"
    "  {\"name\": \"sex\", \"role\": \"protected\"},\n"
    "  {\"name\": \"income\", \"role\": \"label\", \"map\": {\">50K.\": \">50K\", \"<=50K.\": "
    "\"<=50K\"},\n"
    "   \"positive\": \">50K\", \"negative\": \"<=50K\"}]}\n",
};
#define N_SPECS (sizeof specs / sizeof specs[0])

static fa_spec *loaded[N_SPECS];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    size_t i;
    fa_error err;

    (void)argc;
    (void)argv;
    for (i = 0; i < N_SPECS; i++)
        if (fa_spec_parse(&loaded[i], specs[i], strlen(specs[i]), "spec.json", &err) != FA_OK) {
            char m[1024];
            fa_error_format(&err, m, sizeof m);
            fz_fail(__FILE__, __LINE__, "spec", "built-in spec %zu: %s", i, m);
        }
    return 0;
}

static void check_table(const fa_table *t)
{
    const fa_spec *s = fa_table_spec(t);
    fa_table_stats st;
    size_t n = fa_table_n_rows(t), c, i;
    const uint8_t *y = fa_table_labels(t);
    const double *w = fa_table_weights(t);

    fa_table_get_stats(t, &st);
    fz_check(st.rows_used == n, "rows_used %llu != n_rows %zu", (unsigned long long)st.rows_used,
             n);
    fz_check(st.rows_read == st.rows_used + st.rows_dropped, "%s", "row counts do not add up");
    fz_check(n > 0, "%s", "a loaded table has no rows");
    fz_check(strlen(fa_table_fingerprint(t)) == 64, "%s", "fingerprint");
    for (i = 0; i < n; i++) {
        fz_check(y[i] <= 1, "label %u", y[i]);
        if (w != NULL)
            fz_check(isfinite(w[i]) && w[i] >= 0, "weight %g", w[i]);
    }
    for (c = 0; c < fa_spec_n_columns(s); c++) {
        const double *x = fa_table_numeric(t, c);
        const int32_t *k = fa_table_codes(t, c);
        size_t levels = fa_table_n_levels(t, c);

        for (i = 0; x != NULL && i < n; i++)
            fz_check(isfinite(x[i]), "column %zu row %zu: %g", c, i, x[i]);
        for (i = 0; k != NULL && i < n; i++)
            fz_check(k[i] >= -1 && (k[i] < 0 || (size_t)k[i] < levels), "column %zu code %d", c,
                     (int)k[i]);
        for (i = 0; i < levels; i++)
            fz_check(fa_table_level(t, c, i) != NULL, "%s", "level name");
    }
}

static void check_describe(const fa_table *t)
{
    char *json = NULL;
    size_t len = 0;
    fa_error err;
    fa_json_doc *doc = NULL;
    fa_status rc = fa_table_describe_json(t, &json, &len, &err);

    fz_check(rc == FA_OK, "describe: %s", err.message);
    rc = fa_json_doc_parse(&doc, json, len, "describe.json", &err);
    fz_check(rc == FA_OK, "describe JSON does not parse: %s", err.message);
    fa_json_doc_free(doc);
    fa_table_describe_free(json);
}

static void check_encoder(const fa_table *t)
{
    fa_encoder *e = NULL;
    fa_error err;
    fa_status rc = fa_encoder_fit(&e, t, NULL, &err);
    size_t n = fa_table_n_rows(t), k, i;
    double *X;

    if (rc != FA_OK) {
        fz_check_error(rc, &err);
        fz_check(rc == FA_ESCHEMA || rc == FA_EDATA, "encoder fit: %s: %s", fa_status_str(rc),
                 err.message);
        return;
    }
    k = fa_encoder_n_features(e);
    if (n > 64)
        n = 64;
    X = calloc(fa_table_n_rows(t) * (k ? k : 1), sizeof *X);
    fz_check(X != NULL, "%s", "calloc");
    rc = fa_encoder_transform(e, t, X, k ? k : 1, NULL, &err);
    fz_check(rc == FA_OK, "transform of the fit table: %s", err.message);
    for (i = 0; i < n * k; i++)
        fz_check(isfinite(X[i]), "encoded feature %zu of row %zu is %g", i % k, i / k, X[i]);
    free(X);
    fa_encoder_free(e);
}

/* The same file on 3 threads: the same outcome as the one-thread load. */
static void check_threads(const fa_spec *spec, const char *path, fa_status rc, const fa_error *err,
                          const fa_table *t)
{
    fa_load_options lo = FA_LOAD_OPTIONS_INIT;
    fa_table *u = NULL;
    fa_error err2;
    fa_status rc2;
    char m1[1024], m2[1024];
    size_t n, c, i;
    fa_table_stats s1, s2;

    lo.threads = 3;
    fa_error_clear(&err2);
    fa_table__test_parallel(1);
    fa_table__test_hooks(false, 16);
    rc2 = fa_table_load(&u, spec, path, &lo, &err2);
    fa_table__test_hooks(false, 0);
    fa_table__test_parallel(0);
    fz_check(rc2 == rc, "3 threads: %s, one thread: %s", fa_status_str(rc2), fa_status_str(rc));
    if (rc != FA_OK) {
        fa_error_format(err, m1, sizeof m1);
        fa_error_format(&err2, m2, sizeof m2);
        fz_check(strcmp(m1, m2) == 0, "3 threads: \"%s\", one thread: \"%s\"", m2, m1);
        return;
    }
    n = fa_table_n_rows(t);
    fz_check(fa_table_n_rows(u) == n, "3 threads: %zu rows, one thread: %zu", fa_table_n_rows(u),
             n);
    fa_table_get_stats(t, &s1);
    fa_table_get_stats(u, &s2);
    fz_check(memcmp(&s1, &s2, sizeof s1) == 0, "%s", "3 threads: other statistics");
    fz_check(strcmp(fa_table_fingerprint(t), fa_table_fingerprint(u)) == 0, "%s",
             "3 threads: another fingerprint");
    fz_check(memcmp(fa_table_labels(t), fa_table_labels(u), n) == 0, "%s", "3 threads: labels");
    for (c = 0; c < fa_spec_n_columns(spec); c++) {
        const double *x = fa_table_numeric(t, c), *x2 = fa_table_numeric(u, c);
        const int32_t *k = fa_table_codes(t, c), *k2 = fa_table_codes(u, c);
        fz_check(fa_table_missing_count(t, c) == fa_table_missing_count(u, c),
                 "3 threads: missing count of column %zu", c);
        fz_check(x == NULL || memcmp(x, x2, n * sizeof *x) == 0, "3 threads: column %zu", c);
        fz_check(k == NULL || memcmp(k, k2, n * sizeof *k) == 0, "3 threads: codes of %zu", c);
        fz_check(fa_table_n_levels(t, c) == fa_table_n_levels(u, c), "3 threads: levels of %zu",
                 c);
        for (i = 0; i < fa_table_n_levels(t, c); i++)
            fz_check(strcmp(fa_table_level(t, c, i), fa_table_level(u, c, i)) == 0,
                     "3 threads: level %zu of column %zu", i, c);
    }
    fa_table_free(u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fa_table *t = NULL;
    fa_error err;
    fa_status rc;
    const fa_spec *spec;
    const char *path;

    if (size < 1)
        return 0;
    fa_error_clear(&err);
    spec = loaded[data[0] % N_SPECS];
    path = fz_input_path(data + 1, size - 1);
    rc = fa_table_load(&t, spec, path, NULL, &err);
    check_threads(spec, path, rc, &err, t);
    if (rc != FA_OK) {
        fz_check_error(rc, &err);
        fz_check(t == NULL, "%s", "table returned on failure");
        fz_check(rc == FA_EPARSE || rc == FA_ESCHEMA || rc == FA_EDATA, "load failed with %s: %s",
                 fa_status_str(rc), err.message);
        return 0;
    }
    check_table(t);
    check_describe(t);
    check_encoder(t);
    fa_table_free(t);
    return 0;
}
