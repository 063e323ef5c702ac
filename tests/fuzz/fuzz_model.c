/*
 * fuzz_model.c — the model file reader (fa_model_load, with its encoder and
 * embedded spec), then scoring: a fixed matrix (fa_model_predict_matrix) and,
 * when the model carries its spec, a small file made for that spec
 * (fa_model_predict_proba); then a save / load round trip.
 *
 * Properties: failures are located input errors; a loaded model scores every
 * row with a probability in [0, 1]; what fa_model_save writes loads back and
 * scores identically.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

#define ROWS       4
#define MAX_INPUTS 4096 /* larger models are scored on the spec's data only */

static void score_matrix(const fa_model *m, double *p)
{
    size_t k = fa_model_n_inputs(m), i;
    double *X;
    fa_error err;
    fa_status rc;

    if (k == 0 || k > MAX_INPUTS) {
        for (i = 0; i < ROWS; i++)
            p[i] = 0.0;
        return;
    }
    X = calloc(ROWS * k, sizeof *X);
    fz_check(X != NULL, "%s", "calloc");
    for (i = 0; i < ROWS * k; i++)
        X[i] = (double)((int)(i % 7) - 3) * 0.75;
    rc = fa_model_predict_matrix(m, X, ROWS, k, p, &err);
    fz_check(rc == FA_OK, "predict_matrix: %s", err.message);
    for (i = 0; i < ROWS; i++)
        fz_check(p[i] >= 0.0 && p[i] <= 1.0, "score %zu is %g", i, p[i]);
    free(X);
}

static void score_spec_data(const fa_model *m)
{
    const fa_spec *s = fa_model_spec(m);
    fa_table *t = NULL;
    fa_error err;
    fa_status rc;
    char *csv;
    size_t len, i, n;
    double *p;

    if (s == NULL)
        return;
    csv = fz_csv_for_spec(s, 10, 0, &len);
    rc = fa_table_load(&t, s, fz_input_path2(csv, len), NULL, &err);
    free(csv);
    if (rc != FA_OK)
        return;
    n = fa_table_n_rows(t);
    p = calloc(n, sizeof *p);
    fz_check(p != NULL, "%s", "calloc");
    rc = fa_model_predict_proba(m, t, p, NULL, &err);
    if (rc == FA_OK) {
        for (i = 0; i < n; i++)
            fz_check(p[i] >= 0.0 && p[i] <= 1.0, "score %zu is %g", i, p[i]);
    } else {
        fz_check_error(rc, &err);
        fz_check(rc == FA_ESCHEMA || rc == FA_EDATA, "predict_proba: %s: %s", fa_status_str(rc),
                 err.message);
    }
    free(p);
    fa_table_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fa_model *m = NULL, *back = NULL;
    fa_error err;
    fa_status rc;
    double p1[ROWS], p2[ROWS];
    char path[600];
    size_t i;

    fa_error_clear(&err);
    rc = fa_model_load(&m, fz_input_path(data, size), &err);
    if (rc != FA_OK) {
        fz_check_error(rc, &err);
        fz_check(m == NULL, "%s", "model returned on failure");
        fz_check(rc == FA_EPARSE || rc == FA_ESCHEMA || rc == FA_EFORMAT, "load failed with %s: %s",
                 fa_status_str(rc), err.message);
        return 0;
    }
    fz_check(fa_model_threshold(m) >= 0.0 && fa_model_threshold(m) <= 1.0, "threshold %g",
             fa_model_threshold(m));
    score_matrix(m, p1);
    score_spec_data(m);

    snprintf(path, sizeof path, "%s/model.json", fz_output_dir());
    rc = fa_model_save(m, path, &err);
    fz_check(rc == FA_OK, "save: %s", err.message);
    rc = fa_model_load(&back, path, &err);
    fz_check(rc == FA_OK, "a saved model does not load: %s", err.message);
    fz_check(fa_model_n_inputs(back) == fa_model_n_inputs(m), "%s", "inputs changed");
    score_matrix(back, p2);
    for (i = 0; i < ROWS; i++)
        fz_check(p1[i] == p2[i] || (isnan(p1[i]) && isnan(p2[i])),
                 "row %zu scores %.17g before and %.17g after a save/load", i, p1[i], p2[i]);
    fa_model_free(back);
    fa_model_free(m);
    return 0;
}
