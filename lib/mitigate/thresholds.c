/*
 * thresholds.c — fair thresholds (Hardt, Price & Srebro 2016): per-group
 * decision rules chosen on scored rows to meet a fairness bound with the
 * least loss of (weighted) accuracy, and the decisions they give.
 *
 * For every group the distinct scores v_1 > ... > v_m give m + 1 plain
 * rules "select the k highest levels" (k = 0..m) with selection rate sr(k),
 * true and false positive rates TPR(k), FPR(k) and correct(k) = weight of
 * the positives selected plus the negatives not selected.
 *
 * dp / air (one plain threshold per group). The constraint only looks at the
 * rates: max - min <= d (dp) or min / max >= r (air, favourable rates), i.e.
 * every group's rate lies in a window [L, u(L)] with u(L) = L + d or L / r.
 * An optimal window starts at some group's achievable rate, so we try every
 * achievable rate as L in increasing order; each group then takes its best
 * rule with a rate inside the window. Both window ends only move up, so a
 * monotone deque per group gives the window maxima in O(rows) overall.
 *
 * eo (randomised). Mixing plain rules reaches every point of the convex hull
 * of a group's ROC points; we use the part between the upper hull U and the
 * diagonal (mix the hull point at FPR f with "select at random with
 * probability f"). Equalized odds within d means every (FPR_g, TPR_g) lies
 * in a box [F, F + d] x [T, T + d]. For a fixed box each group maximises its
 * accuracy P_g TPR - N_g FPR over its polygon clipped to the box (a vertex of
 * the clipped polygon), and the total is a concave function of (F, T) (a
 * maximum of a linear function over a jointly convex set), which nested
 * golden-section searches maximise. Only the upper hull's vertices matter,
 * so a group costs O(hull vertices) per box.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/rng.h"
#include "mitigate/thresholds_internal.h"

/* Rates within this of a bound count as meeting it (rounding of sums). */
#define RATE_TOL 1e-12
/* Golden-section iterations: the interval shrinks to 0.618^80 ~ 2e-17 of 1. */
#define GOLDEN_ITERS 80
#define INV_PHI      0.6180339887498949

/* ---- per-group score levels -------------------------------------------------------- */

typedef struct row3 {
    double s, w;
    uint8_t y;
} row3;

typedef struct glevels {
    size_t m;      /* distinct scores */
    double *score; /* descending */
    double *pos;   /* weight of positives at each level */
    double *neg;
    double P, N; /* totals */
} glevels;

static int cmp_desc(const void *a, const void *b)
{
    double x = ((const row3 *)a)->s, y = ((const row3 *)b)->s;
    return (x < y) - (x > y);
}

static void levels_dispose(glevels *L, size_t n_groups)
{
    size_t g;

    if (L == NULL)
        return;
    for (g = 0; g < n_groups; g++) {
        fa_free(L[g].score);
        fa_free(L[g].pos);
        fa_free(L[g].neg);
    }
    fa_free(L);
}

