/*
 * cmd_train.c — `fairaudit train`: loads a data file through a dataset spec,
 * fits logistic regression or an MLP, and writes the model file (with the
 * encoder, the spec's text and the training metadata). Documented in
 * docs/cli/train.md.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define CMD "train"

static void print_help(void)
{
    printf("usage: fairaudit train --data FILE --spec SPEC --out MODEL.json\n"
           "                       [--model logreg|mlp] [--l2 L | --C C] [--hidden N[,N]]\n"
           "                       [--epochs E] [--seed S] [--threads N] [--quiet] ...\n"
           "\n"
           "Fits a binary classifier on FILE read through the dataset spec SPEC: features\n"
           "are the spec's numeric (standardised) and categorical (one-hot) columns, the\n"
           "target is its label (1 = the positive class). Writes MODEL.json (atomically):\n"
           "weights, decision threshold, encoder, the spec and the training metadata.\n"
           "\n"
           "Options:\n"
           "  --data FILE            training data ('-' = standard input)\n"
           "  --spec SPEC            dataset spec (JSON); embedded in the model\n"
           "  --out MODEL.json       model file to write\n"
           "  --model KIND           logreg (default) or mlp\n"
           "  --threshold T          decision threshold stored in the model (default 0.5)\n"
           "  --seed S               seed for the MLP's initialisation, shuffling and\n"
           "                         hold-out split (default 42)\n"
           "  --threads N            threads loading FILE, for logistic regression's passes\n"
           "                         and for OpenBLAS (MLP, preconditioner); default: one\n"
           "                         per CPU (the load uses at most 8), 1 per process under\n"
           "                         mpirun; the fitted model does not depend on it\n"
           "  --quiet                no progress messages on stderr\n"
           "  -h, --help             show this help\n"
           "Logistic regression (minimises sum_i w_i logloss_i + l2/2 ||coef||^2, intercept\n"
           "not penalised; identical to scikit-learn's LogisticRegression with C = 1/l2):\n"
           "  --l2 L                 ridge strength on the summed loss (default 1)\n"
           "  --C C                  the same as --l2 1/C\n"
           "  --tol T                stop when max |gradient| <= T * total weight (1e-8)\n"
           "  --max-iter N           L-BFGS iteration budget (default 1000)\n"
           "MLP (ReLU hidden layers, sigmoid output, Adam, early stopping):\n"
           "  --hidden N[,N]         units of one or two hidden layers (default 64)\n"
           "  --l2 L                 weight decay on the mean loss (default 1e-5)\n"
           "  --epochs E             maximum number of epochs (default 200)\n"
           "  --batch-size B         minibatch rows (default 256)\n"
           "  --learning-rate R      Adam step size (default 0.001)\n"
           "  --validation-fraction F  rows held out for early stopping (default 0.1)\n"
           "  --patience P           epochs without improvement before stopping (default 10)\n"
           "Bias mitigation (docs/mitigation.md):\n"
           "  --mitigate M           none (default), reweigh or adversarial\n"
           "  --protected A[,B...]   protected column(s) defining the groups (default: the\n"
           "                         spec's protected column when it has exactly one)\n"
           "  --reweigh-mix X        reweigh: strength in [0, 1] (default 1 = full)\n"
           "  --fairness dp|eo       adversarial: demographic parity (default) or\n"
           "                         equalized odds\n"
           "  --adv-weight A         adversarial: weight of the adversary (default 0.1 for\n"
           "                         dp, 10 for eo)\n"
           "  --adv-lr-ratio R       adversarial: adversary step size / predictor's (10)\n"
           "  --epochs, --batch-size, --learning-rate  with adversarial: the joint\n"
           "                         training's (defaults 50, 128, 0.001), for logreg too\n"
           "\n"
           "Exit codes: 0 ok, 2 usage error, 3 bad input (located as FILE:LINE:COLUMN),\n"
           "4 I/O or internal error. On error no model file is written.\n");
}

/* Matches "--name value" and "--name=value"; advances *i past a separate value. */
/* Reads a whole (small) file; NULL with a message on failure. */
static char *read_text(const char *path, size_t *len_out)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0;

    if (fp == NULL) {
        cli_msg("cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    for (;;) {
        size_t got;
        if (cap - len < 4096) {
            char *nb = realloc(buf, cap = cap * 2 + 8192);
            if (nb == NULL) {
                cli_msg("out of memory reading '%s'", path);
                free(buf);
                fclose(fp);
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + len, 1, cap - len - 1, fp);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(fp)) {
        cli_msg("cannot read '%s': %s", path, strerror(errno));
        free(buf);
        fclose(fp);
        return NULL;
    }
    fclose(fp);
    buf[len] = '\0';
    *len_out = len;
    return buf;
}

static bool parse_hidden(const char *text, fa_mlp_options *mo)
{
    char *end = NULL;
    const char *p = text;
    size_t n = 0;

    while (n < FA_MLP_MAX_HIDDEN_LAYERS) {
        unsigned long long v;
        errno = 0;
        if (*p < '0' || *p > '9')
            break;
        v = strtoull(p, &end, 10);
        if (errno != 0 || v == 0 || v > 100000)
            break;
        mo->hidden[n++] = (size_t)v;
        if (*end == '\0') {
            mo->n_hidden_layers = n;
            return true;
        }
        if (*end != ',')
            break;
        p = end + 1;
    }
    cli_usage(CMD, "--hidden expects one or two positive layer sizes like 64 or 64,32, got '%s'",
              text);
    return false;
}

static bool parse_unsigned(const char *opt, const char *text, unsigned *out)
{
    uint64_t v;

    if (!cli_parse_u64(CMD, opt, text, &v))
        return false;
    if (v == 0 || v > 0xffffffffu) {
        cli_usage(CMD, "%s must be between 1 and 4294967295, got '%s'", opt, text);
        return false;
    }
    *out = (unsigned)v;
    return true;
}

typedef struct train_args {
    const char *data, *spec, *out, *model, *l2, *C, *tol, *max_iter, *hidden, *epochs;
    const char *batch, *lr, *val, *patience, *seed, *threads, *threshold;
    const char *mitigate, *protected_cols, *mix, *fairness, *adv_weight, *adv_lr_ratio;
    bool quiet;
} train_args;

static int parse_args(int argc, char **argv, train_args *a)
{
    bool bad = false;
    int i;

    memset(a, 0, sizeof *a);
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            print_help();
            return -1;
        }
        if (strcmp(argv[i], "--quiet") == 0) {
            a->quiet = true;
            continue;
        }
        if (cli_take_value(CMD, argc, argv, &i, "--data", &a->data, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--spec", &a->spec, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--out", &a->out, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--model", &a->model, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--l2", &a->l2, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--C", &a->C, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--tol", &a->tol, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--max-iter", &a->max_iter, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--hidden", &a->hidden, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--epochs", &a->epochs, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--batch-size", &a->batch, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--learning-rate", &a->lr, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--validation-fraction", &a->val, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--patience", &a->patience, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--seed", &a->seed, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--threads", &a->threads, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--threshold", &a->threshold, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--mitigate", &a->mitigate, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--protected", &a->protected_cols, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--reweigh-mix", &a->mix, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--fairness", &a->fairness, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--adv-weight", &a->adv_weight, &bad) ||
            cli_take_value(CMD, argc, argv, &i, "--adv-lr-ratio", &a->adv_lr_ratio, &bad)) {
            if (bad)
                return FA_EXIT_USAGE;
            continue;
        }
        return cli_usage(CMD, "unexpected argument '%s'", argv[i]);
    }
    if (a->data == NULL || a->spec == NULL || a->out == NULL)
        return cli_usage(CMD, "--data, --spec and --out are required");
    return FA_EXIT_OK;
}

