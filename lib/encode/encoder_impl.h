/*
 * encoder_impl.h — the encoder's internal representation, shared by the
 * files of lib/encode (fit, transform, JSON I/O). Not installed.
 *
 * The encoder is a list of input columns, each numeric (centre + scale) or
 * categorical (kept levels in output order, plus the levels folded into an
 * "other" column). fa_encoder__finish() derives everything else — output
 * offsets, feature names, the level lookup maps — so fit and the JSON reader
 * build the same object the same way.
 */
#ifndef FA_LIB_ENCODE_ENCODER_IMPL_H
#define FA_LIB_ENCODE_ENCODER_IMPL_H

#include <stdbool.h>

#include "common/internal.h"
#include "encode/strmap.h"
#include "fairaudit/encode.h"

/* Map value of a level that was seen in fit but folded into "other". */
#define FA_ENC_OTHER (-2)
/* Remap value of a level the encoder has never seen. */
#define FA_ENC_UNSEEN (-1)

/* Suffix naming the "other" column: "workclass=(other)". */
#define FA_ENC_OTHER_NAME "(other)"

typedef struct fa_enc_col {
    char *name;
    bool categorical;
    size_t offset;        /* first output feature */
    size_t width;         /* output features: 1, or n_levels (+1 with an other column) */
    double mean, std;     /* numeric: x' = (x - mean) / std */
    size_t n_levels;      /* categorical: one-hot columns, in output order */
    char **levels;
    size_t n_other;       /* levels folded into the other column (0 = no other column) */
    char **other_levels;
    fa_strmap map;        /* level -> index in levels, or FA_ENC_OTHER */
} fa_enc_col;

struct fa_encoder {
    bool standardize;
    size_t max_levels;
    size_t n_cols;
    fa_enc_col *cols;
    size_t n_features;
    char **feature_names; /* n_features */
    size_t *feature_col;  /* input column of each feature */
};

/* A column as the encoder sees it: borrowed arrays, n_rows long. */
typedef struct fa_enc_input {
    const char *name;
    bool categorical;
    const double *values;      /* numeric */
    const int32_t *codes;      /* categorical: codes in [0, n_levels) or -1 */
    size_t n_levels;
    const char *const *levels; /* categorical: name of each code */
} fa_enc_input;

/* An empty encoder with n_cols zeroed columns. */
fa_status fa_encoder__new(fa_encoder **out, size_t n_cols, bool standardize, size_t max_levels,
                          fa_error *err);
/* Derives offsets, widths, feature names and level maps once the columns
 * are filled. FA_EDATA on a duplicate level name, FA_ENOMEM. */
fa_status fa_encoder__finish(fa_encoder *e, fa_error *err);

/* Fit / transform over column views (the public functions build the views
 * from an fa_table). For transform, @p in lists every column available; the
 * encoder picks its own by name. */
fa_status fa_encoder__fit_inputs(fa_encoder **out, const fa_enc_input *in, size_t n_in,
                                 size_t n_rows, const fa_encoder_options *opts, fa_error *err);
fa_status fa_encoder__transform_inputs(const fa_encoder *e, const fa_enc_input *in, size_t n_in,
                                       size_t n_rows, double *X, size_t ld,
                                       fa_encode_stats *stats, fa_error *err);

/* Column views of a table: with features_only, the NUMERIC and CATEGORICAL
 * feature columns; otherwise every column stored as numbers or categories.
 * Free with fa_encoder__inputs_free(). */
fa_status fa_encoder__table_inputs(const fa_table *t, bool features_only, fa_enc_input **out,
                                   size_t *n_out, fa_error *err);
void fa_encoder__inputs_free(fa_enc_input *in, size_t n);

#endif
