/*
 * fixfmt.h — fast, locale-free formatting of integers and fixed-point
 * decimals into a caller buffer (no printf).
 *
 * Why: the credit generator writes ~15 numbers per row and a million rows in
 * a few seconds; snprintf("%.4f") per field costs several times the whole
 * rest of the row. These routines take a value already scaled to an integer
 * (0.3512 -> 3512 with 4 decimals), so the digits written are exactly the
 * rounded value the caller computed with, and need no locale.
 */
#ifndef FA_LIB_GEN_FIXFMT_H
#define FA_LIB_GEN_FIXFMT_H

#include <stdint.h>

/* Longest output of fa_fixfmt_u64 (20 digits) and fa_fixfmt_fixed ("-" + 20 + "."). */
#define FA_FIXFMT_MAX 24

/** Writes v in decimal at p; returns the end (no NUL). */
char *fa_fixfmt_u64(char *p, uint64_t v);

/**
 * Writes scaled / 10^decimals with exactly @p decimals digits after the point
 * (none and no point when decimals is 0): (3512, 4) -> "0.3512",
 * (-5, 1) -> "-0.5", (120, 1) -> "12.0". decimals <= 18. Returns the end.
 */
char *fa_fixfmt_fixed(char *p, int64_t scaled, unsigned decimals);

#endif
