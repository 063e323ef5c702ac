/*
 * gnuplot.c — writes the .dat and .gp files of one chart (chart_plan.c plans
 * the charts, names them and runs gnuplot).
 *
 * Per attribute: selection rate by group (CI bars when the document has
 * per-group intervals, the four-fifths band around the reference group's
 * rate), TPR and FPR by group, ROC per group (from the threshold sweep),
 * reliability curve per group (calibration bins, with the diagonal),
 * selection rate against threshold (the sweep), score distribution per
 * group; with a baseline audit or a mitigation section: before/after bars
 * and the accuracy–disparity frontier.
 *
 * Safety contract (see report_charts.h): group names and other document
 * strings are written only as escaped .dat fields (fa_esc_gp_field) and read
 * by gnuplot as data (xticlabels, columnheader); the only document string in
 * a .gp file is the attribute name inside chart titles, written as an
 * escaped single-quoted literal (fa_esc_gp_literal), and every terminal is
 * `noenhanced`, so no text is interpreted as markup either. Numbers are
 * written locale-free (fa_format_double).
 *
 * Sizes: a chart's .dat holds at most (groups x bins) rows; an audit with a
 * few attributes writes a few dozen small files.
 */
#include <stdio.h>
#include <string.h>

#include "fairaudit/report.h"

#include "common/fileio.h"
#include "report_charts.h"
#include "report_escape.h"

/* The four-fifths rule (US Uniform Guidelines, 29 CFR 1607.4(D)): a group's
 * selection rate below 0.8 times the reference rate indicates adverse impact.
 * The band shows ratios from 0.8 to 1/0.8 = 1.25 around the reference. */
#define FOUR_FIFTHS 0.8
/* Longest group label drawn in a chart, in characters. */
#define CHART_LABEL_MAX 28
/* Confidence level named in chart legends when the document states none: the
 * audit engine's default (fairaudit audit --ci-level). */
#define FA_CHART_DEFAULT_CI_LEVEL 0.95
/* x tick labels are rotated when there are many groups or long names */
#define ROTATE_GROUPS    5
#define ROTATE_LABEL_LEN 12

#define SVG_W 900
#define SVG_H 500
#define PNG_W 1200
#define PNG_H 667

/* Okabe–Ito colours (distinguishable with colour-vision deficiencies). */
static const char *const palette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                      "#56B4E9", "#D55E00", "#000000", "#999933"};
#define N_PALETTE (sizeof palette / sizeof palette[0])

/* ---- small writers ------------------------------------------------------------- */

static void put_num(fa_buf *b, double v)
{
    char tmp[40];

    if (isnan(v) || isinf(v)) {
        fa_buf_puts(b, "NaN");
        return;
    }
    (void)fa_format_double(tmp, sizeof tmp, v);
    fa_buf_puts(b, tmp);
}

static void tab(fa_buf *b)
{
    fa_buf_putc(b, '\t');
}

/* Display label of a group for charts ("(empty)" for the empty string). */
static const char *glabel(const fa_rgroup *g)
{
    return g->value[0] != '\0' ? g->value : "(empty)";
}

/*
 * A label as a .dat field, cut to CHART_LABEL_MAX characters (with an
 * ellipsis) so a long group name cannot squeeze the plot; the report's
 * tables show every name in full.
 */
static void put_label(fa_buf *dat, const char *s)
{
    fa_buf cut = FA_BUF_INIT;
    size_t chars = 0, len;
    unsigned long cp;
    const char *p = s;

    while (*p != '\0' && chars < CHART_LABEL_MAX) {
        len = fa_esc_utf8_next(p, &cp);
        p += len;
        chars++;
    }
    if (*p == '\0') {
        fa_esc_gp_field(dat, s);
        return;
    }
    fa_buf_put(&cut, s, (size_t)(p - s));
    fa_buf_puts(&cut, "\xE2\x80\xA6"); /* U+2026 */
    if (cut.oom)
        dat->oom = true;
    else
        fa_esc_gp_field(dat, cut.ptr);
    fa_buf_dispose(&cut);
}

/* Script preamble: header comment, encoding, data format, SVG terminal,
 * palette, title and axis labels. */
