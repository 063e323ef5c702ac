/*
 * report_blocks.c — the block stream builders, locale-free number formatting
 * and base64 (see report_blocks.h).
 */
#include "report_blocks.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Largest magnitude formatted with fixed decimals; larger values use %g-style
 * shortest round-trip text. */
#define FIXED_MAX    1e12
#define MAX_DECIMALS 9

void fa_rb_dispose(fa_rb *rb)
{
    fa_free(rb->ops);
    fa_buf_dispose(&rb->pool);
    memset(rb, 0, sizeof *rb);
}

fa_status fa_rb_status(const fa_rb *rb, fa_error *err)
{
    if (rb->oom || rb->pool.oom)
        FA_FAIL(err, FA_ENOMEM, "out of memory building the report");
    return FA_OK;
}

const char *fa_rb_str(const fa_rb *rb, size_t off)
{
    if (off == FA_RB_NONE || rb->pool.ptr == NULL || off >= rb->pool.len)
        return "";
    return rb->pool.ptr + off;
}

static size_t intern(fa_rb *rb, const char *s)
{
    size_t off;

    if (s == NULL)
        return FA_RB_NONE;
    off = rb->pool.len;
    if (!fa_buf_put(&rb->pool, s, strlen(s) + 1))
        return FA_RB_NONE;
    return off;
}

void fa_rb_op(fa_rb *rb, fa_rop op, int a, const char *s1, const char *s2)
{
    fa_rblock *blk;

    if (rb->oom)
        return;
    if (rb->n == rb->cap) {
        size_t cap = rb->cap ? rb->cap * 2 : 256;
        fa_rblock *p = fa_reallocarray(rb->ops, cap, sizeof *p);
        if (p == NULL) {
            rb->oom = true;
            return;
        }
        rb->ops = p;
        rb->cap = cap;
    }
    blk = &rb->ops[rb->n++];
    blk->op = op;
    blk->a = a;
    blk->s1 = intern(rb, s1);
    blk->s2 = intern(rb, s2);
}

void fa_rb_section(fa_rb *rb, const char *id, bool page_break)
{
    fa_rb_op(rb, FA_ROP_SECTION_BEGIN, page_break ? 1 : 0, id, NULL);
}

void fa_rb_section_end(fa_rb *rb)
{
    fa_rb_op(rb, FA_ROP_SECTION_END, 0, NULL, NULL);
}

void fa_rb_h(fa_rb *rb, int level, const char *id, const char *text)
{
    fa_rb_op(rb, FA_ROP_H_BEGIN, level, id, NULL);
    fa_rb_text(rb, text);
    fa_rb_op(rb, FA_ROP_H_END, level, NULL, NULL);
}

void fa_rb_text(fa_rb *rb, const char *text)
{
    fa_rb_op(rb, FA_ROP_RUN, FA_RS_PLAIN, text ? text : "", NULL);
}

void fa_rb_styled(fa_rb *rb, fa_rstyle style, const char *text)
{
    fa_rb_op(rb, FA_ROP_RUN, (int)style, text ? text : "", NULL);
}

void fa_rb_textf(fa_rb *rb, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        rb->oom = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        fa_rb_text(rb, small);
    } else {
        fa_buf b = FA_BUF_INIT;
        if (fa_buf_grow(&b, (size_t)n)) {
            va_start(ap, fmt);
            (void)vsnprintf(b.ptr, (size_t)n + 1, fmt, ap);
            va_end(ap);
            b.len = (size_t)n;
            fa_rb_text(rb, b.ptr);
        } else {
            rb->oom = true;
        }
        fa_buf_dispose(&b);
    }
}

void fa_rb_para(fa_rb *rb, const char *text)
{
    fa_rb_op(rb, FA_ROP_P_BEGIN, 0, NULL, NULL);
    fa_rb_text(rb, text);
    fa_rb_op(rb, FA_ROP_P_END, 0, NULL, NULL);
}

void fa_rb_figure(fa_rb *rb, const char *chart_id, const char *caption)
{
    fa_rb_op(rb, FA_ROP_FIGURE, 0, chart_id, caption);
}

void fa_rb_table(fa_rb *rb, const char *caption)
{
    fa_rb_op(rb, FA_ROP_TABLE_BEGIN, 0, caption, NULL);
}

void fa_rb_row(fa_rb *rb, bool header)
{
    /* Rows are closed implicitly by the next row or the table end. */
    if (rb->row_open)
        fa_rb_op(rb, FA_ROP_ROW_END, 0, NULL, NULL);
    fa_rb_op(rb, FA_ROP_ROW_BEGIN, header ? 1 : 0, NULL, NULL);
    rb->row_open = true;
}

void fa_rb_table_end(fa_rb *rb)
{
    if (rb->row_open)
        fa_rb_op(rb, FA_ROP_ROW_END, 0, NULL, NULL);
    rb->row_open = false;
    fa_rb_op(rb, FA_ROP_TABLE_END, 0, NULL, NULL);
}

