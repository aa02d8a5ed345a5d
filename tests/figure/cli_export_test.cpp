// `normlab-cli export` end to end: every catalog figure in every format, and bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "catalog/figure_catalog.hpp"
#include "test_files.hpp"

namespace normlab::figure {
namespace {

using testing::read_png;
using testing::read_text;
using testing::run_command;
using testing::ScratchDirectory;

const std::string kCli = NORMLAB_CLI;

TEST(CliExport, ListNamesEveryFigureWithItsParameters) {
  std::string output;
  ASSERT_EQ(run_command(kCli + " export --list", &output), 0);
  for (const auto& entry : figure_catalog()) {
    EXPECT_NE(output.find(entry.name), std::string::npos) << entry.name;
    FigureParameters parameters;
    entry.declare(parameters);
    for (const params::Spec& spec : parameters.specs()) {
      // The same line a panel's parameter gets in `normlab --list-panels`: kind, range, default.
      EXPECT_NE(output.find("--set " + spec.id + "=" + spec.default_text + "   " + spec.listing_text()),
                std::string::npos)
          << entry.name << "." << spec.id;
    }
  }
}

TEST(CliExport, EveryFigureInEveryFormat) {
  ScratchDirectory scratch;
  for (const auto& entry : figure_catalog()) {
    for (const std::string format : {"png", "svg", "pdf", "csv"}) {
      const std::string out = scratch.path(entry.name + "." + format);
      std::string output;
      ASSERT_EQ(run_command(kCli + " export --figure " + entry.name + " --format " + format + " --out '" +
                                out + "' --width 800 --height 500 --dpi 120",
                            &output),
                0)
          << output;
      const std::string contents = read_text(out);
      ASSERT_GT(contents.size(), 100u) << out;
      if (format == "png") {
        const auto image = read_png(out);
        EXPECT_EQ(image.width, 800);
        EXPECT_EQ(image.height, 500);
        EXPECT_GT(image.distinct_colors(), 30u);
      } else if (format == "svg") {
        EXPECT_EQ(
            run_command("/usr/bin/python3 -c \"import xml.etree.ElementTree as E; E.parse('" + out + "')\""),
            0);
      } else if (format == "pdf") {
        EXPECT_EQ(contents.rfind("%PDF-", 0), 0u);
      } else {
        EXPECT_NE(contents.substr(0, contents.find('\n')).find("series"), std::string::npos);
      }
    }
  }
}

TEST(CliExport, ThemeTransparencyAndParametersApply) {
  ScratchDirectory scratch;
  const std::string base =
      kCli + " export --figure jacobian-spectrum --format png --width 320 --height 200 --dpi 96";
  ASSERT_EQ(run_command(base + " --theme dark --out " + scratch.path("dark.png")), 0);
  ASSERT_EQ(run_command(base + " --transparent --out " + scratch.path("clear.png")), 0);
  ASSERT_EQ(run_command(base + " --out " + scratch.path("light.png")), 0);
  EXPECT_NE(read_png(scratch.path("dark.png")).pixels[0], read_png(scratch.path("light.png")).pixels[0]);
  EXPECT_EQ(read_png(scratch.path("clear.png")).alpha_at(0, 0), 0);
  ASSERT_EQ(run_command(kCli + " export --figure jacobian-spectrum --format csv --set d=5 --out " +
                        scratch.path("five.csv")),
            0);
  // Header, 5 singular values for each of the two norms, and the two ends of each reference line (1/sigma
  // and 1/RMS).
  const std::string csv = read_text(scratch.path("five.csv"));
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 2 * 5 + 2 * 2);
}

// A lecturer's saved run (normlab-cli bench --json) is plotted as it was measured, not measured again.
TEST(CliExport, KernelSpeedPlotsASavedRun) {
  ScratchDirectory scratch;
  const std::string run = scratch.path("lecture-run.json");
  {
    std::ofstream file(run);
    file << R"({"target": "AVX2", "rows": 2048, "cols": 4096, "threads": 1, "cache": "warm", "results": [
      {"name": "memcpy", "median_s": 0.0018, "gbps": 37.28}, {"name": "layer_fwd", "median_s": 0.0022, "gbps": 30.52},
      {"name": "rms_fwd", "median_s": 0.00176, "gbps": 38.14}]})";
  }
  const std::string out = scratch.path("answer.csv");
  std::string output;
  ASSERT_EQ(run_command(kCli + " export --figure kernel-speed --format csv --set from='" + run + "' --out '" + out + "'",
                        &output),
            0)
      << output;
  const std::string csv = read_text(out);
  for (const char* milliseconds : {"1.8", "2.2", "1.76"}) {
    EXPECT_NE(csv.find(std::string(",") + milliseconds), std::string::npos) << milliseconds << " in\n" << csv;
  }
  // The subtitle (drawn as glyphs in SVG/PNG, so read from the figure) names the run's file, not this machine.
  const auto entry = std::find_if(figure_catalog().begin(), figure_catalog().end(),
                                  [](const CatalogEntry& item) { return item.name == "kernel-speed"; });
  ASSERT_NE(entry, figure_catalog().end());
  FigureParameters parameters;
  entry->declare(parameters);
  parameters.set("from", run);
  const Figure figure = entry->build(parameters);
  EXPECT_EQ(figure.subtitle.rfind("In the run saved as lecture-run.json (AVX2, 1 thread)", 0), 0u) << figure.subtitle;
}

