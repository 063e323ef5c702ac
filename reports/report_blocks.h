/*
 * reports/report_blocks.h — the report as a stream of structural blocks
 * (internal).
 *
 * report_content*.c build the report once, as headings, paragraphs, lists,
 * tables and figures made of styled text runs; html_report.c and
 * md_report.c serialise the same stream. So the two formats carry the same
 * content by construction, and escaping happens in one place per format: the
 * writers escape every run, whether the text came from the document or from
 * the report itself. No run is ever interpreted as markup.
 *
 * Builders never fail individually: an allocation failure is sticky and
 * reported by fa_rb_status() at the end (like fa_buf).
 */
#ifndef FA_REPORTS_REPORT_BLOCKS_H
#define FA_REPORTS_REPORT_BLOCKS_H

#include <stdbool.h>
#include <stddef.h>

#include "common/internal.h"

typedef enum fa_rop {
    FA_ROP_SECTION_BEGIN, /* a = page-break-before flag; s1 = id */
    FA_ROP_SECTION_END,
    FA_ROP_H_BEGIN, /* a = level 1..4; s1 = anchor id (may be none) */
    FA_ROP_H_END,
    FA_ROP_P_BEGIN,
    FA_ROP_P_END,
    FA_ROP_NOTE_BEGIN, /* a = fa_rclass (warn/fail/none) */
    FA_ROP_NOTE_END,
    FA_ROP_LIST_BEGIN,
    FA_ROP_LIST_END,
    FA_ROP_ITEM_BEGIN,
    FA_ROP_ITEM_END,
    FA_ROP_TABLE_BEGIN, /* s1 = caption (may be none) */
    FA_ROP_TABLE_END,
    FA_ROP_ROW_BEGIN, /* a = 1 for the header row */
    FA_ROP_ROW_END,
    FA_ROP_CELL_BEGIN, /* a = fa_rclass */
    FA_ROP_CELL_END,
    FA_ROP_RUN,   /* a = fa_rstyle; s1 = text */
    FA_ROP_FIGURE /* s1 = chart id (file stem), s2 = caption */
} fa_rop;

typedef enum fa_rstyle { FA_RS_PLAIN, FA_RS_STRONG, FA_RS_EM, FA_RS_CODE } fa_rstyle;

typedef enum fa_rclass {
    FA_RC_NONE,
    FA_RC_NUM, /* a number: right-aligned */
    FA_RC_PASS,
    FA_RC_WARN,
    FA_RC_FAIL,
    FA_RC_INCONCLUSIVE,
    FA_RC_MUTED /* undefined / not applicable */
} fa_rclass;

#define FA_RB_NONE ((size_t)-1)

typedef struct fa_rblock {
    fa_rop op;
    int a;
    size_t s1, s2; /* offsets into the string pool, FA_RB_NONE when absent */
} fa_rblock;

typedef struct fa_rb {
    fa_rblock *ops;
    size_t n, cap;
    fa_buf pool; /* NUL-separated strings */
    bool oom;
    bool row_open;
} fa_rb;

#define FA_RB_INIT                                                                                 \
    {                                                                                              \
        NULL, 0, 0, FA_BUF_INIT, false, false                                                      \
    }

void fa_rb_dispose(fa_rb *rb);
fa_status fa_rb_status(const fa_rb *rb, fa_error *err);
/* The string at offset @p off (never NULL; "" for FA_RB_NONE). */
const char *fa_rb_str(const fa_rb *rb, size_t off);

void fa_rb_op(fa_rb *rb, fa_rop op, int a, const char *s1, const char *s2);

/* Convenience builders. */
void fa_rb_section(fa_rb *rb, const char *id, bool page_break);
void fa_rb_section_end(fa_rb *rb);
void fa_rb_h(fa_rb *rb, int level, const char *id, const char *text);
void fa_rb_text(fa_rb *rb, const char *text);
void fa_rb_styled(fa_rb *rb, fa_rstyle style, const char *text);
void fa_rb_textf(fa_rb *rb, const char *fmt, ...) FA_PRINTF(2, 3);
/* A whole paragraph of plain text. */
void fa_rb_para(fa_rb *rb, const char *text);
void fa_rb_figure(fa_rb *rb, const char *chart_id, const char *caption);

/* Table helpers: cells hold one plain run. */
void fa_rb_table(fa_rb *rb, const char *caption);
void fa_rb_row(fa_rb *rb, bool header);
void fa_rb_table_end(fa_rb *rb);
void fa_rb_cell(fa_rb *rb, fa_rclass cls, const char *text);
void fa_rb_cellf(fa_rb *rb, fa_rclass cls, const char *fmt, ...) FA_PRINTF(3, 4);

/* Number formatting for tables and prose (locale-free). */
/* 4 significant decimals for rates, "—" for NaN. */
void fa_rfmt_num(char *buf, size_t n, double v, int decimals);
/* A value and its CI: "0.8123 [0.7710, 0.8534]". */
void fa_rfmt_ci(char *buf, size_t n, double v, double lo, double hi, int decimals);
/* A count: "4,000" (thousands separated by ','); "—" for NaN. */
void fa_rfmt_count(char *buf, size_t n, double v);
/* A p-value: "< 0.0001" or 4 decimals. */
void fa_rfmt_p(char *buf, size_t n, double p);

#define FA_RFMT_MAX  96
#define FA_RFMT_DASH "\xE2\x80\x94" /* em dash: a value that is undefined or absent */

/* ---- writers --------------------------------------------------------------- */

/* What a writer needs to know about one chart. */
typedef struct fa_rchart_ref {
    const char *id;       /* file stem */
    const char *title;    /* for alt text */
    bool rendered;        /* the .svg and .png exist */
    const char *svg_path; /* full path of the .svg (HTML embeds it) */
} fa_rchart_ref;

typedef struct fa_rwrite_ctx {
    const char *title;
    const fa_rchart_ref *charts;
    size_t n_charts;
    const char *png_prefix; /* Markdown image path prefix ("charts/"); NULL = no images */
    const char *generator;  /* "fairaudit 0.1.0" */
} fa_rwrite_ctx;

fa_status fa_rb_write_html(const fa_rb *rb, const fa_rwrite_ctx *ctx, fa_buf *out, fa_error *err);
fa_status fa_rb_write_md(const fa_rb *rb, const fa_rwrite_ctx *ctx, fa_buf *out, fa_error *err);

/* Base64 (RFC 4648, no line breaks). */
void fa_base64(fa_buf *b, const unsigned char *data, size_t len);

#endif
