// Bad input never crashes, hangs or gives silently wrong numbers. Every case of the generated
// corpus (tests/corpus) runs through the C++ API and through the `radiomics` program:
//  - an error case must throw the expected typed error (errors.hpp) whose message names the
//    problem; the program must exit non-zero with exactly one line on stderr and leave no
//    output file;
//  - a result case must give a table without inf (NaN marks undefined features), with a
//    warning where the case is small, and the same values as its clean twin where it has one.
// Cases that could make a careless implementation allocate gigabytes run in a child process
// with an address-space limit, and their peak memory is measured. docs/safeguards.md lists the
// same cases for users.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "corpus/corpus.hpp"
#include "output/csv_table.hpp"
#include "radiomics/radiomics.hpp"
#include "support/volumes.hpp"

namespace {

namespace fs = std::filesystem;
namespace corpus = radiomics::test::corpus;
using corpus::Case;
using radiomics::FeatureTable;

/// Address space of a guarded child: far above what a 16^3 volume needs, far below what a
/// header declaring 1e15 voxels would ask for, so that an attempt fails fast instead of
/// exhausting the machine.
constexpr rlim_t kChildAddressSpace = rlim_t{4} << 30;
/// Peak resident memory any corpus case may use (the volumes are 16 KiB each). The bound is the
/// release build's; under AddressSanitizer (scripts/sanitize.sh) every allocation carries shadow
/// memory, redzones and a quarantine of freed blocks, about 2-3 times the memory, so the same
/// cases get three times the room there.
#if defined(__SANITIZE_ADDRESS__)
constexpr long kMaxPeakKiB = 3 * 512 * 1024;
#else
constexpr long kMaxPeakKiB = 512 * 1024;
#endif
constexpr int kCliTimeoutSeconds = 120;

// --- The corpus, written once per process (ctest runs each test in its own process). ---

const fs::path& corpus_dir() {
  static const fs::path dir = radiomics::test::temp_dir("bad_input_" + std::to_string(::getpid()));
  return dir;
}

const std::vector<Case>& cases() {
  static const std::vector<Case> all = corpus::build(corpus_dir());
  return all;
}

/// Removes this process's corpus at the end of the run (ctest starts one process per test).
class CorpusCleanup : public ::testing::Environment {
 public:
  void TearDown() override { fs::remove_all(corpus_dir()); }
};
const ::testing::Environment* const kCleanup = ::testing::AddGlobalTestEnvironment(new CorpusCleanup);

const Case& case_named(const std::string& name) {
  for (const Case& c : cases())
    if (c.name == name) return c;
  throw std::logic_error("no corpus case " + name);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return s;
}

/// True when `text` contains one of the '|'-separated alternatives (case-insensitive).
bool mentions(const std::string& text, const std::string& alternatives) {
  std::stringstream ss(alternatives);
  std::string item;
  while (std::getline(ss, item, '|'))
    if (lower(text).find(lower(item)) != std::string::npos) return true;
  return false;
}

std::string without(std::string text, const std::string& part) {
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part)) text.erase(at, part.size());
  return text;
}

/// True when an error message names the problem of case `c`. The paths of the case's files are
/// taken out first (a file named "mismatch_size.nrrd" must not stand in for the word "size"),
/// unless the expected text is a file name itself.
bool names_problem(std::string message, const Case& c) {
  std::stringstream ss(c.message);
  std::string item;
  while (std::getline(ss, item, '|'))
    if (item == c.image.filename().string() || item == c.mask.filename().string())
      return mentions(message, c.message);
  for (const fs::path& p : {c.image, c.mask}) message = without(message, p.string());
  return mentions(message, c.message);
}

std::string outcome_names(unsigned outcomes) {
  std::string s;
  const std::pair<unsigned, const char*> names[] = {{corpus::kFeatures, "features"},
                                                    {corpus::kFileNotFound, "FileNotFound"},
                                                    {corpus::kFileReadError, "FileReadError"},
                                                    {corpus::kInputError, "InputError"},
                                                    {corpus::kSettingsError, "SettingsError"}};
  for (const auto& [bit, name] : names)
    if (outcomes & bit) s += std::string(s.empty() ? "" : " or ") + name;
  return s.empty() ? "an untyped exception" : s;
}

// --- The C++ API. ---

struct Observed {
  unsigned outcome = 0;  ///< one Outcome bit; 0 for an exception that is no radiomics error type
  std::string message;
  FeatureTable table;
};

