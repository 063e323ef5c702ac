/*
 * metrics/metrics.h — every audit figure as a pure function of accumulated summaries.
 *
 * Layering: metrics/ (pure: no I/O, no third-party headers); used by audit/.
 *
 *  - fa_summary: the moments of a set of finest cells (a group, an intersection, everyone),
 *    obtained by merging cells (fa_acc_summarize) or by resampling them (bootstrap.c). It is
 *    the only input of the metric functions below; none of them loops over rows.
 *  - fa_value: a number or "undefined" with a static reason string. NaN never stands for
 *    undefined on its own: a zero denominator yields {NaN, "reason"}, never a silent 0.
 *
 * Conventions (docs/metrics.md): the favourable value f (0 or 1) is the positive class of
 * every confusion-based figure (AIF360's favorable_label; fairlearn's pos_label); score
 * figures (mean score, Brier, log-loss, AUC, KS, calibration) are about the event label == 1,
 * which is what the score predicts (decision = score >= threshold -> 1).
 */
#ifndef FA_METRICS_METRICS_H
#define FA_METRICS_METRICS_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "metrics/accum.h"

/* ---- values ---------------------------------------------------------------------------- */

typedef struct fa_value {
    double v;           /**< the number; NaN when undefined */
    const char *reason; /**< NULL when defined, else a static explanation */
} fa_value;

static inline fa_value fa_value_of(double v)
{
    fa_value x = {v, NULL};
    return x;
}

static inline fa_value fa_value_undef(const char *reason)
{
    fa_value x = {(double)NAN, reason};
    return x;
}

static inline bool fa_value_defined(fa_value x)
{
    return x.reason == NULL;
}

/* ---- summaries ------------------------------------------------------------------------- */

/** Weighted moments of one (label, decision, calibration bin) slot. */
typedef struct fa_moments {
    double n;   /**< rows */
    double w;   /**< sum of weights (= n without weights) */
    double ws;  /**< sum of w * score */
    double ws2; /**< sum of w * score^2 */
} fa_moments;

typedef struct fa_summary {
    unsigned n_cal;
    fa_moments *mom;      /**< 4 * n_cal: index (label*2 + decision)*n_cal + bin */
    double *cal_edges;    /**< n_cal + 1 calibration edges */
    double loss[2];       /**< sum of w * log-loss by label; NaN unless probabilities */
    double ww;            /**< sum of w^2 (= rows without weights) */
    uint64_t rows;        /**< rows (unweighted) */
    double lo, hi;        /**< score range */
    bool probabilities;   /**< scores are probabilities (range [0, 1]) */
    bool has_dist;
    fa_scoredist dist;    /**< score distribution (AUC, KS, sweep); absent in replicates */
} fa_summary;

/** An empty summary shaped like the accumulator's (moments zero). */
fa_status fa_summary_init(fa_summary *s, const fa_acc *a, fa_error *err);
void fa_summary_dispose(fa_summary *s);

/**
 * Summary of the given cells. Without weights, integer sums are merged first and converted
 * once (the result does not depend on the order of cells); with weights, doubles are added
 * in the order given (pass cells in a canonical order). with_dist adds the score
 * distribution. FA_OK or FA_ENOMEM.
 */
fa_status fa_acc_summarize(const fa_acc *a, const uint32_t *cells, size_t n_cells, bool with_dist,
                           fa_summary *out, fa_error *err);

/** Converts one cell's exact state to double moments (4*n_cal), log-loss and sum w^2. */
void fa_acc_cell_moments(const fa_acc *a, uint32_t cell, fa_moments *mom, double loss[2],
                         double *ww);

/** Adds moments of one cell (as from fa_acc_cell_moments or a resample) to a summary. */
void fa_summary_add(fa_summary *s, const fa_moments *mom, const double loss[2], double ww,
                    uint64_t rows);

/** Weighted confusion counts with the favourable value f as positive. */
typedef struct fa_confusion {
    double tp, fp, tn, fn;     /**< weighted */
    uint64_t ntp, nfp, ntn, nfn; /**< rows */
} fa_confusion;

void fa_summary_confusion(const fa_summary *s, int favorable, fa_confusion *out);

/** Adds b into a (pooled groups). */
void fa_confusion_add(fa_confusion *a, const fa_confusion *b);

/* ---- per-group metrics ----------------------------------------------------------------- */

