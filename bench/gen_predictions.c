/*
 * gen_predictions.c — seeded generator of benchmark predictions files.
 *
 *   fa_bench_gen --rows N --seed S --out FILE
 *
 * Writes CSV columns  score,label,decision,sex,region :
 *   sex     2 levels (F 45%, M 55%)
 *   region  5 levels (north 35%, south 25%, east 20%, west 12%, centre 8%)
 *   score   a probability printed with 6 decimals (so ties occur, as in real scores)
 *   label   Bernoulli(true risk), base rates differ by group
 *   decision score >= 0.5
 * The same (rows, seed) gives the same bytes on every platform: numbers come from
 * the project's xoshiro256** stream (lib/common/rng.h) and are formatted by hand
 * (integers only), not by printf's locale-dependent float formatting.
 * The file is written to FILE.tmp and renamed, so an interrupted run leaves no
 * half-written FILE.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rng.h"

#define OUTBUF_BYTES (1u << 20)

typedef struct outbuf {
    FILE *f;
    size_t len;
    char data[OUTBUF_BYTES];
} outbuf;

static int outbuf_flush(outbuf *o)
{
    if (o->len > 0 && fwrite(o->data, 1, o->len, o->f) != o->len)
        return -1;
    o->len = 0;
    return 0;
}

static int outbuf_put(outbuf *o, const char *s, size_t n)
{
    if (o->len + n > sizeof o->data && outbuf_flush(o) != 0)
        return -1;
    memcpy(o->data + o->len, s, n);
    o->len += n;
    return 0;
}

/* "0.123456" or "1.000000" from an integer count of millionths. */
static size_t format_micro(char *p, uint32_t micro)
{
    uint32_t ip = micro / 1000000u, fp = micro % 1000000u;
    int i;

    p[0] = (char)('0' + ip);
    p[1] = '.';
    for (i = 7; i >= 2; i--) {
        p[i] = (char)('0' + fp % 10u);
        fp /= 10u;
    }
    return 8;
}

static double sigmoid(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;

    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || s[0] == '-')
        return -1;
    *out = (uint64_t)v;
    return 0;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: fa_bench_gen --rows N --seed S --out FILE\n"
               "Writes a seeded predictions CSV (score,label,decision,sex,region).\n");
}

int main(int argc, char **argv)
{
    static const char *const regions[5] = {"north", "south", "east", "west", "centre"};
    static const double region_cum[5] = {0.35, 0.60, 0.80, 0.92, 1.0};
    static const double region_shift[5] = {0.3, -0.2, 0.0, -0.5, 0.4};
    uint64_t rows = 0, seed = 0, i;
    const char *out = NULL;
    char tmp[4096], line[64];
    outbuf *o;
    fa_rng rng;
    int a, have_rows = 0, have_seed = 0;
    static const char header[] = "score,label,decision,sex,region\n";

    for (a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[a], "--rows") == 0 && a + 1 < argc) {
            if (parse_u64(argv[++a], &rows) != 0)
                break;
            have_rows = 1;
        } else if (strcmp(argv[a], "--seed") == 0 && a + 1 < argc) {
            if (parse_u64(argv[++a], &seed) != 0)
                break;
            have_seed = 1;
        } else if (strcmp(argv[a], "--out") == 0 && a + 1 < argc) {
            out = argv[++a];
        } else {
            break;
        }
    }
    if (a < argc || !have_rows || !have_seed || out == NULL) {
        usage(stderr);
        return 2;
    }
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", out) >= sizeof tmp) {
        fprintf(stderr, "fa_bench_gen: output path too long\n");
        return 2;
    }
    o = malloc(sizeof *o);
    if (o == NULL) {
        fprintf(stderr, "fa_bench_gen: out of memory\n");
        return 4;
    }
    o->len = 0;
    o->f = fopen(tmp, "wb");
    if (o->f == NULL) {
        fprintf(stderr, "fa_bench_gen: cannot open '%s': %s\n", tmp, strerror(errno));
        free(o);
        return 4;
    }
    fa_rng_seed(&rng, seed);
    int bad = outbuf_put(o, header, sizeof header - 1);
    for (i = 0; i < rows && bad == 0; i++) {
        double u = fa_rng_uniform(&rng);
        int female = fa_rng_uniform(&rng) < 0.45;
        int r = 0;
        while (r < 4 && u >= region_cum[r])
            r++;
        double z = fa_rng_normal(&rng) + region_shift[r] + (female ? -0.3 : 0.0);
        int label = fa_rng_uniform(&rng) < sigmoid(z - 0.2);
        double s = sigmoid(0.8 * z + 0.7 * fa_rng_normal(&rng));
        uint32_t micro = (uint32_t)lround(s * 1e6);
        size_t n = format_micro(line, micro);
        line[n++] = ',';
        line[n++] = (char)('0' + label);
        line[n++] = ',';
        line[n++] = micro >= 500000u ? '1' : '0';
        line[n++] = ',';
        line[n++] = female ? 'F' : 'M';
        line[n++] = ',';
        size_t rl = strlen(regions[r]);
        memcpy(line + n, regions[r], rl);
        n += rl;
        line[n++] = '\n';
        bad = outbuf_put(o, line, n);
    }
    if (bad == 0)
        bad = outbuf_flush(o);
    if (fclose(o->f) != 0)
        bad = -1;
    free(o);
    if (bad != 0 || rename(tmp, out) != 0) {
        fprintf(stderr, "fa_bench_gen: cannot write '%s': %s\n", out, strerror(errno));
        remove(tmp);
        return 4;
    }
    return 0;
}
