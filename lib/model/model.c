/*
 * model.c — the fa_model object: options, input checks, fitting and
 * scoring on dense matrices, accessors. Table-level fitting (with the
 * encoder) is in fit_table.c; model files in lib/serialize/model_io.c.
 */
#include <math.h>
#include <string.h>

#include "model/logreg.h"
#include "common/collective.h"
#include "model/model_internal.h"

void fa_fit_options_init(fa_fit_options *opts)
{
    fa_fit_options d = FA_FIT_OPTIONS_INIT;
    *opts = d;
}

const char *fa_model_kind_name(fa_model_kind kind)
{
    switch (kind) {
    case FA_MODEL_LOGREG:
        return "logreg";
    case FA_MODEL_MLP:
        return "mlp";
    }
    return NULL;
}

fa_status fa_model_kind_parse(const char *name, fa_model_kind *out, fa_error *err)
{
    if (name != NULL && strcmp(name, "logreg") == 0) {
        *out = FA_MODEL_LOGREG;
        return FA_OK;
    }
    if (name != NULL && strcmp(name, "mlp") == 0) {
        *out = FA_MODEL_MLP;
        return FA_OK;
    }
    FA_FAIL(err, FA_EINVAL, "unknown model kind '%s' (expected logreg or mlp)", name ? name : "");
}

fa_status fa_fit_options_check(const fa_fit_options *o, fa_error *err)
{
    size_t l;

    FA_CHECK_ARG(err, o != NULL);
    if (o->version != FA_FIT_OPTIONS_VERSION)
        FA_FAIL(err, FA_EINVAL, "fit options version %u is not supported (expected %u)", o->version,
                FA_FIT_OPTIONS_VERSION);
    if (fa_model_kind_name(o->kind) == NULL)
        FA_FAIL(err, FA_EINVAL, "unknown model kind %d", (int)o->kind);
    if (!(o->threshold >= 0.0 && o->threshold <= 1.0))
        FA_FAIL(err, FA_EINVAL, "threshold must lie in [0, 1], got %g", o->threshold);
    FA_TRY(fa_coll_check(o->collective, err));
    if (o->collective != NULL && o->collective->size > 1 && o->kind != FA_MODEL_LOGREG)
        FA_FAIL(err, FA_EUNSUPPORTED, "data-parallel training supports logistic regression only");
    if (o->kind == FA_MODEL_LOGREG) {
        if (!(o->logreg.l2 >= 0.0) || !isfinite(o->logreg.l2))
            FA_FAIL(err, FA_EINVAL, "l2 must be a finite number >= 0, got %g", o->logreg.l2);
        if (!(o->logreg.tol > 0.0) || !isfinite(o->logreg.tol))
            FA_FAIL(err, FA_EINVAL, "tol must be positive, got %g", o->logreg.tol);
        if (o->logreg.max_iter == 0)
            FA_FAIL(err, FA_EINVAL, "max_iter must be positive");
    } else {
        const fa_mlp_options *m = &o->mlp;
        if (m->n_hidden_layers < 1 || m->n_hidden_layers > FA_MLP_MAX_HIDDEN_LAYERS)
            FA_FAIL(err, FA_EINVAL, "the MLP has 1 to %d hidden layers, not %zu",
                    FA_MLP_MAX_HIDDEN_LAYERS, m->n_hidden_layers);
        for (l = 0; l < m->n_hidden_layers; l++)
            if (m->hidden[l] == 0)
                FA_FAIL(err, FA_EINVAL, "hidden layer %zu must have at least one unit", l + 1);
        if (!(m->l2 >= 0.0) || !isfinite(m->l2))
            FA_FAIL(err, FA_EINVAL, "MLP l2 must be a finite number >= 0, got %g", m->l2);
        if (m->max_epochs == 0)
            FA_FAIL(err, FA_EINVAL, "epochs must be positive");
        if (m->batch_size == 0)
            FA_FAIL(err, FA_EINVAL, "batch size must be positive");
        if (!(m->learning_rate > 0.0) || !isfinite(m->learning_rate))
            FA_FAIL(err, FA_EINVAL, "learning rate must be positive, got %g", m->learning_rate);
        if (!(m->validation_fraction > 0.0 && m->validation_fraction <= 0.5))
            FA_FAIL(err, FA_EINVAL, "validation fraction must lie in (0, 0.5], got %g",
                    m->validation_fraction);
        if (m->patience == 0)
            FA_FAIL(err, FA_EINVAL, "patience must be positive");
    }
    return FA_OK;
}

