/*
 * The gate's CI outputs: XML and Markdown escaping of hostile data strings,
 * junit.xml validated with xmllint against tests/fixtures/junit/junit.xsd
 * (skipped visibly when xmllint is absent: Debian package libxml2-utils),
 * summary.md table shape, the gate section written into audit.json.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "common/fileio.h"
#include "fa_test.h"
#include "reports/gate_report.h"
#include "serialize/json_read.h"


#define XSD FA_SOURCE_DIR "/tests/fixtures/junit/junit.xsd"

/* A group value with every character that can break XML, Markdown or JSON. */
#define HOSTILE "<b>\"Tom & Jerry's\"</b> | `x` \\n\n\x01\xff"

static char *escape_xml(const char *s, bool attribute)
{
    fa_buf b = FA_BUF_INIT;
    fa_xml_escape(&b, s, strlen(s), attribute);
    return fa_buf_detach(&b, NULL);
}

static char *escape_md(const char *s)
{
    fa_buf b = FA_BUF_INIT;
    fa_md_escape(&b, s);
    return fa_buf_detach(&b, NULL);
}

Test(reports_escape, xml_escapes_markup_controls_and_bad_utf8)
{
    char *t = escape_xml("a<b>&\"'", false);
    cr_assert_str_eq(t, "a&lt;b&gt;&amp;&quot;&apos;");
    fa_free(t);
    t = escape_xml("line1\nline2\tx\ry", true);
    cr_assert_str_eq(t, "line1&#10;line2&#9;x&#13;y");
    fa_free(t);
    t = escape_xml("line1\nline2", false);
    cr_assert_str_eq(t, "line1\nline2");
    fa_free(t);
    /* C0 controls and invalid UTF-8 (a stray byte, an overlong '/', a
     * surrogate, a truncated sequence) become U+FFFD; valid UTF-8 stays. */
    t = escape_xml("\x01|\xff|\xc0\xaf|\xed\xa0\x80|\xe2\x82", false);
    cr_assert_str_eq(t, "\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD|"
                        "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD");
    fa_free(t);
    t = escape_xml("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", false);
    cr_assert_str_eq(t, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    fa_free(t);
    t = escape_xml("\xef\xbf\xbe", false); /* U+FFFE is not an XML character */
    cr_assert_str_eq(t, "\xEF\xBF\xBD");
    fa_free(t);
    FA_ASSERT_NO_LEAKS();
}

Test(reports_escape, markdown_cells_cannot_break_the_table)
{
    char *t = escape_md("a|b`c<d>e&f\ng\r\th\\i*j_k[l]");
    cr_assert_str_eq(t, "a\\|b\\`c&lt;d&gt;e&amp;f g  h\\\\i\\*j\\_k\\[l\\]");
    fa_free(t);
    FA_ASSERT_NO_LEAKS();
}

/* ---- a gate result with hostile strings ------------------------------------ */

static const char *audit_json =
    "{\"schema_version\": 1, \"tool\": {\"name\": \"fairaudit\", \"version\": \"0.1.0\"},\n"
    " \"input\": {\"rows_read\": 1000, \"fingerprint\": \"abc\"},\n"
    " \"attributes\": [\n"
    "  {\"name\": \"sex|gender\", \"columns\": [\"sex|gender\"], \"reference\": \"male\",\n"
    "   \"groups\": [\n"
    "    {\"value\": \"male\", \"n\": 600, \"vs_reference\": {\"adverse_impact_ratio\": 1}},\n"
    "    {\"value\": \"" "<b>\\\"Tom & Jerry's\\\"</b> | `x` \\\\n\\n\\u0001" "\", \"n\": 300,"
    " \"vs_reference\": {\"adverse_impact_ratio\": 0.5}},\n"
    "    {\"value\": \"other\", \"n\": 10, \"vs_reference\": {\"adverse_impact_ratio\": 0.7}},\n"
    "    {\"value\": \"fine\", \"n\": 300, \"vs_reference\": {\"adverse_impact_ratio\": 0.95}}],\n"
    "   \"disparities\": {\"equalized_odds_difference\": {\"value\": 0.12, \"ci\": [0.05, 0.2]},\n"
    "                   \"calibration_gap\": {\"value\": 0.01, \"ci\": [0.0, 0.03]}}}],\n"
    " \"gate\": {\"passed\": true, \"stale\": 1},\n"
    " \"big\": 12345678901234567, \"frac\": 0.1, \"neg\": -3, \"list\": [1, 2.5, null, true]\n"
    "}\n";

static const char *policy_json =
    "{\"format_version\": 1, \"name\": \"p<&>\", \"rules\": [\n"
    " {\"id\": \"four_fifths\", \"metric\": \"adverse_impact_ratio\", \"min\": 0.8},\n"
    " {\"id\": \"eo\", \"metric\": \"equalized_odds_difference\", \"max\": 0.1},\n"
    " {\"id\": \"cal\", \"metric\": \"calibration_gap\", \"max\": 0.05, \"severity\": \"warn\"},\n"
    " {\"id\": \"gone\", \"metric\": \"smd\", \"max\": 0.2, \"attributes\": \"race\", "
    "\"severity\": \"warn\"}]}";

static fa_gate_result *hostile_result(void)
{
    fa_audit_doc *doc = NULL;
    fa_policy *p = NULL;
    fa_gate_result *r = NULL;
    fa_error err;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_audit_doc_parse(&doc, audit_json, strlen(audit_json), "audit.json", &err));
    FA_ASSERT_OK(fa_policy_parse(&p, policy_json, strlen(policy_json), "policy.json", &err));
    FA_ASSERT_OK(fa_gate_evaluate(&r, doc, p, NULL, &err));
    fa_audit_doc_free(doc);
    fa_policy_free(p);
    return r;
}

