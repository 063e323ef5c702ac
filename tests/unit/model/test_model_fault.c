/*
 * Fault injection for the model entry points: for N = 1, 2, ... the Nth
 * allocation fails inside fitting (logreg and MLP, on a table), scoring,
 * saving, loading and writing predictions. Each call must return FA_ENOMEM
 * and free what it allocated (FA_ASSERT_NO_LEAKS in the ASan build).
 */
#include <string.h>

#include "common/internal.h"
#include "fa_test.h"
#include "model/model_internal.h"

static const char spec_json[] =
    "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"f\",\n"
    " \"columns\": [{\"name\": \"x\", \"role\": \"numeric\"},\n"
    "  {\"name\": \"c\", \"role\": \"categorical\"}, {\"name\": \"g\", \"role\": \"protected\"},\n"
    "  {\"name\": \"w\", \"role\": \"weight\"},\n"
    "  {\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", \"negative\": \"0\"}]}\n";

typedef struct fixture {
    fa_spec *spec;
    fa_table *table;
} fixture;

static fixture make_fixture(void)
{
    fixture f = {NULL, NULL};
    fa_buf b = FA_BUF_INIT;
    fa_error err;
    size_t i;

    fa_buf_puts(&b, "x,c,g,w,y\n");
    for (i = 0; i < 120; i++)
        fa_buf_printf(&b, "%zu.25,%c,%s,%zu,%d\n", i % 17, "abc"[i % 3], i % 2 ? "m" : "f",
                      1 + i % 3, (int)((i * 7) % 5 < 2));
    FA_ASSERT_OK(fa_spec_parse(&f.spec, spec_json, strlen(spec_json), "f.json", &err));
    FA_ASSERT_OK(fa_table_load(&f.table, f.spec, fa_test_write("f.csv", b.ptr), NULL, &err));
    fa_buf_dispose(&b);
    return f;
}

static void free_fixture(fixture *f)
{
    fa_table_free(f->table);
    fa_spec_free(f->spec);
}

static fa_fit_options options(fa_model_kind kind)
{
    fa_fit_options o = FA_FIT_OPTIONS_INIT;

    o.kind = kind;
    o.n_threads = 1;
    o.mlp.hidden[0] = 4;
    o.mlp.max_epochs = 2;
    return o;
}

/* Runs `call` with the Nth allocation failing for every N its clean run makes. */
#define EACH_FAILURE(call, cleanup)                                                                \
    do {                                                                                           \
        long total_, n_;                                                                           \
        fa__alloc_fail_after(0);                                                                   \
        cr_assert_eq((call), FA_OK, "clean run failed");                                           \
        cleanup;                                                                                   \
        total_ = fa__alloc_fail_after(0);                                                          \
        cr_assert_gt(total_, 0);                                                                   \
        for (n_ = 1; n_ <= total_; n_++) {                                                         \
            fa_status rc_;                                                                         \
            fa__alloc_fail_after(n_);                                                              \
            rc_ = (call);                                                                          \
            fa__alloc_fail_after(0);                                                               \
            cr_assert_eq(rc_, FA_ENOMEM, "allocation %ld of %ld: %s", n_, total_,                  \
                         fa_status_str(rc_));                                                      \
            cleanup;                                                                               \
        }                                                                                          \
    } while (0)

static void fit_each_failure(fa_model_kind kind)
{
    fixture f = make_fixture();
    fa_fit_options o = options(kind);
    fa_model *m = NULL;
    fa_error err;

    EACH_FAILURE(fa_model_fit(&m, f.table, NULL, &o, &err), (fa_model_free(m), m = NULL));
    free_fixture(&f);
    FA_ASSERT_NO_LEAKS();
}

Test(model_fault, fit_logreg)
{
    fit_each_failure(FA_MODEL_LOGREG);
}

Test(model_fault, fit_mlp)
{
    fit_each_failure(FA_MODEL_MLP);
}

Test(model_fault, predict_save_load_and_write)
{
    fixture f = make_fixture();
    fa_fit_options o = options(FA_MODEL_MLP);
    fa_model *m = NULL, *back = NULL;
    fa_error err;
    double p[120];
    const char *path = fa_test_write("fault_model.json", "");
    const char *pred = fa_test_write("fault_pred.csv", "");

    FA_ASSERT_OK(fa_model_fit(&m, f.table, NULL, &o, &err));
    FA_ASSERT_OK(fa_model_attach_spec(m, spec_json, strlen(spec_json), &err));
    EACH_FAILURE(fa_model_predict_proba(m, f.table, p, NULL, &err), (void)0);
    EACH_FAILURE(fa_model_save(m, path, &err), (void)0);
    EACH_FAILURE(fa_model_load(&back, path, &err), (fa_model_free(back), back = NULL));
    EACH_FAILURE(fa_model_write_predictions(m, f.table, p, pred, &err), (void)0);
    fa_model_free(m);
    free_fixture(&f);
    FA_ASSERT_NO_LEAKS();
}
