/*
 * metrics/accum.h — one-pass, mergeable accumulators behind every audit figure.
 *
 * Layering: metrics/ (pure: no I/O, no third-party headers); used by audit/.
 *
 * The audit streams rows into one fa_acc. Rows are routed to *finest cells* (one cell per
 * combination of protected values, including "unknown"); attribute groups, intersections and
 * the overall population are merges of cells, computed afterwards by fa_acc_summarize().
 *
 * Per cell the accumulator keeps:
 *  - atoms: for every (label, decision, calibration bin) the row count, the score sum and
 *    the score-square sum, plus weighted sums when rows carry weights. Confusion counts,
 *    score moments, calibration tables and the bootstrap all come from atoms.
 *  - the log-loss sum by label and the sum of squared weights;
 *  - the score distribution by label, for AUC, KS and the threshold sweep: exact
 *    (distinct score -> counts) while the number of distinct (cell, score) pairs stays within
 *    cfg.exact_max, otherwise a fine histogram (docs/metrics.md, "AUC and KS").
 *
 * Exactness. Without weights every sum is an integer: scores are mapped to 63-bit fixed point
 * q = floor((s - lo) / (hi - lo) * 2^63) (exact for probabilities >= 2^-11, otherwise
 * truncated below 2^-63), squares use q >> 10 (53 bits) in a 192-bit sum, log-loss terms are
 * 57-bit fixed point. Integer addition is associative and commutative, so merging any split of
 * the rows gives bit-identical state, and so do all figures derived from it. With weights the
 * weighted sums are doubles added in row order within a cell (deterministic for one pass; a
 * different split changes only the last bits). Zero-initialised state is the identity.
 *
 * Memory does not depend on the number of rows: atoms are 4 * n_cal per cell, the exact tier
 * is capped at cfg.exact_max entries, and histograms share cfg.hist_budget bytes (bins are
 * halved, exactly, when many cells appear).
 */
#ifndef FA_METRICS_ACCUM_H
#define FA_METRICS_ACCUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/internal.h"
#include "fairaudit/error.h"

typedef __uint128_t fa_u128;

/** 192-bit unsigned sum (lo + hi * 2^128). */
typedef struct fa_u192 {
    fa_u128 lo;
    uint64_t hi;
} fa_u192;

static inline void fa_u192_add(fa_u192 *a, fa_u128 x)
{
    a->lo += x;
    a->hi += (uint64_t)(a->lo < x);
}

static inline void fa_u192_merge(fa_u192 *a, const fa_u192 *b)
{
    fa_u192_add(a, b->lo);
    a->hi += b->hi;
}

#define FA_SCORE_Q_BITS      63   /* q = floor(u * 2^63), u in [0, 1] */
#define FA_SCORE_SQ_SHIFT    10   /* squares are taken of q >> 10 (53 bits) */
#define FA_LOSS_FRAC_BITS    57   /* log-loss terms (<= 36.05) as 57-bit fixed point */
#define FA_HIST_FRAC_BITS    20   /* within-finest-bin position resolution */
#define FA_HIST_BINS_BASE    100u /* bins are 100 * 2^k so that 1/100 steps are bin edges */
#define FA_HIST_BINS_MAX     (FA_HIST_BINS_BASE << 9)  /* 51200 */
#define FA_HIST_BINS_MIN     FA_HIST_BINS_BASE
#define FA_CAL_BINS_MAX      1000u
/** Default exact-tier capacity: distinct (cell, score) pairs kept exactly (~6 MB). */
#define FA_EXACT_SCORES_DEFAULT 65536u
/** Default histogram memory budget over all cells, in bytes. */
#define FA_HIST_BUDGET_DEFAULT  ((size_t)24 << 20)
/** log-loss clipping: sklearn >= 1.2 clips probabilities to [eps, 1-eps], eps = DBL_EPSILON. */
#define FA_LOGLOSS_EPS 2.220446049250313e-16

