/*
 * adversarial.c — adversarial debiasing (Zhang, Lemoine & Mitchell 2018):
 * joint minibatch training of the predictor (logistic regression or the MLP
 * of lib/model) and of the adversary of adversary.c.
 *
 * Every step, on a shuffled minibatch, with L_P the predictor's weighted
 * mean log-loss (plus its L2 term) and L_A the adversary's weighted mean
 * cross-entropy:
 *
 *     g_P = d L_P / d theta,  g_A = d L_A / d theta   (two backward passes)
 *     theta <- Adam(theta, g_P - (g_P . u) u - A g_A),  u = g_A / |g_A|
 *     phi   <- Adam(phi, d L_A / d phi)               (the adversary)
 *
 * The projection term stops the predictor from moving in a direction that
 * helps the adversary, the -A g_A term moves it to hurt the adversary (the
 * paper's equation, over the whole parameter vector). Step sizes decay as
 * lr * decay^floor(step / decay_steps) (AIF360's schedule); the adversary's
 * step is adversary_lr_ratio times the predictor's so it keeps up.
 *
 * The two players rarely settle: the predictor's parameters keep circling
 * the equilibrium, and the last iterate's disparity depends on where the
 * circle stopped (on Adult, equalized odds difference 0.02 to 0.08 across
 * seeds). The model kept is therefore the average of the predictor's
 * parameters over every step of the last average_epochs epochs (tail
 * averaging, as Polyak-Ruppert averaging for stochastic approximation and
 * stochastic weight averaging for networks), which lands near the centre
 * (0.02 to 0.03 across the same seeds).
 *
 * Deterministic for a seed: the predictor's initialisation (the MLP's
 * Glorot draw; logistic regression starts at zero with the base-rate
 * intercept), the adversary's and the shuffling each use their own stream.
 * Results depend only on the seed, the data and the BLAS thread count.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/rng.h"
#include "mitigate/adversary.h"
#include "mitigate/mitigate_internal.h"
#include "model/loss.h"
#include "model/model_internal.h"
#include "optim/optim.h"

#define SHUFFLE_STREAM 21u
/* Rows per forward pass when evaluating the final losses. */
#define EVAL_CHUNK      1024u
#define BASE_RATE_CLAMP 1e-6
#define LOG_INTERVAL_S  1.0

typedef struct adv_run {
    const fa_mitigate_options *mo;
    const fa_fit_options *fo;
    const fa_groups *groups;
    fa_adversary adv;
    double *curve_pred, *curve_adv; /* per epoch */
    double final_adv_loss;
    double chance_loss;
} adv_run;

typedef struct adv_trainer {
    fa_model *m;
    const fa_cmat *X;
    const uint8_t *y;
    const double *sw;
    const int32_t *grp;
    size_t n_params;
    double *theta; /* predictor parameters: m->mlp.params, or coef + intercept */
    size_t cap;    /* rows of the gather buffers */
    size_t *idx;
    double *xb, *yb, *sb, *z, *dz_p, *dz_a, *g_p, *g_a, *g_adv;
    int32_t *gb;
    fa_mlp_ws ws;
    double l2_scale; /* factor of the weight decay on the batch's mean loss */
    double *avg;     /* running mean of theta over the averaged epochs, or NULL */
    uint64_t n_avg;
} adv_trainer;

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

static void trainer_dispose(adv_trainer *t)
{
    fa_free(t->idx);
    fa_free(t->xb);
    fa_free(t->yb);
    fa_free(t->sb);
    fa_free(t->z);
    fa_free(t->dz_p);
    fa_free(t->dz_a);
    fa_free(t->g_p);
    fa_free(t->g_a);
    fa_free(t->g_adv);
    fa_free(t->gb);
    fa_free(t->avg);
    if (t->m != NULL && t->m->kind == FA_MODEL_LOGREG)
        fa_free(t->theta);
    fa_mlp_ws_dispose(&t->ws);
}

