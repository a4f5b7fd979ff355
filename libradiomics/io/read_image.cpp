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

#include <cmath>
#include <filesystem>
#include <mutex>

#include "io/dicom_series.hpp"
#include "io/nifti_check.hpp"
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

/// Reads and checks the header (dimension, size, spacing) of a single image file before any
/// voxel is read; the returned ImageIO is then handed to the reader, so the header is parsed once.
itk::ImageIOBase::Pointer checked_header(const std::string& path) {
  itk::ImageIOBase::Pointer io =
      itk::ImageIOFactory::CreateImageIO(path.c_str(), itk::ImageIOFactory::IOFileModeEnum::ReadMode);
  if (!io) throw FileReadError(path + ": not a readable image (NIfTI, NRRD, MetaImage or DICOM)");
  io->SetFileName(path);
  try {
    io->ReadImageInformation();
  } catch (const itk::ExceptionObject& e) {
    throw FileReadError(path + ": cannot read the image header: " + one_line(e.GetDescription()));
  }
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

/// Reads a file or DICOM folder into an ITK image of the given pixel type (float for images,
/// double for masks so that non-integer labels can be detected). For a folder, `series` receives
/// what the header scan found (series, frame of reference, SUV factor).
template <class ItkImage>
typename ItkImage::Pointer read_itk(const std::string& path, const std::string& series_uid = "",
                                    DicomSeries* series = nullptr) {
  register_readers();
  std::error_code ec;
  if (!fs::exists(path, ec)) throw FileNotFound("file not found: " + path);
  if (!series_uid.empty() && !fs::is_directory(path, ec))
    throw InputError(path + ": a series UID was given, but this is not a DICOM folder");
  try {
    if (fs::is_directory(path, ec)) {
      DicomSeries scanned = scan_dicom_series(path, series_uid);
      auto reader = itk::ImageSeriesReader<ItkImage>::New();
      reader->SetImageIO(itk::GDCMImageIO::New());
      reader->SetFileNames(scanned.files);
      reader->Update();
      typename ItkImage::Pointer image = reader->GetOutput();
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
    check_nifti_file(path);
    auto reader = itk::ImageFileReader<ItkImage>::New();
    reader->SetImageIO(checked_header(path));
    reader->SetFileName(path);
    reader->Update();
    return reader->GetOutput();
  } catch (const itk::ExceptionObject& e) {
    throw FileReadError(path + ": cannot read image: " + one_line(e.GetDescription()));
  } catch (const std::bad_alloc&) {
    throw FileReadError(path + ": not enough memory to read this image");
  }
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

}  // namespace

Image read_image(const std::string& path) { return read_image_series(path).image; }

SeriesImage read_image_series(const std::string& path, const std::string& series_uid) {
  DicomSeries series;
  const auto image = read_itk<itk::Image<float, 3>>(path, series_uid, &series);
  SeriesImage out;
  // ITK applies each slice's rescale slope and intercept (CT in HU, PET activity); a PET series
  // in Bq/ml is then put in SUVbw (io/dicom_series.cpp).
  const float factor = static_cast<float>(series.intensity_factor);
  out.image = factor == 1.0f ? to_volume<float>(*image, [](float x) { return x; })
                             : to_volume<float>(*image, [factor](float x) { return x * factor; });
  out.series_uid = series.series_uid;
  out.frame_of_reference_uid = series.frame_of_reference_uid;
  out.modality = series.modality;
  return out;
}

LabelMap read_label_map(const std::string& path) {
  if (is_roi_file(path))
    throw InputError(path + ": a DICOM RTSTRUCT/SEG mask is rasterised onto its image; read it with "
                     "radiomics::extract_rois or read_roi_masks (command line: --roi, Python: roi=)");
  const auto image = read_itk<itk::Image<double, 3>>(path);
  return to_volume<std::int32_t>(*image, [&path](double x) {
    if (!std::isfinite(x) || x != std::floor(x))
      throw InputError(path + ": mask holds a non-integer value (" + std::to_string(x) +
                       "); masks must contain integer labels");
    if (std::fabs(x) > 2147483647.0)
      throw InputError(path + ": mask label " + std::to_string(static_cast<long long>(x)) +
                       " is outside the 32-bit label range");
    return static_cast<std::int32_t>(x);
  });
}

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
