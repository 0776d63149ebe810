"""Reference side of the codec tests: pydicom (with GDCM/Pillow/numpy) as nobody-here-wrote-it
decoder and DICOM writer. Run with Debian's /usr/bin/python3 by the Java tests.

  decode IN.dcm OUTDIR
      OUTDIR/frame.bin        the first frame's encapsulated bytes (if the syntax is encapsulated)
      OUTDIR/values.bin       pydicom's pixel_array for the first frame, as little-endian int32
                              holding each sample's raw bit pattern of Bits Allocated bits
      OUTDIR/pixels.properties  the Image Pixel attributes and the transfer syntax
  native RAW.bin ROWS COLUMNS SAMPLES BITS_ALLOCATED BITS_STORED PIXEL_REPRESENTATION OUT.dcm
      wraps raw little-endian samples (pixel-interleaved) into an Explicit VR Little Endian file
  encapsulate FRAME.bin TRANSFER_SYNTAX ROWS COLUMNS SAMPLES BITS_ALLOCATED BITS_STORED
              PIXEL_REPRESENTATION PHOTOMETRIC OUT.dcm
      wraps one compressed frame into a file with encapsulated Pixel Data
"""
import os
import sys
import warnings

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate, generate_pixel_data_frame
from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage, generate_uid


def decode(path, outdir):
    os.makedirs(outdir, exist_ok=True)
    ds = pydicom.dcmread(path)
    ts = ds.file_meta.TransferSyntaxUID
    frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
    if ts.is_compressed:
        with open(os.path.join(outdir, "frame.bin"), "wb") as f:
            f.write(next(generate_pixel_data_frame(ds.PixelData, frames)))
    props = {
        "transferSyntax": ts,
        "rows": ds.Rows,
        "columns": ds.Columns,
        "samplesPerPixel": ds.SamplesPerPixel,
        "bitsAllocated": ds.BitsAllocated,
        "bitsStored": ds.BitsStored,
        "highBit": ds.HighBit,
        "pixelRepresentation": ds.PixelRepresentation,
        "photometricInterpretation": ds.PhotometricInterpretation,
        "planarConfiguration": getattr(ds, "PlanarConfiguration", 0),
        "frames": frames,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        arr = ds.pixel_array
    if frames > 1:
        arr = arr[0]
    # The raw bit pattern of each sample, as the Java decoders return it.
    raw = np.ascontiguousarray(arr).view("u%d" % arr.dtype.itemsize).astype("<u4").view("<i4")
    raw.tofile(os.path.join(outdir, "values.bin"))
    with open(os.path.join(outdir, "pixels.properties"), "w") as f:
        for key, value in props.items():
            f.write("%s=%s\n" % (key, value))


def base_dataset(rows, columns, samples, bits_allocated, bits_stored, pixel_representation,
                 photometric, transfer_syntax):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = transfer_syntax
    ds = Dataset()
    ds.file_meta = meta
    ds.preamble = b"\0" * 128
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = "OT"
    ds.PatientName = "Codec^Test"
    ds.PatientID = "CODEC"
    ds.Rows = rows
    ds.Columns = columns
    ds.SamplesPerPixel = samples
    if samples > 1:
        ds.PlanarConfiguration = 0
    ds.PhotometricInterpretation = photometric
    ds.BitsAllocated = bits_allocated
    ds.BitsStored = bits_stored
    ds.HighBit = bits_stored - 1
    ds.PixelRepresentation = pixel_representation
    return ds


def native(raw_path, rows, columns, samples, bits_allocated, bits_stored, pixel_representation, out):
    photometric = "RGB" if int(samples) == 3 else "MONOCHROME2"
    ds = base_dataset(int(rows), int(columns), int(samples), int(bits_allocated), int(bits_stored),
                      int(pixel_representation), photometric, ExplicitVRLittleEndian)
    with open(raw_path, "rb") as f:
        ds.PixelData = f.read()
    ds.save_as(out, write_like_original=False)


def encapsulated(frame_path, transfer_syntax, rows, columns, samples, bits_allocated, bits_stored,
                 pixel_representation, photometric, out):
    ds = base_dataset(int(rows), int(columns), int(samples), int(bits_allocated), int(bits_stored),
                      int(pixel_representation), photometric, transfer_syntax)
    with open(frame_path, "rb") as f:
        ds.PixelData = encapsulate([f.read()])
    ds["PixelData"].is_undefined_length = True
    ds["PixelData"].VR = "OB"
    ds.save_as(out, write_like_original=False)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"decode": decode, "native": native, "encapsulate": encapsulated}[command](*args)
