/*
 * csv_fast.c — the fast splitter for simple CSV lines (fa_csv__split, csv_internal.h).
 *
 * Most prediction files are plain: no quotes, one record per line. For such a line the
 * record's fields are just the bytes between delimiters, and libcsv's byte-at-a-time state
 * machine plus the reader's field copies are most of the cost of reading it. This splitter
 * scans a line 16 bytes at a time (SSE2, always present on x86-64; a portable byte loop
 * elsewhere), finds the line end and the delimiters from byte masks, and gives up — returns
 * 0 — on anything it does not handle exactly like the reader: the quote character, a NUL
 * byte, a CR that is not part of the final CRLF (a lone CR ends a line for the reader), a
 * comment line, a blank line, or a field count other than the expected one. The caller then
 * parses that line with the reader (libcsv), so results and error messages never depend on
 * which path read a line. tests/unit/data/test_csv_fast.c checks the two paths against each
 * other on generated and hostile inputs.
 */
#include <string.h>

#include "data/csv_internal.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#define FA_CSV_FAST_SSE2 1
#endif

/* A line without any delimiter (one-field files): blank lines are skipped by the reader. */
static bool all_blank(const char *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t')
            return false;
    return true;
}

/* Common end of a line found at offset nl (the terminator's first byte, or end). */
static size_t finish(const fa_csv_splitter *s, const char *p, size_t content, size_t term,
                     uint32_t *ends, size_t k)
{
    if (content > UINT32_MAX - 1)
        return 0;
    if (k + 1 != s->n_fields)
        return 0;
    ends[k] = (uint32_t)content;
    if (s->n_fields == 1 && all_blank(p, content))
        return 0;
    if (s->comment != '\0' && content > 0 && p[0] == s->comment)
        return 0;
    return content + term;
}

#ifdef FA_CSV_FAST_SSE2

static inline unsigned eq_mask(__m128i v, __m128i c)
{
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, c));
}

size_t fa_csv__split(const fa_csv_splitter *s, const char *p, const char *end, uint32_t *ends)
{
    const __m128i v_delim = _mm_set1_epi8(s->delimiter), v_quote = _mm_set1_epi8(s->quote),
                  v_lf = _mm_set1_epi8('\n'), v_cr = _mm_set1_epi8('\r'),
                  v_nul = _mm_setzero_si128();
    size_t avail = (size_t)(end - p), off = 0, k = 0;
    bool cr_last = false; /* the previous 16 bytes ended with a CR */

    for (;;) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + off));
        unsigned lf = eq_mask(v, v_lf), cr = eq_mask(v, v_cr), dl = eq_mask(v, v_delim);
        unsigned bad = eq_mask(v, v_quote) | eq_mask(v, v_nul);
        unsigned valid = 0xFFFFu, upto;
        size_t left = avail - off;
        bool at_end = false;

        if (left < 16) { /* bytes past the end are padding */
            valid = (1u << left) - 1u;
            lf &= valid;
            at_end = lf == 0;
        }
        if (cr_last) { /* a CR ending the previous 16 bytes must be followed by LF here */
            if (!(lf & 1u))
                return 0;
            /* the line ended at off - 1: fields are already recorded up to there */
            return finish(s, p, off - 1, 2, ends, k);
        }
        upto = lf != 0 ? (lf & (0u - lf)) - 1u : valid; /* bytes before the line end */
        if ((bad & upto) != 0)
            return 0;
        dl &= upto;
        cr &= upto;
        if (lf != 0) {
            unsigned pos = (unsigned)__builtin_ctz(lf);
            size_t content = off + pos, term = 1;
            if (cr != 0) { /* only a CR right before the LF is allowed */
                if (cr != (1u << (pos - 1u)) || pos == 0)
                    return 0;
                content--;
                term = 2;
                dl &= ~cr;
            }
            while (dl != 0) {
                if (k + 1 >= s->n_fields)
                    return 0;
                ends[k++] = (uint32_t)(off + (unsigned)__builtin_ctz(dl));
                dl &= dl - 1u;
            }
            return finish(s, p, content, term, ends, k);
        }
        if (at_end) { /* the last line of the input, without a terminator */
            if (cr != 0)
                return 0; /* a final CR is a lone-CR line end */
            while (dl != 0) {
                if (k + 1 >= s->n_fields)
                    return 0;
                ends[k++] = (uint32_t)(off + (unsigned)__builtin_ctz(dl));
                dl &= dl - 1u;
            }
            return finish(s, p, avail, 0, ends, k);
        }
        /* no line end in these 16 bytes: a CR is only fine as their last byte */
        if (cr != 0) {
            if (cr != 0x8000u || left == 16)
                return 0; /* a CR before the end of the input's last 16 bytes is a lone CR */
            cr_last = true;
        }
        while (dl != 0) {
            if (k + 1 >= s->n_fields)
                return 0;
            ends[k++] = (uint32_t)(off + (unsigned)__builtin_ctz(dl));
            dl &= dl - 1u;
        }
        off += 16;
        if (off > UINT32_MAX - 32)
            return 0;
    }
}

#else /* portable */

size_t fa_csv__split(const fa_csv_splitter *s, const char *p, const char *end, uint32_t *ends)
{
    size_t n = (size_t)(end - p), i, k = 0;

    for (i = 0; i < n; i++) {
        char c = p[i];
        if (c == s->delimiter) {
            if (k + 1 >= s->n_fields || i > UINT32_MAX - 1)
                return 0;
            ends[k++] = (uint32_t)i;
        } else if (c == '\n') {
            return finish(s, p, i, 1, ends, k);
        } else if (c == '\r') {
            if (i + 1 < n && p[i + 1] == '\n')
                return finish(s, p, i, 2, ends, k);
            return 0;
        } else if (c == s->quote || c == '\0') {
            return 0;
        }
    }
    return finish(s, p, n, 0, ends, k);
}

#endif
