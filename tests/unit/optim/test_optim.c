/* lib/optim: L-BFGS on problems with known minima; Adam's update rule. */
#include <math.h>
#include <string.h>

#include "common/internal.h"
#include "fa_test.h"
#include "optim/optim.h"

/* Distance to a known minimiser reached by L-BFGS with a tight gtol. */
#define TOL_ARGMIN 1e-6

/* Extended Rosenbrock: sum_i 100 (x_{2i+1} - x_{2i}^2)^2 + (1 - x_{2i})^2, minimum 0 at 1. */
static double rosen(void *ctx, const double *x, double *g)
{
    size_t n = *(const size_t *)ctx, i;
    double f = 0.0;

    for (i = 0; i < n; i += 2) {
        double t1 = 1.0 - x[i], t2 = 10.0 * (x[i + 1] - x[i] * x[i]);
        g[i + 1] = 20.0 * t2;
        g[i] = -2.0 * (x[i] * g[i + 1] + t1);
        f += t1 * t1 + t2 * t2;
    }
    return f;
}

Test(optim_lbfgs, finds_the_rosenbrock_minimum)
{
    size_t n = 10, i;
    double x[10];
    fa_objective obj = {10, rosen, &n};
    fa_lbfgs_options o = {1000, 1e-10, 0, NULL, NULL, NULL, NULL};
    fa_optim_result res;
    fa_error err;

    for (i = 0; i < n; i += 2) {
        x[i] = -1.2;
        x[i + 1] = 1.0;
    }
    FA_ASSERT_OK(fa_lbfgs_minimize(&obj, x, &o, &res, &err));
    cr_assert_eq(res.stop, FA_OPTIM_CONVERGED, "%s", res.detail);
    cr_assert(res.grad_inf <= 1e-10);
    for (i = 0; i < n; i++)
        FA_ASSERT_NEAR(x[i], 1.0, TOL_ARGMIN);
    FA_ASSERT_NEAR(res.f, 0.0, 1e-18);
    cr_assert(res.iterations > 10 && res.evaluations >= res.iterations);
    cr_assert_str_eq(fa_optim_stop_name(res.stop), "converged");
}

/* f(x) = 0.5 sum_i a_i (x_i - c_i)^2: minimiser c. */
typedef struct quad {
    size_t n;
    double a[5], c[5];
} quad;

static double quad_fn(void *ctx, const double *x, double *g)
{
    const quad *q = ctx;
    double f = 0.0;
    size_t i;

    for (i = 0; i < q->n; i++) {
        double d = x[i] - q->c[i];
        g[i] = q->a[i] * d;
        f += 0.5 * q->a[i] * d * d;
    }
    return f;
}

Test(optim_lbfgs, solves_an_ill_conditioned_quadratic)
{
    quad q = {5, {1e-3, 1.0, 10.0, 100.0, 1e4}, {1, -2, 3, -4, 5}};
    fa_objective obj = {5, quad_fn, &q};
    fa_lbfgs_options o = {500, 1e-12, 5, NULL, NULL, NULL, NULL};
    fa_optim_result res;
    fa_error err;
    double x[5] = {0};
    size_t i;

    FA_ASSERT_OK(fa_lbfgs_minimize(&obj, x, &o, &res, &err));
    cr_assert_eq(res.stop, FA_OPTIM_CONVERGED, "%s", res.detail);
    for (i = 0; i < 5; i++)
        FA_ASSERT_NEAR(x[i], q.c[i], 1e-12 / q.a[i] * 10);
}

Test(optim_lbfgs, reports_max_iter_with_the_value_at_the_returned_point)
{
    size_t n = 2;
    double x[2] = {-1.2, 1.0}, g[2];
    fa_objective obj = {2, rosen, &n};
    fa_lbfgs_options o = {3, 1e-12, 0, NULL, NULL, NULL, NULL};
    fa_optim_result res;
    fa_error err;

    FA_ASSERT_OK(fa_lbfgs_minimize(&obj, x, &o, &res, &err));
    cr_assert_eq(res.stop, FA_OPTIM_MAX_ITER, "%s", res.detail);
    cr_assert(res.iterations <= 3);
    FA_ASSERT_NEAR(res.f, rosen(&n, x, g), 0.0);
    cr_assert(strstr(res.detail, "max_iter") != NULL);
}

