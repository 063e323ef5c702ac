/*
 * md_report.c — serialises the report block stream as GitHub-flavoured
 * Markdown (report.md), for repositories and wikis.
 *
 * Every run is escaped with fa_esc_md(): markup characters are
 * backslash-escaped and & < > become entities, so no data string can open a
 * link, an image, raw HTML or a table cell. The only HTML this writer emits
 * itself is <br> (line breaks inside table cells) and <code>.
 * Charts are referenced as images under charts/ when they were rendered.
 */
#include <string.h>

#include "report_blocks.h"
#include "report_escape.h"

typedef struct md_state {
    fa_buf *out;
    bool in_table;
    bool header_row;
    size_t n_cols; /* cells in the header row */
    size_t col;    /* cells so far in the current row */
    bool in_item;
    bool in_note;
    bool pending_caption;
} md_state;

static void put_run(md_state *st, int style, const char *s)
{
    switch ((fa_rstyle)style) {
    case FA_RS_STRONG:
        fa_buf_puts(st->out, "**");
        fa_esc_md(st->out, s);
        fa_buf_puts(st->out, "**");
        break;
    case FA_RS_EM:
        fa_buf_puts(st->out, "*");
        fa_esc_md(st->out, s);
        fa_buf_puts(st->out, "*");
        break;
    case FA_RS_CODE:
        fa_buf_puts(st->out, "<code>");
        fa_esc_md(st->out, s);
        fa_buf_puts(st->out, "</code>");
        break;
    case FA_RS_PLAIN:
        fa_esc_md(st->out, s);
        break;
    }
}

static const fa_rchart_ref *find_chart(const fa_rwrite_ctx *ctx, const char *id)
{
    size_t i;

    for (i = 0; i < ctx->n_charts; i++)
        if (strcmp(ctx->charts[i].id, id) == 0)
            return &ctx->charts[i];
    return NULL;
}

fa_status fa_rb_write_md(const fa_rb *rb, const fa_rwrite_ctx *ctx, fa_buf *out, fa_error *err)
{
    md_state st;
    size_t i, k;

    memset(&st, 0, sizeof st);
    st.out = out;
    for (i = 0; i < rb->n; i++) {
        const fa_rblock *b = &rb->ops[i];
        const char *s1 = fa_rb_str(rb, b->s1);

        switch (b->op) {
        case FA_ROP_SECTION_BEGIN:
        case FA_ROP_SECTION_END:
            break;
        case FA_ROP_H_BEGIN:
            for (k = 0; k < (size_t)b->a; k++)
                fa_buf_putc(out, '#');
            fa_buf_putc(out, ' ');
            break;
        case FA_ROP_H_END:
            fa_buf_puts(out, "\n\n");
            break;
        case FA_ROP_P_BEGIN:
            break;
        case FA_ROP_P_END:
            fa_buf_puts(out, "\n\n");
            break;
        case FA_ROP_NOTE_BEGIN:
            fa_buf_puts(out, "> ");
            st.in_note = true;
            break;
        case FA_ROP_NOTE_END:
            fa_buf_puts(out, "\n\n");
            st.in_note = false;
            break;
        case FA_ROP_LIST_BEGIN:
            break;
        case FA_ROP_LIST_END:
            fa_buf_putc(out, '\n');
            break;
        case FA_ROP_ITEM_BEGIN:
            fa_buf_puts(out, "- ");
            st.in_item = true;
            break;
        case FA_ROP_ITEM_END:
            fa_buf_putc(out, '\n');
            st.in_item = false;
            break;
        case FA_ROP_TABLE_BEGIN:
            st.in_table = true;
            st.n_cols = 0;
            if (b->s1 != FA_RB_NONE) {
                fa_buf_puts(out, "**");
                fa_esc_md(out, s1);
                fa_buf_puts(out, "**\n\n");
            }
            break;
        case FA_ROP_TABLE_END:
            st.in_table = false;
            fa_buf_putc(out, '\n');
            break;
        case FA_ROP_ROW_BEGIN:
            st.header_row = b->a != 0;
            st.col = 0;
            fa_buf_putc(out, '|');
            break;
        case FA_ROP_ROW_END:
            /* pad short rows so every row has the header's column count */
            for (; st.col < st.n_cols; st.col++)
                fa_buf_puts(out, "  |");
            fa_buf_putc(out, '\n');
            if (st.header_row) {
                st.n_cols = st.col;
                fa_buf_putc(out, '|');
                for (k = 0; k < st.n_cols; k++)
                    fa_buf_puts(out, " --- |");
                fa_buf_putc(out, '\n');
            }
            st.header_row = false;
            break;
        case FA_ROP_CELL_BEGIN:
            fa_buf_putc(out, ' ');
            break;
        case FA_ROP_CELL_END:
            fa_buf_puts(out, " |");
            st.col++;
            break;
        case FA_ROP_RUN:
            put_run(&st, b->a, s1);
            break;
        case FA_ROP_FIGURE: {
            const fa_rchart_ref *c = find_chart(ctx, s1);
            const char *caption = fa_rb_str(rb, b->s2);
            if (c != NULL && c->rendered && ctx->png_prefix != NULL) {
                /* the id is a slug we made (letters, digits, '_' and '-') */
                fa_buf_puts(out, "![");
                fa_esc_md(out, c->title ? c->title : caption);
                fa_buf_printf(out, "](%s%s.png)\n\n", ctx->png_prefix, c->id);
                fa_buf_puts(out, "*");
                fa_esc_md(out, caption);
                fa_buf_puts(out, "*\n\n");
            } else {
                fa_buf_puts(out, "*Chart not included");
                fa_buf_puts(out, c != NULL && !c->rendered ? " (not rendered)" : "");
                fa_buf_puts(out, ": ");
                fa_esc_md(out, caption);
                fa_buf_puts(out, "*\n\n");
            }
            break;
        }
        }
    }
    fa_buf_puts(out, "---\n\n*Generated by ");
    fa_esc_md(out, ctx->generator ? ctx->generator : "fairaudit");
    fa_buf_puts(out, ".*\n");
    if (out->oom)
        FA_FAIL(err, FA_ENOMEM, "out of memory writing the Markdown report");
    return FA_OK;
}
