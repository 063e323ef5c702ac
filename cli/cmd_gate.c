/*
 * cmd_gate.c — `fairaudit gate AUDIT.json --policy POLICY.json
 * [--baseline OLD.json] [--out DIR] [--quiet]`: the policy verdict on an
 * existing audit, without rereading any data (docs/cli/gate.md).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: fairaudit gate AUDIT.json --policy POLICY.json [--baseline OLD.json]\n"
                 "                      [--out DIR] [--quiet]\n"
                 "\n"
                 "Evaluates a fairness policy on an existing audit.json (written by\n"
                 "'fairaudit audit') and writes junit.xml, summary.md and gate.json into DIR\n"
                 "(default: the audit's folder). A short summary goes to stderr.\n"
                 "\n"
                 "Options:\n"
                 "  --policy FILE    policy file (docs/format/policy.md); required\n"
                 "  --baseline FILE  an earlier audit.json; rules with a \"tolerance\" fail\n"
                 "                   when a value got worse than the baseline's by more\n"
                 "  --out DIR        where to write junit.xml, summary.md and gate.json\n"
                 "  --quiet          print the summary only when the gate fails\n"
                 "  -h, --help       show this help\n"
                 "\n"
                 "Exit status: 0 every rule passed (warnings allowed), 1 a rule failed,\n"
                 "2 usage error, 3 invalid policy or audit file, 4 I/O error.\n");
}

int cmd_gate(int argc, char **argv)
{
    cli_gate_args args = {NULL, NULL, NULL, false};
    const char *audit = NULL;
    fa_policy *policy = NULL;
    fa_audit_doc *baseline = NULL;
    fa_gate_result *result = NULL;
    int i, code;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        bool bad = false;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return FA_EXIT_OK;
        }
        if (cli_take_value("gate", argc, argv, &i, "--policy", &v, &bad)) {
            if (bad || v[0] == '\0')
                return bad ? FA_EXIT_USAGE : cli_usage("gate", "--policy needs a file");
            args.policy = v;
        } else if (cli_take_value("gate", argc, argv, &i, "--baseline", &v, &bad)) {
            if (bad || v[0] == '\0')
                return bad ? FA_EXIT_USAGE : cli_usage("gate", "--baseline needs a file");
            args.baseline = v;
        } else if (cli_take_value("gate", argc, argv, &i, "--out", &v, &bad)) {
            if (bad || v[0] == '\0')
                return bad ? FA_EXIT_USAGE : cli_usage("gate", "--out needs a folder");
            args.out_dir = v;
        } else if (strcmp(a, "--quiet") == 0) {
            args.quiet = true;
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage("gate", "unknown option '%s'", a);
        } else if (audit == NULL) {
            audit = a;
        } else {
            return cli_usage("gate", "unexpected argument '%s' (one audit file per run)", a);
        }
    }
    if (audit == NULL)
        return cli_usage("gate", "missing AUDIT.json");
    if (args.policy == NULL)
        return cli_usage("gate", "missing --policy POLICY.json");

    code = cli_gate_prepare(&args, &policy, &baseline);
    if (code == FA_EXIT_OK)
        code = cli_gate_evaluate(audit, policy, baseline, &result);
    if (code == FA_EXIT_OK)
        code = cli_gate_write(result, audit, audit, args.out_dir, NULL, 0);
    if (code == FA_EXIT_OK) {
        cli_gate_print(result, args.quiet);
        code = fa_gate_result_passed(result) ? FA_EXIT_OK : FA_EXIT_GATE_FAIL;
    }
    fa_gate_result_free(result);
    fa_audit_doc_free(baseline);
    fa_policy_free(policy);
    return code;
}
