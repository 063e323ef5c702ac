/*
 * lib/common/collective.h — reductions over an fa_collective (include/fairaudit/collective.h),
 * internal to the library. Each one all-gathers the processes' contributions and reduces
 * them here in rank order, so every process gets bit-identical results. A NULL collective
 * is one process: the functions then leave the values as they are.
 */
#ifndef FA_LIB_COMMON_COLLECTIVE_H
#define FA_LIB_COMMON_COLLECTIVE_H

#include "common/internal.h"
#include "fairaudit/collective.h"

/** Checks a collective (NULL is fine). FA_OK or FA_EINVAL. */
fa_status fa_coll_check(const fa_collective *c, fa_error *err);
/** v[i] = sum over processes of v[i], added in rank order. FA_OK, FA_EIO, FA_ENOMEM. */
fa_status fa_coll_sum(const fa_collective *c, double *v, size_t n, fa_error *err);
/** v[i] = sum over processes (integers). */
fa_status fa_coll_sum_u64(const fa_collective *c, uint64_t *v, size_t n, fa_error *err);
/** v[i] = min (or max) over processes. */
fa_status fa_coll_min(const fa_collective *c, double *v, size_t n, fa_error *err);
fa_status fa_coll_max(const fa_collective *c, double *v, size_t n, fa_error *err);
/** Rows held by the processes before this one (the global index of this process' row 0). */
fa_status fa_coll_offset(const fa_collective *c, uint64_t n_local, uint64_t *offset,
                         fa_error *err);
/**
 * Gathers a byte string of any length from every process: *all_out holds them back to back
 * in rank order, (*offsets_out)[k] .. [k+1] delimits process k's (size + 1 entries). Free
 * both with fa_free. FA_OK, FA_EIO, FA_ENOMEM.
 */
fa_status fa_coll_gather_bytes(const fa_collective *c, const void *mine, size_t n,
                               char **all_out, size_t **offsets_out, fa_error *err);

#endif
