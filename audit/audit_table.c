/*
 * audit_table.c — fa_audit_run_table: the audit of rows already loaded through a dataset
 * spec, with one score per row (fairaudit's own models: `fairaudit audit --model`).
 *
 * Same accumulators and result as the predictions-file pass (audit.c); labels, weights and
 * protected values come from the table and its spec instead of named CSV columns. Decisions
 * are score >= threshold, or the rule of the row's group with per-group thresholds
 * (opts->thresholds; row i decides as fa_thresholds_decide_table() does).
 */
#include <string.h>

#include "audit/audit_private.h"
#include "common/internal.h"

#define FA_TABLE_MAX_PROTECTED 64

/* Protected columns: the requested ones (each must be PROTECTED in the spec), else all. */
static fa_status protected_columns(const fa_table *t, const fa_audit_options *o, size_t *cols,
                                   const char **names, size_t *n_out, fa_error *err)
{
    const fa_spec *spec = fa_table_spec(t);
    size_t i, n = 0;

    if (o->protected_columns != NULL && o->n_protected > 0) {
        if (o->n_protected > FA_TABLE_MAX_PROTECTED)
            FA_FAIL(err, FA_EINVAL, "at most %d protected columns", FA_TABLE_MAX_PROTECTED);
        for (i = 0; i < o->n_protected; i++) {
            size_t c = fa_spec_find_column(spec, o->protected_columns[i]);
            if (c == FA_SPEC_NO_COLUMN || fa_spec_column_role(spec, c) != FA_ROLE_PROTECTED)
                FA_FAIL(err, FA_EINVAL,
                        "\"%s\" is not a protected column of the dataset spec \"%s\"",
                        o->protected_columns[i], fa_spec_name(spec));
            cols[n] = c;
            names[n++] = fa_spec_column_name(spec, c);
        }
    } else {
        for (i = 0; i < fa_spec_n_columns(spec) && n < FA_TABLE_MAX_PROTECTED; i++) {
            if (fa_spec_column_role(spec, i) == FA_ROLE_PROTECTED) {
                cols[n] = i;
                names[n++] = fa_spec_column_name(spec, i);
            }
        }
        if (n == 0)
            FA_FAIL(err, FA_EINVAL, "the dataset spec \"%s\" has no protected column",
                    fa_spec_name(spec));
    }
    *n_out = n;
    return FA_OK;
}

