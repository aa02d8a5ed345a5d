// One computation kept current with the input it was asked for: run on a worker thread (or in place in
// screenshot mode, which starts no background work), the last result kept for display meanwhile, and
// an input whose computation threw remembered and not retried until the input changes. A run whose
// input is no longer wanted (the user moved on, or the panel is destroyed) is asked to stop through its
// std::stop_token and its result is dropped: dragging L to 1000 and back, or closing the app, waits for
// the computation's next check, not for the whole stack. A panel calls update() every frame; Key needs ==.
#pragma once

#include <chrono>
#include <exception>
#include <future>
#include <optional>
#include <stop_token>
#include <string>

namespace normlab::gui {

template <class Key, class Result>
class BackgroundRun {
 public:
  // The computation: returns early (with anything) once its stop token is triggered.
  using Compute = Result (*)(Key, std::stop_token);

  BackgroundRun() = default;
  BackgroundRun(const BackgroundRun&) = delete;
  BackgroundRun& operator=(const BackgroundRun&) = delete;
  // The job's future then waits for the computation, which has been asked to stop.
  ~BackgroundRun() { stop_.request_stop(); }

  // Collects a finished run; asks a run for another input to stop; starts one for `wanted` unless it
  // is shown, running, or failed already.
  void update(const Key& wanted, Compute compute, bool in_place) {
    if (job_.valid() && job_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      if (stop_.stop_requested()) {
        drop_stopped_run();
      } else {
        finish(*running_, [this] { return job_.get(); });
      }
      running_.reset();
    }
    if (job_.valid()) {
      if (!(*running_ == wanted)) stop_.request_stop();
      return;
    }
    if ((shown_for_ && *shown_for_ == wanted) || (failed_for_ && *failed_for_ == wanted)) return;
    if (in_place) {
      finish(wanted, [&] { return compute(wanted, std::stop_token{}); });
      return;
    }
    running_ = wanted;
    stop_ = std::stop_source();
    job_ = std::async(std::launch::async, compute, wanted, stop_.get_token());
  }

  bool running() const { return running_.has_value(); }
  const std::optional<Result>& shown() const { return shown_; }  // the last successful result
  const std::optional<Key>& shown_for() const { return shown_for_; }
  const std::string& error() const { return error_; }  // why the last run failed; empty after a success

 private:
  template <class Run>
  void finish(const Key& key, Run&& run) {
    try {
      shown_ = run();
      shown_for_ = key;
      error_.clear();
      failed_for_.reset();
    } catch (const std::exception& problem) {
      error_ = problem.what();
      failed_for_ = key;
    }
  }

  // A stopped run's result (or exception) is of no interest: it was for an input nobody wants now.
  void drop_stopped_run() {
    try {
      job_.get();
    } catch (const std::exception&) {
    }
  }

  std::optional<Key> running_;  // what job_ computes
  std::stop_source stop_;       // asks job_ to stop
  std::future<Result> job_;
  std::optional<Result> shown_;
  std::optional<Key> shown_for_, failed_for_;
  std::string error_;
};

}  // namespace normlab::gui
