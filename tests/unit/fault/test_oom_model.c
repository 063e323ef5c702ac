/*
 * Allocation failures in the model entry points not covered by
 * tests/unit/model/test_model_fault.c (fit on a table, predict on a table,
 * save, load, write predictions): fitting and scoring a plain matrix
 * (logistic regression and MLP), and embedding the spec in a model.
 */
#include "oom.h"

#define ROWS 60
#define COLS 3

static void make_matrix(double *X, uint8_t *y, double *w)
{
    size_t i, j;

    for (i = 0; i < ROWS; i++) {
        for (j = 0; j < COLS; j++)
            X[i * COLS + j] = (double)((i * 7 + j * 3) % 11) / 5.0 - 1.0;
        y[i] = (uint8_t)(X[i * COLS] + 0.5 * X[i * COLS + 1] > 0.1 || i % 9 == 0);
        w[i] = 1.0 + (double)(i % 3);
    }
}

static void fit_and_score(fa_model_kind kind)
{
    double X[ROWS * COLS], w[ROWS], p[ROWS];
    uint8_t y[ROWS];
    fa_fit_options o = FA_FIT_OPTIONS_INIT;
    fa_model *m = NULL;
    fa_error err;

    make_matrix(X, y, w);
    o.kind = kind;
    o.n_threads = 1;
    o.mlp.hidden[0] = 4;
    o.mlp.max_epochs = 3;
    o.mlp.batch_size = 16;
    OOM_LOOP(fa_model_fit_matrix(&m, X, ROWS, COLS, y, w, &o, &err), (fa_model_free(m), m = NULL));
    FA_ASSERT_OK(fa_model_fit_matrix(&m, X, ROWS, COLS, y, NULL, &o, &err));
    fa__alloc_fail_after(0);
    FA_ASSERT_OK(fa_model_predict_matrix(m, X, ROWS, COLS, p, &err));
    if (fa__alloc_fail_after(0) > 0)
        OOM_LOOP(fa_model_predict_matrix(m, X, ROWS, COLS, p, &err), (void)0);
    fa_model_free(m);
    FA_ASSERT_NO_LEAKS();
}

Test(oom_model, fit_and_predict_matrix_logreg, .init = oom_init)
{
    fit_and_score(FA_MODEL_LOGREG);
}

Test(oom_model, fit_and_predict_matrix_mlp, .init = oom_init)
{
    fit_and_score(FA_MODEL_MLP);
}

static const char spec_text[] =
    "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"m\",\n"
    " \"columns\": [{\"name\": \"x\", \"role\": \"numeric\"},\n"
    "  {\"name\": \"c\", \"role\": \"categorical\"}, {\"name\": \"g\", \"role\": \"protected\"},\n"
    "  {\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", \"negative\": \"0\"}]}\n";

Test(oom_model, attach_spec, .init = oom_init)
{
    fa_spec *s = NULL;
    fa_table *t = NULL;
    fa_model *m = NULL;
    fa_fit_options o = FA_FIT_OPTIONS_INIT;
    fa_buf b = FA_BUF_INIT;
    fa_error err;
    size_t i;

    fa_buf_puts(&b, "x,c,g,y\n");
    for (i = 0; i < 40; i++)
        fa_buf_printf(&b, "%zu,%c,%c,%d\n", i % 7, "abc"[i % 3], "mf"[i % 2], (int)(i % 5 < 2));
    FA_ASSERT_OK(fa_spec_parse(&s, spec_text, strlen(spec_text), "m.json", &err));
    FA_ASSERT_OK(fa_table_load(&t, s, fa_test_write("oom_attach.csv", b.ptr), NULL, &err));
    fa_buf_dispose(&b);
    o.n_threads = 1;
    FA_ASSERT_OK(fa_model_fit(&m, t, NULL, &o, &err));
    /* attaching replaces an attached spec, so the loop can attach again and again */
    OOM_LOOP(fa_model_attach_spec(m, spec_text, strlen(spec_text), &err), (void)0);
    cr_assert_not_null(fa_model_spec(m));
    fa_model_free(m);
    fa_table_free(t);
    fa_spec_free(s);
    FA_ASSERT_NO_LEAKS();
}
