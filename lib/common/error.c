/*
 * error.c — status strings and fa_error helpers. Never allocates: the error
 * struct holds fixed-size buffers so that out-of-memory can be reported.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/internal.h"
#include "fairaudit/common.h"
#include "fairaudit/error.h"

const char *fa_status_str(fa_status code)
{
    switch (code) {
    case FA_OK:
        return "success";
    case FA_ERROR:
        return "internal error";
    case FA_ENOMEM:
        return "out of memory";
    case FA_EINVAL:
        return "invalid argument";
    case FA_EIO:
        return "input/output error";
    case FA_EPARSE:
        return "parse error";
    case FA_ESCHEMA:
        return "schema error";
    case FA_EDATA:
        return "unusable data";
    case FA_EFORMAT:
        return "unknown format or version";
    case FA_EUNSUPPORTED:
        return "not supported by this build";
    }
    return "unknown status";
}

void fa_error_clear(fa_error *err)
{
    if (err != NULL)
        memset(err, 0, sizeof *err);
}

void fa_strlcpy(char *dst, const char *src, size_t n)
{
    size_t len;

    if (n == 0)
        return;
    if (src == NULL)
        src = "";
    len = strlen(src);
    if (len >= n)
        len = n - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

fa_status fa_error_setv(fa_error *err, fa_status code, const char *fmt, va_list ap)
{
    if (err == NULL)
        return code;
    err->code = code;
    if (code != FA_EIO)
        err->sys_errno = 0;
    (void)vsnprintf(err->message, sizeof err->message, fmt, ap);
    return code;
}

fa_status fa_error_set(fa_error *err, fa_status code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    (void)fa_error_setv(err, code, fmt, ap);
    va_end(ap);
    return code;
}

void fa_error_set_loc(fa_error *err, const char *path, uint64_t record, uint64_t line,
                      uint32_t column, const char *column_name)
{
    if (err == NULL)
        return;
    if (path != NULL)
        fa_strlcpy(err->loc.path, path, sizeof err->loc.path);
    err->loc.record = record;
    err->loc.line = line;
    err->loc.column = column;
    fa_strlcpy(err->loc.column_name, column_name, sizeof err->loc.column_name);
}

fa_status fa_error_set_at(fa_error *err, fa_status code, const char *path, uint64_t line,
                          uint32_t column, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL)
        return code;
    memset(&err->loc, 0, sizeof err->loc);
    fa_error_set_loc(err, path, 0, line, column, NULL);
    va_start(ap, fmt);
    (void)fa_error_setv(err, code, fmt, ap);
    va_end(ap);
    return code;
}

fa_status fa_error_set_errno(fa_error *err, int errnum, const char *fmt, ...)
{
    va_list ap;
    size_t len;

    if (err == NULL)
        return FA_EIO;
    va_start(ap, fmt);
    (void)fa_error_setv(err, FA_EIO, fmt, ap);
    va_end(ap);
    err->sys_errno = errnum;
    len = strlen(err->message);
    if (errnum != 0 && len + 3 < sizeof err->message)
        (void)snprintf(err->message + len, sizeof err->message - len, ": %s", strerror(errnum));
    return FA_EIO;
}

size_t fa_error_format(const fa_error *e, char *buf, size_t n)
{
    int len;

    if (e == NULL) {
        len = snprintf(buf, n, "(no error)");
        return len < 0 ? 0 : (size_t)len;
    }
    if (e->loc.path[0] != '\0' && e->loc.line > 0 && e->loc.column > 0)
        len = snprintf(buf, n, "%s:%llu:%u: %s", e->loc.path, (unsigned long long)e->loc.line,
                       e->loc.column, e->message);
    else if (e->loc.path[0] != '\0' && e->loc.line > 0)
        len = snprintf(buf, n, "%s:%llu: %s", e->loc.path, (unsigned long long)e->loc.line,
                       e->message);
    else if (e->loc.path[0] != '\0')
        len = snprintf(buf, n, "%s: %s", e->loc.path, e->message);
    else
        len = snprintf(buf, n, "%s", e->message[0] ? e->message : fa_status_str(e->code));
    return len < 0 ? 0 : (size_t)len;
}

const char *fa_version_string(void)
{
    return FA_VERSION_STRING;
}

unsigned fa_version_number(void)
{
    return (unsigned)FA_VERSION_NUMBER;
}
