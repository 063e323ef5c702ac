/*
 * Data-parallel logistic regression (fa_fit_options.collective, lib/common/collective.c):
 * K "processes" — threads here, exchanging through a shared buffer and a barrier, as MPI
 * ranks would through MPI_Allgather — each load one part of a file (fa_load_options
 * part_index/part_count) and fit together. Every process must get bit-identical models,
 * equal to the one-process fit to 1e-8 (coefficients, intercept, encoder), with numeric
 * and categorical features, levels seen by one part only, sample weights and empty parts.
 */
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "common/internal.h"
#include "common/rng.h"
#include "encode/encoder_impl.h"
#include "fa_test.h"
#include "model/model_internal.h"

/* Agreement with the one-process fit: only the order of floating-point additions differs
 * (per-process sums added in process order), far below the optimiser's tolerance. */
#define TOL_PARALLEL 1e-8
#define MAX_PROCS 4

/* A barrier that gives up when a process has failed (so a failing process cannot hang the
 * others: they get an all-gather error, as MPI_Abort would end them). */
typedef struct group {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    unsigned size, waiting;
    unsigned long phase;
    bool failed;
    char *buf;
    size_t cap;
} group;

static bool group_wait(group *g)
{
    bool ok;

    pthread_mutex_lock(&g->mu);
    if (!g->failed && ++g->waiting == g->size) {
        g->waiting = 0;
        g->phase++;
        pthread_cond_broadcast(&g->cv);
    } else if (!g->failed) {
        unsigned long phase = g->phase;
        while (g->phase == phase && !g->failed)
            pthread_cond_wait(&g->cv, &g->mu);
    }
    ok = !g->failed;
    pthread_mutex_unlock(&g->mu);
    return ok;
}

static void group_fail(group *g)
{
    pthread_mutex_lock(&g->mu);
    g->failed = true;
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
}

typedef struct proc {
    group *g;
    fa_collective coll;
    const fa_spec *spec;
    const char *path;
    fa_model *model;
    fa_status rc;
    char msg[512];
} proc;

static int thread_allgather(const void *mine, void *all, size_t n, void *ctx)
{
    proc *p = ctx;
    group *g = p->g;

    if (!group_wait(g))
        return -1;
    if (p->coll.rank == 0 && g->cap < n * g->size) {
        g->buf = realloc(g->buf, n * g->size);
        g->cap = n * g->size;
    }
    if (!group_wait(g))
        return -1;
    if (n > 0)
        memcpy(g->buf + (size_t)p->coll.rank * n, mine, n);
    if (!group_wait(g))
        return -1;
    if (n > 0)
        memcpy(all, g->buf, n * g->size);
    return group_wait(g) ? 0 : -1;
}

static void *run_proc(void *arg)
{
    proc *p = arg;
    fa_load_options lo = FA_LOAD_OPTIONS_INIT;
    fa_fit_options fo = FA_FIT_OPTIONS_INIT;
    fa_table *t = NULL;
    fa_error err;

    fa_error_clear(&err);
    lo.part_index = p->coll.rank;
    lo.part_count = p->coll.size;
    fo.collective = &p->coll;
    fo.n_threads = 1;
    p->rc = fa_table_load(&t, p->spec, p->path, &lo, &err);
    if (p->rc == FA_OK)
        p->rc = fa_model_fit(&p->model, t, NULL, &fo, &err);
    if (p->rc != FA_OK) {
        fa_error_format(&err, p->msg, sizeof p->msg);
        group_fail(p->g);
    }
    fa_table_free(t);
    return NULL;
}

static const char *write_data(uint64_t seed, size_t rows, bool weighted)
{
    static char path[512];
    FILE *fp;
    fa_rng r;
    size_t i;

    snprintf(path, sizeof path, "%s/fa_coll_%d.csv", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (int)getpid());
    fp = fopen(path, "w");
    cr_assert_not_null(fp);
    fa_rng_seed(&r, seed);
    fprintf(fp, "a,b,c,cat,w,y\n");
    for (i = 0; i < rows; i++) {
        double a = fa_rng_normal(&r), b = 3.0 + 2.0 * fa_rng_normal(&r), c = fa_rng_uniform(&r);
        /* "rare" appears only near the end: in the last part only */
        const char *cat = i + 20 > rows ? "rare" : (const char *[]){"x", "y", "z"}[i % 3];
        double z = 0.4 * a - 0.3 * (b - 3.0) + (cat[0] == 'y' ? 0.7 : 0.0) - 0.2;
        fprintf(fp, "%.6f,%.6f,%.4f,%s,%.3f,%d\n", a, b, c, cat,
                weighted ? 0.5 + fa_rng_uniform(&r) : 1.0,
                fa_rng_uniform(&r) < 1.0 / (1.0 + exp(-z)));
    }
    fclose(fp);
    return path;
}

