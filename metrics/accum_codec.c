/*
 * accum_codec.c — the accumulator's state of one cell as bytes, and back (accum.h,
 * docs/format/partial.md "Cell state"). This is what partial audits store and what MPI
 * ranks send: decoding *adds* the state to a cell of another accumulator, so merging a
 * partial never needs a second accumulator in memory.
 *
 * Layout (all integers unsigned LEB128 varints, 64/128/192-bit as needed; doubles as 8
 * bytes little-endian IEEE-754, so every value round-trips exactly):
 *
 *   atoms   4 * n_cal times: n, sum q (128), sum (q>>10)^2 (192)
 *           [weighted: w, w*s, w*s^2 as doubles]
 *   extra   log-loss sum by label (128 each) [weighted: w*loss by label, sum w^2]
 *   scores  exact:     count, then per distinct score (ascending bits): the score's 8
 *                      IEEE bytes, rows of label 0, rows of label 1 [weighted: w0, w1]
 *           histogram: count of non-empty bins, then per bin (label-major index
 *                      order): index gap since the previous one, rows, position sum
 *                      [weighted: w, w * position]
 *
 * Decoding checks every length and range and fails with FA_EFORMAT on anything that could
 * not have been written by the encoder for these settings.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/internal.h"
#include "metrics/accum.h"
#include "metrics/accum_impl.h"

/* ---- varints ---------------------------------------------------------------------------- */

static void put_u128(fa_buf *b, fa_u128 v)
{
    unsigned char tmp[19];
    size_t n = 0;

    do {
        unsigned char c = (unsigned char)(v & 0x7Fu);
        v >>= 7;
        tmp[n++] = (unsigned char)(c | (v != 0 ? 0x80u : 0u));
    } while (v != 0);
    fa_buf_put(b, tmp, n);
}

static void put_u192(fa_buf *b, const fa_u192 *v)
{
    /* 192 bits as (hi:64, lo:128): emit 7-bit groups of the whole number */
    unsigned char tmp[28];
    fa_u128 lo = v->lo;
    uint64_t hi = v->hi;
    size_t n = 0;

    do {
        unsigned char c = (unsigned char)(lo & 0x7Fu);
        lo = (lo >> 7) | ((fa_u128)(hi & 0x7Fu) << 121);
        hi >>= 7;
        tmp[n++] = (unsigned char)(c | (lo != 0 || hi != 0 ? 0x80u : 0u));
    } while (lo != 0 || hi != 0);
    fa_buf_put(b, tmp, n);
}

static void put_f64(fa_buf *b, double d)
{
    unsigned char tmp[8];
    uint64_t u;
    int i;

    memcpy(&u, &d, sizeof u);
    for (i = 0; i < 8; i++)
        tmp[i] = (unsigned char)(u >> (8 * i));
    fa_buf_put(b, tmp, 8);
}

typedef struct reader {
    const unsigned char *p, *end;
    bool bad;
} reader;

static fa_u128 get_u128(reader *r, unsigned max_bits)
{
    fa_u128 v = 0;
    unsigned shift = 0;

    for (;;) {
        unsigned char c;
        if (r->p >= r->end || shift >= max_bits) {
            r->bad = true;
            return 0;
        }
        c = *r->p++;
        if (shift + 7 > max_bits && (c & 0x7Fu) >> (max_bits - shift) != 0) {
            r->bad = true; /* more bits than the value can hold */
            return 0;
        }
        v |= (fa_u128)(c & 0x7Fu) << shift;
        shift += 7;
        if (!(c & 0x80u))
            return v;
    }
}

static uint64_t get_u64(reader *r)
{
    return (uint64_t)get_u128(r, 64);
}

static void get_u192(reader *r, fa_u192 *out)
{
    unsigned shift = 0;

    out->lo = 0;
    out->hi = 0;
    for (;;) {
        unsigned char c;
        uint64_t g;
        if (r->p >= r->end || shift >= 192) {
            r->bad = true;
            return;
        }
        c = *r->p++;
        g = c & 0x7Fu;
        if (shift + 7 > 192 && g >> (192 - shift) != 0) {
            r->bad = true;
            return;
        }
        if (shift < 128) {
            out->lo |= (fa_u128)g << shift;
            if (shift + 7 > 128)
                out->hi |= g >> (128 - shift);
        } else {
            out->hi |= g << (shift - 128);
        }
        shift += 7;
        if (!(c & 0x80u))
            return;
    }
}

