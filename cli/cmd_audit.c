/*
 * cmd_audit.c — `fairaudit audit`: argv -> fa_audit_options -> fa_audit_run ->
 * fa_report_write_json(DIR/audit.json). Options: docs/cli/audit.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define CMD "audit"
#define MAX_LIST 64
#define MAX_INPUTS 4096 /* --predictions files */

static void usage(FILE *out)
{
    fprintf(out,
            "usage: fairaudit audit --predictions FILE --label COL --score COL\n"
            "                       [--decision COL | --threshold T | --thresholds FILE]\n"
            "                       --protected A[,B...]\n"
            "                       [--favorable V] [--reference A=VALUE]... [--weight COL]\n"
            "                       [--intersections] [--bootstrap N] [--seed S] --out DIR\n"
            "       fairaudit audit --model MODEL.json --data FILE [--spec SPEC] --out DIR ...\n"
            "\n"
            "Audits a classifier's predictions for fairness in one streaming pass and writes\n"
            "DIR/audit.json (format: docs/format/audit.md; metrics: docs/metrics.md).\n"
            "\n"
            "Input:\n"
            "  --predictions FILE     predictions CSV with a header ('-' = standard input);\n"
            "                         repeat it to audit several files as one input (each\n"
            "                         with its header; under mpirun, files go to ranks)\n"
            "  --label COL            true label column: 0/1, or the values of --label-values\n"
            "  --score COL            model score column (higher = label 1 more likely)\n"
            "  --decision COL         decision column (0/1); default: score >= threshold\n"
            "  --threshold T          decision threshold on the score (default %g)\n"
            "  --thresholds FILE      per-group decision rules from 'fairaudit mitigate\n"
            "                         thresholds'; row i's decision is its group's rule\n"
            "                         (the same decisions as 'predict --thresholds')\n"
            "  --protected A[,B...]   protected attribute columns (repeatable)\n"
            "  --weight COL           sample weight column (finite, >= 0)\n"
            "  --label-values NEG,POS strings that stand for label 0 and 1 (e.g. '<=50K,>50K')\n"
            "  --score-range LO:HI    declared score range (default 0:1; e.g. 300:850);\n"
            "                         Brier, log-loss and ECE need 0:1\n"
            "  --missing-values LIST  extra protected values meaning 'missing' (comma list);\n"
            "                         an empty or blank field is always missing\n"
            "  --delimiter C          field separator (default ',')\n"
            "  --threads N            threads reading the predictions file, or loading --data\n"
            "                         with --model (default 0 = one per CPU, at most 8);\n"
            "                         every figure is the same for any N\n"
            "\n"
            "Audit:\n"
            "  --favorable V          favourable label/decision value: 0 or 1 (or a label\n"
            "                         value); default 1. Credit models whose label is default\n"
            "                         use --favorable 0\n"
            "  --reference A=VALUE    reference group of attribute A (repeatable); default:\n"
            "                         the group with the most rows\n"
            "  --intersections        also audit every combination of the protected columns\n"
            "  --min-group-size N     groups with fewer rows are marked insufficient (default %u)\n"
            "  --max-groups N         most distinct combinations of protected values (default %u)\n"
            "  --calibration-bins N   equal-width calibration bins (default %u)\n"
            "  --bootstrap N          bootstrap replicates for confidence intervals, 0 = off\n"
            "                         (default %u)\n"
            "  --seed S               bootstrap seed (default 0)\n"
            "  --ci-level X           confidence level (default %g)\n"
            "\n"
            "Gate (docs/format/policy.md, docs/ci.md):\n"
            "  --policy FILE          evaluate a fairness policy: verdicts go into audit.json\n"
            "                         (\"gate\"), DIR/junit.xml and DIR/summary.md; exit 1\n"
            "                         when a rule fails\n"
            "  --baseline FILE        an earlier audit.json to compare with (needs --policy)\n"
            "\n"
            "Model mode (label, weights and protected columns from the dataset spec):\n"
            "  --model MODEL.json     a model written by 'fairaudit train'\n"
            "  --data FILE            data to score and audit\n"
            "  --spec SPEC            dataset spec for FILE (default: the model's own)\n"
            "                         --protected selects some of the spec's protected\n"
            "                         columns; --threshold defaults to the model's; --favorable\n"
            "                         defaults to the spec's (0 when its positive class is not\n"
            "                         favourable, e.g. default)\n"
            "\n",
            FA_AUDIT_DEFAULT_THRESHOLD, FA_AUDIT_DEFAULT_MIN_GROUP_SIZE,
            FA_AUDIT_DEFAULT_MAX_GROUPS, FA_AUDIT_DEFAULT_CAL_BINS, FA_AUDIT_DEFAULT_BOOTSTRAP,
            FA_AUDIT_DEFAULT_CI_LEVEL);
    fprintf(out,
            "Output:\n"
            "  --out DIR              folder for audit.json (created if missing)\n"
            "  --partial PART.json    write this shard's accumulated state instead ('-' =\n"
            "                         standard output; with --out also its audit); 'fairaudit\n"
            "                         merge' combines shards into the audit of all of them\n"
            "                         (docs/scale.md)\n"
            "  --reproducible         fixed 'generated_at' (SOURCE_DATE_EPOCH, else 0)\n"
            "  --no-fingerprint       skip the SHA-256 of the input file\n"
            "  --quiet                no progress or summary on stderr\n"
            "  --help                 this text\n"
            "\n"
            "Exit codes: 0 ok, 1 a policy rule failed, 2 usage error, 3 input error (with\n"
            "file:line:column, invalid policy), 4 I/O or internal error. Nothing is written\n"
            "when the audit fails. Under mpirun -np K, the K processes share the file and\n"
            "rank 0 writes audit.json (docs/scale.md).\n");
}

