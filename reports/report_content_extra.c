/*
 * report_content_extra.c — the report's closing sections: policy verdicts
 * (the audit's `gate`), mitigation and trade-offs (a baseline audit and/or
 * the audit's `mitigation`), the model card (`model_card`), definitions of
 * every metric shown, and limitations.
 *
 * `model_card` and `mitigation` are rendered from their JSON: known keys get
 * dedicated tables (docs/format/report.md lists them), any other scalar or
 * list of scalars is shown as a labelled row, so sections written by newer
 * engines still appear.
 */
#include <stdio.h>
#include <string.h>

#include "model_card.h"
#include "report_content.h"

#define SETTINGS_MAX_DEPTH 2

/* ---- policy verdicts -------------------------------------------------------------------- */

static void bound_text(char *buf, size_t n, double lo, double hi)
{
    char a[FA_RFMT_MAX], b[FA_RFMT_MAX];

    fa_rfmt_num(a, sizeof a, lo, 4);
    fa_rfmt_num(b, sizeof b, hi, 4);
    if (!isnan(lo) && !isnan(hi))
        snprintf(buf, n, "within [%s, %s]", a, b);
    else if (!isnan(lo))
        snprintf(buf, n, ">= %s", a);
    else if (!isnan(hi))
        snprintf(buf, n, "<= %s", b);
    else
        snprintf(buf, n, "%s", FA_RFMT_DASH);
}

void fa_rc_policy(fa_rctx *ctx)
{
    const fa_rgate *g = &ctx->d->gate;
    fa_rb *rb = ctx->rb;
    char buf[FA_RFMT_MAX * 3];
    size_t i;

    fa_rb_section(rb, "policy", true);
    fa_rb_h(rb, 2, "policy", "Policy verdicts");
    if (!g->present) {
        fa_rb_para(rb, "No fairness policy was evaluated for this audit. To add verdicts, run "
                       "the audit with --policy, or gate the existing audit with fairaudit "
                       "gate, and render the report again.");
        fa_rb_section_end(rb);
        return;
    }
    fa_rb_op(rb, FA_ROP_NOTE_BEGIN, g->passed ? FA_RC_PASS : FA_RC_FAIL, NULL, NULL);
    fa_rb_styled(rb, FA_RS_STRONG, g->passed ? "Passed: " : "Failed: ");
    fa_rb_text(rb, g->passed ? "no rule of the policy failed."
                             : "at least one rule of severity \"fail\" was violated.");
    fa_rb_op(rb, FA_ROP_NOTE_END, 0, NULL, NULL);
    if (g->policy_name || g->policy_path || g->policy_fingerprint || g->baseline) {
        fa_rb_table(rb, NULL);
        fa_rb_row(rb, true);
        fa_rb_cell(rb, FA_RC_NONE, "Item");
        fa_rb_cell(rb, FA_RC_NONE, "Value");
        fa_rc_kv(ctx, "Policy", g->policy_name);
        fa_rc_kv(ctx, "Policy file", g->policy_path);
        fa_rc_kv(ctx, "Policy fingerprint", g->policy_fingerprint);
        fa_rc_kv(ctx, "Compared with baseline", g->baseline);
        fa_rb_table_end(rb);
    }
    fa_rb_para(rb, "One row per check: a rule applied to an attribute (and, for per-group "
                   "metrics, a group). A check is inconclusive when the group is too small or "
                   "the confidence interval straddles the bound; the policy decides whether "
                   "that passes, warns or fails.");
    fa_rb_table(rb, NULL);
    fa_rb_row(rb, true);
    fa_rb_cell(rb, FA_RC_NONE, "Rule");
    fa_rb_cell(rb, FA_RC_NONE, "Attribute");
    fa_rb_cell(rb, FA_RC_NONE, "Group");
    fa_rb_cell(rb, FA_RC_NONE, "Metric");
    fa_rb_cell(rb, FA_RC_NONE, "Value [CI]");
    fa_rb_cell(rb, FA_RC_NONE, "Bound");
    fa_rb_cell(rb, FA_RC_NONE, "Verdict");
    fa_rb_cell(rb, FA_RC_NONE, "Reason");
    for (i = 0; i < g->n_entries; i++) {
        const fa_rgate_entry *e = &g->entries[i];
        const char *verdict = e->verdict ? e->verdict : e->outcome;
        fa_rb_row(rb, false);
        fa_rb_cell(rb, FA_RC_NONE, e->rule ? e->rule : "");
        fa_rb_cell(rb, FA_RC_NONE, e->attribute ? e->attribute : "");
        fa_rb_cell(rb, e->group ? FA_RC_NONE : FA_RC_MUTED, e->group ? e->group : "(all groups)");
        fa_rb_cell(rb, FA_RC_NONE, e->metric ? e->metric : "");
        {
            fa_rval v = {true, e->value, e->lo, e->hi, NULL, NULL};
            fa_rc_val_cell(ctx, &v, FA_RC_DECIMALS);
        }
        bound_text(buf, sizeof buf, e->min, e->max);
        fa_rb_cell(rb, FA_RC_NUM, buf);
        if (verdict != NULL && e->outcome != NULL && e->verdict != NULL &&
            strcmp(e->verdict, e->outcome) != 0) {
            snprintf(buf, sizeof buf, "%s (%s)", e->verdict, e->outcome);
            fa_rb_cell(rb, fa_rc_verdict_class(e->outcome), buf);
        } else {
            fa_rb_cell(rb, fa_rc_verdict_class(verdict), verdict ? verdict : "");
        }
        fa_rb_cell(rb, FA_RC_NONE, e->reason ? e->reason : "");
    }
    fa_rb_table_end(rb);
    if (g->n_messages > 0) {
        fa_rb_op(rb, FA_ROP_LIST_BEGIN, 0, NULL, NULL);
        for (i = 0; i < g->n_messages; i++) {
            fa_rb_op(rb, FA_ROP_ITEM_BEGIN, 0, NULL, NULL);
            fa_rb_text(rb, g->messages[i]);
            fa_rb_op(rb, FA_ROP_ITEM_END, 0, NULL, NULL);
        }
        fa_rb_op(rb, FA_ROP_LIST_END, 0, NULL, NULL);
    }
    fa_rb_section_end(rb);
}

