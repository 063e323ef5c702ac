/*
 * gate_escape.c — escaping of data strings (attribute names, group values,
 * rule ids, reasons) for the XML and Markdown writers. Every string that
 * reaches junit.xml or summary.md goes through one of these.
 */
#include <stdint.h>
#include <string.h>

#include "common/internal.h"
#include "gate_report.h"

#define UTF8_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

void fa_xml_escape(fa_buf *b, const char *s, size_t n, bool attribute)
{
    size_t i = 0;

    while (i < n) {
        uint32_t cp = 0;
        size_t len = fa_utf8_next(s + i, n - i, &cp);

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
