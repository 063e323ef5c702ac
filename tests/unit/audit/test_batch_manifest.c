/*
 * Batch manifests: a valid manifest with defaults loads with paths resolved
 * against its folder; each invalid manifest is rejected with its location.
 */
#include <string.h>

#include "audit/batch_internal.h"
#include "fa_test.h"


static fa_status load(const char *text, fa_batch **out, char *msg, size_t n)
{
    const char *path = fa_test_write("manifest.json", text);
    fa_error err;
    fa_status rc;
    const char *slash;

    fa_error_clear(&err);
    *out = NULL;
    rc = fa_batch_load(out, path, &err);
    msg[0] = '\0';
    if (rc != FA_OK) {
        fa_error_format(&err, msg, n);
        /* Report the message relative to the file name, for stable tests. */
        slash = strrchr(msg, '/');
        if (slash != NULL && strstr(msg, "manifest.json:") != NULL)
            memmove(msg, strstr(msg, "manifest.json:"), strlen(strstr(msg, "manifest.json:")) + 1);
    }
    return rc;
}

#define EXPECT_ERROR(text, code, what)                                                            \
    do {                                                                                          \
        fa_batch *b__;                                                                            \
        char m__[1024];                                                                           \
        fa_status rc__ = load((text), &b__, m__, sizeof m__);                                     \
        cr_assert_eq(rc__, (code), "status %s (%s)", fa_status_str(rc__), m__);                  \
        cr_assert_null(b__);                                                                      \
        cr_assert(strstr(m__, (what)) != NULL, "'%s' lacks '%s'", m__, (what));                   \
    } while (0)

Test(audit_batch, loads_entries_with_defaults_and_resolved_paths)
{
    const char *text =
        "{\"format\": \"fairaudit-batch\", \"format_version\": 1, \"policy\": \"p.json\",\n"
        " \"baseline_dir\": \"/runs/last\",\n"
        " \"defaults\": {\"label\": \"default\", \"score\": \"score\", \"threshold\": 0.4,\n"
        "              \"protected\": [\"sex\", \"age_band\"], \"favorable\": 0, \"bootstrap\": 50},\n"
        " \"audits\": [\n"
        "  {\"name\": \"a\", \"predictions\": \"a.csv\", \"reference\": {\"sex\": \"male\"},\n"
        "   \"baseline\": \"old/a.json\"},\n"
        "  {\"name\": \"b-2.x_y\", \"predictions\": \"/abs/b.csv\", \"protected\": \"region\",\n"
        "   \"bootstrap\": 0, \"intersections\": true},\n"
        "  {\"name\": \"c\", \"model\": \"m.json\", \"data\": \"d.csv\", \"spec\": \"s.json\"},\n"
        "  {\"name\": \"d\", \"audit\": \"runs/d/audit.json\"}\n"
        " ]}\n";
    fa_batch *b;
    char msg[512];
    const fa_batch_entry *e;

    cr_assert_eq(load(text, &b, msg, sizeof msg), FA_OK, "%s", msg);
    cr_assert_eq(fa_batch_n_audits(b), 4);
    cr_assert(strstr(fa_batch_policy_path(b), "/p.json") != NULL);
    cr_assert_str_eq(b->baseline_dir, "/runs/last");
    e = &b->entries[0];
    cr_assert_eq(e->input, FA_BATCH_INPUT_PREDICTIONS);
    cr_assert(strstr(e->predictions, "/a.csv") != NULL && e->predictions[0] == '/');
    cr_assert_str_eq(e->opts.label, "default");
    cr_assert_str_eq(e->opts.favorable, "0");
    FA_ASSERT_NEAR(e->opts.threshold, 0.4, FA_TOL_EXACT);
    cr_assert_eq(e->opts.n_protected, 2);
    cr_assert_eq(e->opts.bootstrap, 50);
    cr_assert_eq(e->opts.seed, -1);
    cr_assert_eq(e->opts.n_refs, 1);
    cr_assert_str_eq(e->opts.refs[0].attribute, "sex");
    cr_assert_str_eq(e->opts.refs[0].value, "male");
    cr_assert(strstr(e->baseline, "old/a.json") != NULL);
    e = &b->entries[1];
    cr_assert_str_eq(e->name, "b-2.x_y");
    cr_assert_str_eq(e->predictions, "/abs/b.csv");
    cr_assert_eq(e->opts.n_protected, 1, "an entry's list replaces the default");
    cr_assert_str_eq(e->opts.protected_attrs[0], "region");
    cr_assert_eq(e->opts.bootstrap, 0);
    cr_assert_eq(e->opts.intersections, 1);
    cr_assert_eq(b->entries[2].input, FA_BATCH_INPUT_MODEL);
    cr_assert_eq(b->entries[3].input, FA_BATCH_INPUT_AUDIT);
    cr_assert_eq(b->entries[3].opts.n_protected, 2);
    fa_batch_free(b);
    FA_ASSERT_NO_LEAKS();
}

#define M(audits) "{\"format_version\": 1, \"policy\": \"p.json\", \"audits\": [\n" audits "\n]}"

