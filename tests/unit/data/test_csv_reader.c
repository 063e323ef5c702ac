/* Unit tests for the streaming CSV reader (lib/data/csv_reader.c). */
#include <string.h>

#include "common/internal.h"
#include "data/csv_internal.h"
#include "fa_test.h"

static fa_csv_options opts_default(void)
{
    fa_csv_options o;

    fa_csv_options_init(&o);
    return o;
}

static fa_csv_options opts_noheader(void)
{
    fa_csv_options o = opts_default();

    o.has_header = 0;
    return o;
}

static fa_csv_reader *open_ok(const char *path, const fa_csv_options *o)
{
    fa_csv_reader *r = NULL;
    fa_error err;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_csv_open(&r, path, o, &err));
    cr_assert_not_null(r);
    return r;
}

static const fa_csv_record *next_ok(fa_csv_reader *r)
{
    const fa_csv_record *rec = NULL;
    fa_error err;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_csv_next(r, &rec, &err));
    return rec;
}

/* Asserts the record's fields equal the |-separated list in `want`. */
static void expect_fields(const fa_csv_record *rec, const char *want)
{
    char buf[4096], *save = NULL, *tok;
    size_t i = 0;

    cr_assert_not_null(rec, "expected a record, got end of input");
    snprintf(buf, sizeof buf, "%s", want);
    for (tok = strtok_r(buf, "|", &save); tok != NULL; tok = strtok_r(NULL, "|", &save), i++) {
        const char *exp = strcmp(tok, "<>") == 0 ? "" : tok;
        cr_assert_lt(i, rec->n_fields, "record has %zu fields, wanted more (%s)", rec->n_fields,
                     want);
        cr_assert_str_eq(rec->fields[i], exp, "field %zu", i);
        cr_assert_eq(rec->lengths[i], strlen(exp), "length of field %zu", i);
    }
    cr_assert_eq(rec->n_fields, i, "record has %zu fields, expected %zu (%s)", rec->n_fields, i,
                 want);
}

static void expect_end(fa_csv_reader *r)
{
    cr_assert_null(next_ok(r), "expected end of input");
    cr_assert_null(next_ok(r), "end of input must be sticky");
}

/* Runs the reader over text expecting an error; returns the formatted error. */
static const char *read_fail(const char *text, const fa_csv_options *o, fa_status want)
{
    static char msg[1024];
    fa_csv_reader *r = NULL;
    const fa_csv_record *rec = NULL;
    fa_error err;
    fa_status rc;
    const char *path = fa_test_write("fail.csv", text);

    fa_error_clear(&err);
    rc = fa_csv_open(&r, path, o, &err);
    while (rc == FA_OK) {
        rc = fa_csv_next(r, &rec, &err);
        if (rc == FA_OK && rec == NULL)
            break;
    }
    cr_assert_eq(rc, want, "status %s, wanted %s", fa_status_str(rc), fa_status_str(want));
    if (r != NULL) {
        /* errors are sticky */
        cr_assert_eq(fa_csv_next(r, &rec, NULL), want);
        cr_assert_null(rec);
    }
    fa_csv_close(r);
    /* report "fail.csv" rather than the temp path so messages are stable */
    if (strstr(err.loc.path, "fail.csv") != NULL)
        snprintf(err.loc.path, sizeof err.loc.path, "fail.csv");
    fa_error_format(&err, msg, sizeof msg);
    return msg;
}

Test(csv_reader, header_records_and_locations)
{
    fa_csv_options o = opts_default();
    fa_csv_reader *r = open_ok(fa_test_write("basic.csv", "a,b,c\n1,2,3\n4,,6\n"), &o);
    const fa_csv_record *rec;
    const char *const *h;
    size_t nh = 0;

    h = fa_csv_header(r, &nh);
    cr_assert_eq(nh, 3);
    cr_assert_str_eq(h[0], "a");
    cr_assert_str_eq(h[2], "c");
    rec = next_ok(r);
    expect_fields(rec, "1|2|3");
    cr_assert_eq(rec->record, 2);
    cr_assert_eq(rec->line, 2);
    rec = next_ok(r);
    expect_fields(rec, "4|<>|6");
    cr_assert_eq(rec->record, 3);
    cr_assert_eq(rec->line, 3);
    expect_end(r);
    cr_assert_eq(fa_csv_bytes_read(r), 17);
    fa_csv_close(r);
    FA_ASSERT_NO_LEAKS();
}