Observed run_api(const Case& c) {
  Observed o;
  try {
    const radiomics::Extractor extractor(radiomics::Settings::from_json_text(c.config));
    o.table = extractor.run_files(c.image.string(), c.mask.string());
    o.outcome = corpus::kFeatures;
  } catch (const radiomics::FileNotFound& e) {
    o = {corpus::kFileNotFound, e.what(), {}};
  } catch (const radiomics::FileReadError& e) {
    o = {corpus::kFileReadError, e.what(), {}};
  } catch (const radiomics::InputError& e) {
    o = {corpus::kInputError, e.what(), {}};
  } catch (const radiomics::SettingsError& e) {
    o = {corpus::kSettingsError, e.what(), {}};
  } catch (const std::exception& e) {
    o = {0, std::string("untyped exception: ") + e.what(), {}};
  }
  return o;
}

/// Values of two tables agree tag by tag (NaN equals NaN).
std::string compare_tables(const FeatureTable& got, const FeatureTable& want) {
  if (got.size() != want.size())
    return "has " + std::to_string(got.size()) + " features, its clean twin " + std::to_string(want.size());
  std::string failures;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const auto& [tag, v] = got.values()[i];
    const auto& [want_tag, w] = want.values()[i];
    const bool same = tag == want_tag && ((std::isnan(v) && std::isnan(w)) ||
                                          std::fabs(v - w) <= 1e-9 * std::max(1.0, std::fabs(w)));
    if (!same) failures += " " + tag + "=" + std::to_string(v) + " (clean " + want_tag + "=" + std::to_string(w) + ")";
  }
  return failures.empty() ? "" : "differs from its clean twin:" + failures;
}

/// Everything wrong with an observed outcome ("" when the case behaves as documented).
std::string check(const Case& c, const Observed& o) {
  if (!(o.outcome & c.expect))
    return "expected " + outcome_names(c.expect) + ", got " + outcome_names(o.outcome) + ": " + o.message;
  if (o.outcome != corpus::kFeatures) {
    if (!names_problem(o.message, c)) return "message does not mention \"" + c.message + "\": " + o.message;
    return "";
  }
  std::string failures;
  if (o.table.size() == 0) failures += "empty feature table; ";
  for (const auto& [tag, v] : o.table.values())
    if (std::isinf(v)) failures += tag + " is inf; ";
  if (c.expect_warning && o.table.warnings().empty()) failures += "no warning; ";
  if (!c.same_as_image.empty()) {
    Case twin = c;
    twin.image = c.same_as_image;
    twin.mask = c.same_as_mask;
    if (!c.same_as_config.empty()) twin.config = c.same_as_config;
    const Observed clean = run_api(twin);
    if (clean.outcome != corpus::kFeatures) failures += "clean twin failed: " + clean.message;
    else failures += compare_tables(o.table, clean.table);
  }
  return failures;
}

/// Caps the address space so that an attempted huge allocation fails fast instead of swapping.
/// Not under AddressSanitizer, which reserves terabytes of shadow address space up front; there
/// the peak-memory check below still catches allocations made before a refusal.
void limit_address_space(rlim_t bytes) {
#if defined(__SANITIZE_ADDRESS__)
  (void)bytes;
#else
  rlimit limit{bytes, bytes};
  ::setrlimit(RLIMIT_AS, &limit);
#endif
}

long peak_rss_kib() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

class BadInputApi : public ::testing::TestWithParam<std::string> {};

TEST_P(BadInputApi, BehavesAsDocumented) {
  const Case& c = case_named(GetParam());
  SCOPED_TRACE(c.description);
  if (!c.guarded) {
    const Observed o = run_api(c);
    EXPECT_EQ(check(c, o), "");
    return;
  }
  // In a fresh process (the threadsafe style re-executes this test alone) under a memory limit:
  // a refusal must come before any large allocation, so peak memory stays small.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        limit_address_space(kChildAddressSpace);
        std::string failure = check(c, run_api(c));
        if (peak_rss_kib() > kMaxPeakKiB)
          failure += " peak memory " + std::to_string(peak_rss_kib() / 1024) + " MiB";
        std::fprintf(stderr, "%s\n", failure.empty() ? "bad-input-child-ok" : failure.c_str());
        std::fflush(stderr);
        fs::remove_all(corpus_dir());  // _Exit skips the environment's clean-up
        std::_Exit(failure.empty() ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "bad-input-child-ok");
}

// --- The command line. ---

