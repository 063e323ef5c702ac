/*
 * Gate verdict logic on small hand-written audit documents: bounds, CIs
 * straddling a bound, small groups, undefined values, the policy's
 * inconclusive setting, missing attributes, intersections, baselines
 * (tolerance, other schema version, other groups) and allocation failures.
 */
#include <string.h>

#include "audit/gate_internal.h"
#include "fa_test.h"


/* ---- building audit documents ------------------------------------------- */

typedef struct tgroup {
    const char *value;
    unsigned n;
    const char *air; /* JSON text of vs_reference.adverse_impact_ratio, NULL = reference */
    const char *tpr; /* JSON text of metrics.tpr */
} tgroup;

typedef struct tattr {
    const char *name;
    const char *columns; /* JSON array text */
    const char *reference;
    tgroup groups[4];
    const char *eod;     /* JSON text of disparities.equalized_odds_difference */
} tattr;

static char *audit_text(const char *schema, const tattr *attrs, size_t n_attrs)
{
    fa_buf b = FA_BUF_INIT;
    size_t i, k;

    fa_buf_printf(&b, "{\"schema_version\": %s, \"tool\": {\"name\": \"fairaudit\"},\n"
                      " \"attributes\": [\n", schema);
    for (i = 0; i < n_attrs; i++) {
        const tattr *a = &attrs[i];
        /* The layout of fairaudit audit's audit.json (reference object, per-group flag). */
        fa_buf_printf(&b, "  %s{\"name\": \"%s\", \"columns\": %s, \"reference\": {\"value\": "
                          "\"%s\", \"values\": [\"%s\"], \"chosen\": \"explicit\"}, \"groups\": [",
                      i ? "," : "", a->name, a->columns, a->reference, a->reference);
        for (k = 0; k < 4 && a->groups[k].value != NULL; k++) {
            const tgroup *g = &a->groups[k];
            fa_buf_printf(&b, "%s\n    {\"value\": \"%s\", \"values\": [\"%s\"], \"reference\": %s, \"n\": %u, "
                              "\"confusion\": {\"tp\": 1, \"fp\": 1, \"tn\": 1, \"fn\": 1}, "
                              "\"metrics\": {\"selection_rate\": 0.5, \"tpr\": %s}, "
                              "\"undefined\": {\"tpr\": \"no positives in group\"}, "
                              "\"vs_reference\": {\"adverse_impact_ratio\": %s, "
                              "\"selection_rate_difference\": 0}}",
                          k ? "," : "", g->value, g->value, g->air ? "false" : "true", g->n,
                          g->tpr ? g->tpr : "0.7", g->air ? g->air : "1");
        }
        fa_buf_printf(&b, "],\n   \"disparities\": {\"equalized_odds_difference\": %s, "
                          "\"calibration_gap\": {\"value\": null, \"reason\": \"no scores\"}}}\n",
                      a->eod ? a->eod : "{\"value\": 0.05, \"ci\": [0.02, 0.08]}");
    }
    fa_buf_puts(&b, " ]}\n");
    cr_assert(!b.oom);
    return fa_buf_detach(&b, NULL);
}

static fa_audit_doc *doc_of(const char *schema, const tattr *attrs, size_t n_attrs)
{
    char *text = audit_text(schema, attrs, n_attrs);
    fa_audit_doc *doc = NULL;
    fa_error err;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_audit_doc_parse(&doc, text, strlen(text), "audit.json", &err));
    fa_free(text);
    return doc;
}

static fa_policy *policy_of(const char *text)
{
    fa_policy *p = NULL;
    fa_error err;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_policy_parse(&p, text, strlen(text), "policy.json", &err));
    return p;
}

static fa_gate_result *gate(const fa_audit_doc *doc, const char *policy_text,
                            const fa_audit_doc *baseline)
{
    fa_policy *p = policy_of(policy_text);
    fa_gate_result *r = NULL;
    fa_error err;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_gate_evaluate(&r, doc, p, baseline, &err));
    fa_policy_free(p);
    return r;
}