Test(csv_reader, no_header_and_no_trailing_newline)
{
    fa_csv_options o = opts_noheader();
    fa_csv_reader *r = open_ok(fa_test_write("nohdr.csv", "x,y\nz,w"), &o);
    size_t nh = 7;

    cr_assert_null(fa_csv_header(r, &nh));
    cr_assert_eq(nh, 0);
    expect_fields(next_ok(r), "x|y");
    expect_fields(next_ok(r), "z|w");
    expect_end(r);
    fa_csv_close(r);
    FA_ASSERT_NO_LEAKS();
}

Test(csv_reader, crlf_lone_cr_and_mixed_line_ends)
{
    fa_csv_options o = opts_noheader();
    fa_csv_reader *r = open_ok(fa_test_write("eol.csv", "a,1\r\nb,2\rc,3\nd,4\r\n\re,5\r"), &o);
    const fa_csv_record *rec;

    rec = next_ok(r);
    expect_fields(rec, "a|1");
    cr_assert_eq(rec->line, 1);
    rec = next_ok(r);
    expect_fields(rec, "b|2");
    cr_assert_eq(rec->line, 2);
    rec = next_ok(r);
    expect_fields(rec, "c|3");
    cr_assert_eq(rec->line, 3);
    rec = next_ok(r);
    expect_fields(rec, "d|4");
    cr_assert_eq(rec->line, 4);
    rec = next_ok(r); /* line 5 is empty (lone CR) and skipped */
    expect_fields(rec, "e|5");
    cr_assert_eq(rec->line, 6);
    expect_end(r);
    fa_csv_close(r);
    FA_ASSERT_NO_LEAKS();
}

Test(csv_reader, utf8_bom_is_skipped)
{
    fa_csv_options o = opts_default();
    fa_csv_reader *r = open_ok(fa_test_write("bom.csv", "\xEF\xBB\xBFname,v\n\xC3\xA9,1\n"), &o);
    const char *const *h = fa_csv_header(r, NULL);

    cr_assert_str_eq(h[0], "name");
    expect_fields(next_ok(r), "\xC3\xA9|1");
    expect_end(r);
    fa_csv_close(r);
    FA_ASSERT_NO_LEAKS();
}

Test(csv_reader, quoted_fields_with_delimiters_quotes_and_newlines)
{
    fa_csv_options o = opts_default();
    const char *text = "id,text,n\n"
                       "1,\"a, b\",2\n"
                       "2,\"say \"\"hi\"\"\",3\n"
                       "3,\"line one\nline two\r\n\nline four\",4\n"
                       "4,\"\",5\n";
    fa_csv_reader *r = open_ok(fa_test_write("quoted.csv", text), &o);
    const fa_csv_record *rec;

    rec = next_ok(r);
    expect_fields(rec, "1|a, b|2");
    rec = next_ok(r);
    expect_fields(rec, "2|say \"hi\"|3");
    cr_assert_eq(rec->line, 3);
    rec = next_ok(r);
    cr_assert_eq(rec->n_fields, 3);
    cr_assert_str_eq(rec->fields[1], "line one\nline two\r\n\nline four");
    cr_assert_eq(rec->line, 4);
    cr_assert_eq(rec->record, 4);
    rec = next_ok(r);
    expect_fields(rec, "4|<>|5");
    cr_assert_eq(rec->line, 8, "the quoted record spans lines 4-7");
    expect_end(r);
    fa_csv_close(r);
    FA_ASSERT_NO_LEAKS();
}

Test(csv_reader, comment_and_empty_lines_are_skipped_between_records)
{
    fa_csv_options o = opts_default();
    const char *text = "# a comment\n\n   \na,b\n!not a comment,here\n# x\n1,\"# kept\n# also kept\"\n\t\n";
    fa_csv_reader *r;
    const fa_csv_record *rec;

    o.comment = '#';
    r = open_ok(fa_test_write("comments.csv", text), &o);
    cr_assert_str_eq(fa_csv_header(r, NULL)[1], "b");
    rec = next_ok(r);
    expect_fields(rec, "!not a comment|here");
    cr_assert_eq(rec->line, 5);
    rec = next_ok(r);
    expect_fields(rec, "1|# kept\n# also kept");
    cr_assert_eq(rec->line, 7);
    cr_assert_eq(rec->record, 3);
    expect_end(r);
    fa_csv_close(r);
    FA_ASSERT_NO_LEAKS();
}