static void
gp_begin(fa_buf *gp, const char *id, const char *title, const char *xlabel, const char *ylabel)
{
    size_t i;

    fa_buf_printf(gp,
                  "# %s.gp - written by fairaudit from the audit document; data in %s.dat.\n"
                  "# Restyle freely, then rerun from this folder:  gnuplot %s.gp\n"
                  "# Group names are read from the .dat file (never spliced into commands).\n",
                  id, id, id);
    fa_buf_puts(gp, "set encoding utf8\nset datafile separator \"\\t\"\n");
    fa_buf_printf(gp,
                  "set terminal svg size %d,%d noenhanced font 'DejaVu Sans,13' "
                  "background rgb 'white'\n",
                  SVG_W, SVG_H);
    fa_buf_puts(gp, "set output ");
    fa_buf_puts(gp, "'");
    fa_buf_puts(gp, id); /* a slug: letters, digits, '-' and '_' only */
    fa_buf_puts(gp, ".svg'\n");
    for (i = 0; i < N_PALETTE; i++)
        fa_buf_printf(gp, "set linetype %zu lc rgb '%s' lw 2 pt 7 ps 0.9\n", i + 1, palette[i]);
    fa_buf_puts(gp, "set title ");
    fa_esc_gp_literal(gp, title);
    fa_buf_puts(gp, " font ',15'\nset xlabel ");
    fa_esc_gp_literal(gp, xlabel);
    fa_buf_puts(gp, "\nset ylabel ");
    fa_esc_gp_literal(gp, ylabel);
    fa_buf_puts(gp, "\nset grid lc rgb '#dddddd'\nset border 3\nset tics nomirror\n"
                    "set key outside right top vertical box lc rgb '#cccccc'\n");
}

/* Script tail: the same plot again as PNG. */
static void gp_end(fa_buf *gp, const char *id)
{
    fa_buf_printf(gp,
                  "set terminal pngcairo size %d,%d noenhanced font 'DejaVu Sans,13' "
                  "background rgb 'white'\n"
                  "set output '%s.png'\nreplot\nunset output\n",
                  PNG_W, PNG_H, id);
}

static fa_status
write_pair(const char *dir, const char *id, const fa_buf *dat, const fa_buf *gp, fa_error *err)
{
    fa_buf path = FA_BUF_INIT;
    fa_status rc;

    if (dat->oom || gp->oom)
        FA_FAIL(err, FA_ENOMEM, "out of memory writing chart %s", id);
    fa_buf_printf(&path, "%s/%s.dat", dir, id);
    if (path.oom)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    rc = fa_write_file_atomic(path.ptr, dat->ptr ? dat->ptr : "", dat->len, err);
    if (rc == FA_OK) {
        fa_buf_clear(&path);
        fa_buf_printf(&path, "%s/%s.gp", dir, id);
        rc = path.oom ? fa_error_set(err, FA_ENOMEM, "out of memory")
                      : fa_write_file_atomic(path.ptr, gp->ptr, gp->len, err);
    }
    fa_buf_dispose(&path);
    return rc;
}

/* x tick settings for a categorical axis of group labels. */
static void gp_group_xtics(fa_buf *gp, const fa_rattr *a)
{
    size_t i, longest = 0;

    for (i = 0; i < a->n_groups; i++) {
        size_t l = strlen(a->groups[i].value);
        if (l > longest)
            longest = l;
    }
    if (a->n_groups > ROTATE_GROUPS || longest > ROTATE_LABEL_LEN)
        fa_buf_puts(gp, "set xtics rotate by 30 right\n");
    fa_buf_printf(gp, "set xrange [-0.6:%zu.6]\n", a->n_groups ? a->n_groups - 1 : 0);
}

/* ---- the charts ------------------------------------------------------------------ */

