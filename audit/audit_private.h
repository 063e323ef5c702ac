/*
 * audit/audit_private.h — state shared by audit.c (the pass) and audit_build.c (the result),
 * internal to audit/.
 */
#ifndef FA_AUDIT_AUDIT_PRIVATE_H
#define FA_AUDIT_AUDIT_PRIVATE_H

#include <stdarg.h>
#include <stdio.h>

#include "audit/audit_internal.h"
#include "audit/group_index.h"
#include "fairaudit/data.h"
#include "metrics/accum.h"

#define FA_NO_COL ((size_t)-1)
#define FA_AUDIT_MAX_TH_COLUMNS 8

typedef struct pass_state {
    const fa_audit_options *opts;
    fa_error *err;
    fa_csv_reader *reader;       /* predictions-file mode; NULL for tables */
    const char *path;            /* input as shown in messages and the report */
    const char *model_path;      /* model mode: the model file, else NULL */
    const char *const *header;
    size_t n_header;
    size_t col_label, col_score, col_decision, col_weight;
    size_t n_prot;
    size_t *col_prot;
    size_t col_th[FA_AUDIT_MAX_TH_COLUMNS]; /* thresholds' columns (opts->thresholds) */
    uint32_t *ids;               /* scratch: value ids of the current row */
    const char *label_values[2]; /* NULL = numeric */
    size_t label_len[2];
    fa_gindex gi;
    fa_acc *acc;
    uint64_t rows_read, rows_used, skipped_label, skipped_score, dropped_by_spec;
    char fingerprint[65];
} pass_state;

/** Validates audit options (audit.c). */
fa_status fa_audit__check_options(const fa_audit_options *o, fa_error *err);

/** Adds one validated row (cell lookup included); FA_EDATA past max_groups. */
fa_status fa_audit__add(pass_state *P, const fa_csv_record *rec, double score, int label,
                        int decision, double weight);

/** Frees what an attribute entry owns (audit_build.c). */
void fa_audit__attr_dispose(fa_audit_attr *at);

/** Builds the result from the accumulated state (audit_build.c). */
fa_status fa_audit__build(const pass_state *P, fa_audit_result **out, fa_error *err);

#endif
