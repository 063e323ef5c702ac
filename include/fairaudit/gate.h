/**
 * @file gate.h
 * Fairness policies and the CI gate: policy files, audit documents, verdicts,
 * and the CI outputs (JUnit XML, Markdown summary, the `gate` JSON section).
 *
 * The gate evaluates an *audit document* — a parsed `audit.json` (format:
 * docs/format/audit.md) — against a *policy* (docs/format/policy.md), and
 * optionally against a *baseline* audit document, without rereading any
 * data. `fairaudit audit --policy` and `fairaudit gate` share this path.
 *
 * Verdicts are results, never errors: a failing rule gives FA_OK and a
 * result whose fa_gate_result_passed() is 0. Statuses report broken inputs.
 *
 * Thread safety: loaded policies, audit documents and gate results are
 * immutable and may be shared read-only between threads.
 */
#ifndef FAIRAUDIT_GATE_H
#define FAIRAUDIT_GATE_H

#include "fairaudit/common.h"
#include "fairaudit/error.h"

FA_BEGIN_DECLS

/* ---------------------------------------------------------------------------
 * Defaults (each overridable in the policy file; see docs/format/policy.md)
 * ------------------------------------------------------------------------ */

/**
 * Groups with fewer rows than this give an inconclusive result. 30 is the
 * common rule of thumb for a normal approximation of a proportion — a
 * convention, not a regulation — and matches `fairaudit audit --min-group-size`.
 */
#define FA_POLICY_DEFAULT_MIN_GROUP_SIZE 30u

/** Supported `format_version` of policy files. */
#define FA_POLICY_FORMAT_VERSION 1

/** Highest audit.json `schema_version` major this build can gate. */
#define FA_GATE_AUDIT_SCHEMA_MAJOR 1

/* ---------------------------------------------------------------------------
 * Verdicts
 * ------------------------------------------------------------------------ */

/** The verdict of one check, and the effect a check has on the gate. */
typedef enum fa_verdict {
    FA_VERDICT_PASS = 0,        /**< within bounds (and not worse than the baseline)     */
    FA_VERDICT_WARN = 1,        /**< violated a rule of severity "warn"                  */
    FA_VERDICT_FAIL = 2,        /**< violated a rule of severity "fail"                  */
    FA_VERDICT_INCONCLUSIVE = 3 /**< CI straddles a bound, group too small, undefined     */
} fa_verdict;

/** "pass", "warn", "fail" or "inconclusive" (static string). */
FA_API const char *fa_verdict_name(fa_verdict v);

/* ---------------------------------------------------------------------------
 * Policies
 * ------------------------------------------------------------------------ */

typedef struct fa_policy fa_policy;

/**
 * Loads and validates a policy file. Every problem is reported with its
 * place: `policy.json:LINE:COLUMN: what is wrong` (err->loc holds path, line
 * and column).
 * @param[out] out the policy, free with fa_policy_free(); NULL on failure.
 * @return FA_OK; FA_EIO (cannot read); FA_EPARSE (not JSON); FA_ESCHEMA (a
 *         key is unknown, missing, of the wrong type or out of range);
 *         FA_EFORMAT (unknown `format` or `format_version`); FA_ENOMEM.
 */
FA_API fa_status fa_policy_load(fa_policy **out, const char *path, fa_error *err);

/** As fa_policy_load() from a buffer; @p name (e.g. a path) is used in messages. */
FA_API fa_status
fa_policy_parse(fa_policy **out, const char *text, size_t len, const char *name, fa_error *err);

/** Frees a policy. NULL is allowed. */
FA_API void fa_policy_free(fa_policy *policy);

/** The policy's `name` (or its file name when it has none). Borrowed. */
FA_API const char *fa_policy_name(const fa_policy *policy);
/** Number of rules. */
FA_API size_t fa_policy_n_rules(const fa_policy *policy);
/** SHA-256 of the policy file's bytes, 64 hex chars. Borrowed. */
FA_API const char *fa_policy_fingerprint(const fa_policy *policy);

/* ---------------------------------------------------------------------------
 * Audit documents (a parsed audit.json)
 * ------------------------------------------------------------------------ */

