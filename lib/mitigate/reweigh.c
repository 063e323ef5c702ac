/*
 * reweigh.c — Kamiran & Calders (2012) reweighing.
 *
 * With W the total input weight of the rows whose group is known, W_g that
 * of group g, W_y that of label y and W_gy that of both, the row weight is
 *
 *     w(g, y) = P(g) P(y) / P(g, y) = W_g W_y / (W W_gy)
 *
 * so that in the reweighted data group and label are independent while every
 * group keeps its total weight and every label its total weight. This is
 * AIF360's Reweighing for two groups (w_p_fav = n_fav n_p / (n n_p_fav)),
 * evaluated in the same order, extended to any number of groups.
 */
#include <string.h>

#include "mitigate/mitigate_internal.h"
#include "model/model_internal.h"

struct fa_reweighing {
    size_t n_groups;
    size_t n_cols;
    char **col_names;   /* n_cols */
    char **names;       /* display value per group */
    char **values;      /* n_groups x n_cols */
    double *mass;       /* n_groups x 2: W_gy */
    uint64_t *rows;     /* n_groups x 2: row counts */
    double *weight;     /* n_groups x 2: w(g, y) */
    uint64_t n_unknown; /* rows with a missing protected value */
    char *label_values[2];
    char *label_name;
};

void fa_reweighing_free(fa_reweighing *rw)
{
    size_t i;

    if (rw == NULL)
        return;
    for (i = 0; rw->col_names != NULL && i < rw->n_cols; i++)
        fa_free(rw->col_names[i]);
    for (i = 0; rw->names != NULL && i < rw->n_groups; i++)
        fa_free(rw->names[i]);
    for (i = 0; rw->values != NULL && i < rw->n_groups * rw->n_cols; i++)
        fa_free(rw->values[i]);
    fa_free(rw->col_names);
    fa_free(rw->names);
    fa_free(rw->values);
    fa_free(rw->mass);
    fa_free(rw->rows);
    fa_free(rw->weight);
    fa_free(rw->label_values[0]);
    fa_free(rw->label_values[1]);
    fa_free(rw->label_name);
    fa_free(rw);
}

static fa_status
copy_groups(fa_reweighing *rw, const fa_groups *g, const fa_spec *spec, fa_error *err)
{
    size_t i, k = g->n_groups;

    rw->n_groups = k;
    rw->n_cols = g->n_cols;
    rw->col_names = fa_calloc(g->n_cols, sizeof *rw->col_names);
    rw->names = fa_calloc(k, sizeof *rw->names);
    rw->values = fa_calloc(k * g->n_cols, sizeof *rw->values);
    rw->mass = fa_calloc(2 * k, sizeof *rw->mass);
    rw->rows = fa_calloc(2 * k, sizeof *rw->rows);
    rw->weight = fa_calloc(2 * k, sizeof *rw->weight);
    rw->label_values[0] = fa_strdup(fa_spec_negative_label(spec));
    rw->label_values[1] = fa_strdup(fa_spec_positive_label(spec));
    rw->label_name = fa_strdup(fa_spec_column_name(spec, fa_spec_label_column(spec)));
    if (!rw->col_names || !rw->names || !rw->values || !rw->mass || !rw->rows || !rw->weight ||
        !rw->label_values[0] || !rw->label_values[1] || !rw->label_name)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    for (i = 0; i < g->n_cols; i++)
        if ((rw->col_names[i] = fa_strdup(g->col_names[i])) == NULL)
            FA_FAIL(err, FA_ENOMEM, "out of memory");
    for (i = 0; i < k; i++)
        if ((rw->names[i] = fa_strdup(g->names[i])) == NULL)
            FA_FAIL(err, FA_ENOMEM, "out of memory");
    for (i = 0; i < k * g->n_cols; i++)
        if ((rw->values[i] = fa_strdup(g->values[i])) == NULL)
            FA_FAIL(err, FA_ENOMEM, "out of memory");
    return FA_OK;
}