fa_status fa_model__new(
    fa_model **out, fa_model_kind kind, size_t n_inputs, const fa_fit_options *opts, fa_error *err)
{
    fa_model *m;
    fa_status rc = FA_OK;

    *out = NULL;
    m = fa_calloc(1, sizeof *m);
    FA_CHECK_ALLOC(err, m);
    m->kind = kind;
    m->n_inputs = n_inputs;
    if (opts != NULL) {
        m->opts = *opts;
        m->opts.log = NULL;
        m->opts.log_payload = NULL;
        m->threshold = opts->threshold;
    } else {
        fa_fit_options_init(&m->opts);
        m->threshold = FA_MODEL_DEFAULT_THRESHOLD;
    }
    m->opts.kind = kind;
    {
        fa_buf b = FA_BUF_INIT;
        fa_buf_printf(&b, "fairaudit %s", fa_version_string());
        m->created_by = fa_buf_detach(&b, NULL);
    }
    if (m->created_by == NULL) {
        rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        goto fail;
    }
    if (kind == FA_MODEL_LOGREG) {
        m->coef = fa_calloc(n_inputs ? n_inputs : 1, sizeof *m->coef);
        if (m->coef == NULL) {
            rc = fa_error_set(err, FA_ENOMEM, "out of memory");
            goto fail;
        }
    } else {
        rc = fa_mlp_init(&m->mlp, n_inputs, m->opts.mlp.n_hidden_layers, m->opts.mlp.hidden, err);
        if (rc != FA_OK)
            goto fail;
    }
    *out = m;
    return FA_OK;
fail:
    fa_model_free(m);
    return rc;
}

static void mitigation_dispose(fa_model_mitigation *mi)
{
    size_t i;

    fa_free(mi->method);
    for (i = 0; i < mi->n_params; i++)
        fa_free(mi->param_names ? mi->param_names[i] : NULL);
    fa_free(mi->param_names);
    fa_free(mi->param_values);
    fa_free(mi->details);
    memset(mi, 0, sizeof *mi);
}

void fa_model_free(fa_model *m)
{
    if (m == NULL)
        return;
    fa_free(m->coef);
    fa_mlp_dispose(&m->mlp);
    fa_free(m->created_by);
    fa_encoder_free(m->encoder);
    fa_spec_free(m->spec);
    fa_free(m->spec_name);
    fa_free(m->spec_fingerprint);
    fa_free(m->spec_text);
    fa_free(m->label_name);
    fa_free(m->positive_label);
    fa_free(m->data_fingerprint);
    mitigation_dispose(&m->mitigation);
    fa_free(m);
}

fa_status fa_model__set_mitigation(fa_model *m,
                                   const char *method,
                                   size_t n_params,
                                   const char *const *names,
                                   const double *values,
                                   fa_error *err)
{
    fa_model_mitigation mi;
    size_t i;

    memset(&mi, 0, sizeof mi);
    FA_CHECK_ARG(err, m != NULL && method != NULL && (n_params == 0 || (names && values)));
    mi.method = fa_strdup(method);
    mi.param_names = fa_calloc(n_params ? n_params : 1, sizeof *mi.param_names);
    mi.param_values = fa_calloc(n_params ? n_params : 1, sizeof *mi.param_values);
    if (mi.method == NULL || mi.param_names == NULL || mi.param_values == NULL)
        goto oom;
    for (i = 0; i < n_params; i++) {
        mi.param_names[i] = fa_strdup(names[i]);
        mi.n_params = i + 1;
        if (mi.param_names[i] == NULL)
            goto oom;
        mi.param_values[i] = values[i];
    }
    mitigation_dispose(&m->mitigation);
    m->mitigation = mi;
    return FA_OK;
oom:
    mitigation_dispose(&mi);
    FA_FAIL(err, FA_ENOMEM, "out of memory");
}

