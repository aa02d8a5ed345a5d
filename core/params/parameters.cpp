#include "params/parameters.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

#include "io/parse_number.hpp"
#include "io/untrusted_text.hpp"

namespace normlab::params {
namespace {

using json = nlohmann::json;

// Untrusted text quoted in a message: one line, printable, short.
std::string shown(std::string_view text) { return "'" + printable_excerpt(text, 40) + "'"; }

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string join(const std::vector<std::string>& words, const char* separator) {
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "" : separator) + word;
  return out;
}

// "1 2 3; 4 5 6" (rows by ';' or newlines, values by spaces or commas), or JSON nested arrays.
json parse_matrix_text(std::string_view text, std::string_view what) {
  const std::string_view body = trimmed(text);
  if (!body.empty() && (body.front() == '[' || body.front() == '{')) {
    try {
      return json::parse(body);
    } catch (const json::exception&) {
      throw std::invalid_argument(std::string(what) + "=" + shown(text) + " is not a JSON matrix");
    }
  }
  json rows = json::array();
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find_first_of(";\n", start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view row_text = trimmed(body.substr(start, end - start));
    if (!row_text.empty()) {
      json row = json::array();
      std::size_t cell = 0;
      while (cell < row_text.size()) {
        const std::size_t cell_end = std::min(row_text.find_first_of(" ,\t", cell), row_text.size());
        if (cell_end > cell) row.push_back(parse_number(row_text.substr(cell, cell_end - cell), what));
        cell = cell_end + 1;
      }
      rows.push_back(std::move(row));
    }
    start = end + 1;
  }
  return rows;
}

Spec make_spec(std::string id, Kind kind, std::string description, double low = 0, double high = 0) {
  Spec spec;
  spec.id = std::move(id);
  spec.kind = kind;
  spec.description = std::move(description);
  spec.low = low;
  spec.high = high;
  return spec;
}

}  // namespace

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::number:
      return "number";
    case Kind::integer:
      return "integer";
    case Kind::choice:
      return "choice";
    case Kind::boolean:
      return "bool";
    case Kind::matrix:
      return "matrix";
    case Kind::text:
      return "text";
  }
  return "?";
}

std::string Spec::range_text() const {
  switch (kind) {
    case Kind::number:
      return format_number(low) + " .. " + format_number(high);
    case Kind::integer:
      return format_number(low) + " .. " + format_number(high);
    case Kind::choice:
      return join(choices, " | ");
    case Kind::boolean:
      return "true | false";
    case Kind::matrix:
      return "up to " + std::to_string(max_rows) + " x " + std::to_string(max_cols);
    case Kind::text:
      return "any text";
  }
  return "";
}

std::string Spec::listing_text() const {
  const std::string shown_default = kind == Kind::matrix ? "(generated)"
                                    : default_text.empty() ? "(empty)"
                                                           : default_text;
  return std::string(kind_name(kind)) + ", " + range_text() + ", default " + shown_default + ": " + description;
}

double parse_number(std::string_view text, std::string_view what) {
  // The house's one decimal parser (core/io/parse_number), with this vocabulary's message.
  const std::optional<double> value = parse_decimal(trimmed(text));
  if (!value) throw std::invalid_argument(std::string(what) + "=" + shown(text) + " is not a decimal number");
  return *value;
}

long long parse_integer(std::string_view text, std::string_view what) {
  const double value = parse_number(text, what);
  if (value != std::floor(value)) {
    throw std::invalid_argument(std::string(what) + "=" + shown(text) + " is not a whole number");
  }
  if (std::abs(value) > 9.0e15) {  // beyond this, doubles skip whole numbers
    throw std::invalid_argument(std::string(what) + "=" + shown(text) + " is too large");
  }
  return static_cast<long long>(value);
}

bool parse_boolean(std::string_view text, std::string_view what) {
  const std::string_view word = trimmed(text);
  if (word == "true" || word == "on" || word == "yes" || word == "1") return true;
  if (word == "false" || word == "off" || word == "no" || word == "0") return false;
  throw std::invalid_argument(std::string(what) + "=" + shown(text) + " is not true or false");
}

