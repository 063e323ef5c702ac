/*
 * table_parallel.c — fa_table_load() on several threads (docs/internals/table_load.md).
 *
 * The data after the header is cut into K byte ranges at line starts; K threads each load
 * one range as a part (fa_load_options.part_index/part_count, table.c), while the calling
 * thread computes the file's SHA-256 (parts do not hash). The parts are then concatenated
 * in file order into part 0's table: columns grow in place (one realloc each) and the
 * other parts' columns are freed as soon as they are copied, so no second copy of the whole
 * table is ever held. Categorical levels are numbered in order of first appearance among
 * the rows kept; a level first seen in part k was absent from parts 0..k-1, so interning
 * the parts' levels in part order, each part's in its own order, gives exactly the
 * numbering of a sequential load. Statistics and missing counts are sums.
 *
 * Anything a part cannot do alone (quoted fields, comment or blank lines, lone CR line
 * ends, any bad record: a part does not know its line numbers) ends the threaded load with
 * FA_EUNSUPPORTED, and fa_table_load() loads the file on one thread from the start: its
 * errors carry exact locations. Out of memory is reported as such.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "common/internal.h"
#include "data/table_internal.h"

#define FA_TABLE_HASH_CHUNK ((size_t)1 << 20) /* bytes per read while hashing */

static _Thread_local uint64_t test_min_bytes;

void fa_table__test_parallel(uint64_t min_bytes)
{
    test_min_bytes = min_bytes;
}

typedef struct part_job {
    const fa_spec *spec;
    const char *path;
    fa_load_options lo;
    atomic_bool *cancel;
    size_t block_bytes; /* the caller's test hook, for the worker thread */
    fa_table *t;
    fa_status rc;
    fa_error err;
    pthread_t thread;
    bool started;
} part_job;

static void run_part(part_job *j)
{
    fa_error_clear(&j->err);
    j->rc = fa_table__load_one(&j->t, j->spec, j->path, &j->lo, j->cancel, &j->err);
    if (j->rc != FA_OK)
        atomic_store(j->cancel, true);
}

static void *part_main(void *arg)
{
    part_job *j = arg;

    fa_table__test_hooks(false, j->block_bytes);
    run_part(j);
    return NULL;
}

/* SHA-256 of the whole file, as the sequential reader computes it over every byte it
 * consumes. FA_EUNSUPPORTED when cancelled or on a read error (the one-thread load then
 * reports the error with its location). */
