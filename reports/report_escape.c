/*
 * report_escape.c — escaping for HTML, Markdown, gnuplot literals, gnuplot
 * data fields and file names (see report_escape.h for each contract).
 *
 * Every function walks the text one UTF-8 sequence at a time through
 * fa_esc_utf8_next(), so invalid bytes are repaired the same way everywhere
 * and no escaper can split a multi-byte character.
 */
#include "report_escape.h"

#include <string.h>

#include "common/internal.h"

#define REPLACEMENT_CHAR "\xEF\xBF\xBD" /* U+FFFD in UTF-8 */

size_t fa_esc_utf8_next(const char *s, unsigned long *cp)
{
    uint32_t c = 0;
    /* the NUL ends the string, so no sequence runs past it */
    size_t len = fa_utf8_next(s, strnlen(s, 4), &c);

    if (len == 0) {
        *cp = s[0] == '\0' ? 0 : 0xFFFD;
        return 1;
    }
    *cp = c;
    return len;
}

/* Appends the sequence at s (length len) or U+FFFD when cp is U+FFFD from a bad byte. */
static void put_seq(fa_buf *b, const char *s, size_t len, unsigned long cp)
{
    if (cp == 0xFFFD && len == 1)
        fa_buf_puts(b, REPLACEMENT_CHAR);
    else
        fa_buf_put(b, s, len);
}

static bool is_control(unsigned long cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
}

void fa_esc_utf8(fa_buf *b, const char *s)
{
    unsigned long cp;
    size_t len;

    while (*s != '\0') {
        len = fa_esc_utf8_next(s, &cp);
        put_seq(b, s, len, cp);
        s += len;
    }
}

void fa_esc_html(fa_buf *b, const char *s)
{
    unsigned long cp;
    size_t len;

    while (*s != '\0') {
        len = fa_esc_utf8_next(s, &cp);
        switch (cp) {
        case '&':
            fa_buf_puts(b, "&amp;");
            break;
        case '<':
            fa_buf_puts(b, "&lt;");
            break;
        case '>':
            fa_buf_puts(b, "&gt;");
            break;
        case '"':
            fa_buf_puts(b, "&quot;");
            break;
        case '\'':
            fa_buf_puts(b, "&#39;");
            break;
        case '\t':
        case '\n':
            fa_buf_putc(b, (char)cp);
            break;
        default:
            if (is_control(cp))
                fa_buf_puts(b, REPLACEMENT_CHAR);
            else
                put_seq(b, s, len, cp);
        }
        s += len;
    }
}

void fa_esc_md(fa_buf *b, const char *s)
{
    /* Always escaped: characters that open or close inline markup anywhere
     * (emphasis, code, links and images need '[', tables '|', GFM
     * strikethrough '~'). Characters that only start a block (heading '#',
     * list '-' '+', setext '=') are escaped at the start of the string, where
     * a data string can begin a line (a table cell or list item never does);
     * '.' or ')' after leading digits and before a space ("1. " would start
     * an ordered list); ':' before
     * "//" (GFM autolinks). */
    static const char always[] = "\\`*_[]|~";
    static const char at_start[] = "#+-=>";
    const char *start = s;
    unsigned long cp;
    size_t len;
    bool digits_only = true;

    while (*s != '\0') {
        len = fa_esc_utf8_next(s, &cp);
        if (cp == '&') {
            fa_buf_puts(b, "&amp;");
        } else if (cp == '<') {
            fa_buf_puts(b, "&lt;");
        } else if (cp == '>') {
            fa_buf_puts(b, "&gt;");
        } else if (cp == '\n') {
            fa_buf_puts(b, "<br>");
        } else if (cp == '\r' || cp == '\t') {
            fa_buf_putc(b, ' ');
        } else if (is_control(cp)) {
            fa_buf_puts(b, REPLACEMENT_CHAR);
        } else if (cp < 0x80 && strchr(always, (int)cp) != NULL) {
            fa_buf_putc(b, '\\');
            fa_buf_putc(b, (char)cp);
        } else if (s == start && cp < 0x80 && strchr(at_start, (int)cp) != NULL) {
            fa_buf_putc(b, '\\');
            fa_buf_putc(b, (char)cp);
        } else if ((cp == '.' || cp == ')') && digits_only && s != start &&
                   (s[1] == ' ' || s[1] == '\0')) {
            fa_buf_putc(b, '\\');
            fa_buf_putc(b, (char)cp);
        } else if (cp == ':' && s[1] == '/' && s[2] == '/') {
            fa_buf_puts(b, "\\:");
        } else {
            put_seq(b, s, len, cp);
        }
        digits_only = digits_only && cp >= '0' && cp <= '9';
        s += len;
    }
}

void fa_esc_gp_literal(fa_buf *b, const char *s)
{
    unsigned long cp;
    size_t len;

    fa_buf_putc(b, '\'');
    while (*s != '\0') {
        len = fa_esc_utf8_next(s, &cp);
        if (cp == '\'')
            fa_buf_puts(b, "''");
        else if (is_control(cp))
            fa_buf_putc(b, ' ');
        else
            put_seq(b, s, len, cp);
        s += len;
    }
    fa_buf_putc(b, '\'');
}

void fa_esc_gp_field(fa_buf *b, const char *s)
{
    unsigned long cp;
    size_t len;

    fa_buf_putc(b, '"');
    while (*s != '\0') {
        len = fa_esc_utf8_next(s, &cp);
        if (cp == '\\')
            fa_buf_puts(b, "\\\\");
        else if (cp == '"')
            fa_buf_puts(b, "\\042");
        else if (is_control(cp))
            fa_buf_putc(b, ' ');
        else
            put_seq(b, s, len, cp);
        s += len;
    }
    fa_buf_putc(b, '"');
}

void fa_esc_slug(fa_buf *b, const char *s, size_t max_len)
{
    size_t start = b->len, n = 0;
    bool gap = false;

    for (; *s != '\0' && n < max_len; s++) {
        char c = *s;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            /* kept */
        } else if (c >= 'A' && c <= 'Z') {
            c = (char)(c - 'A' + 'a');
        } else {
            gap = true;
            continue;
        }
        if (gap && n > 0 && n + 1 < max_len) {
            fa_buf_putc(b, '_');
            n++;
        }
        gap = false;
        fa_buf_putc(b, c);
        n++;
    }
    if (b->len == start)
        fa_buf_putc(b, 'x');
}