static char *slurp(const char *path)
{
    char *text = NULL;
    size_t len;
    fa_error err;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_read_file(path, &text, &len, &err));
    return text;
}

static const char *tmp_path(const char *name)
{
    static char path[4][512];
    static int slot;
    char *p = path[slot++ & 3];
    snprintf(p, 512, "%s/fa_gate_%d_%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (int)getpid(), name);
    return p;
}

static void xmllint_validates(const char *path)
{
    char cmd[2048];
    int rc;

    if (FA_XMLLINT[0] == '\0' || access(FA_XMLLINT, X_OK) != 0)
        cr_skip_test("xmllint not found (Debian package libxml2-utils): junit.xml schema check "
                     "skipped");
    snprintf(cmd, sizeof cmd, "'%s' --noout --schema '%s' '%s' 2>&1", FA_XMLLINT, XSD, path);
    rc = system(cmd);
    cr_assert(rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) == 0,
              "junit.xml does not validate against %s (see output above)", XSD);
}

Test(reports_junit, one_testcase_per_rule_and_attribute_valid_against_the_schema)
{
    fa_gate_result *r = hostile_result();
    fa_gate_report_item item = {"credit <model> & \"co\"", r, NULL};
    const char *path = tmp_path("junit.xml");
    fa_error err;
    char *xml;

    cr_assert_not(fa_gate_result_passed(r));
    fa_error_clear(&err);
    FA_ASSERT_OK(fa_gate_write_junit(path, &item, 1, &err));
    xml = slurp(path);
    /* 4 rules x 1 attribute (the missing "race" is its own testcase). */
    cr_assert(strstr(xml, "<testsuites name=\"fairaudit\" tests=\"4\" failures=\"1\" errors=\"0\"") != NULL, "%s", xml);
    cr_assert(strstr(xml, "<testsuite name=\"credit &lt;model&gt; &amp; &quot;co&quot;\" tests=\"4\" failures=\"1\"") != NULL, "%s", xml);
    cr_assert(strstr(xml, "<testcase name=\"four_fifths [sex|gender]\"") != NULL);
    cr_assert(strstr(xml, "<failure message=\"sex|gender=&lt;b&gt;&quot;Tom &amp; Jerry&apos;s&quot;&lt;/b&gt; | `x` \\n&#10;\xEF\xBF\xBD: 0.5 below min 0.8\" type=\"fail\">") != NULL, "%s", xml);
    cr_assert(strstr(xml, "INCONCLUSIVE adverse_impact_ratio: sex|gender=other: group has 10 rows") != NULL);
    cr_assert(strstr(xml, "PASS adverse_impact_ratio: sex|gender=fine: 0.95 within min 0.8") != NULL);
    cr_assert(strstr(xml, "WARNING smd: race: attribute &quot;race&quot; is not in the audit") != NULL, "%s", xml);
    cr_assert(strstr(xml, "<property name=\"policy\" value=\"p&lt;&amp;&gt;\"/>") != NULL);
    xmllint_validates(path);
    fa_free(xml);
    remove(path);
    fa_gate_result_free(r);
    FA_ASSERT_NO_LEAKS();
}

