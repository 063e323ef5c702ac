/*
 * report.c — the public entry points of reports/: loads the audit document
 * (and an optional baseline), writes and renders the charts, builds the
 * report once and writes it as HTML and Markdown.
 *
 * Outputs go through fa_write_file_atomic under staged names renamed into
 * place together (write_out), so a failed render never leaves a partial
 * report.html or report.md, nor a new one next to an old one. When charts are not requested but HTML
 * or Markdown is, they are rendered in a private temporary folder inside the
 * output folder and removed afterwards.
 */
#include "fairaudit/report.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"
#include "model_card.h"
#include "report_content.h"


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

/* Removes the private chart folder: every file in it, then the folder. It
 * holds only our charts; going through the folder needs no memory of ours,
 * so even an out-of-memory render leaves no temporary folder behind. */
static void remove_chart_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (d != NULL) {
        while ((e = readdir(d)) != NULL)
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                (void)unlinkat(dirfd(d), e->d_name, 0);
        closedir(d);
    }
    (void)rmdir(dir);
}

/*
 * report.html, report.md and model_card.json are one set: each is written
 * (atomically) under a staged name, DIR/.NAME.fa-new, and all are renamed into
 * place only when all are written, so a failed render leaves the previous set
 * as it was.
 * The paths are built before anything is written, so removing a staged file
 * never needs memory.
 */
typedef struct staged_out {
    char *staged; /* DIR/.NAME.fa-new */
    char *final;  /* DIR/NAME */
    bool written;
} staged_out;

static fa_status stage_paths(staged_out *o, const char *dir, const char *name, fa_error *err)
{
    fa_buf a = FA_BUF_INIT, b = FA_BUF_INIT;

    fa_buf_printf(&a, "%s/.%s.fa-new", dir, name);
    fa_buf_printf(&b, "%s/%s", dir, name);
    if (a.oom || b.oom) {
        fa_buf_dispose(&a);
        fa_buf_dispose(&b);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    o->staged = fa_buf_detach(&a, NULL);
    o->final = fa_buf_detach(&b, NULL);
    o->written = false;
    return FA_OK;
}

static fa_status write_out(staged_out *o, const fa_buf *b, fa_error *err)
{
    fa_status rc = fa_write_file_atomic(o->staged, b->ptr ? b->ptr : "", b->len, err);

    o->written = rc == FA_OK;
    return rc;
}

/* Renames (commit) or removes the staged outputs, and frees their paths. */
static fa_status finish_outputs(staged_out *o, size_t n, bool commit, fa_error *err)
{
    fa_status rc = FA_OK;
    size_t i;

    for (i = 0; i < n; i++) {
        if (o[i].written) {
            if (commit && rc == FA_OK && rename(o[i].staged, o[i].final) != 0)
                rc = fa_error_set_errno(err, errno, "cannot write '%s'", o[i].final);
            else if (!commit || rc != FA_OK)
                (void)unlink(o[i].staged);
        }
        fa_free(o[i].staged);
        fa_free(o[i].final);
    }
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
    staged_out staged[3];
    size_t i, n_staged = 0;

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
    /* model_card.json joins the staged set (see write_out) */
    if (rc == FA_OK && card != NULL &&
        (rc = stage_paths(&staged[n_staged], out_dir, "model_card.json", err)) == FA_OK) {
        staged_out *so = &staged[n_staged++];
        rc = fa_rcard_write_json(&ctx, so->staged, err);
        so->written = rc == FA_OK;
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
        if (rc == FA_OK && (formats & FA_REPORT_HTML) != 0 &&
            (rc = stage_paths(&staged[n_staged], out_dir, "report.html", err)) == FA_OK) {
            staged_out *so = &staged[n_staged++];
            rc = fa_rb_write_html(&rb, &wctx, &out, err);
            if (rc == FA_OK)
                rc = write_out(so, &out, err);
        }
        if (rc == FA_OK && (formats & FA_REPORT_MARKDOWN) != 0 &&
            (rc = stage_paths(&staged[n_staged], out_dir, "report.md", err)) == FA_OK) {
            staged_out *so = &staged[n_staged++];
            fa_buf_clear(&out);
            rc = fa_rb_write_md(&rb, &wctx, &out, err);
            if (rc == FA_OK)
                rc = write_out(so, &out, err);
        }
        if (rc == FA_OK && summary != NULL) {
            summary->html_written = (formats & FA_REPORT_HTML) != 0;
            summary->markdown_written = (formats & FA_REPORT_MARKDOWN) != 0;
        }
    }
    if (rc == FA_OK)
        rc = finish_outputs(staged, n_staged, true, err);
    else
        (void)finish_outputs(staged, n_staged, false, err);
    if (rc != FA_OK && summary != NULL) {
        summary->html_written = 0;
        summary->markdown_written = 0;
    }
    if (rc == FA_OK && summary != NULL && card != NULL)
        summary->model_card_written = 1;
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
        remove_chart_dir(chart_dir.ptr);
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
