/*
 * model_card.c — the model card of a fairaudit model: intended use, data,
 * features, the largest coefficients (logistic regression) or the network's
 * shape (MLP), performance and fairness by group (from the audit), the
 * mitigation applied in training, and caveats — as a report section and as
 * model_card.json.
 *
 * Nothing is computed beyond presentation: coefficients are sorted by
 * magnitude (they are on standardised features, so comparable), feature
 * names are spelled out from the encoder (docs/format/encoder.md), and the
 * caveats compare facts the two documents state (data fingerprints,
 * thresholds, convergence).
 */
#include "model_card.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fileio.h"
#include "common/jsonw.h"

#define CAVEAT_MAX  512
#define MAX_CAVEATS 8

/* ---- reading ------------------------------------------------------------------------ */

static const char *str_at(const fa_json_node *obj, const char *key)
{
    return fa_json_string(fa_json_member(obj, key));
}

static double num_at(const fa_json_node *obj, const char *key)
{
    return fa_json_number(fa_json_member(obj, key));
}

static const fa_json_node *obj_at(const fa_json_node *obj, const char *key)
{
    const fa_json_node *n = fa_json_member(obj, key);

    return fa_json_is(n, FA_JSON_OBJECT) ? n : NULL;
}

static fa_status
add_feature(fa_rcard *c, size_t cap, const char *name, const char *level, fa_error *err)
{
    fa_buf b = FA_BUF_INIT;

    if (c->n_features >= cap)
        return fa_error_set(err, FA_ESCHEMA, "%s: the encoder has more features than n_inputs",
                            c->path);
    fa_buf_puts(&b, name);
    if (level != NULL) {
        fa_buf_putc(&b, '=');
        fa_buf_puts(&b, level);
    }
    if (b.oom)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    c->features[c->n_features++] = fa_buf_detach(&b, NULL);
    return FA_OK;
}

/* Feature names in encoder order: numeric "x", categorical "c=level" per
 * level, then "c=(other)" when other_levels exist. */
static fa_status read_features(fa_rcard *c, const fa_json_node *enc, fa_error *err)
{
    const fa_json_node *cols = fa_json_member(enc, "columns");
    size_t i, j, cap;

    if (!fa_json_is(cols, FA_JSON_ARRAY) || isnan(c->n_inputs) || c->n_inputs < 1 ||
        c->n_inputs > 1e7)
        return FA_OK;
    cap = (size_t)c->n_inputs;
    c->features = fa_calloc(cap, sizeof *c->features);
    FA_CHECK_ALLOC(err, c->features);
    for (i = 0; i < fa_json_count(cols); i++) {
        const fa_json_node *col = fa_json_at(cols, i);
        const char *name = str_at(col, "name"), *type = str_at(col, "type");
        const fa_json_node *levels = fa_json_member(col, "levels");
        if (name == NULL || type == NULL)
            return fa_json_error_at(err, col, FA_ESCHEMA,
                                    "an encoder column needs a name and a type");
        if (strcmp(type, "categorical") == 0 && fa_json_is(levels, FA_JSON_ARRAY)) {
            for (j = 0; j < fa_json_count(levels); j++) {
                const char *lv = fa_json_string(fa_json_at(levels, j));
                FA_TRY(add_feature(c, cap, name, lv ? lv : "?", err));
            }
            if (fa_json_member(col, "other_levels") != NULL)
                FA_TRY(add_feature(c, cap, name, "(other)", err));
        } else {
            FA_TRY(add_feature(c, cap, name, NULL, err));
        }
    }
    return FA_OK;
}