typedef struct fa_audit_doc fa_audit_doc;

/**
 * Loads an audit.json written by `fairaudit audit`. Only the parts the gate
 * needs are kept: attributes, groups (value, n, metrics, vs_reference) and
 * disparities (value, ci, reason). A document whose schema_version major is
 * not FA_GATE_AUDIT_SCHEMA_MAJOR loads with its header only: it can still be
 * named as a baseline (the gate then reports it as not comparable), but
 * fa_gate_evaluate() refuses to gate it.
 * @param[out] out the document, free with fa_audit_doc_free(); NULL on failure.
 * @return FA_OK; FA_EIO; FA_EPARSE (not JSON); FA_ESCHEMA (a required key is
 *         missing or has the wrong type; located `file:line:column`);
 *         FA_EFORMAT (no or unreadable schema_version); FA_ENOMEM.
 */
FA_API fa_status fa_audit_doc_load(fa_audit_doc **out, const char *path, fa_error *err);

/** As fa_audit_doc_load() from a buffer; @p name is used in messages. */
FA_API fa_status fa_audit_doc_parse(
    fa_audit_doc **out, const char *text, size_t len, const char *name, fa_error *err);

/** Frees an audit document. NULL is allowed. */
FA_API void fa_audit_doc_free(fa_audit_doc *doc);

/** The document's schema_version as written ("1", "1.2", …). Borrowed. */
FA_API const char *fa_audit_doc_schema_version(const fa_audit_doc *doc);
/** The name the document was loaded under (path or buffer name). Borrowed. */
FA_API const char *fa_audit_doc_name(const fa_audit_doc *doc);

/* ---------------------------------------------------------------------------
 * Gate
 * ------------------------------------------------------------------------ */

/** One check: a rule applied to one attribute and (for per-group metrics) one group. */
typedef struct fa_gate_entry {
    const char *rule;      /**< rule id */
    const char *metric;    /**< metric key as in audit.json */
    const char *attribute; /**< attribute name as in audit.json */
    const char *group;     /**< group value; NULL for an attribute-level disparity */
    fa_verdict severity;   /**< FA_VERDICT_FAIL or FA_VERDICT_WARN */
    double value;          /**< NaN when undefined or absent */
    double min;            /**< lower bound; NaN = none */
    double max;            /**< upper bound; NaN = none */
    double ci_lo, ci_hi;   /**< confidence interval; NaN = none */
    uint64_t n;            /**< rows in the group (smallest group for attribute-level) */
    double baseline;       /**< the baseline's value; NaN = not compared */
    double tolerance;      /**< allowed worsening vs the baseline; NaN = none */
    fa_verdict verdict;    /**< what the check found */
    fa_verdict outcome;    /**< its effect on the gate: PASS, WARN or FAIL */
    const char *reason;    /**< one line, plain text */
} fa_gate_entry;

typedef struct fa_gate_result fa_gate_result;

/**
 * Evaluates every rule of @p policy on @p audit (and compares with
 * @p baseline, NULL = no baseline). Missing attributes, a baseline of another
 * schema version or with other groups are verdicts with a message (see
 * docs/format/policy.md, "Baselines"), not errors.
 * @param[out] out the result, free with fa_gate_result_free(); NULL on failure.
 * @return FA_OK (whatever the verdict), FA_EINVAL (NULL argument), FA_EFORMAT
 *         (@p audit has a schema_version this build cannot gate), FA_ENOMEM.
 */
FA_API fa_status fa_gate_evaluate(fa_gate_result **out,
                                  const fa_audit_doc *audit,
                                  const fa_policy *policy,
                                  const fa_audit_doc *baseline,
                                  fa_error *err);

/** Frees a result. NULL is allowed. */
FA_API void fa_gate_result_free(fa_gate_result *result);

