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
  ljpeg RAW.bin ROWS COLUMNS COMPONENTS PRECISION PREDICTOR POINT_TRANSFORM RESTART_LINES
        INTERLEAVED OUT.jpg
      encodes little-endian int32 samples (pixel-interleaved) as a lossless JPEG frame (T.81
      Annex H, SOF3): any precision 2..16, predictor 1..7, point transform, a restart interval
      of RESTART_LINES lines (0: none), components in one interleaved scan (INTERLEAVED 1, one
      Huffman table each) or in one scan each (0, the table redefined before each scan).
      Written for restart intervals and precisions that dcmtk and GDCM cannot be asked for;
      the tests check that GDCM decodes its output to the samples it was given.
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


def ljpeg(raw_path, rows, columns, components, precision, predictor, point_transform,
          restart_lines, interleaved, out):
    rows, columns, components = int(rows), int(columns), int(components)
    p, sv, pt, restart = int(precision), int(predictor), int(point_transform), int(restart_lines)
    samples = np.fromfile(raw_path, "<i4").astype(np.int64).reshape(rows, columns, components) >> pt
    # T.81 H.1.2.1 predictions, from the samples themselves since the coding is lossless
    diffs = []
    for c in range(components):
        s = samples[:, :, c]
        ra = np.zeros_like(s)
        ra[:, 1:] = s[:, :-1]
        rb = np.zeros_like(s)
        rb[1:, :] = s[:-1, :]
        rc = np.zeros_like(s)
        rc[1:, 1:] = s[:-1, :-1]
        pred = {1: ra, 2: rb, 3: rc, 4: ra + rb - rc, 5: ra + ((rb - rc) >> 1),
                6: rb + ((ra - rc) >> 1), 7: (ra + rb) >> 1}[sv].copy()
        pred[:, 0] = rb[:, 0]
        for y in range(rows):
            if y == 0 or (restart and y % restart == 0):
                pred[y, 1:] = s[y, :-1]
                pred[y, 0] = 1 << (p - pt - 1)
        d = (s - pred) & 0xFFFF
        diffs.append(np.where(d > 32768, d - 65536, d))
    out_bytes = bytearray(b"\xff\xd8")

    def segment(marker, body):
        out_bytes.extend(bytes([0xFF, marker]) + (len(body) + 2).to_bytes(2, "big") + bytes(body))

    segment(0xC3, bytes([p]) + rows.to_bytes(2, "big") + columns.to_bytes(2, "big") + bytes([components])
            + b"".join(bytes([c + 1, 0x11, 0]) for c in range(components)))
    if restart:
        segment(0xDD, (restart * columns).to_bytes(2, "big"))
    scans = [list(range(components))] if int(interleaved) else [[c] for c in range(components)]
    for scan in scans:
        tables = {}
        dht = bytearray()
        for k, c in enumerate(scan):
            categories = np.array([abs(int(v)).bit_length() for v in diffs[c].ravel()])
            counts, values = huffman_table(np.bincount(categories, minlength=17))
            tables[c] = canonical_codes(counts, values)
            dht += bytes([k]) + bytes(counts) + bytes(values)
        segment(0xC4, dht)
        segment(0xDA, bytes([len(scan)]) + b"".join(bytes([c + 1, k << 4]) for k, c in enumerate(scan))
                + bytes([sv, 0, pt]))
        writer = BitWriter(out_bytes)
        for y in range(rows):
            if restart and y > 0 and y % restart == 0:
                writer.flush()
                out_bytes.extend(bytes([0xFF, 0xD0 + (y // restart - 1) % 8]))
            for x in range(columns):
                for c in scan:
                    v = int(diffs[c][y, x])
                    size = abs(v).bit_length()
                    code, length = tables[c][size]
                    writer.put(code, length)
                    if 0 < size < 16:
                        writer.put(v if v > 0 else v + (1 << size) - 1, size)
        writer.flush()
    out_bytes.extend(b"\xff\xd9")
    with open(out, "wb") as f:
        f.write(out_bytes)


def huffman_table(frequencies):
    """T.81 K.2: code lengths of at most 16 bits, with the all-ones code point reserved."""
    freq = [int(f) for f in frequencies] + [0] * (257 - len(frequencies))
    freq[256] = 1
    size = [0] * 257
    others = [-1] * 257
    while True:
        live = [i for i in range(257) if freq[i] > 0]
        if len(live) < 2:
            break
        v1 = min(live, key=lambda i: (freq[i], -i))
        v2 = min((i for i in live if i != v1), key=lambda i: (freq[i], -i))
        freq[v1] += freq[v2]
        freq[v2] = 0
        for v in (v1, v2):
            size[v] += 1
            while others[v] >= 0:
                v = others[v]
                size[v] += 1
        v = v1
        while others[v] >= 0:
            v = others[v]
        others[v] = v2
    bits = [0] * 33
    for i in range(257):
        if size[i]:
            bits[size[i]] += 1
    for i in range(32, 16, -1):
        while bits[i] > 0:
            j = i - 2
            while bits[j] == 0:
                j -= 1
            bits[i] -= 2
            bits[i - 1] += 1
            bits[j + 1] += 2
            bits[j] -= 1
    i = 16
    while bits[i] == 0:
        i -= 1
    bits[i] -= 1
    values = [v for length in range(1, 33) for v in range(256) if size[v] == length]
    return bits[1:17], values


def canonical_codes(counts, values):
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(counts[length - 1]):
            codes[values[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


class BitWriter:
    """T.81 F.1.2.3: bits most significant first, FF data bytes stuffed, ones to pad a byte."""

    def __init__(self, out):
        self.out, self.value, self.count = out, 0, 0

    def put(self, bits, length):
        self.value = (self.value << length) | (bits & ((1 << length) - 1))
        self.count += length
        while self.count >= 8:
            self.count -= 8
            byte = (self.value >> self.count) & 0xFF
            self.out.append(byte)
            if byte == 0xFF:
                self.out.append(0)
        self.value &= (1 << self.count) - 1

    def flush(self):
        if self.count:
            self.put(0x7F, 8 - self.count)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"decode": decode, "native": native, "encapsulate": encapsulated, "ljpeg": ljpeg}[command](*args)
