/*
 * fuzz_report_doc.c — the audit.json reader of the reports (fa_rdoc_parse),
 * then the chart data and scripts (fa_charts_write; gnuplot is not run) and
 * the HTML and Markdown reports built in memory — once alone and once with
 * the document as its own baseline (before/after sections).
 *
 * Properties: failures are located input errors; whatever parses renders
 * without error.
 */
#include <string.h>

#include "fuzz_common.h"
#include "reports/report_content.h"

static void render(const fa_rdoc *doc, const fa_rdoc *base)
{
    fa_rcharts charts;
    fa_rb rb = FA_RB_INIT;
    fa_buf out = FA_BUF_INIT;
    fa_rctx ctx;
    fa_rwrite_ctx w;
    fa_error err;
    fa_status rc;

    memset(&charts, 0, sizeof charts);
    rc = fa_charts_write(&charts, doc, base, fz_output_dir(), &err);
    fz_check(rc == FA_OK, "charts: %s", err.message);
    memset(&ctx, 0, sizeof ctx);
    ctx.rb = &rb;
    ctx.d = doc;
    ctx.base = base;
    ctx.charts = &charts;
    ctx.title = "fuzz";
    ctx.author = doc->run_by;
    rc = fa_rc_build(&ctx, &err);
    fz_check(rc == FA_OK, "build: %s", err.message);
    memset(&w, 0, sizeof w);
    w.title = ctx.title;
    w.generator = "fairaudit fuzz";
    rc = fa_rb_write_html(&rb, &w, &out, &err);
    fz_check(rc == FA_OK, "html: %s", err.message);
    fa_buf_clear(&out);
    rc = fa_rb_write_md(&rb, &w, &out, &err);
    fz_check(rc == FA_OK, "markdown: %s", err.message);
    fa_buf_dispose(&out);
    fa_rb_dispose(&rb);
    fa_charts_dispose(&charts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fa_rdoc *doc = NULL;
    fa_error err;
    fa_status rc;

    fa_error_clear(&err);
    rc = fa_rdoc_parse(&doc, (const char *)data, size, "audit.json", &err);
    if (rc != FA_OK) {
        fz_check_error(rc, &err);
        fz_check(doc == NULL, "%s", "document returned on failure");
        fz_check(rc == FA_EPARSE || rc == FA_ESCHEMA || rc == FA_EFORMAT,
                 "parse failed with %s: %s", fa_status_str(rc), err.message);
        return 0;
    }
    render(doc, NULL);
    render(doc, doc);
    fa_rdoc_free(doc);
    return 0;
}
