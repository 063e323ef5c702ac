/**
 * @file report.h
 * Reports of an audit result. The JSON report (audit.json) is the machine contract users'
 * pipelines read; its format is documented in docs/format/audit.md with a JSON Schema in
 * docs/format/audit.schema.json. Reports never compute metrics: they print a result.
 */
#ifndef FAIRAUDIT_REPORT_H
#define FAIRAUDIT_REPORT_H

#include "fairaudit/audit.h"
#include "fairaudit/common.h"
#include "fairaudit/error.h"

FA_BEGIN_DECLS

/** Version of the audit.json format written by this library. */
#define FA_AUDIT_JSON_SCHEMA_VERSION 1

/** Options for the JSON report. Initialise with FA_REPORT_OPTIONS_INIT. */
typedef struct fa_report_options {
    unsigned version;       /**< FA_REPORT_OPTIONS_VERSION */
    int64_t generated_at;   /**< seconds since the Unix epoch written as "generated_at";
                                 negative = omit the key */
    int pretty;             /**< indent (default 1) */
} fa_report_options;

#define FA_REPORT_OPTIONS_VERSION 1
#define FA_REPORT_OPTIONS_INIT {FA_REPORT_OPTIONS_VERSION, -1, 1}

/** Sets *opts to FA_REPORT_OPTIONS_INIT. */
FA_API void fa_report_options_init(fa_report_options *opts);

/**
 * Renders the audit.json document.
 * @param opts NULL = defaults.
 * @param[out] json_out NUL-terminated text ending in a newline; free with fa_report_free().
 * @param[out] len_out its length (may be NULL).
 * @return FA_OK, FA_EINVAL, FA_ENOMEM.
 */
FA_API fa_status fa_report_json(const fa_audit_result *res, const fa_report_options *opts,
                                char **json_out, size_t *len_out, fa_error *err);

/**
 * Writes the audit.json document to @p path atomically (temporary file renamed into place:
 * on failure nothing is left behind and an existing file is untouched).
 * @return FA_OK, FA_EINVAL, FA_EIO, FA_ENOMEM.
 */
FA_API fa_status fa_report_write_json(const fa_audit_result *res, const char *path,
                                      const fa_report_options *opts, fa_error *err);

/** Frees text returned by fa_report_json(). NULL is allowed. */
FA_API void fa_report_free(char *text);

FA_END_DECLS

#endif /* FAIRAUDIT_REPORT_H */
