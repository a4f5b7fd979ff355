// Convenience header: the whole public API of libradiomics.
#pragma once
#include "radiomics/batch.hpp"
#include "radiomics/dicom.hpp"
#include "radiomics/errors.hpp"
#include "radiomics/extractor.hpp"
#include "radiomics/feature_table.hpp"
#include "radiomics/filter.hpp"
#include "radiomics/image.hpp"
#include "radiomics/registry.hpp"
#include "radiomics/settings.hpp"
