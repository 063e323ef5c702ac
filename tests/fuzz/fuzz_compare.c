/*
 * fuzz_compare.c — the before/after comparison of two audit.json files
 * (fa_compare_load, `fairaudit mitigate compare`): the input against a fixed
 * audit on each side, then every rendering (text, JSON, Markdown).
 *
 * Properties: failures are located input errors; every row has its scope and
 * metric; whatever loads renders.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"

static const char *fixed;
static char fixed_path[1024];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* a real, small audit.json (make_seeds.sh writes it): the gate's fixtures
     * predate the "overall" section fa_compare_load requires */
    snprintf(fixed_path, sizeof fixed_path, "%s/tests/fuzz/fixtures/audit-small.json",
             FA_SOURCE_DIR);
    fixed = fixed_path;
    return 0;
}

static void one(const char *before, const char *after)
{
    fa_comparison *c = NULL;
    fa_error err;
    fa_status rc;
    size_t i;
    int f;

    fa_error_clear(&err);
    rc = fa_compare_load(&c, before, after, &err);
    if (rc != FA_OK) {
        fz_check_error(rc, &err);
        fz_check(c == NULL, "%s", "comparison returned on failure");
        fz_check(rc == FA_EPARSE || rc == FA_ESCHEMA || rc == FA_EFORMAT, "load failed with %s: %s",
                 fa_status_str(rc), err.message);
        return;
    }
    for (i = 0; i < fa_compare_n_rows(c); i++) {
        fa_compare_row row;
        fa_compare_get_row(c, i, &row);
        fz_check(row.scope != NULL && row.metric != NULL, "row %zu lacks scope or metric", i);
        fz_check(row.verdict >= FA_CHANGE_IMPROVED && row.verdict <= FA_CHANGE_UNDEFINED,
                 "row %zu verdict %d", i, (int)row.verdict);
    }
    for (f = FA_COMPARE_TEXT; f <= FA_COMPARE_MARKDOWN; f++) {
        char *text = NULL;
        rc = fa_compare_render(c, (fa_compare_format)f, &text, NULL, &err);
        fz_check(rc == FA_OK && text != NULL, "render %d: %s", f, err.message);
        fa_compare_text_free(text);
    }
    fa_comparison_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fz_input_path(data, size);

    one(path, fixed);
    one(fixed, path);
    return 0;
}
