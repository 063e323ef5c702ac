/*
 * mpi_run.c — `mpirun -np K fairaudit audit|train ...`: the only file that sees MPI
 * (docs/scale.md, "MPI"). Built with MPI when CMake finds it (FA_WITH_MPI); otherwise the
 * functions below report one process, and a run under mpirun warns that every process
 * runs the whole command.
 *
 * MPI starts only when the launcher's environment says there are several processes
 * (OMPI_COMM_WORLD_SIZE, PMI_SIZE, PMIX_SIZE), so plain runs never touch MPI.
 *
 *  - audit: rank k audits part k of K of the file (fa_audit_run_partial_split), the parts'
 *    states are gathered on rank 0 and merged in rank order; the last rank computes the
 *    whole file's SHA-256 meanwhile. The report is the one-process report, byte for byte.
 *    If any part cannot be read on its own (quotes, lone CR line ends, a bad value — whose
 *    message needs the line number), rank 0 audits the whole file instead.
 *  - train: rank k loads part k (fa_load_options.part_index) and logistic regression is
 *    fitted with an fa_collective over MPI_Allgather: gradients, encoder statistics and
 *    every other sum are reduced over all ranks. Rank 0 writes the model. If a part cannot
 *    be loaded on its own, rank 0 trains on the whole file.
 *  Every rank exits with rank 0's exit code; a rank that fails inside a collective step
 *  stops the others with MPI_Abort.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#ifdef FA_WITH_MPI
#include <mpi.h>
#endif

static int launcher_size(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"};
    size_t i;

    for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v != NULL && v[0] != '\0')
            return atoi(v);
    }
    return 1;
}

#ifdef FA_WITH_MPI

static bool started;
static int world_rank, world_size = 1;

bool cli_mpi_built(void)
{
    return true;
}

bool cli_mpi_world(int *rank, int *size)
{
    if (!started && launcher_size() > 1) {
        int inited = 0;
        MPI_Initialized(&inited);
        if (!inited && MPI_Init(NULL, NULL) != MPI_SUCCESS) {
            cli_msg("cannot start MPI: running as one process");
            *rank = 0;
            *size = 1;
            return false;
        }
        started = true;
        MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
        MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    }
    *rank = world_rank;
    *size = world_size;
    return world_size > 1;
}

int cli_mpi_end(int code)
{
    if (started) {
        int c = code;
        /* every rank leaves with rank 0's code */
        MPI_Bcast(&c, 1, MPI_INT, 0, MPI_COMM_WORLD);
        MPI_Finalize();
        started = false;
        return c;
    }
    return code;
}

void cli_mpi_abort(int code)
{
    if (started)
        MPI_Abort(MPI_COMM_WORLD, code);
}

static bool any_rank(bool mine)
{
    int in = mine ? 1 : 0, out = 0;

    MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return out != 0;
}

/* ---- audit ------------------------------------------------------------------------------ */

