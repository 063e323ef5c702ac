/*
 * accum.c — the audit's one-pass accumulator (see accum.h for the design).
 *
 * Hot path: fa_acc_add_row() does a handful of integer operations per row (fixed-point score,
 * calibration bin, atom update), one log() for probability scores, and either an open-addressing
 * lookup in the exact score table or a deferred histogram increment (applied in batches by
 * fa_acc_flush). It never allocates except when the exact table grows or switches to
 * histograms.
 */
#include "metrics/accum.h"

#include <math.h>

#include "metrics/accum_impl.h"
#include <stdlib.h>
#include <string.h>

#include "common/internal.h"

typedef fa_acc_extra cell_extra;

/* ---- helpers ----------------------------------------------------------------------------- */

static inline uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline uint64_t score_bits(double s)
{
    uint64_t b;

    if (s == 0.0)
        s = 0.0; /* -0.0 and +0.0 are the same score */
    memcpy(&b, &s, sizeof b);
    return b;
}

static inline double bits_score(uint64_t b)
{
    double s;

    memcpy(&s, &b, sizeof s);
    return s;
}

static size_t hist_bytes_per_bin(const fa_acc *a)
{
    return 2 * (sizeof(hbin) + (a->cfg.weighted ? sizeof(wbin) : 0));
}

/* Largest shift-step bin count that keeps n_cells histograms within the budget. */
static unsigned target_shift(const fa_acc *a, size_t n_cells)
{
    unsigned shift = 0;
    size_t per = hist_bytes_per_bin(a);

    while ((FA_HIST_BINS_MAX >> shift) > FA_HIST_BINS_MIN) {
        size_t bytes;
        if (fa_size_mul(&bytes, n_cells, (size_t)(FA_HIST_BINS_MAX >> shift)) &&
            fa_size_mul(&bytes, bytes, per) && bytes <= a->cfg.hist_budget)
            break;
        shift++;
    }
    return shift;
}

static void hist_free(cell_hist *h)
{
    fa_free(h->b);
    fa_free(h->wb);
    memset(h, 0, sizeof *h);
}

static bool hist_alloc(const fa_acc *a, cell_hist *h)
{
    size_t len = 2 * (size_t)a->bins;

    memset(h, 0, sizeof *h);
    h->b = fa_calloc(len, sizeof *h->b);
    if (a->cfg.weighted)
        h->wb = fa_calloc(len, sizeof *h->wb);
    if (h->b == NULL || (a->cfg.weighted && h->wb == NULL)) {
        hist_free(h);
        return false;
    }
    return true;
}

/* Position of a score at the finest histogram resolution, in units 2^-FRAC_BITS of a
 * finest bin: deterministic for a score, independent of the current bin count. */
static inline uint64_t hist_pos(const fa_acc *a, double s)
{
    const uint64_t top = ((uint64_t)FA_HIST_BINS_MAX << FA_HIST_FRAC_BITS) - 1;
    double y = (s - a->cfg.lo) * a->hist_scale * (double)(1u << FA_HIST_FRAC_BITS);
    uint64_t p;

    if (!(y > 0.0))
        return 0;
    if (y >= (double)top)
        return top;
    p = (uint64_t)y;
    return p;
}

/* Slot (label * bins + bin) and within-bin position of a score at the current resolution. */
static inline size_t hist_slot(const fa_acc *a, double s, int label, uint64_t *off)
{
    unsigned sh = FA_HIST_FRAC_BITS + a->shift;
    uint64_t p = hist_pos(a, s), bin = p >> sh;

    *off = p - (bin << sh);
    return (size_t)label * a->bins + (size_t)bin;
}

/* Applies n rows (weighted mass w) of one score at once (folds and merges). */
static inline void hist_add(const fa_acc *a, cell_hist *h, double s, int label, uint64_t n,
                            double w)
{
    uint64_t off;
    size_t i = hist_slot(a, s, label, &off);

    h->b[i].n += n;
    h->b[i].off += off * n;
    if (a->cfg.weighted) {
        h->wb[i].w += w;
        h->wb[i].woff += w * (double)off;
    }
}