static fa_status read_coefficients(fa_rcard *c, const fa_json_node *lr, fa_error *err)
{
    const fa_json_node *coef = fa_json_member(lr, "coef");
    size_t i, j, n;

    c->intercept = num_at(lr, "intercept");
    if (!fa_json_is(coef, FA_JSON_ARRAY) || fa_json_count(coef) != c->n_features ||
        c->n_features == 0)
        return FA_OK; /* no feature names to pair them with: no table */
    n = c->n_features;
    c->coef = fa_reallocarray(NULL, n, sizeof *c->coef);
    c->order = fa_reallocarray(NULL, n, sizeof *c->order);
    FA_CHECK_ALLOC(err, c->coef);
    FA_CHECK_ALLOC(err, c->order);
    for (i = 0; i < n; i++) {
        c->coef[i] = fa_json_number(fa_json_at(coef, i));
        c->order[i] = i;
    }
    /* insertion sort by decreasing |coef|, ties by feature order: stable and
     * free of global state (models have at most a few thousand features) */
    for (i = 1; i < n; i++) {
        size_t v = c->order[i];
        for (j = i; j > 0 && fabs(c->coef[c->order[j - 1]]) < fabs(c->coef[v]); j--)
            c->order[j] = c->order[j - 1];
        c->order[j] = v;
    }
    return FA_OK;
}

fa_status fa_rcard_load(fa_rcard **out, const char *path, fa_error *err)
{
    fa_rcard *c;
    fa_status rc;
    const fa_json_node *root, *label, *training, *spec, *mlp;
    const char *text;
    size_t len = 0, i;
    fa_sha256 sha;

    *out = NULL;
    c = fa_calloc(1, sizeof *c);
    FA_CHECK_ALLOC(err, c);
    c->intercept = fa_nan();
    rc = fa_json_doc_load(&c->json, path, err);
    if (rc != FA_OK) {
        fa_free(c);
        return rc;
    }
    c->path = fa_json_doc_name(c->json);
    text = fa_json_doc_text(c->json, &len);
    fa_sha256_init(&sha);
    fa_sha256_update(&sha, text, len);
    fa_sha256_final_hex(&sha, c->fingerprint);
    root = fa_json_doc_root(c->json);
    if (!fa_json_is(root, FA_JSON_OBJECT) || str_at(root, "format") == NULL ||
        strcmp(str_at(root, "format"), "fairaudit-model") != 0) {
        rc = fa_json_error_at(err, root, FA_EFORMAT, "not a fairaudit model file");
        goto fail;
    }
    c->kind = str_at(root, "kind");
    c->created_by = str_at(root, "created_by");
    c->threshold = num_at(root, "threshold");
    c->n_inputs = num_at(root, "n_inputs");
    if ((label = obj_at(root, "label")) != NULL) {
        c->label_column = str_at(label, "column");
        c->label_positive = str_at(label, "positive");
    }
    if ((training = obj_at(root, "training")) != NULL) {
        const fa_json_node *seed = fa_json_member(training, "seed");
        if ((spec = obj_at(training, "spec")) != NULL) {
            c->spec_name = str_at(spec, "name");
            c->spec_fingerprint = str_at(spec, "fingerprint");
        }
        c->data_fingerprint = str_at(training, "data_fingerprint");
        c->data_rows = num_at(training, "data_rows");
        if (fa_json_is(seed, FA_JSON_NUMBER)) {
            size_t sl = 0;
            const char *st = fa_json_number_text(seed, &sl);
            c->seed = fa_strndup(st, sl);
            if (c->seed == NULL) {
                rc = fa_error_set(err, FA_ENOMEM, "out of memory");
                goto fail;
            }
        }
        c->options = obj_at(training, "options");
        c->result = obj_at(training, "result");
        c->mitigation = obj_at(training, "mitigation");
    } else {
        c->data_rows = fa_nan();
    }
    if ((rc = read_features(c, fa_json_member(root, "encoder"), err)) != FA_OK)
        goto fail;
    if (c->kind != NULL && strcmp(c->kind, "logreg") == 0) {
        if ((rc = read_coefficients(c, obj_at(root, "logreg"), err)) != FA_OK)
            goto fail;
    }
    if ((mlp = obj_at(root, "mlp")) != NULL) {
        const fa_json_node *layers = fa_json_member(mlp, "layers");
        for (i = 0; fa_json_is(layers, FA_JSON_ARRAY) && i + 1 < fa_json_count(layers) &&
                    c->n_hidden_layers < sizeof c->hidden_units / sizeof c->hidden_units[0];
             i++) {
            double u = num_at(fa_json_at(layers, i), "units");
            c->hidden_units[c->n_hidden_layers++] = isnan(u) || u < 0 ? 0 : (size_t)u;
        }
    }
    *out = c;
    return FA_OK;
fail:
    fa_rcard_free(c);
    return rc;
}

