/*
 * cmd_batch.c — `fairaudit batch MANIFEST.json --out DIR [--policy FILE]
 * [--quiet]`: many audits under one policy, each into DIR/<name>/, plus a
 * roll-up (docs/cli/batch.md, docs/format/batch.md).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: fairaudit batch MANIFEST.json --out DIR [--policy POLICY.json] [--quiet]\n"
                 "\n"
                 "Audits and gates every entry of a batch manifest (docs/format/batch.md)\n"
                 "under one policy. Each audit goes into DIR/<name>/ (audit.json with its\n"
                 "gate section, junit.xml, summary.md); the roll-up is DIR/batch.json,\n"
                 "DIR/summary.md and DIR/junit.xml (one test suite per audit). A broken\n"
                 "input is reported and does not stop the other audits.\n"
                 "\n"
                 "Options:\n"
                 "  --out DIR        output folder (created if missing); required\n"
                 "  --policy FILE    use this policy instead of the manifest's\n"
                 "  --quiet          print only failing and broken audits\n"
                 "  -h, --help       show this help\n"
                 "\n"
                 "Exit status: 0 every audit ran and passed, 1 an audit failed its gate or\n"
                 "could not be run (broken input), 2 usage error, 3 invalid manifest or\n"
                 "policy, 4 I/O error.\n");
}

int cmd_batch(int argc, char **argv)
{
    const char *manifest = NULL, *out = NULL, *policy = NULL;
    bool quiet = false;
    fa_batch *batch = NULL;
    fa_batch_options opts = FA_BATCH_OPTIONS_INIT;
    fa_batch_summary s;
    fa_error err;
    fa_status rc;
    int i;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        bool bad = false;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return FA_EXIT_OK;
        }
        if (cli_take_value("batch", argc, argv, &i, "--out", &v, &bad)) {
            if (bad || v[0] == '\0')
                return bad ? FA_EXIT_USAGE : cli_usage("batch", "--out needs a folder");
            out = v;
        } else if (cli_take_value("batch", argc, argv, &i, "--policy", &v, &bad)) {
            if (bad || v[0] == '\0')
                return bad ? FA_EXIT_USAGE : cli_usage("batch", "--policy needs a file");
            policy = v;
        } else if (strcmp(a, "--quiet") == 0) {
            quiet = true;
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage("batch", "unknown option '%s'", a);
        } else if (manifest == NULL) {
            manifest = a;
        } else {
            return cli_usage("batch", "unexpected argument '%s'", a);
        }
    }
    if (manifest == NULL)
        return cli_usage("batch", "missing MANIFEST.json");
    if (out == NULL)
        return cli_usage("batch", "missing --out DIR");

    fa_error_clear(&err);
    rc = fa_batch_load(&batch, manifest, &err);
    if (rc != FA_OK)
        return cli_report(rc, &err);
    opts.policy = policy;
    opts.log = cli_log;
    opts.log_payload = &quiet;
    rc = fa_batch_run(batch, out, &opts, &s, &err);
    fa_batch_free(batch);
    if (rc != FA_OK)
        return cli_report(rc, &err);
    cli_msg(
        "batch %s: %zu audits: %zu passed, %zu failed, %zu could not be run (see %s/summary.md)",
        s.n_failed + s.n_errors > 0 ? "FAILED" : "passed", s.n_audits, s.n_passed, s.n_failed,
        s.n_errors, out);
    return s.n_failed + s.n_errors > 0 ? FA_EXIT_GATE_FAIL : FA_EXIT_OK;
}