void fa_acc_flush(fa_acc *a)
{
    const pending *p = a->pend;
    size_t i, n = a->n_pend;

    for (i = 0; i < n; i++) {
        if (i + FA_ACC_PREFETCH_GAP < n) {
            const pending *q = &p[i + FA_ACC_PREFETCH_GAP];
            __builtin_prefetch(&a->hist[q->cell].b[q->slot], 1);
        }
        a->hist[p[i].cell].b[p[i].slot].n++;
        a->hist[p[i].cell].b[p[i].slot].off += p[i].off;
    }
    if (a->cfg.weighted)
        for (i = 0; i < n; i++) {
            wbin *wb = &a->hist[p[i].cell].wb[p[i].slot];
            wb->w += p[i].w;
            wb->woff += p[i].w * (double)p[i].off;
        }
    a->n_pend = 0;
}

/* The per-row path: one row, deferred. */
static inline void hist_add_row(fa_acc *a, uint32_t cell, double s, int label, double w)
{
    pending *p = &a->pend[a->n_pend++];

    p->cell = cell;
    p->slot = (uint32_t)hist_slot(a, s, label, &p->off);
    p->w = w;
    if (a->n_pend == FA_ACC_PENDING)
        fa_acc_flush(a);
}

/* Halves the bin count of one histogram in place. The odd child's rows move by one old bin
 * width relative to the new bin start, which keeps the position sums exact. */
static void hist_halve(const fa_acc *a, cell_hist *h)
{
    uint32_t nb = a->bins / 2, b;
    uint64_t width = (uint64_t)1 << (FA_HIST_FRAC_BITS + a->shift);
    int l;

    for (l = 0; l < 2; l++) {
        size_t src = (size_t)l * a->bins, dst = (size_t)l * nb;
        for (b = 0; b < nb; b++) {
            size_t e = src + 2 * (size_t)b, o = e + 1;
            hbin m;
            m.n = h->b[e].n + h->b[o].n;
            m.off = h->b[e].off + h->b[o].off + h->b[o].n * width;
            h->b[dst + b] = m;
            if (a->cfg.weighted) {
                wbin wm;
                wm.w = h->wb[e].w + h->wb[o].w;
                wm.woff = h->wb[e].woff + h->wb[o].woff + h->wb[o].w * (double)width;
                h->wb[dst + b] = wm;
            }
        }
    }
    /* give the upper half back (a failed shrink keeps the larger block, still correct) */
    {
        void *p;
        if ((p = fa_realloc(h->b, 2 * (size_t)nb * sizeof *h->b)) != NULL)
            h->b = p;
        if (a->cfg.weighted && (p = fa_realloc(h->wb, 2 * (size_t)nb * sizeof *h->wb)) != NULL)
            h->wb = p;
    }
}

/* Brings every histogram to the target bin count for the current number of cells. */
static void hist_fit_budget(fa_acc *a, unsigned min_shift)
{
    unsigned want = target_shift(a, a->n_cells);
    size_t c;

    if (want < min_shift)
        want = min_shift;
    if (a->shift < want)
        fa_acc_flush(a); /* pending slots refer to the current bin layout */
    while (a->shift < want) {
        for (c = 0; c < a->n_cells; c++)
            hist_halve(a, &a->hist[c]);
        a->bins /= 2;
        a->shift++;
    }
}

/* ---- exact tier ---------------------------------------------------------------------------- */

static size_t xslot(const fa_acc *a, uint64_t bits, uint32_t cell)
{
    size_t mask = a->xcap - 1;
    size_t i = (size_t)mix64(bits ^ ((uint64_t)cell * 0x9e3779b97f4a7c15ULL)) & mask;

    while (a->xtab[i].used && (a->xtab[i].bits != bits || a->xtab[i].cell != cell))
        i = (i + 1) & mask;
    return i;
}

static bool xgrow(fa_acc *a)
{
    size_t ncap = a->xcap ? a->xcap * 2 : 1024, i;
    xentry *old = a->xtab;
    size_t ocap = a->xcap;

    a->xtab = fa_calloc(ncap, sizeof *a->xtab);
    if (a->xtab == NULL) {
        a->xtab = old;
        return false;
    }
    a->xcap = ncap;
    for (i = 0; i < ocap; i++)
        if (old[i].used)
            a->xtab[xslot(a, old[i].bits, old[i].cell)] = old[i];
    fa_free(old);
    return true;
}

