/* lib/model: logistic regression — gradient, known optima, determinism, errors. */
#include <math.h>
#include <string.h>

#include "common/internal.h"
#include "common/rng.h"
#include "fa_test.h"
#include "la/la.h"
#include "model/logreg.h"
#include "model/model_internal.h"

/* Central differences with h = 1e-5 on O(100) objectives: error ~ h^2 f''' + eps f / h. */
#define TOL_FD_REL 1e-6
/* Coefficients at the default tolerance against an exact (Newton) solution. */
#define TOL_COEF 1e-5

typedef struct data {
    double *X;
    uint8_t *y;
    double *w;
    size_t n, d;
} data;

static data random_data(size_t n, size_t d, uint64_t seed, int weighted)
{
    data D = {malloc(n * d * sizeof(double)), malloc(n),
              weighted ? malloc(n * sizeof(double)) : NULL, n, d};
    fa_rng r;
    size_t i, j;

    fa_rng_seed(&r, seed);
    for (i = 0; i < n; i++) {
        double z = 0.3;
        for (j = 0; j < d; j++) {
            D.X[i * d + j] = fa_rng_normal(&r);
            z += D.X[i * d + j] * (j % 2 ? 0.8 : -0.5);
        }
        D.y[i] = fa_rng_uniform(&r) < 1.0 / (1.0 + exp(-z));
        if (weighted)
            D.w[i] = 0.25 + 2.0 * fa_rng_uniform(&r);
    }
    return D;
}

static void free_data(data *D)
{
    free(D->X);
    free(D->y);
    free(D->w);
}

Test(model_logreg, gradient_matches_finite_differences)
{
    data D = random_data(300, 6, 11, 1);
    fa_cmat X = fa_cmat_view(D.X, D.n, D.d);
    fa_logreg_problem p;
    fa_error err;
    double theta[7] = {0.3, -0.2, 0.1, 0.5, -0.7, 0.05, -0.4}, g[7], gtmp[7];
    size_t j;

    FA_ASSERT_OK(fa_logreg_problem_init(&p, &X, D.y, D.w, 0.7, 2, &err));
    fa_logreg_objective(&p, theta, g);
    for (j = 0; j < 7; j++) {
        double h = 1e-5, save = theta[j], fp, fm, fd;
        theta[j] = save + h;
        fp = fa_logreg_objective(&p, theta, gtmp);
        theta[j] = save - h;
        fm = fa_logreg_objective(&p, theta, gtmp);
        theta[j] = save;
        fd = (fp - fm) / (2 * h);
        cr_assert(fabs(fd - g[j]) <= TOL_FD_REL * (1.0 + fabs(g[j])),
                  "theta[%zu]: analytic %.10g, "
                  "finite difference %.10g",
                  j, g[j], fd);
    }
    fa_logreg_problem_dispose(&p);
    free_data(&D);
}

Test(model_logreg, objective_value_matches_a_direct_sum)
{
    data D = random_data(50, 3, 12, 1);
    fa_cmat X = fa_cmat_view(D.X, D.n, D.d);
    fa_logreg_problem p;
    fa_error err;
    double theta[4] = {0.5, -1.0, 2.0, 0.25}, g[4], want = 0.0;
    size_t i;

    FA_ASSERT_OK(fa_logreg_problem_init(&p, &X, D.y, D.w, 2.0, 1, &err));
    for (i = 0; i < D.n; i++) {
        double z = theta[3] + D.X[i * 3] * theta[0] + D.X[i * 3 + 1] * theta[1] +
                   D.X[i * 3 + 2] * theta[2];
        want += D.w[i] * (log1p(exp(z)) - D.y[i] * z);
    }
    want += 0.5 * 2.0 * (0.25 + 1.0 + 4.0);
    FA_ASSERT_NEAR(fa_logreg_objective(&p, theta, g), want, 1e-12 * want);
    fa_logreg_problem_dispose(&p);
    free_data(&D);
}

static fa_model *fit(const data *D, double l2, unsigned threads)
{
    fa_fit_options o = FA_FIT_OPTIONS_INIT;
    fa_model *m = NULL;
    fa_error err;

    o.logreg.l2 = l2;
    o.n_threads = threads;
    FA_ASSERT_OK(fa_model_fit_matrix(&m, D->X, D->n, D->d, D->y, D->w, &o, &err));
    return m;
}

Test(model_logreg, intercept_only_problem_reaches_the_weighted_log_odds)
{
    /* A constant-zero feature: w = 0 and b = logit(weighted base rate). */
    double X[10] = {0}, w[10] = {1, 1, 1, 2, 2, 1, 1, 1, 1, 1};
    uint8_t y[10] = {1, 0, 0, 1, 0, 0, 0, 1, 0, 0};
    data D = {X, y, w, 10, 1};
    fa_model *m = fit(&D, 1.0, 1);
    fa_fit_info info;
    double p = 4.0 / 12.0;

    fa_model_fit_info(m, &info);
    cr_assert(info.converged, "%s", info.stop_reason);
    FA_ASSERT_NEAR(m->coef[0], 0.0, 1e-12);
    FA_ASSERT_NEAR(m->intercept, log(p / (1 - p)), 1e-7);
    FA_ASSERT_NEAR(info.objective, -12.0 * (p * log(p) + (1 - p) * log(1 - p)), 1e-9);
    fa_model_free(m);
}

