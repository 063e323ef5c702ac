/*
 * lib/la/la_simd.h — helpers for vectorisable numeric kernels (internal).
 *
 *  - FA_LA_HOT: compile a function twice, for AVX2 and for the baseline ISA,
 *    and pick one at load time (GCC/Clang target_clones on x86-64 ELF).
 *    Files using it are built with -O3 -ffp-contract=off -fno-trapping-math
 *    (lib/la/CMakeLists.txt, lib/model/CMakeLists.txt): -O3 lets GCC
 *    vectorise, -ffp-contract=off keeps both clones bit-identical (no fused
 *    multiply-add in one and not the other), and -fno-trapping-math lets it
 *    if-convert branch-free selects; none of them changes a rounded result.
 *  - fa_la_exp / fa_la_log1p01: exp and log1p as straight-line code that GCC
 *    vectorises, unlike calls into libm (15-16 ns per call here, which made
 *    the two transcendental functions of the logistic loss cost as much as
 *    reading the data). Accuracy is within 2 ulp of libm over their domains
 *    (tests/unit/la checks this).
 */
#ifndef FA_LIB_LA_SIMD_H
#define FA_LIB_LA_SIMD_H

#include <stdint.h>
#include <string.h>

/* GCC only: clang 14 names the dispatcher "f.ifunc" and callers in other files
 * reference "f", so a clang build does not link (seen with Debian clang 14.0.6
 * when building the fuzzers); clang builds use the baseline ISA. */
#if defined(__x86_64__) && defined(__ELF__) && defined(__GNUC__) && !defined(__clang__) &&        \
    !defined(FA_NO_TARGET_CLONES)
#define FA_LA_HOT __attribute__((target_clones("avx2", "default")))
#else
#define FA_LA_HOT
#endif

static inline double fa_la__from_bits(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static inline uint64_t fa_la__to_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

/** exp(x), x clamped to [-708, 709] (so the result is a normal number). */
static inline double fa_la_exp(double x)
{
    /* x = n ln2 + r, |r| <= ln2/2, with n from the round-to-nearest trick
     * (adding 1.5 * 2^52 leaves n in the low mantissa bits); ln2 is split so
     * n * LN2_HI is exact. exp(r) by its Taylor series to degree 13 (error
     * below 1e-17 on |r| <= 0.347), then scaled by 2^n built from bits. */
    const double shift = 0x1.8p52, inv_ln2 = 0x1.71547652b82fep0;
    const double ln2_hi = 0x1.62e42fefa3800p-1, ln2_lo = 0x1.ef35793c7673p-45;
    double t, n, r, p;
    int64_t k;

    x = x < -708.0 ? -708.0 : x;
    x = x > 709.0 ? 709.0 : x;
    t = x * inv_ln2 + shift;
    n = t - shift;
    r = x - n * ln2_hi;
    r = r - n * ln2_lo;
    p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    k = (int64_t)(fa_la__to_bits(t) - fa_la__to_bits(shift));
    return p * fa_la__from_bits((uint64_t)(k + 1023) << 52);
}

/** log(1 + e) for e in [0, 1]. */
static inline double fa_la_log1p01(double e)
{
    /* u = 1 + e rounded, c = what the rounding lost (u + c = 1 + e exactly).
     * Reduce to m in [sqrt(2)/2, sqrt(2)] (halving u when above sqrt(2)),
     * then log(m) = 2 atanh(s), s = f / (2 + f), f = m - 1 + c, |s| <= 0.172,
     * by its odd series to s^21 (error below 1e-17). */
    const double ln2_hi = 0x1.62e42fefa3800p-1, ln2_lo = 0x1.ef35793c7673p-45;
    const double sqrt2 = 1.4142135623730951;
    double u = 1.0 + e;
    double c = e - (u - 1.0);
    double big = u > sqrt2 ? 1.0 : 0.0;
    double scale = u > sqrt2 ? 0.5 : 1.0;
    double f = (u * scale - 1.0) + c * scale;
    double s = f / (2.0 + f), s2 = s * s, p;

    p = 2.0 / 21.0;
    p = p * s2 + 2.0 / 19.0;
    p = p * s2 + 2.0 / 17.0;
    p = p * s2 + 2.0 / 15.0;
    p = p * s2 + 2.0 / 13.0;
    p = p * s2 + 2.0 / 11.0;
    p = p * s2 + 2.0 / 9.0;
    p = p * s2 + 2.0 / 7.0;
    p = p * s2 + 2.0 / 5.0;
    p = p * s2 + 2.0 / 3.0;
    return big * ln2_hi + ((s * 2.0 + s * s2 * p) + big * ln2_lo);
}

#endif /* FA_LIB_LA_SIMD_H */