/** Settings every accumulator that is merged with another must share. */
typedef struct fa_acc_config {
    double lo, hi;          /**< declared score range, finite, lo < hi */
    unsigned n_cal;         /**< calibration bins, 1..FA_CAL_BINS_MAX */
    bool weighted;          /**< rows carry weights */
    bool probabilities;     /**< scores are probabilities: keep log-loss sums */
    size_t exact_max;       /**< exact score tier capacity; 0 = histogram from the start */
    size_t hist_budget;     /**< bytes all histograms may use together */
} fa_acc_config;

/** One (label, decision, calibration bin) slot of a cell. */
typedef struct fa_atom {
    uint64_t n;     /**< rows */
    fa_u128 sq;     /**< sum of q */
    fa_u192 sq2;    /**< sum of (q >> FA_SCORE_SQ_SHIFT)^2 */
    double w;       /**< weighted mode: sum of w */
    double ws;      /**< weighted mode: sum of w * s */
    double ws2;     /**< weighted mode: sum of w * s^2 */
} fa_atom;

typedef struct fa_acc fa_acc;

/** Fills cfg with defaults for the score range [lo, hi]. */
void fa_acc_config_init(fa_acc_config *cfg, double lo, double hi);

/**
 * Creates an empty accumulator (no cells).
 * @return FA_OK, FA_EINVAL (bad config), FA_ENOMEM.
 */
fa_status fa_acc_new(fa_acc **out, const fa_acc_config *cfg, fa_error *err);
void fa_acc_free(fa_acc *a);

const fa_acc_config *fa_acc_config_of(const fa_acc *a);
size_t fa_acc_n_cells(const fa_acc *a);

/** Appends a new empty cell; its index (0-based, dense) goes to *cell_out. */
fa_status fa_acc_add_cell(fa_acc *a, uint32_t *cell_out, fa_error *err);

/**
 * Adds one row to a cell. The caller has validated the row: score finite and within
 * [lo, hi], label and decision 0/1, weight finite and >= 0 (ignored when unweighted).
 * May allocate (exact tier growth, switch to histograms): FA_OK or FA_ENOMEM.
 */
fa_status fa_acc_add_row(fa_acc *a, uint32_t cell, double score, int label, int decision,
                         double weight, fa_error *err);

/**
 * Applies deferred histogram updates. Call after the last row, before reading score
 * distributions (fa_acc_scoredist fails with FA_EINVAL otherwise) or merging this
 * accumulator into another. Cheap when nothing is pending.
 */
void fa_acc_flush(fa_acc *a);

/**
 * Merges src into dst (src must be flushed): src cell i is added to dst cell cell_map[i] (identity when NULL,
 * which requires dst to have at least as many cells). Commutative and associative on the
 * state; the configs must be equal. FA_OK, FA_EINVAL, FA_ENOMEM.
 */
fa_status fa_acc_merge(fa_acc *dst, const fa_acc *src, const uint32_t *cell_map, fa_error *err);

/* ---- parts: the rows of one block, added to an accumulator later (accum_part.c) -------- */

/**
 * The rows of one block of input: per cell the same sums as an accumulator, and the rows'
 * scores in order. Threads fill parts; fa_acc_merge_part() adds them to the accumulator in
 * input order, so the result does not depend on how many threads parsed the blocks (see
 * docs/internals/accumulators.md, "Threads").
 */
typedef struct fa_acc_part fa_acc_part;

/** An empty part for accumulators of config @p cfg. FA_OK, FA_EINVAL, FA_ENOMEM. */
fa_status fa_acc_part_new(fa_acc_part **out, const fa_acc_config *cfg, fa_error *err);
void fa_acc_part_free(fa_acc_part *p);
/** Empties the part (keeps its memory). */
void fa_acc_part_clear(fa_acc_part *p);
/** Adds one validated row (as fa_acc_add_row) to cell @p cell, any id < 2^31; the part
 *  grows to it. FA_OK, FA_EDATA (cell id too large), FA_ENOMEM. */
fa_status fa_acc_part_add_row(fa_acc_part *p, uint32_t cell, double score, int label,
                              int decision, double weight, fa_error *err);
size_t fa_acc_part_n_rows(const fa_acc_part *p);
/** Adds the log-loss of the rows added since the last call to the part's sums, a block at
 *  a time (vectorised). fa_acc_merge_part() calls it; parsing threads call it first so that
 *  the work is done in parallel. */
