/*
 * Policy validation: a valid policy loads with its defaults; every invalid
 * input is rejected with the right status and `policy.json:LINE:COLUMN:`.
 */
#include <string.h>

#include "audit/gate_internal.h"
#include "fa_test.h"


/* Parses @p text as "policy.json"; returns the status and the formatted error. */
static fa_status parse(const char *text, char *msg, size_t n)
{
    fa_policy *p = NULL;
    fa_error err;
    fa_status rc;

    fa_error_clear(&err);
    rc = fa_policy_parse(&p, text, strlen(text), "policy.json", &err);
    msg[0] = '\0';
    if (rc != FA_OK)
        fa_error_format(&err, msg, n);
    cr_assert((rc == FA_OK) == (p != NULL));
    fa_policy_free(p);
    return rc;
}

#define EXPECT_ERROR(text, code, where_and_what)                                                  \
    do {                                                                                          \
        char m__[1024];                                                                           \
        fa_status rc__ = parse((text), m__, sizeof m__);                                          \
        cr_assert_eq(rc__, (code), "status %s, expected %s (%s)", fa_status_str(rc__),            \
                     fa_status_str(code), m__);                                                   \
        cr_assert(strstr(m__, (where_and_what)) == m__ ||                                         \
                      strstr(m__, (where_and_what)) != NULL,                                      \
                  "message '%s' lacks '%s'", m__, (where_and_what));                              \
    } while (0)

#define RULES(r) "{\"format_version\": 1, \"rules\": [" r "]}"

Test(audit_policy, loads_a_full_policy_with_defaults)
{
    const char *text = "{\n"
                       "  \"format\": \"fairaudit-policy\",\n"
                       "  \"format_version\": 1,\n"
                       "  \"name\": \"credit\",\n"
                       "  \"min_group_size\": 50,\n"
                       "  \"inconclusive\": \"fail\",\n"
                       "  \"rules\": [\n"
                       "    {\"id\": \"four_fifths\", \"metric\": \"adverse_impact_ratio\", "
                       "\"min\": 0.8, \"tolerance\": 0.02},\n"
                       "    {\"metric\": \"equalized_odds_difference\", \"max\": 0.1, "
                       "\"severity\": \"warn\", \"inconclusive\": \"pass\", "
                       "\"attributes\": [\"sex\", [\"sex\", \"age_band\"]], \"min_group_size\": 0},\n"
                       "    {\"metric\": \"calibration_gap\", \"max\": 0.05, \"attributes\": "
                       "\"intersections\"}\n"
                       "  ]\n"
                       "}\n";
    fa_policy *p = NULL;
    fa_error err;
    const fa_policy_rule *r;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_policy_parse(&p, text, strlen(text), "policy.json", &err));
    cr_assert_str_eq(fa_policy_name(p), "credit");
    cr_assert_eq(fa_policy_n_rules(p), 3);
    cr_assert_eq(strlen(fa_policy_fingerprint(p)), 64);
    r = &p->rules[0];
    cr_assert_str_eq(r->id, "four_fifths");
    cr_assert_eq(r->scope, FA_SCOPE_EVERY);
    FA_ASSERT_NEAR(r->min, 0.8, FA_TOL_EXACT);
    cr_assert(isnan(r->max));
    FA_ASSERT_NEAR(r->tolerance, 0.02, FA_TOL_EXACT);
    cr_assert_eq(r->severity, FA_VERDICT_FAIL);
    cr_assert_eq(r->inconclusive, FA_VERDICT_FAIL); /* the policy's setting */
    cr_assert_eq(r->min_group_size, 50);
    cr_assert_eq(r->line, 8);
    r = &p->rules[1];
    cr_assert_str_eq(r->id, "equalized_odds_difference"); /* default id: the metric */
    cr_assert_eq(r->severity, FA_VERDICT_WARN);
    cr_assert_eq(r->inconclusive, FA_VERDICT_PASS);
    cr_assert_eq(r->min_group_size, 0);
    cr_assert_eq(r->scope, FA_SCOPE_LIST);
    cr_assert_eq(r->n_targets, 2);
    cr_assert_str_eq(r->targets[0].name, "sex");
    cr_assert_null(r->targets[1].name);
    cr_assert_eq(r->targets[1].n_columns, 2);
    cr_assert_str_eq(r->targets[1].columns[1], "age_band");
    cr_assert_eq(p->rules[2].scope, FA_SCOPE_INTERSECTIONS);
    fa_policy_free(p);
    FA_ASSERT_NO_LEAKS();
}

