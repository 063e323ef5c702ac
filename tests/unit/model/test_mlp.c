/* lib/model: MLP — backward pass against finite differences, learning a
 * non-linear problem, determinism, early stopping, adversary hooks. */
#include <math.h>
#include <string.h>

#include "common/internal.h"
#include "common/rng.h"
#include "fa_test.h"
#include "la/la.h"
#include "model/loss.h"
#include "model/mlp.h"
#include "model/model_internal.h"

#define TOL_FD_REL 1e-6

/* Weighted batch loss sum_k s_k loss(z_k, y_k) of the network on X. */
static double batch_loss(const fa_mlp *net,
                         const fa_cmat *X,
                         fa_mlp_ws *ws,
                         const double *y,
                         const double *s,
                         double *logit,
                         double *dlogit)
{
    fa_mlp_forward(net, X, ws, logit);
    return fa_loss_logistic(X->rows, logit, y, s, 1.0, dlogit);
}

static void check_gradient(size_t n_hidden, const size_t *hidden)
{
    enum { B = 17, D = 5 };
    double X[B * D], y[B], s[B], logit[B], dlogit[B];
    fa_cmat Xm;
    fa_mlp net;
    fa_mlp_ws ws;
    fa_error err;
    fa_rng r;
    double *g;
    size_t i;

    fa_rng_seed(&r, 21);
    for (i = 0; i < B * D; i++)
        X[i] = fa_rng_normal(&r);
    for (i = 0; i < B; i++) {
        y[i] = (double)(fa_rng_uniform(&r) < 0.4);
        s[i] = 0.5 + fa_rng_uniform(&r);
    }
    Xm = fa_cmat_view(X, B, D);
    FA_ASSERT_OK(fa_mlp_init(&net, D, n_hidden, hidden, &err));
    fa_mlp_init_params(&net, 5, 0.2);
    /* Non-zero biases so every path is exercised. */
    for (i = 0; i < net.n_params; i++)
        net.params[i] += 0.05 * fa_rng_normal(&r);
    FA_ASSERT_OK(fa_mlp_ws_init(&ws, &net, B, &err));
    g = malloc(net.n_params * sizeof *g);
    batch_loss(&net, &Xm, &ws, y, s, logit, dlogit);
    fa_mlp_backward(&net, &Xm, &ws, dlogit, g);
    for (i = 0; i < net.n_params; i++) {
        double h = 1e-6, save = net.params[i], fp, fm, fd;
        net.params[i] = save + h;
        fp = batch_loss(&net, &Xm, &ws, y, s, logit, NULL);
        net.params[i] = save - h;
        fm = batch_loss(&net, &Xm, &ws, y, s, logit, NULL);
        net.params[i] = save;
        fd = (fp - fm) / (2 * h);
        cr_assert(fabs(fd - g[i]) <= TOL_FD_REL * (1.0 + fabs(g[i])),
                  "param %zu of %zu: analytic %.10g, finite difference %.10g", i, net.n_params,
                  g[i], fd);
    }
    free(g);
    fa_mlp_ws_dispose(&ws);
    fa_mlp_dispose(&net);
}

Test(model_mlp, backward_matches_finite_differences_one_hidden_layer)
{
    size_t h[1] = {6};
    check_gradient(1, h);
}

Test(model_mlp, backward_matches_finite_differences_two_hidden_layers)
{
    size_t h[2] = {7, 4};
    check_gradient(2, h);
}

/* XOR-like: label = (x0 * x1 > 0). A linear model cannot do better than chance. */
static void xor_data(size_t n, uint64_t seed, double *X, uint8_t *y)
{
    fa_rng r;
    size_t i;

    fa_rng_seed(&r, seed);
    for (i = 0; i < n; i++) {
        X[2 * i] = 2.0 * fa_rng_uniform(&r) - 1.0;
        X[2 * i + 1] = 2.0 * fa_rng_uniform(&r) - 1.0;
        y[i] = X[2 * i] * X[2 * i + 1] > 0.0;
    }
}

static double accuracy(const fa_model *m, const double *X, const uint8_t *y, size_t n)
{
    double *p = malloc(n * sizeof *p);
    uint8_t *d = malloc(n);
    fa_error err;
    size_t i, ok = 0;

    FA_ASSERT_OK(fa_model_predict_matrix(m, X, n, 2, p, &err));
    fa_model_decide(m, p, n, d);
    for (i = 0; i < n; i++)
        ok += d[i] == y[i];
    free(p);
    free(d);
    return (double)ok / (double)n;
}

