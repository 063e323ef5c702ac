/*
 * cmd_report.c — `fairaudit report AUDIT.json --out DIR`: renders the HTML
 * compliance report, the Markdown report and the gnuplot charts of an
 * existing audit, without rereading any data. Documented in
 * docs/cli/report.md.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void print_help(void)
{
    printf("usage: fairaudit report AUDIT.json --out DIR [--format html,md,charts]\n"
           "                        [--title TEXT] [--author TEXT] [--baseline OLD.json]\n"
           "                        [--model MODEL.json [--intended-use TEXT]]\n"
           "                        [--gnuplot PATH | --no-gnuplot] [--quiet]\n"
           "\n"
           "Renders an audit document (audit.json, from 'fairaudit audit') as:\n"
           "  DIR/report.html  one self-contained HTML page (charts embedded; loads nothing\n"
           "                   from elsewhere; prints well to PDF)\n"
           "  DIR/report.md    the same content in Markdown, for repositories and wikis\n"
           "  DIR/charts/      each chart as .dat + .gp (restyle and rerun with gnuplot)\n"
           "                   and the rendered .svg and .png\n"
           "No data is reread: every figure comes from the audit document.\n"
           "\n"
           "Options:\n"
           "  --out DIR          output folder (created if missing)\n"
           "  --format LIST      comma-separated outputs among html, md, charts\n"
           "                     (default: all three). Without 'charts' the HTML still\n"
           "                     embeds the charts; the Markdown then has none.\n"
           "  --title TEXT       report title (default: \"" FA_REPORT_DEFAULT_TITLE "\")\n"
           "  --author TEXT      who prepared the report (default: the audit's run_by)\n"
           "  --baseline FILE    an earlier audit.json (e.g. before mitigation): adds\n"
           "                     before/after comparisons and the accuracy-disparity chart\n"
           "  --model FILE       the fairaudit model the audit scored: adds the model card\n"
           "                     section and writes DIR/model_card.json\n"
           "  --intended-use TEXT  the model's intended use, for the model card\n"
           "  --gnuplot PATH     gnuplot executable (default: gnuplot on PATH)\n"
           "  --no-gnuplot       write chart data and scripts but do not run gnuplot\n"
           "  --quiet            no messages on stderr except warnings and errors\n"
           "  -h, --help         show this help\n"
           "\n"
           "Without gnuplot everything else is written and a warning names the missing\n"
           "charts. Exit codes: 0 ok, 2 usage error, 3 bad audit document (located as\n"
           "FILE:LINE:COLUMN), 4 I/O or internal error.\n");
}

/* Matches "--name value" and "--name=value"; advances *i past a separate value. */
/* "html,md,charts" -> FA_REPORT_* bits; false (after a usage message) if bad. */
static bool parse_formats(const char *text, unsigned *out)
{
    const char *p = text;

    *out = 0;
    while (*p != '\0') {
        size_t n = strcspn(p, ",");
        if (n == 4 && strncmp(p, "html", n) == 0)
            *out |= FA_REPORT_HTML;
        else if ((n == 2 && strncmp(p, "md", n) == 0) || (n == 8 && strncmp(p, "markdown", n) == 0))
            *out |= FA_REPORT_MARKDOWN;
        else if (n == 6 && strncmp(p, "charts", n) == 0)
            *out |= FA_REPORT_CHARTS;
        else {
            cli_usage("report", "--format: unknown output '%.*s' (use html, md, charts)", (int)n,
                      p);
            return false;
        }
        p += n;
        if (*p == ',')
            p++;
    }
    if (*out == 0) {
        cli_usage("report", "--format needs at least one of html, md, charts");
        return false;
    }
    return true;
}

int cmd_report(int argc, char **argv)
{
    const char *audit = NULL, *out = NULL, *formats = NULL;
    bool quiet = false, bad = false;
    fa_report_render_options o;
    fa_report_render_summary sum;
    fa_error err;
    fa_status rc;
    int i;

    fa_report_render_options_init(&o);
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            print_help();
            return FA_EXIT_OK;
        }
        if (cli_take_value("report", argc, argv, &i, "--out", &out, &bad) ||
            cli_take_value("report", argc, argv, &i, "--format", &formats, &bad) ||
            cli_take_value("report", argc, argv, &i, "--title", &o.title, &bad) ||
            cli_take_value("report", argc, argv, &i, "--author", &o.author, &bad) ||
            cli_take_value("report", argc, argv, &i, "--baseline", &o.baseline, &bad) ||
            cli_take_value("report", argc, argv, &i, "--model", &o.model, &bad) ||
            cli_take_value("report", argc, argv, &i, "--intended-use", &o.intended_use, &bad) ||
            cli_take_value("report", argc, argv, &i, "--gnuplot", &o.gnuplot, &bad)) {
            if (bad)
                return FA_EXIT_USAGE;
            continue;
        }
        if (strcmp(argv[i], "--no-gnuplot") == 0) {
            o.gnuplot = "";
            continue;
        }
        if (strcmp(argv[i], "--quiet") == 0) {
            quiet = true;
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage("report", "unknown option '%s'", argv[i]);
        if (audit != NULL)
            return cli_usage("report", "unexpected argument '%s' (one audit document only)",
                             argv[i]);
        audit = argv[i];
    }
    if (audit == NULL)
        return cli_usage("report", "missing the audit document (AUDIT.json)");
    if (out == NULL)
        return cli_usage("report", "--out DIR is required");
    if (o.intended_use != NULL && o.model == NULL)
        return cli_usage("report", "--intended-use needs --model");
    if (formats != NULL && !parse_formats(formats, &o.formats))
        return FA_EXIT_USAGE;
    o.log = cli_log;
    o.log_payload = &quiet;

    fa_error_clear(&err);
    rc = fa_report_render_file(audit, out, &o, &sum, &err);
    if (rc != FA_OK)
        return cli_report(rc, &err);
    if (!quiet) {
        if (sum.html_written)
            cli_msg("wrote %s/report.html", out);
        if (sum.markdown_written)
            cli_msg("wrote %s/report.md", out);
        if (sum.model_card_written)
            cli_msg("wrote %s/model_card.json", out);
        if (o.formats == 0 || (o.formats & FA_REPORT_CHARTS) != 0)
            cli_msg("charts: %zu of %zu rendered in %s/charts", sum.charts_rendered,
                    sum.charts_planned, out);
    }
    return FA_EXIT_OK;
}
