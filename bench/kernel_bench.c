/*
 * kernel_bench.c — times one loss-and-gradient pass of logistic regression
 * on an in-memory n x d matrix (default 1,000,000 x 50), four ways:
 *
 *   read     the memory floor: summing X once (1 and 2 threads)
 *   blas     two OpenBLAS dgemv calls (z = Xw, then X^T r) around the
 *            pointwise loss (OpenBLAS uses its own threads; set
 *            OPENBLAS_NUM_THREADS to compare)
 *   fused    fa_la_glm_loss_grad, the kernel logistic regression uses
 *            (1 and 2 threads)
 *
 * and checks that the fused pass agrees with the BLAS pass. Prints the best
 * of --reps runs of each, in milliseconds.
 *
 * usage: fa_kernel_bench [ROWS [COLS [REPS]]]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/rng.h"
#include "la/la.h"
#include "la/la_simd.h"
#include "model/loss.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct read_job {
    const fa_cmat *X;
    double *sums;
} read_job;

FA_LA_HOT static void read_chunk(void *arg, size_t c)
{
    const read_job *j = arg;
    size_t r0 = c * FA_LA_GLM_CHUNK, r1 = r0 + FA_LA_GLM_CHUNK, i, l;
    double acc[8] = {0};

    if (r1 > j->X->rows)
        r1 = j->X->rows;
    for (i = r0 * j->X->ld; i + 8 <= r1 * j->X->ld; i += 8)
        for (l = 0; l < 8; l++)
            acc[l] += j->X->data[i + l];
    j->sums[c] = acc[0] + acc[1] + acc[2] + acc[3] + acc[4] + acc[5] + acc[6] + acc[7];
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    size_t d = argc > 2 ? (size_t)strtoull(argv[2], NULL, 10) : 50;
    int reps = argc > 3 ? atoi(argv[3]) : 7, rep, t;
    double *X = malloc(n * d * sizeof *X), *w = malloc(d * sizeof *w), *g = malloc(d * sizeof *g);
    double *g2 = malloc(d * sizeof *g2), *z = malloc(n * sizeof *z), *r = malloc(n * sizeof *r);
    double *sums = malloc((n / FA_LA_GLM_CHUNK + 1) * sizeof *sums);
    uint8_t *y = malloc(n);
    fa_cmat Xm = fa_cmat_view(X, n, d);
    fa_logloss_data data = {y, NULL};
    fa_la_glm_ws ws;
    fa_rng rng;
    double best, loss_blas = 0, loss_fused = 0, gb, maxdiff = 0;
    size_t i;

    if (!X || !w || !g || !g2 || !z || !r || !y || !sums || !fa_la_glm_ws_init(&ws, n, d)) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    fa_rng_seed(&rng, 1);
    for (i = 0; i < n * d; i++)
        X[i] = fa_rng_uniform(&rng) - 0.5;
    for (i = 0; i < n; i++)
        y[i] = fa_rng_uniform(&rng) < 0.5;
    for (i = 0; i < d; i++)
        w[i] = 0.1 * (double)((int)(i % 7) - 3);
    printf("loss-and-gradient pass on %zu x %zu (%.0f MB), best of %d, ms per pass\n", n, d,
           (double)(n * d * sizeof(double)) / 1e6, reps);

    for (t = 1; t <= 2; t++) {
        read_job job = {&Xm, sums};
        best = 1e30;
        for (rep = 0; rep < reps; rep++) {
            double t0 = now_s();
            fa_la_parallel_for(n / FA_LA_GLM_CHUNK + (n % FA_LA_GLM_CHUNK != 0), (unsigned)t,
                               read_chunk, &job);
            best = fmin(best, now_s() - t0);
        }
        printf("  read X once (floor), %d thread%s  %8.2f\n", t, t > 1 ? "s" : " ", best * 1e3);
    }
    best = 1e30;
    for (rep = 0; rep < reps; rep++) {
        double t0 = now_s();
        fa_la_gemv(FA_LA_NOTRANS, 1.0, &Xm, w, 0.0, z);
        loss_blas = fa_loss_logistic_glm(&data, 0, n, z, r);
        fa_la_gemv(FA_LA_TRANS, 1.0, &Xm, r, 0.0, g2);
        best = fmin(best, now_s() - t0);
    }
    printf("  two dgemv (OpenBLAS threads)   %8.2f\n", best * 1e3);
    for (t = 1; t <= 2; t++) {
        best = 1e30;
        for (rep = 0; rep < reps; rep++) {
            double t0 = now_s();
            loss_fused = fa_la_glm_loss_grad(&Xm, w, 0.0, fa_loss_logistic_glm, &data, (unsigned)t,
                                             &ws, g, &gb);
            best = fmin(best, now_s() - t0);
        }
        printf("  fused pass, %d thread%s          %8.2f\n", t, t > 1 ? "s" : " ", best * 1e3);
    }
    for (i = 0; i < d; i++)
        maxdiff = fmax(maxdiff, fabs(g[i] - g2[i]));
    printf("  check: loss fused %.10g vs blas %.10g, max gradient difference %.2g\n", loss_fused,
           loss_blas, maxdiff);
    fa_la_glm_ws_dispose(&ws);
    free(X);
    free(w);
    free(g);
    free(g2);
    free(z);
    free(r);
    free(y);
    free(sums);
    return 0;
}
