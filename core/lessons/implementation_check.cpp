// The check itself: the reference and every candidate mistake come from core/norm's engine
// (norm_forward / norm_backward / describe_reduction); a candidate only rewrites what the engine
// returns with the identity that turns the correct formula into the mistaken one:
//   unbiased variance:  (x - mu)/sqrt(k var + eps) = N(x; eps/k) / sqrt(k),  k = n/(n - 1)
//   eps outside root:   (x - mu)/(sigma + eps)     = N(x; 0) / (1 + eps r0), r0 = 1/sigma
//   eps missing:        N(x; 0)
//   mean not subtracted: x r, with r = 1/sqrt(var + eps) the engine's rstd
//   no centring:        x / sqrt(1/r^2 + mu^2)    (mean(x^2) = var + mu^2)
//   wrong axis:         N over another reduction (describe_reduction of another kind)
// where N(x; e) is the engine's output without gamma/beta at eps = e; the student's gamma/beta are
// then applied per the correct kind's channels.
#include "lessons/implementation_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <stdexcept>

#include "io/untrusted_text.hpp"

namespace normlab::lessons {
namespace {

constexpr double kFloat32Roundoff = 0x1p-24;

struct MistakeInfo {
  ImplementationMistake mistake;
  const char* id;
};

constexpr MistakeInfo kMistakes[] = {
    {ImplementationMistake::none, "none"},
    {ImplementationMistake::unbiased_variance, "unbiased-variance"},
    {ImplementationMistake::eps_outside_root, "eps-outside-root"},
    {ImplementationMistake::eps_missing, "eps-missing"},
    {ImplementationMistake::wrong_axis, "wrong-axis"},
    {ImplementationMistake::mean_not_subtracted, "mean-not-subtracted"},
    {ImplementationMistake::no_centering, "no-centering"},
    {ImplementationMistake::centered_rms, "centered-rms"},
    {ImplementationMistake::gamma_beta_swapped, "gamma-beta-swapped"},
    {ImplementationMistake::affine_missing, "affine-missing"},
};

bool is_centered(NormKind kind) { return kind != NormKind::rms && kind != NormKind::partial_rms; }

// The engine's view of one configuration on the input, without gamma/beta.
struct Normalized {
  ReductionGroups groups;
  NormForward<double> forward;
};

Normalized normalize_plain(const Tensor<double>& input, const NormConfig& config) {
  Normalized result{describe_reduction(config, input.shape), {}};
  NormParameters<double> no_affine;
  result.forward = norm_forward(input, config, no_affine);
  return result;
}

NormConfig with_eps(NormConfig config, double eps) {
  config.eps = eps;
  return config;
}

// Which elements share statistics, relabelled by first appearance so two descriptions compare equal
// exactly when they group the same elements.
std::vector<std::size_t> canonical_partition(const ReductionGroups& groups) {
  std::map<std::size_t, std::size_t> relabel;
  std::vector<std::size_t> partition(groups.group_of_element.size());
  for (std::size_t flat = 0; flat < partition.size(); ++flat) {
    partition[flat] = relabel.try_emplace(groups.group_of_element[flat], relabel.size()).first->second;
  }
  return partition;
}

class CandidateBuilder {
 public:
  explicit CandidateBuilder(const ImplementationCheckRequest& request)
      : request_(request), correct_(normalize_plain(request.input, request.config)) {}

  const Normalized& correct() const { return correct_; }

  // The student's gamma/beta applied to a normalized tensor per the correct kind's channels.
  Tensor<double> affine(Tensor<double> normalized, bool swapped = false) const {
    const auto& gamma = swapped ? request_.beta : request_.gamma;
    const auto& beta = swapped ? request_.gamma : request_.beta;
    for (std::size_t flat = 0; flat < normalized.size(); ++flat) {
      const std::size_t channel = correct_.groups.channel_of_element[flat];
      const double scale = gamma.empty() ? (swapped ? 0.0 : 1.0) : gamma[channel];
      const double shift = beta.empty() ? (swapped ? 1.0 : 0.0) : beta[channel];
      normalized[flat] = normalized[flat] * scale + shift;
    }
    return normalized;
  }

