/*
 * audit_pass.c — the streaming pass of fa_audit_run(): blocks, the fast path, the reference
 * path, threads, and the ordered commit into the accumulators (docs/internals/audit_pass.md).
 *
 *  - The input after the header is read in blocks of FA_PASS_BLOCK_BYTES cut at line ends
 *    (fa_csv__read_block, which also hashes them for input.fingerprint). Reading is serial.
 *  - A thread parses a block with the fast path: fa_csv__split per line, the row checks of
 *    audit.c, protected values looked up in the thread's own group index, rows into the
 *    block's fa_acc_part. At the first line it does not handle (quotes, a lone CR, a bad
 *    value, a wrong field count, too many groups...) it gives the block up.
 *  - Blocks are committed strictly in input order, one at a time: a fast block's cells are
 *    mapped to the global cells by their values (new cells numbered in order of first row,
 *    as one sequential pass numbers them) and its part is merged into the accumulator; a
 *    block given up is parsed again by the reference path — the libcsv reader fed from
 *    memory (fa_csv__feed), fa_audit__process_record — which produces exactly the records,
 *    rows and located error messages of a sequential read. A quoted field may run past the
 *    end of a block; then the next block is parsed by the reference path too, since its fast
 *    parse started in the middle of a record.
 *  - So the accumulator receives the same additions in the same order whatever the number of
 *    threads, and reports are bit-identical (tests/unit/audit/test_audit_threads.c).
 */
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit_private.h"
#include "common/internal.h"
#include "data/csv_internal.h"

/* Block size: fixed, so block boundaries (and with them the order of additions) depend on
 * the input alone. 1 MiB keeps a block and its part in the CPU caches. */
#define FA_PASS_BLOCK_BYTES ((size_t)1 << 20)
/* threads = 0: one per online CPU, at most this many. */
#define FA_PASS_DEFAULT_MAX_THREADS 8u
#define FA_PASS_UNMAPPED UINT32_MAX

static _Thread_local size_t test_block_bytes; /* fa_audit__test_hooks */
static _Thread_local bool test_no_fast;

void fa_audit__test_hooks(size_t block_bytes, bool fast)
{
    test_block_bytes = block_bytes;
    test_no_fast = !fast;
}

typedef enum slot_state { SLOT_FREE = 0, SLOT_BUSY, SLOT_DONE } slot_state;

/* One block in flight and what the fast path made of it. */
typedef struct slot {
    fa_csv_block blk;
    fa_acc_part *part;
    fa_buf keys;          /* protected values of the part's cells, in part order */
    slot_state state;
    uint64_t seq;
    unsigned worker;
    bool fast;            /* the fast path read the whole block */
    bool oom;             /* the fast path stopped for want of memory: the audit fails */
    fa_status read_rc;    /* != FA_OK: reading this block failed */
    fa_error read_err;
    uint64_t lines, rows_read, rows_used, skipped_label, skipped_score;
} slot;

struct pipeline;

/* Memo of fa_gindex_value() for short values (<= 8 bytes): the value's bytes as one word. */
#define FA_PASS_VCACHE      64u
#define FA_PASS_CCACHE      256u
#define FA_PASS_CACHE_EMPTY UINT32_MAX

typedef struct vcache_entry {
    uint64_t word;
    uint32_t len; /* FA_PASS_CACHE_EMPTY: unused */
    uint32_t id;
} vcache_entry;

/* Memo of fa_gindex_cell() for one or two protected attributes: both ids in one word. */
typedef struct ccache_entry {
    uint64_t key;
    uint32_t cell;
    uint32_t used;
} ccache_entry;

typedef struct worker {
    struct pipeline *pl;
    unsigned index;
    fa_gindex gi;         /* this thread's own value and cell numbering */
    vcache_entry *vcache; /* FA_PASS_VCACHE per protected attribute */
    ccache_entry *ccache; /* FA_PASS_CCACHE, when at most two attributes */
    uint32_t *ids;
    uint32_t *ends;
    fa_error err;
    pthread_t thread;
    bool started;
} worker;

