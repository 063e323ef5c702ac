/*
 * ranking.c — figures that need the order of scores: ROC AUC, the KS statistic and the
 * threshold sweep, computed from a merged score distribution (fa_scoredist).
 *
 * Exact distributions give exact values (ties count 1/2, as sklearn's trapezoidal AUC does).
 * Histograms: pairs of rows in different bins are ordered exactly; pairs sharing a bin are
 * credited 1/2 + (mean position of label-1 rows - mean position of label-0 rows) within the
 * bin, clamped to [0, 1], which is exact for linear densities within a bin and for ties
 * (docs/metrics.md, "AUC and KS").
 */
#include "common/internal.h"
#include "metrics/metrics.h"

#define WHY_ONE_LABEL "needs rows with both labels (label 0 and label 1)"

static void totals(const fa_scoredist *d, double *w0, double *w1)
{
    size_t i;

    *w0 = *w1 = 0.0;
    for (i = 0; i < d->n; i++) {
        *w0 += d->c[0][i];
        *w1 += d->c[1][i];
    }
}

fa_value fa_auc(const fa_scoredist *d)
{
    double w0, w1, below0 = 0.0, num = 0.0;
    size_t i;

    totals(d, &w0, &w1);
    if (!(w0 > 0.0) || !(w1 > 0.0))
        return fa_value_undef(WHY_ONE_LABEL);
    for (i = 0; i < d->n; i++) {
        double c0 = d->c[0][i], c1 = d->c[1][i], within = 0.5;
        if (c1 > 0.0 && c0 > 0.0 && !d->exact) {
            within = 0.5 + d->pos[1][i] / c1 - d->pos[0][i] / c0;
            within = within < 0.0 ? 0.0 : within > 1.0 ? 1.0 : within;
        }
        num += c1 * (below0 + within * c0);
        below0 += c0;
    }
    return fa_value_of(num / (w0 * w1));
}

fa_value fa_ks(const fa_scoredist *d)
{
    double w0, w1, c0 = 0.0, c1 = 0.0, best = 0.0;
    size_t i;

    totals(d, &w0, &w1);
    if (!(w0 > 0.0) || !(w1 > 0.0))
        return fa_value_undef(WHY_ONE_LABEL);
    for (i = 0; i < d->n; i++) {
        double gap;
        c0 += d->c[0][i];
        c1 += d->c[1][i];
        gap = fabs(c1 / w1 - c0 / w0);
        if (gap > best)
            best = gap;
    }
    return fa_value_of(best);
}

/* Rates at each threshold from the label-wise mass below it: exact distributions compare
 * scores with t; histograms count whole bins (thresholds are bin edges: bins = 100 * 2^k). */
void fa_sweep(const fa_scoredist *d, int favorable, unsigned steps, fa_sweep_point *out)
{
    double w0, w1, step = (d->hi - d->lo) / (double)steps;
    double above[2], below[2] = {0.0, 0.0};
    size_t i = 0;
    unsigned k;

    totals(d, &w0, &w1);
    for (k = 0; k <= steps; k++) {
        double t = k == steps ? d->hi : (double)k * step + d->lo;
        double sel, pos_fav, neg_fav, wl[2];
        size_t first = d->exact ? d->n : (size_t)k * (d->bins / steps);

        /* below[] accumulates the points under the threshold; thresholds increase with k */
        while (i < d->n && (d->exact ? d->x[i] < t : i < first)) {
            below[0] += d->c[0][i];
            below[1] += d->c[1][i];
            i++;
        }
        above[0] = w0 - below[0];
        above[1] = w1 - below[1];
        wl[0] = w0;
        wl[1] = w1;
        out[k].threshold = t;
        /* decision 1 iff score >= t; favourable decisions are those equal to f */
        if (favorable) {
            sel = above[0] + above[1];
            pos_fav = above[1]; /* favourable decision among label f = 1 */
            neg_fav = above[0]; /* favourable decision among label 0 */
        } else {
            sel = (w0 - above[0]) + (w1 - above[1]);
            pos_fav = w0 - above[0];
            neg_fav = w1 - above[1];
        }
        out[k].selection_rate =
            w0 + w1 > 0.0 ? fa_value_of(sel / (w0 + w1)) : fa_value_undef("group has zero total weight");
        out[k].tpr = wl[favorable ? 1 : 0] > 0.0 ? fa_value_of(pos_fav / wl[favorable ? 1 : 0])
                                                 : fa_value_undef("no rows with the favourable label");
        out[k].fpr = wl[favorable ? 0 : 1] > 0.0
                         ? fa_value_of(neg_fav / wl[favorable ? 0 : 1])
                         : fa_value_undef("no rows with the unfavourable label");
    }
}