/* Protected column names split from --protected (pointers into a copy). */
typedef struct protected_list {
    char *copy;
    const char *names[16];
    size_t n;
} protected_list;

/* The mitigation options; false (with a usage message) on a bad value. */
static bool build_mitigation(const train_args *a, fa_mitigate_options *mo, protected_list *pl)
{
    fa_adversary_options *ao = &mo->adversary;
    fa_error err;
    uint64_t u;
    bool adversarial;

    fa_mitigate_options_init(mo);
    if (a->mitigate != NULL && fa_mitigation_parse(a->mitigate, &mo->method, &err) != FA_OK) {
        cli_usage(CMD, "--mitigate must be none, reweigh or adversarial, got '%s'", a->mitigate);
        return false;
    }
    adversarial = mo->method == FA_MITIGATE_ADVERSARIAL;
    if (mo->method == FA_MITIGATE_NONE && (a->protected_cols || a->mix || a->fairness ||
                                           a->adv_weight || a->adv_lr_ratio)) {
        cli_usage(CMD, "--protected, --reweigh-mix, --fairness, --adv-weight and --adv-lr-ratio "
                       "need --mitigate");
        return false;
    }
    if (mo->method == FA_MITIGATE_REWEIGH && (a->fairness || a->adv_weight || a->adv_lr_ratio)) {
        cli_usage(CMD, "--fairness, --adv-weight and --adv-lr-ratio apply to --mitigate "
                       "adversarial");
        return false;
    }
    if (adversarial && a->mix) {
        cli_usage(CMD, "--reweigh-mix applies to --mitigate reweigh");
        return false;
    }
    if (a->protected_cols != NULL) {
        char *p;
        pl->copy = strdup(a->protected_cols);
        if (pl->copy == NULL) {
            cli_msg("out of memory");
            return false;
        }
        for (p = pl->copy;;) {
            char *c = strchr(p, ',');
            if (c != NULL)
                *c = '\0';
            if (*p == '\0' || pl->n >= sizeof pl->names / sizeof pl->names[0]) {
                cli_usage(CMD, "--protected expects column names separated by commas, got '%s'",
                          a->protected_cols);
                return false;
            }
            pl->names[pl->n++] = p;
            if (c == NULL)
                break;
            p = c + 1;
        }
        mo->protected_columns = pl->names;
        mo->n_protected = pl->n;
    }
    if (a->mix && !cli_parse_double(CMD, "--reweigh-mix", a->mix, &mo->reweigh_mix))
        return false;
    if (a->fairness != NULL && (fa_fairness_parse(a->fairness, &ao->fairness, &err) != FA_OK ||
                                ao->fairness == FA_FAIRNESS_AIR)) {
        cli_usage(CMD, "--fairness must be dp or eo, got '%s'", a->fairness);
        return false;
    }
    if ((a->adv_weight && !cli_parse_double(CMD, "--adv-weight", a->adv_weight, &ao->weight)) ||
        (a->adv_lr_ratio &&
         !cli_parse_double(CMD, "--adv-lr-ratio", a->adv_lr_ratio, &ao->adversary_lr_ratio)))
        return false;
    if (adversarial) {
        if (a->epochs && !parse_unsigned("--epochs", a->epochs, &ao->epochs))
            return false;
        if (a->lr && !cli_parse_double(CMD, "--learning-rate", a->lr, &ao->learning_rate))
            return false;
        if (a->batch) {
            if (!cli_parse_u64(CMD, "--batch-size", a->batch, &u))
                return false;
            ao->batch_size = (size_t)u;
        }
    }
    if (fa_mitigate_options_check(mo, &err) != FA_OK) {
        cli_usage(CMD, "%s", err.message);
        return false;
    }
    return true;
}