static fa_status
trainer_alloc(adv_trainer *t, size_t batch, size_t n_adv, bool average, fa_error *err)
{
    size_t n = t->X->rows, d = t->X->cols, xbytes;

    t->cap = batch > EVAL_CHUNK ? batch : EVAL_CHUNK;
    if (!fa_size_mul(&xbytes, t->cap, d) || !fa_size_mul(&xbytes, xbytes, sizeof(double)))
        FA_FAIL(err, FA_ENOMEM, "batch too large");
    t->n_params = t->m->kind == FA_MODEL_LOGREG ? d + 1 : t->m->mlp.n_params;
    t->idx = fa_malloc(n * sizeof *t->idx);
    t->xb = fa_malloc(xbytes);
    t->yb = fa_malloc(t->cap * sizeof(double));
    t->sb = fa_malloc(t->cap * sizeof(double));
    t->z = fa_malloc(t->cap * sizeof(double));
    t->dz_p = fa_malloc(t->cap * sizeof(double));
    t->dz_a = fa_malloc(t->cap * sizeof(double));
    t->gb = fa_malloc(t->cap * sizeof(int32_t));
    t->g_p = fa_malloc(t->n_params * sizeof(double));
    t->g_a = fa_malloc(t->n_params * sizeof(double));
    t->g_adv = fa_malloc(n_adv * sizeof(double));
    if (t->m->kind == FA_MODEL_LOGREG)
        t->theta = fa_calloc(t->n_params, sizeof(double));
    else
        t->theta = t->m->mlp.params;
    if (average && (t->avg = fa_calloc(t->n_params, sizeof(double))) == NULL)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    if (!t->idx || !t->xb || !t->yb || !t->sb || !t->z || !t->dz_p || !t->dz_a || !t->gb ||
        !t->g_p || !t->g_a || !t->g_adv || !t->theta)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    if (t->m->kind == FA_MODEL_MLP)
        return fa_mlp_ws_init(&t->ws, &t->m->mlp, t->cap, err);
    return FA_OK;
}

static void gather(adv_trainer *t, const size_t *rows, size_t n)
{
    size_t d = t->X->cols, k;

    for (k = 0; k < n; k++) {
        size_t r = rows[k];
        memcpy(t->xb + k * d, t->X->data + r * t->X->ld, d * sizeof(double));
        t->yb[k] = (double)t->y[r];
        t->sb[k] = t->sw != NULL ? t->sw[r] : 1.0;
        t->gb[k] = t->grp[r];
    }
}

/* Predictor forward pass on the gathered batch: t->z. */
static void forward(adv_trainer *t, const fa_cmat *xb)
{
    size_t k, d = t->X->cols;

    if (t->m->kind == FA_MODEL_MLP) {
        fa_mlp_forward(&t->m->mlp, xb, &t->ws, t->z);
        return;
    }
    fa_la_gemv(FA_LA_NOTRANS, 1.0, xb, t->theta, 0.0, t->z);
    for (k = 0; k < xb->rows; k++)
        t->z[k] += t->theta[d];
}

/* grad = d(sum_k dz[k] z_k)/dtheta, after forward() on the same batch. */
static void backward(adv_trainer *t, const fa_cmat *xb, const double *dz, double *grad)
{
    size_t k, d = t->X->cols;
    double sum = 0.0;

    if (t->m->kind == FA_MODEL_MLP) {
        fa_mlp_backward(&t->m->mlp, xb, &t->ws, dz, grad);
        return;
    }
    fa_la_gemv(FA_LA_TRANS, 1.0, xb, dz, 0.0, grad);
    for (k = 0; k < xb->rows; k++)
        sum += dz[k];
    grad[d] = sum;
}

/* Adds the gradient of the L2 term (weights only, never intercepts/biases). */
static void add_l2(const adv_trainer *t, double *grad)
{
    size_t l, i, d = t->X->cols;
    const fa_mlp *net = &t->m->mlp;

    if (t->l2_scale == 0.0)
        return;
    if (t->m->kind == FA_MODEL_LOGREG) {
        for (i = 0; i < d; i++)
            grad[i] += t->l2_scale * t->theta[i];
        return;
    }
    for (l = 0; l < net->n_layers; l++) {
        size_t off = fa_mlp_w_offset(net, l), n = net->sizes[l] * net->sizes[l + 1];
        for (i = 0; i < n; i++)
            grad[off + i] += t->l2_scale * net->params[off + i];
    }
}