typedef struct pipeline {
    pass_state *P;
    fa_csv_splitter sp;
    size_t block_bytes;
    bool fast_enabled;
    bool split;           /* one part of the file: lines starting in [part_begin, part_end) */
    uint64_t part_begin, part_end;
    unsigned n_workers;
    worker *workers;
    size_t n_slots;
    slot *slots;

    pthread_mutex_t mu;   /* guards the fields below and the slots' state */
    pthread_cond_t cv;
    bool reading, committing, eof, stop;
    uint64_t next_seq, next_commit;
    fa_status rc;

    /* the committer's state (one committer at a time) */
    fa_csv_reader *feeder;
    fa_acc_part *ref_part;
    bool ref_carry;       /* the last committed block ended inside a quoted field */
    uint64_t lines, records;
    uint32_t **map;       /* per worker: local cell -> global cell */
    size_t *map_cap;
    uint32_t *gids;       /* scratch: global value ids of a cell */
} pipeline;

/* ---- fast path (any thread) ------------------------------------------------------------ */

/* Appends the protected values of the part's cells (for the committer's mapping). */
static bool export_keys(worker *W, slot *S)
{
    size_t n, i, a;
    const uint32_t *cells = fa_acc_part_cells(S->part, &n);
    const size_t n_prot = W->gi.n_attrs;

    for (i = 0; i < n; i++) {
        const uint32_t *key = fa_gindex_key(&W->gi, cells[i]);
        for (a = 0; a < n_prot; a++) {
            uint32_t len = FA_GINDEX_UNKNOWN;
            const fa_strdict *d = &W->gi.dict[a];
            if (key[a] != FA_GINDEX_UNKNOWN) {
                size_t l = fa_strdict_key_len(d, key[a]);
                if (l >= FA_GINDEX_UNKNOWN)
                    return false;
                len = (uint32_t)l;
            }
            fa_buf_put(&S->keys, &len, sizeof len);
            if (len != FA_GINDEX_UNKNOWN)
                fa_buf_put(&S->keys, fa_strdict_key(d, key[a]), len);
        }
    }
    return !S->keys.oom;
}

/* A protected value the fast path may take: no longer than a group name may be, NUL-free,
 * well-formed UTF-8 (group names go into audit.json). Anything else gives the block up to the
 * reference path, which reports it located (audit.c). */
static inline bool value_ok(const char *s, size_t len)
{
    size_t at;

    return len <= FA_MAX_VALUE_BYTES && fa_text_check(s, len, &at) == FA_TEXT_OK;
}

/* The id of a protected value, through the worker's memo for values of at most 8 bytes
 * (block buffers are padded, so reading 8 bytes is always safe). 1: found; 0: a value the
 * fast path does not take (value_ok); -1: out of memory. */
static inline int value_id(worker *W, size_t a, const char *s, size_t len, uint32_t *id)
{
    vcache_entry *e;
    uint64_t word;

    if (len > 8) {
        if (!value_ok(s, len))
            return 0;
        return fa_gindex_value(&W->gi, a, s, len, id) ? 1 : -1;
    }
    memcpy(&word, s, sizeof word);
    if (len < 8)
        word &= ((uint64_t)1 << (8 * len)) - 1u;
    e = &W->vcache[a * FA_PASS_VCACHE +
                   (size_t)(((word + len) * 0x9E3779B97F4A7C15ULL) >> 58)];
    if (e->len == len && e->word == word) {
        *id = e->id;
        return 1;
    }
    if (!value_ok(s, len))
        return 0;
    if (!fa_gindex_value(&W->gi, a, s, len, id))
        return -1;
    e->word = word;
    e->len = (uint32_t)len;
    e->id = *id;
    return 1;
}

/* The cell of the worker's current ids (W->ids; @p key: the ids of one or two attributes in
 * one word, built by the caller from registers — reloading two 4-byte stores as one 8-byte
 * word would stall store forwarding), through the memo when there are at most two. */
static inline bool cell_id(worker *W, uint64_t key, uint32_t *cell, bool *added)
{
    ccache_entry *e;

    if (W->ccache == NULL)
        return fa_gindex_cell(&W->gi, W->ids, cell, added);
    e = &W->ccache[(size_t)((key * 0x9E3779B97F4A7C15ULL) >> 56)];
    if (e->used && e->key == key) {
        *cell = e->cell;
        *added = false;
        return true;
    }
    if (!fa_gindex_cell(&W->gi, W->ids, cell, added))
        return false;
    e->key = key;
    e->cell = *cell;
    e->used = 1;
    return true;
}