/* Splits a comma list into items (in place); false when there are too many. */
static bool split_list(char *s, const char **items, size_t *n, size_t max)
{
    char *p = s;

    for (;;) {
        char *c = strchr(p, ',');
        if (*n >= max)
            return false;
        if (c != NULL)
            *c = '\0';
        items[(*n)++] = p;
        if (c == NULL)
            return true;
        p = c + 1;
    }
}

/* The value of an option: "--x VALUE" or "--x=VALUE". */
static const char *opt_value(int argc, char **argv, int *i, const char *name, bool *matched,
                             bool *missing)
{
    size_t n = strlen(name);
    const char *a = argv[*i];

    *matched = false;
    *missing = false;
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=') {
        *matched = true;
        return a + n + 1;
    }
    if (a[n] != '\0')
        return NULL;
    *matched = true;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

/* --model mode: load the model and the data through the spec, score, audit. */
static fa_status audit_model(const char *model_path, const char *data, const char *spec_path,
                             fa_audit_options *o, bool have_threshold, bool have_favorable,
                             fa_audit_result **res, fa_error *err)
{
    fa_model *model = NULL;
    fa_spec *own_spec = NULL;
    const fa_spec *spec = NULL;
    fa_table *table = NULL;
    fa_load_options lo = FA_LOAD_OPTIONS_INIT;
    fa_encode_stats st;
    double *proba = NULL;
    fa_status rc;

    lo.threads = cli_load_threads(o->threads); /* the scores do not depend on it */
    rc = fa_model_load(&model, model_path, err);
    if (rc == FA_OK && spec_path != NULL) {
        rc = fa_spec_load(&own_spec, spec_path, err);
        spec = own_spec;
    } else if (rc == FA_OK) {
        spec = fa_model_spec(model);
        if (spec == NULL) {
            fa_error_clear(err);
            err->code = FA_EINVAL;
            snprintf(err->message, sizeof err->message,
                     "%s does not embed its dataset spec: pass --spec SPEC", model_path);
            rc = FA_EINVAL;
        }
    }
    if (rc == FA_OK)
        rc = fa_table_load(&table, spec, data, &lo, err);
    if (rc == FA_OK) {
        size_t n = fa_table_n_rows(table);
        proba = malloc((n ? n : 1) * sizeof *proba);
        if (proba == NULL) {
            fa_error_clear(err);
            err->code = FA_ENOMEM;
            snprintf(err->message, sizeof err->message, "out of memory for %zu scores", n);
            rc = FA_ENOMEM;
        }
    }
    if (rc == FA_OK)
        rc = fa_model_predict_proba(model, table, proba, &st, err);
    if (rc == FA_OK) {
        if (!have_threshold)
            o->threshold = fa_model_threshold(model);
        /* the spec says whether its positive class is favourable (e.g. "default" is not) */
        if (!have_favorable)
            o->favorable = fa_spec_positive_is_favorable(spec) ? 1 : 0;
        rc = fa_audit_run_table(table, proba, model_path, o, res, err);
    }
    free(proba);
    fa_table_free(table);
    fa_spec_free(own_spec);
    fa_model_free(model);
    return rc;
}

