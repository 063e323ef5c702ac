/* buf.c — growable byte buffer (fa_buf). Appends fail softly: the first
 * failure sets the sticky `oom` flag, so callers may check once at the end. */
#include <stdio.h>
#include <string.h>

#include "common/internal.h"

bool fa_buf_grow(fa_buf *b, size_t extra)
{
    size_t need, cap;
    char *p;

    if (b->oom)
        return false;
    if (!fa_size_add(&need, b->len, extra) || !fa_size_add(&need, need, 1)) {
        b->oom = true;
        return false;
    }
    if (need <= b->cap)
        return true;
    cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (cap > SIZE_MAX / 2) {
            cap = need;
            break;
        }
        cap *= 2;
    }
    p = fa_realloc(b->ptr, cap);
    if (p == NULL) {
        b->oom = true;
        return false;
    }
    b->ptr = p;
    b->cap = cap;
    return true;
}

bool fa_buf_put(fa_buf *b, const void *data, size_t n)
{
    if (!fa_buf_grow(b, n))
        return false;
    if (n > 0)
        memcpy(b->ptr + b->len, data, n);
    b->len += n;
    b->ptr[b->len] = '\0';
    return true;
}

bool fa_buf_puts(fa_buf *b, const char *s)
{
    return fa_buf_put(b, s, strlen(s));
}

bool fa_buf_putc(fa_buf *b, char c)
{
    return fa_buf_put(b, &c, 1);
}

bool fa_buf_printf(fa_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !fa_buf_grow(b, (size_t)n))
        return false;
    va_start(ap, fmt);
    (void)vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return true;
}

void fa_buf_clear(fa_buf *b)
{
    b->len = 0;
    if (b->ptr != NULL)
        b->ptr[0] = '\0';
}

void fa_buf_dispose(fa_buf *b)
{
    fa_free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
    b->oom = false;
}

char *fa_buf_detach(fa_buf *b, size_t *len_out)
{
    char *p = b->ptr;

    if (p == NULL && !b->oom) {
        p = fa_malloc(1);
        if (p != NULL)
            p[0] = '\0';
    }
    if (len_out != NULL)
        *len_out = b->len;
    b->ptr = NULL;
    b->len = b->cap = 0;
    return p;
}
