/*
 * bootstrap.c — confidence intervals for disparities by resampling accumulators.
 *
 * A row bootstrap stratified by finest cell draws n_c rows with replacement from each cell c.
 * Every disparity depends on rows only through their atom (label, decision, calibration bin)
 * and score, so drawing the *atom counts* k ~ Multinomial(n_c, n_a / n_c) reproduces the row
 * bootstrap exactly for everything that is a function of counts (confusion rates, indices).
 * Within an atom the resampled weighted mass is k * (W_a / n_a) (rows keep their mean weight)
 * and the resampled score sum is k times the atom's mean plus a normal term with the atom's
 * within-atom variance (the CLT limit of summing k draws), clamped to the atom's calibration
 * bin; this only matters for calibration_gap. Cost: a few binomial draws per atom and
 * replicate, nothing per row; the method works the same after merges. docs/metrics.md,
 * "Bootstrap".
 *
 * The same replicates give every group its own intervals (rates, mean score, ECE, and the
 * comparisons with the reference group) when the caller asks for them. Percentiles need all
 * replicate values of a figure at once; they are kept in batches of "items" (one attribute's
 * disparities, or one group's figures) of bounded size, and each batch replays the
 * resampling from the same per-cell streams, so batching never changes a result.
 */
#include <stdlib.h>
#include <string.h>

#include "common/internal.h"
#include "common/rng.h"
#include "metrics/metrics.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double fa_quantile_sorted(const double *x, size_t n, double q)
{
    double h = (double)(n - 1) * q, f = floor(h);
    size_t i = (size_t)f;

    if (i + 1 >= n)
        return x[n - 1];
    return x[i] + (h - f) * (x[i + 1] - x[i]);
}

/* One cell's resample: atom counts from a multinomial, then moments. */
static void resample_cell(const fa_moments *src, unsigned n_atoms, const double *edges,
                          unsigned n_cal, fa_rng *rng, fa_moments *dst)
{
    double total = 0.0;
    uint64_t left;
    unsigned k;

    for (k = 0; k < n_atoms; k++)
        total += src[k].n;
    left = (uint64_t)total;
    for (k = 0; k < n_atoms; k++) {
        const fa_moments *a = &src[k];
        uint64_t draw = 0;
        memset(&dst[k], 0, sizeof dst[k]);
        if (a->n > 0.0 && left > 0) {
            double p = a->n / total;
            draw = fa_rng_binomial(rng, left, p > 1.0 ? 1.0 : p);
            left -= draw;
        }
        total -= a->n;
        if (draw > 0) {
            double kd = (double)draw, mw = a->w / a->n;
            double mean = a->w > 0.0 ? a->ws / a->w : 0.0;
            double var = a->w > 0.0 ? a->ws2 / a->w - mean * mean : 0.0;
            double ws, lo = edges[k % n_cal], hi = edges[k % n_cal + 1];
            dst[k].n = kd;
            dst[k].w = kd * mw;
            ws = dst[k].w * mean;
            if (var > 0.0)
                ws += sqrt(kd * var) * mw * fa_rng_normal(rng);
            if (dst[k].w > 0.0) {
                double m = ws / dst[k].w;
                m = m < lo ? lo : m > hi ? hi : m;
                ws = m * dst[k].w;
            }
            dst[k].ws = ws;
            dst[k].ws2 = kd * (a->w > 0.0 ? a->ws2 / a->n : 0.0);
        }
    }
}

/* Values per replicate of one item: k == 0 the attribute's disparities, k >= 1 group k-1. */
#define GROUP_FIGS ((size_t)FA_GM_COUNT + (size_t)FA_VS_COUNT)

static size_t n_items(const fa_boot_attr *at)
{
    return 1 + (at->group_ci != NULL ? at->n_groups : 0);
}

static size_t item_values(size_t k)
{
    return k == 0 ? (size_t)FA_D_COUNT : GROUP_FIGS;
}

/* Percentile interval of v[0..R-1] (NaN = undefined in that replicate). */
static void percentile_ci(const double *v, unsigned R, double level, double *sorted,
                          fa_boot_ci *ci)
{
    size_t m = 0;
    unsigned r;

    for (r = 0; r < R; r++)
        if (!isnan(v[r]))
            sorted[m++] = v[r];
    ci->n_defined = (unsigned)m;
    if (m == 0) {
        ci->lo = ci->hi = fa_value_undef("undefined in every bootstrap replicate");
        return;
    }
    qsort(sorted, m, sizeof *sorted, cmp_double);
    ci->lo = fa_value_of(fa_quantile_sorted(sorted, m, (1.0 - level) / 2.0));
    ci->hi = fa_value_of(fa_quantile_sorted(sorted, m, 1.0 - (1.0 - level) / 2.0));
}

static double defined_or_nan(fa_value x)
{
    return fa_value_defined(x) ? x.v : fa_nan();
}

