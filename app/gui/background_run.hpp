// One computation kept current with the input it was asked for: run on a worker thread (or in place in
// screenshot mode, which starts no background work), the last result kept for display meanwhile, and
// an input whose computation threw remembered and not retried until the input changes. A panel calls
// update() every frame; Key needs ==.
#pragma once

#include <chrono>
#include <exception>
#include <future>
#include <optional>
#include <string>

namespace normlab::gui {

template <class Key, class Result>
class BackgroundRun {
 public:
  using Compute = Result (*)(Key);

  // Collects a finished run; starts one for `wanted` unless it is shown, running, or failed already.
  void update(const Key& wanted, Compute compute, bool in_place) {
    if (job_.valid() && job_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      finish(*running_, [this] { return job_.get(); });
      running_.reset();
    }
    if (job_.valid() || (shown_for_ && *shown_for_ == wanted) || (failed_for_ && *failed_for_ == wanted)) return;
    if (in_place) {
      finish(wanted, [&] { return compute(wanted); });
      return;
    }
    running_ = wanted;
    job_ = std::async(std::launch::async, compute, wanted);
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

  std::optional<Key> running_;  // what job_ computes
  std::future<Result> job_;
  std::optional<Result> shown_;
  std::optional<Key> shown_for_, failed_for_;
  std::string error_;
};

}  // namespace normlab::gui
