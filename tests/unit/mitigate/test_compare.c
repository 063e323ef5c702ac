/* lib/mitigate compare: two hand-made audit.json documents paired metric by metric (matching,
 * verdicts by the report's directions, undefined and absent sides, intervals), the three
 * renderings, and located errors. */
#include "common/internal.h"
#include "mit_test.h"
#include "serialize/json_read.h"

static const char *const before_json =
    "{\"schema_version\": 1, \"decision\": \"threshold\",\n"
    " \"input\": {\"path\": \"b.csv\", \"rows_used\": 100,\n"
    "           \"fingerprint\": {\"algorithm\": \"sha256\", \"value\": \"aa\"}},\n"
    " \"overall\": {\"metrics\": {\"accuracy\": 0.8, \"selection_rate\": 0.3, \"brier\": null},\n"
    "             \"undefined\": {\"brier\": \"scores are not probabilities\"}},\n"
    " \"attributes\": [{\"name\": \"sex\",\n"
    "   \"disparities\": {\n"
    "     \"demographic_parity_difference\": {\"value\": 0.2, \"ci\": [0.15, 0.25],\n"
    "                                       \"better\": \"lower\", \"ideal\": 0},\n"
    "     \"demographic_parity_ratio\": {\"value\": 0.5, \"better\": \"higher\", \"ideal\": 1},\n"
    "     \"statistical_parity_difference\": {\"value\": -0.2, \"better\": \"closer_to_ideal\",\n"
    "                                       \"ideal\": 0}},\n"
    "   \"groups\": [\n"
    "     {\"value\": \"F\", \"metrics\": {\"selection_rate\": 0.2, \"accuracy\": 0.9},\n"
    "      \"undefined\": {}, \"vs_reference\": {\"adverse_impact_ratio\": 0.5, \"p_value\": "
    "0.01,\n"
    "                                         \"test\": \"fisher_exact\", \"undefined\": {}}},\n"
    "     {\"value\": \"M\", \"metrics\": {\"selection_rate\": 0.4, \"accuracy\": 0.7},\n"
    "      \"undefined\": {}, \"vs_reference\": null}]}]}\n";

static const char *const after_json =
    "{\"schema_version\": 1, \"decision\": \"thresholds\",\n"
    " \"input\": {\"path\": \"a.csv\", \"rows_used\": 100, \"fingerprint\": null},\n"
    " \"overall\": {\"metrics\": {\"accuracy\": 0.78, \"selection_rate\": 0.3, \"brier\": 0.1},\n"
    "             \"undefined\": {}},\n"
    " \"attributes\": [{\"name\": \"sex\",\n"
    "   \"disparities\": {\n"
    "     \"demographic_parity_difference\": {\"value\": 0.05, \"ci\": [0.02, 0.08],\n"
    "                                       \"better\": \"lower\", \"ideal\": 0},\n"
    "     \"demographic_parity_ratio\": {\"value\": 0.9, \"better\": \"higher\", \"ideal\": 1},\n"
    "     \"statistical_parity_difference\": {\"value\": 0.05, \"better\": \"closer_to_ideal\",\n"
    "                                       \"ideal\": 0}},\n"
    "   \"groups\": [\n"
    "     {\"value\": \"F\", \"metrics\": {\"selection_rate\": 0.28, \"accuracy\": 0.88},\n"
    "      \"undefined\": {}, \"vs_reference\": {\"adverse_impact_ratio\": 0.9, \"p_value\": 0.5,\n"
    "                                         \"test\": \"fisher_exact\", \"undefined\": {}}},\n"
    "     {\"value\": \"M\", \"metrics\": {\"selection_rate\": 0.31, \"accuracy\": 0.7},\n"
    "      \"undefined\": {}, \"vs_reference\": null},\n"
    "     {\"value\": \"N\", \"metrics\": {\"selection_rate\": 0.5}, \"undefined\": {}}]}]}\n";

static const fa_compare_row *find(const fa_comparison *c,
                                  const char *scope,
                                  const char *group,
                                  const char *metric,
                                  fa_compare_row *row)
{
    size_t i;

    for (i = 0; i < fa_compare_n_rows(c); i++) {
        fa_compare_get_row(c, i, row);
        if (strcmp(row->scope, scope) == 0 && strcmp(row->metric, metric) == 0 &&
            (group == NULL ? row->group == NULL : row->group && strcmp(row->group, group) == 0))
            return row;
    }
    cr_assert_fail("no row %s/%s/%s", scope, group ? group : "-", metric);
    return NULL;
}

