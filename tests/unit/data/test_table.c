/* Unit tests for tables (lib/data/table.c, table_describe.c): hand-counted
 * fixtures, drop/error policies, maps, derived columns, located errors, the
 * describe JSON, and the real Adult/German files (skipped when absent). */
#include <string.h>

#include "common/internal.h"
#include "fa_test.h"
#include "serialize/json_read.h"

static fa_spec *spec_text(const char *text)
{
    fa_spec *spec = NULL;
    fa_error err;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_spec_parse(&spec, text, strlen(text), "fx.json", &err));
    return spec;
}

static fa_table *load_ok(const fa_spec *spec, const char *path)
{
    fa_table *t = NULL;
    fa_error err;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_table_load(&t, spec, path, NULL, &err));
    cr_assert_not_null(t);
    return t;
}

/* Loads `data` (written as <name>) through spec text; expects failure and
 * returns the formatted error with the temp folder stripped from paths. */
static const char *load_fail(const char *spec_json, const char *name, const char *data,
                             fa_status want)
{
    static char msg[1024];
    fa_spec *spec = spec_text(spec_json);
    fa_table *t = NULL;
    fa_error err;
    fa_status rc;
    const char *path = fa_test_write(name, data);
    char prefix[600];
    char *hit;

    fa_error_clear(&err);
    rc = fa_table_load(&t, spec, path, NULL, &err);
    cr_assert_eq(rc, want, "status %s (%s), wanted %s", fa_status_str(rc), err.message,
                 fa_status_str(want));
    cr_assert_null(t);
    fa_spec_free(spec);
    fa_error_format(&err, msg, sizeof msg);
    /* "/tmp/fa_test_123_bad.csv" -> "bad.csv" */
    snprintf(prefix, sizeof prefix, "%.*s", (int)(strlen(path) - strlen(name)), path);
    while ((hit = strstr(msg, prefix)) != NULL)
        memmove(hit, hit + strlen(prefix), strlen(hit + strlen(prefix)) + 1);
    return msg;
}

/* ---- the hand-counted fixture ------------------------------------------------ */

static const char fixture_spec[] =
    "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"fx\",\n"
    " \"missing\": [\"NA\"],\n"
    " \"columns\": [\n"
    "  {\"name\": \"id\", \"role\": \"ignore\"},\n"
    "  {\"name\": \"age\", \"role\": \"numeric\"},\n"
    "  {\"name\": \"job\", \"role\": \"categorical\", \"map\": {\"mgr\": \"manager\"}},\n"
    "  {\"name\": \"sex\", \"role\": \"protected\", \"map\": {\"F\": \"female\", \"M\": \"male\"}},\n"
    "  {\"name\": \"w\", \"role\": \"weight\"},\n"
    "  {\"name\": \"y\", \"role\": \"label\", \"map\": {\"yes\": \"1\", \"no\": \"0\"},\n"
    "   \"positive\": \"1\", \"negative\": \"0\"}],\n"
    " \"derived\": [\n"
    "  {\"name\": \"age_group\", \"from\": \"age\", \"role\": \"protected\",\n"
    "   \"cut\": {\"breaks\": [30], \"labels\": [\"young\", \"old\"]}},\n"
    "  {\"name\": \"job_kind\", \"from\": \"job\", \"role\": \"categorical\",\n"
    "   \"map\": {\"manager\": \"office\", \"clerk\": \"office\"}}]}\n";

/* The header order differs from the spec's; "extra" is not in the spec. */
static const char fixture_csv[] = "y,id,sex,age,job,w,extra\n"
                                  "no,0,X,NA,zzz,1,x\n"   /* age missing: dropped */
                                  "yes,1,F,25,mgr,1.0,x\n" /* kept */
                                  "no,2,M,40,clerk,2,x\n"  /* kept */
                                  "1,3,,35,smith,0.5,x\n"  /* sex missing: kept, unknown */
                                  "0,4,M,NA,clerk,1,x\n"   /* age missing: dropped */
                                  "yes,5,F,22,,1,x\n"      /* job missing: dropped */
                                  ",6,M,50,mgr,1,x\n"      /* label missing: dropped */
                                  "no,7,NA,29,mgr,,x\n"    /* weight missing: dropped */
                                  "1,8,M,61,smith,3,x\n";  /* kept */