fa_status fa_reweigh_fit(fa_reweighing **out,
                         const fa_table *t,
                         const char *const *protected_columns,
                         size_t n_protected,
                         fa_error *err)
{
    fa_reweighing *rw;
    fa_groups g;
    const uint8_t *y;
    const double *tw;
    double W = 0.0, W_y[2] = {0.0, 0.0};
    size_t i, k;
    fa_status rc;

    FA_CHECK_ARG(err, out != NULL && t != NULL);
    *out = NULL;
    FA_TRY(fa_groups_build(&g, t, protected_columns, n_protected, err));
    rw = fa_calloc(1, sizeof *rw);
    if (rw == NULL) {
        fa_groups_dispose(&g);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    rc = copy_groups(rw, &g, fa_table_spec(t), err);
    if (rc != FA_OK)
        goto done;
    rw->n_unknown = g.n_unknown;
    y = fa_table_labels(t);
    tw = fa_table_weights(t);
    for (i = 0; i < g.n_rows; i++) {
        int32_t grp = g.row_group[i];
        double wi = tw != NULL ? tw[i] : 1.0;
        if (grp < 0)
            continue;
        rw->mass[2 * (size_t)grp + y[i]] += wi;
        rw->rows[2 * (size_t)grp + y[i]]++;
        W_y[y[i]] += wi;
        W += wi;
    }
    if (!(W_y[0] > 0.0) || !(W_y[1] > 0.0)) {
        rc = fa_error_set(err, FA_EDATA,
                          "reweighing needs both labels among the rows with a known group "
                          "(weights %g and %g)",
                          W_y[0], W_y[1]);
        goto done;
    }
    for (k = 0; k < rw->n_groups; k++) {
        double W_g = rw->mass[2 * k] + rw->mass[2 * k + 1];
        int l;
        for (l = 0; l < 2; l++) {
            double W_gy = rw->mass[2 * k + (size_t)l];
            /* The order of AIF360's n_fav * n_p / (n * n_p_fav), for equal bits. */
            rw->weight[2 * k + (size_t)l] = W_gy > 0.0 ? W_y[l] * W_g / (W * W_gy) : 1.0;
        }
    }
done:
    fa_groups_dispose(&g);
    if (rc != FA_OK) {
        fa_reweighing_free(rw);
        return rc;
    }
    *out = rw;
    return FA_OK;
}

size_t fa_reweighing_n_groups(const fa_reweighing *rw)
{
    return rw->n_groups;
}

const char *fa_reweighing_group(const fa_reweighing *rw, size_t g)
{
    return g < rw->n_groups ? rw->names[g] : NULL;
}

double fa_reweighing_weight(const fa_reweighing *rw, size_t g, int label)
{
    if (g >= rw->n_groups || (label != 0 && label != 1))
        return fa_nan();
    return rw->weight[2 * g + (size_t)label];
}

double fa_reweighing_mass(const fa_reweighing *rw, size_t g, int label)
{
    if (g >= rw->n_groups || (label != 0 && label != 1))
        return fa_nan();
    return rw->mass[2 * g + (size_t)label];
}

fa_status fa_reweighing_row_weights(
    const fa_reweighing *rw, const fa_table *t, double mix, double *out, fa_error *err)
{
    const char *cols[FA_GROUPS_MAX_COLUMNS];
    size_t *map = NULL, i, k, c;
    const uint8_t *y;
    fa_groups g;
    fa_status rc = FA_OK;

    FA_CHECK_ARG(err, rw != NULL && t != NULL && (out != NULL || fa_table_n_rows(t) == 0));
    if (!(mix >= 0.0 && mix <= 1.0))
        FA_FAIL(err, FA_EINVAL, "the reweighing mix must lie in [0, 1], got %g", mix);
    for (c = 0; c < rw->n_cols; c++)
        cols[c] = rw->col_names[c];
    FA_TRY(fa_groups_build(&g, t, cols, rw->n_cols, err));
    /* This table's groups -> the fitted groups, by value. */
    map = fa_malloc(g.n_groups * sizeof *map);
    if (map == NULL) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        goto done;
    }
    for (k = 0; k < g.n_groups; k++) {
        map[k] = SIZE_MAX;
        for (i = 0; i < rw->n_groups && map[k] == SIZE_MAX; i++) {
            bool same = true;
            for (c = 0; c < rw->n_cols && same; c++)
                same = strcmp(g.values[k * g.n_cols + c], rw->values[i * rw->n_cols + c]) == 0;
            if (same)
                map[k] = i;
        }
        if (map[k] == SIZE_MAX) {
            rc = fa_error_set(err, FA_EDATA,
                              "group \"%s\" has no reweighing weight (it has no "
                              "rows in the data the weights were fitted on)",
                              g.names[k]);
            goto done;
        }
    }
    y = fa_table_labels(t);
    for (i = 0; i < g.n_rows; i++) {
        int32_t grp = g.row_group[i];
        double w = grp >= 0 ? rw->weight[2 * map[grp] + y[i]] : 1.0;
        out[i] = 1.0 + mix * (w - 1.0);
    }
done:
    fa_free(map);
    fa_groups_dispose(&g);
    return rc;
}

