/*
 * report_content.c — the report's sections, built from the audit document
 * as a block stream (report_blocks.h) that html_report.c and md_report.c
 * both serialise.
 *
 * Sections (docs/format/report.md describes each): title and summary; scope
 * and provenance; sample composition; outcome disparities at the decision
 * threshold; error-rate parity; calibration by group; score disparity; then
 * report_content_extra.c: policy verdicts, mitigation and trade-offs, model
 * card, definitions, limitations.
 *
 * Nothing here computes a metric: every number is read from the document.
 * Text from the document is passed as runs and escaped by the writers.
 */
#include "report_content.h"

#include <stdio.h>
#include <string.h>

#include "fairaudit/report.h"

/* The four-fifths rule (US Uniform Guidelines, 29 CFR 1607.4(D)); used only
 * to label the AIR column when the audit carries no policy verdicts. */
#define FOUR_FIFTHS 0.8
/* Confidence level (percent) assumed when the document does not state one:
 * the audit engine's default bootstrap level. */
#define FA_RC_DEFAULT_CONF 95.0

/* ---- shared helpers ------------------------------------------------------------- */

void fa_rc_val_text(char *buf, size_t n, const fa_rval *v, int decimals)
{
    if (!v->present) {
        snprintf(buf, n, "%s", FA_RFMT_DASH);
    } else if (isnan(v->v)) {
        if (v->reason != NULL)
            snprintf(buf, n, "undefined (%s)", v->reason);
        else
            snprintf(buf, n, "undefined");
    } else {
        fa_rfmt_ci(buf, n, v->v, v->lo, v->hi, decimals);
    }
}

void fa_rc_val_cell(fa_rctx *ctx, const fa_rval *v, int decimals)
{
    char buf[FA_ERROR_MSG_MAX], a[FA_RFMT_MAX], b[FA_RFMT_MAX], c[FA_RFMT_MAX];

    if (fa_rval_defined(v) && fa_rval_has_ci(v)) {
        /* the interval on its own line keeps wide tables within the page */
        fa_rfmt_num(a, sizeof a, v->v, decimals);
        fa_rfmt_num(b, sizeof b, v->lo, decimals);
        fa_rfmt_num(c, sizeof c, v->hi, decimals);
        snprintf(buf, sizeof buf, "%s\n[%s, %s]", a, b, c);
    } else {
        fa_rc_val_text(buf, sizeof buf, v, decimals);
    }
    fa_rb_cell(ctx->rb, fa_rval_defined(v) ? FA_RC_NUM : FA_RC_MUTED, buf);
}

void fa_rc_kv(fa_rctx *ctx, const char *key, const char *value)
{
    if (value == NULL)
        return;
    fa_rb_row(ctx->rb, false);
    fa_rb_cell(ctx->rb, FA_RC_NONE, key);
    fa_rb_cell(ctx->rb, FA_RC_NONE, value);
}

fa_rclass fa_rc_verdict_class(const char *v)
{
    if (v == NULL)
        return FA_RC_NONE;
    if (strcmp(v, "pass") == 0 || strcmp(v, "passed") == 0)
        return FA_RC_PASS;
    if (strcmp(v, "fail") == 0 || strcmp(v, "failed") == 0)
        return FA_RC_FAIL;
    if (strcmp(v, "warn") == 0)
        return FA_RC_WARN;
    if (strcmp(v, "inconclusive") == 0)
        return FA_RC_INCONCLUSIVE;
    return FA_RC_NONE;
}

void fa_rc_figure(fa_rctx *ctx, fa_rchart_kind kind, size_t attr)
{
    const fa_rchart *c = fa_charts_find(ctx->charts, kind, attr);

    if (c != NULL)
        fa_rb_figure(ctx->rb, c->id, c->caption);
}

static bool is_intersection(const fa_rattr *a)
{
    return a->n_columns > 1;
}

void fa_rc_attr_heading(fa_rctx *ctx, int level, const fa_rattr *a)
{
    fa_rb_op(ctx->rb, FA_ROP_H_BEGIN, level, NULL, NULL);
    fa_rb_text(ctx->rb, is_intersection(a) ? "Intersection: " : "Attribute: ");
    fa_rb_text(ctx->rb, a->name);
    fa_rb_op(ctx->rb, FA_ROP_H_END, level, NULL, NULL);
}

static void group_cell(fa_rctx *ctx, const fa_rattr *a, const fa_rgroup *g)
{
    fa_rb_op(ctx->rb, FA_ROP_CELL_BEGIN, FA_RC_NONE, NULL, NULL);
    fa_rb_text(ctx->rb, g->value);
    if (g->is_reference)
        fa_rb_styled(ctx->rb, FA_RS_EM, " (reference)");
    if (g->insufficient)
        fa_rb_styled(ctx->rb, FA_RS_EM, " (small group)");
    (void)a;
    fa_rb_op(ctx->rb, FA_ROP_CELL_END, 0, NULL, NULL);
}

