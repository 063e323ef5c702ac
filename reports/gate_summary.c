/*
 * gate_summary.c — the human views of a gate result: summary.md (a compact
 * Markdown table for a CI job summary or a pull-request comment) and the
 * short text printed on stderr.
 *
 * Both show one line per rule × attribute: its worst check (the failing
 * group with the largest violation, else a warning, else an inconclusive
 * one, else the pass closest to its bound). Every data string is escaped.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/fileio.h"
#include "gate_report.h"

/* Non-pass lines printed on stderr before "... and N more". */
#define TEXT_MAX_LINES 20

size_t fa_gate__run_end(const fa_gate_result *r, size_t from)
{
    size_t n = fa_gate_result_n_entries(r), i;
    const fa_gate_entry *a = fa_gate_result_entry(r, from);

    for (i = from + 1; i < n; i++) {
        const fa_gate_entry *b = fa_gate_result_entry(r, i);
        if (strcmp(a->rule, b->rule) != 0 || strcmp(a->attribute, b->attribute) != 0 ||
            strcmp(a->metric, b->metric) != 0)
            break;
    }
    return i;
}

/* Rank of a check: higher is more worth showing. */
static int rank(const fa_gate_entry *e)
{
    bool inconclusive = e->verdict == FA_VERDICT_INCONCLUSIVE;

    if (e->outcome == FA_VERDICT_PASS)
        return inconclusive ? 1 : 0;
    return (int)e->outcome * 2 + (inconclusive ? 0 : 1);
}

/* How far the value lies outside its bounds (negative: inside). */
static double violation(const fa_gate_entry *e)
{
    double v = -INFINITY;

    if (isnan(e->value))
        return v;
    if (!isnan(e->min))
        v = e->min - e->value;
    if (!isnan(e->max) && e->value - e->max > v)
        v = e->value - e->max;
    return v;
}

int fa_gate__entry_cmp(const fa_gate_entry *a, const fa_gate_entry *b)
{
    if (rank(a) != rank(b))
        return rank(a) > rank(b) ? 1 : -1;
    if (violation(a) != violation(b))
        return violation(a) > violation(b) ? 1 : -1;
    return 0;
}

size_t fa_gate__worst(const fa_gate_result *r, size_t from, size_t to)
{
    size_t best = from, i;

    for (i = from + 1; i < to; i++)
        if (fa_gate__entry_cmp(fa_gate_result_entry(r, i), fa_gate_result_entry(r, best)) > 0)
            best = i;
    return best;
}

static const char *badge(const fa_gate_entry *e)
{
    if (e->verdict == FA_VERDICT_INCONCLUSIVE)
        return e->outcome == FA_VERDICT_FAIL   ? "\xE2\x9D\x93 inconclusive (fails)"
               : e->outcome == FA_VERDICT_WARN ? "\xE2\x9D\x94 inconclusive (warns)"
                                               : "\xE2\x9D\x94 inconclusive";
    switch (e->outcome) {
    case FA_VERDICT_FAIL:
        return "\xE2\x9D\x8C fail";
    case FA_VERDICT_WARN:
        return "\xE2\x9A\xA0\xEF\xB8\x8F warn";
    case FA_VERDICT_PASS:
    case FA_VERDICT_INCONCLUSIVE:
        break;
    }
    return "\xE2\x9C\x85 pass";
}

static void put_num(fa_buf *b, double v)
{
    if (isnan(v))
        fa_buf_puts(b, "n/a");
    else
        fa_buf_printf(b, "%.4g", v);
}

static void put_bound(fa_buf *b, const fa_gate_entry *e)
{
    if (!isnan(e->min) && !isnan(e->max))
        fa_buf_printf(b, "%.4g \xE2\x80\xA6 %.4g", e->min, e->max);
    else if (!isnan(e->min))
        fa_buf_printf(b, "\xE2\x89\xA5 %.4g", e->min);
    else if (!isnan(e->max))
        fa_buf_printf(b, "\xE2\x89\xA4 %.4g", e->max);
}

