/* test_escape.c — escaping of data strings for HTML, Markdown, gnuplot and
 * file names, UTF-8 repair, and the locale-free number formats. */
#include <string.h>

#include "fa_test.h"
#include "reports/report_blocks.h"
#include "reports/report_escape.h"

typedef void (*esc_fn)(fa_buf *, const char *);

static void expect_esc(esc_fn fn, const char *in, const char *want)
{
    fa_buf b = FA_BUF_INIT;

    fn(&b, in);
    cr_assert(!b.oom);
    cr_assert_str_eq(b.ptr ? b.ptr : "", want, "escaping [%s]", in);
    fa_buf_dispose(&b);
}

Test(reports_escape, html_entities)
{
    expect_esc(fa_esc_html, "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
    expect_esc(fa_esc_html, "\"; system(\"touch PWNED\"); \"",
               "&quot;; system(&quot;touch PWNED&quot;); &quot;");
    expect_esc(fa_esc_html, "a&b 'c'", "a&amp;b &#39;c&#39;");
    expect_esc(fa_esc_html, "line1\nline2\tx", "line1\nline2\tx");
    expect_esc(fa_esc_html, "bell\a", "bell\xEF\xBF\xBD");
    expect_esc(fa_esc_html, "naïve ✓", "naïve ✓");
}

Test(reports_escape, utf8_repair)
{
    /* a lone continuation byte, a truncated sequence, an overlong '/', a
     * surrogate and a code point above U+10FFFF each become U+FFFD */
    expect_esc(fa_esc_utf8, "a\x80z", "a\xEF\xBF\xBDz");
    expect_esc(fa_esc_utf8, "a\xC3", "a\xEF\xBF\xBD");
    expect_esc(fa_esc_utf8, "\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD");
    expect_esc(fa_esc_utf8, "\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    expect_esc(fa_esc_utf8, "\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    expect_esc(fa_esc_utf8, "\xF0\x9F\x98\x80 ok", "\xF0\x9F\x98\x80 ok");
    /* the HTML escaper repairs too, so no invalid byte reaches the page */
    expect_esc(fa_esc_html, "<\xFF>", "&lt;\xEF\xBF\xBD&gt;");
}

Test(reports_escape, markdown_metacharacters)
{
    expect_esc(fa_esc_md, "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
    expect_esc(fa_esc_md, "a|b`c`\n*d* _e_ [x](http://evil.example/)",
               "a\\|b\\`c\\`<br>\\*d\\* \\_e\\_ \\[x\\](http\\://evil.example/)");
    expect_esc(fa_esc_md, "# not a heading", "\\# not a heading");
    expect_esc(fa_esc_md, "- not a list", "\\- not a list");
    expect_esc(fa_esc_md, "1. not a list", "1\\. not a list");
    expect_esc(fa_esc_md, "12.5 and 1.5", "12.5 and 1.5");
    expect_esc(fa_esc_md, "2) item", "2\\) item");
    expect_esc(fa_esc_md, "![img](x) & <b>", "!\\[img\\](x) &amp; &lt;b&gt;");
    expect_esc(fa_esc_md, "back\\slash", "back\\\\slash");
    expect_esc(fa_esc_md, "18-25 trade-off", "18-25 trade-off");
    expect_esc(fa_esc_md, "~~struck~~", "\\~\\~struck\\~\\~");
    expect_esc(fa_esc_md, "14:05:09", "14:05:09");
}

Test(reports_escape, gnuplot_literal)
{
    /* single quotes: only ' is special (doubled); backquotes, @ and \ stay
     * literal because gnuplot does not interpret them inside '...' */
    expect_esc(fa_esc_gp_literal, "it's", "'it''s'");
    expect_esc(fa_esc_gp_literal, "`touch PWNED` @macro \\n", "'`touch PWNED` @macro \\n'");
    expect_esc(fa_esc_gp_literal, "two\nlines", "'two lines'");
    expect_esc(fa_esc_gp_literal, "'; system('touch PWNED'); '",
               "'''; system(''touch PWNED''); '''");
}

Test(reports_escape, gnuplot_data_field)
{
    /* gnuplot data files have no \" escape; the octal \042 reads back as " */
    expect_esc(fa_esc_gp_field, "\"; system(\"touch PWNED\"); \"",
               "\"\\042; system(\\042touch PWNED\\042); \\042\"");
    expect_esc(fa_esc_gp_field, "a\\b", "\"a\\\\b\"");
    expect_esc(fa_esc_gp_field, "tab\there\nnl", "\"tab here nl\"");
    expect_esc(fa_esc_gp_field, "", "\"\"");
    expect_esc(fa_esc_gp_field, "#hash", "\"#hash\"");
}

Test(reports_escape, slug)
{
    fa_buf b = FA_BUF_INIT;

    fa_esc_slug(&b, "Sex × Age/Band", 24);
    cr_assert_str_eq(b.ptr, "sex_age_band");
    fa_buf_clear(&b);
    fa_esc_slug(&b, "\"; system(\"touch PWNED\"); \"", 24);
    cr_assert_str_eq(b.ptr, "system_touch_pwned");
    fa_buf_clear(&b);
    fa_esc_slug(&b, "<>|", 24);
    cr_assert_str_eq(b.ptr, "x");
    fa_buf_clear(&b);
    fa_esc_slug(&b, "abcdefghijklmnopqrstuvwxyz0123456789", 10);
    cr_assert_str_eq(b.ptr, "abcdefghij");
    fa_buf_dispose(&b);
}

Test(reports_escape, number_formats)
{
    char buf[FA_RFMT_MAX];

    fa_rfmt_num(buf, sizeof buf, 0.78214, 4);
    cr_assert_str_eq(buf, "0.7821");
    fa_rfmt_num(buf, sizeof buf, -0.00004, 4);
    cr_assert_str_eq(buf, "0.0000"); /* no "-0.0000" */
    fa_rfmt_num(buf, sizeof buf, -1.5, 1);
    cr_assert_str_eq(buf, "-1.5");
    fa_rfmt_num(buf, sizeof buf, 2.0 / 3.0, 0);
    cr_assert_str_eq(buf, "1");
    fa_rfmt_num(buf, sizeof buf, fa_nan(), 4);
    cr_assert_str_eq(buf, FA_RFMT_DASH);
    fa_rfmt_ci(buf, sizeof buf, 0.5, 0.4, 0.61, 2);
    cr_assert_str_eq(buf, "0.50 [0.40, 0.61]");
    fa_rfmt_ci(buf, sizeof buf, 0.5, fa_nan(), fa_nan(), 2);
    cr_assert_str_eq(buf, "0.50");
    fa_rfmt_count(buf, sizeof buf, 1234567.0);
    cr_assert_str_eq(buf, "1,234,567");
    fa_rfmt_count(buf, sizeof buf, 999.0);
    cr_assert_str_eq(buf, "999");
    fa_rfmt_count(buf, sizeof buf, 12.25);
    cr_assert_str_eq(buf, "12.25");
    fa_rfmt_p(buf, sizeof buf, 0.00001);
    cr_assert_str_eq(buf, "< 0.0001");
    fa_rfmt_p(buf, sizeof buf, 0.0421);
    cr_assert_str_eq(buf, "0.0421");
}

Test(reports_escape, base64)
{
    fa_buf b = FA_BUF_INIT;

    fa_base64(&b, (const unsigned char *)"Man", 3);
    fa_base64(&b, (const unsigned char *)"Ma", 2);
    fa_base64(&b, (const unsigned char *)"M", 1);
    cr_assert_str_eq(b.ptr, "TWFuTWE=TQ==");
    fa_buf_dispose(&b);
}
