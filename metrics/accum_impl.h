/*
 * metrics/accum_impl.h — internal to metrics/: the per-row atom update shared by the
 * accumulator (accum.c) and the per-block parts (accum_part.c), and the accumulator's
 * internal entry points the parts use. Not seen outside metrics/.
 */
#ifndef FA_METRICS_ACCUM_IMPL_H
#define FA_METRICS_ACCUM_IMPL_H

#include <math.h>
#include <string.h>

#include "metrics/accum.h"

/** Per-cell sums besides the atoms. */
typedef struct fa_acc_extra {
    fa_u128 loss_q[2]; /* log-loss by label, FA_LOSS_FRAC_BITS fixed point */
    double wloss[2];   /* weighted mode: sum of w * loss by label */
    double ww;         /* weighted mode: sum of w^2 */
} fa_acc_extra;

/** What the per-row update needs, precomputed from a config. */
typedef struct fa_acc_rowk {
    double lo;
    double q_scale;           /* 2^63 / (hi - lo) */
    double cal_step;          /* (hi - lo) / n_cal */
    double cal_inv;           /* 1 / cal_step: a first guess of the bin, then corrected */
    const double *cal_edges;  /* n_cal + 1 */
    unsigned n_cal;
    unsigned n_atoms;         /* 4 * n_cal */
    bool weighted;
    bool probabilities;
} fa_acc_rowk;

/* ---- the accumulator's layout (accum.c; read by accum_codec.c) ---------------------------- */

/* Exact tier: one entry per distinct (cell, score). */
typedef struct xentry {
    uint64_t bits;  /* score bits, -0.0 folded into +0.0 */
    uint32_t cell;
    uint32_t used;
    uint64_t n[2];
    double w[2];
} xentry;

/* One histogram bin of one label: rows and the sum of their within-bin positions, in units
 * 2^-(FRAC_BITS + shift) of a bin. Interleaved so that a row touches one cache line. */
typedef struct hbin {
    uint64_t n;
    uint64_t off;
} hbin;

/* Weighted mode: weight and weighted position sums of a bin. */
typedef struct wbin {
    double w;
    double woff;
} wbin;

/* Histogram of one cell: 2*bins bins, label-major. */
typedef struct cell_hist {
    hbin *b;
    wbin *wb; /* weighted mode only */
} cell_hist;

/* A histogram update not applied yet. Rows land in random bins of histograms much larger
 * than the CPU caches; applying updates in batches, in a tight loop with prefetching, lets
 * the cache misses overlap instead of stalling every row. */
typedef struct pending {
    uint32_t cell;
    uint32_t slot; /* label * bins + bin */
    uint64_t off;
    double w;
} pending;

#define FA_ACC_PENDING      4096 /* updates per batch */
#define FA_ACC_PREFETCH_GAP 16   /* updates ahead */

struct fa_acc {
    fa_acc_config cfg;
    fa_acc_rowk k;     /* per-row constants (score scale, calibration edges) */
    double hist_scale; /* FA_HIST_BINS_MAX / (hi - lo) */
    double *cal_edges; /* n_cal + 1 */
    unsigned n_atoms;  /* per cell: 4 * n_cal */

    size_t n_cells, cap_cells;
    fa_atom *atoms;
    fa_acc_extra *extra;

    bool exact;
    xentry *xtab;
    size_t xcap, xcount;

    uint32_t bins;  /* current histogram bins; FA_HIST_BINS_MAX >> shift */
    unsigned shift;
    cell_hist *hist; /* cap_cells entries when !exact */
    pending *pend;   /* FA_ACC_PENDING deferred histogram updates */
    size_t n_pend;
};


/** Calibration bin (sklearn rule: edge_k < s <= edge_{k+1}, bin 0 also holds lo). */
static inline unsigned fa_acc__cal_bin(const fa_acc_rowk *k, double s)
{
    const unsigned last = k->n_cal - 1;
    double g = (s - k->lo) * k->cal_inv; /* the loops below make the bin exact */
    unsigned b;

    if (!(g > 0.0))
        b = 0;
    else if (g >= (double)last)
        b = last;
    else
        b = (unsigned)g;
    while (b > 0 && s <= k->cal_edges[b])
        b--;
    while (b < last && s > k->cal_edges[b + 1])
        b++;
    return b;
}