fa_status fa_model__set_mitigation_details(fa_model *m, const char *json, size_t len,
                                           fa_error *err)
{
    char *copy;

    FA_CHECK_ARG(err, m != NULL && json != NULL);
    if (m->mitigation.method == NULL)
        FA_FAIL(err, FA_EINVAL, "mitigation details need a mitigation method");
    copy = fa_strndup(json, len);
    FA_CHECK_ALLOC(err, copy);
    fa_free(m->mitigation.details);
    m->mitigation.details = copy;
    return FA_OK;
}

const char *fa_model_mitigation_method(const fa_model *m)
{
    return m->mitigation.method;
}

const char *fa_model_mitigation_details(const fa_model *m)
{
    return m->mitigation.details;
}

fa_status fa_model__check_fit_data(const fa_cmat *X, const uint8_t *y, const double *w,
                                   const fa_collective *coll, double *total_weight,
                                   fa_error *err)
{
    double pn[2] = {0.0, 0.0}; /* positive and negative weight */
    uint64_t rows = X->rows;
    size_t i, j;

    FA_TRY(fa_coll_sum_u64(coll, &rows, 1, err));
    if (rows == 0)
        FA_FAIL(err, FA_EDATA, "no training rows");
    if (X->cols == 0)
        FA_FAIL(err, FA_EDATA, "no features to train on");
    for (i = 0; i < X->rows; i++) {
        const double *x = X->data + i * X->ld;
        double wi = w != NULL ? w[i] : 1.0;
        for (j = 0; j < X->cols; j++)
            if (!isfinite(x[j]))
                FA_FAIL(err, FA_EDATA, "training row %zu, feature %zu is not finite", i + 1, j + 1);
        if (y[i] > 1)
            FA_FAIL(err, FA_EDATA, "training row %zu: label must be 0 or 1, got %u", i + 1,
                    (unsigned)y[i]);
        if (!(wi >= 0.0) || !isfinite(wi))
            FA_FAIL(err, FA_EDATA,
                    "training row %zu: sample weight must be finite and >= 0, "
                    "got %g",
                    i + 1, wi);
        if (y[i])
            pn[0] += wi;
        else
            pn[1] += wi;
    }
    FA_TRY(fa_coll_sum(coll, pn, 2, err));
    if (!(pn[0] > 0.0) || !(pn[1] > 0.0))
        FA_FAIL(err, FA_EDATA, "training data must contain both classes with positive weight "
                               "(positive weight %g, negative weight %g)", pn[0], pn[1]);
    *total_weight = pn[0] + pn[1];
    return FA_OK;
}

fa_status fa_model__fit_dense(fa_model *m,
                              const fa_cmat *X,
                              const uint8_t *y,
                              const double *w,
                              double total_weight,
                              const fa_mlp_hooks *hooks,
                              fa_error *err)
{
    fa_fit_options o = m->opts;

    if (X->cols != m->n_inputs)
        FA_FAIL(err, FA_EINVAL, "model expects %zu features, data has %zu", m->n_inputs, X->cols);
    /* The caller's log sink is not kept in the model beyond the fit. */
    o.log = m->fit_log;
    o.log_payload = m->fit_log_payload;
    if (m->kind == FA_MODEL_LOGREG) {
        if (hooks != NULL)
            FA_FAIL(err, FA_EINVAL, "training hooks need an MLP");
        return fa_logreg_fit(X, y, w, total_weight, &o, m->coef, &m->intercept, &m->info, err);
    }
    return fa_mlp_train(&m->mlp, X, y, w, &o, hooks, &m->info, err);
}

fa_status fa_model__predict_dense(const fa_model *m, const fa_cmat *X, double *proba, fa_error *err)
{
    if (X->cols != m->n_inputs)
        FA_FAIL(err, FA_EINVAL, "model expects %zu features, data has %zu", m->n_inputs, X->cols);
    if (m->kind == FA_MODEL_LOGREG) {
        fa_logreg_predict(m->coef, m->intercept, X, m->opts.n_threads, proba);
        return FA_OK;
    }
    return fa_mlp_predict(&m->mlp, X, proba, err);
}