int cmd_audit(int argc, char **argv)
{
    fa_audit_options o = FA_AUDIT_OPTIONS_INIT;
    const char *prot[MAX_LIST], *refs[MAX_LIST], *missing[MAX_LIST], *labels[2] = {NULL, NULL};
    size_t n_prot = 0, n_refs = 0, n_missing = 0;
    char *owned[4 * MAX_LIST];
    size_t n_owned = 0;
    const char *inputs[MAX_INPUTS];
    size_t n_inputs = 0;
    const char *predictions = NULL, *out_dir = NULL, *favorable = NULL, *model = NULL,
               *data = NULL, *spec = NULL, *thresholds_path = NULL, *partial_path = NULL;
    fa_thresholds *thresholds = NULL;
    fa_audit_partial *partial = NULL;
    cli_gate_args gate = {NULL, NULL, NULL, false};
    fa_policy *policy = NULL;
    fa_audit_doc *baseline = NULL;
    bool reproducible = false, quiet = false, have_threshold = false, have_threads = false;
    int mpi_rank = 0, mpi_size = 1;
    fa_audit_result *res = NULL;
    fa_error err;
    char path[4096];
    int i, code = FA_EXIT_OK;
    fa_status rc;

    fa_error_clear(&err);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        bool m, miss;

#define VALUE(name) ((v = opt_value(argc, argv, &i, name, &m, &miss)), m)
#define NEED()                                                                                    \
    do {                                                                                          \
        if (miss) {                                                                               \
            code = cli_usage(CMD, "%s needs a value", a);                                         \
            goto done;                                                                            \
        }                                                                                         \
    } while (0)
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            goto done;
        } else if (strcmp(a, "--intersections") == 0) {
            o.intersections = 1;
        } else if (strcmp(a, "--reproducible") == 0) {
            reproducible = true;
        } else if (strcmp(a, "--no-fingerprint") == 0) {
            o.fingerprint = 0;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            quiet = true;
        } else if (VALUE("--predictions")) {
            NEED();
            if (n_inputs == MAX_INPUTS) {
                code = cli_usage(CMD, "at most %d --predictions files", MAX_INPUTS);
                goto done;
            }
            inputs[n_inputs++] = v;
            predictions = inputs[0];
        } else if (VALUE("--label")) {
            NEED();
            o.label_column = v;
        } else if (VALUE("--score")) {
            NEED();
            o.score_column = v;
        } else if (VALUE("--decision")) {
            NEED();
            o.decision_column = v;
        } else if (VALUE("--thresholds")) {
            NEED();
            thresholds_path = v;
        } else if (VALUE("--weight")) {
            NEED();
            o.weight_column = v;
        } else if (VALUE("--threshold")) {
            NEED();
            if (!cli_parse_double(CMD, "--threshold", v, &o.threshold)) {
                code = FA_EXIT_USAGE;
                goto done;
            }
            have_threshold = true;
        } else if (VALUE("--protected") || VALUE("--missing-values") || VALUE("--reference") ||
                   VALUE("--label-values")) {
            char *copy;
            NEED();
            if (n_owned >= sizeof owned / sizeof owned[0] || (copy = strdup(v)) == NULL) {
                code = cli_usage(CMD, "too many list options");
                goto done;
            }
            owned[n_owned++] = copy;
            if (strncmp(a, "--protected", 11) == 0) {
                if (!split_list(copy, prot, &n_prot, MAX_LIST)) {
                    code = cli_usage(CMD, "too many protected columns");
                    goto done;
                }
            } else if (strncmp(a, "--missing-values", 16) == 0) {
                if (!split_list(copy, missing, &n_missing, MAX_LIST)) {
                    code = cli_usage(CMD, "too many missing values");
                    goto done;
                }
            } else if (strncmp(a, "--reference", 11) == 0) {
                if (n_refs >= MAX_LIST) {
                    code = cli_usage(CMD, "too many --reference options");
                    goto done;
                }
                refs[n_refs++] = copy;
            } else {
                const char *two[3];
                size_t n2 = 0;
                if (!split_list(copy, two, &n2, 3) || n2 != 2 || two[0][0] == '\0' ||
                    two[1][0] == '\0') {
                    code = cli_usage(CMD, "--label-values expects NEG,POS");
                    goto done;
                }
                labels[0] = two[0];
                labels[1] = two[1];
            }
        } else if (VALUE("--favorable") || VALUE("--favourable")) {
            NEED();
            favorable = v;
        } else if (VALUE("--bootstrap")) {
            uint64_t n;
            NEED();
            if (!cli_parse_u64(CMD, "--bootstrap", v, &n)) {
                code = FA_EXIT_USAGE;
                goto done;
            }
            if (n > 100000) {
                code = cli_usage(CMD, "--bootstrap: at most 100000 replicates");
                goto done;
            }
            o.bootstrap = (unsigned)n;
        } else if (VALUE("--threads")) {
            uint64_t n;
            NEED();
            if (!cli_parse_u64(CMD, "--threads", v, &n)) {
                code = FA_EXIT_USAGE;
                goto done;
            }
            if (n > FA_AUDIT_MAX_THREADS) {
                code = cli_usage(CMD, "--threads: at most %u", FA_AUDIT_MAX_THREADS);
                goto done;
            }
            o.threads = (unsigned)n;
            have_threads = true;
        } else if (VALUE("--seed")) {
            NEED();
            if (!cli_parse_u64(CMD, "--seed", v, &o.seed)) {
                code = FA_EXIT_USAGE;
                goto done;
            }
        } else if (VALUE("--ci-level")) {
            NEED();
            if (!cli_parse_double(CMD, "--ci-level", v, &o.ci_level)) {
                code = FA_EXIT_USAGE;
                goto done;
            }
        } else if (VALUE("--min-group-size")) {
            NEED();
            if (!cli_parse_u64(CMD, "--min-group-size", v, &o.min_group_size)) {
                code = FA_EXIT_USAGE;
                goto done;
            }
        } else if (VALUE("--max-groups")) {
            uint64_t n;
            NEED();
            if (!cli_parse_u64(CMD, "--max-groups", v, &n)) {
                code = FA_EXIT_USAGE;
                goto done;
            }
            o.max_groups = (size_t)n;
        } else if (VALUE("--calibration-bins")) {
            uint64_t n;
            NEED();
            if (!cli_parse_u64(CMD, "--calibration-bins", v, &n) || n < 1 ||
                n > FA_AUDIT_MAX_CAL_BINS) {
                code = cli_usage(CMD, "--calibration-bins expects 1..%u", FA_AUDIT_MAX_CAL_BINS);
                goto done;
            }
            o.calibration_bins = (unsigned)n;
        } else if (VALUE("--score-range")) {
            char buf[256], *colon;
            NEED();
            if (strlen(v) >= sizeof buf || (colon = strchr(strcpy(buf, v), ':')) == NULL) {
                code = cli_usage(CMD, "--score-range expects LO:HI, got '%s'", v);
                goto done;
            }
            *colon = '\0';
            if (!cli_parse_double(CMD, "--score-range", buf, &o.score_min) ||
                !cli_parse_double(CMD, "--score-range", colon + 1, &o.score_max)) {
                code = FA_EXIT_USAGE;
                goto done;
            }
            if (!(o.score_min < o.score_max)) {
                code = cli_usage(CMD, "--score-range: LO must be below HI");
                goto done;
            }
        } else if (VALUE("--delimiter")) {
            NEED();
            if (strcmp(v, "\\t") == 0 || strcmp(v, "tab") == 0)
                o.delimiter = '\t';
            else if (strlen(v) == 1)
                o.delimiter = v[0];
            else {
                code = cli_usage(CMD, "--delimiter expects one character");
                goto done;
            }
        } else if (VALUE("--out")) {
            NEED();
            out_dir = v;
        } else if (VALUE("--partial")) {
            NEED();
            partial_path = v;
        } else if (VALUE("--model")) {
            NEED();
            model = v;
        } else if (VALUE("--data")) {
            NEED();
            data = v;
        } else if (VALUE("--spec")) {
            NEED();
            spec = v;
        } else if (VALUE("--policy")) {
            NEED();
            gate.policy = v;
        } else if (VALUE("--baseline")) {
            NEED();
            gate.baseline = v;
        } else {
            code = cli_usage(CMD, "unknown option '%s'", a);
            goto done;
        }
