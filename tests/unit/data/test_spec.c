/* Unit tests for dataset specs (lib/data/spec.c): the accepted schema and
 * every error with its location. */
#include <string.h>

#include "common/internal.h"
#include "data/spec_internal.h"
#include "fa_test.h"

/* Line 1 of most test specs; the part under test starts on line 2. */
#define HEAD "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"t\",\n"
#define LABEL "{\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", \"negative\": \"0\"}"

static const char *spec_fail(const char *text, fa_status want)
{
    static char msg[1024];
    fa_spec *spec = NULL;
    fa_error err;
    fa_status rc;

    fa_error_clear(&err);
    rc = fa_spec_parse(&spec, text, strlen(text), "s.json", &err);
    cr_assert_eq(rc, want, "status %s (%s), wanted %s", fa_status_str(rc), err.message,
                 fa_status_str(want));
    cr_assert_null(spec);
    fa_error_format(&err, msg, sizeof msg);
    return msg;
}

static fa_spec *spec_ok(const char *text)
{
    fa_spec *spec = NULL;
    fa_error err;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_spec_parse(&spec, text, strlen(text), "s.json", &err));
    return spec;
}

Test(spec, full_spec_and_accessors)
{
    const char *text =
        HEAD " \"description\": \"d\", \"delimiter\": \";\", \"quote\": \"'\", \"header\": false,"
             " \"trim\": true, \"comment\": \"#\", \"skip_empty_lines\": false,"
             " \"missing\": [\"?\", \"NA\"], \"incomplete_rows\": \"error\",\n"
             " \"columns\": [{\"name\": \"age\", \"role\": \"numeric\", \"missing\": [\"-1\"]},\n"
             "  {\"name\": \"ps\", \"role\": \"ignore\"},\n"
             "  {\"name\": \"w\", \"role\": \"weight\"},\n"
             "  {\"name\": \"job\", \"role\": \"categorical\", \"map\": {\"a\": \"A\", \"b\": \"A\"}},\n"
             "  {\"name\": \"y\", \"role\": \"label\", \"map\": {\"2\": \"bad\"}, \"positive\": "
             "\"good\", \"negative\": \"bad\", \"positive_is_favorable\": false}],\n"
             " \"derived\": [{\"name\": \"sex\", \"from\": \"ps\", \"role\": \"protected\","
             " \"map\": {\"A91\": \"male\"}},\n"
             "  {\"name\": \"age_group\", \"from\": \"age\", \"role\": \"categorical\","
             " \"cut\": {\"breaks\": [25, 60], \"labels\": [\"young\", \"mid\", \"old\"]}}]}";
    fa_spec *spec = spec_ok(text);
    const fa_spec_col *job, *ag;
    const char *to = NULL;
    size_t to_len = 0;
    fa_sha256 sha;
    char hex[65];

    cr_assert_str_eq(fa_spec_name(spec), "t");
    cr_assert_eq(fa_spec_n_columns(spec), 7);
    cr_assert_str_eq(fa_spec_column_name(spec, 5), "sex");
    cr_assert_eq(fa_spec_column_role(spec, 5), FA_ROLE_PROTECTED);
    cr_assert_eq(fa_spec_column_role(spec, 2), FA_ROLE_WEIGHT);
    cr_assert_null(fa_spec_column_name(spec, 7));
    cr_assert_eq(fa_spec_label_column(spec), 4);
    cr_assert_eq(fa_spec_find_column(spec, "age_group"), 6);
    cr_assert_eq(fa_spec_find_column(spec, "nope"), FA_SPEC_NO_COLUMN);
    cr_assert_str_eq(fa_spec_positive_label(spec), "good");
    cr_assert_str_eq(fa_spec_negative_label(spec), "bad");
    cr_assert_eq(fa_spec_positive_is_favorable(spec), 0);
    cr_assert_eq(spec->delimiter, ';');
    cr_assert_eq(spec->quote, '\'');
    cr_assert_eq(spec->comment, '#');
    cr_assert_not(spec->header);
    cr_assert(spec->trim);
    cr_assert_not(spec->skip_empty_lines);
    cr_assert_eq(spec->incomplete, FA_INCOMPLETE_ERROR);
    cr_assert_eq(fa_strdict_count(&spec->missing), 2);
    cr_assert_eq(spec->weight, 2);
    cr_assert_eq(fa_strdict_count(&spec->cols[0].missing), 1);
    job = &spec->cols[3];
    cr_assert(job->has_map);
    cr_assert(fa_spec__map_lookup(&job->map, "b", 1, &to, &to_len));
    cr_assert_str_eq(to, "A");
    cr_assert_eq(fa_strdict_count(&job->map.to), 1, "replacement values are shared");
    cr_assert_not(fa_spec__map_lookup(&job->map, "c", 1, &to, &to_len));
    ag = &spec->cols[6];
    cr_assert(ag->derived && ag->has_cut);
    cr_assert_eq(ag->source, 0);
    cr_assert_eq(fa_spec__cut_bin(&ag->cut, 24.9), 0);
    cr_assert_eq(fa_spec__cut_bin(&ag->cut, 25), 1, "intervals are closed on the left");
    cr_assert_eq(fa_spec__cut_bin(&ag->cut, 59.99), 1);
    cr_assert_eq(fa_spec__cut_bin(&ag->cut, 60), 2);
    cr_assert_eq(fa_spec__cut_bin(&ag->cut, -1e300), 0);
    cr_assert_eq(spec->cols[0].line, 3);
    cr_assert_eq(spec->cols[0].column, 23);

    fa_sha256_init(&sha);
    fa_sha256_update(&sha, text, strlen(text));
    fa_sha256_final_hex(&sha, hex);
    cr_assert_str_eq(fa_spec_fingerprint(spec), hex);
    fa_spec_free(spec);
    FA_ASSERT_NO_LEAKS();
}

