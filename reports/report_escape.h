/*
 * reports/report_escape.h — escaping of data-derived strings for every output
 * the reports write (internal).
 *
 * Every string that comes from an audit document (column names, group values,
 * file names, free text) goes through exactly one of these before it reaches
 * an output. All of them first repair the text to valid UTF-8 (each invalid
 * byte becomes U+FFFD), because an invalid byte would break the SVG/XML
 * gnuplot writes and is shown inconsistently by browsers.
 */
#ifndef FA_REPORTS_REPORT_ESCAPE_H
#define FA_REPORTS_REPORT_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/internal.h"

/*
 * HTML text and attribute values: & < > " ' become entities; control
 * characters other than tab and newline become U+FFFD.
 */
void fa_esc_html(fa_buf *b, const char *s);

/*
 * Markdown (CommonMark / GitHub): markup characters are backslash-escaped
 * (inline ones everywhere, block-starting ones where they could start a
 * block), & < > become entities (so no raw HTML can form), and a newline
 * becomes "<br>" (a line break that keeps tables and list items intact). The
 * result is literal text in a paragraph, list item, heading or table cell.
 */
void fa_esc_md(fa_buf *b, const char *s);

/*
 * A gnuplot single-quoted string literal, quotes included: ' is doubled
 * (gnuplot's only escape in single quotes; backslashes, backquotes and @
 * macros are not interpreted there), control characters become spaces.
 */
void fa_esc_gp_literal(fa_buf *b, const char *s);

/*
 * A field of a gnuplot .dat file, always double-quoted: \ becomes \\, " the
 * octal escape \042 (gnuplot has no \" in data files), control characters
 * become spaces. Reads back as the original text (after UTF-8 repair).
 */
void fa_esc_gp_field(fa_buf *b, const char *s);

/*
 * A file-name fragment: ASCII letters and digits kept (lowercased), any run
 * of other bytes becomes one '_', at most @p max_len bytes. Never empty
 * ("x" for a string without letters or digits).
 */
void fa_esc_slug(fa_buf *b, const char *s, size_t max_len);

/* Appends s repaired to valid UTF-8 (invalid bytes -> U+FFFD). */
void fa_esc_utf8(fa_buf *b, const char *s);

/*
 * Decodes one UTF-8 sequence at s (NUL-terminated). Returns its length in
 * bytes (>= 1) and the code point in *cp, or 1 and *cp = U+FFFD when the
 * byte does not start a valid, shortest-form sequence.
 */
size_t fa_esc_utf8_next(const char *s, unsigned long *cp);

#endif
