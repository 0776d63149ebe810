package org.traumaflow.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Everything a local image folder of the competition layout ({@code <split>_images}) holds, each
 * entry accounted for: the files of each {@code <patient>/<series>/} folder, a fault for each
 * folder that cannot be listed (and for a patient folder without a series file), and a count of
 * whatever else is there. The walk goes exactly as deep as the layout, so links in a series
 * folder (two links to {@code ..} make an endless tree) are never followed; a link to a folder is
 * followed once per real folder, so one study is never found twice. Names are kept as bytes
 * ({@link LocalName}).
 *
 * @param series the series folders with at least one file, in name order
 * @param faults the folders that could not be listed or hold nothing of the layout
 * @param outsideLayout entries that are not where the layout puts files or folders
 */
public record ImageFolderListing(List<SeriesFolder> series, List<FolderFault> faults, int outsideLayout) {
  /** A file as found, named by {@link LocalName#of}. */
  public record ListedFile(String name, long sizeBytes, long modifiedMillis) {}

  /** One {@code <patient>/<series>/} folder and its files. */
  public record SeriesFolder(String patientId, String seriesId, List<ListedFile> files) {}

  /**
   * An entry of the layout that cannot be read, or a patient folder with nothing to read.
   *
   * @param patientId the patient folder's id ({@link LocalName#id})
   * @param item {@code patient} or {@code patient/series}
   * @param location the folder or file, by {@link LocalName#of}
   * @param error {@code EmptyPatientFolder}, or the file system's error, e.g. AccessDeniedException
   * @param reason what is wrong, in words
   * @param dropped whether the whole item is lost (false: one file of a series that is read without it)
   */
  public record FolderFault(String patientId, String item, String location, String error, String reason, boolean dropped) {}

  /** The patient folders under {@code images} whose id {@code patients} accepts; an absent folder holds nothing. */
  public static ImageFolderListing of(Path images, Predicate<String> patients) {
    Walk walk = new Walk(patients);
    if (Files.isDirectory(images)) {
      walk.images(images);
    }
    return new ImageFolderListing(List.copyOf(walk.series), List.copyOf(walk.faults), walk.outside);
  }

  private static final class Walk {
    private final Predicate<String> patients;
    private final Set<Object> seen = new HashSet<>();
    private final List<SeriesFolder> series = new ArrayList<>();
    private final List<FolderFault> faults = new ArrayList<>();
    private int outside;

    Walk(Predicate<String> patients) {
      this.patients = patients;
    }

    void images(Path images) {
      List<Path> entries;
      try {
        entries = entries(images);
      } catch (IOException unreadable) {
        faults.add(new FolderFault("", LocalName.id(images), LocalName.of(images), errorName(unreadable),
            "cannot list the image folder: " + unreadable.getMessage(), true));
        return;
      }
      for (Path entry : entries) {
        String id = LocalName.id(entry);
        if (!patients.test(id)) {
          continue;
        }
        try {
          if (isNewFolder(entry)) {
            patient(entry, id);
          } else {
            outside++;
          }
        } catch (IOException unopenable) {
          faults.add(new FolderFault(id, id, LocalName.of(entry), errorName(unopenable), "cannot open the patient folder: " + unopenable.getMessage(), true));
        }
      }
    }

    private void patient(Path folder, String patientId) {
      List<Path> entries;
      try {
        entries = entries(folder);
      } catch (IOException unreadable) {
        faults.add(new FolderFault(patientId, patientId, LocalName.of(folder), errorName(unreadable),
            "cannot list the patient folder: " + unreadable.getMessage(), true));
        return;
      }
      int before = series.size() + faults.size();
      for (Path entry : entries) {
        String item = patientId + "/" + LocalName.id(entry);
        try {
          if (isNewFolder(entry)) {
            series(entry, patientId, item);
          } else {
            outside++;
          }
        } catch (IOException unopenable) {
          faults.add(new FolderFault(patientId, item, LocalName.of(entry), errorName(unopenable), "cannot open the series folder: " + unopenable.getMessage(), true));
        }
      }
      if (series.size() + faults.size() == before) {
        faults.add(new FolderFault(patientId, patientId, LocalName.of(folder), "EmptyPatientFolder",
            "patient folder holds no series (no <series>/<file> under it)", true));
      }
    }

    private void series(Path folder, String patientId, String item) {
      List<Path> entries;
      try {
        entries = entries(folder);
      } catch (IOException unreadable) {
        faults.add(new FolderFault(patientId, item, LocalName.of(folder), errorName(unreadable),
            "cannot list the series folder: " + unreadable.getMessage(), true));
        return;
      }
      List<ListedFile> files = new ArrayList<>();
      for (Path entry : entries) {
        try {
          BasicFileAttributes file = Files.readAttributes(entry, BasicFileAttributes.class);
          if (file.isRegularFile()) {
            files.add(new ListedFile(LocalName.of(entry), file.size(), file.lastModifiedTime().toMillis()));
          } else {
            outside++;
          }
        } catch (IOException unopenable) {
          faults.add(new FolderFault(patientId, item, LocalName.of(entry), errorName(unopenable),
              "cannot open the file: " + unopenable.getMessage(), false));
        }
      }
      if (files.isEmpty()) {
        outside++;
      } else {
        series.add(new SeriesFolder(patientId, item.substring(patientId.length() + 1), files));
      }
    }

    /** Whether {@code entry} is a folder (through links) not walked yet; throws when it cannot be opened (a link loop, a dangling link). */
    private boolean isNewFolder(Path entry) throws IOException {
      BasicFileAttributes attributes = Files.isSymbolicLink(entry)
          ? Files.readAttributes(entry.toRealPath(), BasicFileAttributes.class)
          : Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isDirectory()) {
        return false;
      }
      Object key = attributes.fileKey() != null ? attributes.fileKey() : entry.toRealPath();
      return seen.add(key);
    }

    /** A folder's entries in name order (by bytes, so the order does not depend on the locale). */
    private static List<Path> entries(Path folder) throws IOException {
      List<Path> entries = new ArrayList<>();
      try (DirectoryStream<Path> listed = Files.newDirectoryStream(folder)) {
        listed.forEach(entries::add);
      }
      entries.sort(Comparator.comparing(LocalName::of));
      return entries;
    }

    private static String errorName(IOException error) {
      return error.getClass().getSimpleName();
    }
  }
}
