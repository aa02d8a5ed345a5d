#include "lessons/activation_matrix.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <numbers>
#include <optional>
#include <random>
#include <sstream>
#include <string_view>
#include <stdexcept>
#include <variant>

#include "io/csv.hpp"
#include "io/npy.hpp"
#include "io/parse_number.hpp"
#include "io/untrusted_text.hpp"

namespace normlab::lessons {

namespace {

struct PresetInfo {
  ActivationPreset preset;
  const char* name;
  const char* label;
  const char* claim;
};

constexpr PresetInfo kPresets[] = {
    {ActivationPreset::random_normal, "random-normal", "Random normal",
     "Standard normal values: every variant gives outputs of mean 0 and variance 1 along its own axis."},
    {ActivationPreset::constant_offset, "constant-offset", "Large constant offset",
     "Every value shifted by the same large constant: both LayerNorm and BatchNorm subtract it away; "
     "RMSNorm does not centre, so its output changes."},
    {ActivationPreset::outlier_feature, "outlier-feature", "One outlier feature",
     "Feature 1 is shifted and stretched: BatchNorm (per feature) brings it back in line, LayerNorm "
     "lets it dominate every sample's statistics."},
    {ActivationPreset::outlier_token, "outlier-token", "One outlier token",
     "Sample 1 is shifted and stretched: LayerNorm (per sample) brings it back in line, BatchNorm lets "
     "it pull every feature's statistics."},
    {ActivationPreset::constant_row, "constant-row", "A constant row",
     "Sample 1 has the same value in every feature: its variance is 0, so its LayerNorm output is beta."},
    {ActivationPreset::single_sample, "single-sample", "A single sample",
     "A batch of one: each feature's batch variance is 0, so every BatchNorm output is beta; LayerNorm "
     "does not care."},
    {ActivationPreset::wild_scales, "wild-scales", "Features on wildly different scales",
     "Feature j is scaled by 10^(j mod 7 - 3): BatchNorm equalizes the features, LayerNorm's row "
     "statistics are ruled by the largest ones."},
};

const PresetInfo& info_of(ActivationPreset preset) {
  for (const auto& info : kPresets) {
    if (info.preset == preset) return info;
  }
  throw std::logic_error("unknown activation preset");
}

// Samples on axis 0, features on axis 1, positions (if any) on axis 2.
std::size_t sample_of(const Shape& shape, std::size_t flat_index) {
  return flat_index / (element_count(shape) / shape[0]);
}
std::size_t feature_of(const Shape& shape, std::size_t flat_index) {
  const std::size_t positions = shape.size() == 3 ? shape[2] : 1;
  return (flat_index / positions) % shape[1];
}

bool is_text_separator(char character) {
  return character == ',' || character == '\t' || character == ' ' || character == ';' || character == '[' ||
         character == ']' || character == '\r';
}

}  // namespace

const std::vector<ActivationPreset>& all_presets() {
  static const std::vector<ActivationPreset> presets = [] {
    std::vector<ActivationPreset> list;
    for (const auto& info : kPresets) list.push_back(info.preset);
    return list;
  }();
  return presets;
}

std::string preset_name(ActivationPreset preset) { return info_of(preset).name; }
std::string preset_label(ActivationPreset preset) { return info_of(preset).label; }
std::string preset_claim(ActivationPreset preset) { return info_of(preset).claim; }

ActivationPreset parse_preset(const std::string& name) {
  for (const auto& info : kPresets) {
    if (name == info.name) return info.preset;
  }
  std::string known;
  for (const auto& info : kPresets) known += std::string(known.empty() ? "" : ", ") + info.name;
  throw std::invalid_argument("unknown preset '" + printable_excerpt(name) + "' (known: " + known + ")");
}

std::vector<double> seeded_normal_values(std::size_t count, std::uint64_t seed) {
  // mt19937_64 is specified bit for bit by the standard; Box-Muller on top keeps the normals portable.
  std::mt19937_64 generator(seed);
  const auto uniform_open = [&generator] {
    return (static_cast<double>(generator() >> 11) + 0.5) * (1.0 / 9007199254740992.0);
  };
  std::vector<double> values(count);
  for (std::size_t index = 0; index < count; index += 2) {
    const double radius = std::sqrt(-2.0 * std::log(uniform_open()));
    const double angle = 2.0 * std::numbers::pi * uniform_open();
    values[index] = radius * std::cos(angle);
    if (index + 1 < count) values[index + 1] = radius * std::sin(angle);
  }
  return values;
}

Tensor<double> make_preset(ActivationPreset preset, const Shape& requested_shape, std::uint64_t seed) {
  if (requested_shape.size() != 2 && requested_shape.size() != 3) {
    throw std::invalid_argument("an activation tensor is (samples, features) or (samples, channels, "
                                "positions); got shape " + shape_to_string(requested_shape));
  }
  if (element_count(requested_shape) == 0) {
    throw std::invalid_argument("shape " + shape_to_string(requested_shape) + " has an empty axis");
  }
  Shape shape = requested_shape;
  if (preset == ActivationPreset::single_sample) shape[0] = 1;
  Tensor<double> activations(shape, seeded_normal_values(element_count(shape), seed));
  const std::size_t outlier_feature = std::min(kOutlierIndex, shape[1] - 1);
  const std::size_t outlier_sample = std::min(kOutlierIndex, shape[0] - 1);
  for (std::size_t flat = 0; flat < activations.size(); ++flat) {
    double& value = activations[flat];
    const std::size_t sample = sample_of(shape, flat);
    const std::size_t feature = feature_of(shape, flat);
    switch (preset) {
      case ActivationPreset::random_normal:
      case ActivationPreset::single_sample:
        break;
      case ActivationPreset::constant_offset:
        value += kConstantOffset;
        break;
      case ActivationPreset::outlier_feature:
        if (feature == outlier_feature) value = kOutlierShift + kOutlierScale * value;
        break;
      case ActivationPreset::outlier_token:
        if (sample == outlier_sample) value = kOutlierShift + kOutlierScale * value;
        break;
      case ActivationPreset::constant_row:
        if (sample == outlier_sample) value = 1.0;
        break;
      case ActivationPreset::wild_scales:
        value *= std::pow(10.0, static_cast<double>(feature % 7) - 3.0);
        break;
    }
  }
  return activations;
}

std::size_t cell_index_2d(const Shape& shape, std::size_t sample, std::size_t feature) {
  if (shape.size() != 2 || sample >= shape[0] || feature >= shape[1]) {
    throw std::invalid_argument("cell (" + std::to_string(sample) + ", " + std::to_string(feature) +
                                ") is outside the matrix " + shape_to_string(shape));
  }
  return sample * shape[1] + feature;
}

std::size_t cell_index_3d(const Shape& shape, std::size_t sample, std::size_t channel, std::size_t position) {
  if (shape.size() != 3 || sample >= shape[0] || channel >= shape[1] || position >= shape[2]) {
    throw std::invalid_argument("cell (" + std::to_string(sample) + ", " + std::to_string(channel) + ", " +
                                std::to_string(position) + ") is outside the tensor " + shape_to_string(shape));
  }
  return (sample * shape[1] + channel) * shape[2] + position;
}

void set_cell(Tensor<double>& activations, std::size_t flat_index, double value) {
  if (flat_index >= activations.size()) {
    throw std::invalid_argument("cell " + std::to_string(flat_index) + " is outside the tensor " +
                                shape_to_string(activations.shape));
  }
  if (!std::isfinite(value)) throw std::invalid_argument("a cell must hold a finite number");
  activations[flat_index] = value;
}

Tensor<double> load_activation_file(const std::string& path) {
  // Any letter case: DATA.CSV from another system is still a CSV file.
  const auto ends_with = [&path](const std::string& suffix) {
    return path.size() >= suffix.size() &&
           std::equal(suffix.begin(), suffix.end(), path.end() - static_cast<std::ptrdiff_t>(suffix.size()),
                      [](char expected, char actual) { return expected == std::tolower(static_cast<unsigned char>(actual)); });
  };
  Tensor<double> activations;
  try {
    if (ends_with(".npy")) {
      activations = std::visit([](const auto& tensor) { return tensor.template cast<double>(); }, read_npy(path));
    } else if (ends_with(".csv")) {
      activations = read_csv(path);
    } else {
      throw std::runtime_error("choose a .npy or .csv file");
    }
  } catch (const std::exception& error) {
    const std::string message = error.what();
    // The io readers already start their messages with the file name.
    throw std::runtime_error(message.rfind(path, 0) == 0 ? message : path + ": " + message);
  }
  if (activations.rank() != 2 && activations.rank() != 3) {
    throw std::runtime_error(path + ": the lesson takes a (samples, features) matrix or a (samples, channels, "
                             "positions) tensor, not shape " + shape_to_string(activations.shape));
  }
  if (activations.size() == 0) throw std::runtime_error(path + ": the tensor has no values");
  for (const double value : activations.values) {
    if (!std::isfinite(value)) throw std::runtime_error(path + ": contains NaN or Inf; the lesson needs finite numbers");
  }
  return activations;
}

Tensor<double> parse_activation_text(const std::string& text) {
  std::vector<double> values;
  std::size_t features = 0;
  std::size_t samples = 0;
  std::istringstream lines(text);
  std::string line;
  std::size_t line_number = 0;
  while (std::getline(lines, line)) {
    ++line_number;
    std::vector<double> row;
    std::size_t position = 0;
    while (position < line.size()) {
      while (position < line.size() && is_text_separator(line[position])) ++position;
      if (position >= line.size()) break;
      std::size_t end = position;
      while (end < line.size() && !is_text_separator(line[end])) ++end;
      const std::string_view token = std::string_view(line).substr(position, end - position);
      // The strict parser: "0x10", "inf", "nan" and "1e999" are refused, not read as 16 or infinity.
      const std::optional<double> value = parse_decimal(token);
      if (!value) {
        throw std::invalid_argument("line " + std::to_string(line_number) + ": '" + printable_excerpt(token) +
                                    "' is not a finite number (" + kDecimalHint + ")");
      }
      row.push_back(*value);
      position = end;
    }
    if (row.empty()) continue;  // blank lines and bracket-only lines
    if (features == 0) features = row.size();
    if (row.size() != features) {
      throw std::invalid_argument("line " + std::to_string(line_number) + " has " + std::to_string(row.size()) +
                                  " values but the first row has " + std::to_string(features));
    }
    values.insert(values.end(), row.begin(), row.end());
    ++samples;
  }
  if (samples == 0) throw std::invalid_argument("no numbers found: paste one sample per line");
  return Tensor<double>({samples, features}, std::move(values));
}

}  // namespace normlab::lessons
