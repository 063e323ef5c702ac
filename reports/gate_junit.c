/*
 * gate_junit.c — junit.xml for CI test reporters (Jenkins, GitLab, GitHub
 * Actions reporters).
 *
 * Layout: <testsuites> holding one <testsuite> per gated audit, holding one
 * <testcase> per rule × attribute. A testcase whose checks include a failing
 * outcome gets one <failure> (message: the worst check; text: every failing
 * check); warnings and inconclusive checks are listed in <system-out>, since
 * JUnit has no warning element and a warning must not fail the build. An
 * audit that could not be run gets a single testcase with an <error>.
 *
 * The document follows the subset of the JUnit XML format common to the
 * Jenkins xunit schema (junit-10.xsd) and the GitLab parser; the test
 * tests/unit/reports checks it with xmllint against tests/fixtures/junit.xsd.
 * Every string is escaped (gate_escape.c); times are 0 (nothing was timed).
 */
#include <stdio.h>
#include <string.h>

#include "common/fileio.h"
#include "gate_report.h"

static void attr(fa_buf *b, const char *name, const char *value)
{
    fa_buf_printf(b, " %s=\"", name);
    if (value != NULL)
        fa_xml_escape(b, value, strlen(value), true);
    fa_buf_putc(b, '"');
}

static void text(fa_buf *b, const char *s)
{
    if (s != NULL)
        fa_xml_escape(b, s, strlen(s), false);
}

/* "sex=female: 0.62 below min 0.8" */
static void check_line(fa_buf *out, const fa_gate_entry *e)
{
    fa_buf_printf(out, "%s", e->attribute);
    if (e->group != NULL)
        fa_buf_printf(out, "=%s", e->group);
    fa_buf_printf(out, ": %s", e->reason);
}

static const char *label(const fa_gate_entry *e)
{
    if (e->verdict == FA_VERDICT_INCONCLUSIVE)
        return "INCONCLUSIVE";
    return e->outcome == FA_VERDICT_FAIL   ? "FAIL"
           : e->outcome == FA_VERDICT_WARN ? "WARNING"
                                           : "PASS";
}

static void testcase(fa_buf *b, const fa_gate_result *r, const char *suite, size_t from, size_t to)
{
    const fa_gate_entry *first = fa_gate_result_entry(r, from);
    const fa_gate_entry *worst = fa_gate_result_entry(r, fa_gate__worst(r, from, to));
    fa_buf name = FA_BUF_INIT, cls = FA_BUF_INIT, line = FA_BUF_INIT;
    size_t i;

    fa_buf_printf(&name, "%s [%s]", first->rule, first->attribute);
    fa_buf_printf(&cls, "fairaudit.%s.%s", suite, first->rule);
    fa_buf_puts(b, "    <testcase");
    attr(b, "name", name.ptr);
    attr(b, "classname", cls.ptr);
    fa_buf_puts(b, " time=\"0\">\n");
    if (worst->outcome == FA_VERDICT_FAIL) {
        check_line(&line, worst);
        fa_buf_puts(b, "      <failure");
        attr(b, "message", line.ptr);
        attr(b, "type", worst->verdict == FA_VERDICT_INCONCLUSIVE ? "inconclusive" : "fail");
        fa_buf_puts(b, ">");
        for (i = from; i < to; i++) {
            const fa_gate_entry *e = fa_gate_result_entry(r, i);
            if (e->outcome != FA_VERDICT_FAIL)
                continue;
            fa_buf_clear(&line);
            fa_buf_printf(&line, "%s %s: ", label(e), e->metric);
            check_line(&line, e);
            fa_buf_putc(&line, '\n');
            text(b, line.ptr);
        }
        fa_buf_puts(b, "</failure>\n");
    }
    /* Everything else (passes included, so the report is complete). */
    fa_buf_puts(b, "      <system-out>");
    for (i = from; i < to; i++) {
        const fa_gate_entry *e = fa_gate_result_entry(r, i);
        if (e->outcome == FA_VERDICT_FAIL)
            continue;
        fa_buf_clear(&line);
        fa_buf_printf(&line, "%s %s: ", label(e), e->metric);
        check_line(&line, e);
        fa_buf_putc(&line, '\n');
        text(b, line.ptr);
    }
    fa_buf_puts(b, "</system-out>\n    </testcase>\n");
    b->oom = b->oom || name.oom || cls.oom || line.oom;
    fa_buf_dispose(&name);
    fa_buf_dispose(&cls);
    fa_buf_dispose(&line);
}

