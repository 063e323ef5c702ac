/*
 * jsonw.h — a small streaming JSON writer into an fa_buf.
 *
 * Why not cJSON for output: reports need a stable key order, exact
 * round-trip number formatting (%.17g shortest) and explicit handling of
 * undefined values; cJSON silently prints NaN as null and builds a whole DOM.
 * This writer emits in call order, writes NaN/Inf as null (callers record the
 * reason next to it), escapes every string, and pretty-prints with 2 spaces.
 */
#ifndef FA_LIB_COMMON_JSONW_H
#define FA_LIB_COMMON_JSONW_H

#include <stdbool.h>
#include <stdint.h>

#include "common/internal.h"

#define FA_JW_MAX_DEPTH 64

typedef struct fa_jw {
    fa_buf *out;
    int depth;
    bool first[FA_JW_MAX_DEPTH]; /* no element written yet at this depth */
    bool after_key;
    bool pretty;
    bool compact_arrays;         /* arrays of scalars on one line */
    bool in_array[FA_JW_MAX_DEPTH];
    bool expanded[FA_JW_MAX_DEPTH]; /* array holds containers: one item per line */
} fa_jw;

void fa_jw_init(fa_jw *w, fa_buf *out, bool pretty);
void fa_jw_object_begin(fa_jw *w);
void fa_jw_object_end(fa_jw *w);
void fa_jw_array_begin(fa_jw *w);
void fa_jw_array_end(fa_jw *w);
void fa_jw_key(fa_jw *w, const char *key);
void fa_jw_string(fa_jw *w, const char *s);
void fa_jw_stringn(fa_jw *w, const char *s, size_t n);
/** Writes a number; NaN and infinities are written as null. */
void fa_jw_number(fa_jw *w, double d);
void fa_jw_int(fa_jw *w, int64_t v);
void fa_jw_uint(fa_jw *w, uint64_t v);
void fa_jw_bool(fa_jw *w, bool b);
void fa_jw_null(fa_jw *w);
/** Escapes s as a JSON string literal (with quotes) into b. */
void fa_json_escape(fa_buf *b, const char *s, size_t n);

#endif
