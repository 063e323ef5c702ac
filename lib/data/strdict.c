/* strdict.c — insertion-ordered string dictionary (open addressing, FNV-1a). */
#include <string.h>

#include "data/strdict.h"

#define FA_STRDICT_MIN_SLOTS 16
#define FA_STRDICT_MIN_KEYS  8
#define FA_STRDICT_MIN_BYTES 128
#define FNV_OFFSET           2166136261u
#define FNV_PRIME            16777619u

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = FNV_OFFSET;
    size_t i;

    for (i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= FNV_PRIME;
    }
    return h;
}

void fa_strdict_dispose(fa_strdict *d)
{
    fa_free(d->bytes);
    fa_free(d->off);
    fa_free(d->len);
    fa_free(d->hash);
    fa_free(d->slots);
    memset(d, 0, sizeof *d);
}

static int64_t lookup(const fa_strdict *d, const char *s, size_t n, uint32_t h, size_t *slot_out)
{
    size_t mask, i;

    if (d->n_slots == 0) {
        *slot_out = 0;
        return -1;
    }
    mask = d->n_slots - 1;
    for (i = h & mask;; i = (i + 1) & mask) {
        uint32_t e = d->slots[i];
        size_t k;

        if (e == 0) {
            *slot_out = i;
            return -1;
        }
        k = e - 1;
        if (d->hash[k] == h && d->len[k] == n && memcmp(d->bytes + d->off[k], s, n) == 0) {
            *slot_out = i;
            return (int64_t)k;
        }
    }
}

int64_t fa_strdict_find(const fa_strdict *d, const char *s, size_t n)
{
    size_t slot;

    return lookup(d, s, n, hash_bytes(s, n), &slot);
}

/* Doubles the slot table (keeps the load factor at most 1/2). */
static bool rehash(fa_strdict *d)
{
    size_t n_slots = d->n_slots ? d->n_slots * 2 : FA_STRDICT_MIN_SLOTS, k;
    uint32_t *slots;

    if (n_slots > (size_t)UINT32_MAX + 1u)
        return false;
    slots = fa_calloc(n_slots, sizeof *slots);
    if (slots == NULL)
        return false;
    for (k = 0; k < d->n; k++) {
        size_t i = d->hash[k] & (n_slots - 1);
        while (slots[i] != 0)
            i = (i + 1) & (n_slots - 1);
        slots[i] = (uint32_t)(k + 1);
    }
    fa_free(d->slots);
    d->slots = slots;
    d->n_slots = n_slots;
    return true;
}

static bool grow_keys(fa_strdict *d)
{
    size_t cap = d->cap ? d->cap * 2 : FA_STRDICT_MIN_KEYS;
    size_t *off, *len;
    uint32_t *hash;

    off = fa_reallocarray(d->off, cap, sizeof *off);
    if (off == NULL)
        return false;
    d->off = off;
    len = fa_reallocarray(d->len, cap, sizeof *len);
    if (len == NULL)
        return false;
    d->len = len;
    hash = fa_reallocarray(d->hash, cap, sizeof *hash);
    if (hash == NULL)
        return false;
    d->hash = hash;
    d->cap = cap;
    return true;
}

static bool grow_bytes(fa_strdict *d, size_t need)
{
    size_t cap = d->bytes_cap ? d->bytes_cap : FA_STRDICT_MIN_BYTES;
    char *p;

    while (cap < need)
        if (!fa_size_mul(&cap, cap, 2))
            return false;
    p = fa_realloc(d->bytes, cap);
    if (p == NULL)
        return false;
    d->bytes = p;
    d->bytes_cap = cap;
    return true;
}

bool fa_strdict_intern(fa_strdict *d, const char *s, size_t n, size_t *index, bool *added)
{
    uint32_t h = hash_bytes(s, n);
    size_t slot, need;
    int64_t k = lookup(d, s, n, h, &slot);

    if (added != NULL)
        *added = false;
    if (k >= 0) {
        *index = (size_t)k;
        return true;
    }
    if (d->n >= FA_STRDICT_MAX)
        return false;
    /* make room everywhere first, so a failure leaves the dictionary intact */
    if (!fa_size_add(&need, d->bytes_len, n) || !fa_size_add(&need, need, 1))
        return false;
    if (need > d->bytes_cap && !grow_bytes(d, need))
        return false;
    if (d->n == d->cap && !grow_keys(d))
        return false;
    if ((d->n + 1) * 2 > d->n_slots) {
        if (!rehash(d))
            return false;
        (void)lookup(d, s, n, h, &slot);
    }
    memcpy(d->bytes + d->bytes_len, s, n);
    d->bytes[d->bytes_len + n] = '\0';
    d->off[d->n] = d->bytes_len;
    d->len[d->n] = n;
    d->hash[d->n] = h;
    d->slots[slot] = (uint32_t)(d->n + 1);
    d->bytes_len = need;
    *index = d->n++;
    if (added != NULL)
        *added = true;
    return true;
}
