/*
 * audit_build.c — from accumulated cells to the immutable fa_audit_result.
 *
 * Canonical order: values of each attribute are ranked by their bytes (the order Python's
 * sorted() gives for UTF-8 text); cells are ordered by their rank tuples, missing values
 * last. Groups of an attribute entry (a column, or a combination of columns) are the distinct
 * projections of the known cells, in that order; each group is the merge of its cells, taken
 * in canonical order, so results never depend on the order rows arrived in.
 */
#include <string.h>

#include "audit/audit_private.h"
#include "common/internal.h"

#define FA_INTERSECTION_SEP " & " /* display value of an intersection group */
#define FA_ATTR_NAME_SEP    "&"   /* name of an intersection entry: "sex&race" */

typedef struct build_ctx {
    const pass_state *P;
    const fa_audit_result *res; /* owns the column names attribute entries borrow */
    uint32_t **rank;       /* per attribute: rank of each value id */
    uint32_t *n_vals;      /* per attribute */
    const size_t *subset;  /* attributes of the entry being built */
    size_t n_subset;
} build_ctx;

static uint32_t rank_of(const build_ctx *B, size_t a, uint32_t id)
{
    return id == FA_GINDEX_UNKNOWN ? B->n_vals[a] : B->rank[a][id];
}

/* ---- sorting with a context (C11 has no qsort_r) ----------------------------------------- */

typedef int (*cmp_fn)(size_t x, size_t y, const build_ctx *B);

