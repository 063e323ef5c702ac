/*
 * reports/report_content.h — builds the report's block stream from an audit
 * document (internal). report_content.c writes the title, scope, sample and
 * the per-attribute metric sections; report_content_extra.c the policy
 * verdicts, mitigation, model card, definitions and limitations.
 */
#ifndef FA_REPORTS_REPORT_CONTENT_H
#define FA_REPORTS_REPORT_CONTENT_H

#include "report_blocks.h"
#include "report_charts.h"
#include "report_doc.h"

struct fa_rcard;

typedef struct fa_rctx {
    fa_rb *rb;
    const fa_rdoc *d;
    const fa_rdoc *base; /* baseline audit, NULL = none */
    const fa_rcharts *charts;
    const char *title;
    const char *author;          /* NULL = none */
    const struct fa_rcard *card; /* model card from a model file, NULL = none */
    const char *intended_use;    /* NULL = not stated */
    /* metrics shown, for the Definitions section */
    bool used_group[FA_RM_COUNT];
    bool used_vs[FA_RV_COUNT];
    bool used_disp[FA_RD_COUNT];
} fa_rctx;

/* Builds the whole report into ctx->rb. @return FA_OK or FA_ENOMEM. */
fa_status fa_rc_build(fa_rctx *ctx, fa_error *err);

/* report_content_extra.c */
void fa_rc_policy(fa_rctx *ctx);
void fa_rc_mitigation(fa_rctx *ctx);
void fa_rc_model_card(fa_rctx *ctx);
void fa_rc_definitions(fa_rctx *ctx);
void fa_rc_limitations(fa_rctx *ctx);

/* Shared helpers (report_content.c). */
/* A value with its CI as table text, or "undefined (reason)". */
void fa_rc_val_text(char *buf, size_t n, const fa_rval *v, int decimals);
/* Table cell of a value: muted when undefined. */
void fa_rc_val_cell(fa_rctx *ctx, const fa_rval *v, int decimals);
/* Key/value table row. */
void fa_rc_kv(fa_rctx *ctx, const char *key, const char *value);
/* The class of a verdict/outcome name ("pass", "fail", "warn", "inconclusive"). */
fa_rclass fa_rc_verdict_class(const char *verdict);
/* The figure of chart (kind, attr) when planned. */
void fa_rc_figure(fa_rctx *ctx, fa_rchart_kind kind, size_t attr);
/* "sex" or "sex × age_band (intersection)". */
void fa_rc_attr_heading(fa_rctx *ctx, int level, const fa_rattr *a);

/* Decimal places for rates and differences in tables. */
#define FA_RC_DECIMALS 4

#endif
