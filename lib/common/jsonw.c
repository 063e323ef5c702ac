/* jsonw.c — streaming JSON writer; see jsonw.h for why it exists. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/jsonw.h"

void fa_jw_init(fa_jw *w, fa_buf *out, bool pretty)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->pretty = pretty;
    w->compact_arrays = true;
    w->first[0] = true;
}

static void newline(fa_jw *w)
{
    int i;

    if (!w->pretty)
        return;
    fa_buf_putc(w->out, '\n');
    for (i = 0; i < w->depth; i++)
        fa_buf_put(w->out, "  ", 2);
}

/* Arrays of scalars stay on one line; an array holding a container does not. */
static bool is_compact(const fa_jw *w, int depth)
{
    return depth > 0 && w->in_array[depth] && w->compact_arrays && !w->expanded[depth];
}

/* Separator before a value or key at the current depth. */
static void before_item(fa_jw *w, bool is_key)
{
    if (w->after_key && !is_key) {
        w->after_key = false;
        return;
    }
    bool compact = is_compact(w, w->depth);

    if (!w->first[w->depth]) {
        fa_buf_putc(w->out, ',');
        if (compact && w->pretty)
            fa_buf_putc(w->out, ' ');
    }
    w->first[w->depth] = false;
    if (w->depth > 0 && !compact)
        newline(w);
}

static void open(fa_jw *w, char c, bool is_array)
{
    if (w->depth > 0 && w->in_array[w->depth])
        w->expanded[w->depth] = true; /* a container inside: one item per line */
    before_item(w, false);
    fa_buf_putc(w->out, c);
    if (w->depth + 1 < FA_JW_MAX_DEPTH)
        w->depth++;
    w->first[w->depth] = true;
    w->in_array[w->depth] = is_array;
    w->expanded[w->depth] = false;
}

static void close_(fa_jw *w, char c)
{
    bool empty = w->first[w->depth];
    bool compact = is_compact(w, w->depth);

    if (w->depth > 0)
        w->depth--;
    if (!empty && !compact)
        newline(w);
    fa_buf_putc(w->out, c);
}

void fa_jw_object_begin(fa_jw *w)
{
    open(w, '{', false);
}

void fa_jw_object_end(fa_jw *w)
{
    close_(w, '}');
}

void fa_jw_array_begin(fa_jw *w)
{
    open(w, '[', true);
}

void fa_jw_array_end(fa_jw *w)
{
    close_(w, ']');
}

void fa_json_escape(fa_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t i;

    fa_buf_putc(b, '"');
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"':
            fa_buf_put(b, "\\\"", 2);
            break;
        case '\\':
            fa_buf_put(b, "\\\\", 2);
            break;
        case '\n':
            fa_buf_put(b, "\\n", 2);
            break;
        case '\r':
            fa_buf_put(b, "\\r", 2);
            break;
        case '\t':
            fa_buf_put(b, "\\t", 2);
            break;
        default:
            if (c < 0x20 || c == 0x7f) {
                char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                fa_buf_put(b, esc, 6);
            } else if (c < 0x80) {
                fa_buf_putc(b, (char)c);
            } else {
                /* JSON is UTF-8 (RFC 8259): copy a well-formed sequence, replace a
                 * malformed byte by U+FFFD (inputs are checked where they are read;
                 * this is the last line of defence, e.g. for command-line text). */
                uint32_t cp;
                size_t k = fa_utf8_next(s + i, n - i, &cp);

                if (k == 0) {
                    fa_buf_put(b, "\xEF\xBF\xBD", 3);
                } else {
                    fa_buf_put(b, s + i, k);
                    i += k - 1;
                }
            }
        }
    }
    fa_buf_putc(b, '"');
}

void fa_jw_key(fa_jw *w, const char *key)
{
    before_item(w, true);
    fa_json_escape(w->out, key, strlen(key));
    fa_buf_put(w->out, w->pretty ? ": " : ":", w->pretty ? 2 : 1);
    w->after_key = true;
}

void fa_jw_stringn(fa_jw *w, const char *s, size_t n)
{
    before_item(w, false);
    fa_json_escape(w->out, s, n);
}

void fa_jw_string(fa_jw *w, const char *s)
{
    if (s == NULL) {
        fa_jw_null(w);
        return;
    }
    fa_jw_stringn(w, s, strlen(s));
}

void fa_jw_number(fa_jw *w, double d)
{
    char tmp[40];
    size_t n;

    if (!isfinite(d)) {
        fa_jw_null(w);
        return;
    }
    before_item(w, false);
    if (d == 0.0)
        d = 0.0; /* print -0 as 0 */
    n = fa_format_double(tmp, sizeof tmp, d);
    fa_buf_put(w->out, tmp, n);
}

void fa_jw_int(fa_jw *w, int64_t v)
{
    before_item(w, false);
    fa_buf_printf(w->out, "%lld", (long long)v);
}

void fa_jw_uint(fa_jw *w, uint64_t v)
{
    before_item(w, false);
    fa_buf_printf(w->out, "%llu", (unsigned long long)v);
}

void fa_jw_bool(fa_jw *w, bool b)
{
    before_item(w, false);
    fa_buf_puts(w->out, b ? "true" : "false");
}

void fa_jw_null(fa_jw *w)
{
    before_item(w, false);
    fa_buf_put(w->out, "null", 4);
}