void fa_rcard_free(fa_rcard *c)
{
    size_t i;

    if (c == NULL)
        return;
    for (i = 0; i < c->n_features; i++)
        fa_free(c->features[i]);
    fa_free(c->features);
    fa_free(c->coef);
    fa_free(c->order);
    fa_free(c->seed);
    fa_json_doc_free(c->json);
    fa_free(c);
}

/* ---- caveats ------------------------------------------------------------------------- */

/* The audit document's data fingerprint without its "sha256:" prefix. */
static const char *audit_data_hex(const fa_rdoc *d)
{
    const char *fp = d->input_fingerprint;

    if (fp == NULL)
        return NULL;
    return strncmp(fp, "sha256:", 7) == 0 ? fp + 7 : fp;
}

static size_t caveats(const fa_rctx *ctx, char out[][CAVEAT_MAX], size_t max)
{
    const fa_rcard *c = ctx->card;
    const fa_rdoc *d = ctx->d;
    const char *hex = audit_data_hex(d);
    size_t n = 0;
    const fa_json_node *conv = c->result ? fa_json_member(c->result, "converged") : NULL;

    if (n < max && hex != NULL && c->data_fingerprint != NULL &&
        strcmp(hex, c->data_fingerprint) == 0)
        snprintf(out[n++], CAVEAT_MAX,
                 "The audit was run on the training data itself (same SHA-256): performance and "
                 "error-rate figures are in-sample and likely optimistic; audit held-out data "
                 "before relying on them.");
    if (n < max)
        snprintf(out[n++], CAVEAT_MAX,
                 "Protected attributes are not model inputs (fairaudit never encodes them), but "
                 "other features can act as proxies for them; the disparities above are the "
                 "evidence of that.");
    if (n < max && fa_json_is(conv, FA_JSON_BOOL) && !fa_json_bool(conv))
        snprintf(out[n++], CAVEAT_MAX,
                 "The optimiser did not report convergence; the model may be under-fitted.");
    if (n < max && !isnan(c->threshold) && !isnan(d->threshold) &&
        c->threshold != d->threshold) { /* both read exactly from their files */
        char a[FA_RFMT_MAX], b[FA_RFMT_MAX];
        (void)fa_format_double(a, sizeof a, d->threshold);
        (void)fa_format_double(b, sizeof b, c->threshold);
        snprintf(out[n++], CAVEAT_MAX,
                 "The audit used a decision threshold of %s, not the model's own %s.", a, b);
    }
    if (n < max && c->mitigation == NULL)
        snprintf(out[n++], CAVEAT_MAX, "No bias mitigation was applied in training.");
    if (n < max && c->kind != NULL && strcmp(c->kind, "mlp") == 0)
        snprintf(out[n++], CAVEAT_MAX,
                 "The network's weights do not explain individual features, and the model file "
                 "holds no permutation importances; explain decisions with a separate analysis.");
    if (n < max && c->kind != NULL && strcmp(c->kind, "logreg") == 0)
        snprintf(out[n++], CAVEAT_MAX,
                 "Coefficients are on standardised numeric features and one-hot categories; "
                 "they show association with the score, not causal effects.");
    return n;
}

/* ---- the section ---------------------------------------------------------------------- */

static void kv(fa_rctx *ctx, const char *key, const char *val)
{
    fa_rc_kv(ctx, key, val);
}

