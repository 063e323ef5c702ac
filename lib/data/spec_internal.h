/*
 * lib/data/spec_internal.h — the parsed dataset spec, as the table loader
 * sees it (internal). The format is documented in docs/format/spec.md.
 */
#ifndef FA_LIB_DATA_SPEC_INTERNAL_H
#define FA_LIB_DATA_SPEC_INTERNAL_H

#include <stdbool.h>

#include "common/internal.h"
#include "data/strdict.h"
#include "fairaudit/data.h"

#define FA_SPEC_FORMAT         "fairaudit-spec"
#define FA_SPEC_FORMAT_VERSION 1
#define FA_SPEC_NONE           SIZE_MAX

/** A value map: raw text -> replacement (values pass through when absent). */
typedef struct fa_spec_map {
    fa_strdict from;  /* raw values */
    fa_strdict to;    /* distinct replacement values */
    size_t *to_index; /* per key of from: index into to */
} fa_spec_map;

/** A cut of numbers into labelled intervals [-inf,b1), [b1,b2), ..., [bk,+inf). */
typedef struct fa_spec_cut {
    double *breaks;   /* strictly increasing, n_breaks */
    size_t n_breaks;
    fa_strdict labels; /* n_breaks + 1 labels (distinct) */
} fa_spec_cut;

typedef struct fa_spec_col {
    char *name;
    fa_role role;
    bool derived;      /* listed under "derived" */
    size_t source;     /* derived: index of its source (a file column) */
    bool has_map;
    fa_spec_map map;
    bool has_cut;
    fa_spec_cut cut;
    fa_strdict missing; /* column-specific missing tokens (besides the spec's) */
    uint32_t line, column; /* of the column's "name" value in the spec */
} fa_spec_col;

struct fa_spec {
    char *name;
    char *path;        /* spec file name, for messages */
    char fingerprint[65];
    char delimiter, quote, comment;
    bool header, trim, skip_empty_lines;
    fa_strdict missing; /* missing-value tokens ("" always counts as missing) */
    fa_incomplete_policy incomplete;
    fa_spec_col *cols;  /* file columns first, then derived ones */
    size_t n_cols, n_file_cols;
    size_t label;       /* index into cols */
    size_t weight;      /* index into cols, or FA_SPEC_NONE */
    char *positive, *negative;
    bool positive_is_favorable;
};

/** Looks up mapped value of s[0..n); returns false when s is not mapped. */
bool fa_spec__map_lookup(const fa_spec_map *m, const char *s, size_t n, const char **out,
                         size_t *out_len);

/** Index of interval for x (0..n_breaks). */
size_t fa_spec__cut_bin(const fa_spec_cut *c, double x);

#endif /* FA_LIB_DATA_SPEC_INTERNAL_H */