fa_status fa_reweigh__record(const fa_reweighing *rw, double mix, fa_model *m, fa_error *err)
{
    static const char *const names[] = {"mix"};
    fa_buf b = FA_BUF_INIT;
    fa_jw w;
    size_t k, c;
    int l;
    fa_status rc;

    FA_TRY(
        fa_model__set_mitigation(m, fa_mitigation_name(FA_MITIGATE_REWEIGH), 1, names, &mix, err));
    fa_jw_init(&w, &b, false);
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "formula");
    fa_jw_string(&w, "w(g, y) = W_g * W_y / (W * W_gy); row weight = input weight * "
                     "(1 + mix * (w(g, y) - 1))");
    fa_jw_key(&w, "columns");
    fa_jw_array_begin(&w);
    for (c = 0; c < rw->n_cols; c++)
        fa_jw_string(&w, rw->col_names[c]);
    fa_jw_array_end(&w);
    fa_jw_key(&w, "label");
    fa_jw_string(&w, rw->label_name);
    fa_jw_key(&w, "labels");
    fa_jw_array_begin(&w);
    fa_jw_string(&w, rw->label_values[0]);
    fa_jw_string(&w, rw->label_values[1]);
    fa_jw_array_end(&w);
    fa_jw_key(&w, "groups");
    fa_jw_array_begin(&w);
    for (k = 0; k < rw->n_groups; k++) {
        fa_jw_object_begin(&w);
        fa_jw_key(&w, "value");
        fa_jw_string(&w, rw->names[k]);
        fa_jw_key(&w, "values");
        fa_jw_array_begin(&w);
        for (c = 0; c < rw->n_cols; c++)
            fa_jw_string(&w, rw->values[k * rw->n_cols + c]);
        fa_jw_array_end(&w);
        fa_jw_key(&w, "rows");
        fa_jw_array_begin(&w);
        for (l = 0; l < 2; l++)
            fa_jw_uint(&w, rw->rows[2 * k + (size_t)l]);
        fa_jw_array_end(&w);
        fa_jw_key(&w, "mass");
        fa_jw_array_begin(&w);
        for (l = 0; l < 2; l++)
            fa_jw_number(&w, rw->mass[2 * k + (size_t)l]);
        fa_jw_array_end(&w);
        fa_jw_key(&w, "weights");
        fa_jw_array_begin(&w);
        for (l = 0; l < 2; l++)
            fa_jw_number(&w, rw->weight[2 * k + (size_t)l]);
        fa_jw_array_end(&w);
        fa_jw_object_end(&w);
    }
    fa_jw_array_end(&w);
    fa_jw_key(&w, "unknown_rows");
    fa_jw_uint(&w, rw->n_unknown);
    fa_jw_object_end(&w);
    rc = b.oom ? fa_error_set(err, FA_ENOMEM, "out of memory")
               : fa_model__set_mitigation_details(m, b.ptr, b.len, err);
    fa_buf_dispose(&b);
    return rc;
}
