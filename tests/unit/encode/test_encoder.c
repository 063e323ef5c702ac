/*
 * Unit tests for lib/encode: fit and transform over column views (white-box:
 * fa_encoder__fit_inputs / fa_encoder__transform_inputs, which the public
 * table functions wrap). Expected values are hand-computed fractions.
 */
#include <math.h>
#include <string.h>

#include "common/internal.h"
#include "encode/encoder_impl.h"
#include "fa_test.h"

#define N_ROWS 6

/* Fixture: 6 rows.
 *   income  : 1, 2, 3, 6, 3, 3     mean 3, population variance (4+1+0+9+0+0)/6 = 14/6
 *   color   : b, a, b, c, a, b     (table codes b=0 a=1 c=2)
 *   flat    : 5, 5, 5, 5, 5, 5     constant -> std 1
 */
static const double income[N_ROWS] = {1, 2, 3, 6, 3, 3};
static const double flat[N_ROWS] = {5, 5, 5, 5, 5, 5};
static const int32_t color_codes[N_ROWS] = {0, 1, 0, 2, 1, 0};
static const char *const color_levels[] = {"b", "a", "c"};

static void fixture(fa_enc_input in[3])
{
    memset(in, 0, 3 * sizeof *in);
    in[0].name = "income";
    in[0].values = income;
    in[1].name = "color";
    in[1].categorical = true;
    in[1].codes = color_codes;
    in[1].n_levels = 3;
    in[1].levels = color_levels;
    in[2].name = "flat";
    in[2].values = flat;
}

static fa_encoder *fit_fixture(const fa_encoder_options *o)
{
    fa_enc_input in[3];
    fa_encoder *e = NULL;
    fa_error err;

    fixture(in);
    FA_ASSERT_OK(fa_encoder__fit_inputs(&e, in, 3, N_ROWS, o, &err));
    return e;
}

Test(encode_fit, hand_computed_fixture)
{
    fa_encoder_options o = FA_ENCODER_OPTIONS_INIT;
    fa_encoder *e = fit_fixture(&o);
    fa_enc_input in[3];
    fa_encode_stats st;
    fa_error err;
    double X[N_ROWS][6], mean, sd;
    const double s = sqrt(14.0 / 6.0);
    /* income std, then one-hot a, b, c (sorted by name), then flat - 5 */
    const double want[N_ROWS][5] = {
        {-2.0 / s, 0, 1, 0, 0}, {-1.0 / s, 1, 0, 0, 0}, {0.0, 0, 1, 0, 0},
        {3.0 / s, 0, 0, 1, 0},  {0.0, 1, 0, 0, 0},      {0.0, 0, 1, 0, 0},
    };
    static const char *const names[] = {"income", "color=a", "color=b", "color=c", "flat"};
    size_t i, j;

    cr_assert_eq(fa_encoder_n_features(e), 5u);
    for (j = 0; j < 5; j++)
        cr_assert_str_eq(fa_encoder_feature_name(e, j), names[j]);
    cr_assert_null(fa_encoder_feature_name(e, 5));
    cr_assert_str_eq(fa_encoder_feature_column(e, 2), "color");
    cr_assert_eq(fa_encoder_n_columns(e), 3u);
    cr_assert_str_eq(fa_encoder_column_name(e, 1), "color");
    cr_assert(fa_encoder_column_scaling(e, 0, &mean, &sd));
    FA_ASSERT_NEAR(mean, 3.0, FA_TOL_EXACT);
    FA_ASSERT_NEAR(sd, s, FA_TOL_EXACT);
    cr_assert_not(fa_encoder_column_scaling(e, 1, &mean, &sd));
    cr_assert(fa_encoder_column_scaling(e, 2, &mean, &sd));
    FA_ASSERT_NEAR(mean, 5.0, FA_TOL_EXACT);
    FA_ASSERT_NEAR(sd, 1.0, FA_TOL_EXACT); /* constant column: std 1 by definition */

    fixture(in);
    for (i = 0; i < N_ROWS; i++)
        X[i][5] = 42.0; /* beyond n_features: must stay untouched */
    FA_ASSERT_OK(fa_encoder__transform_inputs(e, in, 3, N_ROWS, &X[0][0], 6, &st, &err));
    for (i = 0; i < N_ROWS; i++) {
        for (j = 0; j < 5; j++)
            FA_ASSERT_NEAR(X[i][j], want[i][j], FA_TOL_EXACT);
        cr_assert(X[i][5] == 42.0);
    }
    cr_assert_eq(st.rows, N_ROWS);
    cr_assert_eq(st.unseen_categories, 0);
    cr_assert_eq(st.other_categories, 0);
    fa_encoder_free(e);
    FA_ASSERT_NO_LEAKS();
}

