/*
 * encoder_io.h — the encoder as a JSON object (internal; the model file
 * embeds it under "encoder"; docs/format/encoder.md describes the object).
 *
 * The writer goes through lib/common/jsonw.h, whose numbers are the shortest
 * text that reads back to the same double, and the reader re-reads numbers
 * from the source text exactly (lib/serialize/json_read.h), so a written and
 * re-read encoder is identical to the bit: same means, stds, levels, order.
 */
#ifndef FA_LIB_ENCODE_ENCODER_IO_H
#define FA_LIB_ENCODE_ENCODER_IO_H

#include "common/jsonw.h"
#include "fairaudit/encode.h"
#include "serialize/json_read.h"

/* Version of the encoder object (its "version" key). */
#define FA_ENCODER_FORMAT_VERSION 1

/* Writes @p e as one JSON object value at the writer's current position (after
 * a key, inside an array, or as the document). Errors surface as the
 * buffer's sticky oom flag, like every jsonw call. */
void fa_encoder__write_json(const fa_encoder *e, fa_jw *w);

/*
 * Builds an encoder from the object @p node. Every problem is located in the
 * document (`model.json:14:9: ...`).
 * @param[out] out the encoder, free with fa_encoder_free(); NULL on failure.
 * @return FA_OK, FA_EFORMAT (unknown "version"), FA_ESCHEMA (missing, unknown
 *         or mistyped keys, empty or duplicate names, std <= 0, n_features not
 *         matching the columns), FA_ENOMEM.
 */
fa_status fa_encoder__read_json(fa_encoder **out, const fa_json_node *node, fa_error *err);

#endif
