/*
 * cmd_sweep.c — `fairaudit mitigate sweep`: the accuracy-versus-disparity
 * frontier over the mitigation strength, every point audited. The library
 * trains and scores (fa_sweep_run); this file supplies the audit of each
 * point (fa_audit_run + fa_report_write_json), which lib/ cannot call.
 * Documented in docs/cli/mitigate.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"

#define CMD        "mitigate sweep"
#define MAX_VALUES 64
/* Bootstrap replicates of every point's audit (intervals on the frontier). */
#define SWEEP_DEFAULT_BOOTSTRAP 200u

static void usage(FILE *out)
{
    fprintf(out,
            "usage: fairaudit mitigate sweep --method reweigh|adversarial|thresholds\n"
            "                                --train FILE --test FILE --spec SPEC --out DIR\n"
            "                                [--values V1,V2,...] [--protected A[,B...]]\n"
            "                                [--fairness dp|eo] [--target dp|eo|air]\n"
            "                                [--metric KEY] [--model logreg|mlp] [--seed S]\n"
            "                                [--epochs E] [--bootstrap N] [--quiet]\n"
            "\n"
            "Trains a baseline model on FILE (--train) and one mitigated model per value of\n"
            "the strength, scores --test with each, audits every point and writes the\n"
            "accuracy-versus-disparity frontier (the search for a less discriminatory\n"
            "alternative):\n"
            "  DIR/point-00/         the baseline: model.json, predictions.csv, audit.json\n"
            "  DIR/point-KK/         one per value (thresholds: thresholds.json)\n"
            "  DIR/sweep.json        every point's accuracy, disparity (with its interval),\n"
            "                        distance from the ideal and frontier membership\n"
            "  DIR/sweep.csv         the same as a table (for plotting)\n"
            "  DIR/mitigation.json   the frontier as the report's mitigation section\n"
            "\n"
            "Strength (--values; defaults in brackets):\n"
            "  reweigh      reweighing mix in [0, 1]           [0.25,0.5,0.75,1]\n"
            "  adversarial  adversary weight A >= 0            [0.01,0.1,1,10]\n"
            "  thresholds   bound of --target (dp/eo: largest difference [0.1,0.05,0.02,0.01];\n"
            "               air: smallest ratio [0.7,0.8,0.9,0.95]), fitted on the\n"
            "               baseline's scores of --train, applied to --test\n"
            "\n"
            "Options:\n"
            "  --protected A[,B...]   the groups' column(s) (default: the spec's only one)\n"
            "  --fairness dp|eo       adversarial criterion (default dp)\n"
            "  --target dp|eo|air     thresholds criterion (default dp)\n"
            "  --metric KEY           audit.json disparity on the frontier (default: the\n"
            "                         criterion's: demographic_parity_difference,\n"
            "                         equalized_odds_difference or demographic_parity_ratio)\n"
            "  --model logreg|mlp     the model of every point (default logreg)\n"
            "  --seed S               training seed (default 42)\n"
            "  --epochs E             adversarial epochs (default 50)\n"
            "  --bootstrap N          bootstrap replicates of each audit (default %u)\n"
            "  --quiet                no progress on stderr\n"
            "\n"
            "Exit codes: 0 ok, 2 usage error, 3 input error, 4 I/O or internal error.\n",
            SWEEP_DEFAULT_BOOTSTRAP);
}

typedef struct audit_ctx {
    const fa_spec *spec;
    const char *prot[CLI_LIST_MAX];
    size_t n_prot;
    int intersections;
    unsigned bootstrap;
    bool quiet;
} audit_ctx;