/* Weighted mean predictor and adversary losses over all rows (final figures). */
static void final_losses(adv_trainer *t, adv_run *run, double *pred_loss, double *adv_loss)
{
    size_t n = t->X->rows, r0, k;
    double lp = 0.0, la = 0.0, wp = 0.0, wa = 0.0;

    for (r0 = 0; r0 < n; r0 += EVAL_CHUNK) {
        size_t m = n - r0 < EVAL_CHUNK ? n - r0 : EVAL_CHUNK;
        fa_cmat xb = fa_cmat_view(t->xb, m, t->X->cols);
        for (k = 0; k < m; k++)
            t->idx[k] = r0 + k;
        gather(t, t->idx, m);
        forward(t, &xb);
        lp += fa_loss_logistic(m, t->z, t->yb, t->sb, 0.0, NULL);
        la += fa_adversary_loss(&run->adv, m, t->z, t->yb, t->gb, t->sb, 0.0, NULL, NULL);
        for (k = 0; k < m; k++) {
            wp += t->sb[k];
            wa += t->gb[k] >= 0 ? t->sb[k] : 0.0;
        }
    }
    *pred_loss = wp > 0.0 ? lp / wp : fa_nan();
    *adv_loss = wa > 0.0 ? la / wa : fa_nan();
}

/* The adversary's loss when it can only guess from the group shares: the
 * entropy H(G) (dp) or H(G | Y) (eo) of the weighted rows. A trained
 * adversary near this value has learnt nothing from the predictor. */
static fa_status chance_loss(const adv_trainer *t, const adv_run *run, double *out,
                             fa_error *err)
{
    size_t K = run->groups->n_groups, i, k;
    double tot[2] = {0.0, 0.0}, h = 0.0, all, *mass;
    int eo = run->mo->adversary.fairness == FA_FAIRNESS_EO, l;

    /* out of memory is an error, not a NaN in the model's diagnostics */
    mass = fa_calloc(2 * K, sizeof *mass); /* mass[l * K + g] */
    FA_CHECK_ALLOC(err, mass);
    for (i = 0; i < t->X->rows; i++) {
        double w = t->sw != NULL ? t->sw[i] : 1.0;
        size_t lab = eo ? t->y[i] : 0;
        if (t->grp[i] < 0)
            continue;
        mass[lab * K + (size_t)t->grp[i]] += w;
        tot[lab] += w;
    }
    all = tot[0] + tot[1];
    for (l = 0; l < 2; l++)
        for (k = 0; k < K; k++) {
            double v = mass[(size_t)l * K + k], p;
            if (!(v > 0.0))
                continue;
            p = v / tot[l];
            h -= (tot[l] / all) * p * log(p);
        }
    fa_free(mass);
    *out = h;
    return FA_OK;
}