Test(audit_policy, defaults_when_unset)
{
    fa_policy *p = NULL;
    fa_error err;
    const char *text = RULES("{\"metric\": \"demographic_parity_difference\", \"max\": 0.1}");

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_policy_parse(&p, text, strlen(text), "dir/my-policy.json", &err));
    cr_assert_str_eq(fa_policy_name(p), "my-policy.json");
    cr_assert_eq(p->min_group_size, FA_POLICY_DEFAULT_MIN_GROUP_SIZE);
    cr_assert_eq(p->inconclusive, FA_VERDICT_WARN);
    cr_assert_eq(p->baseline_mismatch, FA_VERDICT_WARN);
    cr_assert(isnan(p->rules[0].tolerance));
    fa_policy_free(p);
    FA_ASSERT_NO_LEAKS();
}

Test(audit_policy, syntax_errors_are_located)
{
    EXPECT_ERROR("{\"format_version\": 1,\n  \"rules\": [,]}", FA_EPARSE, "policy.json:2:13:");
    EXPECT_ERROR("", FA_EPARSE, "policy.json:");
    EXPECT_ERROR("{\"format_version\": 1, \"rules\": [], \"rules\": []}", FA_EPARSE,
                 "policy.json:1:");
    FA_ASSERT_NO_LEAKS();
}

Test(audit_policy, header_errors)
{
    EXPECT_ERROR("[1]", FA_ESCHEMA, "policy.json:1:1: a policy must be a JSON object, not a array");
    EXPECT_ERROR("{\"rules\": []}", FA_ESCHEMA, "policy.json:1:1: missing required key \"format_version\"");
    EXPECT_ERROR("{\"format_version\": 2, \"rules\": []}", FA_EFORMAT,
                 "policy.json:1:20: unsupported policy format_version 2 (this build reads 1)");
    EXPECT_ERROR("{\"format_version\": \"1\", \"rules\": []}", FA_ESCHEMA,
                 "policy.json:1:20: \"format_version\" must be a number, not a string");
    EXPECT_ERROR("{\"format\": \"fairaudit-model\", \"format_version\": 1}", FA_EFORMAT,
                 "policy.json:1:12: \"format\" is \"fairaudit-model\"");
    EXPECT_ERROR("{\"format_version\": 1,\n \"rulez\": []}", FA_ESCHEMA,
                 "policy.json:2:2: unknown key \"rulez\"");
    EXPECT_ERROR("{\"format_version\": 1}", FA_ESCHEMA,
                 "policy.json:1:1: missing required key \"rules\"");
    EXPECT_ERROR("{\"format_version\": 1, \"rules\": {}}", FA_ESCHEMA, "policy.json:1:32:");
    EXPECT_ERROR("{\"format_version\": 1, \"rules\": []}", FA_ESCHEMA,
                 "policy.json:1:32: \"rules\" is empty");
    EXPECT_ERROR("{\"format_version\": 1, \"name\": \"\", \"rules\": []}", FA_ESCHEMA,
                 "policy.json:1:31: \"name\" must not be empty");
    EXPECT_ERROR("{\"format_version\": 1, \"inconclusive\": \"maybe\", \"rules\": []}", FA_ESCHEMA,
                 "policy.json:1:39: \"inconclusive\" must be \"fail\", \"warn\" or \"pass\", not \"maybe\"");
    EXPECT_ERROR("{\"format_version\": 1, \"min_group_size\": -1, \"rules\": []}", FA_ESCHEMA,
                 "policy.json:1:41:");
    EXPECT_ERROR("{\"format_version\": 1, \"min_group_size\": 2.5, \"rules\": []}", FA_ESCHEMA,
                 "policy.json:1:41:");
    EXPECT_ERROR("{\"format_version\": 1, \"baseline_mismatch\": 1, \"rules\": []}", FA_ESCHEMA,
                 "policy.json:1:44:");
    FA_ASSERT_NO_LEAKS();
}

