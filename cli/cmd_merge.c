/*
 * cmd_merge.c — `fairaudit merge PART.json... --out DIR`: merges partial audits (written by
 * `fairaudit audit --partial`) into the audit of all their shards, DIR/audit.json, optionally
 * gated by a policy. Options: docs/cli/merge.md; format: docs/format/partial.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define CMD "merge"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: fairaudit merge PART.json... --out DIR [--policy FILE [--baseline FILE]]\n"
            "                       [--reproducible] [--quiet]\n"
            "\n"
            "Merges partial audits of shards of the input (from 'fairaudit audit ...\n"
            "--partial PART.json') into the audit one pass over all the shards would give,\n"
            "DIR/audit.json. Give the parts in input order; any order gives the same figures\n"
            "for unweighted audits. Every setting of the parts must be the same (columns,\n"
            "threshold, favourable value, score range, bins, bootstrap, seed, ...).\n"
            "\n"
            "Options:\n"
            "  --out DIR              folder for audit.json (created if missing)\n"
            "  --policy FILE          gate the merged audit (as 'fairaudit audit --policy')\n"
            "  --baseline FILE        an earlier audit.json to compare with (needs --policy)\n"
            "  --reproducible         fixed 'generated_at' (SOURCE_DATE_EPOCH, else 0)\n"
            "  --quiet                no summary on stderr\n"
            "  --help                 this text\n"
            "\n"
            "The merged audit.json differs from a single pass only in generated_at,\n"
            "input.path (the first part's input, '+N more inputs' when the parts read\n"
            "different files) and input.fingerprint (null then): docs/scale.md.\n"
            "\n"
            "Exit codes: 0 ok, 1 a policy rule failed, 2 usage error, 3 a part is invalid or\n"
            "its settings differ from the others (located), 4 I/O or internal error.\n");
}

int cmd_merge(int argc, char **argv)
{
    cli_gate_args gate = {NULL, NULL, NULL, false};
    fa_policy *policy = NULL;
    fa_audit_doc *baseline = NULL;
    fa_audit_partial *merged = NULL;
    fa_audit_result *res = NULL;
    const char **parts = NULL, *out_dir = NULL, *v;
    size_t n_parts = 0, k;
    bool reproducible = false, quiet = false, bad = false;
    char path[4096];
    fa_error err;
    fa_status rc;
    int i, code = FA_EXIT_OK;

    fa_error_clear(&err);
    parts = calloc((size_t)argc + 1, sizeof *parts);
    if (parts == NULL) {
        cli_msg("out of memory");
        return FA_EXIT_INTERNAL;
    }
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            goto done;
        } else if (strcmp(a, "--reproducible") == 0) {
            reproducible = true;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            quiet = true;
        } else if (cli_take_value(CMD, argc, argv, &i, "--out", &v, &bad)) {
            if (bad) {
                code = FA_EXIT_USAGE;
                goto done;
            }
            out_dir = v;
        } else if (cli_take_value(CMD, argc, argv, &i, "--policy", &v, &bad)) {
            if (bad) {
                code = FA_EXIT_USAGE;
                goto done;
            }
            gate.policy = v;
        } else if (cli_take_value(CMD, argc, argv, &i, "--baseline", &v, &bad)) {
            if (bad) {
                code = FA_EXIT_USAGE;
                goto done;
            }
            gate.baseline = v;
        } else if (a[0] == '-' && a[1] != '\0') {
            code = cli_usage(CMD, "unknown option '%s'", a);
            goto done;
        } else {
            parts[n_parts++] = a;
        }
    }
    if (n_parts == 0) {
        code = cli_usage(CMD, "at least one PART.json is required");
        goto done;
    }
    if (out_dir == NULL) {
        code = cli_usage(CMD, "--out DIR is required");
        goto done;
    }
    if (gate.baseline != NULL && gate.policy == NULL) {
        code = cli_usage(CMD, "--baseline needs --policy");
        goto done;
    }
    if (snprintf(path, sizeof path, "%s/audit.json", out_dir) >= (int)sizeof path) {
        code = cli_usage(CMD, "--out path is too long");
        goto done;
    }
    if (gate.policy != NULL && (code = cli_gate_prepare(&gate, &policy, &baseline)) != FA_EXIT_OK)
        goto done;
    /* the first part sets the settings; each further part is added without a second copy */
    rc = fa_audit_partial_load(&merged, parts[0], &err);
    for (k = 1; rc == FA_OK && k < n_parts; k++)
        rc = fa_audit_partial_merge_file(merged, parts[k], &err);
    if (rc == FA_OK)
        rc = fa_audit_partial_result(merged, &res, &err);
    if (rc != FA_OK) {
        code = cli_report(rc, &err);
        goto done;
    }
    code = cli_write_audit(res, out_dir, path, reproducible, policy, baseline, quiet);
    if (code != FA_EXIT_OK && code != FA_EXIT_GATE_FAIL)
        goto done;
    if (!quiet)
        cli_msg("merged %zu partial audit%s: %llu rows, %zu attribute entr%s: wrote %s", n_parts,
                n_parts == 1 ? "" : "s", (unsigned long long)fa_audit_rows_used(res),
                fa_audit_n_attributes(res), fa_audit_n_attributes(res) == 1 ? "y" : "ies", path);
done:
    fa_audit_result_free(res);
    fa_audit_partial_free(merged);
    fa_policy_free(policy);
    fa_audit_doc_free(baseline);
    free(parts);
    return code;
}
