// The reduction-group description: members per variant and layout, gamma channels, and the shape
// errors a student can trigger.
#include <gtest/gtest.h>

#include "norm_test_support.hpp"

namespace normlab {
namespace {

using testing::make_config;
using Members = std::vector<std::vector<std::size_t>>;

TEST(ReductionGroups, LayerNormRowsOfTheLastAxis) {
  const auto groups = describe_reduction(make_config(NormKind::layer, 1e-5), {2, 3});
  EXPECT_EQ(groups.members, (Members{{0, 1, 2}, {3, 4, 5}}));
  EXPECT_EQ(groups.channel_of_element, (std::vector<std::size_t>{0, 1, 2, 0, 1, 2}));
  EXPECT_EQ(groups.channel_count, 3u);
}

TEST(ReductionGroups, BatchNormColumnsChannelsFirstAndLast) {
  // (N, C, L) = (2, 2, 2): channel c of sample n at flat n*4 + c*2 + l.
  const auto first = describe_reduction(make_config(NormKind::batch, 1e-5), {2, 2, 2});
  EXPECT_EQ(first.members, (Members{{0, 1, 4, 5}, {2, 3, 6, 7}}));
  // (N, T, C) = (2, 2, 2): channel c at flat n*4 + t*2 + c.
  const auto last =
      describe_reduction(make_config(NormKind::batch, 1e-5), {2, 2, 2}, AxisLayout::channels_last);
  EXPECT_EQ(last.members, (Members{{0, 2, 4, 6}, {1, 3, 5, 7}}));
}

TEST(ReductionGroups, GroupAndInstanceNorm) {
  // (N, C, L) = (1, 4, 1), G = 2: channels {0, 1} and {2, 3}.
  EXPECT_EQ(describe_reduction(make_config(NormKind::group, 1e-5, 2), {1, 4, 1}).members,
            (Members{{0, 1}, {2, 3}}));
  // (N, C, L) = (2, 1, 3): one instance per sample.
  EXPECT_EQ(describe_reduction(make_config(NormKind::instance, 1e-5), {2, 1, 3}).members,
            (Members{{0, 1, 2}, {3, 4, 5}}));
}

TEST(ReductionGroups, PartialRmsStatisticIsAPrefix) {
  // d = 10, p = 0.3: k = ceil(3) = 3 (not 4, despite 10 * 0.3 = 3.0000000000000004 in binary).
  const auto groups = describe_reduction(make_config(NormKind::partial_rms, 1e-5, 1, true, 0.3), {1, 10});
  const auto statistic = groups.statistic_members(0);
  EXPECT_EQ(std::vector<std::size_t>(statistic.begin(), statistic.end()), (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(statistic.data(), groups.members[0].data());  // a view of the members, not a copy
  EXPECT_EQ(groups.members[0].size(), 10u);
  // d = 7, p = 0.0625: k = ceil(0.4375) = 1.
  const auto single = describe_reduction(make_config(NormKind::partial_rms, 1e-5), {7});
  EXPECT_EQ(single.statistic_count, 1u);
  EXPECT_EQ(single.statistic_members(0).size(), 1u);
  EXPECT_EQ(single.statistic_members(0)[0], 0u);
  // Every other kind: the whole group.
  const auto layer = describe_reduction(make_config(NormKind::layer, 1e-5), {3, 5});
  EXPECT_EQ(layer.statistic_count, 5u);
  EXPECT_EQ(layer.statistic_members(2).size(), 5u);
}

TEST(ReductionGroups, BadShapesAreRefusedWithAReason) {
  const auto message_of = [](const NormConfig& config, const Shape& shape) {
    try {
      describe_reduction(config, shape);
    } catch (const std::invalid_argument& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message_of(make_config(NormKind::group, 1e-5, 3), {2, 4}).find("divisible"), std::string::npos);
  EXPECT_NE(message_of(make_config(NormKind::instance, 1e-5), {2, 4}).find("3-D"), std::string::npos);
  EXPECT_NE(message_of(make_config(NormKind::batch, 1e-5), {5}).find("(N, C)"), std::string::npos);
  EXPECT_NE(message_of(make_config(NormKind::layer, 1e-5), {3, 0}).find("empty"), std::string::npos);
  EXPECT_NE(message_of(make_config(NormKind::layer, 1e-5), {}).find("scalar"), std::string::npos);
}

TEST(ReductionGroups, KindNamesRoundTrip) {
  for (const NormKind kind : {NormKind::layer, NormKind::rms, NormKind::partial_rms, NormKind::batch,
                              NormKind::group, NormKind::instance}) {
    EXPECT_EQ(parse_norm_kind(norm_kind_name(kind)), kind);
  }
  EXPECT_THROW(parse_norm_kind("weight"), std::invalid_argument);
}

}  // namespace
}  // namespace normlab