/* ---- generic JSON rendering (model card, mitigation settings) ------------------------------ */

/* Scalar text of a JSON value; false for arrays/objects. */
static bool scalar_text(const fa_json_node *n, char *buf, size_t len)
{
    size_t nl = 0;
    const char *t;

    switch (fa_json_type_of(n)) {
    case FA_JSON_STRING:
        snprintf(buf, len, "%s", fa_json_string(n));
        return true;
    case FA_JSON_NUMBER:
        t = fa_json_number_text(n, &nl);
        snprintf(buf, len, "%.*s", (int)nl, t);
        return true;
    case FA_JSON_BOOL:
        snprintf(buf, len, "%s", fa_json_bool(n) ? "yes" : "no");
        return true;
    case FA_JSON_NULL:
        snprintf(buf, len, "%s", FA_RFMT_DASH);
        return true;
    default:
        return false;
    }
}

/* "intended_use" -> "Intended use" */
static void key_label(const char *key, char *buf, size_t n)
{
    size_t i, n_defs;
    const fa_rmetric_def *defs = fa_rcatalog(FA_RLEVEL_GROUP, &n_defs);

    for (i = 0; i < n_defs; i++) {
        if (strcmp(key, defs[i].key) == 0) {
            snprintf(buf, n, "%s", defs[i].label);
            return;
        }
    }
    snprintf(buf, n, "%s", key);
    for (i = 0; buf[i] != '\0'; i++)
        if (buf[i] == '_')
            buf[i] = ' ';
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
}

