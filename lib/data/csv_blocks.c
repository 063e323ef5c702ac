/*
 * csv_blocks.c — the input in large pieces for bulk readers (csv_internal.h): blocks cut at
 * line ends, seeking to a part of a file, and whole-file digests. See
 * docs/internals/csv_reader.md, "Blocks, the fast splitter and feeders".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "common/internal.h"
#include "data/csv_internal.h"
#include "data/csv_reader_impl.h"
#include "fairaudit/data.h"

void fa_csv_block_dispose(fa_csv_block *b)
{
    if (b == NULL)
        return;
    fa_free(b->data);
    memset(b, 0, sizeof *b);
}

static bool block_reserve(fa_csv_block *b, size_t cap)
{
    size_t alloc;
    char *p;

    if (cap <= b->cap && b->data != NULL)
        return true;
    if (!fa_size_add(&alloc, cap, FA_CSV_BLOCK_PAD))
        return false;
    p = fa_realloc(b->data, alloc);
    if (p == NULL)
        return false;
    b->data = p;
    b->cap = cap;
    return true;
}

/* Offset just past the last line terminator of s[0, n), or 0 when there is none. A CR as
 * the very last byte does not count: an LF may follow it. */
static size_t last_line_end(const char *s, size_t n)
{
    size_t i = n;

    while (i > 0) {
        char c = s[i - 1];
        if (c == '\n')
            return i;
        if (c == '\r' && i < n)
            return i;
        i--;
    }
    return 0;
}

fa_status fa_csv__read_block(fa_csv_reader *r, fa_csv_block *b, size_t target, fa_error *err)
{
    size_t filled = 0, from_file = 0, limit, cut, rest;

    if (r == NULL || b == NULL || r->feeder)
        FA_FAIL(err, FA_EINVAL, "fa_csv__read_block: invalid arguments");
    if (r->failed)
        return fa_csv__report(r, err);
    b->len = 0;
    b->last = false;
    b->offset = r->bytes;
    limit = target > 0 ? target : 1;
    if (!r->started && limit < 4)
        limit = 4; /* room to check for a byte-order mark */
    fa_csv__hash_consumed(r); /* what the header read consumed */
    r->eol_cache_valid = false;
    for (;;) {
        if (!block_reserve(b, limit)) {
            fa_csv__fail_nomem(r);
            return fa_csv__report(r, err);
        }
        /* the reader's read-ahead first, then the file */
        while (filled < limit && r->pos < r->len) {
            size_t n = r->len - r->pos < limit - filled ? r->len - r->pos : limit - filled;
            memcpy(b->data + filled, r->buf + r->pos, n);
            r->pos += n;
            filled += n;
        }
        while (filled < limit && !r->eof) {
            size_t n = fread(b->data + filled, 1, limit - filled, r->fp);
            filled += n;
            from_file += n;
            if (n == 0) {
                if (ferror(r->fp)) {
                    int e = errno;
                    r->failed = true;
                    r->fail_rc = fa_error_set_errno(&r->fail_err, e, "cannot read '%s'", r->path);
                    fa_strlcpy(r->fail_err.loc.path, r->path, sizeof r->fail_err.loc.path);
                    return fa_csv__report(r, err);
                }
                r->eof = true;
            }
        }
        if (!r->started) { /* no header was read: a byte-order mark is consumed here */
            if (filled < 3 && !r->eof)
                continue;
            r->started = true;
            if (filled >= 3 && memcmp(b->data, "\xEF\xBB\xBF", 3) == 0) {
                if (r->hashing)
                    fa_sha256_update(&r->sha, b->data, 3);
                memmove(b->data, b->data + 3, filled - 3);
                filled -= 3;
                r->bytes += 3;
                b->offset += 3;
                if (from_file >= 3)
                    from_file -= 3;
                continue;
            }
        }
        if (r->eof && r->pos == r->len) {
            cut = filled; /* the end of the input */
            break;
        }
        cut = last_line_end(b->data, filled);
        if (cut > 0)
            break;
        /* one line longer than the block: read on */
        if (!fa_size_mul(&limit, limit, 2)) {
            fa_csv__fail_nomem(r);
            return fa_csv__report(r, err);
        }
    }
    rest = filled - cut;
    if (rest > 0) { /* the start of the next line goes back in front of the read-ahead */
        if (from_file == 0) { /* all from the read-ahead: step back */
            r->pos -= rest;
        } else { /* the read-ahead is used up (pos == len): the rest becomes it */
            if (rest > r->cap) {
                char *p = fa_realloc(r->buf, rest);
                if (p == NULL) {
                    fa_csv__fail_nomem(r);
                    return fa_csv__report(r, err);
                }
                r->buf = p;
                r->cap = rest;
            }
            memcpy(r->buf, b->data + cut, rest);
            r->pos = 0;
            r->len = rest;
        }
    }
    r->hash_pos = r->pos;
    memset(b->data + cut, 0, FA_CSV_BLOCK_PAD);
    if (r->hashing && r->block_hash && cut > 0)
        fa_sha256_update(&r->sha, b->data, cut);
    r->bytes += cut;
    b->len = cut;
    b->last = r->eof && r->pos == r->len;
    return FA_OK;
}

fa_status fa_csv__file_size(const fa_csv_reader *r, uint64_t *size, fa_error *err)
{
    struct stat st;

    if (r->fp == NULL || fstat(fileno(r->fp), &st) != 0 || !S_ISREG(st.st_mode))
        FA_FAIL(err, FA_EUNSUPPORTED, "'%s' is not a regular file", r->path);
    *size = (uint64_t)st.st_size;
    return FA_OK;
}

fa_status fa_csv__seek(fa_csv_reader *r, uint64_t offset, fa_error *err)
{
    if (r->feeder || r->fp == NULL || offset > (uint64_t)INT64_MAX ||
        fseeko(r->fp, (off_t)offset, SEEK_SET) != 0)
        return fa_error_set_errno(err, errno, "cannot seek in '%s'", r->path);
    r->pos = r->len = r->hash_pos = 0;
    r->eof = false;
    r->eol_cache_valid = false;
    r->bytes = offset;
    r->hashing = false;
    return FA_OK;
}

fa_status fa_file_sha256(const char *path, char hex[65], fa_error *err)
{
    FILE *fp;
    char *buf;
    fa_sha256 sha;
    size_t n;
    int e = 0;

    if (path == NULL || hex == NULL || strcmp(path, "-") == 0)
        FA_FAIL(err, FA_EINVAL, "fa_file_sha256: a file path is needed");
    buf = fa_malloc(FA_CSV_CHUNK);
    FA_CHECK_ALLOC(err, buf);
    fp = fopen(path, "rb");
    if (fp == NULL) {
        e = errno;
        fa_free(buf);
        return fa_error_set_errno(err, e, "cannot open '%s'", path);
    }
    fa_sha256_init(&sha);
    while ((n = fread(buf, 1, FA_CSV_CHUNK, fp)) > 0)
        fa_sha256_update(&sha, buf, n);
    if (ferror(fp))
        e = errno != 0 ? errno : EIO;
    fclose(fp);
    fa_free(buf);
    if (e != 0)
        return fa_error_set_errno(err, e, "cannot read '%s'", path);
    fa_sha256_final_hex(&sha, hex);
    return FA_OK;
}

void fa_csv__block_hashing(fa_csv_reader *r, bool on)
{
    r->block_hash = on;
}

void fa_csv__hash(fa_csv_reader *r, const void *data, size_t n)
{
    if (r->hashing && n > 0)
        fa_sha256_update(&r->sha, data, n);
}