static fa_fit_options mlp_options(void)
{
    fa_fit_options o = FA_FIT_OPTIONS_INIT;

    o.kind = FA_MODEL_MLP;
    o.mlp.hidden[0] = 16;
    o.mlp.batch_size = 32;
    o.mlp.learning_rate = 0.01;
    o.mlp.max_epochs = 300;
    o.mlp.patience = 30;
    return o;
}

Test(model_mlp, learns_a_problem_logistic_regression_cannot)
{
    enum { N = 2000 };
    static double X[N * 2], Xt[N * 2];
    static uint8_t y[N], yt[N];
    fa_fit_options o = mlp_options();
    fa_model *mlp = NULL, *lr = NULL;
    fa_error err;

    xor_data(N, 31, X, y);
    xor_data(N, 32, Xt, yt);
    FA_ASSERT_OK(fa_model_fit_matrix(&mlp, X, N, 2, y, NULL, &o, &err));
    FA_ASSERT_OK(fa_model_fit_matrix(&lr, X, N, 2, y, NULL, NULL, &err));
    cr_assert(accuracy(mlp, Xt, yt, N) > 0.95, "MLP accuracy %g", accuracy(mlp, Xt, yt, N));
    cr_assert(accuracy(lr, Xt, yt, N) < 0.65, "logreg accuracy %g", accuracy(lr, Xt, yt, N));
    fa_model_free(mlp);
    fa_model_free(lr);
}

Test(model_mlp, same_seed_gives_identical_models_and_another_seed_does_not)
{
    enum { N = 600 };
    static double X[N * 2];
    static uint8_t y[N];
    fa_fit_options o = mlp_options();
    fa_model *a = NULL, *b = NULL, *c = NULL;
    fa_error err;

    o.mlp.max_epochs = 5;
    xor_data(N, 33, X, y);
    FA_ASSERT_OK(fa_model_fit_matrix(&a, X, N, 2, y, NULL, &o, &err));
    FA_ASSERT_OK(fa_model_fit_matrix(&b, X, N, 2, y, NULL, &o, &err));
    o.seed = 7;
    FA_ASSERT_OK(fa_model_fit_matrix(&c, X, N, 2, y, NULL, &o, &err));
    cr_assert_eq(a->mlp.n_params, b->mlp.n_params);
    cr_assert(memcmp(a->mlp.params, b->mlp.params, a->mlp.n_params * sizeof(double)) == 0);
    cr_assert(memcmp(a->mlp.params, c->mlp.params, a->mlp.n_params * sizeof(double)) != 0);
    fa_model_free(a);
    fa_model_free(b);
    fa_model_free(c);
}

Test(model_mlp, stops_early_and_keeps_the_best_epoch)
{
    enum { N = 400 };
    static double X[N * 2];
    static uint8_t y[N];
    fa_fit_options o = mlp_options();
    fa_model *m = NULL;
    fa_fit_info info;
    fa_rng r;
    fa_error err;
    size_t i;

    /* Pure noise labels: the held-out loss stops improving quickly. */
    fa_rng_seed(&r, 34);
    for (i = 0; i < N; i++) {
        X[2 * i] = fa_rng_normal(&r);
        X[2 * i + 1] = fa_rng_normal(&r);
        y[i] = fa_rng_uniform(&r) < 0.5;
    }
    o.mlp.hidden[0] = 64;
    o.mlp.learning_rate = 0.05;
    o.mlp.patience = 5;
    FA_ASSERT_OK(fa_model_fit_matrix(&m, X, N, 2, y, NULL, &o, &err));
    fa_model_fit_info(m, &info);
    cr_assert(info.converged, "%s", info.stop_reason);
    cr_assert(info.iterations < o.mlp.max_epochs);
    cr_assert(info.best_epoch >= 1 && info.best_epoch + o.mlp.patience <= info.iterations,
              "best %u of %u", info.best_epoch, info.iterations);
    cr_assert(strstr(info.stop_reason, "did not improve") != NULL);
    cr_assert(info.n_rows == N - N / 10, "%llu training rows", (unsigned long long)info.n_rows);
    fa_model_free(m);
}

typedef struct hook_ctx {
    size_t calls, rows_seen, epochs, n_rows;
    int fail_at_epoch;
} hook_ctx;

static fa_status zero_grad_hook(
    void *arg, const size_t *rows, size_t n, const double *logit, double *dlogit, fa_error *err)
{
    hook_ctx *c = arg;
    size_t k;

    (void)err;
    c->calls++;
    c->rows_seen += n;
    for (k = 0; k < n; k++) {
        cr_assert(rows[k] < c->n_rows);
        cr_assert(isfinite(logit[k]));
        dlogit[k] = 0.0; /* an adversary cancelling the whole classifier gradient */
    }
    return FA_OK;
}

