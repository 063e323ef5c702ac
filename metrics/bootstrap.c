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

fa_status fa_bootstrap(const fa_acc *acc, const uint64_t *cell_ids, const fa_boot_attr *attrs,
                       size_t n_attrs, const fa_boot_options *opts, fa_boot_ci *out,
                       fa_error *err)
{
    const fa_acc_config *cfg = fa_acc_config_of(acc);
    size_t n_cells = fa_acc_n_cells(acc), a, c, g, i, max_groups = 1;
    unsigned n_atoms = 4 * cfg->n_cal, r, k, R = opts->replicates;
    fa_moments *base = NULL, *rep = NULL;
    fa_summary *gs = NULL;
    fa_disp_group *dg = NULL;
    double *vals = NULL, *sorted = NULL, *edges = NULL;
    size_t cells_atoms, n_vals;
    fa_status rc = FA_OK;

    if (R == 0 || !(opts->level > 0.0 && opts->level < 1.0))
        FA_FAIL(err, FA_EINVAL, "bootstrap: need replicates >= 1 and 0 < level < 1");
    for (a = 0; a < n_attrs; a++)
        if (attrs[a].n_groups > max_groups)
            max_groups = attrs[a].n_groups;
    if (!fa_size_mul(&cells_atoms, n_cells ? n_cells : 1, n_atoms) ||
        !fa_size_mul(&n_vals, n_attrs ? n_attrs : 1, (size_t)FA_D_COUNT * R))
        FA_FAIL(err, FA_ENOMEM, "bootstrap: too many groups");
    base = fa_calloc(cells_atoms, sizeof *base);
    rep = fa_calloc(cells_atoms, sizeof *rep);
    gs = fa_calloc(max_groups, sizeof *gs);
    dg = fa_calloc(max_groups, sizeof *dg);
    vals = fa_calloc(n_vals, sizeof *vals);
    sorted = fa_calloc(R, sizeof *sorted);
    edges = fa_calloc((size_t)cfg->n_cal + 1, sizeof *edges);
    if (base == NULL || rep == NULL || gs == NULL || dg == NULL || vals == NULL ||
        sorted == NULL || edges == NULL) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory (bootstrap)");
        goto done;
    }
    for (k = 0; k <= cfg->n_cal; k++)
        edges[k] = fa_acc_cal_edge(acc, k);
    for (g = 0; g < max_groups; g++) {
        rc = fa_summary_init(&gs[g], acc, err);
        if (rc != FA_OK) {
            max_groups = g;
            goto done;
        }
    }
    for (c = 0; c < n_cells; c++) {
        double loss[2], ww;
        fa_acc_cell_moments(acc, (uint32_t)c, base + c * n_atoms, loss, &ww);
    }

    for (r = 0; r < R; r++) {
        for (c = 0; c < n_cells; c++) {
            fa_rng rng;
            fa_rng_seed_stream(&rng, opts->seed ^ cell_ids[c], r);
            resample_cell(base + c * n_atoms, n_atoms, edges, cfg->n_cal, &rng,
                          rep + c * n_atoms);
        }
        for (a = 0; a < n_attrs; a++) {
            const fa_boot_attr *at = &attrs[a];
            static const double zero_loss[2] = {0.0, 0.0};
            fa_value d[FA_D_COUNT];
            fa_disp_input in;
            int j;

            for (g = 0; g < at->n_groups; g++)
                memset(gs[g].mom, 0, n_atoms * sizeof *gs[g].mom);
            for (i = 0; i < n_cells; i++) {
                c = opts->cell_order != NULL ? opts->cell_order[i] : i;
                g = at->group_of_cell[c];
                if (g == SIZE_MAX)
                    continue;
                fa_summary_add(&gs[g], rep + c * n_atoms, zero_loss, 0.0, 0);
            }
            for (g = 0; g < at->n_groups; g++) {
                fa_summary_confusion(&gs[g], opts->favorable, &dg[g].conf);
                dg[g].ece = fa_ece(&gs[g]);
            }
            in.n_groups = at->n_groups;
            in.groups = dg;
            in.ref = at->ref;
            fa_disparities(&in, d);
            for (j = 0; j < FA_D_COUNT; j++)
                vals[(a * FA_D_COUNT + (size_t)j) * R + r] =
                    fa_value_defined(d[j]) ? d[j].v : fa_nan();
        }
    }

    for (a = 0; a < n_attrs; a++) {
        int j;
        for (j = 0; j < FA_D_COUNT; j++) {
            const double *v = vals + (a * FA_D_COUNT + (size_t)j) * R;
            fa_boot_ci *ci = &out[a * FA_D_COUNT + (size_t)j];
            size_t m = 0;
            for (r = 0; r < R; r++)
                if (!isnan(v[r]))
                    sorted[m++] = v[r];
            ci->n_defined = (unsigned)m;
            if (m == 0) {
                ci->lo = ci->hi = fa_value_undef("undefined in every bootstrap replicate");
                continue;
            }
            qsort(sorted, m, sizeof *sorted, cmp_double);
            ci->lo = fa_value_of(fa_quantile_sorted(sorted, m, (1.0 - opts->level) / 2.0));
            ci->hi = fa_value_of(fa_quantile_sorted(sorted, m, 1.0 - (1.0 - opts->level) / 2.0));
        }
    }
done:
    if (gs != NULL)
        for (g = 0; g < max_groups; g++)
            fa_summary_dispose(&gs[g]);
    fa_free(gs);
    fa_free(dg);
    fa_free(base);
    fa_free(rep);
    fa_free(vals);
    fa_free(sorted);
    fa_free(edges);
    return rc;
}
