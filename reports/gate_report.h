/*
 * reports/gate_report.h — private helpers shared by the gate writers
 * (gate_json.c, gate_junit.c, gate_summary.c) and their unit tests.
 */
#ifndef FA_REPORTS_GATE_REPORT_H
#define FA_REPORTS_GATE_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "fairaudit/gate.h"

#include "common/internal.h"
#include "common/jsonw.h"

/*
 * Appends @p s (@p n bytes) to @p b escaped for XML 1.0 character data or
 * attribute values: & < > " ' become entities; in attributes, tab, CR and LF
 * become character references so they survive attribute normalisation;
 * characters XML 1.0 forbids (other C0 controls, U+FFFE, U+FFFF) and bytes
 * that are not valid UTF-8 become U+FFFD.
 */
void fa_xml_escape(fa_buf *b, const char *s, size_t n, bool attribute);

/*
 * Appends @p s escaped for one Markdown table cell: | ` \ * _ [ ] get a
 * backslash, < > & become entities (no raw HTML), and line breaks and other
 * control characters become spaces, so a cell can never break the table.
 */
void fa_md_escape(fa_buf *b, const char *s);

/* Writes the value of the `gate` section (an object) at the writer's position. */
void fa_gate__write_section(fa_jw *w, const fa_gate_result *r);

/* > 0 when check @p a is more worth showing than @p b (see fa_gate__worst). */
int fa_gate__entry_cmp(const fa_gate_entry *a, const fa_gate_entry *b);

/*
 * The index of the worst entry among entries [from, to) (same rule and
 * attribute): highest outcome, then a real verdict over an inconclusive one
 * (or, among passes, inconclusive first), then the largest violation.
 */
size_t fa_gate__worst(const fa_gate_result *r, size_t from, size_t to);

/* End (exclusive) of the run of entries starting at @p from that share its
 * rule and attribute (entries of one rule × attribute are contiguous). */
size_t fa_gate__run_end(const fa_gate_result *r, size_t from);

#endif
