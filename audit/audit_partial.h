/*
 * audit/audit_partial.h — partial audits, internal to audit/ (audit_partial.c: lifetime,
 * runs, merges; audit_partial_json.c: the file format of docs/format/partial.md).
 */
#ifndef FA_AUDIT_AUDIT_PARTIAL_H
#define FA_AUDIT_AUDIT_PARTIAL_H

#include "audit/audit_private.h"

#define FA_PARTIAL_FORMAT         "fairaudit-partial-audit"
#define FA_PARTIAL_FORMAT_VERSION 1

struct fa_audit_partial {
    pass_state P;          /* accumulators, group index, counters; P.opts = &opts */
    fa_audit_options opts; /* owned copy */
    char *path;            /* the first input, as given */
    uint64_t n_inputs;     /* distinct inputs merged in (1 for one file, MPI parts included) */
    char *shown_path;      /* what the report calls the input */
};

/** Deep copy of options (strings and lists owned by dst; no log callback). */
fa_status fa_audit__options_copy(fa_audit_options *dst, const fa_audit_options *src,
                                 fa_error *err);
void fa_audit__options_dispose(fa_audit_options *o);
/** The name of the first setting in which two audits differ, or NULL when none does. */
const char *fa_audit__options_differ(const fa_audit_options *a, const fa_audit_options *b);

/** An empty partial with these options and input path. */
fa_status fa_audit__partial_new(fa_audit_partial **out, const fa_audit_options *opts,
                                const char *path, fa_error *err);
/** The cell of a tuple of value ids in dst, created (in order) when new; FA_EDATA past
 *  max_groups (located at @p what). */
fa_status fa_audit__partial_cell(fa_audit_partial *dst, const uint32_t *ids, uint32_t *cell,
                                 const char *what, fa_error *err);
/** Adds another input's counters and provenance. */
fa_status fa_audit__partial_add_input(fa_audit_partial *dst, const char *path, uint64_t n_inputs,
                                      const char *fingerprint, uint64_t read, uint64_t used,
                                      uint64_t skip_label, uint64_t skip_score, fa_error *err);

#endif
