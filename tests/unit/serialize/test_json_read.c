/* Unit tests for lib/serialize/json_read: positions, syntax errors, duplicate
 * keys, typed access with located messages, fault injection. */
#include <string.h>

#include "fa_test.h"
#include "serialize/json_read.h"

static fa_json_doc *parse_ok(const char *text)
{
    fa_json_doc *doc = NULL;
    fa_error err;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_json_doc_parse(&doc, text, strlen(text), "t.json", &err));
    cr_assert_not_null(doc);
    return doc;
}

/* Parses text expecting failure; returns the formatted error. */
static const char *parse_fail(const char *text, fa_status want)
{
    static char msg[1024];
    fa_json_doc *doc = NULL;
    fa_error err;
    fa_status rc;

    fa_error_clear(&err);
    rc = fa_json_doc_parse(&doc, text, strlen(text), "t.json", &err);
    cr_assert_eq(rc, want, "status %s for %s", fa_status_str(rc), text);
    cr_assert_null(doc);
    fa_error_format(&err, msg, sizeof msg);
    return msg;
}

#define ASSERT_POS(node, l, c)                                                                    \
    do {                                                                                          \
        cr_assert_not_null(node);                                                                 \
        cr_assert_eq(fa_json_line(node), (l), "line %u, expected %u", fa_json_line(node), (l));   \
        cr_assert_eq(fa_json_column(node), (c), "column %u, expected %u", fa_json_column(node),   \
                     (c));                                                                        \
    } while (0)

