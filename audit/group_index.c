/* group_index.c — protected values to finest cells; see group_index.h. */
#include "audit/group_index.h"

#include <string.h>

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

fa_status fa_gindex_init(fa_gindex *g, size_t n_attrs, const char *const *missing,
                         size_t n_missing, fa_error *err)
{
    size_t i;

    memset(g, 0, sizeof *g);
    g->n_attrs = n_attrs;
    g->dict = fa_calloc(n_attrs ? n_attrs : 1, sizeof *g->dict);
    FA_CHECK_ALLOC(err, g->dict);
    for (i = 0; i < n_missing; i++) {
        const char *t = missing[i];
        size_t len = strlen(t), idx;
        /* tokens compare with the value stripped of blanks */
        while (len > 0 && (t[0] == ' ' || t[0] == '\t'))
            t++, len--;
        while (len > 0 && (t[len - 1] == ' ' || t[len - 1] == '\t'))
            len--;
        if (!fa_strdict_intern(&g->missing, t, len, &idx, NULL)) {
            fa_gindex_dispose(g);
            FA_FAIL(err, FA_ENOMEM, "out of memory");
        }
    }
    return FA_OK;
}

void fa_gindex_dispose(fa_gindex *g)
{
    size_t i;

    if (g->dict != NULL)
        for (i = 0; i < g->n_attrs; i++)
            fa_strdict_dispose(&g->dict[i]);
    fa_free(g->dict);
    fa_strdict_dispose(&g->missing);
    fa_free(g->keys);
    fa_free(g->slots);
    memset(g, 0, sizeof *g);
}

bool fa_gindex_value(fa_gindex *g, size_t a, const char *s, size_t len, uint32_t *id)
{
    int64_t k;
    size_t idx;

    if (len == 0) {
        *id = FA_GINDEX_UNKNOWN;
        return true;
    }
    k = fa_strdict_find(&g->dict[a], s, len);
    if (k >= 0) {
        *id = (uint32_t)k;
        return true;
    }
    /* first sight of this value: is it a missing token (after stripping blanks)? */
    {
        const char *t = s;
        size_t n = len;
        while (n > 0 && (t[0] == ' ' || t[0] == '\t'))
            t++, n--;
        while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t'))
            n--;
        if (n == 0 || fa_strdict_find(&g->missing, t, n) >= 0) {
            *id = FA_GINDEX_UNKNOWN;
            return true;
        }
    }
    if (fa_strdict_count(&g->dict[a]) >= FA_GINDEX_UNKNOWN - 1)
        return false;
    if (!fa_strdict_intern(&g->dict[a], s, len, &idx, NULL))
        return false;
    *id = (uint32_t)idx;
    return true;
}

static uint64_t tuple_hash(const uint32_t *ids, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    size_t i;

    for (i = 0; i < n; i++)
        h = mix64(h ^ ((uint64_t)ids[i] + 0x632be59bd9b4e019ULL * (i + 1)));
    return h;
}

static size_t find_slot(const fa_gindex *g, const uint32_t *ids)
{
    size_t mask = g->n_slots - 1, i = (size_t)tuple_hash(ids, g->n_attrs) & mask;

    while (g->slots[i] != 0 &&
           memcmp(g->keys + (size_t)(g->slots[i] - 1) * g->n_attrs, ids,
                  g->n_attrs * sizeof *ids) != 0)
        i = (i + 1) & mask;
    return i;
}

static bool rehash(fa_gindex *g)
{
    size_t n = g->n_slots ? 2 * g->n_slots : 64, c;
    uint32_t *old = g->slots;
    size_t old_n = g->n_slots;

    g->slots = fa_calloc(n, sizeof *g->slots);
    if (g->slots == NULL) {
        g->slots = old;
        return false;
    }
    g->n_slots = n;
    for (c = 0; c < g->n_cells; c++)
        g->slots[find_slot(g, g->keys + c * g->n_attrs)] = (uint32_t)(c + 1);
    fa_free(old);
    (void)old_n;
    return true;
}

bool fa_gindex_find_cell(const fa_gindex *g, const uint32_t *ids, uint32_t *cell)
{
    size_t s;

    if (g->n_slots == 0)
        return false;
    s = find_slot(g, ids);
    if (g->slots[s] == 0)
        return false;
    *cell = g->slots[s] - 1;
    return true;
}

bool fa_gindex_cell(fa_gindex *g, const uint32_t *ids, uint32_t *cell, bool *added)
{
    size_t s;

    *added = false;
    if (g->n_slots == 0 && !rehash(g))
        return false;
    s = find_slot(g, ids);
    if (g->slots[s] != 0) {
        *cell = g->slots[s] - 1;
        return true;
    }
    if (g->n_cells >= UINT32_MAX - 1)
        return false;
    if (g->n_cells == g->cap_cells) {
        size_t ncap = g->cap_cells ? 2 * g->cap_cells : 16;
        uint32_t *k = fa_reallocarray(g->keys, ncap, g->n_attrs * sizeof *k);
        if (k == NULL)
            return false;
        g->keys = k;
        g->cap_cells = ncap;
    }
    memcpy(g->keys + g->n_cells * g->n_attrs, ids, g->n_attrs * sizeof *ids);
    g->n_cells++;
    if (2 * g->n_cells > g->n_slots) {
        if (!rehash(g)) {
            g->n_cells--;
            return false;
        }
    } else {
        g->slots[s] = (uint32_t)g->n_cells;
    }
    *cell = (uint32_t)(g->n_cells - 1);
    *added = true;
    return true;
}