static void count_cell(fa_rctx *ctx, double v)
{
    char buf[FA_RFMT_MAX];

    fa_rfmt_count(buf, sizeof buf, v);
    fa_rb_cell(ctx->rb, FA_RC_NUM, buf);
}

static void mark_group(fa_rctx *ctx, int m)
{
    ctx->used_group[m] = true;
}

/* ---- title and summary ------------------------------------------------------------ */

static const fa_rgroup *lowest_air(const fa_rattr *a)
{
    const fa_rgroup *worst = NULL;
    size_t i;

    for (i = 0; i < a->n_groups; i++) {
        const fa_rgroup *g = &a->groups[i];
        if (g->is_reference || !fa_rval_defined(&g->vs[FA_RV_AIR]))
            continue;
        if (worst == NULL || g->vs[FA_RV_AIR].v < worst->vs[FA_RV_AIR].v)
            worst = g;
    }
    return worst;
}

static void title_and_summary(fa_rctx *ctx)
{
    const fa_rdoc *d = ctx->d;
    fa_rb *rb = ctx->rb;
    char buf[FA_RFMT_MAX], buf2[FA_RFMT_MAX];
    size_t i;

    fa_rb_section(rb, "title", false);
    fa_rb_h(rb, 1, "top", ctx->title);
    fa_rb_op(rb, FA_ROP_P_BEGIN, 0, NULL, NULL);
    fa_rb_text(rb, "Fairness audit of ");
    if (d->model_path != NULL) {
        fa_rb_text(rb, "the model ");
        fa_rb_styled(rb, FA_RS_STRONG, d->model_path);
        fa_rb_text(rb, " on ");
    } else {
        fa_rb_text(rb, "the decisions in ");
    }
    fa_rb_styled(rb, FA_RS_CODE, d->input_path ? d->input_path : "(unnamed input)");
    if (d->generated_at != NULL) {
        fa_rb_text(rb, ", audited ");
        fa_rb_text(rb, d->generated_at);
    }
    fa_rb_text(rb, ".");
    if (ctx->author != NULL) {
        fa_rb_text(rb, " Prepared by ");
        fa_rb_text(rb, ctx->author);
        fa_rb_text(rb, ".");
    }
    fa_rb_op(rb, FA_ROP_P_END, 0, NULL, NULL);

    fa_rb_h(rb, 2, "summary", "Summary");
    if (d->gate.present) {
        size_t n_fail = 0, n_warn = 0, n_inc = 0;
        for (i = 0; i < d->gate.n_entries; i++) {
            fa_rclass c =
                fa_rc_verdict_class(d->gate.entries[i].outcome ? d->gate.entries[i].outcome
                                                               : d->gate.entries[i].verdict);
            n_fail += c == FA_RC_FAIL;
            n_warn += c == FA_RC_WARN;
            n_inc += fa_rc_verdict_class(d->gate.entries[i].verdict) == FA_RC_INCONCLUSIVE;
        }
        fa_rb_op(rb, FA_ROP_NOTE_BEGIN, d->gate.passed ? FA_RC_PASS : FA_RC_FAIL, NULL, NULL);
        fa_rb_styled(rb, FA_RS_STRONG,
                     d->gate.passed ? "Policy check passed. " : "Policy check FAILED. ");
        fa_rb_textf(rb, "%zu check%s: %zu failed, %zu warning%s, %zu inconclusive",
                    d->gate.n_entries, d->gate.n_entries == 1 ? "" : "s", n_fail, n_warn,
                    n_warn == 1 ? "" : "s", n_inc);
        if (d->gate.policy_name != NULL) {
            fa_rb_text(rb, " (policy ");
            fa_rb_text(rb, d->gate.policy_name);
            fa_rb_text(rb, ")");
        }
        fa_rb_text(rb, ". See Policy verdicts.");
        fa_rb_op(rb, FA_ROP_NOTE_END, 0, NULL, NULL);
    } else {
        fa_rb_para(rb, "No fairness policy was evaluated for this audit: the figures below "
                       "are reported without pass/fail verdicts, except the four-fifths rule "
                       "shown for reference.");
    }
    fa_rb_op(rb, FA_ROP_LIST_BEGIN, 0, NULL, NULL);
    for (i = 0; i < d->n_attrs; i++) {
        const fa_rattr *a = &d->attrs[i];
        const fa_rgroup *w = lowest_air(a);
        fa_rb_op(rb, FA_ROP_ITEM_BEGIN, 0, NULL, NULL);
        fa_rb_styled(rb, FA_RS_STRONG, a->name);
        fa_rb_textf(rb, ": %zu group%s", a->n_groups, a->n_groups == 1 ? "" : "s");
        if (a->reference != NULL) {
            fa_rb_text(rb, ", reference ");
            fa_rb_text(rb, a->reference);
        }
        if (w != NULL) {
            fa_rfmt_num(buf, sizeof buf, w->vs[FA_RV_AIR].v, 3);
            fa_rb_text(rb, "; lowest adverse impact ratio ");
            fa_rb_styled(rb, FA_RS_STRONG, buf);
            fa_rb_text(rb, " (");
            fa_rb_text(rb, w->value);
            fa_rb_text(rb, ")");
        }
        if (fa_rval_defined(&a->disp[FA_RD_EO_DIFF])) {
            fa_rfmt_num(buf2, sizeof buf2, a->disp[FA_RD_EO_DIFF].v, 3);
            fa_rb_text(rb, "; equalized odds difference ");
            fa_rb_text(rb, buf2);
        }
        fa_rb_text(rb, ".");
        fa_rb_op(rb, FA_ROP_ITEM_END, 0, NULL, NULL);
    }
    fa_rb_op(rb, FA_ROP_LIST_END, 0, NULL, NULL);
    fa_rb_section_end(rb);
}