/* Partial audit JSON from rank @p from (tags 4/5: length, bytes), merged into @p dst. */
static fa_status merge_from(fa_audit_partial *dst, int from, size_t file, fa_error *err)
{
    uint64_t n = 0;
    char *buf;
    char name[64];
    fa_status rc;

    MPI_Recv(&n, 1, MPI_UINT64_T, from, 4, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    buf = malloc(n + 1);
    if (buf == NULL) {
        cli_msg("out of memory for the partial audit of input %zu", file + 1);
        cli_mpi_abort(FA_EXIT_INTERNAL);
        return FA_ENOMEM;
    }
    MPI_Recv(buf, (int)n, MPI_CHAR, from, 5, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    snprintf(name, sizeof name, "<input %zu, rank %d>", file + 1, from);
    rc = fa_audit_partial_merge_text(dst, buf, (size_t)n, name, err);
    free(buf);
    return rc;
}

/*
 * Several files: rank r audits files r, r + K, ... whole (with its threads) and sends each
 * file's partial to rank 0, which merges them in file order — exactly the single-process
 * audit of the files one after another (fa_audit_run_partial_files). A failure on any rank
 * makes rank 0 audit everything itself, so the error is reported with its location.
 */
static fa_status mpi_audit_files(const char *const *paths, size_t n, const fa_audit_options *o,
                                 fa_audit_result **res, fa_error *err)
{
    fa_audit_partial **mine = NULL, *all = NULL;
    fa_status rc = FA_OK;
    size_t i;
    const size_t K = (size_t)world_size, r = (size_t)world_rank;

    mine = calloc(n, sizeof *mine);
    if (mine == NULL) {
        cli_msg("out of memory for %zu partial audits", n);
        cli_mpi_abort(FA_EXIT_INTERNAL);
        return FA_ENOMEM;
    }
    for (i = r; rc == FA_OK && i < n; i += K)
        rc = fa_audit_run_partial(paths[i], o, &mine[i], err);
    if (!any_rank(rc != FA_OK)) {
        if (r != 0) {
            for (i = r; i < n; i += K) {
                char *text = NULL;
                size_t len = 0;
                uint64_t m;
                if (fa_audit_partial_json(mine[i], &text, &len, err) != FA_OK ||
                    len > (size_t)INT32_MAX) {
                    cli_report(FA_ENOMEM, err);
                    cli_mpi_abort(FA_EXIT_INTERNAL);
                }
                m = len;
                MPI_Send(&m, 1, MPI_UINT64_T, 0, 4, MPI_COMM_WORLD);
                MPI_Send(text, (int)len, MPI_CHAR, 0, 5, MPI_COMM_WORLD);
                fa_audit_partial_json_free(text);
            }
        } else {
            /* MPI keeps the order of messages from one rank: file i + K after file i */
            all = mine[0];
            mine[0] = NULL;
            for (i = 1; rc == FA_OK && i < n; i++)
                rc = i % K == 0 ? fa_audit_partial_merge(all, mine[i], err)
                                : merge_from(all, (int)(i % K), i, err);
            if (rc == FA_OK)
                rc = fa_audit_partial_result(all, res, err);
            fa_audit_partial_free(all);
            all = NULL;
            if (rc != FA_OK && rc != FA_ENOMEM) {
                /* too many groups over all files (or alike): one pass says where */
                fa_error_clear(err);
                rc = fa_audit_run_partial_files(paths, n, o, &all, err);
                if (rc == FA_OK)
                    rc = fa_audit_partial_result(all, res, err);
            }
        }
    } else if (r == 0) {
        fa_error_clear(err);
        rc = fa_audit_run_partial_files(paths, n, o, &all, err);
        if (rc == FA_OK)
            rc = fa_audit_partial_result(all, res, err);
    }
    for (i = 0; i < n; i++)
        fa_audit_partial_free(mine[i]);
    free(mine);
    fa_audit_partial_free(all);
    return r == 0 ? rc : FA_OK;
}

fa_status cli_mpi_audit(const char *const *paths, size_t n_paths, const fa_audit_options *o,
                        fa_audit_result **res, fa_error *err)
{
    const char *path = paths[0];
    fa_audit_partial *p = NULL;
    fa_audit_options whole = *o;
    char *text = NULL, fp[65] = "";
    size_t len = 0;
    fa_status rc;
    bool fallback;
    int k;

    *res = NULL;
    if (n_paths > 1)
        return mpi_audit_files(paths, n_paths, o, res, err);
    rc = fa_audit_run_partial_split(path, o, (unsigned)world_rank, (unsigned)world_size, &p,
                                    err);
    fallback = any_rank(rc != FA_OK);
    if (!fallback) {
        /* the parts' states, to rank 0; the last rank hashes the whole file meanwhile */
        uint64_t n;
        rc = world_rank == 0 ? FA_OK : fa_audit_partial_json(p, &text, &len, err);
        if (rc == FA_OK && o->fingerprint && world_rank == world_size - 1 &&
            fa_file_sha256(path, fp, err) != FA_OK)
            fp[0] = '\0';
        if (rc != FA_OK || len > (size_t)INT32_MAX) {
            cli_report(rc != FA_OK ? rc : FA_ENOMEM, err);
            cli_mpi_abort(FA_EXIT_INTERNAL);
        }
        n = len;
        if (world_rank == 0) {
            for (k = 1; k < world_size && rc == FA_OK; k++) {
                char *buf;
                char name[64];
                MPI_Recv(&n, 1, MPI_UINT64_T, k, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                buf = malloc(n + 1);
                if (buf == NULL) {
                    cli_msg("out of memory for the partial audit of rank %d", k);
                    cli_mpi_abort(FA_EXIT_INTERNAL);
                    return FA_ENOMEM;
                }
                MPI_Recv(buf, (int)n, MPI_CHAR, k, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                snprintf(name, sizeof name, "<rank %d>", k);
                rc = fa_audit_partial_merge_text(p, buf, (size_t)n, name, err);
                free(buf);
            }
            if (o->fingerprint)
                MPI_Recv(fp, 65, MPI_CHAR, world_size - 1, 3, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else {
            MPI_Send(&n, 1, MPI_UINT64_T, 0, 1, MPI_COMM_WORLD);
            MPI_Send(text, (int)len, MPI_CHAR, 0, 2, MPI_COMM_WORLD);
            if (o->fingerprint && world_rank == world_size - 1)
                MPI_Send(fp, 65, MPI_CHAR, 0, 3, MPI_COMM_WORLD);
        }
        fa_audit_partial_json_free(text);
        if (world_rank != 0) {
            fa_audit_partial_free(p);
            return FA_OK;
        }
        /* too many groups over all parts: the whole file says where */
        fallback = rc != FA_OK;
        if (rc == FA_OK)
            rc = fa_audit_partial_set_input(p, NULL, fp[0] != '\0' ? fp : NULL, err);
        if (rc == FA_OK)
            rc = fa_audit_partial_result(p, res, err);
        fa_audit_partial_free(p);
        if (!fallback)
            return rc;
        p = NULL;
    }
    fa_audit_partial_free(p);
    if (world_rank != 0)
        return FA_OK;
    /* the file in one piece, on rank 0, with every thread (the others wait) */
    if (whole.threads == 1)
        whole.threads = 0;
    fa_error_clear(err);
    return fa_audit_run(path, &whole, res, err);
}

/* ---- train -------------------------------------------------------------------------------- */

static int mpi_allgather(const void *mine, void *all, size_t n, void *ctx)
{
    (void)ctx;
    if (n > (size_t)INT32_MAX)
        return -1;
    return MPI_Allgather(mine, (int)n, MPI_BYTE, all, (int)n, MPI_BYTE, MPI_COMM_WORLD) ==
                   MPI_SUCCESS
               ? 0
               : -1;
}

fa_status cli_mpi_train(const fa_spec *spec, const char *data, const fa_load_options *lo,
                        const fa_fit_options *fo, fa_table **table_out, fa_model **model_out,
                        fa_error *err)
{
    fa_load_options part = *lo;
    fa_fit_options o = *fo;
    fa_collective coll;
    fa_table *t = NULL;
    fa_status rc;

    *table_out = NULL;
    *model_out = NULL;
    part.part_index = (unsigned)world_rank;
    part.part_count = (unsigned)world_size;
    part.log = NULL; /* per-part progress would interleave */
    /* the MLP is not data-parallel: rank 0 trains it alone */
    rc = o.kind == FA_MODEL_LOGREG ? fa_table_load(&t, spec, data, &part, err) : FA_EUNSUPPORTED;
    if (any_rank(rc != FA_OK)) {
        /* a part cannot be loaded alone: rank 0 trains on the whole file */
        fa_table_free(t);
        if (world_rank != 0)
            return FA_OK;
        fa_error_clear(err);
        if (o.n_threads == 1)
            o.n_threads = 0;
        rc = fa_table_load(table_out, spec, data, lo, err);
        if (rc == FA_OK)
            rc = fa_model_fit(model_out, *table_out, NULL, &o, err);
        return rc;
    }
    coll.version = FA_COLLECTIVE_VERSION;
    coll.rank = (unsigned)world_rank;
    coll.size = (unsigned)world_size;
    coll.allgather = mpi_allgather;
    coll.ctx = NULL;
    o.collective = &coll;
    if (world_rank != 0)
        o.log = NULL;
    rc = fa_model_fit(model_out, t, NULL, &o, err);
    if (rc != FA_OK) {
        /* the others may be waiting in an exchange: stop them */
        if (world_rank != 0)
            fprintf(stderr, "fairaudit: rank %d of %d: ", world_rank, world_size);
        cli_report(rc, err);
        cli_mpi_abort(cli_exit_code(rc));
        return rc;
    }
    if (world_rank != 0) { /* every rank has the model; rank 0 writes it */
        fa_model_free(*model_out);
        *model_out = NULL;
        fa_table_free(t);
        return FA_OK;
    }
    {
        char fp[65];
        /* the whole file's digest, as a one-process fit records it */
        rc = fa_file_sha256(data, fp, err);
        if (rc == FA_OK)
            rc = fa_model_set_data_fingerprint(*model_out, fp, err);
    }
    *table_out = t;
    return rc;
}

#else /* no MPI in this build */

bool cli_mpi_built(void)
{
    return false;
}

bool cli_mpi_world(int *rank, int *size)
{
    static bool warned;

    *rank = 0;
    *size = 1;
    if (!warned && launcher_size() > 1) {
        warned = true;
        cli_msg("this fairaudit was built without MPI (FA_WITH_MPI=OFF): every process "
                "runs the whole command");
    }
    return false;
}

int cli_mpi_end(int code)
{
    return code;
}

void cli_mpi_abort(int code)
{
    (void)code;
}

fa_status cli_mpi_audit(const char *const *paths, size_t n, const fa_audit_options *o,
                        fa_audit_result **res, fa_error *err)
{
    fa_audit_partial *all = NULL;
    fa_status rc;

    if (n == 1)
        return fa_audit_run(paths[0], o, res, err);
    rc = fa_audit_run_partial_files(paths, n, o, &all, err);
    if (rc == FA_OK)
        rc = fa_audit_partial_result(all, res, err);
    fa_audit_partial_free(all);
    return rc;
}

fa_status cli_mpi_train(const fa_spec *spec, const char *data, const fa_load_options *lo,
                        const fa_fit_options *fo, fa_table **table_out, fa_model **model_out,
                        fa_error *err)
{
    fa_status rc = fa_table_load(table_out, spec, data, lo, err);

    *model_out = NULL;
    if (rc == FA_OK)
        rc = fa_model_fit(model_out, *table_out, NULL, fo, err);
    return rc;
}

#endif