Test(spec, defaults)
{
    fa_spec *spec = spec_ok(HEAD " \"columns\": [" LABEL "]}");

    cr_assert_eq(spec->delimiter, ',');
    cr_assert_eq(spec->quote, '"');
    cr_assert_eq(spec->comment, '\0');
    cr_assert(spec->header);
    cr_assert_not(spec->trim);
    cr_assert(spec->skip_empty_lines);
    cr_assert_eq(spec->incomplete, FA_INCOMPLETE_DROP);
    cr_assert_eq(fa_spec_positive_is_favorable(spec), 1);
    cr_assert_eq(spec->weight, FA_SPEC_NONE);
    fa_spec_free(spec);
    fa_spec_free(NULL);
    FA_ASSERT_NO_LEAKS();
}

Test(spec, load_from_file_and_missing_file)
{
    const char *path = fa_test_write("spec.json", HEAD " \"columns\": [" LABEL "]}");
    fa_spec *spec = NULL;
    fa_error err;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_spec_load(&spec, path, &err));
    cr_assert_str_eq(fa_spec_name(spec), "t");
    fa_spec_free(spec);
    cr_assert_eq(fa_spec_load(&spec, "/nonexistent/spec.json", &err), FA_EIO);
    cr_assert_null(spec);
    FA_ASSERT_NO_LEAKS();
}

Test(spec, json_errors_are_located)
{
    cr_assert_str_eq(spec_fail(HEAD " \"columns\": [" LABEL ",]}", FA_EPARSE),
                     "s.json:2:79: trailing comma before ']'");
    cr_assert_str_eq(spec_fail(HEAD " \"name\": \"u\", \"columns\": [" LABEL "]}", FA_EPARSE),
                     "s.json:2:2: duplicate key \"name\" (first defined on line 1)");
    cr_assert_str_eq(spec_fail("[1]", FA_ESCHEMA),
                     "s.json:1:1: the document must be an object, not an array");
    FA_ASSERT_NO_LEAKS();
}

Test(spec, format_and_version)
{
    cr_assert_str_eq(spec_fail("{\"name\": \"t\"}", FA_ESCHEMA),
                     "s.json:1:1: missing required key \"format\"");
    cr_assert_str_eq(spec_fail("{\"format\": \"fairaudit-model\"}", FA_EFORMAT),
                     "s.json:1:12: not a dataset spec: \"format\" is \"fairaudit-model\", "
                     "expected \"fairaudit-spec\"");
    cr_assert_str_eq(spec_fail("{\"format\": \"fairaudit-spec\",\n \"format_version\": 2}",
                               FA_EFORMAT),
                     "s.json:2:20: unsupported format_version 2 (this build reads 1)");
    cr_assert_str_eq(spec_fail("{\"format\": \"fairaudit-spec\",\n \"format_version\": \"1\"}",
                               FA_ESCHEMA),
                     "s.json:2:20: \"format_version\" must be a number, not a string");
    FA_ASSERT_NO_LEAKS();
}

