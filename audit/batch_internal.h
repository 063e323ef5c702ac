/*
 * audit/batch_internal.h — a loaded batch manifest (private; the runner in
 * reports/batch_run.c and white-box tests read it).
 */
#ifndef FA_AUDIT_BATCH_INTERNAL_H
#define FA_AUDIT_BATCH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fairaudit/batch.h"

#include "common/internal.h"

typedef enum fa_batch_input {
    FA_BATCH_INPUT_AUDIT = 0,       /* an existing audit.json: gate only */
    FA_BATCH_INPUT_PREDICTIONS = 1, /* a predictions file + audit options */
    FA_BATCH_INPUT_MODEL = 2        /* a model + data + spec */
} fa_batch_input;

/* One `reference` choice: attribute = value. */
typedef struct fa_batch_ref {
    char *attribute;
    char *value;
} fa_batch_ref;

/* Audit options of one entry (after merging "defaults"). NULL / NaN / -1 = unset. */
typedef struct fa_batch_audit_opts {
    char *label, *score, *decision, *weight, *favorable;
    char *label_values[2]; /* strings standing for label 0 and 1, or NULLs */
    double threshold;      /* NaN = unset */
    char **protected_attrs;
    size_t n_protected;
    fa_batch_ref *refs;
    size_t n_refs;
    int intersections;                       /* -1 unset, 0, 1 */
    int64_t bootstrap, seed, min_group_size; /* -1 = unset */
} fa_batch_audit_opts;

typedef struct fa_batch_entry {
    char *name;
    fa_batch_input input;
    char *audit;               /* FA_BATCH_INPUT_AUDIT */
    char *predictions;         /* FA_BATCH_INPUT_PREDICTIONS */
    char *model, *data, *spec; /* FA_BATCH_INPUT_MODEL (spec: default the model's own) */
    char *baseline;            /* resolved path, or NULL */
    fa_batch_audit_opts opts;
    uint32_t line; /* where the entry starts in the manifest */
} fa_batch_entry;

struct fa_batch {
    char *path;
    char *policy;       /* resolved path */
    char *baseline_dir; /* resolved path, or NULL */
    fa_batch_entry *entries;
    size_t n_entries;
};

/* The audit.json text of entry @p e (reports/batch_audit.c); model entries
 * write their predictions to @p pred_path first. *text_out: fa_free(). */
fa_status fa_batch__produce(const fa_batch_entry *e,
                            const char *pred_path,
                            char **text_out,
                            size_t *len_out,
                            fa_error *err);

#endif