struct Process {
  bool exited = false;  ///< ended by exit (not by a signal, not killed at the time limit)
  int status = -1;
  bool timed_out = false;
  std::string out, err;
  long peak_rss_kib = 0;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Runs a program with stdout/stderr to files, an address-space limit and a wall-clock limit;
/// the peak memory is the child's own (wait4), not that of earlier children.
Process spawn(const std::vector<std::string>& argv, const fs::path& dir) {
  const fs::path out = dir / "stdout.txt", err = dir / "stderr.txt";
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fo = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int fe = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fo, 1);
    ::dup2(fe, 2);
    limit_address_space(kChildAddressSpace);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  Process p;
  int status = 0;
  rusage usage{};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kCliTimeoutSeconds);
  while (::wait4(pid, &status, WNOHANG, &usage) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::wait4(pid, &status, 0, &usage);
      p.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  p.exited = !p.timed_out && WIFEXITED(status);
  p.status = p.exited ? WEXITSTATUS(status) : -1;
  p.out = slurp(out);
  p.err = slurp(err);
  p.peak_rss_kib = usage.ru_maxrss;
  return p;
}

int lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

class BadInputCli : public ::testing::TestWithParam<std::string> {};

TEST_P(BadInputCli, BehavesAsDocumented) {
  const Case& c = case_named(GetParam());
  SCOPED_TRACE(c.description);
  const fs::path dir = corpus_dir() / ("cli_" + c.name);
  fs::create_directories(dir);
  const fs::path config = dir / "config.json", output = dir / "out.csv";
  std::ofstream(config) << c.config;
  const Process p = spawn({RADIOMICS_CLI, "extract", "--image", c.image.string(), "--mask", c.mask.string(),
                           "--config", config.string(), "--output", output.string()},
                          dir);
  ASSERT_FALSE(p.timed_out) << "no answer within " << kCliTimeoutSeconds << " s";
  ASSERT_TRUE(p.exited) << "killed by a signal (crash or out of memory); stderr: " << p.err;
  EXPECT_LE(p.peak_rss_kib, kMaxPeakKiB) << "peak memory (KiB)";
  if (p.status == 0) {
    EXPECT_TRUE(c.expect & corpus::kFeatures) << "exit 0, expected " << outcome_names(c.expect) << "; stderr: " << p.err;
    EXPECT_TRUE(fs::exists(output));
    EXPECT_EQ(p.err.find("error"), std::string::npos) << p.err;
    return;
  }
  EXPECT_FALSE(c.expect == corpus::kFeatures) << "exit " << p.status << ", expected features; stderr: " << p.err;
  EXPECT_EQ(lines(p.err), 1) << "stderr must be exactly one line: " << p.err;
  if (!c.message.empty()) {
    // The configuration's path holds the case name too: it must not stand in for the key.
    EXPECT_TRUE(names_problem(without(p.err, config.string()), c)) << "does not mention \"" << c.message << "\": " << p.err;
  }
  EXPECT_FALSE(fs::exists(output)) << "output file left behind";
  for (const auto& entry : fs::directory_iterator(dir))  // the writer's temporary: .out.csv.XXXXXX
    EXPECT_NE(entry.path().filename().string().rfind(".out.csv", 0), 0u) << "partial output left behind";
}

std::string param_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

INSTANTIATE_TEST_SUITE_P(Corpus, BadInputApi, ::testing::ValuesIn(corpus::case_names()), param_name);
INSTANTIATE_TEST_SUITE_P(Corpus, BadInputCli, ::testing::ValuesIn(corpus::case_names()), param_name);

// --- Focused checks beyond the case table. ---

TEST(BadInputCorpus, ValidBaseFilesReadBackExactly) {
  // The broken cases differ from these files in one field only, so the files themselves (and
  // the raw NIfTI writer) must be right: otherwise a case would not test what it says.
  cases();
  for (const char* name : {"image.nrrd", "raw_image.nii"}) {
    const radiomics::Image im = radiomics::read_image((corpus_dir() / name).string());
    EXPECT_EQ(im.geometry.size, (std::array<std::size_t, 3>{16, 16, 16})) << name;
    EXPECT_EQ(im.data, corpus::pattern(16, 16, 16)) << name;
    for (double s : im.geometry.spacing) EXPECT_DOUBLE_EQ(s, 1.0) << name;
  }
  const radiomics::LabelMap m = radiomics::read_label_map((corpus_dir() / "raw_mask.nii").string());
  EXPECT_EQ(std::count(m.data.begin(), m.data.end(), 1), 125);
}

TEST(BadInputCorpus, EveryCaseIsDescribedAndUnique) {
  std::vector<std::string> names = corpus::case_names();
  EXPECT_GE(names.size(), 80u);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
  for (const Case& c : cases()) {
    EXPECT_FALSE(c.description.empty()) << c.name;
    EXPECT_EQ(c.expect == corpus::kFeatures, c.message.empty()) << c.name;
  }
}

