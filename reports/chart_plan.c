/*
 * chart_plan.c — which charts an audit document supports, their names and
 * captions, and running gnuplot on them (gnuplot.c writes each chart's files,
 * gnuplot_run.c runs one script).
 *
 * A chart is planned when the document has its data: selection rate and
 * TPR/FPR from the group metrics, ROC and the threshold sweep from the
 * groups' sweeps, reliability and score distribution from the calibration
 * bins (or a finer score_histogram), before/after and the frontier when a
 * baseline audit (or a mitigation frontier) is given. File names are
 * `a<k>-<slug>-<kind>`: k is the attribute's position, the slug keeps only
 * letters and digits of its name, so no document string reaches a path.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fairaudit/report.h"

#include "report_charts.h"
#include "report_escape.h"

#define SLUG_MAX 24

static const char *const kind_names[FA_CH_KIND_COUNT] = {
    "selection_rate",  "error_rates",        "roc",          "calibration",
    "threshold_sweep", "score_distribution", "before_after", "frontier"};

static const char *attr_label(const fa_rattr *a)
{
    return a->name[0] != '\0' ? a->name : "(unnamed attribute)";
}

/* Groups drawn in line charts: the FA_REPORT_MAX_LINE_GROUPS largest with
 * data (in document order). Returns how many groups had data. */
static size_t
pick_line_groups(const fa_rattr *a, bool (*has)(const fa_rgroup *), size_t *idx, size_t *n_idx)
{
    size_t i, j, n_with = 0;

    *n_idx = 0;
    for (i = 0; i < a->n_groups; i++) {
        if (!has(&a->groups[i]))
            continue;
        n_with++;
        if (*n_idx < FA_REPORT_MAX_LINE_GROUPS) {
            idx[(*n_idx)++] = i;
            continue;
        }
        /* replace the smallest picked group if this one is larger */
        {
            size_t small = 0;
            for (j = 1; j < *n_idx; j++)
                if (a->groups[idx[j]].n < a->groups[idx[small]].n)
                    small = j;
            if (a->groups[i].n > a->groups[idx[small]].n) {
                memmove(&idx[small], &idx[small + 1], (*n_idx - small - 1) * sizeof *idx);
                idx[*n_idx - 1] = i;
            }
        }
    }
    return n_with;
}

static bool has_sweep_roc(const fa_rgroup *g)
{
    return g->sweep.n > 0 && g->sweep.tpr != NULL && g->sweep.fpr != NULL;
}
static bool has_sweep_sel(const fa_rgroup *g)
{
    return g->sweep.n > 0 && g->sweep.selection_rate != NULL;
}
static bool has_cal(const fa_rgroup *g)
{
    return g->n_cal > 0;
}
static bool has_hist(const fa_rgroup *g)
{
    return g->n_hist > 0 || g->n_cal > 0;
}

/* ---- chart planning ----------------------------------------------------------- */

