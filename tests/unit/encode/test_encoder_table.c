/*
 * Unit tests for the public encoder API over tables loaded through a spec:
 * roles decide the features, weights do not change the statistics, a second
 * file with another column and level order is matched by name, and
 * allocation failures in fa_encoder_fit are clean.
 */
#include <math.h>
#include <string.h>

#include "common/internal.h"
#include "fa_test.h"
#include "fairaudit/encode.h"

static const char spec_text[] =
    "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"toy\",\n"
    " \"columns\": [\n"
    "  {\"name\": \"id\", \"role\": \"ignore\"},\n"
    "  {\"name\": \"age\", \"role\": \"numeric\"},\n"
    "  {\"name\": \"color\", \"role\": \"categorical\"},\n"
    "  {\"name\": \"sex\", \"role\": \"protected\"},\n"
    "  {\"name\": \"w\", \"role\": \"weight\"},\n"
    "  {\"name\": \"y\", \"role\": \"label\", \"positive\": \"yes\", \"negative\": \"no\"}\n"
    " ]}\n";

/* age: mean 35, population variance (225 + 25 + 25 + 225) / 4 = 125.
 * With the weights the mean would be 34: the encoder must ignore them. */
static const char train_csv[] = "id,age,color,sex,w,y\n"
                                "1,20,red,F,1,yes\n"
                                "2,30,blue,M,2,no\n"
                                "3,40,red,F,1,no\n"
                                "4,50,green,M,1,yes\n";

/* Other column order, own level order (green, purple, blue), an unseen level. */
static const char test_csv[] = "y,color,age,sex,id,w\n"
                               "no,green,35,M,1,1\n"
                               "yes,purple,45,F,2,1\n"
                               "no,blue,25,F,3,1\n";

typedef struct fixture {
    fa_spec *spec;
    fa_table *train, *test;
} fixture;

static void load(fixture *f)
{
    fa_error err;

    memset(f, 0, sizeof *f);
    FA_ASSERT_OK(fa_spec_parse(&f->spec, spec_text, strlen(spec_text), "toy.json", &err));
    FA_ASSERT_OK(fa_table_load(&f->train, f->spec, fa_test_write("train.csv", train_csv), NULL,
                               &err));
    FA_ASSERT_OK(fa_table_load(&f->test, f->spec, fa_test_write("test.csv", test_csv), NULL,
                               &err));
}

static void unload(fixture *f)
{
    fa_table_free(f->train);
    fa_table_free(f->test);
    fa_spec_free(f->spec);
}

Test(encode_table, spec_roles_choose_the_features)
{
    fixture f;
    fa_encoder *e;
    fa_error err;
    double mean, sd;
    static const char *const names[] = {"age", "color=blue", "color=green", "color=red"};
    size_t j;

    load(&f);
    FA_ASSERT_OK(fa_encoder_fit(&e, f.train, NULL, &err));
    cr_assert_eq(fa_encoder_n_features(e), 4u);
    for (j = 0; j < 4; j++)
        cr_assert_str_eq(fa_encoder_feature_name(e, j), names[j]);
    cr_assert_eq(fa_encoder_n_columns(e), 2u);
    cr_assert(fa_encoder_column_scaling(e, 0, &mean, &sd));
    FA_ASSERT_NEAR(mean, 35.0, FA_TOL_EXACT); /* unweighted */
    FA_ASSERT_NEAR(sd, sqrt(125.0), FA_TOL_EXACT);
    fa_encoder_free(e);
    unload(&f);
    FA_ASSERT_NO_LEAKS();
}

Test(encode_table, transform_matches_another_file_by_name)
{
    fixture f;
    fa_encoder *e;
    fa_encode_stats st;
    fa_error err;
    const double s = sqrt(125.0);
    const double want_train[4][4] = {
        {-15.0 / s, 0, 0, 1}, {-5.0 / s, 1, 0, 0}, {5.0 / s, 0, 0, 1}, {15.0 / s, 0, 1, 0}};
    const double want_test[3][4] = {{0.0, 0, 1, 0}, {10.0 / s, 0, 0, 0}, {-10.0 / s, 1, 0, 0}};
    double X[4][4];
    size_t i, j;

    load(&f);
    FA_ASSERT_OK(fa_encoder_fit(&e, f.train, NULL, &err));
    FA_ASSERT_OK(fa_encoder_transform(e, f.train, &X[0][0], 4, &st, &err));
    for (i = 0; i < 4; i++)
        for (j = 0; j < 4; j++)
            FA_ASSERT_NEAR(X[i][j], want_train[i][j], FA_TOL_EXACT);
    cr_assert_eq(st.rows, 4);
    cr_assert_eq(st.unseen_categories, 0);
    FA_ASSERT_OK(fa_encoder_transform(e, f.test, &X[0][0], 4, &st, &err));
    for (i = 0; i < 3; i++)
        for (j = 0; j < 4; j++)
            FA_ASSERT_NEAR(X[i][j], want_test[i][j], FA_TOL_EXACT);
    cr_assert_eq(st.rows, 3);
    cr_assert_eq(st.unseen_categories, 1);
    cr_assert_eq(fa_encoder_transform(e, f.test, &X[0][0], 3, &st, &err), FA_EINVAL);
    fa_encoder_free(e);
    unload(&f);
    FA_ASSERT_NO_LEAKS();
}

