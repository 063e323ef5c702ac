/*
 * lib/data/table_internal.h — the loaded table's layout (internal), shared by
 * table.c (loading, accessors) and table_describe.c (JSON summary).
 */
#ifndef FA_LIB_DATA_TABLE_INTERNAL_H
#define FA_LIB_DATA_TABLE_INTERNAL_H

#include "common/internal.h"
#include "data/spec_internal.h"
#include "data/strdict.h"
#include "fairaudit/data.h"

typedef enum fa_col_kind {
    FA_KIND_NONE = 0,    /* ignored: only the missing count is kept */
    FA_KIND_NUMBER = 1,  /* double per row */
    FA_KIND_CODES = 2    /* int32 code per row, levels in a dictionary */
} fa_col_kind;

typedef struct fa_table_col {
    fa_col_kind kind;
    double *num;
    int32_t *codes;
    fa_strdict levels;
    uint64_t missing;
    size_t field;        /* 0-based field in the record (file columns and derived sources) */
} fa_table_col;

struct fa_table {
    const fa_spec *spec;
    char *path;
    char fingerprint[65];
    size_t n_rows, cap;
    fa_table_col *cols;  /* spec->n_cols */
    uint8_t *labels;
    fa_table_stats stats;
};

/** Test hook for this thread's fa_table_load() calls: with @p plain, every record is read
 *  with the plain libcsv reader instead of blocks and the fast splitter; @p block_bytes
 *  sets the block size (0 = default). */
void fa_table__test_hooks(bool plain, size_t block_bytes);

#endif /* FA_LIB_DATA_TABLE_INTERNAL_H */