/* The table of one gate result: one row per rule × attribute. */
static void md_table(fa_buf *b, const fa_gate_result *r)
{
    size_t i, n = fa_gate_result_n_entries(r);

    if (n == 0) {
        fa_buf_puts(b, "No checks.\n");
        return;
    }
    fa_buf_puts(b, "| result | rule | attribute | group | value | bound | CI | reason |\n"
                   "|---|---|---|---|---|---|---|---|\n");
    for (i = 0; i < n;) {
        size_t end = fa_gate__run_end(r, i), k, n_bad = 0;
        const fa_gate_entry *w = fa_gate_result_entry(r, fa_gate__worst(r, i, end));

        for (k = i; k < end; k++)
            n_bad += fa_gate_result_entry(r, k)->outcome == w->outcome &&
                     fa_gate_result_entry(r, k)->verdict == w->verdict;
        fa_buf_printf(b, "| %s", badge(w));
        if (end - i > 1 && w->outcome != FA_VERDICT_PASS)
            fa_buf_printf(b, " (%zu of %zu groups)", n_bad, end - i);
        fa_buf_puts(b, " | ");
        fa_md_escape(b, w->rule);
        fa_buf_puts(b, " | ");
        fa_md_escape(b, w->attribute);
        fa_buf_puts(b, " | ");
        fa_md_escape(b, w->group != NULL ? w->group : (end - i > 1 ? "" : "(all)"));
        fa_buf_puts(b, " | ");
        put_num(b, w->value);
        fa_buf_puts(b, " | ");
        put_bound(b, w);
        fa_buf_puts(b, " | ");
        if (!isnan(w->ci_lo) && !isnan(w->ci_hi))
            fa_buf_printf(b, "[%.4g, %.4g]", w->ci_lo, w->ci_hi);
        fa_buf_puts(b, " | ");
        fa_md_escape(b, w->reason);
        fa_buf_puts(b, " |\n");
        i = end;
    }
}

static void md_headline_counts(fa_buf *b, const fa_gate_result *r)
{
    fa_buf_printf(b, "%zu failed, %zu warned, %zu inconclusive, %zu passed (%zu checks)",
                  fa_gate_result_count(r, FA_VERDICT_FAIL),
                  fa_gate_result_count(r, FA_VERDICT_WARN),
                  fa_gate_result_count(r, FA_VERDICT_INCONCLUSIVE),
                  fa_gate_result_count(r, FA_VERDICT_PASS), fa_gate_result_n_entries(r));
}

static void md_messages(fa_buf *b, const fa_gate_result *r)
{
    size_t i;

    for (i = 0; i < fa_gate_result_n_messages(r); i++) {
        fa_buf_puts(b, "- ");
        fa_md_escape(b, fa_gate_result_message(r, i));
        fa_buf_putc(b, '\n');
    }
    if (fa_gate_result_n_messages(r) > 0)
        fa_buf_putc(b, '\n');
}

static void md_item(fa_buf *b, const fa_gate_report_item *it, const char *heading)
{
    const fa_gate_result *r = it->result;

    fa_buf_printf(b, "%s ", heading);
    if (r == NULL) {
        fa_buf_puts(b, "\xF0\x9F\x92\xA5 ");
        fa_md_escape(b, it->name);
        fa_buf_puts(b, ": could not be audited\n\n");
        fa_md_escape(b, it->error != NULL ? it->error : "unknown error");
        fa_buf_puts(b, "\n\n");
        return;
    }
    fa_buf_puts(b, fa_gate_result_passed(r) ? "\xE2\x9C\x85 " : "\xE2\x9D\x8C ");
    fa_md_escape(b, it->name);
    fa_buf_puts(b, fa_gate_result_passed(r) ? ": passed\n\n" : ": FAILED\n\n");
    fa_buf_puts(b, "Policy ");
    fa_md_escape(b, fa_gate_result_policy_name(r));
    fa_buf_puts(b, ": ");
    md_headline_counts(b, r);
    fa_buf_puts(b, ".\n\n");
    md_messages(b, r);
    md_table(b, r);
    fa_buf_putc(b, '\n');
}

