/* test_render.c — whole renders of the fixture audit: every output, the
 * sections, the self-contained HTML, Markdown, missing gnuplot, output
 * selection, errors without partial files, determinism, allocation failure. */
#include <string.h>

#include "fa_test.h"
#include "report_test.h"

static const char *const section_ids[] = {
    "id=\"summary\"",    "id=\"scope\"",       "id=\"sample\"",     "id=\"outcomes\"",
    "id=\"errors\"",     "id=\"calibration\"", "id=\"scores\"",     "id=\"policy\"",
    "id=\"model-card\"", "id=\"definitions\"", "id=\"limitations\""};

static fa_status render(const char *dir,
                        unsigned formats,
                        const char *gnuplot,
                        const char *baseline,
                        fa_report_render_summary *sum,
                        fa_buf *log)
{
    fa_report_render_options o = FA_REPORT_RENDER_OPTIONS_INIT;
    fa_error err;

    o.formats = formats;
    o.gnuplot = gnuplot;
    o.baseline = baseline;
    o.author = "Jane Auditor";
    o.log = rt_log;
    o.log_payload = log;
    fa_error_clear(&err);
    return fa_report_render_file(FIXTURES "/audit_credit.json", dir, &o, sum, &err);
}

Test(reports_render, full_report_with_charts)
{
    const char *dir;
    fa_report_render_summary sum;
    fa_buf log = FA_BUF_INIT;
    char *html, *md, charts[600];
    size_t i;

    rt_need_gnuplot();
    dir = rt_tmpdir();
    cr_assert_eq(render(dir, 0, NULL, NULL, &sum, &log), FA_OK);
    cr_assert_eq(log.len, 0, "unexpected warning: %s", log.ptr);
    /* 3 attributes x 6 charts (no baseline: no before/after, no frontier) */
    cr_assert_eq(sum.charts_planned, 18);
    cr_assert_eq(sum.charts_rendered, 18);
    cr_assert_eq(sum.charts_missing, 0);
    cr_assert(sum.html_written && sum.markdown_written);
    snprintf(charts, sizeof charts, "%s/charts", dir);
    cr_assert_eq(rt_count_files(charts, ".svg"), 18);
    cr_assert_eq(rt_count_files(charts, ".png"), 18);
    cr_assert_eq(rt_count_files(charts, ".dat"), 18);
    cr_assert_eq(rt_count_files(charts, ".gp"), 18);

    html = rt_read(dir, "report.html");
    cr_assert_not_null(html);
    for (i = 0; i < sizeof section_ids / sizeof section_ids[0]; i++)
        cr_assert(strstr(html, section_ids[i]) != NULL, "no section %s", section_ids[i]);
    cr_assert_null(strstr(html, "id=\"mitigation\""), "mitigation without baseline/mitigation");
    /* self-contained: 18 embedded SVG images, no script, no external URL */
    cr_assert_eq(rt_count(html, "<img "), 18);
    cr_assert_eq(rt_count(html, "src=\"data:image/svg+xml;base64,"), 18);
    cr_assert_null(strstr(html, "<script"));
    cr_assert_null(strstr(html, "<link"));
    cr_assert_null(strstr(html, "src=\"http"));
    cr_assert_null(strstr(html, "href=\"http"));
    cr_assert(strstr(html, "Content-Security-Policy") != NULL);
    cr_assert(strstr(html, "@media print") != NULL);
    /* figures from the document, as the tables show them */
    cr_assert(strstr(html, "<td class=\"num\">0.6496\n[") != NULL, "female selection rate");
    cr_assert(strstr(html, "Jane Auditor") != NULL);
    cr_assert(strstr(html, "Policy check FAILED") != NULL);
    cr_assert(strstr(html, "below minimum group size") != NULL);
    cr_assert(strstr(html, "85+") != NULL);
    cr_assert(strstr(html, "Demographic parity difference") != NULL);

    md = rt_read(dir, "report.md");
    cr_assert_not_null(md);
    cr_assert(strstr(md, "# Fairness audit report\n") != NULL);
    cr_assert(strstr(md, "## Outcome disparities at the decision threshold\n") != NULL);
    cr_assert(strstr(md, "| female | 1,878 | 0.6496<br>\\[0.6304, 0.6731\\] |") != NULL);
    cr_assert(strstr(md, "](charts/a1-sex-selection_rate.png)") != NULL);
    cr_assert_eq(rt_count(md, "!["), 18);
    cr_assert_null(strstr(md, "<script"));
    free(html);
    free(md);
    fa_buf_dispose(&log);
    rt_rmtree(dir);
    FA_ASSERT_NO_LEAKS();
}