Test(audit_policy, rule_errors)
{
    /* Column numbers count from the start of RULES(): 33 is the first rule. */
    EXPECT_ERROR(RULES("3"), FA_ESCHEMA, "policy.json:1:33: rule 1 must be an object, not a number");
    EXPECT_ERROR(RULES("{\"max\": 0.1}"), FA_ESCHEMA,
                 "policy.json:1:33: missing required key \"metric\"");
    EXPECT_ERROR(RULES("{\"metric\": 5, \"max\": 0.1}"), FA_ESCHEMA,
                 "policy.json:1:44: \"metric\" must be a string, not a number");
    EXPECT_ERROR(RULES("{\"metric\": \"air\", \"max\": 0.1}"), FA_ESCHEMA,
                 "policy.json:1:44: unknown metric \"air\"");
    EXPECT_ERROR(RULES("{\"metric\": \"smd\", \"bound\": 0.1}"), FA_ESCHEMA,
                 "policy.json:1:51: unknown key \"bound\"");
    EXPECT_ERROR(RULES("{\"metric\": \"smd\"}"), FA_ESCHEMA,
                 "policy.json:1:33: rule \"smd\" needs a bound: \"min\", \"max\" or both");
    EXPECT_ERROR(RULES("{\"metric\": \"smd\", \"min\": 0.5, \"max\": 0.1}"), FA_ESCHEMA,
                 "policy.json:1:58: \"min\" (0.5) is greater than \"max\" (0.1)");
    EXPECT_ERROR(RULES("{\"metric\": \"smd\", \"min\": \"0.5\"}"), FA_ESCHEMA,
                 "policy.json:1:58: \"min\" must be a number, not a string");
    EXPECT_ERROR(RULES("{\"metric\": \"demographic_parity_difference\", \"max\": 10}"), FA_ESCHEMA,
                 "policy.json:1:84: \"max\": demographic_parity_difference can only take values in [0, 1]");
    EXPECT_ERROR(RULES("{\"metric\": \"adverse_impact_ratio\", \"min\": -0.2}"), FA_ESCHEMA,
                 "policy.json:1:75: \"min\": adverse_impact_ratio can only take values in [0, inf]");
    EXPECT_ERROR(RULES("{\"metric\": \"smd\", \"max\": 1, \"tolerance\": -0.1}"), FA_ESCHEMA,
                 "policy.json:1:74: \"tolerance\" must be >= 0, got -0.1");
    EXPECT_ERROR(RULES("{\"metric\": \"smd\", \"max\": 1, \"severity\": \"error\"}"), FA_ESCHEMA,
                 "policy.json:1:73: \"severity\" must be \"fail\" or \"warn\", not \"error\"");
    EXPECT_ERROR(RULES("{\"metric\": \"smd\", \"max\": 1, \"severity\": \"pass\"}"), FA_ESCHEMA,
                 "\"severity\" must be \"fail\" or \"warn\", not \"pass\"");
    EXPECT_ERROR(RULES("{\"metric\": \"smd\", \"max\": 1, \"inconclusive\": \"no\"}"), FA_ESCHEMA,
                 "policy.json:1:77: \"inconclusive\" must be");
    EXPECT_ERROR(RULES("{\"metric\": \"smd\", \"max\": 1, \"id\": \"\"}"), FA_ESCHEMA,
                 "policy.json:1:67: \"id\" must not be empty");
    EXPECT_ERROR(RULES("{\"metric\": \"smd\", \"max\": 1},\n{\"metric\": \"smd\", \"min\": -1}"),
                 FA_ESCHEMA, "policy.json:2:1: rule id \"smd\" is used twice (line 1)");
    EXPECT_ERROR(RULES("{\"id\": \"a\", \"metric\": \"smd\", \"max\": 1},\n"
                       "{\"id\": \"a\", \"metric\": \"smd\", \"min\": -1}"),
                 FA_ESCHEMA, "policy.json:2:8: rule id \"a\" is used twice");
    FA_ASSERT_NO_LEAKS();
}

