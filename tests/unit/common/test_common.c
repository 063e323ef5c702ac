/* Unit tests for lib/common: numbers, hashing, JSON writer, buffers, rng, errors. */
#include <string.h>

#include "common/internal.h"
#include "common/jsonw.h"
#include "common/rng.h"
#include "fa_test.h"

Test(common_numfmt, parses_plain_and_exotic_numbers)
{
    static const char *const texts[] = {"0", "-0", "12", "-12.5", "3e-4", "1.7976931348623157e308",
                                        "4.9e-324", "0.1", "123456789012345678901234", "1E5",
                                        ".5", "5.", "+2"};
    size_t i;

    for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        double got = 0, want = strtod(texts[i], NULL);
        cr_assert(fa_parse_double(texts[i], strlen(texts[i]), &got), "rejected %s", texts[i]);
        cr_assert(memcmp(&got, &want, sizeof got) == 0, "%s: got %.17g want %.17g", texts[i], got,
                  want);
    }
}

Test(common_numfmt, rejects_non_numbers)
{
    static const char *const texts[] = {"", "abc", "1x", " 1", "1 ", "0x10", "1e", "-", ".", "1..2"};
    size_t i;
    double v;

    for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
        cr_assert_not(fa_parse_double(texts[i], strlen(texts[i]), &v), "accepted '%s'", texts[i]);
}

Test(common_numfmt, format_round_trips)
{
    double values[] = {0.1, 1.0 / 3.0, 1e300, -2.5e-300, 123456789.125, 0.30000000000000004};
    size_t i;

    for (i = 0; i < sizeof values / sizeof values[0]; i++) {
        char buf[40];
        fa_format_double(buf, sizeof buf, values[i]);
        cr_assert(strtod(buf, NULL) == values[i], "%s does not read back", buf);
    }
    {
        char buf[40];
        fa_format_double(buf, sizeof buf, 0.1);
        cr_assert_str_eq(buf, "0.1");
    }
}

Test(common_sha256, matches_known_vectors)
{
    fa_sha256 s;
    char hex[65];

    fa_sha256_init(&s);
    fa_sha256_final_hex(&s, hex);
    cr_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    fa_sha256_init(&s);
    fa_sha256_update(&s, "abc", 3);
    fa_sha256_final_hex(&s, hex);
    cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    {
        /* 1,000,000 x 'a' fed in odd-sized pieces. */
        char chunk[997];
        size_t left = 1000000;
        memset(chunk, 'a', sizeof chunk);
        fa_sha256_init(&s);
        while (left > 0) {
            size_t n = left < sizeof chunk ? left : sizeof chunk;
            fa_sha256_update(&s, chunk, n);
            left -= n;
        }
        fa_sha256_final_hex(&s, hex);
        cr_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }
}

Test(common_jsonw, writes_nested_documents_with_escapes_and_null_for_nan)
{
    fa_buf b = FA_BUF_INIT;
    fa_jw w;

    fa_jw_init(&w, &b, false);
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "a\"b");
    fa_jw_string(&w, "x\n<y>\x01");
    fa_jw_key(&w, "n");
    fa_jw_array_begin(&w);
    fa_jw_number(&w, 0.5);
    fa_jw_number(&w, fa_nan());
    fa_jw_int(&w, -3);
    fa_jw_array_end(&w);
    fa_jw_key(&w, "o");
    fa_jw_object_begin(&w);
    fa_jw_object_end(&w);
    fa_jw_key(&w, "t");
    fa_jw_bool(&w, true);
    fa_jw_object_end(&w);
    cr_assert_str_eq(b.ptr, "{\"a\\\"b\":\"x\\n<y>\\u0001\",\"n\":[0.5,null,-3],\"o\":{},\"t\":true}");
    fa_buf_dispose(&b);
}

Test(common_jsonw, pretty_output_is_valid_layout)
{
    fa_buf b = FA_BUF_INIT;
    fa_jw w;

    fa_jw_init(&w, &b, true);
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "k");
    fa_jw_array_begin(&w);
    fa_jw_int(&w, 1);
    fa_jw_int(&w, 2);
    fa_jw_array_end(&w);
    fa_jw_key(&w, "l");
    fa_jw_array_begin(&w);
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "x");
    fa_jw_int(&w, 1);
    fa_jw_object_end(&w);
    fa_jw_array_end(&w);
    fa_jw_object_end(&w);
    cr_assert_str_eq(b.ptr, "{\n  \"k\": [1, 2],\n  \"l\": [\n    {\n      \"x\": 1\n    }\n  ]\n}");
    fa_buf_dispose(&b);
}