typedef enum fa_gmetric {
    FA_GM_SELECTION_RATE = 0,
    FA_GM_TPR,
    FA_GM_FPR,
    FA_GM_TNR,
    FA_GM_FNR,
    FA_GM_PPV,
    FA_GM_NPV,
    FA_GM_FDR,
    FA_GM_FOR,
    FA_GM_ACCURACY,
    FA_GM_BASE_RATE,
    FA_GM_MEAN_SCORE,
    FA_GM_BRIER,
    FA_GM_LOG_LOSS,
    FA_GM_AUC,
    FA_GM_KS,
    FA_GM_ECE,
    FA_GM_COUNT
} fa_gmetric;

/** JSON key of a per-group metric ("selection_rate", "tpr", ...). */
const char *fa_gmetric_key(fa_gmetric m);

/** A confusion rate (FA_GM_SELECTION_RATE .. FA_GM_BASE_RATE) from weighted counts. */
fa_value fa_rate(const fa_confusion *c, fa_gmetric m);

/**
 * All per-group metrics of a summary. Score metrics that need the distribution (AUC, KS)
 * are undefined with a reason when s->has_dist is false.
 */
void fa_group_metrics(const fa_summary *s, int favorable, fa_value out[FA_GM_COUNT]);

fa_value fa_mean_score(const fa_summary *s);
fa_value fa_brier(const fa_summary *s);
fa_value fa_log_loss(const fa_summary *s);
fa_value fa_ece(const fa_summary *s);

/** One row of a calibration table (scores in (lo, hi], the first bin also holds lo). */
typedef struct fa_cal_row {
    double lo, hi;
    uint64_t n;
    double w;
    fa_value mean_score;
    fa_value positive_rate; /**< weighted share of label 1 */
} fa_cal_row;

/** Fills out[0..n_cal-1]. */
void fa_calibration(const fa_summary *s, fa_cal_row *out);

/* ---- ranking figures from score distributions (ranking.c) ------------------------------ */

/** ROC AUC of the score for label 1 (ties count 1/2). Histograms: within-bin correction. */
fa_value fa_auc(const fa_scoredist *d);
/** Two-sample KS statistic between the label-1 and label-0 score distributions. */
fa_value fa_ks(const fa_scoredist *d);

/** Per-group threshold sweep on thresholds lo + k*(hi-lo)/steps, k = 0..steps. */
typedef struct fa_sweep_point {
    double threshold;
    fa_value selection_rate, tpr, fpr;
} fa_sweep_point;

#define FA_SWEEP_STEPS 100u

/** out has steps+1 entries; steps must divide FA_HIST_BINS_BASE. */
void fa_sweep(const fa_scoredist *d, int favorable, unsigned steps, fa_sweep_point *out);


/* ---- disparities (disparity.c; THE table in metric_table.c) ---------------------------- */

/** What a disparity needs from one group of an attribute. */
typedef struct fa_disp_group {
    fa_confusion conf; /**< weighted, favourable value positive */
    fa_value ece;      /**< the group's expected calibration error */
} fa_disp_group;

/** The known groups of one attribute (or intersection) and its reference group. */
typedef struct fa_disp_input {
    size_t n_groups;
    const fa_disp_group *groups;
    size_t ref; /**< index of the reference group */
} fa_disp_input;

typedef enum fa_disparity {
    FA_D_DEMOGRAPHIC_PARITY_DIFF = 0,
    FA_D_DEMOGRAPHIC_PARITY_RATIO,
    FA_D_EQUALIZED_ODDS_DIFF,
    FA_D_EQUALIZED_ODDS_RATIO,
    FA_D_EQUAL_OPPORTUNITY_DIFF,
    FA_D_STATISTICAL_PARITY_DIFF,
    FA_D_DISPARATE_IMPACT,
    FA_D_EQUAL_OPPORTUNITY_DIFF_VS_REF,
    FA_D_AVERAGE_ODDS_DIFF,
    FA_D_AVERAGE_ABS_ODDS_DIFF,
    FA_D_THEIL_INDEX,
    FA_D_GENERALIZED_ENTROPY_INDEX,
    FA_D_BETWEEN_GROUP_THEIL_INDEX,
    FA_D_BETWEEN_ALL_GROUPS_THEIL_INDEX,
    FA_D_CALIBRATION_GAP,
    FA_D_COUNT
} fa_disparity;

/** Which way is better, for reports and gates. */
typedef enum fa_better {
    FA_BETTER_LOWER = 0,  /**< 0 is ideal, larger is worse (spreads, indices) */
    FA_BETTER_HIGHER,     /**< 1 is ideal, smaller is worse (min/max ratios) */
    FA_BETTER_CLOSER      /**< signed: the ideal value is best, both directions worse */
} fa_better;

