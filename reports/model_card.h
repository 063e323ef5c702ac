/*
 * reports/model_card.h — the model card of a model trained by fairaudit
 * (internal): read from the model file (docs/format/model.md), rendered as a
 * report section and written as model_card.json next to the report.
 *
 * The card is read leniently (only what it shows; lib/model reads model
 * files strictly for scoring) through lib/serialize/json_read.h. Strings are
 * borrowed from the JSON document the card owns; free with fa_rcard_free().
 */
#ifndef FA_REPORTS_MODEL_CARD_H
#define FA_REPORTS_MODEL_CARD_H

#include <stdbool.h>
#include <stddef.h>

#include "report_content.h"

/* Coefficients listed in the card: the largest in absolute value. */
#define FA_RCARD_TOP_COEFFICIENTS 10

typedef struct fa_rcard {
    fa_json_doc *json;
    const char *path;
    char fingerprint[65]; /* sha256 of the model file */
    const char *kind;     /* "logreg", "mlp" */
    const char *created_by;
    const char *label_column, *label_positive;
    double threshold, n_inputs;
    const char *spec_name, *spec_fingerprint, *data_fingerprint;
    double data_rows;
    char *seed;                                        /* owned text */
    const fa_json_node *options, *result, *mitigation; /* NULL when absent/null */
    char **features; /* owned: "age", "region=North", "country=(other)" */
    size_t n_features;
    double *coef;           /* logreg: n_features coefficients (owned), else NULL */
    double intercept;       /* NaN when not logreg */
    size_t *order;          /* feature indices by decreasing |coef| (owned) */
    size_t n_hidden_layers; /* mlp */
    size_t hidden_units[4];
} fa_rcard;

/* Reads a model file. @return FA_OK, FA_EIO, FA_EPARSE, FA_ESCHEMA, FA_EFORMAT, FA_ENOMEM. */
fa_status fa_rcard_load(fa_rcard **out, const char *path, fa_error *err);
void fa_rcard_free(fa_rcard *card);

/* The Model card section from a model file (ctx->card). */
void fa_rc_model_card_from_model(fa_rctx *ctx);

/* Writes the card (with the audit's performance and fairness figures) as
 * JSON to @p path, atomically. */
fa_status fa_rcard_write_json(const fa_rctx *ctx, const char *path, fa_error *err);

#endif
