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

}  // namespace radiomics
