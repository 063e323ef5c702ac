/*
 * numfmt.c — locale-independent number parsing and printing.
 *
 * Parsing: a fast path for plain decimals ("-12.5", "3e-4") with at most 19
 * significant digits whose value is exact under Clinger's condition (mantissa
 * below 2^53 and a power of ten up to 1e22), which covers nearly every value
 * in real CSV files; everything else goes to strtod_l under the C locale, so
 * results are always correctly rounded. The library never calls setlocale.
 *
 * Printing: the shortest of %.15g/%.16g/%.17g that reads back exactly, in the
 * C locale.
 */
#define _GNU_SOURCE /* strtod_l, uselocale */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/internal.h"

static _Thread_local locale_t c_locale_cache;

static locale_t c_locale(void)
{
    if (c_locale_cache == (locale_t)0)
        c_locale_cache = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    return c_locale_cache;
}

const double fa__pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

#define FA_EXACT_MANTISSA_MAX (1ULL << 53)
#define FA_MAX_EXACT_POW10    22

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool parse_fast(const char *s, size_t len, double *out)
{
    size_t i = 0;
    bool neg = false, any = false;
    uint64_t mant = 0;
    int digits = 0, exp10 = 0;

    if (i < len && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    for (; i < len && is_digit(s[i]); i++, any = true) {
        if (mant == 0 && s[i] == '0')
            continue;
        if (++digits > 19)
            return false;
        mant = mant * 10 + (uint64_t)(s[i] - '0');
    }
    if (i < len && s[i] == '.') {
        for (i++; i < len && is_digit(s[i]); i++, any = true) {
            if (mant == 0 && s[i] == '0') {
                exp10--;
                continue;
            }
            if (++digits > 19)
                return false;
            mant = mant * 10 + (uint64_t)(s[i] - '0');
            exp10--;
        }
    }
    if (!any)
        return false;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        bool eneg = false;
        int e = 0;
        size_t start;

        i++;
        if (i < len && (s[i] == '-' || s[i] == '+'))
            eneg = s[i++] == '-';
        start = i;
        for (; i < len && is_digit(s[i]); i++) {
            if (e > 10000)
                return false;
            e = e * 10 + (s[i] - '0');
        }
        if (i == start)
            return false;
        exp10 += eneg ? -e : e;
    }
    if (i != len)
        return false;
    if (mant > FA_EXACT_MANTISSA_MAX)
        return false;
    if (mant == 0) {
        *out = neg ? -0.0 : 0.0;
        return true;
    }
    if (exp10 < -FA_MAX_EXACT_POW10 || exp10 > FA_MAX_EXACT_POW10)
        return false;
    {
        double v = (double)mant;
        v = exp10 < 0 ? v / fa__pow10_exact[-exp10] : v * fa__pow10_exact[exp10];
        *out = neg ? -v : v;
    }
    return true;
}

bool fa_parse_double(const char *s, size_t len, double *out)
{
    char small[64];
    char *tmp = small, *end = NULL;
    double v;
    locale_t loc;

    if (len == 0)
        return false;
    if (parse_fast(s, len, out))
        return true;
    /* strtod accepts leading spaces and hex; we accept neither. */
    if (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t')
        return false;
    if (memchr(s, 'x', len) != NULL || memchr(s, 'X', len) != NULL)
        return false;
    if (len >= sizeof small) {
        tmp = fa_malloc(len + 1);
        if (tmp == NULL)
            return false;
    }
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    loc = c_locale();
    v = loc != (locale_t)0 ? strtod_l(tmp, &end, loc) : strtod(tmp, &end);
    if (end != tmp + len) {
        if (tmp != small)
            fa_free(tmp);
        return false;
    }
    if (tmp != small)
        fa_free(tmp);
    *out = v;
    return true;
}

size_t fa_format_double(char *buf, size_t n, double d)
{
    static const int precisions[] = {15, 16, 17};
    locale_t loc = c_locale(), old = (locale_t)0;
    size_t i;
    int len = 0;

    if (loc != (locale_t)0)
        old = uselocale(loc);
    for (i = 0; i < sizeof precisions / sizeof precisions[0]; i++) {
        len = snprintf(buf, n, "%.*g", precisions[i], d);
        if (len > 0 && (size_t)len < n && strtod(buf, NULL) == d)
            break;
    }
    if (loc != (locale_t)0)
        (void)uselocale(old);
    return len < 0 ? 0 : (size_t)len;
}
