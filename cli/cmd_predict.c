/*
 * cmd_predict.c — `fairaudit predict`: scores a data file with a model file
 * and writes a predictions CSV (score, decision, label, protected columns)
 * that `fairaudit audit` reads directly. Documented in docs/cli/predict.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define CMD "predict"

static void print_help(void)
{
    printf("usage: fairaudit predict --model MODEL.json --data FILE [--spec SPEC]\n"
           "                         --out PRED.csv [--threshold T | --thresholds FILE]\n"
           "                         [--threads N] [--quiet]\n"
           "\n"
           "Scores FILE with the model and writes PRED.csv (atomically) with the header\n"
           "  score,decision,<label>,<protected columns...>\n"
           "score = probability of the positive class, decision = score >= threshold\n"
           "(0/1), the label as 0/1 (1 = positive class) and each protected column's value.\n"
           "FILE is read through SPEC, or through the spec embedded in the model.\n"
           "\n"
           "Options:\n"
           "  --model MODEL.json  model file written by 'fairaudit train'\n"
           "  --data FILE         data to score ('-' = standard input)\n"
           "  --spec SPEC         dataset spec for FILE (default: the model's own spec);\n"
           "                      its feature columns must match the model's by name\n"
           "  --out PRED.csv      predictions file to write\n"
           "  --threshold T       decision threshold (default: the model's)\n"
           "  --thresholds FILE   per-group decision rules from 'fairaudit mitigate\n"
           "                      thresholds' (docs/format/thresholds.md); the decision of\n"
           "                      row i is the rule of its group, randomised rules seeded\n"
           "                      by the file's seed and i\n"
           "  --threads N         threads loading FILE, scoring the rows and for OpenBLAS\n"
           "                      (default: one per CPU; the load uses at most 8); the\n"
           "                      predictions do not depend on it\n"
           "  --quiet             no progress messages on stderr\n"
           "  -h, --help          show this help\n"
           "\n"
           "Exit codes: 0 ok, 2 usage error, 3 bad input (located as FILE:LINE:COLUMN),\n"
           "4 I/O or internal error. On error no predictions file is written.\n");
}

static void report(const fa_table *t, const fa_encode_stats *st, bool quiet)
{
    char msg[256];

    snprintf(msg, sizeof msg, "scored %zu rows", fa_table_n_rows(t));
    cli_log(FA_LOG_INFO, msg, &quiet);
    if (st->unseen_categories > 0) {
        snprintf(msg, sizeof msg,
                 "%llu categorical values were not seen in training (encoded as all zeros)",
                 (unsigned long long)st->unseen_categories);
        cli_log(FA_LOG_WARNING, msg, &quiet);
    }
}

int cmd_predict(int argc, char **argv)
{
    const char *model_path = NULL, *data = NULL, *spec_path = NULL, *out = NULL;
    const char *threshold_text = NULL, *thresholds_path = NULL, *threads_text = NULL;
    fa_thresholds *thresholds = NULL;
    uint8_t *decisions = NULL;
    uint64_t threads = 0;
    bool quiet = false, bad = false;
    fa_model *model = NULL;
    fa_spec *own_spec = NULL;
    const fa_spec *spec = NULL;
    fa_table *table = NULL;
    fa_load_options lo;
    fa_encode_stats st;
    double *proba = NULL, threshold = 0.0;
    fa_error err;
    fa_status rc;
    int i, code;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            print_help();
            return FA_EXIT_OK;
        }
        if (strcmp(argv[i], "--quiet") == 0) {
            quiet = true;
            continue;
        }
        if (cli_take_value(CMD, argc, argv, &i, "--model", &model_path, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--data", &data, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--spec", &spec_path, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--out", &out, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--threshold", &threshold_text, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--thresholds", &thresholds_path, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--threads", &threads_text, &bad)) {
            if (bad)
                return FA_EXIT_USAGE;
            continue;
        }
        return cli_usage(CMD, "unexpected argument '%s'", argv[i]);
    }
    if (model_path == NULL || data == NULL || out == NULL)
        return cli_usage(CMD, "--model, --data and --out are required");
    if (threshold_text != NULL && thresholds_path != NULL)
        return cli_usage(CMD, "--threshold and --thresholds exclude each other");
    if (threshold_text != NULL) {
        if (!cli_parse_double(CMD, "--threshold", threshold_text, &threshold))
            return FA_EXIT_USAGE;
        if (!(threshold >= 0.0 && threshold <= 1.0))
            return cli_usage(CMD, "--threshold must lie in [0, 1], got '%s'", threshold_text);
    }
    if (threads_text != NULL) {
        if (!cli_parse_u64(CMD, "--threads", threads_text, &threads))
            return FA_EXIT_USAGE;
        if (threads > 1024)
            return cli_usage(CMD, "--threads must be at most 1024");
        fa_model_set_blas_threads((unsigned)threads);
    }
    fa_load_options_init(&lo);
    lo.threads = cli_load_threads(threads);
    lo.log = cli_log;
    lo.log_payload = &quiet;

    fa_error_clear(&err);
    rc = fa_model_load(&model, model_path, &err);
    if (rc == FA_OK && thresholds_path != NULL)
        rc = fa_thresholds_load(&thresholds, thresholds_path, &err);
    if (rc == FA_OK && threshold_text != NULL)
        rc = fa_model_set_threshold(model, threshold, &err);
    if (rc == FA_OK && threads_text != NULL)
        fa_model_set_threads(model, (unsigned)threads);
    if (rc == FA_OK && spec_path != NULL) {
        rc = fa_spec_load(&own_spec, spec_path, &err);
        spec = own_spec;
    } else if (rc == FA_OK) {
        spec = fa_model_spec(model);
        if (spec == NULL) {
            cli_msg("%s does not embed its spec: pass --spec", model_path);
            fa_model_free(model);
            return FA_EXIT_USAGE;
        }
    }
    if (rc == FA_OK)
        rc = fa_table_load(&table, spec, data, &lo, &err);
    if (rc == FA_OK) {
        size_t n = fa_table_n_rows(table);
        proba = malloc((n ? n : 1) * sizeof *proba);
        if (proba == NULL) {
            cli_msg("out of memory for %zu scores", n);
            code = FA_EXIT_INTERNAL;
            goto done;
        }
        rc = fa_model_predict_proba(model, table, proba, &st, &err);
    }
    if (rc == FA_OK && thresholds != NULL) {
        size_t n = fa_table_n_rows(table);
        decisions = malloc(n ? n : 1);
        if (decisions == NULL) {
            cli_msg("out of memory for %zu decisions", n);
            code = FA_EXIT_INTERNAL;
            goto done;
        }
        rc = fa_thresholds_decide_table(thresholds, table, proba, decisions, &err);
    }
    if (rc == FA_OK)
        rc = fa_model_write_predictions_decided(model, table, proba, decisions, out, &err);
    if (rc == FA_OK)
        report(table, &st, quiet);
    code = cli_report(rc, &err);
done:
    free(proba);
    free(decisions);
    fa_thresholds_free(thresholds);
    fa_table_free(table);
    fa_spec_free(own_spec);
    fa_model_free(model);
    return code;
}
