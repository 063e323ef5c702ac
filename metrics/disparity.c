/*
 * disparity.c — attribute-level disparities from per-group confusion counts and ECEs.
 *
 * fairlearn 0.9 between-group forms (max - min, min / max over groups; a group whose rate is
 * undefined is skipped, as pandas' skipna does for NaN), AIF360 0.6.1 reference-group forms
 * (privileged = the reference group, unprivileged = every other group pooled), AIF360's
 * inequality indices (closed forms from counts, see fa_generalized_entropy) and the
 * calibration gap. Formulas and sources: docs/metrics.md.
 */
#include <string.h>

#include "common/internal.h"
#include "metrics/metrics.h"

#define WHY_FEW_GROUPS  "fewer than two groups with a defined value"
#define WHY_NO_OTHERS   "no group other than the reference"
#define WHY_ZERO_MAX    "the largest group value is 0 (0/0)"
#define WHY_REF_SR_ZERO "the reference group's selection rate is 0"

/* max and min of a rate over the groups where it is defined; returns the count */
static size_t rate_range(const fa_disp_input *in, fa_gmetric m, double *lo, double *hi)
{
    size_t i, n = 0;

    for (i = 0; i < in->n_groups; i++) {
        fa_value v = fa_rate(&in->groups[i].conf, m);
        if (!fa_value_defined(v))
            continue;
        if (n == 0 || v.v < *lo)
            *lo = v.v;
        if (n == 0 || v.v > *hi)
            *hi = v.v;
        n++;
    }
    return n;
}

static fa_value spread(const fa_disp_input *in, fa_gmetric m)
{
    double lo = 0, hi = 0;

    if (rate_range(in, m, &lo, &hi) < 2)
        return fa_value_undef(WHY_FEW_GROUPS);
    return fa_value_of(hi - lo);
}

static fa_value minmax_ratio(const fa_disp_input *in, fa_gmetric m)
{
    double lo = 0, hi = 0;

    if (rate_range(in, m, &lo, &hi) < 2)
        return fa_value_undef(WHY_FEW_GROUPS);
    if (!(hi > 0.0))
        return fa_value_undef(WHY_ZERO_MAX);
    return fa_value_of(lo / hi);
}

fa_value fa_disp_dp_difference(const fa_disp_input *in)
{
    return spread(in, FA_GM_SELECTION_RATE);
}

fa_value fa_disp_dp_ratio(const fa_disp_input *in)
{
    return minmax_ratio(in, FA_GM_SELECTION_RATE);
}

fa_value fa_disp_eo_difference(const fa_disp_input *in)
{
    fa_value a = spread(in, FA_GM_TPR), b = spread(in, FA_GM_FPR);

    if (!fa_value_defined(a))
        return a;
    if (!fa_value_defined(b))
        return b;
    return fa_value_of(a.v > b.v ? a.v : b.v);
}

fa_value fa_disp_eo_ratio(const fa_disp_input *in)
{
    fa_value a = minmax_ratio(in, FA_GM_TPR), b = minmax_ratio(in, FA_GM_FPR);

    if (!fa_value_defined(a))
        return a;
    if (!fa_value_defined(b))
        return b;
    return fa_value_of(a.v < b.v ? a.v : b.v);
}

fa_value fa_disp_eop_difference(const fa_disp_input *in)
{
    return spread(in, FA_GM_TPR);
}

/* ---- AIF360: reference vs the pooled other groups ------------------------------------- */

static bool pooled_others(const fa_disp_input *in, fa_confusion *out)
{
    size_t i;
    bool any = false;

    memset(out, 0, sizeof *out);
    for (i = 0; i < in->n_groups; i++) {
        if (i == in->ref)
            continue;
        fa_confusion_add(out, &in->groups[i].conf);
        any = true;
    }
    return any;
}

/* rate(unprivileged) - rate(privileged), or undefined */
static fa_value ref_difference(const fa_disp_input *in, fa_gmetric m)
{
    fa_confusion u;
    fa_value a, b;

    if (in->ref >= in->n_groups || !pooled_others(in, &u))
        return fa_value_undef(WHY_NO_OTHERS);
    a = fa_rate(&u, m);
    b = fa_rate(&in->groups[in->ref].conf, m);
    if (!fa_value_defined(a))
        return a;
    if (!fa_value_defined(b))
        return b;
    return fa_value_of(a.v - b.v);
}

fa_value fa_disp_sp_difference(const fa_disp_input *in)
{
    return ref_difference(in, FA_GM_SELECTION_RATE);
}

fa_value fa_disp_disparate_impact(const fa_disp_input *in)
{
    fa_confusion u;
    fa_value a, b;

    if (in->ref >= in->n_groups || !pooled_others(in, &u))
        return fa_value_undef(WHY_NO_OTHERS);
    a = fa_rate(&u, FA_GM_SELECTION_RATE);
    b = fa_rate(&in->groups[in->ref].conf, FA_GM_SELECTION_RATE);
    if (!fa_value_defined(a))
        return a;
    if (!fa_value_defined(b))
        return b;
    if (!(b.v > 0.0))
        return fa_value_undef(WHY_REF_SR_ZERO);
    return fa_value_of(a.v / b.v);
}

fa_value fa_disp_eop_difference_vs_ref(const fa_disp_input *in)
{
    return ref_difference(in, FA_GM_TPR);
}

fa_value fa_disp_average_odds(const fa_disp_input *in)
{
    fa_value f = ref_difference(in, FA_GM_FPR), t = ref_difference(in, FA_GM_TPR);

    if (!fa_value_defined(f))
        return f;
    if (!fa_value_defined(t))
        return t;
    return fa_value_of(0.5 * (f.v + t.v));
}

