// gui::Job, the app's one kind of background work. Kept current with an input (the depth panel): a
// result arrives for the input asked for, the last one stays shown while the next computes, a failure
// is reported in words and not retried until the input changes, screenshot mode computes in place, and
// a run nobody wants any more is asked to stop and dropped. On request (the speed panel): progress in
// words while it runs, and a cancelled run's partial result kept and marked.
#include "gui/job.hpp"

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
long slow_square(int value, JobReporter&) {
  ++calls;
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  if (value < 0) throw std::invalid_argument("no square of a negative number here: " + std::to_string(value));
  return static_cast<long>(value) * value;
}

// Calls update every millisecond, as frames would, until nothing runs (at most two seconds).
void frames_until_idle(Job<int, long>& run, int wanted) {
  for (int frame = 0; frame < 2000; ++frame) {
    run.update(wanted, slow_square, false);
    if (!run.running()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

TEST(Job, ComputesOffTheCallingThreadAndKeepsTheLastResultMeanwhile) {
  calls = 0;
  Job<int, long> run;
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

TEST(Job, AFailureIsReportedAndNotRetriedUntilTheInputChanges) {
  calls = 0;
  Job<int, long> run;
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

TEST(Job, InPlaceComputesBeforeReturning) {
  Job<int, long> run;
  run.update(5, slow_square, true);
  EXPECT_FALSE(run.running());
  ASSERT_TRUE(run.shown().has_value());
  EXPECT_EQ(*run.shown(), 25);
  run.update(-1, slow_square, true);
  EXPECT_FALSE(run.error().empty());
}

std::atomic<int> stopped_early{0};

// Waits until asked to stop (or 20 s, which would fail the tests below), then returns its input.
long until_stopped(int value, JobReporter& job) {
  const std::stop_token stop = job.stop();
  if (value < 0) {  // negative inputs wait for the stop
    for (int wait = 0; wait < 20000 && !stop.stop_requested(); ++wait) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (stop.stop_requested()) ++stopped_early;
  }
  return value;
}

TEST(Job, ANewInputStopsTheRunForTheOldOneAndDropsItsResult) {
  stopped_early = 0;
  Job<int, long> run;
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

TEST(Job, DestroyingItStopsTheRun) {
  stopped_early = 0;
  {
    Job<int, long> run;
    run.update(-1, until_stopped, false);
    EXPECT_TRUE(run.running());
  }  // the destructor asks the run to stop, then waits for it
  EXPECT_EQ(stopped_early, 1);
}

// Counts to `steps`, reporting each, until stopped; returns how far it got.
long counting(int steps, JobReporter& job) {
  for (int step = 0; step < steps; ++step) {
    if (job.stop().stop_requested()) return step;
    job.report(static_cast<double>(step) / steps, "step " + std::to_string(step + 1) + " of " + std::to_string(steps));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return steps;
}

TEST(Job, OnRequestItReportsProgressAndACancelKeepsWhatWasDone) {
  Job<int, long> job;
  job.start(100000, counting, false);
  JobProgress seen;
  for (int frame = 0; frame < 2000 && seen.words.empty(); ++frame) {
    seen = job.progress();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_NE(seen.words.find(" of 100000"), std::string::npos) << seen.words;
  EXPECT_LT(seen.fraction, 0.5);
  job.cancel();
  for (int frame = 0; frame < 2000 && job.running(); ++frame) {
    job.poll();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_FALSE(job.running());
  EXPECT_TRUE(job.take_finished());
  EXPECT_FALSE(job.take_finished());  // once per run
  EXPECT_TRUE(job.cancelled());
  ASSERT_TRUE(job.shown().has_value());
  EXPECT_LT(*job.shown(), 100000);  // the partial count, kept
  EXPECT_TRUE(job.progress().words.empty());  // nothing runs
  job.start(3, counting, false);
  for (int frame = 0; frame < 2000 && job.running(); ++frame) {
    job.poll();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_FALSE(job.cancelled());
  EXPECT_EQ(*job.shown(), 3);
}

}  // namespace
}  // namespace normlab::gui