typedef struct fa_disparity_def {
    fa_disparity id;
    const char *key;     /**< JSON key */
    const char *source;  /**< library function it reproduces */
    fa_better better;
    double ideal;
    fa_value (*fn)(const fa_disp_input *in);
} fa_disparity_def;

/** The disparity table, in JSON order (fa_disparity order). */
const fa_disparity_def *fa_disparity_table(void);

/** All disparities of one attribute. */
void fa_disparities(const fa_disp_input *in, fa_value out[FA_D_COUNT]);

/* the functions the table points at (disparity.c) */
fa_value fa_disp_dp_difference(const fa_disp_input *in);
fa_value fa_disp_dp_ratio(const fa_disp_input *in);
fa_value fa_disp_eo_difference(const fa_disp_input *in);
fa_value fa_disp_eo_ratio(const fa_disp_input *in);
fa_value fa_disp_eop_difference(const fa_disp_input *in);
fa_value fa_disp_sp_difference(const fa_disp_input *in);
fa_value fa_disp_disparate_impact(const fa_disp_input *in);
fa_value fa_disp_eop_difference_vs_ref(const fa_disp_input *in);
fa_value fa_disp_average_odds(const fa_disp_input *in);
fa_value fa_disp_average_abs_odds(const fa_disp_input *in);
fa_value fa_disp_theil(const fa_disp_input *in);
fa_value fa_disp_ge2(const fa_disp_input *in);
fa_value fa_disp_between_group_theil(const fa_disp_input *in);
fa_value fa_disp_between_all_groups_theil(const fa_disp_input *in);
fa_value fa_disp_calibration_gap(const fa_disp_input *in);

/** Generalized entropy index of the benefits b = 1 + [d=f] - [y=f] (b in {0,1,2}) of the
 *  rows counted in c, for alpha = 1 (Theil) or 2. */
fa_value fa_generalized_entropy(const fa_confusion *c, int alpha);

/* ---- per group against the reference (lending.c) --------------------------------------- */

typedef enum fa_ptest {
    FA_PTEST_NONE = 0,
    FA_PTEST_Z,      /**< two-proportion z test, pooled variance */
    FA_PTEST_FISHER  /**< Fisher's exact test, two-sided */
} fa_ptest;

/** Fisher's exact test is used when an expected cell of the 2x2 table is below this
 *  (Cochran's rule, the usual validity condition of the z / chi-square approximation). */
#define FA_FISHER_MIN_EXPECTED 5.0

typedef struct fa_vsref {
    fa_value adverse_impact_ratio;      /**< SR_g / SR_ref */
    fa_value selection_rate_difference; /**< SR_g - SR_ref */
    fa_value tpr_difference;            /**< TPR_g - TPR_ref */
    fa_value fpr_difference;            /**< FPR_g - FPR_ref */
    fa_value smd;                       /**< (mean_g - mean_ref) / pooled SD of scores */
    fa_value shortfall;                 /**< max(0, SR_ref * W_g - favourable_g) */
    fa_value p_value;                   /**< selection rate g vs ref */
    fa_value p_value_adjusted;          /**< Holm over the attribute (set by fa_holm) */
    fa_ptest test;
} fa_vsref;

/** Group g against the reference group. weighted selects Kish effective sizes for the test. */
void fa_vs_reference(const fa_summary *g, const fa_summary *ref, int favorable, bool weighted,
                     fa_vsref *out);

/**
 * The effect sizes of fa_vs_reference only (adverse impact ratio, the three differences, SMD,
 * shortfall), without the significance test: p_value and p_value_adjusted are left undefined
 * and test is FA_PTEST_NONE. This is what a bootstrap replicate evaluates.
 */
void fa_vs_effects(const fa_summary *g, const fa_summary *ref, int favorable, fa_vsref *out);

/** The comparisons with the reference group that get bootstrap intervals. */
typedef enum fa_vsfig {
    FA_VS_ADVERSE_IMPACT_RATIO = 0,
    FA_VS_SELECTION_RATE_DIFF,
    FA_VS_TPR_DIFF,
    FA_VS_FPR_DIFF,
    FA_VS_SMD,
    FA_VS_COUNT
} fa_vsfig;

/** JSON key of a comparison ("adverse_impact_ratio", ...; the vs_reference key). */
const char *fa_vsfig_key(fa_vsfig f);
/** The field of @p vs that @p f names. */
fa_value fa_vsfig_get(const fa_vsref *vs, fa_vsfig f);

