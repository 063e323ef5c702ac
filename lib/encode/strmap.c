/* strmap.c — open-addressing string -> int32 map (see strmap.h). */
#include <string.h>

#include "encode/strmap.h"

#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME  1099511628211ULL
#define MIN_CAP    8u

static uint64_t hash_str(const char *s)
{
    uint64_t h = FNV_OFFSET;

    for (; *s != '\0'; s++) {
        h ^= (unsigned char)*s;
        h *= FNV_PRIME;
    }
    return h;
}

static size_t find_slot(const fa_strmap *m, const char *key)
{
    size_t mask = m->cap - 1u, i = (size_t)hash_str(key) & mask;

    while (m->keys[i] != NULL && strcmp(m->keys[i], key) != 0)
        i = (i + 1u) & mask;
    return i;
}

static fa_status rehash(fa_strmap *m, size_t cap, fa_error *err)
{
    fa_strmap bigger = FA_STRMAP_INIT;
    size_t i;

    bigger.keys = fa_calloc(cap, sizeof *bigger.keys);
    bigger.values = fa_calloc(cap, sizeof *bigger.values);
    if (bigger.keys == NULL || bigger.values == NULL) {
        fa_free(bigger.keys);
        fa_free(bigger.values);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    bigger.cap = cap;
    for (i = 0; i < m->cap; i++) {
        if (m->keys[i] != NULL) {
            size_t s = find_slot(&bigger, m->keys[i]);
            bigger.keys[s] = m->keys[i];
            bigger.values[s] = m->values[i];
        }
    }
    bigger.n = m->n;
    fa_strmap_dispose(m);
    *m = bigger;
    return FA_OK;
}

/* Smallest power of two >= 2 * n (load factor <= 1/2). */
static bool cap_for(size_t n, size_t *cap)
{
    size_t c = MIN_CAP;

    while (c / 2u < n) {
        if (c > SIZE_MAX / 2u)
            return false;
        c *= 2u;
    }
    *cap = c;
    return true;
}

fa_status fa_strmap_reserve(fa_strmap *m, size_t n, fa_error *err)
{
    size_t cap;

    if (!cap_for(n, &cap))
        FA_FAIL(err, FA_ENOMEM, "out of memory (map of %zu keys)", n);
    if (cap <= m->cap)
        return FA_OK;
    return rehash(m, cap, err);
}

fa_status fa_strmap_put(fa_strmap *m, const char *key, int32_t value, fa_error *err)
{
    size_t s;

    FA_TRY(fa_strmap_reserve(m, m->n + 1u, err));
    s = find_slot(m, key);
    if (m->keys[s] != NULL)
        FA_FAIL(err, FA_EINVAL, "duplicate key \"%s\"", key);
    m->keys[s] = key;
    m->values[s] = value;
    m->n++;
    return FA_OK;
}

bool fa_strmap_get(const fa_strmap *m, const char *key, int32_t *value)
{
    size_t s;

    if (m->cap == 0)
        return false;
    s = find_slot(m, key);
    if (m->keys[s] == NULL)
        return false;
    *value = m->values[s];
    return true;
}

void fa_strmap_dispose(fa_strmap *m)
{
    fa_free(m->keys);
    fa_free(m->values);
    memset(m, 0, sizeof *m);
}