std::string format_number(double value) {
  char buffer[32];
  if (value == std::floor(value) && std::abs(value) < 1e15) {  // whole numbers as written: 1000, not 1e+03
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return buffer;
  }
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

std::pair<std::string, std::string> split_assignment(std::string_view assignment) {
  const std::size_t equals = assignment.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    throw std::invalid_argument("expected key=value, got " + shown(assignment));
  }
  return {std::string(trimmed(assignment.substr(0, equals))), std::string(assignment.substr(equals + 1))};
}

// --- ParameterSet -------------------------------------------------------------------------------------

std::size_t ParameterSet::index_of(std::string_view id) const {
  for (std::size_t index = 0; index < specs_.size(); ++index) {
    if (specs_[index].id == id) return index;
  }
  std::vector<std::string> known;
  for (const Spec& spec : specs_) known.push_back(spec.id);
  throw std::invalid_argument(
      "unknown parameter " + shown(id) +
      (known.empty() ? " (there are none here)" : " (known: " + join(known, ", ") + ")"));
}

const Spec* ParameterSet::find(std::string_view id) const {
  for (const Spec& spec : specs_) {
    if (spec.id == id) return &spec;
  }
  return nullptr;
}

void ParameterSet::declare(Spec spec, Binding binding) {
  if (find(spec.id) != nullptr) throw std::logic_error("parameter '" + spec.id + "' declared twice");
  spec.default_text = binding.read().is_string() ? binding.read().get<std::string>() : binding.read().dump();
  if (spec.kind == Kind::number || spec.kind == Kind::integer)
    spec.default_text = format_number(binding.read().get<double>());
  specs_.push_back(std::move(spec));
  bindings_.push_back(std::move(binding));
}

void ParameterSet::number(std::string id, double& field, double low, double high, std::string description) {
  Spec spec = make_spec(std::move(id), Kind::number, std::move(description), low, high);
  const std::string name = spec.id;
  auto in_range = [name, low, high](double value) {
    if (!(value >= low && value <= high)) {
      throw std::invalid_argument(name + "=" + format_number(value) + " is outside " + format_number(low) +
                                  " .. " + format_number(high));
    }
    return json(value);
  };
  Binding binding;
  binding.read = [&field] { return json(field); };
  binding.normalize = [name, in_range](const json& value) {
    if (!value.is_number())
      throw std::invalid_argument(name + " must be a number, not " + shown(value.dump()));
    return in_range(value.get<double>());
  };
  binding.parse = [name, in_range](std::string_view text) { return in_range(parse_number(text, name)); };
  binding.write = [&field](const json& value) { field = value.get<double>(); };
  declare(std::move(spec), std::move(binding));
}

void ParameterSet::integer(std::string id, int& field, int low, int high, std::string description) {
  integer_binding(
      std::move(id), [&field] { return static_cast<long long>(field); },
      [&field](long long value) { field = static_cast<int>(value); }, low, high, std::move(description));
}

void ParameterSet::integer(std::string id, std::size_t& field, std::size_t low, std::size_t high,
                           std::string description) {
  integer_binding(
      std::move(id), [&field] { return static_cast<long long>(field); },
      [&field](long long value) { field = static_cast<std::size_t>(value); }, static_cast<long long>(low),
      static_cast<long long>(high), std::move(description));
}

void ParameterSet::integer(std::string id, long long& field, long long low, long long high, std::string description) {
  integer_binding(
      std::move(id), [&field] { return field; }, [&field](long long value) { field = value; }, low, high,
      std::move(description));
}

void ParameterSet::integer_binding(std::string id, std::function<long long()> read,
                                   std::function<void(long long)> write, long long low, long long high,
                                   std::string description) {
  Spec spec = make_spec(std::move(id), Kind::integer, std::move(description), double(low), double(high));
  const std::string name = spec.id;
  auto in_range = [name, low, high](double value) {
    if (value != std::floor(value))
      throw std::invalid_argument(name + "=" + format_number(value) + " is not a whole number");
    if (!(value >= double(low) && value <= double(high))) {
      throw std::invalid_argument(name + "=" + format_number(value) + " is outside " + std::to_string(low) +
                                  " .. " + std::to_string(high));
    }
    return json(static_cast<long long>(value));
  };
  Binding binding;
  binding.read = [read] { return json(read()); };
  binding.normalize = [name, in_range](const json& value) {
    if (!value.is_number())
      throw std::invalid_argument(name + " must be a whole number, not " + shown(value.dump()));
    return in_range(value.get<double>());
  };
  binding.parse = [name, in_range](std::string_view text) {
    return in_range(double(parse_integer(text, name)));
  };
  binding.write = [write](const json& value) { write(value.get<long long>()); };
  declare(std::move(spec), std::move(binding));
}

