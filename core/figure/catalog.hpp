// What a figure catalog entry is: a named figure whose inputs are declared once, in the vocabulary panels
// declare theirs in (params::ParameterSet: kind, range or choices, default, description), and a builder.
// `normlab-cli export --set` and `--list` go through those declarations, so a figure's parameters are
// parsed, range-checked and listed exactly as a panel's are. The list of entries lives one level up, in
// core/catalog/ (it gathers figures from every concept), so that this library depends on none of them.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "figure/figure.hpp"
#include "params/parameters.hpp"

namespace normlab::figure {

// One figure's inputs: declared with their defaults, set by id from text, read by the builder. The
// values live here (a figure has no state struct of its own to bind them to).
class FigureParameters {
 public:
  FigureParameters() = default;
  FigureParameters(const FigureParameters&) = delete;
  FigureParameters& operator=(const FigureParameters&) = delete;

  void declare_number(std::string id, double default_value, double low, double high, std::string description);
  void declare_integer(std::string id, long long default_value, long long low, long long high,
                       std::string description);
  void declare_choice(std::string id, std::string default_word, std::vector<std::string> words,
                      std::string description);
  void declare_text(std::string id, std::string default_value, std::string description);

  // The current value (the default unless set). Reading an undeclared id is the builder's bug:
  // std::logic_error.
  double number(const std::string& id) const;
  long long integer(const std::string& id) const;
  const std::string& text(const std::string& id) const;  // a text or a choice's word

  // Checks and writes one value given as text (as after --set key=value); throws std::invalid_argument
  // naming the parameter, the value and what is allowed, or the known ids for an unknown one.
  void set(const std::string& id, const std::string& value) { declared_.set(id, value); }
  const std::vector<params::Spec>& specs() const { return declared_.specs(); }

 private:
  template <typename T>
  const T& value_of(const std::map<std::string, T*>& fields, const std::string& id) const;

  std::deque<double> numbers_;  // deques: the ParameterSet holds references to their elements
  std::deque<long long> integers_;
  std::deque<std::string> texts_;
  std::map<std::string, double*> number_fields_;
  std::map<std::string, long long*> integer_fields_;
  std::map<std::string, std::string*> text_fields_;
  params::ParameterSet declared_;
};

struct CatalogEntry {
  std::string name;         // kebab-case, e.g. "moments-cancellation"
  std::string description;  // one line
  std::function<void(FigureParameters&)> declare;
  std::function<Figure(const FigureParameters&)> build;
};

}  // namespace normlab::figure
