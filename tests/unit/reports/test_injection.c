/* test_injection.c — hostile strings from the audit document (a group value
 * `"; system("touch PWNED"); "`, a group value `<script>alert(1)</script>`,
 * an attribute name with backticks, pipes, a newline and Markdown markup, a
 * file name with an HTML tag) are shown literally and run nothing: gnuplot
 * really runs on them, and afterwards no PWNED file exists; the HTML and
 * Markdown contain no live markup made from them. */
#include <string.h>

#include "fa_test.h"
#include "report_test.h"

static int has_pwned(const char *dir)
{
    return rt_count_files(dir, "PWNED") > 0;
}

Test(reports_injection, hostile_names_run_nothing_and_show_literally)
{
    const char *dir, *cwd_dir;
    char charts[600], cwd[1024], *html, *md, *dat, *gp, *svg;
    fa_report_render_options o = FA_REPORT_RENDER_OPTIONS_INIT;
    fa_report_render_summary sum;
    fa_buf log = FA_BUF_INIT;
    fa_error err;

    rt_need_gnuplot();
    dir = rt_tmpdir();
    cwd_dir = rt_tmpdir();
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    cr_assert_eq(chdir(cwd_dir), 0); /* a `touch PWNED` would land here or in charts/ */
    o.log = rt_log;
    o.log_payload = &log;
    fa_error_clear(&err);
    FA_ASSERT_OK(fa_report_render_file(FIXTURES "/audit_injection.json", dir, &o, &sum, &err));
    cr_assert_eq(chdir(cwd), 0);
    cr_assert_eq(sum.charts_missing, 0, "gnuplot failed on a hostile chart: %s", log.ptr);
    cr_assert_eq(sum.charts_rendered, 12);

    snprintf(charts, sizeof charts, "%s/charts", dir);
    cr_assert(!has_pwned(dir) && !has_pwned(charts) && !has_pwned(cwd_dir),
              "a command from the data ran");

    /* HTML: escaped, never live */
    html = rt_read(dir, "report.html");
    cr_assert_null(strstr(html, "<script"), "an unescaped <script in report.html");
    cr_assert_null(strstr(html, "<SCRIPT"));
    cr_assert(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
    cr_assert(strstr(html, "&quot;; system(&quot;touch PWNED&quot;); &quot;") != NULL);
    cr_assert(strstr(html, "&lt;img src=x onerror=alert(1)&gt;.csv") != NULL);
    cr_assert(strstr(html, "age|band`\n**x**") != NULL, "attribute name shown as is");
    cr_assert(strstr(html, "&lt;b&gt;label&lt;/b&gt;") != NULL);
    cr_assert_eq(rt_count(html, "<img "), 12, "only the chart images are <img> elements");
    cr_assert_null(strstr(html, "href=\"http"));

    /* Markdown: metacharacters escaped, HTML as entities */
    md = rt_read(dir, "report.md");
    cr_assert_null(strstr(md, "<script"));
    cr_assert_null(strstr(md, "<img"));
    cr_assert_null(strstr(md, "<b>"));
    cr_assert(strstr(md, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
    cr_assert(strstr(md, "\"; system(\"touch PWNED\"); \"") != NULL);
    cr_assert(strstr(md, "Attribute: age\\|band\\`<br>\\*\\*x\\*\\*") != NULL);
    cr_assert(strstr(md, "a\\|b\\`c\\`<br>\\*d\\* \\_e\\_ \\[x\\](http\\://evil.example/)") !=
              NULL);
    cr_assert_eq(rt_count(md, "](http"), rt_count(md, "\\](http"),
                 "a Markdown link made from data");

    /* gnuplot files: the value sits in the .dat as an escaped field; the
     * script has no trace of it; the SVG text is escaped by gnuplot */
    dat = rt_read(charts, "a1-sex-selection_rate.dat");
    cr_assert(strstr(dat, "\"\\042; system(\\042touch PWNED\\042); \\042\"") != NULL, "%s", dat);
    free(dat);
    gp = rt_read(charts, "a1-sex-selection_rate.gp");
    cr_assert_null(strstr(gp, "system("));
    cr_assert_null(strstr(gp, "PWNED"));
    free(gp);
    gp = rt_read(charts, "a2-age_band_x-roc.gp");
    cr_assert_not_null(gp);
    cr_assert(strstr(gp, "set title 'ROC curve by group: age|band` **x**'") != NULL, "%s", gp);
    free(gp);
    svg = rt_read(charts, "a2-age_band_x-selection_rate.svg");
    cr_assert_null(strstr(svg, "<script"));
    cr_assert(strstr(svg, "&lt;script>alert(1)&lt;/script>") != NULL);
    free(svg);
    svg = rt_read(charts, "a1-sex-selection_rate.svg");
    cr_assert(strstr(svg, "\"; system(\"touch PWNED\"); \"") != NULL, "label read back intact");
    free(svg);
    free(html);
    free(md);
    fa_buf_dispose(&log);
    rt_rmtree(dir);
    rt_rmtree(cwd_dir);
    FA_ASSERT_NO_LEAKS();
}
