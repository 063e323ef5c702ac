/*
 * Unit tests for lib/encode/encoder_io.c: JSON round trip (bit-exact),
 * located errors on bad documents, allocation failures.
 */
#include <math.h>
#include <string.h>

#include "common/internal.h"
#include "common/jsonw.h"
#include "encode/encoder_impl.h"
#include "encode/encoder_io.h"
#include "fa_test.h"
#include "serialize/json_read.h"

#define N_ROWS 7

/* Awkward doubles: means and stds that need 17 digits to round-trip. */
static const double amounts[N_ROWS] = {0.1, 0.2, 1.0 / 3.0, 1e-7, 123456.789, 2.0 / 7.0, -5.5};
static const double ages[N_ROWS] = {18, 22, 35, 41, 58, 63, 70};
static const int32_t job_codes[N_ROWS] = {0, 1, 2, 0, 3, 1, 4};
static const char *const job_levels[] = {"clerk", "Ünïcode \"quoted\"", "a\\b", "z", "tab\there"};

static void fixture(fa_enc_input in[3])
{
    memset(in, 0, 3 * sizeof *in);
    in[0].name = "amount";
    in[0].values = amounts;
    in[1].name = "job";
    in[1].categorical = true;
    in[1].codes = job_codes;
    in[1].n_levels = 5;
    in[1].levels = job_levels;
    in[2].name = "age";
    in[2].values = ages;
}

static fa_encoder *fit(size_t max_levels)
{
    fa_encoder_options o = FA_ENCODER_OPTIONS_INIT;
    fa_enc_input in[3];
    fa_encoder *e;
    fa_error err;

    o.max_levels = max_levels;
    fixture(in);
    FA_ASSERT_OK(fa_encoder__fit_inputs(&e, in, 3, N_ROWS, &o, &err));
    return e;
}

/* Writes e as a document {"encoder": ...} and returns the text. */
static char *to_json(const fa_encoder *e, size_t *len)
{
    fa_buf b = FA_BUF_INIT;
    fa_jw w;
    char *s;

    fa_jw_init(&w, &b, true);
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "encoder");
    fa_encoder__write_json(e, &w);
    fa_jw_object_end(&w);
    cr_assert_not(b.oom);
    s = fa_buf_detach(&b, len);
    cr_assert_not_null(s);
    return s;
}

static fa_status from_json(const char *text, fa_encoder **out, fa_error *err)
{
    fa_json_doc *doc;
    fa_status rc;

    *out = NULL;
    rc = fa_json_doc_parse(&doc, text, strlen(text), "model.json", err);
    if (rc != FA_OK)
        return rc;
    rc = fa_encoder__read_json(out, fa_json_member(fa_json_doc_root(doc), "encoder"), err);
    fa_json_doc_free(doc);
    return rc;
}

static void assert_same_encoder(const fa_encoder *a, const fa_encoder *b)
{
    size_t i;

    cr_assert_eq(fa_encoder_n_features(a), fa_encoder_n_features(b));
    cr_assert_eq(fa_encoder_n_columns(a), fa_encoder_n_columns(b));
    for (i = 0; i < fa_encoder_n_features(a); i++)
        cr_assert_str_eq(fa_encoder_feature_name(a, i), fa_encoder_feature_name(b, i));
    for (i = 0; i < fa_encoder_n_columns(a); i++) {
        double ma, sa, mb, sb;
        int na = fa_encoder_column_scaling(a, i, &ma, &sa);
        cr_assert_eq(na, fa_encoder_column_scaling(b, i, &mb, &sb));
        if (na) {
            cr_assert(memcmp(&ma, &mb, sizeof ma) == 0, "mean %.17g vs %.17g", ma, mb);
            cr_assert(memcmp(&sa, &sb, sizeof sa) == 0, "std %.17g vs %.17g", sa, sb);
        }
    }
}