/* Rows "key | value" for every scalar (or list of scalars) member of obj,
 * nested objects flattened as "parent / key" up to SETTINGS_MAX_DEPTH. */
static void kv_rows(fa_rctx *ctx, const fa_json_node *obj, const char *prefix, int depth)
{
    size_t i, j;
    char label[FA_ERROR_NAME_MAX * 2], full[FA_ERROR_NAME_MAX * 4], val[FA_ERROR_MSG_MAX];

    for (i = 0; i < fa_json_count(obj); i++) {
        const fa_json_node *v = fa_json_at(obj, i);
        key_label(fa_json_key(v), label, sizeof label);
        snprintf(full, sizeof full, "%s%s%s", prefix ? prefix : "", prefix ? " / " : "", label);
        if (scalar_text(v, val, sizeof val)) {
            fa_rc_kv(ctx, full, val);
        } else if (fa_json_is(v, FA_JSON_ARRAY)) {
            fa_buf list = FA_BUF_INIT;
            for (j = 0; j < fa_json_count(v); j++) {
                if (!scalar_text(fa_json_at(v, j), val, sizeof val))
                    snprintf(val, sizeof val, "(…)");
                fa_buf_printf(&list, "%s%s", j ? ", " : "", val);
            }
            if (list.oom)
                ctx->rb->oom = true;
            else
                fa_rc_kv(ctx, full, list.ptr ? list.ptr : "");
            fa_buf_dispose(&list);
        } else if (fa_json_is(v, FA_JSON_OBJECT) && depth < SETTINGS_MAX_DEPTH) {
            kv_rows(ctx, v, full, depth + 1);
        }
    }
}

static void kv_table(fa_rctx *ctx, const fa_json_node *obj, const char *caption)
{
    fa_rb_table(ctx->rb, caption);
    fa_rb_row(ctx->rb, true);
    fa_rb_cell(ctx->rb, FA_RC_NONE, "Item");
    fa_rb_cell(ctx->rb, FA_RC_NONE, "Value");
    kv_rows(ctx, obj, NULL, 0);
    fa_rb_table_end(ctx->rb);
}

/* A table from an array of objects, with the given columns (key, header). */
static void object_table(fa_rctx *ctx,
                         const fa_json_node *arr,
                         const char *const *keys,
                         const char *const *headers,
                         size_t n_cols,
                         const char *caption)
{
    size_t i, k;
    char val[FA_ERROR_MSG_MAX];

    fa_rb_table(ctx->rb, caption);
    fa_rb_row(ctx->rb, true);
    for (k = 0; k < n_cols; k++)
        fa_rb_cell(ctx->rb, FA_RC_NONE, headers[k]);
    for (i = 0; i < fa_json_count(arr); i++) {
        const fa_json_node *e = fa_json_at(arr, i);
        if (!fa_json_is(e, FA_JSON_OBJECT))
            continue;
        fa_rb_row(ctx->rb, false);
        for (k = 0; k < n_cols; k++) {
            const fa_json_node *v = fa_json_member(e, keys[k]);
            if (v != NULL && fa_json_is(v, FA_JSON_NUMBER)) {
                fa_rfmt_num(val, sizeof val, fa_json_number(v), FA_RC_DECIMALS);
                fa_rb_cell(ctx->rb, FA_RC_NUM, val);
            } else if (v != NULL && scalar_text(v, val, sizeof val)) {
                fa_rb_cell(ctx->rb, FA_RC_NONE, val);
            } else {
                fa_rb_cell(ctx->rb, FA_RC_MUTED, FA_RFMT_DASH);
            }
        }
    }
    fa_rb_table_end(ctx->rb);
}