fa_status fa_model_fit_matrix(fa_model **out,
                              const double *X,
                              size_t n_rows,
                              size_t n_cols,
                              const uint8_t *y,
                              const double *weights,
                              const fa_fit_options *opts,
                              fa_error *err)
{
    fa_fit_options defaults;
    fa_cmat Xm = fa_cmat_view(X, n_rows, n_cols);
    fa_model *m = NULL;
    double total;
    fa_status rc;

    FA_CHECK_ARG(err, out != NULL);
    *out = NULL;
    FA_CHECK_ARG(err, (X != NULL || n_rows == 0) && (y != NULL || n_rows == 0));
    if (opts == NULL) {
        fa_fit_options_init(&defaults);
        opts = &defaults;
    }
    FA_TRY(fa_fit_options_check(opts, err));
    FA_TRY(fa_model__check_fit_data(&Xm, y, weights, opts->collective, &total, err));
    FA_TRY(fa_model__new(&m, opts->kind, n_cols, opts, err));
    m->fit_log = opts->log;
    m->fit_log_payload = opts->log_payload;
    rc = fa_model__fit_dense(m, &Xm, y, weights, total, NULL, err);
    m->fit_log = NULL;
    m->fit_log_payload = NULL;
    if (rc != FA_OK) {
        fa_model_free(m);
        return rc;
    }
    *out = m;
    return FA_OK;
}

fa_status fa_model_predict_matrix(const fa_model *m,
                                  const double *X,
                                  size_t n_rows,
                                  size_t n_cols,
                                  double *proba_out,
                                  fa_error *err)
{
    fa_cmat Xm = fa_cmat_view(X, n_rows, n_cols);

    FA_CHECK_ARG(err, m != NULL && (n_rows == 0 || (X != NULL && proba_out != NULL)));
    return fa_model__predict_dense(m, &Xm, proba_out, err);
}

void fa_model_decide(const fa_model *m, const double *proba, size_t n, uint8_t *decision_out)
{
    size_t i;

    for (i = 0; i < n; i++)
        decision_out[i] = proba[i] >= m->threshold;
}

fa_model_kind fa_model_kind_of(const fa_model *m)
{
    return m->kind;
}

size_t fa_model_n_inputs(const fa_model *m)
{
    return m->n_inputs;
}

double fa_model_threshold(const fa_model *m)
{
    return m->threshold;
}

fa_status fa_model_set_threshold(fa_model *m, double t, fa_error *err)
{
    FA_CHECK_ARG(err, m != NULL);
    if (!(t >= 0.0 && t <= 1.0))
        FA_FAIL(err, FA_EINVAL, "threshold must lie in [0, 1], got %g", t);
    m->threshold = t;
    m->opts.threshold = t;
    return FA_OK;
}

void fa_model_fit_info(const fa_model *m, fa_fit_info *out)
{
    *out = m->info;
}

const char *fa_model_label_name(const fa_model *m)
{
    return m->label_name;
}

const char *fa_model_positive_label(const fa_model *m)
{
    return m->positive_label;
}

const fa_spec *fa_model_spec(const fa_model *m)
{
    return m->spec;
}

const char *fa_model_spec_name(const fa_model *m)
{
    return m->spec_name;
}

const char *fa_model_spec_fingerprint(const fa_model *m)
{
    return m->spec_fingerprint;
}

const fa_encoder *fa_model_encoder(const fa_model *m)
{
    return m->encoder;
}

fa_status fa_model_set_data_fingerprint(fa_model *m, const char *hex, fa_error *err)
{
    char *copy = NULL;
    size_t i;

    FA_CHECK_ARG(err, m != NULL);
    if (hex != NULL) {
        for (i = 0; i < 64; i++)
            if (!((hex[i] >= '0' && hex[i] <= '9') || (hex[i] >= 'a' && hex[i] <= 'f')))
                FA_FAIL(err, FA_EINVAL, "a fingerprint is 64 lowercase hex digits");
        if (hex[64] != '\0')
            FA_FAIL(err, FA_EINVAL, "a fingerprint is 64 lowercase hex digits");
        copy = fa_strdup(hex);
        FA_CHECK_ALLOC(err, copy);
    }
    fa_free(m->data_fingerprint);
    m->data_fingerprint = copy;
    return FA_OK;
}

void fa_model_set_threads(fa_model *m, unsigned n_threads)
{
    if (m != NULL)
        m->opts.n_threads = n_threads;
}

void fa_model_set_blas_threads(unsigned n_threads)
{
    fa_la_set_blas_threads(n_threads);
}
