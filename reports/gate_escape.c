/*
 * gate_escape.c — escaping of data strings (attribute names, group values,
 * rule ids, reasons) for the XML and Markdown writers. Every string that
 * reaches junit.xml or summary.md goes through one of these.
 */
#include <stdint.h>
#include <string.h>

#include "gate_report.h"

#define UTF8_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/*
 * Decodes one UTF-8 sequence at s[0..n). Returns its length and the code
 * point in *cp, or 0 for an invalid, overlong, surrogate or truncated one.
 */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t len, i;
    uint32_t c;

    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2;
        c = s[0] & 0x1Fu;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3;
        c = s[0] & 0x0Fu;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4;
        c = s[0] & 0x07u;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3Fu);
    }
    if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
        c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

void fa_xml_escape(fa_buf *b, const char *s, size_t n, bool attribute)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    while (i < n) {
        uint32_t cp = 0;
        size_t len = utf8_decode(p + i, n - i, &cp);

        if (len == 0) {
            fa_buf_puts(b, UTF8_REPLACEMENT);
            i++;
            continue;
        }
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
            fa_buf_puts(b, "&apos;");
            break;
        case '\t':
            fa_buf_puts(b, attribute ? "&#9;" : "\t");
            break;
        case '\n':
            fa_buf_puts(b, attribute ? "&#10;" : "\n");
            break;
        case '\r':
            fa_buf_puts(b, "&#13;"); /* a raw CR would be normalised away */
            break;
        default:
            if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF)
                fa_buf_puts(b, UTF8_REPLACEMENT); /* not an XML 1.0 character */
            else
                fa_buf_put(b, s + i, len);
            break;
        }
        i += len;
    }
}

void fa_md_escape(fa_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    if (s == NULL)
        return;
    for (; *p != '\0'; p++) {
        switch (*p) {
        case '|':
        case '`':
        case '\\':
        case '*':
        case '_':
        case '[':
        case ']':
            fa_buf_putc(b, '\\');
            fa_buf_putc(b, (char)*p);
            break;
        case '<':
            fa_buf_puts(b, "&lt;");
            break;
        case '>':
            fa_buf_puts(b, "&gt;");
            break;
        case '&':
            fa_buf_puts(b, "&amp;");
            break;
        default:
            if (*p < 0x20 || *p == 0x7F)
                fa_buf_putc(b, ' '); /* newlines and controls would break the row */
            else
                fa_buf_putc(b, (char)*p);
            break;
        }
    }
}
