/*
 * cmd_mitigate.c — `fairaudit mitigate thresholds` (fair per-group thresholds
 * fitted on a predictions file) and `fairaudit mitigate sweep` (the
 * accuracy-versus-disparity frontier over the mitigation strength).
 * Documented in docs/cli/mitigate.md; methods in docs/mitigation.md.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"

#define CMD "mitigate"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: fairaudit mitigate thresholds --predictions FILE --label COL --score COL\n"
            "                                     --protected A[,B...] --target dp|eo|air\n"
            "                                     --bound X --out THRESHOLDS.json [...]\n"
            "       fairaudit mitigate sweep --method reweigh|adversarial|thresholds\n"
            "                                --train FILE --test FILE --spec SPEC --out DIR [...]\n"
            "\n"
            "thresholds: per-group decision rules with the least loss of accuracy that meet\n"
            "  the bound (Hardt et al. 2016); see 'fairaudit mitigate thresholds --help'.\n"
            "sweep: trains a series of models over the mitigation strength, audits each and\n"
            "  writes the accuracy-versus-disparity frontier; see 'fairaudit mitigate sweep\n"
            "  --help'.\n");
}

static void usage_thresholds(FILE *out)
{
    fprintf(out,
            "usage: fairaudit mitigate thresholds --predictions FILE --label COL --score COL\n"
            "                                     --protected A[,B...] --target dp|eo|air\n"
            "                                     --bound X --out THRESHOLDS.json\n"
            "                                     [--favorable V] [--weight COL]\n"
            "                                     [--label-values NEG,POS] [--seed S]\n"
            "\n"
            "Chooses one decision rule per group of the protected column(s) that meets the\n"
            "bound on FILE with the least loss of accuracy (docs/mitigation.md):\n"
            "  dp   max - min selection rate <= X           (one threshold per group)\n"
            "  air  min / max favourable decision rate >= X  (one threshold per group)\n"
            "  eo   max - min TPR <= X and max - min FPR <= X (randomised where needed)\n"
            "Fit on held-out or training predictions, then apply the file to new data with\n"
            "'fairaudit predict --thresholds' or 'fairaudit audit --thresholds'.\n"
            "\n"
            "Options:\n"
            "  --predictions FILE     predictions CSV with a header (e.g. from predict)\n"
            "  --label COL            true label column: 0/1 or the --label-values\n"
            "  --score COL            score column (higher = label 1 more likely)\n"
            "  --protected A[,B...]   column(s) whose values define the groups\n"
            "  --target dp|eo|air     fairness criterion\n"
            "  --bound X              dp/eo: largest difference; air: smallest ratio (in [0, 1])\n"
            "  --favorable V          favourable decision value for air, 0 or 1 (default 1);\n"
            "                         credit models whose label is default use 0\n"
            "  --weight COL           sample weight column (finite, >= 0)\n"
            "  --label-values NEG,POS strings standing for label 0 and 1\n"
            "  --base-threshold T     the single threshold of the 'before' figures (0.5)\n"
            "  --seed S               seed of randomised decisions (default %u)\n"
            "  --delimiter C          field separator (default ',')\n"
            "  --out FILE             thresholds file to write (docs/format/thresholds.md)\n"
            "  --quiet                no summary on stderr\n"
            "\n"
            "Exit codes: 0 ok, 2 usage error, 3 input error (located), 4 I/O or internal\n"
            "error. Nothing is written on error.\n",
            FA_THRESHOLDS_DEFAULT_SEED);
}

static int run_thresholds(int argc, char **argv)
{
    fa_thresholds_options o;
    cli_list prot, labels;
    const char *predictions = NULL, *out = NULL, *target = NULL, *bound = NULL, *fav = NULL;
    const char *v;
    bool quiet = false;
    fa_thresholds *th = NULL;
    fa_thresholds_summary s;
    fa_error err;
    fa_status rc;
    int i, code = FA_EXIT_OK;

    fa_thresholds_options_init(&o);
    cli_list_init(&prot);
    cli_list_init(&labels);
    fa_error_clear(&err);
    for (i = 1; i < argc && code == FA_EXIT_OK; i++) {
        const char *a = argv[i];
        int m;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage_thresholds(stdout);
            goto done;
        }
        if (strcmp(a, "--quiet") == 0) {
            quiet = true;
            continue;
        }
        if ((m = cli_opt(argc, argv, &i, "--predictions", &predictions)) ||
            (m = cli_opt(argc, argv, &i, "--label", &o.label_column)) ||
            (m = cli_opt(argc, argv, &i, "--score", &o.score_column)) ||
            (m = cli_opt(argc, argv, &i, "--weight", &o.weight_column)) ||
            (m = cli_opt(argc, argv, &i, "--target", &target)) ||
            (m = cli_opt(argc, argv, &i, "--bound", &bound)) ||
            (m = cli_opt(argc, argv, &i, "--favorable", &fav)) ||
            (m = cli_opt(argc, argv, &i, "--favourable", &fav)) ||
            (m = cli_opt(argc, argv, &i, "--out", &out))) {
            if (m < 0)
                code = cli_usage(CMD, "%s needs a value", a);
            continue;
        }
        if ((m = cli_opt(argc, argv, &i, "--protected", &v))) {
            if (m < 0 || !cli_list_add(&prot, v))
                code = cli_usage(CMD, "--protected expects column names, e.g. sex or sex,race");
            continue;
        }
        if ((m = cli_opt(argc, argv, &i, "--label-values", &v))) {
            if (m < 0 || !cli_list_add(&labels, v) || labels.n != 2)
                code = cli_usage(CMD, "--label-values expects NEG,POS");
            continue;
        }
        if ((m = cli_opt(argc, argv, &i, "--seed", &v))) {
            if (m < 0 || !cli_parse_u64(CMD, "--seed", v, &o.seed))
                code = FA_EXIT_USAGE;
            continue;
        }
        if ((m = cli_opt(argc, argv, &i, "--base-threshold", &v))) {
            if (m < 0 || !cli_parse_double(CMD, "--base-threshold", v, &o.base_threshold))
                code = FA_EXIT_USAGE;
            continue;
        }
        if ((m = cli_opt(argc, argv, &i, "--delimiter", &v))) {
            if (m < 0 || strlen(v) != 1)
                code = cli_usage(CMD, "--delimiter expects one character");
            else
                o.delimiter = v[0];
            continue;
        }
        code = cli_usage(CMD, "thresholds: unknown option '%s'", a);
    }
    if (code != FA_EXIT_OK)
        goto done;
    if (predictions == NULL || o.label_column == NULL || o.score_column == NULL || prot.n == 0 ||
        target == NULL || bound == NULL || out == NULL) {
        code = cli_usage(CMD, "thresholds needs --predictions, --label, --score, --protected, "
                              "--target, --bound and --out");
        goto done;
    }
    if (fa_fairness_parse(target, &o.target, &err) != FA_OK) {
        code = cli_usage(CMD, "--target must be dp, eo or air, got '%s'", target);
        goto done;
    }
    if (!cli_parse_double(CMD, "--bound", bound, &o.bound)) {
        code = FA_EXIT_USAGE;
        goto done;
    }
    if (!(o.bound >= 0.0 && o.bound <= 1.0)) {
        code = cli_usage(CMD, "--bound must lie in [0, 1], got '%s'", bound);
        goto done;
    }
    if (labels.n == 2)
        o.label_values = labels.items;
    if (fav != NULL) {
        if (strcmp(fav, "0") == 0 || (labels.n == 2 && strcmp(fav, labels.items[0]) == 0))
            o.favorable = 0;
        else if (strcmp(fav, "1") == 0 || (labels.n == 2 && strcmp(fav, labels.items[1]) == 0))
            o.favorable = 1;
        else {
            code = cli_usage(CMD, "--favorable expects 0 or 1, got '%s'", fav);
            goto done;
        }
    }
    o.protected_columns = prot.items;
    o.n_protected = prot.n;
    rc = fa_thresholds_fit_file(&th, predictions, &o, &err);
    if (rc == FA_OK)
        rc = fa_thresholds_save(th, out, &err);
    if (rc != FA_OK) {
        code = cli_report(rc, &err);
        goto done;
    }
    fa_thresholds_get_summary(th, &s);
    if (!quiet)
        cli_msg("%s %s %g on %zu group%s: %s %.4f -> %.4f, accuracy %.4f -> %.4f%s; wrote %s",
                target, o.target == FA_FAIRNESS_AIR ? ">=" : "<=", o.bound,
                fa_thresholds_n_groups(th), fa_thresholds_n_groups(th) == 1 ? "" : "s",
                o.target == FA_FAIRNESS_AIR ? "ratio" : "disparity", s.disparity_before,
                s.disparity_after, s.accuracy_before, s.accuracy_after,
                s.randomized ? " (randomised rules)" : "", out);
done:
    fa_thresholds_free(th);
    cli_list_dispose(&prot);
    cli_list_dispose(&labels);
    return code;
}

int cmd_mitigate(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? FA_EXIT_USAGE : FA_EXIT_OK;
    }
    if (strcmp(argv[1], "thresholds") == 0)
        return run_thresholds(argc - 1, argv + 1);
    if (strcmp(argv[1], "sweep") == 0)
        return cmd_mitigate_sweep(argc - 1, argv + 1);
    return cli_usage(CMD, "unknown subcommand '%s' (expected thresholds or sweep)", argv[1]);
}
