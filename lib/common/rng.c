/* rng.c — xoshiro256** (Blackman & Vigna 2018), seeded with splitmix64. */
#include <math.h>

#include "common/rng.h"

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

uint64_t fa_rng_binomial(fa_rng *r, uint64_t n, double p)
{
    uint64_t k = 0, pos = 0;
    double q;

    if (n == 0 || p <= 0.0)
        return 0;
    if (p >= 1.0)
        return n;
    if (p > 0.5)
        return n - fa_rng_binomial(r, n, 1.0 - p);
    if (n < 64) {
        uint64_t i;
        for (i = 0; i < n; i++)
            k += fa_rng_uniform(r) < p;
        return k;
    }
    /* Geometric waiting times: each jump is the gap to the next success.
     * Exact; costs O(n*p) draws, which is what a multinomial resample of
     * accumulated counts needs (expected successes). */
    q = log1p(-p);
    for (;;) {
        double u = fa_rng_uniform(r);
        double gap = floor(log1p(-u) / q);
        if (gap >= (double)(n - pos))
            return k;
        pos += (uint64_t)gap + 1;
        k++;
        if (pos >= n)
            return k;
    }
}