/* ---- scope and provenance ----------------------------------------------------------- */

static void scope(fa_rctx *ctx)
{
    const fa_rdoc *d = ctx->d;
    fa_rb *rb = ctx->rb;
    char buf[FA_ERROR_MSG_MAX], n1[FA_RFMT_MAX], n2[FA_RFMT_MAX], n3[FA_RFMT_MAX];
    fa_buf list = FA_BUF_INIT;
    size_t i;

    fa_rb_section(rb, "scope", false);
    fa_rb_h(rb, 2, "scope", "Scope and provenance");
    fa_rb_para(rb, "What was audited, with which data and tool, so that the figures can be "
                   "traced and reproduced.");
    fa_rb_table(rb, NULL);
    fa_rb_row(rb, true);
    fa_rb_cell(rb, FA_RC_NONE, "Item");
    fa_rb_cell(rb, FA_RC_NONE, "Value");
    fa_rc_kv(ctx, "Report", ctx->title);
    fa_rc_kv(ctx, "Prepared by", ctx->author);
    fa_rc_kv(ctx, "Audit date", d->generated_at);
    fa_rc_kv(ctx, "Model", d->model_path);
    fa_rc_kv(ctx, "Audited data", d->input_path);
    fa_rc_kv(ctx, "Data fingerprint", d->input_fingerprint);
    if (!isnan(d->rows_read) || !isnan(d->rows_used)) {
        fa_rfmt_count(n1, sizeof n1, d->rows_read);
        fa_rfmt_count(n2, sizeof n2, d->rows_used);
        fa_rfmt_count(n3, sizeof n3, d->rows_skipped);
        snprintf(buf, sizeof buf, "%s read, %s used, %s skipped", n1, n2, n3);
        fa_rc_kv(ctx, "Rows", buf);
    }
    fa_rc_kv(ctx, "Label column", d->col_label);
    fa_rc_kv(ctx, "Score column", d->col_score);
    fa_rc_kv(ctx, "Weight column", d->col_weight);
    if (!isnan(d->score_min) && !isnan(d->score_max)) {
        (void)fa_format_double(n1, sizeof n1, d->score_min);
        (void)fa_format_double(n2, sizeof n2, d->score_max);
        snprintf(buf, sizeof buf, "%s to %s%s", n1, n2,
                 d->probabilities == 1 ? " (probabilities)" : "");
        fa_rc_kv(ctx, "Score range", buf);
    }
    if (d->col_decision != NULL) {
        fa_rc_kv(ctx, "Decision column", d->col_decision);
    } else if (!isnan(d->threshold)) {
        (void)fa_format_double(n1, sizeof n1, d->threshold);
        snprintf(buf, sizeof buf, "score >= %s", n1);
        fa_rc_kv(ctx, "Decision rule", buf);
    }
    if (d->favorable != NULL) {
        snprintf(buf, sizeof buf, "%s%s", d->favorable,
                 d->higher_is_favorable == 1   ? " (a higher score is favourable)"
                 : d->higher_is_favorable == 0 ? " (a lower score is favourable)"
                                               : "");
        fa_rc_kv(ctx, "Favourable label and decision", buf);
    }
    for (i = 0; i < d->n_attrs; i++) {
        fa_buf_printf(&list, "%s%s", i ? "; " : "", d->attrs[i].name);
        if (d->attrs[i].reference != NULL)
            fa_buf_printf(&list, " (reference: %s)", d->attrs[i].reference);
    }
    if (list.oom)
        rb->oom = true;
    else if (list.ptr != NULL)
        fa_rc_kv(ctx, "Protected attributes", list.ptr);
    fa_buf_dispose(&list);
    if (!isnan(d->min_group_size)) {
        fa_rfmt_count(n1, sizeof n1, d->min_group_size);
        fa_rc_kv(ctx, "Minimum group size", n1);
    }
    if (!isnan(d->bootstrap_n)) {
        fa_rfmt_count(n1, sizeof n1, d->bootstrap_n);
        if (d->bootstrap_n > 0) {
            fa_rfmt_num(n2, sizeof n2,
                        isnan(d->ci_level) ? FA_RC_DEFAULT_CONF : d->ci_level * 100.0, 0);
            snprintf(buf, sizeof buf, "%s replicates, %s%% intervals%s%s", n1, n2,
                     d->ci_method ? " (" : "", d->ci_method ? d->ci_method : "");
            if (d->ci_method != NULL && strlen(buf) + 1 < sizeof buf)
                strcat(buf, ")");
        } else {
            snprintf(buf, sizeof buf, "off (no confidence intervals)");
        }
        fa_rc_kv(ctx, "Bootstrap", buf);
    }
    fa_rc_kv(ctx, "Bootstrap seed", d->seed);
    fa_rc_kv(ctx, "Test of equal selection rates", d->p_value_test);
    if (d->tool_name != NULL || d->tool_version != NULL) {
        snprintf(buf, sizeof buf, "%s %s", d->tool_name ? d->tool_name : "",
                 d->tool_version ? d->tool_version : "");
        fa_rc_kv(ctx, "Audited with", buf);
    }
    fa_rc_kv(ctx, "Audit document", d->name);
    snprintf(buf, sizeof buf, "sha256:%s (schema_version %s)", d->fingerprint, d->schema_version);
    fa_rc_kv(ctx, "Audit document fingerprint", buf);
    if (ctx->base != NULL) {
        fa_rc_kv(ctx, "Baseline audit", ctx->base->name);
        snprintf(buf, sizeof buf, "sha256:%s", ctx->base->fingerprint);
        fa_rc_kv(ctx, "Baseline fingerprint", buf);
    }
    fa_rc_kv(ctx, "Report generated by", "fairaudit " FA_VERSION_STRING);
    fa_rb_table_end(rb);
    fa_rb_section_end(rb);
}