enum { C_ID, C_AGE, C_JOB, C_SEX, C_W, C_Y, C_AGE_GROUP, C_JOB_KIND };

static void expect_codes(const fa_table *t, size_t col, const int32_t *want, size_t n)
{
    const int32_t *codes = fa_table_codes(t, col);
    size_t i;

    cr_assert_not_null(codes, "column %zu has no codes", col);
    for (i = 0; i < n; i++)
        cr_assert_eq(codes[i], want[i], "column %zu row %zu: code %d, expected %d", col, i,
                     codes[i], want[i]);
}

Test(table, fixture_hand_counted)
{
    fa_spec *spec = spec_text(fixture_spec);
    fa_table *t = load_ok(spec, fa_test_write("fx.csv", fixture_csv));
    fa_table_stats st;
    static const double age[] = {25, 40, 35, 61}, w[] = {1, 2, 0.5, 3};
    static const uint8_t y[] = {1, 0, 1, 1};
    static const int32_t job[] = {0, 1, 2, 2}, sex[] = {0, 1, -1, 1}, ycodes[] = {1, 0, 1, 1},
                         age_group[] = {0, 1, 1, 1}, job_kind[] = {0, 0, 1, 1};
    static const uint64_t missing[] = {0, 2, 1, 2, 1, 1, 2, 1};
    size_t i;

    fa_table_get_stats(t, &st);
    cr_assert_eq(st.rows_read, 9);
    cr_assert_eq(st.rows_used, 4);
    cr_assert_eq(st.rows_dropped, 5);
    cr_assert_eq(st.dropped_missing, 5);
    cr_assert_eq(st.dropped_invalid, 0);
    cr_assert_eq(fa_table_n_rows(t), 4);
    cr_assert_eq(fa_table_spec(t), spec);
    for (i = 0; i < 8; i++)
        cr_assert_eq(fa_table_missing_count(t, i), missing[i], "missing count of column %zu", i);
    for (i = 0; i < 4; i++) {
        FA_ASSERT_NEAR(fa_table_numeric(t, C_AGE)[i], age[i], FA_TOL_EXACT);
        FA_ASSERT_NEAR(fa_table_weights(t)[i], w[i], FA_TOL_EXACT);
        cr_assert_eq(fa_table_labels(t)[i], y[i], "label of row %zu", i);
    }
    cr_assert_eq(fa_table_weights(t), fa_table_numeric(t, C_W));
    expect_codes(t, C_JOB, job, 4);
    expect_codes(t, C_SEX, sex, 4);
    expect_codes(t, C_Y, ycodes, 4);
    expect_codes(t, C_AGE_GROUP, age_group, 4);
    expect_codes(t, C_JOB_KIND, job_kind, 4);

    /* levels come from kept rows only ("zzz" and "X" were on a dropped row) */
    cr_assert_eq(fa_table_n_levels(t, C_JOB), 3);
    cr_assert_str_eq(fa_table_level(t, C_JOB, 0), "manager");
    cr_assert_str_eq(fa_table_level(t, C_JOB, 1), "clerk");
    cr_assert_str_eq(fa_table_level(t, C_JOB, 2), "smith");
    cr_assert_null(fa_table_level(t, C_JOB, 3));
    cr_assert_eq(fa_table_n_levels(t, C_SEX), 2);
    cr_assert_str_eq(fa_table_level(t, C_SEX, 0), "female");
    cr_assert_str_eq(fa_table_level(t, C_Y, 0), "0");
    cr_assert_str_eq(fa_table_level(t, C_Y, 1), "1");
    cr_assert_str_eq(fa_table_level(t, C_AGE_GROUP, 0), "young");
    cr_assert_str_eq(fa_table_level(t, C_JOB_KIND, 1), "smith");

    /* type queries */
    cr_assert_null(fa_table_numeric(t, C_JOB));
    cr_assert_null(fa_table_codes(t, C_AGE));
    cr_assert_null(fa_table_codes(t, C_ID));
    cr_assert_null(fa_table_numeric(t, C_ID));
    cr_assert_eq(fa_table_n_levels(t, C_AGE), 0);
    cr_assert_null(fa_table_codes(t, 99));
    cr_assert_eq(fa_table_missing_count(t, 99), 0);
    fa_table_free(t);
    fa_spec_free(spec);
    FA_ASSERT_NO_LEAKS();
}