  bool has_affine() const {
    const auto differs = [](const std::vector<double>& values, double identity) {
      return std::any_of(values.begin(), values.end(), [&](double value) { return value != identity; });
    };
    return differs(request_.gamma, 1.0) || differs(request_.beta, 0.0);
  }

  // The mistaken output, or nullopt when the mistake does not apply to this kind, input or affine.
  std::optional<Tensor<double>> build(ImplementationMistake mistake, std::string& words) const {
    const NormConfig& config = request_.config;
    const bool centered = is_centered(config.kind);
    const std::size_t n = correct_.groups.statistic_count;
    const auto& mean = correct_.forward.group_mean;
    const auto& rstd = correct_.forward.group_rstd;
    const auto group_of = [&](std::size_t flat) { return correct_.groups.group_of_element[flat]; };
    Tensor<double> out(request_.input.shape);
    switch (mistake) {
      case ImplementationMistake::none:
        words = "the correct " + norm_kind_display_name(config.kind);
        return affine(correct_.forward.output);
      case ImplementationMistake::unbiased_variance: {
        if (!centered || n < 2) return std::nullopt;
        const double k = double(n) / double(n - 1);
        out = normalize_plain(request_.input, with_eps(config, config.eps / k)).forward.output;
        for (double& value : out.values) value /= std::sqrt(k);
        words = "the variance is divided by n - 1 (unbiased) instead of n: normalizing uses the biased "
                "variance (1/n); only BatchNorm's running variance is unbiased";
        return affine(out);
      }
      case ImplementationMistake::eps_outside_root:
      case ImplementationMistake::eps_missing: {
        if (config.eps == 0) return std::nullopt;
        const Normalized exact = normalize_plain(request_.input, with_eps(config, 0.0));
        out = exact.forward.output;
        const std::string sigma = centered ? "sigma" : "rms";
        if (mistake == ImplementationMistake::eps_outside_root) {
          for (std::size_t flat = 0; flat < out.size(); ++flat) {
            out[flat] /= 1.0 + config.eps * exact.forward.group_rstd[exact.groups.group_of_element[flat]];
          }
          words = "eps is added outside the square root, dividing by (" + sigma + " + eps) instead of sqrt(" +
                  (centered ? "var" : "mean(x^2)") + " + eps)";
        } else {
          words = "eps is left out: the output divides by " + sigma + " alone";
        }
        return affine(out);
      }
      case ImplementationMistake::mean_not_subtracted:
        if (!centered) return std::nullopt;
        for (std::size_t flat = 0; flat < out.size(); ++flat) out[flat] = request_.input[flat] * rstd[group_of(flat)];
        words = "the mean is not subtracted from x: y = x / sqrt(var + eps) instead of (x - mean) / sqrt(var + eps)";
        return affine(out);
      case ImplementationMistake::no_centering:
        if (!centered) return std::nullopt;
        for (std::size_t flat = 0; flat < out.size(); ++flat) {
          const std::size_t group = group_of(flat);
          out[flat] = request_.input[flat] / std::sqrt(1.0 / (rstd[group] * rstd[group]) + mean[group] * mean[group]);
        }
        words = "no mean subtraction at all: y = x / sqrt(mean(x^2) + eps), RMSNorm's statistic, where " +
                norm_kind_display_name(config.kind) + " centres x first";
        return affine(out);
      case ImplementationMistake::centered_rms: {
        if (centered || !request_.input.rank()) return std::nullopt;
        NormConfig layer = config;
        layer.kind = NormKind::layer;
        words = "the mean is subtracted, which makes it LayerNorm: RMSNorm divides x by sqrt(mean(x^2) + eps) "
                "without centring";
        return affine(normalize_plain(request_.input, layer).forward.output);
      }
      case ImplementationMistake::gamma_beta_swapped:
        if (!centered || request_.gamma == request_.beta || !has_affine()) return std::nullopt;
        words = "gamma and beta are swapped: y = x_hat * beta + gamma";
        return affine(correct_.forward.output, /*swapped=*/true);
      case ImplementationMistake::affine_missing:
        if (!has_affine()) return std::nullopt;
        words = std::string("gamma") + (centered ? " and beta are" : " is") + " not applied: the output is x_hat";
        return correct_.forward.output;
      case ImplementationMistake::wrong_axis:
        break;  // several alternatives: see wrong_axis_alternatives()
    }
    return std::nullopt;
  }