/** Two-sided p-value of the two-proportion z test (pooled), or undefined. */
fa_value fa_ztest_p(double x1, double n1, double x2, double n2);
/** Two-sided Fisher exact p-value of [[x1, n1-x1], [x2, n2-x2]] (scipy's definition). */
double fa_fisher_p(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2);
/** Holm step-down adjustment of the defined p-values in p[0..n-1] into adj (same order);
 *  undefined entries stay undefined. Returns false when out of memory (the caller must
 *  fail with FA_ENOMEM: an "undefined" adjusted p-value would hide the failure). */
bool fa_holm(const fa_value *p, size_t n, fa_value *adj);


/* ---- bootstrap (bootstrap.c) --------------------------------------------------------- */

/** Percentile interval of one disparity (or one group figure). */
typedef struct fa_boot_ci {
    fa_value lo, hi;
    unsigned n_defined; /**< replicates where the figure was defined */
} fa_boot_ci;

/**
 * Percentile intervals of one group's own figures and of its comparisons with the reference
 * group, from the same replicates as the disparities. metrics[m] is computed for the figures
 * fa_gmetric_bootstrapped(m) accepts; the others (and vs[] of the reference group itself)
 * have n_defined 0 and undefined bounds.
 */
typedef struct fa_boot_group_ci {
    fa_boot_ci metrics[FA_GM_COUNT];
    fa_boot_ci vs[FA_VS_COUNT];
} fa_boot_group_ci;

/**
 * Whether the bootstrap gives group metric m an interval: the confusion rates
 * (selection_rate .. base_rate), mean_score and ece. Brier score and log-loss need
 * within-atom second moments the resampling does not carry, AUC and KS the score
 * distribution replicates do not have (docs/metrics.md, "Uncertainty").
 */
bool fa_gmetric_bootstrapped(fa_gmetric m);

/** How the finest cells form the groups of one attribute. */
typedef struct fa_boot_attr {
    size_t n_groups;
    const size_t *group_of_cell; /**< per cell: group index, or SIZE_MAX (unknown value) */
    size_t ref;                  /**< reference group */
    fa_boot_group_ci *group_ci;  /**< optional output: n_groups per-group intervals, filled by
                                      fa_bootstrap from the same replicates; NULL = none */
} fa_boot_attr;

typedef struct fa_boot_options {
    unsigned replicates; /**< >= 1 */
    uint64_t seed;
    double level;        /**< confidence level, e.g. 0.95 */
    int favorable;
    const uint32_t *cell_order; /**< order in which cells are added into groups (a canonical
                                     order makes results independent of cell numbering);
                                     NULL = index order */
    size_t batch_values;        /**< replicate values held at once; 0 = FA_BOOT_BATCH_VALUES
                                     (smaller only to test the batching) */
} fa_boot_options;


/**
 * Bootstrap percentile intervals of every disparity of every attribute, by resampling the
 * accumulated counts: each replicate draws, per finest cell, a multinomial over the cell's
 * atoms with the cell's row count (a row bootstrap stratified by cell). cell_ids give every
 * cell a stable 64-bit identity (e.g. a hash of its values): replicate r of cell c uses the
 * random stream (seed ^ cell_ids[c], r), so results do not depend on cell order or on how
 * the rows were split before merging. out holds n_attrs * FA_D_COUNT intervals. Where
 * attrs[a].group_ci is not NULL it receives the intervals of every group of attribute a
 * (fa_boot_group_ci). A replicate where a figure is undefined is left out of its interval
 * (n_defined counts the others). The replicate values are held in memory in batches of at
 * most FA_BOOT_BATCH_VALUES doubles; when more are needed the cells are resampled again per
 * batch from the same streams, so the result does not depend on the batching.
 * @return FA_OK, FA_EINVAL, FA_ENOMEM.
 */
fa_status fa_bootstrap(const fa_acc *acc, const uint64_t *cell_ids, const fa_boot_attr *attrs,
                       size_t n_attrs, const fa_boot_options *opts, fa_boot_ci *out,
                       fa_error *err);

/** Replicate values held at once by fa_bootstrap (doubles, 128 MiB). */
#define FA_BOOT_BATCH_VALUES ((size_t)1 << 24)

/** Linear-interpolation quantile (numpy's default) of sorted x[0..n-1], n >= 1. */
double fa_quantile_sorted(const double *x, size_t n, double q);

#endif /* FA_METRICS_METRICS_H */