static fa_status build_levels(const fa_th_data *d, size_t n_groups, glevels **out, fa_error *err)
{
    size_t *count = NULL, *start = NULL, i, g;
    row3 *rows = NULL;
    glevels *L = NULL;
    fa_status rc = FA_OK;

    *out = NULL;
    count = fa_calloc(n_groups + 1, sizeof *count);
    start = fa_calloc(n_groups + 1, sizeof *start);
    rows = fa_malloc((d->n ? d->n : 1) * sizeof *rows);
    L = fa_calloc(n_groups, sizeof *L);
    if (count == NULL || start == NULL || rows == NULL || L == NULL)
        goto oom;
    for (i = 0; i < d->n; i++)
        if (d->groups[i] < n_groups)
            count[d->groups[i]]++;
    for (g = 0; g < n_groups; g++)
        start[g + 1] = start[g] + count[g];
    memset(count, 0, (n_groups + 1) * sizeof *count);
    for (i = 0; i < d->n; i++) {
        size_t grp = d->groups[i];
        row3 *r;
        if (grp >= n_groups)
            continue;
        r = &rows[start[grp] + count[grp]++];
        r->s = d->scores[i];
        r->w = d->weights != NULL ? d->weights[i] : 1.0;
        r->y = d->labels[i] ? 1 : 0;
    }
    for (g = 0; g < n_groups; g++) {
        row3 *r = rows + start[g];
        size_t n = count[g], m = 0, j;
        qsort(r, n, sizeof *r, cmp_desc);
        L[g].score = fa_malloc((n ? n : 1) * sizeof(double));
        L[g].pos = fa_calloc(n ? n : 1, sizeof(double));
        L[g].neg = fa_calloc(n ? n : 1, sizeof(double));
        if (L[g].score == NULL || L[g].pos == NULL || L[g].neg == NULL)
            goto oom;
        for (j = 0; j < n; j++) {
            if (m == 0 || r[j].s != L[g].score[m - 1])
                L[g].score[m++] = r[j].s;
            if (r[j].y)
                L[g].pos[m - 1] += r[j].w;
            else
                L[g].neg[m - 1] += r[j].w;
        }
        L[g].m = m;
        for (j = 0; j < m; j++) {
            L[g].P += L[g].pos[j];
            L[g].N += L[g].neg[j];
        }
    }
    *out = L;
    L = NULL;
    goto done;
oom:
    rc = fa_error_set(err, FA_ENOMEM, "out of memory");
done:
    levels_dispose(L, n_groups);
    fa_free(count);
    fa_free(start);
    fa_free(rows);
    return rc;
}

/* Threshold of the plain rule selecting the k highest levels, 0 < k < m:
 * halfway between the lowest selected and the highest unselected score. */
static double level_threshold(const glevels *L, size_t k)
{
    double lo = L->score[k], hi = L->score[k - 1], t = lo + (hi - lo) / 2.0;
    return t > lo && t <= hi ? t : hi;
}

/* Rule selecting the k highest levels. */
static void plain_rule(const glevels *L, size_t k, fa_th_rule *r)
{
    memset(r, 0, sizeof *r);
    if (k == 0)
        return; /* never */
    if (k >= L->m) {
        r->p_below = 1.0; /* always */
        return;
    }
    r->n_steps = 1;
    r->steps[0].min_score = level_threshold(L, k);
    r->steps[0].p = 1.0;
}

double fa_th_rule_probability(const fa_th_rule *r, double score)
{
    size_t k;

    for (k = 0; k < r->n_steps; k++)
        if (score >= r->steps[k].min_score)
            return r->steps[k].p;
    return r->p_below;
}

bool fa_th_rule_valid(const fa_th_rule *r)
{
    size_t k;

    if (r->n_steps > FA_TH_MAX_STEPS || !(r->p_below >= 0.0 && r->p_below <= 1.0))
        return false;
    for (k = 0; k < r->n_steps; k++) {
        if (!isfinite(r->steps[k].min_score) || !(r->steps[k].p >= 0.0 && r->steps[k].p <= 1.0))
            return false;
        if (k > 0 && !(r->steps[k].min_score < r->steps[k - 1].min_score))
            return false;
    }
    return true;
}

bool fa_th_rule_randomized(const fa_th_rule *r)
{
    size_t k;

    if (r->p_below > 0.0 && r->p_below < 1.0)
        return true;
    for (k = 0; k < r->n_steps; k++)
        if (r->steps[k].p > 0.0 && r->steps[k].p < 1.0)
            return true;
    return false;
}

