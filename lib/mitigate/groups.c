/*
 * groups.c — protected groups of a table for the mitigation methods: one
 * group per value of a protected column, or per combination of the values
 * of several columns present in the rows.
 *
 * Rows get a mixed-radix cell number over the columns' level codes; cells
 * that occur become groups, numbered in the byte order of their values.
 */
#include <stdlib.h>
#include <string.h>

#include "mitigate/mitigate_internal.h"

/* Orders groups by their values, column by column (ties cannot happen:
 * distinct groups differ in some value). */
static int cmp_groups(const void *a, const void *b, void *ctx)
{
    const fa_groups *g = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b, c;

    for (c = 0; c < g->n_cols; c++) {
        int r = strcmp(g->values[x * g->n_cols + c], g->values[y * g->n_cols + c]);
        if (r != 0)
            return r;
    }
    return (x > y) - (x < y);
}

/* Insertion sort with a context (n is the number of groups: small). */
static void sort_indices(size_t *v, size_t n, void *ctx)
{
    size_t i, j;

    for (i = 1; i < n; i++) {
        size_t t = v[i];
        for (j = i; j > 0 && cmp_groups(&v[j - 1], &t, ctx) > 0; j--)
            v[j] = v[j - 1];
        v[j] = t;
    }
}

static fa_status resolve_columns(fa_groups *g,
                                 const fa_spec *spec,
                                 const fa_table *t,
                                 const char *const *cols,
                                 size_t n_cols,
                                 fa_error *err)
{
    size_t i, j, n = fa_spec_n_columns(spec);

    if (cols == NULL || n_cols == 0) {
        size_t found = 0, which = 0;
        fa_buf names = FA_BUF_INIT;
        for (i = 0; i < n; i++)
            if (fa_spec_column_role(spec, i) == FA_ROLE_PROTECTED) {
                which = i;
                found++;
            }
        if (found != 1) {
            /* the names only serve the message: built on this path alone, so the
             * success path allocates nothing that could fail unreported */
            size_t k = 0;
            for (i = 0; i < n; i++)
                if (fa_spec_column_role(spec, i) == FA_ROLE_PROTECTED)
                    fa_buf_printf(&names, "%s%s", k++ ? ", " : "", fa_spec_column_name(spec, i));
            fa_status rc = fa_error_set(
                err, FA_EINVAL,
                found == 0 ? "the spec has no protected column: name the groups' column"
                           : "the spec has %zu protected columns (%s): choose one or more",
                found, names.ptr ? names.ptr : "");
            fa_buf_dispose(&names);
            return rc;
        }
        fa_buf_dispose(&names);
        g->n_cols = 1;
        g->cols[0] = which;
        g->col_names[0] = fa_spec_column_name(spec, which);
        return FA_OK;
    }
    if (n_cols > FA_GROUPS_MAX_COLUMNS)
        FA_FAIL(err, FA_EINVAL, "groups combine at most %d protected columns, got %zu",
                FA_GROUPS_MAX_COLUMNS, n_cols);
    for (i = 0; i < n_cols; i++) {
        size_t c = cols[i] != NULL ? fa_spec_find_column(spec, cols[i]) : FA_SPEC_NO_COLUMN;
        if (c == FA_SPEC_NO_COLUMN)
            FA_FAIL(err, FA_EINVAL, "no column \"%s\" in the spec \"%s\"", cols[i] ? cols[i] : "",
                    fa_spec_name(spec) ? fa_spec_name(spec) : "");
        if (fa_table_codes(t, c) == NULL || fa_spec_column_role(spec, c) == FA_ROLE_LABEL)
            FA_FAIL(err, FA_EINVAL, "column \"%s\" is %s, not a protected or categorical column",
                    cols[i], fa_role_name(fa_spec_column_role(spec, c)));
        for (j = 0; j < i; j++)
            if (g->cols[j] == c)
                FA_FAIL(err, FA_EINVAL, "column \"%s\" is named twice", cols[i]);
        g->cols[i] = c;
        g->col_names[i] = fa_spec_column_name(spec, c);
    }
    g->n_cols = n_cols;
    return FA_OK;
}