/** 1 when no entry's outcome is FA_VERDICT_FAIL, else 0. */
FA_API int fa_gate_result_passed(const fa_gate_result *result);
/** Number of entries (checks). */
FA_API size_t fa_gate_result_n_entries(const fa_gate_result *result);
/** Entry @p i (< n_entries); borrowed, valid until the result is freed. */
FA_API const fa_gate_entry *fa_gate_result_entry(const fa_gate_result *result, size_t i);
/** Number of entries whose verdict is @p verdict (the four verdicts partition
 *  the entries; an inconclusive entry's effect is in its `outcome`). */
FA_API size_t fa_gate_result_count(const fa_gate_result *result, fa_verdict verdict);
/** Result-level messages (e.g. about the baseline); borrowed strings. */
FA_API size_t fa_gate_result_n_messages(const fa_gate_result *result);
FA_API const char *fa_gate_result_message(const fa_gate_result *result, size_t i);
/** The name of the policy the result was made with. Borrowed. */
FA_API const char *fa_gate_result_policy_name(const fa_gate_result *result);
/** SHA-256 (hex) of the policy file the result was made with. Borrowed. */
FA_API const char *fa_gate_result_policy_fingerprint(const fa_gate_result *result);
/**
 * The baseline's name (path) or NULL when none was given; *compared_out
 * (may be NULL) is set to 1 when its schema version allowed a comparison.
 */
FA_API const char *fa_gate_result_baseline(const fa_gate_result *result, int *compared_out);

/* ---------------------------------------------------------------------------
 * CI outputs (reports/)
 * ------------------------------------------------------------------------ */

/** One gated audit, as the writers below see it. */
typedef struct fa_gate_report_item {
    const char *name;             /**< audit name (batch) or the audit file's path */
    const fa_gate_result *result; /**< NULL when the audit could not be run */
    const char *error;            /**< why it could not be run (when result is NULL) */
} fa_gate_report_item;

/**
 * Writes JUnit XML to @p path atomically: one <testsuite> per item, one
 * <testcase> per rule × attribute; a failing check becomes <failure>, a
 * warning or inconclusive check becomes a message in <system-out> (JUnit has
 * no warning element) and an item that could not be run becomes <error>.
 * @return FA_OK, FA_EINVAL, FA_EIO, FA_ENOMEM.
 */
FA_API fa_status fa_gate_write_junit(const char *path,
                                     const fa_gate_report_item *items,
                                     size_t n_items,
                                     fa_error *err);

/**
 * Writes a Markdown summary to @p path atomically: for one item, a headline
 * and one table row per rule × attribute (its worst check); for several
 * items, a roll-up table with one row per item followed by each item's table.
 * @return FA_OK, FA_EINVAL, FA_EIO, FA_ENOMEM.
 */
FA_API fa_status fa_gate_write_summary_md(const char *path,
                                          const fa_gate_report_item *items,
                                          size_t n_items,
                                          fa_error *err);

/**
 * Writes a standalone gate document (`{"schema_version", "audit", "gate"}`,
 * docs/format/policy.md "Gate output") to @p path atomically.
 * @p audit_name names the gated audit file (may be NULL).
 */
FA_API fa_status fa_gate_write_json(const char *path,
                                    const fa_gate_result *result,
                                    const char *audit_name,
                                    fa_error *err);

/**
 * Writes the audit.json text @p audit_json (as produced by `fairaudit
 * audit`, a JSON object) to @p path atomically with the `gate` section added
 * as its last key (replacing an existing top-level `gate`).
 * @return FA_OK, FA_EINVAL, FA_EPARSE (text is not a JSON object), FA_EIO,
 *         FA_ENOMEM.
 */
FA_API fa_status fa_gate_write_into_audit(const char *path,
                                          const char *audit_json,
                                          size_t len,
                                          const fa_gate_result *result,
                                          fa_error *err);

/**
 * A short human summary (a few lines, no trailing newline issues) for stderr:
 * "gate: FAILED (2 failed, 1 warning) — four_fifths sex=female: …".
 * @param[out] text_out NUL-terminated text, free with fa_gate_text_free().
 */
FA_API fa_status fa_gate_format_text(const fa_gate_result *result, char **text_out, fa_error *err);
FA_API void fa_gate_text_free(char *text);

FA_END_DECLS

#endif /* FAIRAUDIT_GATE_H */