static fa_status chart_selection(
    const fa_rchart *c, const fa_rdoc *d, const fa_rattr *a, const char *dir, fa_error *err)
{
    fa_buf dat = FA_BUF_INIT, gp = FA_BUF_INIT;
    const fa_rgroup *ref = fa_rattr_group(a, a->reference);
    size_t i;
    bool any_small = false, any_ci = false;
    fa_status rc;
    double conf = isnan(d->ci_level) ? FA_CHART_DEFAULT_CI_LEVEL : d->ci_level;

    fa_buf_puts(&dat, "# index\tgroup\tselection_rate\tci_lo\tci_hi\tn\tis_reference\t"
                      "insufficient\n");
    for (i = 0; i < a->n_groups; i++) {
        const fa_rgroup *g = &a->groups[i];
        const fa_rval *sr = &g->metrics[FA_RM_SELECTION_RATE];
        fa_buf_printf(&dat, "%zu\t", i);
        put_label(&dat, glabel(g));
        tab(&dat);
        put_num(&dat, sr->v);
        tab(&dat);
        put_num(&dat, fa_rval_has_ci(sr) ? sr->lo : sr->v);
        tab(&dat);
        put_num(&dat, fa_rval_has_ci(sr) ? sr->hi : sr->v);
        tab(&dat);
        put_num(&dat, g->n);
        fa_buf_printf(&dat, "\t%d\t%d\n", g->is_reference ? 1 : 0, g->insufficient ? 1 : 0);
        any_small |= g->insufficient;
        any_ci |= fa_rval_has_ci(sr);
    }
    gp_begin(&gp, c->id, c->title, "Group", "Selection rate (share decided favourably)");
    gp_group_xtics(&gp, a);
    fa_buf_puts(&gp, "set key outside top center horizontal\nset yrange [0:1.1]\nset ytics 0.1\n"
                     "set style fill solid 0.85 border rgb '#333333'\nset boxwidth 0.6\n"
                     "set linetype 11 lc rgb '#0072B2'\nset linetype 12 lc rgb '#4d4d4d'\n"
                     "set linetype 13 lc rgb '#b8b8b8'\n");
    if (ref != NULL && fa_rval_defined(&ref->metrics[FA_RM_SELECTION_RATE])) {
        fa_buf_puts(&gp, "ref = ");
        put_num(&gp, ref->metrics[FA_RM_SELECTION_RATE].v);
        fa_buf_printf(&gp,
                      "\nband_lo = %g * ref\nband_hi = (ref / %g < 1.0) ? ref / %g : 1.0\n"
                      "set object 1 rectangle from graph 0, first band_lo to graph 1, first "
                      "band_hi fillcolor rgb '#cfe8cf' fillstyle solid 0.6 noborder behind\n"
                      "set arrow 1 from graph 0, first ref to graph 1, first ref nohead dt 2 "
                      "lw 1.5 lc rgb '#2f6f2f' front\n",
                      FOUR_FIFTHS, FOUR_FIFTHS, FOUR_FIFTHS);
    }
    fa_buf_printf(&gp,
                  "plot '%s.dat' using 1:3:(column(7) > 0 ? 12 : (column(8) > 0 ? 13 : 11))"
                  ":xticlabels(2) with boxes lc variable notitle, \\\n",
                  c->id);
    if (any_ci)
        fa_buf_printf(&gp,
                      "     '' using 1:3:4:5 with yerrorbars lc rgb 'black' pt 7 ps 0.5 lw 1.5 "
                      "title '%g%% confidence interval', \\\n",
                      conf * 100.0);
    fa_buf_puts(&gp, "     '' using 1:(column(5) > column(3) ? column(5) : column(3)):"
                     "(sprintf('%.3f', column(3))) with labels offset 0,1.1 font ',11' notitle");
    fa_buf_puts(&gp, ", \\\n     NaN with boxes lc 11 title 'group'");
    if (ref != NULL)
        fa_buf_puts(&gp, ", \\\n     NaN with boxes lc 12 title 'reference group', \\\n"
                         "     NaN with lines dt 2 lw 1.5 lc rgb '#2f6f2f' title 'reference "
                         "rate', \\\n     NaN with boxes fc rgb '#cfe8cf' fs solid 0.6 "
                         "noborder title 'four-fifths band (0.8-1.25 x ref.)'");
    if (any_small)
        fa_buf_puts(&gp, ", \\\n     NaN with boxes lc 13 title 'below min. group size'");
    fa_buf_putc(&gp, '\n');
    gp_end(&gp, c->id);
    rc = write_pair(dir, c->id, &dat, &gp, err);
    fa_buf_dispose(&dat);
    fa_buf_dispose(&gp);
    return rc;
}