Test(table, incomplete_rows_error_policy)
{
    char spec[sizeof fixture_spec + 64];
    const char *tail = strstr(fixture_spec, " \"missing\"");

    snprintf(spec, sizeof spec, "%.*s \"incomplete_rows\": \"error\",\n%s",
             (int)(tail - fixture_spec), fixture_spec, tail);
    cr_assert_str_eq(load_fail(spec, "fx.csv", fixture_csv, FA_EDATA),
                     "fx.csv:2:4: column \"age\": missing value \"NA\" (the spec says "
                     "\"incomplete_rows\": \"error\")");
    /* a missing protected value is never an error: rows 1-3 load, row 4 fails */
    cr_assert_str_eq(load_fail(spec, "fx2.csv",
                               "y,id,sex,age,job,w\n"
                               "yes,1,,25,mgr,1\n"
                               "no,2,NA,40,clerk,2\n"
                               "no,3,M,41,,2\n",
                               FA_EDATA),
                     "fx2.csv:4:5: column \"job\": missing value \"\" (the spec says "
                     "\"incomplete_rows\": \"error\")");
    FA_ASSERT_NO_LEAKS();
}

/* Adult-like: no header, ", " separators, banner comment, trailing blank line. */
static const char adultish_spec[] =
    "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"a\",\n"
    " \"header\": false, \"trim\": true, \"comment\": \"|\", \"missing\": [\"?\"],\n"
    " \"columns\": [{\"name\": \"age\", \"role\": \"numeric\"},\n"
    "  {\"name\": \"work\", \"role\": \"categorical\"},\n"
    "  {\"name\": \"sex\", \"role\": \"protected\"},\n"
    "  {\"name\": \"income\", \"role\": \"label\", \"map\": {\">50K.\": \">50K\", \"<=50K.\": "
    "\"<=50K\"}, \"positive\": \">50K\", \"negative\": \"<=50K\"}]}";

Test(table, positional_columns_with_trim_comment_and_maps)
{
    fa_spec *spec = spec_text(adultish_spec);
    fa_table *t = load_ok(spec, fa_test_write("a.test", "|1x3 Cross validator\n"
                                                        "25, Private, Male, <=50K.\n"
                                                        "38, ?, Female, >50K.\n"
                                                        "28, Local-gov, ?, >50K\n"
                                                        "44, Private, Female, <=50K\n"
                                                        "\n"));
    fa_table_stats st;

    fa_table_get_stats(t, &st);
    cr_assert_eq(st.rows_read, 4);
    cr_assert_eq(st.rows_used, 3);
    cr_assert_eq(fa_table_labels(t)[0], 0);
    cr_assert_eq(fa_table_labels(t)[1], 1);
    cr_assert_eq(fa_table_labels(t)[2], 0);
    cr_assert_eq(fa_table_codes(t, 2)[1], -1);
    cr_assert_eq(fa_table_missing_count(t, 1), 1);
    cr_assert_eq(fa_table_missing_count(t, 2), 1);
    cr_assert_str_eq(fa_table_level(t, 1, 1), "Local-gov");
    cr_assert_null(fa_table_weights(t));
    fa_table_free(t);
    fa_spec_free(spec);
    FA_ASSERT_NO_LEAKS();
}

/* ---- located errors ------------------------------------------------------------- */

static const char simple_spec[] =
    "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"s\",\n"
    " \"columns\": [{\"name\": \"age\", \"role\": \"numeric\"},\n"
    "  {\"name\": \"w\", \"role\": \"weight\"},\n"
    "  {\"name\": \"y\", \"role\": \"label\", \"positive\": \"yes\", \"negative\": \"no\"}]}";

