/*
 * report.c — the public entry points of reports/: loads the audit document
 * (and an optional baseline), writes and renders the charts, builds the
 * report once and writes it as HTML and Markdown.
 *
 * Outputs go through fa_write_file_atomic, so a failed render never leaves a
 * partial report.html or report.md. When charts are not requested but HTML
 * or Markdown is, they are rendered in a private temporary folder inside the
 * output folder and removed afterwards.
 */
#include "fairaudit/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"
#include "model_card.h"
#include "report_content.h"

static const char *const chart_exts[] = {".dat", ".gp", ".svg", ".png"};
#define N_CHART_EXTS (sizeof chart_exts / sizeof chart_exts[0])

void fa_report_render_options_init(fa_report_render_options *opts)
{
    static const fa_report_render_options init = FA_REPORT_RENDER_OPTIONS_INIT;

    if (opts != NULL)
        *opts = init;
}

static fa_status make_dir(const char *path, fa_error *err)
{
    struct stat st;

    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        return fa_error_set_errno(err, errno, "cannot create folder '%s'", path);
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return fa_error_set(err, FA_EIO, "'%s' is not a folder", path);
    return FA_OK;
}

/* Removes the files of every planned chart from dir, then dir itself. */
static void remove_chart_dir(const char *dir, const fa_rcharts *cs)
{
    fa_buf p = FA_BUF_INIT;
    size_t i, k;

    for (i = 0; i < cs->n; i++) {
        for (k = 0; k < N_CHART_EXTS; k++) {
            fa_buf_clear(&p);
            fa_buf_printf(&p, "%s/%s%s", dir, cs->v[i].id, chart_exts[k]);
            if (!p.oom)
                (void)unlink(p.ptr);
        }
    }
    fa_buf_dispose(&p);
    (void)rmdir(dir);
}

static fa_status write_out(const char *dir, const char *name, const fa_buf *b, fa_error *err)
{
    fa_buf path = FA_BUF_INIT;
    fa_status rc;

    fa_buf_printf(&path, "%s/%s", dir, name);
    if (path.oom)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    rc = fa_write_file_atomic(path.ptr, b->ptr ? b->ptr : "", b->len, err);
    fa_buf_dispose(&path);
    return rc;
}

static fa_status render(const fa_rdoc *doc,
                        const char *out_dir,
                        const fa_report_render_options *o,
                        fa_report_render_summary *summary,
                        fa_error *err)
{
    unsigned formats = o->formats ? o->formats : FA_REPORT_ALL;
    bool keep_charts = (formats & FA_REPORT_CHARTS) != 0;
    fa_rdoc *base = NULL;
    fa_rcharts charts;
    fa_buf chart_dir = FA_BUF_INIT, out = FA_BUF_INIT;
    fa_rb rb = FA_RB_INIT;
    fa_rchart_ref *refs = NULL;
    fa_rctx ctx;
    fa_rwrite_ctx wctx;
    fa_status rc = FA_OK;
    bool tmp_dir = false;
    size_t i;

    fa_rcard *card = NULL;

    memset(&charts, 0, sizeof charts);
    if (o->baseline != NULL)
        FA_TRY(fa_rdoc_load(&base, o->baseline, err));
    if (o->model != NULL && (rc = fa_rcard_load(&card, o->model, err)) != FA_OK) {
        fa_rdoc_free(base);
        return rc;
    }
    rc = make_dir(out_dir, err);
    if (rc != FA_OK) {
        fa_rdoc_free(base);
        fa_rcard_free(card);
        return rc;
    }
    if (keep_charts) {
        fa_buf_printf(&chart_dir, "%s/charts", out_dir);
        rc = chart_dir.oom ? fa_error_set(err, FA_ENOMEM, "out of memory")
                           : make_dir(chart_dir.ptr, err);
    } else {
        fa_buf_printf(&chart_dir, "%s/.fairaudit-charts-XXXXXX", out_dir);
        if (chart_dir.oom)
            rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        else if (mkdtemp(chart_dir.ptr) == NULL)
            rc =
                fa_error_set_errno(err, errno, "cannot create a temporary folder in '%s'", out_dir);
        else
            tmp_dir = true;
    }
    if (rc == FA_OK)
        rc = fa_charts_write(&charts, doc, base, chart_dir.ptr, err);
    if (rc == FA_OK)
        rc = fa_charts_render(&charts, chart_dir.ptr, o->gnuplot ? o->gnuplot : "gnuplot",
                              o->gnuplot_timeout ? o->gnuplot_timeout
                                                 : FA_REPORT_DEFAULT_GNUPLOT_TIMEOUT,
                              o->log, o->log_payload, err);

    memset(&ctx, 0, sizeof ctx);
    ctx.rb = &rb;
    ctx.d = doc;
    ctx.base = base;
    ctx.charts = &charts;
    ctx.title = o->title ? o->title : FA_REPORT_DEFAULT_TITLE;
    ctx.author = o->author ? o->author : doc->run_by;
    ctx.card = card;
    ctx.intended_use = o->intended_use;
    if (rc == FA_OK && card != NULL) {
        fa_buf path = FA_BUF_INIT;
        fa_buf_printf(&path, "%s/model_card.json", out_dir);
        rc = path.oom ? fa_error_set(err, FA_ENOMEM, "out of memory")
                      : fa_rcard_write_json(&ctx, path.ptr, err);
        fa_buf_dispose(&path);
        if (rc == FA_OK && summary != NULL)
            summary->model_card_written = 1;
    }
    if (rc == FA_OK && (formats & (FA_REPORT_HTML | FA_REPORT_MARKDOWN)) != 0) {
        rc = fa_rc_build(&ctx, err);
        if (rc == FA_OK && charts.n > 0) {
            refs = fa_calloc(charts.n, sizeof *refs);
            if (refs == NULL)
                rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        }
        if (rc == FA_OK) {
            for (i = 0; i < charts.n; i++) {
                refs[i].id = charts.v[i].id;
                refs[i].title = charts.v[i].title;
                refs[i].rendered = charts.v[i].rendered;
                refs[i].svg_path = charts.v[i].svg_path;
            }
            memset(&wctx, 0, sizeof wctx);
            wctx.title = ctx.title;
            wctx.charts = refs;
            wctx.n_charts = charts.n;
            wctx.png_prefix = keep_charts ? "charts/" : NULL;
            wctx.generator = "fairaudit " FA_VERSION_STRING;
        }
        if (rc == FA_OK && (formats & FA_REPORT_HTML) != 0) {
            rc = fa_rb_write_html(&rb, &wctx, &out, err);
            if (rc == FA_OK)
                rc = write_out(out_dir, "report.html", &out, err);
            if (rc == FA_OK && summary != NULL)
                summary->html_written = 1;
        }
        if (rc == FA_OK && (formats & FA_REPORT_MARKDOWN) != 0) {
            fa_buf_clear(&out);
            rc = fa_rb_write_md(&rb, &wctx, &out, err);
            if (rc == FA_OK)
                rc = write_out(out_dir, "report.md", &out, err);
            if (rc == FA_OK && summary != NULL)
                summary->markdown_written = 1;
        }
    }
    if (rc == FA_OK && summary != NULL) {
        summary->charts_planned = charts.n;
        for (i = 0; i < charts.n; i++) {
            if (charts.v[i].rendered)
                summary->charts_rendered++;
            else
                summary->charts_missing++;
        }
    }
    if (tmp_dir)
        remove_chart_dir(chart_dir.ptr, &charts);
    fa_free(refs);
    fa_rb_dispose(&rb);
    fa_buf_dispose(&out);
    fa_buf_dispose(&chart_dir);
    fa_charts_dispose(&charts);
    fa_rdoc_free(base);
    fa_rcard_free(card);
    return rc;
}

