// Minimal `--name value` / `--flag` parsing for the CLI's subcommands. Unknown options, missing
// values and malformed numbers throw std::invalid_argument with a message naming the option.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace normlab::cli {

class Options {
 public:
  // value_names take one argument each ("--eps 1e-5" or "--eps=1e-5"); flag_names take none.
  Options(const std::vector<std::string>& arguments, const std::set<std::string>& value_names,
          const std::set<std::string>& flag_names = {});

  bool has(const std::string& name) const;
  std::string text(const std::string& name, const std::string& fallback) const;
  std::string required_text(const std::string& name) const;
  double number(const std::string& name, double fallback) const;
  long long integer(const std::string& name, long long fallback) const;
  // A comma-separated list of numbers, e.g. "--lrs 1e-4,3e-4".
  std::vector<double> number_list(const std::string& name) const;
  // A comma-separated list of names, e.g. "--cases memcpy,layer_fwd"; an empty entry is an error.
  std::vector<std::string> text_list(const std::string& name, const std::string& fallback) const;
  // All values of a repeatable option, e.g. several "--set key=value".
  const std::vector<std::string>& all(const std::string& name) const;

 private:
  std::map<std::string, std::vector<std::string>> values_;
};

double parse_number(const std::string& option_name, const std::string& text);
long long parse_integer(const std::string& option_name, const std::string& text);

}  // namespace normlab::cli
