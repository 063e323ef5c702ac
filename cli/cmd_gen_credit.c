/*
 * cmd_gen_credit.c — `fairaudit gen-credit`: writes the synthetic credit data
 * set (docs/datasets/credit.md) as CSV. Options in docs/cli/gen-credit.md.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "usage: fairaudit gen-credit --rows N --out FILE.csv [--seed S] [--bias B] [--truth]\n"
    "                            [--quiet]\n"
    "\n"
    "Writes a synthetic credit-application data set with a known, tunable bias\n"
    "(docs/datasets/credit.md). The same options always give the same bytes.\n"
    "\n"
    "Options:\n"
    "  --rows N      number of applicants, at least 1 (required)\n"
    "  --out FILE    output CSV, written atomically; '-' writes standard output (required)\n"
    "  --seed S      random seed, a non-negative integer (default 42)\n"
    "  --bias B      injected bias strength in [0, 1] (default 0: no bias)\n"
    "  --truth       add the research columns true_default_prob and true_default\n"
    "  --quiet       no progress messages on standard error\n"
    "  -h, --help    show this help\n"
    "\n"
    "Load the file with the dataset spec datasets/credit.json.\n";

#define CMD "gen-credit"

/* Matches "--name value" and "--name=value"; sets *value and advances *i. */
static int take_value(int argc, char **argv, int *i, const char *name, const char **value)
{
    size_t n = strlen(name);
    const char *a = argv[*i];

    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *value = a + n + 1;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        *value = NULL;
        return 1;
    }
    *value = argv[++*i];
    return 1;
}

int cmd_gen_credit(int argc, char **argv)
{
    fa_credit_gen_options opts = FA_CREDIT_GEN_OPTIONS_INIT;
    fa_error err;
    fa_status rc;
    const char *out = NULL, *v;
    bool quiet = false, have_rows = false;
    int i;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage_text, stdout);
            return FA_EXIT_OK;
        } else if (strcmp(a, "--quiet") == 0) {
            quiet = true;
        } else if (strcmp(a, "--truth") == 0) {
            opts.truth = 1;
        } else if (take_value(argc, argv, &i, "--rows", &v)) {
            if (v == NULL)
                return cli_usage(CMD, "--rows needs a value");
            if (!cli_parse_u64(CMD, "--rows", v, &opts.rows))
                return FA_EXIT_USAGE;
            if (opts.rows == 0)
                return cli_usage(CMD, "--rows must be at least 1");
            have_rows = true;
        } else if (take_value(argc, argv, &i, "--seed", &v)) {
            if (v == NULL)
                return cli_usage(CMD, "--seed needs a value");
            if (!cli_parse_u64(CMD, "--seed", v, &opts.seed))
                return FA_EXIT_USAGE;
        } else if (take_value(argc, argv, &i, "--bias", &v)) {
            if (v == NULL)
                return cli_usage(CMD, "--bias needs a value");
            if (!cli_parse_double(CMD, "--bias", v, &opts.bias))
                return FA_EXIT_USAGE;
            if (opts.bias < 0.0 || opts.bias > 1.0)
                return cli_usage(CMD, "--bias must be within [0, 1], got '%s'", v);
        } else if (take_value(argc, argv, &i, "--out", &v)) {
            if (v == NULL || v[0] == '\0')
                return cli_usage(CMD, "--out needs a file name (or '-')");
            out = v;
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage(CMD, "unknown option '%s'", a);
        } else {
            return cli_usage(CMD, "unexpected argument '%s'", a);
        }
    }
    if (!have_rows)
        return cli_usage(CMD, "--rows is required");
    if (out == NULL)
        return cli_usage(CMD, "--out is required");

    opts.log = cli_log;
    opts.log_payload = &quiet;
    fa_error_clear(&err);
    rc = fa_credit_gen_write(&opts, out, &err);
    return cli_report(rc, &err);
}
