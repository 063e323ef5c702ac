/*
 * lib/mitigate/compare_internal.h — the fa_comparison object (internal;
 * shared by compare.c, which reads two audit.json files and pairs their
 * metrics, and compare_render.c, which prints the pairs).
 */
#ifndef FA_LIB_MITIGATE_COMPARE_INTERNAL_H
#define FA_LIB_MITIGATE_COMPARE_INTERNAL_H

#include "fairaudit/mitigate.h"

#include "common/internal.h"

/** Direction in which a metric gets better. */
typedef enum fa_cmp_better {
    FA_CMP_NEUTRAL = 0,
    FA_CMP_LOWER = 1,
    FA_CMP_HIGHER = 2,
    FA_CMP_CLOSER = 3
} fa_cmp_better;

typedef struct fa_cmp_row {
    char *scope, *attribute, *group, *metric; /* attribute/group may be NULL */
    double before, after;
    char *before_note, *after_note; /* NULL when defined */
    int before_ci_known, after_ci_known;
    double before_ci[2], after_ci[2];
    fa_cmp_better better;
    double ideal;
    fa_change verdict;
} fa_cmp_row;

/** What identifies one side of the comparison. */
typedef struct fa_cmp_side {
    char *path;
    char *predictions; /* input.path of the audit */
    char *fingerprint; /* input fingerprint value, or NULL */
    double rows_used;
    char *decision; /* "threshold", "column", "thresholds" */
} fa_cmp_side;

struct fa_comparison {
    fa_cmp_side side[2];
    fa_cmp_row *rows;
    size_t n, cap;
    size_t hint; /* where the next row of the second report is expected */
};

/** "improved", "worsened", "unchanged", "neutral", "undefined". */
const char *fa_cmp_verdict_name(fa_change v);
/** "lower", "higher", "closer_to_ideal", null for neutral. */
const char *fa_cmp_better_name(fa_cmp_better b);

#endif /* FA_LIB_MITIGATE_COMPARE_INTERNAL_H */