Test(audit_batch, invalid_manifests_are_located)
{
    EXPECT_ERROR("{\"format_version\": 1, \"audits\": []}", FA_ESCHEMA,
                 "manifest.json:1:1: missing required key \"policy\"");
    EXPECT_ERROR("{\"format_version\": 3, \"policy\": \"p\", \"audits\": []}", FA_EFORMAT,
                 "manifest.json:1:20: unsupported batch format_version");
    EXPECT_ERROR("{\"format\": \"x\", \"format_version\": 1}", FA_EFORMAT,
                 "manifest.json:1:12: \"format\" is \"x\"");
    EXPECT_ERROR("{\"format_version\": 1, \"policy\": \"p\", \"audits\": []}", FA_ESCHEMA,
                 "manifest.json:1:48: \"audits\" is empty");
    EXPECT_ERROR(M("{\"name\": \"a\", \"audit\": \"x\", \"colour\": 1}"), FA_ESCHEMA,
                 "manifest.json:2:29: unknown key \"colour\"");
    EXPECT_ERROR(M("{\"audit\": \"x\"}"), FA_ESCHEMA,
                 "manifest.json:2:1: missing required key \"name\"");
    EXPECT_ERROR(M("{\"name\": \"../etc\", \"audit\": \"x\"}"), FA_ESCHEMA,
                 "manifest.json:2:10: audit name \"../etc\" must be 1-100 characters");
    EXPECT_ERROR(M("{\"name\": \"a b\", \"audit\": \"x\"}"), FA_ESCHEMA,
                 "manifest.json:2:10: audit name \"a b\"");
    EXPECT_ERROR(M("{\"name\": \"a\", \"audit\": \"x\"},\n{\"name\": \"a\", \"audit\": \"y\"}"),
                 FA_ESCHEMA, "manifest.json:3:10: audit name \"a\" is used twice (line 2)");
    EXPECT_ERROR(M("{\"name\": \"a\"}"), FA_ESCHEMA,
                 "manifest.json:2:1: audit \"a\" needs exactly one input: \"audit\", "
                 "\"predictions\" or \"model\" (it has 0)");
    EXPECT_ERROR(M("{\"name\": \"a\", \"audit\": \"x\", \"model\": \"m\", \"data\": \"d\", "
                   "\"spec\": \"s\"}"),
                 FA_ESCHEMA, "(it has 2)");
    EXPECT_ERROR(M("{\"name\": \"a\", \"model\": \"m\"}"), FA_ESCHEMA,
                 "manifest.json:2:1: audit \"a\": a model needs \"data\"");
    EXPECT_ERROR(M("{\"name\": \"a\", \"predictions\": \"p.csv\", \"score\": \"s\", "
                   "\"protected\": \"sex\"}"),
                 FA_ESCHEMA, "a predictions file needs \"label\"");
    EXPECT_ERROR(M("{\"name\": \"a\", \"predictions\": \"p.csv\", \"label\": \"y\", "
                   "\"protected\": \"sex\"}"),
                 FA_ESCHEMA, "a predictions file needs \"score\"");
    EXPECT_ERROR(M("{\"name\": \"a\", \"predictions\": \"p.csv\", \"label\": \"y\", "
                   "\"score\": \"s\"}"),
                 FA_ESCHEMA, "a predictions file needs \"protected\"");
    EXPECT_ERROR(M("{\"name\": \"a\", \"audit\": \"x\", \"data\": \"d.csv\"}"), FA_ESCHEMA,
                 "manifest.json:2:29: \"data\" goes with \"model\"");
    EXPECT_ERROR(M("{\"name\": \"a\", \"audit\": \"x\", \"bootstrap\": -1}"), FA_ESCHEMA,
                 "manifest.json:2:42:");
    EXPECT_ERROR(M("{\"name\": \"a\", \"audit\": \"x\", \"threshold\": \"0.5\"}"), FA_ESCHEMA,
                 "manifest.json:2:42: \"threshold\" must be a number, not a string");
    EXPECT_ERROR(M("{\"name\": \"a\", \"audit\": \"x\", \"protected\": []}"), FA_ESCHEMA,
                 "manifest.json:2:42: \"protected\" must be a column name or a non-empty array");
    EXPECT_ERROR(M("{\"name\": \"a\", \"audit\": \"x\", \"label_values\": [\"no\"]}"), FA_ESCHEMA,
                 "manifest.json:2:45: \"label_values\" must be [NEGATIVE, POSITIVE] (two strings)");
    EXPECT_ERROR(M("{\"name\": \"a\", \"audit\": \"x\", \"reference\": {\"sex\": 1}}"), FA_ESCHEMA,
                 "manifest.json:2:50:");
    EXPECT_ERROR("{\"format_version\": 1, \"policy\": \"p\", \"defaults\": {\"name\": \"x\"}, "
                 "\"audits\": [{\"name\": \"a\", \"audit\": \"x\"}]}",
                 FA_ESCHEMA, "manifest.json:1:51: unknown key \"name\"");
    FA_ASSERT_NO_LEAKS();
}

Test(audit_batch, fails_cleanly_on_every_allocation_failure)
{
    const char *path = fa_test_write(
        "manifest-oom.json",
        "{\"format_version\": 1, \"policy\": \"p.json\", \"defaults\": {\"label\": \"y\", "
        "\"label_values\": [\"n\", \"p\"], "
        "\"protected\": [\"a\", \"b\"], \"reference\": {\"a\": \"x\"}, \"score\": \"s\"},\n"
        " \"audits\": [{\"name\": \"a\", \"predictions\": \"a.csv\"}, {\"name\": \"b\", \"audit\": "
        "\"b.json\", \"reference\": {\"b\": \"y\"}}]}");
    long n;

    for (n = 1; n < 400; n++) {
        fa_batch *b = NULL;
        fa_error err;
        fa_status rc;
        fa__alloc_fail_after(n);
        rc = fa_batch_load(&b, path, &err);
        fa__alloc_fail_after(0);
        if (rc == FA_OK) {
            cr_assert_eq(fa_batch_n_audits(b), 2);
            fa_batch_free(b);
            FA_ASSERT_NO_LEAKS();
            return;
        }
        cr_assert_eq(rc, FA_ENOMEM, "allocation %ld: %s", n, fa_status_str(rc));
        cr_assert_null(b);
    }
    cr_assert_fail("never succeeded");
    FA_ASSERT_NO_LEAKS();
}
