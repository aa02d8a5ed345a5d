// The declared-parameter model: one strict parser, range checks, text and JSON round trips, all-or-nothing
// batches, and version counting, against hand-worked values.
#include "params/parameters.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

namespace normlab::params {
namespace {

using json = nlohmann::json;

TEST(ParseNumber, AcceptsDecimalNumbersOnly) {
  EXPECT_DOUBLE_EQ(parse_number("1e-5", "eps"), 1e-5);
  EXPECT_DOUBLE_EQ(parse_number("+3", "eps"), 3.0);
  EXPECT_DOUBLE_EQ(parse_number(" -0.25 ", "eps"), -0.25);
  for (const char* bad : {"", "0x10", "inf", "-inf", "nan", "1e999", "1.5x", "1,5", "--1", "e5", "."}) {
    EXPECT_THROW(parse_number(bad, "eps"), std::invalid_argument) << bad;
  }
  try {
    parse_number("0x10", "eps");
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "eps='0x10' is not a decimal number");
  }
}

TEST(ParseNumber, QuotesUntrustedTextOnOneShortLine) {
  try {
    parse_number("\x1b[2J" + std::string(100, '7') + "\n", "gamma");
    FAIL();
  } catch (const std::invalid_argument& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.find('\x1b'), std::string::npos);
    EXPECT_EQ(message.find('\n'), std::string::npos);
    EXPECT_NE(message.find("\\x1b"), std::string::npos);
    EXPECT_LT(message.size(), 90u);
  }
}

TEST(ParseInteger, WholeNumbersWithinRange) {
  EXPECT_EQ(parse_integer("12", "layers"), 12);
  EXPECT_EQ(parse_integer("1e3", "layers"), 1000);
  EXPECT_THROW(parse_integer("2.5", "layers"), std::invalid_argument);
  EXPECT_THROW(parse_integer("1e300", "layers"), std::invalid_argument);
}

TEST(FormatNumber, ShortestTextThatReadsBackExactly) {
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(1e-5), "1e-05");
  EXPECT_EQ(format_number(12), "12");
  const double awkward = 1.0 / 3.0;
  EXPECT_EQ(std::strtod(format_number(awkward).c_str(), nullptr), awkward);
}

TEST(SplitAssignment, KeyAndValueAtTheFirstEquals) {
  EXPECT_EQ(split_assignment("eps=1e-5"), (std::pair<std::string, std::string>{"eps", "1e-5"}));
  EXPECT_EQ(split_assignment("text=a=b").second, "a=b");
  EXPECT_THROW(split_assignment("eps"), std::invalid_argument);
  EXPECT_THROW(split_assignment("=3"), std::invalid_argument);
}

enum class Colour { red, green };

struct Owner {
  double eps = 1e-5;
  int layers = 12;
  bool compare = true;
  std::string label = "x";
  Colour colour = Colour::green;
  Tensor<double> matrix{{2, 2}, std::vector<double>{1, 2, 3, 4}};
  int changes = 0;
  ParameterSet parameters;
  Owner() {
    parameters.number("eps", eps, 0, 1, "added to the variance");
    parameters.integer("layers", layers, 1, 1000, "depth");
    parameters.boolean("compare", compare, "side by side");
    parameters.text("label", label, "a caption");
    parameters.choice("colour", colour, {{"red", Colour::red}, {"green", Colour::green}}, "a colour");
    parameters.matrix("matrix", matrix, 3, 3, "the input");
    parameters.on_change("layers", [this] { ++changes; });
  }
};

TEST(ParameterSet, DeclaresSpecsWithDefaultsAndRanges) {
  Owner owner;
  const auto& specs = owner.parameters.specs();
  ASSERT_EQ(specs.size(), 6u);
  EXPECT_EQ(specs[0].default_text, "1e-05");
  EXPECT_EQ(specs[1].range_text(), "1 .. 1000");
  EXPECT_EQ(specs[2].default_text, "true");
  EXPECT_EQ(specs[4].range_text(), "red | green");
  EXPECT_EQ(specs[4].default_text, "green");
  EXPECT_EQ(specs[5].range_text(), "up to 3 x 3");
  EXPECT_STREQ(kind_name(specs[5].kind), "matrix");
}

