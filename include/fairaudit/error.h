/**
 * @file error.h
 * Status codes and the caller-owned error struct.
 *
 * Every fallible public function returns an fa_status and takes an optional
 * `fa_error *err` last. The return value is authoritative. The error struct
 * lives on the caller's stack and never needs freeing; filling it never
 * allocates, so even FA_ENOMEM carries a message. Status values are frozen
 * once released and never reused.
 */
#ifndef FAIRAUDIT_ERROR_H
#define FAIRAUDIT_ERROR_H

#include "fairaudit/common.h"

FA_BEGIN_DECLS

typedef enum fa_status {
    FA_OK = 0,
    FA_ERROR = -1,         /**< internal / unexpected; message says more           */
    FA_ENOMEM = -2,        /**< an allocation failed                                */
    FA_EINVAL = -3,        /**< caller misuse: bad argument or option value         */
    FA_EIO = -4,           /**< open/read/write failed; err->sys_errno is set       */
    FA_EPARSE = -5,        /**< malformed CSV / JSON / model text                   */
    FA_ESCHEMA = -6,       /**< missing or duplicate column, wrong type, bad role   */
    FA_EDATA = -7,         /**< well-formed but unusable: one class, empty input…   */
    FA_EFORMAT = -8,       /**< unknown file format or version                      */
    FA_EUNSUPPORTED = -9   /**< valid request this build cannot do                  */
} fa_status;

#define FA_ERROR_MSG_MAX  512
#define FA_ERROR_NAME_MAX 64
#define FA_ERROR_PATH_MAX 256

/** Where in an input the error was found. All numbers 1-based; 0 = not known. */
typedef struct fa_source_loc {
    char path[FA_ERROR_PATH_MAX];     /**< input file as given (may be truncated) */
    uint64_t record;                  /**< CSV record number, header record = 1   */
    uint64_t line;                    /**< physical line                           */
    uint32_t column;                  /**< 1-based field index (CSV) or character
                                           column (JSON)                           */
    char column_name[FA_ERROR_NAME_MAX]; /**< header name of that CSV column     */
} fa_source_loc;

typedef struct fa_error {
    fa_status code;
    int sys_errno;                    /**< for FA_EIO, else 0 */
    char message[FA_ERROR_MSG_MAX];
    fa_source_loc loc;
} fa_error;

/** A short static description of a status code ("out of memory", ...). */
FA_API const char *fa_status_str(fa_status code);

/** Resets @p err to FA_OK with empty message and location. NULL is allowed. */
FA_API void fa_error_clear(fa_error *err);

/**
 * Formats @p e as `path:line:column: message` (the parts that are known) into
 * @p buf of @p n bytes, always NUL-terminated when n > 0.
 * @return the length the full text needs, excluding the NUL (like snprintf).
 */
FA_API size_t fa_error_format(const fa_error *e, char *buf, size_t n);

FA_END_DECLS

#endif /* FAIRAUDIT_ERROR_H */
