/*
 * cli_args.c — see cli_args.h.
 */
#include "cli_args.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_opt(int argc, char **argv, int *i, const char *name, const char **value)
{
    const char *a = argv[*i];
    size_t n = strlen(name);

    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *value = a + n + 1;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 >= argc)
        return -1;
    *value = argv[++*i];
    return 1;
}

void cli_list_init(cli_list *l)
{
    memset(l, 0, sizeof *l);
}

bool cli_list_add(cli_list *l, const char *text)
{
    char *copy, *p;

    if (l->n_copies >= CLI_LIST_MAX || (copy = strdup(text)) == NULL)
        return false;
    l->copies[l->n_copies++] = copy;
    for (p = copy;;) {
        char *c = strchr(p, ',');
        if (c != NULL)
            *c = '\0';
        if (*p == '\0' || l->n >= CLI_LIST_MAX)
            return false;
        l->items[l->n++] = p;
        if (c == NULL)
            return true;
        p = c + 1;
    }
}

void cli_list_dispose(cli_list *l)
{
    while (l->n_copies > 0)
        free(l->copies[--l->n_copies]);
    l->n = 0;
}

bool cli_parse_doubles(const char *text, double *out, size_t max, size_t *n_out)
{
    const char *p = text;
    size_t n = 0;

    for (;;) {
        const char *c = strchr(p, ',');
        size_t len = c != NULL ? (size_t)(c - p) : strlen(p);
        char buf[64], *end = NULL;
        if (len == 0 || len >= sizeof buf || n >= max)
            return false;
        memcpy(buf, p, len);
        buf[len] = '\0';
        out[n] = strtod(buf, &end);
        if (end == buf || *end != '\0')
            return false;
        n++;
        if (c == NULL)
            break;
        p = c + 1;
    }
    *n_out = n;
    return true;
}
