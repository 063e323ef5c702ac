/*
 * fit_table.c — fitting and scoring on tables: the encoder turns the table
 * into the dense matrix the models work on, and the model keeps the
 * encoder, the label and the provenance of its training data.
 */
#include <string.h>

#include "common/collective.h"
#include "model/model_internal.h"

/* Encodes every row of t into a fresh n x n_features matrix. */
static fa_status encode(
    const fa_encoder *enc, const fa_table *t, double **X_out, fa_encode_stats *stats, fa_error *err)
{
    size_t n = fa_table_n_rows(t), d = fa_encoder_n_features(enc), bytes;
    double *X;
    fa_status rc;

    *X_out = NULL;
    if (!fa_size_mul(&bytes, n, d) || !fa_size_mul(&bytes, bytes, sizeof(double)))
        FA_FAIL(err, FA_ENOMEM, "%zu rows x %zu features is too large", n, d);
    X = fa_malloc(bytes);
    FA_CHECK_ALLOC(err, X);
    rc = fa_encoder_transform(enc, t, X, d, stats, err);
    if (rc != FA_OK) {
        fa_free(X);
        return rc;
    }
    *X_out = X;
    return FA_OK;
}

static fa_status
combine_weights(const fa_table *t, const double *row_weights, double **out, fa_error *err)
{
    const double *tw = fa_table_weights(t);
    size_t n = fa_table_n_rows(t), i;
    double *w;

    *out = NULL;
    if (tw == NULL && row_weights == NULL)
        return FA_OK;
    w = fa_malloc((n ? n : 1) * sizeof *w);
    FA_CHECK_ALLOC(err, w);
    for (i = 0; i < n; i++)
        w[i] = (tw != NULL ? tw[i] : 1.0) * (row_weights != NULL ? row_weights[i] : 1.0);
    *out = w;
    return FA_OK;
}

static fa_status record_provenance(fa_model *m, const fa_table *train, fa_error *err)
{
    const fa_spec *spec = fa_table_spec(train);
    const char *fp = fa_table_fingerprint(train);

    m->spec_name = fa_strdup(fa_spec_name(spec) ? fa_spec_name(spec) : "");
    m->spec_fingerprint = fa_strdup(fa_spec_fingerprint(spec));
    m->label_name = fa_strdup(fa_spec_column_name(spec, fa_spec_label_column(spec)));
    m->positive_label = fa_strdup(fa_spec_positive_label(spec));
    m->data_fingerprint = fp != NULL ? fa_strdup(fp) : NULL;
    m->n_data_rows = fa_table_n_rows(train);
    if (!m->spec_name || !m->spec_fingerprint || !m->label_name || !m->positive_label ||
        (fp != NULL && !m->data_fingerprint))
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    return FA_OK;
}

fa_status fa_model_fit(fa_model **out,
                       const fa_table *train,
                       const double *row_weights,
                       const fa_fit_options *opts,
                       fa_error *err)
{
    return fa_model__fit_table(out, train, row_weights, opts, NULL, err);
}

static fa_status fit_table(fa_model **out,
                           const fa_table *train,
                           const double *row_weights,
                           const fa_fit_options *opts,
                           const fa_mlp_hooks *hooks,
                           fa_model_train_fn train_fn,
                           void *ctx,
                           fa_error *err);

fa_status fa_model__fit_table(fa_model **out,
                              const fa_table *train,
                              const double *row_weights,
                              const fa_fit_options *opts,
                              const fa_mlp_hooks *hooks,
                              fa_error *err)
{
    return fit_table(out, train, row_weights, opts, hooks, NULL, NULL, err);
}

fa_status fa_model__fit_table_with(fa_model **out,
                                   const fa_table *train,
                                   const double *row_weights,
                                   const fa_fit_options *opts,
                                   fa_model_train_fn train_fn,
                                   void *ctx,
                                   fa_error *err)
{
    return fit_table(out, train, row_weights, opts, NULL, train_fn, ctx, err);
}