static fa_status hash_file(const char *path, atomic_bool *cancel, char hex[65], fa_error *err)
{
    fa_sha256 sha;
    FILE *fp;
    char *buf;
    size_t n;
    fa_status rc = FA_OK;

    buf = fa_malloc(FA_TABLE_HASH_CHUNK);
    if (buf == NULL)
        FA_FAIL(err, FA_ENOMEM, "out of memory loading the table");
    fp = fopen(path, "rb");
    if (fp == NULL) {
        fa_free(buf);
        return FA_EUNSUPPORTED;
    }
    fa_sha256_init(&sha);
    while ((n = fread(buf, 1, FA_TABLE_HASH_CHUNK, fp)) > 0) {
        if (atomic_load(cancel)) {
            rc = FA_EUNSUPPORTED;
            break;
        }
        fa_sha256_update(&sha, buf, n);
    }
    if (rc == FA_OK && ferror(fp))
        rc = FA_EUNSUPPORTED;
    fclose(fp);
    fa_free(buf);
    if (rc == FA_OK)
        fa_sha256_final_hex(&sha, hex);
    return rc;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Appends part @p p's column @p col to @p t's (already sized for every row, part rows
 * starting at @p at), then frees the part's copy. */
static fa_status append_column(fa_table *t, fa_table *p, size_t col, size_t at, fa_error *err)
{
    fa_table_col *dst = &t->cols[col], *src = &p->cols[col];
    size_t n = p->n_rows, n_levels = fa_strdict_count(&src->levels), i;
    int32_t *remap;
    bool identity = true;

    dst->missing += src->missing;
    if (dst->kind == FA_KIND_NUMBER) {
        if (n > 0)
            memcpy(dst->num + at, src->num, n * sizeof *src->num);
        fa_free(src->num);
        src->num = NULL;
        return FA_OK;
    }
    if (dst->kind != FA_KIND_CODES)
        return FA_OK;
    remap = fa_calloc(n_levels ? n_levels : 1, sizeof *remap);
    if (remap == NULL)
        FA_FAIL(err, FA_ENOMEM, "out of memory loading the table");
    for (i = 0; i < n_levels; i++) {
        size_t code;
        if (!fa_strdict_intern(&dst->levels, fa_strdict_key(&src->levels, i),
                               fa_strdict_key_len(&src->levels, i), &code, NULL)) {
            fa_free(remap);
            FA_FAIL(err, FA_ENOMEM, "out of memory (or more than %zu levels) in column \"%s\"",
                    (size_t)FA_STRDICT_MAX, t->spec->cols[col].name);
        }
        remap[i] = (int32_t)code;
        identity &= code == i;
    }
    if (identity) {
        if (n > 0)
            memcpy(dst->codes + at, src->codes, n * sizeof *src->codes);
    } else {
        for (i = 0; i < n; i++) {
            int32_t c = src->codes[i];
            dst->codes[at + i] = c < 0 ? c : remap[c];
        }
    }
    fa_free(remap);
    fa_free(src->codes);
    src->codes = NULL;
    return FA_OK;
}

/* Concatenates parts[1..k) onto parts[0] (which becomes the table); @p total rows. */
static fa_status concatenate(fa_table **parts, unsigned k, size_t total, fa_error *err)
{
    fa_table *t = parts[0];
    size_t n_cols = t->spec->n_cols, col, at;
    unsigned i;
    uint8_t *labels;

    for (col = 0; col < n_cols; col++) {
        fa_table_col *c = &t->cols[col];
        if (c->kind == FA_KIND_NUMBER) {
            double *p = fa_reallocarray(c->num, total, sizeof *p);
            if (p == NULL)
                FA_FAIL(err, FA_ENOMEM, "out of memory loading the table");
            c->num = p;
        } else if (c->kind == FA_KIND_CODES) {
            int32_t *p = fa_reallocarray(c->codes, total, sizeof *p);
            if (p == NULL)
                FA_FAIL(err, FA_ENOMEM, "out of memory loading the table");
            c->codes = p;
        }
        for (i = 1, at = t->n_rows; i < k; at += parts[i]->n_rows, i++)
            FA_TRY(append_column(t, parts[i], col, at, err));
    }
    labels = fa_reallocarray(t->labels, total, sizeof *labels);
    if (labels == NULL)
        FA_FAIL(err, FA_ENOMEM, "out of memory loading the table");
    t->labels = labels;
    for (i = 1, at = t->n_rows; i < k; at += parts[i]->n_rows, i++) {
        const fa_table_stats *s = &parts[i]->stats;
        memcpy(t->labels + at, parts[i]->labels, parts[i]->n_rows);
        t->stats.rows_read += s->rows_read;
        t->stats.rows_used += s->rows_used;
        t->stats.rows_dropped += s->rows_dropped;
        t->stats.dropped_missing += s->dropped_missing;
        t->stats.dropped_invalid += s->dropped_invalid;
    }
    t->n_rows = t->cap = total;
    return FA_OK;
}

/* How many parts: each at least half the threshold, at most @p threads. */
static unsigned part_count(uint64_t size, unsigned threads)
{
    uint64_t min_bytes = test_min_bytes ? test_min_bytes : FA_LOAD_PARALLEL_MIN_BYTES;
    uint64_t per_part = min_bytes / 2 ? min_bytes / 2 : 1;

    if (size < min_bytes)
        return 1;
    return size / per_part < threads ? (unsigned)(size / per_part) : threads;
}

fa_status fa_table__load_parallel(fa_table **out, const fa_spec *spec, const char *path,
                                  const fa_load_options *opts, unsigned threads, fa_error *err)
{
    struct stat before, after;
    part_job *jobs;
    fa_table **parts = NULL;
    atomic_bool cancel;
    char hex[65];
    unsigned k, i;
    size_t total = 0;
    fa_status rc, hash_rc;
    bool enomem = false, fallback = false;

    if (strcmp(path, "-") == 0 || stat(path, &before) != 0 || !S_ISREG(before.st_mode) ||
        before.st_size < 0)
        return FA_EUNSUPPORTED;
    k = part_count((uint64_t)before.st_size, threads);
    if (k < 2)
        return FA_EUNSUPPORTED;
    jobs = fa_calloc(k, sizeof *jobs);
    if (jobs == NULL)
        FA_FAIL(err, FA_ENOMEM, "out of memory loading the table");
    atomic_init(&cancel, false);
    for (i = 0; i < k; i++) {
        part_job *j = &jobs[i];
        j->spec = spec;
        j->path = path;
        j->lo = *opts;
        j->lo.log = NULL; /* parts are silent: the callback runs on the calling thread only */
        j->lo.log_payload = NULL;
        j->lo.threads = 1;
        j->lo.part_index = i;
        j->lo.part_count = k;
        j->cancel = &cancel;
        j->block_bytes = fa_table__test_block_bytes();
    }
    /* Under fault injection every allocation stays on this thread (the counter is per
     * thread): the parts then run one after the other, through the same code. */
    if (!fa__alloc_fault_testing())
        for (i = 0; i < k; i++)
            jobs[i].started = pthread_create(&jobs[i].thread, NULL, part_main, &jobs[i]) == 0;
    hash_rc = hash_file(path, &cancel, hex, err);
    if (hash_rc != FA_OK)
        atomic_store(&cancel, true);
    for (i = 0; i < k; i++) { /* parts no thread could take run here */
        if (!jobs[i].started && !atomic_load(&cancel))
            run_part(&jobs[i]);
        else if (!jobs[i].started)
            jobs[i].rc = FA_EUNSUPPORTED;
    }
    for (i = 0; i < k; i++)
        if (jobs[i].started)
            pthread_join(jobs[i].thread, NULL);

    for (i = 0; i < k; i++) {
        if (jobs[i].rc == FA_ENOMEM && !enomem) {
            enomem = true;
            if (err != NULL)
                *err = jobs[i].err;
        }
        fallback |= jobs[i].rc != FA_OK;
        if (jobs[i].t != NULL)
            total += jobs[i].t->n_rows; /* cannot overflow: every row is in memory */
    }
    if (hash_rc == FA_ENOMEM)
        enomem = true;
    else if (hash_rc != FA_OK)
        fallback = true;
    /* no rows: the one-thread load gives the located "no data" error; a file that changed
     * while it was read: read it again, in one piece */
    if (!enomem && !fallback &&
        (total == 0 || stat(path, &after) != 0 || !same_file(&before, &after)))
        fallback = true;
    rc = enomem ? FA_ENOMEM : fallback ? FA_EUNSUPPORTED : FA_OK;
    if (rc == FA_OK) {
        parts = fa_calloc(k, sizeof *parts);
        if (parts == NULL) {
            rc = FA_ENOMEM;
            (void)fa_error_set(err, FA_ENOMEM, "out of memory loading the table");
        } else {
            for (i = 0; i < k; i++)
                parts[i] = jobs[i].t;
            rc = concatenate(parts, k, total, err);
        }
    }
    if (rc == FA_OK) {
        memcpy(jobs[0].t->fingerprint, hex, sizeof hex);
        *out = jobs[0].t;
        jobs[0].t = NULL;
        if (opts->log != NULL) {
            char msg[FA_ERROR_PATH_MAX + 96];
            snprintf(msg, sizeof msg, "%s: %llu rows read (%.1f MB) on %u threads", (*out)->path,
                     (unsigned long long)(*out)->stats.rows_read,
                     (double)before.st_size / 1e6, k);
            opts->log(FA_LOG_INFO, msg, opts->log_payload);
        }
    }
    for (i = 0; i < k; i++)
        fa_table_free(jobs[i].t);
    fa_free(parts);
    fa_free(jobs);
    return rc;
}
