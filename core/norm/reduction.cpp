// Variant names and the one description of "which elements share one mean and variance"
// (norm.hpp sections 1 and 2). The engine and the app's axis-flip animation both read it.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "norm/norm.hpp"
#include "io/untrusted_text.hpp"

namespace normlab {

namespace {

struct KindNames {
  NormKind kind;
  const char* cli_name;
  const char* display_name;
};

constexpr KindNames kKindNames[] = {
    {NormKind::layer, "layer", "LayerNorm"},     {NormKind::rms, "rms", "RMSNorm"},
    {NormKind::partial_rms, "prms", "pRMSNorm"}, {NormKind::batch, "batch", "BatchNorm"},
    {NormKind::group, "group", "GroupNorm"},     {NormKind::instance, "instance", "InstanceNorm"},
};

const KindNames& names_of(NormKind kind) {
  for (const auto& names : kKindNames) {
    if (names.kind == kind) return names;
  }
  throw std::invalid_argument("unknown normalization kind");
}

// Builds the group lists from a function mapping each flat index to (group id, channel).
struct ElementPlacement {
  std::size_t group;
  std::size_t channel;
};

// Whether to fill the per-element lists (8 bytes per element each), or only the shape's counts and
// words (reduction_channel_count).
enum class ElementLists { build, skip };

// `place` maps each flat index to (group id, channel); a template, not std::function, because it
// runs once per element. Group sizes are counted first so each member list is allocated once.
template <typename Place>
ReductionGroups build_groups(const Shape& shape, std::size_t group_count, std::size_t channel_count,
                             ElementLists lists, Place&& place) {
  ReductionGroups groups;
  groups.shape = shape;
  groups.channel_count = channel_count;
  groups.statistic_count = element_count(shape) / group_count;  // every kind's groups are equal in size
  if (lists == ElementLists::skip) return groups;
  const std::size_t elements = element_count(shape);
  groups.group_of_element.resize(elements);
  groups.channel_of_element.resize(elements);
  std::vector<std::size_t> group_sizes(group_count, 0);
  for (std::size_t flat = 0; flat < elements; ++flat) {
    const ElementPlacement placement = place(flat);
    groups.group_of_element[flat] = placement.group;
    groups.channel_of_element[flat] = placement.channel;
    ++group_sizes[placement.group];
  }
  groups.members.resize(group_count);
  for (std::size_t group = 0; group < group_count; ++group) groups.members[group].reserve(group_sizes[group]);
  for (std::size_t flat = 0; flat < elements; ++flat) {
    groups.members[groups.group_of_element[flat]].push_back(flat);  // ascending, since flat ascends
  }
  return groups;
}

std::string plural(std::size_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

void require_nonempty(const NormConfig& config, const Shape& shape) {
  if (shape.empty()) {
    throw std::invalid_argument(norm_kind_display_name(config.kind) +
                                " needs at least a 1-D input, got a scalar");
  }
  if (element_count(shape) == 0) {
    throw std::invalid_argument(norm_kind_display_name(config.kind) + " got an empty input of shape " +
                                shape_to_string(shape));
  }
}

// LayerNorm, RMSNorm, pRMSNorm: each row of the last axis, any rank.
ReductionGroups describe_last_axis(const NormConfig& config, const Shape& shape, ElementLists lists) {
  const std::size_t features = shape.back();
  const std::size_t rows = element_count(shape) / features;
  ReductionGroups groups = build_groups(shape, rows, features, lists, [features](std::size_t flat) {
    return ElementPlacement{flat / features, flat % features};
  });
  groups.description = "each row's " + plural(features, "feature") + " (last axis), " + plural(rows, "row");
  if (config.kind == NormKind::partial_rms) {
    if (!(config.partial_fraction > 0.0 && config.partial_fraction <= 1.0)) {
      throw std::invalid_argument("pRMSNorm's partial fraction p must be in (0, 1], got " +
                                  std::to_string(config.partial_fraction));
    }
    // k = ceil(d p); the small tolerance keeps e.g. p = 0.3, d = 10 at k = 3 despite 10 * 0.3 > 3.
    const double scaled = static_cast<double>(features) * config.partial_fraction;
    std::size_t statistic_count = static_cast<std::size_t>(std::ceil(scaled - 1e-9 * scaled));
    statistic_count = std::max<std::size_t>(1, std::min(statistic_count, features));
    groups.statistic_count = statistic_count;
    groups.description += "; the RMS is estimated from the first " + plural(statistic_count, "feature");
  }
  return groups;
}

// The (samples, channels, length) view of a channels-first or channels-last tensor of rank 2 or 3.
struct ChannelView {
  std::size_t samples = 0;
  std::size_t channels = 0;
  std::size_t length = 1;  // L (channels_first) or T (channels_last); 1 for 2-D input
  bool channels_last = false;

  std::size_t channel_of(std::size_t flat) const {
    return channels_last ? flat % channels : (flat / length) % channels;
  }
  std::size_t sample_of(std::size_t flat) const { return flat / (channels * length); }
};

ChannelView channel_view(const NormConfig& config, const Shape& shape, AxisLayout layout, bool needs_length) {
  const std::string name = norm_kind_display_name(config.kind);
  const bool channels_last = layout == AxisLayout::channels_last;
  const std::string expected = channels_last ? "(N, T, C)" : "(N, C, L)";
  if (needs_length && shape.size() != 3) {
    throw std::invalid_argument(name + " needs a 3-D input " + expected + ", got shape " +
                                shape_to_string(shape));
  }
  if (shape.size() != 2 && shape.size() != 3) {
    throw std::invalid_argument(name + " needs a 2-D (N, C) or 3-D " + expected + " input, got shape " +
                                shape_to_string(shape));
  }
  ChannelView view;
  view.samples = shape[0];
  view.channels_last = channels_last && shape.size() == 3;
  view.channels = view.channels_last ? shape[2] : shape[1];
  view.length = shape.size() == 3 ? (view.channels_last ? shape[1] : shape[2]) : 1;
  return view;
}

std::string length_words(const ChannelView& view) {
  return plural(view.length, view.channels_last ? "time step" : "position");
}

ReductionGroups describe_batch(const NormConfig& config, const Shape& shape, AxisLayout layout, ElementLists lists) {
  const ChannelView view = channel_view(config, shape, layout, false);
  ReductionGroups groups = build_groups(shape, view.channels, view.channels, lists, [&view](std::size_t flat) {
    const std::size_t channel = view.channel_of(flat);
    return ElementPlacement{channel, channel};
  });
  groups.description = "each channel across all " + plural(view.samples, "sample") +
                       (shape.size() == 3 ? " and " + length_words(view) : std::string()) + ", " +
                       plural(view.channels, "channel");
  return groups;
}

ReductionGroups describe_group(const NormConfig& config, const Shape& shape, AxisLayout layout, ElementLists lists) {
  const ChannelView view = channel_view(config, shape, layout, false);
  if (config.groups == 0) throw std::invalid_argument("GroupNorm needs at least 1 group, got 0");
  if (view.channels % config.groups != 0) {
    throw std::invalid_argument("GroupNorm: " + plural(view.channels, "channel") + " cannot be split into " +
                                plural(config.groups, "group") + " (C must be divisible by G)");
  }
  const std::size_t channels_per_group = view.channels / config.groups;
  const std::size_t group_count = view.samples * config.groups;
  ReductionGroups groups = build_groups(shape, group_count, view.channels, lists, [&](std::size_t flat) {
    const std::size_t channel = view.channel_of(flat);
    return ElementPlacement{view.sample_of(flat) * config.groups + channel / channels_per_group, channel};
  });
  groups.description = "each sample's group of " + plural(channels_per_group, "channel") +
                       (shape.size() == 3 ? " over " + length_words(view) : std::string()) + ", " +
                       plural(config.groups, "group") + " per sample";
  return groups;
}

ReductionGroups describe_instance(const NormConfig& config, const Shape& shape, AxisLayout layout,
                                  ElementLists lists) {
  const ChannelView view = channel_view(config, shape, layout, true);
  ReductionGroups groups =
      build_groups(shape, view.samples * view.channels, view.channels, lists, [&view](std::size_t flat) {
        const std::size_t channel = view.channel_of(flat);
        return ElementPlacement{view.sample_of(flat) * view.channels + channel, channel};
      });
  groups.description = "each sample's channel over " + length_words(view) + ", " +
                       plural(view.samples * view.channels, "instance");
  return groups;
}

}  // namespace

NormKind parse_norm_kind(const std::string& name) {
  for (const auto& names : kKindNames) {
    if (name == names.cli_name) return names.kind;
  }
  throw std::invalid_argument("unknown normalization '" + printable_excerpt(name) +
                              "' (expected layer, rms, prms, batch, group or instance)");
}

std::string norm_kind_name(NormKind kind) { return names_of(kind).cli_name; }

std::string norm_kind_display_name(NormKind kind) { return names_of(kind).display_name; }

namespace {

ReductionGroups describe(const NormConfig& config, const Shape& shape, AxisLayout layout, ElementLists lists) {
  require_nonempty(config, shape);
  switch (config.kind) {
    case NormKind::layer:
    case NormKind::rms:
    case NormKind::partial_rms:
      return describe_last_axis(config, shape, lists);
    case NormKind::batch:
      return describe_batch(config, shape, layout, lists);
    case NormKind::group:
      return describe_group(config, shape, layout, lists);
    case NormKind::instance:
      return describe_instance(config, shape, layout, lists);
  }
  throw std::invalid_argument("unknown normalization kind");
}

}  // namespace

ReductionGroups describe_reduction(const NormConfig& config, const Shape& shape, AxisLayout layout) {
  return describe(config, shape, layout, ElementLists::build);
}

std::size_t reduction_channel_count(const NormConfig& config, const Shape& shape, AxisLayout layout) {
  return describe(config, shape, layout, ElementLists::skip).channel_count;
}

}  // namespace normlab
