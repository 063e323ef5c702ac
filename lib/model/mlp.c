/*
 * mlp.c — the MLP network: shape, initialisation, forward and backward
 * passes over a batch of rows, and scoring.
 *
 * Batch passes are matrix products (OpenBLAS dgemm through lib/la): for a
 * batch of B rows, layer l computes A_l = relu(A_{l-1} W_l^T + b_l); the
 * output layer is a matrix-vector product. The backward pass applies the
 * chain rule in the same order, reusing the activations kept in fa_mlp_ws.
 * Nothing here allocates per batch.
 */
#include "model/mlp.h"

#include <math.h>
#include <string.h>

#include "common/rng.h"
#include "model/loss.h"

/* Rows scored per forward pass in fa_mlp_predict (bounded scratch memory). */
#define PREDICT_CHUNK 1024u
/* Random stream of the weight initialisation (shuffling uses others). */
#define INIT_STREAM 1u

size_t fa_mlp_w_offset(const fa_mlp *net, size_t l)
{
    size_t off = 0, i;

    for (i = 0; i < l; i++)
        off += net->sizes[i + 1] * net->sizes[i] + net->sizes[i + 1];
    return off;
}

size_t fa_mlp_b_offset(const fa_mlp *net, size_t l)
{
    return fa_mlp_w_offset(net, l) + net->sizes[l + 1] * net->sizes[l];
}

fa_status fa_mlp_init(
    fa_mlp *net, size_t n_inputs, size_t n_hidden_layers, const size_t *hidden, fa_error *err)
{
    size_t l, total = 0;

    memset(net, 0, sizeof *net);
    if (n_hidden_layers < 1 || n_hidden_layers > FA_MLP_MAX_HIDDEN_LAYERS)
        FA_FAIL(err, FA_EINVAL, "an MLP has 1 to %d hidden layers, not %zu",
                FA_MLP_MAX_HIDDEN_LAYERS, n_hidden_layers);
    if (n_inputs == 0)
        FA_FAIL(err, FA_EINVAL, "an MLP needs at least one input feature");
    net->n_layers = n_hidden_layers + 1;
    net->sizes[0] = n_inputs;
    for (l = 0; l < n_hidden_layers; l++) {
        if (hidden[l] == 0)
            FA_FAIL(err, FA_EINVAL, "hidden layer %zu has no units", l + 1);
        net->sizes[l + 1] = hidden[l];
    }
    net->sizes[net->n_layers] = 1;
    for (l = 0; l < net->n_layers; l++) {
        size_t w;
        if (!fa_size_mul(&w, net->sizes[l], net->sizes[l + 1]) || !fa_size_add(&total, total, w) ||
            !fa_size_add(&total, total, net->sizes[l + 1]))
            FA_FAIL(err, FA_ENOMEM, "MLP too large");
    }
    if (!fa_size_mul(&l, total, sizeof(double)))
        FA_FAIL(err, FA_ENOMEM, "MLP too large");
    net->params = fa_calloc(total, sizeof(double));
    FA_CHECK_ALLOC(err, net->params);
    net->n_params = total;
    return FA_OK;
}

void fa_mlp_dispose(fa_mlp *net)
{
    if (net == NULL)
        return;
    fa_free(net->params);
    memset(net, 0, sizeof *net);
}

void fa_mlp_init_params(fa_mlp *net, uint64_t seed, double out_bias)
{
    fa_rng rng;
    size_t l, i;

    /* Glorot & Bengio (2010) uniform initialisation, as scikit-learn's MLP:
     * U(-a, a) with a = sqrt(6 / (fan_in + fan_out)). */
    fa_rng_seed_stream(&rng, seed, INIT_STREAM);
    memset(net->params, 0, net->n_params * sizeof(double));
    for (l = 0; l < net->n_layers; l++) {
        size_t n_w = net->sizes[l + 1] * net->sizes[l];
        double a = sqrt(6.0 / (double)(net->sizes[l] + net->sizes[l + 1]));
        double *w = net->params + fa_mlp_w_offset(net, l);
        for (i = 0; i < n_w; i++)
            w[i] = (2.0 * fa_rng_uniform(&rng) - 1.0) * a;
    }
    net->params[fa_mlp_b_offset(net, net->n_layers - 1)] = out_bias;
}

fa_status fa_mlp_ws_init(fa_mlp_ws *ws, const fa_mlp *net, size_t max_rows, fa_error *err)
{
    size_t l, widest = 1, n;

    memset(ws, 0, sizeof *ws);
    ws->max_rows = max_rows;
    for (l = 0; l + 1 < net->n_layers; l++) {
        if (!fa_size_mul(&n, max_rows, net->sizes[l + 1]) || !fa_size_mul(&n, n, sizeof(double)))
            FA_FAIL(err, FA_ENOMEM, "MLP batch too large");
        ws->act[l] = fa_malloc(n);
        if (ws->act[l] == NULL)
            goto oom;
        if (net->sizes[l + 1] > widest)
            widest = net->sizes[l + 1];
    }
    for (l = 0; l < 2; l++) {
        if (!fa_size_mul(&n, max_rows, widest) || !fa_size_mul(&n, n, sizeof(double)))
            goto oom;
        ws->delta[l] = fa_malloc(n);
        if (ws->delta[l] == NULL)
            goto oom;
    }
    return FA_OK;
oom:
    fa_mlp_ws_dispose(ws);
    FA_FAIL(err, FA_ENOMEM, "out of memory");
}