  // Every other reduction this shape allows (LayerNorm's rows, BatchNorm's columns, ...), with words.
  std::vector<std::pair<Tensor<double>, std::string>> wrong_axis_alternatives() const {
    const NormConfig& config = request_.config;
    std::vector<NormConfig> others;
    for (NormKind kind : {NormKind::layer, NormKind::batch, NormKind::instance, NormKind::group}) {
      NormConfig other = config;
      other.kind = kind;
      other.groups = 1;
      others.push_back(other);
    }
    // GroupNorm's G read as the number of channels per group.
    if (config.kind == NormKind::group && request_.input.rank() >= 2) {
      const std::size_t channels = request_.input.shape[1];
      if (channels % config.groups == 0 && channels / config.groups != config.groups) {
        NormConfig other = config;
        other.groups = channels / config.groups;
        others.push_back(other);
      }
    }
    if (!is_centered(config.kind)) return {};  // the engine's RMSNorm only reduces the last axis
    std::vector<std::vector<std::size_t>> seen = {canonical_partition(correct_.groups)};
    std::vector<std::pair<Tensor<double>, std::string>> alternatives;
    for (const NormConfig& other : others) {
      try {
        Normalized normalized = normalize_plain(request_.input, other);
        std::vector<std::size_t> partition = canonical_partition(normalized.groups);
        if (std::find(seen.begin(), seen.end(), partition) != seen.end()) continue;
        seen.push_back(std::move(partition));
        const std::string name = other.kind == NormKind::group
                                     ? "GroupNorm with " + std::to_string(other.groups) + " group" +
                                           (other.groups == 1 ? "" : "s")
                                     : norm_kind_display_name(other.kind);
        alternatives.emplace_back(affine(normalized.forward.output),
                                  "statistics over the wrong axis: the output matches " + name + ", which takes " +
                                      normalized.groups.description + "; " + norm_kind_display_name(config.kind) +
                                      " takes " + correct_.groups.description);
      } catch (const std::invalid_argument&) {
        // This shape does not fit that kind: not an alternative.
      }
    }
    return alternatives;
  }

