/*
 * cmd_describe.c — `fairaudit describe --data FILE --spec SPEC [--out FILE]`:
 * loads a data file through a dataset spec and prints a JSON summary (row
 * counts, drop reasons, columns, label balance, protected groups).
 * Documented in docs/cli/describe.md.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void print_help(void)
{
    printf("usage: fairaudit describe --data FILE --spec SPEC [--out FILE.json]\n"
           "                          [--max-rows N] [--threads N] [--quiet]\n"
           "\n"
           "Loads FILE through the dataset spec SPEC (docs/format/spec.md) and prints a\n"
           "JSON summary: rows read, used and dropped (with reasons), every column's role,\n"
           "type, missing count and number of levels, the label's class counts and the\n"
           "row count of each group of every protected attribute.\n"
           "\n"
           "Options:\n"
           "  --data FILE      delimited data file to read ('-' = standard input)\n"
           "  --spec SPEC      dataset spec (JSON)\n"
           "  --out FILE.json  write the summary to this file (atomically) instead of stdout\n"
           "  --max-rows N     read at most N data records\n"
           "  --threads N      threads loading FILE (default 0 = one per CPU, at most 8);\n"
           "                   the summary does not depend on it\n"
           "  --quiet          no progress messages on stderr\n"
           "  -h, --help       show this help\n"
           "\n"
           "Exit codes: 0 ok, 2 usage error, 3 bad input (located as FILE:LINE:COLUMN),\n"
           "4 I/O or internal error. On error nothing is written.\n");
}

/* Matches "--name value" and "--name=value"; advances *i past a separate value. */
int cmd_describe(int argc, char **argv)
{
    const char *data = NULL, *spec_path = NULL, *out = NULL, *max_rows_text = NULL;
    const char *threads_text = NULL;
    uint64_t threads = 0;
    bool quiet = false, bad = false;
    fa_load_options lo;
    fa_spec *spec = NULL;
    fa_table *table = NULL;
    fa_error err;
    fa_status rc;
    int i, code;

    fa_load_options_init(&lo);
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            print_help();
            return FA_EXIT_OK;
        }
        if (cli_take_value("describe", argc, argv, &i, "--data", &data, &bad) ||
            cli_take_value("describe", argc, argv, &i, "--spec", &spec_path, &bad) ||
            cli_take_value("describe", argc, argv, &i, "--out", &out, &bad) ||
            cli_take_value("describe", argc, argv, &i, "--max-rows", &max_rows_text, &bad) ||
            cli_take_value("describe", argc, argv, &i, "--threads", &threads_text, &bad)) {
            if (bad)
                return FA_EXIT_USAGE;
            continue;
        }
        if (strcmp(argv[i], "--quiet") == 0) {
            quiet = true;
            continue;
        }
        return cli_usage("describe", "unexpected argument '%s'", argv[i]);
    }
    if (data == NULL || spec_path == NULL)
        return cli_usage("describe", "--data and --spec are required");
    if (max_rows_text != NULL && !cli_parse_u64("describe", "--max-rows", max_rows_text,
                                                &lo.max_rows))
        return FA_EXIT_USAGE;
    if (threads_text != NULL) {
        if (!cli_parse_u64("describe", "--threads", threads_text, &threads))
            return FA_EXIT_USAGE;
        if (threads > FA_LOAD_MAX_THREADS)
            return cli_usage("describe", "--threads must be at most %u", FA_LOAD_MAX_THREADS);
    }
    lo.threads = cli_load_threads(threads);
    lo.log = cli_log;
    lo.log_payload = &quiet;

    fa_error_clear(&err);
    rc = fa_spec_load(&spec, spec_path, &err);
    if (rc == FA_OK)
        rc = fa_table_load(&table, spec, data, &lo, &err);
    if (rc == FA_OK) {
        if (out != NULL) {
            rc = fa_table_describe_write(table, out, &err);
        } else {
            char *json = NULL;
            size_t len = 0;

            rc = fa_table_describe_json(table, &json, &len, &err);
            if (rc == FA_OK && (fwrite(json, 1, len, stdout) != len || fflush(stdout) != 0)) {
                cli_msg("cannot write to standard output");
                fa_table_describe_free(json);
                fa_table_free(table);
                fa_spec_free(spec);
                return FA_EXIT_INTERNAL;
            }
            fa_table_describe_free(json);
        }
    }
    code = cli_report(rc, &err);
    fa_table_free(table);
    fa_spec_free(spec);
    return code;
}