/* Turns the texts into options; prints a usage message and returns false on error. */
static bool build_options(const train_args *a, fa_fit_options *o)
{
    fa_error err;
    uint64_t u;
    bool is_mlp, adversarial = a->mitigate != NULL && strcmp(a->mitigate, "adversarial") == 0;

    fa_fit_options_init(o);
    if (a->model != NULL && fa_model_kind_parse(a->model, &o->kind, &err) != FA_OK) {
        cli_usage(CMD, "--model must be logreg or mlp, got '%s'", a->model);
        return false;
    }
    is_mlp = o->kind == FA_MODEL_MLP;
    if (is_mlp && (a->C || a->tol || a->max_iter)) {
        cli_usage(CMD, "--C, --tol and --max-iter apply to --model logreg only");
        return false;
    }
    if (!is_mlp && (a->hidden || a->val || a->patience ||
                    (!adversarial && (a->epochs || a->batch || a->lr)))) {
        cli_usage(CMD, "--hidden, --epochs, --batch-size, --learning-rate, "
                       "--validation-fraction and --patience apply to --model mlp only "
                       "(--epochs, --batch-size and --learning-rate also to --mitigate "
                       "adversarial)");
        return false;
    }
    if (adversarial && (a->val || a->patience)) {
        cli_usage(CMD, "--validation-fraction and --patience do not apply to --mitigate "
                       "adversarial (it trains for a fixed number of epochs on every row)");
        return false;
    }
    if (a->l2 && a->C) {
        cli_usage(CMD, "give either --l2 or --C, not both");
        return false;
    }
    if (a->l2 && !cli_parse_double(CMD, "--l2", a->l2, is_mlp ? &o->mlp.l2 : &o->logreg.l2))
        return false;
    if (a->C) {
        double C;
        if (!cli_parse_double(CMD, "--C", a->C, &C))
            return false;
        if (!(C > 0.0)) {
            cli_usage(CMD, "--C must be positive, got '%s'", a->C);
            return false;
        }
        o->logreg.l2 = 1.0 / C;
    }
    if ((a->tol && !cli_parse_double(CMD, "--tol", a->tol, &o->logreg.tol)) ||
        (a->max_iter && !parse_unsigned("--max-iter", a->max_iter, &o->logreg.max_iter)) ||
        (a->hidden && !parse_hidden(a->hidden, &o->mlp)) ||
        (a->epochs && is_mlp && !parse_unsigned("--epochs", a->epochs, &o->mlp.max_epochs)) ||
        (a->lr && is_mlp &&
         !cli_parse_double(CMD, "--learning-rate", a->lr, &o->mlp.learning_rate)) ||
        (a->val &&
         !cli_parse_double(CMD, "--validation-fraction", a->val, &o->mlp.validation_fraction)) ||
        (a->patience && !parse_unsigned("--patience", a->patience, &o->mlp.patience)) ||
        (a->threshold && !cli_parse_double(CMD, "--threshold", a->threshold, &o->threshold)))
        return false;
    if (a->batch && is_mlp) {
        if (!cli_parse_u64(CMD, "--batch-size", a->batch, &u))
            return false;
        o->mlp.batch_size = (size_t)u;
    }
    if (a->seed && !cli_parse_u64(CMD, "--seed", a->seed, &o->seed))
        return false;
    if (a->threads) {
        if (!cli_parse_u64(CMD, "--threads", a->threads, &u))
            return false;
        if (u > 1024) {
            cli_usage(CMD, "--threads must be at most 1024");
            return false;
        }
        o->n_threads = (unsigned)u;
    }
    if (fa_fit_options_check(o, &err) != FA_OK) {
        cli_usage(CMD, "%s", err.message);
        return false;
    }
    return true;
}

