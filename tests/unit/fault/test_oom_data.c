/*
 * Allocation failures in the data entry points not covered by
 * tests/unit/data/test_fault.c (which loops over fa_csv_open/next,
 * fa_spec_parse, fa_table_load and fa_table_describe_json): fa_spec_load from
 * a file and fa_table_describe_write, whose failures must also leave a
 * previous output untouched and no temporary file behind.
 */
#include "oom.h"
#include "data/table_internal.h"

static const char spec_text[] =
    "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"oom\",\n"
    " \"missing\": [\"NA\"],\n"
    " \"columns\": [{\"name\": \"x\", \"role\": \"numeric\"},\n"
    "  {\"name\": \"c\", \"role\": \"categorical\", \"map\": {\"a\": \"A\"}},\n"
    "  {\"name\": \"g\", \"role\": \"protected\"},\n"
    "  {\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", \"negative\": \"0\"}],\n"
    " \"derived\": [{\"name\": \"band\", \"from\": \"x\", \"role\": \"protected\",\n"
    "   \"cut\": {\"breaks\": [0], \"labels\": [\"neg\", \"pos\"]}}]}\n";

static const char data_text[] = "x,c,g,y\n1,a,m,1\n-2,b,f,0\n3,a,NA,1\n4,b,f,0\n";

Test(oom_data, spec_load_from_file, .init = oom_init)
{
    const char *path = fa_test_write("oom_spec.json", spec_text);
    fa_spec *s = NULL;
    fa_error err;

    OOM_LOOP(fa_spec_load(&s, path, &err), (fa_spec_free(s), s = NULL));
    FA_ASSERT_NO_LEAKS();
}

/* After each attempt: only the output file, holding the previous text unless the
 * write succeeded (then reset for the next attempt). */
static void after_write(const char *dir, const char *out, fa_status rc)
{
    const char *const files[] = {"describe.json", NULL};
    char *text;
    fa_error err;

    oom_expect_files(dir, files);
    text = oom_slurp(out);
    cr_assert_not_null(text);
    if (rc != FA_OK)
        cr_assert_str_eq(text, "previous\n", "a failed write changed the file");
    else
        FA_ASSERT_OK(fa_write_file_atomic(out, "previous\n", 9, &err));
    fa_free(text);
}

Test(oom_data, describe_write_keeps_the_previous_file, .init = oom_init)
{
    const char *dir = oom_dir("describe");
    char out[600];
    fa_spec *s = NULL;
    fa_table *t = NULL;
    fa_error err;

    FA_ASSERT_OK(fa_spec_parse(&s, spec_text, strlen(spec_text), "oom.json", &err));
    FA_ASSERT_OK(fa_table_load(&t, s, fa_test_write("oom.csv", data_text), NULL, &err));
    snprintf(out, sizeof out, "%s/describe.json", dir);
    FA_ASSERT_OK(fa_write_file_atomic(out, "previous\n", 9, &err));
    OOM_LOOP(fa_table_describe_write(t, out, &err), after_write(dir, out, rc__));
    fa_table_free(t);
    fa_spec_free(s);
    cr_assert_eq(remove(out), 0);
    cr_assert_eq(rmdir(dir), 0);
    FA_ASSERT_NO_LEAKS();
}

/* fa_table_load on several threads (the parts run one after another on this thread while
 * faults are injected, through the same code: part loads, the fingerprint, the
 * concatenation and its level remapping). */
static void count_threaded(fa_log_level level, const char *message, void *payload)
{
    (void)level;
    if (strstr(message, " threads") != NULL)
        ++*(int *)payload;
}

/* After each attempt: nothing on failure, else the one-thread table (then freed). */
static void check_loaded(fa_table *t, const fa_table *ref, fa_status rc)
{
    size_t j, n;

    if (rc != FA_OK) {
        cr_assert_null(t);
        return;
    }
    n = fa_table_n_rows(ref);
    cr_assert_eq(fa_table_n_rows(t), n);
    cr_assert_str_eq(fa_table_fingerprint(t), fa_table_fingerprint(ref));
    for (j = 0; j < fa_spec_n_columns(fa_table_spec(ref)); j++) {
        const int32_t *a = fa_table_codes(t, j), *b = fa_table_codes(ref, j);
        size_t k;
        if (b == NULL)
            continue;
        cr_assert(memcmp(a, b, n * sizeof *a) == 0, "codes of column %zu", j);
        cr_assert_eq(fa_table_n_levels(t, j), fa_table_n_levels(ref, j));
        for (k = 0; k < fa_table_n_levels(t, j); k++)
            cr_assert_str_eq(fa_table_level(t, j, k), fa_table_level(ref, j, k));
    }
    fa_table_free(t);
}

Test(oom_data, table_load_on_threads, .init = oom_init)
{
    fa_spec *s = NULL;
    fa_table *t = NULL, *ref = NULL;
    fa_load_options lo = FA_LOAD_OPTIONS_INIT;
    fa_buf b = FA_BUF_INIT;
    fa_error err;
    const char *path;
    int threaded = 0;
    size_t i;

    cr_assert(fa_buf_puts(&b, "x,c,g,y\n"));
    for (i = 0; i < 40; i++) /* levels first seen in later parts, missing protected values */
        cr_assert(fa_buf_printf(&b, "%zu,%c,%s,%zu\n", i, (char)('a' + i / 7),
                                i % 5 == 0 ? "NA" : i % 3 ? "m" : "f", i & 1));
    path = fa_test_write("oom_threads.csv", b.ptr);
    FA_ASSERT_OK(fa_spec_parse(&s, spec_text, strlen(spec_text), "oom.json", &err));
    FA_ASSERT_OK(fa_table_load(&ref, s, path, NULL, &err));
    lo.threads = 3;
    lo.log = count_threaded;
    lo.log_payload = &threaded;
    fa_table__test_parallel(1);
    OOM_LOOP(fa_table_load(&t, s, path, &lo, &err), (check_loaded(t, ref, rc__), t = NULL));
    fa_table__test_parallel(0);
    cr_assert_eq(threaded, 2, "the clean runs were not threaded (%d)", threaded);
    fa_table_free(ref);
    fa_spec_free(s);
    fa_buf_dispose(&b);
    FA_ASSERT_NO_LEAKS();
}