static fa_status run_epochs(adv_trainer *t, adv_run *run, fa_error *err)
{
    const fa_adversary_options *ao = &run->mo->adversary;
    const fa_fit_options *fo = run->fo;
    size_t n = t->X->rows, batch = ao->batch_size < n ? ao->batch_size : n, i;
    double next_log = now_s() + LOG_INTERVAL_S;
    uint64_t step = 0;
    unsigned avg_epochs = ao->average_epochs < ao->epochs ? ao->average_epochs : ao->epochs;
    double A = fa_adversary_weight(ao);
    fa_adam opt_p, opt_a;
    fa_rng rng;
    unsigned epoch;
    fa_status rc = FA_OK;
    char msg[200];

    FA_TRY(fa_adam_init(&opt_p, t->n_params, ao->learning_rate, FA_ADAM_DEFAULT_BETA1,
                        FA_ADAM_DEFAULT_BETA2, FA_ADAM_DEFAULT_EPSILON, err));
    rc = fa_adam_init(&opt_a, run->adv.n_params, ao->learning_rate * ao->adversary_lr_ratio,
                      FA_ADAM_DEFAULT_BETA1, FA_ADAM_DEFAULT_BETA2, FA_ADAM_DEFAULT_EPSILON, err);
    if (rc != FA_OK) {
        fa_adam_dispose(&opt_p);
        return rc;
    }
    for (i = 0; i < n; i++)
        t->idx[i] = i;
    fa_rng_seed_stream(&rng, fo->seed, SHUFFLE_STREAM);
    for (epoch = 1; epoch <= ao->epochs; epoch++) {
        double lp = 0.0, la = 0.0, wp = 0.0, wa = 0.0;
        size_t b0, k;

        shuffle(t->idx, n, &rng);
        for (b0 = 0; b0 < n; b0 += batch) {
            size_t m = n - b0 < batch ? n - b0 : batch;
            fa_cmat xb = fa_cmat_view(t->xb, m, t->X->cols);
            double S = 0.0, S_a = 0.0, lr;

            gather(t, t->idx + b0, m);
            for (k = 0; k < m; k++) {
                S += t->sb[k];
                S_a += t->gb[k] >= 0 ? t->sb[k] : 0.0;
            }
            if (!(S > 0.0))
                continue; /* zero-weight rows carry no gradient */
            forward(t, &xb);
            lp += fa_loss_logistic(m, t->z, t->yb, t->sb, 1.0 / S, t->dz_p);
            wp += S;
            backward(t, &xb, t->dz_p, t->g_p);
            add_l2(t, t->g_p);
            if (S_a > 0.0) {
                la += fa_adversary_loss(&run->adv, m, t->z, t->yb, t->gb, t->sb, 1.0 / S_a, t->dz_a,
                                        t->g_adv);
                wa += S_a;
                backward(t, &xb, t->dz_a, t->g_a);
                fa_adversary_combine(t->n_params, t->g_p, t->g_a, A);
            }
            lr = ao->learning_rate * pow(ao->decay, (double)(step / ao->decay_steps));
            opt_p.lr = lr;
            opt_a.lr = lr * ao->adversary_lr_ratio;
            fa_adam_step(&opt_p, t->theta, t->g_p);
            if (S_a > 0.0)
                fa_adam_step(&opt_a, run->adv.params, t->g_adv);
            step++;
            if (t->avg != NULL && epoch > ao->epochs - avg_epochs) {
                size_t q;
                t->n_avg++;
                for (q = 0; q < t->n_params; q++)
                    t->avg[q] += (t->theta[q] - t->avg[q]) / (double)t->n_avg;
            }
        }
        run->curve_pred[epoch - 1] = wp > 0.0 ? lp / wp : fa_nan();
        run->curve_adv[epoch - 1] = wa > 0.0 ? la / wa : fa_nan();
        if (!isfinite(lp) || !isfinite(la)) {
            rc = fa_error_set(err, FA_EDATA,
                              "adversarial training diverged at epoch %u "
                              "(non-finite loss); try a smaller learning rate",
                              epoch);
            break;
        }
        if (fo->log != NULL && (now_s() >= next_log || epoch == ao->epochs)) {
            snprintf(msg, sizeof msg,
                     "adversarial epoch %u/%u: predictor loss %.6f, adversary loss %.6f "
                     "(chance %.6f)",
                     epoch, ao->epochs, run->curve_pred[epoch - 1], run->curve_adv[epoch - 1],
                     run->chance_loss);
            fo->log(FA_LOG_INFO, msg, fo->log_payload);
            next_log = now_s() + LOG_INTERVAL_S;
        }
    }
    t->m->info.evaluations = (unsigned)(step > UINT32_MAX ? UINT32_MAX : step);
    if (t->avg != NULL && t->n_avg > 0)
        memcpy(t->theta, t->avg, t->n_params * sizeof(double));
    fa_adam_dispose(&opt_p);
    fa_adam_dispose(&opt_a);
    return rc;
}

static double base_logit(const uint8_t *y, const double *sw, size_t n)
{
    double pos = 0.0, all = 0.0, p;
    size_t i;

    for (i = 0; i < n; i++) {
        double w = sw != NULL ? sw[i] : 1.0;
        all += w;
        pos += y[i] ? w : 0.0;
    }
    p = all > 0.0 ? pos / all : 0.5;
    p = p < BASE_RATE_CLAMP         ? BASE_RATE_CLAMP
        : p > 1.0 - BASE_RATE_CLAMP ? 1.0 - BASE_RATE_CLAMP
                                    : p;
    return log(p / (1.0 - p));
}