static inline uint64_t fa_acc__score_q(const fa_acc_rowk *k, double s)
{
    double y = (s - k->lo) * k->q_scale;

    if (!(y > 0.0))
        return 0;
    if (y >= 0x1p63)
        return (uint64_t)1 << 63;
    return (uint64_t)y;
}

/*
 * The log-loss of one row, -log(p) for label 1 and -log(1 - p) for label 0, p the score
 * clipped to [eps, 1 - eps] (sklearn's rule). Straight-line code that compilers vectorise
 * (parts compute it for a whole block at once, accum_part.c), with the accuracy of libm's
 * log and log1p: x = 1 - p is formed with its rounding error c (exact, by Sterbenz), then
 * log(x + c) = e ln2 + log(m) with m in [sqrt(2)/2, sqrt(2)], log(m) = 2 atanh(s),
 * s = f / (2 + f), f = m - 1 + c 2^-e, by its odd series to s^21 (error below 1e-17);
 * within 2 ulp of -log(p) / -log1p(-p) (tests/unit/metrics/test_accum_props.c). Every path
 * (rows, parts, tables) uses this function, so their sums agree exactly.
 */
static inline double fa_acc__loss(double s, int label)
{
    const double ln2_hi = 0x1.62e42fefa3800p-1, ln2_lo = 0x1.ef35793c7673p-45;
    const double sqrt2 = 1.4142135623730951;
    double p = s < FA_LOGLOSS_EPS ? FA_LOGLOSS_EPS : s > 1.0 - FA_LOGLOSS_EPS ? 1.0 - FA_LOGLOSS_EPS : s;
    double x = label ? p : 1.0 - p;
    double c = label ? 0.0 : (1.0 - x) - p; /* x + c = 1 - p exactly */
    uint64_t u, eb, bits;
    double m, e, inv, f, t, t2, q;

    /* integer and bit operations only, so that the loop over a block vectorises */
    memcpy(&u, &x, sizeof u);
    bits = (u & 0x000FFFFFFFFFFFFFULL) | 0x3FF0000000000000ULL; /* mantissa in [1, 2) */
    memcpy(&m, &bits, sizeof m);
    eb = ((u >> 52) & 0x7FFu) + (m > sqrt2 ? 1u : 0u); /* biased exponent after m /= 2 */
    m = m > sqrt2 ? m * 0.5 : m;
    bits = 0x4330000000000000ULL | eb; /* 2^52 + eb, exactly */
    memcpy(&e, &bits, sizeof e);
    e -= 0x1p52 + 1023.0;
    bits = (2046u - eb) << 52; /* 2^-e */
    memcpy(&inv, &bits, sizeof inv);
    f = (m - 1.0) + c * inv;
    t = f / (2.0 + f);
    t2 = t * t;
    q = 2.0 / 21.0;
    q = q * t2 + 2.0 / 19.0;
    q = q * t2 + 2.0 / 17.0;
    q = q * t2 + 2.0 / 15.0;
    q = q * t2 + 2.0 / 13.0;
    q = q * t2 + 2.0 / 11.0;
    q = q * t2 + 2.0 / 9.0;
    q = q * t2 + 2.0 / 7.0;
    q = q * t2 + 2.0 / 5.0;
    q = q * t2 + 2.0 / 3.0;
    return -(e * ln2_hi + ((t * 2.0 + t * t2 * q) + e * ln2_lo));
}

/** The loss in FA_LOSS_FRAC_BITS fixed point (what the sums hold). */
static inline uint64_t fa_acc__loss_fixed(double l)
{
    return (uint64_t)(l * 0x1p57);
}

static inline uint64_t fa_acc__loss_q(double s, int label, double *loss_out)
{
    double l = fa_acc__loss(s, label);

    *loss_out = l;
    return fa_acc__loss_fixed(l);
}