static fa_spec *make_spec(bool weighted)
{
    char text[1024];
    fa_spec *s = NULL;
    fa_error err;

    snprintf(text, sizeof text,
             "{\"format\": \"fairaudit-spec\", \"format_version\": 1, \"name\": \"coll\","
             " \"columns\": [{\"name\": \"a\", \"role\": \"numeric\"},"
             " {\"name\": \"b\", \"role\": \"numeric\"}, {\"name\": \"c\", \"role\": \"numeric\"},"
             " {\"name\": \"cat\", \"role\": \"categorical\"},"
             " {\"name\": \"w\", \"role\": \"%s\"},"
             " {\"name\": \"y\", \"role\": \"label\", \"positive\": \"1\", \"negative\": \"0\"}]}",
             weighted ? "weight" : "ignore");
    FA_ASSERT_OK(fa_spec_parse(&s, text, strlen(text), "coll.json", &err));
    return s;
}

static void check(size_t rows, unsigned size, bool weighted)
{
    fa_spec *spec = make_spec(weighted);
    const char *path = write_data(7 + rows, rows, weighted);
    fa_load_options lo = FA_LOAD_OPTIONS_INIT;
    fa_fit_options fo = FA_FIT_OPTIONS_INIT;
    fa_table *t = NULL;
    fa_model *single = NULL;
    group g;
    proc p[MAX_PROCS];
    pthread_t th[MAX_PROCS];
    fa_error err;
    unsigned k;
    size_t j;

    FA_ASSERT_OK(fa_table_load(&t, spec, path, &lo, &err));
    FA_ASSERT_OK(fa_model_fit(&single, t, NULL, &fo, &err));
    memset(&g, 0, sizeof g);
    g.size = size;
    pthread_mutex_init(&g.mu, NULL);
    pthread_cond_init(&g.cv, NULL);
    for (k = 0; k < size; k++) {
        memset(&p[k], 0, sizeof p[k]);
        p[k].g = &g;
        p[k].coll.version = FA_COLLECTIVE_VERSION;
        p[k].coll.rank = k;
        p[k].coll.size = size;
        p[k].coll.allgather = thread_allgather;
        p[k].coll.ctx = &p[k];
        p[k].spec = spec;
        p[k].path = path;
        cr_assert_eq(pthread_create(&th[k], NULL, run_proc, &p[k]), 0);
    }
    for (k = 0; k < size; k++)
        pthread_join(th[k], NULL);
    for (k = 0; k < size; k++)
        cr_assert_eq(p[k].rc, FA_OK, "process %u: %s (%s | %s | %s | %s)", k, p[k].msg, p[0].msg,
                     p[1].msg, size > 2 ? p[2].msg : "", size > 3 ? p[3].msg : "");
    for (k = 0; k < size; k++) {
        const fa_model *m = p[k].model;
        cr_assert_eq(m->n_inputs, single->n_inputs);
        cr_assert_eq(m->n_data_rows, rows);
        cr_assert_eq(fa_encoder_n_features(m->encoder), fa_encoder_n_features(single->encoder));
        for (j = 0; j < fa_encoder_n_features(m->encoder); j++)
            cr_assert_str_eq(fa_encoder_feature_name(m->encoder, j),
                             fa_encoder_feature_name(single->encoder, j));
        for (j = 0; j < m->n_inputs; j++) {
            FA_ASSERT_NEAR(m->coef[j], single->coef[j], TOL_PARALLEL);
            cr_assert(memcmp(&m->coef[j], &p[0].model->coef[j], sizeof(double)) == 0,
                      "processes %u and 0 disagree on coefficient %zu", k, j);
        }
        FA_ASSERT_NEAR(m->intercept, single->intercept, TOL_PARALLEL);
    }
    for (k = 0; k < size; k++)
        fa_model_free(p[k].model);
    pthread_mutex_destroy(&g.mu);
    pthread_cond_destroy(&g.cv);
    free(g.buf);
    fa_model_free(single);
    fa_table_free(t);
    fa_spec_free(spec);
}

Test(collective, two_processes_fit_the_single_process_model) { check(3000, 2, false); }
Test(collective, three_processes_with_weights) { check(2500, 3, true); }
Test(collective, four_processes_on_a_tiny_file_with_empty_parts) { check(3, 4, false); }

Test(collective, a_part_with_quotes_is_refused)
{
    fa_spec *spec = make_spec(false);
    const char *path = fa_test_write("q.csv", "a,b,c,cat,w,y\n1,2,3,\"x\",1,1\n1,2,3,y,1,0\n");
    fa_load_options lo = FA_LOAD_OPTIONS_INIT;
    fa_table *t = NULL;
    fa_error err;

    lo.part_index = 0;
    lo.part_count = 2;
    cr_assert_eq(fa_table_load(&t, spec, path, &lo, &err), FA_EUNSUPPORTED);
    cr_assert(strstr(err.message, "load the file in one piece") != NULL, "%s", err.message);
    fa_spec_free(spec);
}

Test(collective, the_mlp_is_not_data_parallel)
{
    fa_fit_options fo = FA_FIT_OPTIONS_INIT;
    fa_collective c = {FA_COLLECTIVE_VERSION, 0, 2, thread_allgather, NULL};
    fa_error err;

    fo.kind = FA_MODEL_MLP;
    fo.collective = &c;
    cr_assert_eq(fa_fit_options_check(&fo, &err), FA_EUNSUPPORTED);
}