Test(encode_fit, standardize_off_passes_numbers_through)
{
    fa_encoder_options o = FA_ENCODER_OPTIONS_INIT;
    fa_encoder *e;
    fa_enc_input in[3];
    fa_error err;
    double X[N_ROWS * 5], mean, sd;
    size_t i;

    o.standardize = 0;
    e = fit_fixture(&o);
    cr_assert(fa_encoder_column_scaling(e, 0, &mean, &sd));
    cr_assert(mean == 0.0 && sd == 1.0);
    fixture(in);
    FA_ASSERT_OK(fa_encoder__transform_inputs(e, in, 3, N_ROWS, X, 5, NULL, &err));
    for (i = 0; i < N_ROWS; i++) {
        cr_assert(X[i * 5] == income[i]);
        cr_assert(X[i * 5 + 4] == flat[i]);
    }
    fa_encoder_free(e);
}

/* A second table: columns in another order, extra columns, its own level
 * codes (c=0, b=1, z=2, a=3) and an unseen level "z". */
Test(encode_transform, matches_columns_and_levels_by_name)
{
    fa_encoder_options o = FA_ENCODER_OPTIONS_INIT;
    fa_encoder *e = fit_fixture(&o);
    static const double inc2[4] = {3, 4.5, 0, 3};
    static const double flat2[4] = {5, 7, 5, 5};
    static const double other_num[4] = {9, 9, 9, 9};
    static const int32_t codes2[4] = {3, 0, 2, 1};
    static const char *const levels2[] = {"c", "b", "z", "a"};
    const double s = sqrt(14.0 / 6.0);
    const double want[4][5] = {
        {0.0, 1, 0, 0, 0}, {1.5 / s, 0, 0, 1, 2}, {-3.0 / s, 0, 0, 0, 0}, {0.0, 0, 1, 0, 0}};
    fa_enc_input in[4];
    fa_encode_stats st;
    fa_error err;
    double X[4][5];
    size_t i, j;

    memset(in, 0, sizeof in);
    in[0].name = "flat";
    in[0].values = flat2;
    in[1].name = "unrelated";
    in[1].values = other_num;
    in[2].name = "color";
    in[2].categorical = true;
    in[2].codes = codes2;
    in[2].n_levels = 4;
    in[2].levels = levels2;
    in[3].name = "income";
    in[3].values = inc2;
    FA_ASSERT_OK(fa_encoder__transform_inputs(e, in, 4, 4, &X[0][0], 5, &st, &err));
    for (i = 0; i < 4; i++)
        for (j = 0; j < 5; j++)
            FA_ASSERT_NEAR(X[i][j], want[i][j], FA_TOL_EXACT);
    cr_assert_eq(st.unseen_categories, 1);
    cr_assert_eq(st.other_categories, 0);
    cr_assert_eq(st.missing_categories, 0);
    cr_assert_eq(st.rows, 4);
    fa_encoder_free(e);
}

Test(encode_transform, missing_category_code_gives_zeros_and_is_counted)
{
    fa_encoder_options o = FA_ENCODER_OPTIONS_INIT;
    fa_encoder *e = fit_fixture(&o);
    static const int32_t codes[2] = {-1, 1};
    fa_enc_input in[3];
    fa_encode_stats st;
    fa_error err;
    double X[2][5];

    fixture(in);
    in[1].codes = codes;
    FA_ASSERT_OK(fa_encoder__transform_inputs(e, in, 3, 2, &X[0][0], 5, &st, &err));
    cr_assert(X[0][1] == 0.0 && X[0][2] == 0.0 && X[0][3] == 0.0);
    cr_assert(X[1][1] == 1.0);
    cr_assert_eq(st.missing_categories, 1);
    fa_encoder_free(e);
}

