/* lib/model + lib/serialize: fitting on tables, model files (round trip to
 * the bit, versioning, located errors), the predictions CSV. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/internal.h"
#include "common/rng.h"
#include "fa_test.h"
#include "model/model_internal.h"

static const char *const toy_spec =
    "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"toy\",\n"
    " \"columns\": [\n"
    "  {\"name\": \"x\", \"role\": \"numeric\"},\n"
    "  {\"name\": \"c\", \"role\": \"categorical\"},\n"
    "  {\"name\": \"g\", \"role\": \"protected\"},\n"
    "  {\"name\": \"y\", \"role\": \"label\", \"positive\": \"yes\", \"negative\": \"no\"}]}\n";

/* n rows: y depends on x and c; g has a value with a comma and a missing one. */
static char *toy_csv(size_t n, uint64_t seed)
{
    static const char *const cats[] = {"a", "b", "c"};
    static const char *const groups[] = {"p", "\"q, r\"", ""};
    fa_buf b = FA_BUF_INIT;
    fa_rng r;
    size_t i;

    fa_rng_seed(&r, seed);
    fa_buf_puts(&b, "x,c,g,y\n");
    for (i = 0; i < n; i++) {
        double x = fa_rng_normal(&r);
        size_t c = (size_t)fa_rng_below(&r, 3);
        double z = 1.5 * x + (c == 0 ? -1.0 : c == 1 ? 0.5 : 1.0);
        int y = fa_rng_uniform(&r) < 1.0 / (1.0 + exp(-z));
        fa_buf_printf(&b, "%.6f,%s,%s,%s\n", x, cats[c], groups[i % 3], y ? "yes" : "no");
    }
    return fa_buf_detach(&b, NULL);
}

typedef struct toy {
    fa_spec *spec;
    fa_table *table;
} toy;

static toy load_toy(size_t n, uint64_t seed, const char *name)
{
    toy t = {NULL, NULL};
    fa_error err;
    char *csv = toy_csv(n, seed);
    const char *path = fa_test_write(name, csv);

    fa_free(csv);
    FA_ASSERT_OK(fa_spec_parse(&t.spec, toy_spec, strlen(toy_spec), "toy.json", &err));
    FA_ASSERT_OK(fa_table_load(&t.table, t.spec, path, NULL, &err));
    return t;
}

static void free_toy(toy *t)
{
    fa_table_free(t->table);
    fa_spec_free(t->spec);
}

static char *slurp(const char *path)
{
    char *text = NULL;
    size_t len;
    fa_error err;

    FA_ASSERT_OK(fa_read_file(path, &text, &len, &err));
    return text;
}

static void round_trip(fa_model_kind kind)
{
    toy t = load_toy(300, 41, kind == FA_MODEL_MLP ? "rt_mlp.csv" : "rt_lr.csv");
    fa_fit_options o = FA_FIT_OPTIONS_INIT;
    fa_model *m = NULL, *back = NULL;
    fa_error err;
    size_t n = fa_table_n_rows(t.table);
    double *p1 = malloc(n * sizeof *p1), *p2 = malloc(n * sizeof *p2);
    const char *path = fa_test_write(kind == FA_MODEL_MLP ? "m_mlp.json" : "m_lr.json", "");
    char *text1, *text2;

    o.kind = kind;
    o.mlp.max_epochs = 5;
    o.threshold = 0.4;
    FA_ASSERT_OK(fa_model_fit(&m, t.table, NULL, &o, &err));
    FA_ASSERT_OK(fa_model_attach_spec(m, toy_spec, strlen(toy_spec), &err));
    FA_ASSERT_OK(fa_model_predict_proba(m, t.table, p1, NULL, &err));
    FA_ASSERT_OK(fa_model_save(m, path, &err));
    FA_ASSERT_OK(fa_model_load(&back, path, &err));
    FA_ASSERT_OK(fa_model_predict_proba(back, t.table, p2, NULL, &err));
    cr_assert(memcmp(p1, p2, n * sizeof *p1) == 0, "scores differ after save -> load");
    cr_assert_eq(fa_model_kind_of(back), kind);
    FA_ASSERT_NEAR(fa_model_threshold(back), 0.4, 0.0);
    cr_assert_str_eq(fa_model_label_name(back), "y");
    cr_assert_str_eq(fa_model_positive_label(back), "yes");
    cr_assert_str_eq(fa_model_spec_name(back), "toy");
    cr_assert_not_null(fa_model_spec(back));
    cr_assert_str_eq(fa_spec_fingerprint(fa_model_spec(back)), fa_spec_fingerprint(t.spec));
    cr_assert_str_eq(back->data_fingerprint, fa_table_fingerprint(t.table));
    /* Saving the loaded model gives the same bytes. */
    text1 = slurp(path);
    FA_ASSERT_OK(fa_model_save(back, path, &err));
    text2 = slurp(path);
    cr_assert_str_eq(text1, text2);
    fa_free(text1);
    fa_free(text2);
    free(p1);
    free(p2);
    fa_model_free(m);
    fa_model_free(back);
    free_toy(&t);
}

