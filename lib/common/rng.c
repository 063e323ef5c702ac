/* rng.c — xoshiro256** (Blackman & Vigna 2018), seeded with splitmix64. */
#include <math.h>

#include "common/rng.h"

/* Below this mean (n * min(p, 1-p)) inversion is faster than BTRS and BTRS's
 * constants are not tuned (Hörmann 1993 recommends BTRS for n*p >= 10). */
#define FA_RNG_BTRS_MIN_MEAN 10.0

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void fa_rng_seed(fa_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    int i;

    for (i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

void fa_rng_seed_stream(fa_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03ULL);
    fa_rng_seed(r, splitmix64(&x));
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t fa_rng_next(fa_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double fa_rng_uniform(fa_rng *r)
{
    return (double)(fa_rng_next(r) >> 11) * 0x1.0p-53;
}

uint64_t fa_rng_below(fa_rng *r, uint64_t n)
{
    __uint128_t m = (__uint128_t)fa_rng_next(r) * n;
    uint64_t l = (uint64_t)m;

    if (l < n) {
        uint64_t t = -n % n;
        while (l < t) {
            m = (__uint128_t)fa_rng_next(r) * n;
            l = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

double fa_rng_normal(fa_rng *r)
{
    double u, v, s;

    do {
        u = 2.0 * fa_rng_uniform(r) - 1.0;
        v = 2.0 * fa_rng_uniform(r) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    return u * sqrt(-2.0 * log(s) / s);
}

uint64_t fa_rng_poisson(fa_rng *r, double lambda)
{
    if (lambda <= 0.0)
        return 0;
    if (lambda < 30.0) {
        /* Knuth's product method: exact, fine for small lambda. */
        double l = exp(-lambda), p = 1.0;
        uint64_t k = 0;
        do {
            k++;
            p *= fa_rng_uniform(r);
        } while (p > l);
        return k - 1;
    }
    /* Split large lambda into halves: Poisson is additive, stays exact. */
    return fa_rng_poisson(r, lambda / 2.0) + fa_rng_poisson(r, lambda / 2.0);
}

/* log(k!) - [(k + 1/2) log(k + 1) - (k + 1) + log(sqrt(2 pi))]: the error of Stirling's
 * formula for log(k!), used by BTRS's acceptance bound. Series for k >= 10, exact below. */
static double stirling_tail(double k)
{
    static const double tail[10] = {
        0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509,
        0.0166446911898211, 0.0138761288230707, 0.0118967099458917, 0.0104112652619720,
        0.00925546218271273, 0.00833056343336287};
    double k1, k1sq;

    if (k < 10.0)
        return tail[(int)k];
    k1 = k + 1.0;
    k1sq = k1 * k1;
    return (1.0 / 12.0 - (1.0 / 360.0 - 1.0 / 1260.0 / k1sq) / k1sq) / k1;
}

/* Inversion by sequential search from 0 (exact; expected n*p + 1 steps). p <= 0.5. */
static uint64_t binomial_inversion(fa_rng *r, uint64_t n, double p)
{
    double q = 1.0 - p, s = p / q, a = ((double)n + 1.0) * s;
    double pk = exp((double)n * log1p(-p)); /* P(X = 0) */
    double u = fa_rng_uniform(r);
    uint64_t k = 0;

    while (u > pk) {
        u -= pk;
        k++;
        if (k > n)
            return n; /* rounding left a sliver of mass past n */
        pk *= a / (double)k - s;
        if (pk <= 0.0)
            return k; /* underflow far in the tail: stop at the current value */
    }
    return k;
}

/* BTRS: Hörmann (1993), "The generation of binomial random variates", J. Statist. Comput.
 * Simul. 46, algorithm BTRS (transformed rejection with squeeze). Exact; O(1) expected
 * uniforms per draw (acceptance ~0.86-0.98 for n*p >= 10). p <= 0.5, n*p >= 10. */
static uint64_t binomial_btrs(fa_rng *r, uint64_t n, double p)
{
    const double nd = (double)n;
    const double spq = sqrt(nd * p * (1.0 - p));
    const double b = 1.15 + 2.53 * spq;
    const double a = -0.0873 + 0.0248 * b + 0.01 * p;
    const double c = nd * p + 0.5;
    const double vr = 0.92 - 4.2 / b;
    const double alpha = (2.83 + 5.1 / b) * spq;
    const double rr = p / (1.0 - p);
    const double m = floor((nd + 1.0) * p);

    for (;;) {
        double u = fa_rng_uniform(r) - 0.5;
        double v = fa_rng_uniform(r);
        double us = 0.5 - fabs(u);
        double k = floor((2.0 * a / us + b) * u + c);
        double bound;

        if (k < 0.0 || k > nd)
            continue;
        if (us >= 0.07 && v <= vr)
            return (uint64_t)k;
        /* Exact acceptance: log of the scaled uniform against log f(k)/f(m), written with
         * Stirling tails so that it stays accurate for any n (a difference of lgamma values
         * of size n log n would lose all precision for n ~ 1e12). */
        v = log(v * alpha / (a / (us * us) + b));
        bound = (m + 0.5) * log((m + 1.0) / (rr * (nd - m + 1.0))) +
                (nd + 1.0) * log1p((k - m) / (nd - k + 1.0)) +
                (k + 0.5) * log(rr * (nd - k + 1.0) / (k + 1.0)) + stirling_tail(m) +
                stirling_tail(nd - m) - stirling_tail(k) - stirling_tail(nd - k);
        if (v <= bound)
            return (uint64_t)k;
    }
}

uint64_t fa_rng_binomial(fa_rng *r, uint64_t n, double p)
{
    if (n == 0 || !(p > 0.0))
        return 0;
    if (p >= 1.0)
        return n;
    if (p > 0.5)
        return n - fa_rng_binomial(r, n, 1.0 - p);
    if ((double)n * p < FA_RNG_BTRS_MIN_MEAN)
        return binomial_inversion(r, n, p);
    return binomial_btrs(r, n, p);
}