/* ---- sample composition --------------------------------------------------------------- */

static void composition(fa_rctx *ctx)
{
    const fa_rdoc *d = ctx->d;
    fa_rb *rb = ctx->rb;
    size_t ai, i;
    char buf[FA_RFMT_MAX];

    fa_rb_section(rb, "sample", true);
    fa_rb_h(rb, 2, "sample", "Sample composition");
    fa_rb_para(rb, "Rows per group, for every protected attribute and intersection. Groups "
                   "below the minimum group size are kept and marked as small: their rates "
                   "are too uncertain to support conclusions. Rows whose protected value is "
                   "missing are counted as unknown.");
    for (ai = 0; ai < d->n_attrs; ai++) {
        const fa_rattr *a = &d->attrs[ai];
        double total = 0;
        bool weights = false;
        size_t n_small = 0;

        for (i = 0; i < a->n_groups; i++) {
            total += a->groups[i].n;
            weights |= !isnan(a->groups[i].weight) &&
                       fabs(a->groups[i].weight - a->groups[i].n) > 1e-9 * (1 + a->groups[i].n);
            n_small += a->groups[i].insufficient;
        }
        fa_rc_attr_heading(ctx, 3, a);
        fa_rb_table(rb, NULL);
        fa_rb_row(rb, true);
        fa_rb_cell(rb, FA_RC_NONE, "Group");
        fa_rb_cell(rb, FA_RC_NONE, "Rows");
        fa_rb_cell(rb, FA_RC_NONE, "Share");
        if (weights)
            fa_rb_cell(rb, FA_RC_NONE, "Weight");
        fa_rb_cell(rb, FA_RC_NONE, "Base rate");
        fa_rb_cell(rb, FA_RC_NONE, "Status");
        mark_group(ctx, FA_RM_BASE_RATE);
        for (i = 0; i < a->n_groups; i++) {
            const fa_rgroup *g = &a->groups[i];
            fa_rb_row(rb, false);
            group_cell(ctx, a, g);
            count_cell(ctx, g->n);
            /* a group's share of the attribute's rows: display arithmetic */
            fa_rfmt_num(buf, sizeof buf, total > 0 ? 100.0 * g->n / total : fa_nan(), 1);
            fa_rb_cellf(rb, FA_RC_NUM, "%s%%", buf);
            if (weights)
                count_cell(ctx, g->weight);
            fa_rc_val_cell(ctx, &g->metrics[FA_RM_BASE_RATE], FA_RC_DECIMALS);
            if (g->insufficient)
                fa_rb_cell(rb, FA_RC_WARN, "below minimum group size");
            else if (g->is_reference)
                fa_rb_cell(rb, FA_RC_NONE, "reference group");
            else
                fa_rb_cell(rb, FA_RC_NONE, "");
        }
        if (!isnan(a->unknown)) {
            fa_rb_row(rb, false);
            fa_rb_op(rb, FA_ROP_CELL_BEGIN, FA_RC_MUTED, NULL, NULL);
            fa_rb_styled(rb, FA_RS_EM, "unknown (missing value)");
            fa_rb_op(rb, FA_ROP_CELL_END, 0, NULL, NULL);
            count_cell(ctx, a->unknown);
            fa_rb_cell(rb, FA_RC_MUTED, "");
            if (weights)
                fa_rb_cell(rb, FA_RC_MUTED, "");
            fa_rb_cell(rb, FA_RC_MUTED, "");
            fa_rb_cell(rb, FA_RC_MUTED, "excluded from group metrics");
        }
        fa_rb_table_end(rb);
        if (n_small > 0) {
            fa_rb_op(rb, FA_ROP_NOTE_BEGIN, FA_RC_WARN, NULL, NULL);
            fa_rb_textf(rb, "%zu group%s of ", n_small, n_small == 1 ? "" : "s");
            fa_rb_text(rb, a->name);
            fa_rb_text(rb, n_small == 1 ? " is" : " are");
            fa_rb_text(rb, " below the minimum group size: ");
            for (i = 0; i < a->n_groups; i++) {
                if (!a->groups[i].insufficient)
                    continue;
                fa_rb_styled(rb, FA_RS_STRONG, a->groups[i].value);
                fa_rfmt_count(buf, sizeof buf, a->groups[i].n);
                fa_rb_textf(rb, " (%s rows)%s", buf, --n_small > 0 ? ", " : ".");
            }
            fa_rb_op(rb, FA_ROP_NOTE_END, 0, NULL, NULL);
        }
    }
    fa_rb_section_end(rb);
}