#define FSTART(i) ((i) == 0 ? (size_t)0 : (size_t)ends[(i)-1] + 1)
#define FLEN(i)   ((size_t)ends[(i)] - FSTART(i))

/* Parses a whole block on the fast path; false at the first line it does not handle, or
 * out of memory (S->oom: the audit then fails with FA_ENOMEM, as the reference path would). */
static bool fast_block(worker *W, slot *S)
{
    const pipeline *PL = W->pl;
    const pass_state *P = PL->P;
    const char *p = S->blk.data, *end = p + S->blk.len;
    const uint32_t *ends = W->ends;
    const size_t c_label = P->col_label, c_score = P->col_score, c_dec = P->col_decision,
                 c_w = P->col_weight, n_prot = P->n_prot, max_groups = P->opts->max_groups;
    const char *fs[FA_N_SLOTS] = {NULL, NULL, NULL, NULL};
    size_t fn[FA_N_SLOTS] = {0, 0, 0, 0};

    if (PL->split) {
        /* the part's first block starts one byte early: its lines start after a newline */
        if (S->blk.offset < PL->part_begin) {
            const char *nl = memchr(p, '\n', S->blk.len);
            p = nl != NULL ? nl + 1 : end;
        }
        /* lines starting at or after the part's end belong to the next part */
        if (S->blk.offset + S->blk.len > PL->part_end)
            end = PL->part_end > S->blk.offset ? S->blk.data + (PL->part_end - S->blk.offset)
                                                : S->blk.data;
    }
    while (p < end) {
        size_t len = fa_csv__split(&PL->sp, p, S->blk.data + S->blk.len, W->ends), a;
        fa_row_vals v;
        fa_row_code code;

        if (len == 0)
            return false;
        S->lines++;
        S->rows_read++;
        fs[FA_SLOT_LABEL] = p + FSTART(c_label);
        fn[FA_SLOT_LABEL] = FLEN(c_label);
        fs[FA_SLOT_SCORE] = p + FSTART(c_score);
        fn[FA_SLOT_SCORE] = FLEN(c_score);
        if (c_dec != FA_NO_COL) {
            fs[FA_SLOT_DECISION] = p + FSTART(c_dec);
            fn[FA_SLOT_DECISION] = FLEN(c_dec);
        }
        if (c_w != FA_NO_COL) {
            fs[FA_SLOT_WEIGHT] = p + FSTART(c_w);
            fn[FA_SLOT_WEIGHT] = FLEN(c_w);
        }
        code = fa_audit__check_row(P, fs, fn, &v);
        if (code == FA_ROW_USED) {
            uint32_t cell, id = 0;
            uint64_t key = 0;
            bool added;
            for (a = 0; a < n_prot; a++) {
                size_t f = P->col_prot[a];
                int found = value_id(W, a, p + FSTART(f), FLEN(f), &id);
                if (found <= 0) {
                    S->oom = found < 0;
                    return false;
                }
                W->ids[a] = id;
                key |= a < 2 ? (uint64_t)id << (32 * a) : 0;
            }
            if (!cell_id(W, key, &cell, &added)) {
                S->oom = true;
                return false;
            }
            if (added && W->gi.n_cells > max_groups)
                return false;
            if (fa_acc_part_add_row(S->part, cell, v.score, v.label, v.decision, v.weight,
                                    &W->err) != FA_OK) {
                S->oom = W->err.code == FA_ENOMEM;
                return false;
            }
            S->rows_used++;
        } else if (code == FA_ROW_SKIP_LABEL) {
            S->skipped_label++;
        } else if (code == FA_ROW_SKIP_SCORE) {
            S->skipped_score++;
        } else {
            return false; /* the reference path reports it, located */
        }
        p += len;
    }
    fa_acc_part_finish(S->part); /* the block's log-losses, here in parallel */
    if (!export_keys(W, S)) {
        S->oom = true;
        return false;
    }
    return true;
}