fa_status fa_audit_run_table(const fa_table *t, const double *scores, const char *model_path,
                             const fa_audit_options *opts, fa_audit_result **out, fa_error *err)
{
    const fa_spec *spec;
    fa_audit_options o;
    pass_state P;
    fa_acc_config cfg;
    size_t cols[FA_TABLE_MAX_PROTECTED], n_prot = 0, a, i, n_rows;
    const char *names[FA_TABLE_MAX_PROTECTED];
    uint32_t *level_ids[FA_TABLE_MAX_PROTECTED];
    const int32_t *codes[FA_TABLE_MAX_PROTECTED];
    const uint8_t *labels;
    const double *weights;
    uint8_t *decisions = NULL;
    fa_table_stats st;
    fa_status rc = FA_OK;

    if (out == NULL || t == NULL || scores == NULL || opts == NULL)
        FA_FAIL(err, FA_EINVAL, "fa_audit_run_table: NULL argument");
    *out = NULL;
    spec = fa_table_spec(t);
    FA_TRY(protected_columns(t, opts, cols, names, &n_prot, err));
    o = *opts;
    o.label_column = fa_spec_column_name(spec, fa_spec_label_column(spec));
    o.score_column = "score";
    o.decision_column = NULL;
    o.weight_column = fa_table_weights(t) != NULL ? "weight" : NULL;
    o.protected_columns = names;
    o.n_protected = n_prot;
    o.label_values = NULL;
    o.score_min = 0.0;
    o.score_max = 1.0;
    for (i = 0; i < fa_spec_n_columns(spec); i++)
        if (fa_spec_column_role(spec, i) == FA_ROLE_WEIGHT)
            o.weight_column = fa_spec_column_name(spec, i);
    FA_TRY(fa_audit__check_options(&o, err));

    memset(&P, 0, sizeof P);
    memset(level_ids, 0, sizeof level_ids);
    P.opts = &o;
    P.err = err;
    P.path = fa_table_path(t);
    P.model_path = model_path;
    P.n_prot = n_prot;
    P.ids = fa_calloc(n_prot, sizeof *P.ids);
    if (P.ids == NULL)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    if ((rc = fa_gindex_init(&P.gi, n_prot, o.missing_values, o.n_missing_values, err)) != FA_OK)
        goto done;
    fa_acc_config_init(&cfg, 0.0, 1.0);
    cfg.n_cal = o.calibration_bins;
    cfg.weighted = fa_table_weights(t) != NULL;
    if ((rc = fa_acc_new(&P.acc, &cfg, err)) != FA_OK)
        goto done;
    /* level code -> value id, once per level instead of once per row */
    for (a = 0; a < n_prot; a++) {
        size_t nl = fa_table_n_levels(t, cols[a]), k;
        codes[a] = fa_table_codes(t, cols[a]);
        level_ids[a] = fa_calloc(nl ? nl : 1, sizeof *level_ids[a]);
        if (level_ids[a] == NULL || codes[a] == NULL) {
            rc = level_ids[a] == NULL ? fa_error_set(err, FA_ENOMEM, "out of memory")
                                      : fa_error_set(err, FA_ERROR, "protected column without codes");
            goto done;
        }
        for (k = 0; k < nl; k++) {
            const char *lv = fa_table_level(t, cols[a], k);
            if (!fa_gindex_value(&P.gi, a, lv, strlen(lv), &level_ids[a][k])) {
                rc = fa_error_set(err, FA_ENOMEM, "out of memory");
                goto done;
            }
        }
    }
    labels = fa_table_labels(t);
    weights = fa_table_weights(t);
    n_rows = fa_table_n_rows(t);
    if (o.thresholds != NULL) {
        decisions = fa_malloc(n_rows ? n_rows : 1);
        if (decisions == NULL) {
            rc = fa_error_set(err, FA_ENOMEM, "out of memory");
            goto done;
        }
        if ((rc = fa_thresholds_decide_table(o.thresholds, t, scores, decisions, err)) != FA_OK)
            goto done;
    }
    for (i = 0; i < n_rows; i++) {
        double s = scores[i], w = weights != NULL ? weights[i] : 1.0;
        if (!(s >= 0.0 && s <= 1.0)) {
            fa_error_clear(err);
            fa_error_set_loc(err, P.path, 0, 0, 0, NULL);
            rc = fa_error_set(err, FA_EDATA, "score %g of row %zu is not a probability", s, i + 1);
            goto done;
        }
        for (a = 0; a < n_prot; a++)
            P.ids[a] = codes[a][i] < 0 ? FA_GINDEX_UNKNOWN : level_ids[a][codes[a][i]];
        if ((rc = fa_audit__add(&P, NULL, s, labels[i] != 0,
                                decisions != NULL ? decisions[i] != 0 : s >= o.threshold, w)) !=
            FA_OK)
            goto done;
        P.rows_used++;
    }
    fa_acc_flush(P.acc);
    fa_table_get_stats(t, &st);
    P.rows_read = st.rows_read;
    P.dropped_by_spec = st.rows_dropped;
    if (P.rows_used == 0) {
        fa_error_clear(err);
        fa_error_set_loc(err, P.path, 0, 0, 0, NULL);
        rc = fa_error_set(err, FA_EDATA, "no rows to audit");
        goto done;
    }
    fa_strlcpy(P.fingerprint, fa_table_fingerprint(t), sizeof P.fingerprint);
    rc = fa_audit__build(&P, out, err);
done:
    for (a = 0; a < n_prot; a++)
        fa_free(level_ids[a]);
    fa_acc_free(P.acc);
    fa_gindex_dispose(&P.gi);
    fa_free(P.ids);
    fa_free(decisions);
    return rc;
}
