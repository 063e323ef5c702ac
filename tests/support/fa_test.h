/*
 * fa_test.h — shared helpers for Criterion unit tests.
 *  FA_ASSERT_OK(expr): on failure prints the error message and location.
 *  Named tolerances: never == on computed doubles.
 *  fa_test_shared_path(): path into ../shared/datasets, or skip visibly.
 */
#ifndef FA_TEST_H
#define FA_TEST_H

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fairaudit/fairaudit.h"

#define FA_TOL_EXACT 1e-12   /* results that are exact up to rounding */
#define FA_TOL_ITER  1e-6    /* iterative solvers */

#define FA_ASSERT_OK(expr)                                                                        \
    do {                                                                                          \
        fa_error fa__e;                                                                           \
        fa_error_clear(&fa__e);                                                                   \
        (void)fa__e;                                                                              \
        fa_status fa__rc = (expr);                                                                \
        if (fa__rc != FA_OK) {                                                                    \
            char fa__m[1024];                                                                     \
            fa_error_format(&err, fa__m, sizeof fa__m);                                           \
            cr_assert_fail("%s failed: %s (%s)", #expr, fa_status_str(fa__rc), fa__m);            \
        }                                                                                         \
    } while (0)

#define FA_ASSERT_NEAR(a, b, tol)                                                                 \
    cr_assert(fabs((double)(a) - (double)(b)) <= (tol), "%s = %.17g, expected %.17g (tol %g)",    \
              #a, (double)(a), (double)(b), (double)(tol))

/*
 * FA_ASSERT_NO_LEAKS(): in a LeakSanitizer build (the ASan build), runs a leak
 * check inside the test process and fails the test when unreachable memory
 * is found. Needed because Criterion ignores LSan's exit status at process
 * exit: without it a leak is printed but the test still passes. A no-op in
 * other builds.
 */
#if defined(__SANITIZE_ADDRESS__)
#define FA_TEST_HAVE_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FA_TEST_HAVE_LSAN 1
#endif
#endif
#ifdef FA_TEST_HAVE_LSAN
#include <sanitizer/lsan_interface.h>
#define FA_ASSERT_NO_LEAKS()                                                                      \
    cr_assert_eq(__lsan_do_recoverable_leak_check(), 0, "memory leaked (see the LSan report)")
#else
#define FA_ASSERT_NO_LEAKS() ((void)0)
#endif

/* Writes exactly @p n bytes (NULs included) to a fresh file under the test's temp folder;
 * returns its path (valid for the next 3 calls). */
static inline const char *fa_test_write_bytes(const char *name, const char *data, size_t n)
{
    static char path[4][512];
    static int slot;
    char *p = path[slot++ & 3];
    FILE *fp;

    snprintf(p, 512, "%s/fa_test_%d_%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid(), name);
    fp = fopen(p, "wb");
    cr_assert_not_null(fp, "cannot write %s", p);
    cr_assert_eq(fwrite(data, 1, n, fp), n, "cannot write %s", p);
    cr_assert_eq(fclose(fp), 0, "cannot write %s", p);
    return p;
}

/* Writes text to a fresh file under the test's temp folder; returns path. */
static inline const char *fa_test_write(const char *name, const char *text)
{
    return fa_test_write_bytes(name, text, strlen(text));
}

/* Full path of a file under ../shared/datasets, or skips the test visibly. */
static inline const char *fa_test_shared_path(const char *rel)
{
    static char path[1024];
    struct stat st;

    snprintf(path, sizeof path, "%s/%s", FA_SHARED_DATASETS, rel);
    if (stat(path, &st) != 0)
        cr_skip_test("shared dataset %s is absent; skipping", path);
    return path;
}

#endif