static void report(const fa_model *m, bool quiet)
{
    const char *method = fa_model_mitigation_method(m);
    fa_fit_info info;
    char msg[512];

    fa_model_fit_info(m, &info);
    if (method != NULL && strcmp(method, "adversarial") == 0)
        snprintf(msg, sizeof msg,
                 "trained %s on %llu rows x %zu features in %.2f s: training log-loss %.6f; %s",
                 fa_model_kind_name(fa_model_kind_of(m)), (unsigned long long)info.n_rows,
                 fa_model_n_inputs(m), info.seconds, info.train_log_loss, info.stop_reason);
    else if (fa_model_kind_of(m) == FA_MODEL_LOGREG)
        snprintf(msg, sizeof msg,
                 "trained logreg on %llu rows x %zu features in %.2f s: objective %.10g "
                 "(training log-loss %.6f), %u iterations, %s",
                 (unsigned long long)info.n_rows, fa_model_n_inputs(m), info.seconds, info.objective,
                 info.train_log_loss, info.iterations, info.stop_reason);
    else
        snprintf(msg, sizeof msg,
                 "trained mlp on %llu rows x %zu features in %.2f s: %u epochs, kept epoch %u "
                 "(held-out log-loss %.6f, training %.6f); %s",
                 (unsigned long long)info.n_rows, fa_model_n_inputs(m), info.seconds,
                 info.iterations, info.best_epoch, info.objective, info.train_log_loss,
                 info.stop_reason);
    cli_log(FA_LOG_INFO, msg, &quiet);
    if (method != NULL && strcmp(method, "reweigh") == 0)
        cli_log(FA_LOG_INFO, "trained with reweighing (weights in the model file under "
                             "training.mitigation)", &quiet);
    if (!info.converged && fa_model_kind_of(m) == FA_MODEL_LOGREG)
        cli_log(FA_LOG_WARNING,
                "logistic regression did not converge; raise --max-iter or "
                "--tol (the model was written anyway)",
                &quiet);
}