static double get_f64(reader *r)
{
    uint64_t u = 0;
    double d;
    int i;

    if (r->end - r->p < 8) {
        r->bad = true;
        return 0.0;
    }
    for (i = 0; i < 8; i++)
        u |= (uint64_t)r->p[i] << (8 * i);
    r->p += 8;
    memcpy(&d, &u, sizeof d);
    return d;
}

/* ---- encode ------------------------------------------------------------------------------ */

static int cmp_entry_bits(const void *x, const void *y)
{
    uint64_t a = (*(const xentry *const *)x)->bits, b = (*(const xentry *const *)y)->bits;
    return (a > b) - (a < b);
}

fa_status fa_acc_encode_cells(const fa_acc *a, fa_buf *out, fa_error *err)
{
    size_t c, k, *start = NULL, *fill = NULL;
    const xentry **entries = NULL;
    const bool weighted = a->cfg.weighted;

    if (a->n_pend > 0)
        FA_FAIL(err, FA_EINVAL, "encode: flush the accumulator first (fa_acc_flush)");
    if (a->exact) { /* entries grouped by cell, each group by score bits */
        start = fa_calloc(a->n_cells + 1, sizeof *start);
        fill = fa_calloc(a->n_cells + 1, sizeof *fill);
        entries = fa_calloc(a->xcount ? a->xcount : 1, sizeof *entries);
        if (start == NULL || fill == NULL || entries == NULL) {
            fa_free(start);
            fa_free(fill);
            fa_free((void *)entries);
            FA_FAIL(err, FA_ENOMEM, "out of memory");
        }
        for (k = 0; k < a->xcap; k++)
            if (a->xtab[k].used)
                start[a->xtab[k].cell + 1]++;
        for (c = 0; c < a->n_cells; c++)
            start[c + 1] += start[c];
        for (k = 0; k < a->xcap; k++)
            if (a->xtab[k].used) {
                uint32_t cell = a->xtab[k].cell;
                entries[start[cell] + fill[cell]++] = &a->xtab[k];
            }
        for (c = 0; c < a->n_cells; c++)
            qsort((void *)(entries + start[c]), start[c + 1] - start[c], sizeof *entries,
                  cmp_entry_bits);
    }
    for (c = 0; c < a->n_cells; c++) {
        fa_buf *b = &out[c];
        const fa_atom *at = a->atoms + c * a->n_atoms;
        const fa_acc_extra *x = &a->extra[c];

        for (k = 0; k < a->n_atoms; k++) {
            put_u128(b, at[k].n);
            put_u128(b, at[k].sq);
            put_u192(b, &at[k].sq2);
            if (weighted) {
                put_f64(b, at[k].w);
                put_f64(b, at[k].ws);
                put_f64(b, at[k].ws2);
            }
        }
        put_u128(b, x->loss_q[0]);
        put_u128(b, x->loss_q[1]);
        if (weighted) {
            put_f64(b, x->wloss[0]);
            put_f64(b, x->wloss[1]);
            put_f64(b, x->ww);
        }
        if (a->exact) {
            put_u128(b, start[c + 1] - start[c]);
            for (k = start[c]; k < start[c + 1]; k++) {
                const xentry *e = entries[k];
                unsigned char bits[8];
                int i;
                for (i = 0; i < 8; i++)
                    bits[i] = (unsigned char)(e->bits >> (8 * i));
                fa_buf_put(b, bits, 8);
                put_u128(b, e->n[0]);
                put_u128(b, e->n[1]);
                if (weighted) {
                    put_f64(b, e->w[0]);
                    put_f64(b, e->w[1]);
                }
            }
        } else {
            const cell_hist *h = &a->hist[c];
            size_t len = 2 * (size_t)a->bins, n_used = 0, prev = 0;
            for (k = 0; k < len; k++)
                if (h->b[k].n != 0 || (weighted && h->wb[k].w != 0.0))
                    n_used++;
            put_u128(b, n_used);
            for (k = 0; k < len; k++) {
                if (h->b[k].n == 0 && !(weighted && h->wb[k].w != 0.0))
                    continue;
                put_u128(b, k - prev);
                prev = k;
                put_u128(b, h->b[k].n);
                put_u128(b, h->b[k].off);
                if (weighted) {
                    put_f64(b, h->wb[k].w);
                    put_f64(b, h->wb[k].woff);
                }
            }
        }
        if (b->oom) {
            fa_free(start);
            fa_free(fill);
            fa_free((void *)entries);
            FA_FAIL(err, FA_ENOMEM, "out of memory");
        }
    }
    fa_free(start);
    fa_free(fill);
    fa_free((void *)entries);
    return FA_OK;
}

