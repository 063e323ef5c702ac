/*
 * audit_partial.c — partial audits: the accumulated state of one shard of the input, merged
 * with others into the audit one pass over all shards would give (fairaudit/audit.h,
 * docs/format/partial.md, docs/scale.md).
 *
 * A partial is a finished pass (pass_state: accumulators, group index, counters) with its
 * own copy of the options. Merging maps the other partial's cells to this one's by their
 * protected values (new cells are numbered in the order the other partial met them, so
 * merging shards in input order numbers cells as one pass would) and adds the
 * accumulators; every integer sum is then exactly what one pass would hold.
 */
#include <string.h>

#include "audit/audit_partial.h"
#include "common/internal.h"
#include "data/csv_internal.h"
#include "fairaudit/audit.h"

/* ---- options ------------------------------------------------------------------------------ */

static char *dup_s(const char *s, bool *oom)
{
    char *d;

    if (s == NULL)
        return NULL;
    if ((d = fa_strdup(s)) == NULL)
        *oom = true;
    return d;
}

static const char **dup_list(const char *const *v, size_t n, bool *oom)
{
    const char **d;
    size_t i;

    if (v == NULL || n == 0)
        return NULL;
    d = fa_calloc(n, sizeof *d);
    if (d == NULL) {
        *oom = true;
        return NULL;
    }
    for (i = 0; i < n; i++)
        d[i] = dup_s(v[i], oom);
    return d;
}

static void free_list(const char **v, size_t n)
{
    size_t i;

    if (v == NULL)
        return;
    for (i = 0; i < n; i++)
        fa_free((void *)(uintptr_t)v[i]);
    fa_free((void *)v);
}

