/*
 * encoder_transform.c — applying a fitted encoder to a table.
 *
 * Columns are found by name. For each categorical column the table's own
 * level codes are translated once into the encoder's slots (kept level,
 * "other", or unseen) through the encoder's name map, so the row loop is an
 * array lookup per cell whatever order the table's levels are in. Rows are
 * written one at a time (row-major output, sequential writes).
 */
#include <string.h>

#include "encode/encoder_impl.h"

typedef struct col_plan {
    const fa_enc_col *col;
    const double *values; /* numeric */
    const int32_t *codes; /* categorical */
    int32_t *remap;       /* table code -> level index, FA_ENC_OTHER or FA_ENC_UNSEEN */
    size_t n_table_levels;
} col_plan;

static const fa_enc_input *find_input(const fa_enc_input *in, size_t n_in, const char *name)
{
    size_t i;

    for (i = 0; i < n_in; i++)
        if (strcmp(in[i].name, name) == 0)
            return &in[i];
    return NULL;
}

static void free_plans(col_plan *p, size_t n)
{
    size_t i;

    if (p == NULL)
        return;
    for (i = 0; i < n; i++)
        fa_free(p[i].remap);
    fa_free(p);
}

static fa_status plan_column(col_plan *p, const fa_enc_col *c, const fa_enc_input *in,
                             fa_error *err)
{
    size_t k;

    p->col = c;
    if (in == NULL)
        FA_FAIL(err, FA_ESCHEMA, "encoder: column \"%s\" is missing from the table", c->name);
    if (!c->categorical) {
        if (in->categorical)
            FA_FAIL(err, FA_ESCHEMA,
                    "encoder: column \"%s\" was a numeric feature in fit but holds categories in "
                    "this table",
                    c->name);
        p->values = in->values;
        return FA_OK;
    }
    if (!in->categorical)
        FA_FAIL(err, FA_ESCHEMA,
                "encoder: column \"%s\" was a categorical feature in fit but holds numbers in "
                "this table",
                c->name);
    p->codes = in->codes;
    p->n_table_levels = in->n_levels;
    p->remap = fa_calloc(in->n_levels, sizeof *p->remap);
    FA_CHECK_ALLOC(err, p->remap);
    for (k = 0; k < in->n_levels; k++) {
        int32_t slot;
        p->remap[k] = fa_strmap_get(&c->map, in->levels[k], &slot) ? slot : FA_ENC_UNSEEN;
    }
    return FA_OK;
}

fa_status fa_encoder__transform_inputs(const fa_encoder *e, const fa_enc_input *in, size_t n_in,
                                       size_t n_rows, double *X, size_t ld,
                                       fa_encode_stats *stats, fa_error *err)
{
    fa_encode_stats st;
    col_plan *plans;
    fa_status rc = FA_OK;
    size_t i, c;

    memset(&st, 0, sizeof st);
    if (stats != NULL)
        *stats = st;
    FA_CHECK_ARG(err, e != NULL);
    FA_CHECK_ARG(err, X != NULL || n_rows == 0);
    if (ld < e->n_features)
        FA_FAIL(err, FA_EINVAL, "encoder: leading dimension %zu is smaller than the %zu features",
                ld, e->n_features);
    plans = fa_calloc(e->n_cols, sizeof *plans);
    FA_CHECK_ALLOC(err, plans);
    for (c = 0; c < e->n_cols; c++) {
        rc = plan_column(&plans[c], &e->cols[c], find_input(in, n_in, e->cols[c].name), err);
        if (rc != FA_OK)
            goto done;
    }
    for (i = 0; i < n_rows; i++) {
        double *row = X + i * ld;

        for (c = 0; c < e->n_cols; c++) {
            const col_plan *p = &plans[c];
            const fa_enc_col *col = p->col;
            double *out = row + col->offset;
            int32_t code, slot;

            if (!col->categorical) {
                double v = p->values[i];
                if (!isfinite(v)) {
                    rc = fa_error_set(err, FA_EDATA, "encoder: column \"%s\", row %zu: %s value",
                                      col->name, i + 1, isnan(v) ? "missing (NaN)" : "infinite");
                    goto done;
                }
                *out = (v - col->mean) / col->std;
                continue;
            }
            memset(out, 0, col->width * sizeof *out);
            code = p->codes[i];
            if (code < 0 || (size_t)code >= p->n_table_levels) {
                st.missing_categories++;
                continue;
            }
            slot = p->remap[code];
            if (slot == FA_ENC_UNSEEN) {
                st.unseen_categories++;
            } else if (slot == FA_ENC_OTHER) {
                out[col->n_levels] = 1.0;
                st.other_categories++;
            } else {
                out[slot] = 1.0;
            }
        }
    }
    st.rows = n_rows;
    if (stats != NULL)
        *stats = st;
done:
    free_plans(plans, e->n_cols);
    return rc;
}