Test(reports_junit, batch_with_a_broken_audit_has_one_suite_each_and_validates)
{
    fa_gate_result *r = hostile_result();
    fa_gate_report_item items[] = {{"good", r, NULL},
                                   {"broken", NULL, "scores.csv:3:2: expected a number, got \"x<\""}};
    const char *path = tmp_path("junit-batch.xml");
    fa_error err;
    char *xml;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_gate_write_junit(path, items, 2, &err));
    xml = slurp(path);
    cr_assert(strstr(xml, "tests=\"5\" failures=\"1\" errors=\"1\"") != NULL, "%s", xml);
    cr_assert(strstr(xml, "<testsuite name=\"broken\" tests=\"1\" failures=\"0\" errors=\"1\"") != NULL);
    cr_assert(strstr(xml, "<error message=\"scores.csv:3:2: expected a number, got &quot;x&lt;&quot;\" type=\"input\">") != NULL, "%s", xml);
    xmllint_validates(path);
    fa_free(xml);
    remove(path);
    fa_gate_result_free(r);
    FA_ASSERT_NO_LEAKS();
}

/* Number of '|' not preceded by a backslash. */
static size_t cell_separators(const char *line, size_t len)
{
    size_t i, n = 0;
    for (i = 0; i < len; i++)
        if (line[i] == '|' && (i == 0 || line[i - 1] != '\\'))
            n++;
    return n;
}

Test(reports_summary, one_row_per_rule_and_attribute_with_escaped_cells)
{
    fa_gate_result *r = hostile_result();
    fa_gate_report_item item = {"audit.json", r, NULL};
    const char *path = tmp_path("summary.md");
    fa_error err;
    char *md, *line;
    size_t rows = 0;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_gate_write_summary_md(path, &item, 1, &err));
    md = slurp(path);
    cr_assert(strstr(md, "### \xE2\x9D\x8C audit.json: FAILED\n") == md, "%s", md);
    cr_assert(strstr(md, "Policy p&lt;&amp;&gt;: 1 failed, 1 warned, 2 inconclusive, 2 passed (6 checks).") != NULL, "%s", md);
    /* Every table line has exactly 9 cell separators: no data string broke a row. */
    for (line = strstr(md, "| result"); line != NULL && *line == '|';) {
        char *end = strchr(line, '\n');
        cr_assert_not_null(end);
        cr_assert_eq(cell_separators(line, (size_t)(end - line)), 9, "%.*s", (int)(end - line), line);
        rows++;
        line = end + 1;
    }
    cr_assert_eq(rows, 2 + 4, "header, rule line, 4 rule x attribute rows");
    cr_assert(strstr(md, "| \xE2\x9D\x8C fail (1 of 3 groups) | four\\_fifths | sex\\|gender | &lt;b&gt;\"Tom &amp; Jerry's\"&lt;/b&gt; \\| \\`x\\` \\\\n   | 0.5 | \xE2\x89\xA5 0.8 |  | 0.5 below min 0.8 |") != NULL, "%s", md);
    cr_assert(strstr(md, "| \xE2\x9D\x8C fail | eo | sex\\|gender |  | 0.12 | \xE2\x89\xA4 0.1 | [0.05, 0.2] |") == NULL,
              "a straddling CI is not a failure");
    cr_assert(strstr(md, "inconclusive (warns) | eo | sex\\|gender | (all) | 0.12 |") != NULL, "%s", md);
    fa_free(md);
    remove(path);
    fa_gate_result_free(r);
    FA_ASSERT_NO_LEAKS();
}

Test(reports_summary, batch_rollup_names_failing_and_broken_audits)
{
    fa_gate_result *r = hostile_result();
    fa_gate_report_item items[] = {{"model-a", r, NULL}, {"model|b", NULL, "cannot read 'b.csv'"}};
    const char *path = tmp_path("summary-batch.md");
    fa_error err;
    char *md;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_gate_write_summary_md(path, items, 2, &err));
    md = slurp(path);
    cr_assert(strstr(md, "## fairaudit batch: FAILED\n\n2 audits: 0 passed, 1 failed, 1 could not be run.") == md, "%s", md);
    cr_assert(strstr(md, "| model-a | \xE2\x9D\x8C fail | 1 | 1 | 2 | four\\_fifths sex\\|gender=") != NULL, "%s", md);
    cr_assert(strstr(md, "| model\\|b | \xF0\x9F\x92\xA5 error |") != NULL, "%s", md);
    cr_assert(strstr(md, "### \xF0\x9F\x92\xA5 model\\|b: could not be audited") != NULL, "%s", md);
    fa_free(md);
    remove(path);
    fa_gate_result_free(r);
    FA_ASSERT_NO_LEAKS();
}

