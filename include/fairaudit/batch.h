/**
 * @file batch.h
 * Batch audits: many models or prediction files audited and gated under one
 * policy in one run (docs/format/batch.md).
 *
 * A manifest lists audits, each with a name and one input: an existing
 * audit.json, a predictions file with audit options, or a model with its data
 * and dataset spec. fa_batch_run() audits each into OUT/<name>/ (audit.json
 * with its `gate` section, junit.xml, summary.md) and writes a roll-up:
 * OUT/batch.json, OUT/summary.md and OUT/junit.xml (one suite per audit).
 * One broken input is reported in the roll-up and does not stop the others.
 */
#ifndef FAIRAUDIT_BATCH_H
#define FAIRAUDIT_BATCH_H

#include "fairaudit/common.h"
#include "fairaudit/error.h"

FA_BEGIN_DECLS

/** Supported `format_version` of batch manifests. */
#define FA_BATCH_FORMAT_VERSION 1

/** Longest audit name (it becomes a folder name). */
#define FA_BATCH_NAME_MAX 100

typedef struct fa_batch fa_batch;

/**
 * Loads and validates a manifest. Paths inside it are relative to the
 * manifest's folder. Problems are located `manifest.json:LINE:COLUMN`.
 * The input files themselves are not opened here.
 * @param[out] out the manifest, free with fa_batch_free(); NULL on failure.
 * @return FA_OK, FA_EIO, FA_EPARSE, FA_ESCHEMA (unknown/missing key, wrong
 *         type, bad or duplicate name, no or several inputs), FA_EFORMAT,
 *         FA_ENOMEM.
 */
FA_API fa_status fa_batch_load(fa_batch **out, const char *path, fa_error *err);

/** Frees a manifest. NULL is allowed. */
FA_API void fa_batch_free(fa_batch *batch);

/** Number of audits in the manifest. */
FA_API size_t fa_batch_n_audits(const fa_batch *batch);
/** Name of audit @p i (its folder under the output folder). Borrowed. */
FA_API const char *fa_batch_audit_name(const fa_batch *batch, size_t i);
/** The policy path (resolved against the manifest's folder). Borrowed. */
FA_API const char *fa_batch_policy_path(const fa_batch *batch);

/** Options for fa_batch_run(). Initialise with FA_BATCH_OPTIONS_INIT. */
typedef struct fa_batch_options {
    unsigned version;   /**< FA_BATCH_OPTIONS_VERSION */
    const char *policy; /**< policy file overriding the manifest's; NULL = the manifest's */
    fa_log_fn log;      /**< one line per audit and per broken input; NULL = silent */
    void *log_payload;
} fa_batch_options;

#define FA_BATCH_OPTIONS_VERSION 1
#define FA_BATCH_OPTIONS_INIT                                                                      \
    {                                                                                              \
        FA_BATCH_OPTIONS_VERSION, NULL, NULL, NULL                                                 \
    }
FA_API void fa_batch_options_init(fa_batch_options *opts);

/** What a batch run found. */
typedef struct fa_batch_summary {
    size_t n_audits; /**< audits in the manifest */
    size_t n_passed; /**< audited, gate passed */
    size_t n_failed; /**< audited, gate failed */
    size_t n_errors; /**< could not be audited (broken input); see batch.json */
} fa_batch_summary;

/**
 * Runs every audit of @p batch into @p out_dir (created if missing) and
 * writes the roll-up. A broken input of one audit is recorded (its error in
 * batch.json, an <error> test case in junit.xml) and the run goes on.
 * @param[out] summary_out counts (may be NULL).
 * @return FA_OK when the batch ran — whatever the verdicts and broken inputs;
 *         FA_EIO (cannot create or write the output folder or roll-up);
 *         FA_EPARSE/FA_ESCHEMA/FA_EFORMAT (the policy is invalid: nothing is
 *         audited); FA_EINVAL; FA_ENOMEM.
 */
FA_API fa_status fa_batch_run(const fa_batch *batch,
                              const char *out_dir,
                              const fa_batch_options *opts,
                              fa_batch_summary *summary_out,
                              fa_error *err);

FA_END_DECLS

#endif /* FAIRAUDIT_BATCH_H */
