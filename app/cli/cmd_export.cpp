// `normlab-cli export`: any catalog figure to PNG/SVG/PDF/CSV, headless, exactly as the app draws it.
#include <cstdio>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "command.hpp"
#include "catalog/figure_catalog.hpp"
#include "figure/export.hpp"
#include "io/untrusted_text.hpp"
#include "options.hpp"

namespace normlab::cli {

namespace {

constexpr const char* kUsage =
    "usage: normlab-cli export --figure NAME [--format png|svg|pdf|csv] --out FILE\n"
    "                          [--width W --height H] [--dpi D] [--theme light|dark] [--transparent]\n"
    "                          [--set key=value ...]\n"
    "       normlab-cli export --list\n"
    "  Exports a figure of the catalog (see --list for names, descriptions and parameters with defaults).\n"
    "  The format is FILE's extension; --format, when given, must agree with it.\n"
    "  --width/--height: pixels (default 1920 x 1080); --dpi: 96 = scale 1, 192 (default) = fonts and\n"
    "  lines twice as large, for slides; PDF and SVG get the same physical size. The file is written\n"
    "  atomically: on any error nothing is left at FILE.";

void print_catalog() {
  for (const auto& entry : figure::figure_catalog()) {
    std::printf("%s\n    %s\n", entry.name.c_str(), entry.description.c_str());
    figure::FigureParameters parameters;
    entry.declare(parameters);
    for (const params::Spec& spec : parameters.specs())
      std::printf("    --set %s=%s   %s\n", spec.id.c_str(), spec.default_text.c_str(), spec.listing_text().c_str());
  }
}

// --format when given must agree with --out's extension (PNG bytes in a .svg file open nowhere);
// without --format the extension decides.
figure::ExportFormat export_format_for(const Options& options, const std::string& out) {
  const std::optional<figure::ExportFormat> by_extension = figure::export_format_of_path(out);
  if (!options.has("format")) {
    if (!by_extension) {
      throw std::invalid_argument("--out '" + out + "' has no .png, .svg, .pdf or .csv extension: name one or give --format");
    }
    return *by_extension;
  }
  const figure::ExportFormat format = figure::parse_export_format(options.text("format", ""));
  if (by_extension != format) {
    throw std::invalid_argument("--format " + figure::export_format_name(format) + " does not match --out '" + out +
                                "' (name the file ." + figure::export_format_name(format) + ")");
  }
  return format;
}

int run_export(const std::vector<std::string>& arguments) {
  const Options options(arguments, {"figure", "format", "out", "width", "height", "dpi", "theme", "set"},
                        {"list", "transparent"});
  if (options.has("list")) {
    print_catalog();
    return 0;
  }
  const std::string name = options.required_text("figure");
  const std::string out = options.required_text("out");
  const figure::ExportFormat format = export_format_for(options, out);

  figure::ExportOptions export_options;
  const auto whole = [&](const char* option, long long fallback) {
    const long long value = options.integer(option, fallback);
    if (value < 16 || value > 16384) {
      throw std::invalid_argument("--" + std::string(option) + " " + std::to_string(value) +
                                  " is outside 16..16384");
    }
    return int(value);
  };
  export_options.width_px = whole("width", export_options.width_px);
  export_options.height_px = whole("height", export_options.height_px);
  export_options.dpi = options.number("dpi", export_options.dpi);
  if (!(export_options.dpi >= 24 && export_options.dpi <= 1200)) {
    throw std::invalid_argument("--dpi " + printable_excerpt(options.text("dpi", "")) + ": DPI must be within 24..1200");
  }
  export_options.theme = figure::theme_by_name(options.text("theme", "light"));
  export_options.transparent = options.has("transparent");

  std::map<std::string, std::string> overrides;
  for (const std::string& assignment : options.all("set")) {
    try {
      auto [key, value] = params::split_assignment(assignment);
      overrides.insert_or_assign(std::move(key), std::move(value));
    } catch (const std::invalid_argument& error) {
      throw std::invalid_argument(std::string("--set: ") + error.what());
    }
  }
  const figure::Figure built = figure::build_catalog_figure(name, overrides);
  figure::export_figure(built, format, out, export_options);
  std::printf("wrote %s (%s, figure %s)\n", out.c_str(), figure::export_format_name(format).c_str(),
              name.c_str());
  return 0;
}

const CommandRegistration registration(Command{
    "export", "export a figure to PNG, SVG, PDF or CSV (--list names them)", kUsage, run_export});

}  // namespace

}  // namespace normlab::cli