static void merge_sort(size_t *v, size_t *tmp, size_t n, cmp_fn cmp, const build_ctx *B)
{
    size_t h = n / 2, i = 0, j = h, k = 0;

    if (n < 2)
        return;
    merge_sort(v, tmp, h, cmp, B);
    merge_sort(v + h, tmp, n - h, cmp, B);
    while (i < h && j < n)
        tmp[k++] = cmp(v[j], v[i], B) < 0 ? v[j++] : v[i++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

static int cmp_cells_full(size_t x, size_t y, const build_ctx *B)
{
    const uint32_t *kx = fa_gindex_key(&B->P->gi, x), *ky = fa_gindex_key(&B->P->gi, y);
    size_t a;

    for (a = 0; a < B->P->n_prot; a++) {
        uint32_t rx = rank_of(B, a, kx[a]), ry = rank_of(B, a, ky[a]);
        if (rx != ry)
            return rx < ry ? -1 : 1;
    }
    return 0;
}

static int cmp_cells_subset(size_t x, size_t y, const build_ctx *B)
{
    const uint32_t *kx = fa_gindex_key(&B->P->gi, x), *ky = fa_gindex_key(&B->P->gi, y);
    size_t i;

    for (i = 0; i < B->n_subset; i++) {
        size_t a = B->subset[i];
        uint32_t rx = rank_of(B, a, kx[a]), ry = rank_of(B, a, ky[a]);
        if (rx != ry)
            return rx < ry ? -1 : 1;
    }
    return 0;
}

static const fa_strdict *dict_of(const build_ctx *B, size_t a)
{
    return &B->P->gi.dict[a];
}

static int cmp_values(size_t x, size_t y, const build_ctx *B)
{
    const fa_strdict *d = dict_of(B, B->subset[0]);
    size_t lx = fa_strdict_key_len(d, x), ly = fa_strdict_key_len(d, y);
    int c = memcmp(fa_strdict_key(d, x), fa_strdict_key(d, y), lx < ly ? lx : ly);

    if (c != 0)
        return c;
    return lx < ly ? -1 : lx > ly ? 1 : 0;
}

/* ---- groups -------------------------------------------------------------------------------- */

static void group_dispose(fa_audit_group *g, size_t n_columns)
{
    size_t i;

    fa_free(g->display);
    if (g->values != NULL)
        for (i = 0; i < n_columns; i++)
            fa_free(g->values[i]);
    fa_free(g->values);
    fa_free(g->cal);
    fa_free(g->sweep);
    memset(g, 0, sizeof *g);
}

void fa_audit__attr_dispose(fa_audit_attr *at)
{
    size_t g;

    if (at->groups != NULL)
        for (g = 0; g < at->n_groups; g++)
            group_dispose(&at->groups[g], at->n_columns);
    fa_free(at->groups);
    fa_free(at->columns);
    fa_free(at->name);
    memset(at, 0, sizeof *at);
}

/* Figures of one group from its cells; leaves the moments in *sum (distribution freed). */
static fa_status group_figures(const pass_state *P, const uint32_t *cells, size_t n_cells,
                               fa_audit_group *g, fa_summary *sum, fa_error *err)
{
    const int fav = P->opts->favorable;

    FA_TRY(fa_acc_summarize(P->acc, cells, n_cells, true, sum, err));
    g->cal = fa_calloc(sum->n_cal, sizeof *g->cal);
    g->sweep = fa_calloc(FA_SWEEP_STEPS + 1, sizeof *g->sweep);
    if (g->cal == NULL || g->sweep == NULL)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    fa_group_metrics(sum, fav, g->metrics);
    fa_summary_confusion(sum, fav, &g->conf);
    g->n = sum->rows;
    g->weight = g->conf.tp + g->conf.fp + g->conf.tn + g->conf.fn;
    g->status = g->n < P->opts->min_group_size ? FA_GROUP_INSUFFICIENT : FA_GROUP_OK;
    fa_calibration(sum, g->cal);
    fa_sweep(&sum->dist, fav, FA_SWEEP_STEPS, g->sweep);
    /* the distribution can be large (histograms): keep only the moments */
    fa_scoredist_dispose(&sum->dist);
    sum->has_dist = false;
    return FA_OK;
}

static char *join_values(const build_ctx *B, const uint32_t *key, char ***values_out)
{
    fa_buf b = FA_BUF_INIT;
    char **values = fa_calloc(B->n_subset, sizeof *values);
    size_t i;

    *values_out = values;
    if (values == NULL)
        return NULL;
    for (i = 0; i < B->n_subset; i++) {
        size_t a = B->subset[i];
        const fa_strdict *d = dict_of(B, a);
        uint32_t id = key[a];
        values[i] = fa_strndup(fa_strdict_key(d, id), fa_strdict_key_len(d, id));
        if (values[i] == NULL) {
            fa_buf_dispose(&b);
            return NULL;
        }
        if (i > 0)
            fa_buf_puts(&b, FA_INTERSECTION_SEP);
        fa_buf_put(&b, fa_strdict_key(d, id), fa_strdict_key_len(d, id));
    }
    if (b.oom) { /* out of memory: never a silently empty group name */
        fa_buf_dispose(&b);
        return NULL;
    }
    if (b.ptr == NULL) /* every value empty */
        return fa_strdup("");
    return fa_buf_detach(&b, NULL);
}

/* The explicit reference value of attribute a ("col=value" items), or NULL. */
static const char *explicit_ref(const pass_state *P, size_t a)
{
    const char *col = P->opts->protected_columns[a];
    size_t i, n = strlen(col);

    for (i = 0; i < P->opts->n_reference; i++) {
        const char *r = P->opts->reference[i];
        if (strncmp(r, col, n) == 0 && r[n] == '=')
            return r + n + 1;
    }
    return NULL;
}

static fa_status choose_reference(const pass_state *P, const build_ctx *B, fa_audit_attr *at,
                                  fa_error *err)
{
    size_t g, i, best = 0;
    bool all_explicit = true;

    for (i = 0; i < B->n_subset; i++)
        if (explicit_ref(P, B->subset[i]) == NULL)
            all_explicit = false;
    if (all_explicit) {
        for (g = 0; g < at->n_groups; g++) {
            bool match = true;
            for (i = 0; i < B->n_subset && match; i++)
                match = strcmp(at->groups[g].values[i], explicit_ref(P, B->subset[i])) == 0;
            if (match) {
                at->ref = g;
                at->ref_explicit = true;
                return FA_OK;
            }
        }
        if (B->n_subset == 1) {
            fa_error_clear(err);
            fa_error_set_loc(err, P->path, 0, 0, 0, NULL);
            FA_FAIL(err, FA_EINVAL, "reference %s=%s: no row has this value",
                    P->opts->protected_columns[B->subset[0]], explicit_ref(P, B->subset[0]));
        }
        /* an empty combination of explicit references: fall back to the largest group */
    }
    for (g = 1; g < at->n_groups; g++)
        if (at->groups[g].n > at->groups[best].n)
            best = g; /* ties keep the first in sorted order */
    at->ref = best;
    at->ref_explicit = false;
    return FA_OK;
}

/* Builds one attribute entry; fills group_of_cell for the bootstrap. */
static fa_status build_attr(build_ctx *B, const size_t *canon, size_t *group_of_cell,
                            fa_audit_attr *at, fa_error *err)
{
    const pass_state *P = B->P;
    size_t n_cells = P->gi.n_cells, n_known = 0, i, g, start;
    size_t *known = fa_calloc(n_cells, sizeof *known), *tmp = fa_calloc(n_cells, sizeof *tmp);
    uint32_t *cells = fa_calloc(n_cells, sizeof *cells), *unknown = fa_calloc(n_cells, sizeof *cells);
    size_t n_unknown = 0;
    fa_summary *sums = NULL;
    fa_value *pv = NULL, *adj = NULL;
    fa_disp_group *dg = NULL;
    fa_status rc = FA_OK;
    fa_buf name = FA_BUF_INIT;

    if (known == NULL || tmp == NULL || cells == NULL || unknown == NULL) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        goto done;
    }
    at->n_columns = B->n_subset;
    at->columns = fa_calloc(B->n_subset, sizeof *at->columns);
    for (i = 0; i < B->n_subset; i++) {
        if (at->columns != NULL)
            at->columns[i] = B->res->protected_columns[B->subset[i]];
        fa_buf_printf(&name, "%s%s", i ? FA_ATTR_NAME_SEP : "",
                      P->opts->protected_columns[B->subset[i]]);
    }
    at->name = fa_buf_detach(&name, NULL);
    if (at->columns == NULL || at->name == NULL) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        goto done;
    }
    /* known cells in canonical order, stably sorted by their projection */
    for (i = 0; i < n_cells; i++) {
        size_t c = canon[i], k;
        bool miss = false;
        for (k = 0; k < B->n_subset; k++)
            miss |= fa_gindex_key(&P->gi, c)[B->subset[k]] == FA_GINDEX_UNKNOWN;
        group_of_cell[c] = SIZE_MAX;
        if (miss)
            unknown[n_unknown++] = (uint32_t)c;
        else
            known[n_known++] = c;
    }
    merge_sort(known, tmp, n_known, cmp_cells_subset, B);
    /* count groups */
    for (i = 0; i < n_known; i++)
        if (i == 0 || cmp_cells_subset(known[i - 1], known[i], B) != 0)
            at->n_groups++;
    at->groups = fa_calloc(at->n_groups ? at->n_groups : 1, sizeof *at->groups);
    sums = fa_calloc(at->n_groups ? at->n_groups : 1, sizeof *sums);
    if (at->groups == NULL || sums == NULL) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        goto done;
    }
    for (g = 0, start = 0; start < n_known; g++) {
        size_t end = start + 1, k;
        while (end < n_known && cmp_cells_subset(known[start], known[end], B) == 0)
            end++;
        for (k = start; k < end; k++) {
            cells[k - start] = (uint32_t)known[k];
            group_of_cell[known[k]] = g;
        }
        at->groups[g].display = join_values(B, fa_gindex_key(&P->gi, known[start]),
                                            &at->groups[g].values);
        if (at->groups[g].display == NULL) {
            rc = fa_error_set(err, FA_ENOMEM, "out of memory");
            goto done;
        }
        if ((rc = group_figures(P, cells, end - start, &at->groups[g], &sums[g], err)) != FA_OK)
            goto done;
        start = end;
    }
    /* unknown rows of this entry */
    if (n_unknown > 0) {
        fa_summary us;
        fa_confusion uc;
        if ((rc = fa_acc_summarize(P->acc, unknown, n_unknown, false, &us, err)) != FA_OK)
            goto done;
        fa_summary_confusion(&us, P->opts->favorable, &uc);
        at->unknown_n = us.rows;
        at->unknown_w = uc.tp + uc.fp + uc.tn + uc.fn;
        fa_summary_dispose(&us);
    }
    if (at->n_groups == 0) {
        for (i = 0; i < FA_D_COUNT; i++)
            at->disp[i] = fa_value_undef("every row has a missing value in this attribute");
        goto done;
    }
    if ((rc = choose_reference(P, B, at, err)) != FA_OK)
        goto done;
    at->groups[at->ref].is_reference = true;
    /* each group against the reference, Holm over the non-reference groups */
    pv = fa_calloc(at->n_groups, sizeof *pv);
    adj = fa_calloc(at->n_groups, sizeof *adj);
    dg = fa_calloc(at->n_groups, sizeof *dg);
    if (pv == NULL || adj == NULL || dg == NULL) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        goto done;
    }
    for (g = 0; g < at->n_groups; g++) {
        pv[g] = fa_value_undef("reference group");
        if (g == at->ref)
            continue;
        fa_vs_reference(&sums[g], &sums[at->ref], P->opts->favorable, P->acc != NULL &&
                        fa_acc_config_of(P->acc)->weighted, &at->groups[g].vs);
        at->groups[g].has_vs = true;
        pv[g] = at->groups[g].vs.p_value;
    }
    if (!fa_holm(pv, at->n_groups, adj)) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        goto done;
    }
    for (g = 0; g < at->n_groups; g++)
        if (at->groups[g].has_vs)
            at->groups[g].vs.p_value_adjusted = adj[g];
    /* disparities */
    for (g = 0; g < at->n_groups; g++) {
        dg[g].conf = at->groups[g].conf;
        dg[g].ece = at->groups[g].metrics[FA_GM_ECE];
    }
    {
        fa_disp_input in = {at->n_groups, dg, at->ref};
        fa_disparities(&in, at->disp);
    }
