// Every bad input of issue 2 gets a one-line error naming the problem, a non-zero exit, and leaves no
// output file (nor a temporary) behind.
#include <algorithm>
#include <limits>

#include "cli_test_support.hpp"
#include "io/csv.hpp"
#include "io/npy.hpp"

namespace normlab {
namespace {

class CliErrors : public testing::CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    write_npy(path("x.npy"), Tensor<float>({2, 4}, {1, 2, 3, 4, 5, 6, 7, 9}));
  }

  std::string npy_with_header(const std::string& dict, std::size_t data_bytes) {
    std::string header = dict;
    header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
    header.push_back('\n');
    std::string bytes = std::string("\x93NUMPY\x01\x00", 8);
    bytes.push_back(static_cast<char>(header.size() & 0xff));
    bytes.push_back(static_cast<char>(header.size() >> 8));
    return bytes + header + std::string(data_bytes, '\0');
  }
};

TEST_F(CliErrors, MissingFile) {
  expect_failure({"apply", "--norm", "layer", "--in", "absent.npy", "--out", "y.npy"}, "no such file");
}

TEST_F(CliErrors, MalformedNpy) {
  write_text("bad.npy", "this is not numpy at all");
  expect_failure({"apply", "--norm", "layer", "--in", "bad.npy", "--out", "y.npy"}, "not a .npy file");
  write_text("header.npy", npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2 3), }", 24));
  expect_failure({"apply", "--norm", "layer", "--in", "header.npy", "--out", "y.npy"},
                 "malformed .npy header");
}

TEST_F(CliErrors, TruncatedNpy) {
  const std::string whole = serialize_npy(Tensor<double>({3, 3}));
  write_text("cut.npy", whole.substr(0, whole.size() - 5));
  expect_failure({"apply", "--norm", "layer", "--in", "cut.npy", "--out", "y.npy"}, "truncated");
}

TEST_F(CliErrors, UnsupportedDtypeAndOrder) {
  write_text("int.npy", npy_with_header("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", 8));
  expect_failure({"apply", "--norm", "layer", "--in", "int.npy", "--out", "y.npy"},
                 "unsupported dtype '<i4'");
  write_text("fortran.npy",
             npy_with_header("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", 32));
  expect_failure({"apply", "--norm", "layer", "--in", "fortran.npy", "--out", "y.npy"}, "Fortran-order");
}

TEST_F(CliErrors, WrongShapeForTheVariant) {
  expect_failure({"apply", "--norm", "instance", "--in", "x.npy", "--out", "y.npy"}, "needs a 3-D input");
  write_npy(path("v.npy"), Tensor<float>({4}, {1, 2, 3, 4}));
  expect_failure({"apply", "--norm", "batch", "--in", "v.npy", "--out", "y.npy"}, "(N, C)");
  expect_failure({"jacobian", "--norm", "layer", "--in", "x.npy", "--out", "J.npy"}, "one vector");
  write_npy(path("dy.npy"), Tensor<float>({4, 2}));
  expect_failure({"grad", "--norm", "layer", "--in", "x.npy", "--grad-out", "dy.npy", "--out-dx", "dx.npy"},
                 "has shape (4, 2) but --in has shape (2, 4)");
}

TEST_F(CliErrors, ChannelsNotDivisibleByGroups) {
  expect_failure({"apply", "--norm", "group", "--groups", "3", "--in", "x.npy", "--out", "y.npy"},
                 "C must be divisible by G");
}

TEST_F(CliErrors, GammaOfTheWrongLength) {
  write_npy(path("g.npy"), Tensor<float>({3}, {1, 1, 1}));
  expect_failure({"apply", "--norm", "layer", "--in", "x.npy", "--gamma", "g.npy", "--out", "y.npy"},
                 "needs 4 values");
}

TEST_F(CliErrors, NanAndInfInInput) {
  write_text("nan.csv", "1,2\n3,nan\n");
  expect_failure({"apply", "--norm", "layer", "--in", "nan.csv", "--out", "y.csv"}, "row 2, column 2: 'nan' is NaN");
  write_npy(path("inf.npy"), Tensor<double>({2}, {1.0, std::numeric_limits<double>::infinity()}));
  expect_failure({"apply", "--norm", "rms", "--in", "inf.npy", "--out", "y.npy"}, "contains Inf");
}

TEST_F(CliErrors, UnknownOptionsAndBadNumbers) {
  expect_failure({"apply", "--norm", "layer", "--in", "x.npy", "--out", "y.npy", "--colour", "red"},
                 "unknown option --colour");
  expect_failure({"apply", "--norm", "layer", "--in", "x.npy", "--out", "y.npy", "--eps", "1e-5x"},
                 "option --eps needs a decimal number");
  expect_failure({"apply", "--norm", "layer", "--in", "x.npy", "--out", "y.npy", "--eps", "-1"}, ">= 0");
  expect_failure({"apply", "--norm", "group", "--groups", "two", "--in", "x.npy", "--out", "y.npy"},
                 "needs a whole number");
  expect_failure({"apply", "--norm", "weight", "--in", "x.npy", "--out", "y.npy"},
                 "unknown normalization 'weight'");
  expect_failure({"apply", "--norm", "layer", "--in", "x.npy"}, "missing required option --out");
  expect_failure({"apply", "--norm", "layer", "--groups", "2", "--in", "x.npy", "--out", "y.npy"},
                 "--groups only applies to --norm group");
  expect_failure({"apply", "--norm", "rms", "--beta", "x.npy", "--in", "x.npy", "--out", "y.npy"}, "no beta");
}

TEST_F(CliErrors, BadOutputs) {
  expect_failure({"apply", "--norm", "layer", "--in", "x.npy", "--out", "y.txt"}, "unknown file type");
  expect_failure({"apply", "--norm", "layer", "--in", "x.npy", "--out", "missing/y.npy"}, "does not exist");
  write_npy(path("x3.npy"), Tensor<float>({1, 2, 2}, {1, 2, 3, 4}));
  expect_failure({"apply", "--norm", "layer", "--in", "x3.npy", "--out", "y.csv"},
                 "cannot be written as CSV");
  expect_failure(
      {"apply", "--norm", "layer", "--in", "x.npy", "--out", "y.npy", "--out-running-mean", "m.npy"},
      "need --norm batch in train mode");
}

TEST_F(CliErrors, ZeroVarianceWithZeroEpsIsAnErrorNotASilentNan) {
  write_csv(path("flat.csv"), Tensor<double>({1, 3}, {2, 2, 2}));
  expect_failure({"apply", "--norm", "layer", "--eps", "0", "--in", "flat.csv", "--out", "y.csv"},
                 "not finite");
}

TEST_F(CliErrors, ExistingOutputIsLeftUntouchedOnError) {
  write_text("y.npy", "previous contents");
  const auto result = run({"apply", "--norm", "group", "--groups", "3", "--in", "x.npy", "--out", "y.npy"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_EQ(read_text(path("y.npy")), "previous contents");
}

}  // namespace
}  // namespace normlab
