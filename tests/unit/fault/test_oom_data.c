/*
 * Allocation failures in the data entry points not covered by
 * tests/unit/data/test_fault.c (which loops over fa_csv_open/next,
 * fa_spec_parse, fa_table_load and fa_table_describe_json): fa_spec_load from
 * a file and fa_table_describe_write, whose failures must also leave a
 * previous output untouched and no temporary file behind.
 */
#include "oom.h"

static const char spec_text[] =
    "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"oom\",\n"
    " \"missing\": [\"NA\"],\n"
    " \"columns\": [{\"name\": \"x\", \"role\": \"numeric\"},\n"
    "  {\"name\": \"c\", \"role\": \"categorical\", \"map\": {\"a\": \"A\"}},\n"
    "  {\"name\": \"g\", \"role\": \"protected\"},\n"
    "  {\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", \"negative\": \"0\"}],\n"
    " \"derived\": [{\"name\": \"band\", \"from\": \"x\", \"role\": \"protected\",\n"
    "   \"cut\": {\"breaks\": [0], \"labels\": [\"neg\", \"pos\"]}}]}\n";

static const char data_text[] = "x,c,g,y\n1,a,m,1\n-2,b,f,0\n3,a,NA,1\n4,b,f,0\n";

Test(oom_data, spec_load_from_file, .init = oom_init)
{
    const char *path = fa_test_write("oom_spec.json", spec_text);
    fa_spec *s = NULL;
    fa_error err;

    OOM_LOOP(fa_spec_load(&s, path, &err), (fa_spec_free(s), s = NULL));
    FA_ASSERT_NO_LEAKS();
}

/* After each attempt: only the output file, holding the previous text unless the
 * write succeeded (then reset for the next attempt). */
static void after_write(const char *dir, const char *out, fa_status rc)
{
    const char *const files[] = {"describe.json", NULL};
    char *text;
    fa_error err;

    oom_expect_files(dir, files);
    text = oom_slurp(out);
    cr_assert_not_null(text);
    if (rc != FA_OK)
        cr_assert_str_eq(text, "previous\n", "a failed write changed the file");
    else
        FA_ASSERT_OK(fa_write_file_atomic(out, "previous\n", 9, &err));
    fa_free(text);
}

Test(oom_data, describe_write_keeps_the_previous_file, .init = oom_init)
{
    const char *dir = oom_dir("describe");
    char out[600];
    fa_spec *s = NULL;
    fa_table *t = NULL;
    fa_error err;

    FA_ASSERT_OK(fa_spec_parse(&s, spec_text, strlen(spec_text), "oom.json", &err));
    FA_ASSERT_OK(fa_table_load(&t, s, fa_test_write("oom.csv", data_text), NULL, &err));
    snprintf(out, sizeof out, "%s/describe.json", dir);
    FA_ASSERT_OK(fa_write_file_atomic(out, "previous\n", 9, &err));
    OOM_LOOP(fa_table_describe_write(t, out, &err), after_write(dir, out, rc__));
    fa_table_free(t);
    fa_spec_free(s);
    cr_assert_eq(remove(out), 0);
    cr_assert_eq(rmdir(dir), 0);
    FA_ASSERT_NO_LEAKS();
}