static void string_list(fa_rctx *ctx, const fa_json_node *arr)
{
    size_t i;
    char val[FA_ERROR_MSG_MAX];

    fa_rb_op(ctx->rb, FA_ROP_LIST_BEGIN, 0, NULL, NULL);
    for (i = 0; i < fa_json_count(arr); i++) {
        if (!scalar_text(fa_json_at(arr, i), val, sizeof val))
            continue;
        fa_rb_op(ctx->rb, FA_ROP_ITEM_BEGIN, 0, NULL, NULL);
        fa_rb_text(ctx->rb, val);
        fa_rb_op(ctx->rb, FA_ROP_ITEM_END, 0, NULL, NULL);
    }
    fa_rb_op(ctx->rb, FA_ROP_LIST_END, 0, NULL, NULL);
}

/* ---- mitigation -------------------------------------------------------------------------------
 */

static void before_after_table(fa_rctx *ctx, const fa_rattr *a, const fa_rattr *b)
{
    size_t k, n_defs;
    const fa_rmetric_def *defs = fa_rcatalog(FA_RLEVEL_DISPARITY, &n_defs);
    char x[FA_RFMT_MAX], y[FA_RFMT_MAX], z[FA_RFMT_MAX];

    fa_rb_table(ctx->rb, NULL);
    fa_rb_row(ctx->rb, true);
    fa_rb_cell(ctx->rb, FA_RC_NONE, "Measure");
    fa_rb_cell(ctx->rb, FA_RC_NONE, "Before (baseline)");
    fa_rb_cell(ctx->rb, FA_RC_NONE, "After (this audit)");
    fa_rb_cell(ctx->rb, FA_RC_NONE, "Change");
    for (k = 0; k < n_defs; k++) {
        const fa_rval *va = &a->disp[k], *vb = &b->disp[k];
        if (!va->present && !vb->present)
            continue;
        ctx->used_disp[k] = true;
        fa_rb_row(ctx->rb, false);
        fa_rb_cell(ctx->rb, FA_RC_NONE, defs[k].label);
        fa_rc_val_text(x, sizeof x, vb, FA_RC_DECIMALS);
        fa_rc_val_text(y, sizeof y, va, FA_RC_DECIMALS);
        fa_rb_cell(ctx->rb, fa_rval_defined(vb) ? FA_RC_NUM : FA_RC_MUTED, x);
        fa_rb_cell(ctx->rb, fa_rval_defined(va) ? FA_RC_NUM : FA_RC_MUTED, y);
        /* the change is display arithmetic on two reported values */
        fa_rfmt_num(z, sizeof z,
                    fa_rval_defined(va) && fa_rval_defined(vb) ? va->v - vb->v : fa_nan(),
                    FA_RC_DECIMALS);
        if (z[0] != '-' && strcmp(z, FA_RFMT_DASH) != 0)
            fa_rb_cellf(ctx->rb, FA_RC_NUM, "+%s", z);
        else
            fa_rb_cell(ctx->rb, FA_RC_NUM, z);
    }
    fa_rb_table_end(ctx->rb);
}