Test(table, text_nan_and_inf_in_numeric_columns)
{
    cr_assert_str_eq(load_fail(simple_spec, "bad.csv", "age,w,y\n30,1,yes\nabc,1,no\n", FA_EPARSE),
                     "bad.csv:3:1: column \"age\": expected a number, got \"abc\"");
    cr_assert_str_eq(load_fail(simple_spec, "nan.csv", "y,w,age\nyes,1,NaN\n", FA_EPARSE),
                     "nan.csv:2:3: column \"age\": \"NaN\" is not a finite number");
    cr_assert_str_eq(load_fail(simple_spec, "inf.csv", "age,w,y\n-inf,1,no\n", FA_EPARSE),
                     "inf.csv:2:1: column \"age\": \"-inf\" is not a finite number");
    cr_assert_str_eq(load_fail(simple_spec, "sp.csv", "age,w,y\n 30,1,no\n", FA_EPARSE),
                     "sp.csv:2:1: column \"age\": expected a number, got \" 30\"");
    cr_assert_str_eq(load_fail(simple_spec, "w.csv", "age,w,y\n30,-0.5,no\n", FA_EDATA),
                     "w.csv:2:2: column \"w\": a weight must be >= 0, got \"-0.5\"");
    FA_ASSERT_NO_LEAKS();
}

Test(table, long_bad_values_are_shortened_in_messages)
{
    char data[256];

    snprintf(data, sizeof data, "age,w,y\n%s,1,no\n",
             "0123456789012345678901234567890123456789012345678901234567890123456789x");
    cr_assert_str_eq(load_fail(simple_spec, "long.csv", data, FA_EPARSE),
                     "long.csv:2:1: column \"age\": expected a number, got "
                     "\"012345678901234567890123456789012345678901234567...\"");
    FA_ASSERT_NO_LEAKS();
}

Test(table, label_value_neither_positive_nor_negative)
{
    cr_assert_str_eq(load_fail(simple_spec, "lab.csv", "age,w,y\n30,1,yes\n31,1,maybe\n", FA_EDATA),
                     "lab.csv:3:3: column \"y\": label \"maybe\" is neither the positive "
                     "(\"yes\") nor the negative (\"no\") value");
    cr_assert_str_eq(load_fail(adultish_spec, "lab.test", "25, Private, Male, >50K..\n",
                               FA_EDATA),
                     "lab.test:1:4: column \"income\": label \">50K..\" is neither the positive "
                     "(\">50K\") nor the negative (\"<=50K\") value");
    cr_assert_str_eq(load_fail("{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": "
                               "\"m\", \"columns\": [{\"name\": \"y\", \"role\": \"label\", "
                               "\"map\": {\"1\": \"good\", \"2\": \"bda\"}, \"positive\": "
                               "\"good\", \"negative\": \"bad\"}]}",
                               "map.csv", "y\n1\n2\n", FA_EDATA),
                     "map.csv:3:1: column \"y\": label \"bda\" (mapped from \"2\") is neither the "
                     "positive (\"good\") nor the negative (\"bad\") value");
    FA_ASSERT_NO_LEAKS();
}

Test(table, columns_missing_from_the_header_are_located_in_the_spec)
{
    cr_assert_str_eq(load_fail(simple_spec, "nocol.csv", "age,weight,y\n1,1,yes\n", FA_ESCHEMA),
                     "fx.json:3:12: column \"w\" is not in the header of nocol.csv");
    cr_assert_str_eq(load_fail(simple_spec, "nolabel.csv", "age,w,income\n1,1,yes\n",
                               FA_ESCHEMA),
                     "fx.json:4:12: label column \"y\" is not in the header of nolabel.csv");
    FA_ASSERT_NO_LEAKS();
}

Test(table, duplicate_header_names)
{
    cr_assert_str_eq(load_fail(simple_spec, "dup.csv", "age,w,y,w\n1,1,yes,2\n", FA_ESCHEMA),
                     "dup.csv:1:4: duplicate column name \"w\" (also column 2)");
    FA_ASSERT_NO_LEAKS();
}

Test(table, ragged_rows)
{
    cr_assert_str_eq(load_fail(simple_spec, "short.csv", "age,w,y\n1,1,yes\n2,1\n", FA_ESCHEMA),
                     "short.csv:3:3: record has 2 fields, expected 3");
    cr_assert_str_eq(load_fail(simple_spec, "long.csv", "age,w,y\n1,1,yes,4\n", FA_ESCHEMA),
                     "long.csv:2:4: record has 4 fields, expected 3");
    /* positional columns: the spec's count is the expected count */
    cr_assert_str_eq(load_fail(adultish_spec, "pos.data", "25, Private, Male\n", FA_ESCHEMA),
                     "pos.data:1:4: record has 3 fields, expected 4");
    FA_ASSERT_NO_LEAKS();
}