Test(json_read, positions_of_every_value)
{
    const char *text = "{\n"
                       "  \"name\": \"adult\",\n"
                       "  \"n\": [1, -2.5e3,\n"
                       "     true, null],\n"
                       "  \"o\": {\"k\": {}}\n"
                       "}\n";
    fa_json_doc *doc = parse_ok(text);
    const fa_json_node *root = fa_json_doc_root(doc), *n, *o;

    ASSERT_POS(root, 1u, 1u);
    cr_assert_eq(fa_json_type_of(root), FA_JSON_OBJECT);
    cr_assert_eq(fa_json_count(root), 3);
    ASSERT_POS(fa_json_member(root, "name"), 2u, 11u);
    cr_assert_eq(fa_json_key_line(fa_json_member(root, "name")), 2u);
    cr_assert_eq(fa_json_key_column(fa_json_member(root, "name")), 3u);
    n = fa_json_member(root, "n");
    ASSERT_POS(n, 3u, 8u);
    cr_assert_eq(fa_json_count(n), 4);
    ASSERT_POS(fa_json_at(n, 0), 3u, 9u);
    ASSERT_POS(fa_json_at(n, 1), 3u, 12u);
    ASSERT_POS(fa_json_at(n, 2), 4u, 6u);
    ASSERT_POS(fa_json_at(n, 3), 4u, 12u);
    cr_assert_null(fa_json_at(n, 4));
    o = fa_json_member(root, "o");
    ASSERT_POS(o, 5u, 8u);
    ASSERT_POS(fa_json_member(o, "k"), 5u, 14u);
    cr_assert_eq(fa_json_key_column(fa_json_member(o, "k")), 9u);
    cr_assert_eq(fa_json_parent(fa_json_member(o, "k")), o);
    fa_json_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

Test(json_read, members_in_document_order)
{
    fa_json_doc *doc = parse_ok("{\"z\": 1, \"a\": 2, \"m\": 3}");
    const fa_json_node *root = fa_json_doc_root(doc);
    static const char *const keys[] = {"z", "a", "m"};
    size_t i;

    for (i = 0; i < 3; i++) {
        cr_assert_str_eq(fa_json_key(fa_json_at(root, i)), keys[i]);
        FA_ASSERT_NEAR(fa_json_number(fa_json_at(root, i)), (double)(i + 1), FA_TOL_EXACT);
        cr_assert_eq(fa_json_index(fa_json_at(root, i)), i);
    }
    cr_assert_null(fa_json_key(root));
    cr_assert_null(fa_json_member(root, "missing"));
    fa_json_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

Test(json_read, columns_count_utf8_characters_and_skip_bom)
{
    /* "é" is 2 bytes, "€" 3 bytes: one column each (value at column 8). A BOM is not a column. */
    fa_json_doc *doc = parse_ok("\xEF\xBB\xBF{\"\xC3\xA9\xE2\x82\xAC\": 7}");
    const fa_json_node *v = fa_json_at(fa_json_doc_root(doc), 0);

    ASSERT_POS(fa_json_doc_root(doc), 1u, 1u);
    ASSERT_POS(v, 1u, 8u);
    cr_assert_str_eq(fa_json_key(v), "\xC3\xA9\xE2\x82\xAC");
    fa_json_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

Test(json_read, crlf_and_lone_cr_count_as_one_line_break)
{
    fa_json_doc *doc = parse_ok("[1,\r\n2,\r3,\n\n4]");
    const fa_json_node *a = fa_json_doc_root(doc);

    ASSERT_POS(fa_json_at(a, 1), 2u, 1u);
    ASSERT_POS(fa_json_at(a, 2), 3u, 1u);
    ASSERT_POS(fa_json_at(a, 3), 5u, 1u);
    fa_json_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

Test(json_read, strings_are_unescaped_by_cjson)
{
    fa_json_doc *doc = parse_ok("[\"a\\\"b\\\\c\\n\", \"\\u00e9\\ud83d\\ude00\"]");
    const fa_json_node *a = fa_json_doc_root(doc);

    cr_assert_str_eq(fa_json_string(fa_json_at(a, 0)), "a\"b\\c\n");
    cr_assert_str_eq(fa_json_string(fa_json_at(a, 1)), "\xC3\xA9\xF0\x9F\x98\x80");
    fa_json_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

Test(json_read, numbers_are_exact)
{
    fa_json_doc *doc = parse_ok("[9007199254740993, -9223372036854775808, 0.1, 2.0, 1e999, 1.5]");
    const fa_json_node *a = fa_json_doc_root(doc);
    int64_t v = 0;
    double d = 0;
    fa_error err;
    size_t len = 0;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_json_get_int(fa_json_at(a, 0), INT64_MIN, INT64_MAX, &v, &err));
    cr_assert_eq(v, 9007199254740993LL);
    FA_ASSERT_OK(fa_json_get_int(fa_json_at(a, 1), INT64_MIN, INT64_MAX, &v, &err));
    cr_assert_eq(v, INT64_MIN);
    FA_ASSERT_OK(fa_json_get_number(fa_json_at(a, 2), &d, &err));
    cr_assert(d == 0.1, "0.1 must read back exactly"); /* parsing is exact, not computed */
    FA_ASSERT_OK(fa_json_get_int(fa_json_at(a, 3), 0, 10, &v, &err));
    cr_assert_eq(v, 2);
    cr_assert_eq(fa_json_get_number(fa_json_at(a, 4), &d, &err), FA_ESCHEMA);
    cr_assert_str_eq(err.message, "[4] is out of range for a double");
    cr_assert_eq(fa_json_get_int(fa_json_at(a, 5), 0, 10, &v, &err), FA_ESCHEMA);
    cr_assert_str_eq(err.message, "[5] must be an integer in [0, 10]");
    cr_assert_eq(err.loc.line, 1u);
    cr_assert_eq(err.loc.column, 59u);
    cr_assert_eq(strncmp(fa_json_number_text(fa_json_at(a, 2), &len), "0.1", 3), 0);
    cr_assert_eq(len, 3);
    fa_json_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

Test(json_read, syntax_errors_are_located)
{
    cr_assert_str_eq(parse_fail("{\"a\": 1,}", FA_EPARSE), "t.json:1:9: trailing comma before '}'");
    cr_assert_str_eq(parse_fail("[1,\n 2,\n]", FA_EPARSE), "t.json:3:1: trailing comma before ']'");
    cr_assert_str_eq(parse_fail("{\"a\" 1}", FA_EPARSE),
                     "t.json:1:6: expected ':' after the key, found '1'");
    cr_assert_str_eq(parse_fail("[1, 2", FA_EPARSE),
                     "t.json:1:6: expected ',' or ']' after an array element, found end of text");
    cr_assert_str_eq(parse_fail("", FA_EPARSE),
                     "t.json:1:1: unexpected end of JSON text, expected a value");
    cr_assert_str_eq(parse_fail("  \n  ", FA_EPARSE),
                     "t.json:2:3: unexpected end of JSON text, expected a value");
    cr_assert_str_eq(parse_fail("{\"a\": tru}", FA_EPARSE),
                     "t.json:1:7: invalid literal (expected a value such as true, false, null, "
                     "a number, a string, an array or an object)");
    cr_assert_str_eq(parse_fail("{} x", FA_EPARSE), "t.json:1:4: unexpected 'x' after the JSON value");
    cr_assert_str_eq(parse_fail("[01]", FA_EPARSE),
                     "t.json:1:3: leading zeros are not allowed in numbers");
    cr_assert_str_eq(parse_fail("[1.]", FA_EPARSE),
                     "t.json:1:4: expected a digit after the decimal point");
    cr_assert_str_eq(parse_fail("{\n  \"a\": \"abc\n", FA_EPARSE),
                     "t.json:2:12: control character (byte 0x0A) inside a string; write it as an "
                     "escape such as \\n");
    cr_assert_str_eq(parse_fail("[\"abc", FA_EPARSE), "t.json:1:2: unterminated string");
    cr_assert_str_eq(parse_fail("{'a': 1}", FA_EPARSE),
                     "t.json:1:2: expected a string key, found '''");
    cr_assert_str_eq(parse_fail("[\"\\x\"]", FA_EPARSE),
                     "t.json:1:4: invalid escape sequence in a string");
    cr_assert_str_eq(parse_fail("[\"\\ud800\"]", FA_EPARSE),
                     "t.json:1:9: invalid \\u escape: unpaired high surrogate");
    cr_assert_str_eq(parse_fail("[\"\\u0000\"]", FA_EPARSE),
                     "t.json:1:9: \\u0000 (NUL) is not allowed in strings");
    cr_assert_str_eq(parse_fail("[NaN]", FA_EPARSE), "t.json:1:2: expected a value, found 'N'");
    FA_ASSERT_NO_LEAKS();
}

Test(json_read, nul_byte_is_a_syntax_error)
{
    fa_json_doc *doc = NULL;
    fa_error err;

    fa_error_clear(&err);
    cr_assert_eq(fa_json_doc_parse(&doc, "[1,\0 2]", 7, "t.json", &err), FA_EPARSE);
    cr_assert_str_eq(err.message, "expected a value, found byte 0x00");
    cr_assert_eq(err.loc.column, 4u);
    FA_ASSERT_NO_LEAKS();
}

Test(json_read, deep_nesting_is_bounded)
{
    char text[2 * FA_JSON_MAX_DEPTH + 8];
    size_t i, n = FA_JSON_MAX_DEPTH + 1;
    fa_json_doc *doc = NULL;
    fa_error err;

    for (i = 0; i < n; i++) {
        text[i] = '[';
        text[2 * n - 1 - i] = ']';
    }
    text[2 * n] = '\0';
    fa_error_clear(&err);
    cr_assert_eq(fa_json_doc_parse(&doc, text, strlen(text), "t.json", &err), FA_EPARSE);
    cr_assert_str_eq(err.message, "nesting deeper than 256 levels");
    /* one level less is fine */
    FA_ASSERT_OK(fa_json_doc_parse(&doc, text + 1, strlen(text) - 2, "t.json", &err));
    fa_json_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

Test(json_read, duplicate_keys_are_errors_at_the_second_key)
{
    cr_assert_str_eq(parse_fail("{\"a\": 1,\n \"b\": 2,\n   \"a\": 3}", FA_EPARSE),
                     "t.json:3:4: duplicate key \"a\" (first defined on line 1)");
    cr_assert_str_eq(parse_fail("[{}, {\"x\": {\"y\": 1, \"y\": 1}}]", FA_EPARSE),
                     "t.json:1:21: duplicate key \"y\" (first defined on line 1)");
    FA_ASSERT_NO_LEAKS();
}

Test(json_read, duplicate_keys_in_large_objects)
{
    fa_buf b = FA_BUF_INIT;
    int i;

    fa_buf_puts(&b, "{");
    for (i = 0; i < 100; i++)
        fa_buf_printf(&b, "%s\"k%d\": %d\n", i ? "," : "", i, i);
    fa_buf_puts(&b, ", \"k57\": 0, \"k3\": 1}");
    /* the earliest repeated member is "k57" (member 100, on line 101) */
    cr_assert_str_eq(parse_fail(b.ptr, FA_EPARSE),
                     "t.json:101:3: duplicate key \"k57\" (first defined on line 58)");
    fa_buf_dispose(&b);
    FA_ASSERT_NO_LEAKS();
}

Test(json_read, typed_getters_name_the_value)
{
    fa_json_doc *doc =
        parse_ok("{\"header\": \"yes\", \"cut\": {\"breaks\": [1, \"x\"]}, \"n\": null, \"b\": true}");
    const fa_json_node *root = fa_json_doc_root(doc), *m = NULL;
    fa_error err;
    bool b = false;
    double d;
    const char *s = NULL;

    fa_error_clear(&err);
    cr_assert_eq(fa_json_get_bool(fa_json_member(root, "header"), &b, &err), FA_ESCHEMA);
    {
        char msg[256];
        fa_error_format(&err, msg, sizeof msg);
        cr_assert_str_eq(msg, "t.json:1:12: \"header\" must be a boolean, not a string");
    }
    cr_assert_eq(fa_json_get_number(fa_json_at(fa_json_member(fa_json_member(root, "cut"),
                                                               "breaks"),
                                                1),
                                    &d, &err),
                 FA_ESCHEMA);
    cr_assert_str_eq(err.message, "\"breaks\"[1] must be a number, not a string");
    cr_assert_eq(fa_json_get_string(fa_json_member(root, "n"), &s, &err), FA_ESCHEMA);
    cr_assert_str_eq(err.message, "\"n\" must be a string, not null");
    FA_ASSERT_OK(fa_json_get_bool(fa_json_member(root, "b"), &b, &err));
    cr_assert(b);
    cr_assert_eq(fa_json_expect(root, FA_JSON_ARRAY, &err), FA_ESCHEMA);
    cr_assert_str_eq(err.message, "the document must be an array, not an object");

    FA_ASSERT_OK(fa_json_get_member(root, "absent", false, &m, &err));
    cr_assert_null(m);
    cr_assert_eq(fa_json_get_member(fa_json_member(root, "cut"), "labels", true, &m, &err),
                 FA_ESCHEMA);
    cr_assert_str_eq(err.message, "missing required key \"labels\"");
    cr_assert_eq(err.loc.column, 26u);
    fa_json_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

Test(json_read, unknown_keys_are_located_at_the_key)
{
    fa_json_doc *doc = parse_ok("{\"name\": 1,\n  \"delimeter\": \",\"}");
    static const char *const allowed[] = {"name", "delimiter"};
    fa_error err;
    char msg[256];

    fa_error_clear(&err);
    cr_assert_eq(fa_json_check_keys(fa_json_doc_root(doc), allowed, 2, &err), FA_ESCHEMA);
    fa_error_format(&err, msg, sizeof msg);
    cr_assert_str_eq(msg, "t.json:2:3: unknown key \"delimeter\"");
    fa_json_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

Test(json_read, error_helpers_format_locations)
{
    fa_json_doc *doc = parse_ok("{\n  \"role\": \"feature\"\n}");
    const fa_json_node *role = fa_json_member(fa_json_doc_root(doc), "role");
    fa_error err;
    char msg[256];

    fa_error_clear(&err);
    cr_assert_eq(fa_json_error_at(&err, role, FA_ESCHEMA, "\"role\" must be one of %s", "a, b"),
                 FA_ESCHEMA);
    fa_error_format(&err, msg, sizeof msg);
    cr_assert_str_eq(msg, "t.json:2:11: \"role\" must be one of a, b");
    fa_json_error_at_key(&err, role, FA_ESCHEMA, "x");
    fa_error_format(&err, msg, sizeof msg);
    cr_assert_str_eq(msg, "t.json:2:3: x");
    cr_assert_eq(fa_json_error_at(NULL, role, FA_EDATA, "ignored"), FA_EDATA);
    fa_json_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

Test(json_read, load_reads_files_and_reports_missing_ones)
{
    const char *path = fa_test_write("load.json", "{\"a\": [true, false]}\n");
    fa_json_doc *doc = NULL;
    fa_error err;
    size_t len = 0;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_json_doc_load(&doc, path, &err));
    cr_assert_str_eq(fa_json_doc_name(doc), path);
    cr_assert_eq(strcmp(fa_json_doc_text(doc, &len), "{\"a\": [true, false]}\n"), 0);
    cr_assert_eq(len, 21);
    cr_assert(fa_json_bool(fa_json_at(fa_json_member(fa_json_doc_root(doc), "a"), 0)));
    cr_assert_not(fa_json_bool(fa_json_at(fa_json_member(fa_json_doc_root(doc), "a"), 1)));
    fa_json_doc_free(doc);
    remove(path);
    cr_assert_eq(fa_json_doc_load(&doc, "/nonexistent/x.json", &err), FA_EIO);
    cr_assert_null(doc);
    FA_ASSERT_NO_LEAKS();
}

Test(json_read, fault_injection_returns_enomem_without_leaks)
{
    const char *text = "{\"columns\": [{\"name\": \"a\", \"role\": \"numeric\"}, [1, 2, 3]],"
                       " \"x\": {\"k1\": 1, \"k2\": 2}}";
    long n, total;
    fa_json_doc *doc = NULL;
    fa_error err;

    fa__alloc_fail_after(0);
    FA_ASSERT_OK(fa_json_doc_parse(&doc, text, strlen(text), "t.json", &err));
    total = fa__alloc_fail_after(0);
    fa_json_doc_free(doc);
    cr_assert_gt(total, 3);
    for (n = 1; n <= total; n++) {
        fa_status rc;

        doc = NULL;
        fa__alloc_fail_after(n);
        rc = fa_json_doc_parse(&doc, text, strlen(text), "t.json", &err);
        fa__alloc_fail_after(0);
        cr_assert_eq(rc, FA_ENOMEM, "allocation %ld of %ld: got %s", n, total, fa_status_str(rc));
        cr_assert_null(doc);
    }
    FA_ASSERT_NO_LEAKS();
}