Test(csv_reader, empty_lines_kept_when_asked)
{
    fa_csv_options o = opts_noheader();
    fa_csv_reader *r;

    o.skip_empty_lines = 0;
    r = open_ok(fa_test_write("keep.csv", "x\n\ny\n  \n"), &o);
    expect_fields(next_ok(r), "x");
    expect_fields(next_ok(r), "<>");
    expect_fields(next_ok(r), "y");
    expect_fields(next_ok(r), "  "); /* no trim: the spaces are the value */
    expect_end(r);
    fa_csv_close(r);
    FA_ASSERT_NO_LEAKS();
}

Test(csv_reader, trim_turns_comma_space_into_a_separator)
{
    fa_csv_options o = opts_noheader();
    fa_csv_reader *r;

    /* Adult's ", " separators; quoted values keep their inner spaces */
    o.trim = 1;
    r = open_ok(fa_test_write("trim.csv", "39, State-gov, 77516 , \" x \" ,\t<=50K\n"), &o);
    expect_fields(next_ok(r), "39|State-gov|77516| x |<=50K");
    expect_end(r);
    fa_csv_close(r);

    o.trim = 0;
    r = open_ok(fa_test_write("notrim.csv", "39, State-gov,77516 \n"), &o);
    expect_fields(next_ok(r), "39| State-gov|77516 ");
    expect_end(r);
    fa_csv_close(r);
    FA_ASSERT_NO_LEAKS();
}

Test(csv_reader, space_and_tab_delimiters)
{
    fa_csv_options o = opts_noheader();
    fa_csv_reader *r;

    o.delimiter = ' ';
    r = open_ok(fa_test_write("space.csv", "A11 6 A34\nA12 48 A32\n"), &o);
    expect_fields(next_ok(r), "A11|6|A34");
    expect_fields(next_ok(r), "A12|48|A32");
    expect_end(r);
    fa_csv_close(r);

    o.delimiter = '\t';
    o.trim = 1;
    r = open_ok(fa_test_write("tab.tsv", "a\t b \tc\n\t\t\n"), &o);
    expect_fields(next_ok(r), "a|b|c");
    expect_fields(next_ok(r), "<>|<>|<>"); /* tabs are delimiters here, not blanks */
    expect_end(r);
    fa_csv_close(r);
    FA_ASSERT_NO_LEAKS();
}

Test(csv_reader, nul_bytes_inside_fields)
{
    static const char data[] = "a,b\nx\0y,\"q\0\"\n";
    fa_csv_options o = opts_default();
    fa_csv_reader *r = open_ok(fa_test_write_bytes("nul.csv", data, sizeof data - 1), &o);
    const fa_csv_record *rec = next_ok(r);

    cr_assert_not_null(rec);
    cr_assert_eq(rec->n_fields, 2);
    cr_assert_eq(rec->lengths[0], 3);
    cr_assert_eq(memcmp(rec->fields[0], "x\0y", 4), 0);
    cr_assert_eq(rec->lengths[1], 2);
    cr_assert_eq(memcmp(rec->fields[1], "q\0", 3), 0);
    expect_end(r);
    fa_csv_close(r);
    FA_ASSERT_NO_LEAKS();
}

Test(csv_reader, ragged_records_report_their_field_count)
{
    fa_csv_options o = opts_default();
    fa_csv_reader *r = open_ok(fa_test_write("ragged.csv", "a,b,c\n1,2\n1,2,3,4\n"), &o);

    cr_assert_eq(next_ok(r)->n_fields, 2);
    cr_assert_eq(next_ok(r)->n_fields, 4);
    expect_end(r);
    fa_csv_close(r);
    FA_ASSERT_NO_LEAKS();
}

Test(csv_reader, unterminated_quote_is_an_error_at_the_field)
{
    fa_csv_options o = opts_default();

    cr_assert_str_eq(read_fail("a,b,c\n1,2,3\n4,\"open\n5,6\n", &o, FA_EPARSE),
                     "fail.csv:3:2: unterminated quoted field (the file ends inside quotes)");
    cr_assert_str_eq(read_fail("a,b\n1,\"x", &o, FA_EPARSE),
                     "fail.csv:2:2: unterminated quoted field (the file ends inside quotes)");
    FA_ASSERT_NO_LEAKS();
}