/* ---- decode (adds) ------------------------------------------------------------------------ */

#define BAD(...)                                                                                  \
    do {                                                                                          \
        rc = fa_error_set(err, FA_EFORMAT, __VA_ARGS__);                                          \
        goto done;                                                                                \
    } while (0)

/* n += v, false past FA_ACC_MAX_ROWS */
static bool add_rows(uint64_t *n, uint64_t v)
{
    if (v > FA_ACC_MAX_ROWS || *n > FA_ACC_MAX_ROWS - v)
        return false;
    *n += v;
    return true;
}

static bool weights_ok(double w, double ws, double ws2)
{
    return isfinite(w) && w >= 0.0 && isfinite(ws) && isfinite(ws2) && ws2 >= 0.0;
}

fa_status fa_acc_decode_add(fa_acc *a, uint32_t cell, const unsigned char *data, size_t len,
                            bool src_exact, uint32_t src_bins, uint64_t *rows_out,
                            fa_error *err)
{
    uint64_t rows = 0, dist_rows = 0;
    reader r = {data, data + len, false};
    const bool weighted = a->cfg.weighted;
    fa_atom *at;
    fa_acc_extra *x, xs;
    hbin *hb = NULL;
    wbin *wb = NULL;
    fa_status rc = FA_OK;
    unsigned src_shift = 0;
    size_t k;
    uint64_t count;

    if (cell >= a->n_cells)
        FA_FAIL(err, FA_EINVAL, "decode: no cell %u", cell);
    if (!src_exact) {
        while (src_shift <= 9 && (FA_HIST_BINS_MAX >> src_shift) != src_bins)
            src_shift++;
        if (src_shift > 9)
            FA_FAIL(err, FA_EFORMAT, "histogram of %u bins: expected 51200 / 2^k", src_bins);
    }
    at = a->atoms + (size_t)cell * a->n_atoms;
    x = &a->extra[cell];
    for (k = 0; k < a->n_atoms; k++) {
        fa_atom t;
        memset(&t, 0, sizeof t);
        t.n = get_u64(&r);
        t.sq = get_u128(&r, 128);
        get_u192(&r, &t.sq2);
        if (weighted) {
            t.w = get_f64(&r);
            t.ws = get_f64(&r);
            t.ws2 = get_f64(&r);
        }
        if (r.bad)
            BAD("cell state: truncated or malformed atoms");
        if (!add_rows(&rows, t.n))
            BAD("cell state: more than 2^53 rows");
        if (weighted && !weights_ok(t.w, t.ws, t.ws2))
            BAD("cell state: weights that are negative or not finite");
        at[k].n += t.n;
        at[k].sq += t.sq;
        fa_u192_merge(&at[k].sq2, &t.sq2);
        at[k].w += t.w;
        at[k].ws += t.ws;
        at[k].ws2 += t.ws2;
    }
    memset(&xs, 0, sizeof xs);
    xs.loss_q[0] = get_u128(&r, 128);
    xs.loss_q[1] = get_u128(&r, 128);
    if (weighted) {
        xs.wloss[0] = get_f64(&r);
        xs.wloss[1] = get_f64(&r);
        xs.ww = get_f64(&r);
    }
    if (r.bad)
        BAD("cell state: truncated or malformed sums");
    if (weighted && !(weights_ok(xs.ww, 0.0, 0.0) && weights_ok(xs.wloss[0], 0.0, 0.0) &&
                      weights_ok(xs.wloss[1], 0.0, 0.0)))
        BAD("cell state: weights that are negative or not finite");
    x->loss_q[0] += xs.loss_q[0];
    x->loss_q[1] += xs.loss_q[1];
    x->wloss[0] += xs.wloss[0];
    x->wloss[1] += xs.wloss[1];
    x->ww += xs.ww;
    count = get_u64(&r);
    if (r.bad)
        BAD("cell state: truncated score distribution");
    if (src_exact) {
        for (k = 0; k < count; k++) {
            uint64_t bits = 0, n[2];
            double s, w[2] = {0.0, 0.0};
            int i;
            if (r.end - r.p < 8)
                BAD("cell state: truncated score entry");
            for (i = 0; i < 8; i++)
                bits |= (uint64_t)r.p[i] << (8 * i);
            r.p += 8;
            n[0] = get_u64(&r);
            n[1] = get_u64(&r);
            if (weighted) {
                w[0] = get_f64(&r);
                w[1] = get_f64(&r);
            }
            if (r.bad)
                BAD("cell state: truncated score entry");
            if (!add_rows(&dist_rows, n[0]) || !add_rows(&dist_rows, n[1]))
                BAD("cell state: more than 2^53 rows");
            if (weighted && !weights_ok(w[0], w[1], 0.0))
                BAD("cell state: weights that are negative or not finite");
            memcpy(&s, &bits, sizeof s);
            if (!(s >= a->cfg.lo && s <= a->cfg.hi))
                BAD("cell state: score %g outside the score range", s);
            for (i = 0; i < 2; i++)
                if (n[i] > 0 || w[i] != 0.0)
                    if ((rc = fa_acc__dist_add(a, cell, s, i, n[i], weighted ? w[i] : (double)n[i],
                                               err)) != FA_OK)
                        goto done;
        }
    } else {
        size_t nb = 2 * (size_t)src_bins, idx = 0;
        if (count > nb)
            BAD("cell state: %llu histogram bins, at most %zu", (unsigned long long)count, nb);
        if ((rc = fa_acc__use_hist(a, src_shift, err)) != FA_OK)
            goto done;
        hb = fa_calloc(nb, sizeof *hb);
        if (weighted)
            wb = fa_calloc(nb, sizeof *wb);
        if (hb == NULL || (weighted && wb == NULL)) {
            rc = fa_error_set(err, FA_ENOMEM, "out of memory");
            goto done;
        }
        for (k = 0; k < count; k++) {
            uint64_t gap = get_u64(&r);
            if (r.bad || gap > nb || (k > 0 && gap == 0) || idx + gap >= nb)
                BAD("cell state: bad histogram bin index");
            idx += gap;
            hb[idx].n = get_u64(&r);
            hb[idx].off = get_u64(&r);
            if (weighted) {
                wb[idx].w = get_f64(&r);
                wb[idx].woff = get_f64(&r);
            }
            if (r.bad)
                BAD("cell state: truncated histogram bin");
            if (!add_rows(&dist_rows, hb[idx].n))
                BAD("cell state: more than 2^53 rows");
            if (weighted && !weights_ok(wb[idx].w, wb[idx].woff, 0.0))
                BAD("cell state: weights that are negative or not finite");
        }
        fa_acc__add_hist_bins(a, cell, hb, wb, src_shift);
    }
    if (r.p != r.end)
        BAD("cell state: %zu unexpected bytes at the end", (size_t)(r.end - r.p));
    if (dist_rows != rows)
        BAD("cell state: the counts hold %llu rows, the score distribution %llu",
            (unsigned long long)rows, (unsigned long long)dist_rows);
    if (rows_out != NULL)
        *rows_out = rows;
done:
    fa_free(hb);
    fa_free(wb);
    if (rc == FA_OK)
        fa_acc_flush(a);
    return rc;
}
