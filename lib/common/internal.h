/*
 * lib/common/internal.h — private helpers shared by every module of the
 * library (never installed; the CLI cannot see it).
 *
 *  - FA_FAIL / FA_TRY / FA_CHECK_ARG / FA_CHECK_ALLOC: error plumbing.
 *  - fa_malloc & co: every library allocation goes through these, so tests
 *    can fail the Nth allocation (fa__alloc_fail_after).
 *  - fa_size_mul / fa_size_add: overflow-checked size arithmetic.
 *  - fa_buf: growable byte buffer.
 */
#ifndef FA_LIB_COMMON_INTERNAL_H
#define FA_LIB_COMMON_INTERNAL_H

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fairaudit/error.h"

/* ---- errors ------------------------------------------------------------ */

#if defined(__GNUC__)
#define FA_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define FA_PRINTF(a, b)
#endif

/** Sets err (if not NULL) to code + formatted message; returns code. Keeps loc. */
fa_status fa_error_set(fa_error *err, fa_status code, const char *fmt, ...) FA_PRINTF(3, 4);
fa_status fa_error_setv(fa_error *err, fa_status code, const char *fmt, va_list ap);
/** As fa_error_set, and records path/line/column (any may be NULL/0). */
fa_status fa_error_set_at(fa_error *err, fa_status code, const char *path, uint64_t line,
                          uint32_t column, const char *fmt, ...) FA_PRINTF(6, 7);
/** Sets only the location part of err. */
void fa_error_set_loc(fa_error *err, const char *path, uint64_t record, uint64_t line,
                      uint32_t column, const char *column_name);
/** Sets err to FA_EIO with errno text: "cannot open 'x': No such file". */
fa_status fa_error_set_errno(fa_error *err, int errnum, const char *fmt, ...) FA_PRINTF(3, 4);

#define FA_FAIL(err, code, ...) return fa_error_set((err), (code), __VA_ARGS__)

#define FA_TRY(expr)                                                                              \
    do {                                                                                          \
        fa_status fa__rc = (expr);                                                                \
        if (fa__rc != FA_OK)                                                                      \
            return fa__rc;                                                                        \
    } while (0)