Test(model_io, logreg_round_trip_scores_to_the_bit)
{
    round_trip(FA_MODEL_LOGREG);
}

Test(model_io, mlp_round_trip_scores_to_the_bit)
{
    round_trip(FA_MODEL_MLP);
}

Test(model_io, same_fit_gives_the_same_file)
{
    toy t = load_toy(200, 42, "same.csv");
    fa_model *a = NULL, *b = NULL;
    fa_error err;
    const char *pa = fa_test_write("same_a.json", ""), *pb = fa_test_write("same_b.json", "");
    char *ta, *tb;

    FA_ASSERT_OK(fa_model_fit(&a, t.table, NULL, NULL, &err));
    FA_ASSERT_OK(fa_model_fit(&b, t.table, NULL, NULL, &err));
    FA_ASSERT_OK(fa_model_save(a, pa, &err));
    FA_ASSERT_OK(fa_model_save(b, pb, &err));
    ta = slurp(pa);
    tb = slurp(pb);
    cr_assert_str_eq(ta, tb);
    cr_assert(strstr(ta, "\"format\": \"fairaudit-model\"") != NULL);
    cr_assert(strstr(ta, "\"format_version\": 1") != NULL);
    cr_assert(strstr(ta, "\"text\": null") != NULL, "no spec text attached");
    fa_free(ta);
    fa_free(tb);
    fa_model_free(a);
    fa_model_free(b);
    free_toy(&t);
}

/* Saves a fitted toy model, applies a textual edit, and loads it back. */
static fa_status load_edited(const char *from, const char *to, fa_error *err_out)
{
    toy t = load_toy(100, 43, "edit.csv");
    fa_model *m = NULL, *back = NULL;
    fa_error err;
    const char *path = fa_test_write("edit.json", "");
    char *text, *hit;
    fa_buf b = FA_BUF_INIT;
    fa_status rc;

    FA_ASSERT_OK(fa_model_fit(&m, t.table, NULL, NULL, &err));
    FA_ASSERT_OK(fa_model_attach_spec(m, toy_spec, strlen(toy_spec), &err));
    FA_ASSERT_OK(fa_model_save(m, path, &err));
    text = slurp(path);
    hit = strstr(text, from);
    cr_assert_not_null(hit, "'%s' not in the model file", from);
    fa_buf_put(&b, text, (size_t)(hit - text));
    fa_buf_puts(&b, to);
    fa_buf_puts(&b, hit + strlen(from));
    path = fa_test_write("edit.json", b.ptr);
    rc = fa_model_load(&back, path, err_out);
    cr_assert((rc == FA_OK) == (back != NULL));
    fa_model_free(back);
    fa_model_free(m);
    fa_buf_dispose(&b);
    fa_free(text);
    free_toy(&t);
    return rc;
}