fa_status fa_audit__options_copy(fa_audit_options *dst, const fa_audit_options *src,
                                 fa_error *err)
{
    bool oom = false;

    *dst = *src;
    dst->label_column = dup_s(src->label_column, &oom);
    dst->score_column = dup_s(src->score_column, &oom);
    dst->decision_column = dup_s(src->decision_column, &oom);
    dst->weight_column = dup_s(src->weight_column, &oom);
    dst->protected_columns = dup_list(src->protected_columns, src->n_protected, &oom);
    dst->label_values = dup_list(src->label_values, src->label_values ? 2 : 0, &oom);
    dst->reference = dup_list(src->reference, src->n_reference, &oom);
    dst->missing_values = dup_list(src->missing_values, src->n_missing_values, &oom);
    if (dst->reference == NULL)
        dst->n_reference = 0;
    if (dst->missing_values == NULL)
        dst->n_missing_values = 0;
    dst->log = NULL;
    dst->log_payload = NULL;
    if (oom) {
        fa_audit__options_dispose(dst);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    return FA_OK;
}

void fa_audit__options_dispose(fa_audit_options *o)
{
    fa_free((void *)(uintptr_t)o->label_column);
    fa_free((void *)(uintptr_t)o->score_column);
    fa_free((void *)(uintptr_t)o->decision_column);
    fa_free((void *)(uintptr_t)o->weight_column);
    free_list((const char **)(uintptr_t)o->protected_columns, o->n_protected);
    free_list((const char **)(uintptr_t)o->label_values, o->label_values ? 2 : 0);
    free_list((const char **)(uintptr_t)o->reference, o->n_reference);
    free_list((const char **)(uintptr_t)o->missing_values, o->n_missing_values);
    memset(o, 0, sizeof *o);
}

/* ---- lifetime ----------------------------------------------------------------------------- */

void fa_audit_partial_free(fa_audit_partial *p)
{
    if (p == NULL)
        return;
    fa_audit__pass_dispose(&p->P);
    fa_audit__options_dispose(&p->opts);
    fa_free(p->path);
    fa_free(p->shown_path);
    fa_free(p);
}

fa_status fa_audit__partial_new(fa_audit_partial **out, const fa_audit_options *opts,
                                const char *path, fa_error *err)
{
    fa_audit_partial *p = fa_calloc(1, sizeof *p);
    fa_acc_config cfg;
    fa_status rc;

    *out = NULL;
    FA_CHECK_ALLOC(err, p);
    if ((rc = fa_audit__options_copy(&p->opts, opts, err)) != FA_OK) {
        fa_free(p);
        return rc;
    }
    p->path = fa_strdup(path != NULL ? path : "");
    p->n_inputs = 1;
    p->P.opts = &p->opts;
    p->P.path = p->path;
    p->P.n_prot = p->opts.n_protected;
    p->P.ids = fa_calloc(p->P.n_prot ? p->P.n_prot : 1, sizeof *p->P.ids);
    if (p->path == NULL || p->P.ids == NULL) {
        fa_audit_partial_free(p);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    rc = fa_gindex_init(&p->P.gi, p->P.n_prot, p->opts.missing_values,
                        p->opts.n_missing_values, err);
    if (rc == FA_OK) {
        fa_acc_config_init(&cfg, opts->score_min, opts->score_max);
        cfg.n_cal = opts->calibration_bins;
        cfg.weighted = opts->weight_column != NULL;
        rc = fa_acc_new(&p->P.acc, &cfg, err);
    }
    if (rc != FA_OK) {
        fa_audit_partial_free(p);
        return rc;
    }
    *out = p;
    return FA_OK;
}

/* Keeps the finished pass P (its accumulators and group index) in a new partial. */
static fa_status adopt(fa_audit_partial **out, pass_state *P, const fa_audit_options *opts,
                       fa_error *err)
{
    fa_audit_partial *p = fa_calloc(1, sizeof *p);
    fa_status rc;

    *out = NULL;
    FA_CHECK_ALLOC(err, p);
    if ((rc = fa_audit__options_copy(&p->opts, opts, err)) != FA_OK) {
        fa_free(p);
        return rc;
    }
    p->path = fa_strdup(P->path != NULL ? P->path : "");
    p->n_inputs = 1;
    if (p->path == NULL) {
        fa_audit_partial_free(p);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    fa_csv_close(P->reader);
    P->reader = NULL;
    P->header = NULL;
    p->P = *P;
    memset(P, 0, sizeof *P);
    p->P.opts = &p->opts;
    p->P.path = p->path;
    p->P.split = NULL;
    p->P.err = NULL;
    *out = p;
    return FA_OK;
}

static fa_status run_partial(const char *path, const fa_audit_options *opts,
                             const fa_audit_split *split, fa_audit_partial **out, fa_error *err)
{
    pass_state P;
    fa_status rc;

    if (out == NULL || path == NULL || opts == NULL)
        FA_FAIL(err, FA_EINVAL, "fa_audit_run_partial: NULL argument");
    *out = NULL;
    if (opts->thresholds != NULL)
        FA_FAIL(err, FA_EUNSUPPORTED,
                "per-group thresholds decide row i by its number in the whole input, which a "
                "partial audit (or an MPI rank) does not know: decide first with 'fairaudit "
                "predict --thresholds' (it writes a decision column), then audit that column "
                "with --decision");
    rc = fa_audit__collect(&P, path, opts, split, err);
    if (rc == FA_OK)
        rc = adopt(out, &P, opts, err);
    fa_audit__pass_dispose(&P);
    return rc;
}

fa_status fa_audit_run_partial(const char *path, const fa_audit_options *opts,
                               fa_audit_partial **out, fa_error *err)
{
    return run_partial(path, opts, NULL, out, err);
}

fa_status fa_audit_run_partial_split(const char *path, const fa_audit_options *opts,
                                     unsigned index, unsigned count, fa_audit_partial **out,
                                     fa_error *err)
{
    fa_audit_split split;

    if (count == 0 || index >= count)
        FA_FAIL(err, FA_EINVAL, "part %u of %u does not exist", index + 1, count);
    split.index = index;
    split.count = count;
    return run_partial(path, opts, &split, out, err);
}

/* ---- settings that must agree ---------------------------------------------------------------- */

static bool same_str(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool same_list(const char *const *a, size_t na, const char *const *b, size_t nb)
{
    size_t i;

    if (na != nb)
        return false;
    for (i = 0; i < na; i++)
        if (!same_str(a[i], b[i]))
            return false;
    return true;
}

const char *fa_audit__options_differ(const fa_audit_options *a, const fa_audit_options *b)
{
    if (!same_str(a->label_column, b->label_column))
        return "label";
    if (!same_str(a->score_column, b->score_column))
        return "score";
    if (!same_str(a->decision_column, b->decision_column))
        return "decision";
    if (!same_str(a->weight_column, b->weight_column))
        return "weight";
    if (!same_list(a->protected_columns, a->n_protected, b->protected_columns, b->n_protected))
        return "protected";
    if ((a->label_values == NULL) != (b->label_values == NULL) ||
        (a->label_values != NULL && !same_list(a->label_values, 2, b->label_values, 2)))
        return "label_values";
    if (!same_list(a->missing_values, a->n_missing_values, b->missing_values,
                   b->n_missing_values))
        return "missing_values";
    if (!same_list(a->reference, a->n_reference, b->reference, b->n_reference))
        return "reference";
    if (a->decision_column == NULL && a->threshold != b->threshold)
        return "threshold";
    if (a->favorable != b->favorable)
        return "favorable";
    if (a->score_min != b->score_min || a->score_max != b->score_max)
        return "score_range";
    if (a->calibration_bins != b->calibration_bins)
        return "calibration_bins";
    if ((a->intersections != 0) != (b->intersections != 0))
        return "intersections";
    if (a->bootstrap != b->bootstrap)
        return "bootstrap";
    if (a->seed != b->seed)
        return "seed";
    if (a->ci_level != b->ci_level)
        return "ci_level";
    if (a->min_group_size != b->min_group_size)
        return "min_group_size";
    if (a->max_groups != b->max_groups)
        return "max_groups";
    return NULL;
}

/* ---- merging --------------------------------------------------------------------------------- */

fa_status fa_audit__partial_cell(fa_audit_partial *dst, const uint32_t *ids, uint32_t *cell,
                                 const char *what, fa_error *err)
{
    bool added;

    if (!fa_gindex_cell(&dst->P.gi, ids, cell, &added))
        FA_FAIL(err, FA_ENOMEM, "out of memory (groups)");
    if (added) {
        uint32_t acell;
        if (dst->P.gi.n_cells > dst->opts.max_groups) {
            fa_error_clear(err);
            fa_error_set_loc(err, what, 0, 0, 0, NULL);
            FA_FAIL(err, FA_EDATA,
                    "the merged audit has more than %zu distinct combinations of protected "
                    "values (raise --max-groups if the columns really are protected "
                    "attributes)",
                    dst->opts.max_groups);
        }
        FA_TRY(fa_acc_add_cell(dst->P.acc, &acell, err));
    }
    return FA_OK;
}

/* What the report names as the input: the path, or the first of several. */
static fa_status update_shown(fa_audit_partial *p, fa_error *err)
{
    fa_buf b = FA_BUF_INIT;

    fa_free(p->shown_path);
    p->shown_path = NULL;
    if (p->n_inputs <= 1) {
        p->P.path = p->path;
        return FA_OK;
    }
    fa_buf_printf(&b, "%s (+%llu more inputs)", p->path, (unsigned long long)(p->n_inputs - 1));
    if (b.oom)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    p->shown_path = fa_buf_detach(&b, NULL);
    p->P.path = p->shown_path;
    return FA_OK;
}

fa_status fa_audit__partial_add_input(fa_audit_partial *dst, const char *path, uint64_t n_inputs,
                                      const char *fp, uint64_t read, uint64_t used,
                                      uint64_t skip_label, uint64_t skip_score, fa_error *err)
{
    /* every count stays an exact integer in audit.json (read >= used, skips) */
    if (read > FA_ACC_MAX_ROWS - dst->P.rows_read)
        FA_FAIL(err, FA_EDATA, "the merged audit would count more than 2^53 rows");
    if (n_inputs > UINT64_MAX - dst->n_inputs)
        FA_FAIL(err, FA_EDATA, "too many inputs");
    dst->P.rows_read += read;
    dst->P.rows_used += used;
    dst->P.skipped_label += skip_label;
    dst->P.skipped_score += skip_score;
    if (strcmp(dst->path, path) != 0 || n_inputs > 1 || dst->n_inputs > 1) {
        /* several inputs: no single digest applies */
        dst->n_inputs += n_inputs;
        dst->P.fingerprint[0] = '\0';
        return update_shown(dst, err);
    }
    /* parts of the same file (MPI ranks, which do not hash): keep a digest only if both
     * sides have the same one */
    if (strcmp(dst->P.fingerprint, fp) != 0)
        dst->P.fingerprint[0] = '\0';
    return FA_OK;
}

fa_status fa_audit_partial_merge(fa_audit_partial *dst, const fa_audit_partial *src,
                                 fa_error *err)
{
    const char *bad;
    uint32_t *map = NULL, *ids = NULL;
    size_t c, a, n = src->P.gi.n_cells;
    fa_status rc = FA_OK;

    if (dst == NULL || src == NULL)
        FA_FAIL(err, FA_EINVAL, "fa_audit_partial_merge: NULL argument");
    if ((bad = fa_audit__options_differ(&dst->opts, &src->opts)) != NULL)
        FA_FAIL(err, FA_EDATA, "partial audits of %s and %s differ in \"%s\"", dst->path,
                src->path, bad);
    map = fa_calloc(n ? n : 1, sizeof *map);
    ids = fa_calloc(dst->P.n_prot ? dst->P.n_prot : 1, sizeof *ids);
    if (map == NULL || ids == NULL) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        goto done;
    }
    for (c = 0; c < n && rc == FA_OK; c++) {
        const uint32_t *key = fa_gindex_key(&src->P.gi, c);
        for (a = 0; a < dst->P.n_prot; a++) {
            const fa_strdict *d = &src->P.gi.dict[a];
            ids[a] = FA_GINDEX_UNKNOWN;
            if (key[a] != FA_GINDEX_UNKNOWN &&
                !fa_gindex_value(&dst->P.gi, a, fa_strdict_key(d, key[a]),
                                 fa_strdict_key_len(d, key[a]), &ids[a])) {
                rc = fa_error_set(err, FA_ENOMEM, "out of memory");
                break;
            }
        }
        if (rc == FA_OK)
            rc = fa_audit__partial_cell(dst, ids, &map[c], src->path, err);
    }
    if (rc == FA_OK)
        rc = fa_acc_merge(dst->P.acc, src->P.acc, map, err);
    if (rc == FA_OK)
        rc = fa_audit__partial_add_input(dst, src->path, src->n_inputs, src->P.fingerprint,
                                         src->P.rows_read, src->P.rows_used,
                                         src->P.skipped_label, src->P.skipped_score, err);
done:
    fa_free(map);
    fa_free(ids);
    return rc;
}

fa_status fa_audit_run_partial_files(const char *const *paths, size_t n,
                                     const fa_audit_options *opts, fa_audit_partial **out,
                                     fa_error *err)
{
    fa_audit_partial *all = NULL, *one = NULL;
    fa_status rc = FA_OK;
    size_t i;

    if (out == NULL || paths == NULL || n == 0)
        FA_FAIL(err, FA_EINVAL, "fa_audit_run_partial_files: no input");
    *out = NULL;
    for (i = 0; i < n && rc == FA_OK; i++) {
        if (paths[i] == NULL)
            rc = fa_error_set(err, FA_EINVAL, "fa_audit_run_partial_files: NULL path");
        else if ((rc = fa_audit_run_partial(paths[i], opts, i == 0 ? &all : &one, err)) ==
                     FA_OK &&
                 i > 0)
            rc = fa_audit_partial_merge(all, one, err);
        fa_audit_partial_free(one);
        one = NULL;
    }
    if (rc != FA_OK) {
        fa_audit_partial_free(all);
        return rc;
    }
    *out = all;
    return FA_OK;
}

/* ---- results and accessors ------------------------------------------------------------------ */

fa_status fa_audit_partial_result(const fa_audit_partial *p, fa_audit_result **out,
                                  fa_error *err)
{
    if (p == NULL || out == NULL)
        FA_FAIL(err, FA_EINVAL, "fa_audit_partial_result: NULL argument");
    *out = NULL;
    if (p->P.rows_used == 0)
        return fa_audit__no_rows(&p->P, err);
    return fa_audit__build(&p->P, out, err);
}

fa_status fa_audit_partial_set_input(fa_audit_partial *p, const char *path,
                                     const char *fingerprint, fa_error *err)
{
    if (p == NULL)
        FA_FAIL(err, FA_EINVAL, "fa_audit_partial_set_input: NULL partial");
    if (path != NULL) {
        char *d = fa_strdup(path);
        FA_CHECK_ALLOC(err, d);
        fa_free(p->path);
        p->path = d;
        p->n_inputs = 1;
        FA_TRY(update_shown(p, err));
    }
    if (fingerprint == NULL) {
        p->P.fingerprint[0] = '\0';
    } else {
        size_t i;
        for (i = 0; i < 64; i++)
            if (!((fingerprint[i] >= '0' && fingerprint[i] <= '9') ||
                  (fingerprint[i] >= 'a' && fingerprint[i] <= 'f')))
                FA_FAIL(err, FA_EINVAL, "a fingerprint is 64 lowercase hex digits");
        if (fingerprint[64] != '\0')
            FA_FAIL(err, FA_EINVAL, "a fingerprint is 64 lowercase hex digits");
        memcpy(p->P.fingerprint, fingerprint, 65);
    }
    return FA_OK;
}

uint64_t fa_audit_partial_rows_read(const fa_audit_partial *p)
{
    return p != NULL ? p->P.rows_read : 0;
}

uint64_t fa_audit_partial_rows_used(const fa_audit_partial *p)
{
    return p != NULL ? p->P.rows_used : 0;
}

const char *fa_audit_partial_path(const fa_audit_partial *p)
{
    return p != NULL ? p->P.path : NULL;
}
