/*
 * accum_part.c — the rows of one block of input, kept apart until they are added to the
 * audit's accumulator in input order (fa_acc_part, accum.h).
 *
 * A part holds, per cell it has seen, the same atoms and extra sums as an accumulator, and
 * for the score distributions simply the rows' (cell, label, score[, weight]) in row order.
 * Parsing threads fill parts; fa_acc_merge_part() adds them, one block after the other, to
 * the one accumulator: sums of a block are added as a whole, distribution entries row by
 * row. Whatever the number of threads, the accumulator therefore receives exactly the same
 * sequence of additions (blocks are cut by the input alone), so even the weighted sums —
 * doubles, whose rounding depends on the order of additions — come out bit-identical.
 * The distributions (exact table or histograms, up to 24 MB) exist once, not per thread.
 */
#include <string.h>

#include "common/internal.h"
#include "metrics/accum.h"
#include "metrics/accum_impl.h"

/* the vectorised loop: an AVX2 clone picked at load time where the CPU has it */
#if defined(__x86_64__) && defined(__ELF__) && (defined(__GNUC__) || defined(__clang__)) &&      \
    !defined(FA_NO_TARGET_CLONES) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define FA_ACC_HOT __attribute__((target_clones("avx2", "default")))
#else
#define FA_ACC_HOT
#endif

#define FA_PART_MIN_CELLS 8
#define FA_PART_MIN_ROWS  4096
/* cell ids are stored as cell << 1 | label */
#define FA_PART_MAX_CELL  (UINT32_MAX >> 1)

struct fa_acc_part {
    fa_acc_config cfg;
    fa_acc_rowk k;
    double *edges;
    size_t cap_cells;       /* cells with storage (ids 0 .. cap_cells-1) */
    fa_atom *atoms;         /* cap_cells * n_atoms */
    fa_acc_extra *extra;    /* cap_cells */
    uint32_t *mark;         /* epoch in which the cell was last touched */
    uint32_t epoch;
    uint32_t *touched;      /* cells touched in this part, in order of first row */
    size_t n_touched;
    double *score;          /* rows, in order */
    uint32_t *cell_label;
    double *w;              /* weighted mode */
    size_t n_rows, cap_rows;
    size_t n_loss;          /* rows whose log-loss is in the sums (fa_acc_part_finish) */
    double *loss;           /* scratch: the losses of a run of rows */
};

