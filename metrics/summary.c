/*
 * summary.c — folds finest cells into fa_summary values (moments by label, decision and
 * calibration bin), the common input of every metric.
 */
#include <string.h>

#include "common/internal.h"
#include "metrics/metrics.h"

fa_status fa_summary_init(fa_summary *s, const fa_acc *a, fa_error *err)
{
    const fa_acc_config *cfg = fa_acc_config_of(a);
    unsigned k;

    memset(s, 0, sizeof *s);
    s->n_cal = cfg->n_cal;
    s->lo = cfg->lo;
    s->hi = cfg->hi;
    s->probabilities = cfg->probabilities;
    s->mom = fa_calloc(4 * (size_t)cfg->n_cal, sizeof *s->mom);
    s->cal_edges = fa_calloc((size_t)cfg->n_cal + 1, sizeof *s->cal_edges);
    if (s->mom == NULL || s->cal_edges == NULL) {
        fa_summary_dispose(s);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    for (k = 0; k <= cfg->n_cal; k++)
        s->cal_edges[k] = fa_acc_cal_edge(a, k);
    if (!cfg->probabilities)
        s->loss[0] = s->loss[1] = fa_nan();
    return FA_OK;
}

void fa_summary_dispose(fa_summary *s)
{
    if (s == NULL)
        return;
    fa_free(s->mom);
    fa_free(s->cal_edges);
    if (s->has_dist)
        fa_scoredist_dispose(&s->dist);
    memset(s, 0, sizeof *s);
}

/* Exact integer state of one slot, merged over cells. */
typedef struct int_moments {
    uint64_t n;
    fa_u128 sq;
    fa_u192 sq2;
} int_moments;

static double u128_to_double(fa_u128 x)
{
    return (double)x;
}

static double u192_to_double(const fa_u192 *x)
{
    return (double)x->hi * 0x1p128 + (double)x->lo;
}

/* Moments in score units from the fixed-point sums (see accum.h):
 * s = lo + r*u with u = q / 2^63, and u^2 ~ (q >> 10)^2 / 2^106. */
static void int_to_moments(const fa_acc_config *cfg, const int_moments *im, fa_moments *m)
{
    double r = cfg->hi - cfg->lo, n = (double)im->n;
    double su = u128_to_double(im->sq) * 0x1p-63;
    double su2 = u192_to_double(&im->sq2) * 0x1p-106;

    m->n = n;
    m->w = n;
    if (cfg->lo == 0.0) {
        m->ws = r * su;
        m->ws2 = r * r * su2;
    } else {
        m->ws = n * cfg->lo + r * su;
        m->ws2 = n * cfg->lo * cfg->lo + 2.0 * cfg->lo * r * su + r * r * su2;
    }
}

void fa_acc_cell_moments(const fa_acc *a, uint32_t cell, fa_moments *mom, double loss[2],
                         double *ww)
{
    const fa_acc_config *cfg = fa_acc_config_of(a);
    const fa_atom *at = fa_acc_atoms(a, cell);
    unsigned k, n_atoms = 4 * cfg->n_cal;
    fa_u128 lq[2];
    double wl[2], w2;

    fa_acc_cell_extra(a, cell, lq, wl, &w2);
    for (k = 0; k < n_atoms; k++) {
        if (cfg->weighted) {
            mom[k].n = (double)at[k].n;
            mom[k].w = at[k].w;
            mom[k].ws = at[k].ws;
            mom[k].ws2 = at[k].ws2;
        } else {
            int_moments im;
            im.n = at[k].n;
            im.sq = at[k].sq;
            im.sq2 = at[k].sq2;
            int_to_moments(cfg, &im, &mom[k]);
        }
    }
    if (!cfg->probabilities) {
        loss[0] = loss[1] = fa_nan();
    } else if (cfg->weighted) {
        loss[0] = wl[0];
        loss[1] = wl[1];
    } else {
        loss[0] = u128_to_double(lq[0]) * 0x1p-57;
        loss[1] = u128_to_double(lq[1]) * 0x1p-57;
    }
    if (cfg->weighted) {
        *ww = w2;
    } else {
        uint64_t rows = 0;
        for (k = 0; k < n_atoms; k++)
            rows += at[k].n;
        *ww = (double)rows;
    }
}

void fa_summary_add(fa_summary *s, const fa_moments *mom, const double loss[2], double ww,
                    uint64_t rows)
{
    unsigned k;

    for (k = 0; k < 4 * s->n_cal; k++) {
        s->mom[k].n += mom[k].n;
        s->mom[k].w += mom[k].w;
        s->mom[k].ws += mom[k].ws;
        s->mom[k].ws2 += mom[k].ws2;
    }
    s->loss[0] += loss[0];
    s->loss[1] += loss[1];
    s->ww += ww;
    s->rows += rows;
}

fa_status fa_acc_summarize(const fa_acc *a, const uint32_t *cells, size_t n_cells, bool with_dist,
                           fa_summary *out, fa_error *err)
{
    const fa_acc_config *cfg = fa_acc_config_of(a);
    unsigned k, n_atoms = 4 * cfg->n_cal;
    size_t i;

    FA_TRY(fa_summary_init(out, a, err));
    if (cfg->weighted) {
        fa_moments *mom = fa_calloc(n_atoms, sizeof *mom);
        if (mom == NULL) {
            fa_summary_dispose(out);
            FA_FAIL(err, FA_ENOMEM, "out of memory");
        }
        for (i = 0; i < n_cells; i++) {
            double loss[2], ww;
            uint64_t rows = 0;
            const fa_atom *at = fa_acc_atoms(a, cells[i]);
            fa_acc_cell_moments(a, cells[i], mom, loss, &ww);
            for (k = 0; k < n_atoms; k++)
                rows += at[k].n;
            fa_summary_add(out, mom, loss, ww, rows);
        }
        fa_free(mom);
    } else {
        /* integers first: exact and independent of the order of cells */
        int_moments *im = fa_calloc(n_atoms, sizeof *im);
        fa_u128 lq[2] = {0, 0};
        uint64_t rows = 0;

        if (im == NULL) {
            fa_summary_dispose(out);
            FA_FAIL(err, FA_ENOMEM, "out of memory");
        }
        for (i = 0; i < n_cells; i++) {
            const fa_atom *at = fa_acc_atoms(a, cells[i]);
            fa_u128 cq[2];
            double wl[2], w2;
            for (k = 0; k < n_atoms; k++) {
                im[k].n += at[k].n;
                im[k].sq += at[k].sq;
                fa_u192_merge(&im[k].sq2, &at[k].sq2);
                rows += at[k].n;
            }
            fa_acc_cell_extra(a, cells[i], cq, wl, &w2);
            lq[0] += cq[0];
            lq[1] += cq[1];
        }
        for (k = 0; k < n_atoms; k++)
            int_to_moments(cfg, &im[k], &out->mom[k]);
        fa_free(im);
        out->rows = rows;
        out->ww = (double)rows;
        if (cfg->probabilities) {
            out->loss[0] = u128_to_double(lq[0]) * 0x1p-57;
            out->loss[1] = u128_to_double(lq[1]) * 0x1p-57;
        }
    }
    if (with_dist) {
        fa_status rc = fa_acc_scoredist(a, cells, n_cells, &out->dist, err);
        if (rc != FA_OK) {
            fa_summary_dispose(out);
            return rc;
        }
        out->has_dist = true;
    }
    return FA_OK;
}

void fa_summary_confusion(const fa_summary *s, int favorable, fa_confusion *out)
{
    double w[2][2] = {{0, 0}, {0, 0}};
    uint64_t n[2][2] = {{0, 0}, {0, 0}};
    int l, d, f = favorable ? 1 : 0;
    unsigned k;

    for (l = 0; l < 2; l++)
        for (d = 0; d < 2; d++)
            for (k = 0; k < s->n_cal; k++) {
                const fa_moments *m = &s->mom[(unsigned)(l * 2 + d) * s->n_cal + k];
                w[l][d] += m->w;
                n[l][d] += (uint64_t)m->n;
            }
    out->tp = w[f][f];
    out->fp = w[1 - f][f];
    out->tn = w[1 - f][1 - f];
    out->fn = w[f][1 - f];
    out->ntp = n[f][f];
    out->nfp = n[1 - f][f];
    out->ntn = n[1 - f][1 - f];
    out->nfn = n[f][1 - f];
}

void fa_confusion_add(fa_confusion *a, const fa_confusion *b)
{
    a->tp += b->tp;
    a->fp += b->fp;
    a->tn += b->tn;
    a->fn += b->fn;
    a->ntp += b->ntp;
    a->nfp += b->nfp;
    a->ntn += b->ntn;
    a->nfn += b->nfn;
}