Test(model_io, rejects_unknown_versions_and_foreign_files)
{
    fa_error err;
    fa_model *m = NULL;
    const char *path;

    cr_assert_eq(load_edited("\"format_version\": 1", "\"format_version\": 2", &err), FA_EFORMAT);
    cr_assert(strstr(err.message, "unsupported model format_version 2 (this build reads 1)"), "%s",
              err.message);
    cr_assert_eq(err.loc.line, 3);
    cr_assert_eq(load_edited("\"fairaudit-model\"", "\"fairaudit-policy\"", &err), FA_EFORMAT);
    cr_assert(strstr(err.message, "not a fairaudit model file"), "%s", err.message);
    path = fa_test_write("notjson.json", "{\"format\": ");
    cr_assert_eq(fa_model_load(&m, path, &err), FA_EPARSE);
    cr_assert_eq(fa_model_load(&m, "/nonexistent/model.json", &err), FA_EIO);
    cr_assert_null(m);
}

Test(model_io, rejects_inconsistent_content_with_a_location)
{
    fa_error err;

    cr_assert_eq(load_edited("\"threshold\": 0.5", "\"threshold\": 0.5, \"extra\": 1", &err),
                 FA_ESCHEMA);
    cr_assert(strstr(err.message, "unknown key \"extra\""), "%s", err.message);
    cr_assert(err.loc.line > 0 && err.loc.column > 0);
    cr_assert_eq(load_edited("\"coef\": [", "\"coef\": [1, ", &err), FA_ESCHEMA);
    cr_assert(strstr(err.message, "expected"), "%s", err.message);
    cr_assert_eq(load_edited("\"kind\": \"logreg\"", "\"kind\": \"svm\"", &err), FA_ESCHEMA);
    cr_assert_eq(load_edited("\"n_inputs\": 4", "\"n_inputs\": 5", &err), FA_ESCHEMA);
    /* An edited embedded spec no longer matches its fingerprint. */
    cr_assert_eq(load_edited("\\\"name\\\": \\\"toy\\\"", "\\\"name\\\": \\\"toy2\\\"", &err),
                 FA_ESCHEMA);
    cr_assert(strstr(err.message, "fingerprint"), "%s", err.message);
}

Test(model_io, mitigation_is_recorded_and_read_back)
{
    toy t = load_toy(100, 44, "mit.csv");
    fa_model *m = NULL, *back = NULL;
    fa_error err;
    const char *names[2] = {"alpha", "beta"};
    double values[2] = {0.25, 3.0};
    const char *path = fa_test_write("mit.json", "");

    FA_ASSERT_OK(fa_model_fit(&m, t.table, NULL, NULL, &err));
    FA_ASSERT_OK(fa_model__set_mitigation(m, "reweighing", 2, names, values, &err));
    FA_ASSERT_OK(fa_model_save(m, path, &err));
    FA_ASSERT_OK(fa_model_load(&back, path, &err));
    cr_assert_str_eq(back->mitigation.method, "reweighing");
    cr_assert_eq(back->mitigation.n_params, 2);
    cr_assert_str_eq(back->mitigation.param_names[1], "beta");
    FA_ASSERT_NEAR(back->mitigation.param_values[0], 0.25, 0.0);
    fa_model_free(m);
    fa_model_free(back);
    free_toy(&t);
}

Test(model_io, attach_spec_checks_the_fingerprint)
{
    toy t = load_toy(100, 45, "att.csv");
    fa_model *m = NULL;
    fa_error err;
    const char *other = "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"x\","
                        " \"columns\": [{\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\","
                        " \"negative\": \"0\"}]}";

    FA_ASSERT_OK(fa_model_fit(&m, t.table, NULL, NULL, &err));
    cr_assert_null(fa_model_spec(m));
    cr_assert_eq(fa_model_attach_spec(m, other, strlen(other), &err), FA_EINVAL);
    cr_assert(strstr(err.message, "not the spec"), "%s", err.message);
    FA_ASSERT_OK(fa_model_attach_spec(m, toy_spec, strlen(toy_spec), &err));
    cr_assert_not_null(fa_model_spec(m));
    fa_model_free(m);
    free_toy(&t);
}

