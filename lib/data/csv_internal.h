/*
 * lib/data/csv_internal.h — reader hooks used by the table loader (internal).
 */
#ifndef FA_LIB_DATA_CSV_INTERNAL_H
#define FA_LIB_DATA_CSV_INTERNAL_H

#include <stdbool.h>

#include "common/internal.h"
#include "fairaudit/data.h"

/**
 * As fa_csv_open(); with @p fingerprint set, the reader also hashes every
 * byte it consumes (SHA-256), see fa_csv__fingerprint().
 */
fa_status fa_csv__open(fa_csv_reader **out, const char *path, const fa_csv_options *opts,
                       bool fingerprint, fa_error *err);

/**
 * Hex SHA-256 of the bytes consumed so far: the whole file once fa_csv_next()
 * has returned end of input; up to the end of the last line read otherwise.
 * Empty string when the reader was not opened with fingerprinting.
 */
void fa_csv__fingerprint(const fa_csv_reader *r, char hex[65]);

/** The path as used in error locations ("<stdin>" for "-"). */
const char *fa_csv__path(const fa_csv_reader *r);

/** Physical lines consumed so far. */
uint64_t fa_csv__lines(const fa_csv_reader *r);

#endif /* FA_LIB_DATA_CSV_INTERNAL_H */
