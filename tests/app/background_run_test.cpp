// BackgroundRun, the depth panel's worker: a result arrives for the input asked for, the last one stays
// shown while the next computes, a failure is reported in words and not retried until the input
// changes, and screenshot mode computes in place.
#include "gui/background_run.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace normlab::gui {
namespace {

std::atomic<int> calls{0};

// Squares its input after a short wait (long enough to be seen running); negative inputs fail.
long slow_square(int value) {
  ++calls;
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  if (value < 0) throw std::invalid_argument("no square of a negative number here: " + std::to_string(value));
  return static_cast<long>(value) * value;
}

// Calls update every millisecond, as frames would, until nothing runs (at most two seconds).
void frames_until_idle(BackgroundRun<int, long>& run, int wanted) {
  for (int frame = 0; frame < 2000; ++frame) {
    run.update(wanted, slow_square, false);
    if (!run.running()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

TEST(BackgroundRun, ComputesOffTheCallingThreadAndKeepsTheLastResultMeanwhile) {
  calls = 0;
  BackgroundRun<int, long> run;
  run.update(7, slow_square, false);
  EXPECT_TRUE(run.running());  // returned at once: the work is on another thread
  EXPECT_FALSE(run.shown().has_value());
  frames_until_idle(run, 7);
  ASSERT_TRUE(run.shown().has_value());
  EXPECT_EQ(*run.shown(), 49);
  EXPECT_EQ(*run.shown_for(), 7);
  // The same input again: nothing new starts.
  run.update(7, slow_square, false);
  EXPECT_FALSE(run.running());
  EXPECT_EQ(calls, 1);
  // A new input: 49 stays shown until 81 arrives.
  run.update(9, slow_square, false);
  EXPECT_TRUE(run.running());
  EXPECT_EQ(*run.shown(), 49);
  frames_until_idle(run, 9);
  EXPECT_EQ(*run.shown(), 81);
  EXPECT_EQ(calls, 2);
}

TEST(BackgroundRun, AFailureIsReportedAndNotRetriedUntilTheInputChanges) {
  calls = 0;
  BackgroundRun<int, long> run;
  frames_until_idle(run, 3);
  frames_until_idle(run, -2);
  EXPECT_NE(run.error().find("negative"), std::string::npos) << run.error();
  EXPECT_EQ(*run.shown(), 9);  // the last good result stays
  for (int frame = 0; frame < 5; ++frame) run.update(-2, slow_square, false);
  EXPECT_FALSE(run.running());
  EXPECT_EQ(calls, 2);  // -2 was not tried again
  frames_until_idle(run, 4);
  EXPECT_TRUE(run.error().empty());
  EXPECT_EQ(*run.shown(), 16);
}

TEST(BackgroundRun, InPlaceComputesBeforeReturning) {
  BackgroundRun<int, long> run;
  run.update(5, slow_square, true);
  EXPECT_FALSE(run.running());
  ASSERT_TRUE(run.shown().has_value());
  EXPECT_EQ(*run.shown(), 25);
  run.update(-1, slow_square, true);
  EXPECT_FALSE(run.error().empty());
}

}  // namespace
}  // namespace normlab::gui
