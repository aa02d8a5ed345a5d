#include "options.hpp"

#include <optional>
#include <stdexcept>

#include "io/parse_number.hpp"
#include "io/untrusted_text.hpp"

namespace normlab::cli {

Options::Options(const std::vector<std::string>& arguments, const std::set<std::string>& value_names,
                 const std::set<std::string>& flag_names) {
  for (std::size_t index = 0; index < arguments.size(); ++index) {
    std::string argument = arguments[index];
    if (argument.rfind("--", 0) != 0) {
      throw std::invalid_argument("unexpected argument '" + printable_excerpt(argument) + "' (options start with --)");
    }
    std::string name = argument.substr(2);
    std::string inline_value;
    bool has_inline_value = false;
    if (const auto equals = name.find('='); equals != std::string::npos) {
      inline_value = name.substr(equals + 1);
      name = name.substr(0, equals);
      has_inline_value = true;
    }
    if (flag_names.count(name)) {
      if (has_inline_value) throw std::invalid_argument("option --" + name + " takes no value");
      values_[name].push_back("");
    } else if (value_names.count(name)) {
      if (has_inline_value) {
        values_[name].push_back(inline_value);
      } else {
        if (index + 1 >= arguments.size()) throw std::invalid_argument("option --" + name + " needs a value");
        values_[name].push_back(arguments[++index]);
      }
    } else {
      throw std::invalid_argument("unknown option --" + printable_excerpt(name));
    }
  }
}

bool Options::has(const std::string& name) const { return values_.count(name) > 0; }

std::string Options::text(const std::string& name, const std::string& fallback) const {
  const auto found = values_.find(name);
  return found == values_.end() ? fallback : found->second.back();
}

std::string Options::required_text(const std::string& name) const {
  const auto found = values_.find(name);
  if (found == values_.end()) throw std::invalid_argument("missing required option --" + name);
  return found->second.back();
}

double Options::number(const std::string& name, double fallback) const {
  return has(name) ? parse_number(name, text(name, "")) : fallback;
}

long long Options::integer(const std::string& name, long long fallback) const {
  return has(name) ? parse_integer(name, text(name, "")) : fallback;
}

namespace {

// "a,b,c" -> {"a", "b", "c"}; "a,,b" and a trailing comma keep their empty items for the caller to judge.
std::vector<std::string> split_commas(const std::string& list) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (true) {
    const auto comma = list.find(',', start);
    items.push_back(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) return items;
    start = comma + 1;
  }
}

}  // namespace

std::vector<double> Options::number_list(const std::string& name) const {
  std::vector<double> numbers;
  for (const std::string& item : split_commas(required_text(name))) numbers.push_back(parse_number(name, item));
  return numbers;
}

std::vector<std::string> Options::text_list(const std::string& name, const std::string& fallback) const {
  const std::string list = text(name, fallback);
  std::vector<std::string> items = split_commas(list);
  for (const std::string& item : items) {
    if (item.empty()) throw std::invalid_argument("option --" + name + " has an empty entry in '" + printable_excerpt(list) + "'");
  }
  return items;
}

const std::vector<std::string>& Options::all(const std::string& name) const {
  static const std::vector<std::string> none;
  const auto found = values_.find(name);
  return found == values_.end() ? none : found->second;
}

double parse_number(const std::string& option_name, const std::string& text) {
  const std::optional<double> value = parse_decimal(text);
  if (!value) {
    throw std::invalid_argument("option --" + option_name + " needs " + kDecimalHint + " (finite, not hex), got '" +
                                printable_excerpt(text) + "'");
  }
  return *value;
}

long long parse_integer(const std::string& option_name, const std::string& text) {
  const std::optional<long long> value = parse_whole(text);
  if (!value) {
    throw std::invalid_argument("option --" + option_name + " needs a whole number, got '" + printable_excerpt(text) +
                                "'");
  }
  return *value;
}

}  // namespace normlab::cli