void ParameterSet::boolean(std::string id, bool& field, std::string description) {
  Spec spec = make_spec(std::move(id), Kind::boolean, std::move(description));
  const std::string name = spec.id;
  Binding binding;
  binding.read = [&field] { return json(field); };
  binding.normalize = [name](const json& value) {
    if (!value.is_boolean())
      throw std::invalid_argument(name + " must be true or false, not " + shown(value.dump()));
    return value;
  };
  binding.parse = [name](std::string_view text) { return json(parse_boolean(text, name)); };
  binding.write = [&field](const json& value) { field = value.get<bool>(); };
  declare(std::move(spec), std::move(binding));
}

void ParameterSet::text(std::string id, std::string& field, std::string description) {
  Spec spec = make_spec(std::move(id), Kind::text, std::move(description));
  const std::string name = spec.id;
  Binding binding;
  binding.read = [&field] { return json(field); };
  binding.normalize = [name](const json& value) {
    if (!value.is_string()) throw std::invalid_argument(name + " must be text, not " + shown(value.dump()));
    return value;
  };
  binding.parse = [](std::string_view text) { return json(std::string(text)); };
  binding.write = [&field](const json& value) { field = value.get<std::string>(); };
  declare(std::move(spec), std::move(binding));
}

void ParameterSet::matrix(std::string id, Tensor<double>& field, std::size_t max_rows, std::size_t max_cols,
                          std::string description) {
  Spec spec = make_spec(std::move(id), Kind::matrix, std::move(description));
  spec.max_rows = max_rows;
  spec.max_cols = max_cols;
  const std::string name = spec.id;
  // Canonical form: {"shape": [rows, cols], "values": [...]}; nested arrays are accepted too.
  auto normalize = [name, max_rows, max_cols](const json& value) {
    std::size_t rows = 0, cols = 0;
    json values = json::array();
    if (value.is_object()) {
      if (!value.contains("shape") || !value.contains("values") || !value["shape"].is_array() ||
          value["shape"].size() != 2 || !value["values"].is_array() ||
          !value["shape"][0].is_number_unsigned() || !value["shape"][1].is_number_unsigned()) {
        throw std::invalid_argument(name + " must be {\"shape\": [rows, cols], \"values\": [...]}");
      }
      rows = value["shape"][0].get<std::size_t>();
      cols = value["shape"][1].get<std::size_t>();
      values = value["values"];
      if (rows != 0 && values.size() / rows != cols) {
        throw std::invalid_argument(name + ": shape " + std::to_string(rows) + " x " + std::to_string(cols) +
                                    " needs " + std::to_string(rows * cols) + " values, not " +
                                    std::to_string(values.size()));
      }
    } else if (value.is_array()) {
      rows = value.size();
      for (const json& row : value) {
        if (!row.is_array()) throw std::invalid_argument(name + " must be an array of rows");
        if (cols == 0) cols = row.size();
        if (row.size() != cols)
          throw std::invalid_argument(name + ": every row needs " + std::to_string(cols) + " values");
        for (const json& cell : row) values.push_back(cell);
      }
    } else {
      throw std::invalid_argument(name + " must be a matrix, not " + shown(value.dump()));
    }
    if (rows == 0 || cols == 0) throw std::invalid_argument(name + " needs at least one row and one column");
    if (rows > max_rows || cols > max_cols) {
      throw std::invalid_argument(name + ": " + std::to_string(rows) + " x " + std::to_string(cols) +
                                  " is larger than " + std::to_string(max_rows) + " x " +
                                  std::to_string(max_cols));
    }
    if (values.size() != rows * cols)
      throw std::invalid_argument(name + ": the values do not fill the shape");
    for (const json& cell : values) {
      if (!cell.is_number() || !std::isfinite(cell.get<double>())) {
        throw std::invalid_argument(name + ": every value must be a finite number, not " +
                                    shown(cell.dump()));
      }
    }
    return json{{"shape", {rows, cols}}, {"values", values}};
  };
  Binding binding;
  binding.read = [&field] { return json{{"shape", field.shape}, {"values", field.values}}; };
  binding.normalize = normalize;
  binding.parse = [name, normalize](std::string_view text) {
    return normalize(parse_matrix_text(text, name));
  };
  binding.write = [&field](const json& value) {
    field = Tensor<double>({value["shape"][0].get<std::size_t>(), value["shape"][1].get<std::size_t>()},
                           value["values"].get<std::vector<double>>());
  };
  declare(std::move(spec), std::move(binding));
}