#define FA_CHECK_ARG(err, cond)                                                                   \
    do {                                                                                          \
        if (!(cond))                                                                              \
            return fa_error_set((err), FA_EINVAL, "%s: invalid argument: %s", __func__, #cond);  \
    } while (0)

#define FA_CHECK_ALLOC(err, p)                                                                    \
    do {                                                                                          \
        if ((p) == NULL)                                                                          \
            return fa_error_set((err), FA_ENOMEM, "out of memory");                              \
    } while (0)

/* ---- allocation -------------------------------------------------------- */

void *fa_malloc(size_t n);
void *fa_calloc(size_t count, size_t size);
void *fa_realloc(void *p, size_t n);
void fa_free(void *p);
char *fa_strdup(const char *s);
char *fa_strndup(const char *s, size_t n);
/** realloc of count*size with overflow check; NULL on overflow or OOM. */
void *fa_reallocarray(void *p, size_t count, size_t size);

/**
 * Test hook: make the n-th allocation from now fail (n >= 1), on this thread
 * only; 0 disables. Returns the number of allocations made since the last
 * call (lets a test find how many allocations an entry point makes).
 */
long fa__alloc_fail_after(long n);
/* True in a thread that has called fa__alloc_fail_after(): code that would
 * hand allocations to other threads (the audit's worker threads) stays in the
 * calling thread, so that the counter sees every allocation, in one order. */
bool fa__alloc_fault_testing(void);

/* ---- sizes ------------------------------------------------------------- */

static inline bool fa_size_mul(size_t *out, size_t a, size_t b)
{
    return !__builtin_mul_overflow(a, b, out);
}
static inline bool fa_size_add(size_t *out, size_t a, size_t b)
{
    return !__builtin_add_overflow(a, b, out);
}

/* ---- growable byte buffer ---------------------------------------------- */

typedef struct fa_buf {
    char *ptr;   /* always NUL-terminated when size > 0 */
    size_t len;
    size_t cap;
    bool oom;    /* sticky: an append failed */
} fa_buf;

#define FA_BUF_INIT { NULL, 0, 0, false }
bool fa_buf_grow(fa_buf *b, size_t extra);
bool fa_buf_put(fa_buf *b, const void *data, size_t n);
bool fa_buf_puts(fa_buf *b, const char *s);
bool fa_buf_putc(fa_buf *b, char c);
bool fa_buf_printf(fa_buf *b, const char *fmt, ...) FA_PRINTF(2, 3);
void fa_buf_clear(fa_buf *b);
void fa_buf_dispose(fa_buf *b);
/** Hands the buffer's memory to the caller (free with fa_free). */
char *fa_buf_detach(fa_buf *b, size_t *len_out);

/* ---- numbers ----------------------------------------------------------- */

static inline double fa_nan(void)
{
    return (double)NAN;
}

/**
 * Parses a whole string as a finite or non-finite double, locale-independent
 * ("1e3", "-0.5", "nan", "inf"). Leading/trailing spaces are not accepted.
 * Returns false if the text is not entirely a number.
 */
bool fa_parse_double(const char *s, size_t len, double *out);

extern const double fa__pow10_exact[23];

/**
 * The inline fast path of fa_parse_double() for per-row loops: a plain decimal
 * ("-12.5", "0.696842", "3e-4") of at most 19 digits whose value is exact under
 * Clinger's condition (mantissa <= 2^53, power of ten up to 1e22), so one
 * multiplication or division gives the correctly rounded double — the value
 * fa_parse_double() returns. Returns false for anything else (the caller then
 * calls fa_parse_double(), which decides).
 */
static inline __attribute__((always_inline)) bool fa_parse_double_fast(const char *s, size_t len,
                                                                    double *out)
{
    const char *p = s, *e = s + len, *d0;
    uint64_t mant = 0;
    int exp10 = 0;
    bool neg = false;
    size_t digits;

    if (p < e && (*p == '-' || *p == '+'))
        neg = *p++ == '-';
    d0 = p;
    while (p < e && (unsigned)(*p - '0') < 10u)
        mant = mant * 10u + (uint64_t)(*p++ - '0');
    digits = (size_t)(p - d0);
    if (p < e && *p == '.') {
        const char *f0 = ++p;
        while (p < e && (unsigned)(*p - '0') < 10u)
            mant = mant * 10u + (uint64_t)(*p++ - '0');
        exp10 = -(int)(p - f0);
        digits += (size_t)(p - f0);
    }
    if (digits == 0 || digits > 19)
        return false;
    if (p < e) {
        bool eneg = false;
        int x = 0;
        const char *x0;
        if (*p != 'e' && *p != 'E')
            return false;
        p++;
        if (p < e && (*p == '-' || *p == '+'))
            eneg = *p++ == '-';
        x0 = p;
        while (p < e && (unsigned)(*p - '0') < 10u && x < 10000)
            x = x * 10 + (*p++ - '0');
        if (p == x0 || p != e)
            return false;
        exp10 += eneg ? -x : x;
    }
    if (mant > ((uint64_t)1 << 53))
        return false;
    if (mant == 0) {
        *out = neg ? -0.0 : 0.0;
        return true;
    }
    if (exp10 < -22 || exp10 > 22)
        return false;
    {
        double v = (double)mant;
        v = exp10 < 0 ? v / fa__pow10_exact[-exp10] : v * fa__pow10_exact[exp10];
        *out = neg ? -v : v;
    }
    return true;
}

/** Formats d with up to 17 significant digits, shortest that round-trips. */
size_t fa_format_double(char *buf, size_t n, double d);

/* ---- files ------------------------------------------------------------- */

/** Reads a whole (small) file into memory, NUL-terminated. */
fa_status fa_read_file(const char *path, char **data_out, size_t *len_out, fa_error *err);

/* ---- hashing ----------------------------------------------------------- */

typedef struct fa_sha256 {
    uint32_t h[8];
    uint64_t total;
    unsigned char block[64];
    size_t used;
} fa_sha256;
void fa_sha256_init(fa_sha256 *s);
void fa_sha256_update(fa_sha256 *s, const void *data, size_t n);
/** Writes 64 lowercase hex chars + NUL into hex. */
void fa_sha256_final_hex(fa_sha256 *s, char hex[65]);
/**
 * Test hook: with false, this thread hashes with the portable code even where
 * the CPU's SHA instructions are used by default (so tests cover both paths).
 */
void fa__sha256_use_accel(bool on);

/* ---- text (utf8.c) ---------------------------------------------------- */

/**
 * Length (1-4) of the well-formed UTF-8 sequence at s[0..n), its code point
 * in *cp; 0 when s does not start with one (n == 0, a stray continuation
 * byte, an overlong form, a surrogate, beyond U+10FFFF, or a truncated
 * sequence).
 */
size_t fa_utf8_next(const char *s, size_t n, uint32_t *cp);

typedef enum fa_text_problem {
    FA_TEXT_OK = 0,
    FA_TEXT_NUL = 1,      /* a NUL byte (C strings would cut the value short) */
    FA_TEXT_BAD_UTF8 = 2  /* not well-formed UTF-8 */
} fa_text_problem;

/** Checks that s[0..n) is NUL-free, well-formed UTF-8; *at = offset of the first bad byte. */
fa_text_problem fa_text_check(const char *s, size_t n, size_t *at);

/**
 * Writes why s (whose first bad byte is at @p at) was rejected, as a phrase to
 * follow a subject: "contains a NUL byte (...)" or "is not valid UTF-8 (byte
 * 0xFF, ...; convert the file to UTF-8, ...)".
 */
void fa_text_describe(char *buf, size_t n, fa_text_problem p, const char *s, size_t at);

/* ---- misc -------------------------------------------------------------- */

/** strncpy that always terminates and never overflows dst[n]. */
void fa_strlcpy(char *dst, const char *src, size_t n);

#endif /* FA_LIB_COMMON_INTERNAL_H */
