/*
 * la_par.c — a minimal parallel loop over independent tasks (pthreads).
 *
 * Threads are started per call and joined before returning. A call costs
 * about 30-60 us of thread start-up, measured against passes of 1-20 ms in
 * the fits that use it; a persistent pool would save that at the price of
 * global state and shutdown rules, which the library does not otherwise
 * need. Tasks are claimed from an atomic counter, so a slow thread does not
 * hold the others up; callers keep results deterministic by writing each
 * task's output to its own slot and combining slots in task order.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "la/la.h"

typedef struct par_job {
    atomic_size_t next;
    size_t n_tasks;
    fa_la_task_fn fn;
    void *ctx;
} par_job;

static void run_tasks(par_job *job)
{
    for (;;) {
        size_t t = atomic_fetch_add_explicit(&job->next, 1, memory_order_relaxed);
        if (t >= job->n_tasks)
            return;
        job->fn(job->ctx, t);
    }
}

static void *worker(void *arg)
{
    run_tasks(arg);
    return NULL;
}

unsigned fa_la_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    if (n < 1)
        return 1;
    if ((unsigned long)n > FA_LA_MAX_THREADS)
        return FA_LA_MAX_THREADS;
    return (unsigned)n;
}

void fa_la_parallel_for(size_t n_tasks, unsigned n_threads, fa_la_task_fn fn, void *ctx)
{
    pthread_t threads[FA_LA_MAX_THREADS];
    unsigned started = 0, i, want;
    par_job job;

    if (n_tasks == 0)
        return;
    if (n_threads == 0)
        n_threads = fa_la_default_threads();
    want = n_threads > FA_LA_MAX_THREADS ? FA_LA_MAX_THREADS : n_threads;
    if ((size_t)want > n_tasks)
        want = (unsigned)n_tasks;
    atomic_init(&job.next, 0);
    job.n_tasks = n_tasks;
    job.fn = fn;
    job.ctx = ctx;
    /* The caller is one of the workers; start want-1 more. A thread that
     * cannot be created is simply not there: the others take its tasks. */
    for (i = 1; i < want; i++) {
        if (pthread_create(&threads[started], NULL, worker, &job) != 0)
            break;
        started++;
    }
    run_tasks(&job);
    for (i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
}
