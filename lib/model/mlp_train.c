/*
 * mlp_train.c — minibatch training of the MLP: a seeded, label-stratified
 * hold-out split, Adam on shuffled minibatches, early stopping on the
 * held-out weighted log-loss, and the hooks an adversary attaches to.
 *
 * Randomness comes from three fa_rng streams of the seed (initialisation,
 * split, shuffling), so changing one use never shifts the others. The run
 * is deterministic for a given seed, data and OpenBLAS thread count.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/rng.h"
#include "model/loss.h"
#include "model/mlp.h"
#include "optim/optim.h"

#define SPLIT_STREAM   2u
#define SHUFFLE_STREAM 3u
/* Rows per forward pass when evaluating the held-out loss. */
#define EVAL_CHUNK 1024u
/* A held-out loss must beat the best by this much to reset the patience
 * counter (scikit-learn's MLP uses tol = 1e-4 on its own score). */
#define EARLY_STOP_MIN_DELTA 1e-5
/* Base rates are clamped away from 0 and 1 before taking the logit. */
#define BASE_RATE_CLAMP 1e-6
#define LOG_INTERVAL_S  1.0

typedef struct trainer {
    fa_mlp *net;
    const fa_cmat *X;
    const uint8_t *y;
    const double *sw;
    size_t *idx;     /* train rows then held-out rows */
    size_t *scratch; /* n rows, for the split */
    size_t n_train, n_val;
    size_t cap; /* rows in the gather buffers */
    double *xb, *yb, *sb, *logit, *dlogit, *grad, *best;
    fa_mlp_ws ws;
} trainer;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void shuffle(size_t *v, size_t n, fa_rng *rng)
{
    size_t i;

    for (i = n; i > 1; i--) {
        size_t j = (size_t)fa_rng_below(rng, i), t = v[i - 1];
        v[i - 1] = v[j];
        v[j] = t;
    }
}

/* Stratified split: the same share of each class goes to the held-out part.
 * Leaves t->idx as [training rows | held-out rows]. */
static void split(trainer *t, double fraction, uint64_t seed)
{
    size_t n = t->X->rows, n_pos = 0, n_neg, i, k = 0, val_pos, val_neg;
    size_t *pos = t->scratch, *neg;
    fa_rng rng;

    for (i = 0; i < n; i++)
        n_pos += t->y[i] != 0;
    n_neg = n - n_pos;
    neg = pos + n_pos;
    for (i = 0; i < n; i++) {
        if (t->y[i])
            *pos++ = i;
        else
            *neg++ = i;
    }
    pos = t->scratch;
    neg = pos + n_pos;
    fa_rng_seed_stream(&rng, seed, SPLIT_STREAM);
    shuffle(pos, n_pos, &rng);
    shuffle(neg, n_neg, &rng);
    val_pos = (size_t)floor((double)n_pos * fraction + 0.5);
    val_neg = (size_t)floor((double)n_neg * fraction + 0.5);
    /* At least one held-out row and at least one training row (n >= 2). */
    if (val_pos + val_neg == 0) {
        if (n_neg > 0)
            val_neg = 1;
        else
            val_pos = 1;
    }
    if (val_pos + val_neg >= n) {
        if (val_neg > 0)
            val_neg--;
        else
            val_pos--;
    }
    for (i = val_pos; i < n_pos; i++)
        t->idx[k++] = pos[i];
    for (i = val_neg; i < n_neg; i++)
        t->idx[k++] = neg[i];
    t->n_train = k;
    for (i = 0; i < val_pos; i++)
        t->idx[k++] = pos[i];
    for (i = 0; i < val_neg; i++)
        t->idx[k++] = neg[i];
    t->n_val = n - t->n_train;
}

static size_t gather(const trainer *t, const size_t *rows, size_t n)
{
    size_t d = t->X->cols, k;

    for (k = 0; k < n; k++) {
        size_t r = rows[k];
        memcpy(t->xb + k * d, t->X->data + r * t->X->ld, d * sizeof(double));
        t->yb[k] = (double)t->y[r];
        t->sb[k] = t->sw != NULL ? t->sw[r] : 1.0;
    }
    return n;
}

