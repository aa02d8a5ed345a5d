// A benchmark run as JSON: what `normlab-cli bench --json` prints and the app saves, and reading it
// back with every problem named (a hand-edited or truncated file must not reach the figures).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "io/atomic_file.hpp"
#include "io/read_file.hpp"
#include "io/untrusted_text.hpp"
#include "perf/benchmark.hpp"

namespace normlab::perf {

namespace {

// A run saved by a build with oneDNN names its cases too; a build without it still reads the file.
std::vector<std::string> readable_case_names() {
  std::vector<std::string> names = benchmark_case_names();
  for (const char* peer : {"layer_fwd_onednn", "layer_bwd_onednn"}) {
    if (std::find(names.begin(), names.end(), peer) == names.end()) names.emplace_back(peer);
  }
  return names;
}

const nlohmann::json& required(const nlohmann::json& object, const char* key, const std::string& where) {
  const auto found = object.find(key);
  if (found == object.end()) throw std::invalid_argument(where + "has no \"" + key + "\"");
  return *found;
}

std::size_t positive_count(const nlohmann::json& value, const std::string& what, std::size_t largest) {
  if (!value.is_number_integer() || value.get<long long>() < 1 || value.get<unsigned long long>() > largest) {
    throw std::invalid_argument(what + " must be a whole number from 1 to " + std::to_string(largest) + " (got " +
                                printable_excerpt(value.dump()) + ")");
  }
  return value.get<std::size_t>();
}

// Bounded well beyond any real run (a week per call, a petabyte per second), so that the figures'
// ratios and byte counts stay finite.
double positive_number(const nlohmann::json& value, const std::string& what, double largest) {
  if (!value.is_number() || !(value.get<double>() > 0) || !(value.get<double>() <= largest)) {
    char limit[32];
    std::snprintf(limit, sizeof limit, "%g", largest);
    throw std::invalid_argument(what + " must be a positive number up to " + limit + " (got " +
                                printable_excerpt(value.dump()) + ")");
  }
  return value.get<double>();
}

BenchmarkResult result_from_json(const nlohmann::json& item, const std::string& where,
                                 const std::vector<std::string>& known) {
  if (!item.is_object()) throw std::invalid_argument(where + " must be an object (got " + printable_excerpt(item.dump()) + ")");
  const nlohmann::json& name = required(item, "name", where + " ");
  if (!name.is_string()) throw std::invalid_argument(where + ".name must be a string (got " + printable_excerpt(name.dump()) + ")");
  BenchmarkResult result;
  result.name = name.get<std::string>();
  if (std::find(known.begin(), known.end(), result.name) == known.end()) {
    std::string list;
    for (const auto& option : known) list += (list.empty() ? "" : ", ") + option;
    throw std::invalid_argument(where + ".name \"" + printable_excerpt(result.name) + "\" is not a benchmark case (" + list + ")");
  }
  result.median_s = positive_number(required(item, "median_s", where + " "), where + ".median_s", 7 * 24 * 3600.0);
  result.gbps = positive_number(required(item, "gbps", where + " "), where + ".gbps", 1e6);
  // The file keeps the rate, not the bytes; both came from the same division, so this recovers them.
  result.bytes_moved = result.gbps * result.median_s * 1e9;
  return result;
}

}  // namespace

nlohmann::ordered_json to_json(const BenchmarkReport& report) {
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const auto& result : report.results) {
    results.push_back(nlohmann::ordered_json{{"name", result.name}, {"median_s", result.median_s}, {"gbps", result.gbps}});
  }
  return nlohmann::ordered_json{{"target", report.target},   {"rows", report.rows},
                                {"cols", report.cols},       {"threads", report.threads},
                                {"cache", report.cold_cache ? "cold" : "warm"}, {"results", results}};
}

BenchmarkReport report_from_json(const nlohmann::json& json) {
  if (!json.is_object()) {
    throw std::invalid_argument("a benchmark run is a JSON object like normlab-cli bench --json prints, not " +
                                std::string(json.type_name()));
  }
  BenchmarkReport report;
  const nlohmann::json& target = required(json, "target", "the run ");
  if (!target.is_string() || target.get<std::string>().empty()) {
    throw std::invalid_argument("\"target\" must name the SIMD target (got " + printable_excerpt(target.dump()) + ")");
  }
  report.target = target.get<std::string>();
  report.rows = positive_count(required(json, "rows", "the run "), "\"rows\"", std::size_t{1} << 30);
  report.cols = positive_count(required(json, "cols", "the run "), "\"cols\"", std::size_t{1} << 30);
  if (json.contains("threads")) report.threads = positive_count(json.at("threads"), "\"threads\"", 4096);
  if (json.contains("cache")) {
    const nlohmann::json& cache = json.at("cache");
    if (cache != "warm" && cache != "cold") {
      throw std::invalid_argument("\"cache\" must be \"warm\" or \"cold\" (got " + printable_excerpt(cache.dump()) + ")");
    }
    report.cold_cache = cache == "cold";
  }
  const nlohmann::json& results = required(json, "results", "the run ");
  if (!results.is_array() || results.empty()) {
    throw std::invalid_argument("\"results\" must be a non-empty array of cases (got " + printable_excerpt(results.dump()) + ")");
  }
  const std::vector<std::string> known = readable_case_names();
  for (std::size_t index = 0; index < results.size(); ++index) {
    BenchmarkResult result =
        result_from_json(results[index], "results[" + std::to_string(index) + "]", known);
    if (report.find(result.name) != nullptr) {
      throw std::invalid_argument("results[" + std::to_string(index) + "]: \"" + printable_excerpt(result.name) + "\" appears twice");
    }
    report.results.push_back(std::move(result));
  }
  return report;
}

BenchmarkReport load_report(const std::string& path) {
  const nlohmann::json json = nlohmann::json::parse(read_regular_file(path), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    throw std::invalid_argument(path + " is not JSON (a benchmark run is what normlab-cli bench --json prints)");
  }
  try {
    BenchmarkReport report = report_from_json(json);
    report.source = std::filesystem::path(path).filename().string();
    return report;
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(path + ": " + error.what());
  }
}

void save_report(const std::string& path, const BenchmarkReport& report) {
  write_file_atomically(path, [&](std::ostream& out) { out << to_json(report).dump(2) << '\n'; });
}

}  // namespace normlab::perf
