// The one small thread pool of the library: independent tasks on a few threads. Results never
// depend on the number of threads, because each task writes only its own output and callers
// merge the outputs in a fixed order.
#pragma once
#include <functional>
#include <vector>

namespace radiomics {

/// The threads a setting asks for: `requested` if > 0, else one per core.
int thread_count(int requested);

/// Runs every task, on up to `threads` threads (the calling one included). If tasks throw, the
/// exception of the first such task in list order is rethrown after all have finished.
void run_tasks(const std::vector<std::function<void()>>& tasks, int threads);

/// Splits the indices 0..count-1 among up to `threads` threads: part(first, stride) handles
/// first, first + stride, ... (each part can set up its own buffers once).
void for_each_strided(std::size_t count, int threads, const std::function<void(std::size_t, std::size_t)>& part);

/// A task with an estimate of the working memory it allocates while it runs, in bytes.
struct SizedTask {
  std::function<void()> run;
  double bytes = 0.0;
};

/// Runs every task on up to `threads` threads, starting one only while the estimates of the
/// running tasks plus its own stay within `budget` bytes, or when no other task runs (a task
/// larger than the budget runs alone). Free threads take the first waiting task in list order
/// that fits. Which tasks overlap changes only the peak memory and the time, never a result.
/// Exceptions as run_tasks.
void run_tasks_within(const std::vector<SizedTask>& tasks, int threads, double budget);

}  // namespace radiomics