Test(reports_render, without_gnuplot_everything_else_is_written)
{
    const char *dir = rt_tmpdir();
    fa_report_render_summary sum;
    fa_buf log = FA_BUF_INIT;
    char *html, *md, charts[600];

    cr_assert_eq(render(dir, 0, "/nonexistent/bin/gnuplot", NULL, &sum, &log), FA_OK);
    cr_assert_eq(sum.charts_planned, 18);
    cr_assert_eq(sum.charts_rendered, 0);
    cr_assert_eq(sum.charts_missing, 18);
    cr_assert_not_null(log.ptr);
    cr_assert(strstr(log.ptr, "gnuplot not found") != NULL, "%s", log.ptr);
    cr_assert(strstr(log.ptr, "a1-sex-selection_rate") != NULL, "%s", log.ptr);
    cr_assert(strstr(log.ptr, "a3-sex_age_band-score_distribution") != NULL, "%s", log.ptr);
    snprintf(charts, sizeof charts, "%s/charts", dir);
    cr_assert_eq(rt_count_files(charts, ".dat"), 18);
    cr_assert_eq(rt_count_files(charts, ".gp"), 18);
    cr_assert_eq(rt_count_files(charts, ".svg"), 0);
    html = rt_read(dir, "report.html");
    md = rt_read(dir, "report.md");
    cr_assert_eq(rt_count(html, "class=\"chart missing\""), 18);
    cr_assert_eq(rt_count(html, "<img "), 0);
    cr_assert_eq(rt_count(md, "*Chart not included (not rendered): "), 18);
    free(html);
    free(md);
    fa_buf_dispose(&log);
    rt_rmtree(dir);
}

Test(reports_render, gnuplot_disabled)
{
    const char *dir = rt_tmpdir();
    fa_report_render_summary sum;
    fa_buf log = FA_BUF_INIT;

    cr_assert_eq(render(dir, 0, "", NULL, &sum, &log), FA_OK);
    cr_assert_eq(sum.charts_missing, 18);
    cr_assert(strstr(log.ptr, "gnuplot disabled") != NULL, "%s", log.ptr);
    fa_buf_dispose(&log);
    rt_rmtree(dir);
}

Test(reports_render, html_only_embeds_charts_and_leaves_no_folder)
{
    const char *dir;
    fa_report_render_summary sum;
    fa_buf log = FA_BUF_INIT;
    char *html;

    rt_need_gnuplot();
    dir = rt_tmpdir();
    cr_assert_eq(render(dir, FA_REPORT_HTML, NULL, NULL, &sum, &log), FA_OK);
    cr_assert(sum.html_written && !sum.markdown_written);
    cr_assert(rt_exists(dir, "report.html"));
    cr_assert(!rt_exists(dir, "report.md"));
    cr_assert(!rt_exists(dir, "charts"));
    cr_assert_eq(rt_count_files(dir, ".fairaudit-charts"), 0, "temporary chart folder left");
    html = rt_read(dir, "report.html");
    cr_assert_eq(rt_count(html, "src=\"data:image/svg+xml;base64,"), 18);
    free(html);
    fa_buf_dispose(&log);
    rt_rmtree(dir);
}

Test(reports_render, markdown_without_charts_has_no_images)
{
    const char *dir = rt_tmpdir();
    fa_report_render_summary sum;
    fa_buf log = FA_BUF_INIT;
    char *md;

    cr_assert_eq(render(dir, FA_REPORT_MARKDOWN, "", NULL, &sum, &log), FA_OK);
    md = rt_read(dir, "report.md");
    cr_assert_not_null(md);
    cr_assert_eq(rt_count(md, "!["), 0);
    cr_assert(!rt_exists(dir, "report.html"));
    free(md);
    fa_buf_dispose(&log);
    rt_rmtree(dir);
}

Test(reports_render, baseline_adds_mitigation_section)
{
    const char *dir = rt_tmpdir();
    fa_report_render_summary sum;
    fa_buf log = FA_BUF_INIT;
    char *html, *md;

    cr_assert_eq(render(dir, 0, "", FIXTURES "/audit_credit_baseline.json", &sum, &log), FA_OK);
    cr_assert_eq(sum.charts_planned, 22); /* + before/after and frontier (2 attributes) */
    html = rt_read(dir, "report.html");
    md = rt_read(dir, "report.md");
    cr_assert(strstr(html, "id=\"mitigation\"") != NULL);
    cr_assert(strstr(md, "## Mitigation and trade-offs") != NULL);
    cr_assert(strstr(md, "| Before (baseline) | After (this audit) | Change |") != NULL);
    cr_assert(rt_exists(dir, "charts/a1-sex-before_after.dat"));
    cr_assert(rt_exists(dir, "charts/a2-age_band-frontier.gp"));
    free(html);
    free(md);
    fa_buf_dispose(&log);
    rt_rmtree(dir);
    FA_ASSERT_NO_LEAKS();
}

