/*
 * lib/la/la.h — dense linear algebra for the training core (internal; not
 * installed). lib/la is the only code that touches CBLAS.
 *
 * Matrices are row-major views (fa_mat / fa_cmat): `data` points at element
 * (0,0), element (i,j) lives at data[i*ld + j], ld >= cols. A view never owns
 * its memory. Vectors are contiguous.
 *
 * Three families of functions:
 *  - fa_la_dot/axpy/scal/nrm2/gemv/gemm: OpenBLAS underneath (la_blas.c);
 *  - fa_la_ref_*: the same operations written as naive loops (la_ref.c), the
 *    reference the tests compare against, and the fallback for sizes CBLAS's
 *    32-bit integers cannot express;
 *  - fa_la_glm_*: the fused loss-and-gradient pass of generalised linear
 *    models (la_glm.c), and fa_la_parallel_for (la_par.c), the row split it
 *    runs on. Measured in docs/internals/la.md: on 1,000,000 x 50 this pass is
 *    about 2.4x faster than the same work expressed as two dgemv calls, so
 *    logistic regression uses it rather than BLAS.
 *
 * Determinism: every function here returns the same bits for the same inputs
 * on the same machine, whatever the number of threads (see la_glm.c).
 * Thread safety: all functions are reentrant; they write only through their
 * output arguments.
 */
#ifndef FA_LIB_LA_LA_H
#define FA_LIB_LA_LA_H

#include <stdbool.h>
#include <stddef.h>

/** A mutable row-major matrix view. */
typedef struct fa_mat {
    double *data;
    size_t rows;
    size_t cols;
    size_t ld; /* distance in elements between the starts of two rows, >= cols */
} fa_mat;

/** A read-only row-major matrix view. */
typedef struct fa_cmat {
    const double *data;
    size_t rows;
    size_t cols;
    size_t ld;
} fa_cmat;

static inline fa_mat fa_mat_view(double *data, size_t rows, size_t cols)
{
    fa_mat m = {data, rows, cols, cols};
    return m;
}

static inline fa_cmat fa_cmat_view(const double *data, size_t rows, size_t cols)
{
    fa_cmat m = {data, rows, cols, cols};
    return m;
}

static inline fa_cmat fa_mat_const(fa_mat m)
{
    fa_cmat c = {m.data, m.rows, m.cols, m.ld};
    return c;
}

/** Rows [r0, r0+n) of @p m as a view. */
static inline fa_cmat fa_cmat_rows(fa_cmat m, size_t r0, size_t n)
{
    fa_cmat c = {m.data + r0 * m.ld, n, m.cols, m.ld};
    return c;
}

typedef enum fa_la_trans { FA_LA_NOTRANS = 0, FA_LA_TRANS = 1 } fa_la_trans;

/* ---- BLAS-backed (la_blas.c) ------------------------------------------- */

double fa_la_dot(size_t n, const double *x, const double *y);
/** y += a x */
void fa_la_axpy(size_t n, double a, const double *x, double *y);
/** x *= a */
void fa_la_scal(size_t n, double a, double *x);
/** Euclidean norm, without undue overflow or underflow. */
double fa_la_nrm2(size_t n, const double *x);
/**
 * y = alpha op(A) x + beta y. op(A) is A or its transpose; x has op(A).cols
 * elements, y has op(A).rows. With beta == 0, y is not read (may hold NaN).
 */
void fa_la_gemv(
    fa_la_trans ta, double alpha, const fa_cmat *A, const double *x, double beta, double *y);
/**
 * C = alpha op(A) op(B) + beta C, with op(A) m x k, op(B) k x n, C m x n.
 * With beta == 0, C is not read. C must not overlap A or B.
 */
void fa_la_gemm(fa_la_trans ta,
                fa_la_trans tb,
                double alpha,
                const fa_cmat *A,
                const fa_cmat *B,
                double beta,
                const fa_mat *C);

/**
 * Lower triangle of C = alpha A^T A + beta C (C is A.cols x A.cols; the
 * strict upper triangle is not touched). With beta == 0, C is not read.
 */
void fa_la_syrk_lower(double alpha, const fa_cmat *A, double beta, const fa_mat *C);
/**
 * Solves L x = b (FA_LA_NOTRANS) or L^T x = b (FA_LA_TRANS) in place, L the
 * lower triangle of the square matrix @p L (its upper triangle is ignored).
 */
void fa_la_trsv_lower(fa_la_trans t, const fa_cmat *L, double *x);

/* ---- Cholesky (la_chol.c; no BLAS: the matrices are small) --------------- */

/**
 * In-place Cholesky factorisation A = L L^T of the symmetric positive
 * definite matrix whose lower triangle is in @p A; L overwrites the lower
 * triangle, the upper triangle is not touched. Returns false when A is not
 * (numerically) positive definite; A is then partly overwritten.
 */
bool fa_la_cholesky(const fa_mat *A);