/* Expected rates of a rule on a group's rows. */
static void rule_fit(const glevels *L, const fa_th_rule *r, fa_th_fit *f)
{
    double sp = 0.0, sn = 0.0;
    size_t j;

    for (j = 0; j < L->m; j++) {
        double p = fa_th_rule_probability(r, L->score[j]);
        sp += p * L->pos[j];
        sn += p * L->neg[j];
    }
    f->weight = L->P + L->N;
    f->positives = L->P;
    f->negatives = L->N;
    f->selection_rate = f->weight > 0.0 ? (sp + sn) / f->weight : fa_nan();
    f->tpr = L->P > 0.0 ? sp / L->P : fa_nan();
    f->fpr = L->N > 0.0 ? sn / L->N : fa_nan();
    f->accuracy = f->weight > 0.0 ? (sp + L->N - sn) / f->weight : fa_nan();
}

/* The criterion's disparity over the groups' fits: dp/eo a difference, air a ratio. */
static double disparity(fa_fairness target, int favorable, const fa_th_fit *f, size_t n)
{
    double lo = HUGE_VAL, hi = -HUGE_VAL, lo2 = HUGE_VAL, hi2 = -HUGE_VAL;
    size_t g;

    for (g = 0; g < n; g++) {
        double a, b;
        if (target == FA_FAIRNESS_EO) {
            a = f[g].tpr;
            b = f[g].fpr;
        } else {
            a = target == FA_FAIRNESS_AIR && favorable == 0 ? 1.0 - f[g].selection_rate
                                                            : f[g].selection_rate;
            b = 0.0;
        }
        lo = a < lo ? a : lo;
        hi = a > hi ? a : hi;
        lo2 = b < lo2 ? b : lo2;
        hi2 = b > hi2 ? b : hi2;
    }
    if (target == FA_FAIRNESS_AIR)
        return hi > 0.0 ? lo / hi : fa_nan();
    if (target == FA_FAIRNESS_EO)
        return (hi - lo) > (hi2 - lo2) ? hi - lo : hi2 - lo2;
    return hi - lo;
}

/* ---- dp / air: windows over the rates ------------------------------------------------ */

typedef struct cand {
    double r; /* rate the window looks at */
    double correct;
    size_t k;
} cand;

typedef struct gwin {
    cand *c; /* sorted by r ascending */
    size_t M, lo, hi;
    size_t *dq; /* deque of candidate indices, correct decreasing */
    size_t head, tail;
} gwin;

