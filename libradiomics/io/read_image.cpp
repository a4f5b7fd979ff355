// Image and mask reading through ITK: NIfTI, NRRD, MetaImage and DICOM series folders.
// ITK stays in this file (and is linked privately): the rest of the library works on plain
// arrays. Every failure becomes a typed radiomics error naming the file and the problem.
#include <gdcm-3.0/gdcmTrace.h>
#include <itkGDCMImageIO.h>
#include <itkGDCMImageIOFactory.h>
#include <itkMetaImageIOFactory.h>
#include <itkNiftiImageIOFactory.h>
#include <itkNrrdImageIOFactory.h>
#include <itkImage.h>
#include <itkImageFileReader.h>
#include <itkImageFileWriter.h>
#include <itkImageIOFactory.h>
#include <itkImageSeriesReader.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "io/dicom_series.hpp"
#include "io/metaimage_check.hpp"
#include "io/nifti_check.hpp"
#include "io/nifti_fast.hpp"
#include "io/read_image_internal.hpp"
#include "io/nrrd_check.hpp"
#include "radiomics/dicom.hpp"
#include "radiomics/errors.hpp"
#include "radiomics/image.hpp"

namespace radiomics {
namespace {

namespace fs = std::filesystem;

/// ITK finds readers through factories. They are registered here explicitly, once, rather than
/// through ITK's generated registration headers, so only the formats we document are used.
void register_readers() {
  static std::once_flag once;
  std::call_once(once, [] {
    itk::NiftiImageIOFactory::RegisterOneFactory();
    itk::NrrdImageIOFactory::RegisterOneFactory();
    itk::MetaImageIOFactory::RegisterOneFactory();
    itk::GDCMImageIOFactory::RegisterOneFactory();
    // ITK's and GDCM's warnings go to stderr; our errors carry everything the user needs in one
    // line (and the DICOM header scan has checked what GDCM would only warn about).
    itk::Object::GlobalWarningDisplayOff();
    gdcm::Trace::WarningOff();
    gdcm::Trace::DebugOff();
  });
}

/// ITK's descriptions span several lines (file, line, trace); users get one line.
std::string one_line(const std::string& text) {
  std::string out;
  for (char c : text) {
    const char d = (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    if (d == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += d;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

template <class ItkImage>
Geometry geometry_of(const ItkImage& image) {
  Geometry g;
  const auto size = image.GetLargestPossibleRegion().GetSize();
  for (unsigned a = 0; a < 3; ++a) {
    g.size[a] = size[a];
    g.spacing[a] = image.GetSpacing()[a];
    g.origin[a] = image.GetOrigin()[a];
    for (unsigned b = 0; b < 3; ++b) g.direction[a * 3 + b] = image.GetDirection()[a][b];
  }
  return g;
}

/// The geometry ITK's reader gives a 3D file, from its header alone: spacing, origin and the
/// direction matrix whose column a is the direction of axis a.
Geometry geometry_of(const itk::ImageIOBase& io) {
  Geometry g;
  for (unsigned a = 0; a < 3; ++a) {
    g.size[a] = io.GetDimensions(a);
    g.spacing[a] = io.GetSpacing(a);
    g.origin[a] = io.GetOrigin(a);
    const std::vector<double> axis = io.GetDirection(a);
    for (unsigned b = 0; b < 3; ++b) g.direction[b * 3 + a] = axis[b];
  }
  return g;
}

/// Reads and checks the header (dimension, size, spacing) of a single image file before any
/// voxel is read; the returned ImageIO is then handed to the reader, so the header is parsed once.
itk::ImageIOBase::Pointer checked_header(const std::string& path) {
  // Errors inside translated(): ITK's own text, or what MetaIO printed, joins the message.
  itk::ImageIOBase::Pointer io =
      itk::ImageIOFactory::CreateImageIO(path.c_str(), itk::ImageIOFactory::IOFileModeEnum::ReadMode);
  if (!io) throw FileReadError(path + ": not a readable image (NIfTI, NRRD, MetaImage or DICOM)");
  io->SetFileName(path);
  io->ReadImageInformation();
  const unsigned dims = io->GetNumberOfDimensions();
  if (dims < 2 || dims > 4) throw InputError(path + ": a " + std::to_string(dims) + "D image is not supported (2D or 3D expected)");
  double voxels = 1;
  for (unsigned a = 0; a < dims; ++a) {
    if (io->GetDimensions(a) == 0) throw InputError(path + ": axis " + std::to_string(a) + " has size 0");
    voxels *= static_cast<double>(io->GetDimensions(a));
    const double s = io->GetSpacing(a);
    if (a < 3 && !(s > 0) ) throw InputError(path + ": voxel spacing along axis " + std::to_string(a) + " is " + std::to_string(s) + " (must be > 0)");
  }
  if (dims == 4 && io->GetDimensions(3) != 1)
    throw InputError(path + ": a 4D image with " + std::to_string(io->GetDimensions(3)) +
                     " volumes is not supported (give one 3D volume)");
  if (io->GetNumberOfComponents() != 1)
    throw InputError(path + ": images with " + std::to_string(io->GetNumberOfComponents()) +
                     " components per voxel are not supported (scalar images only)");
  check_voxel_count(path, voxels);
  return io;
}

/// Integer component types whose values can exceed float's 24-bit significand: their voxels are
/// checked one by one instead of being rounded silently to the nearest float.
bool wide_integer(itk::IOComponentEnum type) {
  using C = itk::IOComponentEnum;
  return type == C::INT || type == C::UINT || type == C::LONG || type == C::ULONG || type == C::LONGLONG ||
         type == C::ULONGLONG;
}

bool is_unsigned(itk::IOComponentEnum type) {
  using C = itk::IOComponentEnum;
  return type == C::UINT || type == C::ULONG || type == C::ULONGLONG;
}

bool is_metaimage(const std::string& path) {
  const auto ends = [&](const char* suffix) {
    const std::size_t n = std::char_traits<char>::length(suffix);
    return path.size() >= n && path.compare(path.size() - n, n, suffix) == 0;
  };
  return ends(".mha") || ends(".mhd");
}

/// MetaIO, ITK's MetaImage library, reports problems on std::cerr, several lines each ("DimSize
/// required and not defined. / MetaObject: Read: MET_Read Failed / ..."), and ITK's exception
/// then says something unrelated. While a MetaImage file is read, std::cerr writes into a
/// buffer instead; what MetaIO said becomes part of the one-line error. One reader at a time
/// redirects (std::cerr is shared by the whole process).
class CerrCapture {
 public:
  explicit CerrCapture(bool active) {
    if (!active) return;
    lock_ = std::unique_lock<std::mutex>(mutex());
    saved_ = std::cerr.rdbuf(text_.rdbuf());
  }
  ~CerrCapture() {
    if (saved_ != nullptr) std::cerr.rdbuf(saved_);
  }
  CerrCapture(const CerrCapture&) = delete;
  CerrCapture& operator=(const CerrCapture&) = delete;
  std::string text() const { return one_line(text_.str()); }

 private:
  static std::mutex& mutex() {
    static std::mutex m;
    return m;
  }
  std::unique_lock<std::mutex> lock_;
  std::ostringstream text_;
  std::streambuf* saved_ = nullptr;
};

/// Runs one read and turns ITK's and the standard library's exceptions, and anything MetaIO
/// printed, into radiomics errors that name the file.
template <class Read>
auto translated(const std::string& path, Read&& read) {
  CerrCapture library_output(is_metaimage(path));
  try {
    auto result = read();
    // MetaIO complains without failing when data are short: never use such voxels.
    if (!library_output.text().empty()) throw FileReadError(path + ": cannot read image: " + library_output.text());
    return result;
  } catch (const itk::ExceptionObject& e) {
    const std::string said = library_output.text();
    throw FileReadError(path + ": cannot read image: " + (said.empty() ? one_line(e.GetDescription()) : said));
  } catch (const std::bad_alloc&) {
    throw FileReadError(path + ": not enough memory to read this image");
  } catch (const std::length_error& e) {
    throw FileReadError(path + ": the image is larger than the reader supports (" + std::string(e.what()) + ")");
  }
}

/// ITK's series reader derives the grid from the slice files itself; it must agree with the
/// geometry the header scan validated (io/dicom_series.cpp), or the voxels would be misplaced.
template <class ItkImage>
void check_series_geometry(const ItkImage& image, const DicomSeries& series) {
  const Geometry g = geometry_of(image);
  const std::array<double, 3> spacing{series.pixel_spacing[0], series.pixel_spacing[1], series.slice_spacing};
  const std::array<std::size_t, 3> size{series.columns, series.rows, series.files.size()};
  bool same = g.size == size;
  for (int a = 0; a < 3; ++a) {
    same = same && std::fabs(g.spacing[a] - spacing[a]) <= kSliceSpacingTolerance * spacing[a];
    same = same && std::fabs(g.origin[a] - series.origin[a]) <= kSliceSpacingTolerance * spacing[a];
  }
  for (int k = 0; k < 9; ++k) same = same && std::fabs(g.direction[k] - series.direction[k]) <= 1e-3;
  if (!same)
    throw InputError(series.folder + ": the image grid ITK reads from the series differs from the slice headers");
}

/// Reads a DICOM series folder into an ITK image of the given pixel type. The header scan
/// (io/dicom_series.cpp) chooses the series (`series_uid`, or the only one), checks its geometry
/// and pixel data, and orders the files; `series` receives what it found (series, frame of
/// reference, SUV factor).
template <class ItkImage>
typename ItkImage::Pointer read_series(const std::string& path, const std::string& series_uid = "",
                                       DicomSeries* series = nullptr) {
  DicomSeries scanned = scan_dicom_series(path, series_uid);
  typename ItkImage::Pointer image = translated(path, [&] {
    auto reader = itk::ImageSeriesReader<ItkImage>::New();
    reader->SetImageIO(itk::GDCMImageIO::New());
    reader->SetFileNames(scanned.files);
    reader->Update();
    typename ItkImage::Pointer read = reader->GetOutput();
    return read;
  });
  if (scanned.files.size() == 1) {
    // One slice has no neighbour to measure a spacing from: its thickness is the depth.
    auto spacing = image->GetSpacing();
    spacing[2] = scanned.slice_spacing;
    image->SetSpacing(spacing);
  }
  check_series_geometry(*image, scanned);
  if (series) *series = std::move(scanned);
  return image;
}

/// Checks a single image file (format pre-checks, then the header through ITK) before any
/// voxel is read; the returned ImageIO is handed to read_file, so the header is parsed once.
itk::ImageIOBase::Pointer opened_file(const std::string& path) {
  // Each check passes paths of other formats; they read headers and count data bytes without
  // allocating the volume, which ITK's readers do before they find the data missing.
  check_nifti_file(path);
  check_nrrd_file(path);
  check_metaimage_file(path);
  return translated(path, [&] { return checked_header(path); });
}

/// Reads the voxels of a checked file into an ITK image of the given pixel type (float for
/// images, double for masks so that non-integer labels can be detected). NaN and infinite
/// values are put back where the NIfTI library replaced them by 0.
template <class ItkImage>
typename ItkImage::Pointer read_file(const std::string& path, itk::ImageIOBase* io) {
  return translated(path, [&] {
    auto reader = itk::ImageFileReader<ItkImage>::New();
    reader->SetImageIO(io);
    reader->SetFileName(path);
    reader->Update();
    typename ItkImage::Pointer image = reader->GetOutput();
    auto* voxels = image->GetBufferPointer();
    const std::size_t n = image->GetLargestPossibleRegion().GetNumberOfPixels();
    using Pixel = typename ItkImage::PixelType;
    const auto holds = [&](double value) {
      return std::find(voxels, voxels + n, static_cast<Pixel>(value)) != voxels + n;
    };
    for_each_non_finite_nifti_voxel(path, holds, [&](std::size_t i, double value) {
      if (i < n) voxels[i] = static_cast<Pixel>(value);
    });
    return image;
  });
}

bool is_folder(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw FileNotFound("file not found: " + path);
  return fs::is_directory(path, ec);
}

template <class T, class ItkImage, class Convert>
Volume<T> to_volume(const ItkImage& image, Convert convert) {
  Volume<T> v;
  v.geometry = geometry_of(image);
  const std::size_t n = v.geometry.voxel_count();
  v.data.resize(n);
  const auto* src = image.GetBufferPointer();
  for (std::size_t i = 0; i < n; ++i) v.data[i] = convert(src[i]);
  return v;
}

/// Reads a file whose voxels are 8- or 16-bit integers in that type and converts each voxel with
/// `convert`, so that no whole-image buffer of the wider target type is made beside ITK's own
/// (a 512 x 512 x 300 CT: 157 MB of int16 instead of 314 MB of float twice). Files that ITK
/// rescales (NIfTI scl_slope/scl_inter) are reported as float by its ImageIO and take the
/// float path. nullopt for other component types.
template <class T, class Convert>
std::optional<Volume<T>> read_small_integers(const std::string& path, itk::ImageIOBase* io, Convert convert) {
  using C = itk::IOComponentEnum;
  switch (io->GetComponentType()) {
    case C::UCHAR: return to_volume<T>(*read_file<itk::Image<std::uint8_t, 3>>(path, io), convert);
    case C::CHAR: return to_volume<T>(*read_file<itk::Image<std::int8_t, 3>>(path, io), convert);
    case C::USHORT: return to_volume<T>(*read_file<itk::Image<std::uint16_t, 3>>(path, io), convert);
    case C::SHORT: return to_volume<T>(*read_file<itk::Image<std::int16_t, 3>>(path, io), convert);
    default: return std::nullopt;
  }
}

/// Intensities are single-precision floats, which hold integers exactly up to 2^24 only: a
/// file of 32- or 64-bit integers is read at full width and refused when a voxel would be
/// rounded (2^40 + 1 and 2^40 + 2 would become one grey level, silently).
template <class Int>
Image read_exact_integers(const std::string& path, itk::ImageIOBase* io) {
  const auto image = read_file<itk::Image<Int, 3>>(path, io);
  return to_volume<float>(*image, [&path](Int v) {
    const auto f = static_cast<float>(v);
    // long double holds every 64-bit integer exactly (x86-64: 64-bit significand).
    if (static_cast<long double>(f) != static_cast<long double>(v))
      throw InputError(path + ": integer intensity " + std::to_string(v) +
                       " cannot be represented exactly as a 32-bit float (integers are exact up to "
                       "2^24 = 16777216 in magnitude); rescale the intensities or store them as float");
    return f;
  });
}

}  // namespace

namespace {
Image read_image_file(const std::string& path, itk::ImageIOBase* io, bool itk_only);
LabelMap read_label_map_file(const std::string& path, itk::ImageIOBase* io, bool itk_only);
}  // namespace

Image read_image_through_itk(const std::string& path) {
  register_readers();
  return read_image_file(path, opened_file(path), true);
}

LabelMap read_label_map_through_itk(const std::string& path) {
  register_readers();
  return read_label_map_file(path, opened_file(path), true);
}

namespace {

/// A file's voxels in the type it stores (the direct NIfTI reader where it applies, else ITK).
template <class T>
Volume<T> read_stored(const std::string& path, itk::ImageIOBase* io) {
  if (std::optional<std::vector<T>> voxels = read_nifti_stored<T>(path)) return Volume<T>{geometry_of(*io), std::move(*voxels)};
  return to_volume<T>(*read_file<itk::Image<T, 3>>(path, io), [](T x) { return x; });
}

}  // namespace

StoredImage read_image_stored(const std::string& path) {
  register_readers();
  if (is_folder(path)) return read_image(path);  // DICOM: rescaled per slice, read as float
  const itk::ImageIOBase::Pointer io = opened_file(path);  // the header, once
  // A file ITK rescales (NIfTI scl_slope/scl_inter) is reported as float: not kept here.
  if (io->GetNumberOfDimensions() == 3) {
    if (io->GetComponentType() == itk::IOComponentEnum::SHORT) return read_stored<std::int16_t>(path, io);
    if (io->GetComponentType() == itk::IOComponentEnum::USHORT) return read_stored<std::uint16_t>(path, io);
  }
  return read_image_file(path, io, false);
}

StoredLabelMap read_label_map_stored(const std::string& path) {
  register_readers();
  if (is_roi_file(path) || is_folder(path)) return read_label_map(path);  // it explains or reads
  const itk::ImageIOBase::Pointer io = opened_file(path);
  if (io->GetNumberOfDimensions() == 3 && io->GetComponentType() == itk::IOComponentEnum::UCHAR)
    return read_stored<std::uint8_t>(path, io);
  return read_label_map_file(path, io, false);
}

Image read_image(const std::string& path) { return read_image_series(path).image; }

SeriesImage read_image_series(const std::string& path, const std::string& series_uid) {
  register_readers();
  using FloatImage = itk::Image<float, 3>;
  const bool folder = is_folder(path);
  if (!series_uid.empty() && !folder)
    throw InputError(path + ": a series UID was given, but this is not a DICOM folder");
  SeriesImage out;
  if (folder) {
    DicomSeries series;
    const auto image = read_series<FloatImage>(path, series_uid, &series);
    // ITK applies each slice's rescale slope and intercept (CT in HU, PET activity); a PET
    // series in Bq/ml is then put in SUVbw (io/dicom_series.cpp).
    const float factor = static_cast<float>(series.intensity_factor);
    out.image = factor == 1.0f ? to_volume<float>(*image, [](float x) { return x; })
                               : to_volume<float>(*image, [factor](float x) { return x * factor; });
    out.series_uid = series.series_uid;
    out.frame_of_reference_uid = series.frame_of_reference_uid;
    out.modality = series.modality;
    return out;
  }
  out.image = read_image_file(path, opened_file(path), false);
  return out;
}

namespace {

/// A single image file (not a DICOM folder) as float intensities; common NIfTI files through
/// the direct reader (io/nifti_fast.hpp) unless `itk_only`.
Image read_image_file(const std::string& path, itk::ImageIOBase* io, bool itk_only) {
  using FloatImage = itk::Image<float, 3>;
  const auto identity = [](float x) { return x; };
  if (!itk_only && io->GetNumberOfDimensions() == 3)
    if (std::optional<std::vector<float>> voxels = read_nifti_intensities(path))
      return Image{geometry_of(*io), std::move(*voxels)};
  if (wide_integer(io->GetComponentType()))
    return is_unsigned(io->GetComponentType()) ? read_exact_integers<std::uint64_t>(path, io)
                                               : read_exact_integers<std::int64_t>(path, io);
  if (auto small = read_small_integers<float>(path, io, [](auto x) { return static_cast<float>(x); }))
    return std::move(*small);
  return to_volume<float>(*read_file<FloatImage>(path, io), identity);
}

}  // namespace

namespace {

/// Labels from a mask read as doubles (floating-point or wide integer files, DICOM): each value
/// must be an integer within the 32-bit range.
template <class ItkImage>
LabelMap labels_from(const std::string& path, const ItkImage& image) {
  return to_volume<std::int32_t>(image, [&path](double x) {
    if (!std::isfinite(x) || x != std::floor(x))
      throw InputError(path + ": mask holds a non-integer value (" + std::to_string(x) +
                       "); masks must contain integer labels");
    if (std::fabs(x) > 2147483647.0)
      throw InputError(path + ": mask label " + std::to_string(static_cast<long long>(x)) +
                       " is outside the 32-bit label range");
    return static_cast<std::int32_t>(x);
  });
}

}  // namespace

LabelMap read_label_map(const std::string& path) {
  register_readers();
  if (is_roi_file(path))
    throw InputError(path + ": a DICOM RTSTRUCT/SEG mask is rasterised onto its image; read it with "
                     "radiomics::extract_rois or read_roi_masks (command line: --roi, Python: roi=)");
  using DoubleImage = itk::Image<double, 3>;
  if (!is_folder(path)) return read_label_map_file(path, opened_file(path), false);
  return labels_from(path, *read_series<DoubleImage>(path));
}

namespace {

/// A single mask file as labels; common NIfTI files through the direct reader unless `itk_only`.
LabelMap read_label_map_file(const std::string& path, itk::ImageIOBase* io, bool itk_only) {
  using DoubleImage = itk::Image<double, 3>;
  {
    if (!itk_only && io->GetNumberOfDimensions() == 3)
      if (std::optional<std::vector<std::int32_t>> labels = read_nifti_labels(path))
        return LabelMap{geometry_of(*io), std::move(*labels)};
    // Masks stored as integers of up to 32 bits (almost all) are read straight into 32-bit
    // labels: no whole-image double buffer (629 MB for a 512 x 512 x 300 mask), nothing to check.
    if (auto small = read_small_integers<std::int32_t>(path, io, [](auto x) { return static_cast<std::int32_t>(x); }))
      return std::move(*small);
    if (io->GetComponentType() == itk::IOComponentEnum::INT) {
      const auto labels = read_file<itk::Image<std::int32_t, 3>>(path, io);
      return to_volume<std::int32_t>(*labels, [](std::int32_t x) { return x; });
    }
    return labels_from(path, *read_file<DoubleImage>(path, io));
  }
}

}  // namespace


void write_image(const Image& image, const std::string& path) {
  using FloatImage = itk::Image<float, 3>;
  auto out = FloatImage::New();
  FloatImage::RegionType region;
  FloatImage::SpacingType spacing;
  FloatImage::PointType origin;
  FloatImage::DirectionType direction;
  for (unsigned a = 0; a < 3; ++a) {
    region.SetSize(a, image.geometry.size[a]);
    spacing[a] = image.geometry.spacing[a];
    origin[a] = image.geometry.origin[a];
    for (unsigned b = 0; b < 3; ++b) direction[a][b] = image.geometry.direction[a * 3 + b];
  }
  out->SetRegions(region);
  out->SetSpacing(spacing);
  out->SetOrigin(origin);
  out->SetDirection(direction);
  out->Allocate();
  std::copy(image.data.begin(), image.data.end(), out->GetBufferPointer());
  register_readers();
  auto writer = itk::ImageFileWriter<FloatImage>::New();
  writer->SetFileName(path);
  writer->SetInput(out);
  try {
    writer->Update();
  } catch (const itk::ExceptionObject& e) {
    throw FileReadError(path + ": cannot write image: " + one_line(e.GetDescription()));
  }
}

}  // namespace radiomics
