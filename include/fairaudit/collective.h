/**
 * @file collective.h
 * Collective operations for data-parallel work across processes (MPI ranks, or any other
 * transport the caller provides): each process holds a part of the rows, and the library
 * exchanges partial results through one primitive, an all-gather, so that every process
 * computes the same result (docs/scale.md, "MPI").
 *
 * The library reduces the gathered contributions itself, in rank order, so every process
 * gets bit-identical sums whatever the transport does. Every process must make the same
 * calls in the same order; a process that fails must stop the others (MPI_Abort).
 */
#ifndef FAIRAUDIT_COLLECTIVE_H
#define FAIRAUDIT_COLLECTIVE_H

#include <stddef.h>

#include "fairaudit/common.h"

FA_BEGIN_DECLS

/**
 * All-gather: every process contributes @p n bytes (the same @p n on every process) and
 * receives all contributions in rank order in @p all (size * n bytes). Returns 0 on
 * success; any other value makes the library call fail with FA_EIO.
 */
typedef int (*fa_allgather_fn)(const void *mine, void *all, size_t n, void *ctx);

/** A group of processes. A NULL fa_collective pointer means one process. */
typedef struct fa_collective {
    unsigned version;          /**< FA_COLLECTIVE_VERSION */
    unsigned rank;             /**< this process, 0 .. size-1 */
    unsigned size;             /**< number of processes, >= 1 */
    fa_allgather_fn allgather; /**< required */
    void *ctx;                 /**< passed to allgather */
} fa_collective;

#define FA_COLLECTIVE_VERSION 1

FA_END_DECLS

#endif /* FAIRAUDIT_COLLECTIVE_H */