static fa_status check_options(const fa_report_render_options *o, fa_error *err)
{
    if (o->version != FA_REPORT_RENDER_OPTIONS_VERSION)
        FA_FAIL(err, FA_EINVAL, "fa_report_render_options: unsupported version %u (this build: %d)",
                o->version, FA_REPORT_RENDER_OPTIONS_VERSION);
    if ((o->formats & ~(unsigned)FA_REPORT_ALL) != 0)
        FA_FAIL(err, FA_EINVAL, "fa_report_render_options: unknown format bits 0x%x", o->formats);
    return FA_OK;
}

fa_status fa_report_render_json(const char *json,
                                size_t len,
                                const char *name,
                                const char *out_dir,
                                const fa_report_render_options *opts,
                                fa_report_render_summary *summary,
                                fa_error *err)
{
    fa_report_render_options defaults = FA_REPORT_RENDER_OPTIONS_INIT;
    fa_rdoc *doc = NULL;
    fa_status rc;

    FA_CHECK_ARG(err, json != NULL && out_dir != NULL);
    if (opts == NULL)
        opts = &defaults;
    FA_TRY(check_options(opts, err));
    if (summary != NULL)
        memset(summary, 0, sizeof *summary);
    FA_TRY(fa_rdoc_parse(&doc, json, len, name ? name : "audit.json", err));
    rc = render(doc, out_dir, opts, summary, err);
    fa_rdoc_free(doc);
    return rc;
}

fa_status fa_report_render_file(const char *audit_path,
                                const char *out_dir,
                                const fa_report_render_options *opts,
                                fa_report_render_summary *summary,
                                fa_error *err)
{
    fa_report_render_options defaults = FA_REPORT_RENDER_OPTIONS_INIT;
    fa_rdoc *doc = NULL;
    fa_status rc;

    FA_CHECK_ARG(err, audit_path != NULL && out_dir != NULL);
    if (opts == NULL)
        opts = &defaults;
    FA_TRY(check_options(opts, err));
    if (summary != NULL)
        memset(summary, 0, sizeof *summary);
    FA_TRY(fa_rdoc_load(&doc, audit_path, err));
    rc = render(doc, out_dir, opts, summary, err);
    fa_rdoc_free(doc);
    return rc;
}