Test(common_rng, is_deterministic_and_uniform_enough)
{
    fa_rng a, b;
    double sum = 0;
    int i;

    fa_rng_seed(&a, 42);
    fa_rng_seed(&b, 42);
    for (i = 0; i < 1000; i++)
        cr_assert_eq(fa_rng_next(&a), fa_rng_next(&b));
    for (i = 0; i < 100000; i++)
        sum += fa_rng_uniform(&a);
    FA_ASSERT_NEAR(sum / 100000, 0.5, 0.01);
}

Test(common_rng, binomial_mean_and_variance)
{
    fa_rng r;
    double sum = 0, sq = 0;
    const int reps = 20000;
    int i;

    fa_rng_seed(&r, 7);
    for (i = 0; i < reps; i++) {
        double k = (double)fa_rng_binomial(&r, 1000, 0.3);
        sum += k;
        sq += k * k;
    }
    FA_ASSERT_NEAR(sum / reps, 300.0, 1.0);
    FA_ASSERT_NEAR(sq / reps - (sum / reps) * (sum / reps), 210.0, 10.0);
}

Test(common_error, formats_locations_like_compilers)
{
    fa_error err;
    char buf[256];

    fa_error_clear(&err);
    fa_error_set_at(&err, FA_EPARSE, "data.csv", 12, 3, "expected a number, got \"%s\"", "x");
    fa_error_format(&err, buf, sizeof buf);
    cr_assert_str_eq(buf, "data.csv:12:3: expected a number, got \"x\"");
    fa_error_clear(&err);
    fa_error_set(&err, FA_ENOMEM, "out of memory");
    fa_error_format(&err, buf, sizeof buf);
    cr_assert_str_eq(buf, "out of memory");
    cr_assert_str_eq(fa_status_str(FA_EIO), "input/output error");
}

Test(common_alloc, fault_injection_fails_the_nth_allocation)
{
    void *p, *q;

    fa__alloc_fail_after(2);
    p = fa_malloc(8);
    q = fa_malloc(8);
    cr_assert_not_null(p);
    cr_assert_null(q);
    fa_free(p);
    cr_assert_eq(fa__alloc_fail_after(0), 2);
}

Test(common_buf, grows_and_detaches)
{
    fa_buf b = FA_BUF_INIT;
    char *s;
    size_t len;
    int i;

    for (i = 0; i < 1000; i++)
        cr_assert(fa_buf_printf(&b, "%d,", i));
    s = fa_buf_detach(&b, &len);
    cr_assert_eq(len, strlen(s));
    cr_assert(strncmp(s, "0,1,2,", 6) == 0);
    fa_free(s);
}

/* Moments of the binomial sampler on both algorithms (inversion below mean 10, BTRS
 * above), on the symmetric branch, and for n far beyond what O(n p) samplers handle. */
Test(common_rng, binomial_moments_across_regimes)
{
    static const struct {
        uint64_t n;
        double p;
    } cases[] = {{5, 0.5},        {40, 0.1},          {1000, 0.003},     {1000, 0.3},
                 {1000, 0.97},    {100000, 0.5},      {1000000, 1e-4},   {1000000000000ULL, 0.3},
                 {50000, 0.0002}, {3000000000ULL, 0.999999}};
    const int reps = 40000;
    size_t c;

    for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        fa_rng r;
        double n = (double)cases[c].n, p = cases[c].p;
        double mean = n * p, var = n * p * (1 - p);
        double sum = 0, sq = 0, m, v;
        int i;

        fa_rng_seed_stream(&r, 11, c);
        for (i = 0; i < reps; i++) {
            double k = (double)fa_rng_binomial(&r, cases[c].n, p) - mean; /* centred */
            cr_assert(k + mean >= 0 && k + mean <= n);
            sum += k;
            sq += k * k;
        }
        m = sum / reps;
        v = sq / reps - m * m;
        /* mean within 5 standard errors; variance within 5 SE of the sample variance
         * (SE of s^2 ~ var*sqrt(2/reps) plus the kurtosis term, bounded by 3x here). */
        cr_assert(fabs(m) <= 5 * sqrt(var / reps), "n=%g p=%g: mean off by %g", n, p, m);
        cr_assert(fabs(v - var) <= 5 * 3 * var * sqrt(2.0 / reps) + 1e-9,
                  "n=%g p=%g: variance %g, expected %g", n, p, v, var);
    }
}

