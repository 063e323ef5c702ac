/*
 * fixfmt.c — integer and fixed-point decimal formatting without printf.
 * Two digits per division through a 200-byte pair table (the classic
 * technique of fmt/itoa implementations).
 */
#include <string.h>

#include "gen/fixfmt.h"

static const char digit_pairs[] = "00010203040506070809"
                                  "10111213141516171819"
                                  "20212223242526272829"
                                  "30313233343536373839"
                                  "40414243444546474849"
                                  "50515253545556575859"
                                  "60616263646566676869"
                                  "70717273747576777879"
                                  "80818283848586878889"
                                  "90919293949596979899";

static const uint64_t pow10_u64[] = {1ULL,
                                     10ULL,
                                     100ULL,
                                     1000ULL,
                                     10000ULL,
                                     100000ULL,
                                     1000000ULL,
                                     10000000ULL,
                                     100000000ULL,
                                     1000000000ULL,
                                     10000000000ULL,
                                     100000000000ULL,
                                     1000000000000ULL,
                                     10000000000000ULL,
                                     100000000000000ULL,
                                     1000000000000000ULL,
                                     10000000000000000ULL,
                                     100000000000000000ULL,
                                     1000000000000000000ULL};

#define FIXFMT_MAX_DECIMALS 18u

/* Writes exactly n digits of v (v < 10^n), zero-padded on the left. */
static void write_padded(char *p, uint64_t v, unsigned n)
{
    char *s = p + n;

    while (n >= 2) {
        unsigned d = (unsigned)(v % 100u) * 2u;
        v /= 100u;
        s -= 2;
        memcpy(s, digit_pairs + d, 2);
        n -= 2;
    }
    if (n == 1)
        *--s = (char)('0' + v % 10u);
}

char *fa_fixfmt_u64(char *p, uint64_t v)
{
    char tmp[20];
    char *end = tmp + sizeof tmp, *s = end;
    size_t len;

    while (v >= 100u) {
        unsigned d = (unsigned)(v % 100u) * 2u;
        v /= 100u;
        s -= 2;
        memcpy(s, digit_pairs + d, 2);
    }
    if (v >= 10u) {
        s -= 2;
        memcpy(s, digit_pairs + v * 2u, 2);
    } else {
        *--s = (char)('0' + v);
    }
    len = (size_t)(end - s);
    memcpy(p, s, len);
    return p + len;
}

char *fa_fixfmt_fixed(char *p, int64_t scaled, unsigned decimals)
{
    uint64_t u, pw;

    if (decimals > FIXFMT_MAX_DECIMALS)
        decimals = FIXFMT_MAX_DECIMALS;
    if (scaled < 0) {
        *p++ = '-';
        u = (uint64_t)(-(scaled + 1)) + 1u; /* no overflow at INT64_MIN */
    } else {
        u = (uint64_t)scaled;
    }
    if (decimals == 0)
        return fa_fixfmt_u64(p, u);
    pw = pow10_u64[decimals];
    p = fa_fixfmt_u64(p, u / pw);
    *p++ = '.';
    write_padded(p, u % pw, decimals);
    return p + decimals;
}
