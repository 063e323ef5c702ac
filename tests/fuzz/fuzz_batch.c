/*
 * fuzz_batch.c — the batch manifest reader (fa_batch_load). The inputs it
 * names are not opened by the loader, so nothing else runs.
 *
 * Properties: failures are located input errors; a loaded manifest has
 * audits with distinct, non-empty names that are safe folder names.
 */
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fa_batch *b = NULL;
    fa_error err;
    fa_status rc;
    size_t i, j, n;

    fa_error_clear(&err);
    rc = fa_batch_load(&b, fz_input_path(data, size), &err);
    if (rc != FA_OK) {
        fz_check_error(rc, &err);
        fz_check(b == NULL, "%s", "manifest returned on failure");
        fz_check(rc == FA_EPARSE || rc == FA_ESCHEMA || rc == FA_EFORMAT, "load failed with %s: %s",
                 fa_status_str(rc), err.message);
        return 0;
    }
    n = fa_batch_n_audits(b);
    fz_check(n > 0, "%s", "no audits");
    for (i = 0; i < n; i++) {
        const char *name = fa_batch_audit_name(b, i);

        fz_check(name != NULL && name[0] != '\0', "audit %zu has no name", i);
        fz_check(strlen(name) <= FA_BATCH_NAME_MAX, "name too long: %zu", strlen(name));
        fz_check(name[0] != '.' &&
                     strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                  "0123456789._-") == strlen(name),
                 "unsafe folder name \"%s\"", name);
        for (j = 0; j < i; j++)
            fz_check(strcmp(name, fa_batch_audit_name(b, j)) != 0, "duplicate name \"%s\"", name);
    }
    (void)fa_batch_policy_path(b);
    fa_batch_free(b);
    return 0;
}