static double window_top(fa_fairness target, double bound, double L)
{
    if (target == FA_FAIRNESS_DP)
        return L + bound;
    return bound > 0.0 ? L / bound : HUGE_VAL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static fa_status fit_windows(const glevels *L,
                             size_t G,
                             fa_fairness target,
                             double bound,
                             int favorable,
                             size_t *k_out,
                             fa_error *err)
{
    gwin *w = fa_calloc(G, sizeof *w);
    double *Ls = NULL, best = -HUGE_VAL;
    size_t n_L = 0, g, j, i;
    bool reverse = target == FA_FAIRNESS_AIR && favorable == 0;
    fa_status rc = FA_OK;

    if (w == NULL)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    for (g = 0; g < G; g++)
        n_L += L[g].m + 1;
    Ls = fa_malloc(n_L * sizeof *Ls);
    if (Ls == NULL)
        goto oom;
    n_L = 0;
    for (g = 0; g < G; g++) {
        double W = L[g].P + L[g].N, sp = 0.0, sn = 0.0;
        size_t M = L[g].m + 1;
        w[g].M = M;
        w[g].c = fa_malloc(M * sizeof *w[g].c);
        w[g].dq = fa_malloc(M * sizeof *w[g].dq);
        if (w[g].c == NULL || w[g].dq == NULL)
            goto oom;
        for (j = 0; j < M; j++) {
            double sr;
            if (j > 0) {
                sp += L[g].pos[j - 1];
                sn += L[g].neg[j - 1];
            }
            sr = (sp + sn) / W;
            i = reverse ? M - 1 - j : j;
            w[g].c[i].r = reverse ? 1.0 - sr : sr;
            w[g].c[i].correct = sp + (L[g].N - sn);
            w[g].c[i].k = j;
            Ls[n_L++] = w[g].c[i].r;
        }
    }
    qsort(Ls, n_L, sizeof *Ls, cmp_double);
    for (i = 0; i < n_L; i++) {
        double lo = Ls[i], top = window_top(target, bound, lo) + RATE_TOL, total = 0.0;
        bool feasible = true;
        if (i > 0 && Ls[i] == Ls[i - 1])
            continue;
        for (g = 0; g < G; g++) {
            gwin *q = &w[g];
            while (q->hi < q->M && q->c[q->hi].r <= top) {
                while (q->tail > q->head && q->c[q->dq[q->tail - 1]].correct < q->c[q->hi].correct)
                    q->tail--;
                q->dq[q->tail++] = q->hi++;
            }
            while (q->lo < q->M && q->c[q->lo].r < lo) {
                if (q->tail > q->head && q->dq[q->head] == q->lo)
                    q->head++;
                q->lo++;
            }
            if (q->tail == q->head) {
                feasible = false;
                continue;
            }
            total += q->c[q->dq[q->head]].correct;
        }
        if (feasible && total > best) {
            best = total;
            for (g = 0; g < G; g++)
                k_out[g] = w[g].c[w[g].dq[w[g].head]].k;
        }
    }
    if (!(best > -HUGE_VAL))
        rc = fa_error_set(err, FA_ERROR, "no thresholds meet the bound (internal error)");
    goto done;
oom:
    rc = fa_error_set(err, FA_ENOMEM, "out of memory");
done:
    for (g = 0; g < G; g++) {
        fa_free(w[g].c);
        fa_free(w[g].dq);
    }
    fa_free(w);
    fa_free(Ls);
    return rc;
}

/* ---- eo: ROC hulls and boxes ------------------------------------------------------- */

typedef struct pt {
    double f, t;
} pt;

typedef struct ghull {
    size_t J;  /* vertices */
    pt *v;     /* upper hull from (0,0) to (1,1) */
    size_t *k; /* plain rule of each vertex */
    double P, N;
    pt *poly, *tmp; /* clipping scratch: J + 8 points each */
} ghull;

typedef struct eo_ctx {
    const glevels *L;
    ghull *h;
    size_t G;
    double d;
} eo_ctx;

static double cross(pt o, pt a, pt b)
{
    return (a.f - o.f) * (b.t - o.t) - (a.t - o.t) * (b.f - o.f);
}

static fa_status build_hull(const glevels *L, ghull *h, fa_error *err)
{
    size_t m = L->m, j, n = 0;
    double sp = 0.0, sn = 0.0;

    h->v = fa_malloc((m + 1) * sizeof *h->v);
    h->k = fa_malloc((m + 1) * sizeof *h->k);
    h->poly = fa_malloc((m + 9) * sizeof *h->poly);
    h->tmp = fa_malloc((m + 9) * sizeof *h->tmp);
    if (h->v == NULL || h->k == NULL || h->poly == NULL || h->tmp == NULL)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    h->P = L->P;
    h->N = L->N;
    for (j = 0; j <= m; j++) {
        pt p;
        if (j > 0) {
            sp += L->pos[j - 1];
            sn += L->neg[j - 1];
        }
        p.f = j == m ? 1.0 : sn / L->N;
        p.t = j == m ? 1.0 : sp / L->P;
        while (n >= 2 && cross(h->v[n - 2], h->v[n - 1], p) >= 0.0)
            n--;
        h->v[n] = p;
        h->k[n++] = j;
    }
    h->J = n;
    return FA_OK;
}

/* Height of the upper hull at f, and the segment [j, j+1] with weight lam on j+1. */
static double hull_at(const ghull *h, double f, size_t *j_out, double *lam_out)
{
    size_t j = 0;

    if (h->J == 1) {
        *j_out = 0;
        *lam_out = 0.0;
        return h->v[0].t;
    }
    while (j + 2 < h->J && h->v[j + 1].f <= f)
        j++;
    /* v[j].f <= f <= v[j+1].f (up to clamping at the ends). */
    if (h->v[j + 1].f > h->v[j].f) {
        double lam = (f - h->v[j].f) / (h->v[j + 1].f - h->v[j].f);
        lam = lam < 0.0 ? 0.0 : lam > 1.0 ? 1.0 : lam;
        *j_out = j;
        *lam_out = lam;
        return h->v[j].t + lam * (h->v[j + 1].t - h->v[j].t);
    }
    *j_out = j;
    *lam_out = 1.0; /* vertical segment: its top */
    return h->v[j + 1].t;
}

/* Clips polygon in[0..n) to the half-plane a f + b t <= c into out; returns its size. */
static size_t clip(const pt *in, size_t n, double a, double b, double c, pt *out)
{
    size_t i, m = 0;

    for (i = 0; i < n; i++) {
        pt p = in[i], q = in[(i + 1) % n];
        double vp = a * p.f + b * p.t - c, vq = a * q.f + b * q.t - c;
        bool ip = vp <= RATE_TOL, iq = vq <= RATE_TOL;
        if (ip)
            out[m++] = p;
        if (ip != iq && vp != vq) {
            double s = vp / (vp - vq);
            pt x = {p.f + s * (q.f - p.f), p.t + s * (q.t - p.t)};
            out[m++] = x;
        }
    }
    return m;
}

/* Best accuracy term P t - N f of group h inside box [F, F+d] x [T, T+d]. */
static double group_best(ghull *h, double F, double T, double d, pt *best_out)
{
    size_t n = h->J, i;
    double best = -HUGE_VAL;
    pt *a = h->poly, *b = h->tmp, *sw;

    memcpy(a, h->v, n * sizeof *a); /* upper hull, closed by the diagonal back to (0,0) */
    n = clip(a, n, -1.0, 0.0, -F, b);
    sw = a, a = b, b = sw;
    n = clip(a, n, 1.0, 0.0, F + d, b);
    sw = a, a = b, b = sw;
    n = clip(a, n, 0.0, -1.0, -T, b);
    sw = a, a = b, b = sw;
    n = clip(a, n, 0.0, 1.0, T + d, b);
    for (i = 0; i < n; i++) {
        double v = h->P * b[i].t - h->N * b[i].f;
        if (v > best) {
            best = v;
            if (best_out != NULL)
                *best_out = b[i];
        }
    }
    return best;
}

static double eo_value(const eo_ctx *c, double F, double T)
{
    double total = 0.0;
    size_t g;

    for (g = 0; g < c->G; g++)
        total += group_best(&c->h[g], F, T, c->d, NULL);
    return total;
}

typedef double (*golden_fn)(const eo_ctx *c, double x, double y, double *arg_out);

/* Maximises fn(x, ., ...) over [lo, hi] for a concave fn by golden-section search. */
static double
golden(const eo_ctx *c, golden_fn fn, double other, double lo, double hi, double *x_out)
{
    double a = lo, b = hi, x1 = b - INV_PHI * (b - a), x2 = a + INV_PHI * (b - a);
    double f1 = fn(c, x1, other, NULL), f2 = fn(c, x2, other, NULL), fb;
    int it;

    for (it = 0; it < GOLDEN_ITERS && b - a > 0.0; it++) {
        if (f1 >= f2) {
            b = x2;
            x2 = x1;
            f2 = f1;
            x1 = b - INV_PHI * (b - a);
            f1 = fn(c, x1, other, NULL);
        } else {
            a = x1;
            x1 = x2;
            f1 = f2;
            x2 = a + INV_PHI * (b - a);
            f2 = fn(c, x2, other, NULL);
        }
    }
    *x_out = f1 >= f2 ? x1 : x2;
    fb = f1 >= f2 ? f1 : f2;
    /* The ends can be optimal (a corner of the feasible set). */
    if (fn(c, lo, other, NULL) > fb) {
        *x_out = lo;
        fb = fn(c, lo, other, NULL);
    }
    if (fn(c, hi, other, NULL) > fb) {
        *x_out = hi;
        fb = fn(c, hi, other, NULL);
    }
    return fb;
}

/* Feasible T for a box starting at F: every group's polygon meets the box. */
static void t_range(const eo_ctx *c, double F, double *lo, double *hi)
{
    double right = F + c->d < 1.0 ? F + c->d : 1.0, top = HUGE_VAL, lam;
    size_t g, j;

    for (g = 0; g < c->G; g++) {
        double u = hull_at(&c->h[g], right, &j, &lam);
        top = u < top ? u : top;
    }
    *lo = (F > 0.0 ? F : 0.0) - c->d;
    *hi = top;
}

static double value_at_T(const eo_ctx *c, double T, double F, double *unused)
{
    (void)unused;
    return eo_value(c, F, T);
}

static double value_at_F(const eo_ctx *c, double F, double unused, double *T_out)
{
    double lo, hi, T;
    (void)unused;
    t_range(c, F, &lo, &hi);
    if (hi < lo)
        return -HUGE_VAL;
    {
        double v = golden(c, value_at_T, F, lo, hi, &T);
        if (T_out != NULL)
            *T_out = T;
        return v;
    }
}

/* The rule reaching (f, t) of a group: mix of the hull point at f and random selection. */
static void eo_rule(const glevels *L, const ghull *h, pt p, fa_th_rule *r)
{
    size_t j, k_hi, k_lo;
    double lam, u = hull_at(h, p.f, &j, &lam), mu, base, p_mid, p_top;
    fa_th_rule a, b;

    mu = u > p.f ? (p.t - p.f) / (u - p.f) : 1.0;
    mu = mu < 0.0 ? 0.0 : mu > 1.0 ? 1.0 : mu;
    base = (1.0 - mu) * p.f;
    k_hi = h->k[j];                        /* fewer selected: higher threshold */
    k_lo = h->k[j + 1 < h->J ? j + 1 : j]; /* more selected */
    p_top = mu + base;
    p_mid = mu * lam + base;
    plain_rule(L, k_hi, &a);
    plain_rule(L, k_lo, &b);
    memset(r, 0, sizeof *r);
    r->p_below = base;
    /* Scores selected by the stricter rule get p_top, by the looser only p_mid. */
    if (a.n_steps == 1) {
        r->steps[r->n_steps].min_score = a.steps[0].min_score;
        r->steps[r->n_steps++].p = p_top;
    } else if (a.p_below == 1.0) {
        r->p_below = p_top; /* the stricter rule selects everything */
        return;
    }
    if (b.n_steps == 1 && (r->n_steps == 0 || b.steps[0].min_score < r->steps[0].min_score)) {
        r->steps[r->n_steps].min_score = b.steps[0].min_score;
        r->steps[r->n_steps++].p = p_mid;
    } else if (b.n_steps == 0 && b.p_below == 1.0) {
        r->p_below = p_mid; /* the looser rule selects everything */
    }
    /* Drop steps that do not change the probability. */
    while (r->n_steps > 0 && r->steps[r->n_steps - 1].p == r->p_below)
        r->n_steps--;
    if (r->n_steps == 2 && r->steps[0].p == r->steps[1].p) {
        r->steps[0] = r->steps[1];
        r->n_steps = 1;
    }
}

static fa_status fit_eo(const glevels *L, size_t G, double d, fa_th_rule *rules, fa_error *err)
{
    eo_ctx c;
    ghull *h = fa_calloc(G, sizeof *h);
    double F, T;
    fa_status rc = FA_OK;
    size_t g;

    if (h == NULL)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    c.L = L;
    c.h = h;
    c.G = G;
    c.d = d;
    for (g = 0; g < G && rc == FA_OK; g++)
        rc = build_hull(&L[g], &h[g], err);
    if (rc == FA_OK) {
        golden(&c, value_at_F, 0.0, -d, 1.0, &F);
        value_at_F(&c, F, 0.0, &T);
        for (g = 0; g < G; g++) {
            pt p = {0.0, 0.0};
            if (!(group_best(&h[g], F, T, d, &p) > -HUGE_VAL)) {
                rc = fa_error_set(err, FA_ERROR,
                                  "equalized odds search left the feasible set "
                                  "(internal error)");
                break;
            }
            eo_rule(&L[g], &h[g], p, &rules[g]);
        }
    }
    for (g = 0; g < G; g++) {
        fa_free(h[g].v);
        fa_free(h[g].k);
        fa_free(h[g].poly);
        fa_free(h[g].tmp);
    }
    fa_free(h);
    return rc;
}

/* ---- the public fit ------------------------------------------------------------------- */

void fa_thresholds_options_init(fa_thresholds_options *opts)
{
    fa_thresholds_options d = FA_THRESHOLDS_OPTIONS_INIT;
    *opts = d;
}

static fa_status check_fit_options(const fa_thresholds_options *o, fa_error *err)
{
    if (o == NULL || o->version != FA_THRESHOLDS_OPTIONS_VERSION)
        FA_FAIL(err, FA_EINVAL, "thresholds options: missing or unknown version");
    if (fa_fairness_name(o->target) == NULL)
        FA_FAIL(err, FA_EINVAL, "unknown fairness target %d", (int)o->target);
    if (!(o->bound >= 0.0 && o->bound <= 1.0))
        FA_FAIL(err, FA_EINVAL, "the bound must lie in [0, 1], got %g", o->bound);
    if (o->favorable != 0 && o->favorable != 1)
        FA_FAIL(err, FA_EINVAL, "the favourable value must be 0 or 1, got %d", o->favorable);
    if (!isfinite(o->base_threshold))
        FA_FAIL(err, FA_EINVAL, "the base threshold must be finite");
    return FA_OK;
}

fa_status fa_thresholds_fit(fa_thresholds **out,
                            const double *scores,
                            const uint8_t *labels,
                            const double *weights,
                            const size_t *groups,
                            size_t n,
                            const char *const *group_values,
                            size_t n_groups,
                            const char *const *columns,
                            size_t n_columns,
                            const fa_thresholds_options *opts,
                            fa_error *err)
{
    fa_thresholds *th = NULL;
    glevels *L = NULL;
    fa_th_fit *before = NULL, *after = NULL;
    size_t *k = NULL, i, g;
    fa_th_data d = {scores, labels, weights, groups, n};
    double W = 0.0, acc_b = 0.0, acc_a = 0.0;
    fa_status rc;

    FA_CHECK_ARG(err, out != NULL && (n == 0 || (scores && labels && groups)));
    FA_CHECK_ARG(err, n_groups > 0 && group_values != NULL && n_columns > 0 && columns != NULL);
    *out = NULL;
    FA_TRY(check_fit_options(opts, err));
    for (i = 0; i < n; i++) {
        if (groups[i] != SIZE_MAX && groups[i] >= n_groups)
            FA_FAIL(err, FA_EINVAL, "row %zu: group %zu out of range", i + 1, groups[i]);
        if (groups[i] != SIZE_MAX && !isfinite(scores[i]))
            FA_FAIL(err, FA_EDATA, "row %zu: the score is not finite", i + 1);
        if (weights != NULL && !(weights[i] >= 0.0 && isfinite(weights[i])))
            FA_FAIL(err, FA_EDATA, "row %zu: weight must be finite and >= 0", i + 1);
    }
    FA_TRY(fa_th_new(&th, columns, n_columns, group_values, n_groups, err));
    th->target = opts->target;
    th->bound = opts->bound;
    th->favorable = opts->favorable;
    th->seed = opts->seed;
    th->base_threshold = opts->base_threshold;
    rc = build_levels(&d, n_groups, &L, err);
    if (rc != FA_OK)
        goto done;
    for (g = 0; g < n_groups && rc == FA_OK; g++) {
        if (!(L[g].P + L[g].N > 0.0))
            rc = fa_error_set(err, FA_EDATA, "group %zu (%s) has no rows with positive weight",
                              g + 1, group_values[g * n_columns]);
        else if (opts->target == FA_FAIRNESS_EO && (!(L[g].P > 0.0) || !(L[g].N > 0.0)))
            rc = fa_error_set(err, FA_EDATA,
                              "group %zu (%s) has no %s rows: its %s is undefined, so equalized "
                              "odds cannot be met",
                              g + 1, group_values[g * n_columns],
                              L[g].P > 0.0 ? "negative" : "positive",
                              L[g].P > 0.0 ? "false positive rate" : "true positive rate");
    }
    if (rc != FA_OK)
        goto done;
    k = fa_calloc(n_groups, sizeof *k);
    before = fa_calloc(n_groups, sizeof *before);
    after = fa_calloc(n_groups, sizeof *after);
    if (k == NULL || before == NULL || after == NULL) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        goto done;
    }
    if (opts->target == FA_FAIRNESS_EO) {
        rc = fit_eo(L, n_groups, opts->bound, th->rules, err);
    } else {
        rc = fit_windows(L, n_groups, opts->target, opts->bound, opts->favorable, k, err);
        for (g = 0; rc == FA_OK && g < n_groups; g++)
            plain_rule(&L[g], k[g], &th->rules[g]);
    }
    if (rc != FA_OK)
        goto done;
    for (g = 0; g < n_groups; g++) {
        fa_th_rule base;
        memset(&base, 0, sizeof base);
        base.n_steps = 1;
        base.steps[0].min_score = opts->base_threshold;
        base.steps[0].p = 1.0;
        rule_fit(&L[g], &base, &before[g]);
        rule_fit(&L[g], &th->rules[g], &after[g]);
        th->rules[g].fit = after[g];
        W += after[g].weight;
        acc_b += before[g].accuracy * before[g].weight;
        acc_a += after[g].accuracy * after[g].weight;
        if (fa_th_rule_randomized(&th->rules[g]))
            th->summary.randomized = 1;
    }
    th->summary.target = opts->target;
    th->summary.bound = opts->bound;
    th->summary.rows = W;
    th->summary.accuracy_before = acc_b / W;
    th->summary.accuracy_after = acc_a / W;
    th->summary.disparity_before = disparity(opts->target, opts->favorable, before, n_groups);
    th->summary.disparity_after = disparity(opts->target, opts->favorable, after, n_groups);
done:
    levels_dispose(L, n_groups);
    fa_free(k);
    fa_free(before);
    fa_free(after);
    if (rc != FA_OK) {
        fa_thresholds_free(th);
        return rc;
    }
    *out = th;
    return FA_OK;
}

/* ---- using rules ---------------------------------------------------------------------- */

double fa_thresholds_probability(const fa_thresholds *th, size_t g, double score)
{
    if (g >= th->n_groups)
        return fa_nan();
    return fa_th_rule_probability(&th->rules[g], score);
}

int fa_thresholds_decide(const fa_thresholds *th, size_t g, double score, uint64_t row)
{
    double p = fa_thresholds_probability(th, g, score);
    fa_rng rng;

    if (!(p > 0.0))
        return 0;
    if (p >= 1.0)
        return 1;
    fa_rng_seed_stream(&rng, th->seed, row);
    return fa_rng_uniform(&rng) < p;
}

void fa_thresholds_get_summary(const fa_thresholds *th, fa_thresholds_summary *out)
{
    *out = th->summary;
}