/* ---- outcome disparities ----------------------------------------------------------------- */

/* The gate entry for (attribute, group, metric), or NULL. */
static const fa_rgate_entry *
gate_entry(const fa_rdoc *d, const char *attr, const char *group, const char *metric)
{
    size_t i;

    for (i = 0; i < d->gate.n_entries; i++) {
        const fa_rgate_entry *e = &d->gate.entries[i];
        if (e->attribute && e->metric && e->group && strcmp(e->attribute, attr) == 0 &&
            strcmp(e->group, group) == 0 && strcmp(e->metric, metric) == 0)
            return e;
    }
    return NULL;
}

static void verdict_cell(fa_rctx *ctx, const fa_rattr *a, const fa_rgroup *g)
{
    const fa_rgate_entry *e = gate_entry(ctx->d, a->name, g->value, "adverse_impact_ratio");
    const fa_rval *air = &g->vs[FA_RV_AIR];

    if (e != NULL && e->verdict != NULL) {
        fa_rb_cell(ctx->rb, fa_rc_verdict_class(e->verdict), e->verdict);
    } else if (g->is_reference) {
        fa_rb_cell(ctx->rb, FA_RC_MUTED, "reference");
    } else if (g->insufficient) {
        fa_rb_cell(ctx->rb, FA_RC_INCONCLUSIVE, "insufficient data");
    } else if (!fa_rval_defined(air)) {
        fa_rb_cell(ctx->rb, FA_RC_MUTED, "undefined");
    } else if (air->v < FOUR_FIFTHS) {
        fa_rb_cell(ctx->rb, FA_RC_FAIL, "below four-fifths");
    } else {
        fa_rb_cell(ctx->rb, FA_RC_PASS, "meets four-fifths");
    }
}

static void disparity_table(fa_rctx *ctx, const fa_rattr *a)
{
    size_t k, n_defs;
    const fa_rmetric_def *defs = fa_rcatalog(FA_RLEVEL_DISPARITY, &n_defs);
    bool any = false;

    for (k = 0; k < n_defs; k++)
        any |= a->disp[k].present;
    if (!any)
        return;
    fa_rb_table(ctx->rb, "Disparity measures");
    fa_rb_row(ctx->rb, true);
    fa_rb_cell(ctx->rb, FA_RC_NONE, "Measure");
    fa_rb_cell(ctx->rb, FA_RC_NONE, "Value [CI]");
    fa_rb_cell(ctx->rb, FA_RC_NONE, "Definition follows");
    for (k = 0; k < n_defs; k++) {
        if (!a->disp[k].present)
            continue;
        ctx->used_disp[k] = true;
        fa_rb_row(ctx->rb, false);
        fa_rb_cell(ctx->rb, FA_RC_NONE, defs[k].label);
        fa_rc_val_cell(ctx, &a->disp[k], FA_RC_DECIMALS);
        fa_rb_cell(ctx->rb, FA_RC_MUTED,
                   a->disp[k].source ? a->disp[k].source
                   : defs[k].source  ? defs[k].source
                                     : "");
    }
    fa_rb_table_end(ctx->rb);
}

