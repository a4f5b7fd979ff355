// `radiomics batch` as a user runs it on a cohort: failures isolated, exit status, identical
// output whatever the number of jobs, resumption after a kill, rows equal to single extractions,
// manifest columns copied.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "output/csv_table.hpp"
#include "radiomics/radiomics.hpp"
#include "support/volumes.hpp"

namespace {

namespace fs = std::filesystem;
using namespace radiomics;

const std::string kRoot = RADIOMICS_SOURCE_DIR;
const std::string kCohort = kRoot + "/examples/cohort/";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct CliResult {
  int status;
  std::string err;
};

CliResult radiomics_cli(const std::string& args, const fs::path& dir) {
  const std::string cmd = std::string(RADIOMICS_CLI) + " " + args + " 2> " + (dir / "stderr.txt").string();
  const int rc = std::system(cmd.c_str());
  return {WEXITSTATUS(rc), slurp(dir / "stderr.txt")};
}

/// Where two outputs part: the line number and the first 200 characters of each line there
/// (so that a failure in CI says which case and column differ, not only that the files do).
std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream sa(a), sb(b);
  std::string la, lb;
  for (int line = 1; static_cast<bool>(std::getline(sa, la)) | static_cast<bool>(std::getline(sb, lb)); ++line) {
    if (la != lb) {
      std::size_t at = 0;
      while (at < la.size() && at < lb.size() && la[at] == lb[at]) ++at;
      const std::size_t from = at > 100 ? at - 100 : 0;
      return "line " + std::to_string(line) + ", character " + std::to_string(at) + ":\n  " + la.substr(from, 200) +
             "\n  " + lb.substr(from, 200);
    }
    la.clear();
    lb.clear();
  }
  return "no difference";
}

/// The CSV as rows of column -> cell, in file order.
std::vector<std::map<std::string, std::string>> table(const fs::path& p) {
  const auto records = csv::parse(slurp(p));
  std::vector<std::map<std::string, std::string>> rows;
  for (std::size_t r = 1; r < records.size(); ++r) {
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < records[0].size(); ++i) row[records[0][i]] = records[r].at(i);
    rows.push_back(row);
  }
  return rows;
}

/// A manifest in `dir` with relative paths into a copy of two cohort cases, a failing case, an
/// extra column, and `copies` repetitions of the PET cases (to make a batch last).
fs::path write_manifest(const fs::path& dir, int copies = 1) {
  fs::create_directories(dir / "data");
  for (const char* f : {"STS_001/PET_image.nii.gz", "STS_001/PET_mask.nii.gz", "STS_002/PET_image.nii.gz",
                        "STS_002/PET_mask.nii.gz", "STS_003/MR_T1_image.nii.gz", "STS_003/MR_T1_mask.nii.gz"}) {
    const fs::path target = dir / "data" / std::string(f).replace(7, 1, "_");
    fs::copy_file(kCohort + f, target, fs::copy_options::overwrite_existing);
  }
  std::ofstream m(dir / "manifest.csv");
  m << "id,image,mask,outcome,label\n";
  for (int k = 0; k < copies; ++k) {
    const std::string s = copies > 1 ? "_" + std::to_string(k) : "";
    m << "p1" << s << ",data/STS_001_PET_image.nii.gz,data/STS_001_PET_mask.nii.gz,\"relapse, late\",\n";
    m << "missing" << s << ",data/none.nii.gz,data/STS_001_PET_mask.nii.gz,none,\n";
    m << "p2" << s << ",data/STS_002_PET_image.nii.gz,data/STS_002_PET_mask.nii.gz,none,1\n";
    m << "wrong_label" << s << ",data/STS_002_PET_image.nii.gz,data/STS_002_PET_mask.nii.gz,none,7\n";
    m << "mr3" << s << ",data/STS_003_MR_T1_image.nii.gz,data/STS_003_MR_T1_mask.nii.gz,relapse,\n";
  }
  return dir / "manifest.csv";
}

