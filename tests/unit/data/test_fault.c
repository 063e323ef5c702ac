/*
 * Fault injection: for N = 1, 2, ... the Nth allocation fails inside the CSV
 * reader, the spec parser, the table loader and the describe JSON builder.
 * Each call must return FA_ENOMEM and free what it allocated: in the ASan
 * build FA_ASSERT_NO_LEAKS() fails the test on any leak.
 */
#include <string.h>

#include "common/internal.h"
#include "fa_test.h"

#define FIXTURE_ROWS 1500 /* > the table's first capacity (1024): exercises growth */

static const char spec_json[] =
    "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"fault\",\n"
    " \"missing\": [\"NA\", \"?\"], \"comment\": \"#\",\n"
    " \"columns\": [\n"
    "  {\"name\": \"age\", \"role\": \"numeric\", \"missing\": [\"-1\"]},\n"
    "  {\"name\": \"job\", \"role\": \"categorical\", \"map\": {\"mgr\": \"manager\"}},\n"
    "  {\"name\": \"ps\", \"role\": \"ignore\"},\n"
    "  {\"name\": \"w\", \"role\": \"weight\"},\n"
    "  {\"name\": \"y\", \"role\": \"label\", \"map\": {\"yes\": \"1\", \"no\": \"0\"},\n"
    "   \"positive\": \"1\", \"negative\": \"0\"}],\n"
    " \"derived\": [\n"
    "  {\"name\": \"sex\", \"from\": \"ps\", \"role\": \"protected\",\n"
    "   \"map\": {\"A91\": \"male\", \"A92\": \"female\"}},\n"
    "  {\"name\": \"age_group\", \"from\": \"age\", \"role\": \"protected\",\n"
    "   \"cut\": {\"breaks\": [25, 50], \"labels\": [\"<25\", \"25-49\", \">=50\"]}}]}\n";

static const char *write_fixture(void)
{
    fa_buf b = FA_BUF_INIT;
    const char *path;
    size_t i;

    fa_buf_puts(&b, "# fixture\nage,job,ps,w,y\n");
    for (i = 0; i < FIXTURE_ROWS; i++)
        fa_buf_printf(&b, "%zu,\"%s %zu\",A9%zu,%zu.5,%s\n", 18 + i % 60,
                      i % 7 ? "mgr" : "clerk, senior", i % 40, 1 + i % 2, i % 3,
                      i % 5 ? "yes" : "no");
    fa_buf_puts(&b, "NA,mgr,A91,1,yes\n");
    cr_assert_not(b.oom);
    path = fa_test_write("fault.csv", b.ptr);
    fa_buf_dispose(&b);
    return path;
}

/* Reads the whole file; returns the first failure or FA_OK. */
static fa_status read_all(const char *path)
{
    fa_csv_reader *r = NULL;
    const fa_csv_record *rec = NULL;
    fa_csv_options o;
    fa_error err;
    fa_status rc;

    fa_csv_options_init(&o);
    o.comment = '#';
    fa_error_clear(&err);
    rc = fa_csv_open(&r, path, &o, &err);
    while (rc == FA_OK) {
        rc = fa_csv_next(r, &rec, &err);
        if (rc == FA_OK && rec == NULL)
            break;
    }
    if (rc == FA_ENOMEM)
        cr_assert(strstr(err.message, "out of memory") != NULL, "message: %s", err.message);
    fa_csv_close(r);
    return rc;
}

static fa_status parse_spec(fa_spec **out)
{
    fa_error err;

    fa_error_clear(&err);
    return fa_spec_parse(out, spec_json, strlen(spec_json), "fault.json", &err);
}

static fa_status load_table(const fa_spec *spec, const char *path, fa_table **out)
{
    fa_error err;

    fa_error_clear(&err);
    return fa_table_load(out, spec, path, NULL, &err);
}

/* Counts the allocations a clean run of `run` makes. */
#define COUNT_ALLOCS(total, call)                                                                 \
    do {                                                                                          \
        fa__alloc_fail_after(0);                                                                  \
        cr_assert_eq((call), FA_OK, "clean run failed");                                          \
        (total) = fa__alloc_fail_after(0);                                                        \
        cr_assert_gt((total), 0);                                                                 \
    } while (0)

Test(fault, csv_reader_open_and_next)
{
    const char *path = write_fixture();
    long total, n;

    COUNT_ALLOCS(total, read_all(path));
    for (n = 1; n <= total; n++) {
        fa_status rc;

        fa__alloc_fail_after(n);
        rc = read_all(path);
        fa__alloc_fail_after(0);
        cr_assert_eq(rc, FA_ENOMEM, "allocation %ld of %ld: %s", n, total, fa_status_str(rc));
    }
    FA_ASSERT_NO_LEAKS();
}

Test(fault, spec_parse)
{
    fa_spec *spec = NULL;
    long total, n;

    COUNT_ALLOCS(total, parse_spec(&spec));
    fa_spec_free(spec);
    for (n = 1; n <= total; n++) {
        fa_status rc;

        spec = NULL;
        fa__alloc_fail_after(n);
        rc = parse_spec(&spec);
        fa__alloc_fail_after(0);
        cr_assert_eq(rc, FA_ENOMEM, "allocation %ld of %ld: %s", n, total, fa_status_str(rc));
        cr_assert_null(spec);
    }
    FA_ASSERT_NO_LEAKS();
}

Test(fault, table_load_and_describe)
{
    const char *path = write_fixture();
    fa_spec *spec = NULL;
    fa_table *t = NULL;
    char *json = NULL;
    fa_error err;
    long total, n;

    cr_assert_eq(parse_spec(&spec), FA_OK);
    COUNT_ALLOCS(total, load_table(spec, path, &t));
    cr_assert_eq(fa_table_n_rows(t), FIXTURE_ROWS);
    for (n = 1; n <= total; n++) {
        fa_table *u = NULL;
        fa_status rc;

        fa__alloc_fail_after(n);
        rc = load_table(spec, path, &u);
        fa__alloc_fail_after(0);
        cr_assert_eq(rc, FA_ENOMEM, "allocation %ld of %ld: %s", n, total, fa_status_str(rc));
        cr_assert_null(u);
    }

    fa_error_clear(&err);
    COUNT_ALLOCS(total, fa_table_describe_json(t, &json, NULL, &err));
    fa_table_describe_free(json);
    for (n = 1; n <= total; n++) {
        fa_status rc;

        json = NULL;
        fa__alloc_fail_after(n);
        rc = fa_table_describe_json(t, &json, NULL, &err);
        fa__alloc_fail_after(0);
        cr_assert_eq(rc, FA_ENOMEM, "allocation %ld of %ld: %s", n, total, fa_status_str(rc));
        cr_assert_null(json);
    }
    fa_table_free(t);
    fa_spec_free(spec);
    FA_ASSERT_NO_LEAKS();
}
