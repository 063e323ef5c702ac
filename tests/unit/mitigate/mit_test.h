/*
 * mit_test.h — helpers of the lib/mitigate unit tests: tables from inline
 * spec and CSV text, synthetic credit tables, and group rates computed
 * independently of the library (plain loops over the rows).
 */
#ifndef FA_MIT_TEST_H
#define FA_MIT_TEST_H

#include <string.h>

#include "fa_test.h"

typedef struct mt_table {
    fa_spec *spec;
    fa_table *table;
} mt_table;

static inline mt_table mt_load(const char *spec_text, const char *csv_name, const char *csv_text)
{
    mt_table t = {NULL, NULL};
    fa_error err;
    const char *path = fa_test_write(csv_name, csv_text);

    FA_ASSERT_OK(fa_spec_parse(&t.spec, spec_text, strlen(spec_text), "test-spec.json", &err));
    FA_ASSERT_OK(fa_table_load(&t.table, t.spec, path, NULL, &err));
    return t;
}

/* A synthetic credit table (datasets/credit.json) of n rows. */
static inline mt_table mt_credit(uint64_t rows, uint64_t seed, double bias, const char *name)
{
    mt_table t = {NULL, NULL};
    fa_credit_gen_options go;
    fa_error err;
    char path[512];

    fa_credit_gen_options_init(&go);
    go.rows = rows;
    go.seed = seed;
    go.bias = bias;
    snprintf(path, sizeof path, "%s/fa_test_%d_%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (int)getpid(), name);
    FA_ASSERT_OK(fa_credit_gen_write(&go, path, &err));
    FA_ASSERT_OK(fa_spec_load(&t.spec, FA_SOURCE_DIR "/datasets/credit.json", &err));
    FA_ASSERT_OK(fa_table_load(&t.table, t.spec, path, NULL, &err));
    remove(path);
    return t;
}

static inline void mt_free(mt_table *t)
{
    fa_table_free(t->table);
    fa_spec_free(t->spec);
    t->table = NULL;
    t->spec = NULL;
}

/* Rates of decisions per level of a categorical column (rows with a missing value skipped):
 * max - min selection rate (dp) and max of the TPR and FPR ranges (eo). */
static inline void
mt_disparity(const fa_table *t, const char *column, const uint8_t *decision, double *dp, double *eo)
{
    size_t col = fa_spec_find_column(fa_table_spec(t), column), n = fa_table_n_rows(t), i, k;
    size_t L = fa_table_n_levels(t, col);
    const int32_t *code = fa_table_codes(t, col);
    const uint8_t *y = fa_table_labels(t);
    double sel[64] = {0}, cnt[64] = {0}, tp[64] = {0}, pos[64] = {0}, fp[64] = {0}, neg[64] = {0};
    double lo[3] = {2, 2, 2}, hi[3] = {-1, -1, -1};

    cr_assert(L <= 64);
    for (i = 0; i < n; i++) {
        if (code[i] < 0)
            continue;
        k = (size_t)code[i];
        cnt[k] += 1;
        sel[k] += decision[i];
        if (y[i]) {
            pos[k] += 1;
            tp[k] += decision[i];
        } else {
            neg[k] += 1;
            fp[k] += decision[i];
        }
    }
    for (k = 0; k < L; k++) {
        double r[3] = {sel[k] / cnt[k], tp[k] / pos[k], fp[k] / neg[k]};
        int j;
        for (j = 0; j < 3; j++) {
            lo[j] = r[j] < lo[j] ? r[j] : lo[j];
            hi[j] = r[j] > hi[j] ? r[j] : hi[j];
        }
    }
    *dp = hi[0] - lo[0];
    *eo = hi[1] - lo[1] > hi[2] - lo[2] ? hi[1] - lo[1] : hi[2] - lo[2];
}

/* Decisions (score >= 0.5) of a model on a table; caller frees. */
static inline uint8_t *mt_decide(const fa_model *m, const fa_table *t)
{
    size_t n = fa_table_n_rows(t), i;
    double *p = malloc(n * sizeof *p);
    uint8_t *d = malloc(n);
    fa_error err;

    cr_assert(p != NULL && d != NULL);
    FA_ASSERT_OK(fa_model_predict_proba(m, t, p, NULL, &err));
    for (i = 0; i < n; i++)
        d[i] = p[i] >= 0.5;
    free(p);
    return d;
}

#endif
