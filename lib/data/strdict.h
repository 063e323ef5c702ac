/*
 * lib/data/strdict.h — an insertion-ordered string set with O(1) lookup
 * (internal). Used for categorical levels (code = index, in order of first
 * appearance) and for value maps. Keys are byte strings (may hold NUL); they
 * are stored NUL-terminated in one growing block, so no per-key malloc.
 */
#ifndef FA_LIB_DATA_STRDICT_H
#define FA_LIB_DATA_STRDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/internal.h"

/** Most keys a dictionary holds (codes are int32). */
#define FA_STRDICT_MAX ((size_t)INT32_MAX)

typedef struct fa_strdict {
    char *bytes;      /* keys, each followed by NUL */
    size_t bytes_len, bytes_cap;
    size_t *off;      /* offset of key i in bytes */
    size_t *len;      /* byte length of key i */
    uint32_t *hash;   /* hash of key i */
    size_t n, cap;
    uint32_t *slots;  /* open addressing: key index + 1, 0 = empty */
    size_t n_slots;   /* power of two */
} fa_strdict;

#define FA_STRDICT_INIT { NULL, 0, 0, NULL, NULL, NULL, 0, 0, NULL, 0 }

void fa_strdict_dispose(fa_strdict *d);

/** Index of key s[0..n), or -1 when absent. */
int64_t fa_strdict_find(const fa_strdict *d, const char *s, size_t n);

/**
 * Index of key s[0..n), adding it when absent (*added set accordingly; may be
 * NULL). Returns false on out-of-memory or when the dictionary is full
 * (FA_STRDICT_MAX keys); the dictionary is unchanged then.
 */
bool fa_strdict_intern(fa_strdict *d, const char *s, size_t n, size_t *index, bool *added);

static inline size_t fa_strdict_count(const fa_strdict *d)
{
    return d->n;
}
/** Key i (NUL-terminated); valid until the next intern. */
static inline const char *fa_strdict_key(const fa_strdict *d, size_t i)
{
    return d->bytes + d->off[i];
}
static inline size_t fa_strdict_key_len(const fa_strdict *d, size_t i)
{
    return d->len[i];
}

#endif /* FA_LIB_DATA_STRDICT_H */
