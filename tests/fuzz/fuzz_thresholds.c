/*
 * fuzz_thresholds.c — the thresholds file reader (fa_thresholds_load, from
 * `fairaudit mitigate thresholds`, read by predict/audit --thresholds), then
 * every group's rule (fa_thresholds_probability, fa_thresholds_decide,
 * fa_thresholds_find_group) and a save / load round trip.
 *
 * Properties: failures are located input errors; probabilities are in [0, 1]
 * and decisions 0 or 1 for any score; every group is found by its own values;
 * what fa_thresholds_save writes loads back with the same rules.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz_common.h"

#define MAX_COLUMNS 16

static const double scores[] = {-1.0, 0.0, 1e-9, 0.25, 0.5, 0.75, 1.0, 2.0};
#define N_SCORES (sizeof scores / sizeof scores[0])

static void check_rules(const fa_thresholds *th, double *probs, size_t n_probs)
{
    size_t g, k, c, n = fa_thresholds_n_groups(th), cols = fa_thresholds_n_columns(th);

    for (c = 0; c < cols; c++)
        fz_check(fa_thresholds_column(th, c) != NULL, "column %zu has no name", c);
    for (g = 0; g < n; g++) {
        const char *values[MAX_COLUMNS];
        size_t lengths[MAX_COLUMNS], found = (size_t)-1;
        fa_error err;

        for (k = 0; k < N_SCORES; k++) {
            double p = fa_thresholds_probability(th, g, scores[k]);
            int d = fa_thresholds_decide(th, g, scores[k], k);

            fz_check(p >= 0.0 && p <= 1.0, "group %zu score %g: probability %g", g, scores[k], p);
            fz_check(d == 0 || d == 1, "decision %d", d);
            if (g * N_SCORES + k < n_probs)
                probs[g * N_SCORES + k] = p;
        }
        if (cols == 0 || cols > MAX_COLUMNS)
            continue;
        for (c = 0; c < cols; c++) {
            values[c] = fa_thresholds_group_value(th, g, c);
            fz_check(values[c] != NULL, "group %zu column %zu has no value", g, c);
            lengths[c] = strlen(values[c]);
        }
        fz_check(fa_thresholds_find_group(th, values, lengths, &found, &err) == FA_OK,
                 "group %zu is not found by its values: %s", g, err.message);
        /* duplicate groups would make this another index with the same values */
        fz_check(found == g, "group %zu found as %zu", g, found);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fa_thresholds *th = NULL, *back = NULL;
    fa_error err;
    fa_status rc;
    double before[256], after[256];
    char path[600];
    size_t i, n;

    fa_error_clear(&err);
    rc = fa_thresholds_load(&th, fz_input_path(data, size), &err);
    if (rc != FA_OK) {
        fz_check_error(rc, &err);
        fz_check(th == NULL, "%s", "thresholds returned on failure");
        fz_check(rc == FA_EPARSE || rc == FA_ESCHEMA || rc == FA_EFORMAT, "load failed with %s: %s",
                 fa_status_str(rc), err.message);
        return 0;
    }
    for (i = 0; i < 256; i++)
        before[i] = after[i] = -1.0;
    check_rules(th, before, 256);
    snprintf(path, sizeof path, "%s/thresholds.json", fz_output_dir());
    rc = fa_thresholds_save(th, path, &err);
    fz_check(rc == FA_OK, "save: %s", err.message);
    rc = fa_thresholds_load(&back, path, &err);
    fz_check(rc == FA_OK, "saved thresholds do not load: %s", err.message);
    fz_check(fa_thresholds_n_groups(back) == fa_thresholds_n_groups(th), "%s", "groups changed");
    check_rules(back, after, 256);
    n = fa_thresholds_n_groups(th) * N_SCORES;
    for (i = 0; i < n && i < 256; i++)
        fz_check(before[i] == after[i], "rule %zu: %.17g before, %.17g after a save/load", i,
                 before[i], after[i]);
    fa_thresholds_free(back);
    fa_thresholds_free(th);
    return 0;
}
