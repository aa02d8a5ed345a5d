// Synthetic sequence tasks the toy learns, and the random-token batch the depth probes use.
//
// A task sequence is k symbols, a separator, then the k answer symbols: copy repeats the symbols,
// reverse mirrors them, sort orders them ascending. Symbols are tokens 0 .. vocab-2; the separator is
// token vocab-1. Only the answer positions count in the loss (predicting the random question symbols
// is impossible and would hide what the model learned), so chance level is ln(vocab - 1) nats.
#pragma once

#include <cstddef>
#include <string>

#include "model/random.hpp"
#include "model/transformer.hpp"

namespace normlab::model {

enum class Task { copy, reverse, sort };
Task parse_task(const std::string& name);  // "copy", "reverse", "sort"
std::string task_name(Task task);

// The number of question symbols k for sequences of at most max_tokens tokens: (max_tokens - 1) / 2.
// Throws std::invalid_argument when max_tokens < 3 or vocab < 3 (a task needs one symbol pair and
// a separator).
std::size_t task_symbols(std::size_t max_tokens, std::size_t vocab);

// `sequences` task sequences of 2k + 1 tokens each (k = task_symbols(max_tokens, vocab)).
TokenBatch make_task_batch(Task task, std::size_t sequences, std::size_t max_tokens, std::size_t vocab,
                           Random& random);

// Uniformly random tokens, every position but the last predicting the next token.
TokenBatch make_random_batch(std::size_t sequences, std::size_t tokens, std::size_t vocab, Random& random);

}  // namespace normlab::model
