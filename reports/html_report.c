/*
 * html_report.c — serialises the report block stream as one self-contained
 * HTML page.
 *
 * Self-contained means the page loads nothing: styles are inline, there is
 * no script, and charts are embedded as `<img src="data:image/svg+xml;
 * base64,…">`. Embedding the SVG as an image rather than as inline markup is
 * deliberate: a browser renders an SVG image with scripts disabled and no
 * external loads, so whatever text gnuplot put into the SVG can never act as
 * markup in the page. A Content-Security-Policy meta tag (`default-src
 * 'none'`) makes the browser refuse any fetch the page might still attempt.
 *
 * Every text run is HTML-escaped (report_escape.c). Print: an @media print
 * block sets A4 margins, keeps tables and figures whole, repeats table
 * headers and starts the main sections on new pages.
 */
#include <string.h>

#include "report_blocks.h"
#include "report_escape.h"

static const char css[] =
    ":root{--ink:#1b1f24;--muted:#5b6470;--line:#d0d5dc;--bg-alt:#f5f7fa;--pass:#1a7f37;"
    "--fail:#b42318;--warn:#9a6700;--accent:#0b5cad}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;color:var(--ink);background:#fff;font:15px/1.5 'DejaVu Sans',Arial,"
    "Helvetica,sans-serif}\n"
    "main{max-width:1100px;margin:0 auto;padding:24px 32px 48px}\n"
    "h1{font-size:28px;margin:0 0 4px}\n"
    "h2{font-size:21px;margin:36px 0 10px;padding-bottom:4px;border-bottom:2px solid "
    "var(--line)}\n"
    "h3{font-size:17px;margin:26px 0 8px}\n"
    "h4{font-size:15px;margin:18px 0 6px}\n"
    "p{margin:8px 0}\n"
    "code{font-family:'DejaVu Sans Mono',monospace;font-size:13px;background:var(--bg-alt);"
    "padding:0 3px;border-radius:3px;overflow-wrap:anywhere}\n"
    "nav.toc{border:1px solid var(--line);border-radius:6px;padding:8px 16px;margin:16px 0;"
    "background:var(--bg-alt)}\n"
    "nav.toc ol{margin:4px 0;padding-left:22px;columns:2}\n"
    "nav.toc a{color:var(--accent);text-decoration:none}\n"
    ".table-wrap{overflow-x:auto;margin:10px 0 16px}\n"
    "table{border-collapse:collapse;font-size:13.5px;min-width:50%}\n"
    "caption{caption-side:top;text-align:left;font-weight:bold;padding:4px 0}\n"
    "th,td{border:1px solid var(--line);padding:4px 8px;vertical-align:top;text-align:left}\n"
    "th{background:var(--bg-alt);font-weight:600}\n"
    "td{overflow-wrap:break-word;white-space:pre-wrap}\n"
    "td.num{text-align:right;white-space:pre;font-variant-numeric:tabular-nums}\n"
    "td.pass{color:var(--pass);font-weight:600}\n"
    "td.fail{color:var(--fail);font-weight:700}\n"
    "td.warn,td.inconclusive{color:var(--warn);font-weight:600}\n"
    "td.muted{color:var(--muted)}\n"
    "tbody tr:nth-child(even) td{background:#fafbfc}\n"
    "aside.note{border-left:4px solid var(--accent);background:var(--bg-alt);padding:8px 12px;"
    "margin:12px 0}\n"
    "aside.note.warn{border-color:var(--warn)}\n"
    "aside.note.fail{border-color:var(--fail)}\n"
    "aside.note.pass{border-color:var(--pass)}\n"
    "figure.chart{margin:14px 0 22px;text-align:center}\n"
    "figure.chart img{max-width:100%;height:auto;border:1px solid var(--line)}\n"
    "figure.chart figcaption{font-size:13px;color:var(--muted);margin-top:4px}\n"
    "figure.missing .placeholder{border:1px dashed var(--fail);color:var(--fail);padding:24px}\n"
    "ul{margin:6px 0;padding-left:24px}\n"
    "footer{margin-top:40px;padding-top:8px;border-top:1px solid var(--line);font-size:12px;"
    "color:var(--muted)}\n"
    "@page{size:A4;margin:14mm 12mm}\n"
    "@media print{body{font-size:10.5pt}main{max-width:none;padding:0}"
    "section.page{break-before:page}"
    "h2,h3,h4,caption{break-after:avoid}"
    "tr,figure,aside{break-inside:avoid}"
    "figure.chart img{max-height:120mm;width:auto}"
    "thead{display:table-header-group}"
    ".table-wrap{overflow:visible}"
    "tbody tr:nth-child(even) td{background:none}"
    "a{color:inherit;text-decoration:none}}\n";