/* ---- naive reference (la_ref.c): same contracts ------------------------- */

double fa_la_ref_dot(size_t n, const double *x, const double *y);
void fa_la_ref_axpy(size_t n, double a, const double *x, double *y);
void fa_la_ref_scal(size_t n, double a, double *x);
double fa_la_ref_nrm2(size_t n, const double *x);
void fa_la_ref_gemv(
    fa_la_trans ta, double alpha, const fa_cmat *A, const double *x, double beta, double *y);
void fa_la_ref_gemm(fa_la_trans ta,
                    fa_la_trans tb,
                    double alpha,
                    const fa_cmat *A,
                    const fa_cmat *B,
                    double beta,
                    const fa_mat *C);
void fa_la_ref_syrk_lower(double alpha, const fa_cmat *A, double beta, const fa_mat *C);
void fa_la_ref_trsv_lower(fa_la_trans t, const fa_cmat *L, double *x);

/* ---- threads (la_par.c) ------------------------------------------------- */

/** One task of a parallel loop; writes only task-private output. */
typedef void (*fa_la_task_fn)(void *ctx, size_t task);

/**
 * Runs fn(ctx, t) once for every t in [0, n_tasks), on up to @p n_threads
 * threads including the caller (0 = fa_la_default_threads()). Tasks are
 * claimed through an atomic counter, so which thread runs a task depends on
 * timing: fn must make each task's output depend on the task alone. If a
 * thread cannot be started, the threads that did start (at least the caller)
 * do all the work: the call itself cannot fail.
 */
void fa_la_parallel_for(size_t n_tasks, unsigned n_threads, fa_la_task_fn fn, void *ctx);

/** Threads of the BLAS library (OpenBLAS), process-wide; 0 = one per online CPU. */
void fa_la_set_blas_threads(unsigned n_threads);

/** The number of online CPUs (at least 1, at most FA_LA_MAX_THREADS). */
unsigned fa_la_default_threads(void);

#define FA_LA_MAX_THREADS 256u

/* ---- fused GLM pass (la_glm.c) ------------------------------------------ */

/**
 * The pointwise stage of a GLM pass. Given the linear predictors z[0..n) of
 * rows row0..row0+n-1, writes r[k] = d loss_k / d z[k] and returns the sum
 * of those rows' losses, summed in row order (or any order that depends on
 * the rows alone). Called from several threads at once on disjoint rows.
 */
typedef double (*fa_la_glm_fn)(void *ctx, size_t row0, size_t n, const double *z, double *r);

/** Rows per task of the pass; fixed, so partial sums never depend on threads. */
#define FA_LA_GLM_CHUNK 4096u
/** Rows per cache block inside a task (the block stays in L1 between passes). */
#define FA_LA_GLM_BLOCK 64u

/**
 * Scratch memory for fa_la_glm_loss_grad() on matrices of a given shape:
 * one partial gradient per chunk. Create once per fit and reuse.
 */
typedef struct fa_la_glm_ws {
    size_t n_chunks;
    size_t cols;
    double *partial; /* n_chunks x (cols + 2): grad_w, grad_b, loss */
} fa_la_glm_ws;

/** Allocates scratch for @p rows x @p cols; false on overflow or OOM. */
bool fa_la_glm_ws_init(fa_la_glm_ws *ws, size_t rows, size_t cols);
void fa_la_glm_ws_dispose(fa_la_glm_ws *ws);

/**
 * One fused pass over the rows of X:
 *     z_i = x_i . w + b,   loss = sum_i loss_i(z_i),   r_i = fn(z_i),
 *     grad_w = X^T r (cols),   *grad_b = sum_i r_i.
 * X is read once from memory: each block of FA_LA_GLM_BLOCK rows is used for
 * the dot products, passed through fn, and accumulated into the gradient
 * while still in cache. Rows are cut into chunks of FA_LA_GLM_CHUNK; each
 * chunk's sums are kept apart in @p ws and added in chunk order at the end,
 * so the result is bit-identical for any n_threads.
 * @p ws must have been initialised for X's shape. Returns the loss.
 */
double fa_la_glm_loss_grad(const fa_cmat *X,
                           const double *w,
                           double b,
                           fa_la_glm_fn fn,
                           void *ctx,
                           unsigned n_threads,
                           fa_la_glm_ws *ws,
                           double *grad_w,
                           double *grad_b);

/**
 * z = X w + b for every row (n_threads as above). Uses the same dot-product
 * kernel as fa_la_glm_loss_grad(), so a model scores its training rows with
 * exactly the z it was fitted on.
 */
void fa_la_linear_predict(
    const fa_cmat *X, const double *w, double b, unsigned n_threads, double *z);

/** The dot-product kernel used by the pass (fixed summation order). */
double fa_la_glm_dot(size_t n, const double *x, const double *w);

#endif /* FA_LIB_LA_LA_H */