static fa_status
chart_error_rates(const fa_rchart *c, const fa_rattr *a, const char *dir, fa_error *err)
{
    fa_buf dat = FA_BUF_INIT, gp = FA_BUF_INIT;
    size_t i, k;
    fa_status rc;
    static const int cols[] = {FA_RM_TPR, FA_RM_FPR};
    bool any_ci = false;

    fa_buf_puts(&dat, "# group\ttpr\ttpr_lo\ttpr_hi\tfpr\tfpr_lo\tfpr_hi\n");
    for (i = 0; i < a->n_groups; i++) {
        const fa_rgroup *g = &a->groups[i];
        put_label(&dat, glabel(g));
        for (k = 0; k < 2; k++) {
            const fa_rval *v = &g->metrics[cols[k]];
            tab(&dat);
            put_num(&dat, v->v);
            tab(&dat);
            put_num(&dat, fa_rval_has_ci(v) ? v->lo : v->v);
            tab(&dat);
            put_num(&dat, fa_rval_has_ci(v) ? v->hi : v->v);
            any_ci |= fa_rval_has_ci(v);
        }
        fa_buf_putc(&dat, '\n');
    }
    gp_begin(&gp, c->id, c->title, "Group", "Rate");
    gp_group_xtics(&gp, a);
    fa_buf_puts(&gp, "set key outside top center horizontal\n"
                     "set yrange [0:1.05]\nset ytics 0.1\nset style data histograms\n"
                     "set style fill solid 0.85 border rgb '#333333'\n");
    if (any_ci)
        fa_buf_printf(&gp,
                      "set style histogram errorbars gap 1.5 lw 1.5\n"
                      "plot '%s.dat' using 2:3:4:xticlabels(1) lc 1 title 'TPR (true positive "
                      "rate)', \\\n     '' using 5:6:7 lc 2 title 'FPR (false positive rate)'\n",
                      c->id);
    else
        fa_buf_printf(&gp,
                      "set style histogram clustered gap 1.5\n"
                      "plot '%s.dat' using 2:xticlabels(1) lc 1 title 'TPR (true positive "
                      "rate)', \\\n     '' using 5 lc 2 title 'FPR (false positive rate)'\n",
                      c->id);
    gp_end(&gp, c->id);
    rc = write_pair(dir, c->id, &dat, &gp, err);
    fa_buf_dispose(&dat);
    fa_buf_dispose(&gp);
    return rc;
}

/*
 * Wide data with one (x, y) column pair per group and a header row of
 * group names (read by `title columnheader`). Returns the picked groups.
 */
typedef double (*xy_fn)(const fa_rgroup *g, size_t row, int which);

static double roc_xy(const fa_rgroup *g, size_t r, int which)
{
    return r < g->sweep.n ? (which == 0 ? g->sweep.fpr[r] : g->sweep.tpr[r]) : fa_nan();
}
static double sweep_xy(const fa_rgroup *g, size_t r, int which)
{
    return r < g->sweep.n ? (which == 0 ? g->sweep.threshold[r] : g->sweep.selection_rate[r])
                          : fa_nan();
}
static double cal_xy(const fa_rgroup *g, size_t r, int which)
{
    if (r >= g->n_cal || !(g->cal[r].n > 0))
        return fa_nan();
    return which == 0 ? g->cal[r].mean_score : g->cal[r].positive_rate;
}
/*
 * Score distribution: the share of the group's rows in each score bin, from
 * the group's score_histogram when the document has one, else from its
 * calibration bins (equal-width bins of the score range with their row
 * counts). A display normalisation, not a metric.
 */
static double bin_n(const fa_rgroup *g, size_t r)
{
    return g->n_hist > 0 ? g->hist[r].n : g->cal[r].n;
}

static double hist_xy(const fa_rgroup *g, size_t r, int which)
{
    size_t nb = g->n_hist > 0 ? g->n_hist : g->n_cal, i;
    double total = 0;

    if (r >= nb)
        return fa_nan();
    if (which == 0)
        return g->n_hist > 0 ? (g->hist[r].lo + g->hist[r].hi) / 2.0
                             : (g->cal[r].lo + g->cal[r].hi) / 2.0;
    for (i = 0; i < nb; i++)
        total += isnan(bin_n(g, i)) ? 0.0 : bin_n(g, i);
    return total > 0 ? bin_n(g, r) / total : fa_nan();
}

static size_t rows_of(const fa_rgroup *g, fa_rchart_kind kind)
{
    switch (kind) {
    case FA_CH_ROC:
    case FA_CH_THRESHOLD_SWEEP:
        return g->sweep.n;
    case FA_CH_CALIBRATION:
        return g->n_cal;
    case FA_CH_SCORE_DISTRIBUTION:
        return g->n_hist > 0 ? g->n_hist : g->n_cal;
    default:
        return 0;
    }
}

