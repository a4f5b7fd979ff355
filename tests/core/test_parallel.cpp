// The thread pool: every task runs once, errors come back in list order, and the memory budget
// of run_tasks_within is never exceeded by tasks running together (a larger task runs alone).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "core/parallel.hpp"

namespace radiomics {
namespace {

TEST(RunTasks, EveryTaskRunsOnceAndTheFirstErrorInListOrderIsRethrown) {
  std::vector<std::atomic<int>> runs(20);
  std::vector<std::function<void()>> tasks;
  for (std::size_t i = 0; i < runs.size(); ++i)
    tasks.push_back([&, i] {
      ++runs[i];
      if (i == 7) throw std::runtime_error("seven");
      if (i == 3) throw std::runtime_error("three");
    });
  try {
    run_tasks(tasks, 4);
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "three");
  }
  for (const auto& r : runs) EXPECT_EQ(r.load(), 1);
}

TEST(RunTasksWithin, RunningTasksStayWithinTheBudgetAndALargerOneRunsAlone) {
  std::mutex mutex;
  double running = 0.0, peak = 0.0;
  int running_count = 0;
  bool large_ran_alone = true;
  const auto task = [&](double bytes) {
    return SizedTask{[&, bytes] {
                       {
                         std::lock_guard<std::mutex> lock(mutex);
                         running += bytes;
                         ++running_count;
                         peak = std::max(peak, running);
                         if (bytes > 100.0 && running_count > 1) large_ran_alone = false;
                       }
                       std::this_thread::sleep_for(std::chrono::milliseconds(5));
                       std::lock_guard<std::mutex> lock(mutex);
                       running -= bytes;
                       --running_count;
                     },
                     bytes};
  };
  std::vector<SizedTask> tasks;
  for (int i = 0; i < 6; ++i) tasks.push_back(task(40.0));
  tasks.push_back(task(250.0));  // above the budget: alone
  for (int i = 0; i < 6; ++i) tasks.push_back(task(0.0));
  run_tasks_within(tasks, 4, 100.0);
  EXPECT_LE(peak, 250.0);
  EXPECT_TRUE(large_ran_alone);
  // Without the large task, at most two 40-byte tasks (80 <= 100) overlap.
  std::vector<SizedTask> small(tasks.begin(), tasks.begin() + 6);
  peak = 0.0;
  run_tasks_within(small, 4, 100.0);
  EXPECT_LE(peak, 80.0);
}

}  // namespace
}  // namespace radiomics
