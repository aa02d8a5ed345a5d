// `normlab-cli depth`: Xiong et al.'s per-layer quantities of the toy transformer at initialization.
#include <cstdio>

#include "command.hpp"
#include "io/atomic_file.hpp"
#include "model/probes.hpp"
#include "model/settings.hpp"
#include "options.hpp"

namespace normlab::cli {
namespace {

int run_depth(const std::vector<std::string>& arguments) {
  std::set<std::string> names = model::model_setting_names();
  names.insert({"out", "batch"});
  const Options options(arguments, names, {"qk-norm"});
  const model::ModelConfig config = model::read_model_config(model::settings_from(options));
  const long long sequences = options.integer("batch", 4);
  if (sequences < 1) throw std::invalid_argument("--batch must be at least 1");
  const std::string out = options.required_text("out");
  const model::DepthProbeResult result = model::depth_probe(config, static_cast<std::size_t>(sequences));
  write_file_atomically(out, [&](std::ostream& stream) {
    stream << "layer,hidden_norm,attn_out_norm,ffn_out_norm,grad_norm_input,grad_norm_ffn_w1,grad_norm_ffn_w2,"
              "attn_alignment,ffn_alignment\n";
    char line[512];
    for (std::size_t layer = 0; layer < result.layers.size(); ++layer) {
      const auto& probe = result.layers[layer];
      std::snprintf(line, sizeof line, "%zu,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g\n", layer + 1, probe.hidden_norm,
                    probe.attn_out_norm, probe.ffn_out_norm, probe.grad_norm_input, probe.grad_norm_ffn_w1,
                    probe.grad_norm_ffn_w2, probe.attn_alignment, probe.ffn_alignment);
      stream << line;
    }
  });
  std::printf("wrote %zu layers (%s, %s, d=%zu, loss at init %.4f) to %s\n", result.layers.size(),
              model::placement_name(config.placement).c_str(), norm_kind_name(config.norm).c_str(), config.d_model,
              result.loss, out.c_str());
  return 0;
}

const CommandRegistration registration({
    "depth",
    "per-layer norms and gradients of the toy transformer at initialization",
    "usage: normlab-cli depth --placement post|pre|deepnorm|none --norm layer|rms --layers L --d-model D\n"
    "         --heads H --seq T --seed S --out report.csv [--vocab V] [--batch B] [--init xavier|gpt2]\n"
    "         [--eps E] [--qk-norm]\n"
    "Runs one forward and backward on B (default 4) sequences of T random tokens and writes one row per\n"
    "layer (layer 1 at the bottom): layer,hidden_norm,attn_out_norm,ffn_out_norm,grad_norm_input,\n"
    "grad_norm_ffn_w1,grad_norm_ffn_w2,attn_alignment,ffn_alignment. Norms are per-token means of L2\n"
    "norms; gradients are Frobenius norms of dLoss/d(tensor); alignments are per-token means of the\n"
    "cosine between a sublayer's output and the stream it is added to. Defaults: pre, layer, L=6, d=64,\n"
    "H=4, T=16, V=16, seed 0, xavier. The file is written once, when the probe is done (one forward and\n"
    "backward: a run stopped midway has no partial result and leaves no file).",
    run_depth,
});

}  // namespace
}  // namespace normlab::cli
