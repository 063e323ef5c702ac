/*
 * encoder_fit.c — fitting the encoder on a table.
 *
 * Numeric columns: two passes (mean, then the mean squared deviation), which
 * is exact for the small-integer fixtures of the tests and numerically sound
 * for real data; a column whose minimum equals its maximum is constant and
 * gets std = 1. Categorical columns: one counting pass over the codes; the
 * levels present in the rows (a level the table registered but whose rows
 * were all dropped is not "seen") are kept, or, beyond max_levels, the most
 * frequent are kept and the rest folded into "other".
 */
#include <stdlib.h>
#include <string.h>

#include "common/collective.h"
#include "encode/encoder_impl.h"

typedef struct level_count {
    const char *name;
    uint64_t count;
} level_count;

static int by_name(const void *a, const void *b)
{
    return strcmp(((const level_count *)a)->name, ((const level_count *)b)->name);
}

static int by_count_then_name(const void *a, const void *b)
{
    const level_count *x = a, *y = b;

    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* With a collective, the sums, extremes and squared deviations are those of every
 * process's rows (each process sums its own rows in order, processes are added in rank
 * order), so every process fits the same encoder. */
static fa_status fit_numeric(fa_enc_col *c, const fa_enc_input *in, size_t n_rows,
                             uint64_t n_total, bool standardize, const fa_collective *coll,
                             fa_error *err)
{
    double sum = 0.0, ss = 0.0, mean, lo = HUGE_VAL, hi = -HUGE_VAL;
    size_t i;

    for (i = 0; i < n_rows; i++) {
        double v = in->values[i];
        if (!isfinite(v))
            FA_FAIL(err, FA_EDATA, "encoder: column \"%s\", row %zu: %s value", in->name, i + 1,
                    isnan(v) ? "missing (NaN)" : "infinite");
        sum += v;
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
    }
    if (!standardize) {
        c->mean = 0.0;
        c->std = 1.0;
        return FA_OK;
    }
    FA_TRY(fa_coll_sum(coll, &sum, 1, err));
    FA_TRY(fa_coll_min(coll, &lo, 1, err));
    FA_TRY(fa_coll_max(coll, &hi, 1, err));
    mean = sum / (double)n_total;
    for (i = 0; i < n_rows; i++) {
        double d = in->values[i] - mean;
        ss += d * d;
    }
    FA_TRY(fa_coll_sum(coll, &ss, 1, err));
    c->mean = mean;
    c->std = lo == hi ? 1.0 : sqrt(ss / (double)n_total);
    if (!isfinite(c->mean) || !isfinite(c->std) || c->std <= 0.0)
        FA_FAIL(err, FA_EDATA, "encoder: column \"%s\": values too large to standardise",
                in->name);
    return FA_OK;
}

static fa_status copy_names(char ***out, const level_count *lv, size_t n, fa_error *err)
{
    size_t k;

    *out = NULL;
    if (n == 0)
        return FA_OK;
    *out = fa_calloc(n, sizeof **out);
    FA_CHECK_ALLOC(err, *out);
    for (k = 0; k < n; k++) {
        (*out)[k] = fa_strdup(lv[k].name);
        FA_CHECK_ALLOC(err, (*out)[k]);
    }
    return FA_OK;
}

/* The levels seen on every process with their summed counts (one copy of each name,
 * sorted by name): lv[] holds names borrowed from *blob. */