Test(encode_transform, errors_name_the_column)
{
    fa_encoder_options o = FA_ENCODER_OPTIONS_INIT;
    fa_encoder *e = fit_fixture(&o);
    fa_enc_input in[3];
    fa_error err;
    double X[N_ROWS * 5];
    static const double with_nan[N_ROWS] = {1, 2, 3, 4, 5, 6};
    double bad[N_ROWS];

    fixture(in);
    cr_assert_eq(fa_encoder__transform_inputs(e, in, 2, N_ROWS, X, 5, NULL, &err), FA_ESCHEMA);
    cr_assert(strstr(err.message, "\"flat\" is missing") != NULL, "%s", err.message);
    fixture(in);
    in[1].categorical = false;
    in[1].values = with_nan;
    cr_assert_eq(fa_encoder__transform_inputs(e, in, 3, N_ROWS, X, 5, NULL, &err), FA_ESCHEMA);
    cr_assert(strstr(err.message, "\"color\" was a categorical feature") != NULL, "%s",
              err.message);
    fixture(in);
    memcpy(bad, income, sizeof bad);
    bad[4] = fa_nan();
    in[0].values = bad;
    cr_assert_eq(fa_encoder__transform_inputs(e, in, 3, N_ROWS, X, 5, NULL, &err), FA_EDATA);
    cr_assert(strstr(err.message, "row 5") != NULL, "%s", err.message);
    fixture(in);
    cr_assert_eq(fa_encoder__transform_inputs(e, in, 3, N_ROWS, X, 4, NULL, &err), FA_EINVAL);
    cr_assert_eq(fa_encoder__transform_inputs(e, in, 3, N_ROWS, NULL, 5, NULL, &err), FA_EINVAL);
    fa_encoder_free(e);
    FA_ASSERT_NO_LEAKS();
}

Test(encode_fit, rejects_empty_inputs_and_bad_values)
{
    fa_encoder_options o = FA_ENCODER_OPTIONS_INIT;
    fa_enc_input in[3];
    fa_encoder *e = (fa_encoder *)1;
    fa_error err;
    double bad[N_ROWS];
    int32_t bad_codes[N_ROWS];

    fixture(in);
    cr_assert_eq(fa_encoder__fit_inputs(&e, in, 0, N_ROWS, &o, &err), FA_ESCHEMA);
    cr_assert_null(e);
    cr_assert_eq(fa_encoder__fit_inputs(&e, in, 3, 0, &o, &err), FA_EDATA);
    memcpy(bad, income, sizeof bad);
    bad[2] = (double)INFINITY;
    in[0].values = bad;
    cr_assert_eq(fa_encoder__fit_inputs(&e, in, 3, N_ROWS, &o, &err), FA_EDATA);
    cr_assert(strstr(err.message, "infinite") != NULL, "%s", err.message);
    fixture(in);
    memcpy(bad_codes, color_codes, sizeof bad_codes);
    bad_codes[0] = -1;
    in[1].codes = bad_codes;
    cr_assert_eq(fa_encoder__fit_inputs(&e, in, 3, N_ROWS, &o, &err), FA_EDATA);
    cr_assert_null(e);
    o.version = 77;
    fixture(in);
    cr_assert_eq(fa_encoder__fit_inputs(&e, in, 3, N_ROWS, &o, &err), FA_EINVAL);
    cr_assert_eq(fa_encoder_options_check(NULL, &err), FA_EINVAL);
    FA_ASSERT_NO_LEAKS();
}

/* A level registered by the table but absent from every row is not seen. */
Test(encode_fit, levels_without_rows_are_not_features)
{
    fa_encoder_options o = FA_ENCODER_OPTIONS_INIT;
    static const int32_t codes[3] = {0, 2, 0};
    static const char *const levels[] = {"x", "ghost", "y"};
    fa_enc_input in;
    fa_encoder *e;
    fa_error err;

    memset(&in, 0, sizeof in);
    in.name = "k";
    in.categorical = true;
    in.codes = codes;
    in.n_levels = 3;
    in.levels = levels;
    FA_ASSERT_OK(fa_encoder__fit_inputs(&e, &in, 1, 3, &o, &err));
    cr_assert_eq(fa_encoder_n_features(e), 2u);
    cr_assert_str_eq(fa_encoder_feature_name(e, 0), "k=x");
    cr_assert_str_eq(fa_encoder_feature_name(e, 1), "k=y");
    fa_encoder_free(e);
}

/* max_levels 2 over counts d:3 b:2 a:2 c:1 keeps d and a (tie b/a broken by
 * name), output sorted a, d, then (other) holding b and c. */