/* One group's figures in replicate r into dst (GROUP_FIGS values, stride R). */
static void group_figures(const fa_summary *gs, const fa_disp_group *dg, size_t g, size_t ref,
                          int favorable, unsigned R, unsigned r, double *dst)
{
    fa_vsref vs;
    int m;

    for (m = 0; m < FA_GM_COUNT; m++) {
        double x;
        if (!fa_gmetric_bootstrapped((fa_gmetric)m))
            x = fa_nan();
        else if (m == FA_GM_MEAN_SCORE)
            x = defined_or_nan(fa_mean_score(&gs[g]));
        else if (m == FA_GM_ECE)
            x = defined_or_nan(dg[g].ece);
        else
            x = defined_or_nan(fa_rate(&dg[g].conf, (fa_gmetric)m));
        dst[(size_t)m * R + r] = x;
    }
    if (g != ref)
        fa_vs_effects(&gs[g], &gs[ref], favorable, &vs);
    for (m = 0; m < FA_VS_COUNT; m++)
        dst[((size_t)FA_GM_COUNT + (size_t)m) * R + r] =
            g != ref ? defined_or_nan(fa_vsfig_get(&vs, (fa_vsfig)m)) : fa_nan();
}

/* The working state of one fa_bootstrap call. */
typedef struct boot {
    const fa_acc *acc;
    const uint64_t *cell_ids;
    const fa_boot_attr *attrs;
    const fa_boot_options *opts;
    size_t n_cells;
    unsigned n_atoms, n_cal;
    fa_moments *base, *rep;
    fa_summary *gs;
    fa_disp_group *dg;
    double *vals, *sorted, *edges;
} boot;

/* Items [(a0, k0), (a1, k1)) of the flattened (attribute, item) list: replicates and
 * intervals. */
static void run_batch(boot *B, size_t a0, size_t k0, size_t a1, size_t k1, fa_boot_ci *out)
{
    const fa_boot_options *opts = B->opts;
    unsigned R = opts->replicates, r;
    size_t a, c, g, i, k, off;

    for (r = 0; r < R; r++) {
        for (c = 0; c < B->n_cells; c++) {
            fa_rng rng;
            fa_rng_seed_stream(&rng, opts->seed ^ B->cell_ids[c], r);
            resample_cell(B->base + c * B->n_atoms, B->n_atoms, B->edges, B->n_cal, &rng,
                          B->rep + c * B->n_atoms);
        }
        off = 0;
        for (a = a0; a <= a1 && !(a == a1 && k1 == 0); a++) {
            const fa_boot_attr *at = &B->attrs[a];
            static const double zero_loss[2] = {0.0, 0.0};
            size_t kb = a == a0 ? k0 : 0, ke = a == a1 ? k1 : n_items(at);

            for (g = 0; g < at->n_groups; g++)
                memset(B->gs[g].mom, 0, B->n_atoms * sizeof *B->gs[g].mom);
            for (i = 0; i < B->n_cells; i++) {
                c = opts->cell_order != NULL ? opts->cell_order[i] : i;
                g = at->group_of_cell[c];
                if (g == SIZE_MAX)
                    continue;
                fa_summary_add(&B->gs[g], B->rep + c * B->n_atoms, zero_loss, 0.0, 0);
            }
            for (g = 0; g < at->n_groups; g++) {
                fa_summary_confusion(&B->gs[g], opts->favorable, &B->dg[g].conf);
                B->dg[g].ece = fa_ece(&B->gs[g]);
            }
            for (k = kb; k < ke; k++) {
                if (k == 0) {
                    fa_value d[FA_D_COUNT];
                    fa_disp_input in;
                    int j;
                    in.n_groups = at->n_groups;
                    in.groups = B->dg;
                    in.ref = at->ref;
                    fa_disparities(&in, d);
                    for (j = 0; j < FA_D_COUNT; j++)
                        B->vals[(off + (size_t)j) * R + r] = defined_or_nan(d[j]);
                } else {
                    group_figures(B->gs, B->dg, k - 1, at->ref, opts->favorable, R, r,
                                  B->vals + off * R);
                }
                off += item_values(k);
            }
        }
    }

    off = 0;
    for (a = a0; a <= a1 && !(a == a1 && k1 == 0); a++) {
        const fa_boot_attr *at = &B->attrs[a];
        size_t kb = a == a0 ? k0 : 0, ke = a == a1 ? k1 : n_items(at);
        for (k = kb; k < ke; k++) {
            size_t j;
            if (k == 0) {
                for (j = 0; j < (size_t)FA_D_COUNT; j++)
                    percentile_ci(B->vals + (off + j) * R, R, opts->level, B->sorted,
                                  &out[a * FA_D_COUNT + j]);
            } else {
                fa_boot_group_ci *gc = &at->group_ci[k - 1];
                for (j = 0; j < (size_t)FA_GM_COUNT; j++)
                    percentile_ci(B->vals + (off + j) * R, R, opts->level, B->sorted,
                                  &gc->metrics[j]);
                for (j = 0; j < (size_t)FA_VS_COUNT; j++)
                    percentile_ci(B->vals + (off + (size_t)FA_GM_COUNT + j) * R, R, opts->level,
                                  B->sorted, &gc->vs[j]);
            }
            off += item_values(k);
        }
    }
}

