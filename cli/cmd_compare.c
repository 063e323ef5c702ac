/*
 * cmd_compare.c — `fairaudit compare BEFORE/audit.json AFTER/audit.json`:
 * every metric of two audits side by side with its change and whether it
 * moved towards its ideal. Documented in docs/cli/compare.md.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"

#define CMD "compare"

static void usage(FILE *out)
{
    fprintf(out, "usage: fairaudit compare BEFORE/audit.json AFTER/audit.json\n"
                 "                         [--format text|markdown|json] [--out FILE]\n"
                 "\n"
                 "Lists every metric of two audit reports side by side with its change: the\n"
                 "overall metrics, each attribute's disparities (with their confidence\n"
                 "intervals), each group's metrics and its comparison with the reference group.\n"
                 "A change is 'improved' or 'worsened' when it moves towards or away from the\n"
                 "metric's ideal (as the report states it), 'neutral' for metrics without a\n"
                 "better direction (a group's selection rate), 'undefined' when a side is\n"
                 "undefined or absent. Entries are matched by attribute, group and metric.\n"
                 "\n"
                 "Options:\n"
                 "  --format F   text (default), markdown or json (docs/format/compare.md)\n"
                 "  --out FILE   write to FILE (atomically) instead of standard output\n"
                 "  --help       this text\n"
                 "\n"
                 "Exit codes: 0 ok, 2 usage error, 3 input error (located), 4 I/O error.\n");
}

int cmd_compare(int argc, char **argv)
{
    const char *paths[2] = {NULL, NULL}, *format = NULL, *out = NULL;
    fa_compare_format f = FA_COMPARE_TEXT;
    fa_comparison *c = NULL;
    char *text = NULL;
    size_t len = 0, n_paths = 0;
    fa_error err;
    fa_status rc;
    int i, m;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return FA_EXIT_OK;
        }
        if ((m = cli_opt(argc, argv, &i, "--format", &format)) ||
            (m = cli_opt(argc, argv, &i, "--out", &out))) {
            if (m < 0)
                return cli_usage(CMD, "%s needs a value", a);
            continue;
        }
        if (a[0] == '-' && a[1] != '\0')
            return cli_usage(CMD, "unknown option '%s'", a);
        if (n_paths >= 2)
            return cli_usage(CMD, "expected two audit.json files, got a third: '%s'", a);
        paths[n_paths++] = a;
    }
    if (n_paths != 2)
        return cli_usage(CMD, "expected two audit.json files: BEFORE AFTER");
    if (format != NULL) {
        if (strcmp(format, "text") == 0)
            f = FA_COMPARE_TEXT;
        else if (strcmp(format, "markdown") == 0 || strcmp(format, "md") == 0)
            f = FA_COMPARE_MARKDOWN;
        else if (strcmp(format, "json") == 0)
            f = FA_COMPARE_JSON;
        else
            return cli_usage(CMD, "--format must be text, markdown or json, got '%s'", format);
    }
    fa_error_clear(&err);
    rc = fa_compare_load(&c, paths[0], paths[1], &err);
    if (rc == FA_OK && out != NULL)
        rc = fa_compare_write(c, f, out, &err);
    else if (rc == FA_OK)
        rc = fa_compare_render(c, f, &text, &len, &err);
    if (rc == FA_OK && out == NULL && fwrite(text, 1, len, stdout) != len) {
        cli_msg("cannot write to standard output");
        fa_compare_text_free(text);
        fa_comparison_free(c);
        return FA_EXIT_INTERNAL;
    }
    fa_compare_text_free(text);
    fa_comparison_free(c);
    return cli_report(rc, &err);
}
