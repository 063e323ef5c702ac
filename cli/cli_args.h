/*
 * cli_args.h — small argument helpers shared by the mitigation commands
 * (mitigate, sweep, compare): "--name VALUE" / "--name=VALUE" matching and
 * comma-separated lists.
 */
#ifndef FA_CLI_ARGS_H
#define FA_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>

/* Most items in a comma list option. */
#define CLI_LIST_MAX 64

/**
 * Matches argv[*i] against --name: returns 1 and sets *value (advancing *i
 * past a separate value), -1 when the value is missing, 0 when argv[*i] is
 * another option.
 */
int cli_opt(int argc, char **argv, int *i, const char *name, const char **value);

/** Items of comma-separated list options (repeatable); owns copies. */
typedef struct cli_list {
    const char *items[CLI_LIST_MAX];
    size_t n;
    char *copies[CLI_LIST_MAX];
    size_t n_copies;
} cli_list;

void cli_list_init(cli_list *l);
/** Appends the items of "a,b,c"; false when empty items, too many, or out of memory. */
bool cli_list_add(cli_list *l, const char *text);
void cli_list_dispose(cli_list *l);

/** Parses "0.1,0.5,1" into at most max doubles; false (no message) on a bad item. */
bool cli_parse_doubles(const char *text, double *out, size_t max, size_t *n_out);

#endif