/* Leaves the exact tier: every cell gets a histogram holding its entries. */
static fa_status switch_to_hist(fa_acc *a, fa_error *err)
{
    size_t c, i;
    cell_hist *hist = fa_calloc(a->cap_cells ? a->cap_cells : 1, sizeof *hist);

    if (hist == NULL)
        FA_FAIL(err, FA_ENOMEM, "out of memory (score histograms)");
    a->shift = target_shift(a, a->n_cells);
    a->bins = FA_HIST_BINS_MAX >> a->shift;
    for (c = 0; c < a->n_cells; c++) {
        if (!hist_alloc(a, &hist[c])) {
            while (c-- > 0)
                hist_free(&hist[c]);
            fa_free(hist);
            FA_FAIL(err, FA_ENOMEM, "out of memory (score histograms)");
        }
    }
    a->hist = hist;
    for (i = 0; i < a->xcap; i++) {
        const xentry *e = &a->xtab[i];
        int l;
        if (!e->used)
            continue;
        for (l = 0; l < 2; l++)
            if (e->n[l] > 0 || e->w[l] != 0.0)
                hist_add(a, &a->hist[e->cell], bits_score(e->bits), l, e->n[l], e->w[l]);
    }
    fa_free(a->xtab);
    a->xtab = NULL;
    a->xcap = a->xcount = 0;
    a->exact = false;
    return FA_OK;
}

/* Adds n rows (weighted mass w) of one score and label to the distribution of a cell. */
static fa_status dist_add(fa_acc *a, uint32_t cell, double s, int label, uint64_t n, double w,
                          fa_error *err)
{
    uint64_t bits;
    size_t i;

    if (!a->exact) {
        if (n == 1)
            hist_add_row(a, cell, s, label, w);
        else
            hist_add(a, &a->hist[cell], s, label, n, w);
        return FA_OK;
    }
    bits = score_bits(s);
    if (a->xcap > 0) {
        i = xslot(a, bits, cell);
        if (a->xtab[i].used) {
            a->xtab[i].n[label] += n;
            a->xtab[i].w[label] += w;
            return FA_OK;
        }
    }
    if (a->xcount + 1 > a->cfg.exact_max) {
        /* one distinct (cell, score) too many: continue with histograms */
        FA_TRY(switch_to_hist(a, err));
        hist_add(a, &a->hist[cell], s, label, n, w);
        return FA_OK;
    }
    if ((a->xcap == 0 || 2 * (a->xcount + 1) > a->xcap) && !xgrow(a))
        FA_FAIL(err, FA_ENOMEM, "out of memory (exact score table)");
    i = xslot(a, bits, cell);
    a->xtab[i].used = 1;
    a->xtab[i].bits = bits;
    a->xtab[i].cell = cell;
    a->xtab[i].n[label] += n;
    a->xtab[i].w[label] += w;
    a->xcount++;
    return FA_OK;
}

/* ---- lifecycle ----------------------------------------------------------------------------- */

void fa_acc_config_init(fa_acc_config *cfg, double lo, double hi)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->lo = lo;
    cfg->hi = hi;
    cfg->n_cal = 10;
    cfg->weighted = false;
    cfg->probabilities = lo == 0.0 && hi == 1.0;
    cfg->exact_max = FA_EXACT_SCORES_DEFAULT;
    cfg->hist_budget = FA_HIST_BUDGET_DEFAULT;
}

void fa_acc__rowk_init(fa_acc_rowk *k, const fa_acc_config *cfg, double *edges)
{
    unsigned i;

    k->lo = cfg->lo;
    k->q_scale = 0x1p63 / (cfg->hi - cfg->lo);
    k->cal_step = (cfg->hi - cfg->lo) / (double)cfg->n_cal;
    k->cal_inv = 1.0 / k->cal_step;
    /* numpy.linspace(lo, hi, n+1): i * step + lo, the last edge exactly hi */
    for (i = 0; i < cfg->n_cal; i++)
        edges[i] = (double)i * k->cal_step + cfg->lo;
    edges[cfg->n_cal] = cfg->hi;
    k->cal_edges = edges;
    k->n_cal = cfg->n_cal;
    k->n_atoms = 4 * cfg->n_cal;
    k->weighted = cfg->weighted;
    k->probabilities = cfg->probabilities;
}

