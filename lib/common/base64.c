/* base64.c — RFC 4648 base64 with padding, strict decoding; see base64.h. */
#include "common/base64.h"


static const char b64_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void fa_base64_encode(fa_buf *out, const void *data, size_t n)
{
    const unsigned char *p = data;
    size_t i;

    for (i = 0; i + 2 < n; i += 3) {
        char q[4] = {b64_chars[p[i] >> 2], b64_chars[((p[i] & 3) << 4) | (p[i + 1] >> 4)],
                     b64_chars[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)],
                     b64_chars[p[i + 2] & 63]};
        fa_buf_put(out, q, 4);
    }
    if (n - i == 1) {
        char q[4] = {b64_chars[p[i] >> 2], b64_chars[(p[i] & 3) << 4], '=', '='};
        fa_buf_put(out, q, 4);
    } else if (n - i == 2) {
        char q[4] = {b64_chars[p[i] >> 2], b64_chars[((p[i] & 3) << 4) | (p[i + 1] >> 4)],
                     b64_chars[(p[i + 1] & 15) << 2], '='};
        fa_buf_put(out, q, 4);
    }
}

static int b64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

bool fa_base64_decode(fa_buf *out, const char *s, size_t n)
{
    size_t i;

    fa_buf_clear(out);
    if (n % 4 != 0)
        return false;
    for (i = 0; i < n; i += 4) {
        int v[4], k, pad = 0;
        unsigned char o[3];
        for (k = 0; k < 4; k++) {
            if (s[i + (size_t)k] == '=' && i + 4 == n && k >= 2) {
                v[k] = 0;
                pad++;
                continue;
            }
            if (pad > 0 || (v[k] = b64_value(s[i + (size_t)k])) < 0)
                return false;
        }
        o[0] = (unsigned char)(v[0] << 2 | v[1] >> 4);
        o[1] = (unsigned char)((v[1] & 15) << 4 | v[2] >> 2);
        o[2] = (unsigned char)((v[2] & 3) << 6 | v[3]);
        if ((pad == 2 && (v[1] & 15) != 0) || (pad == 1 && (v[2] & 3) != 0))
            return false; /* non-canonical padding bits */
        fa_buf_put(out, o, (size_t)(3 - pad));
    }
    return !out->oom;
}