Test(audit_policy, attribute_errors)
{
    EXPECT_ERROR(RULES("{\"metric\": \"smd\", \"max\": 1, \"attributes\": 3}"), FA_ESCHEMA,
                 "policy.json:1:75: \"attributes\" must be \"every\", \"intersections\", \"all\"");
    EXPECT_ERROR(RULES("{\"metric\": \"smd\", \"max\": 1, \"attributes\": []}"), FA_ESCHEMA,
                 "policy.json:1:75: \"attributes\" must not be empty");
    EXPECT_ERROR(RULES("{\"metric\": \"smd\", \"max\": 1, \"attributes\": \"\"}"), FA_ESCHEMA,
                 "policy.json:1:75: an attribute name must not be empty");
    EXPECT_ERROR(RULES("{\"metric\": \"smd\", \"max\": 1, \"attributes\": [\"sex\", 4]}"),
                 FA_ESCHEMA, "policy.json:1:83: an attribute must be a name (string) or an "
                             "intersection (array of column names), not a number");
    EXPECT_ERROR(RULES("{\"metric\": \"smd\", \"max\": 1, \"attributes\": [[\"sex\"]]}"),
                 FA_ESCHEMA, "policy.json:1:76: an intersection needs at least two column names");
    EXPECT_ERROR(RULES("{\"metric\": \"smd\", \"max\": 1, \"attributes\": [[\"sex\", \"sex\"]]}"),
                 FA_ESCHEMA, "policy.json:1:84: column \"sex\" appears twice in the intersection");
    EXPECT_ERROR(RULES("{\"metric\": \"smd\", \"max\": 1, \"attributes\": [[\"sex\", 1]]}"),
                 FA_ESCHEMA, "policy.json:1:84: ");
    FA_ASSERT_NO_LEAKS();
}

Test(audit_policy, load_reports_missing_file)
{
    fa_policy *p = NULL;
    fa_error err;

    fa_error_clear(&err);
    cr_assert_eq(fa_policy_load(&p, "/nonexistent/policy.json", &err), FA_EIO);
    cr_assert_null(p);
    cr_assert(strstr(err.message, "/nonexistent/policy.json") != NULL);
    FA_ASSERT_NO_LEAKS();
}

Test(audit_policy, shipped_credit_policy_is_valid)
{
    fa_policy *p = NULL;
    fa_error err;
    size_t i;
    bool air = false, eod = false, cal = false;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_policy_load(&p, FA_SOURCE_DIR "/datasets/credit-policy.json", &err));
    for (i = 0; i < p->n_rules; i++) {
        const fa_policy_rule *r = &p->rules[i];
        if (strcmp(r->metric->key, "adverse_impact_ratio") == 0) {
            air = true;
            FA_ASSERT_NEAR(r->min, 0.8, FA_TOL_EXACT);
        } else if (strcmp(r->metric->key, "equalized_odds_difference") == 0) {
            eod = true;
            FA_ASSERT_NEAR(r->max, 0.1, FA_TOL_EXACT);
        } else if (strcmp(r->metric->key, "calibration_gap") == 0) {
            cal = true;
            FA_ASSERT_NEAR(r->max, 0.05, FA_TOL_EXACT);
        }
    }
    cr_assert(air && eod && cal);
    fa_policy_free(p);
    FA_ASSERT_NO_LEAKS();
}

Test(audit_policy, fails_cleanly_on_every_allocation_failure)
{
    const char *text = RULES("{\"id\": \"x\", \"metric\": \"smd\", \"max\": 1, "
                             "\"attributes\": [\"a\", [\"b\", \"c\"]], \"description\": \"d\"}");
    long n;

    for (n = 1; n < 200; n++) {
        fa_policy *p = NULL;
        fa_error err;
        fa_status rc;
        fa__alloc_fail_after(n);
        rc = fa_policy_parse(&p, text, strlen(text), "policy.json", &err);
        fa__alloc_fail_after(0);
        if (rc == FA_OK) {
            fa_policy_free(p);
            FA_ASSERT_NO_LEAKS();
            return;
        }
        cr_assert_eq(rc, FA_ENOMEM, "allocation %ld: %s", n, fa_status_str(rc));
        cr_assert_null(p);
    }
    cr_assert_fail("never succeeded");
    FA_ASSERT_NO_LEAKS();
}