 private:
  const ImplementationCheckRequest& request_;
  Normalized correct_;
};

double ratio(double difference, double tolerance) {
  return std::abs(difference) / std::max(tolerance, std::numeric_limits<double>::min());
}

double worst_ratio(const Tensor<double>& left, const Tensor<double>& right, const Tensor<double>& tolerance) {
  double worst = 0;
  for (std::size_t flat = 0; flat < left.size(); ++flat)
    worst = std::max(worst, ratio(left[flat] - right[flat], tolerance[flat]));
  return worst;
}

ElementComparison compare(Tensor<double> reference, const Tensor<double>& student, Tensor<double> tolerance) {
  ElementComparison comparison;
  comparison.difference = Tensor<double>(student.shape);
  for (std::size_t flat = 0; flat < student.size(); ++flat) {
    const double difference = student[flat] - reference[flat];
    comparison.difference[flat] = difference;
    if (std::abs(difference) > comparison.largest_error) {
      comparison.largest_error = std::abs(difference);
      comparison.largest_error_index = flat;
    }
    if (const double r = ratio(difference, tolerance[flat]); r > comparison.worst_ratio) {
      comparison.worst_ratio = r;
      comparison.worst_ratio_index = flat;
    }
  }
  comparison.passed = comparison.worst_ratio <= 1.0;
  comparison.reference = std::move(reference);
  comparison.tolerance = std::move(tolerance);
  return comparison;
}

double tolerance_factor(std::size_t statistic_size) {
  return 8.0 * (1.0 + std::sqrt(double(statistic_size))) * kFloat32Roundoff;
}

void require_finite(const Tensor<double>& tensor, const std::string& what) {
  for (std::size_t flat = 0; flat < tensor.size(); ++flat) {
    if (!std::isfinite(tensor[flat])) {
      throw std::invalid_argument(what + " has " + (std::isnan(tensor[flat]) ? "NaN" : "Inf") + " at " +
                                  element_words(tensor.shape, flat));
    }
  }
}

void require_same_shape(const Tensor<double>& tensor, const Shape& shape, const std::string& what) {
  if (tensor.shape != shape) {
    throw std::invalid_argument(what + " has shape " + shape_to_string(tensor.shape) + " but the input has " +
                                shape_to_string(shape));
  }
}

// The student's gradient against norm_backward's, with the same float32 rule applied to the
// backward's terms: r (g_i + max|g| (1 + |x_hat_i|)), g = dy gamma.
ElementComparison compare_gradient(const ImplementationCheckRequest& request, const Normalized& correct,
                                   std::size_t statistic_size) {
  NormParameters<double> parameters{request.gamma, request.beta, {}, {}};
  const NormGradients<double> gradients =
      norm_backward(request.input, *request.output_grad, request.config, parameters);
  const ReductionGroups& groups = correct.groups;
  std::vector<double> largest_g(groups.members.size(), 0.0);
  const auto g_of = [&](std::size_t flat) {
    const double gamma = request.gamma.empty() ? 1.0 : request.gamma[groups.channel_of_element[flat]];
    return (*request.output_grad)[flat] * gamma;
  };
  for (std::size_t flat = 0; flat < request.input.size(); ++flat) {
    double& largest = largest_g[groups.group_of_element[flat]];
    largest = std::max(largest, std::abs(g_of(flat)));
  }
  Tensor<double> tolerance(request.input.shape);
  const double factor = tolerance_factor(statistic_size);
  for (std::size_t flat = 0; flat < tolerance.size(); ++flat) {
    const std::size_t group = groups.group_of_element[flat];
    const double rstd = correct.forward.group_rstd[group];
    const double x_hat = correct.forward.output[flat];
    tolerance[flat] = factor * (std::abs(gradients.input_grad[flat]) +
                                rstd * (std::abs(g_of(flat)) + largest_g[group] * (1.0 + std::abs(x_hat))));
  }
  return compare(gradients.input_grad, *request.student_input_grad, std::move(tolerance));
}

}  // namespace

std::string mistake_id(ImplementationMistake mistake) {
  for (const MistakeInfo& info : kMistakes) {
    if (info.mistake == mistake) return info.id;
  }
  return "none";
}

const std::vector<ImplementationMistake>& all_mistakes() {
  static const std::vector<ImplementationMistake> mistakes = [] {
    std::vector<ImplementationMistake> list;
    for (const MistakeInfo& info : kMistakes) list.push_back(info.mistake);
    return list;
  }();
  return mistakes;
}

ImplementationMistake parse_mistake(const std::string& id) {
  std::string known;
  for (const MistakeInfo& info : kMistakes) {
    if (id == info.id) return info.mistake;
    known += (known.empty() ? "" : ", ") + std::string(info.id);
  }
  throw std::invalid_argument("unknown mistake '" + printable_excerpt(id) + "' (known: " + known + ")");
}

std::string element_words(const Shape& shape, std::size_t flat_index) {
  std::string words = "[";
  std::size_t stride = element_count(shape);
  for (std::size_t axis = 0; axis < shape.size(); ++axis) {
    stride /= shape[axis];
    words += (axis > 0 ? ", " : "") + std::to_string((flat_index / stride) % shape[axis]);
  }
  return words + "]";
}

ImplementationCheck check_implementation(const ImplementationCheckRequest& request) {
  if (request.config.kind == NormKind::partial_rms) {
    throw std::invalid_argument("the check covers layer, rms, batch, group and instance (not pRMSNorm)");
  }
  if (!is_centered(request.config.kind) && !request.beta.empty()) {
    throw std::invalid_argument("RMSNorm has no beta (it only rescales)");
  }
  require_finite(request.input, "the input");
  require_finite(request.student_output, "the student's output");
  require_same_shape(request.student_output, request.input.shape, "the student's output");
  if (request.student_input_grad && !request.output_grad) {
    throw std::invalid_argument("a student gradient needs the output gradient dL/dy it was computed for");
  }
  for (const auto* gradient : {&request.output_grad, &request.student_input_grad}) {
    if (!*gradient) continue;
    const std::string what = gradient == &request.output_grad ? "the output gradient" : "the student's gradient";
    require_finite(**gradient, what);
    require_same_shape(**gradient, request.input.shape, what);
  }
  ImplementationCheckRequest checked = request;
  checked.config.training = true;  // a student's BatchNorm normalizes with the batch's statistics

  const CandidateBuilder builder(checked);
  const Normalized& correct = builder.correct();
  ImplementationCheck check;
  check.config = checked.config;
  check.shape = request.input.shape;
  check.statistic_size = correct.groups.statistic_count;
  check.reduction_words = correct.groups.description;

  // The reference through the engine itself, gamma and beta included.
  NormParameters<double> parameters{checked.gamma, checked.beta, {}, {}};
  const NormForward<double> reference = norm_forward(checked.input, checked.config, parameters);
  Tensor<double> tolerance(check.shape);
  const double factor = tolerance_factor(check.statistic_size);
  for (std::size_t flat = 0; flat < tolerance.size(); ++flat) {
    const std::size_t group = correct.groups.group_of_element[flat];
    const std::size_t channel = correct.groups.channel_of_element[flat];
    const double gamma = checked.gamma.empty() ? 1.0 : checked.gamma[channel];
    const double beta = checked.beta.empty() ? 0.0 : checked.beta[channel];
    tolerance[flat] = factor * (std::abs(reference.output[flat]) +
                                std::abs(gamma) * (std::abs(checked.input[flat]) + std::abs(correct.forward.group_mean[group])) *
                                    correct.forward.group_rstd[group] +
                                std::abs(beta));
  }
  check.output = compare(reference.output, checked.student_output, tolerance);

  const auto add_candidate = [&](ImplementationMistake mistake, const Tensor<double>& output, std::string words) {
    MistakeCandidate candidate;
    candidate.mistake = mistake;
    candidate.words = std::move(words);
    candidate.worst_ratio = worst_ratio(checked.student_output, output, check.output.tolerance);
    candidate.detectable = worst_ratio(output, check.output.reference, check.output.tolerance) > 1.0;
    check.candidates.push_back(std::move(candidate));
  };
  for (ImplementationMistake mistake : all_mistakes()) {
    if (mistake == ImplementationMistake::none) continue;
    if (mistake == ImplementationMistake::wrong_axis) {
      for (auto& [output, words] : builder.wrong_axis_alternatives()) add_candidate(mistake, output, words);
      continue;
    }
    std::string words;
    try {
      if (auto output = builder.build(mistake, words)) add_candidate(mistake, *output, words);
    } catch (const std::invalid_argument&) {
      // e.g. eps = 0 on a constant group: that mistake cannot be recomputed on this input.
    }
  }
  if (!check.output.passed) {
    for (const MistakeCandidate& candidate : check.candidates) {
      if (!candidate.detectable || candidate.worst_ratio > 1.0) continue;
      if (!check.diagnosis || candidate.worst_ratio < check.diagnosis->worst_ratio) check.diagnosis = candidate;
    }
  }
  if (checked.student_input_grad) check.input_grad = compare_gradient(checked, correct, check.statistic_size);
  return check;
}

Tensor<double> planted_mistake_output(const ImplementationCheckRequest& request, ImplementationMistake mistake) {
  const CandidateBuilder builder(request);
  if (mistake == ImplementationMistake::wrong_axis) {
    auto alternatives = builder.wrong_axis_alternatives();
    if (alternatives.empty()) {
      throw std::invalid_argument("no other axis to take statistics over for " +
                                  norm_kind_display_name(request.config.kind) + " on this shape");
    }
    return std::move(alternatives.front().first);
  }
  std::string words;
  if (auto output = builder.build(mistake, words)) return std::move(*output);
  throw std::invalid_argument("the mistake '" + mistake_id(mistake) + "' does not apply to " +
                              norm_kind_display_name(request.config.kind) +
                              (mistake == ImplementationMistake::gamma_beta_swapped ||
                                       mistake == ImplementationMistake::affine_missing
                                   ? " without gamma/beta"
                                   : ""));
}

std::string tolerance_words(const ImplementationCheck& check) {
  char factor[32];
  std::snprintf(factor, sizeof factor, "%.3g", tolerance_factor(check.statistic_size) / kFloat32Roundoff);
  return std::string("tolerance per element: ") + factor +
         " u (|y| + |gamma| (|x| + |mean|)/sigma + |beta|), u = 2^-24 the float32 unit roundoff, " + factor +
         " = 8 (1 + sqrt(n)) for the n = " + std::to_string(check.statistic_size) +
         " values per statistic: what float32 rounding of a correct implementation can accumulate";
}

std::vector<std::string> verdict_lines(const ImplementationCheck& check) {
  std::vector<std::string> lines;
  const auto number = [](double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", value);
    return std::string(text);
  };
  const ElementComparison& output = check.output;
  if (output.passed) {
    lines.push_back("match: every element is within tolerance (largest error " + number(output.largest_error) +
                    " at " + element_words(check.shape, output.largest_error_index) + ", " +
                    number(output.worst_ratio) + " of its tolerance)");
    std::string hidden;
    for (const MistakeCandidate& candidate : check.candidates) {
      if (!candidate.detectable) hidden += (hidden.empty() ? "" : ", ") + mistake_id(candidate.mistake);
    }
    if (!hidden.empty()) {
      lines.push_back("this input cannot tell these mistakes from the correct layer: " + hidden +
                      " (try rows with a smaller spread, or a larger eps)");
    }
  } else {
    lines.push_back("mismatch: largest error " + number(output.largest_error) + " at " +
                    element_words(check.shape, output.largest_error_index) + " (reference " +
                    number(output.reference[output.largest_error_index]) + ", student " +
                    number(output.reference[output.largest_error_index] +
                           output.difference[output.largest_error_index]) +
                    "); " + number(output.worst_ratio) + " times the tolerance at " +
                    element_words(check.shape, output.worst_ratio_index));
    if (check.diagnosis) {
      lines.push_back("likely mistake: " + check.diagnosis->words);
    } else {
      lines.push_back("no single classic mistake reproduces this output (checked: biased vs unbiased variance, "
                      "eps placement, axis, mean subtraction, gamma/beta)");
    }
  }
  if (check.input_grad) {
    const ElementComparison& gradient = *check.input_grad;
    lines.push_back(std::string(gradient.passed ? "gradient match" : "gradient mismatch") +
                    ": largest error in dL/dx " + number(gradient.largest_error) + " at " +
                    element_words(check.shape, gradient.largest_error_index) + ", " +
                    number(gradient.worst_ratio) + " of its tolerance");
  }
  return lines;
}

}  // namespace normlab::lessons
