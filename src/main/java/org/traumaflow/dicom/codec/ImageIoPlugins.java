package org.traumaflow.dicom.codec;

import java.util.function.Supplier;
import javax.imageio.ImageIO;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.IIOServiceProvider;

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
final class ImageIoPlugins {

  private ImageIoPlugins() {}

  /** The registered provider of class {@code type}, registered first if it is missing. */
  static synchronized <T extends IIOServiceProvider> T provider(
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
}
