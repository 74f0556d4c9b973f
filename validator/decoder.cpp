// The public decode functions (validator/decoder.h); the decoder itself is inline in
// validator/decoder_impl.h.
#include "validator/decoder.h"

#include "validator/decoder_impl.h"

namespace zvm::validator {

using namespace decoder_impl;

const OpEntry* opcode_table(size_t* count) {
    *count = kTables.entries.size();
    return kTables.entries.data();
}

void decode_into(const uint8_t* p, size_t size, Insn& out) {
    Insn d;
    decode_local<true>(p, size, d);
    out = d;
}

Insn decode(const uint8_t* p, size_t size) {
    Insn d;
    decode_local<true>(p, size, d);
    return d;
}

void compute_writes(Insn& insn) {
    insn.num_writes = 0;
    decoder_impl::fill_writes(insn);
}

} // namespace zvm::validator
