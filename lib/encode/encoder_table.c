/*
 * encoder_table.c — the public fit/transform entry points over an fa_table:
 * they build column views of the table (borrowed arrays plus level-name
 * arrays) and call the view-based core in encoder_fit.c and
 * encoder_transform.c. This is the only file of lib/encode that depends on
 * the table API.
 */
#include <string.h>

#include "encode/encoder_impl.h"

void fa_encoder__inputs_free(fa_enc_input *in, size_t n)
{
    size_t i;

    if (in == NULL)
        return;
    for (i = 0; i < n; i++)
        fa_free((void *)(uintptr_t)in[i].levels);
    fa_free(in);
}

static bool is_feature(fa_role r)
{
    return r == FA_ROLE_NUMERIC || r == FA_ROLE_CATEGORICAL;
}

fa_status fa_encoder__table_inputs(const fa_table *t, bool features_only, fa_enc_input **out,
                                   size_t *n_out, fa_error *err)
{
    const fa_spec *spec = fa_table_spec(t);
    size_t n_cols = fa_spec_n_columns(spec), i, n = 0;
    fa_enc_input *in;

    *out = NULL;
    *n_out = 0;
    in = fa_calloc(n_cols, sizeof *in);
    FA_CHECK_ALLOC(err, in);
    for (i = 0; i < n_cols; i++) {
        fa_role role = fa_spec_column_role(spec, i);
        const double *values = fa_table_numeric(t, i);
        const int32_t *codes = fa_table_codes(t, i);
        fa_enc_input *c = &in[n];

        if (features_only && !is_feature(role))
            continue;
        if (values == NULL && codes == NULL)
            continue; /* not stored (ignored column) */
        c->name = fa_spec_column_name(spec, i);
        if (values != NULL) {
            c->values = values;
        } else {
            const char **levels;
            size_t k;

            c->categorical = true;
            c->codes = codes;
            c->n_levels = fa_table_n_levels(t, i);
            levels = fa_calloc(c->n_levels ? c->n_levels : 1, sizeof *levels);
            if (levels == NULL) {
                fa_encoder__inputs_free(in, n);
                FA_FAIL(err, FA_ENOMEM, "out of memory");
            }
            for (k = 0; k < c->n_levels; k++)
                levels[k] = fa_table_level(t, i, k);
            c->levels = levels;
        }
        n++;
    }
    *out = in;
    *n_out = n;
    return FA_OK;
}

fa_status fa_encoder_fit(fa_encoder **out, const fa_table *t, const fa_encoder_options *opts,
                         fa_error *err)
{
    const fa_encoder_options defaults = FA_ENCODER_OPTIONS_INIT;
    fa_enc_input *in = NULL;
    size_t n_in = 0;
    fa_status rc;

    FA_CHECK_ARG(err, out != NULL);
    *out = NULL;
    FA_CHECK_ARG(err, t != NULL);
    FA_TRY(fa_encoder__table_inputs(t, true, &in, &n_in, err));
    rc = fa_encoder__fit_inputs(out, in, n_in, fa_table_n_rows(t), opts ? opts : &defaults, err);
    fa_encoder__inputs_free(in, n_in);
    return rc;
}

fa_status fa_encoder_transform(const fa_encoder *e, const fa_table *t, double *X, size_t ld,
                               fa_encode_stats *stats, fa_error *err)
{
    fa_enc_input *in = NULL;
    size_t n_in = 0;
    fa_status rc;

    if (stats != NULL)
        memset(stats, 0, sizeof *stats);
    FA_CHECK_ARG(err, e != NULL);
    FA_CHECK_ARG(err, t != NULL);
    FA_TRY(fa_encoder__table_inputs(t, false, &in, &n_in, err));
    rc = fa_encoder__transform_inputs(e, in, n_in, fa_table_n_rows(t), X, ld, stats, err);
    fa_encoder__inputs_free(in, n_in);
    return rc;
}
