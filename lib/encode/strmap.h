/*
 * strmap.h — a small open-addressing hash map from borrowed strings to
 * int32 values (FNV-1a, linear probing, load factor <= 1/2).
 *
 * Used by the encoder to look category names up when matching a table's
 * levels to the fitted ones. Keys are borrowed: the map stores the pointers
 * and the caller keeps the strings alive (the encoder owns its level names).
 */
#ifndef FA_LIB_ENCODE_STRMAP_H
#define FA_LIB_ENCODE_STRMAP_H

#include <stddef.h>
#include <stdint.h>

#include "common/internal.h"

typedef struct fa_strmap {
    const char **keys; /* cap slots; NULL = empty */
    int32_t *values;
    size_t cap;        /* power of two, or 0 */
    size_t n;
} fa_strmap;

#define FA_STRMAP_INIT { NULL, NULL, 0, 0 }

/** Prepares an empty map able to hold @p n keys without growing. */
fa_status fa_strmap_reserve(fa_strmap *m, size_t n, fa_error *err);
/** Inserts key -> value. Returns FA_EINVAL if the key is already present. */
fa_status fa_strmap_put(fa_strmap *m, const char *key, int32_t value, fa_error *err);
/** Looks key up; returns true and sets *value when present. */
bool fa_strmap_get(const fa_strmap *m, const char *key, int32_t *value);
void fa_strmap_dispose(fa_strmap *m);

#endif
