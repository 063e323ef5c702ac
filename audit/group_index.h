/*
 * audit/group_index.h — protected values to finest cells (internal to audit/).
 *
 * Each protected attribute has a dictionary of its raw values (bytes as in the file, ids in
 * order of first appearance); a missing value (empty, blank, or one of the missing tokens)
 * gets FA_GINDEX_UNKNOWN. A finest cell is a tuple of ids, one per attribute, found through
 * an open-addressing table: two small hash lookups per row, no allocation once the values
 * have been seen.
 */
#ifndef FA_AUDIT_GROUP_INDEX_H
#define FA_AUDIT_GROUP_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/internal.h"
#include "data/strdict.h"

#define FA_GINDEX_UNKNOWN UINT32_MAX

typedef struct fa_gindex {
    size_t n_attrs;
    fa_strdict *dict;     /* per attribute */
    fa_strdict missing;   /* missing-value tokens */
    uint32_t *keys;       /* n_cells * n_attrs value ids */
    size_t n_cells, cap_cells;
    uint32_t *slots;      /* cell index + 1, 0 = empty */
    size_t n_slots;
} fa_gindex;

fa_status fa_gindex_init(fa_gindex *g, size_t n_attrs, const char *const *missing,
                         size_t n_missing, fa_error *err);
void fa_gindex_dispose(fa_gindex *g);

/** Value id of a raw field of attribute a (FA_GINDEX_UNKNOWN when missing); false on OOM. */
bool fa_gindex_value(fa_gindex *g, size_t a, const char *s, size_t len, uint32_t *id);

/** Cell of a tuple of value ids; *added tells whether it is new. False on OOM. */
bool fa_gindex_cell(fa_gindex *g, const uint32_t *ids, uint32_t *cell, bool *added);

/** The cell of a tuple of value ids when it exists (no insertion). */
bool fa_gindex_find_cell(const fa_gindex *g, const uint32_t *ids, uint32_t *cell);

/** Value ids of a cell (n_attrs entries). */
static inline const uint32_t *fa_gindex_key(const fa_gindex *g, size_t cell)
{
    return g->keys + cell * g->n_attrs;
}

#endif
