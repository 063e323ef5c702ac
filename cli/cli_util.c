/* cli_util.c — messages, exit codes and argument parsers for the CLI. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int cli_exit_code(fa_status rc)
{
    switch (rc) {
    case FA_OK:
        return FA_EXIT_OK;
    case FA_EPARSE:
    case FA_ESCHEMA:
    case FA_EDATA:
    case FA_EFORMAT:
    case FA_EINVAL:
        return FA_EXIT_INPUT;
    case FA_EUNSUPPORTED:
    case FA_ERROR:
    case FA_ENOMEM:
    case FA_EIO:
        return FA_EXIT_INTERNAL;
    }
    return FA_EXIT_INTERNAL;
}

int cli_report(fa_status rc, const fa_error *err)
{
    char msg[FA_ERROR_MSG_MAX + FA_ERROR_PATH_MAX + 64];

    if (rc == FA_OK)
        return FA_EXIT_OK;
    (void)fa_error_format(err, msg, sizeof msg);
    fprintf(stderr, "fairaudit: %s\n", msg);
    return cli_exit_code(rc);
}

void cli_msg(const char *fmt, ...)
{
    va_list ap;

    fputs("fairaudit: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "fairaudit: %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(try 'fairaudit %s --help')\n", cmd);
    return FA_EXIT_USAGE;
}

bool cli_take_value(const char *cmd, int argc, char **argv, int *i, const char *name,
                    const char **out, bool *bad)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);

    if (strncmp(arg, name, n) != 0)
        return false;
    if (arg[n] == '=') {
        *out = arg + n + 1;
        return true;
    }
    if (arg[n] != '\0')
        return false;
    if (*i + 1 >= argc) {
        cli_usage(cmd, "%s needs a value", name);
        *bad = true;
        return true;
    }
    *out = argv[++*i];
    return true;
}

bool cli_parse_u64(const char *cmd, const char *opt, const char *text, uint64_t *out)
{
    char *end = NULL;
    unsigned long long v;

    errno = 0;
    if (text == NULL || text[0] == '\0' || text[0] == '-') {
        cli_usage(cmd, "%s expects a non-negative integer, got '%s'", opt, text ? text : "");
        return false;
    }
    v = strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0') {
        cli_usage(cmd, "%s expects a non-negative integer, got '%s'", opt, text);
        return false;
    }
    *out = (uint64_t)v;
    return true;
}

bool cli_parse_double(const char *cmd, const char *opt, const char *text, double *out)
{
    char *end = NULL;
    double v;

    errno = 0;
    if (text == NULL || text[0] == '\0') {
        cli_usage(cmd, "%s expects a number", opt);
        return false;
    }
    v = strtod(text, &end);
    if (errno != 0 || *end != '\0' || !isfinite(v)) {
        cli_usage(cmd, "%s expects a finite number, got '%s'", opt, text);
        return false;
    }
    *out = v;
    return true;
}

unsigned cli_load_threads(uint64_t requested)
{
    long n;

    if (requested > 0)
        return requested > FA_LOAD_MAX_THREADS ? FA_LOAD_MAX_THREADS : (unsigned)requested;
    n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    return (unsigned long)n > CLI_DEFAULT_MAX_THREADS ? CLI_DEFAULT_MAX_THREADS : (unsigned)n;
}

void cli_log(fa_log_level level, const char *message, void *payload)
{
    const bool *quiet = payload;

    if (level == FA_LOG_DEBUG)
        return;
    if (level == FA_LOG_INFO && quiet != NULL && *quiet)
        return;
    fprintf(stderr, "fairaudit: %s%s\n", level == FA_LOG_WARNING ? "warning: " : "", message);
}

fa_status cli_mkdir_p(const char *path, fa_error *err)
{
    char buf[4096];
    size_t len = strlen(path), i;

    if (len == 0 || len >= sizeof buf) {
        if (err != NULL) {
            fa_error_clear(err);
            err->code = FA_EINVAL;
            snprintf(err->message, sizeof err->message, "invalid output folder '%.400s'", path);
        }
        return FA_EINVAL;
    }
    memcpy(buf, path, len + 1);
    for (i = 1; i <= len; i++) {
        if (buf[i] == '/' || buf[i] == '\0') {
            char saved = buf[i];
            buf[i] = '\0';
            if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
                int e = errno;
                if (err != NULL) {
                    fa_error_clear(err);
                    err->code = FA_EIO;
                    err->sys_errno = e;
                    snprintf(err->message, sizeof err->message, "cannot create folder '%.300s': %s",
                             buf, strerror(e));
                }
                return FA_EIO;
            }
            buf[i] = saved;
        }
    }
    {
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
            if (err != NULL) {
                fa_error_clear(err);
                err->code = FA_EIO;
                snprintf(err->message, sizeof err->message, "'%.400s' is not a folder", path);
            }
            return FA_EIO;
        }
    }
    return FA_OK;
}
