/* collective.c — reductions over an fa_collective; see collective.h. */
#include <string.h>

#include "common/collective.h"

fa_status fa_coll_check(const fa_collective *c, fa_error *err)
{
    if (c == NULL)
        return FA_OK;
    if (c->version != FA_COLLECTIVE_VERSION || c->size == 0 || c->rank >= c->size ||
        c->allgather == NULL)
        FA_FAIL(err, FA_EINVAL, "invalid fa_collective (version %u, rank %u of %u)", c->version,
                c->rank, c->size);
    return FA_OK;
}

/* Gathers n bytes from every process into a fresh buffer of size * n bytes. */
static fa_status gather(const fa_collective *c, const void *mine, size_t n, void **all,
                        fa_error *err)
{
    size_t total;

    *all = NULL;
    if (!fa_size_mul(&total, n, c->size))
        FA_FAIL(err, FA_ENOMEM, "collective: %zu bytes from %u processes", n, c->size);
    *all = fa_malloc(total ? total : 1);
    FA_CHECK_ALLOC(err, *all);
    if (c->allgather(mine, *all, n, c->ctx) != 0) {
        fa_free(*all);
        *all = NULL;
        FA_FAIL(err, FA_EIO, "collective: the all-gather between processes failed");
    }
    return FA_OK;
}

typedef enum { OP_SUM, OP_MIN, OP_MAX } op_kind;

static fa_status reduce(const fa_collective *c, double *v, size_t n, op_kind op, fa_error *err)
{
    double *all;
    size_t i;
    unsigned k;

    if (c == NULL || c->size == 1 || n == 0)
        return FA_OK;
    FA_TRY(gather(c, v, n * sizeof *v, (void **)&all, err));
    for (i = 0; i < n; i++) {
        double acc = all[i];
        for (k = 1; k < c->size; k++) {
            double x = all[(size_t)k * n + i];
            acc = op == OP_SUM ? acc + x : op == OP_MIN ? (x < acc ? x : acc) : (x > acc ? x : acc);
        }
        v[i] = acc;
    }
    fa_free(all);
    return FA_OK;
}

fa_status fa_coll_sum(const fa_collective *c, double *v, size_t n, fa_error *err)
{
    return reduce(c, v, n, OP_SUM, err);
}

fa_status fa_coll_min(const fa_collective *c, double *v, size_t n, fa_error *err)
{
    return reduce(c, v, n, OP_MIN, err);
}

fa_status fa_coll_max(const fa_collective *c, double *v, size_t n, fa_error *err)
{
    return reduce(c, v, n, OP_MAX, err);
}

fa_status fa_coll_sum_u64(const fa_collective *c, uint64_t *v, size_t n, fa_error *err)
{
    uint64_t *all;
    size_t i;
    unsigned k;

    if (c == NULL || c->size == 1 || n == 0)
        return FA_OK;
    FA_TRY(gather(c, v, n * sizeof *v, (void **)&all, err));
    for (i = 0; i < n; i++) {
        uint64_t acc = 0;
        for (k = 0; k < c->size; k++)
            acc += all[(size_t)k * n + i];
        v[i] = acc;
    }
    fa_free(all);
    return FA_OK;
}

fa_status fa_coll_offset(const fa_collective *c, uint64_t n_local, uint64_t *offset,
                         fa_error *err)
{
    uint64_t *all;
    unsigned k;

    *offset = 0;
    if (c == NULL || c->size == 1)
        return FA_OK;
    FA_TRY(gather(c, &n_local, sizeof n_local, (void **)&all, err));
    for (k = 0; k < c->rank; k++)
        *offset += all[k];
    fa_free(all);
    return FA_OK;
}

fa_status fa_coll_gather_bytes(const fa_collective *c, const void *mine, size_t n,
                               char **all_out, size_t **offsets_out, fa_error *err)
{
    uint64_t len = n, *lens = NULL, max = 0;
    size_t *off = NULL, total = 0;
    char *padded = NULL, *all = NULL, *packed = NULL;
    unsigned size = c != NULL ? c->size : 1, k;
    fa_status rc = FA_OK;

    *all_out = NULL;
    *offsets_out = NULL;
    off = fa_calloc((size_t)size + 1, sizeof *off);
    FA_CHECK_ALLOC(err, off);
    if (c == NULL || size == 1) {
        packed = fa_malloc(n ? n : 1);
        if (packed == NULL) {
            fa_free(off);
            FA_FAIL(err, FA_ENOMEM, "out of memory");
        }
        if (n > 0)
            memcpy(packed, mine, n);
        off[1] = n;
        *all_out = packed;
        *offsets_out = off;
        return FA_OK;
    }
    if ((rc = gather(c, &len, sizeof len, (void **)&lens, err)) != FA_OK)
        goto done;
    for (k = 0; k < size; k++) {
        max = lens[k] > max ? lens[k] : max;
        if (!fa_size_add(&total, total, (size_t)lens[k])) {
            rc = fa_error_set(err, FA_ENOMEM, "collective: too much data");
            goto done;
        }
    }
    padded = fa_calloc((size_t)max ? (size_t)max : 1, 1);
    packed = fa_malloc(total ? total : 1);
    if (padded == NULL || packed == NULL) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        goto done;
    }
    if (n > 0)
        memcpy(padded, mine, n);
    if ((rc = gather(c, padded, (size_t)max, (void **)&all, err)) != FA_OK)
        goto done;
    for (k = 0; k < size; k++) {
        off[k + 1] = off[k] + (size_t)lens[k];
        if (lens[k] > 0)
            memcpy(packed + off[k], all + (size_t)k * (size_t)max, (size_t)lens[k]);
    }
    *all_out = packed;
    *offsets_out = off;
    packed = NULL;
    off = NULL;
done:
    fa_free(lens);
    fa_free(padded);
    fa_free(all);
    fa_free(packed);
    fa_free(off);
    return rc;
}