fa_status fa_acc_new(fa_acc **out, const fa_acc_config *cfg, fa_error *err)
{
    fa_acc *a;

    *out = NULL;
    if (!(isfinite(cfg->lo) && isfinite(cfg->hi) && cfg->lo < cfg->hi) ||
        !isfinite(cfg->hi - cfg->lo))
        FA_FAIL(err, FA_EINVAL, "invalid score range [%g, %g]", cfg->lo, cfg->hi);
    if (cfg->n_cal < 1 || cfg->n_cal > FA_CAL_BINS_MAX)
        FA_FAIL(err, FA_EINVAL, "calibration bins must be within 1..%u, got %u", FA_CAL_BINS_MAX,
                cfg->n_cal);
    a = fa_calloc(1, sizeof *a);
    FA_CHECK_ALLOC(err, a);
    a->cfg = *cfg;
    a->hist_scale = (double)FA_HIST_BINS_MAX / (cfg->hi - cfg->lo);
    a->n_atoms = 4 * cfg->n_cal;
    a->cal_edges = fa_calloc(cfg->n_cal + 1, sizeof *a->cal_edges);
    a->pend = fa_calloc(FA_ACC_PENDING, sizeof *a->pend);
    if (a->cal_edges == NULL || a->pend == NULL) {
        fa_free(a->cal_edges);
        fa_free(a->pend);
        fa_free(a);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    fa_acc__rowk_init(&a->k, cfg, a->cal_edges);
    a->exact = cfg->exact_max > 0;
    a->shift = 0;
    a->bins = FA_HIST_BINS_MAX;
    *out = a;
    return FA_OK;
}

void fa_acc_free(fa_acc *a)
{
    size_t c;

    if (a == NULL)
        return;
    if (a->hist != NULL) {
        for (c = 0; c < a->n_cells; c++)
            hist_free(&a->hist[c]);
        fa_free(a->hist);
    }
    fa_free(a->xtab);
    fa_free(a->pend);
    fa_free(a->atoms);
    fa_free(a->extra);
    fa_free(a->cal_edges);
    fa_free(a);
}

const fa_acc_config *fa_acc_config_of(const fa_acc *a)
{
    return &a->cfg;
}

size_t fa_acc_n_cells(const fa_acc *a)
{
    return a->n_cells;
}

bool fa_acc_is_exact(const fa_acc *a)
{
    return a->exact;
}

uint32_t fa_acc_hist_bins(const fa_acc *a)
{
    return a->bins;
}

fa_status fa_acc_add_cell(fa_acc *a, uint32_t *cell_out, fa_error *err)
{
    if (a->n_cells >= UINT32_MAX)
        FA_FAIL(err, FA_EDATA, "too many groups");
    if (a->n_cells == a->cap_cells) {
        size_t ncap = a->cap_cells ? 2 * a->cap_cells : 8, natoms;
        fa_atom *atoms;
        cell_extra *extra;

        if (!fa_size_mul(&natoms, ncap, a->n_atoms))
            FA_FAIL(err, FA_ENOMEM, "too many groups");
        atoms = fa_reallocarray(a->atoms, natoms, sizeof *atoms);
        if (atoms == NULL)
            FA_FAIL(err, FA_ENOMEM, "out of memory (group accumulators)");
        a->atoms = atoms;
        extra = fa_reallocarray(a->extra, ncap, sizeof *extra);
        if (extra == NULL)
            FA_FAIL(err, FA_ENOMEM, "out of memory (group accumulators)");
        a->extra = extra;
        if (!a->exact || a->hist != NULL) {
            cell_hist *h = fa_reallocarray(a->hist, ncap, sizeof *h);
            if (h == NULL)
                FA_FAIL(err, FA_ENOMEM, "out of memory (group accumulators)");
            a->hist = h;
        }
        a->cap_cells = ncap;
    }
    memset(a->atoms + a->n_cells * a->n_atoms, 0, a->n_atoms * sizeof *a->atoms);
    memset(&a->extra[a->n_cells], 0, sizeof *a->extra);
    if (!a->exact) {
        if (!hist_alloc(a, &a->hist[a->n_cells]))
            FA_FAIL(err, FA_ENOMEM, "out of memory (score histograms)");
    }
    *cell_out = (uint32_t)a->n_cells;
    a->n_cells++;
    if (!a->exact)
        hist_fit_budget(a, a->shift);
    return FA_OK;
}

/* ---- per row ------------------------------------------------------------------------------- */

unsigned fa_acc_cal_bin(const fa_acc *a, double s)
{
    return fa_acc__cal_bin(&a->k, s);
}

double fa_acc_cal_edge(const fa_acc *a, unsigned k)
{
    return a->cal_edges[k <= a->cfg.n_cal ? k : a->cfg.n_cal];
}

fa_status fa_acc_add_row(fa_acc *a, uint32_t cell, double s, int label, int decision,
                         double weight, fa_error *err)
{
    fa_acc__row_atoms(&a->k, a->atoms + (size_t)cell * a->n_atoms, &a->extra[cell], s, label,
                      decision, weight);
    if (a->cfg.probabilities)
        fa_acc__row_loss(&a->k, &a->extra[cell], fa_acc__loss(s, label), label, weight);
    return dist_add(a, cell, s, label, 1, a->cfg.weighted ? weight : 1.0, err);
}

/* ---- internal entry points (accum_impl.h) ------------------------------------------------ */

const fa_acc_rowk *fa_acc__rowk(const fa_acc *a)
{
    return &a->k;
}

fa_atom *fa_acc__atoms_mut(fa_acc *a, uint32_t cell)
{
    return a->atoms + (size_t)cell * a->n_atoms;
}

fa_acc_extra *fa_acc__extra_mut(fa_acc *a, uint32_t cell)
{
    return &a->extra[cell];
}

/* Rows ahead whose exact-table slot is prefetched while adding scores. */
#define FA_ACC_SCORE_PREFETCH 8

fa_status fa_acc__add_scores(fa_acc *a, const double *score, const uint32_t *cell_label,
                             const double *w, size_t n, const uint32_t *map, fa_error *err)
{
    size_t i;

    for (i = 0; i < n; i++) {
        uint32_t c = cell_label[i] >> 1;
        if (a->exact && a->xcap > 0 && i + FA_ACC_SCORE_PREFETCH < n) {
            uint32_t pc = cell_label[i + FA_ACC_SCORE_PREFETCH] >> 1;
            uint64_t bits = score_bits(score[i + FA_ACC_SCORE_PREFETCH]);
            if (map != NULL)
                pc = map[pc];
            __builtin_prefetch(&a->xtab[(size_t)mix64(bits ^ ((uint64_t)pc * 0x9e3779b97f4a7c15ULL)) &
                                        (a->xcap - 1)]);
        }
        if (map != NULL)
            c = map[c];
        FA_TRY(dist_add(a, c, score[i], (int)(cell_label[i] & 1u), 1,
                        a->cfg.weighted && w != NULL ? w[i] : 1.0, err));
    }
    return FA_OK;
}

/* ---- merge ----------------------------------------------------------------------------- */

static bool same_config(const fa_acc_config *x, const fa_acc_config *y)
{
    return x->lo == y->lo && x->hi == y->hi && x->n_cal == y->n_cal &&
           x->weighted == y->weighted && x->probabilities == y->probabilities &&
           x->exact_max == y->exact_max && x->hist_budget == y->hist_budget;
}

fa_status fa_acc_merge(fa_acc *dst, const fa_acc *src, const uint32_t *cell_map, fa_error *err)
{
    size_t c, k;

    if (!same_config(&dst->cfg, &src->cfg))
        FA_FAIL(err, FA_EINVAL, "cannot merge accumulators with different settings");
    if (src->n_pend > 0)
        FA_FAIL(err, FA_EINVAL, "merge: flush the source accumulator first (fa_acc_flush)");
    fa_acc_flush(dst);
    for (c = 0; c < src->n_cells; c++) {
        uint32_t d = cell_map ? cell_map[c] : (uint32_t)c;
        if (d >= dst->n_cells)
            FA_FAIL(err, FA_EINVAL, "merge: cell %zu maps outside the destination", c);
    }
    for (c = 0; c < src->n_cells; c++) {
        uint32_t d = cell_map ? cell_map[c] : (uint32_t)c;
        fa_acc__add_cell_sums(dst->atoms + (size_t)d * dst->n_atoms, &dst->extra[d],
                              src->atoms + c * src->n_atoms, &src->extra[c], src->n_atoms);
    }
    /* score distributions */
    if (src->exact) {
        for (k = 0; k < src->xcap; k++) {
            const xentry *e = &src->xtab[k];
            uint32_t d;
            int l;
            if (!e->used)
                continue;
            d = cell_map ? cell_map[e->cell] : e->cell;
            for (l = 0; l < 2; l++)
                if (e->n[l] > 0 || e->w[l] != 0.0)
                    FA_TRY(dist_add(dst, d, bits_score(e->bits), l, e->n[l], e->w[l], err));
        }
        fa_acc_flush(dst);
        return FA_OK;
    }
    FA_TRY(fa_acc__use_hist(dst, src->shift, err));
    for (c = 0; c < src->n_cells; c++)
        fa_acc__add_hist_bins(dst, cell_map ? cell_map[c] : (uint32_t)c, src->hist[c].b,
                              src->hist[c].wb, src->shift);
    fa_acc_flush(dst);
    return FA_OK;
}

fa_status fa_acc__dist_add(fa_acc *a, uint32_t cell, double s, int label, uint64_t n, double w,
                           fa_error *err)
{
    return dist_add(a, cell, s, label, n, w, err);
}

fa_status fa_acc__use_hist(fa_acc *a, unsigned min_shift, fa_error *err)
{
    if (a->exact)
        FA_TRY(switch_to_hist(a, err));
    hist_fit_budget(a, min_shift);
    return FA_OK;
}

void fa_acc__add_hist_bins(fa_acc *a, uint32_t cell, const hbin *sb, const wbin *swb,
                           unsigned src_shift)
{
    /* the source may be finer: add its bins at this resolution */
    unsigned extra_shift = a->shift - src_shift;
    uint32_t src_bins = FA_HIST_BINS_MAX >> src_shift, b;
    uint64_t swidth = (uint64_t)1 << (FA_HIST_FRAC_BITS + src_shift);
    cell_hist *dh = &a->hist[cell];
    int l;

    for (l = 0; l < 2; l++) {
        for (b = 0; b < src_bins; b++) {
            size_t si = (size_t)l * src_bins + b;
            uint32_t db = b >> extra_shift;
            size_t di = (size_t)l * a->bins + db;
            /* start of source bin b relative to bin db, in source position units */
            uint64_t rel = (uint64_t)(b - (db << extra_shift)) * swidth;
            if (sb[si].n == 0 && (swb == NULL || swb[si].w == 0.0))
                continue;
            dh->b[di].n += sb[si].n;
            dh->b[di].off += sb[si].off + sb[si].n * rel;
            if (a->cfg.weighted) {
                dh->wb[di].w += swb[si].w;
                dh->wb[di].woff += swb[si].woff + swb[si].w * (double)rel;
            }
        }
    }
}

/* ---- accessors ------------------------------------------------------------------------- */

const fa_atom *fa_acc_atoms(const fa_acc *a, uint32_t cell)
{
    return a->atoms + (size_t)cell * a->n_atoms;
}

void fa_acc_cell_extra(const fa_acc *a, uint32_t cell, fa_u128 loss_q_out[2], double wloss[2],
                       double *ww)
{
    const cell_extra *x = &a->extra[cell];

    loss_q_out[0] = x->loss_q[0];
    loss_q_out[1] = x->loss_q[1];
    wloss[0] = x->wloss[0];
    wloss[1] = x->wloss[1];
    *ww = x->ww;
}

/* ---- score distributions --------------------------------------------------------------- */

void fa_scoredist_dispose(fa_scoredist *d)
{
    fa_free(d->x);
    fa_free(d->c[0]);
    fa_free(d->c[1]);
    fa_free(d->pos[0]);
    fa_free(d->pos[1]);
    memset(d, 0, sizeof *d);
}

typedef struct xpoint {
    double x;
    uint64_t n[2];
    double w[2];
} xpoint;

static int cmp_xpoint(const void *pa, const void *pb)
{
    double x = ((const xpoint *)pa)->x, y = ((const xpoint *)pb)->x;
    return (x > y) - (x < y);
}

static fa_status exact_dist(const fa_acc *a, const bool *in, fa_scoredist *d, fa_error *err)
{
    size_t i, m = 0, k;
    xpoint *pts = fa_calloc(a->xcount ? a->xcount : 1, sizeof *pts);

    FA_CHECK_ALLOC(err, pts);
    for (i = 0; i < a->xcap; i++) {
        const xentry *e = &a->xtab[i];
        if (!e->used || !in[e->cell])
            continue;
        pts[m].x = bits_score(e->bits);
        pts[m].n[0] = e->n[0];
        pts[m].n[1] = e->n[1];
        pts[m].w[0] = e->w[0];
        pts[m].w[1] = e->w[1];
        m++;
    }
    qsort(pts, m, sizeof *pts, cmp_xpoint);
    /* the same score from several cells: integer counts first, weights in cell-sorted order
     * would be finer, but the weighted sums are only exact up to rounding anyway */
    k = 0;
    for (i = 0; i < m; i++) {
        if (k > 0 && pts[k - 1].x == pts[i].x) {
            pts[k - 1].n[0] += pts[i].n[0];
            pts[k - 1].n[1] += pts[i].n[1];
            pts[k - 1].w[0] += pts[i].w[0];
            pts[k - 1].w[1] += pts[i].w[1];
        } else {
            pts[k++] = pts[i];
        }
    }
    d->exact = true;
    d->n = k;
    d->x = fa_calloc(k ? k : 1, sizeof *d->x);
    d->c[0] = fa_calloc(k ? k : 1, sizeof *d->c[0]);
    d->c[1] = fa_calloc(k ? k : 1, sizeof *d->c[1]);
    if (d->x == NULL || d->c[0] == NULL || d->c[1] == NULL) {
        fa_free(pts);
        fa_scoredist_dispose(d);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    for (i = 0; i < k; i++) {
        d->x[i] = pts[i].x;
        d->c[0][i] = a->cfg.weighted ? pts[i].w[0] : (double)pts[i].n[0];
        d->c[1][i] = a->cfg.weighted ? pts[i].w[1] : (double)pts[i].n[1];
    }
    fa_free(pts);
    return FA_OK;
}

static fa_status hist_dist(const fa_acc *a, const uint32_t *cells, size_t n_cells,
                           fa_scoredist *d, fa_error *err)
{
    size_t len = 2 * (size_t)a->bins, i, b;
    uint64_t *n = fa_calloc(len, sizeof *n), *off = fa_calloc(len, sizeof *off);
    double *w = NULL, *woff = NULL;
    double unit = 1.0 / (double)((uint64_t)1 << (FA_HIST_FRAC_BITS + a->shift));
    int l;

    if (a->cfg.weighted) {
        w = fa_calloc(len, sizeof *w);
        woff = fa_calloc(len, sizeof *woff);
    }
    d->exact = false;
    d->n = a->bins;
    d->bins = a->bins;
    for (l = 0; l < 2; l++) {
        d->c[l] = fa_calloc(a->bins, sizeof *d->c[l]);
        d->pos[l] = fa_calloc(a->bins, sizeof *d->pos[l]);
    }
    if (n == NULL || off == NULL || (a->cfg.weighted && (w == NULL || woff == NULL)) ||
        d->c[0] == NULL || d->c[1] == NULL || d->pos[0] == NULL || d->pos[1] == NULL) {
        fa_free(n);
        fa_free(off);
        fa_free(w);
        fa_free(woff);
        fa_scoredist_dispose(d);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    for (i = 0; i < n_cells; i++) {
        const cell_hist *h = &a->hist[cells[i]];
        for (b = 0; b < len; b++) {
            n[b] += h->b[b].n;
            off[b] += h->b[b].off;
            if (a->cfg.weighted) {
                w[b] += h->wb[b].w;
                woff[b] += h->wb[b].woff;
            }
        }
    }
    for (l = 0; l < 2; l++) {
        for (b = 0; b < a->bins; b++) {
            size_t k = (size_t)l * a->bins + b;
            d->c[l][b] = a->cfg.weighted ? w[k] : (double)n[k];
            d->pos[l][b] = (a->cfg.weighted ? woff[k] : (double)off[k]) * unit;
        }
    }
    fa_free(n);
    fa_free(off);
    fa_free(w);
    fa_free(woff);
    return FA_OK;
}

fa_status fa_acc_scoredist(const fa_acc *a, const uint32_t *cells, size_t n_cells,
                           fa_scoredist *out, fa_error *err)
{
    fa_status rc;

    memset(out, 0, sizeof *out);
    out->lo = a->cfg.lo;
    out->hi = a->cfg.hi;
    if (a->n_pend > 0)
        FA_FAIL(err, FA_EINVAL, "score distribution: flush the accumulator first (fa_acc_flush)");
    if (a->exact) {
        bool *in = fa_calloc(a->n_cells ? a->n_cells : 1, sizeof *in);
        size_t i;
        FA_CHECK_ALLOC(err, in);
        for (i = 0; i < n_cells; i++)
            in[cells[i]] = true;
        rc = exact_dist(a, in, out, err);
        fa_free(in);
        out->lo = a->cfg.lo;
        out->hi = a->cfg.hi;
        return rc;
    }
    rc = hist_dist(a, cells, n_cells, out, err);
    out->lo = a->cfg.lo;
    out->hi = a->cfg.hi;
    return rc;
}