#undef VALUE
#undef NEED
    }

    if (model != NULL || data != NULL || spec != NULL) {
        if (model == NULL || data == NULL)
            code = cli_usage(CMD, "--model MODEL.json and --data FILE go together "
                                  "(--spec SPEC is optional: default, the model's own spec)");
        else if (predictions != NULL || o.label_column != NULL || o.score_column != NULL ||
                 o.decision_column != NULL || o.weight_column != NULL || labels[0] != NULL)
            code = cli_usage(CMD, "with --model, the label, score, weight and protected columns "
                                  "come from the dataset spec: drop --predictions, --label, "
                                  "--score, --decision, --weight and --label-values");
    } else if (predictions == NULL) {
        code = cli_usage(CMD, "--predictions FILE is required");
    } else if (o.label_column == NULL) {
        code = cli_usage(CMD, "--label COL is required");
    } else if (o.score_column == NULL) {
        code = cli_usage(CMD, "--score COL is required");
    } else if (n_prot == 0) {
        code = cli_usage(CMD, "--protected A[,B...] is required");
    } else if (o.decision_column != NULL && have_threshold) {
        code = cli_usage(CMD, "--decision and --threshold exclude each other");
    } else if (thresholds_path != NULL && (have_threshold || o.decision_column != NULL)) {
        code = cli_usage(CMD, "--thresholds excludes --decision and --threshold");
    }
    if (code == FA_EXIT_OK && partial_path != NULL &&
        (model != NULL || gate.policy != NULL))
        code = cli_usage(CMD, "--partial works with --predictions, without --policy (gate the "
                              "merged audit: fairaudit merge ... --policy)");
    if (code == FA_EXIT_OK && n_inputs > 1) {
        size_t k, stdin_uses = 0;
        for (k = 0; k < n_inputs; k++)
            stdin_uses += strcmp(inputs[k], "-") == 0;
        if (stdin_uses > 1)
            code = cli_usage(CMD, "standard input ('-') can be read once");
    }
    if (code == FA_EXIT_OK && thresholds_path != NULL &&
        (partial_path != NULL || n_inputs > 1 || cli_mpi_world(&mpi_rank, &mpi_size)))
        code = cli_usage(CMD, "--thresholds decides row i by its number in the whole input, "
                              "which a partial audit, one of several files or an MPI rank does "
                              "not know: decide first "
                              "with 'fairaudit predict --thresholds' (it writes a decision "
                              "column), then audit that column with --decision");
    if (code == FA_EXIT_OK && out_dir == NULL && partial_path == NULL)
        code = cli_usage(CMD, "--out DIR is required");
    if (code == FA_EXIT_OK && gate.baseline != NULL && gate.policy == NULL)
        code = cli_usage(CMD, "--baseline needs --policy");
    if (code != FA_EXIT_OK)
        goto done;
    if (labels[0] != NULL)
        o.label_values = labels;
    if (favorable != NULL) {
        if (labels[0] != NULL && strcmp(favorable, labels[0]) == 0)
            o.favorable = 0;
        else if (labels[0] != NULL && strcmp(favorable, labels[1]) == 0)
            o.favorable = 1;
        else if (strcmp(favorable, "0") == 0)
            o.favorable = 0;
        else if (strcmp(favorable, "1") == 0)
            o.favorable = 1;
        else {
            code = cli_usage(CMD, "--favorable expects 0, 1%s, got '%s'",
                             labels[0] != NULL ? " or a --label-values value" : "", favorable);
            goto done;
        }
    }
    if (model == NULL && !have_threshold && o.decision_column == NULL && thresholds_path == NULL &&
        !(o.threshold >= o.score_min && o.threshold <= o.score_max)) {
        code = cli_usage(CMD, "--score-range %g:%g needs an explicit --threshold", o.score_min,
                         o.score_max);
        goto done;
    }
    o.protected_columns = n_prot > 0 ? prot : NULL;
    o.n_protected = n_prot;
    o.reference = refs;
    o.n_reference = n_refs;
    o.missing_values = missing;
    o.n_missing_values = n_missing;
    o.log = cli_log;
    o.log_payload = &quiet;

    if (out_dir != NULL &&
        snprintf(path, sizeof path, "%s/audit.json", out_dir) >= (int)sizeof path) {
        code = cli_usage(CMD, "--out path is too long");
        goto done;
    }
    if (thresholds_path != NULL) {
        rc = fa_thresholds_load(&thresholds, thresholds_path, &err);
        if (rc != FA_OK) {
            code = cli_report(rc, &err);
            goto done;
        }
        o.thresholds = thresholds;
    }
    if (partial_path != NULL) {
        /* one shard: its accumulated state (and, with --out, its own audit) */
        rc = n_inputs > 1 ? fa_audit_run_partial_files(inputs, n_inputs, &o, &partial, &err)
                          : fa_audit_run_partial(predictions, &o, &partial, &err);
        /* the shard's own audit first: a run that fails writes nothing */
        if (rc == FA_OK && out_dir != NULL)
            rc = fa_audit_partial_result(partial, &res, &err);
        if (rc == FA_OK && strcmp(partial_path, "-") == 0) {
            /* standard output: for engines that collect a task's output (Spark pipe) */
            char *text = NULL;
            size_t len = 0;
            rc = fa_audit_partial_json(partial, &text, &len, &err);
            if (rc == FA_OK && (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)) {
                cli_msg("cannot write the partial audit to standard output");
                fa_audit_partial_json_free(text);
                code = FA_EXIT_INTERNAL;
                goto done;
            }
            fa_audit_partial_json_free(text);
        } else if (rc == FA_OK) {
            rc = fa_audit_partial_write(partial, partial_path, &err);
        }
        if (rc != FA_OK) {
            code = cli_report(rc, &err);
            goto done;
        }
        if (!quiet)
            cli_msg("read %llu rows: wrote partial audit %s",
                    (unsigned long long)fa_audit_partial_rows_read(partial), partial_path);
        if (out_dir == NULL)
            goto done;
    }
    /* A bad policy or baseline stops the command before any work or output. */
    if (gate.policy != NULL && (code = cli_gate_prepare(&gate, &policy, &baseline)) != FA_EXIT_OK)
        goto done;
    if (partial != NULL)
        rc = FA_OK; /* the shard's audit, built above */
    else if (model == NULL && cli_mpi_world(&mpi_rank, &mpi_size)) {
        /* mpirun -np K: each rank reads a part; the report comes from rank 0 */
        if (!have_threads)
            o.threads = 1;
        rc = cli_mpi_audit(inputs, n_inputs, &o, &res, &err);
        if (mpi_rank != 0)
            goto done;
    } else if (model != NULL && cli_mpi_world(&mpi_rank, &mpi_size) && mpi_rank != 0) {
        goto done; /* --model under mpirun: rank 0 audits alone */
    } else if (model != NULL)
        rc = audit_model(model, data, spec, &o, have_threshold, favorable != NULL, &res, &err);
    else if (n_inputs > 1) {
        /* several files, one after another, as one input: their partials merged in order */
        rc = fa_audit_run_partial_files(inputs, n_inputs, &o, &partial, &err);
        if (rc == FA_OK)
            rc = fa_audit_partial_result(partial, &res, &err);
    } else
        rc = fa_audit_run(predictions, &o, &res, &err);
    if (rc != FA_OK) {
        code = cli_report(rc, &err);
        goto done;
    }
    code = cli_write_audit(res, out_dir, path, reproducible, policy, baseline, quiet);
    if (code != FA_EXIT_OK && code != FA_EXIT_GATE_FAIL)
        goto done;
    if (!quiet) {
        unsigned long long skipped = (unsigned long long)fa_audit_rows_skipped(res);
        if (skipped > 0)
            cli_msg("warning: %llu row%s skipped for a missing value (input.skipped in %s)",
                    skipped, skipped == 1 ? "" : "s", path);
        cli_msg("audited %llu rows, %zu attribute entr%s: wrote %s",
                (unsigned long long)fa_audit_rows_used(res), fa_audit_n_attributes(res),
                fa_audit_n_attributes(res) == 1 ? "y" : "ies", path);
    }
done:
    fa_audit_partial_free(partial);
    fa_audit_result_free(res);
    fa_thresholds_free(thresholds);
    fa_policy_free(policy);
    fa_audit_doc_free(baseline);
    while (n_owned > 0)
        free(owned[--n_owned]);
    return code;
}
