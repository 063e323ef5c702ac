/*
 * batch_audit.c — produces the audit.json text of one batch entry through
 * the library (never the CLI):
 *
 *   audit        the file's text as it is;
 *   predictions  fa_audit_run() with the entry's options, fa_report_json();
 *   model        fa_model_load() → fa_table_load() through the entry's spec
 *                (or the model's own) → fa_model_predict_proba() →
 *                fa_model_write_predictions(OUT/<name>/predictions.csv) →
 *                the predictions path above, with the label, score, decision
 *                and protected columns that file has.
 */
#include <math.h>
#include <string.h>

#include "fairaudit/audit.h"
#include "fairaudit/data.h"
#include "fairaudit/model.h"
#include "fairaudit/report.h"

#include "audit/batch_internal.h"
#include "common/fileio.h"
#include "gate_report.h"

/* Maps a manifest's favorable value onto the audit's 0/1. */
static fa_status favorable_of(const fa_batch_audit_opts *o, int *out, fa_error *err)
{
    const char *f = o->favorable;

    if (f == NULL)
        return FA_OK;
    if (o->label_values[0] != NULL && strcmp(f, o->label_values[0]) == 0)
        *out = 0;
    else if (o->label_values[0] != NULL && strcmp(f, o->label_values[1]) == 0)
        *out = 1;
    else if (strcmp(f, "0") == 0)
        *out = 0;
    else if (strcmp(f, "1") == 0)
        *out = 1;
    else
        FA_FAIL(err, FA_EINVAL, "\"favorable\" must be 0, 1 or one of \"label_values\", not \"%s\"",
                f);
    return FA_OK;
}

/* Runs the audit of a predictions file; *text_out is freed with fa_free(). */
static fa_status audit_predictions(const char *path,
                                   const fa_batch_audit_opts *eo,
                                   const char *label,
                                   const char *score,
                                   const char *decision,
                                   const char *const *prot,
                                   size_t n_prot,
                                   int favorable,
                                   char **text_out,
                                   size_t *len_out,
                                   fa_error *err)
{
    fa_audit_options o = FA_AUDIT_OPTIONS_INIT;
    fa_report_options ro = FA_REPORT_OPTIONS_INIT;
    fa_audit_result *res = NULL;
    char **refs = NULL, *text = NULL;
    size_t i, len = 0;
    fa_status rc = FA_OK;

    o.label_column = label;
    o.score_column = score;
    o.decision_column = decision;
    o.weight_column = eo->weight;
    o.protected_columns = prot;
    o.n_protected = n_prot;
    o.favorable = favorable;
    if (!isnan(eo->threshold))
        o.threshold = eo->threshold;
    if (eo->label_values[0] != NULL)
        o.label_values = (const char *const *)eo->label_values;
    if (eo->intersections >= 0)
        o.intersections = eo->intersections;
    if (eo->bootstrap >= 0)
        o.bootstrap = (unsigned)eo->bootstrap;
    if (eo->seed >= 0)
        o.seed = (uint64_t)eo->seed;
    if (eo->min_group_size >= 0)
        o.min_group_size = (uint64_t)eo->min_group_size;
    if (eo->n_refs > 0) {
        refs = fa_calloc(eo->n_refs, sizeof *refs);
        FA_CHECK_ALLOC(err, refs);
        for (i = 0; i < eo->n_refs && rc == FA_OK; i++) {
            fa_buf b = FA_BUF_INIT;
            fa_buf_printf(&b, "%s=%s", eo->refs[i].attribute, eo->refs[i].value);
            refs[i] = b.oom ? NULL : fa_buf_detach(&b, NULL);
            fa_buf_dispose(&b);
            if (refs[i] == NULL)
                rc = fa_error_set(err, FA_ENOMEM, "out of memory");
        }
        o.reference = (const char *const *)refs;
        o.n_reference = eo->n_refs;
    }
    ro.generated_at = -1; /* batch outputs are reproducible */
    if (rc == FA_OK)
        rc = fa_audit_run(path, &o, &res, err);
    if (rc == FA_OK)
        rc = fa_report_json(res, &ro, &text, &len, err);
    if (rc == FA_OK) {
        *text_out = fa_strndup(text, len);
        *len_out = len;
        if (*text_out == NULL)
            rc = fa_error_set(err, FA_ENOMEM, "out of memory");
    }
    fa_report_free(text);
    fa_audit_result_free(res);
    for (i = 0; refs != NULL && i < eo->n_refs; i++)
        fa_free(refs[i]);
    fa_free(refs);
    return rc;
}

