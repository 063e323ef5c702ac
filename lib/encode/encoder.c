/*
 * encoder.c — the encoder object: construction, derived layout (offsets,
 * feature names, level maps), accessors and options.
 */
#include <string.h>

#include "encode/encoder_impl.h"

void fa_encoder_options_init(fa_encoder_options *opts)
{
    const fa_encoder_options def = FA_ENCODER_OPTIONS_INIT;

    if (opts != NULL)
        *opts = def;
}

fa_status fa_encoder_options_check(const fa_encoder_options *opts, fa_error *err)
{
    if (opts == NULL)
        FA_FAIL(err, FA_EINVAL, "encoder: options are NULL");
    if (opts->version != FA_ENCODER_OPTIONS_VERSION)
        FA_FAIL(err, FA_EINVAL, "encoder: unknown options version %u (this build has %u)",
                opts->version, (unsigned)FA_ENCODER_OPTIONS_VERSION);
    return FA_OK;
}

fa_status fa_encoder__new(fa_encoder **out, size_t n_cols, bool standardize, size_t max_levels,
                          fa_error *err)
{
    fa_encoder *e;

    *out = NULL;
    e = fa_calloc(1, sizeof *e);
    FA_CHECK_ALLOC(err, e);
    e->cols = fa_calloc(n_cols, sizeof *e->cols);
    if (e->cols == NULL) {
        fa_free(e);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    e->n_cols = n_cols;
    e->standardize = standardize;
    e->max_levels = max_levels;
    *out = e;
    return FA_OK;
}

static void free_strings(char **s, size_t n)
{
    size_t i;

    if (s == NULL)
        return;
    for (i = 0; i < n; i++)
        fa_free(s[i]);
    fa_free(s);
}

void fa_encoder_free(fa_encoder *e)
{
    size_t i;

    if (e == NULL)
        return;
    for (i = 0; i < e->n_cols; i++) {
        fa_enc_col *c = &e->cols[i];
        fa_free(c->name);
        free_strings(c->levels, c->n_levels);
        free_strings(c->other_levels, c->n_other);
        fa_strmap_dispose(&c->map);
    }
    fa_free(e->cols);
    free_strings(e->feature_names, e->n_features);
    fa_free(e->feature_col);
    fa_free(e);
}

/* "col=level" */
static char *join_name(const char *col, const char *level)
{
    size_t a = strlen(col), b = strlen(level), n;
    char *s;

    if (!fa_size_add(&n, a, b) || !fa_size_add(&n, n, 2))
        return NULL;
    s = fa_malloc(n);
    if (s == NULL)
        return NULL;
    memcpy(s, col, a);
    s[a] = '=';
    memcpy(s + a + 1, level, b + 1);
    return s;
}

fa_status fa_encoder__finish(fa_encoder *e, fa_error *err)
{
    size_t i, k, j = 0, total = 0;

    for (i = 0; i < e->n_cols; i++) {
        fa_enc_col *c = &e->cols[i];
        c->offset = total;
        c->width = c->categorical ? c->n_levels + (c->n_other > 0 ? 1u : 0u) : 1u;
        if (!fa_size_add(&total, total, c->width))
            FA_FAIL(err, FA_ENOMEM, "encoder: too many features");
    }
    e->feature_names = fa_calloc(total, sizeof *e->feature_names);
    e->feature_col = fa_calloc(total, sizeof *e->feature_col);
    if (e->feature_names == NULL || e->feature_col == NULL) {
        fa_free(e->feature_names);
        fa_free(e->feature_col);
        e->feature_names = NULL;
        e->feature_col = NULL;
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    e->n_features = total; /* from here fa_encoder_free() frees the names */
    for (i = 0; i < e->n_cols; i++) {
        fa_enc_col *c = &e->cols[i];

        if (!c->categorical) {
            e->feature_col[j] = i;
            e->feature_names[j] = fa_strdup(c->name);
            FA_CHECK_ALLOC(err, e->feature_names[j]);
            j++;
            continue;
        }
        FA_TRY(fa_strmap_reserve(&c->map, c->n_levels + c->n_other, err));
        for (k = 0; k < c->n_levels; k++) {
            e->feature_col[j] = i;
            e->feature_names[j] = join_name(c->name, c->levels[k]);
            FA_CHECK_ALLOC(err, e->feature_names[j]);
            j++;
            if (fa_strmap_put(&c->map, c->levels[k], (int32_t)k, err) != FA_OK)
                FA_FAIL(err, FA_EDATA, "encoder: column \"%s\" has the level \"%s\" twice",
                        c->name, c->levels[k]);
        }
        for (k = 0; k < c->n_other; k++)
            if (fa_strmap_put(&c->map, c->other_levels[k], FA_ENC_OTHER, err) != FA_OK)
                FA_FAIL(err, FA_EDATA, "encoder: column \"%s\" has the level \"%s\" twice",
                        c->name, c->other_levels[k]);
        if (c->n_other > 0) {
            e->feature_col[j] = i;
            e->feature_names[j] = join_name(c->name, FA_ENC_OTHER_NAME);
            FA_CHECK_ALLOC(err, e->feature_names[j]);
            j++;
        }
    }
    return FA_OK;
}

size_t fa_encoder_n_features(const fa_encoder *e)
{
    return e == NULL ? 0 : e->n_features;
}

const char *fa_encoder_feature_name(const fa_encoder *e, size_t j)
{
    return e == NULL || j >= e->n_features ? NULL : e->feature_names[j];
}

const char *fa_encoder_feature_column(const fa_encoder *e, size_t j)
{
    return e == NULL || j >= e->n_features ? NULL : e->cols[e->feature_col[j]].name;
}

size_t fa_encoder_n_columns(const fa_encoder *e)
{
    return e == NULL ? 0 : e->n_cols;
}

const char *fa_encoder_column_name(const fa_encoder *e, size_t i)
{
    return e == NULL || i >= e->n_cols ? NULL : e->cols[i].name;
}

int fa_encoder_column_scaling(const fa_encoder *e, size_t i, double *mean_out, double *std_out)
{
    if (e == NULL || i >= e->n_cols || e->cols[i].categorical)
        return 0;
    if (mean_out != NULL)
        *mean_out = e->cols[i].mean;
    if (std_out != NULL)
        *std_out = e->cols[i].std;
    return 1;
}