/* Weighted mean log-loss over rows[0..n); NaN when their weight is 0. */
static double mean_loss(trainer *t, const size_t *rows, size_t n)
{
    double loss = 0.0, w = 0.0;
    size_t r0, k;

    for (r0 = 0; r0 < n; r0 += EVAL_CHUNK) {
        size_t m = n - r0 < EVAL_CHUNK ? n - r0 : EVAL_CHUNK;
        fa_cmat xb = fa_cmat_view(t->xb, gather(t, rows + r0, m), t->X->cols);
        fa_mlp_forward(t->net, &xb, &t->ws, t->logit);
        loss += fa_loss_logistic(m, t->logit, t->yb, t->sb, 0.0, NULL);
        for (k = 0; k < m; k++)
            w += t->sb[k];
    }
    return w > 0.0 ? loss / w : fa_nan();
}

static void add_weight_decay(const fa_mlp *net, double l2, double *grad)
{
    size_t l, i;

    if (l2 == 0.0)
        return;
    for (l = 0; l < net->n_layers; l++) {
        size_t off = fa_mlp_w_offset(net, l), n = net->sizes[l] * net->sizes[l + 1];
        for (i = 0; i < n; i++)
            grad[off + i] += l2 * net->params[off + i];
    }
}

static void trainer_dispose(trainer *t)
{
    fa_free(t->idx);
    fa_free(t->scratch);
    fa_free(t->xb);
    fa_free(t->yb);
    fa_free(t->sb);
    fa_free(t->logit);
    fa_free(t->dlogit);
    fa_free(t->grad);
    fa_free(t->best);
    fa_mlp_ws_dispose(&t->ws);
}

static fa_status trainer_alloc(trainer *t, size_t batch, fa_error *err)
{
    size_t n = t->X->rows, d = t->X->cols, xbytes;

    t->cap = batch > EVAL_CHUNK ? batch : EVAL_CHUNK;
    if (!fa_size_mul(&xbytes, t->cap, d) || !fa_size_mul(&xbytes, xbytes, sizeof(double)))
        FA_FAIL(err, FA_ENOMEM, "MLP batch too large");
    t->idx = fa_malloc(n * sizeof *t->idx);
    t->scratch = fa_malloc(n * sizeof *t->scratch);
    t->xb = fa_malloc(xbytes);
    t->yb = fa_malloc(t->cap * sizeof(double));
    t->sb = fa_malloc(t->cap * sizeof(double));
    t->logit = fa_malloc(t->cap * sizeof(double));
    t->dlogit = fa_malloc(t->cap * sizeof(double));
    t->grad = fa_malloc(t->net->n_params * sizeof(double));
    t->best = fa_malloc(t->net->n_params * sizeof(double));
    if (!t->idx || !t->scratch || !t->xb || !t->yb || !t->sb || !t->logit || !t->dlogit ||
        !t->grad || !t->best)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    return fa_mlp_ws_init(&t->ws, t->net, t->cap, err);
}

static double train_base_logit(const trainer *t)
{
    double pos = 0.0, all = 0.0, p;
    size_t k;

    for (k = 0; k < t->n_train; k++) {
        size_t r = t->idx[k];
        double w = t->sw != NULL ? t->sw[r] : 1.0;
        all += w;
        pos += t->y[r] ? w : 0.0;
    }
    p = all > 0.0 ? pos / all : 0.5;
    p = p < BASE_RATE_CLAMP         ? BASE_RATE_CLAMP
        : p > 1.0 - BASE_RATE_CLAMP ? 1.0 - BASE_RATE_CLAMP
                                    : p;
    return log(p / (1.0 - p));
}