#undef FSTART
#undef FLEN

/* ---- commit (one thread at a time, in block order) -------------------------------------- */

/* Global value ids of the next exported key; advances *at. False on out-of-memory. */
static bool decode_key(pipeline *PL, const unsigned char **at)
{
    pass_state *P = PL->P;
    size_t a;

    for (a = 0; a < P->n_prot; a++) {
        uint32_t len;
        memcpy(&len, *at, sizeof len);
        *at += sizeof len;
        if (len == FA_GINDEX_UNKNOWN) {
            PL->gids[a] = FA_GINDEX_UNKNOWN;
            continue;
        }
        if (!fa_gindex_value(&P->gi, a, (const char *)*at, len, &PL->gids[a]))
            return false;
        *at += len;
    }
    return true;
}

static bool map_reserve(pipeline *PL, unsigned w, size_t n)
{
    size_t cap = PL->map_cap[w] ? PL->map_cap[w] : 16;
    uint32_t *m;

    if (n <= PL->map_cap[w])
        return true;
    while (cap < n)
        cap *= 2;
    m = fa_reallocarray(PL->map[w], cap, sizeof *m);
    if (m == NULL)
        return false;
    memset(m + PL->map_cap[w], 0xFF, (cap - PL->map_cap[w]) * sizeof *m);
    PL->map[w] = m;
    PL->map_cap[w] = cap;
    return true;
}

/* Maps a fast block's cells and merges its part. *fallback: too many groups, read the
 * block with the reference path instead (it stops at the exact row). */
static fa_status commit_fast(pipeline *PL, slot *S, bool *fallback)
{
    pass_state *P = PL->P;
    size_t n, i, absent = 0, max_cell = 0;
    const uint32_t *cells = fa_acc_part_cells(S->part, &n);
    const unsigned char *at;
    uint32_t *map;
    int pass;

    *fallback = false;
    for (i = 0; i < n; i++)
        if (cells[i] + (size_t)1 > max_cell)
            max_cell = cells[i] + (size_t)1;
    if (!map_reserve(PL, S->worker, max_cell))
        FA_FAIL(P->err, FA_ENOMEM, "out of memory");
    map = PL->map[S->worker];
    /* pass 0 counts the cells new to the audit, pass 1 creates them in order of first row */
    for (pass = 0; pass < 2; pass++) {
        at = (const unsigned char *)S->keys.ptr;
        for (i = 0; i < n; i++) {
            uint32_t cell;
            bool added;
            if (map[cells[i]] != FA_PASS_UNMAPPED) {
                size_t a; /* skip the key */
                for (a = 0; a < P->n_prot; a++) {
                    uint32_t len;
                    memcpy(&len, at, sizeof len);
                    at += sizeof len + (len != FA_GINDEX_UNKNOWN ? len : 0);
                }
                continue;
            }
            if (!decode_key(PL, &at))
                FA_FAIL(P->err, FA_ENOMEM, "out of memory (protected values)");
            if (pass == 0) {
                if (fa_gindex_find_cell(&P->gi, PL->gids, &cell))
                    map[cells[i]] = cell;
                else
                    absent++;
                continue;
            }
            if (!fa_gindex_cell(&P->gi, PL->gids, &cell, &added))
                FA_FAIL(P->err, FA_ENOMEM, "out of memory (groups)");
            if (added) {
                uint32_t acell;
                FA_TRY(fa_acc_add_cell(P->acc, &acell, P->err));
            }
            map[cells[i]] = cell;
        }
        if (pass == 0 && P->gi.n_cells + absent > P->opts->max_groups) {
            *fallback = true;
            return FA_OK;
        }
        if (absent == 0)
            break;
    }
    FA_TRY(fa_acc_merge_part(P->acc, S->part, map, P->err));
    P->rows_read += S->rows_read;
    P->rows_used += S->rows_used;
    P->skipped_label += S->skipped_label;
    P->skipped_score += S->skipped_score;
    PL->lines += S->lines;
    PL->records += S->lines;
    return FA_OK;
}