static void outcomes(fa_rctx *ctx)
{
    const fa_rdoc *d = ctx->d;
    fa_rb *rb = ctx->rb;
    size_t ai, i;
    char buf[FA_RFMT_MAX], buf2[FA_RFMT_MAX];

    fa_rb_section(rb, "outcomes", true);
    fa_rb_h(rb, 2, "outcomes", "Outcome disparities at the decision threshold");
    fa_rb_para(rb, "Selection rate (share of the group decided favourably) per group, compared "
                   "with the reference group: the adverse impact ratio (four-fifths rule: at "
                   "least 0.8), the selection-rate difference, and a test of equal rates. "
                   "Brackets give confidence intervals; p-values are adjusted for the number "
                   "of groups (Holm).");
    for (ai = 0; ai < d->n_attrs; ai++) {
        const fa_rattr *a = &d->attrs[ai];

        fa_rc_attr_heading(ctx, 3, a);
        if (a->reference != NULL) {
            fa_rb_op(rb, FA_ROP_P_BEGIN, 0, NULL, NULL);
            fa_rb_text(rb, "Reference group: ");
            fa_rb_styled(rb, FA_RS_STRONG, a->reference);
            fa_rb_text(rb, ".");
            fa_rb_op(rb, FA_ROP_P_END, 0, NULL, NULL);
        }
        fa_rb_table(rb, NULL);
        fa_rb_row(rb, true);
        fa_rb_cell(rb, FA_RC_NONE, "Group");
        fa_rb_cell(rb, FA_RC_NONE, "Rows");
        fa_rb_cell(rb, FA_RC_NONE, "Selection rate [CI]");
        fa_rb_cell(rb, FA_RC_NONE, "Adverse impact ratio [CI]");
        fa_rb_cell(rb, FA_RC_NONE, "Difference [CI]");
        fa_rb_cell(rb, FA_RC_NONE, "p-value");
        fa_rb_cell(rb, FA_RC_NONE, "Shortfall");
        fa_rb_cell(rb, FA_RC_NONE, "Verdict");
        mark_group(ctx, FA_RM_SELECTION_RATE);
        ctx->used_vs[FA_RV_AIR] = ctx->used_vs[FA_RV_SEL_DIFF] = true;
        ctx->used_vs[FA_RV_P] = ctx->used_vs[FA_RV_P_ADJ] = ctx->used_vs[FA_RV_SHORTFALL] = true;
        for (i = 0; i < a->n_groups; i++) {
            const fa_rgroup *g = &a->groups[i];
            fa_rb_row(rb, false);
            group_cell(ctx, a, g);
            count_cell(ctx, g->n);
            fa_rc_val_cell(ctx, &g->metrics[FA_RM_SELECTION_RATE], FA_RC_DECIMALS);
            if (g->is_reference) {
                fa_rb_cell(rb, FA_RC_MUTED, "1 (reference)");
                fa_rb_cell(rb, FA_RC_MUTED, "0 (reference)");
                fa_rb_cell(rb, FA_RC_MUTED, FA_RFMT_DASH);
                fa_rb_cell(rb, FA_RC_MUTED, FA_RFMT_DASH);
            } else {
                fa_rc_val_cell(ctx, &g->vs[FA_RV_AIR], FA_RC_DECIMALS);
                fa_rc_val_cell(ctx, &g->vs[FA_RV_SEL_DIFF], FA_RC_DECIMALS);
                fa_rfmt_p(buf, sizeof buf, g->vs[FA_RV_P].v);
                fa_rfmt_p(buf2, sizeof buf2, g->vs[FA_RV_P_ADJ].v);
                fa_rb_cellf(rb, fa_rval_defined(&g->vs[FA_RV_P]) ? FA_RC_NUM : FA_RC_MUTED,
                            "%s\nadj. %s", buf, buf2);
                fa_rfmt_num(buf, sizeof buf, g->vs[FA_RV_SHORTFALL].v, 1);
                fa_rb_cell(rb, FA_RC_NUM, buf);
            }
            verdict_cell(ctx, a, g);
        }
        fa_rb_table_end(rb);
        fa_rc_figure(ctx, FA_CH_SELECTION_RATE, ai);
        disparity_table(ctx, a);
        fa_rc_figure(ctx, FA_CH_THRESHOLD_SWEEP, ai);
    }
    fa_rb_section_end(rb);
}

/* ---- error-rate parity ------------------------------------------------------------------ */