static void kv_num(fa_rctx *ctx, const char *key, double v)
{
    char buf[FA_RFMT_MAX];

    if (isnan(v))
        return;
    (void)fa_format_double(buf, sizeof buf, v);
    fa_rc_kv(ctx, key, buf);
}

/* Scalar members of obj as rows "prefix key | value". */
static void kv_scalars(fa_rctx *ctx, const fa_json_node *obj, const char *prefix)
{
    size_t i;
    char key[FA_ERROR_NAME_MAX * 2], val[FA_RFMT_MAX * 2];

    for (i = 0; obj != NULL && i < fa_json_count(obj); i++) {
        const fa_json_node *v = fa_json_at(obj, i);
        size_t len = 0;
        const char *t;
        snprintf(key, sizeof key, "%s%s", prefix, fa_json_key(v));
        switch (fa_json_type_of(v)) {
        case FA_JSON_NUMBER:
            t = fa_json_number_text(v, &len);
            snprintf(val, sizeof val, "%.*s", (int)len, t);
            break;
        case FA_JSON_STRING:
            snprintf(val, sizeof val, "%s", fa_json_string(v));
            break;
        case FA_JSON_BOOL:
            snprintf(val, sizeof val, "%s", fa_json_bool(v) ? "yes" : "no");
            break;
        default:
            continue;
        }
        fa_rc_kv(ctx, key, val);
    }
}

static void table_begin(fa_rctx *ctx, const char *a, const char *b)
{
    fa_rb_table(ctx->rb, NULL);
    fa_rb_row(ctx->rb, true);
    fa_rb_cell(ctx->rb, FA_RC_NONE, a);
    fa_rb_cell(ctx->rb, FA_RC_NONE, b);
}

