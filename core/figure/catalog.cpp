#include "figure/catalog.hpp"

#include <stdexcept>

namespace normlab::figure {

void FigureParameters::declare_number(std::string id, double default_value, double low, double high,
                                      std::string description) {
  double& field = numbers_.emplace_back(default_value);
  number_fields_[id] = &field;
  declared_.number(std::move(id), field, low, high, std::move(description));
}

void FigureParameters::declare_integer(std::string id, long long default_value, long long low, long long high,
                                       std::string description) {
  long long& field = integers_.emplace_back(default_value);
  integer_fields_[id] = &field;
  declared_.integer(std::move(id), field, low, high, std::move(description));
}

void FigureParameters::declare_choice(std::string id, std::string default_word,
                                      std::vector<std::string> words, std::string description) {
  std::string& field = texts_.emplace_back(std::move(default_word));
  text_fields_[id] = &field;
  std::vector<std::pair<std::string, std::string>> options;
  for (std::string& word : words) options.emplace_back(word, word);
  declared_.choice(std::move(id), field, std::move(options), std::move(description));
}

void FigureParameters::declare_text(std::string id, std::string default_value, std::string description) {
  std::string& field = texts_.emplace_back(std::move(default_value));
  text_fields_[id] = &field;
  declared_.text(std::move(id), field, std::move(description));
}

template <typename T>
const T& FigureParameters::value_of(const std::map<std::string, T*>& fields, const std::string& id) const {
  const auto found = fields.find(id);
  if (found == fields.end())
    throw std::logic_error("figure parameter '" + id + "' is not declared with that kind");
  return *found->second;
}

double FigureParameters::number(const std::string& id) const { return value_of(number_fields_, id); }
long long FigureParameters::integer(const std::string& id) const { return value_of(integer_fields_, id); }
const std::string& FigureParameters::text(const std::string& id) const { return value_of(text_fields_, id); }

}  // namespace normlab::figure
