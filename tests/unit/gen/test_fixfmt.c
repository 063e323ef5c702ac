/* Unit tests for lib/gen/fixfmt.c: integer and fixed-point formatting. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "common/rng.h"
#include "fa_test.h"
#include "gen/fixfmt.h"

static void check_u64(uint64_t v)
{
    char got[FA_FIXFMT_MAX + 1], want[32];
    char *end = fa_fixfmt_u64(got, v);

    *end = '\0';
    snprintf(want, sizeof want, "%" PRIu64, v);
    cr_assert_str_eq(got, want);
}

Test(gen_fixfmt, integers_match_printf)
{
    static const uint64_t edge[] = {0,   1,    9,    10,    11,   99, 100, 101, 999, 1000,
                                    9999, 10000, 65535, 4294967295ULL, 4294967296ULL,
                                    10000000000000000000ULL, UINT64_MAX};
    fa_rng r;
    size_t i;

    for (i = 0; i < sizeof edge / sizeof edge[0]; i++)
        check_u64(edge[i]);
    fa_rng_seed(&r, 3);
    for (i = 0; i < 20000; i++)
        check_u64(fa_rng_next(&r) >> fa_rng_below(&r, 64));
}

Test(gen_fixfmt, fixed_decimals_hand_cases)
{
    static const struct {
        int64_t v;
        unsigned d;
        const char *want;
    } cases[] = {
        {3512, 4, "0.3512"}, {5, 4, "0.0005"},     {10000, 4, "1.0000"}, {0, 4, "0.0000"},
        {120, 1, "12.0"},    {-5, 1, "-0.5"},      {-12345, 2, "-123.45"}, {7, 0, "7"},
        {0, 0, "0"},         {123456, 6, "0.123456"}, {1, 6, "0.000001"},
        {INT64_MIN, 0, "-9223372036854775808"}, {INT64_MAX, 18, "9.223372036854775807"},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[FA_FIXFMT_MAX + 1];
        char *end = fa_fixfmt_fixed(buf, cases[i].v, cases[i].d);
        *end = '\0';
        cr_assert_str_eq(buf, cases[i].want, "(%" PRId64 ", %u)", cases[i].v, cases[i].d);
    }
}

Test(gen_fixfmt, fixed_decimals_read_back_as_the_scaled_value)
{
    fa_rng r;
    int i;

    fa_rng_seed(&r, 11);
    for (i = 0; i < 20000; i++) {
        int64_t v = (int64_t)fa_rng_below(&r, 2000000000ULL) - 1000000000;
        unsigned d = (unsigned)fa_rng_below(&r, 7);
        char buf[FA_FIXFMT_MAX + 1], want[48];
        double scale = 1.0;
        unsigned k;

        *fa_fixfmt_fixed(buf, v, d) = '\0';
        for (k = 0; k < d; k++)
            scale *= 10.0;
        /* printf of the exact quotient with d decimals gives the same digits. */
        snprintf(want, sizeof want, "%.*f", (int)d, (double)v / scale);
        cr_assert_str_eq(buf, want);
    }
}