fa_value fa_disp_average_abs_odds(const fa_disp_input *in)
{
    fa_value f = ref_difference(in, FA_GM_FPR), t = ref_difference(in, FA_GM_TPR);

    if (!fa_value_defined(f))
        return f;
    if (!fa_value_defined(t))
        return t;
    return fa_value_of(0.5 * (fabs(f.v) + fabs(t.v)));
}

/* ---- inequality indices --------------------------------------------------------------- */

/* b = 1 + [decision = f] - [label = f]: 1 for TP and TN, 2 for FP, 0 for FN. */
fa_value fa_generalized_entropy(const fa_confusion *c, int alpha)
{
    double n = c->tp + c->tn + c->fp + c->fn;
    double ones = c->tp + c->tn, twos = c->fp, mu;

    if (!(n > 0.0))
        return fa_value_undef("no rows");
    mu = (ones + 2.0 * twos) / n;
    if (!(mu > 0.0))
        return fa_value_undef("mean benefit is 0 (every row is a false negative)");
    if (alpha == 1) {
        /* (1/n) sum (b/mu) ln(b/mu), with 0 ln 0 = 0 */
        double t = 0.0;
        if (ones > 0.0)
            t += ones * (1.0 / mu) * log(1.0 / mu);
        if (twos > 0.0)
            t += twos * (2.0 / mu) * log(2.0 / mu);
        return fa_value_of(t / n);
    }
    if (alpha == 2) {
        /* (1/n) sum ((b/mu)^2 - 1) / 2 */
        return fa_value_of(((ones + 4.0 * twos) / (n * mu * mu) - 1.0) / 2.0);
    }
    return fa_value_undef("unsupported alpha");
}

static void all_groups(const fa_disp_input *in, fa_confusion *tot)
{
    size_t i;

    memset(tot, 0, sizeof *tot);
    for (i = 0; i < in->n_groups; i++)
        fa_confusion_add(tot, &in->groups[i].conf);
}

fa_value fa_disp_theil(const fa_disp_input *in)
{
    fa_confusion tot;

    all_groups(in, &tot);
    return fa_generalized_entropy(&tot, 1);
}

fa_value fa_disp_ge2(const fa_disp_input *in)
{
    fa_confusion tot;

    all_groups(in, &tot);
    return fa_generalized_entropy(&tot, 2);
}

/* Between-group Theil: every row gets its group's mean benefit (AIF360
 * _between_group_generalized_entropy_index with alpha = 1). Group i's confusion
 * is at byte offset i * stride from first (no copy, so no allocation that could
 * fail and turn the value into "undefined"). */
static const fa_confusion *conf_at(const void *first, size_t stride, size_t i)
{
    return (const fa_confusion *)(const void *)((const char *)first + i * stride);
}

static fa_value between_theil(const void *first, size_t stride, size_t n_groups)
{
    double n = 0.0, benefit = 0.0, t = 0.0, mu;
    size_t i;

    for (i = 0; i < n_groups; i++) {
        const fa_confusion *c = conf_at(first, stride, i);
        n += c->tp + c->tn + c->fp + c->fn;
        benefit += c->tp + c->tn + 2.0 * c->fp;
    }
    if (!(n > 0.0))
        return fa_value_undef("no rows");
    mu = benefit / n;
    if (!(mu > 0.0))
        return fa_value_undef("mean benefit is 0 (every row is a false negative)");
    for (i = 0; i < n_groups; i++) {
        const fa_confusion *c = conf_at(first, stride, i);
        double ng = c->tp + c->tn + c->fp + c->fn, bg;
        if (!(ng > 0.0))
            continue;
        bg = (c->tp + c->tn + 2.0 * c->fp) / ng;
        if (bg > 0.0)
            t += ng * (bg / mu) * log(bg / mu);
    }
    return fa_value_of(t / n);
}

fa_value fa_disp_between_group_theil(const fa_disp_input *in)
{
    fa_confusion two[2];

    if (in->ref >= in->n_groups || !pooled_others(in, &two[0]))
        return fa_value_undef(WHY_NO_OTHERS);
    two[1] = in->groups[in->ref].conf;
    return between_theil(two, sizeof two[0], 2);
}

fa_value fa_disp_between_all_groups_theil(const fa_disp_input *in)
{
    if (in->n_groups < 2)
        return fa_value_undef(WHY_FEW_GROUPS);
    return between_theil(&in->groups[0].conf, sizeof in->groups[0], in->n_groups);
}

/* ---- calibration ---------------------------------------------------------------------- */

fa_value fa_disp_calibration_gap(const fa_disp_input *in)
{
    double lo = 0, hi = 0;
    size_t i, n = 0;
    const char *why = NULL;

    for (i = 0; i < in->n_groups; i++) {
        fa_value e = in->groups[i].ece;
        if (!fa_value_defined(e)) {
            why = e.reason;
            continue;
        }
        if (n == 0 || e.v < lo)
            lo = e.v;
        if (n == 0 || e.v > hi)
            hi = e.v;
        n++;
    }
    if (n < 2)
        return fa_value_undef(n == 0 && why != NULL ? why : WHY_FEW_GROUPS);
    return fa_value_of(hi - lo);
}

void fa_disparities(const fa_disp_input *in, fa_value out[FA_D_COUNT])
{
    const fa_disparity_def *t = fa_disparity_table();
    int i;

    for (i = 0; i < FA_D_COUNT; i++)
        out[t[i].id] = t[i].fn(in);
}