/* fa_sweep_audit_fn: audits one point's predictions into DIR/audit.json. */
static fa_status
audit_point(void *payload, const char *predictions, const char *out_dir, fa_error *err)
{
    const audit_ctx *a = payload;
    fa_audit_options o = FA_AUDIT_OPTIONS_INIT;
    fa_report_options ro = FA_REPORT_OPTIONS_INIT;
    fa_audit_result *res = NULL;
    char path[4096];
    fa_status rc;

    o.label_column = fa_spec_column_name(a->spec, fa_spec_label_column(a->spec));
    o.score_column = "score";
    o.decision_column = "decision";
    o.protected_columns = a->prot;
    o.n_protected = a->n_prot;
    o.intersections = a->intersections;
    o.favorable = fa_spec_positive_is_favorable(a->spec) ? 1 : 0;
    o.bootstrap = a->bootstrap;
    if (snprintf(path, sizeof path, "%s/audit.json", out_dir) >= (int)sizeof path) {
        if (err != NULL) {
            fa_error_clear(err);
            err->code = FA_EINVAL;
            snprintf(err->message, sizeof err->message, "output path too long");
        }
        return FA_EINVAL;
    }
    rc = fa_audit_run(predictions, &o, &res, err);
    if (rc == FA_OK)
        rc = fa_report_write_json(res, path, &ro, err);
    fa_audit_result_free(res);
    return rc;
}