Test(reports_gate_json, section_replaces_an_old_gate_and_keeps_everything_else)
{
    fa_gate_result *r = hostile_result();
    const char *path = tmp_path("audit.json");
    fa_json_doc *doc = NULL;
    const fa_json_node *root, *gate, *entries, *e;
    fa_error err;
    size_t i, n_gate = 0;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_gate_write_into_audit(path, audit_json, strlen(audit_json), r, &err));
    FA_ASSERT_OK(fa_json_doc_load(&doc, path, &err));
    root = fa_json_doc_root(doc);
    for (i = 0; i < fa_json_count(root); i++)
        n_gate += strcmp(fa_json_key(fa_json_at(root, i)), "gate") == 0;
    cr_assert_eq(n_gate, 1);
    cr_assert_str_eq(fa_json_key(fa_json_at(root, fa_json_count(root) - 1)), "gate");
    {
        size_t len;
        const char *t = fa_json_number_text(fa_json_member(root, "big"), &len);
        cr_assert(len == 17 && strncmp(t, "12345678901234567", 17) == 0, "integers keep every digit");
    }
    FA_ASSERT_NEAR(fa_json_number(fa_json_member(root, "frac")), 0.1, 0.0);
    cr_assert_eq(fa_json_count(fa_json_member(root, "list")), 4);
    gate = fa_json_member(root, "gate");
    cr_assert_null(fa_json_member(gate, "stale"));
    cr_assert(fa_json_is(fa_json_member(gate, "passed"), FA_JSON_BOOL));
    cr_assert_not(fa_json_bool(fa_json_member(gate, "passed")));
    cr_assert_eq(fa_json_number(fa_json_member(fa_json_member(gate, "counts"), "fail")), 1);
    entries = fa_json_member(gate, "entries");
    cr_assert_eq(fa_json_count(entries), 6);
    e = fa_json_at(entries, 0);
    cr_assert_str_eq(fa_json_string(fa_json_member(e, "rule")), "four_fifths");
    cr_assert_str_eq(fa_json_string(fa_json_member(e, "group")), "<b>\"Tom & Jerry's\"</b> | `x` \\n\n\x01");
    FA_ASSERT_NEAR(fa_json_number(fa_json_member(e, "value")), 0.5, 0.0);
    FA_ASSERT_NEAR(fa_json_number(fa_json_member(fa_json_member(e, "bound"), "min")), 0.8, 0.0);
    cr_assert(fa_json_is(fa_json_member(e, "ci"), FA_JSON_NULL));
    cr_assert_str_eq(fa_json_string(fa_json_member(e, "verdict")), "fail");
    cr_assert_str_eq(fa_json_string(fa_json_member(e, "reason")), "0.5 below min 0.8");
    e = fa_json_at(entries, 3);
    cr_assert_str_eq(fa_json_string(fa_json_member(e, "rule")), "eo");
    cr_assert(fa_json_is(fa_json_member(e, "group"), FA_JSON_NULL));
    cr_assert_eq(fa_json_count(fa_json_member(e, "ci")), 2);
    cr_assert_str_eq(fa_json_string(fa_json_member(e, "verdict")), "inconclusive");
    cr_assert_str_eq(fa_json_string(fa_json_member(e, "outcome")), "warn");
    fa_json_doc_free(doc);
    remove(path);

    /* Not an object: refused, nothing written. */
    cr_assert_eq(fa_gate_write_into_audit(path, "[1]", 3, r, &err), FA_EPARSE);
    cr_assert_neq(access(path, F_OK), 0);
    fa_gate_result_free(r);
    FA_ASSERT_NO_LEAKS();
}

Test(reports_gate_json, text_summary_lists_failures_first)
{
    fa_gate_result *r = hostile_result();
    char *text = NULL;
    fa_error err;
    const char *fail, *warn;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_gate_format_text(r, &text, &err));
    cr_assert(strncmp(text, "gate FAILED: policy p<&>: 1 failed, 1 warned, 2 inconclusive, 2 passed (6 checks)\n", 82) == 0, "%s", text);
    fail = strstr(text, "  FAIL four_fifths sex|gender=");
    warn = strstr(text, "  WARN gone race: attribute \"race\" is not in the audit");
    cr_assert(fail != NULL && warn != NULL && fail < warn, "%s", text);
    fa_gate_text_free(text);
    fa_gate_result_free(r);
    FA_ASSERT_NO_LEAKS();
}
