// normlab-cli's option parsing (arguments split at NUL bytes): Options, then what apply/grad and
// depth/train read from them (norm_config_from, read_model_config, read_train_config) - a valid
// configuration or a one-line error, never a crash. No file is read or written.
#include <stdexcept>

#include "cli/norm_command.hpp"
#include "cli/options.hpp"
#include "fuzz_support.hpp"
#include "model/settings.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::vector<std::string> arguments = normlab::fuzz::arguments_of(data, size);
  if (!arguments.empty() && arguments.front().empty()) arguments.erase(arguments.begin());
  std::set<std::string> names = normlab::cli::norm_option_names();
  names.insert(normlab::model::model_setting_names().begin(), normlab::model::model_setting_names().end());
  names.insert(normlab::model::train_setting_names().begin(), normlab::model::train_setting_names().end());
  names.insert({"out", "lrs", "cases"});
  try {
    const normlab::cli::Options options(arguments, names, {"qk-norm", "json"});
    if (options.has("lrs")) options.number_list("lrs");
    if (options.has("cases")) options.text_list("cases", "");
    if (options.has("norm") && options.text("norm", "") != "layer" && options.text("norm", "") != "rms") {
      normlab::cli::norm_config_from(options, size % 2 == 0);
    } else {
      const normlab::model::SettingSource source = normlab::model::settings_from(options);
      normlab::model::read_model_config(source);
      normlab::model::read_train_config(source);
    }
  } catch (const std::invalid_argument& error) {
    normlab::fuzz::require_one_clean_line(error.what());
  }
  return 0;
}