void ParameterSet::choice_binding(std::string id, std::vector<std::string> words,
                                  std::function<int()> read_index, std::function<void(int)> write_index,
                                  std::string description) {
  Spec spec = make_spec(std::move(id), Kind::choice, std::move(description));
  spec.choices = words;
  const std::string name = spec.id;
  auto lookup = [name, words](std::string_view word) {
    const auto found = std::find(words.begin(), words.end(), trimmed(word));
    if (found == words.end()) {
      throw std::invalid_argument(name + "=" + shown(word) + " is not one of " + join(words, ", "));
    }
    return json(*found);
  };
  Binding binding;
  binding.read = [read_index, words] {
    const int index = read_index();
    return json(index >= 0 ? words[static_cast<std::size_t>(index)] : std::string("?"));
  };
  binding.normalize = [name, lookup](const json& value) {
    if (!value.is_string())
      throw std::invalid_argument(name + " must be one of its words, not " + shown(value.dump()));
    return lookup(value.get<std::string>());
  };
  binding.parse = lookup;
  binding.write = [write_index, words](const json& value) {
    write_index(
        static_cast<int>(std::find(words.begin(), words.end(), value.get<std::string>()) - words.begin()));
  };
  declare(std::move(spec), std::move(binding));
}

void ParameterSet::on_change(std::string id, std::function<void()> callback) {
  Binding& target = bindings_[index_of(id)];
  if (target.changed) {
    target.changed = [first = std::move(target.changed), second = std::move(callback)] {
      first();
      second();
    };
  } else {
    target.changed = std::move(callback);
  }
}

std::string ParameterSet::get(std::string_view id) const {
  const std::size_t index = index_of(id);
  const json value = bindings_[index].read();
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return format_number(value.get<double>());
  return value.dump();
}

json ParameterSet::get_json(std::string_view id) const { return bindings_[index_of(id)].read(); }

json ParameterSet::to_json() const {
  json all = json::object();
  for (std::size_t index = 0; index < specs_.size(); ++index) all[specs_[index].id] = bindings_[index].read();
  return all;
}

void ParameterSet::check(std::string_view id, std::string_view text) const {
  bindings_[index_of(id)].parse(text);
}

void ParameterSet::check_json(std::string_view id, const json& value) const {
  bindings_[index_of(id)].normalize(value);
}

void ParameterSet::set(std::string_view id, std::string_view text) {
  Binding& target = bindings_[index_of(id)];
  target.write(target.parse(text));
  ++version_;
  if (target.changed) target.changed();
}

void ParameterSet::set_json(std::string_view id, const json& value) {
  Binding& target = bindings_[index_of(id)];
  target.write(target.normalize(value));
  ++version_;
  if (target.changed) target.changed();
}

void ParameterSet::set_all_json(const json& values) {
  if (!values.is_object()) throw std::invalid_argument("parameters must be a JSON object of id: value");
  std::vector<json> checked(specs_.size());
  std::vector<bool> present(specs_.size(), false);
  for (const auto& [id, value] : values.items()) {
    const std::size_t index = index_of(id);
    checked[index] = bindings_[index].normalize(value);
    present[index] = true;
  }
  // Each parameter written and its callback run before the next, in declaration order: an owner whose
  // later parameter overrides what an earlier one's callback derives (a given matrix after the preset
  // that would generate one) declares it later.
  ++version_;
  for (std::size_t index = 0; index < specs_.size(); ++index) {
    if (!present[index]) continue;
    bindings_[index].write(checked[index]);
    if (bindings_[index].changed) bindings_[index].changed();
  }
}

void ParameterSet::reset_to_defaults() {
  ++version_;
  for (std::size_t index = 0; index < specs_.size(); ++index) {
    Binding& target = bindings_[index];
    target.write(target.parse(specs_[index].default_text));
    if (target.changed) target.changed();
  }
}

}  // namespace normlab::params
