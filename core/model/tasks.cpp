#include "model/tasks.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "io/untrusted_text.hpp"

namespace normlab::model {

Task parse_task(const std::string& name) {
  if (name == "copy") return Task::copy;
  if (name == "reverse") return Task::reverse;
  if (name == "sort") return Task::sort;
  throw std::invalid_argument("unknown task '" + printable_excerpt(name) + "' (expected copy, reverse or sort)");
}

std::string task_name(Task task) {
  switch (task) {
    case Task::copy: return "copy";
    case Task::reverse: return "reverse";
    case Task::sort: return "sort";
  }
  return "?";
}

std::size_t task_symbols(std::size_t max_tokens, std::size_t vocab) {
  if (max_tokens < 3) throw std::invalid_argument("a task needs sequences of at least 3 tokens (symbol, separator, answer)");
  if (vocab < 3) throw std::invalid_argument("a task needs a vocabulary of at least 3 tokens (2 symbols and a separator)");
  return (max_tokens - 1) / 2;
}

TokenBatch make_task_batch(Task task, std::size_t sequences, std::size_t max_tokens, std::size_t vocab,
                           Random& random) {
  const std::size_t symbols = task_symbols(max_tokens, vocab);
  const int separator = static_cast<int>(vocab - 1);
  TokenBatch batch;
  batch.sequences = sequences;
  batch.tokens = 2 * symbols + 1;
  batch.inputs.resize(sequences * batch.tokens);
  batch.targets.assign(sequences * batch.tokens, kNoTarget);
  std::vector<int> question(symbols), answer(symbols);
  for (std::size_t sequence = 0; sequence < sequences; ++sequence) {
    for (auto& symbol : question) symbol = static_cast<int>(random.below(vocab - 1));
    answer = question;
    if (task == Task::reverse) std::reverse(answer.begin(), answer.end());
    if (task == Task::sort) std::sort(answer.begin(), answer.end());
    int* inputs = batch.inputs.data() + sequence * batch.tokens;
    int* targets = batch.targets.data() + sequence * batch.tokens;
    std::copy(question.begin(), question.end(), inputs);
    inputs[symbols] = separator;
    std::copy(answer.begin(), answer.end(), inputs + symbols + 1);
    // The separator predicts the first answer symbol, each answer symbol the next one.
    for (std::size_t position = 0; position < symbols; ++position) targets[symbols + position] = answer[position];
  }
  return batch;
}

TokenBatch make_random_batch(std::size_t sequences, std::size_t tokens, std::size_t vocab, Random& random) {
  TokenBatch batch;
  batch.sequences = sequences;
  batch.tokens = tokens;
  batch.inputs.resize(sequences * tokens);
  batch.targets.assign(sequences * tokens, kNoTarget);
  for (auto& token : batch.inputs) token = static_cast<int>(random.below(vocab));
  for (std::size_t sequence = 0; sequence < sequences; ++sequence) {
    for (std::size_t position = 0; position + 1 < tokens; ++position) {
      batch.targets[sequence * tokens + position] = batch.inputs[sequence * tokens + position + 1];
    }
  }
  return batch;
}

}  // namespace normlab::model
