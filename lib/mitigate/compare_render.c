/*
 * compare_render.c — a comparison as an aligned text table, a Markdown
 * document, or JSON (docs/format/compare.md). Rows keep the reports' order:
 * overall metrics, then per attribute its disparities, its groups' metrics
 * and their comparison with the reference group.
 */
#include <stdio.h>
#include <string.h>

#include "common/fileio.h"
#include "common/jsonw.h"
#include "mitigate/compare_internal.h"

#define COMPARE_FORMAT_NAME    "fairaudit-compare"
#define COMPARE_FORMAT_VERSION 1
#define METRIC_WIDTH           40

static void fmt_num(char *buf, size_t n, double v)
{
    if (!isfinite(v))
        snprintf(buf, n, "n/a");
    else if (v != 0.0 && (fabs(v) >= 1e5 || fabs(v) < 1e-4))
        snprintf(buf, n, "%.4e", v);
    else
        snprintf(buf, n, "%.6f", v);
}

static void fmt_change(char *buf, size_t n, double v)
{
    if (!isfinite(v))
        buf[0] = '\0';
    else if (v != 0.0 && (fabs(v) >= 1e5 || fabs(v) < 1e-4))
        snprintf(buf, n, "%+.4e", v);
    else
        snprintf(buf, n, "%+.6f", v);
}

/* Heading of the section a row belongs to ("overall", "sex: disparities", ...). */
static void section_of(const fa_cmp_row *r, fa_buf *b)
{
    fa_buf_clear(b);
    if (strcmp(r->scope, "overall") == 0)
        fa_buf_puts(b, "overall");
    else if (strcmp(r->scope, "disparity") == 0)
        fa_buf_printf(b, "%s: disparities", r->attribute);
    else if (strcmp(r->scope, "group") == 0)
        fa_buf_printf(b, "%s = %s", r->attribute, r->group);
    else
        fa_buf_printf(b, "%s = %s vs the reference group", r->attribute, r->group);
}

static void count_verdicts(const fa_comparison *c, size_t counts[6])
{
    size_t i;

    memset(counts, 0, 6 * sizeof *counts);
    for (i = 0; i < c->n; i++)
        counts[c->rows[i].verdict]++;
}

static void side_line(fa_buf *b, const char *label, const fa_cmp_side *s)
{
    fa_buf_printf(b, "%s %s", label, s->path);
    if (s->predictions != NULL)
        fa_buf_printf(b, " (predictions %s", s->predictions);
    if (isfinite(s->rows_used))
        fa_buf_printf(b, "%s%.0f rows", s->predictions != NULL ? ", " : " (", s->rows_used);
    if (s->predictions != NULL || isfinite(s->rows_used))
        fa_buf_putc(b, ')');
    fa_buf_putc(b, '\n');
}