Test(spec, top_level_entries)
{
    cr_assert_str_eq(spec_fail(HEAD " \"delimeter\": \";\", \"columns\": [" LABEL "]}",
                               FA_ESCHEMA),
                     "s.json:2:2: unknown key \"delimeter\"");
    cr_assert_str_eq(spec_fail("{\"format\": \"fairaudit-spec\", \"format_version\": 1,\n"
                               " \"name\": \"\", \"columns\": [" LABEL "]}",
                               FA_ESCHEMA),
                     "s.json:2:10: \"name\" must not be empty");
    cr_assert_str_eq(spec_fail("{\"format\": \"fairaudit-spec\", \"format_version\": 1,\n"
                               " \"columns\": [" LABEL "]}",
                               FA_ESCHEMA),
                     "s.json:1:1: missing required key \"name\"");
    cr_assert_str_eq(spec_fail(HEAD " \"delimiter\": \"ab\", \"columns\": [" LABEL "]}",
                               FA_ESCHEMA),
                     "s.json:2:15: \"delimiter\" must be a single one-byte character, got \"ab\"");
    cr_assert_str_eq(spec_fail(HEAD " \"delimiter\": \"\\n\", \"columns\": [" LABEL "]}",
                               FA_ESCHEMA),
                     "s.json:2:15: \"delimiter\" cannot be a line break");
    cr_assert_str_eq(spec_fail(HEAD " \"quote\": \",\", \"columns\": [" LABEL "]}", FA_ESCHEMA),
                     "s.json:2:11: \"quote\" must differ from \"delimiter\"");
    cr_assert_str_eq(spec_fail(HEAD " \"comment\": \",\", \"columns\": [" LABEL "]}",
                               FA_ESCHEMA),
                     "s.json:2:13: \"comment\" must differ from \"delimiter\" and \"quote\"");
    cr_assert_str_eq(spec_fail(HEAD " \"comment\": \"ab\", \"columns\": [" LABEL "]}",
                               FA_ESCHEMA),
                     "s.json:2:13: \"comment\" must be a single one-byte character or \"\", got "
                     "\"ab\"");
    cr_assert_str_eq(spec_fail(HEAD " \"header\": \"yes\", \"columns\": [" LABEL "]}",
                               FA_ESCHEMA),
                     "s.json:2:12: \"header\" must be a boolean, not a string");
    cr_assert_str_eq(spec_fail(HEAD " \"missing\": \"?\", \"columns\": [" LABEL "]}",
                               FA_ESCHEMA),
                     "s.json:2:13: \"missing\" must be an array, not a string");
    cr_assert_str_eq(spec_fail(HEAD " \"missing\": [\"?\", 0], \"columns\": [" LABEL "]}",
                               FA_ESCHEMA),
                     "s.json:2:19: \"missing\"[1] must be a string, not a number");
    cr_assert_str_eq(spec_fail(HEAD " \"incomplete_rows\": \"skip\", \"columns\": [" LABEL "]}",
                               FA_ESCHEMA),
                     "s.json:2:21: \"incomplete_rows\" must be \"drop\" or \"error\", not \"skip\"");
    FA_ASSERT_NO_LEAKS();
}

Test(spec, columns_list)
{
    cr_assert_str_eq(spec_fail(HEAD " \"derived\": []}", FA_ESCHEMA),
                     "s.json:1:1: missing required key \"columns\"");
    cr_assert_str_eq(spec_fail(HEAD " \"columns\": []}", FA_ESCHEMA),
                     "s.json:2:13: \"columns\" must not be empty");
    cr_assert_str_eq(spec_fail(HEAD " \"columns\": {}}", FA_ESCHEMA),
                     "s.json:2:13: \"columns\" must be an array, not an object");
    cr_assert_str_eq(spec_fail(HEAD " \"columns\": [\"age\"]}", FA_ESCHEMA),
                     "s.json:2:14: \"columns\"[0] must be an object, not a string");
    cr_assert_str_eq(spec_fail(HEAD " \"columns\": [{\"name\": \"x\", \"role\": \"numeric\"}]}",
                               FA_ESCHEMA),
                     "s.json:2:13: the spec has no label column (give one column \"role\": "
                     "\"label\")");
    FA_ASSERT_NO_LEAKS();
}

