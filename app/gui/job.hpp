// The one kind of background work in the app: a computation on a worker thread (or in place in
// screenshot mode, which starts no background work), stopped through a std::stop_token, reporting its
// progress in a fraction and words ("round 3 of 9") that the UI reads each frame. Two ways to use it:
//  - update(wanted): keep a result current with an input (the depth panel's stacks). The last result
//    stays shown while the next computes; a run for an input nobody wants any more is asked to stop and
//    its result dropped; an input whose computation threw is not retried until it changes.
//  - start(key) / cancel(): a run on request (the speed panel's benchmark); a cancelled run's result
//    (what it measured before stopping) is kept and marked cancelled.
// Destroying the job (the panel closes, the app quits) asks its run to stop and waits for it.
#pragma once

#include <chrono>
#include <exception>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <utility>

namespace normlab::gui {

struct JobProgress {
  double fraction = 0;  // of the whole run, 0 .. 1
  std::string words;    // what it is doing, for a progress bar's label
};

// What a computation gets: the stop token to poll and where to report progress (any thread).
class JobReporter {
 public:
  explicit JobReporter(std::stop_token stop) : stop_(std::move(stop)) {}
  std::stop_token stop() const { return stop_; }
  void report(double fraction, std::string words) {
    std::lock_guard lock(mutex_);
    progress_ = {fraction, std::move(words)};
  }
  JobProgress progress() const {
    std::lock_guard lock(mutex_);
    return progress_;
  }

 private:
  std::stop_token stop_;
  mutable std::mutex mutex_;
  JobProgress progress_;
};

template <class Key, class Result>
class Job {
 public:
  // The computation: returns early (with anything) once its stop token is triggered.
  using Compute = Result (*)(Key, JobReporter&);

  Job() = default;
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;
  ~Job() {
    stop_.request_stop();
    if (future_.valid()) future_.wait();
  }

  // Collects a finished run; asks a run for another input to stop; starts one for `wanted` unless it is
  // shown, running, or failed already.
  void update(const Key& wanted, Compute compute, bool in_place) {
    collect();
    if (future_.valid()) {
      if (!(*running_ == wanted)) drop_running();
      return;
    }
    if ((shown_for_ && *shown_for_ == wanted) || (failed_for_ && *failed_for_ == wanted)) return;
    start(wanted, compute, in_place);
  }

  // Starts a run for `key` now (after asking any run in progress to stop and dropping its result).
  void start(const Key& key, Compute compute, bool in_place) {
    if (future_.valid()) {
      drop_running();
      future_.wait();
      collect();
    }
    if (in_place) {
      JobReporter reporter{std::stop_token{}};
      finish(key, [&] { return compute(key, reporter); }, false);
      return;
    }
    running_ = key;
    stop_ = std::stop_source();
    drop_ = false;
    reporter_ = std::make_shared<JobReporter>(stop_.get_token());
    future_ = std::async(std::launch::async, [compute, key, reporter = reporter_] { return compute(key, *reporter); });
  }

  // Asks the run to stop; what it returns is still shown (marked cancelled()).
  void cancel() { stop_.request_stop(); }
  // Collects a finished run without starting one (for start()/cancel() users, each frame).
  void poll() { collect(); }

  bool running() const { return running_.has_value(); }
  // The running computation's last report; empty when nothing runs.
  JobProgress progress() const { return reporter_ && running_ ? reporter_->progress() : JobProgress{}; }
  const std::optional<Result>& shown() const { return shown_; }  // the last result
  const std::optional<Key>& shown_for() const { return shown_for_; }
  const std::string& error() const { return error_; }  // why the last run failed; empty after a success
  bool cancelled() const { return cancelled_; }          // the shown result is from a cancelled run
  // True once after each run ends (with a result or an error), for a toast announcing it.
  bool take_finished() { return std::exchange(finished_, false); }

 private:
  void collect() {
    if (!future_.valid() || future_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    if (drop_) {
      try {
        future_.get();  // a run for an input nobody wants now: its result or exception is of no interest
      } catch (const std::exception&) {
      }
    } else {
      const bool was_cancelled = stop_.stop_requested();
      finish(*running_, [this] { return future_.get(); }, was_cancelled);
    }
    running_.reset();
  }

  void drop_running() {
    drop_ = true;
    stop_.request_stop();
  }

  template <class Run>
  void finish(const Key& key, Run&& run, bool was_cancelled) {
    try {
      shown_ = run();
      shown_for_ = key;
      cancelled_ = was_cancelled;
      error_.clear();
      failed_for_.reset();
    } catch (const std::exception& problem) {
      error_ = problem.what();
      failed_for_ = key;
    }
    finished_ = true;
  }

  std::optional<Key> running_;  // what future_ computes
  std::stop_source stop_;       // asks future_'s computation to stop
  bool drop_ = false;           // its result is not wanted
  std::shared_ptr<JobReporter> reporter_;
  std::future<Result> future_;
  std::optional<Result> shown_;
  std::optional<Key> shown_for_, failed_for_;
  std::string error_;
  bool cancelled_ = false, finished_ = false;
};

}  // namespace normlab::gui