/* fa_model_train_fn: trains m on the encoded table. */
static fa_status train_joint(fa_model *m,
                             const fa_cmat *X,
                             const uint8_t *y,
                             const double *w,
                             double total_weight,
                             void *ctx,
                             fa_error *err)
{
    adv_run *run = ctx;
    adv_trainer t;
    double t0 = now_s(), b0 = base_logit(y, w, X->rows), pred_loss, adv_loss;
    fa_status rc;

    memset(&t, 0, sizeof t);
    memset(&m->info, 0, sizeof m->info);
    t.m = m;
    t.X = X;
    t.y = y;
    t.sw = w;
    t.grp = run->groups->row_group;
    rc = fa_adversary_init(&run->adv, run->mo->adversary.fairness, run->groups->n_groups,
                           run->fo->seed, err);
    if (rc == FA_OK)
        rc = trainer_alloc(&t, run->mo->adversary.batch_size, run->adv.n_params,
                           run->mo->adversary.average_epochs > 0, err);
    if (rc != FA_OK)
        goto done;
    if (m->kind == FA_MODEL_LOGREG) {
        t.theta[X->cols] = b0;
        t.l2_scale = run->fo->logreg.l2 / total_weight;
    } else {
        fa_mlp_init_params(&m->mlp, run->fo->seed, b0);
        t.l2_scale = run->fo->mlp.l2;
    }
    rc = chance_loss(&t, run, &run->chance_loss, err);
    if (rc == FA_OK)
        rc = run_epochs(&t, run, err);
    if (rc != FA_OK)
        goto done;
    if (m->kind == FA_MODEL_LOGREG) {
        memcpy(m->coef, t.theta, X->cols * sizeof(double));
        m->intercept = t.theta[X->cols];
    }
    final_losses(&t, run, &pred_loss, &adv_loss);
    run->final_adv_loss = adv_loss;
    m->info.iterations = run->mo->adversary.epochs;
    m->info.objective = pred_loss;
    m->info.train_log_loss = pred_loss;
    m->info.grad_inf = 0.0;
    m->info.converged = 1;
    m->info.best_epoch = run->mo->adversary.epochs;
    m->info.n_rows = X->rows;
    m->info.seconds = now_s() - t0;
    snprintf(m->info.stop_reason, sizeof m->info.stop_reason,
             "adversarial debiasing (%s): ran %u epochs; adversary loss %.6f (chance %.6f)",
             fa_fairness_name(run->mo->adversary.fairness), run->mo->adversary.epochs, adv_loss,
             run->chance_loss);
done:
    trainer_dispose(&t);
    return rc;
}

static void write_curve(fa_jw *w, const char *key, const double *v, unsigned n)
{
    unsigned i;

    fa_jw_key(w, key);
    fa_jw_array_begin(w);
    for (i = 0; i < n; i++)
        fa_jw_number(w, v[i]);
    fa_jw_array_end(w);
}

