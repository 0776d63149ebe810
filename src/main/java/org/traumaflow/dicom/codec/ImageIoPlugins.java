package org.traumaflow.dicom.codec;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.IIOServiceProvider;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.traumaflow.dicom.data.CorruptPixelDataException;

/**
 * Finds the exact ImageIO plug-ins the codecs were tested with, by their provider class, so
 * that another vendor's plug-in for the same format (the JDK's own JPEG reader, which cannot
 * read lossless JPEG) is never picked by accident.
 *
 * <p>ImageIO registers plug-ins from the class loader that first touched it. Under a runner
 * that loads our jar in a child class loader (Flink) the registry may lack them, so a missing
 * provider is registered here by hand; registering (rather than just instantiating) matters
 * for TwelveMonkeys, whose provider looks up the JDK reader it delegates to on registration.
 */
public final class ImageIoPlugins {

  private ImageIoPlugins() {}

  /** The registered provider of class {@code type}, registered first if it is missing. */
  public static synchronized <T extends IIOServiceProvider> T provider(
      Class<T> type, Class<? super T> category, Supplier<T> create) {
    IIORegistry registry = IIORegistry.getDefaultInstance();
    T found = registry.getServiceProviderByClass(type);
    if (found == null) {
      ImageIO.scanForPlugins();
      found = registry.getServiceProviderByClass(type);
    }
    if (found == null) {
      registry.registerServiceProvider(create.get(), category);
      found = registry.getServiceProviderByClass(type);
    }
    if (found == null) {
      throw new IllegalStateException("ImageIO refused to register " + type.getName());
    }
    return found;
  }

  /**
   * Decodes a frame with a fresh reader of {@code provider} (readers are not thread-safe) to a
   * raster, so samples arrive without colour management; the reader is always disposed (JAI's
   * {@code reset()} throws). Any failure of the plug-in is corrupt pixel data.
   */
  public static Raster readRaster(ImageReaderSpi provider, String source, String codec, byte[] encoded)
      throws CorruptPixelDataException {
    ImageReader reader;
    try {
      reader = provider.createReaderInstance();
    } catch (IOException e) {
      throw new IllegalStateException(codec + " reader cannot be created", e);
    }
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
      reader.setInput(in, true, true);
      return reader.readRaster(0, null);
    } catch (IOException | RuntimeException e) {
      throw new CorruptPixelDataException(
          source, codec + " frame does not decode: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    } finally {
      reader.dispose();
    }
  }
}