static void render_text(const fa_comparison *c, fa_buf *b, bool markdown)
{
    fa_buf sec = FA_BUF_INIT, prev = FA_BUF_INIT;
    size_t i, counts[6];
    char x[32], y[32], d[32];

    if (markdown) {
        fa_buf_puts(b, "# Before / after\n\n");
        fa_buf_printf(b, "- before: `%s`\n- after: `%s`\n", c->side[0].path, c->side[1].path);
    } else {
        side_line(b, "before:", &c->side[0]);
        side_line(b, "after: ", &c->side[1]);
    }
    for (i = 0; i < c->n; i++) {
        const fa_cmp_row *r = &c->rows[i];
        section_of(r, &sec);
        if (sec.oom || sec.ptr == NULL) { /* out of memory: the caller sees b->oom */
            b->oom = true;
            break;
        }
        if (prev.ptr == NULL || strcmp(sec.ptr, prev.ptr) != 0) {
            if (markdown)
                fa_buf_printf(b,
                              "\n## %s\n\n| metric | before | after | change | verdict |\n"
                              "|---|---:|---:|---:|---|\n",
                              sec.ptr);
            else
                fa_buf_printf(b, "\n%s\n  %-*s %12s %12s %13s  %s\n", sec.ptr, METRIC_WIDTH,
                              "metric", "before", "after", "change", "verdict");
            fa_buf_clear(&prev);
            fa_buf_puts(&prev, sec.ptr);
            if (prev.oom) {
                b->oom = true;
                break;
            }
        }
        fmt_num(x, sizeof x, r->before);
        fmt_num(y, sizeof y, r->after);
        fmt_change(d, sizeof d, r->after - r->before);
        if (markdown)
            fa_buf_printf(b, "| %s | %s | %s | %s | %s |", r->metric, x, y, d,
                          fa_cmp_verdict_name(r->verdict));
        else
            fa_buf_printf(b, "  %-*s %12s %12s %13s  %s", METRIC_WIDTH, r->metric, x, y, d,
                          fa_cmp_verdict_name(r->verdict));
        if (r->before_ci_known || r->after_ci_known) {
            fa_buf_puts(b, markdown ? " CI " : "  CI ");
            if (r->before_ci_known)
                fa_buf_printf(b, "[%.4f, %.4f]", r->before_ci[0], r->before_ci[1]);
            else
                fa_buf_puts(b, "n/a");
            fa_buf_puts(b, " -> ");
            if (r->after_ci_known)
                fa_buf_printf(b, "[%.4f, %.4f]", r->after_ci[0], r->after_ci[1]);
            else
                fa_buf_puts(b, "n/a");
        }
        if (r->before_note != NULL || r->after_note != NULL) {
            fa_buf_puts(b, " (");
            if (r->before_note != NULL)
                fa_buf_printf(b, "before: %s%s", r->before_note, r->after_note ? "; " : "");
            if (r->after_note != NULL)
                fa_buf_printf(b, "after: %s", r->after_note);
            fa_buf_putc(b, ')');
        }
        fa_buf_putc(b, '\n');
    }
    count_verdicts(c, counts);
    fa_buf_printf(b,
                  "\n%ssummary: %zu improved, %zu worsened, %zu unchanged, %zu without a "
                  "better direction, %zu undefined%s\n",
                  markdown ? "**" : "", counts[FA_CHANGE_IMPROVED], counts[FA_CHANGE_WORSENED],
                  counts[FA_CHANGE_UNCHANGED], counts[FA_CHANGE_NEUTRAL],
                  counts[FA_CHANGE_UNDEFINED], markdown ? "**" : "");
    if (sec.oom || prev.oom)
        b->oom = true;
    fa_buf_dispose(&sec);
    fa_buf_dispose(&prev);
}

static void write_string_or_null(fa_jw *w, const char *s)
{
    if (s != NULL)
        fa_jw_string(w, s);
    else
        fa_jw_null(w);
}

static void write_ci(fa_jw *w, int known, const double ci[2])
{
    if (!known) {
        fa_jw_null(w);
        return;
    }
    fa_jw_array_begin(w);
    fa_jw_number(w, ci[0]);
    fa_jw_number(w, ci[1]);
    fa_jw_array_end(w);
}

static void write_side(fa_jw *w, const fa_cmp_side *s)
{
    fa_jw_object_begin(w);
    fa_jw_key(w, "path");
    fa_jw_string(w, s->path);
    fa_jw_key(w, "predictions");
    write_string_or_null(w, s->predictions);
    fa_jw_key(w, "fingerprint");
    write_string_or_null(w, s->fingerprint);
    fa_jw_key(w, "rows_used");
    fa_jw_number(w, s->rows_used);
    fa_jw_key(w, "decision");
    write_string_or_null(w, s->decision);
    fa_jw_object_end(w);
}