/* Number of testcases (rule × attribute runs) and of failing ones. */
static void count_cases(const fa_gate_result *r, size_t *cases, size_t *failures)
{
    size_t i, n = fa_gate_result_n_entries(r);

    *cases = *failures = 0;
    for (i = 0; i < n;) {
        size_t end = fa_gate__run_end(r, i);
        (*cases)++;
        if (fa_gate_result_entry(r, fa_gate__worst(r, i, end))->outcome == FA_VERDICT_FAIL)
            (*failures)++;
        i = end;
    }
}

static void suite(fa_buf *b, const fa_gate_report_item *it)
{
    const fa_gate_result *r = it->result;
    size_t cases = 1, failures = 0, errors = 0, i, n;
    char num[3][32];

    if (r == NULL)
        errors = 1;
    else
        count_cases(r, &cases, &failures);
    snprintf(num[0], sizeof num[0], "%zu", cases);
    snprintf(num[1], sizeof num[1], "%zu", failures);
    snprintf(num[2], sizeof num[2], "%zu", errors);
    fa_buf_puts(b, "  <testsuite");
    attr(b, "name", it->name);
    attr(b, "tests", num[0]);
    attr(b, "failures", num[1]);
    attr(b, "errors", num[2]);
    fa_buf_puts(b, " skipped=\"0\" time=\"0\">\n");
    if (r == NULL) {
        fa_buf_puts(b, "    <testcase name=\"audit\"");
        attr(b, "classname", "fairaudit.batch");
        fa_buf_puts(b, " time=\"0\">\n      <error");
        attr(b, "message", it->error != NULL ? it->error : "the audit could not be run");
        fa_buf_puts(b, " type=\"input\">");
        text(b, it->error);
        fa_buf_puts(b, "</error>\n    </testcase>\n  </testsuite>\n");
        return;
    }
    fa_buf_puts(b, "    <properties>\n      <property name=\"policy\"");
    attr(b, "value", fa_gate_result_policy_name(r));
    fa_buf_puts(b, "/>\n      <property name=\"passed\"");
    attr(b, "value", fa_gate_result_passed(r) ? "true" : "false");
    fa_buf_puts(b, "/>\n    </properties>\n");
    n = fa_gate_result_n_entries(r);
    for (i = 0; i < n;) {
        size_t end = fa_gate__run_end(r, i);
        testcase(b, r, it->name, i, end);
        i = end;
    }
    if (fa_gate_result_n_messages(r) > 0) {
        fa_buf_puts(b, "    <system-out>");
        for (i = 0; i < fa_gate_result_n_messages(r); i++) {
            text(b, fa_gate_result_message(r, i));
            fa_buf_putc(b, '\n');
        }
        fa_buf_puts(b, "</system-out>\n");
    }
    fa_buf_puts(b, "  </testsuite>\n");
}

fa_status fa_gate_write_junit(const char *path,
                              const fa_gate_report_item *items,
                              size_t n_items,
                              fa_error *err)
{
    fa_buf b = FA_BUF_INIT;
    size_t i, tests = 0, failures = 0, errors = 0;
    fa_status rc;

    FA_CHECK_ARG(err, path != NULL && (items != NULL || n_items == 0));
    for (i = 0; i < n_items; i++) {
        size_t c = 1, f = 0;
        if (items[i].result != NULL)
            count_cases(items[i].result, &c, &f);
        else
            errors++;
        tests += c;
        failures += f;
    }
    fa_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fa_buf_printf(&b,
                  "<testsuites name=\"fairaudit\" tests=\"%zu\" failures=\"%zu\" "
                  "errors=\"%zu\" time=\"0\">\n",
                  tests, failures, errors);
    for (i = 0; i < n_items; i++)
        suite(&b, &items[i]);
    fa_buf_puts(&b, "</testsuites>\n");
    if (b.oom) {
        fa_buf_dispose(&b);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    rc = fa_write_file_atomic(path, b.ptr, b.len, err);
    fa_buf_dispose(&b);
    return rc;
}
