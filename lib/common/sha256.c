/*
 * sha256.c — SHA-256 (FIPS 180-4) for data and file fingerprints.
 * Written here rather than pulling in libcrypto for one hash function; it is
 * checked against sha256sum in tests/unit.
 *
 * Data files are fingerprinted while they are loaded, so hashing speed is
 * load speed: on x86-64 CPUs with the SHA extensions (Intel Goldmont/Ice
 * Lake and later, AMD Zen) whole blocks go through the SHA-NI instructions
 * (~10x the portable code), chosen at run time with CPUID. The portable
 * compress() is the reference and is used everywhere else; tests run both
 * (fa__sha256_use_accel).
 */
#include <stdatomic.h>
#include <string.h>

#include "common/internal.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define FA_SHA256_SHANI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void compress(fa_sha256 *s, const unsigned char *p)
{
    uint32_t w[64], a, b, c, d, e, f, g, h;
    int i;

    for (i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3];
    e = s->h[4], f = s->h[5], g = s->h[6], h = s->h[7];
    for (i = 0; i < 64; i++) {
        uint32_t t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    s->h[0] += a, s->h[1] += b, s->h[2] += c, s->h[3] += d;
    s->h[4] += e, s->h[5] += f, s->h[6] += g, s->h[7] += h;
}

void fa_sha256_init(fa_sha256 *s)
{
    static const uint32_t init[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, init, sizeof init);
    s->total = 0;
    s->used = 0;
}

/* ---- SHA-NI ------------------------------------------------------------- */

static _Thread_local bool accel_disabled; /* test hook: force the portable code */

void fa__sha256_use_accel(bool on)
{
    accel_disabled = !on;
}

#ifdef FA_SHA256_SHANI
/* CPUID: leaf 7 EBX bit 29 = SHA; leaf 1 ECX bit 19 = SSE4.1, bit 9 = SSSE3. */
static bool cpu_has_shani(void)
{
    unsigned a, b, c, d;

    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 19)) || !(c & (1u << 9)))
        return false;
    if (__get_cpuid_max(0, NULL) < 7)
        return false;
    __cpuid_count(7, 0, a, b, c, d);
    return (b & (1u << 29)) != 0;
}

/* 1 = SHA-NI usable, 0 = not, -1 = not checked yet (a constant once known). */
static atomic_int shani_state = -1;

static bool use_shani(void)
{
    int v = atomic_load_explicit(&shani_state, memory_order_relaxed);

    if (v < 0) {
        v = cpu_has_shani() ? 1 : 0;
        atomic_store_explicit(&shani_state, v, memory_order_relaxed);
    }
    return v == 1 && !accel_disabled;
}

/* Processes n_blocks 64-byte blocks with the SHA extensions. State words are
 * kept as ABEF/CDGH, the layout sha256rnds2 works on. */
__attribute__((target("sha,sse4.1,ssse3"))) static void
compress_shani(uint32_t h[8], const unsigned char *p, size_t n_blocks)
{
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i st0, st1, tmp, msg, m[4], save0, save1;
    int j;

    tmp = _mm_loadu_si128((const __m128i *)(const void *)&h[0]);
    st1 = _mm_loadu_si128((const __m128i *)(const void *)&h[4]);
    tmp = _mm_shuffle_epi32(tmp, 0xB1);       /* CDAB */
    st1 = _mm_shuffle_epi32(st1, 0x1B);       /* EFGH */
    st0 = _mm_alignr_epi8(tmp, st1, 8);       /* ABEF */
    st1 = _mm_blend_epi16(st1, tmp, 0xF0);    /* CDGH */
    for (; n_blocks > 0; n_blocks--, p += 64) {
        save0 = st0;
        save1 = st1;
        for (j = 0; j < 16; j++) { /* 16 groups of 4 rounds */
            if (j < 4) {
                m[j] = _mm_shuffle_epi8(
                    _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * j)), bswap);
            } else { /* W[j] from W[j-4..j-1], four words at a time */
                __m128i w = _mm_sha256msg1_epu32(m[(j - 4) & 3], m[(j - 3) & 3]);
                w = _mm_add_epi32(w, _mm_alignr_epi8(m[(j - 1) & 3], m[(j - 2) & 3], 4));
                m[j & 3] = _mm_sha256msg2_epu32(w, m[(j - 1) & 3]);
            }
            msg = _mm_add_epi32(m[j & 3], _mm_loadu_si128((const __m128i *)(const void *)&K[4 * j]));
            st1 = _mm_sha256rnds2_epu32(st1, st0, msg);
            msg = _mm_shuffle_epi32(msg, 0x0E);
            st0 = _mm_sha256rnds2_epu32(st0, st1, msg);
        }
        st0 = _mm_add_epi32(st0, save0);
        st1 = _mm_add_epi32(st1, save1);
    }
    tmp = _mm_shuffle_epi32(st0, 0x1B);       /* FEBA */
    st1 = _mm_shuffle_epi32(st1, 0xB1);       /* DCHG */
    st0 = _mm_blend_epi16(tmp, st1, 0xF0);    /* DCBA */
    st1 = _mm_alignr_epi8(st1, tmp, 8);       /* HGFE */
    _mm_storeu_si128((__m128i *)(void *)&h[0], st0);
    _mm_storeu_si128((__m128i *)(void *)&h[4], st1);
}
#endif

static void compress_blocks(fa_sha256 *s, const unsigned char *p, size_t n_blocks)
{
#ifdef FA_SHA256_SHANI
    if (use_shani()) {
        compress_shani(s->h, p, n_blocks);
        return;
    }
#endif
    for (; n_blocks > 0; n_blocks--, p += 64)
        compress(s, p);
}

void fa_sha256_update(fa_sha256 *s, const void *data, size_t n)
{
    const unsigned char *p = data;

    s->total += n;
    if (s->used > 0) { /* complete the buffered block first */
        size_t take = 64 - s->used;
        if (take > n)
            take = n;
        memcpy(s->block + s->used, p, take);
        s->used += take;
        p += take;
        n -= take;
        if (s->used < 64)
            return;
        compress_blocks(s, s->block, 1);
        s->used = 0;
    }
    if (n >= 64) { /* whole blocks straight from the input */
        compress_blocks(s, p, n / 64);
        p += n - n % 64;
        n %= 64;
    }
    memcpy(s->block, p, n);
    s->used = n;
}

void fa_sha256_final_hex(fa_sha256 *s, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    uint64_t bits = s->total * 8;
    unsigned char pad = 0x80, len[8];
    int i;

    fa_sha256_update(s, &pad, 1);
    pad = 0;
    while (s->used != 56)
        fa_sha256_update(s, &pad, 1);
    for (i = 0; i < 8; i++)
        len[i] = (unsigned char)(bits >> (56 - 8 * i));
    fa_sha256_update(s, len, 8);
    for (i = 0; i < 32; i++) {
        unsigned char byte = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
        hex[2 * i] = digits[byte >> 4];
        hex[2 * i + 1] = digits[byte & 15];
    }
    hex[64] = '\0';
}
