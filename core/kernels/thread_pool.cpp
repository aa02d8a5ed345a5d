#include "kernels/thread_pool.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace normlab::kernels {

namespace {

class ThreadPool {
 public:
  ~ThreadPool() {
    {
      std::lock_guard lock(state_mutex_);
      stopping_ = true;
    }
    work_ready_.notify_all();
    for (auto& worker : workers_) worker.join();
  }

  void run(std::size_t task_count, std::size_t threads, const std::function<void(std::size_t)>& task) {
    std::lock_guard run_lock(run_mutex_);  // one job at a time
    const std::size_t helpers = std::min(threads, task_count) - 1;
    while (workers_.size() < helpers) workers_.emplace_back([this] { worker_loop(); });
    {
      std::lock_guard lock(state_mutex_);
      task_ = &task;
      task_count_ = task_count;
      next_task_.store(0);
      helpers_wanted_ = helpers;
      helpers_busy_ = helpers;
      error_ = nullptr;
      ++generation_;
    }
    work_ready_.notify_all();
    drain();
    std::unique_lock lock(state_mutex_);
    work_done_.wait(lock, [this] { return helpers_busy_ == 0; });
    task_ = nullptr;
    if (error_) std::rethrow_exception(error_);
  }

 private:
  void drain() {
    for (std::size_t index = next_task_.fetch_add(1); index < task_count_; index = next_task_.fetch_add(1)) {
      try {
        (*task_)(index);
      } catch (...) {
        std::lock_guard lock(state_mutex_);
        if (!error_) error_ = std::current_exception();
      }
    }
  }

  void worker_loop() {
    std::size_t seen_generation = 0;
    for (;;) {
      {
        std::unique_lock lock(state_mutex_);
        work_ready_.wait(lock, [&] { return stopping_ || (generation_ != seen_generation && helpers_wanted_ > 0); });
        if (stopping_) return;
        seen_generation = generation_;
        --helpers_wanted_;
      }
      drain();
      {
        std::lock_guard lock(state_mutex_);
        --helpers_busy_;
      }
      work_done_.notify_all();
    }
  }

  std::mutex run_mutex_;
  std::mutex state_mutex_;
  std::condition_variable work_ready_;
  std::condition_variable work_done_;
  std::vector<std::thread> workers_;
  const std::function<void(std::size_t)>* task_ = nullptr;
  std::size_t task_count_ = 0;
  std::atomic<std::size_t> next_task_{0};
  std::size_t helpers_wanted_ = 0;
  std::size_t helpers_busy_ = 0;
  std::size_t generation_ = 0;
  bool stopping_ = false;
  std::exception_ptr error_;
};

}  // namespace

void parallel_for(std::size_t task_count, std::size_t threads, const std::function<void(std::size_t)>& task) {
  if (task_count == 0) return;
  if (threads <= 1 || task_count == 1) {
    for (std::size_t index = 0; index < task_count; ++index) task(index);
    return;
  }
  static ThreadPool pool;
  pool.run(task_count, threads, task);
}

}  // namespace normlab::kernels