void fa_rc_mitigation(fa_rctx *ctx)
{
    const fa_rdoc *d = ctx->d, *base = ctx->base;
    const fa_json_node *m = d->mitigation;
    fa_rb *rb = ctx->rb;
    size_t ai;
    char x[FA_RFMT_MAX], y[FA_RFMT_MAX];

    if (m == NULL && base == NULL)
        return;
    fa_rb_section(rb, "mitigation", true);
    fa_rb_h(rb, 2, "mitigation", "Mitigation and trade-offs");
    if (m != NULL) {
        const char *method = fa_json_string(fa_json_member(m, "method"));
        const char *desc = fa_json_string(fa_json_member(m, "description"));
        const fa_json_node *settings = fa_json_member(m, "settings");
        const fa_json_node *fr = fa_json_member(m, "frontier");
        fa_rb_op(rb, FA_ROP_P_BEGIN, 0, NULL, NULL);
        fa_rb_text(rb, "Mitigation applied: ");
        fa_rb_styled(rb, FA_RS_STRONG, method ? method : "(method not stated)");
        fa_rb_text(rb, ".");
        if (desc != NULL) {
            fa_rb_text(rb, " ");
            fa_rb_text(rb, desc);
        }
        fa_rb_op(rb, FA_ROP_P_END, 0, NULL, NULL);
        if (fa_json_is(settings, FA_JSON_OBJECT) && fa_json_count(settings) > 0)
            kv_table(ctx, settings, "Settings");
        if (fa_json_is(fr, FA_JSON_ARRAY) && fa_json_count(fr) > 0) {
            static const char *const keys[] = {"label", "attribute", "metric", "disparity",
                                               "accuracy"};
            static const char *const heads[] = {"Candidate", "Attribute", "Disparity measure",
                                                "Disparity", "Accuracy"};
            object_table(ctx, fr, keys, heads, sizeof keys / sizeof keys[0],
                         "Mitigation candidates (accuracy-disparity frontier)");
        }
    }
    if (base != NULL) {
        fa_rb_op(rb, FA_ROP_P_BEGIN, 0, NULL, NULL);
        fa_rb_text(rb, "Compared with the baseline audit ");
        fa_rb_styled(rb, FA_RS_CODE, base->name);
        fa_rb_text(rb, " (before) ");
        if (d->has_overall && base->has_overall) {
            fa_rc_val_text(x, sizeof x, &base->overall.metrics[FA_RM_ACCURACY], FA_RC_DECIMALS);
            fa_rc_val_text(y, sizeof y, &d->overall.metrics[FA_RM_ACCURACY], FA_RC_DECIMALS);
            fa_rb_text(rb, "overall accuracy went from ");
            fa_rb_styled(rb, FA_RS_STRONG, x);
            fa_rb_text(rb, " to ");
            fa_rb_styled(rb, FA_RS_STRONG, y);
            fa_rc_val_text(x, sizeof x, &base->overall.metrics[FA_RM_AUC], FA_RC_DECIMALS);
            fa_rc_val_text(y, sizeof y, &d->overall.metrics[FA_RM_AUC], FA_RC_DECIMALS);
            fa_rb_text(rb, " and ROC AUC from ");
            fa_rb_text(rb, x);
            fa_rb_text(rb, " to ");
            fa_rb_text(rb, y);
            fa_rb_text(rb, ".");
        }
        fa_rb_op(rb, FA_ROP_P_END, 0, NULL, NULL);
    }
    for (ai = 0; ai < d->n_attrs; ai++) {
        const fa_rattr *a = &d->attrs[ai];
        const fa_rattr *b = base ? fa_rdoc_attr(base, a->name) : NULL;
        if (b == NULL && fa_charts_find(ctx->charts, FA_CH_FRONTIER, ai) == NULL)
            continue;
        fa_rc_attr_heading(ctx, 3, a);
        if (b != NULL)
            before_after_table(ctx, a, b);
        fa_rc_figure(ctx, FA_CH_BEFORE_AFTER, ai);
        fa_rc_figure(ctx, FA_CH_FRONTIER, ai);
    }
    fa_rb_section_end(rb);
}

/* ---- model card ------------------------------------------------------------------------------ */

static bool known_card_key(const char *k)
{
    static const char *const known[] = {"model",
                                        "intended_use",
                                        "data",
                                        "features",
                                        "top_coefficients",
                                        "coefficients",
                                        "permutation_importance",
                                        "permutation_importances",
                                        "performance",
                                        "mitigation",
                                        "caveats"};
    size_t i;

    for (i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(k, known[i]) == 0)
            return true;
    return false;
}