static void error_rates(fa_rctx *ctx)
{
    const fa_rdoc *d = ctx->d;
    fa_rb *rb = ctx->rb;
    size_t ai, i;
    char buf[FA_RFMT_MAX];

    fa_rb_section(rb, "errors", true);
    fa_rb_h(rb, 2, "errors", "Error-rate parity");
    fa_rb_para(rb, "How often the model is right and wrong within each group: true positive "
                   "rate (qualified cases decided favourably), false positive rate "
                   "(unqualified cases decided favourably) and positive predictive value, "
                   "with confidence intervals, and the differences from the reference group.");
    for (ai = 0; ai < d->n_attrs; ai++) {
        const fa_rattr *a = &d->attrs[ai];

        fa_rc_attr_heading(ctx, 3, a);
        fa_rb_table(rb, NULL);
        fa_rb_row(rb, true);
        fa_rb_cell(rb, FA_RC_NONE, "Group");
        fa_rb_cell(rb, FA_RC_NONE, "Rows");
        fa_rb_cell(rb, FA_RC_NONE, "TPR [CI]");
        fa_rb_cell(rb, FA_RC_NONE, "FPR [CI]");
        fa_rb_cell(rb, FA_RC_NONE, "PPV [CI]");
        fa_rb_cell(rb, FA_RC_NONE, "FNR");
        fa_rb_cell(rb, FA_RC_NONE, "Accuracy");
        fa_rb_cell(rb, FA_RC_NONE, "TPR diff.");
        fa_rb_cell(rb, FA_RC_NONE, "FPR diff.");
        mark_group(ctx, FA_RM_TPR);
        mark_group(ctx, FA_RM_FPR);
        mark_group(ctx, FA_RM_PPV);
        mark_group(ctx, FA_RM_FNR);
        mark_group(ctx, FA_RM_ACCURACY);
        ctx->used_vs[FA_RV_TPR_DIFF] = ctx->used_vs[FA_RV_FPR_DIFF] = true;
        for (i = 0; i < a->n_groups; i++) {
            const fa_rgroup *g = &a->groups[i];
            fa_rb_row(rb, false);
            group_cell(ctx, a, g);
            count_cell(ctx, g->n);
            fa_rc_val_cell(ctx, &g->metrics[FA_RM_TPR], FA_RC_DECIMALS);
            fa_rc_val_cell(ctx, &g->metrics[FA_RM_FPR], FA_RC_DECIMALS);
            fa_rc_val_cell(ctx, &g->metrics[FA_RM_PPV], FA_RC_DECIMALS);
            fa_rc_val_cell(ctx, &g->metrics[FA_RM_FNR], FA_RC_DECIMALS);
            fa_rc_val_cell(ctx, &g->metrics[FA_RM_ACCURACY], FA_RC_DECIMALS);
            if (g->is_reference) {
                fa_rb_cell(rb, FA_RC_MUTED, "0 (reference)");
                fa_rb_cell(rb, FA_RC_MUTED, "0 (reference)");
            } else {
                fa_rc_val_cell(ctx, &g->vs[FA_RV_TPR_DIFF], FA_RC_DECIMALS);
                fa_rc_val_cell(ctx, &g->vs[FA_RV_FPR_DIFF], FA_RC_DECIMALS);
            }
        }
        fa_rb_table_end(rb);
        if (fa_rval_defined(&a->disp[FA_RD_EO_DIFF]) ||
            fa_rval_defined(&a->disp[FA_RD_EOPP_DIFF])) {
            fa_rb_op(rb, FA_ROP_P_BEGIN, 0, NULL, NULL);
            fa_rc_val_text(buf, sizeof buf, &a->disp[FA_RD_EO_DIFF], FA_RC_DECIMALS);
            fa_rb_text(rb, "Equalized odds difference: ");
            fa_rb_styled(rb, FA_RS_STRONG, buf);
            fa_rc_val_text(buf, sizeof buf, &a->disp[FA_RD_EOPP_DIFF], FA_RC_DECIMALS);
            fa_rb_text(rb, "; equal opportunity difference: ");
            fa_rb_styled(rb, FA_RS_STRONG, buf);
            fa_rb_text(rb, ".");
            fa_rb_op(rb, FA_ROP_P_END, 0, NULL, NULL);
            ctx->used_disp[FA_RD_EO_DIFF] = ctx->used_disp[FA_RD_EOPP_DIFF] = true;
        }
        fa_rc_figure(ctx, FA_CH_ERROR_RATES, ai);
        fa_rc_figure(ctx, FA_CH_ROC, ai);
    }
    fa_rb_section_end(rb);
}

/* ---- calibration ------------------------------------------------------------------------- */

