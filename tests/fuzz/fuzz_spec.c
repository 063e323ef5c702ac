/*
 * fuzz_spec.c — the dataset spec parser (fa_spec_parse), then a small data
 * file made for the spec (fz_csv_for_spec: its columns, label values, map
 * keys, cut breaks, missing tokens) loaded through it.
 *
 * Properties: a parsed spec is consistent (names unique and found by
 * fa_spec_find_column, exactly one label column, distinct positive and
 * negative values, a 64-hex fingerprint); failures are located input errors.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

static void check_spec(const fa_spec *s)
{
    size_t n = fa_spec_n_columns(s), i, labels = 0;

    fz_check(n > 0, "%s", "no columns");
    fz_check(fa_spec_name(s) != NULL && fa_spec_name(s)[0] != '\0', "%s", "empty name");
    fz_check(strlen(fa_spec_fingerprint(s)) == 64, "%s", "fingerprint");
    for (i = 0; i < n; i++) {
        const char *name = fa_spec_column_name(s, i);
        fa_role role = fa_spec_column_role(s, i);

        fz_check(name != NULL, "column %zu has no name", i);
        fz_check(fa_spec_find_column(s, name) == i, "column \"%s\" not unique", name);
        fz_check(role >= FA_ROLE_IGNORE && role <= FA_ROLE_WEIGHT, "role %d", (int)role);
        fz_check(fa_role_name(role) != NULL, "%s", "role name");
        labels += role == FA_ROLE_LABEL;
    }
    fz_check(labels == 1, "%zu label columns", labels);
    fz_check(fa_spec_column_role(s, fa_spec_label_column(s)) == FA_ROLE_LABEL, "%s",
             "label column index");
    fz_check(strcmp(fa_spec_positive_label(s), fa_spec_negative_label(s)) != 0, "%s",
             "positive == negative");
    fz_check(fa_spec_column_name(s, n) == NULL, "%s", "out-of-range column has a name");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fa_spec *s = NULL;
    fa_table *t = NULL;
    fa_error err;
    fa_status rc;
    char *csv;
    size_t len;
    unsigned salt;

    fa_error_clear(&err);
    rc = fa_spec_parse(&s, (const char *)data, size, "spec.json", &err);
    if (rc != FA_OK) {
        fz_check_error(rc, &err);
        fz_check(s == NULL, "%s", "spec returned on failure");
        fz_check(rc == FA_EPARSE || rc == FA_ESCHEMA || rc == FA_EFORMAT,
                 "parse failed with %s: %s", fa_status_str(rc), err.message);
        fz_check(err.loc.line > 0, "unlocated spec error: %s", err.message);
        return 0;
    }
    check_spec(s);
    for (salt = 0; salt < 2; salt++) {
        csv = fz_csv_for_spec(s, 12, salt * 5, &len);
        rc = fa_table_load(&t, s, fz_input_path(csv, len), NULL, &err);
        if (rc != FA_OK) {
            fz_check_error(rc, &err);
            fz_check(rc == FA_EPARSE || rc == FA_ESCHEMA || rc == FA_EDATA,
                     "load failed with %s: %s", fa_status_str(rc), err.message);
        } else {
            fz_check(fa_table_n_rows(t) > 0, "%s", "empty table");
            fa_table_free(t);
            t = NULL;
        }
        free(csv);
    }
    fa_spec_free(s);
    return 0;
}