TEST(BadInputCorpus, EveryCaseIsInTheSafeguardsDocument) {
  const std::string doc = slurp(fs::path(RADIOMICS_SOURCE_DIR) / "docs" / "safeguards.md");
  ASSERT_FALSE(doc.empty());
  for (const std::string& name : corpus::case_names())
    EXPECT_NE(doc.find("`" + name + "`"), std::string::npos) << name << " is not in docs/safeguards.md";
}

TEST(BadInputCorpus, TwoDimensionalImageIsOneSlice) {
  const radiomics::Image im = radiomics::read_image(case_named("image_2d").image.string());
  EXPECT_EQ(im.geometry.size, (std::array<std::size_t, 3>{16, 16, 1}));
  EXPECT_GT(im.geometry.spacing[2], 0.0);
}

TEST(BadInputCorpus, ConstantIntensityGivesDefinedStatisticsAndNaNTexture) {
  const Observed o = run_api(case_named("constant_intensity"));
  ASSERT_EQ(o.outcome, corpus::kFeatures) << o.message;
  const FeatureTable& t = o.table;
  EXPECT_DOUBLE_EQ(t.find("stat_mean").value_or(-1), 5.0);
  EXPECT_DOUBLE_EQ(t.find("stat_var").value_or(-1), 0.0);
  EXPECT_DOUBLE_EQ(t.find("stat_range").value_or(-1), 0.0);
  // IBSI defines these for sigma = 0 (manual 3.3: skewness and kurtosis 0; 3.10: coarseness 1e6).
  EXPECT_DOUBLE_EQ(t.find("stat_skew").value_or(-1), 0.0);
  EXPECT_DOUBLE_EQ(t.find("stat_kurt").value_or(-1), 0.0);
  EXPECT_DOUBLE_EQ(t.find("ngt_coarseness_3D").value_or(-1), 1e6);
  EXPECT_TRUE(std::isnan(t.find("cm_corr_3D_avg").value_or(0.0)));  // sigma_i = 0: undefined
  bool texture_warning = false;
  for (const auto& w : t.warnings()) texture_warning = texture_warning || mentions(w, "grey level|constant");
  EXPECT_TRUE(texture_warning) << "a constant ROI must be flagged (texture undefined)";
}

TEST(BadInputCorpus, OneVoxelRoiHasNoInfinityAndWarns) {
  const Observed o = run_api(case_named("roi_one_voxel"));
  ASSERT_EQ(o.outcome, corpus::kFeatures) << o.message;
  EXPECT_DOUBLE_EQ(o.table.find("morph_vol_approx").value_or(-1), 1.0);  // one 1 mm^3 voxel
  bool small = false;
  for (const auto& w : o.table.warnings()) small = small || mentions(w, "small");
  EXPECT_TRUE(small);
}

// The IBSI diagnostics describe the whole interpolated image. Interpolating a 128 x 128 x 16
// image to 0.5 mm makes 33.5 million voxels (about 800 MB in one piece, and the CT phantom at
// 0.3 mm took 4.7 GB); the diagnostics are streamed tile by tile, so the run stays within the
// corpus's memory bound while the features come from the ROI's block.
TEST(BadInputCli, DiagnosticsOfAFinelyInterpolatedImageStayWithinTheMemoryBound) {
  const fs::path dir = corpus_dir() / "cli_fine_diagnostics";
  fs::create_directories(dir);
  radiomics::Image image;
  image.geometry.size = {128, 128, 16};
  image.geometry.spacing = {2.0, 2.0, 4.0};
  image.data.resize(image.geometry.voxel_count());
  for (std::size_t i = 0; i < image.data.size(); ++i) image.data[i] = static_cast<float>((i * 37) % 101);
  radiomics::LabelMap mask;
  mask.geometry = image.geometry;
  mask.data.assign(image.geometry.voxel_count(), 0);
  for (std::size_t z = 6; z < 10; ++z)
    for (std::size_t y = 60; y < 64; ++y)
      for (std::size_t x = 60; x < 64; ++x) mask.data[mask.geometry.index(x, y, z)] = 1;
  radiomics::write_image(image, (dir / "image.nii.gz").string());
  radiomics::write_image(radiomics::test::as_image(mask), (dir / "mask.nii.gz").string());
  std::ofstream(dir / "config.json") << R"({"diagnostics": true, "families": ["statistics"],
      "interpolation": {"spacing": [0.5, 0.5, 0.5], "method": "cubic"},
      "discretisation": {"method": "fixed_bin_number", "bin_count": 16}})";
  const Process p = spawn({RADIOMICS_CLI, "extract", "--image", (dir / "image.nii.gz").string(), "--mask",
                           (dir / "mask.nii.gz").string(), "--config", (dir / "config.json").string(), "--output",
                           (dir / "out.csv").string()},
                          dir);
  ASSERT_TRUE(p.exited) << p.err;
  ASSERT_EQ(p.status, 0) << p.err;
  EXPECT_LE(p.peak_rss_kib, kMaxPeakKiB) << "peak memory (KiB)";
  const auto records = radiomics::csv::parse(slurp(dir / "out.csv"));
  ASSERT_EQ(records.size(), 2u);
  std::map<std::string, std::string> row;
  for (std::size_t i = 0; i < records[0].size(); ++i) row[records[0][i]] = records[1].at(i);
  EXPECT_EQ(row["img_dim_x_interp_img"], "512");
  EXPECT_EQ(row["img_dim_z_interp_img"], "128");
  EXPECT_EQ(row["int_mask_dim_y_interp_roi"], "512");
  const double mean = std::stod(row["mean_int_interp_img"]);
  EXPECT_TRUE(mean > 40.0 && mean < 60.0) << mean;  // the pattern's values 0..100, evenly spread
}

