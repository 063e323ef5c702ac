/**
 * @file report.h
 * Reports of an audit.
 *
 * - The JSON report (audit.json) is the machine contract users' pipelines read; its format is
 *   documented in docs/format/audit.md with a JSON Schema in docs/format/audit.schema.json.
 * - The human-readable reports are rendered from an audit document (a parsed audit.json): a
 *   self-contained HTML compliance report, the same content in Markdown, and gnuplot charts
 *   (`.dat` + `.gp`, rendered to SVG and PNG when gnuplot is available). Rendering never
 *   rereads data, so `fairaudit report AUDIT.json --out DIR` re-renders any past audit. What
 *   each section shows, and which keys it reads, is in docs/format/report.md.
 *
 * Reports never compute metrics: they print a result.
 *
 * Safety of the rendered reports: every string that comes from the document (column names,
 * group values, file names, free text) is escaped for HTML and Markdown, and is never part of a
 * gnuplot command: gnuplot reads data strings from `.dat` files only, and titles through
 * escaped string literals; gnuplot runs without a shell, with the script as a file argument.
 *
 * Thread safety: the functions below share no state; renders may run concurrently on
 * different output folders.
 */
#ifndef FAIRAUDIT_REPORT_H
#define FAIRAUDIT_REPORT_H

#include "fairaudit/audit.h"
#include "fairaudit/common.h"
#include "fairaudit/error.h"

FA_BEGIN_DECLS

/** Version of the audit.json format written by this library. */
#define FA_AUDIT_JSON_SCHEMA_VERSION 1

/** Options for the JSON report. Initialise with FA_REPORT_OPTIONS_INIT. */
typedef struct fa_report_options {
    unsigned version;       /**< FA_REPORT_OPTIONS_VERSION */
    int64_t generated_at;   /**< seconds since the Unix epoch written as "generated_at";
                                 negative = omit the key */
    int pretty;             /**< indent (default 1) */
} fa_report_options;

#define FA_REPORT_OPTIONS_VERSION 1
#define FA_REPORT_OPTIONS_INIT {FA_REPORT_OPTIONS_VERSION, -1, 1}

/** Sets *opts to FA_REPORT_OPTIONS_INIT. */
FA_API void fa_report_options_init(fa_report_options *opts);

/**
 * Renders the audit.json document.
 * @param opts NULL = defaults.
 * @param[out] json_out NUL-terminated text ending in a newline; free with fa_report_free().
 * @param[out] len_out its length (may be NULL).
 * @return FA_OK, FA_EINVAL, FA_ENOMEM.
 */
FA_API fa_status fa_report_json(const fa_audit_result *res, const fa_report_options *opts,
                                char **json_out, size_t *len_out, fa_error *err);

/**
 * Writes the audit.json document to @p path atomically (temporary file renamed into place:
 * on failure nothing is left behind and an existing file is untouched).
 * @return FA_OK, FA_EINVAL, FA_EIO, FA_ENOMEM.
 */
FA_API fa_status fa_report_write_json(const fa_audit_result *res, const char *path,
                                      const fa_report_options *opts, fa_error *err);

/** Frees text returned by fa_report_json(). NULL is allowed. */
FA_API void fa_report_free(char *text);

/* ---------------------------------------------------------------------------
 * Rendered reports: HTML, Markdown, charts
 * ------------------------------------------------------------------------ */

/** Output selection bits for fa_report_render_options.formats. */
#define FA_REPORT_HTML     1u /**< DIR/report.html */
#define FA_REPORT_MARKDOWN 2u /**< DIR/report.md */
#define FA_REPORT_CHARTS   4u /**< DIR/charts/: .dat, .gp, .svg, .png per chart */
#define FA_REPORT_ALL      (FA_REPORT_HTML | FA_REPORT_MARKDOWN | FA_REPORT_CHARTS)

/** Title used when fa_report_render_options.title is NULL. */
#define FA_REPORT_DEFAULT_TITLE "Fairness audit report"

/**
 * Seconds one gnuplot run may take before it is stopped (and its chart
 * reported missing). A chart takes well under a second; the margin covers
 * slow CI machines.
 */
#define FA_REPORT_DEFAULT_GNUPLOT_TIMEOUT 60u

/**
 * Line charts (ROC, calibration, sweep, score distribution) show at most this
 * many groups, the largest ones; the caption says when groups were left out.
 * More lines than this are unreadable in a printed report.
 */