static const char *class_name(int cls)
{
    switch ((fa_rclass)cls) {
    case FA_RC_NUM:
        return "num";
    case FA_RC_PASS:
        return "pass";
    case FA_RC_WARN:
        return "warn";
    case FA_RC_FAIL:
        return "fail";
    case FA_RC_INCONCLUSIVE:
        return "inconclusive";
    case FA_RC_MUTED:
        return "muted";
    case FA_RC_NONE:
        break;
    }
    return NULL;
}

static const fa_rchart_ref *find_chart(const fa_rwrite_ctx *ctx, const char *id)
{
    size_t i;

    for (i = 0; i < ctx->n_charts; i++)
        if (strcmp(ctx->charts[i].id, id) == 0)
            return &ctx->charts[i];
    return NULL;
}

static fa_status put_figure(
    fa_buf *out, const fa_rwrite_ctx *ctx, const char *id, const char *caption, fa_error *err)
{
    const fa_rchart_ref *c = find_chart(ctx, id);
    char *svg = NULL;
    size_t len = 0;

    if (c != NULL && c->rendered && c->svg_path != NULL) {
        fa_status rc = fa_read_file(c->svg_path, &svg, &len, err);
        if (rc != FA_OK)
            return rc;
        fa_buf_puts(out, "<figure class=\"chart\" id=\"fig-");
        fa_esc_html(out, id);
        fa_buf_puts(out, "\"><img alt=\"");
        fa_esc_html(out, c->title ? c->title : caption);
        fa_buf_puts(out, "\" src=\"data:image/svg+xml;base64,");
        fa_base64(out, (const unsigned char *)svg, len);
        fa_buf_puts(out, "\">");
        fa_free(svg);
    } else {
        fa_buf_puts(out, "<figure class=\"chart missing\" id=\"fig-");
        fa_esc_html(out, id);
        fa_buf_puts(out, "\"><div class=\"placeholder\">Chart not rendered (gnuplot was not "
                         "available or failed); its data and script are in charts/");
        fa_esc_html(out, id);
        fa_buf_puts(out, ".dat and .gp.</div>");
    }
    fa_buf_puts(out, "<figcaption>");
    fa_esc_html(out, caption);
    fa_buf_puts(out, "</figcaption></figure>\n");
    return FA_OK;
}

/* The table of contents: every level-2 heading that has an id. */
static void put_toc(fa_buf *out, const fa_rb *rb)
{
    size_t i;
    bool any = false, in_h = false;

    for (i = 0; i < rb->n; i++) {
        const fa_rblock *b = &rb->ops[i];
        if (b->op == FA_ROP_H_BEGIN && b->a == 2 && b->s1 != FA_RB_NONE) {
            if (!any)
                fa_buf_puts(out, "<nav class=\"toc\"><strong>Contents</strong><ol>\n");
            any = true;
            in_h = true;
            fa_buf_puts(out, "<li><a href=\"#");
            fa_esc_html(out, fa_rb_str(rb, b->s1));
            fa_buf_puts(out, "\">");
        } else if (in_h && b->op == FA_ROP_RUN) {
            fa_esc_html(out, fa_rb_str(rb, b->s1));
        } else if (in_h && b->op == FA_ROP_H_END) {
            fa_buf_puts(out, "</a></li>\n");
            in_h = false;
        }
    }
    if (any)
        fa_buf_puts(out, "</ol></nav>\n");
}

