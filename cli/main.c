/*
 * main.c — the fairaudit command: dispatch table and top-level help.
 * Each subcommand lives in cmd_<verb>.c and parses its own options.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_command commands[] = {
    {"audit", cmd_audit, "audit predictions for fairness: metrics, disparities, intervals"},
    {"merge", cmd_merge, "merge partial audits of shards into the audit of all of them"},
    {"batch", cmd_batch, "audit and gate many models or prediction files under one policy"},
    {"describe", cmd_describe, "summarise a data file read through a dataset spec"},
    {"gate", cmd_gate, "evaluate a fairness policy on an audit.json (CI gate)"},
    {"report", cmd_report, "render an audit as HTML, Markdown and charts"},
    {"train", cmd_train, "fit a logistic regression or MLP model on a data file"},
    {"predict", cmd_predict, "score a data file with a model; write a predictions CSV"},
    {"mitigate", cmd_mitigate, "fair per-group thresholds; accuracy-vs-disparity sweep"},
    {"compare", cmd_compare, "two audit.json reports side by side, every metric's change"},
    {"version", cmd_version, "print the version"},
    {"gen-credit", cmd_gen_credit, "write the synthetic credit data set (known bias)"},
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void print_help(FILE *out)
{
    size_t i;

    fprintf(out, "usage: fairaudit <command> [options]\n"
                 "\n"
                 "Fairness and bias auditing for trained classifiers.\n"
                 "\n"
                 "Commands:\n");
    for (i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n"
                 "Run 'fairaudit <command> --help' for a command's options.\n"
                 "Exit codes: 0 ok, 1 audit gate failed, 2 usage error, 3 input error,\n"
                 "4 I/O or internal error (docs/cli/exit-codes.md).\n");
}

/*
 * Whatever a command printed on standard output must have reached it: a full
 * disk or a closed pipe behind stdout is an I/O error (exit 4), never a
 * silent success (coreutils' close_stdout).
 */
static int finish(int code)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "fairaudit: cannot write to standard output: %s\n", strerror(errno));
        return code == FA_EXIT_OK || code == FA_EXIT_GATE_FAIL ? FA_EXIT_INTERNAL : code;
    }
    return code;
}

int main(int argc, char **argv)
{
    size_t i;

    if (argc < 2) {
        print_help(stderr);
        return FA_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        print_help(stdout);
        return finish(FA_EXIT_OK);
    }
    if (strcmp(argv[1], "--version") == 0)
        return finish(cmd_version(1, argv + 1));
    for (i = 0; i < N_COMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0) {
            int rank = 0, size = 1;
            /* under mpirun, audit and train share the work; any other command runs once,
             * on rank 0 (the others would write the same files) */
            if (strcmp(argv[1], "audit") != 0 && strcmp(argv[1], "train") != 0 &&
                cli_mpi_world(&rank, &size) && rank != 0)
                return cli_mpi_end(FA_EXIT_OK);
            return cli_mpi_end(finish(commands[i].run(argc - 1, argv + 1)));
        }
    fprintf(stderr, "fairaudit: unknown command '%s' (try 'fairaudit --help')\n", argv[1]);
    return FA_EXIT_USAGE;
}