static void wide_dat(fa_buf *dat,
                     const fa_rattr *a,
                     const size_t *idx,
                     size_t n_idx,
                     fa_rchart_kind kind,
                     const char *xname,
                     xy_fn fn)
{
    size_t i, r, rows = 0;

    for (i = 0; i < n_idx; i++) {
        size_t n = rows_of(&a->groups[idx[i]], kind);
        if (n > rows)
            rows = n;
        if (i > 0)
            tab(dat);
        fa_esc_gp_field(dat, xname);
        tab(dat);
        put_label(dat, glabel(&a->groups[idx[i]]));
    }
    fa_buf_putc(dat, '\n');
    for (r = 0; r < rows; r++) {
        for (i = 0; i < n_idx; i++) {
            if (i > 0)
                tab(dat);
            put_num(dat, fn(&a->groups[idx[i]], r, 0));
            tab(dat);
            put_num(dat, fn(&a->groups[idx[i]], r, 1));
        }
        fa_buf_putc(dat, '\n');
    }
}

static fa_status
chart_lines(const fa_rchart *c, const fa_rdoc *d, const fa_rattr *a, const char *dir, fa_error *err)
{
    fa_buf dat = FA_BUF_INIT, gp = FA_BUF_INIT;
    size_t idx[FA_REPORT_MAX_LINE_GROUPS], n_idx = 0, i;
    fa_status rc;
    const char *style = "lines";

    switch (c->kind) {
    case FA_CH_ROC:
        (void)fa_chart__line_groups(a, c->kind, idx, &n_idx);
        wide_dat(&dat, a, idx, n_idx, c->kind, "fpr", roc_xy);
        gp_begin(&gp, c->id, c->title, "False positive rate", "True positive rate");
        fa_buf_puts(&gp, "set xrange [0:1]\nset yrange [0:1]\nset size ratio -1\n"
                         "set key inside right bottom\n");
        break;
    case FA_CH_CALIBRATION:
        (void)fa_chart__line_groups(a, c->kind, idx, &n_idx);
        wide_dat(&dat, a, idx, n_idx, c->kind, "mean_score", cal_xy);
        gp_begin(&gp, c->id, c->title, "Mean score in bin", "Observed positive rate");
        fa_buf_puts(&gp, "set yrange [-0.02:1.05]\n");
        style = "linespoints";
        break;
    case FA_CH_THRESHOLD_SWEEP:
        (void)fa_chart__line_groups(a, c->kind, idx, &n_idx);
        wide_dat(&dat, a, idx, n_idx, c->kind, "threshold", sweep_xy);
        gp_begin(&gp, c->id, c->title, "Decision threshold on the score", "Selection rate");
        fa_buf_puts(&gp, "set yrange [0:1.02]\n");
        if (!isnan(d->threshold)) {
            fa_buf_puts(&gp, "thr = ");
            put_num(&gp, d->threshold);
            fa_buf_puts(&gp, "\nset arrow 1 from first thr, graph 0 to first thr, graph 1 "
                             "nohead dt 3 lw 1.5 lc rgb '#555555'\n"
                             "set label 1 'decision threshold' at first thr, graph 0.97 "
                             "offset 0.5,0 left textcolor rgb '#555555'\n");
        }
        break;
    case FA_CH_SCORE_DISTRIBUTION:
        (void)fa_chart__line_groups(a, c->kind, idx, &n_idx);
        wide_dat(&dat, a, idx, n_idx, c->kind, "score", hist_xy);
        gp_begin(&gp, c->id, c->title, "Score", "Share of the group's rows");
        fa_buf_puts(&gp, "set yrange [0:*]\n");
        if (!isnan(d->threshold)) {
            fa_buf_puts(&gp, "thr = ");
            put_num(&gp, d->threshold);
            fa_buf_puts(&gp, "\nset arrow 1 from first thr, graph 0 to first thr, graph 1 "
                             "nohead dt 3 lw 1.5 lc rgb '#555555'\n");
        }
        style = "histeps";
        break;
    default:
        return fa_error_set(err, FA_ERROR, "not a line chart");
    }
    fa_buf_printf(&gp, "K = %zu\n", n_idx);
    fa_buf_printf(&gp,
                  "plot for [i=1:K] '%s.dat' using (column(2*i-1)):(column(2*i)) with %s "
                  "lt i title columnheader(2*i)",
                  c->id, style);
    if (c->kind == FA_CH_ROC)
        fa_buf_puts(&gp, ", \\\n     x with lines dt 2 lw 1 lc rgb '#888888' title 'chance'");
    if (c->kind == FA_CH_CALIBRATION) {
        /* the diagonal only means something when scores are probabilities */
        bool prob = true;
        for (i = 0; i < n_idx && prob; i++) {
            const fa_rgroup *g = &a->groups[idx[i]];
            size_t b;
            for (b = 0; b < g->n_cal; b++)
                if (g->cal[b].n > 0 && (g->cal[b].mean_score < 0 || g->cal[b].mean_score > 1))
                    prob = false;
        }
        if (prob)
            fa_buf_puts(&gp, ", \\\n     x with lines dt 2 lw 1 lc rgb '#888888' "
                             "title 'perfect calibration'");
    }
    fa_buf_putc(&gp, '\n');
    gp_end(&gp, c->id);
    rc = write_pair(dir, c->id, &dat, &gp, err);
    fa_buf_dispose(&dat);
    fa_buf_dispose(&gp);
    return rc;
}

