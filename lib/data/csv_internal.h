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

/** Records completed so far (the header included). */
uint64_t fa_csv__records(const fa_csv_reader *r);

/* ---- blocks: the input in large pieces cut at line ends (docs/internals/csv_reader.md) ---- */

/** Readable bytes after a block's end (for SIMD loads; their content is zero). */
#define FA_CSV_BLOCK_PAD 64

/** A piece of the input. Owns its buffer; reuse it for the next read. */
typedef struct fa_csv_block {
    char *data;      /* len bytes, then FA_CSV_BLOCK_PAD zero bytes */
    size_t len;
    size_t cap;      /* allocated: cap + FA_CSV_BLOCK_PAD */
    uint64_t offset; /* byte offset of data[0] in the input */
    bool last;       /* nothing follows in the input */
} fa_csv_block;

void fa_csv_block_dispose(fa_csv_block *b);

/**
 * Moves the next piece of unread input (after the header and every earlier block) into @p b:
 * the unread bytes and at least @p target bytes when the input has them, cut after the last
 * line terminator (LF, CRLF or a lone CR), so a block ends where a physical line ends; the
 * bytes after the cut stay for the next call. A single line longer than @p target makes the
 * block longer. The cut positions depend only on the input and @p target. When
 * fingerprinting, the block's bytes are hashed here, in input order.
 * At the end of input: b->len == 0 and b->last.
 * @return FA_OK, FA_EIO, FA_ENOMEM (then the reader is failed).
 */
fa_status fa_csv__read_block(fa_csv_reader *r, fa_csv_block *b, size_t target, fa_error *err);

/**
 * With @p on false, fa_csv__read_block() stops hashing the blocks it reads: the caller
 * hashes what it consumes with fa_csv__hash() (when it may stop before the end).
 */
void fa_csv__block_hashing(fa_csv_reader *r, bool on);
/** Adds consumed bytes to the reader's fingerprint (when it fingerprints). */
void fa_csv__hash(fa_csv_reader *r, const void *data, size_t n);
/** Bytes of the current fed block a feeder has consumed (whole lines). */
size_t fa_csv__fed(const fa_csv_reader *r);

/** Size of the input file in bytes; FA_EUNSUPPORTED when it is not a regular file. */
fa_status fa_csv__file_size(const fa_csv_reader *r, uint64_t *size, fa_error *err);

/**
 * Continues block reading at byte @p offset of the file (after the header): drops the
 * read-ahead, stops fingerprinting (a digest of part of a file means nothing).
 * FA_EIO when the file cannot seek (standard input).
 */
fa_status fa_csv__seek(fa_csv_reader *r, uint64_t offset, fa_error *err);

/**
 * A reader that parses blocks of memory instead of a file: same options, path and header
 * as @p src, so its records, errors and locations are those fa_csv_next() on the file would
 * give. Feed it blocks in order with fa_csv__feed(); set its position (line and record
 * counters) with fa_csv__set_position() when records in between were read elsewhere.
 * @return FA_OK, FA_ENOMEM.
 */
fa_status fa_csv__feeder_new(fa_csv_reader **out, const fa_csv_reader *src, fa_error *err);

/**
 * Gives the feeder its next block: fa_csv_next() then returns the records that complete in
 * it, then *rec == NULL. A quoted field may continue into the next block
 * (fa_csv__in_record()). With @p final, the end of the block is the end of the input
 * (an open quote is then an error). The bytes must stay valid while the feeder reads them.
 */
void fa_csv__feed(fa_csv_reader *r, const char *data, size_t len, bool final);

/** True when the reader stopped inside a record (a quoted field spans the block end). */
bool fa_csv__in_record(const fa_csv_reader *r);

/** Sets the counters of lines consumed and records completed (feeders, between records). */
void fa_csv__set_position(fa_csv_reader *r, uint64_t lines, uint64_t records);

/* ---- the fast splitter (csv_fast.c) ------------------------------------------------------- */

/** What a simple line looks like: fa_csv__split() settings. */
typedef struct fa_csv_splitter {
    char delimiter;
    char quote;
    char comment;    /* 0 = none */
    size_t n_fields; /* fields a record must have, >= 1 */
} fa_csv_splitter;

/**
 * Splits the physical line starting at @p p (p < end; bytes up to end + FA_CSV_BLOCK_PAD
 * are readable) when it is *simple*: no quote character, no NUL byte, no CR except in a
 * final CRLF, not a comment line, not blank, and exactly s->n_fields fields. Such a line is
 * one record, with the fields fa_csv_next() would return (delimiter splitting, nothing
 * trimmed, untrimmed reader options assumed).
 * On success returns the line's length including its terminator (the line ends at @p end
 * when it has none) and sets ends[i] to the offset just past field i (field i starts at 0
 * or ends[i-1] + 1). Returns 0 when the line is not simple: parse it with the reader.
 */
size_t fa_csv__split(const fa_csv_splitter *s, const char *p, const char *end, uint32_t *ends);

#endif /* FA_LIB_DATA_CSV_INTERNAL_H */