TEST(CliExport, BadInputGivesOneLineErrorNonZeroExitAndNoFile) {
  ScratchDirectory scratch;
  const std::string out = scratch.path("never.png");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--figure no-such --format png", "no-such"},
      {"--figure jacobian-spectrum --format gif", "gif"},
      {"--figure jacobian-spectrum --format png --set d=x", "d='x' is not a decimal number"},
      {"--figure jacobian-spectrum --format png --set nokey", "key=value"},
      {"--figure jacobian-spectrum --format png --set depth=3", "depth"},
      {"--figure jacobian-spectrum --format png --width 5", "width"},
      {"--figure jacobian-spectrum --format png --dpi 0", "DPI"},
      {"--figure jacobian-spectrum --format png --theme neon", "neon"},
      {"--figure jacobian-spectrum --format png --colour red", "colour"},
      {"--figure kernel-speed --format png --set from=" + scratch.path("no-run.json"), "cannot open"},
  };
  for (const auto& [arguments, named] : cases) {
    std::string output;
    EXPECT_NE(run_command(kCli + " export " + arguments + " --out '" + out + "'", &output), 0) << arguments;
    EXPECT_EQ(std::count(output.begin(), output.end(), '\n'), 1) << arguments << ": " << output;
    EXPECT_NE(output.find(named), std::string::npos) << arguments << ": " << output;
  }
  EXPECT_TRUE(scratch.entries().empty());
}

}  // namespace
}  // namespace normlab::figure

namespace normlab::figure {
namespace {

TEST(CliExport, TheFormatFollowsTheExtensionAndMustAgreeWithIt) {
  ScratchDirectory scratch;
  const std::string base = kCli + " export --figure jacobian-spectrum --width 320 --height 200 ";
  ASSERT_EQ(run_command(base + "--out '" + scratch.path("inferred.SVG") + "'"), 0);
  EXPECT_NE(read_text(scratch.path("inferred.SVG")).find("<svg"), std::string::npos);
  std::string output;
  EXPECT_NE(run_command(base + "--format png --out '" + scratch.path("f.svg") + "'", &output), 0);
  EXPECT_NE(output.find("--format png does not match --out"), std::string::npos) << output;
  EXPECT_NE(run_command(base + "--out '" + scratch.path("f.gif") + "'", &output), 0);
  EXPECT_NE(output.find("no .png, .svg, .pdf or .csv extension"), std::string::npos) << output;
  EXPECT_FALSE(std::filesystem::exists(scratch.path("f.svg")));
}

TEST(CliExport, OverflowingValuesAndHugeNumbersAreRefusedInWords) {
  ScratchDirectory scratch;
  std::string output;
  EXPECT_NE(run_command(kCli + " export --figure axis-flip-matrix --set gamma=1e308 --set preset=outlier-feature --out '" +
                            scratch.path("a.csv") + "'",
                        &output),
            0);
  // The declared range refuses it before anything is computed.
  EXPECT_NE(output.find("figure axis-flip-matrix: gamma=1e+308 is outside -1000000 .. 1000000"), std::string::npos)
      << output;
  EXPECT_NE(run_command(kCli + " export --figure jacobian-spectrum --dpi 1e300 --out '" + scratch.path("a.png") + "'",
                        &output),
            0);
  EXPECT_NE(output.find("--dpi 1e300: DPI must be within 24..1200"), std::string::npos) << output;
  EXPECT_LT(output.size(), 120u) << output;
  EXPECT_NE(run_command(kCli + " export --figure axis-flip-matrix --set gamma=0x10 --out '" + scratch.path("b.csv") + "'",
                        &output),
            0);
  EXPECT_NE(output.find("gamma='0x10' is not a decimal number"), std::string::npos) << output;
  EXPECT_TRUE(scratch.entries().empty());
}

}  // namespace
}  // namespace normlab::figure