Test(table, csv_syntax_errors_pass_through)
{
    cr_assert_str_eq(load_fail(simple_spec, "q.csv", "age,w,y\n1,1,yes\n2,\"1,no\n", FA_EPARSE),
                     "q.csv:3:2: unterminated quoted field (the file ends inside quotes)");
    FA_ASSERT_NO_LEAKS();
}

Test(table, empty_and_unusable_files)
{
    cr_assert_str_eq(load_fail(simple_spec, "empty.csv", "", FA_EDATA),
                     "empty.csv:1:1: the file is empty (expected a header record)");
    cr_assert_str_eq(load_fail(simple_spec, "hdr.csv", "age,w,y\n", FA_EDATA),
                     "hdr.csv:2:1: the file has no data records");
    cr_assert_str_eq(load_fail(adultish_spec, "e.data", "", FA_EDATA),
                     "e.data:1:1: the file has no data records");
    cr_assert_str_eq(load_fail(simple_spec, "drop.csv", "age,w,y\n,1,yes\n3,,no\n", FA_EDATA),
                     "drop.csv: no usable rows: all 2 records have a missing value in a feature, "
                     "label or weight column");
    FA_ASSERT_NO_LEAKS();
}

Test(table, cut_source_must_be_a_number)
{
    cr_assert_str_eq(
        load_fail("{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"c\",\n"
                  " \"columns\": [{\"name\": \"a\", \"role\": \"ignore\"},\n"
                  "  {\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", \"negative\": "
                  "\"0\"}],\n"
                  " \"derived\": [{\"name\": \"ag\", \"from\": \"a\", \"role\": \"protected\","
                  " \"cut\": {\"breaks\": [1], \"labels\": [\"lo\", \"hi\"]}}]}",
                  "cut.csv", "y,a\n1,3\n0,x3\n", FA_EPARSE),
        "cut.csv:3:2: column \"a\": expected a finite number to cut into \"ag\", got \"x3\"");
    FA_ASSERT_NO_LEAKS();
}

Test(table, missing_data_file_is_eio)
{
    fa_spec *spec = spec_text(simple_spec);
    fa_table *t = NULL;
    fa_error err;

    fa_error_clear(&err);
    cr_assert_eq(fa_table_load(&t, spec, "/nonexistent/d.csv", NULL, &err), FA_EIO);
    cr_assert_null(t);
    fa_spec_free(spec);
    FA_ASSERT_NO_LEAKS();
}

/* ---- fingerprints, max_rows, progress --------------------------------------------- */

static void sha_hex(const char *data, size_t n, char hex[65])
{
    fa_sha256 s;

    fa_sha256_init(&s);
    fa_sha256_update(&s, data, n);
    fa_sha256_final_hex(&s, hex);
}

Test(table, fingerprint_and_max_rows)
{
    static const char data[] = "age,w,y\n1,1,yes\n2,1,no\n3,1,yes\n";
    fa_spec *spec = spec_text(simple_spec);
    const char *path = fa_test_write("fp.csv", data);
    fa_table *t = load_ok(spec, path);
    fa_load_options lo;
    fa_error err;
    fa_table_stats st;
    char hex[65];

    sha_hex(data, strlen(data), hex);
    cr_assert_str_eq(fa_table_fingerprint(t), hex);
    cr_assert_str_eq(fa_table_path(t), path);
    fa_table_free(t);

    fa_load_options_init(&lo);
    lo.max_rows = 2;
    fa_error_clear(&err);
    FA_ASSERT_OK(fa_table_load(&t, spec, path, &lo, &err));
    fa_table_get_stats(t, &st);
    cr_assert_eq(st.rows_read, 2);
    cr_assert_eq(fa_table_n_rows(t), 2);
    sha_hex(data, strlen("age,w,y\n1,1,yes\n2,1,no\n"), hex);
    cr_assert_str_eq(fa_table_fingerprint(t), hex, "the fingerprint covers the lines read");
    fa_table_free(t);

    lo.version = 42;
    cr_assert_eq(fa_table_load(&t, spec, path, &lo, &err), FA_EINVAL);
    fa_spec_free(spec);
    FA_ASSERT_NO_LEAKS();
}