fa_status fa_groups_build(
    fa_groups *g, const fa_table *t, const char *const *cols, size_t n_cols, fa_error *err)
{
    const fa_spec *spec = fa_table_spec(t);
    size_t n = fa_table_n_rows(t), n_cells = 1, radix[FA_GROUPS_MAX_COLUMNS], i, c, k;
    size_t *cell_group = NULL, *order = NULL, *rank = NULL;
    size_t *first_row = NULL;
    fa_status rc = FA_OK;

    memset(g, 0, sizeof *g);
    FA_TRY(resolve_columns(g, spec, t, cols, n_cols, err));
    for (c = 0; c < g->n_cols; c++) {
        radix[c] = fa_table_n_levels(t, g->cols[c]);
        if (radix[c] == 0)
            FA_FAIL(err, FA_EDATA, "column \"%s\" has no known value", g->col_names[c]);
        if (!fa_size_mul(&n_cells, n_cells, radix[c]) || n_cells > FA_GROUPS_MAX_CELLS)
            FA_FAIL(err, FA_EINVAL, "too many combinations of protected values (more than %u)",
                    FA_GROUPS_MAX_CELLS);
    }
    g->n_rows = n;
    g->row_group = fa_malloc((n ? n : 1) * sizeof *g->row_group);
    cell_group = fa_malloc(n_cells * sizeof *cell_group);
    first_row = fa_malloc(n_cells * sizeof *first_row);
    if (g->row_group == NULL || cell_group == NULL || first_row == NULL)
        goto oom;
    for (k = 0; k < n_cells; k++)
        cell_group[k] = SIZE_MAX;
    /* Pass 1: cell of every row; cells met become provisional groups. */
    for (i = 0; i < n; i++) {
        size_t cell = 0;
        bool known = true;
        for (c = 0; c < g->n_cols; c++) {
            int32_t code = fa_table_codes(t, g->cols[c])[i];
            if (code < 0) {
                known = false;
                break;
            }
            cell = cell * radix[c] + (size_t)code;
        }
        if (!known) {
            g->row_group[i] = -1;
            g->n_unknown++;
            continue;
        }
        if (cell_group[cell] == SIZE_MAX) {
            cell_group[cell] = g->n_groups;
            first_row[g->n_groups++] = i;
        }
        g->row_group[i] = (int32_t)cell_group[cell];
    }
    if (g->n_groups == 0) {
        rc = fa_error_set(err, FA_EDATA, "no row has a known value of the protected column%s",
                          g->n_cols > 1 ? "s" : "");
        goto fail;
    }
    /* Values of each provisional group, from its first row. */
    g->values = fa_calloc(g->n_groups * g->n_cols, sizeof *g->values);
    order = fa_malloc(g->n_groups * sizeof *order);
    rank = fa_malloc(g->n_groups * sizeof *rank);
    if (g->values == NULL || order == NULL || rank == NULL)
        goto oom;
    for (k = 0; k < g->n_groups; k++) {
        for (c = 0; c < g->n_cols; c++) {
            int32_t code = fa_table_codes(t, g->cols[c])[first_row[k]];
            g->values[k * g->n_cols + c] = fa_table_level(t, g->cols[c], (size_t)code);
        }
        order[k] = k;
    }
    sort_indices(order, g->n_groups, g);
    {
        /* Renumber: sorted position of every provisional group. */
        const char **sorted = fa_calloc(g->n_groups * g->n_cols, sizeof *sorted);
        if (sorted == NULL)
            goto oom;
        for (k = 0; k < g->n_groups; k++) {
            rank[order[k]] = k;
            memcpy(sorted + k * g->n_cols, g->values + order[k] * g->n_cols,
                   g->n_cols * sizeof *sorted);
        }
        fa_free(g->values);
        g->values = sorted;
    }
    for (i = 0; i < n; i++)
        if (g->row_group[i] >= 0)
            g->row_group[i] = (int32_t)rank[g->row_group[i]];
    g->names = fa_calloc(g->n_groups, sizeof *g->names);
    if (g->names == NULL)
        goto oom;
    for (k = 0; k < g->n_groups; k++) {
        fa_buf b = FA_BUF_INIT;
        for (c = 0; c < g->n_cols; c++) {
            if (c > 0)
                fa_buf_puts(&b, FA_GROUP_SEPARATOR);
            fa_buf_puts(&b, g->values[k * g->n_cols + c]);
        }
        if (b.oom || b.ptr == NULL) {
            fa_buf_dispose(&b);
            goto oom;
        }
        g->names[k] = fa_buf_detach(&b, NULL);
    }
    goto done;
oom:
    rc = fa_error_set(err, FA_ENOMEM, "out of memory (protected groups)");
fail:
    fa_groups_dispose(g);
done:
    fa_free(cell_group);
    fa_free(first_row);
    fa_free(order);
    fa_free(rank);
    return rc;
}

void fa_groups_dispose(fa_groups *g)
{
    size_t k;

    if (g == NULL)
        return;
    if (g->names != NULL)
        for (k = 0; k < g->n_groups; k++)
            fa_free(g->names[k]);
    fa_free(g->names);
    fa_free((void *)g->values);
    fa_free(g->row_group);
    memset(g, 0, sizeof *g);
}

void fa_groups_write_columns(const fa_groups *g, fa_jw *w)
{
    size_t c;

    fa_jw_key(w, "columns");
    fa_jw_array_begin(w);
    for (c = 0; c < g->n_cols; c++)
        fa_jw_string(w, g->col_names[c]);
    fa_jw_array_end(w);
}