Test(reports_render, bad_document_writes_nothing)
{
    const char *dir = rt_tmpdir();
    const char *bad = fa_test_write("bad_audit.json", "{\"schema_version\": 1, \"attributes\": 3}");
    fa_report_render_options o = FA_REPORT_RENDER_OPTIONS_INIT;
    fa_error err;

    fa_error_clear(&err);
    o.gnuplot = "";
    cr_assert_eq(fa_report_render_file(bad, dir, &o, NULL, &err), FA_ESCHEMA);
    cr_assert_eq(err.loc.line, 1);
    cr_assert_eq(err.loc.column, 37);
    cr_assert(!rt_exists(dir, "report.html"));
    cr_assert(!rt_exists(dir, "report.md"));
    cr_assert(!rt_exists(dir, "charts"));
    rt_rmtree(dir);
    (void)unlink(bad);
}

Test(reports_render, unwritable_output_is_io_error)
{
    const char *dir = rt_tmpdir();
    char path[600];
    fa_report_render_options o = FA_REPORT_RENDER_OPTIONS_INIT;
    fa_error err;

    /* report.html is a folder: the atomic rename fails and nothing is left */
    snprintf(path, sizeof path, "%s/report.html", dir);
    cr_assert_eq(mkdir(path, 0755), 0);
    fa_error_clear(&err);
    o.gnuplot = "";
    o.formats = FA_REPORT_HTML;
    cr_assert_eq(fa_report_render_file(FIXTURES "/audit_credit.json", dir, &o, NULL, &err), FA_EIO);
    cr_assert_eq(rt_count_files(dir, ".tmp."), 0, "temporary file left behind");
    rt_rmtree(dir);
}

Test(reports_render, options_are_checked)
{
    fa_report_render_options o = FA_REPORT_RENDER_OPTIONS_INIT;
    fa_error err;

    fa_error_clear(&err);
    o.version = 99;
    cr_assert_eq(fa_report_render_file(FIXTURES "/audit_credit.json", "/tmp", &o, NULL, &err),
                 FA_EINVAL);
    o.version = FA_REPORT_RENDER_OPTIONS_VERSION;
    o.formats = 64;
    cr_assert_eq(fa_report_render_file(FIXTURES "/audit_credit.json", "/tmp", &o, NULL, &err),
                 FA_EINVAL);
    cr_assert_eq(fa_report_render_file(NULL, "/tmp", NULL, NULL, &err), FA_EINVAL);
}

Test(reports_render, render_json_from_memory_and_deterministic)
{
    const char *d1 = rt_tmpdir(), *d2 = rt_tmpdir();
    char *text = rt_read(FIXTURES, "audit_credit.json");
    fa_report_render_options o = FA_REPORT_RENDER_OPTIONS_INIT;
    fa_error err;
    char *m1, *m2, *h1, *h2;

    fa_error_clear(&err);
    o.gnuplot = "";
    FA_ASSERT_OK(fa_report_render_json(text, strlen(text), "mem.json", d1, &o, NULL, &err));
    FA_ASSERT_OK(fa_report_render_json(text, strlen(text), "mem.json", d2, &o, NULL, &err));
    m1 = rt_read(d1, "report.md");
    m2 = rt_read(d2, "report.md");
    h1 = rt_read(d1, "report.html");
    h2 = rt_read(d2, "report.html");
    cr_assert_str_eq(m1, m2);
    cr_assert_str_eq(h1, h2);
    cr_assert(strstr(m1, "mem.json") != NULL);
    free(m1);
    free(m2);
    free(h1);
    free(h2);
    free(text);
    rt_rmtree(d1);
    rt_rmtree(d2);
}

Test(reports_render, allocation_failures_are_clean)
{
    const char *dir = rt_tmpdir();
    char *text = rt_read(FIXTURES, "audit_credit.json");
    fa_report_render_options o = FA_REPORT_RENDER_OPTIONS_INIT;
    long n, total;
    fa_error err;

    o.gnuplot = "";
    fa_error_clear(&err);
    fa__alloc_fail_after(0);
    FA_ASSERT_OK(fa_report_render_json(text, strlen(text), "a.json", dir, &o, NULL, &err));
    total = fa__alloc_fail_after(0);
    cr_assert(total > 100);
    /* every 37th allocation point keeps the test fast; each must fail cleanly */
    for (n = 1; n <= total; n += 37) {
        fa_status rc;
        fa_error_clear(&err);
        fa__alloc_fail_after(n);
        rc = fa_report_render_json(text, strlen(text), "a.json", dir, &o, NULL, &err);
        fa__alloc_fail_after(0);
        cr_assert(rc == FA_ENOMEM, "allocation %ld of %ld: status %d (%s)", n, total, rc,
                  err.message);
    }
    free(text);
    rt_rmtree(dir);
    FA_ASSERT_NO_LEAKS();
}