static fa_status fit_table(fa_model **out,
                           const fa_table *train,
                           const double *row_weights,
                           const fa_fit_options *opts,
                           const fa_mlp_hooks *hooks,
                           fa_model_train_fn train_fn,
                           void *ctx,
                           fa_error *err)
{
    fa_fit_options defaults;
    fa_encoder_options eo = FA_ENCODER_OPTIONS_INIT;
    fa_encoder *enc = NULL;
    fa_model *m = NULL;
    double *X = NULL, *w = NULL, total;
    fa_cmat Xm;
    fa_status rc;

    FA_CHECK_ARG(err, out != NULL && train != NULL);
    *out = NULL;
    if (opts == NULL) {
        fa_fit_options_init(&defaults);
        opts = &defaults;
    }
    FA_TRY(fa_fit_options_check(opts, err));
    eo.collective = opts->collective;
    FA_TRY(fa_encoder_fit(&enc, train, &eo, err));
    rc = encode(enc, train, &X, NULL, err);
    if (rc == FA_OK)
        rc = combine_weights(train, row_weights, &w, err);
    Xm = fa_cmat_view(X, fa_table_n_rows(train), fa_encoder_n_features(enc));
    if (rc == FA_OK)
        rc = fa_model__check_fit_data(&Xm, fa_table_labels(train), w, opts->collective, &total,
                                      err);
    if (rc == FA_OK)
        rc = fa_model__new(&m, opts->kind, Xm.cols, opts, err);
    if (rc == FA_OK) {
        m->encoder = enc;
        enc = NULL;
        rc = record_provenance(m, train, err);
    }
    if (rc == FA_OK && opts->collective != NULL && opts->collective->size > 1) {
        /* every process's rows; the digest of the whole file is not known here */
        uint64_t rows = m->n_data_rows;
        rc = fa_coll_sum_u64(opts->collective, &rows, 1, err);
        m->n_data_rows = rows;
        fa_free(m->data_fingerprint);
        m->data_fingerprint = NULL;
    }
    if (rc == FA_OK) {
        m->fit_log = opts->log;
        m->fit_log_payload = opts->log_payload;
        if (train_fn != NULL)
            rc = train_fn(m, &Xm, fa_table_labels(train), w, total, ctx, err);
        else
            rc = fa_model__fit_dense(m, &Xm, fa_table_labels(train), w, total, hooks, err);
        m->fit_log = NULL;
        m->fit_log_payload = NULL;
    }
    fa_free(X);
    fa_free(w);
    fa_encoder_free(enc);
    if (rc != FA_OK) {
        fa_model_free(m);
        return rc;
    }
    *out = m;
    return FA_OK;
}

fa_status fa_model_attach_spec(fa_model *m, const char *text, size_t len, fa_error *err)
{
    fa_spec *spec = NULL;
    char *copy;

    FA_CHECK_ARG(err, m != NULL && (text != NULL || len == 0));
    if (m->spec_fingerprint == NULL)
        FA_FAIL(err, FA_EINVAL, "this model was not trained on a table: it has no spec");
    FA_TRY(fa_spec_parse(&spec, text, len, "<spec>", err));
    if (strcmp(fa_spec_fingerprint(spec), m->spec_fingerprint) != 0) {
        fa_status rc = fa_error_set(err, FA_EINVAL,
                                    "this is not the spec the model was trained with "
                                    "(fingerprint %.12s..., expected %.12s...)",
                                    fa_spec_fingerprint(spec), m->spec_fingerprint);
        fa_spec_free(spec);
        return rc;
    }
    copy = fa_strndup(text, len);
    if (copy == NULL) {
        fa_spec_free(spec);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    fa_spec_free(m->spec);
    fa_free(m->spec_text);
    m->spec = spec;
    m->spec_text = copy;
    m->spec_len = len;
    return FA_OK;
}

fa_status fa_model_predict_proba(
    const fa_model *m, const fa_table *t, double *proba_out, fa_encode_stats *stats, fa_error *err)
{
    double *X = NULL;
    fa_cmat Xm;
    fa_status rc;

    FA_CHECK_ARG(err, m != NULL && t != NULL && (proba_out != NULL || fa_table_n_rows(t) == 0));
    if (m->encoder == NULL)
        FA_FAIL(err, FA_EINVAL,
                "this model was trained on a matrix and has no encoder: score "
                "it with fa_model_predict_matrix()");
    FA_TRY(encode(m->encoder, t, &X, stats, err));
    Xm = fa_cmat_view(X, fa_table_n_rows(t), m->n_inputs);
    rc = fa_model__predict_dense(m, &Xm, proba_out, err);
    fa_free(X);
    return rc;
}