static void count_log(fa_log_level level, const char *message, void *payload)
{
    int *calls = payload;

    cr_assert_eq(level, FA_LOG_INFO);
    cr_assert(strstr(message, "1000000 rows read") != NULL, "message: %s", message);
    (*calls)++;
}

Test(table, progress_every_million_rows)
{
    fa_spec *spec = spec_text("{\"format\": \"fairaudit-spec\", \"format_version\": 1, "
                              "\"name\": \"p\", \"columns\": [{\"name\": \"y\", \"role\": "
                              "\"label\", \"positive\": \"1\", \"negative\": \"0\"}]}");
    fa_buf b = FA_BUF_INIT;
    fa_load_options lo;
    fa_table *t = NULL;
    fa_error err;
    int calls = 0;
    size_t i;

    fa_buf_puts(&b, "y\n");
    for (i = 0; i < 1000001; i++)
        fa_buf_puts(&b, (i % 3) ? "0\n" : "1\n");
    fa_load_options_init(&lo);
    lo.log = count_log;
    lo.log_payload = &calls;
    fa_error_clear(&err);
    FA_ASSERT_OK(fa_table_load(&t, spec, fa_test_write("million.csv", b.ptr), &lo, &err));
    cr_assert_eq(calls, 1);
    cr_assert_eq(fa_table_n_rows(t), 1000001);
    fa_table_free(t);
    fa_spec_free(spec);
    fa_buf_dispose(&b);
    FA_ASSERT_NO_LEAKS();
}

/* ---- describe JSON ------------------------------------------------------------------ */

static const fa_json_node *at_path(const fa_json_node *n, const char *a, const char *b,
                                   const char *c)
{
    n = fa_json_member(n, a);
    if (n != NULL && b != NULL)
        n = fa_json_member(n, b);
    if (n != NULL && c != NULL)
        n = fa_json_member(n, c);
    cr_assert_not_null(n, "no %s.%s.%s", a, b ? b : "", c ? c : "");
    return n;
}