static fa_status render_with_model(const char *dir, const char *model, const char *use)
{
    fa_report_render_options o = FA_REPORT_RENDER_OPTIONS_INIT;
    fa_error err;

    o.gnuplot = "";
    o.model = model;
    o.intended_use = use;
    fa_error_clear(&err);
    return fa_report_render_file(FIXTURES "/audit_credit.json", dir, &o, NULL, &err);
}

Test(reports_render, model_card_from_a_logistic_regression)
{
    const char *dir = rt_tmpdir();
    char *card, *html, *md;

    cr_assert_eq(render_with_model(dir, FIXTURES "/model_logreg.json", "Manual review <triage>"),
                 FA_OK);
    card = rt_read(dir, "model_card.json");
    cr_assert_not_null(card);
    cr_assert(strstr(card, "\"format\": \"fairaudit-model-card\"") != NULL);
    cr_assert(strstr(card, "\"intended_use\": \"Manual review <triage>\"") != NULL);
    /* encoder order: numeric, one-hot levels, the (other) feature, numeric */
    cr_assert(strstr(card, "\"features\": [\"income\", \"debt_ratio\", \"region=North\", "
                           "\"region=South\", \"region=(other)\", \"<b>tenure</b>\"]") != NULL,
              "%s", card);
    /* by |coefficient|: <b>tenure</b> 2.5, income 1.31, debt_ratio -0.87, ... */
    {
        const char *a = strstr(card, "\"feature\": \"<b>tenure</b>\"");
        const char *b = strstr(card, "\"feature\": \"income\"");
        const char *c = strstr(card, "\"feature\": \"debt_ratio\"");
        cr_assert(a && b && c && a < b && b < c, "coefficients not ordered by magnitude");
    }
    cr_assert(strstr(card, "\"method\": \"reweigh\"") != NULL);
    /* the audit fixture's data fingerprint equals the model's training data */
    cr_assert(strstr(card, "in-sample") != NULL);
    cr_assert(strstr(card, "\"fairness\": [") != NULL);
    html = rt_read(dir, "report.html");
    md = rt_read(dir, "report.md");
    cr_assert(strstr(html, "id=\"model-card\"") != NULL);
    cr_assert(strstr(html, "Manual review &lt;triage&gt;") != NULL);
    cr_assert(strstr(html, "<td>&lt;b&gt;tenure&lt;/b&gt;</td><td class=\"num\">2.5000</td>") !=
              NULL);
    cr_assert_null(strstr(html, "<b>tenure"));
    cr_assert(strstr(md, "### Largest coefficients") != NULL);
    cr_assert(strstr(md, "| region=(other) | 0.1100 |") != NULL); /* 6 features: all shown */
    cr_assert(strstr(md, "| Method | reweigh |") != NULL);
    free(card);
    free(html);
    free(md);
    rt_rmtree(dir);
}

Test(reports_render, model_card_from_an_mlp)
{
    const char *dir = rt_tmpdir();
    char *md;

    cr_assert_eq(render_with_model(dir, FIXTURES "/model_mlp.json", NULL), FA_OK);
    md = rt_read(dir, "report.md");
    cr_assert(strstr(md, "| Hidden layers | 3 ReLU units, sigmoid output |") != NULL);
    cr_assert(strstr(md, "did not report convergence") != NULL);
    cr_assert(strstr(md, "a decision threshold of 0.5, not the model's own 0.4.") != NULL);
    cr_assert(strstr(md, "no permutation importances") != NULL);
    cr_assert(strstr(md, "Not stated") != NULL);
    cr_assert_null(strstr(md, "### Largest coefficients"));
    free(md);
    rt_rmtree(dir);
}

Test(reports_render, model_file_errors)
{
    const char *dir = rt_tmpdir();

    cr_assert_eq(render_with_model(dir, FIXTURES "/audit_credit.json", NULL), FA_EFORMAT);
    cr_assert_eq(render_with_model(dir, FIXTURES "/no-such-model.json", NULL), FA_EIO);
    cr_assert(!rt_exists(dir, "model_card.json"));
    cr_assert(!rt_exists(dir, "report.html"));
    rt_rmtree(dir);
}