Test(spec, column_entries)
{
    cr_assert_str_eq(spec_fail(HEAD " \"columns\": [" LABEL ",\n"
                                    "  {\"name\": \"a\", \"role\": \"numeric\", \"type\": \"int\"}]}",
                               FA_ESCHEMA),
                     "s.json:3:36: unknown key \"type\"");
    cr_assert_str_eq(spec_fail(HEAD " \"columns\": [" LABEL ",\n"
                                    "  {\"role\": \"numeric\"}]}",
                               FA_ESCHEMA),
                     "s.json:3:3: missing required key \"name\"");
    cr_assert_str_eq(spec_fail(HEAD " \"columns\": [" LABEL ",\n"
                                    "  {\"name\": \"a\"}]}",
                               FA_ESCHEMA),
                     "s.json:3:3: missing required key \"role\"");
    cr_assert_str_eq(spec_fail(HEAD " \"columns\": [" LABEL ",\n"
                                    "  {\"name\": \"a\", \"role\": \"feature\"}]}",
                               FA_ESCHEMA),
                     "s.json:3:25: \"role\" must be one of \"numeric\", \"categorical\", "
                     "\"label\", \"protected\", \"weight\", \"ignore\", not \"feature\"");
    cr_assert_str_eq(spec_fail(HEAD " \"columns\": [" LABEL ",\n"
                                    "  {\"name\": \"y\", \"role\": \"numeric\"}]}",
                               FA_ESCHEMA),
                     "s.json:3:12: column name \"y\" is already used (line 2)");
    cr_assert_str_eq(spec_fail(HEAD " \"columns\": [" LABEL ",\n"
                                    "  {\"name\": \"a\", \"role\": \"categorical\", \"map\": [1]}]}",
                               FA_ESCHEMA),
                     "s.json:3:47: \"map\" must be an object, not an array");
    cr_assert_str_eq(spec_fail(HEAD " \"columns\": [" LABEL ",\n"
                                    "  {\"name\": \"a\", \"role\": \"categorical\", \"map\": "
                                    "{\"x\": 1}}]}",
                               FA_ESCHEMA),
                     "s.json:3:53: \"x\" must be a string, not a number");
    cr_assert_str_eq(spec_fail(HEAD " \"columns\": [" LABEL ",\n"
                                    "  {\"name\": \"a\", \"role\": \"numeric\", \"positive\": \"1\"}]}",
                               FA_ESCHEMA),
                     "s.json:3:36: \"positive\" is only allowed on the label column");
    FA_ASSERT_NO_LEAKS();
}

Test(spec, label_and_weight_rules)
{
    cr_assert_str_eq(spec_fail(HEAD " \"columns\": [\n"
                                    "  {\"name\": \"y\", \"role\": \"label\", \"negative\": \"0\"}]}",
                               FA_ESCHEMA),
                     "s.json:3:3: missing required key \"positive\"");
    cr_assert_str_eq(spec_fail(HEAD " \"columns\": [\n"
                                    "  {\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", "
                                    "\"negative\": \"1\"}]}",
                               FA_ESCHEMA),
                     "s.json:3:63: \"negative\" must differ from \"positive\" (both are \"1\")");
    cr_assert_str_eq(spec_fail(HEAD " \"columns\": [\n"
                                    "  {\"name\": \"y\", \"role\": \"label\", \"positive\": \"\", "
                                    "\"negative\": \"0\"}]}",
                               FA_ESCHEMA),
                     "s.json:3:46: \"positive\" must not be empty");
    cr_assert_str_eq(spec_fail(HEAD " \"columns\": [" LABEL ",\n"
                                    "  {\"name\": \"z\", \"role\": \"label\", \"positive\": \"1\", "
                                    "\"negative\": \"0\"}]}",
                               FA_ESCHEMA),
                     "s.json:3:25: only one label column is allowed (\"y\" is the label)");
    cr_assert_str_eq(spec_fail(HEAD " \"columns\": [" LABEL ",\n"
                                    "  {\"name\": \"w\", \"role\": \"weight\"},\n"
                                    "  {\"name\": \"v\", \"role\": \"weight\"}]}",
                               FA_ESCHEMA),
                     "s.json:4:25: only one weight column is allowed (\"w\" is the weight)");
    cr_assert_str_eq(spec_fail(HEAD " \"columns\": [\n"
                                    "  {\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", "
                                    "\"negative\": \"0\", \"positive_is_favorable\": 1}]}",
                               FA_ESCHEMA),
                     "s.json:3:93: \"positive_is_favorable\" must be a boolean, not a number");
    FA_ASSERT_NO_LEAKS();
}