/* ---- before / after --------------------------------------------------------------- */

/* Disparities compared before/after (all on a 0..1 scale). */
static const int compare_disp[] = {FA_RD_DP_DIFF, FA_RD_EO_DIFF,  FA_RD_EOPP_DIFF,
                                   FA_RD_AAOD,    FA_RD_DP_RATIO, FA_RD_CAL_GAP};
#define N_COMPARE (sizeof compare_disp / sizeof compare_disp[0])

static fa_status chart_before_after(const fa_rchart *c,
                                    const fa_rdoc *d,
                                    const fa_rdoc *base,
                                    const fa_rattr *a,
                                    const char *dir,
                                    fa_error *err)
{
    fa_buf dat = FA_BUF_INIT, gp = FA_BUF_INIT;
    const fa_rattr *b = fa_rdoc_attr(base, a->name);
    size_t k, n_defs;
    const fa_rmetric_def *defs = fa_rcatalog(FA_RLEVEL_DISPARITY, &n_defs);
    fa_status rc;

    fa_buf_puts(&dat, "# metric\tbefore\tafter\n");
    if (d->has_overall && base->has_overall) {
        fa_esc_gp_field(&dat, "Accuracy (overall)");
        tab(&dat);
        put_num(&dat, base->overall.metrics[FA_RM_ACCURACY].v);
        tab(&dat);
        put_num(&dat, d->overall.metrics[FA_RM_ACCURACY].v);
        fa_buf_putc(&dat, '\n');
    }
    for (k = 0; k < N_COMPARE; k++) {
        const fa_rval *after = &a->disp[compare_disp[k]];
        const fa_rval *before = b ? &b->disp[compare_disp[k]] : NULL;
        if (before == NULL || !fa_rval_defined(after) || !fa_rval_defined(before))
            continue;
        fa_esc_gp_field(&dat, defs[compare_disp[k]].label);
        tab(&dat);
        put_num(&dat, before->v);
        tab(&dat);
        put_num(&dat, after->v);
        fa_buf_putc(&dat, '\n');
    }
    gp_begin(&gp, c->id, c->title, "", "Value");
    fa_buf_printf(
        &gp,
        "set key outside top center horizontal\nset yrange [0:*]\nset style data histograms\n"
        "set style histogram clustered gap 1.5\n"
        "set style fill solid 0.85 border rgb '#333333'\n"
        "set xtics rotate by 20 right\n"
        "plot '%s.dat' using 2:xticlabels(1) lc 2 title 'before (baseline)', \\\n"
        "     '' using 3 lc 1 title 'after (this audit)'\n",
        c->id);
    gp_end(&gp, c->id);
    rc = write_pair(dir, c->id, &dat, &gp, err);
    fa_buf_dispose(&dat);
    fa_buf_dispose(&gp);
    return rc;
}

/*
 * Frontier: overall accuracy (y) against the attribute's demographic parity
 * difference (x): the baseline, this audit, and every point of the
 * mitigation section's "frontier" array that names this attribute (or no
 * attribute).
 */
static void frontier_row(fa_buf *dat, double x, double y, const char *label, int kind)
{
    put_num(dat, x);
    tab(dat);
    put_num(dat, y);
    tab(dat);
    fa_esc_gp_field(dat, label);
    fa_buf_printf(dat, "\t%d\n", kind);
}