int cmd_mitigate_sweep(int argc, char **argv)
{
    fa_sweep_options o;
    audit_ctx actx;
    cli_list prot;
    const char *method = NULL, *train_path = NULL, *test_path = NULL, *spec_path = NULL;
    const char *out = NULL, *values = NULL, *fairness = NULL, *target = NULL, *v;
    double vals[MAX_VALUES];
    size_t n_vals = 0, c;
    fa_spec *spec = NULL;
    fa_table *train = NULL, *test = NULL;
    fa_load_options lo;
    fa_error err;
    fa_status rc;
    int i, m, code = FA_EXIT_OK;
    uint64_t u;

    fa_sweep_options_init(&o);
    memset(&actx, 0, sizeof actx);
    actx.bootstrap = SWEEP_DEFAULT_BOOTSTRAP;
    cli_list_init(&prot);
    fa_error_clear(&err);
    for (i = 1; i < argc && code == FA_EXIT_OK; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            goto done;
        }
        if (strcmp(a, "--quiet") == 0) {
            actx.quiet = true;
            continue;
        }
        if ((m = cli_opt(argc, argv, &i, "--method", &method)) ||
            (m = cli_opt(argc, argv, &i, "--train", &train_path)) ||
            (m = cli_opt(argc, argv, &i, "--test", &test_path)) ||
            (m = cli_opt(argc, argv, &i, "--spec", &spec_path)) ||
            (m = cli_opt(argc, argv, &i, "--out", &out)) ||
            (m = cli_opt(argc, argv, &i, "--values", &values)) ||
            (m = cli_opt(argc, argv, &i, "--fairness", &fairness)) ||
            (m = cli_opt(argc, argv, &i, "--target", &target)) ||
            (m = cli_opt(argc, argv, &i, "--metric", &o.metric))) {
            if (m < 0)
                code = cli_usage(CMD, "%s needs a value", a);
            continue;
        }
        if ((m = cli_opt(argc, argv, &i, "--protected", &v))) {
            if (m < 0 || !cli_list_add(&prot, v))
                code = cli_usage(CMD, "--protected expects column names, e.g. sex or sex,race");
            continue;
        }
        if ((m = cli_opt(argc, argv, &i, "--model", &v))) {
            if (m < 0 || fa_model_kind_parse(v, &o.fit.kind, &err) != FA_OK)
                code = cli_usage(CMD, "--model must be logreg or mlp");
            continue;
        }
        if ((m = cli_opt(argc, argv, &i, "--seed", &v))) {
            if (m < 0 || !cli_parse_u64(CMD, "--seed", v, &o.fit.seed))
                code = FA_EXIT_USAGE;
            continue;
        }
        if ((m = cli_opt(argc, argv, &i, "--epochs", &v))) {
            if (m < 0 || !cli_parse_u64(CMD, "--epochs", v, &u) || u == 0 || u > 100000)
                code = cli_usage(CMD, "--epochs expects 1 to 100000");
            else
                o.mitigate.adversary.epochs = (unsigned)u;
            continue;
        }
        if ((m = cli_opt(argc, argv, &i, "--bootstrap", &v))) {
            if (m < 0 || !cli_parse_u64(CMD, "--bootstrap", v, &u) || u > 100000)
                code = cli_usage(CMD, "--bootstrap expects 0 to 100000");
            else
                actx.bootstrap = (unsigned)u;
            continue;
        }
        code = cli_usage(CMD, "unknown option '%s'", a);
    }
    if (code != FA_EXIT_OK)
        goto done;
    if (method == NULL || train_path == NULL || test_path == NULL || spec_path == NULL ||
        out == NULL) {
        code = cli_usage(CMD, "--method, --train, --test, --spec and --out are required");
        goto done;
    }
    if (strcmp(method, "reweigh") == 0)
        o.method = FA_SWEEP_REWEIGH;
    else if (strcmp(method, "adversarial") == 0)
        o.method = FA_SWEEP_ADVERSARIAL;
    else if (strcmp(method, "thresholds") == 0)
        o.method = FA_SWEEP_THRESHOLDS;
    else {
        code = cli_usage(CMD, "--method must be reweigh, adversarial or thresholds");
        goto done;
    }
    if (fairness != NULL &&
        (o.method != FA_SWEEP_ADVERSARIAL ||
         fa_fairness_parse(fairness, &o.mitigate.adversary.fairness, &err) != FA_OK ||
         o.mitigate.adversary.fairness == FA_FAIRNESS_AIR)) {
        code = cli_usage(CMD, "--fairness (dp or eo) applies to --method adversarial");
        goto done;
    }
    if (target != NULL &&
        (o.method != FA_SWEEP_THRESHOLDS || fa_fairness_parse(target, &o.target, &err) != FA_OK)) {
        code = cli_usage(CMD, "--target (dp, eo or air) applies to --method thresholds");
        goto done;
    }
    if (values != NULL) {
        if (!cli_parse_doubles(values, vals, MAX_VALUES, &n_vals)) {
            code = cli_usage(CMD, "--values expects numbers separated by commas, got '%s'", values);
            goto done;
        }
    } else {
        static const double rw[] = {0.25, 0.5, 0.75, 1.0}, adv[] = {0.01, 0.1, 1.0, 10.0},
                            diff[] = {0.1, 0.05, 0.02, 0.01}, ratio[] = {0.7, 0.8, 0.9, 0.95};
        const double *d = o.method == FA_SWEEP_REWEIGH       ? rw
                          : o.method == FA_SWEEP_ADVERSARIAL ? adv
                          : o.target == FA_FAIRNESS_AIR      ? ratio
                                                             : diff;
        n_vals = 4;
        memcpy(vals, d, sizeof rw);
    }
    o.values = vals;
    o.n_values = n_vals;
    if (prot.n > 0) {
        o.mitigate.protected_columns = prot.items;
        o.mitigate.n_protected = prot.n;
    }
    o.out_dir = out;
    o.audit = audit_point;
    o.audit_payload = &actx;
    o.log = cli_log;
    o.log_payload = &actx.quiet;
    fa_load_options_init(&lo);
    lo.log = cli_log;
    lo.log_payload = &actx.quiet;

    rc = fa_spec_load(&spec, spec_path, &err);
    if (rc == FA_OK)
        rc = fa_table_load(&train, spec, train_path, &lo, &err);
    if (rc == FA_OK)
        rc = fa_table_load(&test, spec, test_path, &lo, &err);
    if (rc == FA_OK) {
        /* Audit every protected column of the spec (and the mitigation's own ones). */
        actx.spec = spec;
        for (c = 0; c < fa_spec_n_columns(spec) && actx.n_prot < CLI_LIST_MAX; c++)
            if (fa_spec_column_role(spec, c) == FA_ROLE_PROTECTED)
                actx.prot[actx.n_prot++] = fa_spec_column_name(spec, c);
        for (c = 0; c < prot.n && actx.n_prot < CLI_LIST_MAX; c++) {
            size_t k;
            bool seen = false;
            for (k = 0; k < actx.n_prot; k++)
                seen = seen || strcmp(actx.prot[k], prot.items[c]) == 0;
            if (!seen)
                actx.prot[actx.n_prot++] = prot.items[c];
        }
        actx.intersections = prot.n > 1;
        rc = fa_sweep_run(train, test, &o, &err);
    }
    if (rc == FA_OK && !actx.quiet)
        cli_msg("wrote %s/sweep.json and %s/sweep.csv", out, out);
    code = cli_report(rc, &err);
done:
    fa_table_free(train);
    fa_table_free(test);
    fa_spec_free(spec);
    cli_list_dispose(&prot);
    return code;
}