static fa_status union_levels(const fa_collective *coll, level_count **lv_io, size_t *n_io,
                              char **blob, fa_error *err)
{
    fa_buf mine = FA_BUF_INIT;
    size_t *off = NULL, i, n = 0, cap = 0;
    level_count *lv = NULL;
    char *all = NULL;
    unsigned k;
    fa_status rc;

    /* this process: name NUL count(8 bytes) ... */
    for (i = 0; i < *n_io; i++) {
        fa_buf_put(&mine, (*lv_io)[i].name, strlen((*lv_io)[i].name) + 1);
        fa_buf_put(&mine, &(*lv_io)[i].count, sizeof(uint64_t));
    }
    if (mine.oom) {
        fa_buf_dispose(&mine);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    rc = fa_coll_gather_bytes(coll, mine.ptr, mine.len, &all, &off, err);
    fa_buf_dispose(&mine);
    if (rc != FA_OK)
        return rc;
    for (k = 0; k < coll->size; k++)
        for (i = off[k]; i < off[k + 1];) {
            size_t len = strnlen(all + i, off[k + 1] - i);
            level_count *grown;
            if (i + len + 1 + sizeof(uint64_t) > off[k + 1]) {
                rc = fa_error_set(err, FA_EIO, "collective: malformed level list");
                goto fail;
            }
            if (n == cap) {
                cap = cap ? 2 * cap : 64;
                grown = fa_reallocarray(lv, cap, sizeof *lv);
                if (grown == NULL) {
                    rc = fa_error_set(err, FA_ENOMEM, "out of memory");
                    goto fail;
                }
                lv = grown;
            }
            lv[n].name = all + i;
            memcpy(&lv[n].count, all + i + len + 1, sizeof(uint64_t));
            n++;
            i += len + 1 + sizeof(uint64_t);
        }
    if (n > 0)
        qsort(lv, n, sizeof *lv, by_name);
    for (i = 0, k = 0; i < n; i++) { /* merge equal names */
        if (k > 0 && strcmp(lv[k - 1].name, lv[i].name) == 0)
            lv[k - 1].count += lv[i].count;
        else
            lv[k++] = lv[i];
    }
    fa_free(*lv_io);
    *lv_io = lv;
    *n_io = k;
    *blob = all;
    fa_free(off);
    return FA_OK;
fail:
    fa_free(lv);
    fa_free(all);
    fa_free(off);
    return rc;
}

/* On failure the partially filled arrays stay in c (counts set so that
 * fa_encoder_free() releases them). */
static fa_status fit_categorical(fa_enc_col *c, const fa_enc_input *in, size_t n_rows,
                                 size_t max_levels, const fa_collective *coll, fa_error *err)
{
    uint64_t *counts;
    level_count *lv;
    size_t i, n_seen = 0, n_keep;
    char *blob = NULL;
    fa_status rc;

    counts = fa_calloc(in->n_levels ? in->n_levels : 1, sizeof *counts);
    FA_CHECK_ALLOC(err, counts);
    for (i = 0; i < n_rows; i++) {
        int32_t code = in->codes[i];
        if (code < 0 || (size_t)code >= in->n_levels) {
            fa_free(counts);
            FA_FAIL(err, FA_EDATA, "encoder: column \"%s\", row %zu: missing category", in->name,
                    i + 1);
        }
        counts[code]++;
    }
    lv = fa_calloc(in->n_levels ? in->n_levels : 1, sizeof *lv);
    if (lv == NULL) {
        fa_free(counts);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    for (i = 0; i < in->n_levels; i++) {
        if (counts[i] > 0) {
            lv[n_seen].name = in->levels[i];
            lv[n_seen].count = counts[i];
            n_seen++;
        }
    }
    fa_free(counts);
    if (coll != NULL && coll->size > 1 &&
        (rc = union_levels(coll, &lv, &n_seen, &blob, err)) != FA_OK) {
        fa_free(lv);
        return rc;
    }
    n_keep = n_seen;
    if (max_levels > 0 && n_seen > max_levels) {
        qsort(lv, n_seen, sizeof *lv, by_count_then_name);
        n_keep = max_levels;
        qsort(lv + n_keep, n_seen - n_keep, sizeof *lv, by_name);
    }
    qsort(lv, n_keep, sizeof *lv, by_name);
    rc = copy_names(&c->levels, lv, n_keep, err);
    c->n_levels = c->levels != NULL ? n_keep : 0;
    if (rc == FA_OK) {
        rc = copy_names(&c->other_levels, lv + n_keep, n_seen - n_keep, err);
        c->n_other = c->other_levels != NULL ? n_seen - n_keep : 0;
    }
    fa_free(lv);
    fa_free(blob);
    return rc;
}

fa_status fa_encoder__fit_inputs(fa_encoder **out, const fa_enc_input *in, size_t n_in,
                                 size_t n_rows, const fa_encoder_options *opts, fa_error *err)
{
    fa_encoder *e = NULL;
    const fa_collective *coll = opts != NULL ? opts->collective : NULL;
    uint64_t n_total = n_rows;
    fa_status rc;
    size_t i;

    *out = NULL;
    FA_TRY(fa_encoder_options_check(opts, err));
    FA_TRY(fa_coll_check(coll, err));
    if (n_in == 0)
        FA_FAIL(err, FA_ESCHEMA, "encoder: the spec has no numeric or categorical feature column");
    FA_TRY(fa_coll_sum_u64(coll, &n_total, 1, err));
    if (n_total == 0)
        FA_FAIL(err, FA_EDATA, "encoder: cannot fit on a table without rows");
    FA_TRY(fa_encoder__new(&e, n_in, opts->standardize != 0, opts->max_levels, err));
    for (i = 0; i < n_in; i++) {
        fa_enc_col *c = &e->cols[i];

        c->name = fa_strdup(in[i].name);
        if (c->name == NULL) {
            rc = fa_error_set(err, FA_ENOMEM, "out of memory");
            goto fail;
        }
        c->categorical = in[i].categorical;
        rc = c->categorical
                 ? fit_categorical(c, &in[i], n_rows, opts->max_levels, coll, err)
                 : fit_numeric(c, &in[i], n_rows, n_total, opts->standardize != 0, coll, err);
        if (rc != FA_OK)
            goto fail;
    }
    rc = fa_encoder__finish(e, err);
    if (rc != FA_OK)
        goto fail;
    *out = e;
    return FA_OK;
fail:
    fa_encoder_free(e);
    return rc;
}