/* Line 2 of derived-column specs: a label and a numeric column "age". */
#define COLS " \"columns\": [" LABEL ", {\"name\": \"age\", \"role\": \"numeric\"}],\n"

Test(spec, derived_columns)
{
    cr_assert_str_eq(spec_fail(HEAD COLS " \"derived\": [{\"name\": \"g\", \"from\": \"agee\", "
                                         "\"role\": \"protected\", \"map\": {}}]}",
                               FA_ESCHEMA),
                     "s.json:3:36: \"from\" must name a column listed in \"columns\", not \"agee\"");
    cr_assert_str_eq(spec_fail(HEAD COLS " \"derived\": [{\"name\": \"g\", \"from\": \"age\", "
                                         "\"role\": \"numeric\", \"map\": {}}]}",
                               FA_ESCHEMA),
                     "s.json:3:51: a derived column's \"role\" must be \"protected\", "
                     "\"categorical\" or \"label\", not \"numeric\"");
    cr_assert_str_eq(spec_fail(HEAD COLS " \"derived\": [{\"name\": \"g\", \"from\": \"age\", "
                                         "\"role\": \"protected\"}]}",
                               FA_ESCHEMA),
                     "s.json:3:14: a derived column needs exactly one of \"map\" or \"cut\"");
    cr_assert_str_eq(spec_fail(HEAD COLS " \"derived\": [{\"name\": \"age\", \"from\": \"age\", "
                                         "\"role\": \"protected\", \"map\": {}}]}",
                               FA_ESCHEMA),
                     "s.json:3:23: column name \"age\" is already used (line 2)");
    cr_assert_str_eq(spec_fail(HEAD COLS " \"derived\": [{\"name\": \"g\", \"from\": \"age\", "
                                         "\"role\": \"protected\", \"cut\": {\"breaks\": [], "
                                         "\"labels\": [\"a\"]}}]}",
                               FA_ESCHEMA),
                     "s.json:3:82: \"breaks\" must hold at least one number");
    cr_assert_str_eq(spec_fail(HEAD COLS " \"derived\": [{\"name\": \"g\", \"from\": \"age\", "
                                         "\"role\": \"protected\", \"cut\": {\"breaks\": [30, 20], "
                                         "\"labels\": [\"a\", \"b\", \"c\"]}}]}",
                               FA_ESCHEMA),
                     "s.json:3:87: \"breaks\" must be strictly increasing");
    cr_assert_str_eq(spec_fail(HEAD COLS " \"derived\": [{\"name\": \"g\", \"from\": \"age\", "
                                         "\"role\": \"protected\", \"cut\": {\"breaks\": [30], "
                                         "\"labels\": [\"a\"]}}]}",
                               FA_ESCHEMA),
                     "s.json:3:98: \"labels\" must hold 2 strings (one more than \"breaks\"), not 1");
    cr_assert_str_eq(spec_fail(HEAD COLS " \"derived\": [{\"name\": \"g\", \"from\": \"age\", "
                                         "\"role\": \"protected\", \"cut\": {\"breaks\": [30], "
                                         "\"labels\": [\"a\", \"a\"]}}]}",
                               FA_ESCHEMA),
                     "s.json:3:104: label \"a\" is repeated");
    cr_assert_str_eq(spec_fail(HEAD COLS " \"derived\": [{\"name\": \"g\", \"from\": \"age\", "
                                         "\"role\": \"protected\", \"cut\": {\"breaks\": [30], "
                                         "\"labels\": [\"a\", \"b\"], \"right\": true}}]}",
                               FA_ESCHEMA),
                     "s.json:3:110: unknown key \"right\"");
    cr_assert_str_eq(spec_fail(HEAD COLS " \"derived\": [{\"name\": \"g\", \"from\": \"age\", "
                                         "\"role\": \"protected\", \"cut\": {\"breaks\": [\"30\"], "
                                         "\"labels\": [\"a\", \"b\"]}}]}",
                               FA_ESCHEMA),
                     "s.json:3:83: \"breaks\"[0] must be a number, not a string");
    cr_assert_str_eq(spec_fail(HEAD COLS " \"derived\": {}}", FA_ESCHEMA),
                     "s.json:3:13: \"derived\" must be an array, not an object");
    FA_ASSERT_NO_LEAKS();
}