void fa_mlp_ws_dispose(fa_mlp_ws *ws)
{
    size_t l;

    if (ws == NULL)
        return;
    for (l = 0; l < FA_MLP_MAX_LAYERS; l++)
        fa_free(ws->act[l]);
    fa_free(ws->delta[0]);
    fa_free(ws->delta[1]);
    memset(ws, 0, sizeof *ws);
}

static fa_cmat weights(const fa_mlp *net, size_t l)
{
    return fa_cmat_view(net->params + fa_mlp_w_offset(net, l), net->sizes[l + 1], net->sizes[l]);
}

void fa_mlp_forward(const fa_mlp *net, const fa_cmat *X, fa_mlp_ws *ws, double *logit)
{
    size_t B = X->rows, L = net->n_layers, l, k, j;
    fa_cmat in = *X;
    double b_out;

    for (l = 0; l + 1 < L; l++) {
        size_t n_out = net->sizes[l + 1];
        fa_cmat W = weights(net, l);
        fa_mat out = fa_mat_view(ws->act[l], B, n_out);
        const double *b = net->params + fa_mlp_b_offset(net, l);

        fa_la_gemm(FA_LA_NOTRANS, FA_LA_TRANS, 1.0, &in, &W, 0.0, &out);
        for (k = 0; k < B; k++) {
            double *a = out.data + k * n_out;
            for (j = 0; j < n_out; j++) {
                double v = a[j] + b[j];
                a[j] = v > 0.0 ? v : 0.0;
            }
        }
        in = fa_mat_const(out);
    }
    fa_la_gemv(FA_LA_NOTRANS, 1.0, &in, net->params + fa_mlp_w_offset(net, L - 1), 0.0, logit);
    b_out = net->params[fa_mlp_b_offset(net, L - 1)];
    for (k = 0; k < B; k++)
        logit[k] += b_out;
}

static void column_sums(const double *m, size_t rows, size_t cols, double *out)
{
    size_t k, j;

    memset(out, 0, cols * sizeof *out);
    for (k = 0; k < rows; k++)
        for (j = 0; j < cols; j++)
            out[j] += m[k * cols + j];
}

void fa_mlp_backward(
    const fa_mlp *net, const fa_cmat *X, fa_mlp_ws *ws, const double *dlogit, double *grad)
{
    size_t B = X->rows, L = net->n_layers, l, k, j;
    double *dz = NULL; /* d loss / d pre-activation of layer l (B x n_out) */
    int cur = 0;

    for (l = L; l-- > 0;) {
        size_t n_in = net->sizes[l], n_out = net->sizes[l + 1];
        fa_cmat A_prev = l == 0 ? *X : fa_cmat_view(ws->act[l - 1], B, n_in);
        const double *delta = l == L - 1 ? dlogit : dz;
        fa_cmat D = fa_cmat_view(delta, B, n_out);
        fa_mat gW = fa_mat_view(grad + fa_mlp_w_offset(net, l), n_out, n_in);

        /* dW_l = D^T A_prev, db_l = column sums of D. */
        if (n_out == 1)
            fa_la_gemv(FA_LA_TRANS, 1.0, &A_prev, delta, 0.0, gW.data);
        else
            fa_la_gemm(FA_LA_TRANS, FA_LA_NOTRANS, 1.0, &D, &A_prev, 0.0, &gW);
        column_sums(delta, B, n_out, grad + fa_mlp_b_offset(net, l));
        if (l == 0)
            break;
        /* d loss / d A_prev = D W_l, then through the ReLU (A_prev > 0 <=> Z > 0). */
        {
            fa_cmat W = weights(net, l);
            fa_mat dA = fa_mat_view(ws->delta[cur], B, n_in);
            fa_la_gemm(FA_LA_NOTRANS, FA_LA_NOTRANS, 1.0, &D, &W, 0.0, &dA);
            for (k = 0; k < B; k++)
                for (j = 0; j < n_in; j++)
                    if (!(A_prev.data[k * n_in + j] > 0.0))
                        dA.data[k * n_in + j] = 0.0;
            dz = dA.data;
            cur ^= 1;
        }
    }
}

fa_status fa_mlp_predict(const fa_mlp *net, const fa_cmat *X, double *proba, fa_error *err)
{
    fa_mlp_ws ws;
    size_t r0;

    if (X->cols != net->sizes[0])
        FA_FAIL(err, FA_EINVAL, "the MLP expects %zu input features, got %zu", net->sizes[0],
                X->cols);
    FA_TRY(fa_mlp_ws_init(&ws, net, PREDICT_CHUNK, err));
    for (r0 = 0; r0 < X->rows; r0 += PREDICT_CHUNK) {
        size_t n = X->rows - r0 < PREDICT_CHUNK ? X->rows - r0 : PREDICT_CHUNK;
        fa_cmat part = fa_cmat_rows(*X, r0, n);
        fa_mlp_forward(net, &part, &ws, proba + r0);
        fa_loss_sigmoid(n, proba + r0, proba + r0);
    }
    fa_mlp_ws_dispose(&ws);
    return FA_OK;
}