/* Goodness of fit of whole distributions (chi-square with cells merged to E >= 5). */
static double binom_pmf(int n, int k, double p)
{
    return exp(lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0) + k * log(p) +
               (n - k) * log1p(-p));
}

Test(common_rng, binomial_distribution_chi_square)
{
    static const struct {
        int n;
        double p;
    } cases[] = {{20, 0.3}, {60, 0.4}, {200, 0.25}, {30, 0.8}};
    const int reps = 100000;
    size_t c;

    for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        int n = cases[c].n, i, k;
        double p = cases[c].p, chi = 0, e_acc = 0, o_acc = 0;
        static long counts[256];
        int df = -1;
        fa_rng r;

        memset(counts, 0, sizeof counts);
        fa_rng_seed_stream(&r, 99, c);
        for (i = 0; i < reps; i++)
            counts[fa_rng_binomial(&r, (uint64_t)n, p)]++;
        /* merge consecutive values until each cell expects >= 5 draws; a short tail
         * joins the last complete cell */
        for (k = 0; k <= n; k++) {
            e_acc += reps * binom_pmf(n, k, p);
            o_acc += (double)counts[k];
            if (e_acc >= 5) {
                chi += (o_acc - e_acc) * (o_acc - e_acc) / e_acc;
                df++;
                e_acc = o_acc = 0;
            }
        }
        chi += e_acc > 0 ? (o_acc - e_acc) * (o_acc - e_acc) / (e_acc + 5) : 0;
        /* chi-square 99.99% quantile is below df + 6*sqrt(2 df) + 10 for these df */
        cr_assert(chi < df + 6 * sqrt(2.0 * df) + 10, "n=%d p=%g: chi2 %g with %d df", n, p,
                  chi, df);
    }
}

/* ---- base64 (lib/common/base64.c) ------------------------------------------------------ */
#include "common/base64.h"

Test(base64, round_trips_and_rejects_malformed_input)
{
    static const char *const vec[][2] = {{"", ""},         {"f", "Zg=="},
                                         {"fo", "Zm8="},   {"foo", "Zm9v"},
                                         {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
                                         {"foobar", "Zm9vYmFy"}};
    static const char *const bad[] = {"Zg=", "Z===", "Zh==", "Zm9=", "Zm 9", "=Zm9", "Zg==Zg==",
                                      "Zm9v!A=="};
    fa_buf b = FA_BUF_INIT;
    size_t i;
    unsigned char all[256];

    for (i = 0; i < sizeof vec / sizeof vec[0]; i++) { /* RFC 4648 test vectors */
        fa_buf_clear(&b);
        fa_base64_encode(&b, vec[i][0], strlen(vec[i][0]));
        cr_assert_eq(b.len, strlen(vec[i][1]));
        cr_assert(b.len == 0 || memcmp(b.ptr, vec[i][1], b.len) == 0, "encode %s", vec[i][0]);
        cr_assert(fa_base64_decode(&b, vec[i][1], strlen(vec[i][1])));
        cr_assert_eq(b.len, strlen(vec[i][0]));
        cr_assert(b.len == 0 || memcmp(b.ptr, vec[i][0], b.len) == 0, "decode %s", vec[i][1]);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert(!fa_base64_decode(&b, bad[i], strlen(bad[i])), "accepted \"%s\"", bad[i]);
    for (i = 0; i < sizeof all; i++)
        all[i] = (unsigned char)(255 - i);
    for (i = 0; i <= sizeof all; i++) { /* every length, every byte value */
        fa_buf enc = FA_BUF_INIT;
        fa_base64_encode(&enc, all, i);
        cr_assert(fa_base64_decode(&b, enc.ptr ? enc.ptr : "", enc.len));
        cr_assert_eq(b.len, i);
        cr_assert(i == 0 || memcmp(b.ptr, all, i) == 0);
        fa_buf_dispose(&enc);
    }
    fa_buf_dispose(&b);
}