/* The same file read with a spec that makes color protected and drops age:
 * transform finds color's categories by name and reports age as missing. */
Test(encode_table, transform_reports_missing_columns)
{
    static const char spec2[] =
        "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"toy2\",\n"
        " \"columns\": [{\"name\": \"age\", \"role\": \"ignore\"},\n"
        "  {\"name\": \"color\", \"role\": \"protected\"},\n"
        "  {\"name\": \"y\", \"role\": \"label\", \"positive\": \"yes\", \"negative\": \"no\"}]}\n";
    fixture f;
    fa_spec *s2;
    fa_table *t2;
    fa_encoder *e;
    fa_error err;
    double X[4][4];

    load(&f);
    FA_ASSERT_OK(fa_spec_parse(&s2, spec2, strlen(spec2), "toy2.json", &err));
    FA_ASSERT_OK(fa_table_load(&t2, s2, fa_test_write("train2.csv", train_csv), NULL, &err));
    FA_ASSERT_OK(fa_encoder_fit(&e, f.train, NULL, &err));
    cr_assert_eq(fa_encoder_transform(e, t2, &X[0][0], 4, NULL, &err), FA_ESCHEMA);
    cr_assert(strstr(err.message, "\"age\" is missing") != NULL, "%s", err.message);
    /* Fitting on a spec without numeric/categorical features is a schema error. */
    fa_encoder_free(e);
    e = (fa_encoder *)1;
    cr_assert_eq(fa_encoder_fit(&e, t2, NULL, &err), FA_ESCHEMA);
    cr_assert_null(e);
    fa_table_free(t2);
    fa_spec_free(s2);
    unload(&f);
    FA_ASSERT_NO_LEAKS();
}

Test(encode_table, fit_allocation_failures_are_clean)
{
    fixture f;
    fa_encoder *e;
    fa_error err;
    long n, total;

    load(&f);
    fa__alloc_fail_after(0);
    FA_ASSERT_OK(fa_encoder_fit(&e, f.train, NULL, &err));
    total = fa__alloc_fail_after(0);
    fa_encoder_free(e);
    cr_assert(total > 5);
    for (n = 1; n <= total; n++) {
        e = (fa_encoder *)1;
        fa__alloc_fail_after(n);
        cr_assert_eq(fa_encoder_fit(&e, f.train, NULL, &err), FA_ENOMEM, "n=%ld", n);
        fa__alloc_fail_after(0);
        cr_assert_null(e);
    }
    FA_ASSERT_OK(fa_encoder_fit(&e, f.train, NULL, &err));
    {
        double X[16];
        fa__alloc_fail_after(0);
        FA_ASSERT_OK(fa_encoder_transform(e, f.test, X, 4, NULL, &err));
        total = fa__alloc_fail_after(0);
        for (n = 1; n <= total; n++) {
            fa__alloc_fail_after(n);
            cr_assert_eq(fa_encoder_transform(e, f.test, X, 4, NULL, &err), FA_ENOMEM);
            fa__alloc_fail_after(0);
        }
    }
    fa_encoder_free(e);
    unload(&f);
    FA_ASSERT_NO_LEAKS();
}

Test(encode_table, null_arguments)
{
    fa_encoder *e = (fa_encoder *)1;
    fa_error err;
    double X[1];

    cr_assert_eq(fa_encoder_fit(&e, NULL, NULL, &err), FA_EINVAL);
    cr_assert_null(e);
    cr_assert_eq(fa_encoder_transform(NULL, NULL, X, 1, NULL, &err), FA_EINVAL);
    fa_encoder_free(NULL);
    cr_assert_eq(fa_encoder_n_features(NULL), 0u);
    cr_assert_null(fa_encoder_feature_name(NULL, 0));
}