static void render_json(const fa_comparison *c, fa_buf *b)
{
    fa_jw w;
    size_t i, counts[6];
    fa_change v;

    fa_jw_init(&w, b, true);
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "format");
    fa_jw_string(&w, COMPARE_FORMAT_NAME);
    fa_jw_key(&w, "format_version");
    fa_jw_int(&w, COMPARE_FORMAT_VERSION);
    fa_jw_key(&w, "before");
    write_side(&w, &c->side[0]);
    fa_jw_key(&w, "after");
    write_side(&w, &c->side[1]);
    count_verdicts(c, counts);
    fa_jw_key(&w, "summary");
    fa_jw_object_begin(&w);
    for (v = FA_CHANGE_IMPROVED; v <= FA_CHANGE_UNDEFINED; v++) {
        fa_jw_key(&w, fa_cmp_verdict_name(v));
        fa_jw_uint(&w, counts[v]);
    }
    fa_jw_object_end(&w);
    fa_jw_key(&w, "rows");
    fa_jw_array_begin(&w);
    for (i = 0; i < c->n; i++) {
        const fa_cmp_row *r = &c->rows[i];
        fa_jw_object_begin(&w);
        fa_jw_key(&w, "scope");
        fa_jw_string(&w, r->scope);
        fa_jw_key(&w, "attribute");
        write_string_or_null(&w, r->attribute);
        fa_jw_key(&w, "group");
        write_string_or_null(&w, r->group);
        fa_jw_key(&w, "metric");
        fa_jw_string(&w, r->metric);
        fa_jw_key(&w, "before");
        fa_jw_number(&w, r->before);
        fa_jw_key(&w, "after");
        fa_jw_number(&w, r->after);
        fa_jw_key(&w, "change");
        fa_jw_number(&w, r->after - r->before);
        fa_jw_key(&w, "before_note");
        write_string_or_null(&w, r->before_note);
        fa_jw_key(&w, "after_note");
        write_string_or_null(&w, r->after_note);
        fa_jw_key(&w, "before_ci");
        write_ci(&w, r->before_ci_known, r->before_ci);
        fa_jw_key(&w, "after_ci");
        write_ci(&w, r->after_ci_known, r->after_ci);
        fa_jw_key(&w, "better");
        write_string_or_null(&w, fa_cmp_better_name(r->better));
        fa_jw_key(&w, "ideal");
        fa_jw_number(&w, r->ideal);
        fa_jw_key(&w, "verdict");
        fa_jw_string(&w, fa_cmp_verdict_name(r->verdict));
        fa_jw_object_end(&w);
    }
    fa_jw_array_end(&w);
    fa_jw_object_end(&w);
    fa_buf_putc(b, '\n');
}

fa_status fa_compare_render(const fa_comparison *c,
                            fa_compare_format format,
                            char **text_out,
                            size_t *len_out,
                            fa_error *err)
{
    fa_buf b = FA_BUF_INIT;
    size_t len;

    FA_CHECK_ARG(err, c != NULL && text_out != NULL);
    *text_out = NULL;
    switch (format) {
    case FA_COMPARE_TEXT:
        render_text(c, &b, false);
        break;
    case FA_COMPARE_MARKDOWN:
        render_text(c, &b, true);
        break;
    case FA_COMPARE_JSON:
        render_json(c, &b);
        break;
    default:
        FA_FAIL(err, FA_EINVAL, "unknown comparison format %d", (int)format);
    }
    if (b.oom || b.ptr == NULL) {
        fa_buf_dispose(&b);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    *text_out = fa_buf_detach(&b, &len);
    if (len_out != NULL)
        *len_out = len;
    return FA_OK;
}

void fa_compare_text_free(char *text)
{
    fa_free(text);
}

fa_status
fa_compare_write(const fa_comparison *c, fa_compare_format format, const char *path, fa_error *err)
{
    char *text = NULL;
    size_t len = 0;
    fa_status rc;

    FA_CHECK_ARG(err, path != NULL);
    FA_TRY(fa_compare_render(c, format, &text, &len, err));
    rc = fa_write_file_atomic(path, text, len, err);
    fa_free(text);
    return rc;
}