/** Adds one validated row to a cell's atoms and sum of squared weights (not its log-loss,
 *  fa_acc__row_loss, nor its score distribution). */
static inline void fa_acc__row_atoms(const fa_acc_rowk *k, fa_atom *cell_atoms, fa_acc_extra *x,
                                     double s, int label, int decision, double weight)
{
    unsigned cal = fa_acc__cal_bin(k, s);
    fa_atom *at = cell_atoms + ((unsigned)(label * 2 + decision) * k->n_cal + cal);
    uint64_t q = fa_acc__score_q(k, s), q53 = q >> FA_SCORE_SQ_SHIFT;

    at->n++;
    at->sq += q;
    fa_u192_add(&at->sq2, (fa_u128)q53 * q53);
    if (k->weighted) {
        at->w += weight;
        at->ws += weight * s;
        at->ws2 += weight * s * s;
        x->ww += weight * weight;
    }
}

/** Adds one row's log-loss (of a probability score) to a cell's sums. */
static inline void fa_acc__row_loss(const fa_acc_rowk *k, fa_acc_extra *x, double l, int label,
                                    double weight)
{
    x->loss_q[label] += fa_acc__loss_fixed(l);
    if (k->weighted)
        x->wloss[label] += weight * l;
}

/** Adds src's atoms and extra sums of one cell into dst's. */
static inline void fa_acc__add_cell_sums(fa_atom *dst, fa_acc_extra *dx, const fa_atom *src,
                                         const fa_acc_extra *sx, unsigned n_atoms)
{
    unsigned i;

    for (i = 0; i < n_atoms; i++) {
        dst[i].n += src[i].n;
        dst[i].sq += src[i].sq;
        fa_u192_merge(&dst[i].sq2, &src[i].sq2);
        dst[i].w += src[i].w;
        dst[i].ws += src[i].ws;
        dst[i].ws2 += src[i].ws2;
    }
    for (i = 0; i < 2; i++) {
        dx->loss_q[i] += sx->loss_q[i];
        dx->wloss[i] += sx->wloss[i];
    }
    dx->ww += sx->ww;
}

/* ---- accum.c entry points for accum_part.c and accum_codec.c -------------------------------- */

/** Adds n rows (weighted mass w) of one score and label to a cell's distribution. */
fa_status fa_acc__dist_add(fa_acc *a, uint32_t cell, double s, int label, uint64_t n, double w,
                           fa_error *err);
/** Makes the accumulator keep histograms of at least 2^-min_shift of the finest resolution
 *  (switching from the exact table first when needed). FA_OK or FA_ENOMEM. */
fa_status fa_acc__use_hist(fa_acc *a, unsigned min_shift, fa_error *err);
/** Adds histogram bins given at resolution src_shift (src_shift <= a->shift) to a cell. */
void fa_acc__add_hist_bins(fa_acc *a, uint32_t cell, const hbin *b, const wbin *wb,
                           unsigned src_shift);

const fa_acc_rowk *fa_acc__rowk(const fa_acc *a);
fa_atom *fa_acc__atoms_mut(fa_acc *a, uint32_t cell);
fa_acc_extra *fa_acc__extra_mut(fa_acc *a, uint32_t cell);
/** Fills a row-update table for cfg (edges: n_cal + 1 doubles owned by the caller). */
void fa_acc__rowk_init(fa_acc_rowk *k, const fa_acc_config *cfg, double *edges);

/**
 * Adds n rows to score distributions, in order: row i has score score[i], cell
 * map[cell_label[i] >> 1] (cell_label[i] >> 1 when map is NULL), label cell_label[i] & 1,
 * weight w[i] (1 when w is NULL). FA_OK or FA_ENOMEM.
 */
fa_status fa_acc__add_scores(fa_acc *a, const double *score, const uint32_t *cell_label,
                             const double *w, size_t n, const uint32_t *map, fa_error *err);

#endif /* FA_METRICS_ACCUM_IMPL_H */
