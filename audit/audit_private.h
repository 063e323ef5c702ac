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

/** A part of a file's data for one MPI rank: lines starting in its byte range. */
typedef struct fa_audit_split {
    unsigned index, count;
} fa_audit_split;

typedef struct pass_state {
    const fa_audit_options *opts;
    const fa_audit_split *split; /* NULL: the whole input */
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
    fa_acc_part *part;           /* rows go here when set (block pipeline), else into acc */
    uint64_t rows_read, rows_used, skipped_label, skipped_score, dropped_by_spec;
    char fingerprint[65];
} pass_state;

/* ---- one row of a predictions file (audit.c) ----------------------------------------------- */

/** The fields a row needs, by slot; decision and weight are NULL when there is no such column. */
enum { FA_SLOT_LABEL = 0, FA_SLOT_SCORE = 1, FA_SLOT_DECISION = 2, FA_SLOT_WEIGHT = 3,
       FA_N_SLOTS = 4 };

/** What a row is: used, skipped, or the first thing wrong with it (checked in this order). */
typedef enum fa_row_code {
    FA_ROW_USED = 0,
    FA_ROW_SKIP_LABEL,        /* missing label: skipped */
    FA_ROW_SKIP_SCORE,        /* missing score: skipped */
    FA_ROW_BAD_LABEL,
    FA_ROW_SCORE_NOT_NUMBER,
    FA_ROW_SCORE_NOT_FINITE,
    FA_ROW_SCORE_OUT_OF_RANGE,
    FA_ROW_BAD_DECISION,
    FA_ROW_WEIGHT_NOT_NUMBER,
    FA_ROW_WEIGHT_NOT_FINITE,
    FA_ROW_WEIGHT_NEGATIVE
} fa_row_code;

typedef struct fa_row_vals {
    double score, weight;
    int label, decision;
} fa_row_vals;

/** Checks and converts the fields of one row; the same rules for every reading path. */
fa_row_code fa_audit__check_row(const pass_state *P, const char *const *s, const size_t *n,
                                fa_row_vals *out);

/** The reference path: one record from the CSV reader (errors located, rows into P). */
fa_status fa_audit__process_record(pass_state *P, const fa_csv_record *rec);

/** Emits progress messages for rows read in (before, P->rows_read]. */
void fa_audit__progress(const pass_state *P, uint64_t before);

/**
 * Test hook: for this thread's next fa_audit_run() calls, blocks of about @p block_bytes
 * (0 = the default) and, with @p fast false, every block read by the reference path.
 */
void fa_audit__test_hooks(size_t block_bytes, bool fast);

/** The streaming pass over P->reader (audit_pass.c): blocks, threads, accumulators. */
fa_status fa_audit__stream(pass_state *P, unsigned threads);

/** Opens @p path and runs the pass into P (audit.c); dispose P in every case. */
fa_status fa_audit__collect(pass_state *P, const char *path, const fa_audit_options *opts,
                            const fa_audit_split *split, fa_error *err);
void fa_audit__pass_dispose(pass_state *P);
/** The "no rows to audit" error of P. */
fa_status fa_audit__no_rows(const pass_state *P, fa_error *err);

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
