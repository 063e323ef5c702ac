/*
 * oom.h — the allocation-failure loop shared by the unit_fault tests.
 *
 * OOM_LOOP(call, cleanup): runs `call` once cleanly to count its allocations
 * (A), then for N = 1 .. A makes the Nth allocation fail (fa__alloc_fail_after)
 * and asserts that `call` returns FA_ENOMEM; finally N = A + 1 must succeed.
 * `cleanup` runs after every call (free what a successful call returned,
 * check an output file). Leaks are checked by the caller with
 * FA_ASSERT_NO_LEAKS() (LeakSanitizer in the ASan build).
 *
 * cJSON allocates through its own process-wide hooks, outside fa_malloc;
 * oom_init() (the suites' .init) points them at fa_malloc/fa_free so that
 * the Nth allocation can also be one of cJSON's (tests only: the library
 * leaves the hooks alone, see lib/serialize/json_read.c).
 */
#ifndef FA_TESTS_OOM_H
#define FA_TESTS_OOM_H

#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "common/fileio.h"
#include "common/internal.h"
#include "fa_test.h"

static inline void *oom_cjson_malloc(size_t n)
{
    return fa_malloc(n);
}

static inline void oom_cjson_free(void *p)
{
    fa_free(p);
}

static inline void oom_init(void)
{
    cJSON_Hooks h = {oom_cjson_malloc, oom_cjson_free};
    cJSON_InitHooks(&h);
}

#define OOM_LOOP(call, cleanup)                                                                    \
    do {                                                                                           \
        long total__, n__;                                                                         \
        fa_status rc__;                                                                            \
        fa__alloc_fail_after(0);                                                                   \
        rc__ = (call);                                                                             \
        total__ = fa__alloc_fail_after(0);                                                         \
        cr_assert_eq(rc__, FA_OK, "clean run of %s: %s", #call, fa_status_str(rc__));              \
        cleanup;                                                                                   \
        cr_assert_gt(total__, 0, "%s allocates nothing", #call);                                   \
        for (n__ = 1; n__ <= total__ + 1; n__++) {                                                 \
            fa__alloc_fail_after(n__);                                                             \
            rc__ = (call);                                                                         \
            fa__alloc_fail_after(0);                                                               \
            if (n__ <= total__)                                                                    \
                cr_assert_eq(rc__, FA_ENOMEM, "%s with allocation %ld of %ld failing: %s", #call,  \
                             n__, total__, fa_status_str(rc__));                                   \
            else                                                                                   \
                cr_assert_eq(rc__, FA_OK, "%s after %ld allocations: %s", #call, total__,          \
                             fa_status_str(rc__));                                                 \
            cleanup;                                                                               \
        }                                                                                          \
    } while (0)

/* A fresh folder for a test's outputs: in /dev/shm when it exists (the loops
 * write thousands of files, and fsync on a disk costs milliseconds each),
 * else under TMPDIR. */
static inline const char *oom_dir(const char *name)
{
    static char path[512];
    const char *root = access("/dev/shm", W_OK) == 0 ? "/dev/shm"
                       : getenv("TMPDIR") != NULL    ? getenv("TMPDIR")
                                                     : "/tmp";

    snprintf(path, sizeof path, "%s/fa_oom_%d_%s", root, (int)getpid(), name);
    (void)mkdir(path, 0755);
    return path;
}

/* Asserts that @p dir holds exactly the files named in @p expect (NULL-ended):
 * an interrupted atomic write leaves no temporary file behind. */
static inline void oom_expect_files(const char *dir, const char *const *expect)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n_expect = 0, seen = 0, i;

    cr_assert_not_null(d, "cannot list %s", dir);
    while (expect[n_expect] != NULL)
        n_expect++;
    while ((e = readdir(d)) != NULL) {
        bool known = false;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        for (i = 0; i < n_expect; i++)
            known |= strcmp(e->d_name, expect[i]) == 0;
        cr_assert(known, "unexpected file %s/%s (a temporary file left behind?)", dir, e->d_name);
        seen++;
    }
    closedir(d);
    cr_assert_eq(seen, n_expect, "%s: %zu files, expected %zu", dir, seen, n_expect);
}

/* The whole content of a file (fa_free it), or NULL when absent. */
static inline char *oom_slurp(const char *path)
{
    char *data = NULL;
    size_t len;

    fa__alloc_fail_after(0);
    if (fa_read_file(path, &data, &len, NULL) != FA_OK)
        return NULL;
    return data;
}

#endif
