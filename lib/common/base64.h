/*
 * lib/common/base64.h — base64 (RFC 4648, standard alphabet, padded), internal. Used for
 * the binary cell states of partial audits (docs/format/partial.md).
 */
#ifndef FA_LIB_COMMON_BASE64_H
#define FA_LIB_COMMON_BASE64_H

#include "common/internal.h"

/** Appends the encoding of n bytes to out (out->oom on failure). */
void fa_base64_encode(fa_buf *out, const void *data, size_t n);
/**
 * Decodes n characters into out (cleared first). Strict: false for a length that is not a
 * multiple of 4, a character outside the alphabet, padding anywhere but at the end, non-zero
 * padding bits, or out of memory.
 */
bool fa_base64_decode(fa_buf *out, const char *s, size_t n);

#endif