Test(model_logreg, symmetric_problem_without_penalty_has_closed_form)
{
    /* x = +1: 3 positives, 1 negative; x = -1: 1 positive, 3 negatives.
     * Unpenalised optimum: b = 0, w = log(3). */
    double X[8] = {1, 1, 1, 1, -1, -1, -1, -1};
    uint8_t y[8] = {1, 1, 1, 0, 1, 0, 0, 0};
    data D = {X, y, NULL, 8, 1};
    fa_model *m = fit(&D, 0.0, 1);

    FA_ASSERT_NEAR(m->coef[0], log(3.0), 1e-7);
    FA_ASSERT_NEAR(m->intercept, 0.0, 1e-7);
    fa_model_free(m);
}

/* Newton's method on the same objective, dense 3x3 solve: the exact optimum. */
static void newton(const data *D, double l2, double theta[4])
{
    int it;
    size_t i, a, b;

    memset(theta, 0, 4 * sizeof(double));
    for (it = 0; it < 50; it++) {
        double H[4][5] = {{0}};
        for (i = 0; i < D->n; i++) {
            double xi[4] = {D->X[i * 3], D->X[i * 3 + 1], D->X[i * 3 + 2], 1.0};
            double z = theta[0] * xi[0] + theta[1] * xi[1] + theta[2] * xi[2] + theta[3];
            double p = 1.0 / (1.0 + exp(-z)), s = D->w ? D->w[i] : 1.0;
            for (a = 0; a < 4; a++) {
                H[a][4] += s * (p - D->y[i]) * xi[a];
                for (b = 0; b < 4; b++)
                    H[a][b] += s * p * (1 - p) * xi[a] * xi[b];
            }
        }
        for (a = 0; a < 3; a++) {
            H[a][a] += l2;
            H[a][4] += l2 * theta[a];
        }
        /* Gaussian elimination (H is symmetric positive definite). */
        for (a = 0; a < 4; a++)
            for (b = a + 1; b < 4; b++) {
                double f = H[b][a] / H[a][a];
                size_t c;
                for (c = a; c < 5; c++)
                    H[b][c] -= f * H[a][c];
            }
        for (a = 4; a-- > 0;) {
            double s = H[a][4];
            for (b = a + 1; b < 4; b++)
                s -= H[a][b] * H[b][4];
            H[a][4] = s / H[a][a];
            theta[a] -= H[a][4];
        }
    }
}

Test(model_logreg, matches_newtons_method_on_a_weighted_problem)
{
    data D = random_data(500, 3, 13, 1);
    double theta[4];
    fa_model *m = fit(&D, 3.0, 2);
    size_t j;

    newton(&D, 3.0, theta);
    for (j = 0; j < 3; j++)
        FA_ASSERT_NEAR(m->coef[j], theta[j], TOL_COEF);
    FA_ASSERT_NEAR(m->intercept, theta[3], TOL_COEF);
    fa_model_free(m);
    free_data(&D);
}

Test(model_logreg, separable_toy_problem_is_classified_perfectly)
{
    double X[8] = {-2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2};
    uint8_t y[8] = {0, 0, 0, 0, 1, 1, 1, 1}, dec[8];
    double p[8];
    data D = {X, y, NULL, 8, 1};
    fa_model *m = fit(&D, 0.01, 1);
    fa_fit_info info;
    fa_error err;
    size_t i;

    fa_model_fit_info(m, &info);
    cr_assert(info.converged, "%s", info.stop_reason);
    FA_ASSERT_OK(fa_model_predict_matrix(m, X, 8, 1, p, &err));
    fa_model_decide(m, p, 8, dec);
    for (i = 0; i < 8; i++)
        cr_assert_eq(dec[i], y[i], "row %zu: p = %g", i, p[i]);
    cr_assert(m->coef[0] > 5.0, "weak penalty: a steep slope, got %g", m->coef[0]);
    FA_ASSERT_NEAR(m->intercept, 0.0, 1e-6);
    fa_model_free(m);
}

Test(model_logreg, integer_weights_equal_repeated_rows)
{
    double X[6] = {0.5, -1.0, 2.0, 0.1, -0.3, 1.2},
           X2[9] = {0.5, -1.0, -1.0, 2.0, 0.1, 0.1, 0.1, -0.3, 1.2};
    double w[6] = {1, 2, 1, 3, 1, 1};
    uint8_t y[6] = {1, 0, 1, 0, 0, 1}, y2[9] = {1, 0, 0, 1, 0, 0, 0, 0, 1};
    data A = {X, y, w, 6, 1}, B = {X2, y2, NULL, 9, 1};
    fa_model *ma = fit(&A, 0.5, 1), *mb = fit(&B, 0.5, 1);

    FA_ASSERT_NEAR(ma->coef[0], mb->coef[0], 1e-7);
    FA_ASSERT_NEAR(ma->intercept, mb->intercept, 1e-7);
    fa_model_free(ma);
    fa_model_free(mb);
}