// Issue 10's largest case: a mask of all ones filling a 300^3 image, every family (defaults).
// It took 4.9 GB and 27-37 s for morphology alone; the bound is 1 GB and 60 s whole process
// (measured 845 MB and 13 s on the 2-core machine).
TEST(BadInputCli, FullVolume300RoiWithEveryFamilyStaysWithinOneGigabyte) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "27 million voxels under AddressSanitizer: the release build's bound does not apply";
#endif
  const fs::path dir = corpus_dir() / "cli_full_volume_300";
  fs::create_directories(dir);
  constexpr std::size_t kSide = 300, kVoxels = kSide * kSide * kSide;
  const auto write_nrrd = [&](const fs::path& path, const char* type, const std::vector<char>& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << "NRRD0004\ntype: " << type << "\ndimension: 3\nsizes: 300 300 300\nspacings: 1 1 1\n"
        << "encoding: raw\nendian: little\n\n";
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  };
  std::vector<char> image(2 * kVoxels);
  std::uint32_t seed = 1;
  for (std::size_t i = 0; i < kVoxels; ++i) {
    seed = seed * 1664525u + 1013904223u;
    const auto v = static_cast<std::int16_t>(1 + (seed >> 27));  // 1..32
    std::memcpy(&image[2 * i], &v, 2);
  }
  write_nrrd(dir / "image.nrrd", "short", image);
  write_nrrd(dir / "mask.nrrd", "uchar", std::vector<char>(kVoxels, 1));
  const auto start = std::chrono::steady_clock::now();
  const Process p = spawn({RADIOMICS_CLI, "extract", "--image", (dir / "image.nrrd").string(), "--mask",
                           (dir / "mask.nrrd").string(), "--output", (dir / "out.csv").string()},
                          dir);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(p.exited) << p.err;
  EXPECT_EQ(p.status, 0) << p.err;
  EXPECT_LE(static_cast<double>(p.peak_rss_kib) * 1024.0, 1e9) << "peak memory (KiB): " << p.peak_rss_kib;
  EXPECT_LT(seconds, 60.0);
  EXPECT_TRUE(fs::exists(dir / "out.csv"));
}

TEST(BadInputCli, ArgumentErrorsAreOneLine) {
  const fs::path dir = corpus_dir() / "cli_arguments";
  fs::create_directories(dir);
  const Case& base = case_named("mismatch_spacing");
  const std::string img = base.image.string(), msk = case_named("nan_in_roi").mask.string();
  const std::vector<std::vector<std::string>> bad = {
      {RADIOMICS_CLI, "extract", "--image", img},                                     // no --mask
      {RADIOMICS_CLI, "extract", "--image", img, "--mask", msk, "--label", "one"},    // not a number
      {RADIOMICS_CLI, "extract", "--image", img, "--mask", msk, "--colour", "red"},   // unknown option
      {RADIOMICS_CLI, "extract", "--image", img, "--mask", msk, "--label", "255"},    // absent label
  };
  for (const auto& argv : bad) {
    const Process p = spawn(argv, dir);
    ASSERT_TRUE(p.exited) << argv.back();
    EXPECT_NE(p.status, 0) << argv.back();
    EXPECT_EQ(lines(p.err), 1) << argv.back() << ": " << p.err;
  }
}

}  // namespace
