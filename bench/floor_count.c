/*
 * floor_count.c — the floor for `fairaudit audit` in bench/: the least a program can do to
 * answer "selection rate, TPR and FPR by group" from a predictions CSV.
 *
 *   fa_bench_floor FILE [--threads N] [--groups COL,COL] [--label COL] [--decision COL]
 *
 * It reads the file with read() in 1 MiB blocks (N threads: N byte ranges with pread,
 * each starting after the first newline of its range), finds line ends and commas with
 * memchr, takes the label and decision as one character each, maps a group value to a
 * slot by comparing its bytes with the values seen so far (a handful), and counts the four
 * confusion cells per group — nothing else: no quotes, no validation beyond "one 0/1
 * character", no score parsing, no fingerprint, no histograms, no intervals. It prints
 * the counts and the demographic parity and equalized odds differences per group column,
 * so bench/scale_bench.py can check it answers the same question as fairaudit.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BLOCK       ((size_t)1 << 20)
#define MAX_COLS    64
#define MAX_GROUPS  64
#define MAX_VALUE   64
#define MAX_THREADS 64

typedef struct gcol {
    size_t col;
    size_t n_values;
    char values[MAX_GROUPS][MAX_VALUE];
    size_t len[MAX_GROUPS];
    uint64_t cells[MAX_GROUPS][4]; /* label * 2 + decision */
} gcol;

typedef struct job {
    int fd;
    off_t begin, end; /* lines starting in [begin, end) */
    size_t n_groups;
    size_t label_col, decision_col;
    gcol g[2];
    int bad;
} job;

static size_t slot_of(gcol *g, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < g->n_values; i++)
        if (g->len[i] == n && memcmp(g->values[i], s, n) == 0)
            return i;
    if (g->n_values == MAX_GROUPS || n >= MAX_VALUE)
        return MAX_GROUPS;
    memcpy(g->values[g->n_values], s, n);
    g->len[g->n_values] = n;
    return g->n_values++;
}

static void count_line(job *j, const char *p, const char *e)
{
    const char *f[MAX_COLS + 1];
    size_t nf = 0, k, label, dec;

    while (nf < MAX_COLS) {
        const char *c = memchr(p, ',', (size_t)(e - p));
        f[nf++] = p;
        if (c == NULL)
            break;
        p = c + 1;
    }
    f[nf] = e + 1;
    if (j->label_col >= nf || j->decision_col >= nf) {
        j->bad = 1;
        return;
    }
    label = (size_t)(f[j->label_col][0] == '1');
    dec = (size_t)(f[j->decision_col][0] == '1');
    for (k = 0; k < j->n_groups; k++) {
        size_t c = j->g[k].col, s;
        if (c >= nf) {
            j->bad = 1;
            return;
        }
        s = slot_of(&j->g[k], f[c], (size_t)(f[c + 1] - f[c] - 1));
        if (s < MAX_GROUPS)
            j->g[k].cells[s][label * 2 + dec]++;
    }
}

static void *run(void *arg)
{
    job *j = arg;
    char *buf = malloc(BLOCK + 1), *p, *e;
    off_t pos = j->begin;
    size_t have = 0;
    int first = 1; /* begin is the newline before the first line (or inside the line before) */

    if (buf == NULL) {
        j->bad = 1;
        return NULL;
    }
    for (;;) {
        ssize_t n = pos < j->end + (off_t)BLOCK ? pread(j->fd, buf + have, BLOCK - have, pos) : 0;
        size_t len;
        if (n < 0) {
            j->bad = 1;
            break;
        }
        pos += n;
        len = have + (size_t)n;
        p = buf;
        e = buf + len;
        if (first) { /* a range starts after the first newline at or after its start */
            char *nl = memchr(p, '\n', len);
            if (nl == NULL)
                break;
            p = nl + 1;
            first = 0;
        }
        for (;;) {
            off_t line_off = pos - (off_t)(e - p);
            char *nl;
            if (line_off >= j->end)
                goto done;
            nl = memchr(p, '\n', (size_t)(e - p));
            if (nl == NULL)
                break;
            count_line(j, p, nl);
            p = nl + 1;
        }
        if (n == 0) {
            if (p < e)
                count_line(j, p, e);
            break;
        }
        have = (size_t)(e - p);
        memmove(buf, p, have);
    }
done:
    free(buf);
    return NULL;
}

static size_t find_col(const char *hdr, const char *name)
{
    size_t i = 0, n = strlen(name);
    const char *p = hdr;

    for (;;) {
        const char *c = strpbrk(p, ",\n");
        size_t len = c ? (size_t)(c - p) : strlen(p);
        if (len == n && memcmp(p, name, n) == 0)
            return i;
        if (c == NULL || *c == '\n')
            return (size_t)-1;
        p = c + 1;
        i++;
    }
}