fa_status fa_acc_part_new(fa_acc_part **out, const fa_acc_config *cfg, fa_error *err)
{
    fa_acc_part *p;

    *out = NULL;
    if (!(isfinite(cfg->lo) && isfinite(cfg->hi) && cfg->lo < cfg->hi) ||
        !isfinite(cfg->hi - cfg->lo) || cfg->n_cal < 1 || cfg->n_cal > FA_CAL_BINS_MAX)
        FA_FAIL(err, FA_EINVAL, "invalid accumulator settings");
    p = fa_calloc(1, sizeof *p);
    FA_CHECK_ALLOC(err, p);
    p->cfg = *cfg;
    p->edges = fa_calloc(cfg->n_cal + 1, sizeof *p->edges);
    if (p->edges == NULL) {
        fa_free(p);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    fa_acc__rowk_init(&p->k, cfg, p->edges);
    p->epoch = 1;
    *out = p;
    return FA_OK;
}

void fa_acc_part_free(fa_acc_part *p)
{
    if (p == NULL)
        return;
    fa_free(p->edges);
    fa_free(p->atoms);
    fa_free(p->extra);
    fa_free(p->mark);
    fa_free(p->touched);
    fa_free(p->score);
    fa_free(p->cell_label);
    fa_free(p->w);
    fa_free(p->loss);
    fa_free(p);
}

void fa_acc_part_clear(fa_acc_part *p)
{
    p->n_touched = 0;
    p->n_rows = 0;
    p->n_loss = 0;
    if (++p->epoch == 0) { /* wrapped: no cell may look touched */
        memset(p->mark, 0, p->cap_cells * sizeof *p->mark);
        p->epoch = 1;
    }
}

size_t fa_acc_part_n_rows(const fa_acc_part *p)
{
    return p->n_rows;
}

static bool grow_cells(fa_acc_part *p, size_t need)
{
    size_t cap = p->cap_cells ? p->cap_cells : FA_PART_MIN_CELLS, n_atoms;
    void *q;

    while (cap < need)
        if (!fa_size_mul(&cap, cap, 2))
            return false;
    if (!fa_size_mul(&n_atoms, cap, p->k.n_atoms))
        return false;
    if ((q = fa_reallocarray(p->atoms, n_atoms, sizeof *p->atoms)) == NULL)
        return false;
    p->atoms = q;
    if ((q = fa_reallocarray(p->extra, cap, sizeof *p->extra)) == NULL)
        return false;
    p->extra = q;
    if ((q = fa_reallocarray(p->touched, cap, sizeof *p->touched)) == NULL)
        return false;
    p->touched = q;
    if ((q = fa_reallocarray(p->mark, cap, sizeof *p->mark)) == NULL)
        return false;
    p->mark = q;
    memset(p->mark + p->cap_cells, 0, (cap - p->cap_cells) * sizeof *p->mark);
    p->cap_cells = cap;
    return true;
}

static bool grow_rows(fa_acc_part *p)
{
    size_t cap = p->cap_rows ? p->cap_rows : FA_PART_MIN_ROWS;
    void *q;

    if (p->cap_rows > 0 && !fa_size_mul(&cap, cap, 2))
        return false;
    if ((q = fa_reallocarray(p->score, cap, sizeof *p->score)) == NULL)
        return false;
    p->score = q;
    if ((q = fa_reallocarray(p->cell_label, cap, sizeof *p->cell_label)) == NULL)
        return false;
    p->cell_label = q;
    if ((q = fa_reallocarray(p->loss, cap, sizeof *p->loss)) == NULL)
        return false;
    p->loss = q;
    if (p->cfg.weighted) {
        if ((q = fa_reallocarray(p->w, cap, sizeof *p->w)) == NULL)
            return false;
        p->w = q;
    }
    p->cap_rows = cap;
    return true;
}

fa_status fa_acc_part_add_row(fa_acc_part *p, uint32_t cell, double score, int label,
                              int decision, double weight, fa_error *err)
{
    if (cell > FA_PART_MAX_CELL)
        FA_FAIL(err, FA_EDATA, "too many groups");
    if (cell >= p->cap_cells && !grow_cells(p, (size_t)cell + 1))
        FA_FAIL(err, FA_ENOMEM, "out of memory (group accumulators)");
    if (p->n_rows == p->cap_rows && !grow_rows(p))
        FA_FAIL(err, FA_ENOMEM, "out of memory (block rows)");
    if (p->mark[cell] != p->epoch) {
        p->mark[cell] = p->epoch;
        memset(p->atoms + (size_t)cell * p->k.n_atoms, 0, p->k.n_atoms * sizeof *p->atoms);
        memset(&p->extra[cell], 0, sizeof p->extra[cell]);
        p->touched[p->n_touched++] = cell;
    }
    fa_acc__row_atoms(&p->k, p->atoms + (size_t)cell * p->k.n_atoms, &p->extra[cell], score,
                      label, decision, weight);
    p->score[p->n_rows] = score;
    p->cell_label[p->n_rows] = cell << 1 | (uint32_t)(label != 0);
    if (p->cfg.weighted)
        p->w[p->n_rows] = weight;
    p->n_rows++;
    return FA_OK;
}

/*
 * The log-loss of the rows added since the last call, for a whole block at once: the loss
 * function is straight-line code (accum_impl.h), so this loop vectorises (this file is built
 * with -O3; see metrics/CMakeLists.txt), then the losses are added to their cells in row
 * order — the sums a row-by-row fa_acc_add_row() would have formed.
 */
FA_ACC_HOT static void compute_losses(const double *score, const uint32_t *cell_label,
                                      double *loss, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        loss[i] = fa_acc__loss(score[i], (int)(cell_label[i] & 1u));
}

void fa_acc_part_finish(fa_acc_part *p)
{
    size_t i, from = p->n_loss, n = p->n_rows - from;

    if (!p->cfg.probabilities || n == 0) {
        p->n_loss = p->n_rows;
        return;
    }
    compute_losses(p->score + from, p->cell_label + from, p->loss, n);
    for (i = 0; i < n; i++) {
        uint32_t cl = p->cell_label[from + i];
        fa_acc__row_loss(&p->k, &p->extra[cl >> 1], p->loss[i], (int)(cl & 1u),
                         p->cfg.weighted ? p->w[from + i] : 1.0);
    }
    p->n_loss = p->n_rows;
}

const uint32_t *fa_acc_part_cells(const fa_acc_part *p, size_t *n_out)
{
    *n_out = p->n_touched;
    return p->touched;
}

fa_status fa_acc_merge_part(fa_acc *dst, fa_acc_part *src, const uint32_t *cell_map,
                            fa_error *err)
{
    const fa_acc_config *dc = fa_acc_config_of(dst);
    size_t i, n_cells = fa_acc_n_cells(dst);

    fa_acc_part_finish(src);
    if (dc->lo != src->cfg.lo || dc->hi != src->cfg.hi || dc->n_cal != src->cfg.n_cal ||
        dc->weighted != src->cfg.weighted || dc->probabilities != src->cfg.probabilities)
        FA_FAIL(err, FA_EINVAL, "cannot merge a block with different accumulator settings");
    for (i = 0; i < src->n_touched; i++) {
        uint32_t c = src->touched[i], d = cell_map != NULL ? cell_map[c] : c;
        if (d >= n_cells)
            FA_FAIL(err, FA_EINVAL, "merge: block cell %u maps outside the accumulator", c);
    }
    for (i = 0; i < src->n_touched; i++) {
        uint32_t c = src->touched[i], d = cell_map != NULL ? cell_map[c] : c;
        fa_acc__add_cell_sums(fa_acc__atoms_mut(dst, d), fa_acc__extra_mut(dst, d),
                              src->atoms + (size_t)c * src->k.n_atoms, &src->extra[c],
                              src->k.n_atoms);
    }
    return fa_acc__add_scores(dst, src->score, src->cell_label, src->cfg.weighted ? src->w : NULL,
                              src->n_rows, cell_map, err);
}