static fa_status add_chart(fa_rcharts *cs,
                           fa_rchart_kind kind,
                           size_t ai,
                           const fa_rattr *a,
                           const char *title_prefix,
                           const char *caption,
                           fa_error *err)
{
    fa_rchart *c;
    fa_buf b = FA_BUF_INIT;

    if (cs->n == cs->cap) {
        size_t cap = cs->cap ? cs->cap * 2 : 16;
        fa_rchart *p = fa_reallocarray(cs->v, cap, sizeof *p);
        FA_CHECK_ALLOC(err, p);
        cs->v = p;
        cs->cap = cap;
    }
    c = &cs->v[cs->n];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->attr = ai;
    fa_buf_printf(&b, "a%zu-", ai + 1);
    fa_esc_slug(&b, a->name, SLUG_MAX);
    fa_buf_printf(&b, "-%s", kind_names[kind]);
    c->id = b.oom ? NULL : fa_buf_detach(&b, NULL);
    fa_buf_dispose(&b);
    fa_buf_puts(&b, title_prefix);
    fa_buf_puts(&b, attr_label(a));
    c->title = b.oom ? NULL : fa_buf_detach(&b, NULL);
    fa_buf_dispose(&b);
    c->caption = fa_strdup(caption);
    if (c->id == NULL || c->title == NULL || c->caption == NULL) {
        fa_free(c->id);
        fa_free(c->title);
        fa_free(c->caption);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    cs->n++;
    return FA_OK;
}

/* ---- planning ----------------------------------------------------------------------- */

static bool any_group(const fa_rattr *a, bool (*has)(const fa_rgroup *))
{
    size_t i;

    for (i = 0; i < a->n_groups; i++)
        if (has(&a->groups[i]))
            return true;
    return false;
}

static bool has_sel(const fa_rgroup *g)
{
    return fa_rval_defined(&g->metrics[FA_RM_SELECTION_RATE]);
}
static bool has_sel_ci(const fa_rgroup *g)
{
    return fa_rval_has_ci(&g->metrics[FA_RM_SELECTION_RATE]);
}
static bool has_err_ci(const fa_rgroup *g)
{
    return fa_rval_has_ci(&g->metrics[FA_RM_TPR]) || fa_rval_has_ci(&g->metrics[FA_RM_FPR]);
}
static bool has_err(const fa_rgroup *g)
{
    return fa_rval_defined(&g->metrics[FA_RM_TPR]) || fa_rval_defined(&g->metrics[FA_RM_FPR]);
}

size_t fa_chart__line_groups(const fa_rattr *a, fa_rchart_kind kind, size_t *idx, size_t *n_idx)
{
    switch (kind) {
    case FA_CH_ROC:
        return pick_line_groups(a, has_sweep_roc, idx, n_idx);
    case FA_CH_THRESHOLD_SWEEP:
        return pick_line_groups(a, has_sweep_sel, idx, n_idx);
    case FA_CH_CALIBRATION:
        return pick_line_groups(a, has_cal, idx, n_idx);
    case FA_CH_SCORE_DISTRIBUTION:
        return pick_line_groups(a, has_hist, idx, n_idx);
    default:
        *n_idx = 0;
        return 0;
    }
}

static size_t omitted(const fa_rattr *a, bool (*has)(const fa_rgroup *))
{
    size_t idx[FA_REPORT_MAX_LINE_GROUPS], n_idx;
    size_t n_with = pick_line_groups(a, has, idx, &n_idx);

    return n_with - n_idx;
}

static fa_status
plan_caption(fa_buf *b, const char *text, const fa_rattr *a, bool (*has)(const fa_rgroup *))
{
    size_t left = has ? omitted(a, has) : 0;

    fa_buf_clear(b);
    fa_buf_puts(b, text);
    if (left > 0)
        fa_buf_printf(b, " The %u largest groups are shown; %zu smaller group%s left out.",
                      FA_REPORT_MAX_LINE_GROUPS, left, left == 1 ? " is" : "s are");
    return b->oom ? FA_ENOMEM : FA_OK;
}

fa_status fa_charts_write(
    fa_rcharts *cs, const fa_rdoc *d, const fa_rdoc *base, const char *dir, fa_error *err)
{
    size_t ai, i;
    fa_buf cap = FA_BUF_INIT;
    fa_status rc = FA_OK;

    memset(cs, 0, sizeof *cs);
    for (ai = 0; ai < d->n_attrs && rc == FA_OK; ai++) {
        const fa_rattr *a = &d->attrs[ai];
        bool has_base = base != NULL && fa_rdoc_attr(base, a->name) != NULL;
        bool has_frontier =
            has_base || (d->mitigation != NULL &&
                         fa_json_is(fa_json_member(d->mitigation, "frontier"), FA_JSON_ARRAY));
        if (a->n_groups == 0)
            continue;
#define PLAN(kind, cond, title, text, hasfn)                                                       \
    if (rc == FA_OK && (cond)) {                                                                   \
        if (plan_caption(&cap, text, a, hasfn) != FA_OK)                                           \
            rc = fa_error_set(err, FA_ENOMEM, "out of memory");                                    \
        else                                                                                       \
            rc = add_chart(cs, kind, ai, a, title, cap.ptr, err);                                  \
    }
        PLAN(FA_CH_SELECTION_RATE, any_group(a, has_sel), "Selection rate by group: ",
             any_group(a, has_sel_ci)
                 ? "Selection rate per group with its confidence interval; the dashed line is "
                   "the reference group's rate and the green band spans adverse impact ratios "
                   "from 0.8 to 1.25 (the four-fifths rule)."
                 : "Selection rate per group (the audit document gives no per-group confidence "
                   "intervals); the dashed line is the reference group's rate and the green "
                   "band spans adverse impact ratios from 0.8 to 1.25 (the four-fifths rule).",
             NULL)
        PLAN(FA_CH_ERROR_RATES, any_group(a, has_err), "TPR and FPR by group: ",
             any_group(a, has_err_ci)
                 ? "True and false positive rates per group at the decision threshold, with "
                   "their confidence intervals."
                 : "True and false positive rates per group at the decision threshold.",
             NULL)
        PLAN(FA_CH_ROC, any_group(a, has_sweep_roc),
             "ROC curve by group: ", "ROC curve per group, traced from the threshold sweep.",
             has_sweep_roc)
        PLAN(FA_CH_CALIBRATION, any_group(a, has_cal), "Reliability (calibration) by group: ",
             "Observed positive rate against mean score per score bin; points on the diagonal "
             "are perfectly calibrated.",
             has_cal)
        PLAN(FA_CH_THRESHOLD_SWEEP, any_group(a, has_sweep_sel),
             "Selection rate against threshold: ",
             "Selection rate each group would have at every threshold of the sweep; the "
             "dotted line marks the audited threshold.",
             has_sweep_sel)
        PLAN(FA_CH_SCORE_DISTRIBUTION, any_group(a, has_hist),
             "Score distribution by group: ", "Share of each group's rows per score bin.", has_hist)
        PLAN(FA_CH_BEFORE_AFTER, has_base, "Before and after: ",
             "Disparities of this attribute and overall accuracy in the baseline audit "
             "(before) and in this audit (after).",
             NULL)
        PLAN(FA_CH_FRONTIER, has_frontier, "Accuracy-disparity trade-off: ",
             "Overall accuracy against demographic parity difference for the baseline, this "
             "audit and any mitigation candidates.",
             NULL)
#undef PLAN
    }
    fa_buf_dispose(&cap);
    for (i = 0; i < cs->n && rc == FA_OK; i++)
        rc = fa_chart__write(&cs->v[i], d, base, dir, err);
    if (rc != FA_OK)
        fa_charts_dispose(cs);
    return rc;
}

fa_status fa_charts_render(fa_rcharts *cs,
                           const char *dir,
                           const char *gnuplot,
                           unsigned timeout_s,
                           fa_log_fn log,
                           void *payload,
                           fa_error *err)
{
    fa_buf missing = FA_BUF_INIT, msg = FA_BUF_INIT, script = FA_BUF_INIT, path = FA_BUF_INIT;
    size_t i, n_missing = 0;
    bool not_found = false;
    fa_status rc = FA_OK;
    char first_error[256] = "";

    for (i = 0; i < cs->n && rc == FA_OK; i++) {
        fa_rchart *c = &cs->v[i];
        fa_gp_outcome out = FA_GP_NOT_FOUND;
        fa_buf errtext = FA_BUF_INIT;

        if (gnuplot != NULL && gnuplot[0] != '\0' && !not_found) {
            fa_buf_clear(&script);
            fa_buf_printf(&script, "%s.gp", c->id);
            if (script.oom) {
                rc = fa_error_set(err, FA_ENOMEM, "out of memory");
                break;
            }
            rc = fa_gnuplot_run(gnuplot, dir, script.ptr, timeout_s, &out, &errtext, err);
            if (rc != FA_OK) {
                fa_buf_dispose(&errtext);
                break;
            }
        }
        if (out == FA_GP_OK) {
            fa_buf_clear(&path);
            fa_buf_printf(&path, "%s/%s.svg", dir, c->id);
            c->svg_path = fa_buf_detach(&path, NULL);
            if (c->svg_path == NULL)
                rc = fa_error_set(err, FA_ENOMEM, "out of memory");
            c->rendered = true;
        } else {
            /* gnuplot writes <id>.svg and <id>.png itself: a failed or killed run
             * may leave them half-written (or stale from an earlier run). */
            static const char *const images[] = {"svg", "png"};
            size_t k;

            for (k = 0; k < 2 && rc == FA_OK; k++) {
                fa_buf_clear(&path);
                fa_buf_printf(&path, "%s/%s.%s", dir, c->id, images[k]);
                if (path.oom)
                    rc = fa_error_set(err, FA_ENOMEM, "out of memory");
                else
                    (void)unlink(path.ptr);
            }
            if (out == FA_GP_NOT_FOUND)
                not_found = true;
            if (first_error[0] == '\0' && errtext.len > 0)
                snprintf(first_error, sizeof first_error, "%.*s", (int)strcspn(errtext.ptr, "\n"),
                         errtext.ptr);
            if (out == FA_GP_TIMEOUT && first_error[0] == '\0')
                snprintf(first_error, sizeof first_error, "timed out after %u s", timeout_s);
            fa_buf_printf(&missing, "%s%s", n_missing ? ", " : "", c->id);
            n_missing++;
        }
        fa_buf_dispose(&errtext);
    }
    if (rc == FA_OK && n_missing > 0 && log != NULL) {
        if (gnuplot == NULL || gnuplot[0] == '\0')
            fa_buf_printf(&msg, "charts not rendered (gnuplot disabled): %s", missing.ptr);
        else if (not_found)
            fa_buf_printf(&msg,
                          "gnuplot not found (%s); install gnuplot (Debian: gnuplot-nox) to "
                          "get charts. Missing charts: %s",
                          first_error, missing.ptr);
        else
            fa_buf_printf(&msg, "gnuplot failed on %zu chart%s (%s): %s", n_missing,
                          n_missing == 1 ? "" : "s", first_error, missing.ptr);
        if (!msg.oom)
            log(FA_LOG_WARNING, msg.ptr, payload);
    }
    if (rc == FA_OK && (missing.oom || msg.oom))
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
    fa_buf_dispose(&missing);
    fa_buf_dispose(&msg);
    fa_buf_dispose(&script);
    fa_buf_dispose(&path);
    return rc;
}

const fa_rchart *fa_charts_find(const fa_rcharts *cs, fa_rchart_kind kind, size_t attr)
{
    size_t i;

    for (i = 0; i < cs->n; i++)
        if (cs->v[i].kind == kind && cs->v[i].attr == attr)
            return &cs->v[i];
    return NULL;
}

void fa_charts_dispose(fa_rcharts *cs)
{
    size_t i;

    for (i = 0; i < cs->n; i++) {
        fa_free(cs->v[i].id);
        fa_free(cs->v[i].title);
        fa_free(cs->v[i].caption);
        fa_free(cs->v[i].svg_path);
    }
    fa_free(cs->v);
    memset(cs, 0, sizeof *cs);
}
