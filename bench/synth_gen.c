/*
 * synth_gen.c — writes the synthetic logistic-regression benchmark data:
 * a header x0..x{d-1},y, then n rows of d standard-normal features with
 * neighbour correlation 0.5 (x_j = 0.5 x_{j-1} + sqrt(0.75) e_j), printed
 * with 4 decimals, and a 0/1 label drawn from sigmoid(x . beta - 0.5) with
 * fixed, seeded coefficients beta_j ~ N(0, 4/d). Same arguments, same bytes.
 *
 * usage: fa_bench_synth ROWS COLS SEED OUT.csv
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/rng.h"
#include "gen/fixfmt.h"

#define DECIMALS         4
#define SCALE            1e4
#define COEF_SEED_STREAM 99u

int main(int argc, char **argv)
{
    size_t n, d, i, j;
    uint64_t seed;
    fa_rng rng, coef_rng;
    double *beta, *x;
    FILE *fp;
    char *line, *p;

    if (argc != 5) {
        fprintf(stderr, "usage: fa_bench_synth ROWS COLS SEED OUT.csv\n");
        return 2;
    }
    n = (size_t)strtoull(argv[1], NULL, 10);
    d = (size_t)strtoull(argv[2], NULL, 10);
    seed = strtoull(argv[3], NULL, 10);
    if (d == 0 || (fp = fopen(argv[4], "wb")) == NULL) {
        fprintf(stderr, "fa_bench_synth: bad arguments or cannot write %s\n", argv[4]);
        return 2;
    }
    beta = malloc(d * sizeof *beta);
    x = malloc(d * sizeof *x);
    line = malloc(d * FA_FIXFMT_MAX + 16);
    if (beta == NULL || x == NULL || line == NULL)
        return 4;
    /* Coefficients depend on d only, so train and test files share them. */
    fa_rng_seed_stream(&coef_rng, 12345, COEF_SEED_STREAM);
    for (j = 0; j < d; j++)
        beta[j] = fa_rng_normal(&coef_rng) * 2.0 / sqrt((double)d);
    fa_rng_seed(&rng, seed);
    for (j = 0; j < d; j++)
        fprintf(fp, "x%zu,", j);
    fputs("y\n", fp);
    for (i = 0; i < n; i++) {
        double z = -0.5;
        p = line;
        for (j = 0; j < d; j++) {
            double e = fa_rng_normal(&rng);
            x[j] = j == 0 ? e : 0.5 * x[j - 1] + sqrt(0.75) * e;
            /* Round first, so the model sees exactly the printed value. */
            x[j] = round(x[j] * SCALE) / SCALE;
            z += beta[j] * x[j];
            p = fa_fixfmt_fixed(p, (int64_t)llround(x[j] * SCALE), DECIMALS);
            *p++ = ',';
        }
        *p++ = fa_rng_uniform(&rng) < 1.0 / (1.0 + exp(-z)) ? '1' : '0';
        *p++ = '\n';
        fwrite(line, 1, (size_t)(p - line), fp);
    }
    free(beta);
    free(x);
    free(line);
    return fclose(fp) == 0 ? 0 : 4;
}