Test(csv_reader, malformed_quoting_is_located)
{
    fa_csv_options o = opts_default();

    cr_assert_str_eq(read_fail("a,b,c\n1,ab\"c,3\n", &o, FA_EPARSE),
                     "fail.csv:2:2: quote character inside an unquoted field (at character 5 of "
                     "the line)");
    cr_assert_str_eq(read_fail("a,b,c\n1,\"ab\"c,3\n", &o, FA_EPARSE),
                     "fail.csv:2:2: unexpected character after a closing quote (at character 7 "
                     "of the line)");
    FA_ASSERT_NO_LEAKS();
}

Test(csv_reader, malformed_error_names_the_header_column)
{
    fa_csv_options o = opts_default();
    fa_csv_reader *r = NULL;
    const fa_csv_record *rec = NULL;
    fa_error err;

    fa_error_clear(&err);
    r = open_ok(fa_test_write("named.csv", "id,name\n1,x\"y\n"), &o);
    cr_assert_eq(fa_csv_next(r, &rec, &err), FA_EPARSE);
    cr_assert_str_eq(err.loc.column_name, "name");
    cr_assert_eq(err.loc.record, 2);
    cr_assert_eq(err.loc.line, 2);
    cr_assert_eq(err.loc.column, 2);
    fa_csv_close(r);
    FA_ASSERT_NO_LEAKS();
}

Test(csv_reader, duplicate_header_names)
{
    fa_csv_options o = opts_default();

    cr_assert_str_eq(read_fail("# c\nage,sex,income,sex,age\n1,2,3,4,5\n",
                               &(fa_csv_options){FA_CSV_OPTIONS_VERSION, ',', '"', 1, 0, '#', 1},
                               FA_ESCHEMA),
                     "fail.csv:2:4: duplicate column name \"sex\" (also column 2)");
    cr_assert_str_eq(read_fail("x,y,x\n", &o, FA_ESCHEMA),
                     "fail.csv:1:3: duplicate column name \"x\" (also column 1)");
    FA_ASSERT_NO_LEAKS();
}

Test(csv_reader, empty_file_with_header_expected)
{
    fa_csv_options o = opts_default();
    fa_csv_reader *r;

    cr_assert_str_eq(read_fail("", &o, FA_EDATA),
                     "fail.csv:1:1: the file is empty (expected a header record)");
    o.comment = '#';
    cr_assert_str_eq(read_fail("# only\n\n", &o, FA_EDATA),
                     "fail.csv:1:1: no header record (the file has only comment or empty lines)");
    /* without a header, an empty file is simply no records */
    o = opts_noheader();
    r = open_ok(fa_test_write("empty.csv", ""), &o);
    expect_end(r);
    fa_csv_close(r);
    FA_ASSERT_NO_LEAKS();
}

Test(csv_reader, missing_file_is_eio)
{
    fa_csv_reader *r = NULL;
    fa_error err;

    fa_error_clear(&err);
    cr_assert_eq(fa_csv_open(&r, "/nonexistent/dir/x.csv", NULL, &err), FA_EIO);
    cr_assert_null(r);
    cr_assert_neq(err.sys_errno, 0);
    cr_assert(strstr(err.message, "cannot open '/nonexistent/dir/x.csv'") != NULL);
    FA_ASSERT_NO_LEAKS();
}

Test(csv_reader, invalid_options_are_einval)
{
    fa_csv_options o = opts_default();
    fa_csv_reader *r = NULL;
    fa_error err;
    const char *path = fa_test_write("opts.csv", "a\n");

    fa_error_clear(&err);
    o.delimiter = '\n';
    cr_assert_eq(fa_csv_open(&r, path, &o, &err), FA_EINVAL);
    o = opts_default();
    o.quote = ',';
    cr_assert_eq(fa_csv_open(&r, path, &o, &err), FA_EINVAL);
    o = opts_default();
    o.version = 99;
    cr_assert_eq(fa_csv_open(&r, path, &o, &err), FA_EINVAL);
    cr_assert_null(r);
    FA_ASSERT_NO_LEAKS();
}