/* The entry of rule @p rule for attribute @p attr and group @p group (NULL: none). */
static const fa_gate_entry *find(const fa_gate_result *r, const char *rule, const char *attr,
                                 const char *group)
{
    size_t i;

    for (i = 0; i < fa_gate_result_n_entries(r); i++) {
        const fa_gate_entry *e = fa_gate_result_entry(r, i);
        if (strcmp(e->rule, rule) == 0 && strcmp(e->attribute, attr) == 0 &&
            ((group == NULL && e->group == NULL) ||
             (group != NULL && e->group != NULL && strcmp(e->group, group) == 0)))
            return e;
    }
    cr_assert_fail("no entry %s/%s/%s", rule, attr, group ? group : "-");
    return NULL;
}

#define SEX(air_f, n_f, eod)                                                                      \
    {                                                                                             \
        "sex", "[\"sex\"]", "male",                                                               \
            {{"male", 600, NULL, NULL}, {"female", (n_f), (air_f), NULL}}, (eod)                  \
    }

#define POLICY(extra, rules) "{\"format_version\": 1" extra ", \"rules\": [" rules "]}"
#define AIR_RULE(extra) "{\"id\": \"ff\", \"metric\": \"adverse_impact_ratio\", \"min\": 0.8" extra "}"
#define EOD_RULE(extra) "{\"id\": \"eo\", \"metric\": \"equalized_odds_difference\", \"max\": 0.1" extra "}"

/* ---- bounds --------------------------------------------------------------- */

