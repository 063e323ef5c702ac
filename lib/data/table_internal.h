/*
 * lib/data/table_internal.h — the loaded table's layout (internal), shared by
 * table.c (loading, accessors) and table_describe.c (JSON summary).
 */
#ifndef FA_LIB_DATA_TABLE_INTERNAL_H
#define FA_LIB_DATA_TABLE_INTERNAL_H

#include <stdatomic.h>

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
/** This thread's block size set by fa_table__test_hooks() (0 = default). */
size_t fa_table__test_block_bytes(void);

/**
 * fa_table_load() on the calling thread, @p opts already checked (not NULL). For a part
 * (opts->part_count > 1), @p cancel (may be NULL) is polled before every block: once set,
 * the part stops with FA_EUNSUPPORTED.
 */
fa_status fa_table__load_one(fa_table **out, const fa_spec *spec, const char *path,
                             const fa_load_options *opts, atomic_bool *cancel, fa_error *err);

/**
 * The threaded load (table_parallel.c, docs/internals/table_load.md) with @p threads > 1:
 * FA_OK (*out set), FA_ENOMEM, or FA_EUNSUPPORTED when the file is not for a threaded
 * load (not a regular file, too small, a part that cannot be read on its own, any error):
 * the caller then loads it on one thread. Other statuses are not returned.
 */
fa_status fa_table__load_parallel(fa_table **out, const fa_spec *spec, const char *path,
                                  const fa_load_options *opts, unsigned threads, fa_error *err);

/** Test hook for this thread's threaded loads: the smallest file loaded on several threads
 *  (each part gets at least half of it); 0 = FA_LOAD_PARALLEL_MIN_BYTES. */
void fa_table__test_parallel(uint64_t min_bytes);

#endif /* FA_LIB_DATA_TABLE_INTERNAL_H */