TEST(ParameterSet, SetsFieldsFromTextAndReadsThemBack) {
  Owner owner;
  owner.parameters.set("eps", "0.001");
  owner.parameters.set("layers", "24");
  owner.parameters.set("compare", "off");
  owner.parameters.set("colour", "red");
  owner.parameters.set("matrix", "1 2 3; 4 5 6");
  EXPECT_DOUBLE_EQ(owner.eps, 0.001);
  EXPECT_EQ(owner.layers, 24);
  EXPECT_FALSE(owner.compare);
  EXPECT_EQ(owner.colour, Colour::red);
  EXPECT_EQ(owner.matrix.shape, (Shape{2, 3}));
  EXPECT_DOUBLE_EQ(owner.matrix.values[5], 6);
  EXPECT_EQ(owner.parameters.get("eps"), "0.001");
  EXPECT_EQ(owner.parameters.get("layers"), "24");
  EXPECT_EQ(owner.parameters.get("colour"), "red");
  EXPECT_EQ(owner.changes, 1);
  EXPECT_EQ(owner.parameters.version(), 5u);
}

TEST(ParameterSet, RefusesBadValuesAndKeepsTheField) {
  Owner owner;
  EXPECT_THROW(owner.parameters.set("eps", "2"), std::invalid_argument);
  EXPECT_THROW(owner.parameters.set("layers", "0"), std::invalid_argument);
  EXPECT_THROW(owner.parameters.set("layers", "1.5"), std::invalid_argument);
  EXPECT_THROW(owner.parameters.set("colour", "blue"), std::invalid_argument);
  EXPECT_THROW(owner.parameters.set("compare", "maybe"), std::invalid_argument);
  EXPECT_THROW(owner.parameters.set("matrix", "1 2; 3"), std::invalid_argument);
  EXPECT_THROW(owner.parameters.set("matrix", "1 2 3 4"), std::invalid_argument);  // 1 x 4 > 3 x 3
  EXPECT_THROW(owner.parameters.set("width", "3"), std::invalid_argument);
  EXPECT_DOUBLE_EQ(owner.eps, 1e-5);
  EXPECT_EQ(owner.layers, 12);
  EXPECT_EQ(owner.colour, Colour::green);
  EXPECT_EQ(owner.matrix.shape, (Shape{2, 2}));
  EXPECT_EQ(owner.parameters.version(), 0u);
  try {
    owner.parameters.set("width", "3");
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("known: eps, layers"), std::string::npos) << error.what();
  }
}

TEST(ParameterSet, JsonRoundTripRestoresEveryField) {
  Owner edited;
  edited.parameters.set("eps", "0.125");
  edited.parameters.set("label", "a \"quoted\" label");
  edited.parameters.set("matrix", "[[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]");
  const json saved = json::parse(edited.parameters.to_json().dump());
  Owner restored;
  restored.parameters.set_all_json(saved);
  EXPECT_EQ(restored.parameters.to_json(), edited.parameters.to_json());
  EXPECT_EQ(restored.matrix.values, edited.matrix.values);
}

TEST(ParameterSet, ABatchIsAppliedWhollyOrNotAtAll) {
  Owner owner;
  const json batch = {{"eps", 0.5}, {"layers", 5000}};
  EXPECT_THROW(owner.parameters.set_all_json(batch), std::invalid_argument);
  EXPECT_DOUBLE_EQ(owner.eps, 1e-5);  // checked before any field was written
  EXPECT_THROW(owner.parameters.set_all_json(json{{"eps", "0.5"}}), std::invalid_argument);  // a string
  EXPECT_THROW(owner.parameters.set_all_json(json{{"nope", 1}}), std::invalid_argument);
  EXPECT_THROW(owner.parameters.set_all_json(json{{"matrix", {{"shape", {2, 2}}, {"values", {1, 2, 3}}}}}),
               std::invalid_argument);
  EXPECT_EQ(owner.parameters.version(), 0u);
}

TEST(ParameterSet, ResetRestoresTheDeclaredDefaults) {
  Owner owner;
  owner.parameters.set("layers", "99");
  owner.parameters.set("matrix", "9");
  owner.parameters.reset_to_defaults();
  EXPECT_EQ(owner.layers, 12);
  EXPECT_EQ(owner.matrix.values, (std::vector<double>{1, 2, 3, 4}));
}

}  // namespace
}  // namespace normlab::params
