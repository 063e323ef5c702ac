/*
 * lib/mitigate/mitigate_internal.h — pieces shared by the mitigation methods
 * (internal; not installed): protected groups of a table, and the JSON
 * fragments each method records in the model.
 *
 * A "group" is a protected column's value, or the combination of the values
 * of several columns. Groups are numbered in the order of their values
 * (column by column, byte-wise), which depends only on the values present,
 * never on the order of the rows, so two tables with the same values number
 * them alike.
 */
#ifndef FA_LIB_MITIGATE_INTERNAL_H
#define FA_LIB_MITIGATE_INTERNAL_H

#include "fairaudit/mitigate.h"

#include "common/internal.h"
#include "common/jsonw.h"

/** Most protected columns a group may combine. */
#define FA_GROUPS_MAX_COLUMNS 8
/** Most value combinations considered when combining columns. */
#define FA_GROUPS_MAX_CELLS (1u << 20)

typedef struct fa_groups {
    size_t n_cols;
    size_t cols[FA_GROUPS_MAX_COLUMNS];           /* spec column indices */
    const char *col_names[FA_GROUPS_MAX_COLUMNS]; /* borrowed from the spec */
    size_t n_groups;
    char **names;        /* display value per group (values joined by FA_GROUP_SEPARATOR) */
    const char **values; /* n_groups x n_cols, borrowed from the table's levels */
    int32_t *row_group;  /* per table row: group, or -1 when a value is missing */
    size_t n_rows;
    uint64_t n_unknown; /* rows with a missing protected value */
} fa_groups;

/**
 * Resolves the protected columns (NULL/0: the spec's only protected column)
 * and assigns every row of @p t its group.
 * @return FA_OK, FA_EINVAL (unknown or non-categorical column, duplicate,
 *         several protected columns and none chosen), FA_EDATA (no row with a
 *         known group), FA_ENOMEM.
 */
fa_status fa_groups_build(
    fa_groups *g, const fa_table *t, const char *const *cols, size_t n_cols, fa_error *err);
void fa_groups_dispose(fa_groups *g);

/** Writes "columns": [...], as a JSON key and array of the column names. */
void fa_groups_write_columns(const fa_groups *g, fa_jw *w);

/** Records the reweighing table (details) into @p m. */
fa_status fa_reweigh__record(const fa_reweighing *rw, double mix, fa_model *m, fa_error *err);

/**
 * Adversarial debiasing of a model of fo->kind on @p train (implemented in
 * adversarial.c); records its parameters, curves and adversary in the model.
 */
fa_status fa_adversarial__fit(fa_model **out,
                              const fa_table *train,
                              const double *row_weights,
                              const fa_mitigate_options *mo,
                              const fa_fit_options *fo,
                              fa_error *err);

#endif /* FA_LIB_MITIGATE_INTERNAL_H */