fa_status fa_rb_write_html(const fa_rb *rb, const fa_rwrite_ctx *ctx, fa_buf *out, fa_error *err)
{
    size_t i;
    bool in_header_row = false, toc_done = false;

    fa_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
                     "'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
                     "form-action 'none'\">\n<meta name=\"generator\" content=\"");
    fa_esc_html(out, ctx->generator ? ctx->generator : "fairaudit");
    fa_buf_puts(out, "\">\n<title>");
    fa_esc_html(out, ctx->title);
    fa_buf_puts(out, "</title>\n<style>\n");
    fa_buf_puts(out, css);
    fa_buf_puts(out, "</style>\n</head>\n<body>\n<main>\n");

    for (i = 0; i < rb->n; i++) {
        const fa_rblock *b = &rb->ops[i];
        const char *s1 = fa_rb_str(rb, b->s1);
        const char *cls;

        switch (b->op) {
        case FA_ROP_SECTION_BEGIN:
            fa_buf_puts(out, b->a ? "<section class=\"page\"" : "<section");
            if (b->s1 != FA_RB_NONE) {
                fa_buf_puts(out, " id=\"sec-");
                fa_esc_html(out, s1);
                fa_buf_putc(out, '"');
            }
            fa_buf_puts(out, ">\n");
            break;
        case FA_ROP_SECTION_END:
            fa_buf_puts(out, "</section>\n");
            break;
        case FA_ROP_H_BEGIN:
            /* the table of contents goes before the first level-2 heading */
            if (b->a == 2 && !toc_done) {
                put_toc(out, rb);
                toc_done = true;
            }
            fa_buf_printf(out, "<h%d", b->a);
            if (b->s1 != FA_RB_NONE) {
                fa_buf_puts(out, " id=\"");
                fa_esc_html(out, s1);
                fa_buf_putc(out, '"');
            }
            fa_buf_putc(out, '>');
            break;
        case FA_ROP_H_END:
            fa_buf_printf(out, "</h%d>\n", b->a);
            break;
        case FA_ROP_P_BEGIN:
            fa_buf_puts(out, "<p>");
            break;
        case FA_ROP_P_END:
            fa_buf_puts(out, "</p>\n");
            break;
        case FA_ROP_NOTE_BEGIN:
            cls = class_name(b->a);
            fa_buf_printf(out, "<aside class=\"note%s%s\">", cls ? " " : "", cls ? cls : "");
            break;
        case FA_ROP_NOTE_END:
            fa_buf_puts(out, "</aside>\n");
            break;
        case FA_ROP_LIST_BEGIN:
            fa_buf_puts(out, "<ul>\n");
            break;
        case FA_ROP_LIST_END:
            fa_buf_puts(out, "</ul>\n");
            break;
        case FA_ROP_ITEM_BEGIN:
            fa_buf_puts(out, "<li>");
            break;
        case FA_ROP_ITEM_END:
            fa_buf_puts(out, "</li>\n");
            break;
        case FA_ROP_TABLE_BEGIN:
            fa_buf_puts(out, "<div class=\"table-wrap\"><table>");
            if (b->s1 != FA_RB_NONE) {
                fa_buf_puts(out, "<caption>");
                fa_esc_html(out, s1);
                fa_buf_puts(out, "</caption>");
            }
            fa_buf_putc(out, '\n');
            break;
        case FA_ROP_TABLE_END:
            fa_buf_puts(out, "</tbody></table></div>\n");
            break;
        case FA_ROP_ROW_BEGIN:
            in_header_row = b->a != 0;
            fa_buf_puts(out, in_header_row ? "<thead><tr>" : "<tr>");
            break;
        case FA_ROP_ROW_END:
            fa_buf_puts(out, in_header_row ? "</tr></thead>\n<tbody>\n" : "</tr>\n");
            in_header_row = false;
            break;
        case FA_ROP_CELL_BEGIN:
            cls = class_name(b->a);
            fa_buf_puts(out, in_header_row ? "<th" : "<td");
            if (cls != NULL)
                fa_buf_printf(out, " class=\"%s\"", cls);
            fa_buf_putc(out, '>');
            break;
        case FA_ROP_CELL_END:
            fa_buf_puts(out, in_header_row ? "</th>" : "</td>");
            break;
        case FA_ROP_RUN:
            switch ((fa_rstyle)b->a) {
            case FA_RS_STRONG:
                fa_buf_puts(out, "<strong>");
                fa_esc_html(out, s1);
                fa_buf_puts(out, "</strong>");
                break;
            case FA_RS_EM:
                fa_buf_puts(out, "<em>");
                fa_esc_html(out, s1);
                fa_buf_puts(out, "</em>");
                break;
            case FA_RS_CODE:
                fa_buf_puts(out, "<code>");
                fa_esc_html(out, s1);
                fa_buf_puts(out, "</code>");
                break;
            case FA_RS_PLAIN:
                fa_esc_html(out, s1);
                break;
            }
            break;
        case FA_ROP_FIGURE:
            FA_TRY(put_figure(out, ctx, s1, fa_rb_str(rb, b->s2), err));
            break;
        }
    }
    fa_buf_puts(out, "<footer>Generated by ");
    fa_esc_html(out, ctx->generator ? ctx->generator : "fairaudit");
    fa_buf_puts(out, ". This page is self-contained: it loads no scripts, fonts, styles or "
                     "images from anywhere else.</footer>\n</main>\n</body>\n</html>\n");
    if (out->oom)
        FA_FAIL(err, FA_ENOMEM, "out of memory writing the HTML report");
    return FA_OK;
}