int main(int argc, char **argv)
{
    const char *path = NULL, *groups = "sex,region", *label = "label", *decision = "decision";
    unsigned threads = 1, t;
    int fd, a;
    struct stat st;
    char hdr[4096];
    ssize_t hn;
    size_t hlen, k, n_groups = 0, gcols[2];
    char gnames[2][64];
    job *jobs;
    pthread_t th[MAX_THREADS];

    for (a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--threads") == 0 && a + 1 < argc)
            threads = (unsigned)atoi(argv[++a]);
        else if (strcmp(argv[a], "--groups") == 0 && a + 1 < argc)
            groups = argv[++a];
        else if (strcmp(argv[a], "--label") == 0 && a + 1 < argc)
            label = argv[++a];
        else if (strcmp(argv[a], "--decision") == 0 && a + 1 < argc)
            decision = argv[++a];
        else
            path = argv[a];
    }
    if (path == NULL || threads < 1 || threads > MAX_THREADS) {
        fprintf(stderr, "usage: fa_bench_floor FILE [--threads N] [--groups A,B]\n");
        return 2;
    }
    fd = open(path, O_RDONLY);
    if (fd < 0 || fstat(fd, &st) != 0) {
        perror(path);
        return 1;
    }
    hn = pread(fd, hdr, sizeof hdr - 1, 0);
    if (hn <= 0) {
        fprintf(stderr, "%s: empty\n", path);
        return 1;
    }
    hdr[hn] = '\0';
    hlen = strcspn(hdr, "\n") + 1;
    {
        const char *p = groups;
        while (*p && n_groups < 2) {
            size_t n = strcspn(p, ",");
            snprintf(gnames[n_groups], sizeof gnames[0], "%.*s", (int)n, p);
            gcols[n_groups] = find_col(hdr, gnames[n_groups]);
            if (gcols[n_groups] == (size_t)-1) {
                fprintf(stderr, "no column %s\n", gnames[n_groups]);
                return 1;
            }
            n_groups++;
            p += n + (p[n] == ',');
        }
    }
    jobs = calloc(threads, sizeof *jobs);
    for (t = 0; t < threads; t++) {
        off_t span = (st.st_size - (off_t)hlen) / (off_t)threads;
        jobs[t].fd = fd;
        jobs[t].begin = (off_t)hlen + span * (off_t)t;
        jobs[t].end = t + 1 == threads ? st.st_size : (off_t)hlen + span * (off_t)(t + 1);
        jobs[t].begin--; /* a line starting exactly at the boundary is kept */
        jobs[t].n_groups = n_groups;
        jobs[t].label_col = find_col(hdr, label);
        jobs[t].decision_col = find_col(hdr, decision);
        for (k = 0; k < n_groups; k++)
            jobs[t].g[k].col = gcols[k];
        if (jobs[t].label_col == (size_t)-1 || jobs[t].decision_col == (size_t)-1) {
            fprintf(stderr, "no label or decision column\n");
            return 1;
        }
    }
    for (t = 1; t < threads; t++)
        pthread_create(&th[t], NULL, run, &jobs[t]);
    run(&jobs[0]);
    for (t = 1; t < threads; t++)
        pthread_join(th[t], NULL);
    /* merge into job 0 by value, then the rates */
    printf("{");
    for (k = 0; k < n_groups; k++) {
        gcol *g = &jobs[0].g[k];
        double smin = 2, smax = -1, tmin = 2, tmax = -1, fmin = 2, fmax = -1;
        size_t v, c;
        for (t = 1; t < threads; t++) {
            gcol *h = &jobs[t].g[k];
            for (v = 0; v < h->n_values; v++) {
                size_t s = slot_of(g, h->values[v], h->len[v]);
                for (c = 0; c < 4 && s < MAX_GROUPS; c++)
                    g->cells[s][c] += h->cells[v][c];
            }
        }
        printf("%s\"%s\": {\"groups\": {", k ? ", " : "", gnames[k]);
        for (v = 0; v < g->n_values; v++) {
            const uint64_t *x = g->cells[v]; /* tn fp fn tp */
            double n = (double)(x[0] + x[1] + x[2] + x[3]);
            double sr = (double)(x[1] + x[3]) / n, tpr = (double)x[3] / (double)(x[2] + x[3]),
                   fpr = (double)x[1] / (double)(x[0] + x[1]);
            smin = sr < smin ? sr : smin, smax = sr > smax ? sr : smax;
            tmin = tpr < tmin ? tpr : tmin, tmax = tpr > tmax ? tpr : tmax;
            fmin = fpr < fmin ? fpr : fmin, fmax = fpr > fmax ? fpr : fmax;
            printf("%s\"%.*s\": [%llu, %llu, %llu, %llu]", v ? ", " : "", (int)g->len[v],
                   g->values[v], (unsigned long long)x[3], (unsigned long long)x[1],
                   (unsigned long long)x[0], (unsigned long long)x[2]);
        }
        printf("}, \"demographic_parity_difference\": %.17g, \"equalized_odds_difference\": %.17g}",
               smax - smin, (tmax - tmin) > (fmax - fmin) ? tmax - tmin : fmax - fmin);
    }
    printf("}\n");
    for (t = 0; t < threads; t++)
        if (jobs[t].bad) {
            fprintf(stderr, "malformed line\n");
            return 1;
        }
    return 0;
}