static fa_status run_epochs(trainer *t,
                            const fa_fit_options *opts,
                            const fa_mlp_hooks *hooks,
                            fa_fit_info *info,
                            fa_error *err)
{
    const fa_mlp_options *mo = &opts->mlp;
    size_t batch = mo->batch_size < t->n_train ? mo->batch_size : t->n_train;
    double best = INFINITY, best_for_patience = INFINITY, next_log = now_s() + LOG_INTERVAL_S;
    unsigned epoch, stale = 0;
    fa_adam adam;
    fa_rng rng;
    fa_status rc = FA_OK;
    int have_best = 0;
    char msg[200];

    FA_TRY(fa_adam_init(&adam, t->net->n_params, mo->learning_rate, FA_ADAM_DEFAULT_BETA1,
                        FA_ADAM_DEFAULT_BETA2, FA_ADAM_DEFAULT_EPSILON, err));
    fa_rng_seed_stream(&rng, opts->seed, SHUFFLE_STREAM);
    snprintf(info->stop_reason, sizeof info->stop_reason, "reached max_epochs = %u",
             mo->max_epochs);
    for (epoch = 1; epoch <= mo->max_epochs; epoch++) {
        double train_loss = 0.0, train_w = 0.0, val;
        size_t b0, k;

        shuffle(t->idx, t->n_train, &rng);
        for (b0 = 0; b0 < t->n_train; b0 += batch) {
            size_t n = t->n_train - b0 < batch ? t->n_train - b0 : batch;
            fa_cmat xb = fa_cmat_view(t->xb, gather(t, t->idx + b0, n), t->X->cols);
            double S = 0.0;

            for (k = 0; k < n; k++)
                S += t->sb[k];
            if (!(S > 0.0))
                continue; /* a batch of zero-weight rows carries no gradient */
            fa_mlp_forward(t->net, &xb, &t->ws, t->logit);
            train_loss += fa_loss_logistic(n, t->logit, t->yb, t->sb, 1.0 / S, t->dlogit);
            train_w += S;
            if (hooks != NULL && hooks->on_batch != NULL) {
                rc = hooks->on_batch(hooks->ctx, t->idx + b0, n, t->logit, t->dlogit, err);
                if (rc != FA_OK)
                    goto done;
            }
            fa_mlp_backward(t->net, &xb, &t->ws, t->dlogit, t->grad);
            add_weight_decay(t->net, mo->l2, t->grad);
            fa_adam_step(&adam, t->net->params, t->grad);
            info->evaluations++;
        }
        info->iterations = epoch;
        val = mean_loss(t, t->idx + t->n_train, t->n_val);
        if (hooks != NULL && hooks->on_epoch != NULL) {
            rc = hooks->on_epoch(hooks->ctx, epoch, val, err);
            if (rc != FA_OK)
                goto done;
        }
        if (!isfinite(train_loss)) {
            rc = fa_error_set(err, FA_EDATA,
                              "MLP training diverged at epoch %u (non-finite "
                              "loss); try a smaller learning rate",
                              epoch);
            goto done;
        }
        if (val < best) {
            best = val;
            info->best_epoch = epoch;
            memcpy(t->best, t->net->params, t->net->n_params * sizeof(double));
            have_best = 1;
        }
        if (val < best_for_patience - EARLY_STOP_MIN_DELTA) {
            best_for_patience = val;
            stale = 0;
        } else if (isfinite(val) && ++stale >= mo->patience) {
            snprintf(info->stop_reason, sizeof info->stop_reason,
                     "held-out log-loss did not improve for %u epochs", mo->patience);
            info->converged = 1;
            break;
        }
        if (opts->log != NULL && now_s() >= next_log) {
            snprintf(msg, sizeof msg,
                     "MLP epoch %u: training log-loss %.6f, held-out %.6f (best %.6f, epoch %u)",
                     epoch, train_w > 0.0 ? train_loss / train_w : fa_nan(), val, best,
                     info->best_epoch);
            opts->log(FA_LOG_INFO, msg, opts->log_payload);
            next_log = now_s() + LOG_INTERVAL_S;
        }
    }
    if (have_best)
        memcpy(t->net->params, t->best, t->net->n_params * sizeof(double));
    info->objective = best;
done:
    fa_adam_dispose(&adam);
    return rc;
}

fa_status fa_mlp_train(fa_mlp *net,
                       const fa_cmat *X,
                       const uint8_t *y,
                       const double *sw,
                       const fa_fit_options *opts,
                       const fa_mlp_hooks *hooks,
                       fa_fit_info *info,
                       fa_error *err)
{
    trainer t;
    fa_status rc;
    double t0 = now_s();
    char msg[200];

    memset(&t, 0, sizeof t);
    memset(info, 0, sizeof *info);
    if (X->rows < 2)
        FA_FAIL(err, FA_EDATA, "the MLP needs at least 2 rows (one is held out)");
    t.net = net;
    t.X = X;
    t.y = y;
    t.sw = sw;
    rc = trainer_alloc(&t, opts->mlp.batch_size, err);
    if (rc != FA_OK)
        goto done;
    split(&t, opts->mlp.validation_fraction, opts->seed);
    fa_mlp_init_params(net, opts->seed, train_base_logit(&t));
    rc = run_epochs(&t, opts, hooks, info, err);
    if (rc != FA_OK)
        goto done;
    info->train_log_loss = mean_loss(&t, t.idx, t.n_train);
    info->n_rows = t.n_train;
    info->seconds = now_s() - t0;
    if (opts->log != NULL) {
        snprintf(msg, sizeof msg,
                 "MLP finished after %u epochs (%s): kept epoch %u, held-out log-loss %.6f",
                 info->iterations, info->stop_reason, info->best_epoch, info->objective);
        opts->log(FA_LOG_INFO, msg, opts->log_payload);
    }
done:
    trainer_dispose(&t);
    return rc;
}