static fa_status record(const adv_run *run, fa_model *m, fa_error *err)
{
    static const char *const names[] = {
        "adv_weight",         "epochs", "batch_size",  "learning_rate",
        "adversary_lr_ratio", "decay",  "decay_steps", "average_epochs"};
    const fa_adversary_options *ao = &run->mo->adversary;
    const fa_adversary *a = &run->adv;
    const fa_groups *g = run->groups;
    double values[8];
    fa_buf b = FA_BUF_INIT;
    fa_jw w;
    size_t k, j;
    unsigned e;
    fa_status rc;

    values[0] = fa_adversary_weight(ao);
    values[1] = (double)ao->epochs;
    values[2] = (double)ao->batch_size;
    values[3] = ao->learning_rate;
    values[4] = ao->adversary_lr_ratio;
    values[5] = ao->decay;
    values[6] = (double)ao->decay_steps;
    values[7] = (double)ao->average_epochs;
    FA_TRY(fa_model__set_mitigation(m, fa_mitigation_name(FA_MITIGATE_ADVERSARIAL), 8, names,
                                    values, err));
    fa_jw_init(&w, &b, false);
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "fairness");
    fa_jw_string(&w, fa_fairness_name(ao->fairness));
    fa_groups_write_columns(g, &w);
    fa_jw_key(&w, "groups");
    fa_jw_array_begin(&w);
    for (k = 0; k < g->n_groups; k++)
        fa_jw_string(&w, g->names[k]);
    fa_jw_array_end(&w);
    fa_jw_key(&w, "unknown_rows");
    fa_jw_uint(&w, g->n_unknown);
    fa_jw_key(&w, "update");
    fa_jw_string(&w, "theta -= Adam(g_P - (g_P . u) u - A g_A), u = g_A / |g_A|");
    fa_jw_key(&w, "adversary");
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "s");
    fa_jw_string(&w, "sigmoid((1 + |c|) * logit)");
    fa_jw_key(&w, "inputs");
    fa_jw_array_begin(&w);
    for (j = 0; j < a->n_in; j++)
        fa_jw_string(&w, fa_adversary_input_name(a, j));
    fa_jw_array_end(&w);
    fa_jw_key(&w, "c");
    fa_jw_number(&w, a->params[0]);
    fa_jw_key(&w, "weights");
    fa_jw_array_begin(&w);
    for (k = 0; k < a->n_groups; k++) {
        fa_jw_array_begin(&w);
        for (j = 0; j < a->n_in; j++)
            fa_jw_number(&w, a->params[1 + k * a->n_in + j]);
        fa_jw_array_end(&w);
    }
    fa_jw_array_end(&w);
    fa_jw_key(&w, "bias");
    fa_jw_array_begin(&w);
    for (k = 0; k < a->n_groups; k++)
        fa_jw_number(&w, a->params[1 + a->n_groups * a->n_in + k]);
    fa_jw_array_end(&w);
    fa_jw_object_end(&w);
    fa_jw_key(&w, "chance_loss");
    fa_jw_number(&w, run->chance_loss);
    fa_jw_key(&w, "final_adversary_loss");
    fa_jw_number(&w, run->final_adv_loss);
    fa_jw_key(&w, "curves");
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "epoch");
    fa_jw_array_begin(&w);
    for (e = 1; e <= ao->epochs; e++)
        fa_jw_uint(&w, e);
    fa_jw_array_end(&w);
    write_curve(&w, "predictor_loss", run->curve_pred, ao->epochs);
    write_curve(&w, "adversary_loss", run->curve_adv, ao->epochs);
    fa_jw_object_end(&w);
    fa_jw_object_end(&w);
    rc = b.oom ? fa_error_set(err, FA_ENOMEM, "out of memory")
               : fa_model__set_mitigation_details(m, b.ptr, b.len, err);
    fa_buf_dispose(&b);
    return rc;
}

fa_status fa_adversarial__fit(fa_model **out,
                              const fa_table *train,
                              const double *row_weights,
                              const fa_mitigate_options *mo,
                              const fa_fit_options *fo,
                              fa_error *err)
{
    fa_fit_options defaults, o;
    adv_run run;
    fa_groups g;
    fa_model *m = NULL;
    fa_status rc;

    if (fo == NULL) {
        fa_fit_options_init(&defaults);
        fo = &defaults;
    }
    FA_TRY(fa_fit_options_check(fo, err));
    /* The model file's options describe the training that really ran. */
    o = *fo;
    if (o.kind == FA_MODEL_MLP) {
        o.mlp.max_epochs = mo->adversary.epochs;
        o.mlp.batch_size = mo->adversary.batch_size;
        o.mlp.learning_rate = mo->adversary.learning_rate;
    }
    memset(&run, 0, sizeof run);
    FA_TRY(fa_groups_build(&g, train, mo->protected_columns, mo->n_protected, err));
    run.mo = mo;
    run.fo = &o;
    run.groups = &g;
    run.curve_pred = fa_calloc(mo->adversary.epochs, sizeof(double));
    run.curve_adv = fa_calloc(mo->adversary.epochs, sizeof(double));
    if (run.curve_pred == NULL || run.curve_adv == NULL)
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
    else if (g.n_groups < 2)
        rc = fa_error_set(err, FA_EDATA,
                          "adversarial debiasing needs at least two groups; "
                          "the data has only \"%s\"",
                          g.names[0]);
    else
        rc = fa_model__fit_table_with(&m, train, row_weights, &o, train_joint, &run, err);
    if (rc == FA_OK)
        rc = record(&run, m, err);
    fa_adversary_dispose(&run.adv);
    fa_free(run.curve_pred);
    fa_free(run.curve_adv);
    fa_groups_dispose(&g);
    if (rc != FA_OK) {
        fa_model_free(m);
        return rc;
    }
    *out = m;
    return FA_OK;
}