Test(table, describe_json_of_the_fixture)
{
    fa_spec *spec = spec_text(fixture_spec);
    fa_table *t = load_ok(spec, fa_test_write("fx.csv", fixture_csv));
    fa_json_doc *doc = NULL;
    const fa_json_node *root, *cols, *c;
    char *json = NULL;
    size_t len = 0;
    fa_error err;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_table_describe_json(t, &json, &len, &err));
    cr_assert_eq(len, strlen(json));
    cr_assert_eq(json[len - 1], '\n');
    FA_ASSERT_OK(fa_json_doc_parse(&doc, json, len, "describe", &err));
    root = fa_json_doc_root(doc);
    FA_ASSERT_NEAR(fa_json_number(at_path(root, "rows_read", NULL, NULL)), 9, 0);
    FA_ASSERT_NEAR(fa_json_number(at_path(root, "rows_used", NULL, NULL)), 4, 0);
    FA_ASSERT_NEAR(fa_json_number(at_path(root, "rows_dropped", NULL, NULL)), 5, 0);
    FA_ASSERT_NEAR(fa_json_number(at_path(root, "dropped", "missing_value", NULL)), 5, 0);
    cr_assert_str_eq(fa_json_string(at_path(root, "spec", NULL, NULL)), "fx");
    cr_assert_str_eq(fa_json_string(at_path(root, "data_sha256", NULL, NULL)),
                     fa_table_fingerprint(t));
    cr_assert_str_eq(fa_json_string(at_path(root, "spec_sha256", NULL, NULL)),
                     fa_spec_fingerprint(spec));
    cols = at_path(root, "columns", NULL, NULL);
    cr_assert_eq(fa_json_count(cols), 8);
    c = fa_json_at(cols, C_JOB);
    cr_assert_str_eq(fa_json_string(fa_json_member(c, "name")), "job");
    cr_assert_str_eq(fa_json_string(fa_json_member(c, "type")), "categorical");
    FA_ASSERT_NEAR(fa_json_number(fa_json_member(c, "missing")), 1, 0);
    FA_ASSERT_NEAR(fa_json_number(fa_json_member(c, "levels")), 3, 0);
    c = fa_json_at(cols, C_ID);
    cr_assert_str_eq(fa_json_string(fa_json_member(c, "type")), "ignored");
    cr_assert_null(fa_json_member(c, "levels"));
    c = fa_json_at(cols, C_AGE_GROUP);
    cr_assert_str_eq(fa_json_string(fa_json_member(c, "derived_from")), "age");
    FA_ASSERT_NEAR(fa_json_number(at_path(root, "label", "positive_count", NULL)), 3, 0);
    FA_ASSERT_NEAR(fa_json_number(at_path(root, "label", "negative_count", NULL)), 1, 0);
    cr_assert_str_eq(fa_json_string(at_path(root, "label", "positive", NULL)), "1");
    FA_ASSERT_NEAR(fa_json_number(at_path(root, "weights", "sum", NULL)), 6.5, FA_TOL_EXACT);
    FA_ASSERT_NEAR(fa_json_number(at_path(root, "protected", "sex", "unknown")), 1, 0);
    FA_ASSERT_NEAR(fa_json_number(fa_json_member(at_path(root, "protected", "sex", "groups"),
                                                 "male")),
                   2, 0);
    FA_ASSERT_NEAR(fa_json_number(fa_json_member(at_path(root, "protected", "age_group", "groups"),
                                                 "old")),
                   3, 0);
    cr_assert_str_eq(fa_json_key(fa_json_at(at_path(root, "protected", "sex", "groups"), 0)),
                     "female", "groups in order of first appearance");
    fa_json_doc_free(doc);
    fa_table_describe_free(json);

    /* the atomic file variant writes the same bytes */
    {
        const char *out = fa_test_write("describe.json", "old");
        char *again = NULL, *file = NULL;
        size_t n1 = 0, n2 = 0;

        FA_ASSERT_OK(fa_table_describe_json(t, &again, &n1, &err));
        FA_ASSERT_OK(fa_table_describe_write(t, out, &err));
        FA_ASSERT_OK(fa_read_file(out, &file, &n2, &err));
        cr_assert_eq(n1, n2);
        cr_assert_eq(memcmp(again, file, n1), 0);
        fa_table_describe_free(again);
        fa_free(file);
        remove(out);
        cr_assert_eq(fa_table_describe_write(t, "/nonexistent/dir/x.json", &err), FA_EIO);
    }
    fa_table_free(t);
    fa_spec_free(spec);
    FA_ASSERT_NO_LEAKS();
}

/* ---- the real datasets (skipped visibly when absent) ----------------------------------- */

static fa_spec *repo_spec(const char *name)
{
    char path[1024];
    fa_spec *spec = NULL;
    fa_error err;

    snprintf(path, sizeof path, "%s/datasets/%s", FA_SOURCE_DIR, name);
    fa_error_clear(&err);
    FA_ASSERT_OK(fa_spec_load(&spec, path, &err));
    return spec;
}

/* Rows of group `name` in protected column `col`. */
static uint64_t group_count(const fa_table *t, size_t col, const char *name)
{
    const int32_t *codes = fa_table_codes(t, col);
    uint64_t n = 0;
    size_t i, k;

    for (k = 0; k < fa_table_n_levels(t, col); k++)
        if (strcmp(fa_table_level(t, col, k), name) == 0)
            break;
    cr_assert_lt(k, fa_table_n_levels(t, col), "no group %s", name);
    for (i = 0; i < fa_table_n_rows(t); i++)
        n += codes[i] == (int32_t)k;
    return n;
}

static uint64_t positives(const fa_table *t)
{
    uint64_t n = 0;
    size_t i;

    for (i = 0; i < fa_table_n_rows(t); i++)
        n += fa_table_labels(t)[i];
    return n;
}

/*
 * Expected figures were counted independently with awk on the files, e.g.
 *   awk -F', ' 'NF==15 && !/\?/ {n++; s[$10]++} END {print n; for (k in s) print k, s[k]}'
 */
