// What `apply` and `grad` share: their common options, turning them into a NormConfig, and loading
// the input and the per-feature parameters in the input's dtype.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "norm/norm.hpp"
#include "options.hpp"
#include "tensor_files.hpp"

namespace normlab::cli {

// --norm --in --eps --groups --partial --gamma --beta --mode --momentum --running-mean --running-var
std::set<std::string> norm_option_names();
// The usage lines for those options, shared by both commands' help texts.
std::string norm_options_usage();

// Reads --norm, --eps, --groups, --partial, --mode, --momentum and rejects options that do not apply
// to the chosen variant (e.g. --groups without --norm group). The default eps is PyTorch's: 1e-5, and
// for RMSNorm (eps=None) the machine epsilon of the input's dtype.
NormConfig norm_config_from(const Options& options, bool input_is_float32);

// Loads --gamma/--beta/--running-mean/--running-var (each optional) with the lengths the input's
// reduction groups need, in the input's dtype.
template <typename T>
NormParameters<T> norm_parameters_from(const Options& options, const NormConfig& config,
                                       const Shape& input_shape);

// Checks every output option present in `output_options` before any work starts (none may be one of
// the input files: --in, --grad-out, --gamma, ...); returns their paths.
// An output of rank > 2 cannot be CSV: `output_rank` is checked for those given in `full_rank_outputs`.
std::vector<std::string> checked_outputs(const Options& options,
                                         const std::vector<std::string>& output_options,
                                         const std::vector<std::string>& full_rank_outputs,
                                         std::size_t output_rank);

void print_warnings(const std::string& command, const std::vector<std::string>& warnings);

// Stage notes on stderr for long work ("normlab-cli apply: normalizing (2048 x 4096 float64)..." and
// how long the stage before took): on with --progress, or when stderr is a terminal and the input
// holds at least 64 MiB; silent otherwise, so scripts and tests see only errors and warnings.
// The size of a file in bytes, 0 when it cannot be known.
std::size_t file_size_or_zero(const std::string& path);

class StageNotes {
 public:
  StageNotes(const Options& options, std::string command, std::size_t input_bytes);
  void stage(const std::string& what);
  ~StageNotes();

 private:
  std::string command_;
  bool enabled_ = false;
  double started_ = 0;
};

}  // namespace normlab::cli
