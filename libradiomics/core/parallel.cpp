#include "core/parallel.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

namespace radiomics {

int thread_count(int requested) {
  if (requested > 0) return requested;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void run_tasks(const std::vector<std::function<void()>>& tasks, int threads) {
  std::vector<SizedTask> sized;
  sized.reserve(tasks.size());
  for (const auto& task : tasks) sized.push_back({task, 0.0});
  run_tasks_within(sized, threads, 0.0);  // nothing is sized: every task fits
}

void for_each_strided(std::size_t count, int threads, const std::function<void(std::size_t, std::size_t)>& part) {
  const std::size_t parts = std::min(count, static_cast<std::size_t>(std::max(1, threads)));
  std::vector<std::function<void()>> tasks;
  for (std::size_t first = 0; first < parts; ++first) tasks.push_back([&part, first, parts] { part(first, parts); });
  run_tasks(tasks, threads);
}

void run_tasks_within(const std::vector<SizedTask>& tasks, int threads, double budget) {
  std::vector<std::exception_ptr> errors(tasks.size());
  std::vector<bool> started(tasks.size(), false);
  std::size_t n_started = 0;
  std::size_t running = 0;
  double running_bytes = 0.0;
  std::mutex mutex;
  std::condition_variable finished_one;
  const auto work = [&] {
    std::unique_lock<std::mutex> lock(mutex);
    while (n_started < tasks.size()) {
      std::size_t next = tasks.size();
      for (std::size_t i = 0; i < tasks.size() && next == tasks.size(); ++i)
        if (!started[i] && (running == 0 || running_bytes + tasks[i].bytes <= budget)) next = i;
      if (next == tasks.size()) {
        finished_one.wait(lock);
        continue;
      }
      started[next] = true;
      ++n_started;
      ++running;
      running_bytes += tasks[next].bytes;
      lock.unlock();
      try {
        tasks[next].run();
      } catch (...) {
        errors[next] = std::current_exception();
      }
      lock.lock();
      --running;
      running_bytes -= tasks[next].bytes;
      finished_one.notify_all();
    }
  };
  const std::size_t helpers =
      std::min(tasks.size(), static_cast<std::size_t>(std::max(1, threads))) - (tasks.empty() ? 0 : 1);
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < helpers; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace radiomics