void fa_rc_model_card(fa_rctx *ctx)
{
    const fa_json_node *mc = ctx->d->model_card, *v;
    fa_rb *rb = ctx->rb;
    char val[FA_ERROR_MSG_MAX];
    size_t i;

    if (ctx->card != NULL) {
        fa_rc_model_card_from_model(ctx);
        return;
    }
    if (mc == NULL)
        return;
    fa_rb_section(rb, "model-card", true);
    fa_rb_h(rb, 2, "model-card", "Model card");
    if ((v = fa_json_member(mc, "model")) != NULL && fa_json_is(v, FA_JSON_OBJECT))
        kv_table(ctx, v, "Model");
    if ((v = fa_json_member(mc, "intended_use")) != NULL && scalar_text(v, val, sizeof val)) {
        fa_rb_h(rb, 3, NULL, "Intended use");
        fa_rb_para(rb, val);
    }
    if ((v = fa_json_member(mc, "data")) != NULL) {
        fa_rb_h(rb, 3, NULL, "Training data");
        if (fa_json_is(v, FA_JSON_OBJECT))
            kv_table(ctx, v, NULL);
        else if (scalar_text(v, val, sizeof val))
            fa_rb_para(rb, val);
    }
    if ((v = fa_json_member(mc, "features")) != NULL && fa_json_is(v, FA_JSON_ARRAY)) {
        fa_buf list = FA_BUF_INIT;
        fa_rb_h(rb, 3, NULL, "Features");
        for (i = 0; i < fa_json_count(v); i++)
            if (scalar_text(fa_json_at(v, i), val, sizeof val))
                fa_buf_printf(&list, "%s%s", i ? ", " : "", val);
        fa_rb_op(rb, FA_ROP_P_BEGIN, 0, NULL, NULL);
        fa_rb_textf(rb, "%zu feature%s: ", fa_json_count(v), fa_json_count(v) == 1 ? "" : "s");
        if (list.oom)
            rb->oom = true;
        fa_rb_text(rb, list.oom || list.ptr == NULL ? "" : list.ptr);
        fa_rb_op(rb, FA_ROP_P_END, 0, NULL, NULL);
        fa_buf_dispose(&list);
    }
    v = fa_json_member(mc, "top_coefficients");
    if (v == NULL)
        v = fa_json_member(mc, "coefficients");
    if (v != NULL && fa_json_is(v, FA_JSON_ARRAY)) {
        static const char *const keys[] = {"feature", "weight"};
        static const char *const heads[] = {"Feature", "Coefficient"};
        fa_rb_h(rb, 3, NULL, "Largest coefficients");
        object_table(ctx, v, keys, heads, 2, NULL);
    }
    v = fa_json_member(mc, "permutation_importance");
    if (v == NULL)
        v = fa_json_member(mc, "permutation_importances");
    if (v != NULL && fa_json_is(v, FA_JSON_ARRAY)) {
        static const char *const keys[] = {"feature", "importance", "std"};
        static const char *const heads[] = {"Feature", "Importance", "Std. dev."};
        fa_rb_h(rb, 3, NULL, "Permutation importances");
        object_table(ctx, v, keys, heads, 3, NULL);
    }
    if ((v = fa_json_member(mc, "performance")) != NULL && fa_json_is(v, FA_JSON_OBJECT)) {
        fa_rb_h(rb, 3, NULL, "Performance");
        kv_table(ctx, v, NULL);
        fa_rb_para(rb, "Performance and fairness by group are in the sections above.");
    }
    if ((v = fa_json_member(mc, "mitigation")) != NULL) {
        fa_rb_h(rb, 3, NULL, "Mitigation applied");
        if (fa_json_is(v, FA_JSON_OBJECT))
            kv_table(ctx, v, NULL);
        else if (scalar_text(v, val, sizeof val))
            fa_rb_para(rb, val);
    }
    if ((v = fa_json_member(mc, "caveats")) != NULL && fa_json_is(v, FA_JSON_ARRAY)) {
        fa_rb_h(rb, 3, NULL, "Caveats");
        string_list(ctx, v);
    }
    /* anything else the card carries */
    {
        bool any = false;
        for (i = 0; i < fa_json_count(mc); i++)
            any |= !known_card_key(fa_json_key(fa_json_at(mc, i)));
        if (any) {
            fa_rb_h(rb, 3, NULL, "Other details");
            fa_rb_table(rb, NULL);
            fa_rb_row(rb, true);
            fa_rb_cell(rb, FA_RC_NONE, "Item");
            fa_rb_cell(rb, FA_RC_NONE, "Value");
            for (i = 0; i < fa_json_count(mc); i++) {
                const fa_json_node *e = fa_json_at(mc, i);
                char label[FA_ERROR_NAME_MAX * 2];
                if (known_card_key(fa_json_key(e)))
                    continue;
                key_label(fa_json_key(e), label, sizeof label);
                if (scalar_text(e, val, sizeof val))
                    fa_rc_kv(ctx, label, val);
            }
            fa_rb_table_end(rb);
        }
    }
    fa_rb_section_end(rb);
}