void fa_rc_model_card_from_model(fa_rctx *ctx)
{
    const fa_rcard *c = ctx->card;
    const fa_rdoc *d = ctx->d;
    fa_rb *rb = ctx->rb;
    char buf[FA_ERROR_MSG_MAX], cav[MAX_CAVEATS][CAVEAT_MAX];
    size_t i, n;

    fa_rb_section(rb, "model-card", true);
    fa_rb_h(rb, 2, "model-card", "Model card");
    fa_rb_h(rb, 3, NULL, "Model");
    table_begin(ctx, "Item", "Value");
    kv(ctx, "Model file", c->path);
    snprintf(buf, sizeof buf, "sha256:%s", c->fingerprint);
    kv(ctx, "Model fingerprint", buf);
    kv(ctx, "Kind",
       c->kind && strcmp(c->kind, "logreg") == 0 ? "logistic regression"
       : c->kind && strcmp(c->kind, "mlp") == 0  ? "multilayer perceptron"
                                                 : c->kind);
    kv(ctx, "Written by", c->created_by);
    if (c->label_column != NULL) {
        snprintf(buf, sizeof buf, "%s = %s", c->label_column,
                 c->label_positive ? c->label_positive : "1");
        kv(ctx, "Predicts", buf);
    }
    kv_num(ctx, "Decision threshold", c->threshold);
    if (c->n_hidden_layers > 0) {
        fa_buf b = FA_BUF_INIT;
        for (i = 0; i < c->n_hidden_layers; i++)
            fa_buf_printf(&b, "%s%zu", i ? " and " : "", c->hidden_units[i]);
        fa_buf_puts(&b, " ReLU units, sigmoid output");
        if (b.oom)
            rb->oom = true;
        else
            kv(ctx, "Hidden layers", b.ptr);
        fa_buf_dispose(&b);
    }
    fa_rb_table_end(rb);

    fa_rb_h(rb, 3, NULL, "Intended use");
    fa_rb_para(rb, ctx->intended_use ? ctx->intended_use
                                     : "Not stated (give it with --intended-use when rendering "
                                       "the report).");

    fa_rb_h(rb, 3, NULL, "Training data");
    table_begin(ctx, "Item", "Value");
    kv(ctx, "Dataset spec", c->spec_name);
    kv(ctx, "Spec fingerprint", c->spec_fingerprint);
    kv(ctx, "Training data fingerprint", c->data_fingerprint);
    if (!isnan(c->data_rows)) {
        fa_rfmt_count(buf, sizeof buf, c->data_rows);
        kv(ctx, "Training rows", buf);
    }
    if (c->kind != NULL && strcmp(c->kind, "mlp") == 0)
        kv(ctx, "Seed", c->seed);
    kv_scalars(ctx, c->options, "option ");
    kv_scalars(ctx, c->result, "result ");
    fa_rb_table_end(rb);

    fa_rb_h(rb, 3, NULL, "Features");
    fa_rb_op(rb, FA_ROP_P_BEGIN, 0, NULL, NULL);
    fa_rb_textf(rb, "%zu encoded feature%s", c->n_features, c->n_features == 1 ? "" : "s");
    if (c->n_features > 0)
        fa_rb_text(rb, ": ");
    for (i = 0; i < c->n_features; i++) {
        fa_rb_text(rb, c->features[i]);
        fa_rb_text(rb, i + 1 < c->n_features ? ", " : ".");
    }
    fa_rb_op(rb, FA_ROP_P_END, 0, NULL, NULL);

    if (c->coef != NULL) {
        n = c->n_features < FA_RCARD_TOP_COEFFICIENTS ? c->n_features : FA_RCARD_TOP_COEFFICIENTS;
        fa_rb_h(rb, 3, NULL, "Largest coefficients");
        fa_rb_para(rb, "The features with the largest coefficients in absolute value: change "
                       "in the log-odds of the predicted label per standard deviation of a "
                       "numeric feature, or when a category's one-hot indicator is 1.");
        table_begin(ctx, "Feature", "Coefficient");
        for (i = 0; i < n; i++) {
            fa_rb_row(rb, false);
            fa_rb_cell(rb, FA_RC_NONE, c->features[c->order[i]]);
            fa_rfmt_num(buf, sizeof buf, c->coef[c->order[i]], FA_RC_DECIMALS);
            fa_rb_cell(rb, FA_RC_NUM, buf);
        }
        fa_rb_row(rb, false);
        fa_rb_op(rb, FA_ROP_CELL_BEGIN, FA_RC_MUTED, NULL, NULL);
        fa_rb_styled(rb, FA_RS_EM, "intercept");
        fa_rb_op(rb, FA_ROP_CELL_END, 0, NULL, NULL);
        fa_rfmt_num(buf, sizeof buf, c->intercept, FA_RC_DECIMALS);
        fa_rb_cell(rb, FA_RC_NUM, buf);
        fa_rb_table_end(rb);
    }

    fa_rb_h(rb, 3, NULL, "Performance and fairness by group");
    if (d->has_overall) {
        table_begin(ctx, "Overall (this audit)", "Value");
        for (i = 0; i < FA_RM_COUNT; i++) {
            static const int shown[] = {FA_RM_ACCURACY, FA_RM_AUC, FA_RM_BRIER, FA_RM_LOG_LOSS,
                                        FA_RM_SELECTION_RATE};
            size_t k, nd;
            const fa_rmetric_def *defs = fa_rcatalog(FA_RLEVEL_GROUP, &nd);
            for (k = 0; k < sizeof shown / sizeof shown[0]; k++) {
                if ((size_t)shown[k] != i || !d->overall.metrics[i].present)
                    continue;
                fa_rb_row(rb, false);
                fa_rb_cell(rb, FA_RC_NONE, defs[i].label);
                fa_rc_val_cell(ctx, &d->overall.metrics[i], FA_RC_DECIMALS);
            }
        }
        fa_rb_table_end(rb);
    }
    fa_rb_para(rb, "By group: see Outcome disparities, Error-rate parity and Calibration by "
                   "group above.");

    fa_rb_h(rb, 3, NULL, "Mitigation applied");
    if (c->mitigation != NULL) {
        const char *method = str_at(c->mitigation, "method");
        table_begin(ctx, "Item", "Value");
        kv(ctx, "Method", method ? method : "(not named)");
        kv_scalars(ctx, obj_at(c->mitigation, "parameters"), "");
        fa_rb_table_end(rb);
    } else {
        fa_rb_para(rb, "None.");
    }

    fa_rb_h(rb, 3, NULL, "Caveats");
    n = caveats(ctx, cav, MAX_CAVEATS);
    fa_rb_op(rb, FA_ROP_LIST_BEGIN, 0, NULL, NULL);
    for (i = 0; i < n; i++) {
        fa_rb_op(rb, FA_ROP_ITEM_BEGIN, 0, NULL, NULL);
        fa_rb_text(rb, cav[i]);
        fa_rb_op(rb, FA_ROP_ITEM_END, 0, NULL, NULL);
    }
    fa_rb_op(rb, FA_ROP_LIST_END, 0, NULL, NULL);
    fa_rb_section_end(rb);
}