TEST(Batch, FailuresAreRowsTheBatchGoesOnAndTheExitStatusSaysHowMany) {
  const auto dir = test::temp_dir("batch_failures");
  const fs::path manifest = write_manifest(dir);
  const CliResult r = radiomics_cli("batch --manifest " + manifest.string() + " --output " + (dir / "out.csv").string(), dir);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("2 of 5 cases failed"), std::string::npos) << r.err;
  const auto rows = table(dir / "out.csv");
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].at("id"), "p1");  // manifest order
  EXPECT_EQ(rows[0].at("outcome"), "relapse, late");  // other manifest columns are copied
  EXPECT_EQ(rows[0].at("error"), "");
  EXPECT_NE(rows[1].at("error").find("FileNotFoundError"), std::string::npos) << rows[1].at("error");
  EXPECT_NE(rows[3].at("error").find("InputError: label 7 not found"), std::string::npos) << rows[3].at("error");
  EXPECT_FALSE(rows[4].at("stat_mean").empty());  // the cases after the failures ran
  // Relative paths are resolved against the manifest's folder.
  EXPECT_EQ(fs::path(rows[0].at("image")), (dir / "data/STS_001_PET_image.nii.gz").lexically_normal());
}

TEST(Batch, OneOrTwoJobsWriteTheSameFileAndRowsEqualSingleExtractions) {
  const auto dir = test::temp_dir("batch_jobs");
  const fs::path manifest = write_manifest(dir);
  radiomics_cli("batch --quiet --jobs 1 --manifest " + manifest.string() + " --output " + (dir / "one.csv").string(), dir);
  radiomics_cli("batch --quiet --jobs 2 --manifest " + manifest.string() + " --output " + (dir / "two.csv").string(), dir);
  EXPECT_EQ(slurp(dir / "one.csv"), slurp(dir / "two.csv")) << first_difference(slurp(dir / "one.csv"), slurp(dir / "two.csv"));

  // A batch row is, column for column, the row of `radiomics extract` on that case.
  const auto batch = table(dir / "one.csv");
  const std::string image = (dir / "data/STS_003_MR_T1_image.nii.gz").lexically_normal().string();
  const std::string mask = (dir / "data/STS_003_MR_T1_mask.nii.gz").lexically_normal().string();
  ASSERT_EQ(radiomics_cli("extract --image " + image + " --mask " + mask + " --output " + (dir / "single.csv").string(), dir).status, 0);
  const auto single = table(dir / "single.csv");
  ASSERT_EQ(single.size(), 1u);
  for (const auto& [column, value] : single[0]) EXPECT_EQ(batch[4].at(column), value) << column;
}

TEST(Batch, AnExistingOutputIsNotOverwrittenWithoutResume) {
  const auto dir = test::temp_dir("batch_exists");
  const fs::path manifest = write_manifest(dir);
  std::ofstream(dir / "out.csv") << "precious\n";
  const CliResult r = radiomics_cli("batch --manifest " + manifest.string() + " --output " + (dir / "out.csv").string(), dir);
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("--resume"), std::string::npos) << r.err;
  EXPECT_EQ(slurp(dir / "out.csv"), "precious\n");
}

TEST(Batch, ResumeAfterACutRowAddsTheMissingCasesOnce) {
  const auto dir = test::temp_dir("batch_resume_cut");
  const fs::path manifest = write_manifest(dir);
  const std::string args = "batch --quiet --manifest " + manifest.string() + " --output ";
  radiomics_cli(args + (dir / "full.csv").string(), dir);
  // What a kill leaves: the header, two whole rows and half of the third.
  const std::string full = slurp(dir / "full.csv");
  std::size_t cut = 0;
  for (int line = 0; line < 3; ++line) cut = full.find('\n', cut) + 1;
  std::ofstream(dir / "killed.csv", std::ios::binary) << full.substr(0, cut + 40);
  const CliResult resumed = radiomics_cli(args + (dir / "killed.csv").string() + " --resume", dir);
  EXPECT_EQ(slurp(dir / "killed.csv"), full) << first_difference(slurp(dir / "killed.csv"), full) << "\n" << resumed.err;
  // Resuming a complete output adds nothing.
  const CliResult again = radiomics_cli(args + (dir / "killed.csv").string() + " --resume", dir);
  EXPECT_EQ(slurp(dir / "killed.csv"), full) << first_difference(slurp(dir / "killed.csv"), full);
  EXPECT_EQ(again.status, 0) << again.err;  // no case ran, none failed
}