Test(encode_io, round_trip_is_bit_exact)
{
    static const size_t caps[] = {0, 2};
    size_t c;

    for (c = 0; c < 2; c++) {
        fa_encoder *e = fit(caps[c]), *back;
        fa_enc_input in[3];
        fa_error err;
        size_t len, len2;
        char *text = to_json(e, &len), *again;
        double X1[N_ROWS * 8], X2[N_ROWS * 8];

        FA_ASSERT_OK(from_json(text, &back, &err));
        assert_same_encoder(e, back);
        /* Same output, to the bit. */
        fixture(in);
        memset(X1, 0, sizeof X1);
        memset(X2, 0, sizeof X2);
        FA_ASSERT_OK(fa_encoder__transform_inputs(e, in, 3, N_ROWS, X1, 8, NULL, &err));
        FA_ASSERT_OK(fa_encoder__transform_inputs(back, in, 3, N_ROWS, X2, 8, NULL, &err));
        cr_assert(memcmp(X1, X2, sizeof X1) == 0);
        /* And writing it again gives the same text. */
        again = to_json(back, &len2);
        cr_assert_eq(len, len2);
        cr_assert_str_eq(text, again);
        fa_free(text);
        fa_free(again);
        fa_encoder_free(e);
        fa_encoder_free(back);
    }
    FA_ASSERT_NO_LEAKS();
}

Test(encode_io, written_layout_is_documented_form)
{
    fa_encoder *e = fit(2);
    size_t len;
    char *text = to_json(e, &len);

    cr_assert(strstr(text, "\"version\": 1") != NULL, "%s", text);
    cr_assert(strstr(text, "\"standardize\": true") != NULL);
    cr_assert(strstr(text, "\"max_levels\": 2") != NULL);
    cr_assert(strstr(text, "\"n_features\": 5") != NULL, "%s", text);
    cr_assert(strstr(text, "\"type\": \"numeric\"") != NULL);
    cr_assert(strstr(text, "\"other_levels\"") != NULL);
    cr_assert(strstr(text, "\"Ünïcode \\\"quoted\\\"\"") != NULL, "%s", text);
    fa_free(text);
    fa_encoder_free(e);
}

static void expect_error(const char *text, fa_status code, const char *where, const char *what)
{
    fa_encoder *e = (fa_encoder *)1;
    fa_error err;
    char msg[1024];

    fa_error_clear(&err);
    cr_assert_eq(from_json(text, &e, &err), code, "for %s", text);
    cr_assert_null(e);
    fa_error_format(&err, msg, sizeof msg);
    cr_assert(strstr(msg, where) != NULL, "message '%s' lacks location '%s'", msg, where);
    cr_assert(strstr(msg, what) != NULL, "message '%s' lacks '%s'", msg, what);
}

#define HEAD "{\"encoder\": {\"version\": 1, \"standardize\": true, \"max_levels\": 0, "