Test(table, adult_train_and_test_with_one_spec)
{
    const char *train = fa_test_shared_path("adult/adult.data");
    fa_spec *spec = repo_spec("adult.json");
    size_t sex = fa_spec_find_column(spec, "sex");
    fa_table *t;
    fa_table_stats st;

    cr_assert_neq(sex, FA_SPEC_NO_COLUMN);
    t = load_ok(spec, train);
    fa_table_get_stats(t, &st);
    cr_assert_eq(st.rows_read, 32561);
    cr_assert_eq(st.rows_used, 30162);
    cr_assert_eq(group_count(t, sex, "Male"), 20380);
    cr_assert_eq(group_count(t, sex, "Female"), 9782);
    cr_assert_eq(positives(t), 7508);
    cr_assert_eq(fa_table_missing_count(t, fa_spec_find_column(spec, "workclass")), 1836);
    cr_assert_eq(fa_table_missing_count(t, fa_spec_find_column(spec, "occupation")), 1843);
    cr_assert_eq(fa_table_missing_count(t, fa_spec_find_column(spec, "native-country")), 583);
    cr_assert_str_eq(fa_table_fingerprint(t),
                     "5b00264637dbfec36bdeaab5676b0b309ff9eb788d63554ca0a249491c86603d");
    fa_table_free(t);

    t = load_ok(spec, fa_test_shared_path("adult/adult.test"));
    fa_table_get_stats(t, &st);
    cr_assert_eq(st.rows_read, 16281);
    cr_assert_eq(st.rows_used, 15060);
    cr_assert_eq(group_count(t, sex, "Male"), 10147);
    cr_assert_eq(group_count(t, sex, "Female"), 4913);
    cr_assert_eq(positives(t), 3700);
    cr_assert_str_eq(fa_table_fingerprint(t),
                     "a2a9044bc167a35b2361efbabec64e89d69ce82d9790d2980119aac5fd7e9c05");
    fa_table_free(t);
    fa_spec_free(spec);
    FA_ASSERT_NO_LEAKS();
}

Test(table, german_credit_with_derived_sex_and_age_group)
{
    const char *path = fa_test_shared_path("german_credit/german.data");
    fa_spec *spec = repo_spec("german.json");
    fa_table *t = load_ok(spec, path);
    size_t sex = fa_spec_find_column(spec, "sex"), ag = fa_spec_find_column(spec, "age_group");
    const int32_t *sc = fa_table_codes(t, sex);
    uint64_t female_good = 0;
    size_t i;

    cr_assert_eq(fa_table_n_rows(t), 1000);
    cr_assert_eq(group_count(t, sex, "male"), 690);
    cr_assert_eq(group_count(t, sex, "female"), 310);
    cr_assert_eq(group_count(t, ag, "<25"), 149);
    cr_assert_eq(group_count(t, ag, ">=25"), 851);
    cr_assert_eq(positives(t), 700);
    for (i = 0; i < fa_table_n_rows(t); i++)
        female_good += strcmp(fa_table_level(t, sex, (size_t)sc[i]), "female") == 0 &&
                       fa_table_labels(t)[i] == 1;
    cr_assert_eq(female_good, 201);
    cr_assert_eq(fa_spec_positive_is_favorable(spec), 1);
    cr_assert_str_eq(fa_table_fingerprint(t),
                     "b21f3d81db8071257d5ff1deaeba1fd4303b62712e6fcc9715c7a86202cb5871");
    fa_table_free(t);
    fa_spec_free(spec);
    FA_ASSERT_NO_LEAKS();
}

/* A derived column whose source is missing (protected: kept) names the source's missing
 * text, not a value left over from an earlier row (which pointed into a freed block). */
Test(table, derived_column_of_a_missing_source_shows_its_text)
{
    static const char spec[] =
        "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"d\","
        " \"incomplete_rows\": \"error\", \"missing\": [\"NA\"], \"columns\": ["
        "{\"name\": \"g\", \"role\": \"protected\"},"
        "{\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", \"negative\": \"0\"}],"
        " \"derived\": [{\"name\": \"gg\", \"from\": \"g\", \"role\": \"categorical\","
        " \"map\": {\"a\": \"A\"}}]}";

    cr_assert_str_eq(load_fail(spec, "dm.csv", "g,y\nlong_value,1\nNA,0\n", FA_EDATA),
                     "dm.csv:3:1: column \"gg\": missing value \"NA\" (the spec says "
                     "\"incomplete_rows\": \"error\")");
}
