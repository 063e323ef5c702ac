/*
 * reports/report_charts.h — gnuplot charts of an audit document (internal).
 *
 * chart_plan.c plans the charts a document supports; gnuplot.c writes, per chart,
 * `<id>.dat` (the numbers and the group names, as escaped data fields) and
 * `<id>.gp` (a standalone script producing `<id>.svg` and `<id>.png`, meant
 * to be restyled by users: `cd charts && gnuplot <id>.gp`). gnuplot_run.c
 * runs gnuplot on each script, without a shell.
 *
 * Data strings never enter a .gp file except through fa_esc_gp_literal()
 * (chart titles that name an attribute); group names reach gnuplot only from
 * the .dat files (xticlabels / columnheader), which gnuplot never executes.
 */
#ifndef FA_REPORTS_REPORT_CHARTS_H
#define FA_REPORTS_REPORT_CHARTS_H

#include <stdbool.h>
#include <stddef.h>

#include "fairaudit/common.h"

#include "report_doc.h"

typedef enum fa_rchart_kind {
    FA_CH_SELECTION_RATE,
    FA_CH_ERROR_RATES,
    FA_CH_ROC,
    FA_CH_CALIBRATION,
    FA_CH_THRESHOLD_SWEEP,
    FA_CH_SCORE_DISTRIBUTION,
    FA_CH_BEFORE_AFTER,
    FA_CH_FRONTIER,
    FA_CH_KIND_COUNT
} fa_rchart_kind;

typedef struct fa_rchart {
    fa_rchart_kind kind;
    size_t attr;    /* index into doc->attrs */
    char *id;       /* file stem: "a1-sex-selection_rate" */
    char *title;    /* chart title (contains the attribute name) */
    char *caption;  /* one sentence for the report */
    bool rendered;  /* <id>.svg and <id>.png exist */
    char *svg_path; /* dir/<id>.svg */
} fa_rchart;

typedef struct fa_rcharts {
    fa_rchart *v;
    size_t n, cap;
} fa_rcharts;

/*
 * Plans every chart @p doc supports (@p baseline may be NULL) and writes its
 * .dat and .gp files into @p dir (which must exist).
 * @return FA_OK, FA_EIO, FA_ENOMEM.
 */
fa_status fa_charts_write(
    fa_rcharts *out, const fa_rdoc *doc, const fa_rdoc *baseline, const char *dir, fa_error *err);

/*
 * Runs gnuplot on every planned chart. A missing gnuplot or a failing script
 * is not an error: those charts stay `rendered = false` and one warning
 * naming them goes to @p log. @p gnuplot: executable (path or name looked up
 * on PATH); "" = do not run.
 * @return FA_OK or FA_ENOMEM.
 */
fa_status fa_charts_render(fa_rcharts *charts,
                           const char *dir,
                           const char *gnuplot,
                           unsigned timeout_s,
                           fa_log_fn log,
                           void *log_payload,
                           fa_error *err);

/* The chart of @p kind for attribute @p attr; NULL when not planned. */
const fa_rchart *fa_charts_find(const fa_rcharts *charts, fa_rchart_kind kind, size_t attr);

void fa_charts_dispose(fa_rcharts *charts);

/* ---- internal between chart_plan.c and gnuplot.c ------------------------------ */

/* Writes <id>.dat and <id>.gp of planned chart @p c into @p dir (gnuplot.c). */
fa_status fa_chart__write(
    const fa_rchart *c, const fa_rdoc *d, const fa_rdoc *base, const char *dir, fa_error *err);

/* The groups a line chart of @p kind draws (indices into a->groups, at most
 * FA_REPORT_MAX_LINE_GROUPS, the largest, in document order) into idx[];
 * returns how many groups had data for it (chart_plan.c). */
size_t fa_chart__line_groups(const fa_rattr *a, fa_rchart_kind kind, size_t *idx, size_t *n_idx);

/* ---- gnuplot_run.c ------------------------------------------------------------ */

typedef enum fa_gp_outcome {
    FA_GP_OK,        /* exited 0 */
    FA_GP_NOT_FOUND, /* the executable could not be started */
    FA_GP_FAILED,    /* exited non-zero or was killed */
    FA_GP_TIMEOUT    /* ran longer than the timeout and was killed */
} fa_gp_outcome;

/*
 * Runs `<gnuplot> ./<script>` with working directory @p dir, stdin and stdout
 * on /dev/null, stderr captured into @p stderr_text (at most a few KB).
 * fork + exec, never a shell; @p script is a file name inside @p dir.
 * @return FA_OK (see *outcome), FA_EIO when a pipe or fork fails, FA_ENOMEM.
 */
fa_status fa_gnuplot_run(const char *gnuplot,
                         const char *dir,
                         const char *script,
                         unsigned timeout_s,
                         fa_gp_outcome *outcome,
                         fa_buf *stderr_text,
                         fa_error *err);

#endif
