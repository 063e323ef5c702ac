/*
 * rng.h — seeded pseudo-random numbers (xoshiro256** seeded by splitmix64).
 * State is explicit and per caller; the C library generator is never used.
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
/**
 * Binomial(n, p) draw, exact for any n: inversion by sequential search when
 * n*min(p,1-p) < 10, otherwise Hörmann's BTRS transformed rejection (1993), which
 * takes O(1) expected uniforms however large n is. NaN or p <= 0 gives 0, p >= 1 gives n.
 */
uint64_t fa_rng_binomial(fa_rng *r, uint64_t n, double p);
/** Poisson(lambda) draw. */
uint64_t fa_rng_poisson(fa_rng *r, double lambda);

#endif