void fa_rb_cell(fa_rb *rb, fa_rclass cls, const char *text)
{
    fa_rb_op(rb, FA_ROP_CELL_BEGIN, (int)cls, NULL, NULL);
    fa_rb_text(rb, text);
    fa_rb_op(rb, FA_ROP_CELL_END, 0, NULL, NULL);
}

void fa_rb_cellf(fa_rb *rb, fa_rclass cls, const char *fmt, ...)
{
    char buf[512];
    va_list ap;

    va_start(ap, fmt);
    (void)vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fa_rb_cell(rb, cls, buf);
}

/* ---- numbers ------------------------------------------------------------------ */

void fa_rfmt_num(char *buf, size_t n, double v, int decimals)
{
    double scaled, p10 = 1.0;
    long long whole, frac, q;
    int i;
    size_t len;

    if (isnan(v)) {
        snprintf(buf, n, "%s", FA_RFMT_DASH);
        return;
    }
    if (isinf(v)) {
        snprintf(buf, n, "%s", v > 0 ? "inf" : "-inf");
        return;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > MAX_DECIMALS)
        decimals = MAX_DECIMALS;
    if (fabs(v) >= FIXED_MAX) {
        (void)fa_format_double(buf, n, v);
        return;
    }
    for (i = 0; i < decimals; i++)
        p10 *= 10.0;
    /* integer arithmetic: no locale-dependent decimal point */
    scaled = round(fabs(v) * p10);
    q = (long long)scaled;
    whole = q / (long long)p10;
    frac = q % (long long)p10;
    len = (size_t)snprintf(buf, n, "%s%lld", (v < 0 && q != 0) ? "-" : "", whole);
    if (decimals > 0 && len < n)
        snprintf(buf + len, n - len, ".%0*lld", decimals, frac);
}

void fa_rfmt_ci(char *buf, size_t n, double v, double lo, double hi, int decimals)
{
    char a[FA_RFMT_MAX], b[FA_RFMT_MAX], c[FA_RFMT_MAX];

    fa_rfmt_num(a, sizeof a, v, decimals);
    if (isnan(lo) || isnan(hi) || isnan(v)) {
        snprintf(buf, n, "%s", a);
        return;
    }
    fa_rfmt_num(b, sizeof b, lo, decimals);
    fa_rfmt_num(c, sizeof c, hi, decimals);
    snprintf(buf, n, "%s [%s, %s]", a, b, c);
}

void fa_rfmt_count(char *buf, size_t n, double v)
{
    char digits[40];
    size_t len, i, o = 0;
    double r;

    if (isnan(v)) {
        snprintf(buf, n, "%s", FA_RFMT_DASH);
        return;
    }
    r = round(v);
    if (fabs(v - r) > 1e-9 || fabs(v) >= FIXED_MAX) { /* a weight, not a count */
        fa_rfmt_num(buf, n, v, 2);
        return;
    }
    snprintf(digits, sizeof digits, "%lld", (long long)fabs(r));
    len = strlen(digits);
    if (n == 0)
        return;
    if (r < 0 && o + 1 < n)
        buf[o++] = '-';
    for (i = 0; i < len && o + 1 < n; i++) {
        if (i > 0 && (len - i) % 3 == 0 && o + 1 < n)
            buf[o++] = ',';
        if (o + 1 < n)
            buf[o++] = digits[i];
    }
    buf[o] = '\0';
}

void fa_rfmt_p(char *buf, size_t n, double p)
{
    const double smallest_shown = 1e-4;

    if (!isnan(p) && p < smallest_shown)
        snprintf(buf, n, "< 0.0001");
    else
        fa_rfmt_num(buf, n, p, 4);
}

/* ---- base64 -------------------------------------------------------------------- */

void fa_base64(fa_buf *b, const unsigned char *d, size_t len)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i;
    char q[4];

    for (i = 0; i + 2 < len; i += 3) {
        unsigned long v = ((unsigned long)d[i] << 16) | ((unsigned long)d[i + 1] << 8) | d[i + 2];
        q[0] = tab[(v >> 18) & 63];
        q[1] = tab[(v >> 12) & 63];
        q[2] = tab[(v >> 6) & 63];
        q[3] = tab[v & 63];
        fa_buf_put(b, q, 4);
    }
    if (len - i == 1) {
        unsigned long v = (unsigned long)d[i] << 16;
        q[0] = tab[(v >> 18) & 63];
        q[1] = tab[(v >> 12) & 63];
        q[2] = q[3] = '=';
        fa_buf_put(b, q, 4);
    } else if (len - i == 2) {
        unsigned long v = ((unsigned long)d[i] << 16) | ((unsigned long)d[i + 1] << 8);
        q[0] = tab[(v >> 18) & 63];
        q[1] = tab[(v >> 12) & 63];
        q[2] = tab[(v >> 6) & 63];
        q[3] = '=';
        fa_buf_put(b, q, 4);
    }
}
