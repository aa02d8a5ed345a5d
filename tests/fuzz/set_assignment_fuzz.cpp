// `--set key=value` through core/params: split_assignment, then ParameterSet::set on a set declaring every
// kind (number, integer, choice, boolean, text, matrix). An accepted value is within its declared range
// and reads back (get) as text that sets the same value again; a refused one leaves the field as it was
// and is one short line without raw control characters.
#include <cmath>
#include <nlohmann/json.hpp>
#include <cstdlib>
#include <stdexcept>

#include "fuzz_support.hpp"
#include "params/parameters.hpp"

namespace {

enum class Shade { light, dark };

struct Fields {
  double eps = 1e-5;
  int layers = 12;
  std::size_t rows = 4;
  Shade shade = Shade::light;
  bool centred = true;
  std::string title = "LayerNorm";
  normlab::Tensor<double> matrix{{2, 2}, std::vector<double>{1, 2, 3, 4}};
};

void declare(normlab::params::ParameterSet& set, Fields& fields) {
  set.number("eps", fields.eps, 0.0, 1.0, "added to the variance");
  set.integer("layers", fields.layers, 1, 1000, "depth");
  set.integer("rows", fields.rows, std::size_t{1}, std::size_t{64}, "samples");
  set.choice("shade", fields.shade, {{"light", Shade::light}, {"dark", Shade::dark}}, "theme");
  set.boolean("centred", fields.centred, "subtract the mean");
  set.text("title", fields.title, "a caption");
  set.matrix("matrix", fields.matrix, 8, 8, "an activation matrix");
}

bool within_ranges(const Fields& fields) {
  return fields.eps >= 0.0 && fields.eps <= 1.0 && fields.layers >= 1 && fields.layers <= 1000 &&
         fields.rows >= 1 && fields.rows <= 64 && fields.matrix.rank() == 2 && fields.matrix.shape[0] >= 1 &&
         fields.matrix.shape[0] <= 8 && fields.matrix.shape[1] >= 1 && fields.matrix.shape[1] <= 8 &&
         fields.matrix.values.size() == fields.matrix.shape[0] * fields.matrix.shape[1];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string assignment(reinterpret_cast<const char*>(data), size);
  Fields fields;
  normlab::params::ParameterSet set;
  declare(set, fields);
  const nlohmann::json before = set.to_json();
  std::string key;
  try {
    const auto [id, value] = normlab::params::split_assignment(assignment);
    key = id;
    set.set(id, value);
  } catch (const std::invalid_argument& error) {
    normlab::fuzz::require_short_clean_line(error.what());
    if (set.to_json() != before) std::abort();  // a refused value changed a field
    return 0;
  }
  if (!within_ranges(fields)) std::abort();
  for (const double value : fields.matrix.values) {
    if (!std::isfinite(value)) std::abort();
  }
  // What get() prints is what --list-panels and saved demos show: it must set the same value again.
  const nlohmann::json accepted = set.to_json();
  Fields again_fields;
  normlab::params::ParameterSet again;
  declare(again, again_fields);
  again.set(key, set.get(key));
  if (again.to_json() != accepted) std::abort();
  return 0;
}