static double nan_fn(void *ctx, const double *x, double *g)
{
    (void)ctx;
    g[0] = x[0];
    return NAN;
}

static int n_logged;
static void count_log(fa_log_level level, const char *msg, void *payload)
{
    (void)level;
    (void)payload;
    cr_assert(strstr(msg, "L-BFGS") != NULL);
    n_logged++;
}

Test(optim_lbfgs, rejects_bad_options_and_a_non_finite_start)
{
    double x[1] = {1.0};
    fa_objective obj = {1, nan_fn, NULL};
    fa_lbfgs_options o = {10, 1e-6, 0, NULL, NULL, NULL, NULL};
    fa_optim_result res;
    fa_error err;

    cr_assert_eq(fa_lbfgs_minimize(&obj, x, &o, &res, &err), FA_EDATA);
    cr_assert(strstr(err.message, "not finite") != NULL);
    o.max_iter = 0;
    cr_assert_eq(fa_lbfgs_minimize(&obj, x, &o, &res, &err), FA_EINVAL);
    o.max_iter = 10;
    obj.n_params = 0;
    cr_assert_eq(fa_lbfgs_minimize(&obj, x, &o, &res, &err), FA_EINVAL);
}

Test(optim_lbfgs, logs_a_final_line_through_the_callback)
{
    quad q = {2, {1, 2}, {3, 4}};
    fa_objective obj = {2, quad_fn, &q};
    fa_lbfgs_options o = {100, 1e-10, 0, NULL, NULL, count_log, NULL};
    fa_optim_result res;
    fa_error err;
    double x[2] = {0, 0};

    n_logged = 0;
    FA_ASSERT_OK(fa_lbfgs_minimize(&obj, x, &o, &res, &err));
    cr_assert(n_logged >= 1);
}

Test(optim_adam, first_step_moves_each_coordinate_by_the_learning_rate)
{
    fa_adam a;
    fa_error err;
    double x[3] = {1.0, 1.0, 1.0}, g[3] = {4.0, -0.001, 0.0};

    FA_ASSERT_OK(fa_adam_init(&a, 3, 0.01, FA_ADAM_DEFAULT_BETA1, FA_ADAM_DEFAULT_BETA2,
                              FA_ADAM_DEFAULT_EPSILON, &err));
    fa_adam_step(&a, x, g);
    /* m_hat = g, v_hat = g^2: the step is lr * g / (|g| + eps). */
    FA_ASSERT_NEAR(x[0], 1.0 - 0.01 * 4.0 / (4.0 + 1e-8), 1e-15);
    FA_ASSERT_NEAR(x[1], 1.0 + 0.01 * 0.001 / (0.001 + 1e-8), 1e-15);
    FA_ASSERT_NEAR(x[2], 1.0, 0.0);
    cr_assert_eq(a.t, 1);
    fa_adam_reset(&a);
    cr_assert_eq(a.t, 0);
    cr_assert(a.m[0] == 0.0 && a.v[0] == 0.0);
    fa_adam_dispose(&a);
}

Test(optim_adam, minimises_a_quadratic)
{
    quad q = {3, {1.0, 5.0, 0.5}, {2.0, -1.0, 0.25}};
    fa_adam a;
    fa_error err;
    double x[3] = {0}, g[3];
    int it;

    FA_ASSERT_OK(fa_adam_init(&a, 3, 0.05, 0.9, 0.999, 1e-8, &err));
    for (it = 0; it < 5000; it++) {
        quad_fn(&q, x, g);
        fa_adam_step(&a, x, g);
    }
    FA_ASSERT_NEAR(x[0], 2.0, 1e-3);
    FA_ASSERT_NEAR(x[1], -1.0, 1e-3);
    FA_ASSERT_NEAR(x[2], 0.25, 1e-3);
    fa_adam_dispose(&a);
}

Test(optim_adam, rejects_bad_hyperparameters)
{
    fa_adam a;
    fa_error err;

    cr_assert_eq(fa_adam_init(&a, 3, 0.0, 0.9, 0.999, 1e-8, &err), FA_EINVAL);
    cr_assert_eq(fa_adam_init(&a, 3, 0.1, 1.0, 0.999, 1e-8, &err), FA_EINVAL);
    cr_assert_eq(fa_adam_init(&a, 3, 0.1, 0.9, 0.999, 0.0, &err), FA_EINVAL);
}
