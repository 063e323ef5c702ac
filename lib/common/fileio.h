/*
 * fileio.h — whole-file reads and atomic writes.
 *
 * Every output file of the library is written to a temporary name in the
 * destination folder and renamed into place on success (fa_outfile_commit),
 * so a failed run never leaves a partial file and never overwrites a
 * previous good one.
 */
#ifndef FA_LIB_COMMON_FILEIO_H
#define FA_LIB_COMMON_FILEIO_H

#include <stdio.h>

#include "common/internal.h"

typedef struct fa_outfile {
    FILE *fp;         /* write through this */
    char *path;       /* final path */
    char *tmp_path;   /* temporary path in the same folder */
} fa_outfile;

/** Opens a temporary file next to @p path. */
fa_status fa_outfile_open(fa_outfile *f, const char *path, fa_error *err);
/** Flushes, syncs and renames into place; on failure removes the temp file. */
fa_status fa_outfile_commit(fa_outfile *f, fa_error *err);
/** Removes the temporary file (safe after commit and on a zeroed struct). */
void fa_outfile_abort(fa_outfile *f);
/** Writes a whole buffer atomically. */
fa_status fa_write_file_atomic(const char *path, const void *data, size_t len, fa_error *err);

#endif