/* The reference path over one block, continuing the reader's state across blocks. */
static fa_status ref_run(pipeline *PL, slot *S)
{
    pass_state *P = PL->P;
    fa_status rc = FA_OK;

    if (PL->feeder == NULL) {
        FA_TRY(fa_csv__feeder_new(&PL->feeder, P->reader, P->err));
        FA_TRY(fa_acc_part_new(&PL->ref_part, fa_acc_config_of(P->acc), P->err));
    }
    fa_csv__set_position(PL->feeder, PL->lines, PL->records);
    fa_csv__feed(PL->feeder, S->blk.data, S->blk.len, S->blk.last);
    fa_acc_part_clear(PL->ref_part);
    P->part = PL->ref_part;
    for (;;) {
        const fa_csv_record *rec;
        if ((rc = fa_csv_next(PL->feeder, &rec, P->err)) != FA_OK || rec == NULL)
            break;
        if ((rc = fa_audit__process_record(P, rec)) != FA_OK)
            break;
    }
    P->part = NULL;
    if (rc != FA_OK)
        return rc;
    PL->ref_carry = fa_csv__in_record(PL->feeder);
    PL->lines = fa_csv__lines(PL->feeder);
    PL->records = fa_csv__records(PL->feeder);
    return fa_acc_merge_part(P->acc, PL->ref_part, NULL, P->err);
}

static fa_status commit_slot(pipeline *PL, slot *S)
{
    pass_state *P = PL->P;
    uint64_t before = P->rows_read;
    bool fallback = !S->fast || PL->ref_carry;
    fa_status rc = FA_OK;

    if (S->read_rc != FA_OK) {
        if (P->err != NULL)
            *P->err = S->read_err;
        return S->read_rc;
    }
    if (S->oom)
        FA_FAIL(P->err, FA_ENOMEM, "out of memory");
    if (!fallback)
        rc = commit_fast(PL, S, &fallback);
    if (rc == FA_OK && fallback && PL->split) {
        fa_error_clear(P->err);
        fa_error_set_loc(P->err, P->path, 0, 0, 0, NULL);
        return fa_error_set(P->err, FA_EUNSUPPORTED,
                            "part %u of %u cannot be audited on its own (quoted fields, lone CR "
                            "line ends, a bad value or too many groups near byte %llu): audit "
                            "the file in one piece",
                            P->split->index + 1, P->split->count,
                            (unsigned long long)S->blk.offset);
    }
    if (rc == FA_OK && fallback)
        rc = ref_run(PL, S);
    if (rc == FA_OK)
        fa_audit__progress(P, before);
    return rc;
}

/* Commits every finished block that is next in order. Called and returns with mu held. */
static void commit_ready(pipeline *PL)
{
    while (!PL->committing && !PL->stop) {
        slot *S = NULL;
        size_t i;
        fa_status rc;

        for (i = 0; i < PL->n_slots; i++)
            if (PL->slots[i].state == SLOT_DONE && PL->slots[i].seq == PL->next_commit)
                S = &PL->slots[i];
        if (S == NULL)
            return;
        PL->committing = true;
        pthread_mutex_unlock(&PL->mu);
        rc = commit_slot(PL, S);
        pthread_mutex_lock(&PL->mu);
        PL->committing = false;
        S->state = SLOT_FREE;
        if (rc != FA_OK) {
            PL->stop = true;
            PL->rc = rc;
        } else {
            PL->next_commit++;
        }
        pthread_cond_broadcast(&PL->cv);
    }
}

/* ---- threads ------------------------------------------------------------------------------ */