done:
    if (sums != NULL)
        for (g = 0; g < at->n_groups; g++)
            fa_summary_dispose(&sums[g]);
    fa_free(sums);
    fa_free(pv);
    fa_free(adj);
    fa_free(dg);
    fa_free(known);
    fa_free(tmp);
    fa_free(cells);
    fa_free(unknown);
    return rc;
}

/* Stable identity of a cell for the bootstrap's random streams: a hash of its values. */
static uint64_t cell_identity(const pass_state *P, size_t c)
{
    const uint32_t *key = fa_gindex_key(&P->gi, c);
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t a, i;

    for (a = 0; a < P->n_prot; a++) {
        const char *s = "\x01<missing>";
        size_t n = 10;
        if (key[a] != FA_GINDEX_UNKNOWN) {
            s = fa_strdict_key(&P->gi.dict[a], key[a]);
            n = fa_strdict_key_len(&P->gi.dict[a], key[a]);
        }
        for (i = 0; i < n; i++)
            h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
        h = (h ^ 0xff) * 0x100000001b3ULL; /* separator */
    }
    return h;
}

/* Attribute subsets: each column, then combinations of 2..k columns (itertools order). */
static size_t count_entries(size_t k, bool intersections)
{
    return intersections ? ((size_t)1 << k) - 1 : k;
}