/* The PROTECTED columns of @p spec (borrowed names) into a new array. */
static fa_status
spec_protected(const fa_spec *spec, const char ***out, size_t *n_out, fa_error *err)
{
    size_t i, n = 0, total = fa_spec_n_columns(spec);

    *out = fa_calloc(total > 0 ? total : 1, sizeof **out);
    FA_CHECK_ALLOC(err, *out);
    for (i = 0; i < total; i++)
        if (fa_spec_column_role(spec, i) == FA_ROLE_PROTECTED)
            (*out)[n++] = fa_spec_column_name(spec, i);
    *n_out = n;
    if (n == 0)
        FA_FAIL(err, FA_ESCHEMA, "the spec has no protected column: give \"protected\"");
    return FA_OK;
}

static fa_status audit_model(
    const fa_batch_entry *e, const char *pred_path, char **text_out, size_t *len_out, fa_error *err)
{
    fa_model *model = NULL;
    fa_spec *own_spec = NULL;
    const fa_spec *spec = NULL;
    fa_table *table = NULL;
    double *proba = NULL;
    const char **prot = NULL;
    size_t n_prot = 0;
    int favorable = 1;
    fa_status rc;

    rc = fa_model_load(&model, e->model, err);
    if (rc == FA_OK && !isnan(e->opts.threshold))
        rc = fa_model_set_threshold(model, e->opts.threshold, err);
    if (rc == FA_OK && e->spec != NULL) {
        rc = fa_spec_load(&own_spec, e->spec, err);
        spec = own_spec;
    } else if (rc == FA_OK) {
        spec = fa_model_spec(model);
        if (spec == NULL)
            rc = fa_error_set(err, FA_ESCHEMA, "%s does not embed its spec: give \"spec\"",
                              e->model);
    }
    if (rc == FA_OK)
        rc = fa_table_load(&table, spec, e->data, NULL, err);
    if (rc == FA_OK) {
        size_t n = fa_table_n_rows(table);
        proba = fa_calloc(n > 0 ? n : 1, sizeof *proba);
        rc = proba != NULL ? fa_model_predict_proba(model, table, proba, NULL, err)
                           : fa_error_set(err, FA_ENOMEM, "out of memory");
    }
    if (rc == FA_OK)
        rc = fa_model_write_predictions(model, table, proba, pred_path, err);
    if (rc == FA_OK) {
        favorable = fa_spec_positive_is_favorable(spec) ? 1 : 0;
        if (e->opts.n_protected == 0)
            rc = spec_protected(spec, &prot, &n_prot, err);
    }
    if (rc == FA_OK)
        rc = favorable_of(&e->opts, &favorable, err);
    if (rc == FA_OK) {
        fa_batch_audit_opts o = e->opts;
        o.threshold = fa_nan(); /* the decision column already applies it */
        rc = audit_predictions(
            pred_path, &o, fa_model_label_name(model), "score", "decision",
            e->opts.n_protected > 0 ? (const char *const *)e->opts.protected_attrs : prot,
            e->opts.n_protected > 0 ? e->opts.n_protected : n_prot, favorable, text_out, len_out,
            err);
    }
    fa_free(prot);
    fa_free(proba);
    fa_table_free(table);
    fa_spec_free(own_spec);
    fa_model_free(model);
    return rc;
}

fa_status fa_batch__produce(
    const fa_batch_entry *e, const char *pred_path, char **text_out, size_t *len_out, fa_error *err)
{
    int favorable = 1;

    *text_out = NULL;
    *len_out = 0;
    switch (e->input) {
    case FA_BATCH_INPUT_AUDIT:
        return fa_read_file(e->audit, text_out, len_out, err);
    case FA_BATCH_INPUT_PREDICTIONS:
        FA_TRY(favorable_of(&e->opts, &favorable, err));
        return audit_predictions(e->predictions, &e->opts, e->opts.label, e->opts.score,
                                 e->opts.decision, (const char *const *)e->opts.protected_attrs,
                                 e->opts.n_protected, favorable, text_out, len_out, err);
    case FA_BATCH_INPUT_MODEL:
        return audit_model(e, pred_path, text_out, len_out, err);
    }
    FA_FAIL(err, FA_EINVAL, "unknown batch input kind");
}
