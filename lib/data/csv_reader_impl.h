/*
 * lib/data/csv_reader_impl.h — the CSV reader's state, shared by csv_reader.c (records,
 * feeders) and csv_blocks.c (blocks, seeking, file digests); internal to lib/data.
 */
#ifndef FA_LIB_DATA_CSV_READER_IMPL_H
#define FA_LIB_DATA_CSV_READER_IMPL_H

#include <csv.h>
#include <stdio.h>

#include "common/internal.h"
#include "data/csv_internal.h"

#define FA_CSV_CHUNK        ((size_t)1 << 20) /* bytes per fread */

struct fa_csv_reader {
    FILE *fp;
    bool own_fp;
    char *path;
    fa_csv_options opts;
    struct csv_parser parser;
    bool parser_ready;

    /* input: buf[pos, len) not yet split into lines */
    char *buf;
    size_t cap, pos, len;
    size_t lf_at, cr_at;  /* cached next '\n' / '\r' at or after pos (or NONE) */
    bool eol_cache_valid;
    bool eof;
    bool started;         /* BOM check done */

    uint64_t bytes;       /* bytes consumed (lines handed out, BOM included) */
    uint64_t line;        /* number of the line being processed (1-based) */
    bool hashing;
    bool block_hash;      /* fa_csv__read_block hashes its blocks (default) */
    fa_sha256 sha;        /* covers buf[0, hash_pos) and everything before it */
    size_t hash_pos;

    /* the record being assembled */
    char *fbuf;           /* field bytes, each field NUL-terminated */
    size_t flen, fcap;
    size_t *foff, *flens;
    const char **fptr;
    size_t nf, nfcap;
    uint64_t rec_line;    /* line where the record started */
    uint64_t field_line;  /* line where the current field started */
    bool in_record;       /* a record is open across lines (quoted newline) */
    bool rec_done;        /* libcsv submitted the record */
    uint64_t n_records;
    fa_csv_record rec;

    /* sticky failure: callbacks cannot abort, so they record and we stop */
    bool failed;
    fa_status fail_rc;
    fa_error fail_err;
    bool finished;        /* csv_fini has run */

    /* feeder mode (fa_csv__feeder_new): buf points at the caller's block, never owned */
    bool feeder;
    bool feed_final;

    char **header;
    char *header_block;
    size_t n_header;
};

/** Records out-of-memory as the reader's sticky error; returns FA_ENOMEM. */
fa_status fa_csv__fail_nomem(fa_csv_reader *r);
/** Copies the sticky error to err; returns its status. */
fa_status fa_csv__report(const fa_csv_reader *r, fa_error *err);
/** Hashes the bytes consumed from the read-ahead and not hashed yet. */
void fa_csv__hash_consumed(fa_csv_reader *r);

#endif