static void calibration(fa_rctx *ctx)
{
    const fa_rdoc *d = ctx->d;
    fa_rb *rb = ctx->rb;
    size_t ai, i;
    char buf[FA_RFMT_MAX];

    fa_rb_section(rb, "calibration", true);
    fa_rb_h(rb, 2, "calibration", "Calibration by group");
    fa_rb_para(rb, "Whether a score means the same in every group: for well-calibrated scores "
                   "the observed positive rate in each score bin equals the bin's mean score. "
                   "Expected calibration error (ECE) summarises the gap; Brier score and "
                   "log-loss measure overall probabilistic accuracy; ROC AUC measures ranking.");
    for (ai = 0; ai < d->n_attrs; ai++) {
        const fa_rattr *a = &d->attrs[ai];

        fa_rc_attr_heading(ctx, 3, a);
        fa_rb_table(rb, NULL);
        fa_rb_row(rb, true);
        fa_rb_cell(rb, FA_RC_NONE, "Group");
        fa_rb_cell(rb, FA_RC_NONE, "Rows");
        fa_rb_cell(rb, FA_RC_NONE, "Base rate");
        fa_rb_cell(rb, FA_RC_NONE, "Mean score");
        fa_rb_cell(rb, FA_RC_NONE, "ECE");
        fa_rb_cell(rb, FA_RC_NONE, "Brier");
        fa_rb_cell(rb, FA_RC_NONE, "Log-loss");
        fa_rb_cell(rb, FA_RC_NONE, "ROC AUC");
        mark_group(ctx, FA_RM_MEAN_SCORE);
        mark_group(ctx, FA_RM_ECE);
        mark_group(ctx, FA_RM_BRIER);
        mark_group(ctx, FA_RM_LOG_LOSS);
        mark_group(ctx, FA_RM_AUC);
        for (i = 0; i < a->n_groups; i++) {
            const fa_rgroup *g = &a->groups[i];
            fa_rb_row(rb, false);
            group_cell(ctx, a, g);
            count_cell(ctx, g->n);
            fa_rc_val_cell(ctx, &g->metrics[FA_RM_BASE_RATE], FA_RC_DECIMALS);
            fa_rc_val_cell(ctx, &g->metrics[FA_RM_MEAN_SCORE], FA_RC_DECIMALS);
            fa_rc_val_cell(ctx, &g->metrics[FA_RM_ECE], FA_RC_DECIMALS);
            fa_rc_val_cell(ctx, &g->metrics[FA_RM_BRIER], FA_RC_DECIMALS);
            fa_rc_val_cell(ctx, &g->metrics[FA_RM_LOG_LOSS], FA_RC_DECIMALS);
            fa_rc_val_cell(ctx, &g->metrics[FA_RM_AUC], FA_RC_DECIMALS);
        }
        fa_rb_table_end(rb);
        if (a->disp[FA_RD_CAL_GAP].present) {
            fa_rc_val_text(buf, sizeof buf, &a->disp[FA_RD_CAL_GAP], FA_RC_DECIMALS);
            fa_rb_op(rb, FA_ROP_P_BEGIN, 0, NULL, NULL);
            fa_rb_text(rb, "Calibration gap (spread of group ECE): ");
            fa_rb_styled(rb, FA_RS_STRONG, buf);
            fa_rb_text(rb, ".");
            fa_rb_op(rb, FA_ROP_P_END, 0, NULL, NULL);
            ctx->used_disp[FA_RD_CAL_GAP] = true;
        }
        fa_rc_figure(ctx, FA_CH_CALIBRATION, ai);
    }
    fa_rb_section_end(rb);
}

/* ---- score disparity -------------------------------------------------------------------- */

static void scores(fa_rctx *ctx)
{
    const fa_rdoc *d = ctx->d;
    fa_rb *rb = ctx->rb;
    size_t ai, i;

    fa_rb_section(rb, "scores", true);
    fa_rb_h(rb, 2, "scores", "Score disparity");
    fa_rb_para(rb, "Differences in the scores themselves, before any threshold: the "
                   "standardized mean difference (SMD) from the reference group (about 0.2 is "
                   "conventionally small, 0.5 medium, 0.8 large) and the KS separation of "
                   "positive and negative cases within each group.");
    for (ai = 0; ai < d->n_attrs; ai++) {
        const fa_rattr *a = &d->attrs[ai];

        fa_rc_attr_heading(ctx, 3, a);
        fa_rb_table(rb, NULL);
        fa_rb_row(rb, true);
        fa_rb_cell(rb, FA_RC_NONE, "Group");
        fa_rb_cell(rb, FA_RC_NONE, "Rows");
        fa_rb_cell(rb, FA_RC_NONE, "Mean score");
        fa_rb_cell(rb, FA_RC_NONE, "SMD vs reference");
        fa_rb_cell(rb, FA_RC_NONE, "KS");
        ctx->used_vs[FA_RV_SMD] = true;
        mark_group(ctx, FA_RM_KS);
        for (i = 0; i < a->n_groups; i++) {
            const fa_rgroup *g = &a->groups[i];
            fa_rb_row(rb, false);
            group_cell(ctx, a, g);
            count_cell(ctx, g->n);
            fa_rc_val_cell(ctx, &g->metrics[FA_RM_MEAN_SCORE], FA_RC_DECIMALS);
            if (g->is_reference)
                fa_rb_cell(rb, FA_RC_MUTED, "0 (reference)");
            else
                fa_rc_val_cell(ctx, &g->vs[FA_RV_SMD], FA_RC_DECIMALS);
            fa_rc_val_cell(ctx, &g->metrics[FA_RM_KS], FA_RC_DECIMALS);
        }
        fa_rb_table_end(rb);
        fa_rc_figure(ctx, FA_CH_SCORE_DISTRIBUTION, ai);
    }
    fa_rb_section_end(rb);
}

/* ---- the whole report ----------------------------------------------------------------------- */

fa_status fa_rc_build(fa_rctx *ctx, fa_error *err)
{
    title_and_summary(ctx);
    scope(ctx);
    composition(ctx);
    outcomes(ctx);
    error_rates(ctx);
    calibration(ctx);
    scores(ctx);
    fa_rc_policy(ctx);
    fa_rc_mitigation(ctx);
    fa_rc_model_card(ctx);
    fa_rc_definitions(ctx);
    fa_rc_limitations(ctx);
    return fa_rb_status(ctx->rb, err);
}