static void entry_subset(size_t k, size_t e, size_t *subset, size_t *n_subset)
{
    /* e < k: singletons; then combinations of size r = 2..k in lexicographic order */
    size_t r, idx[64], i;

    if (e < k) {
        subset[0] = e;
        *n_subset = 1;
        return;
    }
    e -= k;
    for (r = 2; r <= k; r++) {
        for (i = 0; i < r; i++)
            idx[i] = i;
        for (;;) {
            if (e == 0) {
                memcpy(subset, idx, r * sizeof *idx);
                *n_subset = r;
                return;
            }
            e--;
            /* next combination */
            i = r;
            while (i > 0 && idx[i - 1] == k - r + i - 1)
                i--;
            if (i == 0)
                break;
            idx[i - 1]++;
            for (; i < r; i++)
                idx[i] = idx[i - 1] + 1;
        }
    }
    *n_subset = 0;
}

static char *dup_or_null(const char *s, bool *oom)
{
    char *d;

    if (s == NULL)
        return NULL;
    d = fa_strdup(s);
    if (d == NULL)
        *oom = true;
    return d;
}

static fa_status copy_settings(const pass_state *P, fa_audit_result *r, fa_error *err)
{
    const fa_audit_options *o = P->opts;
    const fa_acc_config *cfg = fa_acc_config_of(P->acc);
    bool oom = false;
    size_t i;

    r->path = dup_or_null(P->path, &oom);
    r->model_path = dup_or_null(P->model_path, &oom);
    r->label_column = dup_or_null(o->label_column, &oom);
    r->score_column = dup_or_null(o->score_column, &oom);
    r->decision_column = dup_or_null(o->decision_column, &oom);
    r->weight_column = dup_or_null(o->weight_column, &oom);
    r->n_protected = o->n_protected;
    r->protected_columns = fa_calloc(o->n_protected, sizeof *r->protected_columns);
    if (r->protected_columns == NULL)
        oom = true;
    else
        for (i = 0; i < o->n_protected; i++)
            r->protected_columns[i] = dup_or_null(o->protected_columns[i], &oom);
    if (o->label_values != NULL) {
        r->label_values[0] = dup_or_null(o->label_values[0], &oom);
        r->label_values[1] = dup_or_null(o->label_values[1], &oom);
    }
    r->n_missing_values = o->n_missing_values;
    if (o->n_missing_values > 0) {
        r->missing_values = fa_calloc(o->n_missing_values, sizeof *r->missing_values);
        if (r->missing_values == NULL)
            oom = true;
        else
            for (i = 0; i < o->n_missing_values; i++)
                r->missing_values[i] = dup_or_null(o->missing_values[i], &oom);
    }
    r->threshold = o->decision_column != NULL || o->thresholds != NULL ? fa_nan() : o->threshold;
    r->per_group_thresholds = o->thresholds != NULL;
    r->favorable = o->favorable;
    r->bootstrap = o->bootstrap;
    r->seed = o->seed;
    r->ci_level = o->ci_level;
    r->min_group_size = o->min_group_size;
    r->max_groups = o->max_groups;
    r->intersections = o->intersections != 0;
    r->weighted = cfg->weighted;
    r->score_min = cfg->lo;
    r->score_max = cfg->hi;
    r->probabilities = cfg->probabilities;
    r->n_cal = cfg->n_cal;
    r->rows_read = P->rows_read;
    r->rows_used = P->rows_used;
    r->skipped_label = P->skipped_label;
    r->skipped_score = P->skipped_score;
    r->dropped_by_spec = P->dropped_by_spec;
    memcpy(r->fingerprint, P->fingerprint, sizeof r->fingerprint);
    r->dist_exact = fa_acc_is_exact(P->acc);
    r->hist_bins = fa_acc_hist_bins(P->acc);
    if (oom)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    return FA_OK;
}

