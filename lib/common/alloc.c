/*
 * alloc.c — the library's allocation functions.
 *
 * Every allocation in the library goes through fa_malloc/fa_realloc/fa_free so
 * that tests can fail the Nth allocation (curl's torture mode, SQLite's fault
 * injection). The fault counter is thread-local test state, not configuration:
 * it is zero (off) unless a test sets it through fa__alloc_fail_after().
 */
#include <stdlib.h>
#include <string.h>

#include "common/internal.h"

static _Thread_local long fail_countdown; /* 0 = off; n = fail the n-th call */
static _Thread_local long alloc_count;
static _Thread_local bool fault_testing; /* fa__alloc_fail_after has been called here */

static bool should_fail(void)
{
    alloc_count++;
    if (fail_countdown > 0 && --fail_countdown == 0)
        return true;
    return false;
}

long fa__alloc_fail_after(long n)
{
    long made = alloc_count;

    fail_countdown = n > 0 ? n : 0;
    alloc_count = 0;
    fault_testing = true;
    return made;
}

bool fa__alloc_fault_testing(void)
{
    return fault_testing;
}

void *fa_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n == 0 ? 1 : n);
}

void *fa_calloc(size_t count, size_t size)
{
    if (should_fail())
        return NULL;
    if (count == 0 || size == 0)
        return calloc(1, 1);
    return calloc(count, size);
}

void *fa_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return realloc(p, n == 0 ? 1 : n);
}

void *fa_reallocarray(void *p, size_t count, size_t size)
{
    size_t total;

    if (!fa_size_mul(&total, count, size))
        return NULL;
    return fa_realloc(p, total);
}

void fa_free(void *p)
{
    free(p);
}

char *fa_strndup(const char *s, size_t n)
{
    char *d = fa_malloc(n + 1);

    if (d == NULL)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *fa_strdup(const char *s)
{
    return fa_strndup(s, strlen(s));
}