static fa_status epoch_hook(void *arg, unsigned epoch, double val_loss, fa_error *err)
{
    hook_ctx *c = arg;

    cr_assert(isfinite(val_loss));
    c->epochs = epoch;
    if ((int)epoch == c->fail_at_epoch)
        return fa_error_set(err, FA_EDATA, "adversary gave up at epoch %u", epoch);
    return FA_OK;
}

Test(model_mlp, hooks_see_every_batch_and_can_change_the_gradient)
{
    enum { N = 300 };
    static double X[N * 2];
    static uint8_t y[N];
    fa_fit_options o = mlp_options();
    fa_cmat Xm = fa_cmat_view(X, N, 2);
    hook_ctx ctx = {0, 0, 0, N, 0};
    fa_mlp_hooks hooks = {zero_grad_hook, epoch_hook, &ctx};
    fa_mlp net, init;
    fa_fit_info info;
    fa_error err;

    xor_data(N, 35, X, y);
    o.mlp.max_epochs = 3;
    o.mlp.l2 = 0.0;
    FA_ASSERT_OK(fa_mlp_init(&net, 2, 1, o.mlp.hidden, &err));
    FA_ASSERT_OK(fa_mlp_train(&net, &Xm, y, NULL, &o, &hooks, &info, &err));
    cr_assert_eq(ctx.epochs, 3);
    cr_assert_eq(ctx.rows_seen, 3 * (N - N / 10));
    cr_assert_eq(ctx.calls, 3 * ((N - N / 10 + 31) / 32));
    /* Zero gradient and no decay: the parameters are the initial ones. */
    FA_ASSERT_OK(fa_mlp_init(&init, 2, 1, o.mlp.hidden, &err));
    memcpy(init.params, net.params, net.n_params * sizeof(double));
    fa_mlp_init_params(&init, o.seed, net.params[net.n_params - 1]);
    cr_assert(memcmp(init.params, net.params, net.n_params * sizeof(double)) == 0);
    /* An error from a hook stops training with that error. */
    ctx.fail_at_epoch = 2;
    cr_assert_eq(fa_mlp_train(&net, &Xm, y, NULL, &o, &hooks, &info, &err), FA_EDATA);
    cr_assert(strstr(err.message, "adversary gave up") != NULL);
    fa_mlp_dispose(&init);
    fa_mlp_dispose(&net);
}

Test(model_mlp, predict_is_the_sigmoid_of_the_forward_pass)
{
    enum { N = 2500 }; /* more than one scoring chunk */
    static double X[N * 2], p[N], z[N];
    size_t h[2] = {5, 3}, i;
    fa_cmat Xm = fa_cmat_view(X, N, 2);
    fa_mlp net;
    fa_mlp_ws ws;
    fa_error err;

    xor_data(N, 36, X, (uint8_t[N]){0});
    FA_ASSERT_OK(fa_mlp_init(&net, 2, 2, h, &err));
    fa_mlp_init_params(&net, 3, -0.5);
    FA_ASSERT_OK(fa_mlp_predict(&net, &Xm, p, &err));
    FA_ASSERT_OK(fa_mlp_ws_init(&ws, &net, N, &err));
    fa_mlp_forward(&net, &Xm, &ws, z);
    for (i = 0; i < N; i++)
        FA_ASSERT_NEAR(p[i], 1.0 / (1.0 + exp(-z[i])), 1e-15);
    fa_mlp_ws_dispose(&ws);
    fa_mlp_dispose(&net);
}

Test(model_mlp, rejects_bad_options)
{
    double X[4] = {1, 2, 3, 4};
    uint8_t y[4] = {0, 1, 0, 1};
    fa_fit_options o = mlp_options();
    fa_model *m = NULL;
    fa_error err;

    o.mlp.n_hidden_layers = 3;
    cr_assert_eq(fa_model_fit_matrix(&m, X, 4, 1, y, NULL, &o, &err), FA_EINVAL);
    o.mlp.n_hidden_layers = 1;
    o.mlp.hidden[0] = 0;
    cr_assert_eq(fa_model_fit_matrix(&m, X, 4, 1, y, NULL, &o, &err), FA_EINVAL);
    o.mlp.hidden[0] = 4;
    o.mlp.validation_fraction = 0.9;
    cr_assert_eq(fa_model_fit_matrix(&m, X, 4, 1, y, NULL, &o, &err), FA_EINVAL);
    cr_assert(strstr(err.message, "validation") != NULL);
}