static void run_worker(worker *W)
{
    pipeline *PL = W->pl;
    pass_state *P = PL->P;

    for (;;) {
        slot *S = NULL;
        size_t i;

        pthread_mutex_lock(&PL->mu);
        for (;;) {
            if (PL->stop || PL->eof)
                break;
            if (!PL->reading)
                for (i = 0; i < PL->n_slots && S == NULL; i++)
                    if (PL->slots[i].state == SLOT_FREE)
                        S = &PL->slots[i];
            if (S != NULL)
                break;
            pthread_cond_wait(&PL->cv, &PL->mu);
        }
        if (S == NULL) {
            pthread_mutex_unlock(&PL->mu);
            return;
        }
        S->state = SLOT_BUSY;
        PL->reading = true;
        pthread_mutex_unlock(&PL->mu);

        fa_error_clear(&S->read_err);
        S->read_rc = fa_csv__read_block(P->reader, &S->blk, PL->block_bytes, &S->read_err);

        pthread_mutex_lock(&PL->mu);
        PL->reading = false;
        S->seq = PL->next_seq++;
        if (S->read_rc != FA_OK || S->blk.last ||
            (PL->split && S->blk.offset + S->blk.len >= PL->part_end))
            PL->eof = true;
        pthread_cond_broadcast(&PL->cv);
        pthread_mutex_unlock(&PL->mu);

        S->worker = W->index;
        S->lines = S->rows_read = S->rows_used = S->skipped_label = S->skipped_score = 0;
        S->oom = false;
        fa_acc_part_clear(S->part);
        fa_buf_clear(&S->keys);
        S->fast = S->read_rc == FA_OK && PL->fast_enabled && fast_block(W, S);

        pthread_mutex_lock(&PL->mu);
        S->state = SLOT_DONE;
        commit_ready(PL);
        pthread_mutex_unlock(&PL->mu);
    }
}

static void *worker_main(void *arg)
{
    run_worker(arg);
    return NULL;
}

static unsigned thread_count(unsigned threads)
{
    long n;

    if (fa__alloc_fault_testing())
        return 1; /* the fault counter is per thread: every allocation in this one */
    if (threads > 0)
        return threads > FA_AUDIT_MAX_THREADS ? FA_AUDIT_MAX_THREADS : threads;
    n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    return (unsigned long)n > FA_PASS_DEFAULT_MAX_THREADS ? FA_PASS_DEFAULT_MAX_THREADS
                                                          : (unsigned)n;
}

static void pipeline_dispose(pipeline *PL)
{
    size_t i;

    if (PL->workers != NULL)
        for (i = 0; i < PL->n_workers; i++) {
            fa_gindex_dispose(&PL->workers[i].gi);
            fa_free(PL->workers[i].ids);
            fa_free(PL->workers[i].ends);
            fa_free(PL->workers[i].vcache);
            fa_free(PL->workers[i].ccache);
        }
    if (PL->slots != NULL)
        for (i = 0; i < PL->n_slots; i++) {
            fa_csv_block_dispose(&PL->slots[i].blk);
            fa_acc_part_free(PL->slots[i].part);
            fa_buf_dispose(&PL->slots[i].keys);
        }
    if (PL->map != NULL)
        for (i = 0; i < PL->n_workers; i++)
            fa_free(PL->map[i]);
    fa_free(PL->map);
    fa_free(PL->map_cap);
    fa_free(PL->gids);
    fa_free(PL->workers);
    fa_free(PL->slots);
    fa_csv_close(PL->feeder);
    fa_acc_part_free(PL->ref_part);
}

