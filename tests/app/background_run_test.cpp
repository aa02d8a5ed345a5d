// BackgroundRun, the depth panel's worker: a result arrives for the input asked for, the last one stays
// shown while the next computes, a failure is reported in words and not retried until the input
// changes, screenshot mode computes in place, and a run nobody wants any more is asked to stop.
#include "gui/background_run.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <stop_token>
#include <thread>

namespace normlab::gui {
namespace {

std::atomic<int> calls{0};

// Squares its input after a short wait (long enough to be seen running); negative inputs fail.
long slow_square(int value, std::stop_token) {
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

std::atomic<int> stopped_early{0};

// Waits until asked to stop (or 20 s, which would fail the tests below), then returns its input.
long until_stopped(int value, std::stop_token stop) {
  if (value < 0) {  // negative inputs wait for the stop
    for (int wait = 0; wait < 20000 && !stop.stop_requested(); ++wait) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (stop.stop_requested()) ++stopped_early;
  }
  return value;
}

TEST(BackgroundRun, ANewInputStopsTheRunForTheOldOneAndDropsItsResult) {
  stopped_early = 0;
  BackgroundRun<int, long> run;
  run.update(-5, until_stopped, false);  // would run for 20 s
  EXPECT_TRUE(run.running());
  for (int frame = 0; frame < 5000 && !(run.shown_for() && *run.shown_for() == 4); ++frame) {
    run.update(4, until_stopped, false);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(stopped_early, 1);
  ASSERT_TRUE(run.shown().has_value());
  EXPECT_EQ(*run.shown(), 4);  // -5's early return was not shown
  EXPECT_TRUE(run.error().empty());
}

TEST(BackgroundRun, DestroyingItStopsTheRun) {
  stopped_early = 0;
  {
    BackgroundRun<int, long> run;
    run.update(-1, until_stopped, false);
    EXPECT_TRUE(run.running());
  }  // the destructor asks the run to stop, then waits for it
  EXPECT_EQ(stopped_early, 1);
}

}  // namespace
}  // namespace normlab::gui
