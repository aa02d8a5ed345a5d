// normlab-cli check: an autograder for a student's normalization layer. Exit 0 when the student's
// output matches the reference within the stated float32 tolerance, 1 when it does not (largest
// error, where, and the diagnosed mistake), 2 when the input is unusable (one line on stderr).
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include "command.hpp"
#include "lessons/implementation_check.hpp"
#include "norm_command.hpp"

namespace normlab::cli {

namespace {

constexpr int kMatch = 0, kMismatch = 1, kUnusable = 2;

const std::string kUsage =
    "usage: normlab-cli check --norm layer|rms|batch|group|instance --in X.npy --student Y.npy [options]\n"
    "Compares a student's normalization output with NormLab's reference (PyTorch's semantics: biased\n"
    "variance, eps inside the root; batch: batch statistics). Exit 0: match within the tolerance\n"
    "printed; 1: mismatch, with the largest error, where, and the likely mistake; 2: unusable input.\n"
    "  --norm KIND            layer, rms, batch, group or instance\n"
    "  --in X.npy|X.csv       the input the student normalized\n"
    "  --student Y.npy        the student's output, X's shape\n"
    "  --eps E                added inside the square root (default 1e-5; rms: float32 machine epsilon)\n"
    "  --groups G             group: number of channel groups\n"
    "  --gamma W --beta B     the per-feature scale and shift the student used (rms has no beta)\n"
    "  --grad-out DY.npy --student-dx DX.npy   also check the student's dL/dx for dL/dy = DY";

int run_check(const std::vector<std::string>& arguments) {
  lessons::ImplementationCheck check;
  try {
    const Options options(arguments, {"norm", "in", "student", "eps", "groups", "gamma", "beta", "grad-out",
                                      "student-dx"});
    const AnyTensor input = load_tensor(options.required_text("in"), "in");
    const AnyTensor student = load_tensor(options.required_text("student"), "student");
    // The tolerance is float32's whatever the files hold, so the default eps is float32's too.
    NormConfig config = norm_config_from(options, /*input_is_float32=*/true);
    if (config.kind == NormKind::partial_rms) {
      throw std::invalid_argument("--norm prms is not checked (layer, rms, batch, group or instance)");
    }
    lessons::ImplementationCheckRequest request;
    request.config = config;
    request.input = tensor_as<double>(input);
    request.student_output = tensor_as<double>(student);
    const NormParameters<double> parameters = norm_parameters_from<double>(options, config, request.input.shape);
    request.gamma = parameters.gamma;
    request.beta = parameters.beta;
    if (options.has("grad-out") != options.has("student-dx")) {
      throw std::invalid_argument("--grad-out and --student-dx go together: give both or neither");
    }
    if (options.has("grad-out")) {
      request.output_grad = tensor_as<double>(load_tensor(options.text("grad-out", ""), "grad-out"));
      request.student_input_grad = tensor_as<double>(load_tensor(options.text("student-dx", ""), "student-dx"));
    }
    check = lessons::check_implementation(request);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "normlab-cli check: error: %s\n", error.what());
    return kUnusable;
  }
  for (const std::string& line : lessons::verdict_lines(check)) std::printf("%s\n", line.c_str());
  std::printf("%s\n", lessons::tolerance_words(check).c_str());
  const bool gradient_ok = !check.input_grad || check.input_grad->passed;
  return check.output.passed && gradient_ok ? kMatch : kMismatch;
}

const CommandRegistration kCheck({"check", "autograde a student's normalization output against the reference",
                                  kUsage, &run_check});

}  // namespace

}  // namespace normlab::cli