Test(audit_gate, passes_within_bounds)
{
    tattr a[] = {SEX("0.9", 400, NULL)};
    fa_audit_doc *doc = doc_of("1", a, 1);
    fa_gate_result *r = gate(doc, POLICY("", AIR_RULE("") "," EOD_RULE("")), NULL);
    const fa_gate_entry *e = find(r, "ff", "sex", "female");

    cr_assert_eq(fa_gate_result_n_entries(r), 2, "the reference group is not checked vs itself");
    cr_assert_eq(e->verdict, FA_VERDICT_PASS);
    FA_ASSERT_NEAR(e->value, 0.9, FA_TOL_EXACT);
    FA_ASSERT_NEAR(e->min, 0.8, FA_TOL_EXACT);
    cr_assert_eq(e->n, 400);
    e = find(r, "eo", "sex", NULL);
    cr_assert_eq(e->verdict, FA_VERDICT_PASS);
    FA_ASSERT_NEAR(e->ci_lo, 0.02, FA_TOL_EXACT);
    FA_ASSERT_NEAR(e->ci_hi, 0.08, FA_TOL_EXACT);
    cr_assert(fa_gate_result_passed(r));
    cr_assert_eq(fa_gate_result_count(r, FA_VERDICT_PASS), 2);
    fa_gate_result_free(r);
    fa_audit_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

Test(audit_gate, fails_below_min_naming_the_group)
{
    tattr a[] = {SEX("0.6", 400, NULL)};
    fa_audit_doc *doc = doc_of("1", a, 1);
    fa_gate_result *r = gate(doc, POLICY("", AIR_RULE("")), NULL);
    const fa_gate_entry *e = find(r, "ff", "sex", "female");

    cr_assert_eq(e->verdict, FA_VERDICT_FAIL);
    cr_assert_eq(e->outcome, FA_VERDICT_FAIL);
    cr_assert_str_eq(e->reason, "0.6 below min 0.8");
    cr_assert_not(fa_gate_result_passed(r));
    fa_gate_result_free(r);
    fa_audit_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

Test(audit_gate, bounds_are_inclusive)
{
    tattr a[] = {SEX("0.8", 400, "{\"value\": 0.1}")};
    fa_audit_doc *doc = doc_of("1", a, 1);
    fa_gate_result *r = gate(doc, POLICY("", AIR_RULE("") "," EOD_RULE("")), NULL);

    cr_assert_eq(find(r, "ff", "sex", "female")->verdict, FA_VERDICT_PASS);
    cr_assert_eq(find(r, "eo", "sex", NULL)->verdict, FA_VERDICT_PASS);
    fa_gate_result_free(r);
    fa_audit_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

Test(audit_gate, warn_severity_warns_and_passes_the_gate)
{
    tattr a[] = {SEX("0.6", 400, NULL)};
    fa_audit_doc *doc = doc_of("1", a, 1);
    fa_gate_result *r = gate(doc, POLICY("", AIR_RULE(", \"severity\": \"warn\"")), NULL);
    const fa_gate_entry *e = find(r, "ff", "sex", "female");

    cr_assert_eq(e->verdict, FA_VERDICT_WARN);
    cr_assert_eq(e->outcome, FA_VERDICT_WARN);
    cr_assert(fa_gate_result_passed(r));
    cr_assert_eq(fa_gate_result_count(r, FA_VERDICT_WARN), 1);
    fa_gate_result_free(r);
    fa_audit_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

/* ---- confidence intervals -------------------------------------------------- */

Test(audit_gate, ci_straddling_the_bound_is_inconclusive_and_follows_the_policy)
{
    tattr a[] = {SEX("0.9", 400, "{\"value\": 0.09, \"ci\": [0.06, 0.13]}")};
    fa_audit_doc *doc = doc_of("1", a, 1);
    static const char *const settings[] = {"", ", \"inconclusive\": \"fail\"",
                                           ", \"inconclusive\": \"pass\""};
    static const fa_verdict outcomes[] = {FA_VERDICT_WARN, FA_VERDICT_FAIL, FA_VERDICT_PASS};
    size_t i;

    for (i = 0; i < 3; i++) {
        char text[512];
        fa_gate_result *r;
        const fa_gate_entry *e;
        snprintf(text, sizeof text, "{\"format_version\": 1%s, \"rules\": [%s]}", settings[i],
                 EOD_RULE(""));
        r = gate(doc, text, NULL);
        e = find(r, "eo", "sex", NULL);
        cr_assert_eq(e->verdict, FA_VERDICT_INCONCLUSIVE);
        cr_assert_eq(e->outcome, outcomes[i], "setting '%s'", settings[i]);
        cr_assert(strstr(e->reason, "CI [0.06, 0.13] straddles max 0.1") != NULL, "%s",
                  e->reason);
        cr_assert_eq(fa_gate_result_passed(r), outcomes[i] != FA_VERDICT_FAIL);
        cr_assert_eq(fa_gate_result_count(r, FA_VERDICT_INCONCLUSIVE), 1);
        fa_gate_result_free(r);
    }
    fa_audit_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

Test(audit_gate, ci_entirely_outside_fails)
{
    tattr a[] = {SEX("0.9", 400, "{\"value\": 0.15, \"ci\": [0.12, 0.2]}")};
    fa_audit_doc *doc = doc_of("1", a, 1);
    fa_gate_result *r = gate(doc, POLICY("", EOD_RULE("")), NULL);

    cr_assert_eq(find(r, "eo", "sex", NULL)->verdict, FA_VERDICT_FAIL);
    fa_gate_result_free(r);
    fa_audit_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

Test(audit_gate, rule_inconclusive_never_exceeds_severity)
{
    tattr a[] = {SEX("0.9", 400, "{\"value\": 0.09, \"ci\": [0.06, 0.13]}")};
    fa_audit_doc *doc = doc_of("1", a, 1);
    fa_gate_result *r =
        gate(doc, POLICY("", EOD_RULE(", \"severity\": \"warn\", \"inconclusive\": \"fail\"")),
             NULL);

    cr_assert_eq(find(r, "eo", "sex", NULL)->outcome, FA_VERDICT_WARN);
    cr_assert(fa_gate_result_passed(r));
    fa_gate_result_free(r);
    fa_audit_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

/* ---- small groups and undefined values ------------------------------------- */

Test(audit_gate, small_group_is_inconclusive)
{
    tattr a[] = {SEX("0.5", 12, NULL)};
    fa_audit_doc *doc = doc_of("1", a, 1);
    fa_gate_result *r = gate(doc, POLICY("", AIR_RULE("")), NULL);
    const fa_gate_entry *e = find(r, "ff", "sex", "female");

    cr_assert_eq(e->verdict, FA_VERDICT_INCONCLUSIVE);
    cr_assert_eq(e->outcome, FA_VERDICT_WARN);
    cr_assert_str_eq(e->reason,
                     "group has 12 rows, fewer than min_group_size 30 (estimate 0.5, min 0.8)");
    cr_assert(fa_gate_result_passed(r));
    fa_gate_result_free(r);

    /* min_group_size from the rule overrides the policy's. */
    r = gate(doc, POLICY(", \"min_group_size\": 100", AIR_RULE(", \"min_group_size\": 10")), NULL);
    cr_assert_eq(find(r, "ff", "sex", "female")->verdict, FA_VERDICT_FAIL);
    fa_gate_result_free(r);
    fa_audit_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

Test(audit_gate, small_reference_group_is_inconclusive)
{
    tattr a[] = {{"sex", "[\"sex\"]", "male", {{"male", 20, NULL, NULL}, {"female", 400, "0.5", NULL}}, NULL}};
    fa_audit_doc *doc = doc_of("1", a, 1);
    fa_gate_result *r = gate(doc, POLICY("", AIR_RULE("")), NULL);
    const fa_gate_entry *e = find(r, "ff", "sex", "female");

    cr_assert_eq(e->verdict, FA_VERDICT_INCONCLUSIVE);
    cr_assert(strstr(e->reason, "reference group \"male\" has 20 rows") != NULL, "%s", e->reason);
    fa_gate_result_free(r);
    fa_audit_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

Test(audit_gate, disparity_needs_two_big_groups)
{
    tattr a[] = {{"sex", "[\"sex\"]", "male", {{"male", 500, NULL, NULL}, {"female", 10, "0.9", NULL}},
                  "{\"value\": 0.5}"}};
    fa_audit_doc *doc = doc_of("1", a, 1);
    fa_gate_result *r = gate(doc, POLICY("", EOD_RULE("")), NULL);
    const fa_gate_entry *e = find(r, "eo", "sex", NULL);

    cr_assert_eq(e->verdict, FA_VERDICT_INCONCLUSIVE);
    cr_assert_eq(e->n, 10, "n is the smallest group's");
    cr_assert(strstr(e->reason, "1 of 2 groups have at least min_group_size 30 rows") != NULL,
              "%s", e->reason);
    fa_gate_result_free(r);
    fa_audit_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

Test(audit_gate, undefined_values_are_inconclusive_with_their_reason)
{
    tattr a[] = {{"sex", "[\"sex\"]", "male",
                  {{"male", 500, NULL, "null"}, {"female", 400, "0.9", "null"}}, NULL}};
    fa_audit_doc *doc = doc_of("1", a, 1);
    fa_gate_result *r = gate(
        doc,
        POLICY("", "{\"metric\": \"tpr\", \"min\": 0.5}, {\"metric\": \"calibration_gap\", "
                   "\"max\": 0.05}, {\"metric\": \"smd\", \"max\": 0.2}"),
        NULL);
    const fa_gate_entry *e = find(r, "tpr", "sex", "male");

    cr_assert_eq(fa_gate_result_n_entries(r), 4, "tpr for both groups, gap, smd for female");
    cr_assert_eq(e->verdict, FA_VERDICT_INCONCLUSIVE);
    cr_assert(isnan(e->value));
    cr_assert_str_eq(e->reason, "undefined: no positives in group");
    e = find(r, "calibration_gap", "sex", NULL);
    cr_assert_str_eq(e->reason, "undefined: no scores");
    e = find(r, "smd", "sex", "female");
    cr_assert_eq(e->verdict, FA_VERDICT_INCONCLUSIVE);
    cr_assert_str_eq(e->reason, "smd is not in the audit");
    fa_gate_result_free(r);
    fa_audit_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

/* ---- attribute selection ---------------------------------------------------- */

static const tattr three_attrs[] = {
    SEX("0.9", 400, NULL),
    {"age", "[\"age\"]", "26-60", {{"26-60", 500, NULL, NULL}, {"18-25", 300, "0.7", NULL}}, NULL},
    {"sex*age", "[\"sex\", \"age\"]", "male|26-60",
     {{"male|26-60", 300, NULL, NULL}, {"female|18-25", 100, "0.75", NULL}}, NULL},
};

Test(audit_gate, scopes_select_single_attributes_intersections_or_both)
{
    fa_audit_doc *doc = doc_of("1", three_attrs, 3);
    fa_gate_result *r;

    r = gate(doc, POLICY("", AIR_RULE("")), NULL); /* default: every single attribute */
    cr_assert_eq(fa_gate_result_n_entries(r), 2);
    cr_assert_eq(find(r, "ff", "age", "18-25")->verdict, FA_VERDICT_FAIL);
    fa_gate_result_free(r);
    r = gate(doc, POLICY("", AIR_RULE(", \"attributes\": \"intersections\"")), NULL);
    cr_assert_eq(fa_gate_result_n_entries(r), 1);
    cr_assert_eq(find(r, "ff", "sex*age", "female|18-25")->verdict, FA_VERDICT_FAIL);
    fa_gate_result_free(r);
    r = gate(doc, POLICY("", AIR_RULE(", \"attributes\": \"all\"")), NULL);
    cr_assert_eq(fa_gate_result_n_entries(r), 3);
    fa_gate_result_free(r);
    r = gate(doc, POLICY("", AIR_RULE(", \"attributes\": \"sex\"")), NULL);
    cr_assert_eq(fa_gate_result_n_entries(r), 1);
    cr_assert(fa_gate_result_passed(r));
    fa_gate_result_free(r);
    /* An intersection named by its columns, in any order. */
    r = gate(doc, POLICY("", AIR_RULE(", \"attributes\": [[\"age\", \"sex\"]]")), NULL);
    cr_assert_eq(fa_gate_result_n_entries(r), 1);
    find(r, "ff", "sex*age", "female|18-25");
    fa_gate_result_free(r);
    fa_audit_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

Test(audit_gate, a_named_attribute_missing_from_the_audit_fails_the_rule)
{
    tattr a[] = {SEX("0.9", 400, NULL)};
    fa_audit_doc *doc = doc_of("1", a, 1);
    fa_gate_result *r = gate(doc, POLICY("", AIR_RULE(", \"attributes\": [\"sex\", \"race\", [\"sex\", \"race\"]]")), NULL);
    const fa_gate_entry *e = find(r, "ff", "race", NULL);

    cr_assert_eq(e->verdict, FA_VERDICT_FAIL);
    cr_assert_str_eq(e->reason, "attribute \"race\" is not in the audit");
    e = find(r, "ff", "sex x race", NULL);
    cr_assert(strstr(e->reason, "the intersection sex x race is not in the audit") != NULL);
    cr_assert_not(fa_gate_result_passed(r));
    fa_gate_result_free(r);
    /* Asking for intersections of an audit without them is a finding too. */
    r = gate(doc, POLICY("", AIR_RULE(", \"attributes\": \"intersections\", \"severity\": \"warn\"")),
             NULL);
    e = find(r, "ff", "(intersections)", NULL);
    cr_assert_eq(e->outcome, FA_VERDICT_WARN);
    fa_gate_result_free(r);
    fa_audit_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

/* ---- baselines -------------------------------------------------------------- */

Test(audit_gate, worse_than_baseline_beyond_tolerance_fails)
{
    tattr now[] = {SEX("0.85", 400, "{\"value\": 0.08}")};
    tattr old_far[] = {SEX("0.95", 400, "{\"value\": 0.03}")};
    tattr old_near[] = {SEX("0.87", 400, "{\"value\": 0.06}")};
    fa_audit_doc *doc = doc_of("1", now, 1);
    fa_audit_doc *far = doc_of("1", old_far, 1);
    fa_audit_doc *near = doc_of("1", old_near, 1);
    const char *policy =
        POLICY("", AIR_RULE(", \"tolerance\": 0.02") "," EOD_RULE(", \"tolerance\": 0.02"));
    fa_gate_result *r = gate(doc, policy, far);
    const fa_gate_entry *e = find(r, "ff", "sex", "female");

    cr_assert_eq(e->verdict, FA_VERDICT_FAIL);
    FA_ASSERT_NEAR(e->baseline, 0.95, FA_TOL_EXACT);
    cr_assert_str_eq(e->reason, "worse than the baseline: 0.85 vs 0.95 (by 0.1 > tolerance 0.02)");
    e = find(r, "eo", "sex", NULL);
    cr_assert_eq(e->verdict, FA_VERDICT_FAIL, "max bound: higher is worse");
    cr_assert_not(fa_gate_result_passed(r));
    fa_gate_result_free(r);

    /* Exactly the tolerance worse (0.87 -> 0.85, 0.06 -> 0.08) still passes. */
    r = gate(doc, policy, near);
    cr_assert(fa_gate_result_passed(r));
    e = find(r, "ff", "sex", "female");
    cr_assert_eq(e->verdict, FA_VERDICT_PASS);
    cr_assert(strstr(e->reason, "; baseline 0.87") != NULL, "%s", e->reason);
    fa_gate_result_free(r);

    /* Without a tolerance the baseline is not compared. */
    r = gate(doc, POLICY("", AIR_RULE("")), far);
    cr_assert(fa_gate_result_passed(r));
    cr_assert(isnan(find(r, "ff", "sex", "female")->baseline));
    cr_assert_eq(fa_gate_result_n_messages(r), 1);
    fa_gate_result_free(r);

    /* Better than the baseline is fine whatever the tolerance. */
    r = gate(far, policy, doc);
    cr_assert(fa_gate_result_passed(r));
    fa_gate_result_free(r);
    fa_audit_doc_free(doc);
    fa_audit_doc_free(far);
    fa_audit_doc_free(near);
    FA_ASSERT_NO_LEAKS();
}

Test(audit_gate, two_sided_bound_worse_means_farther_from_parity)
{
    tattr now[] = {SEX("1.15", 400, NULL)};
    tattr old[] = {SEX("0.95", 400, NULL)};
    fa_audit_doc *doc = doc_of("1", now, 1);
    fa_audit_doc *base = doc_of("1", old, 1);
    fa_gate_result *r = gate(
        doc,
        POLICY("", "{\"id\": \"ff\", \"metric\": \"adverse_impact_ratio\", \"min\": 0.8, "
                   "\"max\": 1.25, \"tolerance\": 0.05}"),
        base);

    /* |1.15 - 1| - |0.95 - 1| = 0.10 > 0.05 */
    cr_assert_eq(find(r, "ff", "sex", "female")->verdict, FA_VERDICT_FAIL);
    fa_gate_result_free(r);
    fa_audit_doc_free(doc);
    fa_audit_doc_free(base);
    FA_ASSERT_NO_LEAKS();
}

Test(audit_gate, regression_outranks_an_inconclusive_result)
{
    tattr now[] = {SEX("0.5", 12, NULL)};
    tattr old[] = {SEX("0.9", 12, NULL)};
    fa_audit_doc *doc = doc_of("1", now, 1);
    fa_audit_doc *base = doc_of("1", old, 1);
    fa_gate_result *r = gate(doc, POLICY("", AIR_RULE(", \"tolerance\": 0.02")), base);

    cr_assert_eq(find(r, "ff", "sex", "female")->verdict, FA_VERDICT_FAIL);
    fa_gate_result_free(r);
    fa_audit_doc_free(doc);
    fa_audit_doc_free(base);
    FA_ASSERT_NO_LEAKS();
}

Test(audit_gate, baseline_of_another_schema_version_is_reported_not_compared)
{
    tattr now[] = {SEX("0.85", 400, NULL)};
    fa_audit_doc *doc = doc_of("1", now, 1);
    const char *old_text = "{\"schema_version\": \"0.9\", \"results\": {}}";
    fa_audit_doc *old = NULL;
    fa_gate_result *r;
    const fa_gate_entry *e;
    fa_error err;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_audit_doc_parse(&old, old_text, strlen(old_text), "old/audit.json", &err));
    cr_assert_str_eq(fa_audit_doc_schema_version(old), "0.9");
    r = gate(doc, POLICY("", AIR_RULE(", \"tolerance\": 0.01")), old);
    e = find(r, "baseline", "*", NULL);
    cr_assert_eq(e->verdict, FA_VERDICT_WARN);
    cr_assert_str_eq(e->reason, "baseline old/audit.json has schema_version 0.9 but the audit has "
                                "1: not compared");
    cr_assert_eq(find(r, "ff", "sex", "female")->verdict, FA_VERDICT_PASS);
    cr_assert(fa_gate_result_passed(r));
    cr_assert_eq(fa_gate_result_n_messages(r), 1);
    fa_gate_result_free(r);

    r = gate(doc, POLICY(", \"baseline_mismatch\": \"fail\"", AIR_RULE(", \"tolerance\": 0.01")),
             old);
    cr_assert_eq(find(r, "baseline", "*", NULL)->outcome, FA_VERDICT_FAIL);
    cr_assert_not(fa_gate_result_passed(r));
    fa_gate_result_free(r);
    fa_audit_doc_free(doc);
    fa_audit_doc_free(old);
    FA_ASSERT_NO_LEAKS();
}

Test(audit_gate, baseline_with_other_groups_compares_the_common_ones)
{
    tattr now[] = {{"sex", "[\"sex\"]", "male",
                    {{"male", 500, NULL, NULL}, {"female", 400, "0.82", NULL}, {"other", 100, "0.9", NULL}},
                    NULL}};
    tattr old[] = {{"sex", "[\"sex\"]", "male",
                    {{"male", 500, NULL, NULL}, {"female", 400, "0.95", NULL}, {"unknown", 50, "1", NULL}},
                    NULL}};
    fa_audit_doc *doc = doc_of("1", now, 1);
    fa_audit_doc *base = doc_of("1", old, 1);
    fa_gate_result *r = gate(doc, POLICY("", AIR_RULE(", \"tolerance\": 0.02")), base);
    const fa_gate_entry *e = find(r, "baseline", "sex", NULL);

    cr_assert_eq(e->verdict, FA_VERDICT_WARN);
    cr_assert_str_eq(e->reason, "groups of \"sex\" differ from the baseline (new: \"other\"; "
                                "gone: \"unknown\"): only common groups compared");
    cr_assert_eq(find(r, "ff", "sex", "female")->verdict, FA_VERDICT_FAIL);
    e = find(r, "ff", "sex", "other");
    cr_assert_eq(e->verdict, FA_VERDICT_PASS);
    cr_assert(strstr(e->reason, "no baseline value to compare") != NULL, "%s", e->reason);
    fa_gate_result_free(r);
    fa_audit_doc_free(doc);
    fa_audit_doc_free(base);
    FA_ASSERT_NO_LEAKS();
}

Test(audit_gate, refuses_an_audit_of_another_schema_version)
{
    const char *text = "{\"schema_version\": 2, \"attributes\": []}";
    fa_audit_doc *doc = NULL;
    fa_policy *p = policy_of(POLICY("", AIR_RULE("")));
    fa_gate_result *r = NULL;
    fa_error err;
    char msg[512];

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_audit_doc_parse(&doc, text, strlen(text), "audit.json", &err));
    cr_assert_eq(fa_gate_evaluate(&r, doc, p, NULL, &err), FA_EFORMAT);
    cr_assert_null(r);
    fa_error_format(&err, msg, sizeof msg);
    cr_assert_str_eq(msg, "audit.json: unsupported audit schema_version 2 (this build gates 1)");
    fa_policy_free(p);
    fa_audit_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

Test(audit_gate, reads_a_plain_string_reference_without_group_flags)
{
    const char *text =
        "{\"schema_version\": \"1.2\", \"attributes\": [{\"name\": \"sex\", \"reference\": \"m\", "
        "\"groups\": [{\"value\": \"m\", \"n\": 100}, {\"value\": \"f\", \"n\": 100, "
        "\"vs_reference\": {\"adverse_impact_ratio\": null, \"undefined\": "
        "{\"adverse_impact_ratio\": \"reference selection rate is 0\"}}}]}]}";
    fa_audit_doc *doc = NULL;
    fa_gate_result *r;
    fa_error err;
    const fa_gate_entry *e;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_audit_doc_parse(&doc, text, strlen(text), "audit.json", &err));
    cr_assert_eq(doc->attrs[0].n_columns, 1, "columns default to the name");
    cr_assert(doc->attrs[0].groups[0].is_reference);
    r = gate(doc, POLICY("", AIR_RULE("")), NULL);
    cr_assert_eq(fa_gate_result_n_entries(r), 1);
    e = find(r, "ff", "sex", "f");
    cr_assert_eq(e->verdict, FA_VERDICT_INCONCLUSIVE);
    cr_assert_str_eq(e->reason, "undefined: reference selection rate is 0");
    fa_gate_result_free(r);
    fa_audit_doc_free(doc);
    FA_ASSERT_NO_LEAKS();
}

/* ---- audit document errors ---------------------------------------------------- */

static void expect_doc_error(const char *text, fa_status code, const char *msg_prefix)
{
    fa_audit_doc *doc = NULL;
    fa_error err;
    char msg[1024];

    fa_error_clear(&err);
    cr_assert_eq(fa_audit_doc_parse(&doc, text, strlen(text), "audit.json", &err), code,
                 "for %s", text);
    cr_assert_null(doc);
    fa_error_format(&err, msg, sizeof msg);
    cr_assert(strncmp(msg, msg_prefix, strlen(msg_prefix)) == 0, "'%s' lacks '%s'", msg,
              msg_prefix);
}

Test(audit_gate, audit_document_errors_are_located)
{
    expect_doc_error("{\"attributes\": []}", FA_ESCHEMA,
                     "audit.json:1:1: missing required key \"schema_version\"");
    expect_doc_error("{\"schema_version\": true}", FA_EFORMAT, "audit.json:1:20:");
    expect_doc_error("{\"schema_version\": 1}", FA_ESCHEMA,
                     "audit.json:1:1: missing required key \"attributes\"");
    expect_doc_error("{\"schema_version\": 1, \"attributes\": [{\"name\": \"sex\", \"groups\": "
                     "[{\"value\": \"a\", \"n\": -3}]}]}",
                     FA_ESCHEMA, "audit.json:1:85: \"n\" must be an integer");
    expect_doc_error("{\"schema_version\": 1, \"attributes\": [{\"name\": \"sex\", \"groups\": "
                     "[{\"value\": \"a\", \"n\": 3, \"metrics\": {\"tpr\": \"high\"}}]}]}",
                     FA_ESCHEMA, "audit.json:1:107: a metric must be a number, null or an object");
    expect_doc_error("{\"schema_version\": 1, \"attributes\": [{\"name\": \"sex\", \"groups\": "
                     "[{\"value\": \"a\", \"n\": 3}, {\"value\": \"a\", \"n\": 4}]}]}",
                     FA_ESCHEMA, "audit.json:1:89: group \"a\" appears twice");
    expect_doc_error("{\"schema_version\": 1, \"attributes\": [], ", FA_EPARSE, "audit.json:1:");
    FA_ASSERT_NO_LEAKS();
}

/* ---- allocation failures ------------------------------------------------------ */

Test(audit_gate, evaluate_fails_cleanly_on_every_allocation_failure)
{
    fa_audit_doc *doc = doc_of("1", three_attrs, 3);
    fa_audit_doc *base = doc_of("1", three_attrs, 2);
    fa_policy *p = policy_of(
        POLICY("", AIR_RULE(", \"attributes\": \"all\", \"tolerance\": 0.1") "," EOD_RULE("")));
    long n;

    for (n = 1; n < 1000; n++) {
        fa_gate_result *r = NULL;
        fa_error err;
        fa_status rc;
        fa__alloc_fail_after(n);
        rc = fa_gate_evaluate(&r, doc, p, base, &err);
        fa__alloc_fail_after(0);
        if (rc == FA_OK) {
            cr_assert_gt(fa_gate_result_n_entries(r), 0);
            fa_gate_result_free(r);
            fa_policy_free(p);
            fa_audit_doc_free(doc);
            fa_audit_doc_free(base);
            FA_ASSERT_NO_LEAKS();
            return;
        }
        cr_assert_eq(rc, FA_ENOMEM, "allocation %ld: %s", n, fa_status_str(rc));
        cr_assert_null(r);
    }
    cr_assert_fail("never succeeded");
    FA_ASSERT_NO_LEAKS();
}