static fa_status chart_frontier(const fa_rchart *c,
                                const fa_rdoc *d,
                                const fa_rdoc *base,
                                const fa_rattr *a,
                                const char *dir,
                                fa_error *err)
{
    fa_buf dat = FA_BUF_INIT, gp = FA_BUF_INIT;
    const fa_json_node *fr = d->mitigation ? fa_json_member(d->mitigation, "frontier") : NULL;
    fa_status rc;
    size_t i, n_candidates = 0;

    /* kind: 0 = mitigation candidate (first, in document order), 1 = baseline,
     * 2 = this audit */
    fa_buf_puts(&dat, "# disparity\taccuracy\tlabel\tkind\n");
    if (fa_json_is(fr, FA_JSON_ARRAY)) {
        for (i = 0; i < fa_json_count(fr); i++) {
            const fa_json_node *p = fa_json_at(fr, i);
            const char *attr = fa_json_string(fa_json_member(p, "attribute"));
            const char *label = fa_json_string(fa_json_member(p, "label"));
            double x = fa_json_number(fa_json_member(p, "disparity"));
            double y = fa_json_number(fa_json_member(p, "accuracy"));
            if ((attr != NULL && strcmp(attr, a->name) != 0) || isnan(x) || isnan(y))
                continue;
            frontier_row(&dat, x, y, label ? label : "", 0);
            n_candidates++;
        }
    }
    if (base != NULL) {
        const fa_rattr *b = fa_rdoc_attr(base, a->name);
        if (b != NULL && base->has_overall && fa_rval_defined(&b->disp[FA_RD_DP_DIFF]))
            frontier_row(&dat, b->disp[FA_RD_DP_DIFF].v, base->overall.metrics[FA_RM_ACCURACY].v,
                         "before (baseline)", 1);
    }
    if (d->has_overall && fa_rval_defined(&a->disp[FA_RD_DP_DIFF]))
        frontier_row(&dat, a->disp[FA_RD_DP_DIFF].v, d->overall.metrics[FA_RM_ACCURACY].v,
                     "after (this audit)", 2);
    gp_begin(&gp, c->id, c->title, "Demographic parity difference (lower is fairer)",
             "Accuracy (overall)");
    fa_buf_puts(&gp, "set offsets graph 0.2, graph 0.2, graph 0.2, graph 0.2\n"
                     "set key outside top center horizontal\n");
    fa_buf_printf(&gp,
                  "plot '%s.dat' using 1:2:(column(4) == 1 ? 2 : (column(4) == 2 ? 1 : 7))"
                  " with points pt 7 ps 2 lc variable notitle, \\\n"
                  "     '' using 1:2:3 with labels offset 1.2,0.9 left font ',11' notitle",
                  c->id);
    if (n_candidates > 1)
        fa_buf_puts(&gp, ", \\\n     '' using (column(4) == 0 ? column(1) : NaN):2 with lines "
                         "lt 7 dt 2 title 'mitigation candidates'");
    fa_buf_puts(&gp, ", \\\n     NaN with points pt 7 ps 2 lc 2 title 'before (baseline)', "
                     "\\\n     NaN with points pt 7 ps 2 lc 1 title 'after (this audit)'\n");
    gp_end(&gp, c->id);
    rc = write_pair(dir, c->id, &dat, &gp, err);
    fa_buf_dispose(&dat);
    fa_buf_dispose(&gp);
    return rc;
}

fa_status fa_chart__write(
    const fa_rchart *c, const fa_rdoc *d, const fa_rdoc *base, const char *dir, fa_error *err)
{
    const fa_rattr *a = &d->attrs[c->attr];

    switch (c->kind) {
    case FA_CH_SELECTION_RATE:
        return chart_selection(c, d, a, dir, err);
    case FA_CH_ERROR_RATES:
        return chart_error_rates(c, a, dir, err);
    case FA_CH_BEFORE_AFTER:
        return chart_before_after(c, d, base, a, dir, err);
    case FA_CH_FRONTIER:
        return chart_frontier(c, d, base, a, dir, err);
    case FA_CH_ROC:
    case FA_CH_CALIBRATION:
    case FA_CH_THRESHOLD_SWEEP:
    case FA_CH_SCORE_DISTRIBUTION:
        return chart_lines(c, d, a, dir, err);
    case FA_CH_KIND_COUNT:
        break;
    }
    return fa_error_set(err, FA_ERROR, "unknown chart kind %d", (int)c->kind);
}
