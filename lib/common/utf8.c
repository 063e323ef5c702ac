/*
 * utf8.c — strict UTF-8 validation (RFC 3629) for text that reaches our
 * outputs.
 *
 * Every document the library writes (audit.json, describe JSON, JUnit XML,
 * HTML, Markdown) must be valid UTF-8, or standard tools reject it (Python's
 * json.load fails on the first bad byte). Data files are read as bytes, so
 * the values that become group names, category levels and labels are checked
 * where they are stored (lib/data/table.c, audit/audit.c): a NUL byte or an
 * invalid sequence there is an input error with its location
 * (docs/hostile-inputs.md). Writers replace what slips through (fa_utf8_next
 * tells them how long the bad sequence is) with U+FFFD.
 */
#include <stdio.h>

#include "common/internal.h"

size_t fa_utf8_next(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t c, min;
    size_t len, i;

    if (n == 0)
        return 0;
    c = u[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        c &= 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        c &= 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        c &= 0x07;
        min = 0x10000;
    } else {
        return 0; /* continuation byte, overlong lead (C0, C1) or beyond U+10FFFF (F5..FF) */
    }
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0; /* overlong, out of range, or a UTF-16 surrogate */
    *cp = c;
    return len;
}

fa_text_problem fa_text_check(const char *s, size_t n, size_t *at)
{
    size_t i = 0;
    uint32_t cp;

    while (i < n) {
        size_t k;

        if (s[i] == '\0') {
            if (at != NULL)
                *at = i;
            return FA_TEXT_NUL;
        }
        k = fa_utf8_next(s + i, n - i, &cp);
        if (k == 0) {
            if (at != NULL)
                *at = i;
            return FA_TEXT_BAD_UTF8;
        }
        i += k;
    }
    return FA_TEXT_OK;
}

void fa_text_describe(char *buf, size_t n, fa_text_problem p, const char *s, size_t at)
{
    if (p == FA_TEXT_NUL)
        snprintf(buf, n,
                 "contains a NUL byte (byte %zu of the value; is the file UTF-16? "
                 "convert it to UTF-8)",
                 at + 1);
    else
        snprintf(buf, n,
                 "is not valid UTF-8 (byte 0x%02X, byte %zu of the value; convert the "
                 "file to UTF-8, e.g. iconv -f latin1 -t utf-8)",
                 (unsigned)(unsigned char)s[at], at + 1);
}