static fa_status pipeline_init(pipeline *PL, pass_state *P, unsigned n_workers)
{
    const fa_audit_options *o = P->opts;
    size_t i;

    memset(PL, 0, sizeof *PL);
    PL->P = P;
    PL->n_workers = n_workers;
    PL->n_slots = n_workers == 1 ? 1 : 2 * (size_t)n_workers;
    PL->sp.delimiter = o->delimiter ? o->delimiter : ',';
    PL->sp.quote = '"';
    PL->sp.comment = '\0';
    PL->sp.n_fields = P->n_header;
    PL->block_bytes = test_block_bytes > 0 ? test_block_bytes : FA_PASS_BLOCK_BYTES;
    /* Per-group thresholds decide row i with U(seed, i): the row's number in the whole file,
     * which a block parsed ahead of its turn does not know. The reference path alone then. */
    PL->fast_enabled = !test_no_fast && o->thresholds == NULL;
    if (P->split != NULL) {
        /* lines starting in [begin, end) of the data after the header */
        uint64_t start = fa_csv_bytes_read(P->reader), size, span;
        const fa_audit_split *sp = P->split;
        FA_TRY(fa_csv__file_size(P->reader, &size, P->err));
        if (sp->count == 0 || sp->index >= sp->count)
            FA_FAIL(P->err, FA_EINVAL, "part %u of %u", sp->index + 1, sp->count);
        span = size > start ? size - start : 0;
        PL->split = true;
        PL->fast_enabled = true;
        PL->part_begin = start + (uint64_t)((fa_u128)span * sp->index / sp->count);
        PL->part_end = sp->index + 1 == sp->count
                           ? size
                           : start + (uint64_t)((fa_u128)span * (sp->index + 1) / sp->count);
        if (PL->part_begin > start)
            FA_TRY(fa_csv__seek(P->reader, PL->part_begin - 1, P->err));
        if (PL->part_begin >= PL->part_end)
            PL->eof = true;
    }
    PL->lines = fa_csv__lines(P->reader);
    PL->records = fa_csv__records(P->reader);
    PL->workers = fa_calloc(n_workers, sizeof *PL->workers);
    PL->slots = fa_calloc(PL->n_slots, sizeof *PL->slots);
    PL->map = fa_calloc(n_workers, sizeof *PL->map);
    PL->map_cap = fa_calloc(n_workers, sizeof *PL->map_cap);
    PL->gids = fa_calloc(P->n_prot, sizeof *PL->gids);
    if (PL->workers == NULL || PL->slots == NULL || PL->map == NULL || PL->map_cap == NULL ||
        PL->gids == NULL)
        FA_FAIL(P->err, FA_ENOMEM, "out of memory");
    for (i = 0; i < n_workers; i++) {
        worker *W = &PL->workers[i];
        W->pl = PL;
        W->index = (unsigned)i;
        FA_TRY(fa_gindex_init(&W->gi, P->n_prot, o->missing_values, o->n_missing_values,
                              P->err));
        W->ids = fa_calloc(P->n_prot, sizeof *W->ids);
        W->ends = fa_calloc(P->n_header, sizeof *W->ends);
        W->vcache = fa_reallocarray(NULL, P->n_prot * (size_t)FA_PASS_VCACHE, sizeof *W->vcache);
        if (P->n_prot <= 2)
            W->ccache = fa_calloc(FA_PASS_CCACHE, sizeof *W->ccache);
        if (W->ids == NULL || W->ends == NULL || W->vcache == NULL ||
            (P->n_prot <= 2 && W->ccache == NULL))
            FA_FAIL(P->err, FA_ENOMEM, "out of memory");
        for (size_t k = 0; k < P->n_prot * (size_t)FA_PASS_VCACHE; k++)
            W->vcache[k].len = FA_PASS_CACHE_EMPTY;
    }
    for (i = 0; i < PL->n_slots; i++)
        FA_TRY(fa_acc_part_new(&PL->slots[i].part, fa_acc_config_of(P->acc), P->err));
    return FA_OK;
}

fa_status fa_audit__stream(pass_state *P, unsigned threads)
{
    pipeline PL;
    unsigned n = thread_count(threads), i;
    fa_status rc;

    rc = pipeline_init(&PL, P, n);
    if (rc != FA_OK) {
        pipeline_dispose(&PL);
        return rc;
    }
    pthread_mutex_init(&PL.mu, NULL);
    pthread_cond_init(&PL.cv, NULL);
    /* The caller is worker 0. A thread that cannot be started is simply not there: the
     * others read its share (the result does not depend on the number of threads). */
    for (i = 1; i < n; i++)
        PL.workers[i].started =
            pthread_create(&PL.workers[i].thread, NULL, worker_main, &PL.workers[i]) == 0;
    run_worker(&PL.workers[0]);
    for (i = 1; i < n; i++)
        if (PL.workers[i].started)
            pthread_join(PL.workers[i].thread, NULL);
    rc = PL.stop ? PL.rc : FA_OK;
    if (rc == FA_OK && PL.next_commit != PL.next_seq)
        rc = fa_error_set(P->err, FA_ERROR, "internal error: %llu of %llu blocks committed",
                          (unsigned long long)PL.next_commit, (unsigned long long)PL.next_seq);
    if (rc == FA_OK)
        fa_acc_flush(P->acc);
    pthread_cond_destroy(&PL.cv);
    pthread_mutex_destroy(&PL.mu);
    pipeline_dispose(&PL);
    return rc;
}