/* ---- definitions ----------------------------------------------------------------------------- */

static void def_rows(fa_rctx *ctx, fa_rlevel level, const bool *used)
{
    size_t k, n;
    const fa_rmetric_def *defs = fa_rcatalog(level, &n);

    for (k = 0; k < n; k++) {
        if (!used[k])
            continue;
        fa_rb_row(ctx->rb, false);
        fa_rb_op(ctx->rb, FA_ROP_CELL_BEGIN, FA_RC_NONE, NULL, NULL);
        fa_rb_styled(ctx->rb, FA_RS_STRONG, defs[k].label);
        fa_rb_text(ctx->rb, " ");
        fa_rb_styled(ctx->rb, FA_RS_CODE, defs[k].key);
        fa_rb_op(ctx->rb, FA_ROP_CELL_END, 0, NULL, NULL);
        fa_rb_op(ctx->rb, FA_ROP_CELL_BEGIN, FA_RC_NONE, NULL, NULL);
        fa_rb_text(ctx->rb, defs[k].definition);
        if (defs[k].source != NULL) {
            fa_rb_text(ctx->rb, " Source: ");
            fa_rb_text(ctx->rb, defs[k].source);
            fa_rb_text(ctx->rb, ".");
        }
        fa_rb_op(ctx->rb, FA_ROP_CELL_END, 0, NULL, NULL);
        fa_rb_op(ctx->rb, FA_ROP_CELL_BEGIN, FA_RC_NONE, NULL, NULL);
        if (defs[k].formula != NULL)
            fa_rb_styled(ctx->rb, FA_RS_CODE, defs[k].formula);
        fa_rb_op(ctx->rb, FA_ROP_CELL_END, 0, NULL, NULL);
    }
}

void fa_rc_definitions(fa_rctx *ctx)
{
    fa_rb *rb = ctx->rb;

    fa_rb_section(rb, "definitions", true);
    fa_rb_h(rb, 2, "definitions", "Definitions");
    fa_rb_para(rb, "Every measure shown in this report. TP, FP, TN and FN count (weighted) "
                   "true/false positive/negative decisions, where \"positive\" is the "
                   "favourable outcome; SR is the selection rate; \"ref\" is the reference "
                   "group. Confidence intervals come from the audit's bootstrap.");
    fa_rb_table(rb, NULL);
    fa_rb_row(rb, true);
    fa_rb_cell(rb, FA_RC_NONE, "Measure");
    fa_rb_cell(rb, FA_RC_NONE, "Definition");
    fa_rb_cell(rb, FA_RC_NONE, "Formula");
    def_rows(ctx, FA_RLEVEL_GROUP, ctx->used_group);
    def_rows(ctx, FA_RLEVEL_VS_REFERENCE, ctx->used_vs);
    def_rows(ctx, FA_RLEVEL_DISPARITY, ctx->used_disp);
    fa_rb_table_end(rb);
    fa_rb_section_end(rb);
}

/* ---- limitations ----------------------------------------------------------------------------- */

static void item(fa_rb *rb, const char *text)
{
    fa_rb_op(rb, FA_ROP_ITEM_BEGIN, 0, NULL, NULL);
    fa_rb_text(rb, text);
    fa_rb_op(rb, FA_ROP_ITEM_END, 0, NULL, NULL);
}