fa_status fa_audit__build(const pass_state *P, fa_audit_result **out, fa_error *err)
{
    fa_audit_result *r = fa_calloc(1, sizeof *r);
    build_ctx B;
    size_t n_cells = P->gi.n_cells, a, e, i;
    size_t *canon = NULL, *tmp = NULL, **goc = NULL, subset[64];
    uint32_t *all = NULL;
    uint64_t *ids = NULL;
    fa_summary overall;
    fa_status rc = FA_OK;

    memset(&B, 0, sizeof B);
    memset(&overall, 0, sizeof overall);
    FA_CHECK_ALLOC(err, r);
    B.P = P;
    B.res = r;
    B.rank = fa_calloc(P->n_prot, sizeof *B.rank);
    B.n_vals = fa_calloc(P->n_prot, sizeof *B.n_vals);
    canon = fa_calloc(n_cells, sizeof *canon);
    tmp = fa_calloc(n_cells > 64 ? n_cells : 64, sizeof *tmp);
    all = fa_calloc(n_cells, sizeof *all);
    ids = fa_calloc(n_cells, sizeof *ids);
    if (B.rank == NULL || B.n_vals == NULL || canon == NULL || tmp == NULL || all == NULL ||
        ids == NULL || (rc = copy_settings(P, r, err)) != FA_OK) {
        rc = rc != FA_OK ? rc : fa_error_set(err, FA_ENOMEM, "out of memory");
        goto done;
    }
    /* rank the values of every attribute by their bytes */
    for (a = 0; a < P->n_prot; a++) {
        size_t nv = fa_strdict_count(&P->gi.dict[a]);
        size_t *order = fa_calloc(nv ? nv : 1, sizeof *order), *t2 = fa_calloc(nv ? nv : 1, sizeof *t2);
        B.n_vals[a] = (uint32_t)nv;
        B.rank[a] = fa_calloc(nv ? nv : 1, sizeof *B.rank[a]);
        if (order == NULL || t2 == NULL || B.rank[a] == NULL) {
            fa_free(order);
            fa_free(t2);
            rc = fa_error_set(err, FA_ENOMEM, "out of memory");
            goto done;
        }
        for (i = 0; i < nv; i++)
            order[i] = i;
        B.subset = &a;
        B.n_subset = 1;
        merge_sort(order, t2, nv, cmp_values, &B);
        for (i = 0; i < nv; i++)
            B.rank[a][order[i]] = (uint32_t)i;
        fa_free(order);
        fa_free(t2);
    }
    for (i = 0; i < n_cells; i++)
        canon[i] = i;
    merge_sort(canon, tmp, n_cells, cmp_cells_full, &B);
    for (i = 0; i < n_cells; i++) {
        all[i] = (uint32_t)canon[i];
        ids[i] = cell_identity(P, i);
    }
    /* overall */
    r->overall.display = fa_strdup("overall");
    if (r->overall.display == NULL) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = group_figures(P, all, n_cells, &r->overall, &overall, err)) != FA_OK)
        goto done;
    /* attribute entries */
    r->n_attrs = count_entries(P->n_prot, P->opts->intersections != 0);
    r->attrs = fa_calloc(r->n_attrs, sizeof *r->attrs);
    goc = fa_calloc(r->n_attrs, sizeof *goc);
    if (r->attrs == NULL || goc == NULL) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        goto done;
    }
    for (e = 0; e < r->n_attrs; e++) {
        goc[e] = fa_calloc(n_cells ? n_cells : 1, sizeof *goc[e]);
        if (goc[e] == NULL) {
            rc = fa_error_set(err, FA_ENOMEM, "out of memory");
            goto done;
        }
        entry_subset(P->n_prot, e, subset, &B.n_subset);
        B.subset = subset;
        if ((rc = build_attr(&B, canon, goc[e], &r->attrs[e], err)) != FA_OK)
            goto done;
    }
    /* bootstrap intervals for every disparity and every group, from the same replicates */
    if (P->opts->bootstrap > 0) {
        fa_boot_attr *ba = fa_calloc(r->n_attrs, sizeof *ba);
        fa_boot_ci *ci = fa_calloc(r->n_attrs * FA_D_COUNT, sizeof *ci);
        fa_boot_group_ci **gci = fa_calloc(r->n_attrs, sizeof *gci);
        fa_boot_options bo = {0};
        bool oom = ba == NULL || ci == NULL || gci == NULL;
        size_t g;
        for (e = 0; !oom && e < r->n_attrs; e++) {
            ba[e].n_groups = r->attrs[e].n_groups;
            ba[e].group_of_cell = goc[e];
            ba[e].ref = r->attrs[e].ref;
            gci[e] = fa_calloc(r->attrs[e].n_groups ? r->attrs[e].n_groups : 1, sizeof **gci);
            ba[e].group_ci = gci[e];
            oom = gci[e] == NULL;
        }
        if (!oom) {
            bo.replicates = P->opts->bootstrap;
            bo.seed = P->opts->seed;
            bo.level = P->opts->ci_level;
            bo.favorable = P->opts->favorable;
            bo.cell_order = all;
            rc = fa_bootstrap(P->acc, ids, ba, r->n_attrs, &bo, ci, err);
        } else {
            rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        }
        if (rc == FA_OK)
            for (e = 0; e < r->n_attrs; e++) {
                r->attrs[e].has_ci = true;
                memcpy(r->attrs[e].ci, ci + e * FA_D_COUNT, FA_D_COUNT * sizeof *ci);
                for (g = 0; g < r->attrs[e].n_groups; g++) {
                    r->attrs[e].groups[g].has_ci = true;
                    r->attrs[e].groups[g].ci = gci[e][g];
                }
            }
        if (gci != NULL)
            for (e = 0; e < r->n_attrs; e++)
                fa_free(gci[e]);
        fa_free(gci);
        fa_free(ba);
        fa_free(ci);
        if (rc != FA_OK)
            goto done;
    }
done:
    fa_summary_dispose(&overall);
    if (goc != NULL)
        for (e = 0; e < r->n_attrs; e++)
            fa_free(goc[e]);
    fa_free(goc);
    if (B.rank != NULL)
        for (a = 0; a < P->n_prot; a++)
            fa_free(B.rank[a]);
    fa_free(B.rank);
    fa_free(B.n_vals);
    fa_free(canon);
    fa_free(tmp);
    fa_free(all);
    fa_free(ids);
    if (rc != FA_OK) {
        fa_audit_result_free(r);
        return rc;
    }
    *out = r;
    return FA_OK;
}
