// Declared parameters: named, typed, range-checked values that an owner (a panel, a figure) declares
// once and that every front end reads and writes the same way - a panel's controls, `normlab --set`,
// `normlab-cli export --set`, saved demos and lessons. Like polyscope's PersistentValue, the value lives
// in the owner's own field (a slider writes the field directly); the set binds each field to an id, a
// kind, a range or choices, a default and a one-line description, and reads and writes it as text or
// JSON through one parser. Contents:
//   Kind, Spec         what a parameter is (the vocabulary `--list-panels` and `export --list` print)
//   parse_number/...   the one strict text parser (decimal only: no hex, inf or nan; whole numbers)
//   ParameterSet       the bound fields of one owner; set/get by id as text or JSON, with a version
//                      counter so the owner notices a change made from outside its controls
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tensor/tensor.hpp"

namespace normlab::params {

enum class Kind { number, integer, choice, boolean, matrix, text };

// "number", "integer", ...: the words the listings print.
const char* kind_name(Kind kind);

struct Spec {
  std::string id;  // kebab-case, unique within its owner: "layers", "cube-norm"
  Kind kind = Kind::number;
  std::string description;                 // one line: what it controls
  double low = 0, high = 0;                // number, integer: the inclusive range
  std::vector<std::string> choices;        // choice: the words it accepts, in order
  std::size_t max_rows = 0, max_cols = 0;  // matrix: the largest shape it accepts
  std::string default_text;                // the value as declared, in the text form `set` accepts

  // "1 .. 1000", "layer | rms", "true | false", "up to 64 x 64", "text".
  std::string range_text() const;
  // The listings' line after the id: "integer, 1 .. 1000, default 12: blocks L in the stack" (a
  // matrix's default shows as "(generated)", an empty text as "(empty)").
  std::string listing_text() const;
};

// A finite decimal number ("1e-5", "-0.25", "+3"); throws std::invalid_argument naming `what` for
// anything else (empty, hex "0x10", "inf", "nan", trailing characters, out of double's range).
double parse_number(std::string_view text, std::string_view what);
// A whole number within long long's range, written as a decimal number ("12", "1e3").
long long parse_integer(std::string_view text, std::string_view what);
// "true"/"false" (also on/off, yes/no, 1/0).
bool parse_boolean(std::string_view text, std::string_view what);
// The shortest text that parses back to exactly `value` ("0.1", "1e-05", "12").
std::string format_number(double value);
// Splits "key=value" at the first '='; throws std::invalid_argument when there is none or no key.
std::pair<std::string, std::string> split_assignment(std::string_view assignment);

class ParameterSet {
 public:
  ParameterSet() = default;
  // Bound to fields by reference: neither copyable nor movable.
  ParameterSet(const ParameterSet&) = delete;
  ParameterSet& operator=(const ParameterSet&) = delete;

  // Declarations, in the order listings, demos and lessons apply them. Each records the field's value
  // at declaration as the default.
  void number(std::string id, double& field, double low, double high, std::string description);
  void integer(std::string id, int& field, int low, int high, std::string description);
  void integer(std::string id, std::size_t& field, std::size_t low, std::size_t high,
               std::string description);
  void integer(std::string id, long long& field, long long low, long long high, std::string description);
  void boolean(std::string id, bool& field, std::string description);
  void text(std::string id, std::string& field, std::string description);
  void matrix(std::string id, Tensor<double>& field, std::size_t max_rows, std::size_t max_cols,
              std::string description);
  // A choice among named values of any type (an enum, a width): `options` pairs each word with its value.
  template <typename T>
  void choice(std::string id, T& field, std::vector<std::pair<std::string, T>> options,
              std::string description);
  // Called when a set from outside has changed a value (after the field is written), e.g. to mark
  // cached results stale or regenerate an input.
  void on_change(std::string id, std::function<void()> callback);

  const std::vector<Spec>& specs() const { return specs_; }
  const Spec* find(std::string_view id) const;
  bool empty() const { return specs_.empty(); }

  // The value as text / JSON (a matrix as {"shape": [r, c], "values": [...]}).
  std::string get(std::string_view id) const;
  nlohmann::json get_json(std::string_view id) const;
  // Every parameter as one JSON object, id -> value.
  nlohmann::json to_json() const;

  // Parses and range-checks without touching the field; throws std::invalid_argument with a message
  // naming the parameter, the value and what is allowed.
  void check(std::string_view id, std::string_view text) const;
  void check_json(std::string_view id, const nlohmann::json& value) const;
  // Checks, then writes the field, bumps version() and runs the parameter's on_change callback.
  void set(std::string_view id, std::string_view text);
  void set_json(std::string_view id, const nlohmann::json& value);
  // All of `values` (id -> JSON) or none: every entry is checked before any field is written; applied
  // in declaration order, each with its callback. Unknown ids are refused.
  void set_all_json(const nlohmann::json& values);
  void reset_to_defaults();

  // Increases on every set from outside (not when a control writes its field directly).
  std::uint64_t version() const { return version_; }

 private:
  // bindings_[i] serves specs_[i].
  struct Binding {
    std::function<nlohmann::json()> read;  // the field as JSON
    std::function<nlohmann::json(const nlohmann::json&)>
        normalize;                                          // JSON -> checked canonical JSON, or throw
    std::function<nlohmann::json(std::string_view)> parse;  // text -> canonical JSON, or throw
    std::function<void(const nlohmann::json&)> write;       // canonical JSON -> field
    std::function<void()> changed;
  };
  std::size_t index_of(std::string_view id) const;  // throws for an unknown id, naming the known ones
  void declare(Spec spec, Binding binding);
  void integer_binding(std::string id, std::function<long long()> read, std::function<void(long long)> write,
                       long long low, long long high, std::string description);
  void choice_binding(std::string id, std::vector<std::string> words, std::function<int()> read_index,
                      std::function<void(int)> write_index, std::string description);

  std::vector<Spec> specs_;
  std::vector<Binding> bindings_;
  std::uint64_t version_ = 0;
};

template <typename T>
void ParameterSet::choice(std::string id, T& field, std::vector<std::pair<std::string, T>> options,
                          std::string description) {
  std::vector<std::string> words;
  for (const auto& option : options) words.push_back(option.first);
  choice_binding(
      std::move(id), std::move(words),
      [&field, options] {
        for (std::size_t index = 0; index < options.size(); ++index) {
          if (options[index].second == field) return static_cast<int>(index);
        }
        return -1;
      },
      [&field, options](int index) { field = options[static_cast<std::size_t>(index)].second; },
      std::move(description));
}

}  // namespace normlab::params
