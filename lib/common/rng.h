/*
 * rng.h — seeded pseudo-random numbers (xoshiro256** seeded by splitmix64).
 * State is explicit and per caller; the library never calls rand().
 * Streams are reproducible across platforms for a given seed.
 */
#ifndef FA_LIB_COMMON_RNG_H
#define FA_LIB_COMMON_RNG_H

#include <stdint.h>

typedef struct fa_rng {
    uint64_t s[4];
} fa_rng;

void fa_rng_seed(fa_rng *r, uint64_t seed);
/** Derives an independent stream: same seed + same stream id = same numbers. */
void fa_rng_seed_stream(fa_rng *r, uint64_t seed, uint64_t stream);
uint64_t fa_rng_next(fa_rng *r);
/** Uniform in [0, 1) with 53 random bits. */
double fa_rng_uniform(fa_rng *r);
/** Uniform integer in [0, n), unbiased (Lemire). n > 0. */
uint64_t fa_rng_below(fa_rng *r, uint64_t n);
/** Standard normal (Marsaglia polar method; no cached spare, so stateless). */
double fa_rng_normal(fa_rng *r);
/** Binomial(n, p) draw; exact inversion for small n*p, normal-free BTPE-free
 *  fallback via sums of geometric waiting times. */
uint64_t fa_rng_binomial(fa_rng *r, uint64_t n, double p);
/** Poisson(lambda) draw. */
uint64_t fa_rng_poisson(fa_rng *r, double lambda);

#endif