Test(compare, pairs_and_verdicts)
{
    const char *b = fa_test_write("cmp_before.json", before_json);
    const char *a = fa_test_write("cmp_after.json", after_json);
    fa_comparison *c = NULL;
    fa_compare_row r;
    fa_error err;

    FA_ASSERT_OK(fa_compare_load(&c, b, a, &err));
    /* 3 overall + 3 disparities + 2+2 (F) + 2 (M) + 1 (N) = 13 */
    cr_assert_eq(fa_compare_n_rows(c), 13);
    find(c, "overall", NULL, "accuracy", &r);
    cr_assert_eq(r.verdict, FA_CHANGE_WORSENED);
    FA_ASSERT_NEAR(r.change, -0.02, FA_TOL_EXACT);
    cr_assert_str_eq(r.better, "higher");
    find(c, "overall", NULL, "selection_rate", &r);
    cr_assert_eq(r.verdict, FA_CHANGE_UNCHANGED);
    find(c, "overall", NULL, "brier", &r);
    cr_assert_eq(r.verdict, FA_CHANGE_UNDEFINED);
    cr_assert(isnan(r.before));
    cr_assert_str_eq(r.before_note, "scores are not probabilities");
    find(c, "disparity", NULL, "demographic_parity_difference", &r);
    cr_assert_eq(r.verdict, FA_CHANGE_IMPROVED);
    cr_assert_str_eq(r.attribute, "sex");
    cr_assert(r.before_ci_known && r.after_ci_known);
    FA_ASSERT_NEAR(r.after_ci[1], 0.08, FA_TOL_EXACT);
    find(c, "disparity", NULL, "demographic_parity_ratio", &r);
    cr_assert_eq(r.verdict, FA_CHANGE_IMPROVED);
    cr_assert(!r.before_ci_known);
    find(c, "disparity", NULL, "statistical_parity_difference", &r);
    cr_assert_eq(r.verdict, FA_CHANGE_IMPROVED, "-0.2 -> 0.05 is closer to 0");
    find(c, "group", "F", "selection_rate", &r);
    cr_assert_eq(r.verdict, FA_CHANGE_NEUTRAL);
    find(c, "group", "F", "accuracy", &r);
    cr_assert_eq(r.verdict, FA_CHANGE_WORSENED);
    find(c, "vs_reference", "F", "adverse_impact_ratio", &r);
    cr_assert_eq(r.verdict, FA_CHANGE_IMPROVED);
    find(c, "vs_reference", "F", "p_value", &r);
    cr_assert_eq(r.verdict, FA_CHANGE_NEUTRAL);
    find(c, "group", "M", "accuracy", &r);
    cr_assert_eq(r.verdict, FA_CHANGE_UNCHANGED);
    find(c, "group", "N", "selection_rate", &r);
    cr_assert_eq(r.verdict, FA_CHANGE_UNDEFINED);
    cr_assert_str_eq(r.before_note, "absent");
    fa_comparison_free(c);
    FA_ASSERT_NO_LEAKS();
}

Test(compare, renderings)
{
    const char *b = fa_test_write("cmp_before2.json", before_json);
    const char *a = fa_test_write("cmp_after2.json", after_json);
    fa_comparison *c = NULL;
    fa_json_doc *doc = NULL;
    const fa_json_node *root;
    char *text = NULL;
    size_t len;
    fa_error err;

    FA_ASSERT_OK(fa_compare_load(&c, b, a, &err));
    FA_ASSERT_OK(fa_compare_render(c, FA_COMPARE_TEXT, &text, &len, &err));
    cr_assert_eq(strlen(text), len);
    cr_assert(strstr(text, "sex: disparities") != NULL, "%s", text);
    cr_assert(strstr(text, "demographic_parity_difference") != NULL);
    cr_assert(strstr(text, "0.200000") != NULL && strstr(text, "-0.150000  improved") != NULL, "%s",
              text);
    cr_assert(strstr(text, "CI [0.1500, 0.2500] -> [0.0200, 0.0800]") != NULL, "%s", text);
    cr_assert(strstr(text, "(before: absent)") != NULL, "%s", text);
    cr_assert(strstr(text, "summary: 4 improved, 2 worsened, 2 unchanged, 3 without a better "
                           "direction, 2 undefined") != NULL,
              "%s", text);
    fa_compare_text_free(text);
    FA_ASSERT_OK(fa_compare_render(c, FA_COMPARE_MARKDOWN, &text, &len, &err));
    cr_assert(strstr(text, "| demographic_parity_difference | 0.200000 | 0.050000 | -0.150000 | "
                           "improved |") != NULL,
              "%s", text);
    fa_compare_text_free(text);
    FA_ASSERT_OK(fa_compare_render(c, FA_COMPARE_JSON, &text, &len, &err));
    FA_ASSERT_OK(fa_json_doc_parse(&doc, text, len, "compare.json", &err));
    root = fa_json_doc_root(doc);
    cr_assert_str_eq(fa_json_string(fa_json_member(root, "format")), "fairaudit-compare");
    cr_assert_eq(fa_json_count(fa_json_member(root, "rows")), 13);
    cr_assert_eq(fa_json_number(fa_json_member(fa_json_member(root, "summary"), "improved")), 4);
    cr_assert_str_eq(fa_json_string(fa_json_member(fa_json_member(root, "after"), "decision")),
                     "thresholds");
    fa_json_doc_free(doc);
    fa_compare_text_free(text);
    cr_assert_eq(fa_compare_render(c, (fa_compare_format)9, &text, &len, &err), FA_EINVAL);
    fa_comparison_free(c);
    FA_ASSERT_NO_LEAKS();
}

Test(compare, errors)
{
    fa_comparison *c = NULL;
    const char *good = fa_test_write("cmp_good.json", before_json);
    char msg[1024];
    fa_error err;

    cr_assert_eq(fa_compare_load(&c,
                                 fa_test_write("cmp_x.json", "{\"format\": \"fairaudit-model\"}"),
                                 good, &err),
                 FA_EFORMAT);
    cr_assert_null(c);
    cr_assert_eq(
        fa_compare_load(&c, good,
                        fa_test_write("cmp_v.json", "{\"schema_version\": 2, \"attributes\": []}"),
                        &err),
        FA_EFORMAT);
    cr_assert(strstr(err.message, "schema_version 2") != NULL, "%s", err.message);
    cr_assert_eq(fa_compare_load(&c, good, "/nonexistent/audit.json", &err), FA_EIO);
    cr_assert_eq(
        fa_compare_load(&c, good,
                        fa_test_write("cmp_s.json", "{\"schema_version\": 1, \"overall\": {},\n"
                                                    " \"attributes\": [{\"name\": 7}]}"),
                        &err),
        FA_ESCHEMA);
    fa_error_format(&err, msg, sizeof msg);
    cr_assert(strstr(msg, ":2:") != NULL, "%s", msg);
    FA_ASSERT_NO_LEAKS();
}