#define FA_REPORT_MAX_LINE_GROUPS 8u

typedef struct fa_report_render_options {
    unsigned version;        /**< FA_REPORT_RENDER_OPTIONS_VERSION */
    unsigned formats;        /**< FA_REPORT_* bits; 0 means FA_REPORT_ALL */
    const char *title;       /**< report title; NULL = FA_REPORT_DEFAULT_TITLE */
    const char *author;      /**< who ran or filed it; NULL = the document's `run_by`, if any */
    /**
     * gnuplot executable: a path, or a bare name looked up on PATH (execvp).
     * NULL = "gnuplot". The empty string disables gnuplot: the .dat/.gp files
     * are still written and the charts are reported missing.
     */
    const char *gnuplot;
    unsigned gnuplot_timeout; /**< seconds per chart; 0 = FA_REPORT_DEFAULT_GNUPLOT_TIMEOUT */
    /**
     * Path of an older audit.json of the same model family (e.g. before
     * mitigation). When set, the report adds before/after comparisons and the
     * accuracy–disparity frontier. NULL = none.
     */
    const char *baseline;
    /**
     * Path of the fairaudit model file (docs/format/model.md) the audit scored.
     * When set, the report has a Model card section and DIR/model_card.json is
     * written. NULL = none (a `model_card` object in the audit document, if
     * any, is shown instead).
     */
    const char *model;
    const char *intended_use; /**< the model's intended use, for the model card; NULL = not stated */
    fa_log_fn log;           /**< warnings (e.g. charts not rendered); NULL = silent */
    void *log_payload;
} fa_report_render_options;

#define FA_REPORT_RENDER_OPTIONS_VERSION 1
#define FA_REPORT_RENDER_OPTIONS_INIT                                                             \
    { FA_REPORT_RENDER_OPTIONS_VERSION, 0u, NULL, NULL, NULL, 0u, NULL, NULL, NULL, NULL, NULL }

/** Sets @p opts to FA_REPORT_RENDER_OPTIONS_INIT. */
FA_API void fa_report_render_options_init(fa_report_render_options *opts);

/** What a render produced (optional output of the render functions). */
typedef struct fa_report_render_summary {
    size_t charts_planned;   /**< charts the document supports */
    size_t charts_rendered;  /**< charts rendered to SVG and PNG */
    size_t charts_missing;   /**< charts without images (gnuplot absent or failed) */
    int html_written;        /**< 1 when DIR/report.html was written */
    int markdown_written;    /**< 1 when DIR/report.md was written */
    int model_card_written;  /**< 1 when DIR/model_card.json was written */
} fa_report_render_summary;

/**
 * Renders the reports for the audit document at @p audit_path into folder
 * @p out_dir (created when missing; its parent must exist). Each output file is written atomically; a
 * failure leaves no partial report.html/report.md. Missing gnuplot, or a
 * chart gnuplot cannot render, is not an error: the rest is written and a
 * warning naming the missing charts goes to opts->log.
 *
 * When FA_REPORT_CHARTS is not requested but HTML or Markdown is, the charts
 * are rendered in a temporary folder inside @p out_dir (removed afterwards):
 * the HTML still embeds them; the Markdown then has no images.
 *
 * @param opts    NULL = defaults.
 * @param summary optional; filled on success.
 * @return FA_OK; FA_EINVAL (NULL path, bad options); FA_EIO (cannot read the
 *         document, baseline or model, or write an output; err->sys_errno
 *         set); FA_EPARSE (not JSON, located); FA_ESCHEMA (a key the report
 *         needs is missing or has the wrong type, located
 *         `file:line:column`); FA_EFORMAT (unsupported schema_version, not a
 *         fairaudit model file); FA_ENOMEM.
 */
FA_API fa_status fa_report_render_file(const char *audit_path, const char *out_dir,
                                       const fa_report_render_options *opts, fa_report_render_summary *summary,
                                       fa_error *err);

/**
 * As fa_report_render_file() for an audit document held in memory (e.g. the
 * audit command rendering what it has just written). @p name is used in
 * error locations and shown as the document's name (NULL = "audit.json").
 */
FA_API fa_status fa_report_render_json(const char *json, size_t len, const char *name,
                                       const char *out_dir, const fa_report_render_options *opts,
                                       fa_report_render_summary *summary, fa_error *err);

FA_END_DECLS

#endif /* FAIRAUDIT_REPORT_H */