Test(model_logreg, same_data_gives_identical_models_for_any_thread_count)
{
    data D = random_data(2 * FA_LA_GLM_CHUNK + 100, 7, 14, 1);
    fa_model *a = fit(&D, 1.0, 1), *b = fit(&D, 1.0, 3);
    double pa[50], pb[50];
    fa_error err;

    cr_assert(memcmp(a->coef, b->coef, 7 * sizeof(double)) == 0);
    cr_assert(memcmp(&a->intercept, &b->intercept, sizeof(double)) == 0);
    FA_ASSERT_OK(fa_model_predict_matrix(a, D.X, 50, 7, pa, &err));
    FA_ASSERT_OK(fa_model_predict_matrix(b, D.X, 50, 7, pb, &err));
    cr_assert(memcmp(pa, pb, sizeof pa) == 0);
    fa_model_free(a);
    fa_model_free(b);
    free_data(&D);
}

Test(model_logreg, rejects_unusable_data_and_options)
{
    double X[4] = {1, 2, 3, 4}, w[4] = {1, 1, -1, 1};
    uint8_t y1[4] = {1, 1, 1, 1}, y[4] = {0, 1, 0, 1}, y3[4] = {0, 1, 2, 1};
    fa_fit_options o = FA_FIT_OPTIONS_INIT;
    fa_model *m = NULL;
    fa_error err;

    cr_assert_eq(fa_model_fit_matrix(&m, X, 4, 1, y1, NULL, NULL, &err), FA_EDATA);
    cr_assert(strstr(err.message, "both classes") != NULL, "%s", err.message);
    cr_assert_null(m);
    cr_assert_eq(fa_model_fit_matrix(&m, X, 4, 1, y3, NULL, NULL, &err), FA_EDATA);
    cr_assert_eq(fa_model_fit_matrix(&m, X, 4, 1, y, w, NULL, &err), FA_EDATA);
    cr_assert(strstr(err.message, "row 3") != NULL, "%s", err.message);
    X[1] = NAN;
    cr_assert_eq(fa_model_fit_matrix(&m, X, 4, 1, y, NULL, NULL, &err), FA_EDATA);
    cr_assert(strstr(err.message, "not finite") != NULL);
    X[1] = 2;
    cr_assert_eq(fa_model_fit_matrix(&m, X, 0, 1, y, NULL, NULL, &err), FA_EDATA);
    o.logreg.l2 = -1;
    cr_assert_eq(fa_model_fit_matrix(&m, X, 4, 1, y, NULL, &o, &err), FA_EINVAL);
    o.logreg.l2 = 1;
    o.threshold = 1.5;
    cr_assert_eq(fa_model_fit_matrix(&m, X, 4, 1, y, NULL, &o, &err), FA_EINVAL);
    o.threshold = 0.5;
    o.logreg.max_iter = 0;
    cr_assert_eq(fa_model_fit_matrix(&m, X, 4, 1, y, NULL, &o, &err), FA_EINVAL);
}

Test(model_logreg, reports_non_convergence_without_failing)
{
    data D = random_data(400, 5, 15, 0);
    fa_fit_options o = FA_FIT_OPTIONS_INIT;
    fa_model *m = NULL;
    fa_fit_info info;
    fa_error err;

    o.logreg.max_iter = 2;
    FA_ASSERT_OK(fa_model_fit_matrix(&m, D.X, D.n, D.d, D.y, NULL, &o, &err));
    fa_model_fit_info(m, &info);
    cr_assert_not(info.converged);
    cr_assert(strstr(info.stop_reason, "max_iter") != NULL, "%s", info.stop_reason);
    fa_model_free(m);
    free_data(&D);
}

Test(model_logreg, threshold_and_kind_helpers)
{
    double X[4] = {-1, -0.5, 0.5, 1}, p[2] = {0.3, 0.7};
    uint8_t y[4] = {0, 1, 0, 1}, dec[2];
    data D = {X, y, NULL, 4, 1};
    fa_model *m = fit(&D, 1.0, 1);
    fa_model_kind k;
    fa_error err;

    cr_assert_eq(fa_model_kind_of(m), FA_MODEL_LOGREG);
    cr_assert_eq(fa_model_n_inputs(m), 1);
    FA_ASSERT_OK(fa_model_set_threshold(m, 0.8, &err));
    fa_model_decide(m, p, 2, dec);
    cr_assert(dec[0] == 0 && dec[1] == 0);
    cr_assert_eq(fa_model_set_threshold(m, -0.1, &err), FA_EINVAL);
    FA_ASSERT_OK(fa_model_kind_parse("mlp", &k, &err));
    cr_assert_eq(k, FA_MODEL_MLP);
    cr_assert_eq(fa_model_kind_parse("svm", &k, &err), FA_EINVAL);
    cr_assert_str_eq(fa_model_kind_name(FA_MODEL_LOGREG), "logreg");
    fa_model_free(m);
}