/* The roll-up table of a batch: one row per audit. */
static void md_rollup(fa_buf *b, const fa_gate_report_item *items, size_t n_items)
{
    size_t i, failed = 0, broken = 0;

    for (i = 0; i < n_items; i++) {
        if (items[i].result == NULL)
            broken++;
        else if (!fa_gate_result_passed(items[i].result))
            failed++;
    }
    fa_buf_printf(b, "## fairaudit batch: %s\n\n", failed + broken > 0 ? "FAILED" : "passed");
    fa_buf_printf(b, "%zu audits: %zu passed, %zu failed, %zu could not be run.\n\n", n_items,
                  n_items - failed - broken, failed, broken);
    fa_buf_puts(b, "| audit | result | failed | warned | inconclusive | worst finding |\n"
                   "|---|---|---|---|---|---|\n");
    for (i = 0; i < n_items; i++) {
        const fa_gate_result *r = items[i].result;
        fa_buf_puts(b, "| ");
        fa_md_escape(b, items[i].name);
        if (r == NULL) {
            fa_buf_puts(b, " | \xF0\x9F\x92\xA5 error | \xE2\x80\x93 | \xE2\x80\x93 | "
                           "\xE2\x80\x93 | ");
            fa_md_escape(b, items[i].error != NULL ? items[i].error : "unknown error");
            fa_buf_puts(b, " |\n");
            continue;
        }
        fa_buf_printf(b, " | %s | %zu | %zu | %zu | ",
                      fa_gate_result_passed(r) ? "\xE2\x9C\x85 pass" : "\xE2\x9D\x8C fail",
                      fa_gate_result_count(r, FA_VERDICT_FAIL),
                      fa_gate_result_count(r, FA_VERDICT_WARN),
                      fa_gate_result_count(r, FA_VERDICT_INCONCLUSIVE));
        if (fa_gate_result_n_entries(r) > 0) {
            const fa_gate_entry *w =
                fa_gate_result_entry(r, fa_gate__worst(r, 0, fa_gate_result_n_entries(r)));
            if (w->outcome != FA_VERDICT_PASS || w->verdict == FA_VERDICT_INCONCLUSIVE) {
                fa_md_escape(b, w->rule);
                fa_buf_putc(b, ' ');
                fa_md_escape(b, w->attribute);
                if (w->group != NULL) {
                    fa_buf_putc(b, '=');
                    fa_md_escape(b, w->group);
                }
                fa_buf_puts(b, ": ");
                fa_md_escape(b, w->reason);
            }
        }
        fa_buf_puts(b, " |\n");
    }
    fa_buf_putc(b, '\n');
}

fa_status fa_gate_write_summary_md(const char *path,
                                   const fa_gate_report_item *items,
                                   size_t n_items,
                                   fa_error *err)
{
    fa_buf b = FA_BUF_INIT;
    size_t i;
    fa_status rc;

    FA_CHECK_ARG(err, path != NULL && (items != NULL || n_items == 0));
    if (n_items == 1) {
        md_item(&b, &items[0], "###");
    } else {
        md_rollup(&b, items, n_items);
        for (i = 0; i < n_items; i++)
            md_item(&b, &items[i], "###");
    }
    if (b.oom) {
        fa_buf_dispose(&b);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    rc = fa_write_file_atomic(path, b.ptr != NULL ? b.ptr : "", b.len, err);
    fa_buf_dispose(&b);
    return rc;
}

/* ---- stderr text ----------------------------------------------------------- */

static const char *text_label(const fa_gate_entry *e)
{
    if (e->verdict == FA_VERDICT_INCONCLUSIVE)
        return e->outcome == FA_VERDICT_FAIL   ? "INCONCLUSIVE (fails)"
               : e->outcome == FA_VERDICT_WARN ? "INCONCLUSIVE (warns)"
                                               : "INCONCLUSIVE";
    return e->outcome == FA_VERDICT_FAIL ? "FAIL" : e->outcome == FA_VERDICT_WARN ? "WARN" : "ok";
}

fa_status fa_gate_format_text(const fa_gate_result *r, char **text_out, fa_error *err)
{
    fa_buf b = FA_BUF_INIT;
    size_t i, n, shown = 0, more = 0;
    int pass;

    FA_CHECK_ARG(err, r != NULL && text_out != NULL);
    *text_out = NULL;
    n = fa_gate_result_n_entries(r);
    fa_buf_printf(&b, "gate %s: policy %s: ", fa_gate_result_passed(r) ? "passed" : "FAILED",
                  fa_gate_result_policy_name(r));
    md_headline_counts(&b, r);
    fa_buf_putc(&b, '\n');
    /* Failures first, then warnings, then inconclusive passes. */
    for (pass = 0; pass < 3; pass++) {
        for (i = 0; i < n; i++) {
            const fa_gate_entry *e = fa_gate_result_entry(r, i);
            bool pick = pass == 0   ? e->outcome == FA_VERDICT_FAIL
                        : pass == 1 ? e->outcome == FA_VERDICT_WARN
                                    : e->outcome == FA_VERDICT_PASS &&
                                          e->verdict == FA_VERDICT_INCONCLUSIVE;
            if (!pick)
                continue;
            if (shown == TEXT_MAX_LINES) {
                more++;
                continue;
            }
            fa_buf_printf(&b, "  %s %s %s%s%s: %s\n", text_label(e), e->rule, e->attribute,
                          e->group != NULL ? "=" : "", e->group != NULL ? e->group : "", e->reason);
            shown++;
        }
    }
    if (more > 0)
        fa_buf_printf(&b, "  ... and %zu more (see summary.md)\n", more);
    if (b.oom) {
        fa_buf_dispose(&b);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    *text_out = fa_buf_detach(&b, NULL);
    FA_CHECK_ALLOC(err, *text_out);
    return FA_OK;
}

void fa_gate_text_free(char *text)
{
    fa_free(text);
}