Test(encode_fit, max_levels_folds_rare_levels_into_other)
{
    fa_encoder_options o = FA_ENCODER_OPTIONS_INIT;
    static const int32_t codes[8] = {0, 0, 0, 1, 1, 2, 2, 3};
    static const char *const levels[] = {"d", "b", "a", "c"};
    static const int32_t codes2[4] = {0, 1, 2, 3};
    static const char *const levels2[] = {"a", "c", "new", "d"};
    const double want[4][3] = {{1, 0, 0}, {0, 0, 1}, {0, 0, 0}, {0, 1, 0}};
    fa_enc_input in;
    fa_encoder *e;
    fa_encode_stats st;
    fa_error err;
    double X[4][3];
    size_t i, j;

    memset(&in, 0, sizeof in);
    in.name = "k";
    in.categorical = true;
    in.codes = codes;
    in.n_levels = 4;
    in.levels = levels;
    o.max_levels = 2;
    FA_ASSERT_OK(fa_encoder__fit_inputs(&e, &in, 1, 8, &o, &err));
    cr_assert_eq(fa_encoder_n_features(e), 3u);
    cr_assert_str_eq(fa_encoder_feature_name(e, 0), "k=a");
    cr_assert_str_eq(fa_encoder_feature_name(e, 1), "k=d");
    cr_assert_str_eq(fa_encoder_feature_name(e, 2), "k=(other)");
    in.codes = codes2;
    in.levels = levels2;
    FA_ASSERT_OK(fa_encoder__transform_inputs(e, &in, 1, 4, &X[0][0], 3, &st, &err));
    for (i = 0; i < 4; i++)
        for (j = 0; j < 3; j++)
            cr_assert(X[i][j] == want[i][j], "X[%zu][%zu] = %g", i, j, X[i][j]);
    cr_assert_eq(st.other_categories, 1);  /* c: seen in fit, folded */
    cr_assert_eq(st.unseen_categories, 1); /* new */
    fa_encoder_free(e);

    o.max_levels = 0; /* no limit */
    in.codes = codes;
    in.levels = levels;
    FA_ASSERT_OK(fa_encoder__fit_inputs(&e, &in, 1, 8, &o, &err));
    cr_assert_eq(fa_encoder_n_features(e), 4u);
    fa_encoder_free(e);
    FA_ASSERT_NO_LEAKS();
}

Test(encode_fit, allocation_failures_return_enomem_without_leaks)
{
    fa_encoder_options o = FA_ENCODER_OPTIONS_INIT;
    fa_enc_input in[3];
    fa_encoder *e;
    fa_error err;
    long n, total;

    fixture(in);
    o.max_levels = 2; /* exercise the other-levels path too */
    fa__alloc_fail_after(0);
    FA_ASSERT_OK(fa_encoder__fit_inputs(&e, in, 3, N_ROWS, &o, &err));
    total = fa__alloc_fail_after(0);
    fa_encoder_free(e);
    cr_assert(total > 10, "fit made only %ld allocations", total);
    for (n = 1; n <= total; n++) {
        e = (fa_encoder *)1;
        fa__alloc_fail_after(n);
        cr_assert_eq(fa_encoder__fit_inputs(&e, in, 3, N_ROWS, &o, &err), FA_ENOMEM, "n=%ld", n);
        fa__alloc_fail_after(0);
        cr_assert_null(e);
    }
    FA_ASSERT_NO_LEAKS();
}

Test(encode_transform, allocation_failures_return_enomem)
{
    fa_encoder_options o = FA_ENCODER_OPTIONS_INIT;
    fa_encoder *e = fit_fixture(&o);
    fa_enc_input in[3];
    fa_error err;
    double X[N_ROWS * 5];
    long n, total;

    fixture(in);
    fa__alloc_fail_after(0);
    FA_ASSERT_OK(fa_encoder__transform_inputs(e, in, 3, N_ROWS, X, 5, NULL, &err));
    total = fa__alloc_fail_after(0);
    cr_assert(total >= 2);
    for (n = 1; n <= total; n++) {
        fa__alloc_fail_after(n);
        cr_assert_eq(fa_encoder__transform_inputs(e, in, 3, N_ROWS, X, 5, NULL, &err), FA_ENOMEM);
        fa__alloc_fail_after(0);
    }
    fa_encoder_free(e);
    FA_ASSERT_NO_LEAKS();
}