void fa_rc_limitations(fa_rctx *ctx)
{
    const fa_rdoc *d = ctx->d;
    fa_rb *rb = ctx->rb;
    size_t ai, i, k, n_small = 0, n_undef = 0;
    double unknown = 0;
    char buf[FA_RFMT_MAX];

    for (ai = 0; ai < d->n_attrs; ai++) {
        const fa_rattr *a = &d->attrs[ai];
        if (!isnan(a->unknown) && a->unknown > unknown)
            unknown = a->unknown;
        for (i = 0; i < a->n_groups; i++) {
            n_small += a->groups[i].insufficient;
            for (k = 0; k < FA_RM_COUNT; k++)
                n_undef += a->groups[i].metrics[k].present && isnan(a->groups[i].metrics[k].v);
        }
        for (k = 0; k < FA_RD_COUNT; k++)
            n_undef += a->disp[k].present && isnan(a->disp[k].v);
    }
    fa_rb_section(rb, "limitations", true);
    fa_rb_h(rb, 2, "limitations", "Limitations");
    fa_rb_op(rb, FA_ROP_LIST_BEGIN, 0, NULL, NULL);
    item(rb, "The figures describe this model's decisions on this data set. They measure "
             "disparities; they do not explain their causes, and on their own they neither "
             "establish nor rule out unlawful discrimination.");
    if (!isnan(d->threshold))
        item(rb, "Outcome and error-rate figures hold at the audited decision threshold only; "
                 "the threshold sweep shows how selection rates move with it.");
    item(rb, "Groups are defined by the protected attributes recorded in the data; "
             "misrecorded or proxy attributes limit what the audit can see.");
    if (unknown > 0) {
        fa_rfmt_count(buf, sizeof buf, unknown);
        fa_rb_op(rb, FA_ROP_ITEM_BEGIN, 0, NULL, NULL);
        fa_rb_textf(rb,
                    "Up to %s rows had a missing protected value and are not part of any "
                    "group's figures.",
                    buf);
        fa_rb_op(rb, FA_ROP_ITEM_END, 0, NULL, NULL);
    }
    if (n_small > 0) {
        fa_rb_op(rb, FA_ROP_ITEM_BEGIN, 0, NULL, NULL);
        fa_rb_textf(rb,
                    "%zu group%s fell below the minimum group size; their figures are "
                    "shown but too uncertain to support conclusions.",
                    n_small, n_small == 1 ? "" : "s");
        fa_rb_op(rb, FA_ROP_ITEM_END, 0, NULL, NULL);
    }
    if (n_undef > 0) {
        fa_rb_op(rb, FA_ROP_ITEM_BEGIN, 0, NULL, NULL);
        fa_rb_textf(rb,
                    "%zu measure%s undefined (a zero denominator, e.g. a group without "
                    "positive cases); the tables give the reason instead of a number.",
                    n_undef, n_undef == 1 ? " is" : "s are");
        fa_rb_op(rb, FA_ROP_ITEM_END, 0, NULL, NULL);
    }
    if (isnan(d->bootstrap_n) || d->bootstrap_n <= 0)
        item(rb, "The audit was not bootstrapped, so no confidence intervals are shown; "
                 "differences between small groups may be due to chance.");
    else
        item(rb, "Confidence intervals reflect sampling variation of the audited rows only, "
                 "not the variability of model training or changes in the population.");
    item(rb, "Intersections split the sample further: their groups are smaller and their "
             "figures less certain than those of single attributes.");
    item(rb, "Calibration figures depend on the score bins; ECE is reported for equal-width "
             "bins.");
    item(rb, "The four-fifths rule is a rule of thumb from US employment guidelines, not a "
             "statistical test or a legal threshold in every jurisdiction; read it together "
             "with the confidence intervals and p-values.");
    fa_rb_op(rb, FA_ROP_LIST_END, 0, NULL, NULL);
    fa_rb_section_end(rb);
}