int cmd_train(int argc, char **argv)
{
    train_args a;
    fa_fit_options o;
    fa_mitigate_options mo;
    protected_list pl;
    fa_load_options lo;
    fa_spec *spec = NULL;
    fa_table *table = NULL;
    fa_model *model = NULL;
    char *spec_text = NULL;
    size_t spec_len = 0;
    fa_error err;
    fa_status rc;
    int code, mpi_rank = 0, mpi_size = 1;

    code = parse_args(argc, argv, &a);
    if (code < 0)
        return FA_EXIT_OK;
    if (code != FA_EXIT_OK)
        return code;
    memset(&pl, 0, sizeof pl);
    if (!build_options(&a, &o) || !build_mitigation(&a, &mo, &pl)) {
        free(pl.copy);
        return FA_EXIT_USAGE;
    }
    o.log = cli_log;
    o.log_payload = &a.quiet;
    fa_load_options_init(&lo);
    lo.threads = cli_load_threads(a.threads != NULL ? o.n_threads : 0);
    lo.log = cli_log;
    lo.log_payload = &a.quiet;

    spec_text = read_text(a.spec, &spec_len);
    if (spec_text == NULL) {
        free(pl.copy);
        return FA_EXIT_INTERNAL;
    }
    fa_error_clear(&err);
    rc = fa_spec_parse(&spec, spec_text, spec_len, a.spec, &err);
    if (a.threads != NULL)
        fa_model_set_blas_threads(o.n_threads); /* --threads governs OpenBLAS too */
    if (rc == FA_OK && cli_mpi_world(&mpi_rank, &mpi_size)) {
        /* mpirun -np K: data-parallel logistic regression, the model from rank 0 */
        if (mo.method != FA_MITIGATE_NONE) {
            fprintf(stderr, "fairaudit train: --mitigate is not supported under mpirun "
                            "(train in one process)\n");
            fa_spec_free(spec);
            free(spec_text);
            free(pl.copy);
            return FA_EXIT_USAGE;
        }
        if (a.threads == NULL)
            o.n_threads = lo.threads = 1;
        rc = cli_mpi_train(spec, a.data, &lo, &o, &table, &model, &err);
        if (rc == FA_OK && model == NULL) { /* another rank: rank 0 writes the model */
            fa_table_free(table);
            fa_spec_free(spec);
            free(spec_text);
            free(pl.copy);
            return FA_EXIT_OK;
        }
    } else {
        if (rc == FA_OK)
            rc = fa_table_load(&table, spec, a.data, &lo, &err);
        if (rc == FA_OK)
            rc = fa_mitigate_fit(&model, table, NULL, &mo, &o, &err);
    }
    if (rc == FA_OK)
        rc = fa_model_attach_spec(model, spec_text, spec_len, &err);
    if (rc == FA_OK)
        rc = fa_model_save(model, a.out, &err);
    if (rc == FA_OK)
        report(model, a.quiet);
    code = cli_report(rc, &err);
    fa_model_free(model);
    fa_table_free(table);
    fa_spec_free(spec);
    free(spec_text);
    free(pl.copy);
    return code;
}