Test(model_io, predictions_csv_has_score_decision_label_and_protected_columns)
{
    toy t = load_toy(30, 46, "pred.csv");
    fa_model *m = NULL;
    fa_error err;
    size_t n = fa_table_n_rows(t.table);
    double *p = malloc(n * sizeof *p);
    const char *path = fa_test_write("pred_out.csv", "");
    char *text, *line2, score[40];

    FA_ASSERT_OK(fa_model_fit(&m, t.table, NULL, NULL, &err));
    FA_ASSERT_OK(fa_model_predict_proba(m, t.table, p, NULL, &err));
    FA_ASSERT_OK(fa_model_write_predictions(m, t.table, p, path, &err));
    text = slurp(path);
    cr_assert(strncmp(text, "score,decision,y,g\n", 19) == 0, "%.40s", text);
    /* Row 1: g = p; row 2: a value with a comma, quoted; row 3: missing = empty. */
    line2 = text + 19;
    fa_format_double(score, sizeof score, p[0]);
    cr_assert(strncmp(line2, score, strlen(score)) == 0);
    cr_assert(strstr(text, ",\"q, r\"\n") != NULL, "%s", text);
    cr_assert(strstr(text, ",\n") != NULL, "missing group should be an empty field");
    {
        /* Every score reads back to the same double. */
        const char *q = line2;
        size_t i;
        for (i = 0; i < n; i++) {
            double back = strtod(q, NULL);
            cr_assert(memcmp(&back, &p[i], sizeof back) == 0, "row %zu", i);
            q = strchr(q, '\n') + 1;
        }
    }
    fa_free(text);
    free(p);
    fa_model_free(m);
    free_toy(&t);
}

Test(model_io, predict_proba_needs_an_encoder)
{
    double X[4] = {0, 1, 2, 3}, p[4];
    uint8_t y[4] = {0, 1, 0, 1};
    toy t = load_toy(10, 47, "noenc.csv");
    fa_model *m = NULL;
    fa_error err;

    FA_ASSERT_OK(fa_model_fit_matrix(&m, X, 4, 1, y, NULL, NULL, &err));
    cr_assert_eq(fa_model_predict_proba(m, t.table, p, NULL, &err), FA_EINVAL);
    cr_assert_eq(fa_model_attach_spec(m, toy_spec, strlen(toy_spec), &err), FA_EINVAL);
    cr_assert_eq(fa_model_predict_matrix(m, X, 2, 2, p, &err), FA_EINVAL);
    fa_model_free(m);
    free_toy(&t);
}

typedef struct group_hook {
    const int32_t *codes;
    size_t n_rows, seen, per_group[2];
} group_hook;

/* An adversary's view: each batch row's protected group, by table row. */
static fa_status count_groups(
    void *arg, const size_t *rows, size_t n, const double *logit, double *dlogit, fa_error *err)
{
    group_hook *h = arg;
    size_t k;

    (void)logit;
    (void)dlogit;
    (void)err;
    for (k = 0; k < n; k++) {
        cr_assert(rows[k] < h->n_rows);
        if (h->codes[rows[k]] >= 0 && h->codes[rows[k]] < 2)
            h->per_group[h->codes[rows[k]]]++;
        h->seen++;
    }
    return FA_OK;
}

Test(model_io, training_hooks_index_table_rows)
{
    toy t = load_toy(200, 48, "hook.csv");
    fa_fit_options o = FA_FIT_OPTIONS_INIT;
    size_t g = fa_spec_find_column(t.spec, "g");
    group_hook h = {fa_table_codes(t.table, g), fa_table_n_rows(t.table), 0, {0, 0}};
    fa_mlp_hooks hooks = {count_groups, NULL, &h};
    fa_model *m = NULL;
    fa_error err;

    o.kind = FA_MODEL_MLP;
    o.mlp.max_epochs = 1;
    FA_ASSERT_OK(fa_model__fit_table(&m, t.table, NULL, &o, &hooks, &err));
    cr_assert_eq(h.seen, 180, "one epoch over the 180 training rows, saw %zu", h.seen);
    cr_assert(h.per_group[0] > 0 && h.per_group[1] > 0);
    fa_model_free(m);
    o.kind = FA_MODEL_LOGREG;
    cr_assert_eq(fa_model__fit_table(&m, t.table, NULL, &o, &hooks, &err), FA_EINVAL);
    cr_assert_null(m);
    free_toy(&t);
}