/* Builds a file whose records straddle the reader's 1 MiB chunks. */
Test(csv_reader, long_fields_and_lines_across_chunks)
{
    const size_t big = (size_t)3 << 20; /* 3 MiB field, longer than a read chunk */
    fa_buf b = FA_BUF_INIT;
    fa_csv_options o = opts_noheader();
    fa_csv_reader *r;
    const fa_csv_record *rec;
    size_t i, n_small = 0;
    const char *path;

    /* short CRLF lines fill the first chunk, then a quoted 3 MiB field */
    while (b.len + 16 < ((size_t)1 << 20)) {
        fa_buf_printf(&b, "s,%05zu\r\n", n_small % 100000);
        n_small++;
    }
    while (b.len < ((size_t)1 << 20) - 3) {
        fa_buf_puts(&b, "p\r\n");
        n_small++;
    }
    fa_buf_puts(&b, "z,\"");
    for (i = 0; i < big; i++)
        fa_buf_putc(&b, (char)('a' + (char)(i % 26)));
    fa_buf_puts(&b, "\",end\r\n");
    cr_assert_not(b.oom);
    path = fa_test_write_bytes("long.csv", b.ptr, b.len);
    r = open_ok(path, &o);
    for (i = 0; i < n_small; i++) {
        rec = next_ok(r);
        cr_assert_not_null(rec, "record %zu", i);
        cr_assert_eq(rec->line, i + 1);
    }
    rec = next_ok(r);
    cr_assert_not_null(rec);
    cr_assert_eq(rec->n_fields, 3);
    cr_assert_eq(rec->lengths[1], big);
    cr_assert_eq(rec->fields[1][big - 1], (char)('a' + (char)((big - 1) % 26)));
    cr_assert_str_eq(rec->fields[2], "end");
    cr_assert_eq(rec->line, n_small + 1);
    expect_end(r);
    cr_assert_eq(fa_csv_bytes_read(r), b.len);
    fa_csv_close(r);
    fa_buf_dispose(&b);
    FA_ASSERT_NO_LEAKS();
}

Test(csv_reader, crlf_split_exactly_at_chunk_boundary)
{
    const size_t chunk = (size_t)1 << 20;
    fa_buf b = FA_BUF_INIT;
    fa_csv_options o = opts_noheader();
    fa_csv_reader *r;
    const fa_csv_record *rec;
    uint64_t count = 0, last_line = 0;

    /* one long first line ending with '\r' at byte chunk-1 and '\n' at byte chunk */
    while (b.len < chunk - 1)
        fa_buf_putc(&b, 'x');
    fa_buf_puts(&b, "\r\nnext\r\n");
    r = open_ok(fa_test_write_bytes("boundary.csv", b.ptr, b.len), &o);
    while ((rec = next_ok(r)) != NULL) {
        count++;
        last_line = rec->line;
    }
    cr_assert_eq(count, 2);
    cr_assert_eq(last_line, 2, "CRLF across a chunk boundary is one line break");
    fa_csv_close(r);
    fa_buf_dispose(&b);
    FA_ASSERT_NO_LEAKS();
}

Test(csv_reader, fingerprint_is_sha256_of_the_file)
{
    static const char text[] = "\xEF\xBB\xBF" "a,b\r\n1,2\n# c\n";
    fa_csv_options o = opts_default();
    fa_csv_reader *r = NULL;
    fa_error err;
    fa_sha256 s;
    char want[65], got[65];

    o.comment = '#';
    fa_sha256_init(&s);
    fa_sha256_update(&s, text, sizeof text - 1);
    fa_sha256_final_hex(&s, want);
    fa_error_clear(&err);
    FA_ASSERT_OK(fa_csv__open(&r, fa_test_write_bytes("fp.csv", text, sizeof text - 1), &o, true, &err));
    expect_fields(next_ok(r), "1|2");
    expect_end(r);
    fa_csv__fingerprint(r, got);
    cr_assert_str_eq(got, want);
    cr_assert_eq(fa_csv__lines(r), 3);
    fa_csv_close(r);
    FA_ASSERT_NO_LEAKS();
}

Test(csv_reader, close_accepts_null)
{
    fa_csv_close(NULL);
    FA_ASSERT_NO_LEAKS();
}