void fa_acc_part_finish(fa_acc_part *p);
/** The cells that have rows in the part, in the order of their first row. */
const uint32_t *fa_acc_part_cells(const fa_acc_part *p, size_t *n_out);
/**
 * Adds a part to an accumulator: part cell c goes to dst cell cell_map[c] (c when NULL),
 * which must exist. Cell sums are added as a whole, score-distribution entries row by row in
 * the part's order. FA_OK, FA_EINVAL (settings differ, a cell outside dst), FA_ENOMEM.
 */
fa_status fa_acc_merge_part(fa_acc *dst, fa_acc_part *src, const uint32_t *cell_map,
                            fa_error *err);

/* ---- state as bytes (accum_codec.c; layout in docs/format/partial.md) --------------------- */

/**
 * Appends the state of every cell c to out[c] (n_cells buffers): sums, and the score
 * distribution in the accumulator's current form (exact table or histograms). The
 * accumulator must be flushed. FA_OK, FA_EINVAL, FA_ENOMEM.
 */
fa_status fa_acc_encode_cells(const fa_acc *a, fa_buf *out, fa_error *err);

/**
 * Adds the encoded state of one cell (from an accumulator with the same config whose
 * distribution was exact, or histograms of @p src_bins bins) to cell @p cell. Exactly the
 * same as fa_acc_merge() of that cell. *rows_out = the rows the state holds (its counts
 * and its score distribution must agree on it). FA_OK; FA_EFORMAT (malformed or
 * inconsistent bytes — counts that disagree or pass 2^53, non-finite or negative weights:
 * the accumulator is then partly updated and must be discarded); FA_EINVAL; FA_ENOMEM.
 */
fa_status fa_acc_decode_add(fa_acc *a, uint32_t cell, const unsigned char *data, size_t len,
                            bool src_exact, uint32_t src_bins, uint64_t *rows_out,
                            fa_error *err);

/** Most rows an accumulator (and an audit) counts: 2^53, so that every count and sum of
 *  counts is an exact integer in a double and in audit.json. */
#define FA_ACC_MAX_ROWS ((uint64_t)1 << 53)

/** Calibration bin of a score (sklearn rule: lo_k < s <= hi_k, the first bin includes lo). */
unsigned fa_acc_cal_bin(const fa_acc *a, double score);
/** Edge k (0..n_cal) of the calibration bins: lo + k * ((hi - lo) / n_cal), edge n_cal = hi. */
double fa_acc_cal_edge(const fa_acc *a, unsigned k);

/** Atoms of a cell: [label][decision][cal bin], i.e. index (label*2 + decision)*n_cal + bin. */
const fa_atom *fa_acc_atoms(const fa_acc *a, uint32_t cell);
/** Per-cell sums: log-loss fixed point by label, weighted log-loss by label, sum of w^2. */
void fa_acc_cell_extra(const fa_acc *a, uint32_t cell, fa_u128 loss_q[2], double wloss[2],
                       double *ww);

/** True while score distributions are exact (not histograms). */
bool fa_acc_is_exact(const fa_acc *a);
/** Current histogram bin count (meaningful when not exact). */
uint32_t fa_acc_hist_bins(const fa_acc *a);

/* ---- score distributions (for AUC, KS, sweep) ---------------------------------------- */

/**
 * A merged score distribution of a set of cells, by label. Exact: x[] holds the distinct
 * scores ascending and c[l][i] the (weighted) count of label l at x[i]. Histogram: point i is
 * bin i of `bins` equal bins over [lo, hi], and pos[l][i] the (weighted) sum of the rows'
 * fractional positions within their bin (0..1), used for the within-bin AUC correction.
 */
typedef struct fa_scoredist {
    bool exact;
    size_t n;
    double *x;      /* exact only */
    double *c[2];
    double *pos[2]; /* histogram only */
    double lo, hi;
    uint32_t bins;
} fa_scoredist;

/** Builds the distribution of the given cells (any order; result does not depend on it). */
fa_status fa_acc_scoredist(const fa_acc *a, const uint32_t *cells, size_t n_cells,
                           fa_scoredist *out, fa_error *err);
void fa_scoredist_dispose(fa_scoredist *d);

#endif /* FA_METRICS_ACCUM_H */