TEST(Batch, KillNineThenResumeGivesEveryCaseExactlyOnce) {
  const auto dir = test::temp_dir("batch_kill");
  const fs::path manifest = write_manifest(dir, 6);  // 30 cases
  const fs::path out = dir / "out.csv";
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::execl(RADIOMICS_CLI, RADIOMICS_CLI, "batch", "--quiet", "--jobs", "1", "--manifest", manifest.c_str(),
            "--output", out.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill it as soon as a few rows are there (or when it has finished anyway).
  for (int i = 0; i < 600; ++i) {
    if (fs::exists(out) && table(out).size() >= 4) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  const std::size_t before = table(out).size();
  radiomics_cli("batch --quiet --jobs 2 --resume --manifest " + manifest.string() + " --output " + out.string(), dir);
  const auto rows = table(out);
  ASSERT_EQ(rows.size(), 30u) << "rows before the resume: " << before;
  std::map<std::string, int> seen;
  for (const auto& row : rows) ++seen[row.at("id")];
  for (const auto& [id, n] : seen) EXPECT_EQ(n, 1) << id;
  // Same content as an uninterrupted run.
  radiomics_cli("batch --quiet --manifest " + manifest.string() + " --output " + (dir / "full.csv").string(), dir);
  EXPECT_EQ(slurp(out), slurp(dir / "full.csv")) << first_difference(slurp(out), slurp(dir / "full.csv"));
}

TEST(Batch, ManifestErrorsNameTheLine) {
  const auto dir = test::temp_dir("batch_manifest");
  std::ofstream(dir / "m1.csv") << "id,image\nA,x.nii\n";
  EXPECT_THROW(read_manifest((dir / "m1.csv").string()), InputError);
  std::ofstream(dir / "m2.csv") << "id,image,mask\nA,x,y\nA,x,y\n";
  try {
    read_manifest((dir / "m2.csv").string());
    ADD_FAILURE() << "duplicate id accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_manifest((dir / "none.csv").string()), FileNotFound);
}

}  // namespace

namespace {

TEST(Batch, ManifestRoiColumnSelectsRtstructRois) {
  const auto dir = test::temp_dir("batch_roi");
  const std::string dicom = kRoot + "/ibsi_phantom/ct_phantom/dicom/";
  std::string rtstruct;
  for (const auto& entry : fs::directory_iterator(dicom + "mask")) rtstruct = entry.path().string();
  std::ofstream(dir / "config.json") << R"({"families": ["statistics"]})";
  std::ofstream(dir / "manifest.csv") << "id,image,mask,roi\n"
                                      << "gtv," << dicom << "image," << rtstruct << ",GTV-1\n"
                                      << "absent," << dicom << "image," << rtstruct << ",GTV-9\n";
  const CliResult r = radiomics_cli("batch --quiet --config " + (dir / "config.json").string() + " --manifest " +
                                        (dir / "manifest.csv").string() + " --output " + (dir / "out.csv").string(),
                                    dir);
  EXPECT_EQ(r.status, 1) << r.err;
  const auto rows = table(dir / "out.csv");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].at("roi"), "GTV-1");
  EXPECT_EQ(rows[0].at("error"), "");
  EXPECT_FALSE(rows[0].at("stat_mean").empty());
  EXPECT_NE(rows[1].at("error").find("GTV-1"), std::string::npos) << rows[1].at("error");  // names those present
}

}  // namespace
