/**
 * @file common.h
 * Export macro, C++ guards, the logging callback and version queries shared
 * by every public header.
 */
#ifndef FAIRAUDIT_COMMON_H
#define FAIRAUDIT_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "fairaudit/version.h"

#ifdef __cplusplus
#define FA_BEGIN_DECLS extern "C" {
#define FA_END_DECLS   }
#else
#define FA_BEGIN_DECLS
#define FA_END_DECLS
#endif

#if defined(__GNUC__) || defined(__clang__)
#define FA_API __attribute__((visibility("default")))
#else
#define FA_API
#endif

FA_BEGIN_DECLS

/** Severity of a log message passed to an fa_log_fn. */
typedef enum fa_log_level {
    FA_LOG_DEBUG = 0,
    FA_LOG_INFO = 1,     /**< progress of long work */
    FA_LOG_WARNING = 2   /**< something the user should know; work goes on */
} fa_log_level;

/**
 * Progress and diagnostics sink. The library never prints: long-running calls
 * take an optional callback in their options struct. NULL means silent.
 */
typedef void (*fa_log_fn)(fa_log_level level, const char *message, void *payload);

/** The library's version as a static string, e.g. "0.1.0". */
FA_API const char *fa_version_string(void);
/** The library's version as MAJOR*10000 + MINOR*100 + PATCH. */
FA_API unsigned fa_version_number(void);

FA_END_DECLS

#endif /* FAIRAUDIT_COMMON_H */