/* ---- model_card.json ----------------------------------------------------------------- */

static void jw_str_or_null(fa_jw *w, const char *key, const char *s)
{
    fa_jw_key(w, key);
    if (s != NULL)
        fa_jw_string(w, s);
    else
        fa_jw_null(w);
}

static void jw_val(fa_jw *w, const char *key, const fa_rval *v)
{
    fa_jw_key(w, key);
    if (fa_rval_defined(v))
        fa_jw_number(w, v->v);
    else
        fa_jw_null(w);
}

fa_status fa_rcard_write_json(const fa_rctx *ctx, const char *path, fa_error *err)
{
    const fa_rcard *c = ctx->card;
    const fa_rdoc *d = ctx->d;
    fa_buf out = FA_BUF_INIT;
    fa_jw w;
    char cav[MAX_CAVEATS][CAVEAT_MAX], fp[80];
    size_t i, j, n;
    fa_status rc;

    fa_jw_init(&w, &out, true);
    fa_jw_object_begin(&w);
    fa_jw_key(&w, "format");
    fa_jw_string(&w, "fairaudit-model-card");
    fa_jw_key(&w, "format_version");
    fa_jw_int(&w, 1);
    fa_jw_key(&w, "model");
    fa_jw_object_begin(&w);
    jw_str_or_null(&w, "path", c->path);
    snprintf(fp, sizeof fp, "sha256:%s", c->fingerprint);
    jw_str_or_null(&w, "fingerprint", fp);
    jw_str_or_null(&w, "kind", c->kind);
    jw_str_or_null(&w, "created_by", c->created_by);
    fa_jw_key(&w, "threshold");
    fa_jw_number(&w, c->threshold);
    fa_jw_key(&w, "label");
    fa_jw_object_begin(&w);
    jw_str_or_null(&w, "column", c->label_column);
    jw_str_or_null(&w, "positive", c->label_positive);
    fa_jw_object_end(&w);
    fa_jw_object_end(&w);
    jw_str_or_null(&w, "intended_use", ctx->intended_use);
    fa_jw_key(&w, "data");
    fa_jw_object_begin(&w);
    jw_str_or_null(&w, "spec", c->spec_name);
    jw_str_or_null(&w, "spec_fingerprint", c->spec_fingerprint);
    jw_str_or_null(&w, "training_data_fingerprint", c->data_fingerprint);
    fa_jw_key(&w, "training_rows");
    fa_jw_number(&w, c->data_rows);
    jw_str_or_null(&w, "audited_data", d->input_path);
    jw_str_or_null(&w, "audited_data_fingerprint", d->input_fingerprint);
    fa_jw_object_end(&w);
    fa_jw_key(&w, "features");
    fa_jw_array_begin(&w);
    for (i = 0; i < c->n_features; i++)
        fa_jw_string(&w, c->features[i]);
    fa_jw_array_end(&w);
    fa_jw_key(&w, "top_coefficients");
    if (c->coef != NULL) {
        n = c->n_features < FA_RCARD_TOP_COEFFICIENTS ? c->n_features : FA_RCARD_TOP_COEFFICIENTS;
        fa_jw_array_begin(&w);
        for (i = 0; i < n; i++) {
            fa_jw_object_begin(&w);
            fa_jw_key(&w, "feature");
            fa_jw_string(&w, c->features[c->order[i]]);
            fa_jw_key(&w, "weight");
            fa_jw_number(&w, c->coef[c->order[i]]);
            fa_jw_object_end(&w);
        }
        fa_jw_array_end(&w);
    } else {
        fa_jw_null(&w);
    }
    fa_jw_key(&w, "performance");
    fa_jw_object_begin(&w);
    jw_val(&w, "accuracy", &d->overall.metrics[FA_RM_ACCURACY]);
    jw_val(&w, "auc", &d->overall.metrics[FA_RM_AUC]);
    jw_val(&w, "brier", &d->overall.metrics[FA_RM_BRIER]);
    jw_val(&w, "log_loss", &d->overall.metrics[FA_RM_LOG_LOSS]);
    fa_jw_object_end(&w);
    /* fairness by group: the audit's own figures, copied */
    fa_jw_key(&w, "fairness");
    fa_jw_array_begin(&w);
    for (i = 0; i < d->n_attrs; i++) {
        const fa_rattr *a = &d->attrs[i];
        fa_jw_object_begin(&w);
        fa_jw_key(&w, "attribute");
        fa_jw_string(&w, a->name);
        jw_str_or_null(&w, "reference", a->reference);
        jw_val(&w, "demographic_parity_difference", &a->disp[FA_RD_DP_DIFF]);
        jw_val(&w, "equalized_odds_difference", &a->disp[FA_RD_EO_DIFF]);
        jw_val(&w, "calibration_gap", &a->disp[FA_RD_CAL_GAP]);
        fa_jw_key(&w, "groups");
        fa_jw_array_begin(&w);
        for (j = 0; j < a->n_groups; j++) {
            const fa_rgroup *g = &a->groups[j];
            fa_jw_object_begin(&w);
            fa_jw_key(&w, "value");
            fa_jw_string(&w, g->value);
            fa_jw_key(&w, "n");
            fa_jw_number(&w, g->n);
            jw_val(&w, "selection_rate", &g->metrics[FA_RM_SELECTION_RATE]);
            jw_val(&w, "tpr", &g->metrics[FA_RM_TPR]);
            jw_val(&w, "fpr", &g->metrics[FA_RM_FPR]);
            jw_val(&w, "accuracy", &g->metrics[FA_RM_ACCURACY]);
            jw_val(&w, "auc", &g->metrics[FA_RM_AUC]);
            jw_val(&w, "adverse_impact_ratio", &g->vs[FA_RV_AIR]);
            fa_jw_object_end(&w);
        }
        fa_jw_array_end(&w);
        fa_jw_object_end(&w);
    }
    fa_jw_array_end(&w);
    fa_jw_key(&w, "mitigation");
    if (c->mitigation != NULL)
        fa_json_write_node(&w, c->mitigation);
    else
        fa_jw_null(&w);
    fa_jw_key(&w, "caveats");
    fa_jw_array_begin(&w);
    n = caveats(ctx, cav, MAX_CAVEATS);
    for (i = 0; i < n; i++)
        fa_jw_string(&w, cav[i]);
    fa_jw_array_end(&w);
    fa_jw_object_end(&w);
    fa_buf_putc(&out, '\n');
    if (out.oom) {
        fa_buf_dispose(&out);
        FA_FAIL(err, FA_ENOMEM, "out of memory writing the model card");
    }
    rc = fa_write_file_atomic(path, out.ptr, out.len, err);
    fa_buf_dispose(&out);
    return rc;
}