fa_status fa_bootstrap(const fa_acc *acc, const uint64_t *cell_ids, const fa_boot_attr *attrs,
                       size_t n_attrs, const fa_boot_options *opts, fa_boot_ci *out,
                       fa_error *err)
{
    const fa_acc_config *cfg = fa_acc_config_of(acc);
    size_t a, c, g, k, max_groups = 1, max_item = FA_D_COUNT, budget, n_vals, cells_atoms;
    unsigned R = opts->replicates, kk;
    boot B;
    fa_status rc = FA_OK;

    memset(&B, 0, sizeof B);
    if (R == 0 || !(opts->level > 0.0 && opts->level < 1.0))
        FA_FAIL(err, FA_EINVAL, "bootstrap: need replicates >= 1 and 0 < level < 1");
    B.acc = acc;
    B.cell_ids = cell_ids;
    B.attrs = attrs;
    B.opts = opts;
    B.n_cells = fa_acc_n_cells(acc);
    B.n_cal = cfg->n_cal;
    B.n_atoms = 4 * cfg->n_cal;
    for (a = 0; a < n_attrs; a++) {
        if (attrs[a].n_groups > max_groups)
            max_groups = attrs[a].n_groups;
        if (attrs[a].group_ci != NULL && GROUP_FIGS > max_item)
            max_item = GROUP_FIGS;
    }
    /* a batch holds whole items, at least one, and at most `budget` values otherwise */
    budget = opts->batch_values != 0 ? opts->batch_values : FA_BOOT_BATCH_VALUES;
    if (!fa_size_mul(&n_vals, max_item, R))
        FA_FAIL(err, FA_ENOMEM, "bootstrap: too many replicates");
    if (n_vals > budget)
        budget = n_vals;
    if (!fa_size_mul(&cells_atoms, B.n_cells ? B.n_cells : 1, B.n_atoms))
        FA_FAIL(err, FA_ENOMEM, "bootstrap: too many groups");
    B.base = fa_calloc(cells_atoms, sizeof *B.base);
    B.rep = fa_calloc(cells_atoms, sizeof *B.rep);
    B.gs = fa_calloc(max_groups, sizeof *B.gs);
    B.dg = fa_calloc(max_groups, sizeof *B.dg);
    B.sorted = fa_calloc(R, sizeof *B.sorted);
    B.edges = fa_calloc((size_t)cfg->n_cal + 1, sizeof *B.edges);
    if (B.base == NULL || B.rep == NULL || B.gs == NULL || B.dg == NULL || B.sorted == NULL ||
        B.edges == NULL) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory (bootstrap)");
        goto done;
    }
    for (kk = 0; kk <= cfg->n_cal; kk++)
        B.edges[kk] = fa_acc_cal_edge(acc, kk);
    for (g = 0; g < max_groups; g++) {
        rc = fa_summary_init(&B.gs[g], acc, err);
        if (rc != FA_OK) {
            max_groups = g;
            goto done;
        }
    }
    for (c = 0; c < B.n_cells; c++) {
        double loss[2], ww;
        fa_acc_cell_moments(acc, (uint32_t)c, B.base + c * B.n_atoms, loss, &ww);
    }

    /* walk the (attribute, item) list, cutting it into batches of at most budget values */
    {
        size_t a0 = 0, k0 = 0, used = 0, cap = 0;
        a = 0;
        k = 0;
        while (a < n_attrs) {
            size_t need = item_values(k) * R;
            if (used > 0 && used + need > budget) {
                if (B.vals == NULL || cap < used) {
                    fa_free(B.vals);
                    cap = budget;
                    B.vals = fa_calloc(cap, sizeof *B.vals);
                    if (B.vals == NULL) {
                        rc = fa_error_set(err, FA_ENOMEM, "out of memory (bootstrap)");
                        goto done;
                    }
                }
                run_batch(&B, a0, k0, a, k, out);
                a0 = a;
                k0 = k;
                used = 0;
            }
            used += need;
            if (++k == n_items(&attrs[a])) {
                k = 0;
                a++;
            }
        }
        if (used > 0) {
            if (B.vals == NULL || cap < used) {
                fa_free(B.vals);
                cap = used;
                B.vals = fa_calloc(cap, sizeof *B.vals);
                if (B.vals == NULL) {
                    rc = fa_error_set(err, FA_ENOMEM, "out of memory (bootstrap)");
                    goto done;
                }
            }
            run_batch(&B, a0, k0, n_attrs, 0, out);
        }
    }
done:
    if (B.gs != NULL)
        for (g = 0; g < max_groups; g++)
            fa_summary_dispose(&B.gs[g]);
    fa_free(B.gs);
    fa_free(B.dg);
    fa_free(B.base);
    fa_free(B.rep);
    fa_free(B.vals);
    fa_free(B.sorted);
    fa_free(B.edges);
    return rc;
}
