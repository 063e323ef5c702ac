/*
 * la_glm.c — the fused loss-and-gradient pass of generalised linear models.
 *
 * Why not BLAS: the pass needs z = Xw (one dgemv), a pointwise function of z,
 * then X^T r (a second dgemv). As two dgemv calls over a 1,000,000 x 50
 * matrix, X streams from memory twice (~70 ms per pass on our machines). Here
 * X is cut into blocks of FA_LA_GLM_BLOCK rows (25 KB at 50 columns): each
 * block's dot products, pointwise stage and gradient update run back to back
 * while the block is in L1, so X streams from memory once (~29 ms on one
 * thread, ~16 ms on two; figures and method in docs/internals/la.md).
 *
 * Determinism: rows are cut into chunks of FA_LA_GLM_CHUNK rows, a chunk is
 * the unit of work handed to a thread, and every chunk sums into its own
 * slot of the workspace. The slots are added in chunk order at the end. So
 * the result depends only on the data, never on the number of threads or on
 * which thread ran which chunk.
 *
 * The kernels are compiled for AVX2 and for the baseline ISA (target_clones,
 * chosen at load time) with -ffp-contract=off, so both paths round every
 * operation the same way and give the same bits: vectorising the 8 partial
 * sums of the dot product reorders nothing.
 */
#include <string.h>

#include "common/internal.h"
#include "la/la.h"
#include "la/la_simd.h"

#define DOT_LANES 8

FA_LA_HOT double fa_la_glm_dot(size_t n, const double *x, const double *w)
{
    double acc[DOT_LANES] = {0};
    double s;
    size_t j = 0, l;

    for (; j + DOT_LANES <= n; j += DOT_LANES)
        for (l = 0; l < DOT_LANES; l++)
            acc[l] += x[j + l] * w[j + l];
    s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
    for (; j < n; j++)
        s += x[j] * w[j];
    return s;
}

FA_LA_HOT static void
block_dots(const fa_cmat *X, size_t r0, size_t n, const double *w, double b, double *z)
{
    size_t k;

    for (k = 0; k < n; k++)
        z[k] = fa_la_glm_dot(X->cols, X->data + (r0 + k) * X->ld, w) + b;
}

FA_LA_HOT static void
block_grad(const fa_cmat *X, size_t r0, size_t n, const double *r, double *restrict g, double *gb)
{
    size_t k, j, d = X->cols;
    double sb = *gb;

    for (k = 0; k < n; k++) {
        const double *restrict x = X->data + (r0 + k) * X->ld;
        double rk = r[k];
        for (j = 0; j < d; j++)
            g[j] += rk * x[j];
        sb += rk;
    }
    *gb = sb;
}

bool fa_la_glm_ws_init(fa_la_glm_ws *ws, size_t rows, size_t cols)
{
    size_t per, total;

    memset(ws, 0, sizeof *ws);
    ws->n_chunks = rows / FA_LA_GLM_CHUNK + (rows % FA_LA_GLM_CHUNK != 0);
    ws->cols = cols;
    if (!fa_size_add(&per, cols, 2) || !fa_size_mul(&total, per, ws->n_chunks) ||
        !fa_size_mul(&total, total, sizeof(double)))
        return false;
    ws->partial = fa_malloc(total);
    return ws->partial != NULL;
}

void fa_la_glm_ws_dispose(fa_la_glm_ws *ws)
{
    if (ws == NULL)
        return;
    fa_free(ws->partial);
    memset(ws, 0, sizeof *ws);
}

typedef struct glm_job {
    const fa_cmat *X;
    const double *w;
    double b;
    fa_la_glm_fn fn;
    void *ctx;
    fa_la_glm_ws *ws;
} glm_job;

static void glm_chunk(void *arg, size_t c)
{
    const glm_job *job = arg;
    const fa_cmat *X = job->X;
    size_t d = X->cols;
    size_t r0 = c * FA_LA_GLM_CHUNK;
    size_t r1 = r0 + FA_LA_GLM_CHUNK < X->rows ? r0 + FA_LA_GLM_CHUNK : X->rows;
    double *slot = job->ws->partial + c * (d + 2);
    double z[FA_LA_GLM_BLOCK], r[FA_LA_GLM_BLOCK];
    double loss = 0.0, gb = 0.0;
    size_t b0;

    memset(slot, 0, d * sizeof *slot);
    for (b0 = r0; b0 < r1; b0 += FA_LA_GLM_BLOCK) {
        size_t n = r1 - b0 < FA_LA_GLM_BLOCK ? r1 - b0 : FA_LA_GLM_BLOCK;
        block_dots(X, b0, n, job->w, job->b, z);
        loss += job->fn(job->ctx, b0, n, z, r);
        block_grad(X, b0, n, r, slot, &gb);
    }
    slot[d] = gb;
    slot[d + 1] = loss;
}

double fa_la_glm_loss_grad(const fa_cmat *X,
                           const double *w,
                           double b,
                           fa_la_glm_fn fn,
                           void *ctx,
                           unsigned n_threads,
                           fa_la_glm_ws *ws,
                           double *grad_w,
                           double *grad_b)
{
    glm_job job = {X, w, b, fn, ctx, ws};
    size_t d = X->cols, c, j;
    double loss = 0.0, gb = 0.0;

    fa_la_parallel_for(ws->n_chunks, n_threads, glm_chunk, &job);
    memset(grad_w, 0, d * sizeof *grad_w);
    for (c = 0; c < ws->n_chunks; c++) {
        const double *slot = ws->partial + c * (d + 2);
        for (j = 0; j < d; j++)
            grad_w[j] += slot[j];
        gb += slot[d];
        loss += slot[d + 1];
    }
    *grad_b = gb;
    return loss;
}

typedef struct pred_job {
    const fa_cmat *X;
    const double *w;
    double b;
    double *z;
} pred_job;

static void pred_chunk(void *arg, size_t c)
{
    const pred_job *job = arg;
    size_t r0 = c * FA_LA_GLM_CHUNK;
    size_t r1 = r0 + FA_LA_GLM_CHUNK < job->X->rows ? r0 + FA_LA_GLM_CHUNK : job->X->rows;

    block_dots(job->X, r0, r1 - r0, job->w, job->b, job->z + r0);
}

void fa_la_linear_predict(
    const fa_cmat *X, const double *w, double b, unsigned n_threads, double *z)
{
    pred_job job = {X, w, b, z};
    size_t n_chunks = X->rows / FA_LA_GLM_CHUNK + (X->rows % FA_LA_GLM_CHUNK != 0);

    fa_la_parallel_for(n_chunks, n_threads, pred_chunk, &job);
}