Test(encode_io, bad_documents_give_located_errors)
{
    expect_error("{\"encoder\": {\"version\": 2}}", FA_EFORMAT, "model.json:1:25:",
                 "unsupported encoder version 2");
    expect_error(HEAD "\"n_features\": 1, \"columns\": [], \"extra\": 1}}", FA_ESCHEMA,
                 "model.json:1:", "unknown key \"extra\"");
    expect_error(HEAD "\"n_features\": 1, \"columns\": []}}", FA_ESCHEMA, "model.json:1:",
                 "must not be empty");
    expect_error(HEAD "\"n_features\": 1,\n\"columns\": [{\"name\": \"a\", \"type\": \"numeric\", "
                      "\"mean\": 1, \"std\": 0}]}}",
                 FA_ESCHEMA, "model.json:2:", "\"std\" must be positive");
    expect_error(HEAD "\"n_features\": 1,\n\"columns\": [{\"name\": \"a\", \"type\": \"numeric\", "
                      "\"mean\": 1}]}}",
                 FA_ESCHEMA, "model.json:2:", "missing required key \"std\"");
    expect_error(HEAD "\"n_features\": 2,\n\"columns\": [{\"name\": \"k\", \"type\": "
                      "\"categorical\", \"levels\": [\"x\",\n \"x\"]}]}}",
                 FA_ESCHEMA, "model.json:3:2:", "duplicate level \"x\"");
    expect_error(HEAD "\"n_features\": 3,\n\"columns\": [{\"name\": \"k\", \"type\": "
                      "\"categorical\", \"levels\": [\"x\"], \"other_levels\": [\"y\", \"x\"]}]}}",
                 FA_ESCHEMA, "model.json:2:", "duplicate level \"x\"");
    expect_error(HEAD "\"n_features\": 3,\n\"columns\": [{\"name\": \"k\", \"type\": "
                      "\"categorical\", \"levels\": [\"x\", \"y\"]}]}}",
                 FA_ESCHEMA, "model.json:1:", "\"n_features\" is 3 but the columns give 2");
    expect_error(HEAD "\"n_features\": 2,\n\"columns\": [{\"name\": \"a\", \"type\": \"numeric\", "
                      "\"mean\": 1, \"std\": 1},\n {\"name\": \"a\", \"type\": \"numeric\", "
                      "\"mean\": 1, \"std\": 1}]}}",
                 FA_ESCHEMA, "model.json:3:", "duplicate column \"a\"");
    expect_error(HEAD "\"n_features\": 1,\n\"columns\": [{\"name\": \"a\", \"type\": \"text\"}]}}",
                 FA_ESCHEMA, "model.json:2:", "\"type\" must be \"numeric\" or \"categorical\"");
    expect_error(HEAD "\"n_features\": 1,\n\"columns\": [{\"name\": \"a\", \"type\": \"numeric\", "
                      "\"mean\": 1, \"std\": 1, \"levels\": []}]}}",
                 FA_ESCHEMA, "model.json:2:", "unknown key \"levels\"");
    expect_error(HEAD "\"n_features\": 1,\n\"columns\": [{\"name\": \"\", \"type\": \"numeric\", "
                      "\"mean\": 1, \"std\": 1}]}}",
                 FA_ESCHEMA, "model.json:2:", "column name is empty");
    expect_error(HEAD "\"n_features\": 1,\n\"columns\": [{\"name\": \"k\", \"type\": "
                      "\"categorical\", \"levels\": [1]}]}}",
                 FA_ESCHEMA, "model.json:2:", "must be a string");
    expect_error("{\"encoder\": [1]}", FA_ESCHEMA, "model.json:1:", "must be an object");
    FA_ASSERT_NO_LEAKS();
}

Test(encode_io, allocation_failures_return_enomem_without_leaks)
{
    fa_encoder *e = fit(2), *back;
    fa_json_doc *doc;
    fa_error err;
    size_t len;
    char *text = to_json(e, &len);
    const fa_json_node *node;
    long n, total;

    FA_ASSERT_OK(fa_json_doc_parse(&doc, text, len, "model.json", &err));
    node = fa_json_member(fa_json_doc_root(doc), "encoder");
    fa__alloc_fail_after(0);
    FA_ASSERT_OK(fa_encoder__read_json(&back, node, &err));
    total = fa__alloc_fail_after(0);
    fa_encoder_free(back);
    cr_assert(total > 10);
    for (n = 1; n <= total; n++) {
        back = (fa_encoder *)1;
        fa__alloc_fail_after(n);
        cr_assert_eq(fa_encoder__read_json(&back, node, &err), FA_ENOMEM, "n=%ld", n);
        fa__alloc_fail_after(0);
        cr_assert_null(back);
    }
    fa_json_doc_free(doc);
    fa_free(text);
    fa_encoder_free(e);
    FA_ASSERT_NO_LEAKS();
}
