/*
 * mitigate_fit.c — names of the methods and criteria, option checks, and
 * fa_mitigate_fit(): training with reweighing or adversarial debiasing.
 */
#include <math.h>
#include <string.h>

#include "mitigate/mitigate_internal.h"
#include "model/model_internal.h"

const char *fa_mitigation_name(fa_mitigation m)
{
    switch (m) {
    case FA_MITIGATE_NONE:
        return "none";
    case FA_MITIGATE_REWEIGH:
        return "reweigh";
    case FA_MITIGATE_ADVERSARIAL:
        return "adversarial";
    }
    return NULL;
}

fa_status fa_mitigation_parse(const char *name, fa_mitigation *out, fa_error *err)
{
    static const fa_mitigation all[] = {FA_MITIGATE_NONE, FA_MITIGATE_REWEIGH,
                                        FA_MITIGATE_ADVERSARIAL};
    size_t i;

    for (i = 0; name != NULL && i < sizeof all / sizeof all[0]; i++)
        if (strcmp(name, fa_mitigation_name(all[i])) == 0) {
            *out = all[i];
            return FA_OK;
        }
    FA_FAIL(err, FA_EINVAL, "unknown mitigation '%s' (expected none, reweigh or adversarial)",
            name ? name : "");
}

const char *fa_fairness_name(fa_fairness f)
{
    switch (f) {
    case FA_FAIRNESS_DP:
        return "dp";
    case FA_FAIRNESS_EO:
        return "eo";
    case FA_FAIRNESS_AIR:
        return "air";
    }
    return NULL;
}

fa_status fa_fairness_parse(const char *name, fa_fairness *out, fa_error *err)
{
    static const fa_fairness all[] = {FA_FAIRNESS_DP, FA_FAIRNESS_EO, FA_FAIRNESS_AIR};
    size_t i;

    for (i = 0; name != NULL && i < sizeof all / sizeof all[0]; i++)
        if (strcmp(name, fa_fairness_name(all[i])) == 0) {
            *out = all[i];
            return FA_OK;
        }
    FA_FAIL(err, FA_EINVAL, "unknown fairness criterion '%s' (expected dp, eo or air)",
            name ? name : "");
}

void fa_mitigate_options_init(fa_mitigate_options *opts)
{
    fa_mitigate_options d = FA_MITIGATE_OPTIONS_INIT;
    *opts = d;
}

fa_status fa_mitigate_options_check(const fa_mitigate_options *o, fa_error *err)
{
    const fa_adversary_options *a;

    FA_CHECK_ARG(err, o != NULL);
    if (o->version != FA_MITIGATE_OPTIONS_VERSION)
        FA_FAIL(err, FA_EINVAL, "mitigation options version %u is not supported (expected %u)",
                o->version, FA_MITIGATE_OPTIONS_VERSION);
    if (fa_mitigation_name(o->method) == NULL)
        FA_FAIL(err, FA_EINVAL, "unknown mitigation method %d", (int)o->method);
    if (o->n_protected > 0 && o->protected_columns == NULL)
        FA_FAIL(err, FA_EINVAL, "%zu protected columns announced but none given", o->n_protected);
    if (!(o->reweigh_mix >= 0.0 && o->reweigh_mix <= 1.0))
        FA_FAIL(err, FA_EINVAL, "the reweighing mix must lie in [0, 1], got %g", o->reweigh_mix);
    if (o->method != FA_MITIGATE_ADVERSARIAL)
        return FA_OK;
    a = &o->adversary;
    if (a->fairness != FA_FAIRNESS_DP && a->fairness != FA_FAIRNESS_EO)
        FA_FAIL(err, FA_EINVAL, "adversarial debiasing aims at dp or eo, not %s",
                fa_fairness_name(a->fairness) ? fa_fairness_name(a->fairness) : "?");
    if (!(a->weight >= 0.0 || a->weight == FA_ADV_WEIGHT_DEFAULT) || !isfinite(a->weight))
        FA_FAIL(err, FA_EINVAL, "the adversary weight must be a finite number >= 0, got %g",
                a->weight);
    if (a->epochs == 0)
        FA_FAIL(err, FA_EINVAL, "adversarial training needs at least one epoch");
    if (a->batch_size == 0)
        FA_FAIL(err, FA_EINVAL, "the batch size must be positive");
    if (!(a->learning_rate > 0.0) || !isfinite(a->learning_rate))
        FA_FAIL(err, FA_EINVAL, "the learning rate must be positive, got %g", a->learning_rate);
    if (!(a->adversary_lr_ratio > 0.0) || !isfinite(a->adversary_lr_ratio))
        FA_FAIL(err, FA_EINVAL, "the adversary's learning-rate ratio must be positive, got %g",
                a->adversary_lr_ratio);
    if (!(a->decay > 0.0 && a->decay <= 1.0))
        FA_FAIL(err, FA_EINVAL, "the learning-rate decay must lie in (0, 1], got %g", a->decay);
    if (a->decay_steps == 0)
        FA_FAIL(err, FA_EINVAL, "the learning-rate decay interval must be positive");
    return FA_OK;
}

double fa_adversary_weight(const fa_adversary_options *opts)
{
    if (opts->weight >= 0.0)
        return opts->weight;
    return opts->fairness == FA_FAIRNESS_EO ? FA_ADV_DEFAULT_WEIGHT_EO : FA_ADV_DEFAULT_WEIGHT_DP;
}

static fa_status fit_reweighed(fa_model **out,
                               const fa_table *train,
                               const double *row_weights,
                               const fa_mitigate_options *mo,
                               const fa_fit_options *fo,
                               fa_error *err)
{
    fa_reweighing *rw = NULL;
    fa_model *m = NULL;
    size_t n = fa_table_n_rows(train), i;
    double *w;
    fa_status rc;

    FA_TRY(fa_reweigh_fit(&rw, train, mo->protected_columns, mo->n_protected, err));
    w = fa_malloc((n ? n : 1) * sizeof *w);
    if (w == NULL) {
        fa_reweighing_free(rw);
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    }
    rc = fa_reweighing_row_weights(rw, train, mo->reweigh_mix, w, err);
    if (rc == FA_OK && row_weights != NULL)
        for (i = 0; i < n; i++)
            w[i] *= row_weights[i];
    if (rc == FA_OK)
        rc = fa_model_fit(&m, train, w, fo, err);
    if (rc == FA_OK)
        rc = fa_reweigh__record(rw, mo->reweigh_mix, m, err);
    fa_free(w);
    fa_reweighing_free(rw);
    if (rc != FA_OK) {
        fa_model_free(m);
        return rc;
    }
    *out = m;
    return FA_OK;
}

fa_status fa_mitigate_fit(fa_model **out,
                          const fa_table *train,
                          const double *row_weights,
                          const fa_mitigate_options *mo,
                          const fa_fit_options *fo,
                          fa_error *err)
{
    fa_mitigate_options defaults;

    FA_CHECK_ARG(err, out != NULL && train != NULL);
    *out = NULL;
    if (mo == NULL) {
        fa_mitigate_options_init(&defaults);
        mo = &defaults;
    }
    FA_TRY(fa_mitigate_options_check(mo, err));
    switch (mo->method) {
    case FA_MITIGATE_NONE:
        return fa_model_fit(out, train, row_weights, fo, err);
    case FA_MITIGATE_REWEIGH:
        return fit_reweighed(out, train, row_weights, mo, fo, err);
    case FA_MITIGATE_ADVERSARIAL:
        return fa_adversarial__fit(out, train, row_weights, mo, fo, err);
    }
    FA_FAIL(err, FA_EINVAL, "unknown mitigation method");
}
